#pragma once

#include <rexorm/database/dialect.h>

#include <QtCore/QString>
#include <QtCore/QStringList>

namespace RexOrm {

enum class StatementKind { Query, Insert, Update, Delete, Ddl, TransactionControl, Other };

// A statement scanned once: named placeholders rewritten to '?', placeholders counted, and its
// kind taken from the first keyword. Literals, quoted identifiers, comments, PostgreSQL
// dollar-quoted strings and '::' casts are skipped; comments (except optimizer hints) are
// removed from the text handed to QtSql, whose own placeholder scanners do not know them.
struct ParsedStatement
{
    QString sql;       // the text QtSql prepares
    QStringList names; // named placeholders in order of appearance (empty if positional)
    int distinctNames = 0;
    int placeholders = 0; // '?' markers in sql
    StatementKind kind = StatementKind::Other;
    QString firstKeyword; // upper-case
    // Nothing in it can write (no INSERT/UPDATE/DELETE/... anywhere, even inside WITH), so
    // running it twice is harmless.
    bool readOnly = false;
    bool setsAutocommit = false; // SET autocommit = ...
};

// Throws Error when positional and named placeholders are mixed, or when more than one
// statement is given.
ParsedStatement parseStatement(const QString &sql, const SqlSyntax &syntax);

// A script (a migration file) cut into its statements at top-level ';', skipping those inside
// literals, quoted identifiers, comments, PostgreSQL dollar quotes and SQLite/MySQL trigger
// bodies (BEGIN ... END). Statements keep their text; empty ones are dropped.
QStringList splitStatements(const QString &script, const SqlSyntax &syntax);

} // namespace RexOrm
