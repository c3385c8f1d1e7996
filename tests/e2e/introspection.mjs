// Introspection checked by graphql-js: the full getIntrospectionQuery() (every option on) runs
// against the API `rexorm` generates for the Chinook database; its result must build a client
// schema (buildClientSchema) that passes assertValidSchema and prints exactly as the SDL
// `rexorm graphql:schema` prints, loaded by graphql-js (descriptions, @specifiedBy and default
// values included).
//
//   node introspection.mjs <path to rexorm> <path to Chinook_Sqlite.sqlite>
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirePackage } from './support.mjs';

const { assertValidSchema, buildClientSchema, buildSchema, getIntrospectionQuery, printSchema } =
  await requirePackage('graphql');
const [rexorm, chinook] = process.argv.slice(2);

const dir = mkdtempSync(join(tmpdir(), 'rexorm-introspection-'));
let failures = 0;
try {
  const database = `sqlite://${join(dir, 'chinook.db')}`;
  copyFileSync(chinook, join(dir, 'chinook.db'));
  const run = (...args) => execFileSync(rexorm, [...args, '--database', database],
    { encoding: 'utf8', maxBuffer: 64 << 20 });

  const query = getIntrospectionQuery({
    descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true,
    schemaDescription: true, inputValueDeprecation: true,
  });
  const response = JSON.parse(run('graphql:query', query));
  if (response.errors) {
    console.error('FAIL: the introspection query failed:', JSON.stringify(response.errors));
    process.exit(1);
  }
  const client = buildClientSchema(response.data);
  assertValidSchema(client);
  const expected = printSchema(buildSchema(run('graphql:schema')));
  const actual = printSchema(client);
  if (actual !== expected) {
    failures++;
    const a = actual.split('\n');
    const e = expected.split('\n');
    const line = a.findIndex((text, i) => text !== e[i]);
    console.error(`FAIL: the introspected schema differs from the SDL at line ${line + 1}:\n` +
      `  introspection: ${a[line]}\n  SDL:           ${e[line]}`);
  } else {
    console.log(`ok: ${client.toConfig().types.length} types introspected and rebuilt`);
  }
  const types = response.data.__schema.types;
  const decimal = types.find((t) => t.name === 'Decimal');
  if (!decimal?.specifiedByURL) {
    failures++;
    console.error('FAIL: Decimal has no specifiedByURL');
  }
  const offset = types.find((t) => t.name === 'Query').fields
    .find((f) => f.name === 'listAlbums').args.find((a) => a.name === 'offset');
  if (offset.defaultValue !== '0') {
    failures++;
    console.error(`FAIL: listAlbums(offset:) default is ${offset.defaultValue}, not the literal 0`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failures ? 1 : 0);
