// Validates documents against a schema, both from a JSON file (argv[1]: {"schema": SDL,
// "documents": [...]}), and prints for each whether it is valid and the messages. The validation
// differential test (tests/e2e/validation-differential.mjs) compares this with graphql-js.
#include <rexorm/graphql/validation.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTextStream>

int main(int argc, char *argv[])
{
    using namespace RexOrm::GraphQL;
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        QTextStream(stderr) << "usage: graphql-validate-json <input.json>\n";
        return 2;
    }
    QFile file(QString::fromLocal8Bit(argv[1]));
    if (!file.open(QIODevice::ReadOnly))
        return 2;
    const QJsonObject input = QJsonDocument::fromJson(file.readAll()).object();
    const Schema schema = Schema::fromSdl(input.value(QStringLiteral("schema")).toString());
    QJsonArray results;
    for (const QJsonValue &text : input.value(QStringLiteral("documents")).toArray()) {
        QJsonObject result;
        try {
            const std::vector<GraphQLError> errors = validate(schema, parse(text.toString()));
            QJsonArray messages;
            for (const GraphQLError &error : errors)
                messages << error.message;
            result.insert(QStringLiteral("valid"), errors.empty());
            result.insert(QStringLiteral("messages"), messages);
        } catch (const SyntaxError &error) {
            result.insert(QStringLiteral("syntaxError"), error.error().message);
        }
        results << result;
    }
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly))
        return 2;
    out.write(QJsonDocument(results).toJson(QJsonDocument::Compact));
    return 0;
}
