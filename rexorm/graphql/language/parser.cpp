#include "lexer_p.h"

#include <QtCore/QSet>

namespace RexOrm::GraphQL {

QString TypeRef::toString() const
{
    switch (kind) {
    case Named:
        return name;
    case List:
        return u'[' + ofType->toString() + u']';
    case NonNull:
        return ofType->toString() + u'!';
    }
    return {};
}

QString operationTypeName(OperationType type)
{
    switch (type) {
    case OperationType::Query:
        return QStringLiteral("query");
    case OperationType::Mutation:
        return QStringLiteral("mutation");
    case OperationType::Subscription:
        return QStringLiteral("subscription");
    }
    return {};
}

QJsonObject GraphQLError::toJson() const
{
    QJsonObject object{{QStringLiteral("message"), message}};
    if (!locations.empty()) {
        QJsonArray list;
        for (const SourceLocation &location : locations)
            list << QJsonObject{{QStringLiteral("line"), location.line},
                                {QStringLiteral("column"), location.column}};
        object.insert(QStringLiteral("locations"), list);
    }
    if (!path.isEmpty())
        object.insert(QStringLiteral("path"), path);
    if (!extensions.isEmpty())
        object.insert(QStringLiteral("extensions"), extensions);
    return object;
}

SyntaxError::SyntaxError(GraphQLError error) : Error(error.message), m_error(std::move(error)) {}

namespace {

// Recursive descent over the grammar of the specification's appendix B, with the error
// messages graphql-js gives, so tools and people see familiar wording.
class Parser
{
public:
    Parser(const QString &source, const ParseOptions &options) : m_lexer(source), m_options(options)
    {
        m_lexer.advance(); // the first real token
        countToken();
    }

    Document document()
    {
        Document document;
        do {
            document.definitions.push_back(definition());
        } while (!peek(Token::EndOfFile));
        return document;
    }

    Value standaloneValue()
    {
        Value v = value(false);
        expect(Token::EndOfFile);
        return v;
    }

    std::shared_ptr<const TypeRef> standaloneType()
    {
        auto type = typeReference();
        expect(Token::EndOfFile);
        return type;
    }

private:
    const Token &token() const { return m_lexer.token(); }
    bool peek(Token::Kind kind) const { return token().kind == kind; }

    void countToken()
    {
        if (m_options.maxTokens > 0 && token().kind != Token::EndOfFile &&
            ++m_tokens > m_options.maxTokens)
            m_lexer.fail(token().start,
                         QStringLiteral("Document contains more than %1 tokens. Parsing aborted.")
                             .arg(m_options.maxTokens));
    }

    Token advance()
    {
        Token current = token();
        m_lexer.advance();
        countToken();
        return current;
    }

    [[noreturn]] void unexpected(const Token &at) const
    {
        m_lexer.fail(at.start, QStringLiteral("Unexpected %1.").arg(at.description()));
    }

    Token expect(Token::Kind kind)
    {
        if (!peek(kind))
            m_lexer.fail(token().start,
                         QStringLiteral("Expected %1, found %2.")
                             .arg(Token::kindDescription(kind), token().description()));
        return advance();
    }

    bool expectOptional(Token::Kind kind)
    {
        if (!peek(kind))
            return false;
        advance();
        return true;
    }

    void expectKeyword(const QString &keyword)
    {
        if (peek(Token::Name) && token().value == keyword) {
            advance();
            return;
        }
        m_lexer.fail(
            token().start,
            QStringLiteral("Expected \"%1\", found %2.").arg(keyword, token().description()));
    }

    bool expectOptionalKeyword(const QString &keyword)
    {
        if (peek(Token::Name) && token().value == keyword) {
            advance();
            return true;
        }
        return false;
    }

    // open item+ close, or nothing at all when the next token is not open.
    template<typename F> auto optionalMany(Token::Kind open, Token::Kind close, F item)
    {
        std::vector<decltype(item())> list;
        if (!expectOptional(open))
            return list;
        do {
            list.push_back(item());
        } while (!expectOptional(close));
        return list;
    }

    // [delimiter] Name (delimiter Name)*: implemented interfaces, union members.
    std::vector<QString> delimitedNames(Token::Kind delimiter)
    {
        std::vector<QString> list;
        expectOptional(delimiter);
        do {
            list.push_back(name());
        } while (expectOptional(delimiter));
        return list;
    }

    // Guards the recursion: a document nested deeper than the limit is refused, not a crash.
    struct Depth
    {
        Depth(Parser &parser) : m_parser(parser)
        {
            if (++parser.m_depth > parser.m_options.maxDepth)
                parser.m_lexer.fail(parser.token().start,
                                    QStringLiteral("Document is nested too deeply (more than %1 "
                                                   "levels).")
                                        .arg(parser.m_options.maxDepth));
        }
        ~Depth() { --m_parser.m_depth; }
        Parser &m_parser;
    };

    QString name() { return expect(Token::Name).value; }

    Definition definition()
    {
        if (peek(Token::BraceL))
            return operation();
        const bool described = peek(Token::String) || peek(Token::BlockString);
        const Token keyword = described ? m_lexer.lookahead() : token();
        if (keyword.kind == Token::Name) {
            static const QSet<QString> typeSystem = {
                QStringLiteral("schema"),    QStringLiteral("scalar"),   QStringLiteral("type"),
                QStringLiteral("interface"), QStringLiteral("union"),    QStringLiteral("enum"),
                QStringLiteral("input"),     QStringLiteral("directive")};
            if (typeSystem.contains(keyword.value))
                return typeSystemDefinition();
            if (described)
                m_lexer.fail(token().start,
                             QStringLiteral("Unexpected description, descriptions are supported "
                                            "only on type definitions."));
            if (keyword.value == u"query" || keyword.value == u"mutation" ||
                keyword.value == u"subscription")
                return operation();
            if (keyword.value == u"fragment")
                return fragmentDefinition();
            if (keyword.value == u"extend")
                return typeSystemExtension();
        }
        unexpected(keyword);
    }

    OperationType operationType()
    {
        const Token at = expect(Token::Name);
        if (at.value == u"query")
            return OperationType::Query;
        if (at.value == u"mutation")
            return OperationType::Mutation;
        if (at.value == u"subscription")
            return OperationType::Subscription;
        unexpected(at);
    }

    Definition operation()
    {
        Definition d;
        d.kind = Definition::Operation;
        d.location = token().location();
        if (peek(Token::BraceL)) {
            d.selectionSet = selectionSet();
            return d;
        }
        d.operation = operationType();
        if (peek(Token::Name))
            d.name = name();
        if (peek(Token::ParenL)) {
            advance();
            do {
                d.variables.push_back(variableDefinition());
            } while (!expectOptional(Token::ParenR));
        }
        d.directives = directives(false);
        d.selectionSet = selectionSet();
        return d;
    }

    VariableDefinition variableDefinition()
    {
        VariableDefinition v;
        v.location = token().location();
        expect(Token::Dollar);
        v.name = name();
        expect(Token::Colon);
        v.type = typeReference();
        if (expectOptional(Token::Equals))
            v.defaultValue = std::make_shared<const Value>(value(true));
        v.directives = directives(true);
        return v;
    }

    SelectionSet selectionSet()
    {
        Depth depth(*this);
        expect(Token::BraceL);
        SelectionSet set;
        do {
            set.push_back(selection());
        } while (!expectOptional(Token::BraceR));
        return set;
    }

    Selection selection()
    {
        Selection s;
        s.location = token().location();
        if (expectOptional(Token::Spread)) {
            const bool hasTypeCondition = expectOptionalKeyword(QStringLiteral("on"));
            if (!hasTypeCondition && peek(Token::Name)) {
                s.kind = Selection::FragmentSpread;
                s.name = fragmentName();
                s.directives = directives(false);
                return s;
            }
            s.kind = Selection::InlineFragment;
            if (hasTypeCondition)
                s.typeCondition = name();
            s.directives = directives(false);
            s.selectionSet = selectionSet();
            return s;
        }
        s.kind = Selection::Field;
        const QString first = name();
        if (expectOptional(Token::Colon)) {
            s.alias = first;
            s.name = name();
        } else {
            s.name = first;
        }
        s.arguments = arguments(false);
        s.directives = directives(false);
        if (peek(Token::BraceL))
            s.selectionSet = selectionSet();
        return s;
    }

    QString fragmentName()
    {
        if (peek(Token::Name) && token().value == u"on")
            unexpected(token());
        return name();
    }

    Definition fragmentDefinition()
    {
        Definition d;
        d.kind = Definition::Fragment;
        d.location = token().location();
        expectKeyword(QStringLiteral("fragment"));
        d.name = fragmentName();
        expectKeyword(QStringLiteral("on"));
        d.typeCondition = name();
        d.directives = directives(false);
        d.selectionSet = selectionSet();
        return d;
    }

    std::vector<Argument> arguments(bool isConst)
    {
        return optionalMany(Token::ParenL, Token::ParenR, [this, isConst] {
            Argument a;
            a.location = token().location();
            a.name = name();
            expect(Token::Colon);
            a.value = value(isConst);
            return a;
        });
    }

    std::vector<Directive> directives(bool isConst)
    {
        std::vector<Directive> list;
        while (peek(Token::At)) {
            Directive d;
            d.location = token().location();
            advance();
            d.name = name();
            d.arguments = arguments(isConst);
            list.push_back(std::move(d));
        }
        return list;
    }

    Value value(bool isConst)
    {
        Value v;
        v.location = token().location();
        switch (token().kind) {
        case Token::BracketL: {
            Depth depth(*this);
            advance();
            v.kind = Value::List;
            while (!expectOptional(Token::BracketR))
                v.list.push_back(value(isConst));
            return v;
        }
        case Token::BraceL: {
            Depth depth(*this);
            advance();
            v.kind = Value::Object;
            while (!expectOptional(Token::BraceR)) {
                ObjectField field;
                field.location = token().location();
                field.name = name();
                expect(Token::Colon);
                field.value = value(isConst);
                v.fields.push_back(std::move(field));
            }
            return v;
        }
        case Token::Int:
            v.kind = Value::Int;
            v.text = advance().value;
            return v;
        case Token::Float:
            v.kind = Value::Float;
            v.text = advance().value;
            return v;
        case Token::String:
        case Token::BlockString:
            v.kind = Value::String;
            v.block = token().kind == Token::BlockString;
            v.text = advance().value;
            return v;
        case Token::Name: {
            const Token at = advance();
            if (at.value == u"true" || at.value == u"false") {
                v.kind = Value::Boolean;
                v.boolean = at.value == u"true";
            } else if (at.value == u"null") {
                v.kind = Value::Null;
            } else {
                v.kind = Value::Enum;
                v.text = at.value;
            }
            return v;
        }
        case Token::Dollar:
            if (isConst) {
                const Token next = m_lexer.lookahead();
                if (next.kind == Token::Name)
                    m_lexer.fail(token().start,
                                 QStringLiteral("Unexpected variable \"$%1\" in constant value.")
                                     .arg(next.value));
                unexpected(token());
            }
            advance();
            v.kind = Value::Variable;
            v.text = name();
            return v;
        default:
            unexpected(token());
        }
    }

    std::shared_ptr<const TypeRef> typeReference()
    {
        Depth depth(*this);
        auto type = std::make_shared<TypeRef>();
        type->location = token().location();
        if (expectOptional(Token::BracketL)) {
            type->kind = TypeRef::List;
            type->ofType = typeReference();
            expect(Token::BracketR);
        } else {
            type->name = name();
        }
        if (peek(Token::Bang)) {
            auto nonNull = std::make_shared<TypeRef>();
            nonNull->location = type->location;
            nonNull->kind = TypeRef::NonNull;
            nonNull->ofType = type;
            advance();
            return nonNull;
        }
        return type;
    }

    // --- type system (SDL) -----------------------------------------------------------------

    QString description()
    {
        if (peek(Token::String) || peek(Token::BlockString))
            return advance().value;
        return {};
    }

    std::vector<QString> implementsInterfaces()
    {
        if (!expectOptionalKeyword(QStringLiteral("implements")))
            return {};
        return delimitedNames(Token::Amp);
    }

    InputValueDefinition inputValueDefinition()
    {
        InputValueDefinition v;
        v.description = description();
        v.location = token().location();
        v.name = name();
        expect(Token::Colon);
        v.type = typeReference();
        if (expectOptional(Token::Equals))
            v.defaultValue = std::make_shared<const Value>(value(true));
        v.directives = directives(true);
        return v;
    }

    std::vector<InputValueDefinition> argumentDefinitions()
    {
        return optionalMany(Token::ParenL, Token::ParenR,
                            [this] { return inputValueDefinition(); });
    }

    std::vector<FieldDefinition> fieldDefinitions()
    {
        return optionalMany(Token::BraceL, Token::BraceR, [this] {
            FieldDefinition f;
            f.description = description();
            f.location = token().location();
            f.name = name();
            f.arguments = argumentDefinitions();
            expect(Token::Colon);
            f.type = typeReference();
            f.directives = directives(true);
            return f;
        });
    }

    std::vector<InputValueDefinition> inputFieldDefinitions()
    {
        return optionalMany(Token::BraceL, Token::BraceR,
                            [this] { return inputValueDefinition(); });
    }

    std::vector<QString> unionMembers()
    {
        if (!expectOptional(Token::Equals))
            return {};
        return delimitedNames(Token::Pipe);
    }

    std::vector<EnumValueDefinition> enumValues()
    {
        return optionalMany(Token::BraceL, Token::BraceR, [this] {
            EnumValueDefinition e;
            e.description = description();
            e.location = token().location();
            if (token().value == u"true" || token().value == u"false" || token().value == u"null")
                m_lexer.fail(token().start,
                             QStringLiteral("%1 is reserved and cannot be used for an enum value.")
                                 .arg(token().description()));
            e.name = name();
            e.directives = directives(true);
            return e;
        });
    }

    std::vector<std::pair<OperationType, QString>> rootOperationTypes(bool optional)
    {
        std::vector<std::pair<OperationType, QString>> list;
        if (!optional)
            expect(Token::BraceL);
        else if (!expectOptional(Token::BraceL))
            return list;
        do {
            const OperationType type = operationType();
            expect(Token::Colon);
            list.emplace_back(type, name());
        } while (!expectOptional(Token::BraceR));
        return list;
    }

    // What follows the keyword of a type-system definition or extension (the keyword is
    // known good). An extension's root operation types are optional.
    void typeBody(Definition &d, const QString &word, bool extension)
    {
        if (word == u"schema") {
            d.kind = Definition::Schema;
            d.directives = directives(true);
            d.rootTypes = rootOperationTypes(extension);
            return;
        }
        d.name = name();
        if (word == u"type" || word == u"interface") {
            d.kind = word == u"type" ? Definition::ObjectType : Definition::Interface;
            d.interfaces = implementsInterfaces();
        }
        d.directives = directives(true);
        if (word == u"scalar") {
            d.kind = Definition::Scalar;
        } else if (word == u"type" || word == u"interface") {
            d.fieldDefinitions = fieldDefinitions();
        } else if (word == u"union") {
            d.kind = Definition::Union;
            d.unionMembers = unionMembers();
        } else if (word == u"enum") {
            d.kind = Definition::Enum;
            d.enumValues = enumValues();
        } else {
            d.kind = Definition::InputObject;
            d.inputFields = inputFieldDefinitions();
        }
    }

    Definition typeSystemDefinition()
    {
        Definition d;
        d.description = description();
        d.location = token().location();
        const Token keyword = token();
        advance();
        const QString &word = keyword.value;
        if (word != u"directive") {
            typeBody(d, word, false);
        } else {
            d.kind = Definition::DirectiveDefinition;
            expect(Token::At);
            d.name = name();
            d.inputFields = argumentDefinitions();
            d.repeatable = expectOptionalKeyword(QStringLiteral("repeatable"));
            expectKeyword(QStringLiteral("on"));
            static const QSet<QString> locations = {QStringLiteral("QUERY"),
                                                    QStringLiteral("MUTATION"),
                                                    QStringLiteral("SUBSCRIPTION"),
                                                    QStringLiteral("FIELD"),
                                                    QStringLiteral("FRAGMENT_DEFINITION"),
                                                    QStringLiteral("FRAGMENT_SPREAD"),
                                                    QStringLiteral("INLINE_FRAGMENT"),
                                                    QStringLiteral("VARIABLE_DEFINITION"),
                                                    QStringLiteral("SCHEMA"),
                                                    QStringLiteral("SCALAR"),
                                                    QStringLiteral("OBJECT"),
                                                    QStringLiteral("FIELD_DEFINITION"),
                                                    QStringLiteral("ARGUMENT_DEFINITION"),
                                                    QStringLiteral("INTERFACE"),
                                                    QStringLiteral("UNION"),
                                                    QStringLiteral("ENUM"),
                                                    QStringLiteral("ENUM_VALUE"),
                                                    QStringLiteral("INPUT_OBJECT"),
                                                    QStringLiteral("INPUT_FIELD_DEFINITION")};
            expectOptional(Token::Pipe);
            do {
                const Token at = expect(Token::Name);
                if (!locations.contains(at.value))
                    unexpected(at);
                d.locations.push_back(at.value);
            } while (expectOptional(Token::Pipe));
        }
        return d;
    }

    Definition typeSystemExtension()
    {
        const Token extend = token();
        // Like graphql-js: the keyword is judged before anything after it is read.
        const Token keyword = m_lexer.lookahead();
        static const QSet<QString> extensible = {
            QStringLiteral("schema"),    QStringLiteral("scalar"), QStringLiteral("type"),
            QStringLiteral("interface"), QStringLiteral("union"),  QStringLiteral("enum"),
            QStringLiteral("input")};
        if (keyword.kind != Token::Name || !extensible.contains(keyword.value))
            unexpected(keyword);
        advance(); // "extend"
        advance(); // the keyword
        Definition d;
        d.extension = true;
        d.location = extend.location();
        typeBody(d, keyword.value, true);
        const bool empty = d.directives.empty() && d.rootTypes.empty() && d.interfaces.empty() &&
                           d.fieldDefinitions.empty() && d.unionMembers.empty() &&
                           d.enumValues.empty() && d.inputFields.empty();
        if (empty)
            unexpected(token());
        return d;
    }

    Lexer m_lexer;
    ParseOptions m_options;
    int m_tokens = 0;
    int m_depth = 0;
};

} // namespace

Document parse(const QString &source, const ParseOptions &options)
{
    return Parser(source, options).document();
}

Value parseValue(const QString &source)
{
    return Parser(source, {}).standaloneValue();
}

std::shared_ptr<const TypeRef> parseType(const QString &source)
{
    return Parser(source, {}).standaloneType();
}

QVariant literalValue(const Value &literal, const QVariantMap &variables)
{
    switch (literal.kind) {
    case Value::Variable:
        return variables.value(literal.text);
    case Value::Int: {
        bool ok = false;
        const qint64 n = literal.text.toLongLong(&ok);
        return ok ? QVariant(n) : QVariant(literal.text.toDouble());
    }
    case Value::Float:
        return literal.text.toDouble();
    case Value::String:
    case Value::Enum:
        return literal.text;
    case Value::Boolean:
        return literal.boolean;
    case Value::Null:
        return {};
    case Value::List: {
        QVariantList list;
        for (const Value &item : literal.list)
            list.append(literalValue(item, variables));
        return list;
    }
    case Value::Object: {
        QVariantMap map;
        for (const ObjectField &field : literal.fields)
            map.insert(field.name, literalValue(field.value, variables));
        return map;
    }
    }
    return {};
}

} // namespace RexOrm::GraphQL
