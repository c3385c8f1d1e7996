#include "rowqueries.h"

#include <QtCore/QCoreApplication>

namespace RexOrm::Admin {

QString rowsDocument(const GraphQL::EntityNames &names, const QStringList &fields)
{
    return QStringLiteral("query Rows($where: %1Where, $orderBy: [%1OrderBy!], $limit: Int, "
                          "$offset: Int) { rows: %2(where: $where, orderBy: $orderBy, limit: "
                          "$limit, offset: $offset) { %3 } }")
        .arg(names.typeName, names.listField, fields.join(u' '));
}

QString countDocument(const GraphQL::EntityNames &names)
{
    return QStringLiteral("query Count($where: %1Where) { total: %2(where: $where) { count } }")
        .arg(names.typeName, names.aggregateField);
}

QJsonObject rowsVariables(const QJsonObject &where, const QJsonArray &orderBy, qint64 limit,
                          qint64 offset)
{
    QJsonObject variables;
    if (!where.isEmpty())
        variables.insert(QStringLiteral("where"), where);
    if (!orderBy.isEmpty())
        variables.insert(QStringLiteral("orderBy"), orderBy);
    if (limit >= 0) {
        variables.insert(QStringLiteral("limit"), limit);
        variables.insert(QStringLiteral("offset"), offset);
    }
    return variables;
}

QString labelField(const EntityInfo &entity, const GraphQL::EntityNames &names)
{
    for (const auto &[column, field] : names.fields) {
        const ColumnInfo *info = entity.column(column);
        if (info && !info->primaryKey &&
            (info->type == ColumnType::String || info->type == ColumnType::Text))
            return field;
    }
    return {};
}

QString responseErrors(const QJsonObject &response)
{
    QStringList messages;
    for (const QJsonValue &error : response.value(QLatin1String("errors")).toArray())
        messages << error.toObject().value(QLatin1String("message")).toString();
    messages.removeAll(QString());
    if (messages.isEmpty() && response.contains(QLatin1String("errors")))
        messages << QCoreApplication::translate("RexOrm::Admin::Session", "The request failed.");
    return messages.join(u'\n');
}

QJsonValue responseData(const QJsonObject &response, const QString &field)
{
    return response.value(QLatin1String("data")).toObject().value(field);
}

} // namespace RexOrm::Admin
