#include "tst_api.h"

#include "blogmodels.h"

#include "testdatabases.h"

#include <rexorm/graphql/api.h>
#include <rexorm/graphql/execution.h>
#include <rexorm/graphql/liveapi.h>
#include <rexorm/graphql/validation.h>
#include <rexorm/meta/schemainspector.h>
#include <rexorm/query/query.h>
#include <rexorm/validation/validator.h>

#include "jsontext.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QLoggingCategory>
#include <QtCore/QMutex>
#include <QtCore/QUuid>

using namespace RexOrm;
using namespace RexOrm::GraphQL;

namespace {

// Counts the SQL statements RexOrm runs (rexorm.sql debug lines) while alive.
class StatementCounter
{
public:
    StatementCounter()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("rexorm.sql.debug=true"));
        s_count = 0;
        s_previous = qInstallMessageHandler(&StatementCounter::handler);
    }
    ~StatementCounter()
    {
        qInstallMessageHandler(s_previous);
        QLoggingCategory::setFilterRules(QStringLiteral("rexorm.sql.debug=false"));
    }
    int count() const { return s_count; }
    QStringList statements() const { return s_statements; }
    void reset()
    {
        s_count = 0;
        s_statements.clear();
    }

private:
    static void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        if (type == QtDebugMsg && qstrcmp(context.category, "rexorm.sql") == 0 &&
            message.contains(QStringLiteral(" row(s)"))) {
            ++s_count;
            s_statements << message;
            return;
        }
        if (type != QtDebugMsg)
            s_previous(type, context, message);
    }
    static inline int s_count = 0;
    static inline QStringList s_statements;
    static inline QtMessageHandler s_previous = nullptr;
};

struct Api
{
    Database db;
    Registry registry;
    std::shared_ptr<Schema> schema;
    std::shared_ptr<const LiveApi> live;

    Api(const DatabaseConfig &config, const ApiOptions &options = {})
        : Api(Database(config), options)
    {}
    explicit Api(Database database, const ApiOptions &options = {}) : db(std::move(database))
    {
        SchemaInspector(db).registerAll(registry);
        const GeneratedApi generated = generateApi(db, registry, options);
        schema = generated.schema;
        live = generated.live;
    }

    QJsonObject run(const QString &query, const QJsonObject &variables = {},
                    const ExecutionOptions &options = {}, const QVariant &root = {})
    {
        const Document document = parse(query);
        const std::vector<GraphQLError> errors = validate(*schema, document);
        if (!errors.empty()) {
            QJsonArray list;
            for (const GraphQLError &e : errors)
                list << e.toJson();
            return {{QStringLiteral("errors"), list}};
        }
        return QJsonDocument::fromJson(
                   execute(*schema, document, {}, variables, options, root).toJson())
            .object();
    }
};

using RexOrmTest::compactJson;

QJsonValue data(const QJsonObject &response, const QString &field)
{
    if (response.contains(QStringLiteral("errors")))
        qWarning("errors: %s", qPrintable(compactJson(response.value(QStringLiteral("errors")))));
    return response.value(QStringLiteral("data")).toObject().value(field);
}

QString firstError(const QJsonObject &response)
{
    return response.value(QStringLiteral("errors"))
        .toArray()
        .at(0)
        .toObject()
        .value(QStringLiteral("message"))
        .toString();
}

// users (id, name, email, age, score) and their posts, with a few rows.
Database createBlog(const DatabaseConfig &config)
{
    Database db(config);
    const Dialect &d = db.dialect();
    RexOrmTest::dropTables(db, {QStringLiteral("posts"), QStringLiteral("users")});
    const QString id = d.autoIncrementPrimaryKey({ColumnType::BigInt});
    db.execute(QStringLiteral("CREATE TABLE users (id %1, name %2 NOT NULL, email %2 UNIQUE, "
                              "age INTEGER, score %3)")
                   .arg(id, d.typeName({ColumnType::String, 100}),
                        d.typeName({ColumnType::Decimal, 0, 10, 2})));
    db.execute(QStringLiteral("CREATE TABLE posts (id %1, user_id BIGINT NOT NULL REFERENCES users "
                              "(id), title %2 NOT NULL, views INTEGER NOT NULL DEFAULT 0)")
                   .arg(id, d.typeName({ColumnType::String, 200})));
    const char *users[][4] = {{"Jane Doe", "jane@example.com", "34", "12.50"},
                              {"Bob", "bob@example.com", "17", nullptr},
                              {"Cid", nullptr, nullptr, "99999999.99"},
                              {"Dora", "dora@example.org", "51", "0.10"}};
    for (const auto &u : users)
        db.execute(
            QStringLiteral("INSERT INTO users (name, email, age, score) VALUES (?, ?, ?, ?)"),
            {QString::fromLatin1(u[0]), u[1] ? QVariant(QString::fromLatin1(u[1])) : QVariant(),
             u[2] ? QVariant(QString::fromLatin1(u[2]).toInt()) : QVariant(),
             u[3] ? QVariant(QString::fromLatin1(u[3])) : QVariant()});
    const std::pair<int, const char *> posts[] = {
        {1, "Hello"}, {1, "Again"}, {1, "Third"}, {2, "Teen post"}, {4, "Dora's"}};
    for (const auto &[user, title] : posts)
        db.execute(QStringLiteral("INSERT INTO posts (user_id, title, views) VALUES (?, ?, ?)"),
                   {user, QString::fromUtf8(title), user * 10});
    return db;
}

} // namespace

void tst_Api::specIntegration_data()
{
    RexOrmTest::addBackendColumns();
}

void tst_Api::specIntegration()
{
    REXORM_TEST_CONFIG(config);
    Api api(createBlog(config));
    const QJsonObject r = api.run(QStringLiteral("{ getUser(id: \"1\") { id name email } }"));
    QCOMPARE(compactJson(data(r, QStringLiteral("getUser"))),
             QStringLiteral(R"({"email":"jane@example.com","id":"1","name":"Jane Doe"})"));
    QVERIFY(data(api.run(QStringLiteral("{ getUser(id: 404) { id } }")), QStringLiteral("getUser"))
                .isNull());
    // A key that is not a number, for an integer key: a field error, never SQL with text in it.
    const QJsonObject bad = api.run(QStringLiteral("{ getUser(id: \"1 OR 1=1\") { id } }"));
    QVERIFY2(firstError(bad).contains(QStringLiteral("integer column")),
             qPrintable(firstError(bad)));
}

void tst_Api::chinookNestedOneStatementPerLevel_data()
{
    RexOrmTest::addBackendColumns();
}

void tst_Api::chinookNestedOneStatementPerLevel()
{
    REXORM_TEST_CHINOOK(config);
    Api api(config);
    StatementCounter counter;
    const QJsonObject r = api.run(QStringLiteral(R"({
      listArtists(limit: 50, orderBy: [{field: artistId}]) {
        name
        albums(orderBy: [{field: title}]) { title tracks(first: 3) { name genre { name } } }
      }
    })"));
    // Artists, their albums, the albums' tracks, the tracks' genres: four levels, four statements
    // for 50 artists, hundreds of albums and tracks.
    QCOMPARE(counter.count(), 4);
    const QJsonArray artists = data(r, QStringLiteral("listArtists")).toArray();
    QCOMPARE(artists.size(), 50);
    QCOMPARE(artists[0][QStringLiteral("name")].toString(), QStringLiteral("AC/DC"));
    QCOMPARE(compactJson(artists[0][QStringLiteral("albums")]),
             QStringLiteral(
                 R"([{"title":"For Those About To Rock We Salute You","tracks":[)"
                 R"x({"genre":{"name":"Rock"},"name":"For Those About To Rock (We Salute You)"},)x"
                 R"({"genre":{"name":"Rock"},"name":"Put The Finger On You"},)"
                 R"({"genre":{"name":"Rock"},"name":"Let's Get It Up"}]},)"
                 R"({"title":"Let There Be Rock","tracks":[{"genre":{"name":"Rock"},"name":"Go )"
                 R"(Down"},{"genre":{"name":"Rock"},"name":"Dog Eat Dog"},)"
                 R"({"genre":{"name":"Rock"},"name":"Let There Be Rock"}]}])"));

    // Invoices with their lines: decimals stay exact.
    counter.reset();
    const QJsonObject invoices = api.run(QStringLiteral(
        "{ getInvoice(invoiceId: 1) { total invoiceLines { unitPrice quantity track { name } } "
        "customer { firstName lastName } } }"));
    QCOMPARE(counter.count(), 4);
    const QJsonObject invoice = data(invoices, QStringLiteral("getInvoice")).toObject();
    QCOMPARE(invoice[QStringLiteral("total")].toString(), QStringLiteral("1.98"));
    QCOMPARE(compactJson(invoice[QStringLiteral("invoiceLines")]),
             QStringLiteral(R"([{"quantity":1,"track":{"name":"Balls to the Wall"},)"
                            R"("unitPrice":"0.99"},{"quantity":1,"track":{"name":"Restless and )"
                            R"(Wild"},"unitPrice":"0.99"}])"));
    QCOMPARE(compactJson(invoice[QStringLiteral("customer")]),
             QStringLiteral(R"({"firstName":"Leonie","lastName":"Köhler"})"));
}

void tst_Api::filtersAndOrdering_data()
{
    RexOrmTest::addBackendColumns();
}

void tst_Api::filtersAndOrdering()
{
    REXORM_TEST_CONFIG(config);
    Api api(createBlog(config));
    const auto names = [&](const QString &arguments) {
        const QJsonObject r = api.run(QStringLiteral("{ listUsers(%1) { name } }").arg(arguments));
        QStringList out;
        for (const QJsonValue &u : data(r, QStringLiteral("listUsers")).toArray())
            out << u[QStringLiteral("name")].toString();
        if (r.contains(QStringLiteral("errors")))
            out << QStringLiteral("error: ") + firstError(r);
        return out.join(u',');
    };
    QCOMPARE(names(QStringLiteral("where: {age: {gt: 20}}")), QStringLiteral("Jane Doe,Dora"));
    QCOMPARE(names(QStringLiteral("where: {age: {isNull: true}}")), QStringLiteral("Cid"));
    QCOMPARE(names(QStringLiteral("where: {email: {eq: null}}")), QStringLiteral("Cid"));
    QCOMPARE(names(QStringLiteral("where: {id: {in: [2, \"3\"]}}")), QStringLiteral("Bob,Cid"));
    QCOMPARE(names(QStringLiteral("where: {id: {nin: [1]}, name: {neq: \"Cid\"}}")),
             QStringLiteral("Bob,Dora"));
    QCOMPARE(names(QStringLiteral("where: {name: {ilike: \"%DO%\"}}")),
             QStringLiteral("Jane Doe,Dora"));
    QCOMPARE(names(QStringLiteral("where: {email: {like: \"%.org\"}}")), QStringLiteral("Dora"));
    QCOMPARE(names(QStringLiteral("where: {or: [{age: {lt: 18}}, {score: {gte: \"1000\"}}]}")),
             QStringLiteral("Bob,Cid"));
    QCOMPARE(names(QStringLiteral("where: {not: {or: [{age: {lt: 18}}, {name: {eq: \"Cid\"}}]}}")),
             QStringLiteral("Jane Doe,Dora"));
    QCOMPARE(names(QStringLiteral("where: {and: [{age: {gte: 17}}, {age: {lte: 34}}]}")),
             QStringLiteral("Jane Doe,Bob"));
    QCOMPARE(names(QStringLiteral("orderBy: [{field: age, direction: DESC, nulls: LAST}]")),
             QStringLiteral("Dora,Jane Doe,Bob,Cid"));
    QCOMPARE(names(QStringLiteral("orderBy: [{field: age, nulls: FIRST}]")),
             QStringLiteral("Cid,Bob,Jane Doe,Dora"));
    QCOMPARE(names(QStringLiteral("orderBy: [{field: name}], limit: 2, offset: 1")),
             QStringLiteral("Cid,Dora"));
    // An empty condition is true: in an or, it makes the whole or true.
    QCOMPARE(names(QStringLiteral("where: {or: [{}, {name: {eq: \"Cid\"}}]}")),
             QStringLiteral("Jane Doe,Bob,Cid,Dora"));
    QCOMPARE(names(QStringLiteral("where: {and: [{}, {name: {eq: \"Cid\"}}]}")),
             QStringLiteral("Cid"));
    // Values are bound: quotes and SQL in a filter are just text.
    QCOMPARE(names(QStringLiteral("where: {name: {eq: \"x' OR '1'='1\"}}")), QString());

    // Relations take where, orderBy and first; each parent gets its own first rows.
    const QJsonObject r = api.run(QStringLiteral(
        "{ listUsers(orderBy: [{field: id}]) { name posts(orderBy: [{field: views, direction: "
        "DESC}, {field: title}], first: 2, where: {title: {neq: \"Again\"}}) { title } } }"));
    QCOMPARE(compactJson(data(r, QStringLiteral("listUsers"))),
             QStringLiteral(R"([{"name":"Jane Doe","posts":[{"title":"Hello"},{"title":"Third"}]},)"
                            R"({"name":"Bob","posts":[{"title":"Teen post"}]},)"
                            R"({"name":"Cid","posts":[]},{"name":"Dora","posts":[{"title":)"
                            R"("Dora's"}]}])"));
    // belongsTo, and aliases of one relation with different arguments.
    const QJsonObject aliased = api.run(QStringLiteral(
        "{ getUser(id: 1) { a: posts(first: 1) { title user { name } } b: posts(first: 1, "
        "orderBy: [{field: title, direction: DESC}]) { title } } }"));
    QCOMPARE(compactJson(data(aliased, QStringLiteral("getUser"))),
             QStringLiteral(R"({"a":[{"title":"Hello","user":{"name":"Jane Doe"}}],)"
                            R"("b":[{"title":"Third"}]})"));
}

void tst_Api::connections_data()
{
    RexOrmTest::addBackendColumns();
}

void tst_Api::connections()
{
    REXORM_TEST_CONFIG(config);
    Api api(createBlog(config));
    const QString query = QStringLiteral(
        "query ($first: Int, $after: String, $last: Int, $before: String) { users(first: $first, "
        "after: $after, last: $last, before: $before, orderBy: [{field: name}]) { totalCount "
        "edges { cursor node { name } } pageInfo { hasNextPage hasPreviousPage startCursor "
        "endCursor } } }");
    const auto page = [&](const QJsonObject &variables) {
        return data(api.run(query, variables), QStringLiteral("users")).toObject();
    };
    const auto namesOf = [](const QJsonObject &connection) {
        QStringList out;
        for (const QJsonValue &edge : connection[QStringLiteral("edges")].toArray())
            out << edge[QStringLiteral("node")][QStringLiteral("name")].toString();
        return out.join(u',');
    };
    QJsonObject first = page({{"first", 2}});
    QCOMPARE(namesOf(first), QStringLiteral("Bob,Cid"));
    QCOMPARE(first[QStringLiteral("totalCount")].toInt(), 4);
    QJsonObject info = first[QStringLiteral("pageInfo")].toObject();
    QVERIFY(info[QStringLiteral("hasNextPage")].toBool());
    QVERIFY(!info[QStringLiteral("hasPreviousPage")].toBool());

    QJsonObject second = page({{"first", 2}, {"after", info[QStringLiteral("endCursor")]}});
    QCOMPARE(namesOf(second), QStringLiteral("Dora,Jane Doe"));
    QCOMPARE(second[QStringLiteral("totalCount")].toInt(), 4);
    info = second[QStringLiteral("pageInfo")].toObject();
    QVERIFY(!info[QStringLiteral("hasNextPage")].toBool());
    QVERIFY(info[QStringLiteral("hasPreviousPage")].toBool());

    QCOMPARE(namesOf(page({{"last", 3}})), QStringLiteral("Cid,Dora,Jane Doe"));
    QCOMPARE(namesOf(page({{"last", 1}, {"before", info[QStringLiteral("startCursor")]}})),
             QStringLiteral("Cid"));
    // Past the end: an empty page that still counts every row.
    QJsonObject beyond = page({{"first", 2}, {"after", info[QStringLiteral("endCursor")]}});
    QCOMPARE(namesOf(beyond), QString());
    QCOMPARE(beyond[QStringLiteral("totalCount")].toInt(), 4);

    const QJsonObject bad = api.run(query, {{"after", "not a cursor"}});
    QCOMPARE(firstError(bad), QStringLiteral("after is not a cursor of this API."));
    const QString huge = QString::fromLatin1(QByteArray("rex:9223372036854775807").toBase64());
    QCOMPARE(firstError(api.run(query, {{"after", huge}})),
             QStringLiteral("after is not a cursor of this API."));
    QCOMPARE(firstError(api.run(query, {{"first", 1}, {"last", 1}})),
             QStringLiteral("Give first or last, not both."));
    // first: 0 still counts; first before a cursor has no next page inside the window.
    QCOMPARE(page({{"first", 0}})[QStringLiteral("totalCount")].toInt(), 4);
    const QString third = QString::fromLatin1(QByteArray("rex:2").toBase64());
    QJsonObject window = page({{"first", 10}, {"before", third}});
    QCOMPARE(namesOf(window), QStringLiteral("Bob,Cid"));
    QVERIFY(!window[QStringLiteral("pageInfo")][QStringLiteral("hasNextPage")].toBool());
    window = page({{"last", 1}, {"before", third}});
    QCOMPARE(namesOf(window), QStringLiteral("Cid"));
    QVERIFY(window[QStringLiteral("pageInfo")][QStringLiteral("hasPreviousPage")].toBool());
    QVERIFY(window[QStringLiteral("pageInfo")][QStringLiteral("hasNextPage")].toBool());
    // nodes and edges.node are planned apart: the same alias may mean different things.
    const QJsonObject apart = api.run(QStringLiteral(
        "{ users(first: 1, orderBy: [{field: id}]) { nodes { x: posts(first: 1) { title } } "
        "edges { node { x: posts(first: 2) { title } y: name } } } }"));
    QCOMPARE(compactJson(data(apart, QStringLiteral("users"))),
             QStringLiteral(R"({"edges":[{"node":{"x":[{"title":"Hello"},{"title":"Again"}],)"
                            R"("y":"Jane Doe"}}],"nodes":[{"x":[{"title":"Hello"}]}]})"));
    // nodes and edges together select the same rows.
    const QJsonObject both = api.run(QStringLiteral(
        "{ users(first: 1, orderBy: [{field: name, direction: DESC}]) { nodes { name } edges { "
        "node { email } } } }"));
    QCOMPARE(compactJson(data(both, QStringLiteral("users"))),
             QStringLiteral(R"({"edges":[{"node":{"email":"jane@example.com"}}],)"
                            R"("nodes":[{"name":"Jane Doe"}]})"));
}

void tst_Api::aggregates_data()
{
    RexOrmTest::addBackendColumns();
}

void tst_Api::aggregates()
{
    REXORM_TEST_CONFIG(config);
    Api api(createBlog(config));
    StatementCounter counter;
    const QJsonObject r = api.run(QStringLiteral(
        "{ usersAggregate(where: {score: {isNull: false}}) { count sum { score age } avg { age } "
        "min { score } max { score age } } }"));
    QCOMPARE(counter.count(), 1);
    const QJsonObject a = data(r, QStringLiteral("usersAggregate")).toObject();
    QCOMPARE(a[QStringLiteral("count")].toInt(), 3);
    QCOMPARE(a[QStringLiteral("sum")][QStringLiteral("age")].toString(), QStringLiteral("85"));
    QCOMPARE(a[QStringLiteral("avg")][QStringLiteral("age")].toDouble(), 42.5);
    // Exact at the column's scale everywhere, SQLite's floating-point NUMERIC included.
    QCOMPARE(a[QStringLiteral("min")][QStringLiteral("score")].toString(), QStringLiteral("0.10"));
    QCOMPARE(a[QStringLiteral("max")][QStringLiteral("score")].toString(),
             QStringLiteral("99999999.99"));
    QCOMPARE(a[QStringLiteral("sum")][QStringLiteral("score")].toString(),
             QStringLiteral("100000012.59"));
    QCOMPARE(a[QStringLiteral("max")][QStringLiteral("age")].toInt(), 51);
}

void tst_Api::mutations_data()
{
    RexOrmTest::addBackendColumns();
}

void tst_Api::mutations()
{
    REXORM_TEST_CONFIG(config);
    Api api(createBlog(config));
    Validator::addRule(QStringLiteral("users"), QStringLiteral("email"),
                       [](const QVariant &value, const QVariantMap &) {
                           return value.isNull() || value.toString().contains(u'@')
                                      ? QString()
                                      : QStringLiteral("Email is not valid");
                       });
    const auto cleanup = qScopeGuard([] { Validator::clearRules(QStringLiteral("users")); });

    QJsonObject r = api.run(QStringLiteral(
        "mutation { createUser(name: \"Eve\", email: \"eve@example.com\", score: \"3.25\") { id "
        "name score posts { title } } }"));
    const QJsonObject eve = data(r, QStringLiteral("createUser")).toObject();
    QCOMPARE(eve[QStringLiteral("name")].toString(), QStringLiteral("Eve"));
    QCOMPARE(eve[QStringLiteral("score")].toString(), QStringLiteral("3.25"));
    const QString eveId = eve[QStringLiteral("id")].toString();

    r = api.run(QStringLiteral("mutation ($id: ID!) { updateUser(id: $id, age: 30) { name age } }"),
                {{"id", eveId}});
    QCOMPARE(compactJson(data(r, QStringLiteral("updateUser"))),
             QStringLiteral(R"({"age":30,"name":"Eve"})"));
    r = api.run(QStringLiteral("mutation { updateUser(id: 999, age: 30) { name } }"));
    QVERIFY(data(r, QStringLiteral("updateUser")).isNull());

    // Validation: a GraphQL error with the code and a message per field; nothing is written.
    r = api.run(QStringLiteral("mutation { createUser(name: \"Bad\", email: \"nope\") { id } }"));
    const QJsonObject error = r[QStringLiteral("errors")].toArray().at(0).toObject();
    QCOMPARE(error[QStringLiteral("extensions")][QStringLiteral("code")].toString(),
             QStringLiteral("VALIDATION"));
    QCOMPARE(compactJson(error[QStringLiteral("extensions")][QStringLiteral("fields")]),
             QStringLiteral(R"({"email":["Email is not valid"]})"));
    QCOMPARE(Query(QStringLiteral("users"))
                 .where(QStringLiteral("name"), QStringLiteral("Bad"))
                 .count(api.db),
             0);

    // A bulk insert with one bad row writes nothing.
    r = api.run(QStringLiteral("mutation { createUsers(input: [{name: \"A1\"}, {name: \"A2\", "
                               "email: \"broken\"}]) { id } }"));
    QVERIFY(r.contains(QStringLiteral("errors")));
    QCOMPARE(Query(QStringLiteral("users"))
                 .whereLike(QStringLiteral("name"), QStringLiteral("A%"))
                 .count(api.db),
             0);
    r = api.run(QStringLiteral("mutation { createUsers(input: [{name: \"A1\"}, {name: \"A2\"}]) "
                               "{ name } }"));
    QCOMPARE(compactJson(data(r, QStringLiteral("createUsers"))),
             QStringLiteral(R"([{"name":"A1"},{"name":"A2"}])"));

    // Upsert: the same key updates, a new key inserts.
    r = api.run(QStringLiteral("mutation ($id: ID) { upsertUser(input: {id: $id, name: \"Eve 2\"}) "
                               "{ id name email } }"),
                {{"id", eveId}});
    QCOMPARE(data(r, QStringLiteral("upsertUser"))[QStringLiteral("name")].toString(),
             QStringLiteral("Eve 2"));
    QCOMPARE(data(r, QStringLiteral("upsertUser"))[QStringLiteral("email")].toString(),
             QStringLiteral("eve@example.com"));
    r = api.run(QStringLiteral("mutation { upsertUser(input: {id: 500, name: \"Five\"}) { id } }"));
    QCOMPARE(data(r, QStringLiteral("upsertUser"))[QStringLiteral("id")].toString(),
             QStringLiteral("500"));

    // Delete returns the row as it was.
    r = api.run(QStringLiteral("mutation ($id: ID!) { deleteUser(id: $id) { name } }"),
                {{"id", eveId}});
    QCOMPARE(data(r, QStringLiteral("deleteUser"))[QStringLiteral("name")].toString(),
             QStringLiteral("Eve 2"));
    r = api.run(QStringLiteral("mutation ($id: ID!) { deleteUser(id: $id) { name } }"),
                {{"id", eveId}});
    QVERIFY(data(r, QStringLiteral("deleteUser")).isNull());
}

void tst_Api::bulkMutationsAreGuarded_data()
{
    RexOrmTest::addBackendColumns();
}

void tst_Api::bulkMutationsAreGuarded()
{
    REXORM_TEST_CONFIG(config);
    Api api(createBlog(config));
    QJsonObject r = api.run(QStringLiteral(
        "mutation { updatePosts(where: {userId: {eq: 1}}, set: {views: 7}, atMost: 2) }"));
    QCOMPARE(r[QStringLiteral("errors")][0][QStringLiteral("extensions")][QStringLiteral("code")]
                 .toString(),
             QStringLiteral("AT_MOST"));
    QCOMPARE(Query(QStringLiteral("posts")).where(QStringLiteral("views"), 7).count(api.db), 0);
    r = api.run(QStringLiteral(
        "mutation { updatePosts(where: {userId: {eq: 1}}, set: {views: 7}, atMost: 3) }"));
    QCOMPARE(data(r, QStringLiteral("updatePosts")).toInt(), 3);
    QCOMPARE(Query(QStringLiteral("posts")).where(QStringLiteral("views"), 7).count(api.db), 3);

    r = api.run(QStringLiteral("mutation { deletePosts(where: {views: {eq: 7}}, atMost: 1) }"));
    QVERIFY(firstError(r).startsWith(QStringLiteral("3 rows match, more than atMost (1)")));
    QCOMPARE(Query(QStringLiteral("posts")).count(api.db), 5);
    r = api.run(QStringLiteral("mutation { deletePosts(where: {views: {eq: 7}}, atMost: 3) }"));
    QCOMPARE(data(r, QStringLiteral("deletePosts")).toInt(), 3);
    QCOMPARE(Query(QStringLiteral("posts")).count(api.db), 2);
}

void tst_Api::hiddenColumnsNeverAppear()
{
    DatabaseConfig config;
    config.driver = QStringLiteral("sqlite");
    config.databasePath = QStringLiteral(":memory:");
    Database db(config);
    db.execute(QStringLiteral("CREATE TABLE accounts (id INTEGER PRIMARY KEY, login TEXT NOT NULL, "
                              "password_hash TEXT NOT NULL)"));
    db.execute(QStringLiteral("INSERT INTO accounts VALUES (1, 'ann', 'secret')"));
    Registry registry;
    EntityInfo accounts = SchemaInspector(db).inspect(QStringLiteral("accounts"));
    for (ColumnInfo &c : accounts.columns)
        c.hidden = c.name == u"password_hash";
    registry.registerEntity(accounts);
    const std::shared_ptr<Schema> schema = generateSchema(db, registry);
    const QString sdl = schema->toSdl();
    QVERIFY(!sdl.contains(QStringLiteral("password")));
    QVERIFY(sdl.contains(QStringLiteral("login")));
    const Document document =
        parse(QStringLiteral("{ listAccounts(where: {passwordHash: {eq: \"secret\"}}) { id } }"));
    QVERIFY(!validate(*schema, document).empty());
}

void tst_Api::compiledModels_data()
{
    RexOrmTest::addBackendColumns();
}

void tst_Api::compiledModels()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    const Dialect &d = db.dialect();
    RexOrmTest::dropTables(db, {QStringLiteral("api_posts"), QStringLiteral("api_users")});
    const QString id = d.autoIncrementPrimaryKey({ColumnType::BigInt});
    db.execute(QStringLiteral("CREATE TABLE api_users (id %1, name %2 NOT NULL, password_hash %2)")
                   .arg(id, d.typeName({ColumnType::String, 100})));
    db.execute(QStringLiteral("CREATE TABLE api_posts (id %1, user_id BIGINT NOT NULL, title %2 "
                              "NOT NULL)")
                   .arg(id, d.typeName({ColumnType::String, 200})));
    Registry registry;
    registry.registerModel<ApiUser>();
    registry.registerModel<ApiPost>();
    const std::shared_ptr<Schema> schema = generateSchema(db, registry);
    QVERIFY(!schema->toSdl().contains(QStringLiteral("password")));
    const auto run = [&](const QString &query) {
        return QJsonDocument::fromJson(execute(*schema, parse(query), {}, {}).toJson()).object();
    };
    // The annotations' validation runs on GraphQL writes, with the annotated message.
    QJsonObject r = run(QStringLiteral("mutation { createApiUser(name: \"\") { id } }"));
    QCOMPARE(compactJson(r[QStringLiteral("errors")][0][QStringLiteral("extensions")]),
             QStringLiteral(R"({"code":"VALIDATION","fields":{"name":["Name cannot be empty"]}})"));
    r = run(QStringLiteral("mutation { createApiUser(name: \"Ann\") { id } }"));
    const QString annId = data(r, QStringLiteral("createApiUser"))[QStringLiteral("id")].toString();
    r = run(QStringLiteral("mutation { createApiPosts(input: [{userId: \"%1\", title: \"One\"}, "
                           "{userId: %1, title: \"Two\"}]) { title author { name } } }")
                .arg(annId));
    QVERIFY2(!r.contains(QStringLiteral("errors")), qPrintable(compactJson(r)));
    r = run(QStringLiteral("{ listApiUsers { name posts(orderBy: [{field: title, direction: "
                           "DESC}]) { title } } }"));
    QCOMPARE(compactJson(data(r, QStringLiteral("listApiUsers"))),
             QStringLiteral(R"([{"name":"Ann","posts":[{"title":"Two"},{"title":"One"}]}])"));
}

void tst_Api::extendingTheSchema()
{
    DatabaseConfig config;
    config.driver = QStringLiteral("sqlite");
    config.databasePath = QStringLiteral(":memory:");
    Database db(config);
    db.execute(QStringLiteral("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"));
    db.execute(QStringLiteral("INSERT INTO notes (body) VALUES ('first'), ('second')"));
    Api api(db);
    // A custom scalar and a field of the application's own, next to the generated ones.
    NamedType upper;
    upper.kind = TypeKind::Scalar;
    upper.name = QStringLiteral("Shout");
    upper.coercion.serialize = [](const QVariant &value) -> QCborValue {
        return value.toString().toUpper();
    };
    api.schema->addType(upper);
    FieldDef loudest;
    loudest.name = QStringLiteral("loudestNote");
    loudest.type = parseType(QStringLiteral("Shout"));
    loudest.resolve = [db](const QVariant &, const QVariantMap &, const ResolveInfo &) -> QVariant {
        return db.execute(QStringLiteral("SELECT body FROM notes ORDER BY length(body) DESC"))
            .value(0, 0);
    };
    api.schema->addField(u"Query", loudest);
    QVERIFY_THROWS_EXCEPTION(SchemaError, api.schema->addField(u"Query", loudest));
    // A generated resolver replaced.
    api.schema->setResolver(
        u"Query", u"getNote",
        [](const QVariant &, const QVariantMap &args, const ResolveInfo &) -> QVariant {
            return QVariantMap{{QStringLiteral("id"), args.value("id")},
                               {QStringLiteral("body"), QStringLiteral("mine")}};
        });
    api.schema->check();
    const QJsonObject r = api.run(QStringLiteral("{ loudestNote getNote(id: 7) { id body } "
                                                 "listNotes { body } }"));
    QCOMPARE(compactJson(r[QStringLiteral("data")]),
             QStringLiteral(R"({"getNote":{"body":"mine","id":"7"},"listNotes":[{"body":"first"},)"
                            R"({"body":"second"}],"loudestNote":"SECOND"})"));
}

void tst_Api::limits_data()
{
    RexOrmTest::addBackendColumns({QStringLiteral("sqlite")});
}

void tst_Api::limits()
{
    REXORM_TEST_CONFIG(config);
    ApiOptions options;
    options.maxPageSize = 3;
    options.defaultPageSize = 2;
    Api api(createBlog(config), options);
    QJsonObject r = api.run(QStringLiteral("{ listUsers(limit: 4) { id } }"));
    QCOMPARE(firstError(r), QStringLiteral("limit is 4, above the maxPageSize limit of 3."));
    QCOMPARE(r[QStringLiteral("errors")][0][QStringLiteral("extensions")][QStringLiteral("limit")]
                 .toString(),
             QStringLiteral("maxPageSize"));
    QCOMPARE(data(api.run(QStringLiteral("{ listUsers { id } }")), QStringLiteral("listUsers"))
                 .toArray()
                 .size(),
             2); // the default page
    r = api.run(QStringLiteral("{ getUser(id: 1) { posts(first: 5) { id } } }"));
    QCOMPARE(firstError(r), QStringLiteral("first is 5, above the maxPageSize limit of 3."));
    QCOMPARE(data(api.run(QStringLiteral("{ getUser(id: 1) { posts { id } } }")),
                  QStringLiteral("getUser"))[QStringLiteral("posts")]
                 .toArray()
                 .size(),
             2);
}

void tst_Api::rowBudget_data()
{
    RexOrmTest::addBackendColumns();
}

void tst_Api::rowBudget()
{
    REXORM_TEST_CHINOOK(config);
    Api api(config);
    // 150 bytes of query, 100 rows per level, a genre shared by thousands of tracks: refused
    // before the answer multiplies, not after.
    const QJsonObject r = api.run(QStringLiteral(
        "{ listTracks(limit: 100) { genre { tracks(first: 100) { genre { tracks(first: 100) { "
        "genre { tracks(first: 100) { name } } } } } } } }"));
    const QJsonObject error = r[QStringLiteral("errors")][0].toObject();
    QCOMPARE(error[QStringLiteral("extensions")][QStringLiteral("limit")].toString(),
             QStringLiteral("maxRows"));
    QVERIFY(r[QStringLiteral("data")].isNull()); // listTracks is non-null: data is null
    // The same shape within the budget answers.
    const QJsonObject small =
        api.run(QStringLiteral("{ listTracks(limit: 5) { genre { tracks(first: 3) { name } } } }"));
    QCOMPARE(data(small, QStringLiteral("listTracks")).toArray().size(), 5);
}

void tst_Api::failedSelectionWritesNothing_data()
{
    RexOrmTest::addBackendColumns();
}

void tst_Api::failedSelectionWritesNothing()
{
    REXORM_TEST_CONFIG(config);
    Api api(createBlog(config));
    // The selection asks for more than maxPageSize: the mutation fails, and its write with it.
    const QJsonObject r = api.run(QStringLiteral(
        "mutation { createUser(name: \"Ghost\") { id posts(first: 1000) { title } } }"));
    QCOMPARE(r[QStringLiteral("errors")][0][QStringLiteral("extensions")][QStringLiteral("limit")]
                 .toString(),
             QStringLiteral("maxPageSize"));
    QCOMPARE(Query(QStringLiteral("users"))
                 .where(QStringLiteral("name"), QStringLiteral("Ghost"))
                 .count(api.db),
             0);
}

void tst_Api::uuidKeys_data()
{
    RexOrmTest::addBackendColumns();
}

void tst_Api::uuidKeys()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    RexOrmTest::dropTables(db, {QStringLiteral("tags"), QStringLiteral("authors")});
    const QString uuid = db.dialect().typeName({ColumnType::Uuid});
    db.execute(QStringLiteral("CREATE TABLE authors (id %1 PRIMARY KEY, name %2 NOT NULL)")
                   .arg(uuid, db.dialect().typeName({ColumnType::String, 50})));
    db.execute(QStringLiteral("CREATE TABLE tags (id %1 PRIMARY KEY, author_id %1 NOT NULL "
                              "REFERENCES authors (id), label %2)")
                   .arg(uuid, db.dialect().typeName({ColumnType::String, 50})));
    const QUuid ann = QUuid::fromString(u"6f1c2a3e-0b4d-4c5e-9f60-718293a4b5c6");
    db.execute(QStringLiteral("INSERT INTO authors (id, name) VALUES (?, ?)"),
               {ann, QStringLiteral("Ann")});
    db.execute(QStringLiteral("INSERT INTO tags (id, author_id, label) VALUES (?, ?, ?)"),
               {QUuid::createUuid(), ann, QStringLiteral("qt")});
    Api api(db);
    const QString id = ann.toString(QUuid::WithoutBraces);
    QJsonObject r = api.run(QStringLiteral("query ($id: ID!) { getAuthor(id: $id) { id name tags "
                                           "{ label author { name } } } }"),
                            {{"id", id}});
    QCOMPARE(compactJson(data(r, QStringLiteral("getAuthor"))),
             QStringLiteral(R"({"id":"%1","name":"Ann","tags":[{"author":{"name":"Ann"},)"
                            R"("label":"qt"}]})")
                 .arg(id));
    r = api.run(QStringLiteral("mutation ($id: ID!, $author: String) { deleteTags(where: "
                               "{authorId: {eq: $author}}, atMost: 1) deleteAuthor(id: $id) { "
                               "name } }"),
                {{"id", id}, {"author", id}});
    QVERIFY2(!r.contains(QStringLiteral("errors")), qPrintable(compactJson(r)));
    QCOMPARE(compactJson(r[QStringLiteral("data")]),
             QStringLiteral(R"({"deleteAuthor":{"name":"Ann"},"deleteTags":1})"));
    QCOMPARE(Query(QStringLiteral("authors")).count(api.db), 0);
}

void tst_Api::dateTimeFilters_data()
{
    RexOrmTest::addBackendColumns();
}

void tst_Api::dateTimeFilters()
{
    REXORM_TEST_CHINOOK(config);
    Api api(config);
    // Chinook's SQLite file keeps "2021-01-01 00:00:00": an ISO 8601 instant still matches it.
    QJsonObject r = api.run(QStringLiteral(
        "{ listInvoices(where: {invoiceDate: {eq: \"2021-01-01T00:00:00Z\"}}) { invoiceId "
        "invoiceDate } }"));
    QCOMPARE(compactJson(data(r, QStringLiteral("listInvoices"))),
             QStringLiteral(R"([{"invoiceDate":"2021-01-01T00:00:00Z","invoiceId":"1"}])"));
    r = api.run(QStringLiteral("{ invoicesAggregate(where: {invoiceDate: {gte: "
                               "\"2021-01-01\", lt: \"2021-02-01T00:00:00Z\"}}) { count } }"));
    QCOMPARE(data(r, QStringLiteral("invoicesAggregate"))[QStringLiteral("count")].toInt(), 6);
    // A literal the scalar cannot read is a validation error, as graphql-js reports it.
    r = api.run(
        QStringLiteral("{ listInvoices(where: {invoiceDate: {eq: \"garbage\"}}) { invoiceId } }"));
    QVERIFY2(firstError(r).startsWith(QStringLiteral(
                 "Expected value of type \"DateTime\", found \"garbage\"; DateTime cannot "
                 "represent")),
             qPrintable(firstError(r)));
}

void tst_Api::unsupportedNamesAreLeftOut()
{
    DatabaseConfig config;
    config.driver = QStringLiteral("sqlite");
    config.databasePath = QStringLiteral(":memory:");
    Database db(config);
    db.execute(QStringLiteral("CREATE TABLE \"Order Details\" (id INTEGER PRIMARY KEY, qty "
                              "INTEGER)"));
    db.execute(QStringLiteral("CREATE TABLE products (id INTEGER PRIMARY KEY, \"Unit Price\" "
                              "REAL, name TEXT)"));
    db.execute(QStringLiteral("INSERT INTO products VALUES (1, 9.5, 'tea')"));
    Api api(db);
    const QString sdl = api.schema->toSdl();
    QVERIFY(!sdl.contains(QStringLiteral("OrderDetail")));
    QVERIFY(!sdl.contains(QStringLiteral("unitPrice")));
    QCOMPARE(compactJson(data(api.run(QStringLiteral("{ listProducts { id name } }")),
                              QStringLiteral("listProducts"))),
             QStringLiteral(R"([{"id":"1","name":"tea"}])"));
}

REXORM_TEST_MAIN(tst_Api)

void tst_Api::liveFiltersMatchSql_data()
{
    RexOrmTest::addBackendColumns();
}

// Subscriptions test each change against its filter in the database (LiveApi::match): for every
// filter the rows it matches must be exactly those the same filter selects from the table, with
// each database's own collation, case and padding rules.
void tst_Api::liveFiltersMatchSql()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    const Dialect &d = db.dialect();
    RexOrmTest::dropTables(db, {QStringLiteral("live_items")});
    db.execute(QStringLiteral("CREATE TABLE live_items (id %1, name %2 NOT NULL, note %2, price "
                              "%3, qty INTEGER, made_at %4, active %5, code CHAR(5))")
                   .arg(d.autoIncrementPrimaryKey({ColumnType::BigInt}),
                        d.typeName({ColumnType::String, 100}),
                        d.typeName({ColumnType::Decimal, 0, 10, 2}),
                        d.typeName({ColumnType::DateTime}), d.typeName({ColumnType::Boolean})));
    const auto at = [](const char *text) {
        return QDateTime::fromString(QString::fromLatin1(text), Qt::ISODate);
    };
    const QList<QVariantList> rows = {
        {"Apple", "crisp", "1.50", 10, at("2024-01-01T10:00:00Z"), true},
        {"apple", QVariant(), "2.00", 0, at("2024-02-01T00:00:00Z"), false},
        {QString::fromUtf8("Äpfel"), QString::fromUtf8("Grün"), "10.25", QVariant(), QVariant(),
         true},
        {"banana_split", "50% off", "0.99", -5, at("2023-12-31T23:59:59Z"), QVariant()},
        {"Cherry ", "x", QVariant(), 3, at("2024-01-01T10:00:00Z"), true}};
    const QStringList codes = {QStringLiteral("ab"), QStringLiteral("abc"), QStringLiteral("Ab"),
                               QStringLiteral("b"), QString()};
    for (qsizetype i = 0; i < rows.size(); ++i)
        db.execute(QStringLiteral("INSERT INTO live_items (name, note, price, qty, made_at, "
                                  "active, code) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                   rows.at(i) + QVariantList{codes.at(i).isNull() ? QVariant() : codes.at(i)});
    Api api(db);
    const QString entity = api.live->entityNamed(QStringLiteral("live_items"));
    QCOMPARE(entity, api.live->entityNamed(QStringLiteral("LiveItem")));
    QVERIFY(!entity.isEmpty());
    const auto names = api.live->names(entity);
    QVERIFY(names);
    QCOMPARE(names->typeName, QStringLiteral("LiveItem"));
    QCOMPARE(names->getField, QStringLiteral("getLiveItem"));
    QCOMPARE(names->listField, QStringLiteral("listLiveItems"));
    QCOMPARE(names->aggregateField, QStringLiteral("liveItemsAggregate"));
    QCOMPARE(names->fieldOf(QStringLiteral("made_at")), QStringLiteral("madeAt"));
    QCOMPARE(names->fields.size(), 8);
    QVERIFY(!api.live->names(QStringLiteral("NoSuchEntity")));

    // The stored rows as change events: inserts (tested on the new row) and deletes (old row).
    const QueryResult stored = db.execute(QStringLiteral("SELECT * FROM live_items ORDER BY id"));
    QList<ChangeEvent> events;
    for (int pass = 0; pass < 2; ++pass) {
        for (qsizetype i = 0; i < stored.size(); ++i) {
            ChangeEvent e;
            e.operation = pass == 0 ? ChangeEvent::Insert : ChangeEvent::Delete;
            e.table = QStringLiteral("live_items");
            QVariantMap row;
            for (qsizetype c = 0; c < stored.columns.size(); ++c)
                row.insert(stored.columns.at(c), stored.rows.at(i).at(c));
            (pass == 0 ? e.newRow : e.oldRow) = row;
            e.primaryKey = {{QStringLiteral("id"), row.value(QStringLiteral("id"))}};
            events << e;
        }
    }
    const char *filters[] = {
        R"({"name": {"eq": "apple"}})",
        R"({"name": {"eq": "Cherry"}})",
        R"({"name": {"like": "a%"}})",
        R"({"name": {"ilike": "ä%"}})",
        R"({"name": {"ilike": "%APPLE%"}})",
        R"({"name": {"gt": "b"}})",
        R"({"note": {"isNull": true}})",
        R"({"note": {"neq": null}})",
        R"({"or": [{"note": {"eq": null}}, {"qty": {"eq": 3}}]})",
        R"({"note": {"like": "50%"}})",
        R"({"price": {"gt": "1.5"}})",
        R"({"price": {"in": ["2.00", "0.99"]}})",
        R"({"qty": {"lt": 1}})",
        R"({"qty": {"nin": [0, 3]}})",
        R"({"madeAt": {"gte": "2024-01-01T10:00:00Z"}})",
        R"({"madeAt": {"lt": "2024-01-01T00:00:00Z"}})",
        R"({"active": {"eq": true}})",
        R"({"code": {"eq": "ab"}})",
        R"({"code": {"eq": "abc"}})",
        R"({"not": {"code": {"eq": "abc"}}})",
        R"({"code": {"like": "a%"}})",
        R"({"code": {"gt": "a"}})",
        R"({"or": [{"qty": {"gt": 5}}, {"note": {"eq": "x"}}]})",
        R"({"not": {"name": {"like": "%e%"}}})",
        R"({"and": [{"price": {"gte": "1"}}, {"price": {"lte": "10.25"}}], "active": {"eq": true}})",
        R"({})",
    };
    QList<QVariantMap> coerced;
    for (const char *filter : filters)
        coerced << api.live->coerceWhere(entity, QJsonDocument::fromJson(filter).object());
    const QList<QList<bool>> matches = api.live->match(entity, events, coerced);
    QCOMPARE(matches.size(), qsizetype(std::size(filters)));
    for (qsizetype f = 0; f < coerced.size(); ++f) {
        const QJsonObject r =
            api.run(QStringLiteral("query ($w: LiveItemWhere) { listLiveItems(where: $w) { id } }"),
                    {{QStringLiteral("w"), QJsonDocument::fromJson(filters[f]).object()}});
        QVERIFY2(!r.contains(QStringLiteral("errors")), qPrintable(compactJson(r)));
        QStringList bySql;
        for (const QJsonValue &row : data(r, QStringLiteral("listLiveItems")).toArray())
            bySql << row[QStringLiteral("id")].toString();
        for (int pass = 0; pass < 2; ++pass) {
            QStringList byMatch;
            for (qsizetype i = 0; i < stored.size(); ++i) {
                if (matches.at(f).at(pass * stored.size() + i))
                    byMatch << stored.value(int(i), u"id").toString();
            }
            std::sort(bySql.begin(), bySql.end());
            QVERIFY2(byMatch == bySql, qPrintable(QStringLiteral("%1 (%2): matched %3, SQL %4")
                                                      .arg(QLatin1String(filters[f]),
                                                           pass ? QStringLiteral("old rows")
                                                                : QStringLiteral("new rows"),
                                                           byMatch.join(u','), bySql.join(u','))));
        }
    }
    // A table event (no row) matches only the empty filter.
    ChangeEvent tableEvent;
    tableEvent.table = QStringLiteral("live_items");
    tableEvent.operation = ChangeEvent::Update;
    const auto tableMatches = api.live->match(entity, {tableEvent}, coerced);
    QVERIFY(!tableMatches.first().first());
    QVERIFY(tableMatches.last().first());
    // A filter that is not a LiveItemWhere is refused with what is wrong.
    QVERIFY_THROWS_EXCEPTION(FieldError, api.live->coerceWhere(entity, QJsonObject{{"nope", 1}}));
}

void tst_Api::accessControl_data()
{
    RexOrmTest::addBackendColumns();
}

// A request's Access (what the server derives from its credentials): per-entity read and write,
// and a row filter that hides other rows from reads and writes alike.
void tst_Api::accessControl()
{
    REXORM_TEST_CONFIG(config);
    Api api(createBlog(config));
    Access access;
    access.defaults.read = true;
    access.defaults.write = false;
    EntityAccess adults;
    adults.where = QVariantMap{{"age", QVariantMap{{"gte", 18}}}};
    access.entities.insert(QStringLiteral("users"), adults);
    EntityAccess noPosts;
    noPosts.read = false;
    noPosts.write = false;
    access.entities.insert(QStringLiteral("posts"), noPosts);
    ExecutionOptions options;
    options.context.insert(QLatin1String(accessContextKey), QVariant::fromValue(access));
    const auto code = [](const QJsonObject &r) {
        return r[QStringLiteral("errors")][0][QStringLiteral("extensions")][QStringLiteral("code")]
            .toString();
    };

    QJsonObject r =
        api.run(QStringLiteral("{ listUsers(orderBy: [{field: id}]) { name } }"), {}, options);
    QCOMPARE(compactJson(data(r, QStringLiteral("listUsers"))),
             QStringLiteral(R"([{"name":"Jane Doe"},{"name":"Dora"}])"));
    r = api.run(QStringLiteral("{ usersAggregate { count } }"), {}, options);
    QCOMPARE(data(r, QStringLiteral("usersAggregate"))[QStringLiteral("count")].toInt(), 2);
    r = api.run(QStringLiteral("{ getUser(id: 2) { name } }"), {}, options);
    QVERIFY(data(r, QStringLiteral("getUser")).isNull()); // Bob is 17: not there for this caller
    r = api.run(QStringLiteral("{ listPosts { id } }"), {}, options);
    QCOMPARE(code(r), QStringLiteral("FORBIDDEN"));
    r = api.run(QStringLiteral("{ listUsers { name posts { title } } }"), {}, options);
    QCOMPARE(code(r), QStringLiteral("FORBIDDEN")); // the relation, not the whole answer

    // Writes: allowed on users inside the filter only.
    r = api.run(QStringLiteral("mutation { updateUser(id: 2, name: \"X\") { name } }"), {},
                options);
    QVERIFY2(data(r, QStringLiteral("updateUser")).isNull(), qPrintable(compactJson(r)));
    QCOMPARE(Query(QStringLiteral("users")).where("id", 2).execute(api.db).value(0, u"name"),
             QVariant(QStringLiteral("Bob")));
    r = api.run(QStringLiteral("mutation { createUser(name: \"Kid\", age: 5) { id } }"), {},
                options);
    QCOMPARE(code(r), QStringLiteral("FORBIDDEN"));
    QCOMPARE(Query(QStringLiteral("users")).count(api.db), 4); // nothing written
    r = api.run(QStringLiteral("mutation { updateUsers(where: {name: {eq: \"Jane Doe\"}}, set: "
                               "{age: 3}, atMost: 5) }"),
                {}, options);
    QCOMPARE(code(r), QStringLiteral("FORBIDDEN")); // it would move Jane out of reach
    QCOMPARE(Query(QStringLiteral("users")).where("id", 1).execute(api.db).value(0, u"age").toInt(),
             34);
    r = api.run(QStringLiteral("mutation { updateUsers(where: {}, set: {score: \"1.00\"}, atMost: "
                               "10) }"),
                {}, options);
    QVERIFY2(!r.contains(QStringLiteral("errors")), qPrintable(compactJson(r)));
    QCOMPARE(data(r, QStringLiteral("updateUsers")).toInt(), 2); // Bob and Cid are not reached
    QVERIFY(
        Query(QStringLiteral("users")).where("id", 2).execute(api.db).value(0, u"score").isNull());
    r = api.run(QStringLiteral("mutation { updateUser(id: 1, age: 40) { age } }"), {}, options);
    QCOMPARE(compactJson(data(r, QStringLiteral("updateUser"))), QStringLiteral(R"({"age":40})"));
    r = api.run(QStringLiteral("mutation { deletePosts(where: {}, atMost: 10) }"), {}, options);
    QCOMPARE(code(r), QStringLiteral("FORBIDDEN"));
    QCOMPARE(Query(QStringLiteral("posts")).count(api.db), 5);
    // Entities may be named by GraphQL type name too; a row filter naming no field fails closed.
    Access byType;
    EntityAccess noRead;
    noRead.read = false;
    byType.entities.insert(QStringLiteral("Post"), noRead);
    EntityAccess misspelt;
    misspelt.where = QVariantMap{{"agee", QVariantMap{{"gte", 18}}}};
    byType.entities.insert(QStringLiteral("User"), misspelt);
    ExecutionOptions typed;
    typed.context.insert(QLatin1String(accessContextKey), QVariant::fromValue(byType));
    r = api.run(QStringLiteral("{ listPosts { id } }"), {}, typed);
    QCOMPARE(code(r), QStringLiteral("FORBIDDEN"));
    r = api.run(QStringLiteral("{ listUsers { name } }"), {}, typed);
    QVERIFY2(r.value(QStringLiteral("errors")).toArray().size() == 1 &&
                 r.value(QStringLiteral("data")).isNull(),
             qPrintable(compactJson(r)));
    // Without an Access in the context, everything is allowed (an embedding application's own use).
    r = api.run(QStringLiteral("{ usersAggregate { count } }"));
    QCOMPARE(data(r, QStringLiteral("usersAggregate"))[QStringLiteral("count")].toInt(), 4);
}

void tst_Api::subscriptionPayloads_data()
{
    RexOrmTest::addBackendColumns();
}

// What a subscription watches, and the payload of one event: the new and old rows as the API
// shows them, relations of the new row loaded like any query's.
void tst_Api::subscriptionPayloads()
{
    REXORM_TEST_CONFIG(config);
    Api api(createBlog(config));
    const Document document =
        parse(QStringLiteral("subscription ($w: UserWhere) { userChanged(where: $w, ops: "
                             "[INSERT, UPDATE]) { op } }"));
    QVERIFY(validate(*api.schema, document).empty());
    std::vector<GraphQLError> errors;
    const auto target = api.live->subscriptionTarget(
        document, {}, {{"w", QJsonObject{{"age", QJsonObject{{"gt", 1}}}}}}, {}, &errors);
    QVERIFY(target.has_value());
    QCOMPARE(target->entity, QStringLiteral("users"));
    QCOMPARE(compactJson(QJsonObject::fromVariantMap(target->where)),
             QStringLiteral(R"({"age":{"gt":1}})"));
    QCOMPARE(target->operations,
             (QList<ChangeEvent::Operation>{ChangeEvent::Insert, ChangeEvent::Update}));
    const auto notLive = api.live->subscriptionTarget(parse(QStringLiteral("{ usersAggregate { "
                                                                           "count } }")),
                                                      {}, {}, {}, &errors);
    QVERIFY(!notLive);
    QVERIFY(!errors.empty());

    const QueryResult jane = api.db.execute(QStringLiteral("SELECT * FROM users WHERE id = 1"));
    ChangeEvent event;
    event.operation = ChangeEvent::Update;
    event.table = QStringLiteral("users");
    event.sequence = 7;
    for (qsizetype c = 0; c < jane.columns.size(); ++c)
        event.newRow.insert(jane.columns.at(c), jane.rows.at(0).at(c));
    event.oldRow = event.newRow;
    event.oldRow.insert(QStringLiteral("name"), QStringLiteral("Jane"));
    ExecutionOptions options;
    options.subscriptionEvent = true;
    const QJsonObject r = api.run(
        QStringLiteral("subscription { userChanged { op seq node { name score posts(orderBy: "
                       "[{field: id}]) { title } } previous { name } } }"),
        {}, options, QVariant::fromValue(event));
    QCOMPARE(compactJson(r),
             QStringLiteral(R"({"data":{"userChanged":{"node":{"name":"Jane Doe","posts":[)"
                            R"({"title":"Hello"},{"title":"Again"},{"title":"Third"}],)"
                            R"("score":"12.50"},"op":"UPDATE","previous":{"name":"Jane"},)"
                            R"("seq":"7"}}})"));
    // The /realtime form of a row: by field name, values as responses carry them.
    QCOMPARE(compactJson(api.live->toFields(
                 target->entity, event.newRow,
                 {QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("score")})),
             QStringLiteral(R"({"id":"1","name":"Jane Doe","score":"12.50"})"));
}
