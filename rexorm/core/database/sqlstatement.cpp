#include "sqlstatement_p.h"

#include <rexorm/error.h>

#include <QtCore/QSet>

#include <algorithm>

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
    static const QSet<QString> queries = {QStringLiteral("SELECT"),  QStringLiteral("WITH"),
                                          QStringLiteral("VALUES"),  QStringLiteral("SHOW"),
                                          QStringLiteral("EXPLAIN"), QStringLiteral("PRAGMA"),
                                          QStringLiteral("TABLE"),   QStringLiteral("DESCRIBE")};
    static const QSet<QString> ddl = {QStringLiteral("CREATE"), QStringLiteral("ALTER"),
                                      QStringLiteral("DROP"),   QStringLiteral("TRUNCATE"),
                                      QStringLiteral("RENAME"), QStringLiteral("COMMENT")};
    static const QSet<QString> control = {QStringLiteral("BEGIN"),    QStringLiteral("START"),
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

// Words that make a statement a write wherever they stand (WITH ... DELETE, SELECT ... INTO,
// SELECT ... FOR UPDATE): such statements are never retried.
bool isWriteWord(const QString &upper)
{
    static const QSet<QString> words = {
        QStringLiteral("INSERT"),   QStringLiteral("UPDATE"),  QStringLiteral("DELETE"),
        QStringLiteral("MERGE"),    QStringLiteral("REPLACE"), QStringLiteral("UPSERT"),
        QStringLiteral("CREATE"),   QStringLiteral("DROP"),    QStringLiteral("ALTER"),
        QStringLiteral("TRUNCATE"), QStringLiteral("GRANT"),   QStringLiteral("REVOKE"),
        QStringLiteral("CALL"),     QStringLiteral("DO"),      QStringLiteral("COPY"),
        QStringLiteral("LOCK"),     QStringLiteral("INTO"),    QStringLiteral("SET")};
    return words.contains(upper);
}

} // namespace

ParsedStatement parseStatement(const QString &sql, const SqlSyntax &syntax)
{
    ParsedStatement parsed;
    parsed.sql.reserve(sql.size());
    bool positional = false;
    int numbered = 0; // highest $n seen
    bool writes = false;
    bool endedAt = false; // a top-level ';' was seen
    QStringList words;
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
    const auto skipLineComment = [&] {
        const qsizetype end = sql.indexOf(u'\n', i);
        i = end < 0 ? n : end;
        parsed.sql += u' ';
    };
    const auto noteContent = [&] {
        if (endedAt)
            throw Error(QStringLiteral("execute() runs one statement; found more SQL after \";\""));
    };

    while (i < n) {
        const QChar c = sql[i];
        const QChar next = i + 1 < n ? sql[i + 1] : QChar();
        if (c == u'-' && next == u'-' &&
            (!syntax.dashCommentNeedsSpace || i + 2 >= n || sql[i + 2].isSpace())) {
            skipLineComment();
        } else if (c == u'#' && syntax.hashComments) {
            skipLineComment();
        } else if (c == u'/' && next == u'*') {
            qsizetype depth = 1;
            qsizetype j = i + 2;
            while (j < n && depth > 0) {
                if (sql[j] == u'*' && j + 1 < n && sql[j + 1] == u'/') {
                    --depth;
                    j += 2;
                } else if (syntax.nestedBlockComments && sql[j] == u'/' && j + 1 < n &&
                           sql[j + 1] == u'*') {
                    ++depth;
                    j += 2;
                } else {
                    ++j;
                }
            }
            const bool hint = i + 2 < n && (sql[i + 2] == u'!' || sql[i + 2] == u'+');
            if (hint)
                noteContent();
            parsed.sql += hint ? QStringView(sql).sliced(i, j - i).toString() : QStringLiteral(" ");
            i = j;
        } else if (c.isSpace()) {
            parsed.sql += c;
            ++i;
        } else if (c == u';') {
            endedAt = true; // a trailing ';' is dropped; QtSql prepares one statement
            ++i;
        } else {
            noteContent();
            if (c == u'\'') {
                const bool escapeString = syntax.backslashEscapes ||
                                          (i > 0 && (sql[i - 1] == u'E' || sql[i - 1] == u'e') &&
                                           (i < 2 || !isIdentifierChar(sql[i - 2])));
                copyQuoted(c, escapeString);
            } else if (c == u'"') {
                copyQuoted(c, syntax.doubleQuotedStrings && syntax.backslashEscapes);
            } else if (c == u'`') {
                copyQuoted(c, false);
            } else if (c == u'$' && syntax.dollarPlaceholders && next.isDigit() &&
                       (i == 0 || !isIdentifierChar(sql[i - 1]))) {
                // PostgreSQL's own $1, $2 ...: QtSql passes them through to PREPARE.
                qsizetype j = i + 1;
                while (j < n && sql[j].isDigit())
                    ++j;
                const int number = sql.mid(i + 1, j - i - 1).toInt();
                if (number < 1)
                    throw Error(
                        QStringLiteral("Placeholder $%1 is not a number from 1 up").arg(number));
                numbered = std::max(numbered, number);
                parsed.sql += QStringView(sql).sliced(i, j - i);
                i = j;
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
            } else if (c == u':' && next == u':') {
                parsed.sql += QStringLiteral("::");
                i += 2;
            } else if (c == u':' && isIdentifierStart(next) &&
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
            } else if (isIdentifierStart(c) && (i == 0 || !isIdentifierChar(sql[i - 1]))) {
                qsizetype j = i + 1;
                while (j < n && isIdentifierChar(sql[j]))
                    ++j;
                const QString word = sql.mid(i, j - i).toUpper();
                if (words.size() < 3)
                    words << word;
                writes = writes || isWriteWord(word);
                parsed.sql += QStringView(sql).sliced(i, j - i);
                i = j;
            } else {
                parsed.sql += c;
                ++i;
            }
        }
    }
    if (numbered > 0) {
        if (positional || !parsed.names.isEmpty())
            throw Error(
                QStringLiteral("A statement mixes $n placeholders with ? or :name; use one style"));
        parsed.placeholders = numbered;
    }
    if (positional && !parsed.names.isEmpty())
        throw Error(QStringLiteral("A statement mixes positional (?) and named (:%1) placeholders; "
                                   "use one style")
                        .arg(parsed.names.first()));

    parsed.distinctNames = int(QSet<QString>(parsed.names.begin(), parsed.names.end()).size());
    parsed.firstKeyword = words.value(0);
    parsed.kind = kindOf(parsed.firstKeyword);
    parsed.setsAutocommit =
        parsed.firstKeyword == u"SET" && sql.contains(u"autocommit", Qt::CaseInsensitive);
    const bool queryKeyword =
        parsed.kind == StatementKind::Query && parsed.firstKeyword != u"PRAGMA";
    parsed.readOnly = queryKeyword && !writes;
    if (parsed.kind == StatementKind::Query && writes && parsed.firstKeyword != u"PRAGMA")
        parsed.kind = StatementKind::Other; // WITH ... DELETE, EXPLAIN ANALYZE UPDATE, ...
    return parsed;
}

QStringList splitStatements(const QString &script, const SqlSyntax &syntax)
{
    QStringList statements;
    const qsizetype n = script.size();
    qsizetype start = 0;
    qsizetype i = 0;
    QStringList words;  // upper-case words of the current statement, up to the first few
    int blockDepth = 0; // BEGIN ... END inside CREATE TRIGGER
    bool trigger = false;
    const auto finish = [&](qsizetype end) {
        const QString text = script.sliced(start, end - start).trimmed();
        bool content = false; // a statement of nothing but comments is dropped
        for (const QString &line : text.split(u'\n')) {
            const QString trimmed = line.trimmed();
            if (!trimmed.isEmpty() && !trimmed.startsWith(QStringLiteral("--")))
                content = true;
        }
        if (content)
            statements << text;
        words.clear();
        blockDepth = 0;
        trigger = false;
    };
    while (i < n) {
        const QChar c = script[i];
        const QChar next = i + 1 < n ? script[i + 1] : QChar();
        if (c == u'-' && next == u'-' &&
            (!syntax.dashCommentNeedsSpace || i + 2 >= n || script[i + 2].isSpace())) {
            const qsizetype end = script.indexOf(u'\n', i);
            i = end < 0 ? n : end;
        } else if (c == u'#' && syntax.hashComments) {
            const qsizetype end = script.indexOf(u'\n', i);
            i = end < 0 ? n : end;
        } else if (c == u'/' && next == u'*') {
            const qsizetype end = script.indexOf(QStringLiteral("*/"), i + 2);
            i = end < 0 ? n : end + 2;
        } else if (c == u'\'' || c == u'"' || c == u'`') {
            ++i;
            while (i < n) {
                if (syntax.backslashEscapes && script[i] == u'\\' && c != u'`') {
                    i += 2;
                    continue;
                }
                if (script[i] == c) {
                    if (i + 1 < n && script[i + 1] == c) {
                        i += 2;
                        continue;
                    }
                    break;
                }
                ++i;
            }
            ++i;
        } else if (c == u'$' && syntax.dollarPlaceholders) {
            // $tag$ ... $tag$ (PostgreSQL); a $1 placeholder is not a quote.
            qsizetype j = i + 1;
            while (j < n && isIdentifierChar(script[j]) && script[j] != u'$')
                ++j;
            if (j < n && script[j] == u'$' && (j == i + 1 || !script[i + 1].isDigit())) {
                const QString tag = script.sliced(i, j - i + 1);
                const qsizetype end = script.indexOf(tag, j + 1);
                i = end < 0 ? n : end + tag.size();
            } else {
                i = j;
            }
        } else if (isIdentifierStart(c)) {
            qsizetype j = i;
            while (j < n && isIdentifierChar(script[j]))
                ++j;
            const QString word = script.sliced(i, j - i).toUpper();
            if (words.size() < 4)
                words << word;
            if (!trigger && words.size() >= 2 && words.first() == u"CREATE" &&
                words.contains(QStringLiteral("TRIGGER")))
                trigger = true;
            if (trigger) {
                if (word == u"BEGIN" || word == u"CASE")
                    ++blockDepth;
                else if (word == u"END" && blockDepth > 0)
                    --blockDepth;
            }
            i = j;
        } else if (c == u';' && blockDepth == 0) {
            finish(i);
            start = ++i;
        } else {
            ++i;
        }
    }
    finish(n);
    return statements;
}

} // namespace RexOrm
