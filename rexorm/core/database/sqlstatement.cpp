#include "sqlstatement_p.h"

#include <rexorm/error.h>

namespace RexOrm {

namespace {

bool isIdentifierStart(QChar c)
{
    return c.isLetter() || c == u'_';
}

bool isIdentifierChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'$';
}

StatementKind kindOf(const QString &keyword)
{
    static const QStringList queries = {QStringLiteral("SELECT"),  QStringLiteral("WITH"),
                                        QStringLiteral("VALUES"),  QStringLiteral("SHOW"),
                                        QStringLiteral("EXPLAIN"), QStringLiteral("PRAGMA"),
                                        QStringLiteral("TABLE"),   QStringLiteral("DESCRIBE")};
    static const QStringList ddl = {QStringLiteral("CREATE"), QStringLiteral("ALTER"),
                                    QStringLiteral("DROP"),   QStringLiteral("TRUNCATE"),
                                    QStringLiteral("RENAME"), QStringLiteral("COMMENT")};
    static const QStringList control = {QStringLiteral("BEGIN"),    QStringLiteral("START"),
                                        QStringLiteral("COMMIT"),   QStringLiteral("END"),
                                        QStringLiteral("ROLLBACK"), QStringLiteral("SAVEPOINT"),
                                        QStringLiteral("RELEASE"),  QStringLiteral("ABORT")};
    if (queries.contains(keyword))
        return StatementKind::Query;
    if (keyword == u"INSERT" || keyword == u"REPLACE")
        return StatementKind::Insert;
    if (keyword == u"UPDATE")
        return StatementKind::Update;
    if (keyword == u"DELETE")
        return StatementKind::Delete;
    if (ddl.contains(keyword))
        return StatementKind::Ddl;
    if (control.contains(keyword))
        return StatementKind::TransactionControl;
    return StatementKind::Other;
}

} // namespace

ParsedStatement parseStatement(const QString &sql, bool backslashEscapes)
{
    ParsedStatement parsed;
    parsed.sql.reserve(sql.size());
    bool positional = false;
    const qsizetype n = sql.size();
    qsizetype i = 0;

    const auto copyQuoted = [&](QChar quote, bool escapes) {
        parsed.sql += sql[i++];
        while (i < n) {
            const QChar c = sql[i];
            parsed.sql += c;
            ++i;
            if (escapes && c == u'\\' && i < n) {
                parsed.sql += sql[i++];
            } else if (c == quote) {
                if (i < n && sql[i] == quote) { // doubled quote inside the literal
                    parsed.sql += sql[i++];
                    continue;
                }
                return;
            }
        }
    };

    while (i < n) {
        const QChar c = sql[i];
        if (c == u'\'') {
            const bool escapeString =
                backslashEscapes || (i > 0 && (sql[i - 1] == u'E' || sql[i - 1] == u'e') &&
                                     (i < 2 || !isIdentifierChar(sql[i - 2])));
            copyQuoted(c, escapeString);
        } else if (c == u'"' || c == u'`') {
            copyQuoted(c, false);
        } else if (c == u'-' && i + 1 < n && sql[i + 1] == u'-') {
            // Comments are dropped: QtSql's own placeholder scanners do not know them and
            // would count a '?' or ':name' inside one.
            const qsizetype end = sql.indexOf(u'\n', i);
            i = end < 0 ? n : end;
            parsed.sql += u' ';
        } else if (c == u'/' && i + 1 < n && sql[i + 1] == u'*') {
            const qsizetype end = sql.indexOf(QStringLiteral("*/"), i + 2);
            const qsizetype stop = end < 0 ? n : end + 2;
            const bool hint = i + 2 < n && (sql[i + 2] == u'!' || sql[i + 2] == u'+');
            parsed.sql +=
                hint ? QStringView(sql).sliced(i, stop - i).toString() : QStringLiteral(" ");
            i = stop;
        } else if (c == u'$' && (i == 0 || !isIdentifierChar(sql[i - 1]))) {
            // PostgreSQL dollar quoting: $$...$$ or $tag$...$tag$
            qsizetype j = i + 1;
            while (j < n && (sql[j].isLetterOrNumber() || sql[j] == u'_'))
                ++j;
            if (j < n && sql[j] == u'$' && !(j > i + 1 && sql[i + 1].isDigit())) {
                const QString tag = sql.mid(i, j - i + 1);
                const qsizetype end = sql.indexOf(tag, j + 1);
                const qsizetype stop = end < 0 ? n : end + tag.size();
                parsed.sql += QStringView(sql).sliced(i, stop - i);
                i = stop;
            } else {
                parsed.sql += c;
                ++i;
            }
        } else if (c == u':' && i + 1 < n && sql[i + 1] == u':') {
            parsed.sql += QStringLiteral("::");
            i += 2;
        } else if (c == u':' && i + 1 < n && isIdentifierStart(sql[i + 1]) &&
                   (i == 0 || !isIdentifierChar(sql[i - 1]))) {
            qsizetype j = i + 1;
            while (j < n && (sql[j].isLetterOrNumber() || sql[j] == u'_'))
                ++j;
            parsed.names << sql.mid(i + 1, j - i - 1);
            parsed.sql += u'?';
            ++parsed.placeholders;
            i = j;
        } else if (c == u'?') {
            positional = true;
            parsed.sql += c;
            ++parsed.placeholders;
            ++i;
        } else {
            parsed.sql += c;
            ++i;
        }
    }
    if (positional && !parsed.names.isEmpty())
        throw Error(QStringLiteral("A statement mixes positional (?) and named (:%1) placeholders; "
                                   "use one style")
                        .arg(parsed.names.first()));

    // The first keyword, after blanks, comments and opening parentheses.
    qsizetype k = 0;
    while (k < n) {
        if (sql[k].isSpace() || sql[k] == u'(' || sql[k] == u';') {
            ++k;
        } else if (sql[k] == u'-' && k + 1 < n && sql[k + 1] == u'-') {
            const qsizetype end = sql.indexOf(u'\n', k);
            k = end < 0 ? n : end + 1;
        } else if (sql[k] == u'/' && k + 1 < n && sql[k + 1] == u'*') {
            const qsizetype end = sql.indexOf(QStringLiteral("*/"), k + 2);
            k = end < 0 ? n : end + 2;
        } else {
            break;
        }
    }
    qsizetype e = k;
    while (e < n && sql[e].isLetter())
        ++e;
    parsed.firstKeyword = sql.mid(k, e - k).toUpper();
    parsed.kind = kindOf(parsed.firstKeyword);
    return parsed;
}

} // namespace RexOrm
