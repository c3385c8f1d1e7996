#include <rexorm/graphql/documentcache.h>
#include <rexorm/graphql/validation.h>

#include <QtTest/QTest>

using namespace RexOrm::GraphQL;

namespace {

const char *schemaSdl = R"(
directive @tag(name: String!) repeatable on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @once on FIELD
interface Node { id: ID! }
type User implements Node { id: ID! name: String friends(first: Int = 10): [User!]! pet: Pet }
type Dog implements Node { id: ID! barks: Boolean name: String owner(nick: String): User }
type Cat { lives: Int purrs: Boolean name: String! owner(nick: String): User }
union Pet = Dog | Cat
input Filter { name: String nested: Filter }
type Query { user(id: ID!): User users(filter: Filter): [User!]! pets: [Pet] node(id: ID!): Node }
type Mutation { rename(id: ID!, name: String!): User }
type Subscription { userChanged: User petChanged: Pet }
)";

// The messages of validating a document, joined.
QString errors(const QString &document)
{
    static const Schema schema = Schema::fromSdl(QString::fromUtf8(schemaSdl));
    QStringList messages;
    for (const GraphQLError &error : validate(schema, parse(document)))
        messages << error.message;
    return messages.join(u'\n');
}

} // namespace

class tst_Validation : public QObject
{
    Q_OBJECT

private slots:
    void rules_data();
    void rules();
    void cache();
    void limits();
    void overlapLocations();
    void overlapLimits();
};

void tst_Validation::rules_data()
{
    QTest::addColumn<QString>("document");
    QTest::addColumn<QString>("expected"); // a part of the error message; empty: valid
    const auto row = [](const char *rule, const char *document, const char *expected) {
        QTest::newRow(rule) << QString::fromUtf8(document) << QString::fromUtf8(expected);
    };
    // Each rule: a document that passes it, one that does not.
    row("executable definitions ok", "{ user(id: 1) { id } }", "");
    row("executable definitions", "{ user(id: 1) { id } } type Extra { a: Int }",
        "The \"Extra\" definition is not executable.");
    row("operation names ok", "query A { pets { __typename } } query B { pets { __typename } }",
        "");
    row("operation names", "query A { pets { __typename } } query A { pets { __typename } }",
        "There can be only one operation named \"A\".");
    row("lone anonymous", "{ pets { __typename } } query B { pets { __typename } }",
        "This anonymous operation must be the only defined operation.");
    row("single root field ok", "subscription S { userChanged { id } }", "");
    row("single root field", "subscription S { userChanged { id } petChanged { __typename } }",
        "Subscription \"S\" must select only one top level field.");
    row("introspection root field", "subscription { __typename }",
        "Anonymous Subscription must not select an introspection top level field.");
    row("fields on correct type", "{ user(id: 1) { id nope } }",
        "Cannot query field \"nope\" on type \"User\".");
    row("union fields", "{ pets { barks } }", "Cannot query field \"barks\" on type \"Pet\".");
    row("meta fields ok",
        "{ __typename __schema { queryType { name } } __type(name: \"User\") { kind } }", "");
    row("leaf with selection", "{ user(id: 1) { id { a } } }",
        "Field \"id\" must not have a selection since type \"ID!\" has no subfields.");
    row("object without selection", "{ user(id: 1) }",
        "Field \"user\" of type \"User\" must have a selection of subfields.");
    row("unknown argument", "{ user(id: 1, size: 2) { id } }",
        "Unknown argument \"size\" on field \"Query.user\".");
    row("duplicate argument", "{ user(id: 1, id: 2) { id } }",
        "There can be only one argument named \"id\".");
    row("required argument", "{ user { id } }",
        "Field \"user\" argument \"id\" of type \"ID!\" is required, but it was not provided.");
    row("default makes optional", "{ user(id: 1) { friends { id } } }", "");
    row("fragment names",
        "{ user(id: 1) { ...F } } fragment F on User { id } fragment F on User { name }",
        "There can be only one fragment named \"F\".");
    row("unknown fragment", "{ user(id: 1) { ...Nope } }", "Unknown fragment \"Nope\".");
    row("unknown type", "{ user(id: 1) { ... on Nope { id } } }", "Unknown type \"Nope\".");
    row("unknown variable type", "query ($v: Nope) { pets { __typename } }",
        "Unknown type \"Nope\".");
    row("fragment on scalar", "{ user(id: 1) { ...F } } fragment F on Int { a }",
        "Fragment \"F\" cannot condition on non composite type \"Int\".");
    row("unused fragment", "{ user(id: 1) { id } } fragment F on User { id }",
        "Fragment \"F\" is never used.");
    row("fragment cycle",
        "{ user(id: 1) { ...A } } fragment A on User { ...B } fragment B on User { ...A }",
        "Cannot spread fragment \"A\" within itself via \"B\".");
    row("impossible spread", "{ user(id: 1) { ... on Dog { barks } } }",
        "Fragment cannot be spread here as objects of type \"User\" can never be of type \"Dog\".");
    row("possible spread through interface", "{ node(id: 1) { ... on Dog { barks } } }", "");
    row("duplicate input field", "{ users(filter: {name: \"a\", name: \"b\"}) { id } }",
        "There can be only one input field named \"name\".");
    row("unknown directive", "{ user(id: 1) @nope { id } }", "Unknown directive \"@nope\".");
    row("misplaced directive", "query @tag(name: \"x\") { pets { __typename } }",
        "Directive \"@tag\" may not be used on QUERY.");
    row("repeated directive", "{ user(id: 1) @once @once { id } }",
        "The directive \"@once\" can only be used once at this location.");
    row("repeatable directive ok", "{ user(id: 1) @tag(name: \"a\") @tag(name: \"b\") { id } }",
        "");
    row("directive argument required", "{ user(id: 1) @tag { id } }",
        "Directive \"@tag\" argument \"name\" of type \"String!\" is required");
    row("duplicate variable", "query ($v: ID!, $v: ID!) { user(id: $v) { id } }",
        "There can be only one variable named \"$v\".");
    row("output type variable", "query ($v: User) { pets { __typename } }",
        "Variable \"$v\" cannot be non-input type \"User\".");
    row("undefined variable", "query Q { user(id: $v) { id } }",
        "Variable \"$v\" is not defined by operation \"Q\".");
    row("undefined in fragment",
        "query Q { user(id: 1) { ...F } } fragment F on User { friends(first: $n) { id } }",
        "Variable \"$n\" is not defined by operation \"Q\".");
    row("unused variable", "query Q($v: ID) { pets { __typename } }",
        "Variable \"$v\" is never used in operation \"Q\".");
    row("variable of wrong type", "query ($v: String) { user(id: $v) { id } }",
        "Variable \"$v\" of type \"String\" used in position expecting type \"ID!\".");
    row("nullable variable for non-null", "query ($v: ID) { user(id: $v) { id } }",
        "Variable \"$v\" of type \"ID\" used in position expecting type \"ID!\".");
    row("default makes it allowed", "query ($v: ID = 1) { user(id: $v) { id } }", "");
    row("location default allows nullable",
        "query ($n: Int) { user(id: 1) { friends(first: $n) { id } } }", "");
    row("non-null for nullable ok",
        "query ($n: Int!) { user(id: 1) { friends(first: $n) { id } } }", "");
    row("list for item", "query ($v: [ID!]!) { user(id: $v) { id } }",
        "Variable \"$v\" of type \"[ID!]!\" used in position expecting type \"ID!\".");
    row("in input field", "query ($v: Int) { users(filter: {name: $v}) { id } }",
        "Variable \"$v\" of type \"Int\" used in position expecting type \"String\".");
    row("in fragment",
        "query Q($v: String!) { user(id: 1) { ...F } } fragment F on User { friends(first: $v) { "
        "id } }",
        "Variable \"$v\" of type \"String!\" used in position expecting type \"Int\".");
    row("values of correct type ok",
        "{ users(filter: {name: \"a\", nested: {name: null}}) { friends(first: 2) { id } } }", "");
    row("string for int", "{ user(id: 1) { friends(first: \"two\") { id } } }",
        "Int cannot represent non-integer value: \"two\"");
    row("int out of range", "{ user(id: 1) { friends(first: 3000000000) { id } } }",
        "Int cannot represent non 32-bit signed integer value: 3000000000");
    row("null for non-null", "{ user(id: null) { id } }",
        "Expected value of type \"ID!\", found null.");
    row("unknown input field", "{ users(filter: {nick: \"a\"}) { id } }",
        "Field \"nick\" is not defined by type \"Filter\".");
    row("scalar for input object", "{ users(filter: 3) { id } }",
        "Expected value of type \"Filter\", found 3.");
    row("bad variable default",
        "query ($n: Int = \"x\") { user(id: 1) { friends(first: $n) { id } } }",
        "Int cannot represent non-integer value: \"x\"");
    row("one error for a repeated argument", "{ user(id: 1, id: 2, id: 3) { id } }",
        "There can be only one argument named \"id\".");
    row("subscription through a fragment",
        "subscription { ... on Subscription { userChanged { id } petChanged { __typename } } }",
        "Anonymous Subscription must select only one top level field.");
    row("variable used in fragment ok",
        "query Q($n: Int) { user(id: 1) { ...F } } fragment F on User { friends(first: $n) { id } "
        "}",
        "");

    // Overlapping fields can be merged: the whole message, as graphql-js words it.
    const auto conflict = [](const char *rule, const char *document, const char *key,
                             const char *reason) {
        QTest::newRow(rule) << QString::fromUtf8(document)
                            << QStringLiteral("Fields \"%1\" conflict because %2. Use different "
                                              "aliases on the fields to fetch both if this was "
                                              "intentional.")
                                   .arg(QString::fromUtf8(key), QString::fromUtf8(reason));
    };
    row("same field twice ok", "{ user(id: 1) { id id name } __typename t: __typename }", "");
    conflict("alias names another field", "{ user(id: 1) { name name: id } }", "name",
             "\"name\" and \"id\" are different fields");
    conflict("one alias, two fields", "{ user(id: 1) { x: id x: name } }", "x",
             "\"id\" and \"name\" are different fields");
    conflict("skipped fields still merge", "{ user(id: 1) { id @skip(if: true) id: name } }", "id",
             "\"id\" and \"name\" are different fields");
    conflict("differing arguments", "{ user(id: 1) { id } user(id: 2) { id } }", "user",
             "they have differing arguments");
    conflict("variable and literal argument",
             "query ($id: ID!) { user(id: $id) { id } user(id: 1) { id } }", "user",
             "they have differing arguments");
    conflict("argument on one side only",
             "{ user(id: 1) { friends { id } friends(first: 10) { id } } }", "friends",
             "they have differing arguments");
    conflict("block string and string differ",
             "{ users(filter: {name: \"a\"}) { id } users(filter: {name: \"\"\"a\"\"\"}) { id } }",
             "users", "they have differing arguments");
    row("object fields in any order ok",
        "{ users(filter: {name: \"a\", nested: {name: \"b\"}}) { id } "
        "users(filter: {nested: {name: \"b\"}, name: \"a\"}) { id } }",
        "");
    conflict("conflicting leaf types",
             "{ pets { ... on Dog { x: barks } ... on Cat { x: lives } } }", "x",
             "they return conflicting types \"Boolean\" and \"Int\"");
    conflict("list and scalar",
             "{ node(id: 1) { ... on User { x: friends { id } } ... on Dog { x: id } } }", "x",
             "they return conflicting types \"[User!]!\" and \"ID!\"");
    conflict("nullability", "{ pets { ... on Dog { name } ... on Cat { name } } }", "name",
             "they return conflicting types \"String\" and \"String!\"");
    row("mutually exclusive parents ok",
        "{ pets { ... on Dog { x: barks owner(nick: \"a\") { id } } "
        "... on Cat { x: purrs owner(nick: \"b\") { name } } } }",
        "");
    conflict("an interface may overlap",
             "{ node(id: 1) { ... on Node { x: id } ... on Dog { x: barks } } }", "x",
             "\"id\" and \"barks\" are different fields");
    conflict(
        "exclusive parents, conflicting subfield types",
        "{ pets { ... on Dog { owner { x: id } } ... on Cat { owner { x: name } } } }", "owner",
        "subfields \"x\" conflict because they return conflicting types \"ID!\" and \"String\"");
    conflict("subfields", "{ user(id: 1) { friends { x: id } friends { x: name } } }", "friends",
             "subfields \"x\" conflict because \"id\" and \"name\" are different fields");
    conflict("several subfields",
             "{ user(id: 1) { friends { x: id y: name } friends { x: name y: id } } }", "friends",
             "subfields \"x\" conflict because \"id\" and \"name\" are different fields and "
             "subfields \"y\" conflict because \"name\" and \"id\" are different fields");
    conflict("nested subfields",
             "{ user(id: 1) { friends { x: id } } user(id: 1) { friends { x: name } } }", "user",
             "subfields \"friends\" conflict because subfields \"x\" conflict because \"id\" and "
             "\"name\" are different fields");
    conflict("field and fragment", "{ user(id: 1) { x: id ...F } } fragment F on User { x: name }",
             "x", "\"id\" and \"name\" are different fields");
    conflict(
        "two fragments",
        "{ user(id: 1) { ...A ...B } } fragment A on User { x: id } fragment B on User { x: name }",
        "x", "\"id\" and \"name\" are different fields");
    conflict("subfields through fragments",
             "{ user(id: 1) { friends { ...A } friends { ...B } } } fragment A on User { x: id } "
             "fragment B on User { x: name }",
             "friends",
             "subfields \"x\" conflict because \"id\" and \"name\" are different fields");
    conflict("inline fragments", "{ user(id: 1) { ... on User { x: id } ... { x: name } } }", "x",
             "\"id\" and \"name\" are different fields");
    row("fragment spread repeatedly ok",
        "{ user(id: 1) { ...A friends { ...A } ...A } } fragment A on User { id friends { id } }",
        "");
}

void tst_Validation::rules()
{
    QFETCH(QString, document);
    QFETCH(QString, expected);
    const QString found = errors(document);
    if (expected.isEmpty())
        QVERIFY2(found.isEmpty(), qPrintable(found));
    else
        QVERIFY2(found.contains(expected),
                 qPrintable(found.isEmpty() ? QStringLiteral("(valid)") : found));
}

void tst_Validation::cache()
{
    const Schema schema = Schema::fromSdl(QString::fromUtf8(schemaSdl));
    DocumentCache cache(schema, 2);
    const auto first = cache.get(QStringLiteral("{ user(id: 1) { id } }"));
    QVERIFY(first->valid());
    QCOMPARE(cache.get(QStringLiteral("{ user(id: 1) { id } }")).get(), first.get()); // a hit
    QCOMPARE(cache.hits(), quint64(1));
    const auto invalid = cache.get(QStringLiteral("{ user { id } }"));
    QVERIFY(invalid->document && !invalid->valid());
    QVERIFY(invalid->errors.front().message.contains(u"is required"));
    const auto broken = cache.get(QStringLiteral("{ user("));
    QVERIFY(!broken->document);
    QVERIFY(broken->errors.front().message.startsWith(u"Syntax Error"));
    QCOMPARE(cache.size(), 2); // bounded: the least recently used went
    QCOMPARE(cache.misses(), quint64(3));
    QVERIFY(cache.get(QStringLiteral("{ user(id: 1) { id } }")).get() != first.get());
    QCOMPARE(cache.get(QStringLiteral("{ user(")).get(), broken.get()); // syntax errors cached
}

void tst_Validation::limits()
{
    // A chain of 5,000 fragments is refused, not followed until the stack runs out.
    QString document = QStringLiteral("{ ...F0 }\n");
    for (int i = 0; i < 5000; ++i)
        document += QStringLiteral("fragment F%1 on Query { ...F%2 }\n").arg(i).arg(i + 1);
    document += QStringLiteral("fragment F5000 on Query { __typename }\n");
    QVERIFY(errors(document).contains(u"nested too deeply (more than 512 levels)"));
    // Repeated names are one error, listing every place.
    const Schema schema = Schema::fromSdl(QString::fromUtf8(schemaSdl));
    const auto found = validate(
        schema, parse(QStringLiteral("query ($v: ID!, $v: ID!, $v: ID!) { user(id: $v) { id } }")));
    QCOMPARE(found.size(), size_t(1));
    QCOMPARE(found.front().locations.size(), size_t(3));
    // 300 unknown fields: the first 100 errors, then one saying validation stopped.
    QString many = QStringLiteral("{");
    for (int i = 0; i < 300; ++i)
        many += QStringLiteral(" f%1").arg(i);
    const auto capped = validate(schema, parse(many + u'}'));
    QCOMPARE(capped.size(), size_t(101));
    QCOMPARE(capped[99].message, QStringLiteral("Cannot query field \"f99\" on type \"Query\"."));
    QCOMPARE(
        capped.back().message,
        QStringLiteral("Too many validation errors, error limit reached. Validation aborted."));
}

void tst_Validation::overlapLocations()
{
    // Both fields, then the conflicting subfields of each side.
    const Schema schema = Schema::fromSdl(QString::fromUtf8(schemaSdl));
    const auto found = validate(
        schema, parse(QStringLiteral("{ user(id: 1) { friends { ...A } friends { ...B } } }\n"
                                     "fragment A on User { x: id }\n"
                                     "fragment B on User { x: name }")));
    QCOMPARE(found.size(), size_t(1));
    QStringList at;
    for (const SourceLocation &l : found.front().locations)
        at << QStringLiteral("%1:%2").arg(l.line).arg(l.column);
    QCOMPARE(at.join(u' '), QStringLiteral("1:17 2:22 1:34 3:22"));
}

void tst_Validation::overlapLimits()
{
    // Each of these finishes at once (graphql-js takes seconds to minutes on the first ones).
    // `count` copies of a selection, every other one `other` if given; %1: the copy's number.
    const auto repeat = [](int count, const char *text, const char *other = nullptr) {
        QString out;
        for (int i = 0; i < count; ++i)
            out += QString::fromUtf8(other && i % 2 ? other : text)
                       .replace(QStringLiteral("%1"), QString::number(i)) +
                   u' ';
        return out;
    };
    // 2,000 copies of one field, of one leaf, and two shapes alternating.
    QVERIFY(errors(u'{' + repeat(2000, "user(id: 1) { id name friends { id } }") + u'}').isEmpty());
    QVERIFY(errors("{ user(id: 1) { " + repeat(2000, "id") + "} }").isEmpty());
    QVERIFY(errors("{ user(id: 1) { " + repeat(2000, "f: friends { id }", "f: friends { name }") +
                   "} }")
                .isEmpty());
    // Many repeated spreads of fragments spreading each other.
    QString spreads = QStringLiteral("{ user(id: 1) { ");
    for (int i = 0; i < 200; ++i)
        spreads += QStringLiteral("...F%1 ").arg(i % 50);
    spreads += QStringLiteral("} }\n");
    for (int i = 0; i < 50; ++i) {
        QString inner;
        for (int j = i + 1; j < std::min(i + 11, 50); ++j)
            inner += QStringLiteral("...F%1 ").arg(j);
        spreads += QStringLiteral("fragment F%1 on User { id name %2 friends { %2 id } }\n")
                       .arg(i)
                       .arg(inner);
    }
    QVERIFY2(errors(spreads).isEmpty(), qPrintable(errors(spreads)));
    // Fields doubling at every level through 100 levels of fragments.
    QString ladder = QStringLiteral("{ user(id: 1) { ...F99 ...G99 } }\n"
                                    "fragment F0 on User { id } fragment G0 on User { id }\n");
    for (int k = 1; k < 100; ++k)
        ladder +=
            QStringLiteral("fragment F%1 on User { f: friends { ...F%2 } f: friends { ...G%2 } }\n"
                           "fragment G%1 on User { f: friends { ...G%2 } f: friends { ...F%2 } }\n")
                .arg(k)
                .arg(k - 1);
    QVERIFY2(errors(ladder).isEmpty(), qPrintable(errors(ladder)));

    // Hostile documents are refused, with one error: millions of conflicts...
    QCOMPARE(errors("{ user(id: 1) { " + repeat(4000, "a: id", "a: name") + "} }"),
             QStringLiteral("Too many conflicting fields (more than 100000)."));
    // ... millions of comparisons (each pair differs, and merges) ...
    QCOMPARE(errors(u'{' + repeat(2000, "user(id: 1) { a%1: id }") + u'}'),
             QStringLiteral("Too many overlapping fields to compare (more than 2000000 "
                            "comparisons)."));
    // ... fields compared 300 levels deep through fragments ...
    QString deep = QStringLiteral("{ user(id: 1) { ...C0 ...D0 } }\n");
    for (int i = 0; i < 300; ++i)
        deep += QStringLiteral("fragment C%1 on User { f: friends { ...C%2 } }\n"
                               "fragment D%1 on User { f: friends { ...D%2 } }\n")
                    .arg(i)
                    .arg(i + 1);
    deep += QStringLiteral("fragment C300 on User { id } fragment D300 on User { name }");
    QCOMPARE(errors(deep),
             QStringLiteral("Fields are nested too deeply to be compared (more than 256 levels)."));
    // ... and endlessly, where a fragment spreads itself within its subfields (graphql-js's
    // recursion overflows its stack there).
    QVERIFY(errors(QStringLiteral("{ user(id: 1) { ...A } } "
                                  "fragment A on User { friends { friends { ...A } ...A } }"))
                .contains(u"Fields are nested too deeply to be compared"));
}

QTEST_GUILESS_MAIN(tst_Validation)
#include "tst_validation.moc"
