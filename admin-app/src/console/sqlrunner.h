#pragma once

#include <rexorm/database/database.h>

#include <QtCore/QElapsedTimer>
#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QStringList>
#include <QtCore/QVariant>

#include <memory>
#include <optional>

class QTimer;

namespace RexOrm::Admin {

// What one statement typed by the user returned.
struct SqlResult
{
    QString statement;
    QStringList columns;      // empty when the statement returns no rows
    QList<QVariantList> rows; // at most SqlRunner::maxRows()
    bool truncated = false;   // more rows existed; they were not fetched
    bool wrote = false;       // the statement may have changed data or schema
    qint64 rowsAffected = -1; // statements without rows: rows changed; -1 when unknown
    qint64 elapsedMs = 0;

    bool returnsRows() const { return !columns.isEmpty(); }
};

// Runs one SQL statement at a time off the GUI thread and can really stop it: on PostgreSQL with
// pg_cancel_backend(), on MySQL/MariaDB with KILL QUERY (both sent from a connection of its own),
// on SQLite with sqlite3_interrupt(). Results arrive on the GUI thread.
class SqlRunner : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Running, Cancelling };
    Q_ENUM(State)
    enum class Outcome { Finished, Failed, Cancelled };
    Q_ENUM(Outcome)

    static constexpr int DefaultMaxRows = 10000;

    explicit SqlRunner(QObject *parent = nullptr);
    ~SqlRunner() override; // cancels a running statement

    // A running statement is cancelled and its result dropped.
    void setDatabase(const Database &database);
    void clearDatabase();
    bool hasDatabase() const { return m_database.has_value(); }

    void setMaxRows(int rows); // at least 1
    int maxRows() const { return m_maxRows; }

    State state() const { return m_state; }
    bool isBusy() const { return m_state != State::Idle; }
    // True while the statement itself is on the server (its connection is known and cancellable).
    bool isExecuting() const;

public slots:
    // Starts sql; false (and nothing emitted) when busy, without a database or for blank text.
    bool run(const QString &sql);
    // Stops the running statement; it ends with cancelled(), or, when it completed first, with
    // its own outcome.
    void cancel();

signals:
    void stateChanged(RexOrm::Admin::SqlRunner::State state);
    void started(const QString &statement);
    void finished(const RexOrm::Admin::SqlResult &result);
    void failed(const QString &message);
    void cancelled(qint64 elapsedMs);
    // The cancel request could not be delivered; the statement keeps running.
    void cancelFailed(const QString &message);
    // After finished(), failed() or cancelled().
    void done(RexOrm::Admin::SqlRunner::Outcome outcome);

public:
    struct Execution; // shared with the executor thread running the statement

private:
    enum class Backend { Sqlite, Postgres, MySql, Other };

    void setState(State state);
    void abandonCurrent(); // cancels without reporting; the result is dropped
    void requestCancel(const std::shared_ptr<Execution> &execution);
    void sendServerCancel(const std::shared_ptr<Execution> &execution);
    void interruptSqlite();
    void reportCancelled();

    std::optional<Database> m_database;
    std::optional<Database> m_cancelDatabase; // poolSize 1, its own executor
    Backend m_backend = Backend::Other;
    int m_maxRows = DefaultMaxRows;
    State m_state = State::Idle;
    quint64 m_generation = 0; // results of older runs are dropped
    std::shared_ptr<Execution> m_current;
    QElapsedTimer m_clock;
    QTimer *m_interruptTimer = nullptr; // SQLite: repeats the interrupt while cancelling
};

} // namespace RexOrm::Admin

Q_DECLARE_METATYPE(RexOrm::Admin::SqlResult)
