#include "testdatabases.h"

#include <rexorm/error.h>
#include <rexorm/meta/schemainspector.h>
#include <rexorm/migrations/schema.h>
#include <rexorm/query/query.h>

using namespace RexOrm;

namespace {

void createUsersAndPosts(Schema &schema)
{
    schema.create("sch_users", [](Blueprint &t) {
        t.id();
        t.string("name", 100).notNull();
        t.string("email", 200).unique();
        t.boolean("active").notNull().defaultValue(true);
        t.decimal("score", 10, 2).defaultValue(QStringLiteral("0.50"));
        t.string("motto", 50).defaultValue(QStringLiteral("it's 'quoted' \\ here"));
    });
    schema.create("sch_posts", [](Blueprint &t) {
        t.id();
        t.bigInteger("user_id").notNull();
        t.string("title", 200);
        t.foreign({"user_id"}).references("sch_users").onDelete(ReferentialAction::Cascade);
        t.index({"title"});
    });
}

void seed(const Database &db)
{
    Query("sch_users")
        .insert(QList<Fields>{{{"id", 1}, {"name", "Ann"}, {"email", "ann@example.org"}},
                              {{"id", 2}, {"name", "Bob"}, {"email", "bob@example.org"}}})
        .execute(db);
    Query("sch_posts")
        .insert(QList<Fields>{{{"user_id", 1}, {"title", "A1"}},
                              {{"user_id", 1}, {"title", "A2"}},
                              {{"user_id", 2}, {"title", "B1"}}})
        .execute(db);
}

} // namespace

class tst_Schema : public QObject
{
    Q_OBJECT

private slots:
    void createInspectDrop_data() { RexOrmTest::addBackendColumns(); }
    void createInspectDrop();
    void alterKeepsData_data() { RexOrmTest::addBackendColumns(); }
    void alterKeepsData();
    void rebuildKeepsChildRows_data() { RexOrmTest::addBackendColumns(); }
    void rebuildKeepsChildRows();
    void sqliteRebuildRules();
    void sqliteRebuildKeepsIndexesViewsAndRefusesLosses();
    void toSqlRunsNothing_data() { RexOrmTest::addBackendColumns(); }
    void toSqlRunsNothing();
    void badDefinitions();

private:
    void reset(const Database &db)
    {
        RexOrmTest::dropTables(db, {"sch_articles", "sch_posts", "sch_users"});
    }
};

void tst_Schema::createInspectDrop()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    reset(db);
    Schema schema(db);
    createUsersAndPosts(schema);
    seed(db);
    QVERIFY(schema.hasTable("sch_users"));
    QVERIFY(schema.hasColumn("sch_users", "email"));
    QVERIFY(!schema.hasColumn("sch_users", "nope"));

    const EntityInfo users = SchemaInspector(db).inspect("sch_users");
    QCOMPARE(users.primaryKey, QStringList{"id"});
    QVERIFY(users.column(u"id")->autoIncrement);
    QVERIFY(!users.column(u"name")->nullable);
    QCOMPARE(users.column(u"name")->length, 100);
    QVERIFY(users.column(u"email")->unique);
    QCOMPARE(users.column(u"score")->type, ColumnType::Decimal);
    // Defaults are filled by the database, quotes and backslashes intact.
    const QueryResult ann = Query("sch_users").where("id", 1).execute(db);
    QCOMPARE(ann.value(0, u"motto").toString(), QStringLiteral("it's 'quoted' \\ here"));
    QCOMPARE(ann.value(0, u"active").toBool(), true);
    QCOMPARE(ann.value(0, u"score").toDouble(), 0.5);

    const EntityInfo posts = SchemaInspector(db).inspect("sch_posts");
    QCOMPARE(posts.foreignKeys.size(), 1);
    QCOMPARE(posts.foreignKeys.first().columns, QStringList{"user_id"});
    QCOMPARE(posts.foreignKeys.first().referencedTable, QStringLiteral("sch_users"));
    QCOMPARE(posts.foreignKeys.first().onDelete, QStringLiteral("CASCADE"));
    bool titleIndex = false;
    for (const IndexInfo &index : posts.indexes)
        titleIndex |= index.columns == QStringList{"title"} && !index.unique;
    QVERIFY(titleIndex);

    // The foreign key works: deleting a user deletes its posts.
    Query("sch_users").remove().where("id", 2).execute(db);
    QCOMPARE(Query("sch_posts").count(db), 2);

    schema.rename("sch_posts", "sch_articles");
    QVERIFY(schema.hasTable("sch_articles"));
    QVERIFY(!schema.hasTable("sch_posts"));
    schema.drop("sch_articles");
    schema.dropIfExists("sch_articles");
    QVERIFY_THROWS_EXCEPTION(DatabaseError, schema.drop("sch_articles"));
    schema.drop("sch_users");
    QVERIFY(!schema.hasTable("sch_users"));
}

void tst_Schema::alterKeepsData()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    reset(db);
    Schema schema(db);
    createUsersAndPosts(schema);
    seed(db);

    schema.alter("sch_users", [](Blueprint &t) {
        t.string("nickname", 30);                     // nullable: a plain ADD COLUMN
        t.integer("level").notNull().defaultValue(1); // existing rows get the default
        t.string("name", 300).notNull().change();     // longer
        t.renameColumn("nickname", "alias");
        t.dropColumn("active");
        t.index({"level"}, "sch_users_level_index");
    });
    EntityInfo users = SchemaInspector(db).inspect("sch_users");
    QCOMPARE(users.column(u"name")->length, 300);
    QVERIFY(users.column(u"alias"));
    QVERIFY(!users.column(u"nickname"));
    QVERIFY(!users.column(u"active"));
    QVERIFY(users.column(u"email")->unique); // kept through SQLite's rebuild
    QCOMPARE(Query("sch_users").count(db), 2);
    QCOMPARE(Query("sch_users").where("level", 1).count(db), 2);
    QCOMPARE(Query("sch_posts").count(db), 3);
    QVERIFY_THROWS_EXCEPTION(DatabaseError,
                             Query("sch_users")
                                 .insert(Fields{{"name", "Dup"}, {"email", "ann@example.org"}})
                                 .execute(db));

    schema.alter("sch_users", [](Blueprint &t) { t.dropIndex("sch_users_level_index"); });
    schema.alter("sch_posts", [](Blueprint &t) { t.dropForeign("sch_posts_user_id_foreign"); });
    QCOMPARE(SchemaInspector(db).inspect("sch_posts").foreignKeys.size(), 0);
    // Without the key a post may point anywhere.
    Query("sch_posts").insert(Fields{{"user_id", 99}, {"title", "orphan"}}).execute(db);
    QCOMPARE(Query("sch_posts").count(db), 4);
}

void tst_Schema::rebuildKeepsChildRows()
{
    // SQLite rebuilds sch_users to drop a column. Done naively, with foreign keys on, dropping
    // the old table would cascade to every post.
    REXORM_TEST_CONFIG(config);
    Database db(config);
    reset(db);
    Schema schema(db);
    createUsersAndPosts(schema);
    seed(db);
    schema.alter("sch_users", [](Blueprint &t) { t.dropColumn("motto"); });
    QCOMPARE(Query("sch_posts").count(db), 3);
    QCOMPARE(Query("sch_users").count(db), 2);
    // Foreign keys are enforced again afterwards, and still cascade.
    QVERIFY_THROWS_EXCEPTION(
        DatabaseError,
        Query("sch_posts").insert(Fields{{"user_id", 42}, {"title", "x"}}).execute(db));
    Query("sch_users").remove().where("id", 1).execute(db);
    QCOMPARE(Query("sch_posts").count(db), 1);
}

void tst_Schema::sqliteRebuildRules()
{
    QString why;
    const auto config = RexOrmTest::configFor(QStringLiteral("sqlite"), &why);
    Database db(*config);
    Schema schema(db);
    createUsersAndPosts(schema);
    seed(db);

    // Inside a transaction with foreign keys on, a rebuild would lose rows: refused, clearly.
    try {
        db.transaction(
            [&] { schema.alter("sch_users", [](Blueprint &t) { t.dropColumn("motto"); }); });
        QFAIL("a rebuild ran inside a transaction with foreign keys on");
    } catch (const Error &error) {
        QVERIFY2(error.message().contains(u"foreign keys"), qPrintable(error.message()));
    }
    QVERIFY(schema.hasColumn("sch_users", "motto"));

    // A new foreign key that existing rows violate: foreign_key_check stops it, nothing changes.
    db.execute(QStringLiteral("PRAGMA foreign_keys = OFF"));
    Query("sch_posts").insert(Fields{{"user_id", 77}, {"title", "orphan"}}).execute(db);
    db.execute(QStringLiteral("PRAGMA foreign_keys = ON"));
    schema.alter("sch_posts", [](Blueprint &t) { t.dropForeign("sch_posts_user_id_foreign"); });
    try {
        schema.alter("sch_posts", [](Blueprint &t) {
            t.foreign({"user_id"}, "posts_user").references("sch_users");
        });
        QFAIL("a foreign key violated by existing rows was added");
    } catch (const Error &error) {
        QVERIFY2(error.message().contains(u"missing parent"), qPrintable(error.message()));
    }
    QCOMPARE(SchemaInspector(db).inspect("sch_posts").foreignKeys.size(), 0);
    QCOMPARE(Query("sch_posts").count(db), 4);
    QCOMPARE(db.execute(QStringLiteral("PRAGMA foreign_keys")).value(0, 0).toInt(), 1);
}

void tst_Schema::sqliteRebuildKeepsIndexesViewsAndRefusesLosses()
{
    QString why;
    const auto config = RexOrmTest::configFor(QStringLiteral("sqlite"), &why);
    Database db(*config);
    Schema schema(db);
    createUsersAndPosts(schema);
    seed(db);
    db.execute(
        QStringLiteral("CREATE UNIQUE INDEX sch_users_lower_name ON sch_users (lower(name))"));
    db.execute(
        QStringLiteral("CREATE INDEX sch_users_active_email ON sch_users (email) WHERE active"));
    db.execute(QStringLiteral("CREATE VIEW sch_user_names AS SELECT name FROM sch_users"));
    // An old orphan elsewhere is not this change's business.
    db.execute(QStringLiteral("CREATE TABLE sch_orphans (id INTEGER PRIMARY KEY, user_id INTEGER "
                              "REFERENCES sch_users (id))"));
    db.execute(QStringLiteral("PRAGMA foreign_keys = OFF"));
    db.execute(QStringLiteral("INSERT INTO sch_orphans (user_id) VALUES (999)"));
    db.execute(QStringLiteral("PRAGMA foreign_keys = ON"));

    schema.alter("sch_users", [](Blueprint &t) { t.dropColumn("motto"); }); // a rebuild
    QStringList indexes;
    const QueryResult stored = db.execute(QStringLiteral(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sch_users' AND sql IS "
        "NOT NULL ORDER BY name"));
    for (qsizetype i = 0; i < stored.size(); ++i)
        indexes << stored.value(i, 0).toString();
    QVERIFY2(indexes.join(u'\n').contains(u"WHERE active"), qPrintable(indexes.join(u'\n')));
    QVERIFY2(indexes.join(u'\n').contains(u"lower(name)"), qPrintable(indexes.join(u'\n')));
    QVERIFY_THROWS_EXCEPTION(DatabaseError, Query("sch_users")
                                                .insert(Fields{{"name", "ANN"}, {"email", "x@y"}})
                                                .execute(db)); // lower(name) stays unique
    QCOMPARE(db.execute(QStringLiteral("SELECT COUNT(*) FROM sch_user_names")).value(0, 0).toInt(),
             2);
    QCOMPARE(Query("sch_posts").count(db), 3);

    // A CHECK constraint would not survive a rebuild: refused, and nothing changes.
    db.execute(QStringLiteral("CREATE TABLE sch_accounts (id INTEGER PRIMARY KEY, balance INTEGER "
                              "CHECK (balance >= 0), note TEXT)"));
    try {
        schema.alter("sch_accounts", [](Blueprint &t) { t.dropColumn("note"); });
        QFAIL("a rebuild that loses a CHECK constraint ran");
    } catch (const Error &error) {
        QVERIFY2(error.message().contains(u"CHECK"), qPrintable(error.message()));
    }
    QVERIFY(schema.hasColumn("sch_accounts", "note"));
}

void tst_Schema::toSqlRunsNothing()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    reset(db);
    Schema schema(db);
    Blueprint users("sch_users", true);
    users.id();
    users.string("name").notNull();
    users.unique({"name"});
    const QStringList sql = schema.toSql(users.changes());
    QCOMPARE(sql.size(), 2);
    QVERIFY2(sql[0].startsWith(u"CREATE TABLE "), qPrintable(sql[0]));
    QVERIFY2(sql[1].startsWith(u"CREATE UNIQUE INDEX "), qPrintable(sql[1]));
    QVERIFY(!schema.hasTable("sch_users"));
}

void tst_Schema::badDefinitions()
{
    const auto fails = [](const std::function<void(Blueprint &)> &define, bool creating,
                          const char *expected) {
        try {
            Blueprint blueprint("t", creating);
            define(blueprint);
            blueprint.changes();
        } catch (const Error &error) {
            return error.message().contains(QLatin1String(expected));
        }
        return false;
    };
    QVERIFY(fails([](Blueprint &) {}, true, "at least one column"));
    QVERIFY(fails(
        [](Blueprint &t) {
            t.id();
            t.index({"nope"});
        },
        true, "column nope"));
    QVERIFY(fails(
        [](Blueprint &t) {
            t.id();
            t.dropColumn("x");
        },
        true, "Schema::alter()"));
    QVERIFY(fails(
        [](Blueprint &t) {
            t.id();
            t.foreign({"id"});
        },
        true, "references(table)"));
    QVERIFY(fails(
        [](Blueprint &t) {
            t.id();
            t.id();
        },
        true, "twice"));
    QVERIFY(fails(
        [](Blueprint &t) {
            t.id();
            t.primary({"id", "x"});
        },
        true, "two primary keys"));
}

REXORM_TEST_MAIN(tst_Schema)
#include "tst_schema.moc"
