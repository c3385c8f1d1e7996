#include "testdatabases.h"

#include <rexorm/error.h>
#include <rexorm/meta/registry.h>
#include <rexorm/meta/schemainspector.h>
#include <rexorm/migrations/migrator.h>
#include <rexorm/migrations/schemadiff.h>
#include <rexorm/query/query.h>

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>

using namespace RexOrm;

struct DiffAuthor
{
    Q_GADGET
    Q_CLASSINFO("rex.table", "diff_authors")
    Q_CLASSINFO("rex.column.name", "length=100 notNull")
    Q_CLASSINFO("rex.column.email", "length=200 unique")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(QString name MEMBER name)
    Q_PROPERTY(QString email MEMBER email)
public:
    qint64 id = 0;
    QString name;
    QString email;
};

struct DiffBook
{
    Q_GADGET
    Q_CLASSINFO("rex.table", "diff_books")
    Q_CLASSINFO("rex.column.authorId", "column=author_id")
    Q_CLASSINFO("rex.column.title", "length=150")
    Q_CLASSINFO("rex.relation.author", "belongsTo DiffAuthor foreignKey=author_id")
    Q_CLASSINFO("rex.index.diff_books_title_index", "columns=title")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(qint64 authorId MEMBER authorId)
    Q_PROPERTY(QString title MEMBER title)
    Q_PROPERTY(std::optional<int> pages MEMBER pages)
public:
    qint64 id = 0;
    qint64 authorId = 0;
    QString title;
    std::optional<int> pages;
};

namespace {

// Columns with what the differ compares, for before/after checks.
QStringList shape(const Database &db, const QString &table)
{
    const EntityInfo entity = SchemaInspector(db).inspect(table);
    QStringList out;
    for (const ColumnInfo &column : entity.columns)
        out << QStringLiteral("%1 %2 %3 %4")
                   .arg(column.name, db.dialect().typeName(column.typeSpec()))
                   .arg(column.nullable)
                   .arg(column.unique);
    out.sort();
    return out;
}

QStringList kinds(const QList<SchemaChange> &changes)
{
    QStringList out;
    for (const SchemaChange &change : changes)
        out << change.describe();
    return out;
}

} // namespace

class tst_SchemaDiff : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void newTablesRoundTrip_data() { RexOrmTest::addBackendColumns(); }
    void newTablesRoundTrip();
    void changedColumnsRoundTrip_data() { RexOrmTest::addBackendColumns(); }
    void changedColumnsRoundTrip();
    void keysIndexesAndDroppedTables_data() { RexOrmTest::addBackendColumns(); }
    void keysIndexesAndDroppedTables();
    void unknownTablesAndCpp_data() { RexOrmTest::addBackendColumns(); }
    void unknownTablesAndCpp();

private:
    Registry m_registry;
};

void tst_SchemaDiff::initTestCase()
{
    m_registry.registerModel<DiffAuthor>();
    m_registry.registerModel<DiffBook>();
    m_registry.validate();
}

void tst_SchemaDiff::newTablesRoundTrip()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    RexOrmTest::dropTables(db, {"diff_books", "diff_authors", "diff_old_child", "diff_old_parent",
                                "diff_old", "rex_migrations"});
    const SchemaDiff diff = SchemaDiff::compare(db, m_registry, {});
    QCOMPARE(kinds(diff.up), (QStringList{"create table diff_authors", "create table diff_books"}));
    QCOMPARE(kinds(diff.down), (QStringList{"drop table diff_books", "drop table diff_authors"}));

    QTemporaryDir dir;
    const QStringList files = diff.writeSql(db, dir.path(), "create_library");
    QCOMPARE(files.size(), 2);
    Migrator migrator(db);
    migrator.addDirectory(dir.path());
    QCOMPARE(migrator.up().size(), 1);
    // Applied, the models and the database agree: nothing more to generate.
    const SchemaDiff after = SchemaDiff::compare(db, m_registry, {});
    QVERIFY2(after.isEmpty(),
             qPrintable(kinds(after.up).join(u'\n') + u'\n' + after.warnings.join(u'\n')));
    const EntityInfo books = SchemaInspector(db).inspect("diff_books");
    QCOMPARE(books.foreignKeys.size(), 1);
    QCOMPARE(books.foreignKeys.first().referencedTable, QStringLiteral("diff_authors"));
    Query("diff_authors").insert(Fields{{"name", "Ann"}}).execute(db);
    QVERIFY_THROWS_EXCEPTION(
        DatabaseError,
        Query("diff_books").insert(Fields{{"author_id", 999}, {"title", "x"}}).execute(db));
    QCOMPARE(migrator.rollback().size(), 1);
    QVERIFY(!Schema(db).hasTable("diff_authors"));
    QVERIFY(!Schema(db).hasTable("diff_books"));
}

void tst_SchemaDiff::changedColumnsRoundTrip()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    RexOrmTest::dropTables(db, {"diff_books", "diff_authors", "diff_old_child", "diff_old_parent",
                                "diff_old", "rex_migrations"});
    Schema schema(db);
    // The database as it was: a shorter name, no email, and a column the model dropped.
    schema.create("diff_authors", [](Blueprint &t) {
        t.id();
        t.string("name", 50).notNull();
        t.string("nickname", 40);
    });
    schema.create("diff_books", [](Blueprint &t) {
        t.id();
        t.bigInteger("author_id").notNull();
        t.string("title", 150);
        t.integer("pages");
        t.foreign({"author_id"}).references("diff_authors");
        t.index({"title"}, "diff_books_title_index");
    });
    Query("diff_authors").insert(Fields{{"name", "Ann"}, {"nickname", "A"}}).execute(db);
    Query("diff_books").insert(Fields{{"author_id", 1}, {"title", "One"}}).execute(db);
    const QStringList authorsBefore = shape(db, "diff_authors");
    const QStringList booksBefore = shape(db, "diff_books");

    const SchemaDiff diff = SchemaDiff::compare(db, m_registry, {});
    QCOMPARE(kinds(diff.up),
             (QStringList{"change column diff_authors.name", "add column diff_authors.email",
                          "drop column diff_authors.nickname"}));
    bool renameWarning = false;
    for (const QString &warning : diff.warnings)
        renameWarning |= warning.contains(u"rename");
    QVERIFY2(renameWarning, qPrintable(diff.warnings.join(u'\n')));

    QTemporaryDir dir;
    diff.writeSql(db, dir.path(), "authors_email");
    Migrator migrator(db);
    migrator.addDirectory(dir.path());
    migrator.up();
    const SchemaDiff after = SchemaDiff::compare(db, m_registry, {});
    QVERIFY2(after.isEmpty(), qPrintable(kinds(after.up).join(u'\n')));
    QCOMPARE(Query("diff_books").count(db), 1); // SQLite rebuilt diff_authors under its books
    QCOMPARE(Query("diff_authors").select("name").execute(db).value(0, 0).toString(),
             QStringLiteral("Ann"));

    migrator.rollback();
    QCOMPARE(shape(db, "diff_authors"), authorsBefore);
    QCOMPARE(shape(db, "diff_books"), booksBefore);
    QCOMPARE(Query("diff_books").count(db), 1);
}

void tst_SchemaDiff::keysIndexesAndDroppedTables()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    RexOrmTest::dropTables(db, {"diff_books", "diff_authors", "diff_old_child", "diff_old_parent",
                                "diff_old", "rex_migrations"});
    Schema schema(db);
    // Before: a 32-bit key, email not unique, an indexed column the model no longer has, and two
    // tables nothing describes, one referencing the other.
    // (MariaDB cannot change the type of a key other tables reference: there the key is already
    // 64-bit.)
    const bool narrowKey = backend != u"mariadb";
    schema.create("diff_authors", [&](Blueprint &t) {
        if (narrowKey)
            t.integer("id").autoIncrement();
        else
            t.id();
        t.string("name", 100).notNull();
        t.string("email", 200);
        t.string("legacy", 10);
        t.index({"legacy"});
    });
    schema.create("diff_books", [](Blueprint &t) {
        t.id();
        t.bigInteger("author_id").notNull();
        t.string("title", 150);
        t.integer("pages");
        t.foreign({"author_id"}).references("diff_authors");
        t.index({"title"}, "diff_books_title_index");
    });
    schema.create("diff_old_parent", [](Blueprint &t) { t.id(); });
    schema.create("diff_old_child", [](Blueprint &t) {
        t.id();
        t.bigInteger("parent_id");
        t.foreign({"parent_id"}).references("diff_old_parent");
    });
    Query("diff_authors").insert(Fields{{"name", "Ann"}, {"email", "ann@example.org"}}).execute(db);
    const QStringList before = shape(db, "diff_authors");
    const auto hasIndexOn = [&](const QString &column) {
        for (const IndexInfo &index : SchemaInspector(db).inspect("diff_authors").indexes) {
            if (index.columns == QStringList{column})
                return true;
        }
        return false;
    };
    QVERIFY(hasIndexOn("legacy"));

    SchemaDiff::Options dropping;
    dropping.dropUnknownTables = true;
    const SchemaDiff diff = SchemaDiff::compare(db, m_registry, dropping);
    const QStringList up = kinds(diff.up);
    QVERIFY2(up.indexOf("drop index diff_authors_legacy_index of diff_authors") <
                 up.indexOf("drop column diff_authors.legacy"),
             qPrintable(up.join(u'\n')));
    QVERIFY2(up.indexOf("drop table diff_old_child") < up.indexOf("drop table diff_old_parent"),
             qPrintable(up.join(u'\n')));
    QTemporaryDir dir;
    diff.writeSql(db, dir.path(), "tighten");
    Migrator migrator(db);
    migrator.addDirectory(dir.path());
    migrator.up();
    const SchemaDiff after = SchemaDiff::compare(db, m_registry, dropping);
    QVERIFY2(after.isEmpty(), qPrintable(kinds(after.up).join(u'\n')));
    QVERIFY(SchemaInspector(db).inspect("diff_authors").column(u"email")->unique);
    QVERIFY_THROWS_EXCEPTION(DatabaseError,
                             Query("diff_authors")
                                 .insert(Fields{{"name", "Bob"}, {"email", "ann@example.org"}})
                                 .execute(db));
    migrator.rollback();
    QCOMPARE(shape(db, "diff_authors"), before);
    QVERIFY(hasIndexOn("legacy"));
    QVERIFY(Schema(db).hasTable("diff_old_child"));
    QCOMPARE(Query("diff_authors").count(db), 1);

    // Two entities for one table cannot both be wanted.
    EntityInfo twin = m_registry.entity("DiffAuthor");
    twin.name = QStringLiteral("Twin");
    QVERIFY_THROWS_EXCEPTION(MigrationError,
                             SchemaDiff::compare(db, {m_registry.entity("DiffAuthor"), twin}, {}));
}

void tst_SchemaDiff::unknownTablesAndCpp()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    RexOrmTest::dropTables(db, {"diff_books", "diff_authors", "diff_old_child", "diff_old_parent",
                                "diff_old", "rex_migrations"});
    Schema(db).create("diff_old", [](Blueprint &t) {
        t.id();
        t.string("label", 20).defaultValue(QStringLiteral("none"));
        t.integer("rank").notNull().defaultValue(3);
        t.boolean("active").notNull().defaultValue(true);
        t.bigInteger("owner_id");
        t.foreign({"owner_id"})
            .references("diff_old")
            .onDelete(ReferentialAction::Cascade)
            .onUpdate(ReferentialAction::SetNull);
    });
    // Unknown tables stay unless asked for.
    QVERIFY(!kinds(SchemaDiff::compare(db, m_registry, {}).up).contains("drop table diff_old"));
    SchemaDiff::Options dropping;
    dropping.dropUnknownTables = true;
    const SchemaDiff diff = SchemaDiff::compare(db, m_registry, dropping);
    QVERIFY(kinds(diff.up).contains("drop table diff_old"));
    QVERIFY(!kinds(diff.up).contains("drop table rex_migrations"));
    QCOMPARE(diff.down.first().kind, SchemaChange::CreateTable); // the dropped table comes back

    QTemporaryDir dir;
    const QStringList written = diff.writeCpp(dir.path(), "library");
    QCOMPARE(written.size(), 1);
    QFile file(written.first());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString code = QString::fromUtf8(file.readAll());
    QVERIFY(code.contains(u"class MigrationLibrary : public RexOrm::Migration"));
    QVERIFY(code.contains(u"schema.create(QStringLiteral(\"diff_authors\")"));
    QVERIFY(code.contains(u"schema.drop(QStringLiteral(\"diff_old\"))"));
    QVERIFY(code.contains(u"REXORM_MIGRATION(MigrationLibrary, \""));
    // The down migration recreates diff_old with typed defaults and both key actions.
    QVERIFY2(code.contains(u".defaultValue(3)"), qPrintable(code));
    QVERIFY2(code.contains(u".defaultValue(true)"), qPrintable(code));
    QVERIFY2(code.contains(u".defaultValue(QStringLiteral(\"none\"))"), qPrintable(code));
    QVERIFY2(code.contains(u".onDelete(RexOrm::ReferentialAction::Cascade).onUpdate("
                           u"RexOrm::ReferentialAction::SetNull)"),
             qPrintable(code));
    QVERIFY_THROWS_EXCEPTION(MigrationError, diff.writeSql(db, dir.path(), "bad name"));
}

REXORM_TEST_MAIN(tst_SchemaDiff)
#include "tst_schemadiff.moc"
