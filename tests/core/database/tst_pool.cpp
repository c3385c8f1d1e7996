#include "testdatabases.h"

#include <rexorm/database/database.h>
#include <rexorm/database/threadguard.h>
#include <rexorm/error.h>

#include <QtCore/QElapsedTimer>
#include <QtCore/QRegularExpression>
#include <QtCore/QSemaphore>
#include <QtCore/QThread>

#include <atomic>
#include <thread>
#include <vector>

using namespace RexOrm;

namespace {

QString sessionIdSql(const Database &db)
{
    const QString name = db.dialect().name();
    if (name == u"postgres")
        return QStringLiteral("SELECT pg_backend_pid()");
    if (name == u"mariadb")
        return QStringLiteral("SELECT CONNECTION_ID()");
    return {};
}

template<typename Predicate> bool waitUntil(Predicate predicate, int timeoutMs = 5000)
{
    QElapsedTimer timer;
    timer.start();
    while (!predicate()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QThread::msleep(10);
    }
    return true;
}

} // namespace

class tst_Pool : public QObject
{
    Q_OBJECT

private slots:
    void capHoldsUnderManyThreads_data() { RexOrmTest::addBackendColumns(); }
    void capHoldsUnderManyThreads();
    void waitThenSucceed_data() { RexOrmTest::addBackendColumns(); }
    void waitThenSucceed();
    void waitThenTimeout_data() { RexOrmTest::addBackendColumns(); }
    void waitThenTimeout();
    void idleConnectionsClose_data() { RexOrmTest::addBackendColumns(); }
    void idleConnectionsClose();
    void idleOtherThreadGivesWay_data() { RexOrmTest::addBackendColumns(); }
    void idleOtherThreadGivesWay();
    void threadExitReleasesConnection_data() { RexOrmTest::addBackendColumns(); }
    void threadExitReleasesConnection();
    void sameThreadReusesConnection_data() { RexOrmTest::addBackendColumns(); }
    void sameThreadReusesConnection();
    void killedConnectionIsReplaced_data()
    {
        RexOrmTest::addBackendColumns({QStringLiteral("postgres"), QStringLiteral("mariadb")});
    }
    void killedConnectionIsReplaced();
    void unreachableServer_data()
    {
        RexOrmTest::addBackendColumns({QStringLiteral("postgres"), QStringLiteral("mariadb")});
    }
    void unreachableServer();
    void sqliteMemoryIsShared();
    void blockingCallsRefusedOnGuardedThread_data() { RexOrmTest::addBackendColumns(); }
    void blockingCallsRefusedOnGuardedThread();
};

void tst_Pool::capHoldsUnderManyThreads()
{
    REXORM_TEST_CONFIG(config);
    config.poolSize = 3;
    config.acquireTimeoutMs = 30000;
    Database db(config);
    std::atomic<int> maxOpen = 0;
    std::atomic<int> done = 0;
    std::vector<std::thread> threads;
    for (int t = 0; t < 12; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 5; ++i) {
                db.withConnection([&](QSqlDatabase &) {
                    const int open = db.poolStats().open;
                    int seen = maxOpen.load();
                    while (open > seen && !maxOpen.compare_exchange_weak(seen, open)) {
                    }
                    db.execute(RexOrmTest::busySql(db, 5));
                });
                ++done;
            }
        });
    }
    for (auto &thread : threads)
        thread.join();
    QCOMPARE(done.load(), 60);
    QVERIFY2(maxOpen.load() <= 3, qPrintable(QString::number(maxOpen.load())));
    const PoolStats stats = db.poolStats();
    QVERIFY(stats.open <= 3);
    QCOMPARE(stats.inUse, 0);
    QCOMPARE(stats.timeouts, quint64(0));
    QVERIFY(stats.waits > 0);     // 12 threads on 3 slots must have waited
    QVERIFY(stats.evictions > 0); // and taken over idle slots of other threads
}

void tst_Pool::waitThenSucceed()
{
    REXORM_TEST_CONFIG(config);
    config.poolSize = 1;
    config.acquireTimeoutMs = 10000;
    Database db(config);
    QSemaphore holding;
    std::thread holder([&] {
        db.transaction([&] {
            holding.release();
            db.execute(RexOrmTest::busySql(db, 300));
        });
    });
    holding.acquire();
    QCOMPARE(db.execute(QStringLiteral("SELECT 1")).value(0, 0).toInt(), 1); // waits for the holder
    holder.join();
    const PoolStats stats = db.poolStats();
    QCOMPARE(stats.waits, quint64(1));
    QCOMPARE(stats.timeouts, quint64(0));
    // The holder's connection made room: evicted while idle, or closed when its thread ended.
    QCOMPARE(stats.created, quint64(2));
    QVERIFY(stats.evictions <= 1);
    QCOMPARE(stats.open, 1);
}

void tst_Pool::waitThenTimeout()
{
    REXORM_TEST_CONFIG(config);
    config.poolSize = 1;
    config.acquireTimeoutMs = 200;
    Database db(config);
    QSemaphore holding;
    QSemaphore finish;
    std::thread holder([&] {
        Transaction tx = db.begin();
        holding.release();
        finish.acquire();
        tx.commit();
    });
    holding.acquire();
    QElapsedTimer timer;
    timer.start();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^pool exhausted: ")));
    try {
        db.execute(QStringLiteral("SELECT 1"));
        QFAIL("no PoolExhaustedError");
    } catch (const PoolExhaustedError &error) {
        QVERIFY(timer.elapsed() >= 150);
        QVERIFY2(error.message().contains(u"within 200 ms"), qPrintable(error.message()));
        QVERIFY2(error.message().contains(u"open 1 of 1, in use 1, idle 0"),
                 qPrintable(error.message()));
    }
    finish.release();
    holder.join();
    QCOMPARE(db.execute(QStringLiteral("SELECT 2")).value(0, 0).toInt(), 2);
    const PoolStats stats = db.poolStats();
    QCOMPARE(stats.timeouts, quint64(1));
    QVERIFY(stats.waits >= 1);
}

void tst_Pool::idleConnectionsClose()
{
    REXORM_TEST_CONFIG(config);
    config.idleTimeoutMs = 100;
    Database db(config);
    db.execute(QStringLiteral("SELECT 1"));
    std::thread([&] { db.execute(QStringLiteral("SELECT 1")); }).join(); // closed at thread exit
    QCOMPARE(db.poolStats().open, 1);
    QVERIFY(waitUntil([&] { return db.poolStats().open == 0; }));
    QVERIFY(db.poolStats().idleClosed >= 1);
    QCOMPARE(db.execute(QStringLiteral("SELECT 3")).value(0, 0).toInt(), 3);
    QCOMPARE(db.poolStats().open, 1);

    db.closeIdleConnections();
    QCOMPARE(db.poolStats().open, 0);
}

void tst_Pool::idleOtherThreadGivesWay()
{
    REXORM_TEST_CONFIG(config);
    config.poolSize = 2;
    config.acquireTimeoutMs = 1000;
    Database db(config);
    QSemaphore used;
    QSemaphore stop;
    std::vector<std::thread> idlers;
    for (int i = 0; i < 2; ++i) {
        idlers.emplace_back([&] {
            db.execute(QStringLiteral("SELECT 1")); // now idle, but the thread lives on
            used.release();
            stop.acquire();
        });
    }
    used.acquire(2);
    QCOMPARE(db.poolStats().open, 2);
    QCOMPARE(db.poolStats().idle, 2);
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(db.execute(QStringLiteral("SELECT 5")).value(0, 0).toInt(), 5);
    QVERIFY2(timer.elapsed() < 900, "waited for an idle connection instead of taking its slot");
    QCOMPARE(db.poolStats().evictions, quint64(1));
    QCOMPARE(db.poolStats().open, 2);
    stop.release(2);
    for (auto &thread : idlers)
        thread.join();
}

void tst_Pool::threadExitReleasesConnection()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&] { db.execute(QStringLiteral("SELECT 1")); });
    for (auto &thread : threads)
        thread.join();
    const PoolStats stats = db.poolStats();
    QCOMPARE(stats.open, 0);
    QCOMPARE(stats.created, quint64(4));
}

void tst_Pool::sameThreadReusesConnection()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    // A temporary table lives in one connection only: seeing it proves the same connection.
    db.execute(QStringLiteral("CREATE TEMPORARY TABLE mine (x INTEGER)"));
    db.execute(QStringLiteral("INSERT INTO mine (x) VALUES (1)"));
    QCOMPARE(db.execute(QStringLiteral("SELECT x FROM mine")).size(), 1);
    bool otherSees = true;
    std::thread([&] {
        try {
            db.execute(QStringLiteral("SELECT x FROM mine"));
        } catch (const DatabaseError &) {
            otherSees = false;
        }
    }).join();
    QVERIFY(!otherSees);
    db.withConnection([&](QSqlDatabase &) {
        QCOMPARE(db.execute(QStringLiteral("SELECT x FROM mine")).size(), 1); // nested lease
        QCOMPARE(db.poolStats().inUse, 1);
    });
    QCOMPARE(db.poolStats().inUse, 0);
    db.execute(QStringLiteral("DROP TABLE mine"));
}

void tst_Pool::killedConnectionIsReplaced()
{
    REXORM_TEST_CONFIG(config);
    const auto kill = [&](const QVariant &session) {
        Database admin(config);
        if (backend == u"postgres")
            admin.execute(QStringLiteral("SELECT pg_terminate_backend(?)"), {session});
        else
            admin.execute(QStringLiteral("KILL CONNECTION %1").arg(session.toLongLong()));
    };

    // Validation on acquire: a connection idle longer than the interval is pinged first.
    config.validationIntervalMs = 0;
    {
        Database db(config);
        kill(db.execute(sessionIdSql(db)).value(0, 0));
        QThread::msleep(100);
        QCOMPARE(db.execute(QStringLiteral("SELECT 7")).value(0, 0).toInt(), 7);
        QCOMPARE(db.poolStats().replaced, quint64(1));
    }

    // Without validation a read is retried once on a fresh connection; a write is not,
    // because whether it happened is unknown. The next call gets a fresh connection.
    config.validationIntervalMs = 3600000;
    Database db(config);
    RexOrmTest::dropTables(db, {QStringLiteral("killed")});
    db.execute(QStringLiteral("CREATE TABLE killed (x INTEGER)"));
    kill(db.execute(sessionIdSql(db)).value(0, 0));
    QThread::msleep(100);
    QCOMPARE(db.execute(QStringLiteral("SELECT 8")).value(0, 0).toInt(), 8);

    kill(db.execute(sessionIdSql(db)).value(0, 0));
    QThread::msleep(100);
    try {
        db.execute(QStringLiteral("INSERT INTO killed (x) VALUES (?)"), {1});
        QFAIL("a write on a dead connection did not fail");
    } catch (const ConnectionError &error) {
        QVERIFY2(error.message().contains(u"connection lost"), qPrintable(error.message()));
    }
    db.execute(QStringLiteral("INSERT INTO killed (x) VALUES (?)"), {2});
    QCOMPARE(db.execute(QStringLiteral("SELECT x FROM killed")).value(0, 0).toInt(), 2);
    QVERIFY(db.poolStats().replaced >= 2);

    if (backend == u"postgres") {
        // A WITH that writes is a write, whatever its first keyword: it is not repeated.
        kill(db.execute(sessionIdSql(db)).value(0, 0));
        QThread::msleep(100);
        QVERIFY_THROWS_EXCEPTION(
            ConnectionError, db.execute(QStringLiteral("WITH d AS (DELETE FROM killed RETURNING x) "
                                                       "SELECT COUNT(*) FROM d")));
        QCOMPARE(db.execute(QStringLiteral("SELECT COUNT(*) FROM killed")).value(0, 0).toInt(), 1);
    }

    // Inside a transaction nothing is retried: the transaction is gone and says so.
    const QVariant session = db.execute(sessionIdSql(db)).value(0, 0);
    QVERIFY_THROWS_EXCEPTION(Error, db.transaction([&] {
        db.execute(QStringLiteral("INSERT INTO killed (x) VALUES (?)"), {3});
        kill(session);
        QThread::msleep(100);
        db.execute(QStringLiteral("SELECT x FROM killed"));
    }));
    QCOMPARE(db.transactionDepth(), 0);
    QCOMPARE(db.execute(QStringLiteral("SELECT COUNT(*) FROM killed")).value(0, 0).toInt(), 1);
}

void tst_Pool::unreachableServer()
{
    REXORM_TEST_CONFIG(config);
    config.port = 1; // nothing listens there
    config.password = QStringLiteral("Sekrit-Value-42");
    Database db(config);
    try {
        db.execute(QStringLiteral("SELECT 1"));
        QFAIL("connected to a closed port");
    } catch (const ConnectionError &error) {
        QVERIFY2(error.message().startsWith(
                     QStringLiteral("Cannot connect to %1").arg(db.dialect().displayName())),
                 qPrintable(error.message()));
        QVERIFY2(!error.message().contains(u"Sekrit-Value-42"), qPrintable(error.message()));
    }
    QCOMPARE(db.poolStats().open, 0); // the failed attempt does not hold a slot
}

void tst_Pool::sqliteMemoryIsShared()
{
    Database db(DatabaseConfig::fromUrl(QStringLiteral("sqlite::memory:?busy_timeout=5000")));
    db.execute(QStringLiteral("CREATE TABLE shared (x INTEGER)"));
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i)
        threads.emplace_back(
            [&, i] { db.execute(QStringLiteral("INSERT INTO shared (x) VALUES (?)"), {i}); });
    for (auto &thread : threads)
        thread.join();
    QCOMPARE(db.execute(QStringLiteral("SELECT COUNT(*) FROM shared")).value(0, 0).toInt(), 4);
    // Closing every connection keeps the data: the pool holds the database open.
    db.closeIdleConnections();
    QCOMPARE(db.poolStats().open, 0);
    QCOMPARE(db.execute(QStringLiteral("SELECT COUNT(*) FROM shared")).value(0, 0).toInt(), 4);
    // A second pool has a database of its own.
    Database other(DatabaseConfig::fromUrl(QStringLiteral("sqlite::memory:")));
    QVERIFY_THROWS_EXCEPTION(DatabaseError, other.execute(QStringLiteral("SELECT * FROM shared")));
}

void tst_Pool::blockingCallsRefusedOnGuardedThread()
{
    REXORM_TEST_CONFIG(config);
    const RexOrm::Database db(config);
    QThread *const gui = QThread::currentThread();
    RexOrm::setBlockingCallPolicy(gui, RexOrm::BlockingCallPolicy::Throw);
    const auto restore = qScopeGuard(
        [gui] { RexOrm::setBlockingCallPolicy(gui, RexOrm::BlockingCallPolicy::Allow); });
    QCOMPARE(RexOrm::blockingCallPolicy(gui), RexOrm::BlockingCallPolicy::Throw);

    // A synchronous call on the guarded thread is refused before it takes a connection...
    try {
        db.execute(QStringLiteral("SELECT 1"));
        QFAIL("a synchronous call on the guarded thread ran");
    } catch (const RexOrm::BlockingCallError &e) {
        QVERIFY2(e.message().contains(u"asynchronous API"), qPrintable(e.message()));
    }
    QCOMPARE(db.poolStats().open, 0);

    // ...the asynchronous API runs on executors, and other threads are not guarded.
    QFuture<RexOrm::QueryResult> async = db.executeAsync(QStringLiteral("SELECT 41 + 1"));
    async.waitForFinished();
    QCOMPARE(async.result().value(0, 0).toInt(), 42);
    QCOMPARE(RexOrm::blockingCallPolicy(nullptr), RexOrm::BlockingCallPolicy::Allow);
    QThread unguarded;
    RexOrm::setBlockingCallPolicy(&unguarded,
                                  RexOrm::BlockingCallPolicy::Allow); // not the guarded one
    QCOMPARE(RexOrm::blockingCallPolicy(gui), RexOrm::BlockingCallPolicy::Throw);
    int fromOtherThread = 0;
    std::thread other(
        [&] { fromOtherThread = db.execute(QStringLiteral("SELECT 7")).value(0, 0).toInt(); });
    other.join();
    QCOMPARE(fromOtherThread, 7);

    RexOrm::setBlockingCallPolicy(gui, RexOrm::BlockingCallPolicy::Allow);
    QCOMPARE(db.execute(QStringLiteral("SELECT 1")).value(0, 0).toInt(), 1);
}

REXORM_TEST_MAIN(tst_Pool)
#include "tst_pool.moc"
