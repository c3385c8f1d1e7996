// Schemas built from SDL and printed back: RexOrm's Schema::fromSdl + toSdl against graphql-js's
// buildSchema + printSchema. Every schema graphql-js builds must build here too and print to the
// same text, character for character. And the introspection types must be the same.
//
//   node schema-differential.mjs <path to graphql-print-schema>
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirePackage } from './support.mjs';

const { buildSchema, printSchema, printIntrospectionSchema, GraphQLSchema, parse, print, visit } =
  await requirePackage('graphql');
const helper = process.argv[2];

const schemas = [
  'type Query { hello: String }',
  'type Query { a: Int! b: [String!]! c: [[ID]] }',
  `"""The root"""
type Query {
  "single line description"
  user(id: ID!, "described" limit: Int = 10): User
  users(first: Int = 20, after: String, order: Order = ASC, filter: Filter = {name: "x"}): [User!]! @deprecated(reason: "use connection")
  old: Int @deprecated
}
"""
Multi-line
  description with indent
"""
type User implements Node & Named { id: ID! name: String }
interface Node { id: ID! }
interface Named implements Node { id: ID! name: String }
enum Order { ASC "down" DESC @deprecated(reason: "no") OTHER @deprecated }
input Filter { name: String = "y", tags: [String!] = ["a", "b"], limit: Int = 5, nested: Inner }
input Inner { flag: Boolean = true, ratio: Float = 1.50, big: Float = 1e21, small: Float = 0.0000001 }
scalar DateTime @specifiedBy(url: "https://scalars.graphql.org/andimarek/date-time")
union Search = User | Other
type Other { x: Int }`,
  `schema { query: Root mutation: Change }
type Root { a: Int }
type Change { b(x: ID = 123, y: ID = "abc", z: ID = "007"): Int }`,
  `"the schema" schema { query: Query }
type Query { a: Int }`,
  `directive @auth(role: String = "admin", "described arg" level: Int) repeatable on FIELD_DEFINITION | OBJECT
"a directive" directive @cache(ttl: Int!) on FIELD
type Query { a: Int @auth }`,
  `type Query { f(list: [Int] = 1, nested: [[Int]] = [[1], 2], enums: [E!] = [A, B]): Int }
enum E { A B }`,
  `type Query { s(a: String = """block "quoted" value""", b: String = "esc \\" \\\\ \\n \\t \\u0001 é"): Int }`,
  `type Query { a: Int }
extend type Query { b: String }
type Mutation { m: Int }
extend type Mutation { n: Int }
enum E { X }
extend enum E { Y }
input I { a: Int }
extend input I { b: Int }
union U = T
extend union U = T2
type T { t: Int }
type T2 { t: Int }`,
  `type Query { a: A }
type A { b: B }
type B { c: C }
type C { d: Int }`,
  `"""
  starts with indent
"""
type Query {
  """ leading space"""
  a: Int
  """trailing quote" """
  b: Int
  """
  has \\""" inside
  """
  c: Int
  "ends with backslash \\\\"
  d: Int
  "a very long description that goes past seventy characters in length, for sure it does"
  e: Int
}`,
  `type Query { x(a: Int = -0, b: Float = -2.5e-3, c: Float = 10, d: Int = 2147483647): Int }`,
  `type Query { me: Me }
type Me { id: ID }
type Subscription { tick: Int }`,
  `"" type Query { "" a(x: [Int] = [1, "x"], y: I = {a: 1, b: 2}, z: J = {b: 1}): Int }
input I { a: Int }
input J { a: Int! = "x" b: Int }`,
  `type Query { a(in: Complex = {z: 1, a: "x"}): Int }
input Complex { a: String, z: Int, d: Int = 4, n: Int! = 3 }`,
];

const dir = mkdtempSync(join(tmpdir(), 'rexorm-schema-'));
let ours;
try {
  const file = join(dir, 'schemas.json');
  writeFileSync(file, JSON.stringify(schemas).replace(/\uFEFF/g, '\\ufeff'));
  ours = JSON.parse(execFileSync(helper, [file]).toString());
} finally {
  rmSync(dir, { recursive: true, force: true });
}

let mismatches = 0;
// The introspection types and specified directives: the same definitions, field for field. The
// descriptions are each project's own words, so they are left out of the comparison.
const withoutDescriptions = (sdl) => print(visit(parse(sdl), {
  enter(node) {
    if (node.description) return { ...node, description: undefined };
    return undefined;
  },
}));
const theirIntrospection = withoutDescriptions(printIntrospectionSchema(new GraphQLSchema({})));
const myIntrospection = withoutDescriptions(ours.shift().sdl);
if (theirIntrospection !== myIntrospection) {
  ++mismatches;
  console.log(`MISMATCH in the introspection types:\n--- graphql-js:\n${theirIntrospection}\n` +
    `--- RexOrm:\n${myIntrospection}\n`);
}
schemas.forEach((sdl, index) => {
  const theirs = printSchema(buildSchema(sdl));
  const mine = ours[index];
  if (mine.ok && mine.sdl === theirs) return;
  ++mismatches;
  console.log(`MISMATCH on schema #${index}:\n${sdl}`);
  console.log(`--- graphql-js:\n${theirs}`);
  console.log(`--- RexOrm:\n${mine.ok ? mine.sdl : 'ERROR ' + mine.error}\n`);
});
console.log(`${schemas.length} schemas, ${mismatches} mismatches`);
process.exit(mismatches === 0 ? 0 : 1);
