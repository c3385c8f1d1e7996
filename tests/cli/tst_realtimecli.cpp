// rexorm realtime:install / realtime:uninstall / realtime:subscribe, run as processes.
#include "../core/changes/changetesting.h"
#include "clirun.h"

#include <rexorm/changes/changelog.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

using namespace RexOrm;

namespace {

const QString table = QStringLiteral("cli_items");

using RexOrmTest::rexorm;
using RexOrmTest::Run;

} // namespace

class tst_RealtimeCli : public QObject
{
    Q_OBJECT

private slots:
    void installSubscribeUninstall_data() { RexOrmTest::addBackendColumns(); }
    void installSubscribeUninstall();
};

void tst_RealtimeCli::installSubscribeUninstall()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    ChangeTesting::createTable(db, table);
    const QString url = config.toUrl(true);

    Run run = rexorm({QStringLiteral("-d"), url, QStringLiteral("realtime:install"),
                      QStringLiteral("no_such_table")});
    EXPECT_EXIT(run, 1);
    QVERIFY2(run.err.contains(u"No table no_such_table") && run.err.contains(table),
             qPrintable(run.err));
    QVERIFY(config.password.isEmpty() ||
            !run.err.contains(QStringLiteral(":%1@").arg(config.password))); // no secret shown

    run = rexorm({QStringLiteral("-d"), url, QStringLiteral("realtime:install"), table,
                  QStringLiteral("--json")});
    EXPECT_EXIT(run, 0);
    const QJsonObject installed = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QCOMPARE(installed.value(QStringLiteral("tables")).toArray(), QJsonArray{table});
    QCOMPARE(ChangeLog::installedTables(db), QStringList{table});

    // Usage errors: nothing to watch, a server-only option, an unknown table.
    EXPECT_EXIT(rexorm({QStringLiteral("-d"), url, QStringLiteral("realtime:subscribe")}), 2);
    // --where filters only through a server (--url).
    run = rexorm({QStringLiteral("-d"), url, QStringLiteral("realtime:subscribe"), table,
                  QStringLiteral("--where"), QStringLiteral("{}")});
    EXPECT_EXIT(run, 2);
    EXPECT_EXIT(rexorm({QStringLiteral("-d"), url, QStringLiteral("realtime:subscribe"),
                        QStringLiteral("no_such_table")}),
                1);

    // Subscribed in one process, written from this one.
    QProcess subscriber;
    subscriber.start(QStringLiteral(REXORM_CLI_PATH),
                     {QStringLiteral("-d"), url, QStringLiteral("realtime:subscribe"), table,
                      QStringLiteral("--json")});
    QVERIFY(subscriber.waitForStarted(30000));
    QString errors;
    QTRY_VERIFY_WITH_TIMEOUT(
        (errors += QString::fromUtf8(subscriber.readAllStandardError())).contains(u"watching"),
        30000);
    db.execute(
        QStringLiteral("INSERT INTO %1 (big, label) VALUES (9007199254740993, 'one')").arg(table));
    db.execute(QStringLiteral("UPDATE %1 SET label = 'two'").arg(table));
    db.execute(QStringLiteral("DELETE FROM %1").arg(table));
    QList<QJsonObject> lines;
    QByteArray pending;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            pending += subscriber.readAllStandardOutput();
            while (pending.contains('\n')) {
                const qsizetype end = pending.indexOf('\n');
                lines << QJsonDocument::fromJson(pending.left(end)).object();
                pending.remove(0, end + 1);
            }
            return lines.size() >= 3;
        }(),
        30000);
    subscriber.terminate(); // SIGTERM: a clean exit
    QVERIFY(subscriber.waitForFinished(30000));
    QCOMPARE(subscriber.exitStatus(), QProcess::NormalExit);
    QCOMPARE(subscriber.exitCode(), 0);
    QCOMPARE(lines.size(), 3);

    const QJsonObject insert = lines[0];
    QCOMPARE(insert.value(QStringLiteral("seq")).toInt(), 1);
    QCOMPARE(insert.value(QStringLiteral("op")).toString(), QStringLiteral("insert"));
    QCOMPARE(insert.value(QStringLiteral("entity")).toString(), table);
    QCOMPARE(insert.value(QStringLiteral("table")).toString(), table);
    const QJsonObject data = insert.value(QStringLiteral("data")).toObject();
    QCOMPARE(insert.value(QStringLiteral("key")).toObject(),
             (QJsonObject{{QStringLiteral("id"), data.value(QStringLiteral("id"))}}));
    QCOMPARE(data.value(QStringLiteral("label")).toString(), QStringLiteral("one"));
    // Beyond 2^53 an integer travels as a string, so no digit is lost.
    QCOMPARE(data.value(QStringLiteral("big")).toString(), QStringLiteral("9007199254740993"));
    QVERIFY(insert.value(QStringLiteral("old")).isNull());

    const QJsonObject update = lines[1];
    QCOMPARE(update.value(QStringLiteral("seq")).toInt(), 2);
    QCOMPARE(update.value(QStringLiteral("op")).toString(), QStringLiteral("update"));
    QCOMPARE(update.value(QStringLiteral("old")).toObject(), data);
    QCOMPARE(update.value(QStringLiteral("data")).toObject().value(QStringLiteral("label")),
             QJsonValue(QStringLiteral("two")));

    const QJsonObject remove = lines[2];
    QCOMPARE(remove.value(QStringLiteral("seq")).toInt(), 3);
    QCOMPARE(remove.value(QStringLiteral("op")).toString(), QStringLiteral("delete"));
    QVERIFY(remove.value(QStringLiteral("data")).isNull());
    QCOMPARE(remove.value(QStringLiteral("old")).toObject().value(QStringLiteral("label")),
             QJsonValue(QStringLiteral("two")));

    // Uninstalling a table that has none is an error; then everything goes.
    run = rexorm({QStringLiteral("-d"), url, QStringLiteral("realtime:uninstall"),
                  QStringLiteral("no_such_table")});
    EXPECT_EXIT(run, 1);
    run = rexorm({QStringLiteral("-d"), url, QStringLiteral("realtime:uninstall"),
                  QStringLiteral("--json")});
    EXPECT_EXIT(run, 0);
    const QJsonObject removed = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QCOMPARE(removed.value(QStringLiteral("removed")).toArray(), QJsonArray{table});
    QCOMPARE(removed.value(QStringLiteral("remaining")).toArray(), QJsonArray());
    QCOMPARE(ChangeLog::installedTables(db), QStringList());
    run = rexorm({QStringLiteral("-d"), url, QStringLiteral("realtime:subscribe"), table});
    EXPECT_EXIT(run, 1);
    QVERIFY2(run.err.contains(u"realtime:install"), qPrintable(run.err));
}

REXORM_TEST_MAIN(tst_RealtimeCli)
#include "tst_realtimecli.moc"
