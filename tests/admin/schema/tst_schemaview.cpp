#include "admintest.h"

#include <schema/erdiagram.h>
#include <schema/schematablemodel.h>
#include <schema/schemaview.h>

#include <QtGui/QWheelEvent>
#include <QtTest/QAbstractItemModelTester>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableView>

#include <memory>

using namespace RexOrm;
using namespace RexOrm::Admin;

namespace {

// Chinook names its tables and columns in snake_case on PostgreSQL and in PascalCase elsewhere.
QString chinook(const QString &backend, const char *snake, const char *pascal)
{
    return QString::fromLatin1(backend == u"postgres" ? snake : pascal);
}

int rowOf(const SchemaTableModel *model, int column, const QString &text)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->value(row, column).toString() == text)
            return row;
    }
    return -1;
}

bool flag(const SchemaTableModel *model, int row, int column)
{
    return model->index(row, column).data(Qt::CheckStateRole).toInt() == Qt::Checked;
}

QStringList columnTexts(const SchemaTableModel *model, int column)
{
    QStringList texts;
    for (int row = 0; row < model->rowCount(); ++row)
        texts << model->index(row, column).data().toString();
    return texts;
}

} // namespace

class tst_SchemaView : public QObject
{
    Q_OBJECT

private slots:
    void trackSchema_data() { RexOrmTest::addBackendColumns(); }
    void trackSchema();
    void activatingForeignKey_data() { RexOrmTest::addBackendColumns(); }
    void activatingForeignKey();
    void diagram_data() { RexOrmTest::addBackendColumns(); }
    void diagram();
    void diagramInteraction_data() { RexOrmTest::addBackendColumns(); }
    void diagramInteraction();
};

void tst_SchemaView::trackSchema()
{
    REXORM_ADMIN_TEST_CHINOOK(config);
    Session session;
    SchemaView view(&session);
    QAbstractItemModelTester columnsTester(view.columnsModel(),
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester indexesTester(view.indexesModel(),
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester keysTester(view.foreignKeysModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester relationsTester(
        view.relationsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(view.columnsModel()->rowCount(), 0);
    QCOMPARE(view.columnsModel()->columnCount(), int(SchemaView::ColumnsColumnCount));

    const QString track = chinook(backend, "track", "Track");
    view.setEntity(track); // before the database opens: the view says so and fills in later
    QVERIFY(view.summary().contains(QStringLiteral("No database")));
    QString error;
    QVERIFY2(RexOrmAdminTest::open(session, config, &error), qPrintable(error));
    QVERIFY2(view.summary().contains(track), qPrintable(view.summary()));

    // Columns.
    const SchemaTableModel *columns = view.columnsModel();
    QCOMPARE(columns->rowCount(), 9);
    const auto names = session.names(track);
    QVERIFY(names);
    const QString idColumn = chinook(backend, "track_id", "TrackId");
    const int id = rowOf(columns, SchemaView::ColumnName, idColumn);
    QVERIFY(id >= 0);
    QVERIFY(flag(columns, id, SchemaView::ColumnPrimaryKey));
    QVERIFY(!flag(columns, id, SchemaView::ColumnNullable));
    QVERIFY(!flag(columns, id, SchemaView::ColumnHidden));
    QCOMPARE(columns->index(id, SchemaView::ColumnField).data().toString(),
             names->fieldOf(idColumn));
    QVERIFY(!columns->index(id, SchemaView::ColumnType).data().toString().isEmpty());
    const int name = rowOf(columns, SchemaView::ColumnName, chinook(backend, "name", "Name"));
    QVERIFY(name >= 0);
    QVERIFY(!flag(columns, name, SchemaView::ColumnNullable));
    QVERIFY(!flag(columns, name, SchemaView::ColumnPrimaryKey));
    QVERIFY2(columns->index(name, SchemaView::ColumnType).data().toString().contains(u"200"),
             qPrintable(columns->index(name, SchemaView::ColumnType).data().toString()));
    const int composer =
        rowOf(columns, SchemaView::ColumnName, chinook(backend, "composer", "Composer"));
    QVERIFY(composer >= 0);
    QVERIFY(flag(columns, composer, SchemaView::ColumnNullable));
    QVERIFY(columns->index(composer, SchemaView::ColumnType).data().toString().contains(u"220"));
    // Flags are check marks, not texts.
    QVERIFY(!columns->index(id, SchemaView::ColumnPrimaryKey).data().isValid());
    QCOMPARE(columns->headerData(SchemaView::ColumnPrimaryKey, Qt::Horizontal).toString(),
             QStringLiteral("Primary key"));

    // Foreign keys to Album, Genre and MediaType.
    const SchemaTableModel *keys = view.foreignKeysModel();
    QCOMPARE(keys->rowCount(), 3);
    QStringList references;
    for (int row = 0; row < keys->rowCount(); ++row) {
        references << keys->value(row, SchemaView::ForeignKeyColumns).toString() +
                          QStringLiteral("->") +
                          keys->value(row, SchemaView::ForeignKeyReferencedTable).toString() +
                          u'.' +
                          keys->value(row, SchemaView::ForeignKeyReferencedColumns).toString();
        QVERIFY(!keys->value(row, SchemaView::ForeignKeyOnDelete).toString().isEmpty());
        QVERIFY(!keys->value(row, SchemaView::ForeignKeyOnUpdate).toString().isEmpty());
    }
    references.sort();
    QCOMPARE(references, backend == u"postgres"
                             ? (QStringList{"album_id->album.album_id", "genre_id->genre.genre_id",
                                            "media_type_id->media_type.media_type_id"})
                             : (QStringList{"AlbumId->Album.AlbumId", "GenreId->Genre.GenreId",
                                            "MediaTypeId->MediaType.MediaTypeId"}));

    // Indexes: one on each foreign key column, none of them unique.
    const SchemaTableModel *indexes = view.indexesModel();
    const QStringList indexed = columnTexts(indexes, SchemaView::IndexColumns);
    const std::pair<const char *, const char *> foreignKeyColumns[] = {
        {"album_id", "AlbumId"}, {"genre_id", "GenreId"}, {"media_type_id", "MediaTypeId"}};
    for (const auto &[snake, pascal] : foreignKeyColumns) {
        const QString expected = chinook(backend, snake, pascal);
        const int row = rowOf(indexes, SchemaView::IndexColumns, expected);
        QVERIFY2(row >= 0, qPrintable(indexed.join(u';')));
        QVERIFY(!flag(indexes, row, SchemaView::IndexUnique));
        QVERIFY(!indexes->value(row, SchemaView::IndexName).toString().isEmpty());
    }

    // Relations: belongsTo its three references, belongsToMany Playlist, hasMany InvoiceLine.
    const SchemaTableModel *relations = view.relationsModel();
    QStringList belongsTo;
    for (int row = 0; row < relations->rowCount(); ++row) {
        if (relations->value(row, SchemaView::RelationKind).toString() == u"belongsTo")
            belongsTo << relations->value(row, SchemaView::RelationTarget).toString();
        QVERIFY(!relations->value(row, SchemaView::RelationKeys).toString().isEmpty());
    }
    belongsTo.sort();
    QCOMPARE(belongsTo, backend == u"postgres" ? (QStringList{"album", "genre", "media_type"})
                                               : (QStringList{"Album", "Genre", "MediaType"}));
    QVERIFY(columnTexts(relations, SchemaView::RelationKind).contains(u"belongsToMany"));
    QVERIFY(columnTexts(relations, SchemaView::RelationKind).contains(u"hasMany"));

    // Another entity, an unknown one, and a closed session.
    view.setEntity(chinook(backend, "playlist_track", "PlaylistTrack"));
    QCOMPARE(columns->rowCount(), 2);
    QVERIFY(flag(columns, 0, SchemaView::ColumnPrimaryKey));
    QVERIFY(flag(columns, 1, SchemaView::ColumnPrimaryKey));
    QCOMPARE(keys->rowCount(), 2);
    view.setEntity(QStringLiteral("NoSuchEntity"));
    QCOMPARE(columns->rowCount(), 0);
    QCOMPARE(keys->rowCount(), 0);
    QVERIFY(view.summary().contains(QStringLiteral("NoSuchEntity")));
    view.setEntity(track);
    QCOMPARE(columns->rowCount(), 9);
    session.close();
    QCOMPARE(columns->rowCount(), 0);
    QCOMPARE(indexes->rowCount(), 0);
    QCOMPARE(keys->rowCount(), 0);
    QCOMPARE(relations->rowCount(), 0);
}

void tst_SchemaView::activatingForeignKey()
{
    REXORM_ADMIN_TEST_CHINOOK(config);
    Session session;
    QString error;
    QVERIFY2(RexOrmAdminTest::open(session, config, &error), qPrintable(error));
    SchemaView view(&session);
    view.setEntity(chinook(backend, "album", "Album"));
    view.resize(900, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto *tabs = view.findChild<QTabWidget *>();
    QVERIFY(tabs);
    tabs->setCurrentIndex(2);
    QTableView *table = nullptr;
    for (QTableView *candidate : view.findChildren<QTableView *>()) {
        if (candidate->model() == view.foreignKeysModel())
            table = candidate;
    }
    QVERIFY(table);
    QVERIFY(QTest::qWaitFor([&] { return table->isVisible(); }));
    QCOMPARE(view.foreignKeysModel()->rowCount(), 1);
    QSignalSpy activated(&view, &SchemaView::entityActivated);
    const QPoint cell = table->visualRect(view.foreignKeysModel()->index(0, 0)).center();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell);
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.first().first().toString(), chinook(backend, "artist", "Artist"));
}

void tst_SchemaView::diagram()
{
    REXORM_ADMIN_TEST_CHINOOK(config);
    Session session;
    ErDiagram diagram(&session); // built when the session opens
    QVERIFY(diagram.entities().isEmpty());
    QString error;
    QVERIFY2(RexOrmAdminTest::open(session, config, &error), qPrintable(error));

    const QStringList entities = diagram.entities();
    QCOMPARE(entities.size(), 11);
    QCOMPARE(entities, session.entities());

    // One arrow per foreign key, from the referencing entity to the referenced one.
    QStringList expected;
    for (const QString &name : session.entities()) {
        for (const ForeignKeyInfo &fk : session.entity(name)->foreignKeys)
            expected << name + QStringLiteral("->") +
                            session.registry()->findByTable(fk.referencedTable)->name + u':' +
                            fk.columns.join(u',');
    }
    QCOMPARE(expected.size(), 11);
    QStringList drawn;
    for (const ErDiagram::Edge &edge : diagram.edges()) {
        QVERIFY(edge.foreignKey);
        drawn << edge.from + QStringLiteral("->") + edge.to + u':' + edge.columns.join(u',');
    }
    expected.sort();
    drawn.sort();
    QCOMPARE(drawn, expected);
    const QString track = chinook(backend, "track", "Track");
    const QString album = chinook(backend, "album", "Album");
    const QString employee = chinook(backend, "employee", "Employee");
    QVERIFY(drawn.contains(track + QStringLiteral("->") + album + u':' +
                           chinook(backend, "album_id", "AlbumId")));
    QVERIFY(drawn.contains(employee + QStringLiteral("->") + employee + u':' +
                           chinook(backend, "reports_to", "ReportsTo")));

    // No two boxes overlap; every box shows its columns.
    for (qsizetype i = 0; i < entities.size(); ++i) {
        const QRectF a = diagram.entityRect(entities.at(i));
        QVERIFY(a.width() > 50);
        QVERIFY(a.height() > 40);
        for (qsizetype j = i + 1; j < entities.size(); ++j) {
            const QRectF b = diagram.entityRect(entities.at(j));
            QVERIFY2(!a.intersects(b),
                     qPrintable(entities.at(i) + QStringLiteral(" overlaps ") + entities.at(j)));
        }
    }
    // Referenced entities sit above the ones that reference them.
    QVERIFY(diagram.entityRect(album).bottom() < diagram.entityRect(track).top());
    QVERIFY(diagram.entityRect(track).height() > diagram.entityRect(album).height());

    session.close();
    QVERIFY(diagram.entities().isEmpty());
    QVERIFY(diagram.edges().isEmpty());
    QVERIFY(diagram.scene()->items().isEmpty());
}

void tst_SchemaView::diagramInteraction()
{
    REXORM_ADMIN_TEST_CHINOOK(config);
    Session session;
    QString error;
    QVERIFY2(RexOrmAdminTest::open(session, config, &error), qPrintable(error));
    ErDiagram diagram(&session);
    diagram.resize(1000, 700);
    diagram.show();
    QVERIFY(QTest::qWaitForWindowExposed(&diagram));

    // Fitted: the whole diagram is visible.
    diagram.fitToView();
    const QRectF visible = diagram.mapToScene(diagram.viewport()->rect()).boundingRect();
    QVERIFY(visible.adjusted(-1, -1, 1, 1).contains(diagram.scene()->itemsBoundingRect()));

    // Double-clicking a box activates its entity; the background does nothing.
    const QString track = chinook(backend, "track", "Track");
    const QPoint point = diagram.mapFromScene(diagram.entityRect(track).center());
    QCOMPARE(diagram.entityAt(point), track);
    QSignalSpy activated(&diagram, &ErDiagram::entityActivated);
    QTest::mouseDClick(diagram.viewport(), Qt::LeftButton, {}, point);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.first().first().toString(), track);
    QTest::mouseDClick(diagram.viewport(), Qt::LeftButton, {}, QPoint(2, 2));
    QCOMPARE(activated.count(), 1);

    // Ctrl+wheel zooms in and out; a plain wheel does not zoom.
    const qreal fitted = diagram.zoom();
    const auto wheel = [&](int delta, Qt::KeyboardModifiers modifiers) {
        const QPointF at = diagram.viewport()->rect().center();
        QWheelEvent event(at, diagram.viewport()->mapToGlobal(at), QPoint(), QPoint(0, delta),
                          Qt::NoButton, modifiers, Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(diagram.viewport(), &event);
    };
    wheel(120, Qt::ControlModifier);
    QVERIFY(diagram.zoom() > fitted);
    wheel(-240, Qt::ControlModifier);
    QVERIFY(diagram.zoom() < fitted);
    const qreal zoomed = diagram.zoom();
    wheel(120, Qt::NoModifier);
    QCOMPARE(diagram.zoom(), zoomed);
    diagram.resetZoom();
    QCOMPARE(diagram.zoom(), 1.0);
    diagram.fitToView();
    QCOMPARE(diagram.zoom(), fitted);

    // A reopened database rebuilds the diagram.
    QVERIFY2(RexOrmAdminTest::open(session, config, &error), qPrintable(error));
    QCOMPARE(diagram.entities().size(), 11);
    QCOMPARE(diagram.edges().size(), 11);
}

REXORM_ADMIN_TEST_MAIN(tst_SchemaView)
#include "tst_schemaview.moc"
