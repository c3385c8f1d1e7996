#include <rexorm/graphql/parser.h>
#include <rexorm/graphql/schema.h>

#include <QtTest/QTest>

using namespace RexOrm::GraphQL;

namespace {

QString schemaError(const QString &sdl)
{
    try {
        Schema::fromSdl(sdl);
    } catch (const SchemaError &error) {
        return error.message();
    }
    return {};
}

} // namespace

class tst_SchemaSdl : public QObject
{
    Q_OBJECT

private slots:
    void builtIns();
    void buildsTypes();
    void errors_data();
    void errors();
    void printsStableSdl();
    void printing();
};

void tst_SchemaSdl::builtIns()
{
    const Schema schema;
    for (const char *name : {"Int", "Float", "String", "Boolean", "ID"}) {
        const NamedType *type = schema.type(QString::fromLatin1(name));
        QVERIFY2(type && type->builtIn && type->kind == TypeKind::Scalar, name);
    }
    for (const char *name : {"__Schema", "__Type", "__TypeKind", "__Field", "__InputValue",
                             "__EnumValue", "__Directive", "__DirectiveLocation"}) {
        const NamedType *type = schema.type(QString::fromLatin1(name));
        QVERIFY2(type && type->builtIn, name);
    }
    const NamedType *typeType = schema.type(u"__Type");
    QCOMPARE(typeType->field(u"fields")->arguments.front().name,
             QStringLiteral("includeDeprecated"));
    QCOMPARE(typeType->field(u"kind")->type->toString(), QStringLiteral("__TypeKind!"));
    QCOMPARE(schema.type(u"__TypeKind")->enumValues.size(), size_t(8));
    QCOMPARE(schema.type(u"__DirectiveLocation")->enumValues.size(), size_t(19));
    QVERIFY(Schema::fromSdl(QStringLiteral("type Query { a: Int }")).toSdl() ==
            QStringLiteral("type Query {\n  a: Int\n}")); // introspection types are not printed
    for (const char *name : {"include", "skip", "deprecated", "specifiedBy"})
        QVERIFY2(schema.directive(QString::fromLatin1(name)), name);
    QCOMPARE(schema.directive(u"deprecated")->arguments.front().defaultValue->text,
             QStringLiteral("No longer supported"));
    QCOMPARE(schema.directive(u"include")->arguments.front().type->toString(),
             QStringLiteral("Boolean!"));
}

void tst_SchemaSdl::buildsTypes()
{
    const Schema schema = Schema::fromSdl(
        QStringLiteral("type Query { node(id: ID!): Node search: [Result!] old: Int "
                       "@deprecated(reason: \"gone\") }\n"
                       "interface Node { id: ID! }\n"
                       "type User implements Node { id: ID! name: String }\n"
                       "type Post implements Node { id: ID! }\n"
                       "union Result = User | Post\n"
                       "enum Role { ADMIN USER @deprecated }\n"
                       "input Filter { role: Role = ADMIN }\n"
                       "scalar Date @specifiedBy(url: \"https://example.com/date\")\n"
                       "type Mutation { ping: Int }"));
    QCOMPARE(schema.queryType(), QStringLiteral("Query"));
    QCOMPARE(schema.mutationType(), QStringLiteral("Mutation"));
    QVERIFY(schema.subscriptionType().isEmpty());
    const NamedType *query = schema.type(u"Query");
    QCOMPARE(query->field(u"node")->arguments.front().type->toString(), QStringLiteral("ID!"));
    QVERIFY(query->field(u"old")->deprecated);
    QCOMPARE(query->field(u"old")->deprecationReason, QStringLiteral("gone"));
    QCOMPARE(schema.namedType(*query->field(u"search")->type)->name, QStringLiteral("Result"));
    QCOMPARE(schema.possibleTypes(*schema.type(u"Node")).size(), size_t(2));
    QCOMPARE(schema.possibleTypes(*schema.type(u"Result")).size(), size_t(2));
    QVERIFY(schema.type(u"Role")->enumValue(u"USER")->deprecated);
    QCOMPARE(schema.type(u"Role")->enumValue(u"USER")->deprecationReason,
             QStringLiteral("No longer supported"));
    QCOMPARE(schema.type(u"Date")->specifiedByUrl, QStringLiteral("https://example.com/date"));
    QVERIFY(schema.type(u"Filter")->isInputType());
    QVERIFY(!schema.type(u"User")->isInputType());
}

void tst_SchemaSdl::errors_data()
{
    QTest::addColumn<QString>("sdl");
    QTest::addColumn<QString>("error");
    QTest::newRow("unknown field type")
        << QStringLiteral("type Query { a: Nope }") << QStringLiteral("Unknown type \"Nope\"");
    QTest::newRow("unknown argument type") << QStringLiteral("type Query { a(x: [Nope!]): Int }")
                                           << QStringLiteral("Unknown type \"[Nope!]\"");
    QTest::newRow("twice") << QStringLiteral("type Query { a: Int } type Query { b: Int }")
                           << QStringLiteral("only one type named \"Query\"");
    QTest::newRow("built-in redefined") << QStringLiteral("scalar String type Query { a: Int }")
                                        << QStringLiteral("only one type named \"String\"");
    QTest::newRow("no query") << QStringLiteral("type Foo { a: Int }")
                              << QStringLiteral("needs a query root type");
    QTest::newRow("output as input") << QStringLiteral("type Query { a(x: Query): Int }")
                                     << QStringLiteral("must be an input type, not Query");
    QTest::newRow("input as output") << QStringLiteral("type Query { a: In } input In { b: Int }")
                                     << QStringLiteral("must be an output type, not In");
    QTest::newRow("extension of nothing")
        << QStringLiteral("type Query { a: Int } extend type Nope { b: Int }")
        << QStringLiteral("\"Nope\" because it is not defined");
    QTest::newRow("operation") << QStringLiteral("type Query { a: Int } { a }")
                               << QStringLiteral("no operations or fragments");
    QTest::newRow("bad interface") << QStringLiteral("type Query implements Query { a: Int }")
                                   << QStringLiteral("which is not an interface");
    QTest::newRow("bad member") << QStringLiteral("type Query { a: Int } union U = Query | Int")
                                << QStringLiteral("which is not an object type");
    QTest::newRow("reserved name") << QStringLiteral("type __Type { a: Int } type Query { a: Int }")
                                   << QStringLiteral("only one type named \"__Type\"");
    QTest::newRow("directive twice")
        << QStringLiteral("directive @skip on FIELD type Query { a: Int }")
        << QStringLiteral("only one directive named \"@skip\"");
}

void tst_SchemaSdl::errors()
{
    QFETCH(QString, sdl);
    QFETCH(QString, error);
    const QString message = schemaError(sdl);
    QVERIFY2(message.contains(error), qPrintable(message));
}

void tst_SchemaSdl::printsStableSdl()
{
    const QString sdl = QStringLiteral(
        "\"\"\"Root\"\"\"\ntype Query {\n  \"\"\"The user\"\"\"\n  user(id: ID!, limit: Int = 10): "
        "User\n}\n\ntype User {\n  id: ID!\n  tags: [String!]!\n}");
    const QString printed = Schema::fromSdl(sdl).toSdl();
    QCOMPARE(printed, sdl);
    QCOMPARE(Schema::fromSdl(printed).toSdl(), printed);
}

void tst_SchemaSdl::printing()
{
    QCOMPARE(printString(QStringLiteral("a\"b\\c\n\u0001\u007f")),
             QStringLiteral("\"a\\\"b\\\\c\\n\\u0001\\u007F\""));
    QCOMPARE(printBlockString(QStringLiteral("short")), QStringLiteral("\"\"\"short\"\"\""));
    QCOMPARE(printBlockString(QStringLiteral("two\nlines")),
             QStringLiteral("\"\"\"\ntwo\nlines\n\"\"\""));
    QCOMPARE(printBlockString(QStringLiteral("has \"\"\" inside")),
             QStringLiteral("\"\"\"has \\\"\"\" inside\"\"\""));
    QVERIFY(isPrintableAsBlockString(QStringLiteral("plain")));
    QVERIFY(!isPrintableAsBlockString(QStringLiteral("\nleading blank line")));
    QVERIFY(!isPrintableAsBlockString(QStringLiteral("carriage\rreturn")));
    QCOMPARE(printValue(parseValue(QStringLiteral("{a: [1, 2.5, \"s\", E, null, true]}"))),
             QStringLiteral("{a: [1, 2.5, \"s\", E, null, true]}"));
}

QTEST_GUILESS_MAIN(tst_SchemaSdl)
#include "tst_schema_sdl.moc"
