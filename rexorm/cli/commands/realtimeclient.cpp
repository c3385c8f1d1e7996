// `rexorm realtime:subscribe --url SERVER`: a client of a running server's /realtime feed
// (docs/realtime-protocol.md).
#include "../realtimeclient_p.h"
#include "../stopsignals_p.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtWebSockets/QWebSocket>

namespace RexOrm::Cli {

namespace {

QString str(const char *text)
{
    return QString::fromLatin1(text);
}

QUrl feedUrl(const QString &server)
{
    QUrl url(server, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        throw UsageFailure(QStringLiteral("--url takes the server's address, e.g. "
                                          "http://127.0.0.1:4000/"));
    const QString scheme = url.scheme().toLower();
    if (scheme == u"http" || scheme == u"ws")
        url.setScheme(str("ws"));
    else if (scheme == u"https" || scheme == u"wss")
        url.setScheme(str("wss"));
    else
        throw UsageFailure(
            QStringLiteral("--url: use http(s):// or ws(s)://, not %1://").arg(scheme));
    if (!url.path().endsWith(u"/realtime"))
        url.setPath(str("/realtime"));
    url.setQuery(QString());
    url.setUserInfo(QString());
    return url;
}

// "#42 update User {"id":7}: {"name":"Jane",...}"
QString readable(const QJsonObject &change)
{
    const QByteArray key =
        QJsonDocument(change.value(str("key")).toObject()).toJson(QJsonDocument::Compact);
    const QByteArray data =
        QJsonDocument(change.value(str("data")).toObject()).toJson(QJsonDocument::Compact);
    return QStringLiteral("#%1 %2 %3 %4: %5")
        .arg(change.value(str("seq")).toVariant().toString(), change.value(str("op")).toString(),
             change.value(str("model")).toString(), QString::fromUtf8(key),
             QString::fromUtf8(data));
}

} // namespace

int subscribeThroughServer(Context &context, const QString &entity, const QString &server,
                           const QJsonObject &where, const QString &token)
{
    const QUrl url = feedUrl(server);
    QWebSocket socket;
    int exitCode = Success;
    QTextStream &out = context.out();
    QTextStream &err = context.err();
    const bool json = context.json();
    const auto fail = [&](const QString &message) {
        err << "rexorm realtime:subscribe: " << message << '\n';
        err.flush();
        exitCode = Failed;
        QCoreApplication::quit();
    };
    QObject::connect(&socket, &QWebSocket::textMessageReceived, [&](const QString &text) {
        const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
        const QString type = message.value(str("type")).toString();
        const auto send = [&](const QJsonObject &object) {
            socket.sendTextMessage(
                QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)));
        };
        const QJsonObject subscribe{{str("type"), str("subscribe")},
                                    {str("id"), str("cli")},
                                    {str("entity"), entity},
                                    {str("where"), where}};
        if (type == u"welcome") {
            if (!token.isEmpty())
                send({{str("type"), str("auth")}, {str("token"), token}});
            else
                send(subscribe);
        } else if (type == u"auth_ok") {
            send(subscribe);
        } else if (type == u"subscribed") {
            if (!context.parser().isSet(str("quiet"))) {
                err << "rexorm realtime:subscribe: watching "
                    << message.value(str("entity")).toString() << " on " << url.toString()
                    << " (Ctrl+C to stop)\n";
                err.flush();
            }
        } else if (type == u"change") {
            out << (json ? text : readable(message)) << '\n';
            out.flush();
        } else if (type == u"resync") {
            err << "rexorm realtime:subscribe: changes may have been missed: "
                << message.value(str("reason")).toString() << '\n';
            err.flush();
        } else if (type == u"error") {
            fail(message.value(str("message")).toString());
        }
    });
    QObject::connect(&socket, &QWebSocket::disconnected, [&] {
        if (exitCode == Success && socket.closeCode() != QWebSocketProtocol::CloseCodeNormal)
            fail(QStringLiteral("the server closed the connection (%1 %2)")
                     .arg(int(socket.closeCode()))
                     .arg(socket.closeReason()));
    });
    QObject::connect(
        &socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error),
        [&](QAbstractSocket::SocketError) {
            fail(QStringLiteral("cannot reach %1: %2").arg(url.toString(), socket.errorString()));
        });
    const StopSignals stop;
    socket.open(url);
    QCoreApplication::exec();
    socket.close();
    return exitCode;
}

} // namespace RexOrm::Cli
