#include "testdatabases.h"

#include <rexorm/error.h>
#include <rexorm/meta/schemainspector.h>
#include <rexorm/migrations/migrator.h>
#include <rexorm/query/query.h>

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>

#include <latch>
#include <thread>

using namespace RexOrm;

namespace {

const QString authors = QStringLiteral("20260101000001_create_authors");
const QString books = QStringLiteral("20260101000002_create_books");
const QString year = QStringLiteral("20260101000003_add_book_year");

void write(const QString &dir, const QString &file, const QString &text)
{
    QFile out(QDir(dir).filePath(file));
    QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
    out.write(text.toUtf8());
}

void writeAuthorsAndBooks(const QString &dir)
{
    write(dir, authors + ".up.sql",
          "CREATE TABLE mig_authors (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL);\n"
          "-- a comment; with a semicolon\n"
          "INSERT INTO mig_authors (id, name) VALUES (1, 'semi;colon');\n");
    write(dir, authors + ".down.sql", "DROP TABLE mig_authors;\n");
    write(dir, books + ".up.sql",
          "CREATE TABLE mig_books (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL, "
          "title VARCHAR(100), FOREIGN KEY (author_id) REFERENCES mig_authors (id) "
          "ON DELETE CASCADE);\n"
          "INSERT INTO mig_books (id, author_id, title) VALUES (1, 1, 'One'), (2, 1, 'Two');\n");
    write(dir, books + ".down.sql", "DROP TABLE mig_books;");
}

// Creates a table, then fails before its next statement (a malformed definition).
class CreateThenFail : public Migration
{
public:
    void up(Schema &schema) override
    {
        schema.create("mig_half", [](Blueprint &t) { t.integer("x"); });
        schema.create("mig_never", [](Blueprint &) {}); // no columns: throws before any SQL
    }
    void down(Schema &schema) override { schema.dropIfExists("mig_half"); }
};

class AddBookYear : public Migration
{
public:
    void up(Schema &schema) override
    {
        schema.alter("mig_books", [](Blueprint &t) { t.integer("year"); });
    }
    void down(Schema &schema) override
    {
        schema.alter("mig_books", [](Blueprint &t) { t.dropColumn("year"); });
    }
};

// Rebuilds mig_authors on SQLite while mig_books rows point at it with ON DELETE CASCADE.
class WidenAuthorName : public Migration
{
public:
    void up(Schema &schema) override
    {
        schema.alter("mig_authors", [](Blueprint &t) { t.string("name", 300).notNull().change(); });
    }
    void down(Schema &schema) override
    {
        schema.alter("mig_authors", [](Blueprint &t) { t.string("name", 100).notNull().change(); });
    }
};

QStringList namesWith(const QList<MigrationState> &states, MigrationState::Status status)
{
    QStringList names;
    for (const MigrationState &state : states) {
        if (state.status == status)
            names << state.name;
    }
    return names;
}

const MigrationState &stateOf(const QList<MigrationState> &states, const QString &name)
{
    for (const MigrationState &state : states) {
        if (state.name == name)
            return state;
    }
    qFatal("no state for %s", qPrintable(name));
}

void reset(const Database &db)
{
    db.execute(QStringLiteral("DROP VIEW IF EXISTS mig_view"));
    RexOrmTest::dropTables(db,
                           {"mig_books", "mig_half", "mig_never", "mig_authors", "rex_migrations"});
}

} // namespace

class tst_Migrator : public QObject
{
    Q_OBJECT

private slots:
    void lifecycle_data() { RexOrmTest::addBackendColumns(); }
    void lifecycle();
    void failingMigrationLeavesNoTrace_data() { RexOrmTest::addBackendColumns(); }
    void failingMigrationLeavesNoTrace();
    void changedAndMissingSources_data() { RexOrmTest::addBackendColumns(); }
    void changedAndMissingSources();
    void racingMigrators_data() { RexOrmTest::addBackendColumns(); }
    void racingMigrators();
    void lockTimeout_data()
    {
        RexOrmTest::addBackendColumns({QStringLiteral("postgres"), QStringLiteral("mariadb")});
    }
    void lockTimeout();
    void rebuildInMigrationKeepsChildRows_data() { RexOrmTest::addBackendColumns(); }
    void rebuildInMigrationKeepsChildRows();
    void scriptsSplitWhereTheDatabaseWould_data() { RexOrmTest::addBackendColumns(); }
    void scriptsSplitWhereTheDatabaseWould();
    void progressIsExact_data() { RexOrmTest::addBackendColumns(); }
    void progressIsExact();
    void dialectVariants_data() { RexOrmTest::addBackendColumns(); }
    void dialectVariants();
    void badSources();
};

void tst_Migrator::lifecycle()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    reset(db);
    QTemporaryDir dir;
    writeAuthorsAndBooks(dir.path());
    Migrator migrator(db);
    migrator.addDirectory(dir.path());
    migrator.add(year, std::make_shared<AddBookYear>());
    QStringList progress;
    migrator.setProgress([&](const QString &line) { progress << line; });
    QCOMPARE(migrator.names(), (QStringList{authors, books, year}));
    QCOMPARE(namesWith(migrator.status(), MigrationState::Pending),
             (QStringList{authors, books, year}));

    QCOMPARE(migrator.up(), (QStringList{authors, books, year}));
    QVERIFY(progress.contains(QStringLiteral("Applying %1 ...").arg(books)));
    QList<MigrationState> states = migrator.status();
    QCOMPARE(namesWith(states, MigrationState::Applied), (QStringList{authors, books, year}));
    QCOMPARE(stateOf(states, books).batch, 1);
    QVERIFY(stateOf(states, books).appliedAt.isValid());
    QCOMPARE(stateOf(states, year).source, QStringLiteral("C++"));
    QCOMPARE(Query("mig_authors").select("name").execute(db).value(0, 0).toString(),
             QStringLiteral("semi;colon"));
    QVERIFY(Schema(db).hasColumn("mig_books", "year"));
    QCOMPARE(migrator.up(), QStringList());

    QCOMPARE(migrator.rollback(), (QStringList{year, books, authors}));
    QVERIFY(!Schema(db).hasTable("mig_authors"));
    QCOMPARE(namesWith(migrator.status(), MigrationState::Pending).size(), 3);

    QCOMPARE(migrator.upSteps(1), QStringList{authors});
    QCOMPARE(migrator.upTo(books), QStringList{books});
    QCOMPARE(migrator.up(), QStringList{year});
    QCOMPARE(stateOf(migrator.status(), year).batch, 3);
    QCOMPARE(migrator.downSteps(1), QStringList{year});
    QVERIFY(!Schema(db).hasColumn("mig_books", "year"));
    QCOMPARE(migrator.upOne(year), QStringList{year});
    QVERIFY_THROWS_EXCEPTION(MigrationError, migrator.upOne(year)); // already applied
    QCOMPARE(migrator.redo(1), QStringList{year});
    QVERIFY(Schema(db).hasColumn("mig_books", "year"));
    QCOMPARE(migrator.downTo(authors), (QStringList{year, books}));
    QCOMPARE(namesWith(migrator.status(), MigrationState::Applied), QStringList{authors});
    QCOMPARE(migrator.downOne(authors), QStringList{authors});
    QVERIFY_THROWS_EXCEPTION(MigrationError, migrator.downOne(authors)); // not applied

    // fresh drops everything: refused on a real database unless forced or in development.
    migrator.up();
    db.execute(QStringLiteral("CREATE TABLE mig_half (x INTEGER)"));
    // A view over a table: PostgreSQL's DROP TABLE ... CASCADE takes it along before its turn.
    db.execute(QStringLiteral("CREATE VIEW mig_view AS SELECT id FROM mig_authors"));
    try {
        migrator.fresh();
        QFAIL("fresh ran without force");
    } catch (const MigrationError &error) {
        QVERIFY2(error.message().contains(u"--force"), qPrintable(error.message()));
    }
    QCOMPARE(migrator.fresh(true), (QStringList{authors, books, year}));
    QVERIFY(!Schema(db).hasTable("mig_half"));
    QVERIFY(!Schema(db).hasTable("mig_view"));
    QCOMPARE(stateOf(migrator.status(), authors).batch, 1);
    QCOMPARE(Query("mig_books").count(db), 2);
}

void tst_Migrator::failingMigrationLeavesNoTrace()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    reset(db);
    QTemporaryDir dir;
    writeAuthorsAndBooks(dir.path());
    const QString half = QStringLiteral("20260101000004_half");
    write(dir.path(), half + ".up.sql",
          "CREATE TABLE mig_half (x INTEGER);\nINSERT INTO no_such_table (x) VALUES (1);\n");
    write(dir.path(), half + ".down.sql", "DROP TABLE mig_half;\n");
    Migrator migrator(db);
    migrator.addDirectory(dir.path());
    QVERIFY_THROWS_EXCEPTION(Error, migrator.up());
    const QList<MigrationState> states = migrator.status();
    QCOMPARE(namesWith(states, MigrationState::Applied), (QStringList{authors, books}));

    if (!db.dialect().ddlCommitsTransaction()) {
        // SQLite, PostgreSQL: the failed migration left neither its table nor a tracker row.
        QVERIFY(!Schema(db).hasTable("mig_half"));
        QCOMPARE(namesWith(states, MigrationState::Pending), QStringList{half});
        QCOMPARE(Query("rex_migrations").where("name", half).count(db), 0);
        return;
    }
    // MariaDB committed the CREATE TABLE: status says so, precisely, and up() refuses.
    QVERIFY(Schema(db).hasTable("mig_half"));
    const MigrationState &partial = stateOf(states, half);
    QCOMPARE(partial.status, MigrationState::Partial);
    QCOMPARE(partial.statementsRun, 1);
    QCOMPARE(partial.statementLog.size(), 1);
    QVERIFY(partial.statementLog.first().startsWith(u"CREATE TABLE mig_half"));
    QVERIFY2(partial.error.contains(u"no_such_table"), qPrintable(partial.error));
    try {
        migrator.up();
        QFAIL("up() ran past a half-applied migration");
    } catch (const MigrationError &error) {
        QVERIFY2(error.message().contains(u"migrate resolve"), qPrintable(error.message()));
    }
    db.execute(QStringLiteral("DROP TABLE mig_half"));
    migrator.resolve(half, false);
    QCOMPARE(stateOf(migrator.status(), half).status, MigrationState::Pending);
}

void tst_Migrator::changedAndMissingSources()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    reset(db);
    QTemporaryDir dir;
    writeAuthorsAndBooks(dir.path());
    {
        Migrator migrator(db);
        migrator.addDirectory(dir.path());
        migrator.up();
    }
    write(dir.path(), books + ".up.sql", "CREATE TABLE mig_books (id INTEGER PRIMARY KEY);\n");
    Migrator changed(db);
    changed.addDirectory(dir.path());
    QVERIFY(stateOf(changed.status(), books).changed);
    QVERIFY(!stateOf(changed.status(), authors).changed);
    try {
        changed.up();
        QFAIL("a changed applied migration was accepted");
    } catch (const MigrationError &error) {
        QVERIFY2(error.message().contains(books), qPrintable(error.message()));
        QVERIFY2(error.message().contains(u"--allow-changed"), qPrintable(error.message()));
    }
    Migrator::Options lenient;
    lenient.allowChanged = true;
    Migrator allowed(db, lenient);
    allowed.addDirectory(dir.path());
    QCOMPARE(allowed.up(), QStringList());

    QFile::remove(QDir(dir.path()).filePath(authors + ".up.sql"));
    QFile::remove(QDir(dir.path()).filePath(authors + ".down.sql"));
    Migrator missing(db, lenient);
    missing.addDirectory(dir.path());
    QCOMPARE(stateOf(missing.status(), authors).status, MigrationState::Missing);
    QVERIFY_THROWS_EXCEPTION(MigrationError, missing.downOne(authors));
}

void tst_Migrator::racingMigrators()
{
    REXORM_TEST_CONFIG(config);
    config.options.insert(QStringLiteral("busy_timeout"), QStringLiteral("20000"));
    if (backend != u"sqlite")
        config.options.remove(QStringLiteral("busy_timeout"));
    {
        Database db(config);
        reset(db);
    }
    QTemporaryDir dir;
    writeAuthorsAndBooks(dir.path());
    QStringList done[2];
    QString failures[2];
    std::latch start(2); // both plan their work, then race for it
    std::vector<std::thread> threads;
    for (int i = 0; i < 2; ++i) {
        threads.emplace_back([&, i] {
            try {
                Database db(config);
                Migrator migrator(db);
                migrator.addDirectory(dir.path());
                migrator.add(year, std::make_shared<AddBookYear>());
                migrator.status(); // connected and read
                start.arrive_and_wait();
                done[i] = migrator.up();
            } catch (const Error &error) {
                failures[i] = error.message();
            }
        });
    }
    for (auto &thread : threads)
        thread.join();
    QVERIFY2(failures[0].isEmpty() && failures[1].isEmpty(), qPrintable(failures[0] + failures[1]));
    QStringList all = done[0] + done[1];
    all.sort();
    QCOMPARE(all, (QStringList{authors, books, year})); // each applied exactly once
    Database db(config);
    QCOMPARE(Query("rex_migrations").count(db), 3);
    QCOMPARE(Query("mig_books").count(db), 2);
}

void tst_Migrator::lockTimeout()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    reset(db);
    QTemporaryDir dir;
    writeAuthorsAndBooks(dir.path());
    Database holder(config);
    const bool postgres = backend == u"postgres";
    holder.withConnection([&](QSqlDatabase &) {
        // The lock is this database's: migrators of other databases on the server do not take it.
        const QueryResult held =
            holder.execute(postgres ? QStringLiteral("SELECT pg_try_advisory_lock(?)")
                                    : QStringLiteral("SELECT GET_LOCK(CONCAT('rexorm_migrate_', "
                                                     "MD5(DATABASE())), 10)"),
                           postgres ? QVariantList{qint64(0x7265786f726d)} : QVariantList{});
        QVERIFY(held.value(0, 0).toBool());
        std::thread([&] {
            Migrator::Options options;
            options.lockTimeoutMs = 300;
            Migrator migrator(db, options);
            migrator.addDirectory(dir.path());
            try {
                migrator.up();
                QFAIL("ran while another migrator held the lock");
            } catch (const MigrationError &error) {
                QVERIFY2(error.message().contains(u"Another migrator"),
                         qPrintable(error.message()));
            }
        }).join();
        holder.execute(postgres ? QStringLiteral("SELECT pg_advisory_unlock(?)")
                                : QStringLiteral("SELECT RELEASE_LOCK(CONCAT('rexorm_migrate_', "
                                                 "MD5(DATABASE())))"),
                       postgres ? QVariantList{qint64(0x7265786f726d)} : QVariantList{});
    });
    QVERIFY(!Schema(db).hasTable("mig_authors"));
    Migrator migrator(db);
    migrator.addDirectory(dir.path());
    QCOMPARE(migrator.up().size(), 2);
}

void tst_Migrator::rebuildInMigrationKeepsChildRows()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    reset(db);
    QTemporaryDir dir;
    writeAuthorsAndBooks(dir.path());
    Migrator migrator(db);
    migrator.addDirectory(dir.path());
    const QString widen = QStringLiteral("20260101000005_widen_author_name");
    migrator.add(widen, std::make_shared<WidenAuthorName>());
    migrator.up();
    QCOMPARE(SchemaInspector(db).inspect("mig_authors").column(u"name")->length, 300);
    QCOMPARE(Query("mig_books").count(db), 2);
    QCOMPARE(migrator.rollback().size(), 3);
    if (backend == u"sqlite")
        QCOMPARE(db.execute(QStringLiteral("PRAGMA foreign_keys")).value(0, 0).toInt(), 1);
    migrator.upTo(books);
    QCOMPARE(migrator.upOne(widen), QStringList{widen});
    QCOMPARE(Query("mig_books").count(db), 2);
    Query("mig_authors").remove().where("id", 1).execute(db); // the key still cascades
    QCOMPARE(Query("mig_books").count(db), 0);
}

void tst_Migrator::scriptsSplitWhereTheDatabaseWould()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    db.execute(QStringLiteral("DROP TABLE IF EXISTS mig_log"));
    RexOrmTest::dropTables(db, {"mig_notes", "rex_migrations"});
    if (backend == u"postgres")
        db.execute(QStringLiteral("DROP FUNCTION IF EXISTS mig_log_note() CASCADE"));
    QTemporaryDir dir;
    const QString name = QStringLiteral("20260101000008_tricky_scripts");
    write(dir.path(), name + ".sqlite.up.sql",
          "CREATE TABLE mig_notes (id INTEGER PRIMARY KEY, body TEXT, size TEXT);\n"
          "CREATE TABLE mig_log (note_id INTEGER, kind TEXT);\n"
          "CREATE TRIGGER mig_notes_log AFTER INSERT ON mig_notes BEGIN\n"
          "  INSERT INTO mig_log VALUES (NEW.id, CASE WHEN length(NEW.body) > 3 THEN 'long' ELSE "
          "'short' END);\n"
          "  UPDATE mig_notes SET size = 'seen;' WHERE id = NEW.id;\n"
          "END;\n"
          "INSERT INTO mig_notes (id, body) VALUES (1, 'semi;colon'), (2, 'a');\n"
          "/* a closing comment; with a semicolon */\n");
    write(dir.path(), name + ".postgres.up.sql",
          "CREATE TABLE mig_notes (id INTEGER PRIMARY KEY, body TEXT, size TEXT);\n"
          "CREATE TABLE mig_log (note_id INTEGER, kind TEXT);\n"
          "/* nested /* comment; */ still a comment; */\n"
          "CREATE FUNCTION mig_log_note() RETURNS trigger AS $body$\n"
          "BEGIN\n"
          "  INSERT INTO mig_log VALUES (NEW.id, CASE WHEN length(NEW.body) > 3 THEN 'long' ELSE "
          "'short' END);\n"
          "  UPDATE mig_notes SET size = 'seen;' WHERE id = NEW.id;\n"
          "  RETURN NEW;\n"
          "END $body$ LANGUAGE plpgsql;\n"
          "CREATE TRIGGER mig_notes_log AFTER INSERT ON mig_notes FOR EACH ROW EXECUTE FUNCTION "
          "mig_log_note();\n"
          "INSERT INTO mig_notes (id, body) VALUES (1, E'semi;colon'), (2, 'a');\n"
          "UPDATE mig_notes SET body = E'it\\'s; here' WHERE id = 2;\n"
          "-- the end; really\n");
    write(dir.path(), name + ".mysql.up.sql",
          "CREATE TABLE mig_notes (id INTEGER PRIMARY KEY, body TEXT, size TEXT);\n"
          "CREATE TABLE mig_log (note_id INTEGER, kind TEXT);\n"
          "CREATE TRIGGER mig_notes_log BEFORE INSERT ON mig_notes FOR EACH ROW BEGIN\n"
          "  IF length(NEW.body) > 3 THEN\n"
          "    INSERT INTO mig_log VALUES (NEW.id, 'long');\n"
          "  ELSE\n"
          "    INSERT INTO mig_log VALUES (NEW.id, 'short');\n"
          "  END IF;\n"
          "  SET NEW.size = 'seen;';\n"
          "END;\n"
          "INSERT INTO mig_notes (id, body) VALUES (1, 'semi;colon'), (2, 'a');\n"
          "UPDATE mig_notes SET body = 'it\\'s; here' WHERE id = 2;\n"
          "# the end; really\n");
    write(dir.path(), name + ".down.sql", "DROP TABLE mig_notes;\nDROP TABLE mig_log;\n");
    Migrator migrator(db);
    migrator.addDirectory(dir.path());
    QCOMPARE(migrator.up(), QStringList{name});
    QCOMPARE(Query("mig_log").where("kind", "long").count(db), 1);
    QCOMPARE(Query("mig_log").where("kind", "short").count(db), 1);
    QCOMPARE(Query("mig_notes").where("size", "seen;").count(db), 2);
    QCOMPARE(Query("mig_notes").select("body").where("id", 1).execute(db).value(0, 0).toString(),
             QStringLiteral("semi;colon"));
    if (backend != u"sqlite")
        QCOMPARE(
            Query("mig_notes").select("body").where("id", 2).execute(db).value(0, 0).toString(),
            QStringLiteral("it's; here"));
    migrator.rollback();
    if (backend == u"postgres")
        db.execute(QStringLiteral("DROP FUNCTION mig_log_note()"));
}

void tst_Migrator::progressIsExact()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    reset(db);
    QTemporaryDir dir;
    writeAuthorsAndBooks(dir.path());
    QFile::remove(QDir(dir.path()).filePath(books + ".down.sql"));
    Migrator migrator(db);
    migrator.addDirectory(dir.path());
    migrator.up();

    // A migration that cannot be rolled back (no down file) is left exactly as it was.
    QVERIFY_THROWS_EXCEPTION(MigrationError, migrator.downOne(books));
    MigrationState state = stateOf(migrator.status(), books);
    QCOMPARE(state.status, MigrationState::Applied);
    QCOMPARE(state.batch, 1);

    // Redo refuses before rolling anything back when the second half could not run.
    write(dir.path(), authors + ".up.sql", "CREATE TABLE changed (x INTEGER);");
    Migrator changed(db);
    changed.addDirectory(dir.path());
    QVERIFY_THROWS_EXCEPTION(MigrationError, changed.redo(1));
    QCOMPARE(stateOf(changed.status(), books).status, MigrationState::Applied);

    // A statement that succeeded before a failure counts as run.
    const QString half = QStringLiteral("20260101000007_create_then_fail");
    Migrator failing(db);
    failing.add(half, std::make_shared<CreateThenFail>());
    QVERIFY_THROWS_EXCEPTION(Error, failing.up());
    state = stateOf(failing.status(), half);
    if (db.dialect().ddlCommitsTransaction()) {
        QCOMPARE(state.status, MigrationState::Partial);
        QCOMPARE(state.statementsRun, 1);
        QVERIFY(Schema(db).hasTable("mig_half"));
        db.execute(QStringLiteral("DROP TABLE mig_half"));
        failing.resolve(half, false);
    } else {
        QCOMPARE(state.status, MigrationState::Pending);
        QVERIFY(!Schema(db).hasTable("mig_half"));
    }
}

void tst_Migrator::dialectVariants()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    RexOrmTest::dropTables(db, {"mig_variant", "rex_migrations"});
    QTemporaryDir dir;
    const QString variant = QStringLiteral("20260101000009_variant");
    write(dir.path(), variant + ".up.sql",
          "CREATE TABLE mig_variant (x INTEGER, anywhere INTEGER);");
    write(dir.path(), variant + ".postgres.up.sql",
          "CREATE TABLE mig_variant (x INTEGER, pg_only JSONB);");
    write(dir.path(), variant + ".mysql.up.sql",
          "CREATE TABLE mig_variant (x INTEGER, my_only INTEGER) ENGINE=InnoDB;");
    write(dir.path(), variant + ".down.sql", "DROP TABLE mig_variant;");
    Migrator migrator(db);
    migrator.addDirectory(dir.path());
    const QString expected = backend == u"sqlite"     ? QStringLiteral(".up.sql")
                             : backend == u"postgres" ? QStringLiteral(".postgres.up.sql")
                                                      : QStringLiteral(".mysql.up.sql");
    QVERIFY(stateOf(migrator.status(), variant).source.endsWith(variant + expected));
    migrator.up();
    Schema schema(db);
    QCOMPARE(schema.hasColumn("mig_variant", "anywhere"), backend == u"sqlite");
    QCOMPARE(schema.hasColumn("mig_variant", "pg_only"), backend == u"postgres");
    QCOMPARE(schema.hasColumn("mig_variant", "my_only"), backend == u"mariadb");
    migrator.rollback();
    QVERIFY(!schema.hasTable("mig_variant"));

    QFile::remove(QDir(dir.path()).filePath(variant + ".up.sql"));
    if (backend == u"sqlite") {
        try {
            Migrator(db).addDirectory(dir.path());
            QFAIL("a migration without a file for SQLite was accepted");
        } catch (const MigrationError &error) {
            QVERIFY2(error.message().contains(u"no .up.sql for SQLite"),
                     qPrintable(error.message()));
        }
    }
}

void tst_Migrator::badSources()
{
    QTemporaryDir dir;
    const auto fails = [&](const std::function<void()> &work, const char *expected) {
        try {
            work();
        } catch (const MigrationError &error) {
            return error.message().contains(QLatin1String(expected));
        }
        return false;
    };
    Database db(DatabaseConfig::fromUrl(QStringLiteral("sqlite::memory:")));
    QVERIFY(fails([&] { Migrator(db).addDirectory(dir.filePath("absent")); }, "does not exist"));
    write(dir.path(), "create_users.up.sql", "SELECT 1;");
    QVERIFY(fails([&] { Migrator(db).addDirectory(dir.path()); }, "<timestamp>_<name>"));
    QFile::remove(dir.filePath("create_users.up.sql"));
    write(dir.path(), "20260101000001_only_down.down.sql", "SELECT 1;");
    QVERIFY(fails([&] { Migrator(db).addDirectory(dir.path()); }, "no matching"));
    QVERIFY(fails([&] { Migrator(db).add("bad name", std::make_shared<AddBookYear>()); },
                  "<timestamp>_<name>"));
    QVERIFY(fails(
        [&] {
            Migrator m(db);
            m.add(year, std::make_shared<AddBookYear>());
            m.add(year, std::make_shared<AddBookYear>());
        },
        "defined twice"));
    QVERIFY(fails([&] { Migrator(db).upOne("20990101000000_unknown"); }, "Unknown migration"));

    // An in-memory SQLite database may be wiped without --force.
    Migrator memory(db);
    QCOMPARE(memory.fresh(), QStringList());
}

REXORM_TEST_MAIN(tst_Migrator)
#include "tst_migrator.moc"
