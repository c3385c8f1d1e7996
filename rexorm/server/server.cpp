#include "realtime/sessions_p.h"
#include <rexorm/server/server.h>

#include "graphqlhttp_p.h"
#include "http/connection_p.h"
#include "logging_p.h"

#include <QtCore/QDateTime>
#include <QtCore/QFile>
#include <QtCore/QFutureWatcher>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QPointer>
#include <QtCore/QPromise>
#include <QtCore/QSet>
#include <QtCore/QTimer>
#include <QtNetwork/QNetworkProxy>
#include <QtNetwork/QSslCertificate>
#include <QtNetwork/QSslConfiguration>
#include <QtNetwork/QSslKey>
#include <QtNetwork/QSslServer>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

#include <stdexcept>

namespace RexOrm {

using GraphQLHttp::MediaType;
using Http::Connection;
using Http::Request;
using Http::Response;

namespace {

const QByteArray graphqlMethods = QByteArrayLiteral("GET, HEAD, POST, OPTIONS");
const QByteArray healthMethods = QByteArrayLiteral("GET, HEAD, OPTIONS");

// The playground's own <meta> policy, plus what only a header can say (frame-ancestors).
const QByteArray playgroundPolicy =
    QByteArrayLiteral("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                      "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; "
                      "frame-ancestors 'none'");

bool isTokenList(QByteArrayView text)
{
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               QByteArrayView("!#$%&'*+-.^_`|~ ,\t").contains(c);
    });
}

Response methodNotAllowed(const QByteArray &allow)
{
    Response response =
        Response::error(405, QStringLiteral("Use one of %1 here.").arg(QString::fromLatin1(allow)));
    response.setHeader(QByteArrayLiteral("allow"), allow);
    return response;
}

} // namespace

class ServerPrivate : public QObject
{
public:
    ServerPrivate(Server *q, std::shared_ptr<GraphQL::Service> service, ServerOptions options)
        : q(q), service(std::move(service)), options(std::move(options)),
          authenticator(this->options.auth, this->options.host)
    {}
    ~ServerPrivate() override;

    bool checkOptions();
    QTcpServer *createListener();
    void acceptConnections();
    void closeConnections();
    void handle(Connection &connection, quint64 id, Request request);
    std::optional<Response> upgrade(QTcpSocket *socket, const Request &head);

    std::optional<Response> route(Connection &connection, quint64 id, const Request &request);
    bool hostAllowed(const Request &request) const;
    std::optional<Response> graphql(Connection &connection, quint64 id, const Request &request);
    Response health(const Request &request) const;
    Response optionsResponse(const Request &request, const QByteArray &allow) const;
    Response playgroundResponse();
    void execute(Connection &connection, quint64 id, GraphQL::ServiceRequest request,
                 MediaType type, Http::Headers extraHeaders);
    bool originAllowed(QByteArrayView origin) const;
    Http::Headers corsHeaders(const Request &request) const;
    // Operations: probes, metrics, the access log, graceful shutdown.
    std::optional<Response> readiness(Connection &connection, quint64 id, const Request &request);
    Response metricsResponse(const Request &request);
    std::optional<Response> authFailure(const AuthResult &result, QByteArray contentType);
    void completed(const Connection::Completed &exchange);
    void finishShutdown();

    Server *q;
    std::shared_ptr<GraphQL::Service> service;
    ServerOptions options;
    QPointer<QTcpServer> listener;
    bool tls = false;
    QString errorString;
    QSet<Connection *> connections;
    QByteArray playground;
    Authenticator authenticator;
    mutable ServerMetrics metrics;
    QFuture<QueryResult> readinessProbe;
    bool shuttingDown = false;
    bool stopped = false;
    QTimer graceTimer;
    // After enableRealtime(); declared last, so its sessions go before what they use (metrics).
    std::unique_ptr<Realtime::WebSocketHub> realtime;
};

ServerPrivate::~ServerPrivate()
{
    closeConnections();
    // Requests still executing use the service: it must outlive them.
    const auto watchers = findChildren<QFutureWatcherBase *>(QString(), Qt::FindDirectChildrenOnly);
    for (QFutureWatcherBase *watcher : watchers) {
        watcher->disconnect();
        try {
            watcher->waitForFinished();
        } catch (...) {
            // Its answer is dropped anyway.
        }
    }
}

bool ServerPrivate::checkOptions()
{
    if (!service) {
        errorString = QStringLiteral("The server has no GraphQL service.");
        return false;
    }
    if (!options.path.startsWith(u'/') || options.path.contains(u'?') ||
        options.path.contains(u'#')) {
        errorString = QStringLiteral("ServerOptions::path must be a path starting with /, not "
                                     "\"%1\".")
                          .arg(options.path);
        return false;
    }
    if (options.maxBodyBytes < 0 || options.maxHeaderBytes < 1024 ||
        options.requestTimeout.count() <= 0) {
        errorString = QStringLiteral("ServerOptions: maxBodyBytes must be at least 0, "
                                     "maxHeaderBytes at least 1024 and requestTimeout positive.");
        return false;
    }
    if (options.tlsCertificateFile.isEmpty() != options.tlsKeyFile.isEmpty()) {
        errorString = QStringLiteral("ServerOptions: HTTPS needs both tlsCertificateFile and "
                                     "tlsKeyFile.");
        return false;
    }
    return true;
}

QTcpServer *ServerPrivate::createListener()
{
    tls = !options.tlsCertificateFile.isEmpty();
    if (!tls)
        return new QTcpServer(this);

    if (!QSslSocket::supportsSsl()) {
        errorString = QStringLiteral("HTTPS is not available: Qt has no TLS backend here.");
        return nullptr;
    }
    QFile certificateFile(options.tlsCertificateFile);
    if (!certificateFile.open(QIODevice::ReadOnly)) {
        errorString = QStringLiteral("Cannot read the TLS certificate %1: %2")
                          .arg(options.tlsCertificateFile, certificateFile.errorString());
        return nullptr;
    }
    const QList<QSslCertificate> chain =
        QSslCertificate::fromData(certificateFile.readAll(), QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull()) {
        errorString = QStringLiteral("The TLS certificate file %1 holds no PEM certificate.")
                          .arg(options.tlsCertificateFile);
        return nullptr;
    }
    QFile keyFile(options.tlsKeyFile);
    if (!keyFile.open(QIODevice::ReadOnly)) {
        errorString = QStringLiteral("Cannot read the TLS key %1: %2")
                          .arg(options.tlsKeyFile, keyFile.errorString());
        return nullptr;
    }
    const QByteArray keyData = keyFile.readAll();
    QSslKey key;
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec}) {
        key = QSslKey(keyData, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            break;
    }
    if (key.isNull()) {
        errorString = QStringLiteral("The TLS key file %1 holds no unencrypted RSA or EC private "
                                     "key in PEM form.")
                          .arg(options.tlsKeyFile);
        return nullptr;
    }
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    configuration.setAllowedNextProtocols({QByteArrayLiteral("http/1.1")}); // HTTP/1.1 only

    auto *server = new QSslServer(this);
    server->setSslConfiguration(configuration);
    server->setHandshakeTimeout(int(options.requestTimeout.count()));
    QObject::connect(server, &QSslServer::errorOccurred, this,
                     [](QSslSocket *socket, QAbstractSocket::SocketError) {
                         qCDebug(lcServer).noquote()
                             << "a TLS connection failed:" << socket->errorString();
                     });
    return server;
}

void ServerPrivate::acceptConnections()
{
    if (!listener)
        return;
    Connection::Settings settings;
    settings.limits.maxBodyBytes = options.maxBodyBytes;
    settings.limits.maxHeaderBytes = options.maxHeaderBytes;
    settings.timeout = options.requestTimeout;
    settings.onCompleted = [this](const Connection::Completed &exchange) { completed(exchange); };
    while (QTcpSocket *socket = listener->nextPendingConnection()) {
        const QHostAddress peer = socket->peerAddress();
        const int fromPeer =
            int(std::count_if(connections.begin(), connections.end(),
                              [&](const Connection *c) { return c->peer() == peer; }));
        if (int(connections.size()) >= options.maxConnections ||
            fromPeer >= options.maxConnectionsPerPeer) {
            qCWarning(lcServer) << "refusing a connection: the connection limit is reached"
                                << int(connections.size()) << "open," << fromPeer
                                << "from that address";
            socket->abort();
            socket->deleteLater();
            continue;
        }
        auto *connection = new Connection(
            socket, settings,
            [this](Connection &connection, quint64 id, Request request) {
                handle(connection, id, std::move(request));
            },
            [this](QTcpSocket *socket, const Request &head) { return upgrade(socket, head); },
            this);
        connections.insert(connection);
        QObject::connect(connection, &Connection::finished, this, [this, connection] {
            connections.remove(connection);
            connection->deleteLater();
            if (shuttingDown && connections.isEmpty())
                QMetaObject::invokeMethod(
                    this, [this] { finishShutdown(); }, Qt::QueuedConnection);
        });
    }
}

void ServerPrivate::closeConnections()
{
    const QSet<Connection *> open = std::exchange(connections, {});
    for (Connection *connection : open) {
        connection->disconnect(this);
        connection->abort();
        connection->deleteLater();
    }
}

void ServerPrivate::handle(Connection &connection, quint64 id, Request request)
{
    std::optional<Response> response = route(connection, id, request);
    if (!response)
        return; // answered when the execution completes
    for (auto &header : corsHeaders(request))
        response->headers.append(std::move(header));
    connection.respond(id, std::move(*response));
}

std::optional<Response> ServerPrivate::upgrade(QTcpSocket *socket, const Request &head)
{
    // The same gates as every request: a Host this server answers for, and, when browsers are
    // restricted to some origins, one of those (a WebSocket handshake has no CORS preflight).
    if (!hostAllowed(head))
        return Response::error(421, QStringLiteral("This server does not answer for that Host "
                                                   "name (ServerOptions::allowedHosts)."));
    const QByteArray origin = head.header("origin");
    if (!origin.isEmpty() && !options.corsOrigins.isEmpty() &&
        !options.corsOrigins.contains(u"*") &&
        !options.corsOrigins.contains(QString::fromLatin1(origin)))
        return Response::error(403, QStringLiteral("WebSocket connections from this origin are "
                                                   "not allowed (ServerOptions::corsOrigins)."));
    WebSocketUpgrade upgrade;
    upgrade.path = head.decodedPath();
    upgrade.query = head.query;
    upgrade.headers = head.headers;
    upgrade.peerAddress = socket->peerAddress();
    if (q->handleWebSocketUpgrade(socket, upgrade))
        return std::nullopt;
    return Response::error(501, QStringLiteral("WebSocket connections (GraphQL subscriptions over "
                                               "graphql-transport-ws) are not available on this "
                                               "server yet; send queries and mutations with HTTP "
                                               "POST."));
}

bool ServerPrivate::hostAllowed(const Request &request) const
{
    QByteArray host = request.header("host").toLower();
    if (host.isEmpty())
        return true; // HTTP/1.0 without one: no browser sends that
    // Without the port: "[::1]:4000" -> "[::1]", "localhost:4000" -> "localhost".
    const qsizetype colon = host.lastIndexOf(':');
    if (colon > 0 && (host.startsWith('[') ? host.at(colon - 1) == ']' : true)) {
        const QByteArray port = host.sliced(colon + 1);
        if (port.isEmpty() || port.size() > 5 ||
            !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return false;
        host.truncate(colon);
    }
    QStringList allowed = options.allowedHosts;
    if (allowed.isEmpty()) {
        if (!options.host.isLoopback())
            return true;
        allowed = {QStringLiteral("localhost"), QStringLiteral("127.0.0.1"),
                   QStringLiteral("[::1]")};
    }
    return allowed.contains(u"*") ||
           allowed.contains(QString::fromLatin1(host), Qt::CaseInsensitive);
}

std::optional<Response> ServerPrivate::route(Connection &connection, quint64 id,
                                             const Request &request)
{
    if (!hostAllowed(request))
        return Response::error(421, QStringLiteral("This server does not answer for that Host "
                                                   "name (ServerOptions::allowedHosts)."));
    if (request.path == "*")
        return optionsResponse(request, graphqlMethods);
    const QString path = request.decodedPath();
    if (path == options.path)
        return graphql(connection, id, request);
    if (path == u"/health" || path == u"/healthz")
        return health(request);
    if (path == u"/readyz")
        return readiness(connection, id, request);
    if (path == u"/metrics" && options.metrics)
        return metricsResponse(request);
    return Response::error(404, QStringLiteral("Nothing is served here; the GraphQL endpoint is "
                                               "%1.")
                                    .arg(options.path));
}

std::optional<Response> ServerPrivate::graphql(Connection &connection, quint64 id,
                                               const Request &request)
{
    if (request.method == "OPTIONS")
        return optionsResponse(request, graphqlMethods);
    const bool get = request.method == "GET" || request.method == "HEAD";
    if (!get && request.method != "POST")
        return methodNotAllowed(graphqlMethods);

    const GraphQLHttp::Negotiation negotiation = GraphQLHttp::negotiate(request.header("accept"));
    if (get && negotiation.html && options.playground)
        return playgroundResponse();
    if (!negotiation.type)
        return Response::error(406, QStringLiteral("This endpoint answers with "
                                                   "application/graphql-response+json or "
                                                   "application/json; accept one of them."));
    const MediaType type = *negotiation.type;
    const AuthResult auth = authenticator.authenticate(request.headers);
    if (!auth.ok())
        return authFailure(auth, GraphQLHttp::contentType(type));
    GraphQLHttp::Decoded decoded =
        get ? GraphQLHttp::decodeGet(request) : GraphQLHttp::decodePost(request);
    if (decoded.errorStatus != 0) {
        Response response = Response::error(decoded.errorStatus, decoded.errorMessage,
                                            GraphQLHttp::contentType(type));
        response.setHeader(QByteArrayLiteral("vary"), QByteArrayLiteral("Accept"));
        return response;
    }
    QVariantMap &context = decoded.request.context;
    context.insert(QString::fromLatin1(GraphQL::accessContextKey),
                   QVariant::fromValue(auth.principal.access));
    context.insert(QLatin1String(GraphQL::roleContextKey), auth.principal.role);
    context.insert(QLatin1String(GraphQL::subjectContextKey), auth.principal.subject);
    context.insert(QLatin1String(GraphQL::requestIdContextKey),
                   QString::fromLatin1(request.requestId));
    Http::Headers extraHeaders = corsHeaders(request);
    extraHeaders.append({QByteArrayLiteral("vary"), QByteArrayLiteral("Accept")});
    execute(connection, id, std::move(decoded.request), type, std::move(extraHeaders));
    return std::nullopt;
}

Response ServerPrivate::health(const Request &request) const
{
    if (request.method == "OPTIONS")
        return optionsResponse(request, healthMethods);
    if (request.method != "GET" && request.method != "HEAD")
        return methodNotAllowed(healthMethods);
    return Response(200, QByteArrayLiteral("application/json; charset=utf-8"),
                    QByteArrayLiteral("{\"status\":\"ok\"}"));
}

Response ServerPrivate::optionsResponse(const Request &request, const QByteArray &allow) const
{
    const bool preflight = !request.header("origin").isEmpty() &&
                           !request.header("access-control-request-method").isEmpty();
    Response response;
    response.status = 204;
    if (!preflight || options.corsOrigins.isEmpty()) {
        response.setHeader(QByteArrayLiteral("allow"), allow);
        return response;
    }
    if (!originAllowed(request.header("origin")))
        return Response::error(403, QStringLiteral("This origin may not call the server "
                                                   "(ServerOptions::corsOrigins)."));
    response.setHeader(QByteArrayLiteral("access-control-allow-methods"), allow);
    const QByteArray requested = request.header("access-control-request-headers");
    if (!requested.isEmpty() && isTokenList(requested))
        response.setHeader(QByteArrayLiteral("access-control-allow-headers"), requested);
    response.setHeader(QByteArrayLiteral("access-control-max-age"), QByteArrayLiteral("600"));
    response.setHeader(QByteArrayLiteral("vary"),
                       QByteArrayLiteral("Access-Control-Request-Method, "
                                         "Access-Control-Request-Headers"));
    return response;
}

Response ServerPrivate::playgroundResponse()
{
    if (playground.isEmpty()) {
        QFile file(QStringLiteral(":/rexorm/server/playground.html"));
        if (!file.open(QIODevice::ReadOnly))
            return Response::error(500, QStringLiteral("The playground page is missing."));
        playground = file.readAll();
    }
    Response response(200, QByteArrayLiteral("text/html; charset=utf-8"), playground);
    response.setHeader(QByteArrayLiteral("content-security-policy"), playgroundPolicy);
    response.setHeader(QByteArrayLiteral("referrer-policy"), QByteArrayLiteral("no-referrer"));
    response.setHeader(QByteArrayLiteral("x-frame-options"), QByteArrayLiteral("DENY"));
    response.setHeader(QByteArrayLiteral("cache-control"), QByteArrayLiteral("no-cache"));
    response.setHeader(QByteArrayLiteral("vary"), QByteArrayLiteral("Accept"));
    return response;
}

void ServerPrivate::execute(Connection &connection, quint64 id, GraphQL::ServiceRequest request,
                            MediaType type, Http::Headers extraHeaders)
{
    auto *watcher = new QFutureWatcher<GraphQL::ServiceResponse>(this);
    QObject::connect(
        watcher, &QFutureWatcherBase::finished, this,
        [watcher, target = QPointer<Connection>(&connection), id, type,
         extraHeaders = std::move(extraHeaders)] {
            watcher->deleteLater();
            if (!target || target->isFinished())
                return; // the client left; the answer is dropped
            Response response;
            try {
                QFuture<GraphQL::ServiceResponse> future = watcher->future();
                if (future.resultCount() == 0) {
                    future.waitForFinished(); // rethrows what the execution threw
                    throw std::runtime_error("the execution was canceled");
                }
                response = GraphQLHttp::response(future.result(), type);
            } catch (const std::exception &error) {
                qCWarning(lcServer) << "a GraphQL request failed:" << error.what();
                response = Response::error(500, QStringLiteral("The request failed on the server."),
                                           GraphQLHttp::contentType(type));
            } catch (...) {
                qCWarning(lcServer) << "a GraphQL request failed with an unknown exception";
                response = Response::error(500, QStringLiteral("The request failed on the server."),
                                           GraphQLHttp::contentType(type));
            }
            for (const auto &header : extraHeaders)
                response.headers.append(header);
            target->respond(id, std::move(response));
        });
    QFuture<GraphQL::ServiceResponse> future;
    try {
        future = service->executeAsync(std::move(request));
    } catch (...) {
        QPromise<GraphQL::ServiceResponse> promise;
        promise.start();
        promise.setException(std::current_exception());
        promise.finish();
        future = promise.future();
    }
    watcher->setFuture(future);
}

bool ServerPrivate::originAllowed(QByteArrayView origin) const
{
    const QString text = QString::fromLatin1(origin);
    for (QString allowed : options.corsOrigins) {
        if (allowed == u"*")
            return true;
        while (allowed.endsWith(u'/'))
            allowed.chop(1);
        if (allowed.compare(text, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

Http::Headers ServerPrivate::corsHeaders(const Request &request) const
{
    if (options.corsOrigins.isEmpty())
        return {};
    const QByteArray origin = request.header("origin");
    if (origin.isEmpty() || !originAllowed(origin))
        return {};
    if (options.corsOrigins.contains(QStringLiteral("*")))
        return {{QByteArrayLiteral("access-control-allow-origin"), QByteArrayLiteral("*")}};
    return {{QByteArrayLiteral("access-control-allow-origin"), origin},
            {QByteArrayLiteral("vary"), QByteArrayLiteral("Origin")}};
}

std::optional<Response> ServerPrivate::authFailure(const AuthResult &result, QByteArray contentType)
{
    metrics.authFailures.increment();
    if (result.status == AuthResult::Status::Forbidden)
        return Response::error(403, result.error, std::move(contentType));
    Response response = Response::error(401, result.error, std::move(contentType));
    response.setHeader(QByteArrayLiteral("www-authenticate"), Authenticator::challenge(result));
    return response;
}

std::optional<Response> ServerPrivate::readiness(Connection &connection, quint64 id,
                                                 const Request &request)
{
    if (request.method == "OPTIONS")
        return optionsResponse(request, healthMethods);
    if (request.method != "GET" && request.method != "HEAD")
        return methodNotAllowed(healthMethods);
    const QByteArray json = QByteArrayLiteral("application/json; charset=utf-8");
    if (shuttingDown)
        return Response(503, json, QByteArrayLiteral("{\"status\":\"shutting down\"}"));
    if (!service || !service->database())
        return Response(200, json, QByteArrayLiteral("{\"status\":\"ok\"}"));

    // Probes arriving together share one SELECT 1.
    if (!readinessProbe.isValid() || readinessProbe.isFinished()) {
        const int timeoutMs = int(options.readinessTimeout.count());
        readinessProbe = service->database()->executeAsync(QStringLiteral("SELECT 1"),
                                                           QVariantList(), ExecOptions(timeoutMs));
    }
    auto *watcher = new QFutureWatcher<QueryResult>(this);
    auto *timer = new QTimer(watcher);
    timer->setSingleShot(true);
    const auto answer = [this, watcher, target = QPointer<Connection>(&connection), id,
                         json](bool ready) {
        watcher->disconnect(this);
        watcher->setParent(nullptr); // the destructor waits for children; a hung probe is left
        watcher->deleteLater();
        if (!target || target->isFinished())
            return;
        Response response = ready ? Response(200, json, QByteArrayLiteral("{\"status\":\"ok\"}"))
                                  : Response(503, json,
                                             QByteArrayLiteral("{\"status\":\"unavailable\","
                                                               "\"reason\":\"the database does not "
                                                               "answer\"}"));
        response.setHeader(QByteArrayLiteral("cache-control"), QByteArrayLiteral("no-store"));
        target->respond(id, std::move(response));
    };
    QObject::connect(timer, &QTimer::timeout, this, [answer] {
        qCWarning(lcServer) << "not ready: the database did not answer SELECT 1 in time";
        answer(false);
    });
    QObject::connect(watcher, &QFutureWatcherBase::finished, this, [watcher, answer] {
        try {
            watcher->future().waitForFinished(); // rethrows what the probe threw
            answer(watcher->future().resultCount() > 0);
        } catch (const std::exception &error) {
            qCWarning(lcServer).noquote() << "not ready:" << error.what();
            answer(false);
        }
    });
    watcher->setFuture(readinessProbe);
    timer->start(options.readinessTimeout);
    return std::nullopt;
}

Response ServerPrivate::metricsResponse(const Request &request)
{
    if (request.method == "OPTIONS")
        return optionsResponse(request, healthMethods);
    if (request.method != "GET" && request.method != "HEAD")
        return methodNotAllowed(healthMethods);
    if (options.auth.metricsRequireAuth) {
        AuthResult auth = authenticator.authenticate(request.headers);
        if (auth.ok() && auth.principal.isAnonymous()) {
            auth.status = AuthResult::Status::Required;
            auth.error = QStringLiteral("/metrics needs credentials on this server.");
        }
        if (!auth.ok())
            return *authFailure(auth, QByteArrayLiteral("application/json; charset=utf-8"));
    }
    qint64 inFlight = 0;
    for (const Connection *connection : std::as_const(connections))
        inFlight += connection->pendingRequests();
    std::optional<PoolStats> pool;
    if (service && service->database())
        pool = service->database()->poolStats();
    Response response(200, QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8"),
                      metrics.prometheusText(qint64(connections.size()), inFlight, pool));
    response.setHeader(QByteArrayLiteral("cache-control"), QByteArrayLiteral("no-store"));
    return response;
}

void ServerPrivate::completed(const Connection::Completed &exchange)
{
    metrics.recordRequest(exchange.status, exchange.nanoseconds);
    if (options.accessLog == ServerOptions::AccessLog::Off || !lcAccess().isInfoEnabled())
        return;
    // The path as sent, without the query string (it may carry variables); never a header.
    const QString method =
        exchange.method.isEmpty() ? QStringLiteral("-") : QString::fromLatin1(exchange.method);
    const QString path = exchange.path.isEmpty() ? QStringLiteral("-")
                                                 : QString::fromLatin1(exchange.path.left(512));
    const double milliseconds = double(exchange.nanoseconds) / 1e6;
    const QString peer = exchange.peer.toString();
    const QString requestId = QString::fromLatin1(exchange.requestId);
    if (options.accessLog == ServerOptions::AccessLog::Json) {
        const QJsonObject line{
            {QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
            {QStringLiteral("method"), method},
            {QStringLiteral("path"), path},
            {QStringLiteral("status"), exchange.status},
            {QStringLiteral("bytes"), exchange.bytes},
            {QStringLiteral("durationMs"), qRound(milliseconds * 1000) / 1000.0},
            {QStringLiteral("peer"), peer},
            {QStringLiteral("requestId"), requestId},
        };
        qCInfo(lcAccess).noquote()
            << QString::fromUtf8(QJsonDocument(line).toJson(QJsonDocument::Compact));
    } else {
        qCInfo(lcAccess).noquote() << QStringLiteral("%1 %2 %3 %4B %5ms peer=%6 id=%7")
                                          .arg(method, path)
                                          .arg(exchange.status)
                                          .arg(exchange.bytes)
                                          .arg(milliseconds, 0, 'f', 3)
                                          .arg(peer, requestId);
    }
}

void ServerPrivate::finishShutdown()
{
    if (stopped)
        return;
    stopped = true;
    graceTimer.stop();
    closeConnections();
    qCInfo(lcServer) << "stopped";
    emit q->stopped();
}

Server::Server(std::shared_ptr<GraphQL::Service> service, ServerOptions options, QObject *parent)
    : QObject(parent),
      d(std::make_unique<ServerPrivate>(this, std::move(service), std::move(options)))
{
    d->graceTimer.setSingleShot(true);
    connect(&d->graceTimer, &QTimer::timeout, d.get(), [this] {
        if (!d->connections.isEmpty())
            qCWarning(lcServer) << "shutdown grace over: closing" << d->connections.size()
                                << "connections with requests unanswered";
        d->finishShutdown();
    });
}

Server::~Server() = default;

bool Server::listen()
{
    if (d->listener) {
        d->errorString = QStringLiteral("The server is listening already.");
        return false;
    }
    d->errorString.clear();
    if (!d->checkOptions())
        return false;
    QTcpServer *listener = d->createListener();
    if (!listener)
        return false;
    listener->setProxy(QNetworkProxy::NoProxy);
    if (!listener->listen(d->options.host, d->options.port)) {
        d->errorString = QStringLiteral("Cannot listen on %1 port %2: %3")
                             .arg(d->options.host.toString())
                             .arg(d->options.port)
                             .arg(listener->errorString());
        delete listener;
        return false;
    }
    // With a QSslServer, a connection is pending once its TLS handshake succeeded.
    connect(listener, &QTcpServer::pendingConnectionAvailable, d.get(),
            [this] { d->acceptConnections(); });
    d->listener = listener;
    d->shuttingDown = false;
    d->stopped = false;
    qCInfo(lcServer).noquote() << "serving GraphQL at" << url().toString();
    if (!d->authenticator.anonymousAccess() && !d->options.auth.credentialsConfigured())
        qCWarning(lcServer).noquote()
            << "listening on" << d->options.host.toString()
            << "with no API key, JWT secret or anonymous policy: every GraphQL request gets 401."
            << "Configure auth (docs/server.md).";
    return true;
}

void Server::close()
{
    if (d->listener) {
        d->listener->close();
        delete d->listener;
    }
    d->closeConnections();
}

bool Server::isListening() const
{
    return d->listener && d->listener->isListening();
}

quint16 Server::port() const
{
    return d->listener ? d->listener->serverPort() : 0;
}

QUrl Server::url() const
{
    QHostAddress host = d->options.host;
    // Listening on every interface: name the local one.
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress(QHostAddress::LocalHost);
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress(QHostAddress::LocalHostIPv6);
    QUrl url;
    url.setScheme(d->tls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(host.toString());
    url.setPort(port());
    url.setPath(d->options.path);
    return url;
}

QString Server::errorString() const
{
    return d->errorString;
}

int Server::connectionCount() const
{
    return int(d->connections.size());
}

void Server::shutdown(std::chrono::milliseconds grace)
{
    if (d->shuttingDown)
        return;
    d->shuttingDown = true;
    d->stopped = false;
    if (d->listener) {
        d->listener->close();
        delete d->listener;
    }
    qCInfo(lcServer) << "shutting down:" << d->connections.size() << "connections open";
    emit shuttingDown();
    const QSet<Connection *> open = d->connections;
    for (Connection *connection : open)
        connection->drain();
    if (d->connections.isEmpty()) {
        // Queued, so that a caller connecting to stopped() after this call still sees it.
        QMetaObject::invokeMethod(
            d.get(), [this] { d->finishShutdown(); }, Qt::QueuedConnection);
        return;
    }
    d->graceTimer.start(grace);
}

bool Server::isShuttingDown() const
{
    return d->shuttingDown;
}

const Authenticator &Server::authenticator() const
{
    return d->authenticator;
}

ServerMetrics &Server::metrics() const
{
    return d->metrics;
}

const ServerOptions &Server::options() const
{
    return d->options;
}

const std::shared_ptr<GraphQL::Service> &Server::service() const
{
    return d->service;
}

void Server::enableRealtime(ChangeFeed *feed, std::shared_ptr<const GraphQL::LiveApi> live,
                            const RealtimeOptions &options)
{
    if (!d->service->database())
        throw Error(QStringLiteral("enableRealtime: the GraphQL service has no database"));
    Realtime::Shared shared;
    shared.service = d->service;
    shared.live = std::move(live);
    shared.feed = feed;
    shared.authenticator = &d->authenticator;
    shared.metrics = &metrics();
    shared.options = options;
    d->realtime =
        std::make_unique<Realtime::WebSocketHub>(std::move(shared), d->options.path, nullptr);
    connect(this, &Server::shuttingDown, d->realtime.get(), [this] {
        d->realtime->closeAll(RealtimeCloseCode::GoingAway, QStringLiteral("Server shutting down"));
    });
}

bool Server::handleWebSocketUpgrade(QTcpSocket *socket, const WebSocketUpgrade &upgrade)
{
    return d->realtime && d->realtime->take(socket, upgrade.path);
}

} // namespace RexOrm
