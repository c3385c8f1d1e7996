// Realtime fan-out: N WebSocket subscribers on /realtime (optionally graphql-transport-ws on
// /graphql) whose filters match every change, against `rexorm serve`, while a writer commits
// GraphQL mutations over HTTP (keep-alive) at fixed rates. Each rate step runs on a fresh server
// and is bounded: `--seconds` of writes, then at most `--drain` seconds for the last deliveries.
//
// Measured per step: commit-to-client latency p50 / p99 (from the message's "at", the server's
// commit-side publication time, and, as an upper bound, from the writer's send time carried in
// the row), deliveries per second, and every event accounted for (expected = subscribers x
// changes; lost and duplicate counts). Also the server's memory per idle connection (VmRSS with
// N idle subscribed connections minus none, over N).
//
// Clients and server share the machine's cores: the figures are a floor for the server.
//
//   node fanout.mjs --rexorm <path> [--sqlite-dir DIR] [--postgres URL] [--subscribers 1000]
//                   [--rates 25,50,100,500,2000] [--seconds 5] [--drain 10] [--protocols realtime,graphql-ws]
//                   [--markdown <file to append to>]
import WebSocket from 'ws';
import { spawn, execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
  return pairs;
}, []));
if (!args.rexorm) {
  console.error('usage: node fanout.mjs --rexorm <path> [--postgres URL] [--markdown FILE] ...');
  process.exit(2);
}
const subscribers = Number(args.subscribers ?? 1000);
const rates = String(args.rates ?? '25,50,100,500,2000').split(',').map(Number);
const seconds = Number(args.seconds ?? 5);
const drainSeconds = Number(args.drain ?? 10);
const protocols = String(args.protocols ?? 'realtime').split(',');
const p99Target = 50; // ms
const table = 'rt_bench_items';
const mutation = 'mutation($label: String!, $n: Int!) { createRtBenchItem(label: $label, n: $n) ' +
  '{ id } }';

const now = () => performance.timeOrigin + performance.now(); // ms since the epoch, sub-ms
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (...parts) => console.error('fanout:', ...parts);

function rexorm(database, ...argv) {
  return execFileSync(args.rexorm, [...argv, '--database', database], { encoding: 'utf8' });
}

function rssKiB(pid, field = 'VmRSS') { // VmHWM: the peak
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)[1]);
}

// CPU seconds the process has used (user + system), from /proc/<pid>/stat (clock ticks of 10 ms).
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

// One `rexorm serve` on the database, with connection limits above the subscriber count (the
// defaults, 1000 overall and 200 per peer address, would refuse a loopback fleet).
async function startServer(database, configPath) {
  const child = spawn(args.rexorm, ['serve', '--database', database, '--config', configPath,
    '--port', '0', '--access-log', 'off', '--no-playground'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`rexorm serve did not start:\n${output}`)), 30000);
    const onData = (chunk) => {
      output += chunk;
      const found = /GraphQL on (https?:\/\/[^\s;]+)/.exec(output)?.[1];
      if (found && /change feed on/.test(output)) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`rexorm serve exited (${code}):\n${output}`)));
  });
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return {
    child, url, output: () => output,
    stop: async () => { child.kill('SIGTERM'); await Promise.race([exited, sleep(5000)]); child.kill('SIGKILL'); },
  };
}

// A fleet of subscribers. Each counts the changes it gets by the row's n (0..changes-1), so
// lost and duplicate deliveries are exact, and keeps both latencies of every delivery.
class Fleet {
  constructor(url, protocol, count) {
    this.url = url;
    this.protocol = protocol;
    this.count = count;
    this.sockets = [];
    this.closed = 0;
    this.closeCodes = {};
  }

  reset(changes) {
    this.changes = changes;
    this.seen = new Uint8Array(this.count * changes);
    this.delivered = 0;
    this.timed = 0; // deliveries that carry "at" (graphql-ws payloads do not)
    this.duplicates = 0;
    this.unexpected = 0;
    this.commitLatency = new Float64Array(this.count * changes);
    this.sendLatency = new Float64Array(this.count * changes);
    this.firstAt = Infinity;
    this.lastAt = 0;
  }

  onChange(client, row, at) {
    const t = now();
    const n = row.n;
    if (!(n >= 0 && n < this.changes)) { this.unexpected++; return; }
    const slot = client * this.changes + n;
    if (this.seen[slot]) { this.duplicates++; return; }
    this.seen[slot] = 1;
    if (at) this.commitLatency[this.timed++] = t - Date.parse(at);
    this.sendLatency[this.delivered] = t - Number(row.label);
    this.delivered++;
    if (t < this.firstAt) this.firstAt = t;
    this.lastAt = t;
  }

  async open() {
    const batch = 100;
    for (let i = 0; i < this.count; i += batch) {
      const opening = [];
      for (let c = i; c < Math.min(this.count, i + batch); c++) opening.push(this.connect(c));
      await Promise.all(opening);
    }
  }

  connect(client) {
    const wsUrl = this.url.replace(/^http/, 'ws').replace(/\/graphql$/, '');
    return new Promise((resolve, reject) => {
      const realtime = this.protocol === 'realtime';
      const socket = realtime ? new WebSocket(`${wsUrl}/realtime`, { perMessageDeflate: false })
        : new WebSocket(`${wsUrl}/graphql`, 'graphql-transport-ws', { perMessageDeflate: false });
      socket.on('error', reject);
      socket.on('close', (code) => {
        this.closed++;
        this.closeCodes[code] = (this.closeCodes[code] ?? 0) + 1;
      });
      socket.on('open', () => {
        this.sockets.push(socket);
        if (realtime) {
          socket.send(JSON.stringify({ type: 'subscribe', id: 'feed', entity: table,
            where: { n: { gte: 0 } } }));
        } else {
          socket.send(JSON.stringify({ type: 'connection_init' }));
        }
      });
      socket.on('message', (data) => {
        const message = JSON.parse(data);
        if (realtime) {
          if (message.type === 'change') this.onChange(client, message.data, message.at);
          else if (message.type === 'subscribed') resolve();
          else if (message.type === 'error') reject(new Error(JSON.stringify(message)));
        } else if (message.type === 'next') {
          const change = message.payload.data.rtBenchItemChanged;
          this.onChange(client, change.node, null);
        } else if (message.type === 'connection_ack') {
          socket.send(JSON.stringify({ id: 'feed', type: 'subscribe', payload: {
            query: 'subscription { rtBenchItemChanged(where: {n: {gte: 0}}) { op seq ' +
              'node { id label n } } }' } }));
          // graphql-ws has no "subscribed" acknowledgement: a ping round trip orders it.
          socket.send(JSON.stringify({ type: 'ping' }));
        } else if (message.type === 'pong') {
          resolve();
        } else if (message.type === 'error') {
          reject(new Error(JSON.stringify(message)));
        }
      });
    });
  }

  async close() {
    for (const socket of this.sockets) socket.terminate();
    this.sockets = [];
    await sleep(200);
  }
}

// Commits `rate` mutations per second for `seconds`, paced on a schedule (a late mutation does
// not shift the next ones), at most `inFlight` requests at once over keep-alive connections. No
// mutation is sent after `seconds`: a server that answers slowly gets fewer (see committed/s).
async function write(url, rate, inFlight = 64) {
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const target = new URL(url);
  const planned = Math.round(rate * seconds);
  let sent = 0, done = 0, failed = 0, active = 0;
  const start = now();
  let timer;
  await new Promise((resolve) => {
    const finish = () => {
      if (active === 0 && (sent === planned || now() - start >= seconds * 1000)) resolve();
    };
    const post = (n) => {
      active++;
      const body = JSON.stringify({ query: mutation, variables: { label: now().toFixed(3), n } });
      const req = request({ agent, host: target.hostname, port: target.port, path: target.pathname,
        method: 'POST', headers: { 'content-type': 'application/json',
          'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => { text += chunk; });
        res.on('end', () => {
          if (res.statusCode !== 200 || text.includes('"errors"')) {
            failed++;
            if (failed < 3) log(`mutation failed (${res.statusCode}): ${text.slice(0, 300)}`);
          }
          active--; done++;
          pump();
        });
      });
      req.on('error', (e) => { failed++; active--; done++; log(e.message); pump(); });
      req.end(body);
    };
    const pump = () => {
      const elapsed = now() - start;
      if (elapsed < seconds * 1000) {
        const due = Math.min(planned, Math.floor((elapsed / 1000) * rate) + 1);
        while (sent < due && active < inFlight) post(sent++);
      }
      finish();
    };
    timer = setInterval(pump, 1);
    pump();
  });
  clearInterval(timer);
  agent.destroy();
  return { elapsed: (now() - start) / 1000, sent, failed };
}

async function step(backend, database, configPath, protocol, rate) {
  const planned = Math.round(rate * seconds);
  const server = await startServer(database, configPath);
  const fleet = new Fleet(server.url, protocol, subscribers);
  try {
    const load = loadavg()[0];
    const rssNone = rssKiB(server.child.pid);
    await fleet.open();
    await sleep(500);
    const rssIdle = rssKiB(server.child.pid);
    fleet.reset(planned);
    const serverCpu = cpuSeconds(server.child.pid);
    const clientCpu = process.cpuUsage();
    const writer = await write(server.url, rate);
    const changes = writer.sent - writer.failed; // a failed mutation commits nothing
    const expected = subscribers * changes;
    // Waits for the rest, at most drainSeconds, and gives up early when nothing arrives for 3 s.
    const deadline = now() + drainSeconds * 1000;
    let progress = { delivered: fleet.delivered, at: now() };
    while (fleet.delivered < expected && now() < deadline && now() - progress.at < 3000) {
      await sleep(20);
      if (fleet.delivered !== progress.delivered) progress = { delivered: fleet.delivered, at: now() };
    }
    const serverCpuUsed = cpuSeconds(server.child.pid) - serverCpu;
    const clientCpuUsed = process.cpuUsage(clientCpu);
    const commit = fleet.commitLatency.subarray(0, fleet.timed).sort();
    const send = fleet.sendLatency.subarray(0, fleet.delivered).sort();
    const span = (fleet.lastAt - fleet.firstAt) / 1000;
    const result = {
      backend, protocol, rate, changes, expected, load,
      committedPerSecond: changes / writer.elapsed,
      delivered: fleet.delivered,
      lost: expected - fleet.delivered,
      failedWrites: writer.failed,
      duplicates: fleet.duplicates + fleet.unexpected,
      deliveriesPerSecond: span > 0 ? fleet.delivered / span : 0,
      commitP50: percentile(commit, 50), commitP99: percentile(commit, 99),
      sendP50: percentile(send, 50), sendP99: percentile(send, 99),
      closed: fleet.closed, closeCodes: fleet.closeCodes,
      // Server and client CPU per delivery: comparable across loads, unlike the rates.
      serverCpuUs: fleet.delivered ? (serverCpuUsed * 1e6) / fleet.delivered : NaN,
      clientCpuUs: fleet.delivered
        ? (clientCpuUsed.user + clientCpuUsed.system) / fleet.delivered : NaN,
      perIdleKiB: (rssIdle - rssNone) / subscribers,
      peakRssMiB: rssKiB(server.child.pid, 'VmHWM') / 1024,
    };
    log(JSON.stringify(result));
    return result;
  } finally {
    await fleet.close();
    await server.stop();
  }
}

const backends = [];
const workDir = mkdtempSync(join(args['sqlite-dir'] ?? tmpdir(), 'rexorm-fanout-'));
const configPath = join(workDir, 'serve.json');
writeFileSync(configPath, JSON.stringify({ server: { limits: {
  maxConnections: subscribers + 1000, maxConnectionsPerPeer: subscribers + 1000 } } }));
const sqlite = `sqlite://${join(workDir, 'fanout.db')}`;
backends.push({ name: 'SQLite', database: sqlite });
if (args.postgres) backends.push({ name: 'PostgreSQL', database: args.postgres });

const results = [];
try {
  for (const backend of backends) {
    for (const protocol of protocols) {
      for (const rate of rates) {
        // A fresh table per step: n restarts at 0 and a backlog never leaks into the next step.
        rexorm(backend.database, 'sql', `DROP TABLE IF EXISTS ${table}`);
        rexorm(backend.database, 'sql', `CREATE TABLE ${table} (id ${backend.name === 'SQLite'
          ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY'}, label TEXT NOT NULL, ` +
          'n INTEGER NOT NULL)');
        results.push(await step(backend.name, backend.database, configPath, protocol, rate));
      }
    }
    if (backend.name !== 'SQLite') rexorm(backend.database, 'sql', `DROP TABLE IF EXISTS ${table}`);
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

const fmt = (v, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '–');
const protocolName = (protocol) => (protocol === 'realtime' ? '/realtime' : 'graphql-ws');
const rows = results.map((r) => `| ${r.backend} | ${protocolName(r.protocol)} | ${r.rate} | ` +
  `${fmt(r.committedPerSecond, 0)}${r.failedWrites ? ` (${r.failedWrites} failed)` : ''} | ` +
  `${fmt(r.deliveriesPerSecond, 0)} | ${fmt(r.commitP50)} / ${fmt(r.commitP99)} | ` +
  `${fmt(r.sendP50)} / ${fmt(r.sendP99)} | ${r.expected} | ${r.lost} | ${r.duplicates} | ` +
  `${r.closed ? `${r.closed} (${Object.entries(r.closeCodes).map(([code, n]) => `${n}× ${code}`)
    .join(', ')})` : 0} | ${fmt(r.serverCpuUs, 2)} / ${fmt(r.clientCpuUs, 2)} | ${fmt(r.load, 1)} |`);
const summary = [];
for (const backend of backends) {
  for (const protocol of protocols) {
    const mine = results.filter((r) => r.backend === backend.name && r.protocol === protocol);
    // graphql-ws payloads carry no "at": their latency is the writer's send time's (an upper bound).
    // Sustained: the asked rate was committed (within 5%), everything arrived once, p99 in bounds.
    const sustained = mine.filter((r) => r.committedPerSecond >= 0.95 * r.rate &&
      r.lost === 0 && r.duplicates === 0 && r.closed === 0 &&
      (Number.isFinite(r.commitP99) ? r.commitP99 : r.sendP99) <= p99Target);
    const best = [...sustained].sort((a, b) => b.deliveriesPerSecond - a.deliveriesPerSecond)[0];
    const idle = mine.map((r) => r.perIdleKiB);
    summary.push(`- ${backend.name}, ${protocolName(protocol)}: ` +
      (best ? `**${fmt(best.deliveriesPerSecond, 0)} deliveries/s** sustained with p99 ≤ ` +
        `${p99Target} ms and nothing missing (${best.rate} changes/s × ${subscribers} subscribers; ` +
        'target ≥ 100,000/s)'
        : `no step kept p99 ≤ ${p99Target} ms with nothing missing (target ≥ 100,000 deliveries/s)`) +
      `; ${fmt(Math.min(...idle), 1)}–${fmt(Math.max(...idle), 1)} KiB of server memory per idle ` +
      'subscribed connection.');
  }
}
const markdown = [
  '',
  `## Realtime fan-out (${subscribers} WebSocket subscribers, ${seconds} s per step)`,
  '',
  'Source: `bench/realtime/fanout.mjs`. A fresh `rexorm serve` per step, with ' +
    `${subscribers} subscribers whose filter`,
  '(`n >= 0`) matches every change; a writer commits GraphQL mutations over HTTP keep-alive at',
  'the asked rate. Latency in ms, from the change\'s `at` (commit-side publication time, ms',
  'resolution; graphql-ws payloads do not carry it) and, as an upper bound, from the writer\'s',
  'send time. Deliveries/s: first to last delivery. Expected = subscribers × committed changes;',
  `missing = not delivered ${drainSeconds} s after the last write (late or lost; 0 means every`,
  'event arrived exactly once). CPU: µs of server / client CPU time per delivery, comparable',
  `across runs. The ${subscribers} clients run in one Node.js process on the same ` +
    `${cpus().length} cores as the server;`,
  'load is the 1-minute load average when the step began: other work on the machine slows both.',
  '',
  '| database | protocol | changes/s asked | committed/s | deliveries/s | p50 / p99 (at) | ' +
    'p50 / p99 (send) | expected | missing | duplicates | sockets closed | CPU µs server / client | load |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|',
  ...rows,
  '',
  ...summary,
  '',
].join('\n');
console.log(markdown);
if (args.markdown) appendFileSync(args.markdown, markdown);
process.exit(0);
