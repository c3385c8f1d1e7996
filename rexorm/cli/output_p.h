#pragma once

#include <rexorm/meta/entityinfo.h>

#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QVariant>

namespace RexOrm::Cli {

// A database value for a text table: NULL shown as NULL, binary as its size.
QString displayText(const QVariant &value);
// An entity as db:inspect prints it with --json.
QJsonObject entityJson(const EntityInfo &entity);

} // namespace RexOrm::Cli
