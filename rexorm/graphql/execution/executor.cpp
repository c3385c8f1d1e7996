#include "executor_p.h"

#include <rexorm/plugins/hooks.h>

#include "coercion_p.h"

#include <rexorm/validation/validator.h>

#include <QtCore/QCborArray>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QSet>

Q_LOGGING_CATEGORY(lcGraphQL, "rexorm.graphql")

namespace RexOrm::GraphQL {

namespace {

std::shared_ptr<const TypeRef> typeRef(const QString &text)
{
    return parseType(text);
}

// The meta-fields every schema has (specification 4.1 and 4.2).
const FieldDef &schemaMetaField()
{
    static const FieldDef field = [] {
        FieldDef f;
        f.name = QStringLiteral("__schema");
        f.type = typeRef(QStringLiteral("__Schema!"));
        return f;
    }();
    return field;
}

const FieldDef &typeMetaField()
{
    static const FieldDef field = [] {
        FieldDef f;
        f.name = QStringLiteral("__type");
        f.type = typeRef(QStringLiteral("__Type"));
        f.arguments.push_back(
            {QStringLiteral("name"), {}, typeRef(QStringLiteral("String!")), nullptr, false, {}});
        return f;
    }();
    return field;
}

bool isTypeName(const CollectedField &field)
{
    return field.definition == nullptr;
}

// Depth and field count of a selection set, fragments expanded (each fragment measured once).
struct Measure
{
    qint64 depth = 0;
    qint64 nodes = 0;
};

class LimitCheck
{
public:
    explicit LimitCheck(const QHash<QString, const Definition *> &fragments)
        : m_fragments(fragments)
    {}

    // Fields under __schema and __type count as nodes but not as depth: the schema's own shape
    // bounds how deep they go.
    Measure measure(const SelectionSet &selectionSet, bool introspection = false)
    {
        Measure m;
        for (const Selection &s : selectionSet) {
            Measure inner;
            if (s.kind == Selection::Field) {
                const bool entering = s.name == u"__schema" || s.name == u"__type";
                inner = measure(s.selectionSet, introspection || entering);
                inner.depth += introspection || entering ? 0 : 1;
                inner.nodes += 1;
            } else if (s.kind == Selection::InlineFragment) {
                inner = measure(s.selectionSet, introspection);
            } else {
                inner = fragment(s.name, introspection);
            }
            m.depth = std::max(m.depth, inner.depth);
            m.nodes = std::min<qint64>(m.nodes + inner.nodes, std::numeric_limits<qint32>::max());
        }
        return m;
    }

private:
    Measure fragment(const QString &name, bool introspection)
    {
        const QString key = introspection ? u'_' + name : name;
        if (const auto it = m_memo.constFind(key); it != m_memo.constEnd())
            return *it;
        const Definition *definition = m_fragments.value(name);
        if (!definition || m_visiting.contains(key))
            return {};
        m_visiting.insert(key);
        const Measure m = measure(definition->selectionSet, introspection);
        m_visiting.remove(key);
        m_memo.insert(key, m);
        return m;
    }

    const QHash<QString, const Definition *> &m_fragments;
    QHash<QString, Measure> m_memo;
    QSet<QString> m_visiting;
};

GraphQLError requestError(const QString &message, std::vector<SourceLocation> locations = {},
                          const QJsonObject &extensions = {})
{
    GraphQLError e;
    e.message = message;
    e.locations = std::move(locations);
    e.extensions = extensions;
    return e;
}

// Root fields of the operation that introspect, fragments included.
void findIntrospection(const SelectionSet &selectionSet,
                       const QHash<QString, const Definition *> &fragments, QSet<QString> &visited,
                       std::vector<SourceLocation> &found)
{
    for (const Selection &s : selectionSet) {
        if (s.kind == Selection::Field) {
            if (s.name == u"__schema" || s.name == u"__type")
                found.push_back(s.location);
        } else if (s.kind == Selection::InlineFragment) {
            findIntrospection(s.selectionSet, fragments, visited, found);
        } else if (!visited.contains(s.name)) {
            visited.insert(s.name);
            if (const Definition *f = fragments.value(s.name))
                findIntrospection(f->selectionSet, fragments, visited, found);
        }
    }
}

} // namespace

QJsonArray pathToJson(const PathSegment *segment)
{
    std::vector<const PathSegment *> segments;
    for (; segment; segment = segment->parent)
        segments.push_back(segment);
    QJsonArray out;
    for (auto it = segments.rbegin(); it != segments.rend(); ++it) {
        if ((*it)->key)
            out.append(*(*it)->key);
        else
            out.append(qint64((*it)->index));
    }
    return out;
}

// ResolveInfo

const Schema &ResolveInfo::schema() const
{
    return m_context->schema();
}

const QVariantMap &ResolveInfo::context() const
{
    return m_context->options().context;
}

OperationType ResolveInfo::operation() const
{
    return m_context->operation().operation;
}

QJsonArray ResolveInfo::path() const
{
    return pathToJson(static_cast<const PathSegment *>(m_path));
}

std::vector<CollectedField> ResolveInfo::subfields(const NamedType &objectType) const
{
    return m_context->collectFields(objectType, *m_nodes);
}

std::vector<CollectedField>
ResolveInfo::collectFields(const NamedType &objectType,
                           const std::vector<const Selection *> &nodes) const
{
    return m_context->collectFields(objectType, nodes);
}

QVariantMap ResolveInfo::arguments(const CollectedField &field) const
{
    if (!field.definition || field.nodes.empty())
        return {};
    return m_context->arguments(*field.definition, *field.nodes.front());
}

// ExecutionContext

ExecutionContext::ExecutionContext(const Schema &schema, const Document &document,
                                   const Definition &operation, const ExecutionOptions &options)
    : m_schema(schema), m_document(document), m_operation(operation), m_options(options)
{
    for (const Definition &d : document.definitions) {
        if (d.kind == Definition::Fragment && !m_fragments.contains(d.name))
            m_fragments.insert(d.name, &d);
    }
}

bool ExecutionContext::coerceVariables(const QJsonObject &given, std::vector<GraphQLError> &errors)
{
    for (const VariableDefinition &v : m_operation.variables) {
        const auto it = given.constFind(v.name);
        const bool provided = it != given.constEnd();
        try {
            if (!provided) {
                if (v.defaultValue)
                    m_variables.insert(
                        v.name, Detail::coerceLiteral(m_schema, *v.defaultValue, *v.type, {}));
                else if (v.type->kind == TypeRef::NonNull)
                    errors.push_back(requestError(
                        QStringLiteral("Variable \"$%1\" of required type \"%2\" was not provided.")
                            .arg(v.name, v.type->toString()),
                        {v.location}));
                continue;
            }
            if (it->isNull() && v.type->kind == TypeRef::NonNull) {
                errors.push_back(requestError(
                    QStringLiteral("Variable \"$%1\" of non-null type \"%2\" must not be null.")
                        .arg(v.name, v.type->toString()),
                    {v.location}));
                continue;
            }
            m_variables.insert(v.name, Detail::coerceInputValue(m_schema, *it, *v.type));
        } catch (const Error &e) {
            errors.push_back(requestError(
                QStringLiteral("Variable \"$%1\" got invalid value; %2").arg(v.name, e.message()),
                {v.location}));
        }
    }
    return errors.empty();
}

ExecutionResult ExecutionContext::run(const QJsonObject &variables, const QVariant &rootValue)
{
    ExecutionResult result;
    if (!m_options.introspection) {
        std::vector<SourceLocation> found;
        QSet<QString> visited;
        findIntrospection(m_operation.selectionSet, m_fragments, visited, found);
        if (!found.empty()) {
            result.errors.push_back(requestError(
                QStringLiteral("Introspection is disabled on this server."), found,
                QJsonObject{{QStringLiteral("code"), QStringLiteral("INTROSPECTION_DISABLED")}}));
            return result;
        }
    }
    if (m_options.maxDepth > 0 || m_options.maxNodes > 0) {
        const Measure m = LimitCheck(m_fragments).measure(m_operation.selectionSet);
        const auto limitError = [&](const char *limit, qint64 value, int max) {
            result.errors.push_back(
                requestError(QStringLiteral("The query exceeds the %1 limit: %2, the limit is %3.")
                                 .arg(QLatin1String(limit))
                                 .arg(value)
                                 .arg(max),
                             {m_operation.location},
                             QJsonObject{{QStringLiteral("code"), QStringLiteral("LIMIT")},
                                         {QStringLiteral("limit"), QLatin1String(limit)},
                                         {QStringLiteral("value"), value},
                                         {QStringLiteral("max"), max}}));
        };
        if (m_options.maxDepth > 0 && m.depth > m_options.maxDepth)
            limitError("maxDepth", m.depth, m_options.maxDepth);
        if (m_options.maxNodes > 0 && m.nodes > m_options.maxNodes)
            limitError("maxNodes", m.nodes, m_options.maxNodes);
        if (!result.errors.empty())
            return result;
    }
    if (!coerceVariables(variables, result.errors))
        return result;

    const QString rootName = m_operation.operation == OperationType::Query ? m_schema.queryType()
                             : m_operation.operation == OperationType::Mutation
                                 ? m_schema.mutationType()
                                 : m_schema.subscriptionType();
    const NamedType *rootType = rootName.isEmpty() ? nullptr : m_schema.type(rootName);
    if (!rootType) {
        result.errors.push_back(
            requestError(QStringLiteral("Schema is not configured to execute %1 operation.")
                             .arg(operationTypeName(m_operation.operation)),
                         {m_operation.location}));
        return result;
    }
    if (m_operation.operation == OperationType::Subscription && !m_options.subscriptionEvent) {
        result.errors.push_back(requestError(
            QStringLiteral("Subscriptions are served over WebSocket (graphql-transport-ws), not "
                           "by a single request."),
            {m_operation.location}));
        return result;
    }
    std::vector<const Selection *> top;
    Selection root;
    root.selectionSet = m_operation.selectionSet; // a copy of the top level only
    top.push_back(&root);
    std::vector<CollectedField> fields;
    try {
        fields = collectFields(*rootType, top);
    } catch (const Error &e) {
        // A @skip or @include condition that cannot be read (a null variable): no data.
        result.hasData = true;
        result.data = QByteArrayLiteral("null");
        result.errors.push_back(requestError(e.message(), {m_operation.location}));
        return result;
    }
    // Mutation root fields run one after another; so do query fields, on this thread.
    m_out.reserve(4096);
    const bool complete = executeSelectionSet(fields, *rootType, rootValue, nullptr);
    result.hasData = true;
    result.data = complete ? std::move(m_out) : QByteArrayLiteral("null");
    result.errors = std::move(m_errors);
    return result;
}

bool ExecutionContext::included(const std::vector<Directive> &directives) const
{
    for (const Directive &d : directives) {
        const bool skip = d.name == u"skip";
        if (!skip && d.name != u"include")
            continue;
        const DirectiveDef *definition = m_schema.directive(d.name);
        if (!definition)
            continue;
        const bool condition =
            Detail::coerceArguments(m_schema, definition->arguments, d.arguments, m_variables)
                .value(QStringLiteral("if"))
                .toBool();
        if (skip == condition)
            return false;
    }
    return true;
}

bool ExecutionContext::fragmentApplies(const NamedType &objectType,
                                       const QString &typeCondition) const
{
    if (typeCondition.isEmpty() || typeCondition == objectType.name)
        return true;
    const NamedType *condition = m_schema.type(typeCondition);
    if (!condition || condition->kind == TypeKind::Object)
        return false;
    for (const NamedType *possible : m_schema.possibleTypes(*condition)) {
        if (possible == &objectType)
            return true;
    }
    return false;
}

void ExecutionContext::collect(const NamedType &objectType, const SelectionSet &selectionSet,
                               std::vector<CollectedField> &fields,
                               QHash<QString, qsizetype> &index,
                               QSet<QString> &visitedFragments) const
{
    for (const Selection &s : selectionSet) {
        if (!included(s.directives))
            continue;
        switch (s.kind) {
        case Selection::Field: {
            const QString &key = s.responseKey();
            if (const auto it = index.constFind(key); it != index.constEnd()) {
                fields[*it].nodes.push_back(&s);
                break;
            }
            CollectedField field;
            field.responseKey = key;
            field.parentType = &objectType;
            if (s.name == u"__typename")
                field.definition = nullptr;
            else if (s.name == u"__schema" && objectType.name == m_schema.queryType())
                field.definition = &schemaMetaField();
            else if (s.name == u"__type" && objectType.name == m_schema.queryType())
                field.definition = &typeMetaField();
            else if (!(field.definition = objectType.field(s.name)))
                break; // not on this type: validation reports it; execution skips it
            field.nodes.push_back(&s);
            index.insert(key, qsizetype(fields.size()));
            fields.push_back(std::move(field));
            break;
        }
        case Selection::FragmentSpread: {
            if (visitedFragments.contains(s.name))
                break;
            visitedFragments.insert(s.name);
            const Definition *fragment = m_fragments.value(s.name);
            if (fragment && fragmentApplies(objectType, fragment->typeCondition))
                collect(objectType, fragment->selectionSet, fields, index, visitedFragments);
            break;
        }
        case Selection::InlineFragment:
            if (fragmentApplies(objectType, s.typeCondition))
                collect(objectType, s.selectionSet, fields, index, visitedFragments);
            break;
        }
    }
}

std::vector<CollectedField>
ExecutionContext::collectFields(const NamedType &objectType,
                                const std::vector<const Selection *> &nodes) const
{
    std::vector<CollectedField> fields;
    QHash<QString, qsizetype> index;
    QSet<QString> visited;
    for (const Selection *node : nodes)
        collect(objectType, node->selectionSet, fields, index, visited);
    return fields;
}

const std::vector<CollectedField> &
ExecutionContext::cachedFields(const NamedType &objectType,
                               const std::vector<const Selection *> &nodes) const
{
    QByteArray key;
    key.reserve(qsizetype(sizeof(void *) * (nodes.size() + 1)));
    const auto append = [&key](const void *pointer) {
        key.append(reinterpret_cast<const char *>(&pointer), sizeof pointer);
    };
    append(&objectType);
    for (const Selection *node : nodes)
        append(node);
    auto &entry = m_fieldCache[key];
    if (!entry)
        entry =
            std::make_shared<const std::vector<CollectedField>>(collectFields(objectType, nodes));
    return *entry;
}

QVariantMap ExecutionContext::arguments(const FieldDef &definition, const Selection &node) const
{
    try {
        return Detail::coerceArguments(m_schema, definition.arguments, node.arguments, m_variables);
    } catch (const Detail::CoercionError &e) {
        throw FieldError(e.message());
    }
}

bool ExecutionContext::executeSelectionSet(const std::vector<CollectedField> &fields,
                                           const NamedType &objectType, const QVariant &objectValue,
                                           const PathSegment *path)
{
    m_out += '{';
    bool propagate = false;
    bool first = true;
    for (const CollectedField &field : fields) {
        const PathSegment segment{path, &field.responseKey, 0};
        if (!first)
            m_out += ',';
        first = false;
        writeJsonString(m_out, field.responseKey);
        m_out += ':';
        if (isTypeName(field)) {
            writeJsonString(m_out, objectType.name);
            continue;
        }
        // Keep going after a null propagates: sibling errors are reported too.
        if (!executeField(objectType, objectValue, field, &segment))
            propagate = true;
    }
    m_out += '}';
    return !propagate;
}

QVariant ExecutionContext::resolveField(const NamedType &objectType, const QVariant &objectValue,
                                        const CollectedField &field, const PathSegment *path)
{
    const FieldDef &definition = *field.definition;
    const QVariantMap args = arguments(definition, *field.nodes.front());
    if (&definition == &schemaMetaField() || &definition == &typeMetaField())
        return introspectionRoot(m_schema, definition.name, args);
    if (isIntrospectionType(objectType))
        return introspectionField(m_schema, objectValue, definition.name, args);
    if (definition.resolve) {
        const ResolveInfo info(*this, objectType, definition, field.nodes, path);
        return definition.resolve(objectValue, args, info);
    }
    // The default resolver.
    switch (objectValue.metaType().id()) {
    case QMetaType::QVariantMap:
        return objectValue.toMap().value(definition.name);
    case QMetaType::QVariantHash:
        return objectValue.toHash().value(definition.name);
    case QMetaType::QJsonObject:
        return objectValue.toJsonObject().value(definition.name).toVariant();
    case QMetaType::QObjectStar:
        if (const QObject *object = objectValue.value<QObject *>())
            return object->property(definition.name.toUtf8().constData());
        return {};
    default:
        return {};
    }
}

bool ExecutionContext::executeField(const NamedType &objectType, const QVariant &objectValue,
                                    const CollectedField &field, const PathSegment *path)
{
    const FieldDef &definition = *field.definition;
    QVariant resolved;
    try {
        resolved = resolveField(objectType, objectValue, field, path);
    } catch (...) {
        fieldError(std::current_exception(), field, path);
        if (definition.type->kind == TypeRef::NonNull)
            return false;
        m_out += "null";
        return true;
    }
    return completeValue(*definition.type, field, resolved, path);
}

bool ExecutionContext::completeValue(const TypeRef &type, const CollectedField &field,
                                     const QVariant &result, const PathSegment *path)
{
    const qsizetype start = m_out.size();
    if (type.kind == TypeRef::NonNull) {
        const Completion completion = completeNullable(*type.ofType, field, result, path);
        if (completion == Completion::Null)
            fieldError(QStringLiteral("Cannot return null for non-nullable field %1.%2.")
                           .arg(field.parentType->name, field.definition->name),
                       field, path);
        if (completion != Completion::Value) {
            m_out.truncate(start); // the parent takes the null
            return false;
        }
        return true;
    }
    if (completeNullable(type, field, result, path) == Completion::Propagate) {
        m_out.truncate(start); // a null from below stops here
        m_out += "null";
    }
    return true;
}

ExecutionContext::Completion ExecutionContext::completeNullable(const TypeRef &type,
                                                                const CollectedField &field,
                                                                const QVariant &result,
                                                                const PathSegment *path)
{
    if (Detail::isNullValue(result)) {
        m_out += "null";
        return Completion::Null;
    }
    if (type.kind == TypeRef::List) {
        if (result.metaType().id() != QMetaType::QVariantList &&
            result.metaType().id() != QMetaType::QStringList) {
            fieldError(
                QStringLiteral("Expected Iterable, but did not find one for field \"%1.%2\".")
                    .arg(field.parentType->name, field.definition->name),
                field, path);
            return Completion::Propagate;
        }
        const QVariantList items = result.toList();
        m_out += '[';
        for (qsizetype i = 0; i < items.size(); ++i) {
            if (i > 0)
                m_out += ',';
            const PathSegment segment{path, nullptr, i};
            if (!completeValue(*type.ofType, field, items.at(i), &segment))
                return Completion::Propagate; // the list is null: the other items do not matter
        }
        m_out += ']';
        return Completion::Value;
    }
    const NamedType *named = m_schema.namedType(type);
    if (!named) {
        m_out += "null";
        return Completion::Null;
    }
    if (named->isLeaf()) {
        try {
            writeLeaf(*named, result);
            return Completion::Value;
        } catch (...) {
            fieldError(std::current_exception(), field, path);
            return Completion::Propagate;
        }
    }
    const NamedType *objectType = named;
    if (named->kind != TypeKind::Object) {
        QString typeName;
        try {
            typeName = named->resolveType
                           ? named->resolveType(result)
                           : result.toMap().value(QStringLiteral("__typename")).toString();
        } catch (...) {
            fieldError(std::current_exception(), field, path);
            return Completion::Propagate;
        }
        objectType = m_schema.type(typeName);
        bool possible = false;
        if (objectType) {
            for (const NamedType *t : m_schema.possibleTypes(*named))
                possible = possible || t == objectType;
        }
        if (!possible) {
            fieldError(QStringLiteral("Abstract type \"%1\" must resolve to an Object type at "
                                      "runtime for field \"%2\". Got: \"%3\".")
                           .arg(named->name, field.definition->name, typeName),
                       field, path);
            return Completion::Propagate;
        }
    }
    const std::vector<CollectedField> *subfields = nullptr;
    try {
        subfields = &cachedFields(*objectType, field.nodes);
    } catch (...) {
        fieldError(std::current_exception(), field, path);
        return Completion::Propagate;
    }
    return executeSelectionSet(*subfields, *objectType, result, path) ? Completion::Value
                                                                      : Completion::Propagate;
}

void ExecutionContext::writeLeaf(const NamedType &type, const QVariant &value)
{
    // The common cases straight to text; the rest through the scalar's serialization.
    if (type.builtIn) {
        const int id = value.metaType().id();
        if (type.name == u"String" && id == QMetaType::QString) {
            writeJsonString(m_out, value.toString());
            return;
        }
        if ((type.name == u"Int" && id == QMetaType::Int) ||
            (type.name == u"ID" && (id == QMetaType::LongLong || id == QMetaType::Int))) {
            const QByteArray digits = QByteArray::number(value.toLongLong());
            if (type.name == u"ID")
                m_out += '"' + digits + '"';
            else
                m_out += digits;
            return;
        }
    }
    writeJson(m_out, Detail::serializeLeaf(type, value));
}

void ExecutionContext::fieldError(const QString &message, const CollectedField &field,
                                  const PathSegment *path, const QJsonObject &extensions)
{
    GraphQLError e;
    e.message = message;
    for (const Selection *node : field.nodes)
        e.locations.push_back(node->location);
    e.path = pathToJson(path);
    e.extensions = extensions;
    m_errors.push_back(std::move(e));
}

void ExecutionContext::fieldError(const std::exception_ptr &error, const CollectedField &field,
                                  const PathSegment *path)
{
    const auto code = [](const char *text) {
        return QJsonObject{{QStringLiteral("code"), QLatin1String(text)}};
    };
    try {
        std::rethrow_exception(error);
    } catch (const FieldError &e) {
        fieldError(e.message(), field, path, e.extensions());
    } catch (const ValidationError &e) {
        QJsonObject fields;
        for (auto it = e.errors().constBegin(); it != e.errors().constEnd(); ++it)
            fields.insert(it.key(), QJsonArray::fromStringList(it.value()));
        QJsonObject extensions = code("VALIDATION");
        extensions.insert(QStringLiteral("fields"), fields);
        fieldError(e.message(), field, path, extensions);
    } catch (const RefusedError &e) {
        fieldError(e.message(), field, path, code("REFUSED")); // a model hook's own words
    } catch (const StatementTimeoutError &e) {
        qCWarning(lcGraphQL).noquote()
            << "field" << QJsonDocument(pathToJson(path)).toJson(QJsonDocument::Compact)
            << e.message();
        fieldError(QStringLiteral("The database statement took longer than its timeout."), field,
                   path, code("TIMEOUT"));
    } catch (const DatabaseError &e) {
        // The SQL and the driver's words stay in the log: clients learn that it failed.
        qCWarning(lcGraphQL).noquote()
            << "field" << QJsonDocument(pathToJson(path)).toJson(QJsonDocument::Compact)
            << e.message();
        fieldError(QStringLiteral("The database could not run this request."), field, path,
                   code("DATABASE"));
    } catch (const Detail::CoercionError &e) {
        fieldError(e.message(), field, path);
    } catch (const Error &e) {
        fieldError(e.message(), field, path, code("INTERNAL"));
    } catch (const std::exception &e) {
        qCWarning(lcGraphQL).noquote()
            << "field" << QJsonDocument(pathToJson(path)).toJson(QJsonDocument::Compact)
            << e.what();
        fieldError(QStringLiteral("Internal error."), field, path, code("INTERNAL"));
    }
}

const Definition *selectOperation(const Document &document, const QString &operationName,
                                  QString *error)
{
    const Definition *found = nullptr;
    int operations = 0;
    for (const Definition &d : document.definitions) {
        if (d.kind != Definition::Operation)
            continue;
        ++operations;
        if (operationName.isEmpty() ? !found : d.name == operationName)
            found = &d;
    }
    if (operationName.isEmpty() && operations > 1) {
        *error = QStringLiteral("Must provide operation name if query contains multiple "
                                "operations.");
        return nullptr;
    }
    if (!found) {
        *error = operationName.isEmpty()
                     ? QStringLiteral("Must provide an operation.")
                     : QStringLiteral("Unknown operation named \"%1\".").arg(operationName);
        return nullptr;
    }
    return found;
}

ExecutionResult execute(const Schema &schema, const Document &document,
                        const QString &operationName, const QJsonObject &variables,
                        const ExecutionOptions &options, const QVariant &rootValue)
{
    QString error;
    const Definition *operation = selectOperation(document, operationName, &error);
    if (!operation) {
        ExecutionResult result;
        result.errors.push_back(requestError(error));
        return result;
    }
    ExecutionContext context(schema, document, *operation, options);
    return context.run(variables, rootValue);
}

} // namespace RexOrm::GraphQL
