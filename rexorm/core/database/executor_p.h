#pragma once

#include <QtCore/QString>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

class QObject;
class QThread;

namespace RexOrm {

// Dedicated threads with event loops that run the asynchronous API. Each keeps its own pooled
// connection between jobs; jobs go to the thread with the fewest pending.
class ExecutorGroup
{
public:
    ExecutorGroup(int threads, const QString &name);
    ~ExecutorGroup(); // runs the jobs already posted, then stops the threads
    void post(std::function<void()> job);

private:
    struct Worker
    {
        QThread *thread = nullptr;
        QObject *context = nullptr;
        std::atomic<int> pending{0};
    };
    std::vector<std::unique_ptr<Worker>> m_workers;
};

} // namespace RexOrm
