#pragma once

#include <rexorm/database/database.h>
#include <rexorm/error.h>
#include <rexorm/model/record.h>
#include <rexorm/query/query.h>

#include <optional>

namespace RexOrm {

class Registry;

// No row has the key asked for.
class REXORM_CORE_EXPORT NotFoundError : public Error
{
public:
    using Error::Error;
};

// An update lost a race: the row's version changed since it was read (optimistic locking).
class REXORM_CORE_EXPORT ConflictError : public Error
{
public:
    using Error::Error;
};

// Reads and writes one entity's rows as Records: the spec's repository (findAll, findById,
// create, update, delete) for any entity, compiled or inspected. Writes validate first (every
// failure in one ValidationError), write only changed columns, honour a version column, run in a
// transaction (a savepoint when one is open) and publish a ChangeEvent after the commit.
// The plugins' model hooks run inside that transaction around each write (see ModelHooks).
// Keys: a value for a single-column key, a QVariantMap {column: value} for a composite one.
class REXORM_CORE_EXPORT EntityRepository
{
public:
    // Relation targets are looked up in registry (the global one when null).
    // The repository keeps its own copy of the entity, as do the records it hands out.
    EntityRepository(Database db, const EntityInfo &entity, const Registry *registry = nullptr);
    EntityRepository(Database db, std::shared_ptr<const EntityInfo> entity,
                     const Registry *registry = nullptr);

    const EntityInfo &entity() const { return *m_entity; }
    const std::shared_ptr<const EntityInfo> &sharedEntity() const { return m_entity; }
    const Database &database() const { return m_db; }

    // A query over the entity's table that accepts only its columns, with the plugins' query
    // scopes (PluginManager) that apply to the entity.
    Query query() const;
    // A copy of this repository whose reads and writes lift a query scope (soft delete's
    // "softDelete", say), or all of them.
    EntityRepository withoutScope(const QString &name) const;
    EntityRepository withoutScopes() const;
    QList<Record> get(const Query &query) const;
    // With relations loaded eagerly: {"posts", "posts.comments", "author"}. Each relation level
    // costs one query (WHERE key IN (...)), however many rows there are.
    QList<Record> get(const Query &query, const QStringList &relations) const;
    void loadRelations(QList<Record> &records, const QStringList &relations) const;
    // Lazy loading: the relation of one record, fetched on first access and kept in the record.
    QList<Record> related(Record &record, const QString &relation) const;

    // query() narrowed to rows that have at least one related row (matching constraint).
    Query whereHas(const QString &relation,
                   const std::function<void(Query &)> &constraint = {}) const;

    // Many-to-many links through the pivot table, each in one transaction.
    void attach(const Record &record, const QString &relation, const QVariantList &relatedKeys,
                const QVariantMap &pivotValues = {}) const;
    void detach(const Record &record, const QString &relation,
                const QVariantList &relatedKeys = {}) const; // {}: all
    void sync(const Record &record, const QString &relation, const QVariantList &relatedKeys) const;

    // Saves the record and the related records set on it (loaded, or Record::setRelated), along
    // the given paths ({"posts.comments", "author"}), in one transaction: belongsTo parents
    // first (their keys fill the foreign key), then the record, then hasOne/hasMany children
    // (given the record's key) and belongsToMany rows (linked through the pivot table if not
    // yet, with their pivot() columns). On failure nothing is written and record is unchanged.
    void saveWithRelated(Record &record, const QStringList &relations) const;

    std::optional<Record> find(const QVariant &key) const;
    Record findOrFail(const QVariant &key) const; // throws NotFoundError
    // The raw row of a key: no row, or one. The fast path under find() and typed lookups.
    QueryResult findRow(const QVariant &key) const;
    QList<Record> findAll(qint64 limit = -1, qint64 offset = 0) const;

    Record create(const QVariantMap &values) const;
    // Inserts a new record (its NULL columns left to the database's defaults) or updates its
    // changed columns; then refreshes it from the database.
    void save(Record &record) const;
    Record update(const QVariant &key, const QVariantMap &values) const; // throws NotFoundError
    bool remove(const QVariant &key) const; // false if there was no row
    // Throws NotFoundError. The record is new again afterwards, unless a hook turned the delete
    // into an update (soft delete): then it holds the row as updated.
    void remove(Record &record) const;
    void refresh(Record &record) const; // throws NotFoundError

    QFuture<QList<Record>> findAllAsync(qint64 limit = -1, qint64 offset = 0) const;
    QFuture<std::optional<Record>> findAsync(const QVariant &key) const;
    QFuture<Record> createAsync(const QVariantMap &values) const;
    QFuture<Record> updateAsync(const QVariant &key, const QVariantMap &values) const;
    QFuture<bool> removeAsync(const QVariant &key) const;

private:
    void insertRecord(Record &record) const;
    void updateRecord(Record &record) const;
    void checkHookColumns(const QVariantMap &values) const;
    QVariantMap keyMap(const QVariant &key) const;
    Query whereKey(const QVariantMap &key) const;
    QString describeKey(const QVariantMap &key) const;

    const RelationInfo &relationOrFail(const QString &name) const;
    const EntityInfo &targetOf(const RelationInfo &relation) const;

    Database m_db;
    std::shared_ptr<const EntityInfo> m_entity;
    const Registry *m_registry;
    QString m_findSql; // built once: the key lookup is the hottest read
    QStringList m_liftedScopes;
    bool m_allScopesLifted = false;
};

} // namespace RexOrm
