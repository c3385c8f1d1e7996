#pragma once

#include <rexorm/plugins/plugin.h>

#include <QtCore/QJsonObject>
#include <QtCore/QObject>
#include <QtCore/QStringList>

#include <memory>
#include <optional>

namespace RexOrm {

class Query;

// A plugin that cannot be started; the message names the file (or the static plugin) and why.
class REXORM_CORE_EXPORT PluginError : public Error
{
public:
    using Error::Error;
};

// One plugin the manager knows of, started or not.
struct REXORM_CORE_EXPORT PluginInfo
{
    enum Status {
        Found,   // discovered; not enabled
        Active,  // initialized; its extension points are in use
        Refused, // not started: bad metadata, a duplicate, a version or a dependency problem
        Failed,  // could not be loaded, or initialize() threw; the host went on without it
        Stopped, // shut down
    };
    QString name;
    QString version;
    QString description;
    QString file;             // empty for a plugin linked into the program
    QString requiredRexOrm;   // "0.1": the oldest RexOrm release the plugin works with
    QStringList dependencies; // "timestamps" or "timestamps>=1.0"
    QStringList interfaces;   // the extension points it implements: "ModelHooks", ...
    Status status = Found;
    QString reason; // why Refused or Failed

    static QString statusName(Status status); // "found", "active", "refused", "failed", ...
};

// Finds, checks and starts plugins, and hands their extension points to RexOrm. Metadata is read
// before any plugin code runs: a malformed file, a duplicate name, an incompatible RexOrm version
// or a missing dependency refuses that plugin with a message and nothing else. Plugins start in
// dependency order; one that throws in initialize() is reported and disabled while the host keeps
// running. Repositories, queries and the GraphQL generator use the plugins of global().
// Thread-safe: extension points are read from any thread while writes run.
class REXORM_CORE_EXPORT PluginManager
{
public:
    struct Options
    {
        QStringList searchPaths; // folders of plugin files
        // Also search the folders in REXORM_PLUGIN_PATH (separated like PATH).
        bool useEnvironment = true;
        // Names to start; others found are listed as Found. Unset: start every plugin found.
        std::optional<QStringList> enabled;
        QJsonObject settings;         // {"<plugin name>": {...}}: each plugin's PluginContext
        Registry *registry = nullptr; // where model providers register (the global one if null)
    };

    PluginManager();
    ~PluginManager(); // shuts active plugins down
    PluginManager(const PluginManager &) = delete;
    PluginManager &operator=(const PluginManager &) = delete;

    static PluginManager &global();

    // Discovers the plugin files of the search paths and the Qt static plugins linked in
    // (Q_IMPORT_PLUGIN), then starts the enabled ones that are not started yet. Bad plugins are
    // reported in the result, never thrown; progress goes to the rexorm.plugins log category.
    QList<PluginInfo> load(const Options &options);
    // Starts one plugin file whose dependencies are active already (rexorm serve
    // --models-plugin). Throws PluginError when it cannot be started.
    PluginInfo loadFile(const QString &path, const QJsonObject &settings = {},
                        Registry *registry = nullptr);
    // Starts a plugin linked into the program: an object implementing RexOrm::Plugin that lives
    // until shutdown(). Metadata (dependencies, required version) may be given as in a plugin's
    // JSON; name and version come from the object. Throws PluginError when it cannot start.
    PluginInfo addStatic(QObject *plugin, const QJsonObject &metadata = {},
                         const QJsonObject &settings = {}, Registry *registry = nullptr);
    // Shuts active plugins down in reverse start order and withdraws their extension points.
    void shutdown();

    QList<PluginInfo> plugins() const; // everything found or started, in start order first
    std::optional<PluginInfo> plugin(const QString &name) const;
    QList<QObject *> activeInstances() const; // in start order

    // The active plugins implementing an extension point, in start order.
    template<typename T> QList<T *> extensions() const
    {
        QList<T *> out;
        for (QObject *instance : activeInstances()) {
            if (T *extension = qobject_cast<T *>(instance))
                out << extension;
        }
        return out;
    }

    // Registers the models of the active plugin `name` (a ModelProvider) into registry; false when
    // no active plugin of that name provides models.
    bool registerModelsOf(const QString &name, Registry &registry) const;

    // The hooks that apply to an entity, in start order.
    QList<ModelHooks *> hooksFor(const EntityInfo &entity) const;
    // Adds every scope that applies to the entity to query, each liftable by name.
    // tableAlias: the alias the query gives the entity's table, if any.
    void applyScopes(Query &query, const EntityInfo &entity, const QString &tableAlias = {}) const;
    bool hasScopes() const;

    static QString rexormVersion(); // "0.1.0"
    // The folders REXORM_PLUGIN_PATH names.
    static QStringList environmentSearchPaths();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace RexOrm
