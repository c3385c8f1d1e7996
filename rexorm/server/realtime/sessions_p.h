#pragma once

#include "dispatcher_p.h"

#include <rexorm/changes/changefeed.h>
#include <rexorm/graphql/service.h>
#include <rexorm/server/auth.h>
#include <rexorm/server/realtime.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QTimer>

QT_BEGIN_NAMESPACE
class QWebSocket;
class QWebSocketServer;
class QTcpSocket;
QT_END_NAMESPACE

namespace RexOrm {
class ServerMetrics;
}

namespace RexOrm::Realtime {

// What every WebSocket session of one server shares.
struct Shared
{
    std::shared_ptr<GraphQL::Service> service;
    std::shared_ptr<const GraphQL::LiveApi> live;
    QPointer<ChangeFeed> feed;
    Dispatcher *dispatcher = nullptr;
    const Authenticator *authenticator = nullptr;
    ServerMetrics *metrics = nullptr;
    RealtimeOptions options;
};

// The base of both protocols: the socket, limits, subscriptions, slow-consumer cut-off.
class Session : public QObject, public Subscriber
{
    Q_OBJECT

public:
    Session(QWebSocket *socket, const Shared &shared, QObject *parent);
    ~Session() override;
    // Sends the close frame after what is queued already; a peer that has not finished the
    // closing handshake after abortAfter is dropped.
    void closeWith(int code, const QString &reason,
                   std::chrono::milliseconds abortAfter = std::chrono::seconds(3));
    // Events may have been missed (a listener gap, a batch that could not be matched).
    virtual void eventsMissed(const QString &reason) = 0;

protected:
    virtual void onText(const QString &text) = 0;
    void sendJson(const QJsonObject &message);
    void sendBytes(const QByteArray &json);
    // Starts closing the connection when the principal's credentials expire.
    void watchExpiry(const Principal &principal, int closeCode);
    // A subscription's access context and row filter for the principal.
    GraphQL::ExecutionOptions executionOptions() const;
    quint64 subscribe(std::shared_ptr<Subscription> s, const QString &clientId);
    void unsubscribe(const QString &clientId);
    bool hasSubscription(const QString &clientId) const { return m_byClient.contains(clientId); }
    int subscriptionCount() const { return int(m_byClient.size()); }
    QStringList subscriptionIds() const { return m_byClient.keys(); }
    virtual QByteArray wrap(const QString &clientId, const QByteArray &payload) const = 0;

    QWebSocket *m_socket;
    const Shared &m_shared;
    Principal m_principal;
    bool m_authenticated = false;
    bool m_closing = false;
    QTimer m_expiry;

private:
    void deliver(quint64 subscription, quint64 sequence, const QByteArray &payload) override;
    QHash<QString, quint64> m_byClient;
    QHash<quint64, QString> m_clientOf;
};

// graphql-transport-ws (the protocol of the graphql-ws library).
class GraphQLWsSession final : public Session
{
    Q_OBJECT

public:
    GraphQLWsSession(QWebSocket *socket, const Shared &shared, QObject *parent);
    void eventsMissed(const QString &reason) override;

private:
    void onText(const QString &text) override;
    QByteArray wrap(const QString &clientId, const QByteArray &payload) const override;
    void handleSubscribe(const QJsonObject &message);
    void sendErrors(const QString &id, const std::vector<GraphQL::GraphQLError> &errors);
    QTimer m_initTimer;
    bool m_initReceived = false;
    QSet<QString> m_operations; // ids of queries and mutations still executing
};

// The /realtime change feed (docs/realtime-protocol.md).
class RealtimeSession final : public Session
{
    Q_OBJECT

public:
    RealtimeSession(QWebSocket *socket, const Shared &shared, QObject *parent);
    void eventsMissed(const QString &reason) override;
    void resync(const QString &reason);

private:
    void onText(const QString &text) override;
    QByteArray wrap(const QString &clientId, const QByteArray &payload) const override;
    void error(const QString &message, const QString &id = {});
    void handleSubscribe(const QJsonObject &message);
    void handleResume(const QJsonObject &message);
    // A subscription from a subscribe message (ids in pending are taken too), or null after an
    // error message.
    std::shared_ptr<Subscription> parseSubscribe(const QJsonObject &message,
                                                 const QSet<QString> &pending);
    void subscribeAll(const QList<std::shared_ptr<Subscription>> &subscriptions);
    void subscribeListed(const QJsonObject &resume);
    QTimer m_authTimer;
    int m_invalidMessages = 0;
    std::optional<quint64> m_resumeFrom; // set by a valid resume token
};

// Takes upgraded sockets from the HTTP front, negotiates the protocol and owns the sessions.
class WebSocketHub : public QObject
{
    Q_OBJECT

public:
    WebSocketHub(Shared shared, const QString &graphqlPath, QObject *parent);
    ~WebSocketHub() override;
    bool take(QTcpSocket *socket, const QString &path);
    void closeAll(int code, const QString &reason);
    void eventsMissed(const QString &reason);

private:
    void onNewConnection();
    Shared m_shared;
    QString m_graphqlPath;
    QWebSocketServer *m_server;
    std::unique_ptr<Dispatcher> m_dispatcher;
};

} // namespace RexOrm::Realtime
