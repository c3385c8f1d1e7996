#include "logging_p.h"

namespace RexOrm {

Q_LOGGING_CATEGORY(lcServer, "rexorm.server", QtWarningMsg)
Q_LOGGING_CATEGORY(lcAccess, "rexorm.server.access", QtInfoMsg)

} // namespace RexOrm
