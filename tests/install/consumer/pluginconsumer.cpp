// Loads the installed bundled plugins and an out-of-tree plugin, then writes through a
// repository: timestamps fills created_at, the consumer plugin refuses a row.
#include <rexorm/model/entityrepository.h>
#include <rexorm/plugins/pluginmanager.h>

#include <QtCore/QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: plugin-consumer INSTALLED_PLUGIN_DIR OWN_PLUGIN_DIR\n");
        return 2;
    }
    RexOrm::PluginManager::Options options;
    options.searchPaths = {QString::fromLocal8Bit(argv[1]), QString::fromLocal8Bit(argv[2])};
    options.enabled = QStringList{QStringLiteral("timestamps"), QStringLiteral("consumer")};
    for (const RexOrm::PluginInfo &info : RexOrm::PluginManager::global().load(options)) {
        if (info.status != RexOrm::PluginInfo::Found)
            std::printf("plugin %s: %s %s\n", qPrintable(info.name),
                        qPrintable(RexOrm::PluginInfo::statusName(info.status)),
                        qPrintable(info.reason));
    }
    const RexOrm::Database db = RexOrm::Database::fromUrl(QStringLiteral("sqlite::memory:"));
    db.execute(QStringLiteral("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT, "
                              "created_at TEXT)"));
    RexOrm::EntityInfo things;
    things.name = QStringLiteral("Thing");
    things.table = QStringLiteral("things");
    for (const char *name : {"id", "name", "created_at"}) {
        RexOrm::ColumnInfo column;
        column.name = QString::fromLatin1(name);
        column.primaryKey = column.name == u"id";
        column.autoIncrement = column.primaryKey;
        column.type = column.primaryKey ? RexOrm::ColumnType::Integer : RexOrm::ColumnType::Text;
        things.columns << column;
    }
    things.primaryKey = {QStringLiteral("id")};
    const RexOrm::EntityRepository repository(db, things);
    const RexOrm::Record stored =
        repository.create({{QStringLiteral("name"), QStringLiteral("ok")}});
    std::printf("stamped: %s\n",
                stored.values().value(QStringLiteral("created_at")).isNull() ? "no" : "yes");
    try {
        repository.create({{QStringLiteral("name"), QStringLiteral("forbidden")}});
    } catch (const RexOrm::RefusedError &error) {
        std::printf("refused: %s\n", qPrintable(error.message()));
    }
    return 0;
}
