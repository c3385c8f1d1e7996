// RexOrm::Server against graphql-http's `auditServer`: every audit of the GraphQL-over-HTTP
// specification (MUST, SHOULD and MAY) must pass, without warnings.
//
//   node http-audit.mjs <path to graphql_test_server>
//       audits the test server (tests/server/graphql_test_server.cpp), which prints its URL
//   node http-audit.mjs --serve <path to rexorm> <migrations folder>
//       audits `rexorm serve` on a fresh SQLite database built from the demo migrations, then
//       runs the spec's GraphQL integration test over HTTP: getUser(id: "1") is Jane Doe
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { requirePackage } from './support.mjs';

const { auditServer } = await requirePackage('graphql-http');
const EXPECTED_AUDITS = 61; // graphql-http 1.23.1

const serveMode = process.argv[2] === '--serve';
const [serverPath, migrations] = serveMode ? process.argv.slice(3) : process.argv.slice(2);
if (!serverPath || (serveMode && !migrations)) {
  console.error('usage: node http-audit.mjs <graphql_test_server> | --serve <rexorm> <migrations>');
  process.exit(2);
}

// Starts the server and resolves with the first URL it prints.
function startServer(path, args) {
  const child = spawn(path, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server printed no URL within 30 s')), 30000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /(https?:\/\/\S+\/graphql)\b/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the server exited early with code ${code}`)));
  });
  return { child, url };
}

let dir;
let args = [];
if (serveMode) {
  dir = mkdtempSync(join(tmpdir(), 'rexorm-audit-'));
  const database = `sqlite://${join(dir, 'demo.db')}`;
  execFileSync(serverPath, ['migrate', 'up', '--database', database, '--path', migrations]);
  execFileSync(serverPath, ['sql', 'INSERT INTO users (name, email) VALUES (?, ?)',
    '-p', 'Jane Doe', '-p', 'jane@example.com', '--database', database]);
  args = ['serve', '--database', database, '--port', '0'];
}

// The spec's integration test, over HTTP.
async function integration(url) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: '{ getUser(id: "1") { id name email } }' }),
  });
  const body = await response.json();
  const expected = { getUser: { id: '1', name: 'Jane Doe', email: 'jane@example.com' } };
  if (response.status !== 200 || JSON.stringify(body) !== JSON.stringify({ data: expected }))
    throw new Error(`integration test: got ${response.status} ${JSON.stringify(body)}`);
  console.log('ok   integration test: getUser(id: "1") { id name email } is Jane Doe');
}

const server = startServer(serverPath, args);
let failed = false;
try {
  const url = await server.url;
  if (!/^http:\/\/127\.0\.0\.1:\d+\/graphql$/.test(url))
    throw new Error(`unexpected server URL ${url}`);
  console.log(`auditing ${url}`);

  const results = await auditServer({ url });
  const notOk = results.filter((result) => result.status !== 'ok');
  for (const result of results) {
    const mark = result.status === 'ok' ? 'ok  ' : result.status === 'warn' ? 'WARN' : 'FAIL';
    console.log(`${mark} ${result.id} ${result.name}`);
  }
  for (const result of notOk) {
    let body = '';
    try {
      body = await result.response?.text();
    } catch {
      // the body was read already
    }
    console.log(`\n${result.status.toUpperCase()}: ${result.id} ${result.name}\n  reason: ${result.reason}`);
    if (result.response)
      console.log(`  response: ${result.response.status} ${result.response.headers.get('content-type')} ${body}`);
  }
  const passed = results.length - notOk.length;
  console.log(`\n${passed} of ${results.length} audits pass, ${notOk.length} fail or warn`);
  if (results.length !== EXPECTED_AUDITS) {
    console.error(`expected ${EXPECTED_AUDITS} audits, graphql-http ran ${results.length}`);
    failed = true;
  }
  if (notOk.length > 0)
    failed = true;
  if (serveMode)
    await integration(url);
} catch (error) {
  console.error(`FAIL: ${error.stack ?? error}`);
  failed = true;
} finally {
  server.child.stdin.end();
  server.child.kill();
  if (dir)
    rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
