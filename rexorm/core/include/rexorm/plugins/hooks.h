#pragma once

#include <rexorm/database/database.h>
#include <rexorm/error.h>
#include <rexorm/meta/entityinfo.h>
#include <rexorm/plugins/requestcontext.h>

#include <QtCore/QVariantMap>

#include <functional>

namespace RexOrm {

class Query;

// A model hook refused a write. The message reaches the caller as it is: as this exception
// from the repository, as a GraphQL error with code "REFUSED" from the generated API.
class REXORM_CORE_EXPORT RefusedError : public Error
{
public:
    using Error::Error;
};

// One repository write as model hooks see it. Before-hooks may change values (they are then
// validated and written), refuse the write by throwing RefusedError or ValidationError, or turn
// a delete into an update (soft delete). Every hook runs inside the write's transaction, on the
// thread that writes: statements run through database join it, and a throw rolls it all back.
struct REXORM_CORE_EXPORT WriteOperation
{
    enum Kind { Insert, Update, Delete };
    WriteOperation(Kind kind, const EntityInfo &entity, Database database);

    Kind kind;
    const EntityInfo *entity;
    Database database;
    QVariantMap key;        // update, delete (insert: once written, for after-hooks)
    QVariantMap values;     // insert: the columns given; update: the columns that change
    QVariantMap oldRow;     // update, delete: the row as it was read
    QVariantMap newRow;     // after-hooks of insert and update: the row as stored
    RequestContext request; // the context current when the write began (RequestContext::current)

    // From a before-delete hook: write these columns instead of deleting the row. The update
    // runs the update hooks and publishes an update event; after-delete hooks do not run.
    void rewriteAsUpdate(const QVariantMap &columns);
    bool isRewrittenAsUpdate() const { return m_rewritten; }

    static QString kindName(Kind kind); // "insert", "update", "delete"

private:
    bool m_rewritten = false;
};

// The current time as a column of this type takes it: a UTC QDateTime for date-time columns,
// a QDate for date columns, ISO 8601 text (milliseconds, "Z") for text columns. For hooks that
// stamp rows (timestamps, soft delete, audit logs).
REXORM_CORE_EXPORT QVariant currentTimeValue(const ColumnInfo &column);

// A filter applied to every repository query of the entities it applies to (and to the
// generated GraphQL API's reads and writes) unless the query lifts it by name:
// Query::withoutScope("softDelete"), EntityRepository::withoutScope("softDelete").
struct REXORM_CORE_EXPORT QueryScope
{
    QString name;
    std::function<bool(const EntityInfo &entity)> appliesTo;
    // Adds the scope's conditions with where(), whereNull(), ...; columnPrefix ("" or "t.") goes
    // before each column name so the conditions also work on an aliased table.
    std::function<void(Query &conditions, const EntityInfo &entity, const QString &columnPrefix)>
        apply;
};

} // namespace RexOrm
