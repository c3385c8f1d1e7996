#include "fixtures.h"

QString kitchenSinkQuery()
{
    return QStringLiteral(R"(
query queryName($foo: ComplexType, $site: Site = MOBILE, $list: [Int!]! = [1, 2]) @onQuery {
  whoever123is: node(id: [123, 456]) {
    id ,
    ... on User @onInlineFragment {
      field2 {
        id ,
        alias: field1(first:10, after:$foo,) @include(if: $foo) {
          id,
          ...frag @onFragmentSpread
        }
      }
    }
    ... @skip(unless: $foo) {
      id
    }
    ... {
      id
    }
  }
}

mutation likeStory @onMutation {
  like(story: 123) @onField {
    story {
      id @onField
    }
  }
}

subscription StoryLikeSubscription($input: StoryLikeSubscribeInput @onVariableDefinition) {
  storyLikeSubscribe(input: $input) {
    story { likers { count } }
  }
}

fragment frag on Friend @onFragmentDefinition {
  foo(size: $size, bar: $b, obj: {key: "value", block: """
      block string uses \"""
  """})
}

{
  unnamed(truthy: true, falsy: false, nullish: null),
  query
}

query { __typename }
)");
}

QString kitchenSinkSchema()
{
    return QStringLiteral(R"(
"""The schema"""
schema @onSchema { query: Query mutation: Mutation }

"A scalar" scalar DateTime @specifiedBy(url: "https://example.com")

type Query implements Node & Entity @onObject {
  "a field" user(id: ID!, "arg" limit: Int = 10 @deprecated): User @deprecated(reason: "no")
  users: [User!]!
}

interface Node { id: ID! }
interface Entity implements & Node { id: ID! }
union SearchResult @onUnion = | User | Post
enum Color { RED "green" GREEN @deprecated BLUE }
input UserInput { name: String! = "x", tags: [String!] }
directive @auth(role: String = "admin") repeatable on FIELD_DEFINITION | OBJECT
extend schema @extra
extend type Query { more: Int }
extend union SearchResult = Comment
extend enum Color { PURPLE }
extend input UserInput { age: Int }
extend scalar DateTime @extra
extend interface Node @extra
)");
}

QString escapedBlockString()
{
    return QStringLiteral(R"("""a \""" b \n c""")");
}
