#pragma once

#include <rexorm/changes/changefeed.h>
#include <rexorm/graphql/liveapi.h>
#include <rexorm/graphql/service.h>
#include <rexorm/server/auth.h>
#include <rexorm/server/global.h>
#include <rexorm/server/metrics.h>
#include <rexorm/server/realtime.h>

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QStringList>
#include <QtCore/QUrl>
#include <QtNetwork/QHostAddress>

#include <chrono>
#include <memory>
#include <utility>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace RexOrm {

struct ServerOptions
{
    // Where to listen. Loopback by default: serving other machines is a decision to make
    // explicitly (QHostAddress::Any, or one interface's address).
    QHostAddress host = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0;                          // 0: any free port (see Server::port())
    QString path = QStringLiteral("/graphql"); // the GraphQL endpoint

    qint64 maxBodyBytes = 1024 * 1024; // a request body; more is answered 413 before it arrives
    qint64 maxHeaderBytes = 16 * 1024; // request line and header fields; more: 431 (or 414)

    // Origins allowed to call the endpoint from a browser ("https://app.example.com"), or "*"
    // for any. Empty: no CORS headers at all, so browsers keep other origins out.
    QStringList corsOrigins;

    bool playground = true; // GET <path> from a browser (Accept: text/html) serves the playground

    // Open connections at most, and from one peer address at most; a connection beyond either
    // is closed at once (its client sees a reset), so idle sockets cannot exhaust descriptors.
    int maxConnections = 1000;
    int maxConnectionsPerPeer = 200;

    // Host header names answered (without the port), against DNS rebinding: a web page whose
    // name an attacker points at 127.0.0.1 must not reach a loopback server as same-origin.
    // Empty: "localhost", "127.0.0.1" and "[::1]" when listening on loopback, any name otherwise.
    // "*" answers any name. Others get 421 Misdirected Request.
    QStringList allowedHosts;

    // PEM files; when both are set the server speaks HTTPS only.
    QString tlsCertificateFile; // the certificate, optionally followed by its chain
    QString tlsKeyFile;         // its unencrypted private key (RSA or EC)

    // A client gets this long to send a whole request (the headers and the body), and an idle
    // keep-alive connection stays open this long. Also bounds the TLS handshake and a client
    // that stops reading its response.
    std::chrono::milliseconds requestTimeout = std::chrono::seconds(30);

    // Who may call, and what each caller may do (API keys, JWT, roles, the anonymous policy).
    // The caller's GraphQL::Access goes into every request's context (GraphQL::accessContextKey).
    AuthOptions auth;

    // One line per answered request on the category rexorm.server.access (info level): method,
    // path without the query, status, body bytes, duration, peer address and request id.
    enum class AccessLog { Off, Text, Json };
    AccessLog accessLog = AccessLog::Off;

    bool metrics = true; // serve GET /metrics (Prometheus text format)
    // GET /readyz runs SELECT 1 on the service's database and answers 503 when it fails or takes
    // longer than this.
    std::chrono::milliseconds readinessTimeout = std::chrono::seconds(2);
};

// A WebSocket handshake request (GET with Upgrade: websocket) that reached the server.
struct WebSocketUpgrade
{
    QString path;                                     // percent-decoded, without the query
    QByteArray query;                                 // the raw query string, without '?'
    QList<std::pair<QByteArray, QByteArray>> headers; // as received; names in lower case
    QHostAddress peerAddress;
};

// GraphQL over HTTP (the GraphQL-over-HTTP specification) for a GraphQL::Service:
//
//   POST <path>   application/json {"query", "operationName", "variables", "extensions"}
//   GET  <path>   ?query=...&operationName=...&variables=<JSON>: queries only (405 otherwise)
//   GET  <path>   from a browser: the playground
//   GET  /health, /healthz   {"status": "ok"} while the process runs
//   GET  /readyz  200 when the database answers SELECT 1, else 503 (and 503 while shutting down)
//   GET  /metrics Prometheus text: requests, latency, connections, pool, WebSocket numbers
//
// Responses are application/graphql-response+json or application/json as the Accept header
// asks. The server is an HTTP/1.1 front of its own (keep-alive, pipelining, chunked bodies,
// 100-continue) that checks every request before buffering it: limits, timeouts, malformed
// input. Requests run through Service::executeAsync(): with a Database set on the service, on its
// executor threads, so a slow request never stalls the event loop or the other clients.
// Everything else runs on the thread that owns the Server. See docs/graphql.md and
// docs/server.md.
class REXORM_SERVER_EXPORT Server : public QObject
{
    Q_OBJECT

public:
    explicit Server(std::shared_ptr<GraphQL::Service> service, ServerOptions options = {},
                    QObject *parent = nullptr);
    // Closes every connection; waits for requests still executing (their answers are dropped).
    ~Server() override;

    // Starts listening; false when the address, port or TLS files cannot be used (errorString()).
    bool listen();
    // Stops listening and closes every connection.
    void close();
    bool isListening() const;

    quint16 port() const;        // the port listened on (the one chosen when options().port is 0)
    QUrl url() const;            // http(s)://host:port/path
    QString errorString() const; // why listen() failed
    int connectionCount() const; // connections open now

    const ServerOptions &options() const;
    const std::shared_ptr<GraphQL::Service> &service() const;

    // Graceful stop: stops accepting connections, emits shuttingDown(), answers the requests
    // already received (a keep-alive connection closes after its last answer, an idle one at
    // once), and closes whatever is still open when grace runs out. Emits stopped() when every
    // HTTP connection is closed. WebSocket transports close their sockets (1001 Going Away) on
    // shuttingDown().
    void shutdown(std::chrono::milliseconds grace = std::chrono::seconds(10));
    bool isShuttingDown() const;

    // Serves GraphQL subscriptions (graphql-transport-ws on the GraphQL path) and the /realtime
    // change feed from feed's events; live is the LiveApi of the service's generated schema.
    // The service needs a database (GraphQL::Service::setDatabase). Call before listen().
    void enableRealtime(ChangeFeed *feed, std::shared_ptr<const GraphQL::LiveApi> live,
                        const RealtimeOptions &options = {});

    // The credentials checker of options().auth, for the WebSocket transports too.
    const Authenticator &authenticator() const;
    // What /metrics reports; the WebSocket transports feed their counters here. Thread-safe.
    ServerMetrics &metrics() const;

signals:
    void shuttingDown();
    void stopped();

protected:
    // A WebSocket handshake arrived (at any path). The handshake is still unread in the socket,
    // which is ready to be handed to QWebSocketServer::handleConnection(); any earlier requests
    // of the connection are answered. Return true when you took the socket: from then on it is
    // yours (the server no longer parents, reads, times out or closes it). The default returns
    // false, and the server answers 501 Not Implemented and closes the connection.
    virtual bool handleWebSocketUpgrade(QTcpSocket *socket, const WebSocketUpgrade &upgrade);

private:
    friend class ServerPrivate;
    std::unique_ptr<class ServerPrivate> d;
};

} // namespace RexOrm
