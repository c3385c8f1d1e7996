#pragma once

#include <rexorm/database/database.h>
#include <rexorm/graphql/schema.h>
#include <rexorm/meta/registry.h>

#include <QtCore/QHash>

#include <memory>

namespace RexOrm::GraphQL {

struct ApiOptions
{
    int defaultPageSize = 100; // rows a list or connection returns when it is not told
    int maxPageSize = 100;     // the most rows one list or connection level may return
    // The most objects one root field may answer, counted over every level (a row under several
    // parents counts once per parent): nested pages multiply. At most 30,000, which keeps the
    // keys of a level within every database's bind limit.
    int maxRows = 10000;
    bool mutations = true;
    bool subscriptions = true; // Subscription.<entity>Changed fields (served over WebSocket)
    QStringList entities;      // empty: every entity of the registry
    QHash<QString, QString> typeNames; // entity name -> GraphQL type name, overriding inflection
};

// What one request may do with one entity. The server fills it from the caller's credentials.
struct EntityAccess
{
    bool read = true;
    bool write = true;
    // A filter in the API's `where` language (by GraphQL field names), ANDed to every read,
    // update, delete and subscription of the entity: rows outside it do not exist for the caller.
    QVariantMap where;
};

struct Access
{
    EntityAccess defaults;                 // entities not listed
    QHash<QString, EntityAccess> entities; // by entity name
    const EntityAccess &of(const QString &entity) const
    {
        const auto it = entities.constFind(entity);
        return it == entities.constEnd() ? defaults : *it;
    }
};

// The request context key (ServiceRequest::context) holding an Access as
// QVariant::fromValue(Access). Without it the generated API allows everything.
inline constexpr char accessContextKey[] = "rexorm.access";

// The GraphQL API generated from entity metadata (compiled models and inspected tables alike):
// per entity an object type with its columns and relations; get/list/connection/aggregate root
// fields with where and orderBy inputs; create/update/delete/upsert and guarded bulk mutations.
// Every level of a query costs one SQL statement, however many rows. See docs/graphql.md.
// Tables and columns whose names are not plain identifiers ([A-Za-z_][A-Za-z0-9_]*) are left out
// (with a warning on rexorm.graphql); so is an entity whose key is left out.
//
// The schema is returned for further extension: add types, fields and resolvers to it
// (Schema::addType, Schema::addField, Schema::setResolver) before serving it.
REXORM_GRAPHQL_EXPORT std::shared_ptr<Schema>
generateSchema(const Database &database, const Registry &registry, const ApiOptions &options = {});

// The scalars the generated API uses beyond the specified ones, each with @specifiedBy:
// BigInt (64-bit integers, as strings), Decimal (exact, as strings), DateTime (ISO 8601 with an
// offset), Date (ISO 8601 date), JSON (any JSON value).
REXORM_GRAPHQL_EXPORT void addStandardScalars(Schema &schema);

} // namespace RexOrm::GraphQL

Q_DECLARE_METATYPE(RexOrm::GraphQL::Access)
