#include "changelog_p.h"

#include <rexorm/changes/changefeed.h>
#include <rexorm/changes/changehub.h>
#include <rexorm/changes/changelog.h>
#include <rexorm/error.h>

#include <QtCore/QUuid>

#include <algorithm>
#include <deque>

namespace RexOrm {

class ChangeFeedPrivate
{
public:
    ChangeFeedPrivate(Database database, ChangeFeed::Options options)
        : database(std::move(database)), options(options),
          instanceId(QUuid::createUuid().toString(QUuid::WithoutBraces))
    {}

    Database database;
    ChangeFeed::Options options;
    const QString instanceId;
    QString errorString;
    bool started = false;
    std::unique_ptr<ChangeListener> listener;
    QMetaObject::Connection hubConnection;
    std::deque<ChangeEvent> buffer; // the newest events, oldest first
    quint64 sequence = 0;
    // since(s) answers only for s >= floor: older events left the buffer, or a gap lies after.
    quint64 floor = 0;
};

ChangeFeed::ChangeFeed(Database database, Options options, QObject *parent)
    : QObject(parent), d(std::make_unique<ChangeFeedPrivate>(std::move(database), options))
{
    qRegisterMetaType<RexOrm::ChangeEvent>();
}

ChangeFeed::~ChangeFeed()
{
    disconnect(d->hubConnection);
    d->listener.reset();
}

bool ChangeFeed::start()
{
    if (d->started)
        return true;
    d->errorString.clear();
    if (d->options.listen) {
        QStringList installed;
        try {
            installed = ChangeLog::installedTables(d->database);
        } catch (const Error &error) {
            d->errorString = error.message();
            return false;
        }
        if (!installed.isEmpty()) {
            auto listener = std::make_unique<ChangeListener>(d->database, d->options.listener);
            connect(listener.get(), &ChangeListener::changed, this,
                    [this](const ChangeEvent &event) { publish(event); });
            connect(listener.get(), &ChangeListener::gap, this, [this](const QString &reason) {
                // The gap takes a sequence number of its own: tokens before it cannot resume,
                // one taken after a resync can.
                ++d->sequence;
                d->floor = d->sequence;
                qCWarning(lcRealtime, "change feed gap at sequence %llu: %s", d->sequence,
                          qPrintable(reason));
                emit gap(reason);
            });
            if (!listener->start()) {
                d->errorString = listener->errorString();
                return false;
            }
            d->listener = std::move(listener);
        }
    }
    // Queued: events reach the feed's thread in the order the hub published them.
    d->hubConnection = connect(
        d->database.changes(), &ChangeHub::changed, this,
        [this](const ChangeEvent &event) {
            if (!event.table.isEmpty()) {
                if (event.table == ChangeLogPrivate::changeTable())
                    return; // the triggers' own bookkeeping
                if (d->listener && d->listener->tables().contains(event.table))
                    return; // the trigger's event for the same write is the one delivered
            }
            publish(event);
        },
        Qt::QueuedConnection);
    d->started = true;
    return true;
}

void ChangeFeed::publish(ChangeEvent event)
{
    event.sequence = ++d->sequence;
    if (!event.timestamp.isValid())
        event.timestamp = QDateTime::currentDateTimeUtc();
    d->buffer.push_back(event);
    while (qsizetype(d->buffer.size()) > std::max<qsizetype>(0, d->options.bufferSize)) {
        d->floor = std::max(d->floor, d->buffer.front().sequence);
        d->buffer.pop_front();
    }
    emit changed(event);
}

QString ChangeFeed::errorString() const
{
    return d->errorString;
}

QString ChangeFeed::instanceId() const
{
    return d->instanceId;
}

quint64 ChangeFeed::lastSequence() const
{
    return d->sequence;
}

std::optional<QList<ChangeEvent>> ChangeFeed::since(quint64 sequence) const
{
    if (sequence < d->floor || sequence > d->sequence)
        return std::nullopt;
    const auto first = std::upper_bound(
        d->buffer.begin(), d->buffer.end(), sequence,
        [](quint64 value, const ChangeEvent &event) { return value < event.sequence; });
    return QList<ChangeEvent>(first, d->buffer.end());
}

QStringList ChangeFeed::triggerTables() const
{
    return d->listener ? d->listener->tables() : QStringList();
}

ChangeListener *ChangeFeed::listener() const
{
    return d->listener.get();
}

} // namespace RexOrm
