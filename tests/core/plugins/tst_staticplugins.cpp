// Qt static plugins: a RexOrm plugin linked into the program (Q_IMPORT_PLUGIN) is discovered by
// PluginManager::load() like a file, with its metadata checked and its dependencies ordered.
#include "testdatabases.h"

#include <rexorm/plugins/pluginmanager.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QtPlugin>
#include <QtTest/QtTest>

Q_IMPORT_PLUGIN(LinkedinPlugin)

using namespace RexOrm;

class tst_StaticPlugins : public QObject
{
    Q_OBJECT

private slots:
    void discoveredWithTheFilePlugins()
    {
        PluginManager manager;
        PluginManager::Options options;
        options.useEnvironment = false;
        // Without alpha, the static plugin waits for it.
        QList<PluginInfo> plugins = manager.load(options);
        QCOMPARE(plugins.size(), 1);
        QCOMPARE(plugins.first().name, "linkedin");
        QVERIFY(plugins.first().file.isEmpty());
        QCOMPARE(plugins.first().status, PluginInfo::Refused);
        QVERIFY2(plugins.first().reason.contains("needs the plugin \"alpha\""),
                 qPrintable(plugins.first().reason));

        options.searchPaths = {QStringLiteral(REXORM_TEST_PLUGIN_FIXTURES "/good")};
        plugins = manager.load(options);
        QCOMPARE(manager.plugin("linkedin")->status, PluginInfo::Active);
        QCOMPARE(manager.plugin("linkedin")->version, "2.0.0");
        const QStringList started = qApp->property("rexormTestStarted").toStringList();
        QVERIFY(started.indexOf("alpha") < started.indexOf("linkedin"));
        QCOMPARE(manager.extensions<ModelHooks>().size(), 4);
    }
};

REXORM_TEST_MAIN(tst_StaticPlugins)
#include "tst_staticplugins.moc"
