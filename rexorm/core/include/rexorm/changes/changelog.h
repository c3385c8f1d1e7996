#pragma once

#include <rexorm/database/database.h>

#include <QtCore/QStringList>

namespace RexOrm {

// Triggers that record every committed row change of a table, whoever makes it (another process,
// psql, the CLI, another server): on PostgreSQL a trigger function that calls pg_notify, read by
// ChangeListener through LISTEN; on SQLite and MySQL/MariaDB a change-log table filled by
// triggers, polled by ChangeListener. Installing is idempotent and runs in one transaction.
namespace ChangeLog {

// Installs the triggers on these tables (empty: every table but RexOrm's own); returns the
// tables now covered. Throws on an unknown table or when a table has no primary key.
REXORM_CORE_EXPORT QStringList install(const Database &database, const QStringList &tables = {});
// Removes the triggers from these tables (empty: from all, and the change-log objects too).
REXORM_CORE_EXPORT void uninstall(const Database &database, const QStringList &tables = {});
// The tables whose triggers are installed now.
REXORM_CORE_EXPORT QStringList installedTables(const Database &database);

} // namespace ChangeLog
} // namespace RexOrm
