// The `rexorm` command: see docs/cli.md.
#include <rexorm/cli/command.h>

#include <QtCore/QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("rexorm"));
    QCoreApplication::setApplicationVersion(QStringLiteral(REXORM_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    const int code = RexOrm::Cli::run(QCoreApplication::arguments(), out, err);
    out.flush();
    err.flush();
    return code;
}
