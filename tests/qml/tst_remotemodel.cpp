// EntityListModel against a running `rexorm serve` (Database.open("http://...")): rows over
// GraphQL HTTP, changes over /realtime, on SQLite and PostgreSQL. Rows written by another client
// while the model watches arrive; rows written while the server is down arrive after it restarts
// (the server cannot resume an earlier run's token and says resync, so the model reads again):
// the model ends with exactly the rows the database holds.
#include "entitylistmodel.h"
#include "qmldatabase.h"
#include "taskstable.h"
#include "testdatabases.h"

#include <rexorm/changes/changelog.h>

#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtCore/QScopeGuard>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QtTest>

using namespace RexOrm;
using RexOrm::Quick::EntityListModel;
using RexOrm::Quick::QmlDatabase;
using RexOrmTest::titles;

namespace {

QStringList stored(const Database &db)
{
    QStringList out;
    const QueryResult rows = db.execute("SELECT title FROM tasks ORDER BY priority, id");
    for (qsizetype i = 0; i < rows.size(); ++i)
        out << rows.value(i, 0).toString();
    return out;
}

// `rexorm serve` on the database; the GraphQL URL it prints, or empty.
QString startServe(QProcess &process, const QString &url, int port = 0)
{
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(REXORM_CLI_PATH, {"serve", "--database", url, "--port", QString::number(port),
                                    "--access-log", "off", "--no-playground"});
    const QRegularExpression printed("GraphQL on (http://127\\.0\\.0\\.1:\\d+/graphql)");
    QString out;
    QDeadlineTimer deadline(30000);
    while (!deadline.hasExpired() && process.state() != QProcess::NotRunning) {
        process.waitForReadyRead(200);
        out += QString::fromUtf8(process.readAllStandardOutput());
        const QRegularExpressionMatch match = printed.match(out);
        if (match.hasMatch())
            return match.captured(1);
    }
    qWarning().noquote() << "rexorm serve did not start:" << process.readAllStandardError();
    return {};
}

void stopServe(QProcess &process)
{
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(15000))
        process.kill();
}

} // namespace

class tst_RemoteModel : public QObject
{
    Q_OBJECT

private slots:
    void liveAcrossRestarts_data() { RexOrmTest::addBackendColumns({"sqlite", "postgres"}); }
    void liveAcrossRestarts()
    {
        REXORM_TEST_CONFIG(config);
        const Database db(config);
        RexOrmTest::createTasks(db, {{"A", 1}, {"B", 2}}); // the server hears every client's writes
        const QString url = config.toUrl(true);

        QProcess server;
        QProcess restarted;
        const auto stopBoth = qScopeGuard([&] {
            stopServe(server);
            stopServe(restarted);
        });
        const QString graphql = startServe(server, url);
        QVERIFY(!graphql.isEmpty());
        const int port = QUrl(graphql).port();

        QmlDatabase remote(nullptr);
        QVERIFY2(remote.open(graphql), qPrintable(remote.error()));
        QVERIFY(remote.isRemote());
        EntityListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDatabase(&remote);
        model.setEntity("tasks");
        model.setOrderBy({QVariantMap{{"field", "priority"}}});
        QTRY_VERIFY2_WITH_TIMEOUT(titles(model) == (QStringList{"A", "B"}),
                                  qPrintable(model.error()), 15000);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

        // Another client writes: the change reaches the model through the server.
        db.execute("INSERT INTO tasks (title, priority) VALUES ('C', 3)");
        QTRY_COMPARE_WITH_TIMEOUT(titles(model), (QStringList{"A", "B", "C"}), 15000);
        QCOMPARE(inserted.size(), 1);

        // A dropped connection: the writes made before it is back replay on resume; no resync.
        QSignalSpy resync(&remote, &QmlDatabase::resyncNeeded);
        QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
        remote.reconnect();
        db.execute("UPDATE tasks SET priority = 5 WHERE title = 'A'");
        QTRY_COMPARE_WITH_TIMEOUT(titles(model), (QStringList{"B", "C", "A"}), 15000);
        QCOMPARE(moved.size(), 1);
        QCOMPARE(resync.size(), 0);
        db.execute("UPDATE tasks SET priority = 1 WHERE title = 'A'");
        QTRY_COMPARE_WITH_TIMEOUT(titles(model), (QStringList{"A", "B", "C"}), 15000);

        // The server goes away; rows change meanwhile; it comes back on the same port.
        stopServe(server);
        db.execute("UPDATE tasks SET priority = 0 WHERE title = 'C'");
        db.execute("DELETE FROM tasks WHERE title = 'A'");
        db.execute("INSERT INTO tasks (title, priority) VALUES ('D', 9)");
        QCOMPARE(startServe(restarted, url, port), graphql);
        QTRY_COMPARE_WITH_TIMEOUT(titles(model), stored(db), 20000);
        QCOMPARE(titles(model), (QStringList{"C", "B", "D"}));
        QVERIFY(resync.size() >= 1); // another run of the server: read again
        QCOMPARE(reset.size(), 0);   // caught up row by row

        // And live again after the restart; writes through the model go to the server.
        db.execute("UPDATE tasks SET title = 'B2' WHERE title = 'B'");
        QTRY_COMPARE_WITH_TIMEOUT(titles(model), (QStringList{"C", "B2", "D"}), 15000);
        QSignalSpy saved(&model, &EntityListModel::saved);
        model.append({{"title", "E"}, {"priority", 5}});
        QVERIFY(saved.wait(10000));
        QTRY_COMPARE_WITH_TIMEOUT(titles(model), (QStringList{"C", "B2", "E", "D"}), 15000);
        QCOMPARE(stored(db), titles(model));
        ChangeLog::uninstall(db);
    }
};

REXORM_TEST_MAIN(tst_RemoteModel)
#include "tst_remotemodel.moc"
