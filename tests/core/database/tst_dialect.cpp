#include "testdatabases.h"

#include <rexorm/database/databaseconfig.h>
#include <rexorm/database/dialect.h>
#include <rexorm/error.h>
#include <rexorm/meta/decimal.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QUuid>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>

using namespace RexOrm;

namespace {

std::shared_ptr<const Dialect> dialect(const char *name)
{
    return DialectRegistry::dialect(QLatin1String(name));
}

// A dialect a plugin could register: it reuses SQLite's rules under another name.
class EchoDialect final : public Dialect
{
public:
    QString name() const override { return QStringLiteral("echo"); }
    QString displayName() const override { return QStringLiteral("Echo"); }
    QString qtDriverName() const override { return QStringLiteral("QSQLITE"); }
    bool usesFilePath() const override { return true; }
    QString typeName(const TypeSpec &) const override { return QStringLiteral("TEXT"); }
    QString autoIncrementPrimaryKey(const TypeSpec &) const override
    {
        return QStringLiteral("INTEGER PRIMARY KEY");
    }
    bool supportsReturning() const override { return false; }
    QString upsertClause(const QStringList &, const QStringList &) const override { return {}; }
    void configureConnection(QSqlDatabase &db, const DatabaseConfig &config) const override
    {
        db.setDatabaseName(config.databasePath);
        if (config.databasePath.startsWith(u"file:"))
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_URI"));
    }
    ErrorKind classifyError(const QSqlError &) const override { return ErrorKind::Statement; }
};

} // namespace

class tst_Dialect : public QObject
{
    Q_OBJECT

private slots:
    void quoting_data();
    void quoting();
    void quotingRejectsBadNames();
    void types_data();
    void types();
    void autoIncrement();
    void upsert();
    void limitOffset();
    void booleans();
    void returning();
    void transactionsAndTimeouts();
    void bindConversions();
    void readConversions();
    void registry();
};

void tst_Dialect::quoting_data()
{
    QTest::addColumn<QString>("dialect");
    QTest::addColumn<QString>("identifier");
    QTest::addColumn<QString>("quoted");
    QTest::newRow("sqlite plain") << "sqlite"
                                  << "users"
                                  << "\"users\"";
    QTest::newRow("sqlite quote") << "sqlite"
                                  << "we\"ird"
                                  << "\"we\"\"ird\"";
    QTest::newRow("postgres mixed case") << "postgres"
                                         << "InvoiceLine"
                                         << "\"InvoiceLine\"";
    QTest::newRow("postgres injection") << "postgres"
                                        << "x\"; DROP TABLE y; --"
                                        << "\"x\"\"; DROP TABLE y; --\"";
    QTest::newRow("mysql plain") << "mysql"
                                 << "order"
                                 << "`order`";
    QTest::newRow("mysql backtick") << "mariadb"
                                    << "a`b"
                                    << "`a``b`";
    QTest::newRow("mysql double quote") << "mysql"
                                        << "a\"b"
                                        << "`a\"b`";
    QTest::newRow("unicode") << "postgres" << QString::fromUtf8("größe")
                             << QString::fromUtf8("\"größe\"");
}

void tst_Dialect::quoting()
{
    QFETCH(QString, dialect);
    QFETCH(QString, identifier);
    QFETCH(QString, quoted);
    QCOMPARE(DialectRegistry::dialect(dialect)->quoteIdentifier(identifier), quoted);
}

void tst_Dialect::quotingRejectsBadNames()
{
    for (const char *name : {"sqlite", "postgres", "mysql"}) {
        QVERIFY_THROWS_EXCEPTION(Error, dialect(name)->quoteIdentifier(u""));
        QVERIFY_THROWS_EXCEPTION(Error, dialect(name)->quoteIdentifier(QString(QChar(0))));
    }
    QCOMPARE(dialect("postgres")->quoteQualified(u"music.Track"),
             QStringLiteral("\"music\".\"Track\""));
    QCOMPARE(dialect("mysql")->quoteQualified(u"shop.orders"), QStringLiteral("`shop`.`orders`"));
}

void tst_Dialect::types_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<int>("length");
    QTest::addColumn<QString>("sqlite");
    QTest::addColumn<QString>("postgres");
    QTest::addColumn<QString>("mysql");
    const auto row = [](const char *tag, ColumnType type, int length, const char *s, const char *p,
                        const char *m) {
        QTest::newRow(tag) << int(type) << length << QString::fromLatin1(s)
                           << QString::fromLatin1(p) << QString::fromLatin1(m);
    };
    row("bool", ColumnType::Boolean, 0, "BOOLEAN", "BOOLEAN", "TINYINT(1)");
    row("smallint", ColumnType::SmallInt, 0, "INTEGER", "SMALLINT", "SMALLINT");
    row("int", ColumnType::Integer, 0, "INTEGER", "INTEGER", "INT");
    row("bigint", ColumnType::BigInt, 0, "INTEGER", "BIGINT", "BIGINT");
    row("real", ColumnType::Real, 0, "REAL", "REAL", "FLOAT");
    row("double", ColumnType::Double, 0, "REAL", "DOUBLE PRECISION", "DOUBLE");
    row("varchar", ColumnType::String, 120, "VARCHAR(120)", "VARCHAR(120)", "VARCHAR(120)");
    row("string default", ColumnType::String, 0, "TEXT", "TEXT", "VARCHAR(255)");
    row("text", ColumnType::Text, 0, "TEXT", "TEXT", "LONGTEXT");
    row("binary", ColumnType::Binary, 0, "BLOB", "BYTEA", "LONGBLOB");
    row("date", ColumnType::Date, 0, "DATE", "DATE", "DATE");
    row("time", ColumnType::Time, 0, "TIME", "TIME", "TIME(3)");
    row("datetime", ColumnType::DateTime, 0, "DATETIME", "TIMESTAMP", "DATETIME(3)");
    row("datetimetz", ColumnType::DateTimeTz, 0, "DATETIME", "TIMESTAMPTZ", "DATETIME(3)");
    row("json", ColumnType::Json, 0, "TEXT", "JSONB", "JSON");
    row("uuid", ColumnType::Uuid, 0, "CHAR(36)", "UUID", "CHAR(36)");
}

void tst_Dialect::types()
{
    QFETCH(int, type);
    QFETCH(int, length);
    const TypeSpec spec{ColumnType(type), length};
    QTEST(dialect("sqlite")->typeName(spec), "sqlite");
    QTEST(dialect("postgres")->typeName(spec), "postgres");
    QTEST(dialect("mysql")->typeName(spec), "mysql");
    QTEST(dialect("mariadb")->typeName(spec), "mysql");

    const TypeSpec decimal{ColumnType::Decimal, 0, 10, 2};
    QCOMPARE(dialect("sqlite")->typeName(decimal), QStringLiteral("NUMERIC(10,2)"));
    QCOMPARE(dialect("postgres")->typeName(decimal), QStringLiteral("NUMERIC(10,2)"));
    QCOMPARE(dialect("mysql")->typeName(decimal), QStringLiteral("DECIMAL(10,2)"));
}

void tst_Dialect::autoIncrement()
{
    const TypeSpec bigint{ColumnType::BigInt};
    QCOMPARE(dialect("sqlite")->autoIncrementPrimaryKey(bigint),
             QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT"));
    QCOMPARE(dialect("postgres")->autoIncrementPrimaryKey(bigint),
             QStringLiteral("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"));
    QCOMPARE(dialect("mysql")->autoIncrementPrimaryKey(bigint),
             QStringLiteral("BIGINT AUTO_INCREMENT PRIMARY KEY"));
}

void tst_Dialect::upsert()
{
    const QStringList conflict = {QStringLiteral("\"email\"")};
    const QStringList update = {QStringLiteral("\"name\""), QStringLiteral("\"age\"")};
    QCOMPARE(dialect("sqlite")->upsertClause(conflict, update),
             QStringLiteral(" ON CONFLICT (\"email\") DO UPDATE SET \"name\" = excluded.\"name\", "
                            "\"age\" = excluded.\"age\""));
    QCOMPARE(dialect("postgres")->upsertClause(conflict, {}),
             QStringLiteral(" ON CONFLICT (\"email\") DO NOTHING"));
    QCOMPARE(
        dialect("mysql")->upsertClause({QStringLiteral("`email`")}, {QStringLiteral("`name`")}),
        QStringLiteral(" ON DUPLICATE KEY UPDATE `name` = VALUES(`name`)"));
    QCOMPARE(dialect("mysql")->upsertClause({QStringLiteral("`email`")}, {}),
             QStringLiteral(" ON DUPLICATE KEY UPDATE `email` = `email`"));
}

void tst_Dialect::limitOffset()
{
    QCOMPARE(dialect("postgres")->limitClause(10, 20), QStringLiteral(" LIMIT 10 OFFSET 20"));
    QCOMPARE(dialect("postgres")->limitClause(10, 0), QStringLiteral(" LIMIT 10"));
    QCOMPARE(dialect("postgres")->limitClause(-1, 0), QString());
    QCOMPARE(dialect("postgres")->limitClause(-1, 5), QStringLiteral(" LIMIT ALL OFFSET 5"));
    QCOMPARE(dialect("sqlite")->limitClause(-1, 5), QStringLiteral(" LIMIT -1 OFFSET 5"));
    QCOMPARE(dialect("mysql")->limitClause(-1, 5),
             QStringLiteral(" LIMIT 18446744073709551615 OFFSET 5"));
}

void tst_Dialect::booleans()
{
    QCOMPARE(dialect("sqlite")->booleanLiteral(true), QStringLiteral("1"));
    QCOMPARE(dialect("postgres")->booleanLiteral(false), QStringLiteral("FALSE"));
    QCOMPARE(dialect("mysql")->booleanLiteral(true), QStringLiteral("TRUE"));
    QCOMPARE(dialect("sqlite")->toDatabaseValue(true), QVariant(1));
    QCOMPARE(dialect("mysql")->toDatabaseValue(false), QVariant(0));
    QCOMPARE(dialect("postgres")->toDatabaseValue(true), QVariant(true));
    QCOMPARE(dialect("postgres")->fromDatabaseValue(QStringLiteral("t"), ColumnType::Boolean),
             QVariant(true));
    QCOMPARE(dialect("sqlite")->fromDatabaseValue(0, ColumnType::Boolean), QVariant(false));
}

void tst_Dialect::returning()
{
    const QStringList id = {QStringLiteral("\"id\"")};
    QCOMPARE(dialect("postgres")->returningClause(id), QStringLiteral(" RETURNING \"id\""));
    QCOMPARE(dialect("sqlite")->returningClause(id), QStringLiteral(" RETURNING \"id\""));
    QCOMPARE(dialect("mariadb")->returningClause(id), QString());
    QCOMPARE(dialect("mysql")->returningClause(id), QString());
}

void tst_Dialect::transactionsAndTimeouts()
{
    QCOMPARE(dialect("sqlite")->beginTransactionSql(), QStringLiteral("BEGIN IMMEDIATE"));
    QCOMPARE(dialect("postgres")->beginTransactionSql(), QStringLiteral("BEGIN"));
    QCOMPARE(dialect("mysql")->beginTransactionSql(), QStringLiteral("START TRANSACTION"));
    QCOMPARE(dialect("postgres")->savepointSql(QStringLiteral("sp1")),
             QStringLiteral("SAVEPOINT \"sp1\""));
    QCOMPARE(dialect("mysql")->rollbackToSavepointSql(QStringLiteral("sp1")),
             QStringLiteral("ROLLBACK TO SAVEPOINT `sp1`"));
    QVERIFY(dialect("mysql")->ddlCommitsTransaction());
    QVERIFY(!dialect("postgres")->ddlCommitsTransaction());
    QVERIFY(dialect("postgres")->failedStatementAbortsTransaction());
    QCOMPARE(dialect("postgres")->placeholder(0), QStringLiteral("$1"));
    QCOMPARE(dialect("postgres")->placeholder(9), QStringLiteral("$10"));
    QCOMPARE(dialect("sqlite")->placeholder(3), QStringLiteral("?"));
    QCOMPARE(dialect("mariadb")->placeholder(3), QStringLiteral("?"));
    QCOMPARE(dialect("postgres")->statementTimeoutSql(1500),
             QStringLiteral("SET statement_timeout = 1500"));
    QCOMPARE(dialect("mariadb")->statementTimeoutSql(1500),
             QStringLiteral("SET SESSION max_statement_time = 1.500"));
    QCOMPARE(dialect("mysql")->statementTimeoutSql(1500),
             QStringLiteral("SET SESSION max_execution_time = 1500"));
    QCOMPARE(dialect("sqlite")->statementTimeoutSql(1500), QString());
}

void tst_Dialect::bindConversions()
{
    const QDateTime instant(QDate(2024, 2, 29), QTime(23, 30, 15, 250), Qt::OffsetFromUTC, 3600);
    QCOMPARE(dialect("sqlite")->toDatabaseValue(instant),
             QVariant(QStringLiteral("2024-02-29T22:30:15.250Z")));
    QCOMPARE(dialect("postgres")->toDatabaseValue(instant),
             QVariant(QStringLiteral("2024-02-29T22:30:15.250Z")));
    QCOMPARE(dialect("mysql")->toDatabaseValue(instant),
             QVariant(QStringLiteral("2024-02-29 22:30:15.250")));

    const QJsonObject object{{QStringLiteral("a"), 1},
                             {QStringLiteral("b"), QJsonArray{true, QStringLiteral("x")}}};
    QCOMPARE(dialect("postgres")->toDatabaseValue(object),
             QVariant(QStringLiteral("{\"a\":1,\"b\":[true,\"x\"]}")));
    QCOMPARE(
        dialect("sqlite")->toDatabaseValue(QVariant::fromValue(QJsonValue(QStringLiteral("s")))),
        QVariant(QStringLiteral("\"s\"")));
    const QUuid uuid = QUuid::fromString(u"{67c8770b-44f1-410a-ab9a-f9b5446f13ee}");
    QCOMPARE(dialect("postgres")->toDatabaseValue(uuid),
             QVariant(QStringLiteral("67c8770b-44f1-410a-ab9a-f9b5446f13ee")));
    QCOMPARE(dialect("postgres")->toDatabaseValue(42), QVariant(42));
}

void tst_Dialect::readConversions()
{
    const auto sqlite = dialect("sqlite");
    const QDateTime expected(QDate(2024, 2, 29), QTime(22, 30, 15, 250), Qt::UTC);
    QCOMPARE(
        sqlite->fromDatabaseValue(QStringLiteral("2024-02-29T22:30:15.250Z"), ColumnType::DateTime)
            .toDateTime(),
        expected);
    QCOMPARE(
        sqlite->fromDatabaseValue(QStringLiteral("2024-02-29 22:30:15.250"), ColumnType::DateTime)
            .toDateTime(),
        expected);
    QCOMPARE(sqlite
                 ->fromDatabaseValue(QStringLiteral("2024-02-29T23:30:15.250+01:00"),
                                     ColumnType::DateTimeTz)
                 .toDateTime(),
             expected);
    QCOMPARE(
        sqlite->fromDatabaseValue(QStringLiteral("19.990"), ColumnType::Decimal).value<Decimal>(),
        Decimal(u"19.99"));
    QCOMPARE(sqlite->fromDatabaseValue(QStringLiteral("19.990"), ColumnType::Decimal).toString(),
             QStringLiteral("19.990"));
    QCOMPARE(sqlite->toDatabaseValue(QVariant::fromValue(Decimal(u"-0.50"))),
             QVariant(QStringLiteral("-0.50")));
    QVERIFY_THROWS_EXCEPTION(Error,
                             sqlite->fromDatabaseValue(QStringLiteral("abc"), ColumnType::Decimal));
    QCOMPARE(sqlite->fromDatabaseValue(QStringLiteral("[1,2]"), ColumnType::Json)
                 .toJsonValue()
                 .toArray()
                 .size(),
             2);
    QVERIFY_THROWS_EXCEPTION(
        Error, sqlite->fromDatabaseValue(QStringLiteral("{not json"), ColumnType::Json));
    QVERIFY(sqlite->fromDatabaseValue(QVariant(QMetaType::fromType<QString>()), ColumnType::Integer)
                .isNull());
}

void tst_Dialect::registry()
{
    QVERIFY(DialectRegistry::contains(QStringLiteral("POSTGRESQL")));
    QCOMPARE(dialect("postgresql")->name(), QStringLiteral("postgres"));
    QVERIFY(!DialectRegistry::contains(QStringLiteral("echo")));
    try {
        DialectRegistry::dialect(QStringLiteral("echo"));
        QFAIL("unknown dialect accepted");
    } catch (const ConfigError &error) {
        QVERIFY(
            error.message().contains(u"supported: mariadb, mysql, postgres, postgresql, sqlite"));
    }
    DialectRegistry::registerDialect({QStringLiteral("echo")},
                                     [] { return std::make_shared<EchoDialect>(); });
    QVERIFY(DialectRegistry::names().contains(QStringLiteral("echo")));
    const DatabaseConfig config = DatabaseConfig::fromUrl(QStringLiteral("echo::memory:"));
    QCOMPARE(config.driver, QStringLiteral("echo"));
    QCOMPARE(config.databasePath, QStringLiteral(":memory:"));
    Database db(config);
    QCOMPARE(db.execute(QStringLiteral("SELECT 40 + ?"), {2}).value(0, 0).toInt(), 42);
}

REXORM_TEST_MAIN(tst_Dialect)
#include "tst_dialect.moc"
