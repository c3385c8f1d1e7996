// A live list of a database's rows in Qt Quick: the table updates as rows change anywhere (this
// window, the rexorm CLI, psql), and the form validates as you save.
//
//   rexorm-qml-live [URL] [--entity NAME] [--smoke]
//
// URL is a database (sqlite:///path/app.db, postgres://...) or a `rexorm serve` server
// (http://127.0.0.1:4000); the default is the demo database `./dev run` fills. --smoke loads the
// rows, prints how many there are and quits (the example's test).
#include <QtCore/QCommandLineParser>
#include <QtCore/QDir>
#include <QtCore/QTimer>
#include <QtGui/QGuiApplication>
#include <QtQml/QQmlApplicationEngine>
#include <QtQml/QQmlContext>

#include <cstdio>

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("RexOrm live QML list"));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("url"),
                                 QStringLiteral("Database or server URL (default: the demo "
                                                "database, build/rexorm-demo.db)."));
    parser.addOption({QStringLiteral("entity"), QStringLiteral("The entity to list (users)."),
                      QStringLiteral("name"), QStringLiteral("users")});
    parser.addOption(
        {QStringLiteral("smoke"), QStringLiteral("Load the rows, print their count and quit.")});
    parser.process(app);
    const QString url = parser.positionalArguments().value(
        0, QStringLiteral("sqlite://") +
               QDir::current().absoluteFilePath(QStringLiteral("build/rexorm-demo.db")));

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
    engine.addImportPath(QStringLiteral(REXORM_QML_IMPORT_PATH));
    engine.rootContext()->setContextProperty(QStringLiteral("startUrl"), url);
    engine.rootContext()->setContextProperty(QStringLiteral("startEntity"),
                                             parser.value(QStringLiteral("entity")));
    engine.rootContext()->setContextProperty(QStringLiteral("smoke"),
                                             parser.isSet(QStringLiteral("smoke")));
    QObject::connect(
        &engine, &QQmlApplicationEngine::objectCreationFailed, &app,
        [] { QCoreApplication::exit(1); }, Qt::QueuedConnection);
    engine.load(
        QUrl(QStringLiteral("qrc:/qt/qml/RexOrmQmlLive/Main.qml"))); // 6.4: no loadFromModule
    return app.exec();
}
