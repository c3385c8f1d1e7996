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

bool isRoutineWord(const QString &upper)
{
    return upper == u"TRIGGER" || upper == u"PROCEDURE" || upper == u"FUNCTION" ||
           upper == u"EVENT";
}

// How a word inside a trigger or routine changes the BEGIN ... END depth. END IF, END LOOP,
// END WHILE and END REPEAT close blocks that were never counted.
int blockChange(const QString &upper, const QString &sql, qsizetype after, int depth)
{
    if (upper == u"BEGIN" || upper == u"CASE")
        return 1;
    if (upper != u"END" || depth == 0)
        return 0;
    while (after < sql.size() && sql[after].isSpace())
        ++after;
    qsizetype end = after;
    while (end < sql.size() && isIdentifierChar(sql[end]))
        ++end;
    const QString next = sql.sliced(after, end - after).toUpper();
    return (next == u"IF" || next == u"LOOP" || next == u"WHILE" || next == u"REPEAT") ? 0 : -1;
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
    bool routine = false; // CREATE TRIGGER / PROCEDURE / FUNCTION / EVENT
    int blockDepth = 0;   // its BEGIN ... END nesting
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
        } else if (c == u';' && blockDepth > 0) {
            parsed.sql += c; // inside a trigger's or routine's BEGIN ... END
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
                if (!routine && words.first() == u"CREATE" && isRoutineWord(word))
                    routine = true;
                if (routine)
                    blockDepth += blockChange(word, sql, j, blockDepth);
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
    bool content = false; // anything but comments and blanks since the last ';'
    QStringList words;    // upper-case words of the current statement, up to the first few
    int blockDepth = 0;   // BEGIN ... END in triggers, procedures, functions and events
    bool routine = false;
    const auto finish = [&](qsizetype end) {
        if (content)
            statements << script.sliced(start, end - start).trimmed();
        content = false;
        words.clear();
        blockDepth = 0;
        routine = false;
    };
    const auto skipQuoted = [&](QChar quote, bool backslashes) {
        ++i;
        while (i < n) {
            if (backslashes && script[i] == u'\\') {
                i += 2;
                continue;
            }
            if (script[i] == quote) {
                if (i + 1 < n && script[i + 1] == quote) {
                    i += 2;
                    continue;
                }
                break;
            }
            ++i;
        }
        ++i;
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
            int depth = 1;
            i += 2;
            while (i < n && depth > 0) {
                if (script[i] == u'*' && i + 1 < n && script[i + 1] == u'/') {
                    --depth;
                    i += 2;
                } else if (syntax.nestedBlockComments && script[i] == u'/' && i + 1 < n &&
                           script[i + 1] == u'*') {
                    ++depth;
                    i += 2;
                } else {
                    ++i;
                }
            }
        } else if (c.isSpace()) {
            ++i;
        } else if (c == u'\'' || c == u'"' || c == u'`') {
            content = true;
            skipQuoted(c, syntax.backslashEscapes && c != u'`');
        } else if (c == u'$' && syntax.dollarPlaceholders) {
            content = true;
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
            content = true;
            qsizetype j = i;
            while (j < n && isIdentifierChar(script[j]))
                ++j;
            const QString word = script.sliced(i, j - i).toUpper();
            if (word == u"E" && j < n && script[j] == u'\'' && syntax.dollarPlaceholders) {
                i = j; // E'...': PostgreSQL's escape string, with backslash escapes
                skipQuoted(u'\'', true);
                continue;
            }
            if (words.size() < 8)
                words << word;
            if (!routine && words.first() == u"CREATE" && isRoutineWord(word))
                routine = true;
            if (routine)
                blockDepth += blockChange(word, script, j, blockDepth);
            i = j;
        } else if (c == u';' && blockDepth == 0) {
            finish(i);
            start = ++i;
        } else {
            content = true;
            ++i;
        }
    }
    finish(n);
    return statements;
}

} // namespace RexOrm
