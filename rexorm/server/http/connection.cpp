#include "connection_p.h"

#include "../logging_p.h"

#include <QtCore/QRandomGenerator>
#include <QtNetwork/QSslSocket>
#include <QtNetwork/QTcpSocket>

#if defined(Q_OS_UNIX)
#include <sys/socket.h>
#endif

namespace RexOrm::Http {

namespace {

// Requests a client may have waiting for their answers on one connection (pipelining), and the
// response bytes it may leave unread, before the server stops reading from it.
constexpr std::size_t maxPipelinedRequests = 16;
constexpr qint64 maxPendingOutput = 4 * 1024 * 1024;
// After the last response, how long what the client still sends is read and dropped.
constexpr std::chrono::milliseconds lingerTime{2000};

// The client's X-Request-Id when it is a short token, so a request can be followed through a
// proxy; otherwise a random one.
QByteArray requestIdFor(const Request *request)
{
    if (request) {
        const QByteArray given = request->header("x-request-id");
        const bool usable = !given.isEmpty() && given.size() <= 128 &&
                            std::all_of(given.begin(), given.end(), [](char c) {
                                return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                       (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
                                       c == ':';
                            });
        if (usable)
            return given;
    }
    quint64 random[2];
    QRandomGenerator::global()->fillRange(random);
    return QByteArray::number(random[0], 16).rightJustified(16, '0') +
           QByteArray::number(random[1], 16).rightJustified(16, '0');
}

} // namespace

Connection::Connection(QTcpSocket *socket, const Settings &settings, RequestHandler onRequest,
                       UpgradeHandler onUpgrade, QObject *parent)
    : QObject(parent), m_socket(socket), m_settings(settings), m_onRequest(std::move(onRequest)),
      m_onUpgrade(std::move(onUpgrade)), m_peer(socket->peerAddress()), m_parser(settings.limits)
{
    socket->setParent(this);
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_readTimer.setSingleShot(true);
    m_writeTimer.setSingleShot(true);
    m_lingerTimer.setSingleShot(true);
    connect(&m_readTimer, &QTimer::timeout, this, &Connection::onReadTimeout);
    connect(&m_writeTimer, &QTimer::timeout, this, [this] {
        qCDebug(lcServer) << "closing a connection whose client stopped reading";
        abort();
    });
    connect(&m_lingerTimer, &QTimer::timeout, this, &Connection::abort);
    attach();
    // Bytes may have arrived with the connection (TLS: during the handshake).
    QMetaObject::invokeMethod(this, &Connection::readInput, Qt::QueuedConnection);
    updateTimers();
}

Connection::~Connection()
{
    if (m_socket)
        m_socket->abort();
}

void Connection::attach()
{
    // The socket buffers no more than a head can take; the rest waits in the kernel until read.
    m_socket->setReadBufferSize(qMax<qint64>(64 * 1024, m_settings.limits.maxHeaderBytes + 4096));
    connect(m_socket, &QIODevice::readyRead, this, &Connection::readInput);
    connect(m_socket, &QIODevice::bytesWritten, this, &Connection::onBytesWritten);
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket.data()))
        connect(ssl, &QSslSocket::encryptedBytesWritten, this, &Connection::onBytesWritten);
    connect(m_socket, &QAbstractSocket::disconnected, this, &Connection::finish);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_socket && m_socket->state() == QAbstractSocket::UnconnectedState)
            finish();
    });
}

void Connection::detach()
{
    disconnect(m_socket, nullptr, this, nullptr);
    m_socket->setReadBufferSize(0);
    m_readTimer.stop();
    m_writeTimer.stop();
}

bool Connection::inputPaused() const
{
    return m_stopReading || m_exchanges.size() >= maxPipelinedRequests ||
           pendingOutput() > maxPendingOutput;
}

qint64 Connection::pendingOutput() const
{
    if (!m_socket)
        return 0;
    qint64 pending = m_socket->bytesToWrite();
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket.data()))
        pending += ssl->encryptedBytesToWrite();
    return pending;
}

void Connection::readInput()
{
    if (!m_socket || m_finished)
        return;
    if (m_closing) {
        m_socket->skip(m_socket->bytesAvailable()); // lingering: what still comes is dropped
        return;
    }
    if (m_reading)
        return;
    m_reading = true;
    while (m_socket && !inputPaused()) {
        const bool wasInProgress = m_parser.inProgress();
        const RequestParser::Status status = m_parser.read(*m_socket);
        if (!wasInProgress && m_parser.inProgress())
            ++m_requestSerial;
        if (status == RequestParser::Status::NeedMore) {
            break;
        } else if (status == RequestParser::Status::Failed) {
            qCDebug(lcServer).noquote()
                << "refusing a request from" << m_socket->peerAddress().toString() << "with"
                << m_parser.errorStatus() << m_parser.errorMessage();
            queueFinal(Response::error(m_parser.errorStatus(), m_parser.errorMessage()));
            break;
        } else if (status == RequestParser::Status::Upgrade) {
            // Taken over only once every earlier request is answered (flush() comes back here).
            if (m_exchanges.empty())
                handOver();
            break;
        }
        dispatch();
    }
    m_reading = false;
    sendContinueIfDue();
    updateTimers();
}

void Connection::dispatch()
{
    Request request = std::move(m_parser.request());
    m_parser.next();
    request.peerAddress = m_socket->peerAddress();
    request.requestId = requestIdFor(&request);

    Exchange exchange;
    exchange.id = m_nextId++;
    exchange.method = request.method;
    exchange.path = request.path;
    exchange.requestId = request.requestId;
    exchange.keepAlive = request.keepAlive() && !m_draining;
    exchange.http10 = request.minorVersion == 0;
    exchange.started.start();
    if (!exchange.keepAlive)
        m_stopReading = true;
    const quint64 id = exchange.id;
    m_exchanges.push_back(std::move(exchange));
    m_onRequest(*this, id, std::move(request));
}

void Connection::handOver()
{
    const Request head = m_parser.request();
    QTcpSocket *socket = m_socket;
    detach();
    std::optional<Response> answer = m_onUpgrade ? m_onUpgrade(socket, head) : std::nullopt;
    if (m_onUpgrade && !answer) {
        qCDebug(lcServer) << "handed a WebSocket connection over";
        if (socket && socket->parent() == this)
            socket->setParent(nullptr);
        m_socket = nullptr;
        m_finished = true;
        emit finished();
        return;
    }
    if (!m_socket)
        return finish();
    attach();
    queueFinal(answer ? std::move(*answer)
                      : Response::error(501, QStringLiteral("WebSocket connections are not "
                                                            "available on this server.")));
}

void Connection::queueFinal(Response response)
{
    m_stopReading = true;
    Exchange exchange;
    exchange.id = m_nextId++;
    exchange.keepAlive = false;
    exchange.requestId = requestIdFor(nullptr);
    exchange.response = std::move(response);
    exchange.started.start();
    m_exchanges.push_back(std::move(exchange));
    flush();
}

void Connection::respond(quint64 id, Response response)
{
    for (Exchange &exchange : m_exchanges) {
        if (exchange.id == id) {
            exchange.response = std::move(response);
            break;
        }
    }
    flush();
}

void Connection::flush()
{
    if (!m_socket || m_closing)
        return;
    while (!m_exchanges.empty() && m_exchanges.front().response) {
        Exchange exchange = std::move(m_exchanges.front());
        m_exchanges.pop_front();
        const bool last = !exchange.keepAlive;
        const ConnectionField field = last              ? ConnectionField::Close
                                      : exchange.http10 ? ConnectionField::KeepAlive
                                                        : ConnectionField::None;
        if (!exchange.requestId.isEmpty())
            exchange.response->setHeader(QByteArrayLiteral("x-request-id"), exchange.requestId);
        m_socket->write(serialize(*exchange.response, field, exchange.method == "HEAD"));
        if (!exchange.method.isEmpty()) {
            qCDebug(lcServer).noquote()
                << exchange.method << QString::fromLatin1(exchange.path)
                << exchange.response->status << exchange.started.elapsed() << "ms";
        }
        if (m_settings.onCompleted) {
            Completed completed;
            completed.method = exchange.method;
            completed.path = exchange.path;
            completed.requestId = exchange.requestId;
            completed.status = exchange.response->status;
            completed.bytes = exchange.method == "HEAD" ? 0 : exchange.response->body.size();
            completed.nanoseconds = exchange.started.nsecsElapsed();
            completed.peer = m_peer;
            m_settings.onCompleted(completed);
        }
        if (last) {
            m_exchanges.clear();
            beginClose();
            return;
        }
    }
    if (!m_reading)
        readInput(); // resumes a paused connection, or takes over a waiting WebSocket handshake
}

void Connection::sendContinueIfDue()
{
    // "100 Continue" belongs to the request being read, so it waits for the earlier answers.
    if (m_socket && !m_stopReading && m_exchanges.empty() && m_parser.wantsContinue()) {
        m_socket->write(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));
        m_parser.continueSent();
    }
}

void Connection::updateTimers()
{
    if (!m_socket || m_closing || m_finished)
        return;
    ReadTimer purpose = ReadTimer::None;
    if (!inputPaused() && !m_parser.upgradePending()) {
        if (m_parser.inProgress())
            purpose = ReadTimer::Request;
        else if (m_exchanges.empty() && pendingOutput() == 0)
            purpose = ReadTimer::Idle; // else the write timer watches the client
    }
    // A request gets the timeout as a whole, however its bytes trickle in.
    const bool restart = purpose != m_readTimerPurpose ||
                         (purpose == ReadTimer::Request && m_timedRequest != m_requestSerial);
    if (restart) {
        m_readTimerPurpose = purpose;
        m_timedRequest = m_requestSerial;
        if (purpose == ReadTimer::None)
            m_readTimer.stop();
        else
            m_readTimer.start(m_settings.timeout);
    }
    if (pendingOutput() == 0)
        m_writeTimer.stop();
    else if (!m_writeTimer.isActive())
        m_writeTimer.start(m_settings.timeout);
}

void Connection::onBytesWritten()
{
    if (!m_socket)
        return;
    if (pendingOutput() > 0)
        m_writeTimer.start(m_settings.timeout); // progress: the client is reading
    else
        m_writeTimer.stop();
    if (m_closing) {
        if (pendingOutput() == 0)
            shutdownWrite();
        return;
    }
    if (!m_reading && !inputPaused())
        readInput();
}

void Connection::onReadTimeout()
{
    const ReadTimer purpose = m_readTimerPurpose;
    m_readTimerPurpose = ReadTimer::None;
    if (purpose == ReadTimer::Idle) {
        qCDebug(lcServer) << "closing an idle connection";
        m_closing = true;
        m_socket->disconnectFromHost();
    } else if (purpose == ReadTimer::Request) {
        queueFinal(Response::error(408, QStringLiteral("The request did not arrive within %1 ms.")
                                            .arg(m_settings.timeout.count())));
    }
}

void Connection::beginClose()
{
    m_closing = true;
    m_readTimer.stop();
    if (pendingOutput() == 0)
        shutdownWrite();
    else
        m_writeTimer.start(m_settings.timeout); // restarted while the client reads
}

void Connection::shutdownWrite()
{
    if (m_writeShutDown || !m_socket)
        return;
    m_writeShutDown = true;
    m_writeTimer.stop();
#if defined(Q_OS_UNIX)
    // Half-close: the client reads the response to its end, while what it still sends (the
    // rest of an oversized body) is drained instead of being answered with a reset.
    if (::shutdown(int(m_socket->socketDescriptor()), SHUT_WR) == 0) {
        m_socket->skip(m_socket->bytesAvailable());
        m_lingerTimer.start(lingerTime);
        return;
    }
#endif
    m_socket->disconnectFromHost();
}

void Connection::drain()
{
    if (m_finished || !m_socket || m_closing)
        return;
    m_draining = true;
    if (m_parser.inProgress())
        return; // dispatch() marks that request the last one
    if (m_exchanges.empty()) {
        m_closing = true; // idle: nothing to answer
        m_readTimer.stop();
        m_socket->disconnectFromHost();
        return;
    }
    m_stopReading = true;
    m_exchanges.back().keepAlive = false; // flush() closes after answering it
    updateTimers();
}

void Connection::abort()
{
    if (m_socket)
        m_socket->abort();
    finish();
}

void Connection::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_readTimer.stop();
    m_writeTimer.stop();
    m_lingerTimer.stop();
    emit finished();
}

} // namespace RexOrm::Http
