#pragma once

#include "requestparser_p.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QTimer>

#include <chrono>
#include <deque>
#include <functional>
#include <optional>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace RexOrm::Http {

// One client connection: reads its requests in order, hands each to the request handler, and
// writes the responses in request order however they complete (HTTP/1.1 pipelining). Refuses
// malformed or oversized input as it arrives, bounds the time a request may take to arrive and
// the work a client can pile up, and closes after a response that ends the connection, reading
// and dropping what the client still sends for a moment so that it sees the response.
class Connection : public QObject
{
    Q_OBJECT

public:
    // One answered request, for the access log and the metrics.
    struct Completed
    {
        QByteArray method; // empty for input refused before a request could be read
        QByteArray path;   // as sent, without the query string
        QByteArray requestId;
        int status = 0;
        qint64 bytes = 0; // of the response body
        qint64 nanoseconds = 0;
        QHostAddress peer;
    };
    struct Settings
    {
        RequestParser::Limits limits;
        std::chrono::milliseconds timeout{30000};
        std::function<void(const Completed &)> onCompleted;
    };
    // Called for each complete request; answer it with respond(id, ...), now or later.
    using RequestHandler = std::function<void(Connection &connection, quint64 id, Request request)>;
    // Called for a WebSocket handshake once every earlier request is answered: it takes the
    // socket, the handshake still unread in it (nothing returned), or gives the answer.
    using UpgradeHandler =
        std::function<std::optional<Response>(QTcpSocket *socket, const Request &head)>;

    Connection(QTcpSocket *socket, const Settings &settings, RequestHandler onRequest,
               UpgradeHandler onUpgrade, QObject *parent = nullptr);
    ~Connection() override;

    void respond(quint64 id, Response response);
    // Closes at once, dropping unanswered requests.
    void abort();
    // Graceful close: answers the requests received (and one being received), then closes; an
    // idle connection closes now.
    void drain();
    bool isFinished() const { return m_finished; }
    // Requests received and not answered yet.
    int pendingRequests() const { return int(m_exchanges.size()); }
    const QHostAddress &peer() const { return m_peer; }

signals:
    // The socket closed or was handed over; the owner deletes the connection.
    void finished();

private:
    struct Exchange
    {
        quint64 id = 0;
        QByteArray method;
        QByteArray path;
        QByteArray requestId;
        bool keepAlive = true;
        bool http10 = false;
        std::optional<Response> response;
        QElapsedTimer started;
    };
    enum class ReadTimer { None, Idle, Request };

    void attach();
    void detach();
    void readInput();
    void dispatch();
    void handOver();
    void queueFinal(Response response);
    void flush();
    void sendContinueIfDue();
    void updateTimers();
    void onBytesWritten();
    void onReadTimeout();
    void beginClose();
    void shutdownWrite();
    void finish();
    bool inputPaused() const;
    qint64 pendingOutput() const;

    QPointer<QTcpSocket> m_socket;
    Settings m_settings;
    RequestHandler m_onRequest;
    UpgradeHandler m_onUpgrade;
    QHostAddress m_peer;
    RequestParser m_parser;
    std::deque<Exchange> m_exchanges;
    quint64 m_nextId = 1;
    quint64 m_requestSerial = 0; // counts requests begun, for the request timer
    quint64 m_timedRequest = 0;
    bool m_stopReading = false; // a response that ends the connection is queued
    bool m_closing = false;     // that response is written; waiting to close
    bool m_writeShutDown = false;
    bool m_reading = false;
    bool m_finished = false;
    bool m_draining = false;
    ReadTimer m_readTimerPurpose = ReadTimer::None;
    QTimer m_readTimer;
    QTimer m_writeTimer;
    QTimer m_lingerTimer;
};

} // namespace RexOrm::Http
