// rexorm graphql:schema and graphql:query: the GraphQL API generated from the database, printed
// as SDL or queried from the shell.
#include "../graphqlapi_p.h"

#include <rexorm/graphql/service.h>

#include <QtCore/QFile>
#include <QtCore/QJsonDocument>

namespace {

using namespace RexOrm::Cli;

class GraphQLSchemaCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("graphql:schema"); }
    QString summary() const override
    {
        return QStringLiteral("Print the GraphQL schema (SDL) that `rexorm serve` offers for the "
                              "database");
    }
    void configure(QCommandLineParser &parser) const override { addApiOptions(parser); }
    int run(Context &context) const override
    {
        if (!context.arguments().isEmpty())
            throw UsageFailure(QStringLiteral("graphql:schema takes no arguments"));
        context.out() << databaseApi(context, context.database()).schema->toSdl();
        return Success;
    }
};

class GraphQLQueryCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("graphql:query"); }
    QString summary() const override
    {
        return QStringLiteral("Run a GraphQL document against the database's generated API and "
                              "print the JSON response");
    }
    void configure(QCommandLineParser &parser) const override
    {
        parser.addPositionalArgument(QStringLiteral("document"),
                                     QStringLiteral("The GraphQL document, or - to read stdin."));
        parser.addOption({QStringLiteral("variables"),
                          QStringLiteral("Variables as a JSON object."), QStringLiteral("json")});
        parser.addOption({QStringLiteral("operation"),
                          QStringLiteral("The operation to run, when the document has several."),
                          QStringLiteral("name")});
        addApiOptions(parser);
    }
    int run(Context &context) const override
    {
        const QStringList arguments = context.arguments();
        if (arguments.size() != 1)
            throw UsageFailure(QStringLiteral("graphql:query takes one document (quote it, or "
                                              "give - to read it from stdin)"));
        RexOrm::GraphQL::ServiceRequest request;
        if (arguments.first() == u"-") {
            QFile in;
            if (!in.open(stdin, QIODevice::ReadOnly))
                throw RexOrm::Error(QStringLiteral("Cannot read the document from stdin"));
            request.query = QString::fromUtf8(in.readAll());
        } else {
            request.query = arguments.first();
        }
        const QCommandLineParser &parser = context.parser();
        if (parser.isSet(QStringLiteral("variables"))) {
            QJsonParseError error;
            const QJsonDocument variables =
                QJsonDocument::fromJson(parser.value(QStringLiteral("variables")).toUtf8(), &error);
            if (error.error != QJsonParseError::NoError || !variables.isObject())
                throw UsageFailure(QStringLiteral("--variables must be a JSON object (%1)")
                                       .arg(error.error != QJsonParseError::NoError
                                                ? error.errorString()
                                                : QStringLiteral("not an object")));
            request.variables = variables.object();
        }
        request.operationName = parser.value(QStringLiteral("operation"));
        const RexOrm::Database database = context.database();
        RexOrm::GraphQL::ServiceOptions options;
        options.maxDocumentBytes = 0; // the shell is trusted: no request size limit
        const RexOrm::GraphQL::Service service(databaseApi(context, database).schema, options);
        const RexOrm::GraphQL::ServiceResponse response = service.execute(request);
        context.out() << response.result.toJson() << '\n';
        return response.result.errors.empty() ? Success : Failed;
    }
};

} // namespace

REXORM_CLI_COMMAND(GraphQLSchemaCommand)
REXORM_CLI_COMMAND(GraphQLQueryCommand)
