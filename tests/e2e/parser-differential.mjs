// RexOrm's GraphQL parser against graphql-js's `parse` on the same documents: a corpus of valid
// documents and of mutations of them (characters deleted, inserted, swapped, cut off). For every
// document both must agree on whether it parses; for the ones that do not, on the error message
// and its line and column.
//
//   node parser-differential.mjs <path to graphql-parse-json>
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirePackage, seededRandom } from './support.mjs';

const { parse, GraphQLError } = await requirePackage('graphql');
const helper = process.argv[2];
if (!helper) {
  console.error('usage: node parser-differential.mjs <graphql-parse-json>');
  process.exit(2);
}

const valid = [
  '{ a }',
  'query { a b c }',
  'query Q($id: ID!, $n: Int = 10, $l: [String!]! = ["a", "b"]) @d { user(id: $id) { name } }',
  'mutation M { create(input: {name: "x", tags: [A, B], nested: {deep: null}}) { id } }',
  'subscription S($v: Boolean = true @dir) { onEvent(filter: {kind: ON}) { id } }',
  '{ alias: field(arg: 1, other: -2.5e10) @include(if: true) @skip(if: false) }',
  '{ ...Frag ... on User { id } ... @dir { id } ... { id } }',
  'fragment Frag on User @dir { id name friends(first: 10) { ...Other } }',
  'query { a(x: """\n    block\n      string\n  """, y: "esc \\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\u{1F600}") }',
  '{ a(x: "\\uD83D\\uDE00") }',
  '# comment\n{\r\n  a # trailing\r  b\n}',
  '\uFEFF{ a, b,, c }',
  '{ a(list: [[1, 2], [], [3]], obj: {}, e: ENUM_VALUE, f: 0, g: -0, h: 1.0E-3) }',
  'query ($a: [[Int!]]) { b(c: $a) }',
  'schema { query: Query mutation: Mutation }',
  '"description" type T implements A & B @d { "field doc" f(a: Int = 1 @d, b: [X!]!): String! @deprecated(reason: "old") }',
  'interface I implements J { f: Int }',
  'union U = | A | B',
  'enum E { A B @deprecated C }',
  'input In { a: Int = 1, b: [String!] }',
  'directive @d(a: Int) repeatable on FIELD | QUERY | FRAGMENT_SPREAD',
  'scalar Date @specifiedBy(url: "https://example.com")',
  'extend type T { g: Int }',
  'extend schema @d',
  'extend enum E { D }',
  'extend input In { c: Int }',
  'extend union U = C',
  'extend interface I @d',
  'extend scalar Date @d',
  '"""\nblock description\n"""\nscalar Json',
  '{ on: on, fragment: query, true: false, null: subscription }',
  '{ __typename __schema { types { name } } }',
  'query ($v: Int) { a(x: $v) } fragment F on T { b }',
];

const pieces = ['{', '}', '(', ')', '[', ']', ':', '$', '@', '!', '=', '"', '.', '...', '#', '\n',
  '\r', '-', '0', '1', '9', 'e', 'E', '\\', 'u', '|', '&', ',', ' ', 'on', 'query', 'fragment',
  '"""', '\\u', '\\u{', '\t', '\u0007', "'", '+', '1.5', 'true', 'null', '\uD800', 'é'];

const random = seededRandom(20261126);
const pick = (list) => list[Math.floor(random() * list.length)];
const at = (text) => Math.floor(random() * (text.length + 1));

function mutate(text) {
  const position = at(text);
  switch (Math.floor(random() * 5)) {
    case 0: return text.slice(0, position) + text.slice(position + 1 + Math.floor(random() * 3));
    case 1: return text.slice(0, position) + pick(pieces) + text.slice(position);
    case 2: return text.slice(0, position);
    case 3: {
      const other = at(text);
      const [a, b] = position < other ? [position, other] : [other, position];
      return text.slice(0, a) + text.slice(b, b + 1) + text.slice(a + 1, b) + text.slice(a, a + 1) +
        text.slice(b + 1);
    }
    default: return text.slice(0, position) + text.slice(position, position + 4).repeat(2) +
      text.slice(position + 4);
  }
}

const corpus = [...valid];
for (const document of valid) {
  for (let i = 0; i < 60; ++i) {
    let mutant = document;
    const rounds = 1 + Math.floor(random() * 3);
    for (let r = 0; r < rounds; ++r) mutant = mutate(mutant);
    corpus.push(mutant);
  }
}

function reference(document) {
  try {
    parse(document);
    return { ok: true };
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const location = error.locations?.[0] ?? {};
    return { ok: false, message: error.message, line: location.line, column: location.column };
  }
}

const dir = mkdtempSync(join(tmpdir(), 'rexorm-parser-'));
let ours;
try {
  const file = join(dir, 'corpus.json');
  // Escaped, so no JSON reader takes a byte order mark inside a string for an encoding mark.
  writeFileSync(file, JSON.stringify(corpus).replace(/\uFEFF/g, '\\ufeff'));
  ours = JSON.parse(execFileSync(helper, [file], { maxBuffer: 64 * 1024 * 1024 }).toString());
} finally {
  rmSync(dir, { recursive: true, force: true });
}

let mismatches = 0;
let invalid = 0;
corpus.forEach((document, index) => {
  const theirs = reference(document);
  const mine = ours[index];
  if (!theirs.ok) ++invalid;
  const same = theirs.ok === mine.ok &&
    (theirs.ok || (theirs.message === mine.message && theirs.line === mine.line &&
      theirs.column === mine.column));
  if (same) return;
  if (++mismatches <= 25) {
    console.log(`MISMATCH on ${JSON.stringify(document)}`);
    console.log(`  graphql-js: ${JSON.stringify(theirs)}`);
    console.log(`  RexOrm:     ${JSON.stringify(mine)}`);
  }
});
console.log(`${corpus.length} documents (${corpus.length - invalid} valid, ${invalid} invalid), ` +
  `${mismatches} mismatches`);
process.exit(mismatches === 0 ? 0 : 1);
