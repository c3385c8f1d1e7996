// rexorm's plugin commands and plugin loading, with the example plugin (a model provider, a hook
// and a command) and the bundled auditlog: plugin:add / list / remove edit rexorm.json, migrate
// applies plugin migrations, plugin commands appear, --models-plugin serves a plugin's models,
// and bad plugin configuration is reported without stopping the command.
#include "clirun.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

using RexOrmTest::rexorm;

class tst_CliPlugins : public QObject
{
    Q_OBJECT

    const QString bookmarks = QStringLiteral(REXORM_EXAMPLE_PLUGIN);
    const QString auditlog = QStringLiteral(REXORM_PLUGIN_DIR "/rexorm-auditlog.so");

    static QJsonObject config(const QTemporaryDir &dir)
    {
        QFile file(dir.filePath("rexorm.json"));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(file.readAll()).object();
    }

    static QJsonObject pluginNamed(const RexOrmTest::Run &run, const QString &name)
    {
        for (const QJsonValue &value : run.json().toObject().value("plugins").toArray()) {
            if (value.toObject().value("name").toString() == name)
                return value.toObject();
        }
        return {};
    }

private slots:
    void enableMigrateRunAndDisable()
    {
        QTemporaryDir dir;
        const QString at = dir.path();
        EXPECT_EXIT(rexorm({"init"}, at), 0);
        RexOrmTest::Run run = rexorm({"plugin:list", "--json"}, at);
        EXPECT_EXIT(run, 0);
        QVERIFY(pluginNamed(run, "bookmarks").isEmpty());

        run = rexorm({"plugin:add", bookmarks}, at);
        EXPECT_EXIT(run, 0);
        QVERIFY2(run.out.startsWith("Enabled bookmarks ("), qPrintable(run.out));
        QCOMPARE(config(dir).value("plugins").toArray(), QJsonArray{"bookmarks"});
        QCOMPARE(config(dir).value("pluginPaths").toArray().size(), 1);
        run = rexorm({"plugin:add", "bookmarks"}, at); // by name, now that it is found
        EXPECT_EXIT(run, 0);
        QVERIFY(run.out.startsWith("Already enabled: bookmarks"));

        run = rexorm({"plugin:list", "--json"}, at);
        EXPECT_EXIT(run, 0);
        QCOMPARE(pluginNamed(run, "bookmarks").value("status").toString(), "active");
        QCOMPARE(pluginNamed(run, "bookmarks").value("interfaces").toArray(),
                 (QJsonArray{"ModelHooks", "CommandProvider", "ModelProvider"}));
        run = rexorm({"plugin:list"}, at);
        QVERIFY2(run.out.contains(QRegularExpression("bookmarks +1\\.0\\.0 +\\S+ +active")),
                 qPrintable(run.out));

        // The plugin's migration, then its command.
        run = rexorm({"migrate", "up"}, at);
        EXPECT_EXIT(run, 0);
        QVERIFY2(run.err.contains("20261127000100_bookmarks_create_bookmarks"),
                 qPrintable(run.err));
        run = rexorm({"sql", "INSERT INTO bookmarks (url) VALUES ('https://qt.io')"}, at);
        EXPECT_EXIT(run, 0);
        run = rexorm({"bookmarks:count", "--json"}, at);
        EXPECT_EXIT(run, 0);
        QCOMPARE(run.json().toObject().value("bookmarks").toInt(), 1);
        QVERIFY(rexorm({"--help"}, at).out.contains("bookmarks:count"));

        // A bundled plugin by file: its folder joins pluginPaths, its table comes with migrate.
        run = rexorm({"plugin:add", "timestamps"}, at);
        EXPECT_EXIT(run, 1);
        QVERIFY2(run.err.contains("No plugin named \"timestamps\" in"), qPrintable(run.err));
        EXPECT_EXIT(rexorm({"plugin:add", auditlog}, at), 0);
        QCOMPARE(config(dir).value("pluginPaths").toArray().size(), 2);
        EXPECT_EXIT(rexorm({"migrate", "up"}, at), 0);
        run = rexorm({"sql", "--json", "SELECT COUNT(*) AS n FROM rex_audit_log"}, at);
        EXPECT_EXIT(run, 0);
        // Served from the database, the audit table is the plugin's read-only model.
        run = rexorm({"graphql:schema"}, at);
        EXPECT_EXIT(run, 0);
        QVERIFY2(run.out.contains("type AuditEntry {"), qPrintable(run.out));
        QVERIFY(run.out.contains("type Bookmark {"));
        QVERIFY(!run.out.contains("createAuditEntry"));
        QVERIFY(run.out.contains("createBookmark("));

        run = rexorm({"plugin:remove", "bookmarks"}, at);
        EXPECT_EXIT(run, 0);
        QCOMPARE(config(dir).value("plugins").toArray(), QJsonArray{"auditlog"});
        EXPECT_EXIT(rexorm({"bookmarks:count"}, at), 2); // its command went with it
        run = rexorm({"plugin:list", "--json"}, at);
        QCOMPARE(pluginNamed(run, "bookmarks").value("status").toString(), "disabled");
        run = rexorm({"plugin:remove", "bookmarks"}, at);
        EXPECT_EXIT(run, 1);
        QVERIFY(
            run.err.contains("does not enable a plugin named \"bookmarks\"; enabled: auditlog"));
    }

    void badPluginConfigurationIsReported()
    {
        QTemporaryDir dir;
        const QString at = dir.path();
        EXPECT_EXIT(rexorm({"init"}, at), 0);
        QJsonObject json = config(dir);
        json.insert("plugins", QJsonArray{"ghost"});
        QFile file(dir.filePath("rexorm.json"));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(json).toJson());
        file.close();
        RexOrmTest::Run run = rexorm({"migrate", "status"}, at);
        EXPECT_EXIT(run, 0); // the command runs regardless
        QVERIFY2(run.err.contains("rexorm: plugin ghost not started: it is enabled but"),
                 qPrintable(run.err));
        QCOMPARE(run.err.count("ghost"), 1); // said once, not also by the log

        json.insert("plugins", "ghost");
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(json).toJson());
        file.close();
        run = rexorm({"plugin:list"}, at);
        QVERIFY2(run.err.contains("rexorm: plugins not started:") &&
                     run.err.contains("\"plugins\" must be an array of names"),
                 qPrintable(run.err));
        EXPECT_EXIT(rexorm({"plugin:remove", "x", "--config", dir.filePath("missing.json")}, at),
                    3);
    }

    void modelsPluginServesItsModels()
    {
        QTemporaryDir dir;
        const QString url = "sqlite://" + dir.filePath("models.db");
        RexOrmTest::Run run =
            rexorm({"graphql:schema", "--database", url, "--models-plugin", bookmarks});
        EXPECT_EXIT(run, 0);
        QVERIFY2(run.out.contains("type Bookmark {"), qPrintable(run.out));
        QVERIFY(run.out.contains("createBookmark("));
        run = rexorm(
            {"graphql:schema", "--database", url, "--models-plugin", dir.filePath("none.so")});
        EXPECT_EXIT(run, 2);
        QVERIFY(run.err.contains("--models-plugin:") && run.err.contains("no such plugin file"));
        run = rexorm({"graphql:schema", "--database", url, "--models-plugin", auditlog});
        EXPECT_EXIT(run, 0);
        QVERIFY2(run.out.contains("type AuditEntry {"), qPrintable(run.out));
    }
};

QTEST_GUILESS_MAIN(tst_CliPlugins)
#include "tst_cliplugins.moc"
