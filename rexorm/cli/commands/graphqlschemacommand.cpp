// rexorm graphql:schema: the SDL of the GraphQL API generated from the database.
#include "../graphqlapi_p.h"

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
        context.out() << databaseApi(context, context.database())->toSdl();
        return Success;
    }
};

REXORM_CLI_COMMAND(GraphQLSchemaCommand)

} // namespace
