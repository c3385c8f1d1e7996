#pragma once

#include <rexorm/graphql/parser.h>
#include <rexorm/graphql/schema.h>

#include <QtCore/QCborValue>
#include <QtCore/QJsonObject>
#include <QtCore/QVariantMap>

namespace RexOrm::GraphQL {

// A field error raised by a resolver: the message, and extensions such as {"code": "..."}.
class REXORM_GRAPHQL_EXPORT FieldError : public RexOrm::Error
{
public:
    explicit FieldError(QString message, QJsonObject extensions = {});
    const QJsonObject &extensions() const noexcept { return m_extensions; }

private:
    QJsonObject m_extensions;
};

// One response key of a selection set after fragments are expanded and fields merged
// (CollectFields of the specification).
struct CollectedField
{
    QString responseKey;
    const FieldDef *definition = nullptr; // null for __typename
    const NamedType *parentType = nullptr;
    std::vector<const Selection *> nodes;
};

struct ExecutionOptions
{
    QVariantMap context;       // per request, for resolvers (ResolveInfo::context)
    bool introspection = true; // __schema and __type allowed
    int maxDepth = 0;          // nested selection sets of the operation; 0: no limit
    int maxNodes = 0;          // fields selected, fragments expanded; 0: no limit
    // Runs a subscription operation's selection set for one event, the root value
    // (ExecuteSubscriptionEvent); without it a subscription operation is a request error.
    bool subscriptionEvent = false;
};

class ExecutionContext;

// What a resolver knows besides its parent value and arguments. Lookahead (subfields()) lets a
// resolver plan the whole subtree, as the generated API does to load each level in one query.
class REXORM_GRAPHQL_EXPORT ResolveInfo
{
public:
    const Schema &schema() const;
    const NamedType &parentType() const { return *m_parentType; }
    const FieldDef &field() const { return *m_field; }
    const std::vector<const Selection *> &fieldNodes() const { return *m_nodes; }
    const QVariantMap &context() const;
    OperationType operation() const;
    QJsonArray path() const;

    // The fields selected below this field when its value is of objectType.
    std::vector<CollectedField> subfields(const NamedType &objectType) const;
    // The same for any selection sets, to look further down.
    std::vector<CollectedField> collectFields(const NamedType &objectType,
                                              const std::vector<const Selection *> &nodes) const;
    // The coerced arguments of a collected field; throws FieldError.
    QVariantMap arguments(const CollectedField &field) const;

private:
    friend class ExecutionContext;
    ResolveInfo(const ExecutionContext &context, const NamedType &parentType, const FieldDef &field,
                const std::vector<const Selection *> &nodes, const void *path)
        : m_context(&context), m_parentType(&parentType), m_field(&field), m_nodes(&nodes),
          m_path(path)
    {}
    const ExecutionContext *m_context;
    const NamedType *m_parentType;
    const FieldDef *m_field;
    const std::vector<const Selection *> *m_nodes;
    const void *m_path;
};

// The result of a request: data (absent when the request failed before execution) and errors.
struct REXORM_GRAPHQL_EXPORT ExecutionResult
{
    bool hasData = false;
    QByteArray data; // JSON text: an object in selection order, or null when a root field failed
    std::vector<GraphQLError> errors;
    // The request never reached execution: no operation to run, bad variables, a limit.
    bool requestError() const { return !hasData; }
    // {"errors": [...], "data": {...}} with fields in selection order.
    QByteArray toJson() const;
};

// Runs an operation of a valid document (validate() first) per the specification's section 6:
// variable and argument coercion, @skip/@include, null propagation, errors with paths,
// introspection. Mutation root fields run one after another. A subscription operation is a
// request error here: subscriptions are served by the realtime transport.
REXORM_GRAPHQL_EXPORT ExecutionResult execute(const Schema &schema, const Document &document,
                                              const QString &operationName,
                                              const QJsonObject &variables,
                                              const ExecutionOptions &options = {},
                                              const QVariant &rootValue = {});

// The operation a request runs: the one named, or the only one. Null when there is none; then
// error says why.
REXORM_GRAPHQL_EXPORT const Definition *
selectOperation(const Document &document, const QString &operationName, QString *error);

// JSON text of a response value (objects keep their key order).
REXORM_GRAPHQL_EXPORT QByteArray toJson(const QCborValue &value);
// A value as the response carries it: maps, lists, numbers, strings, dates (ISO 8601),
// Decimal (as a string, exact), JSON values.
REXORM_GRAPHQL_EXPORT QCborValue toResponseValue(const QVariant &value);

} // namespace RexOrm::GraphQL
