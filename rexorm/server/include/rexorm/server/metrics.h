#pragma once

#include <rexorm/database/poolstats.h>
#include <rexorm/server/global.h>

#include <QtCore/QByteArray>

#include <array>
#include <atomic>
#include <optional>

namespace RexOrm {

// A monotonically increasing count. Thread-safe.
class MetricCounter
{
public:
    void increment(quint64 by = 1) { m_value.fetch_add(by, std::memory_order_relaxed); }
    quint64 value() const { return m_value.load(std::memory_order_relaxed); }

private:
    std::atomic<quint64> m_value{0};
};

// A value that goes up and down. Thread-safe.
class MetricGauge
{
public:
    void increment(qint64 by = 1) { m_value.fetch_add(by, std::memory_order_relaxed); }
    void decrement(qint64 by = 1) { m_value.fetch_sub(by, std::memory_order_relaxed); }
    void set(qint64 value) { m_value.store(value, std::memory_order_relaxed); }
    qint64 value() const { return m_value.load(std::memory_order_relaxed); }

private:
    std::atomic<qint64> m_value{0};
};

// The numbers GET /metrics reports in the Prometheus text format (docs/server.md lists them).
// The HTTP server feeds the request metrics; the WebSocket transports feed theirs through
// Server::metrics(). Every member is thread-safe.
class REXORM_SERVER_EXPORT ServerMetrics
{
public:
    // The latency histogram's bucket bounds in seconds (le="..."); +Inf is implied.
    static constexpr std::array<double, 12> latencyBuckets = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0};

    // One answered HTTP request: its status and how long it took from arrival to answer.
    void recordRequest(int status, qint64 nanoseconds);
    quint64 requests(int statusClass) const; // 1..5 for 1xx..5xx
    quint64 requestsTotal() const;

    MetricCounter authFailures; // requests refused with 401 or 403 before execution

    // Fed by the WebSocket transports (graphql-transport-ws and /realtime):
    MetricGauge webSocketConnections;    // open now
    MetricGauge subscribers;             // active subscriptions, both protocols
    MetricCounter changeEventsDelivered; // change messages sent to clients
    MetricCounter slowConsumersDropped;  // connections closed because their queue overflowed

    // The exposition text (text/plain; version=0.0.4). The server adds what only it knows: open
    // connections, requests in flight, and the pool statistics when it has a database.
    QByteArray prometheusText(qint64 openConnections, qint64 inFlightRequests,
                              const std::optional<PoolStats> &pool) const;

private:
    std::array<std::atomic<quint64>, 5> m_byClass{};
    std::array<std::atomic<quint64>, latencyBuckets.size() + 1> m_buckets{}; // not cumulative
    std::atomic<quint64> m_latencySumNs{0};
};

} // namespace RexOrm
