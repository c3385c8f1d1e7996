#pragma once

#include <rexorm/error.h>
#include <rexorm/graphql/ast.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QVariantMap>

namespace RexOrm::GraphQL {

// One error as the GraphQL response carries it: a message, where in the document, and (during
// execution) the path of the response field.
struct REXORM_GRAPHQL_EXPORT GraphQLError
{
    QString message;
    std::vector<SourceLocation> locations;
    QJsonArray path;
    QJsonObject extensions;

    QJsonObject toJson() const; // {"message", "locations": [{"line", "column"}], "path", ...}
};

// The document is not valid GraphQL syntax. error() says where.
class REXORM_GRAPHQL_EXPORT SyntaxError : public RexOrm::Error
{
public:
    explicit SyntaxError(GraphQLError error);
    const GraphQLError &error() const { return m_error; }

private:
    GraphQLError m_error;
};

struct ParseOptions
{
    int maxTokens = 0;  // 0: no limit
    int maxDepth = 128; // nested selection sets, lists, objects and types
};

// Parses a document (executable definitions and type-system definitions, as the specification's
// grammar allows). Throws SyntaxError.
REXORM_GRAPHQL_EXPORT Document parse(const QString &source, const ParseOptions &options = {});
// A single value or type, as in variable defaults and introspection ("[Int!]", "{a: 1}").
REXORM_GRAPHQL_EXPORT Value parseValue(const QString &source);
REXORM_GRAPHQL_EXPORT std::shared_ptr<const TypeRef> parseType(const QString &source);

// A literal as a plain value: Int as qint64 (double beyond it), Float as double, String and Enum
// as QString, Boolean, null as a null QVariant, lists and input objects as QVariantList and
// QVariantMap; variables are taken from the map (absent ones are null).
REXORM_GRAPHQL_EXPORT QVariant literalValue(const Value &literal,
                                            const QVariantMap &variables = {});

// The value of a block string per the specification's BlockStringValue(): common indentation
// and leading and trailing blank lines removed.
REXORM_GRAPHQL_EXPORT QString blockStringValue(const QString &raw);

} // namespace RexOrm::GraphQL
