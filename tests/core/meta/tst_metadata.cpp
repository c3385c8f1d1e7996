#include "testdatabases.h"

#include <rexorm/meta/decimal.h>
#include <rexorm/meta/registry.h>

#include <QtCore/QDateTime>
#include <QtCore/QJsonObject>
#include <QtCore/QUuid>

#include <optional>

using namespace RexOrm;

// The spec's models, as a QObject and as a Q_GADGET value type.
class User : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("rex.table", "users")
    Q_CLASSINFO("rex.column.id", "primaryKey autoIncrement")
    Q_CLASSINFO("rex.column.name", "length=255 notNull validate.required validate.maxLength=255 "
                                   "message.required='Name cannot be empty'")
    Q_CLASSINFO("rex.column.email",
                "length=255 unique validate.email message.email='Invalid email format'")
    Q_CLASSINFO("rex.column.passwordHash", "column=password_hash hidden")
    Q_CLASSINFO("rex.column.displayName", "transient")
    Q_CLASSINFO("rex.column.lockVersion", "version")
    Q_CLASSINFO("rex.relation.posts", "hasMany Post foreignKey=user_id")
    Q_CLASSINFO("rex.index.byName", "columns=name,email")
    Q_PROPERTY(qint64 id MEMBER m_id)
    Q_PROPERTY(QString name MEMBER m_name)
    Q_PROPERTY(QString email MEMBER m_email)
    Q_PROPERTY(QString passwordHash MEMBER m_passwordHash)
    Q_PROPERTY(QString displayName READ displayName)
    Q_PROPERTY(int lockVersion MEMBER m_lockVersion)
    Q_PROPERTY(QDateTime createdAt MEMBER m_createdAt)

public:
    QString displayName() const { return m_name; }

private:
    qint64 m_id = 0;
    QString m_name;
    QString m_email;
    QString m_passwordHash;
    int m_lockVersion = 0;
    QDateTime m_createdAt;
};

struct Post
{
    Q_GADGET
    Q_CLASSINFO("rex.table", "blog.posts")
    Q_CLASSINFO("rex.column.userId", "column=user_id notNull")
    Q_CLASSINFO("rex.column.price", "precision=10 scale=2 validate.min=0")
    Q_CLASSINFO("rex.column.status", "default=draft validate.oneOf='draft|published'")
    Q_CLASSINFO("rex.column.body", "type=text validate.pattern='^[^<>]*$' validate.minLength=3")
    Q_CLASSINFO("rex.column.extra", "type=json")
    Q_CLASSINFO("rex.relation.author", "belongsTo User foreignKey=userId")
    Q_CLASSINFO("rex.relation.tags", "belongsToMany Tag through=post_tags pivotColumns=position")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(qint64 userId MEMBER userId)
    Q_PROPERTY(QString title MEMBER title)
    Q_PROPERTY(QString body MEMBER body)
    Q_PROPERTY(QString status MEMBER status)
    Q_PROPERTY(RexOrm::Decimal price MEMBER price)
    Q_PROPERTY(bool published MEMBER published)
    Q_PROPERTY(std::optional<int> rating MEMBER rating)
    Q_PROPERTY(QUuid token MEMBER token)
    Q_PROPERTY(QJsonObject meta MEMBER meta)
    Q_PROPERTY(QVariant extra MEMBER extra)

public:
    qint64 id = 0;
    qint64 userId = 0;
    QString title;
    QString body;
    QString status;
    Decimal price;
    bool published = false;
    std::optional<int> rating;
    QUuid token;
    QJsonObject meta;
    QVariant extra;
};

struct Tag
{
    Q_GADGET
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(QString label MEMBER label)
public:
    qint64 id = 0;
    QString label;
};

// Chinook's PlaylistTrack: a composite primary key.
struct PlaylistTrack
{
    Q_GADGET
    Q_CLASSINFO("rex.table", "PlaylistTrack")
    Q_CLASSINFO("rex.primaryKey", "playlistId, trackId")
    Q_CLASSINFO("rex.column.playlistId", "column=PlaylistId")
    Q_CLASSINFO("rex.column.trackId", "column=TrackId")
    Q_PROPERTY(int playlistId MEMBER playlistId)
    Q_PROPERTY(int trackId MEMBER trackId)
public:
    int playlistId = 0;
    int trackId = 0;
};

struct SalesView
{
    Q_GADGET
    Q_CLASSINFO("rex.readOnly", "")
    Q_PROPERTY(QString country MEMBER country)
public:
    QString country;
};

// One malformed annotation each.
struct BadClassKey
{
    Q_GADGET
    Q_CLASSINFO("rex.tabel", "x")
    Q_PROPERTY(qint64 id MEMBER id)
public:
    qint64 id = 0;
};
struct BadOption
{
    Q_GADGET
    Q_CLASSINFO("rex.column.name", "lenght=20")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(QString name MEMBER name)
public:
    qint64 id = 0;
    QString name;
};
struct BadLength
{
    Q_GADGET
    Q_CLASSINFO("rex.column.name", "length=many")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(QString name MEMBER name)
public:
    qint64 id = 0;
    QString name;
};
struct UnknownProperty
{
    Q_GADGET
    Q_CLASSINFO("rex.column.nmae", "notNull")
    Q_PROPERTY(qint64 id MEMBER id)
public:
    qint64 id = 0;
};
struct BadRelationKind
{
    Q_GADGET
    Q_CLASSINFO("rex.relation.owner", "ownedBy User")
    Q_PROPERTY(qint64 id MEMBER id)
public:
    qint64 id = 0;
};
struct BadRelationOption
{
    Q_GADGET
    Q_CLASSINFO("rex.relation.posts", "hasMany Post foreignkey=user_id")
    Q_PROPERTY(qint64 id MEMBER id)
public:
    qint64 id = 0;
};
struct UnterminatedQuote
{
    Q_GADGET
    Q_CLASSINFO("rex.column.name", "message.required='oops")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(QString name MEMBER name)
public:
    qint64 id = 0;
    QString name;
};
struct NoPrimaryKey
{
    Q_GADGET
    Q_PROPERTY(QString name MEMBER name)
public:
    QString name;
};
struct UntypedVariant
{
    Q_GADGET
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(QVariant anything MEMBER anything)
public:
    qint64 id = 0;
    QVariant anything;
};
struct TextAutoIncrement
{
    Q_GADGET
    Q_CLASSINFO("rex.column.code", "primaryKey autoIncrement")
    Q_PROPERTY(QString code MEMBER code)
public:
    QString code;
};
struct BadForeignKey
{
    Q_GADGET
    Q_CLASSINFO("rex.relation.author", "belongsTo User foreignKey=author_id")
    Q_PROPERTY(qint64 id MEMBER id)
public:
    qint64 id = 0;
};
struct MessageWithoutRule
{
    Q_GADGET
    Q_CLASSINFO("rex.column.name", "message.email='Invalid email format'")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(QString name MEMBER name)
public:
    qint64 id = 0;
    QString name;
};
struct BadPattern
{
    Q_GADGET
    Q_CLASSINFO("rex.column.name", "validate.pattern='(unclosed'")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(QString name MEMBER name)
public:
    qint64 id = 0;
    QString name;
};
class ReadOnlyProperty : public QObject
{
    Q_OBJECT
    Q_PROPERTY(qint64 id READ id)
public:
    qint64 id() const { return 1; }
};
struct BadType
{
    Q_GADGET
    Q_CLASSINFO("rex.column.extra", "type=blob")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(QVariant extra MEMBER extra)
public:
    qint64 id = 0;
    QVariant extra;
};
struct BadIndex
{
    Q_GADGET
    Q_CLASSINFO("rex.index.byMissing", "columns=missing unique")
    Q_PROPERTY(qint64 id MEMBER id)
public:
    qint64 id = 0;
};

class tst_Metadata : public QObject
{
    Q_OBJECT

private slots:
    void qobjectModel();
    void gadgetModel();
    void compositeKeyAndViews();
    void relations();
    void registry();
    void malformedAnnotations_data();
    void malformedAnnotations();
    void snakeCase();
};

void tst_Metadata::qobjectModel()
{
    const EntityInfo user = entityFromMetaObject(User::staticMetaObject, false);
    QCOMPARE(user.name, QStringLiteral("User"));
    QCOMPARE(user.table, QStringLiteral("users"));
    QVERIFY(!user.isGadget);
    QCOMPARE(user.columnNames(),
             (QStringList{"id", "name", "email", "password_hash", "lockVersion", "createdAt"}));
    QCOMPARE(user.primaryKey, QStringList{"id"});

    const ColumnInfo *id = user.column(u"id");
    QCOMPARE(id->type, ColumnType::BigInt);
    QVERIFY(id->primaryKey && id->autoIncrement && !id->nullable);

    const ColumnInfo *name = user.column(u"name");
    QCOMPARE(name->type, ColumnType::String);
    QCOMPARE(name->length, 255);
    QVERIFY(!name->nullable);
    QCOMPARE(name->rules.size(), 2);
    QCOMPARE(name->rules[0].kind, QStringLiteral("required"));
    QCOMPARE(name->rules[0].message, QStringLiteral("Name cannot be empty"));
    QCOMPARE(name->rules[1].kind, QStringLiteral("maxLength"));
    QCOMPARE(name->rules[1].argument.toInt(), 255);

    const ColumnInfo *email = user.column(u"email");
    QVERIFY(email->unique && email->nullable);
    QCOMPARE(email->rules.first().message, QStringLiteral("Invalid email format"));

    const ColumnInfo *password = user.columnForProperty(u"passwordHash");
    QCOMPARE(password->name, QStringLiteral("password_hash"));
    QVERIFY(password->hidden);
    QVERIFY(!user.visibleColumnNames().contains(QStringLiteral("password_hash")));
    QVERIFY(!user.column(u"displayName")); // transient
    QCOMPARE(user.versionColumn()->name, QStringLiteral("lockVersion"));
    QCOMPARE(user.column(u"createdAt")->type, ColumnType::DateTime);
    QCOMPARE(user.indexes.size(), 1);
    QCOMPARE(user.indexes[0].columns, (QStringList{"name", "email"}));
}

void tst_Metadata::gadgetModel()
{
    const EntityInfo post = entityFromMetaObject(Post::staticMetaObject, true);
    QVERIFY(post.isGadget);
    QCOMPARE(post.schema, QStringLiteral("blog"));
    QCOMPARE(post.table, QStringLiteral("posts"));
    QCOMPARE(post.qualifiedTable(), QStringLiteral("blog.posts"));
    QCOMPARE(post.primaryKey, QStringList{"id"}); // by convention
    QVERIFY(post.column(u"id")->autoIncrement);
    QCOMPARE(post.column(u"user_id")->property, QStringLiteral("userId"));
    QVERIFY(!post.column(u"user_id")->nullable);

    const ColumnInfo *price = post.column(u"price");
    QCOMPARE(price->type, ColumnType::Decimal);
    QCOMPARE(price->precision, 10);
    QCOMPARE(price->scale, 2);
    QCOMPARE(price->rules.first().kind, QStringLiteral("min"));

    QCOMPARE(post.column(u"status")->defaultValue, QVariant(QStringLiteral("draft")));
    QCOMPARE(post.column(u"status")->rules.first().argument.toStringList(),
             (QStringList{"draft", "published"}));
    QCOMPARE(post.column(u"body")->type, ColumnType::Text);
    QCOMPARE(post.column(u"body")->rules.first().argument.toString(), QStringLiteral("^[^<>]*$"));
    QCOMPARE(post.column(u"published")->type, ColumnType::Boolean);
    QVERIFY(!post.column(u"published")->nullable);
    QCOMPARE(post.column(u"rating")->type, ColumnType::Integer);
    QVERIFY(post.column(u"rating")->nullable); // std::optional
    QCOMPARE(post.column(u"token")->type, ColumnType::Uuid);
    QCOMPARE(post.column(u"meta")->type, ColumnType::Json);
    QCOMPARE(post.column(u"extra")->type, ColumnType::Json);
}

void tst_Metadata::compositeKeyAndViews()
{
    const EntityInfo playlistTrack = entityFromMetaObject(PlaylistTrack::staticMetaObject, true);
    QCOMPARE(playlistTrack.primaryKey, (QStringList{"PlaylistId", "TrackId"}));
    QVERIFY(!playlistTrack.column(u"PlaylistId")->autoIncrement);

    const EntityInfo view = entityFromMetaObject(SalesView::staticMetaObject, true);
    QVERIFY(view.readOnly);
    QVERIFY(view.primaryKey.isEmpty());
    QCOMPARE(view.table, QStringLiteral("sales_view"));
}

void tst_Metadata::relations()
{
    const EntityInfo post = entityFromMetaObject(Post::staticMetaObject, true);
    const RelationInfo *author = post.relation(u"author");
    QCOMPARE(author->kind, RelationInfo::BelongsTo);
    QCOMPARE(author->target, QStringLiteral("User"));
    QCOMPARE(author->foreignKey,
             QStringLiteral("user_id")); // given as the property, stored as the column
    QCOMPARE(author->localKey, QStringLiteral("id"));
    const RelationInfo *tags = post.relation(u"tags");
    QCOMPARE(tags->kind, RelationInfo::BelongsToMany);
    QCOMPARE(tags->pivotTable, QStringLiteral("post_tags"));
    QCOMPARE(tags->pivotForeignKey, QStringLiteral("post_id"));
    QCOMPARE(tags->pivotRelatedKey, QStringLiteral("tag_id"));
    QCOMPARE(tags->pivotColumns, QStringList{"position"});

    const EntityInfo user = entityFromMetaObject(User::staticMetaObject, false);
    const RelationInfo *posts = user.relation(u"posts");
    QCOMPARE(posts->kind, RelationInfo::HasMany);
    QCOMPARE(posts->foreignKey, QStringLiteral("user_id"));
    QCOMPARE(posts->localKey, QStringLiteral("id"));
}

void tst_Metadata::registry()
{
    Registry registry;
    const EntityInfo &user = registry.registerModel<User>();
    QCOMPARE(&registry.registerModel<User>(), &user); // once per class
    registry.registerModel<Post>();
    QCOMPARE(registry.findByTable(QStringLiteral("users")), &user);
    QCOMPARE(registry.findByTable(QStringLiteral("blog.posts"))->name, QStringLiteral("Post"));
    QCOMPARE(registry.findByMetaObject(&User::staticMetaObject), &user);
    try {
        registry.validate();
        QFAIL("a relation to an unregistered entity passed");
    } catch (const MetadataError &error) {
        QVERIFY2(
            error.message().contains(u"relation tags (belongsToMany Tag): no entity named Tag"),
            error.what());
    }
    registry.registerModel<Tag>();
    registry.validate();
    QCOMPARE(registry.entityNames(), (QStringList{"Post", "Tag", "User"}));
    try {
        registry.entity(QStringLiteral("Comment"));
        QFAIL("an unknown entity was found");
    } catch (const MetadataError &error) {
        QVERIFY(error.message().contains(u"registered: Post, Tag, User"));
    }

    EntityInfo duplicate;
    duplicate.name = QStringLiteral("User");
    duplicate.table = QStringLiteral("people");
    QVERIFY_THROWS_EXCEPTION(MetadataError, registry.registerEntity(duplicate));
    EntityInfo broken;
    broken.name = QStringLiteral("Broken");
    broken.table = QStringLiteral("broken");
    broken.columns << ColumnInfo{} << ColumnInfo{};
    broken.columns[0].name = broken.columns[1].name = QStringLiteral("x");
    QVERIFY_THROWS_EXCEPTION(MetadataError, registry.registerEntity(broken));
    broken.columns.removeLast();
    broken.primaryKey = {QStringLiteral("y")};
    QVERIFY_THROWS_EXCEPTION(MetadataError, registry.registerEntity(broken));

    // A relation whose foreign key the target lacks.
    Registry second;
    second.registerModel<User>();
    EntityInfo post = entityFromMetaObject(Post::staticMetaObject, true);
    post.columns.removeIf([](const ColumnInfo &c) { return c.name == u"user_id"; });
    post.relations.removeIf([](const RelationInfo &r) { return r.kind != RelationInfo::HasMany; });
    second.registerEntity(post);
    QVERIFY_THROWS_EXCEPTION(MetadataError, second.validate()); // User.posts needs Post.user_id

    Registry::global().registerModel<Tag>();
    QVERIFY(Registry::global().contains(QStringLiteral("Tag")));
}

void tst_Metadata::malformedAnnotations_data()
{
    QTest::addColumn<const QMetaObject *>("metaObject");
    QTest::addColumn<bool>("isGadget");
    QTest::addColumn<QString>("expected");
    QTest::newRow("class key") << &BadClassKey::staticMetaObject << true
                               << "BadClassKey: rex.tabel: unknown annotation";
    QTest::newRow("option") << &BadOption::staticMetaObject << true
                            << "BadOption: rex.column.name: unknown option \"lenght\"";
    QTest::newRow("length") << &BadLength::staticMetaObject << true
                            << "\"length\" expects a whole number of at least 1, got \"many\"";
    QTest::newRow("property")
        << &UnknownProperty::staticMetaObject << true
        << "rex.column.nmae: names no Q_PROPERTY of the class (properties: id)";
    QTest::newRow("relation kind")
        << &BadRelationKind::staticMetaObject << true << "rex.relation.owner: expected \"<hasOne";
    QTest::newRow("relation option") << &BadRelationOption::staticMetaObject << true
                                     << "unknown option \"foreignkey\" for hasMany";
    QTest::newRow("quote") << &UnterminatedQuote::staticMetaObject << true
                           << "unterminated quoted value for \"message.required\"";
    QTest::newRow("no key") << &NoPrimaryKey::staticMetaObject << true
                            << "NoPrimaryKey has no primary key";
    QTest::newRow("variant") << &UntypedVariant::staticMetaObject << true
                             << "rex.column.anything: property of type QVariant has no column type";
    QTest::newRow("auto text") << &TextAutoIncrement::staticMetaObject << true
                               << "autoIncrement needs an integer column";
    QTest::newRow("foreign key") << &BadForeignKey::staticMetaObject << true
                                 << "foreign key \"author_id\" is not a column";
    QTest::newRow("message") << &MessageWithoutRule::staticMetaObject << true
                             << "message.email names no validate.email rule";
    QTest::newRow("pattern") << &BadPattern::staticMetaObject << true
                             << "validate.pattern= expects a regular expression";
    QTest::newRow("read only") << &ReadOnlyProperty::staticMetaObject << false
                               << "rex.column.id: property has no WRITE or MEMBER";
    QTest::newRow("type") << &BadType::staticMetaObject << true << "type= expects one of";
    QTest::newRow("index") << &BadIndex::staticMetaObject << true
                           << "rex.index.byMissing: \"missing\" is not a column";
}

void tst_Metadata::malformedAnnotations()
{
    QFETCH(const QMetaObject *, metaObject);
    QFETCH(bool, isGadget);
    QFETCH(QString, expected);
    try {
        entityFromMetaObject(*metaObject, isGadget);
        QFAIL("a malformed annotation was accepted");
    } catch (const MetadataError &error) {
        QVERIFY2(error.message().contains(expected), error.what());
    }
}

void tst_Metadata::snakeCase()
{
    QCOMPARE(toSnakeCase(u"User"), QStringLiteral("user"));
    QCOMPARE(toSnakeCase(u"BlogPost"), QStringLiteral("blog_post"));
    QCOMPARE(toSnakeCase(u"HTTPRequest"), QStringLiteral("http_request"));
    QCOMPARE(toSnakeCase(u"invoiceLine2"), QStringLiteral("invoice_line2"));
}

REXORM_TEST_MAIN(tst_Metadata)
#include "tst_metadata.moc"
