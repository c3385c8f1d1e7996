#include "changetesting.h"

#include <rexorm/changes/changefeed.h>
#include <rexorm/changes/changelog.h>
#include <rexorm/meta/schemainspector.h>
#include <rexorm/model/entityrepository.h>

using namespace RexOrm;
using namespace ChangeTesting;
using namespace std::chrono_literals;

namespace {

const QString table = QStringLiteral("fed_items");
const QString plainTable = QStringLiteral("fed_plain"); // no triggers

ChangeFeed::Options fastOptions()
{
    ChangeFeed::Options options;
    options.listener.pollInterval = 20ms;
    options.listener.reconnectInterval = 200ms;
    return options;
}

// A raw write that names its table: the hub's event for it is a table event of that table.
ExecOptions namingTable(const QString &name)
{
    ExecOptions options;
    options.tables = {name};
    return options;
}

QList<quint64> sequences(const QList<ChangeEvent> &events)
{
    QList<quint64> list;
    for (const ChangeEvent &event : events)
        list << event.sequence;
    return list;
}

} // namespace

class tst_ChangeFeed : public QObject
{
    Q_OBJECT

private slots:
    void oneEventPerWrite_data() { RexOrmTest::addBackendColumns(); }
    void oneEventPerWrite();
    void sequencesAndSince_data() { RexOrmTest::addBackendColumns({QStringLiteral("sqlite")}); }
    void sequencesAndSince();
    void sinceRefusedAfterGap_data();
    void sinceRefusedAfterGap();
};

void tst_ChangeFeed::oneEventPerWrite()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createTable(db, table);
    createTable(db, plainTable);
    ChangeLog::install(db, {table});
    ChangeFeed feed(db, fastOptions());
    QVERIFY2(feed.start(), qPrintable(feed.errorString()));
    QCOMPARE(feed.triggerTables(), QStringList{table});
    QSignalSpy spy(&feed, &ChangeFeed::changed);

    // A repository write, a raw write naming its table and one naming none, on the table with
    // triggers; then a repository write on a table without.
    const EntityInfo entity = SchemaInspector(db).inspect(table);
    EntityRepository repository(db, entity);
    Record created = repository.create({{QStringLiteral("label"), QStringLiteral("repository")}});
    ExecOptions naming;
    naming.tables = {table};
    db.execute(QStringLiteral("INSERT INTO %1 (label) VALUES ('raw')").arg(table), QVariantList(),
               naming);
    db.execute(QStringLiteral("UPDATE %1 SET note = 'unnamed' WHERE label = 'raw'").arg(table));
    EntityRepository plain(db, SchemaInspector(db).inspect(plainTable));
    plain.create({{QStringLiteral("label"), QStringLiteral("untriggered")}});
    repository.remove(created);

    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 6, 30000);
    const QList<ChangeEvent> received = events(spy);
    // Events of the triggered table come from the triggers only, each once, in commit order.
    QList<ChangeEvent> triggered;
    QList<ChangeEvent> others;
    for (const ChangeEvent &event : received)
        (event.table == table ? triggered : others) << event;
    QCOMPARE(triggered.size(), 4);
    for (const ChangeEvent &event : triggered)
        QCOMPARE(event.source, ChangeEvent::Trigger);
    QCOMPARE(labels(triggered), (QStringList{QStringLiteral("repository"), QStringLiteral("raw"),
                                             QStringLiteral("raw"), QStringLiteral("repository")}));
    QCOMPARE(triggered[0].operation, ChangeEvent::Insert);
    QCOMPARE(triggered[1].operation, ChangeEvent::Insert);
    QCOMPARE(triggered[2].operation, ChangeEvent::Update);
    QCOMPARE(triggered[2].changedColumns, QStringList{QStringLiteral("note")});
    QCOMPARE(triggered[3].operation, ChangeEvent::Delete);
    QCOMPARE(triggered[3].primaryKey, created.primaryKey());
    // The unknown write (no table named) and the untriggered table's write come from the hub.
    QCOMPARE(others.size(), 2);
    QVERIFY(others[0].isUnknownWrite());
    QCOMPARE(others[1].table, plainTable);
    QCOMPARE(others[1].newRow.value(QStringLiteral("label")),
             QVariant(QStringLiteral("untriggered")));
    QVERIFY(others[1].source != ChangeEvent::Trigger);

    // The feed numbers everything 1, 2, 3 ... in delivery order.
    QCOMPARE(sequences(received), (QList<quint64>{1, 2, 3, 4, 5, 6}));
    QCOMPARE(feed.lastSequence(), quint64(6));

    // Nothing more arrives: a last write is the only one after.
    db.execute(QStringLiteral("INSERT INTO %1 (label) VALUES ('last')").arg(table), QVariantList(),
               namingTable(table));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 7, 30000);
    QCOMPARE(labels(events(spy)).last(), QStringLiteral("last"));
}

void tst_ChangeFeed::sequencesAndSince()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createTable(db, table);
    freshInstall(db, {table});
    ChangeFeed::Options options = fastOptions();
    options.bufferSize = 3;
    ChangeFeed feed(db, options);
    QVERIFY2(feed.start(), qPrintable(feed.errorString()));
    ChangeFeed other(db, options);
    QVERIFY(!feed.instanceId().isEmpty());
    QVERIFY(feed.instanceId() != other.instanceId());
    QSignalSpy spy(&feed, &ChangeFeed::changed);

    QCOMPARE(feed.lastSequence(), quint64(0));
    QVERIFY(feed.since(0));
    QCOMPARE(feed.since(0)->size(), 0);
    const QString insert = QStringLiteral("INSERT INTO %1 (label) VALUES (?)").arg(table);
    db.execute(insert, {QStringLiteral("one")}, namingTable(table));
    db.execute(insert, {QStringLiteral("two")}, namingTable(table));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 2, 30000);
    QCOMPARE(sequences(*feed.since(0)), (QList<quint64>{1, 2}));
    QCOMPARE(labels(*feed.since(1)), QStringList{QStringLiteral("two")});
    QCOMPARE(feed.since(2)->size(), 0);
    QVERIFY(!feed.since(3)); // a sequence this feed never gave: another instance's token

    // Past the buffer: only resumes from what is still kept are answered.
    for (const char *label : {"three", "four", "five"})
        db.execute(insert, {QString::fromLatin1(label)}, namingTable(table));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 5, 30000);
    QVERIFY(!feed.since(0));
    QVERIFY(!feed.since(1));
    QCOMPARE(sequences(*feed.since(2)), (QList<quint64>{3, 4, 5}));
    QCOMPARE(labels(*feed.since(4)), QStringList{QStringLiteral("five")});
}

void tst_ChangeFeed::sinceRefusedAfterGap_data()
{
    RexOrmTest::addBackendColumns({QStringLiteral("postgres")});
}

void tst_ChangeFeed::sinceRefusedAfterGap()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createTable(db, table);
    freshInstall(db, {table});
    ChangeFeed feed(db, fastOptions());
    QVERIFY2(feed.start(), qPrintable(feed.errorString()));
    QSignalSpy spy(&feed, &ChangeFeed::changed);
    QSignalSpy gap(&feed, &ChangeFeed::gap);
    const QString insert = QStringLiteral("INSERT INTO %1 (label) VALUES (?)").arg(table);
    db.execute(insert, {QStringLiteral("before")}, namingTable(table));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 30000);

    QCOMPARE(db.execute(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                       "WHERE application_name = 'rexorm-listener' AND datname = "
                                       "current_database()"))
                 .size(),
             1);
    QTRY_COMPARE_WITH_TIMEOUT(gap.count(), 1, 30000);
    // The gap took sequence 2: tokens before it must resync, one taken after may resume.
    QCOMPARE(feed.lastSequence(), quint64(2));
    QVERIFY(!feed.since(0));
    QVERIFY(!feed.since(1));
    QCOMPARE(feed.since(2)->size(), 0);
    db.execute(insert, {QStringLiteral("after")}, namingTable(table));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 2, 30000);
    QCOMPARE(events(spy).last().sequence, quint64(3));
    QCOMPARE(labels(*feed.since(2)), QStringList{QStringLiteral("after")});
    QVERIFY(!feed.since(1));
}

REXORM_TEST_MAIN(tst_ChangeFeed)
#include "tst_changefeed.moc"
