#pragma once

#include "connection_p.h"

#include <rexorm/database/poolstats.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

struct sqlite3;

namespace RexOrm {

class ConnectionPool;

// A thread's hold on its pooled connection; re-entrant within the thread, released on destruction.
class Lease
{
public:
    Lease() = default;
    Lease(std::shared_ptr<ConnectionPool> pool, Connection *connection);
    Lease(Lease &&other) noexcept;
    Lease &operator=(Lease &&other) noexcept;
    ~Lease();

    Connection *operator->() const { return m_connection; }
    Connection &operator*() const { return *m_connection; }
    explicit operator bool() const { return m_connection != nullptr; }
    void release();

private:
    std::shared_ptr<ConnectionPool> m_pool;
    Connection *m_connection = nullptr;
};

// Per-thread connections with a cap on the total. See docs/database.md for the rules.
class ConnectionPool : public std::enable_shared_from_this<ConnectionPool>
{
public:
    static std::shared_ptr<ConnectionPool> create(const DatabaseConfig &config,
                                                  std::shared_ptr<const Dialect> dialect);
    ~ConnectionPool();

    Lease acquire();
    PoolStats stats() const;
    int currentDepth() const; // transaction depth of the calling thread's connection
    void closeIdle(bool expiredOnly);
    // Stops the reaper and closes every idle connection; later acquires throw ConnectionError.
    void shutdown();
    const DatabaseConfig &config() const { return m_config; }
    const std::shared_ptr<const Dialect> &dialect() const { return m_dialect; }
    // Orders the captured changes of all connections (DatabaseConfig::captureChanges on
    // SQLite); null without capture.
    const std::shared_ptr<CaptureSequencer> &captureSequencer() const { return m_captureSequencer; }
    // Moves whenever a connection of the pool runs DDL.
    quint64 schemaEpoch() const { return m_schemaEpoch.load(); }

    // Called on a thread's exit: closes that thread's idle connection in its own thread.
    void releaseThread(quint64 thread);
    void release(Connection *connection);

    static quint64 currentThreadToken();
    // Applies the calling thread's BlockingCallPolicy (threadguard.cpp).
    static void checkBlockingCall(const QString &database);

private:
    ConnectionPool(const DatabaseConfig &config, std::shared_ptr<const Dialect> dialect);
    void startReaper();
    void reaperLoop();
    std::unique_ptr<Connection> newConnection(quint64 thread);
    PoolStats statsLocked() const;
    [[noreturn]] void throwExhausted(std::unique_lock<std::mutex> &lock);
    Lease validated(Connection *connection, quint64 thread);

    DatabaseConfig m_config; // with ":memory:" resolved to a shared in-process database
    std::shared_ptr<const Dialect> m_dialect;
    quint64 m_id;
    sqlite3 *m_memoryAnchor = nullptr; // keeps a shared in-memory database alive

    mutable std::mutex m_mutex;
    std::condition_variable m_freed;
    std::unordered_map<quint64, std::unique_ptr<Connection>> m_connections; // by thread token
    int m_opening = 0;
    int m_waiting = 0;
    quint64 m_serial = 0;
    PoolStats m_counters;
    std::atomic<quint64> m_schemaEpoch{0};
    std::recursive_mutex m_commitOrder;
    std::shared_ptr<CaptureSequencer> m_captureSequencer;

    std::thread m_reaper;
    std::condition_variable m_reaperWake;
    bool m_stopping = false;
    std::atomic<bool> m_shutDown{false};
};

} // namespace RexOrm
