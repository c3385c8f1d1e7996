#include "fixtures.h"

#include <rexorm/graphql/parser.h>

#include <QtTest/QTest>

using namespace RexOrm::GraphQL;

namespace {

// The message and "line:column" of the syntax error source raises, or "" when it parses.
QString syntaxError(const QString &source, const ParseOptions &options = {})
{
    try {
        parse(source, options);
    } catch (const SyntaxError &error) {
        const SourceLocation at = error.error().locations.front();
        return QStringLiteral("%1:%2 %3").arg(at.line).arg(at.column).arg(error.error().message);
    }
    return {};
}

const Selection &field(const SelectionSet &set, const QString &key)
{
    for (const Selection &selection : set) {
        if (selection.kind == Selection::Field && selection.responseKey() == key)
            return selection;
    }
    qFatal("no field %s", qPrintable(key));
}

} // namespace

class tst_Parser : public QObject
{
    Q_OBJECT

private slots:
    void kitchenSink();
    void literals();
    void stringEscapes_data();
    void stringEscapes();
    void blockStrings_data();
    void blockStrings();
    void locations();
    void syntaxErrors_data();
    void syntaxErrors();
    void limits();
    void typeSystem();
    void standaloneValuesAndTypes();
};

void tst_Parser::kitchenSink()
{
    const Document document = parse(kitchenSinkQuery());
    QCOMPARE(document.definitions.size(), size_t(6));
    const Definition &query = document.definitions[0];
    QCOMPARE(query.kind, Definition::Operation);
    QCOMPARE(query.operation, OperationType::Query);
    QCOMPARE(query.name, QStringLiteral("queryName"));
    QCOMPARE(query.variables.size(), size_t(3));
    QCOMPARE(query.variables[0].type->toString(), QStringLiteral("ComplexType"));
    QCOMPARE(query.variables[1].defaultValue->kind, Value::Enum);
    QCOMPARE(query.variables[1].defaultValue->text, QStringLiteral("MOBILE"));
    QCOMPARE(query.variables[2].type->toString(), QStringLiteral("[Int!]!"));
    QCOMPARE(query.variables[2].defaultValue->list.size(), size_t(2));
    QCOMPARE(query.directives.front().name, QStringLiteral("onQuery"));

    const Selection &node = field(query.selectionSet, QStringLiteral("whoever123is"));
    QCOMPARE(node.name, QStringLiteral("node"));
    QCOMPARE(node.alias, QStringLiteral("whoever123is"));
    QCOMPARE(node.arguments.front().value.list[1].text, QStringLiteral("456"));
    QCOMPARE(node.selectionSet.size(), size_t(4));
    const Selection &onUser = node.selectionSet[1];
    QCOMPARE(onUser.kind, Selection::InlineFragment);
    QCOMPARE(onUser.typeCondition, QStringLiteral("User"));
    const Selection &aliased = field(
        field(onUser.selectionSet, QStringLiteral("field2")).selectionSet, QStringLiteral("alias"));
    QCOMPARE(aliased.name, QStringLiteral("field1"));
    QCOMPARE(aliased.arguments.size(), size_t(2));
    QCOMPARE(aliased.arguments[1].value.kind, Value::Variable);
    QCOMPARE(aliased.directives.front().name, QStringLiteral("include"));
    QCOMPARE(aliased.selectionSet[1].kind, Selection::FragmentSpread);
    QCOMPARE(aliased.selectionSet[1].name, QStringLiteral("frag"));
    QCOMPARE(node.selectionSet[2].kind, Selection::InlineFragment);
    QVERIFY(node.selectionSet[2].typeCondition.isEmpty());
    QCOMPARE(node.selectionSet[2].directives.front().name, QStringLiteral("skip"));

    QCOMPARE(document.definitions[1].operation, OperationType::Mutation);
    QCOMPARE(document.definitions[2].operation, OperationType::Subscription);
    QCOMPARE(document.definitions[2].variables.front().directives.front().name,
             QStringLiteral("onVariableDefinition"));
    const Definition &fragment = document.definitions[3];
    QCOMPARE(fragment.kind, Definition::Fragment);
    QCOMPARE(fragment.typeCondition, QStringLiteral("Friend"));
    const Value &object = fragment.selectionSet.front().arguments[2].value;
    QCOMPARE(object.kind, Value::Object);
    QCOMPARE(object.fields[1].value.text, QStringLiteral("block string uses \"\"\""));
    QVERIFY(object.fields[1].value.block);
    const Definition &shorthand = document.definitions[4];
    QVERIFY(shorthand.name.isEmpty());
    QCOMPARE(field(shorthand.selectionSet, QStringLiteral("unnamed")).arguments[2].value.kind,
             Value::Null);
    QCOMPARE(field(shorthand.selectionSet, QStringLiteral("query")).name,
             QStringLiteral("query")); // keywords are names too
    QVERIFY(document.definitions[5].name.isEmpty());
}

void tst_Parser::literals()
{
    const Document document = parse(QStringLiteral(
        R"({ f(a: -0, b: 42, c: -1.5e-3, d: 6.02E23, e: "x", f: true, g: null, h: RED,
              i: [1, [2, "three"], {k: $v}], j: {nested: {deep: [ ]}}, k: {}) })"));
    const std::vector<Argument> &args = document.definitions.front().selectionSet.front().arguments;
    QCOMPARE(args.size(), size_t(11));
    QCOMPARE(args[0].value.kind, Value::Int);
    QCOMPARE(args[0].value.text, QStringLiteral("-0"));
    QCOMPARE(args[1].value.text, QStringLiteral("42"));
    QCOMPARE(args[2].value.kind, Value::Float);
    QCOMPARE(args[2].value.text, QStringLiteral("-1.5e-3"));
    QCOMPARE(args[3].value.kind, Value::Float);
    QCOMPARE(args[4].value.kind, Value::String);
    QCOMPARE(args[5].value.kind, Value::Boolean);
    QVERIFY(args[5].value.boolean);
    QCOMPARE(args[6].value.kind, Value::Null);
    QCOMPARE(args[7].value.kind, Value::Enum);
    QCOMPARE(args[8].value.list.size(), size_t(3));
    QCOMPARE(args[8].value.list[1].list[1].text, QStringLiteral("three"));
    QCOMPARE(args[8].value.list[2].fields.front().value.kind, Value::Variable);
    QCOMPARE(args[8].value.list[2].fields.front().value.text, QStringLiteral("v"));
    QCOMPARE(args[9].value.fields.front().value.fields.front().value.kind, Value::List);
    QCOMPARE(args[10].value.kind, Value::Object);
    QVERIFY(args[10].value.fields.empty());
}

void tst_Parser::stringEscapes_data()
{
    QTest::addColumn<QString>("literal");
    QTest::addColumn<QString>("value");
    QTest::newRow("plain") << QStringLiteral(R"("simple")") << QStringLiteral("simple");
    QTest::newRow("whitespace") << QStringLiteral("\" white space \"")
                                << QStringLiteral(" white space ");
    QTest::newRow("quote") << QStringLiteral(R"("quote \"")") << QStringLiteral("quote \"");
    QTest::newRow("escapes") << QStringLiteral(R"("escaped \n\r\b\t\f\/\\")")
                             << QStringLiteral("escaped \n\r\b\t\f/\\");
    QTest::newRow("unicode") << QStringLiteral(R"("unicode \u1234\u5678\u90AB\uCDEF")")
                             << QString::fromUtf8("unicode \u1234\u5678\u90AB\uCDEF");
    QTest::newRow("variable width")
        << QStringLiteral(R"("\u{1F600} \u{0041}")") << QString::fromUtf8("\U0001F600 A");
    QTest::newRow("surrogate pair")
        << QStringLiteral(R"("\uD83D\uDE00")") << QString::fromUtf8("\U0001F600");
    QTest::newRow("control characters")
        << QStringLiteral("\"bell\u0007 \"") << QStringLiteral("bell\u0007 ");
    QTest::newRow("raw non-ASCII") << QString::fromUtf8("\"caf\u00e9 \U0001F600\"")
                                   << QString::fromUtf8("caf\u00e9 \U0001F600");
}

void tst_Parser::stringEscapes()
{
    QFETCH(QString, literal);
    QFETCH(QString, value);
    const Value parsed = parseValue(literal);
    QCOMPARE(parsed.kind, Value::String);
    QCOMPARE(parsed.text, value);
}

void tst_Parser::blockStrings_data()
{
    QTest::addColumn<QString>("raw");
    QTest::addColumn<QString>("value");
    // The specification's BlockStringValue(): common indent and blank edge lines go.
    QTest::newRow("indented") << QStringLiteral(
                                     "\n    Hello,\n      World!\n\n    Yours,\n      GraphQL.\n  ")
                              << QStringLiteral("Hello,\n  World!\n\nYours,\n  GraphQL.");
    QTest::newRow("first line kept") << QStringLiteral("  first\n    second\n    third")
                                     << QStringLiteral("  first\nsecond\nthird");
    QTest::newRow("blank") << QStringLiteral("\n   \n\t\n") << QString();
    QTest::newRow("crlf") << QStringLiteral("\r\n  a\r\n  b\r\n") << QStringLiteral("a\nb");
    QTest::newRow("tabs") << QStringLiteral("\n\tx\n\t\ty") << QStringLiteral("x\n\ty");
}

void tst_Parser::blockStrings()
{
    QFETCH(QString, raw);
    QFETCH(QString, value);
    QCOMPARE(blockStringValue(raw), value);
    const Value parsed = parseValue(QStringLiteral("\"\"\"") + raw + QStringLiteral("\"\"\""));
    QCOMPARE(parsed.text, value);
    QVERIFY(parsed.block);
    // Escaped triple quotes and backslashes stay as written, but for the escape itself.
    QCOMPARE(parseValue(escapedBlockString()).text, QStringLiteral("a \"\"\" b \\n c"));
}

void tst_Parser::locations()
{
    const Document document =
        parse(QStringLiteral("# comment\r\n{\n  a\r  b(x: \"\"\"\n  two\n  lines\"\"\")\n\t c }"));
    const SelectionSet &set = document.definitions.front().selectionSet;
    QCOMPARE(document.definitions.front().location.line, 2);
    QCOMPARE(set[0].location.line, 3);
    QCOMPARE(set[0].location.column, 3);
    QCOMPARE(set[1].location.line, 4);
    QCOMPARE(set[1].location.column, 3);
    QCOMPARE(set[1].arguments.front().value.location.column, 8);
    QCOMPARE(set[2].location.line, 7); // after a block string spanning lines
    QCOMPARE(set[2].location.column, 3);
    QCOMPARE(syntaxError(QStringLiteral("{\n  a\n  b(\n}")),
             QStringLiteral("4:1 Syntax Error: Expected Name, found \"}\"."));
}

void tst_Parser::syntaxErrors_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("error");
    const auto row = [](const char *name, const char *source, const char *error) {
        QTest::newRow(name) << QString::fromUtf8(source) << QString::fromUtf8(error);
    };
    row("empty", "", "1:1 Syntax Error: Unexpected <EOF>.");
    row("only comments", "# nothing\n", "2:1 Syntax Error: Unexpected <EOF>.");
    row("unclosed", "{", "1:2 Syntax Error: Expected Name, found <EOF>.");
    row("extra brace", "{ a }}", "1:6 Syntax Error: Unexpected \"}\".");
    row("empty selection", "{ }", "1:3 Syntax Error: Expected Name, found \"}\".");
    row("empty arguments", "{ a() }", "1:5 Syntax Error: Expected Name, found \")\".");
    row("missing value", "{ a(b: ) }", "1:8 Syntax Error: Unexpected \")\".");
    row("empty variables", "query Q() { a }", "1:9 Syntax Error: Expected \"$\", found \")\".");
    row("variable in const", "query ($v: Int = $w) { a }",
        "1:18 Syntax Error: Unexpected variable \"$w\" in constant value.");
    row("variable in directive const", "query ($v: Int @d(x: $y)) { a }",
        "1:22 Syntax Error: Unexpected variable \"$y\" in constant value.");
    row("bad operation", "notanoperation { a }",
        "1:1 Syntax Error: Unexpected Name \"notanoperation\".");
    row("fragment named on", "fragment on on T { a }",
        "1:10 Syntax Error: Unexpected Name \"on\".");
    row("fragment without on", "fragment F T { a }",
        "1:12 Syntax Error: Expected \"on\", found Name \"T\".");
    row("description on operation", "\"text\" query { a }",
        "1:1 Syntax Error: Unexpected description, descriptions are supported only on type "
        "definitions.");
    row("two dots", "{ ..a }", "1:3 Syntax Error: Unexpected character: \".\".");
    row("single quote", "{ a(x: 'y') }",
        "1:8 Syntax Error: Unexpected single quote character ('), did you mean to use a double "
        "quote (\")?");
    row("control character", "{ a \x07 }", "1:5 Syntax Error: Unexpected character: U+0007.");
    row("unterminated", "{ a(x: \"abc) }", "1:15 Syntax Error: Unterminated string.");
    row("newline in string", "{ a(x: \"ab\nc\") }", "1:11 Syntax Error: Unterminated string.");
    row("bad escape", "{ a(x: \"\\x\") }",
        "1:9 Syntax Error: Invalid character escape sequence: \"\\x\".");
    row("bad unicode", "{ a(x: \"\\u12G4\") }",
        "1:9 Syntax Error: Invalid Unicode escape sequence: \"\\u12G4\".");
    row("lone surrogate", "{ a(x: \"\\uD800\") }",
        "1:9 Syntax Error: Invalid Unicode escape sequence: \"\\uD800\".");
    row("too large code point", "{ a(x: \"\\u{110000}\") }",
        "1:9 Syntax Error: Invalid Unicode escape sequence: \"\\u{110000}\".");
    QTest::newRow("lone surrogate in string")
        << QStringLiteral("{ a(x: \"a") + QChar(0xD800) + QStringLiteral("\") }")
        << QStringLiteral("1:10 Syntax Error: Invalid character within String: U+D800.");
    QTest::newRow("lone surrogate")
        << QStringLiteral("{ a ") + QChar(0xDC00) + QStringLiteral(" }")
        << QStringLiteral("1:5 Syntax Error: Invalid character: U+DC00.");
    row("empty code point", "{ a(x: \"\\u{}\") }",
        "1:9 Syntax Error: Invalid Unicode escape sequence: \"\\u{}\".");
    row("long code point", "{ a(x: \"\\u{1F600F600}\") }",
        "1:9 Syntax Error: Invalid Unicode escape sequence: \"\\u{1F600F600\".");
    row("unterminated block", "{ a(x: \"\"\"abc) }", "1:17 Syntax Error: Unterminated string.");
    row("leading zero", "{ a(x: 01) }",
        "1:9 Syntax Error: Invalid number, unexpected digit after 0: \"1\".");
    row("bare dot", "{ a(x: 1.) }",
        "1:10 Syntax Error: Invalid number, expected digit but got: \")\".");
    row("name after number", "{ a(x: 123abc) }",
        "1:11 Syntax Error: Invalid number, expected digit but got: \"a\".");
    row("two dots number", "{ a(x: 1.2.3) }",
        "1:11 Syntax Error: Invalid number, expected digit but got: \".\".");
    row("bare minus", "{ a(x: -) }",
        "1:9 Syntax Error: Invalid number, expected digit but got: \")\".");
    row("empty exponent", "{ a(x: 1e) }",
        "1:10 Syntax Error: Invalid number, expected digit but got: \")\".");
    row("list type unclosed", "query ($v: [Int) { a }",
        "1:16 Syntax Error: Expected \"]\", found \")\".");
    row("reserved enum value", "enum E { true }",
        "1:10 Syntax Error: Name \"true\" is reserved and cannot be used for an enum value.");
    row("bad directive location", "directive @d on FIELDS",
        "1:17 Syntax Error: Unexpected Name \"FIELDS\".");
    row("empty extension", "extend type T", "1:14 Syntax Error: Unexpected <EOF>.");
    row("extend nothing", "extend { a }", "1:8 Syntax Error: Unexpected \"{\".");
}

void tst_Parser::syntaxErrors()
{
    QFETCH(QString, source);
    QFETCH(QString, error);
    QCOMPARE(syntaxError(source), error);
}

void tst_Parser::limits()
{
    QString deep;
    for (int i = 0; i < 300; ++i)
        deep += QStringLiteral("{ a ");
    deep += QString(300, u'}');
    QVERIFY2(syntaxError(deep).contains(u"nested too deeply (more than 128 levels)"),
             qPrintable(syntaxError(deep)));
    QString list = QStringLiteral("{ a(x: ") + QString(1000, u'[') + QString(1000, u']') +
                   QStringLiteral(") }");
    QVERIFY(syntaxError(list).contains(u"nested too deeply"));
    QString type = QStringLiteral("query ($v: ") + QString(500, u'[') + QStringLiteral("Int") +
                   QString(500, u']') + QStringLiteral(") { a }");
    QVERIFY(syntaxError(type).contains(u"nested too deeply"));

    ParseOptions few;
    few.maxTokens = 5;
    QCOMPARE(syntaxError(QStringLiteral("{ a b c }"), few), QString());
    QCOMPARE(syntaxError(QStringLiteral("{ a b c d }"), few),
             QStringLiteral("1:11 Syntax Error: Document contains more than 5 tokens. Parsing "
                            "aborted."));
}

void tst_Parser::typeSystem()
{
    const Document document = parse(kitchenSinkSchema());
    QCOMPARE(document.definitions.size(), size_t(16));
    const Definition &schema = document.definitions[0];
    QCOMPARE(schema.kind, Definition::Schema);
    QCOMPARE(schema.description, QStringLiteral("The schema"));
    QCOMPARE(schema.rootTypes.size(), size_t(2));
    QCOMPARE(schema.rootTypes[1].first, OperationType::Mutation);
    QCOMPARE(document.definitions[1].description, QStringLiteral("A scalar"));
    const Definition &query = document.definitions[2];
    QCOMPARE(query.kind, Definition::ObjectType);
    QCOMPARE(query.interfaces,
             (std::vector<QString>{QStringLiteral("Node"), QStringLiteral("Entity")}));
    QCOMPARE(query.fieldDefinitions.size(), size_t(2));
    QCOMPARE(query.fieldDefinitions[0].description, QStringLiteral("a field"));
    QCOMPARE(query.fieldDefinitions[0].arguments[1].defaultValue->text, QStringLiteral("10"));
    QCOMPARE(query.fieldDefinitions[0].arguments[1].description, QStringLiteral("arg"));
    QCOMPARE(query.fieldDefinitions[1].type->toString(), QStringLiteral("[User!]!"));
    QCOMPARE(document.definitions[4].interfaces.front(), QStringLiteral("Node"));
    QCOMPARE(document.definitions[5].unionMembers.size(), size_t(2));
    QCOMPARE(document.definitions[6].enumValues.size(), size_t(3));
    QCOMPARE(document.definitions[6].enumValues[1].description, QStringLiteral("green"));
    QCOMPARE(document.definitions[7].inputFields.size(), size_t(2));
    const Definition &directive = document.definitions[8];
    QCOMPARE(directive.kind, Definition::DirectiveDefinition);
    QVERIFY(directive.repeatable);
    QCOMPARE(directive.locations.size(), size_t(2));
    for (size_t i = 9; i < document.definitions.size(); ++i)
        QVERIFY(document.definitions[i].extension);
    QVERIFY(!document.definitions[2].isExecutable());
}

void tst_Parser::standaloneValuesAndTypes()
{
    QCOMPARE(parseType(QStringLiteral("[[Int!]]!"))->toString(), QStringLiteral("[[Int!]]!"));
    QCOMPARE(parseValue(QStringLiteral("{a: [1, 2.5, \"s\", ENUM, null, $v]}"))
                 .fields.front()
                 .value.list.size(),
             size_t(6));
    QVERIFY_THROWS_EXCEPTION(SyntaxError, parseValue(QStringLiteral("1 2")));
    QVERIFY_THROWS_EXCEPTION(SyntaxError, parseType(QStringLiteral("Int!!")));
    const GraphQLError error = [] {
        try {
            parse(QStringLiteral("{ a(x: 01) }"));
        } catch (const SyntaxError &e) {
            return e.error();
        }
        return GraphQLError();
    }();
    QCOMPARE(error.toJson()
                 .value(QStringLiteral("locations"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("column"))
                 .toInt(),
             9);
}

QTEST_GUILESS_MAIN(tst_Parser)
#include "tst_parser.moc"
