// Shared by the WebSocket protocol tests (subscriptions.mjs, websocket-close-codes.mjs,
// realtime-feed.mjs): a `rexorm serve` on a fresh SQLite database built from the demo
// migrations, a GraphQL-over-HTTP helper, a raw WebSocket peer that waits for messages and for
// the close, and a small sequential test runner that fails loudly.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirePackage } from './support.mjs';

const { default: WebSocket } = await requirePackage('ws');
export { WebSocket };

// How long a test waits for something the server must do: long, because the machine may be busy;
// a test that passes never waits this long.
export const WAIT_MS = 15000;

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Waits for promise, failing with what was awaited after ms.
export function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function assert(condition, message) {
  if (!condition)
    throw new Error(`assertion failed: ${message}`);
}

// JSON with object keys sorted: equal values print alike whatever their keys' order.
function canonical(value) {
  return JSON.stringify(value, (_, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
    : v));
}

// Deep equality (object keys in any order, arrays in order).
export function assertEqual(actual, expected, what) {
  const a = canonical(actual);
  const e = canonical(expected);
  if (a !== e)
    throw new Error(`${what}:\n  expected ${e}\n  got      ${a}`);
}

// A temporary folder holding a SQLite database migrated to the demo schema (users, posts).
export function demoDatabase(rexorm, migrations, prefix) {
  const dir = mkdtempSync(join(tmpdir(), `rexorm-${prefix}-`));
  const url = `sqlite://${join(dir, 'demo.db')}`;
  execFileSync(rexorm, ['migrate', 'up', '--database', url, '--path', migrations],
    { stdio: 'pipe' });
  return { dir, url, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

// Writes a `rexorm serve` configuration file (the "server" section) and answers its path.
export function writeConfig(dir, server) {
  const path = join(dir, `rexorm-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify({ server }));
  return path;
}

// `rexorm serve --database <url> --port 0` on loopback; resolves once it printed its URL.
export async function startServe(rexorm, database, extraArgs = []) {
  const child = spawn(rexorm, ['serve', '--database', database, '--port', '0',
    '--access-log', 'off', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const http = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`rexorm serve printed no URL in 60 s:\n${stderr}`)),
      60000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /GraphQL on (http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('error', reject);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`rexorm serve exited early (${code ?? signal}):\n${stderr}`));
    });
  });
  const origin = new URL(http).origin;
  const ws = origin.replace(/^http/, 'ws');
  return {
    child,
    exited,
    http,
    origin,
    graphqlWs: `${ws}/graphql`,
    realtimeWs: `${ws}/realtime`,
    stderr: () => stderr,
    // SIGTERM (a graceful stop); answers the exit status.
    async stop() {
      if (child.exitCode === null && child.signalCode === null)
        child.kill('SIGTERM');
      const status = await within(exited, 30000, 'rexorm serve to stop after SIGTERM').catch((e) => {
        child.kill('SIGKILL');
        throw e;
      });
      return status;
    },
  };
}

// POSTs a GraphQL request; answers the parsed body (and fails on a non-JSON answer).
export async function graphql(server, query, variables, headers = {}) {
  const response = await fetch(server.http, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  try {
    return { status: response.status, ...JSON.parse(text) };
  } catch {
    throw new Error(`not a JSON answer (${response.status}): ${text.slice(0, 300)}`);
  }
}

// A GraphQL request that must succeed: answers its data.
export async function mutate(server, query, variables, headers) {
  const body = await graphql(server, query, variables, headers);
  if (body.status !== 200 || body.errors)
    throw new Error(`${query.slice(0, 80)}... failed: ${JSON.stringify(body).slice(0, 500)}`);
  return body.data;
}

// A raw WebSocket client: every message parsed and kept in order, the close code and reason.
export class Peer {
  constructor(url, protocols, options = {}) {
    this.url = url;
    this.messages = [];
    this.waiters = new Set();
    this.ws = new WebSocket(url, protocols, { perMessageDeflate: false, ...options });
    this.ws.on('error', (error) => { this.error = error; this.check(); });
    this.ws.on('message', (data, isBinary) => {
      const text = data.toString();
      let message;
      try {
        message = JSON.parse(text);
      } catch {
        message = { unparsed: text, isBinary };
      }
      this.messages.push(message);
      this.check();
    });
    this.closed = new Promise((resolve) => {
      this.ws.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        resolve(this.closeInfo);
        this.check();
      });
    });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', resolve);
      this.ws.once('error', reject);
      this.ws.once('unexpected-response', (_, response) =>
        reject(new Error(`${url}: HTTP ${response.statusCode} instead of a WebSocket`)));
    });
  }

  static async open(url, protocols, options) {
    const peer = new Peer(url, protocols, options);
    await within(peer.opened, WAIT_MS, `${url} to open`);
    return peer;
  }

  send(message) {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  check() {
    for (const waiter of [...this.waiters])
      waiter();
  }

  // Resolves when condition() holds, re-checked on each message; fails after ms, or when the
  // socket closes first (unless whenClosed is set).
  until(condition, what, { ms = WAIT_MS, whenClosed = false } = {}) {
    return new Promise((resolve, reject) => {
      let timer;
      const waiter = () => {
        let value;
        try {
          value = condition();
        } catch (error) {
          finish();
          reject(error);
          return;
        }
        if (value) {
          finish();
          resolve(value);
        } else if (this.closeInfo && !whenClosed) {
          finish();
          reject(new Error(`${this.url} closed (${this.closeInfo.code} ${this.closeInfo.reason}) ` +
            `while waiting for ${what}; received ${this.describe()}`));
        }
      };
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${ms} ms waiting for ${what}; received ${this.describe()}`));
      }, ms);
      this.waiters.add(waiter);
      waiter();
    });
  }

  // The first message (after index from) of the given type, waited for.
  async next(type, { from = 0, id, ms } = {}) {
    return this.until(() => this.messages.slice(from).find((m) => m.type === type &&
      (id === undefined || m.id === id)), `a "${type}" message${id ? ` for ${id}` : ''}`, { ms });
  }

  // The close, waited for.
  async closedWith(ms = WAIT_MS) {
    return within(this.closed, ms, `${this.url} to be closed by the server; received ${this.describe()}`);
  }

  ofType(type, id) {
    return this.messages.filter((m) => m.type === type && (id === undefined || m.id === id));
  }

  describe() {
    const shown = this.messages.slice(-5).map((m) => JSON.stringify(m).slice(0, 200));
    return `${this.messages.length} messages${shown.length ? `, last: ${shown.join(' | ')}` : ''}`;
  }

  terminate() {
    this.ws.terminate();
  }
}

// A sequential test runner: each test has its own time limit; any failure makes the script exit 1
// after cleanup. Not a skip: a test that cannot run fails.
export function createRunner(title) {
  const tests = [];
  return {
    test(name, fn, ms = 30000) {
      // REXORM_E2E_ONLY=<text> runs only the tests whose names contain it (for debugging).
      if (!process.env.REXORM_E2E_ONLY || name.includes(process.env.REXORM_E2E_ONLY))
        tests.push({ name, fn, ms });
    },
    async run(cleanup) {
      let failures = 0;
      const started = Date.now();
      console.log(`${title}: ${tests.length} tests`);
      for (const { name, fn, ms } of tests) {
        const t0 = Date.now();
        try {
          await within(Promise.resolve().then(fn), ms, `the test "${name}" to finish`);
          console.log(`ok   ${name} (${Date.now() - t0} ms)`);
        } catch (error) {
          failures++;
          console.log(`FAIL ${name}\n     ${String(error.stack ?? error).replace(/\n/g, '\n     ')}`);
        }
      }
      try {
        await cleanup?.(failures > 0);
      } catch (error) {
        failures++;
        console.log(`FAIL cleanup: ${error.stack ?? error}`);
      }
      console.log(`${tests.length - failures} of ${tests.length} pass (${Date.now() - started} ms)`);
      process.exit(failures ? 1 : 0);
    },
  };
}
