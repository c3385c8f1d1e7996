#include "tst_server.h"

#include "testservice.h"

#include <rexorm/server/server.h>

#include <QtCore/QDeadlineTimer>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtNetwork/QNetworkInterface>
#include <QtNetwork/QSslConfiguration>
#include <QtNetwork/QSslSocket>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QTest>
#include <QtWebSockets/QWebSocket>
#include <QtWebSockets/QWebSocketHandshakeOptions>
#include <QtWebSockets/QWebSocketServer>

#include <memory>
#include <optional>

using namespace std::chrono_literals;

namespace {

struct RawResponse
{
    int status = 0;
    QList<std::pair<QByteArray, QByteArray>> headers; // names in lower case
    QByteArray body;

    QByteArray header(QByteArrayView name) const
    {
        for (const auto &[key, value] : headers) {
            if (key == name)
                return value;
        }
        return {};
    }
    bool hasHeader(QByteArrayView name) const
    {
        return std::any_of(headers.cbegin(), headers.cend(),
                           [name](const auto &field) { return field.first == name; });
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

// A client that speaks raw HTTP, waiting with an event loop so the server (same thread) runs.
class Client
{
public:
    explicit Client(quint16 port, const QSslConfiguration *tls = nullptr)
    {
        if (tls) {
            auto *socket = new QSslSocket;
            socket->setSslConfiguration(*tls);
            socket->connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
            m_socket.reset(socket);
            m_connected = QTest::qWaitFor([socket] { return socket->isEncrypted(); }, 10000);
        } else {
            m_socket = std::make_unique<QTcpSocket>();
            m_socket->connectToHost(QHostAddress::LocalHost, port);
            m_connected = QTest::qWaitFor(
                [this] { return m_socket->state() == QAbstractSocket::ConnectedState; }, 10000);
        }
    }

    bool isConnected() const { return m_connected; }
    QTcpSocket &socket() { return *m_socket; }

    void send(const QByteArray &bytes)
    {
        m_socket->write(bytes);
        m_socket->flush();
    }

    // One response: its head, and a body of Content-Length bytes (none for HEAD, 1xx, 204).
    std::optional<RawResponse> read(bool headOnly = false, int timeoutMs = 10000)
    {
        QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end >= 0) {
                RawResponse response;
                const QList<QByteArray> lines = m_buffer.left(end).split('\n');
                const QList<QByteArray> statusLine = lines.front().trimmed().split(' ');
                response.status = statusLine.value(1).toInt();
                for (qsizetype i = 1; i < lines.size(); ++i) {
                    const QByteArray line = lines[i].trimmed();
                    const qsizetype colon = line.indexOf(':');
                    response.headers.append(
                        {line.left(colon).toLower(), line.mid(colon + 1).trimmed()});
                }
                qint64 length = response.header("content-length").toLongLong();
                if (headOnly || response.status < 200 || response.status == 204)
                    length = 0;
                if (m_buffer.size() >= end + 4 + length) {
                    response.body = m_buffer.mid(end + 4, length);
                    m_buffer.remove(0, end + 4 + length);
                    return response;
                }
            }
            if (deadline.hasExpired())
                return std::nullopt;
            if (m_socket->state() != QAbstractSocket::ConnectedState &&
                m_socket->bytesAvailable() == 0)
                return std::nullopt;
            const bool arrived = QTest::qWaitFor(
                [this] {
                    return m_socket->bytesAvailable() > 0 ||
                           m_socket->state() != QAbstractSocket::ConnectedState;
                },
                int(qMax<qint64>(1, deadline.remainingTime())));
            Q_UNUSED(arrived) // the loop looks again either way
            m_buffer += m_socket->readAll();
        }
    }

    // Whether the server closes the connection within the time.
    bool waitForClosed(int timeoutMs = 10000)
    {
        return QTest::qWaitFor(
            [this] {
                m_buffer += m_socket->readAll();
                return m_socket->state() == QAbstractSocket::UnconnectedState;
            },
            timeoutMs);
    }

    // Whether nothing arrives for a while.
    bool staysQuiet(int ms)
    {
        QTest::qWait(ms);
        m_buffer += m_socket->readAll();
        return m_buffer.isEmpty();
    }

    const QByteArray &buffered() const { return m_buffer; }

private:
    std::unique_ptr<QTcpSocket> m_socket;
    QByteArray m_buffer;
    bool m_connected = false;
};

const QByteArray jsonType = "Content-Type: application/json\r\n";
const QByteArray acceptGraphQL = "Accept: application/graphql-response+json\r\n";
const QByteArray acceptJson = "Accept: application/json\r\n";
const QByteArray browserAccept =
    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n";

QByteArray post(const QByteArray &body, const QByteArray &headers = jsonType,
                const QByteArray &path = "/graphql")
{
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers +
           "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray request(const QByteArray &method, const QByteArray &target,
                   const QByteArray &headers = {})
{
    return method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n";
}

// GET /graphql with the parameters form-encoded.
QByteArray getQuery(const QList<std::pair<QByteArray, QString>> &parameters,
                    const QByteArray &headers = {}, const QByteArray &method = "GET")
{
    QByteArray query;
    for (const auto &[name, value] : parameters)
        query += (query.isEmpty() ? "" : "&") + name + '=' + QUrl::toPercentEncoding(value);
    return request(method, "/graphql?" + query, headers);
}

std::unique_ptr<RexOrm::Server> startServer(RexOrm::ServerOptions options = {},
                                            bool onExecutors = false)
{
    auto server = std::make_unique<RexOrm::Server>(makeTestService(onExecutors), options);
    if (!server->listen())
        qWarning("listen() failed: %s", qPrintable(server->errorString()));
    return server;
}

std::optional<RawResponse> exchange(quint16 port, const QByteArray &bytes, bool headOnly = false)
{
    Client client(port);
    if (!client.isConnected())
        return std::nullopt;
    client.send(bytes);
    return client.read(headOnly);
}

QByteArray bigHeaders(qsizetype bytes)
{
    return "X-Filler: " + QByteArray(bytes, 'a') + "\r\n";
}

} // namespace

void tst_Server::statusCodesAndMediaTypes_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("allow");

    const QByteArray hello = R"({"query":"{ hello }"})";
    const QByteArray graphqlType = "application/graphql-response+json; charset=utf-8";
    const QByteArray json = "application/json; charset=utf-8";
    const QByteArray any;
    const QByteArray graphqlMethods = "GET, HEAD, POST, OPTIONS";

    // Content negotiation.
    QTest::newRow("graphql-response+json")
        << post(hello, jsonType + acceptGraphQL) << 200 << graphqlType << any;
    QTest::newRow("application/json") << post(hello, jsonType + acceptJson) << 200 << json << any;
    QTest::newRow("no Accept") << post(hello) << 200 << json << any;
    QTest::newRow("*/*") << post(hello, jsonType + "Accept: */*\r\n") << 200 << json << any;
    QTest::newRow("application/*")
        << post(hello, jsonType + "Accept: application/*\r\n") << 200 << json << any;
    QTest::newRow("both, graphql-response first")
        << post(hello, jsonType + "Accept: application/graphql-response+json, application/json\r\n")
        << 200 << graphqlType << any;
    QTest::newRow("both, json first")
        << post(hello, jsonType + "Accept: application/json, application/graphql-response+json\r\n")
        << 200 << graphqlType << any;
    QTest::newRow("json preferred by q")
        << post(hello,
                jsonType + "Accept: application/graphql-response+json;q=0.5, application/json\r\n")
        << 200 << json << any;
    QTest::newRow("graphql-response and */*")
        << post(hello, jsonType + "Accept: application/graphql-response+json, */*;q=0.1\r\n") << 200
        << graphqlType << any;
    QTest::newRow("utf-8 charset accepted")
        << post(hello, jsonType + "Accept: application/json; charset=utf-8\r\n") << 200 << json
        << any;
    QTest::newRow("not acceptable")
        << post(hello, jsonType + "Accept: text/plain\r\n") << 406 << json << any;
    QTest::newRow("q=0")
        << post(hello,
                jsonType +
                    "Accept: application/json;q=0, application/graphql-response+json;q=0\r\n")
        << 406 << json << any;
    QTest::newRow("foreign charset")
        << post(hello, jsonType + "Accept: application/json; charset=iso-8859-1\r\n") << 406 << json
        << any;

    // Request media types.
    QTest::newRow("text/plain body")
        << post(hello, "Content-Type: text/plain\r\n") << 415 << json << any;
    QTest::newRow("no Content-Type") << post(hello, {}) << 415 << json << any;
    QTest::newRow("latin1 body") << post(hello,
                                         "Content-Type: application/json; charset=latin1\r\n")
                                 << 415 << json << any;
    QTest::newRow("UTF-8 body") << post(hello, "Content-Type: application/json; charset=UTF-8\r\n")
                                << 200 << json << any;

    // Malformed GraphQL-over-HTTP requests: 400 under either media type.
    QTest::newRow("malformed JSON") << post(R"({"query": )") << 400 << json << any;
    QTest::newRow("malformed JSON, graphql-response")
        << post(R"({"query": )", jsonType + acceptGraphQL) << 400 << graphqlType << any;
    QTest::newRow("array body") << post(R"([{"query":"{ hello }"}])") << 400 << json << any;
    QTest::newRow("empty body") << post({}) << 400 << json << any;
    QTest::newRow("query not a string") << post(R"({"query": 1})") << 400 << json << any;
    QTest::newRow("no query") << post(R"({"variables": {}})") << 400 << json << any;
    QTest::newRow("variables a string")
        << post(R"({"query":"{ hello }","variables":"{}"})") << 400 << json << any;
    QTest::newRow("operationName a number")
        << post(R"({"query":"{ hello }","operationName":1})") << 400 << json << any;
    QTest::newRow("extensions an array")
        << post(R"({"query":"{ hello }","extensions":[]})") << 400 << json << any;
    QTest::newRow("nulls")
        << post(R"({"query":"{ hello }","variables":null,"operationName":null,"extensions":null})")
        << 200 << json << any;

    // GraphQL errors: 200 under application/json; 400 without data under graphql-response+json.
    QTest::newRow("syntax error, json")
        << post(R"({"query":"{"})", jsonType + acceptJson) << 200 << json << any;
    QTest::newRow("syntax error, graphql-response")
        << post(R"({"query":"{"})", jsonType + acceptGraphQL) << 400 << graphqlType << any;
    QTest::newRow("validation error, json")
        << post(R"({"query":"{ nope }"})") << 200 << json << any;
    QTest::newRow("validation error, graphql-response")
        << post(R"({"query":"{ nope }"})", jsonType + acceptGraphQL) << 400 << graphqlType << any;
    const QByteArray coercion =
        R"({"query":"query Q($n: String!) { hello(name: $n) }","variables":{"n":null}})";
    QTest::newRow("variable coercion, json") << post(coercion) << 200 << json << any;
    QTest::newRow("variable coercion, graphql-response")
        << post(coercion, jsonType + acceptGraphQL) << 400 << graphqlType << any;
    QTest::newRow("unknown operation, graphql-response")
        << post(R"({"query":"query A { hello }","operationName":"B"})", jsonType + acceptGraphQL)
        << 400 << graphqlType << any;
    QTest::newRow("field error, graphql-response")
        << post(R"({"query":"{ fail hello }"})", jsonType + acceptGraphQL) << 200 << graphqlType
        << any;
    QTest::newRow("mutation") << post(R"({"query":"mutation { setGreeting(text: \"hi\") }"})")
                              << 200 << json << any;

    // GET.
    QTest::newRow("GET") << getQuery({{"query", "{ hello }"}}) << 200 << json << any;
    QTest::newRow("GET, graphql-response")
        << getQuery({{"query", "{ hello }"}}, acceptGraphQL) << 200 << graphqlType << any;
    QTest::newRow("GET with + for spaces")
        << request("GET", "/graphql?query=%7B+hello+%7D") << 200 << json << any;
    QTest::newRow("GET with variables")
        << getQuery({{"query", "query Q($n: String) { hello(name: $n) }"},
                     {"variables", R"({"n":"Ann"})"},
                     {"operationName", "Q"}})
        << 200 << json << any;
    QTest::newRow("GET mutation") << getQuery({{"query", "mutation { setGreeting(text: \"x\") }"}},
                                              acceptGraphQL)
                                  << 405 << graphqlType << QByteArray("POST");
    QTest::newRow("GET without query")
        << request("GET", "/graphql", acceptJson) << 400 << json << any;
    QTest::newRow("GET variables not an object")
        << getQuery({{"query", "{ hello }"}, {"variables", "[1]"}}) << 400 << json << any;
    QTest::newRow("GET query twice")
        << getQuery({{"query", "{ hello }"}, {"query", "{ hello }"}}) << 400 << json << any;

    // Methods and paths.
    QTest::newRow("PUT") << request("PUT", "/graphql", "Content-Length: 0\r\n") << 405 << json
                         << graphqlMethods;
    QTest::newRow("DELETE") << request("DELETE", "/graphql") << 405 << json << graphqlMethods;
    QTest::newRow("OPTIONS") << request("OPTIONS", "/graphql") << 204 << QByteArray()
                             << graphqlMethods;
    QTest::newRow("OPTIONS *") << request("OPTIONS", "*") << 204 << QByteArray() << graphqlMethods;
    QTest::newRow("unknown method") << request("BREW", "/graphql") << 501 << json << any;
    QTest::newRow("unknown path") << request("GET", "/nope") << 404 << json << any;
    QTest::newRow("trailing slash")
        << request("GET", "/graphql/?query=%7Bhello%7D") << 404 << json << any;
    QTest::newRow("health") << request("GET", "/health") << 200 << json << any;
    QTest::newRow("health POST") << post("{}", jsonType, "/health") << 405 << json
                                 << QByteArray("GET, HEAD, OPTIONS");
    QTest::newRow("absolute-form target")
        << request("GET", "http://127.0.0.1/health") << 200 << json << any;
    QTest::newRow("HTTP/2.0") << QByteArray("GET /health HTTP/2.0\r\nHost: x\r\n\r\n") << 505
                              << json << any;
}

void tst_Server::statusCodesAndMediaTypes()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, allow);

    const auto server = startServer();
    QVERIFY(server->isListening());
    const std::optional<RawResponse> response = exchange(server->port(), request);
    QVERIFY(response);
    QCOMPARE(response->status, status);
    QCOMPARE(response->header("content-type"), contentType);
    QCOMPARE(response->header("allow"), allow);
    QCOMPARE(response->header("x-content-type-options"), QByteArray("nosniff"));
    QVERIFY(response->hasHeader("date"));
    if (status != 204) {
        QCOMPARE(response->header("content-length").toLongLong(), response->body.size());
        QJsonParseError error;
        QJsonDocument::fromJson(response->body, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
    }
}

void tst_Server::responseBodies()
{
    const auto server = startServer();
    const quint16 port = server->port();

    std::optional<RawResponse> r = exchange(port, post(R"({"query":"{ hello(name: \"Ann\") }"})"));
    QVERIFY(r);
    QCOMPARE(r->body, QByteArray(R"({"data":{"hello":"Hello, Ann!"}})"));
    QCOMPARE(r->header("cache-control"), QByteArray("no-store"));

    // A request error under graphql-response+json: errors, no data.
    r = exchange(port, post(R"({"query":"{ nope }"})", jsonType + acceptGraphQL));
    QVERIFY(r);
    QVERIFY(!r->json().contains("data"));
    QVERIFY(!r->json().value("errors").toArray().isEmpty());

    // A field error: data (with null) and errors with a path.
    r = exchange(port, post(R"({"query":"{ fail hello }"})", jsonType + acceptGraphQL));
    QVERIFY(r);
    QCOMPARE(r->json().value("data").toObject().value("hello").toString(), "Hello, world!");
    const QJsonObject fieldError = r->json().value("errors").toArray().at(0).toObject();
    QCOMPARE(fieldError.value("message").toString(), "This field always fails.");
    QCOMPARE(fieldError.value("path").toArray(), QJsonArray{"fail"});

    // HTTP-level errors have the GraphQL error shape too.
    r = exchange(port, post(R"({"query": 1})"));
    QVERIFY(r);
    QCOMPARE(r->json().value("errors").toArray().at(0).toObject().value("message").toString(),
             "The query must be a string.");

    r = exchange(port, getQuery({{"query", "mutation { setGreeting(text: \"x\") }"}}));
    QVERIFY(r);
    QCOMPARE(r->status, 405);
    QVERIFY(
        r->json().value("errors").toArray().at(0).toObject().value("message").toString().contains(
            "POST"));

    r = exchange(port, request("GET", "/health"));
    QVERIFY(r);
    QCOMPARE(r->body, QByteArray(R"({"status":"ok"})"));

    // HEAD: the GET response's head, no body.
    r = exchange(port, request("HEAD", "/health"), true);
    QVERIFY(r);
    QCOMPARE(r->status, 200);
    QCOMPARE(r->header("content-length"), QByteArray("15"));

    // Unicode in and out.
    r = exchange(port, post(R"({"query":"{ hello(name: \"Run🏃Swim🏊\") }"})"));
    QVERIFY(r);
    QCOMPARE(r->json().value("data").toObject().value("hello").toString(),
             QStringLiteral("Hello, Run🏃Swim🏊!"));
}

void tst_Server::hostNamesAgainstDnsRebinding()
{
    // On loopback only loopback names are answered: a page at attacker.example that resolves to
    // 127.0.0.1 must not drive the API as same-origin.
    auto server = startServer();
    const auto askAs = [&](const QByteArray &host) {
        const QByteArray body = R"({"query":"{ __typename }"})";
        const auto r =
            exchange(server->port(), "POST /graphql HTTP/1.1\r\nHost: " + host + "\r\n" + jsonType +
                                         "Content-Length: " + QByteArray::number(body.size()) +
                                         "\r\n\r\n" + body);
        return r ? r->status : 0;
    };
    QCOMPARE(askAs("attacker.example"), 421);
    QCOMPARE(askAs("attacker.example:" + QByteArray::number(server->port())), 421);
    QCOMPARE(askAs("localhost:" + QByteArray::number(server->port())), 200);
    QCOMPARE(askAs("127.0.0.1"), 200);
    QCOMPARE(askAs("[::1]:" + QByteArray::number(server->port())), 200);
    RexOrm::ServerOptions options;
    options.allowedHosts = {QStringLiteral("api.example")};
    server = startServer(options);
    QCOMPARE(askAs("api.example"), 200);
    QCOMPARE(askAs("localhost"), 421);
}

void tst_Server::webSocketHandshakesPassTheSameGates()
{
    RexOrm::ServerOptions options;
    options.corsOrigins = {QStringLiteral("https://app.example")};
    const auto server = startServer(options);
    const auto handshake = [&](const QByteArray &host, const QByteArray &origin) {
        const auto r =
            exchange(server->port(), "GET /graphql HTTP/1.1\r\nHost: " + host +
                                         "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                         "Sec-WebSocket-Version: 13\r\n"
                                         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: " +
                                         origin + "\r\n\r\n");
        return r ? r->status : 0;
    };
    QCOMPARE(handshake("evil.example", "https://app.example"), 421);
    QCOMPARE(handshake("127.0.0.1", "https://evil.example"), 403);
    QCOMPARE(handshake("127.0.0.1", "https://app.example"), 501); // no WebSocket handler yet
}

void tst_Server::connectionLimits()
{
    RexOrm::ServerOptions options;
    options.maxConnectionsPerPeer = 2;
    const auto server = startServer(options);
    auto first = std::make_unique<Client>(server->port());
    Client second(server->port());
    QVERIFY(first->isConnected() && second.isConnected());
    QTRY_COMPARE(server->connectionCount(), 2);
    // A third from the same address is closed at once: no answer.
    Client third(server->port());
    if (third.isConnected()) {
        third.send(request("GET", "/health"));
        QVERIFY(!third.read(false, 2000));
    }
    QCOMPARE(server->connectionCount(), 2);
    // The others still work, and a closed one makes room.
    second.send(request("GET", "/health"));
    QVERIFY(second.read());
    first.reset();
    QTRY_COMPARE(server->connectionCount(), 1);
    Client fourth(server->port());
    QVERIFY(fourth.isConnected());
    fourth.send(request("GET", "/health"));
    const std::optional<RawResponse> answer = fourth.read();
    QVERIFY(answer);
    QCOMPARE(answer->status, 200);
}

void tst_Server::bindsToLoopbackByDefault()
{
    const RexOrm::ServerOptions defaults;
    QCOMPARE(defaults.host, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(defaults.port, quint16(0));
    QCOMPARE(defaults.path, QStringLiteral("/graphql"));

    const auto server = startServer();
    QVERIFY(server->isListening());
    QVERIFY(server->port() != 0);
    QCOMPARE(server->url(),
             QUrl(QStringLiteral("http://127.0.0.1:%1/graphql").arg(server->port())));
    QVERIFY(Client(server->port()).isConnected());

    // Another address of this machine reaches nothing.
    const QList<QHostAddress> addresses = QNetworkInterface::allAddresses();
    for (const QHostAddress &address : addresses) {
        if (address.isLoopback() || address.protocol() != QAbstractSocket::IPv4Protocol)
            continue;
        QTcpSocket socket;
        socket.connectToHost(address, server->port());
        QVERIFY(QTest::qWaitFor(
            [&] {
                return socket.state() == QAbstractSocket::UnconnectedState ||
                       socket.state() == QAbstractSocket::ConnectedState;
            },
            5000));
        QCOMPARE(socket.state(), QAbstractSocket::UnconnectedState);
        break;
    }
}

void tst_Server::listenErrors()
{
    const auto first = startServer();
    QVERIFY(first->isListening());
    QVERIFY(!first->listen());
    QVERIFY(first->errorString().contains("already"));

    RexOrm::ServerOptions taken;
    taken.port = first->port();
    RexOrm::Server second(makeTestService(false), taken);
    QVERIFY(!second.listen());
    QVERIFY2(second.errorString().startsWith("Cannot listen on 127.0.0.1 port"),
             qPrintable(second.errorString()));
    QVERIFY(!second.isListening());
    QCOMPARE(second.port(), quint16(0));

    RexOrm::ServerOptions badPath;
    badPath.path = QStringLiteral("graphql");
    RexOrm::Server third(makeTestService(false), badPath);
    QVERIFY(!third.listen());
    QVERIFY(third.errorString().contains("path"));

    RexOrm::ServerOptions halfTls;
    halfTls.tlsCertificateFile = QStringLiteral("/nonexistent/cert.pem");
    RexOrm::Server fourth(makeTestService(false), halfTls);
    QVERIFY(!fourth.listen());
    QVERIFY(fourth.errorString().contains("tlsKeyFile"));

    RexOrm::ServerOptions missingTls = halfTls;
    missingTls.tlsKeyFile = QStringLiteral("/nonexistent/key.pem");
    RexOrm::Server fifth(makeTestService(false), missingTls);
    QVERIFY(!fifth.listen());
    QVERIFY2(
        fifth.errorString().startsWith("Cannot read the TLS certificate /nonexistent/cert.pem"),
        qPrintable(fifth.errorString()));
}

void tst_Server::payloadTooLargeBeforeTheBody()
{
    const auto server = startServer();
    Client client(server->port());
    QVERIFY(client.isConnected());
    // Only the head: the 413 comes before any byte of the 10 MiB body is sent.
    client.send("POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                "Content-Length: 10485760\r\n\r\n");
    const std::optional<RawResponse> response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 413);
    QCOMPARE(response->header("connection"), QByteArray("close"));
    QVERIFY(response->json()
                .value("errors")
                .toArray()
                .at(0)
                .toObject()
                .value("message")
                .toString()
                .contains("1048576"));
    QVERIFY(client.waitForClosed());
}

void tst_Server::payloadTooLargeOnALaterRequest()
{
    const auto server = startServer();
    Client client(server->port());
    QVERIFY(client.isConnected());
    client.send(post(R"({"query":"{ hello }"})"));
    std::optional<RawResponse> response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);

    client.send(post(R"({"query":"{ hello }"})"));
    response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);

    // The third request on the connection is refused as early as the first would be.
    client.send("POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                "Content-Length: 2000000\r\n\r\n{\"query\":");
    response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 413);
    QVERIFY(client.waitForClosed());
}

void tst_Server::chunkedBodyGrowingPastTheLimit()
{
    RexOrm::ServerOptions options;
    options.maxBodyBytes = 1000;
    const auto server = startServer(options);

    Client client(server->port());
    QVERIFY(client.isConnected());
    client.send("POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n320\r\n" +
                QByteArray(800, ' ') + "\r\n");
    QVERIFY(client.staysQuiet(200)); // 800 bytes: within the limit
    client.send("12c\r\n");          // a chunk of 300 more is announced: refused before it arrives
    const std::optional<RawResponse> response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 413);
    QVERIFY(client.waitForClosed());

    // Without chunked encoding, a body may not grow past its Content-Length either: the extra
    // bytes are the next request, which is garbage here.
    Client second(server->port());
    second.send(post(QByteArray(R"({"query":"{ hello }"})") + QByteArray(900, ' ')) + "xyz");
    std::optional<RawResponse> first = second.read();
    QVERIFY(first);
    QCOMPARE(first->status, 200);
}

void tst_Server::chunkedBody()
{
    const auto server = startServer();
    Client client(server->port());
    QVERIFY(client.isConnected());
    client.send("POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n"
                "5;note=first\r\n{\"que\r\n"
                "10\r\nry\":\"{ hello }\"}\r\n"
                "0\r\nX-Trailer: yes\r\n\r\n");
    std::optional<RawResponse> response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray(R"({"data":{"hello":"Hello, world!"}})"));

    // The connection goes on after a chunked request.
    client.send(request("GET", "/health"));
    response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
}

void tst_Server::framingIsStrictWhereverBytesFall()
{
    const auto server = startServer();
    const auto status = [&](const QByteArray &bytes) {
        const auto r = exchange(server->port(), bytes);
        return r ? r->status : 0;
    };
    // A body with line feeds (pretty-printed JSON) in the same segment as the head is fine.
    const QByteArray pretty = "{\n\"query\": \"{ hello }\"\n}";
    QCOMPARE(status(post(pretty)), 200);
    // So is a pipelined request whose body has them: the first request is judged on its own.
    Client client(server->port());
    QVERIFY(client.isConnected());
    client.send(request("GET", "/health") + post(pretty));
    std::optional<RawResponse> first = client.read();
    QVERIFY(first);
    QCOMPARE(first->status, 200);
    std::optional<RawResponse> second = client.read();
    QVERIFY(second);
    QCOMPARE(second->status, 200);

    const QByteArray chunkedHead = "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n" + jsonType +
                                   "Transfer-Encoding: chunked\r\n\r\n";
    const QByteArray chunk = "{\"query\":\"{ hello }\"}";
    const QByteArray size = QByteArray::number(chunk.size(), 16);
    QCOMPARE(status(chunkedHead + size + ";a=\"q\\\"\"\r\n" + chunk + "\r\n0\r\n\r\n"), 200);
    // A line feed, a bare CR or a NUL in a chunk extension; whitespace before the size.
    QCOMPARE(status(chunkedHead + size + ";\nZZ\r\n" + chunk + "\r\n0\r\n\r\n"), 400);
    QCOMPARE(status(chunkedHead + size + ";a\rb\r\n" + chunk + "\r\n0\r\n\r\n"), 400);
    QCOMPARE(status(chunkedHead + size + QByteArray(";a\0b", 5) + "\r\n" + chunk + "\r\n0\r\n\r\n"),
             400);
    QCOMPARE(status(chunkedHead + " \t" + size + "\r\n" + chunk + "\r\n0\r\n\r\n"), 400);
    QCOMPARE(status(chunkedHead + size + " \t\r\n" + chunk + "\r\n0\r\n\r\n"), 400);
    // Trailer lines are fields: no bare line feed, no line without a name, no folding.
    QCOMPARE(status(chunkedHead + size + "\r\n" + chunk + "\r\n0\r\nnot a field\r\n\r\n"), 400);
    QCOMPARE(status(chunkedHead + size + "\r\n" + chunk + "\r\n0\r\nA: b\nC: d\r\n\r\n"), 400);
    QCOMPARE(status(chunkedHead + size + "\r\n" + chunk + "\r\n0\r\nA: b\r\n  c\r\n\r\n"), 400);

    // Host: present, not empty, a numeric port; an absolute target must name the same host.
    QCOMPARE(status("GET /health HTTP/1.1\r\nHost:\r\n\r\n"), 400);
    QCOMPARE(status("GET /health HTTP/1.1\r\nHost: localhost:evil.example\r\n\r\n"), 421);
    QCOMPARE(status("GET http://evil.example/health HTTP/1.1\r\nHost: localhost\r\n\r\n"), 400);
    QCOMPARE(status("GET http://localhost/health HTTP/1.1\r\nHost: localhost\r\n\r\n"), 200);
}

void tst_Server::headersTooLarge()
{
    const auto server = startServer();

    // 17 KiB of header fields and no end yet: refused without waiting for the rest.
    Client client(server->port());
    QVERIFY(client.isConnected());
    client.send("GET /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n" + bigHeaders(17 * 1024));
    std::optional<RawResponse> response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 431);
    QVERIFY(client.waitForClosed());

    // A request line longer than the limit.
    Client longLine(server->port());
    longLine.send("GET /graphql?query=" + QByteArray(17 * 1024, 'a'));
    response = longLine.read();
    QVERIFY(response);
    QCOMPARE(response->status, 414);

    // Just under the limit is fine, on a later request of the connection too.
    RexOrm::ServerOptions options;
    options.maxHeaderBytes = 4096;
    const auto small = startServer(options);
    Client keepAlive(small->port());
    keepAlive.send(request("GET", "/health", bigHeaders(3500)));
    response = keepAlive.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    keepAlive.send(request("GET", "/health", bigHeaders(4100)));
    response = keepAlive.read();
    QVERIFY(response);
    QCOMPARE(response->status, 431);
}

void tst_Server::malformedRequests_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");

    QTest::newRow("garbage") << QByteArray("HELLO\r\n\r\n") << 400;
    QTest::newRow("binary (a TLS handshake)")
        << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) << 400;
    QTest::newRow("bare LF") << QByteArray("GET /health HTTP/1.1\nHost: x\n\n") << 400;
    QTest::newRow("bare LF in a field") << QByteArray("GET /health HTTP/1.1\r\nHost: x\n") << 400;
    QTest::newRow("no version") << QByteArray("GET /health\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("no Host") << QByteArray("GET /health HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("two Hosts") << QByteArray("GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")
                               << 400;
    QTest::newRow("line folding") << QByteArray(
                                         "GET /health HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n 2\r\n\r\n")
                                  << 400;
    QTest::newRow("space before colon")
        << QByteArray("GET /health HTTP/1.1\r\nHost : x\r\n\r\n") << 400;
    QTest::newRow("control character")
        << QByteArray("GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\x01z\r\n\r\n") << 400;
    QTest::newRow("target without slash")
        << QByteArray("GET health HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("Content-Length and chunked")
        << QByteArray("POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Length: "
                      "3\r\nTransfer-Encoding: chunked\r\n\r\n")
        << 400;
    QTest::newRow("Content-Lengths disagree")
        << QByteArray("POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: "
                      "4\r\n\r\n")
        << 400;
    QTest::newRow("negative Content-Length")
        << QByteArray("POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n") << 400;
    QTest::newRow("gzip transfer coding")
        << QByteArray(
               "POST /graphql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")
        << 501;
    QTest::newRow("bad chunk size")
        << QByteArray(
               "POST /graphql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
        << 400;
    QTest::newRow("unknown expectation")
        << QByteArray(
               "POST /graphql HTTP/1.1\r\nHost: x\r\nExpect: tea\r\nContent-Length: 1\r\n\r\n")
        << 417;
    QTest::newRow("CONNECT")
        << QByteArray("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n") << 501;
}

void tst_Server::malformedRequests()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);

    const auto server = startServer();
    Client client(server->port());
    QVERIFY(client.isConnected());
    client.send(request);
    const std::optional<RawResponse> response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, status);
    QCOMPARE(response->header("connection"), QByteArray("close"));
    QVERIFY(!response->json().value("errors").toArray().isEmpty());
    QVERIFY(client.waitForClosed());
    QTRY_COMPARE(server->connectionCount(), 0);
}

void tst_Server::keepAliveServesSeveralRequests()
{
    const auto server = startServer();
    Client client(server->port());
    QVERIFY(client.isConnected());
    for (int i = 0; i < 6; ++i) {
        const QString name = "n" + QString::number(i);
        switch (i % 3) {
        case 0:
            client.send(post(R"({"query":"{ hello(name: \")" + name.toUtf8() + R"(\") }"})"));
            break;
        case 1:
            client.send(getQuery({{"query", "{ hello(name: \"" + name + "\") }"}}));
            break;
        case 2:
            client.send(request("GET", "/health"));
            break;
        }
        const std::optional<RawResponse> response = client.read();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QVERIFY(!response->hasHeader("connection"));
        if (i % 3 != 2)
            QCOMPARE(response->json().value("data").toObject().value("hello").toString(),
                     "Hello, " + name + "!");
    }
    QCOMPARE(client.socket().state(), QAbstractSocket::ConnectedState);
    QCOMPARE(server->connectionCount(), 1);
}

void tst_Server::pipelinedRequestsAnswerInOrder()
{
    const auto server = startServer({}, true);
    Client client(server->port());
    QVERIFY(client.isConnected());
    // One write: the slow one first; the others finish earlier but are answered after it.
    client.send(post(R"({"query":"{ slow(ms: 400) }"})") +
                getQuery({{"query", "{ hello(name: \"second\") }"}}) + request("GET", "/health") +
                post(R"({"query":"{ hello(name: \"fourth\") }"})") + request("HEAD", "/health") +
                post(R"({"query":"{ hello(name: \"sixth\") }"})"));
    const QList<QByteArray> expected = {R"({"data":{"slow":"slept 400 ms"}})",
                                        R"({"data":{"hello":"Hello, second!"}})",
                                        R"({"status":"ok"})",
                                        R"({"data":{"hello":"Hello, fourth!"}})",
                                        "",
                                        R"({"data":{"hello":"Hello, sixth!"}})"};
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const std::optional<RawResponse> response = client.read(i == 4);
        QVERIFY2(response, qPrintable(QString::number(i)));
        QCOMPARE(response->status, 200);
        QCOMPARE(response->body, expected[i]);
    }
    QVERIFY(client.staysQuiet(100));
}

void tst_Server::connectionCloseAndHttp10()
{
    const auto server = startServer();

    Client closing(server->port());
    closing.send(request("GET", "/health", "Connection: close\r\n") + request("GET", "/health"));
    std::optional<RawResponse> response = closing.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("connection"), QByteArray("close"));
    QVERIFY(closing.waitForClosed());
    QVERIFY(closing.buffered().isEmpty()); // the request after "close" is not answered

    Client http10(server->port());
    http10.send("GET /health HTTP/1.0\r\n\r\n");
    response = http10.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QVERIFY(http10.waitForClosed());

    Client http10KeepAlive(server->port());
    http10KeepAlive.send("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    response = http10KeepAlive.read();
    QVERIFY(response);
    QCOMPARE(response->header("connection"), QByteArray("keep-alive"));
    http10KeepAlive.send("GET /health HTTP/1.0\r\n\r\n");
    response = http10KeepAlive.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QVERIFY(http10KeepAlive.waitForClosed());
}

void tst_Server::expectContinue()
{
    const auto server = startServer();
    Client client(server->port());
    const QByteArray body = R"({"query":"{ hello }"})";
    client.send("POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                "Expect: 100-continue\r\nContent-Length: " +
                QByteArray::number(body.size()) + "\r\n\r\n");
    std::optional<RawResponse> response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 100);
    client.send(body);
    response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);

    // Too large: the final answer instead of 100 Continue.
    client.send("POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                "Expect: 100-continue\r\nContent-Length: 5000000\r\n\r\n");
    response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 413);
}

void tst_Server::clientDisconnectsMidRequest()
{
    const auto server = startServer();
    {
        Client head(server->port());
        head.send("POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-");
        QTRY_COMPARE(server->connectionCount(), 1);
    }
    QTRY_COMPARE(server->connectionCount(), 0);
    {
        Client body(server->port());
        body.send("POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  "Content-Length: 100\r\n\r\n{\"query\"");
        QTRY_COMPARE(server->connectionCount(), 1);
        body.socket().abort();
    }
    QTRY_COMPARE(server->connectionCount(), 0);

    const std::optional<RawResponse> response = exchange(server->port(), request("GET", "/health"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
}

void tst_Server::clientDisconnectsWhileExecuting()
{
    auto server = startServer({}, true);
    {
        Client client(server->port());
        client.send(post(R"({"query":"{ slow(ms: 300) }"})"));
        QTRY_COMPARE(server->connectionCount(), 1);
    }
    QTRY_COMPARE(server->connectionCount(), 0);
    QTest::qWait(500); // the execution completes for nobody
    std::optional<RawResponse> response =
        exchange(server->port(), post(R"({"query":"{ hello }"})"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);

    // The server goes away while a request executes: it waits for it, then drops the answer.
    Client client(server->port());
    client.send(post(R"({"query":"{ slow(ms: 300) }"})"));
    QTest::qWait(50);
    QElapsedTimer timer;
    timer.start();
    server.reset();
    QVERIFY(client.waitForClosed());
    QVERIFY(client.read(false, 100) == std::nullopt);
}

void tst_Server::slowRequestDoesNotBlockOthers()
{
    const auto server = startServer({}, true);
    Client slow(server->port());
    Client fast(server->port());
    QVERIFY(slow.isConnected() && fast.isConnected());

    // The slow request holds one executor thread for 2.5 s; the other is answered meanwhile.
    QElapsedTimer timer;
    timer.start();
    slow.send(post(R"({"query":"{ slow(ms: 2500) }"})"));
    QTest::qWait(50);
    fast.send(post(R"({"query":"{ hello }"})"));
    std::optional<RawResponse> response = fast.read(false, 2000);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(slow.buffered().isEmpty() && slow.socket().bytesAvailable() == 0);

    response = slow.read(false, 10000);
    QVERIFY(response);
    QCOMPARE(response->body, QByteArray(R"({"data":{"slow":"slept 2500 ms"}})"));
    QVERIFY(timer.elapsed() >= 2500);
}

void tst_Server::requestTimeout()
{
    RexOrm::ServerOptions options;
    options.requestTimeout = 400ms;
    const auto server = startServer(options);

    // A request trickling in byte by byte gets the timeout as a whole.
    Client slowloris(server->port());
    QElapsedTimer timer;
    timer.start();
    const QByteArray head = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
    slowloris.send(head);
    while (slowloris.socket().state() == QAbstractSocket::ConnectedState &&
           slowloris.socket().bytesAvailable() == 0 && timer.elapsed() < 3000) {
        slowloris.send("a");
        QTest::qWait(50);
    }
    const std::optional<RawResponse> response = slowloris.read();
    QVERIFY(response);
    QCOMPARE(response->status, 408);
    QVERIFY2(timer.elapsed() >= 350 && timer.elapsed() < 2000,
             qPrintable(QString::number(timer.elapsed())));
    QVERIFY(slowloris.waitForClosed());

    // An idle connection is closed without a word, also after a request.
    Client idle(server->port());
    idle.send(request("GET", "/health"));
    QVERIFY(idle.read());
    timer.restart();
    QVERIFY(idle.waitForClosed(3000));
    QVERIFY(timer.elapsed() >= 300);
    QVERIFY(idle.buffered().isEmpty());
}

void tst_Server::clientThatStopsReading()
{
    RexOrm::ServerOptions options;
    options.requestTimeout = 400ms;
    const auto server = startServer(options);

    // Pipelined requests for some 14 MB of answers, none of which is read: more than the kernel
    // buffers hold, so the server stops reading, and closes once writing makes no progress.
    QTcpSocket client;
    client.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
    client.setReadBufferSize(4096);
    client.connectToHost(QHostAddress::LocalHost, server->port());
    QVERIFY(client.waitForConnected(5000));
    const QByteArray name(900 * 1000, 'x');
    const QByteArray one =
        post(R"({"query":"query Q($n: String) { hello(name: $n) }","variables":{"n":")" + name +
             R"("}})");
    for (int i = 0; i < 16; ++i)
        client.write(one);
    QTRY_COMPARE_WITH_TIMEOUT(server->connectionCount(), 1, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(server->connectionCount(), 0, 10000);

    // The server still serves others.
    const std::optional<RawResponse> response = exchange(server->port(), request("GET", "/health"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
}

void tst_Server::playground()
{
    QFile file(QStringLiteral(REXORM_PLAYGROUND_FILE));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray page = file.readAll();

    const auto server = startServer();
    std::optional<RawResponse> response =
        exchange(server->port(), request("GET", "/graphql", browserAccept));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("content-type"), QByteArray("text/html; charset=utf-8"));
    QCOMPARE(response->body, page);
    const QByteArray policy = response->header("content-security-policy");
    QVERIFY(policy.contains("default-src 'none'"));
    QVERIFY(policy.contains("script-src 'unsafe-inline'"));
    QVERIFY(policy.contains("connect-src 'self'"));
    QVERIFY(policy.contains("frame-ancestors 'none'"));

    response =
        exchange(server->port(), request("HEAD", "/graphql", "Accept: text/html, */*\r\n"), true);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("content-length").toLongLong(), page.size());

    // A client that does not prefer HTML gets GraphQL.
    for (const QByteArray accept : {"*/*", "application/json, text/html", "text/html;q=0.5, */*"}) {
        response =
            exchange(server->port(), request("GET", "/graphql", "Accept: " + accept + "\r\n"));
        QVERIFY(response);
        QCOMPARE(response->status, 400);
        QCOMPARE(response->header("content-type"), QByteArray("application/json; charset=utf-8"));
    }

    RexOrm::ServerOptions options;
    options.playground = false;
    const auto without = startServer(options);
    response = exchange(without->port(), request("GET", "/graphql", browserAccept));
    QVERIFY(response);
    QCOMPARE(response->status, 400); // a GraphQL GET without a query
    response = exchange(without->port(), request("GET", "/graphql", "Accept: text/html\r\n"));
    QVERIFY(response);
    QCOMPARE(response->status, 406);
}

void tst_Server::cors()
{
    const QByteArray preflight =
        request("OPTIONS", "/graphql",
                "Origin: https://app.example\r\n"
                "Access-Control-Request-Method: POST\r\n"
                "Access-Control-Request-Headers: content-type, authorization\r\n");
    const QByteArray simple =
        post(R"({"query":"{ hello }"})", jsonType + "Origin: https://app.example\r\n");

    // Not configured: no CORS headers at all.
    const auto plain = startServer();
    std::optional<RawResponse> response = exchange(plain->port(), preflight);
    QVERIFY(response);
    QCOMPARE(response->status, 204);
    QVERIFY(!response->hasHeader("access-control-allow-origin"));
    response = exchange(plain->port(), simple);
    QVERIFY(response);
    QVERIFY(!response->hasHeader("access-control-allow-origin"));

    RexOrm::ServerOptions options;
    options.corsOrigins = {QStringLiteral("https://app.example")};
    const auto server = startServer(options);
    response = exchange(server->port(), preflight);
    QVERIFY(response);
    QCOMPARE(response->status, 204);
    QCOMPARE(response->header("access-control-allow-origin"), QByteArray("https://app.example"));
    QVERIFY(response->header("access-control-allow-methods").contains("POST"));
    QCOMPARE(response->header("access-control-allow-headers"),
             QByteArray("content-type, authorization"));
    QVERIFY(response->hasHeader("access-control-max-age"));

    response = exchange(server->port(), simple);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("access-control-allow-origin"), QByteArray("https://app.example"));
    QCOMPARE(response->header("vary"), QByteArray("Origin"));

    QByteArray otherPreflight = preflight;
    otherPreflight.replace("https://app.example", "https://evil.example");
    response = exchange(server->port(), otherPreflight);
    QVERIFY(response);
    QCOMPARE(response->status, 403);
    QVERIFY(!response->hasHeader("access-control-allow-origin"));
    QByteArray otherSimple = simple;
    otherSimple.replace("https://app.example", "https://evil.example");
    response = exchange(server->port(), otherSimple);
    QVERIFY(response);
    QVERIFY(!response->hasHeader("access-control-allow-origin"));

    options.corsOrigins = {QStringLiteral("*")};
    const auto any = startServer(options);
    response = exchange(any->port(), otherSimple);
    QVERIFY(response);
    QCOMPARE(response->header("access-control-allow-origin"), QByteArray("*"));
}

namespace {

const QByteArray webSocketHandshake = "GET /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                      "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                      "Sec-WebSocket-Version: 13\r\n"
                                      "Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n";

// The hook as the realtime transport uses it: the handshake goes to a QWebSocketServer.
class WebSocketServer : public RexOrm::Server
{
public:
    using RexOrm::Server::Server;

    QWebSocketServer webSockets{QStringLiteral("tst_server"), QWebSocketServer::NonSecureMode};
    RexOrm::WebSocketUpgrade seen;

protected:
    bool handleWebSocketUpgrade(QTcpSocket *socket,
                                const RexOrm::WebSocketUpgrade &upgrade) override
    {
        seen = upgrade;
        webSockets.handleConnection(socket);
        return true;
    }
};

} // namespace

void tst_Server::webSocketUpgradeWithoutHandler()
{
    const auto server = startServer();
    Client client(server->port());
    client.send(webSocketHandshake);
    std::optional<RawResponse> response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 501);
    QVERIFY(response->json()
                .value("errors")
                .toArray()
                .at(0)
                .toObject()
                .value("message")
                .toString()
                .contains("WebSocket"));
    QVERIFY(client.waitForClosed());

    // After other requests of a keep-alive connection, too.
    Client later(server->port());
    later.send(request("GET", "/health") + webSocketHandshake);
    response = later.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    response = later.read();
    QVERIFY(response);
    QCOMPARE(response->status, 501);
}

void tst_Server::webSocketHook()
{
    WebSocketServer server(makeTestService(false));
    server.webSockets.setSupportedSubprotocols({QStringLiteral("graphql-transport-ws")});
    QVERIFY(server.listen());

    QWebSocketHandshakeOptions handshake;
    handshake.setSubprotocols({QStringLiteral("graphql-transport-ws")});
    QWebSocket client;
    client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/graphql?x=1").arg(server.port())),
                handshake);
    QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);
    QCOMPARE(client.subprotocol(), QStringLiteral("graphql-transport-ws"));
    QCOMPARE(server.seen.path, QStringLiteral("/graphql"));
    QCOMPARE(server.seen.query, QByteArray("x=1"));
    QVERIFY(server.webSockets.hasPendingConnections());
    std::unique_ptr<QWebSocket> accepted(server.webSockets.nextPendingConnection());
    QCOMPARE(accepted->subprotocol(), QStringLiteral("graphql-transport-ws"));
    QCOMPARE(server.connectionCount(), 0); // the HTTP side let go of it

    QString received;
    QObject::connect(accepted.get(), &QWebSocket::textMessageReceived,
                     [&](const QString &message) { received = message; });
    client.sendTextMessage(QStringLiteral("{\"type\":\"connection_init\"}"));
    QTRY_COMPARE(received, QStringLiteral("{\"type\":\"connection_init\"}"));

    // After a keep-alive request on the same connection.
    Client raw(server.port());
    raw.send(request("GET", "/health") + webSocketHandshake);
    std::optional<RawResponse> response = raw.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    response = raw.read();
    QVERIFY(response);
    QCOMPARE(response->status, 101);
    QCOMPARE(response->header("sec-websocket-protocol"), QByteArray("graphql-transport-ws"));
}

void tst_Server::https()
{
    if (!QSslSocket::supportsSsl())
        QFAIL("Qt has no TLS backend");
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        QFAIL("the openssl command (Debian package openssl) is needed to make a test certificate");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString certificate = dir.filePath(QStringLiteral("cert.pem"));
    const QString key = dir.filePath(QStringLiteral("key.pem"));
    QProcess process;
    process.start(openssl,
                  {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                   "-nodes", "-keyout", key, "-out", certificate, "-days", "2", "-subj",
                   "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"});
    QVERIFY(process.waitForFinished(30000));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());

    RexOrm::ServerOptions options;
    options.tlsCertificateFile = certificate;
    options.tlsKeyFile = key;
    const auto server = startServer(options);
    QVERIFY2(server->isListening(), qPrintable(server->errorString()));
    QCOMPARE(server->url().scheme(), QStringLiteral("https"));

    // A client that trusts the certificate and checks its name.
    QFile file(certificate);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromData(file.readAll()));
    tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    Client client(server->port(), &tls);
    QVERIFY(client.isConnected());
    client.send(post(R"({"query":"{ hello }"})"));
    std::optional<RawResponse> response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray(R"({"data":{"hello":"Hello, world!"}})"));
    client.send(request("GET", "/health"));
    response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);

    // Plain HTTP on the HTTPS port gets nowhere.
    Client plain(server->port());
    plain.send(request("GET", "/health"));
    QVERIFY(plain.waitForClosed());
    QVERIFY(!plain.buffered().startsWith("HTTP/1.1 200"));
}

QTEST_GUILESS_MAIN(tst_Server)
