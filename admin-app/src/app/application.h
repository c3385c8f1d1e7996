#pragma once

#include <QtCore/QString>
#include <QtCore/QStringList>

class QCoreApplication;
class QTranslator;

namespace RexOrm::Admin {

struct CommandLine
{
    QString database;     // --database URL (or a SQLite file path)
    QString modelsPlugin; // --models-plugin FILE
    QString language;     // --lang de|fr|en; empty: the system locale's
    QString migrations;   // --migrations DIR; empty: ./migrations when it exists
    QString screenshots;  // --screenshots DIR: save the documentation's screenshots and quit
    QString error;        // set when the arguments are malformed
};

// Parses rexorm-admin's arguments (QCoreApplication's name and version must be set first).
// --help and --version print and exit, like every Qt tool.
CommandLine parseCommandLine(const QStringList &arguments);

// The --lang value, read before the full parse so that --help and errors are translated too.
QString languageArgument(const QStringList &arguments);

// Loads the translation for language (a locale name such as "de" or "fr_CA"; empty: the
// system's UI languages) from the built-in resources. Returns the loaded translator (owned by
// app), or null when the language is English or has no translation.
QTranslator *installTranslations(QCoreApplication &app, const QString &language);

} // namespace RexOrm::Admin
