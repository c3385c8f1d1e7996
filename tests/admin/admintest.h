#pragma once

// Shared by the admin application's tests: a QApplication whose GUI thread refuses synchronous
// SQL (a call there aborts the test), and a Session opened without blocking that thread.

#include "testdatabases.h"

#include <session/session.h>

#include <rexorm/database/threadguard.h>

#include <QtCore/QFile>
#include <QtCore/QScopeGuard>
#include <QtCore/QThread>
#include <QtTest/QSignalSpy>
#include <QtWidgets/QApplication>

namespace RexOrmAdminTest {

// Opens url in session and waits (in the event loop) for the outcome; false with *error set.
inline bool open(RexOrm::Admin::Session &session, const QString &url, QString *error,
                 const QString &modelsPlugin = {})
{
    QSignalSpy opened(&session, &RexOrm::Admin::Session::opened);
    QSignalSpy failed(&session, &RexOrm::Admin::Session::openFailed);
    session.open(url, modelsPlugin);
    if (!QTest::qWaitFor([&] { return !opened.isEmpty() || !failed.isEmpty(); }, 60000)) {
        *error = QStringLiteral("the session did not open within 60 s");
        return false;
    }
    if (!failed.isEmpty()) {
        *error = failed.first().first().toString();
        return false;
    }
    return true;
}

inline bool open(RexOrm::Admin::Session &session, const RexOrm::DatabaseConfig &config,
                 QString *error)
{
    return open(session, config.toUrl(true), error);
}

// Test set-up and checks that talk to the database directly (creating tables, reading what the
// application wrote) run inside fixture(): the GUI thread's guard is lifted only for them, and
// never while the application's own code runs.
template<typename F> auto fixture(F &&work)
{
    QThread *const gui = QCoreApplication::instance()->thread();
    const RexOrm::BlockingCallPolicy policy = RexOrm::blockingCallPolicy(gui);
    RexOrm::setBlockingCallPolicy(gui, RexOrm::BlockingCallPolicy::Allow);
    const auto restore = qScopeGuard([gui, policy] { RexOrm::setBlockingCallPolicy(gui, policy); });
    return work();
}

// RexOrmTest's test databases, for admin tests (creating one is set-up).
inline std::optional<RexOrm::DatabaseConfig> configFor(const QString &backend, QString *why)
{
    auto config = fixture([&] { return RexOrmTest::configFor(backend, why); });
    // The admin application opens only SQLite files that exist (an empty file is an empty
    // database); a mistyped path is an error there.
    if (config && config->driver == u"sqlite" && !config->isInMemory()) {
        QFile file(config->databasePath);
        if (!file.exists() && !file.open(QIODevice::WriteOnly))
            qFatal("cannot create %s", qPrintable(config->databasePath));
    }
    return config;
}
inline std::optional<RexOrm::DatabaseConfig> chinookConfigFor(const QString &backend, QString *why)
{
    return fixture([&] { return RexOrmTest::chinookConfigFor(backend, why); });
}

} // namespace RexOrmAdminTest

#define REXORM_ADMIN_TEST_CONFIG(config) REXORM_TEST_CONFIG_FROM(config, RexOrmAdminTest::configFor)
#define REXORM_ADMIN_TEST_CHINOOK(config)                                                          \
    REXORM_TEST_CONFIG_FROM(config, RexOrmAdminTest::chinookConfigFor)
#define REXORM_ADMIN_TEST_MAIN(TestClass)                                                          \
    int main(int argc, char **argv)                                                                \
    {                                                                                              \
        QApplication app(argc, argv);                                                              \
        RexOrm::setBlockingCallPolicy(app.thread(), RexOrm::BlockingCallPolicy::Abort);            \
        TestClass test;                                                                            \
        return RexOrmTest::runTests(&test, argc, argv, [&app] {                                    \
            RexOrm::setBlockingCallPolicy(app.thread(), RexOrm::BlockingCallPolicy::Allow);        \
        });                                                                                        \
    }
