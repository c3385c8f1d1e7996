// Serves the test schema (testservice.h) over HTTP on 127.0.0.1 and a free port, prints the
// endpoint's URL on stdout and runs until stdin closes (or it is killed): the server for the
// Node.js protocol tests (tests/e2e/http-audit.mjs).
//
//   graphql_test_server [--inline]   (--inline: requests run on the server's thread)
#include "testservice.h"

#include <rexorm/server/server.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QSocketNotifier>

#include <cstdio>
#include <unistd.h>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const bool inlineExecution = app.arguments().contains(QStringLiteral("--inline"));

    RexOrm::Server server(makeTestService(!inlineExecution));
    if (!server.listen()) {
        std::fprintf(stderr, "graphql_test_server: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    std::printf("%s\n", qPrintable(server.url().toString()));
    std::fflush(stdout);

    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&] {
        char buffer[256];
        if (::read(STDIN_FILENO, buffer, sizeof buffer) <= 0)
            app.quit();
    });
    return app.exec();
}
