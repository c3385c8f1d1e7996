#include <rexorm/graphql/validation.h>

#include "overlappingfields_p.h"

#include <QtCore/QHash>
#include <QtCore/QSet>

namespace RexOrm::GraphQL {

namespace {

const char *locationName(Definition::Kind kind, OperationType operation)
{
    if (kind == Definition::Fragment)
        return "FRAGMENT_DEFINITION";
    switch (operation) {
    case OperationType::Query:
        return "QUERY";
    case OperationType::Mutation:
        return "MUTATION";
    case OperationType::Subscription:
        return "SUBSCRIPTION";
    }
    return "QUERY";
}

struct VariableUsage
{
    QString name;
    SourceLocation location;
    std::shared_ptr<const TypeRef> expected; // null where the position's type is unknown
    bool locationDefault = false;            // the argument or input field has a default
};

class Validation
{
public:
    Validation(const Schema &schema, const Document &document)
        : m_schema(schema), m_document(document)
    {}

    std::vector<GraphQLError> run()
    {
        collectDefinitions();
        for (const Definition &d : m_document.definitions) {
            if (d.kind == Definition::Operation)
                operation(d);
            else if (d.kind == Definition::Fragment)
                fragmentDefinition(d);
        }
        unusedFragments();
        fragmentCycles();
        checkOverlappingFields(m_schema, m_document, m_errors);
        return std::move(m_errors);
    }

private:
    void error(const QString &message, std::vector<SourceLocation> locations)
    {
        if (m_silent)
            return; // a fragment walked again for an operation's variables
        GraphQLError e;
        e.message = message;
        e.locations = std::move(locations);
        m_errors.push_back(std::move(e));
    }

    void collectDefinitions()
    {
        QHash<QString, const Definition *> operations;
        int operationCount = 0;
        for (const Definition &d : m_document.definitions) {
            if (!d.isExecutable()) {
                const QString name =
                    d.kind == Definition::Schema ? QStringLiteral("schema") : u'"' + d.name + u'"';
                error(QStringLiteral("The %1 definition is not executable.").arg(name),
                      {d.location});
                continue;
            }
            if (d.kind == Definition::Operation) {
                ++operationCount;
                if (d.name.isEmpty())
                    continue;
                if (const Definition *first = operations.value(d.name))
                    error(
                        QStringLiteral("There can be only one operation named \"%1\".").arg(d.name),
                        {first->location, d.location});
                else
                    operations.insert(d.name, &d);
            } else {
                if (const Definition *first = m_fragments.value(d.name))
                    error(
                        QStringLiteral("There can be only one fragment named \"%1\".").arg(d.name),
                        {first->location, d.location});
                else
                    m_fragments.insert(d.name, &d);
            }
        }
        for (const Definition &d : m_document.definitions) {
            if (d.kind == Definition::Operation && d.name.isEmpty() && operationCount > 1)
                error(QStringLiteral("This anonymous operation must be the only defined "
                                     "operation."),
                      {d.location});
        }
    }

    const NamedType *rootType(OperationType operation) const
    {
        const QString name = operation == OperationType::Query      ? m_schema.queryType()
                             : operation == OperationType::Mutation ? m_schema.mutationType()
                                                                    : m_schema.subscriptionType();
        return name.isEmpty() ? nullptr : m_schema.type(name);
    }

    // The named type of a reference, reporting an unknown name.
    const NamedType *knownType(const TypeRef &type)
    {
        const TypeRef *at = &type;
        while (at->kind != TypeRef::Named)
            at = at->ofType.get();
        const NamedType *found = m_schema.type(at->name);
        if (!found)
            error(QStringLiteral("Unknown type \"%1\".").arg(at->name), {at->location});
        return found;
    }

    void operation(const Definition &op)
    {
        m_usages.clear();
        m_visited.clear();
        QHash<QString, const VariableDefinition *> defined;
        QHash<QString, const VariableDefinition *> lastDefinition; // a repeated one: the last
        QHash<QString, std::vector<SourceLocation>> repeated;
        for (const VariableDefinition &v : op.variables)
            repeated[v.name].push_back(v.location);
        for (const VariableDefinition &v : op.variables) {
            lastDefinition.insert(v.name, &v);
            if (!defined.contains(v.name)) {
                defined.insert(v.name, &v);
                if (repeated.value(v.name).size() > 1)
                    error(
                        QStringLiteral("There can be only one variable named \"$%1\".").arg(v.name),
                        repeated.value(v.name));
            }
            if (const NamedType *type = knownType(*v.type); type && !type->isInputType())
                error(QStringLiteral("Variable \"$%1\" cannot be non-input type \"%2\".")
                          .arg(v.name, v.type->toString()),
                      {v.type->location});
            directives(v.directives, "VARIABLE_DEFINITION");
            if (v.defaultValue) {
                value(*v.defaultValue);
                if (const NamedType *type = m_schema.namedType(*v.type);
                    type && type->isInputType())
                    valueOfType(*v.defaultValue, *v.type);
            }
        }
        directives(op.directives, locationName(op.kind, op.operation));
        const NamedType *root = rootType(op.operation);
        selectionSet(op.selectionSet, root);
        if (op.operation == OperationType::Subscription && root)
            singleRootField(op, *root);

        // Variables used by the operation and every fragment it reaches.
        QSet<QString> used;
        for (const VariableUsage &usage : m_usages) {
            used.insert(usage.name);
            if (const VariableDefinition *variable = lastDefinition.value(usage.name))
                allowedPosition(usage, *variable);
            if (!defined.contains(usage.name))
                error(op.name.isEmpty()
                          ? QStringLiteral("Variable \"$%1\" is not defined.").arg(usage.name)
                          : QStringLiteral("Variable \"$%1\" is not defined by operation \"%2\".")
                                .arg(usage.name, op.name),
                      {usage.location, op.location});
        }
        for (const VariableDefinition &v : op.variables) {
            if (!used.contains(v.name))
                error(op.name.isEmpty()
                          ? QStringLiteral("Variable \"$%1\" is never used.").arg(v.name)
                          : QStringLiteral("Variable \"$%1\" is never used in operation \"%2\".")
                                .arg(v.name, op.name),
                      {v.location});
        }
        for (const QString &fragment : std::as_const(m_visited))
            m_usedFragments.insert(fragment);
    }

    void singleRootField(const Definition &op, const NamedType &root)
    {
        QSet<QString> keys;
        bool introspection = false;
        QSet<QString> visited;
        collectRootFields(op.selectionSet, root, keys, introspection, visited);
        if (keys.size() > 1)
            error(op.name.isEmpty()
                      ? QStringLiteral("Anonymous Subscription must select only one top level "
                                       "field.")
                      : QStringLiteral("Subscription \"%1\" must select only one top level field.")
                            .arg(op.name),
                  {op.location});
        if (introspection)
            error(op.name.isEmpty()
                      ? QStringLiteral("Anonymous Subscription must not select an introspection "
                                       "top level field.")
                      : QStringLiteral("Subscription \"%1\" must not select an introspection top "
                                       "level field.")
                            .arg(op.name),
                  {op.location});
    }

    // The response keys of a selection set's fields, fragments expanded, as executed: a field
    // skipped by a literal @skip(if: true) or @include(if: false) does not count.
    void collectRootFields(const SelectionSet &set, const NamedType &root, QSet<QString> &keys,
                           bool &introspection, QSet<QString> &visited)
    {
        for (const Selection &s : set) {
            if (!included(s.directives))
                continue;
            if (s.kind == Selection::Field) {
                keys.insert(s.responseKey());
                introspection = introspection || s.name.startsWith(u"__");
            } else if (s.kind == Selection::InlineFragment) {
                if (s.typeCondition.isEmpty() || conditionMatches(s.typeCondition, root))
                    collectRootFields(s.selectionSet, root, keys, introspection, visited);
            } else if (const Definition *fragment = m_fragments.value(s.name);
                       fragment && !visited.contains(s.name)) {
                visited.insert(s.name);
                if (conditionMatches(fragment->typeCondition, root))
                    collectRootFields(fragment->selectionSet, root, keys, introspection, visited);
            }
        }
    }

    // A fragment's type condition applies to an object type: the type itself, an interface it
    // implements or a union it belongs to.
    bool conditionMatches(const QString &condition, const NamedType &object) const
    {
        if (condition == object.name)
            return true;
        const NamedType *type = m_schema.type(condition);
        if (!type)
            return false;
        for (const NamedType *possible : m_schema.possibleTypes(*type)) {
            if (possible->name == object.name)
                return true;
        }
        return false;
    }

    static bool included(const std::vector<Directive> &list)
    {
        for (const Directive &d : list) {
            for (const Argument &a : d.arguments) {
                if (a.name != u"if" || a.value.kind != Value::Boolean)
                    continue;
                if (d.name == u"skip" && a.value.boolean)
                    return false;
                if (d.name == u"include" && !a.value.boolean)
                    return false;
            }
        }
        return true;
    }

    void fragmentDefinition(const Definition &fragment)
    {
        const NamedType *type = m_schema.type(fragment.typeCondition);
        if (!type)
            error(QStringLiteral("Unknown type \"%1\".").arg(fragment.typeCondition),
                  {fragment.location});
        else if (!type->isComposite())
            error(QStringLiteral("Fragment \"%1\" cannot condition on non composite type \"%2\".")
                      .arg(fragment.name, fragment.typeCondition),
                  {fragment.location});
        directives(fragment.directives, "FRAGMENT_DEFINITION");
        // Variable usages here are an operation's business; they are gathered per operation.
        std::vector<VariableUsage> saved;
        saved.swap(m_usages);
        selectionSet(fragment.selectionSet, type && type->isComposite() ? type : nullptr, false);
        m_usages.swap(saved);
    }

    void selectionSet(const SelectionSet &set, const NamedType *parent, bool followFragments = true)
    {
        for (const Selection &s : set) {
            switch (s.kind) {
            case Selection::Field:
                field(s, parent, followFragments);
                break;
            case Selection::FragmentSpread:
                fragmentSpread(s, parent, followFragments);
                break;
            case Selection::InlineFragment:
                inlineFragment(s, parent, followFragments);
                break;
            }
        }
    }

    // The field definition a selection names on a parent type, including the meta-fields.
    const FieldDef *fieldDefinition(const NamedType &parent, const QString &name)
    {
        static const FieldDef typeName = [] {
            FieldDef f;
            f.name = QStringLiteral("__typename");
            f.type = parseType(QStringLiteral("String!"));
            return f;
        }();
        static const FieldDef schemaField = [] {
            FieldDef f;
            f.name = QStringLiteral("__schema");
            f.type = parseType(QStringLiteral("__Schema!"));
            return f;
        }();
        static const FieldDef typeField = [] {
            FieldDef f;
            f.name = QStringLiteral("__type");
            f.type = parseType(QStringLiteral("__Type"));
            InputValueDef arg;
            arg.name = QStringLiteral("name");
            arg.type = parseType(QStringLiteral("String!"));
            f.arguments.push_back(arg);
            return f;
        }();
        if (name == u"__typename" && parent.isComposite())
            return &typeName;
        if (parent.name == m_schema.queryType()) {
            if (name == u"__schema")
                return &schemaField;
            if (name == u"__type")
                return &typeField;
        }
        return parent.field(name);
    }

    void field(const Selection &s, const NamedType *parent, bool followFragments)
    {
        directives(s.directives, "FIELD");
        const FieldDef *definition = parent ? fieldDefinition(*parent, s.name) : nullptr;
        if (parent && !definition)
            error(QStringLiteral("Cannot query field \"%1\" on type \"%2\".")
                      .arg(s.name, parent->name),
                  {s.location});
        arguments(
            s.arguments, definition ? &definition->arguments : nullptr,
            [&](const QString &argument) {
                return QStringLiteral("Unknown argument \"%1\" on field \"%2.%3\".")
                    .arg(argument, parent ? parent->name : QString(), s.name);
            },
            [&](const InputValueDef &argument) {
                return QStringLiteral("Field \"%1\" argument \"%2\" of type \"%3\" is "
                                      "required, but it was not provided.")
                    .arg(s.name, argument.name, argument.type->toString());
            },
            s.location);
        const NamedType *type = definition ? m_schema.namedType(*definition->type) : nullptr;
        if (type && type->isLeaf() && !s.selectionSet.empty())
            error(QStringLiteral("Field \"%1\" must not have a selection since type \"%2\" has no "
                                 "subfields.")
                      .arg(s.name, definition->type->toString()),
                  {s.selectionSet.front().location});
        if (type && !type->isLeaf() && s.selectionSet.empty())
            error(QStringLiteral("Field \"%1\" of type \"%2\" must have a selection of subfields. "
                                 "Did you mean \"%1 { ... }\"?")
                      .arg(s.name, definition->type->toString()),
                  {s.location});
        selectionSet(s.selectionSet, type && type->isComposite() ? type : nullptr, followFragments);
    }

    bool canOverlap(const NamedType &a, const NamedType &b) const
    {
        if (a.name == b.name)
            return true;
        for (const NamedType *x : m_schema.possibleTypes(a)) {
            for (const NamedType *y : m_schema.possibleTypes(b)) {
                if (x->name == y->name)
                    return true;
            }
        }
        return false;
    }

    void fragmentSpread(const Selection &s, const NamedType *parent, bool followFragments)
    {
        directives(s.directives, "FRAGMENT_SPREAD");
        const Definition *fragment = m_fragments.value(s.name);
        if (!fragment) {
            error(QStringLiteral("Unknown fragment \"%1\".").arg(s.name), {s.location});
            return;
        }
        const NamedType *type = m_schema.type(fragment->typeCondition);
        if (parent && type && type->isComposite() && !canOverlap(*parent, *type))
            error(QStringLiteral("Fragment \"%1\" cannot be spread here as objects of type \"%2\" "
                                 "can never be of type \"%3\".")
                      .arg(s.name, parent->name, type->name),
                  {s.location});
        if (!followFragments || m_visited.contains(s.name))
            return;
        m_visited.insert(s.name);
        if (m_spreadDepth >= maxSpreadDepth) {
            tooDeep(s.location);
            return;
        }
        // The fragment's variables belong to this operation; its own errors were reported where
        // it is defined.
        const bool silent = m_silent;
        m_silent = true;
        ++m_spreadDepth;
        directives(fragment->directives, "FRAGMENT_DEFINITION");
        selectionSet(fragment->selectionSet, type && type->isComposite() ? type : nullptr, true);
        --m_spreadDepth;
        m_silent = silent;
    }

    // Fragments spreading fragments deeper than this are refused rather than followed: the walk
    // is recursive, and a hostile document must not exhaust the stack.
    static constexpr int maxSpreadDepth = 512;

    void tooDeep(const SourceLocation &at)
    {
        if (m_reportedTooDeep)
            return;
        m_reportedTooDeep = true;
        const bool silent = m_silent;
        m_silent = false;
        error(QStringLiteral("Fragment spreads are nested too deeply (more than %1 levels).")
                  .arg(maxSpreadDepth),
              {at});
        m_silent = silent;
    }

    // Variables in a value, with the type each position expects where it is known.
    void usages(const Value &v, std::shared_ptr<const TypeRef> expected = {},
                bool locationDefault = false)
    {
        if (v.kind == Value::Variable) {
            m_usages.push_back({v.text, v.location, expected, locationDefault});
            return;
        }
        const TypeRef *nullable = expected.get();
        if (nullable && nullable->kind == TypeRef::NonNull)
            nullable = nullable->ofType.get();
        for (const Value &item : v.list)
            usages(item, nullable && nullable->kind == TypeRef::List ? nullable->ofType : nullptr);
        const NamedType *input =
            nullable && nullable->kind == TypeRef::Named ? m_schema.type(nullable->name) : nullptr;
        for (const ObjectField &field : v.fields) {
            const InputValueDef *definition = input && input->kind == TypeKind::InputObject
                                                  ? input->inputField(field.name)
                                                  : nullptr;
            usages(field.value, definition ? definition->type : nullptr,
                   definition && definition->defaultValue);
        }
    }

    // Whether a variable of type `given` may be used where `wanted` is expected (the
    // specification's AreTypesCompatible).
    bool subType(const TypeRef &given, const TypeRef &wanted) const
    {
        if (wanted.kind == TypeRef::NonNull)
            return given.kind == TypeRef::NonNull && subType(*given.ofType, *wanted.ofType);
        if (given.kind == TypeRef::NonNull)
            return subType(*given.ofType, wanted);
        if (wanted.kind == TypeRef::List)
            return given.kind == TypeRef::List && subType(*given.ofType, *wanted.ofType);
        if (given.kind == TypeRef::List)
            return false;
        return given.name == wanted.name;
    }

    void allowedPosition(const VariableUsage &usage, const VariableDefinition &variable)
    {
        if (!usage.expected || !m_schema.namedType(*variable.type))
            return;
        const TypeRef *wanted = usage.expected.get();
        const TypeRef *given = variable.type.get();
        if (wanted->kind == TypeRef::NonNull && given->kind != TypeRef::NonNull) {
            const bool variableDefault =
                variable.defaultValue && variable.defaultValue->kind != Value::Null;
            if (!variableDefault && !usage.locationDefault) {
                positionError(usage, variable);
                return;
            }
            wanted = wanted->ofType.get();
        }
        if (!subType(*given, *wanted))
            positionError(usage, variable);
    }

    void positionError(const VariableUsage &usage, const VariableDefinition &variable)
    {
        error(QStringLiteral("Variable \"$%1\" of type \"%2\" used in position expecting type "
                             "\"%3\".")
                  .arg(usage.name, variable.type->toString(), usage.expected->toString()),
              {variable.location, usage.location});
    }

    void inlineFragment(const Selection &s, const NamedType *parent, bool followFragments)
    {
        directives(s.directives, "INLINE_FRAGMENT");
        const NamedType *type = parent;
        if (!s.typeCondition.isEmpty()) {
            type = m_schema.type(s.typeCondition);
            if (!type) {
                error(QStringLiteral("Unknown type \"%1\".").arg(s.typeCondition), {s.location});
            } else if (!type->isComposite()) {
                error(QStringLiteral("Fragment cannot condition on non composite type \"%1\".")
                          .arg(s.typeCondition),
                      {s.location});
                type = nullptr;
            } else if (parent && !canOverlap(*parent, *type)) {
                error(QStringLiteral("Fragment cannot be spread here as objects of type \"%1\" "
                                     "can never be of type \"%2\".")
                          .arg(parent->name, type->name),
                      {s.location});
            }
        }
        selectionSet(s.selectionSet, type, followFragments);
    }

    template<typename Unknown, typename Missing>
    void arguments(const std::vector<Argument> &given, const std::vector<InputValueDef> *defined,
                   Unknown unknown, Missing missing, const SourceLocation &at)
    {
        QHash<QString, const Argument *> seen;
        QHash<QString, std::vector<SourceLocation>> repeated; // one error a name, every place
        QStringList order;
        for (const Argument &a : given) {
            auto &places = repeated[a.name];
            if (places.empty())
                order << a.name;
            places.push_back(a.location);
            seen.insert(a.name, &a);
            const InputValueDef *definition = nullptr;
            if (defined) {
                for (const InputValueDef &d : *defined) {
                    if (d.name == a.name)
                        definition = &d;
                }
                if (!definition)
                    error(unknown(a.name), {a.location});
            }
            usages(a.value, definition ? definition->type : nullptr,
                   definition && definition->defaultValue);
            uniqueInputFields(a.value);
            if (definition)
                valueOfType(a.value, *definition->type);
        }
        for (const QString &name : std::as_const(order)) {
            if (repeated.value(name).size() > 1)
                error(QStringLiteral("There can be only one argument named \"%1\".").arg(name),
                      repeated.value(name));
        }
        if (!defined)
            return;
        for (const InputValueDef &d : *defined) {
            if (d.type->kind == TypeRef::NonNull && !d.defaultValue && !seen.contains(d.name))
                error(missing(d), {at});
        }
    }

    // Values of correct type (5.6.1): a literal must be coercible to the type its position
    // expects; variables are judged by the variable rules.
    void valueOfType(const Value &v, const TypeRef &type)
    {
        const QString typeText = type.toString();
        // A scalar or enum that cannot read the literal says why itself.
        const auto expected = [&](const QString &problem = {}) {
            error(problem.isEmpty() ? QStringLiteral("Expected value of type \"%1\", found %2.")
                                          .arg(typeText, printValue(v))
                                    : problem,
                  {v.location});
        };
        const TypeRef &nullable = type.kind == TypeRef::NonNull ? *type.ofType : type;
        switch (v.kind) {
        case Value::Variable:
            return;
        case Value::Null:
            if (type.kind == TypeRef::NonNull)
                expected();
            return;
        case Value::List:
            if (nullable.kind == TypeRef::List) {
                for (const Value &item : v.list)
                    valueOfType(item, *nullable.ofType);
                return;
            }
            break;
        case Value::Object: {
            const NamedType *input =
                nullable.kind == TypeRef::Named ? m_schema.type(nullable.name) : nullptr;
            if (!input || input->kind != TypeKind::InputObject)
                break;
            for (const InputValueDef &field : input->inputFields) {
                const bool given = std::any_of(v.fields.begin(), v.fields.end(),
                                               [&](const auto &f) { return f.name == field.name; });
                if (!given && field.type->kind == TypeRef::NonNull && !field.defaultValue)
                    error(
                        QStringLiteral("Field \"%1.%2\" of required type \"%3\" was not provided.")
                            .arg(input->name, field.name, field.type->toString()),
                        {v.location});
            }
            for (const ObjectField &field : v.fields) {
                if (const InputValueDef *definition = input->inputField(field.name))
                    valueOfType(field.value, *definition->type);
                else
                    error(QStringLiteral("Field \"%1\" is not defined by type \"%2\".")
                              .arg(field.name, input->name),
                          {field.location});
            }
            return;
        }
        default:
            break;
        }
        // A scalar or enum literal, or a list or object where neither is expected.
        const NamedType *named = m_schema.namedType(type);
        if (!named)
            return;
        if (!named->isLeaf()) {
            expected();
            return;
        }
        const QString printed = printValue(v);
        if (named->kind == TypeKind::Enum) {
            if (v.kind != Value::Enum)
                expected(QStringLiteral("Enum \"%1\" cannot represent non-enum value: %2.")
                             .arg(named->name, printed));
            else if (!named->enumValue(v.text))
                expected(QStringLiteral("Value \"%1\" does not exist in \"%2\" enum.")
                             .arg(printed, named->name));
            return;
        }
        const QString &scalar = named->name;
        if (scalar == u"Int") {
            if (v.kind != Value::Int) {
                expected(QStringLiteral("Int cannot represent non-integer value: ") + printed);
            } else {
                bool ok = false;
                const qint64 number = v.text.toLongLong(&ok);
                if (!ok || number > 2147483647LL || number < -2147483648LL)
                    expected(
                        QStringLiteral("Int cannot represent non 32-bit signed integer value: ") +
                        v.text);
            }
        } else if (scalar == u"Float") {
            if (v.kind != Value::Int && v.kind != Value::Float)
                expected(QStringLiteral("Float cannot represent non numeric value: ") + printed);
        } else if (scalar == u"String") {
            if (v.kind != Value::String)
                expected(QStringLiteral("String cannot represent a non string value: ") + printed);
        } else if (scalar == u"Boolean") {
            if (v.kind != Value::Boolean)
                expected(QStringLiteral("Boolean cannot represent a non boolean value: ") +
                         printed);
        } else if (scalar == u"ID") {
            if (v.kind != Value::String && v.kind != Value::Int)
                expected(
                    QStringLiteral("ID cannot represent a non-string and non-integer value: ") +
                    printed);
        }
        // A custom scalar judges its literal with its own parsing (one without variables).
        const ScalarCoercion &coercion = named->coercion;
        if (named->builtIn || (!coercion.parseLiteral && !coercion.parseValue) ||
            containsVariable(v))
            return;
        try {
            if (coercion.parseLiteral)
                coercion.parseLiteral(v);
            else
                coercion.parseValue(QJsonValue::fromVariant(literalValue(v)));
        } catch (const Error &e) {
            expected(QStringLiteral("Expected value of type \"%1\", found %2; %3")
                         .arg(typeText, printed, e.message()));
        }
    }

    static bool containsVariable(const Value &v)
    {
        if (v.kind == Value::Variable)
            return true;
        for (const Value &item : v.list) {
            if (containsVariable(item))
                return true;
        }
        for (const ObjectField &f : v.fields) {
            if (containsVariable(f.value))
                return true;
        }
        return false;
    }

    // Variable usages and input object field uniqueness inside a value.
    void value(const Value &v)
    {
        usages(v);
        uniqueInputFields(v);
    }

    void uniqueInputFields(const Value &v)
    {
        if (v.kind == Value::Object) {
            QHash<QString, const ObjectField *> seen;
            for (const ObjectField &f : v.fields) {
                if (const ObjectField *first = seen.value(f.name))
                    error(QStringLiteral("There can be only one input field named \"%1\".")
                              .arg(f.name),
                          {first->location, f.location});
                else
                    seen.insert(f.name, &f);
                uniqueInputFields(f.value);
            }
        }
        for (const Value &item : v.list)
            uniqueInputFields(item);
    }

    void directives(const std::vector<Directive> &list, const char *location)
    {
        QHash<QString, const Directive *> seen;
        for (const Directive &d : list) {
            const DirectiveDef *definition = m_schema.directive(d.name);
            if (!definition) {
                error(QStringLiteral("Unknown directive \"@%1\".").arg(d.name), {d.location});
            } else {
                if (!definition->locations.contains(QLatin1String(location)))
                    error(QStringLiteral("Directive \"@%1\" may not be used on %2.")
                              .arg(d.name, QLatin1String(location)),
                          {d.location});
                if (!definition->repeatable) {
                    if (const Directive *first = seen.value(d.name))
                        error(QStringLiteral("The directive \"@%1\" can only be used once at this "
                                             "location.")
                                  .arg(d.name),
                              {first->location, d.location});
                    else
                        seen.insert(d.name, &d);
                }
            }
            arguments(
                d.arguments, definition ? &definition->arguments : nullptr,
                [&](const QString &argument) {
                    return QStringLiteral("Unknown argument \"%1\" on directive \"@%2\".")
                        .arg(argument, d.name);
                },
                [&](const InputValueDef &argument) {
                    return QStringLiteral("Directive \"@%1\" argument \"%2\" of type \"%3\" "
                                          "is required, but it was not provided.")
                        .arg(d.name, argument.name, argument.type->toString());
                },
                d.location);
        }
    }

    void unusedFragments()
    {
        for (const Definition &d : m_document.definitions) {
            if (d.kind == Definition::Fragment && !m_usedFragments.contains(d.name))
                error(QStringLiteral("Fragment \"%1\" is never used.").arg(d.name), {d.location});
        }
    }

    // Spreads of a selection set, fragments not expanded.
    static void spreads(const SelectionSet &set, std::vector<const Selection *> &out)
    {
        for (const Selection &s : set) {
            if (s.kind == Selection::FragmentSpread)
                out.push_back(&s);
            else
                spreads(s.selectionSet, out);
        }
    }

    void fragmentCycles()
    {
        QSet<QString> done;
        for (const Definition &d : m_document.definitions) {
            if (d.kind != Definition::Fragment || done.contains(d.name))
                continue;
            QStringList path;
            QHash<QString, int> onPath;
            detectCycles(d, path, onPath, done);
        }
    }

    void detectCycles(const Definition &fragment, QStringList &path, QHash<QString, int> &onPath,
                      QSet<QString> &done)
    {
        done.insert(fragment.name);
        std::vector<const Selection *> list;
        spreads(fragment.selectionSet, list);
        onPath.insert(fragment.name, int(path.size()));
        path << fragment.name;
        for (const Selection *spread : list) {
            const auto cycleAt = onPath.find(spread->name);
            if (cycleAt == onPath.end()) {
                const Definition *next = m_fragments.value(spread->name);
                if (next && !done.contains(spread->name)) {
                    if (path.size() >= maxSpreadDepth)
                        tooDeep(spread->location);
                    else
                        detectCycles(*next, path, onPath, done);
                }
                continue;
            }
            QStringList via;
            for (const QString &name : path.mid(*cycleAt + 1))
                via << u'"' + name + u'"';
            error(via.isEmpty()
                      ? QStringLiteral("Cannot spread fragment \"%1\" within itself.")
                            .arg(spread->name)
                      : QStringLiteral("Cannot spread fragment \"%1\" within itself via %2.")
                            .arg(spread->name, via.join(QStringLiteral(", "))),
                  {spread->location});
        }
        path.removeLast();
        onPath.remove(fragment.name);
    }

    const Schema &m_schema;
    const Document &m_document;
    std::vector<GraphQLError> m_errors;
    QHash<QString, const Definition *> m_fragments;
    std::vector<VariableUsage> m_usages;
    QSet<QString> m_visited;       // fragments reached by the current operation
    QSet<QString> m_usedFragments; // by any operation
    bool m_silent = false;
    int m_spreadDepth = 0;
    bool m_reportedTooDeep = false;
};

} // namespace

std::vector<GraphQLError> validate(const Schema &schema, const Document &document)
{
    std::vector<GraphQLError> errors = Validation(schema, document).run();
    // As graphql-js: the first errors and a note, so a hostile document cannot make a huge answer.
    constexpr size_t maxErrors = 100;
    if (errors.size() > maxErrors) {
        errors.resize(maxErrors);
        GraphQLError tooMany;
        tooMany.message =
            QStringLiteral("Too many validation errors, error limit reached. Validation aborted.");
        errors.push_back(std::move(tooMany));
    }
    return errors;
}

} // namespace RexOrm::GraphQL
