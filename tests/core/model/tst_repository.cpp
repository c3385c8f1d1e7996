#include "testdatabases.h"

#include <rexorm/meta/decimal.h>
#include <rexorm/model/repository.h>
#include <rexorm/validation/validator.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtTest/QSignalSpy>

using namespace RexOrm;

// The spec's models: User as a QObject with change tracking, Post as a value type.
class User : public Model
{
    Q_OBJECT
    Q_CLASSINFO("rex.table", "typed_users")
    Q_CLASSINFO("rex.column.id", "primaryKey autoIncrement")
    Q_CLASSINFO("rex.column.name",
                "length=100 notNull validate.required message.required='Name cannot be empty'")
    Q_CLASSINFO("rex.column.email",
                "length=100 validate.email message.email='Invalid email format'")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(QString name MEMBER m_name)
    Q_PROPERTY(QString email MEMBER m_email)
    Q_PROPERTY(std::optional<int> age MEMBER m_age)

public:
    Q_INVOKABLE explicit User(QObject *parent = nullptr) : Model(parent) {}
    qint64 m_id = 0;
    QString m_name;
    QString m_email;
    std::optional<int> m_age;
};

struct Post
{
    Q_GADGET
    Q_CLASSINFO("rex.table", "typed_posts")
    Q_CLASSINFO("rex.column.userId", "column=user_id notNull")
    Q_CLASSINFO("rex.column.price", "precision=8 scale=2")
    Q_CLASSINFO("rex.column.meta", "type=json")
    Q_CLASSINFO("rex.column.revision", "version")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(qint64 userId MEMBER userId)
    Q_PROPERTY(QString title MEMBER title)
    Q_PROPERTY(RexOrm::Decimal price MEMBER price)
    Q_PROPERTY(bool published MEMBER published)
    Q_PROPERTY(QDateTime publishedAt MEMBER publishedAt)
    Q_PROPERTY(QJsonObject meta MEMBER meta)
    Q_PROPERTY(qint64 revision MEMBER revision)

public:
    qint64 id = 0;
    qint64 userId = 0;
    QString title;
    Decimal price;
    bool published = false;
    QDateTime publishedAt;
    QJsonObject meta;
    qint64 revision = 0;
};

class tst_Repository : public QObject
{
    Q_OBJECT

private slots:
    void qobjectModels_data() { RexOrmTest::addBackendColumns(); }
    void qobjectModels();
    void gadgetModels_data() { RexOrmTest::addBackendColumns(); }
    void gadgetModels();

private:
    void createTables(const Database &db);
};

void tst_Repository::createTables(const Database &db)
{
    const Dialect &d = db.dialect();
    RexOrmTest::dropTables(db, {"typed_posts", "typed_users"});
    db.execute(
        QStringLiteral("CREATE TABLE typed_users (id %1, name %2 NOT NULL, email %2, age INTEGER)")
            .arg(d.autoIncrementPrimaryKey({ColumnType::BigInt}),
                 d.typeName({ColumnType::String, 100})));
    db.execute(QStringLiteral("CREATE TABLE typed_posts (id %1, user_id BIGINT NOT NULL, title %2, "
                              "price %3, published %4 "
                              "NOT NULL, %5 %6, meta %7)")
                   .arg(d.autoIncrementPrimaryKey({ColumnType::BigInt}),
                        d.typeName({ColumnType::String, 100}),
                        d.typeName({ColumnType::Decimal, 0, 8, 2}),
                        d.typeName({ColumnType::Boolean}), d.quoteIdentifier(u"publishedAt"),
                        d.typeName({ColumnType::DateTime}), d.typeName({ColumnType::Json})));
    db.execute(
        QStringLiteral("ALTER TABLE typed_posts ADD COLUMN revision BIGINT NOT NULL DEFAULT 0"));
}

void tst_Repository::qobjectModels()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createTables(db);
    Registry registry;
    Repository<User> users(db, registry);

    User ann;
    ann.m_name = "Ann";
    ann.m_email = "ann@example.org";
    QVERIFY(ann.isNew());
    users.save(ann);
    QVERIFY(!ann.isNew());
    QCOMPARE(ann.m_id, 1); // the generated key comes back
    QVERIFY(!ann.m_age.has_value());

    std::unique_ptr<User> loaded = users.findOrFail(1);
    QCOMPARE(loaded->m_name, QStringLiteral("Ann"));
    QVERIFY(!loaded->m_age); // NULL is std::nullopt
    loaded->m_age = 41;
    users.save(*loaded);
    QCOMPARE(users.findOrFail(1)->m_age.value_or(0), 41);

    // Only changed properties are written: a concurrent change to another column survives.
    db.execute(QStringLiteral("UPDATE typed_users SET email = ? WHERE id = 1"),
               {"other@example.org"});
    loaded->m_name = "Ann B.";
    users.save(*loaded);
    QCOMPARE(loaded->m_email, QStringLiteral("other@example.org"));

    User invalid;
    invalid.m_email = "nope";
    try {
        users.save(invalid);
        QFAIL("an invalid user was saved");
    } catch (const ValidationError &error) {
        QCOMPARE(error.errors().value("name"), QStringList{"Name cannot be empty"});
        QCOMPARE(error.errors().value("email"), QStringList{"Invalid email format"});
    }

    // Models signal their committed writes, and only those.
    QSignalSpy saved(loaded.get(), &Model::saved);
    loaded->m_age = 42;
    users.save(*loaded);
    QCOMPARE(saved.count(), 1);
    try {
        db.transaction([&] {
            loaded->m_age = 43;
            users.save(*loaded);
            QCOMPARE(saved.count(), 0 + 1); // not yet: the transaction is open
            throw std::runtime_error("undo");
        });
    } catch (const std::runtime_error &) {
    }
    QCOMPARE(saved.count(), 1);
    db.transaction([&] {
        loaded->m_age = 44;
        users.save(*loaded);
    });
    QCOMPARE(saved.count(), 2);
    users.refresh(*loaded);

    const QJsonObject json = users.toJson(*loaded);
    QCOMPARE(json.value("name").toString(), QStringLiteral("Ann B."));
    QCOMPARE(json.value("age").toInt(), 44);

    const std::unique_ptr<User> bob = users.create({{"name", "Bob"}});
    QCOMPARE(users.findAll().size(), 2u);
    QCOMPARE(users.update(bob->m_id, {{"email", "bob@example.org"}})->m_email,
             QStringLiteral("bob@example.org"));
    QCOMPARE(users.get(users.query().where("name", "Bob")).size(), 1u);
    users.remove(*loaded);
    QVERIFY(loaded->isNew());
    QVERIFY(users.remove(bob->m_id));
    QVERIFY(!users.findById(bob->m_id));

    // Move-only QObject handles come out of the future with takeResult().
    QFuture<std::unique_ptr<User>> pending = users.createAsync({{"name", "Async"}});
    pending.waitForFinished();
    const std::unique_ptr<User> async = pending.takeResult();
    QCOMPARE(async->m_name, QStringLiteral("Async"));
    QFuture<std::vector<std::unique_ptr<User>>> all = users.findAllAsync();
    all.waitForFinished();
    QCOMPARE(all.takeResult().size(), 1u); // Ann and Bob were removed above
}

void tst_Repository::gadgetModels()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    createTables(db);
    Registry registry;
    Repository<Post> posts(db, registry);

    Post post;
    post.userId = 7;
    post.title = "Hello";
    post.price = Decimal(u"19.99");
    post.published = true;
    post.publishedAt = QDateTime(QDate(2024, 3, 4), QTime(5, 6, 7, 8), Qt::UTC);
    post.meta = QJsonObject{{"tags", QJsonArray{QStringLiteral("qt"), QStringLiteral("orm")}}};
    posts.save(post);
    QCOMPARE(post.id, 1);

    const Post loaded = posts.findOrFail(1);
    QCOMPARE(loaded.userId, 7);
    QCOMPARE(loaded.price, Decimal(u"19.99"));
    QCOMPARE(loaded.price.toString(), QStringLiteral("19.99"));
    QVERIFY(loaded.published);
    QCOMPARE(loaded.publishedAt, post.publishedAt);
    QCOMPARE(loaded.meta, post.meta);

    // Without a snapshot, saving a keyed value writes every column.
    Post edited = loaded;
    edited.title = "Edited";
    edited.published = false;
    posts.save(edited);
    const Post again = posts.findOrFail(1);
    QCOMPARE(again.title, QStringLiteral("Edited"));
    QVERIFY(!again.published);
    QCOMPARE(posts.findAll(10, 0).size(), 1u);
    // Optimistic locking works for values too: a stale copy is refused, not written over.
    Post first = posts.findOrFail(1);
    Post stale = first;
    first.title = "First";
    posts.save(first);
    stale.title = "Stale";
    QVERIFY_THROWS_EXCEPTION(ConflictError, posts.save(stale));
    QCOMPARE(posts.findOrFail(1).title, QStringLiteral("First"));
    posts.remove(first);
    QVERIFY(!posts.findById(1));

    // The typed calls exist asynchronously too.
    const Post created =
        posts.createAsync({{"user_id", 9}, {"title", "Async"}, {"published", true}}).result();
    QCOMPARE(posts.findByIdAsync(created.id).result()->title, QStringLiteral("Async"));
    QCOMPARE(posts.updateAsync(created.id, {{"title", "Later"}}).result().title,
             QStringLiteral("Later"));
    QCOMPARE(posts.findAllAsync().result().size(), 1u);
    QCOMPARE(posts.getAsync(posts.query().where("title", "Later")).result().size(), 1u);
    QVERIFY(posts.removeAsync(created.id).result());
}

REXORM_TEST_MAIN(tst_Repository)
#include "tst_repository.moc"
