#include "remoteconnection.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>
#include <QtWebSockets/QWebSocket>

namespace RexOrm::Quick {

namespace {

QString str(const char *text)
{
    return QString::fromLatin1(text);
}

QJsonObject transportError(const QString &message)
{
    return {{str("errors"), QJsonArray{QJsonObject{{str("message"), message}}}}};
}

} // namespace

RemoteConnection::RemoteConnection(const QUrl &url, const QString &token, QObject *parent)
    : QObject(parent), m_token(token), m_network(new QNetworkAccessManager(this)),
      m_socket(new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this))
{
    m_graphql = url;
    if (m_graphql.path().isEmpty() || m_graphql.path() == u"/")
        m_graphql.setPath(str("/graphql"));
    m_realtime = m_graphql;
    m_realtime.setScheme(url.scheme() == u"https" ? str("wss") : str("ws"));
    m_realtime.setPath(str("/realtime"));

    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, this, &RemoteConnection::connectSocket);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &RemoteConnection::onMessage);
    connect(m_socket, &QWebSocket::disconnected, this, [this] {
        const bool was = m_ready;
        m_ready = false;
        if (was)
            emit connectedChanged();
        const auto code = m_socket->closeCode();
        if (int(code) == 4401 || int(code) == 4403) {
            // Credentials refused: retrying with the same token cannot help.
            emit failed(QStringLiteral("The server refused the change feed: %1")
                            .arg(m_socket->closeReason()));
            return;
        }
        if (m_stopped)
            return;
        m_reconnect.start(m_backoffMs);
        m_backoffMs = std::min(m_backoffMs * 2, 5000);
    });
    connectSocket();
}

RemoteConnection::~RemoteConnection()
{
    shutdown();
    m_socket->disconnect(this);
}

void RemoteConnection::shutdown()
{
    m_stopped = true;
    m_reconnect.stop();
    m_socket->abort();
    // Every request answers (with an error): nobody waits for one that will never come.
    const auto replies = m_network->findChildren<QNetworkReply *>();
    for (QNetworkReply *reply : replies)
        reply->abort();
}

void RemoteConnection::connectSocket()
{
    m_socket->abort();
    m_socket->open(m_realtime);
}

void RemoteConnection::reconnect()
{
    if (m_stopped)
        return;
    m_backoffMs = 100;
    m_socket->abort(); // disconnected() schedules the new connection
    m_reconnect.stop();
    connectSocket();
}

void RemoteConnection::send(const QJsonObject &message)
{
    m_socket->sendTextMessage(
        QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

QJsonObject RemoteConnection::subscription(const QString &entity) const
{
    // The id names the entity, so a resumed or replayed change finds its watcher.
    const QString id = QStringLiteral("e:") + entity;
    return {{str("type"), str("subscribe")}, {str("id"), id}, {str("entity"), entity}};
}

void RemoteConnection::watch(const QString &entity)
{
    if (m_watched.contains(entity))
        return;
    m_watched.insert(entity);
    m_entityOfId.insert(QStringLiteral("e:") + entity, entity);
    if (m_ready)
        send(subscription(entity));
}

void RemoteConnection::onMessage(const QString &text)
{
    const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = message.value(str("type")).toString();
    if (type == u"welcome") {
        const QString instance = message.value(str("instance")).toString();
        if (!m_token.isEmpty())
            send({{str("type"), str("auth")}, {str("token"), m_token}});
        QJsonArray subscriptions;
        for (const QString &entity : std::as_const(m_watched)) {
            QJsonObject s = subscription(entity);
            s.remove(str("type"));
            subscriptions.append(s);
        }
        m_resumed = false;
        if (m_everWelcomed && !m_resumeToken.isEmpty()) {
            // Back after a lost connection: replay what was missed, in order.
            send({{str("type"), str("resume")},
                  {str("token"), m_resumeToken},
                  {str("subscribe"), subscriptions}});
        } else {
            for (const QString &entity : std::as_const(m_watched))
                send(subscription(entity));
            if (m_everWelcomed)
                emit resyncNeeded(); // nothing to resume from: read again
        }
        m_instance = instance;
        m_everWelcomed = true;
        m_ready = true;
        emit connectedChanged();
    } else if (type == u"change") {
        m_resumeToken = message.value(str("token")).toString();
        const QString entity = m_entityOfId.value(message.value(str("id")).toString());
        if (!entity.isEmpty())
            emit entityChanged(entity);
        emit changeDescribed(
            {{str("op"), message.value(str("op")).toString()},
             {str("entity"), message.value(str("model")).toString()},
             {str("key"), QString::fromUtf8(QJsonDocument(message.value(str("key")).toObject())
                                                .toJson(QJsonDocument::Compact))},
             {str("at"),
              QDateTime::fromString(message.value(str("at")).toString(), Qt::ISODateWithMs)}});
    } else if (type == u"subscribed" || type == u"resumed") {
        // Changes after seq follow; a resume token of this instance from now on.
        m_backoffMs = 100; // live again: the next loss retries quickly
        const qint64 seq = message.value(str("seq")).toInteger();
        if (m_resumeToken.isEmpty() || !m_resumeToken.startsWith(m_instance + u':'))
            m_resumeToken = m_instance + u':' + QString::number(seq);
        // A write may have committed between a model's read and this subscription: the model
        // reads once more now that nothing can slip by.
        if (type == u"subscribed" && !m_resumed) {
            const QString entity = m_entityOfId.value(message.value(str("id")).toString());
            if (!entity.isEmpty())
                emit entityChanged(entity);
        }
        if (type == u"resumed")
            m_resumed = true;
    } else if (type == u"resync") {
        m_resumeToken.clear();
        emit resyncNeeded();
    } else if (type == u"error") {
        emit failed(message.value(str("message")).toString());
    }
}

void RemoteConnection::execute(const QString &document, const QJsonObject &variables,
                               QObject *context,
                               std::function<void(const QJsonObject &response)> done)
{
    QNetworkRequest request(m_graphql);
    request.setHeader(QNetworkRequest::ContentTypeHeader, str("application/json"));
    request.setRawHeader("accept", "application/graphql-response+json, application/json");
    if (!m_token.isEmpty())
        request.setRawHeader("authorization", "Bearer " + m_token.toUtf8());
    const QByteArray body =
        QJsonDocument(QJsonObject{{str("query"), document}, {str("variables"), variables}})
            .toJson(QJsonDocument::Compact);
    request.setTransferTimeout(30000); // a server that never answers still ends the request
    QNetworkReply *reply = m_network->post(request, body);
    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    connect(reply, &QNetworkReply::finished, context, [reply, done] {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(reply->readAll(), &error);
        if (error.error != QJsonParseError::NoError || !document.isObject())
            done(transportError(reply->error() != QNetworkReply::NoError
                                    ? reply->errorString()
                                    : QStringLiteral("The server's answer is not JSON")));
        else
            done(document.object());
    });
}

} // namespace RexOrm::Quick
