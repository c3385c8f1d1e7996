#include <rexorm/graphql/documentcache.h>

namespace RexOrm::GraphQL {

DocumentCache::DocumentCache(const Schema &schema, int capacity, ParseOptions options)
    : m_schema(schema), m_capacity(std::max(capacity, 1)), m_options(options)
{}

std::shared_ptr<const DocumentCache::Entry> DocumentCache::get(const QString &text)
{
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_entries.find(text);
        if (it != m_entries.end()) {
            ++m_hits;
            m_order.splice(m_order.begin(), m_order, it->second);
            return it->first;
        }
        ++m_misses;
    }
    // Parsed and validated outside the lock: another thread may do the same text meanwhile,
    // and the first one stored wins.
    auto entry = std::make_shared<Entry>();
    try {
        entry->document = std::make_shared<const Document>(parse(text, m_options));
        entry->errors = validate(m_schema, *entry->document);
    } catch (const SyntaxError &error) {
        entry->errors.push_back(error.error());
    }
    std::lock_guard lock(m_mutex);
    if (const auto it = m_entries.find(text); it != m_entries.end())
        return it->first;
    m_order.push_front(text);
    m_entries.insert(text, {entry, m_order.begin()});
    while (int(m_entries.size()) > m_capacity) {
        m_entries.remove(m_order.back());
        m_order.pop_back();
    }
    return entry;
}

int DocumentCache::size() const
{
    std::lock_guard lock(m_mutex);
    return int(m_entries.size());
}

quint64 DocumentCache::hits() const
{
    std::lock_guard lock(m_mutex);
    return m_hits;
}

quint64 DocumentCache::misses() const
{
    std::lock_guard lock(m_mutex);
    return m_misses;
}

} // namespace RexOrm::GraphQL
