#include "changetesting.h"

#include <rexorm/changes/changelistener.h>
#include <rexorm/changes/changelog.h>
#include <rexorm/meta/decimal.h>
#include <rexorm/meta/registry.h>

#include <semaphore>
#include <thread>

using namespace RexOrm;
using namespace ChangeTesting;
using namespace std::chrono_literals;

namespace {

const QString table = QStringLiteral("listened_items");

ChangeListener::Options fastOptions()
{
    ChangeListener::Options options;
    options.pollInterval = 20ms;
    options.reconnectInterval = 200ms;
    return options;
}

qint64 changeLogRows(const Database &db)
{
    return db.execute(QStringLiteral("SELECT COUNT(*) FROM rex_changes")).value(0, 0).toLongLong();
}

} // namespace

class tst_ChangeListener : public QObject
{
    Q_OBJECT

private slots:
    void installAndUninstall_data() { RexOrmTest::addBackendColumns(); }
    void installAndUninstall();
    void anotherClientsChanges_data() { RexOrmTest::addBackendColumns(); }
    void anotherClientsChanges();
    void rolledBackTransactionDeliversNothing_data() { RexOrmTest::addBackendColumns(); }
    void rolledBackTransactionDeliversNothing();
    void overlappingTransactionsInCommitOrder_data();
    void overlappingTransactionsInCommitOrder();
    void reinstallAfterSchemaChange_data() { RexOrmTest::addBackendColumns(); }
    void reinstallAfterSchemaChange();
    void changeLogIsPruned_data();
    void changeLogIsPruned();
    void postgresPayloadOverNotifyLimit_data();
    void postgresPayloadOverNotifyLimit();
    void postgresLostConnection_data();
    void postgresLostConnection();
};

void tst_ChangeListener::installAndUninstall()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createTable(db, table);
    RexOrmTest::dropTables(db, {QStringLiteral("listened_other")});
    db.execute(QStringLiteral("CREATE TABLE listened_other (code %1 PRIMARY KEY, label %1)")
                   .arg(db.dialect().typeName({ColumnType::String, 20})));
    RexOrmTest::dropTables(db, {QStringLiteral("listened_keyless")});
    db.execute(QStringLiteral("CREATE TABLE listened_keyless (label %1)")
                   .arg(db.dialect().typeName({ColumnType::String, 20})));

    QCOMPARE(ChangeLog::installedTables(db), QStringList());
    QCOMPARE(ChangeLog::install(db, {table}), QStringList{table});
    QCOMPARE(ChangeLog::install(db, {table}), QStringList{table}); // idempotent
    QCOMPARE(ChangeLog::installedTables(db), QStringList{table});

    // Unknown tables, RexOrm's own and tables without a key are refused by name.
    try {
        ChangeLog::install(db, {QStringLiteral("no_such_table")});
        QFAIL("an unknown table was accepted");
    } catch (const MetadataError &error) {
        QVERIFY2(error.message().contains(u"no_such_table") && error.message().contains(table),
                 error.what());
    }
    QVERIFY_THROWS_EXCEPTION(MetadataError,
                             ChangeLog::install(db, {QStringLiteral("listened_keyless")}));
    QVERIFY_THROWS_EXCEPTION(MetadataError,
                             ChangeLog::install(db, {QStringLiteral("rex_changes")}));
    QCOMPARE(ChangeLog::installedTables(db), QStringList{table});

    // All tables: every one with a key, never RexOrm's own.
    const QStringList all = ChangeLog::install(db);
    QVERIFY2(all.contains(table) && all.contains(QStringLiteral("listened_other")),
             qPrintable(all.join(u',')));
    QVERIFY(!all.contains(QStringLiteral("listened_keyless")));
    QVERIFY(!all.contains(QStringLiteral("rex_changes")));

    QVERIFY_THROWS_EXCEPTION(MetadataError,
                             ChangeLog::uninstall(db, {QStringLiteral("listened_keyless")}));
    ChangeLog::uninstall(db, {QStringLiteral("listened_other")});
    QVERIFY(!ChangeLog::installedTables(db).contains(QStringLiteral("listened_other")));
    QVERIFY(ChangeLog::installedTables(db).contains(table));
    ChangeLog::uninstall(db);
    QCOMPARE(ChangeLog::installedTables(db), QStringList());
    // Writes work without the triggers, and the listener says why it cannot start.
    db.execute(QStringLiteral("INSERT INTO %1 (label) VALUES ('plain')").arg(table));
    ChangeListener listener(db);
    QVERIFY(!listener.start());
    QVERIFY2(listener.errorString().contains(u"realtime:install"),
             qPrintable(listener.errorString()));
}

void tst_ChangeListener::anotherClientsChanges()
{
    REXORM_TEST_CONFIG(config);
    if (clientProgram(backend).isEmpty())
        REXORM_SKIP_OR_FAIL(
            QStringLiteral("the %1 command-line client is not installed").arg(backend));
    Database db(config);
    createTable(db, table);
    freshInstall(db, {table});
    ChangeListener listener(db, fastOptions());
    QVERIFY2(listener.start(), qPrintable(listener.errorString()));
    QCOMPARE(listener.tables(), QStringList{table});
    QVERIFY(listener.isConnected());
    QSignalSpy spy(&listener, &ChangeListener::changed);

    const QString truth = backend == u"sqlite" ? QStringLiteral("1") : QStringLiteral("TRUE");
    // SQLite's NUMERIC affinity keeps 15 significant digits; the servers keep them all.
    const QString decimal =
        backend == u"sqlite" ? QStringLiteral("1234.5678") : QStringLiteral("12345678901234.5678");
    RUN_CLIENT(config, QStringLiteral("INSERT INTO %1 (big, price, label, ratio, flag, note) "
                                      "VALUES (9007199254740993, '%3', 'first', "
                                      "0.30000000000000004, %2, NULL);\n"
                                      "UPDATE %1 SET label = 'second', note = 'n' WHERE label = "
                                      "'first';\n"
                                      "DELETE FROM %1 WHERE label = 'second';\n")
                           .arg(table, truth, decimal));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 3, 30000);
    const QList<ChangeEvent> received = events(spy);

    const ChangeEvent &insert = received[0];
    QCOMPARE(insert.operation, ChangeEvent::Insert);
    QCOMPARE(insert.source, ChangeEvent::Trigger);
    QCOMPARE(insert.table, table);
    QCOMPARE(insert.entity, table); // no entity registered for it
    const QVariant id = insert.newRow.value(QStringLiteral("id"));
    QCOMPARE(id.metaType(), QMetaType::fromType<qlonglong>());
    QCOMPARE(insert.primaryKey, (QVariantMap{{QStringLiteral("id"), id}}));
    const QVariant big = insert.newRow.value(QStringLiteral("big"));
    QCOMPARE(big.metaType(), QMetaType::fromType<qlonglong>());
    QCOMPARE(big.toLongLong(), Q_INT64_C(9007199254740993));
    const QVariant price = insert.newRow.value(QStringLiteral("price"));
    QCOMPARE(price.metaType(), QMetaType::fromType<Decimal>());
    QCOMPARE(price.value<Decimal>(), Decimal::fromString(decimal));
    QCOMPARE(insert.newRow.value(QStringLiteral("label")), QVariant(QStringLiteral("first")));
    QCOMPARE(insert.newRow.value(QStringLiteral("ratio")).metaType(),
             QMetaType::fromType<double>());
    QCOMPARE(insert.newRow.value(QStringLiteral("ratio")).toDouble(), 0.1 + 0.2);
    QCOMPARE(insert.newRow.value(QStringLiteral("flag")), QVariant(true));
    QVERIFY(insert.newRow.contains(QStringLiteral("note")));
    QVERIFY(insert.newRow.value(QStringLiteral("note")).isNull());
    QVERIFY(insert.oldRow.isEmpty());

    const ChangeEvent &update = received[1];
    QCOMPARE(update.operation, ChangeEvent::Update);
    QCOMPARE(update.primaryKey, insert.primaryKey);
    QCOMPARE(update.oldRow, insert.newRow);
    QCOMPARE(update.newRow.value(QStringLiteral("label")), QVariant(QStringLiteral("second")));
    QCOMPARE(update.newRow.value(QStringLiteral("big")), big);
    auto changed = update.changedColumns;
    changed.sort();
    QCOMPARE(changed, (QStringList{QStringLiteral("label"), QStringLiteral("note")}));

    const ChangeEvent &remove = received[2];
    QCOMPARE(remove.operation, ChangeEvent::Delete);
    QCOMPARE(remove.primaryKey, insert.primaryKey);
    QCOMPARE(remove.oldRow, update.newRow);
    QVERIFY(remove.newRow.isEmpty());

    // A registered entity names the events of its table.
    EntityInfo entity;
    entity.name = QStringLiteral("ListenedItem");
    entity.table = table;
    ColumnInfo column;
    column.name = QStringLiteral("id");
    column.type = ColumnType::BigInt;
    column.primaryKey = true;
    column.metaType = QMetaType::fromType<qlonglong>();
    entity.columns << column;
    entity.primaryKey = {QStringLiteral("id")};
    Registry::global().registerEntity(entity);
    RUN_CLIENT(config, QStringLiteral("INSERT INTO %1 (label) VALUES ('named');").arg(table));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 4, 30000);
    Registry::global().unregisterEntity(entity.name);
    QCOMPARE(events(spy).last().entity, entity.name);
}

void tst_ChangeListener::rolledBackTransactionDeliversNothing()
{
    REXORM_TEST_CONFIG(config);
    if (clientProgram(backend).isEmpty())
        REXORM_SKIP_OR_FAIL(
            QStringLiteral("the %1 command-line client is not installed").arg(backend));
    Database db(config);
    createTable(db, table);
    freshInstall(db, {table});
    ChangeListener listener(db, fastOptions());
    QVERIFY2(listener.start(), qPrintable(listener.errorString()));
    QSignalSpy spy(&listener, &ChangeListener::changed);

    RUN_CLIENT(config, QStringLiteral("BEGIN;\nINSERT INTO %1 (label) VALUES ('lost');\n"
                                      "UPDATE %1 SET label = 'lost too';\nROLLBACK;\n"
                                      "INSERT INTO %1 (label) VALUES ('kept-1');\n"
                                      "BEGIN;\nINSERT INTO %1 (label) VALUES ('kept-2');\n"
                                      "INSERT INTO %1 (label) VALUES ('kept-3');\nCOMMIT;\n")
                           .arg(table));
    // The same from RexOrm itself: a transaction that throws.
    try {
        db.transaction([&] {
            db.execute(QStringLiteral("INSERT INTO %1 (label) VALUES ('lost in app')").arg(table));
            throw std::runtime_error("roll back");
        });
    } catch (const std::runtime_error &) {
    }
    db.execute(QStringLiteral("INSERT INTO %1 (label) VALUES ('kept-4')").arg(table));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 4, 30000);
    QCOMPARE(labels(events(spy)),
             (QStringList{QStringLiteral("kept-1"), QStringLiteral("kept-2"),
                          QStringLiteral("kept-3"), QStringLiteral("kept-4")}));
}

void tst_ChangeListener::overlappingTransactionsInCommitOrder_data()
{
    // SQLite has one writer at a time: its transactions cannot overlap.
    RexOrmTest::addBackendColumns({QStringLiteral("postgres"), QStringLiteral("mariadb")});
}

void tst_ChangeListener::overlappingTransactionsInCommitOrder()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createTable(db, table);
    freshInstall(db, {table});
    ChangeListener listener(db, fastOptions());
    QVERIFY2(listener.start(), qPrintable(listener.errorString()));
    QSignalSpy spy(&listener, &ChangeListener::changed);
    const QString insert = QStringLiteral("INSERT INTO %1 (label) VALUES (?)").arg(table);

    // A takes the lower id (on MariaDB the lower change-log id too) but commits after B.
    std::binary_semaphore aInserted{0};
    std::binary_semaphore bDelivered{0};
    QString failure;
    std::thread a([&] {
        try {
            Transaction transaction = db.begin();
            db.execute(insert, {QStringLiteral("a")});
            aInserted.release();
            bDelivered.acquire();
            transaction.commit();
        } catch (const Error &error) {
            failure = error.message();
            aInserted.release();
        }
    });
    aInserted.acquire();
    std::thread b([&] {
        try {
            db.transaction([&] { db.execute(insert, {QStringLiteral("b")}); });
        } catch (const Error &error) {
            failure = error.message();
        }
    });
    b.join();
    QTRY_COMPARE_WITH_TIMEOUT(labels(events(spy)), QStringList{QStringLiteral("b")}, 30000);
    bDelivered.release();
    a.join();
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    // A later write marks the end: everything before it arrived once.
    db.execute(insert, {QStringLiteral("c")});
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 3, 30000);
    QCOMPARE(labels(events(spy)),
             (QStringList{QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("c")}));
    const QList<ChangeEvent> received = events(spy);
    QVERIFY(received[0].primaryKey.value(QStringLiteral("id")).toLongLong() >
            received[1].primaryKey.value(QStringLiteral("id")).toLongLong());
}

void tst_ChangeListener::reinstallAfterSchemaChange()
{
    REXORM_TEST_CONFIG(config);
    if (clientProgram(backend).isEmpty())
        REXORM_SKIP_OR_FAIL(
            QStringLiteral("the %1 command-line client is not installed").arg(backend));
    Database db(config);
    createTable(db, table);
    freshInstall(db, {table});
    db.execute(QStringLiteral("ALTER TABLE %1 ADD COLUMN extra %2")
                   .arg(table, db.dialect().typeName({ColumnType::Integer})));
    ChangeLog::install(db, {table}); // lists the columns anew
    ChangeListener listener(db, fastOptions());
    QVERIFY2(listener.start(), qPrintable(listener.errorString()));
    QSignalSpy spy(&listener, &ChangeListener::changed);
    RUN_CLIENT(config,
               QStringLiteral("INSERT INTO %1 (label, extra) VALUES ('wider', 42);").arg(table));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 30000);
    QCOMPARE(events(spy).first().newRow.value(QStringLiteral("extra")), QVariant(qlonglong(42)));
}

void tst_ChangeListener::changeLogIsPruned_data()
{
    RexOrmTest::addBackendColumns({QStringLiteral("sqlite"), QStringLiteral("mariadb")});
}

void tst_ChangeListener::changeLogIsPruned()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createTable(db, table);
    freshInstall(db, {table});
    ChangeListener::Options options = fastOptions();
    options.retention = 0ms;
    options.pruneInterval = 50ms;
    ChangeListener listener(db, options);
    QVERIFY2(listener.start(), qPrintable(listener.errorString()));
    QSignalSpy spy(&listener, &ChangeListener::changed);
    for (int i = 0; i < 5; ++i)
        db.execute(QStringLiteral("INSERT INTO %1 (label) VALUES (?)").arg(table),
                   {QStringLiteral("row %1").arg(i)});
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 5, 30000);
    // Delivered rows past the retention are deleted by the listener.
    QTRY_COMPARE_WITH_TIMEOUT(changeLogRows(db), qint64(0), 30000);
    db.execute(QStringLiteral("INSERT INTO %1 (label) VALUES ('after pruning')").arg(table));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 6, 30000);
    QCOMPARE(labels(events(spy)).last(), QStringLiteral("after pruning"));
}

void tst_ChangeListener::postgresPayloadOverNotifyLimit_data()
{
    RexOrmTest::addBackendColumns({QStringLiteral("postgres")});
}

void tst_ChangeListener::postgresPayloadOverNotifyLimit()
{
    REXORM_TEST_CONFIG(config);
    if (clientProgram(backend).isEmpty())
        REXORM_SKIP_OR_FAIL(QStringLiteral("psql is not installed"));
    Database db(config);
    createTable(db, table);
    freshInstall(db, {table});
    ChangeListener listener(db, fastOptions());
    QVERIFY2(listener.start(), qPrintable(listener.errorString()));
    QSignalSpy spy(&listener, &ChangeListener::changed);

    // NOTIFY takes under 8000 bytes: these rows are sent as their key and read back.
    RUN_CLIENT(config, QStringLiteral("INSERT INTO %1 (big, label, note) VALUES "
                                      "(9007199254740993, 'big', repeat('x', 10000));\n"
                                      "UPDATE %1 SET label = 'bigger' WHERE label = 'big';\n"
                                      "DELETE FROM %1 WHERE label = 'bigger';\n")
                           .arg(table));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 3, 30000);
    const QList<ChangeEvent> received = events(spy);
    const ChangeEvent &insert = received[0];
    QCOMPARE(insert.operation, ChangeEvent::Insert);
    const QVariantMap key = insert.primaryKey;
    QCOMPARE(key.value(QStringLiteral("id")).metaType(), QMetaType::fromType<qlonglong>());
    // Read back after the whole script ran: the row is gone, so the event has the key only.
    // (The row as it is when read, when it still exists: checked below.)
    QCOMPARE(received[1].operation, ChangeEvent::Update);
    QCOMPARE(received[1].primaryKey, key);
    QCOMPARE(received[2].operation, ChangeEvent::Delete);
    QCOMPARE(received[2].primaryKey, key);
    QCOMPARE(received[2].oldRow, key); // a large delete's old row is its key only

    spy.clear();
    RUN_CLIENT(config, QStringLiteral("INSERT INTO %1 (big, label, note) VALUES "
                                      "(7, 'kept', repeat('y', 10000));\n")
                           .arg(table));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 30000);
    const ChangeEvent kept = events(spy).first();
    QCOMPARE(kept.newRow.value(QStringLiteral("label")), QVariant(QStringLiteral("kept")));
    QCOMPARE(kept.newRow.value(QStringLiteral("note")).toString(), QString(10000, u'y'));
    QCOMPARE(kept.newRow.value(QStringLiteral("big")), QVariant(qlonglong(7)));
    QCOMPARE(kept.primaryKey.value(QStringLiteral("id")), kept.newRow.value(QStringLiteral("id")));
}

void tst_ChangeListener::postgresLostConnection_data()
{
    RexOrmTest::addBackendColumns({QStringLiteral("postgres")});
}

void tst_ChangeListener::postgresLostConnection()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createTable(db, table);
    freshInstall(db, {table});
    ChangeListener listener(db, fastOptions());
    QVERIFY2(listener.start(), qPrintable(listener.errorString()));
    QSignalSpy changed(&listener, &ChangeListener::changed);
    QSignalSpy gap(&listener, &ChangeListener::gap);
    QSignalSpy connection(&listener, &ChangeListener::connectedChanged);

    // End the listener's backend from another connection, as an administrator or a failover
    // would; the server itself keeps running for everyone else.
    const QueryResult ended = db.execute(
        QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                       "application_name = 'rexorm-listener' AND datname = current_database()"));
    QCOMPARE(ended.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(gap.count(), 1, 30000);
    QVERIFY(listener.isConnected());
    QCOMPARE(connection.count(), 2);
    QCOMPARE(connection.at(0).at(0), QVariant(false));
    QCOMPARE(connection.at(1).at(0), QVariant(true));

    // Subscribed again: changes arrive as before.
    db.execute(QStringLiteral("INSERT INTO %1 (label) VALUES ('after')").arg(table));
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 30000);
    QCOMPARE(labels(events(changed)), QStringList{QStringLiteral("after")});
}

REXORM_TEST_MAIN(tst_ChangeListener)
#include "tst_changelistener.moc"
