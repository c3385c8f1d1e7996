// Browsing in the admin application: the entity list with its row counts, the windowed rows
// model (pages of rows read through the generated GraphQL API), sorting and column filters done
// in SQL, foreign-key labels, the record form, and a grid over a million rows that never reads
// the whole table; on every backend. Chinook is only read; the big table lives in the fresh
// test database.
#include "admintest.h"

#include <browse/columnfilter.h>
#include <browse/entitiesmodel.h>
#include <browse/filterheader.h>
#include <browse/recordform.h>
#include <browse/referencepicker.h>
#include <browse/rowsmodel.h>
#include <browse/rowsview.h>
#include <session/async.h>

#include <rexorm/database/database.h>

#include <QtCore/QLocale>
#include <QtTest/QAbstractItemModelTester>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QScrollBar>

using namespace RexOrm;
using namespace RexOrm::Admin;

namespace {

constexpr int Timeout = 60000;
constexpr qint64 ChinookTracks = 3503;

// Chinook names its tables and columns in snake_case on PostgreSQL and in PascalCase elsewhere.
struct TrackNames
{
    explicit TrackNames(const QString &backend) : snake(backend == u"postgres") {}
    QString of(const char *snakeName, const char *pascalName) const
    {
        return QString::fromLatin1(snake ? snakeName : pascalName);
    }
    bool snake;
    QString table = of("track", "Track");
    QString id = of("track_id", "TrackId");
    QString name = of("name", "Name");
    QString composer = of("composer", "Composer");
    QString milliseconds = of("milliseconds", "Milliseconds");
    QString albumId = of("album_id", "AlbumId");
    QString albumTable = of("album", "Album");
};

QString entityOfTable(const Session &session, const QString &table)
{
    const QStringList entities = session.entities();
    for (const QString &entity : entities) {
        if (const EntityInfo *info = session.entity(entity); info && info->table == table)
            return entity;
    }
    return {};
}

// Direct SQL for the expected values (set-up, so the GUI thread's guard is lifted for it).
QueryResult sql(const Session &session, const QString &text, const QVariantList &params = {})
{
    return RexOrmAdminTest::fixture([&] { return session.database().execute(text, params); });
}

QString quoted(const Session &session, const QString &identifier)
{
    return session.database().dialect().quoteIdentifier(identifier);
}

// Until the model has answered its current query: rows and count, or an error.
bool settle(const RowsModel &model)
{
    return QTest::qWaitFor(
        [&] { return !model.isLoading() && (model.isTotalKnown() || !model.error().isEmpty()); },
        Timeout);
}

// Until request's answer has arrived (answers asked for before it have had their turn).
bool waitForRequest(const Session &session, const QString &query, const QJsonObject &variables)
{
    QObject context;
    bool done = false;
    whenFinished(
        session.request(query, variables), &context, [&](const QJsonObject &) { done = true; },
        [&](const QString &) { done = true; });
    return QTest::qWaitFor([&] { return done; }, Timeout);
}

} // namespace

class tst_Browse : public QObject
{
    Q_OBJECT

private slots:
    void columnFilterLanguage();
    void entities_data() { RexOrmTest::addBackendColumns(); }
    void entities();
    void windowedRows_data() { RexOrmTest::addBackendColumns(); }
    void windowedRows();
    void sorting_data() { RexOrmTest::addBackendColumns(); }
    void sorting();
    void filters_data() { RexOrmTest::addBackendColumns(); }
    void filters();
    void references_data() { RexOrmTest::addBackendColumns(); }
    void references();
    void referencePicker_data() { RexOrmTest::addBackendColumns(); }
    void referencePicker();
    void recordForm_data() { RexOrmTest::addBackendColumns(); }
    void recordForm();
    void millionRows_data() { RexOrmTest::addBackendColumns(); }
    void millionRows();
};

void tst_Browse::columnFilterLanguage()
{
    ColumnInfo text;
    text.name = QStringLiteral("title");
    text.type = ColumnType::String;
    ColumnInfo number;
    number.name = QStringLiteral("length");
    number.type = ColumnType::Integer;
    ColumnInfo flag;
    flag.name = QStringLiteral("active");
    flag.type = ColumnType::Boolean;
    const auto parse = [](const ColumnInfo &column, const char *input, QString *error) {
        error->clear();
        return parseColumnFilter(column, QString::fromUtf8(input), error);
    };
    QString error;
    QCOMPARE(parse(text, "  ", &error), QJsonObject());
    QCOMPARE(parse(text, " Rock ", &error),
             (QJsonObject{{QStringLiteral("ilike"), QStringLiteral("%Rock%")}}));
    QCOMPARE(parse(number, "null", &error), (QJsonObject{{QStringLiteral("isNull"), true}}));
    QCOMPARE(parse(number, "42", &error), (QJsonObject{{QStringLiteral("eq"), 42}}));
    QCOMPARE(parse(flag, "TRUE", &error), (QJsonObject{{QStringLiteral("eq"), true}}));
    QCOMPARE(parse(flag, "0", &error), (QJsonObject{{QStringLiteral("eq"), false}}));
    QCOMPARE(parse(number, "gt: 100, lte: 500", &error),
             (QJsonObject{{QStringLiteral("gt"), 100}, {QStringLiteral("lte"), 500}}));
    QCOMPARE(parse(number, "{gt: 100}", &error), (QJsonObject{{QStringLiteral("gt"), 100}}));
    QCOMPARE(parse(text, "ilike: \"a%\"", &error),
             (QJsonObject{{QStringLiteral("ilike"), QStringLiteral("a%")}}));
    QCOMPARE(parse(text, "isNull: true", &error), (QJsonObject{{QStringLiteral("isNull"), true}}));
    // The API checks operators it does not have; the parser only checks the form.
    QCOMPARE(parse(number, "{foo: 1}", &error), (QJsonObject{{QStringLiteral("foo"), 1}}));
    QVERIFY(error.isEmpty());
    // Text with a colon that does not start with an operator is a plain value.
    QCOMPARE(parse(text, "Re: hello", &error),
             (QJsonObject{{QStringLiteral("ilike"), QStringLiteral("%Re: hello%")}}));
    // Malformed input: nothing, and why.
    QVERIFY(!parse(number, "gt:", &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!parse(number, "forty", &error));
    QVERIFY2(error.contains(u"forty"), qPrintable(error));
    QVERIFY(!parse(flag, "maybe", &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!parse(number, "{gt: }", &error));
    QVERIFY(!error.isEmpty());
}

void tst_Browse::entities()
{
    REXORM_ADMIN_TEST_CHINOOK(config);
    const TrackNames t(backend);
    Session session;
    EntitiesModel entities(&session);
    QAbstractItemModelTester tester(&entities,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy countsChanged(&entities, &EntitiesModel::countsChanged);
    QCOMPARE(entities.rowCount(), 0);
    QString error;
    QVERIFY2(RexOrmAdminTest::open(session, config, &error), qPrintable(error));

    QCOMPARE(entities.rowCount(), 11);
    QCOMPARE(session.entities().size(), 11);
    for (int row = 0; row < entities.rowCount(); ++row)
        QCOMPARE(entities.entityAt(row), session.entities().at(row));
    const QString track = entityOfTable(session, t.table);
    QVERIFY(!track.isEmpty());
    const int trackRow = entities.rowOf(track);
    QVERIFY(trackRow >= 0);
    QCOMPARE(entities.index(trackRow).data(EntitiesModel::EntityRole).toString(), track);

    QTRY_VERIFY_WITH_TIMEOUT(entities.pendingCounts() == 0, Timeout);
    QVERIFY(!countsChanged.isEmpty());
    const QModelIndex trackIndex = entities.index(trackRow);
    QCOMPARE(trackIndex.data(EntitiesModel::CountRole).toLongLong(), ChinookTracks);
    QCOMPARE(trackIndex.data(EntitiesModel::EstimatedRole).toBool(), false);
    const QString display = trackIndex.data().toString();
    QVERIFY2(display.contains(track) && display.contains(QLocale().toString(ChinookTracks)) &&
                 !display.contains(u'~'),
             qPrintable(display));
    // Every entity is counted exactly (Chinook's tables are small), as SQL counts it.
    const Dialect &dialect = session.database().dialect();
    for (int row = 0; row < entities.rowCount(); ++row) {
        const EntityInfo *info = session.entity(entities.entityAt(row));
        QVERIFY(info);
        const qint64 expected = sql(session, QStringLiteral("SELECT COUNT(*) FROM ") +
                                                 dialect.quoteQualified(info->qualifiedTable()))
                                    .rows.value(0)
                                    .value(0)
                                    .toLongLong();
        const QModelIndex index = entities.index(row);
        QCOMPARE(index.data(EntitiesModel::CountRole).toLongLong(), expected);
        QVERIFY(!index.data(EntitiesModel::EstimatedRole).toBool());
    }
}

void tst_Browse::windowedRows()
{
    REXORM_ADMIN_TEST_CHINOOK(config);
    const TrackNames t(backend);
    Session session;
    QString error;
    QVERIFY2(RexOrmAdminTest::open(session, config, &error), qPrintable(error));
    const QString track = entityOfTable(session, t.table);
    QVERIFY(!track.isEmpty());

    RowsModel model(&session);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy totals(&model, &RowsModel::totalChanged);
    QSignalSpy entityChanged(&model, &RowsModel::entityChanged);
    model.setEntity(track);
    QCOMPARE(entityChanged.size(), 1);
    QCOMPARE(model.entity(), track);
    QCOMPARE(model.columnCount(), 9);
    const int id = model.columnOf(t.id);
    const int name = model.columnOf(t.name);
    const int composer = model.columnOf(t.composer);
    const int milliseconds = model.columnOf(t.milliseconds);
    QVERIFY(id >= 0 && name >= 0 && composer >= 0 && milliseconds >= 0);
    QVERIFY(model.columnInfo(id)->primaryKey);
    QCOMPARE(model.headerData(name, Qt::Horizontal).toString(), t.name);

    // The first page, then the count.
    QTRY_VERIFY_WITH_TIMEOUT(model.isLoaded(0), Timeout);
    QVERIFY2(settle(model), qPrintable(model.error()));
    QVERIFY2(model.error().isEmpty(), qPrintable(model.error()));
    QVERIFY(model.isTotalKnown());
    QCOMPARE(model.total(), ChinookTracks);
    QCOMPARE(model.rowCount(), int(ChinookTracks));
    QVERIFY(!totals.isEmpty());
    QCOMPARE(model.index(0, id).data().toString(), QStringLiteral("1"));
    QCOMPARE(model.index(0, id).data(RowsModel::StateRole).toInt(), int(RowsModel::Stored));
    QVERIFY(!model.keyAt(0).isEmpty());
    QCOMPARE(model.rowOfKey(model.keyAt(0)), 0);

    // A row far away is read only when the view asks for it, with the pages around it.
    QVERIFY(!model.isLoaded(3000));
    QVERIFY(model.rowAt(3000).isEmpty());
    QVERIFY(model.keyAt(3000).isEmpty());
    QVERIFY2(model.cachedPageCount() <= 2, qPrintable(QString::number(model.cachedPageCount())));
    const int statementsBefore = model.statementCount();
    QVERIFY2(statementsBefore <= 10, qPrintable(QString::number(statementsBefore)));
    model.setVisibleRows(3000, 3020);
    QTRY_VERIFY_WITH_TIMEOUT(model.isLoaded(3000) && model.isLoaded(3020) && !model.isLoading(),
                             Timeout);
    QVERIFY2(model.error().isEmpty(), qPrintable(model.error()));
    // Three pages (the one in view and one on each side) and their foreign-key labels.
    const int statementsForJump = model.statementCount() - statementsBefore;
    QVERIFY2(statementsForJump >= 3 && statementsForJump <= 12,
             qPrintable(QString::number(statementsForJump)));
    QVERIFY(model.isLoaded(2800) && model.isLoaded(3399));
    QVERIFY(!model.isLoaded(1000) && !model.isLoaded(2599));
    QVERIFY(model.cachedPageCount() <= 5);

    // The row equals what SQL reads at that position, ordered by the key.
    const QueryResult expected =
        sql(session, QStringLiteral("SELECT %1, %2, %3, %4 FROM %5 ORDER BY %1")
                             .arg(quoted(session, t.id), quoted(session, t.name),
                                  quoted(session, t.composer), quoted(session, t.milliseconds),
                                  quoted(session, t.table)) +
                         session.database().dialect().limitClause(1, 3000));
    QCOMPARE(expected.size(), 1);
    const QVariantList row = expected.rows.first();
    QCOMPARE(model.index(3000, id).data(RowsModel::ValueRole).toLongLong(), row.at(0).toLongLong());
    QCOMPARE(model.index(3000, name).data(Qt::EditRole).toString(), row.at(1).toString());
    QCOMPARE(model.index(3000, composer).data(RowsModel::NullRole).toBool(), row.at(2).isNull());
    QCOMPARE(model.index(3000, composer).data(Qt::EditRole).toString(), row.at(2).toString());
    QCOMPARE(model.index(3000, milliseconds).data(RowsModel::ValueRole).toLongLong(),
             row.at(3).toLongLong());
    QCOMPARE(model.rowOfKey(model.keyAt(3000)), 3000);
    QVERIFY2(model.statementCount() <= 25, qPrintable(QString::number(model.statementCount())));
}

void tst_Browse::sorting()
{
    REXORM_ADMIN_TEST_CHINOOK(config);
    const TrackNames t(backend);
    Session session;
    QString error;
    QVERIFY2(RexOrmAdminTest::open(session, config, &error), qPrintable(error));
    RowsModel model(&session);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEntity(entityOfTable(session, t.table));
    QVERIFY2(settle(model), qPrintable(model.error()));
    const int id = model.columnOf(t.id);
    const int name = model.columnOf(t.name);
    QVERIFY(id >= 0 && name >= 0);
    const auto names = session.names(model.entity());
    QVERIFY(names);

    const quint64 generation = model.generation();
    model.sort(name, Qt::DescendingOrder);
    QVERIFY(model.generation() > generation);
    QCOMPARE(model.sortColumn(), name);
    QCOMPARE(model.sortOrder(), Qt::DescendingOrder);
    QCOMPARE(model.orderBy(),
             QJsonArray({QJsonObject{{QStringLiteral("field"), names->fieldOf(t.name)},
                                     {QStringLiteral("direction"), QStringLiteral("DESC")}}}));
    QVERIFY2(settle(model), qPrintable(model.error()));
    QVERIFY2(model.error().isEmpty(), qPrintable(model.error()));
    QCOMPARE(model.total(), ChinookTracks);

    // The database's own collation orders the names; the key breaks ties.
    const QString order =
        QStringLiteral("SELECT %1, %2 FROM %3 ORDER BY %2 DESC, %1")
            .arg(quoted(session, t.id), quoted(session, t.name), quoted(session, t.table));
    const Dialect &dialect = session.database().dialect();
    const QueryResult first = sql(session, order + dialect.limitClause(5, 0));
    QCOMPARE(first.size(), 5);
    for (int row = 0; row < 5; ++row) {
        QCOMPARE(model.index(row, name).data(Qt::EditRole).toString(),
                 first.rows.at(row).at(1).toString());
        QCOMPARE(model.index(row, id).data(RowsModel::ValueRole).toLongLong(),
                 first.rows.at(row).at(0).toLongLong());
    }
    // A far window of the sorted rows too.
    model.setVisibleRows(2000, 2010);
    QTRY_VERIFY_WITH_TIMEOUT(model.isLoaded(2000) && !model.isLoading(), Timeout);
    const QueryResult far = sql(session, order + dialect.limitClause(1, 2000));
    QCOMPARE(model.index(2000, id).data(RowsModel::ValueRole).toLongLong(),
             far.rows.value(0).value(0).toLongLong());

    // No sort column: back to the key order.
    model.sort(-1);
    QCOMPARE(model.sortColumn(), -1);
    QVERIFY(model.orderBy().isEmpty());
    QVERIFY2(settle(model), qPrintable(model.error()));
    QCOMPARE(model.index(0, id).data().toString(), QStringLiteral("1"));
}

void tst_Browse::filters()
{
    REXORM_ADMIN_TEST_CHINOOK(config);
    const TrackNames t(backend);
    Session session;
    QString error;
    QVERIFY2(RexOrmAdminTest::open(session, config, &error), qPrintable(error));
    RowsModel model(&session);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEntity(entityOfTable(session, t.table));
    QVERIFY2(settle(model), qPrintable(model.error()));
    const int name = model.columnOf(t.name);
    const int composer = model.columnOf(t.composer);
    const int milliseconds = model.columnOf(t.milliseconds);
    QVERIFY(name >= 0 && composer >= 0 && milliseconds >= 0);
    const auto names = session.names(model.entity());
    QVERIFY(names);
    const QString table = quoted(session, t.table);
    const auto count = [&](const QString &condition, const QVariantList &params = {}) {
        return sql(session,
                   QStringLiteral("SELECT COUNT(*) FROM %1 WHERE %2").arg(table, condition), params)
            .rows.value(0)
            .value(0)
            .toLongLong();
    };
    const QString lowerName = QStringLiteral("LOWER(%1) LIKE ?").arg(quoted(session, t.name));
    const QString longTrack = QStringLiteral("%1 > ?").arg(quoted(session, t.milliseconds));

    // Plain text: contains, ignoring case.
    QVERIFY2(model.setColumnFilter(name, QStringLiteral("love"), &error), qPrintable(error));
    QCOMPARE(model.columnFilter(name), QStringLiteral("love"));
    QCOMPARE(model.where(),
             (QJsonObject{{names->fieldOf(t.name),
                           QJsonObject{{QStringLiteral("ilike"), QStringLiteral("%love%")}}}}));
    QVERIFY(model.headerData(name, Qt::Horizontal).toString() != t.name); // marked as filtered
    QVERIFY2(settle(model), qPrintable(model.error()));
    QVERIFY2(model.error().isEmpty(), qPrintable(model.error()));
    const qint64 loveCount = count(lowerName, {QStringLiteral("%love%")});
    QVERIFY(loveCount > 0 && loveCount < ChinookTracks);
    QCOMPARE(model.total(), loveCount);
    QCOMPARE(model.rowCount(), int(loveCount));
    for (int row = 0; row < model.rowCount(); ++row) {
        QVERIFY(model.isLoaded(row));
        QVERIFY2(model.index(row, name)
                     .data(Qt::EditRole)
                     .toString()
                     .contains(u"love", Qt::CaseInsensitive),
                 qPrintable(model.index(row, name).data(Qt::EditRole).toString()));
    }

    // A filter of the GraphQL API, alone and with the text filter (both must hold).
    QVERIFY(model.setColumnFilter(name, QString()));
    QVERIFY(model.columnFilter(name).isEmpty());
    QVERIFY2(model.setColumnFilter(milliseconds, QStringLiteral("gt: 300000"), &error),
             qPrintable(error));
    QVERIFY2(settle(model), qPrintable(model.error()));
    QVERIFY2(model.error().isEmpty(), qPrintable(model.error()));
    const qint64 longCount = count(longTrack, {300000});
    QVERIFY(longCount > 0 && longCount < ChinookTracks);
    QCOMPARE(model.total(), longCount);
    QVERIFY(model.setColumnFilter(name, QStringLiteral("love")));
    QVERIFY2(settle(model), qPrintable(model.error()));
    QCOMPARE(model.total(), count(lowerName + QStringLiteral(" AND ") + longTrack,
                                  {QStringLiteral("%love%"), 300000}));
    QVERIFY(model.total() < loveCount);
    model.clearFilters();
    QVERIFY(model.where().isEmpty());
    QVERIFY2(settle(model), qPrintable(model.error()));
    QCOMPARE(model.total(), ChinookTracks);

    // isNull.
    QVERIFY2(model.setColumnFilter(composer, QStringLiteral("isNull: true"), &error),
             qPrintable(error));
    QVERIFY2(settle(model), qPrintable(model.error()));
    const qint64 noComposer = count(QStringLiteral("%1 IS NULL").arg(quoted(session, t.composer)));
    QVERIFY(noComposer > 0);
    QCOMPARE(model.total(), noComposer);
    QVERIFY(model.index(0, composer).data(RowsModel::NullRole).toBool());
    QVERIFY(model.setColumnFilter(composer, QString()));
    QVERIFY2(settle(model), qPrintable(model.error()));
    QCOMPARE(model.total(), ChinookTracks);

    // A malformed filter is refused with a reason and changes nothing.
    const quint64 generation = model.generation();
    const int statements = model.statementCount();
    error.clear();
    QVERIFY(!model.setColumnFilter(milliseconds, QStringLiteral("gt:"), &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(model.generation(), generation);
    QCOMPARE(model.statementCount(), statements);
    QVERIFY(model.columnFilter(milliseconds).isEmpty());
    QVERIFY(model.where().isEmpty());
    QCOMPARE(model.total(), ChinookTracks);
    QVERIFY(model.isLoaded(0));

    // An operator the API does not have: its answer is an error, shown by the model.
    QVERIFY(model.setColumnFilter(milliseconds, QStringLiteral("{foo: 1}"), &error));
    QVERIFY2(settle(model), "no answer to the unknown operator");
    QVERIFY(!model.error().isEmpty());
    QVERIFY2(model.error().contains(u"foo"), qPrintable(model.error()));
    QVERIFY(model.setColumnFilter(milliseconds, QString()));
    QVERIFY2(settle(model), qPrintable(model.error()));
    QVERIFY2(model.error().isEmpty(), qPrintable(model.error()));
    QCOMPARE(model.total(), ChinookTracks);

    // Two filters one right after the other: the second one's rows, whatever order the
    // answers come in.
    const quint64 beforeBoth = model.generation();
    QVERIFY(model.setColumnFilter(name, QStringLiteral("love")));
    QVERIFY(model.setColumnFilter(name, QStringLiteral("rock")));
    QCOMPARE(model.generation(), beforeBoth + 2);
    QVERIFY2(settle(model), qPrintable(model.error()));
    // The first filter's answers, asked for earlier, have arrived by now and were dropped.
    QVERIFY(waitForRequest(session,
                           QStringLiteral("query($where: %1Where) { %2(where: $where) { count } }")
                               .arg(names->typeName, names->aggregateField),
                           QJsonObject{{QStringLiteral("where"),
                                        QJsonObject{{names->fieldOf(t.name),
                                                     QJsonObject{{QStringLiteral("ilike"),
                                                                  QStringLiteral("%love%")}}}}}}));
    const qint64 rockCount = count(lowerName, {QStringLiteral("%rock%")});
    QVERIFY(rockCount != loveCount);
    QCOMPARE(model.total(), rockCount);
    QCOMPARE(model.rowCount(), int(rockCount));
    QVERIFY(model.isLoaded(0));
    for (int row = 0; row < std::min(model.rowCount(), RowsModel::pageSize); ++row)
        QVERIFY2(model.index(row, name)
                     .data(Qt::EditRole)
                     .toString()
                     .contains(u"rock", Qt::CaseInsensitive),
                 qPrintable(model.index(row, name).data(Qt::EditRole).toString()));
}

void tst_Browse::references()
{
    REXORM_ADMIN_TEST_CHINOOK(config);
    const TrackNames t(backend);
    Session session;
    QString error;
    QVERIFY2(RexOrmAdminTest::open(session, config, &error), qPrintable(error));
    const QString album = entityOfTable(session, t.albumTable);
    QVERIFY(!album.isEmpty());
    const auto albumNames = session.names(album);
    QVERIFY(albumNames);
    const QString albumKey = albumNames->fieldOf(session.entity(album)->primaryKey.value(0));
    QVERIFY(!albumKey.isEmpty());

    RowsModel model(&session);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEntity(entityOfTable(session, t.table));
    const int albumId = model.columnOf(t.albumId);
    const int name = model.columnOf(t.name);
    QVERIFY(albumId >= 0 && name >= 0);
    QVERIFY2(settle(model), qPrintable(model.error()));

    // The referenced album's title shows beside the key once the labels arrive.
    QTRY_VERIFY_WITH_TIMEOUT(
        model.index(0, albumId).data().toString().contains(u"For Those About To Rock"), Timeout);
    QVERIFY(model.index(0, albumId).data().toString().startsWith(u'1'));
    QCOMPARE(model.index(0, albumId).data(Qt::EditRole).toString(), QStringLiteral("1"));
    const QVariantMap reference = model.index(0, albumId).data(RowsModel::ReferenceRole).toMap();
    QCOMPARE(reference.value(QStringLiteral("entity")).toString(), album);
    const QVariantMap where = reference.value(QStringLiteral("where")).toMap();
    QCOMPARE(where.keys(), QStringList{albumKey});
    const QVariantMap condition = where.value(albumKey).toMap();
    QCOMPARE(condition.keys(), QStringList{QStringLiteral("eq")});
    QCOMPARE(condition.value(QStringLiteral("eq")).toInt(), 1);
    QVERIFY(!model.index(0, name).data(RowsModel::ReferenceRole).isValid());

    // A new query (here a sort) right after a page arrived, while its labels are being read:
    // the labels still show.
    RowsModel sorted(&session);
    bool resorted = false;
    connect(
        &sorted, &QAbstractItemModel::dataChanged, &sorted,
        [&] {
            if (!resorted && sorted.isLoaded(0)) {
                resorted = true;
                sorted.sort(0, Qt::AscendingOrder);
            }
        },
        Qt::QueuedConnection); // runs before the labels' answer can arrive
    sorted.setEntity(model.entity());
    QTRY_VERIFY_WITH_TIMEOUT(resorted, Timeout);
    QVERIFY2(settle(sorted), qPrintable(sorted.error()));
    QTRY_VERIFY_WITH_TIMEOUT(
        sorted.index(0, albumId).data().toString().contains(u"For Those About To Rock"), Timeout);
}

void tst_Browse::referencePicker()
{
    REXORM_ADMIN_TEST_CHINOOK(config);
    const TrackNames t(backend);
    Session session;
    QString error;
    QVERIFY2(RexOrmAdminTest::open(session, config, &error), qPrintable(error));
    const QString album = entityOfTable(session, t.albumTable);
    const EntityInfo *info = session.entity(album);
    QVERIFY(info);
    const auto names = session.names(album);
    QVERIFY(names);
    const QString keyColumn = info->primaryKey.value(0);
    const QString titleColumn = t.of("title", "Title");
    const QString key = names->fieldOf(keyColumn);
    const QString title = names->fieldOf(titleColumn);
    QVERIFY(!key.isEmpty() && !title.isEmpty());

    // At first the first hundred albums by title; typing searches the titles in SQL.
    ReferencePicker picker(&session, album, key, title);
    QTRY_COMPARE_WITH_TIMEOUT(picker.results()->count(), 100, Timeout);
    const QString search = QStringLiteral("SELECT %1, %2 FROM %3 WHERE LOWER(%2) LIKE ? ORDER BY "
                                          "%2, %1")
                               .arg(quoted(session, keyColumn), quoted(session, titleColumn),
                                    quoted(session, t.albumTable));
    const QueryResult rock = sql(session, search, {QStringLiteral("%rock%")});
    QVERIFY(rock.size() > 1 && rock.size() < 100);
    picker.search()->setText(QStringLiteral("Rock"));
    QTRY_COMPARE_WITH_TIMEOUT(picker.results()->count(), int(rock.size()), Timeout);
    for (int row = 0; row < picker.results()->count(); ++row)
        QVERIFY2(picker.results()->item(row)->text().contains(u"rock", Qt::CaseInsensitive),
                 qPrintable(picker.results()->item(row)->text()));
    QCOMPARE(
        picker.results()->item(0)->text(),
        QStringLiteral("%1 · %2").arg(rock.value(0, 0).toString(), rock.value(0, 1).toString()));
    QCOMPARE(picker.results()->currentRow(), 0);
    picker.results()->setCurrentRow(1);
    picker.accept();
    QCOMPARE(picker.result(), int(QDialog::Accepted));
    QCOMPARE(picker.value().toVariant().toLongLong(), rock.value(1, 0).toLongLong());
}

void tst_Browse::recordForm()
{
    REXORM_ADMIN_TEST_CHINOOK(config);
    const TrackNames t(backend);
    Session session;
    QString error;
    QVERIFY2(RexOrmAdminTest::open(session, config, &error), qPrintable(error));
    RowsModel model(&session);
    RecordForm form(&session, &model);
    model.setEntity(entityOfTable(session, t.table));
    QVERIFY2(settle(model), qPrintable(model.error()));

    const QString select = QStringLiteral("SELECT %1, %2, %3 FROM %4 ORDER BY %1")
                               .arg(quoted(session, t.id), quoted(session, t.name),
                                    quoted(session, t.composer), quoted(session, t.table));
    const Dialect &dialect = session.database().dialect();
    const QVariantList first = sql(session, select + dialect.limitClause(1, 0)).rows.value(0);
    QCOMPARE(first.size(), 3);

    form.setRow(0);
    QCOMPARE(form.row(), 0);
    QLineEdit *id = form.editor(t.id);
    QLineEdit *name = form.editor(t.name);
    QLineEdit *composer = form.editor(t.composer);
    QVERIFY(id && name && composer);
    QCOMPARE(id->text(), first.at(0).toString());
    QCOMPARE(name->text(), first.at(1).toString());
    QCOMPARE(composer->text(), first.at(2).toString());
    // Key columns cannot be edited; the others can.
    for (int column = 0; column < model.columnCount(); ++column) {
        const ColumnInfo *info = model.columnInfo(column);
        QLineEdit *editor = form.editor(info->name);
        QVERIFY2(editor, qPrintable(info->name));
        QCOMPARE(editor->isEnabled(), !info->primaryKey);
        QCOMPARE(editor->text(), model.index(0, column).data(Qt::EditRole).toString());
    }

    // A row not read yet shows nothing until its page arrives.
    form.setRow(3000);
    QVERIFY(!name->isEnabled());
    QVERIFY(name->text().isEmpty());
    model.setVisibleRows(3000, 3010);
    const QVariantList far = sql(session, select + dialect.limitClause(1, 3000)).rows.value(0);
    QCOMPARE(far.size(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(name->text(), far.at(1).toString(), Timeout);
    QCOMPARE(id->text(), far.at(0).toString());
    QVERIFY(name->isEnabled());
    QVERIFY(!id->isEnabled());
    QCOMPARE(composer->text(), far.at(2).toString());
    QCOMPARE(composer->placeholderText() == u"NULL", far.at(2).isNull());

    form.setRow(-1);
    QVERIFY(name->text().isEmpty());
    QVERIFY(!name->isEnabled());
}

void tst_Browse::millionRows()
{
    REXORM_ADMIN_TEST_CONFIG(config);
    constexpr int Rows = 1000000;
    const QString table = QStringLiteral("browse_million");
    const Database db(config);
    const Dialect &dialect = db.dialect();
    const QString q = dialect.quoteIdentifier(table);
    // val is a permutation of the keys (7919 and 1000003 are prime), with no index.
    RexOrmAdminTest::fixture([&] {
        RexOrmTest::dropTables(db, {table});
        db.execute(QStringLiteral("CREATE TABLE %1 (id INTEGER NOT NULL PRIMARY KEY, val BIGINT "
                                  "NOT NULL, label VARCHAR(40) NOT NULL)")
                       .arg(q));
        if (dialect.name() == u"postgres") {
            db.execute(QStringLiteral("INSERT INTO %1 (id, val, label) SELECT g, (g * "
                                      "CAST(7919 AS bigint)) % 1000003, 'row ' || g FROM "
                                      "generate_series(1, CAST(? AS integer)) AS g")
                           .arg(q),
                       {Rows});
        } else if (dialect.name() == u"sqlite") {
            db.execute(
                QStringLiteral("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM "
                               "n WHERE x < ?) INSERT INTO %1 (id, val, label) SELECT x, "
                               "(x * 7919) % 1000003, 'row ' || x FROM n")
                    .arg(q),
                {Rows});
        } else {
            // MariaDB stops a recursive CTE at max_recursive_iterations (1000 by default): the
            // million rows are a thousand times a thousand.
            db.execute(QStringLiteral("INSERT INTO %1 (id, val, label) WITH RECURSIVE n(x) AS "
                                      "(SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < ?) "
                                      "SELECT a.x * 1000 + b.x + 1, ((a.x * 1000 + b.x + 1) * "
                                      "7919) % 1000003, CONCAT('row ', a.x * 1000 + b.x + 1) "
                                      "FROM n AS a CROSS JOIN n AS b")
                           .arg(q),
                       {999});
        }
    });
    const auto dropTable = qScopeGuard(
        [&] { RexOrmAdminTest::fixture([&] { RexOrmTest::dropTables(db, {table}); }); });
    const auto [largest, secondLargest, filled] = RexOrmAdminTest::fixture([&] {
        const QueryResult top =
            db.execute(QStringLiteral("SELECT val FROM %1 ORDER BY val DESC").arg(q) +
                       dialect.limitClause(2, 0));
        const qint64 rows =
            db.execute(QStringLiteral("SELECT COUNT(*) FROM %1").arg(q)).value(0, 0).toLongLong();
        return std::tuple(top.value(0, 0).toLongLong(), top.value(1, 0).toLongLong(), rows);
    });
    QCOMPARE(filled, qint64(Rows));

    // The session is closed (destroyed) before the table is dropped.
    Session session;
    QString error;
    QVERIFY2(RexOrmAdminTest::open(session, config, &error), qPrintable(error));
    const QString entity = entityOfTable(session, table);
    QVERIFY(!entity.isEmpty());

    RowsView view(&session);
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.showEntity(entity);
    RowsModel *model = view.rows();
    const int id = model->columnOf(QStringLiteral("id"));
    const int val = model->columnOf(QStringLiteral("val"));
    QVERIFY(id >= 0 && val >= 0);
    QVERIFY(view.filterHeader()->editor(id));

    // The first rows show, read as the first pages, never the whole table.
    QTRY_VERIFY_WITH_TIMEOUT(model->isLoaded(0), Timeout);
    QCOMPARE(view.model()->index(0, id).data().toString(), QStringLiteral("1"));
    QCOMPARE(view.rowAt(0), 0);
    QVERIFY2(model->statementCount() <= 4, qPrintable(QString::number(model->statementCount())));
    QTRY_VERIFY_WITH_TIMEOUT(model->isTotalKnown() && !model->isLoading(), Timeout);
    QVERIFY2(model->error().isEmpty(), qPrintable(model->error()));
    QCOMPARE(model->total(), qint64(Rows));
    QCOMPARE(model->rowCount(), Rows);
    QVERIFY2(model->cachedPageCount() <= 3, qPrintable(QString::number(model->cachedPageCount())));
    QVERIFY2(model->statementCount() <= 4, qPrintable(QString::number(model->statementCount())));
    QVERIFY(!model->isLoaded(RowsModel::pageSize * 3));

    // Scrolling to the end reads the last pages, and only those.
    QScrollBar *scrollBar = view.verticalScrollBar();
    QTRY_VERIFY_WITH_TIMEOUT(scrollBar->maximum() > Rows - 100, Timeout);
    const int beforeScroll = model->statementCount();
    scrollBar->setValue(scrollBar->maximum());
    const QModelIndex last = model->index(Rows - 1, id);
    QTRY_VERIFY_WITH_TIMEOUT(model->isLoaded(Rows - 1) && !model->isLoading(), Timeout);
    QVERIFY2(model->error().isEmpty(), qPrintable(model->error()));
    QCOMPARE(last.data().toString(), QString::number(Rows));
    QVERIFY(view.viewport()->rect().contains(view.visualRect(last).center()));
    const int scrollStatements = model->statementCount() - beforeScroll;
    QVERIFY2(scrollStatements >= 1 && scrollStatements <= 10,
             qPrintable(QString::number(scrollStatements)));
    QVERIFY(!model->isLoaded(Rows / 2));

    // Far-apart positions: more pages than the cache holds are read; it stays bounded.
    int mostCached = model->cachedPageCount();
    const auto watchCache = connect(model, &QAbstractItemModel::dataChanged, model, [&] {
        mostCached = std::max(mostCached, model->cachedPageCount());
    });
    const int positions = RowsModel::maxCachedPages / 2 + 8; // three or four pages each
    for (int i = 1; i <= positions; ++i) {
        const int row = i * 15 * RowsModel::pageSize + 7;
        scrollBar->setValue(row); // per item: the value is the first row in view
        QTRY_VERIFY_WITH_TIMEOUT(model->isLoaded(row), Timeout);
        QCOMPARE(model->index(row, id).data().toString(), QString::number(row + 1));
        mostCached = std::max(mostCached, model->cachedPageCount());
    }
    QTRY_VERIFY_WITH_TIMEOUT(!model->isLoading(), Timeout);
    disconnect(watchCache);
    QVERIFY2(mostCached <= RowsModel::maxCachedPages, qPrintable(QString::number(mostCached)));
    QCOMPARE(model->cachedPageCount(), RowsModel::maxCachedPages);
    QVERIFY(!model->isLoaded(15 * RowsModel::pageSize + 7)); // the first position's pages went
    QVERIFY(model->isLoaded(positions * 15 * RowsModel::pageSize + 7));
    // Fitting a column to its contents measures rows already read, around the view.
    const int beforeFit = model->statementCount();
    view.resizeColumnToContents(model->columnOf(QStringLiteral("label")));
    QCoreApplication::processEvents();
    QCOMPARE(model->statementCount(), beforeFit);
    QVERIFY(!model->isLoading());

    // Sorting by a column without an index: the largest value comes first, in view.
    view.sortByColumn(val, Qt::DescendingOrder);
    QCOMPARE(model->sortColumn(), val);
    QCOMPARE(model->sortOrder(), Qt::DescendingOrder);
    QTRY_VERIFY_WITH_TIMEOUT(model->isLoaded(1) && model->isTotalKnown() && !model->isLoading(),
                             Timeout);
    QVERIFY2(model->error().isEmpty(), qPrintable(model->error()));
    QCOMPARE(model->index(0, val).data(RowsModel::ValueRole).toLongLong(), largest);
    QCOMPARE(model->index(1, val).data(RowsModel::ValueRole).toLongLong(), secondLargest);
    QCOMPARE(view.rowAt(0), 0);
    QCOMPARE(model->total(), qint64(Rows));

    // A slow query, then right away a fast one typed in the header. The slow one's page (every
    // label sorted) still runs on one executor thread while its count and the fast query finish
    // on the other: its late answer must not replace the fast query's rows.
    const int label = model->columnOf(QStringLiteral("label"));
    QVERIFY(label >= 0);
    view.sortByColumn(label, Qt::DescendingOrder);
    const QJsonArray slowOrder = model->orderBy();
    QLineEdit *idFilter = view.filterHeader()->editor(id);
    idFilter->setText(QStringLiteral("7"));
    QTest::keyClick(idFilter, Qt::Key_Return);
    QCOMPARE(model->columnFilter(id), QStringLiteral("7"));
    QTRY_VERIFY_WITH_TIMEOUT(model->isTotalKnown() && !model->isLoading(), Timeout);
    const auto names = session.names(entity);
    QVERIFY(names);
    // The same read as the slow page, asked for later: once it is answered, so is that page.
    QVERIFY(waitForRequest(
        session,
        QStringLiteral("query($orderBy: [%1OrderBy!]) { %2(orderBy: $orderBy, "
                       "limit: 200) { %3 } }")
            .arg(names->typeName, names->listField, names->fieldOf(QStringLiteral("id"))),
        QJsonObject{{QStringLiteral("orderBy"), slowOrder}}));
    QCoreApplication::processEvents();
    QVERIFY2(model->error().isEmpty(), qPrintable(model->error()));
    QCOMPARE(model->total(), qint64(1));
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, id).data().toString(), QStringLiteral("7"));
    QCOMPARE(model->cachedPageCount(), 1);

    // A malformed filter typed in the header is refused there, with the reason as its tooltip.
    QLineEdit *valFilter = view.filterHeader()->editor(val);
    valFilter->setText(QStringLiteral("gt:"));
    QTest::keyClick(valFilter, Qt::Key_Return);
    QVERIFY(model->columnFilter(val).isEmpty());
    QString why;
    QVERIFY(!parseColumnFilter(*model->columnInfo(val), QStringLiteral("gt:"), &why));
    QVERIFY(!why.isEmpty());
    QCOMPARE(valFilter->toolTip(), why);
    QVERIFY(!valFilter->styleSheet().isEmpty());

    // Showing the entity again starts afresh: no filter, no sort, one query.
    const quint64 beforeShow = model->generation();
    const int statementsBeforeShow = model->statementCount();
    view.showEntity(entity);
    QCOMPARE(model->generation(), beforeShow + 1);
    QCOMPARE(model->statementCount(), statementsBeforeShow + 2); // the first page and the count
    QCOMPARE(model->sortColumn(), -1);
    QCOMPARE(view.horizontalHeader()->sortIndicatorSection(), -1);
    QVERIFY(model->where().isEmpty());
    QVERIFY(idFilter->text().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(model->isTotalKnown() && !model->isLoading(), Timeout);
    QCOMPARE(model->total(), qint64(Rows));
    QCOMPARE(model->index(0, id).data().toString(), QStringLiteral("1"));
}

REXORM_ADMIN_TEST_MAIN(tst_Browse)
#include "tst_browse.moc"
