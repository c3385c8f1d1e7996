#include "dispatcher_p.h"

#include "../logging_p.h"
#include <rexorm/server/metrics.h>

#include <QtCore/QFutureWatcher>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

namespace RexOrm::Realtime {

namespace {

constexpr qsizetype maxEventsPerJob = 2000;
// Events waiting while the database is slower than the writes; past this the backlog is dropped
// and /realtime clients are told to resync, instead of memory growing without bound.
constexpr qsizetype maxQueuedEvents = 200000;

QString filterKey(const QVariantMap &where)
{
    return QString::fromUtf8(
        QJsonDocument(QJsonObject::fromVariantMap(where)).toJson(QJsonDocument::Compact));
}

QJsonObject keyObject(const GraphQL::LiveApi &live, const Subscription &s, const ChangeEvent &e)
{
    return live.toFields(s.entity, e.primaryKey);
}

} // namespace

Dispatcher::Dispatcher(Database database, std::shared_ptr<const GraphQL::LiveApi> live,
                       std::shared_ptr<const GraphQL::Schema> schema, ServerMetrics *metrics,
                       QObject *parent)
    : QObject(parent), m_db(std::move(database)), m_live(std::move(live)),
      m_schema(std::move(schema)), m_metrics(metrics)
{}

Dispatcher::~Dispatcher()
{
    *m_alive = false; // a job still running delivers nothing
}

quint64 Dispatcher::add(std::shared_ptr<const Subscription> subscription, Subscriber *subscriber,
                        quint64 liveFrom)
{
    const quint64 id = m_nextId++;
    m_subscriptions.emplace(id, Entry{std::move(subscription), subscriber, liveFrom});
    return id;
}

void Dispatcher::replay(const QList<quint64> &subscriptions, QList<ChangeEvent> events)
{
    if (events.isEmpty() || subscriptions.isEmpty())
        return;
    m_queuedEvents += events.size();
    m_jobs.push_back(Job{std::move(events), subscriptions});
    startNext();
}

void Dispatcher::remove(quint64 id)
{
    m_subscriptions.erase(id);
}

void Dispatcher::publish(const ChangeEvent &event)
{
    if (m_subscriptions.empty() && !m_busy)
        return; // nobody listens: nothing to match
    if (m_queuedEvents >= maxQueuedEvents) {
        qCWarning(lcServer) << "dropping" << m_queuedEvents
                            << "change events waiting to be matched: the database is slower "
                               "than the writes";
        m_jobs.clear();
        m_queuedEvents = 0;
        emit batchLost(QStringLiteral("The server fell behind the changes and dropped some; "
                                      "read the current state again."));
    }
    if (m_jobs.empty() || !m_jobs.back().replayFor.isEmpty() ||
        m_jobs.back().events.size() >= maxEventsPerJob)
        m_jobs.push_back(Job{});
    m_jobs.back().events << event;
    ++m_queuedEvents;
    startNext();
}

void Dispatcher::startNext()
{
    if (m_busy || m_jobs.empty())
        return;
    Job job = std::move(m_jobs.front());
    m_jobs.pop_front();
    m_queuedEvents -= job.events.size();
    std::vector<std::pair<quint64, Entry>> targets;
    for (const auto &[id, entry] : m_subscriptions) {
        if (job.replayFor.isEmpty() || job.replayFor.contains(id))
            targets.emplace_back(id, entry);
    }
    if (targets.empty()) {
        startNext();
        return;
    }
    m_busy = true;
    const auto alive = m_alive;
    const QList<ChangeEvent> events = std::move(job.events);
    const bool replay = !job.replayFor.isEmpty();
    // A watcher owned by the dispatcher: if it is destroyed first, nothing is delivered (Qt 6.4's
    // then(context, ...) asserts when its context dies first).
    auto *watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_busy = false;
        QString lost;
        try {
            const Outcome outcome = watcher->result();
            for (const Delivery &d : outcome.deliveries) {
                const auto it = m_subscriptions.find(d.subscription);
                if (it == m_subscriptions.end())
                    continue; // unsubscribed meanwhile
                it->second.subscriber->deliver(d.subscription, d.sequence, d.payload);
            }
            if (!outcome.failures.isEmpty())
                lost = QStringLiteral("Changes of %1 could not be matched against subscriptions; "
                                      "read the current state again.")
                           .arg(outcome.failures.join(QStringLiteral(", ")));
        } catch (const std::exception &e) {
            qCWarning(lcServer) << "change notifications could not be matched:" << e.what();
            lost = QStringLiteral("Changes could not be matched against subscriptions (the "
                                  "database failed); read the current state again.");
        }
        if (!lost.isEmpty())
            emit batchLost(lost);
        startNext();
    });
    watcher->setFuture(m_db.run([live = m_live, schema = m_schema, events, targets, replay] {
        return compute(*live, *schema, events, targets, replay);
    }));
}

Dispatcher::Outcome Dispatcher::compute(const GraphQL::LiveApi &live, const GraphQL::Schema &schema,
                                        const QList<ChangeEvent> &events,
                                        const std::vector<std::pair<quint64, Entry>> &targets,
                                        bool replay)
{
    // Per entity: its events, its subscriptions, their distinct filters.
    struct EntityWork
    {
        QList<ChangeEvent> events;
        QList<qsizetype> eventIndex; // into events (the batch)
        QList<QVariantMap> filters;
        QHash<QString, qsizetype> filterOf;
        std::vector<std::pair<const std::pair<quint64, Entry> *, qsizetype>> subscriptions;
    };
    QHash<QString, EntityWork> work;
    for (qsizetype i = 0; i < events.size(); ++i) {
        const QString entity = live.entityOf(events.at(i));
        if (entity.isEmpty())
            continue;
        EntityWork &w = work[entity];
        w.events << events.at(i);
        w.eventIndex << i;
    }
    for (const auto &target : targets) {
        const auto it = work.find(target.second.subscription->entity);
        if (it == work.end())
            continue;
        const QVariantMap &where = target.second.subscription->where;
        const QString key = filterKey(where);
        qsizetype index = it->filterOf.value(key, -1);
        if (index < 0) {
            index = it->filters.size();
            it->filters << where;
            it->filterOf.insert(key, index);
        }
        it->subscriptions.emplace_back(&target, index);
    }
    struct Ordered
    {
        qsizetype event;
        Delivery delivery;
    };
    std::vector<Ordered> out;
    QHash<QString, QByteArray> executed; // executionKey + event -> payload
    // /realtime payloads of one event differ only by the columns and the client's id: the rest is
    // made once per event and columns, and subscriptions with equal ids share one payload.
    QHash<QString, RealtimeParts> realtimeParts;
    QStringList failures;
    for (auto it = work.begin(); it != work.end(); ++it) {
        EntityWork &w = *it;
        if (w.subscriptions.empty())
            continue;
        // Whether each update's old row is inside each subscriber's row filter (see
        // Subscription::rowFilter); one statement per entity and distinct row filter.
        QList<QVariantMap> rowFilters;
        QHash<QString, qsizetype> rowFilterOf;
        QList<ChangeEvent> oldRows;
        QList<qsizetype> oldRowOf(w.events.size(), -1);
        for (const auto &[target, filter] : w.subscriptions) {
            const QVariantMap &rowFilter = target->second.subscription->rowFilter;
            if (!rowFilter.isEmpty() && !rowFilterOf.contains(filterKey(rowFilter))) {
                rowFilterOf.insert(filterKey(rowFilter), rowFilters.size());
                rowFilters << rowFilter;
            }
        }
        QList<QList<bool>> matches;
        QList<QList<bool>> oldVisible;
        try {
            if (!rowFilters.isEmpty()) {
                for (qsizetype e = 0; e < w.events.size(); ++e) {
                    const ChangeEvent &event = w.events.at(e);
                    if (event.operation != ChangeEvent::Update || event.oldRow.isEmpty())
                        continue;
                    ChangeEvent old = event; // tested as a delete: on its old row
                    old.operation = ChangeEvent::Delete;
                    oldRowOf[e] = oldRows.size();
                    oldRows << old;
                }
                if (!oldRows.isEmpty())
                    oldVisible = live.match(it.key(), oldRows, rowFilters);
            }
            matches = live.match(it.key(), w.events, w.filters);
        } catch (const std::exception &e) {
            qCWarning(lcServer).noquote()
                << "changes of" << it.key() << "could not be matched:" << e.what();
            failures << it.key();
            continue;
        }
        for (qsizetype e = 0; e < w.events.size(); ++e) {
            const ChangeEvent &event = w.events.at(e);
            realtimeParts.clear();
            for (const auto &[target, filter] : w.subscriptions) {
                const Entry &entry = target->second;
                const Subscription &s = *entry.subscription;
                if (!matches.at(filter).at(e) ||
                    (!s.operations.isEmpty() && !s.operations.contains(event.operation)))
                    continue;
                if (!replay && event.sequence <= entry.liveFrom)
                    continue; // it began after this event (or replays it)
                const bool hideOld =
                    !s.rowFilter.isEmpty() && oldRowOf.at(e) >= 0 &&
                    !oldVisible.at(rowFilterOf.value(filterKey(s.rowFilter))).at(oldRowOf.at(e));
                QByteArray payload;
                if (s.document) {
                    const QString key = s.executionKey + u'\x1f' + QString::number(e) +
                                        (hideOld ? QStringLiteral("\x1fnew") : QString());
                    auto found = executed.constFind(key);
                    if (found == executed.constEnd()) {
                        ChangeEvent shown = event;
                        if (hideOld)
                            shown.oldRow.clear();
                        const GraphQL::ExecutionResult result =
                            GraphQL::execute(schema, *s.document, s.operationName, s.variables,
                                             s.execution, QVariant::fromValue(shown));
                        found = executed.insert(key, result.toJson());
                    }
                    payload = *found;
                } else if (hideOld) {
                    ChangeEvent shown = event;
                    shown.oldRow.clear();
                    payload = makeRealtimeParts(live, s, shown).withId(s.clientId);
                } else {
                    const QString partsKey = s.instance + u'\x1e' + s.columns.join(u'\x1f');
                    auto parts = realtimeParts.find(partsKey);
                    if (parts == realtimeParts.end())
                        parts = realtimeParts.insert(partsKey, makeRealtimeParts(live, s, event));
                    auto found = parts->byId.constFind(s.clientId);
                    if (found == parts->byId.constEnd())
                        found = parts->byId.insert(s.clientId, parts->withId(s.clientId));
                    payload = *found;
                }
                out.push_back({w.eventIndex.at(e),
                               Delivery{target->first, event.sequence, std::move(payload)}});
            }
        }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Ordered &a, const Ordered &b) { return a.event < b.event; });
    Outcome outcome;
    outcome.failures = failures;
    outcome.deliveries.reserve(qsizetype(out.size()));
    for (Ordered &o : out)
        outcome.deliveries << std::move(o.delivery);
    return outcome;
}

Dispatcher::RealtimeParts Dispatcher::makeRealtimeParts(const GraphQL::LiveApi &live,
                                                        const Subscription &s,
                                                        const ChangeEvent &event)
{
    // The message's members in the order QJsonDocument writes them (sorted by key): those before
    // "id" in head, those after it in tail, so head + id + tail is the whole object's JSON.
    const bool deleted = event.operation == ChangeEvent::Delete;
    QJsonObject head{
        {QStringLiteral("data"),
         deleted ? QJsonValue(live.toFields(s.entity, event.oldRow, s.columns))
                 : QJsonValue(live.toFields(s.entity, event.newRow, s.columns))},
        {QStringLiteral("entity"), s.entity},
        {QStringLiteral("event"), deleted ? QStringLiteral("delete") : QStringLiteral("save")},
    };
    if (event.timestamp.isValid())
        head.insert(QStringLiteral("at"), event.timestamp.toString(Qt::ISODateWithMs));
    QJsonObject tail{
        {QStringLiteral("type"), QStringLiteral("change")},
        {QStringLiteral("seq"), qint64(event.sequence)},
        {QStringLiteral("token"), s.instance + u':' + QString::number(event.sequence)},
        {QStringLiteral("op"), ChangeEvent::operationName(event.operation)},
        {QStringLiteral("model"), live.typeName(s.entity)},
        {QStringLiteral("key"), keyObject(live, s, event)},
    };
    if (event.operation != ChangeEvent::Insert && !event.oldRow.isEmpty())
        tail.insert(QStringLiteral("old"), live.toFields(s.entity, event.oldRow, s.columns));
    RealtimeParts parts;
    parts.head = QJsonDocument(head).toJson(QJsonDocument::Compact).chopped(1); // without '}'
    parts.tail = QJsonDocument(tail).toJson(QJsonDocument::Compact).mid(1);     // without '{'
    return parts;
}

QByteArray Dispatcher::RealtimeParts::withId(const QString &clientId) const
{
    const QByteArray id =
        QJsonDocument(QJsonArray{clientId}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
    QByteArray out;
    out.reserve(head.size() + id.size() + tail.size() + 7);
    out += head;
    out += ",\"id\":";
    out += id;
    out += ',';
    out += tail;
    return out;
}

QByteArray Dispatcher::realtimePayload(const GraphQL::LiveApi &live, const Subscription &s,
                                       const ChangeEvent &event)
{
    return makeRealtimeParts(live, s, event).withId(s.clientId);
}

} // namespace RexOrm::Realtime
