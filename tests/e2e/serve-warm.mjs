// `rexorm serve --warm` opens the pool's connections before the port opens: right after start,
// /metrics shows one connection per executor thread more than a server started without it (both
// have the connection that read the schema), and the first query is answered from them.
//
//   node serve-warm.mjs <path to rexorm> <sqlite|postgres|mariadb>
//
// PostgreSQL and MariaDB use the Chinook databases scripts/test-servers.sh loads
// (REXORM_TEST_POSTGRES_CHINOOK_URL, REXORM_TEST_MYSQL_CHINOOK_URL): their schema stays put
// while other tests run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assert, startServe } from './serve-support.mjs';

const [rexorm, backend] = process.argv.slice(2);
const inCi = ['true', '1'].includes(String(process.env.CI).toLowerCase());
const executorThreads = 2; // DatabaseConfig's default (pool size 10)

function skipOrFail(why) {
  if (inCi) {
    console.error(`FAIL: ${why} (CI=true: every server must run)`);
    process.exit(1);
  }
  console.log(`SKIP   : ${why}`);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'rexorm-warm-'));
let database;
let query;
if (backend === 'sqlite') {
  database = `sqlite://${join(dir, 'warm.db')}`;
  execFileSync(rexorm, ['sql', 'CREATE TABLE warm_items (id INTEGER PRIMARY KEY, label TEXT)',
    '--database', database]);
  execFileSync(rexorm, ['sql', "INSERT INTO warm_items (label) VALUES ('one')", '--database', database]);
  query = ['{ listWarmItems { label } }', (data) => data.listWarmItems?.[0]?.label === 'one'];
} else {
  const variable = backend === 'postgres' ? 'REXORM_TEST_POSTGRES_CHINOOK_URL'
    : 'REXORM_TEST_MYSQL_CHINOOK_URL';
  database = process.env[variable];
  if (!database) skipOrFail(`${variable} is not set (eval "$(./dev servers env)")`);
  query = ['{ listArtists(limit: 1, orderBy: [{field: artistId}]) { name } }',
    (data) => data.listArtists?.[0]?.name === 'AC/DC'];
}

async function openConnections(server) {
  const text = await (await fetch(`${server.origin}/metrics`)).text();
  const match = /^rexorm_pool_connections_open (\d+)$/m.exec(text);
  assert(match, `/metrics has rexorm_pool_connections_open:\n${text}`);
  return Number(match[1]);
}

async function startAndCount(extraArgs) {
  const server = await startServe(rexorm, database, ['--no-playground', ...extraArgs]);
  try {
    const open = await openConnections(server);
    const response = await fetch(server.http, { method: 'POST',
      headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: query[0] }) });
    const body = await response.json();
    assert(response.status === 200 && query[1](body.data ?? {}),
      `the first query is answered: ${JSON.stringify(body)}`);
    return open;
  } finally {
    const status = await server.stop();
    assert(status.code === 0, `rexorm serve exits with 0 after SIGTERM, not ${JSON.stringify(status)}`);
  }
}

try {
  const cold = await startAndCount([]);
  const warm = await startAndCount(['--warm']);
  assert(warm === cold + executorThreads,
    `--warm opens one connection per executor thread before listening: ${cold} without, ` +
    `${warm} with (expected ${cold + executorThreads})`);
  console.log(`ok - ${backend}: ${cold} connection(s) open at start without --warm, ${warm} with`);
  console.log('1 passed, 0 failed');
} catch (error) {
  console.error(`not ok - ${backend}: ${error.stack ?? error}`);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
