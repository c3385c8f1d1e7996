#pragma once

#include <QtCore/QLoggingCategory>

namespace RexOrm {

// rexorm.server: listening, connections, requests (method, path, status, time), failures. Never
// bodies, query strings or header values: they carry variables and credentials.
Q_DECLARE_LOGGING_CATEGORY(lcServer)
// rexorm.server.access: the access log (ServerOptions::accessLog), one info line per request.
Q_DECLARE_LOGGING_CATEGORY(lcAccess)

} // namespace RexOrm
