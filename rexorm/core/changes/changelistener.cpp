#include "changelistener_p.h"

#include <rexorm/changes/changelog.h>
#include <rexorm/meta/registry.h>
#include <rexorm/meta/schemainspector.h>

#include <QtCore/QAtomicInteger>
#include <QtCore/QJsonDocument>
#include <QtCore/QPointer>
#include <QtSql/QSqlError>
#include <QtSql/QSqlRecord>

#include <algorithm>

namespace RexOrm {

using namespace ChangeLogPrivate;

namespace {

constexpr int logBatch = 1000;   // change-log rows read per statement
constexpr int pruneBatch = 1000; // change-log rows deleted per statement
constexpr qsizetype maxHolesListed = 200;

QJsonObject parseObject(const QVariant &text)
{
    if (text.isNull())
        return {};
    return QJsonDocument::fromJson(text.toString().toUtf8()).object();
}

ChangeEvent::Operation operationOf(QStringView op)
{
    if (op == u"insert")
        return ChangeEvent::Insert;
    if (op == u"delete")
        return ChangeEvent::Delete;
    return ChangeEvent::Update;
}

QString connectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("rexorm-change-listener-%1").arg(++counter);
}

} // namespace

// ---- the worker ------------------------------------------------------------------------------

ChangeListenerWorker::ChangeListenerWorker(Database database, ChangeListener::Options options,
                                           QHash<QString, EntityInfo> entities)
    : m_database(std::move(database)), m_options(options), m_engine(engineOf(m_database.dialect())),
      m_connectionName(connectionName()), m_entities(std::move(entities))
{}

ChangeListenerWorker::~ChangeListenerWorker()
{
    disconnectDatabase();
}

bool ChangeListenerWorker::open(QString *error)
{
    m_timer = new QTimer(this);
    m_timer->setInterval(m_engine == Engine::Postgres ? m_options.reconnectInterval
                                                      : m_options.pollInterval);
    connect(m_timer, &QTimer::timeout, this, &ChangeListenerWorker::tick);
    if (!connectDatabase(error) || !resume(error)) {
        disconnectDatabase();
        return false;
    }
    m_sincePrune.start();
    m_sincePing.start();
    m_timer->start();
    m_connected = true; // ChangeListener::start() reports it
    m_everConnected = true;
    return true;
}

void ChangeListenerWorker::shutdown()
{
    if (m_timer)
        m_timer->stop();
    disconnectDatabase();
    deleteLater();
}

bool ChangeListenerWorker::connectDatabase(QString *error)
{
    const Dialect &dialect = m_database.dialect();
    DatabaseConfig config = m_database.config();
    if (!config.options.contains(QStringLiteral("application_name")) &&
        m_engine == Engine::Postgres)
        config.options.insert(QStringLiteral("application_name"),
                              QStringLiteral("rexorm-listener"));
    m_connection = QSqlDatabase::addDatabase(dialect.qtDriverName(), m_connectionName);
    dialect.configureConnection(m_connection, config);
    if (!m_connection.open()) {
        *error = QStringLiteral("The change listener cannot connect to %1 at %2: %3")
                     .arg(dialect.displayName(), config.toUrl(false),
                          dialect.redactErrorText(m_connection.lastError().text()));
        disconnectDatabase();
        return false;
    }
    for (const QString &statement : dialect.sessionSetupStatements(config)) {
        QSqlQuery query(m_connection);
        if (!query.exec(statement))
            qCDebug(lcRealtime, "listener session setup \"%s\" failed: %s", qPrintable(statement),
                    qPrintable(query.lastError().text()));
    }
    return true;
}

void ChangeListenerWorker::disconnectDatabase()
{
    if (!m_connection.isValid())
        return;
    if (m_engine == Engine::Postgres && m_connection.isOpen()) {
        disconnect(m_connection.driver(), nullptr, this, nullptr);
        m_connection.driver()->unsubscribeFromNotification(notifyChannel());
    }
    m_connection.close();
    m_connection = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

void ChangeListenerWorker::setConnected(bool connected)
{
    if (m_connected == connected)
        return;
    m_connected = connected;
    emit connectedChanged(connected);
}

bool ChangeListenerWorker::resume(QString *error)
{
    if (m_engine == Engine::Postgres) {
        QSqlDriver *driver = m_connection.driver();
        connect(driver, &QSqlDriver::notification, this, &ChangeListenerWorker::onNotification);
        if (!driver->subscribeToNotification(notifyChannel())) {
            *error = QStringLiteral("The change listener cannot LISTEN on %1: %2")
                         .arg(notifyChannel(), driver->lastError().text());
            return false;
        }
        return true;
    }
    const QString log = m_database.dialect().quoteIdentifier(changeTable());
    QSqlQuery last = exec(QStringLiteral("SELECT MIN(id), MAX(id) FROM %1").arg(log));
    if (!last.isActive() || !last.next()) {
        *error = QStringLiteral("The change listener cannot read %1 (is change capture "
                                "installed? run rexorm realtime:install): %2")
                     .arg(changeTable(), last.lastError().text());
        return false;
    }
    const qint64 minId = last.value(0).toLongLong();
    const qint64 maxId = last.value(1).toLongLong();
    last.finish();
    const qint64 position = m_engine == Engine::Sqlite ? m_lastId : m_watermark;
    if (m_everConnected) {
        // Back after a lost connection: the log kept what happened, unless it was pruned.
        if (minId > position + 1)
            emit gap(QStringLiteral("change-log rows after id %1 were pruned while the listener "
                                    "was disconnected")
                         .arg(position));
        return true;
    }
    if (m_engine == Engine::Sqlite) {
        // One writer at a time: ids are taken in commit order.
        m_lastId = maxId;
        QSqlQuery version = exec(QStringLiteral("PRAGMA data_version"));
        m_dataVersion = version.next() ? version.value(0).toLongLong() : -1;
        return true;
    }
    // MySQL/MariaDB: the newest rows are taken as delivered; ids missing among them may still
    // belong to transactions that commit later, and are waited for like any other hole, except
    // below a row older than lateCommitWindow: those holes are older still, and given up.
    QSqlQuery recent = exec(QStringLiteral("SELECT id, created_at < NOW(6) - INTERVAL ? "
                                           "MICROSECOND FROM %1 ORDER BY id DESC LIMIT %2")
                                .arg(log)
                                .arg(logBatch),
                            {qint64(m_options.lateCommitWindow.count()) * 1000});
    qint64 lowest = maxId;
    qint64 newestOld = 0;
    while (recent.next()) {
        const qint64 id = recent.value(0).toLongLong();
        m_seen.insert(id);
        lowest = id;
        if (recent.value(1).toBool())
            newestOld = std::max(newestOld, id);
    }
    m_watermark = m_seen.empty() ? maxId : std::max(lowest - 1, newestOld);
    m_seen.erase(m_seen.begin(), m_seen.upper_bound(m_watermark));
    m_maxSeen = maxId;
    while (!m_seen.empty() && *m_seen.begin() == m_watermark + 1) {
        m_seen.erase(m_seen.begin());
        ++m_watermark;
    }
    return true;
}

QSqlQuery ChangeListenerWorker::exec(const QString &sql, const QVariantList &params)
{
    if (!m_connection.isOpen())
        return QSqlQuery(); // inactive: the caller sees a lost connection
    QSqlQuery query(m_connection);
    query.setForwardOnly(true);
    query.setNumericalPrecisionPolicy(QSql::HighPrecision);
    if (!query.prepare(sql)) {
        qCDebug(lcRealtime, "change listener: %s failed: %s", qPrintable(sql),
                qPrintable(query.lastError().text()));
        return query;
    }
    for (qsizetype i = 0; i < params.size(); ++i)
        query.bindValue(int(i), m_database.dialect().toDatabaseValue(params[i]));
    if (!query.exec())
        qCDebug(lcRealtime, "change listener: %s failed: %s", qPrintable(sql),
                qPrintable(query.lastError().text()));
    return query;
}

bool ChangeListenerWorker::connectionLost(const QSqlQuery &query) const
{
    if (!m_connection.isOpen())
        return true;
    return m_database.dialect().classifyError(query.lastError()) == ErrorKind::ConnectionLost;
}

void ChangeListenerWorker::tick()
{
    if (!m_connected) {
        reconnect();
        return;
    }
    if (m_engine == Engine::Postgres) {
        // LISTEN gives no sign of a dead connection: a cheap statement does.
        QSqlQuery ping = exec(m_database.dialect().pingSql());
        if (!ping.isActive()) {
            const QString why = m_connection.isOpen() ? ping.lastError().text().trimmed()
                                                      : QStringLiteral("the server closed it");
            qCWarning(lcRealtime, "change listener lost its PostgreSQL connection%s%s",
                      why.isEmpty() ? "" : ": ", qPrintable(why));
            ping = QSqlQuery();
            disconnectDatabase();
            setConnected(false);
            reconnect();
        }
        return;
    }
    if (m_engine == Engine::Sqlite)
        pollSqlite();
    else
        pollMysql();
    if (m_connected && m_sincePrune.elapsed() >= m_options.pruneInterval.count()) {
        prune();
        m_sincePrune.restart();
    }
}

void ChangeListenerWorker::reconnect()
{
    m_timer->setInterval(m_options.reconnectInterval);
    QString error;
    if (!connectDatabase(&error)) {
        qCDebug(lcRealtime, "change listener: reconnecting failed: %s", qPrintable(error));
        return;
    }
    if (!resume(&error)) {
        qCWarning(lcRealtime, "change listener: %s", qPrintable(error));
        disconnectDatabase();
        return;
    }
    m_timer->setInterval(m_engine == Engine::Postgres ? m_options.reconnectInterval
                                                      : m_options.pollInterval);
    qCInfo(lcRealtime, "change listener reconnected");
    setConnected(true);
    if (m_engine == Engine::Postgres)
        emit gap(QStringLiteral("the LISTEN connection to PostgreSQL was lost and restored; "
                                "changes made meanwhile were not received"));
}

// ---- PostgreSQL ------------------------------------------------------------------------------

void ChangeListenerWorker::onNotification(const QString &name, QSqlDriver::NotificationSource,
                                          const QVariant &payload)
{
    if (name != notifyChannel())
        return;
    const QJsonObject message = QJsonDocument::fromJson(payload.toString().toUtf8()).object();
    const QString table = message.value(QStringLiteral("table")).toString();
    const QString op = message.value(QStringLiteral("op")).toString();
    if (table.isEmpty() || op.isEmpty()) {
        qCWarning(lcRealtime, "change listener: a notification without table or operation");
        return;
    }
    if (!message.value(QStringLiteral("truncated")).toBool()) {
        emit changed(makeEvent(table, op, message.value(QStringLiteral("new")).toObject(),
                               message.value(QStringLiteral("old")).toObject()));
        return;
    }
    // Over NOTIFY's limit: the payload names the key only. Insert and update read the row as
    // it is now; a delete's old row is its key.
    const QJsonObject key = message.value(QStringLiteral("key")).toObject();
    const QJsonObject oldKey = message.value(QStringLiteral("oldKey")).toObject();
    ChangeEvent event = makeEvent(table, op, op == u"delete" ? QJsonObject() : key,
                                  op == u"insert" ? QJsonObject() : oldKey);
    if (event.operation != ChangeEvent::Delete) {
        if (const auto row = readRow(table, event.primaryKey))
            event.newRow = *row;
        else
            qCDebug(lcRealtime,
                    "change listener: the %s row changed by a large update is "
                    "gone already; the event carries its key only",
                    qPrintable(table));
        event.changedColumns.clear(); // unknown: the old row was not sent
    }
    emit changed(event);
}

std::optional<QVariantMap> ChangeListenerWorker::readRow(const QString &table,
                                                         const QVariantMap &key)
{
    const Dialect &dialect = m_database.dialect();
    const EntityInfo *entity = entityFor(table, {});
    if (!entity || key.isEmpty())
        return std::nullopt;
    QStringList conditions;
    QVariantList params;
    for (auto it = key.begin(); it != key.end(); ++it) {
        if (!entity->column(it.key()))
            return std::nullopt;
        conditions << dialect.quoteIdentifier(it.key()) + QStringLiteral(" = ?");
        params << it.value();
    }
    QSqlQuery query =
        exec(QStringLiteral("SELECT * FROM %1 WHERE %2")
                 .arg(dialect.quoteIdentifier(table), conditions.join(QStringLiteral(" AND "))),
             params);
    if (!query.next())
        return std::nullopt;
    const QSqlRecord record = query.record();
    const EntityInfo *registered = Registry::global().findByTable(table);
    QVariantMap row;
    for (int i = 0; i < record.count(); ++i) {
        const QString column = record.fieldName(i);
        const ColumnInfo *info = registered ? registered->column(column) : nullptr;
        if (!info)
            info = entity->column(column);
        QVariant value = query.value(i);
        try {
            if (info)
                value = dialect.fromDatabaseValue(value, info->type);
        } catch (const Error &error) {
            qCWarning(lcRealtime, "%s.%s: %s", qPrintable(table), qPrintable(column), error.what());
        }
        row.insert(column, value);
    }
    return row;
}

// ---- SQLite and MySQL/MariaDB ----------------------------------------------------------------

QList<ChangeListenerWorker::LogRow> ChangeListenerWorker::readLog(const QString &where,
                                                                  const QVariantList &params)
{
    QSqlQuery query = exec(QStringLiteral("SELECT id, table_name, op, new_row, old_row FROM %1 "
                                          "WHERE %2 ORDER BY id LIMIT %3")
                               .arg(m_database.dialect().quoteIdentifier(changeTable()), where)
                               .arg(logBatch),
                           params);
    QList<LogRow> rows;
    if (!query.isActive()) {
        if (connectionLost(query)) {
            qCWarning(lcRealtime, "change listener lost its connection: %s",
                      qPrintable(query.lastError().text()));
            query = QSqlQuery();
            disconnectDatabase();
            setConnected(false);
        }
        return rows;
    }
    while (query.next())
        rows.append({query.value(0).toLongLong(), query.value(1).toString(),
                     query.value(2).toString(), parseObject(query.value(3)),
                     parseObject(query.value(4))});
    return rows;
}

void ChangeListenerWorker::deliver(const LogRow &row)
{
    emit changed(makeEvent(row.table, row.op, row.newRow, row.oldRow));
}

void ChangeListenerWorker::pollSqlite()
{
    // data_version moves when another connection commits: only then is the log read.
    QSqlQuery version = exec(QStringLiteral("PRAGMA data_version"));
    if (!version.next()) {
        if (connectionLost(version)) {
            version = QSqlQuery();
            disconnectDatabase();
            setConnected(false);
        }
        return;
    }
    const qint64 current = version.value(0).toLongLong();
    version.finish();
    if (current == m_dataVersion)
        return;
    m_dataVersion = current;
    for (;;) {
        const QList<LogRow> rows = readLog(QStringLiteral("id > ?"), {m_lastId});
        for (const LogRow &row : rows) {
            deliver(row);
            m_lastId = row.id;
        }
        if (rows.size() < logBatch)
            break;
    }
}

void ChangeListenerWorker::pollMysql()
{
    // AUTO_INCREMENT ids are taken at insert, not at commit: an id below the newest one seen
    // may still arrive. Those holes are re-read every poll until they show up or are older than
    // lateCommitWindow (a rolled-back insert leaves a hole forever).
    QList<LogRow> rows;
    QList<qint64> holes;
    for (qint64 id = m_watermark + 1; id < m_maxSeen && holes.size() <= maxHolesListed; ++id) {
        if (!m_seen.count(id))
            holes << id;
    }
    if (!holes.isEmpty()) {
        QList<LogRow> found;
        if (holes.size() <= maxHolesListed) {
            QVariantList params;
            for (const qint64 id : holes)
                params << id;
            const QString marks =
                QStringList(holes.size(), QStringLiteral("?")).join(QStringLiteral(", "));
            found = readLog(QStringLiteral("id IN (%1)").arg(marks), params);
        } else {
            found = readLog(QStringLiteral("id > ? AND id < ?"), {m_watermark, m_maxSeen});
        }
        for (const LogRow &row : found) {
            if (!m_seen.count(row.id))
                rows << row;
        }
    }
    for (;;) {
        if (!m_connected)
            return;
        const QList<LogRow> fresh = readLog(QStringLiteral("id > ?"), {m_maxSeen});
        rows << fresh;
        if (!fresh.isEmpty())
            m_maxSeen = fresh.last().id;
        if (fresh.size() < logBatch)
            break;
    }
    if (!m_connected)
        return;
    std::sort(rows.begin(), rows.end(),
              [](const LogRow &a, const LogRow &b) { return a.id < b.id; });
    for (const LogRow &row : rows) {
        if (!m_seen.insert(row.id).second)
            continue;
        m_missingSince.erase(row.id);
        deliver(row);
    }
    // Advance the watermark over delivered ids and over holes that waited long enough.
    for (;;) {
        const qint64 next = m_watermark + 1;
        if (m_seen.erase(next)) {
            m_watermark = next;
            continue;
        }
        if (next >= m_maxSeen)
            break;
        auto missing = m_missingSince.find(next);
        if (missing == m_missingSince.end()) {
            QElapsedTimer since;
            since.start();
            missing = m_missingSince.emplace(next, since).first;
        }
        if (missing->second.elapsed() < m_options.lateCommitWindow.count())
            break;
        qCDebug(lcRealtime, "change log id %lld never committed (a rolled-back write)", next);
        m_missingSince.erase(missing);
        m_watermark = next;
    }
    // Holes noticed but no longer below the watermark are forgotten with it.
    m_missingSince.erase(m_missingSince.begin(), m_missingSince.lower_bound(m_watermark + 1));
    for (qint64 id = m_watermark + 1; id < m_maxSeen && qsizetype(m_missingSince.size()) < 10000;
         ++id) {
        if (!m_seen.count(id) && !m_missingSince.count(id)) {
            QElapsedTimer since;
            since.start();
            m_missingSince.emplace(id, since);
        }
    }
}

void ChangeListenerWorker::prune()
{
    // Bounded batches: a big backlog is trimmed over several intervals, never in one long lock.
    const qint64 retentionMs = std::max<qint64>(0, m_options.retention.count());
    const qint64 delivered = m_engine == Engine::Sqlite ? m_lastId : m_watermark;
    const QString log = m_database.dialect().quoteIdentifier(changeTable());
    QSqlQuery query =
        m_engine == Engine::Sqlite
            ? exec(QStringLiteral("DELETE FROM %1 WHERE id IN (SELECT id FROM %1 WHERE id <= ? "
                                  "AND created_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?) "
                                  "ORDER BY id LIMIT %2)")
                       .arg(log)
                       .arg(pruneBatch),
                   {delivered, QStringLiteral("-%1 seconds").arg(double(retentionMs) / 1000.0)})
            : exec(QStringLiteral("DELETE FROM %1 WHERE id <= ? AND created_at <= "
                                  "NOW(6) - INTERVAL ? MICROSECOND ORDER BY id LIMIT %2")
                       .arg(log)
                       .arg(pruneBatch),
                   {delivered, retentionMs * 1000});
    if (query.isActive() && query.numRowsAffected() > 0)
        qCDebug(lcRealtime, "pruned %d change-log rows", query.numRowsAffected());
}

// ---- events ----------------------------------------------------------------------------------

const EntityInfo *ChangeListenerWorker::entityFor(const QString &table, const QJsonObject &sample)
{
    auto it = m_entities.find(table);
    bool stale = it == m_entities.end();
    for (auto column = sample.begin(); !stale && column != sample.end(); ++column)
        stale = !it->column(column.key());
    if (stale) {
        // A table installed after start, or one whose columns changed: read it again.
        try {
            it = m_entities.insert(table, SchemaInspector(m_database).inspect(table));
        } catch (const Error &error) {
            qCWarning(lcRealtime, "change listener cannot inspect %s: %s", qPrintable(table),
                      error.what());
            return it == m_entities.end() ? nullptr : &*it;
        }
    }
    return &*it;
}

ChangeEvent ChangeListenerWorker::makeEvent(const QString &table, const QString &op,
                                            const QJsonObject &newRow, const QJsonObject &oldRow)
{
    const Dialect &dialect = m_database.dialect();
    const EntityInfo *inspected = entityFor(table, newRow.isEmpty() ? oldRow : newRow);
    const EntityInfo *registered = Registry::global().findByTable(table);
    // The application's own model decides the types where it declares the column.
    const auto convert = [&](const QJsonObject &row) {
        QVariantMap values;
        for (auto it = row.begin(); it != row.end(); ++it) {
            const ColumnInfo *column = registered ? registered->column(it.key()) : nullptr;
            if (!column && inspected)
                column = inspected->column(it.key());
            try {
                values.insert(it.key(), typedValue(it.value(), column, dialect));
            } catch (const Error &error) {
                // A value the column's type cannot hold (SQLite's loose typing): keep its text.
                qCWarning(lcRealtime, "%s.%s: %s", qPrintable(table), qPrintable(it.key()),
                          error.what());
                values.insert(it.key(), it.value().toVariant());
            }
        }
        return values;
    };

    ChangeEvent event;
    event.source = ChangeEvent::Trigger;
    event.operation = operationOf(op);
    event.table = table;
    event.entity = registered ? registered->name : table;
    event.newRow = convert(newRow);
    event.oldRow = convert(oldRow);
    const QVariantMap &keyRow =
        event.operation == ChangeEvent::Delete ? event.oldRow : event.newRow;
    const QStringList keyColumns = registered && !registered->primaryKey.isEmpty()
                                       ? registered->primaryKey
                                   : inspected ? inspected->primaryKey
                                               : QStringList();
    for (const QString &column : keyColumns) {
        if (keyRow.contains(column))
            event.primaryKey.insert(column, keyRow.value(column));
    }
    if (event.operation == ChangeEvent::Update) {
        for (auto it = newRow.begin(); it != newRow.end(); ++it) {
            if (oldRow.value(it.key()) != it.value())
                event.changedColumns << it.key();
        }
    }
    event.timestamp = QDateTime::currentDateTimeUtc();
    return event;
}

// ---- ChangeListener --------------------------------------------------------------------------

class ChangeListenerPrivate
{
public:
    ChangeListenerPrivate(Database database, ChangeListener::Options options)
        : database(std::move(database)), options(options)
    {}

    Database database;
    ChangeListener::Options options;
    QString errorString;
    QStringList tables;
    bool connected = false;
    QThread *thread = nullptr;
    QPointer<ChangeListenerWorker> worker;
};

ChangeListener::ChangeListener(Database database, Options options, QObject *parent)
    : QObject(parent), d(std::make_unique<ChangeListenerPrivate>(std::move(database), options))
{
    qRegisterMetaType<RexOrm::ChangeEvent>();
}

ChangeListener::~ChangeListener()
{
    stop();
}

bool ChangeListener::start()
{
    if (d->thread)
        return true;
    d->errorString.clear();
    QHash<QString, EntityInfo> entities;
    try {
        if (d->database.dialect().usesFilePath() && d->database.config().isInMemory())
            throw Error(QStringLiteral("An in-memory SQLite database is private to its "
                                       "connection: change capture across connections needs a "
                                       "database file"));
        d->tables = ChangeLog::installedTables(d->database);
        if (d->tables.isEmpty())
            throw Error(QStringLiteral("No table of %1 has change capture installed; run "
                                       "`rexorm realtime:install` or ChangeLog::install() first")
                            .arg(d->database.config().toUrl(false)));
        const SchemaInspector inspector(d->database);
        for (const QString &table : std::as_const(d->tables))
            entities.insert(table, inspector.inspect(table));
    } catch (const Error &error) {
        d->errorString = error.message();
        return false;
    }

    d->thread = new QThread;
    d->thread->setObjectName(QStringLiteral("rexorm-change-listener"));
    auto *worker = new ChangeListenerWorker(d->database, d->options, std::move(entities));
    worker->moveToThread(d->thread);
    d->worker = worker;
    connect(worker, &ChangeListenerWorker::changed, this, [this](const ChangeEvent &event) {
        if (!d->tables.contains(event.table))
            d->tables << event.table;
        emit changed(event);
    });
    connect(worker, &ChangeListenerWorker::gap, this, &ChangeListener::gap);
    connect(worker, &ChangeListenerWorker::connectedChanged, this, [this](bool connected) {
        d->connected = connected;
        emit connectedChanged(connected);
    });
    d->thread->start();
    bool opened = false;
    QString error;
    QMetaObject::invokeMethod(
        worker, [&] { opened = worker->open(&error); }, Qt::BlockingQueuedConnection);
    if (!opened) {
        stop();
        d->errorString = error;
        return false;
    }
    qCInfo(lcRealtime, "change listener started on %s",
           qPrintable(d->tables.join(QStringLiteral(", "))));
    d->connected = true;
    emit connectedChanged(true);
    return true;
}

void ChangeListener::stop()
{
    if (!d->thread)
        return;
    if (d->worker)
        QMetaObject::invokeMethod(
            d->worker, [worker = d->worker] { worker->shutdown(); }, Qt::BlockingQueuedConnection);
    d->thread->quit();
    d->thread->wait();
    delete d->thread; // the worker was deleted when its thread finished
    d->thread = nullptr;
    if (d->connected) {
        d->connected = false;
        emit connectedChanged(false);
    }
}

QString ChangeListener::errorString() const
{
    return d->errorString;
}

QStringList ChangeListener::tables() const
{
    return d->tables;
}

bool ChangeListener::isConnected() const
{
    return d->connected;
}

} // namespace RexOrm
