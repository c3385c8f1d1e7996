// rexorm migration:create and migration:generate: new migrations, empty or from a schema diff.
#include <rexorm/cli/command.h>
#include <rexorm/meta/registry.h>
#include <rexorm/meta/schemainspector.h>
#include <rexorm/migrations/migrator.h>
#include <rexorm/migrations/schemadiff.h>

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>

namespace {

using namespace RexOrm;
using namespace RexOrm::Cli;

QString checkedName(const Context &context)
{
    const QStringList arguments = context.arguments();
    if (arguments.size() != 1)
        throw UsageFailure(QStringLiteral("give the migration's name (letters, digits, '_')"));
    try {
        checkMigrationName(QStringLiteral("00000000_") + arguments.first());
    } catch (const MigrationError &) {
        throw UsageFailure(QStringLiteral("\"%1\" is not a migration name: use letters, digits "
                                          "and '_' (add_email_to_users)")
                               .arg(arguments.first()));
    }
    return arguments.first();
}

QDir outputFolder(Context &context)
{
    const QString path = context.migrationsPath();
    QDir dir(path);
    if (!dir.exists() && !QDir().mkpath(path))
        throw Error(QStringLiteral("Cannot create the migrations folder %1").arg(path));
    return dir;
}

void writeNew(const QString &path, const QString &text)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly) || file.write(text.toUtf8()) < 0)
        throw Error(QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()));
}

void report(Context &context, const QStringList &files, const QStringList &warnings = {})
{
    if (context.json()) {
        context.printJson(
            QJsonObject{{QStringLiteral("files"), QJsonArray::fromStringList(files)},
                        {QStringLiteral("warnings"), QJsonArray::fromStringList(warnings)}});
        return;
    }
    for (const QString &warning : warnings)
        context.err() << "warning: " << warning << '\n';
    for (const QString &file : files)
        context.out() << "Wrote " << file << '\n';
}

class CreateCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("migration:create"); }
    QString summary() const override
    {
        return QStringLiteral("Write an empty migration (SQL files, or a C++ class with --cpp)");
    }
    void configure(QCommandLineParser &parser) const override
    {
        parser.addPositionalArgument(QStringLiteral("name"),
                                     QStringLiteral("What it does: add_email_to_users."));
        parser.addOptions({{QStringLiteral("sql"), QStringLiteral("SQL files (the default).")},
                           {QStringLiteral("cpp"), QStringLiteral("A C++ migration class.")},
                           {QStringLiteral("path"), QStringLiteral("The migrations folder."),
                            QStringLiteral("folder")}});
    }
    int run(Context &context) const override
    {
        const QString name = checkedName(context);
        if (context.parser().isSet(QStringLiteral("sql")) &&
            context.parser().isSet(QStringLiteral("cpp")))
            throw UsageFailure(QStringLiteral("--sql or --cpp, not both"));
        const QDir dir = outputFolder(context);
        const QString base = migrationTimestamp() + u'_' + name;
        QStringList files;
        if (context.parser().isSet(QStringLiteral("cpp"))) {
            QString className;
            for (const QString &part : name.split(u'_', Qt::SkipEmptyParts))
                className += part.left(1).toUpper() + part.mid(1);
            const QString path = dir.absoluteFilePath(base + QStringLiteral(".cpp"));
            writeNew(path,
                     QStringLiteral("#include <rexorm/migrations/migration.h>\n\nnamespace {\n\n"
                                    "class %1 : public RexOrm::Migration\n{\npublic:\n"
                                    "    void up(RexOrm::Schema &schema) override\n    {\n"
                                    "        // schema.create(QStringLiteral(\"table\"), "
                                    "[](RexOrm::Blueprint &t) { t.id(); });\n    }\n"
                                    "    void down(RexOrm::Schema &schema) override\n    {\n"
                                    "        // schema.drop(QStringLiteral(\"table\"));\n    }\n"
                                    "};\n\n} // namespace\n\nREXORM_MIGRATION(%1, \"%2\")\n")
                         .arg(className, base));
            files << path;
        } else {
            for (const QString &direction : {QStringLiteral("up"), QStringLiteral("down")}) {
                const QString path =
                    dir.absoluteFilePath(base + u'.' + direction + QStringLiteral(".sql"));
                writeNew(path, QStringLiteral("-- %1: %2\n-- Statements end with ';'. Name a "
                                              "file %3.<dialect>.%2.sql for one database only.\n")
                                   .arg(base, direction, base));
                files << path;
            }
        }
        report(context, files);
        return Success;
    }
};

class GenerateCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("migration:generate"); }
    QString summary() const override
    {
        return QStringLiteral("Write the migration that brings the database to the models' (or "
                              "another database's) schema");
    }
    void configure(QCommandLineParser &parser) const override
    {
        parser.addPositionalArgument(QStringLiteral("name"),
                                     QStringLiteral("What it does: add_email_to_users."));
        parser.addOptions({
            {QStringLiteral("from-database"),
             QStringLiteral("The schema wanted is this database's (default: the models linked "
                            "into or loaded by the program)."),
             QStringLiteral("url")},
            {QStringLiteral("cpp"), QStringLiteral("Write a C++ migration, not SQL files.")},
            {QStringLiteral("drop-tables"),
             QStringLiteral("Drop tables that nothing describes (never rex_migrations).")},
            {QStringLiteral("path"), QStringLiteral("The migrations folder."),
             QStringLiteral("folder")},
        });
    }
    int run(Context &context) const override
    {
        const QString name = checkedName(context);
        QList<EntityInfo> wanted;
        if (context.parser().isSet(QStringLiteral("from-database"))) {
            const Database reference =
                Database::fromUrl(context.parser().value(QStringLiteral("from-database")));
            wanted = SchemaInspector(reference).inspectAll();
            wanted.removeIf(
                [](const EntityInfo &e) { return e.table == Migrator::trackerTable(); });
        } else {
            const Registry &registry = Registry::global();
            for (const QString &entity : registry.entityNames())
                wanted << registry.entity(entity);
        }
        if (wanted.isEmpty())
            throw UsageFailure(QStringLiteral(
                "nothing describes the schema wanted: no models are linked into rexorm; pass "
                "--from-database URL"));
        SchemaDiff::Options options;
        options.dropUnknownTables = context.parser().isSet(QStringLiteral("drop-tables"));
        Database db = context.database();
        context.progress(QStringLiteral("Comparing %1 table(s) with %2 ...")
                             .arg(wanted.size())
                             .arg(db.config().toUrl()));
        const SchemaDiff diff = SchemaDiff::compare(db, wanted, options);
        if (diff.isEmpty()) {
            if (context.json())
                report(context, {}, diff.warnings);
            else
                context.out() << "Nothing to generate: the database has the schema wanted.\n";
            return Success;
        }
        const QDir dir = outputFolder(context);
        const QStringList files = context.parser().isSet(QStringLiteral("cpp"))
                                      ? diff.writeCpp(dir.absolutePath(), name)
                                      : diff.writeSql(db, dir.absolutePath(), name);
        report(context, files, diff.warnings);
        return Success;
    }
};

} // namespace

REXORM_CLI_COMMAND(CreateCommand)
REXORM_CLI_COMMAND(GenerateCommand)
