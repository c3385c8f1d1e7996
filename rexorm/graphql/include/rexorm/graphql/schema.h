#pragma once

#include <rexorm/error.h>
#include <rexorm/graphql/ast.h>

#include <QtCore/QCborValue>
#include <QtCore/QHash>
#include <QtCore/QJsonValue>
#include <QtCore/QStringList>
#include <QtCore/QVariant>

#include <functional>

namespace RexOrm::GraphQL {

// A schema that cannot work: a type named twice, a field of an unknown type, an extension of a
// type that does not exist.
class REXORM_GRAPHQL_EXPORT SchemaError : public RexOrm::Error
{
public:
    using Error::Error;
};

enum class TypeKind { Scalar, Object, Interface, Union, Enum, InputObject };

class ResolveInfo;

// Computes a field's value from its parent object's value (see execution.h). Throws FieldError,
// or any RexOrm::Error, for a field error.
using Resolver = std::function<QVariant(const QVariant &source, const QVariantMap &arguments,
                                        const ResolveInfo &info)>;

// How a custom scalar crosses the wire. Each function throws RexOrm::Error with a message for a
// value it cannot represent. Unset functions treat the scalar as plain JSON.
struct ScalarCoercion
{
    std::function<QCborValue(const QVariant &value)> serialize;  // result value -> response
    std::function<QVariant(const QJsonValue &value)> parseValue; // variable value -> input
    std::function<QVariant(const Value &literal)> parseLiteral;  // literal (no variables) -> input
};

// An argument or an input object field.
struct InputValueDef
{
    QString name;
    QString description;
    std::shared_ptr<const TypeRef> type;
    std::shared_ptr<const Value> defaultValue; // a literal; null when there is none
    bool deprecated = false;
    QString deprecationReason;
};

struct FieldDef
{
    QString name;
    QString description;
    std::vector<InputValueDef> arguments;
    std::shared_ptr<const TypeRef> type;
    bool deprecated = false;
    QString deprecationReason;
    Resolver resolve; // null: the default resolver (a map's entry, a QObject's property)
};

struct EnumValueDef
{
    QString name;
    QString description;
    bool deprecated = false;
    QString deprecationReason;
};

// A named type of the schema (specification section 3).
struct REXORM_GRAPHQL_EXPORT NamedType
{
    TypeKind kind = TypeKind::Scalar;
    QString name;
    QString description;
    QString specifiedByUrl;                 // Scalar
    std::vector<FieldDef> fields;           // Object, Interface
    std::vector<QString> interfaces;        // Object, Interface
    std::vector<QString> members;           // Union
    std::vector<EnumValueDef> enumValues;   // Enum
    std::vector<InputValueDef> inputFields; // InputObject
    bool builtIn = false;                   // Int, Float, String, Boolean, ID
    ScalarCoercion coercion;                // custom scalars
    // Interface and Union: the object type name of a value; null reads "__typename" of a map.
    std::function<QString(const QVariant &value)> resolveType;

    const FieldDef *field(QStringView name) const;
    const InputValueDef *inputField(QStringView name) const;
    const EnumValueDef *enumValue(QStringView name) const;
    bool isInputType() const
    {
        return kind == TypeKind::Scalar || kind == TypeKind::Enum || kind == TypeKind::InputObject;
    }
    bool isOutputType() const { return kind != TypeKind::InputObject; }
    bool isComposite() const
    {
        return kind == TypeKind::Object || kind == TypeKind::Interface || kind == TypeKind::Union;
    }
    bool isLeaf() const { return kind == TypeKind::Scalar || kind == TypeKind::Enum; }
};

struct DirectiveDef
{
    QString name;
    QString description;
    std::vector<InputValueDef> arguments;
    QStringList locations; // "FIELD", "QUERY", ...
    bool repeatable = false;
    bool builtIn = false; // @include, @skip, @deprecated, @specifiedBy
};

// The types, directives and root operation types of a GraphQL service. Starts with the
// specified scalars and directives and the introspection types (__Schema, __Type, ...); types
// keep the order they were added in.
class REXORM_GRAPHQL_EXPORT Schema
{
public:
    Schema();

    // Builds a schema from SDL (type, interface, union, enum, input, scalar, directive and schema
    // definitions, and their extensions). Throws SyntaxError or SchemaError.
    static Schema fromSdl(const QString &sdl);

    // Throws SchemaError when a type or directive of that name exists.
    void addType(NamedType type);
    void addDirective(DirectiveDef directive);
    NamedType *mutableType(QStringView name);
    // Adds a field to an object or interface type; throws SchemaError when the type does not
    // exist or already has a field of that name.
    void addField(QStringView type, FieldDef field);
    // Sets the resolver of Type.field; throws SchemaError when there is no such field.
    void setResolver(QStringView type, QStringView field, Resolver resolver);

    const NamedType *type(QStringView name) const;
    const std::vector<std::shared_ptr<NamedType>> &types() const { return m_types; }
    const DirectiveDef *directive(QStringView name) const;
    const std::vector<DirectiveDef> &directives() const { return m_directives; }

    QString queryType() const { return m_queryType; }
    QString mutationType() const { return m_mutationType; }
    QString subscriptionType() const { return m_subscriptionType; }
    void setRootTypes(const QString &query, const QString &mutation = {},
                      const QString &subscription = {});
    QString description() const { return m_description; }
    void setDescription(const QString &description) { m_description = description; }

    // The named type at the bottom of a type reference ([User!]! -> User), or null.
    const NamedType *namedType(const TypeRef &type) const;
    // Object types that implement an interface or belong to a union.
    std::vector<const NamedType *> possibleTypes(const NamedType &abstractType) const;

    // Throws SchemaError naming what does not resolve: a field, argument or member of an unknown
    // type, an input type used as output or the reverse, a missing query type.
    void check() const;

    // The schema in SDL, as graphql-js's printSchema prints it: built-in scalars and directives
    // left out, a schema definition only where the root types are not named Query, Mutation and
    // Subscription.
    QString toSdl() const;
    // The specified directives and the introspection types, as graphql-js's
    // printIntrospectionSchema prints them.
    QString introspectionSdl() const;

private:
    QString printSdl(bool introspection) const;

    std::vector<std::shared_ptr<NamedType>> m_types;
    QHash<QString, qsizetype> m_typeIndex;
    std::vector<DirectiveDef> m_directives;
    QString m_queryType;
    QString m_mutationType;
    QString m_subscriptionType;
    QString m_description;
};

// A string as a GraphQL string literal ("a\"b"), and as a block string where that reads as the
// same text (printing rules of graphql-js).
REXORM_GRAPHQL_EXPORT QString printString(const QString &value);
REXORM_GRAPHQL_EXPORT QString printBlockString(const QString &value);
REXORM_GRAPHQL_EXPORT bool isPrintableAsBlockString(const QString &value);
// A value literal in GraphQL syntax: [1, "a", ENUM, {b: null}].
REXORM_GRAPHQL_EXPORT QString printValue(const Value &value);

} // namespace RexOrm::GraphQL
