#pragma once

#include <rexorm/graphql/liveapi.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>

namespace RexOrm::Admin {

// The GraphQL documents that read an entity's rows a window at a time and count them. The grid
// (RowsModel), export and the benchmarks ask alike; answers are data.rows and data.total.count.
QString rowsDocument(const GraphQL::EntityNames &names, const QStringList &fields);
QString countDocument(const GraphQL::EntityNames &names);
// Their variables; an empty where or orderBy is left out. limit < 0 leaves out the window.
QJsonObject rowsVariables(const QJsonObject &where, const QJsonArray &orderBy = {},
                          qint64 limit = -1, qint64 offset = 0);
// The field that names a row for people: the entity's first text column outside its key; empty
// when it has none. Foreign-key cells and the reference picker show it.
QString labelField(const EntityInfo &entity, const GraphQL::EntityNames &names);

// The messages of a response's errors, one a line; empty when it has none.
QString responseErrors(const QJsonObject &response);
// data.<field> of a response.
QJsonValue responseData(const QJsonObject &response, const QString &field);

} // namespace RexOrm::Admin
