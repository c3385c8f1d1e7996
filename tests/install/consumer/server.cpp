// Links RexOrm::Server from the installed package: serves a one-field schema on 127.0.0.1 and
// asks it one question over a plain socket.
#include <rexorm/graphql/schema.h>
#include <rexorm/server/server.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QTimer>
#include <QtNetwork/QTcpSocket>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    auto schema = std::make_shared<RexOrm::GraphQL::Schema>(
        RexOrm::GraphQL::Schema::fromSdl(QStringLiteral("type Query { answer: Int }")));
    schema->setResolver(u"Query", u"answer",
                        [](const QVariant &, const QVariantMap &,
                           const RexOrm::GraphQL::ResolveInfo &) { return QVariant(42); });
    RexOrm::Server server(std::make_shared<RexOrm::GraphQL::Service>(schema));
    if (!server.listen()) {
        std::fprintf(stderr, "server-consumer: %s\n", qPrintable(server.errorString()));
        return 1;
    }

    QTcpSocket client;
    QByteArray received;
    QObject::connect(&client, &QTcpSocket::connected, [&] {
        const QByteArray body = "{\"query\":\"{ answer }\"}";
        client.write("POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                     "Content-Type: application/json\r\nContent-Length: " +
                     QByteArray::number(body.size()) + "\r\n\r\n" + body);
    });
    QObject::connect(&client, &QTcpSocket::readyRead, [&] { received += client.readAll(); });
    QObject::connect(&client, &QTcpSocket::disconnected, &app, &QCoreApplication::quit);
    QTimer::singleShot(10000, &app, &QCoreApplication::quit);
    client.connectToHost(QStringLiteral("127.0.0.1"), server.port());
    app.exec();

    if (!received.startsWith("HTTP/1.1 200 ") || !received.endsWith("{\"data\":{\"answer\":42}}")) {
        std::fprintf(stderr, "server-consumer: unexpected response: %s\n", received.constData());
        return 1;
    }
    std::printf("server-consumer: 200 from %s\n", qPrintable(server.url().toString()));
    return 0;
}
