#pragma once

// SIGINT and SIGTERM end the event loop of a long-running command (realtime:subscribe).

#include <rexorm/error.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QSocketNotifier>

#include <csignal>
#include <functional>
#include <memory>
#include <sys/socket.h>
#include <unistd.h>

namespace RexOrm::Cli {

// SIGINT and SIGTERM end a long-running command (serve, realtime:subscribe): the first signal
// calls onStop (a graceful stop), or quits the event loop when there is none; a second signal
// quits at once. The handler only writes to a socket pair, and a QSocketNotifier acts on the
// main thread.
class StopSignals
{
public:
    explicit StopSignals(std::function<void()> onStop = {})
    {
        if (::socketpair(AF_UNIX, SOCK_STREAM, 0, s_fds) != 0)
            throw Error(QStringLiteral("Cannot set up signal handling"));
        m_notifier = std::make_unique<QSocketNotifier>(s_fds[1], QSocketNotifier::Read);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated,
                         [onStop = std::move(onStop), received = 0]() mutable {
                             char c = 0;
                             [[maybe_unused]] const auto n = ::read(s_fds[1], &c, 1);
                             if (++received == 1 && onStop)
                                 onStop();
                             else
                                 QCoreApplication::quit();
                         });
        struct sigaction action = {};
        action.sa_handler = [](int) {
            const char c = 1;
            [[maybe_unused]] const auto n = ::write(s_fds[0], &c, 1);
        };
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        ::sigaction(SIGINT, &action, nullptr);
        ::sigaction(SIGTERM, &action, nullptr);
    }
    ~StopSignals()
    {
        ::signal(SIGINT, SIG_DFL);
        ::signal(SIGTERM, SIG_DFL);
        m_notifier.reset();
        ::close(s_fds[0]);
        ::close(s_fds[1]);
    }
    StopSignals(const StopSignals &) = delete;
    StopSignals &operator=(const StopSignals &) = delete;

private:
    static inline int s_fds[2] = {-1, -1};
    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace RexOrm::Cli
