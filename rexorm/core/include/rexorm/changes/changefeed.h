#pragma once

#include <rexorm/changes/changeevent.h>
#include <rexorm/changes/changelistener.h>
#include <rexorm/database/database.h>

#include <QtCore/QList>
#include <QtCore/QObject>

#include <memory>
#include <optional>

namespace RexOrm {

// What a ChangeFeed keeps and listens to.
struct ChangeFeedOptions
{
    qsizetype bufferSize = 10000; // events kept for since()
    bool listen = true;           // start a ChangeListener when triggers are installed
    ChangeListenerOptions listener;
};

// One ordered stream of a database's committed changes for consumers that must neither miss nor
// repeat one: the server's subscriptions, live models, `rexorm realtime:subscribe`. It merges the
// database's ChangeHub (this process's writes) with a ChangeListener (triggers: every client's
// writes). Where triggers are installed on a table they are its single source, and the
// application's event for the same write is dropped. Each event gets the feed's own sequence
// number (1, 2, 3, ...); the last bufferSize events are kept for since(). Lives on the thread
// that created it; changed() is emitted there.
class REXORM_CORE_EXPORT ChangeFeed : public QObject
{
    Q_OBJECT

public:
    using Options = ChangeFeedOptions;

    explicit ChangeFeed(Database database, Options options = {}, QObject *parent = nullptr);
    ~ChangeFeed() override;

    bool start(); // false (errorString()) when the listener could not start
    QString errorString() const;

    // Random per feed: a resume token naming another instance (another process, or this one
    // before a restart) cannot be trusted, and the client must resync.
    QString instanceId() const;
    quint64 lastSequence() const;
    // The events after sequence, or nullopt when some are no longer buffered, or events may have
    // been missed since (a gap()): the consumer must then resync from the database.
    std::optional<QList<ChangeEvent>> since(quint64 sequence) const;
    QStringList triggerTables() const; // tables whose events come from triggers
    // The listener started for the triggers, or null when none are installed (or listen is off).
    ChangeListener *listener() const;

signals:
    void changed(const RexOrm::ChangeEvent &event); // event.sequence is the feed's
    // The listener lost events (a dropped LISTEN connection, a pruned change log). The gap takes
    // a sequence number of its own: since() refuses every sequence before it.
    void gap(const QString &reason);

private:
    void publish(ChangeEvent event);
    std::unique_ptr<class ChangeFeedPrivate> d;
};

} // namespace RexOrm
