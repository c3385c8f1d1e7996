#pragma once

#include <rexorm/database/dialect.h>

namespace RexOrm {

class SqliteDialect final : public Dialect
{
public:
    QString name() const override { return QStringLiteral("sqlite"); }
    QString displayName() const override { return QStringLiteral("SQLite"); }
    QString qtDriverName() const override { return QStringLiteral("QSQLITE"); }
    bool usesFilePath() const override { return true; }
    QStringList supportedOptions() const override;
    void validateOptions(const DatabaseConfig &config) const override;
    QString typeName(const TypeSpec &spec) const override;
    QString autoIncrementPrimaryKey(const TypeSpec &spec) const override;
    bool supportsReturning() const override { return true; }
    int maxBindParameters() const override { return 32766; } // SQLITE_MAX_VARIABLE_NUMBER
    // In-process: short statements re-run from the prepared cache are fastest (measured).
    int insertRowsPerStatement() const override { return 50; }
    bool insertIdIsFirstRow() const override { return false; }
    QString upsertClause(const QStringList &conflict, const QStringList &update) const override;
    QString limitClause(qint64 limit, qint64 offset) const override;
    QString booleanLiteral(bool value) const override;
    QVariant toDatabaseValue(const QVariant &value) const override;
    QString beginTransactionSql() const override;
    void configureConnection(QSqlDatabase &db, const DatabaseConfig &config) const override;
    QStringList sessionSetupStatements(const DatabaseConfig &config) const override;
    ErrorKind classifyError(const QSqlError &error) const override;
};

class PostgresDialect final : public Dialect
{
public:
    QString name() const override { return QStringLiteral("postgres"); }
    QString displayName() const override { return QStringLiteral("PostgreSQL"); }
    QString qtDriverName() const override { return QStringLiteral("QPSQL"); }
    int defaultPort() const override { return 5432; }
    QStringList supportedOptions() const override;
    QString typeName(const TypeSpec &spec) const override;
    QString autoIncrementPrimaryKey(const TypeSpec &spec) const override;
    bool supportsReturning() const override { return true; }
    bool failedStatementAbortsTransaction() const override { return true; }
    QString placeholder(int index) const override;
    // Arrays arrive as "{a,b,NULL}" text: a Json column (see SchemaInspector) reads them as JSON
    // arrays.
    QVariant fromDatabaseValue(const QVariant &value, ColumnType type) const override;
    SqlSyntax sqlSyntax() const override;
    QString redactErrorText(const QString &text) const override;
    QString upsertClause(const QStringList &conflict, const QStringList &update) const override;
    QString statementTimeoutSql(int milliseconds) const override;
    void configureConnection(QSqlDatabase &db, const DatabaseConfig &config) const override;
    QStringList sessionSetupStatements(const DatabaseConfig &config) const override;
    ErrorKind classifyError(const QSqlError &error) const override;
};

class MysqlDialect : public Dialect
{
public:
    QString name() const override { return QStringLiteral("mysql"); }
    QString displayName() const override { return QStringLiteral("MySQL"); }
    QString qtDriverName() const override { return QStringLiteral("QMYSQL"); }
    int defaultPort() const override { return 3306; }
    QStringList supportedOptions() const override;
    SqlSyntax sqlSyntax() const override;
    QString redactErrorText(const QString &text) const override;
    QChar identifierQuote() const override { return u'`'; }
    QString typeName(const TypeSpec &spec) const override;
    QString autoIncrementPrimaryKey(const TypeSpec &spec) const override;
    bool supportsReturning() const override { return false; }
    QString upsertClause(const QStringList &conflict, const QStringList &update) const override;
    QString limitClause(qint64 limit, qint64 offset) const override;
    bool supportsNullsOrdering() const override { return false; }
    QString formatDateTime(const QDateTime &value) const override;
    QVariant toDatabaseValue(const QVariant &value) const override;
    QString beginTransactionSql() const override;
    bool ddlCommitsTransaction() const override { return true; }
    QString statementTimeoutSql(int milliseconds) const override;
    void configureConnection(QSqlDatabase &db, const DatabaseConfig &config) const override;
    QStringList sessionSetupStatements(const DatabaseConfig &config) const override;
    ErrorKind classifyError(const QSqlError &error) const override;
};

// MariaDB: MySQL's dialect with max_statement_time. MariaDB knows INSERT ... RETURNING, but
// QMYSQL's prepared-statement path in Qt 6.4 drops the returned rows, so keys come from
// the driver's last insert id, as on MySQL.
class MariadbDialect final : public MysqlDialect
{
public:
    QString name() const override { return QStringLiteral("mariadb"); }
    QString displayName() const override { return QStringLiteral("MariaDB"); }
    QString statementTimeoutSql(int milliseconds) const override;
};

} // namespace RexOrm
