#pragma once

#include <rexorm/graphql/execution.h>

// Input coercion (specification 3.5 and 6.4.1) and result coercion of leaf values (6.4.3).
namespace RexOrm::GraphQL::Detail {

// A value that cannot be coerced; the message says why, in graphql-js's words where they exist.
class CoercionError : public RexOrm::Error
{
public:
    using Error::Error;
};

// A variable's JSON value as an input of the given type. Nulls are null QVariants; absent
// input object fields are absent keys. Throws CoercionError with the path inside the value.
QVariant coerceInputValue(const Schema &schema, const QJsonValue &value, const TypeRef &type);

// A literal as an input of the given type, variables substituted from coerced ones.
// Throws CoercionError.
QVariant coerceLiteral(const Schema &schema, const Value &literal, const TypeRef &type,
                       const QVariantMap &variables);

// Coerced argument values of a field or directive (CoerceArgumentValues). Throws CoercionError.
QVariantMap coerceArguments(const Schema &schema, const std::vector<InputValueDef> &definitions,
                            const std::vector<Argument> &arguments, const QVariantMap &variables);

// A leaf value for the response; throws CoercionError when the type cannot represent it.
QCborValue serializeLeaf(const NamedType &type, const QVariant &value);

bool isNullValue(const QVariant &value);

} // namespace RexOrm::GraphQL::Detail
