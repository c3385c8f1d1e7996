#include <rexorm/server/metrics.h>

namespace RexOrm {

namespace {

QByteArray number(double value)
{
    return QByteArray::number(value, 'g', 12);
}

void family(QByteArray &out, const char *name, const char *type, const char *help)
{
    out += QByteArrayLiteral("# HELP ") + name + ' ' + help + '\n';
    out += QByteArrayLiteral("# TYPE ") + name + ' ' + type + '\n';
}

void sample(QByteArray &out, const char *name, const char *type, const char *help, double value)
{
    family(out, name, type, help);
    out += QByteArray(name) + ' ' + number(value) + '\n';
}

} // namespace

void ServerMetrics::recordRequest(int status, qint64 nanoseconds)
{
    const int statusClass = status / 100;
    if (statusClass >= 1 && statusClass <= 5)
        m_byClass[std::size_t(statusClass - 1)].fetch_add(1, std::memory_order_relaxed);
    const double seconds = double(qMax<qint64>(0, nanoseconds)) / 1e9;
    std::size_t bucket = 0;
    while (bucket < latencyBuckets.size() && seconds > latencyBuckets[bucket])
        ++bucket;
    m_buckets[bucket].fetch_add(1, std::memory_order_relaxed);
    m_latencySumNs.fetch_add(quint64(qMax<qint64>(0, nanoseconds)), std::memory_order_relaxed);
}

quint64 ServerMetrics::requests(int statusClass) const
{
    if (statusClass < 1 || statusClass > 5)
        return 0;
    return m_byClass[std::size_t(statusClass - 1)].load(std::memory_order_relaxed);
}

quint64 ServerMetrics::requestsTotal() const
{
    quint64 total = 0;
    for (const auto &count : m_byClass)
        total += count.load(std::memory_order_relaxed);
    return total;
}

QByteArray ServerMetrics::prometheusText(qint64 openConnections, qint64 inFlightRequests,
                                         const std::optional<PoolStats> &pool) const
{
    QByteArray out;
    family(out, "rexorm_http_requests_total", "counter",
           "HTTP requests answered, by status class.");
    for (int statusClass = 1; statusClass <= 5; ++statusClass)
        out += QByteArrayLiteral("rexorm_http_requests_total{code=\"") +
               QByteArray::number(statusClass) + QByteArrayLiteral("xx\"} ") +
               QByteArray::number(requests(statusClass)) + '\n';

    // Buckets are cumulative in the exposition, and the count is the +Inf bucket.
    family(out, "rexorm_http_request_duration_seconds", "histogram",
           "Time from a request's arrival to its answer.");
    quint64 cumulative = 0;
    for (std::size_t i = 0; i <= latencyBuckets.size(); ++i) {
        cumulative += m_buckets[i].load(std::memory_order_relaxed);
        const QByteArray bound =
            i < latencyBuckets.size() ? number(latencyBuckets[i]) : QByteArrayLiteral("+Inf");
        out += QByteArrayLiteral("rexorm_http_request_duration_seconds_bucket{le=\"") + bound +
               QByteArrayLiteral("\"} ") + QByteArray::number(cumulative) + '\n';
    }
    out += QByteArrayLiteral("rexorm_http_request_duration_seconds_sum ") +
           number(double(m_latencySumNs.load(std::memory_order_relaxed)) / 1e9) + '\n';
    out += QByteArrayLiteral("rexorm_http_request_duration_seconds_count ") +
           QByteArray::number(cumulative) + '\n';

    sample(out, "rexorm_http_requests_in_flight", "gauge",
           "HTTP requests received and not yet answered.", double(inFlightRequests));
    sample(out, "rexorm_http_connections", "gauge", "Open HTTP connections.",
           double(openConnections));
    sample(out, "rexorm_auth_failures_total", "counter",
           "Requests refused for missing, invalid or unauthorized credentials.",
           double(authFailures.value()));
    sample(out, "rexorm_websocket_connections", "gauge", "Open WebSocket connections.",
           double(webSocketConnections.value()));
    sample(out, "rexorm_subscribers", "gauge", "Active subscriptions (GraphQL and /realtime).",
           double(subscribers.value()));
    sample(out, "rexorm_change_events_delivered_total", "counter",
           "Change messages sent to WebSocket clients.", double(changeEventsDelivered.value()));
    sample(out, "rexorm_slow_consumers_dropped_total", "counter",
           "WebSocket connections closed because they did not keep up.",
           double(slowConsumersDropped.value()));

    if (pool) {
        sample(out, "rexorm_pool_connections_open", "gauge", "Pooled database connections open.",
               pool->open);
        sample(out, "rexorm_pool_connections_in_use", "gauge",
               "Pooled database connections leased to a thread.", pool->inUse);
        sample(out, "rexorm_pool_connections_idle", "gauge", "Pooled database connections free.",
               pool->idle);
        sample(out, "rexorm_pool_waiting", "gauge", "Threads waiting for a database connection.",
               pool->waiting);
        sample(out, "rexorm_pool_capacity", "gauge", "The most database connections open at once.",
               pool->capacity);
        sample(out, "rexorm_pool_connections_created_total", "counter",
               "Database connections opened.", double(pool->created));
        sample(out, "rexorm_pool_waits_total", "counter",
               "Connection acquisitions that had to wait.", double(pool->waits));
        sample(out, "rexorm_pool_timeouts_total", "counter",
               "Connection acquisitions that gave up.", double(pool->timeouts));
        sample(out, "rexorm_pool_connections_replaced_total", "counter",
               "Dead database connections replaced.", double(pool->replaced));
    }
    return out;
}

} // namespace RexOrm
