// Process shutdown with live databases: a Database that outlives QCoreApplication (a static,
// say) must neither hang nor crash, and a Database whose last handle dies inside one of its own
// executor jobs must not deadlock. A plain program: its exit status is the verdict.
#include <rexorm/database/database.h>
#include <rexorm/error.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QThread>

#include <cstdio>
#include <optional>

namespace {

std::optional<RexOrm::Database> g_outlivesApplication;

int failures = 0;

void check(bool ok, const char *what)
{
    std::printf("%s: %s\n", ok ? "PASS" : "FAIL", what);
    if (!ok)
        ++failures;
}

} // namespace

int main(int argc, char *argv[])
{
    {
        QCoreApplication app(argc, argv);
        RexOrm::DatabaseConfig config =
            RexOrm::DatabaseConfig::fromUrl(QStringLiteral("sqlite::memory:"));
        config.idleTimeoutMs = 50;
        g_outlivesApplication.emplace(config);
        g_outlivesApplication->execute(QStringLiteral("CREATE TABLE t (x INTEGER)"));
        check(g_outlivesApplication->executeAsync(QStringLiteral("SELECT 1"))
                      .result()
                      .value(0, 0)
                      .toInt() == 1,
              "async work before shutdown");

        // The last handle of this database is released inside its own executor job.
        std::optional<RexOrm::Database> handle(std::in_place, config);
        QFuture<int> job = handle->run([copy = *handle] {
            QThread::msleep(50);
            return copy.execute(QStringLiteral("SELECT 5")).value(0, 0).toInt();
        });
        handle.reset(); // the job's captured copy is now the last one
        check(job.result() == 5, "a job outlives every outside handle of its database");
        QThread::msleep(100); // let that job's database finish tearing down
    }
    // The application is gone: the database shut down with it and says so.
    bool refused = false;
    try {
        g_outlivesApplication->execute(QStringLiteral("SELECT 1"));
    } catch (const RexOrm::Error &error) {
        refused = QString::fromUtf8(error.what()).contains(u"shut down");
    }
    check(refused, "a database used after QCoreApplication is gone says so");
    QThread::msleep(200); // longer than idleTimeout: no reaper may touch QtSql now
    g_outlivesApplication.reset();
    std::printf("%d passed, %d failed\n", 3 - failures, failures);
    return failures == 0 ? 0 : 1;
}
