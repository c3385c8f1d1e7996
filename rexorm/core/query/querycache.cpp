#include <rexorm/changes/changehub.h>
#include <rexorm/error.h>
#include <rexorm/query/querycache.h>

#include <QtCore/QDataStream>
#include <QtCore/QHash>
#include <QtCore/QIODevice>
#include <QtCore/QMutex>

#include <list>
#include <variant>

namespace RexOrm {

namespace {

// "shop.Users" and "users" name the same table for invalidation: compare the last part,
// case-insensitively (conservative: a false match only drops an entry).
QString tableKey(const QString &table)
{
    return table.section(u'.', -1).toLower();
}

// Distinct values give distinct keys: streamed where Qt can stream the type (JSON, bytes, ...),
// else its text (RexOrm::Decimal's canonical text).
QString valueKey(const QVariant &value)
{
    if (value.isNull())
        return QString::number(value.metaType().id()) + QStringLiteral(":NULL");
    if (value.metaType().hasRegisteredDataStreamOperators()) {
        QByteArray bytes;
        QDataStream stream(&bytes, QIODevice::WriteOnly);
        stream << value;
        return QString::number(value.metaType().id()) + u':' +
               QString::fromLatin1(bytes.toBase64());
    }
    return QString::number(value.metaType().id()) + u'=' + value.toString();
}

} // namespace

struct QueryCache::Private
{
    struct Entry
    {
        QString key;
        QStringList tables; // as tableKey()
        std::variant<QueryResult, std::optional<Record>> value;
    };
    mutable QMutex mutex;
    std::list<Entry> lru; // front: most recently used
    QHash<QString, std::list<Entry>::iterator> index;
    quint64 generation = 0; // bumped by every invalidation: a result read before it is not stored
    quint64 hits = 0;
    quint64 misses = 0;
    quint64 invalidations = 0;

    const Entry *lookup(const QString &key)
    {
        const auto it = index.find(key);
        if (it == index.end()) {
            ++misses;
            return nullptr;
        }
        ++hits;
        lru.splice(lru.begin(), lru, it.value());
        return &lru.front();
    }

    void store(Entry entry, int maxEntries)
    {
        if (const auto it = index.find(entry.key); it != index.end()) {
            lru.erase(it.value());
            index.erase(it);
        }
        while (int(lru.size()) >= maxEntries && !lru.empty()) {
            index.remove(lru.back().key);
            lru.pop_back();
        }
        lru.push_front(std::move(entry));
        index.insert(lru.front().key, lru.begin());
    }
};

QueryCache::QueryCache(Database db, int maxEntries, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>()), m_db(std::move(db)), m_maxEntries(maxEntries)
{
    if (maxEntries < 1)
        throw Error(
            QStringLiteral("QueryCache needs room for at least one entry, got %1").arg(maxEntries));
    // Direct: the entries are gone before the writer's commit returns, in the writer's thread.
    connect(m_db.changes(), &ChangeHub::changed, this, &QueryCache::invalidate,
            Qt::DirectConnection);
}

QueryCache::~QueryCache() = default;

QueryResult QueryCache::get(const Query &query)
{
    // Inside a transaction reads see uncommitted rows: they are neither served nor stored.
    if (m_db.transactionDepth() > 0)
        return query.execute(m_db);
    const BuiltQuery built = query.build(m_db.dialect());
    QString key = QStringLiteral("q\x1f") + built.sql;
    for (const QVariant &param : built.params)
        key += u'\x1f' + valueKey(param);
    quint64 generation;
    {
        QMutexLocker lock(&d->mutex);
        if (const Private::Entry *entry = d->lookup(key))
            return std::get<QueryResult>(entry->value);
        generation = d->generation;
    }
    const QueryResult result = query.execute(m_db);
    if (result.wrote || query.hasRawSql())
        return result; // writes, and SQL whose tables RexOrm cannot know, are never entries
    QStringList tables;
    for (const QString &table : query.tables())
        tables << tableKey(table);
    QMutexLocker lock(&d->mutex);
    if (d->generation == generation) // no change committed while it ran
        d->store({key, tables, result}, m_maxEntries);
    return result;
}

std::optional<Record> QueryCache::find(const EntityRepository &repository, const QVariant &key)
{
    if (m_db.transactionDepth() > 0)
        return repository.find(key);
    const QString cacheKey =
        QStringLiteral("k\x1f") + repository.entity().qualifiedTable() + u'\x1f' +
        (key.metaType().id() == QMetaType::QVariantMap ? QString() : valueKey(key));
    QString fullKey = cacheKey;
    if (key.metaType().id() == QMetaType::QVariantMap) {
        const QVariantMap map = key.toMap();
        for (auto it = map.begin(); it != map.end(); ++it)
            fullKey += u'\x1f' + it.key() + u'=' + valueKey(it.value());
    }
    quint64 generation;
    {
        QMutexLocker lock(&d->mutex);
        if (const Private::Entry *entry = d->lookup(fullKey))
            return std::get<std::optional<Record>>(entry->value);
        generation = d->generation;
    }
    std::optional<Record> record = repository.find(key);
    QMutexLocker lock(&d->mutex);
    if (d->generation == generation)
        d->store({fullKey, {tableKey(repository.entity().qualifiedTable())}, record}, m_maxEntries);
    return record;
}

void QueryCache::invalidate(const ChangeEvent &event)
{
    QMutexLocker lock(&d->mutex);
    ++d->generation;
    const QString changed = tableKey(event.table);
    for (auto it = d->lru.begin(); it != d->lru.end();) {
        if (event.isUnknownWrite() || it->tables.contains(changed)) {
            d->index.remove(it->key);
            it = d->lru.erase(it);
            ++d->invalidations;
        } else {
            ++it;
        }
    }
}

void QueryCache::clear()
{
    QMutexLocker lock(&d->mutex);
    d->lru.clear();
    d->index.clear();
}

int QueryCache::size() const
{
    QMutexLocker lock(&d->mutex);
    return int(d->lru.size());
}

quint64 QueryCache::hits() const
{
    QMutexLocker lock(&d->mutex);
    return d->hits;
}

quint64 QueryCache::misses() const
{
    QMutexLocker lock(&d->mutex);
    return d->misses;
}

quint64 QueryCache::invalidations() const
{
    QMutexLocker lock(&d->mutex);
    return d->invalidations;
}

} // namespace RexOrm
