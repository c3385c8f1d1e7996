#pragma once

#include <rexorm/database/database.h>
#include <rexorm/meta/entityinfo.h>

namespace RexOrm {

class Registry;

// Reads tables and views of a live SQLite, PostgreSQL or MySQL/MariaDB database into EntityInfo:
// columns with types, nullability, defaults, keys, unique constraints, foreign keys and indexes,
// and, over a whole schema, relations inferred from the foreign keys (belongsTo / hasMany, and
// belongsToMany through pure join tables). Views become read-only entities.
class REXORM_CORE_EXPORT SchemaInspector
{
public:
    explicit SchemaInspector(Database db);

    // The schema used when none is given: "public" (or the search_path's first) on PostgreSQL,
    // the connection's database on MySQL/MariaDB, "main" on SQLite.
    QString defaultSchema() const;
    QStringList tables(const QString &schema = {}) const; // tables and views, sorted
    // One table or view, without relations; throws MetadataError when it does not exist.
    EntityInfo inspect(const QString &table, const QString &schema = {}) const;
    // Every table and view of the schema, with relations inferred.
    QList<EntityInfo> inspectAll(const QString &schema = {}) const;
    // inspectAll() into a registry; returns the entity names.
    QStringList registerAll(Registry &registry, const QString &schema = {}) const;
    // What front ends serve of the database (`rexorm serve`, the admin application): every table
    // and view but RexOrm's own (the migration tracker, the change log); a table that a model of
    // `models` (the global registry when null: compiled models, plugins' models) describes comes
    // as that model, each model once.
    QList<EntityInfo> servedEntities(const QString &schema = {},
                                     const Registry *models = nullptr) const;

private:
    Database m_db;
};

// The QMetaType values of a column type arrive as when read through RexOrm.
REXORM_CORE_EXPORT QMetaType metaTypeFor(ColumnType type);

} // namespace RexOrm
