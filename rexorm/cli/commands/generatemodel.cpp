// rexorm generate:model: a model class, blank or reflecting a live table.
#include "../modelwriter_p.h"

#include <rexorm/cli/command.h>
#include <rexorm/meta/registry.h>
#include <rexorm/meta/schemainspector.h>

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QRegularExpression>

namespace {

using namespace RexOrm;
using namespace RexOrm::Cli;

class GenerateModelCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("generate:model"); }
    QString summary() const override
    {
        return QStringLiteral("Write a model class (header and source), blank or from a live "
                              "table with --from-table");
    }
    void configure(QCommandLineParser &parser) const override
    {
        parser.addPositionalArgument(
            QStringLiteral("Name"),
            QStringLiteral("The class name (with --from-table: default the entity's name)."),
            QStringLiteral("[Name]"));
        parser.addOptions({
            {QStringLiteral("from-table"),
             QStringLiteral("Reflect this table: columns, keys, defaults, relations, indexes."),
             QStringLiteral("table")},
            {QStringLiteral("gadget"), QStringLiteral("A Q_GADGET value type, not a QObject.")},
            {QStringLiteral("output"), QStringLiteral("The folder to write into (default: .)."),
             QStringLiteral("folder"), QStringLiteral(".")},
            {QStringLiteral("force"), QStringLiteral("Overwrite existing files.")},
        });
    }
    int run(Context &context) const override
    {
        const QCommandLineParser &parser = context.parser();
        const QStringList arguments = context.arguments();
        if (arguments.size() > 1)
            throw UsageFailure(QStringLiteral("generate:model takes one class name"));
        QString className = arguments.value(0);
        static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
        if (!className.isEmpty() && !identifier.match(className).hasMatch())
            throw UsageFailure(QStringLiteral("\"%1\" is not a C++ class name").arg(className));

        EntityInfo entity;
        if (parser.isSet(QStringLiteral("from-table"))) {
            const QString table = parser.value(QStringLiteral("from-table"));
            const QList<EntityInfo> all = SchemaInspector(context.database()).inspectAll();
            const auto found = std::find_if(all.begin(), all.end(),
                                            [&](const EntityInfo &e) { return e.table == table; });
            if (found == all.end()) {
                QStringList names;
                for (const EntityInfo &e : all)
                    names << e.table;
                throw Error(QStringLiteral("No table or view %1 (there are: %2)")
                                .arg(table, names.join(QStringLiteral(", "))));
            }
            entity = *found;
            if (className.isEmpty())
                className = entity.name;
            if (!identifier.match(className).hasMatch())
                throw UsageFailure(QStringLiteral("the entity name \"%1\" is not a C++ class "
                                                  "name; give one")
                                       .arg(className));
        } else {
            if (className.isEmpty())
                throw UsageFailure(QStringLiteral("give the class name, or --from-table"));
            // The spec's blank model: a key and one string column to start from.
            entity.name = className;
            entity.table = toSnakeCase(className) + u's';
            ColumnInfo id;
            id.name = QStringLiteral("id");
            id.type = ColumnType::BigInt;
            id.primaryKey = true;
            id.autoIncrement = true;
            id.nullable = false;
            ColumnInfo name;
            name.name = QStringLiteral("name");
            name.type = ColumnType::String;
            name.length = 255;
            name.nullable = false;
            entity.columns = {id, name};
            entity.primaryKey = {id.name};
        }
        const bool gadget = parser.isSet(QStringLiteral("gadget"));
        const GeneratedModel model = generateModel(entity, className, gadget);
        const QDir dir(parser.value(QStringLiteral("output")));
        if (!dir.exists() && !QDir().mkpath(dir.path()))
            throw Error(QStringLiteral("Cannot create %1").arg(dir.path()));
        QStringList files;
        const auto write = [&](const QString &fileName, const QString &text) {
            const QString path = dir.absoluteFilePath(fileName);
            QFile file(path);
            if (file.exists() && !parser.isSet(QStringLiteral("force")))
                throw Error(QStringLiteral("%1 exists; --force overwrites it").arg(path));
            if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
                file.write(text.toUtf8()) < 0)
                throw Error(QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()));
            files << path;
        };
        write(model.headerFile, model.header);
        if (!model.sourceFile.isEmpty())
            write(model.sourceFile, model.source);
        if (context.json())
            context.printJson(
                QJsonObject{{QStringLiteral("class"), className},
                            {QStringLiteral("files"), QJsonArray::fromStringList(files)}});
        else
            for (const QString &file : files)
                context.out() << "Wrote " << file << '\n';
        return Success;
    }
};

} // namespace

REXORM_CLI_COMMAND(GenerateModelCommand)
