#include "lexer_p.h"

namespace RexOrm::GraphQL {

namespace {

bool isDigit(char16_t c)
{
    return c >= u'0' && c <= u'9';
}

bool isNameStart(char16_t c)
{
    return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || c == u'_';
}

bool isNameContinue(char16_t c)
{
    return isNameStart(c) || isDigit(c);
}

bool isLeadingSurrogate(char16_t c)
{
    return c >= 0xD800 && c <= 0xDBFF;
}

bool isTrailingSurrogate(char16_t c)
{
    return c >= 0xDC00 && c <= 0xDFFF;
}

// A source character allowed inside a string: since the 2021 edition any Unicode scalar value
// (SourceCharacter); line terminators end a plain string before this is asked.
bool isStringCharacter(char16_t c)
{
    return !isLeadingSurrogate(c) && !isTrailingSurrogate(c);
}

bool isScalarValue(qint64 code)
{
    return (code >= 0 && code <= 0xD7FF) || (code >= 0xE000 && code <= 0x10FFFF);
}

int hexValue(char16_t c)
{
    if (c >= u'0' && c <= u'9')
        return c - u'0';
    if (c >= u'a' && c <= u'f')
        return c - u'a' + 10;
    if (c >= u'A' && c <= u'F')
        return c - u'A' + 10;
    return -1;
}

void appendCodePoint(QString &out, char32_t code)
{
    const char32_t one[1] = {code};
    out += QString::fromUcs4(one, 1);
}

} // namespace

QString Token::kindDescription(Kind kind)
{
    switch (kind) {
    case StartOfFile:
        return QStringLiteral("<SOF>");
    case EndOfFile:
        return QStringLiteral("<EOF>");
    case Bang:
        return QStringLiteral("\"!\"");
    case Dollar:
        return QStringLiteral("\"$\"");
    case Amp:
        return QStringLiteral("\"&\"");
    case ParenL:
        return QStringLiteral("\"(\"");
    case ParenR:
        return QStringLiteral("\")\"");
    case Spread:
        return QStringLiteral("\"...\"");
    case Colon:
        return QStringLiteral("\":\"");
    case Equals:
        return QStringLiteral("\"=\"");
    case At:
        return QStringLiteral("\"@\"");
    case BracketL:
        return QStringLiteral("\"[\"");
    case BracketR:
        return QStringLiteral("\"]\"");
    case BraceL:
        return QStringLiteral("\"{\"");
    case Pipe:
        return QStringLiteral("\"|\"");
    case BraceR:
        return QStringLiteral("\"}\"");
    case Name:
        return QStringLiteral("Name");
    case Int:
        return QStringLiteral("Int");
    case Float:
        return QStringLiteral("Float");
    case String:
        return QStringLiteral("String");
    case BlockString:
        return QStringLiteral("BlockString");
    }
    return {};
}

QString Token::description() const
{
    const QString kindText = kindDescription(kind);
    if (kind == Name || kind == Int || kind == Float || kind == String || kind == BlockString)
        return kindText + QStringLiteral(" \"") + value + u'"';
    return kindText;
}

Lexer::Lexer(const QString &source) : m_source(&source) {}

SourceLocation Lexer::locate(qsizetype position) const
{
    // Errors are rare: count lines from the start.
    int line = 1;
    qsizetype lineStart = 0;
    const QString &s = *m_source;
    for (qsizetype i = 0; i < position && i < s.size(); ++i) {
        if (s[i] == u'\n' || (s[i] == u'\r' && (i + 1 >= s.size() || s[i + 1] != u'\n'))) {
            ++line;
            lineStart = i + 1;
        }
    }
    return {line, int(position - lineStart + 1), position};
}

void Lexer::fail(qsizetype position, const QString &message) const
{
    GraphQLError error;
    error.message = QStringLiteral("Syntax Error: ") + message;
    error.locations.push_back(locate(position));
    throw SyntaxError(error);
}

QString Lexer::describeCharacter(qsizetype position) const
{
    const QString &s = *m_source;
    if (position >= s.size())
        return QStringLiteral("<EOF>");
    char32_t code = s[position].unicode();
    if (isLeadingSurrogate(char16_t(code)) && position + 1 < s.size() &&
        isTrailingSurrogate(s[position + 1].unicode()))
        code = QChar::surrogateToUcs4(s[position], s[position + 1]);
    if (code >= 0x20 && code <= 0x7E)
        return code == u'"' ? QStringLiteral("'\"'")
                            : QStringLiteral("\"") + QChar(char16_t(code)) + u'"';
    return QStringLiteral("U+%1").arg(qulonglong(code), 4, 16, QLatin1Char('0')).toUpper();
}

Token Lexer::make(Token::Kind kind, qsizetype start, qsizetype end, QString value) const
{
    Token token;
    token.kind = kind;
    token.start = start;
    token.end = end;
    token.line = m_line;
    token.column = int(start - m_lineStart + 1);
    token.value = std::move(value);
    return token;
}

void Lexer::newLine(qsizetype next)
{
    ++m_line;
    m_lineStart = next;
}

void Lexer::skipIgnored()
{
    const QString &s = *m_source;
    while (m_position < s.size()) {
        const char16_t c = s[m_position].unicode();
        if (c == 0xFEFF || c == u'\t' || c == u' ' || c == u',') {
            ++m_position;
        } else if (c == u'\n') {
            ++m_position;
            newLine(m_position);
        } else if (c == u'\r') {
            m_position += (m_position + 1 < s.size() && s[m_position + 1] == u'\n') ? 2 : 1;
            newLine(m_position);
        } else if (c == u'#') {
            // A comment holds source characters: a lone surrogate is not one.
            ++m_position;
            while (m_position < s.size() && s[m_position] != u'\n' && s[m_position] != u'\r') {
                const char16_t d = s[m_position].unicode();
                if (isLeadingSurrogate(d) && m_position + 1 < s.size() &&
                    isTrailingSurrogate(s[m_position + 1].unicode())) {
                    m_position += 2;
                    continue;
                }
                if (isLeadingSurrogate(d) || isTrailingSurrogate(d))
                    fail(m_position, QStringLiteral("Invalid character: %1.")
                                         .arg(describeCharacter(m_position)));
                ++m_position;
            }
        } else {
            return;
        }
    }
}

const Token &Lexer::advance()
{
    if (m_token.kind == Token::EndOfFile)
        return m_token;
    skipIgnored();
    const QString &s = *m_source;
    const qsizetype start = m_position;
    if (start >= s.size()) {
        m_token = make(Token::EndOfFile, start, start);
        return m_token;
    }
    const char16_t c = s[start].unicode();
    const auto punctuator = [&](Token::Kind kind, qsizetype length) -> const Token & {
        m_position = start + length;
        m_token = make(kind, start, m_position);
        return m_token;
    };
    switch (c) {
    case u'!':
        return punctuator(Token::Bang, 1);
    case u'$':
        return punctuator(Token::Dollar, 1);
    case u'&':
        return punctuator(Token::Amp, 1);
    case u'(':
        return punctuator(Token::ParenL, 1);
    case u')':
        return punctuator(Token::ParenR, 1);
    case u'.':
        if (start + 2 < s.size() && s[start + 1] == u'.' && s[start + 2] == u'.')
            return punctuator(Token::Spread, 3);
        break;
    case u':':
        return punctuator(Token::Colon, 1);
    case u'=':
        return punctuator(Token::Equals, 1);
    case u'@':
        return punctuator(Token::At, 1);
    case u'[':
        return punctuator(Token::BracketL, 1);
    case u']':
        return punctuator(Token::BracketR, 1);
    case u'{':
        return punctuator(Token::BraceL, 1);
    case u'|':
        return punctuator(Token::Pipe, 1);
    case u'}':
        return punctuator(Token::BraceR, 1);
    case u'"':
        if (start + 2 < s.size() && s[start + 1] == u'"' && s[start + 2] == u'"')
            m_token = readBlockString(start);
        else
            m_token = readString(start);
        return m_token;
    default:
        break;
    }
    if (isDigit(c) || c == u'-') {
        m_token = readNumber(start);
        return m_token;
    }
    if (isNameStart(c)) {
        qsizetype end = start + 1;
        while (end < s.size() && isNameContinue(s[end].unicode()))
            ++end;
        m_position = end;
        m_token = make(Token::Name, start, end, s.sliced(start, end - start));
        return m_token;
    }
    if (c == u'\'')
        fail(start, QStringLiteral("Unexpected single quote character ('), did you mean to use a "
                                   "double quote (\")?"));
    // A lone surrogate is not a character at all.
    const bool scalar = !isLeadingSurrogate(c) && !isTrailingSurrogate(c);
    const bool pair = isLeadingSurrogate(c) && start + 1 < s.size() &&
                      isTrailingSurrogate(s[start + 1].unicode());
    fail(start, QStringLiteral("%1 character: %2.")
                    .arg(scalar || pair ? QStringLiteral("Unexpected") : QStringLiteral("Invalid"),
                         describeCharacter(start)));
}

Token Lexer::lookahead() const
{
    Lexer copy = *this;
    return copy.advance();
}

Token Lexer::readNumber(qsizetype start)
{
    const QString &s = *m_source;
    qsizetype position = start;
    bool isFloat = false;
    const auto at = [&](qsizetype i) -> char16_t { return i < s.size() ? s[i].unicode() : 0; };
    const auto readDigits = [&] {
        if (!isDigit(at(position)))
            fail(position, QStringLiteral("Invalid number, expected digit but got: %1.")
                               .arg(describeCharacter(position)));
        while (isDigit(at(position)))
            ++position;
    };
    if (at(position) == u'-')
        ++position;
    if (at(position) == u'0') {
        ++position;
        if (isDigit(at(position)))
            fail(position, QStringLiteral("Invalid number, unexpected digit after 0: %1.")
                               .arg(describeCharacter(position)));
    } else {
        readDigits();
    }
    if (at(position) == u'.') {
        isFloat = true;
        ++position;
        readDigits();
    }
    if (at(position) == u'e' || at(position) == u'E') {
        isFloat = true;
        ++position;
        if (at(position) == u'+' || at(position) == u'-')
            ++position;
        readDigits();
    }
    // A number cannot be followed by '.' or a name start (1.2.3, 123abc).
    if (at(position) == u'.' || isNameStart(at(position)))
        fail(position, QStringLiteral("Invalid number, expected digit but got: %1.")
                           .arg(describeCharacter(position)));
    m_position = position;
    return make(isFloat ? Token::Float : Token::Int, start, position,
                s.sliced(start, position - start));
}

Token Lexer::readString(qsizetype start)
{
    const QString &s = *m_source;
    qsizetype position = start + 1;
    qsizetype chunkStart = position;
    QString value = QStringLiteral(""); // "" is an empty string, not a missing one
    while (position < s.size()) {
        const char16_t c = s[position].unicode();
        if (c == u'"') {
            value += QStringView(s).sliced(chunkStart, position - chunkStart);
            m_position = position + 1;
            return make(Token::String, start, m_position, value);
        }
        if (c == u'\\') {
            value += QStringView(s).sliced(chunkStart, position - chunkStart);
            const char16_t escaped = position + 1 < s.size() ? s[position + 1].unicode() : 0;
            const auto invalidEscape = [&](qsizetype length) {
                fail(position, QStringLiteral("Invalid character escape sequence: \"%1\".")
                                   .arg(QStringView(s).sliced(
                                       position, std::min(length, s.size() - position))));
            };
            if (escaped == u'u') {
                if (position + 2 < s.size() && s[position + 2] == u'{') {
                    // \u{1F600}: at most 8 hex digits of a Unicode scalar value, read as
                    // graphql-js does (a 32-bit value; the message shows what was read).
                    qsizetype size = 3;
                    qint32 point = 0;
                    bool closed = false;
                    while (size < 12) {
                        const char16_t digit =
                            position + size < s.size() ? s[position + size].unicode() : 0;
                        ++size;
                        if (digit == u'}') {
                            closed = size >= 5 && isScalarValue(point);
                            break;
                        }
                        const int hex = hexValue(digit);
                        point = hex < 0 ? -1 : qint32((quint32(point) << 4) | quint32(hex));
                        if (point < 0)
                            break;
                    }
                    if (!closed)
                        fail(position, QStringLiteral("Invalid Unicode escape sequence: \"%1\".")
                                           .arg(QStringView(s).sliced(
                                               position, std::min(size, s.size() - position))));
                    appendCodePoint(value, char32_t(point));
                    position += size;
                } else {
                    const auto fixed = [&](qsizetype at) -> int {
                        if (at + 6 > s.size())
                            return -1;
                        int code = 0;
                        for (qsizetype k = at + 2; k < at + 6; ++k) {
                            const int digit = hexValue(s[k].unicode());
                            if (digit < 0)
                                return -1;
                            code = code * 16 + digit;
                        }
                        return code;
                    };
                    const int code = fixed(position);
                    if (code < 0)
                        fail(position,
                             QStringLiteral("Invalid Unicode escape sequence: \"%1\".")
                                 .arg(QStringView(s).sliced(
                                     position, std::min<qsizetype>(6, s.size() - position))));
                    if (isLeadingSurrogate(char16_t(code)) && position + 7 < s.size() &&
                        s[position + 6] == u'\\' && s[position + 7] == u'u') {
                        const int trailing = fixed(position + 6);
                        if (trailing >= 0 && isTrailingSurrogate(char16_t(trailing))) {
                            value += QChar(char16_t(code));
                            value += QChar(char16_t(trailing));
                            position += 12;
                            chunkStart = position;
                            continue;
                        }
                    }
                    if (isLeadingSurrogate(char16_t(code)) || isTrailingSurrogate(char16_t(code)))
                        fail(position, QStringLiteral("Invalid Unicode escape sequence: \"%1\".")
                                           .arg(QStringView(s).sliced(position, 6)));
                    value += QChar(char16_t(code));
                    position += 6;
                }
                chunkStart = position;
                continue;
            }
            switch (escaped) {
            case u'"':
                value += u'"';
                break;
            case u'\\':
                value += u'\\';
                break;
            case u'/':
                value += u'/';
                break;
            case u'b':
                value += u'\b';
                break;
            case u'f':
                value += u'\f';
                break;
            case u'n':
                value += u'\n';
                break;
            case u'r':
                value += u'\r';
                break;
            case u't':
                value += u'\t';
                break;
            default:
                invalidEscape(2);
            }
            position += 2;
            chunkStart = position;
            continue;
        }
        if (c == u'\n' || c == u'\r')
            break;
        if (isStringCharacter(c)) {
            ++position;
        } else if (isLeadingSurrogate(c) && position + 1 < s.size() &&
                   isTrailingSurrogate(s[position + 1].unicode())) {
            position += 2;
        } else {
            fail(position, QStringLiteral("Invalid character within String: %1.")
                               .arg(describeCharacter(position)));
        }
    }
    fail(position, QStringLiteral("Unterminated string."));
}

Token Lexer::readBlockString(qsizetype start)
{
    const QString &s = *m_source;
    const int startLine = m_line;
    const qsizetype startLineStart = m_lineStart;
    qsizetype position = start + 3;
    qsizetype chunkStart = position;
    QString raw;
    while (position < s.size()) {
        const char16_t c = s[position].unicode();
        if (c == u'"' && position + 2 < s.size() && s[position + 1] == u'"' &&
            s[position + 2] == u'"') {
            raw += QStringView(s).sliced(chunkStart, position - chunkStart);
            m_position = position + 3;
            Token token;
            token.kind = Token::BlockString;
            token.start = start;
            token.end = m_position;
            token.line = startLine;
            token.column = int(start - startLineStart + 1);
            token.value = blockStringValue(raw);
            return token;
        }
        if (c == u'\\' && position + 3 < s.size() && s[position + 1] == u'"' &&
            s[position + 2] == u'"' && s[position + 3] == u'"') {
            raw += QStringView(s).sliced(chunkStart, position - chunkStart);
            raw += QStringLiteral("\"\"\"");
            position += 4;
            chunkStart = position;
            continue;
        }
        if (c == u'\n' || c == u'\r') {
            const qsizetype length =
                (c == u'\r' && position + 1 < s.size() && s[position + 1] == u'\n') ? 2 : 1;
            position += length;
            newLine(position);
            continue;
        }
        if (isStringCharacter(c)) {
            ++position;
        } else if (isLeadingSurrogate(c) && position + 1 < s.size() &&
                   isTrailingSurrogate(s[position + 1].unicode())) {
            position += 2;
        } else {
            fail(position, QStringLiteral("Invalid character within String: %1.")
                               .arg(describeCharacter(position)));
        }
    }
    fail(position, QStringLiteral("Unterminated string."));
}

QString blockStringValue(const QString &raw)
{
    // Lines split at any line terminator.
    QStringList lines;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        if (raw[i] == u'\n' || raw[i] == u'\r') {
            lines << raw.sliced(lineStart, i - lineStart);
            if (raw[i] == u'\r' && i + 1 < raw.size() && raw[i + 1] == u'\n')
                ++i;
            lineStart = i + 1;
        }
    }
    lines << raw.sliced(lineStart);
    qsizetype commonIndent = std::numeric_limits<qsizetype>::max();
    qsizetype firstNonBlank = -1;
    qsizetype lastNonBlank = -1;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString &line = lines[i];
        qsizetype indent = 0;
        while (indent < line.size() && (line[indent] == u' ' || line[indent] == u'\t'))
            ++indent;
        if (indent == line.size())
            continue; // blank
        if (firstNonBlank < 0)
            firstNonBlank = i;
        lastNonBlank = i;
        if (i != 0 && indent < commonIndent)
            commonIndent = indent;
    }
    if (firstNonBlank < 0)
        return QStringLiteral("");
    QStringList kept;
    for (qsizetype i = firstNonBlank; i <= lastNonBlank; ++i) {
        const QString &line = lines[i];
        kept << (i == 0 || commonIndent == std::numeric_limits<qsizetype>::max()
                     ? line
                     : line.mid(commonIndent));
    }
    return kept.join(u'\n');
}

} // namespace RexOrm::GraphQL
