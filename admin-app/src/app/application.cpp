#include "application.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QLibraryInfo>
#include <QtCore/QLocale>
#include <QtCore/QTranslator>

namespace RexOrm::Admin {

CommandLine parseCommandLine(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "RexOrm::Admin::CommandLine",
        "Browse, edit, migrate and watch a database: SQLite, PostgreSQL or MySQL/MariaDB."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption database(
        {QStringLiteral("d"), QStringLiteral("database")},
        QCoreApplication::translate("RexOrm::Admin::CommandLine",
                                    "The database to open: a URL (sqlite:///path, "
                                    "postgres://user@host/db, mysql://...) or a SQLite file."),
        QStringLiteral("url"));
    const QCommandLineOption plugin(
        QStringLiteral("models-plugin"),
        QCoreApplication::translate("RexOrm::Admin::CommandLine",
                                    "Describe the tables with the models of this RexOrm "
                                    "ModelProvider plugin instead of inspecting the database."),
        QStringLiteral("file"));
    const QCommandLineOption language(
        QStringLiteral("lang"),
        QCoreApplication::translate("RexOrm::Admin::CommandLine",
                                    "The language of the window: en, de or fr (default: the "
                                    "system's)."),
        QStringLiteral("language"));
    const QCommandLineOption migrations(
        QStringLiteral("migrations"),
        QCoreApplication::translate("RexOrm::Admin::CommandLine",
                                    "The folder of migrations the Migrations panel shows "
                                    "(default: ./migrations)."),
        QStringLiteral("dir"));
    const QCommandLineOption screenshots(
        QStringLiteral("screenshots"),
        QCoreApplication::translate("RexOrm::Admin::CommandLine",
                                    "Save screenshots of the main views into this folder, then "
                                    "quit (for docs/admin.md; works with "
                                    "QT_QPA_PLATFORM=offscreen)."),
        QStringLiteral("dir"));
    parser.addOptions({database, plugin, language, migrations, screenshots});
    parser.addPositionalArgument(
        QStringLiteral("database"),
        QCoreApplication::translate("RexOrm::Admin::CommandLine", "Same as --database."),
        QStringLiteral("[url]"));

    CommandLine result;
    if (!parser.parse(arguments)) {
        result.error = parser.errorText();
        return result;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1 || (positional.size() == 1 && parser.isSet(database))) {
        result.error =
            QCoreApplication::translate("RexOrm::Admin::CommandLine", "Give one database, not %1.")
                .arg(positional.size() + (parser.isSet(database) ? 1 : 0));
        return result;
    }
    result.database = parser.isSet(database) ? parser.value(database) : positional.value(0);
    result.modelsPlugin = parser.value(plugin);
    result.language = parser.value(language);
    result.migrations = parser.value(migrations);
    result.screenshots = parser.value(screenshots);
    if (!result.screenshots.isEmpty() && result.database.isEmpty())
        result.error = QCoreApplication::translate("RexOrm::Admin::CommandLine",
                                                   "--screenshots needs a database.");
    if (!result.language.isEmpty() && QLocale(result.language).language() == QLocale::C) {
        result.error = QCoreApplication::translate("RexOrm::Admin::CommandLine",
                                                   "--lang: %1 is not a language (try de, fr "
                                                   "or en).")
                           .arg(result.language);
    }
    return result;
}

QString languageArgument(const QStringList &arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == u"--lang" || argument == u"-lang")
            return arguments.value(i + 1);
        if (argument.startsWith(QLatin1String("--lang=")))
            return argument.mid(7);
    }
    return {};
}

QTranslator *installTranslations(QCoreApplication &app, const QString &language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return nullptr;
    auto *translator = new QTranslator(&app);
    if (!translator->load(locale, QStringLiteral("rexorm-admin"), QStringLiteral("_"),
                          QStringLiteral(":/i18n"))) {
        delete translator;
        return nullptr;
    }
    app.installTranslator(translator);
    // Qt's own words (standard buttons, file dialogs), from Debian's qt6-translations-l10n.
    auto *qt = new QTranslator(translator);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qt);
    return translator;
}

} // namespace RexOrm::Admin
