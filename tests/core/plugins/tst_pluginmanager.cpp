// PluginManager: discovery, metadata checks, refusal reasons, dependency order, isolation of a
// failing plugin, static registration, dialect plugins, hooks that refuse writes, query scopes
// and the request context.
#include "testdatabases.h"

#include <rexorm/graphql/api.h>
#include <rexorm/graphql/service.h>
#include <rexorm/meta/registry.h>
#include <rexorm/model/entityrepository.h>
#include <rexorm/plugins/pluginmanager.h>
#include <rexorm/query/query.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

using namespace RexOrm;

namespace {

const QString fixtures = QStringLiteral(REXORM_TEST_PLUGIN_FIXTURES);

QString folder(const char *name)
{
    return fixtures + u'/' + QLatin1String(name);
}

PluginInfo infoOf(const QList<PluginInfo> &plugins, const QString &name)
{
    for (const PluginInfo &info : plugins) {
        if (info.name == name)
            return info;
    }
    return {};
}

PluginManager::Options inFolders(const QStringList &folders)
{
    PluginManager::Options options;
    options.searchPaths = folders;
    options.useEnvironment = false;
    return options;
}

QStringList takeOrder(const char *property)
{
    const QStringList order = qApp->property(property).toStringList();
    qApp->setProperty(property, QStringList());
    return order;
}

// A plugin linked into the program.
class LinkedPlugin : public QObject, public Plugin
{
    Q_OBJECT
    Q_INTERFACES(RexOrm::Plugin)

public:
    QString name() const override { return QStringLiteral("linked"); }
    QString version() const override { return QStringLiteral("3.1.0"); }
    void initialize(const PluginContext &context) override
    {
        settingSeen = context.settings().value(QLatin1String("greeting")).toString();
    }
    QString settingSeen;
};

} // namespace

class tst_PluginManager : public QObject
{
    Q_OBJECT

private slots:
    void cleanup()
    {
        PluginManager::global().shutdown();
        takeOrder("rexormTestStarted");
        takeOrder("rexormTestStopped");
    }

    void startsInDependencyOrderAndStopsInReverse()
    {
        {
            PluginManager manager;
            const QList<PluginInfo> plugins = manager.load(inFolders({folder("good")}));
            QCOMPARE(plugins.size(), 3);
            for (const PluginInfo &info : plugins)
                QVERIFY2(info.status == PluginInfo::Active, qPrintable(info.reason));
            // Found in name order (alpha, beta, gamma) but gamma needs beta needs alpha.
            QCOMPARE(takeOrder("rexormTestStarted"), (QStringList{"alpha", "beta", "gamma"}));
            const PluginInfo alpha = infoOf(plugins, "alpha");
            QCOMPARE(alpha.version, "1.2.0");
            QCOMPARE(alpha.requiredRexOrm, "0.1");
            QCOMPARE(alpha.description, "the base of beta and gamma");
            QVERIFY(alpha.file.endsWith("/good/fixture-alpha.so"));
            QCOMPARE(alpha.interfaces, (QStringList{"ModelHooks"}));
            QCOMPARE(infoOf(plugins, "gamma").dependencies, (QStringList{"beta", "alpha"}));
            QCOMPARE(manager.extensions<ModelHooks>().size(), 3);
            QCOMPARE(manager.extensions<DialectProvider>().size(), 0);
        } // the manager's end stops them
        QCOMPARE(takeOrder("rexormTestStopped"), (QStringList{"gamma", "beta", "alpha"}));
    }

    void refusesBadPluginsWithTheReason()
    {
        QTemporaryDir junk;
        QFile notAPlugin(junk.filePath("notes.so"));
        QVERIFY(notAPlugin.open(QIODevice::WriteOnly));
        notAPlugin.write("not a shared library\n");
        notAPlugin.close();

        PluginManager manager;
        const QList<PluginInfo> plugins =
            manager.load(inFolders({folder("good"), folder("bad"), junk.path()}));
        const auto expect = [&](const QString &name, PluginInfo::Status status,
                                const QString &reasonPart) {
            const PluginInfo info = infoOf(plugins, name);
            QVERIFY2(info.status == status, qPrintable(name + ": " + info.reason));
            QVERIFY2(info.reason.contains(reasonPart), qPrintable(name + ": " + info.reason));
        };
        expect("thrower", PluginInfo::Failed, "initialize() failed: thrower cannot start");
        expect("orphan", PluginInfo::Refused,
               "needs the plugin \"nothere\", which is not installed");
        expect("greedy", PluginInfo::Refused, "needs \"alpha\" 2.0 or later; 1.2.0 is installed");
        expect("future", PluginInfo::Refused, "needs RexOrm 0.9");
        expect("cyclea", PluginInfo::Refused, "cycle");
        expect("cycleb", PluginInfo::Refused, "cycle");
        expect("liar", PluginInfo::Refused,
               "metadata says liar 1.0.0 but the plugin says liar 2.0.0");

        // Refused before a name is known: listed by file.
        const auto byFile = [&](const QString &file) {
            for (const PluginInfo &info : plugins) {
                if (info.file.endsWith(file))
                    return info;
            }
            return PluginInfo{};
        };
        QCOMPARE(byFile("/fixture-nameless.so").status, PluginInfo::Refused);
        QVERIFY(byFile("/fixture-nameless.so").reason.contains("needs \"name\""));
        QVERIFY(byFile("/fixture-oldiid.so")
                    .reason.contains("built for plugin interface org.rexorm.Plugin/0"));
        QVERIFY(byFile("/notes.so").reason.contains("not a loadable Qt plugin"));

        // The good ones started regardless: a bad plugin costs only itself.
        for (const char *good : {"alpha", "beta", "gamma"})
            QCOMPARE(infoOf(plugins, QString::fromLatin1(good)).status, PluginInfo::Active);
        QCOMPARE(takeOrder("rexormTestStarted"),
                 (QStringList{"alpha", "beta", "gamma", "thrower"}));
    }

    void refusesDuplicates()
    {
        PluginManager manager;
        const QList<PluginInfo> plugins =
            manager.load(inFolders({folder("good"), folder("duplicate")}));
        QList<PluginInfo> alphas;
        for (const PluginInfo &info : plugins) {
            if (info.name == "alpha")
                alphas << info;
        }
        QCOMPARE(alphas.size(), 2);
        QCOMPARE(alphas[0].status, PluginInfo::Active);
        QVERIFY(alphas[0].file.contains("/good/"));
        QCOMPARE(alphas[1].status, PluginInfo::Refused);
        QVERIFY2(alphas[1].reason.contains("a plugin named \"alpha\" is already known, from"),
                 qPrintable(alphas[1].reason));
        QVERIFY(alphas[1].reason.contains("/good/fixture-alpha.so"));
    }

    void startsOnlyTheEnabledOnes()
    {
        PluginManager manager;
        PluginManager::Options options = inFolders({folder("good")});
        options.enabled = QStringList{"beta", "missing"};
        const QList<PluginInfo> plugins = manager.load(options);
        QCOMPARE(infoOf(plugins, "alpha").status, PluginInfo::Found);
        QCOMPARE(infoOf(plugins, "gamma").status, PluginInfo::Found);
        QCOMPARE(infoOf(plugins, "beta").status, PluginInfo::Refused);
        QVERIFY(infoOf(plugins, "beta")
                    .reason.contains(
                        "needs the plugin \"alpha\", which is not enabled: enable it too"));
        QCOMPARE(infoOf(plugins, "missing").status, PluginInfo::Refused);
        QVERIFY(infoOf(plugins, "missing").reason.contains("it is enabled but not installed in"));
        QVERIFY(manager.activeInstances().isEmpty());
        QVERIFY(takeOrder("rexormTestStarted").isEmpty());

        // Enabling the dependency later starts both.
        options.enabled = QStringList{"alpha", "beta"};
        manager.load(options);
        QCOMPARE(manager.plugin("alpha")->status, PluginInfo::Active);
        QCOMPARE(manager.plugin("beta")->status, PluginInfo::Active);
        QCOMPARE(takeOrder("rexormTestStarted"), (QStringList{"alpha", "beta"}));
    }

    void aFailingDependencyRefusesItsDependents()
    {
        PluginManager manager;
        PluginManager::Options options = inFolders({folder("good")});
        options.settings = QJsonObject{{"alpha", QJsonObject{{"throw", true}}}};
        const QList<PluginInfo> plugins = manager.load(options);
        QCOMPARE(infoOf(plugins, "alpha").status, PluginInfo::Failed);
        QCOMPARE(infoOf(plugins, "beta").status, PluginInfo::Refused);
        QVERIFY2(infoOf(plugins, "beta")
                     .reason.contains(
                         "needs the plugin \"alpha\", which did not start: initialize() failed"),
                 qPrintable(infoOf(plugins, "beta").reason));
        QCOMPARE(infoOf(plugins, "gamma").status, PluginInfo::Refused);
        QVERIFY(manager.activeInstances().isEmpty());
    }

    void loadFileRefusesMissingDependencies()
    {
        PluginManager manager;
        QVERIFY_THROWS_EXCEPTION(PluginError,
                                 manager.loadFile(folder("good") + "/fixture-beta.so"));
        try {
            manager.loadFile(folder("good") + "/nothing.so");
            QFAIL("a missing file was accepted");
        } catch (const PluginError &e) {
            QVERIFY(e.message().contains("no such plugin file"));
        }
        QCOMPARE(manager.loadFile(folder("good") + "/fixture-alpha.so").status, PluginInfo::Active);
        QCOMPARE(manager.loadFile(folder("good") + "/fixture-beta.so").status, PluginInfo::Active);
    }

    void staticPluginsStartWithTheirSettingsAndDependencies()
    {
        LinkedPlugin linked;
        PluginManager manager;
        try {
            manager.addStatic(&linked, QJsonObject{{"dependencies", QJsonArray{"alpha"}}},
                              QJsonObject{{"greeting", "early"}});
            QFAIL("started without its dependency");
        } catch (const PluginError &e) {
            QVERIFY2(e.message().contains("static plugin linked: it needs the plugin \"alpha\""),
                     qPrintable(e.message()));
        }
        // Once the dependency starts, the waiting plugin is started too, with its own settings.
        manager.load(inFolders({folder("good")}));
        QCOMPARE(manager.plugin("linked")->status, PluginInfo::Active);
        QCOMPARE(linked.settingSeen, "early");
        QVERIFY(manager.activeInstances().contains(&linked));

        LinkedPlugin configured; // a static plugin outlives its manager's shutdown()
        PluginManager other;
        other.load(inFolders({folder("good")}));
        const PluginInfo info =
            other.addStatic(&configured, QJsonObject{{"dependencies", QJsonArray{"alpha>=1.1"}}},
                            QJsonObject{{"greeting", "hello"}});
        QCOMPARE(info.status, PluginInfo::Active);
        QCOMPARE(info.version, "3.1.0");
        QVERIFY(info.file.isEmpty());
        QCOMPARE(configured.settingSeen, "hello");
        LinkedPlugin twin; // another object of the same name
        QVERIFY_THROWS_EXCEPTION(PluginError, other.addStatic(&twin));
        QObject notAPlugin;
        QVERIFY_THROWS_EXCEPTION(PluginError, other.addStatic(&notAPlugin));
    }

    void dialectPluginsMayNotReplaceDialects()
    {
        class Usurper : public QObject, public Plugin, public DialectProvider
        {
        public:
            QString name() const override { return "usurper"; }
            QString version() const override { return "1.0.0"; }
            void initialize(const PluginContext &) override {}
            QList<std::pair<QStringList, DialectFactory>> dialects() const override
            {
                return {{{"SQLite"}, [] { return DialectRegistry::dialect("postgres"); }}};
            }
            void *qt_metacast(const char *name) override
            {
                if (!qstrcmp(name, RexOrmPlugin_iid))
                    return static_cast<Plugin *>(this);
                if (!qstrcmp(name, RexOrmDialectProvider_iid))
                    return static_cast<DialectProvider *>(this);
                return QObject::qt_metacast(name);
            }
        } usurper;
        PluginManager manager;
        try {
            manager.addStatic(&usurper);
            QFAIL("a plugin replaced the built-in SQLite dialect");
        } catch (const PluginError &e) {
            QVERIFY2(e.message().contains("its dialect \"SQLite\" is registered already (by "
                                          "RexOrm)"),
                     qPrintable(e.message()));
        }
        QCOMPARE(DialectRegistry::dialect("sqlite")->name(), "sqlite");
    }

    void dialectPluginsOpenDatabases()
    {
        PluginManager::global().load(inFolders({folder("dialect")}));
        QCOMPARE(PluginManager::global().plugin("litefile")->interfaces,
                 (QStringList{"DialectProvider"}));
        QTemporaryDir dir;
        const Database db = Database::fromUrl("litefile://" + dir.filePath("plugin.db"));
        QCOMPARE(db.dialect().name(), "litefile");
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
        db.execute("INSERT INTO notes (body) VALUES (?)", {"written through a plugin dialect"});
        QCOMPARE(db.execute("SELECT body FROM notes").value(0, QStringLiteral("body")).toString(),
                 "written through a plugin dialect");
    }

    void hookRefusalReachesTheCaller_data() { RexOrmTest::addBackendColumns(); }
    void hookRefusalReachesTheCaller()
    {
        REXORM_TEST_CONFIG(config);
        const Database db(config);
        RexOrmTest::dropTables(db, {"notes"});
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body VARCHAR(100))");
        Registry registry;
        EntityInfo note;
        note.name = "Note";
        note.table = "notes";
        ColumnInfo id;
        id.name = "id";
        id.type = ColumnType::Integer;
        id.primaryKey = true;
        ColumnInfo body;
        body.name = "body";
        body.type = ColumnType::String;
        note.columns = {id, body};
        note.primaryKey = {"id"};
        registry.registerEntity(note);

        PluginManager::Options options = inFolders({folder("good")});
        options.settings = QJsonObject{{"beta", QJsonObject{{"vetoEntity", "Note"}}}};
        PluginManager::global().load(options);
        const EntityRepository notes(db, registry.entity("Note"), &registry);
        try {
            notes.create({{"id", 1}, {"body", "refused"}});
            QFAIL("the hook's refusal did not reach the caller");
        } catch (const RefusedError &e) {
            QCOMPARE(e.message(), "beta refuses new Note rows");
        }
        QCOMPARE(
            db.execute("SELECT COUNT(*) AS n FROM notes").value(0, QStringLiteral("n")).toInt(), 0);

        // Through the generated GraphQL API: an error with code REFUSED, nothing written.
        const GraphQL::Service service(GraphQL::generateSchema(db, registry));
        GraphQL::ServiceRequest request;
        request.query = "mutation { createNote(id: 2, body: \"no\") { id } }";
        const QJsonObject response =
            QJsonDocument::fromJson(service.execute(request).result.toJson()).object();
        const QJsonObject error = response.value("errors").toArray().first().toObject();
        QCOMPARE(error.value("message").toString(), "beta refuses new Note rows");
        QCOMPARE(error.value("extensions").toObject().value("code").toString(), "REFUSED");
        QCOMPARE(
            db.execute("SELECT COUNT(*) AS n FROM notes").value(0, QStringLiteral("n")).toInt(), 0);

        // Other plugins' hooks do not apply to Note; without the veto, writes go through.
        PluginManager::global().shutdown();
        QCOMPARE(notes.create({{"id", 3}, {"body", "accepted"}}).values().value("body"),
                 "accepted");
        RexOrmTest::dropTables(db, {"notes"});
    }

    void queryScopesAreAndedAndLiftable()
    {
        const auto sql = [](const Query &q) {
            return q.build(*DialectRegistry::dialect("sqlite")).sql;
        };
        Query q("posts");
        q.where("a", 1).orWhere("b", 2).scope("hidden",
                                              [](Query &g) { g.whereNull("deleted_at"); });
        QCOMPARE(sql(q), "SELECT * FROM \"posts\" WHERE (\"a\" = ? OR \"b\" = ?) AND "
                         "(\"deleted_at\" IS NULL)");
        QCOMPARE(q.scopeNames(), (QStringList{"hidden"}));
        Query lifted = q;
        lifted.withoutScope("hidden");
        QCOMPARE(sql(lifted), "SELECT * FROM \"posts\" WHERE \"a\" = ? OR \"b\" = ?");
        lifted.scope("hidden", [](Query &g) { g.whereNull("deleted_at"); });
        QVERIFY(lifted.scopeNames().isEmpty()); // lifted stays lifted
        QVERIFY(sql(q).contains("IS NULL"));    // the copy was not touched
        Query all("posts");
        all.withoutScopes().scope("x", [](Query &g) { g.where("x", 1); });
        QCOMPARE(sql(all), "SELECT * FROM \"posts\"");
        Query onlyScope("posts");
        onlyScope.scope("x", [](Query &g) { g.where("x", 1); }).remove();
        QCOMPARE(sql(onlyScope), "DELETE FROM \"posts\" WHERE (\"x\" = ?)");
    }

    void requestContextFollowsTheWork()
    {
        QVERIFY(RequestContext::current().isEmpty());
        const Database db(DatabaseConfig::fromUrl("sqlite::memory:"));
        {
            const RequestContext::Scope scope({"ann", "editor", "req-1", {}});
            QCOMPARE(RequestContext::current().user, "ann");
            {
                const RequestContext::Scope inner({"bob", {}, {}, {}});
                QCOMPARE(RequestContext::current().user, "bob");
            }
            QCOMPARE(RequestContext::current().role, "editor");
            const QString seen = db.run([] {
                                       const RequestContext c = RequestContext::current();
                                       return c.user + u'/' + c.role + u'/' + c.requestId;
                                   }).result();
            QCOMPARE(seen, "ann/editor/req-1");
        }
        QVERIFY(RequestContext::current().isEmpty());
        QVERIFY(db.run([] { return RequestContext::current().isEmpty(); }).result());
    }
};

REXORM_TEST_MAIN(tst_PluginManager)
#include "tst_pluginmanager.moc"
