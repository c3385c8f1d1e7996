#include "testdatabases.h"

#include <rexorm/database/database.h>
#include <rexorm/error.h>

#include <QtCore/QProcess>

using namespace RexOrm;

// Restarts the real database servers while pools are alive. Registered RUN_SERIAL with a
// resource lock, so no other test runs meanwhile.
class tst_Reconnect : public QObject
{
    Q_OBJECT

private slots:
    void serverRestart_data()
    {
        RexOrmTest::addBackendColumns({QStringLiteral("postgres"), QStringLiteral("mariadb")});
    }
    void serverRestart();

private:
    bool restartServer(const QString &backend);
};

bool tst_Reconnect::restartServer(const QString &backend)
{
    const QString command = RexOrmTest::restartCommand(backend);
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedChannels);
    process.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), command});
    return process.waitForFinished(120000) && process.exitStatus() == QProcess::NormalExit &&
           process.exitCode() == 0;
}

void tst_Reconnect::serverRestart()
{
    REXORM_TEST_CONFIG(config);
    if (RexOrmTest::restartCommand(backend).isEmpty()) {
        const QString why =
            QStringLiteral("no restart command for %1 (REXORM_TEST_POSTGRES_RESTART / "
                           "REXORM_TEST_MYSQL_RESTART); ./dev test sets it")
                .arg(backend);
        REXORM_SKIP_OR_FAIL(why);
    }
    config.validationIntervalMs = 500;
    Database db(config);
    RexOrmTest::dropTables(db, {QStringLiteral("survivors")});
    db.execute(QStringLiteral("CREATE TABLE survivors (x INTEGER)"));
    db.execute(QStringLiteral("INSERT INTO survivors (x) VALUES (?)"), {1});
    QCOMPARE(db.executeAsync(QStringLiteral("SELECT COUNT(*) FROM survivors"))
                 .result()
                 .value(0, 0)
                 .toInt(),
             1);
    QCOMPARE(db.poolStats().open, 2); // this thread's and an executor's

    QVERIFY(restartServer(backend));
    QThread::msleep(600); // longer than validationInterval: the next acquire pings first

    // Same pool, no application restart: both the caller's and the executor's connections recover.
    db.execute(QStringLiteral("INSERT INTO survivors (x) VALUES (?)"), {2});
    QCOMPARE(db.executeAsync(QStringLiteral("SELECT COUNT(*) FROM survivors"))
                 .result()
                 .value(0, 0)
                 .toInt(),
             2);
    QVERIFY(db.poolStats().replaced >= 2);

    // A restart while a connection is used straight away: the read is retried transparently.
    QVERIFY(restartServer(backend));
    config.validationIntervalMs = 3600000;
    Database eager(config);
    QCOMPARE(eager.execute(QStringLiteral("SELECT COUNT(*) FROM survivors")).value(0, 0).toInt(),
             2);
    QVERIFY(restartServer(backend));
    QCOMPARE(eager.execute(QStringLiteral("SELECT COUNT(*) FROM survivors")).value(0, 0).toInt(),
             2);
    QCOMPARE(eager.poolStats().replaced, quint64(1));
}

REXORM_TEST_MAIN(tst_Reconnect)
#include "tst_reconnect.moc"
