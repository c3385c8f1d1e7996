#include "graphqlapi_p.h"

#include <rexorm/meta/schemainspector.h>
#include <rexorm/migrations/migrator.h>

namespace RexOrm::Cli {

void addApiOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("schema"),
                      QStringLiteral("The database schema to serve (default: the connection's)."),
                      QStringLiteral("name")});
    parser.addOption({QStringLiteral("read-only"), QStringLiteral("No mutations.")});
    parser.addOption({QStringLiteral("max-page-size"),
                      QStringLiteral("The most rows a list or relation returns (default 100)."),
                      QStringLiteral("rows")});
}

GraphQL::GeneratedApi databaseApi(Context &context, const Database &database)
{
    const QCommandLineParser &parser = context.parser();
    GraphQL::ApiOptions options;
    options.mutations = !parser.isSet(QStringLiteral("read-only"));
    if (parser.isSet(QStringLiteral("max-page-size"))) {
        bool ok = false;
        const int rows = parser.value(QStringLiteral("max-page-size")).toInt(&ok);
        if (!ok || rows < 1)
            throw UsageFailure(QStringLiteral("--max-page-size takes a positive number of rows"));
        options.maxPageSize = rows;
        options.defaultPageSize = std::min(options.defaultPageSize, rows);
    }
    Registry registry;
    const SchemaInspector inspector(database);
    for (EntityInfo &entity : inspector.inspectAll(parser.value(QStringLiteral("schema")))) {
        if (entity.table == Migrator::trackerTable() || entity.table == u"rex_changes")
            continue; // RexOrm's own: the migration tracker, the change log
        registry.registerEntity(std::move(entity));
    }
    return GraphQL::generateApi(database, registry, options);
}

} // namespace RexOrm::Cli
