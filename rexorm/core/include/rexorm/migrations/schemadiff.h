#pragma once

#include <rexorm/migrations/schema.h>

namespace RexOrm {

class Registry;

// The changes that turn a live schema into the one a set of entities describes (registered
// models, or any EntityInfo), with the changes that undo them. Renames are never guessed: a
// column or table that disappears while another appears is a drop and an add, with a warning.
struct REXORM_CORE_EXPORT SchemaDiff
{
    QList<SchemaChange> up;
    QList<SchemaChange> down; // undoes up, in order
    QStringList warnings;

    bool isEmpty() const { return up.isEmpty(); }

    struct Options
    {
        // Drop live tables that no entity describes (never the migration tracker). Off by
        // default: a database usually holds more than one program's models.
        bool dropUnknownTables = false;
        QString schema; // the live schema compared; empty for the default
    };

    // Views (read-only entities) are skipped. Foreign keys an entity does not declare are
    // derived from its belongsTo relations to other entities of the set.
    static SchemaDiff compare(const Database &db, const QList<EntityInfo> &entities,
                              const Options &options);
    static SchemaDiff compare(const Database &db, const Registry &registry, const Options &options);

    // A migration for the Migrator: "<timestamp>_<name>.up.sql" and ".down.sql" rendered for
    // db's dialect, or "<timestamp>_<name>.cpp" with schema-builder calls (portable). Returns
    // the paths written; throws MigrationError when a file exists or cannot be written.
    QStringList writeSql(const Database &db, const QString &directory, const QString &name) const;
    QStringList writeCpp(const QString &directory, const QString &name) const;
};

// "20261126153000": the prefix of a migration written now.
REXORM_CORE_EXPORT QString migrationTimestamp();

} // namespace RexOrm
