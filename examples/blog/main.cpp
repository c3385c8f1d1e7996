// The spec's User and Post models, end to end: declare, migrate the schema (the repository's
// migrations/ folder), save with validation, load with relations, query, and watch the change
// events. Each run starts from empty tables.
//
//   rexorm-blog [database-url [migrations-folder]]   (default: sqlite::memory:)
#include <rexorm/changes/changehub.h>
#include <rexorm/error.h>
#include <rexorm/meta/decimal.h>
#include <rexorm/migrations/migrator.h>
#include <rexorm/model/repository.h>
#include <rexorm/validation/validator.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QTextStream>

class User : public RexOrm::Model
{
    Q_OBJECT
    Q_CLASSINFO("rex.table", "users")
    Q_CLASSINFO("rex.column.id", "primaryKey autoIncrement")
    Q_CLASSINFO("rex.column.name",
                "length=255 notNull validate.required message.required='Name cannot be empty'")
    Q_CLASSINFO("rex.column.email",
                "length=255 unique validate.email message.email='Invalid email format'")
    Q_CLASSINFO("rex.relation.posts", "hasMany Post foreignKey=user_id")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(QString name MEMBER name)
    Q_PROPERTY(QString email MEMBER email)

public:
    Q_INVOKABLE explicit User(QObject *parent = nullptr) : RexOrm::Model(parent) {}
    qint64 id = 0;
    QString name;
    QString email;
};

struct Post
{
    Q_GADGET
    Q_CLASSINFO("rex.table", "posts")
    Q_CLASSINFO("rex.column.userId", "column=user_id notNull")
    Q_CLASSINFO("rex.column.title", "length=200 notNull validate.required")
    Q_CLASSINFO("rex.column.content", "type=text")
    Q_CLASSINFO("rex.relation.author", "belongsTo User foreignKey=user_id")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(qint64 userId MEMBER userId)
    Q_PROPERTY(QString title MEMBER title)
    Q_PROPERTY(QString content MEMBER content)

public:
    qint64 id = 0;
    qint64 userId = 0;
    QString title;
    QString content;
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    using namespace RexOrm;
    try {
        Database db = Database::fromUrl(argc > 1 ? QString::fromLocal8Bit(argv[1])
                                                 : QStringLiteral("sqlite::memory:"));
        Migrator migrator(db);
        migrator.addDirectory(argc > 2 ? QString::fromLocal8Bit(argv[2])
                                       : QStringLiteral(REXORM_DEMO_MIGRATIONS));
        migrator.setProgress([&](const QString &line) { out << line << '\n'; });
        migrator.up();
        Query(QStringLiteral("posts")).remove().execute(db);
        Query(QStringLiteral("users")).remove().execute(db);

        QObject::connect(db.changes(), &ChangeHub::changed, [&](const ChangeEvent &event) {
            out << "  change #" << event.sequence << ": "
                << ChangeEvent::operationName(event.operation) << ' ' << event.entity << '\n';
        });

        Repository<User> users(db);
        Repository<Post> posts(db);
        Registry::global().validate();

        User john;
        john.name = QStringLiteral("John Doe");
        john.email = QStringLiteral("john@example.com");
        users.save(john);
        out << "Saved user " << john.id << '\n';

        User nobody;
        nobody.email = QStringLiteral("not-an-email");
        try {
            users.save(nobody);
        } catch (const ValidationError &error) {
            for (auto it = error.errors().begin(); it != error.errors().end(); ++it)
                out << "Rejected " << it.key() << ": " << it.value().join(QStringLiteral(", "))
                    << '\n';
        }

        db.transaction([&] {
            for (const char *title : {"Hello, Qt", "Live queries", "Exact decimals"}) {
                Post post;
                post.userId = john.id;
                post.title = QString::fromLatin1(title);
                posts.save(post);
            }
        });

        const QList<Record> withPosts =
            users.records().get(users.query(), {QStringLiteral("posts")});
        for (const Record &user : withPosts) {
            out << user.value(u"name").toString() << " wrote:\n";
            for (const Record &post : user.related(QStringLiteral("posts")))
                out << "  - " << post.value(u"title").toString() << '\n';
        }
        out << "Posts whose title mentions Qt: "
            << posts.query().whereILike(QStringLiteral("title"), QStringLiteral("%qt%")).count(db)
            << '\n';
        return 0;
    } catch (const Error &error) {
        QTextStream(stderr) << "rexorm-blog: " << error.message() << '\n';
        return 1;
    }
}

#include "main.moc"
