#pragma once

#include <rexorm/changes/changeevent.h>
#include <rexorm/database/database.h>
#include <rexorm/model/entityrepository.h>
#include <rexorm/query/query.h>

#include <QtCore/QObject>

#include <memory>
#include <optional>

namespace RexOrm {

// An opt-in cache of query results and lookups by key for one Database, bounded to maxEntries
// (least recently used go first). Each entry remembers the tables it read; every change event
// of the database drops the entries that read the changed table (all entries for a raw write
// that named no table), synchronously, before the writing transaction() returns. What it
// cannot see: writes by other processes or connections outside RexOrm (until the realtime
// capture feeds them in as change events), and the uncommitted writes of a transaction you are
// inside (it serves committed data: read without the cache inside a transaction).
class REXORM_CORE_EXPORT QueryCache : public QObject
{
    Q_OBJECT

public:
    explicit QueryCache(Database db, int maxEntries = 1000, QObject *parent = nullptr);
    ~QueryCache() override;

    // The query's result, from the cache or run and remembered.
    QueryResult get(const Query &query);
    // repository.find(key), from the cache or run and remembered (a miss is remembered too).
    std::optional<Record> find(const EntityRepository &repository, const QVariant &key);

    void clear();
    int size() const;
    int maxEntries() const { return m_maxEntries; }
    quint64 hits() const;
    quint64 misses() const;
    quint64 invalidations() const; // entries dropped by change events

private:
    void invalidate(const ChangeEvent &event);

    struct Private;
    std::unique_ptr<Private> d;
    Database m_db;
    int m_maxEntries;
};

} // namespace RexOrm
