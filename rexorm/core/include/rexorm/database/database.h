#pragma once

#include <rexorm/database/databaseconfig.h>
#include <rexorm/database/dialect.h>
#include <rexorm/database/poolstats.h>
#include <rexorm/database/queryresult.h>

#include <QtCore/QFuture>
#include <QtCore/QPromise>

#include <functional>
#include <memory>
#include <optional>
#include <type_traits>

class QSqlDatabase;

namespace RexOrm {

class ChangeHub;
class DatabasePrivate;
class Transaction;
struct ChangeEvent;

struct ExecOptions
{
    ExecOptions() = default;
    explicit ExecOptions(int timeoutMs) : timeoutMs(timeoutMs) {}

    int timeoutMs = -1; // -1: the configured default; 0: no timeout
    // A write publishes change events after it commits: one table event per table named here
    // or, with none named, one event meaning "any table may have changed" (caches drop all).
    QStringList tables;
    // The caller publishes precise events of its own (repositories, the query builder).
    bool publishesOwnEvents = false;
};

// A handle to one database: its connection pool, dialect and executor threads. Copies share
// the same pool. All members are thread-safe.
//
// Synchronous calls use the calling thread's own pooled connection; nested calls on one thread
// reuse it, so a transaction() body sees its own writes. The *Async calls and run() execute on
// dedicated executor threads and never block the caller.
class REXORM_CORE_EXPORT Database
{
public:
    explicit Database(const DatabaseConfig &config);
    static Database fromUrl(const QString &url);
    Database(const Database &other);
    Database(Database &&other) noexcept;
    Database &operator=(const Database &other);
    Database &operator=(Database &&other) noexcept;
    ~Database();

    const DatabaseConfig &config() const;
    const Dialect &dialect() const;
    std::shared_ptr<const Dialect> sharedDialect() const;

    // Runs one statement with '?' or ':name' placeholders; every value is bound, never spliced.
    QueryResult execute(const QString &sql, const QVariantList &params = {},
                        ExecOptions options = {}) const;
    QueryResult execute(const QString &sql, const QVariantMap &params,
                        ExecOptions options = {}) const;
    // Runs a read and hands each row to onRow as it is fetched, without collecting them (the
    // returned result has the columns but no rows). onRow must not run statements on this
    // Database from the same thread: the connection is busy with the result.
    QueryResult forEachRow(
        const QString &sql, const QVariantList &params,
        const std::function<void(const QStringList &columns, const QVariantList &row)> &onRow,
        ExecOptions options = {}) const;
    QFuture<QueryResult> executeAsync(const QString &sql, const QVariantList &params = {},
                                      ExecOptions options = {}) const;
    QFuture<QueryResult> executeAsync(const QString &sql, const QVariantMap &params,
                                      ExecOptions options = {}) const;

    // Runs work on an executor thread; exceptions arrive through the future.
    template<typename F>
    auto run(F &&work) const -> QFuture<std::invoke_result_t<std::decay_t<F> &>>;

    // Commits when work returns, rolls back and rethrows when it throws. Nested calls become
    // savepoints.
    template<typename F> auto transaction(F &&work) const -> std::invoke_result_t<F &>;
    template<typename F>
    auto transactionAsync(F &&work) const -> QFuture<std::invoke_result_t<std::decay_t<F> &>>;
    // An explicit transaction on the calling thread, rolled back unless committed.
    Transaction begin() const;
    int transactionDepth() const; // of the calling thread, 0 outside transactions

    // Hooks of the calling thread's innermost transaction. Commit hooks run after the outermost
    // COMMIT succeeds, in registration order; hooks of a rolled-back savepoint are dropped and
    // its rollback hooks run. Throws TransactionError outside a transaction.
    void onCommit(std::function<void()> hook) const;
    void onRollback(std::function<void()> hook) const;

    // Lends the calling thread's QSqlDatabase for APIs that need the connection itself.
    void withConnection(const std::function<void(QSqlDatabase &)> &work) const;

    // The hub that publishes this database's committed changes.
    ChangeHub *changes() const;
    // Publishes a change now, or, inside a transaction, once the outermost COMMIT succeeds;
    // never for a transaction that rolls back. While capturesChanges(), events whose source is
    // Application are dropped: the connections report those writes themselves.
    void publishChange(const ChangeEvent &event) const;
    // True when this database's connections report every row change through sqlite3's hooks
    // (DatabaseConfig::captureChanges on SQLite). See docs/database.md, "Change capture".
    bool capturesChanges() const;

    PoolStats poolStats() const;
    void closeIdleConnections() const;

private:
    void runInTransaction(const std::function<void()> &work) const;
    void post(std::function<void()> job) const;

    std::shared_ptr<DatabasePrivate> d;
};

class REXORM_CORE_EXPORT Transaction
{
public:
    Transaction(Transaction &&other) noexcept;
    Transaction &operator=(Transaction &&other) noexcept;
    ~Transaction(); // rolls back when neither commit() nor rollback() ran

    void commit();
    void rollback();
    bool isActive() const;

private:
    friend class Database;
    struct State;
    explicit Transaction(std::unique_ptr<State> state);
    void checkUsable(const char *operation) const;
    std::unique_ptr<State> m_state;
};

template<typename F>
auto Database::run(F &&work) const -> QFuture<std::invoke_result_t<std::decay_t<F> &>>
{
    using Result = std::invoke_result_t<std::decay_t<F> &>;
    auto promise = std::make_shared<QPromise<Result>>();
    auto callable = std::make_shared<std::decay_t<F>>(std::forward<F>(work));
    QFuture<Result> future = promise->future();
    promise->start();
    post([promise, callable] {
        try {
            if constexpr (std::is_void_v<Result>)
                (*callable)();
            else
                promise->addResult((*callable)());
        } catch (...) {
            promise->setException(std::current_exception());
        }
        promise->finish();
    });
    return future;
}

template<typename F> auto Database::transaction(F &&work) const -> std::invoke_result_t<F &>
{
    using Result = std::invoke_result_t<F &>;
    if constexpr (std::is_void_v<Result>) {
        runInTransaction([&work] { work(); });
    } else {
        std::optional<Result> result;
        runInTransaction([&work, &result] { result.emplace(work()); });
        return std::move(*result);
    }
}

template<typename F>
auto Database::transactionAsync(F &&work) const -> QFuture<std::invoke_result_t<std::decay_t<F> &>>
{
    return run(
        [db = *this, work = std::forward<F>(work)]() mutable { return db.transaction(work); });
}

} // namespace RexOrm
