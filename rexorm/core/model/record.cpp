#include <rexorm/database/dialect.h>
#include <rexorm/database/queryresult.h>
#include <rexorm/error.h>
#include <rexorm/meta/decimal.h>
#include <rexorm/model/record.h>

#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QUuid>

namespace RexOrm {

namespace {

const ColumnInfo &columnOrFail(const EntityInfo *entity, QStringView column)
{
    if (!entity)
        throw Error(QStringLiteral("A record without an entity has no column \"%1\"")
                        .arg(column.toString()));
    if (const ColumnInfo *info = entity->column(column))
        return *info;
    throw Error(QStringLiteral("%1 has no column \"%2\" (columns: %3)")
                    .arg(entity->name, column.toString(),
                         entity->columnNames().join(QStringLiteral(", "))));
}

QVariant fromJson(const ColumnInfo &column, const QJsonValue &json)
{
    if (json.isNull() || json.isUndefined())
        return QVariant();
    switch (column.type) {
    case ColumnType::Decimal:
        return QVariant::fromValue(
            Decimal(json.isString() ? json.toString() : QString::number(json.toDouble(), 'g', 17)));
    case ColumnType::Binary:
        return QByteArray::fromBase64(json.toString().toLatin1());
    case ColumnType::Json:
        return QVariant::fromValue(json);
    case ColumnType::DateTime:
    case ColumnType::DateTimeTz:
        return QDateTime::fromString(json.toString(), Qt::ISODateWithMs).toUTC();
    case ColumnType::Date:
        return QDate::fromString(json.toString(), Qt::ISODate);
    case ColumnType::Time:
        return QTime::fromString(json.toString(), Qt::ISODateWithMs);
    case ColumnType::Uuid:
        return QUuid::fromString(json.toString());
    default:
        return json.toVariant();
    }
}

} // namespace

QJsonValue toJsonValue(const QVariant &value)
{
    if (value.isNull() || !value.isValid())
        return QJsonValue::Null;
    if (value.metaType() == QMetaType::fromType<Decimal>())
        return value.value<Decimal>().toString();
    switch (value.metaType().id()) {
    case QMetaType::QDateTime:
        return value.toDateTime().toUTC().toString(Qt::ISODateWithMs);
    case QMetaType::QDate:
        return value.toDate().toString(Qt::ISODate);
    case QMetaType::QTime:
        return value.toTime().toString(Qt::ISODateWithMs);
    case QMetaType::QByteArray:
        return QString::fromLatin1(value.toByteArray().toBase64());
    case QMetaType::QUuid:
        return value.toUuid().toString(QUuid::WithoutBraces);
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        // Beyond 2^53 a JSON number loses digits: such values travel as strings.
        if (qAbs(value.toLongLong()) > (Q_INT64_C(1) << 53))
            return value.toString();
        return double(value.toLongLong());
    default:
        return QJsonValue::fromVariant(value);
    }
}

Record::Record(const EntityInfo &entity) : Record(std::make_shared<const EntityInfo>(entity)) {}

Record::Record(std::shared_ptr<const EntityInfo> entity) : m_entity(std::move(entity))
{
    if (!m_entity)
        throw Error(QStringLiteral("A record needs an entity"));
    for (const ColumnInfo &column : m_entity->columns)
        m_values.insert(column.name, QVariant());
    m_original = m_values;
}

QVariant Record::value(QStringView column) const
{
    columnOrFail(m_entity.get(), column);
    return m_values.value(column.toString());
}

void Record::setValue(const QString &column, const QVariant &value)
{
    columnOrFail(m_entity.get(), column);
    m_values.insert(column, value);
}

void Record::setValues(const QVariantMap &values)
{
    for (auto it = values.begin(); it != values.end(); ++it)
        columnOrFail(m_entity.get(), it.key());
    for (auto it = values.begin(); it != values.end(); ++it)
        m_values.insert(it.key(), it.value());
}

QStringList Record::dirtyColumns() const
{
    QStringList dirty;
    if (!m_entity)
        return dirty;
    for (const ColumnInfo &column : m_entity->columns) {
        const QVariant now = m_values.value(column.name);
        const QVariant before = m_original.value(column.name);
        const bool same = now.isNull() == before.isNull() && (now.isNull() || now == before);
        if (!same)
            dirty << column.name;
    }
    return dirty;
}

QVariantMap Record::changedValues() const
{
    QVariantMap changed;
    for (const QString &column : dirtyColumns())
        changed.insert(column, m_values.value(column));
    return changed;
}

QVariantMap Record::primaryKey() const
{
    QVariantMap key;
    if (!m_entity)
        return key;
    for (const QString &column : m_entity->primaryKey)
        key.insert(column, m_new ? m_values.value(column) : m_original.value(column));
    return key;
}

QJsonObject Record::toJson() const
{
    QJsonObject json;
    if (!m_entity)
        return json;
    for (const ColumnInfo &column : m_entity->columns) {
        if (!column.hidden)
            json.insert(column.name, toJsonValue(m_values.value(column.name)));
    }
    return json;
}

Record Record::fromJson(const EntityInfo &entity, const QJsonObject &json)
{
    return fromJson(std::make_shared<const EntityInfo>(entity), json);
}

Record Record::fromJson(std::shared_ptr<const EntityInfo> entity, const QJsonObject &json)
{
    Record record(entity);
    for (auto it = json.begin(); it != json.end(); ++it) {
        const ColumnInfo &column = columnOrFail(entity.get(), it.key());
        record.m_values.insert(column.name, RexOrm::fromJson(column, it.value()));
    }
    return record;
}

Record Record::fromRow(std::shared_ptr<const EntityInfo> entity, const Dialect &dialect,
                       const QueryResult &result, qsizetype row)
{
    Record record(entity);
    for (int c = 0; c < result.columns.size(); ++c) {
        const ColumnInfo *column = entity->column(result.columns[c]);
        if (!column)
            continue; // extra selected expressions are not columns of the entity
        record.m_values.insert(column->name,
                               dialect.fromDatabaseValue(result.rows[row][c], column->type));
    }
    record.markSaved();
    return record;
}

QList<Record> Record::related(const QString &relation) const
{
    const auto it = m_related.constFind(relation);
    if (it == m_related.constEnd())
        throw Error(
            QStringLiteral("Relation \"%1\" of %2 was not loaded; name it in the query's relations")
                .arg(relation, m_entity ? m_entity->name : QStringLiteral("a record")));
    return it.value();
}

void Record::markSaved()
{
    m_original = m_values;
    m_new = false;
}

} // namespace RexOrm
