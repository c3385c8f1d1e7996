// The admin application's grid reads: one window of 200 rows as RexOrm::Admin::Session reads it
// (the generated GraphQL API, on an executor thread, answered as JSON) against raw QSqlQuery
// running the same SELECT ... ORDER BY ... LIMIT 200 OFFSET n (prepared once, forward-only).
// Usage: rexorm-bench-admin [--markdown FILE] [--rows N]
#include "benchsupport.h"

#include <session/rowqueries.h>
#include <session/session.h>

#include <rexorm/meta/entityinfo.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QEventLoop>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTimer>

using namespace Bench;

namespace {

constexpr int window = 200;

void fill(const RexOrm::Database &db, int rows)
{
    const RexOrm::Dialect &d = db.dialect();
    db.execute(QStringLiteral("DROP TABLE IF EXISTS bench_grid"));
    db.execute(QStringLiteral("CREATE TABLE bench_grid (id %1, name %2 NOT NULL, score INTEGER, "
                              "note %3)")
                   .arg(d.autoIncrementPrimaryKey({RexOrm::ColumnType::BigInt}),
                        d.typeName({RexOrm::ColumnType::String, 80}),
                        d.typeName({RexOrm::ColumnType::String, 200})));
    db.transaction([&] {
        for (int first = 0; first < rows; first += 100) { // small batches: see DESIGN.md
            QStringList marks;
            QVariantList values;
            for (int i = first; i < std::min(rows, first + 100); ++i) {
                marks << QStringLiteral("(?, ?, ?)");
                values << QStringLiteral("row %1").arg(i) << (i * 7919) % 100003
                       << (i % 3 ? QVariant(QStringLiteral("note %1").arg(i)) : QVariant());
            }
            db.execute(QStringLiteral("INSERT INTO bench_grid (name, score, note) VALUES ") +
                           marks.join(u','),
                       values);
        }
    });
}

QList<Result> measure(const QString &url, const QString &name, int rows)
{
    const RexOrm::Database db = RexOrm::Database::fromUrl(url);
    QTextStream(stdout) << name << ": " << rows << " rows...\n" << Qt::flush;
    fill(db, rows);
    RexOrm::Admin::Session session;
    QEventLoop loop;
    QString error;
    QObject::connect(&session, &RexOrm::Admin::Session::opened, &loop, &QEventLoop::quit);
    QObject::connect(&session, &RexOrm::Admin::Session::openFailed, &loop,
                     [&](const QString &message) {
                         error = message;
                         loop.quit();
                     });
    session.open(url);
    loop.exec();
    if (!error.isEmpty())
        fail(error);
    const QString entity = session.live()->entityNamed(QStringLiteral("bench_grid"));
    const auto names = session.names(entity);
    if (!names)
        fail(QStringLiteral("bench_grid is not served"));
    QStringList fields;
    for (const auto &[column, field] : names->fields)
        fields << field;
    // What RowsModel asks for.
    const QString query = RexOrm::Admin::rowsDocument(*names, fields);

    QSqlDatabase raw = rawConnection(db, QStringLiteral("bench-admin-") + name);
    QList<Result> results;
    const RexOrm::Dialect &d = db.dialect();
    const auto quoted = [&](const char *column) {
        return d.quoteIdentifier(QString::fromLatin1(column));
    };
    struct Workload
    {
        QString label;
        qint64 offset;
        QString orderSql;   // raw
        QJsonArray orderBy; // GraphQL
        QString whereSql;
        QVariantList whereValues;
        QJsonObject where;
    };
    const QString scoreField = names->fieldOf(QStringLiteral("score"));
    const QString nameField = names->fieldOf(QStringLiteral("name"));
    const QList<Workload> workloads = {
        {QStringLiteral("first window"), 0, quoted("id"), {}, {}, {}, {}},
        {QStringLiteral("last window"), rows - window, quoted("id"), {}, {}, {}, {}},
        {QStringLiteral("sorted by an unindexed column"),
         0,
         quoted("score") + QStringLiteral(" DESC, ") + quoted("id"),
         QJsonArray{QJsonObject{{QStringLiteral("field"), scoreField},
                                {QStringLiteral("direction"), QStringLiteral("DESC")}}},
         {},
         {},
         {}},
        {QStringLiteral("filtered (name contains \"99\")"),
         0,
         quoted("id"),
         {},
         QStringLiteral(" WHERE LOWER(") + quoted("name") + QStringLiteral(") LIKE LOWER(?)"),
         {QStringLiteral("%99%")},
         QJsonObject{{nameField, QJsonObject{{QStringLiteral("ilike"), QStringLiteral("%99%")}}}}},
    };
    for (const Workload &w : workloads) {
        const QJsonObject variables =
            RexOrm::Admin::rowsVariables(w.where, w.orderBy, window, w.offset);
        QSqlQuery select(raw);
        select.setForwardOnly(true);
        check(select.prepare(QStringLiteral("SELECT %1, %2, %3, %4 FROM bench_grid%5 ORDER BY %6 "
                                            "LIMIT %7 OFFSET %8")
                                 .arg(quoted("id"), quoted("name"), quoted("score"), quoted("note"),
                                      w.whereSql, w.orderSql)
                                 .arg(window)
                                 .arg(w.offset)),
              select);
        int rexormRows = 0, rawRows = 0;
        const auto [rexormMs, rawMs] = alternate(
            [&] {
                const QJsonObject response = session.request(query, variables).result();
                if (response.contains(QStringLiteral("errors")))
                    fail(QString::fromUtf8(QJsonDocument(response).toJson()));
                rexormRows = int(response.value(QStringLiteral("data"))
                                     .toObject()
                                     .value(QStringLiteral("rows"))
                                     .toArray()
                                     .size());
            },
            [&] {
                for (qsizetype i = 0; i < w.whereValues.size(); ++i)
                    select.bindValue(int(i), w.whereValues.at(i));
                check(select.exec(), select);
                rawRows = 0;
                while (select.next()) {
                    for (int c = 0; c < 4; ++c)
                        (void)select.value(c);
                    ++rawRows;
                }
            },
            5);
        if (rexormRows != rawRows)
            fail(QStringLiteral("%1: RexOrm read %2 rows, raw %3")
                     .arg(w.label)
                     .arg(rexormRows)
                     .arg(rawRows));
        Result result(name, w.label);
        result.rexormMs = rexormMs;
        result.baselineMs = rawMs;
        results << result;
    }
    raw = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("bench-admin-") + name);
    db.execute(QStringLiteral("DROP TABLE bench_grid"));
    return results;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const Options options = parseOptions(app.arguments());
    QList<Result> results;
    try {
        QTemporaryDir dir;
        results << measure(QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("grid.db")),
                           QStringLiteral("SQLite"), options.rows);
        for (const auto &[name, url] : serverUrls())
            results << measure(url, name, options.rows);
    } catch (const RexOrm::Error &error) {
        fail(error.message());
    }
    report(options, QStringLiteral("Admin grid windows"),
           QStringLiteral("One window of 200 rows of a %L1-row table as the admin application's "
                          "grid reads it (`RexOrm::Admin::Session::request`: the generated "
                          "GraphQL API on an executor thread, answered as JSON) against raw "
                          "`QSqlQuery` running the same `SELECT ... ORDER BY ... LIMIT 200 OFFSET "
                          "n` (prepared once, forward-only, on the bench thread). Best of five, "
                          "alternating.")
               .arg(options.rows),
           QStringLiteral("raw QSqlQuery"), results);
    return 0;
}
