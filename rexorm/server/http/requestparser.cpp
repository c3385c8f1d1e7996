#include "requestparser_p.h"

#include <QtCore/QIODevice>

#include <algorithm>

namespace RexOrm::Http {

namespace {

constexpr qsizetype maxMethodLength = 32;
constexpr qsizetype maxFieldCount = 128;
constexpr qsizetype maxChunkLineLength = 1024; // the size and any chunk extensions

// RFC 9110 5.6.2
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

bool isOws(char c)
{
    return c == ' ' || c == '\t';
}

bool isDigits(QByteArrayView text)
{
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool isHexDigits(QByteArrayView text)
{
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    });
}

// Field values: visible characters, spaces, tabs and obs-text; no other control characters.
bool isFieldValue(QByteArrayView value)
{
    return std::all_of(value.begin(), value.end(), [](char c) {
        const auto u = uchar(c);
        return u == '\t' || (u >= 0x20 && u != 0x7f);
    });
}

bool isKnownMethod(QByteArrayView method)
{
    for (const char *known :
         {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE"}) {
        if (method == QByteArrayView(known))
            return true;
    }
    return false;
}

// A line feed without a carriage return before it: not HTTP/1.1 as this server reads it.
bool hasBareLineFeed(QByteArrayView data)
{
    for (qsizetype at = data.indexOf('\n'); at >= 0; at = data.indexOf('\n', at + 1)) {
        if (at == 0 || data[at - 1] != '\r')
            return true;
    }
    return false;
}

// *( BWS ";" BWS token [ BWS "=" BWS ( token / quoted-string ) ] ), starting at the first ';'.
bool validChunkExtensions(QByteArrayView text)
{
    qsizetype at = 0;
    const auto skipWhitespace = [&] {
        while (at < text.size() && (text[at] == ' ' || text[at] == '\t'))
            ++at;
    };
    const auto token = [&] {
        const qsizetype start = at;
        while (at < text.size() && isTokenChar(text[at]))
            ++at;
        return at > start;
    };
    while (at < text.size()) {
        skipWhitespace();
        if (at >= text.size() || text[at] != ';')
            return false;
        ++at;
        skipWhitespace();
        if (!token())
            return false;
        skipWhitespace();
        if (at < text.size() && text[at] == '=') {
            ++at;
            skipWhitespace();
            if (at < text.size() && text[at] == '"') {
                for (++at;; ++at) {
                    if (at >= text.size())
                        return false;
                    const auto c = static_cast<unsigned char>(text[at]);
                    if (c == '"')
                        break;
                    if (c == '\\') {
                        ++at;
                        if (at >= text.size())
                            return false;
                        continue;
                    }
                    if ((c < 0x20 && c != '\t') || c == 0x7f)
                        return false;
                }
                ++at;
            } else if (!token()) {
                return false;
            }
            skipWhitespace();
        }
    }
    return true;
}

// Whether what arrived so far can still begin a request line: a method token and a space.
// Anything else (a TLS handshake on the plain port, binary noise) is refused at once.
bool plausibleRequestStart(QByteArrayView data)
{
    const qsizetype space = data.indexOf(' ');
    const QByteArrayView method = space < 0 ? data : data.first(space);
    if (method.size() > maxMethodLength)
        return false;
    return std::all_of(method.begin(), method.end(), isTokenChar);
}

} // namespace

void RequestParser::next()
{
    m_state = State::Head;
    m_request = Request();
    m_inProgress = false;
    m_requestLineParsed = false;
    m_absoluteAuthority.clear();
    m_wantsContinue = false;
    m_upgrade = false;
    m_remaining = 0;
    m_trailerBytes = 0;
}

RequestParser::Status RequestParser::fail(int status, QString message)
{
    m_state = State::Failed;
    m_errorStatus = status;
    m_errorMessage = std::move(message);
    return Status::Failed;
}

RequestParser::Status RequestParser::read(QIODevice &device)
{
    for (;;) {
        switch (m_state) {
        case State::Head:
        case State::UpgradeHead: {
            const Status status = readHead(device);
            if (m_state == State::Head || status != Status::NeedMore)
                return status;
            break;
        }
        case State::Body:
        case State::ChunkData: {
            const qint64 count = qMin(device.bytesAvailable(), m_remaining);
            if (count <= 0)
                return Status::NeedMore;
            m_wantsContinue = false;
            m_request.body += device.read(count);
            m_remaining -= count;
            if (m_remaining > 0)
                return Status::NeedMore;
            m_state = m_state == State::Body ? State::Complete : State::ChunkEnd;
            break;
        }
        case State::ChunkSize: {
            const Status status = readChunkSize(device);
            if (m_state == State::ChunkSize || status != Status::NeedMore)
                return status;
            break;
        }
        case State::ChunkEnd: {
            if (device.bytesAvailable() < 2)
                return Status::NeedMore;
            if (device.peek(2) != "\r\n")
                return fail(400, QStringLiteral("A chunk of the request body does not end with "
                                                "CRLF."));
            device.skip(2);
            m_state = State::ChunkSize;
            break;
        }
        case State::Trailer: {
            const Status status = readTrailer(device);
            if (m_state == State::Trailer || status != Status::NeedMore)
                return status;
            break;
        }
        case State::Complete:
            return Status::Complete;
        case State::Failed:
            return Status::Failed;
        }
    }
}

RequestParser::Status RequestParser::readHead(QIODevice &device)
{
    if (m_state == State::UpgradeHead)
        return Status::Upgrade;

    // Empty lines before a request are ignored (RFC 9112 2.2).
    while (!m_inProgress && device.bytesAvailable() >= 2 && device.peek(2) == "\r\n")
        device.skip(2);
    const qint64 window = qMin(device.bytesAvailable(), m_limits.maxHeaderBytes + 1);
    if (window <= 0 || (!m_inProgress && window == 1 && device.peek(1) == "\r"))
        return Status::NeedMore;
    m_inProgress = true;
    const QByteArray data = device.peek(window);

    // Only the head is judged: what follows it (a body, a pipelined request) may hold any byte.
    const qsizetype blockEnd = data.indexOf("\r\n\r\n");
    if (hasBareLineFeed(blockEnd >= 0 ? QByteArrayView(data).first(blockEnd + 4) : data))
        return fail(400, QStringLiteral("Request lines must end with CRLF."));
    const qsizetype lineEnd = data.indexOf("\r\n");
    if (lineEnd < 0) {
        if (!plausibleRequestStart(data))
            return fail(400, QStringLiteral("The request does not begin with an HTTP request "
                                            "line."));
        if (data.size() > m_limits.maxHeaderBytes)
            return fail(414, QStringLiteral("The request line is longer than the %1-byte limit.")
                                 .arg(m_limits.maxHeaderBytes));
        return Status::NeedMore;
    }
    // The request line is judged as soon as it is complete, before the fields arrive.
    if (!m_requestLineParsed) {
        if (!parseRequestLine(QByteArrayView(data).first(lineEnd)))
            return Status::Failed;
        m_requestLineParsed = true;
    }
    const qsizetype headEnd = data.indexOf("\r\n\r\n", lineEnd);
    if (headEnd < 0 || headEnd + 4 > m_limits.maxHeaderBytes) {
        if (data.size() > m_limits.maxHeaderBytes)
            return fail(431, QStringLiteral("The request header fields exceed the %1-byte limit.")
                                 .arg(m_limits.maxHeaderBytes));
        return Status::NeedMore;
    }
    const qsizetype fieldsStart = lineEnd + 2;
    if (headEnd > lineEnd &&
        !parseFields(QByteArrayView(data).sliced(fieldsStart, headEnd + 2 - fieldsStart)))
        return Status::Failed;
    if (!checkFraming())
        return Status::Failed;
    if (m_upgrade) {
        m_state = State::UpgradeHead;
        return Status::Upgrade;
    }
    device.skip(headEnd + 4);
    if (m_state == State::Head)
        m_state = State::Complete;
    return Status::NeedMore;
}

bool RequestParser::parseRequestLine(QByteArrayView line)
{
    const qsizetype firstSpace = line.indexOf(' ');
    const qsizetype lastSpace = line.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace == firstSpace) {
        fail(400, QStringLiteral("The request line is malformed."));
        return false;
    }
    const QByteArrayView method = line.first(firstSpace);
    const QByteArrayView target = line.sliced(firstSpace + 1, lastSpace - firstSpace - 1);
    const QByteArrayView version = line.sliced(lastSpace + 1);
    if (!isToken(method) || method.size() > maxMethodLength) {
        fail(400, QStringLiteral("The request method is malformed."));
        return false;
    }
    if (version.size() != 8 || !version.startsWith("HTTP/") || version[6] != '.' ||
        !QChar::isDigit(uchar(version[5])) || !QChar::isDigit(uchar(version[7]))) {
        fail(400, QStringLiteral("The request line has no valid HTTP version."));
        return false;
    }
    if (version[5] != '1') {
        fail(505, QStringLiteral("Only HTTP/1.0 and HTTP/1.1 are served here."));
        return false;
    }
    m_request.minorVersion = version[7] - '0';
    if (target.isEmpty() || !std::all_of(target.begin(), target.end(), [](char c) {
            return uchar(c) > 0x20 && uchar(c) < 0x7f;
        })) {
        fail(400, QStringLiteral("The request target is malformed."));
        return false;
    }
    if (!isKnownMethod(method)) {
        fail(501,
             QStringLiteral("The method %1 is not implemented.").arg(QString::fromLatin1(method)));
        return false;
    }
    m_request.method = method.toByteArray();

    QByteArrayView reference = target;
    if (target == "*") {
        if (method != "OPTIONS") {
            fail(400, QStringLiteral("The request target * is for OPTIONS only."));
            return false;
        }
        m_request.path = QByteArrayLiteral("*");
        return true;
    }
    if (!target.startsWith('/')) {
        // The absolute form (RFC 9112 3.2.2): the path and query follow the authority.
        const qsizetype scheme = target.indexOf("://");
        const QByteArrayView name = scheme > 0 ? target.first(scheme) : QByteArrayView();
        if (name.compare("http", Qt::CaseInsensitive) != 0 &&
            name.compare("https", Qt::CaseInsensitive) != 0) {
            fail(400, QStringLiteral("The request target is neither a path nor an http(s) URL."));
            return false;
        }
        const QByteArrayView rest = target.sliced(scheme + 3);
        qsizetype pathStart = rest.size();
        for (const char delimiter : {'/', '?', '#'}) {
            const qsizetype at = rest.indexOf(delimiter);
            if (at >= 0)
                pathStart = qMin(pathStart, at);
        }
        reference = rest.sliced(pathStart);
        m_absoluteAuthority = rest.first(pathStart).toByteArray().toLower();
    }
    const qsizetype fragment = reference.indexOf('#');
    if (fragment >= 0)
        reference = reference.first(fragment);
    const qsizetype question = reference.indexOf('?');
    const QByteArrayView path = question < 0 ? reference : reference.first(question);
    m_request.path = path.isEmpty() ? QByteArrayLiteral("/") : path.toByteArray();
    if (question >= 0)
        m_request.query = reference.sliced(question + 1).toByteArray();
    return true;
}

bool RequestParser::parseFields(QByteArrayView block)
{
    // block: every field line, each ending with CRLF.
    qsizetype start = 0;
    while (start < block.size()) {
        const qsizetype end = block.indexOf("\r\n", start);
        const QByteArrayView line = block.sliced(start, end - start);
        start = end + 2;
        if (line.isEmpty() || isOws(line.front())) {
            fail(400, QStringLiteral("The request uses obsolete header line folding."));
            return false;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon))) {
            fail(400, QStringLiteral("A request header field is malformed."));
            return false;
        }
        const QByteArrayView value = trimmedOws(line.sliced(colon + 1));
        if (!isFieldValue(value)) {
            fail(400, QStringLiteral("A request header field has control characters."));
            return false;
        }
        if (m_request.headers.size() >= maxFieldCount) {
            fail(431,
                 QStringLiteral("The request has more than %1 header fields.").arg(maxFieldCount));
            return false;
        }
        m_request.headers.append({line.first(colon).toByteArray().toLower(), value.toByteArray()});
    }
    return true;
}

bool RequestParser::checkFraming()
{
    const Headers &headers = m_request.headers;
    if (m_request.minorVersion >= 1 &&
        (headerCount(headers, "host") != 1 || m_request.header("host").isEmpty())) {
        fail(400, QStringLiteral("An HTTP/1.1 request needs exactly one, non-empty Host header."));
        return false;
    }
    // An absolute-form target names the host itself (RFC 9112 3.2.2): it must be the Host.
    if (!m_absoluteAuthority.isEmpty() &&
        m_absoluteAuthority != m_request.header("host").toLower()) {
        fail(400, QStringLiteral("The request target names another host than the Host header."));
        return false;
    }

    const bool chunked = headerCount(headers, "transfer-encoding") > 0;
    const bool sized = headerCount(headers, "content-length") > 0;
    if (chunked) {
        if (m_request.minorVersion == 0 || sized) {
            fail(400, QStringLiteral("Transfer-Encoding is allowed only in HTTP/1.1 requests "
                                     "without Content-Length."));
            return false;
        }
        if (headerValue(headers, "transfer-encoding").compare("chunked", Qt::CaseInsensitive) !=
            0) {
            fail(501, QStringLiteral("Only the chunked transfer coding is implemented."));
            return false;
        }
    }
    qint64 length = 0;
    if (sized) {
        // Several values (fields or a list) are accepted only when they agree (RFC 9112 6.3).
        QByteArrayView first;
        const QByteArray all = headerValue(headers, "content-length");
        for (QByteArrayView item : splitView(all, ',')) {
            item = trimmedOws(item);
            if (item.isEmpty() || !isDigits(item) || (!first.isEmpty() && item != first)) {
                fail(400, QStringLiteral("The Content-Length header is malformed."));
                return false;
            }
            first = item;
        }
        while (first.size() > 1 && first.front() == '0')
            first = first.sliced(1);
        if (first.size() > 15) {
            length = m_limits.maxBodyBytes + 1;
        } else {
            length = first.toLongLong();
        }
        if (length > m_limits.maxBodyBytes) {
            fail(413, QStringLiteral("The request body (%1 bytes) exceeds the %2-byte limit.")
                          .arg(QString::fromLatin1(first))
                          .arg(m_limits.maxBodyBytes));
            return false;
        }
    }

    const QByteArray expect = headerValue(headers, "expect");
    if (!expect.isEmpty()) {
        if (expect.compare("100-continue", Qt::CaseInsensitive) != 0) {
            fail(417, QStringLiteral("Only \"Expect: 100-continue\" is supported."));
            return false;
        }
        m_wantsContinue = chunked || length > 0;
    }

    m_upgrade = m_request.method == "GET" && headerHasToken(headers, "upgrade", "websocket") &&
                headerHasToken(headers, "connection", "upgrade");
    if (chunked) {
        m_state = State::ChunkSize;
    } else if (length > 0) {
        m_state = State::Body;
        m_remaining = length;
    }
    return true;
}

RequestParser::Status RequestParser::readChunkSize(QIODevice &device)
{
    const QByteArray data = device.peek(qMin(device.bytesAvailable(), maxChunkLineLength + 2));
    if (!data.isEmpty())
        m_wantsContinue = false;
    const qsizetype end = data.indexOf("\r\n");
    if (end < 0) {
        if (data.size() > maxChunkLineLength)
            return fail(400, QStringLiteral("A chunk size line is too long."));
        return Status::NeedMore;
    }
    QByteArrayView line = QByteArrayView(data).first(end);
    // chunk-size [ BWS ";" chunk-ext ]: hex digits first; whitespace only before a ';'; the
    // extensions well-formed and free of control characters (RFC 9112 7.1.1).
    const qsizetype extension = line.indexOf(';');
    if (extension >= 0) {
        if (!validChunkExtensions(line.sliced(extension)))
            return fail(400, QStringLiteral("A chunk extension is malformed."));
        line = line.first(extension);
        while (!line.isEmpty() && isOws(line.back()))
            line.chop(1);
    }
    if (line.isEmpty() || line.size() > 15 || !isHexDigits(line))
        return fail(400, QStringLiteral("A chunk size is malformed."));
    bool ok = false;
    const qint64 size = line.toLongLong(&ok, 16);
    if (!ok || size < 0)
        return fail(400, QStringLiteral("A chunk size is malformed."));
    if (m_request.body.size() + size > m_limits.maxBodyBytes)
        return fail(413, QStringLiteral("The request body exceeds the %1-byte limit.")
                             .arg(m_limits.maxBodyBytes));
    device.skip(end + 2);
    if (size == 0) {
        m_state = State::Trailer;
    } else {
        m_state = State::ChunkData;
        m_remaining = size;
    }
    return Status::NeedMore;
}

RequestParser::Status RequestParser::readTrailer(QIODevice &device)
{
    // Trailer fields are read and dropped; they count against the header limit.
    for (;;) {
        const qint64 window = qMin(device.bytesAvailable(), m_limits.maxHeaderBytes + 2);
        const QByteArray data = device.peek(window);
        const qsizetype end = data.indexOf("\r\n");
        if (end < 0) {
            if (m_trailerBytes + data.size() > m_limits.maxHeaderBytes)
                return fail(431, QStringLiteral("The request trailer fields exceed the %1-byte "
                                                "limit.")
                                     .arg(m_limits.maxHeaderBytes));
            return Status::NeedMore;
        }
        const QByteArrayView line = QByteArrayView(data).first(end);
        const qsizetype colon = line.indexOf(':');
        if (end > 0 &&
            (line.contains('\n') || isOws(line.front()) || colon <= 0 ||
             !isToken(line.first(colon)) || !isFieldValue(trimmedOws(line.sliced(colon + 1)))))
            return fail(400, QStringLiteral("A request trailer field is malformed."));
        device.skip(end + 2);
        m_trailerBytes += end + 2;
        if (end == 0) {
            m_state = State::Complete;
            return Status::NeedMore;
        }
        if (m_trailerBytes > m_limits.maxHeaderBytes)
            return fail(431, QStringLiteral("The request trailer fields exceed the %1-byte limit.")
                                 .arg(m_limits.maxHeaderBytes));
    }
}

} // namespace RexOrm::Http
