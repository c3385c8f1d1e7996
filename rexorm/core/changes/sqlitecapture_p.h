#pragma once

#include <rexorm/changes/changeevent.h>

#include <QtCore/QHash>
#include <QtCore/QList>
#include <QtCore/QStringList>
#include <QtCore/QVariantList>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace RexOrm {

// Releases the committed batches of every connection of one pool in the order their
// transactions committed. A connection's commit hook takes a ticket: SQLite runs it while the
// connection holds the database's write lock, so tickets are numbered in commit order. After the
// statement returns, the connection submits the ticket with its events (none when the commit
// failed) and drains: batches go to the sink in ticket order, and the caller returns once its own
// batch is out. The sink is called without any lock held.
class CaptureSequencer
{
public:
    using Sink = std::function<void(QList<ChangeEvent>)>;

    void setSink(Sink sink);
    quint64 takeTicket() noexcept { return ++m_lastTicket; }
    void submit(quint64 ticket, QList<ChangeEvent> events);
    // Publishes the ready batches in ticket order until ticket's batch is out; waits for other
    // connections to submit earlier tickets. From a slot of the batch being published (same
    // thread) it returns at once: the running drain publishes the rest.
    void drainUntil(quint64 ticket);

private:
    std::atomic<quint64> m_lastTicket{0};
    std::mutex m_mutex;
    std::condition_variable m_progress;
    std::map<quint64, QList<ChangeEvent>> m_ready;
    quint64 m_next = 1; // the next ticket to publish
    bool m_draining = false;
    std::thread::id m_drainer;
    Sink m_sink;
};

// sqlite3's pre-update, commit and rollback hooks on one connection (DatabaseConfig::
// captureChanges). The pre-update hook copies each row change's values into a pending list; it
// runs inside SQLite and never calls back into Qt SQL. Column names come later, after the
// statement, from a per-table cache filled through pragma_table_xinfo on the same handle
// (SQLite forbids running SQL on the connection from inside the hook); within one statement the
// schema cannot change, so the names match the values. The cache is checked against
// PRAGMA schema_version once per transaction and dropped after our own DDL.
//
// Used by the connection's owning thread only.
class SqliteChangeCapture
{
public:
    SqliteChangeCapture(sqlite3 *db, std::shared_ptr<CaptureSequencer> sequencer);
    ~SqliteChangeCapture(); // removes the hooks; pending events are dropped
    SqliteChangeCapture(const SqliteChangeCapture &) = delete;
    SqliteChangeCapture &operator=(const SqliteChangeCapture &) = delete;

    // Around every statement RexOrm runs on the handle.
    void statementStarting() noexcept;
    void statementFinished(bool failed) noexcept;
    // Savepoints: the pending position when one begins; rolling back to it drops what followed.
    qsizetype mark() const { return qsizetype(m_pending.size()); }
    void rollbackTo(qsizetype mark);
    void schemaChanged(); // this connection ran DDL
    // Publishes what committed (catching up on hooks fired outside RexOrm's statements first).
    // Call it where the connection is consistent again: after a statement returned, after the
    // transaction frames were popped. Slots of the published events run here.
    void flush();

private:
    struct TableShape
    {
        QString table; // "name", or "schema.name" for an attached database
        QStringList columns;
        QList<int> keyColumns; // in primary-key order; empty: a rowid table without a key
    };
    struct CapturedRow
    {
        ChangeEvent::Operation operation = ChangeEvent::Insert;
        QString database;
        QString table;
        qint64 oldRowid = 0;
        qint64 newRowid = 0;
        QVariantList oldValues;
        QVariantList newValues;
        std::shared_ptr<const TableShape> shape;
    };
    struct Staged
    {
        quint64 ticket = 0;
        std::vector<CapturedRow> rows;
    };

    static void onPreupdate(void *context, sqlite3 *db, int operation, const char *database,
                            const char *table, long long oldRowid, long long newRowid);
    static int onCommit(void *context);
    static void onRollback(void *context);

    void nameRows();
    std::shared_ptr<const TableShape> shapeFor(const QString &database, const QString &table,
                                               qsizetype valueCount);
    QList<ChangeEvent> toEvents(std::vector<CapturedRow> rows) const;
    void finalizeStatements();

    sqlite3 *m_db;
    std::shared_ptr<CaptureSequencer> m_sequencer;
    std::vector<CapturedRow> m_pending;
    size_t m_named = 0;             // rows before this one have their shape
    std::vector<quint64> m_tickets; // taken by the commit hook since the last statement ended
    std::vector<Staged> m_staged;   // committed or failed commits, not yet submitted
    quint64 m_activity = 0;         // hook calls so far
    quint64 m_seenActivity = 0;     // hook calls accounted for by statementFinished()
    size_t m_statementMark = 0;
    long long m_changesBefore = 0;
    bool m_lostRows = false; // a row could not be recorded (out of memory)

    // The last table seen by the pre-update hook, to share its name between rows.
    std::string m_lastDatabaseRaw, m_lastTableRaw;
    QString m_lastDatabase, m_lastTable;

    QHash<QString, std::shared_ptr<const TableShape>> m_shapes; // by "database\x1ftable"
    bool m_shapesChecked = false; // against schema_version in the current transaction
    long long m_schemaVersion = -1;
    sqlite3_stmt *m_versionStatement = nullptr;
    sqlite3_stmt *m_columnsStatement = nullptr;
};

} // namespace RexOrm
