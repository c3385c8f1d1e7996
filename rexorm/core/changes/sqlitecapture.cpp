#include "sqlitecapture_p.h"

#include "../database/logging_p.h"

#include <rexorm/meta/registry.h>

#include <QtCore/QScopeGuard>

// Debian builds libsqlite3 with the pre-update hook; its declarations need this define.
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

#include <algorithm>
#include <cstring>

namespace RexOrm {

namespace {

QVariant toVariant(sqlite3_value *value)
{
    switch (sqlite3_value_type(value)) {
    case SQLITE_INTEGER:
        return QVariant(qlonglong(sqlite3_value_int64(value)));
    case SQLITE_FLOAT:
        return QVariant(sqlite3_value_double(value));
    case SQLITE_TEXT: {
        const auto *text = reinterpret_cast<const char *>(sqlite3_value_text(value));
        return QVariant(QString::fromUtf8(text, sqlite3_value_bytes(value)));
    }
    case SQLITE_BLOB: {
        const auto *blob = static_cast<const char *>(sqlite3_value_blob(value));
        return QVariant(QByteArray(blob, sqlite3_value_bytes(value)));
    }
    default:
        return QVariant();
    }
}

// SQLite's own tables and RexOrm's bookkeeping are not data anyone subscribes to.
bool isIgnoredTable(const char *database, const char *table)
{
    return sqlite3_stricmp(database, "temp") == 0 || sqlite3_strnicmp(table, "sqlite_", 7) == 0 ||
           sqlite3_stricmp(table, "rex_migrations") == 0 ||
           sqlite3_stricmp(table, "rex_changes") == 0;
}

bool sameValue(const QVariant &a, const QVariant &b)
{
    return a.metaType() == b.metaType() && a == b;
}

} // namespace

// ---------------------------------------------------------------------------------------------

void CaptureSequencer::setSink(Sink sink)
{
    std::lock_guard lock(m_mutex);
    m_sink = std::move(sink);
}

void CaptureSequencer::submit(quint64 ticket, QList<ChangeEvent> events)
{
    {
        std::lock_guard lock(m_mutex);
        m_ready.emplace(ticket, std::move(events));
    }
    m_progress.notify_all();
}

void CaptureSequencer::drainUntil(quint64 ticket)
{
    std::unique_lock lock(m_mutex);
    if (m_draining && m_drainer == std::this_thread::get_id())
        return; // from a slot: the drain running below us on this thread publishes it
    for (;;) {
        if (!m_draining && !m_ready.empty() && m_ready.begin()->first == m_next) {
            m_draining = true;
            m_drainer = std::this_thread::get_id();
            const auto done = qScopeGuard([&] {
                m_draining = false;
                m_drainer = {};
                m_progress.notify_all();
            });
            while (!m_ready.empty() && m_ready.begin()->first == m_next) {
                QList<ChangeEvent> events = std::move(m_ready.begin()->second);
                m_ready.erase(m_ready.begin());
                const Sink sink = m_sink;
                lock.unlock();
                const auto relock = qScopeGuard([&] {
                    lock.lock();
                    ++m_next;
                });
                if (sink && !events.isEmpty())
                    sink(std::move(events));
            }
        }
        if (m_next > ticket)
            return;
        m_progress.wait(lock);
    }
}

// ---------------------------------------------------------------------------------------------

SqliteChangeCapture::SqliteChangeCapture(sqlite3 *db, std::shared_ptr<CaptureSequencer> sequencer)
    : m_db(db), m_sequencer(std::move(sequencer))
{
    sqlite3_preupdate_hook(m_db, &SqliteChangeCapture::onPreupdate, this);
    sqlite3_commit_hook(m_db, &SqliteChangeCapture::onCommit, this);
    sqlite3_rollback_hook(m_db, &SqliteChangeCapture::onRollback, this);
}

SqliteChangeCapture::~SqliteChangeCapture()
{
    sqlite3_preupdate_hook(m_db, nullptr, nullptr);
    sqlite3_commit_hook(m_db, nullptr, nullptr);
    sqlite3_rollback_hook(m_db, nullptr, nullptr);
    finalizeStatements();
    // Nothing of an open transaction survives the connection; tickets taken must still be
    // accounted for, or later commits of other connections would wait for them forever.
    for (quint64 ticket : m_tickets)
        m_sequencer->submit(ticket, {});
    for (const Staged &staged : m_staged)
        m_sequencer->submit(staged.ticket, {});
}

void SqliteChangeCapture::finalizeStatements()
{
    sqlite3_finalize(m_versionStatement);
    sqlite3_finalize(m_columnsStatement);
    m_versionStatement = nullptr;
    m_columnsStatement = nullptr;
}

void SqliteChangeCapture::onPreupdate(void *context, sqlite3 *db, int operation,
                                      const char *database, const char *table, long long oldRowid,
                                      long long newRowid)
{
    auto *self = static_cast<SqliteChangeCapture *>(context);
    ++self->m_activity;
    if (isIgnoredTable(database, table))
        return;
    try {
        CapturedRow row;
        row.operation = operation == SQLITE_INSERT   ? ChangeEvent::Insert
                        : operation == SQLITE_DELETE ? ChangeEvent::Delete
                                                     : ChangeEvent::Update;
        if (self->m_lastTableRaw != table || self->m_lastDatabaseRaw != database) {
            self->m_lastTableRaw = table;
            self->m_lastDatabaseRaw = database;
            self->m_lastTable = QString::fromUtf8(table);
            self->m_lastDatabase = QString::fromUtf8(database);
        }
        row.database = self->m_lastDatabase;
        row.table = self->m_lastTable;
        row.oldRowid = oldRowid;
        row.newRowid = newRowid;
        const int count = sqlite3_preupdate_count(db);
        if (operation != SQLITE_INSERT) {
            row.oldValues.reserve(count);
            for (int i = 0; i < count; ++i) {
                sqlite3_value *value = nullptr;
                row.oldValues.append(sqlite3_preupdate_old(db, i, &value) == SQLITE_OK && value
                                         ? toVariant(value)
                                         : QVariant());
            }
        }
        if (operation != SQLITE_DELETE) {
            row.newValues.reserve(count);
            for (int i = 0; i < count; ++i) {
                sqlite3_value *value = nullptr;
                row.newValues.append(sqlite3_preupdate_new(db, i, &value) == SQLITE_OK && value
                                         ? toVariant(value)
                                         : QVariant());
            }
        }
        self->m_pending.push_back(std::move(row));
    } catch (...) {
        self->m_lostRows = true; // no exception may cross SQLite's C frames
    }
}

int SqliteChangeCapture::onCommit(void *context)
{
    auto *self = static_cast<SqliteChangeCapture *>(context);
    ++self->m_activity;
    try {
        self->m_tickets.push_back(self->m_sequencer->takeTicket());
    } catch (...) {
        self->m_lostRows = true;
    }
    return 0; // never veto the commit
}

void SqliteChangeCapture::onRollback(void *context)
{
    auto *self = static_cast<SqliteChangeCapture *>(context);
    ++self->m_activity;
    self->m_pending.clear();
    self->m_named = 0;
}

void SqliteChangeCapture::statementStarting() noexcept
{
    m_statementMark = m_pending.size();
    m_changesBefore = sqlite3_total_changes64(m_db);
}

void SqliteChangeCapture::statementFinished(bool failed) noexcept
{
    const bool inTransaction = sqlite3_get_autocommit(m_db) == 0;
    if (m_activity == m_seenActivity && m_tickets.empty()) {
        if (!inTransaction)
            m_shapesChecked = false;
        return;
    }
    m_seenActivity = m_activity;
    try {
        // ON CONFLICT ABORT (the default) undoes a failing statement's own changes and keeps the
        // transaction; SQLite then counts none of them. (OR FAIL keeps what it changed.)
        if (failed && inTransaction && m_statementMark <= m_pending.size() &&
            sqlite3_total_changes64(m_db) == m_changesBefore)
            m_pending.resize(m_statementMark);
        m_named = std::min(m_named, m_pending.size());
        nameRows();
        if (!m_tickets.empty()) {
            // Only the last commit hook of a statement can have succeeded.
            for (size_t i = 0; i + 1 < m_tickets.size(); ++i)
                m_staged.push_back({m_tickets[i], {}});
            Staged last{m_tickets.back(), {}};
            m_tickets.clear();
            // Committed when no transaction is left open; a rolled-back commit already emptied
            // the pending list. A COMMIT that failed with SQLITE_BUSY keeps the transaction open
            // and its rows pending, for the next attempt.
            if (!inTransaction) {
                last.rows = std::move(m_pending);
                m_pending.clear();
                m_named = 0;
            }
            m_staged.push_back(std::move(last));
        } else if (!inTransaction && !m_pending.empty()) {
            // The transaction ended without a commit hook: nothing of it committed.
            m_pending.clear();
            m_named = 0;
        }
    } catch (const std::exception &error) {
        m_lostRows = true;
        qCWarning(lcRealtime, "change capture failed after a statement: %s", error.what());
    }
    if (!inTransaction)
        m_shapesChecked = false;
    if (m_lostRows) {
        qCWarning(lcRealtime, "change capture ran out of memory; some row events are missing");
        m_lostRows = false;
    }
}

void SqliteChangeCapture::rollbackTo(qsizetype mark)
{
    if (mark < qsizetype(m_pending.size()))
        m_pending.resize(size_t(mark));
    m_named = std::min(m_named, m_pending.size());
}

void SqliteChangeCapture::schemaChanged()
{
    m_shapes.clear();
    m_shapesChecked = false;
}

void SqliteChangeCapture::nameRows()
{
    for (; m_named < m_pending.size(); ++m_named) {
        CapturedRow &row = m_pending[m_named];
        if (!row.shape)
            row.shape = shapeFor(row.database, row.table,
                                 std::max(row.oldValues.size(), row.newValues.size()));
    }
}

std::shared_ptr<const SqliteChangeCapture::TableShape>
SqliteChangeCapture::shapeFor(const QString &database, const QString &table, qsizetype valueCount)
{
    if (!m_shapesChecked) {
        // Another process may have altered a table since our last transaction.
        if (!m_versionStatement)
            sqlite3_prepare_v2(m_db, "PRAGMA schema_version", -1, &m_versionStatement, nullptr);
        long long version = -1;
        if (m_versionStatement && sqlite3_step(m_versionStatement) == SQLITE_ROW)
            version = sqlite3_column_int64(m_versionStatement, 0);
        if (m_versionStatement)
            sqlite3_reset(m_versionStatement);
        if (version != m_schemaVersion)
            m_shapes.clear();
        m_schemaVersion = version;
        m_shapesChecked = true;
    }
    const QString key = database + u'\x1f' + table;
    if (const auto it = m_shapes.constFind(key);
        it != m_shapes.constEnd() && (*it)->columns.size() == valueCount)
        return *it;

    auto shape = std::make_shared<TableShape>();
    shape->table = database == u"main" ? table : database + u'.' + table;
    if (!m_columnsStatement)
        sqlite3_prepare_v2(m_db, "SELECT name, pk FROM pragma_table_xinfo(?1, ?2)", -1,
                           &m_columnsStatement, nullptr);
    QList<QPair<int, int>> keys; // (position in the key, column)
    if (m_columnsStatement) {
        const QByteArray tableUtf8 = table.toUtf8();
        const QByteArray databaseUtf8 = database.toUtf8();
        sqlite3_bind_text(m_columnsStatement, 1, tableUtf8.constData(), int(tableUtf8.size()),
                          SQLITE_TRANSIENT);
        sqlite3_bind_text(m_columnsStatement, 2, databaseUtf8.constData(), int(databaseUtf8.size()),
                          SQLITE_TRANSIENT);
        while (sqlite3_step(m_columnsStatement) == SQLITE_ROW) {
            const auto *name =
                reinterpret_cast<const char *>(sqlite3_column_text(m_columnsStatement, 0));
            const int keyPosition = sqlite3_column_int(m_columnsStatement, 1);
            if (keyPosition > 0)
                keys.append({keyPosition, int(shape->columns.size())});
            shape->columns.append(QString::fromUtf8(name));
        }
        sqlite3_reset(m_columnsStatement);
        sqlite3_clear_bindings(m_columnsStatement);
    }
    if (shape->columns.size() != valueCount) {
        qCWarning(lcRealtime,
                  "cannot read the columns of %s (%lld values, %lld columns found); the event "
                  "names them by position",
                  qPrintable(shape->table), qlonglong(valueCount),
                  qlonglong(shape->columns.size()));
        shape->columns.clear();
        keys.clear();
        for (qsizetype i = 0; i < valueCount; ++i)
            shape->columns.append(QString::number(i));
    }
    std::sort(keys.begin(), keys.end());
    for (const auto &[position, column] : keys)
        shape->keyColumns.append(column);
    m_shapes.insert(key, shape);
    return shape;
}

QList<ChangeEvent> SqliteChangeCapture::toEvents(std::vector<CapturedRow> rows) const
{
    QList<ChangeEvent> events;
    events.reserve(qsizetype(rows.size()));
    QHash<QString, QString> entities; // table -> entity name
    for (CapturedRow &row : rows) {
        const TableShape &shape = *row.shape;
        ChangeEvent event;
        event.operation = row.operation;
        event.source = ChangeEvent::ConnectionHook;
        event.table = shape.table;
        auto entity = entities.constFind(shape.table);
        if (entity == entities.constEnd()) {
            const EntityInfo *info = Registry::global().findByTable(shape.table);
            entity = entities.insert(shape.table, info ? info->name : shape.table);
        }
        event.entity = *entity;
        const auto toMap = [&](const QVariantList &values) {
            QVariantMap map;
            for (qsizetype i = 0; i < values.size() && i < shape.columns.size(); ++i)
                map.insert(shape.columns[i], values[i]);
            return map;
        };
        event.oldRow = toMap(row.oldValues);
        event.newRow = toMap(row.newValues);
        const QVariantList &keyValues =
            row.operation == ChangeEvent::Delete ? row.oldValues : row.newValues;
        if (shape.keyColumns.isEmpty()) {
            event.primaryKey.insert(QStringLiteral("rowid"), row.operation == ChangeEvent::Delete
                                                                 ? row.oldRowid
                                                                 : row.newRowid);
        } else {
            for (int column : shape.keyColumns)
                event.primaryKey.insert(shape.columns[column], keyValues.value(column));
        }
        if (row.operation == ChangeEvent::Insert) {
            event.changedColumns = shape.columns;
        } else if (row.operation == ChangeEvent::Update) {
            for (qsizetype i = 0; i < shape.columns.size(); ++i) {
                if (!sameValue(row.oldValues.value(i), row.newValues.value(i)))
                    event.changedColumns.append(shape.columns[i]);
            }
        }
        events.append(std::move(event));
    }
    return events;
}

void SqliteChangeCapture::flush()
{
    if (m_activity != m_seenActivity || !m_tickets.empty())
        statementFinished(false); // hooks fired under a statement RexOrm did not run
    if (m_staged.empty())
        return;
    std::vector<Staged> staged;
    staged.swap(m_staged);
    quint64 last = 0;
    for (Staged &batch : staged) {
        QList<ChangeEvent> events;
        try {
            events = toEvents(std::move(batch.rows));
        } catch (const std::exception &error) {
            qCWarning(lcRealtime, "change capture dropped a committed batch: %s", error.what());
        }
        m_sequencer->submit(batch.ticket, std::move(events));
        last = std::max(last, batch.ticket);
    }
    m_sequencer->drainUntil(last);
}

} // namespace RexOrm
