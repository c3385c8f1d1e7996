#pragma once

#include <QtCore/QLoggingCategory>

namespace RexOrm {

Q_DECLARE_LOGGING_CATEGORY(lcSql)      // rexorm.sql: statements, parameter types, durations
Q_DECLARE_LOGGING_CATEGORY(lcPool)     // rexorm.pool: connections opened, evicted, replaced
Q_DECLARE_LOGGING_CATEGORY(lcTx)       // rexorm.tx: begin, commit, rollback, savepoints
Q_DECLARE_LOGGING_CATEGORY(lcMigrate)  // rexorm.migrate: DDL run by Schema and the Migrator
Q_DECLARE_LOGGING_CATEGORY(lcRealtime) // rexorm.realtime: change capture and delivery
Q_DECLARE_LOGGING_CATEGORY(lcPlugins)  // rexorm.plugins: plugins found, refused, started, stopped

} // namespace RexOrm
