// RexOrm's GraphQL server against PostGraphile 4 on the same PostgreSQL Chinook database, in one
// run: autocannon drives each with the same concurrency and duration for three queries (a simple
// list, a 3-level nested query, a filtered and ordered connection), after checking that both
// answer them correctly. Prints a Markdown table (req/s, p50, p99, and RexOrm's ratio).
//
//   node compare.mjs --rexorm <path> --database <postgres URL> [--duration 20]
//                    [--connections 32] [--markdown <file to append to>]
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
  return pairs;
}, []));
const duration = Number(args.duration ?? 20);
const connections = Number(args.connections ?? 32);
if (!args.rexorm || !args.database) {
  console.error('usage: node compare.mjs --rexorm <path> --database <postgres URL> ...');
  process.exit(2);
}

const queries = [
  {
    name: 'simple list (20 rows)',
    rexorm: '{ listArtists(limit: 20) { artistId name } }',
    postgraphile: '{ allArtists(first: 20) { nodes { artistId name } } }',
    rows: (data) => data.listArtists ?? data.allArtists.nodes,
  },
  {
    name: '3-level nested (artists, albums, tracks)',
    rexorm: '{ listArtists(limit: 20) { name albums { title tracks { name milliseconds } } } }',
    postgraphile: '{ allArtists(first: 20) { nodes { name albumsByArtistId { nodes { title ' +
      'tracksByAlbumId { nodes { name milliseconds } } } } } } }',
    rows: (data) => data.listArtists ?? data.allArtists.nodes,
  },
  {
    name: 'filtered + ordered connection',
    rexorm: '{ tracks(first: 20, where: {genreId: {eq: 1}}, orderBy: [{field: milliseconds, ' +
      'direction: DESC}]) { totalCount nodes { name milliseconds } } }',
    postgraphile: '{ allTracks(first: 20, condition: {genreId: 1}, orderBy: [MILLISECONDS_DESC]) ' +
      '{ totalCount nodes { name milliseconds } } }',
    rows: (data) => (data.tracks ?? data.allTracks).nodes,
  },
];

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function start(command, argv, ready, env = {}) {
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env } });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not start:\n${output}`)),
      60000);
    const onData = (chunk) => {
      output += chunk;
      const url = ready(output);
      if (url) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${command} exited (${code}):\n${output}`)));
  });
}

async function post(url, query) {
  const response = await fetch(url, { method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query }) });
  const body = await response.json();
  if (body.errors) throw new Error(`${url}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function load(url, query, seconds = duration) {
  const result = await autocannon({
    url, connections, duration: seconds, method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query }),
  });
  if (result.errors || result.non2xx) {
    throw new Error(`${url}: ${result.errors} errors, ${result.non2xx} non-2xx responses`);
  }
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const here = dirname(fileURLToPath(import.meta.url));
const rexormPort = await freePort();
const postgraphilePort = await freePort();
const rexorm = await start(args.rexorm, ['serve', '--database', args.database,
  '--port', String(rexormPort), '--no-playground', '--access-log', 'off'], (out) => /GraphQL on (https?:\/\/[^\s;]+)/.exec(out)?.[1]);
const postgraphile = await start(join(here, 'node_modules/.bin/postgraphile'),
  ['--connection', args.database, '--host', '127.0.0.1', '--port', String(postgraphilePort),
    '--disable-query-log', '--disable-graphiql'],
  (out) => (/GraphQL API:\s+(\S+)/.exec(out) ? `http://127.0.0.1:${postgraphilePort}/graphql`
    : null), { NODE_ENV: 'production' });

const lines = [];
try {
  for (const q of queries) {
    // Both must answer the same rows before they are timed.
    const ours = q.rows(await post(rexorm.url, q.rexorm));
    const theirs = q.rows(await post(postgraphile.url, q.postgraphile));
    if (JSON.stringify(ours.map((r) => r.name ?? r.artistId)) !==
        JSON.stringify(theirs.map((r) => r.name ?? r.artistId))) {
      throw new Error(`${q.name}: RexOrm and PostGraphile answer different rows`);
    }
    await load(rexorm.url, q.rexorm, 2); // warm-up, untimed
    await load(postgraphile.url, q.postgraphile, 2);
    const a = await load(rexorm.url, q.rexorm);
    const b = await load(postgraphile.url, q.postgraphile);
    const ratio = a.rps / b.rps;
    lines.push(`| ${q.name} | ${a.rps.toFixed(0)} | ${a.p50} / ${a.p99} | ${b.rps.toFixed(0)} | ` +
      `${b.p50} / ${b.p99} | **${ratio.toFixed(2)}x** |`);
    console.log(lines.at(-1));
  }
} finally {
  rexorm.child.kill('SIGTERM');
  postgraphile.child.kill('SIGTERM');
}

const table = [
  '',
  `## GraphQL server: RexOrm vs PostGraphile 4 (PostgreSQL Chinook, ${connections} connections, ` +
    `${duration} s per run)`,
  '',
  'Source: `bench/graphql/compare.mjs` (autocannon). Latencies in ms. Ratio: RexOrm req/s over',
  'PostGraphile req/s (target: at least 2x, with a lower p99).',
  '',
  '| Query | RexOrm req/s | RexOrm p50 / p99 | PostGraphile req/s | PostGraphile p50 / p99 | Ratio |',
  '|---|---:|---:|---:|---:|---:|',
  ...lines,
  '',
].join('\n');
console.log(table);
if (args.markdown) appendFileSync(args.markdown, table);
process.exit(0);
