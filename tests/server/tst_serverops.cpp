#include "tst_serverops.h"

#include "../common/testdatabases.h"

#include <rexorm/error.h>
#include <rexorm/graphql/execution.h>
#include <rexorm/server/serverconfig.h>

#include <QtCore/QCryptographicHash>
#include <QtCore/QDateTime>
#include <QtCore/QDeadlineTimer>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QMessageAuthenticationCode>
#include <QtCore/QMutex>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtCore/QTemporaryDir>
#include <QtCore/QThread>
#include <QtNetwork/QNetworkInterface>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <atomic>
#include <memory>
#include <optional>

using namespace RexOrm;
using namespace std::chrono_literals;

namespace {

const QByteArray jwtSecret = "a-test-secret-that-is-long-enough-for-hs256";

struct RawResponse
{
    int status = 0;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QByteArray header(QByteArrayView name) const
    {
        for (const auto &[key, value] : headers) {
            if (key == name)
                return value;
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

// Raw HTTP over one connection, waiting with the event loop so the server (same thread) runs.
class Client
{
public:
    explicit Client(quint16 port, const QHostAddress &host = QHostAddress::LocalHost)
    {
        m_socket.connectToHost(host, port);
        m_connected = QTest::qWaitFor(
            [this] { return m_socket.state() == QAbstractSocket::ConnectedState; }, 10000);
    }
    bool isConnected() const { return m_connected; }

    void send(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.flush();
    }
    std::optional<RawResponse> read(int timeoutMs = 20000)
    {
        QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end >= 0) {
                RawResponse response;
                const QList<QByteArray> lines = m_buffer.left(end).split('\n');
                response.status = lines.front().trimmed().split(' ').value(1).toInt();
                for (qsizetype i = 1; i < lines.size(); ++i) {
                    const QByteArray line = lines[i].trimmed();
                    const qsizetype colon = line.indexOf(':');
                    response.headers.append(
                        {line.left(colon).toLower(), line.mid(colon + 1).trimmed()});
                }
                const qint64 length = response.header("content-length").toLongLong();
                if (m_buffer.size() >= end + 4 + length) {
                    response.body = m_buffer.mid(end + 4, length);
                    m_buffer.remove(0, end + 4 + length);
                    return response;
                }
            }
            if (deadline.hasExpired() || (m_socket.state() != QAbstractSocket::ConnectedState &&
                                          m_socket.bytesAvailable() == 0))
                return std::nullopt;
            [[maybe_unused]] const bool arrived = QTest::qWaitFor(
                [this] {
                    return m_socket.bytesAvailable() > 0 ||
                           m_socket.state() != QAbstractSocket::ConnectedState;
                },
                int(qMax<qint64>(1, deadline.remainingTime())));
            m_buffer += m_socket.readAll();
        }
    }
    bool waitForClosed(int timeoutMs = 20000)
    {
        return QTest::qWaitFor(
            [this] {
                m_buffer += m_socket.readAll();
                return m_socket.state() == QAbstractSocket::UnconnectedState;
            },
            timeoutMs);
    }
    const QByteArray &buffered() const { return m_buffer; }

private:
    QTcpSocket m_socket;
    QByteArray m_buffer;
    bool m_connected = false;
};

QByteArray post(const QByteArray &body, const QByteArray &headers = {},
                const QByteArray &path = "/graphql")
{
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
           headers + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray get(const QByteArray &target, const QByteArray &headers = {})
{
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n";
}

std::optional<RawResponse> exchange(quint16 port, const QByteArray &bytes)
{
    Client client(port);
    if (!client.isConnected())
        return std::nullopt;
    client.send(bytes);
    return client.read();
}

QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray makeJwt(const QJsonObject &claims, const QByteArray &secret = jwtSecret,
                   const QByteArray &alg = "HS256")
{
    const QByteArray header =
        base64Url(QJsonDocument(QJsonObject{{QStringLiteral("alg"), QString::fromLatin1(alg)},
                                            {QStringLiteral("typ"), QStringLiteral("JWT")}})
                      .toJson(QJsonDocument::Compact));
    const QByteArray payload = base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    const QByteArray signingInput = header + '.' + payload;
    if (alg == "none")
        return signingInput + '.';
    return signingInput + '.' +
           base64Url(
               QMessageAuthenticationCode::hash(signingInput, secret, QCryptographicHash::Sha256));
}

qint64 now()
{
    return QDateTime::currentSecsSinceEpoch();
}

std::atomic<int> slowStarted{0};

// type Query { whoami: JSON-ish String, slow(ms): String, busy(ms): String }: whoami answers what
// the request context holds (role, access); busy keeps the database busy with SQL.
std::shared_ptr<GraphQL::Service> makeService(std::optional<Database> database = std::nullopt)
{
    using namespace RexOrm::GraphQL;
    auto schema = std::make_shared<Schema>(Schema::fromSdl(QStringLiteral(
        "type Query { whoami: String  slow(ms: Int!): String  busy(ms: Int!): String }")));
    schema->setResolver(
        u"Query", u"whoami", [](const QVariant &, const QVariantMap &, const ResolveInfo &info) {
            const QVariantMap &context = info.context();
            const auto access =
                context.value(QString::fromLatin1(accessContextKey)).value<GraphQL::Access>();
            QJsonObject entities;
            for (auto it = access.entities.begin(); it != access.entities.end(); ++it)
                entities.insert(it.key(), QJsonObject{{QStringLiteral("read"), it->read},
                                                      {QStringLiteral("write"), it->write},
                                                      {QStringLiteral("where"),
                                                       QJsonObject::fromVariantMap(it->where)}});
            const QJsonObject who{
                {QStringLiteral("role"), context.value(QStringLiteral("rexorm.role")).toString()},
                {QStringLiteral("subject"),
                 context.value(QStringLiteral("rexorm.subject")).toString()},
                {QStringLiteral("hasAccess"),
                 context.contains(QString::fromLatin1(accessContextKey))},
                {QStringLiteral("read"), access.defaults.read},
                {QStringLiteral("write"), access.defaults.write},
                {QStringLiteral("entities"), entities},
            };
            return QVariant(QString::fromUtf8(QJsonDocument(who).toJson(QJsonDocument::Compact)));
        });
    schema->setResolver(u"Query", u"slow",
                        [](const QVariant &, const QVariantMap &args, const ResolveInfo &) {
                            ++slowStarted;
                            const int ms = args.value(QStringLiteral("ms")).toInt();
                            QThread::msleep(ulong(qBound(0, ms, 10000)));
                            return QVariant(QStringLiteral("slept %1 ms").arg(ms));
                        });
    schema->setResolver(u"Query", u"busy",
                        [database](const QVariant &, const QVariantMap &args, const ResolveInfo &) {
                            if (!database)
                                throw FieldError(QStringLiteral("no database"));
                            database->execute(RexOrmTest::busySql(
                                *database, args.value(QStringLiteral("ms")).toInt()));
                            return QVariant(QStringLiteral("done"));
                        });
    auto service = std::make_shared<Service>(schema);
    if (database) {
        service->setDatabase(*database);
    } else {
        DatabaseConfig config = DatabaseConfig::fromUrl(QStringLiteral("sqlite::memory:"));
        config.executorThreads = 4;
        service->setDatabase(Database(config));
    }
    return service;
}

AuthOptions testAuth()
{
    AuthOptions auth;
    auth.jwtSecret = jwtSecret;
    auth.roles.insert(QStringLiteral("admin"), AuthOptions::allowAll());
    GraphQL::Access reader = AuthOptions::readOnly();
    reader.entities.insert(
        QStringLiteral("Post"),
        GraphQL::EntityAccess{
            true, false,
            QVariantMap{{QStringLiteral("authorId"),
                         QVariantMap{{QStringLiteral("eq"), QStringLiteral("$claims.sub")}}}}});
    auth.roles.insert(QStringLiteral("reader"), reader);
    auth.addApiKey(QStringLiteral("clear-key-123"), QStringLiteral("admin"));
    auth.addApiKeyHash(
        QString::fromLatin1(
            QCryptographicHash::hash("hashed-key-456", QCryptographicHash::Sha256).toHex()),
        QStringLiteral("reader"));
    return auth;
}

std::unique_ptr<Server> startServer(ServerOptions options,
                                    std::shared_ptr<GraphQL::Service> service = makeService())
{
    auto server = std::make_unique<Server>(std::move(service), std::move(options));
    if (!server->listen())
        qWarning("listen() failed: %s", qPrintable(server->errorString()));
    return server;
}

const QByteArray whoami = R"({"query":"{ whoami }"})";

QJsonObject who(const RawResponse &response)
{
    return QJsonDocument::fromJson(response.json()
                                       .value(QStringLiteral("data"))
                                       .toObject()
                                       .value(QStringLiteral("whoami"))
                                       .toString()
                                       .toUtf8())
        .object();
}

// Messages of rexorm.server.access, captured while a test runs.
QMutex capturedMutex;
QStringList captured;
QtMessageHandler previousHandler = nullptr;
void captureAccessLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (context.category && qstrcmp(context.category, "rexorm.server.access") == 0) {
        QMutexLocker lock(&capturedMutex);
        captured << message;
        return;
    }
    if (previousHandler)
        previousHandler(type, context, message);
}

struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

CliResult runCli(const QStringList &arguments, const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(REXORM_CLI_PATH), arguments);
    if (!process.waitForFinished(60000))
        process.kill();
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput(), process.readAllStandardError()};
}

QProcessEnvironment cleanEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &key : environment.keys()) {
        if (key.startsWith(QLatin1String("REXORM_SERVE_")) || key == u"REXORM_DATABASE_URL")
            environment.remove(key);
    }
    return environment;
}

} // namespace

void tst_ServerOps::cleanup()
{
    if (previousHandler) {
        qInstallMessageHandler(previousHandler);
        previousHandler = nullptr;
    }
}

void tst_ServerOps::jwt_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("role");

    const auto claims = [](const QString &role, qint64 exp) {
        QJsonObject object{{QStringLiteral("sub"), QStringLiteral("42")},
                           {QStringLiteral("exp"), double(exp)}};
        if (!role.isEmpty())
            object.insert(QStringLiteral("role"), role);
        return object;
    };
    QTest::newRow("valid admin") << makeJwt(claims(QStringLiteral("admin"), now() + 600)) << 200
                                 << QStringLiteral("admin");
    QTest::newRow("valid reader") << makeJwt(claims(QStringLiteral("reader"), now() + 600)) << 200
                                  << QStringLiteral("reader");
    QTest::newRow("expired") << makeJwt(claims(QStringLiteral("admin"), now() - 3600)) << 401
                             << QString();
    QTest::newRow("bad signature")
        << makeJwt(claims(QStringLiteral("admin"), now() + 600), "another-secret-another-secret!!")
        << 401 << QString();
    QTest::newRow("alg none") << makeJwt(claims(QStringLiteral("admin"), now() + 600), jwtSecret,
                                         "none")
                              << 401 << QString();
    QTest::newRow("alg HS512 label")
        << makeJwt(claims(QStringLiteral("admin"), now() + 600), jwtSecret, "HS512") << 401
        << QString();
    QTest::newRow("no exp") << makeJwt(
                                   QJsonObject{{QStringLiteral("role"), QStringLiteral("admin")}})
                            << 401 << QString();
    QTest::newRow("not yet valid")
        << makeJwt(QJsonObject{{QStringLiteral("role"), QStringLiteral("admin")},
                               {QStringLiteral("exp"), double(now() + 7200)},
                               {QStringLiteral("nbf"), double(now() + 3600)}})
        << 401 << QString();
    QTest::newRow("wrong role") << makeJwt(claims(QStringLiteral("superuser"), now() + 600)) << 403
                                << QString();
    QTest::newRow("no role claim") << makeJwt(claims(QString(), now() + 600)) << 401 << QString();
    QTest::newRow("tampered payload") << [] {
        QByteArray token = makeJwt(QJsonObject{{QStringLiteral("role"), QStringLiteral("reader")},
                                               {QStringLiteral("exp"), double(now() + 600)}});
        const QList<QByteArray> parts = token.split('.');
        return parts[0] + '.' +
               base64Url(R"({"role":"admin","exp":)" + QByteArray::number(now() + 600) + '}') +
               '.' + parts[2];
    }() << 401 << QString();
    QTest::newRow("garbage") << QByteArray("a.b.c") << 401 << QString();
}

void tst_ServerOps::jwt()
{
    QFETCH(QByteArray, token);
    QFETCH(int, status);
    QFETCH(QString, role);

    ServerOptions options;
    options.auth = testAuth();
    const auto server = startServer(options);
    QVERIFY(server->isListening());

    const std::optional<RawResponse> response =
        exchange(server->port(), post(whoami, "Authorization: Bearer " + token + "\r\n"));
    QVERIFY(response);
    QCOMPARE(response->status, status);
    if (status == 401) {
        QCOMPARE(response->header("www-authenticate"),
                 QByteArray(R"(Bearer realm="rexorm", error="invalid_token")"));
        QVERIFY(!response->body.contains(token)); // the token is never echoed
    }
    if (status != 200)
        return;
    const QJsonObject caller = who(*response);
    QCOMPARE(caller.value(QStringLiteral("role")).toString(), role);
    QCOMPARE(caller.value(QStringLiteral("hasAccess")).toBool(), true);
    QCOMPARE(caller.value(QStringLiteral("write")).toBool(), role == u"admin");
}

void tst_ServerOps::apiKeys()
{
    ServerOptions options;
    options.auth = testAuth();
    const auto server = startServer(options);
    QVERIFY(server->isListening());

    // A key configured in clear, by X-API-Key and by Bearer.
    std::optional<RawResponse> response =
        exchange(server->port(), post(whoami, "X-API-Key: clear-key-123\r\n"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(who(*response).value(QStringLiteral("role")).toString(), QStringLiteral("admin"));
    response = exchange(server->port(), post(whoami, "Authorization: Bearer clear-key-123\r\n"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);

    // A key configured as its SHA-256 digest.
    response = exchange(server->port(), post(whoami, "X-API-Key: hashed-key-456\r\n"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(who(*response).value(QStringLiteral("role")).toString(), QStringLiteral("reader"));
    QCOMPARE(who(*response).value(QStringLiteral("write")).toBool(), false);

    // A wrong key, a key one character short, two credentials at once.
    for (const QByteArray &headers :
         {QByteArray("X-API-Key: wrong\r\n"), QByteArray("X-API-Key: clear-key-12\r\n"),
          QByteArray("X-API-Key: clear-key-123\r\nAuthorization: Bearer clear-key-123\r\n"),
          QByteArray("Authorization: Basic Y2xlYXI6a2V5\r\n")}) {
        response = exchange(server->port(), post(whoami, headers));
        QVERIFY(response);
        QCOMPARE(response->status, 401);
        QVERIFY(response->header("www-authenticate").startsWith("Bearer realm=\"rexorm\""));
    }
    QCOMPARE(server->metrics().authFailures.value(), quint64(4));

    // The same checks for WebSocket payloads (connection_init).
    const AuthResult byToken =
        server->authenticator().authenticateToken(QStringLiteral("hashed-key-456"));
    QVERIFY(byToken.ok());
    QCOMPARE(byToken.principal.role, QStringLiteral("reader"));
    QVERIFY(!byToken.principal.expiresAt.isValid());
    const AuthResult jwt = server->authenticator().authenticateToken(
        QString::fromLatin1("Bearer " + makeJwt({{QStringLiteral("role"), QStringLiteral("admin")},
                                                 {QStringLiteral("exp"), double(now() + 60)}})));
    QVERIFY(jwt.ok());
    QVERIFY(jwt.principal.expiresAt.isValid());
    QVERIFY(jwt.principal.expiresAt > QDateTime::currentDateTimeUtc());
    QCOMPARE(server->authenticator().authenticateToken(QString()).status,
             AuthResult::Status::Required);
}

void tst_ServerOps::anonymousPolicy()
{
    // Loopback without credentials configured: anonymous callers may do everything.
    {
        const auto server = startServer({});
        const std::optional<RawResponse> response = exchange(server->port(), post(whoami));
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(who(*response).value(QStringLiteral("write")).toBool(), true);
        QCOMPARE(who(*response).value(QStringLiteral("role")).toString(), QString());
    }
    // Credentials configured: anonymous callers need them, even on loopback.
    {
        ServerOptions options;
        options.auth = testAuth();
        const auto server = startServer(options);
        const std::optional<RawResponse> response = exchange(server->port(), post(whoami));
        QVERIFY(response);
        QCOMPARE(response->status, 401);
        QCOMPARE(response->header("www-authenticate"), QByteArray(R"(Bearer realm="rexorm")"));
        // The health endpoints stay open.
        QCOMPARE(exchange(server->port(), get("/healthz"))->status, 200);
    }
    // An anonymous policy configured per entity and operation.
    {
        ServerOptions options;
        options.auth = testAuth();
        GraphQL::Access anonymous = AuthOptions::readOnly();
        anonymous.entities.insert(QStringLiteral("Secret"),
                                  GraphQL::EntityAccess{false, false, {}});
        options.auth.anonymous = anonymous;
        const auto server = startServer(options);
        const std::optional<RawResponse> response = exchange(server->port(), post(whoami));
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        const QJsonObject caller = who(*response);
        QCOMPARE(caller.value(QStringLiteral("read")).toBool(), true);
        QCOMPARE(caller.value(QStringLiteral("write")).toBool(), false);
        QCOMPARE(caller.value(QStringLiteral("entities"))
                     .toObject()
                     .value(QStringLiteral("Secret"))
                     .toObject()
                     .value(QStringLiteral("read"))
                     .toBool(true),
                 false);
    }
}

void tst_ServerOps::nonLoopbackDeniesAnonymousByDefault()
{
    // The policy: nothing for anonymous callers off loopback unless configured.
    AuthOptions none;
    QVERIFY(effectiveAnonymousAccess(none, QHostAddress(QHostAddress::LocalHost)));
    QVERIFY(effectiveAnonymousAccess(none, QHostAddress(QHostAddress::LocalHostIPv6)));
    QVERIFY(!effectiveAnonymousAccess(none, QHostAddress(QHostAddress::Any)));
    QVERIFY(!effectiveAnonymousAccess(none, QHostAddress(QStringLiteral("192.168.1.10"))));
    AuthOptions configured;
    configured.anonymous = AuthOptions::readOnly();
    QVERIFY(effectiveAnonymousAccess(configured, QHostAddress(QHostAddress::Any)));

    // And a real server on this machine's non-loopback address, when it has one.
    QHostAddress address;
    for (const QHostAddress &candidate : QNetworkInterface::allAddresses()) {
        if (!candidate.isLoopback() && candidate.protocol() == QAbstractSocket::IPv4Protocol) {
            address = candidate;
            break;
        }
    }
    if (address.isNull())
        return; // the policy function above is the test then
    ServerOptions options;
    options.host = address;
    options.allowedHosts = {QStringLiteral("*")};
    const auto server = startServer(options);
    QVERIFY2(server->isListening(), qPrintable(server->errorString()));
    QVERIFY(!server->authenticator().anonymousAccess());
    Client client(server->port(), address);
    QVERIFY(client.isConnected());
    client.send(post(whoami));
    const std::optional<RawResponse> response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 401);
}

void tst_ServerOps::claimsInRowFilters()
{
    ServerOptions options;
    options.auth = testAuth();
    const auto server = startServer(options);
    // The reader's Post filter takes the token's subject.
    const QByteArray token = makeJwt({{QStringLiteral("role"), QStringLiteral("reader")},
                                      {QStringLiteral("sub"), QStringLiteral("user-7")},
                                      {QStringLiteral("exp"), double(now() + 600)}});
    std::optional<RawResponse> response =
        exchange(server->port(), post(whoami, "Authorization: Bearer " + token + "\r\n"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QJsonObject post = who(*response)
                           .value(QStringLiteral("entities"))
                           .toObject()
                           .value(QStringLiteral("Post"))
                           .toObject();
    QCOMPARE(post.value(QStringLiteral("read")).toBool(), true);
    QCOMPARE(post.value(QStringLiteral("where")).toObject(),
             QJsonObject({{QStringLiteral("authorId"),
                           QJsonObject{{QStringLiteral("eq"), QStringLiteral("user-7")}}}}));
    QCOMPARE(who(*response).value(QStringLiteral("subject")).toString(), QStringLiteral("user-7"));

    // Without the claim the filter cannot be completed: no access rather than no filter.
    const QByteArray noSubject = makeJwt({{QStringLiteral("role"), QStringLiteral("reader")},
                                          {QStringLiteral("exp"), double(now() + 600)}});
    response =
        exchange(server->port(), ::post(whoami, "Authorization: Bearer " + noSubject + "\r\n"));
    QVERIFY(response);
    post = who(*response)
               .value(QStringLiteral("entities"))
               .toObject()
               .value(QStringLiteral("Post"))
               .toObject();
    QCOMPARE(post.value(QStringLiteral("read")).toBool(true), false);
    QCOMPARE(post.value(QStringLiteral("write")).toBool(true), false);
}

void tst_ServerOps::healthAndReadiness()
{
    const auto server = startServer({});
    for (const QByteArray path : {"/health", "/healthz", "/readyz"}) {
        const std::optional<RawResponse> response = exchange(server->port(), get(path));
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    }
    const std::optional<RawResponse> post = exchange(server->port(), ::post("{}", {}, "/readyz"));
    QVERIFY(post);
    QCOMPARE(post->status, 405);
}

void tst_ServerOps::readinessFailsWithoutTheDatabase()
{
    // A PostgreSQL URL to a port nobody listens on.
    quint16 closedPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        closedPort = probe.serverPort();
    }
    DatabaseConfig config = DatabaseConfig::fromUrl(
        QStringLiteral("postgres://nobody:secret@127.0.0.1:%1/nothing").arg(closedPort));
    config.acquireTimeoutMs = 1000;
    const auto server = startServer({}, makeService(Database(config)));
    std::optional<RawResponse> response = exchange(server->port(), get("/readyz"));
    QVERIFY(response);
    QCOMPARE(response->status, 503);
    QCOMPARE(response->json().value(QStringLiteral("status")).toString(),
             QStringLiteral("unavailable"));
    QVERIFY(!response->body.contains("secret"));
    // The process itself is alive.
    response = exchange(server->port(), get("/healthz"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
}

void tst_ServerOps::metricsInPrometheusFormat()
{
    ServerOptions options;
    options.auth = testAuth();
    options.auth.anonymous = AuthOptions::allowAll();
    const auto server = startServer(options);
    QCOMPARE(exchange(server->port(), post(whoami))->status, 200);
    QCOMPARE(exchange(server->port(), get("/nothing"))->status, 404);
    QCOMPARE(exchange(server->port(), post(whoami, "X-API-Key: wrong\r\n"))->status, 401);
    server->metrics().webSocketConnections.increment(3);
    server->metrics().webSocketConnections.decrement();
    server->metrics().subscribers.set(5);
    server->metrics().changeEventsDelivered.increment(7);
    server->metrics().slowConsumersDropped.increment();

    Client client(server->port());
    client.send(get("/metrics"));
    const std::optional<RawResponse> response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QVERIFY(response->header("content-type").startsWith("text/plain; version=0.0.4"));

    // Every line is a comment (# HELP, # TYPE) or `name{labels} value`; each family is typed.
    static const QRegularExpression sampleLine(QStringLiteral(
        R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_]+="[^"]*"(,[a-zA-Z_]+="[^"]*")*\})? )"
        R"((-?[0-9.eE+-]+|\+Inf|NaN)$)"));
    QHash<QString, QString> types;
    QHash<QString, double> values; // name + labels -> value
    const QStringList lines = QString::fromUtf8(response->body).split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        if (line.startsWith(QLatin1String("# TYPE "))) {
            const QStringList parts = line.split(u' ');
            QCOMPARE(parts.size(), 4);
            types.insert(parts[2], parts[3]);
            continue;
        }
        if (line.startsWith(u'#'))
            continue;
        const QRegularExpressionMatch match = sampleLine.match(line);
        QVERIFY2(match.hasMatch(), qPrintable(line));
        const QString name = match.captured(1);
        const QString family =
            types.contains(name) ? name : name.section(u'_', 0, -2); // _bucket, _sum, _count
        QVERIFY2(types.contains(family), qPrintable(line));
        values.insert(name + match.captured(2), match.captured(4).toDouble());
    }
    QCOMPARE(types.value(QStringLiteral("rexorm_http_requests_total")), QStringLiteral("counter"));
    QCOMPARE(types.value(QStringLiteral("rexorm_http_request_duration_seconds")),
             QStringLiteral("histogram"));
    QCOMPARE(values.value(QStringLiteral("rexorm_http_requests_total{code=\"2xx\"}")), 1.0);
    QCOMPARE(values.value(QStringLiteral("rexorm_http_requests_total{code=\"4xx\"}")), 2.0);
    QCOMPARE(values.value(QStringLiteral("rexorm_auth_failures_total")), 1.0);
    QCOMPARE(values.value(QStringLiteral("rexorm_http_requests_in_flight")), 1.0); // this one
    QCOMPARE(values.value(QStringLiteral("rexorm_http_connections")), 1.0);
    QCOMPARE(values.value(QStringLiteral("rexorm_websocket_connections")), 2.0);
    QCOMPARE(values.value(QStringLiteral("rexorm_subscribers")), 5.0);
    QCOMPARE(values.value(QStringLiteral("rexorm_change_events_delivered_total")), 7.0);
    QCOMPARE(values.value(QStringLiteral("rexorm_slow_consumers_dropped_total")), 1.0);
    QVERIFY(values.contains(QStringLiteral("rexorm_pool_capacity")));
    // Cumulative buckets ending in +Inf, which equals the count.
    double previous = 0;
    for (const double bound : ServerMetrics::latencyBuckets) {
        const QString key = QStringLiteral("rexorm_http_request_duration_seconds_bucket{le=\"%1\"}")
                                .arg(QString::number(bound, 'g', 12));
        QVERIFY2(values.contains(key), qPrintable(key));
        QVERIFY(values.value(key) >= previous);
        previous = values.value(key);
    }
    const double infinity =
        values.value(QStringLiteral("rexorm_http_request_duration_seconds_bucket{le=\"+Inf\"}"));
    QCOMPARE(infinity, 3.0);
    QVERIFY(infinity >= previous);
    QCOMPARE(values.value(QStringLiteral("rexorm_http_request_duration_seconds_count")), infinity);
}

void tst_ServerOps::metricsCanRequireCredentials()
{
    ServerOptions options;
    options.auth = testAuth();
    options.auth.anonymous = AuthOptions::allowAll();
    options.auth.metricsRequireAuth = true;
    auto server = startServer(options);
    QCOMPARE(exchange(server->port(), get("/metrics"))->status, 401);
    QCOMPARE(exchange(server->port(), get("/metrics", "X-API-Key: clear-key-123\r\n"))->status,
             200);
    options.metrics = false;
    server = startServer(options);
    QCOMPARE(exchange(server->port(), get("/metrics", "X-API-Key: clear-key-123\r\n"))->status,
             404);
}

void tst_ServerOps::accessLog()
{
    {
        QMutexLocker lock(&capturedMutex);
        captured.clear();
    }
    previousHandler = qInstallMessageHandler(captureAccessLog);
    ServerOptions options;
    options.auth = testAuth();
    options.accessLog = ServerOptions::AccessLog::Json;
    auto server = startServer(options);

    const QByteArray token = makeJwt({{QStringLiteral("role"), QStringLiteral("admin")},
                                      {QStringLiteral("exp"), double(now() + 600)}});
    const QByteArray body = R"({"query":"query($p: Int!) { slow(ms: $p) }","variables":{"p":1}})";
    Client client(server->port());
    client.send(post(body, "Authorization: Bearer " + token + "\r\nX-Request-Id: trace-1\r\n",
                     "/graphql?token=url-secret"));
    std::optional<RawResponse> response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("x-request-id"), QByteArray("trace-1"));
    client.send(get("/healthz"));
    response = client.read();
    QVERIFY(response);
    const QByteArray generatedId = response->header("x-request-id");
    QCOMPARE(generatedId.size(), 32);

    QStringList lines;
    {
        QMutexLocker lock(&capturedMutex);
        lines = captured;
    }
    QCOMPARE(lines.size(), 2);
    const QJsonObject first = QJsonDocument::fromJson(lines[0].toUtf8()).object();
    QCOMPARE(first.value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
    QCOMPARE(first.value(QStringLiteral("path")).toString(), QStringLiteral("/graphql"));
    QCOMPARE(first.value(QStringLiteral("status")).toInt(), 200);
    QVERIFY(first.value(QStringLiteral("bytes")).toInt() > 0);
    QVERIFY(first.value(QStringLiteral("durationMs")).isDouble());
    QCOMPARE(first.value(QStringLiteral("peer")).toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(first.value(QStringLiteral("requestId")).toString(), QStringLiteral("trace-1"));
    QVERIFY(first.contains(QStringLiteral("time")));
    const QJsonObject second = QJsonDocument::fromJson(lines[1].toUtf8()).object();
    QCOMPARE(second.value(QStringLiteral("requestId")).toString(),
             QString::fromLatin1(generatedId));
    for (const QString &line : lines) {
        QVERIFY(!line.contains(QString::fromLatin1(token.left(20))));
        QVERIFY(!line.contains(u"url-secret"));
        QVERIFY(!line.contains(u"variables"));
    }

    // The text form; and nothing when it is off.
    options.accessLog = ServerOptions::AccessLog::Text;
    server = startServer(options);
    QCOMPARE(exchange(server->port(), get("/healthz"))->status, 200);
    options.accessLog = ServerOptions::AccessLog::Off;
    server = startServer(options);
    QCOMPARE(exchange(server->port(), get("/healthz"))->status, 200);
    QMutexLocker lock(&capturedMutex);
    QCOMPARE(captured.size(), 3);
    QVERIFY2(QRegularExpression(
                 QStringLiteral(
                     R"(^GET /healthz 200 \d+B [0-9.]+ms peer=127\.0\.0\.1 id=[0-9a-f]{32}$)"))
                 .match(captured[2])
                 .hasMatch(),
             qPrintable(captured[2]));
}

void tst_ServerOps::shutdownFinishesInFlightRequests()
{
    const auto server = startServer({});
    QSignalSpy shuttingDown(server.get(), &Server::shuttingDown);
    QSignalSpy stopped(server.get(), &Server::stopped);

    Client idle(server->port()); // keep-alive, between requests
    idle.send(get("/healthz"));
    QVERIFY(idle.read());

    slowStarted = 0;
    Client busy(server->port());
    busy.send(post(R"({"query":"{ slow(ms: 1500) }"})"));
    QTRY_COMPARE_WITH_TIMEOUT(slowStarted.load(), 1, 10000);

    server->shutdown(60s);
    QCOMPARE(shuttingDown.size(), 1);
    QVERIFY(server->isShuttingDown());
    QVERIFY(!server->isListening());
    QVERIFY(idle.waitForClosed()); // nothing to finish there

    // The request in flight is answered, and its connection then closes.
    const std::optional<RawResponse> response = busy.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray(R"({"data":{"slow":"slept 1500 ms"}})"));
    QCOMPARE(response->header("connection"), QByteArray("close"));
    QVERIFY(busy.waitForClosed());
    QVERIFY(stopped.wait(20000) || stopped.size() == 1);
    QCOMPARE(stopped.size(), 1);

    // No new connections.
    QTcpSocket late;
    late.connectToHost(QHostAddress::LocalHost, server->url().port());
    QVERIFY(!late.waitForConnected(2000) || late.waitForDisconnected(2000));
}

void tst_ServerOps::shutdownGraceRunsOut()
{
    const auto server = startServer({});
    QSignalSpy stopped(server.get(), &Server::stopped);
    slowStarted = 0;
    Client busy(server->port());
    busy.send(post(R"({"query":"{ slow(ms: 3000) }"})"));
    QTRY_COMPARE_WITH_TIMEOUT(slowStarted.load(), 1, 10000);
    server->shutdown(100ms);
    QVERIFY(stopped.wait(20000));
    QVERIFY(busy.waitForClosed());
    QVERIFY(!busy.buffered().startsWith("HTTP/1.1 200"));
}

void tst_ServerOps::serveStopsOnSigterm()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcess process;
    process.setProcessEnvironment(cleanEnvironment());
    process.start(QStringLiteral(REXORM_CLI_PATH),
                  {QStringLiteral("serve"), QStringLiteral("-d"),
                   QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("serve.db")),
                   QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--access-log"),
                   QStringLiteral("json")});
    QVERIFY(process.waitForStarted());
    QByteArray out;
    QVERIFY(QTest::qWaitFor(
        [&] {
            out += process.readAllStandardOutput();
            return out.contains("GraphQL on ") || process.state() == QProcess::NotRunning;
        },
        30000));
    const QRegularExpressionMatch url =
        QRegularExpression(QStringLiteral(R"(http://127\.0\.0\.1:(\d+)/graphql)"))
            .match(QString::fromUtf8(out));
    QVERIFY2(url.hasMatch(), out.constData());
    const quint16 port = quint16(url.captured(1).toUInt());
    const std::optional<RawResponse> response = exchange(port, get("/healthz"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);

    process.terminate(); // SIGTERM
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(err.contains("rexorm serve: stopped"), err.constData());
    // The access log: one bare JSON object per line for the request.
    bool logged = false;
    for (const QByteArray &line : err.split('\n')) {
        const QJsonObject entry = QJsonDocument::fromJson(line).object();
        if (entry.value(QStringLiteral("path")).toString() == u"/healthz")
            logged = entry.value(QStringLiteral("status")).toInt() == 200;
    }
    QVERIFY2(logged, err.constData());
}

void tst_ServerOps::configurationFromJson()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile secretFile(dir.filePath(QStringLiteral("jwt.secret")));
    QVERIFY(secretFile.open(QIODevice::WriteOnly));
    secretFile.write(jwtSecret + '\n');
    secretFile.close();

    const QByteArray text = R"({
        "host": "0.0.0.0", "port": 8080, "path": "/api", "cors": "https://app.example.com",
        "tls": {"certificate": "cert.pem", "key": "key.pem"},
        "limits": {"maxBodyBytes": 2048, "maxDepth": 7, "requestTimeout": 5000},
        "introspection": false, "statementTimeout": 250, "shutdownGrace": 1500,
        "accessLog": "json", "metrics": {"requireAuth": true},
        "auth": {
            "apiKeys": [{"role": "admin", "key": "k1"},
                        {"role": "reader", "sha256": "0000000000000000000000000000000000000000000000000000000000000000"}],
            "jwt": {"secretFile": "jwt.secret", "roleClaim": "https://x.io/role", "defaultRole": "reader"},
            "roles": {"admin": {"default": {"read": true, "write": true}},
                      "reader": {"default": {"write": false},
                                 "entities": {"Post": {"where": {"published": {"eq": true}}}}}},
            "anonymous": "read"
        }
    })";
    ServerConfig config;
    config.applyJson(QJsonDocument::fromJson(text).object(), QDir(dir.path()));
    QCOMPARE(config.server.host, QHostAddress(QHostAddress::AnyIPv4));
    QCOMPARE(config.server.port, quint16(8080));
    QCOMPARE(config.server.path, QStringLiteral("/api"));
    QCOMPARE(config.server.corsOrigins, QStringList{QStringLiteral("https://app.example.com")});
    QCOMPARE(config.server.tlsCertificateFile, dir.filePath(QStringLiteral("cert.pem")));
    QCOMPARE(config.server.maxBodyBytes, 2048);
    QCOMPARE(config.service.maxDepth, 7);
    QCOMPARE(config.server.requestTimeout, 5000ms);
    QCOMPARE(config.service.introspection, false);
    QCOMPARE(config.shutdownGrace, 1500ms);
    QCOMPARE(config.server.accessLog, ServerOptions::AccessLog::Json);
    QCOMPARE(config.server.auth.metricsRequireAuth, true);
    QCOMPARE(config.server.auth.apiKeys.size(), 2);
    QCOMPARE(config.server.auth.jwtSecret, jwtSecret);
    QCOMPARE(config.server.auth.jwtRoleClaim, QStringLiteral("https://x.io/role"));
    QCOMPARE(config.server.auth.roles.size(), 2);
    QCOMPARE(config.server.auth.roles.value(QStringLiteral("reader")).defaults.write, false);
    QCOMPARE(
        config.server.auth.roles.value(QStringLiteral("reader")).of(QStringLiteral("Post")).where,
        (QVariantMap{{QStringLiteral("published"), QVariantMap{{QStringLiteral("eq"), true}}}}));
    QVERIFY(config.server.auth.anonymous);
    QCOMPARE(config.server.auth.anonymous->defaults.write, false);
    DatabaseConfig database = DatabaseConfig::fromUrl(QStringLiteral("sqlite::memory:"));
    config.applyTo(database);
    QCOMPARE(database.statementTimeoutMs, 250);
    // The effective configuration leaves the secrets out.
    const QByteArray printed = QJsonDocument(config.toJson()).toJson();
    QVERIFY(!printed.contains(jwtSecret));
    QVERIFY(!printed.contains("\"k1\""));

    // Errors name the key.
    const auto errorOf = [&](const QByteArray &json) {
        try {
            ServerConfig other;
            other.applyJson(QJsonDocument::fromJson(json).object(), QDir(dir.path()));
        } catch (const ConfigError &error) {
            return error.message();
        }
        return QString();
    };
    QVERIFY(errorOf(R"({"limits": {"maxBodyByte": 1}})").contains(u"server.limits.maxBodyByte"));
    QVERIFY(errorOf(R"({"port": "80"})").contains(u"server.port"));
    QVERIFY(errorOf(R"({"port": 70000})").contains(u"server.port"));
    QVERIFY(errorOf(R"({"host": "example.com"})").contains(u"server.host"));
    QVERIFY(errorOf(R"({"accessLog": "xml"})").contains(u"server.accessLog"));
    QVERIFY(
        errorOf(R"({"auth": {"jwt": {"secret": "short"}}})").contains(u"server.auth.jwt.secret"));
    QVERIFY(errorOf(R"({"auth": {"jwt": {"secretFile": "missing"}}})")
                .contains(u"server.auth.jwt.secretFile"));
    QVERIFY(errorOf(R"({"auth": {"apiKeys": [{"role": "a", "sha256": "xyz"}]}})")
                .contains(u"server.auth.apiKeys[0].sha256"));
    QVERIFY(errorOf(R"({"auth": {"roles": {"r": {"default": {"read": "yes"}}}}})")
                .contains(u"server.auth.roles.r.default.read"));
    QVERIFY(errorOf(R"({"auth": {"anonymous": "some"}})").contains(u"server.auth.anonymous"));

    // The environment, naming the variable on errors.
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("REXORM_SERVE_PORT"), QStringLiteral("9090"));
    environment.insert(QStringLiteral("REXORM_SERVE_API_KEYS"),
                       QStringLiteral("admin=k2,reader=sha256:") + QString(64, u'a'));
    environment.insert(QStringLiteral("REXORM_SERVE_JWT_SECRET"),
                       QString::fromLatin1(jwtSecret) + u'x');
    config.applyEnvironment(environment);
    QCOMPARE(config.server.port, quint16(9090));
    QCOMPARE(config.server.auth.apiKeys.size(), 2);
    QCOMPARE(config.server.auth.jwtSecret, jwtSecret + 'x');
    environment.insert(QStringLiteral("REXORM_SERVE_PORT"), QStringLiteral("eighty"));
    QVERIFY_THROWS_EXCEPTION(ConfigError, config.applyEnvironment(environment));
    try {
        config.applyEnvironment(environment);
    } catch (const ConfigError &error) {
        QVERIFY2(error.message().contains(u"REXORM_SERVE_PORT"), qPrintable(error.message()));
    }
}

void tst_ServerOps::serveConfigurationPrecedence()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString configPath = dir.filePath(QStringLiteral("rexorm.json"));
    QFile file(configPath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"database": "sqlite", "databasePath": ":memory:",
                   "server": {"port": 1111, "limits": {"maxDepth": 5}, "accessLog": "json"}})");
    file.close();

    const auto printed = [&](const QStringList &flags, const QProcessEnvironment &environment) {
        const CliResult result =
            runCli(QStringList{QStringLiteral("serve"), QStringLiteral("--config"), configPath,
                               QStringLiteral("--print-config"), QStringLiteral("--json")} +
                       flags,
                   environment);
        if (result.exitCode != 0)
            qWarning("rexorm serve failed: %s", result.err.constData());
        return QJsonDocument::fromJson(result.out)
            .object()
            .value(QStringLiteral("server"))
            .toObject();
    };
    QProcessEnvironment environment = cleanEnvironment();
    QJsonObject server = printed({}, environment);
    QCOMPARE(server.value(QStringLiteral("port")).toInt(), 1111);
    QCOMPARE(server.value(QStringLiteral("accessLog")).toString(), QStringLiteral("json"));
    QCOMPARE(
        server.value(QStringLiteral("limits")).toObject().value(QStringLiteral("maxDepth")).toInt(),
        5);

    environment.insert(QStringLiteral("REXORM_SERVE_PORT"), QStringLiteral("2222"));
    environment.insert(QStringLiteral("REXORM_SERVE_JWT_SECRET"), QString::fromLatin1(jwtSecret));
    server = printed({}, environment);
    QCOMPARE(server.value(QStringLiteral("port")).toInt(), 2222);
    QCOMPARE(
        server.value(QStringLiteral("limits")).toObject().value(QStringLiteral("maxDepth")).toInt(),
        5);
    const QJsonObject jwt =
        server.value(QStringLiteral("auth")).toObject().value(QStringLiteral("jwt")).toObject();
    QCOMPARE(jwt.value(QStringLiteral("secret")).toString(), QStringLiteral("set"));

    server =
        printed({QStringLiteral("--port"), QStringLiteral("3333"), QStringLiteral("--max-depth"),
                 QStringLiteral("9"), QStringLiteral("--access-log"), QStringLiteral("off")},
                environment);
    QCOMPARE(server.value(QStringLiteral("port")).toInt(), 3333);
    QCOMPARE(
        server.value(QStringLiteral("limits")).toObject().value(QStringLiteral("maxDepth")).toInt(),
        9);
    QCOMPARE(server.value(QStringLiteral("accessLog")).toString(), QStringLiteral("off"));
    // Loopback with a JWT secret: anonymous callers need credentials.
    QCOMPARE(server.value(QStringLiteral("auth"))
                 .toObject()
                 .value(QStringLiteral("anonymous"))
                 .toString(),
             QStringLiteral("none"));
}

void tst_ServerOps::serveConfigurationErrors()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto run = [&](const QByteArray &server, const QStringList &flags,
                         const QProcessEnvironment &environment) {
        const QString path = dir.filePath(QStringLiteral("bad.json"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return CliResult{};
        file.write(R"({"database": "sqlite", "databasePath": ":memory:", "server": )" + server +
                   '}');
        file.close();
        return runCli(QStringList{QStringLiteral("serve"), QStringLiteral("--config"), path,
                                  QStringLiteral("--print-config")} +
                          flags,
                      environment);
    };
    const QProcessEnvironment clean = cleanEnvironment();
    CliResult result = run(R"({"limits": {"maxBodyByte": 10}})", {}, clean);
    QCOMPARE(result.exitCode, 3); // ConfigFailed
    QVERIFY2(result.err.contains("server.limits.maxBodyByte"), result.err.constData());
    result = run(R"({"auth": {"anonymous": 1}})", {}, clean);
    QCOMPARE(result.exitCode, 3);
    QVERIFY2(result.err.contains("server.auth.anonymous"), result.err.constData());
    result = run(R"([1])", {}, clean);
    QCOMPARE(result.exitCode, 3);
    QVERIFY2(result.err.contains("\"server\" must be an object"), result.err.constData());

    QProcessEnvironment environment = clean;
    environment.insert(QStringLiteral("REXORM_SERVE_STATEMENT_TIMEOUT"), QStringLiteral("soon"));
    result = run(R"({})", {}, environment);
    QCOMPARE(result.exitCode, 3);
    QVERIFY2(result.err.contains("REXORM_SERVE_STATEMENT_TIMEOUT"), result.err.constData());

    environment = clean;
    environment.insert(QStringLiteral("REXORM_SERVE_JWT_SECRET"), QStringLiteral("too-short"));
    result = run(R"({})", {}, environment);
    QCOMPARE(result.exitCode, 3);
    QVERIFY2(result.err.contains("REXORM_SERVE_JWT_SECRET"), result.err.constData());
    QVERIFY(!result.err.contains("too-short")); // a secret is never printed

    result = run(R"({})", {QStringLiteral("--access-log"), QStringLiteral("xml")}, clean);
    QCOMPARE(result.exitCode, 2); // a bad flag is a usage error
    QVERIFY2(result.err.contains("accessLog"), result.err.constData());
}

void tst_ServerOps::statementTimeout_data()
{
    RexOrmTest::addBackendColumns();
}

void tst_ServerOps::statementTimeout()
{
    REXORM_TEST_CONFIG(databaseConfig);
    ServerConfig config;
    config.applyJson(QJsonObject{{QStringLiteral("statementTimeout"), 300}});
    config.applyTo(databaseConfig);
    const Database database(databaseConfig);
    const auto server = startServer(config.server, makeService(database));
    QVERIFY(server->isListening());

    // A statement far longer than the timeout is cancelled, and the request answers.
    std::optional<RawResponse> response =
        exchange(server->port(), post(R"({"query":"{ busy(ms: 20000) }"})"));
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    const QJsonArray errors = response->json().value(QStringLiteral("errors")).toArray();
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors[0]
                 .toObject()
                 .value(QStringLiteral("extensions"))
                 .toObject()
                 .value(QStringLiteral("code"))
                 .toString(),
             QStringLiteral("TIMEOUT"));

    // A short one runs to its end.
    response = exchange(server->port(), post(R"({"query":"{ busy(ms: 10) }"})"));
    QVERIFY(response);
    QCOMPARE(response->json()
                 .value(QStringLiteral("data"))
                 .toObject()
                 .value(QStringLiteral("busy"))
                 .toString(),
             QStringLiteral("done"));
}

REXORM_TEST_MAIN(tst_ServerOps)
