#pragma once

#include "message_p.h"

#include <QtCore/QString>

QT_BEGIN_NAMESPACE
class QIODevice;
QT_END_NAMESPACE

namespace RexOrm::Http {

// Reads HTTP/1.1 requests from a device, one after another, enforcing the limits as the bytes
// arrive: an oversized header block or body is refused before it is buffered. The head is
// looked at with peek() and consumed only once it is complete and acceptable, so a WebSocket
// handshake stays unread in the device for whoever takes the connection over.
//
// Framing is strict on purpose (RFC 9112 allows leniency, which is where request smuggling
// lives): CRLF line ends, no obsolete line folding, no whitespace before a field's colon, one
// Content-Length (or several that agree), Transfer-Encoding only "chunked" and never together
// with Content-Length, exactly one Host in HTTP/1.1.
class RequestParser
{
public:
    struct Limits
    {
        qint64 maxHeaderBytes = 16 * 1024;
        qint64 maxBodyBytes = 1024 * 1024;
    };

    enum class Status {
        NeedMore, // waiting for more bytes
        Complete, // request() is whole; call next() before reading on
        Upgrade,  // request() holds the head of a WebSocket handshake, still unread in the device
        Failed,   // errorStatus() and errorMessage() say why; the connection cannot go on
    };

    explicit RequestParser(Limits limits) : m_limits(limits) {}

    Status read(QIODevice &device);

    Request &request() { return m_request; }
    void next();

    // Bytes of a request arrived, and it is not complete yet.
    bool inProgress() const { return m_inProgress && m_state != State::Complete; }
    // A WebSocket handshake waits to be taken over.
    bool upgradePending() const { return m_state == State::UpgradeHead; }
    // The head asked for "Expect: 100-continue" and its body has not started.
    bool wantsContinue() const { return m_wantsContinue; }
    void continueSent() { m_wantsContinue = false; }

    int errorStatus() const { return m_errorStatus; }
    const QString &errorMessage() const { return m_errorMessage; }

private:
    enum class State {
        Head,
        UpgradeHead,
        Body,
        ChunkSize,
        ChunkData,
        ChunkEnd,
        Trailer,
        Complete,
        Failed
    };

    Status readHead(QIODevice &device);
    Status readChunkSize(QIODevice &device);
    Status readTrailer(QIODevice &device);
    bool parseRequestLine(QByteArrayView line);
    bool parseFields(QByteArrayView block);
    bool checkFraming();
    Status fail(int status, QString message);

    Limits m_limits;
    State m_state = State::Head;
    Request m_request;
    QByteArray m_absoluteAuthority; // of an absolute-form target, lower case
    bool m_inProgress = false;
    bool m_requestLineParsed = false;
    bool m_wantsContinue = false;
    bool m_upgrade = false;
    qint64 m_remaining = 0; // body bytes, or bytes of the current chunk
    qint64 m_trailerBytes = 0;
    int m_errorStatus = 0;
    QString m_errorMessage;
};

} // namespace RexOrm::Http
