#include "testdatabases.h"

#include <rexorm/database/database.h>
#include <rexorm/error.h>
#include <rexorm/meta/decimal.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QLoggingCategory>
#include <QtCore/QMutex>
#include <QtCore/QThread>

using namespace RexOrm;

namespace {

QMutex g_logMutex;
QStringList g_log;

void captureMessages(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    QMutexLocker lock(&g_logMutex);
    g_log << QStringLiteral("%1: %2").arg(QLatin1String(context.category), message);
}

} // namespace

class tst_Execute : public QObject
{
    Q_OBJECT

private slots:
    void selectOne_data() { RexOrmTest::addBackendColumns(); }
    void selectOne();
    void createInsertSelect_data() { RexOrmTest::addBackendColumns(); }
    void createInsertSelect();
    void namedParameters_data() { RexOrmTest::addBackendColumns(); }
    void namedParameters();
    void placeholderMistakes_data() { RexOrmTest::addBackendColumns(); }
    void placeholderMistakes();
    void placeholdersInsideLiterals_data() { RexOrmTest::addBackendColumns(); }
    void placeholdersInsideLiterals();
    void valuesAreBoundNotSpliced_data() { RexOrmTest::addBackendColumns(); }
    void valuesAreBoundNotSpliced();
    void rowsAffected_data() { RexOrmTest::addBackendColumns(); }
    void rowsAffected();
    void valueRoundTrips_data() { RexOrmTest::addBackendColumns(); }
    void valueRoundTrips();
    void errorsNameDatabaseAndHideValues_data() { RexOrmTest::addBackendColumns(); }
    void errorsNameDatabaseAndHideValues();
    void rawTransactionControlRefused_data() { RexOrmTest::addBackendColumns(); }
    void rawTransactionControlRefused();
    void oneStatementPerCall_data() { RexOrmTest::addBackendColumns(); }
    void oneStatementPerCall();
    void dialectLexing_data() { RexOrmTest::addBackendColumns(); }
    void dialectLexing();
    void driverMessagesHideValues_data() { RexOrmTest::addBackendColumns(); }
    void driverMessagesHideValues();
    void statementCacheSurvivesSchemaChange_data() { RexOrmTest::addBackendColumns(); }
    void statementCacheSurvivesSchemaChange();
    void statementCacheDisabled_data() { RexOrmTest::addBackendColumns(); }
    void statementCacheDisabled();
    void statementTimeout_data() { RexOrmTest::addBackendColumns(); }
    void statementTimeout();
    void asyncExecute_data() { RexOrmTest::addBackendColumns(); }
    void asyncExecute();
    void loggingRedactsValues_data() { RexOrmTest::addBackendColumns(); }
    void loggingRedactsValues();
    void resultAccessErrors();
    void streamingRows_data() { RexOrmTest::addBackendColumns(); }
    void streamingRows();
};

void tst_Execute::selectOne()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    const QueryResult result = db.execute(QStringLiteral("SELECT 1 AS number"));
    QCOMPARE(result.columns, QStringList{QStringLiteral("number")});
    QCOMPARE(result.size(), 1);
    QCOMPARE(result.value(0, u"number").toInt(), 1);
    QCOMPARE(result.rowMap(0).value(QStringLiteral("number")).toInt(), 1);
}

void tst_Execute::createInsertSelect()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    const Dialect &d = db.dialect();
    RexOrmTest::dropTables(db, {QStringLiteral("test")});
    db.execute(
        QStringLiteral("CREATE TABLE test (id %1, value %2)")
            .arg(d.autoIncrementPrimaryKey({ColumnType::BigInt}), d.typeName({ColumnType::Text})));

    const QString insert = QStringLiteral("INSERT INTO test (value) VALUES (?)") +
                           d.returningClause({QStringLiteral("id")});
    const QueryResult inserted = db.execute(insert, {QStringLiteral("hello")});
    QCOMPARE(inserted.rowsAffected, 1);
    QCOMPARE(inserted.lastInsertId.toLongLong(), 1);

    const QueryResult second = db.execute(insert, {QStringLiteral("world")});
    QCOMPARE(second.lastInsertId.toLongLong(), 2);

    const QueryResult selected =
        db.execute(QStringLiteral("SELECT value FROM test WHERE id = ?"), {1});
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.value(0, u"value").toString(), QStringLiteral("hello"));
    QCOMPARE(db.execute(QStringLiteral("SELECT value FROM test WHERE id = ?"), {3}).size(), 0);
}

void tst_Execute::namedParameters()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    const QueryResult result =
        db.execute(QStringLiteral("SELECT (:a * 1) + (:b * 1) AS sum, :a * 1 AS again"),
                   QVariantMap{{QStringLiteral("a"), 40}, {QStringLiteral("b"), 2}});
    QCOMPARE(result.value(0, u"sum").toInt(), 42);
    QCOMPARE(result.value(0, u"again").toInt(), 40);
}

void tst_Execute::placeholderMistakes()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    const auto expectError = [&](auto call, const QString &fragment) {
        try {
            call();
            QFAIL("no error thrown");
        } catch (const Error &error) {
            QVERIFY2(error.message().contains(fragment), qPrintable(error.message()));
        }
    };
    expectError([&] { db.execute(QStringLiteral("SELECT ? * 1 + ? * 1"), {1}); },
                QStringLiteral("2 placeholder(s) but 1 value(s)"));
    expectError([&] { db.execute(QStringLiteral("SELECT 1"), {1}); },
                QStringLiteral("0 placeholder(s) but 1 value(s)"));
    expectError(
        [&] {
            db.execute(QStringLiteral("SELECT :a"), QVariantMap{{QStringLiteral("b"), 1}});
        },
        QStringLiteral("No value bound for placeholder :a"));
    expectError(
        [&] {
            db.execute(QStringLiteral("SELECT :a"),
                       QVariantMap{{QStringLiteral("a"), 1}, {QStringLiteral("c"), 2}});
        },
        QStringLiteral("no such placeholder"));
    expectError(
        [&] {
            db.execute(QStringLiteral("SELECT :a, ?"), {1, 2});
        },
        QStringLiteral("mixes positional"));
    expectError([&] { db.execute(QStringLiteral("SELECT :a"), {1}); },
                QStringLiteral("bind a QVariantMap"));
    // The connection is still fine afterwards.
    QCOMPARE(db.execute(QStringLiteral("SELECT 7")).value(0, 0).toInt(), 7);
}

void tst_Execute::placeholdersInsideLiterals()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    const QueryResult result = db.execute(
        QStringLiteral("SELECT '?' AS q, ':name' AS n, 'it''s ?' AS e, -- a comment with ? and :x\n"
                       " /* block ? :y */ :v * 1 AS v"),
        QVariantMap{{QStringLiteral("v"), 5}});
    QCOMPARE(result.value(0, u"q").toString(), QStringLiteral("?"));
    QCOMPARE(result.value(0, u"n").toString(), QStringLiteral(":name"));
    QCOMPARE(result.value(0, u"e").toString(), QStringLiteral("it's ?"));
    QCOMPARE(result.value(0, u"v").toInt(), 5);
    if (backend == u"postgres") {
        // PostgreSQL's own numbered placeholders work too, reused as often as needed.
        const QueryResult numbered = db.execute(
            QStringLiteral("SELECT $1::int + $2::int AS s, $1::text AS t, $$x$$ AS has"), {40, 2});
        QCOMPARE(numbered.value(0, u"s").toInt(), 42);
        QCOMPARE(numbered.value(0, u"t").toString(), QStringLiteral("40"));
        QCOMPARE(numbered.value(0, u"has").toString(), QStringLiteral("x"));
        QVERIFY_THROWS_EXCEPTION(Error, db.execute(QStringLiteral("SELECT $1::int, ?"), {1, 2}));
        const QueryResult pg = db.execute(QStringLiteral("SELECT :v::text AS t"),
                                          QVariantMap{{QStringLiteral("v"), 9}});
        QCOMPARE(pg.value(0, u"t").toString(), QStringLiteral("9"));
        // Without bound values QtSql leaves the text alone, so dollar quotes keep ? and :b.
        const QueryResult quoted =
            db.execute(QStringLiteral("SELECT $$a ? :b$$ AS d, $tag$x$tag$ AS e"));
        QCOMPARE(quoted.value(0, u"d").toString(), QStringLiteral("a ? :b"));
        QCOMPARE(quoted.value(0, u"e").toString(), QStringLiteral("x"));
    }
    if (backend == u"mariadb") {
        const QueryResult my = db.execute(QStringLiteral("SELECT 'a\\'?' AS s, ? * 1 AS v"), {3});
        QCOMPARE(my.value(0, u"s").toString(), QStringLiteral("a'?"));
        QCOMPARE(my.value(0, u"v").toInt(), 3);
    }
}

void tst_Execute::valuesAreBoundNotSpliced()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    RexOrmTest::dropTables(db, {QStringLiteral("victims")});
    db.execute(QStringLiteral("CREATE TABLE victims (name %1)")
                   .arg(db.dialect().typeName({ColumnType::Text})));
    const QString hostile = QStringLiteral("x'); DROP TABLE victims; -- \\' \" ` ? :name");
    db.execute(QStringLiteral("INSERT INTO victims (name) VALUES (?)"), {hostile});
    const QueryResult result =
        db.execute(QStringLiteral("SELECT name FROM victims WHERE name = :name"),
                   QVariantMap{{QStringLiteral("name"), hostile}});
    QCOMPARE(result.size(), 1);
    QCOMPARE(result.value(0, 0).toString(), hostile);
}

void tst_Execute::rowsAffected()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    RexOrmTest::dropTables(db, {QStringLiteral("counted")});
    db.execute(QStringLiteral("CREATE TABLE counted (n INTEGER)"));
    for (int i = 0; i < 5; ++i)
        db.execute(QStringLiteral("INSERT INTO counted (n) VALUES (?)"), {i});
    QCOMPARE(
        db.execute(QStringLiteral("UPDATE counted SET n = n + 10 WHERE n < ?"), {3}).rowsAffected,
        3);
    QCOMPARE(db.execute(QStringLiteral("DELETE FROM counted WHERE n >= ?"), {10}).rowsAffected, 3);
    QCOMPARE(db.execute(QStringLiteral("SELECT n FROM counted ORDER BY n")).rowsAffected, 2);
    QCOMPARE(db.execute(QStringLiteral("DELETE FROM counted WHERE n > ?"), {100}).rowsAffected, 0);
}

void tst_Execute::valueRoundTrips()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    const Dialect &d = db.dialect();
    RexOrmTest::dropTables(db, {QStringLiteral("typed")});
    const QList<QPair<QString, TypeSpec>> columns = {
        {QStringLiteral("b"), {ColumnType::Boolean}},
        {QStringLiteral("i"), {ColumnType::BigInt}},
        {QStringLiteral("f"), {ColumnType::Double}},
        {QStringLiteral("dec"), {ColumnType::Decimal, 0, 14, 4}},
        {QStringLiteral("s"), {ColumnType::String, 50}},
        {QStringLiteral("t"), {ColumnType::Text}},
        {QStringLiteral("bin"), {ColumnType::Binary}},
        {QStringLiteral("day"), {ColumnType::Date}},
        {QStringLiteral("at"), {ColumnType::DateTime}},
        {QStringLiteral("attz"), {ColumnType::DateTimeTz}},
        {QStringLiteral("doc"), {ColumnType::Json}},
    };
    QStringList definitions;
    QStringList names;
    QStringList markers;
    for (const auto &[name, spec] : columns) {
        definitions << d.quoteIdentifier(name) + u' ' + d.typeName(spec);
        names << d.quoteIdentifier(name);
        markers << QStringLiteral("?");
    }
    db.execute(
        QStringLiteral("CREATE TABLE typed (%1)").arg(definitions.join(QStringLiteral(", "))));

    const QDateTime at(QDate(2024, 2, 29), QTime(22, 30, 15, 250), Qt::UTC);
    const QDateTime inParis(QDate(2024, 7, 1), QTime(9, 0, 0, 5), Qt::OffsetFromUTC, 7200);
    const QByteArray binary("\x00\x01\xff\x7f text", 9);
    const QJsonObject document{{QStringLiteral("name"), QStringLiteral("Ünïcode ✓")},
                               {QStringLiteral("tags"), QJsonArray{1, 2.5, true}}};
    const QString text = QString::fromUtf8("Grüße, 世界, emoji 🎵 and a\nnewline");
    const QVariantList values = {true,
                                 Q_INT64_C(9007199254740993),
                                 3.25,
                                 QVariant::fromValue(Decimal(u"12345678.1234")),
                                 QStringLiteral("short"),
                                 text,
                                 binary,
                                 QDate(2023, 12, 31),
                                 at,
                                 inParis,
                                 QVariant(document)};
    db.execute(QStringLiteral("INSERT INTO typed (%1) VALUES (%2)")
                   .arg(names.join(QStringLiteral(", ")), markers.join(QStringLiteral(", "))),
               values);
    // NULL in every column, typed and untyped.
    QVariantList nulls;
    for (qsizetype i = 0; i < columns.size(); ++i)
        nulls << QVariant();
    db.execute(QStringLiteral("INSERT INTO typed (%1) VALUES (%2)")
                   .arg(names.join(QStringLiteral(", ")), markers.join(QStringLiteral(", "))),
               nulls);

    const QueryResult result =
        db.execute(QStringLiteral("SELECT %1 FROM typed ORDER BY %2")
                       .arg(names.join(QStringLiteral(", ")), d.quoteIdentifier(u"i")));
    QCOMPARE(result.size(), 2);
    const auto read = [&](int row, int column) {
        return d.fromDatabaseValue(result.value(row, column), columns[column].second.type);
    };
    const int valueRow = result.value(0, 1).isNull() ? 1 : 0;
    const int nullRow = 1 - valueRow;
    QCOMPARE(read(valueRow, 0), QVariant(true));
    QCOMPARE(read(valueRow, 1).toLongLong(), Q_INT64_C(9007199254740993));
    QCOMPARE(read(valueRow, 2).toDouble(), 3.25);
    QCOMPARE(read(valueRow, 3).value<Decimal>(), Decimal(u"12345678.1234"));
    QCOMPARE(read(valueRow, 4).toString(), QStringLiteral("short"));
    QCOMPARE(read(valueRow, 5).toString(), text);
    QCOMPARE(read(valueRow, 6).toByteArray(), binary);
    QCOMPARE(read(valueRow, 7).toDate(), QDate(2023, 12, 31));
    QCOMPARE(read(valueRow, 8).toDateTime(), at);
    QCOMPARE(read(valueRow, 9).toDateTime(), inParis.toUTC());
    QCOMPARE(read(valueRow, 9).toDateTime().timeSpec(), Qt::UTC);
    QCOMPARE(read(valueRow, 10).toJsonValue().toObject(), document);
    for (int column = 0; column < columns.size(); ++column)
        QVERIFY2(result.value(nullRow, column).isNull(), qPrintable(columns[column].first));
}

void tst_Execute::errorsNameDatabaseAndHideValues()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    try {
        db.execute(QStringLiteral("SELECT no_such_column FROM no_such_table WHERE secret = ?"),
                   {QStringLiteral("hunter2-password")});
        QFAIL("no DatabaseError thrown");
    } catch (const DatabaseError &error) {
        const QString expectedPrefix = db.dialect().displayName() + QStringLiteral(" ");
        QVERIFY2(error.message().startsWith(expectedPrefix), qPrintable(error.message()));
        QVERIFY2(error.message().contains(u"error: "), qPrintable(error.message()));
        QVERIFY2(error.message().contains(u"no_such_table"), qPrintable(error.message()));
        QVERIFY2(error.message().contains(u"parameters (values redacted): QString"),
                 qPrintable(error.message()));
        QVERIFY2(!error.message().contains(u"hunter2"), qPrintable(error.message()));
        QVERIFY(!error.nativeCode().isEmpty());
        QVERIFY(error.sql().contains(u"no_such_table"));
    }
}

void tst_Execute::rawTransactionControlRefused()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    for (const char *sql :
         {"BEGIN", "COMMIT", "rollback", "  START TRANSACTION", "SAVEPOINT x", "/* c */ END"}) {
        QVERIFY_THROWS_EXCEPTION(TransactionError, db.execute(QLatin1String(sql)));
    }
    QCOMPARE(db.transactionDepth(), 0);
}

void tst_Execute::oneStatementPerCall()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    QCOMPARE(db.execute(QStringLiteral("SELECT 1;")).value(0, 0).toInt(), 1);
    QCOMPARE(db.execute(QStringLiteral("SELECT ? * 1 ; -- done"), {2}).value(0, 0).toInt(), 2);
    try {
        db.execute(QStringLiteral("SELECT 1; COMMIT"));
        QFAIL("two statements accepted");
    } catch (const Error &error) {
        QVERIFY2(error.message().contains(u"one statement"), qPrintable(error.message()));
    }
    QVERIFY_THROWS_EXCEPTION(TransactionError, db.execute(QStringLiteral("SET autocommit = 0")));
    QCOMPARE(db.execute(QStringLiteral("SELECT ';' AS s")).value(0, 0).toString(),
             QStringLiteral(";"));
}

void tst_Execute::dialectLexing()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    if (backend == u"mariadb") {
        // '#' comments, backslash escapes in "..." strings, and "--" that is not a comment.
        QCOMPARE(
            db.execute(QStringLiteral("SELECT ? * 1 AS v # what? :x\n"), {4}).value(0, 0).toInt(),
            4);
        // (QtSql itself would still rewrite a :name after an escaped quote, so only '?' here.)
        const QueryResult quoted =
            db.execute(QStringLiteral("SELECT \"a\\\" ?\" AS s, ? * 1 AS v"), {5});
        QCOMPARE(quoted.value(0, u"s").toString(), QStringLiteral("a\" ?"));
        QCOMPARE(quoted.value(0, u"v").toInt(), 5);
        QCOMPARE(db.execute(QStringLiteral("SELECT 5--1 AS v")).value(0, 0).toInt(), 6);
    } else if (backend == u"postgres") {
        // Block comments nest in PostgreSQL.
        QCOMPARE(db.execute(QStringLiteral(
                                "/* outer /* inner ? */ still comment :x */ SELECT ? * 1 AS v"),
                            {7})
                     .value(0, 0)
                     .toInt(),
                 7);
    } else {
        QCOMPARE(db.execute(QStringLiteral("SELECT 5 - -1 AS v -- ?\n")).value(0, 0).toInt(), 6);
    }
}

void tst_Execute::driverMessagesHideValues()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    RexOrmTest::dropTables(db, {QStringLiteral("accounts")});
    db.execute(QStringLiteral("CREATE TABLE accounts (email %1 NOT NULL UNIQUE)")
                   .arg(db.dialect().typeName({ColumnType::String, 100})));
    const QString secret = QStringLiteral("alice-private@example.org");
    db.execute(QStringLiteral("INSERT INTO accounts (email) VALUES (?)"), {secret});
    try {
        db.execute(QStringLiteral("INSERT INTO accounts (email) VALUES (?)"), {secret});
        QFAIL("duplicate accepted");
    } catch (const DatabaseError &error) {
        QVERIFY2(!error.message().contains(u"alice-private"), qPrintable(error.message()));
        QVERIFY2(error.message().contains(u"parameters (values redacted): QString"),
                 qPrintable(error.message()));
    }
    // With logParameterValues the driver's full text is kept, for debugging.
    config.logParameterValues = true;
    Database verbose(config);
    try {
        verbose.execute(QStringLiteral("INSERT INTO accounts (email) VALUES (?)"), {secret});
        QFAIL("duplicate accepted");
    } catch (const DatabaseError &error) {
        if (backend != u"sqlite") // SQLite never quotes values in its messages
            QVERIFY2(error.message().contains(u"alice-private"), qPrintable(error.message()));
    }
}

void tst_Execute::statementCacheSurvivesSchemaChange()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    RexOrmTest::dropTables(db, {QStringLiteral("evolving")});
    db.execute(QStringLiteral("CREATE TABLE evolving (id INTEGER, a INTEGER)"));
    db.execute(QStringLiteral("INSERT INTO evolving (id, a) VALUES (?, ?)"), {1, 10});
    const QString select = QStringLiteral("SELECT * FROM evolving WHERE id = ?");
    for (int i = 0; i < 50; ++i)
        QCOMPARE(db.execute(select, {1}).value(0, u"a").toInt(), 10);

    // Change the table through another pool, so this pool's cached statement goes stale
    // without RexOrm seeing the DDL.
    {
        Database other(config);
        other.execute(QStringLiteral("ALTER TABLE evolving ADD COLUMN b INTEGER"));
        other.execute(QStringLiteral("UPDATE evolving SET b = ?"), {20});
    }
    const QueryResult after = db.execute(select, {1});
    QCOMPARE(after.columns.size(), 3);
    QCOMPARE(after.value(0, u"b").toInt(), 20);

    // DDL through the same pool clears every connection's cache.
    db.execute(QStringLiteral("ALTER TABLE evolving ADD COLUMN c INTEGER"));
    QCOMPARE(db.execute(select, {1}).columns.size(), 4);
}

void tst_Execute::statementCacheDisabled()
{
    REXORM_TEST_CONFIG(config);
    config.statementCacheSize = 0;
    Database db(config);
    for (int i = 0; i < 20; ++i)
        QCOMPARE(db.execute(QStringLiteral("SELECT ? * 1 AS v"), {i}).value(0, 0).toInt(), i);
}

void tst_Execute::statementTimeout()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    QElapsedTimer timer;
    timer.start();
    QVERIFY_THROWS_EXCEPTION(StatementTimeoutError, db.execute(RexOrmTest::busySql(db, 5000),
                                                               QVariantList{}, ExecOptions{200}));
    QVERIFY2(timer.elapsed() < 4000, "the statement was not cancelled early");
    if (backend == u"sqlite") {
        // QSQLITE computes most rows inside next(): the deadline covers fetching too.
        timer.restart();
        QVERIFY_THROWS_EXCEPTION(
            StatementTimeoutError,
            db.execute(QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
                                      "FROM c WHERE x < 200000000) SELECT x FROM c"),
                       QVariantList{}, ExecOptions{200}));
        QVERIFY2(timer.elapsed() < 4000, "the fetch was not cancelled early");
    }
    // The connection is usable afterwards, and a fast statement under a timeout succeeds.
    QCOMPARE(db.execute(QStringLiteral("SELECT 3"), QVariantList{}, ExecOptions{5000})
                 .value(0, 0)
                 .toInt(),
             3);

    // A configured default applies to every statement; 0 turns it off for one call.
    config.statementTimeoutMs = 200;
    Database limited(config);
    QVERIFY_THROWS_EXCEPTION(StatementTimeoutError, limited.execute(RexOrmTest::busySql(db, 5000)));
    QCOMPARE(limited.execute(RexOrmTest::busySql(db, 300), QVariantList{}, ExecOptions{0}).size(),
             1);
    QCOMPARE(limited.execute(QStringLiteral("SELECT 4")).value(0, 0).toInt(), 4);
    try {
        limited.execute(RexOrmTest::busySql(db, 5000));
    } catch (const StatementTimeoutError &error) {
        QVERIFY2(error.message().contains(u"statement timeout"), qPrintable(error.message()));
    }
}

void tst_Execute::asyncExecute()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    QFuture<QueryResult> one = db.executeAsync(QStringLiteral("SELECT ? * 1 AS v"), {41});
    QCOMPARE(one.result().value(0, 0).toInt(), 41);

    QFuture<QueryResult> named = db.executeAsync(QStringLiteral("SELECT :x * 1 AS v"),
                                                 QVariantMap{{QStringLiteral("x"), 9}});
    QCOMPARE(named.result().value(0, 0).toInt(), 9);

    QThread *caller = QThread::currentThread();
    QVERIFY(db.run([] { return QThread::currentThread(); }).result() != caller);

    QList<QFuture<QueryResult>> many;
    for (int i = 0; i < 100; ++i)
        many << db.executeAsync(QStringLiteral("SELECT ? * 1 AS v"), {i});
    for (int i = 0; i < 100; ++i)
        QCOMPARE(many[i].result().value(0, 0).toInt(), i);

    QFuture<QueryResult> failing =
        db.executeAsync(QStringLiteral("SELECT * FROM table_that_does_not_exist"));
    QVERIFY_THROWS_EXCEPTION(DatabaseError, failing.waitForFinished());

    // Continuations run without blocking the caller.
    bool continued = false;
    QFuture<int> chained =
        db.executeAsync(QStringLiteral("SELECT 5")).then([&](const QueryResult &r) {
            continued = true;
            return r.value(0, 0).toInt() * 2;
        });
    QCOMPARE(chained.result(), 10);
    QVERIFY(continued);
}

void tst_Execute::loggingRedactsValues()
{
    REXORM_TEST_CONFIG(config);
    config.slowQueryMs = 1;
    Database db(config);
    QLoggingCategory::setFilterRules(QStringLiteral("rexorm.sql.debug=true"));
    {
        QMutexLocker lock(&g_logMutex);
        g_log.clear();
    }
    const QtMessageHandler previous = qInstallMessageHandler(captureMessages);
    db.execute(
        QStringLiteral("SELECT COUNT(*) AS secret_column FROM (SELECT 'a' AS x) t WHERE x <> ?"),
        {QStringLiteral("hunter2-password")});
    db.execute(RexOrmTest::busySql(db, 50));
    qInstallMessageHandler(previous);
    QLoggingCategory::setFilterRules(QString());

    QMutexLocker lock(&g_logMutex);
    const QString all = g_log.join(u'\n');
    QVERIFY2(all.contains(u"rexorm.sql: SELECT COUNT(*) AS secret_column FROM (SELECT 'a' AS x) t "
                          u"WHERE x <> ? [QString]"),
             qPrintable(all));
    QVERIFY2(all.contains(u"slow statement"), qPrintable(all));
    QVERIFY2(!all.contains(u"hunter2"), qPrintable(all));
}

void tst_Execute::resultAccessErrors()
{
    Database db(DatabaseConfig::fromUrl(QStringLiteral("sqlite::memory:")));
    const QueryResult result = db.execute(QStringLiteral("SELECT 1 AS One"));
    QCOMPARE(result.value(0, u"one").toInt(), 1); // case-insensitive fallback
    QVERIFY_THROWS_EXCEPTION(Error, result.value(0, u"two"));
    QVERIFY_THROWS_EXCEPTION(Error, result.value(1, 0));
    QVERIFY_THROWS_EXCEPTION(Error, result.value(0, 1));
}

void tst_Execute::streamingRows()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    RexOrmTest::dropTables(db, {"streamed"});
    db.execute(QStringLiteral("CREATE TABLE streamed (n INTEGER)"));
    db.transaction([&] {
        for (int i = 0; i < 500; ++i)
            db.execute(QStringLiteral("INSERT INTO streamed (n) VALUES (?)"), {i});
    });
    qint64 sum = 0;
    int rows = 0;
    QStringList seenColumns;
    const QueryResult result =
        db.forEachRow(QStringLiteral("SELECT n FROM streamed WHERE n >= ? ORDER BY n"), {100},
                      [&](const QStringList &columns, const QVariantList &row) {
                          seenColumns = columns;
                          QCOMPARE(row.size(), 1);
                          sum += row[0].toLongLong();
                          ++rows;
                      });
    QCOMPARE(rows, 400);
    QCOMPARE(sum, (100 + 499) * 400 / 2);
    QCOMPARE(seenColumns, QStringList{"n"});
    QVERIFY(result.rows.isEmpty());
    // A statement inside the callback would disturb the open result: it is refused.
    bool refused = false;
    db.forEachRow(QStringLiteral("SELECT n FROM streamed WHERE n < ?"), {2},
                  [&](const QStringList &, const QVariantList &) {
                      try {
                          db.execute(QStringLiteral("SELECT 1"));
                      } catch (const Error &) {
                          refused = true;
                      }
                  });
    QVERIFY(refused);
    QCOMPARE(db.execute(QStringLiteral("SELECT COUNT(*) FROM streamed")).value(0, 0).toInt(), 500);
}

REXORM_TEST_MAIN(tst_Execute)
#include "tst_execute.moc"
