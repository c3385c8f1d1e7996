#include "executor_p.h"
#include "logging_p.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDeadlineTimer>
#include <QtCore/QObject>
#include <QtCore/QThread>

namespace RexOrm {

ExecutorGroup::ExecutorGroup(int threads, const QString &name)
{
    for (int i = 0; i < threads; ++i) {
        auto worker = std::make_unique<Worker>();
        worker->thread = new QThread;
        worker->thread->setObjectName(QStringLiteral("%1-%2").arg(name).arg(i));
        worker->context = new QObject;
        worker->context->moveToThread(worker->thread);
        worker->thread->start();
        m_workers.push_back(std::move(worker));
    }
}

ExecutorGroup::~ExecutorGroup()
{
    const bool haveApplication = QCoreApplication::instance() != nullptr;
    for (const auto &worker : m_workers) {
        QThread *thread = worker->thread;
        if (haveApplication) // queued behind every job already posted, so those still run
            QMetaObject::invokeMethod(
                worker->context, [thread] { thread->quit(); }, Qt::QueuedConnection);
        else
            thread->quit();
    }
    for (const auto &worker : m_workers) {
        if (worker->thread == QThread::currentThread()) {
            // The last handle died inside one of our own jobs: that thread cannot wait for itself.
            QObject::connect(worker->thread, &QThread::finished, worker->context,
                             &QObject::deleteLater);
            QObject::connect(worker->thread, &QThread::finished, worker->thread,
                             &QObject::deleteLater);
            continue;
        }
        if (!worker->thread->wait(QDeadlineTimer(30000))) {
            qCWarning(lcPool,
                      "an executor thread did not finish its queued work within 30 s; stopping it");
            worker->thread->quit();
            worker->thread->wait();
        }
        delete worker->context;
        delete worker->thread;
    }
}

void ExecutorGroup::post(std::function<void()> job)
{
    Worker *target = m_workers.front().get();
    for (const auto &worker : m_workers) {
        if (worker->pending.load() < target->pending.load())
            target = worker.get();
    }
    ++target->pending;
    QMetaObject::invokeMethod(
        target->context,
        [target, job = std::move(job)] {
            job();
            --target->pending;
        },
        Qt::QueuedConnection);
}

} // namespace RexOrm
