#pragma once

#include <rexorm/changes/changeevent.h>

#include <QtCore/QObject>

#include <atomic>

namespace RexOrm {

// Publishes a Database's committed changes as a Qt signal. Writes through RexOrm hand their
// events to the hub only after their transaction commits, in commit order, each with the next
// sequence number; a rolled-back transaction publishes nothing. Connect from any thread: the
// signal is emitted on the committing thread, so receivers in other threads get it queued.
class REXORM_CORE_EXPORT ChangeHub : public QObject
{
    Q_OBJECT

public:
    explicit ChangeHub(QObject *parent = nullptr);
    quint64 lastSequence() const { return m_sequence.load(); }

    // Stamps the event with a sequence number and the time, then emits changed(). Called by
    // Database::publishChange(), which defers it to the commit.
    void publish(ChangeEvent event);

signals:
    void changed(const RexOrm::ChangeEvent &event);

private:
    std::atomic<quint64> m_sequence{0};
};

} // namespace RexOrm
