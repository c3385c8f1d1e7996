#include "connectionpool_p.h"
#include "logging_p.h"

#include "../changes/sqlitecapture_p.h"

#include <rexorm/error.h>

#include <QtCore/QCoreApplication>

#include <sqlite3.h>

#include <algorithm>
#include <vector>

namespace RexOrm {

namespace {

std::atomic<quint64> g_threadTokens{0};
std::atomic<quint64> g_poolIds{0};

// Lives once per thread; on thread exit it hands the thread's idle connections back to their
// pools, which close them here, in the thread that opened them.
struct ThreadExitHook
{
    quint64 token = ++g_threadTokens;
    std::vector<std::weak_ptr<ConnectionPool>> pools;

    void remember(const std::shared_ptr<ConnectionPool> &pool)
    {
        pools.erase(
            std::remove_if(pools.begin(), pools.end(),
                           [](const std::weak_ptr<ConnectionPool> &p) { return p.expired(); }),
            pools.end());
        for (const auto &known : pools) {
            if (known.lock() == pool)
                return;
        }
        pools.push_back(pool);
    }

    ~ThreadExitHook()
    {
        for (const auto &weak : pools) {
            if (auto pool = weak.lock())
                pool->releaseThread(token);
        }
    }
};

thread_local ThreadExitHook t_threadHook;

} // namespace

Lease::Lease(std::shared_ptr<ConnectionPool> pool, Connection *connection)
    : m_pool(std::move(pool)), m_connection(connection)
{}

Lease::Lease(Lease &&other) noexcept
    : m_pool(std::move(other.m_pool)), m_connection(std::exchange(other.m_connection, nullptr))
{}

Lease &Lease::operator=(Lease &&other) noexcept
{
    if (this != &other) {
        release();
        m_pool = std::move(other.m_pool);
        m_connection = std::exchange(other.m_connection, nullptr);
    }
    return *this;
}

Lease::~Lease()
{
    release();
}

void Lease::release()
{
    if (m_connection)
        m_pool->release(std::exchange(m_connection, nullptr));
    m_pool.reset();
}

quint64 ConnectionPool::currentThreadToken()
{
    return t_threadHook.token;
}

std::shared_ptr<ConnectionPool> ConnectionPool::create(const DatabaseConfig &config,
                                                       std::shared_ptr<const Dialect> dialect)
{
    std::shared_ptr<ConnectionPool> pool(new ConnectionPool(config, std::move(dialect)));
    pool->startReaper();
    return pool;
}

ConnectionPool::ConnectionPool(const DatabaseConfig &config, std::shared_ptr<const Dialect> dialect)
    : m_config(config), m_dialect(std::move(dialect)), m_id(++g_poolIds)
{
    m_counters.capacity = m_config.poolSize;
    if (m_config.captureChanges && m_dialect->qtDriverName() == u"QSQLITE")
        m_captureSequencer = std::make_shared<CaptureSequencer>();
    if (m_dialect->qtDriverName() == u"QSQLITE" && m_config.isInMemory()) {
        // Every connection of the pool shares one in-process database through SQLite's memdb
        // VFS, which has ordinary locking (busy timeouts work). The anchor keeps it alive while
        // the pool closes and reopens connections.
        m_config.databasePath = QStringLiteral("file:/rexorm-memory-%1-%2?vfs=memdb")
                                    .arg(QCoreApplication::applicationPid())
                                    .arg(m_id);
        const QByteArray uri = m_config.databasePath.toUtf8();
        if (sqlite3_open_v2(uri.constData(), &m_memoryAnchor,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI,
                            nullptr) != SQLITE_OK) {
            const QString message = QString::fromUtf8(sqlite3_errmsg(m_memoryAnchor));
            sqlite3_close_v2(m_memoryAnchor);
            m_memoryAnchor = nullptr;
            throw ConnectionError(
                QStringLiteral("Cannot create the in-memory SQLite database: %1").arg(message));
        }
    }
}

ConnectionPool::~ConnectionPool()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_reaperWake.notify_all();
    if (m_reaper.joinable()) {
        if (m_reaper.get_id() == std::this_thread::get_id())
            m_reaper.detach();
        else
            m_reaper.join();
    }
    m_connections.clear();
    if (m_memoryAnchor)
        sqlite3_close_v2(m_memoryAnchor);
}

void ConnectionPool::startReaper()
{
    if (m_config.idleTimeoutMs <= 0)
        return;
    m_reaper = std::thread([this] { reaperLoop(); });
}

void ConnectionPool::reaperLoop()
{
    const auto period = std::chrono::milliseconds(std::clamp(m_config.idleTimeoutMs / 4, 10, 1000));
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        m_reaperWake.wait_for(lock, period, [this] { return m_stopping; });
        if (m_stopping)
            break;
        lock.unlock();
        closeIdle(true);
        lock.lock();
    }
}

std::unique_ptr<Connection> ConnectionPool::newConnection(quint64 thread)
{
    QString name;
    {
        std::lock_guard lock(m_mutex);
        name = QStringLiteral("rexorm-%1-%2").arg(m_id).arg(++m_serial);
    }
    auto connection = std::make_unique<Connection>(m_config, m_dialect, name, thread,
                                                   &m_schemaEpoch, &m_schemaEpoch, &m_commitOrder);
    if (m_captureSequencer)
        connection->enableCapture(m_captureSequencer);
    connection->open();
    return connection;
}

Lease ConnectionPool::acquire()
{
    const quint64 thread = currentThreadToken();
    checkBlockingCall(m_dialect->displayName());
    if (m_shutDown.load())
        throw ConnectionError(
            QStringLiteral("The %1 connection pool was shut down with the application")
                .arg(m_dialect->displayName()));
    const auto deadline =
        Connection::Clock::now() + std::chrono::milliseconds(m_config.acquireTimeoutMs);
    bool counted = false;
    std::unique_lock lock(m_mutex);
    for (;;) {
        if (const auto it = m_connections.find(thread); it != m_connections.end()) {
            Connection *connection = it->second.get();
            if (connection->leases > 0) { // re-entrant use on the same thread
                ++connection->leases;
                return Lease(shared_from_this(), connection);
            }
            if (!connection->isBroken()) {
                connection->leases = 1;
                lock.unlock();
                return validated(connection, thread);
            }
            std::unique_ptr<Connection> dead = std::move(it->second);
            m_connections.erase(it);
            ++m_counters.replaced;
            lock.unlock();
            dead.reset();
            lock.lock();
            continue;
        }

        if (int(m_connections.size()) + m_opening < m_config.poolSize) {
            ++m_opening;
            lock.unlock();
            std::unique_ptr<Connection> fresh;
            try {
                fresh = newConnection(thread);
            } catch (...) {
                lock.lock();
                --m_opening;
                lock.unlock();
                m_freed.notify_one();
                throw;
            }
            lock.lock();
            --m_opening;
            ++m_counters.created;
            Connection *connection = fresh.get();
            connection->leases = 1;
            m_connections.emplace(thread, std::move(fresh));
            lock.unlock();
            Lease lease(shared_from_this(), connection);
            t_threadHook.remember(shared_from_this());
            return lease;
        }

        // At the cap: an idle connection of another thread gives up its slot.
        auto victim = m_connections.end();
        for (auto it = m_connections.begin(); it != m_connections.end(); ++it) {
            if (it->second->leases == 0 &&
                (victim == m_connections.end() ||
                 it->second->lastReleased < victim->second->lastReleased))
                victim = it;
        }
        if (victim != m_connections.end()) {
            std::unique_ptr<Connection> evicted = std::move(victim->second);
            m_connections.erase(victim);
            ++m_counters.evictions;
            lock.unlock();
            qCDebug(lcPool, "evicting an idle connection of another thread to make room");
            evicted.reset();
            lock.lock();
            continue;
        }

        if (Connection::Clock::now() >= deadline)
            throwExhausted(lock);
        if (!counted) {
            ++m_counters.waits;
            counted = true;
        }
        ++m_waiting;
        m_freed.wait_until(lock, deadline);
        --m_waiting;
    }
}

Lease ConnectionPool::validated(Connection *connection, quint64 thread)
{
    const auto idleFor = Connection::Clock::now() - connection->lastReleased;
    if (idleFor < std::chrono::milliseconds(m_config.validationIntervalMs) || connection->ping())
        return Lease(shared_from_this(), connection);

    qCWarning(lcPool, "a pooled %s connection died while idle; reconnecting",
              qPrintable(m_dialect->displayName()));
    std::unique_ptr<Connection> fresh;
    try {
        fresh = newConnection(thread);
    } catch (...) {
        std::unique_ptr<Connection> dead;
        {
            std::lock_guard lock(m_mutex);
            dead = std::move(m_connections[thread]);
            m_connections.erase(thread);
            ++m_counters.replaced;
        }
        m_freed.notify_one();
        throw;
    }
    std::unique_ptr<Connection> dead;
    Connection *connection_ = fresh.get();
    {
        std::lock_guard lock(m_mutex);
        dead = std::move(m_connections[thread]);
        fresh->leases = 1;
        m_connections[thread] = std::move(fresh);
        ++m_counters.replaced;
        ++m_counters.created;
    }
    return Lease(shared_from_this(), connection_);
}

void ConnectionPool::release(Connection *connection)
{
    std::unique_ptr<Connection> dead;
    {
        std::lock_guard lock(m_mutex);
        if (--connection->leases > 0)
            return;
        connection->lastReleased = Connection::Clock::now();
        // Nobody holds it any more: a connection still in a transaction was abandoned, and
        // closing it is what rolls that transaction back.
        if (connection->depth() > 0)
            connection->markBroken();
        if (connection->isBroken()) {
            const auto it = m_connections.find(connection->ownerThread());
            if (it != m_connections.end() && it->second.get() == connection) {
                dead = std::move(it->second);
                m_connections.erase(it);
                ++m_counters.replaced;
            }
        }
    }
    dead.reset();
    m_freed.notify_one();
}

void ConnectionPool::releaseThread(quint64 thread)
{
    std::unique_ptr<Connection> closing;
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_connections.find(thread);
        if (it == m_connections.end() || it->second->leases > 0)
            return;
        closing = std::move(it->second);
        m_connections.erase(it);
    }
    closing.reset();
    m_freed.notify_one();
}

void ConnectionPool::closeIdle(bool expiredOnly)
{
    std::vector<std::unique_ptr<Connection>> closing;
    {
        std::lock_guard lock(m_mutex);
        const auto now = Connection::Clock::now();
        const auto limit = std::chrono::milliseconds(m_config.idleTimeoutMs);
        for (auto it = m_connections.begin(); it != m_connections.end();) {
            if (it->second->leases == 0 &&
                (!expiredOnly || now - it->second->lastReleased >= limit)) {
                closing.push_back(std::move(it->second));
                it = m_connections.erase(it);
            } else {
                ++it;
            }
        }
        m_counters.idleClosed += closing.size();
    }
    if (!closing.empty()) {
        qCDebug(lcPool, "closing %zu idle connection(s)", closing.size());
        closing.clear();
        m_freed.notify_all();
    }
}

PoolStats ConnectionPool::statsLocked() const
{
    PoolStats stats = m_counters;
    stats.open = int(m_connections.size());
    stats.inUse = int(std::count_if(m_connections.begin(), m_connections.end(),
                                    [](const auto &entry) { return entry.second->leases > 0; }));
    stats.idle = stats.open - stats.inUse;
    stats.waiting = m_waiting;
    return stats;
}

PoolStats ConnectionPool::stats() const
{
    std::lock_guard lock(m_mutex);
    return statsLocked();
}

void ConnectionPool::throwExhausted(std::unique_lock<std::mutex> &lock)
{
    ++m_counters.timeouts;
    const PoolStats stats = statsLocked();
    lock.unlock();
    qCWarning(lcPool, "pool exhausted: %s", qPrintable(stats.toString()));
    throw PoolExhaustedError(
        QStringLiteral("Connection pool exhausted: no %1 connection became free within "
                       "%2 ms (%3). Raise poolSize, keep transactions short, or release "
                       "connections sooner.")
            .arg(m_dialect->displayName())
            .arg(m_config.acquireTimeoutMs)
            .arg(stats.toString()));
}

void ConnectionPool::shutdown()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_shutDown.store(true);
        for (auto &[thread, connection] : m_connections) {
            if (connection->leases > 0)
                connection->markBroken(); // discarded when released
        }
    }
    m_reaperWake.notify_all();
    if (m_reaper.joinable() && m_reaper.get_id() != std::this_thread::get_id())
        m_reaper.join();
    closeIdle(false);
}

int ConnectionPool::currentDepth() const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_connections.find(currentThreadToken());
    return it == m_connections.end() ? 0 : it->second->depth();
}

QString PoolStats::toString() const
{
    return QStringLiteral("open %1 of %2, in use %3, idle %4, waiting %5; created %6, waits %7, "
                          "timeouts %8, evictions %9, idle-closed %10, replaced %11")
        .arg(open)
        .arg(capacity)
        .arg(inUse)
        .arg(idle)
        .arg(waiting)
        .arg(created)
        .arg(waits)
        .arg(timeouts)
        .arg(evictions)
        .arg(idleClosed)
        .arg(replaced);
}

} // namespace RexOrm
