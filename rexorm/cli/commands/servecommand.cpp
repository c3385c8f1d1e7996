// rexorm serve: the GraphQL API of an existing database over HTTP, until SIGINT or SIGTERM.
#include "../graphqlapi_p.h"
#include "../stopsignals_p.h"
#include <rexorm/changes/changefeed.h>

#include <rexorm/server/server.h>

#include <rexorm/server/serverconfig.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QDeadlineTimer>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcessEnvironment>
#include <QtCore/QThread>

#include <atomic>
#include <functional>

#include <unistd.h>

namespace {

using namespace RexOrm::Cli;

// Roles that name an entity the API does not serve would silently not apply: refuse to start.
void checkAccessNames(const RexOrm::AuthOptions &auth, const RexOrm::GraphQL::LiveApi &live)
{
    auto accesses = auth.roles;
    if (auth.anonymous)
        accesses.insert(QStringLiteral("(anonymous)"), *auth.anonymous);
    for (auto role = accesses.constBegin(); role != accesses.constEnd(); ++role) {
        for (auto it = role->entities.constBegin(); it != role->entities.constEnd(); ++it) {
            if (live.entityNamed(it.key()).isEmpty())
                throw RexOrm::ConfigError(
                    QStringLiteral("server.auth: role %1 names %2, which is not an entity, type "
                                   "or table this server serves")
                        .arg(role.key(), it.key()));
        }
    }
}

// The "server" section of the configuration file: from --config, or from ./rexorm.json when the
// database settings came from there.
QJsonObject serverSection(Context &context, QDir *baseDir)
{
    const QCommandLineParser &parser = context.parser();
    QString path;
    if (parser.isSet(QStringLiteral("config")))
        path = parser.value(QStringLiteral("config"));
    else if (QFileInfo(context.settings().source).isFile())
        path = context.settings().source;
    if (path.isEmpty())
        return {};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw RexOrm::ConfigError(
            QStringLiteral("Cannot read configuration %1: %2").arg(path, file.errorString()));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        throw RexOrm::ConfigError(QStringLiteral("%1 is not a JSON object").arg(path));
    *baseDir = QFileInfo(path).absoluteDir();
    const QJsonValue section = document.object().value(QLatin1String("server"));
    if (section.isUndefined() || section.isNull())
        return {};
    if (!section.isObject())
        throw RexOrm::ConfigError(QStringLiteral("%1: \"server\" must be an object").arg(path));
    return section.toObject();
}

// The flags given, as a patch in the "server" section's form (flags override the file and the
// environment). Bad values are usage errors.
QJsonObject flagPatch(const QCommandLineParser &parser)
{
    QJsonObject patch;
    QJsonObject limits;
    const auto number = [&parser](const QString &option, qint64 minimum) {
        bool ok = false;
        const qint64 value = parser.value(option).toLongLong(&ok);
        if (!ok || value < minimum)
            throw UsageFailure(QStringLiteral("--%1 takes a number of at least %2, not \"%3\"")
                                   .arg(option)
                                   .arg(minimum)
                                   .arg(parser.value(option)));
        return double(value);
    };
    const auto set = [&parser](const QString &option) { return parser.isSet(option); };
    if (set(QStringLiteral("host")))
        patch.insert(QStringLiteral("host"), parser.value(QStringLiteral("host")));
    if (set(QStringLiteral("port")))
        patch.insert(QStringLiteral("port"), number(QStringLiteral("port"), 0));
    if (set(QStringLiteral("cors")))
        patch.insert(QStringLiteral("cors"),
                     QJsonArray::fromStringList(parser.values(QStringLiteral("cors"))));
    if (set(QStringLiteral("allow-host")))
        patch.insert(QStringLiteral("allowedHosts"),
                     QJsonArray::fromStringList(parser.values(QStringLiteral("allow-host"))));
    if (set(QStringLiteral("tls-cert")) != set(QStringLiteral("tls-key")))
        throw UsageFailure(QStringLiteral("--tls-cert and --tls-key go together"));
    if (set(QStringLiteral("tls-cert")))
        patch.insert(
            QStringLiteral("tls"),
            QJsonObject{{QStringLiteral("certificate"),
                         QFileInfo(parser.value(QStringLiteral("tls-cert"))).absoluteFilePath()},
                        {QStringLiteral("key"),
                         QFileInfo(parser.value(QStringLiteral("tls-key"))).absoluteFilePath()}});
    if (set(QStringLiteral("no-introspection")))
        patch.insert(QStringLiteral("introspection"), false);
    if (set(QStringLiteral("no-playground")))
        patch.insert(QStringLiteral("playground"), false);
    if (set(QStringLiteral("max-depth")))
        limits.insert(QStringLiteral("maxDepth"), number(QStringLiteral("max-depth"), 1));
    if (set(QStringLiteral("max-body-bytes")))
        limits.insert(QStringLiteral("maxBodyBytes"), number(QStringLiteral("max-body-bytes"), 1));
    if (!limits.isEmpty())
        patch.insert(QStringLiteral("limits"), limits);
    if (set(QStringLiteral("statement-timeout")))
        patch.insert(QStringLiteral("statementTimeout"),
                     number(QStringLiteral("statement-timeout"), 0));
    if (set(QStringLiteral("shutdown-grace")))
        patch.insert(QStringLiteral("shutdownGrace"), number(QStringLiteral("shutdown-grace"), 0));
    if (set(QStringLiteral("access-log")))
        patch.insert(QStringLiteral("accessLog"), parser.value(QStringLiteral("access-log")));
    QJsonObject auth;
    if (set(QStringLiteral("anonymous")))
        auth.insert(QStringLiteral("anonymous"), parser.value(QStringLiteral("anonymous")));
    if (set(QStringLiteral("jwt-secret-file")))
        auth.insert(
            QStringLiteral("jwt"),
            QJsonObject{
                {QStringLiteral("secretFile"),
                 QFileInfo(parser.value(QStringLiteral("jwt-secret-file"))).absoluteFilePath()}});
    if (!auth.isEmpty())
        patch.insert(QStringLiteral("auth"), auth);
    return patch;
}

// The serve configuration: the file's "server" section, then REXORM_SERVE_*, then the flags.
RexOrm::ServerConfig serveConfig(Context &context)
{
    RexOrm::ServerConfig config;
    config.server.port = quint16(4000);
    // rexorm serve logs requests unless told otherwise (the embeddable Server does not).
    config.server.accessLog = RexOrm::ServerOptions::AccessLog::Text;
    QDir baseDir = QDir::current();
    const QJsonObject section = serverSection(context, &baseDir);
    config.applyJson(section, baseDir);
    config.applyEnvironment(QProcessEnvironment::systemEnvironment());
    const QJsonObject flags = flagPatch(context.parser());
    try {
        config.applyJson(flags, QDir::current(), QStringLiteral("flags"));
    } catch (const RexOrm::ConfigError &error) {
        throw UsageFailure(error.message());
    }
    return config;
}

// --warm: every executor thread (at most poolSize) opens its pooled connection and pings it, while
// the main thread reads the schema; the server listens once all have answered, so the first
// requests do not pay for connecting. Each ping waits until all have started, which puts them on
// distinct threads. finishWarming() rethrows a connection's error: the start fails.
QList<QFuture<RexOrm::QueryResult>> startWarming(const RexOrm::Database &database)
{
    const int threads =
        std::max(1, std::min(database.config().executorThreads, database.config().poolSize));
    const auto started = std::make_shared<std::atomic<int>>(0);
    QList<QFuture<RexOrm::QueryResult>> pings;
    for (int i = 0; i < threads; ++i) {
        pings << database.run([database, started, threads] {
            ++*started;
            QDeadlineTimer deadline(2000);
            while (started->load() < threads && !deadline.hasExpired())
                QThread::yieldCurrentThread();
            return database.execute(database.dialect().pingSql());
        });
    }
    return pings;
}

void finishWarming(QList<QFuture<RexOrm::QueryResult>> &pings)
{
    for (QFuture<RexOrm::QueryResult> &ping : pings)
        ping.result(); // rethrows the connection's error
}

// JSON access-log lines go to stderr bare (without the category prefix), one object per line.
QtMessageHandler previousHandler = nullptr;
void accessLogHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (context.category && qstrcmp(context.category, "rexorm.server.access") == 0) {
        const QByteArray line = message.toUtf8() + '\n';
        [[maybe_unused]] const auto n =
            ::write(STDERR_FILENO, line.constData(), size_t(line.size()));
        return;
    }
    if (previousHandler)
        previousHandler(type, context, message);
}

class ServeCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("serve"); }
    QString summary() const override
    {
        return QStringLiteral("Serve the database's tables as a GraphQL API over HTTP");
    }
    void configure(QCommandLineParser &parser) const override
    {
        parser.addOption({QStringLiteral("host"),
                          QStringLiteral("The address to listen on (default 127.0.0.1; 0.0.0.0 "
                                         "serves every interface)."),
                          QStringLiteral("address")});
        parser.addOption({QStringLiteral("port"),
                          QStringLiteral("The port (default 4000; 0 picks a free one)."),
                          QStringLiteral("number")});
        parser.addOption({QStringLiteral("cors"),
                          QStringLiteral("A browser origin allowed to call the API, or * "
                                         "(repeatable)."),
                          QStringLiteral("origin")});
        parser.addOption({QStringLiteral("allow-host"),
                          QStringLiteral("A Host name to answer for (repeatable, or *); on "
                                         "loopback only localhost, 127.0.0.1 and [::1] by "
                                         "default."),
                          QStringLiteral("name")});
        parser.addOption({QStringLiteral("tls-cert"),
                          QStringLiteral("PEM certificate: serve HTTPS (with --tls-key)."),
                          QStringLiteral("file")});
        parser.addOption({QStringLiteral("tls-key"), QStringLiteral("PEM private key."),
                          QStringLiteral("file")});
        parser.addOption({QStringLiteral("no-introspection"),
                          QStringLiteral("Refuse __schema and __type queries.")});
        parser.addOption({QStringLiteral("no-playground"),
                          QStringLiteral("Do not serve the playground page to browsers.")});
        parser.addOption({QStringLiteral("max-depth"),
                          QStringLiteral("The deepest selection allowed (default 15)."),
                          QStringLiteral("levels")});
        parser.addOption({QStringLiteral("max-body-bytes"),
                          QStringLiteral("The largest request body (default 1048576)."),
                          QStringLiteral("bytes")});
        parser.addOption({QStringLiteral("statement-timeout"),
                          QStringLiteral("Cancel any SQL statement running longer (default: the "
                                         "database configuration's, usually none)."),
                          QStringLiteral("ms")});
        parser.addOption({QStringLiteral("shutdown-grace"),
                          QStringLiteral("On SIGINT/SIGTERM, how long in-flight requests may "
                                         "finish (default 10000)."),
                          QStringLiteral("ms")});
        parser.addOption({QStringLiteral("access-log"),
                          QStringLiteral("Access log on stderr: text (default), json or off."),
                          QStringLiteral("format")});
        parser.addOption({QStringLiteral("anonymous"),
                          QStringLiteral("What callers without credentials may do: none, read or "
                                         "all (default: all on loopback without auth, else "
                                         "none)."),
                          QStringLiteral("policy")});
        parser.addOption({QStringLiteral("jwt-secret-file"),
                          QStringLiteral("A file holding the HS256 secret for JSON Web Tokens."),
                          QStringLiteral("file")});
        parser.addOption({QStringLiteral("warm"),
                          QStringLiteral("Open and ping the pool's connections (one per executor "
                                         "thread) before listening.")});
        parser.addOption({QStringLiteral("print-config"),
                          QStringLiteral("Print the configuration in effect (secrets left out) "
                                         "as JSON and exit.")});
        addApiOptions(parser);
    }
    int run(Context &context) const override
    {
        if (!context.arguments().isEmpty())
            throw UsageFailure(QStringLiteral("serve takes no arguments; see rexorm serve --help"));
        const QCommandLineParser &parser = context.parser();
        RexOrm::ServerConfig config = serveConfig(context);
        if (parser.isSet(QStringLiteral("print-config"))) {
            context.printJson(QJsonObject{{QStringLiteral("server"), config.toJson()}});
            return Success;
        }

        RexOrm::DatabaseConfig databaseConfig = context.settings().database;
        config.applyTo(databaseConfig);
        // SQLite: every write through the server's connections, raw SQL included, is an event.
        if (RexOrm::DialectRegistry::dialect(databaseConfig.driver)->name() == u"sqlite")
            databaseConfig.captureChanges = true;
        const RexOrm::Database database(databaseConfig);
        QList<QFuture<RexOrm::QueryResult>> warming;
        if (parser.isSet(QStringLiteral("warm")))
            warming = startWarming(database);
        context.err() << "rexorm serve: reading the schema of " << database.config().toUrl()
                      << "...\n";
        context.err().flush();
        const RexOrm::GraphQL::GeneratedApi api = databaseApi(context, database);
        checkAccessNames(config.server.auth, *api.live);
        auto service = std::make_shared<RexOrm::GraphQL::Service>(api.schema, config.service);
        service->setDatabase(database);
        // Changes of this process, and of every client where `rexorm realtime:install` put
        // triggers, for subscriptions and /realtime.
        RexOrm::ChangeFeed feed(database);
        if (!feed.start())
            context.err() << "rexorm serve: warning: " << feed.errorString()
                          << "; only this server's own writes reach subscribers\n";
        else if (feed.triggerTables().isEmpty())
            context.err() << "rexorm serve: changes by other clients reach subscribers after "
                             "`rexorm realtime:install` (see docs/realtime-protocol.md)\n";
        if (config.server.accessLog == RexOrm::ServerOptions::AccessLog::Json)
            previousHandler = qInstallMessageHandler(accessLogHandler);
        RexOrm::Server server(service, config.server);
        server.enableRealtime(&feed, api.live);
        finishWarming(warming);
        if (!server.listen())
            throw RexOrm::Error(server.errorString());
        if (!server.authenticator().anonymousAccess() &&
            !config.server.auth.credentialsConfigured())
            context.err() << "rexorm serve: warning: no API keys, no JWT secret and no anonymous "
                             "policy: every request will get 401 (see docs/server.md)\n";
        const StopSignals stop([&server, grace = config.shutdownGrace] { server.shutdown(grace); });
        QObject::connect(&server, &RexOrm::Server::stopped, qApp, &QCoreApplication::quit);
        context.out() << "rexorm serve: GraphQL on " << server.url().toString()
                      << (config.server.playground ? " (open it in a browser for the playground)"
                                                   : "")
                      << "; Ctrl+C stops it\n";
        QUrl realtime = server.url();
        realtime.setScheme(realtime.scheme() == u"https" ? QStringLiteral("wss")
                                                         : QStringLiteral("ws"));
        context.out() << "rexorm serve: subscriptions on " << realtime.toString()
                      << " (graphql-transport-ws); change feed on "
                      << realtime.resolved(QUrl(QStringLiteral("/realtime"))).toString()
                      << " (watch it: rexorm realtime:subscribe <entity> --url "
                      << server.url().resolved(QUrl(QStringLiteral("/"))).toString() << ")\n";
        context.out().flush();
        context.out().flush();
        QCoreApplication::exec();
        context.err() << "rexorm serve: stopped\n";
        context.err().flush();
        return Success;
    }
};

} // namespace

REXORM_CLI_COMMAND(ServeCommand)
