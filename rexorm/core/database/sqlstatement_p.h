#pragma once

#include <QtCore/QString>
#include <QtCore/QStringList>

namespace RexOrm {

enum class StatementKind { Query, Insert, Update, Delete, Ddl, TransactionControl, Other };

// A statement scanned once: named placeholders rewritten to '?', placeholders counted, and its
// kind taken from the first keyword. Literals, quoted identifiers, comments, PostgreSQL
// dollar-quoted strings and '::' casts are skipped; comments (except optimizer hints) are
// removed from the text handed to QtSql.
struct ParsedStatement
{
    QString sql;          // the text QtSql prepares
    QStringList names;    // named placeholders in order of appearance (empty if positional)
    int placeholders = 0; // '?' markers in sql
    StatementKind kind = StatementKind::Other;
    QString firstKeyword; // upper-case
};

// Throws Error when positional and named placeholders are mixed.
ParsedStatement parseStatement(const QString &sql, bool backslashEscapes);

} // namespace RexOrm
