// An example RexOrm plugin with three extension points:
//   - ModelProvider: the Bookmark model and the migration that creates its table;
//   - ModelHooks: bookmarks must point at http(s) URLs (the refusal reaches C++ callers as
//     RefusedError and GraphQL clients as an error with code REFUSED);
//   - CommandProvider: `rexorm bookmarks:count`.
// Enable it with `rexorm plugin:add path/to/rexorm-bookmarks.so`, create its table with
// `rexorm migrate`, or serve its model with `rexorm serve --models-plugin path/to/...so`.
#include <rexorm/cli/command.h>
#include <rexorm/meta/registry.h>
#include <rexorm/migrations/migration.h>
#include <rexorm/plugins/plugin.h>
#include <rexorm/query/query.h>

#include <QtCore/QObject>
#include <QtCore/QUrl>

namespace {

struct Bookmark
{
    Q_GADGET
    Q_CLASSINFO("rex.table", "bookmarks")
    Q_CLASSINFO("rex.column.id", "primaryKey autoIncrement")
    Q_CLASSINFO("rex.column.url", "length=2000 notNull validate.required")
    Q_CLASSINFO("rex.column.title", "length=200")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(QString url MEMBER url)
    Q_PROPERTY(QString title MEMBER title)

public:
    qint64 id = 0;
    QString url;
    QString title;
};

class CreateBookmarks : public RexOrm::Migration
{
public:
    void up(RexOrm::Schema &schema) override
    {
        schema.create(QStringLiteral("bookmarks"), [](RexOrm::Blueprint &t) {
            t.id();
            t.string(QStringLiteral("url"), 2000).notNull();
            t.string(QStringLiteral("title"), 200);
        });
    }
    void down(RexOrm::Schema &schema) override { schema.drop(QStringLiteral("bookmarks")); }
};

class CountCommand : public RexOrm::Cli::Command
{
public:
    QString name() const override { return QStringLiteral("bookmarks:count"); }
    QString summary() const override { return QStringLiteral("Count the stored bookmarks"); }
    int run(RexOrm::Cli::Context &context) const override
    {
        const qint64 count = RexOrm::Query(QStringLiteral("bookmarks")).count(context.database());
        if (context.json())
            context.printJson(QJsonObject{{QStringLiteral("bookmarks"), count}});
        else
            context.out() << count << " bookmarks\n";
        return RexOrm::Cli::Success;
    }
};

class BookmarksPlugin : public QObject,
                        public RexOrm::Plugin,
                        public RexOrm::ModelProvider,
                        public RexOrm::ModelHooks,
                        public RexOrm::CommandProvider
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID RexOrmPlugin_iid FILE "bookmarks.json")
    Q_INTERFACES(RexOrm::Plugin RexOrm::ModelProvider RexOrm::ModelHooks RexOrm::CommandProvider)

public:
    QString name() const override { return QStringLiteral("bookmarks"); }
    QString version() const override { return QStringLiteral("1.0.0"); }
    void initialize(const RexOrm::PluginContext &) override {}

    void registerModels(RexOrm::Registry &registry) const override
    {
        if (!registry.findByTable(QStringLiteral("bookmarks")))
            registry.registerModel<Bookmark>();
    }
    QList<std::pair<QString, std::shared_ptr<RexOrm::Migration>>> migrations() const override
    {
        return {{QStringLiteral("20261127000100_bookmarks_create_bookmarks"),
                 std::make_shared<CreateBookmarks>()}};
    }

    bool appliesTo(const RexOrm::EntityInfo &entity) const override
    {
        return entity.table == u"bookmarks";
    }
    void beforeInsert(RexOrm::WriteOperation &operation) override { checkUrl(operation); }
    void beforeUpdate(RexOrm::WriteOperation &operation) override { checkUrl(operation); }

    std::vector<std::unique_ptr<RexOrm::Cli::Command>> commands() const override
    {
        std::vector<std::unique_ptr<RexOrm::Cli::Command>> list;
        list.push_back(std::make_unique<CountCommand>());
        return list;
    }

private:
    static void checkUrl(const RexOrm::WriteOperation &operation)
    {
        if (!operation.values.contains(QStringLiteral("url")))
            return;
        const QUrl url(operation.values.value(QStringLiteral("url")).toString());
        if (url.scheme() != u"http" && url.scheme() != u"https")
            throw RexOrm::RefusedError(
                QStringLiteral("A bookmark must be an http or https URL, not \"%1\"")
                    .arg(url.toDisplayString()));
    }
};

} // namespace

#include "bookmarksplugin.moc"
