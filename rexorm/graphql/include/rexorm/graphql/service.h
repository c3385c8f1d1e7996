#pragma once

#include <rexorm/database/database.h>
#include <rexorm/graphql/documentcache.h>
#include <rexorm/graphql/execution.h>

#include <QtCore/QFuture>

#include <memory>
#include <optional>

namespace RexOrm::GraphQL {

struct ServiceOptions
{
    int maxDocumentBytes = 100 * 1024; // the query text
    int maxDepth = 15;                 // nested selection sets
    int maxNodes = 5000;               // fields selected, fragments expanded
    bool introspection = true;
    int cacheCapacity = 512; // parsed and validated documents kept
};

// Context keys a transport fills with the caller; execute() makes them the current
// RexOrm::RequestContext (unless one is current already) so model hooks see who acts.
inline constexpr char subjectContextKey[] = "rexorm.subject";
inline constexpr char roleContextKey[] = "rexorm.role";
inline constexpr char requestIdContextKey[] = "rexorm.requestId";

struct ServiceRequest
{
    QString query;
    QString operationName;
    QJsonObject variables;
    bool readOnly = false; // an HTTP GET: only queries may run
    QVariantMap context;   // handed to resolvers (ResolveInfo::context)
};

struct ServiceResponse
{
    ExecutionResult result;
    // readOnly was set and the operation is a mutation (HTTP answers 405).
    bool mutationNotAllowed = false;
};

// A GraphQL endpoint without a transport: document size check, parse and validation (cached by
// text), operation selection, limits, execution. Thread-safe; the server, the realtime transport
// and tests share it.
class REXORM_GRAPHQL_EXPORT Service
{
public:
    explicit Service(std::shared_ptr<const Schema> schema, ServiceOptions options = {});

    const Schema &schema() const { return *m_schema; }
    const std::shared_ptr<const Schema> &sharedSchema() const { return m_schema; }
    const ServiceOptions &options() const { return m_options; }
    DocumentCache &documents() const { return *m_cache; }

    // Resolvers of this schema use this database: executeAsync() runs requests on its executor
    // threads, which own the connections. Without one, executeAsync() runs on the caller.
    void setDatabase(Database database) { m_database = std::move(database); }
    const std::optional<Database> &database() const { return m_database; }

    ServiceResponse execute(const ServiceRequest &request) const;
    QFuture<ServiceResponse> executeAsync(ServiceRequest request) const;

private:
    std::shared_ptr<const Schema> m_schema;
    ServiceOptions m_options;
    std::unique_ptr<DocumentCache> m_cache;
    std::optional<Database> m_database;
};

} // namespace RexOrm::GraphQL
