#include "sqlrunner.h"

#include <session/async.h>

#include <rexorm/error.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QTimer>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlDriver>

#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace RexOrm::Admin {

using namespace std::chrono_literals;

// Shared by the GUI thread (cancel) and the executor thread running the statement; every field
// is guarded by mutex.
struct SqlRunner::Execution
{
    std::mutex mutex;
    std::condition_variable changed;
    bool started = false;   // the executor thread took the job and holds a connection
    bool abandoned = false; // cancelled before it started: the job does nothing
    bool cancelRequested = false;
    bool running = false;         // the statement itself is on the connection
    sqlite3 *sqlite = nullptr;    // while running on SQLite
    qint64 backendId = -1;        // pg_backend_pid() or CONNECTION_ID() of that connection
    int cancelsInFlight = 0;      // server cancels posted and not yet ended
    bool cancelDelivered = false; // an interrupt or server cancel reached the statement
    bool killSentWhileRunning = false;
};

namespace {

struct RowLimitReached
{
};

struct WorkerOutput
{
    SqlResult result;
    bool cancelled = false;
};

// Holds one in-flight server cancel; the statement's connection is not released before every
// ticket has ended, so a late cancel never reaches a later statement.
class CancelTicket
{
public:
    explicit CancelTicket(std::shared_ptr<SqlRunner::Execution> execution)
        : m_execution(std::move(execution))
    {}
    CancelTicket(const CancelTicket &) = delete;
    CancelTicket &operator=(const CancelTicket &) = delete;
    ~CancelTicket() { release(); }

    SqlRunner::Execution &execution() const { return *m_execution; }
    void release()
    {
        if (m_released)
            return;
        m_released = true;
        std::lock_guard lock(m_execution->mutex);
        --m_execution->cancelsInFlight;
        m_execution->changed.notify_all();
    }

private:
    std::shared_ptr<SqlRunner::Execution> m_execution;
    bool m_released = false;
};

sqlite3 *sqliteHandle(QSqlDatabase &connection)
{
    const QVariant handle = connection.driver() ? connection.driver()->handle() : QVariant();
    if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
        return *static_cast<sqlite3 *const *>(handle.constData());
    return nullptr;
}

// Runs on an executor thread. idSql names the connection for a server cancel (empty on SQLite).
WorkerOutput executeStatement(const Database &db,
                              const std::shared_ptr<SqlRunner::Execution> &execution,
                              const QString &sql, int maxRows, const QString &idSql,
                              bool killedReadMaySucceed)
{
    WorkerOutput out;
    out.result.statement = sql;
    {
        std::lock_guard lock(execution->mutex);
        if (execution->abandoned) {
            out.cancelled = true;
            return out;
        }
        execution->started = true;
    }
    // Nested calls on this thread reuse the connection withConnection() lends: the id recorded
    // first is the one the statement then runs on.
    db.withConnection([&](QSqlDatabase &connection) {
        sqlite3 *handle = nullptr;
        qint64 backendId = -1;
        if (idSql.isEmpty())
            handle = sqliteHandle(connection);
        else
            backendId = db.execute(idSql).value(0, 0).toLongLong();
        {
            std::lock_guard lock(execution->mutex);
            if (execution->cancelRequested) {
                out.cancelled = true;
                return;
            }
            execution->sqlite = handle;
            execution->backendId = backendId;
            execution->running = true;
        }

        QElapsedTimer timer;
        timer.start();
        std::exception_ptr error;
        try {
            const QueryResult result =
                db.forEachRow(sql, {}, [&](const QStringList &columns, const QVariantList &row) {
                    if (out.result.rows.size() >= maxRows)
                        throw RowLimitReached{}; // stops the fetch
                    if (out.result.columns.isEmpty())
                        out.result.columns = columns;
                    out.result.rows.append(row);
                });
            out.result.columns = result.columns;
            out.result.wrote = result.wrote;
            if (result.columns.isEmpty())
                out.result.rowsAffected = result.rowsAffected;
        } catch (const RowLimitReached &) {
            out.result.truncated = true;
        } catch (...) {
            error = std::current_exception();
        }
        out.result.elapsedMs = timer.elapsed();

        bool delivered = false;
        bool killSent = false;
        {
            std::unique_lock lock(execution->mutex);
            execution->running = false;
            execution->sqlite = nullptr;
            execution->changed.notify_all();
            // Keep the connection until every cancel sent for this statement has ended.
            execution->changed.wait_for(lock, 120s,
                                        [&] { return execution->cancelsInFlight == 0; });
            delivered = execution->cancelDelivered;
            killSent = execution->killSentWhileRunning;
        }
        if (error) {
            if (delivered) {
                out.cancelled = true;
                return;
            }
            std::rethrow_exception(error);
        }
        // MariaDB's SLEEP() returns 1 instead of failing when KILL QUERY stops it. A killed write
        // fails, so a write that succeeded really happened.
        if (killedReadMaySucceed && killSent && delivered && !out.result.wrote)
            out.cancelled = true;
    });
    return out;
}

// Runs on the cancel database's executor: sends the cancel, and repeats it while the statement
// still runs (a cancel that reaches the server just before the statement does is lost).
void sendCancel(const Database &cancelDb, CancelTicket &ticket, const QString &cancelSql,
                bool postgres)
{
    SqlRunner::Execution &execution = ticket.execution();
    constexpr int attempts = 10;
    for (int attempt = 1;; ++attempt) {
        qint64 backendId = -1;
        {
            std::lock_guard lock(execution.mutex);
            if (!execution.running)
                return; // it ended by itself
            backendId = execution.backendId;
            execution.killSentWhileRunning = true;
        }
        const QueryResult result = cancelDb.execute(cancelSql, {backendId});
        if (postgres && !result.value(0, 0).toBool())
            throw Error(QCoreApplication::translate(
                            "RexOrm::Admin::SqlRunner",
                            "PostgreSQL did not cancel the statement of backend %1.")
                            .arg(backendId));
        std::unique_lock lock(execution.mutex);
        execution.cancelDelivered = true;
        if (execution.changed.wait_for(lock, 1s, [&] { return !execution.running; }))
            return;
        if (attempt == attempts)
            throw Error(QCoreApplication::translate("RexOrm::Admin::SqlRunner",
                                                    "The server did not stop the statement."));
    }
}

} // namespace

SqlRunner::SqlRunner(QObject *parent) : QObject(parent), m_interruptTimer(new QTimer(this))
{
    m_interruptTimer->setInterval(200);
    connect(m_interruptTimer, &QTimer::timeout, this, [this] {
        if (m_state == State::Cancelling)
            interruptSqlite();
        else
            m_interruptTimer->stop();
    });
}

SqlRunner::~SqlRunner()
{
    abandonCurrent();
}

void SqlRunner::setDatabase(const Database &database)
{
    abandonCurrent();
    m_database = database;
    m_cancelDatabase.reset();
    const QString driver = database.dialect().qtDriverName();
    if (driver == u"QSQLITE")
        m_backend = Backend::Sqlite;
    else if (driver == u"QPSQL")
        m_backend = Backend::Postgres;
    else if (driver == u"QMYSQL" || driver == u"QMARIADB")
        m_backend = Backend::MySql;
    else
        m_backend = Backend::Other;
}

void SqlRunner::clearDatabase()
{
    abandonCurrent();
    m_database.reset();
    m_cancelDatabase.reset();
    m_backend = Backend::Other;
}

void SqlRunner::setMaxRows(int rows)
{
    m_maxRows = qMax(1, rows);
}

bool SqlRunner::isExecuting() const
{
    if (!m_current)
        return false;
    std::lock_guard lock(m_current->mutex);
    return m_current->running;
}

void SqlRunner::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

bool SqlRunner::run(const QString &sql)
{
    if (m_state != State::Idle || !m_database || sql.trimmed().isEmpty())
        return false;
    const auto execution = std::make_shared<Execution>();
    m_current = execution;
    const quint64 generation = ++m_generation;
    m_clock.start();
    QString idSql;
    if (m_backend == Backend::Postgres)
        idSql = QStringLiteral("SELECT pg_backend_pid()");
    else if (m_backend == Backend::MySql)
        idSql = QStringLiteral("SELECT CONNECTION_ID()");
    const bool killedReadMaySucceed = m_backend == Backend::MySql;

    setState(State::Running);
    emit started(sql);
    QFuture<WorkerOutput> future;
    try {
        future = m_database->run(
            [db = *m_database, execution, sql, maxRows = m_maxRows, idSql, killedReadMaySucceed] {
                return executeStatement(db, execution, sql, maxRows, idSql, killedReadMaySucceed);
            });
    } catch (const Error &error) { // the application is shutting down
        m_current.reset();
        setState(State::Idle);
        emit failed(error.message());
        emit done(Outcome::Failed);
        return true;
    }
    whenFinished(
        future, this,
        [this, generation](const WorkerOutput &out) {
            if (generation != m_generation)
                return;
            if (out.cancelled) {
                reportCancelled();
                return;
            }
            m_current.reset();
            m_interruptTimer->stop();
            setState(State::Idle);
            emit finished(out.result);
            emit done(Outcome::Finished);
        },
        [this, generation](const QString &message) {
            if (generation != m_generation)
                return;
            m_current.reset();
            m_interruptTimer->stop();
            setState(State::Idle);
            emit failed(message);
            emit done(Outcome::Failed);
        });
    return true;
}

void SqlRunner::reportCancelled()
{
    m_current.reset();
    m_interruptTimer->stop();
    setState(State::Idle);
    emit cancelled(m_clock.elapsed());
    emit done(Outcome::Cancelled);
}

void SqlRunner::cancel()
{
    if (m_state != State::Running || !m_current)
        return;
    const std::shared_ptr<Execution> execution = m_current;
    bool notStarted = false;
    {
        std::lock_guard lock(execution->mutex);
        execution->cancelRequested = true;
        if (!execution->started) {
            execution->abandoned = true;
            notStarted = true;
        }
    }
    if (notStarted) {
        ++m_generation; // the queued job does nothing; its result is dropped
        reportCancelled();
        return;
    }
    if (m_backend == Backend::Other) {
        emit cancelFailed(tr("Cancelling a running statement is not supported for %1.")
                              .arg(m_database->dialect().displayName()));
        return;
    }
    setState(State::Cancelling);
    requestCancel(execution);
}

// Stops the statement of execution (which must be started); before it runs, the executor sees
// cancelRequested and skips it.
void SqlRunner::requestCancel(const std::shared_ptr<Execution> &execution)
{
    if (m_backend == Backend::Sqlite) {
        interruptSqlite();
        if (m_state == State::Cancelling)
            m_interruptTimer->start();
        return;
    }
    if (m_backend == Backend::Postgres || m_backend == Backend::MySql)
        sendServerCancel(execution);
}

void SqlRunner::interruptSqlite()
{
    if (!m_current)
        return;
    std::lock_guard lock(m_current->mutex);
    // Only while the statement runs: the connection then stays leased to it, so no later
    // statement can be hit (SQLite clears the flag when the next statement starts anyway).
    if (m_current->running && m_current->sqlite) {
        sqlite3_interrupt(m_current->sqlite);
        m_current->cancelDelivered = true;
    }
}

void SqlRunner::sendServerCancel(const std::shared_ptr<Execution> &execution)
{
    {
        std::lock_guard lock(execution->mutex);
        if (!execution->running)
            return; // not on the server yet (it will not start) or already over
        ++execution->cancelsInFlight;
    }
    auto ticket = std::make_shared<CancelTicket>(execution);
    const quint64 generation = m_generation;
    const auto reportFailure = [this, generation](const QString &message) {
        if (generation != m_generation || m_state != State::Cancelling)
            return;
        setState(State::Running);
        emit cancelFailed(message);
    };
    QFuture<void> sent;
    try {
        if (!m_cancelDatabase) {
            // The main database's executors may all be busy: cancels go through a connection
            // and an executor of their own.
            DatabaseConfig config = m_database->config();
            config.poolSize = 1;
            config.executorThreads = 1;
            config.captureChanges = false;
            m_cancelDatabase.emplace(config);
        }
        const bool postgres = m_backend == Backend::Postgres;
        const QString cancelSql = postgres ? QStringLiteral("SELECT pg_cancel_backend(?)")
                                           : QStringLiteral("KILL QUERY ?");
        sent = m_cancelDatabase->run([db = *m_cancelDatabase, ticket, cancelSql, postgres] {
            sendCancel(db, *ticket, cancelSql, postgres);
            ticket->release();
        });
    } catch (const Error &error) {
        ticket->release();
        reportFailure(error.message());
        return;
    }
    ticket.reset(); // the job holds it now
    whenFinished(
        sent, this, [] {},
        [reportFailure](const QString &message) {
            reportFailure(
                QCoreApplication::translate("RexOrm::Admin::SqlRunner", "Cannot cancel: %1")
                    .arg(message));
        });
}

void SqlRunner::abandonCurrent()
{
    if (!m_current)
        return;
    const std::shared_ptr<Execution> execution = m_current;
    bool started = false;
    {
        std::lock_guard lock(execution->mutex);
        execution->cancelRequested = true;
        execution->abandoned = !execution->started;
        started = execution->started;
    }
    if (started) {
        if (m_backend == Backend::Sqlite) {
            interruptSqlite();
        } else if (m_backend == Backend::Postgres || m_backend == Backend::MySql) {
            sendServerCancel(execution); // a failure is dropped with the generation
        }
    }
    ++m_generation; // drops the result and any cancel failure
    m_current.reset();
    m_interruptTimer->stop();
    setState(State::Idle);
}

} // namespace RexOrm::Admin
