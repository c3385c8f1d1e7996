#include "testdatabases.h"

#include <rexorm/meta/schemainspector.h>
#include <rexorm/model/entityrepository.h>
#include <rexorm/query/querycache.h>

#include <QtCore/QJsonObject>

#include <thread>

using namespace RexOrm;

class tst_QueryCache : public QObject
{
    Q_OBJECT

private slots:
    void hitsAndMisses_data() { RexOrmTest::addBackendColumns(); }
    void hitsAndMisses();
    void neverStaleAfterCommittedChanges_data() { RexOrmTest::addBackendColumns(); }
    void neverStaleAfterCommittedChanges();
    void transactions_data() { RexOrmTest::addBackendColumns(); }
    void transactions();
    void rawWrites_data() { RexOrmTest::addBackendColumns(); }
    void rawWrites();
    void bounded();
    void transactionsBypassTheCache_data() { RexOrmTest::addBackendColumns(); }
    void transactionsBypassTheCache();
    void distinctValuesDistinctEntries();

private:
    void seed(const Database &db);
};

void tst_QueryCache::seed(const Database &db)
{
    RexOrmTest::dropTables(db, {"cache_orders", "cache_customers"});
    const QString text = db.dialect().typeName({ColumnType::String, 50});
    db.execute(
        QStringLiteral("CREATE TABLE cache_customers (id INTEGER PRIMARY KEY, name %1)").arg(text));
    db.execute(QStringLiteral(
        "CREATE TABLE cache_orders (id INTEGER PRIMARY KEY, customer_id INTEGER, total INTEGER)"));
    Query("cache_customers")
        .insert(QList<Fields>{{{"id", 1}, {"name", "Ann"}}, {{"id", 2}, {"name", "Bob"}}})
        .execute(db);
    Query("cache_orders")
        .insert(QList<Fields>{{{"id", 1}, {"customer_id", 1}, {"total", 10}},
                              {{"id", 2}, {"customer_id", 1}, {"total", 20}},
                              {{"id", 3}, {"customer_id", 2}, {"total", 5}}})
        .execute(db);
}

void tst_QueryCache::hitsAndMisses()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    seed(db);
    QueryCache cache(db);
    const Query ann = Query("cache_customers").where("name", "Ann");
    QCOMPARE(cache.get(ann).value(0, u"id").toInt(), 1);
    QCOMPARE(cache.get(ann).value(0, u"id").toInt(), 1);
    QCOMPARE(cache.get(Query("cache_customers").where("name", "Bob")).value(0, u"id").toInt(),
             2); // other params
    QCOMPARE(cache.hits(), quint64(1));
    QCOMPARE(cache.misses(), quint64(2));
    QCOMPARE(cache.size(), 2);

    EntityRepository customers(db, SchemaInspector(db).inspect("cache_customers"));
    QCOMPARE(cache.find(customers, 2)->value(u"name").toString(), QStringLiteral("Bob"));
    QCOMPARE(cache.find(customers, 2)->value(u"name").toString(), QStringLiteral("Bob"));
    QVERIFY(!cache.find(customers, 9));
    QVERIFY(!cache.find(customers, 9)); // a miss is remembered too
    QCOMPARE(cache.hits(), quint64(3));
}

void tst_QueryCache::neverStaleAfterCommittedChanges()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    seed(db);
    QueryCache cache(db);
    EntityRepository customers(db, SchemaInspector(db).inspect("cache_customers"));
    const Query totals = Query("cache_orders o")
                             .select({"c.name", "SUM(o.total) AS total"})
                             .join("cache_customers c", "c.id = o.customer_id")
                             .groupBy({"c.name"})
                             .orderBy("c.name");
    const Query big =
        Query("cache_customers")
            .whereIn("id", Query("cache_orders").select("customer_id").where("total", ">", 15));

    QCOMPARE(cache.get(totals).value(0, u"total").toInt(), 30);
    QCOMPARE(cache.get(big).size(), 1);
    QCOMPARE(cache.find(customers, 1)->value(u"name").toString(), QStringLiteral("Ann"));

    // A change through a repository.
    customers.update(1, {{"name", "Anna"}});
    QCOMPARE(cache.find(customers, 1)->value(u"name").toString(), QStringLiteral("Anna"));
    QCOMPARE(cache.get(totals).value(0, u"name").toString(),
             QStringLiteral("Anna")); // joined table changed

    // A change through the query builder, on a table only a subquery reads.
    Query("cache_orders").update(Fields{{"total", 50}}).where("id", 3).execute(db);
    QCOMPARE(cache.get(big).size(), 2);

    // A bulk update of many rows.
    Query("cache_orders")
        .update(Fields{{"total", QVariant::fromValue(SqlExpr("total * 2"))}})
        .execute(db);
    QCOMPARE(cache.get(totals).value(0, u"total").toInt(), 60);
    QVERIFY(cache.invalidations() >= 4);

    // Changes from another thread invalidate too, before that thread's write returns.
    std::thread([&] { customers.update(2, {{"name", "Bobby"}}); }).join();
    QCOMPARE(cache.find(customers, 2)->value(u"name").toString(), QStringLiteral("Bobby"));
}

void tst_QueryCache::transactions()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    seed(db);
    QueryCache cache(db);
    EntityRepository customers(db, SchemaInspector(db).inspect("cache_customers"));
    const Query all = Query("cache_customers").orderBy("id");
    QCOMPARE(cache.get(all).size(), 2);
    try {
        db.transaction([&] {
            customers.create({{"id", 3}, {"name", "Cid"}});
            throw std::runtime_error("undo");
        });
    } catch (const std::runtime_error &) {
    }
    const quint64 invalidated = cache.invalidations();
    QCOMPARE(cache.get(all).size(), 2); // nothing committed: the entry stays, and stays right
    QCOMPARE(cache.invalidations(), invalidated);
    db.transaction([&] { customers.create({{"id", 3}, {"name", "Cid"}}); });
    QCOMPARE(cache.get(all).size(), 3);
}

void tst_QueryCache::rawWrites()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    seed(db);
    QueryCache cache(db);
    const Query customers = Query("cache_customers").orderBy("id");
    const Query orders = Query("cache_orders").orderBy("id");
    cache.get(customers);
    cache.get(orders);
    QCOMPARE(cache.size(), 2);
    // Naming the tables drops exactly their entries.
    ExecOptions named;
    named.tables = {"cache_orders"};
    db.execute(QStringLiteral("DELETE FROM cache_orders WHERE id = ?"), {3}, named);
    QCOMPARE(cache.size(), 1);
    QCOMPARE(cache.get(orders).size(), 2);
    // An unnamed raw write may have changed anything: everything goes.
    db.execute(QStringLiteral("UPDATE cache_customers SET name = ? WHERE id = ?"), {"Zed", 2});
    QCOMPARE(cache.size(), 0);
    QCOMPARE(cache.get(customers).value(1, u"name").toString(), QStringLiteral("Zed"));
    // Reads never invalidate.
    db.execute(QStringLiteral("SELECT COUNT(*) FROM cache_orders"));
    QCOMPARE(cache.size(), 1);
}

void tst_QueryCache::bounded()
{
    Database db(DatabaseConfig::fromUrl(QStringLiteral("sqlite::memory:")));
    db.execute(QStringLiteral("CREATE TABLE numbers (n INTEGER)"));
    QueryCache cache(db, 3);
    for (int i = 0; i < 5; ++i)
        cache.get(Query("numbers").where("n", i));
    QCOMPARE(cache.size(), 3);
    cache.get(Query("numbers").where("n", 4)); // most recent: still there
    QCOMPARE(cache.hits(), quint64(1));
    cache.get(Query("numbers").where("n", 0)); // oldest: evicted
    QCOMPARE(cache.hits(), quint64(1));
    // Raw SQL names tables RexOrm cannot see: such queries are never kept.
    cache.clear();
    cache.get(Query("numbers").whereRaw(QStringLiteral("n > (SELECT 0)")));
    QCOMPARE(cache.size(), 0);
    QVERIFY_THROWS_EXCEPTION(Error, QueryCache(db, 0));
}

void tst_QueryCache::transactionsBypassTheCache()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    seed(db);
    QueryCache cache(db);
    const Query ann = Query("cache_customers").where("id", 1);
    try {
        db.transaction([&] {
            Query("cache_customers")
                .update(Fields{{"name", "Uncommitted"}})
                .where("id", 1)
                .execute(db);
            // Inside the transaction the cache neither serves nor keeps what only it can see.
            QCOMPARE(cache.get(ann).value(0, u"name").toString(), QStringLiteral("Uncommitted"));
            throw std::runtime_error("undo");
        });
    } catch (const std::runtime_error &) {
    }
    QCOMPARE(cache.size(), 0);
    QCOMPARE(cache.get(ann).value(0, u"name").toString(), QStringLiteral("Ann"));
}

void tst_QueryCache::distinctValuesDistinctEntries()
{
    Database db(DatabaseConfig::fromUrl(QStringLiteral("sqlite::memory:")));
    db.execute(QStringLiteral("CREATE TABLE docs (body TEXT, data BLOB)"));
    const QJsonObject a{{"x", 1}};
    const QJsonObject b{{"x", 2}};
    db.execute(QStringLiteral("INSERT INTO docs (body, data) VALUES (?, ?)"),
               {QVariant(a), QByteArray("\x01\x02", 2)});
    QueryCache cache(db);
    // Values whose text is empty or lossy (JSON objects, bytes) still key apart.
    QCOMPARE(cache.get(Query("docs").where("body", QVariant(a))).size(), 1);
    QCOMPARE(cache.get(Query("docs").where("body", QVariant(b))).size(), 0);
    QCOMPARE(cache.get(Query("docs").where("data", QByteArray("\x01\x02", 2))).size(), 1);
    QCOMPARE(cache.get(Query("docs").where("data", QByteArray("\x01\x03", 2))).size(), 0);
    QCOMPARE(cache.hits(), quint64(0));
    QCOMPARE(cache.size(), 4);
}

REXORM_TEST_MAIN(tst_QueryCache)
#include "tst_querycache.moc"
