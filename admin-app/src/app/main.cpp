// rexorm-admin: browse, edit, migrate and watch a database.
#include "application.h"
#include "mainwindow.h"
#include "screenshots.h"

#include <QtCore/QDir>

#include <rexorm/database/threadguard.h>

#include <QtWidgets/QApplication>
#include <QtWidgets/QMessageBox>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("rexorm-admin"));
    QApplication::setOrganizationName(QStringLiteral("RexOrm"));
    QApplication::setApplicationVersion(QStringLiteral(REXORM_ADMIN_VERSION));

    RexOrm::Admin::installTranslations(app,
                                       RexOrm::Admin::languageArgument(QApplication::arguments()));
    const RexOrm::Admin::CommandLine options =
        RexOrm::Admin::parseCommandLine(QApplication::arguments());
    if (!options.error.isEmpty()) {
        qCritical("rexorm-admin: %s", qPrintable(options.error));
        return 2;
    }
    // The GUI thread never waits on SQL: a synchronous call there stops a debug build, and is
    // reported in a release build (REXORM_ADMIN_BLOCKING_CALLS=abort|warn overrides).
    const QByteArray policy = qgetenv("REXORM_ADMIN_BLOCKING_CALLS");
#ifdef NDEBUG
    const bool abortOnBlockingCall = policy == "abort";
#else
    const bool abortOnBlockingCall = policy != "warn";
#endif
    RexOrm::setBlockingCallPolicy(app.thread(), abortOnBlockingCall
                                                    ? RexOrm::BlockingCallPolicy::Abort
                                                    : RexOrm::BlockingCallPolicy::Warn);

    RexOrm::Admin::MainWindow window;
    const QString migrations = !options.migrations.isEmpty() ? options.migrations
                               : QDir(QStringLiteral("migrations")).exists()
                                   ? QDir(QStringLiteral("migrations")).absolutePath()
                                   : QString();
    if (!migrations.isEmpty())
        window.setMigrationsPath(migrations);
    if (options.screenshots.isEmpty())
        window.restoreLayout(); // screenshots show the default layout
    window.show();
    if (!options.screenshots.isEmpty()) {
        window.openDatabase(options.database, options.modelsPlugin);
        int status = 0;
        RexOrm::Admin::saveScreenshots(&window, options.screenshots,
                                       [&status](bool ok, const QString &message) {
                                           if (!ok)
                                               qCritical("rexorm-admin: %s", qPrintable(message));
                                           status = ok ? 0 : 1;
                                           QApplication::quit();
                                       });
        QApplication::exec();
        RexOrm::setBlockingCallPolicy(app.thread(), RexOrm::BlockingCallPolicy::Allow);
        return status;
    }
    if (!options.database.isEmpty())
        window.openDatabase(options.database, options.modelsPlugin);
    else
        window.showConnectDialog();
    const int result = QApplication::exec();
    RexOrm::setBlockingCallPolicy(app.thread(), RexOrm::BlockingCallPolicy::Allow);
    return result;
}
