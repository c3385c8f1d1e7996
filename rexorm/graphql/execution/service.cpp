#include <rexorm/graphql/service.h>
#include <rexorm/plugins/requestcontext.h>

namespace RexOrm::GraphQL {

namespace {

ServiceResponse requestError(const QString &message, const QJsonObject &extensions = {})
{
    ServiceResponse response;
    GraphQLError e;
    e.message = message;
    e.extensions = extensions;
    response.result.errors.push_back(std::move(e));
    return response;
}

} // namespace

Service::Service(std::shared_ptr<const Schema> schema, ServiceOptions options)
    : m_schema(std::move(schema)), m_options(options),
      m_cache(std::make_unique<DocumentCache>(*m_schema, options.cacheCapacity))
{}

ServiceResponse Service::execute(const ServiceRequest &request) const
{
    const qsizetype bytes = request.query.toUtf8().size();
    if (m_options.maxDocumentBytes > 0 && bytes > m_options.maxDocumentBytes)
        return requestError(
            QStringLiteral("The query exceeds the maxDocumentBytes limit: %1, the limit is %2.")
                .arg(bytes)
                .arg(m_options.maxDocumentBytes),
            {{QStringLiteral("code"), QStringLiteral("LIMIT")},
             {QStringLiteral("limit"), QStringLiteral("maxDocumentBytes")}});
    if (request.query.trimmed().isEmpty())
        return requestError(QStringLiteral("The request has no query."));

    const std::shared_ptr<const DocumentCache::Entry> entry = m_cache->get(request.query);
    if (!entry->valid()) {
        ServiceResponse response;
        response.result.errors = entry->errors;
        return response;
    }
    QString error;
    const Definition *operation = selectOperation(*entry->document, request.operationName, &error);
    if (!operation)
        return requestError(error);
    if (request.readOnly && operation->operation != OperationType::Query) {
        ServiceResponse response = requestError(
            QStringLiteral("Only query operations can be sent with GET; send a %1 with POST.")
                .arg(operationTypeName(operation->operation)));
        response.mutationNotAllowed = true;
        return response;
    }
    ExecutionOptions options;
    options.context = request.context;
    options.introspection = m_options.introspection;
    options.maxDepth = m_options.maxDepth;
    options.maxNodes = m_options.maxNodes;
    // The acting user and request, as the server put them in the context, for model hooks.
    RequestContext acting = RequestContext::current();
    if (acting.isEmpty()) {
        acting.user = request.context.value(QLatin1String(subjectContextKey)).toString();
        acting.role = request.context.value(QLatin1String(roleContextKey)).toString();
        acting.requestId = request.context.value(QLatin1String(requestIdContextKey)).toString();
    }
    const RequestContext::Scope actingScope(acting);
    ServiceResponse response;
    response.result =
        GraphQL::execute(*m_schema, *entry->document, operation->name, request.variables, options);
    return response;
}

QFuture<ServiceResponse> Service::executeAsync(ServiceRequest request) const
{
    if (m_database)
        return m_database->run([this, request = std::move(request)] { return execute(request); });
    QPromise<ServiceResponse> promise;
    promise.start();
    try {
        promise.addResult(execute(request));
    } catch (...) {
        promise.setException(std::current_exception());
    }
    promise.finish();
    return promise.future();
}

} // namespace RexOrm::GraphQL
