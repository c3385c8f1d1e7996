// EntityListModel on SQLite, PostgreSQL and MariaDB: inserts, updates, deletes and moves made
// through the ORM and through a second connection produce exactly the expected model signals
// (QSignalSpy), never a reset, and the model passes QAbstractItemModelTester throughout;
// validation errors of save() arrive per field.
#include "entitylistmodel.h"
#include "qmldatabase.h"
#include "taskstable.h"
#include "testdatabases.h"

#include <rexorm/changes/changelog.h>
#include <rexorm/model/entityrepository.h>
#include <rexorm/query/query.h>

#include <QtCore/QTemporaryDir>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QtTest>

using namespace RexOrm;
using RexOrm::Quick::EntityListModel;
using RexOrm::Quick::QmlDatabase;
using RexOrmTest::titles;

// The compiled model of the table: its rules are what save() reports per field.
struct Task
{
    Q_GADGET
    Q_CLASSINFO("rex.table", "tasks")
    Q_CLASSINFO("rex.column.id", "primaryKey autoIncrement")
    Q_CLASSINFO("rex.column.title", "length=80 notNull validate.required validate.maxLength=80 "
                                    "message.maxLength='At most 80 characters'")
    Q_CLASSINFO("rex.column.priority", "notNull")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(QString title MEMBER title)
    Q_PROPERTY(int priority MEMBER priority)

public:
    qint64 id = 0;
    QString title;
    int priority = 0;
};

namespace {

// Waits until the model has refreshed and shows `expected`.
bool settles(EntityListModel &model, const QStringList &expected)
{
    return QTest::qWaitFor([&] { return !model.loading() && titles(model) == expected; }, 10000);
}

} // namespace

class tst_EntityListModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { Registry::global().registerModel<Task>(); }

    void rowLevelSignals_data() { RexOrmTest::addBackendColumns(); }
    void rowLevelSignals()
    {
        REXORM_TEST_CONFIG(config);
        const Database db(config);
        RexOrmTest::createTasks(db, {{"A", 1}, {"B", 2}, {"C", 3}}); // every connection's writes
                                                                     // reach the model
        QmlDatabase database(nullptr);
        database.setDatabase(db);
        QVERIFY2(database.isOpen(), qPrintable(database.error()));
        EntityListModel model;
        model.setDatabase(&database);
        model.setEntity("tasks"); // the table's name finds the Task model
        model.setWhere({{"priority", QVariantMap{{"gte", 2}}}});
        model.setOrderBy({QVariantMap{{"field", "priority"}}});
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(settles(model, {"B", "C"}));
        QCOMPARE(model.fields(), (QStringList{"id", "title", "priority"}));
        const int titleRole = Qt::UserRole + 1;
        const int priorityRole = Qt::UserRole + 2;

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        const auto clearSpies = [&] {
            inserted.clear();
            removed.clear();
            moved.clear();
            changed.clear();
        };
        const EntityRepository tasks(db, database.state()->registry.entity("Task"),
                                     &database.state()->registry);

        // Through the ORM: an insert lands at its sorted position.
        const QVariant d = tasks.create({{"title", "D"}, {"priority", 5}}).values().value("id");
        QVERIFY(settles(model, {"B", "C", "D"}));
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 2);
        QCOMPARE(removed.size() + moved.size() + changed.size(), 0);
        clearSpies();

        // A changed title: dataChanged with that role only.
        const QVariant b = db.execute("SELECT id FROM tasks WHERE title = 'B'").value(0, 0);
        tasks.update(b, {{"title", "B2"}});
        QVERIFY(settles(model, {"B2", "C", "D"}));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex().row(), 0);
        QCOMPARE(changed.first().at(2).value<QList<int>>(), QList<int>{titleRole});
        QCOMPARE(inserted.size() + removed.size() + moved.size(), 0);
        clearSpies();

        // A changed sort key: the row moves (and its priority role changes).
        tasks.update(b, {{"priority", 9}});
        QVERIFY(settles(model, {"C", "D", "B2"}));
        QCOMPARE(moved.size(), 1);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(2).value<QList<int>>(), QList<int>{priorityRole});
        QCOMPARE(inserted.size() + removed.size(), 0);
        clearSpies();

        // Through a second connection (the triggers report it): a row stops matching, one is
        // deleted, one is inserted.
        const Database other(config);
        other.execute("UPDATE tasks SET priority = 0 WHERE title = 'C'");
        QVERIFY(settles(model, {"D", "B2"}));
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.first().at(1).toInt(), 0);
        clearSpies();
        other.execute("DELETE FROM tasks WHERE id = ?", {d});
        QVERIFY(settles(model, {"B2"}));
        QCOMPARE(removed.size(), 1);
        clearSpies();
        other.execute("INSERT INTO tasks (title, priority) VALUES ('E', 3)");
        QVERIFY(settles(model, {"E", "B2"}));
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 0);
        QCOMPARE(reset.size(), 0); // never a reset

        // Edits: a validation error per field, then a valid value.
        QSignalSpy failed(&model, &EntityListModel::saveFailed);
        QSignalSpy saved(&model, &EntityListModel::saved);
        QVERIFY(model.setProperty(1, "title", QString(81, u'x')));
        QCOMPARE(model.data(model.index(1), titleRole).toString().size(), 81); // buffered
        model.save(1);
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.first().at(0).toInt(), 1);
        QCOMPARE(failed.first().at(2).toMap().value("title").toStringList(),
                 QStringList{"At most 80 characters"});
        QVERIFY(model.setProperty(1, "title", "B3"));
        model.save(1);
        QVERIFY(saved.wait(10000));
        QVERIFY(settles(model, {"E", "B3"}));
        model.remove(0);
        QVERIFY(settles(model, {"B3"}));
        model.append({{"title", "F"}, {"priority", 4}});
        QVERIFY(settles(model, {"F", "B3"}));
        QCOMPARE(reset.size(), 0);
        ChangeLog::uninstall(db);
    }

    // A window over a bigger table: `limit` rows from `offset`, `total` in all; moving the
    // window and changes before it shift the rows as the database orders them.
    void windowOverABiggerTable_data() { RexOrmTest::addBackendColumns(); }
    void windowOverABiggerTable()
    {
        REXORM_TEST_CONFIG(config);
        const Database db(config);
        RexOrmTest::createTasks(db, {});
        QList<Fields> rows;
        for (int i = 0; i < 1000; ++i)
            rows << Fields{{"title", QStringLiteral("t%1").arg(i, 4, 10, QLatin1Char('0'))},
                           {"priority", i * 10}};
        Query("tasks").insert(rows).execute(db);
        const auto window = [&](int offset, int limit) {
            QStringList out;
            const QueryResult result =
                db.execute(QStringLiteral("SELECT title FROM tasks ORDER BY priority, id LIMIT %1 "
                                          "OFFSET %2")
                               .arg(limit)
                               .arg(offset));
            for (qsizetype i = 0; i < result.size(); ++i)
                out << result.value(i, 0).toString();
            return out;
        };

        QmlDatabase database(nullptr);
        database.setDatabase(db);
        EntityListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDatabase(&database);
        model.setEntity("tasks");
        model.setOrderBy({QVariantMap{{"field", "priority"}}});
        model.setLimit(50);
        model.setOffset(500);
        QVERIFY(settles(model, window(500, 50)));
        QCOMPARE(model.total(), 1000);
        QCOMPARE(model.get(0).value("title"), "t0500");

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setOffset(525); // half the window stays
        QVERIFY(settles(model, window(525, 50)));
        QCOMPARE(removed.size(), 25);
        QCOMPARE(inserted.size(), 25);
        inserted.clear();
        removed.clear();

        // A row ordered before the window pushes it along by one.
        EntityRepository(db, database.state()->registry.entity("Task"), &database.state()->registry)
            .create({{"title", "first"}, {"priority", -1}});
        QVERIFY(settles(model, window(525, 50)));
        QTRY_COMPARE(model.total(), 1001);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 0);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.first().at(1).toInt(), 49); // the last row, removed before the insert
        QCOMPARE(reset.size(), 0);
        ChangeLog::uninstall(db);
    }

    // Buffered edits belong to rows, not positions: they follow moves, survive a save that did
    // not carry them, and text becomes the field's type. Closing or reloading with a read or a
    // write running drops its answer (no crash, no stale rows).
    void editsFollowTheirRowsAndRequestsOutliveNothing()
    {
        QTemporaryDir dir;
        const Database db(DatabaseConfig::fromUrl("sqlite://" + dir.filePath("edits.db")));
        RexOrmTest::createTasks(db, {{"A", 1}, {"B", 2}, {"C", 3}});
        QmlDatabase database(nullptr);
        database.setDatabase(db);
        EntityListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDatabase(&database);
        model.setEntity("tasks");
        model.setOrderBy({QVariantMap{{"field", "priority"}}});
        QVERIFY(settles(model, {"A", "B", "C"}));

        // An edit of B, then B moves (another connection): the edit moves with it.
        const QString b = model.keyAt(1);
        QVERIFY(model.setProperty(1, "title", "B edited"));
        QCOMPARE(model.rowOf(b), 1);
        const Database other(db.config());
        other.execute("UPDATE tasks SET priority = 9 WHERE title = 'B'");
        QTRY_COMPARE(model.rowOf(b), 2);
        QCOMPARE(model.get(2).value("title"), "B edited");
        QCOMPARE(model.get(0).value("title"), "A");

        // Text for an Int field is typed; an edit made while a save runs stays buffered.
        QVERIFY(model.setProperty(2, "priority", "7"));
        QCOMPARE(model.get(2).value("priority").metaType().id(), QMetaType::LongLong);
        QSignalSpy saved(&model, &EntityListModel::saved);
        model.save(2);
        QVERIFY(model.setProperty(2, "title", "B again")); // typed after the save was sent
        QVERIFY(saved.wait(10000));
        QTRY_COMPARE(db.execute("SELECT priority FROM tasks WHERE id = ?",
                                {QVariantMap(model.get(model.rowOf(b))).value("id")})
                         .value(0, 0)
                         .toInt(),
                     7);
        QCOMPARE(model.get(model.rowOf(b)).value("title"), "B again"); // still buffered
        QCOMPARE(db.execute("SELECT title FROM tasks WHERE priority = 7").value(0, 0), "B edited");

        // A write whose model moved on answers without touching the new rows.
        model.save(model.rowOf(b));
        model.reload();
        QVERIFY(saved.wait(10000));
        QTRY_VERIFY(!model.loading() && model.rowCount() == 3);

        // Closing with a read running, then opening again.
        model.reload();
        database.close();
        QTRY_COMPARE(model.rowCount(), 0);
        database.setDatabase(db);
        QTRY_VERIFY(!model.loading() && model.rowCount() == 3);
        ChangeLog::uninstall(db);
    }

    // Switching entities while a read runs: the old read's answer is dropped, the roles are the
    // new entity's, and the model never mixes the two.
    void switchingEntities()
    {
        QTemporaryDir dir;
        const Database db(DatabaseConfig::fromUrl("sqlite://" + dir.filePath("switch.db")));
        RexOrmTest::createTasks(db, {{"A", 1}});
        db.execute("CREATE TABLE labels (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
        db.execute("INSERT INTO labels (name) VALUES ('red'), ('green')");
        QmlDatabase database(nullptr);
        database.setDatabase(db);
        EntityListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDatabase(&database);
        model.setEntity("tasks");
        QTRY_COMPARE(model.rowCount(), 1);
        for (int round = 0; round < 20; ++round) {
            model.setEntity(round % 2 ? QStringLiteral("tasks") : QStringLiteral("labels"));
            if (round % 3 == 0)
                QTest::qWait(1); // sometimes while a read runs, sometimes not
        }
        model.setEntity("labels");
        QTRY_VERIFY(!model.loading() && model.rowCount() == 2);
        QCOMPARE(model.fields(), (QStringList{"id", "name"}));
        QCOMPARE(model.get(1).value("name"), "green");
        model.reload();
        QTRY_VERIFY(!model.loading() && model.rowCount() == 2);
    }
};

REXORM_TEST_MAIN(tst_EntityListModel)
#include "tst_entitylistmodel.moc"
