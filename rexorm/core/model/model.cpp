#include <rexorm/database/dialect.h>
#include <rexorm/error.h>
#include <rexorm/meta/decimal.h>
#include <rexorm/model/model.h>

#include <QtCore/QDateTime>
#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QMetaProperty>
#include <QtCore/QReadWriteLock>
#include <QtCore/QUuid>

#include <optional>

namespace RexOrm {

Model::Model(QObject *parent) : QObject(parent) {}

Model::~Model() = default;

namespace {

// std::optional<T> properties: unwrap to T or NULL, and wrap back.
struct OptionalOps
{
    QMetaType inner;
    QVariant (*unwrap)(const QVariant &);
    QVariant (*wrap)(const QVariant &);
};

template<typename T> std::pair<int, OptionalOps> optionalOps()
{
    return {QMetaType::fromType<std::optional<T>>().id(),
            OptionalOps{QMetaType::fromType<T>(),
                        [](const QVariant &v) {
                            const auto optional = v.value<std::optional<T>>();
                            return optional ? QVariant::fromValue(*optional) : QVariant();
                        },
                        [](const QVariant &v) {
                            if (v.isNull() || !v.isValid())
                                return QVariant::fromValue(std::optional<T>());
                            QVariant converted = v;
                            if (converted.metaType() != QMetaType::fromType<T>() &&
                                !converted.convert(QMetaType::fromType<T>()))
                                return QVariant();
                            return QVariant::fromValue(std::optional<T>(converted.value<T>()));
                        }}};
}

const QHash<int, OptionalOps> &optionals()
{
    static const QHash<int, OptionalOps> table = {
        optionalOps<bool>(),   optionalOps<int>(),        optionalOps<qint64>(),
        optionalOps<double>(), optionalOps<float>(),      optionalOps<short>(),
        optionalOps<uint>(),   optionalOps<QString>(),    optionalOps<QDateTime>(),
        optionalOps<QDate>(),  optionalOps<QTime>(),      optionalOps<Decimal>(),
        optionalOps<QUuid>(),  optionalOps<QByteArray>(),
    };
    return table;
}

// A record value (portable representation) as the property's type.
QVariant toProperty(const QVariant &value, QMetaType target, const ColumnInfo &column,
                    const QString &entity)
{
    if (const auto it = optionals().constFind(target.id()); it != optionals().constEnd())
        return it->wrap(value);
    if (target.id() == QMetaType::QVariant)
        return value;
    if (value.isNull() || !value.isValid())
        return QVariant(target); // NULL into a plain value type: its default
    if (value.metaType() == target)
        return value;
    // The common numeric narrowings, without QVariant::convert's generic machinery.
    if (value.metaType().id() == QMetaType::LongLong) {
        const qlonglong number = value.toLongLong();
        switch (target.id()) {
        case QMetaType::Int:
            return QVariant(int(number));
        case QMetaType::Bool:
            return QVariant(number != 0);
        case QMetaType::Double:
            return QVariant(double(number));
        default:
            break;
        }
    }
    switch (target.id()) {
    case QMetaType::QJsonObject:
        return value.metaType().id() == QMetaType::QJsonValue
                   ? QVariant(value.toJsonValue().toObject())
                   : value;
    case QMetaType::QJsonArray:
        return value.metaType().id() == QMetaType::QJsonValue
                   ? QVariant(value.toJsonValue().toArray())
                   : value;
    case QMetaType::QJsonDocument: {
        const QJsonValue json = value.toJsonValue();
        return QVariant(json.isArray() ? QJsonDocument(json.toArray())
                                       : QJsonDocument(json.toObject()));
    }
    case QMetaType::QVariantMap:
    case QMetaType::QVariantList:
    case QMetaType::QStringList:
        if (value.metaType().id() == QMetaType::QJsonValue) {
            QVariant converted = value.toJsonValue().toVariant();
            converted.convert(target);
            return converted;
        }
        break;
    default:
        break;
    }
    QVariant converted = value;
    if (!converted.convert(target))
        throw Error(QStringLiteral("%1.%2: a %3 value does not fit the property type %4")
                        .arg(entity, column.property, QString::fromLatin1(value.typeName()),
                             QString::fromLatin1(target.name())));
    return converted;
}

// A property's value in the record's portable representation.
QVariant fromProperty(const QVariant &value, const ColumnInfo &column)
{
    QVariant plain = value;
    if (const auto it = optionals().constFind(value.metaType().id()); it != optionals().constEnd())
        plain = it->unwrap(value);
    if (plain.isNull() || !plain.isValid())
        return QVariant();
    switch (plain.metaType().id()) {
    case QMetaType::QString:
        return column.nullable && plain.toString().isNull() ? QVariant() : plain;
    case QMetaType::QDateTime:
        return plain.toDateTime().isValid() ? QVariant(plain.toDateTime().toUTC()) : QVariant();
    case QMetaType::QDate:
        return plain.toDate().isValid() ? plain : QVariant();
    case QMetaType::QUuid:
        return plain.toUuid().isNull() && column.nullable ? QVariant() : plain;
    case QMetaType::QJsonObject:
        return QVariant::fromValue(QJsonValue(plain.toJsonObject()));
    case QMetaType::QJsonArray:
        return QVariant::fromValue(QJsonValue(plain.toJsonArray()));
    case QMetaType::QVariantMap:
    case QMetaType::QVariantList:
    case QMetaType::QStringList:
        return QVariant::fromValue(QJsonValue::fromVariant(plain));
    default:
        if (plain.metaType() == QMetaType::fromType<Decimal>() && plain.value<Decimal>().isNull())
            return QVariant();
        return plain;
    }
}

} // namespace

ModelHydrator::ModelHydrator(const EntityInfo &entity, const Dialect &dialect,
                             const QStringList &resultColumns)
    : m_entity(&entity), m_dialect(&dialect)
{
    if (!entity.metaObject)
        throw Error(QStringLiteral("%1 is not a compiled model").arg(entity.name));
    for (int c = 0; c < resultColumns.size(); ++c) {
        const ColumnInfo *column = entity.column(resultColumns[c]);
        if (!column)
            continue;
        const QMetaProperty property = entity.metaObject->property(column->propertyIndex);
        if (property.isWritable()) {
            const ColumnType type = column->type;
            const bool plain = type == ColumnType::String || type == ColumnType::Text ||
                               type == ColumnType::SmallInt || type == ColumnType::Integer ||
                               type == ColumnType::BigInt || type == ColumnType::Double ||
                               type == ColumnType::Real;
            m_targets.append({c, column, property, plain});
        }
    }
}

void ModelHydrator::write(void *object, const QVariantList &row) const
{
    for (const Target &target : m_targets) {
        const QVariant &raw = row[target.resultColumn];
        const QMetaType propertyType = target.property.metaType();
        // The driver's value already has the property's type and needs no portable conversion
        // (text, integers, doubles): write it as it is, without copies.
        const bool direct = target.plainType && raw.metaType() == propertyType && !raw.isNull();
        const QVariant converted =
            direct ? QVariant()
                   : toProperty(m_dialect->fromDatabaseValue(raw, target.column->type),
                                propertyType, *target.column, m_entity->name);
        const QVariant &value = direct ? raw : converted;
        const bool written = m_entity->isGadget
                                 ? target.property.writeOnGadget(object, value)
                                 : target.property.write(static_cast<QObject *>(object), value);
        if (!written)
            throw Error(QStringLiteral("%1.%2: the property refused a %3 value")
                            .arg(m_entity->name, target.column->property,
                                 QString::fromLatin1(value.typeName())));
    }
}

void writeProperties(void *object, const EntityInfo &entity, const Record &record)
{
    if (!entity.metaObject)
        throw Error(QStringLiteral("%1 is not a compiled model").arg(entity.name));
    const QMetaObject &meta = *entity.metaObject;
    for (const ColumnInfo &column : entity.columns) {
        const QMetaProperty property = meta.property(column.propertyIndex);
        if (!property.isWritable())
            continue;
        const QVariant value = toProperty(record.values().value(column.name), property.metaType(),
                                          column, entity.name);
        const bool written = entity.isGadget
                                 ? property.writeOnGadget(object, value)
                                 : property.write(static_cast<QObject *>(object), value);
        if (!written)
            throw Error(
                QStringLiteral("%1.%2: the property refused a %3 value")
                    .arg(entity.name, column.property, QString::fromLatin1(value.typeName())));
    }
}

Record readProperties(const void *object, const EntityInfo &entity)
{
    if (!entity.metaObject)
        throw Error(QStringLiteral("%1 is not a compiled model").arg(entity.name));
    const QMetaObject &meta = *entity.metaObject;
    Record record(entity);
    for (const ColumnInfo &column : entity.columns) {
        const QMetaProperty property = meta.property(column.propertyIndex);
        const QVariant value = entity.isGadget
                                   ? property.readOnGadget(object)
                                   : property.read(static_cast<const QObject *>(object));
        record.setValue(column.name, fromProperty(value, column));
    }
    return record;
}

} // namespace RexOrm
