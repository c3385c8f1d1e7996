// Prints the introspection types, then builds a schema from each SDL of a JSON array (argv[1]):
// a JSON array of the SDL printed back, or the error. The schema differential test
// (tests/e2e/schema-differential.mjs) compares this with graphql-js's buildSchema + printSchema.
#include <rexorm/graphql/parser.h>
#include <rexorm/graphql/schema.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        QTextStream(stderr) << "usage: graphql-print-schema <schemas.json>\n";
        return 2;
    }
    QFile file(QString::fromLocal8Bit(argv[1]));
    if (!file.open(QIODevice::ReadOnly))
        return 2;
    QJsonArray results;
    results << QJsonObject{{QStringLiteral("ok"), true},
                           {QStringLiteral("sdl"), RexOrm::GraphQL::Schema().introspectionSdl()}};
    for (const QJsonValue &sdl : QJsonDocument::fromJson(file.readAll()).array()) {
        try {
            results << QJsonObject{
                {QStringLiteral("ok"), true},
                {QStringLiteral("sdl"), RexOrm::GraphQL::Schema::fromSdl(sdl.toString()).toSdl()}};
        } catch (const RexOrm::Error &error) {
            results << QJsonObject{{QStringLiteral("ok"), false},
                                   {QStringLiteral("error"), error.message()}};
        }
    }
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly))
        return 2;
    out.write(QJsonDocument(results).toJson(QJsonDocument::Compact));
    return 0;
}
