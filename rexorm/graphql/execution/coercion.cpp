#include "coercion_p.h"

#include <rexorm/meta/decimal.h>

#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QUuid>

#include <cmath>
#include <limits>

namespace RexOrm::GraphQL::Detail {

namespace {

const NamedType &namedOrThrow(const Schema &schema, const TypeRef &type)
{
    const NamedType *named = schema.namedType(type);
    if (!named)
        throw CoercionError(QStringLiteral("Unknown type \"%1\".").arg(type.toString()));
    return *named;
}

// A JSON value as graphql-js's inspect() shows it in messages.
QString inspect(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return printString(value.toString());
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Double: {
        const double d = value.toDouble();
        return d == std::floor(d) && std::abs(d) < 1e15 ? QString::number(qint64(d))
                                                        : QString::number(d, 'g', 17);
    }
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return QStringLiteral("null");
    }
}

QString inspect(const QVariant &value)
{
    return inspect(QJsonValue::fromVariant(value));
}

bool fitsInt32(double d)
{
    return d >= std::numeric_limits<qint32>::min() && d <= std::numeric_limits<qint32>::max();
}

// A variable value of a built-in scalar.
QVariant parseBuiltIn(const NamedType &type, const QJsonValue &value)
{
    const QString &name = type.name;
    if (name == u"Int") {
        if (!value.isDouble())
            throw CoercionError(
                QStringLiteral("Int cannot represent non-integer value: %1").arg(inspect(value)));
        const double d = value.toDouble();
        if (d != std::floor(d) || !std::isfinite(d))
            throw CoercionError(
                QStringLiteral("Int cannot represent non-integer value: %1").arg(inspect(value)));
        if (!fitsInt32(d))
            throw CoercionError(
                QStringLiteral("Int cannot represent non 32-bit signed integer value: %1")
                    .arg(inspect(value)));
        return int(d);
    }
    if (name == u"Float") {
        if (!value.isDouble() || !std::isfinite(value.toDouble()))
            throw CoercionError(
                QStringLiteral("Float cannot represent non numeric value: %1").arg(inspect(value)));
        return value.toDouble();
    }
    if (name == u"String") {
        if (!value.isString())
            throw CoercionError(QStringLiteral("String cannot represent a non string value: %1")
                                    .arg(inspect(value)));
        return value.toString();
    }
    if (name == u"Boolean") {
        if (!value.isBool())
            throw CoercionError(QStringLiteral("Boolean cannot represent a non boolean value: %1")
                                    .arg(inspect(value)));
        return value.toBool();
    }
    // ID
    if (value.isString())
        return value.toString();
    if (value.isDouble() && value.toDouble() == std::floor(value.toDouble()) &&
        std::abs(value.toDouble()) < 9007199254740992.0)
        return QString::number(qint64(value.toDouble()));
    throw CoercionError(QStringLiteral("ID cannot represent value: %1").arg(inspect(value)));
}

// Runs a custom scalar's coercion; its errors become coercion errors (a field or request error).
template<typename F> auto customScalar(const NamedType &type, F &&coerce) -> decltype(coerce())
{
    try {
        return coerce();
    } catch (const CoercionError &) {
        throw;
    } catch (const Error &e) {
        throw CoercionError(e.message());
    } catch (const std::exception &e) {
        throw CoercionError(QStringLiteral("%1: %2").arg(type.name, QString::fromUtf8(e.what())));
    }
}

QVariant coerceJson(const Schema &schema, const QJsonValue &value, const TypeRef &type,
                    const QString &path);

QVariant coerceJsonNamed(const Schema &schema, const QJsonValue &value, const NamedType &named,
                         const QString &path)
{
    switch (named.kind) {
    case TypeKind::Scalar:
        if (named.builtIn)
            return parseBuiltIn(named, value);
        if (named.coercion.parseValue)
            return customScalar(named, [&] { return named.coercion.parseValue(value); });
        return value.toVariant();
    case TypeKind::Enum: {
        if (!value.isString())
            throw CoercionError(QStringLiteral("Enum \"%1\" cannot represent non-string value: %2.")
                                    .arg(named.name, inspect(value)));
        const QString text = value.toString();
        if (!named.enumValue(text))
            throw CoercionError(QStringLiteral("Value \"%1\" does not exist in \"%2\" enum.")
                                    .arg(text, named.name));
        return text;
    }
    case TypeKind::InputObject: {
        if (!value.isObject())
            throw CoercionError(
                QStringLiteral("Expected type \"%1\" to be an object.").arg(named.name));
        const QJsonObject object = value.toObject();
        QVariantMap out;
        for (const InputValueDef &field : named.inputFields) {
            const auto it = object.constFind(field.name);
            const QString fieldPath = path + u'.' + field.name;
            if (it == object.constEnd()) {
                if (field.defaultValue)
                    out.insert(field.name,
                               coerceLiteral(schema, *field.defaultValue, *field.type, {}));
                else if (field.type->kind == TypeRef::NonNull)
                    throw CoercionError(
                        QStringLiteral("Field \"%1\" of required type \"%2\" was not provided.")
                            .arg(fieldPath.mid(fieldPath.indexOf(u'.') + 1),
                                 field.type->toString()));
                continue;
            }
            out.insert(field.name, coerceJson(schema, *it, *field.type, fieldPath));
        }
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            if (!named.inputField(it.key()))
                throw CoercionError(QStringLiteral("Field \"%1\" is not defined by type \"%2\".")
                                        .arg(it.key(), named.name));
        }
        return out;
    }
    default:
        throw CoercionError(QStringLiteral("Type \"%1\" is not an input type.").arg(named.name));
    }
}

QVariant coerceJson(const Schema &schema, const QJsonValue &value, const TypeRef &type,
                    const QString &path)
{
    if (type.kind == TypeRef::NonNull) {
        if (value.isNull() || value.isUndefined())
            throw CoercionError(QStringLiteral("Expected non-nullable type \"%1\" not to be null.")
                                    .arg(type.toString()));
        return coerceJson(schema, value, *type.ofType, path);
    }
    if (value.isNull() || value.isUndefined())
        return {};
    if (type.kind == TypeRef::List) {
        if (!value.isArray())
            return QVariantList{coerceJson(schema, value, *type.ofType, path)};
        QVariantList list;
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            list.append(coerceJson(schema, array.at(i), *type.ofType,
                                   path + u'[' + QString::number(i) + u']'));
        return list;
    }
    return coerceJsonNamed(schema, value, namedOrThrow(schema, type), path);
}

QVariant coerceLiteralNamed(const Schema &schema, const Value &literal, const NamedType &named,
                            const QVariantMap &variables)
{
    const auto invalid = [&] {
        return CoercionError(QStringLiteral("Expected value of type \"%1\", found %2.")
                                 .arg(named.name, printValue(literal)));
    };
    switch (named.kind) {
    case TypeKind::Scalar: {
        if (!named.builtIn) {
            // A literal with variables inside, or a scalar without parseLiteral, goes through
            // parseValue with the substituted plain value.
            const bool plain = literal.kind == Value::Variable || !literal.list.empty() ||
                               !literal.fields.empty() || !named.coercion.parseLiteral;
            return customScalar(named, [&] {
                if (!plain)
                    return named.coercion.parseLiteral(literal);
                const QVariant value = literalValue(literal, variables);
                return named.coercion.parseValue
                           ? named.coercion.parseValue(QJsonValue::fromVariant(value))
                           : value;
            });
        }
        const QString &name = named.name;
        if (name == u"Int") {
            bool ok = false;
            const qint64 n = literal.text.toLongLong(&ok);
            if (literal.kind != Value::Int || !ok || !fitsInt32(double(n)))
                throw invalid();
            return int(n);
        }
        if (name == u"Float") {
            if (literal.kind != Value::Int && literal.kind != Value::Float)
                throw invalid();
            const double d = literal.text.toDouble();
            if (!std::isfinite(d))
                throw invalid();
            return d;
        }
        if (name == u"String") {
            if (literal.kind != Value::String)
                throw invalid();
            return literal.text;
        }
        if (name == u"Boolean") {
            if (literal.kind != Value::Boolean)
                throw invalid();
            return literal.boolean;
        }
        if (literal.kind != Value::String && literal.kind != Value::Int)
            throw invalid();
        return literal.text;
    }
    case TypeKind::Enum:
        if (literal.kind != Value::Enum || !named.enumValue(literal.text))
            throw invalid();
        return literal.text;
    case TypeKind::InputObject: {
        if (literal.kind != Value::Object)
            throw invalid();
        QVariantMap out;
        for (const InputValueDef &field : named.inputFields) {
            const ObjectField *given = nullptr;
            for (const ObjectField &f : literal.fields) {
                if (f.name == field.name)
                    given = &f;
            }
            const bool absent = !given || (given->value.kind == Value::Variable &&
                                           !variables.contains(given->value.text));
            if (absent) {
                if (field.defaultValue)
                    out.insert(field.name,
                               coerceLiteral(schema, *field.defaultValue, *field.type, {}));
                else if (field.type->kind == TypeRef::NonNull)
                    throw CoercionError(
                        QStringLiteral("Field \"%1.%2\" of required type \"%3\" was not provided.")
                            .arg(named.name, field.name, field.type->toString()));
                continue;
            }
            out.insert(field.name, coerceLiteral(schema, given->value, *field.type, variables));
        }
        for (const ObjectField &f : literal.fields) {
            if (!named.inputField(f.name))
                throw CoercionError(QStringLiteral("Field \"%1\" is not defined by type \"%2\".")
                                        .arg(f.name, named.name));
        }
        return out;
    }
    default:
        throw CoercionError(QStringLiteral("Type \"%1\" is not an input type.").arg(named.name));
    }
}

} // namespace

bool isNullValue(const QVariant &value)
{
    if (value.isNull())
        return true;
    if (value.metaType() == QMetaType::fromType<QJsonValue>())
        return value.value<QJsonValue>().isNull() || value.value<QJsonValue>().isUndefined();
    if (value.metaType() == QMetaType::fromType<Decimal>())
        return value.value<Decimal>().isNull();
    return false;
}

QVariant coerceInputValue(const Schema &schema, const QJsonValue &value, const TypeRef &type)
{
    return coerceJson(schema, value, type, {});
}

QVariant coerceLiteral(const Schema &schema, const Value &literal, const TypeRef &type,
                       const QVariantMap &variables)
{
    if (literal.kind == Value::Variable) {
        // Validation guarantees the variable's type fits; an absent one is null here.
        const QVariant value = variables.value(literal.text);
        if (type.kind == TypeRef::NonNull && isNullValue(value))
            throw CoercionError(QStringLiteral("Expected non-nullable type \"%1\" not to be null.")
                                    .arg(type.toString()));
        return value;
    }
    if (type.kind == TypeRef::NonNull) {
        if (literal.kind == Value::Null)
            throw CoercionError(
                QStringLiteral("Expected value of non-null type \"%1\", found null.")
                    .arg(type.toString()));
        return coerceLiteral(schema, literal, *type.ofType, variables);
    }
    if (literal.kind == Value::Null)
        return {};
    if (type.kind == TypeRef::List) {
        if (literal.kind != Value::List)
            return QVariantList{coerceLiteral(schema, literal, *type.ofType, variables)};
        QVariantList list;
        for (const Value &item : literal.list)
            list.append(coerceLiteral(schema, item, *type.ofType, variables));
        return list;
    }
    return coerceLiteralNamed(schema, literal, namedOrThrow(schema, type), variables);
}

QVariantMap coerceArguments(const Schema &schema, const std::vector<InputValueDef> &definitions,
                            const std::vector<Argument> &arguments, const QVariantMap &variables)
{
    QVariantMap out;
    for (const InputValueDef &definition : definitions) {
        const Argument *given = nullptr;
        for (const Argument &a : arguments) {
            if (a.name == definition.name)
                given = &a;
        }
        const bool absent = !given || (given->value.kind == Value::Variable &&
                                       !variables.contains(given->value.text));
        if (absent) {
            if (definition.defaultValue)
                out.insert(definition.name,
                           coerceLiteral(schema, *definition.defaultValue, *definition.type, {}));
            else if (definition.type->kind == TypeRef::NonNull)
                throw CoercionError(
                    QStringLiteral("Argument \"%1\" of required type \"%2\" was not provided.")
                        .arg(definition.name, definition.type->toString()));
            continue;
        }
        try {
            out.insert(definition.name,
                       coerceLiteral(schema, given->value, *definition.type, variables));
        } catch (const CoercionError &e) {
            throw CoercionError(QStringLiteral("Argument \"%1\" has invalid value %2: %3")
                                    .arg(definition.name, printValue(given->value), e.message()));
        }
    }
    return out;
}

QCborValue serializeLeaf(const NamedType &type, const QVariant &value)
{
    if (type.kind == TypeKind::Enum) {
        const QString text = value.toString();
        if (!type.enumValue(text))
            throw CoercionError(QStringLiteral("Enum \"%1\" cannot represent value: %2")
                                    .arg(type.name, inspect(value)));
        return text;
    }
    if (!type.builtIn) {
        if (type.coercion.serialize)
            return customScalar(type, [&] { return type.coercion.serialize(value); });
        return toResponseValue(value);
    }
    const QString &name = type.name;
    const QMetaType meta = value.metaType();
    const bool isDecimal = meta == QMetaType::fromType<Decimal>();
    if (meta.id() == QMetaType::QUuid && (name == u"String" || name == u"ID"))
        return value.toUuid().toString(QUuid::WithoutBraces);
    if (name == u"String") {
        switch (meta.id()) {
        case QMetaType::QString:
            return value.toString();
        case QMetaType::Bool:
            return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        case QMetaType::QDateTime:
        case QMetaType::QDate:
        case QMetaType::QTime:
            return toResponseValue(value);
        default:
            break;
        }
        if (isDecimal)
            return value.value<Decimal>().toString();
        if (value.canConvert<double>() && meta.id() != QMetaType::QVariantList &&
            meta.id() != QMetaType::QVariantMap)
            return value.toString();
        throw CoercionError(
            QStringLiteral("String cannot represent value: %1").arg(inspect(value)));
    }
    if (name == u"Boolean") {
        if (meta.id() == QMetaType::Bool)
            return value.toBool();
        bool ok = false;
        const double d = value.toDouble(&ok);
        if (ok && meta.id() != QMetaType::QString)
            return d != 0;
        throw CoercionError(
            QStringLiteral("Boolean cannot represent a non boolean value: %1").arg(inspect(value)));
    }
    if (name == u"ID") {
        if (meta.id() == QMetaType::QString)
            return value.toString();
        bool ok = false;
        const qint64 n = value.toLongLong(&ok);
        if (ok && meta.id() != QMetaType::Double && meta.id() != QMetaType::Bool)
            return QString::number(n);
        throw CoercionError(QStringLiteral("ID cannot represent value: %1").arg(inspect(value)));
    }
    // Int and Float accept numbers, booleans and numeric strings, as graphql-js does.
    double number = 0;
    bool ok = false;
    if (meta.id() == QMetaType::Bool) {
        number = value.toBool() ? 1 : 0;
        ok = true;
    } else if (isDecimal) {
        number = value.value<Decimal>().toDouble();
        ok = true;
    } else if (meta.id() != QMetaType::QVariantList && meta.id() != QMetaType::QVariantMap) {
        number = value.toDouble(&ok);
    }
    if (name == u"Int") {
        if (!ok || number != std::floor(number) || !std::isfinite(number))
            throw CoercionError(
                QStringLiteral("Int cannot represent non-integer value: %1").arg(inspect(value)));
        if (!fitsInt32(number))
            throw CoercionError(
                QStringLiteral("Int cannot represent non 32-bit signed integer value: %1")
                    .arg(inspect(value)));
        return qint64(number);
    }
    if (!ok || !std::isfinite(number))
        throw CoercionError(
            QStringLiteral("Float cannot represent non numeric value: %1").arg(inspect(value)));
    return number;
}

} // namespace RexOrm::GraphQL::Detail
