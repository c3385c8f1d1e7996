// The bundled plugins (timestamps, softdelete, auditlog) loaded from the build's plugin folder,
// on SQLite, PostgreSQL and MariaDB, through the C++ API and the generated GraphQL API.
#include "testdatabases.h"

#include <rexorm/graphql/api.h>
#include <rexorm/graphql/service.h>
#include <rexorm/meta/registry.h>
#include <rexorm/migrations/migrator.h>
#include <rexorm/migrations/schema.h>
#include <rexorm/model/entityrepository.h>
#include <rexorm/plugins/pluginmanager.h>
#include <rexorm/plugins/softdelete.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtTest/QtTest>

using namespace RexOrm;

struct Article
{
    Q_GADGET
    Q_CLASSINFO("rex.table", "articles")
    Q_CLASSINFO("rex.column.id", "primaryKey autoIncrement")
    Q_CLASSINFO("rex.column.title", "length=200 notNull validate.required")
    Q_CLASSINFO("rex.column.secret", "length=50 hidden")
    Q_CLASSINFO("rex.column.createdAt", "column=created_at")
    Q_CLASSINFO("rex.column.updatedAt", "column=updated_at")
    Q_CLASSINFO("rex.column.deletedAt", "column=deleted_at")
    Q_CLASSINFO("rex.relation.comments", "hasMany Comment foreignKey=article_id")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(QString title MEMBER title)
    Q_PROPERTY(QString secret MEMBER secret)
    Q_PROPERTY(QDateTime createdAt MEMBER createdAt)
    Q_PROPERTY(QDateTime updatedAt MEMBER updatedAt)
    Q_PROPERTY(QDateTime deletedAt MEMBER deletedAt)

public:
    qint64 id = 0;
    QString title;
    QString secret;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime deletedAt;
};

struct Comment
{
    Q_GADGET
    Q_CLASSINFO("rex.table", "comments")
    Q_CLASSINFO("rex.column.id", "primaryKey autoIncrement")
    Q_CLASSINFO("rex.column.articleId", "column=article_id notNull")
    Q_CLASSINFO("rex.column.body", "length=200")
    Q_CLASSINFO("rex.column.deletedAt", "column=deleted_at")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(qint64 articleId MEMBER articleId)
    Q_PROPERTY(QString body MEMBER body)
    Q_PROPERTY(QDateTime deletedAt MEMBER deletedAt)

public:
    qint64 id = 0;
    qint64 articleId = 0;
    QString body;
    QDateTime deletedAt;
};

class tst_BundledPlugins : public QObject
{
    Q_OBJECT

private:
    Registry m_registry;

    // A fresh schema: the articles and comments tables, and the audit log through the
    // auditlog plugin's own migration.
    Database prepare(const DatabaseConfig &config)
    {
        Database db(config);
        RexOrmTest::dropTables(db, {"comments", "articles", "rex_audit_log", "rex_migrations"});
        Schema schema(db);
        schema.create("articles", [](Blueprint &t) {
            t.id();
            t.string("title", 200).notNull();
            t.string("secret", 50);
            t.dateTime("created_at");
            t.dateTime("updated_at");
            t.dateTime("deleted_at");
        });
        schema.create("comments", [](Blueprint &t) {
            t.id();
            t.bigInteger("article_id").notNull();
            t.string("body", 200);
            t.dateTime("deleted_at");
        });
        Migrator migrator(db);
        for (ModelProvider *provider : PluginManager::global().extensions<ModelProvider>()) {
            for (const auto &[name, migration] : provider->migrations())
                migrator.add(name, migration);
        }
        const QStringList applied = migrator.up();
        if (applied != QStringList{"20261127000000_auditlog_create_rex_audit_log"})
            qFatal("the auditlog migration did not run");
        return db;
    }

    EntityRepository articles(const Database &db) const
    {
        return EntityRepository(db, m_registry.entity("Article"), &m_registry);
    }

    static qint64 count(const Database &db, const QString &sql, const QVariantList &params = {})
    {
        return db.execute(sql, params).value(0, 0).toLongLong();
    }

    static QJsonObject graphql(const GraphQL::Service &service, const QString &query,
                               const QVariantMap &context = {})
    {
        GraphQL::ServiceRequest request;
        request.query = query;
        request.context = context;
        const QJsonObject response =
            QJsonDocument::fromJson(service.execute(request).result.toJson()).object();
        if (response.contains("errors"))
            qWarning().noquote() << QJsonDocument(response).toJson(QJsonDocument::Compact);
        return response.value("data").toObject();
    }

private slots:
    void initTestCase()
    {
        m_registry.registerModel<Article>();
        m_registry.registerModel<Comment>();
        PluginManager::Options options;
        options.searchPaths = {QStringLiteral(REXORM_TEST_PLUGIN_DIR)};
        options.useEnvironment = false;
        options.registry = &m_registry;
        const QList<PluginInfo> plugins = PluginManager::global().load(options);
        QStringList active;
        for (const PluginInfo &info : plugins) {
            QVERIFY2(info.status == PluginInfo::Active, qPrintable(info.name + ": " + info.reason));
            active << info.name;
        }
        active.sort();
        QCOMPARE(active, (QStringList{"auditlog", "softdelete", "timestamps"}));
        QVERIFY(m_registry.contains("AuditEntry")); // the auditlog's model provider
    }

    void timestamps_data() { RexOrmTest::addBackendColumns(); }
    void timestamps()
    {
        REXORM_TEST_CONFIG(config);
        const Database db = prepare(config);
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-2);
        Record article = articles(db).create({{"title", "Stamped"}});
        const QDateTime created = article.values().value("created_at").toDateTime();
        QVERIFY2(created >= before && created <= QDateTime::currentDateTimeUtc().addSecs(2),
                 qPrintable(created.toString(Qt::ISODate)));
        QCOMPARE(article.values().value("updated_at").toDateTime(), created);

        // An old update time, then an update: only updated_at moves.
        db.execute(
            "UPDATE articles SET updated_at = ? WHERE id = ?",
            {QDateTime(QDate(2001, 2, 3), QTime(4, 5, 6), Qt::UTC), article.values().value("id")});
        const Record updated =
            articles(db).update(article.values().value("id"), {{"title", "Stamped again"}});
        QVERIFY(updated.values().value("updated_at").toDateTime() >= before);
        QCOMPARE(updated.values().value("created_at").toDateTime(), created);

        // A value the caller gives is kept.
        const QDateTime given(QDate(2020, 1, 1), QTime(0, 0), Qt::UTC);
        const Record dated = articles(db).create({{"title", "Backdated"}, {"created_at", given}});
        QCOMPARE(dated.values().value("created_at").toDateTime(), given);
        // Comments have no such columns: nothing is added to their writes.
        EntityRepository(db, m_registry.entity("Comment"), &m_registry)
            .create({{"article_id", 1}, {"body", "no stamps here"}});
    }

    void softDelete_data() { RexOrmTest::addBackendColumns(); }
    void softDelete()
    {
        REXORM_TEST_CONFIG(config);
        const Database db = prepare(config);
        const EntityRepository repo = articles(db);
        const QVariant first = repo.create({{"title", "First"}}).values().value("id");
        const QVariant second = repo.create({{"title", "Second"}}).values().value("id");

        QVERIFY(repo.remove(first));
        QCOMPARE(count(db, "SELECT COUNT(*) FROM articles"), 2); // still stored
        QCOMPARE(count(db, "SELECT COUNT(*) FROM articles WHERE deleted_at IS NOT NULL"), 1);
        QCOMPARE(repo.findAll().size(), 1);
        QCOMPARE(repo.findAll().first().values().value("id").toLongLong(), second.toLongLong());
        QVERIFY(!repo.find(first));
        QVERIFY(!repo.remove(first)); // hidden: not there to delete again
        QCOMPARE(repo.query().count(db), 1);

        QCOMPARE(SoftDelete::withTrashed(repo).findAll().size(), 2);
        const QList<Record> trashed = repo.get(SoftDelete::onlyTrashed(repo));
        QCOMPARE(trashed.size(), 1);
        QCOMPARE(trashed.first().values().value("title"), "First");

        const Record restored = SoftDelete::restore(repo, first);
        QVERIFY(restored.values().value("deleted_at").isNull());
        QCOMPARE(repo.findAll().size(), 2);

        // Deleting a deleted row (visible only with the scope lifted) deletes it for good.
        SoftDelete::forceDelete(repo, first);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM articles"), 1);

        // Relations: soft-deleted children are left out of eager loads and whereHas.
        const EntityRepository comments(db, m_registry.entity("Comment"), &m_registry);
        const QVariant kept =
            comments.create({{"article_id", second}, {"body", "kept"}}).values().value("id");
        const QVariant hidden =
            comments.create({{"article_id", second}, {"body", "hidden"}}).values().value("id");
        QVERIFY(comments.remove(hidden));
        const QList<Record> loaded = repo.get(repo.query(), {"comments"});
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(loaded.first().related("comments").size(), 1);
        QCOMPARE(loaded.first().related("comments").first().values().value("id").toLongLong(),
                 kept.toLongLong());
        QVERIFY(comments.remove(kept));
        QCOMPARE(repo.get(repo.whereHas("comments")).size(), 0);
        QCOMPARE(SoftDelete::withTrashed(comments).findAll().size(), 2);
    }

    void softDeleteThroughGraphQL_data() { RexOrmTest::addBackendColumns(); }
    void softDeleteThroughGraphQL()
    {
        REXORM_TEST_CONFIG(config);
        const Database db = prepare(config);
        const GraphQL::Service service(GraphQL::generateSchema(db, m_registry));
        const EntityRepository repo = articles(db);
        const qint64 a = repo.create({{"title", "A"}}).values().value("id").toLongLong();
        const qint64 b = repo.create({{"title", "B"}}).values().value("id").toLongLong();
        repo.create({{"title", "C"}});

        QJsonObject data =
            graphql(service, QString("mutation { deleteArticle(id: %1) { title } }").arg(a));
        QCOMPARE(data.value("deleteArticle").toObject().value("title").toString(), "A");
        QCOMPARE(count(db, "SELECT COUNT(*) FROM articles"), 3);
        data = graphql(service, "{ listArticles(orderBy: [{field: id}]) { title } "
                                "articlesAggregate { count } }");
        QCOMPARE(data.value("listArticles").toArray().size(), 2);
        QCOMPARE(data.value("articlesAggregate").toObject().value("count").toInt(), 2);
        data = graphql(service, QString("{ getArticle(id: %1) { title } }").arg(a));
        QVERIFY(data.contains("getArticle") && data.value("getArticle").isNull());

        // The plugin's GraphQL extension: restore<Type>.
        data = graphql(service, QString("mutation { restoreArticle(id: %1) }").arg(a));
        QCOMPARE(data.value("restoreArticle").toBool(), true);
        data = graphql(service, QString("mutation { restoreArticle(id: %1) }").arg(a));
        QCOMPARE(data.value("restoreArticle").toBool(), false); // not deleted
        QCOMPARE(graphql(service, "{ listArticles { id } }").value("listArticles").toArray().size(),
                 3);

        // Bulk deletes go row by row through the hooks: soft as well.
        data = graphql(service, QString("mutation { deleteArticles(where: {id: {in: [%1, %2]}}, "
                                        "atMost: 5) }")
                                    .arg(a)
                                    .arg(b));
        QCOMPARE(data.value("deleteArticles").toInt(), 2);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM articles"), 3);
        QCOMPARE(count(db, "SELECT COUNT(*) FROM articles WHERE deleted_at IS NULL"), 1);
        // Bulk updates skip hidden rows, and stamp updated_at on the others.
        db.execute("UPDATE articles SET updated_at = NULL");
        data = graphql(service, "mutation { updateArticles(where: {}, set: {title: \"Z\"}, "
                                "atMost: 5) }");
        QCOMPARE(data.value("updateArticles").toInt(), 1);
        QCOMPARE(count(db,
                       "SELECT COUNT(*) FROM articles WHERE title = ? AND updated_at IS NOT "
                       "NULL",
                       {"Z"}),
                 1);
    }

    void auditLog_data() { RexOrmTest::addBackendColumns(); }
    void auditLog()
    {
        REXORM_TEST_CONFIG(config);
        const Database db = prepare(config);
        const EntityRepository repo = articles(db);
        QVariant id;
        {
            const RequestContext::Scope acting({"ann", "editor", "req-7", {}});
            id = repo.create({{"title", "Audited"}, {"secret", "s3cr3t"}}).values().value("id");
            repo.update(id, {{"title", "Audited twice"}});
            repo.remove(id); // soft: an update
            SoftDelete::forceDelete(repo, id);
        }
        const QueryResult log = db.execute("SELECT entity, row_key, operation, old_values, "
                                           "new_values, actor, request_id, changed_at FROM "
                                           "rex_audit_log ORDER BY id");
        QCOMPARE(log.size(), 4);
        QCOMPARE(log.value(0, QStringLiteral("operation")).toString(), "insert");
        QCOMPARE(log.value(1, QStringLiteral("operation")).toString(), "update");
        QCOMPARE(log.value(2, QStringLiteral("operation")).toString(), "update");
        QCOMPARE(log.value(3, QStringLiteral("operation")).toString(), "delete");
        const auto json = [&](int row, const char *column) {
            return QJsonDocument::fromJson(
                       log.value(row, QString::fromLatin1(column)).toString().toUtf8())
                .object();
        };
        for (int row = 0; row < 4; ++row) {
            QCOMPARE(log.value(row, QStringLiteral("entity")).toString(), "Article");
            QCOMPARE(log.value(row, QStringLiteral("actor")).toString(), "ann");
            QCOMPARE(log.value(row, QStringLiteral("request_id")).toString(), "req-7");
            QCOMPARE(json(row, "row_key").value("id").toInteger(), id.toLongLong());
            QVERIFY(!log.value(row, QStringLiteral("changed_at")).isNull());
        }
        QVERIFY(log.value(0, QStringLiteral("old_values")).isNull());
        QCOMPARE(json(0, "new_values").value("title").toString(), "Audited");
        QVERIFY(!json(0, "new_values").contains("secret")); // hidden columns stay out
        QCOMPARE(json(1, "old_values").value("title").toString(), "Audited");
        QCOMPARE(json(1, "new_values").value("title").toString(), "Audited twice");
        QVERIFY(json(2, "old_values").value("deleted_at").isNull());
        QVERIFY(json(2, "new_values").value("deleted_at").isString());
        QVERIFY(log.value(3, QStringLiteral("new_values")).isNull());

        // A rolled-back write leaves no entry.
        QVERIFY_THROWS_EXCEPTION(Error, db.transaction([&] {
            repo.create({{"title", "Rolled back"}});
            throw Error("abort");
        }));
        QCOMPARE(count(db, "SELECT COUNT(*) FROM rex_audit_log"), 4);

        // Through GraphQL the server's caller is the actor; the log is an entity like any other.
        const GraphQL::Service service(GraphQL::generateSchema(db, m_registry));
        graphql(service, "mutation { createArticle(title: \"Via GraphQL\") { id } }",
                {{GraphQL::subjectContextKey, "carol"},
                 {GraphQL::roleContextKey, "writer"},
                 {GraphQL::requestIdContextKey, "req-9"}});
        QCOMPARE(count(db, "SELECT COUNT(*) FROM rex_audit_log WHERE actor = ? AND request_id = ?",
                       {"carol", "req-9"}),
                 1);
        const QJsonArray entries =
            graphql(service, "{ listAuditEntries(orderBy: [{field: id, direction: DESC}], "
                             "limit: 1) { operation actor entity } }")
                .value("listAuditEntries")
                .toArray();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first().toObject().value("actor").toString(), "carol");
        QCOMPARE(entries.first().toObject().value("operation").toString(), "insert");
        const EntityRepository audit(db, m_registry.entity("AuditEntry"), &m_registry);
        QCOMPARE(audit.findAll().size(), 5);
        // The log is read-only in the API: no mutations for it.
        QVERIFY(
            !service.schema().type(service.schema().mutationType())->field(u"createAuditEntry"));
        QVERIFY_THROWS_EXCEPTION(Error, audit.create({{"entity", "forged"}}));

        // Without its table the plugin refuses the change it cannot record, and says why.
        RexOrmTest::dropTables(db, {"rex_audit_log"});
        try {
            repo.create({{"title", "Unrecorded"}});
            QFAIL("a change was made without its audit entry");
        } catch (const Error &e) {
            QVERIFY2(e.message().contains("cannot be recorded in rex_audit_log (has `rexorm "
                                          "migrate` created it?)"),
                     qPrintable(e.message()));
        }
        QCOMPARE(count(db, "SELECT COUNT(*) FROM articles WHERE title = ?", {"Unrecorded"}), 0);
    }
};

REXORM_TEST_MAIN(tst_BundledPlugins)
#include "tst_bundledplugins.moc"
