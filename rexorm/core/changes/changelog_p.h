#pragma once

#include "../database/logging_p.h" // lcRealtime

// Shared by ChangeLog (installs the triggers) and ChangeListener (reads what they record).

#include <rexorm/database/dialect.h>
#include <rexorm/meta/entityinfo.h>

#include <QtCore/QJsonObject>
#include <QtCore/QVariantMap>

namespace RexOrm {

namespace ChangeLogPrivate {

enum class Engine { Sqlite, Postgres, Mysql };
Engine engineOf(const Dialect &dialect);

// PostgreSQL: the NOTIFY channel, the trigger function and the trigger on every table.
inline QString notifyChannel()
{
    return QStringLiteral("rexorm_changes");
}
inline QString notifyFunction()
{
    return QStringLiteral("rex_notify_change");
}
inline QString notifyTrigger()
{
    return QStringLiteral("rex_notify_change");
}
// NOTIFY refuses payloads of 8000 bytes and more.
inline constexpr int notifyPayloadLimit = 8000;
// SQLite and MySQL/MariaDB: the change-log table and the prefix of its triggers.
inline QString changeTable()
{
    return QStringLiteral("rex_changes");
}
inline QString triggerPrefix()
{
    return QStringLiteral("rex_chg_");
}

// RexOrm's own tables (migrations, the change log) never get triggers.
bool isOwnTable(const QString &table);

// A text value of a trigger's row (a JSON string, or null) converted to what a QSqlQuery read
// through RexOrm gives for the column: qlonglong, double, Decimal, QDateTime in UTC, ...
QVariant typedValue(const QJsonValue &text, const ColumnInfo *column, const Dialect &dialect);
// Every value of a row: columns the metadata does not know stay text.
QVariantMap typedRow(const QJsonObject &row, const EntityInfo *entity, const Dialect &dialect);

} // namespace ChangeLogPrivate
} // namespace RexOrm
