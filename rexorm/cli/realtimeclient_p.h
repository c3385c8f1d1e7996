#pragma once

#include <rexorm/cli/command.h>

#include <QtCore/QJsonObject>

namespace RexOrm::Cli {

// Prints the changes of entity that a running server's /realtime feed sends (filtered by where,
// authenticated with token when it is not empty) until SIGINT/SIGTERM or the server closes.
int subscribeThroughServer(Context &context, const QString &entity, const QString &server,
                           const QJsonObject &where, const QString &token);

} // namespace RexOrm::Cli
