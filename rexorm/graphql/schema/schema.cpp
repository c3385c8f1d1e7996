#include <rexorm/graphql/parser.h>
#include <rexorm/graphql/schema.h>

#include <QtCore/QRegularExpression>

#include <charconv>
#include <cmath>

namespace RexOrm::GraphQL {

namespace {

const QString defaultDeprecationReason = QStringLiteral("No longer supported");

std::shared_ptr<const TypeRef> named(const QString &name, bool nonNull = false)
{
    auto type = std::make_shared<TypeRef>();
    type->name = name;
    if (!nonNull)
        return type;
    auto wrapper = std::make_shared<TypeRef>();
    wrapper->kind = TypeRef::NonNull;
    wrapper->ofType = type;
    return wrapper;
}

std::shared_ptr<const Value> stringLiteral(const QString &text)
{
    auto value = std::make_shared<Value>();
    value->kind = Value::String;
    value->text = text;
    return value;
}

const Argument *argument(const std::vector<Argument> &arguments, QStringView name)
{
    for (const Argument &a : arguments) {
        if (a.name == name)
            return &a;
    }
    return nullptr;
}

// @deprecated(reason: ...) among a definition's directives.
void readDeprecation(const std::vector<Directive> &directives, bool *deprecated, QString *reason)
{
    for (const Directive &d : directives) {
        if (d.name != u"deprecated")
            continue;
        *deprecated = true;
        const Argument *r = argument(d.arguments, u"reason");
        *reason = r && r->value.kind == Value::String ? r->value.text : defaultDeprecationReason;
    }
}

InputValueDef inputValue(const InputValueDefinition &definition)
{
    InputValueDef v;
    v.name = definition.name;
    v.description = definition.description;
    v.type = definition.type;
    v.defaultValue = definition.defaultValue;
    readDeprecation(definition.directives, &v.deprecated, &v.deprecationReason);
    return v;
}

// The parts of a type definition (or extension) as schema types.
std::vector<FieldDef> fieldsOf(const Definition &d)
{
    std::vector<FieldDef> fields;
    for (const FieldDefinition &fd : d.fieldDefinitions) {
        FieldDef f;
        f.name = fd.name;
        f.description = fd.description;
        f.type = fd.type;
        for (const InputValueDefinition &a : fd.arguments)
            f.arguments.push_back(inputValue(a));
        readDeprecation(fd.directives, &f.deprecated, &f.deprecationReason);
        fields.push_back(std::move(f));
    }
    return fields;
}

std::vector<EnumValueDef> enumValuesOf(const Definition &d)
{
    std::vector<EnumValueDef> values;
    for (const EnumValueDefinition &ev : d.enumValues) {
        EnumValueDef v{ev.name, ev.description, false, {}};
        readDeprecation(ev.directives, &v.deprecated, &v.deprecationReason);
        values.push_back(std::move(v));
    }
    return values;
}

QString specifiedBy(const Definition &d)
{
    for (const Directive &directive : d.directives) {
        if (directive.name == u"specifiedBy") {
            if (const Argument *url = argument(directive.arguments, u"url"))
                return url->value.text;
        }
    }
    return {};
}

NamedType namedTypeFrom(const Definition &d)
{
    NamedType t;
    t.name = d.name;
    t.description = d.description;
    switch (d.kind) {
    case Definition::Scalar:
        t.kind = TypeKind::Scalar;
        t.specifiedByUrl = specifiedBy(d);
        break;
    case Definition::ObjectType:
    case Definition::Interface:
        t.kind = d.kind == Definition::ObjectType ? TypeKind::Object : TypeKind::Interface;
        t.interfaces = d.interfaces;
        t.fields = fieldsOf(d);
        break;
    case Definition::Union:
        t.kind = TypeKind::Union;
        t.members = d.unionMembers;
        break;
    case Definition::Enum:
        t.kind = TypeKind::Enum;
        t.enumValues = enumValuesOf(d);
        break;
    case Definition::InputObject:
        t.kind = TypeKind::InputObject;
        for (const InputValueDefinition &f : d.inputFields)
            t.inputFields.push_back(inputValue(f));
        break;
    default:
        break;
    }
    return t;
}

// The introspection types of the specification (section 4.5), part of every schema.
const std::vector<NamedType> &introspectionTypes()
{
    static const std::vector<NamedType> types = [] {
        const Document document = parse(QStringLiteral(R"(
"""The whole schema: its types, root types and directives."""
type __Schema {
  description: String
  types: [__Type!]!
  queryType: __Type!
  mutationType: __Type
  subscriptionType: __Type
  directives: [__Directive!]!
}
"""A type, or a list or non-null wrapper of one (see kind and ofType)."""
type __Type {
  kind: __TypeKind!
  name: String
  description: String
  specifiedByURL: String
  fields(includeDeprecated: Boolean = false): [__Field!]
  interfaces: [__Type!]
  possibleTypes: [__Type!]
  enumValues(includeDeprecated: Boolean = false): [__EnumValue!]
  inputFields(includeDeprecated: Boolean = false): [__InputValue!]
  ofType: __Type
}
"""What kind of type a __Type describes."""
enum __TypeKind { SCALAR OBJECT INTERFACE UNION ENUM INPUT_OBJECT LIST NON_NULL }
"""A field of an object or interface type."""
type __Field {
  name: String!
  description: String
  args(includeDeprecated: Boolean = false): [__InputValue!]!
  type: __Type!
  isDeprecated: Boolean!
  deprecationReason: String
}
"""An argument or an input object field; defaultValue is a GraphQL literal."""
type __InputValue {
  name: String!
  description: String
  type: __Type!
  defaultValue: String
  isDeprecated: Boolean!
  deprecationReason: String
}
"""A value of an enum type."""
type __EnumValue {
  name: String!
  description: String
  isDeprecated: Boolean!
  deprecationReason: String
}
"""A directive, with where it may be used."""
type __Directive {
  name: String!
  description: String
  isRepeatable: Boolean!
  locations: [__DirectiveLocation!]!
  args(includeDeprecated: Boolean = false): [__InputValue!]!
}
"""Where a directive may be used."""
enum __DirectiveLocation {
  QUERY MUTATION SUBSCRIPTION FIELD FRAGMENT_DEFINITION FRAGMENT_SPREAD INLINE_FRAGMENT
  VARIABLE_DEFINITION SCHEMA SCALAR OBJECT FIELD_DEFINITION ARGUMENT_DEFINITION INTERFACE UNION
  ENUM ENUM_VALUE INPUT_OBJECT INPUT_FIELD_DEFINITION
}
)"));
        std::vector<NamedType> out;
        for (const Definition &d : document.definitions) {
            NamedType t = namedTypeFrom(d);
            t.builtIn = true;
            out.push_back(std::move(t));
        }
        return out;
    }();
    return types;
}

// JavaScript's Number#toString, which graphql-js's printer uses for numbers: the shortest
// round-trip digits, fixed notation from 1e-6 up to 1e21, exponential beyond.
QString javascriptNumber(double value)
{
    if (value == 0)
        return QStringLiteral("0");
    char buffer[64];
    const auto result =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    const std::string text(buffer, result.ptr);
    const auto e = text.find('e');
    std::string mantissa = text.substr(0, e);
    const int exponent = std::stoi(text.substr(e + 1));
    const bool negative = mantissa.front() == '-';
    if (negative)
        mantissa.erase(0, 1);
    std::string digits;
    for (char c : mantissa) {
        if (c != '.')
            digits += c;
    }
    std::string out;
    if (exponent >= 21 || exponent < -6) {
        out = digits.substr(0, 1);
        if (digits.size() > 1)
            out += '.' + digits.substr(1);
        out += exponent > 0 ? "e+" + std::to_string(exponent) : "e" + std::to_string(exponent);
    } else if (exponent >= 0) {
        if (int(digits.size()) <= exponent + 1)
            out = digits + std::string(exponent + 1 - digits.size(), '0');
        else
            out = digits.substr(0, exponent + 1) + '.' + digits.substr(exponent + 1);
    } else {
        out = "0." + std::string(-exponent - 1, '0') + digits;
    }
    return QString::fromStdString((negative ? "-" : "") + out);
}

const QRegularExpression &integerString()
{
    static const QRegularExpression pattern(QStringLiteral("^-?(?:0|[1-9][0-9]*)$"));
    return pattern;
}

Value numberLiteral(double number)
{
    Value v;
    v.text = javascriptNumber(number);
    v.kind = integerString().match(v.text).hasMatch() ? Value::Int : Value::Float;
    return v;
}

} // namespace

void Schema::addField(QStringView type, FieldDef field)
{
    NamedType *t = mutableType(type);
    if (!t || (t->kind != TypeKind::Object && t->kind != TypeKind::Interface))
        throw SchemaError(QStringLiteral("Cannot add the field %1 to %2: there is no object or "
                                         "interface type of that name.")
                              .arg(field.name, type));
    if (t->field(field.name))
        throw SchemaError(QStringLiteral("%1 already has a field named %2.").arg(type, field.name));
    t->fields.push_back(std::move(field));
}

void Schema::setResolver(QStringView type, QStringView field, Resolver resolver)
{
    NamedType *t = mutableType(type);
    if (t) {
        for (FieldDef &f : t->fields) {
            if (f.name == field) {
                f.resolve = std::move(resolver);
                return;
            }
        }
    }
    throw SchemaError(QStringLiteral("Cannot set a resolver for %1.%2: there is no such field.")
                          .arg(type, field));
}

const FieldDef *NamedType::field(QStringView name) const
{
    for (const FieldDef &f : fields) {
        if (f.name == name)
            return &f;
    }
    return nullptr;
}

const InputValueDef *NamedType::inputField(QStringView name) const
{
    for (const InputValueDef &f : inputFields) {
        if (f.name == name)
            return &f;
    }
    return nullptr;
}

const EnumValueDef *NamedType::enumValue(QStringView name) const
{
    for (const EnumValueDef &v : enumValues) {
        if (v.name == name)
            return &v;
    }
    return nullptr;
}

Schema::Schema()
{
    static const std::pair<const char *, const char *> scalars[] = {
        {"Int", "A signed 32-bit integer."},
        {"Float", "A signed double-precision floating-point value."},
        {"String", "A UTF-8 character sequence."},
        {"Boolean", "true or false."},
        {"ID", "A unique identifier, serialized as a string."}};
    for (const auto &[name, description] : scalars) {
        NamedType scalar;
        scalar.name = QLatin1String(name);
        scalar.description = QLatin1String(description);
        scalar.builtIn = true;
        addType(std::move(scalar));
    }
    for (const char *name : {"include", "skip"}) {
        DirectiveDef d;
        d.name = QLatin1String(name);
        d.description =
            name == std::string_view("include")
                ? QStringLiteral("Includes this field or fragment only when `if` is true.")
                : QStringLiteral("Skips this field or fragment when `if` is true.");
        d.arguments.push_back({QStringLiteral("if"),
                               QStringLiteral("The condition."),
                               named(QStringLiteral("Boolean"), true),
                               nullptr,
                               false,
                               {}});
        d.locations = {QStringLiteral("FIELD"), QStringLiteral("FRAGMENT_SPREAD"),
                       QStringLiteral("INLINE_FRAGMENT")};
        d.builtIn = true;
        addDirective(std::move(d));
    }
    DirectiveDef deprecated;
    deprecated.name = QStringLiteral("deprecated");
    deprecated.description = QStringLiteral("Marks an element as no longer supported.");
    deprecated.arguments.push_back({QStringLiteral("reason"),
                                    QStringLiteral("Why, and what to use instead."),
                                    named(QStringLiteral("String")),
                                    stringLiteral(defaultDeprecationReason),
                                    false,
                                    {}});
    deprecated.locations = {QStringLiteral("FIELD_DEFINITION"),
                            QStringLiteral("ARGUMENT_DEFINITION"),
                            QStringLiteral("INPUT_FIELD_DEFINITION"), QStringLiteral("ENUM_VALUE")};
    deprecated.builtIn = true;
    addDirective(std::move(deprecated));
    DirectiveDef specifiedBy;
    specifiedBy.name = QStringLiteral("specifiedBy");
    specifiedBy.description =
        QStringLiteral("Where the behaviour of a custom scalar is specified.");
    specifiedBy.arguments.push_back({QStringLiteral("url"),
                                     QStringLiteral("The specification."),
                                     named(QStringLiteral("String"), true),
                                     nullptr,
                                     false,
                                     {}});
    specifiedBy.locations = {QStringLiteral("SCALAR")};
    specifiedBy.builtIn = true;
    addDirective(std::move(specifiedBy));
    for (const NamedType &type : introspectionTypes())
        addType(type);
}

void Schema::addType(NamedType type)
{
    if (m_typeIndex.contains(type.name))
        throw SchemaError(
            QStringLiteral("There can be only one type named \"%1\".").arg(type.name));
    m_typeIndex.insert(type.name, qsizetype(m_types.size()));
    m_types.push_back(std::make_shared<NamedType>(std::move(type)));
}

void Schema::addDirective(DirectiveDef directive)
{
    if (this->directive(directive.name))
        throw SchemaError(
            QStringLiteral("There can be only one directive named \"@%1\".").arg(directive.name));
    m_directives.push_back(std::move(directive));
}

NamedType *Schema::mutableType(QStringView name)
{
    const auto it = m_typeIndex.constFind(name.toString());
    return it == m_typeIndex.constEnd() ? nullptr : m_types[size_t(*it)].get();
}

const NamedType *Schema::type(QStringView name) const
{
    const auto it = m_typeIndex.constFind(name.toString());
    return it == m_typeIndex.constEnd() ? nullptr : m_types[size_t(*it)].get();
}

const DirectiveDef *Schema::directive(QStringView name) const
{
    for (const DirectiveDef &d : m_directives) {
        if (d.name == name)
            return &d;
    }
    return nullptr;
}

void Schema::setRootTypes(const QString &query, const QString &mutation,
                          const QString &subscription)
{
    m_queryType = query;
    m_mutationType = mutation;
    m_subscriptionType = subscription;
}

const NamedType *Schema::namedType(const TypeRef &type) const
{
    const TypeRef *at = &type;
    while (at->kind != TypeRef::Named)
        at = at->ofType.get();
    return this->type(at->name);
}

std::vector<const NamedType *> Schema::possibleTypes(const NamedType &abstractType) const
{
    std::vector<const NamedType *> out;
    if (abstractType.kind == TypeKind::Union) {
        for (const QString &member : abstractType.members) {
            if (const NamedType *t = type(member))
                out.push_back(t);
        }
    } else if (abstractType.kind == TypeKind::Interface) {
        for (const auto &t : m_types) {
            if (t->kind == TypeKind::Object && std::find(t->interfaces.begin(), t->interfaces.end(),
                                                         abstractType.name) != t->interfaces.end())
                out.push_back(t.get());
        }
    } else if (abstractType.kind == TypeKind::Object) {
        out.push_back(&abstractType);
    }
    return out;
}

void Schema::check() const
{
    const auto resolve = [&](const TypeRef &ref, bool input, const QString &where) {
        const NamedType *t = namedType(ref);
        if (!t)
            throw SchemaError(QStringLiteral("Unknown type \"%1\" (%2).")
                                  .arg(namedType(ref) ? QString() : ref.toString(), where));
        if (input && !t->isInputType())
            throw SchemaError(QStringLiteral("The type of %1 must be an input type, not %2.")
                                  .arg(where, ref.toString()));
        if (!input && !t->isOutputType())
            throw SchemaError(QStringLiteral("The type of %1 must be an output type, not %2.")
                                  .arg(where, ref.toString()));
    };
    if (m_queryType.isEmpty() || !type(m_queryType))
        throw SchemaError(QStringLiteral("A schema needs a query root type."));
    for (const QString &root : {m_queryType, m_mutationType, m_subscriptionType}) {
        if (root.isEmpty())
            continue;
        const NamedType *t = type(root);
        if (!t || t->kind != TypeKind::Object)
            throw SchemaError(QStringLiteral("The root type %1 must be an object type.").arg(root));
    }
    for (const auto &t : m_types) {
        for (const FieldDef &f : t->fields) {
            resolve(*f.type, false, QStringLiteral("%1.%2").arg(t->name, f.name));
            for (const InputValueDef &a : f.arguments)
                resolve(*a.type, true, QStringLiteral("%1.%2(%3:)").arg(t->name, f.name, a.name));
        }
        for (const InputValueDef &f : t->inputFields)
            resolve(*f.type, true, QStringLiteral("%1.%2").arg(t->name, f.name));
        for (const QString &i : t->interfaces) {
            const NamedType *it = type(i);
            if (!it || it->kind != TypeKind::Interface)
                throw SchemaError(
                    QStringLiteral("%1 implements %2, which is not an interface.").arg(t->name, i));
        }
        for (const QString &m : t->members) {
            const NamedType *mt = type(m);
            if (!mt || mt->kind != TypeKind::Object)
                throw SchemaError(QStringLiteral("Union %1 has member %2, which is not an object "
                                                 "type.")
                                      .arg(t->name, m));
        }
    }
    for (const DirectiveDef &d : m_directives) {
        for (const InputValueDef &a : d.arguments)
            resolve(*a.type, true, QStringLiteral("@%1(%2:)").arg(d.name, a.name));
    }
}

Schema Schema::fromSdl(const QString &sdl)
{
    const Document document = parse(sdl);
    Schema schema;
    const Definition *schemaDefinition = nullptr;
    std::vector<const Definition *> extensions;
    for (const Definition &d : document.definitions) {
        if (d.isExecutable())
            throw SchemaError(QStringLiteral("A schema holds no operations or fragments (line %1).")
                                  .arg(d.location.line));
        if (d.extension) {
            extensions.push_back(&d);
            continue;
        }
        switch (d.kind) {
        case Definition::Schema:
            if (schemaDefinition)
                throw SchemaError(QStringLiteral("Must provide only one schema definition."));
            schemaDefinition = &d;
            break;
        case Definition::DirectiveDefinition: {
            DirectiveDef directive;
            directive.name = d.name;
            directive.description = d.description;
            for (const InputValueDefinition &a : d.inputFields)
                directive.arguments.push_back(inputValue(a));
            for (const QString &location : d.locations)
                directive.locations << location;
            directive.repeatable = d.repeatable;
            schema.addDirective(std::move(directive));
            break;
        }
        default: {
            NamedType t = namedTypeFrom(d);
            schema.addType(std::move(t));
        }
        }
    }
    for (const Definition *d : extensions) {
        if (d->kind == Definition::Schema) {
            if (!schemaDefinition)
                throw SchemaError(QStringLiteral("Cannot extend a schema that defines none."));
            continue; // root types of extensions are read below
        }
        NamedType *t = schema.mutableType(d->name);
        if (!t || t->builtIn)
            throw SchemaError(QStringLiteral("Cannot extend type \"%1\" because it is not defined.")
                                  .arg(d->name));
        for (const QString &i : d->interfaces)
            t->interfaces.push_back(i);
        for (FieldDef &f : fieldsOf(*d))
            t->fields.push_back(std::move(f));
        for (const QString &m : d->unionMembers)
            t->members.push_back(m);
        for (EnumValueDef &v : enumValuesOf(*d))
            t->enumValues.push_back(std::move(v));
        for (const InputValueDefinition &f : d->inputFields)
            t->inputFields.push_back(inputValue(f));
        if (d->kind == Definition::Scalar && !specifiedBy(*d).isEmpty())
            t->specifiedByUrl = specifiedBy(*d);
    }
    QString roots[3];
    if (schemaDefinition) {
        schema.setDescription(schemaDefinition->description);
        std::vector<const Definition *> all = {schemaDefinition};
        for (const Definition *d : extensions) {
            if (d->kind == Definition::Schema)
                all.push_back(d);
        }
        for (const Definition *d : all) {
            for (const auto &[operation, name] : d->rootTypes)
                roots[int(operation)] = name;
        }
    } else {
        const QString names[] = {QStringLiteral("Query"), QStringLiteral("Mutation"),
                                 QStringLiteral("Subscription")};
        for (int i = 0; i < 3; ++i) {
            if (schema.type(names[i]))
                roots[i] = names[i];
        }
    }
    schema.setRootTypes(roots[0], roots[1], roots[2]);
    schema.check();
    return schema;
}

// --- printing ----------------------------------------------------------------------------

QString printString(const QString &value)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : value) {
        const char16_t u = c.unicode();
        switch (u) {
        case u'"':
            out += QStringLiteral("\\\"");
            continue;
        case u'\\':
            out += QStringLiteral("\\\\");
            continue;
        case u'\b':
            out += QStringLiteral("\\b");
            continue;
        case u'\t':
            out += QStringLiteral("\\t");
            continue;
        case u'\n':
            out += QStringLiteral("\\n");
            continue;
        case u'\f':
            out += QStringLiteral("\\f");
            continue;
        case u'\r':
            out += QStringLiteral("\\r");
            continue;
        default:
            break;
        }
        if (u < 0x20 || (u >= 0x7F && u <= 0x9F))
            out += QStringLiteral("\\u%1")
                       .arg(int(u), 4, 16, QLatin1Char('0'))
                       .toUpper()
                       .replace(QStringLiteral("\\U"), QStringLiteral("\\u"));
        else
            out += c;
    }
    return out + u'"';
}

bool isPrintableAsBlockString(const QString &value)
{
    if (value.isEmpty())
        return true;
    bool isEmptyLine = true;
    bool hasIndent = false;
    bool hasCommonIndent = true;
    bool seenNonEmptyLine = false;
    for (const QChar c : value) {
        switch (c.unicode()) {
        case 0x0000:
        case 0x0001:
        case 0x0002:
        case 0x0003:
        case 0x0004:
        case 0x0005:
        case 0x0006:
        case 0x0007:
        case 0x0008:
        case 0x000B:
        case 0x000C:
        case 0x000E:
        case 0x000F:
            return false; // not printable
        case 0x000D:
            return false; // \r would come back as \n
        case 0x000A:
            if (isEmptyLine && !seenNonEmptyLine)
                return false; // a leading blank line would be lost
            seenNonEmptyLine = true;
            isEmptyLine = true;
            hasIndent = false;
            break;
        case 0x0009:
        case 0x0020:
            hasIndent = hasIndent || isEmptyLine;
            break;
        default:
            hasCommonIndent = hasCommonIndent && hasIndent;
            isEmptyLine = false;
        }
    }
    if (isEmptyLine)
        return false; // trailing blank lines would be lost
    if (hasCommonIndent && seenNonEmptyLine)
        return false; // the common indentation would be lost
    return true;
}

QString printBlockString(const QString &value)
{
    QString escaped = value;
    escaped.replace(QStringLiteral("\"\"\""), QStringLiteral("\\\"\"\""));
    static const QRegularExpression lineBreak(QStringLiteral("\r\n|[\n\r]"));
    const QStringList lines = escaped.split(lineBreak);
    const bool isSingleLine = lines.size() == 1;
    const auto isWhiteSpace = [](QChar c) { return c == u' ' || c == u'\t'; };
    bool forceLeadingNewLine = lines.size() > 1;
    for (qsizetype i = 1; i < lines.size() && forceLeadingNewLine; ++i)
        forceLeadingNewLine = lines[i].isEmpty() || isWhiteSpace(lines[i][0]);
    const bool hasTrailingTripleQuotes = escaped.endsWith(QStringLiteral("\\\"\"\""));
    const bool hasTrailingQuote = value.endsWith(u'"') && !hasTrailingTripleQuotes;
    const bool hasTrailingSlash = value.endsWith(u'\\');
    const bool forceTrailingNewline = hasTrailingQuote || hasTrailingSlash;
    const bool printAsMultipleLines = !isSingleLine || value.size() > 70 || forceTrailingNewline ||
                                      forceLeadingNewLine || hasTrailingTripleQuotes;
    QString result;
    const bool skipLeadingNewLine = isSingleLine && !value.isEmpty() && isWhiteSpace(value[0]);
    if ((printAsMultipleLines && !skipLeadingNewLine) || forceLeadingNewLine)
        result += u'\n';
    result += escaped;
    if (printAsMultipleLines || forceTrailingNewline)
        result += u'\n';
    return QStringLiteral("\"\"\"") + result + QStringLiteral("\"\"\"");
}

QString printValue(const Value &value)
{
    switch (value.kind) {
    case Value::Variable:
        return u'$' + value.text;
    case Value::Int:
    case Value::Float:
    case Value::Enum:
        return value.text;
    case Value::String:
        return value.block ? printBlockString(value.text) : printString(value.text);
    case Value::Boolean:
        return value.boolean ? QStringLiteral("true") : QStringLiteral("false");
    case Value::Null:
        return QStringLiteral("null");
    case Value::List: {
        QStringList items;
        for (const Value &item : value.list)
            items << printValue(item);
        return u'[' + items.join(QStringLiteral(", ")) + u']';
    }
    case Value::Object: {
        QStringList fields;
        for (const ObjectField &field : value.fields)
            fields << field.name + QStringLiteral(": ") + printValue(field.value);
        return u'{' + fields.join(QStringLiteral(", ")) + u'}';
    }
    }
    return {};
}

namespace {

// A default value as graphql-js prints it: coerced to the argument's type and turned back into
// a literal (astFromValue(valueFromAST(...))). Returns false when it does not coerce, in which
// case no default is printed.
bool canonicalDefault(const Schema &schema, const Value &literal, const TypeRef &type, Value *out,
                      int depth = 0)
{
    if (depth > 32)
        return false; // input types that default to themselves: nothing printable
    if (type.kind == TypeRef::NonNull) {
        if (literal.kind == Value::Null)
            return false;
        return canonicalDefault(schema, literal, *type.ofType, out, depth);
    }
    if (literal.kind == Value::Null) {
        out->kind = Value::Null;
        return true;
    }
    if (type.kind == TypeRef::List) {
        Value list;
        list.kind = Value::List;
        if (literal.kind == Value::List) {
            for (const Value &item : literal.list) {
                Value coerced;
                if (!canonicalDefault(schema, item, *type.ofType, &coerced, depth + 1))
                    return false; // one bad item: no value at all
                list.list.push_back(std::move(coerced));
            }
        } else {
            Value coerced;
            if (!canonicalDefault(schema, literal, *type.ofType, &coerced, depth + 1))
                return false;
            list.list.push_back(std::move(coerced));
        }
        *out = std::move(list);
        return true;
    }
    const NamedType *t = schema.type(type.name);
    if (!t)
        return false;
    if (t->kind == TypeKind::InputObject) {
        if (literal.kind != Value::Object)
            return false;
        Value object;
        object.kind = Value::Object;
        // Fields the type does not have are left out, as graphql-js's coercion does.
        for (const InputValueDef &field : t->inputFields) {
            const ObjectField *given = nullptr;
            for (const ObjectField &f : literal.fields) {
                if (f.name == field.name)
                    given = &f;
            }
            Value coerced;
            if (given) {
                if (!canonicalDefault(schema, given->value, *field.type, &coerced, depth + 1))
                    return false;
            } else if (field.defaultValue) {
                if (!canonicalDefault(schema, *field.defaultValue, *field.type, &coerced,
                                      depth + 1)) {
                    if (field.type->kind == TypeRef::NonNull)
                        return false;
                    continue;
                }
            } else {
                if (field.type->kind == TypeRef::NonNull)
                    return false;
                continue;
            }
            object.fields.push_back({field.name, std::move(coerced), {}});
        }
        *out = std::move(object);
        return true;
    }
    if (t->kind == TypeKind::Enum) {
        if (literal.kind != Value::Enum || !t->enumValue(literal.text))
            return false;
        *out = literal;
        return true;
    }
    const QString &name = t->name;
    if (name == u"Int") {
        if (literal.kind != Value::Int)
            return false;
        bool ok = false;
        const qint64 number = literal.text.toLongLong(&ok);
        if (!ok || number > 2147483647LL || number < -2147483648LL)
            return false;
        *out = numberLiteral(double(number));
        return true;
    }
    if (name == u"Float") {
        if (literal.kind != Value::Int && literal.kind != Value::Float)
            return false;
        const double number = literal.text.toDouble();
        if (!std::isfinite(number))
            return false;
        *out = numberLiteral(number);
        return true;
    }
    if (name == u"String") {
        if (literal.kind != Value::String)
            return false;
        out->kind = Value::String;
        out->text = literal.text;
        return true;
    }
    if (name == u"Boolean") {
        if (literal.kind != Value::Boolean)
            return false;
        *out = literal;
        return true;
    }
    if (name == u"ID") {
        if (literal.kind != Value::String && literal.kind != Value::Int)
            return false;
        out->text = literal.text;
        out->kind = integerString().match(literal.text).hasMatch() ? Value::Int : Value::String;
        return true;
    }
    // A custom scalar: its literal as a plain value, printed back.
    switch (literal.kind) {
    case Value::Int:
    case Value::Float:
        *out = numberLiteral(literal.text.toDouble());
        return true;
    case Value::String:
        out->kind = Value::String;
        out->text = literal.text;
        return true;
    case Value::Boolean:
        *out = literal;
        return true;
    case Value::Enum:
        out->kind = Value::String;
        out->text = literal.text;
        return true;
    default:
        return false;
    }
}

QString printDescription(const QString &description, const QString &indentation = {},
                         bool firstInBlock = true)
{
    if (description.isNull())
        return {};
    Value literal;
    literal.kind = Value::String;
    literal.text = description;
    literal.block = isPrintableAsBlockString(description);
    const QString prefix =
        !indentation.isEmpty() && !firstInBlock ? u'\n' + indentation : indentation;
    QString printed = printValue(literal);
    printed.replace(u'\n', u'\n' + indentation);
    return prefix + printed + u'\n';
}

QString printDeprecated(bool deprecated, const QString &reason)
{
    if (!deprecated)
        return {};
    if (reason != defaultDeprecationReason)
        return QStringLiteral(" @deprecated(reason: %1)").arg(printString(reason));
    return QStringLiteral(" @deprecated");
}

QString printInputValue(const Schema &schema, const InputValueDef &value)
{
    QString out = value.name + QStringLiteral(": ") + value.type->toString();
    Value canonical;
    if (value.defaultValue &&
        canonicalDefault(schema, *value.defaultValue, *value.type, &canonical))
        out += QStringLiteral(" = ") + printValue(canonical);
    return out + printDeprecated(value.deprecated, value.deprecationReason);
}

QString printArguments(const Schema &schema, const std::vector<InputValueDef> &arguments,
                       const QString &indentation = {})
{
    if (arguments.empty())
        return {};
    const bool anyDescription = std::any_of(arguments.begin(), arguments.end(),
                                            [](const auto &a) { return !a.description.isEmpty(); });
    QStringList printed;
    if (!anyDescription) {
        for (const InputValueDef &a : arguments)
            printed << printInputValue(schema, a);
        return u'(' + printed.join(QStringLiteral(", ")) + u')';
    }
    for (size_t i = 0; i < arguments.size(); ++i)
        printed << printDescription(arguments[i].description, QStringLiteral("  ") + indentation,
                                    i == 0) +
                       QStringLiteral("  ") + indentation + printInputValue(schema, arguments[i]);
    return QStringLiteral("(\n") + printed.join(u'\n') + u'\n' + indentation + u')';
}

QString printBlock(const QStringList &items)
{
    return items.isEmpty() ? QString()
                           : QStringLiteral(" {\n") + items.join(u'\n') + QStringLiteral("\n}");
}

QString descriptionOf(const QString &text)
{
    return text; // an empty description ("") is printed, a missing one (null) is not
}

} // namespace

QString Schema::toSdl() const
{
    return printSdl(false);
}

QString Schema::introspectionSdl() const
{
    return printSdl(true);
}

QString Schema::printSdl(bool introspection) const
{
    QStringList parts;
    const bool commonNames =
        (m_queryType.isEmpty() || m_queryType == u"Query") &&
        (m_mutationType.isEmpty() || m_mutationType == u"Mutation") &&
        (m_subscriptionType.isEmpty() || m_subscriptionType == u"Subscription");
    if (!introspection && (!m_description.isEmpty() || !commonNames)) {
        QStringList roots;
        if (!m_queryType.isEmpty())
            roots << QStringLiteral("  query: ") + m_queryType;
        if (!m_mutationType.isEmpty())
            roots << QStringLiteral("  mutation: ") + m_mutationType;
        if (!m_subscriptionType.isEmpty())
            roots << QStringLiteral("  subscription: ") + m_subscriptionType;
        parts << printDescription(descriptionOf(m_description)) + QStringLiteral("schema {\n") +
                     roots.join(u'\n') + QStringLiteral("\n}");
    }
    for (const DirectiveDef &d : m_directives) {
        if (d.builtIn != introspection)
            continue;
        parts << printDescription(descriptionOf(d.description)) + QStringLiteral("directive @") +
                     d.name + printArguments(*this, d.arguments) +
                     (d.repeatable ? QStringLiteral(" repeatable") : QString()) +
                     QStringLiteral(" on ") + d.locations.join(QStringLiteral(" | "));
    }
    for (const auto &t : m_types) {
        if (introspection ? !t->name.startsWith(u"__") : t->builtIn)
            continue;
        const QString head = printDescription(descriptionOf(t->description));
        const auto implements = [&] {
            QStringList names;
            for (const QString &i : t->interfaces)
                names << i;
            return names.isEmpty()
                       ? QString()
                       : QStringLiteral(" implements ") + names.join(QStringLiteral(" & "));
        };
        const auto fields = [&] {
            QStringList items;
            for (size_t i = 0; i < t->fields.size(); ++i) {
                const FieldDef &f = t->fields[i];
                items << printDescription(descriptionOf(f.description), QStringLiteral("  "),
                                          i == 0) +
                             QStringLiteral("  ") + f.name +
                             printArguments(*this, f.arguments, QStringLiteral("  ")) +
                             QStringLiteral(": ") + f.type->toString() +
                             printDeprecated(f.deprecated, f.deprecationReason);
            }
            return printBlock(items);
        };
        switch (t->kind) {
        case TypeKind::Scalar:
            parts << head + QStringLiteral("scalar ") + t->name +
                         (t->specifiedByUrl.isEmpty() ? QString()
                                                      : QStringLiteral(" @specifiedBy(url: %1)")
                                                            .arg(printString(t->specifiedByUrl)));
            break;
        case TypeKind::Object:
            parts << head + QStringLiteral("type ") + t->name + implements() + fields();
            break;
        case TypeKind::Interface:
            parts << head + QStringLiteral("interface ") + t->name + implements() + fields();
            break;
        case TypeKind::Union: {
            QStringList members;
            for (const QString &m : t->members)
                members << m;
            parts << head + QStringLiteral("union ") + t->name +
                         (members.isEmpty()
                              ? QString()
                              : QStringLiteral(" = ") + members.join(QStringLiteral(" | ")));
            break;
        }
        case TypeKind::Enum: {
            QStringList items;
            for (size_t i = 0; i < t->enumValues.size(); ++i) {
                const EnumValueDef &v = t->enumValues[i];
                items << printDescription(descriptionOf(v.description), QStringLiteral("  "),
                                          i == 0) +
                             QStringLiteral("  ") + v.name +
                             printDeprecated(v.deprecated, v.deprecationReason);
            }
            parts << head + QStringLiteral("enum ") + t->name + printBlock(items);
            break;
        }
        case TypeKind::InputObject: {
            QStringList items;
            for (size_t i = 0; i < t->inputFields.size(); ++i)
                items << printDescription(descriptionOf(t->inputFields[i].description),
                                          QStringLiteral("  "), i == 0) +
                             QStringLiteral("  ") + printInputValue(*this, t->inputFields[i]);
            parts << head + QStringLiteral("input ") + t->name + printBlock(items);
            break;
        }
        }
    }
    return parts.join(QStringLiteral("\n\n"));
}

} // namespace RexOrm::GraphQL
