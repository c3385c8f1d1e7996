#include "tst_execution.h"

#include <rexorm/graphql/execution.h>
#include <rexorm/graphql/validation.h>
#include <rexorm/meta/decimal.h>
#include <rexorm/validation/validator.h>

#include "jsontext.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtTest/QTest>

using namespace RexOrm::GraphQL;

namespace {

const char *schemaSdl = R"(
scalar Money @specifiedBy(url: "https://example.com/money")
enum Role { ADMIN MEMBER }
interface Named { name: String }
type User implements Named {
  id: ID!
  name: String
  role: Role
  age: Int
  strict: String!
  friends(first: Int = 2): [User!]
  tags: [String!]!
  balance: Money
}
type Dog implements Named { name: String barks: Boolean }
union Pet = User | Dog
input Range { from: Int! to: Int = 10 }
type Query {
  user(id: ID!): User
  users(role: Role, range: Range): [User]
  pets: [Pet!]!
  named: [Named]
  echo(text: String, number: Int, list: [Int!], range: Range): String
  failing: String
  failingStrict: String!
  big: Int
  badEnum: Role
}
type Mutation { append(text: String!): String }
)";

QVariantMap user(int id, const QString &name)
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("name"), name},
            {QStringLiteral("role"), QStringLiteral("MEMBER")},
            {QStringLiteral("strict"), QStringLiteral("s")},
            {QStringLiteral("tags"), QStringList{QStringLiteral("a")}}};
}

struct Fixture
{
    Schema schema = Schema::fromSdl(QString::fromUtf8(schemaSdl));
    QStringList appended;

    Fixture()
    {
        schema.setResolver(
            u"Query", u"user",
            [](const QVariant &, const QVariantMap &args, const ResolveInfo &) -> QVariant {
                const int id = args.value(QStringLiteral("id")).toInt();
                if (id == 404)
                    return {};
                QVariantMap u = user(id, QStringLiteral("User %1").arg(id));
                if (id == 7)
                    u.remove(QStringLiteral("strict")); // breaks a non-null field
                if (id == 8)
                    u.insert(QStringLiteral("tags"), QVariantList{QStringLiteral("x"), QVariant()});
                if (id == 9)
                    u.insert(QStringLiteral("balance"),
                             QVariant::fromValue(RexOrm::Decimal(u"12345678901234567890.10")));
                return u;
            });
        schema.setResolver(
            u"User", u"friends",
            [](const QVariant &source, const QVariantMap &args, const ResolveInfo &) -> QVariant {
                QVariantList out;
                const int base = source.toMap().value(QStringLiteral("id")).toInt();
                for (int i = 1; i <= args.value(QStringLiteral("first")).toInt(); ++i)
                    out.append(user(base * 10 + i, QStringLiteral("Friend %1").arg(i)));
                return out;
            });
        schema.setResolver(
            u"Query", u"users",
            [](const QVariant &, const QVariantMap &args, const ResolveInfo &info) -> QVariant {
                // Lookahead: the fields asked for below, as the generated API plans its SQL.
                QStringList keys;
                for (const CollectedField &f : info.subfields(*info.schema().type(u"User")))
                    keys << f.responseKey;
                QVariantList out;
                const QVariantMap range = args.value(QStringLiteral("range")).toMap();
                for (int i = range.value(QStringLiteral("from"), 1).toInt();
                     i <= range.value(QStringLiteral("to"), 2).toInt(); ++i) {
                    QVariantMap u = user(i, keys.join(u','));
                    out.append(u);
                }
                return out;
            });
        schema.setResolver(
            u"Query", u"pets",
            [](const QVariant &, const QVariantMap &, const ResolveInfo &) -> QVariant {
                QVariantMap dog{{QStringLiteral("__typename"), QStringLiteral("Dog")},
                                {QStringLiteral("name"), QStringLiteral("Rex")},
                                {QStringLiteral("barks"), true}};
                QVariantMap u = user(1, QStringLiteral("Ann"));
                u.insert(QStringLiteral("__typename"), QStringLiteral("User"));
                return QVariantList{dog, u};
            });
        schema.mutableType(u"Named")->resolveType = [](const QVariant &value) {
            return value.toMap().contains(QStringLiteral("barks")) ? QStringLiteral("Dog")
                                                                   : QStringLiteral("User");
        };
        schema.setResolver(
            u"Query", u"named",
            [](const QVariant &, const QVariantMap &, const ResolveInfo &) -> QVariant {
                return QVariantList{QVariantMap{{QStringLiteral("name"), QStringLiteral("Rex")},
                                                {QStringLiteral("barks"), false}},
                                    user(2, QStringLiteral("Bob"))};
            });
        schema.setResolver(
            u"Query", u"echo",
            [](const QVariant &, const QVariantMap &args, const ResolveInfo &) -> QVariant {
                return QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(args))
                                             .toJson(QJsonDocument::Compact));
            });
        schema.setResolver(
            u"Query", u"failing",
            [](const QVariant &, const QVariantMap &, const ResolveInfo &) -> QVariant {
                throw FieldError(QStringLiteral("Nope."), {{QStringLiteral("code"), "NOPE"}});
            });
        schema.setResolver(
            u"Query", u"failingStrict",
            [](const QVariant &, const QVariantMap &, const ResolveInfo &) -> QVariant {
                throw RexOrm::ValidationError(
                    QStringLiteral("User"),
                    {{QStringLiteral("email"), {QStringLiteral("Email is not valid")}}});
            });
        schema.setResolver(u"Query", u"big",
                           [](const QVariant &, const QVariantMap &,
                              const ResolveInfo &) -> QVariant { return qint64(1) << 40; });
        schema.setResolver(u"Query", u"badEnum",
                           [](const QVariant &, const QVariantMap &,
                              const ResolveInfo &) -> QVariant { return QStringLiteral("OWNER"); });
        schema.setResolver(
            u"Mutation", u"append",
            [this](const QVariant &, const QVariantMap &args, const ResolveInfo &) -> QVariant {
                appended << args.value(QStringLiteral("text")).toString();
                return appended.join(u',');
            });
    }

    QJsonObject run(const QString &query, const QJsonObject &variables = {},
                    const ExecutionOptions &options = {}, const QString &operation = {})
    {
        const Document document = parse(query);
        const std::vector<GraphQLError> errors = validate(schema, document);
        if (!errors.empty())
            qFatal("invalid test document: %s", qPrintable(errors.front().message));
        const ExecutionResult result = execute(schema, document, operation, variables, options);
        return QJsonDocument::fromJson(result.toJson()).object();
    }
};

using RexOrmTest::compactJson;

} // namespace

void tst_Execution::fieldsAliasesAndOrder()
{
    Fixture f;
    const Document document =
        parse(QStringLiteral("{ zeta: user(id: 1) { name id } alpha: user(id: 2) { id ...F } } "
                             "fragment F on User { name role }"));
    const QByteArray json =
        execute(f.schema, document, {}, {}).toJson(); // the text, to see key order
    QCOMPARE(json, QByteArray(R"({"data":{"zeta":{"name":"User 1","id":"1"},)"
                              R"("alpha":{"id":"2","name":"User 2","role":"MEMBER"}}})"));
}

void tst_Execution::nestedWithArgumentDefaults()
{
    Fixture f;
    const QJsonObject r =
        f.run(QStringLiteral("{ user(id: 3) { friends { id friends(first: 1) { name } } } }"));
    QCOMPARE(compactJson(r),
             QStringLiteral(R"({"data":{"user":{"friends":[{"friends":[{"name":"Friend 1"}],)"
                            R"("id":"31"},{"friends":[{"name":"Friend 1"}],"id":"32"}]}}})"));
}

void tst_Execution::skipAndInclude()
{
    Fixture f;
    const QString query =
        QStringLiteral("query ($on: Boolean!) { user(id: 1) { id name @include(if: $on) "
                       "role @skip(if: $on) ... @include(if: false) { age } } }");
    QCOMPARE(compactJson(f.run(query, {{"on", true}})["data"]),
             QStringLiteral(R"({"user":{"id":"1","name":"User 1"}})"));
    QCOMPARE(compactJson(f.run(query, {{"on", false}})["data"]),
             QStringLiteral(R"({"user":{"id":"1","role":"MEMBER"}})"));
}

void tst_Execution::lookaheadSeesMergedFields()
{
    Fixture f;
    const QJsonObject r = f.run(QStringLiteral(
        "{ users(range: {from: 5, to: 5}) { name ... on User { id name } x: age } }"));
    QCOMPARE(compactJson(std::as_const(r)["data"]),
             QStringLiteral(R"({"users":[{"id":"5","name":"name,id,x",)"
                            R"("x":null}]})"));
}

void tst_Execution::variableCoercion()
{
    Fixture f;
    const QString query = QStringLiteral("query ($t: String, $n: Int, $l: [Int!], $r: Range) "
                                         "{ echo(text: $t, number: $n, list: $l, range: $r) }");
    QJsonObject r =
        f.run(query, {{"t", "hi"}, {"n", 3}, {"l", 4}, {"r", QJsonObject{{"from", 1}}}});
    QCOMPARE(std::as_const(r)["data"].toObject()["echo"].toString(),
             QStringLiteral(R"({"list":[4],"number":3,"range":{"from":1,"to":10},"text":"hi"})"));

    // Each bad variable is a request error: no data at all.
    r = f.run(query, {{"n", 1.5}, {"r", QJsonObject{{"to", 1}}}});
    QVERIFY(!r.contains("data"));
    const QJsonArray errors = std::as_const(r)["errors"].toArray();
    QCOMPARE(errors.size(), 2);
    QCOMPARE(errors[0]["message"].toString(),
             QStringLiteral("Variable \"$n\" got invalid value; Int cannot represent "
                            "non-integer value: 1.5"));
    QVERIFY2(errors[1]["message"].toString().contains("Field \"from\" of required type "
                                                      "\"Int!\" was not provided"),
             qPrintable(errors[1]["message"].toString()));

    r = f.run(QStringLiteral("query ($n: Int) { echo(number: $n) }"), {{"n", 4294967296.0}});
    QVERIFY(std::as_const(r)["errors"][0]["message"].toString().contains("non 32-bit"));

    r = f.run(QStringLiteral("query ($id: ID!) { user(id: $id) { id } }"));
    QCOMPARE(std::as_const(r)["errors"][0]["message"].toString(),
             QStringLiteral("Variable \"$id\" of required type \"ID!\" was not provided."));
    QCOMPARE(std::as_const(r)["errors"][0]["locations"][0]["column"].toInt(), 8);

    // Text survives the JSON writer: quotes, backslashes, control characters, non-ASCII.
    const QString tricky = QStringLiteral("q\"b\\s\n\t\u0001 \u00e9 \U0001F600 </script>");
    r = f.run(QStringLiteral("query ($t: String) { echo(text: $t) }"), {{"t", tricky}});
    QCOMPARE(QJsonDocument::fromJson(std::as_const(r)["data"]["echo"].toString().toUtf8())
                 .object()[QStringLiteral("text")]
                 .toString(),
             tricky);
    // Explicit null differs from absent: the default applies only to absent values.
    r = f.run(QStringLiteral("query ($n: Int = 5) { echo(number: $n) }"), {{"n", QJsonValue()}});
    QCOMPARE(std::as_const(r)["data"]["echo"].toString(), QStringLiteral(R"({"number":null})"));
    r = f.run(QStringLiteral("query ($n: Int = 5) { echo(number: $n) }"));
    QCOMPARE(std::as_const(r)["data"]["echo"].toString(), QStringLiteral(R"({"number":5})"));
}

void tst_Execution::nullPropagation()
{
    Fixture f;
    // A non-null field that resolves to null nulls its parent, with one error and a path.
    QJsonObject r = f.run(QStringLiteral("{ a: user(id: 7) { id strict } b: user(id: 1) { id } }"));
    QCOMPARE(compactJson(std::as_const(r)["data"]), QStringLiteral(R"({"a":null,"b":{"id":"1"}})"));
    QCOMPARE(std::as_const(r)["errors"].toArray().size(), 1);
    QCOMPARE(std::as_const(r)["errors"][0]["message"].toString(),
             QStringLiteral("Cannot return null for non-nullable field User.strict."));
    QCOMPARE(compactJson(std::as_const(r)["errors"][0]["path"]),
             QStringLiteral(R"(["a","strict"])"));

    // A null item of [String!]! nulls the list, which is non-null: up to the user.
    r = f.run(QStringLiteral("{ user(id: 8) { tags } }"));
    QCOMPARE(compactJson(std::as_const(r)["data"]), QStringLiteral(R"({"user":null})"));
    QCOMPARE(compactJson(std::as_const(r)["errors"][0]["path"]),
             QStringLiteral(R"(["user","tags",1])"));

    // A resolver error on a non-null root field: data is null.
    r = f.run(QStringLiteral("{ failingStrict }"));
    QVERIFY(r.contains("data") && std::as_const(r)["data"].isNull());
    QCOMPARE(std::as_const(r)["errors"][0]["extensions"]["code"].toString(),
             QStringLiteral("VALIDATION"));
    QCOMPARE(compactJson(std::as_const(r)["errors"][0]["extensions"]["fields"]),
             QStringLiteral(R"({"email":["Email is not valid"]})"));
}

void tst_Execution::partialResultsAndErrors()
{
    Fixture f;
    const QJsonObject r = f.run(QStringLiteral("{ failing big badEnum user(id: 404) { id } }"));
    QCOMPARE(compactJson(std::as_const(r)["data"]),
             QStringLiteral(R"({"badEnum":null,"big":null,"failing":null,"user":null})"));
    const QJsonArray errors = std::as_const(r)["errors"].toArray();
    QCOMPARE(errors.size(), 3);
    QCOMPARE(errors[0]["message"].toString(), QStringLiteral("Nope."));
    QCOMPARE(errors[0]["extensions"]["code"].toString(), QStringLiteral("NOPE"));
    QCOMPARE(compactJson(errors[0]["locations"]), QStringLiteral(R"([{"column":3,"line":1}])"));
    QVERIFY(errors[1]["message"].toString().startsWith("Int cannot represent non 32-bit"));
    QCOMPARE(errors[2]["message"].toString(),
             QStringLiteral("Enum \"Role\" cannot represent value: \"OWNER\""));
}

void tst_Execution::abstractTypes()
{
    Fixture f;
    QJsonObject r =
        f.run(QStringLiteral("{ pets { __typename ... on Dog { barks } ... on User { id } } "
                             "named { name ... on Dog { barks } } }"));
    QCOMPARE(compactJson(std::as_const(r)["data"]),
             QStringLiteral(R"({"named":[{"barks":false,"name":"Rex"},{"name":"Bob"}],)"
                            R"("pets":[{"__typename":"Dog","barks":true},)"
                            R"({"__typename":"User","id":"1"}]})"));
}

void tst_Execution::mutationsRunInOrder()
{
    Fixture f;
    const QJsonObject r = f.run(QStringLiteral(
        "mutation { c: append(text: \"c\") a: append(text: \"a\") b: append(text: \"b\") }"));
    QCOMPARE(compactJson(std::as_const(r)["data"]),
             QStringLiteral(R"({"a":"c,a","b":"c,a,b","c":"c"})"));
}

void tst_Execution::operationSelection()
{
    Fixture f;
    const QString two = QStringLiteral("query A { big } query B { user(id: 1) { id } }");
    QJsonObject r = f.run(two, {}, {}, QStringLiteral("B"));
    QCOMPARE(compactJson(std::as_const(r)["data"]), QStringLiteral(R"({"user":{"id":"1"}})"));
    r = f.run(two);
    QCOMPARE(std::as_const(r)["errors"][0]["message"].toString(),
             QStringLiteral("Must provide operation name if query contains multiple "
                            "operations."));
    r = f.run(two, {}, {}, QStringLiteral("C"));
    QCOMPARE(std::as_const(r)["errors"][0]["message"].toString(),
             QStringLiteral("Unknown operation named \"C\"."));
}

void tst_Execution::unreadableSkipCondition()
{
    Fixture f;
    // $on may be null (it has a default), but @include needs a Boolean!: no data at the root, a
    // field error below it; never an exception out of execute().
    QJsonObject r = f.run(QStringLiteral("query ($on: Boolean = true) { big @include(if: $on) }"),
                          {{"on", QJsonValue()}});
    QVERIFY(std::as_const(r).contains("data") && std::as_const(r)["data"].isNull());
    QVERIFY(std::as_const(r)["errors"][0]["message"].toString().contains("Boolean!"));
    r = f.run(QStringLiteral("query ($on: Boolean = true) { user(id: 1) { id name @skip(if: $on) "
                             "} big }"),
              {{"on", QJsonValue()}});
    QCOMPARE(compactJson(std::as_const(r)["data"]), QStringLiteral(R"({"big":null,"user":null})"));
    QCOMPARE(compactJson(std::as_const(r)["errors"][0]["path"]), QStringLiteral(R"(["user"])"));
}

void tst_Execution::customScalarsAndDecimals()
{
    Fixture f;
    const QJsonObject r = f.run(QStringLiteral("{ user(id: 9) { balance } }"));
    QCOMPARE(std::as_const(r)["data"]["user"]["balance"].toString(),
             QStringLiteral("12345678901234567890.10")); // exact, never a double
}

void tst_Execution::introspection()
{
    Fixture f;
    QJsonObject r = f.run(QStringLiteral(
        "{ __type(name: \"User\") { kind name fields { name type { kind name ofType { name } } "
        "args { name defaultValue } } interfaces { name } } "
        "__schema { queryType { name } mutationType { name } subscriptionType { name } } "
        "money: __type(name: \"Money\") { specifiedByURL } "
        "range: __type(name: \"Range\") { inputFields { name defaultValue } } }"));
    const QJsonObject type = std::as_const(r)["data"]["__type"].toObject();
    QCOMPARE(type["kind"].toString(), QStringLiteral("OBJECT"));
    QCOMPARE(type["fields"].toArray().size(), 8);
    QCOMPARE(compactJson(type["fields"][0]),
             QStringLiteral(R"({"args":[],"name":"id","type":{"kind":"NON_NULL","name":null,)"
                            R"("ofType":{"name":"ID"}}})"));
    QCOMPARE(compactJson(type["fields"][5]["args"]),
             QStringLiteral(R"([{"defaultValue":"2","name":"first"}])"));
    QCOMPARE(compactJson(type["interfaces"]), QStringLiteral(R"([{"name":"Named"}])"));
    QCOMPARE(compactJson(std::as_const(r)["data"]["__schema"]),
             QStringLiteral(R"({"mutationType":{"name":"Mutation"},"queryType":{"name":)"
                            R"("Query"},"subscriptionType":null})"));
    QCOMPARE(std::as_const(r)["data"]["money"]["specifiedByURL"].toString(),
             QStringLiteral("https://example.com/money"));
    QCOMPARE(compactJson(std::as_const(r)["data"]["range"]["inputFields"]),
             QStringLiteral(R"([{"defaultValue":null,"name":"from"},)"
                            R"({"defaultValue":"10","name":"to"}])"));

    ExecutionOptions closed;
    closed.introspection = false;
    r = f.run(QStringLiteral("query Q { ...F } fragment F on Query { __schema { __typename } }"),
              {}, closed);
    QVERIFY(!r.contains("data"));
    QCOMPARE(std::as_const(r)["errors"][0]["extensions"]["code"].toString(),
             QStringLiteral("INTROSPECTION_DISABLED"));
    // __typename is not introspection of the schema: it stays available.
    r = f.run(QStringLiteral("{ __typename }"), {}, closed);
    QCOMPARE(compactJson(std::as_const(r)["data"]), QStringLiteral(R"({"__typename":"Query"})"));
}

void tst_Execution::limits()
{
    Fixture f;
    ExecutionOptions options;
    options.maxDepth = 3;
    options.maxNodes = 6;
    const QString deep =
        QStringLiteral("{ user(id: 1) { friends { friends { friends { id } } } } }");
    QJsonObject r = f.run(deep, {}, options);
    QVERIFY(!r.contains("data"));
    QCOMPARE(std::as_const(r)["errors"][0]["message"].toString(),
             QStringLiteral("The query exceeds the maxDepth limit: 5, the limit is 3."));
    QCOMPARE(std::as_const(r)["errors"][0]["extensions"]["limit"].toString(),
             QStringLiteral("maxDepth"));

    // Fragments count once per use: four spreads of a three-field fragment is twelve.
    r = f.run(QStringLiteral("{ a: user(id: 1) { ...F } b: user(id: 1) { ...F } } "
                             "fragment F on User { id name role }"),
              {}, options);
    QCOMPARE(std::as_const(r)["errors"][0]["message"].toString(),
             QStringLiteral("The query exceeds the maxNodes limit: 8, the limit is 6."));
    options.maxNodes = 8;
    r = f.run(QStringLiteral("{ a: user(id: 1) { ...F } b: user(id: 1) { ...F } } "
                             "fragment F on User { id name role }"),
              {}, options);
    QVERIFY(!r.contains("errors"));

    // Fields under __schema count as nodes, not as depth: deep introspection stays possible,
    // but not many copies of it.
    r = f.run(QStringLiteral("{ __schema { types { fields { type { ofType { ofType { name "
                             "} } } } } } }"),
              {}, options);
    QVERIFY(!r.contains("errors"));
    r = f.run(QStringLiteral("{ a: __schema { types { name } } b: __schema { types { name } } "
                             "c: __schema { types { name } } }"),
              {}, options);
    QCOMPARE(std::as_const(r)["errors"][0]["message"].toString(),
             QStringLiteral("The query exceeds the maxNodes limit: 9, the limit is 8."));
}

QTEST_GUILESS_MAIN(tst_Execution)
