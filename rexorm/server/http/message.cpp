#include "message_p.h"

#include <QtCore/QDateTime>
#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QLocale>
#include <QtCore/QUrl>

namespace RexOrm::Http {

QList<QByteArrayView> splitView(QByteArrayView text, char separator)
{
    QList<QByteArrayView> parts;
    qsizetype start = 0;
    for (;;) {
        const qsizetype end = text.indexOf(separator, start);
        if (end < 0) {
            parts.append(text.sliced(start));
            return parts;
        }
        parts.append(text.sliced(start, end - start));
        start = end + 1;
    }
}

QByteArrayView trimmedOws(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

QByteArray headerValue(const Headers &headers, QByteArrayView name)
{
    QByteArray value;
    for (const auto &[fieldName, fieldValue] : headers) {
        if (fieldName != name)
            continue;
        if (!value.isEmpty())
            value += ", ";
        value += fieldValue;
    }
    return value;
}

qsizetype headerCount(const Headers &headers, QByteArrayView name)
{
    return std::count_if(headers.cbegin(), headers.cend(),
                         [name](const auto &field) { return field.first == name; });
}

bool headerHasToken(const Headers &headers, QByteArrayView name, QByteArrayView token)
{
    for (const auto &[fieldName, fieldValue] : headers) {
        if (fieldName != name)
            continue;
        for (const QByteArrayView item : splitView(fieldValue, ',')) {
            if (trimmedOws(item).compare(token, Qt::CaseInsensitive) == 0)
                return true;
        }
    }
    return false;
}

bool Request::keepAlive() const
{
    if (headerHasToken(headers, "connection", "close"))
        return false;
    return minorVersion >= 1 || headerHasToken(headers, "connection", "keep-alive");
}

QString Request::decodedPath() const
{
    return QUrl::fromPercentEncoding(path);
}

Response::Response(int status, QByteArray contentType, QByteArray body)
    : status(status), body(std::move(body))
{
    headers.append({QByteArrayLiteral("content-type"), std::move(contentType)});
}

void Response::setHeader(QByteArray name, QByteArray value)
{
    for (auto &field : headers) {
        if (field.first == name) {
            field.second = std::move(value);
            return;
        }
    }
    headers.append({std::move(name), std::move(value)});
}

Response Response::error(int status, const QString &message, QByteArray contentType)
{
    const QJsonObject error{{QStringLiteral("message"), message}};
    const QJsonObject body{{QStringLiteral("errors"), QJsonArray{error}}};
    return Response(status, std::move(contentType),
                    QJsonDocument(body).toJson(QJsonDocument::Compact));
}

QByteArray reasonPhrase(int status)
{
    static const QHash<int, QByteArray> phrases = {
        {100, "Continue"},
        {200, "OK"},
        {204, "No Content"},
        {400, "Bad Request"},
        {403, "Forbidden"},
        {404, "Not Found"},
        {405, "Method Not Allowed"},
        {406, "Not Acceptable"},
        {408, "Request Timeout"},
        {413, "Content Too Large"},
        {414, "URI Too Long"},
        {415, "Unsupported Media Type"},
        {417, "Expectation Failed"},
        {421, "Misdirected Request"},
        {431, "Request Header Fields Too Large"},
        {500, "Internal Server Error"},
        {501, "Not Implemented"},
        {503, "Service Unavailable"},
        {505, "HTTP Version Not Supported"},
    };
    return phrases.value(status, QByteArrayLiteral("Unknown"));
}

QByteArray serialize(const Response &response, ConnectionField connection, bool headOnly)
{
    // IMF-fixdate (RFC 9110 5.6.7), always in English.
    static const QLocale c = QLocale::c();
    const QByteArray date =
        c.toString(QDateTime::currentDateTimeUtc(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'").toLatin1();

    QByteArray out;
    out.reserve(256 + (headOnly ? 0 : response.body.size()));
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) +
           "\r\n";
    out += "Date: " + date + "\r\n";
    for (const auto &[name, value] : response.headers) {
        // Canonical capitalisation for readability; HTTP field names are case-insensitive.
        QByteArray display = name;
        bool upper = true;
        for (char &ch : display) {
            if (upper)
                ch = char(QChar::toUpper(uchar(ch)));
            upper = ch == '-';
        }
        out += display + ": " + value + "\r\n";
    }
    // API answers are per request and per client: not for shared caches, not for sniffing.
    if (headerCount(response.headers, "cache-control") == 0)
        out += "Cache-Control: no-store\r\n";
    out += "X-Content-Type-Options: nosniff\r\n";
    if (response.status != 204 && response.status >= 200)
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    if (connection == ConnectionField::Close)
        out += "Connection: close\r\n";
    else if (connection == ConnectionField::KeepAlive)
        out += "Connection: keep-alive\r\n";
    out += "\r\n";
    if (!headOnly)
        out += response.body;
    return out;
}

} // namespace RexOrm::Http
