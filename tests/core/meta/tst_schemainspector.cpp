#include "testdatabases.h"

#include <rexorm/meta/decimal.h>
#include <rexorm/meta/registry.h>
#include <rexorm/meta/schemainspector.h>
#include <rexorm/migrations/migrator.h>
#include <rexorm/model/entityrepository.h>
#include <rexorm/query/query.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QUuid>

using namespace RexOrm;

namespace {

// Chinook names its tables in snake_case on PostgreSQL and in PascalCase elsewhere.
QString chinook(const QString &backend, const char *snake, const char *pascal)
{
    return QString::fromLatin1(backend == u"postgres" ? snake : pascal);
}

QStringList relationNames(const EntityInfo &entity, RelationInfo::Kind kind)
{
    QStringList names;
    for (const RelationInfo &r : entity.relations) {
        if (r.kind == kind)
            names << r.name + u':' + r.target;
    }
    names.sort();
    return names;
}

const EntityInfo &byTable(const QList<EntityInfo> &entities, const QString &table)
{
    for (const EntityInfo &e : entities) {
        if (e.table == table)
            return e;
    }
    qFatal("no entity for table %s", qPrintable(table));
}

} // namespace

class tst_SchemaInspector : public QObject
{
    Q_OBJECT

private slots:
    void chinookTables_data() { RexOrmTest::addBackendColumns(); }
    void chinookTables();
    void chinookColumns_data() { RexOrmTest::addBackendColumns(); }
    void chinookColumns();
    void chinookKeysAndIndexes_data() { RexOrmTest::addBackendColumns(); }
    void chinookKeysAndIndexes();
    void chinookRelations_data() { RexOrmTest::addBackendColumns(); }
    void chinookRelations();
    void chinookExactPrices_data() { RexOrmTest::addBackendColumns(); }
    void chinookExactPrices();
    void servedEntities_data() { RexOrmTest::addBackendColumns(); }
    void servedEntities();
    void viewsAndSpecialTypes_data() { RexOrmTest::addBackendColumns(); }
    void viewsAndSpecialTypes();
    void unknownTable();
};

void tst_SchemaInspector::chinookTables()
{
    REXORM_TEST_CHINOOK(config);
    SchemaInspector inspector{Database(config)};
    QStringList expected =
        backend == u"postgres"
            ? QStringList{"album",    "artist",         "customer",     "employee",
                          "genre",    "invoice",        "invoice_line", "media_type",
                          "playlist", "playlist_track", "track"}
            : QStringList{"Album",    "Artist",        "Customer",    "Employee",
                          "Genre",    "Invoice",       "InvoiceLine", "MediaType",
                          "Playlist", "PlaylistTrack", "Track"};
    QStringList tables = inspector.tables();
    tables.removeIf([](const QString &t) { return t.startsWith(u"rexorm_"); });
    QCOMPARE(tables, expected);
}

void tst_SchemaInspector::chinookColumns()
{
    REXORM_TEST_CHINOOK(config);
    SchemaInspector inspector{Database(config)};
    const EntityInfo track = inspector.inspect(chinook(backend, "track", "Track"));
    QCOMPARE(track.columns.size(), 9);
    QCOMPARE(track.primaryKey, QStringList{chinook(backend, "track_id", "TrackId")});
    QVERIFY(!track.readOnly);

    const ColumnInfo *id = track.column(chinook(backend, "track_id", "TrackId"));
    QVERIFY(id->primaryKey);
    QVERIFY(!id->nullable);
    QCOMPARE(id->type, ColumnType::Integer);
    QCOMPARE(id->autoIncrement, backend == u"sqlite"); // an INTEGER primary key is SQLite's rowid

    const ColumnInfo *name = track.column(chinook(backend, "name", "Name"));
    QCOMPARE(name->type, ColumnType::String);
    QCOMPARE(name->length, 200);
    QVERIFY(!name->nullable);
    QCOMPARE(name->metaType, QMetaType::fromType<QString>());

    const ColumnInfo *composer = track.column(chinook(backend, "composer", "Composer"));
    QVERIFY(composer->nullable);
    QCOMPARE(composer->length, 220);

    const ColumnInfo *price = track.column(chinook(backend, "unit_price", "UnitPrice"));
    QCOMPARE(price->type, ColumnType::Decimal);
    QCOMPARE(price->precision, 10);
    QCOMPARE(price->scale, 2);
    QCOMPARE(price->metaType, QMetaType::fromType<Decimal>());

    const EntityInfo invoice = inspector.inspect(chinook(backend, "invoice", "Invoice"));
    QCOMPARE(invoice.column(chinook(backend, "invoice_date", "InvoiceDate"))->type,
             ColumnType::DateTime);
}

void tst_SchemaInspector::chinookKeysAndIndexes()
{
    REXORM_TEST_CHINOOK(config);
    SchemaInspector inspector{Database(config)};
    const EntityInfo playlistTrack =
        inspector.inspect(chinook(backend, "playlist_track", "PlaylistTrack"));
    QCOMPARE(playlistTrack.primaryKey, (QStringList{chinook(backend, "playlist_id", "PlaylistId"),
                                                    chinook(backend, "track_id", "TrackId")}));
    QCOMPARE(playlistTrack.foreignKeys.size(), 2);

    const EntityInfo track = inspector.inspect(chinook(backend, "track", "Track"));
    QCOMPARE(track.foreignKeys.size(), 3);
    QStringList references;
    for (const ForeignKeyInfo &fk : track.foreignKeys)
        references << fk.columns.join(u',') + QStringLiteral("->") + fk.referencedTable + u'.' +
                          fk.referencedColumns.join(u',');
    references.sort();
    QCOMPARE(references, backend == u"postgres"
                             ? (QStringList{"album_id->album.album_id", "genre_id->genre.genre_id",
                                            "media_type_id->media_type.media_type_id"})
                             : (QStringList{"AlbumId->Album.AlbumId", "GenreId->Genre.GenreId",
                                            "MediaTypeId->MediaType.MediaTypeId"}));
    bool albumIndex = false;
    for (const IndexInfo &index : track.indexes)
        albumIndex =
            albumIndex || index.columns == QStringList{chinook(backend, "album_id", "AlbumId")};
    QVERIFY(albumIndex);
}

void tst_SchemaInspector::chinookRelations()
{
    REXORM_TEST_CHINOOK(config);
    SchemaInspector inspector{Database(config)};
    const QList<EntityInfo> entities = inspector.inspectAll();
    const bool pg = backend == u"postgres";

    const EntityInfo &track = byTable(entities, chinook(backend, "track", "Track"));
    QCOMPARE(relationNames(track, RelationInfo::BelongsTo),
             pg ? (QStringList{"album:album", "genre:genre", "media_type:media_type"})
                : (QStringList{"Album:Album", "Genre:Genre", "MediaType:MediaType"}));
    QVERIFY(relationNames(track, RelationInfo::BelongsToMany)
                .contains(pg ? QStringLiteral("playlist_via_playlist_track:playlist")
                             : QStringLiteral("Playlist_via_PlaylistTrack:Playlist")));

    const EntityInfo &album = byTable(entities, chinook(backend, "album", "Album"));
    QCOMPARE(relationNames(album, RelationInfo::HasMany),
             pg ? QStringList{"track:track"} : QStringList{"Track:Track"});
    const RelationInfo *tracks = album.relation(pg ? u"track" : u"Track");
    QCOMPARE(tracks->foreignKey, chinook(backend, "album_id", "AlbumId"));

    const EntityInfo &playlist = byTable(entities, chinook(backend, "playlist", "Playlist"));
    const RelationInfo *many =
        playlist.relation(pg ? u"track_via_playlist_track" : u"Track_via_PlaylistTrack");
    QVERIFY(many);
    QCOMPARE(many->kind, RelationInfo::BelongsToMany);
    QCOMPARE(many->pivotForeignKey, chinook(backend, "playlist_id", "PlaylistId"));
    QCOMPARE(many->pivotRelatedKey, chinook(backend, "track_id", "TrackId"));

    // Employee refers to itself (reports_to), and customers to their support rep.
    const EntityInfo &employee = byTable(entities, chinook(backend, "employee", "Employee"));
    QVERIFY(relationNames(employee, RelationInfo::BelongsTo)
                .contains(pg ? QStringLiteral("reports_to_employee:employee")
                             : QStringLiteral("ReportsTo_Employee:Employee")));
    QVERIFY(relationNames(employee, RelationInfo::HasMany)
                .contains(pg ? QStringLiteral("employee_reports_to:employee")
                             : QStringLiteral("Employee_ReportsTo:Employee")));
    QVERIFY(relationNames(employee, RelationInfo::HasMany)
                .contains(pg ? QStringLiteral("customer:customer")
                             : QStringLiteral("Customer:Customer")));

    Registry registry;
    QCOMPARE(inspector.registerAll(registry).size(), 11);
    registry.validate();
}

void tst_SchemaInspector::chinookExactPrices()
{
    REXORM_TEST_CHINOOK(config);
    Database db(config);
    const EntityInfo track = SchemaInspector(db).inspect(chinook(backend, "track", "Track"));
    const QString priceColumn = chinook(backend, "unit_price", "UnitPrice");
    const QString idColumn = chinook(backend, "track_id", "TrackId");
    const auto price = [&](int id) {
        const QVariant raw =
            Query(track.table).select(priceColumn).where(idColumn, id).execute(db).value(0, 0);
        return db.dialect().fromDatabaseValue(raw, ColumnType::Decimal).value<Decimal>();
    };
    QCOMPARE(price(1).toString(), QStringLiteral("0.99"));
    QCOMPARE(price(1), Decimal(u"0.99"));
    // Written and read back inside a transaction that is rolled back: the shared Chinook stays as
    // it was.
    Transaction tx = db.begin();
    Query(track.table)
        .update(Fields{{priceColumn, QVariant::fromValue(Decimal(u"12345678.91"))}})
        .where(idColumn, 1)
        .execute(db);
    QCOMPARE(price(1), Decimal(u"12345678.91"));
    QCOMPARE(price(1).toString(), QStringLiteral("12345678.91"));
    tx.rollback();
    QCOMPARE(price(1), Decimal(u"0.99"));
}

void tst_SchemaInspector::viewsAndSpecialTypes()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    SchemaInspector inspector(db);
    if (backend == u"postgres") {
        db.execute(QStringLiteral("DROP SCHEMA IF EXISTS music CASCADE"));
        db.execute(QStringLiteral("CREATE SCHEMA music"));
        db.execute(QStringLiteral("CREATE TYPE music.mood AS ENUM ('calm', 'loud', 'sad')"));
        db.execute(QStringLiteral(
            "CREATE TABLE music.song (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tags text[], "
            "info jsonb NOT NULL DEFAULT '{}', released timestamptz, mood music.mood, "
            "plays bigint GENERATED BY DEFAULT AS IDENTITY, title varchar(80) UNIQUE, "
            "loud_title text GENERATED ALWAYS AS (upper(title)) STORED)"));
        db.execute(QStringLiteral("CREATE VIEW music.loud_songs AS SELECT id, title FROM "
                                  "music.song WHERE mood = 'loud'"));
        QCOMPARE(inspector.tables(QStringLiteral("music")), (QStringList{"loud_songs", "song"}));
        const EntityInfo song = inspector.inspect(QStringLiteral("song"), QStringLiteral("music"));
        QCOMPARE(song.schema, QStringLiteral("music"));
        QCOMPARE(song.name, QStringLiteral("music_song"));
        QCOMPARE(song.qualifiedTable(), QStringLiteral("music.song"));
        QCOMPARE(song.column(u"id")->type, ColumnType::Uuid);
        QCOMPARE(song.column(u"id")->defaultExpression, QStringLiteral("gen_random_uuid()"));
        QVERIFY(song.column(u"tags")->isArray);
        QCOMPARE(song.column(u"tags")->databaseType, QStringLiteral("_text"));
        QCOMPARE(song.column(u"info")->type, ColumnType::Json);
        QCOMPARE(song.column(u"info")->defaultValue, QVariant(QStringLiteral("{}")));
        QCOMPARE(song.column(u"released")->type, ColumnType::DateTimeTz);
        QCOMPARE(song.column(u"mood")->enumValues, (QStringList{"calm", "loud", "sad"}));
        QVERIFY(song.column(u"plays")->autoIncrement);
        QVERIFY(song.column(u"title")->unique);
        QVERIFY(song.column(u"loud_title")->readOnly);
        // The special types are usable, not only reflected.
        db.execute(
            QStringLiteral("INSERT INTO music.song (tags, info, released, mood, title) VALUES "
                           "('{rock,\"slow, sad\",NULL}', '{\"bpm\": 90}', '2024-01-02T03:04:05Z', "
                           "'loud', 'Hey')"));
        EntityRepository songs(db, song);
        const Record row = songs.findAll().first();
        QCOMPARE(row.value(u"tags").toJsonValue().toArray(),
                 (QJsonArray{QStringLiteral("rock"), QStringLiteral("slow, sad"), QJsonValue()}));
        QCOMPARE(row.value(u"info").toJsonValue().toObject().value("bpm").toInt(), 90);
        QCOMPARE(row.value(u"released").toDateTime(),
                 QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5), Qt::UTC));
        QCOMPARE(row.value(u"mood").toString(), QStringLiteral("loud"));
        QVERIFY(!row.value(u"id").toUuid().isNull());
        QCOMPARE(row.value(u"loud_title").toString(), QStringLiteral("HEY"));
        Record changed = row;
        changed.setValue("mood", "calm");
        songs.save(changed);
        QCOMPARE(songs.findOrFail(row.value(u"id")).value(u"mood").toString(),
                 QStringLiteral("calm"));
        const EntityInfo view =
            inspector.inspect(QStringLiteral("loud_songs"), QStringLiteral("music"));
        QVERIFY(view.readOnly);
        QVERIFY(view.column(u"title")->readOnly);
        db.execute(QStringLiteral("DROP SCHEMA music CASCADE"));
        return;
    }
    RexOrmTest::dropTables(db, {QStringLiteral("song")});
    db.execute(QStringLiteral("DROP VIEW IF EXISTS loud_songs"));
    if (backend == u"mariadb")
        db.execute(QStringLiteral(
            "CREATE TABLE song (id INT AUTO_INCREMENT PRIMARY KEY, title VARCHAR(80) UNIQUE, "
            "mood ENUM('calm','loud','it''s sad'), plays BIGINT UNSIGNED DEFAULT 0, info JSON, "
            "ok TINYINT(1) NOT NULL DEFAULT 1)"));
    else
        db.execute(QStringLiteral(
            "CREATE TABLE song (id INTEGER PRIMARY KEY, title VARCHAR(80) UNIQUE, mood TEXT, "
            "plays BIGINT DEFAULT 0, info JSON, ok BOOLEAN NOT NULL DEFAULT 1, "
            "created DATETIME DEFAULT CURRENT_TIMESTAMP)"));
    db.execute(
        QStringLiteral("CREATE VIEW loud_songs AS SELECT id, title FROM song WHERE mood = 'loud'"));
    const EntityInfo song = inspector.inspect(QStringLiteral("song"));
    QVERIFY(song.column(u"id")->autoIncrement);
    QVERIFY(song.column(u"title")->unique);
    QCOMPARE(song.column(u"plays")->type, ColumnType::BigInt);
    QCOMPARE(song.column(u"plays")->defaultValue.toString(), QStringLiteral("0"));
    QCOMPARE(song.column(u"ok")->type, ColumnType::Boolean);
    if (backend == u"mariadb") {
        QCOMPARE(song.column(u"mood")->enumValues, (QStringList{"calm", "loud", "it's sad"}));
    } else {
        QCOMPARE(song.column(u"info")->type, ColumnType::Json);
        QCOMPARE(song.column(u"created")->defaultExpression, QStringLiteral("CURRENT_TIMESTAMP"));
    }
    QVERIFY(inspector.inspect(QStringLiteral("loud_songs")).readOnly);
    db.execute(QStringLiteral("DROP VIEW loud_songs"));
}

void tst_SchemaInspector::unknownTable()
{
    Database db(DatabaseConfig::fromUrl(QStringLiteral("sqlite::memory:")));
    try {
        SchemaInspector(db).inspect(QStringLiteral("nope"));
        QFAIL("an unknown table was inspected");
    } catch (const MetadataError &error) {
        QVERIFY(
            error.message().contains(u"SQLite has no table or view \"nope\" in schema \"main\""));
    }
}

// What front ends serve: RexOrm's own tables left out, a table a model describes as the model.
void tst_SchemaInspector::servedEntities()
{
    REXORM_TEST_CONFIG(config);
    const Database db(config);
    const Dialect &d = db.dialect();
    const QStringList tables{QStringLiteral("served_plain"), QStringLiteral("served_modelled"),
                             Migrator::trackerTable(), QStringLiteral("rex_changes")};
    RexOrmTest::dropTables(db, tables);
    for (const QString &table : tables)
        db.execute(QStringLiteral("CREATE TABLE %1 (id %2, label %3)")
                       .arg(d.quoteIdentifier(table),
                            d.autoIncrementPrimaryKey({ColumnType::BigInt}),
                            d.typeName({ColumnType::String, 40})));
    const SchemaInspector inspector(db);
    Registry models;
    EntityInfo model = inspector.inspect(QStringLiteral("served_modelled"));
    model.name = QStringLiteral("ServedModel");
    models.registerEntity(model);

    QStringList served;
    for (const EntityInfo &entity : inspector.servedEntities({}, &models))
        served << entity.name + u':' + entity.table;
    QVERIFY2(served.contains(QStringLiteral("ServedModel:served_modelled")),
             qPrintable(served.join(u' ')));
    QCOMPARE(served.filter(QStringLiteral(":served_")).size(), 2);
    QVERIFY(served.filter(QStringLiteral(":") + Migrator::trackerTable()).isEmpty());
    QVERIFY(served.filter(QStringLiteral(":rex_changes")).isEmpty());
    RexOrmTest::dropTables(db, tables);
}

REXORM_TEST_MAIN(tst_SchemaInspector)
#include "tst_schemainspector.moc"
