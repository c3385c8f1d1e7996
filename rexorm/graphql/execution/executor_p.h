#pragma once

#include <rexorm/graphql/execution.h>

#include <QtCore/QCborMap>
#include <QtCore/QLoggingCategory>

#include <optional>

Q_DECLARE_LOGGING_CATEGORY(lcGraphQL)

namespace RexOrm::GraphQL {

// A response path on the stack: each field and list item links to its parent.
struct PathSegment
{
    const PathSegment *parent = nullptr;
    const QString *key = nullptr; // a field's response key, or null for a list index
    qsizetype index = 0;
};

QJsonArray pathToJson(const PathSegment *segment);

// The state of one execution (specification section 6).
class ExecutionContext
{
public:
    ExecutionContext(const Schema &schema, const Document &document, const Definition &operation,
                     const ExecutionOptions &options);

    ExecutionResult run(const QJsonObject &variables, const QVariant &rootValue);

    const Schema &schema() const { return m_schema; }
    const ExecutionOptions &options() const { return m_options; }
    const Definition &operation() const { return m_operation; }
    const QVariantMap &variables() const { return m_variables; }

    std::vector<CollectedField> collectFields(const NamedType &objectType,
                                              const std::vector<const Selection *> &nodes) const;
    // The same, computed once per object type and field nodes: every item of a list shares it.
    const std::vector<CollectedField> &
    cachedFields(const NamedType &objectType, const std::vector<const Selection *> &nodes) const;
    QVariantMap arguments(const FieldDef &definition, const Selection &node) const;

private:
    bool coerceVariables(const QJsonObject &given, std::vector<GraphQLError> &errors);
    void collect(const NamedType &objectType, const SelectionSet &selectionSet,
                 std::vector<CollectedField> &fields, QHash<QString, qsizetype> &index,
                 QSet<QString> &visitedFragments) const;
    bool included(const std::vector<Directive> &directives) const;
    bool fragmentApplies(const NamedType &objectType, const QString &typeCondition) const;

    // Each returns nullopt when a null propagates to the parent (the error is recorded).
    std::optional<QCborMap> executeSelectionSet(const std::vector<CollectedField> &fields,
                                                const NamedType &objectType,
                                                const QVariant &objectValue,
                                                const PathSegment *path);
    std::optional<QCborValue> executeField(const NamedType &objectType, const QVariant &objectValue,
                                           const CollectedField &field, const PathSegment *path);
    std::optional<QCborValue> completeValue(const TypeRef &type, const CollectedField &field,
                                            const QVariant &result, const PathSegment *path);
    std::optional<QCborValue> completeNullable(const TypeRef &type, const CollectedField &field,
                                               const QVariant &result, const PathSegment *path);
    QVariant resolveField(const NamedType &objectType, const QVariant &objectValue,
                          const CollectedField &field, const PathSegment *path);

    void fieldError(const QString &message, const CollectedField &field, const PathSegment *path,
                    const QJsonObject &extensions = {});
    void fieldError(const std::exception_ptr &error, const CollectedField &field,
                    const PathSegment *path);

    const Schema &m_schema;
    const Document &m_document;
    const Definition &m_operation;
    const ExecutionOptions &m_options;
    QHash<QString, const Definition *> m_fragments;
    QVariantMap m_variables;
    std::vector<GraphQLError> m_errors;
    mutable QHash<QByteArray, std::shared_ptr<const std::vector<CollectedField>>> m_fieldCache;
};

// The introspection fields (__schema, __type) and the fields of the introspection types.
QVariant introspectionRoot(const Schema &schema, const QString &field, const QVariantMap &args);
bool isIntrospectionType(const NamedType &type);
QVariant introspectionField(const Schema &schema, const QVariant &source, const QString &field,
                            const QVariantMap &args);

} // namespace RexOrm::GraphQL
