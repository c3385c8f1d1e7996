#include "testdatabases.h"

#include <rexorm/database/database.h>
#include <rexorm/error.h>

#include <QtCore/QRegularExpression>
#include <QtCore/QThread>

#include <optional>
#include <stdexcept>
#include <thread>

using namespace RexOrm;

namespace {

void createItems(const Database &db)
{
    RexOrmTest::dropTables(db, {QStringLiteral("items")});
    db.execute(QStringLiteral("CREATE TABLE items (name %1 NOT NULL)")
                   .arg(db.dialect().typeName({ColumnType::String, 40})));
}

void insertItem(const Database &db, const QString &name)
{
    db.execute(QStringLiteral("INSERT INTO items (name) VALUES (?)"), {name});
}

// Reads from another thread, hence another connection: sees only committed rows.
QStringList committedItems(const Database &db)
{
    QStringList names;
    std::thread reader([&] {
        const QueryResult result =
            db.execute(QStringLiteral("SELECT name FROM items ORDER BY name"));
        for (qsizetype i = 0; i < result.size(); ++i)
            names << result.value(i, 0).toString();
    });
    reader.join();
    return names;
}

} // namespace

class tst_Transactions : public QObject
{
    Q_OBJECT

private slots:
    void commit_data() { RexOrmTest::addBackendColumns(); }
    void commit();
    void rollbackOnException_data() { RexOrmTest::addBackendColumns(); }
    void rollbackOnException();
    void savepoints_data() { RexOrmTest::addBackendColumns(); }
    void savepoints();
    void commitHooks_data() { RexOrmTest::addBackendColumns(); }
    void commitHooks();
    void explicitTransaction_data() { RexOrmTest::addBackendColumns(); }
    void explicitTransaction();
    void misuse_data() { RexOrmTest::addBackendColumns(); }
    void misuse();
    void failedStatementInsideTransaction_data() { RexOrmTest::addBackendColumns(); }
    void failedStatementInsideTransaction();
    void ddlInsideTransaction_data() { RexOrmTest::addBackendColumns(); }
    void ddlInsideTransaction();
    void asyncTransaction_data() { RexOrmTest::addBackendColumns(); }
    void asyncTransaction();
    void serverEndedTransaction_data() { RexOrmTest::addBackendColumns(); }
    void serverEndedTransaction();
    void destroyedOnAnotherThread_data() { RexOrmTest::addBackendColumns(); }
    void destroyedOnAnotherThread();
    void staleTransactionHandle_data() { RexOrmTest::addBackendColumns(); }
    void staleTransactionHandle();
    void concurrentWriters_data() { RexOrmTest::addBackendColumns(); }
    void concurrentWriters();
};

void tst_Transactions::commit()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createItems(db);
    int depthInside = -1;
    QStringList visibleOutside;
    const qsizetype count = db.transaction([&] {
        insertItem(db, QStringLiteral("a"));
        insertItem(db, QStringLiteral("b"));
        depthInside = db.transactionDepth();
        visibleOutside = committedItems(db);
        return db.execute(QStringLiteral("SELECT name FROM items")).size();
    });
    QCOMPARE(count, 2);
    QCOMPARE(depthInside, 1);
    QCOMPARE(visibleOutside, QStringList()); // not visible before commit
    QCOMPARE(db.transactionDepth(), 0);
    QCOMPARE(committedItems(db), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
}

void tst_Transactions::rollbackOnException()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createItems(db);
    try {
        db.transaction([&] {
            insertItem(db, QStringLiteral("lost"));
            throw std::runtime_error("application failure");
        });
        QFAIL("the exception did not propagate");
    } catch (const std::runtime_error &error) {
        QCOMPARE(QByteArray(error.what()), QByteArray("application failure"));
    }
    QCOMPARE(db.transactionDepth(), 0);
    QCOMPARE(committedItems(db), QStringList());
    QCOMPARE(db.execute(QStringLiteral("SELECT name FROM items")).size(), 0);

    // A database error inside rolls back too and arrives as itself.
    QVERIFY_THROWS_EXCEPTION(DatabaseError, db.transaction([&] {
        insertItem(db, QStringLiteral("also lost"));
        db.execute(QStringLiteral("INSERT INTO items (name) VALUES (NULL)"));
    }));
    QCOMPARE(committedItems(db), QStringList());
}

void tst_Transactions::savepoints()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createItems(db);
    db.transaction([&] {
        insertItem(db, QStringLiteral("a"));
        try {
            db.transaction([&] {
                if (db.transactionDepth() != 2)
                    throw std::logic_error("a nested transaction is not a savepoint");
                insertItem(db, QStringLiteral("b"));
                throw std::runtime_error("inner failure");
            });
        } catch (const std::runtime_error &) {
        }
        QCOMPARE(db.transactionDepth(), 1);
        db.transaction([&] {
            insertItem(db, QStringLiteral("c"));
            db.transaction([&] { insertItem(db, QStringLiteral("d")); });
        });
        insertItem(db, QStringLiteral("e"));
    });
    QCOMPARE(committedItems(db), (QStringList{QStringLiteral("a"), QStringLiteral("c"),
                                              QStringLiteral("d"), QStringLiteral("e")}));
}

void tst_Transactions::commitHooks()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createItems(db);
    QStringList events;
    QStringList seenAtCommit;
    db.transaction([&] {
        insertItem(db, QStringLiteral("a"));
        db.onCommit([&] {
            events << QStringLiteral("outer commit");
            seenAtCommit = committedItems(db); // runs after COMMIT: other connections see the row
        });
        db.onRollback([&] { events << QStringLiteral("outer rollback"); });
        try {
            db.transaction([&] {
                db.onCommit([&] { events << QStringLiteral("dropped commit"); });
                db.onRollback([&] { events << QStringLiteral("inner rollback"); });
                throw std::runtime_error("undo the savepoint");
            });
        } catch (const std::runtime_error &) {
        }
        db.transaction(
            [&] { db.onCommit([&] { events << QStringLiteral("released savepoint commit"); }); });
        QCOMPARE(events,
                 QStringList{QStringLiteral("inner rollback")}); // nothing else before COMMIT
    });
    QCOMPARE(events, (QStringList{QStringLiteral("inner rollback"), QStringLiteral("outer commit"),
                                  QStringLiteral("released savepoint commit")}));
    QCOMPARE(seenAtCommit, QStringList{QStringLiteral("a")});

    events.clear();
    try {
        db.transaction([&] {
            db.onCommit([&] { events << QStringLiteral("commit"); });
            db.onRollback([&] { events << QStringLiteral("rollback"); });
            throw std::runtime_error("fail");
        });
    } catch (const std::runtime_error &) {
    }
    QCOMPARE(events, QStringList{QStringLiteral("rollback")});

    // A throwing hook neither undoes the commit nor stops later hooks.
    events.clear();
    QTest::ignoreMessage(QtWarningMsg, "commit hook threw: hook failure");
    db.transaction([&] {
        insertItem(db, QStringLiteral("b"));
        db.onCommit([] { throw std::runtime_error("hook failure"); });
        db.onCommit([&] { events << QStringLiteral("second hook"); });
    });
    QCOMPARE(events, QStringList{QStringLiteral("second hook")});
    QCOMPARE(committedItems(db).size(), 2);

    QVERIFY_THROWS_EXCEPTION(TransactionError, db.onCommit([] {}));
    QVERIFY_THROWS_EXCEPTION(TransactionError, db.onRollback([] {}));
}

void tst_Transactions::explicitTransaction()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createItems(db);
    {
        Transaction tx = db.begin();
        QVERIFY(tx.isActive());
        insertItem(db, QStringLiteral("kept"));
        tx.commit();
        QVERIFY(!tx.isActive());
        QVERIFY_THROWS_EXCEPTION(TransactionError, tx.commit());
    }
    {
        Transaction tx = db.begin();
        insertItem(db, QStringLiteral("abandoned"));
        // destroyed without commit: rolled back
    }
    {
        Transaction tx = db.begin();
        insertItem(db, QStringLiteral("undone"));
        tx.rollback();
        QVERIFY_THROWS_EXCEPTION(TransactionError, tx.rollback());
    }
    {
        Transaction outer = db.begin();
        insertItem(db, QStringLiteral("outer"));
        Transaction inner = db.begin();
        QCOMPARE(db.transactionDepth(), 2);
        insertItem(db, QStringLiteral("inner"));
        QVERIFY_THROWS_EXCEPTION(TransactionError, outer.commit()); // inner still open
        inner.rollback();
        outer.commit();
    }
    QCOMPARE(db.transactionDepth(), 0);
    QCOMPARE(committedItems(db), (QStringList{QStringLiteral("kept"), QStringLiteral("outer")}));
}

void tst_Transactions::misuse()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createItems(db);

    // A transaction is bound to the thread that began it.
    Transaction tx = db.begin();
    bool refused = false;
    std::thread other([&] {
        try {
            tx.commit();
        } catch (const TransactionError &) {
            refused = true;
        }
    });
    other.join();
    QVERIFY(refused);
    tx.rollback();

    // An inner transaction left open inside transaction() rolls everything back.
    std::optional<Transaction> leaked;
    QVERIFY_THROWS_EXCEPTION(TransactionError, db.transaction([&] {
        insertItem(db, QStringLiteral("x"));
        leaked.emplace(db.begin());
        insertItem(db, QStringLiteral("y"));
    }));
    QCOMPARE(db.transactionDepth(), 0);
    leaked.reset();
    QCOMPARE(committedItems(db), QStringList());
}

void tst_Transactions::failedStatementInsideTransaction()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createItems(db);
    // The caller swallows a failed statement and tries to commit. PostgreSQL has aborted the
    // transaction: RexOrm refuses the commit instead of reporting a success that did not happen.
    // SQLite and MariaDB only undo the failed statement and commit the rest.
    const auto attempt = [&] {
        db.transaction([&] {
            insertItem(db, QStringLiteral("before"));
            try {
                db.execute(QStringLiteral("INSERT INTO items (name) VALUES (NULL)"));
            } catch (const DatabaseError &) {
            }
        });
    };
    if (db.dialect().failedStatementAbortsTransaction()) {
        QVERIFY_THROWS_EXCEPTION(TransactionError, attempt());
        QCOMPARE(committedItems(db), QStringList());
    } else {
        attempt();
        QCOMPARE(committedItems(db), QStringList{QStringLiteral("before")});
    }
    QCOMPARE(db.transactionDepth(), 0);

    // Inside a savepoint the failure stays contained on every backend.
    createItems(db);
    db.transaction([&] {
        insertItem(db, QStringLiteral("kept"));
        try {
            db.transaction(
                [&] { db.execute(QStringLiteral("INSERT INTO items (name) VALUES (NULL)")); });
        } catch (const DatabaseError &) {
        }
        insertItem(db, QStringLiteral("after"));
    });
    QCOMPARE(committedItems(db), (QStringList{QStringLiteral("after"), QStringLiteral("kept")}));
}

void tst_Transactions::ddlInsideTransaction()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    RexOrmTest::dropTables(db, {QStringLiteral("created_in_tx")});
    const auto createTable = [&] {
        db.transaction([&] {
            db.execute(QStringLiteral("CREATE TABLE created_in_tx (id INTEGER)"));
            throw std::runtime_error("roll back the DDL");
        });
    };
    if (db.dialect().ddlCommitsTransaction()) {
        try {
            createTable();
            QFAIL("DDL inside a MariaDB transaction was not refused");
        } catch (const TransactionError &error) {
            QVERIFY2(error.message().contains(u"commits the open transaction implicitly"),
                     qPrintable(error.message()));
        }
    } else {
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, createTable());
    }
    // Either way the table does not exist afterwards.
    QVERIFY_THROWS_EXCEPTION(DatabaseError,
                             db.execute(QStringLiteral("SELECT * FROM created_in_tx")));
}

void tst_Transactions::asyncTransaction()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createItems(db);
    QFuture<int> done = db.transactionAsync([db] {
        insertItem(db, QStringLiteral("async"));
        return db.transactionDepth();
    });
    QCOMPARE(done.result(), 1);
    QFuture<void> failed = db.transactionAsync([db] {
        insertItem(db, QStringLiteral("never"));
        throw std::runtime_error("async failure");
    });
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, failed.waitForFinished());
    QCOMPARE(committedItems(db), QStringList{QStringLiteral("async")});
}

void tst_Transactions::serverEndedTransaction()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    RexOrmTest::dropTables(db, {QStringLiteral("bulk")});
    db.execute(QStringLiteral("CREATE TABLE bulk (n BIGINT)"));
    QString heavyWrite;
    if (backend == u"postgres")
        heavyWrite = QStringLiteral("INSERT INTO bulk (n) SELECT generate_series(1, 100000000)");
    else if (backend == u"mariadb")
        heavyWrite = QStringLiteral("INSERT INTO bulk (n) SELECT seq FROM seq_1_to_100000000");
    else
        heavyWrite =
            QStringLiteral("INSERT INTO bulk (n) WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
                           "SELECT x + 1 FROM c WHERE x < 100000000) SELECT x FROM c");
    // A write cancelled by its timeout inside a transaction: SQLite rolls the whole transaction
    // back, PostgreSQL aborts it, MariaDB undoes only that statement. RexOrm must never commit
    // "after" on its own while "before" is gone.
    bool timedOut = false;
    const auto attempt = [&] {
        db.transaction([&] {
            db.execute(QStringLiteral("INSERT INTO bulk (n) VALUES (-1)"));
            try {
                db.execute(heavyWrite, QVariantList{}, ExecOptions{200});
            } catch (const StatementTimeoutError &) {
                timedOut = true;
            }
            db.execute(QStringLiteral("INSERT INTO bulk (n) VALUES (-2)"));
        });
    };
    const auto keptRows = [&] {
        return db.execute(QStringLiteral("SELECT COUNT(*) FROM bulk")).value(0, 0).toInt();
    };
    if (backend == u"sqlite") {
        QVERIFY_THROWS_EXCEPTION(TransactionError, attempt());
        QCOMPARE(keptRows(), 0);
    } else if (backend == u"postgres") {
        QVERIFY_THROWS_EXCEPTION(DatabaseError, attempt());
        QCOMPARE(keptRows(), 0);
    } else {
        attempt();
        QCOMPARE(keptRows(), 2);
    }
    QVERIFY(timedOut);
    QCOMPARE(db.transactionDepth(), 0);
    db.execute(QStringLiteral("INSERT INTO bulk (n) VALUES (-3)")); // the connection is fine
}

void tst_Transactions::destroyedOnAnotherThread()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createItems(db);
    std::optional<Transaction> tx;
    tx.emplace(db.begin());
    insertItem(db, QStringLiteral("orphan"));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("destroyed on another thread")));
    std::thread([&] { tx.reset(); }).join();
    // The abandoned transaction's connection was discarded: nothing is committed, no lock is
    // left behind, and this thread starts afresh.
    QCOMPARE(db.transactionDepth(), 0);
    std::thread([&] { insertItem(db, QStringLiteral("later")); }).join();
    QCOMPARE(committedItems(db), QStringList{QStringLiteral("later")});
    db.transaction([&] { insertItem(db, QStringLiteral("mine")); });
    QCOMPARE(committedItems(db).size(), 2);
}

void tst_Transactions::staleTransactionHandle()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createItems(db);
    Transaction outer = db.begin();
    Transaction inner = db.begin();
    outer.rollback(); // rolls back the inner one too
    Transaction another = db.begin();
    insertItem(db, QStringLiteral("another"));
    // inner's savepoint is gone; it must not commit what now stands at its depth.
    QVERIFY_THROWS_EXCEPTION(TransactionError, inner.commit());
    QVERIFY(another.isActive());
    QCOMPARE(db.transactionDepth(), 1);
    another.commit();
    QCOMPARE(committedItems(db), QStringList{QStringLiteral("another")});
}

void tst_Transactions::concurrentWriters()
{
    REXORM_TEST_CONFIG(config);
    config.poolSize = 4;
    config.acquireTimeoutMs = 20000;
    Database db(config);
    RexOrmTest::dropTables(db, {QStringLiteral("counter")});
    db.execute(QStringLiteral("CREATE TABLE counter (n INTEGER NOT NULL)"));
    db.execute(QStringLiteral("INSERT INTO counter (n) VALUES (0)"));

    constexpr int threads = 4;
    constexpr int increments = 25;
    std::vector<std::thread> workers;
    QAtomicInt failures = 0;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
            for (int i = 0; i < increments; ++i) {
                try {
                    db.transaction([&] {
                        // Read-modify-write: only correct if writers are serialised.
                        const int n = db.execute(QStringLiteral("SELECT n FROM counter") +
                                                 (db.dialect().name() == u"sqlite"
                                                      ? QString()
                                                      : QStringLiteral(" FOR UPDATE")))
                                          .value(0, 0)
                                          .toInt();
                        db.execute(QStringLiteral("UPDATE counter SET n = ?"), {n + 1});
                    });
                } catch (const Error &error) {
                    qWarning("writer failed: %s", error.what());
                    ++failures;
                }
            }
        });
    }
    for (auto &worker : workers)
        worker.join();
    QCOMPARE(failures.loadRelaxed(), 0);
    QCOMPARE(db.execute(QStringLiteral("SELECT n FROM counter")).value(0, 0).toInt(),
             threads * increments);
}

REXORM_TEST_MAIN(tst_Transactions)
#include "tst_transactions.moc"
