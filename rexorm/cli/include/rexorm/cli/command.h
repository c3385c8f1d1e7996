#pragma once

#include <rexorm/database/database.h>
#include <rexorm/error.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QTextStream>

#include <memory>

#if defined(REXORM_CLI_BUILDING)
#define REXORM_CLI_EXPORT Q_DECL_EXPORT
#else
#define REXORM_CLI_EXPORT Q_DECL_IMPORT
#endif

namespace RexOrm::Cli {

// The exit codes of `rexorm`, documented in docs/cli.md.
enum ExitCode {
    Success = 0,
    Failed = 1,      // the work failed: a database error, a failing migration, a lock held
    UsageError = 2,  // unknown command or option, a missing or malformed argument
    ConfigFailed = 3 // no database configured, or a malformed URL or config file
};

// Bad command-line input: the message says what was wrong and how to ask for help.
class REXORM_CLI_EXPORT UsageFailure : public Error
{
public:
    using Error::Error;
};

// The settings of one run: from --database, --config, REXORM_DATABASE_URL or ./rexorm.json.
struct REXORM_CLI_EXPORT Settings
{
    DatabaseConfig database;
    QString migrationsPath; // "migrations" next to the config file, unless configured
    bool development = false;
    QString source; // where the database came from, for messages
};

// What a command gets to work with.
class REXORM_CLI_EXPORT Context
{
public:
    Context(const QCommandLineParser &parser, QTextStream &out, QTextStream &err);

    const QCommandLineParser &parser() const { return m_parser; }
    QStringList arguments() const; // positional arguments after the command name
    QTextStream &out() { return m_out; }
    QTextStream &err() { return m_err; }
    bool json() const;
    // Progress for people, on stderr; silent with --quiet or --json.
    void progress(const QString &line);

    // Throws ConfigError when none is configured or the configuration is malformed.
    const Settings &settings();
    // True when --database, --config, REXORM_DATABASE_URL or ./rexorm.json says where to go.
    bool hasConfiguration() const;
    // --path if given, else the configured migrations folder, else ./migrations.
    QString migrationsPath();
    // --config if given, else rexorm.json (which may not exist).
    QString configFile() const;
    Database database();

    // Prints a JSON value (with --json) on stdout.
    void printJson(const QJsonValue &value);
    // Prints rows as an aligned text table.
    void printTable(const QStringList &header, const QList<QStringList> &rows);

private:
    const QCommandLineParser &m_parser;
    QTextStream &m_out;
    QTextStream &m_err;
    std::optional<Settings> m_settings;
    std::optional<Database> m_database;
};

// One `rexorm` subcommand. Commands register themselves; plugins add theirs the same way.
class REXORM_CLI_EXPORT Command
{
public:
    virtual ~Command();
    virtual QString name() const = 0;    // "migrate", "db:inspect"
    virtual QString summary() const = 0; // one line for `rexorm --help`
    // Adds the command's options and positional arguments (global ones are already there).
    virtual void configure(QCommandLineParser &parser) const;
    // Returns an ExitCode; throws UsageFailure, ConfigError or Error for the runner to report.
    virtual int run(Context &context) const = 0;
};

// The plugins part of a configuration file: "plugins" (the enabled ones), "pluginPaths"
// (folders, relative to the file) and "pluginSettings" ({name: settings}).
struct REXORM_CLI_EXPORT PluginConfig
{
    QString file;            // empty: no configuration file
    QStringList enabled;     // names
    QStringList searchPaths; // the file's pluginPaths, REXORM_PLUGIN_PATH, the installed folder
    QJsonObject settings;
};

// Reads configFile's plugin keys (none when it is empty); throws ConfigError when malformed.
REXORM_CLI_EXPORT PluginConfig pluginConfig(const QString &configFile);
// <prefix>/<libdir>/rexorm/plugins, next to the installed rexorm.
REXORM_CLI_EXPORT QString installedPluginPath();

class REXORM_CLI_EXPORT CommandRegistry
{
public:
    static CommandRegistry &instance();
    // Throws Error when a command of that name exists.
    void add(std::unique_ptr<Command> command);
    const Command *find(const QString &name) const;
    QList<const Command *> commands() const; // sorted by name

private:
    std::vector<std::unique_ptr<Command>> m_commands;
};

// Parses the arguments, runs the command and turns errors into messages and exit codes.
REXORM_CLI_EXPORT int run(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace RexOrm::Cli

// One line per command, in a .cpp of the program (or in a plugin's initialize()).
#define REXORM_CLI_COMMAND(Class)                                                                  \
    static const bool rexormCliCommandRegistered_##Class = [] {                                    \
        RexOrm::Cli::CommandRegistry::instance().add(std::make_unique<Class>());                   \
        return true;                                                                               \
    }();
