#include <rexorm/changes/changehub.h>
#include <rexorm/database/database.h>
#include <rexorm/error.h>
#include <rexorm/plugins/requestcontext.h>

#include "connectionpool_p.h"
#include "executor_p.h"
#include "logging_p.h"

#include "../changes/sqlitecapture_p.h"

#include <QtCore/QCoreApplication>

#include <mutex>

namespace RexOrm {

class DatabasePrivate
{
public:
    explicit DatabasePrivate(const DatabaseConfig &config)
        : config(config), dialect(DialectRegistry::dialect(config.driver)),
          pool(ConnectionPool::create(config, dialect)),
          capturing(pool->captureSequencer() != nullptr)
    {}

    // Publishes now, or inside a transaction once the outermost COMMIT succeeds.
    void publishAfterCommit(const std::shared_ptr<DatabasePrivate> &self, const Database &db,
                            const ChangeEvent &event)
    {
        if (pool->currentDepth() == 0) {
            hub->publish(event);
            return;
        }
        if (event.isTableEvent()) {
            // One table event per table and operation per transaction is enough for listeners.
            Lease lease = pool->acquire();
            if (!lease->firstPending(QString::number(event.operation) + u'\x1f' + event.table))
                return;
        }
        std::weak_ptr<DatabasePrivate> weak = self;
        db.onCommit([weak, event] {
            if (const auto alive = weak.lock())
                alive->hub->publish(event);
        });
    }

    void post(std::function<void()> job)
    {
        std::lock_guard lock(executorMutex);
        if (shutDown)
            throw Error(
                QStringLiteral("Cannot run asynchronous work: the application is shutting down"));
        if (!executorGroup)
            executorGroup = std::make_unique<ExecutorGroup>(config.executorThreads,
                                                            QStringLiteral("rexorm-exec"));
        executorGroup->post(std::move(job));
    }

    // Runs when QCoreApplication is destroyed: afterwards QtSql can no longer close
    // connections, so executors and pooled connections end here.
    void shutdown()
    {
        std::unique_ptr<ExecutorGroup> group;
        {
            std::lock_guard lock(executorMutex);
            shutDown = true;
            group = std::move(executorGroup);
        }
        group.reset();
        pool->shutdown();
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
                !parseStatement(sql, dialect->sqlSyntax()).readOnly)
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
    const std::unique_ptr<ChangeHub> hub = std::make_unique<ChangeHub>();
    // SQLite connections report every row change themselves (DatabaseConfig::captureChanges).
    const bool capturing;
    std::mutex executorMutex;
    std::unique_ptr<ExecutorGroup> executorGroup;
    bool shutDown = false;
};

namespace {

struct LiveDatabases
{
    std::mutex mutex;
    std::vector<std::weak_ptr<DatabasePrivate>> list;
    QCoreApplication *registeredWith = nullptr;
};

LiveDatabases &liveDatabases()
{
    static LiveDatabases live;
    return live;
}

void shutdownLiveDatabases()
{
    std::vector<std::weak_ptr<DatabasePrivate>> list;
    {
        LiveDatabases &live = liveDatabases();
        std::lock_guard lock(live.mutex);
        list.swap(live.list);
        live.registeredWith = nullptr;
    }
    for (const auto &weak : list) {
        if (auto d = weak.lock())
            d->shutdown();
    }
    Connection::markQtSqlShutDown();
}

void registerLiveDatabase(const std::shared_ptr<DatabasePrivate> &d)
{
    LiveDatabases &live = liveDatabases();
    std::lock_guard lock(live.mutex);
    std::erase_if(live.list, [](const std::weak_ptr<DatabasePrivate> &w) { return w.expired(); });
    live.list.push_back(d);
    QCoreApplication *app = QCoreApplication::instance();
    if (app && live.registeredWith != app) {
        qAddPostRoutine(shutdownLiveDatabases);
        live.registeredWith = app;
    }
}

} // namespace

struct Transaction::State
{
    Lease lease;
    quint64 frame = 0;
    quint64 thread = 0;
};

Database::Database(const DatabaseConfig &config)
{
    config.validate();
    d = std::make_shared<DatabasePrivate>(config);
    if (const auto &sequencer = d->pool->captureSequencer()) {
        std::weak_ptr<DatabasePrivate> weak = d;
        sequencer->setSink([weak](QList<ChangeEvent> events) {
            if (const auto alive = weak.lock())
                alive->hub->publish(std::move(events));
        });
    }
    registerLiveDatabase(d);
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

// Raw writes tell change listeners (caches above all) what they may have changed. With change
// capture the connection reports each changed row itself, so only DDL (which changes no row
// SQLite reports, but may invalidate any cached read) still publishes an "any table" event.
static void publishRawWrite(const std::shared_ptr<DatabasePrivate> &d, const Database &db,
                            const QueryResult &result, const ExecOptions &options,
                            quint64 schemaEpochBefore)
{
    if (!result.wrote || options.publishesOwnEvents)
        return;
    const bool schemaChanged = d->pool->schemaEpoch() != schemaEpochBefore;
    if (d->capturing && !schemaChanged)
        return;
    ChangeEvent event;
    event.operation = ChangeEvent::Update;
    event.rowCount = result.rowsAffected;
    if (options.tables.isEmpty() || d->capturing) {
        d->publishAfterCommit(d, db, event); // no table: anything may have changed
        return;
    }
    for (const QString &table : options.tables) {
        event.table = table;
        event.entity = table;
        d->publishAfterCommit(d, db, event);
    }
}

QueryResult Database::execute(const QString &sql, const QVariantList &params,
                              ExecOptions options) const
{
    const quint64 epoch = d->pool->schemaEpoch();
    QueryResult result = d->execute(sql, params, options.timeoutMs);
    publishRawWrite(d, *this, result, options, epoch);
    return result;
}

QueryResult Database::execute(const QString &sql, const QVariantMap &params,
                              ExecOptions options) const
{
    const quint64 epoch = d->pool->schemaEpoch();
    QueryResult result = d->execute(sql, params, options.timeoutMs);
    publishRawWrite(d, *this, result, options, epoch);
    return result;
}

QueryResult
Database::forEachRow(const QString &sql, const QVariantList &params,
                     const std::function<void(const QStringList &, const QVariantList &)> &onRow,
                     ExecOptions options) const
{
    const quint64 epoch = d->pool->schemaEpoch();
    Lease lease = d->pool->acquire();
    QueryResult result = lease->stream(sql, params, options.timeoutMs, onRow);
    lease.release();
    publishRawWrite(d, *this, result, options, epoch);
    return result;
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
    RequestContext context = RequestContext::current();
    if (context.isEmpty() && context.attributes.isEmpty()) {
        d->post(std::move(job));
        return;
    }
    // The executor thread acts for the same request as the caller.
    d->post([context = std::move(context), job = std::move(job)] {
        const RequestContext::Scope scope(context);
        job();
    });
}

void Database::runInTransaction(const std::function<void()> &work) const
{
    Lease lease = d->pool->acquire();
    const quint64 frame = lease->begin();
    const auto unwind = [&] {
        while (lease->hasFrame(frame)) {
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
        unwind();
        throw;
    }
    if (lease->topFrameId() != frame) {
        const bool ended = !lease->hasFrame(frame);
        unwind();
        throw TransactionError(ended
                                   ? QStringLiteral("The transaction was ended inside its own body")
                                   : QStringLiteral("A transaction begun inside transaction() was "
                                                    "neither committed nor rolled back; everything "
                                                    "was rolled back"));
    }
    try {
        lease->commit();
    } catch (...) {
        unwind(); // a savepoint that could not be released
        throw;
    }
}

Transaction Database::begin() const
{
    auto state = std::make_unique<Transaction::State>();
    state->lease = d->pool->acquire();
    state->frame = state->lease->begin();
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
    try {
        work(lease->database());
    } catch (...) {
        lease->flushCapture(); // changes committed by statements RexOrm did not run
        throw;
    }
    lease->flushCapture();
}

ChangeHub *Database::changes() const
{
    return d->hub.get();
}

bool Database::capturesChanges() const
{
    return d->capturing;
}

void Database::publishChange(const ChangeEvent &event) const
{
    // With capture, the connection's hooks already report every row this process writes: the
    // application's own event for the same write would be a duplicate.
    if (d->capturing && event.source == ChangeEvent::Application)
        return;
    d->publishAfterCommit(d, *this, event);
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
    if (m_state->thread != ConnectionPool::currentThreadToken()) {
        // Its connection belongs to another thread: closing it is the only safe rollback.
        qCWarning(lcTx, "a transaction was destroyed on another thread than the one that began it; "
                        "its connection is discarded, which rolls the transaction back");
        m_state->lease->markBroken();
        m_state->lease.release();
        return;
    }
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
    if (!lease->hasFrame(m_state->frame)) {
        lease.release();
        throw TransactionError(
            QStringLiteral("commit() on a transaction an enclosing one already rolled back"));
    }
    if (lease->topFrameId() != m_state->frame)
        throw TransactionError(
            QStringLiteral("commit() while a transaction begun inside this one is still open"));
    try {
        lease->commit();
    } catch (...) {
        while (lease->hasFrame(m_state->frame)) {
            try {
                lease->rollback();
            } catch (const std::exception &error) {
                qCWarning(lcTx, "rollback after a failed commit failed: %s", error.what());
            }
        }
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
    while (lease->hasFrame(m_state->frame)) {
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
