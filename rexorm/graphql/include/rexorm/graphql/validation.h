#pragma once

#include <rexorm/graphql/parser.h>
#include <rexorm/graphql/schema.h>

namespace RexOrm::GraphQL {

// Validates an executable document against a schema (specification section 5) and returns every
// error found, with the locations involved; an empty list means the document is valid.
//
// Every rule of section 5 is applied: executable definitions; operation name uniqueness; lone
// anonymous operation; single root field of subscriptions; fields on correct type; field
// selection merging (overlapping fields can be merged); leaf field selections; argument names,
// uniqueness and required arguments (fields and directives); fragment name uniqueness; known
// fragment spreads; known type names; fragments on composite types; no unused fragments; no
// fragment cycles; possible fragment spreads; input object field uniqueness; directives defined,
// in valid locations and unique per location; variable uniqueness; variables are input types;
// all variables defined; all variables used; variable usages allowed; values of correct type.
// Hostile documents are refused with an error of their own rather than followed without end:
// fragment spreads nested more than 512 deep, fields compared more than 256 levels deep, or
// overlapping fields that need more than 2,000,000 comparisons (or conflict 100,000 times).
// Like graphql-js, it reports at most 100 errors, then one saying the limit was reached.
REXORM_GRAPHQL_EXPORT std::vector<GraphQLError> validate(const Schema &schema,
                                                         const Document &document);

} // namespace RexOrm::GraphQL
