#include <rexorm/cli/command.h>
#include <rexorm/plugins/pluginmanager.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QLoggingCategory>

#include <algorithm>

namespace RexOrm::Cli {

namespace {

const QCommandLineOption databaseOption({QStringLiteral("d"), QStringLiteral("database")},
                                        QStringLiteral("Database URL (sqlite:///path/app.db, "
                                                       "postgres://user:pass@host/db, ...)."),
                                        QStringLiteral("url"));
const QCommandLineOption
    configOption({QStringLiteral("c"), QStringLiteral("config")},
                 QStringLiteral("Configuration file (default: ./rexorm.json)."),
                 QStringLiteral("file"));
const QCommandLineOption jsonOption(QStringLiteral("json"),
                                    QStringLiteral("Print the result as JSON on stdout."));
const QCommandLineOption quietOption({QStringLiteral("q"), QStringLiteral("quiet")},
                                     QStringLiteral("No progress output."));
const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")},
                                    QStringLiteral("Show help (for a command: rexorm <command> "
                                                   "--help)."));
const QCommandLineOption versionOption({QStringLiteral("v"), QStringLiteral("version")},
                                       QStringLiteral("Show the version."));

void addGlobalOptions(QCommandLineParser &parser)
{
    parser.addOptions(
        {databaseOption, configOption, jsonOption, quietOption, helpOption, versionOption});
}

// The keys of rexorm.json that belong to the command, not to the database configuration.
const QStringList &commandKeys()
{
    static const QStringList keys = {QStringLiteral("migrations"),    QStringLiteral("environment"),
                                     QStringLiteral("server"), // rexorm serve
                                     QStringLiteral("plugins"),       QStringLiteral("pluginPaths"),
                                     QStringLiteral("pluginSettings")};
    return keys;
}

// The keys read as strings; the others have shapes of their own.
bool isStringKey(const QString &key)
{
    return key == u"migrations" || key == u"environment";
}

QJsonObject readConfigObject(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw ConfigError(
            QStringLiteral("Cannot read configuration %1: %2").arg(path, file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        throw ConfigError(QStringLiteral("%1 is not a JSON object: %2 at offset %3")
                              .arg(path, parseError.error != QJsonParseError::NoError
                                             ? parseError.errorString()
                                             : QStringLiteral("another JSON value"))
                              .arg(parseError.offset));
    return document.object();
}

// The configuration file a command line names (--config), else ./rexorm.json when it exists.
QString configFileOf(const QStringList &arguments)
{
    for (qsizetype i = 1; i + 1 < arguments.size(); ++i) {
        if (arguments[i] == u"--")
            break;
        if (arguments[i] == u"-c" || arguments[i] == u"--config")
            return arguments[i + 1];
    }
    for (const QString &argument : arguments) {
        if (argument.startsWith(u"--config="))
            return argument.mid(9);
    }
    return QFile::exists(QStringLiteral("rexorm.json")) ? QStringLiteral("rexorm.json") : QString();
}

Settings settingsFromFile(const QString &path)
{
    QJsonObject object = readConfigObject(path);
    const QDir base = QFileInfo(path).absoluteDir();
    Settings settings;
    settings.source = QFileInfo(path).absoluteFilePath();
    for (const QString &key : commandKeys()) {
        if (isStringKey(key) && object.contains(key) && !object.value(key).isString())
            throw ConfigError(QStringLiteral("%1: \"%2\" must be a string").arg(path, key));
    }
    settings.migrationsPath = base.absoluteFilePath(
        object.value(QLatin1String("migrations")).toString(QStringLiteral("migrations")));
    settings.development = object.value(QLatin1String("environment")).toString() == u"development";
    for (const QString &key : commandKeys())
        object.remove(key);
    try {
        settings.database = DatabaseConfig::fromJson(QJsonDocument(object).toJson());
    } catch (const ConfigError &error) {
        throw ConfigError(path + QStringLiteral(": ") + error.message());
    }
    // A relative SQLite path is relative to the configuration file, wherever rexorm runs.
    DatabaseConfig &database = settings.database;
    if (database.driver == u"sqlite" && !database.isInMemory() &&
        !database.databasePath.startsWith(u"file:") && QDir::isRelativePath(database.databasePath))
        database.databasePath = base.absoluteFilePath(database.databasePath);
    return settings;
}

QString jsonText(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented));
    QJsonArray wrapper{value};
    QString text = QString::fromUtf8(QJsonDocument(wrapper).toJson(QJsonDocument::Compact));
    return text.mid(1, text.size() - 2) + u'\n';
}

QString generalHelp()
{
    QString text = QStringLiteral("Usage: rexorm [options] <command> [arguments]\n\n"
                                  "RexOrm's command-line tool: migrations, model generation, "
                                  "schema inspection and SQL.\n\nCommands:\n");
    int width = 0;
    for (const Command *command : CommandRegistry::instance().commands())
        width = std::max(width, int(command->name().size()));
    for (const Command *command : CommandRegistry::instance().commands())
        text += QStringLiteral("  %1  %2\n")
                    .arg(command->name().leftJustified(width), command->summary());
    text += QStringLiteral(
        "\nGlobal options:\n"
        "  -d, --database <url>  Database URL; else --config, REXORM_DATABASE_URL or "
        "./rexorm.json\n"
        "  -c, --config <file>   Configuration file (see `rexorm init`)\n"
        "  --json                Machine-readable output on stdout\n"
        "  -q, --quiet           No progress output\n"
        "  -h, --help            Help; `rexorm <command> --help` for a command\n"
        "  -v, --version         Version\n\n"
        "Exit codes: 0 success, 1 the work failed, 2 bad usage, 3 configuration error.\n");
    return text;
}

// Where the command's name stands: the first argument that is neither an option nor a global
// option's value; -1 when there is none.
qsizetype commandIndex(const QStringList &arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &token = arguments[i];
        if (token == u"--")
            break;
        if (!token.startsWith(u'-'))
            return i;
        if (token == u"-d" || token == u"--database" || token == u"-c" || token == u"--config")
            ++i;
    }
    return -1;
}

} // namespace

Command::~Command() = default;

void Command::configure(QCommandLineParser &) const {}

CommandRegistry &CommandRegistry::instance()
{
    static CommandRegistry registry;
    return registry;
}

void CommandRegistry::add(std::unique_ptr<Command> command)
{
    if (find(command->name()))
        throw Error(QStringLiteral("The command %1 is registered twice").arg(command->name()));
    m_commands.push_back(std::move(command));
}

const Command *CommandRegistry::find(const QString &name) const
{
    for (const auto &command : m_commands) {
        if (command->name() == name)
            return command.get();
    }
    return nullptr;
}

QList<const Command *> CommandRegistry::commands() const
{
    QList<const Command *> list;
    for (const auto &command : m_commands)
        list << command.get();
    std::sort(list.begin(), list.end(),
              [](const Command *a, const Command *b) { return a->name() < b->name(); });
    return list;
}

Context::Context(const QCommandLineParser &parser, QTextStream &out, QTextStream &err)
    : m_parser(parser), m_out(out), m_err(err)
{}

QStringList Context::arguments() const
{
    return m_parser.positionalArguments();
}

bool Context::json() const
{
    return m_parser.isSet(jsonOption);
}

void Context::progress(const QString &line)
{
    if (m_parser.isSet(quietOption) || json())
        return;
    m_err << line << Qt::endl;
}

const Settings &Context::settings()
{
    if (m_settings)
        return *m_settings;
    Settings settings;
    if (m_parser.isSet(databaseOption)) {
        settings.database = DatabaseConfig::fromUrl(m_parser.value(databaseOption));
        settings.source = QStringLiteral("--database");
        settings.migrationsPath = QDir::current().absoluteFilePath(QStringLiteral("migrations"));
    } else if (m_parser.isSet(configOption)) {
        settings = settingsFromFile(m_parser.value(configOption));
    } else if (!qEnvironmentVariableIsEmpty("REXORM_DATABASE_URL")) {
        settings.database = DatabaseConfig::fromEnvironment();
        settings.source = QStringLiteral("REXORM_DATABASE_URL");
        settings.migrationsPath = QDir::current().absoluteFilePath(QStringLiteral("migrations"));
    } else if (QFile::exists(QStringLiteral("rexorm.json"))) {
        settings = settingsFromFile(QStringLiteral("rexorm.json"));
    } else {
        throw ConfigError(
            QStringLiteral("No database configured: pass --database URL or --config FILE, set "
                           "REXORM_DATABASE_URL, or run `rexorm init` to write ./rexorm.json"));
    }
    m_settings = settings;
    return *m_settings;
}

bool Context::hasConfiguration() const
{
    return m_parser.isSet(databaseOption) || m_parser.isSet(configOption) ||
           !qEnvironmentVariableIsEmpty("REXORM_DATABASE_URL") ||
           QFile::exists(QStringLiteral("rexorm.json"));
}

QString Context::migrationsPath()
{
    if (m_parser.optionNames().contains(QStringLiteral("path")) &&
        m_parser.isSet(QStringLiteral("path")))
        return m_parser.value(QStringLiteral("path"));
    if (hasConfiguration())
        return settings().migrationsPath;
    return QDir::current().absoluteFilePath(QStringLiteral("migrations"));
}

Database Context::database()
{
    if (!m_database)
        m_database.emplace(settings().database);
    return *m_database;
}

void Context::printJson(const QJsonValue &value)
{
    m_out << jsonText(value);
    m_out.flush();
}

void Context::printTable(const QStringList &header, const QList<QStringList> &rows)
{
    QList<int> widths;
    for (const QString &title : header)
        widths << int(title.size());
    for (const QStringList &row : rows) {
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], int(row[i].size()));
    }
    const auto line = [&](const QStringList &cells) {
        QStringList padded;
        for (qsizetype i = 0; i < cells.size(); ++i)
            padded << (i + 1 == cells.size() ? cells[i] : cells[i].leftJustified(widths[i]));
        m_out << padded.join(QStringLiteral("  ")).trimmed() << '\n';
    };
    line(header);
    QStringList rules;
    for (int width : widths)
        rules << QString(width, u'-');
    line(rules);
    for (const QStringList &row : rows)
        line(row);
    m_out.flush();
}

PluginConfig pluginConfig(const QString &configFile)
{
    PluginConfig config;
    config.file = configFile;
    if (!configFile.isEmpty()) {
        const QJsonObject object = readConfigObject(configFile);
        const QDir base = QFileInfo(configFile).absoluteDir();
        const auto names = [&](const char *key) {
            const QJsonValue value = object.value(QLatin1String(key));
            QStringList out;
            if (value.isUndefined())
                return out;
            bool ok = value.isArray();
            for (const QJsonValue &item : value.toArray()) {
                ok = ok && item.isString() && !item.toString().isEmpty();
                out << item.toString();
            }
            if (!ok)
                throw ConfigError(QStringLiteral("%1: \"%2\" must be an array of names")
                                      .arg(configFile, QLatin1String(key)));
            return out;
        };
        config.enabled = names("plugins");
        for (const QString &path : names("pluginPaths"))
            config.searchPaths << base.absoluteFilePath(path);
        const QJsonValue settings = object.value(QLatin1String("pluginSettings"));
        if (!settings.isUndefined() && !settings.isObject())
            throw ConfigError(QStringLiteral("%1: \"pluginSettings\" must be an object of "
                                             "plugin names")
                                  .arg(configFile));
        config.settings = settings.toObject();
    }
    config.searchPaths += PluginManager::environmentSearchPaths();
    if (QDir(installedPluginPath()).exists()) // absent in a build tree: no warning for it
        config.searchPaths << installedPluginPath();
    return config;
}

QString installedPluginPath()
{
    return QDir::cleanPath(QCoreApplication::applicationDirPath() +
                           QStringLiteral("/../" REXORM_PLUGIN_INSTALL_DIR));
}

namespace {

// Starts the plugins rexorm.json enables and adds their commands. A plugin that cannot start is
// reported; the command runs regardless (it may be the one that fixes the configuration).
void startPlugins(const QStringList &arguments, QTextStream &err)
{
    PluginConfig config;
    try {
        config = pluginConfig(configFileOf(arguments));
    } catch (const ConfigError &error) {
        err << "rexorm: plugins not started: " << error.message() << '\n';
        return;
    }
    // The command says what went wrong below; the log says it again only when asked
    // (QT_LOGGING_RULES="rexorm.plugins.warning=true" wins over this).
    QLoggingCategory::setFilterRules(QStringLiteral("rexorm.plugins.warning=false"));
    PluginManager::Options options;
    options.searchPaths = config.searchPaths;
    options.useEnvironment = false; // already in searchPaths
    options.enabled = config.enabled;
    options.settings = config.settings;
    const QList<PluginInfo> plugins = PluginManager::global().load(options);
    for (const PluginInfo &info : plugins) {
        if (config.enabled.contains(info.name) && info.status != PluginInfo::Active)
            err << "rexorm: plugin " << info.name << " not started: " << info.reason << '\n';
    }
    for (QObject *instance : PluginManager::global().activeInstances()) {
        const auto *provider = qobject_cast<CommandProvider *>(instance);
        if (!provider)
            continue;
        for (std::unique_ptr<Command> &command : provider->commands()) {
            if (CommandRegistry::instance().find(command->name())) {
                err << "rexorm: plugin " << qobject_cast<Plugin *>(instance)->name()
                    << " adds the command " << command->name() << ", which exists already\n";
                continue;
            }
            CommandRegistry::instance().add(std::move(command));
        }
    }
}

} // namespace

QString Context::configFile() const
{
    if (m_parser.isSet(configOption))
        return m_parser.value(configOption);
    return QStringLiteral("rexorm.json");
}

int run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    static const bool pluginsStarted = (startPlugins(arguments, err), true);
    Q_UNUSED(pluginsStarted);
    // Options before and after the command's name all go to the command's parser.
    const qsizetype at = commandIndex(arguments);
    const QString name = at < 0 ? QString() : arguments[at];
    if (name.isEmpty()) {
        QCommandLineParser global;
        addGlobalOptions(global);
        if (!global.parse(arguments)) {
            err << "rexorm: " << global.errorText() << "\nRun `rexorm --help` for usage.\n";
            return UsageError;
        }
        if (global.isSet(versionOption)) {
            out << "rexorm " << QCoreApplication::applicationVersion() << " (Qt " << qVersion()
                << ")\n";
            return Success;
        }
        (global.isSet(helpOption) ? out : err) << generalHelp();
        return global.isSet(helpOption) ? Success : UsageError;
    }
    const Command *command = CommandRegistry::instance().find(name);
    if (!command) {
        QStringList names;
        for (const Command *known : CommandRegistry::instance().commands())
            names << known->name();
        if (at > 1 && arguments[at - 1].startsWith(u'-'))
            err << "rexorm: a command's options go after its name (rexorm <command> "
                << arguments[at - 1] << " ...)\n";
        err << "rexorm: unknown command \"" << name
            << "\"; commands: " << names.join(QStringLiteral(", "))
            << "\nRun `rexorm --help` for usage.\n";
        return UsageError;
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(command->summary());
    addGlobalOptions(parser);
    parser.addPositionalArgument(name, QStringLiteral("The command."));
    command->configure(parser);
    QStringList commandArguments = arguments;
    commandArguments.removeAt(at);
    if (!parser.parse(commandArguments)) {
        err << "rexorm " << name << ": " << parser.errorText() << "\nRun `rexorm " << name
            << " --help` for usage.\n";
        return UsageError;
    }
    if (parser.isSet(helpOption)) {
        out << parser.helpText();
        return Success;
    }
    Context context(parser, out, err);
    try {
        const int code = command->run(context);
        out.flush();
        return code;
    } catch (const UsageFailure &error) {
        err << "rexorm " << name << ": " << error.message() << "\nRun `rexorm " << name
            << " --help` for usage.\n";
        return UsageError;
    } catch (const ConfigError &error) {
        err << "rexorm " << name << ": " << error.message() << '\n';
        return ConfigFailed;
    } catch (const Error &error) {
        err << "rexorm " << name << ": " << error.message() << '\n';
        return Failed;
    }
}

} // namespace RexOrm::Cli
