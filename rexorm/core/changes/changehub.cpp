#include <rexorm/changes/changehub.h>

#include <QtCore/QScopeGuard>
#include <QtCore/QThread>

#include <atomic>
#include <deque>
#include <mutex>

namespace RexOrm {

QString ChangeEvent::operationName(Operation operation)
{
    switch (operation) {
    case Insert:
        return QStringLiteral("insert");
    case Update:
        return QStringLiteral("update");
    case Delete:
        return QStringLiteral("delete");
    }
    return {};
}

class ChangeHubPrivate
{
public:
    std::mutex queueMutex; // guards queue and numbering
    std::deque<ChangeEvent> queue;
    std::atomic<quint64> sequence{0};
    std::mutex emitMutex; // held by the one thread that emits
    std::atomic<Qt::HANDLE> emitter{nullptr};
};

ChangeHub::ChangeHub(QObject *parent) : QObject(parent), d(std::make_unique<ChangeHubPrivate>())
{
    qRegisterMetaType<RexOrm::ChangeEvent>();
}

ChangeHub::~ChangeHub() = default;

quint64 ChangeHub::lastSequence() const
{
    return d->sequence.load();
}

void ChangeHub::publish(ChangeEvent event)
{
    QList<ChangeEvent> events;
    events.append(std::move(event));
    publish(std::move(events));
}

void ChangeHub::publish(QList<ChangeEvent> events)
{
    if (events.isEmpty())
        return;
    {
        // Numbered in the order they join the queue, which is the order they are emitted in.
        std::lock_guard lock(d->queueMutex);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (ChangeEvent &event : events) {
            event.sequence = d->sequence.load() + 1;
            d->sequence.store(event.sequence);
            event.timestamp = now;
            d->queue.push_back(std::move(event));
        }
    }
    const Qt::HANDLE self = QThread::currentThreadId();
    if (d->emitter.load() == self)
        return; // published from a slot: the loop further up this thread's stack emits it next

    std::lock_guard emitting(d->emitMutex);
    d->emitter.store(self);
    const auto done = qScopeGuard([this] { d->emitter.store(nullptr); });
    for (;;) {
        ChangeEvent next;
        {
            std::lock_guard lock(d->queueMutex);
            if (d->queue.empty())
                break;
            next = std::move(d->queue.front());
            d->queue.pop_front();
        }
        emit changed(next);
    }
}

} // namespace RexOrm
