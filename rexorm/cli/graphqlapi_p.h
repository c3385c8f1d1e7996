#pragma once

#include <rexorm/cli/command.h>
#include <rexorm/graphql/liveapi.h>

// The generated GraphQL API of an existing database, as `rexorm graphql:schema` and
// `rexorm serve` build it: every table and view through the schema inspector (the migration
// tracker left out), with the API options given on the command line.
namespace RexOrm::Cli {

void addApiOptions(QCommandLineParser &parser);
GraphQL::GeneratedApi databaseApi(Context &context, const Database &database);

} // namespace RexOrm::Cli
