#pragma once

#include <rexorm/graphql/service.h>

#include <memory>

// The schema the server tests and graphql_test_server serve:
//
//   type Query { hello(name: String): String  slow(ms: Int!): String  fail: String }
//   type Mutation { setGreeting(text: String!): String }
//
// slow sleeps on the thread that runs it; fail raises a field error. With onExecutors the service
// has an in-memory SQLite Database, so requests run on its executor threads.
std::shared_ptr<RexOrm::GraphQL::Service> makeTestService(bool onExecutors);
