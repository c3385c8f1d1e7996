// rexorm serve: the GraphQL API of an existing database over HTTP, until SIGINT or SIGTERM.
#include "../graphqlapi_p.h"

#include <rexorm/server/server.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace {

using namespace RexOrm::Cli;

// SIGINT and SIGTERM end the event loop: the handler only writes to a socket pair, and a
// QSocketNotifier quits the loop on the main thread.
class StopSignals
{
public:
    StopSignals()
    {
        if (::socketpair(AF_UNIX, SOCK_STREAM, 0, s_fds) != 0)
            throw RexOrm::Error(QStringLiteral("Cannot set up signal handling"));
        m_notifier = std::make_unique<QSocketNotifier>(s_fds[1], QSocketNotifier::Read);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, [] {
            char c = 0;
            [[maybe_unused]] const auto n = ::read(s_fds[1], &c, 1);
            QCoreApplication::quit();
        });
        struct sigaction action = {};
        action.sa_handler = [](int) {
            const char c = 1;
            [[maybe_unused]] const auto n = ::write(s_fds[0], &c, 1);
        };
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        ::sigaction(SIGINT, &action, nullptr);
        ::sigaction(SIGTERM, &action, nullptr);
    }
    ~StopSignals()
    {
        ::signal(SIGINT, SIG_DFL);
        ::signal(SIGTERM, SIG_DFL);
        m_notifier.reset();
        ::close(s_fds[0]);
        ::close(s_fds[1]);
    }

private:
    static inline int s_fds[2] = {-1, -1};
    std::unique_ptr<QSocketNotifier> m_notifier;
};

int positiveNumber(const QCommandLineParser &parser, const QString &option, int fallback)
{
    if (!parser.isSet(option))
        return fallback;
    bool ok = false;
    const int value = parser.value(option).toInt(&ok);
    if (!ok || value < 1)
        throw UsageFailure(QStringLiteral("--%1 takes a positive number, not \"%2\"")
                               .arg(option, parser.value(option)));
    return value;
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
        addApiOptions(parser);
    }
    int run(Context &context) const override
    {
        if (!context.arguments().isEmpty())
            throw UsageFailure(QStringLiteral("serve takes no arguments; see rexorm serve --help"));
        const QCommandLineParser &parser = context.parser();
        RexOrm::ServerOptions options;
        if (parser.isSet(QStringLiteral("host"))) {
            const QString host = parser.value(QStringLiteral("host"));
            if (!options.host.setAddress(host))
                throw UsageFailure(
                    QStringLiteral("--host takes an IP address, not \"%1\"").arg(host));
        }
        options.port = quint16(4000);
        if (parser.isSet(QStringLiteral("port"))) {
            bool ok = false;
            const uint port = parser.value(QStringLiteral("port")).toUInt(&ok);
            if (!ok || port > 65535)
                throw UsageFailure(QStringLiteral("--port takes a number from 0 to 65535, not "
                                                  "\"%1\"")
                                       .arg(parser.value(QStringLiteral("port"))));
            options.port = quint16(port);
        }
        options.corsOrigins = parser.values(QStringLiteral("cors"));
        options.allowedHosts = parser.values(QStringLiteral("allow-host"));
        options.tlsCertificateFile = parser.value(QStringLiteral("tls-cert"));
        options.tlsKeyFile = parser.value(QStringLiteral("tls-key"));
        if (options.tlsCertificateFile.isEmpty() != options.tlsKeyFile.isEmpty())
            throw UsageFailure(QStringLiteral("--tls-cert and --tls-key go together"));
        options.playground = !parser.isSet(QStringLiteral("no-playground"));
        options.maxBodyBytes =
            positiveNumber(parser, QStringLiteral("max-body-bytes"), int(options.maxBodyBytes));

        RexOrm::GraphQL::ServiceOptions serviceOptions;
        serviceOptions.introspection = !parser.isSet(QStringLiteral("no-introspection"));
        serviceOptions.maxDepth =
            positiveNumber(parser, QStringLiteral("max-depth"), serviceOptions.maxDepth);

        const RexOrm::Database database = context.database();
        context.err() << "rexorm serve: reading the schema of " << database.config().toUrl()
                      << "...\n";
        context.err().flush();
        auto schema = databaseApi(context, database);
        auto service = std::make_shared<RexOrm::GraphQL::Service>(schema, serviceOptions);
        service->setDatabase(database);
        RexOrm::Server server(service, options);
        if (!server.listen())
            throw RexOrm::Error(server.errorString());
        const StopSignals stop;
        context.out() << "rexorm serve: GraphQL on " << server.url().toString()
                      << (options.playground ? " (open it in a browser for the playground)" : "")
                      << "; Ctrl+C stops it\n";
        context.out().flush();
        QCoreApplication::exec();
        context.err() << "rexorm serve: stopped\n";
        return Success;
    }
};

} // namespace

REXORM_CLI_COMMAND(ServeCommand)
