#include "graphqlapi_p.h"

#include <rexorm/meta/schemainspector.h>
#include <rexorm/plugins/pluginmanager.h>

#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QPluginLoader>

namespace RexOrm::Cli {

void addApiOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("schema"),
                      QStringLiteral("The database schema to serve (default: the connection's)."),
                      QStringLiteral("name")});
    parser.addOption({QStringLiteral("read-only"), QStringLiteral("No mutations.")});
    parser.addOption({QStringLiteral("models-plugin"),
                      QStringLiteral("Serve the models this plugin file provides (a RexOrm "
                                     "ModelProvider plugin) instead of inspecting the database."),
                      QStringLiteral("file")});
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
    if (parser.isSet(QStringLiteral("models-plugin"))) {
        const QString file = parser.value(QStringLiteral("models-plugin"));
        const PluginConfig plugins =
            pluginConfig(QFile::exists(context.configFile()) ? context.configFile() : QString());
        PluginInfo info;
        try {
            const QString name = QPluginLoader(file)
                                     .metaData()
                                     .value(QLatin1String("MetaData"))
                                     .toObject()
                                     .value(QLatin1String("name"))
                                     .toString();
            info = PluginManager::global().loadFile(file, plugins.settings.value(name).toObject());
        } catch (const PluginError &error) {
            throw UsageFailure(QStringLiteral("--models-plugin: %1").arg(error.message()));
        }
        PluginManager::global().registerModelsOf(info.name, registry);
        if (registry.entityNames().isEmpty())
            throw UsageFailure(
                QStringLiteral("--models-plugin: %1 (%2) provides no models").arg(file, info.name));
        registry.validate();
        return GraphQL::generateApi(database, registry, options);
    }
    // A table an enabled plugin describes with a model (auditlog's read-only AuditEntry) is
    // served as that model says.
    for (EntityInfo &entity :
         SchemaInspector(database).servedEntities(parser.value(QStringLiteral("schema"))))
        registry.registerEntity(std::move(entity));
    return GraphQL::generateApi(database, registry, options);
}

} // namespace RexOrm::Cli
