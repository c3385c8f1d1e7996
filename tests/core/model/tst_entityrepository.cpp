#include "testdatabases.h"

#include <rexorm/changes/changehub.h>
#include <rexorm/meta/decimal.h>
#include <rexorm/meta/registry.h>
#include <rexorm/meta/schemainspector.h>
#include <rexorm/model/entityrepository.h>
#include <rexorm/validation/validator.h>

#include <QtCore/QJsonArray>
#include <QtTest/QSignalSpy>

#include <thread>

using namespace RexOrm;

// The spec's User model.
class User : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("rex.table", "repo_users")
    Q_CLASSINFO("rex.column.id", "primaryKey autoIncrement")
    Q_CLASSINFO("rex.column.name",
                "length=100 notNull validate.required message.required='Name cannot be empty'")
    Q_CLASSINFO("rex.column.email",
                "length=100 unique validate.email message.email='Invalid email format'")
    Q_CLASSINFO("rex.column.passwordHash", "column=password_hash length=100 hidden")
    Q_CLASSINFO("rex.column.balance", "precision=12 scale=2")
    Q_CLASSINFO("rex.column.revision", "version")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(QString name MEMBER name)
    Q_PROPERTY(QString email MEMBER email)
    Q_PROPERTY(QString passwordHash MEMBER passwordHash)
    Q_PROPERTY(RexOrm::Decimal balance MEMBER balance)
    Q_PROPERTY(QDateTime seenAt MEMBER seenAt)
    Q_PROPERTY(qint64 revision MEMBER revision)
public:
    qint64 id = 0;
    QString name, email, passwordHash;
    Decimal balance;
    QDateTime seenAt;
    qint64 revision = 0;
};

namespace {

void createUsers(const Database &db)
{
    const Dialect &d = db.dialect();
    RexOrmTest::dropTables(db, {"repo_users"});
    db.execute(
        QStringLiteral(
            "CREATE TABLE repo_users (id %1, name %2 NOT NULL, email %2 UNIQUE, password_hash %2, "
            "balance %3 DEFAULT 0, %4 %5, revision BIGINT NOT NULL)")
            .arg(d.autoIncrementPrimaryKey({ColumnType::BigInt}),
                 d.typeName({ColumnType::String, 100}), d.typeName({ColumnType::Decimal, 0, 12, 2}),
                 d.quoteIdentifier(u"seenAt"), d.typeName({ColumnType::DateTime})));
}

} // namespace

class tst_EntityRepository : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { m_user = entityFromMetaObject(User::staticMetaObject, false); }
    void crud_data() { RexOrmTest::addBackendColumns(); }
    void crud();
    void onlyChangedColumnsAreWritten_data() { RexOrmTest::addBackendColumns(); }
    void onlyChangedColumnsAreWritten();
    void optimisticLocking_data() { RexOrmTest::addBackendColumns(); }
    void optimisticLocking();
    void validationBeforeWriting_data() { RexOrmTest::addBackendColumns(); }
    void validationBeforeWriting();
    void compositeKeysOnAnInspectedTable_data() { RexOrmTest::addBackendColumns(); }
    void compositeKeysOnAnInspectedTable();
    void json();
    void changeEvents_data() { RexOrmTest::addBackendColumns(); }
    void changeEvents();
    void asyncCalls_data() { RexOrmTest::addBackendColumns(); }
    void asyncCalls();

private:
    EntityInfo m_user;
};

void tst_EntityRepository::crud()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createUsers(db);
    EntityRepository users(db, m_user);

    const Record ann = users.create({{"name", "Ann"},
                                     {"email", "ann@example.org"},
                                     {"balance", QVariant::fromValue(Decimal(u"10.50"))}});
    QVERIFY(!ann.isNew());
    QVERIFY(!ann.isDirty());
    QCOMPARE(ann.value(u"id").toLongLong(), 1);
    QCOMPARE(ann.value(u"revision").toLongLong(), 1); // the version starts at 1
    QCOMPARE(ann.value(u"balance").value<Decimal>(), Decimal(u"10.5"));
    const Record bob = users.create({{"name", "Bob"}});
    QCOMPARE(bob.value(u"id").toLongLong(), 2);
    QCOMPARE(bob.value(u"balance").value<Decimal>(),
             Decimal(u"0")); // the database default, read back

    QCOMPARE(users.findOrFail(1).value(u"name").toString(), QStringLiteral("Ann"));
    QVERIFY(!users.find(99));
    QVERIFY_THROWS_EXCEPTION(NotFoundError, users.findOrFail(99));
    QCOMPARE(users.findAll().size(), 2);
    QCOMPARE(users.findAll(1, 1).first().value(u"name").toString(),
             QStringLiteral("Bob")); // limit, offset

    const QDateTime seen(QDate(2024, 5, 6), QTime(7, 8, 9, 10), Qt::UTC);
    const Record updated = users.update(2, {{"email", "bob@example.org"}, {"seenAt", seen}});
    QCOMPARE(updated.value(u"email").toString(), QStringLiteral("bob@example.org"));
    QCOMPARE(updated.value(u"seenAt").toDateTime(), seen);
    QCOMPARE(updated.value(u"revision").toLongLong(), 2);
    QVERIFY_THROWS_EXCEPTION(NotFoundError, users.update(99, {{"name", "x"}}));

    Record record = users.findOrFail(1);
    record.setValue("name", "Ann B.");
    QCOMPARE(record.dirtyColumns(), QStringList{"name"});
    users.save(record);
    QVERIFY(!record.isDirty());
    users.refresh(record);
    QCOMPARE(record.value(u"name").toString(), QStringLiteral("Ann B."));

    QVERIFY(users.remove(2));
    QVERIFY(!users.remove(2));
    users.remove(record);
    QVERIFY(record.isNew());
    QCOMPARE(users.findAll().size(), 0);
    QVERIFY_THROWS_EXCEPTION(Error, record.setValue("nickname", "x"));
    QCOMPARE(users.query().where("name", "nobody").count(db), 0);
    QVERIFY_THROWS_EXCEPTION(Error, users.query().where("secret", 1).build(db.dialect()));
}

void tst_EntityRepository::onlyChangedColumnsAreWritten()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createUsers(db);
    EntityRepository users(db, m_user);
    users.create({{"name", "Ann"}, {"email", "ann@example.org"}});
    Record mine = users.findOrFail(1);
    // Someone else changes the email meanwhile (not through the version column).
    db.execute(QStringLiteral("UPDATE repo_users SET email = ? WHERE id = ?"),
               {"new@example.org", 1});
    mine.setValue("name", "Annie");
    users.save(mine);
    QCOMPARE(mine.value(u"email").toString(), QStringLiteral("new@example.org")); // not overwritten
    QCOMPARE(mine.value(u"name").toString(), QStringLiteral("Annie"));
    QSignalSpy spy(db.changes(), &ChangeHub::changed);
    users.save(mine); // nothing changed: no write, no event
    QCOMPARE(spy.count(), 0);
}

void tst_EntityRepository::optimisticLocking()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createUsers(db);
    EntityRepository users(db, m_user);
    users.create({{"name", "Ann"}});
    Record first = users.findOrFail(1);
    Record second = users.findOrFail(1);
    first.setValue("name", "First");
    users.save(first);
    second.setValue("name", "Second");
    try {
        users.save(second);
        QFAIL("a lost update was written");
    } catch (const ConflictError &error) {
        QVERIFY2(error.message().contains(u"User(id=1) was changed by someone else"), error.what());
    }
    QCOMPARE(users.findOrFail(1).value(u"name").toString(), QStringLiteral("First"));
    users.refresh(second);
    second.setValue("name", "Second");
    users.save(second);
    QCOMPARE(users.findOrFail(1).value(u"revision").toLongLong(), 3);
}

void tst_EntityRepository::validationBeforeWriting()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createUsers(db);
    EntityRepository users(db, m_user);
    try {
        users.create({{"name", ""}, {"email", "nope"}});
        QFAIL("an invalid row was written");
    } catch (const ValidationError &error) {
        QCOMPARE(error.errors().value("name"), QStringList{"Name cannot be empty"});
        QCOMPARE(error.errors().value("email"), QStringList{"Invalid email format"});
    }
    QCOMPARE(users.findAll().size(), 0);
    users.create({{"name", "Ann"}});
    QVERIFY_THROWS_EXCEPTION(ValidationError, users.update(1, {{"email", "still nope"}}));
    QVERIFY(users.findOrFail(1).value(u"email").isNull());
    // A constraint only the database knows (unique) fails as a DatabaseError and rolls back.
    users.update(1, {{"email", "a@example.org"}});
    QVERIFY_THROWS_EXCEPTION(DatabaseError,
                             users.create({{"name", "Twin"}, {"email", "a@example.org"}}));
    QCOMPARE(users.findAll().size(), 1);
}

void tst_EntityRepository::compositeKeysOnAnInspectedTable()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    RexOrmTest::dropTables(db, {"playlist_entries"});
    db.execute(QStringLiteral(
        "CREATE TABLE playlist_entries (playlist_id INTEGER NOT NULL, track_id INTEGER NOT NULL, "
        "position INTEGER NOT NULL, PRIMARY KEY (playlist_id, track_id))"));
    const EntityInfo inspected = SchemaInspector(db).inspect("playlist_entries");
    EntityRepository entries(db, inspected);
    entries.create({{"playlist_id", 1}, {"track_id", 10}, {"position", 1}});
    entries.create({{"playlist_id", 1}, {"track_id", 11}, {"position", 2}});
    const QVariantMap key = {{"playlist_id", 1}, {"track_id", 11}};
    QCOMPARE(entries.findOrFail(key).value(u"position").toInt(), 2);
    QCOMPARE(entries.update(key, {{"position", 5}}).value(u"position").toInt(), 5);
    QVERIFY_THROWS_EXCEPTION(Error, entries.find(1)); // a composite key needs both columns
    QVERIFY(entries.remove(key));
    QCOMPARE(entries.findAll().size(), 1);
}

void tst_EntityRepository::json()
{
    Record user(m_user);
    user.setValues({{"id", 7}, {"name", "Ann"}});
    QVERIFY_THROWS_EXCEPTION(
        Error, user.setValue("passwordHash", "x")); // records speak columns, not properties
    user.setValue("password_hash", "secret-hash");
    user.setValue("balance", QVariant::fromValue(Decimal(u"1234567890123.45")));
    user.setValue("seenAt", QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5), Qt::UTC));
    const QJsonObject json = user.toJson();
    QVERIFY(!json.contains("password_hash")); // hidden columns never leave
    QCOMPARE(json.value("balance").toString(), QStringLiteral("1234567890123.45"));
    QCOMPARE(json.value("seenAt").toString(), QStringLiteral("2024-01-02T03:04:05.000Z"));
    QCOMPARE(json.value("email"), QJsonValue(QJsonValue::Null));
    const Record back = Record::fromJson(m_user, json);
    QCOMPARE(back.value(u"balance").value<Decimal>(), Decimal(u"1234567890123.45"));
    QCOMPARE(back.value(u"seenAt").toDateTime(), user.value(u"seenAt").toDateTime());
    QVERIFY_THROWS_EXCEPTION(Error, Record::fromJson(m_user, QJsonObject{{"nickname", "x"}}));
}

void tst_EntityRepository::changeEvents()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createUsers(db);
    EntityRepository users(db, m_user);
    QList<ChangeEvent> events;
    QObject::connect(
        db.changes(), &ChangeHub::changed, db.changes(), [&](const ChangeEvent &e) { events << e; },
        Qt::DirectConnection);

    users.create({{"name", "Ann"}});
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].operation, ChangeEvent::Insert);
    QCOMPARE(events[0].entity, QStringLiteral("User"));
    QCOMPARE(events[0].primaryKey.value("id").toLongLong(), 1);
    QCOMPARE(events[0].newRow.value("name").toString(), QStringLiteral("Ann"));

    // Inside a transaction, events wait for the commit; a rollback publishes nothing.
    db.transaction([&] {
        users.update(1, {{"name", "Ann 2"}});
        users.create({{"name", "Bob"}});
        QCOMPARE(events.size(), 1);
    });
    QCOMPARE(events.size(), 3);
    QCOMPARE(events[1].operation, ChangeEvent::Update);
    QCOMPARE(events[1].changedColumns, QStringList{"name"});
    QCOMPARE(events[1].oldRow.value("name").toString(), QStringLiteral("Ann"));
    QCOMPARE(events[1].newRow.value("name").toString(), QStringLiteral("Ann 2"));
    try {
        db.transaction([&] {
            users.create({{"name", "Ghost"}});
            throw std::runtime_error("undo");
        });
    } catch (const std::runtime_error &) {
    }
    QCOMPARE(events.size(), 3);
    QCOMPARE(users.findAll().size(), 2);

    // A savepoint rolled back drops its events; the rest of the transaction keeps theirs.
    db.transaction([&] {
        try {
            db.transaction([&] {
                users.create({{"name", "Inner ghost"}});
                throw std::runtime_error("undo inner");
            });
        } catch (const std::runtime_error &) {
        }
        users.remove(2);
    });
    QCOMPARE(events.size(), 4);
    QCOMPARE(events[3].operation, ChangeEvent::Delete);
    QCOMPARE(events[3].oldRow.value("name").toString(), QStringLiteral("Bob"));

    // Query-builder writes publish table events.
    Query("repo_users").update(Fields{{"name", "Everyone"}}).execute(db);
    QCOMPARE(events.size(), 5);
    QVERIFY(events[4].isTableEvent());
    QCOMPARE(events[4].table, QStringLiteral("repo_users"));
    QCOMPARE(events[4].rowCount, 1);

    for (int i = 1; i < events.size(); ++i)
        QCOMPARE(events[i].sequence, events[i - 1].sequence + 1);
    QVERIFY(events.last().timestamp.isValid());

    // Concurrent writers: sequence numbers follow commit order, without gaps or repeats.
    events.clear();
    std::vector<std::thread> writers;
    for (int t = 0; t < 4; ++t)
        writers.emplace_back([&, t] {
            for (int i = 0; i < 10; ++i)
                users.create({{"name", QStringLiteral("w%1-%2").arg(t).arg(i)}});
        });
    for (auto &writer : writers)
        writer.join();
    QCOMPARE(events.size(), 40);
    for (int i = 1; i < events.size(); ++i)
        QCOMPARE(events[i].sequence, events[i - 1].sequence + 1);
}

void tst_EntityRepository::asyncCalls()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createUsers(db);
    EntityRepository users(db, m_user);
    const Record created = users.createAsync({{"name", "Async"}}).result();
    QCOMPARE(created.value(u"name").toString(), QStringLiteral("Async"));
    QCOMPARE(users.findAsync(created.value(u"id")).result()->value(u"name").toString(),
             QStringLiteral("Async"));
    QCOMPARE(users.updateAsync(created.value(u"id"), {{"name", "Changed"}})
                 .result()
                 .value(u"name")
                 .toString(),
             QStringLiteral("Changed"));
    QCOMPARE(users.findAllAsync().result().size(), 1);
    QVERIFY(users.removeAsync(created.value(u"id")).result());
    QVERIFY_THROWS_EXCEPTION(ValidationError, users.createAsync({{"name", ""}}).waitForFinished());
}

REXORM_TEST_MAIN(tst_EntityRepository)
#include "tst_entityrepository.moc"
