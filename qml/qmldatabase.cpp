#include "qmldatabase.h"
#include "remoteconnection.h"

#include <rexorm/error.h>
#include <rexorm/meta/schemainspector.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QFutureWatcher>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>

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

bool QmlDatabase::open(const QString &url, const QString &token)
{
    const QUrl parsed(url);
    if (parsed.scheme() == u"http" || parsed.scheme() == u"https") {
        close();
        if (!parsed.isValid() || parsed.host().isEmpty()) {
            setError(QStringLiteral("Not a server URL: %1").arg(parsed.toDisplayString()));
            return false;
        }
        m_remote = new RemoteConnection(parsed, token, this);
        m_remoteUrl = parsed.toString(QUrl::RemoveUserInfo);
        connect(m_remote, &RemoteConnection::entityChanged, this, &QmlDatabase::entityChanged);
        connect(m_remote, &RemoteConnection::changeDescribed, this, &QmlDatabase::changeDescribed);
        connect(m_remote, &RemoteConnection::resyncNeeded, this, &QmlDatabase::resyncNeeded);
        connect(m_remote, &RemoteConnection::failed, this, &QmlDatabase::setError);
        setError({});
        emit openChanged();
        return true;
    }
    try {
        setDatabase(Database::fromUrl(url));
        return true;
    } catch (const Error &e) {
        close();
        setError(e.message());
        return false;
    }
}

void QmlDatabase::dropRemote()
{
    RemoteConnection *remote = std::exchange(m_remote, nullptr);
    if (!remote)
        return;
    remote->disconnect(this);
    remote->shutdown();
    remote->deleteLater();
}

void QmlDatabase::setDatabase(const Database &database)
{
    auto state = std::make_unique<State>(); // built first: a failure leaves the old one open
    state->database = database;
    // Compiled models first; then the tables no model describes, as the inspector reads them.
    for (const QString &name : Registry::global().entityNames())
        state->registry.registerEntity(Registry::global().entity(name));
    for (EntityInfo &entity : SchemaInspector(database).servedEntities({}, &state->registry)) {
        if (!state->registry.find(entity.name)) // models are in already
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
    state->service = std::make_shared<GraphQL::Service>(state->api.schema, serviceOptions);
    state->feed = std::make_unique<ChangeFeed>(database);
    connect(state->feed.get(), &ChangeFeed::changed, this, [this](const ChangeEvent &event) {
        // A raw write that named no table may have changed any entity.
        const QString entity =
            event.isUnknownWrite() || !m_state ? QString() : m_state->api.live->entityOf(event);
        emit entityChanged(entity);
        emit changeDescribed(
            {{QStringLiteral("op"), ChangeEvent::operationName(event.operation)},
             {QStringLiteral("entity"), entity.isEmpty() ? event.table : entity},
             {QStringLiteral("key"),
              QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(event.primaryKey))
                                    .toJson(QJsonDocument::Compact))},
             {QStringLiteral("at"), event.timestamp}});
    });
    connect(state->feed.get(), &ChangeFeed::gap, this, &QmlDatabase::resyncNeeded);
    state->feed->start(); // with triggers installed, every client's writes too
    dropRemote();
    m_state = std::move(state);
    setError({});
    emit openChanged();
}

void QmlDatabase::close()
{
    if (!m_state && !m_remote)
        return;
    m_state.reset();
    dropRemote();
    emit openChanged();
}

QString QmlDatabase::url() const
{
    if (m_remote)
        return m_remoteUrl;
    return m_state ? m_state->database->config().toUrl() : QString();
}

QStringList QmlDatabase::entities() const
{
    return m_state ? m_state->registry.entityNames() : QStringList();
}

void QmlDatabase::execute(const QString &document, const QJsonObject &variables, QObject *context,
                          std::function<void(const QJsonObject &response)> done) const
{
    if (m_remote) {
        m_remote->execute(document, variables, context, std::move(done));
        return;
    }
    if (!m_state) {
        done({{QStringLiteral("errors"),
               QJsonArray{QJsonObject{
                   {QStringLiteral("message"), QStringLiteral("No database is open")}}}}});
        return;
    }
    GraphQL::ServiceRequest request;
    request.query = document;
    request.variables = variables;
    // The job holds the service, so closing the database meanwhile frees nothing it uses.
    auto *watcher = new QFutureWatcher<QByteArray>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done] {
        watcher->deleteLater();
        done(QJsonDocument::fromJson(watcher->result()).object());
    });
    watcher->setFuture(m_state->database->run(
        [service = m_state->service, request = std::move(request)]() -> QByteArray {
            try {
                return service->execute(request).result.toJson();
            } catch (const std::exception &e) {
                return QJsonDocument(
                           QJsonObject{{QStringLiteral("errors"),
                                        QJsonArray{QJsonObject{{QStringLiteral("message"),
                                                                QString::fromUtf8(e.what())}}}}})
                    .toJson(QJsonDocument::Compact);
            }
        }));
}

void QmlDatabase::reconnect()
{
    if (m_remote)
        m_remote->reconnect();
}

void QmlDatabase::watch(const QString &entity)
{
    if (m_remote)
        m_remote->watch(entity);
}

QString QmlDatabase::entityName(const QString &name) const
{
    if (m_remote)
        return name;
    return m_state ? m_state->api.live->entityNamed(name) : QString();
}

void QmlDatabase::setError(const QString &error)
{
    if (m_error == error)
        return;
    m_error = error;
    emit errorChanged();
}

} // namespace RexOrm::Quick
