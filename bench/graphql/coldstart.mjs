// Cold start (the spec's serverless goal): the time from exec of the server to its first answered
// GraphQL query, for `rexorm serve` on SQLite and PostgreSQL (without and with --warm) and for
// PostGraphile 4 on the same PostgreSQL database. Each run starts a fresh process on a free port
// and retries one small query every millisecond until it is answered with data (a refused
// connection or an error is retried); the runs of every configuration alternate. Prints the
// median and p90 of: exec to the first answer, exec to the port accepting connections, and the
// first answered request's own latency.
//
//   node coldstart.mjs --rexorm <path> --postgres <URL of a Chinook database> [--runs 10]
//                      [--markdown <file to append to>]
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
  return pairs;
}, []));
if (!args.rexorm || !args.postgres) {
  console.error('usage: node coldstart.mjs --rexorm <path> --postgres <Chinook URL> [--runs 10]');
  process.exit(2);
}
const runs = Number(args.runs ?? 10);
const timeoutMs = 30000;
const here = dirname(fileURLToPath(import.meta.url));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// One POST; resolves with the parsed body, or null when the server is not there yet.
function post(port, query) {
  return new Promise((resolve) => {
    const body = JSON.stringify({ query });
    const req = request({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent: false,
      headers: { 'content-type': 'application/json', accept: 'application/json',
        'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => {
        try {
          const parsed = JSON.parse(text);
          resolve(res.statusCode === 200 && parsed.data && !parsed.errors ? parsed : null);
        } catch {
          resolve(null);
        }
      });
    });
    req.on('error', () => resolve(null));
    req.end(body);
  });
}

function accepts(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.on('connect', () => { socket.destroy(); resolve(true); });
    socket.on('error', () => resolve(false));
  });
}

// Starts the command and polls until the query is answered; returns the three times in ms.
async function coldStart(configuration) {
  const port = await freePort();
  const [command, argv, env] = configuration.command(port);
  const start = performance.now();
  const child = spawn(command, argv, { stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  let exited = false;
  const exit = new Promise((resolve) => child.on('exit', () => { exited = true; resolve(); }));
  let listening = null;
  try {
    for (;;) {
      if (exited) throw new Error(`${configuration.name} exited:\n${stderr}`);
      if (performance.now() - start > timeoutMs) {
        throw new Error(`${configuration.name}: no answer in ${timeoutMs} ms:\n${stderr}`);
      }
      if (listening === null && await accepts(port)) listening = performance.now() - start;
      if (listening !== null) {
        const sent = performance.now();
        const answer = await post(port, configuration.query);
        if (answer) {
          configuration.check(answer.data);
          const done = performance.now();
          return { firstAnswer: done - start, listening, request: done - sent };
        }
      }
      await sleep(1);
    }
  } finally {
    child.kill('SIGKILL');
    await exit;
  }
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

// A small SQLite database (one table, one row), made with the rexorm command.
const workDir = mkdtempSync(join(tmpdir(), 'rexorm-coldstart-'));
const sqlite = `sqlite://${join(workDir, 'cold.db')}`;
execFileSync(args.rexorm, ['sql', 'CREATE TABLE artist (artist_id INTEGER PRIMARY KEY, name TEXT)',
  '--database', sqlite]);
execFileSync(args.rexorm, ['sql', "INSERT INTO artist (name) VALUES ('AC/DC')", '--database', sqlite]);

const rexormServe = (database, warm) => (port) => [args.rexorm, ['serve', '--database', database,
  '--port', String(port), '--no-playground', '--access-log', 'off', ...(warm ? ['--warm'] : [])], {}];
const rexormQuery = '{ listArtists(limit: 1) { name } }';
const rexormCheck = (data) => {
  if (data.listArtists?.length !== 1) throw new Error(`unexpected answer ${JSON.stringify(data)}`);
};
const configurations = [
  { name: 'RexOrm, SQLite', command: rexormServe(sqlite, false), query: rexormQuery, check: rexormCheck },
  { name: 'RexOrm, SQLite, --warm', command: rexormServe(sqlite, true), query: rexormQuery, check: rexormCheck },
  { name: 'RexOrm, PostgreSQL', command: rexormServe(args.postgres, false), query: rexormQuery, check: rexormCheck },
  { name: 'RexOrm, PostgreSQL, --warm', command: rexormServe(args.postgres, true), query: rexormQuery, check: rexormCheck },
  {
    name: 'PostGraphile 4, PostgreSQL',
    command: (port) => [process.execPath, [join(here, 'node_modules/postgraphile/cli.js'),
      '--connection', args.postgres, '--host', '127.0.0.1', '--port', String(port),
      '--disable-query-log', '--disable-graphiql'], { NODE_ENV: 'production' }],
    query: '{ allArtists(first: 1) { nodes { name } } }',
    check: (data) => {
      if (data.allArtists?.nodes?.length !== 1) throw new Error(`unexpected answer ${JSON.stringify(data)}`);
    },
  },
];

const results = new Map(configurations.map((c) => [c.name, []]));
try {
  for (const c of configurations) await coldStart(c); // untimed: fills the OS's file cache
  for (let run = 0; run < runs; run++) {
    for (const c of configurations) results.get(c.name).push(await coldStart(c));
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

const fmt = (v) => v.toFixed(1);
const lines = configurations.map((c) => {
  const r = results.get(c.name);
  const of = (key) => r.map((x) => x[key]);
  return `| ${c.name} | **${fmt(percentile(of('firstAnswer'), 50))}** / ${fmt(percentile(of('firstAnswer'), 90))} | ` +
    `${fmt(percentile(of('listening'), 50))} / ${fmt(percentile(of('listening'), 90))} | ` +
    `${fmt(percentile(of('request'), 50))} / ${fmt(percentile(of('request'), 90))} |`;
});
const pgCold = percentile(results.get('RexOrm, PostgreSQL').map((x) => x.firstAnswer), 50);
const pgWarm = percentile(results.get('RexOrm, PostgreSQL, --warm').map((x) => x.firstAnswer), 50);
const peer = percentile(results.get('PostGraphile 4, PostgreSQL').map((x) => x.firstAnswer), 50);
const markdown = [
  '',
  `## Cold start: exec to the first answered GraphQL query (${runs} runs each)`,
  '',
  'Source: `bench/graphql/coldstart.mjs`. A fresh process per run on a free port; the client',
  'retries `listArtists(limit: 1)` (PostGraphile: `allArtists(first: 1)`) every millisecond until',
  'it is answered with data. PostgreSQL: the Chinook database; SQLite: a one-table file. Median /',
  'p90 in ms. "Port open": exec until a TCP connection is accepted. "First request": the answered',
  'request\'s own latency (with `--warm` the pool is connected before the port opens).',
  '',
  '| server | exec → first answer | exec → port open | first request |',
  '|---|---:|---:|---:|',
  ...lines,
  '',
  `RexOrm on PostgreSQL: ${fmt(Math.min(pgCold, pgWarm))} ms median (target under 150 ms), ` +
    `${(peer / Math.min(pgCold, pgWarm)).toFixed(1)}× faster than PostGraphile 4 (${fmt(peer)} ms).`,
  '',
].join('\n');
console.log(markdown);
if (args.markdown) appendFileSync(args.markdown, markdown);
process.exit(0);
