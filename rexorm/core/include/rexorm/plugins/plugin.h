#pragma once

#include <rexorm/database/dialect.h>
#include <rexorm/plugins/hooks.h>

#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QObject>

#include <memory>
#include <utility>
#include <vector>

namespace RexOrm {

class Migration;
class Registry;
namespace GraphQL {
class LiveApi;
class Schema;
} // namespace GraphQL
namespace Cli {
class Command;
}

// What the host hands a plugin when it starts it.
class REXORM_CORE_EXPORT PluginContext
{
public:
    PluginContext(QString name, QJsonObject settings, Registry *registry);

    QString name() const { return m_name; }
    // The plugin's own section of rexorm.json's "pluginSettings" (or PluginManager::Options).
    const QJsonObject &settings() const { return m_settings; }
    // Where model providers register their entities.
    Registry &registry() const { return *m_registry; }

private:
    QString m_name;
    QJsonObject m_settings;
    Registry *m_registry;
};

// Every RexOrm plugin: a QObject that implements this interface and any of the extension
// points below, declared with Q_INTERFACES and built with
//     Q_PLUGIN_METADATA(IID RexOrmPlugin_iid FILE "<name>.json")
// The JSON's "name" and "version" must match name() and version(); see docs/plugins.md.
class REXORM_CORE_EXPORT Plugin
{
public:
    virtual ~Plugin();
    virtual QString name() const = 0;
    virtual QString version() const = 0;
    // Throwing marks the plugin failed: it is reported and disabled, the host keeps running.
    virtual void initialize(const PluginContext &context) = 0;
    virtual void shutdown() {}
};

// Extension point: code around every repository write of the entities it applies to
// (EntityRepository, Repository<T>, and the generated GraphQL API's mutations).
class REXORM_CORE_EXPORT ModelHooks
{
public:
    virtual ~ModelHooks();
    virtual bool appliesTo(const EntityInfo &entity) const;
    virtual void beforeInsert(WriteOperation &operation);
    virtual void afterInsert(const WriteOperation &operation);
    virtual void beforeUpdate(WriteOperation &operation);
    virtual void afterUpdate(const WriteOperation &operation);
    virtual void beforeDelete(WriteOperation &operation);
    virtual void afterDelete(const WriteOperation &operation);
};

// Extension point: global filters on entity queries.
class REXORM_CORE_EXPORT QueryScopeProvider
{
public:
    virtual ~QueryScopeProvider();
    virtual QList<QueryScope> queryScopes() const = 0;
};

// Extension point: database dialects, registered under names usable as a URL scheme or a
// config's "driver".
class REXORM_CORE_EXPORT DialectProvider
{
public:
    virtual ~DialectProvider();
    virtual QList<std::pair<QStringList, DialectFactory>> dialects() const = 0;
};

// Extension point: fields, resolvers, types and scalars added to every generated GraphQL
// schema once it is built (RexOrm::GraphQL::generateSchema / generateApi). api says which
// entities the schema exposes and under which type names (link RexOrm::GraphQL).
class REXORM_CORE_EXPORT GraphQLExtension
{
public:
    virtual ~GraphQLExtension();
    virtual void extendSchema(GraphQL::Schema &schema, const GraphQL::LiveApi &api,
                              const Database &database, const Registry &registry) const = 0;
};

// Extension point: `rexorm` subcommands (link RexOrm::Cli for Cli::Command).
class REXORM_CORE_EXPORT CommandProvider
{
public:
    virtual ~CommandProvider();
    virtual std::vector<std::unique_ptr<Cli::Command>> commands() const = 0;
};

// Extension point: compiled models, and the migrations that create their tables. `rexorm serve
// --models-plugin FILE` serves them; `rexorm migrate` applies the migrations of loaded plugins.
class REXORM_CORE_EXPORT ModelProvider
{
public:
    virtual ~ModelProvider();
    virtual void registerModels(Registry &registry) const = 0;
    // {"<timestamp>_<name>", migration}, in the tracker table like any other migration.
    virtual QList<std::pair<QString, std::shared_ptr<Migration>>> migrations() const;
};

} // namespace RexOrm

// Interface ids: the number is the interface's major version; a plugin built against another
// one is refused with a message naming both.
#define RexOrmPlugin_iid "org.rexorm.Plugin/1"
#define RexOrmModelHooks_iid "org.rexorm.ModelHooks/1"
#define RexOrmQueryScopeProvider_iid "org.rexorm.QueryScopeProvider/1"
#define RexOrmDialectProvider_iid "org.rexorm.DialectProvider/1"
#define RexOrmGraphQLExtension_iid "org.rexorm.GraphQLExtension/1"
#define RexOrmCommandProvider_iid "org.rexorm.CommandProvider/1"
#define RexOrmModelProvider_iid "org.rexorm.ModelProvider/1"

Q_DECLARE_INTERFACE(RexOrm::Plugin, RexOrmPlugin_iid)
Q_DECLARE_INTERFACE(RexOrm::ModelHooks, RexOrmModelHooks_iid)
Q_DECLARE_INTERFACE(RexOrm::QueryScopeProvider, RexOrmQueryScopeProvider_iid)
Q_DECLARE_INTERFACE(RexOrm::DialectProvider, RexOrmDialectProvider_iid)
Q_DECLARE_INTERFACE(RexOrm::GraphQLExtension, RexOrmGraphQLExtension_iid)
Q_DECLARE_INTERFACE(RexOrm::CommandProvider, RexOrmCommandProvider_iid)
Q_DECLARE_INTERFACE(RexOrm::ModelProvider, RexOrmModelProvider_iid)
