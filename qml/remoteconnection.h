#pragma once

#include <QtCore/QJsonObject>
#include <QtCore/QObject>
#include <QtCore/QSet>
#include <QtCore/QTimer>
#include <QtCore/QUrl>

#include <functional>

class QNetworkAccessManager;
class QWebSocket;

namespace RexOrm::Quick {

// A `rexorm serve` seen from QML: GraphQL over HTTP (POST to /graphql) and the /realtime
// WebSocket for changes. Watched entities are subscribed; after a lost connection it reconnects
// (with backoff) and resumes from the last change token, so the changes made meanwhile replay; when
// the server cannot resume (restart, another instance, a token too old) it says resync and the
// models read again.
class RemoteConnection : public QObject
{
    Q_OBJECT

public:
    // url: the server's GraphQL endpoint or origin ("http://127.0.0.1:4000[/graphql]").
    RemoteConnection(const QUrl &url, const QString &token, QObject *parent = nullptr);
    ~RemoteConnection() override;

    QUrl graphqlUrl() const { return m_graphql; }
    bool isConnected() const { return m_ready; }

    // Posts a GraphQL request; done gets the response object (or {"errors": [...]} for a transport
    // failure), on this object's thread, unless context is gone by then.
    void execute(const QString &document, const QJsonObject &variables, QObject *context,
                 std::function<void(const QJsonObject &response)> done);
    void watch(const QString &entity);
    // Drops the WebSocket and connects again, resuming where it left off (after a network
    // change, say).
    void reconnect();
    // Stops for good: no reconnecting, and requests still running answer with an error.
    void shutdown();

signals:
    void entityChanged(const QString &entity);       // as watch() named it
    void changeDescribed(const QVariantMap &change); // {op, entity, key, at}
    void resyncNeeded();                             // changes may have been missed: read again
    void connectedChanged();
    void failed(const QString &message);

private:
    void connectSocket();
    void onMessage(const QString &text);
    void send(const QJsonObject &message);
    QJsonObject subscription(const QString &entity) const;

    QUrl m_graphql;
    QUrl m_realtime;
    QString m_token;
    QNetworkAccessManager *m_network;
    QWebSocket *m_socket;
    QTimer m_reconnect;
    int m_backoffMs = 100; // reset once subscriptions are live again, not on every welcome
    bool m_stopped = false;
    bool m_resumed = false; // this connection resumed: its subscriptions replay, no re-read
    bool m_ready = false;   // welcomed (and authenticated)
    bool m_everWelcomed = false;
    QString m_resumeToken; // the last change's token: "<instance>:<seq>"
    QString m_instance;
    QSet<QString> m_watched;
    QHash<QString, QString> m_entityOfId; // subscription id -> entity
};

} // namespace RexOrm::Quick
