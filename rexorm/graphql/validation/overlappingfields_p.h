#pragma once

#include <rexorm/graphql/validation.h>

namespace RexOrm::GraphQL {

// Overlapping fields can be merged (specification 5.3.2): appends an error for each pair of
// fields that share a response key but cannot be merged, in graphql-js's wording and with the
// same findings as its OverlappingFieldsCanBeMergedRule.
void checkOverlappingFields(const Schema &schema, const Document &document,
                            std::vector<GraphQLError> &errors);

} // namespace RexOrm::GraphQL
