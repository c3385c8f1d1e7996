// rexorm init: writes rexorm.json with the SQLite default and creates the migrations folder.
#include <rexorm/cli/command.h>

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

namespace {

using namespace RexOrm::Cli;

class InitCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("init"); }
    QString summary() const override
    {
        return QStringLiteral("Write rexorm.json (an SQLite database by default) and a "
                              "migrations folder");
    }
    void configure(QCommandLineParser &parser) const override
    {
        parser.addOption({QStringLiteral("force"), QStringLiteral("Overwrite rexorm.json.")});
        parser.addOption({QStringLiteral("dir"),
                          QStringLiteral("Where to write (default: the current folder)."),
                          QStringLiteral("folder"), QStringLiteral(".")});
    }
    int run(Context &context) const override
    {
        if (!context.arguments().isEmpty())
            throw UsageFailure(QStringLiteral("init takes no arguments"));
        const QDir dir(context.parser().value(QStringLiteral("dir")));
        if (!dir.exists())
            throw UsageFailure(QStringLiteral("folder %1 does not exist").arg(dir.path()));
        const QString path = dir.absoluteFilePath(QStringLiteral("rexorm.json"));
        if (QFile::exists(path) && !context.parser().isSet(QStringLiteral("force")))
            throw RexOrm::Error(
                QStringLiteral("%1 exists already; --force overwrites it").arg(path));
        // The spec's SQLite default, in a file: an in-memory database would vanish between runs.
        const QJsonObject config{{QStringLiteral("database"), QStringLiteral("sqlite")},
                                 {QStringLiteral("databasePath"), QStringLiteral("rexorm.db")},
                                 {QStringLiteral("migrations"), QStringLiteral("migrations")},
                                 {QStringLiteral("environment"), QStringLiteral("development")}};
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            file.write(QJsonDocument(config).toJson(QJsonDocument::Indented)) < 0)
            throw RexOrm::Error(
                QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()));
        if (!dir.mkpath(QStringLiteral("migrations")))
            throw RexOrm::Error(QStringLiteral("Cannot create %1/migrations").arg(dir.path()));
        if (context.json())
            context.printJson(QJsonObject{{QStringLiteral("config"), path}});
        else
            context.out() << "Wrote " << path
                          << " (SQLite database rexorm.db, migrations in migrations/)\n";
        return Success;
    }
};

} // namespace

REXORM_CLI_COMMAND(InitCommand)
