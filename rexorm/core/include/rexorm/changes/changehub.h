#pragma once

#include <rexorm/changes/changeevent.h>

#include <QtCore/QList>
#include <QtCore/QObject>

#include <memory>

namespace RexOrm {

class ChangeHubPrivate;

// Publishes a Database's committed changes as a Qt signal. Writes through RexOrm hand their
// events to the hub only after their transaction commits, in commit order, each with the next
// sequence number; a rolled-back transaction publishes nothing. Connect from any thread: the
// signal is emitted on a publishing thread, so receivers in other threads get it queued.
//
// Numbering and emission are one step: events are emitted one at a time, in sequence order, and
// publish() returns once its events have been emitted. While one thread emits, publishers on
// other threads wait for it; an event published from a slot on the emitting thread is numbered at
// once and emitted right after the current one (publish() then returns before its emission), so a
// slot that publishes never deadlocks. A slot connected directly must not wait for another thread
// that publishes to this hub (a write on another thread, say): that thread waits for the slot.
class REXORM_CORE_EXPORT ChangeHub : public QObject
{
    Q_OBJECT

public:
    explicit ChangeHub(QObject *parent = nullptr);
    ~ChangeHub() override;
    quint64 lastSequence() const; // the last number given out

    // Stamps the event with a sequence number and the time, then emits changed(). Called by
    // Database::publishChange(), which defers it to the commit.
    void publish(ChangeEvent event);
    // Publishes events with consecutive sequence numbers: no other event comes between them.
    void publish(QList<ChangeEvent> events);

signals:
    void changed(const RexOrm::ChangeEvent &event);

private:
    std::unique_ptr<ChangeHubPrivate> d;
};

} // namespace RexOrm
