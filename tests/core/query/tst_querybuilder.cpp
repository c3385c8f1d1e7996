#include "testdatabases.h"

#include <rexorm/changes/changehub.h>
#include <rexorm/database/database.h>
#include <rexorm/error.h>
#include <rexorm/query/query.h>

#include <QtTest/QSignalSpy>

using namespace RexOrm;

namespace {

std::shared_ptr<const Dialect> dialect(const QString &name)
{
    return DialectRegistry::dialect(name);
}

// Expected SQL is written once in PostgreSQL's form ("ident", $n) and translated for the others.
QString expectedFor(const QString &dialectName, QString postgresSql)
{
    if (dialectName == u"postgres")
        return postgresSql;
    static const QRegularExpression numbered(QStringLiteral("\\$\\d+"));
    postgresSql.replace(numbered, QStringLiteral("?"));
    if (dialectName == u"mysql" || dialectName == u"mariadb")
        postgresSql.replace(u'"', u'`');
    return postgresSql;
}

#define CHECK_SQL(query, dialectName, postgresSql, expectedParams)                                 \
    do {                                                                                           \
        const BuiltQuery built = (query).build(*dialect(dialectName));                             \
        QCOMPARE(built.sql, expectedFor(dialectName, QStringLiteral(postgresSql)));                \
        QCOMPARE(built.params, QVariantList(expectedParams));                                      \
    } while (false)

QStringList names(const QueryResult &result, const QString &column)
{
    QStringList out;
    for (qsizetype i = 0; i < result.size(); ++i)
        out << result.value(i, column).toString();
    return out;
}

} // namespace

class tst_QueryBuilder : public QObject
{
    Q_OBJECT

private slots:
    // The query-builder examples of the original specification, on every dialect.
    void specExamples_data();
    void specExamples();
    void conditions_data() { specExamples_data(); }
    void conditions();
    void clauses_data() { specExamples_data(); }
    void clauses();
    void writes_data() { specExamples_data(); }
    void writes();
    void dialectDifferences();
    void badInput();
    void allowColumns();
    void queriesAreValues();
    void writesRefuseSelectClauses();

    void executeSpecExamples_data() { RexOrmTest::addBackendColumns(); }
    void executeSpecExamples();
    void executeConditions_data() { RexOrmTest::addBackendColumns(); }
    void executeConditions();
    void executeWrites_data() { RexOrmTest::addBackendColumns(); }
    void executeWrites();
    void aggregatesAndChunks_data() { RexOrmTest::addBackendColumns(); }
    void aggregatesAndChunks();
    void bulkInsertSplitsStatements_data() { RexOrmTest::addBackendColumns(); }
    void bulkInsertSplitsStatements();
    void asyncWritePublishesEvent_data() { RexOrmTest::addBackendColumns(); }
    void asyncWritePublishesEvent();

private:
    void createSchema(const Database &db);
};

void tst_QueryBuilder::specExamples_data()
{
    QTest::addColumn<QString>("dialectName");
    for (const char *name : {"postgres", "sqlite", "mysql"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void tst_QueryBuilder::specExamples()
{
    QFETCH(QString, dialectName);
    CHECK_SQL(
        Query("users").select({"id", "name"}).where("age", ">", 18).orderBy("name").limit(10),
        dialectName,
        "SELECT \"id\", \"name\" FROM \"users\" WHERE \"age\" > $1 ORDER BY \"name\" LIMIT 10",
        {18});
    CHECK_SQL(Query("users").insert(Fields{{"name", "John Doe"}, {"email", "john@example.com"}}),
              dialectName, "INSERT INTO \"users\" (\"name\", \"email\") VALUES ($1, $2)",
              (QVariantList{"John Doe", "john@example.com"}));
    CHECK_SQL(Query("users").update(Fields{{"name", "Jane Doe"}}).where("id", "=", 1), dialectName,
              "UPDATE \"users\" SET \"name\" = $1 WHERE \"id\" = $2",
              (QVariantList{"Jane Doe", 1}));
    CHECK_SQL(Query("users").remove().where("id", "=", 1), dialectName,
              "DELETE FROM \"users\" WHERE \"id\" = $1", {1});

    const Query adults = Query("users").select("id").where("age", ">", 18);
    CHECK_SQL(Query("posts").select("*").whereSubquery("user_id", "IN", adults), dialectName,
              "SELECT * FROM \"posts\" WHERE \"user_id\" IN (SELECT \"id\" FROM \"users\" WHERE "
              "\"age\" > $1)",
              {18});
    CHECK_SQL(Query("posts").select("COUNT(id) AS total_posts").where("user_id", "=", 1),
              dialectName,
              "SELECT COUNT(\"id\") AS \"total_posts\" FROM \"posts\" WHERE \"user_id\" = $1", {1});
    CHECK_SQL(Query("users u")
                  .select({"u.name AS userName", "p.title AS postTitle"})
                  .join("posts p", "u.id = p.user_id", JoinType::Left),
              dialectName,
              "SELECT \"u\".\"name\" AS \"userName\", \"p\".\"title\" AS \"postTitle\" FROM "
              "\"users\" AS \"u\" "
              "LEFT JOIN \"posts\" AS \"p\" ON \"u\".\"id\" = \"p\".\"user_id\"",
              {});
}

void tst_QueryBuilder::conditions()
{
    QFETCH(QString, dialectName);
    CHECK_SQL(Query("t").where("a", 1).orWhere("b", "!=", 2).andWhere("c", "<=", 3), dialectName,
              "SELECT * FROM \"t\" WHERE \"a\" = $1 OR \"b\" <> $2 AND \"c\" <= $3",
              (QVariantList{1, 2, 3}));
    CHECK_SQL(Query("t").where("a", 1).where([](Query &q) { q.where("b", 2).orWhere("c", 3); }),
              dialectName, "SELECT * FROM \"t\" WHERE \"a\" = $1 AND (\"b\" = $2 OR \"c\" = $3)",
              (QVariantList{1, 2, 3}));
    CHECK_SQL(
        Query("t").where("a", 1).orWhere([](Query &q) {
            q.where("b", 2).where([](Query &r) { r.whereNull("c").orWhereNull("d"); });
        }),
        dialectName,
        "SELECT * FROM \"t\" WHERE \"a\" = $1 OR (\"b\" = $2 AND (\"c\" IS NULL OR \"d\" IS NULL))",
        (QVariantList{1, 2}));
    CHECK_SQL(Query("t").where("a", 1).whereNot([](Query &q) { q.where("b", 2).orWhere("c", 3); }),
              dialectName,
              "SELECT * FROM \"t\" WHERE \"a\" = $1 AND NOT (\"b\" = $2 OR \"c\" = $3)",
              (QVariantList{1, 2, 3}));
    CHECK_SQL(Query("t")
                  .select("a")
                  .selectSubquery(Query("u").select("COUNT(*)").where("k", 1), "n")
                  .where("b", 2),
              dialectName,
              "SELECT \"a\", (SELECT COUNT(*) FROM \"u\" WHERE \"k\" = $1) AS \"n\" FROM \"t\" "
              "WHERE \"b\" = $2",
              (QVariantList{1, 2}));
    QVERIFY_THROWS_EXCEPTION(Error, Query("t").selectSubquery(Query("u"), "n; DROP"));
    CHECK_SQL(Query()
                  .fromRows({"k", "a"}, {{0, 5}, {1, 7}}, "r", {QString(), "integer"})
                  .select("k")
                  .selectCondition([](Query &q) { q.where("r.a", ">", 6); }, "f"),
              dialectName,
              "SELECT \"k\", CASE WHEN \"r\".\"a\" > $1 THEN 1 ELSE 0 END AS \"f\" FROM "
              "(SELECT $2 AS \"k\", CAST($3 AS integer) AS \"a\" UNION ALL SELECT $4, CAST($5 AS "
              "integer)) AS \"r\"",
              (QVariantList{6, 0, 5, 1, 7}));
    QVERIFY_THROWS_EXCEPTION(Error, Query().fromRows({"a"}, {{1}}, "r", {"int); DROP"}));
    QVERIFY_THROWS_EXCEPTION(Error, Query().fromRows({"a"}, {{1, 2}}, "r"));
    QVERIFY_THROWS_EXCEPTION(Error, Query().fromRows({"a"}, {}, "r"));
    QVERIFY_THROWS_EXCEPTION(Error, Query().fromRows({"a b"}, {{1}}, "r"));
    QVERIFY_THROWS_EXCEPTION(Error, Query("t").selectCondition([](Query &) {}, "x y"));
    CHECK_SQL(Query("t").whereNot([](Query &) {}), dialectName,
              "SELECT * FROM \"t\" WHERE NOT (1 = 1)", {});
    CHECK_SQL(Query("t").whereIn("id", {1, 2, 3}).whereNotIn("k", QVariantList{"x"}), dialectName,
              "SELECT * FROM \"t\" WHERE \"id\" IN ($1, $2, $3) AND \"k\" NOT IN ($4)",
              (QVariantList{1, 2, 3, "x"}));
    CHECK_SQL(Query("t").whereIn("id", QVariantList{}), dialectName,
              "SELECT * FROM \"t\" WHERE 1 = 0", {});
    CHECK_SQL(Query("t").whereNotIn("id", QVariantList{}), dialectName,
              "SELECT * FROM \"t\" WHERE 1 = 1", {});
    CHECK_SQL(Query("t").whereNotNull("a").whereBetween("b", 1, 5).whereNotBetween("c", 0, 9),
              dialectName,
              "SELECT * FROM \"t\" WHERE \"a\" IS NOT NULL AND \"b\" BETWEEN $1 AND $2 AND \"c\" "
              "NOT BETWEEN $3 AND $4",
              (QVariantList{1, 5, 0, 9}));
    CHECK_SQL(Query("t").whereLike("name", "A%").where("x", "not like", "%z"), dialectName,
              "SELECT * FROM \"t\" WHERE \"name\" LIKE $1 AND \"x\" NOT LIKE $2",
              (QVariantList{"A%", "%z"}));
    CHECK_SQL(
        Query("posts p")
            .whereExists(Query("comments c").select("c.id").whereColumn("c.post_id", "=", "p.id"))
            .where("p.id", ">", 3),
        dialectName,
        "SELECT * FROM \"posts\" AS \"p\" WHERE EXISTS (SELECT \"c\".\"id\" FROM \"comments\" AS "
        "\"c\" WHERE "
        "\"c\".\"post_id\" = \"p\".\"id\") AND \"p\".\"id\" > $1",
        {3});
    CHECK_SQL(Query("t")
                  .where("a", 1)
                  .whereRaw("lower(name) = ? OR code IN (?, ?)", {"x", 7, 8})
                  .where("b", 2),
              dialectName,
              "SELECT * FROM \"t\" WHERE \"a\" = $1 AND (lower(name) = $2 OR code IN ($3, $4)) AND "
              "\"b\" = $5",
              (QVariantList{1, "x", 7, 8, 2}));
    CHECK_SQL(Query("t")
                  .whereNotExists(Query("u").where("u.k", 1))
                  .whereNotIn("id", Query("v").select("id")),
              dialectName,
              "SELECT * FROM \"t\" WHERE NOT EXISTS (SELECT * FROM \"u\" WHERE \"u\".\"k\" = $1) "
              "AND \"id\" NOT IN "
              "(SELECT \"id\" FROM \"v\")",
              {1});
    CHECK_SQL(Query("t").whereSubquery("price", ">", Query("t").select("AVG(price)")), dialectName,
              "SELECT * FROM \"t\" WHERE \"price\" > (SELECT AVG(\"price\") FROM \"t\")", {});
}

void tst_QueryBuilder::clauses()
{
    QFETCH(QString, dialectName);
    CHECK_SQL(
        Query("orders o")
            .select({"o.customer_id", "SUM(o.total) AS spent", "COUNT(DISTINCT o.day) AS days"})
            .join("customers c", "c.id", "=", "o.customer_id")
            .where("o.status", "paid")
            .groupBy({"o.customer_id"})
            .having("SUM(o.total)", ">", 100)
            .orderBy("spent", Order::Desc)
            .orderBy("o.customer_id")
            .limit(5)
            .offset(10),
        dialectName,
        "SELECT \"o\".\"customer_id\", SUM(\"o\".\"total\") AS \"spent\", COUNT(DISTINCT "
        "\"o\".\"day\") AS \"days\" "
        "FROM \"orders\" AS \"o\" INNER JOIN \"customers\" AS \"c\" ON \"c\".\"id\" = "
        "\"o\".\"customer_id\" "
        "WHERE \"o\".\"status\" = $1 GROUP BY \"o\".\"customer_id\" HAVING SUM(\"o\".\"total\") > "
        "$2 "
        "ORDER BY \"spent\" DESC, \"o\".\"customer_id\" LIMIT 5 OFFSET 10",
        (QVariantList{"paid", 100}));
    CHECK_SQL(
        Query("a").distinct().select("x").crossJoin("b").rightJoin("c", "c.k = a.k AND c.j <> a.j"),
        dialectName,
        "SELECT DISTINCT \"x\" FROM \"a\" CROSS JOIN \"b\" RIGHT JOIN \"c\" ON \"c\".\"k\" = "
        "\"a\".\"k\" AND "
        "\"c\".\"j\" <> \"a\".\"j\"",
        {});
    CHECK_SQL(
        Query("music.tracks").select("music.tracks.name").orderByRaw("length(name) DESC, ?", {1}),
        dialectName,
        "SELECT \"music\".\"tracks\".\"name\" FROM \"music\".\"tracks\" ORDER BY length(name) "
        "DESC, $1",
        {1});
    CHECK_SQL(Query("t").selectRaw("COALESCE(a, ?) AS a", {0}).where("b", 1), dialectName,
              "SELECT COALESCE(a, $1) AS a FROM \"t\" WHERE \"b\" = $2", (QVariantList{0, 1}));
}

void tst_QueryBuilder::writes()
{
    QFETCH(QString, dialectName);
    CHECK_SQL(Query("t").insert(QList<Fields>{{{"a", 1}, {"b", "x"}}, {{"b", "y"}, {"a", 2}}}),
              dialectName, "INSERT INTO \"t\" (\"a\", \"b\") VALUES ($1, $2), ($3, $4)",
              (QVariantList{1, "x", 2, "y"}));
    CHECK_SQL(Query("t").insert(QVariantMap{{"b", 2}, {"a", 1}}), dialectName,
              "INSERT INTO \"t\" (\"a\", \"b\") VALUES ($1, $2)", (QVariantList{1, 2}));
    CHECK_SQL(Query("t")
                  .update(Fields{{"views", QVariant::fromValue(SqlExpr("views + ?", {1}))},
                                 {"title", "T"}})
                  .where("id", 9),
              dialectName,
              "UPDATE \"t\" SET \"views\" = views + $1, \"title\" = $2 WHERE \"id\" = $3",
              (QVariantList{1, "T", 9}));
    CHECK_SQL(Query("t").remove(), dialectName, "DELETE FROM \"t\"", {});
}

void tst_QueryBuilder::dialectDifferences()
{
    const Query upsert =
        Query("users").upsert({{{"email", "a@x"}, {"name", "A"}}}, {"email"}, {"name"});
    QCOMPARE(upsert.build(*dialect("postgres")).sql,
             QStringLiteral("INSERT INTO \"users\" (\"email\", \"name\") VALUES ($1, $2) ON "
                            "CONFLICT (\"email\") DO UPDATE "
                            "SET \"name\" = EXCLUDED.\"name\""));
    QCOMPARE(upsert.build(*dialect("sqlite")).sql,
             QStringLiteral("INSERT INTO \"users\" (\"email\", \"name\") VALUES (?, ?) ON CONFLICT "
                            "(\"email\") DO UPDATE "
                            "SET \"name\" = excluded.\"name\""));
    QCOMPARE(upsert.build(*dialect("mariadb")).sql,
             QStringLiteral("INSERT INTO `users` (`email`, `name`) VALUES (?, ?) ON DUPLICATE KEY "
                            "UPDATE `name` = VALUES(`name`)"));

    const Query ilike = Query("t").whereILike("name", "%ann%");
    QCOMPARE(ilike.build(*dialect("postgres")).sql,
             QStringLiteral("SELECT * FROM \"t\" WHERE \"name\" ILIKE $1"));
    QCOMPARE(ilike.build(*dialect("sqlite")).sql,
             QStringLiteral("SELECT * FROM \"t\" WHERE LOWER(\"name\") LIKE LOWER(?)"));
    QCOMPARE(ilike.build(*dialect("mysql")).sql,
             QStringLiteral("SELECT * FROM `t` WHERE LOWER(`name`) LIKE LOWER(?)"));

    const Query nulls =
        Query("t").orderBy("a", Order::Desc, Nulls::Last).orderBy("b", Order::Asc, Nulls::First);
    QCOMPARE(
        nulls.build(*dialect("postgres")).sql,
        QStringLiteral("SELECT * FROM \"t\" ORDER BY \"a\" DESC NULLS LAST, \"b\" NULLS FIRST"));
    QCOMPARE(nulls.build(*dialect("mysql")).sql,
             QStringLiteral(
                 "SELECT * FROM `t` ORDER BY `a` IS NULL ASC, `a` DESC, `b` IS NULL DESC, `b`"));

    const Query paged = Query("t").offset(20);
    QCOMPARE(paged.build(*dialect("postgres")).sql,
             QStringLiteral("SELECT * FROM \"t\" LIMIT ALL OFFSET 20"));
    QCOMPARE(paged.build(*dialect("sqlite")).sql,
             QStringLiteral("SELECT * FROM \"t\" LIMIT -1 OFFSET 20"));
    QCOMPARE(paged.build(*dialect("mysql")).sql,
             QStringLiteral("SELECT * FROM `t` LIMIT 18446744073709551615 OFFSET 20"));

    const Query returning = Query("t").insert(Fields{{"a", 1}}).returning({"id"});
    QCOMPARE(returning.build(*dialect("postgres")).sql,
             QStringLiteral("INSERT INTO \"t\" (\"a\") VALUES ($1) RETURNING \"id\""));
    QCOMPARE(returning.build(*dialect("sqlite")).sql,
             QStringLiteral("INSERT INTO \"t\" (\"a\") VALUES (?) RETURNING \"id\""));
    QVERIFY_THROWS_EXCEPTION(Error, returning.build(*dialect("mysql")));
}

void tst_QueryBuilder::badInput()
{
    const auto refused = [](const std::function<void()> &make, const QString &fragment) {
        try {
            make();
        } catch (const Error &error) {
            if (error.message().contains(fragment))
                return true;
            qWarning("unexpected message: %s", error.what());
            return false;
        }
        return false;
    };
    const Dialect &pg = *dialect("postgres");
    QVERIFY(refused([] { Query("users").where("id; DROP TABLE users", 1); },
                    "is not a column reference"));
    QVERIFY(refused([] { Query("users").select("name) FROM secrets --"); },
                    "is not a column reference"));
    QVERIFY(refused([] { Query("users").select("SUM(*)"); }, "is not a column reference"));
    QVERIFY(refused([] { Query("users").where("id", "=>", 1); },
                    "Unsupported comparison operator \"=>\""));
    QVERIFY(refused([] { Query("users; DROP TABLE x"); }, "is not a table reference"));
    QVERIFY(refused([] { Query("t").join("u", "u.id = t.id OR 1 = 1"); }, "Join condition"));
    QVERIFY(refused([&] { Query("t").whereRaw("a = ? AND b = ?", {1}).build(pg); },
                    "more '?' than bound values"));
    QVERIFY(refused(
        [&] {
            Query("t").whereRaw("a = ?", {1, 2}).build(pg);
        },
        "has 1 '?' but 2 bound values"));
    QVERIFY(refused([] { Query("t").limit(-1); }, "limit()"));
    QVERIFY(refused(
        [] {
            Query("t").insert(QList<Fields>{{{"a", 1}}, {{"b", 2}}});
        },
        "which the first row has not"));
    QVERIFY(refused(
        [] {
            Query("t").insert(QList<Fields>{{{"a", 1}}, {{"a", 2}, {"b", 3}}});
        },
        "row 1 has 2 columns"));
    QVERIFY(refused([] { Query("t").update(Fields{{"a", 1}, {"a", 2}}); }, "set twice"));
    QVERIFY(refused([] { Query("t").upsert({{{"a", 1}}}, {}, {"a"}); }, "unique key"));
    QVERIFY(refused([&] { Query().insert(Fields{{"a", 1}}).build(pg); }, "needs a table"));
    QVERIFY(refused([] { Query("t").where("weird\"name", 1); }, "is not a column reference"));
    // Names are quoted even when they are keywords or non-ASCII.
    QCOMPARE(Query("order").where("größe", 1).build(pg).sql,
             QStringLiteral("SELECT * FROM \"order\" WHERE \"größe\" = $1"));
}

void tst_QueryBuilder::allowColumns()
{
    const Dialect &pg = *dialect("postgres");
    const QStringList known = {"id", "name", "email"};
    QCOMPARE(
        Query("users")
            .allowColumns(known)
            .select({"id", "name AS n"})
            .where("email", "x")
            .orderBy("n")
            .build(pg)
            .sql,
        QStringLiteral(
            "SELECT \"id\", \"name\" AS \"n\" FROM \"users\" WHERE \"email\" = $1 ORDER BY \"n\""));
    try {
        Query("users").allowColumns(known).where("password_hash", "x").build(pg);
        QFAIL("an unknown column passed");
    } catch (const Error &error) {
        QVERIFY(error.message().contains(
            u"Unknown column \"password_hash\"; known columns: id, name, email"));
    }
    QVERIFY_THROWS_EXCEPTION(Error, Query("users").allowColumns(known).orderBy("secret").build(pg));
    QVERIFY_THROWS_EXCEPTION(
        Error, Query("users").allowColumns(known).update(Fields{{"role", "admin"}}).build(pg));
    // A checked subquery stays checked inside another query.
    const Query inner = Query("users").allowColumns(known).select("id").where("password_hash", "x");
    QVERIFY_THROWS_EXCEPTION(Error, Query("posts").whereIn("user_id", inner).build(pg));
}

void tst_QueryBuilder::queriesAreValues()
{
    const Dialect &pg = *dialect("postgres");
    const Query base = Query("t").where("a", 1);
    Query narrowed = base;
    narrowed.where("b", 2);
    QCOMPARE(base.build(pg).sql, QStringLiteral("SELECT * FROM \"t\" WHERE \"a\" = $1"));
    QCOMPARE(narrowed.build(pg).sql,
             QStringLiteral("SELECT * FROM \"t\" WHERE \"a\" = $1 AND \"b\" = $2"));
}

void tst_QueryBuilder::writesRefuseSelectClauses()
{
    const Dialect &pg = *dialect("postgres");
    // A DELETE that silently dropped its LIMIT would delete every row.
    QVERIFY_THROWS_EXCEPTION(Error, Query("t").orderBy("id").limit(2).remove().build(pg));
    QVERIFY_THROWS_EXCEPTION(
        Error, Query("t").join("u", "u.id = t.id").update(Fields{{"a", 1}}).build(pg));
    Database db(DatabaseConfig::fromUrl(QStringLiteral("sqlite::memory:")));
    db.execute(QStringLiteral("CREATE TABLE t (id INTEGER)"));
    QVERIFY_THROWS_EXCEPTION(Error, Query("t").remove().count(db));
    // Comparing with NULL means IS [NOT] NULL.
    QCOMPARE(Query("t").where("a", QVariant()).where("b", "<>", QVariant()).build(pg).sql,
             QStringLiteral("SELECT * FROM \"t\" WHERE \"a\" IS NULL AND \"b\" IS NOT NULL"));
    // A moved-from query is still a query.
    Query from("t");
    Query to = std::move(from);
    QCOMPARE(from.build(pg).sql, QStringLiteral("SELECT * FROM \"t\""));
}

void tst_QueryBuilder::createSchema(const Database &db)
{
    const Dialect &d = db.dialect();
    RexOrmTest::dropTables(db, {QStringLiteral("posts"), QStringLiteral("users")});
    const QString id = d.autoIncrementPrimaryKey({ColumnType::BigInt});
    db.execute(
        QStringLiteral("CREATE TABLE users (id %1, name %2 NOT NULL, email %2 UNIQUE, age INTEGER)")
            .arg(id, d.typeName({ColumnType::String, 100})));
    db.execute(
        QStringLiteral(
            "CREATE TABLE posts (id %1, user_id BIGINT REFERENCES users (id), title %2 NOT NULL, "
            "views INTEGER NOT NULL DEFAULT 0, score INTEGER)")
            .arg(id, d.typeName({ColumnType::String, 200})));
    const QList<Fields> users = {
        {{"name", "Ann"}, {"email", "ann@example.org"}, {"age", 34}},
        {{"name", "bob"}, {"email", "bob@example.org"}, {"age", 17}},
        {{"name", "Cid"}, {"email", "cid@example.org"}, {"age", 51}},
    };
    Query("users").insert(users).execute(db);
    Query("posts")
        .insert(QList<Fields>{{{"user_id", 1}, {"title", "Hello"}, {"score", 5}},
                              {{"user_id", 1}, {"title", "Again"}, {"score", QVariant()}},
                              {{"user_id", 2}, {"title", "Teen post"}, {"score", 2}},
                              {{"user_id", 3}, {"title", "Wisdom"}, {"score", 9}}})
        .execute(db);
}

void tst_QueryBuilder::executeSpecExamples()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createSchema(db);
    const QueryResult adults = Query("users")
                                   .select({"id", "name"})
                                   .where("age", ">", 18)
                                   .orderBy("name")
                                   .limit(10)
                                   .execute(db);
    QCOMPARE(names(adults, "name"), (QStringList{"Ann", "Cid"}));

    const QueryResult byAdults =
        Query("posts")
            .select("*")
            .whereSubquery("user_id", "IN", Query("users").select("id").where("age", ">", 18))
            .orderBy("id")
            .execute(db);
    QCOMPARE(names(byAdults, "title"), (QStringList{"Hello", "Again", "Wisdom"}));

    const QueryResult total =
        Query("posts").select("COUNT(id) AS total_posts").where("user_id", "=", 1).execute(db);
    QCOMPARE(total.value(0, u"total_posts").toInt(), 2);

    const QueryResult joined = Query("users u")
                                   .select({"u.name AS userName", "p.title AS postTitle"})
                                   .join("posts p", "u.id = p.user_id", JoinType::Left)
                                   .orderBy("p.id")
                                   .execute(db);
    QCOMPARE(joined.size(), 4);
    QCOMPARE(joined.value(0, u"userName").toString(), QStringLiteral("Ann"));
    QCOMPARE(joined.value(0, u"postTitle").toString(), QStringLiteral("Hello"));

    Query("users").update(Fields{{"name", "Jane Doe"}}).where("id", "=", 2).execute(db);
    QCOMPARE(Query("users").select("name").where("id", 2).execute(db).value(0, 0).toString(),
             QStringLiteral("Jane Doe"));
    Query("posts").remove().where("user_id", "=", 2).execute(db);
    QCOMPARE(Query("users").remove().where("id", "=", 2).execute(db).rowsAffected, 1);
    QCOMPARE(Query("users").count(db), 2);
}

void tst_QueryBuilder::executeConditions()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createSchema(db);
    QCOMPARE(names(Query("users").whereILike("name", "%B%").execute(db), "name"),
             QStringList{"bob"});
    QCOMPARE(names(Query("users").whereLike("email", "c%").execute(db), "name"),
             QStringList{"Cid"});
    QCOMPARE(names(Query("users")
                       .where("age", ">", 40)
                       .orWhere([](Query &q) { q.where("age", "<", 18).where("name", "bob"); })
                       .orderBy("id")
                       .execute(db),
                   "name"),
             (QStringList{"bob", "Cid"}));
    QCOMPARE(names(Query("users")
                       .whereNot([](Query &q) { q.where("age", ">", 40).orWhere("name", "bob"); })
                       .orderBy("id")
                       .execute(db),
                   "name"),
             (QStringList{"Ann"}));
    const QueryResult withCount =
        Query("users")
            .select("name")
            .selectSubquery(Query("posts").select("COUNT(*)").where("score", ">", 4), "good")
            .where("age", ">", 40)
            .execute(db);
    QCOMPARE(withCount.value(0, u"name").toString(), QStringLiteral("Cid"));
    QCOMPARE(withCount.value(0, u"good").toInt(), 2);
    QCOMPARE(Query("users").whereIn("id", {1, 3}).count(db), 2);
    // Rows given by value, tested by conditions as stored rows would be.
    const QueryResult tested =
        Query()
            .fromRows({"k", "name", "age"}, {{0, "Ann", 30}, {1, "bob", 17}, {2, "Cid", 70}}, "r",
                      db.dialect().name() == u"postgres" ? QStringList{"integer", "text", "integer"}
                                                         : QStringList{})
            .select("k")
            .selectCondition([](Query &q) { q.where("r.age", ">", 20).whereLike("r.name", "%n%"); },
                             "f0")
            .selectCondition([](Query &q) { q.whereILike("r.name", "B%"); }, "f1")
            .selectCondition([](Query &) {}, "f2")
            .execute(db);
    QCOMPARE(tested.rows.size(), 3);
    QList<QStringList> truth;
    for (qsizetype i = 0; i < tested.rows.size(); ++i)
        truth << QStringList{
            tested.value(int(i), u"k").toString(), tested.value(int(i), u"f0").toString(),
            tested.value(int(i), u"f1").toString(), tested.value(int(i), u"f2").toString()};
    std::sort(truth.begin(), truth.end());
    QCOMPARE(truth, (QList<QStringList>{
                        {"0", "1", "0", "1"}, {"1", "0", "1", "1"}, {"2", "0", "0", "1"}}));
    QCOMPARE(Query("users").whereIn("id", QVariantList{}).count(db), 0);
    QCOMPARE(Query("users").whereBetween("age", 18, 60).count(db), 2);
    QCOMPARE(Query("posts").whereNull("score").count(db), 1);
    QCOMPARE(names(Query("users u")
                       .whereExists(Query("posts p")
                                        .select("p.id")
                                        .whereColumn("p.user_id", "=", "u.id")
                                        .where("p.score", ">", 8))
                       .execute(db),
                   "name"),
             QStringList{"Cid"});
    QCOMPARE(names(Query("posts").orderBy("score", Order::Desc, Nulls::Last).execute(db), "title"),
             (QStringList{"Wisdom", "Hello", "Teen post", "Again"}));
    QCOMPARE(names(Query("posts").orderBy("score", Order::Asc, Nulls::First).execute(db), "title"),
             (QStringList{"Again", "Teen post", "Hello", "Wisdom"}));
    const QueryResult grouped = Query("posts p")
                                    .select({"p.user_id", "COUNT(p.id) AS n"})
                                    .groupBy({"p.user_id"})
                                    .having("COUNT(p.id)", ">", 1)
                                    .execute(db);
    QCOMPARE(grouped.size(), 1);
    QCOMPARE(grouped.value(0, u"n").toInt(), 2);
    // A hostile value is only ever data.
    QCOMPARE(Query("users").where("name", "x' OR '1'='1").count(db), 0);
}

void tst_QueryBuilder::executeWrites()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createSchema(db);
    Query("posts")
        .update(Fields{{"views", QVariant::fromValue(SqlExpr("views + ?", {5}))}})
        .where("user_id", 1)
        .execute(db);
    Query("posts")
        .update(Fields{{"views", QVariant::fromValue(SqlExpr("views + ?", {5}))}})
        .where("user_id", 1)
        .execute(db);
    QCOMPARE(Query("posts").where("user_id", 1).sum(db, "views").toInt(), 20);

    Query("users")
        .upsert({{{"email", "ann@example.org"}, {"name", "Ann Updated"}, {"age", 35}}}, {"email"},
                {"name", "age"})
        .execute(db);
    Query("users")
        .upsert({{{"email", "dan@example.org"}, {"name", "Dan"}, {"age", 22}}}, {"email"},
                {"name", "age"})
        .execute(db);
    QCOMPARE(Query("users")
                 .select("name")
                 .where("email", "ann@example.org")
                 .execute(db)
                 .value(0, 0)
                 .toString(),
             QStringLiteral("Ann Updated"));
    QCOMPARE(Query("users").count(db), 4);

    if (db.dialect().supportsReturning()) {
        const QueryResult inserted = Query("users")
                                         .insert(Fields{{"name", "Eve"}, {"age", 40}})
                                         .returning({"id", "name"})
                                         .execute(db);
        QCOMPARE(inserted.value(0, u"name").toString(), QStringLiteral("Eve"));
        QCOMPARE(inserted.lastInsertId, inserted.value(0, u"id"));
    } else {
        const QueryResult inserted =
            Query("users").insert(Fields{{"name", "Eve"}, {"age", 40}}).execute(db);
        QVERIFY(inserted.lastInsertId.toLongLong() > 3);
    }
    QCOMPARE(Query("users").where("name", "Eve").remove().execute(db).rowsAffected, 1);
}

void tst_QueryBuilder::aggregatesAndChunks()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    RexOrmTest::dropTables(db, {QStringLiteral("numbers")});
    db.execute(
        QStringLiteral("CREATE TABLE numbers (n INTEGER PRIMARY KEY, parity INTEGER NOT NULL)"));
    db.transaction([&] {
        QList<Fields> rows;
        for (int n = 1; n <= 1000; ++n) {
            rows << Fields{{"n", n}, {"parity", n % 2}};
            if (rows.size() == 100) {
                Query("numbers").insert(rows).execute(db);
                rows.clear();
            }
        }
    });
    const Query all("numbers");
    QCOMPARE(all.count(db), 1000);
    QCOMPARE(all.sum(db, "n").toLongLong(), 500500);
    QCOMPARE(all.min(db, "n").toInt(), 1);
    QCOMPARE(all.max(db, "n").toInt(), 1000);
    QCOMPARE(qRound(all.avg(db, "n").toDouble() * 10), 5005);
    QCOMPARE(Query("numbers").where("parity", 0).count(db), 500);
    QCOMPARE(Query("numbers").select("parity").groupBy({"parity"}).count(db), 2); // groups
    QCOMPARE(Query("numbers").orderBy("n").limit(10).offset(995).count(db), 5);

    int pages = 0;
    qint64 seen = 0;
    qint64 previous = 0;
    bool ascending = true;
    Query("numbers").where("parity", 1).chunk(db, 100, "n", [&](const QueryResult &page) {
        ++pages;
        for (qsizetype i = 0; i < page.size(); ++i) {
            const qint64 n = page.value(i, u"n").toLongLong();
            ascending = ascending && n > previous;
            previous = n;
        }
        seen += page.size();
        return true;
    });
    QCOMPARE(pages, 5);
    QCOMPARE(seen, 500);
    QVERIFY(ascending);
    int stoppedAfter = 0;
    all.chunk(db, 300, "n", [&](const QueryResult &) { return ++stoppedAfter < 2; });
    QCOMPARE(stoppedAfter, 2);

    // An OR among the caller's conditions stays inside them: the seek still advances.
    int orPages = 0;
    qint64 orRows = 0;
    Query("numbers")
        .where("n", "<", 150)
        .orWhere("n", ">", 950)
        .chunk(db, 40, "n", [&](const QueryResult &page) {
            ++orPages;
            orRows += page.size();
            return orPages < 50;
        });
    QCOMPARE(orRows, 199);
    QCOMPARE(orPages, 5);
}

void tst_QueryBuilder::bulkInsertSplitsStatements()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    RexOrmTest::dropTables(db, {QStringLiteral("bulk")});
    db.execute(QStringLiteral("CREATE TABLE bulk (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, "
                              "c INTEGER, d INTEGER)"));
    // 14,000 rows of 5 values bind 70,000 parameters: more than one PostgreSQL or MariaDB
    // statement may take (65,535).
    constexpr int rows = 14000;
    QList<Fields> batch;
    for (int i = 1; i <= rows; ++i)
        batch.append({{"id", i}, {"a", i * 2}, {"b", i % 7}, {"c", 0}, {"d", 0}});
    QSignalSpy events(db.changes(), &ChangeHub::changed);
    const QueryResult inserted = Query("bulk").insert(batch).execute(db);
    QCOMPARE(inserted.rowsAffected, qint64(rows));
    QCOMPARE(Query("bulk").count(db), qint64(rows));
    QCOMPARE(Query("bulk").sum(db, "a").toLongLong(), qint64(rows) * (rows + 1));
    QCOMPARE(events.size(), 1); // one event for the whole insert, after its commit
    QCOMPARE(events.first().first().value<ChangeEvent>().rowCount, qint64(rows));

    // A duplicate key in the last statement: none of the earlier statements' rows remain.
    QList<Fields> failing;
    for (int i = rows + 1; i <= rows + 3000; ++i)
        failing.append({{"id", i}, {"a", 0}, {"b", 0}, {"c", 0}, {"d", 0}});
    failing.append({{"id", 1}, {"a", 0}, {"b", 0}, {"c", 0}, {"d", 0}});
    QVERIFY_THROWS_EXCEPTION(DatabaseError, Query("bulk").insert(failing).execute(db));
    QCOMPARE(Query("bulk").count(db), qint64(rows));
    QCOMPARE(events.size(), 1);

    if (db.dialect().supportsReturning()) {
        QList<Fields> more;
        for (int i = 1; i <= 2500; ++i)
            more.append({{"id", rows + i}, {"a", 1}, {"b", 1}, {"c", 1}, {"d", 1}});
        const QueryResult returned = Query("bulk").insert(more).returning({"id"}).execute(db);
        QCOMPARE(returned.size(), 2500);
        QCOMPARE(returned.value(2499, 0).toInt(), rows + 2500);
    }
}

void tst_QueryBuilder::asyncWritePublishesEvent()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createSchema(db);
    QSignalSpy events(db.changes(), &ChangeHub::changed);
    QFuture<QueryResult> future =
        Query("users").insert(Fields{{"name", "Async"}, {"age", 9}}).executeAsync(db);
    future.waitForFinished();
    QCOMPARE(future.result().rowsAffected, 1);
    QTRY_COMPARE(events.size(), 1);
    const ChangeEvent event = events.first().first().value<ChangeEvent>();
    QCOMPARE(event.operation, ChangeEvent::Insert);
    QCOMPARE(event.table, QStringLiteral("users"));
    QCOMPARE(Query("users").where("name", "Async").count(db), 1);
}

REXORM_TEST_MAIN(tst_QueryBuilder)
#include "tst_querybuilder.moc"
