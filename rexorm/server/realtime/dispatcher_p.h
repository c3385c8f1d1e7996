#pragma once

#include <rexorm/changes/changeevent.h>
#include <rexorm/database/database.h>
#include <rexorm/graphql/execution.h>
#include <rexorm/graphql/liveapi.h>

#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QPointer>

#include <deque>
#include <functional>
#include <memory>

namespace RexOrm {
class ServerMetrics;
}

namespace RexOrm::Realtime {

// What one subscription watches and how its messages are made. Immutable once added.
struct Subscription
{
    QString entity;
    QVariantMap where;                        // the client's filter and the caller's row filter
    QList<ChangeEvent::Operation> operations; // empty: all
    // graphql-transport-ws: the subscription operation run for each event.
    std::shared_ptr<const GraphQL::Document> document;
    QString operationName;
    QJsonObject variables;
    GraphQL::ExecutionOptions execution; // limits and the caller's context
    QString executionKey;                // equal keys give equal payloads: computed once per event
    // The caller's row filter alone (also part of where): an update's old row outside it is not
    // shown (previous, old), so a row moved into the caller's reach tells nothing of its past.
    QVariantMap rowFilter;
    // /realtime: the columns sent (by field name; empty: all) and the client's id.
    QStringList columns;
    QString clientId;
    QString instance; // the feed's, for resume tokens
};

// Receives the payloads of its subscriptions, in sequence order, on the dispatcher's thread.
class Subscriber
{
public:
    virtual ~Subscriber() = default;
    virtual void deliver(quint64 subscription, quint64 sequence, const QByteArray &payload) = 0;
};

// Matches committed changes against subscriptions and makes their payloads. Each batch of events
// (those that arrived while the previous batch was busy) is one job on the database's executor
// threads: per entity one statement tests every distinct filter (LiveApi::match), and a GraphQL
// payload is executed once per event for all subscriptions that share it. Jobs run one at a
// time, so deliveries keep the feed's order.
class Dispatcher : public QObject
{
    Q_OBJECT

public:
    Dispatcher(Database database, std::shared_ptr<const GraphQL::LiveApi> live,
               std::shared_ptr<const GraphQL::Schema> schema, ServerMetrics *metrics,
               QObject *parent = nullptr);
    ~Dispatcher() override;

    // Adds a subscription that receives the events after liveFrom.
    quint64 add(std::shared_ptr<const Subscription> subscription, Subscriber *subscriber,
                quint64 liveFrom);
    // Delivers earlier events (from the feed's buffer, at or before the subscriptions' liveFrom)
    // to these subscriptions, in order, before any later live event.
    void replay(const QList<quint64> &subscriptions, QList<ChangeEvent> events);
    void remove(quint64 id);
    int count() const { return int(m_subscriptions.size()); }

    // A committed change, from the ChangeFeed (in its order).
    void publish(const ChangeEvent &event);

    // The payload of one event for one subscription (done by the jobs; public for tests).
    static QByteArray realtimePayload(const GraphQL::LiveApi &live, const Subscription &s,
                                      const ChangeEvent &event);

signals:
    // A batch could not be matched (the database failed): its events reached nobody.
    void batchLost(const QString &reason);

private:
    // A /realtime change message cut around its "id" member (see makeRealtimeParts).
    struct RealtimeParts
    {
        QByteArray head;                 // '{' and the members before "id"
        QByteArray tail;                 // the members after "id" and '}'
        QHash<QString, QByteArray> byId; // whole messages made so far, by client id
        QByteArray withId(const QString &clientId) const;
    };
    static RealtimeParts makeRealtimeParts(const GraphQL::LiveApi &live, const Subscription &s,
                                           const ChangeEvent &event);
    struct Entry
    {
        std::shared_ptr<const Subscription> subscription;
        Subscriber *subscriber = nullptr;
        quint64 liveFrom = 0;
    };
    struct Job
    {
        QList<ChangeEvent> events;
        QList<quint64> replayFor; // empty: a live batch for every subscription
    };
    struct Delivery
    {
        quint64 subscription;
        quint64 sequence;
        QByteArray payload;
    };
    void startNext();
    struct Outcome
    {
        QList<Delivery> deliveries;
        QStringList failures; // entities whose events could not be matched
    };
    static Outcome compute(const GraphQL::LiveApi &live, const GraphQL::Schema &schema,
                           const QList<ChangeEvent> &events,
                           const std::vector<std::pair<quint64, Entry>> &targets, bool replay);

    Database m_db;
    std::shared_ptr<const GraphQL::LiveApi> m_live;
    std::shared_ptr<const GraphQL::Schema> m_schema;
    ServerMetrics *m_metrics;
    std::map<quint64, Entry> m_subscriptions; // by id: ids grow, so this is subscription order
    std::deque<Job> m_jobs;
    qsizetype m_queuedEvents = 0; // in m_jobs: past maxQueuedEvents they are dropped (resync)
    bool m_busy = false;
    quint64 m_nextId = 1;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace RexOrm::Realtime
