#pragma once

// Runs database tests on every backend, in the manner of qtbase's tst_databases.h.
//
// A data-driven test calls RexOrmTest::addBackendColumns() in its _data() function and
// REXORM_TEST_CONFIG(config) at the top of the test. Each test binary works in a database of
// its own on each server (created on first use, dropped at exit); SQLite uses a fresh file per
// test row. A server whose URL variable is unset is skipped with a message naming the
// variable, except under CI=true, where that fails.

#include <rexorm/database/database.h>

#include <QtTest/QTest>

#include <functional>
#include <optional>

namespace RexOrmTest {

// Adds the "backend" column with rows sqlite, postgres and mariadb.
void addBackendColumns();
// Adds one row per backend whose name is in backends.
void addBackendColumns(const QStringList &backends);

bool inCi();

// The configuration of a fresh test database for backend, or nullopt with *why set.
std::optional<RexOrm::DatabaseConfig> configFor(const QString &backend, QString *why);

// The Chinook sample database on backend: a private copy of the SQLite file, or the database
// scripts/test-servers.sh loaded (REXORM_TEST_POSTGRES_CHINOOK_URL, REXORM_TEST_MYSQL_CHINOOK_URL).
std::optional<RexOrm::DatabaseConfig> chinookConfigFor(const QString &backend, QString *why);

// The environment variable holding the command that restarts backend's server, or empty.
QString restartCommand(const QString &backend);

// A read that keeps the server busy for about `milliseconds`: pg_sleep, SLEEP, or on SQLite
// (which has no sleep) a recursive count of the same rough length.
QString busySql(const RexOrm::Database &db, int milliseconds);

// Drops tables (ignoring ones that do not exist).
void dropTables(const RexOrm::Database &db, const QStringList &tables);

// Drops the per-binary server databases; called by REXORM_TEST_MAIN.
void cleanupDatabases();

// Runs the test object; afterTests runs before the databases are dropped.
int runTests(QObject *test, int argc, char **argv, const std::function<void()> &afterTests = {});

} // namespace RexOrmTest

// The one place a test may skip: something only a developer's machine may lack (a server, a
// restart command). Under CI=true it fails instead.
#define REXORM_SKIP_OR_FAIL(why)                                                                   \
    do {                                                                                           \
        if (RexOrmTest::inCi())                                                                    \
            QFAIL(qPrintable((why) + QStringLiteral(" (CI=true: every server must run)")));        \
        QSKIP(qPrintable(why));                                                                    \
    } while (false)

// Fetches the row's backend and fills config from source(backend, &why); a missing server is a
// skip that names its variable, or under CI=true a failure.
#define REXORM_TEST_CONFIG_FROM(config, source)                                                    \
    QFETCH(QString, backend);                                                                      \
    RexOrm::DatabaseConfig config;                                                                 \
    do {                                                                                           \
        QString rexormWhy;                                                                         \
        const auto rexormConfig = source(backend, &rexormWhy);                                     \
        if (!rexormConfig)                                                                         \
            REXORM_SKIP_OR_FAIL(rexormWhy);                                                        \
        config = *rexormConfig;                                                                    \
    } while (false)

#define REXORM_TEST_CONFIG(config) REXORM_TEST_CONFIG_FROM(config, RexOrmTest::configFor)
#define REXORM_TEST_CHINOOK(config) REXORM_TEST_CONFIG_FROM(config, RexOrmTest::chinookConfigFor)

#define REXORM_TEST_MAIN(TestClass)                                                                \
    int main(int argc, char **argv)                                                                \
    {                                                                                              \
        QCoreApplication app(argc, argv);                                                          \
        TestClass test;                                                                            \
        return RexOrmTest::runTests(&test, argc, argv);                                            \
    }
