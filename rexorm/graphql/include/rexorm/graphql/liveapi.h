#pragma once

#include <rexorm/changes/changeevent.h>
#include <rexorm/graphql/api.h>
#include <rexorm/graphql/execution.h>

#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>

#include <optional>

namespace RexOrm::GraphQL {

// What a subscription watches: the entity of its root field and that field's coerced arguments.
struct SubscriptionTarget
{
    QString entity;                           // the entity's name
    QVariantMap where;                        // coerced, by GraphQL field name
    QList<ChangeEvent::Operation> operations; // empty: every operation
};

// The names the generated API gives one exposed entity, for clients that write documents.
struct EntityNames
{
    QString typeName;                          // Track
    QString getField;                          // getTrack; empty for an entity without a key
    QString listField;                         // listTracks
    QString aggregateField;                    // tracksAggregate
    QList<std::pair<QString, QString>> fields; // (column, field) of the visible columns, in order
    QString fieldOf(const QString &column) const
    {
        for (const auto &[c, f] : fields) {
            if (c == column)
                return f;
        }
        return {};
    }
};

// The generated API's side of change subscriptions, for the transports that serve them
// (graphql-transport-ws, the /realtime feed). The generated schema has per entity a field
// Subscription.<entity>Changed(where, ops): <Type>Change! { op seq node previous }; executing a
// subscription operation with ExecutionOptions::subscriptionEvent and a ChangeEvent as the root
// value gives that event's payload. Thread-safe; valid while the schema lives.
class REXORM_GRAPHQL_EXPORT LiveApi
{
public:
    virtual ~LiveApi();

    // The exposed entity a client names by entity name, GraphQL type name or table; empty if none.
    virtual QString entityNamed(const QString &name) const = 0;
    // The GraphQL type name of an exposed entity ("User" for the table users).
    virtual QString typeName(const QString &entity) const = 0;
    // The names of an exposed entity; nothing when it is not exposed.
    virtual std::optional<EntityNames> names(const QString &entity) const = 0;
    // The exposed entity an event belongs to (by its table), empty if none.
    virtual QString entityOf(const ChangeEvent &event) const = 0;
    // A JSON `where` of the entity, coerced as a GraphQL variable of type <Type>Where would be.
    // Throws FieldError saying what is wrong.
    virtual QVariantMap coerceWhere(const QString &entity, const QJsonValue &where) const = 0;
    // The row filter an Access adds to reads of the entity (empty: none, or no access given).
    // Throws FieldError with code FORBIDDEN when the entity may not be read.
    virtual QVariantMap readFilter(const QString &entity, const Access *access) const = 0;
    // Which events (all of the entity) match which filters, decided by the database in one
    // statement per few hundred events, so that collations and case rules are the database's:
    // result[filter][event]. A delete is tested on its old row, the others on the new one; an
    // event without that row (a table event) matches only empty filters.
    virtual QList<QList<bool>> match(const QString &entity, const QList<ChangeEvent> &events,
                                     const QList<QVariantMap> &filters) const = 0;
    // A row (by column name) as the API shows it: by field name, hidden columns left out, values
    // as responses carry them; only the given fields when fields is not empty.
    virtual QJsonObject toFields(const QString &entity, const QVariantMap &row,
                                 const QStringList &fields = {}) const = 0;
    // The target of a valid subscription request, or nothing, with errors saying why (an unknown
    // operation, bad variables, a field that is not a generated subscription, FORBIDDEN).
    virtual std::optional<SubscriptionTarget>
    subscriptionTarget(const Document &document, const QString &operationName,
                       const QJsonObject &variables, const ExecutionOptions &options,
                       std::vector<GraphQLError> *errors) const = 0;
};

struct GeneratedApi
{
    std::shared_ptr<Schema> schema;
    std::shared_ptr<const LiveApi> live;
};

// generateSchema(), and the LiveApi of the schema it returns.
REXORM_GRAPHQL_EXPORT GeneratedApi generateApi(const Database &database, const Registry &registry,
                                               const ApiOptions &options = {});

} // namespace RexOrm::GraphQL

Q_DECLARE_METATYPE(RexOrm::GraphQL::SubscriptionTarget *)
