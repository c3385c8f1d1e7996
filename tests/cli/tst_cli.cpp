#include "clirun.h"
#include "testdatabases.h"

#include <rexorm/error.h>
#include <rexorm/meta/registry.h>
#include <rexorm/migrations/schema.h>

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>

using namespace RexOrm;

namespace {

using RexOrmTest::rexorm;
using RexOrmTest::Run;

QStringList names(const QJsonArray &array, const char *key = "name")
{
    QStringList out;
    for (const QJsonValue &value : array)
        out << value.toObject().value(QLatin1String(key)).toString();
    return out;
}

void write(const QString &path, const QString &text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text.toUtf8());
}

const QStringList demo = {QStringLiteral("20240101000000_create_users_table"),
                          QStringLiteral("20240102000000_create_posts_table"),
                          QStringLiteral("20240103000000_index_post_titles")};

} // namespace

class tst_Cli : public QObject
{
    Q_OBJECT

private slots:
    void usageErrors();
    void configurationErrors();
    void initCreateAndMigrate();
    void migrateDemoSchema_data() { RexOrmTest::addBackendColumns(); }
    void migrateDemoSchema();
    void inspectChinook_data() { RexOrmTest::addBackendColumns(); }
    void inspectChinook();
    void generateMigrationFromAnotherDatabase_data() { RexOrmTest::addBackendColumns(); }
    void generateMigrationFromAnotherDatabase();
    void generateModel();
};

void tst_Cli::usageErrors()
{
    Run run = rexorm({"--version"});
    EXPECT_EXIT(run, 0);
    QVERIFY(run.out.startsWith(u"rexorm 0."));
    run = rexorm({"--help"});
    EXPECT_EXIT(run, 0);
    for (const char *command : {"init", "migrate", "migration:create", "migration:generate",
                                "generate:model", "db:inspect", "sql"})
        QVERIFY2(run.out.contains(QLatin1String(command)), command);
    EXPECT_EXIT(rexorm({}), 2);
    run = rexorm({"migrat"});
    EXPECT_EXIT(run, 2);
    QVERIFY(run.err.contains(u"unknown command \"migrat\""));
    run = rexorm({"migrate", "--bogus"});
    EXPECT_EXIT(run, 2);
    QVERIFY2(run.err.contains(u"bogus"), qPrintable(run.err));
    run = rexorm({"migrate", "--help"});
    EXPECT_EXIT(run, 0);
    QVERIFY(run.out.contains(u"--step"));
    run = rexorm({"-d", "sqlite::memory:", "migrate", "sideways"});
    EXPECT_EXIT(run, 2);
    QVERIFY(run.err.contains(u"unknown action \"sideways\""));
    EXPECT_EXIT(rexorm({"-d", "sqlite::memory:", "migrate", "up", "--step", "zero"}), 2);
    EXPECT_EXIT(rexorm({"-d", "sqlite::memory:", "migrate", "up", "x", "--step", "1"}), 2);
    EXPECT_EXIT(rexorm({"-d", "sqlite::memory:", "sql"}), 2);
    QTemporaryDir dir;
    run = rexorm({"migration:create", "bad name", "--path", dir.path()});
    EXPECT_EXIT(run, 2);
    QVERIFY(run.err.contains(u"not a migration name"));
    EXPECT_EXIT(rexorm({"generate:model", "9Lives", "--output", dir.path()}), 2);
}

void tst_Cli::configurationErrors()
{
    QTemporaryDir dir;
    Run run = rexorm({"migrate", "status"}, dir.path());
    EXPECT_EXIT(run, 3);
    QVERIFY(run.err.contains(u"No database configured"));

    run = rexorm({"-d", "postgres://app:Sekrit-77@db.example:notaport/app", "migrate", "status"});
    EXPECT_EXIT(run, 3);
    QVERIFY2(!run.err.contains(u"Sekrit-77") && !run.out.contains(u"Sekrit-77"),
             qPrintable(run.err));
    QVERIFY2(run.err.contains(u"port"), qPrintable(run.err));

    write(QDir(dir.path()).filePath("rexorm.json"), "{\"database\": \"sqlite\", ");
    run = rexorm({"migrate", "status"}, dir.path());
    EXPECT_EXIT(run, 3);
    QVERIFY2(run.err.contains(u"rexorm.json"), qPrintable(run.err));
    write(QDir(dir.path()).filePath("rexorm.json"),
          "{\"database\": \"sqlite\", \"databasePath\": \"x.db\", \"colour\": \"blue\"}");
    run = rexorm({"migrate", "status"}, dir.path());
    EXPECT_EXIT(run, 3);
    QVERIFY2(run.err.contains(u"colour"), qPrintable(run.err));

    // A database that cannot be reached is a failure of the work, not of the configuration.
    run = rexorm({"-d", "postgres://app:Sekrit-77@127.0.0.1:1/app", "sql", "SELECT 1"});
    EXPECT_EXIT(run, 1);
    QVERIFY(!run.err.contains(u"Sekrit-77"));
}

void tst_Cli::initCreateAndMigrate()
{
    QTemporaryDir dir;
    Run run = rexorm({"init"}, dir.path());
    EXPECT_EXIT(run, 0);
    QVERIFY(QFile::exists(QDir(dir.path()).filePath("rexorm.json")));
    QVERIFY(QDir(dir.path()).exists("migrations"));
    EXPECT_EXIT(rexorm({"init"}, dir.path()), 1); // exists
    EXPECT_EXIT(rexorm({"init", "--force"}, dir.path()), 0);

    run = rexorm({"migration:create", "create_things", "--json"}, dir.path());
    EXPECT_EXIT(run, 0);
    const QJsonArray files = run.json().toObject().value("files").toArray();
    QCOMPARE(files.size(), 2);
    const QString up = files[0].toString();
    const QString name = QFileInfo(up).fileName().section(u'.', 0, 0);
    QVERIFY(up.endsWith(u".up.sql"));
    write(up, "CREATE TABLE things (id INTEGER PRIMARY KEY, label VARCHAR(20));\n"
              "INSERT INTO things (label) VALUES ('a;b'), ('c');\n");
    write(files[1].toString(), "DROP TABLE things;\n");
    run = rexorm({"migration:create", "cpp_one", "--cpp"}, dir.path());
    EXPECT_EXIT(run, 0);
    QVERIFY(run.out.contains(u".cpp"));
    QFile::remove(run.out.section(u' ', 1).trimmed()); // the rexorm program cannot run C++ ones

    run = rexorm({"migrate", "status", "--json"}, dir.path());
    EXPECT_EXIT(run, 0);
    QCOMPARE(names(run.json().toArray(), "status"), QStringList{"pending"});
    run = rexorm({"migrate"}, dir.path()); // up is the default
    EXPECT_EXIT(run, 0);
    QVERIFY2(run.out.contains(u"Applied 1 migration:"), qPrintable(run.out));
    QVERIFY2(run.err.contains("Applying " + name), qPrintable(run.err));
    run = rexorm(
        {"sql", "SELECT label FROM things WHERE label <> ? ORDER BY label", "-p", "c", "--json"},
        dir.path());
    EXPECT_EXIT(run, 0);
    QCOMPARE(run.json().toObject().value("rows").toArray().first().toArray().first().toString(),
             QStringLiteral("a;b"));
    run = rexorm({"sql", "SELECT label FROM things ORDER BY label"}, dir.path());
    EXPECT_EXIT(run, 0);
    QVERIFY2(run.out.contains(u"label\n-----\na;b\nc\n(2 rows)"), qPrintable(run.out));
    run = rexorm({"sql", "SELEC 1"}, dir.path());
    EXPECT_EXIT(run, 1);
    QVERIFY2(run.err.contains(u"syntax error"), qPrintable(run.err));

    // The spec's forms: migrate down <name> / migrate up <name>.
    EXPECT_EXIT(rexorm({"migrate", "down", name}, dir.path()), 0);
    EXPECT_EXIT(rexorm({"migrate", "down", name}, dir.path()), 1); // not applied
    EXPECT_EXIT(rexorm({"migrate", "up", name}, dir.path()), 0);
    // rexorm.json says development: fresh needs no --force.
    run = rexorm({"migrate", "fresh", "--json"}, dir.path());
    EXPECT_EXIT(run, 0);
    QCOMPARE(run.json().toObject().value("migrations").toArray().size(), 1);
    run = rexorm({"migrate", "status"}, dir.path());
    QVERIFY2(run.out.contains(name + "  applied  1"), qPrintable(run.out));
}

void tst_Cli::migrateDemoSchema()
{
    REXORM_TEST_CONFIG(config);
    {
        Database db(config);
        RexOrmTest::dropTables(db, {"posts", "users", "rex_migrations"});
    }
    const QString url = config.toUrl(true);
    const auto migrate = [&](const QStringList &arguments) {
        return rexorm(QStringList{"-d", url, "migrate"} + arguments +
                      QStringList{"--path", QStringLiteral(REXORM_DEMO_MIGRATIONS)});
    };
    const QStringList base = {"-d", url};
    Run run = migrate({"up", "--json"});
    EXPECT_EXIT(run, 0);
    QCOMPARE(names(run.json().toObject().value("migrations").toArray(), "x").size(), 3);
    run = migrate({"status", "--json"});
    QCOMPARE(names(run.json().toArray(), "status"), (QStringList{"applied", "applied", "applied"}));
    QVERIFY2(!run.out.contains(config.password) || config.password.isEmpty(), "password shown");

    run = rexorm(base + QStringList{"sql", "INSERT INTO users (name, email) VALUES (?, ?)", "-p",
                                    "Ann", "-p", "ann@example.org"});
    EXPECT_EXIT(run, 0);
    QCOMPARE(run.out, QStringLiteral("1 row(s) affected\n"));
    run = rexorm(base + QStringList{"sql", "SELECT name, email FROM users", "--json"});
    const QJsonObject result = run.json().toObject();
    QCOMPARE(result.value("columns").toArray().size(), 2);
    QCOMPARE(result.value("rows").toArray().first().toArray().first().toString(),
             QStringLiteral("Ann"));

    run = migrate({"down", "--to", demo[0], "--json"});
    EXPECT_EXIT(run, 0);
    QCOMPARE(run.json().toObject().value("migrations").toArray().size(), 2);
    run = migrate({"up", "--step", "1"});
    EXPECT_EXIT(run, 0);
    QVERIFY2(run.out.contains(demo[1]) && !run.out.contains(demo[2]), qPrintable(run.out));
    run = migrate({"redo"});
    EXPECT_EXIT(run, 0);
    QVERIFY2(run.out.contains("Redid 1 migration:\n  " + demo[1]), qPrintable(run.out));
    run = migrate({"status", "--json"});
    QCOMPARE(names(run.json().toArray(), "status"), (QStringList{"applied", "applied", "pending"}));
    // A server database is never wiped without --force.
    run = migrate({"fresh"});
    EXPECT_EXIT(run, 1);
    QVERIFY(run.err.contains(u"--force"));
    EXPECT_EXIT(migrate({"fresh", "--force", "-q"}), 0);
    EXPECT_EXIT(migrate({"down", "--step", "3", "-q"}), 0);
    Database db(config);
    QVERIFY(!Schema(db).hasTable("users"));
}

void tst_Cli::inspectChinook()
{
    REXORM_TEST_CHINOOK(config);
    const QString url = config.toUrl(true);
    Run run = rexorm({"-d", url, "db:inspect", "--json"});
    EXPECT_EXIT(run, 0);
    // The PostgreSQL edition of Chinook names tables and columns in snake_case.
    const bool snake = backend == u"postgres";
    const auto chinookName = [&](const QString &pascal) {
        return snake ? toSnakeCase(pascal) : pascal;
    };
    const QJsonArray tables = run.json().toArray();
    QStringList found = names(tables, "table");
    QVERIFY2(found.contains(chinookName("Album")) && found.contains(chinookName("PlaylistTrack")) &&
                 found.contains(chinookName("Track")),
             qPrintable(found.join(u',')));
    bool album = false;
    for (const QJsonValue &table : tables) {
        const QJsonObject object = table.toObject();
        if (object.value("table").toString() != chinookName("Album"))
            continue;
        album = true;
        QCOMPARE(object.value("primaryKey").toArray().first().toString(), chinookName("AlbumId"));
        QCOMPARE(object.value("foreignKeys").toArray().first().toObject().value("references"),
                 QJsonValue(chinookName("Artist")));
    }
    QVERIFY(album);
    run = rexorm({"-d", url, "db:inspect", chinookName("Track")});
    EXPECT_EXIT(run, 0);
    QVERIFY2(run.out.contains(chinookName("UnitPrice")) && run.out.contains(u"decimal"),
             qPrintable(run.out));
    run = rexorm({"-d", url, "db:inspect", "NoSuchTable"});
    EXPECT_EXIT(run, 1);
    QVERIFY(run.err.contains(chinookName("Album")));
}

void tst_Cli::generateMigrationFromAnotherDatabase()
{
    // Chinook's SQLite schema, generated into a migration for each database and applied there.
    REXORM_TEST_CONFIG(config);
    QString why;
    const auto chinook = RexOrmTest::chinookConfigFor(QStringLiteral("sqlite"), &why);
    QVERIFY(chinook);
    static const QStringList tables = {
        "PlaylistTrack", "InvoiceLine", "Invoice", "Customer", "Employee", "Track",
        "Playlist",      "MediaType",   "Genre",   "Album",    "Artist",   "rex_migrations"};
    {
        Database db(config);
        RexOrmTest::dropTables(db, tables);
    }
    QTemporaryDir dir;
    const QString url = config.toUrl(true);
    const auto command = [&](const QStringList &arguments) {
        return rexorm(QStringList{"-d", url} + arguments + QStringList{"--path", dir.path()});
    };
    Run run = command(
        {"migration:generate", "copy_chinook", "--from-database", chinook->toUrl(true), "--json"});
    EXPECT_EXIT(run, 0);
    QCOMPARE(run.json().toObject().value("files").toArray().size(), 2);
    run = command({"migrate", "up"});
    EXPECT_EXIT(run, 0);
    run = command({"migration:generate", "again", "--from-database", chinook->toUrl(true)});
    EXPECT_EXIT(run, 0);
    QVERIFY2(run.out.contains(u"Nothing to generate"), qPrintable(run.out + run.err));
    run = rexorm({"-d", url, "db:inspect", "--json"});
    QStringList created = names(run.json().toArray(), "table");
    for (const QString &table : tables)
        QVERIFY2(created.contains(table), qPrintable(table));
    EXPECT_EXIT(command({"migrate", "down"}), 0);
    run = rexorm({"-d", url, "db:inspect", "--json"});
    created = names(run.json().toArray(), "table");
    QVERIFY2(!created.contains("Track"), qPrintable(created.join(u',')));
}

void tst_Cli::generateModel()
{
    QString why;
    const auto chinook = RexOrmTest::chinookConfigFor(QStringLiteral("sqlite"), &why);
    QTemporaryDir dir;
    const QString url = chinook->toUrl(true);
    Run run =
        rexorm({"-d", url, "generate:model", "--from-table", "Album", "--output", dir.path()});
    EXPECT_EXIT(run, 0);
    QFile header(QDir(dir.path()).filePath("album.h"));
    QVERIFY(header.open(QIODevice::ReadOnly));
    const QString code = QString::fromUtf8(header.readAll());
    QVERIFY2(code.contains(u"class Album : public RexOrm::Model"), qPrintable(code));
    QVERIFY2(code.contains(u"Q_PROPERTY(qint64 albumId MEMBER albumId NOTIFY changed)") ||
                 code.contains(u"Q_PROPERTY(int albumId MEMBER albumId NOTIFY changed)"),
             qPrintable(code));
    QVERIFY2(code.contains(u"Q_CLASSINFO(\"rex.relation.Artist\", \"belongsTo Artist "),
             qPrintable(code));
    QVERIFY(QFile::exists(QDir(dir.path()).filePath("album.cpp")));
    EXPECT_EXIT(
        rexorm({"-d", url, "generate:model", "--from-table", "Album", "--output", dir.path()}),
        1); // exists
    run = rexorm({"-d", url, "generate:model", "--from-table", "Nope", "--output", dir.path()});
    EXPECT_EXIT(run, 1);
    QVERIFY(run.err.contains(u"Artist"));
    run = rexorm({"generate:model", "Widget", "--gadget", "--output", dir.path()});
    EXPECT_EXIT(run, 0);
    QFile widget(QDir(dir.path()).filePath("widget.h"));
    QVERIFY(widget.open(QIODevice::ReadOnly));
    const QString widgetCode = QString::fromUtf8(widget.readAll());
    QVERIFY2(widgetCode.contains(u"Q_CLASSINFO(\"rex.table\", \"widgets\")"),
             qPrintable(widgetCode));
    QVERIFY(widgetCode.contains(u"Q_GADGET"));
}

REXORM_TEST_MAIN(tst_Cli)
#include "tst_cli.moc"
