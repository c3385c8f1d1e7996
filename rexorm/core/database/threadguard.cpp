#include "connectionpool_p.h"
#include "logging_p.h"

#include <rexorm/database/threadguard.h>

#include <QtCore/QThread>

#include <atomic>

namespace RexOrm {

namespace {
// One guarded thread is what front ends need; a second call replaces the first.
std::atomic<QThread *> g_thread{nullptr};
std::atomic<BlockingCallPolicy> g_policy{BlockingCallPolicy::Allow};
} // namespace

void setBlockingCallPolicy(QThread *thread, BlockingCallPolicy policy)
{
    if (policy == BlockingCallPolicy::Allow) {
        // Only the guarded thread's own Allow lifts the guard.
        QThread *expected = thread;
        if (thread && g_thread.compare_exchange_strong(expected, nullptr))
            g_policy.store(BlockingCallPolicy::Allow);
        return;
    }
    g_policy.store(BlockingCallPolicy::Allow);
    g_thread.store(thread);
    g_policy.store(policy);
}

BlockingCallPolicy blockingCallPolicy(QThread *thread)
{
    return thread && g_thread.load() == thread ? g_policy.load() : BlockingCallPolicy::Allow;
}

void ConnectionPool::checkBlockingCall(const QString &database)
{
    QThread *const guarded = g_thread.load(std::memory_order_relaxed);
    if (!guarded || guarded != QThread::currentThread())
        return;
    const QString message =
        QStringLiteral("A synchronous call on %1 ran on the thread \"%2\", which must never wait "
                       "on SQL; use the asynchronous API (executeAsync, run, transactionAsync).")
            .arg(database,
                 guarded->objectName().isEmpty() ? QStringLiteral("main") : guarded->objectName());
    switch (g_policy.load()) {
    case BlockingCallPolicy::Allow:
        return;
    case BlockingCallPolicy::Warn:
        qCWarning(lcPool).noquote() << message;
        return;
    case BlockingCallPolicy::Throw:
        throw BlockingCallError(message);
    case BlockingCallPolicy::Abort:
        qFatal("%s", qPrintable(message));
    }
}

} // namespace RexOrm
