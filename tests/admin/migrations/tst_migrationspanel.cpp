// The migrations panel on every backend: status of a folder of SQL migrations, Apply pending /
// Roll back last / Redo last clicked like a user would, changed and missing files, a migration
// that fails (what stays and what does not, per database), and the schema differ's preview.
#include "admintest.h"

#include <migrations/migrationspanel.h>
#include <migrations/migrationstatusmodel.h>

#include <rexorm/migrations/schema.h>

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QtTest>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QProgressBar>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableView>

using RexOrm::Admin::MigrationsPanel;
using RexOrm::Admin::MigrationStatusModel;
using RexOrm::Admin::Session;
using Status = MigrationStatusModel::Status;

namespace {

const QString authors = QStringLiteral("20260101000001_create_mp_authors");
const QString books = QStringLiteral("20260101000002_create_mp_books");
const QString tags = QStringLiteral("20260101000003_create_mp_tags");
const QString broken = QStringLiteral("20260101000004_create_mp_broken");

const QStringList ownTables = {QStringLiteral("mp_books"),  QStringLiteral("mp_authors"),
                               QStringLiteral("mp_tags"),   QStringLiteral("mp_broken"),
                               QStringLiteral("bookmarks"), QStringLiteral("rex_migrations")};

bool write(const QString &dir, const QString &file, const QString &text)
{
    QFile out(QDir(dir).filePath(file));
    return out.open(QIODevice::WriteOnly | QIODevice::Truncate) && out.write(text.toUtf8()) >= 0;
}

bool writeThree(const QString &dir)
{
    return write(dir, authors + QStringLiteral(".up.sql"),
                 QStringLiteral("CREATE TABLE mp_authors (id INTEGER PRIMARY KEY, "
                                "name VARCHAR(100) NOT NULL);\n")) &&
           write(dir, authors + QStringLiteral(".down.sql"),
                 QStringLiteral("DROP TABLE mp_authors;\n")) &&
           write(dir, books + QStringLiteral(".up.sql"),
                 QStringLiteral("CREATE TABLE mp_books (id INTEGER PRIMARY KEY, author_id INTEGER "
                                "NOT NULL, title VARCHAR(100), FOREIGN KEY (author_id) "
                                "REFERENCES mp_authors (id));\n")) &&
           write(dir, books + QStringLiteral(".down.sql"),
                 QStringLiteral("DROP TABLE mp_books;\n")) &&
           write(dir, tags + QStringLiteral(".up.sql"),
                 QStringLiteral("CREATE TABLE mp_tags (id INTEGER PRIMARY KEY, "
                                "label VARCHAR(50));\n")) &&
           write(dir, tags + QStringLiteral(".down.sql"), QStringLiteral("DROP TABLE mp_tags;\n"));
}

// The server databases are shared by this binary's tests: each starts from no tables of ours.
void reset(const RexOrm::DatabaseConfig &config)
{
    RexOrmAdminTest::fixture([&] {
        const RexOrm::Database db(config);
        RexOrmTest::dropTables(db, ownTables);
    });
}

bool hasTable(const RexOrm::DatabaseConfig &config, const QString &table)
{
    return RexOrmAdminTest::fixture(
        [&] { return RexOrm::Schema(RexOrm::Database(config)).hasTable(table); });
}

qint64 count(const RexOrm::DatabaseConfig &config, const QString &table)
{
    return RexOrmAdminTest::fixture([&] {
        return RexOrm::Database(config)
            .execute(QStringLiteral("SELECT COUNT(*) FROM ") + table)
            .value(0, 0)
            .toLongLong();
    });
}

void execute(const RexOrm::DatabaseConfig &config, const QString &sql)
{
    RexOrmAdminTest::fixture([&] { RexOrm::Database(config).execute(sql); });
}

// One panel on an open session, shown (the buttons are clicked with the mouse).
struct Fixture
{
    Session session;
    std::unique_ptr<MigrationsPanel> panel;
    std::unique_ptr<QAbstractItemModelTester> tester;

    QString open(const RexOrm::DatabaseConfig &config, const QString &modelsPlugin = {})
    {
        QString error;
        if (!RexOrmAdminTest::open(session, config.toUrl(true), &error, modelsPlugin))
            return error;
        panel = std::make_unique<MigrationsPanel>(&session);
        tester = std::make_unique<QAbstractItemModelTester>(
            panel->statusModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        panel->resize(1000, 700);
        panel->show();
        if (!QTest::qWaitForWindowExposed(panel.get()))
            return QStringLiteral("the panel was not exposed");
        return {};
    }

    template<typename T> T *child(const char *name) const
    {
        return panel->findChild<T *>(QLatin1String(name));
    }
    QPushButton *button(const char *name) const { return child<QPushButton>(name); }
    QString log() const { return child<QPlainTextEdit>("logText")->toPlainText(); }
    QString error() const
    {
        const QLabel *label = child<QLabel>("errorLabel");
        return label->isVisible() ? label->text() : QString();
    }

    bool idle() const
    {
        return QTest::qWaitFor([this] { return !panel->isBusy(); }, 60000);
    }
    // Clicks an enabled button and waits for its action to end.
    bool click(const char *name) const
    {
        QPushButton *b = button(name);
        if (!b || !b->isEnabled() || !b->isVisible())
            return false;
        QTest::mouseClick(b, Qt::LeftButton);
        return panel->isBusy() && idle();
    }

    Status status(const QString &name) const
    {
        const MigrationStatusModel *model = panel->statusModel();
        const int row = model->rowOf(name);
        return row < 0
                   ? Status(-1)
                   : Status(model->index(row, 0).data(MigrationStatusModel::StatusRole).toInt());
    }
    QString statusText(const QString &name) const
    {
        const MigrationStatusModel *model = panel->statusModel();
        return model->index(model->rowOf(name), MigrationStatusModel::StatusColumn)
            .data()
            .toString();
    }
};

} // namespace

class tst_MigrationsPanel : public QObject
{
    Q_OBJECT

private slots:
    void applyRollBackRedo_data() { RexOrmTest::addBackendColumns(); }
    void applyRollBackRedo()
    {
        REXORM_ADMIN_TEST_CONFIG(config);
        reset(config);
        QTemporaryDir dir;
        QVERIFY(writeThree(dir.path()));
        Fixture f;
        const QString opened = f.open(config);
        QVERIFY2(opened.isEmpty(), qPrintable(opened));
        f.panel->setMigrationsPath(dir.path());
        QVERIFY(f.idle());

        // Everything pending.
        QCOMPARE(f.panel->statusModel()->rowCount(), 3);
        for (const QString &name : {authors, books, tags}) {
            QCOMPARE(f.status(name), Status::Pending);
            QCOMPARE(f.statusText(name), QStringLiteral("pending"));
        }
        QVERIFY(!f.button("rollBackButton")->isEnabled());
        QVERIFY(!hasTable(config, QStringLiteral("mp_authors")));

        // Apply pending: every table exists, each migration is named in the log.
        QSignalSpy progressed(f.child<QProgressBar>("progressBar"), &QProgressBar::valueChanged);
        QSignalSpy finished(f.panel.get(), &MigrationsPanel::actionFinished);
        QSignalSpy schemaChanged(f.panel.get(), &MigrationsPanel::schemaChanged);
        QTest::mouseClick(f.button("applyButton"), Qt::LeftButton);
        // While it runs, no action can start.
        QVERIFY(f.panel->isBusy());
        for (const char *name : {"applyButton", "rollBackButton", "redoButton", "refreshButton",
                                 "chooseFolderButton", "markAppliedButton", "markRolledBackButton"})
            QVERIFY2(!f.button(name)->isEnabled(), name);
        QVERIFY(f.idle());
        QCOMPARE(finished.size(), 1);
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QCOMPARE(schemaChanged.size(), 1);
        QVERIFY2(f.error().isEmpty(), qPrintable(f.error()));
        for (const QString &table :
             {QStringLiteral("mp_authors"), QStringLiteral("mp_books"), QStringLiteral("mp_tags")})
            QVERIFY2(hasTable(config, table), qPrintable(table));
        for (const QString &name : {authors, books, tags}) {
            QCOMPARE(f.status(name), Status::Applied);
            QCOMPARE(f.statusText(name), QStringLiteral("applied"));
            QVERIFY2(f.log().contains(QStringLiteral("Applying ") + name), qPrintable(f.log()));
            QVERIFY2(f.log().contains(QStringLiteral("Applied ") + name), qPrintable(f.log()));
        }
        const QProgressBar *progress = f.child<QProgressBar>("progressBar");
        QCOMPARE(progress->maximum(), 3);
        QCOMPARE(progress->value(), 3);
        QVERIFY(!progressed.isEmpty());
        QVERIFY(!f.button("applyButton")->isEnabled()); // nothing pending

        // Roll back last: the last table is gone and its migration pending again.
        QVERIFY(f.click("rollBackButton"));
        QVERIFY2(f.error().isEmpty(), qPrintable(f.error()));
        QVERIFY(!hasTable(config, QStringLiteral("mp_tags")));
        QVERIFY(hasTable(config, QStringLiteral("mp_books")));
        QCOMPARE(f.status(tags), Status::Pending);
        QCOMPARE(f.status(books), Status::Applied);
        QVERIFY(f.log().contains(QStringLiteral("Rolled back ") + tags));
        QCOMPARE(progress->maximum(), 1);
        QCOMPARE(progress->value(), 1);

        // Redo last: mp_books is dropped and created again (its row is gone, mp_authors' kept).
        execute(config, QStringLiteral("INSERT INTO mp_authors (id, name) VALUES (1, 'Ann')"));
        execute(config,
                QStringLiteral("INSERT INTO mp_books (id, author_id, title) VALUES (1, 1, 'A')"));
        const int batchBefore =
            f.panel->statusModel()->state(f.panel->statusModel()->rowOf(books)).batch;
        const qsizetype logBefore = f.log().size();
        QVERIFY(f.click("redoButton"));
        QVERIFY2(f.error().isEmpty(), qPrintable(f.error()));
        QVERIFY(hasTable(config, QStringLiteral("mp_books")));
        QCOMPARE(count(config, QStringLiteral("mp_books")), 0);
        QCOMPARE(count(config, QStringLiteral("mp_authors")), 1);
        QCOMPARE(f.status(books), Status::Applied);
        QVERIFY(f.panel->statusModel()->state(f.panel->statusModel()->rowOf(books)).batch >
                batchBefore);
        const QString redoLog = f.log().mid(logBefore);
        QVERIFY2(redoLog.contains(QStringLiteral("Rolled back ") + books), qPrintable(redoLog));
        QVERIFY2(redoLog.contains(QStringLiteral("Applied ") + books), qPrintable(redoLog));
        QCOMPARE(progress->maximum(), 2);
        QCOMPARE(progress->value(), 2);
        QCOMPARE(f.status(tags), Status::Pending);
    }

    void changedAndMissing_data() { RexOrmTest::addBackendColumns(); }
    void changedAndMissing()
    {
        REXORM_ADMIN_TEST_CONFIG(config);
        reset(config);
        QTemporaryDir dir;
        QVERIFY(writeThree(dir.path()));
        Fixture f;
        const QString opened = f.open(config);
        QVERIFY2(opened.isEmpty(), qPrintable(opened));
        f.panel->setMigrationsPath(dir.path());
        QVERIFY(f.idle());
        QVERIFY(f.click("applyButton"));
        QCOMPARE(f.status(tags), Status::Applied);

        // An applied file edited: changed.
        QVERIFY(write(dir.path(), authors + QStringLiteral(".up.sql"),
                      QStringLiteral("CREATE TABLE mp_authors (id INTEGER PRIMARY KEY, "
                                     "name VARCHAR(200) NOT NULL);\n")));
        QVERIFY(f.click("refreshButton"));
        QCOMPARE(f.status(authors), Status::Changed);
        QCOMPARE(f.statusText(authors), QStringLiteral("changed"));
        QCOMPARE(f.status(books), Status::Applied);

        // An applied migration's files removed: missing.
        QVERIFY(QFile::remove(QDir(dir.path()).filePath(tags + QStringLiteral(".up.sql"))));
        QVERIFY(QFile::remove(QDir(dir.path()).filePath(tags + QStringLiteral(".down.sql"))));
        QVERIFY(f.click("refreshButton"));
        QCOMPARE(f.status(tags), Status::Missing);
        QCOMPARE(f.statusText(tags), QStringLiteral("missing"));
        QCOMPARE(f.panel->statusModel()->rowCount(), 3);

        // A missing migration cannot be rolled back: the error shows, its table stays.
        QVERIFY(f.click("rollBackButton"));
        QVERIFY2(f.error().contains(tags), qPrintable(f.error()));
        QVERIFY(hasTable(config, QStringLiteral("mp_tags")));
        QCOMPARE(f.status(tags), Status::Missing);

        // A new migration will not run while an applied one is changed, unless allowed.
        QVERIFY(write(dir.path(), broken + QStringLiteral(".up.sql"),
                      QStringLiteral("CREATE TABLE mp_broken (id INTEGER PRIMARY KEY);\n")));
        QVERIFY(f.click("refreshButton"));
        QCOMPARE(f.status(broken), Status::Pending);
        QVERIFY(f.click("applyButton"));
        QVERIFY2(f.error().contains(authors) && f.error().contains(QStringLiteral("changed")),
                 qPrintable(f.error()));
        QVERIFY(!hasTable(config, QStringLiteral("mp_broken")));
        QCOMPARE(f.status(broken), Status::Pending);
        QTest::mouseClick(f.child<QCheckBox>("allowChangedCheck"), Qt::LeftButton);
        QVERIFY(f.child<QCheckBox>("allowChangedCheck")->isChecked());
        QVERIFY(f.click("applyButton"));
        QVERIFY2(f.error().isEmpty(), qPrintable(f.error()));
        QVERIFY(hasTable(config, QStringLiteral("mp_broken")));
        QCOMPARE(f.status(broken), Status::Applied);
    }

    void failedMigrationKeepsDatabase_data() { RexOrmTest::addBackendColumns(); }
    void failedMigrationKeepsDatabase()
    {
        REXORM_ADMIN_TEST_CONFIG(config);
        reset(config);
        QTemporaryDir dir;
        QVERIFY(writeThree(dir.path()));
        QVERIFY(QFile::remove(QDir(dir.path()).filePath(tags + QStringLiteral(".up.sql"))));
        QVERIFY(QFile::remove(QDir(dir.path()).filePath(tags + QStringLiteral(".down.sql"))));
        Fixture f;
        const QString opened = f.open(config);
        QVERIFY2(opened.isEmpty(), qPrintable(opened));
        f.panel->setMigrationsPath(dir.path());
        QVERIFY(f.idle());
        QVERIFY(f.click("applyButton"));
        execute(config, QStringLiteral("INSERT INTO mp_authors (id, name) VALUES (1, 'Ann')"));

        // A table, a row, then a statement that fails.
        const QString brokenUp =
            QStringLiteral("CREATE TABLE mp_broken (id INTEGER PRIMARY KEY);\n"
                           "INSERT INTO mp_authors (id, name) VALUES (99, 'Written');\n"
                           "INSERT INTO mp_no_such_table (id) VALUES (1);\n");
        QVERIFY(write(dir.path(), broken + QStringLiteral(".up.sql"), brokenUp));
        QVERIFY(write(dir.path(), broken + QStringLiteral(".down.sql"),
                      QStringLiteral("DROP TABLE mp_broken;\n")));
        QVERIFY(f.click("refreshButton"));
        QCOMPARE(f.status(broken), Status::Pending);
        QSignalSpy finished(f.panel.get(), &MigrationsPanel::actionFinished);
        QVERIFY(f.click("applyButton"));
        QCOMPARE(finished.size(), 1);
        QVERIFY(!finished.first().at(0).toBool());
        const QString error = f.error();
        QVERIFY2(error.contains(broken) && error.contains(QStringLiteral("mp_no_such_table")),
                 qPrintable(error));
        QVERIFY2(f.log().contains(QStringLiteral("Applying ") + broken) &&
                     f.log().contains(error.section(u'\n', 0, 0)),
                 qPrintable(f.log()));
        QVERIFY(f.child<QProgressBar>("progressBar")->format().contains(broken));
        // The earlier migrations are intact.
        QVERIFY(hasTable(config, QStringLiteral("mp_authors")));
        QVERIFY(hasTable(config, QStringLiteral("mp_books")));
        QCOMPARE(f.status(authors), Status::Applied);
        QCOMPARE(f.status(books), Status::Applied);

        if (backend == u"mariadb") {
            // MariaDB commits DDL at once: what ran stays, and the migration is partial.
            QVERIFY(hasTable(config, QStringLiteral("mp_broken")));
            QCOMPARE(count(config, QStringLiteral("mp_authors")), 2);
            QCOMPARE(f.status(broken), Status::Partial);
            QCOMPARE(f.statusText(broken), QStringLiteral("partial"));
            QVERIFY2(error.contains(QStringLiteral("partial")), qPrintable(error));
            // Undone by hand, then marked rolled back: pending again.
            execute(config, QStringLiteral("DROP TABLE mp_broken"));
            execute(config, QStringLiteral("DELETE FROM mp_authors WHERE id = 99"));
            QVERIFY(!f.button("markRolledBackButton")->isEnabled());
            f.child<QTableView>("migrationsTable")
                ->selectRow(f.panel->statusModel()->rowOf(broken));
            QVERIFY(f.click("markRolledBackButton"));
            QVERIFY2(f.error().isEmpty(), qPrintable(f.error()));
        } else {
            // The migration ran in a transaction: nothing of it is left.
            QVERIFY(!hasTable(config, QStringLiteral("mp_broken")));
            QCOMPARE(count(config, QStringLiteral("mp_authors")), 1);
        }
        QCOMPARE(f.status(broken), Status::Pending);

        // Fixed, it applies.
        QVERIFY(write(dir.path(), broken + QStringLiteral(".up.sql"),
                      QStringLiteral("CREATE TABLE mp_broken (id INTEGER PRIMARY KEY);\n")));
        QVERIFY(f.click("applyButton"));
        QVERIFY2(f.error().isEmpty(), qPrintable(f.error()));
        QVERIFY(hasTable(config, QStringLiteral("mp_broken")));
        QCOMPARE(f.status(broken), Status::Applied);
        QCOMPARE(count(config, QStringLiteral("mp_authors")), 1);
    }

    void previewWithoutModels_data() { RexOrmTest::addBackendColumns(); }
    void previewWithoutModels()
    {
        REXORM_ADMIN_TEST_CONFIG(config);
        reset(config);
        Fixture f;
        const QString opened = f.open(config);
        QVERIFY2(opened.isEmpty(), qPrintable(opened));
        QVERIFY(f.idle());
        f.child<QTabWidget>("tabs")->setCurrentIndex(1);
        QVERIFY2(f.child<QLabel>("previewLabel")->text().contains(QStringLiteral("no models")),
                 qPrintable(f.child<QLabel>("previewLabel")->text()));
        QVERIFY(f.child<QPlainTextEdit>("previewText")->toPlainText().isEmpty());
        QTest::keyClicks(f.child<QLineEdit>("previewName"), QStringLiteral("anything"));
        QVERIFY(!f.button("writeMigrationButton")->isEnabled());
    }

#ifdef REXORM_EXAMPLE_PLUGIN // compiled models to preview: the example bookmarks plugin
    void previewWithModels_data()
    {
        RexOrmTest::addBackendColumns();
    }
    void previewWithModels()
    {
        REXORM_ADMIN_TEST_CONFIG(config);
        reset(config);
        QTemporaryDir dir;
        Fixture f;
        const QString opened = f.open(config, QStringLiteral(REXORM_EXAMPLE_PLUGIN));
        QVERIFY2(opened.isEmpty(), qPrintable(opened));
        f.panel->setMigrationsPath(dir.path());
        QVERIFY(f.idle());
        // The plugin's own migration is listed, as `rexorm migrate` lists it.
        QCOMPARE(f.panel->statusModel()->rowCount(), 1);
        QVERIFY(f.panel->statusModel()->state(0).name.endsWith(
            QStringLiteral("_bookmarks_create_bookmarks")));
        QCOMPARE(f.panel->statusModel()->state(0).status, RexOrm::MigrationState::Pending);

        // The bookmarks model has no table yet: the preview creates it, and drops it going down.
        f.child<QTabWidget>("tabs")->setCurrentIndex(1);
        const QString preview = f.child<QPlainTextEdit>("previewText")->toPlainText();
        QVERIFY2(preview.contains(QStringLiteral("CREATE TABLE")) &&
                     preview.contains(QStringLiteral("bookmarks")) &&
                     preview.contains(QStringLiteral("DROP TABLE")),
                 qPrintable(f.child<QLabel>("previewLabel")->text() + u'\n' + preview));
        QVERIFY(!f.button("writeMigrationButton")->isEnabled()); // no name yet
        QTest::keyClicks(f.child<QLineEdit>("previewName"), QStringLiteral("create_bookmarks"));
        QVERIFY(f.click("writeMigrationButton"));
        QVERIFY2(f.error().isEmpty(), qPrintable(f.error()));
        const QStringList files = QDir(dir.path()).entryList(QDir::Files, QDir::Name);
        QCOMPARE(files.size(), 2);
        QVERIFY2(files.at(0).endsWith(QStringLiteral("_create_bookmarks.down.sql")) &&
                     files.at(1).endsWith(QStringLiteral("_create_bookmarks.up.sql")),
                 qPrintable(files.join(u' ')));
        // The written migration is pending beside the plugin's.
        QCOMPARE(f.panel->statusModel()->rowCount(), 2);
        QCOMPARE(f.panel->statusModel()->state(1).status, RexOrm::MigrationState::Pending);

        // Both would create the table: keep the plugin's, apply it, and the schema matches.
        for (const QString &file : files)
            QVERIFY(QFile::remove(dir.filePath(file)));
        f.child<QTabWidget>("tabs")->setCurrentIndex(0);
        QVERIFY(f.click("refreshButton"));
        QCOMPARE(f.panel->statusModel()->rowCount(), 1);
        QVERIFY(f.click("applyButton"));
        QVERIFY2(f.error().isEmpty(), qPrintable(f.error()));
        QVERIFY(hasTable(config, QStringLiteral("bookmarks")));
        QCOMPARE(f.panel->statusModel()->state(0).status, RexOrm::MigrationState::Applied);
        f.child<QTabWidget>("tabs")->setCurrentIndex(1);
        QVERIFY2(f.child<QLabel>("previewLabel")->text().contains(QStringLiteral("matches")),
                 qPrintable(f.child<QLabel>("previewLabel")->text() + u'\n' +
                            f.child<QPlainTextEdit>("previewText")->toPlainText()));
        QVERIFY(!f.button("writeMigrationButton")->isEnabled());
    }
#endif
};

REXORM_ADMIN_TEST_MAIN(tst_MigrationsPanel)
#include "tst_migrationspanel.moc"
