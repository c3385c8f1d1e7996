// rexorm plugin:list | plugin:add NAME|FILE | plugin:remove NAME: the plugins rexorm finds, and
// which of them rexorm.json enables ("plugins"; a plugin file's folder goes to "pluginPaths").
#include <rexorm/cli/command.h>
#include <rexorm/plugins/pluginmanager.h>

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QPluginLoader>

namespace {

using namespace RexOrm;
using namespace RexOrm::Cli;

QString statusText(const PluginInfo &info)
{
    return info.status == PluginInfo::Found ? QStringLiteral("disabled")
                                            : PluginInfo::statusName(info.status);
}

// rexorm.json as an object, for editing; ConfigError when it is missing or malformed.
QJsonObject readConfig(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        throw ConfigError(QStringLiteral("%1 does not exist: run `rexorm init` first, or pass "
                                         "--config FILE")
                              .arg(path));
    if (!file.open(QIODevice::ReadOnly))
        throw ConfigError(QStringLiteral("Cannot read %1: %2").arg(path, file.errorString()));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        throw ConfigError(QStringLiteral("%1 is not a JSON object").arg(path));
    return document.object();
}

void writeConfig(const QString &path, const QJsonObject &config)
{
    // Written beside and renamed over: a failed write never leaves half a file.
    const QString temporary = path + QStringLiteral(".tmp");
    QFile file(temporary);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(QJsonDocument(config).toJson(QJsonDocument::Indented)) < 0 || !file.flush())
        throw Error(QStringLiteral("Cannot write %1: %2").arg(temporary, file.errorString()));
    file.close();
    QFile::remove(path);
    if (!QFile::rename(temporary, path))
        throw Error(QStringLiteral("Cannot replace %1").arg(path));
}

QStringList names(const QJsonObject &config, const QString &key)
{
    QStringList out;
    for (const QJsonValue &value : config.value(key).toArray())
        out << value.toString();
    return out;
}

class PluginListCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("plugin:list"); }
    QString summary() const override
    {
        return QStringLiteral("List the plugins found, whether rexorm.json enables them, and why "
                              "one did not start");
    }
    int run(Context &context) const override
    {
        if (!context.arguments().isEmpty())
            throw UsageFailure(QStringLiteral("plugin:list takes no arguments"));
        const PluginConfig config =
            pluginConfig(QFile::exists(context.configFile()) ? context.configFile() : QString());
        const QList<PluginInfo> plugins = PluginManager::global().plugins();
        if (context.json()) {
            QJsonArray list;
            for (const PluginInfo &info : plugins)
                list.append(QJsonObject{
                    {QStringLiteral("name"), info.name},
                    {QStringLiteral("version"), info.version},
                    {QStringLiteral("status"), statusText(info)},
                    {QStringLiteral("file"), info.file},
                    {QStringLiteral("reason"), info.reason},
                    {QStringLiteral("description"), info.description},
                    {QStringLiteral("interfaces"), QJsonArray::fromStringList(info.interfaces)}});
            context.printJson(QJsonObject{
                {QStringLiteral("plugins"), list},
                {QStringLiteral("searchPaths"), QJsonArray::fromStringList(config.searchPaths)}});
            return Success;
        }
        if (plugins.isEmpty()) {
            context.out() << "No plugins found in " << config.searchPaths.join(QStringLiteral(", "))
                          << '\n';
            return Success;
        }
        QList<QStringList> rows;
        for (const PluginInfo &info : plugins) {
            QString status = statusText(info);
            if (!info.reason.isEmpty())
                status += QStringLiteral(": ") + info.reason;
            rows << QStringList{info.name.isEmpty() ? QStringLiteral("?") : info.name, info.version,
                                info.file, status};
        }
        context.printTable({QStringLiteral("NAME"), QStringLiteral("VERSION"),
                            QStringLiteral("FILE"), QStringLiteral("STATUS")},
                           rows);
        return Success;
    }
};

class PluginAddCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("plugin:add"); }
    QString summary() const override
    {
        return QStringLiteral("Enable a plugin (by name, or by file) in rexorm.json");
    }
    void configure(QCommandLineParser &parser) const override
    {
        parser.addPositionalArgument(QStringLiteral("plugin"),
                                     QStringLiteral("A plugin name, or a plugin file."));
    }
    int run(Context &context) const override
    {
        if (context.arguments().size() != 1)
            throw UsageFailure(QStringLiteral("plugin:add takes one plugin name or file"));
        const QString argument = context.arguments().first();
        const QString path = context.configFile();
        QJsonObject config = readConfig(path);
        QString name;
        QString file;
        if (QFileInfo(argument).isFile()) {
            file = QFileInfo(argument).canonicalFilePath();
            const QJsonObject metadata = QPluginLoader(file).metaData();
            if (metadata.value(QLatin1String("IID")).toString() != QLatin1String(RexOrmPlugin_iid))
                throw Error(
                    QStringLiteral("%1 is not a RexOrm plugin for this release (%2)")
                        .arg(argument,
                             metadata.isEmpty()
                                 ? QPluginLoader(file).errorString()
                                 : QStringLiteral("its IID is \"%1\"")
                                       .arg(metadata.value(QLatin1String("IID")).toString())));
            name = metadata.value(QLatin1String("MetaData"))
                       .toObject()
                       .value(QLatin1String("name"))
                       .toString();
            if (name.isEmpty())
                throw Error(QStringLiteral("%1 has no name in its metadata").arg(argument));
            const QDir base = QFileInfo(path).absoluteDir();
            const QString folder = base.relativeFilePath(QFileInfo(file).absolutePath());
            QStringList paths = names(config, QStringLiteral("pluginPaths"));
            if (!paths.contains(folder) &&
                !pluginConfig(path).searchPaths.contains(QFileInfo(file).absolutePath())) {
                paths << folder;
                config.insert(QStringLiteral("pluginPaths"), QJsonArray::fromStringList(paths));
            }
        } else {
            name = argument;
            const std::optional<PluginInfo> found = PluginManager::global().plugin(name);
            if (!found || found->file.isEmpty())
                throw Error(
                    QStringLiteral("No plugin named \"%1\" in %2; pass the plugin's file "
                                   "instead")
                        .arg(name, pluginConfig(path).searchPaths.join(QStringLiteral(", "))));
            file = found->file;
        }
        QStringList enabled = names(config, QStringLiteral("plugins"));
        const bool already = enabled.contains(name);
        if (!already) {
            enabled << name;
            config.insert(QStringLiteral("plugins"), QJsonArray::fromStringList(enabled));
            writeConfig(path, config);
        }
        if (context.json())
            context.printJson(QJsonObject{{QStringLiteral("enabled"), name},
                                          {QStringLiteral("file"), file},
                                          {QStringLiteral("changed"), !already}});
        else
            context.out() << (already ? "Already enabled: " : "Enabled ") << name << " (" << file
                          << ") in " << path << '\n';
        return Success;
    }
};

class PluginRemoveCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("plugin:remove"); }
    QString summary() const override
    {
        return QStringLiteral("Disable a plugin in rexorm.json (its file stays where it is)");
    }
    void configure(QCommandLineParser &parser) const override
    {
        parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("The plugin name."));
    }
    int run(Context &context) const override
    {
        if (context.arguments().size() != 1)
            throw UsageFailure(QStringLiteral("plugin:remove takes one plugin name"));
        const QString name = context.arguments().first();
        const QString path = context.configFile();
        QJsonObject config = readConfig(path);
        QStringList enabled = names(config, QStringLiteral("plugins"));
        if (!enabled.removeOne(name))
            throw Error(QStringLiteral("%1 does not enable a plugin named \"%2\"; enabled: %3")
                            .arg(path, name,
                                 enabled.isEmpty() ? QStringLiteral("none")
                                                   : enabled.join(QStringLiteral(", "))));
        config.insert(QStringLiteral("plugins"), QJsonArray::fromStringList(enabled));
        writeConfig(path, config);
        if (context.json())
            context.printJson(QJsonObject{{QStringLiteral("disabled"), name}});
        else
            context.out() << "Disabled " << name << " in " << path << '\n';
        return Success;
    }
};

} // namespace

REXORM_CLI_COMMAND(PluginListCommand)
REXORM_CLI_COMMAND(PluginAddCommand)
REXORM_CLI_COMMAND(PluginRemoveCommand)
