#include "tst_realtime.h"

#include "jsontext.h"
#include "testdatabases.h"

#include <rexorm/changes/changefeed.h>
#include <rexorm/graphql/liveapi.h>
#include <rexorm/meta/schemainspector.h>
#include <rexorm/model/entityrepository.h>
#include <rexorm/query/query.h>
#include <rexorm/server/server.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWebSockets/QWebSocket>
#include <QtWebSockets/QWebSocketHandshakeOptions>

using namespace RexOrm;

namespace {

constexpr int waitMs = 15000;

// rt_users (id, name, email, age) as the entity "rt_users", GraphQL type User, served with
// subscriptions and the /realtime feed on a free loopback port.
struct RealtimeServer
{
    Database db;
    Registry registry;
    GraphQL::GeneratedApi api;
    std::unique_ptr<ChangeFeed> feed;
    std::unique_ptr<Server> server;

    explicit RealtimeServer(const DatabaseConfig &config, AuthOptions auth = {})
        : db(withCapture(config))
    {
        const Dialect &d = db.dialect();
        RexOrmTest::dropTables(db, {QStringLiteral("rt_users")});
        db.execute(QStringLiteral("CREATE TABLE rt_users (id %1, name %2 NOT NULL, email %2, age "
                                  "INTEGER)")
                       .arg(d.autoIncrementPrimaryKey({ColumnType::BigInt}),
                            d.typeName({ColumnType::String, 100})));
        registry.registerEntity(SchemaInspector(db).inspect(QStringLiteral("rt_users")));
        GraphQL::ApiOptions options;
        options.typeNames.insert(QStringLiteral("rt_users"), QStringLiteral("User"));
        api = GraphQL::generateApi(db, registry, options);
        auto service = std::make_shared<GraphQL::Service>(api.schema);
        service->setDatabase(db);
        feed = std::make_unique<ChangeFeed>(db);
        if (!feed->start())
            qFatal("the change feed did not start: %s", qPrintable(feed->errorString()));
        ServerOptions serverOptions;
        serverOptions.auth = std::move(auth);
        server = std::make_unique<Server>(service, serverOptions);
        server->enableRealtime(feed.get(), api.live);
        if (!server->listen())
            qFatal("the server did not listen: %s", qPrintable(server->errorString()));
    }
    static DatabaseConfig withCapture(DatabaseConfig config)
    {
        config.captureChanges = config.driver == u"sqlite";
        return config;
    }
    QUrl ws(const QString &path) const
    {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(server->port()).arg(path));
    }
    std::shared_ptr<const EntityInfo> entity() const
    {
        return std::make_shared<const EntityInfo>(registry.entity(QStringLiteral("rt_users")));
    }
};

// A WebSocket client that keeps every JSON message it receives.
struct Client
{
    QWebSocket socket;
    QList<QJsonObject> messages;
    bool closed = false;

    Client()
    {
        QObject::connect(&socket, &QWebSocket::textMessageReceived, [this](const QString &text) {
            messages << QJsonDocument::fromJson(text.toUtf8()).object();
        });
        QObject::connect(&socket, &QWebSocket::disconnected, [this] { closed = true; });
    }
    // Waits for the server to close the connection; answers its close code.
    int closeCode()
    {
        if (!QTest::qWaitFor([this] { return closed; }, waitMs))
            return -1;
        return int(socket.closeCode());
    }
    bool open(const QUrl &url, const QStringList &subprotocols = {})
    {
        QWebSocketHandshakeOptions options;
        options.setSubprotocols(subprotocols);
        socket.open(url, options);
        QSignalSpy connected(&socket, &QWebSocket::connected);
        return connected.wait(waitMs);
    }
    void send(const QJsonObject &message)
    {
        socket.sendTextMessage(
            QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
    }
    QList<QJsonObject> ofType(const QString &type) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &m : messages) {
            if (m.value(QStringLiteral("type")).toString() == type)
                out << m;
        }
        return out;
    }
    // Waits until count messages of the type arrived.
    bool waitFor(const QString &type, qsizetype count = 1)
    {
        return QTest::qWaitFor([&] { return ofType(type).size() >= count; }, waitMs);
    }
};

QJsonObject subscribeMessage(const QString &id, const QJsonObject &extra = {})
{
    QJsonObject message{{QStringLiteral("type"), QStringLiteral("subscribe")},
                        {QStringLiteral("id"), id},
                        {QStringLiteral("entity"), QStringLiteral("User")}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        message.insert(it.key(), it.value());
    return message;
}

} // namespace

void tst_Realtime::specScenario_data()
{
    RexOrmTest::addBackendColumns();
}

// The spec: a client connected, a user saved, the client receives event "save", model "User",
// and the user's name and email.
void tst_Realtime::specScenario()
{
    REXORM_TEST_CONFIG(config);
    RealtimeServer rt(config);
    Client client;
    QVERIFY(client.open(rt.ws(QStringLiteral("/realtime"))));
    QVERIFY(client.waitFor(QStringLiteral("welcome")));
    client.send(subscribeMessage(QStringLiteral("s1")));
    QVERIFY(client.waitFor(QStringLiteral("subscribed")));

    EntityRepository users(rt.db, rt.entity());
    Record user = users.create({{QStringLiteral("name"), QStringLiteral("John Doe")},
                                {QStringLiteral("email"), QStringLiteral("john@example.com")}});
    QVERIFY(client.waitFor(QStringLiteral("change")));
    const QJsonObject change = client.ofType(QStringLiteral("change")).first();
    QCOMPARE(change.value(QStringLiteral("event")).toString(), QStringLiteral("save"));
    QCOMPARE(change.value(QStringLiteral("model")).toString(), QStringLiteral("User"));
    QCOMPARE(change[QStringLiteral("data")][QStringLiteral("name")].toString(),
             QStringLiteral("John Doe"));
    QCOMPARE(change[QStringLiteral("data")][QStringLiteral("email")].toString(),
             QStringLiteral("john@example.com"));
    QCOMPARE(change.value(QStringLiteral("id")).toString(), QStringLiteral("s1"));

    // An update carries the old row; a delete is event "delete" with the row as it was.
    user.setValue(QStringLiteral("name"), QStringLiteral("Jane Doe"));
    users.save(user);
    users.remove(user);
    QVERIFY(client.waitFor(QStringLiteral("change"), 3));
    const QList<QJsonObject> changes = client.ofType(QStringLiteral("change"));
    QCOMPARE(changes.at(1)[QStringLiteral("op")].toString(), QStringLiteral("update"));
    QCOMPARE(changes.at(1)[QStringLiteral("old")][QStringLiteral("name")].toString(),
             QStringLiteral("John Doe"));
    QCOMPARE(changes.at(2)[QStringLiteral("event")].toString(), QStringLiteral("delete"));
    QCOMPARE(changes.at(2)[QStringLiteral("data")][QStringLiteral("name")].toString(),
             QStringLiteral("Jane Doe"));
    // Sequence numbers follow one another.
    QCOMPARE(changes.at(2)[QStringLiteral("seq")].toInteger(),
             changes.at(0)[QStringLiteral("seq")].toInteger() + 2);
    QCOMPARE(rt.server->metrics().subscribers.value(), 1);
}

void tst_Realtime::rolledBackWritesSendNothing_data()
{
    RexOrmTest::addBackendColumns();
}

void tst_Realtime::rolledBackWritesSendNothing()
{
    REXORM_TEST_CONFIG(config);
    RealtimeServer rt(config);
    Client client;
    QVERIFY(client.open(rt.ws(QStringLiteral("/realtime"))));
    client.send(subscribeMessage(QStringLiteral("s")));
    QVERIFY(client.waitFor(QStringLiteral("subscribed")));
    EntityRepository users(rt.db, rt.entity());
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, rt.db.transaction([&] {
        users.create({{QStringLiteral("name"), QStringLiteral("Ghost")}});
        rt.db.execute(QStringLiteral("UPDATE rt_users SET age = 1"));
        throw std::runtime_error("abandoned");
    }));
    users.create({{QStringLiteral("name"), QStringLiteral("Real")}});
    QVERIFY(client.waitFor(QStringLiteral("change")));
    QTest::qWait(200); // anything else would have arrived with it
    const QList<QJsonObject> changes = client.ofType(QStringLiteral("change"));
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.first()[QStringLiteral("data")][QStringLiteral("name")].toString(),
             QStringLiteral("Real"));
}

void tst_Realtime::rowFiltersOfTheCaller_data()
{
    RexOrmTest::addBackendColumns();
}

// A client's where and the caller's row filter (from its API key's role) must both hold; a
// caller without read access cannot subscribe.
void tst_Realtime::rowFiltersOfTheCaller()
{
    REXORM_TEST_CONFIG(config);
    AuthOptions auth;
    auth.addApiKey(QStringLiteral("adult-key"), QStringLiteral("adults"));
    auth.addApiKey(QStringLiteral("none-key"), QStringLiteral("nobody"));
    GraphQL::Access adults;
    GraphQL::EntityAccess adultRows;
    adultRows.where = QVariantMap{{"age", QVariantMap{{"gte", 18}}}};
    adults.entities.insert(QStringLiteral("rt_users"), adultRows);
    auth.roles.insert(QStringLiteral("adults"), adults);
    auth.roles.insert(QStringLiteral("nobody"), AuthOptions::denyAll());
    RealtimeServer rt(config, auth); // credentials configured: anonymous callers must authenticate

    Client anonymous;
    QVERIFY(anonymous.open(rt.ws(QStringLiteral("/realtime"))));
    anonymous.send(subscribeMessage(QStringLiteral("s")));
    QVERIFY(anonymous.waitFor(QStringLiteral("error")));
    QCOMPARE(anonymous.closeCode(), int(RealtimeCloseCode::Unauthorized));

    Client denied;
    QVERIFY(denied.open(rt.ws(QStringLiteral("/realtime"))));
    denied.send({{QStringLiteral("type"), QStringLiteral("auth")},
                 {QStringLiteral("token"), QStringLiteral("none-key")}});
    QVERIFY(denied.waitFor(QStringLiteral("auth_ok")));
    denied.send(subscribeMessage(QStringLiteral("s")));
    QVERIFY(denied.waitFor(QStringLiteral("error")));

    Client adult;
    QVERIFY(adult.open(rt.ws(QStringLiteral("/realtime"))));
    adult.send({{QStringLiteral("type"), QStringLiteral("auth")},
                {QStringLiteral("token"), QStringLiteral("adult-key")}});
    QVERIFY(adult.waitFor(QStringLiteral("auth_ok")));
    adult.send(subscribeMessage(
        QStringLiteral("s"),
        {{QStringLiteral("where"),
          QJsonObject{{QStringLiteral("name"), QJsonObject{{QStringLiteral("like"), "A%"}}}}}}));
    QVERIFY(adult.waitFor(QStringLiteral("subscribed")));
    EntityRepository users(rt.db, rt.entity());
    users.create({{QStringLiteral("name"), QStringLiteral("Ann")}, {QStringLiteral("age"), 12}});
    users.create({{QStringLiteral("name"), QStringLiteral("Bea")}, {QStringLiteral("age"), 40}});
    users.create({{QStringLiteral("name"), QStringLiteral("Abe")}, {QStringLiteral("age"), 40}});
    QVERIFY(adult.waitFor(QStringLiteral("change")));
    QTest::qWait(200);
    const QList<QJsonObject> changes = adult.ofType(QStringLiteral("change"));
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.first()[QStringLiteral("data")][QStringLiteral("name")].toString(),
             QStringLiteral("Abe"));

    // Ann, a minor, becomes 30: the caller sees her from now on, but not her row before.
    adult.send(subscribeMessage(QStringLiteral("all")));
    QVERIFY(adult.waitFor(QStringLiteral("subscribed"), 2));
    const QVariant ann = Query(QStringLiteral("rt_users"))
                             .where(QStringLiteral("name"), QStringLiteral("Ann"))
                             .execute(rt.db)
                             .value(0, u"id");
    users.update(ann, {{QStringLiteral("age"), 30}, {QStringLiteral("email"), "ann@example.com"}});
    QVERIFY(adult.waitFor(QStringLiteral("change"), 2));
    const QJsonObject moved = adult.ofType(QStringLiteral("change")).last();
    QCOMPARE(moved[QStringLiteral("id")].toString(), QStringLiteral("all"));
    QCOMPARE(moved[QStringLiteral("data")][QStringLiteral("age")].toInt(), 30);
    QVERIFY2(!moved.contains(QStringLiteral("old")), qPrintable(RexOrmTest::compactJson(moved)));

    // Another caller's token on a connection with subscriptions is refused.
    adult.send({{QStringLiteral("type"), QStringLiteral("auth")},
                {QStringLiteral("token"), QStringLiteral("none-key")}});
    QCOMPARE(adult.closeCode(), int(RealtimeCloseCode::Unauthorized));
}

void tst_Realtime::graphqlTransportWs_data()
{
    RexOrmTest::addBackendColumns();
}

void tst_Realtime::graphqlTransportWs()
{
    REXORM_TEST_CONFIG(config);
    RealtimeServer rt(config);
    // Without the subprotocol the server closes with 4406.
    Client plain;
    QVERIFY(plain.open(rt.ws(QStringLiteral("/graphql"))));
    QCOMPARE(plain.closeCode(), int(RealtimeCloseCode::NoSubprotocol));

    Client client;
    QVERIFY(
        client.open(rt.ws(QStringLiteral("/graphql")), {QStringLiteral("graphql-transport-ws")}));
    QCOMPARE(client.socket.subprotocol(), QStringLiteral("graphql-transport-ws"));
    client.send({{QStringLiteral("type"), QStringLiteral("connection_init")}});
    QVERIFY(client.waitFor(QStringLiteral("connection_ack")));
    client.send({{QStringLiteral("id"), QStringLiteral("1")},
                 {QStringLiteral("type"), QStringLiteral("subscribe")},
                 {QStringLiteral("payload"),
                  QJsonObject{{QStringLiteral("query"),
                               QStringLiteral("subscription { userChanged(where: {age: {gt: "
                                              "30}}) { op node { name } previous { age } } }")}}}});
    // The subscription is registered once the server has read the message: a query sent after
    // it on the same socket is answered after it.
    client.send(
        {{QStringLiteral("id"), QStringLiteral("2")},
         {QStringLiteral("type"), QStringLiteral("subscribe")},
         {QStringLiteral("payload"),
          QJsonObject{{QStringLiteral("query"), QStringLiteral("{ usersAggregate { count } }")}}}});
    QVERIFY(client.waitFor(QStringLiteral("complete")));
    EntityRepository users(rt.db, rt.entity());
    users.create({{QStringLiteral("name"), QStringLiteral("Young")}, {QStringLiteral("age"), 20}});
    Record old = users.create(
        {{QStringLiteral("name"), QStringLiteral("Old")}, {QStringLiteral("age"), 80}});
    old.setValue(QStringLiteral("age"), 81);
    users.save(old);
    QVERIFY(client.waitFor(QStringLiteral("next"), 3)); // the query's answer and two changes
    QList<QString> payloads;
    for (const QJsonObject &m : client.ofType(QStringLiteral("next"))) {
        if (m.value(QStringLiteral("id")).toString() == u"1")
            payloads << RexOrmTest::compactJson(m.value(QStringLiteral("payload")));
    }
    QCOMPARE(payloads,
             (QList<QString>{
                 QStringLiteral(R"({"data":{"userChanged":{"node":{"name":"Old"},"op":"INSERT",)"
                                R"("previous":null}}})"),
                 QStringLiteral(R"({"data":{"userChanged":{"node":{"name":"Old"},"op":"UPDATE",)"
                                R"("previous":{"age":80}}}})")}));
    // complete stops it.
    client.send({{QStringLiteral("id"), QStringLiteral("1")},
                 {QStringLiteral("type"), QStringLiteral("complete")}});
    QVERIFY(QTest::qWaitFor([&] { return rt.server->metrics().subscribers.value() == 0; }, waitMs));
}

void tst_Realtime::gapAsksForResync()
{
    DatabaseConfig config;
    config.driver = QStringLiteral("sqlite");
    config.databasePath = QStringLiteral(":memory:");
    config.poolSize = 1;
    RealtimeServer rt(config);
    Client client;
    QVERIFY(client.open(rt.ws(QStringLiteral("/realtime"))));
    QVERIFY(client.waitFor(QStringLiteral("welcome")));
    const QString instance = client.ofType(QStringLiteral("welcome"))
                                 .first()
                                 .value(QStringLiteral("instance"))
                                 .toString();
    emit rt.feed->gap(QStringLiteral("the listener reconnected"));
    QVERIFY(client.waitFor(QStringLiteral("resync")));
    QCOMPARE(client.ofType(QStringLiteral("resync")).first()[QStringLiteral("reason")].toString(),
             QStringLiteral("the listener reconnected"));
    // A resume token of another instance, or one this instance never gave, gets resync too.
    Client again;
    QVERIFY(again.open(rt.ws(QStringLiteral("/realtime"))));
    again.send({{QStringLiteral("type"), QStringLiteral("resume")},
                {QStringLiteral("token"), QStringLiteral("another-instance:1")}});
    QVERIFY(again.waitFor(QStringLiteral("resync")));
    again.send({{QStringLiteral("type"), QStringLiteral("resume")},
                {QStringLiteral("token"), instance + QStringLiteral(":99")}});
    QVERIFY(again.waitFor(QStringLiteral("resync"), 2));
}

void tst_Realtime::resumeReplaysInOrder_data()
{
    RexOrmTest::addBackendColumns();
}

// A client away while rows were written resumes with its last token and its subscriptions in
// one message: it gets exactly the missed events of both subscriptions, in commit order, then
// live ones; none twice, none lost.
void tst_Realtime::resumeReplaysInOrder()
{
    REXORM_TEST_CONFIG(config);
    RealtimeServer rt(config);
    EntityRepository users(rt.db, rt.entity());
    const QJsonArray subscriptions{
        subscribeMessage(
            QStringLiteral("a"),
            {{QStringLiteral("where"),
              QJsonObject{{QStringLiteral("name"), QJsonObject{{QStringLiteral("like"), "A%"}}}}}}),
        subscribeMessage(QStringLiteral("all"))};
    QString token;
    {
        Client first;
        QVERIFY(first.open(rt.ws(QStringLiteral("/realtime"))));
        for (const QJsonValue &s : subscriptions)
            first.send(s.toObject());
        QVERIFY(first.waitFor(QStringLiteral("subscribed"), 2));
        users.create({{QStringLiteral("name"), QStringLiteral("Ada")}});
        QVERIFY(first.waitFor(QStringLiteral("change"), 2));
        token = first.ofType(QStringLiteral("change")).last()[QStringLiteral("token")].toString();
    }
    // Away: four writes.
    for (const char *name : {"Bo", "Al", "Cy", "Ann"})
        users.create({{QStringLiteral("name"), QString::fromLatin1(name)}});
    Client again;
    QVERIFY(again.open(rt.ws(QStringLiteral("/realtime"))));
    again.send({{QStringLiteral("type"), QStringLiteral("resume")},
                {QStringLiteral("token"), token},
                {QStringLiteral("subscribe"), subscriptions}});
    QVERIFY(again.waitFor(QStringLiteral("resumed")));
    QVERIFY(again.waitFor(QStringLiteral("change"), 6)); // Al and Ann twice, Bo and Cy once
    users.create({{QStringLiteral("name"), QStringLiteral("Abe")}});
    QVERIFY(again.waitFor(QStringLiteral("change"), 8));
    QTest::qWait(200);
    QStringList seen;
    qint64 lastSeq = 0;
    for (const QJsonObject &m : again.ofType(QStringLiteral("change"))) {
        const qint64 seq = m[QStringLiteral("seq")].toInteger();
        QVERIFY2(seq >= lastSeq, "changes arrive in commit order");
        lastSeq = seq;
        seen << m[QStringLiteral("id")].toString() + u':' +
                    m[QStringLiteral("data")][QStringLiteral("name")].toString();
    }
    QCOMPARE(seen, (QStringList{QStringLiteral("all:Bo"), QStringLiteral("a:Al"),
                                QStringLiteral("all:Al"), QStringLiteral("all:Cy"),
                                QStringLiteral("a:Ann"), QStringLiteral("all:Ann"),
                                QStringLiteral("a:Abe"), QStringLiteral("all:Abe")}));
}

REXORM_TEST_MAIN(tst_Realtime)
