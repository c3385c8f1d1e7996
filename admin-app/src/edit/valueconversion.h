#pragma once

#include <rexorm/meta/entityinfo.h>

#include <QtCore/QJsonValue>

#include <optional>

namespace RexOrm::Admin {

// What a user typed (text, or a value from an editor) as a value of the column's type; nothing,
// with *error saying what is expected, when it is not one. An empty text is NULL for a column
// that is not text.
std::optional<QVariant> toColumnValue(const ColumnInfo &column, const QVariant &input,
                                      QString *error);
// A value as the generated API sends it (BigInt and Decimal as strings, date-times in ISO 8601),
// as a value of the column's type.
QVariant fromApiValue(const ColumnInfo &column, const QJsonValue &value);
// How the grid and forms show a value ("" for NULL; callers style NULL themselves).
QString displayText(const QVariant &value);
QString displayText(const QJsonValue &value);
// Whether the grid may edit the column in place.
bool isEditable(const EntityInfo &entity, const ColumnInfo &column);

} // namespace RexOrm::Admin
