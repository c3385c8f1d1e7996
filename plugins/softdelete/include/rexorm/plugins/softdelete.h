#pragma once

// Helpers for entities the softdelete plugin manages. Header-only: an application uses them
// without linking the plugin, which PluginManager loads at run time.
#include <rexorm/model/entityrepository.h>

namespace RexOrm::SoftDelete {

// The name of the plugin's query scope, for Query::withoutScope() and
// EntityRepository::withoutScope().
inline QString scopeName()
{
    return QStringLiteral("softDelete");
}

// The repository with deleted rows visible again (reads and writes).
inline EntityRepository withTrashed(const EntityRepository &repository)
{
    return repository.withoutScope(scopeName());
}

// Only the deleted rows.
inline Query onlyTrashed(const EntityRepository &repository,
                         const QString &column = QStringLiteral("deleted_at"))
{
    return withTrashed(repository).query().whereNotNull(column);
}

// Undoes a soft delete: the column set back to NULL, through the repository (hooks, events).
// Throws NotFoundError when no row has that key.
inline Record restore(const EntityRepository &repository, const QVariant &key,
                      const QString &column = QStringLiteral("deleted_at"))
{
    return withTrashed(repository).update(key, {{column, QVariant()}});
}

// Deletes a row for good, in one transaction: a row already soft-deleted is deleted when
// deleted again.
inline void forceDelete(const EntityRepository &repository, const QVariant &key)
{
    const EntityRepository all = withTrashed(repository);
    repository.database().transaction([&] {
        if (all.remove(key))
            all.remove(key);
    });
}

} // namespace RexOrm::SoftDelete
