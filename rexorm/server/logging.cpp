#include "logging_p.h"

namespace RexOrm {

Q_LOGGING_CATEGORY(lcServer, "rexorm.server", QtWarningMsg)

} // namespace RexOrm
