#include "logging_p.h"

namespace RexOrm {

Q_LOGGING_CATEGORY(lcSql, "rexorm.sql", QtWarningMsg)
Q_LOGGING_CATEGORY(lcPool, "rexorm.pool", QtWarningMsg)
Q_LOGGING_CATEGORY(lcTx, "rexorm.tx", QtWarningMsg)
Q_LOGGING_CATEGORY(lcMigrate, "rexorm.migrate", QtWarningMsg)
Q_LOGGING_CATEGORY(lcRealtime, "rexorm.realtime", QtWarningMsg)
Q_LOGGING_CATEGORY(lcPlugins, "rexorm.plugins", QtWarningMsg)

} // namespace RexOrm
