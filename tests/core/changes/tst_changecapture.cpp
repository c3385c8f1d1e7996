#include "testdatabases.h"

#include <rexorm/changes/changehub.h>
#include <rexorm/database/database.h>
#include <rexorm/error.h>
#include <rexorm/meta/registry.h>
#include <rexorm/model/entityrepository.h>
#include <rexorm/query/query.h>
#include <rexorm/query/querycache.h>

#include <QtCore/QMutex>
#include <QtCore/QScopeGuard>
#include <QtCore/QTemporaryDir>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

#include <stdexcept>
#include <thread>

using namespace RexOrm;

namespace {

// Every event the hub emits, in emission order (the hub emits one at a time).
class Recorder
{
public:
    explicit Recorder(const Database &db)
    {
        QObject::connect(
            db.changes(), &ChangeHub::changed, db.changes(),
            [this](const ChangeEvent &event) {
                QMutexLocker lock(&m_mutex);
                m_events << event;
            },
            Qt::DirectConnection);
    }
    QList<ChangeEvent> take()
    {
        QMutexLocker lock(&m_mutex);
        return std::exchange(m_events, {});
    }
    qsizetype size()
    {
        QMutexLocker lock(&m_mutex);
        return m_events.size();
    }

private:
    QMutex m_mutex;
    QList<ChangeEvent> m_events;
};

DatabaseConfig sqliteConfig(const QTemporaryDir &dir, bool capture)
{
    DatabaseConfig config = DatabaseConfig::fromUrl(QStringLiteral("sqlite://") +
                                                    dir.filePath(QStringLiteral("capture.db")));
    config.captureChanges = capture;
    return config;
}

void createItems(const Database &db)
{
    db.execute(QStringLiteral("CREATE TABLE cap_items (id INTEGER PRIMARY KEY, name TEXT NOT NULL "
                              "UNIQUE, score REAL, data BLOB, note TEXT)"));
}

QStringList names(const QList<ChangeEvent> &events, const char *row = "new")
{
    QStringList result;
    for (const ChangeEvent &event : events)
        result << (qstrcmp(row, "new") == 0 ? event.newRow : event.oldRow)
                      .value(QStringLiteral("name"))
                      .toString();
    return result;
}

} // namespace

class tst_ChangeCapture : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void rawWritesWithOldAndNewRows();
    void deleteWithoutWhere();
    void withoutRowidTable();
    void tableWithoutPrimaryKey();
    void rollbackPublishesNothing();
    void savepointRollbackDropsOnlyItsChanges();
    void failedStatements();
    void commitOrderAcrossThreads();
    void oneEventPerWrite();
    void queryCacheStaysFresh();
    void writesThroughTheBorrowedConnection();
    void ownTablesAreSkipped();
    void captureOffKeepsApplicationEvents();
    void configuration();

private:
    std::optional<QTemporaryDir> m_dir;
};

void tst_ChangeCapture::init()
{
    m_dir.emplace();
    QVERIFY(m_dir->isValid());
}

void tst_ChangeCapture::rawWritesWithOldAndNewRows()
{
    Database db(sqliteConfig(*m_dir, true));
    QVERIFY(db.capturesChanges());
    createItems(db);
    Recorder recorder(db);

    db.execute(QStringLiteral("INSERT INTO cap_items (name, score, data) VALUES (?, ?, ?)"),
               {QStringLiteral("Ann"), 1.5, QByteArray("\x00\x01", 2)});
    QList<ChangeEvent> events = recorder.take();
    QCOMPARE(events.size(), 1);
    ChangeEvent inserted = events[0];
    QCOMPARE(inserted.operation, ChangeEvent::Insert);
    QCOMPARE(inserted.source, ChangeEvent::ConnectionHook);
    QCOMPARE(inserted.table, QStringLiteral("cap_items"));
    QCOMPARE(inserted.entity, QStringLiteral("cap_items")); // no registered entity
    QCOMPARE(inserted.primaryKey, (QVariantMap{{"id", qlonglong(1)}}));
    QVERIFY(inserted.oldRow.isEmpty());
    QCOMPARE(inserted.newRow.keys(), (QStringList{"data", "id", "name", "note", "score"}));
    QCOMPARE(inserted.newRow.value("id").metaType(), QMetaType::fromType<qlonglong>());
    QCOMPARE(inserted.newRow.value("name").metaType(), QMetaType::fromType<QString>());
    QCOMPARE(inserted.newRow.value("name").toString(), QStringLiteral("Ann"));
    QCOMPARE(inserted.newRow.value("score").metaType(), QMetaType::fromType<double>());
    QCOMPARE(inserted.newRow.value("score").toDouble(), 1.5);
    QCOMPARE(inserted.newRow.value("data").metaType(), QMetaType::fromType<QByteArray>());
    QCOMPARE(inserted.newRow.value("data").toByteArray(), QByteArray("\x00\x01", 2));
    QVERIFY(!inserted.newRow.value("note").isValid()); // NULL
    QCOMPARE(inserted.changedColumns.size(), 5);
    QVERIFY(inserted.sequence > 0);
    QVERIFY(inserted.timestamp.isValid());

    db.execute(QStringLiteral("UPDATE cap_items SET name = ?, note = ? WHERE id = 1"),
               {QStringLiteral("Ann B."), QStringLiteral("renamed")});
    events = recorder.take();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].operation, ChangeEvent::Update);
    QCOMPARE(events[0].primaryKey, (QVariantMap{{"id", qlonglong(1)}}));
    QCOMPARE(events[0].oldRow.value("name").toString(), QStringLiteral("Ann"));
    QVERIFY(!events[0].oldRow.value("note").isValid());
    QCOMPARE(events[0].newRow.value("name").toString(), QStringLiteral("Ann B."));
    QCOMPARE(events[0].newRow.value("note").toString(), QStringLiteral("renamed"));
    QCOMPARE(events[0].newRow.value("score").toDouble(), 1.5);
    QCOMPARE(events[0].changedColumns, (QStringList{"name", "note"}));
    QCOMPARE(events[0].sequence, inserted.sequence + 1);

    // A key change reports the new key; the old one is in the old row.
    db.execute(QStringLiteral("UPDATE cap_items SET id = 7 WHERE id = 1"));
    events = recorder.take();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].primaryKey, (QVariantMap{{"id", qlonglong(7)}}));
    QCOMPARE(events[0].oldRow.value("id").toLongLong(), 1);
    QCOMPARE(events[0].changedColumns, QStringList{"id"});

    db.execute(QStringLiteral("DELETE FROM cap_items WHERE id = ?"), {7});
    events = recorder.take();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].operation, ChangeEvent::Delete);
    QCOMPARE(events[0].primaryKey, (QVariantMap{{"id", qlonglong(7)}}));
    QCOMPARE(events[0].oldRow.value("name").toString(), QStringLiteral("Ann B."));
    QCOMPARE(events[0].oldRow.value("data").toByteArray(), QByteArray("\x00\x01", 2));
    QVERIFY(events[0].newRow.isEmpty());

    // Reads and writes that change nothing publish nothing.
    db.execute(QStringLiteral("SELECT * FROM cap_items"));
    db.execute(QStringLiteral("UPDATE cap_items SET name = 'x' WHERE id = 999"));
    QCOMPARE(recorder.size(), 0);
}

void tst_ChangeCapture::deleteWithoutWhere()
{
    Database db(sqliteConfig(*m_dir, true));
    createItems(db);
    for (const char *name : {"a", "b", "c"})
        db.execute(QStringLiteral("INSERT INTO cap_items (name) VALUES (?)"),
                   {QString::fromLatin1(name)});
    Recorder recorder(db);
    // Without a WHERE SQLite truncates the table, which the plain update hook never reports.
    QCOMPARE(db.execute(QStringLiteral("DELETE FROM cap_items")).rowsAffected, 3);
    const QList<ChangeEvent> events = recorder.take();
    QCOMPARE(events.size(), 3);
    for (const ChangeEvent &event : events) {
        QCOMPARE(event.operation, ChangeEvent::Delete);
        QCOMPARE(event.table, QStringLiteral("cap_items"));
    }
    QCOMPARE(names(events, "old"), (QStringList{"a", "b", "c"}));
    QCOMPARE(events[2].primaryKey, (QVariantMap{{"id", qlonglong(3)}}));
}

void tst_ChangeCapture::withoutRowidTable()
{
    Database db(sqliteConfig(*m_dir, true));
    db.execute(QStringLiteral("CREATE TABLE cap_settings (scope TEXT NOT NULL, key TEXT NOT NULL, "
                              "value TEXT, PRIMARY KEY (key, scope)) WITHOUT ROWID"));
    Recorder recorder(db);
    db.execute(QStringLiteral("INSERT INTO cap_settings VALUES ('app', 'theme', 'dark')"));
    db.execute(QStringLiteral("UPDATE cap_settings SET value = 'light' WHERE key = 'theme'"));
    db.execute(QStringLiteral("DELETE FROM cap_settings"));
    const QList<ChangeEvent> events = recorder.take();
    QCOMPARE(events.size(), 3);
    const QVariantMap key{{"key", "theme"}, {"scope", "app"}};
    QCOMPARE(events[0].operation, ChangeEvent::Insert);
    QCOMPARE(events[0].primaryKey, key);
    QCOMPARE(events[0].newRow.value("value").toString(), QStringLiteral("dark"));
    QCOMPARE(events[1].operation, ChangeEvent::Update);
    QCOMPARE(events[1].primaryKey, key);
    QCOMPARE(events[1].oldRow.value("value").toString(), QStringLiteral("dark"));
    QCOMPARE(events[1].newRow.value("value").toString(), QStringLiteral("light"));
    QCOMPARE(events[1].changedColumns, QStringList{"value"});
    QCOMPARE(events[2].operation, ChangeEvent::Delete);
    QCOMPARE(events[2].primaryKey, key);
    QCOMPARE(events[2].oldRow.value("value").toString(), QStringLiteral("light"));
}

void tst_ChangeCapture::tableWithoutPrimaryKey()
{
    Database db(sqliteConfig(*m_dir, true));
    db.execute(QStringLiteral("CREATE TABLE cap_log (line TEXT)"));
    Recorder recorder(db);
    db.execute(QStringLiteral("INSERT INTO cap_log VALUES ('one'), ('two')"));
    db.execute(QStringLiteral("DELETE FROM cap_log WHERE line = 'one'"));
    const QList<ChangeEvent> events = recorder.take();
    QCOMPARE(events.size(), 3);
    QCOMPARE(events[1].primaryKey, (QVariantMap{{"rowid", qlonglong(2)}}));
    QCOMPARE(events[2].operation, ChangeEvent::Delete);
    QCOMPARE(events[2].primaryKey, (QVariantMap{{"rowid", qlonglong(1)}}));
    QCOMPARE(events[2].oldRow, (QVariantMap{{"line", "one"}}));
}

void tst_ChangeCapture::rollbackPublishesNothing()
{
    Database db(sqliteConfig(*m_dir, true));
    createItems(db);
    Recorder recorder(db);
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, db.transaction([&] {
        db.execute(QStringLiteral("INSERT INTO cap_items (name) VALUES ('ghost')"));
        db.execute(QStringLiteral("UPDATE cap_items SET note = 'x'"));
        throw std::runtime_error("undo");
    }));
    {
        Transaction tx = db.begin();
        db.execute(QStringLiteral("INSERT INTO cap_items (name) VALUES ('ghost 2')"));
        tx.rollback();
    }
    {
        Transaction abandoned = db.begin(); // rolled back by its destructor
        db.execute(QStringLiteral("INSERT INTO cap_items (name) VALUES ('ghost 3')"));
    }
    QCOMPARE(recorder.size(), 0);
    QCOMPARE(db.execute(QStringLiteral("SELECT COUNT(*) FROM cap_items")).value(0, 0).toInt(), 0);

    // Events wait for the commit, and nothing of the rolled-back transactions comes back then.
    db.transaction([&] {
        db.execute(QStringLiteral("INSERT INTO cap_items (name) VALUES ('kept')"));
        QCOMPARE(recorder.size(), 0);
    });
    const QList<ChangeEvent> events = recorder.take();
    QCOMPARE(names(events), QStringList{"kept"});
}

void tst_ChangeCapture::savepointRollbackDropsOnlyItsChanges()
{
    Database db(sqliteConfig(*m_dir, true));
    createItems(db);
    Recorder recorder(db);
    db.transaction([&] {
        db.execute(QStringLiteral("INSERT INTO cap_items (name) VALUES ('before')"));
        db.transaction([&] { // released: its changes stay
            db.execute(QStringLiteral("INSERT INTO cap_items (name) VALUES ('released')"));
        });
        try {
            db.transaction([&] {
                db.execute(QStringLiteral("INSERT INTO cap_items (name) VALUES ('undone')"));
                db.execute(QStringLiteral("UPDATE cap_items SET note = 'undone too'"));
                db.transaction([&] {
                    db.execute(QStringLiteral("INSERT INTO cap_items (name) VALUES ('deeper')"));
                });
                throw std::runtime_error("undo the savepoint");
            });
        } catch (const std::runtime_error &) {
        }
        db.execute(QStringLiteral("INSERT INTO cap_items (name) VALUES ('after')"));
    });
    const QList<ChangeEvent> events = recorder.take();
    QCOMPARE(names(events), (QStringList{"before", "released", "after"}));
    for (const ChangeEvent &event : events)
        QCOMPARE(event.operation, ChangeEvent::Insert);
    for (int i = 1; i < events.size(); ++i)
        QCOMPARE(events[i].sequence, events[i - 1].sequence + 1);
}

void tst_ChangeCapture::failedStatements()
{
    Database db(sqliteConfig(*m_dir, true));
    createItems(db);
    db.execute(QStringLiteral("INSERT INTO cap_items (name) VALUES ('taken')"));
    Recorder recorder(db);

    // Autocommit: the first row is written, the second violates UNIQUE, SQLite undoes both.
    QVERIFY_THROWS_EXCEPTION(
        DatabaseError,
        db.execute(QStringLiteral("INSERT INTO cap_items (name) VALUES ('fresh'), ('taken')")));
    QCOMPARE(recorder.size(), 0);

    // Inside a transaction the failed statement is undone, the transaction and its other
    // changes go on.
    db.transaction([&] {
        db.execute(QStringLiteral("INSERT INTO cap_items (name) VALUES ('one')"));
        QVERIFY_THROWS_EXCEPTION(
            DatabaseError,
            db.execute(QStringLiteral("INSERT INTO cap_items (name) VALUES ('half'), ('taken')")));
        db.execute(QStringLiteral("INSERT INTO cap_items (name) VALUES ('two')"));
    });
    QCOMPARE(names(recorder.take()), (QStringList{"one", "two"}));

    // OR FAIL keeps the rows written before the failure, and they are reported.
    QVERIFY_THROWS_EXCEPTION(
        DatabaseError, db.execute(QStringLiteral(
                           "INSERT OR FAIL INTO cap_items (name) VALUES ('kept'), ('taken')")));
    QCOMPARE(names(recorder.take()), QStringList{"kept"});
    QCOMPARE(db.execute(QStringLiteral("SELECT COUNT(*) FROM cap_items")).value(0, 0).toInt(), 4);
}

void tst_ChangeCapture::commitOrderAcrossThreads()
{
    DatabaseConfig config = sqliteConfig(*m_dir, true);
    config.poolSize = 4;
    Database db(config);
    db.execute(QStringLiteral("CREATE TABLE cap_counter (id INTEGER PRIMARY KEY, n INTEGER)"));
    db.execute(QStringLiteral("INSERT INTO cap_counter VALUES (1, 0)"));
    db.execute(QStringLiteral("CREATE TABLE cap_writes (id INTEGER PRIMARY KEY, ticket INTEGER, "
                              "writer TEXT)"));
    Recorder recorder(db);

    // A writer holds SQLite's write lock from its first write to its commit, so the counter
    // value a transaction reads is its place in the commit order.
    constexpr int perThread = 40;
    const auto transactions = [&](const QString &writer) {
        for (int i = 0; i < perThread; ++i) {
            db.transaction([&] {
                db.execute(QStringLiteral("UPDATE cap_counter SET n = n + 1 WHERE id = 1"));
                const QVariant n =
                    db.execute(QStringLiteral("SELECT n FROM cap_counter")).value(0, 0);
                db.execute(QStringLiteral("INSERT INTO cap_writes (ticket, writer) VALUES (?, ?)"),
                           {n, writer});
            });
        }
    };
    // Autocommit inserts get their rowid under the write lock: ids grow in commit order.
    const auto autocommit = [&](const QString &writer) {
        for (int i = 0; i < perThread; ++i)
            db.execute(QStringLiteral("INSERT INTO cap_writes (writer) VALUES (?)"), {writer});
    };
    std::thread first([&] { transactions(QStringLiteral("tx-a")); });
    std::thread second([&] { transactions(QStringLiteral("tx-b")); });
    std::thread third([&] { autocommit(QStringLiteral("auto")); });
    first.join();
    second.join();
    third.join();

    const QList<ChangeEvent> events = recorder.take();
    QCOMPARE(events.size(), 2 * perThread * 2 + perThread);
    qlonglong lastTicket = 0;
    qlonglong lastId = 0;
    for (int i = 0; i < events.size(); ++i) {
        const ChangeEvent &event = events[i];
        if (i > 0)
            QCOMPARE(event.sequence, events[i - 1].sequence + 1);
        if (event.table == u"cap_counter") {
            // The transaction's own insert follows its counter update directly.
            QVERIFY(i + 1 < events.size());
            const ChangeEvent &insert = events[i + 1];
            QCOMPARE(insert.table, QStringLiteral("cap_writes"));
            QCOMPARE(insert.newRow.value("ticket"), event.newRow.value("n"));
            const qlonglong ticket = event.newRow.value("n").toLongLong();
            QCOMPARE(ticket, lastTicket + 1);
            lastTicket = ticket;
        }
        if (event.table == u"cap_writes") {
            const qlonglong id = event.primaryKey.value("id").toLongLong();
            QVERIFY2(id > lastId, qPrintable(QStringLiteral("id %1 after %2").arg(id).arg(lastId)));
            lastId = id;
        }
    }
    QCOMPARE(lastTicket, 2 * perThread);
}

void tst_ChangeCapture::oneEventPerWrite()
{
    Database db(sqliteConfig(*m_dir, true));
    db.execute(
        QStringLiteral("CREATE TABLE cap_people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                       "city TEXT)"));
    EntityInfo person;
    person.name = QStringLiteral("CapPerson");
    person.table = QStringLiteral("cap_people");
    ColumnInfo id;
    id.name = QStringLiteral("id");
    id.type = ColumnType::BigInt;
    id.metaType = QMetaType::fromType<qlonglong>();
    id.primaryKey = true;
    id.autoIncrement = true;
    id.nullable = false;
    ColumnInfo name;
    name.name = QStringLiteral("name");
    name.type = ColumnType::String;
    name.metaType = QMetaType::fromType<QString>();
    name.nullable = false;
    ColumnInfo city = name;
    city.name = QStringLiteral("city");
    city.nullable = true;
    person.columns = {id, name, city};
    person.primaryKey = {QStringLiteral("id")};
    Registry::global().registerEntity(person);
    const auto unregister =
        qScopeGuard([] { Registry::global().unregisterEntity(QStringLiteral("CapPerson")); });
    Recorder recorder(db);

    EntityRepository people(db, *Registry::global().find(QStringLiteral("CapPerson")));
    Record ann = people.create({{"name", "Ann"}, {"city", "Oslo"}});
    Record bob = people.create({{"name", "Bob"}, {"city", "Oslo"}});
    QList<ChangeEvent> events = recorder.take();
    QCOMPARE(events.size(), 2);
    QCOMPARE(events[0].source, ChangeEvent::ConnectionHook);
    QCOMPARE(events[0].entity, QStringLiteral("CapPerson"));
    QCOMPARE(events[0].primaryKey, (QVariantMap{{"id", qlonglong(1)}}));

    ann.setValue("city", "Bergen");
    people.save(ann);
    events = recorder.take();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].operation, ChangeEvent::Update);
    QCOMPARE(events[0].changedColumns, QStringList{"city"});
    QCOMPARE(events[0].oldRow.value("city").toString(), QStringLiteral("Oslo"));

    // The builder's one table event becomes one event per row.
    Query("cap_people").update(Fields{{"city", "Tromsø"}}).execute(db);
    events = recorder.take();
    QCOMPARE(events.size(), 2);
    for (const ChangeEvent &event : events) {
        QCOMPARE(event.operation, ChangeEvent::Update);
        QVERIFY(!event.isTableEvent());
        QCOMPARE(event.newRow.value("city").toString(), QStringLiteral("Tromsø"));
    }
    Query("cap_people").insert(Fields{{"name", "Cy"}}).execute(db);
    QCOMPARE(recorder.take().size(), 1);

    // A raw write naming no tables no longer means "any table": its rows are known.
    db.execute(QStringLiteral("UPDATE cap_people SET city = NULL WHERE id = 2"));
    events = recorder.take();
    QCOMPARE(events.size(), 1);
    QVERIFY(!events[0].isUnknownWrite());
    people.remove(bob);
    events = recorder.take();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].operation, ChangeEvent::Delete);

    // DDL changes no row SQLite reports, but may stale any cached read: one "any table" event.
    db.execute(QStringLiteral("CREATE INDEX cap_people_city ON cap_people (city)"));
    events = recorder.take();
    QCOMPARE(events.size(), 1);
    QVERIFY(events[0].isUnknownWrite());
    QCOMPARE(events[0].source, ChangeEvent::Application);

    // The application's events are dropped, custom ones from other sources are not.
    ChangeEvent custom;
    custom.table = QStringLiteral("cap_people");
    db.publishChange(custom);
    QCOMPARE(recorder.size(), 0);
    custom.source = ChangeEvent::Trigger;
    db.publishChange(custom);
    QCOMPARE(recorder.size(), 1);
}

void tst_ChangeCapture::queryCacheStaysFresh()
{
    Database db(sqliteConfig(*m_dir, true));
    createItems(db);
    db.execute(QStringLiteral("INSERT INTO cap_items (name) VALUES ('a')"));
    QueryCache cache(db);
    const Query count = Query("cap_items").select("COUNT(*) AS n");
    QCOMPARE(cache.get(count).value(0, u"n").toInt(), 1);
    QCOMPARE(cache.get(count).value(0, u"n").toInt(), 1);
    QCOMPARE(cache.hits(), quint64(1));
    db.execute(QStringLiteral("INSERT INTO cap_items (name) VALUES ('b')"));
    QCOMPARE(cache.get(count).value(0, u"n").toInt(), 2);
    db.transaction([&] { db.execute(QStringLiteral("DELETE FROM cap_items WHERE name = 'a'")); });
    QCOMPARE(cache.get(count).value(0, u"n").toInt(), 1);
    db.execute(QStringLiteral("ALTER TABLE cap_items ADD COLUMN extra TEXT"));
    QCOMPARE(cache.size(), 0);
}

void tst_ChangeCapture::writesThroughTheBorrowedConnection()
{
    Database db(sqliteConfig(*m_dir, true));
    createItems(db);
    Recorder recorder(db);
    db.withConnection([](QSqlDatabase &connection) {
        QSqlQuery query(connection);
        QVERIFY(query.exec(QStringLiteral("INSERT INTO cap_items (name) VALUES ('direct')")));
    });
    const QList<ChangeEvent> events = recorder.take();
    QCOMPARE(names(events), QStringList{"direct"});
    // The column cache follows ALTER TABLE.
    // (SQLite before 3.42 reports NULL, not the default, as the old value of a column added
    // after the row was written; this row is written after.)
    db.execute(QStringLiteral("ALTER TABLE cap_items ADD COLUMN added INTEGER DEFAULT 5"));
    db.execute(QStringLiteral("DELETE FROM cap_items"));
    db.execute(QStringLiteral("INSERT INTO cap_items (name) VALUES ('later')"));
    recorder.take();
    db.execute(QStringLiteral("UPDATE cap_items SET added = 6"));
    const QList<ChangeEvent> updated = recorder.take();
    QCOMPARE(updated.size(), 1);
    QCOMPARE(updated[0].oldRow.value("added").toInt(), 5);
    QCOMPARE(updated[0].newRow.value("added").toInt(), 6);
    QCOMPARE(updated[0].changedColumns, QStringList{"added"});
}

void tst_ChangeCapture::ownTablesAreSkipped()
{
    Database db(sqliteConfig(*m_dir, true));
    db.execute(QStringLiteral("CREATE TABLE rex_changes (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                              "payload TEXT)"));
    Recorder recorder(db);
    db.execute(
        QStringLiteral("INSERT INTO rex_changes (payload) VALUES ('x')")); // +sqlite_sequence
    QCOMPARE(recorder.size(), 0);
}

void tst_ChangeCapture::captureOffKeepsApplicationEvents()
{
    Database db(sqliteConfig(*m_dir, false));
    QVERIFY(!db.capturesChanges());
    createItems(db);
    Recorder recorder(db);
    db.execute(QStringLiteral("INSERT INTO cap_items (name) VALUES ('a'), ('b')"));
    QList<ChangeEvent> events = recorder.take();
    QCOMPARE(events.size(), 1); // "any table may have changed"
    QVERIFY(events[0].isUnknownWrite());
    QCOMPARE(events[0].source, ChangeEvent::Application);
    QCOMPARE(events[0].rowCount, 2);
    Query("cap_items").update(Fields{{"note", "n"}}).execute(db);
    events = recorder.take();
    QCOMPARE(events.size(), 1);
    QVERIFY(events[0].isTableEvent());
    QCOMPARE(events[0].table, QStringLiteral("cap_items"));
    QCOMPARE(events[0].rowCount, 2);
}

void tst_ChangeCapture::configuration()
{
    const QString path = m_dir->filePath(QStringLiteral("c.db"));
    DatabaseConfig config =
        DatabaseConfig::fromUrl(QStringLiteral("sqlite://%1?capture_changes=true").arg(path));
    QVERIFY(config.captureChanges);
    QVERIFY(config.options.isEmpty()); // RexOrm's option, not the driver's
    QVERIFY(DatabaseConfig::fromUrl(config.toUrl()).captureChanges);
    QVERIFY(!DatabaseConfig::fromUrl(
                 QStringLiteral("sqlite://%1?capture_changes=0&busy_timeout=10").arg(path))
                 .captureChanges);
    QVERIFY(!DatabaseConfig::fromUrl(QStringLiteral("sqlite://%1").arg(path)).captureChanges);
    QVERIFY_THROWS_EXCEPTION(
        ConfigError,
        DatabaseConfig::fromUrl(QStringLiteral("sqlite://%1?capture_changes=maybe").arg(path)));
    QVERIFY_THROWS_EXCEPTION(
        ConfigError,
        DatabaseConfig::fromUrl(
            QStringLiteral("sqlite://%1?capture_changes=1&capture_changes=1").arg(path)));

    QVERIFY(DatabaseConfig::fromJson(
                R"({"database": "sqlite", "databasePath": ":memory:", "captureChanges": true})")
                .captureChanges);
    QVERIFY_THROWS_EXCEPTION(
        ConfigError,
        DatabaseConfig::fromJson(
            R"({"database": "sqlite", "databasePath": ":memory:", "captureChanges": "yes"})"));

    // Only SQLite connections have the hooks.
    try {
        DatabaseConfig::fromUrl(QStringLiteral("postgres://u@localhost/db?capture_changes=true"));
        QFAIL("captureChanges accepted for PostgreSQL");
    } catch (const ConfigError &error) {
        QVERIFY2(error.message().contains(u"SQLite only"), qPrintable(error.message()));
    }
    QVERIFY_THROWS_EXCEPTION(ConfigError,
                             DatabaseConfig::fromJson(R"({"database": "mariadb", "host": "h", )"
                                                      R"("captureChanges": true})"));

    // An in-memory database captures too.
    Database memory(DatabaseConfig::fromUrl(QStringLiteral("sqlite::memory:?capture_changes=on")));
    QVERIFY(memory.capturesChanges());
    memory.execute(QStringLiteral("CREATE TABLE cap_m (id INTEGER PRIMARY KEY)"));
    Recorder recorder(memory);
    memory.execute(QStringLiteral("INSERT INTO cap_m VALUES (1)"));
    QCOMPARE(recorder.size(), 1);
}

REXORM_TEST_MAIN(tst_ChangeCapture)

#include "tst_changecapture.moc"
