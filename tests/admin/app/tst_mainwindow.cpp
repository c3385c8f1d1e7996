// The admin window as a user meets it: the command line, the German and French translations,
// Chinook browsed from the sidebar, and rows changed by another client showing up in the open
// table once the change triggers are installed from the Changes panel.
#include "admintest.h"

#include <app/application.h>
#include <app/mainwindow.h>
#include <browse/entitiesmodel.h>
#include <browse/rowsmodel.h>
#include <browse/rowsview.h>
#include <live/changefeedpanel.h>
#include <live/changelogmodel.h>

#include <rexorm/changes/changelog.h>

#include <QtCore/QFileInfo>
#include <QtCore/QTranslator>
#include <QtGui/QBrush>
#include <QtTest/QAbstractItemModelTester>

using namespace RexOrm;
using namespace RexOrm::Admin;

class tst_MainWindow : public QObject
{
    Q_OBJECT

private slots:
    void commandLine();
    void translations_data();
    void translations();
    void browseChinook_data() { RexOrmTest::addBackendColumns(); }
    void browseChinook();
    void changesFromAnotherClient_data() { RexOrmTest::addBackendColumns(); }
    void changesFromAnotherClient();
    void openCloseQuickly_data() { RexOrmTest::addBackendColumns(); }
    void openCloseQuickly();
};

void tst_MainWindow::commandLine()
{
    const auto parse = [](std::initializer_list<const char *> args) {
        QStringList arguments{QStringLiteral("rexorm-admin")};
        for (const char *arg : args)
            arguments << QString::fromLatin1(arg);
        return parseCommandLine(arguments);
    };
    CommandLine options =
        parse({"--database", "postgres://u@h/db", "--lang", "de", "--migrations", "/tmp/m"});
    QVERIFY2(options.error.isEmpty(), qPrintable(options.error));
    QCOMPARE(options.database, QStringLiteral("postgres://u@h/db"));
    QCOMPARE(options.language, QStringLiteral("de"));
    QCOMPARE(options.migrations, QStringLiteral("/tmp/m"));
    QCOMPARE(parse({"chinook.sqlite"}).database, QStringLiteral("chinook.sqlite"));
    QVERIFY(parse({"--no-such-option"}).error.contains(u"no-such-option"));
    QVERIFY(!parse({"a.sqlite", "b.sqlite"}).error.isEmpty());
    QVERIFY(!parse({"--database", "a.sqlite", "b.sqlite"}).error.isEmpty());
    QVERIFY(!parse({"--lang", "zz-not-a-language"}).error.isEmpty());
    QVERIFY(!parse({"--screenshots", "/tmp/shots"}).error.isEmpty()); // needs a database
    QCOMPARE(Session::normalizeUrl(QStringLiteral("/data/x.db")),
             QStringLiteral("sqlite:///data/x.db"));
}

void tst_MainWindow::translations_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("de") << QStringLiteral("de");
    QTest::newRow("fr") << QStringLiteral("fr_FR");
}

void tst_MainWindow::translations()
{
    QFETCH(QString, language);
    QTranslator *translator = installTranslations(*qApp, language);
    QVERIFY2(translator, "the translation is built into the application");
    const auto restore = qScopeGuard([translator] {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    });
    const char *source = "&Apply changes";
    const QString translated = QCoreApplication::translate("RexOrm::Admin::MainWindow", source);
    QVERIFY(!translated.isEmpty());
    QVERIFY2(translated != QString::fromLatin1(source), qPrintable(translated));
    // Plural forms are translated too.
    const QString rows =
        QCoreApplication::translate("RexOrm::Admin::MainWindow", "%n row(s) written.", nullptr, 2);
    QVERIFY2(rows.contains(u'2') && !rows.contains(u"(s)"), qPrintable(rows));
    // The window speaks the language.
    MainWindow window;
    QCOMPARE(window.findChild<QAction *>(QStringLiteral("apply"))->text(), translated);
    // English needs no translation.
    QVERIFY(!installTranslations(*qApp, QStringLiteral("en")));
}

void tst_MainWindow::browseChinook()
{
    REXORM_ADMIN_TEST_CHINOOK(config);
    MainWindow window;
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.openDatabase(config.toUrl(true));
    QTRY_VERIFY_WITH_TIMEOUT(window.session()->isOpen(), 60000);
    QVERIFY(config.password.isEmpty() ||
            !window.windowTitle().contains(u':' + config.password + u'@'));
    QCOMPARE(window.entities()->rowCount(), 11);
    RowsModel *rows = window.grid()->rows();
    QVERIFY(!rows->entity().isEmpty()); // the first entity opens by itself
    // PostgreSQL's Chinook is snake_case (track.album_id), the others PascalCase.
    const bool snake = backend == u"postgres";
    const auto column = [snake](const char *snakeName, const char *pascalName) {
        return QString::fromLatin1(snake ? snakeName : pascalName);
    };
    const QString track = window.session()->live()->entityNamed(QStringLiteral("Track"));
    const QString album = window.session()->live()->entityNamed(QStringLiteral("Album"));
    window.showEntity(track);
    QTRY_VERIFY_WITH_TIMEOUT(rows->isTotalKnown() && !rows->isLoading(), 30000);
    QCOMPARE(rows->entity(), track);
    QCOMPARE(rows->total(), 3503);
    QVERIFY(window.statusText().contains(track));
    // A filter the API refuses shows in the status bar until it is fixed.
    const int nameColumn = rows->columnOf(column("name", "Name"));
    QVERIFY(rows->setColumnFilter(nameColumn, QStringLiteral("{foo: 1}")));
    QTRY_VERIFY_WITH_TIMEOUT(window.statusText().contains(u"foo"), 30000);
    QVERIFY(rows->setColumnFilter(nameColumn, QString()));
    QTRY_VERIFY_WITH_TIMEOUT(!window.statusText().contains(u"foo"), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(rows->isTotalKnown() && !rows->isLoading(), 30000);

    // Opening a foreign key shows the referenced row, filtered by its key.
    window.grid()->setCurrentIndex(rows->index(0, rows->columnOf(column("album_id", "AlbumId"))));
    window.grid()->openCurrentReference();
    QCOMPARE(rows->entity(), album);
    QTRY_VERIFY_WITH_TIMEOUT(rows->isTotalKnown() && !rows->isLoading(), 30000);
    QCOMPARE(rows->total(), 1);
    QVERIFY(rows->index(0, rows->columnOf(column("title", "Title")))
                .data()
                .toString()
                .contains(u"For Those About To Rock"));

    // The current album's tracks are in a tab below it.
    window.grid()->setCurrentIndex(rows->index(0, 0));
    RowsView *tracks = nullptr;
    for (RowsView *view : window.findChildren<RowsView *>()) {
        if (view != window.grid() && view->rows()->entity() == track)
            tracks = view;
    }
    QVERIFY(tracks);
    QTRY_VERIFY_WITH_TIMEOUT(tracks->rows()->isTotalKnown() && !tracks->rows()->isLoading(), 30000);
    QCOMPARE(tracks->rows()->total(), 10); // album 1 has ten tracks
}

void tst_MainWindow::changesFromAnotherClient()
{
    REXORM_ADMIN_TEST_CONFIG(config);
    const Database db(config);
    RexOrmAdminTest::fixture([&] {
        RexOrmTest::dropTables(db, {QStringLiteral("adm_live")});
        db.execute(QStringLiteral("CREATE TABLE adm_live (id %1, name %2 NOT NULL)")
                       .arg(db.dialect().autoIncrementPrimaryKey({ColumnType::BigInt}),
                            db.dialect().typeName({ColumnType::String, 40})));
        for (const char *name : {"one", "two", "three"})
            db.execute(QStringLiteral("INSERT INTO adm_live (name) VALUES (?)"),
                       {QString::fromLatin1(name)});
    });
    const auto cleanup = qScopeGuard([&] {
        RexOrmAdminTest::fixture([&] {
            ChangeLog::uninstall(db);
            RexOrmTest::dropTables(db, {QStringLiteral("adm_live")});
        });
    });
    {
        MainWindow window;
        QAbstractItemModelTester logTester(window.changes()->log(),
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester rowsTester(window.grid()->rows(),
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
        window.show();
        window.openDatabase(config.toUrl(true));
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->isOpen(), 60000);
        const QString entity = window.session()->live()->entityNamed(QStringLiteral("adm_live"));
        window.showEntity(entity);
        RowsModel *rows = window.grid()->rows();
        QTRY_VERIFY_WITH_TIMEOUT(rows->isTotalKnown() && !rows->isLoading() && rows->isLoaded(2),
                                 30000);
        const int name = rows->columnOf(QStringLiteral("name"));

        // Without triggers only this window's changes are seen; the panel installs them.
        QVERIFY(window.session()->liveTables().isEmpty());
        window.changes()->installTriggers(false);
        QTRY_VERIFY_WITH_TIMEOUT(
            window.session()->liveTables().contains(QStringLiteral("adm_live")), 30000);

        // Another client (its own pool, as psql or the CLI would be) changes a row and adds one.
        RexOrmAdminTest::fixture([&] {
            const Database other(config);
            other.execute(QStringLiteral("UPDATE adm_live SET name = ? WHERE id = ?"),
                          {QStringLiteral("TWO"), 2});
            other.execute(QStringLiteral("INSERT INTO adm_live (name) VALUES (?)"),
                          {QStringLiteral("four")});
        });
        QTRY_COMPARE_WITH_TIMEOUT(rows->index(1, name).data().toString(), QStringLiteral("TWO"),
                                  30000);
        QVERIFY(rows->index(1, name).data(Qt::BackgroundRole).value<QBrush>().style() !=
                Qt::NoBrush); // briefly highlighted
        QTRY_COMPARE_WITH_TIMEOUT(rows->total(), 4, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(rows->isLoaded(3), 30000);
        QCOMPARE(rows->index(3, name).data().toString(), QStringLiteral("four"));
        QVERIFY(window.changes()->log()->rowCount() >= 2);
        // The highlight fades.
        QTRY_VERIFY_WITH_TIMEOUT(
            rows->index(1, name).data(Qt::BackgroundRole).value<QBrush>().style() == Qt::NoBrush,
            10000);
    }
}

// Opening and closing while the change feed is still starting on its thread: nothing of a
// stopped feed may reach the session (it is deleted with its thread).
void tst_MainWindow::openCloseQuickly()
{
    REXORM_ADMIN_TEST_CHINOOK(config);
    Session session;
    for (int round = 0; round < 12; ++round) {
        QSignalSpy opened(&session, &Session::opened);
        session.open(config.toUrl(true));
        QVERIFY(opened.wait(60000));
        QTest::qWait(round % 4); // the feed reports its start at any point of this
        if (round % 3 == 0)
            session.restartFeed();
        session.close();
        QVERIFY(!session.isOpen());
    }
    QString error;
    QVERIFY2(RexOrmAdminTest::open(session, config, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(session.liveError().isEmpty(), 5000);
}

REXORM_ADMIN_TEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
