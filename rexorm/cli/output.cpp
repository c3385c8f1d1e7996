#include "output_p.h"

#include <rexorm/model/record.h>

#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>

namespace RexOrm::Cli {

QString displayText(const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return QStringLiteral("NULL");
    if (value.metaType().id() == QMetaType::QByteArray)
        return QStringLiteral("<%1 bytes>").arg(value.toByteArray().size());
    const QJsonValue json = toJsonValue(value);
    return json.isString() ? json.toString() : value.toString();
}

QJsonObject entityJson(const EntityInfo &entity)
{
    QJsonArray columns;
    for (const ColumnInfo &column : entity.columns) {
        QJsonObject c{{QStringLiteral("name"), column.name},
                      {QStringLiteral("type"), columnTypeName(column.type)},
                      {QStringLiteral("databaseType"), column.databaseType},
                      {QStringLiteral("nullable"), column.nullable},
                      {QStringLiteral("primaryKey"), column.primaryKey},
                      {QStringLiteral("autoIncrement"), column.autoIncrement},
                      {QStringLiteral("unique"), column.unique}};
        if (column.length > 0)
            c.insert(QStringLiteral("length"), column.length);
        if (column.precision > 0) {
            c.insert(QStringLiteral("precision"), column.precision);
            c.insert(QStringLiteral("scale"), column.scale);
        }
        if (!column.defaultExpression.isEmpty())
            c.insert(QStringLiteral("default"), column.defaultExpression);
        else if (column.defaultValue.isValid())
            c.insert(QStringLiteral("default"), toJsonValue(column.defaultValue));
        columns << c;
    }
    QJsonArray indexes;
    for (const IndexInfo &index : entity.indexes)
        indexes << QJsonObject{
            {QStringLiteral("name"), index.name},
            {QStringLiteral("columns"), QJsonArray::fromStringList(index.columns)},
            {QStringLiteral("unique"), index.unique}};
    QJsonArray keys;
    for (const ForeignKeyInfo &key : entity.foreignKeys)
        keys << QJsonObject{{QStringLiteral("name"), key.name},
                            {QStringLiteral("columns"), QJsonArray::fromStringList(key.columns)},
                            {QStringLiteral("references"), key.referencedTable},
                            {QStringLiteral("referencedColumns"),
                             QJsonArray::fromStringList(key.referencedColumns)},
                            {QStringLiteral("onDelete"),
                             key.onDelete.isEmpty() ? QStringLiteral("NO ACTION") : key.onDelete},
                            {QStringLiteral("onUpdate"),
                             key.onUpdate.isEmpty() ? QStringLiteral("NO ACTION") : key.onUpdate}};
    QJsonArray relations;
    for (const RelationInfo &relation : entity.relations) {
        QJsonObject r{{QStringLiteral("name"), relation.name},
                      {QStringLiteral("kind"), RelationInfo::kindName(relation.kind)},
                      {QStringLiteral("target"), relation.target},
                      {QStringLiteral("foreignKey"), relation.foreignKey},
                      {QStringLiteral("localKey"), relation.localKey}};
        if (relation.kind == RelationInfo::BelongsToMany) {
            r.insert(QStringLiteral("through"), relation.pivotTable);
            r.insert(QStringLiteral("pivotForeignKey"), relation.pivotForeignKey);
            r.insert(QStringLiteral("pivotRelatedKey"), relation.pivotRelatedKey);
        }
        relations << r;
    }
    return QJsonObject{
        {QStringLiteral("name"), entity.name},
        {QStringLiteral("table"), entity.qualifiedTable()},
        {QStringLiteral("view"), entity.readOnly},
        {QStringLiteral("primaryKey"), QJsonArray::fromStringList(entity.primaryKey)},
        {QStringLiteral("columns"), columns},
        {QStringLiteral("indexes"), indexes},
        {QStringLiteral("foreignKeys"), keys},
        {QStringLiteral("relations"), relations}};
}

} // namespace RexOrm::Cli
