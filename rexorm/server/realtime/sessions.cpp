#include "sessions_p.h"

#include "../logging_p.h"
#include <rexorm/server/metrics.h>

#include <QtCore/QFutureWatcher>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtNetwork/QTcpSocket>
#include <QtWebSockets/QWebSocket>
#include <QtWebSockets/QWebSocketServer>

namespace RexOrm::Realtime {

namespace {

const QString graphqlWsProtocol = QStringLiteral("graphql-transport-ws");

QString str(const char *text)
{
    return QString::fromLatin1(text);
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// The client's filter and the caller's row filter, both of which must hold.
QVariantMap bothFilters(const QVariantMap &where, const QVariantMap &rowFilter)
{
    if (rowFilter.isEmpty())
        return where;
    if (where.isEmpty())
        return rowFilter;
    return {{str("and"), QVariantList{where, rowFilter}}};
}

} // namespace

// Session

Session::Session(QWebSocket *socket, const Shared &shared, QObject *parent)
    : QObject(parent), m_socket(socket), m_shared(shared)
{
    m_socket->setParent(this);
    m_socket->setMaxAllowedIncomingMessageSize(quint64(shared.options.maxMessageBytes));
    m_socket->setMaxAllowedIncomingFrameSize(quint64(shared.options.maxMessageBytes));
    connect(m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        if (!m_closing)
            onText(text);
    });
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, [this] {
        closeWith(RealtimeCloseCode::BadRequest,
                  str("Binary messages are not part of the protocol"));
    });
    connect(m_socket, &QWebSocket::disconnected, this, &QObject::deleteLater);
    m_expiry.setSingleShot(true);
    m_shared.metrics->webSocketConnections.increment();
}

Session::~Session()
{
    for (auto it = m_clientOf.constBegin(); it != m_clientOf.constEnd(); ++it)
        m_shared.dispatcher->remove(it.key());
    m_shared.metrics->subscribers.decrement(m_clientOf.size());
    m_shared.metrics->webSocketConnections.decrement();
}

void Session::closeWith(int code, const QString &reason, std::chrono::milliseconds abortAfter)
{
    if (m_closing)
        return;
    m_closing = true;
    qCDebug(lcServer).noquote() << "closing a WebSocket connection:" << code << reason;
    m_socket->close(QWebSocketProtocol::CloseCode(code), reason);
    // A peer that never answers the close frame (or never reads) is dropped.
    QTimer::singleShot(abortAfter, m_socket, [socket = m_socket] { socket->abort(); });
}

void Session::sendJson(const QJsonObject &message)
{
    sendBytes(compact(message));
}

void Session::sendBytes(const QByteArray &json)
{
    if (m_closing)
        return;
    if (m_socket->bytesToWrite() > m_shared.options.maxSendQueueBytes) {
        m_shared.metrics->slowConsumersDropped.increment();
        qCInfo(lcServer).noquote()
            << "closing a slow WebSocket consumer at" << m_socket->peerAddress().toString()
            << "with" << m_socket->bytesToWrite() << "bytes unsent";
        // Nothing more is queued (m_closing), so memory stays bounded; the close frame follows
        // the queue, and a client that reads on within the grace period learns why it was cut.
        closeWith(RealtimeCloseCode::SlowConsumer,
                  QStringLiteral("Slow consumer: more than %1 bytes waiting to be sent")
                      .arg(m_shared.options.maxSendQueueBytes),
                  std::chrono::seconds(10));
        return;
    }
    m_socket->sendTextMessage(QString::fromUtf8(json));
}

void Session::watchExpiry(const Principal &principal, int closeCode)
{
    m_expiry.disconnect();
    m_expiry.stop();
    if (!principal.expiresAt.isValid())
        return;
    const qint64 ms = QDateTime::currentDateTimeUtc().msecsTo(principal.expiresAt);
    connect(&m_expiry, &QTimer::timeout, this,
            [this, closeCode] { closeWith(closeCode, str("The token has expired")); });
    m_expiry.start(int(std::clamp<qint64>(ms, 0, std::numeric_limits<int>::max())));
}

GraphQL::ExecutionOptions Session::executionOptions() const
{
    GraphQL::ExecutionOptions options;
    const GraphQL::ServiceOptions &service = m_shared.service->options();
    options.introspection = service.introspection;
    options.maxDepth = service.maxDepth;
    options.maxNodes = service.maxNodes;
    options.context.insert(QLatin1String(GraphQL::accessContextKey),
                           QVariant::fromValue(m_principal.access));
    options.context.insert(QLatin1String(GraphQL::roleContextKey), m_principal.role);
    options.context.insert(QLatin1String(GraphQL::subjectContextKey), m_principal.subject);
    return options;
}

quint64 Session::subscribe(std::shared_ptr<Subscription> s, const QString &clientId)
{
    const quint64 liveFrom = m_shared.feed ? m_shared.feed->lastSequence() : 0;
    const quint64 id = m_shared.dispatcher->add(std::move(s), this, liveFrom);
    m_byClient.insert(clientId, id);
    m_clientOf.insert(id, clientId);
    m_shared.metrics->subscribers.increment();
    return id;
}

void Session::unsubscribe(const QString &clientId)
{
    const auto it = m_byClient.constFind(clientId);
    if (it == m_byClient.constEnd())
        return;
    m_shared.dispatcher->remove(*it);
    m_clientOf.remove(*it);
    m_byClient.erase(it);
    m_shared.metrics->subscribers.decrement();
}

void Session::deliver(quint64 subscription, quint64, const QByteArray &payload)
{
    const auto it = m_clientOf.constFind(subscription);
    if (it == m_clientOf.constEnd())
        return;
    sendBytes(wrap(*it, payload));
    m_shared.metrics->changeEventsDelivered.increment();
}

// graphql-transport-ws

GraphQLWsSession::GraphQLWsSession(QWebSocket *socket, const Shared &shared, QObject *parent)
    : Session(socket, shared, parent)
{
    if (socket->subprotocol() != graphqlWsProtocol) {
        // QWebSocketServer accepts a client that offered no subprotocol we speak; we may not.
        closeWith(RealtimeCloseCode::NoSubprotocol, str("Subprotocol not acceptable"));
        return;
    }
    m_initTimer.setSingleShot(true);
    connect(&m_initTimer, &QTimer::timeout, this, [this] {
        closeWith(RealtimeCloseCode::InitTimeout, str("Connection initialisation timeout"));
    });
    m_initTimer.start(shared.options.initTimeout);
}

QByteArray GraphQLWsSession::wrap(const QString &clientId, const QByteArray &payload) const
{
    QByteArray out = QByteArrayLiteral("{\"id\":");
    out += QJsonDocument(QJsonArray{clientId}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
    out += QByteArrayLiteral(",\"type\":\"next\",\"payload\":");
    out += payload;
    out += '}';
    return out;
}

void GraphQLWsSession::sendErrors(const QString &id,
                                  const std::vector<GraphQL::GraphQLError> &errors)
{
    QJsonArray list;
    for (const GraphQL::GraphQLError &e : errors)
        list << e.toJson();
    sendJson({{str("id"), id}, {str("type"), str("error")}, {str("payload"), list}});
}

void GraphQLWsSession::onText(const QString &text)
{
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    const QJsonObject message = document.object();
    const QString type = message.value(str("type")).toString();
    if (!document.isObject() || !message.value(str("type")).isString()) {
        closeWith(RealtimeCloseCode::BadRequest, str("Invalid message received"));
        return;
    }
    if (type == u"connection_init") {
        if (m_initReceived) {
            closeWith(RealtimeCloseCode::TooManyInits, str("Too many initialisation requests"));
            return;
        }
        m_initReceived = true;
        m_initTimer.stop();
        const QJsonValue payload = message.value(str("payload"));
        if (!payload.isUndefined() && !payload.isNull() && !payload.isObject()) {
            closeWith(RealtimeCloseCode::BadRequest, str("Invalid message received"));
            return;
        }
        const QJsonObject init = payload.toObject();
        QString token;
        for (const char *key : {"authorization", "Authorization", "token", "apiKey"}) {
            if (init.value(QLatin1String(key)).isString()) {
                token = init.value(QLatin1String(key)).toString();
                break;
            }
        }
        const AuthResult auth = m_shared.authenticator->authenticateToken(token);
        if (!auth.ok()) {
            m_shared.metrics->authFailures.increment();
            closeWith(RealtimeCloseCode::Forbidden, str("Forbidden: ") + auth.error);
            return;
        }
        m_principal = auth.principal;
        m_authenticated = true;
        watchExpiry(m_principal, RealtimeCloseCode::Forbidden);
        sendJson({{str("type"), str("connection_ack")}});
    } else if (type == u"ping") {
        QJsonObject pong{{str("type"), str("pong")}};
        if (message.value(str("payload")).isObject())
            pong.insert(str("payload"), message.value(str("payload")));
        sendJson(pong);
    } else if (type == u"pong") {
        // a keep-alive answer: nothing to do
    } else if (type == u"subscribe") {
        if (!m_authenticated) {
            closeWith(RealtimeCloseCode::Unauthorized, str("Unauthorized"));
            return;
        }
        const QString id = message.value(str("id")).toString();
        const QJsonObject payload = message.value(str("payload")).toObject();
        if (id.isEmpty() || !message.value(str("payload")).isObject() ||
            !payload.value(str("query")).isString()) {
            closeWith(RealtimeCloseCode::BadRequest, str("Invalid message received"));
            return;
        }
        if (hasSubscription(id) || m_operations.contains(id)) {
            closeWith(RealtimeCloseCode::DuplicateId,
                      QStringLiteral("Subscriber for %1 already exists").arg(id.left(64)));
            return;
        }
        handleSubscribe(message);
    } else if (type == u"complete") {
        const QString id = message.value(str("id")).toString();
        if (id.isEmpty()) {
            closeWith(RealtimeCloseCode::BadRequest, str("Invalid message received"));
            return;
        }
        unsubscribe(id);
        m_operations.remove(id);
    } else {
        closeWith(RealtimeCloseCode::BadRequest, str("Invalid message received"));
    }
}

void GraphQLWsSession::handleSubscribe(const QJsonObject &message)
{
    const QString id = message.value(str("id")).toString();
    const QJsonObject payload = message.value(str("payload")).toObject();
    const QJsonValue operationName = payload.value(str("operationName"));
    const QJsonValue variables = payload.value(str("variables"));
    if ((!operationName.isUndefined() && !operationName.isNull() && !operationName.isString()) ||
        (!variables.isUndefined() && !variables.isNull() && !variables.isObject())) {
        closeWith(RealtimeCloseCode::BadRequest, str("Invalid message received"));
        return;
    }
    const auto error = [](const QString &text) {
        GraphQL::GraphQLError e;
        e.message = text;
        return std::vector<GraphQL::GraphQLError>{e};
    };
    const QString query = payload.value(str("query")).toString();
    const GraphQL::ServiceOptions &serviceOptions = m_shared.service->options();
    if (query.size() > serviceOptions.maxDocumentBytes ||
        query.toUtf8().size() > serviceOptions.maxDocumentBytes) {
        sendErrors(id, error(QStringLiteral("The document is larger than the limit of %1 bytes.")
                                 .arg(serviceOptions.maxDocumentBytes)));
        return;
    }
    const auto entry = m_shared.service->documents().get(query);
    if (!entry->valid()) {
        sendErrors(id, entry->errors);
        return;
    }
    QString selectError;
    const GraphQL::Definition *operation =
        GraphQL::selectOperation(*entry->document, operationName.toString(), &selectError);
    if (!operation) {
        sendErrors(id, error(selectError));
        return;
    }
    GraphQL::ExecutionOptions options = executionOptions();
    if (operation->operation != GraphQL::OperationType::Subscription) {
        // A query or mutation over the socket: one next, then complete.
        if (m_operations.size() >= m_shared.options.maxSubscriptionsPerConnection) {
            sendErrors(id, error(QStringLiteral("At most %1 operations may run at once on a "
                                                "connection.")
                                     .arg(m_shared.options.maxSubscriptionsPerConnection)));
            return;
        }
        m_operations.insert(id);
        GraphQL::ServiceRequest request;
        request.query = query;
        request.operationName = operationName.toString();
        request.variables = variables.toObject();
        request.context = options.context;
        // Owned by the session: a client gone before the answer gets nothing, and nothing runs.
        auto *watcher = new QFutureWatcher<GraphQL::ServiceResponse>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, id] {
            watcher->deleteLater();
            if (!m_operations.remove(id))
                return; // completed by the client meanwhile
            const GraphQL::ServiceResponse response = watcher->result();
            if (response.result.requestError()) {
                sendErrors(id, response.result.errors);
                return;
            }
            sendBytes(wrap(id, response.result.toJson()));
            sendJson({{str("id"), id}, {str("type"), str("complete")}});
        });
        watcher->setFuture(m_shared.service->executeAsync(request));
        return;
    }
    if (subscriptionCount() >= m_shared.options.maxSubscriptionsPerConnection) {
        sendErrors(id, error(QStringLiteral("At most %1 subscriptions per connection.")
                                 .arg(m_shared.options.maxSubscriptionsPerConnection)));
        return;
    }
    std::vector<GraphQL::GraphQLError> errors;
    std::optional<GraphQL::SubscriptionTarget> target;
    QVariantMap rowFilter;
    try {
        target = m_shared.live->subscriptionTarget(*entry->document, operationName.toString(),
                                                   variables.toObject(), options, &errors);
        if (target)
            rowFilter = m_shared.live->readFilter(target->entity, &m_principal.access);
    } catch (const GraphQL::FieldError &e) {
        GraphQL::GraphQLError failure;
        failure.message = e.message();
        failure.extensions = e.extensions();
        errors = {failure};
        target.reset();
    }
    if (!target) {
        sendErrors(id, errors);
        return;
    }
    auto s = std::make_shared<Subscription>();
    s->entity = target->entity;
    s->where = bothFilters(target->where, rowFilter);
    s->rowFilter = rowFilter;
    s->operations = target->operations;
    s->document = entry->document;
    s->operationName = operationName.toString();
    s->variables = variables.toObject();
    options.subscriptionEvent = true;
    s->execution = options;
    // Equal documents, variables and callers give equal payloads.
    // Equal documents (one parsed document per text in the cache), variables and callers give
    // equal payloads.
    s->executionKey = QString::number(quintptr(entry->document.get())) + u'\x1f' +
                      s->operationName + u'\x1f' + QString::fromUtf8(compact(s->variables)) +
                      u'\x1f' + m_principal.role + u'\x1f' + m_principal.subject + u'\x1f' +
                      QString::fromUtf8(compact(QJsonObject::fromVariantMap(m_principal.claims)));
    s->clientId = id;
    subscribe(std::move(s), id);
}

// /realtime

RealtimeSession::RealtimeSession(QWebSocket *socket, const Shared &shared, QObject *parent)
    : Session(socket, shared, parent)
{
    sendJson({{str("type"), str("welcome")},
              {str("protocol"), str("rexorm-realtime/1")},
              {str("instance"), shared.feed ? shared.feed->instanceId() : QString()},
              {str("seq"), shared.feed ? qint64(shared.feed->lastSequence()) : 0}});
    const AuthResult anonymous = shared.authenticator->authenticateToken(QString());
    if (anonymous.ok()) {
        m_principal = anonymous.principal;
        m_authenticated = true;
        return;
    }
    m_authTimer.setSingleShot(true);
    connect(&m_authTimer, &QTimer::timeout, this,
            [this] { closeWith(RealtimeCloseCode::Unauthorized, str("No auth message in time")); });
    m_authTimer.start(shared.options.initTimeout);
}

QByteArray RealtimeSession::wrap(const QString &, const QByteArray &payload) const
{
    return payload; // the change message names its subscription itself
}

void RealtimeSession::error(const QString &message, const QString &id)
{
    QJsonObject out{{str("type"), str("error")}, {str("message"), message}};
    if (!id.isEmpty())
        out.insert(str("id"), id);
    sendJson(out);
    if (++m_invalidMessages > m_shared.options.maxInvalidMessages)
        closeWith(RealtimeCloseCode::BadRequest, str("Too many invalid messages"));
}

void RealtimeSession::eventsMissed(const QString &reason)
{
    resync(reason);
}

void GraphQLWsSession::eventsMissed(const QString &reason)
{
    // graphql-transport-ws cannot say "resync": each subscription ends with an error, so that
    // clients subscribe again and reload instead of missing changes silently.
    GraphQL::GraphQLError e;
    e.message = reason;
    e.extensions = {{str("code"), str("EVENTS_MISSED")}};
    for (const QString &id : subscriptionIds()) {
        unsubscribe(id);
        sendErrors(id, {e});
    }
}

void RealtimeSession::resync(const QString &reason)
{
    sendJson({{str("type"), str("resync")},
              {str("reason"), reason},
              {str("instance"), m_shared.feed ? m_shared.feed->instanceId() : QString()},
              {str("seq"), m_shared.feed ? qint64(m_shared.feed->lastSequence()) : 0}});
}

void RealtimeSession::onText(const QString &text)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        error(QStringLiteral("The message is not JSON: %1 at offset %2")
                  .arg(parseError.errorString())
                  .arg(parseError.offset));
        return;
    }
    const QJsonObject message = document.object();
    if (!document.isObject() || !message.value(str("type")).isString()) {
        error(str("A message is a JSON object with a string \"type\"."));
        return;
    }
    const QString type = message.value(str("type")).toString();
    if (type == u"auth") {
        const AuthResult auth =
            m_shared.authenticator->authenticateToken(message.value(str("token")).toString());
        if (!auth.ok()) {
            m_shared.metrics->authFailures.increment();
            sendJson({{str("type"), str("error")}, {str("message"), auth.error}});
            closeWith(RealtimeCloseCode::Unauthorized, auth.error.left(120));
            return;
        }
        // A new token may refresh the same caller's credentials; another caller (or none) would
        // keep subscriptions made under the first one's rights.
        if (m_authenticated && subscriptionCount() > 0 &&
            (auth.principal.isAnonymous() || auth.principal.role != m_principal.role ||
             auth.principal.subject != m_principal.subject)) {
            sendJson({{str("type"), str("error")},
                      {str("message"), str("A new token must name the same caller while "
                                           "subscriptions are open.")}});
            closeWith(RealtimeCloseCode::Unauthorized, str("Another caller's token"));
            return;
        }
        m_authTimer.stop();
        m_principal = auth.principal;
        m_authenticated = true;
        watchExpiry(m_principal, RealtimeCloseCode::Unauthorized);
        sendJson({{str("type"), str("auth_ok")}, {str("role"), m_principal.role}});
        return;
    }
    if (type == u"ping") {
        sendJson({{str("type"), str("pong")}});
        return;
    }
    if (!m_authenticated) {
        sendJson({{str("type"), str("error")}, {str("message"), str("Send auth first.")}});
        closeWith(RealtimeCloseCode::Unauthorized, str("Send auth first"));
        return;
    }
    if (type == u"subscribe") {
        handleSubscribe(message);
    } else if (type == u"unsubscribe") {
        const QString id = message.value(str("id")).toString();
        if (!hasSubscription(id)) {
            error(str("No subscription has this id."), id);
            return;
        }
        unsubscribe(id);
        sendJson({{str("type"), str("unsubscribed")}, {str("id"), id}});
    } else if (type == u"resume") {
        handleResume(message);
    } else {
        error(QStringLiteral("Unknown message type \"%1\".").arg(type.left(64)));
    }
}

std::shared_ptr<Subscription> RealtimeSession::parseSubscribe(const QJsonObject &message,
                                                              const QSet<QString> &pending)
{
    const QString id = message.value(str("id")).toString();
    if (id.isEmpty() || id.size() > 128) {
        error(str("subscribe needs an \"id\": a string of 1 to 128 characters."));
        return {};
    }
    if (hasSubscription(id) || pending.contains(id)) {
        error(str("A subscription with this id exists already."), id);
        return {};
    }
    if (subscriptionCount() + pending.size() >= m_shared.options.maxSubscriptionsPerConnection) {
        error(QStringLiteral("At most %1 subscriptions per connection.")
                  .arg(m_shared.options.maxSubscriptionsPerConnection),
              id);
        return {};
    }
    const QString entity = m_shared.live->entityNamed(message.value(str("entity")).toString());
    if (entity.isEmpty()) {
        error(QStringLiteral("No entity \"%1\" is served.")
                  .arg(message.value(str("entity")).toString().left(64)),
              id);
        return {};
    }
    auto s = std::make_shared<Subscription>();
    s->entity = entity;
    s->clientId = id;
    s->instance = m_shared.feed ? m_shared.feed->instanceId() : QString();
    // columns and ops, when given, are lists; a wrong shape is an error, never "everything".
    const QJsonValue columns = message.value(str("columns"));
    const QJsonValue ops = message.value(str("ops"));
    const QString typeName = m_shared.live->typeName(entity);
    if ((!columns.isUndefined() && !columns.isNull() && !columns.isArray()) ||
        (!ops.isUndefined() && !ops.isNull() && !ops.isArray())) {
        error(str("columns and ops are lists: [\"name\", ...], [\"insert\", ...]."), id);
        return {};
    }
    const GraphQL::Schema &schema = m_shared.service->schema();
    const GraphQL::NamedType *type = schema.type(typeName);
    for (const QJsonValue &column : columns.toArray()) {
        const GraphQL::FieldDef *field = type ? type->field(column.toString()) : nullptr;
        const GraphQL::NamedType *fieldType = field ? schema.namedType(*field->type) : nullptr;
        if (!column.isString() || !fieldType || !fieldType->isLeaf()) {
            error(QStringLiteral("columns: %1 has no field \"%2\".")
                      .arg(typeName, column.toVariant().toString().left(64)),
                  id);
            return {};
        }
        s->columns << column.toString();
    }
    for (const QJsonValue &op : ops.toArray()) {
        const QString name = op.toString();
        if (name == u"insert")
            s->operations << ChangeEvent::Insert;
        else if (name == u"update")
            s->operations << ChangeEvent::Update;
        else if (name == u"delete")
            s->operations << ChangeEvent::Delete;
        else {
            error(str("ops lists \"insert\", \"update\" and \"delete\"."), id);
            return {};
        }
    }
    try {
        const QVariantMap where = m_shared.live->coerceWhere(entity, message.value(str("where")));
        s->rowFilter = m_shared.live->readFilter(entity, &m_principal.access);
        s->where = bothFilters(where, s->rowFilter);
    } catch (const GraphQL::FieldError &e) {
        error(e.message(), id);
        return {};
    }
    return s;
}

void RealtimeSession::subscribeAll(const QList<std::shared_ptr<Subscription>> &subscriptions)
{
    // One replay for all of them: the missed events in order, then live ones.
    QList<ChangeEvent> replay;
    if (m_resumeFrom && m_shared.feed && !subscriptions.isEmpty()) {
        const auto missed = m_shared.feed->since(*m_resumeFrom);
        if (missed)
            replay = *missed;
        else
            resync(str("The events after the resume token are no longer buffered."));
    }
    const quint64 seq = m_shared.feed ? m_shared.feed->lastSequence() : 0;
    QList<quint64> ids;
    for (const auto &s : subscriptions) {
        ids << subscribe(s, s->clientId);
        sendJson({{str("type"), str("subscribed")},
                  {str("id"), s->clientId},
                  {str("entity"), s->entity},
                  {str("seq"), qint64(seq)}});
    }
    m_shared.dispatcher->replay(ids, std::move(replay));
}

void RealtimeSession::handleSubscribe(const QJsonObject &message)
{
    if (auto s = parseSubscribe(message, {}))
        subscribeAll({s});
}

void RealtimeSession::handleResume(const QJsonObject &message)
{
    if (subscriptionCount() > 0) {
        error(str("Send resume before subscribing."));
        return;
    }
    const QString token = message.value(str("token")).toString();
    const qsizetype colon = token.lastIndexOf(u':');
    bool ok = colon > 0;
    const quint64 seq = ok ? token.mid(colon + 1).toULongLong(&ok) : 0;
    if (!ok) {
        error(str("A resume token is \"<instance>:<seq>\", as change messages carry it."));
        return;
    }
    ChangeFeed *feed = m_shared.feed;
    if (!feed || token.left(colon) != feed->instanceId()) {
        resync(str("The token comes from another server instance or an earlier run of this "
                   "one; read the current state again."));
        subscribeListed(message);
        return;
    }
    if (seq > feed->lastSequence() || !feed->since(seq)) {
        resync(str("The events after the token are no longer buffered; read the current state "
                   "again."));
        subscribeListed(message);
        return;
    }
    m_resumeFrom = seq;
    sendJson({{str("type"), str("resumed")},
              {str("from"), qint64(seq)},
              {str("seq"), qint64(feed->lastSequence())}});
    subscribeListed(message);
}

void RealtimeSession::subscribeListed(const QJsonObject &resume)
{
    // resume {token, subscribe: [...]}: every subscription replays from the same point, so the
    // missed events of all of them arrive in one order before any live one.
    QList<std::shared_ptr<Subscription>> subscriptions;
    QSet<QString> pending;
    for (const QJsonValue &item : resume.value(str("subscribe")).toArray()) {
        if (auto s = parseSubscribe(item.toObject(), pending)) {
            pending.insert(s->clientId);
            subscriptions << s;
        }
    }
    subscribeAll(subscriptions);
}

// WebSocketHub

WebSocketHub::WebSocketHub(Shared shared, const QString &graphqlPath, QObject *parent)
    : QObject(parent), m_shared(std::move(shared)), m_graphqlPath(graphqlPath),
      m_server(new QWebSocketServer(str("RexOrm"), QWebSocketServer::NonSecureMode, this))
{
    m_server->setSupportedSubprotocols({graphqlWsProtocol});
    m_server->setMaxPendingConnections(1 << 20);
    m_server->setHandshakeTimeout(std::chrono::milliseconds(m_shared.options.initTimeout));
    const Database db = m_shared.service->database().value();
    m_dispatcher = std::make_unique<Dispatcher>(db, m_shared.live, m_shared.service->sharedSchema(),
                                                m_shared.metrics);
    m_shared.dispatcher = m_dispatcher.get();
    connect(m_dispatcher.get(), &Dispatcher::batchLost, this, &WebSocketHub::eventsMissed);
    if (m_shared.feed) {
        connect(m_shared.feed, &ChangeFeed::changed, m_dispatcher.get(), &Dispatcher::publish);
        connect(m_shared.feed, &ChangeFeed::gap, this, &WebSocketHub::eventsMissed);
    }
    connect(m_server, &QWebSocketServer::newConnection, this, &WebSocketHub::onNewConnection);
}

WebSocketHub::~WebSocketHub()
{
    // Sessions go before the dispatcher they are registered with.
    for (Session *s : findChildren<Session *>(Qt::FindDirectChildrenOnly))
        delete s;
}

bool WebSocketHub::take(QTcpSocket *socket, const QString &path)
{
    if (path != m_graphqlPath && path != m_shared.options.realtimePath)
        return false;
    m_server->handleConnection(socket);
    return true;
}

void WebSocketHub::onNewConnection()
{
    while (QWebSocket *socket = m_server->nextPendingConnection()) {
        if (socket->requestUrl().path() == m_shared.options.realtimePath)
            new RealtimeSession(socket, m_shared, this);
        else
            new GraphQLWsSession(socket, m_shared, this);
    }
}

void WebSocketHub::eventsMissed(const QString &reason)
{
    for (Session *s : findChildren<Session *>(Qt::FindDirectChildrenOnly))
        s->eventsMissed(reason);
}

void WebSocketHub::closeAll(int code, const QString &reason)
{
    for (Session *s : findChildren<Session *>(Qt::FindDirectChildrenOnly))
        s->closeWith(code, reason);
}

} // namespace RexOrm::Realtime
