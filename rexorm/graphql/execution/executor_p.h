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

// JSON output (response.cpp).
void writeJsonString(QByteArray &out, QStringView text);
void writeJson(QByteArray &out, const QCborValue &value);

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

    // The response is written as JSON while it executes. Each of these returns false (or
    // Propagate) when a null must propagate to the parent: the error is recorded, and the
    // nearest nullable field cuts what was written for it back and writes null.
    enum class Completion { Value, Null, Propagate };
    bool executeSelectionSet(const std::vector<CollectedField> &fields, const NamedType &objectType,
                             const QVariant &objectValue, const PathSegment *path);
    bool executeField(const NamedType &objectType, const QVariant &objectValue,
                      const CollectedField &field, const PathSegment *path);
    bool completeValue(const TypeRef &type, const CollectedField &field, const QVariant &result,
                       const PathSegment *path);
    Completion completeNullable(const TypeRef &type, const CollectedField &field,
                                const QVariant &result, const PathSegment *path);
    void writeLeaf(const NamedType &type, const QVariant &value);
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
    QByteArray m_out; // the data, as JSON
};

// The introspection fields (__schema, __type) and the fields of the introspection types.
QVariant introspectionRoot(const Schema &schema, const QString &field, const QVariantMap &args);
bool isIntrospectionType(const NamedType &type);
QVariant introspectionField(const Schema &schema, const QVariant &source, const QString &field,
                            const QVariantMap &args);

} // namespace RexOrm::GraphQL
