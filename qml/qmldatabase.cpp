#include "qmldatabase.h"

#include <rexorm/error.h>
#include <rexorm/meta/schemainspector.h>
#include <rexorm/migrations/migrator.h>

#include <QtCore/QCoreApplication>

namespace RexOrm::Quick {

QmlDatabase::QmlDatabase(QObject *parent) : QObject(parent) {}

QmlDatabase::~QmlDatabase() = default;

QmlDatabase *QmlDatabase::instance()
{
    static QmlDatabase *database = new QmlDatabase(QCoreApplication::instance());
    return database;
}

QmlDatabase *QmlDatabase::create(QQmlEngine *, QJSEngine *)
{
    QmlDatabase *database = instance();
    QJSEngine::setObjectOwnership(database, QJSEngine::CppOwnership);
    return database;
}

bool QmlDatabase::open(const QString &url)
{
    try {
        setDatabase(Database::fromUrl(url));
        return true;
    } catch (const Error &e) {
        close();
        setError(e.message());
        return false;
    }
}

void QmlDatabase::setDatabase(const Database &database)
{
    auto state = std::make_unique<State>();
    state->database = database;
    // Compiled models first; then the tables no model describes, as the inspector reads them.
    for (const QString &name : Registry::global().entityNames())
        state->registry.registerEntity(Registry::global().entity(name));
    for (EntityInfo &entity : SchemaInspector(database).inspectAll()) {
        if (entity.table == Migrator::trackerTable() || entity.table == u"rex_changes" ||
            state->registry.findByTable(entity.table) || state->registry.find(entity.name))
            continue;
        state->registry.registerEntity(std::move(entity));
    }
    GraphQL::ApiOptions options;
    options.subscriptions = false;
    options.maxPageSize = 10000; // a model's limit
    options.defaultPageSize = 10000;
    options.maxRows = 30000;
    state->api = GraphQL::generateApi(database, state->registry, options);
    GraphQL::ServiceOptions serviceOptions;
    serviceOptions.maxDocumentBytes = 1024 * 1024;
    state->service = std::make_unique<GraphQL::Service>(state->api.schema, serviceOptions);
    state->service->setDatabase(database);
    state->feed = std::make_unique<ChangeFeed>(database);
    connect(state->feed.get(), &ChangeFeed::changed, this, &QmlDatabase::changed);
    connect(state->feed.get(), &ChangeFeed::gap, this, &QmlDatabase::resyncNeeded);
    state->feed->start(); // without triggers: this process's own writes only
    m_state = std::move(state);
    setError({});
    emit openChanged();
}

void QmlDatabase::close()
{
    if (!m_state)
        return;
    m_state.reset();
    emit openChanged();
}

QString QmlDatabase::url() const
{
    return m_state ? m_state->database->config().toUrl() : QString();
}

QStringList QmlDatabase::entities() const
{
    return m_state ? m_state->registry.entityNames() : QStringList();
}

void QmlDatabase::setError(const QString &error)
{
    if (m_error == error)
        return;
    m_error = error;
    emit errorChanged();
}

} // namespace RexOrm::Quick
