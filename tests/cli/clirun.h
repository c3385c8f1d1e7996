#pragma once

// Runs the rexorm program (REXORM_CLI_PATH) as a process for the CLI tests: exit code, output,
// errors; REXORM_DATABASE_URL is removed so that only the arguments name a database.

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QStringList>
#include <QtTest/QTest>

namespace RexOrmTest {

struct Run
{
    int code = -1;
    QString out;
    QString err;

    QJsonValue json() const
    {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(out.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError)
            qWarning("not JSON (%s): %s", qPrintable(error.errorString()), qPrintable(out));
        return document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    }
};

inline Run rexorm(const QStringList &arguments, const QString &workingDirectory = {})
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("REXORM_DATABASE_URL"));
    process.setProcessEnvironment(environment);
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(QStringLiteral(REXORM_CLI_PATH), arguments);
    if (!process.waitForFinished(120000))
        qFatal("rexorm %s did not finish", qPrintable(arguments.join(u' ')));
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

} // namespace RexOrmTest

#define EXPECT_EXIT(run, expected)                                                                 \
    QVERIFY2((run).code == (expected),                                                             \
             qPrintable(QStringLiteral("exit %1, wanted %2\nstdout: %3\nstderr: %4")               \
                            .arg((run).code)                                                       \
                            .arg(expected)                                                         \
                            .arg((run).out, (run).err)))
