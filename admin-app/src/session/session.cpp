#include "session.h"
#include "async.h"

#include <rexorm/changes/changefeed.h>
#include <rexorm/meta/schemainspector.h>
#include <rexorm/plugins/plugin.h>
#include <rexorm/plugins/pluginmanager.h>
#include <rexorm/validation/validator.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonDocument>
#include <QtCore/QPluginLoader>
#include <QtCore/QThread>
#include <QtCore/QUrl>

namespace RexOrm::Admin {

struct Session::State
{
    explicit State(Database db) : database(std::move(db)) {}
    Database database;
    Registry registry;
    GraphQL::GeneratedApi api;
    std::shared_ptr<GraphQL::Service> service;
};

namespace {

void registerPluginModels(Registry &registry, const QString &file)
{
    const QString name = QPluginLoader(file)
                             .metaData()
                             .value(QLatin1String("MetaData"))
                             .toObject()
                             .value(QLatin1String("name"))
                             .toString();
    const PluginInfo info = PluginManager::global().loadFile(file);
    PluginManager::global().registerModelsOf(info.name, registry);
    if (registry.entityNames().isEmpty())
        throw Error(QCoreApplication::translate("RexOrm::Admin::Session",
                                                "The plugin %1 (%2) provides no models.")
                        .arg(file, name.isEmpty() ? info.name : name));
    registry.validate();
}

// Runs on an executor thread: everything that reads the database before the window shows it.
std::shared_ptr<Session::State> load(const Database &db, const QString &modelsPlugin)
{
    auto state = std::make_shared<Session::State>(db);
    if (!modelsPlugin.isEmpty()) {
        registerPluginModels(state->registry, modelsPlugin);
    } else {
        for (EntityInfo &entity : SchemaInspector(db).servedEntities()) {
            if (!entity.metaObject) // a table, not a model: the rules its definition implies
                Validator::addSchemaRules(entity); // NOT NULL is required, varchar(n) a length
            state->registry.registerEntity(std::move(entity));
        }
    }
    GraphQL::ApiOptions options;
    options.subscriptions = false;
    options.defaultPageSize = 1000;
    options.maxPageSize = 1000; // one grid window
    options.maxRows = 30000;
    state->api = GraphQL::generateApi(db, state->registry, options);
    GraphQL::ServiceOptions serviceOptions;
    serviceOptions.maxDocumentBytes = 1024 * 1024;
    state->service = std::make_shared<GraphQL::Service>(state->api.schema, serviceOptions);
    state->service->setDatabase(db);
    return state;
}

} // namespace

Session::Session(QObject *parent) : QObject(parent) {}

Session::~Session()
{
    stopFeed();
    for (QThread *thread : std::as_const(m_retiringFeeds)) {
        thread->disconnect(this);
        thread->wait(); // the application is closing: the feeds end with it
    }
}

QString Session::normalizeUrl(const QString &input)
{
    const QString text = input.trimmed();
    if (text.contains(QLatin1String("://")) || text == u":memory:")
        return text.contains(QLatin1String("://")) ? text : QStringLiteral("sqlite://:memory:");
    return QStringLiteral("sqlite://") + QFileInfo(text).absoluteFilePath();
}

void Session::open(const QString &url, const QString &modelsPlugin)
{
    const quint64 attempt = ++m_opening;
    std::optional<Database> db;
    try {
        const DatabaseConfig config = DatabaseConfig::fromUrl(normalizeUrl(url));
        // QSQLITE would create an empty database for a mistyped path: refuse it instead.
        if (config.driver == u"sqlite" && !config.isInMemory() &&
            !QFileInfo::exists(config.databasePath))
            throw ConfigError(tr("There is no SQLite database at %1.").arg(config.databasePath));
        db.emplace(config); // parses only; nothing connects yet
    } catch (const Error &e) {
        m_opened = attempt;
        emit openFailed(e.message());
        return;
    }
    whenFinished(
        db->run([db = *db, modelsPlugin] { return load(db, modelsPlugin); }), this,
        [this, attempt](std::shared_ptr<State> state) {
            if (attempt != m_opening)
                return; // a later open() won
            m_opened = attempt;
            adopt(std::move(state));
        },
        [this, attempt](const QString &message) {
            if (attempt != m_opening)
                return;
            m_opened = attempt;
            emit openFailed(message);
        });
}

void Session::adopt(std::shared_ptr<State> state)
{
    stopFeed();
    // The old metadata stays alive until every view has moved to the new one.
    const std::shared_ptr<State> previous = std::exchange(m_state, std::move(state));
    startFeed();
    emit opened();
}

void Session::close()
{
    ++m_opening; // an open() still running is dropped
    m_opened = m_opening;
    if (!m_state)
        return;
    stopFeed();
    // Views drop what they hold of the metadata while it is still alive.
    const std::shared_ptr<State> previous = std::move(m_state);
    m_state.reset();
    emit closed();
}

void Session::startFeed()
{
    m_liveTables.clear();
    m_liveError.clear();
    // ChangeFeed reads the trigger tables and listens on a connection of its own: it lives on a
    // thread of its own, so the GUI thread never waits on it.
    m_feedThread = new QThread(this);
    m_feedThread->setObjectName(QStringLiteral("rexorm-admin-changes"));
    auto *anchor = new QObject;
    anchor->moveToThread(m_feedThread);
    connect(m_feedThread, &QThread::finished, anchor, &QObject::deleteLater);
    m_feedThread->start();
    const Database db = m_state->database;
    const quint64 generation = ++m_feedGeneration;
    QPointer<Session> self(this);
    QMetaObject::invokeMethod(anchor, [anchor, db, self, generation] {
        auto *feed = new ChangeFeed(db, {}, anchor);
        const bool started = feed->start();
        const QStringList tables = feed->triggerTables();
        const QString error = started ? QString() : feed->errorString();
        QMetaObject::invokeMethod(self, [self, feed, tables, error, generation] {
            // A feed stopped meanwhile is gone with its thread: stopFeed() moved the generation.
            if (!self || generation != self->m_feedGeneration)
                return;
            self->m_feed = feed;
            self->m_liveTables = tables;
            self->m_liveError = error;
            connect(feed, &ChangeFeed::changed, self, [s = self.data()](const ChangeEvent &event) {
                if (s->m_state)
                    emit s->changed(event, s->entityOf(event));
            });
            connect(feed, &ChangeFeed::gap, self, &Session::gap);
            emit self->liveStatusChanged();
        });
    });
}

void Session::restartFeed()
{
    if (!m_state)
        return;
    stopFeed();
    startFeed();
}

void Session::stopFeed()
{
    ++m_feedGeneration; // a feed still reporting its start is dropped
    if (!m_feedThread)
        return;
    if (m_feed)
        m_feed->disconnect(this);
    m_feed = nullptr;
    // The anchor, and the feed with it, are deleted on that thread when it ends; the GUI thread
    // does not wait for that (a feed may still be connecting to a slow server).
    QThread *thread = std::exchange(m_feedThread, nullptr);
    connect(thread, &QThread::finished, this, [this, thread] {
        m_retiringFeeds.removeOne(thread);
        thread->deleteLater();
    });
    m_retiringFeeds << thread;
    thread->quit();
}

const Database &Session::database() const
{
    if (!m_state)
        throw Error(tr("No database is open."));
    return m_state->database;
}

QString Session::displayUrl() const
{
    return m_state ? m_state->database.config().toUrl() : QString();
}

QStringList Session::entities() const
{
    if (!m_state)
        return {};
    QStringList names = m_state->registry.entityNames();
    names.sort(Qt::CaseInsensitive);
    return names;
}

const EntityInfo *Session::entity(const QString &name) const
{
    return m_state ? m_state->registry.find(name) : nullptr;
}

const Registry *Session::registry() const
{
    return m_state ? &m_state->registry : nullptr;
}

std::optional<GraphQL::EntityNames> Session::names(const QString &entity) const
{
    return m_state ? m_state->api.live->names(entity) : std::nullopt;
}

std::shared_ptr<const GraphQL::Service> Session::graphql() const
{
    return m_state ? m_state->service : nullptr;
}

std::shared_ptr<const GraphQL::LiveApi> Session::live() const
{
    return m_state ? m_state->api.live : nullptr;
}

QString Session::entityOf(const ChangeEvent &event) const
{
    if (!m_state || event.isUnknownWrite())
        return {};
    return m_state->api.live->entityOf(event);
}

QFuture<QJsonObject> Session::request(const QString &query, const QJsonObject &variables) const
{
    if (!m_state) {
        QPromise<QJsonObject> failed;
        failed.start();
        failed.setException(std::make_exception_ptr(Error(tr("No database is open."))));
        failed.finish();
        return failed.future();
    }
    GraphQL::ServiceRequest request;
    request.query = query;
    request.variables = variables;
    // The service (and the state) stay alive while the request runs, even if the session closes.
    const std::shared_ptr<State> state = m_state;
    return state->service->executeAsync(request).then([state](const GraphQL::ServiceResponse &r) {
        return QJsonDocument::fromJson(r.result.toJson()).object();
    });
}

} // namespace RexOrm::Admin
