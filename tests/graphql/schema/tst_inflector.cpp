#include <rexorm/graphql/inflector.h>

#include <QtTest/QTest>

using namespace RexOrm::GraphQL;

class tst_Inflector : public QObject
{
    Q_OBJECT

private slots:
    void words_data();
    void words();
    void names_data();
    void names();
    void fieldNames();
};

void tst_Inflector::words_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("snake") << QStringLiteral("invoice_line") << QStringList{"invoice", "line"};
    QTest::newRow("pascal") << QStringLiteral("InvoiceLine") << QStringList{"Invoice", "Line"};
    QTest::newRow("camel") << QStringLiteral("invoiceLines") << QStringList{"invoice", "Lines"};
    QTest::newRow("kebab") << QStringLiteral("media-types") << QStringList{"media", "types"};
    QTest::newRow("acronym") << QStringLiteral("HTMLPage") << QStringList{"HTML", "Page"};
    QTest::newRow("digits") << QStringLiteral("page2Item") << QStringList{"page2", "Item"};
}

void tst_Inflector::words()
{
    QFETCH(QString, name);
    QFETCH(QStringList, expected);
    QCOMPARE(Inflector::words(name), expected);
}

void tst_Inflector::names_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("single");
    QTest::addColumn<QString>("plural");
    const auto row = [](const char *name, const char *type, const char *single,
                        const char *plural) {
        QTest::newRow(name) << QString::fromLatin1(name) << QString::fromLatin1(type)
                            << QString::fromLatin1(single) << QString::fromLatin1(plural);
    };
    row("users", "User", "user", "users");
    row("User", "User", "user", "users");
    row("categories", "Category", "category", "categories");
    row("people", "Person", "person", "people");
    row("person", "Person", "person", "people");
    row("invoice_line", "InvoiceLine", "invoiceLine", "invoiceLines");
    row("InvoiceLine", "InvoiceLine", "invoiceLine", "invoiceLines");
    row("playlist_track", "PlaylistTrack", "playlistTrack", "playlistTracks");
    row("media_type", "MediaType", "mediaType", "mediaTypes");
    row("MediaType", "MediaType", "mediaType", "mediaTypes");
    row("addresses", "Address", "address", "addresses");
    row("statuses", "Status", "status", "statuses");
    row("boxes", "Box", "box", "boxes");
    row("matches", "Match", "match", "matches");
    row("wishes", "Wish", "wish", "wishes");
    row("analyses", "Analysis", "analysis", "analyses");
    row("indices", "Index", "index", "indices");
    row("matrices", "Matrix", "matrix", "matrices");
    row("leaves", "Leaf", "leaf", "leaves");
    row("knives", "Knife", "knife", "knives");
    row("children", "Child", "child", "children");
    row("news", "News", "news", "news");
    row("series", "Series", "series", "series");
    row("data", "Data", "data", "data");
    row("movies", "Movie", "movie", "movies");
    row("buses", "Bus", "bus", "buses");
    row("heroes", "Hero", "hero", "heroes");
    row("photos", "Photo", "photo", "photos");
    row("days", "Day", "day", "days");
    row("keys", "Key", "key", "keys");
    row("quizzes", "Quiz", "quiz", "quizzes");
    row("order_items", "OrderItem", "orderItem", "orderItems");
    row("genre", "Genre", "genre", "genres");
    row("album", "Album", "album", "albums");
    row("employee", "Employee", "employee", "employees");
    row("HTMLPages", "HtmlPage", "htmlPage", "htmlPages");
}

void tst_Inflector::names()
{
    QFETCH(QString, name);
    QFETCH(QString, type);
    QFETCH(QString, single);
    QFETCH(QString, plural);
    QCOMPARE(Inflector::typeName(name), type);
    QCOMPARE(Inflector::singularField(name), single);
    QCOMPARE(Inflector::pluralField(name), plural);
}

void tst_Inflector::fieldNames()
{
    // Column names as fields: camel case, never inflected.
    QCOMPARE(Inflector::fieldName(QStringLiteral("unit_price")), QStringLiteral("unitPrice"));
    QCOMPARE(Inflector::fieldName(QStringLiteral("UnitPrice")), QStringLiteral("unitPrice"));
    QCOMPARE(Inflector::fieldName(QStringLiteral("ArtistId")), QStringLiteral("artistId"));
    QCOMPARE(Inflector::fieldName(QStringLiteral("ID")), QStringLiteral("id"));
    QCOMPARE(Inflector::fieldName(QStringLiteral("order_items")), QStringLiteral("orderItems"));
    QCOMPARE(Inflector::fieldName(QStringLiteral("status")), QStringLiteral("status"));
    QCOMPARE(Inflector::fieldName(QStringLiteral("HTMLPages")), QStringLiteral("htmlPages"));
    QCOMPARE(Inflector::fieldName(QStringLiteral("2fa_secret")), QStringLiteral("_2faSecret"));
}

QTEST_GUILESS_MAIN(tst_Inflector)
#include "tst_inflector.moc"
