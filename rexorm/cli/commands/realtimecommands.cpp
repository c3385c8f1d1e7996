// rexorm realtime:install / realtime:uninstall: the triggers that capture every client's changes;
// rexorm realtime:subscribe: print a table's changes as they are committed, until SIGINT/SIGTERM.
#ifdef REXORM_CLI_HAS_SERVER
#include "../realtimeclient_p.h"
#endif
#include "../output_p.h"
#include "../stopsignals_p.h"

#include <rexorm/changes/changefeed.h>
#include <rexorm/changes/changelog.h>
#include <rexorm/cli/command.h>
#include <rexorm/meta/registry.h>
#include <rexorm/meta/schemainspector.h>
#include <rexorm/model/record.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>

namespace {

using namespace RexOrm;
using namespace RexOrm::Cli;

QString mechanism(const Database &db)
{
    if (db.dialect().name() == u"postgres")
        return QStringLiteral("triggers calling pg_notify on channel rexorm_changes");
    return QStringLiteral("triggers writing to the change-log table rex_changes");
}

class InstallCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("realtime:install"); }
    QString summary() const override
    {
        return QStringLiteral("Install the triggers that capture every client's changes "
                              "(all tables, or the ones named)");
    }
    void configure(QCommandLineParser &parser) const override
    {
        parser.addPositionalArgument(QStringLiteral("tables"),
                                     QStringLiteral("Tables to cover (default: every table "
                                                    "with a primary key)."),
                                     QStringLiteral("[tables...]"));
    }
    int run(Context &context) const override
    {
        const QStringList tables = context.arguments();
        const Database db = context.database();
        context.progress(QStringLiteral("Installing change capture on %1 of %2...")
                             .arg(tables.isEmpty() ? QStringLiteral("every table")
                                                   : tables.join(QStringLiteral(", ")),
                                  db.config().toUrl()));
        const QStringList covered = ChangeLog::install(db, tables);
        if (context.json()) {
            context.printJson(
                QJsonObject{{QStringLiteral("tables"), QJsonArray::fromStringList(covered)},
                            {QStringLiteral("mechanism"), mechanism(db)}});
            return Success;
        }
        for (const QString &table : covered)
            context.out() << "  " << table << '\n';
        context.out() << "Change capture installed on " << covered.size()
                      << (covered.size() == 1 ? " table" : " tables") << " (" << mechanism(db)
                      << ").\n";
        if (db.dialect().name() != u"postgres")
            context.out() << "Run it again after changing these tables' columns: the triggers "
                             "list them.\n";
        return Success;
    }
};

class UninstallCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("realtime:uninstall"); }
    QString summary() const override
    {
        return QStringLiteral("Remove the change-capture triggers (all, or those of the tables "
                              "named)");
    }
    void configure(QCommandLineParser &parser) const override
    {
        parser.addPositionalArgument(QStringLiteral("tables"),
                                     QStringLiteral("Tables to uncover (default: all, and the "
                                                    "change-log objects too)."),
                                     QStringLiteral("[tables...]"));
    }
    int run(Context &context) const override
    {
        const QStringList tables = context.arguments();
        const Database db = context.database();
        const QStringList before = ChangeLog::installedTables(db);
        context.progress(QStringLiteral("Removing change capture from %1...")
                             .arg(tables.isEmpty() ? QStringLiteral("every table")
                                                   : tables.join(QStringLiteral(", "))));
        ChangeLog::uninstall(db, tables);
        const QStringList removed = tables.isEmpty() ? before : tables;
        if (context.json()) {
            context.printJson(
                QJsonObject{{QStringLiteral("removed"), QJsonArray::fromStringList(removed)},
                            {QStringLiteral("remaining"),
                             QJsonArray::fromStringList(ChangeLog::installedTables(db))}});
            return Success;
        }
        for (const QString &table : removed)
            context.out() << "  " << table << '\n';
        context.out() << "Change capture removed from " << removed.size()
                      << (removed.size() == 1 ? " table" : " tables") << ".\n";
        return Success;
    }
};

QJsonValue rowJson(const QVariantMap &row)
{
    if (row.isEmpty())
        return QJsonValue::Null;
    QJsonObject object;
    for (auto it = row.begin(); it != row.end(); ++it)
        object.insert(it.key(), toJsonValue(it.value()));
    return object;
}

QString keyText(const QVariantMap &key)
{
    QStringList parts;
    for (auto it = key.begin(); it != key.end(); ++it)
        parts << it.key() + u'=' + displayText(it.value());
    return parts.join(u',');
}

// One line a person reads: "#3 update users id=5: name "Ann" -> "Anne"".
QString readableLine(const ChangeEvent &event)
{
    QString line = QStringLiteral("#%1 %2 %3")
                       .arg(event.sequence)
                       .arg(ChangeEvent::operationName(event.operation), event.entity);
    if (event.isUnknownWrite())
        return line + QStringLiteral(" (any table: a write that named none)");
    if (event.isTableEvent())
        return line + QStringLiteral(" (%1 rows)").arg(event.rowCount);
    line += u' ' + keyText(event.primaryKey);
    QStringList values;
    if (event.operation == ChangeEvent::Update && !event.changedColumns.isEmpty()) {
        for (const QString &column : event.changedColumns)
            values << QStringLiteral("%1 %2 -> %3")
                          .arg(column, displayText(event.oldRow.value(column)),
                               displayText(event.newRow.value(column)));
    } else {
        const QVariantMap &row =
            event.operation == ChangeEvent::Delete ? event.oldRow : event.newRow;
        for (auto it = row.begin(); it != row.end(); ++it)
            values << it.key() + u'=' + displayText(it.value());
    }
    return values.isEmpty() ? line
                            : line + QStringLiteral(": ") + values.join(QStringLiteral(", "));
}

QByteArray jsonLine(const ChangeEvent &event)
{
    const QJsonObject object{{QStringLiteral("seq"), double(event.sequence)},
                             {QStringLiteral("op"), ChangeEvent::operationName(event.operation)},
                             {QStringLiteral("entity"), event.entity},
                             {QStringLiteral("table"), event.table},
                             {QStringLiteral("key"), rowJson(event.primaryKey)},
                             {QStringLiteral("data"), rowJson(event.newRow)},
                             {QStringLiteral("old"), rowJson(event.oldRow)}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

class SubscribeCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("realtime:subscribe"); }
    QString summary() const override
    {
        return QStringLiteral("Print an entity's or table's changes as they are committed, "
                              "until Ctrl+C");
    }
    void configure(QCommandLineParser &parser) const override
    {
        parser.addPositionalArgument(QStringLiteral("entity"),
                                     QStringLiteral("The entity or table to watch."),
                                     QStringLiteral("<entity-or-table>"));
        parser.addOption({QStringLiteral("url"),
                          QStringLiteral("Subscribe through a running `rexorm serve` "
                                         "(http://host:port/): its /realtime feed."),
                          QStringLiteral("server")});
        parser.addOption({QStringLiteral("where"),
                          QStringLiteral("With --url: a filter in the GraphQL where language, "
                                         "as JSON ({\"name\": {\"like\": \"J%\"}})."),
                          QStringLiteral("json")});
        parser.addOption({QStringLiteral("token"),
                          QStringLiteral("With --url: a JWT or API key (default: the "
                                         "REXORM_TOKEN environment variable)."),
                          QStringLiteral("token")});
    }
    int run(Context &context) const override
    {
        const QStringList arguments = context.arguments();
        if (arguments.size() != 1)
            throw UsageFailure(QStringLiteral("name one entity or table to watch"));
        const QString target = arguments.first();

        const QCommandLineParser &parser = context.parser();
        if (parser.isSet(QStringLiteral("url"))) {
            QJsonParseError error;
            QJsonObject where;
            if (parser.isSet(QStringLiteral("where"))) {
                const QJsonDocument document =
                    QJsonDocument::fromJson(parser.value(QStringLiteral("where")).toUtf8(), &error);
                if (error.error != QJsonParseError::NoError || !document.isObject())
                    throw UsageFailure(QStringLiteral("--where takes a JSON object, e.g. "
                                                      "'{\"name\": {\"eq\": \"Jane\"}}'"));
                where = document.object();
            }
            const QString token = parser.isSet(QStringLiteral("token"))
                                      ? parser.value(QStringLiteral("token"))
                                      : qEnvironmentVariable("REXORM_TOKEN");
#ifdef REXORM_CLI_HAS_SERVER
            return subscribeThroughServer(context, target, parser.value(QStringLiteral("url")),
                                          where, token);
#else
            throw UsageFailure(QStringLiteral("--url needs a rexorm built with the server "
                                              "(-DREXORM_BUILD_SERVER=ON)"));
#endif
        }
        if (parser.isSet(QStringLiteral("where")) || parser.isSet(QStringLiteral("token")))
            throw UsageFailure(QStringLiteral("--where and --token go with --url (through a "
                                              "server, which evaluates the filter)"));

        // ---- database-direct: a ChangeFeed on the configured database ----------------------
        const Database db = context.database();
        QString table = target;
        if (const EntityInfo *entity = Registry::global().find(target))
            table = entity->qualifiedTable();
        const QStringList tables = SchemaInspector(db).tables();
        if (!tables.contains(table)) {
            QStringList candidates;
            for (const QString &name : tables) {
                if (!name.startsWith(u"rex_"))
                    candidates << name;
            }
            throw Error(QStringLiteral("No entity or table %1 (there are: %2)")
                            .arg(target, candidates.join(QStringLiteral(", "))));
        }
        if (!ChangeLog::installedTables(db).contains(table))
            throw Error(QStringLiteral("Change capture is not installed on %1, so other clients' "
                                       "changes cannot be seen; run `rexorm realtime:install "
                                       "%1` first")
                            .arg(table));

        ChangeFeed feed(db);
        if (!feed.start())
            throw Error(feed.errorString());
        QTextStream &out = context.out();
        const bool json = context.json();
        QObject::connect(&feed, &ChangeFeed::changed, [&](const ChangeEvent &event) {
            if (event.table != table && event.entity != target)
                return;
            if (json)
                out << jsonLine(event) << '\n';
            else
                out << readableLine(event) << '\n';
            out.flush();
        });
        QObject::connect(&feed, &ChangeFeed::gap, [&](const QString &reason) {
            context.err() << "rexorm realtime:subscribe: changes may have been missed: " << reason
                          << '\n';
            context.err().flush();
        });
        const StopSignals stop;
        if (!context.parser().isSet(QStringLiteral("quiet"))) {
            context.err() << "rexorm realtime:subscribe: watching " << table << " on "
                          << db.config().toUrl() << " (Ctrl+C to stop)\n";
            context.err().flush();
        }
        QCoreApplication::exec();
        return Success;
    }
};

} // namespace

REXORM_CLI_COMMAND(InstallCommand)
REXORM_CLI_COMMAND(UninstallCommand)
REXORM_CLI_COMMAND(SubscribeCommand)
