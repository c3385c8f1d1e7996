#include "testdatabases.h"

#include <rexorm/error.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QMap>
#include <QtCore/QMutex>
#include <QtCore/QRegularExpression>
#include <QtCore/QTemporaryDir>

#include <sys/prctl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

namespace RexOrmTest {

namespace {

struct ServerBackend
{
    const char *urlVariable;
    const char *restartVariable;
};

const QMap<QString, ServerBackend> &servers()
{
    static const QMap<QString, ServerBackend> map = {
        {QStringLiteral("postgres"), {"REXORM_TEST_POSTGRES_URL", "REXORM_TEST_POSTGRES_RESTART"}},
        {QStringLiteral("mariadb"), {"REXORM_TEST_MYSQL_URL", "REXORM_TEST_MYSQL_RESTART"}},
    };
    return map;
}

struct State
{
    QMutex mutex;
    std::optional<QTemporaryDir> sqliteDir;
    int sqliteFiles = 0;
    QMap<QString, RexOrm::DatabaseConfig> created; // backend -> per-binary database
    QMap<QString, RexOrm::DatabaseConfig> admin;   // backend -> the URL's own database
};

State &state()
{
    static State s;
    return s;
}

QString binaryDatabaseName()
{
    QString base = QFileInfo(QCoreApplication::applicationFilePath()).baseName().toLower();
    base.replace(QRegularExpression(QStringLiteral("[^a-z0-9_]")), QStringLiteral("_"));
    return QStringLiteral("rexorm_%1_%2")
        .arg(base.left(40))
        .arg(QCoreApplication::applicationPid());
}

// A binary whose tests finished but which does not exit (a cleanup or shutdown that waits on
// something) would otherwise only show as a CTest timeout: print every thread's stack and end.
constexpr int exitLimitSeconds = 120;

void startExitWatchdog()
{
    prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
    std::thread([] {
        std::this_thread::sleep_for(std::chrono::seconds(exitLimitSeconds));
        std::fprintf(stderr,
                     "FAIL!  : the test binary did not exit within %d s after its tests finished; "
                     "stacks of all threads follow\n",
                     exitLimitSeconds);
        std::fflush(stderr);
        const std::string command =
            "gdb -p " + std::to_string(getpid()) +
            " -batch -nx -ex 'set pagination off' -ex 'thread apply all bt' 1>&2";
        if (std::system(command.c_str()) != 0)
            std::fprintf(stderr, "(gdb could not print the stacks)\n");
        std::_Exit(125);
    }).detach();
}

} // namespace

bool inCi()
{
    const QString ci = qEnvironmentVariable("CI").toLower();
    return ci == u"true" || ci == u"1";
}

void addBackendColumns()
{
    addBackendColumns(
        {QStringLiteral("sqlite"), QStringLiteral("postgres"), QStringLiteral("mariadb")});
}

void addBackendColumns(const QStringList &backends)
{
    QTest::addColumn<QString>("backend");
    for (const QString &backend : backends)
        QTest::newRow(qPrintable(backend)) << backend;
}

std::optional<RexOrm::DatabaseConfig> configFor(const QString &backend, QString *why)
{
    State &s = state();
    QMutexLocker lock(&s.mutex);
    if (backend == u"sqlite") {
        if (!s.sqliteDir) {
            s.sqliteDir.emplace();
            if (!s.sqliteDir->isValid())
                qFatal("cannot create a temporary directory for SQLite test databases");
        }
        RexOrm::DatabaseConfig config = RexOrm::DatabaseConfig::fromUrl(
            QStringLiteral("sqlite://") +
            s.sqliteDir->filePath(QStringLiteral("test-%1.db").arg(++s.sqliteFiles)));
        // REXORM_TEST_CAPTURE_CHANGES=1 runs the SQLite rows with DatabaseConfig::captureChanges.
        config.captureChanges = qEnvironmentVariableIntValue("REXORM_TEST_CAPTURE_CHANGES") == 1;
        return config;
    }
    const auto server = servers().find(backend);
    if (server == servers().end())
        qFatal("unknown test backend %s", qPrintable(backend));
    if (const auto it = s.created.find(backend); it != s.created.end())
        return *it;

    const QString url = qEnvironmentVariable(server->urlVariable);
    if (url.isEmpty()) {
        *why = QStringLiteral(
                   "%1 is not set, so the %2 rows do not run; ./dev test starts the servers")
                   .arg(QLatin1String(server->urlVariable), backend);
        return std::nullopt;
    }
    RexOrm::DatabaseConfig admin = RexOrm::DatabaseConfig::fromUrl(url);
    admin.poolSize = 1;
    const QString name = binaryDatabaseName();
    {
        RexOrm::Database db(admin);
        const QString quoted = db.dialect().quoteIdentifier(name);
        db.execute(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(quoted));
        db.execute(QStringLiteral("CREATE DATABASE %1%2")
                       .arg(quoted, backend == u"mariadb" ? QStringLiteral(" CHARACTER SET utf8mb4")
                                                          : QString()));
    }
    RexOrm::DatabaseConfig config = admin;
    config.databaseName = name;
    config.poolSize = 10;
    s.admin.insert(backend, admin);
    s.created.insert(backend, config);
    return config;
}

std::optional<RexOrm::DatabaseConfig> chinookConfigFor(const QString &backend, QString *why)
{
    if (backend == u"sqlite") {
        State &s = state();
        QMutexLocker lock(&s.mutex);
        if (!s.sqliteDir)
            s.sqliteDir.emplace();
        const QString copy =
            s.sqliteDir->filePath(QStringLiteral("chinook-%1.sqlite").arg(++s.sqliteFiles));
        if (!QFile::copy(QStringLiteral(REXORM_TEST_DATA_DIR "/chinook/Chinook_Sqlite.sqlite"),
                         copy) ||
            !QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner))
            qFatal("cannot copy the Chinook SQLite database from %s", REXORM_TEST_DATA_DIR);
        return RexOrm::DatabaseConfig::fromUrl(QStringLiteral("sqlite://") + copy);
    }
    const char *variable = backend == u"postgres" ? "REXORM_TEST_POSTGRES_CHINOOK_URL"
                                                  : "REXORM_TEST_MYSQL_CHINOOK_URL";
    const QString url = qEnvironmentVariable(variable);
    if (url.isEmpty()) {
        *why = QStringLiteral(
                   "%1 is not set, so the %2 Chinook rows do not run; ./dev test loads Chinook")
                   .arg(QLatin1String(variable), backend);
        return std::nullopt;
    }
    return RexOrm::DatabaseConfig::fromUrl(url);
}

QString restartCommand(const QString &backend)
{
    const auto server = servers().find(backend);
    return server == servers().end() ? QString() : qEnvironmentVariable(server->restartVariable);
}

QString busySql(const RexOrm::Database &db, int milliseconds)
{
    const QString name = db.dialect().name();
    if (name == u"postgres")
        return QStringLiteral("SELECT pg_sleep(%1)").arg(milliseconds / 1000.0);
    if (name == u"mariadb" || name == u"mysql")
        return QStringLiteral("SELECT SLEEP(%1)").arg(milliseconds / 1000.0);
    return QStringLiteral(
               "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < %1) "
               "SELECT count(*) FROM c")
        .arg(qint64(milliseconds) * 3000);
}

void dropTables(const RexOrm::Database &db, const QStringList &tables)
{
    for (const QString &table : tables)
        db.execute(
            QStringLiteral("DROP TABLE IF EXISTS %1").arg(db.dialect().quoteIdentifier(table)));
}

void cleanupDatabases()
{
    State &s = state();
    QMutexLocker lock(&s.mutex);
    for (auto it = s.created.begin(); it != s.created.end(); ++it) {
        try {
            RexOrm::Database db(s.admin.value(it.key()));
            const QString quoted = db.dialect().quoteIdentifier(it->databaseName);
            if (it.key() == u"postgres") {
                db.execute(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(quoted));
                continue;
            }
            // MariaDB's DROP DATABASE waits for the metadata locks of every session still in
            // it, by default for a year: end those sessions first, naming them, and bound the wait.
            db.execute(QStringLiteral("SET SESSION lock_wait_timeout = 30"));
            const RexOrm::QueryResult lingering =
                db.execute(QStringLiteral("SELECT ID, COMMAND, STATE, TIME, INFO FROM "
                                          "information_schema.PROCESSLIST WHERE DB = ? AND ID <> "
                                          "CONNECTION_ID()"),
                           {it->databaseName});
            for (int row = 0; row < lingering.size(); ++row) {
                qWarning("ending a session left in %s: id %lld, %s, state '%s', %d s, '%s'",
                         qPrintable(it->databaseName), lingering.value(row, 0).toLongLong(),
                         qPrintable(lingering.value(row, 1).toString()),
                         qPrintable(lingering.value(row, 2).toString()),
                         lingering.value(row, 3).toInt(),
                         qPrintable(lingering.value(row, 4).toString()));
                try {
                    db.execute(QStringLiteral("KILL CONNECTION %1")
                                   .arg(lingering.value(row, 0).toLongLong()));
                } catch (const RexOrm::DatabaseError &) {
                    // it ended by itself meanwhile
                }
            }
            db.execute(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(quoted));
        } catch (const RexOrm::Error &error) {
            qWarning("could not drop test database %s: %s", qPrintable(it->databaseName),
                     error.what());
        }
    }
    s.created.clear();
    s.sqliteDir.reset();
}

int runTests(QObject *test, int argc, char **argv, const std::function<void()> &afterTests)
{
    const int result = QTest::qExec(test, argc, argv);
    if (afterTests)
        afterTests();
    startExitWatchdog();
    cleanupDatabases();
    return result;
}

} // namespace RexOrmTest
