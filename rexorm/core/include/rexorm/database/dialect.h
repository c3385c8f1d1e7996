#pragma once

#include <rexorm/global.h>

#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVariant>

#include <functional>
#include <memory>
#include <optional>

class QDateTime;
class QSqlDatabase;
class QSqlError;

namespace RexOrm {

struct DatabaseConfig;

// Portable column types; each dialect maps them to its own DDL type.
enum class ColumnType {
    Boolean,
    SmallInt,
    Integer,
    BigInt,
    Real,
    Double,
    Decimal,
    String,
    Text,
    Binary,
    Date,
    Time,
    DateTime,   // a wall-clock time stored as UTC
    DateTimeTz, // an instant; read back as a UTC QDateTime
    Json,
    Uuid,
};

struct TypeSpec
{
    ColumnType type = ColumnType::Text;
    int length = 0;    // String: characters, 0 for the dialect's default
    int precision = 0; // Decimal
    int scale = 0;     // Decimal
};

// The portable name of a column type ("datetimetz"), as type= annotations and tools write it.
REXORM_CORE_EXPORT QString columnTypeName(ColumnType type);
// The type a name stands for (case-insensitive), or nothing for an unknown name.
REXORM_CORE_EXPORT std::optional<ColumnType> columnTypeFromName(QStringView name);
REXORM_CORE_EXPORT QStringList columnTypeNames(); // all of them, sorted

// What a failed statement means for the caller.
enum class ErrorKind {
    Statement,       // the statement itself failed; the connection is fine
    Timeout,         // cancelled by a statement timeout
    ConnectionLost,  // the connection is gone; it must be replaced
    StalePlan,       // a cached prepared statement no longer matches the schema
    TransactionLost, // the server rolled back the whole transaction (a deadlock victim)
};

// How the engine's SQL text is lexed, so placeholders are found only where they are.
struct SqlSyntax
{
    bool backslashEscapes = false;      // '\'' escapes a quote inside '...' and "..." (MySQL)
    bool doubleQuotedStrings = false;   // "..." is a string, not an identifier (MySQL)
    bool hashComments = false;          // # starts a comment (MySQL)
    bool dashCommentNeedsSpace = false; // "--" starts a comment only before a blank (MySQL)
    bool nestedBlockComments = false;   // /* /* */ */ nests (PostgreSQL)
    bool dollarPlaceholders = false;    // $1, $2 ... are placeholders (PostgreSQL)
};

// SQL differences between database engines. Instances are immutable and shared between threads.
class REXORM_CORE_EXPORT Dialect
{
public:
    virtual ~Dialect();

    virtual QString name() const = 0;        // "sqlite", "postgres", "mysql"
    virtual QString displayName() const = 0; // "SQLite", "PostgreSQL", "MySQL/MariaDB"
    virtual QString qtDriverName() const = 0;
    virtual int defaultPort() const { return 0; }
    // True for embedded engines addressed by a file path (SQLite), false for servers.
    virtual bool usesFilePath() const { return false; }
    // Keys accepted in DatabaseConfig::options (URL query parameters).
    virtual QStringList supportedOptions() const { return {}; }
    virtual SqlSyntax sqlSyntax() const { return {}; }
    // Throws ConfigError for an option value the dialect does not accept.
    virtual void validateOptions(const DatabaseConfig &config) const;

    // The character that quotes identifiers: '"' in standard SQL, '`' in MySQL.
    virtual QChar identifierQuote() const { return u'"'; }
    // Quotes one identifier, doubling embedded quote characters. Throws Error on an empty name
    // or one that contains a NUL character.
    QString quoteIdentifier(QStringView identifier) const;
    // Quotes each part of "schema.table" separately.
    QString quoteQualified(QStringView dottedName) const;
    // The marker of the index-th (0-based) bound value: "?", or "$1", "$2" ... on PostgreSQL.
    virtual QString placeholder(int index) const;

    virtual QString typeName(const TypeSpec &spec) const = 0;
    // The full column definition after the name for an auto-increment primary key.
    virtual QString autoIncrementPrimaryKey(const TypeSpec &spec) const = 0;

    virtual bool supportsReturning() const = 0;
    // " RETURNING a, b" (identifiers already quoted by the caller), or an empty string.
    virtual QString returningClause(const QStringList &quotedColumns) const;
    // The clause appended to an INSERT to turn it into an upsert. Columns are already quoted.
    virtual QString upsertClause(const QStringList &quotedConflictColumns,
                                 const QStringList &quotedUpdateColumns) const = 0;
    // " LIMIT n OFFSET m"; limit < 0 means no limit, offset <= 0 means none.
    virtual QString limitClause(qint64 limit, qint64 offset) const;
    virtual QString booleanLiteral(bool value) const;
    // True where ORDER BY takes NULLS FIRST / NULLS LAST (otherwise it is emulated).
    virtual bool supportsNullsOrdering() const { return true; }
    // The most parameters one statement may bind; bulk inserts split into statements below it.
    virtual int maxBindParameters() const { return 65535; }
    // Rows per statement of a bulk insert: servers favour few round trips.
    virtual int insertRowsPerStatement() const { return 1000; }
    // Whether a multi-row INSERT reports the first row's generated key (MySQL's LAST_INSERT_ID,
    // the first row of PostgreSQL's RETURNING) rather than the last one's (SQLite).
    virtual bool insertIdIsFirstRow() const { return true; }

    // How a QDateTime is written when bound: always explicit UTC, never the local zone.
    virtual QString formatDateTime(const QDateTime &value) const;
    // Converts a value to what this driver binds: JSON to text, date-times to explicit UTC, ...
    virtual QVariant toDatabaseValue(const QVariant &value) const;
    // Converts a value read from this driver to the portable representation of type.
    virtual QVariant fromDatabaseValue(const QVariant &value, ColumnType type) const;

    virtual QString beginTransactionSql() const;
    virtual QString commitSql() const { return QStringLiteral("COMMIT"); }
    virtual QString rollbackSql() const { return QStringLiteral("ROLLBACK"); }
    virtual QString savepointSql(const QString &name) const;
    virtual QString releaseSavepointSql(const QString &name) const;
    virtual QString rollbackToSavepointSql(const QString &name) const;
    // True where DDL silently commits an open transaction (MySQL/MariaDB).
    virtual bool ddlCommitsTransaction() const { return false; }
    // True where a failed statement aborts the whole transaction (PostgreSQL).
    virtual bool failedStatementAbortsTransaction() const { return false; }

    // Statement that sets the per-session statement timeout; empty if the dialect interrupts
    // statements some other way (SQLite).
    virtual QString statementTimeoutSql(int milliseconds) const;
    virtual QString pingSql() const { return QStringLiteral("SELECT 1"); }

    // Applies host, port, credentials and driver options before open().
    virtual void configureConnection(QSqlDatabase &db, const DatabaseConfig &config) const = 0;
    // Statements run once on every new connection (pragmas, time zone, ...).
    virtual QStringList sessionSetupStatements(const DatabaseConfig &config) const;
    virtual ErrorKind classifyError(const QSqlError &error) const = 0;
    // The driver's error text without the bound values some servers quote in it (PostgreSQL's
    // DETAIL lines, MySQL's "Duplicate entry '...'"). Used unless logParameterValues is set.
    virtual QString redactErrorText(const QString &text) const { return text; }

protected:
    // " ON CONFLICT (...) DO UPDATE SET c = <excluded>.c" as SQLite and PostgreSQL write it.
    static QString onConflictClause(const QStringList &quotedConflictColumns,
                                    const QStringList &quotedUpdateColumns, QStringView excluded);
    // Host, port (or defaultPort()), user, password and database name of a server database.
    void applyServerSettings(QSqlDatabase &db, const DatabaseConfig &config) const;
};

using DialectFactory = std::function<std::shared_ptr<const Dialect>()>;

// Maps dialect names ("postgres", "postgresql", ...) to dialects. Plugins add their own.
class REXORM_CORE_EXPORT DialectRegistry
{
public:
    // Registers a dialect under several names; a later registration of a name replaces it.
    static void registerDialect(const QStringList &names, DialectFactory factory);
    // Throws ConfigError listing the supported names when the name is unknown.
    static std::shared_ptr<const Dialect> dialect(const QString &name);
    static bool contains(const QString &name);
    static QStringList names();
};

} // namespace RexOrm
