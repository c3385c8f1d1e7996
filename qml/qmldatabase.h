#pragma once

#include <rexorm/changes/changefeed.h>
#include <rexorm/database/database.h>
#include <rexorm/graphql/liveapi.h>
#include <rexorm/graphql/service.h>
#include <rexorm/meta/registry.h>

#include <QtCore/QJsonObject>
#include <QtCore/QObject>
#include <QtQml/QQmlEngine>

#include <functional>

#include <memory>
#include <optional>

namespace RexOrm::Quick {

class RemoteConnection;

// The database QML models read: `Database.open("sqlite:///app.db")` from QML, or setDatabase()
// from C++; or a `rexorm serve` server: `Database.open("http://127.0.0.1:4000", token)`, whose
// GraphQL API models then read over HTTP and whose /realtime feed keeps them live. Its entities are
// the application's compiled models (Registry::global()) and, for other tables, what the schema
// inspector finds. Models read and write through the GraphQL API generated from them (in process,
// on the database's executor threads), so a model's `where` is the GraphQL filter language and
// means exactly what it means on a server; its changes come from a ChangeFeed (this process's
// writes, and every client's where triggers are installed).
class QmlDatabase : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(Database)
    QML_SINGLETON
    Q_PROPERTY(QString url READ url NOTIFY openChanged)
    Q_PROPERTY(bool isOpen READ isOpen NOTIFY openChanged)
    Q_PROPERTY(bool isRemote READ isRemote NOTIFY openChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(QStringList entities READ entities NOTIFY openChanged)

public:
    // No default argument: Qt 6.4 prefers a default constructor to create() for singletons, and
    // QML must get instance(), the object C++ configures.
    explicit QmlDatabase(QObject *parent);
    ~QmlDatabase() override;

    // The instance QML's singleton is (created on first use).
    static QmlDatabase *instance();
    static QmlDatabase *create(QQmlEngine *engine, QJSEngine *scriptEngine);

    // Opens a database by URL, or a server by its http(s) URL with an optional token (JWT or
    // API key). A bad URL or a failed connection sets error and returns false; the password
    // never appears in it.
    Q_INVOKABLE bool open(const QString &url, const QString &token = {});
    // Uses a Database the application opened itself.
    void setDatabase(const Database &database);
    Q_INVOKABLE void close();
    // A server: drops the change feed's connection and connects again, resuming from the last
    // change seen (changes made meanwhile replay; if the server cannot, models read again).
    Q_INVOKABLE void reconnect();

    QString url() const;
    bool isOpen() const { return m_state != nullptr || m_remote != nullptr; }
    bool isRemote() const { return m_remote != nullptr; }
    QString error() const { return m_error; }
    QStringList entities() const;

    // For models: the open database's state, or null.
    struct State
    {
        std::optional<Database> database;
        Registry registry;
        GraphQL::GeneratedApi api;
        // Shared with the requests running on executor threads: closing never frees it under them.
        std::shared_ptr<GraphQL::Service> service;
        std::unique_ptr<ChangeFeed> feed;
    };
    const State *state() const { return m_state.get(); }

    // For models: runs a GraphQL request (in process, or on the server) and hands the response
    // object to done on this thread, unless context is gone by then.
    void execute(const QString &document, const QJsonObject &variables, QObject *context,
                 std::function<void(const QJsonObject &response)> done) const;
    // Changes of this entity (as the model names it) are to be reported by entityChanged().
    void watch(const QString &entity);
    // The name entityChanged() uses for what a model names (entity, type or table): locally the
    // entity's name, remotely the name as given. Empty when a local database has no such entity.
    QString entityName(const QString &name) const;

signals:
    void openChanged();
    void errorChanged();
    // A committed change of this entity (entityName()); empty: any entity may have changed.
    void entityChanged(const QString &entity);
    // The same change described for people: {op, entity, key, at} (key as JSON text).
    void changeDescribed(const QVariantMap &change);
    // Events may have been lost: models reload.
    void resyncNeeded();

private:
    void setError(const QString &error);
    // Stops the server connection: its requests answer with an error, it is deleted later (it
    // may be the sender of the signal that got here).
    void dropRemote();
    std::unique_ptr<State> m_state;
    RemoteConnection *m_remote = nullptr;
    QString m_remoteUrl;
    QString m_error;
};

} // namespace RexOrm::Quick
