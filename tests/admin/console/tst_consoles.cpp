#include "admintest.h"

#include <console/graphqlconsole.h>
#include <console/sqlconsole.h>
#include <console/sqlhistory.h>
#include <console/sqlresultmodel.h>
#include <console/sqlrunner.h>

#include <QtCore/QJsonArray>
#include <QtCore/QSettings>
#include <QtCore/QTemporaryDir>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QtTest>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTabWidget>

using namespace RexOrm;
using namespace RexOrm::Admin;

namespace {

constexpr int Timeout = 60000;

// Creates table (replacing an older one) with the rows (1, alpha), (2, beta), (3, gamma).
void createItems(const DatabaseConfig &config, const QString &table)
{
    RexOrmAdminTest::fixture([&] {
        const Database db(config);
        RexOrmTest::dropTables(db, {table});
        const QString quoted = db.dialect().quoteIdentifier(table);
        db.execute(QStringLiteral("CREATE TABLE %1 (id INTEGER PRIMARY KEY, "
                                  "name VARCHAR(50) NOT NULL)")
                       .arg(quoted));
        const QStringList names = {QStringLiteral("alpha"), QStringLiteral("beta"),
                                   QStringLiteral("gamma")};
        for (int i = 0; i < names.size(); ++i)
            db.execute(QStringLiteral("INSERT INTO %1 (id, name) VALUES (?, ?)").arg(quoted),
                       {i + 1, names[i]});
    });
}

qint64 countRows(const DatabaseConfig &config, const QString &sql, const QVariantList &params = {})
{
    return RexOrmAdminTest::fixture([&] {
        const Database db(config);
        return db.execute(sql, params).value(0, 0).toLongLong();
    });
}

// How many statements of this test database on the server are running sql's text (without the
// statement asking).
qint64 runningOnServer(const DatabaseConfig &config, const QString &sql)
{
    if (config.driver == u"postgres")
        return countRows(
            config,
            QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE state = "
                           "'active' AND query LIKE ? AND datname = current_database() "
                           "AND pid <> pg_backend_pid()"),
            {QStringLiteral("%") + sql + QStringLiteral("%")});
    return countRows(config,
                     QStringLiteral("SELECT count(*) FROM information_schema.processlist WHERE "
                                    "info LIKE ? AND db = DATABASE() AND id <> CONNECTION_ID()"),
                     {QStringLiteral("%") + sql + QStringLiteral("%")});
}

SqlRunner::Outcome outcomeOf(const QSignalSpy &done)
{
    return done.last().first().value<SqlRunner::Outcome>();
}

// Runs sql in console (through run(), as the Run button does) and waits for the outcome.
bool runAndWait(SqlConsole &console, const QString &sql, SqlRunner::Outcome *outcome)
{
    QSignalSpy done(console.runner(), &SqlRunner::done);
    console.editor()->setPlainText(sql);
    if (!console.run())
        return false;
    if (!QTest::qWaitFor([&] { return !done.isEmpty(); }, Timeout))
        return false;
    *outcome = outcomeOf(done);
    return true;
}

bool openSession(Session &session, const DatabaseConfig &config, QString *error)
{
    return RexOrmAdminTest::open(session, config, error);
}

} // namespace

class TestConsoles : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void selectFillsGrid_data() { RexOrmTest::addBackendColumns(); }
    void selectFillsGrid();
    void writeReportsRowsAffected_data() { RexOrmTest::addBackendColumns(); }
    void writeReportsRowsAffected();
    void badStatementShowsError_data() { RexOrmTest::addBackendColumns(); }
    void badStatementShowsError();
    void cancelStopsLongStatement_data() { RexOrmTest::addBackendColumns(); }
    void cancelStopsLongStatement();
    void historyIsRecordedAndRecalled_data()
    {
        RexOrmTest::addBackendColumns({QStringLiteral("sqlite")});
    }
    void historyIsRecordedAndRecalled();
    void historyIsCapped();
    void graphqlConsole_data() { RexOrmTest::addBackendColumns(); }
    void graphqlConsole();

private:
    QTemporaryDir m_settingsDir;
};

void TestConsoles::initTestCase()
{
    // QSettings (the SQL history) in a directory of this run only.
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("RexOrmTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_consoles"));
}

void TestConsoles::init()
{
    QSettings().remove(SqlHistory::settingsKey());
}

void TestConsoles::selectFillsGrid()
{
    REXORM_ADMIN_TEST_CONFIG(config);
    createItems(config, QStringLiteral("console_select"));
    Session session;
    QString error;
    QVERIFY2(openSession(session, config, &error), qPrintable(error));

    SqlConsole console(&session);
    console.show();
    QVERIFY(QTest::qWaitForWindowExposed(&console));
    QAbstractItemModelTester tester(console.resultModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(console.isEnabled());
    QVERIFY(console.runButton()->isEnabled());
    QVERIFY(!console.cancelButton()->isEnabled());

    // Through the Run button.
    QSignalSpy done(console.runner(), &SqlRunner::done);
    QSignalSpy finished(console.runner(), &SqlRunner::finished);
    console.editor()->setPlainText(
        QStringLiteral("SELECT id, name FROM console_select ORDER BY id"));
    QTest::mouseClick(console.runButton(), Qt::LeftButton);
    QVERIFY(!console.runButton()->isEnabled());
    QVERIFY(QTest::qWaitFor([&] { return !done.isEmpty(); }, Timeout));
    QCOMPARE(outcomeOf(done), SqlRunner::Outcome::Finished);
    QVERIFY2(!console.statusIsError(), qPrintable(console.statusText()));

    const SqlResultModel *model = console.resultModel();
    QCOMPARE(model->columnCount(), 2);
    QCOMPARE(model->headerData(0, Qt::Horizontal).toString().toLower(), QStringLiteral("id"));
    QCOMPARE(model->headerData(1, Qt::Horizontal).toString().toLower(), QStringLiteral("name"));
    QCOMPARE(model->rowCount(), 3);
    for (int row = 0; row < 3; ++row)
        QCOMPARE(model->data(model->index(row, 0), Qt::EditRole).toInt(), row + 1);
    QCOMPARE(model->data(model->index(0, 1)).toString(), QStringLiteral("alpha"));
    QCOMPARE(model->data(model->index(2, 1)).toString(), QStringLiteral("gamma"));
    QVERIFY2(console.statusText().contains(QStringLiteral("3 row")),
             qPrintable(console.statusText()));
    QVERIFY(console.runButton()->isEnabled());
    const SqlResult result = finished.first().first().value<SqlResult>();
    QVERIFY(result.returnsRows());
    QVERIFY(!result.truncated);

    // NULL is shown as such.
    SqlRunner::Outcome outcome{};
    QVERIFY(runAndWait(console, QStringLiteral("SELECT NULL AS empty_value"), &outcome));
    QVERIFY2(outcome == SqlRunner::Outcome::Finished, qPrintable(console.statusText()));
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->data(model->index(0, 0)).toString(), QStringLiteral("NULL"));
    QVERIFY(model->data(model->index(0, 0), Qt::EditRole).isNull());

    // Rows past the cap are not fetched, and the connection stays usable.
    console.runner()->setMaxRows(2);
    finished.clear();
    QVERIFY(runAndWait(console, QStringLiteral("SELECT id, name FROM console_select ORDER BY id"),
                       &outcome));
    QCOMPARE(outcome, SqlRunner::Outcome::Finished);
    QCOMPARE(model->rowCount(), 2);
    QVERIFY(finished.first().first().value<SqlResult>().truncated);
    QVERIFY2(console.statusText().contains(QStringLiteral("first 2 rows")),
             qPrintable(console.statusText()));
    QVERIFY(
        runAndWait(console, QStringLiteral("SELECT count(*) AS n FROM console_select"), &outcome));
    QCOMPARE(outcome, SqlRunner::Outcome::Finished);
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->data(model->index(0, 0), Qt::EditRole).toInt(), 3);

    // The console follows the session.
    session.close();
    QVERIFY(!console.isEnabled());
    QCOMPARE(model->rowCount(), 0);
    QVERIFY(!console.runner()->run(QStringLiteral("SELECT 1")));
}

void TestConsoles::writeReportsRowsAffected()
{
    REXORM_ADMIN_TEST_CONFIG(config);
    createItems(config, QStringLiteral("console_write"));
    Session session;
    QString error;
    QVERIFY2(openSession(session, config, &error), qPrintable(error));
    SqlConsole console(&session);
    QAbstractItemModelTester tester(console.resultModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);

    QSignalSpy finished(console.runner(), &SqlRunner::finished);
    SqlRunner::Outcome outcome{};
    QVERIFY(runAndWait(console,
                       QStringLiteral("UPDATE console_write SET name = 'changed' WHERE id >= 2"),
                       &outcome));
    QCOMPARE(outcome, SqlRunner::Outcome::Finished);
    QCOMPARE(finished.size(), 1);
    const SqlResult result = finished.first().first().value<SqlResult>();
    QVERIFY(!result.returnsRows());
    QVERIFY(result.wrote);
    QCOMPARE(result.rowsAffected, 2);
    QCOMPARE(console.resultModel()->rowCount(), 0);
    QVERIFY2(!console.statusIsError(), qPrintable(console.statusText()));
    QVERIFY2(console.statusText().contains(QStringLiteral("2 row(s) affected")),
             qPrintable(console.statusText()));
    QCOMPARE(countRows(config, QStringLiteral("SELECT count(*) FROM console_write WHERE name = ?"),
                       {QStringLiteral("changed")}),
             2);

    QVERIFY(
        runAndWait(console, QStringLiteral("DELETE FROM console_write WHERE id = 1"), &outcome));
    QCOMPARE(outcome, SqlRunner::Outcome::Finished);
    QCOMPARE(finished.last().first().value<SqlResult>().rowsAffected, 1);
    QCOMPARE(countRows(config, QStringLiteral("SELECT count(*) FROM console_write")), 2);
}

void TestConsoles::badStatementShowsError()
{
    REXORM_ADMIN_TEST_CONFIG(config);
    Session session;
    QString error;
    QVERIFY2(openSession(session, config, &error), qPrintable(error));
    SqlConsole console(&session);
    QAbstractItemModelTester tester(console.resultModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);

    QSignalSpy failed(console.runner(), &SqlRunner::failed);
    SqlRunner::Outcome outcome{};
    QVERIFY(runAndWait(console, QStringLiteral("SELEC 1"), &outcome));
    QCOMPARE(outcome, SqlRunner::Outcome::Failed);
    QVERIFY(console.statusIsError());
    QCOMPARE(failed.size(), 1);
    QVERIFY(!failed.first().first().toString().isEmpty());
    QCOMPARE(console.statusText(), failed.first().first().toString());
    QVERIFY(console.runButton()->isEnabled());
    QVERIFY(!console.cancelButton()->isEnabled());

    QVERIFY(runAndWait(console, QStringLiteral("SELECT * FROM console_no_such_table"), &outcome));
    QCOMPARE(outcome, SqlRunner::Outcome::Failed);
    QVERIFY2(console.statusText().contains(QStringLiteral("console_no_such_table")),
             qPrintable(console.statusText()));

    // Still usable: the next statement runs and the error is gone.
    QVERIFY(runAndWait(console, QStringLiteral("SELECT 41 + 1 AS answer"), &outcome));
    QCOMPARE(outcome, SqlRunner::Outcome::Finished);
    QVERIFY2(!console.statusIsError(), qPrintable(console.statusText()));
    QCOMPARE(console.resultModel()->rowCount(), 1);
    QCOMPARE(console.resultModel()->data(console.resultModel()->index(0, 0), Qt::EditRole).toInt(),
             42);
}

void TestConsoles::cancelStopsLongStatement()
{
    REXORM_ADMIN_TEST_CONFIG(config);
    Session session;
    QString error;
    QVERIFY2(openSession(session, config, &error), qPrintable(error));
    SqlConsole console(&session);
    console.show();
    QVERIFY(QTest::qWaitForWindowExposed(&console));
    SqlRunner *runner = console.runner();

    // Two minutes of work: it can only end within the test by being cancelled.
    const QString busy = RexOrmTest::busySql(session.database(), 120000);
    console.editor()->setPlainText(busy);
    QSignalSpy done(runner, &SqlRunner::done);
    QSignalSpy cancelled(runner, &SqlRunner::cancelled);
    QSignalSpy cancelFailed(runner, &SqlRunner::cancelFailed);
    QTest::keyClick(console.editor(), Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(runner->state(), SqlRunner::State::Running);
    QVERIFY(console.cancelButton()->isEnabled());
    QVERIFY(!console.runButton()->isEnabled());

    QVERIFY(QTest::qWaitFor([&] { return runner->isExecuting(); }, Timeout));
    const bool server = config.driver != u"sqlite";
    if (server) // the statement really is running on the server
        QVERIFY(QTest::qWaitFor([&] { return runningOnServer(config, busy) == 1; }, Timeout));

    QTest::mouseClick(console.cancelButton(), Qt::LeftButton);
    QVERIFY(!console.cancelButton()->isEnabled());
    QVERIFY(QTest::qWaitFor([&] { return !done.isEmpty(); }, Timeout));
    QVERIFY2(
        cancelFailed.isEmpty(),
        qPrintable(cancelFailed.isEmpty() ? QString() : cancelFailed.first().first().toString()));
    QCOMPARE(outcomeOf(done), SqlRunner::Outcome::Cancelled);
    QCOMPARE(cancelled.size(), 1);
    QCOMPARE(runner->state(), SqlRunner::State::Idle);
    QVERIFY2(console.statusText().startsWith(QStringLiteral("Cancelled")),
             qPrintable(console.statusText()));
    QVERIFY(console.runButton()->isEnabled());
    QVERIFY(!console.cancelButton()->isEnabled());
    if (server) // stopped, not left running in the background
        QVERIFY(QTest::qWaitFor([&] { return runningOnServer(config, busy) == 0; }, Timeout));

    // The same session runs the next statement normally.
    SqlRunner::Outcome outcome{};
    QVERIFY(runAndWait(console, QStringLiteral("SELECT 7 AS seven"), &outcome));
    QCOMPARE(outcome, SqlRunner::Outcome::Finished);
    QCOMPARE(console.resultModel()->data(console.resultModel()->index(0, 0), Qt::EditRole).toInt(),
             7);

    // Cancelling at any moment, also before the statement reaches the server, ends it as
    // Cancelled, and never hits the next statement on that connection.
    for (const int delayMs : {0, 1, 5, 20, 50}) {
        done.clear();
        QVERIFY(runner->run(busy));
        QTest::qWait(delayMs);
        runner->cancel();
        QVERIFY(QTest::qWaitFor([&] { return !done.isEmpty(); }, Timeout));
        QCOMPARE(outcomeOf(done), SqlRunner::Outcome::Cancelled);
        QVERIFY(runAndWait(console, QStringLiteral("SELECT %1 AS n").arg(delayMs), &outcome));
        QVERIFY2(outcome == SqlRunner::Outcome::Finished, qPrintable(console.statusText()));
        QCOMPARE(
            console.resultModel()->data(console.resultModel()->index(0, 0), Qt::EditRole).toInt(),
            delayMs);
    }
    QVERIFY(cancelFailed.isEmpty());
}

void TestConsoles::historyIsRecordedAndRecalled()
{
    REXORM_ADMIN_TEST_CONFIG(config);
    Session session;
    QString error;
    QVERIFY2(openSession(session, config, &error), qPrintable(error));
    SqlConsole console(&session);
    console.show();
    QVERIFY(QTest::qWaitForWindowExposed(&console));
    QVERIFY(console.history().isEmpty());

    const QString first = QStringLiteral("SELECT 1 AS a");
    const QString second = QStringLiteral("SELECT 2 AS b");
    SqlRunner::Outcome outcome{};
    QVERIFY(runAndWait(console, first, &outcome));
    QVERIFY(runAndWait(console, second, &outcome));
    QVERIFY(runAndWait(console, QStringLiteral("  SELECT 1 AS a\n"), &outcome)); // a duplicate
    QVERIFY(runAndWait(console, QStringLiteral("SELEC broken"), &outcome));
    QCOMPARE(outcome, SqlRunner::Outcome::Failed); // failed statements are kept too

    const QStringList expected = {QStringLiteral("SELEC broken"), first, second};
    QCOMPARE(console.history(), expected);
    QCOMPARE(QSettings().value(SqlHistory::settingsKey()).toStringList(), expected);
    QCOMPARE(console.historyBox()->count(), 3);
    QCOMPARE(console.historyBox()->itemData(1).toString(), first);

    // Ctrl+Up / Ctrl+Down walk the history and return to the text being written.
    QPlainTextEdit *editor = console.editor();
    editor->setPlainText(QStringLiteral("SELECT 'draft'"));
    QTest::keyClick(editor, Qt::Key_Up, Qt::ControlModifier);
    QCOMPARE(editor->toPlainText(), expected[0]);
    QTest::keyClick(editor, Qt::Key_Up, Qt::ControlModifier);
    QCOMPARE(editor->toPlainText(), first);
    QTest::keyClick(editor, Qt::Key_Up, Qt::ControlModifier);
    QCOMPARE(editor->toPlainText(), second);
    QTest::keyClick(editor, Qt::Key_Up, Qt::ControlModifier); // the oldest stays
    QCOMPARE(editor->toPlainText(), second);
    QTest::keyClick(editor, Qt::Key_Down, Qt::ControlModifier);
    QCOMPARE(editor->toPlainText(), first);
    QTest::keyClick(editor, Qt::Key_Down, Qt::ControlModifier);
    QTest::keyClick(editor, Qt::Key_Down, Qt::ControlModifier);
    QCOMPARE(editor->toPlainText(), QStringLiteral("SELECT 'draft'"));

    // Choosing an entry in the combo box puts it in the editor; it runs from there.
    emit console.historyBox()->activated(2);
    QCOMPARE(editor->toPlainText(), second);
    QSignalSpy finished(console.runner(), &SqlRunner::finished);
    QTest::keyClick(editor, Qt::Key_Enter, Qt::ControlModifier);
    QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, Timeout));
    QCOMPARE(finished.first().first().value<SqlResult>().statement, second);
    QCOMPARE(console.history().first(), second);

    // Another console reads the same history.
    SqlConsole other(&session);
    QCOMPARE(other.history(), console.history());
}

void TestConsoles::historyIsCapped()
{
    QStringList history;
    for (int i = 0; i < SqlHistory::MaxEntries + 5; ++i)
        history = SqlHistory::added(history, QStringLiteral("SELECT %1").arg(i));
    QCOMPARE(history.size(), SqlHistory::MaxEntries);
    QCOMPARE(history.first(), QStringLiteral("SELECT 104"));
    QCOMPARE(history.last(), QStringLiteral("SELECT 5"));
    history = SqlHistory::added(history, QStringLiteral(" SELECT 50 "));
    QCOMPARE(history.size(), SqlHistory::MaxEntries);
    QCOMPARE(history.first(), QStringLiteral("SELECT 50"));
    QCOMPARE(history.count(QStringLiteral("SELECT 50")), 1);
    QCOMPARE(SqlHistory::added(history, QStringLiteral("   ")), history);

    for (int i = 0; i < SqlHistory::MaxEntries + 5; ++i)
        SqlHistory::record(QStringLiteral("SELECT %1").arg(i));
    QCOMPARE(SqlHistory::load().size(), SqlHistory::MaxEntries);
    QCOMPARE(SqlHistory::load().first(), QStringLiteral("SELECT 104"));
}

void TestConsoles::graphqlConsole()
{
    REXORM_ADMIN_TEST_CONFIG(config);
    createItems(config, QStringLiteral("gql_items")); // before opening: the API is read then
    Session session;
    QString error;
    QVERIFY2(openSession(session, config, &error), qPrintable(error));
    QString entity;
    for (const QString &name : session.entities()) {
        if (session.entity(name)->table == u"gql_items")
            entity = name;
    }
    QVERIFY2(!entity.isEmpty(), qPrintable(session.entities().join(u',')));
    const auto names = session.names(entity);
    QVERIFY(names);
    const QString idField = names->fieldOf(QStringLiteral("id"));
    const QString nameField = names->fieldOf(QStringLiteral("name"));
    QVERIFY(!idField.isEmpty() && !nameField.isEmpty());

    GraphQLConsole console(&session);
    console.show();
    QVERIFY(QTest::qWaitForWindowExposed(&console));
    QVERIFY(console.isEnabled());
    QSignalSpy responses(&console, &GraphQLConsole::responseReceived);

    // { __typename }, run with Ctrl+Enter.
    console.queryEditor()->setPlainText(QStringLiteral("{ __typename }"));
    QTest::keyClick(console.queryEditor(), Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(console.isRunning());
    QVERIFY(QTest::qWaitFor([&] { return !responses.isEmpty(); }, Timeout));
    QJsonObject response = responses.last().first().toJsonObject();
    QCOMPARE(response.value(QStringLiteral("data"))
                 .toObject()
                 .value(QStringLiteral("__typename"))
                 .toString(),
             QStringLiteral("Query"));
    QVERIFY(!console.statusIsError());
    QVERIFY(console.responseView()->toPlainText().contains(QStringLiteral("\"__typename\"")));
    QVERIFY(console.responseView()->isReadOnly());

    // A query over the table, with and without variables.
    const QString list = QStringLiteral("query ($n: Int) { %1(limit: $n) { %2 %3 } }")
                             .arg(names->listField, idField, nameField);
    console.queryEditor()->setPlainText(list);
    QTest::mouseClick(console.runButton(), Qt::LeftButton);
    QVERIFY(QTest::qWaitFor([&] { return responses.size() == 2; }, Timeout));
    response = responses.last().first().toJsonObject();
    QVERIFY2(!response.contains(QStringLiteral("errors")),
             QJsonDocument(response).toJson().constData());
    QJsonArray rows =
        response.value(QStringLiteral("data")).toObject().value(names->listField).toArray();
    QCOMPARE(rows.size(), 3);
    QStringList seen;
    for (const QJsonValue &row : rows)
        seen << row.toObject().value(nameField).toString();
    seen.sort();
    QCOMPARE(seen, (QStringList{QStringLiteral("alpha"), QStringLiteral("beta"),
                                QStringLiteral("gamma")}));

    console.variablesEditor()->setPlainText(QStringLiteral("{\"n\": 2}"));
    QVERIFY(console.run());
    QVERIFY(QTest::qWaitFor([&] { return responses.size() == 3; }, Timeout));
    rows = responses.last()
               .first()
               .toJsonObject()
               .value(QStringLiteral("data"))
               .toObject()
               .value(names->listField)
               .toArray();
    QCOMPARE(rows.size(), 2);

    // Malformed variables: a clear error, nothing sent.
    console.variablesEditor()->setPlainText(QStringLiteral("{\"n\": "));
    QVERIFY(!console.run());
    QVERIFY(!console.isRunning());
    QVERIFY(console.statusIsError());
    QVERIFY2(console.statusText().contains(QStringLiteral("not valid JSON")),
             qPrintable(console.statusText()));
    console.variablesEditor()->setPlainText(QStringLiteral("[1, 2]"));
    QVERIFY(!console.run());
    QVERIFY(console.statusText().contains(QStringLiteral("JSON object")));
    QCOMPARE(responses.size(), 3);

    // A broken document: the response's error is shown.
    console.variablesEditor()->clear();
    console.queryEditor()->setPlainText(QStringLiteral("{ __typename"));
    QVERIFY(console.run());
    QVERIFY(QTest::qWaitFor([&] { return responses.size() == 4; }, Timeout));
    response = responses.last().first().toJsonObject();
    const QJsonArray errors = response.value(QStringLiteral("errors")).toArray();
    QVERIFY(!errors.isEmpty());
    QVERIFY(console.statusIsError());
    QVERIFY2(console.statusText().contains(
                 errors.first().toObject().value(QStringLiteral("message")).toString()),
             qPrintable(console.statusText()));
    QVERIFY(console.responseView()->toPlainText().contains(QStringLiteral("\"errors\"")));

    // The schema tab.
    QTest::mouseClick(console.schemaButton(), Qt::LeftButton);
    QCOMPARE(console.resultTabs()->currentWidget(), console.schemaView());
    QVERIFY(console.schemaView()->isReadOnly());
    const QString sdl = console.schemaView()->toPlainText();
    QVERIFY(sdl.contains(QStringLiteral("type Query")));
    QVERIFY(sdl.contains(QStringLiteral("type ") + names->typeName));

    session.close();
    QVERIFY(!console.isEnabled());
    QVERIFY(console.responseView()->toPlainText().isEmpty());
}

REXORM_ADMIN_TEST_MAIN(TestConsoles)

#include "tst_consoles.moc"
