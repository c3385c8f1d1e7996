#include "testdatabases.h"

#include <rexorm/database/databaseconfig.h>
#include <rexorm/error.h>

#include <QtCore/QTemporaryFile>

using RexOrm::ConfigError;
using RexOrm::DatabaseConfig;

class tst_DatabaseConfig : public QObject
{
    Q_OBJECT

private slots:
    void validUrls_data();
    void validUrls();
    void malformedUrls_data();
    void malformedUrls();
    void passwordNeverInMessages();
    void urlRoundTrip();
    void json();
    void jsonSpecExample();
    void malformedJson_data();
    void malformedJson();
    void jsonFile();
    void environment();
};

void tst_DatabaseConfig::validUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("driver");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("databaseName");
    QTest::addColumn<QString>("databasePath");

    QTest::newRow("sqlite absolute") << "sqlite:///var/lib/app/data.db"
                                     << "sqlite"
                                     << "" << 0 << ""
                                     << ""
                                     << ""
                                     << "/var/lib/app/data.db";
    QTest::newRow("sqlite relative") << "sqlite:data/app.db"
                                     << "sqlite"
                                     << "" << 0 << ""
                                     << ""
                                     << ""
                                     << "data/app.db";
    QTest::newRow("sqlite memory") << "sqlite::memory:"
                                   << "sqlite"
                                   << "" << 0 << ""
                                   << ""
                                   << ""
                                   << ":memory:";
    QTest::newRow("sqlite memory slashes") << "sqlite://:memory:"
                                           << "sqlite"
                                           << "" << 0 << ""
                                           << ""
                                           << ""
                                           << ":memory:";
    QTest::newRow("sqlite encoded") << "sqlite:///tmp/my%20db.sqlite"
                                    << "sqlite"
                                    << "" << 0 << ""
                                    << ""
                                    << ""
                                    << "/tmp/my db.sqlite";
    QTest::newRow("postgres full") << "postgres://admin:s3cret@db.example.org:6543/rex_orm_db"
                                   << "postgres"
                                   << "db.example.org" << 6543 << "admin"
                                   << "s3cret"
                                   << "rex_orm_db"
                                   << "";
    QTest::newRow("postgresql alias") << "postgresql://u@localhost/db"
                                      << "postgresql"
                                      << "localhost" << 0 << "u"
                                      << ""
                                      << "db"
                                      << "";
    QTest::newRow("encoded credentials") << "postgres://us%40er:p%3Aw%2Fd@h/db"
                                         << "postgres"
                                         << "h" << 0 << "us@er"
                                         << "p:w/d"
                                         << "db"
                                         << "";
    QTest::newRow("unencoded password characters") << "postgres://admin:p/a?s#s@w@db:5433/app"
                                                   << "postgres"
                                                   << "db" << 5433 << "admin"
                                                   << "p/a?s#s@w"
                                                   << "app"
                                                   << "";
    QTest::newRow("ipv6") << "mysql://root@[::1]:3307/shop"
                          << "mysql"
                          << "::1" << 3307 << "root"
                          << ""
                          << "shop"
                          << "";
    QTest::newRow("mariadb") << "MariaDB://u:p@127.0.0.1/x"
                             << "mariadb"
                             << "127.0.0.1" << 0 << "u"
                             << "p"
                             << "x"
                             << "";
    QTest::newRow("no database") << "mysql://u:p@host"
                                 << "mysql"
                                 << "host" << 0 << "u"
                                 << "p"
                                 << ""
                                 << "";
}

void tst_DatabaseConfig::validUrls()
{
    QFETCH(QString, url);
    const DatabaseConfig config = DatabaseConfig::fromUrl(url);
    QTEST(config.driver, "driver");
    QTEST(config.host, "host");
    QTEST(config.port, "port");
    QTEST(config.user, "user");
    QTEST(config.password, "password");
    QTEST(config.databaseName, "databaseName");
    QTEST(config.databasePath, "databasePath");
}

void tst_DatabaseConfig::malformedUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("expected"); // a part of the message

    QTest::newRow("empty") << ""
                           << "empty";
    QTest::newRow("no scheme") << "localhost/db"
                               << "missing scheme";
    QTest::newRow("unknown driver")
        << "oracle://u@h/db"
        << "unknown driver \"oracle\"; supported: mariadb, mysql, postgres, postgresql, sqlite";
    QTest::newRow("bad port") << "postgres://u:pw@h:99999/db"
                              << "port \"99999\"";
    QTest::newRow("port not a number") << "postgres://u@h:abc/db"
                                       << "port \"abc\"";
    QTest::newRow("empty port") << "postgres://u@h:/db"
                                << "port after \":\" is empty";
    QTest::newRow("empty host") << "postgres://u:pw@/db"
                                << "host is empty";
    QTest::newRow("no slashes") << "postgres:u@h/db"
                                << "expected \"//\"";
    QTest::newRow("bad escape") << "postgres://u:p%zz@h/db"
                                << "percent-encoding in the password";
    QTest::newRow("nested path") << "postgres://u@h/db/extra"
                                 << "must not contain \"/\"";
    QTest::newRow("duplicate option") << "postgres://u@h/db?sslmode=a&sslmode=b"
                                      << "given twice";
    QTest::newRow("unknown option") << "postgres://u@h/db?sslmod=require"
                                    << "Unknown PostgreSQL option \"sslmod\"";
    QTest::newRow("option injection") << "postgres://u@h/db?sslmode=require%20host=evil"
                                      << "contains a space";
    QTest::newRow("sqlite host") << "sqlite://server/data.db"
                                 << "name a path, not a host";
    QTest::newRow("sqlite empty") << "sqlite:"
                                  << "path is empty";
    QTest::newRow("sqlite option") << "sqlite:///x.db?journal_mode=wal2"
                                   << "journal_mode must be one of";
    QTest::newRow("fragment") << "mysql://u@h/db#frag"
                              << "fragment";
    QTest::newRow("ipv6 open") << "mysql://u@[::1/db"
                               << "IPv6";
}

void tst_DatabaseConfig::malformedUrls()
{
    QFETCH(QString, url);
    QFETCH(QString, expected);
    try {
        DatabaseConfig::fromUrl(url);
        QFAIL("no ConfigError thrown");
    } catch (const ConfigError &error) {
        QVERIFY2(error.message().contains(expected), qPrintable(error.message()));
    }
}

void tst_DatabaseConfig::passwordNeverInMessages()
{
    const QStringList urls = {
        QStringLiteral("postgres://admin:TopSecret1@h:70000/db"),
        QStringLiteral("postgres://admin:TopSecret1@h/db/x"),
        QStringLiteral("postgres://admin:TopSecret1@/db"),
        QStringLiteral("mysql://admin:TopSecret1@h/db?bogus=1"),
        QStringLiteral("postgres://admin:Top#Secret1@host/db/extra"),
        QStringLiteral("postgres://admin:Top?Secret1@host:99999/db"),
        QStringLiteral("postgres://admin:Top/Secret1@/db"),
        QStringLiteral("postgres://admin:1234/5678@host/db/x"),
    };
    for (const QString &url : urls) {
        try {
            DatabaseConfig::fromUrl(url);
            QFAIL(qPrintable(QStringLiteral("accepted a malformed URL")));
        } catch (const ConfigError &error) {
            for (const char *secret : {"TopSecret1", "Secret1", "5678"})
                QVERIFY2(!error.message().contains(QLatin1String(secret)),
                         qPrintable(error.message()));
        }
    }
    const DatabaseConfig config =
        DatabaseConfig::fromUrl(QStringLiteral("postgres://admin:TopSecret1@h/db"));
    QVERIFY(!config.toUrl().contains(u"TopSecret1"));
    QVERIFY(config.toUrl().contains(u"admin:***@"));
    QVERIFY(config.toUrl(true).contains(u"TopSecret1"));
}

void tst_DatabaseConfig::urlRoundTrip()
{
    const QStringList urls = {
        QStringLiteral("postgres://us%40er:p%3Aw@db.local:5433/app?sslmode=require"),
        QStringLiteral("mariadb://root@[::1]:3307/shop"),
        QStringLiteral("sqlite:///tmp/a%20b.db"),
        QStringLiteral("sqlite::memory:"),
    };
    for (const QString &url : urls) {
        const DatabaseConfig config = DatabaseConfig::fromUrl(url);
        const DatabaseConfig again = DatabaseConfig::fromUrl(config.toUrl(true));
        QCOMPARE(again.driver, config.driver);
        QCOMPARE(again.host, config.host);
        QCOMPARE(again.port, config.port);
        QCOMPARE(again.user, config.user);
        QCOMPARE(again.password, config.password);
        QCOMPARE(again.databaseName, config.databaseName);
        QCOMPARE(again.databasePath, config.databasePath);
        QCOMPARE(again.options, config.options);
    }
}

void tst_DatabaseConfig::json()
{
    const DatabaseConfig config = DatabaseConfig::fromJson(R"({
        "url": "postgres://u:p@h/db",
        "poolSize": 4, "idleTimeout": 1500, "acquireTimeout": 250, "statementTimeout": 800,
        "options": {"sslmode": "disable", "connect_timeout": 3}
    })");
    QCOMPARE(config.driver, QStringLiteral("postgres"));
    QCOMPARE(config.poolSize, 4);
    QCOMPARE(config.idleTimeoutMs, 1500);
    QCOMPARE(config.acquireTimeoutMs, 250);
    QCOMPARE(config.statementTimeoutMs, 800);
    QCOMPARE(config.options.value(QStringLiteral("connect_timeout")), QStringLiteral("3"));
}

void tst_DatabaseConfig::jsonSpecExample()
{
    // The configuration object of the original specification, key for key.
    const DatabaseConfig config = DatabaseConfig::fromJson(R"({
        "database": "postgres", "user": "admin", "password": "password", "host": "localhost",
        "port": 5432, "databaseName": "rex_orm_db", "poolSize": 10, "idleTimeout": 30000
    })");
    QCOMPARE(config.driver, QStringLiteral("postgres"));
    QCOMPARE(config.user, QStringLiteral("admin"));
    QCOMPARE(config.password, QStringLiteral("password"));
    QCOMPARE(config.host, QStringLiteral("localhost"));
    QCOMPARE(config.port, 5432);
    QCOMPARE(config.databaseName, QStringLiteral("rex_orm_db"));
    QCOMPARE(config.poolSize, 10);
    QCOMPARE(config.idleTimeoutMs, 30000);

    const DatabaseConfig sqlite =
        DatabaseConfig::fromJson(R"({"database": "sqlite", "databasePath": "./app.db"})");
    QCOMPARE(sqlite.databasePath, QStringLiteral("./app.db"));
}

void tst_DatabaseConfig::malformedJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("syntax") << QByteArray("{\"database\": ") << "not valid JSON";
    QTest::newRow("array") << QByteArray("[1]") << "must be a JSON object";
    QTest::newRow("unknown key") << QByteArray(
                                        R"({"database":"sqlite","databasePath":"x","poolsize":3})")
                                 << "Unknown database configuration key \"poolsize\"";
    QTest::newRow("wrong type") << QByteArray(
                                       R"({"database":"sqlite","databasePath":"x","poolSize":"3"})")
                                << "\"poolSize\" must be an integer";
    QTest::newRow("fraction") << QByteArray(
                                     R"({"database":"sqlite","databasePath":"x","port":1.5})")
                              << "\"port\" must be an integer";
    QTest::newRow("no driver") << QByteArray(R"({"host":"h"})") << "needs \"database\"";
    QTest::newRow("bad driver") << QByteArray(R"({"database":"db2","host":"h"})")
                                << "Unknown database driver \"db2\"";
    QTest::newRow("zero pool") << QByteArray(
                                      R"({"database":"sqlite","databasePath":"x","poolSize":0})")
                               << "poolSize must be at least 1";
    QTest::newRow("no host") << QByteArray(R"({"database":"postgres","databaseName":"x"})")
                             << "needs a host";
    QTest::newRow("no path") << QByteArray(R"({"database":"sqlite"})") << "needs databasePath";
    QTest::newRow("options type") << QByteArray(
                                         R"({"database":"sqlite","databasePath":"x","options":[]})")
                                  << "\"options\" must be an object";
    QTest::newRow("password type")
        << QByteArray(R"({"database":"postgres","host":"h","password":42})")
        << "\"password\" must be a string";
}

void tst_DatabaseConfig::malformedJson()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    try {
        DatabaseConfig::fromJson(json);
        QFAIL("no ConfigError thrown");
    } catch (const ConfigError &error) {
        QVERIFY2(error.message().contains(expected), qPrintable(error.message()));
    }
}

void tst_DatabaseConfig::jsonFile()
{
    QTemporaryFile file;
    QVERIFY(file.open());
    file.write(R"({"database": "sqlite", "databasePath": ":memory:", "poolSize": 2})");
    file.close();
    QCOMPARE(DatabaseConfig::fromJsonFile(file.fileName()).poolSize, 2);

    try {
        DatabaseConfig::fromJsonFile(QStringLiteral("/nonexistent/rexorm.json"));
        QFAIL("no ConfigError thrown");
    } catch (const ConfigError &error) {
        QVERIFY(error.message().contains(u"/nonexistent/rexorm.json"));
    }
}

void tst_DatabaseConfig::environment()
{
    qunsetenv("REXORM_TEST_CONFIG_URL");
    try {
        DatabaseConfig::fromEnvironment("REXORM_TEST_CONFIG_URL");
        QFAIL("no ConfigError thrown");
    } catch (const ConfigError &error) {
        QVERIFY(error.message().contains(u"REXORM_TEST_CONFIG_URL is not set"));
    }
    qputenv("REXORM_TEST_CONFIG_URL", "mariadb://u:Hidden9@h:3306/db");
    QCOMPARE(DatabaseConfig::fromEnvironment("REXORM_TEST_CONFIG_URL").password,
             QStringLiteral("Hidden9"));
    qputenv("REXORM_TEST_CONFIG_URL", "mariadb://u:Hidden9@h:0/db");
    try {
        DatabaseConfig::fromEnvironment("REXORM_TEST_CONFIG_URL");
        QFAIL("no ConfigError thrown");
    } catch (const ConfigError &error) {
        QVERIFY(error.message().contains(u"from REXORM_TEST_CONFIG_URL"));
        QVERIFY(!error.message().contains(u"Hidden9"));
    }
    qputenv("REXORM_DATABASE_URL", "sqlite::memory:");
    QVERIFY(DatabaseConfig::fromEnvironment().isInMemory());
}

REXORM_TEST_MAIN(tst_DatabaseConfig)
#include "tst_databaseconfig.moc"
