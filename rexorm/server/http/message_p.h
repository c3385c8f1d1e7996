#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtNetwork/QHostAddress>

#include <utility>

namespace RexOrm::Http {

using Headers = QList<std::pair<QByteArray, QByteArray>>;

// The parts of text between separators (empty ones included), as views into it.
QList<QByteArrayView> splitView(QByteArrayView text, char separator);
// Text without leading and trailing spaces and tabs (HTTP's optional whitespace).
QByteArrayView trimmedOws(QByteArrayView text);

// The values of every field called name (lower case), joined with ", " as lists are (RFC 9110
// 5.3); empty when there is none.
QByteArray headerValue(const Headers &headers, QByteArrayView name);
qsizetype headerCount(const Headers &headers, QByteArrayView name);
// Whether a comma-separated header has the token, case-insensitively ("Connection: close").
bool headerHasToken(const Headers &headers, QByteArrayView name, QByteArrayView token);

// One request as the parser delivers it: the head, and the body once it has arrived.
struct Request
{
    QByteArray method;
    QByteArray path;  // as sent, not decoded; "*" for OPTIONS *
    QByteArray query; // as sent, without '?'
    int minorVersion = 1;
    Headers headers; // names in lower case, values without surrounding whitespace
    QByteArray body;
    QHostAddress peerAddress;
    QByteArray requestId; // the client's X-Request-Id when well-formed, else one made up

    QByteArray header(QByteArrayView name) const { return headerValue(headers, name); }
    bool keepAlive() const;
    QString decodedPath() const;
};

struct Response
{
    int status = 200;
    Headers headers; // without Content-Length, Connection and Date: the connection adds them
    QByteArray body;

    Response() = default;
    Response(int status, QByteArray contentType, QByteArray body);
    void setHeader(QByteArray name, QByteArray value);

    // A JSON error body in the GraphQL response shape: {"errors": [{"message": ...}]}.
    static Response
    error(int status, const QString &message,
          QByteArray contentType = QByteArrayLiteral("application/json; charset=utf-8"));
};

QByteArray reasonPhrase(int status);

enum class ConnectionField { None, Close, KeepAlive };

// The status line, the fields (with Date, Content-Length and Connection) and the body, which a
// HEAD request (headOnly) does not get.
QByteArray serialize(const Response &response, ConnectionField connection, bool headOnly);

} // namespace RexOrm::Http
