// Parses each document of a JSON array (argv[1]) with RexOrm's GraphQL parser and prints, as a
// JSON array, whether it parsed and, if not, the error's message, line and column. The parser
// differential test (tests/e2e/parser-differential.mjs) compares this with graphql-js.
#include <rexorm/graphql/parser.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream err(stderr);
    if (argc != 2) {
        err << "usage: graphql-parse-json <documents.json>\n";
        return 2;
    }
    QFile file(QString::fromLocal8Bit(argv[1]));
    if (!file.open(QIODevice::ReadOnly)) {
        err << "cannot read " << file.fileName() << '\n';
        return 2;
    }
    const QJsonArray documents = QJsonDocument::fromJson(file.readAll()).array();
    QJsonArray results;
    for (const QJsonValue &document : documents) {
        try {
            RexOrm::GraphQL::parse(document.toString());
            results << QJsonObject{{QStringLiteral("ok"), true}};
        } catch (const RexOrm::GraphQL::SyntaxError &error) {
            const RexOrm::GraphQL::SourceLocation at = error.error().locations.front();
            results << QJsonObject{{QStringLiteral("ok"), false},
                                   {QStringLiteral("message"), error.error().message},
                                   {QStringLiteral("line"), at.line},
                                   {QStringLiteral("column"), at.column}};
        }
    }
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly))
        return 2;
    out.write(QJsonDocument(results).toJson(QJsonDocument::Compact));
    return 0;
}
