// RexOrm's validation against graphql-js's `validate` with all the specified rules (specification
// section 5, graphql-js's `specifiedRules`; RexOrm applies every one of them, see
// rexorm/graphql/validation.h), on one schema and a corpus of valid documents and of mutations
// of them (a name swapped for another the schema or document uses, a line dropped, a line
// repeated). Every document graphql-js parses and validates must get the same errors (the same
// messages, in any order; graphql-js's "Did you mean" suggestions aside).
//
//   node validation-differential.mjs <path to graphql-validate-json>
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirePackage, seededRandom } from './support.mjs';

const graphql = await requirePackage('graphql');
const { buildSchema, parse, validate, specifiedRules } = graphql;
const helper = process.argv[2];

const sdl = `
directive @cached(ttl: Int) on FIELD | QUERY
directive @tag(name: String!) repeatable on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
interface Node { id: ID! }
interface Named { name: String }
type User implements Node & Named { id: ID! name: String friends(first: Int = 10): [User!]! pet: Pet role: Role }
type Dog implements Node & Named { id: ID! name: String barks: Boolean owner: User }
type Cat implements Node { id: ID! lives: Int }
union Pet = Dog | Cat
enum Role { ADMIN MEMBER }
input UserFilter { name: String role: Role nested: UserFilter }
type Query {
  node(id: ID!): Node
  user(id: ID!): User
  users(filter: UserFilter, limit: Int = 20): [User!]!
  pets: [Pet]
  search(text: String!, filter: UserFilter): [Named]
}
type Mutation { rename(id: ID!, name: String!): User }
type Subscription { userChanged(id: ID): User petChanged: Pet }
`;

const valid = [
  '{ user(id: 1) { id name } }',
  'query Q($id: ID!) { user(id: $id) { ...UserParts friends(first: 2) { name } } } fragment UserParts on User { id name role }',
  'query ($f: UserFilter, $n: Int) { users(filter: $f, limit: $n) { id pet { ... on Dog { barks } ... on Cat { lives } __typename } } }',
  '{ node(id: 1) { id ... on User { name } ... on Named { name } } }',
  '{ pets { ... on Node { id } ...DogBits } } fragment DogBits on Dog { barks owner { name } }',
  'mutation Rename($id: ID!, $name: String!) { rename(id: $id, name: $name) { id name } }',
  'subscription OnUser($id: ID) { userChanged(id: $id) { id name } }',
  'query Cached @cached(ttl: 5) { user(id: 1) @tag(name: "a") @tag(name: "b") { id } }',
  '{ search(text: "x", filter: {name: "a", nested: {role: ADMIN}}) { name ... on User { id } } }',
  'query A { user(id: 1) { id } } query B { users { name } }',
  '{ user(id: 1) { ...F @tag(name: "x") } } fragment F on Named { name ... on User { role } }',
  '{ __typename __schema { types { name } } __type(name: "User") { fields { name } } }',
  'subscription { petChanged { ... on Dog { barks } } }',
  '{ user(id: 1) { id @skip(if: true) @include(if: false) name } }',
  'query ($id: ID!, $n: Int, $f: UserFilter, $r: Role) { user(id: $id) { friends(first: $n) { id } } users(filter: $f) { role } search(text: "x", filter: {role: $r, nested: {name: "y"}}) { name } }',
  'query ($id: ID = 1, $ids: [ID!]) { user(id: $id) { id } node(id: 2) { id } }',
  'query ($t: String!, $b: Boolean!) { search(text: $t) { name @include(if: $b) } }',
  'query ($r: Role = ADMIN, $f: UserFilter = {name: "a", role: MEMBER}) { users(filter: $f, limit: 5) { role } search(text: "x", filter: {role: $r}) { name } }',
  '{ user(id: "abc") { friends(first: 2147483647) { id } } users(filter: {nested: {nested: {name: null}}}) { id } }',
  // Fields that overlap and merge: repeated, aliased, through fragments, on exclusive parents.
  '{ a: user(id: 1) { id } b: user(id: 2) { id } a: user(id: 1) { name friends(first: 2) { id } } user(id: 3) { id } }',
  '{ user(id: 1) { friends { id ...FriendBits } friends { name ...FriendBits } } } fragment FriendBits on User { role friends(first: 3) { id } }',
  'query ($n: Int) { user(id: 1) { friends(first: $n) { id } ...Fr ... on User { friends(first: $n) { role } } } } fragment Fr on User { friends(first: $n) { name } }',
  '{ pets { ... on Dog { tag: id owner { id } } ... on Cat { tag: id lives } ... on Node { tag: id } } }',
  '{ node(id: 1) { ... on User { x: pet { __typename } } ... on Dog { x: owner { __typename } } id } }',
  '{ search(text: "x", filter: {name: "a", role: ADMIN}) { name ... on User { name id } } search(text: "x", filter: {role: ADMIN, name: "a"}) { ... on Dog { name barks } } }',
  '{ user(id: 1) { friends { x: id y: name } pet { ... on Dog { id } } friends { x: id y: name } pet { ... on Dog { id } } } }',
  '{ pets { ... on Dog { v: id o: owner { name } } ... on Cat { v: id l: lives } } }',
  '{ node(id: 1) { ... on Dog { t: name u: id } ... on User { t: name u: id } ... on Cat { u: id } } }',
];

const words = ['1', '2.5', '"s"', 'null', 'true', 'ADMIN', 'MEMBER', 'GUEST', '[1]', '{name: "z"}',
  '99999999999', 'id', 'name', 'user', 'users', 'friends', 'pet', 'pets', 'role', 'barks', 'lives',
  'owner', 'node', 'search', 'rename', 'userChanged', 'petChanged', 'User', 'Dog', 'Cat', 'Pet',
  'Node', 'Named', 'Role', 'UserFilter', 'Query', 'Int', 'String', 'ID', 'Boolean', 'first',
  'limit', 'filter', 'text', 'ttl', 'tag', 'cached', 'skip', 'include', 'deprecated', 'F',
  'UserParts', 'DogBits', 'Q', 'A', 'B', 'v', 'id2', 'nested', 'ADMIN', 'if', '__typename',
  'unknown', 'query', 'mutation', 'subscription', 'fragment', 'on'];

const random = seededRandom(5202611);
const pick = (list) => list[Math.floor(random() * list.length)];

function mutate(text) {
  const choice = random();
  if (choice < 0.7) {
    const names = [...text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)];
    if (names.length === 0) return text;
    const target = pick(names);
    const word = random() < 0.5 ? pick(words) : pick(names)[0]; // the schema's, or the document's
    return text.slice(0, target.index) + word + text.slice(target.index + target[0].length);
  }
  const parts = text.split(/(?=[{}])/);
  const at = Math.floor(random() * parts.length);
  if (choice < 0.85) {
    parts.splice(at, 1);
  } else {
    parts.splice(at, 0, parts[at]);
  }
  return parts.join('');
}

const documents = [...valid];
for (const document of valid) {
  for (let i = 0; i < 120; ++i) {
    let mutant = document;
    const rounds = 1 + Math.floor(random() * 2);
    for (let r = 0; r < rounds; ++r) mutant = mutate(mutant);
    documents.push(mutant);
  }
}

const schema = buildSchema(sdl);
const reference = documents.map((text) => {
  let ast;
  try {
    ast = parse(text);
  } catch {
    return null; // not a validation question
  }
  try {
    return validate(schema, ast, specifiedRules).map((e) => e.message);
  } catch {
    return null; // graphql-js's overlap check recurses without end on some fragment cycles
  }
});

const dir = mkdtempSync(join(tmpdir(), 'rexorm-validate-'));
let ours;
try {
  const file = join(dir, 'input.json');
  writeFileSync(file, JSON.stringify({ schema: sdl, documents }));
  ours = JSON.parse(execFileSync(helper, [file], { maxBuffer: 64 * 1024 * 1024 }).toString());
} finally {
  rmSync(dir, { recursive: true, force: true });
}

let compared = 0;
let invalid = 0;
let mismatches = 0;
documents.forEach((text, index) => {
  const theirs = reference[index];
  if (theirs === null) return;
  const mine = ours[index];
  ++compared;
  if (theirs.length > 0) ++invalid;
  // The same messages, in any order; graphql-js's "Did you mean ...?" suggestions aside.
  const normalize = (messages) =>
    messages.map((m) => m.replace(/ Did you mean .*\?$/, '')).sort().join('\n');
  if (mine.syntaxError === undefined && normalize(theirs) === normalize(mine.messages)) return;
  if (++mismatches <= 20) {
    console.log(`MISMATCH on ${JSON.stringify(text)}`);
    console.log(`  graphql-js: ${JSON.stringify(theirs)}`);
    console.log(`  RexOrm:     ${JSON.stringify(mine)}`);
  }
});
console.log(`${compared} documents (${compared - invalid} valid, ${invalid} invalid), ` +
  `${mismatches} mismatches`);
process.exit(mismatches === 0 && invalid > 0 ? 0 : 1);
