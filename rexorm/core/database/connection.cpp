#include "connection_p.h"
#include "logging_p.h"

#include "../changes/sqlitecapture_p.h"

#include <rexorm/error.h>

#include <QtCore/QElapsedTimer>
#include <QtCore/QScopeGuard>
#include <QtCore/QThread>

#include <algorithm>

#include <QtSql/QSqlDriver>
#include <QtSql/QSqlError>
#include <QtSql/QSqlRecord>
#include <optional>

#include <sqlite3.h>

namespace RexOrm {

namespace {

struct StalePlanRetry
{
};

// Set once QCoreApplication is gone: QtSql's connection registry may be destroyed next.
std::atomic<bool> g_qtSqlShutDown{false};

qint64 steadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               Connection::Clock::now().time_since_epoch())
        .count();
}

QString errorText(const QSqlError &error)
{
    const QString database = error.databaseText().trimmed();
    return database.isEmpty() ? error.driverText().trimmed() : database;
}

} // namespace

// Called by SQLite every few hundred virtual-machine steps; non-zero aborts with SQLITE_INTERRUPT.
int sqliteProgress(void *context)
{
    auto *connection = static_cast<Connection *>(context);
    const qint64 deadline = connection->m_deadlineNs.load(std::memory_order_relaxed);
    return deadline != 0 && steadyNs() > deadline ? 1 : 0;
}

Connection::Connection(const DatabaseConfig &config, std::shared_ptr<const Dialect> dialect,
                       QString connectionName, quint64 ownerThread,
                       const std::atomic<quint64> *schemaEpoch, std::atomic<quint64> *bumpEpoch,
                       std::recursive_mutex *commitOrder)
    : m_config(config), m_dialect(std::move(dialect)), m_name(std::move(connectionName)),
      m_ownerThread(ownerThread), m_schemaEpoch(schemaEpoch), m_bumpEpoch(bumpEpoch),
      m_commitOrder(commitOrder)
{
    m_isSqlite = m_dialect->qtDriverName() == u"QSQLITE";
    m_isPostgres = m_dialect->qtDriverName() == u"QPSQL";
}

void Connection::markQtSqlShutDown()
{
    g_qtSqlShutDown.store(true);
}

Connection::~Connection()
{
    close();
}

void Connection::enableCapture(std::shared_ptr<CaptureSequencer> sequencer)
{
    m_captureSequencer = std::move(sequencer);
}

void Connection::flushCapture()
{
    if (m_capture)
        m_capture->flush();
}

void Connection::open()
{
    if (!QSqlDatabase::isDriverAvailable(m_dialect->qtDriverName()))
        throw ConnectionError(
            QStringLiteral("The Qt SQL driver %1 for %2 is not installed (available: %3)")
                .arg(m_dialect->qtDriverName(), m_dialect->displayName(),
                     QSqlDatabase::drivers().join(QStringLiteral(", "))));
    m_db = QSqlDatabase::addDatabase(m_dialect->qtDriverName(), m_name);
    m_dialect->configureConnection(m_db, m_config);
    QElapsedTimer timer;
    timer.start();
    if (!m_db.open()) {
        const QSqlError error = m_db.lastError();
        close();
        throw ConnectionError(
            QStringLiteral("Cannot connect to %1 at %2: %3")
                .arg(m_dialect->displayName(), m_config.toUrl(false), errorText(error)));
    }
    if (m_isSqlite) {
        const QVariant handle = m_db.driver()->handle();
        if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
            m_sqlite = *static_cast<sqlite3 *const *>(handle.constData());
        // Statement deadlines and in-memory sharing call SQLite on QSQLITE's handle: that is
        // only sound when the plugin uses the very library RexOrm links (as Debian's does).
        QSqlQuery version(m_db);
        const QString expected = QString::fromLatin1(sqlite3_libversion());
        if (!version.exec(QStringLiteral("SELECT sqlite_version()")) || !version.next() ||
            version.value(0).toString() != expected) {
            const QString found = version.value(0).toString();
            version.finish();
            close();
            throw ConnectionError(
                QStringLiteral("The QSQLITE plugin uses SQLite %1, but RexOrm was built "
                               "against SQLite %2; both must be the same system library")
                    .arg(found, expected));
        }
    }
    try {
        for (const QString &statement : m_dialect->sessionSetupStatements(m_config)) {
            // Two connections opening a new SQLite file at once both switch it to WAL, which
            // takes an exclusive lock the busy handler does not wait for: retry briefly.
            QElapsedTimer waited;
            waited.start();
            for (;;) {
                try {
                    execControl(statement);
                    break;
                } catch (const DatabaseError &error) {
                    if (!m_isSqlite || error.nativeCode() != u"5" ||
                        waited.elapsed() > m_config.acquireTimeoutMs)
                        throw;
                    QThread::msleep(5);
                }
            }
        }
        const QString timeoutSql = m_dialect->statementTimeoutSql(m_config.statementTimeoutMs);
        if (!timeoutSql.isEmpty()) {
            execControl(timeoutSql);
            m_sessionTimeoutMs = m_config.statementTimeoutMs;
        }
    } catch (...) {
        close();
        throw;
    }
    if (m_schemaEpoch)
        m_seenEpoch = m_schemaEpoch->load();
    if (m_captureSequencer && m_isSqlite) {
        if (!m_sqlite) {
            close();
            throw ConnectionError(QStringLiteral(
                "Change capture needs the sqlite3 handle of the QSQLITE driver, which it did not "
                "give; turn captureChanges off or use Debian's QSQLITE plugin"));
        }
        m_capture = std::make_unique<SqliteChangeCapture>(m_sqlite, m_captureSequencer);
    }
    qCDebug(lcPool, "opened %s connection %s in %lld ms", qPrintable(m_dialect->displayName()),
            qPrintable(m_name), timer.elapsed());
}

bool Connection::ping() noexcept
{
    if (!m_db.isOpen() || isBroken())
        return false;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    const bool ok = query.exec(m_dialect->pingSql());
    if (!ok)
        markBroken();
    return ok;
}

void Connection::close() noexcept
{
    m_index.clear();
    m_lru.clear();
    m_frames.clear();
    m_capture.reset(); // before the handle closes (which would roll back under the hooks)
    if (m_sqlite && m_progressHandlerInstalled)
        sqlite3_progress_handler(m_sqlite, 0, nullptr, nullptr);
    m_sqlite = nullptr;
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        if (!g_qtSqlShutDown.load())
            QSqlDatabase::removeDatabase(m_name);
    }
}

QStringList Connection::describeValues(const QVariantList &values) const
{
    QStringList described;
    described.reserve(values.size());
    for (const QVariant &value : values) {
        const char *type = value.isNull() ? "NULL" : value.typeName();
        if (m_config.logParameterValues && !value.isNull())
            described << QStringLiteral("%1(%2)").arg(QLatin1String(type),
                                                      value.toString().left(200));
        else
            described << QLatin1String(type ? type : "invalid");
    }
    return described;
}

void Connection::fail(const QSqlError &error, const QString &what, const QString &sql,
                      const QVariantList &values)
{
    const ErrorKind kind = m_dialect->classifyError(error);
    if (!m_frames.empty()) {
        // SQLite rolls a whole transaction back on some errors (an interrupted write, a full
        // disk) and InnoDB on a deadlock; PostgreSQL refuses everything after any error.
        if (kind == ErrorKind::TransactionLost || (m_sqlite && sqlite3_get_autocommit(m_sqlite)))
            m_transactionLost = true;
        else if (m_dialect->failedStatementAbortsTransaction())
            m_frames.back().aborted = true;
    }
    QStringList types;
    for (const QVariant &value : values)
        types << QLatin1String(value.isNull() ? "NULL" : value.typeName());
    const QString text = m_config.logParameterValues ? errorText(error)
                                                     : m_dialect->redactErrorText(errorText(error));
    switch (kind) {
    case ErrorKind::Timeout:
        throw StatementTimeoutError(m_dialect->displayName(), QStringLiteral("statement timeout"),
                                    text, error.nativeErrorCode(), sql, types);
    case ErrorKind::ConnectionLost:
        markBroken();
        qCWarning(lcPool, "%s connection %s lost: %s", qPrintable(m_dialect->displayName()),
                  qPrintable(m_name), qPrintable(text));
        throw ConnectionError(
            QStringLiteral("%1 connection lost: %2. The pool replaces it on next use; "
                           "the statement's effect is unknown if it was a write.\n  SQL: %3")
                .arg(m_dialect->displayName(), text, sql));
    case ErrorKind::StalePlan:
    case ErrorKind::Statement:
    case ErrorKind::TransactionLost:
        break;
    }
    throw DatabaseError(m_dialect->displayName(), what, text, error.nativeErrorCode(), sql, types);
}

void Connection::execControl(const QString &sql)
{
    QElapsedTimer timer;
    timer.start();
    bool succeeded = false;
    if (m_capture)
        m_capture->statementStarting();
    const auto captured = qScopeGuard([&] {
        if (m_capture)
            m_capture->statementFinished(!succeeded);
    });
    QSqlQuery query(m_db);
    const bool ok = query.exec(sql);
    if (!ok)
        fail(query.lastError(), QStringLiteral("execution"), sql, {});
    succeeded = true;
    qCDebug(lcSql, "%s (%.3f ms)", qPrintable(sql), timer.nsecsElapsed() / 1e6);
}

void Connection::applyTimeout(int timeoutMs)
{
    const int effective = timeoutMs >= 0 ? timeoutMs : m_config.statementTimeoutMs;
    if (m_isSqlite) {
        if (effective > 0 && m_sqlite && !m_progressHandlerInstalled) {
            sqlite3_progress_handler(m_sqlite, 1000, &sqliteProgress, this);
            m_progressHandlerInstalled = true;
        }
        m_deadlineNs.store(effective > 0 ? steadyNs() + qint64(effective) * 1000000 : 0,
                           std::memory_order_relaxed);
        return;
    }
    if (effective == m_sessionTimeoutMs)
        return;
    const QString sql = m_dialect->statementTimeoutSql(effective);
    if (sql.isEmpty())
        return;
    execControl(sql);
    m_sessionTimeoutMs = effective;
}

void Connection::clearCache()
{
    m_index.clear();
    m_lru.clear();
}

void Connection::evict(const QString &rawSql)
{
    const auto it = m_index.find(rawSql);
    if (it == m_index.end())
        return;
    m_lru.erase(it.value());
    m_index.erase(it);
}

Connection::CachedStatement *Connection::cachedStatement(const QString &rawSql)
{
    if (m_schemaEpoch && m_schemaEpoch->load(std::memory_order_relaxed) != m_seenEpoch) {
        clearCache();
        m_seenEpoch = m_schemaEpoch->load();
    }
    const auto it = m_index.find(rawSql);
    if (it == m_index.end())
        return nullptr;
    m_lru.splice(m_lru.begin(), m_lru, it.value());
    return &m_lru.front();
}

bool Connection::canRetryStatement() const
{
    // A failed statement poisons a PostgreSQL transaction, so it cannot simply run again there.
    return m_frames.empty() || !m_dialect->failedStatementAbortsTransaction();
}

Connection::CachedStatement *Connection::prepare(const QString &rawSql, ParsedStatement parsed,
                                                 const QVariantList &values)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.setNumericalPrecisionPolicy(QSql::HighPrecision);
    if (!query.prepare(parsed.sql))
        fail(query.lastError(), QStringLiteral("prepare"), parsed.sql, values);
    if (m_config.statementCacheSize <= 0) {
        m_lru.push_front({rawSql, std::move(parsed), std::move(query), {}, false});
        return &m_lru.front(); // removed again by the caller
    }
    while (int(m_lru.size()) >= m_config.statementCacheSize) {
        m_index.remove(m_lru.back().key);
        m_lru.pop_back();
    }
    m_lru.push_front({rawSql, std::move(parsed), std::move(query), {}, false});
    m_index.insert(rawSql, m_lru.begin());
    return &m_lru.front();
}

QueryResult Connection::execute(const QString &sql, const QVariantList &params, int timeoutMs)
{
    QueryResult result;
    try {
        result = runWithRetry(sql, params, nullptr, timeoutMs);
    } catch (...) {
        flushCapture(); // an OR FAIL statement in autocommit commits what it changed
        throw;
    }
    flushCapture();
    return result;
}

QueryResult Connection::execute(const QString &sql, const QVariantMap &params, int timeoutMs)
{
    QueryResult result;
    try {
        result = runWithRetry(sql, {}, &params, timeoutMs);
    } catch (...) {
        flushCapture();
        throw;
    }
    flushCapture();
    return result;
}

QueryResult Connection::stream(const QString &sql, const QVariantList &params, int timeoutMs,
                               const RowSink &sink)
{
    if (m_sink)
        throw Error(QStringLiteral(
            "A statement cannot start while this thread streams rows from the same connection"));
    QueryResult result;
    try {
        m_sink = &sink;
        m_sunkRows = 0;
        const auto done = qScopeGuard([this] { m_sink = nullptr; });
        result = runWithRetry(sql, params, nullptr, timeoutMs);
    } catch (...) {
        flushCapture();
        throw;
    }
    flushCapture();
    return result;
}

QueryResult Connection::runWithRetry(const QString &rawSql, const QVariantList &positional,
                                     const QVariantMap *named, int timeoutMs)
{
    if (m_sink && m_sunkRows > 0)
        throw Error(QStringLiteral(
            "A statement cannot start while this thread streams rows from the same connection"));
    if (isBroken())
        throw ConnectionError(QStringLiteral("%1 connection was lost earlier in this transaction")
                                  .arg(m_dialect->displayName()));
    if (m_transactionLost)
        throw TransactionError(
            QStringLiteral("%1 rolled this transaction back after an earlier error; "
                           "nothing more runs in it until it is rolled back")
                .arg(m_dialect->displayName()));
    const bool hasValues = named ? !named->isEmpty() : !positional.isEmpty();
    CachedStatement *cached = hasValues ? cachedStatement(rawSql) : nullptr;
    ParsedStatement parsedHere;
    const ParsedStatement *parsed = cached ? &cached->parsed : nullptr;
    if (!parsed) {
        parsedHere = parseStatement(rawSql, m_dialect->sqlSyntax());
        parsed = &parsedHere;
    }

    if (parsed->kind == StatementKind::TransactionControl)
        throw TransactionError(
            QStringLiteral("\"%1\" cannot run through execute(): use Database::transaction() "
                           "or Database::begin(), which keep savepoints and commit hooks "
                           "consistent")
                .arg(parsed->firstKeyword));
    if (parsed->setsAutocommit)
        throw TransactionError(
            QStringLiteral("SET autocommit cannot run through execute(): RexOrm "
                           "tracks transactions itself; use Database::transaction()"));
    const bool implicitCommit = parsed->kind == StatementKind::Ddl ||
                                parsed->firstKeyword == u"LOCK" ||
                                parsed->firstKeyword == u"UNLOCK";
    if (implicitCommit && depth() > 0 && m_dialect->ddlCommitsTransaction())
        throw TransactionError(
            QStringLiteral("%1 commits the open transaction implicitly on DDL (%2 ...); "
                           "a later rollback could not undo it. Run DDL outside the transaction.")
                .arg(m_dialect->displayName(), parsed->firstKeyword));

    QVariantList values;
    if (named) {
        if (!parsed->names.isEmpty() || !named->isEmpty()) {
            for (const QString &name : parsed->names) {
                const auto it = named->find(name);
                if (it == named->end())
                    throw Error(QStringLiteral("No value bound for placeholder :%1").arg(name));
                values << it.value();
            }
            // Every placeholder found its value; equal counts mean no value is left over.
            if (named->size() != parsed->distinctNames) {
                for (auto it = named->begin(); it != named->end(); ++it) {
                    if (!parsed->names.contains(it.key()))
                        throw Error(QStringLiteral("Value bound for :%1, but the statement has no "
                                                   "such placeholder")
                                        .arg(it.key()));
                }
            }
        }
    } else {
        if (!parsed->names.isEmpty())
            throw Error(
                QStringLiteral("The statement uses named placeholders (:%1); bind a QVariantMap")
                    .arg(parsed->names.first()));
        values = positional;
    }
    if (values.size() != parsed->placeholders)
        throw Error(QStringLiteral("The statement has %1 placeholder(s) but %2 value(s) were bound")
                        .arg(parsed->placeholders)
                        .arg(values.size()));

    const bool cacheable = parsed->placeholders > 0 && parsed->kind != StatementKind::Ddl;
    if (cacheable && !cached)
        cached = prepare(rawSql, *parsed, values);
    const auto dropUncached = qScopeGuard([&] {
        if (cached && m_config.statementCacheSize <= 0)
            m_lru.clear();
    });
    try {
        return run(cached ? &cached->parsed : parsed, cached, values, timeoutMs);
    } catch (const StalePlanRetry &) {
        // The schema changed under a cached prepared statement; it had no effect, so re-prepare
        // once.
        qCInfo(lcSql, "re-preparing a statement whose cached plan went stale: %s",
               qPrintable(rawSql));
        ParsedStatement again = cached->parsed;
        evict(rawSql);
        m_lru.remove_if([&](const CachedStatement &entry) { return &entry == cached; });
        cached = prepare(rawSql, std::move(again), values);
        return run(&cached->parsed, cached, values, timeoutMs, false);
    }
}

QueryResult Connection::run(const ParsedStatement *parsed, CachedStatement *cached,
                            const QVariantList &values, int timeoutMs, bool mayRetry)
{
    // Declared first, so it runs last: after the query was finished and the statement is done.
    bool succeeded = false;
    if (m_capture)
        m_capture->statementStarting();
    const auto captured = qScopeGuard([&] {
        if (m_capture)
            m_capture->statementFinished(!succeeded);
    });
    applyTimeout(timeoutMs);
    // QSQLITE steps through the rows in next(): the deadline covers the whole fetch.
    const auto clearDeadline = qScopeGuard([this] {
        if (m_isSqlite)
            m_deadlineNs.store(0, std::memory_order_relaxed);
    });
    QElapsedTimer timer;
    timer.start();

    std::optional<QSqlQuery> direct;
    if (!cached) {
        direct.emplace(m_db);
        direct->setForwardOnly(true);
        direct->setNumericalPrecisionPolicy(QSql::HighPrecision);
    }
    QSqlQuery &query = cached ? cached->query : *direct;
    bool ok;
    if (cached) {
        for (qsizetype i = 0; i < values.size(); ++i)
            query.bindValue(int(i), m_dialect->toDatabaseValue(values[i]));
        ok = query.exec();
    } else {
        ok = query.exec(parsed->sql);
    }
    if (!ok) {
        const QSqlError error = query.lastError();
        query.finish();
        if (mayRetry && cached && canRetryStatement() &&
            m_dialect->classifyError(error) == ErrorKind::StalePlan)
            throw StalePlanRetry{};

        qCDebug(lcSql, "failed: %s [%s]", qPrintable(parsed->sql),
                qPrintable(describeValues(values).join(QStringLiteral(", "))));
        fail(error, QStringLiteral("execution"), parsed->sql, values);
    }

    QueryResult result;
    result.wrote = !parsed->readOnly;
    if (query.isSelect()) {
        const QSqlRecord record = query.record();
        const int columns = record.count();
        bool sameColumns = cached && cached->executed && cached->columns.size() == columns;
        for (int c = 0; sameColumns && c < columns; ++c)
            sameColumns = cached->columns[c] == record.fieldName(c);
        if (sameColumns) {
            result.columns = cached->columns; // shared, no copy
        } else {
            result.columns.reserve(columns);
            for (int c = 0; c < columns; ++c)
                result.columns << record.fieldName(c);
        }
        if (cached) {
            // QSQLITE keeps the column layout of the first execution even after SQLite itself
            // re-prepared the statement for a changed schema. A read can simply run again.
            if (cached->executed && !sameColumns) {
                query.finish();
                if (mayRetry && parsed->kind == StatementKind::Query)
                    throw StalePlanRetry{};
                qCWarning(
                    lcSql,
                    "the schema changed under a cached statement; it is re-prepared next time: %s",
                    qPrintable(parsed->sql));
                evict(cached->key);
                throw DatabaseError(
                    m_dialect->displayName(), QStringLiteral("execution"),
                    QStringLiteral("the table changed while the statement was cached; it ran, "
                                   "but its returned rows could not be read"),
                    QString(), parsed->sql, {});
            }
            cached->columns = result.columns;
            cached->executed = true;
        }
        if (m_sink) {
            QVariantList row(columns);
            while (query.next()) {
                for (int c = 0; c < columns; ++c)
                    row[c] = query.value(c);
                ++m_sunkRows;
                (*m_sink)(result.columns, row);
            }
        } else {
            while (query.next()) {
                QVariantList row;
                row.reserve(columns);
                for (int c = 0; c < columns; ++c)
                    row << query.value(c);
                result.rows << std::move(row);
            }
        }
        if (query.lastError().isValid()) {
            const QSqlError error = query.lastError();
            query.finish();
            if (mayRetry && cached && parsed->kind == StatementKind::Query && canRetryStatement() &&
                m_sunkRows == 0 && m_dialect->classifyError(error) == ErrorKind::StalePlan)
                throw StalePlanRetry{};
            fail(error, QStringLiteral("fetch"), parsed->sql, values);
        }
        const qint64 affected = query.numRowsAffected();
        result.rowsAffected =
            parsed->kind == StatementKind::Query || affected < 0 ? result.rows.size() : affected;
    } else {
        result.rowsAffected = query.numRowsAffected();
    }
    if (parsed->kind == StatementKind::Insert) {
        // INSERT ... RETURNING yields the key itself; otherwise ask the driver (not on libpq,
        // where Qt would run "SELECT lastval()", which fails and aborts the transaction when
        // no sequence was used).
        if (!result.rows.isEmpty() && !result.rows.first().isEmpty())
            result.lastInsertId = result.rows.first().first();
        else if (!m_isPostgres)
            result.lastInsertId = query.lastInsertId();
    }
    query.finish();

    if (parsed->kind == StatementKind::Ddl) {
        clearCache();
        if (m_capture)
            m_capture->schemaChanged();
        if (m_bumpEpoch)
            m_bumpEpoch->fetch_add(1);
        if (m_schemaEpoch)
            m_seenEpoch = m_schemaEpoch->load();
    }

    const double elapsedMs = timer.nsecsElapsed() / 1e6;
    if (lcSql().isDebugEnabled()) {
        qCDebug(lcSql, "%s [%s] %.3f ms, %lld row(s)", qPrintable(parsed->sql),
                qPrintable(describeValues(values).join(QStringLiteral(", "))), elapsedMs,
                qlonglong(result.rowsAffected));
    }
    if (m_config.slowQueryMs > 0 && elapsedMs > m_config.slowQueryMs)
        qCWarning(lcSql, "slow statement (%.1f ms, threshold %d ms): %s", elapsedMs,
                  m_config.slowQueryMs, qPrintable(parsed->sql));
    succeeded = true;
    return result;
}

quint64 Connection::begin()
{
    if (isBroken())
        throw TransactionError(
            QStringLiteral("Cannot begin a transaction: the %1 connection was lost")
                .arg(m_dialect->displayName()));
    if (m_transactionLost)
        throw TransactionError(
            QStringLiteral("Cannot begin a savepoint: %1 already rolled this transaction back")
                .arg(m_dialect->displayName()));
    Frame frame;
    frame.id = ++m_frameSerial;
    frame.captureMark = m_capture ? m_capture->mark() : 0;
    try {
        if (m_frames.empty()) {
            execControl(m_dialect->beginTransactionSql());
        } else {
            frame.savepoint = QStringLiteral("rexorm_sp_%1").arg(m_frames.size());
            execControl(m_dialect->savepointSql(frame.savepoint));
        }
    } catch (const Error &error) {
        throw TransactionError(QStringLiteral("Cannot begin %1: %2")
                                   .arg(m_frames.empty() ? QStringLiteral("a transaction")
                                                         : QStringLiteral("a savepoint"),
                                        error.message()));
    }
    qCDebug(lcTx, "%s depth %zu", frame.savepoint.isEmpty() ? "begin" : "savepoint",
            m_frames.size() + 1);
    m_frames.push_back(std::move(frame));
    return m_frames.back().id;
}

quint64 Connection::topFrameId() const
{
    return m_frames.empty() ? 0 : m_frames.back().id;
}

bool Connection::hasFrame(quint64 id) const
{
    return std::any_of(m_frames.begin(), m_frames.end(),
                       [id](const Frame &f) { return f.id == id; });
}

static void runHooks(std::vector<std::function<void()>> &hooks, const char *kind)
{
    for (auto &hook : hooks) {
        try {
            hook();
        } catch (const std::exception &error) {
            qCWarning(lcTx, "%s hook threw: %s", kind, error.what());
        } catch (...) {
            qCWarning(lcTx, "%s hook threw an unknown exception", kind);
        }
    }
}

void Connection::commit()
{
    if (m_frames.empty())
        throw TransactionError(QStringLiteral("commit() without an open transaction"));
    if (m_transactionLost) {
        rollback();
        throw TransactionError(
            QStringLiteral("Commit refused: %1 rolled the transaction back after an "
                           "earlier error; nothing of it was kept")
                .arg(m_dialect->displayName()));
    }
    Frame &top = m_frames.back();
    if (!top.savepoint.isEmpty()) {
        try {
            execControl(m_dialect->releaseSavepointSql(top.savepoint));
        } catch (const Error &error) {
            throw TransactionError(QStringLiteral("Cannot release savepoint %1: %2")
                                       .arg(top.savepoint, error.message()));
        }
        Frame done = std::move(top);
        m_frames.pop_back();
        Frame &parent = m_frames.back();
        for (auto &hook : done.commitHooks)
            parent.commitHooks.push_back(std::move(hook));
        for (auto &hook : done.rollbackHooks)
            parent.rollbackHooks.push_back(std::move(hook));
        parent.pendingKeys.unite(done.pendingKeys);
        qCDebug(lcTx, "released savepoint, depth %zu", m_frames.size());
        return;
    }
    if (top.aborted) {
        rollback();
        throw TransactionError(
            QStringLiteral("Commit refused: a statement failed inside the transaction and %1 "
                           "aborted it; the transaction was rolled back")
                .arg(m_dialect->displayName()));
    }
    // With commit hooks (change events), COMMIT and the hooks happen under one pool-wide lock,
    // so events come out in the order the transactions committed.
    std::unique_lock<std::recursive_mutex> ordered;
    if (!top.commitHooks.empty() && m_commitOrder)
        ordered = std::unique_lock(*m_commitOrder);
    try {
        execControl(m_dialect->commitSql());
    } catch (const Error &error) {
        Frame failed = std::move(top);
        m_frames.pop_back();
        if (!isBroken()) {
            QSqlQuery query(m_db);
            query.exec(m_dialect->rollbackSql());
        }
        m_sessionTimeoutMs = -1;
        runHooks(failed.rollbackHooks, "rollback");
        if (ordered.owns_lock())
            ordered.unlock();
        flushCapture(); // resolves the failed commit's place in the commit order
        throw TransactionError(QStringLiteral("Commit failed; the transaction was rolled back: %1")
                                   .arg(error.message()));
    }
    Frame done = std::move(top);
    m_frames.pop_back();
    qCDebug(lcTx, "commit");
    runHooks(done.commitHooks, "commit");
    if (ordered.owns_lock())
        ordered.unlock();
    // Captured events go out in commit order through their own sequencer, after the frame is
    // gone: a slot that writes starts a transaction of its own.
    flushCapture();
}

void Connection::rollback()
{
    if (m_frames.empty())
        throw TransactionError(QStringLiteral("rollback() without an open transaction"));
    Frame undone = std::move(m_frames.back());
    m_frames.pop_back();
    m_sessionTimeoutMs = -1; // a SET inside the transaction is undone with it
    QString failure;
    // After the server dropped the transaction there is nothing left to roll back.
    if (!isBroken() && !m_transactionLost) {
        try {
            if (undone.savepoint.isEmpty()) {
                execControl(m_dialect->rollbackSql());
            } else {
                execControl(m_dialect->rollbackToSavepointSql(undone.savepoint));
                execControl(m_dialect->releaseSavepointSql(undone.savepoint));
            }
        } catch (const Error &error) {
            failure = error.message();
        }
    }
    if (m_frames.empty())
        m_transactionLost = false;
    if (m_capture)
        m_capture->rollbackTo(undone.captureMark); // what the frame captured is undone
    qCDebug(lcTx, "%s, depth %zu",
            undone.savepoint.isEmpty() ? "rollback" : "rollback to savepoint", m_frames.size());
    runHooks(undone.rollbackHooks, "rollback");
    flushCapture();
    if (!failure.isEmpty())
        throw TransactionError(QStringLiteral("Rollback failed: %1").arg(failure));
}

void Connection::addCommitHook(std::function<void()> hook)
{
    if (m_frames.empty())
        throw TransactionError(QStringLiteral("onCommit() needs an open transaction"));
    m_frames.back().commitHooks.push_back(std::move(hook));
}

bool Connection::firstPending(const QString &key)
{
    for (const Frame &frame : m_frames) {
        if (frame.pendingKeys.contains(key))
            return false;
    }
    if (m_frames.empty())
        return true;
    m_frames.back().pendingKeys.insert(key);
    return true;
}

void Connection::addRollbackHook(std::function<void()> hook)
{
    if (m_frames.empty())
        throw TransactionError(QStringLiteral("onRollback() needs an open transaction"));
    m_frames.back().rollbackHooks.push_back(std::move(hook));
}

} // namespace RexOrm
