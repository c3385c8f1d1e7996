#pragma once

#include "sqlstatement_p.h"

#include <rexorm/database/databaseconfig.h>
#include <rexorm/database/dialect.h>
#include <rexorm/database/queryresult.h>

#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

#include <QtCore/QHash>
#include <QtCore/QSet>
#include <atomic>
#include <chrono>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <vector>

struct sqlite3;

namespace RexOrm {

class CaptureSequencer;
class DatabaseError;
class SqliteChangeCapture;

// One open QSqlDatabase with its prepared-statement cache and transaction stack. It is used only
// by the thread that opened it while leased; the pool may close it from another thread when idle.
class Connection
{
public:
    using Clock = std::chrono::steady_clock;

    Connection(const DatabaseConfig &config, std::shared_ptr<const Dialect> dialect,
               QString connectionName, quint64 ownerThread, const std::atomic<quint64> *schemaEpoch,
               std::atomic<quint64> *bumpEpoch, std::recursive_mutex *commitOrder);
    ~Connection();
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    // Called when QCoreApplication is destroyed; connections closed later skip QtSql's registry.
    static void markQtSqlShutDown();

    // Before open(): on SQLite, capture every row change through sqlite3's hooks and release
    // the committed ones through sequencer (DatabaseConfig::captureChanges).
    void enableCapture(std::shared_ptr<CaptureSequencer> sequencer);
    // Publishes the captured changes that committed; a no-op without capture.
    void flushCapture();

    void open(); // throws ConnectionError
    bool ping() noexcept;
    void close() noexcept;

    QueryResult execute(const QString &sql, const QVariantList &params, int timeoutMs);
    QueryResult execute(const QString &sql, const QVariantMap &params, int timeoutMs);
    // Hands each row to sink as it is read, in one reused buffer, instead of collecting them.
    using RowSink = std::function<void(const QStringList &columns, const QVariantList &row)>;
    QueryResult stream(const QString &sql, const QVariantList &params, int timeoutMs,
                       const RowSink &sink);

    // Transaction frames: depth 0 means none; each nested begin() is a savepoint.
    int depth() const { return int(m_frames.size()); }
    quint64 begin(); // returns the new frame's id
    void commit();
    void rollback();
    quint64 topFrameId() const; // 0 outside transactions
    bool hasFrame(quint64 id) const;
    void addCommitHook(std::function<void()> hook);
    void addRollbackHook(std::function<void()> hook);
    // True the first time key is seen in the open transaction (savepoints included): lets
    // repeated table events of one transaction become one.
    bool firstPending(const QString &key);

    QSqlDatabase &database() { return m_db; }
    const Dialect &dialect() const { return *m_dialect; }
    quint64 ownerThread() const { return m_ownerThread; }
    bool isBroken() const { return m_broken.load(); }
    // Any thread may mark a connection broken; the pool discards it when it is released.
    void markBroken() { m_broken.store(true); }

    // Pool bookkeeping, guarded by the pool's mutex.
    int leases = 0;
    Clock::time_point lastReleased = Clock::now();

private:
    struct CachedStatement
    {
        QString key;
        ParsedStatement parsed;
        QSqlQuery query;
        QStringList columns; // as first executed; a change means the schema moved underneath
        bool executed = false;
    };
    struct Frame
    {
        quint64 id = 0;
        QString savepoint; // empty for the outermost transaction
        std::vector<std::function<void()>> commitHooks;
        std::vector<std::function<void()>> rollbackHooks;
        QSet<QString> pendingKeys; // see firstPending()
        bool aborted = false;      // a statement failed and the server aborted the transaction
        qsizetype captureMark = 0; // captured rows pending when the frame began
    };

    QueryResult run(const ParsedStatement *parsed, CachedStatement *cached,
                    const QVariantList &values, int timeoutMs, bool mayRetry = true);
    QueryResult runWithRetry(const QString &rawSql, const QVariantList &positional,
                             const QVariantMap *named, int timeoutMs);
    CachedStatement *cachedStatement(const QString &rawSql);
    CachedStatement *prepare(const QString &rawSql, ParsedStatement parsed,
                             const QVariantList &values);
    bool canRetryStatement() const;
    void evict(const QString &rawSql);
    void clearCache();
    void applyTimeout(int timeoutMs);
    void execControl(const QString &sql); // transaction control and session statements
    [[noreturn]] void fail(const QSqlError &error, const QString &what, const QString &sql,
                           const QVariantList &values);
    QStringList describeValues(const QVariantList &values) const;

    DatabaseConfig m_config;
    std::shared_ptr<const Dialect> m_dialect;
    QString m_name;
    quint64 m_ownerThread;
    QSqlDatabase m_db;
    bool m_isSqlite = false;
    bool m_isPostgres = false;
    std::atomic<bool> m_broken{false};
    bool m_transactionLost = false; // the server rolled back the open transaction by itself
    quint64 m_frameSerial = 0;
    sqlite3 *m_sqlite = nullptr;
    bool m_progressHandlerInstalled = false;
    std::atomic<qint64> m_deadlineNs{0}; // SQLite statement deadline, steady-clock ns; 0: none
    int m_sessionTimeoutMs = -1;         // the timeout the server session has now; -1: unknown
    const std::atomic<quint64> *m_schemaEpoch;
    std::atomic<quint64> *m_bumpEpoch;
    quint64 m_seenEpoch = 0;
    std::recursive_mutex *m_commitOrder;
    const RowSink *m_sink = nullptr; // while streaming; the sink must not run statements here
    qint64 m_sunkRows = 0;           // pool-wide: COMMIT and its hooks run in commit order

    std::list<CachedStatement> m_lru; // front: most recently used
    QHash<QString, std::list<CachedStatement>::iterator> m_index;
    std::vector<Frame> m_frames;
    std::shared_ptr<CaptureSequencer> m_captureSequencer;
    std::unique_ptr<SqliteChangeCapture> m_capture; // while open, with capture enabled

    friend int sqliteProgress(void *);
};

} // namespace RexOrm
