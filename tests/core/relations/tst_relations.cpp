#include "testdatabases.h"

#include <rexorm/meta/registry.h>
#include <rexorm/model/entityrepository.h>

#include <QtCore/QLoggingCategory>
#include <QtCore/QMutex>

using namespace RexOrm;

struct Author
{
    Q_GADGET
    Q_CLASSINFO("rex.table", "rel_authors")
    Q_CLASSINFO("rex.relation.posts", "hasMany Post foreignKey=author_id")
    Q_CLASSINFO("rex.relation.profile", "hasOne Profile foreignKey=author_id")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(QString name MEMBER name)
public:
    qint64 id = 0;
    QString name;
};

struct Profile
{
    Q_GADGET
    Q_CLASSINFO("rex.table", "rel_profiles")
    Q_CLASSINFO("rex.column.authorId", "column=author_id")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(qint64 authorId MEMBER authorId)
    Q_PROPERTY(QString bio MEMBER bio)
public:
    qint64 id = 0;
    qint64 authorId = 0;
    QString bio;
};

struct Post
{
    Q_GADGET
    Q_CLASSINFO("rex.table", "rel_posts")
    Q_CLASSINFO("rex.column.authorId", "column=author_id")
    Q_CLASSINFO("rex.relation.author", "belongsTo Author foreignKey=author_id")
    Q_CLASSINFO("rex.relation.comments", "hasMany Comment foreignKey=post_id")
    Q_CLASSINFO("rex.relation.tags",
                "belongsToMany Tag through=rel_post_tags pivotForeignKey=post_id "
                "pivotRelatedKey=tag_id pivotColumns=position")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(std::optional<qint64> authorId MEMBER authorId)
    Q_PROPERTY(QString title MEMBER title)
public:
    qint64 id = 0;
    std::optional<qint64> authorId;
    QString title;
};

struct Comment
{
    Q_GADGET
    Q_CLASSINFO("rex.table", "rel_comments")
    Q_CLASSINFO("rex.column.postId", "column=post_id")
    Q_CLASSINFO("rex.relation.post", "belongsTo Post foreignKey=post_id")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(qint64 postId MEMBER postId)
    Q_PROPERTY(QString body MEMBER body)
public:
    qint64 id = 0;
    qint64 postId = 0;
    QString body;
};

struct Tag
{
    Q_GADGET
    Q_CLASSINFO("rex.table", "rel_tags")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(QString label MEMBER label)
public:
    qint64 id = 0;
    QString label;
};

namespace {

QMutex g_mutex;
QStringList g_statements;

void countStatements(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    if (qstrcmp(context.category, "rexorm.sql") != 0)
        return;
    QMutexLocker lock(&g_mutex);
    if (message.startsWith(u"SELECT"))
        g_statements << message;
}

// The SELECT statements that `work` runs.
QStringList selectsDuring(const std::function<void()> &work)
{
    {
        QMutexLocker lock(&g_mutex);
        g_statements.clear();
    }
    QLoggingCategory::setFilterRules(QStringLiteral("rexorm.sql.debug=true"));
    const QtMessageHandler previous = qInstallMessageHandler(countStatements);
    work();
    qInstallMessageHandler(previous);
    QLoggingCategory::setFilterRules(QString());
    QMutexLocker lock(&g_mutex);
    return g_statements;
}

QStringList values(const QList<Record> &records, const char *column)
{
    QStringList out;
    for (const Record &record : records)
        out << record.value(QString::fromLatin1(column)).toString();
    return out;
}

} // namespace

class tst_Relations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void eagerLoadingOneQueryPerLevel_data() { RexOrmTest::addBackendColumns(); }
    void eagerLoadingOneQueryPerLevel();
    void belongsToManyWithPivot_data() { RexOrmTest::addBackendColumns(); }
    void belongsToManyWithPivot();
    void whereHas_data() { RexOrmTest::addBackendColumns(); }
    void whereHas();
    void lazyLoading_data() { RexOrmTest::addBackendColumns(); }
    void lazyLoading();
    void saveWithRelated_data() { RexOrmTest::addBackendColumns(); }
    void saveWithRelated();
    void badRelations();

private:
    void seed(const Database &db);
    Registry m_registry;
};

void tst_Relations::initTestCase()
{
    m_registry.registerModel<Author>();
    m_registry.registerModel<Profile>();
    m_registry.registerModel<Post>();
    m_registry.registerModel<Comment>();
    m_registry.registerModel<Tag>();
    m_registry.validate();
}

void tst_Relations::seed(const Database &db)
{
    RexOrmTest::dropTables(db, {"rel_post_tags", "rel_comments", "rel_posts", "rel_profiles",
                                "rel_tags", "rel_authors"});
    const QString text = db.dialect().typeName({ColumnType::String, 100});
    db.execute(
        QStringLiteral("CREATE TABLE rel_authors (id BIGINT PRIMARY KEY, name %1)").arg(text));
    db.execute(QStringLiteral(
                   "CREATE TABLE rel_profiles (id BIGINT PRIMARY KEY, author_id BIGINT, bio %1)")
                   .arg(text));
    db.execute(
        QStringLiteral("CREATE TABLE rel_posts (id BIGINT PRIMARY KEY, author_id BIGINT, title %1)")
            .arg(text));
    db.execute(
        QStringLiteral(
            "CREATE TABLE rel_comments (id BIGINT PRIMARY KEY, post_id BIGINT NOT NULL, body %1)")
            .arg(text));
    db.execute(QStringLiteral("CREATE TABLE rel_tags (id BIGINT PRIMARY KEY, label %1)").arg(text));
    db.execute(QStringLiteral("CREATE TABLE rel_post_tags (post_id BIGINT NOT NULL, tag_id BIGINT "
                              "NOT NULL, position INTEGER, "
                              "PRIMARY KEY (post_id, tag_id))"));
    Query("rel_authors")
        .insert(QList<Fields>{{{"id", 1}, {"name", "Ann"}},
                              {{"id", 2}, {"name", "Bob"}},
                              {{"id", 3}, {"name", "Cid"}}})
        .execute(db);
    Query("rel_profiles")
        .insert(QList<Fields>{{{"id", 1}, {"author_id", 2}, {"bio", "Bob's bio"}}})
        .execute(db);
    Query("rel_posts")
        .insert(QList<Fields>{{{"id", 10}, {"author_id", 1}, {"title", "A1"}},
                              {{"id", 11}, {"author_id", 1}, {"title", "A2"}},
                              {{"id", 12}, {"author_id", 2}, {"title", "B1"}},
                              {{"id", 13}, {"author_id", QVariant()}, {"title", "Orphan"}}})
        .execute(db);
    QList<Fields> comments;
    for (int i = 0; i < 10; ++i)
        comments << Fields{{"id", 100 + i},
                           {"post_id", i < 6 ? 10 : (i < 9 ? 12 : 13)},
                           {"body", QStringLiteral("c%1").arg(i)}};
    Query("rel_comments").insert(comments).execute(db);
    Query("rel_tags")
        .insert(QList<Fields>{{{"id", 1}, {"label", "qt"}},
                              {{"id", 2}, {"label", "sql"}},
                              {{"id", 3}, {"label", "orm"}}})
        .execute(db);
}

void tst_Relations::eagerLoadingOneQueryPerLevel()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    seed(db);
    EntityRepository authors(db, m_registry.entity("Author"), &m_registry);
    QList<Record> loaded;
    const QStringList selects = selectsDuring([&] {
        loaded = authors.get(authors.query().orderBy("id"),
                             {"posts.comments", "posts.author", "profile"});
    });
    // authors, posts, comments, posts' authors, profiles: one query per relation level.
    QCOMPARE(selects.size(), 5);
    QCOMPARE(loaded.size(), 3);
    const QList<Record> annPosts = loaded[0].related("posts");
    QCOMPARE(values(annPosts, "title"), (QStringList{"A1", "A2"}));
    QCOMPARE(annPosts[0].related("comments").size(), 6);
    QCOMPARE(annPosts[1].related("comments").size(), 0);
    QCOMPARE(annPosts[0].related("author").first().value(u"name").toString(),
             QStringLiteral("Ann"));
    QCOMPARE(loaded[1].related("posts").first().related("comments").size(), 3);
    QCOMPARE(loaded[2].related("posts").size(), 0);
    QVERIFY(loaded[0].related("profile").isEmpty());
    QCOMPARE(loaded[1].related("profile").first().value(u"bio").toString(),
             QStringLiteral("Bob's bio"));
    QVERIFY_THROWS_EXCEPTION(Error, loaded[0].related("tags")); // not loaded

    // belongsTo with a NULL key has no related row.
    EntityRepository posts(db, m_registry.entity("Post"), &m_registry);
    const QList<Record> withAuthors = posts.get(posts.query().orderBy("id"), {"author"});
    QCOMPARE(withAuthors[3].related("author").size(), 0);
    QCOMPARE(withAuthors[2].related("author").first().value(u"name").toString(),
             QStringLiteral("Bob"));
}

void tst_Relations::belongsToManyWithPivot()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    seed(db);
    EntityRepository posts(db, m_registry.entity("Post"), &m_registry);
    const Record a1 = posts.findOrFail(10);
    const Record b1 = posts.findOrFail(12);
    posts.attach(a1, "tags", {1, 3}, {{"position", 7}});
    posts.attach(b1, "tags", {2});
    QList<Record> loaded;
    const QStringList selects = selectsDuring([&] {
        loaded = posts.get(posts.query().whereIn("id", {10, 11, 12}).orderBy("id"), {"tags"});
    });
    QCOMPARE(selects.size(), 2);
    QCOMPARE(values(loaded[0].related("tags"), "label"), (QStringList{"qt", "orm"}));
    QCOMPARE(loaded[0].related("tags").first().pivot().value("position").toInt(), 7);
    QCOMPARE(loaded[1].related("tags").size(), 0);
    QCOMPARE(values(loaded[2].related("tags"), "label"), QStringList{"sql"});

    posts.sync(a1, "tags", {3, 2}); // drops qt, keeps orm, adds sql
    QCOMPARE(
        values(posts.get(posts.query().where("id", 10), {"tags"}).first().related("tags"), "label"),
        (QStringList{"sql", "orm"}));
    posts.detach(a1, "tags", {2});
    QCOMPARE(
        values(posts.get(posts.query().where("id", 10), {"tags"}).first().related("tags"), "label"),
        QStringList{"orm"});
    posts.detach(a1, "tags");
    QCOMPARE(posts.get(posts.query().where("id", 10), {"tags"}).first().related("tags").size(), 0);
    QVERIFY_THROWS_EXCEPTION(Error, posts.attach(a1, "author", {1}));
}

void tst_Relations::whereHas()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    seed(db);
    EntityRepository authors(db, m_registry.entity("Author"), &m_registry);
    QCOMPARE(values(authors.get(authors.whereHas("posts").orderBy("id")), "name"),
             (QStringList{"Ann", "Bob"}));
    QCOMPARE(
        values(authors.get(authors.whereHas("posts", [](Query &q) { q.where("title", "B1"); })),
               "name"),
        QStringList{"Bob"});
    EntityRepository posts(db, m_registry.entity("Post"), &m_registry);
    QCOMPARE(posts.whereHas("comments").count(db), 3);
    QCOMPARE(posts.whereHas("author", [](Query &q) { q.where("name", "Ann"); }).count(db), 2);
    posts.attach(posts.findOrFail(11), "tags", {2});
    QCOMPARE(values(posts.get(posts.whereHas("tags")), "title"), QStringList{"A2"});
}

void tst_Relations::lazyLoading()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    seed(db);
    EntityRepository posts(db, m_registry.entity("Post"), &m_registry);
    Record post = posts.findOrFail(10);
    QList<Record> comments;
    QCOMPARE(selectsDuring([&] { comments = posts.related(post, "comments"); }).size(), 1);
    QCOMPARE(comments.size(), 6);
    QCOMPARE(selectsDuring([&] { comments = posts.related(post, "comments"); }).size(),
             0); // kept in the record
    QCOMPARE(post.related("comments").size(), 6);
    QCOMPARE(posts.related(post, "author").first().value(u"name").toString(),
             QStringLiteral("Ann"));
}

void tst_Relations::saveWithRelated()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    seed(db);
    EntityRepository authors(db, m_registry.entity("Author"), &m_registry);
    EntityRepository posts(db, m_registry.entity("Post"), &m_registry);
    EntityRepository tags(db, m_registry.entity("Tag"), &m_registry);
    const auto make = [&](const char *entity, const QVariantMap &values) {
        Record record(m_registry.entity(QString::fromLatin1(entity)));
        record.setValues(values);
        return record;
    };

    // A new author with a new post, its comment, an existing and a new tag, and a profile.
    Record comment = make("Comment", {{"id", 600}, {"body", "first!"}});
    Record post = make("Post", {{"id", 60}, {"title", "D1"}});
    post.setRelated("comments", {comment});
    Record newTag = make("Tag", {{"id", 9}, {"label", "new"}});
    newTag.setPivot({{"position", 4}});
    post.setRelated("tags", {tags.findOrFail(1), newTag});
    Record author = make("Author", {{"id", 50}, {"name", "Dee"}});
    author.setRelated("posts", {post});
    author.setRelated("profile", {make("Profile", {{"id", 70}, {"bio", "Dee's bio"}})});
    authors.saveWithRelated(author, {"posts.comments", "posts.tags", "profile"});

    QVERIFY(!author.isNew());
    QCOMPARE(author.related("posts").first().value(u"author_id").toLongLong(), 50);
    QCOMPARE(author.related("posts").first().related("comments").first().value(u"post_id").toInt(),
             60);
    const Record stored =
        authors.get(authors.query().where("id", 50), {"posts.comments", "posts.tags", "profile"})
            .first();
    QCOMPARE(values(stored.related("posts"), "title"), QStringList{"D1"});
    QCOMPARE(values(stored.related("posts").first().related("comments"), "body"),
             QStringList{"first!"});
    QList<Record> linked = stored.related("posts").first().related("tags");
    QCOMPARE(values(linked, "label"), (QStringList{"qt", "new"}));
    QCOMPARE(linked[1].pivot().value("position").toInt(), 4);
    QCOMPARE(values(stored.related("profile"), "bio"), QStringList{"Dee's bio"});

    // Saved again after a change: updates, and links already present are not repeated.
    Record again = stored;
    QList<Record> againPosts = again.related("posts");
    againPosts[0].setValue("title", "D1 edited");
    again.setRelated("posts", againPosts);
    authors.saveWithRelated(again, {"posts.tags"});
    QCOMPARE(posts.findOrFail(60).value(u"title").toString(), QStringLiteral("D1 edited"));
    QCOMPARE(Query("rel_post_tags").where("post_id", 60).count(db), 2);

    // belongsTo: the parent is saved first and its key fills the foreign key.
    Record orphan = make("Post", {{"id", 61}, {"title", "E1"}});
    orphan.setRelated("author", {make("Author", {{"id", 51}, {"name", "Eve"}})});
    posts.saveWithRelated(orphan, {"author"});
    QCOMPARE(posts.findOrFail(61).value(u"author_id").toLongLong(), 51);
    QCOMPARE(authors.findOrFail(51).value(u"name").toString(), QStringLiteral("Eve"));

    // A failure anywhere leaves nothing behind: post 10 exists, so the whole save fails.
    Record clash = make("Author", {{"id", 52}, {"name", "Fay"}});
    clash.setRelated("posts", {make("Post", {{"id", 62}, {"title", "ok"}}),
                               make("Post", {{"id", 10}, {"title", "duplicate key"}})});
    QVERIFY_THROWS_EXCEPTION(DatabaseError, authors.saveWithRelated(clash, {"posts"}));
    QVERIFY(clash.isNew());
    QVERIFY(!authors.find(52));
    QVERIFY(!posts.find(62));

    // Relations must exist and be set on the record.
    QVERIFY_THROWS_EXCEPTION(Error, authors.saveWithRelated(clash, {"nope"}));
    Record bare = make("Author", {{"id", 53}, {"name", "Gus"}});
    QVERIFY_THROWS_EXCEPTION(Error, authors.saveWithRelated(bare, {"posts"}));
    QVERIFY(!authors.find(53));
}

void tst_Relations::badRelations()
{
    Database db(DatabaseConfig::fromUrl(QStringLiteral("sqlite::memory:")));
    EntityRepository authors(db, m_registry.entity("Author"), &m_registry);
    QList<Record> none;
    try {
        authors.loadRelations(none, {"articles"});
        QFAIL("an unknown relation was loaded");
    } catch (const Error &error) {
        QVERIFY(error.message().contains(
            u"Author has no relation \"articles\" (relations: posts, profile)"));
    }
    QVERIFY_THROWS_EXCEPTION(Error, authors.loadRelations(none, {"posts.nope"}));
}

REXORM_TEST_MAIN(tst_Relations)
#include "tst_relations.moc"
