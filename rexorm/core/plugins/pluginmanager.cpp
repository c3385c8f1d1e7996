#include "../database/logging_p.h"

#include <rexorm/meta/registry.h>
#include <rexorm/plugins/pluginmanager.h>
#include <rexorm/query/query.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QLibrary>
#include <QtCore/QMutex>
#include <QtCore/QPluginLoader>
#include <QtCore/QRegularExpression>
#include <QtCore/QVersionNumber>

#include <functional>

namespace RexOrm {

namespace {

struct Entry
{
    PluginInfo info;
    QString where; // the file, or "static plugin NAME", for messages
    std::unique_ptr<QPluginLoader> loader;
    std::function<QObject *()> instanceOf; // Qt static plugins and addStatic()
    QObject *instance = nullptr;
    bool waitsForDependency = false; // refused for a dependency: a later load may start it
    QObject *staticObject = nullptr; // addStatic(): the object given
    // Settings and registry given with the plugin itself (addStatic, loadFile): they hold when
    // a later load() retries it.
    std::optional<QJsonObject> ownSettings;
    Registry *ownRegistry = nullptr;

    bool startable() const
    {
        return info.status == PluginInfo::Found || info.status == PluginInfo::Stopped ||
               (info.status == PluginInfo::Refused && waitsForDependency);
    }
};

struct Snapshot
{
    QList<QObject *> instances;
    QList<ModelHooks *> hooks;
    QList<QueryScope> scopes;
};

// "timestamps" or "timestamps>=1.2"
struct Dependency
{
    QString name;
    QVersionNumber atLeast;
};

const QRegularExpression &namePattern()
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z][A-Za-z0-9_.-]{0,63}$"));
    return pattern;
}

std::optional<Dependency> parseDependency(const QString &text)
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(^\s*([A-Za-z][A-Za-z0-9_.-]*)\s*(?:>=\s*(\d+(?:\.\d+){0,2}))?\s*$)"));
    const QRegularExpressionMatch m = pattern.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    return Dependency{m.captured(1), QVersionNumber::fromString(m.captured(2))};
}

bool isVersion(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^\d+(\.\d+){0,2}$)"));
    return pattern.match(text).hasMatch();
}

QStringList interfacesOf(QObject *instance)
{
    QStringList out;
    if (qobject_cast<ModelHooks *>(instance))
        out << QStringLiteral("ModelHooks");
    if (qobject_cast<QueryScopeProvider *>(instance))
        out << QStringLiteral("QueryScopeProvider");
    if (qobject_cast<DialectProvider *>(instance))
        out << QStringLiteral("DialectProvider");
    if (qobject_cast<GraphQLExtension *>(instance))
        out << QStringLiteral("GraphQLExtension");
    if (qobject_cast<CommandProvider *>(instance))
        out << QStringLiteral("CommandProvider");
    if (qobject_cast<ModelProvider *>(instance))
        out << QStringLiteral("ModelProvider");
    return out;
}

// Fills info from a plugin's JSON metadata; an empty string when it is well-formed, else why not.
QString readMetadata(const QJsonObject &json, PluginInfo &info)
{
    const auto text = [&](const char *key) { return json.value(QLatin1String(key)); };
    if (!text("name").isString() || !namePattern().match(text("name").toString()).hasMatch())
        return QStringLiteral("its metadata needs \"name\": a word of letters, digits, '_', '.' "
                              "or '-' starting with a letter");
    info.name = text("name").toString();
    if (!text("version").isString() || !isVersion(text("version").toString()))
        return QStringLiteral("its metadata needs \"version\" like \"1.0.0\"");
    info.version = text("version").toString();
    if (json.contains(QLatin1String("rexorm"))) {
        if (!text("rexorm").isString() || !isVersion(text("rexorm").toString()))
            return QStringLiteral("its metadata's \"rexorm\" must be a version like \"0.1\"");
        info.requiredRexOrm = text("rexorm").toString();
    }
    if (json.contains(QLatin1String("description"))) {
        if (!text("description").isString())
            return QStringLiteral("its metadata's \"description\" must be a string");
        info.description = text("description").toString();
    }
    if (json.contains(QLatin1String("dependencies"))) {
        if (!text("dependencies").isArray())
            return QStringLiteral("its metadata's \"dependencies\" must be an array of names");
        for (const QJsonValue &value : text("dependencies").toArray()) {
            if (!value.isString() || !parseDependency(value.toString()))
                return QStringLiteral("its metadata's \"dependencies\" holds %1: each entry is a "
                                      "plugin name, optionally followed by \">=VERSION\"")
                    .arg(value.isString() ? u'"' + value.toString() + u'"'
                                          : QStringLiteral("a non-string"));
            info.dependencies << value.toString().simplified().remove(u' ');
        }
    }
    return {};
}

// Empty when this RexOrm satisfies the plugin's "rexorm" requirement, else why not.
QString checkRexOrmVersion(const PluginInfo &info)
{
    if (info.requiredRexOrm.isEmpty())
        return {};
    const QVersionNumber required = QVersionNumber::fromString(info.requiredRexOrm);
    const QVersionNumber current = QVersionNumber::fromString(PluginManager::rexormVersion());
    // Before 1.0 a minor release may break plugins; after it, a major one.
    const bool sameSeries =
        required.majorVersion() == current.majorVersion() &&
        (current.majorVersion() > 0 || required.minorVersion() == current.minorVersion());
    if (sameSeries && required <= current)
        return {};
    return QStringLiteral("it needs RexOrm %1 (a compatible release of that series or later); "
                          "this is RexOrm %2")
        .arg(info.requiredRexOrm, PluginManager::rexormVersion());
}

} // namespace

struct PluginManager::Private
{
    mutable QRecursiveMutex mutex; // load and shutdown; plugins may call back while starting
    std::vector<std::shared_ptr<Entry>> entries;
    QList<std::shared_ptr<Entry>> started; // active, in start order
    QStringList seenFiles;                 // canonical paths already discovered
    QHash<QString, QString> dialectOwners; // dialect name -> the plugin that registered it

    mutable QMutex snapshotMutex;
    std::shared_ptr<const Snapshot> snapshot = std::make_shared<Snapshot>();

    std::shared_ptr<const Snapshot> current() const
    {
        QMutexLocker lock(&snapshotMutex);
        return snapshot;
    }

    void rebuildSnapshot()
    {
        auto next = std::make_shared<Snapshot>();
        for (const auto &entry : std::as_const(started)) {
            next->instances << entry->instance;
            if (auto *hooks = qobject_cast<ModelHooks *>(entry->instance))
                next->hooks << hooks;
            if (auto *scopes = qobject_cast<QueryScopeProvider *>(entry->instance))
                next->scopes << scopes->queryScopes();
        }
        QMutexLocker lock(&snapshotMutex);
        snapshot = std::move(next);
    }

    std::shared_ptr<Entry> findActiveOrFound(const QString &name) const
    {
        for (const auto &entry : entries) {
            if (entry->info.name == name &&
                (entry->info.status == PluginInfo::Active || entry->startable()))
                return entry;
        }
        return nullptr;
    }

    std::shared_ptr<Entry> findAny(const QString &name) const
    {
        for (const auto &entry : entries) {
            if (entry->info.name == name)
                return entry;
        }
        return nullptr;
    }

    void refuse(Entry &entry, PluginInfo::Status status, const QString &reason)
    {
        entry.waitsForDependency = false;
        entry.info.status = status;
        entry.info.reason = reason;
        qCWarning(lcPlugins, "%s: %s", qUtf8Printable(entry.where), qUtf8Printable(reason));
    }

    // Adds a discovered plugin unless it is a duplicate; bad metadata is recorded as refused.
    void discover(std::shared_ptr<Entry> entry, const QJsonObject &pluginJson)
    {
        const QString iid = pluginJson.value(QLatin1String("IID")).toString();
        if (iid != QLatin1String(RexOrmPlugin_iid)) {
            refuse(*entry, PluginInfo::Refused,
                   iid.startsWith(QLatin1String("org.rexorm.Plugin/"))
                       ? QStringLiteral("it was built for plugin interface %1; this RexOrm loads "
                                        "%2: rebuild it against this release")
                             .arg(iid, QLatin1String(RexOrmPlugin_iid))
                       : QStringLiteral("it is not a RexOrm plugin (its IID is \"%1\", not \"%2\")")
                             .arg(iid, QLatin1String(RexOrmPlugin_iid)));
            entries.push_back(std::move(entry));
            return;
        }
        const QJsonValue metadata = pluginJson.value(QLatin1String("MetaData"));
        QString problem = metadata.isObject()
                              ? readMetadata(metadata.toObject(), entry->info)
                              : QStringLiteral("it has no metadata: build it with "
                                               "Q_PLUGIN_METADATA(IID RexOrmPlugin_iid FILE "
                                               "\"<name>.json\")");
        if (problem.isEmpty())
            problem = checkRexOrmVersion(entry->info);
        if (!problem.isEmpty()) {
            refuse(*entry, PluginInfo::Refused, problem);
        } else if (auto other = findActiveOrFound(entry->info.name)) {
            refuse(*entry, PluginInfo::Refused,
                   QStringLiteral("a plugin named \"%1\" is already known, from %2; remove one "
                                  "of them")
                       .arg(entry->info.name, other->where));
        } else {
            qCDebug(lcPlugins, "found %s %s in %s", qUtf8Printable(entry->info.name),
                    qUtf8Printable(entry->info.version), qUtf8Printable(entry->where));
        }
        entries.push_back(std::move(entry));
    }

    void discoverFile(const QString &path)
    {
        const QString canonical = QFileInfo(path).canonicalFilePath();
        if (seenFiles.contains(canonical))
            return;
        seenFiles << canonical;
        auto entry = std::make_shared<Entry>();
        entry->info.file = canonical;
        entry->where = canonical;
        entry->loader = std::make_unique<QPluginLoader>(canonical);
        const QJsonObject json = entry->loader->metaData();
        if (json.isEmpty()) {
            refuse(*entry, PluginInfo::Refused,
                   QStringLiteral("it is not a loadable Qt plugin (%1)")
                       .arg(entry->loader->errorString()));
            entries.push_back(std::move(entry));
            return;
        }
        discover(std::move(entry), json);
    }

    void discoverStaticPlugins()
    {
        const QList<QStaticPlugin> plugins = QPluginLoader::staticPlugins();
        for (const QStaticPlugin &plugin : plugins) {
            const QJsonObject json = plugin.metaData();
            if (json.value(QLatin1String("IID")).toString() != QLatin1String(RexOrmPlugin_iid))
                continue;
            const QString name =
                json.value(QLatin1String("MetaData")).toObject().value(u"name").toString();
            const QString where = QStringLiteral("static plugin %1").arg(name);
            if (seenFiles.contains(where))
                continue;
            seenFiles << where;
            auto entry = std::make_shared<Entry>();
            entry->where = where;
            entry->instanceOf = plugin.instance;
            discover(std::move(entry), json);
        }
    }

    // Starts one entry whose dependencies are active. False, with the reason recorded, if not.
    bool start(Entry &entry, const QJsonObject &settings, Registry *registry)
    {
        QObject *instance = entry.loader ? entry.loader->instance() : entry.instanceOf();
        if (!instance) {
            refuse(entry, PluginInfo::Failed,
                   QStringLiteral("it could not be loaded: %1")
                       .arg(entry.loader ? entry.loader->errorString()
                                         : QStringLiteral("no instance")));
            return false;
        }
        auto *plugin = qobject_cast<Plugin *>(instance);
        if (!plugin) {
            refuse(entry, PluginInfo::Refused,
                   QStringLiteral("its object does not implement RexOrm::Plugin (is "
                                  "Q_INTERFACES(RexOrm::Plugin) missing?)"));
            return false;
        }
        if (plugin->name() != entry.info.name || plugin->version() != entry.info.version) {
            refuse(
                entry, PluginInfo::Refused,
                QStringLiteral("its metadata says %1 %2 but the plugin says %3 %4")
                    .arg(entry.info.name, entry.info.version, plugin->name(), plugin->version()));
            return false;
        }
        entry.info.interfaces = interfacesOf(instance);
        Registry &models = registry ? *registry : Registry::global();
        const QString stage = QStringLiteral("initialize()");
        try {
            plugin->initialize(PluginContext(entry.info.name, settings, &models));
        } catch (const std::exception &e) {
            refuse(entry, PluginInfo::Failed,
                   QStringLiteral("%1 failed: %2").arg(stage, QString::fromUtf8(e.what())));
            return false;
        } catch (...) {
            refuse(entry, PluginInfo::Failed,
                   QStringLiteral("%1 threw something that is not an exception").arg(stage));
            return false;
        }
        try {
            if (auto *dialects = qobject_cast<DialectProvider *>(instance)) {
                const auto provided = dialects->dialects();
                for (const auto &[names, factory] : provided) {
                    for (const QString &dialect : names) {
                        const QString owner = dialectOwners.value(dialect.toLower());
                        if (DialectRegistry::contains(dialect) && owner != entry.info.name)
                            throw Error(QStringLiteral("its dialect \"%1\" is registered "
                                                       "already (by %2)")
                                            .arg(dialect, owner.isEmpty()
                                                              ? QStringLiteral("RexOrm")
                                                              : QStringLiteral("plugin ") + owner));
                    }
                }
                for (const auto &[names, factory] : provided) {
                    DialectRegistry::registerDialect(names, factory);
                    for (const QString &dialect : names)
                        dialectOwners.insert(dialect.toLower(), entry.info.name);
                }
            }
            if (auto *models_ = qobject_cast<ModelProvider *>(instance))
                models_->registerModels(models);
        } catch (const std::exception &e) {
            refuse(entry, PluginInfo::Failed,
                   QStringLiteral("registering its extensions failed: %1")
                       .arg(QString::fromUtf8(e.what())));
            try {
                plugin->shutdown();
            } catch (...) {
            }
            return false;
        }
        entry.instance = instance;
        entry.info.status = PluginInfo::Active;
        entry.info.reason.clear();
        started << findShared(entry);
        rebuildSnapshot();
        qCInfo(lcPlugins, "started %s %s (%s)", qUtf8Printable(entry.info.name),
               qUtf8Printable(entry.info.version), qUtf8Printable(entry.where));
        return true;
    }

    std::shared_ptr<Entry> findShared(const Entry &entry) const
    {
        for (const auto &candidate : entries) {
            if (candidate.get() == &entry)
                return candidate;
        }
        return nullptr;
    }

    // Starts the candidates in dependency order; each one's failure stays its own (and its
    // dependents').
    void startInOrder(const QList<std::shared_ptr<Entry>> &candidates, const QJsonObject &settings,
                      Registry *registry)
    {
        enum class Mark { None, Visiting, Done };
        QHash<Entry *, Mark> marks;
        std::function<bool(const std::shared_ptr<Entry> &, QStringList)> visit =
            [&](const std::shared_ptr<Entry> &entry, QStringList path) -> bool {
            if (entry->info.status == PluginInfo::Active)
                return true;
            if (marks.value(entry.get()) == Mark::Done)
                return entry->info.status == PluginInfo::Active;
            path << entry->info.name;
            if (marks.value(entry.get()) == Mark::Visiting) {
                refuse(*entry, PluginInfo::Refused,
                       QStringLiteral("its dependencies form a cycle: %1")
                           .arg(path.join(QStringLiteral(" -> "))));
                return false;
            }
            marks[entry.get()] = Mark::Visiting;
            bool ready = true;
            for (const QString &text : std::as_const(entry->info.dependencies)) {
                const Dependency dependency = *parseDependency(text);
                std::shared_ptr<Entry> needed = findActiveOrFound(dependency.name);
                QString problem;
                if (!needed && (needed = findAny(dependency.name))) {
                    problem = QStringLiteral("it needs the plugin \"%1\", which did not start: "
                                             "%2")
                                  .arg(dependency.name, needed->info.reason);
                } else if (!needed) {
                    problem = QStringLiteral("it needs the plugin \"%1\", which is not installed "
                                             "in any plugin folder")
                                  .arg(dependency.name);
                } else if (needed->info.status != PluginInfo::Active &&
                           !candidates.contains(needed)) {
                    problem = QStringLiteral("it needs the plugin \"%1\", which is not enabled: "
                                             "enable it too (rexorm plugin:add %1)")
                                  .arg(dependency.name);
                } else if (!dependency.atLeast.isNull() &&
                           QVersionNumber::fromString(needed->info.version) < dependency.atLeast) {
                    problem = QStringLiteral("it needs \"%1\" %2 or later; %3 is installed")
                                  .arg(dependency.name, dependency.atLeast.toString(),
                                       needed->info.version);
                } else if (!visit(needed, path)) {
                    if (entry->info.status == PluginInfo::Refused) {
                        ready = false; // refused by the cycle check already
                        break;
                    }
                    problem = QStringLiteral("it needs the plugin \"%1\", which did not start: "
                                             "%2")
                                  .arg(dependency.name, needed->info.reason);
                }
                if (!problem.isEmpty()) {
                    refuse(*entry, PluginInfo::Refused, problem);
                    entry->waitsForDependency = true;
                    ready = false;
                    break;
                }
            }
            marks[entry.get()] = Mark::Done;
            if (!ready)
                return false;
            return start(*entry,
                         entry->ownSettings ? *entry->ownSettings
                                            : settings.value(entry->info.name).toObject(),
                         entry->ownRegistry ? entry->ownRegistry : registry);
        };
        for (const auto &entry : candidates)
            visit(entry, {});
    }
};

QString PluginInfo::statusName(Status status)
{
    switch (status) {
    case Found:
        return QStringLiteral("found");
    case Active:
        return QStringLiteral("active");
    case Refused:
        return QStringLiteral("refused");
    case Failed:
        return QStringLiteral("failed");
    case Stopped:
        return QStringLiteral("stopped");
    }
    return {};
}

PluginManager::PluginManager() : d(std::make_unique<Private>()) {}

PluginManager::~PluginManager()
{
    shutdown();
}

PluginManager &PluginManager::global()
{
    static PluginManager manager;
    return manager;
}

namespace {

// Plugins of the global manager stop while the application still exists (and their libraries
// are still loaded), not during static destruction.
void stopGlobalPluginsWithTheApplication()
{
    static bool registered = false;
    if (registered || !QCoreApplication::instance())
        return;
    registered = true;
    qAddPostRoutine([] { PluginManager::global().shutdown(); });
}

} // namespace

QString PluginManager::rexormVersion()
{
    return QStringLiteral(REXORM_VERSION_STRING);
}

QStringList PluginManager::environmentSearchPaths()
{
    const QString value = qEnvironmentVariable("REXORM_PLUGIN_PATH");
    return value.split(QDir::listSeparator(), Qt::SkipEmptyParts);
}

QList<PluginInfo> PluginManager::load(const Options &options)
{
    QMutexLocker lock(&d->mutex);
    if (this == &global())
        stopGlobalPluginsWithTheApplication();
    QStringList paths = options.searchPaths;
    if (options.useEnvironment)
        paths += environmentSearchPaths();
    for (const QString &path : std::as_const(paths)) {
        const QDir dir(path);
        if (!dir.exists()) {
            qCWarning(lcPlugins, "plugin folder %s does not exist", qUtf8Printable(path));
            continue;
        }
        const QFileInfoList files = dir.entryInfoList(QDir::Files, QDir::Name);
        for (const QFileInfo &file : files) {
            if (QLibrary::isLibrary(file.fileName()))
                d->discoverFile(file.absoluteFilePath());
        }
    }
    d->discoverStaticPlugins();

    QList<std::shared_ptr<Entry>> candidates;
    for (const auto &entry : d->entries) {
        if (entry->startable() && (!options.enabled || options.enabled->contains(entry->info.name)))
            candidates << entry;
    }
    if (options.enabled) {
        for (const QString &name : *options.enabled) {
            if (d->findActiveOrFound(name))
                continue;
            bool known = false;
            for (const auto &entry : d->entries)
                known = known || entry->info.name == name;
            if (known)
                continue; // refused already, with its reason
            auto missing = std::make_shared<Entry>();
            missing->info.name = name;
            missing->where = QStringLiteral("plugin \"%1\"").arg(name);
            d->refuse(*missing, PluginInfo::Refused,
                      paths.isEmpty()
                          ? QStringLiteral("it is enabled but no plugin folder is configured")
                          : QStringLiteral("it is enabled but not installed in %1")
                                .arg(paths.join(QStringLiteral(", "))));
            d->entries.push_back(std::move(missing));
        }
    }
    d->startInOrder(candidates, options.settings, options.registry);
    return plugins();
}

PluginInfo PluginManager::loadFile(const QString &path, const QJsonObject &settings,
                                   Registry *registry)
{
    QMutexLocker lock(&d->mutex);
    if (this == &global())
        stopGlobalPluginsWithTheApplication();
    const QFileInfo file(path);
    if (!file.exists())
        throw PluginError(QStringLiteral("%1: no such plugin file").arg(path));
    const QString canonical = file.canonicalFilePath();
    std::shared_ptr<Entry> entry;
    for (const auto &candidate : d->entries) {
        if (candidate->info.file == canonical)
            entry = candidate;
    }
    if (!entry) {
        d->discoverFile(canonical);
        entry = d->entries.back();
    }
    if (entry->startable()) {
        entry->ownSettings = settings;
        entry->ownRegistry = registry;
        d->startInOrder({entry}, {}, registry);
    }
    if (entry->info.status != PluginInfo::Active)
        throw PluginError(QStringLiteral("%1: %2").arg(path, entry->info.reason));
    return entry->info;
}

PluginInfo PluginManager::addStatic(QObject *object, const QJsonObject &metadata,
                                    const QJsonObject &settings, Registry *registry)
{
    QMutexLocker lock(&d->mutex);
    if (this == &global())
        stopGlobalPluginsWithTheApplication();
    auto *plugin = qobject_cast<Plugin *>(object);
    if (!plugin)
        throw PluginError(QStringLiteral("%1 does not implement RexOrm::Plugin")
                              .arg(object ? QString::fromLatin1(object->metaObject()->className())
                                          : QStringLiteral("a null object")));
    // Adding the same object again (after its dependency started, say) replaces the old try.
    std::erase_if(d->entries, [&](const std::shared_ptr<Entry> &entry) {
        return entry->staticObject == object && entry->info.status != PluginInfo::Active;
    });
    QJsonObject json = metadata;
    json.insert(QStringLiteral("name"), plugin->name());
    json.insert(QStringLiteral("version"), plugin->version());
    auto entry = std::make_shared<Entry>();
    entry->where = QStringLiteral("static plugin %1").arg(plugin->name());
    entry->instanceOf = [object] { return object; };
    entry->staticObject = object;
    entry->ownSettings = settings;
    entry->ownRegistry = registry;
    d->discover(entry, QJsonObject{{QStringLiteral("IID"), QLatin1String(RexOrmPlugin_iid)},
                                   {QStringLiteral("MetaData"), json}});
    if (entry->info.status == PluginInfo::Found)
        d->startInOrder({entry}, {}, registry);
    if (entry->info.status != PluginInfo::Active)
        throw PluginError(QStringLiteral("%1: %2").arg(entry->where, entry->info.reason));
    return entry->info;
}

void PluginManager::shutdown()
{
    QMutexLocker lock(&d->mutex);
    const auto started = d->started;
    d->started.clear();
    d->rebuildSnapshot(); // extension points go first: nothing calls a plugin being stopped
    for (auto it = started.rbegin(); it != started.rend(); ++it) {
        Entry &entry = **it;
        try {
            qobject_cast<Plugin *>(entry.instance)->shutdown();
        } catch (const std::exception &e) {
            qCWarning(lcPlugins, "%s: shutdown() failed: %s", qUtf8Printable(entry.where),
                      e.what());
        }
        entry.instance = nullptr;
        entry.info.status = PluginInfo::Stopped;
        qCInfo(lcPlugins, "stopped %s", qUtf8Printable(entry.info.name));
    }
}

QList<PluginInfo> PluginManager::plugins() const
{
    QMutexLocker lock(&d->mutex);
    QList<PluginInfo> out;
    for (const auto &entry : std::as_const(d->started))
        out << entry->info;
    for (const auto &entry : d->entries) {
        if (!d->started.contains(entry))
            out << entry->info;
    }
    return out;
}

std::optional<PluginInfo> PluginManager::plugin(const QString &name) const
{
    QMutexLocker lock(&d->mutex);
    if (auto entry = d->findActiveOrFound(name))
        return entry->info;
    for (const auto &entry : d->entries) {
        if (entry->info.name == name)
            return entry->info;
    }
    return std::nullopt;
}

QList<QObject *> PluginManager::activeInstances() const
{
    return d->current()->instances;
}

bool PluginManager::registerModelsOf(const QString &name, Registry &registry) const
{
    for (QObject *instance : activeInstances()) {
        const auto *plugin = qobject_cast<Plugin *>(instance);
        const auto *provider = qobject_cast<ModelProvider *>(instance);
        if (plugin && provider && plugin->name() == name) {
            provider->registerModels(registry);
            return true;
        }
    }
    return false;
}

QList<ModelHooks *> PluginManager::hooksFor(const EntityInfo &entity) const
{
    const auto snapshot = d->current();
    QList<ModelHooks *> out;
    for (ModelHooks *hooks : snapshot->hooks) {
        if (hooks->appliesTo(entity))
            out << hooks;
    }
    return out;
}

bool PluginManager::hasScopes() const
{
    return !d->current()->scopes.isEmpty();
}

void PluginManager::applyScopes(Query &query, const EntityInfo &entity,
                                const QString &tableAlias) const
{
    const auto snapshot = d->current();
    const QString prefix = tableAlias.isEmpty() ? QString() : tableAlias + u'.';
    for (const QueryScope &scope : snapshot->scopes) {
        if (scope.appliesTo && !scope.appliesTo(entity))
            continue;
        query.scope(scope.name,
                    [&](Query &conditions) { scope.apply(conditions, entity, prefix); });
    }
}

} // namespace RexOrm
