#include "executor_p.h"

#include <QtCore/QVariantList>

// The introspection system (specification section 4): __schema, __type and the fields of the
// introspection types, read from the Schema.
namespace RexOrm::GraphQL {

namespace {

// What an introspection object stands for; pointers into the Schema, which outlives execution.
struct IntrospectionRef
{
    enum Kind { SchemaItem, TypeItem, FieldItem, InputValueItem, EnumValueItem, DirectiveItem };
    Kind kind = SchemaItem;
    const void *item = nullptr;             // the schema part of that kind
    std::shared_ptr<const TypeRef> wrapper; // TypeItem: a list or non-null wrapper
};

} // namespace
} // namespace RexOrm::GraphQL

Q_DECLARE_METATYPE(RexOrm::GraphQL::IntrospectionRef)

namespace RexOrm::GraphQL {

namespace {

QVariant ref(IntrospectionRef::Kind kind, const void *item)
{
    IntrospectionRef r;
    r.kind = kind;
    r.item = item;
    return QVariant::fromValue(r);
}

QVariant typeRefValue(const Schema &schema, const std::shared_ptr<const TypeRef> &type)
{
    if (!type)
        return {};
    if (type->kind == TypeRef::Named) {
        const NamedType *named = schema.type(type->name);
        return named ? ref(IntrospectionRef::TypeItem, named) : QVariant();
    }
    IntrospectionRef r;
    r.kind = IntrospectionRef::TypeItem;
    r.wrapper = type;
    return QVariant::fromValue(r);
}

QString kindName(TypeKind kind)
{
    switch (kind) {
    case TypeKind::Scalar:
        return QStringLiteral("SCALAR");
    case TypeKind::Object:
        return QStringLiteral("OBJECT");
    case TypeKind::Interface:
        return QStringLiteral("INTERFACE");
    case TypeKind::Union:
        return QStringLiteral("UNION");
    case TypeKind::Enum:
        return QStringLiteral("ENUM");
    case TypeKind::InputObject:
        return QStringLiteral("INPUT_OBJECT");
    }
    return {};
}

QVariant inputValues(const std::vector<InputValueDef> &values, const QVariantMap &args)
{
    const bool includeDeprecated = args.value(QStringLiteral("includeDeprecated")).toBool();
    QVariantList out;
    for (const InputValueDef &v : values) {
        if (!v.deprecated || includeDeprecated)
            out.append(ref(IntrospectionRef::InputValueItem, &v));
    }
    return out;
}

QVariant typeList(const Schema &schema, const std::vector<QString> &names)
{
    QVariantList out;
    for (const QString &name : names) {
        if (const NamedType *t = schema.type(name))
            out.append(ref(IntrospectionRef::TypeItem, t));
    }
    return out;
}

QVariant typeField(const Schema &schema, const IntrospectionRef &r, const QString &field,
                   const QVariantMap &args)
{
    if (r.wrapper) {
        if (field == u"kind")
            return r.wrapper->kind == TypeRef::List ? QStringLiteral("LIST")
                                                    : QStringLiteral("NON_NULL");
        if (field == u"ofType")
            return typeRefValue(schema, r.wrapper->ofType);
        return {};
    }
    const auto &type = *static_cast<const NamedType *>(r.item);
    if (field == u"kind")
        return kindName(type.kind);
    if (field == u"name")
        return type.name;
    if (field == u"description")
        return type.description.isEmpty() ? QVariant() : QVariant(type.description);
    if (field == u"specifiedByURL")
        return type.specifiedByUrl.isEmpty() ? QVariant() : QVariant(type.specifiedByUrl);
    const bool includeDeprecated = args.value(QStringLiteral("includeDeprecated")).toBool();
    if (field == u"fields") {
        if (type.kind != TypeKind::Object && type.kind != TypeKind::Interface)
            return {};
        QVariantList out;
        for (const FieldDef &f : type.fields) {
            if ((!f.deprecated || includeDeprecated) && !f.name.startsWith(u"__"))
                out.append(ref(IntrospectionRef::FieldItem, &f));
        }
        return out;
    }
    if (field == u"interfaces") {
        if (type.kind != TypeKind::Object && type.kind != TypeKind::Interface)
            return {};
        return typeList(schema, type.interfaces);
    }
    if (field == u"possibleTypes") {
        if (type.kind != TypeKind::Interface && type.kind != TypeKind::Union)
            return {};
        QVariantList out;
        for (const NamedType *t : schema.possibleTypes(type))
            out.append(ref(IntrospectionRef::TypeItem, t));
        return out;
    }
    if (field == u"enumValues") {
        if (type.kind != TypeKind::Enum)
            return {};
        QVariantList out;
        for (const EnumValueDef &v : type.enumValues) {
            if (!v.deprecated || includeDeprecated)
                out.append(ref(IntrospectionRef::EnumValueItem, &v));
        }
        return out;
    }
    if (field == u"inputFields") {
        if (type.kind != TypeKind::InputObject)
            return {};
        return inputValues(type.inputFields, args);
    }
    return {}; // ofType of a named type
}

template<typename T> QVariant deprecation(const T &item, const QString &field)
{
    if (field == u"isDeprecated")
        return item.deprecated;
    if (field == u"deprecationReason")
        return item.deprecated ? QVariant(item.deprecationReason) : QVariant();
    return {};
}

QVariant description(const QString &text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

} // namespace

bool isIntrospectionType(const NamedType &type)
{
    return type.builtIn && type.name.startsWith(u"__");
}

QVariant introspectionRoot(const Schema &schema, const QString &field, const QVariantMap &args)
{
    if (field == u"__schema")
        return ref(IntrospectionRef::SchemaItem, &schema);
    const NamedType *type = schema.type(args.value(QStringLiteral("name")).toString());
    return type ? ref(IntrospectionRef::TypeItem, type) : QVariant();
}

QVariant introspectionField(const Schema &schema, const QVariant &source, const QString &field,
                            const QVariantMap &args)
{
    const auto r = source.value<IntrospectionRef>();
    switch (r.kind) {
    case IntrospectionRef::SchemaItem: {
        const auto rootType = [&](const QString &name) {
            const NamedType *t = name.isEmpty() ? nullptr : schema.type(name);
            return t ? ref(IntrospectionRef::TypeItem, t) : QVariant();
        };
        if (field == u"description")
            return description(schema.description());
        if (field == u"types") {
            QVariantList out;
            for (const auto &t : schema.types())
                out.append(ref(IntrospectionRef::TypeItem, t.get()));
            return out;
        }
        if (field == u"queryType")
            return rootType(schema.queryType());
        if (field == u"mutationType")
            return rootType(schema.mutationType());
        if (field == u"subscriptionType")
            return rootType(schema.subscriptionType());
        if (field == u"directives") {
            QVariantList out;
            for (const DirectiveDef &d : schema.directives())
                out.append(ref(IntrospectionRef::DirectiveItem, &d));
            return out;
        }
        return {};
    }
    case IntrospectionRef::TypeItem:
        return typeField(schema, r, field, args);
    case IntrospectionRef::FieldItem: {
        const auto &f = *static_cast<const FieldDef *>(r.item);
        if (field == u"name")
            return f.name;
        if (field == u"description")
            return description(f.description);
        if (field == u"args")
            return inputValues(f.arguments, args);
        if (field == u"type")
            return typeRefValue(schema, f.type);
        return deprecation(f, field);
    }
    case IntrospectionRef::InputValueItem: {
        const auto &v = *static_cast<const InputValueDef *>(r.item);
        if (field == u"name")
            return v.name;
        if (field == u"description")
            return description(v.description);
        if (field == u"type")
            return typeRefValue(schema, v.type);
        if (field == u"defaultValue")
            return v.defaultValue ? QVariant(printValue(*v.defaultValue)) : QVariant();
        return deprecation(v, field);
    }
    case IntrospectionRef::EnumValueItem: {
        const auto &v = *static_cast<const EnumValueDef *>(r.item);
        if (field == u"name")
            return v.name;
        if (field == u"description")
            return description(v.description);
        return deprecation(v, field);
    }
    case IntrospectionRef::DirectiveItem: {
        const auto &d = *static_cast<const DirectiveDef *>(r.item);
        if (field == u"name")
            return d.name;
        if (field == u"description")
            return description(d.description);
        if (field == u"isRepeatable")
            return d.repeatable;
        if (field == u"locations")
            return QVariant(d.locations);
        if (field == u"args")
            return inputValues(d.arguments, args);
        return {};
    }
    }
    return {};
}

} // namespace RexOrm::GraphQL
