#include "overlappingfields_p.h"

#include <QtCore/QHash>
#include <QtCore/QSet>

#include <algorithm>
#include <deque>
#include <optional>

// Overlapping fields can be merged (specification 5.3.2, FieldsInSetCanMerge). Fields that share
// a response key, anywhere the executor would merge them (inline fragments and fragment spreads
// followed), must be the same field with the same arguments unless their parent types are
// distinct object types, must return types of the same shape, and their subfields must merge too.
//
// The search is graphql-js's, finding the same conflicts: every selection set of the document is
// checked once, "within" (its fields pairwise, then against the fragments it spreads, then those
// fragments against each other); two fields' subfields are compared "between" their selection
// sets. Field maps are built once per selection set, and a pair of fragments is compared once
// (graphql-js's PairSet), which keeps repeated spreads polynomial. On top of that, a pair of
// fields whose shapes (see shape()) were compared before without a conflict is not compared
// again, so a thousand copies of one field cost one comparison, not half a million.
namespace RexOrm::GraphQL {

namespace {

// A field as the rule sees it: the type it is selected on (null when unknown or not
// composite), its node, its definition there (null for meta-fields and unknown fields).
struct FieldEntry
{
    const NamedType *parent = nullptr;
    const Selection *node = nullptr;
    const FieldDef *definition = nullptr;
    int shape = -1; // see Overlap::shape()
};

using FieldGroup = std::vector<FieldEntry>;

// A selection set's fields by response key (inline fragments flattened, keys in the order they
// first appear) and the fragments it spreads (each once, in order).
struct FieldMap
{
    std::vector<std::pair<QString, FieldGroup>> groups;
    QHash<QString, qsizetype> index; // response key -> position in groups
    QStringList fragments;
    int shape = -1;
};

// Two fields that cannot be merged: why, and the fields on either side (the two, then those of
// their conflicting subfields).
struct Conflict
{
    QString responseKey;
    QString reason;
    std::vector<SourceLocation> fields1;
    std::vector<SourceLocation> fields2;
};
using Conflicts = std::vector<Conflict>;

class Overlap
{
public:
    Overlap(const Schema &schema, const Document &document, std::vector<GraphQLError> &errors)
        : m_schema(schema), m_document(document), m_errors(errors)
    {}

    void run()
    {
        for (const Definition &d : m_document.definitions) {
            if (d.kind == Definition::Fragment)
                m_fragments.insert(d.name, &d); // a repeated name: the last, as graphql-js has it
        }
        for (const Definition &d : m_document.definitions) {
            if (d.kind == Definition::Operation)
                walk(d.selectionSet, composite(rootType(d.operation)));
            else if (d.kind == Definition::Fragment)
                walk(d.selectionSet, composite(m_schema.type(d.typeCondition)));
        }
    }

private:
    // Comparing fields recurses once per level of subfields; through fragment spreads the levels
    // are not bounded by the parser's nesting limit, so they are here (at twice its default).
    static constexpr int maxDepth = 256;
    // Comparisons (of two fields, or of a field map's keys with another's) before the check
    // gives up, and fields named by the conflicts found (subfield conflicts name theirs again):
    // enough for any real document, and a bound on time and memory for hostile ones, whose
    // comparisons and conflicts grow with the square of their size.
    static constexpr qint64 maxComparisons = 2'000'000;
    static constexpr qint64 maxConflictFields = 100'000;

    void error(const QString &message, std::vector<SourceLocation> locations)
    {
        GraphQLError e;
        e.message = message;
        e.locations = std::move(locations);
        m_errors.push_back(std::move(e));
    }

    static const NamedType *composite(const NamedType *type)
    {
        return type && type->isComposite() ? type : nullptr;
    }

    static bool isObject(const NamedType *type) { return type && type->kind == TypeKind::Object; }

    const NamedType *rootType(OperationType operation) const
    {
        const QString name = operation == OperationType::Query      ? m_schema.queryType()
                             : operation == OperationType::Mutation ? m_schema.mutationType()
                                                                    : m_schema.subscriptionType();
        return name.isEmpty() ? nullptr : m_schema.type(name);
    }

    // The definition the rule compares: a field of an object or interface type, meta-fields
    // left out (graphql-js looks only at the type's own fields here).
    static const FieldDef *definition(const NamedType *parent, const QString &name)
    {
        const bool hasFields =
            parent && (parent->kind == TypeKind::Object || parent->kind == TypeKind::Interface);
        return hasFields ? parent->field(name) : nullptr;
    }

    // The composite type a field's subfields are selected on, or null.
    const NamedType *subfieldParent(const FieldDef *definition) const
    {
        return definition ? composite(m_schema.namedType(*definition->type)) : nullptr;
    }

    // The same as a selection set of the document is visited: __schema and __type resolve.
    // graphql-js keeps one field map per selection set, built with whichever of the two parents
    // asks first; here each has its own. They differ only below __schema and __type, and there
    // only where a fragment of another type is spread, which is invalid anyway.
    const NamedType *visitedParent(const NamedType *parent, const QString &name) const
    {
        if (parent && parent->name == m_schema.queryType()) {
            if (name == u"__schema")
                return m_schema.type(u"__Schema");
            if (name == u"__type")
                return m_schema.type(u"__Type");
        }
        return subfieldParent(definition(parent, name));
    }

    // Every selection set of the document in order, fragments not followed, each checked within.
    void walk(const SelectionSet &set, const NamedType *parent)
    {
        if (set.empty() || m_aborted)
            return;
        within(set, parent);
        for (const Selection &s : set) {
            if (s.kind == Selection::Field && !s.selectionSet.empty())
                walk(s.selectionSet, visitedParent(parent, s.name));
            else if (s.kind == Selection::InlineFragment)
                walk(s.selectionSet, s.typeCondition.isEmpty()
                                         ? parent
                                         : composite(m_schema.type(s.typeCondition)));
        }
    }

    void within(const SelectionSet &set, const NamedType *parent)
    {
        m_at = set.front().location;
        Conflicts conflicts;
        FieldMap &map = fieldMap(set, parent);
        for (auto &[key, group] : map.groups) {
            if (group.size() > 1)
                comparePairs(conflicts, false, key, group, nullptr);
        }
        const QStringList &spreads = map.fragments;
        for (qsizetype i = 0; i < spreads.size(); ++i) {
            fieldsAndFragment(conflicts, false, map, spreads.at(i));
            for (qsizetype j = i + 1; j < spreads.size(); ++j)
                fragments(conflicts, false, spreads.at(i), spreads.at(j));
        }
        if (m_aborted)
            return; // what was found is incomplete; the document is refused anyway
        for (Conflict &c : conflicts) {
            std::vector<SourceLocation> locations = std::move(c.fields1);
            locations.insert(locations.end(), c.fields2.begin(), c.fields2.end());
            error(QStringLiteral("Fields \"%1\" conflict because %2. Use different aliases on the "
                                 "fields to fetch both if this was intentional.")
                      .arg(c.responseKey, c.reason),
                  std::move(locations));
        }
    }

    // The field map of a selection set whose fields are selected on `parent`, built once.
    FieldMap &fieldMap(const SelectionSet &set, const NamedType *parent)
    {
        const auto key = std::pair(&set, parent);
        if (FieldMap *found = m_maps.value(key))
            return *found;
        FieldMap &map = m_mapStore.emplace_back();
        QSet<QString> spread;
        collect(set, parent, map, spread);
        m_maps.insert(key, &map);
        return map;
    }

    void collect(const SelectionSet &set, const NamedType *parent, FieldMap &map,
                 QSet<QString> &spread)
    {
        for (const Selection &s : set) {
            switch (s.kind) {
            case Selection::Field: {
                auto at = map.index.constFind(s.responseKey());
                if (at == map.index.cend()) {
                    at = map.index.insert(s.responseKey(), qsizetype(map.groups.size()));
                    map.groups.emplace_back(s.responseKey(), FieldGroup());
                }
                map.groups[size_t(*at)].second.push_back({parent, &s, definition(parent, s.name)});
                break;
            }
            case Selection::FragmentSpread:
                if (!spread.contains(s.name)) {
                    spread.insert(s.name);
                    map.fragments << s.name;
                }
                break;
            case Selection::InlineFragment:
                collect(s.selectionSet,
                        s.typeCondition.isEmpty() ? parent
                                                  : composite(m_schema.type(s.typeCondition)),
                        map, spread);
                break;
            }
        }
    }

    FieldMap *fragmentMap(const QString &name)
    {
        const Definition *fragment = m_fragments.value(name);
        if (!fragment)
            return nullptr;
        return &fieldMap(fragment->selectionSet, composite(m_schema.type(fragment->typeCondition)));
    }

    // A number standing for all that comparing a field reads: its parent type, response key,
    // name and arguments and, recursively, the fields and spreads of its selection set. Two
    // fields of equal shapes compare alike, and fragment pairs compared meanwhile only take
    // comparisons away, so a pair of shapes once found free of conflicts stays so.
    int shape(FieldEntry &field)
    {
        if (field.shape >= 0)
            return field.shape;
        const Selection &node = *field.node;
        QString text = u'F' + (field.parent ? field.parent->name : QString()) + u' ' +
                       node.responseKey() + u' ' + node.name + u'(';
        for (const Argument &a : node.arguments)
            text += a.name + u':' + valueKey(a.value) + u',';
        text += u')';
        if (!node.selectionSet.empty())
            text += QString::number(
                shape(fieldMap(node.selectionSet, subfieldParent(field.definition))));
        field.shape = intern(text);
        return field.shape;
    }

    int shape(FieldMap &map)
    {
        if (map.shape >= 0)
            return map.shape;
        QString text = QStringLiteral("M");
        for (auto &[key, group] : map.groups) {
            text += key + u':';
            for (FieldEntry &field : group)
                text += QString::number(shape(field)) + u',';
            text += u';';
        }
        text += u'|' + map.fragments.join(u',');
        map.shape = intern(text);
        return map.shape;
    }

    int intern(const QString &text)
    {
        const auto at = m_shapes.constFind(text);
        if (at != m_shapes.cend())
            return *at;
        const int id = int(m_shapes.size());
        m_shapes.insert(text, id);
        return id;
    }

    static quint64 cleanKey(int shape1, int shape2, bool exclusive)
    {
        return quint64(shape1) << 32 | quint64(shape2) << 1 | quint64(exclusive);
    }

    // A value as text, for shapes: values of equal texts are the same value.
    static QString valueKey(const Value &v)
    {
        switch (v.kind) {
        case Value::Variable:
            return u'$' + v.text;
        case Value::Int:
        case Value::Float:
        case Value::Enum:
            return v.text;
        case Value::String:
            return (v.block ? u'b' : u's') + printString(v.text);
        case Value::Boolean:
            return v.boolean ? QStringLiteral("true") : QStringLiteral("false");
        case Value::Null:
            return QStringLiteral("null");
        case Value::List: {
            QString out = QStringLiteral("[");
            for (const Value &item : v.list)
                out += valueKey(item) + u',';
            return out + u']';
        }
        case Value::Object: {
            std::vector<const ObjectField *> fields;
            for (const ObjectField &f : v.fields)
                fields.push_back(&f);
            std::stable_sort(fields.begin(), fields.end(),
                             [](const auto *a, const auto *b) { return a->name < b->name; });
            QString out = QStringLiteral("{");
            for (const ObjectField *f : fields)
                out += f->name + u':' + valueKey(f->value) + u',';
            return out + u'}';
        }
        }
        return {};
    }

    // Whether two values print alike in graphql-js, object fields sorted by name.
    static bool sameValue(const Value &a, const Value &b)
    {
        if (a.kind != b.kind)
            return false;
        switch (a.kind) {
        case Value::Variable:
        case Value::Int:
        case Value::Float:
        case Value::Enum:
            return a.text == b.text;
        case Value::String:
            return a.block == b.block && a.text == b.text;
        case Value::Boolean:
            return a.boolean == b.boolean;
        case Value::Null:
            return true;
        case Value::List:
            return std::equal(a.list.begin(), a.list.end(), b.list.begin(), b.list.end(),
                              sameValue);
        case Value::Object: {
            if (a.fields.size() != b.fields.size())
                return false;
            const auto sorted = [](const Value &v) {
                std::vector<const ObjectField *> fields;
                for (const ObjectField &f : v.fields)
                    fields.push_back(&f);
                std::stable_sort(fields.begin(), fields.end(),
                                 [](const auto *x, const auto *y) { return x->name < y->name; });
                return fields;
            };
            return std::ranges::equal(sorted(a), sorted(b), [](const auto *x, const auto *y) {
                return x->name == y->name && sameValue(x->value, y->value);
            });
        }
        }
        return false;
    }

    // graphql-js's sameArguments: as many arguments, each with the value of the one of its name
    // on the other side (the last one, should a name repeat).
    static bool sameArguments(const Selection &a, const Selection &b)
    {
        if (a.arguments.size() != b.arguments.size())
            return false;
        for (const Argument &argument : a.arguments) {
            const auto other =
                std::find_if(b.arguments.rbegin(), b.arguments.rend(),
                             [&](const Argument &x) { return x.name == argument.name; });
            if (other == b.arguments.rend() || !sameValue(argument.value, other->value))
                return false;
        }
        return true;
    }

    // Whether two return types cannot hold one value: lists and non-null wrappers must match,
    // and leaf types be the same. Composite types are left to their subfields.
    bool typesConflict(const TypeRef *a, const TypeRef *b) const
    {
        while (a->kind != TypeRef::Named || b->kind != TypeRef::Named) {
            if (a->kind != b->kind)
                return true;
            a = a->ofType.get();
            b = b->ofType.get();
        }
        if (a->name == b->name)
            return false;
        const NamedType *x = m_schema.type(a->name);
        const NamedType *y = m_schema.type(b->name);
        return (x && x->isLeaf()) || (y && y->isLeaf());
    }

    // Counts work; false once there has been too much (then reported, once).
    bool spend(qint64 comparisons, qint64 conflictFields = 0)
    {
        m_comparisons += comparisons;
        m_conflictFields += conflictFields;
        if (m_aborted)
            return false;
        if (m_comparisons > maxComparisons)
            abort(QStringLiteral("Too many overlapping fields to compare (more than %1 "
                                 "comparisons).")
                      .arg(maxComparisons),
                  m_at);
        else if (m_conflictFields > maxConflictFields)
            abort(QStringLiteral("Too many conflicting fields (more than %1).")
                      .arg(maxConflictFields),
                  m_at);
        return !m_aborted;
    }

    void abort(const QString &message, const SourceLocation &at)
    {
        if (m_aborted)
            return;
        m_aborted = true;
        error(message, {at});
    }

    // Compares the fields of one response key: each of `first` with each of `second`, or with
    // the later ones of `first` when `second` is null, in graphql-js's order. A pair of shapes
    // already found free of conflicts is skipped; a row whose shapes all are, at a glance.
    void comparePairs(Conflicts &out, bool exclusive, const QString &key, FieldGroup &first,
                      FieldGroup *second)
    {
        FieldGroup &other = second ? *second : first;
        QHash<int, std::vector<size_t>> positions; // of each shape in `other`
        for (size_t j = 0; j < other.size(); ++j)
            positions[shape(other[j])].push_back(j);
        for (size_t i = 0; i < first.size() && !m_aborted; ++i) {
            const int shape1 = shape(first[i]);
            const size_t start = second ? 0 : i + 1;
            // The shapes still to compare with: none, one (visit its positions) or more (scan).
            const std::vector<size_t> *only = nullptr;
            bool several = false;
            for (auto at = positions.cbegin(); at != positions.cend() && !several; ++at) {
                if (at->back() < start || m_clean.contains(cleanKey(shape1, at.key(), exclusive)))
                    continue;
                several = only != nullptr;
                only = &at.value();
            }
            if (!only)
                continue;
            const auto compare = [&](size_t j) {
                const quint64 clean = cleanKey(shape1, other[j].shape, exclusive);
                if (m_clean.contains(clean))
                    return;
                if (std::optional<Conflict> c = findConflict(exclusive, key, first[i], other[j]))
                    out.push_back(std::move(*c));
                else if (!m_aborted)
                    m_clean.insert(clean);
            };
            if (several) {
                for (size_t j = start; j < other.size() && !m_aborted; ++j)
                    compare(j);
            } else {
                for (auto j = std::lower_bound(only->begin(), only->end(), start);
                     j != only->end() && !m_aborted; ++j)
                    compare(*j);
            }
        }
    }

    // The conflict of two fields themselves, if any: names, arguments, return types. Conflicts
    // are built out of line, keeping the frames of the recursion small.
    Q_NEVER_INLINE std::optional<Conflict> ownConflict(bool exclusive, const QString &key,
                                                       const FieldEntry &field1,
                                                       const FieldEntry &field2)
    {
        const Selection &a = *field1.node;
        const Selection &b = *field2.node;
        QString reason;
        const TypeRef *type1 = field1.definition ? field1.definition->type.get() : nullptr;
        const TypeRef *type2 = field2.definition ? field2.definition->type.get() : nullptr;
        if (!exclusive && a.name != b.name)
            reason = QStringLiteral("\"%1\" and \"%2\" are different fields").arg(a.name, b.name);
        else if (!exclusive && !sameArguments(a, b))
            reason = QStringLiteral("they have differing arguments");
        else if (type1 && type2 && typesConflict(type1, type2))
            reason = QStringLiteral("they return conflicting types \"%1\" and \"%2\"")
                         .arg(type1->toString(), type2->toString());
        else
            return {};
        spend(0, 2);
        return Conflict{key, reason, {a.location}, {b.location}};
    }

    // Two fields whose subfields conflict, with theirs.
    Q_NEVER_INLINE std::optional<Conflict> subfieldConflict(const QString &key, const Selection &a,
                                                            const Selection &b,
                                                            const Conflicts &sub)
    {
        Conflict c{key, {}, {a.location}, {b.location}};
        QStringList reasons;
        for (const Conflict &s : sub) {
            reasons << QStringLiteral("subfields \"%1\" conflict because %2")
                           .arg(s.responseKey, s.reason);
            c.fields1.insert(c.fields1.end(), s.fields1.begin(), s.fields1.end());
            c.fields2.insert(c.fields2.end(), s.fields2.begin(), s.fields2.end());
        }
        c.reason = reasons.join(QStringLiteral(" and "));
        if (!spend(0, qint64(c.fields1.size() + c.fields2.size())))
            return {};
        return c;
    }

    Q_NEVER_INLINE void tooDeep(const SourceLocation &at)
    {
        abort(QStringLiteral("Fields are nested too deeply to be compared (more than %1 levels).")
                  .arg(maxDepth),
              at);
    }

    std::optional<Conflict> findConflict(bool parentsExclusive, const QString &key,
                                         const FieldEntry &field1, const FieldEntry &field2)
    {
        if (!spend(1))
            return {};
        // Fields of two different object types never both apply: they may then differ in name
        // and arguments, not in what they return. Interfaces and unions may share objects.
        const bool exclusive =
            parentsExclusive ||
            (field1.parent != field2.parent && isObject(field1.parent) && isObject(field2.parent));
        if (std::optional<Conflict> own = ownConflict(exclusive, key, field1, field2))
            return own;
        const Selection &a = *field1.node;
        const Selection &b = *field2.node;
        if (a.selectionSet.empty() || b.selectionSet.empty())
            return {};
        if (m_depth >= maxDepth) {
            tooDeep(a.location);
            return {};
        }
        ++m_depth;
        const Conflicts sub =
            betweenSelectionSets(exclusive, subfieldParent(field1.definition), a.selectionSet,
                                 subfieldParent(field2.definition), b.selectionSet);
        --m_depth;
        if (sub.empty() || m_aborted)
            return {};
        return subfieldConflict(key, a, b, sub);
    }

    // Two fields' subfields: field against field, each side's fields against the other's
    // fragments, and fragment against fragment.
    Conflicts betweenSelectionSets(bool exclusive, const NamedType *parent1,
                                   const SelectionSet &set1, const NamedType *parent2,
                                   const SelectionSet &set2)
    {
        Conflicts out;
        FieldMap &map1 = fieldMap(set1, parent1);
        FieldMap &map2 = fieldMap(set2, parent2);
        between(out, exclusive, map1, map2);
        for (const QString &name : std::as_const(map2.fragments))
            fieldsAndFragment(out, exclusive, map1, name);
        for (const QString &name : std::as_const(map1.fragments))
            fieldsAndFragment(out, exclusive, map2, name);
        for (const QString &name1 : std::as_const(map1.fragments)) {
            for (const QString &name2 : std::as_const(map2.fragments))
                fragments(out, exclusive, name1, name2);
        }
        return out;
    }

    // The fields of one map against those of the same response keys in another.
    void between(Conflicts &out, bool exclusive, FieldMap &map1, FieldMap &map2)
    {
        if (!spend(qint64(map1.groups.size())))
            return;
        for (auto &[key, group] : map1.groups) {
            const auto at = map2.index.constFind(key);
            if (at != map2.index.cend())
                comparePairs(out, exclusive, key, group, &map2.groups[size_t(*at)].second);
        }
    }

    // Fragment pairs compared so far, and whether only as mutually exclusive (graphql-js's
    // PairSet): a pair compared in full needs no comparing again either way.
    static std::pair<QString, QString> pairKey(const QString &a, const QString &b)
    {
        return a < b ? std::pair(a, b) : std::pair(b, a);
    }

    bool comparedPair(const QString &a, const QString &b, bool exclusive) const
    {
        const auto at = m_pairs.constFind(pairKey(a, b));
        return at != m_pairs.cend() && (exclusive || !*at);
    }

    void addPair(const QString &a, const QString &b, bool exclusive)
    {
        m_pairs.insert(pairKey(a, b), exclusive);
    }

    // A map's fields against a fragment's, then against the fragments that one spreads, depth
    // first. The recursion of graphql-js is a stack here: spreads may chain thousands deep.
    void fieldsAndFragment(Conflicts &out, bool exclusive, FieldMap &fields, const QString &name)
    {
        struct Step
        {
            QString name;
            FieldMap *map;
            qsizetype next;
        };
        std::vector<Step> stack;
        const auto enter = [&](const QString &fragment) {
            FieldMap *map = fragmentMap(fragment);
            if (!map || map == &fields)
                return; // a fragment's own fields are not compared with themselves
            between(out, exclusive, fields, *map);
            stack.push_back({fragment, map, 0});
        };
        enter(name);
        while (!stack.empty() && !m_aborted) {
            Step &top = stack.back();
            if (top.next == top.map->fragments.size()) {
                stack.pop_back();
                continue;
            }
            const QString spread = top.map->fragments.at(top.next++);
            const QString from = top.name; // `top` does not survive enter()
            if (comparedPair(spread, from, exclusive))
                continue;
            addPair(spread, from, exclusive);
            enter(spread);
        }
    }

    // Two fragments' fields against each other, then the first against the fragments the second
    // spreads and the second against those the first spreads, depth first, each pair once.
    void fragments(Conflicts &out, bool exclusive, const QString &name1, const QString &name2)
    {
        struct Step
        {
            QString name1;
            QString name2;
            FieldMap *map1;
            FieldMap *map2;
            qsizetype next;
        };
        std::vector<Step> stack;
        const auto enter = [&](const QString &a, const QString &b) {
            if (a == b || comparedPair(a, b, exclusive))
                return;
            addPair(a, b, exclusive);
            FieldMap *map1 = fragmentMap(a);
            FieldMap *map2 = fragmentMap(b);
            if (!map1 || !map2)
                return;
            between(out, exclusive, *map1, *map2);
            stack.push_back({a, b, map1, map2, 0});
        };
        enter(name1, name2);
        while (!stack.empty() && !m_aborted) {
            Step &top = stack.back();
            const qsizetype i = top.next++;
            const qsizetype spreads2 = top.map2->fragments.size();
            if (i < spreads2) {
                const QString a = top.name1; // `top` does not survive enter()
                enter(a, top.map2->fragments.at(i));
            } else if (i < spreads2 + top.map1->fragments.size()) {
                const QString b = top.name2;
                enter(top.map1->fragments.at(i - spreads2), b);
            } else {
                stack.pop_back();
            }
        }
    }

    const Schema &m_schema;
    const Document &m_document;
    std::vector<GraphQLError> &m_errors;
    QHash<QString, const Definition *> m_fragments;
    std::deque<FieldMap> m_mapStore; // stable addresses
    QHash<std::pair<const SelectionSet *, const NamedType *>, FieldMap *> m_maps;
    QHash<QString, int> m_shapes;
    QSet<quint64> m_clean; // pairs of shapes compared without a conflict
    QHash<std::pair<QString, QString>, bool> m_pairs;
    SourceLocation m_at; // the selection set being checked
    qint64 m_comparisons = 0;
    qint64 m_conflictFields = 0;
    int m_depth = 0;
    bool m_aborted = false;
};

} // namespace

void checkOverlappingFields(const Schema &schema, const Document &document,
                            std::vector<GraphQLError> &errors)
{
    Overlap(schema, document, errors).run();
}

} // namespace RexOrm::GraphQL
