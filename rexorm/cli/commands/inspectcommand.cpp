// rexorm db:inspect [table]: the schema as RexOrm reflects it, as text or JSON.
#include "../output_p.h"

#include <rexorm/cli/command.h>
#include <rexorm/meta/schemainspector.h>

#include <QtCore/QJsonArray>

namespace {

using namespace RexOrm::Cli;

class InspectCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("db:inspect"); }
    QString summary() const override
    {
        return QStringLiteral("Show the tables, columns, keys, indexes and relations RexOrm "
                              "reads from the database");
    }
    void configure(QCommandLineParser &parser) const override
    {
        parser.addPositionalArgument(QStringLiteral("table"),
                                     QStringLiteral("One table or view (default: all)."),
                                     QStringLiteral("[table]"));
        parser.addOption({QStringLiteral("schema"),
                          QStringLiteral("The schema (default: the connection's)."),
                          QStringLiteral("name")});
    }
    int run(Context &context) const override
    {
        const QStringList arguments = context.arguments();
        if (arguments.size() > 1)
            throw UsageFailure(QStringLiteral("db:inspect takes at most one table"));
        const RexOrm::SchemaInspector inspector(context.database());
        const QString schema = context.parser().value(QStringLiteral("schema"));
        QList<RexOrm::EntityInfo> entities = inspector.inspectAll(schema);
        if (!arguments.isEmpty()) {
            const auto it = std::find_if(entities.begin(), entities.end(), [&](const auto &e) {
                return e.table == arguments.first();
            });
            if (it == entities.end()) {
                QStringList names;
                for (const RexOrm::EntityInfo &entity : entities)
                    names << entity.table;
                throw RexOrm::Error(QStringLiteral("No table or view %1 (there are: %2)")
                                        .arg(arguments.first(), names.join(QStringLiteral(", "))));
            }
            entities = {*it};
        }
        if (context.json()) {
            QJsonArray array;
            for (const RexOrm::EntityInfo &entity : entities)
                array << entityJson(entity);
            context.printJson(arguments.isEmpty() ? QJsonValue(array) : array.first());
            return Success;
        }
        QTextStream &out = context.out();
        for (const RexOrm::EntityInfo &entity : entities) {
            out << entity.qualifiedTable() << (entity.readOnly ? " (view)" : "") << "  entity "
                << entity.name << '\n';
            QList<QStringList> rows;
            for (const RexOrm::ColumnInfo &column : entity.columns) {
                QStringList notes;
                if (column.primaryKey)
                    notes << QStringLiteral("primary key");
                if (column.autoIncrement)
                    notes << QStringLiteral("auto-increment");
                if (column.unique)
                    notes << QStringLiteral("unique");
                if (!column.defaultExpression.isEmpty())
                    notes << QStringLiteral("default ") + column.defaultExpression;
                else if (column.defaultValue.isValid())
                    notes << QStringLiteral("default ") + column.defaultValue.toString();
                rows << QStringList{QStringLiteral("  ") + column.name, column.databaseType,
                                    columnTypeName(column.type),
                                    column.nullable ? QStringLiteral("null")
                                                    : QStringLiteral("not null"),
                                    notes.join(QStringLiteral(", "))};
            }
            context.printTable({QStringLiteral("  column"), QStringLiteral("declared"),
                                QStringLiteral("type"), QStringLiteral("null"),
                                QStringLiteral("notes")},
                               rows);
            for (const RexOrm::IndexInfo &index : entity.indexes)
                out << "  index " << index.name << (index.unique ? " unique" : "") << " ("
                    << index.columns.join(QStringLiteral(", ")) << ")\n";
            for (const RexOrm::ForeignKeyInfo &key : entity.foreignKeys)
                out << "  foreign key (" << key.columns.join(QStringLiteral(", ")) << ") -> "
                    << key.referencedTable << " ("
                    << key.referencedColumns.join(QStringLiteral(", ")) << ")"
                    << (key.onDelete.isEmpty() ? QString()
                                               : QStringLiteral(" on delete ") + key.onDelete)
                    << '\n';
            for (const RexOrm::RelationInfo &relation : entity.relations)
                out << "  relation " << relation.name << ": "
                    << RexOrm::RelationInfo::kindName(relation.kind) << ' ' << relation.target
                    << '\n';
            out << '\n';
        }
        return Success;
    }
};

} // namespace

REXORM_CLI_COMMAND(InspectCommand)
