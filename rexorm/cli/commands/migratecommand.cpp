// rexorm migrate [status|up|down|redo|fresh|resolve]: runs the Migrator over the migrations
// folder and the C++ migrations linked in.
#include <rexorm/cli/command.h>
#include <rexorm/migrations/migrator.h>
#include <rexorm/plugins/pluginmanager.h>

#include <QtCore/QDir>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>

namespace {

using namespace RexOrm;
using namespace RexOrm::Cli;

int stepCount(const QCommandLineParser &parser)
{
    bool ok = false;
    const int steps = parser.value(QStringLiteral("step")).toInt(&ok);
    if (!ok || steps < 1)
        throw UsageFailure(QStringLiteral("--step needs a whole number of at least 1, not \"%1\"")
                               .arg(parser.value(QStringLiteral("step"))));
    return steps;
}

QJsonObject stateJson(const MigrationState &state)
{
    QJsonObject object{{QStringLiteral("name"), state.name},
                       {QStringLiteral("status"), MigrationState::statusName(state.status)},
                       {QStringLiteral("source"), state.source},
                       {QStringLiteral("changed"), state.changed}};
    if (state.status != MigrationState::Pending) {
        object.insert(QStringLiteral("batch"), state.batch);
        object.insert(QStringLiteral("appliedAt"),
                      state.appliedAt.toUTC().toString(Qt::ISODateWithMs));
        object.insert(QStringLiteral("durationMs"), state.durationMs);
    }
    if (state.status == MigrationState::Partial) {
        object.insert(QStringLiteral("statementsRun"), state.statementsRun);
        object.insert(QStringLiteral("statementLog"),
                      QJsonArray::fromStringList(state.statementLog));
        object.insert(QStringLiteral("error"), state.error);
    }
    return object;
}

class MigrateCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("migrate"); }
    QString summary() const override
    {
        return QStringLiteral("Apply, roll back and list migrations (status, up, down, redo, "
                              "fresh, resolve)");
    }
    void configure(QCommandLineParser &parser) const override
    {
        parser.addPositionalArgument(
            QStringLiteral("action"),
            QStringLiteral("status | up | down | redo | fresh | resolve (default: up)"),
            QStringLiteral("[action]"));
        parser.addPositionalArgument(
            QStringLiteral("name"),
            QStringLiteral("up/down: exactly this migration; resolve: the half-applied one."),
            QStringLiteral("[name]"));
        parser.addOptions({
            {QStringLiteral("step"), QStringLiteral("up/down/redo: this many migrations."),
             QStringLiteral("n")},
            {QStringLiteral("to"),
             QStringLiteral("up: through this migration; down: back to (keeping) it."),
             QStringLiteral("name")},
            {QStringLiteral("path"),
             QStringLiteral("The migrations folder (default: from rexorm.json, or ./migrations)."),
             QStringLiteral("folder")},
            {QStringLiteral("force"), QStringLiteral("fresh: drop everything, whatever the "
                                                     "environment.")},
            {QStringLiteral("allow-changed"),
             QStringLiteral("Run even though an applied migration's file changed.")},
            {QStringLiteral("lock-timeout"),
             QStringLiteral("How long to wait for another migrator, in ms (default 60000)."),
             QStringLiteral("ms"), QStringLiteral("60000")},
            {QStringLiteral("applied"), QStringLiteral("resolve: record it as applied.")},
            {QStringLiteral("rolled-back"), QStringLiteral("resolve: forget it (not applied).")},
        });
    }

    int run(Context &context) const override
    {
        const QCommandLineParser &parser = context.parser();
        QStringList arguments = context.arguments();
        const QString action = arguments.isEmpty() ? QStringLiteral("up") : arguments.takeFirst();
        static const QStringList actions = {QStringLiteral("status"), QStringLiteral("up"),
                                            QStringLiteral("down"),   QStringLiteral("redo"),
                                            QStringLiteral("fresh"),  QStringLiteral("resolve")};
        if (!actions.contains(action))
            throw UsageFailure(QStringLiteral("unknown action \"%1\"; use one of: %2")
                                   .arg(action, actions.join(QStringLiteral(", "))));
        if (arguments.size() > 1)
            throw UsageFailure(
                QStringLiteral("too many arguments: %1").arg(arguments.join(QStringLiteral(" "))));
        const QString target = arguments.value(0);
        const int selectors = int(!target.isEmpty()) + int(parser.isSet(QStringLiteral("step"))) +
                              int(parser.isSet(QStringLiteral("to")));
        if (selectors > 1)
            throw UsageFailure(QStringLiteral("give a name, --step or --to, not several"));

        bool ok = false;
        Migrator::Options options;
        options.allowChanged = parser.isSet(QStringLiteral("allow-changed"));
        options.lockTimeoutMs = parser.value(QStringLiteral("lock-timeout")).toInt(&ok);
        if (!ok || options.lockTimeoutMs < 0)
            throw UsageFailure(QStringLiteral("--lock-timeout needs milliseconds"));
        const Settings &settings = context.settings();
        options.development = settings.development;

        Migrator migrator(context.database(), options);
        migrator.setProgress([&](const QString &line) { context.progress(line); });
        const QString path = parser.isSet(QStringLiteral("path"))
                                 ? parser.value(QStringLiteral("path"))
                                 : settings.migrationsPath;
        if (QDir(path).exists())
            migrator.addDirectory(path);
        else if (parser.isSet(QStringLiteral("path")))
            throw UsageFailure(QStringLiteral("migrations folder %1 does not exist").arg(path));
        else
            context.progress(QStringLiteral("No migrations folder at %1").arg(path));
        migrator.addRegistered();
        // The tables of the models that enabled plugins provide (auditlog's rex_audit_log).
        migrator.addPluginMigrations();

        if (action == u"status")
            return status(context, migrator);
        QStringList done;
        QString verb = QStringLiteral("Applied");
        if (action == u"up") {
            done = !target.isEmpty()                      ? migrator.upOne(target)
                   : parser.isSet(QStringLiteral("step")) ? migrator.upSteps(stepCount(parser))
                   : parser.isSet(QStringLiteral("to"))
                       ? migrator.upTo(parser.value(QStringLiteral("to")))
                       : migrator.up();
        } else if (action == u"down") {
            verb = QStringLiteral("Rolled back");
            done = !target.isEmpty()                      ? migrator.downOne(target)
                   : parser.isSet(QStringLiteral("step")) ? migrator.downSteps(stepCount(parser))
                   : parser.isSet(QStringLiteral("to"))
                       ? migrator.downTo(parser.value(QStringLiteral("to")))
                       : migrator.rollback();
        } else if (action == u"redo") {
            verb = QStringLiteral("Redid");
            done = migrator.redo(parser.isSet(QStringLiteral("step")) ? stepCount(parser) : 1);
        } else if (action == u"fresh") {
            done = migrator.fresh(parser.isSet(QStringLiteral("force")));
        } else {
            const bool applied = parser.isSet(QStringLiteral("applied"));
            if (target.isEmpty() || applied == parser.isSet(QStringLiteral("rolled-back")))
                throw UsageFailure(
                    QStringLiteral("resolve needs a migration name and one of --applied or "
                                   "--rolled-back"));
            migrator.resolve(target, applied);
            done = {target};
            verb = applied ? QStringLiteral("Recorded as applied")
                           : QStringLiteral("Recorded as rolled back");
        }
        if (context.json()) {
            context.printJson(
                QJsonObject{{QStringLiteral("action"), action},
                            {QStringLiteral("migrations"), QJsonArray::fromStringList(done)}});
        } else {
            context.out() << verb << ' ' << done.size() << " migration"
                          << (done.size() == 1 ? "" : "s") << (done.isEmpty() ? "." : ":") << '\n';
            for (const QString &name : done)
                context.out() << "  " << name << '\n';
        }
        return Success;
    }

private:
    static int status(Context &context, const Migrator &migrator)
    {
        const QList<MigrationState> states = migrator.status();
        if (context.json()) {
            QJsonArray array;
            for (const MigrationState &state : states)
                array << stateJson(state);
            context.printJson(array);
            return Success;
        }
        QList<QStringList> rows;
        for (const MigrationState &state : states) {
            QString notes;
            if (state.changed)
                notes = QStringLiteral("changed since applied");
            if (state.status == MigrationState::Partial)
                notes = QStringLiteral("%1 statement(s) ran, then: %2. Fix by hand, then "
                                       "`rexorm migrate resolve %3 --applied|--rolled-back`")
                            .arg(state.statementsRun)
                            .arg(state.error, state.name);
            if (state.status == MigrationState::Missing)
                notes = QStringLiteral("applied, but its source is gone");
            rows << QStringList{
                state.name, MigrationState::statusName(state.status),
                state.status == MigrationState::Pending ? QString() : QString::number(state.batch),
                state.appliedAt.isValid() ? state.appliedAt.toUTC().toString(Qt::ISODate)
                                          : QString(),
                notes};
        }
        context.printTable({QStringLiteral("migration"), QStringLiteral("status"),
                            QStringLiteral("batch"), QStringLiteral("applied at"),
                            QStringLiteral("notes")},
                           rows);
        return Success;
    }
};

} // namespace

REXORM_CLI_COMMAND(MigrateCommand)
