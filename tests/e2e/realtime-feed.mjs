// The /realtime change feed of `rexorm serve` (docs/realtime-protocol.md) with a raw `ws` client,
// on a fresh SQLite database built from the demo migrations: the spec's realtime scenario, resume
// across a forced reconnect with no event lost or repeated, resync after a restart, errors,
// rolled-back transactions, unsubscribe and columns.
//
//   node realtime-feed.mjs <path to rexorm> <migrations folder>
import {
  Peer, assert, assertEqual, createRunner, demoDatabase, graphql, mutate, sleep, startServe,
} from './serve-support.mjs';

const [rexorm, migrations] = process.argv.slice(2);
if (!rexorm || !migrations) {
  console.error('usage: node realtime-feed.mjs <rexorm> <migrations>');
  process.exit(2);
}

const db = demoDatabase(rexorm, migrations, 'realtime');
let server = await startServe(rexorm, db.url);
const servers = [server];

// A /realtime peer that has its welcome.
async function connect() {
  const peer = await Peer.open(server.realtimeWs);
  const welcome = await peer.next('welcome');
  assertEqual(welcome.protocol, 'rexorm-realtime/1', 'the welcome protocol');
  assert(typeof welcome.instance === 'string' && welcome.instance.length > 0, 'the welcome names its instance');
  peer.welcome = welcome;
  return peer;
}

async function subscribe(peer, message) {
  const from = peer.messages.length;
  peer.send({ type: 'subscribe', ...message });
  const answer = await peer.until(() => peer.messages.slice(from).find((m) =>
    (m.type === 'subscribed' || m.type === 'error') && m.id === message.id), `the answer to subscribe ${message.id}`);
  if (answer.type === 'error')
    throw new Error(`subscribe ${JSON.stringify(message)} failed: ${answer.message}`);
  return answer;
}

// The change messages of one subscription.
const changes = (peer, id) => peer.ofType('change', id);

async function waitChanges(peer, id, count, what) {
  await peer.until(() => changes(peer, id).length >= count, `${count} changes for ${id} (${what})`);
  return changes(peer, id);
}

let serial = 0;
async function createUser(name, email = `u${++serial}@feed.test`) {
  return (await mutate(server, 'mutation($n: String!, $e: String) { createUser(name: $n, email: $e) { id name email } }',
    { n: name, e: email })).createUser;
}

const runner = createRunner('The /realtime change feed');

runner.test("the spec's scenario: a user saved reaches a subscribed client (event save, model User)", async () => {
  const client = await connect();
  const subscribed = await subscribe(client, { id: 'users', entity: 'User' });
  // An inspected table's entity is named after the table; its GraphQL type is the model.
  assertEqual(subscribed.entity, 'users', 'the entity subscribed to');
  assert(Number.isInteger(subscribed.seq), 'subscribed carries the current sequence number');
  const user = await createUser('John Doe', 'john@example.com');
  const [saved] = await waitChanges(client, 'users', 1, 'the save');
  assertEqual(saved.event, 'save', 'event');
  assertEqual(saved.model, 'User', 'model');
  assertEqual(saved.data.name, 'John Doe', 'data.name');
  assertEqual(saved.data.email, 'john@example.com', 'data.email');
  assertEqual(saved.op, 'insert', 'op');
  assertEqual(saved.entity, 'users', 'entity');
  // Values are serialized as GraphQL responses carry them: the ID is a string.
  assertEqual(saved.key, { id: user.id }, 'key');
  assertEqual(saved.data, { id: user.id, name: 'John Doe', email: 'john@example.com' }, 'data');
  assert(!('old' in saved), 'an insert has no old row');
  assertEqual(saved.token, `${client.welcome.instance}:${saved.seq}`, 'the resume token');
  assert(saved.seq > client.welcome.seq, 'seq grows past the welcome');
  assert(!Number.isNaN(Date.parse(saved.at)), `at is a time: ${saved.at}`);

  await mutate(server, `mutation { updateUser(id: "${user.id}", name: "John Q. Doe") { id } }`);
  await mutate(server, `mutation { deleteUser(id: "${user.id}") { id } }`);
  const [, updated, deleted] = await waitChanges(client, 'users', 3, 'update and delete');
  assertEqual([updated.op, updated.event, updated.data.name, updated.old.name],
    ['update', 'save', 'John Q. Doe', 'John Doe'], 'the update');
  assertEqual([deleted.op, deleted.event, deleted.data.name, deleted.old.name],
    ['delete', 'delete', 'John Q. Doe', 'John Q. Doe'], 'the delete carries the old row');
  assert(saved.seq < updated.seq && updated.seq < deleted.seq, 'sequence numbers increase');
  client.ws.close(1000);
});

runner.test('the entity may be named by entity, GraphQL type or table; where filters', async () => {
  const client = await connect();
  const byTable = await subscribe(client, { id: 't', entity: 'users', where: { email: { ilike: '%@KEEP.test' } } });
  const byType = await subscribe(client, { id: 'g', entity: 'User', where: { name: { in: ['Keep 1', 'Keep 3'] } } });
  assertEqual(byTable.entity, byType.entity, 'the same entity');
  await createUser('Keep 1', 'one@keep.test');
  await createUser('Drop 2', 'two@drop.test');
  await createUser('Keep 3', 'three@keep.test');
  await waitChanges(client, 't', 2, 'ilike');
  await waitChanges(client, 'g', 2, 'in');
  assertEqual(changes(client, 't').map((c) => c.data.name), ['Keep 1', 'Keep 3'], 'email ilike "%@KEEP.test"');
  assertEqual(changes(client, 'g').map((c) => c.data.name), ['Keep 1', 'Keep 3'], 'name in [...]');
  client.ws.close(1000);
});

runner.test('resume: zero lost and zero duplicate events across a forced reconnect', async () => {
  const observer = await connect(); // stays connected throughout: the reference
  await subscribe(observer, { id: 'all', entity: 'User' });
  let client = await connect();
  await subscribe(client, { id: 'all', entity: 'User' });
  const received = []; // what the client saw, across both connections

  const write = async (i) => {
    const u = await createUser(`Resume ${i}`);
    if (i % 3 === 1)
      await mutate(server, `mutation { updateUser(id: "${u.id}", name: "Resume ${i}b") { id } }`);
    if (i % 3 === 2)
      await mutate(server, `mutation { deleteUser(id: "${u.id}") { id } }`);
  };
  for (let i = 0; i < 5; i++)
    await write(i);
  await waitChanges(client, 'all', 8, 'before the disconnect'); // 5 inserts, 2 updates, 1 delete
  received.push(...changes(client, 'all'));
  const token = received.at(-1).token;
  client.terminate(); // forced: no close handshake
  await client.closedWith();

  // Writes while the client is away.
  for (let i = 5; i < 20; i++)
    await write(i);
  // And more while it reconnects, resumes and subscribes: the boundary between replay and live.
  let writing = true;
  const background = (async () => {
    for (let i = 20; writing || i < 30; i++)
      await write(i);
  })();

  client = await connect();
  client.send({ type: 'resume', token });
  const resumed = await client.next('resumed');
  assertEqual(resumed.from, Number(token.split(':').at(-1)), 'resumed from the token');
  await subscribe(client, { id: 'all', entity: 'User' });
  writing = false;
  await background;
  const marker = await createUser('Resume marker');
  const isMarker = (c) => c.op === 'insert' && String(c.data.id) === marker.id;
  await client.until(() => changes(client, 'all').some(isMarker), 'the marker on the client');
  await observer.until(() => changes(observer, 'all').some(isMarker), 'the marker on the observer');
  await sleep(200); // a duplicate would have had time to arrive
  received.push(...changes(client, 'all'));

  const strip = ({ id, at, ...rest }) => rest;
  const reference = changes(observer, 'all').map(strip);
  const got = received.map(strip);
  const seqs = got.map((c) => c.seq);
  const duplicates = seqs.filter((s, i) => seqs.indexOf(s) !== i);
  assertEqual(duplicates, [], 'no event twice');
  assert(seqs.every((s, i) => i === 0 || s > seqs[i - 1]), `in order: ${seqs}`);
  const refSeqs = reference.map((c) => c.seq);
  const lost = refSeqs.filter((s) => !seqs.includes(s));
  assertEqual(lost, [], 'no event lost');
  assertEqual(got, reference, 'the client saw exactly what the observer saw');
  assert(got.length > 40, `a meaningful number of events (${got.length})`);
  client.ws.close(1000);
  observer.ws.close(1000);
}, 60000);

runner.test('resume: errors and resync for tokens that cannot be honoured', async () => {
  const client = await connect();
  client.send({ type: 'resume', token: 'no-colon' });
  const malformed = await client.next('error');
  assert(/token/i.test(malformed.message), `a malformed token: ${malformed.message}`);
  client.send({ type: 'resume', token: `${client.welcome.instance}:${client.welcome.seq + 1000}` });
  const future = await client.next('resync');
  assert(future.reason.length > 0, 'a resync says why');
  client.send({ type: 'resume', token: `another-instance:${client.welcome.seq}` });
  await client.until(() => client.ofType('resync').length === 2, 'a resync for another instance');
  await subscribe(client, { id: 'x', entity: 'User' });
  client.send({ type: 'resume', token: `${client.welcome.instance}:${client.welcome.seq}` });
  const late = await client.next('error', { from: client.messages.length });
  assert(/before subscribing/i.test(late.message), `resume after subscribe: ${late.message}`);
  client.ws.close(1000);
});

runner.test('a restarted server (a new instance) answers an old token with resync', async () => {
  const client = await connect();
  await subscribe(client, { id: 'u', entity: 'User' });
  await createUser('Before Restart');
  const [change] = await waitChanges(client, 'u', 1, 'a change before the restart');
  const oldInstance = client.welcome.instance;
  const stopped = await server.stop();
  assertEqual(stopped.code, 0, 'the first server exits 0');
  await client.closedWith();

  server = await startServe(rexorm, db.url);
  servers.push(server);
  const again = await connect();
  assert(again.welcome.instance !== oldInstance, 'the new server is a new instance');
  again.send({ type: 'resume', token: change.token });
  const resync = await again.next('resync');
  assert(/instance|earlier run/i.test(resync.reason), `the resync says why: ${resync.reason}`);
  assertEqual(resync.instance, again.welcome.instance, 'the resync names the current instance');
  assertEqual(again.ofType('resumed').length, 0, 'not resumed');
  // After the resync the client reads the current state and subscribes afresh.
  await subscribe(again, { id: 'u', entity: 'User' });
  await createUser('After Restart');
  const [fresh] = await waitChanges(again, 'u', 1, 'a change after the restart');
  assertEqual(fresh.data.name, 'After Restart', 'live events flow');
  assertEqual(fresh.token.split(':')[0], again.welcome.instance, 'tokens name the new instance');
  again.ws.close(1000);
});

// Sends message and expects an error answer matching pattern (naming the subscription's id).
async function expectError(client, message, pattern) {
  const from = client.messages.length;
  client.send(message);
  const error = await client.next('error', { from });
  if (message.id)
    assertEqual(error.id, message.id, `the error names the subscription (${JSON.stringify(message)})`);
  assert(pattern.test(error.message), `${JSON.stringify(message)}: "${error.message}" should match ${pattern}`);
}

runner.test('an unknown entity, a bad where, bad ops and bad columns get error messages', async () => {
  const client = await connect();
  await expectError(client, { type: 'subscribe', id: 'e1', entity: 'Nope' }, /Nope/);
  await expectError(client, { type: 'subscribe', id: 'e2', entity: 'User', where: { nope: { eq: 1 } } }, /nope/);
  await expectError(client, { type: 'subscribe', id: 'e3', entity: 'User', where: { name: { between: [1, 2] } } }, /between/);
  await expectError(client, { type: 'subscribe', id: 'e4', entity: 'User', where: 'name = 1' }, /UserWhere/);
  await expectError(client, { type: 'subscribe', id: 'e5', entity: 'User', ops: ['upsert'] }, /insert/);
  await expectError(client, { type: 'subscribe', id: 'e6', entity: 'User', ops: 'insert' }, /lists/);
  await expectError(client, { type: 'subscribe', id: 'e7', entity: 'User', columns: ['name', 'nope'] }, /nope/);
  await expectError(client, { type: 'subscribe', id: 'e8', entity: 'User', columns: 'name' }, /lists/);
  await expectError(client, { type: 'subscribe', entity: 'User' }, /id/);
  // Nine errors, under the limit of ten: the connection still works, and no subscription exists.
  client.send({ type: 'ping' });
  await client.next('pong');
  assertEqual(client.ofType('subscribed'), [], 'no subscription was made');
  await subscribe(client, { id: 'ok', entity: 'User' });
  await createUser('After Errors');
  const [change] = await waitChanges(client, 'ok', 1, 'an event after the errors');
  assertEqual(change.data.name, 'After Errors', 'the event');
  assertEqual(client.ofType('change').length, 1, 'only the valid subscription delivers');
  assert(!client.closeInfo, 'still open');
  client.ws.close(1000);
});

runner.test('bad messages get error messages: unknown type, not JSON, unknown or taken ids', async () => {
  const client = await connect();
  await expectError(client, { type: 'unsubscribe', id: 'never' }, /subscription/i);
  await expectError(client, { type: 'teleport' }, /teleport/);
  await expectError(client, 'not json at all', /JSON/);
  await expectError(client, [1, 2], /object/);
  await subscribe(client, { id: 'ok', entity: 'User' });
  await expectError(client, { type: 'subscribe', id: 'ok', entity: 'User' }, /exists/);
  client.send({ type: 'ping' });
  await client.next('pong');
  assert(!client.closeInfo, 'still open');
  client.ws.close(1000);
});

runner.test('nothing is delivered from a transaction that rolled back', async () => {
  const client = await connect();
  await subscribe(client, { id: 'u', entity: 'User' });
  const existing = await createUser('Taken', 'taken@feed.test');
  await waitChanges(client, 'u', 1, 'the existing user');
  // The batch's first row is written, the second breaks the unique email: all or none.
  const batch = await graphql(server, `mutation { createUsers(input: [
      {name: "Rolled 1", email: "rolled1@feed.test"},
      {name: "Rolled 2", email: "taken@feed.test"}]) { id } }`);
  assert(batch.errors?.length > 0, `the batch fails: ${JSON.stringify(batch)}`);
  // An update of several rows that fails on its second row, in one statement.
  await createUser('Pair A', 'pair-a@feed.test');
  await createUser('Pair B', 'pair-b@feed.test');
  const clash = await graphql(server, 'mutation { updateUsers(where: {name: {like: "Pair %"}}, set: {email: "same@feed.test"}, atMost: 2) }');
  assert(clash.errors?.length > 0, `the update fails: ${JSON.stringify(clash)}`);
  // A bulk delete refused by atMost changes nothing either.
  const refused = await graphql(server, 'mutation { deleteUsers(where: {name: {like: "Pair %"}}, atMost: 1) }');
  assert(refused.errors?.length > 0, `the delete is refused: ${JSON.stringify(refused)}`);
  const marker = await createUser('Rollback marker');
  const all = await client.until(() => {
    const list = changes(client, 'u');
    return list.some((c) => String(c.data.id) === marker.id) && list;
  }, 'the marker');
  assertEqual(all.map((c) => `${c.op} ${c.data.name}`),
    ['insert Taken', 'insert Pair A', 'insert Pair B', 'insert Rollback marker'],
    'only committed changes');
  const rows = await mutate(server, '{ listUsers(where: {name: {like: "Rolled%"}}) { id } }');
  assertEqual(rows.listUsers, [], 'the rolled-back rows are not in the table');
  assert(existing.id, 'the existing user');
  client.ws.close(1000);
});

runner.test('unsubscribe stops delivery', async () => {
  const client = await connect();
  await subscribe(client, { id: 'gone', entity: 'User', where: { name: { like: 'Unsub%' } } });
  await subscribe(client, { id: 'kept', entity: 'User', where: { name: { like: 'Unsub%' } } });
  await createUser('Unsub 1');
  await waitChanges(client, 'gone', 1, 'before unsubscribe');
  client.send({ type: 'unsubscribe', id: 'gone' });
  await client.next('unsubscribed', { id: 'gone' });
  await createUser('Unsub 2');
  await createUser('Unsub 3');
  await waitChanges(client, 'kept', 3, 'the other subscription');
  await sleep(100);
  assertEqual(changes(client, 'gone').map((c) => c.data.name), ['Unsub 1'], 'nothing after unsubscribe');
  // The id is free again.
  await subscribe(client, { id: 'gone', entity: 'User', where: { name: { like: 'Unsub%' } } });
  await createUser('Unsub 4');
  await waitChanges(client, 'gone', 2, 'the new subscription under the old id');
  client.ws.close(1000);
});

runner.test('columns limits the fields of data and old', async () => {
  const client = await connect();
  await subscribe(client, { id: 'c', entity: 'User', columns: ['name'] });
  await subscribe(client, { id: 'all', entity: 'User' });
  const u = await createUser('Column', 'column@feed.test');
  await mutate(server, `mutation { updateUser(id: "${u.id}", email: "column2@feed.test") { id } }`);
  await mutate(server, `mutation { deleteUser(id: "${u.id}") { id } }`);
  const [inserted, updated, deleted] = await waitChanges(client, 'c', 3, 'three changes');
  assertEqual(inserted.data, { name: 'Column' }, 'insert: data has only the columns asked for');
  assertEqual(inserted.key, { id: u.id }, 'the key is always there');
  assertEqual([updated.data, updated.old], [{ name: 'Column' }, { name: 'Column' }], 'update: data and old');
  assertEqual(deleted.data, { name: 'Column' }, 'delete');
  const full = await waitChanges(client, 'all', 3, 'the full subscription');
  assertEqual(full[1].data, { id: u.id, name: 'Column', email: 'column2@feed.test' }, 'no columns: every field');
  client.ws.close(1000);
});

await runner.run(async (failed) => {
  const statuses = await Promise.all(servers.map((s) => s.stop()));
  if (failed)
    console.log(`rexorm serve's stderr:\n${servers.map((s) => s.stderr()).join('\n---\n')}`);
  db.remove();
  for (const status of statuses) {
    if (status.code !== 0)
      throw new Error(`rexorm serve exited with ${status.code ?? status.signal} after SIGTERM`);
  }
});
