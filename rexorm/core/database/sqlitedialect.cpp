#include "dialects_p.h"

#include <rexorm/database/databaseconfig.h>
#include <rexorm/error.h>

#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>

namespace RexOrm {

namespace {

const QStringList &journalModes()
{
    static const QStringList modes = {QStringLiteral("wal"),      QStringLiteral("delete"),
                                      QStringLiteral("truncate"), QStringLiteral("persist"),
                                      QStringLiteral("memory"),   QStringLiteral("off")};
    return modes;
}

const QStringList &synchronousModes()
{
    static const QStringList modes = {QStringLiteral("off"), QStringLiteral("normal"),
                                      QStringLiteral("full"), QStringLiteral("extra")};
    return modes;
}

} // namespace

QStringList SqliteDialect::supportedOptions() const
{
    return {QStringLiteral("busy_timeout"), QStringLiteral("journal_mode"),
            QStringLiteral("synchronous"), QStringLiteral("foreign_keys")};
}

void SqliteDialect::validateOptions(const DatabaseConfig &config) const
{
    const auto oneOf = [&](const char *key, const QStringList &allowed) {
        const QString value = config.options.value(QLatin1String(key)).toLower();
        if (config.options.contains(QLatin1String(key)) && !allowed.contains(value))
            throw ConfigError(QStringLiteral("SQLite option %1 must be one of %2")
                                  .arg(QLatin1String(key), allowed.join(QStringLiteral(", "))));
    };
    oneOf("journal_mode", journalModes());
    oneOf("synchronous", synchronousModes());
    oneOf("foreign_keys", {QStringLiteral("on"), QStringLiteral("off")});
    if (config.options.contains(QStringLiteral("busy_timeout"))) {
        bool ok = false;
        const int ms = config.options.value(QStringLiteral("busy_timeout")).toInt(&ok);
        if (!ok || ms < 0)
            throw ConfigError(
                QStringLiteral("SQLite option busy_timeout must be a number of milliseconds"));
    }
}

QString SqliteDialect::typeName(const TypeSpec &spec) const
{
    // Declared types chosen for SQLite's affinity rules: JSON and UUID keep TEXT affinity.
    switch (spec.type) {
    case ColumnType::Boolean:
        return QStringLiteral("BOOLEAN");
    case ColumnType::SmallInt:
    case ColumnType::Integer:
    case ColumnType::BigInt:
        return QStringLiteral("INTEGER");
    case ColumnType::Real:
    case ColumnType::Double:
        return QStringLiteral("REAL");
    case ColumnType::Decimal:
        return spec.precision > 0
                   ? QStringLiteral("NUMERIC(%1,%2)").arg(spec.precision).arg(spec.scale)
                   : QStringLiteral("NUMERIC");
    case ColumnType::String:
        return spec.length > 0 ? QStringLiteral("VARCHAR(%1)").arg(spec.length)
                               : QStringLiteral("TEXT");
    case ColumnType::Text:
    case ColumnType::Json:
        return QStringLiteral("TEXT");
    case ColumnType::Uuid:
        return QStringLiteral("CHAR(36)");
    case ColumnType::Binary:
        return QStringLiteral("BLOB");
    case ColumnType::Date:
        return QStringLiteral("DATE");
    case ColumnType::Time:
        return QStringLiteral("TIME");
    case ColumnType::DateTime:
    case ColumnType::DateTimeTz:
        return QStringLiteral("DATETIME");
    }
    return QStringLiteral("TEXT");
}

QString SqliteDialect::autoIncrementPrimaryKey(const TypeSpec &) const
{
    // Only the exact "INTEGER PRIMARY KEY" aliases the rowid.
    return QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT");
}

QString SqliteDialect::upsertClause(const QStringList &conflict, const QStringList &update) const
{
    return onConflictClause(conflict, update, u"excluded");
}

QString SqliteDialect::limitClause(qint64 limit, qint64 offset) const
{
    if (limit < 0 && offset > 0)
        return QStringLiteral(" LIMIT -1 OFFSET %1").arg(offset);
    return Dialect::limitClause(limit, offset);
}

QString SqliteDialect::booleanLiteral(bool value) const
{
    return value ? QStringLiteral("1") : QStringLiteral("0");
}

QVariant SqliteDialect::toDatabaseValue(const QVariant &value) const
{
    if (value.metaType().id() == QMetaType::Bool)
        return value.toBool() ? 1 : 0;
    return Dialect::toDatabaseValue(value);
}

QString SqliteDialect::beginTransactionSql() const
{
    // Take the write lock up front: a deferred transaction that later writes can fail with
    // SQLITE_BUSY without waiting on the busy timeout.
    return QStringLiteral("BEGIN IMMEDIATE");
}

void SqliteDialect::configureConnection(QSqlDatabase &db, const DatabaseConfig &config) const
{
    db.setDatabaseName(config.databasePath);
    QStringList options;
    options << QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1")
                   .arg(config.options.value(QStringLiteral("busy_timeout"),
                                             QStringLiteral("5000")));
    if (config.databasePath.startsWith(u"file:"))
        options << QStringLiteral("QSQLITE_OPEN_URI");
    db.setConnectOptions(options.join(u';'));
}

QStringList SqliteDialect::sessionSetupStatements(const DatabaseConfig &config) const
{
    const QString foreignKeys =
        config.options.value(QStringLiteral("foreign_keys"), QStringLiteral("on"));
    QStringList statements = {
        QStringLiteral("PRAGMA foreign_keys = %1").arg(foreignKeys.toUpper())};
    const bool file = !config.databasePath.startsWith(u"file:") && !config.isInMemory();
    if (file) {
        const QString journal =
            config.options.value(QStringLiteral("journal_mode"), QStringLiteral("wal"));
        statements << QStringLiteral("PRAGMA journal_mode = %1").arg(journal.toUpper());
        statements << QStringLiteral("PRAGMA synchronous = %1")
                          .arg(config.options
                                   .value(QStringLiteral("synchronous"), QStringLiteral("normal"))
                                   .toUpper());
    }
    return statements;
}

ErrorKind SqliteDialect::classifyError(const QSqlError &error) const
{
    if (error.nativeErrorCode() == u"9") // SQLITE_INTERRUPT, raised by the statement deadline
        return ErrorKind::Timeout;
    return ErrorKind::Statement;
}

} // namespace RexOrm
