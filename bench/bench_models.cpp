// The model layer against raw QSqlQuery, in one run (targets from the ORM core issue):
//  - hydrate N rows into Q_GADGET values (target <= 1.5x) and QObject models (<= 3x);
//  - bulk insert N rows in one transaction (<= 1.2x);
//  - N lookups by primary key through Repository<T>::findById (<= 1.3x);
//  - memory held per 100,000 hydrated rows.
// Usage: rexorm-bench-models [--markdown FILE] [--rows N]
#include "benchsupport.h"

#include <rexorm/error.h>
#include <rexorm/model/repository.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QTemporaryDir>

using namespace Bench;

struct Item
{
    Q_GADGET
    Q_CLASSINFO("rex.table", "bench_models")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(QString name MEMBER name)
    Q_PROPERTY(double price MEMBER price)
    Q_PROPERTY(int quantity MEMBER quantity)
public:
    qint64 id = 0;
    QString name;
    double price = 0;
    int quantity = 0;
};

class ItemObject : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("rex.table", "bench_models")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(QString name MEMBER name)
    Q_PROPERTY(double price MEMBER price)
    Q_PROPERTY(int quantity MEMBER quantity)
public:
    Q_INVOKABLE ItemObject() = default;
    qint64 id = 0;
    QString name;
    double price = 0;
    int quantity = 0;
};

namespace {

const QString selectAll =
    QStringLiteral("SELECT id, name, price, quantity FROM bench_models ORDER BY id");

void createTable(const RexOrm::Database &db)
{
    const RexOrm::Dialect &d = db.dialect();
    db.execute(QStringLiteral("DROP TABLE IF EXISTS bench_models"));
    db.execute(
        QStringLiteral(
            "CREATE TABLE bench_models (id %1 PRIMARY KEY, name %2, price %3, quantity INTEGER)")
            .arg(d.typeName({RexOrm::ColumnType::BigInt}),
                 d.typeName({RexOrm::ColumnType::String, 64}),
                 d.typeName({RexOrm::ColumnType::Double})));
    db.closeIdleConnections();
}

// The raw baseline's way of turning a row into an Item: by index, typed.
Item rawItem(const QSqlQuery &q)
{
    return Item{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toDouble(),
                q.value(3).toInt()};
}

template<typename Fill> void rawRead(QSqlDatabase &raw, Fill fill)
{
    QSqlQuery query(raw);
    query.setForwardOnly(true);
    check(query.exec(selectAll), query);
    while (query.next())
        fill(query);
}

QList<Result> measure(const RexOrm::Database &db, const QString &database, int rows, int lookups,
                      QString *memoryNote)
{
    QList<Result> results;
    QSqlDatabase raw = rawConnection(db, QStringLiteral("bench-models-") + database);
    RexOrm::Registry registry;
    RexOrm::Repository<Item> items(db, registry);
    RexOrm::Registry objectRegistry;
    RexOrm::Repository<ItemObject> objects(db, objectRegistry);

    // Bulk insert: query-builder insert() calls of 1000 rows vs raw QSqlQuery::execBatch in
    // batches of 1000, both in one transaction.
    const auto rexormInsert = [&] {
        createTable(db);
        db.transaction([&] {
            QList<RexOrm::Fields> batch;
            batch.reserve(1000);
            for (int i = 1; i <= rows; ++i) {
                batch.append({{QStringLiteral("id"), i},
                              {QStringLiteral("name"), QStringLiteral("item %1").arg(i)},
                              {QStringLiteral("price"), i * 0.25},
                              {QStringLiteral("quantity"), i % 100}});
                if (batch.size() == 1000 || i == rows) {
                    RexOrm::Query(QStringLiteral("bench_models")).insert(batch).execute(db);
                    batch.clear();
                }
            }
        });
    };
    const auto rawInsert = [&] {
        createTable(db);
        raw.transaction();
        QSqlQuery query(raw);
        check(query.prepare(QStringLiteral(
                  "INSERT INTO bench_models (id, name, price, quantity) VALUES (?, ?, ?, ?)")),
              query);
        for (int start = 1; start <= rows; start += 1000) {
            QVariantList ids, names, prices, quantities;
            for (int i = start; i < start + 1000 && i <= rows; ++i) {
                ids << i;
                names << QStringLiteral("item %1").arg(i);
                prices << i * 0.25;
                quantities << i % 100;
            }
            query.addBindValue(ids);
            query.addBindValue(names);
            query.addBindValue(prices);
            query.addBindValue(quantities);
            check(query.execBatch(), query);
        }
        raw.commit();
    };
    Result insert(database, QStringLiteral("insert %1 rows in one transaction").arg(rows),
                  QStringLiteral("≤ 1.2×"));
    std::tie(insert.rexormMs, insert.baselineMs) = alternate(rexormInsert, rawInsert);

    // Hydration.
    std::vector<Item> gadgets;
    Result gadgetRead(database, QStringLiteral("hydrate %1 rows into Q_GADGET values").arg(rows),
                      QStringLiteral("≤ 1.5×"));
    std::tie(gadgetRead.rexormMs, gadgetRead.baselineMs) =
        alternate([&] { gadgets = items.findAll(); },
                  [&] {
                      gadgets.clear();
                      gadgets.reserve(rows);
                      rawRead(raw, [&](QSqlQuery &q) { gadgets.push_back(rawItem(q)); });
                  });
    if (int(gadgets.size()) != rows)
        fail(QStringLiteral("hydrated %1 rows, expected %2").arg(gadgets.size()).arg(rows));

    std::vector<std::unique_ptr<ItemObject>> qobjects;
    Result objectRead(database, QStringLiteral("hydrate %1 rows into QObject models").arg(rows),
                      QStringLiteral("≤ 3×"));
    std::tie(objectRead.rexormMs, objectRead.baselineMs) =
        alternate([&] { qobjects = objects.findAll(); },
                  [&] {
                      qobjects.clear();
                      qobjects.reserve(rows);
                      rawRead(raw, [&](QSqlQuery &q) {
                          const Item item = rawItem(q);
                          auto object = std::make_unique<ItemObject>();
                          object->id = item.id;
                          object->name = item.name;
                          object->price = item.price;
                          object->quantity = item.quantity;
                          qobjects.push_back(std::move(object));
                      });
                  });

    // Lookups by key.
    double checksum = 0;
    Result lookup(database, QStringLiteral("%1 lookups by primary key").arg(lookups),
                  QStringLiteral("≤ 1.3×"));
    std::tie(lookup.rexormMs, lookup.baselineMs) = alternate(
        [&] {
            for (int i = 0; i < lookups; ++i)
                checksum += items.findById(1 + i % rows)->price;
        },
        [&] {
            QSqlQuery query(raw);
            query.setForwardOnly(true);
            check(query.prepare(QStringLiteral(
                      "SELECT id, name, price, quantity FROM bench_models WHERE id = ?")),
                  query);
            for (int i = 0; i < lookups; ++i) {
                query.bindValue(0, 1 + i % rows);
                check(query.exec(), query);
                while (query.next()) {
                    checksum += rawItem(query).price;
                }
            }
        });
    if (checksum <= 0)
        fail(QStringLiteral("no rows read"));

    // Memory held by the hydrated rows themselves, per 100,000.
    gadgets.clear();
    gadgets.shrink_to_fit();
    qobjects.clear();
    const qint64 before = heapInUse();
    std::vector<Item> held = items.findAll();
    const qint64 gadgetBytes = heapInUse() - before;
    std::vector<std::unique_ptr<ItemObject>> heldObjects = objects.findAll();
    const qint64 objectBytes = heapInUse() - before - gadgetBytes;
    *memoryNote += QStringLiteral("- %1: %2 MiB held per 100,000 hydrated Q_GADGET rows, %3 MiB "
                                  "per 100,000 QObject models.\n")
                       .arg(database)
                       .arg(gadgetBytes * 100000.0 / rows / 1048576.0, 0, 'f', 1)
                       .arg(objectBytes * 100000.0 / rows / 1048576.0, 0, 'f', 1);
    results << gadgetRead << objectRead << insert << lookup;
    db.execute(QStringLiteral("DROP TABLE IF EXISTS bench_models"));
    return results;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const Options options = parseOptions(app.arguments());
    QList<Result> results;
    QString memory;
    try {
        QTemporaryDir dir;
        RexOrm::Database sqlite(RexOrm::DatabaseConfig::fromUrl(
            QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("models.db"))));
        QTextStream(stdout) << "SQLite: " << options.rows << " rows...\n" << Qt::flush;
        results << measure(sqlite, QStringLiteral("SQLite"), options.rows, options.rows, &memory);
        for (const auto &[name, url] : serverUrls()) {
            RexOrm::Database db(RexOrm::DatabaseConfig::fromUrl(url));
            QTextStream(stdout) << name << ": " << options.rows << " rows...\n" << Qt::flush;
            results << measure(db, name, options.rows, std::max(100, options.rows / 5), &memory);
        }
    } catch (const RexOrm::Error &error) {
        fail(error.message());
    }
    report(
        options, QStringLiteral("Model layer"),
        QStringLiteral("`Repository<T>` and the query builder against raw `QSqlQuery` reading the "
                       "same columns by index "
                       "into the same structs (prepared once, forward-only). Inserts: builder "
                       "`insert()` calls of 1000 rows (split per dialect: 50-row statements on "
                       "SQLite, 1000 on servers) against `QSqlQuery::execBatch` in batches of "
                       "1000. Lookups on servers: a fifth of the rows."),
        QStringLiteral("raw QSqlQuery"), results, memory);
    return 0;
}

#include "bench_models.moc"
