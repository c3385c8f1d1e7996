#pragma once

#include <rexorm/graphql/validation.h>

#include <QtCore/QHash>

#include <list>
#include <memory>
#include <mutex>

namespace RexOrm::GraphQL {

// Parsed and validated documents of one schema, cached by their text: a client that sends the
// same query again (the usual case) costs a lookup. Bounded (least recently used go first) and
// thread-safe. Syntax errors are cached too, so a bad document repeated is not parsed again.
class REXORM_GRAPHQL_EXPORT DocumentCache
{
public:
    struct Entry
    {
        std::shared_ptr<const Document> document; // null when it did not parse
        std::vector<GraphQLError> errors;         // the syntax error, or the validation errors
        bool valid() const { return document && errors.empty(); }
    };

    explicit DocumentCache(const Schema &schema, int capacity = 512, ParseOptions options = {});

    std::shared_ptr<const Entry> get(const QString &text);

    int size() const;
    quint64 hits() const;
    quint64 misses() const;

private:
    using Order = std::list<QString>;
    const Schema &m_schema;
    const int m_capacity;
    const ParseOptions m_options;
    mutable std::mutex m_mutex;
    Order m_order; // most recently used first
    QHash<QString, std::pair<std::shared_ptr<const Entry>, Order::iterator>> m_entries;
    quint64 m_hits = 0;
    quint64 m_misses = 0;
};

} // namespace RexOrm::GraphQL
