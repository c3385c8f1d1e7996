#include <rexorm/database/database.h>
#include <rexorm/error.h>

#include "connectionpool_p.h"
#include "executor_p.h"
#include "logging_p.h"

#include <mutex>

namespace RexOrm {

class DatabasePrivate
{
public:
    explicit DatabasePrivate(const DatabaseConfig &config)
        : config(config), dialect(DialectRegistry::dialect(config.driver)),
          pool(ConnectionPool::create(config, dialect))
    {}

    ExecutorGroup &executors()
    {
        std::call_once(executorsStarted, [this] {
            executorGroup = std::make_unique<ExecutorGroup>(config.executorThreads,
                                                            QStringLiteral("rexorm-exec"));
        });
        return *executorGroup;
    }

    // Drops a broken connection and runs a read once more on a fresh one. Writes are never
    // repeated: whether a lost write happened is unknown.
    template<typename Params>
    QueryResult execute(const QString &sql, const Params &params, int timeoutMs)
    {
        Lease lease = pool->acquire();
        try {
            return lease->execute(sql, params, timeoutMs);
        } catch (const ConnectionError &) {
            if (!lease->isBroken() || lease->depth() > 0 || lease->leases > 1 ||
                parseStatement(sql, dialect->backslashEscapesInStrings()).kind !=
                    StatementKind::Query)
                throw;
        }
        lease.release();
        qCInfo(lcPool, "retrying a read on a fresh connection after the old one was lost");
        Lease fresh = pool->acquire();
        return fresh->execute(sql, params, timeoutMs);
    }

    const DatabaseConfig config;
    const std::shared_ptr<const Dialect> dialect;
    const std::shared_ptr<ConnectionPool> pool;
    std::once_flag executorsStarted;
    std::unique_ptr<ExecutorGroup> executorGroup;
};

struct Transaction::State
{
    Lease lease;
    int depth = 0;
    quint64 thread = 0;
};

Database::Database(const DatabaseConfig &config)
{
    config.validate();
    d = std::make_shared<DatabasePrivate>(config);
}

Database Database::fromUrl(const QString &url)
{
    return Database(DatabaseConfig::fromUrl(url));
}

Database::Database(const Database &other) = default;
Database::Database(Database &&other) noexcept = default;
Database &Database::operator=(const Database &other) = default;
Database &Database::operator=(Database &&other) noexcept = default;
Database::~Database() = default;

const DatabaseConfig &Database::config() const
{
    return d->config;
}

const Dialect &Database::dialect() const
{
    return *d->dialect;
}

std::shared_ptr<const Dialect> Database::sharedDialect() const
{
    return d->dialect;
}

QueryResult Database::execute(const QString &sql, const QVariantList &params,
                              ExecOptions options) const
{
    return d->execute(sql, params, options.timeoutMs);
}

QueryResult Database::execute(const QString &sql, const QVariantMap &params,
                              ExecOptions options) const
{
    return d->execute(sql, params, options.timeoutMs);
}

QFuture<QueryResult> Database::executeAsync(const QString &sql, const QVariantList &params,
                                            ExecOptions options) const
{
    return run([db = *this, sql, params, options] { return db.execute(sql, params, options); });
}

QFuture<QueryResult> Database::executeAsync(const QString &sql, const QVariantMap &params,
                                            ExecOptions options) const
{
    return run([db = *this, sql, params, options] { return db.execute(sql, params, options); });
}

void Database::post(std::function<void()> job) const
{
    d->executors().post(std::move(job));
}

void Database::runInTransaction(const std::function<void()> &work) const
{
    Lease lease = d->pool->acquire();
    lease->begin();
    const int depth = lease->depth();
    const auto unwindTo = [&](int target) {
        while (lease->depth() >= target) {
            try {
                lease->rollback();
            } catch (const std::exception &error) {
                qCWarning(lcTx, "rollback failed: %s", error.what());
            }
        }
    };
    try {
        work();
    } catch (...) {
        unwindTo(depth);
        throw;
    }
    if (lease->depth() != depth) {
        unwindTo(depth);
        throw TransactionError(
            QStringLiteral("A transaction begun inside transaction() was neither committed "
                           "nor rolled back; everything was rolled back"));
    }
    try {
        lease->commit();
    } catch (...) {
        if (lease->depth() == depth) // a savepoint that could not be released
            unwindTo(depth);
        throw;
    }
}

Transaction Database::begin() const
{
    auto state = std::make_unique<Transaction::State>();
    state->lease = d->pool->acquire();
    state->lease->begin();
    state->depth = state->lease->depth();
    state->thread = ConnectionPool::currentThreadToken();
    return Transaction(std::move(state));
}

int Database::transactionDepth() const
{
    return d->pool->currentDepth();
}

void Database::onCommit(std::function<void()> hook) const
{
    if (transactionDepth() == 0)
        throw TransactionError(
            QStringLiteral("onCommit() needs an open transaction on this thread"));
    Lease lease = d->pool->acquire();
    lease->addCommitHook(std::move(hook));
}

void Database::onRollback(std::function<void()> hook) const
{
    if (transactionDepth() == 0)
        throw TransactionError(
            QStringLiteral("onRollback() needs an open transaction on this thread"));
    Lease lease = d->pool->acquire();
    lease->addRollbackHook(std::move(hook));
}

void Database::withConnection(const std::function<void(QSqlDatabase &)> &work) const
{
    Lease lease = d->pool->acquire();
    work(lease->database());
}

PoolStats Database::poolStats() const
{
    return d->pool->stats();
}

void Database::closeIdleConnections() const
{
    d->pool->closeIdle(false);
}

Transaction::Transaction(std::unique_ptr<State> state) : m_state(std::move(state)) {}

Transaction::Transaction(Transaction &&other) noexcept = default;

Transaction &Transaction::operator=(Transaction &&other) noexcept
{
    if (this != &other) {
        if (isActive()) {
            try {
                rollback();
            } catch (const std::exception &error) {
                qCWarning(lcTx, "rollback of a replaced transaction failed: %s", error.what());
            }
        }
        m_state = std::move(other.m_state);
    }
    return *this;
}

Transaction::~Transaction()
{
    if (!isActive())
        return;
    try {
        rollback();
    } catch (const std::exception &error) {
        qCWarning(lcTx, "rollback of an abandoned transaction failed: %s", error.what());
    }
}

bool Transaction::isActive() const
{
    return m_state && m_state->lease;
}

void Transaction::checkUsable(const char *operation) const
{
    const auto &state = m_state;
    if (!state || !state->lease)
        throw TransactionError(QStringLiteral("%1() on a transaction that is no longer active")
                                   .arg(QLatin1String(operation)));
    if (state->thread != ConnectionPool::currentThreadToken())
        throw TransactionError(
            QStringLiteral("%1() called from another thread than the one that began the "
                           "transaction")
                .arg(QLatin1String(operation)));
}

void Transaction::commit()
{
    checkUsable("commit");
    Lease &lease = m_state->lease;
    if (lease->depth() != m_state->depth)
        throw TransactionError(
            QStringLiteral("commit() while a transaction begun inside this one is still open"));
    try {
        lease->commit();
    } catch (...) {
        if (lease->depth() == m_state->depth)
            lease->rollback();
        lease.release();
        throw;
    }
    lease.release();
}

void Transaction::rollback()
{
    checkUsable("rollback");
    Lease &lease = m_state->lease;
    QString failure;
    while (lease->depth() >= m_state->depth) {
        try {
            lease->rollback();
        } catch (const TransactionError &error) {
            failure = error.message();
        }
    }
    lease.release();
    if (!failure.isEmpty())
        throw TransactionError(failure);
}

} // namespace RexOrm
