// Two `rexorm serve` processes on one PostgreSQL database (docs/realtime-protocol.md, "Where the
// changes come from"): after `rexorm realtime:install`, a mutation through instance A reaches a
// /realtime subscriber on instance B exactly once, a row written by psql (another client) reaches
// subscribers on both, and a resume token of A is answered with resync on B.
//
//   node scale-out.mjs <path to rexorm> <migrations folder>      (REXORM_TEST_POSTGRES_URL set)
import { execFileSync } from 'node:child_process';
import { Peer, assert, assertEqual, createRunner, mutate, sleep, startServe } from './serve-support.mjs';

const [rexorm, migrations] = process.argv.slice(2);
if (!rexorm || !migrations) {
  console.error('usage: node scale-out.mjs <rexorm> <migrations>');
  process.exit(2);
}
const inCi = ['true', '1'].includes(String(process.env.CI).toLowerCase());
const base = process.env.REXORM_TEST_POSTGRES_URL;
if (!base) {
  const why = 'REXORM_TEST_POSTGRES_URL is not set (./dev test starts PostgreSQL)';
  if (inCi) {
    console.error(`FAIL: ${why} (CI=true: every test must run)`);
    process.exit(1);
  }
  console.log(`SKIP   : ${why}`);
  process.exit(0);
}

// A database of its own, so that the inspected schema is just the demo's.
const name = 'rexorm_scaleout';
const url = base.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
const run = (...args) => execFileSync(rexorm, args, { stdio: 'pipe' }).toString();
run('sql', `DROP DATABASE IF EXISTS ${name}`, '--database', base);
run('sql', `CREATE DATABASE ${name}`, '--database', base);
run('migrate', 'up', '--database', url, '--path', migrations);
run('realtime:install', '--database', url);

const a = await startServe(rexorm, url);
const b = await startServe(rexorm, url);

async function watcher(server) {
  const peer = await Peer.open(server.realtimeWs);
  peer.welcome = await peer.next('welcome');
  peer.send({ type: 'subscribe', id: 'u', entity: 'User' });
  await peer.next('subscribed', { id: 'u' });
  return peer;
}
const changesOf = (peer) => peer.ofType('change', 'u');

const t = createRunner('scale-out (two rexorm serve on PostgreSQL)');

t.test('a mutation through A reaches subscribers on A and B exactly once', async () => {
  const onA = await watcher(a);
  const onB = await watcher(b);
  assert(onA.welcome.instance !== onB.welcome.instance, 'each process is an instance of its own');
  await mutate(a, 'mutation { createUser(name: "Ada", email: "ada@example.com") { id } }');
  for (const peer of [onA, onB]) {
    const change = await peer.until(() => changesOf(peer)[0], 'the change of Ada');
    assertEqual([change.event, change.model, change.data.name], ['save', 'User', 'Ada'],
      'the change');
  }
  await sleep(500); // a duplicate would arrive by now
  assertEqual([changesOf(onA).length, changesOf(onB).length], [1, 1], 'one event per write');
  onA.terminate();
  onB.terminate();
});

t.test('a row written by psql reaches both instances', async () => {
  const onA = await watcher(a);
  const onB = await watcher(b);
  const sql = "INSERT INTO users (name, email) VALUES ('Grace', 'grace@example.com')";
  try {
    execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-c', sql], { stdio: 'pipe' });
  } catch (error) {
    if (error.code !== 'ENOENT')
      throw error;
    run('sql', sql, '--database', url); // no psql on PATH: another client all the same
  }
  for (const peer of [onA, onB]) {
    const change = await peer.until(() => changesOf(peer)[0], 'the change of Grace');
    assertEqual([change.op, change.data.name, change.data.email],
      ['insert', 'Grace', 'grace@example.com'], 'the change');
  }
  onA.terminate();
  onB.terminate();
});

t.test("A's resume token is answered with resync on B", async () => {
  const onA = await watcher(a);
  await mutate(a, 'mutation { createUser(name: "Linus", email: "linus@example.com") { id } }');
  const change = await onA.until(() => changesOf(onA)[0], 'the change of Linus');
  onA.terminate();
  const onB = await Peer.open(b.realtimeWs);
  await onB.next('welcome');
  onB.send({ type: 'resume', token: change.token });
  const answer = await onB.until(() => onB.messages.find((m) => m.type === 'resync' || m.type === 'resumed'),
    'the answer to resume');
  assertEqual(answer.type, 'resync', 'a token of another instance');
  onB.terminate();
});

await t.run(async () => {
  await Promise.allSettled([a.stop(), b.stop()]);
  run('sql', `DROP DATABASE IF EXISTS ${name}`, '--database', base);
});
