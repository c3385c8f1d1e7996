#pragma once

#include <rexorm/meta/entityinfo.h>

#include <QtCore/QJsonObject>

#include <optional>

namespace RexOrm::Admin {

// The GraphQL `where` condition of one column from what a user typed in its filter box:
//   a filter of the GraphQL API:  ilike: "%rock%"   {gt: 100, lte: 500}   isNull: true
//                                 (it starts with "{" or one of the API's operators and ":")
//   or a plain value:             rock  (text: contains, ignoring case)   42  (others: equals)
//   null                          (is null)
// Empty text is no condition ({}). Malformed input gives nothing, with *error saying why; the
// API itself then checks the operators and value types when the grid reads.
std::optional<QJsonObject> parseColumnFilter(const ColumnInfo &column, const QString &text,
                                             QString *error);

} // namespace RexOrm::Admin
