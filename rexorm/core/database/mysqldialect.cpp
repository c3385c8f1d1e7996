#include "dialects_p.h"

#include <rexorm/database/databaseconfig.h>
#include <rexorm/error.h>

#include <QtCore/QDateTime>
#include <QtCore/QRegularExpression>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>

namespace RexOrm {

namespace {

// URL option name -> QMYSQL connect option.
const QMap<QString, QString> &mysqlOptionMap()
{
    static const QMap<QString, QString> map = {
        {QStringLiteral("connect_timeout"), QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT")},
        {QStringLiteral("read_timeout"), QStringLiteral("MYSQL_OPT_READ_TIMEOUT")},
        {QStringLiteral("write_timeout"), QStringLiteral("MYSQL_OPT_WRITE_TIMEOUT")},
        {QStringLiteral("unix_socket"), QStringLiteral("UNIX_SOCKET")},
        {QStringLiteral("ssl_ca"), QStringLiteral("SSL_CA")},
        {QStringLiteral("ssl_cert"), QStringLiteral("SSL_CERT")},
        {QStringLiteral("ssl_key"), QStringLiteral("SSL_KEY")},
        {QStringLiteral("compress"), QStringLiteral("CLIENT_COMPRESS")},
    };
    return map;
}

} // namespace

SqlSyntax MysqlDialect::sqlSyntax() const
{
    SqlSyntax syntax;
    syntax.backslashEscapes = true;
    syntax.doubleQuotedStrings = true;
    syntax.hashComments = true;
    syntax.dashCommentNeedsSpace = true;
    return syntax;
}

QString MysqlDialect::redactErrorText(const QString &text) const
{
    // "Duplicate entry 'alice@example.org' for key ...", "Incorrect integer value: 'x' for ..."
    static const QRegularExpression quotedValue(
        QStringLiteral("(Duplicate entry |value: )'(?:[^'\\\\]|\\\\.|'')*'"));
    QString redacted = text;
    return redacted.replace(quotedValue, QStringLiteral("\\1'***'"));
}

QStringList MysqlDialect::supportedOptions() const
{
    return mysqlOptionMap().keys();
}

QString MysqlDialect::typeName(const TypeSpec &spec) const
{
    switch (spec.type) {
    case ColumnType::Boolean:
        return QStringLiteral("TINYINT(1)");
    case ColumnType::SmallInt:
        return QStringLiteral("SMALLINT");
    case ColumnType::Integer:
        return QStringLiteral("INT");
    case ColumnType::BigInt:
        return QStringLiteral("BIGINT");
    case ColumnType::Real:
        return QStringLiteral("FLOAT");
    case ColumnType::Double:
        return QStringLiteral("DOUBLE");
    case ColumnType::Decimal:
        return spec.precision > 0
                   ? QStringLiteral("DECIMAL(%1,%2)").arg(spec.precision).arg(spec.scale)
                   : QStringLiteral("DECIMAL(65,30)");
    case ColumnType::String:
        return QStringLiteral("VARCHAR(%1)").arg(spec.length > 0 ? spec.length : 255);
    case ColumnType::Text:
        return QStringLiteral("LONGTEXT");
    case ColumnType::Binary:
        return QStringLiteral("LONGBLOB");
    case ColumnType::Date:
        return QStringLiteral("DATE");
    case ColumnType::Time:
        return QStringLiteral("TIME(3)");
    case ColumnType::DateTime:
    case ColumnType::DateTimeTz: // stored as UTC: the session time zone is +00:00
        return QStringLiteral("DATETIME(3)");
    case ColumnType::Json:
        return QStringLiteral("JSON");
    case ColumnType::Uuid:
        return QStringLiteral("CHAR(36)");
    }
    return QStringLiteral("LONGTEXT");
}

QString MysqlDialect::autoIncrementPrimaryKey(const TypeSpec &spec) const
{
    return typeName(spec) + QStringLiteral(" AUTO_INCREMENT PRIMARY KEY");
}

QString MysqlDialect::upsertClause(const QStringList &conflict, const QStringList &update) const
{
    // MySQL infers the conflict target from the table's unique keys.
    Q_UNUSED(conflict);
    QStringList sets;
    for (const QString &column : update)
        sets << column + QStringLiteral(" = VALUES(") + column + u')';
    if (sets.isEmpty() && !conflict.isEmpty())
        sets << conflict.first() + QStringLiteral(" = ") + conflict.first();
    return QStringLiteral(" ON DUPLICATE KEY UPDATE ") + sets.join(QStringLiteral(", "));
}

QString MysqlDialect::limitClause(qint64 limit, qint64 offset) const
{
    if (limit < 0 && offset > 0) // MySQL has no LIMIT ALL: the documented idiom is the max value
        return QStringLiteral(" LIMIT 18446744073709551615 OFFSET %1").arg(offset);
    return Dialect::limitClause(limit, offset);
}

QString MysqlDialect::formatDateTime(const QDateTime &value) const
{
    // DATETIME takes no zone suffix; the session runs in UTC.
    return value.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QVariant MysqlDialect::toDatabaseValue(const QVariant &value) const
{
    if (value.metaType().id() == QMetaType::Bool)
        return value.toBool() ? 1 : 0;
    return Dialect::toDatabaseValue(value);
}

QString MysqlDialect::beginTransactionSql() const
{
    return QStringLiteral("START TRANSACTION");
}

QString MysqlDialect::statementTimeoutSql(int milliseconds) const
{
    return QStringLiteral("SET SESSION max_execution_time = %1").arg(milliseconds);
}

QString MariadbDialect::statementTimeoutSql(int milliseconds) const
{
    return QStringLiteral("SET SESSION max_statement_time = %1")
        .arg(milliseconds / 1000.0, 0, 'f', 3);
}

void MysqlDialect::configureConnection(QSqlDatabase &db, const DatabaseConfig &config) const
{
    applyServerSettings(db, config);
    // Rows matched, not rows changed: an UPDATE that sets the same values still found its row,
    // as on PostgreSQL and SQLite.
    QStringList options = {QStringLiteral("CLIENT_FOUND_ROWS")};
    if (!config.options.contains(QStringLiteral("connect_timeout")))
        options << QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=10");
    for (auto it = config.options.begin(); it != config.options.end(); ++it) {
        const QString qtName = mysqlOptionMap().value(it.key());
        if (qtName == u"CLIENT_COMPRESS")
            options << (it.value() == u"0" || it.value() == u"false" ? QString() : qtName);
        else
            options << qtName + u'=' + it.value();
    }
    options.removeAll(QString());
    db.setConnectOptions(options.join(u';'));
}

QStringList MysqlDialect::sessionSetupStatements(const DatabaseConfig &) const
{
    return {QStringLiteral("SET time_zone = '+00:00'")};
}

ErrorKind MysqlDialect::classifyError(const QSqlError &error) const
{
    const int code = error.nativeErrorCode().toInt();
    switch (code) {
    case 1969: // ER_STATEMENT_TIMEOUT (MariaDB max_statement_time)
    case 3024: // ER_QUERY_TIMEOUT (MySQL max_execution_time)
        return ErrorKind::Timeout;
    case 1053: // ER_SERVER_SHUTDOWN
    case 1927: // ER_CONNECTION_KILLED
    case 2006: // CR_SERVER_GONE_ERROR
    case 2013: // CR_SERVER_LOST
    case 2055: // CR_SERVER_LOST_EXTENDED
    case 4031: // disconnected by the server for inactivity
        return ErrorKind::ConnectionLost;
    case 1213: // ER_LOCK_DEADLOCK: InnoDB rolled the whole transaction back
        return ErrorKind::TransactionLost;
    case 1615: // ER_NEED_REPREPARE
    case 2057: // CR_NEW_STMT_METADATA: the result columns changed since prepare
        return ErrorKind::StalePlan;
    default:
        return ErrorKind::Statement;
    }
}

} // namespace RexOrm
