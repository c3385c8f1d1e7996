// GraphQL subscriptions of `rexorm serve` through the npm graphql-ws client (graphql-transport-ws
// on /graphql), on a fresh SQLite database built from the demo migrations. Mutations go over HTTP
// (or over the socket itself); every event must arrive exactly once, filtered as asked.
//
//   node subscriptions.mjs <path to rexorm> <migrations folder>
import { requirePackage } from './support.mjs';
import {
  WAIT_MS, WebSocket, assert, assertEqual, createRunner, demoDatabase, graphql, mutate, sleep,
  startServe,
} from './serve-support.mjs';

const { createClient } = await requirePackage('graphql-ws');

const [rexorm, migrations] = process.argv.slice(2);
if (!rexorm || !migrations) {
  console.error('usage: node subscriptions.mjs <rexorm> <migrations>');
  process.exit(2);
}

const db = demoDatabase(rexorm, migrations, 'subscriptions');
const server = await startServe(rexorm, db.url);
const clients = [];

function newClient() {
  const client = createClient({
    url: server.graphqlWs,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    onNonLazyError: () => {},
  });
  clients.push(client);
  return client;
}

// Polls condition until it holds.
async function eventually(condition, what, ms = WAIT_MS) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = condition();
    if (value)
      return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(20);
  }
}

// A subscription whose results are collected: events (next payloads), errors, completion.
function collect(client, query, variables) {
  const s = { events: [], errors: null, completed: false };
  s.finished = new Promise((resolve) => {
    s.dispose = client.subscribe({ query, variables }, {
      next: (value) => s.events.push(value),
      error: (errors) => {
        s.errors = errors;
        resolve();
      },
      complete: () => {
        s.completed = true;
        resolve();
      },
    });
  });
  s.changes = () => s.events.map((e) => {
    if (e.errors)
      throw new Error(`a subscription event carries errors: ${JSON.stringify(e.errors)}`);
    return Object.values(e.data)[0];
  });
  s.waitFor = async (count, what) => {
    await eventually(() => s.errors || s.completed || s.events.length >= count,
      `${count} events (${what}); have ${JSON.stringify(s.events)}`);
    if (s.errors)
      throw new Error(`the subscription failed: ${JSON.stringify(s.errors)}`);
    return s.changes();
  };
  return s;
}

// A query or mutation over the socket: every result, then complete (or the error).
function execute(client, query, variables) {
  return new Promise((resolve, reject) => {
    const results = [];
    client.subscribe({ query, variables }, {
      next: (value) => results.push(value),
      error: (errors) => reject(Object.assign(new Error(`error message: ${JSON.stringify(errors)}`),
        { errors })),
      complete: () => resolve(results),
    });
  });
}

// The socket handles its messages in order: once a query sent after a subscribe has completed,
// that subscription is registered and sees every later write.
async function barrier(client) {
  const results = await execute(client, '{ __typename }');
  assertEqual(results, [{ data: { __typename: 'Query' } }], 'the barrier query');
}

let userCount = 0;
async function createUser(name, email = `user${++userCount}@e2e.test`) {
  const data = await mutate(server, 'mutation($n: String!, $e: String) { createUser(name: $n, email: $e) { id name email } }',
    { n: name, e: email });
  return data.createUser;
}

const FIELDS = 'op seq node { id name email } previous { id name email }';
const runner = createRunner('GraphQL subscriptions (graphql-ws client)');

runner.test('insert, update and delete arrive with node and previous', async () => {
  const client = newClient();
  const s = collect(client, `subscription { userChanged { ${FIELDS} } }`);
  await barrier(client);
  const ann = await createUser('Ann', 'ann@e2e.test');
  await mutate(server, `mutation { updateUser(id: "${ann.id}", name: "Ann Lee") { id } }`);
  await mutate(server, `mutation { deleteUser(id: "${ann.id}") { id } }`);
  const changes = await s.waitFor(3, 'insert, update, delete');
  const row = { id: ann.id, name: 'Ann', email: 'ann@e2e.test' };
  const renamed = { ...row, name: 'Ann Lee' };
  assertEqual(changes.map(({ seq, ...rest }) => rest), [
    { op: 'INSERT', node: row, previous: null },
    { op: 'UPDATE', node: renamed, previous: row },
    { op: 'DELETE', node: null, previous: renamed },
  ], 'the three changes');
  const seqs = changes.map((c) => BigInt(c.seq));
  assert(seqs[0] < seqs[1] && seqs[1] < seqs[2], `sequence numbers increase: ${seqs}`);
  assert(s.events.length === 3, `exactly three events, got ${s.events.length}`);
  s.dispose();
});

runner.test('a change of a post carries its relation (node { user { name } })', async () => {
  const client = newClient();
  const s = collect(client, 'subscription { postChanged(ops: [INSERT]) { op node { title user { name } } } }');
  await barrier(client);
  const author = await createUser('Author');
  await mutate(server, `mutation { createPost(userId: "${author.id}", title: "Hello") { id } }`);
  const [change] = await s.waitFor(1, 'the new post');
  assertEqual(change, { op: 'INSERT', node: { title: 'Hello', user: { name: 'Author' } } }, 'the post change');
  s.dispose();
});

runner.test('where filters: only matching rows arrive (ilike, in, and/not)', async () => {
  const client = newClient();
  const ilike = collect(client, `subscription { userChanged(where: {name: {ilike: "al%"}}) { ${FIELDS} } }`);
  const inList = collect(client, `subscription { userChanged(where: {email: {in: ["carol@f.test", "dave@f.test", "zed@f.test"]}}) { ${FIELDS} } }`);
  const combined = collect(client, `subscription { userChanged(where: {and: [{name: {like: "%a%"}}, {not: {email: {eq: "dave@f.test"}}}]}) { ${FIELDS} } }`);
  await barrier(client);
  await createUser('ALICE', 'alice@f.test'); // ilike (case-insensitive), no 'a' for like
  const bob = await createUser('Bob', 'bob@f.test'); // none
  await createUser('alfred', 'carol@f.test'); // ilike, in, combined
  await createUser('Dave', 'dave@f.test'); // in; combined refuses the email
  await mutate(server, `mutation { updateUser(id: "${bob.id}", name: "Alison") { id } }`); // ilike (new row)
  await createUser('Alba', 'zed@f.test'); // all three: the last event of each
  const names = (s) => s.changes().map((c) => `${c.op} ${c.node.name}`);
  await ilike.waitFor(4, 'ilike');
  await inList.waitFor(3, 'in');
  await combined.waitFor(2, 'combined');
  // Alba is the last write and arrived: anything that matched earlier arrived before it.
  assertEqual(names(ilike), ['INSERT ALICE', 'INSERT alfred', 'UPDATE Alison', 'INSERT Alba'], 'ilike "al%"');
  assertEqual(names(inList), ['INSERT alfred', 'INSERT Dave', 'INSERT Alba'], 'email in [...]');
  // SQLite's LIKE ignores ASCII case: the subscription answers as the database does.
  assertEqual(names(combined), ['INSERT ALICE', 'INSERT alfred', 'UPDATE Alison', 'INSERT Alba'],
    'like "%a%" and not dave');
  // Each subscription's rows are exactly what a query with the same where answers.
  const filters = {
    ilike: [ilike, '{name: {ilike: "al%"}}'],
    in: [inList, '{email: {in: ["carol@f.test", "dave@f.test", "zed@f.test"]}}'],
    combined: [combined, '{and: [{name: {like: "%a%"}}, {not: {email: {eq: "dave@f.test"}}}]}'],
  };
  for (const [name, [s, where]] of Object.entries(filters)) {
    const listed = await mutate(server, `{ listUsers(where: {and: [${where}, {email: {like: "%@f.test"}}]}, orderBy: [{field: id}]) { name } }`);
    const latest = new Map();
    for (const c of s.changes())
      latest.set(c.node.id, c.node.name);
    assertEqual([...latest.values()].sort(), listed.listUsers.map((u) => u.name).sort(),
      `${name}: the subscription's rows and the query's`);
  }
  for (const s of [ilike, inList, combined])
    s.dispose();
});

runner.test('ops filter: only the operations asked for', async () => {
  const client = newClient();
  const deletes = collect(client, `subscription { userChanged(ops: [DELETE]) { ${FIELDS} } }`);
  const writes = collect(client, `subscription { userChanged(ops: [INSERT, UPDATE]) { ${FIELDS} } }`);
  await barrier(client);
  const u = await createUser('Olga');
  await mutate(server, `mutation { updateUser(id: "${u.id}", name: "Olga O") { id } }`);
  await mutate(server, `mutation { deleteUser(id: "${u.id}") { id } }`);
  await deletes.waitFor(1, 'the delete');
  const v = await createUser('Marker'); // after the delete: writes' last event
  await writes.waitFor(3, 'insert, update, insert');
  assertEqual(deletes.changes().map((c) => `${c.op} ${c.previous.name}`), ['DELETE Olga O'], 'ops: [DELETE]');
  assertEqual(writes.changes().map((c) => `${c.op} ${c.node.name}`),
    ['INSERT Olga', 'UPDATE Olga O', 'INSERT Marker'], 'ops: [INSERT, UPDATE]');
  await mutate(server, `mutation { deleteUser(id: "${v.id}") { id } }`);
  await deletes.waitFor(2, 'the second delete');
  assertEqual(writes.events.length, 3, 'no delete reached ops: [INSERT, UPDATE]');
  deletes.dispose();
  writes.dispose();
});

runner.test('a query and a mutation over the same socket: one next, then complete', async () => {
  const client = newClient();
  const s = collect(client, `subscription { userChanged(where: {name: {eq: "Socket Sam"}}) { ${FIELDS} } }`);
  await barrier(client);
  const created = await execute(client, 'mutation { createUser(name: "Socket Sam", email: "sam@e2e.test") { id name } }');
  assertEqual(created.length, 1, 'one next for the mutation');
  const sam = created[0].data.createUser;
  assertEqual(sam.name, 'Socket Sam', 'the mutation result');
  const listed = await execute(client, '{ listUsers(where: {name: {eq: "Socket Sam"}}) { id name email } }');
  assertEqual(listed, [{ data: { listUsers: [{ id: sam.id, name: 'Socket Sam', email: 'sam@e2e.test' }] } }],
    'one next for the query');
  const [change] = await s.waitFor(1, 'the insert made over the socket');
  assertEqual(change.node, { id: sam.id, name: 'Socket Sam', email: 'sam@e2e.test' }, 'its node');
  s.dispose();
});

runner.test('validation errors come back as error messages, and the socket stays usable', async () => {
  const client = newClient();
  const cases = [
    ['subscription { userChanged { op nope } }', /Cannot query field "nope" on type "UserChange"/],
    ['subscription { userChanged(where: {nope: {eq: 1}}) { op } }', /nope/],
    ['subscription { userChanged(ops: [UPSERT]) { op } }', /UPSERT/],
    ['subscription { userChanged { op } postChanged { op } }', /must select only one top level field/],
    ['subscription($w: UserWhere) { userChanged(where: $x) { op } }', /\$x/],
    ['subscription { userChanged { op ', /Syntax Error/],
    ['query { nope }', /Cannot query field "nope" on type "Query"/],
  ];
  for (const [query, expected] of cases) {
    const s = collect(client, query);
    await s.finished;
    assert(Array.isArray(s.errors) && s.errors.length > 0,
      `${query}: an error message with GraphQL errors, got ${JSON.stringify(s.errors)} / events ${JSON.stringify(s.events)}`);
    assert(s.errors.some((e) => expected.test(e.message)),
      `${query}: errors ${JSON.stringify(s.errors)} should match ${expected}`);
    assert(!s.completed && s.events.length === 0, `${query}: no next and no complete after the error`);
  }
  // The same socket still serves a subscription.
  const s = collect(client, `subscription { userChanged(where: {name: {eq: "After Errors"}}) { ${FIELDS} } }`);
  await barrier(client);
  await createUser('After Errors');
  await s.waitFor(1, 'an event after the errors');
  s.dispose();
});

runner.test('variables work in subscriptions and operations', async () => {
  const client = newClient();
  const s = collect(client,
    `subscription Watch($where: UserWhere, $ops: [ChangeOperation!]) { userChanged(where: $where, ops: $ops) { ${FIELDS} } }`,
    { where: { name: { eq: 'Vera' } }, ops: ['UPDATE'] });
  await barrier(client);
  const created = await execute(client,
    'mutation Make($name: String!, $email: String) { createUser(name: $name, email: $email) { id } }',
    { name: 'Vera', email: 'vera@e2e.test' });
  const id = created[0].data.createUser.id;
  await createUser('Not Vera');
  await mutate(server, 'mutation($id: ID!, $e: String) { updateUser(id: $id, email: $e) { id } }', { id, e: 'vera2@e2e.test' });
  const [change] = await s.waitFor(1, 'the update of Vera');
  assertEqual(change.op, 'UPDATE', 'only the update');
  assertEqual([change.previous.email, change.node.email], ['vera@e2e.test', 'vera2@e2e.test'], 'previous and node');
  const read = await execute(client, 'query($id: ID!) { getUser(id: $id) { email } }', { id });
  assertEqual(read, [{ data: { getUser: { email: 'vera2@e2e.test' } } }], 'a query with variables');
  // A variable of the wrong type is an error message.
  const bad = collect(client, 'subscription($ops: [ChangeOperation!]) { userChanged(ops: $ops) { op } }', { ops: ['NOPE'] });
  await bad.finished;
  assert(Array.isArray(bad.errors) && bad.errors.length > 0, `bad variables: ${JSON.stringify(bad.errors)}`);
  assertEqual(s.events.length, 1, 'exactly one event');
  s.dispose();
});

runner.test('two clients with the same subscription both get every event exactly once', async () => {
  const query = `subscription { userChanged(where: {email: {like: "%@twin.test"}}) { ${FIELDS} } }`;
  const a = newClient();
  const b = newClient();
  const sa = collect(a, query);
  const sb = collect(b, query);
  // A third subscription on a's socket too: a socket with two equal subscriptions gets each
  // event once per subscription.
  const sa2 = collect(a, query);
  await Promise.all([barrier(a), barrier(b)]);
  const N = 12;
  const ids = [];
  for (let i = 0; i < N; i++)
    ids.push((await createUser(`Twin ${i}`, `t${i}@twin.test`)).id);
  await mutate(server, `mutation { updateUsers(where: {email: {like: "%@twin.test"}}, set: {name: "Twin"}, atMost: ${N}) }`);
  await mutate(server, `mutation { deleteUsers(where: {email: {like: "%@twin.test"}}, atMost: ${N}) }`);
  const expected = 3 * N;
  await Promise.all([sa.waitFor(expected, 'a'), sb.waitFor(expected, 'b'), sa2.waitFor(expected, 'a, second')]);
  await barrier(a);
  await barrier(b);
  await sleep(200); // a duplicate would have had time to arrive
  for (const [name, s] of [['a', sa], ['b', sb], ['a (second)', sa2]]) {
    const changes = s.changes();
    assertEqual(changes.length, expected, `client ${name}: event count`);
    const seqs = changes.map((c) => BigInt(c.seq));
    assert(seqs.every((x, i) => i === 0 || x > seqs[i - 1]), `client ${name}: sequence numbers strictly increase`);
    const ops = changes.map((c) => c.op);
    assertEqual(ops, [...Array(N).fill('INSERT'), ...Array(N).fill('UPDATE'), ...Array(N).fill('DELETE')],
      `client ${name}: operations`);
    assertEqual(changes.slice(0, N).map((c) => c.node.id), ids, `client ${name}: inserted ids in order`);
  }
  assertEqual(sb.changes(), sa.changes(), 'both clients got the same events');
  for (const s of [sa, sb, sa2])
    s.dispose();
});

runner.test('complete() stops delivery', async () => {
  const client = newClient();
  const stopped = collect(client, `subscription { userChanged(where: {name: {like: "Stop%"}}) { ${FIELDS} } }`);
  const kept = collect(client, `subscription { userChanged(where: {name: {like: "Stop%"}}) { op node { name } } }`);
  await barrier(client);
  await createUser('Stop 1');
  await stopped.waitFor(1, 'the first event');
  stopped.dispose(); // sends complete
  await barrier(client); // the server has handled the complete
  await createUser('Stop 2');
  await createUser('Stop 3');
  await kept.waitFor(3, 'the events after complete on the other subscription');
  await barrier(client);
  assertEqual(stopped.changes().map((c) => c.node.name), ['Stop 1'], 'nothing after complete()');
  assertEqual(kept.changes().map((c) => c.node.name), ['Stop 1', 'Stop 2', 'Stop 3'], 'the other subscription');
  kept.dispose();
});

runner.test('the server ends nothing by itself: no stray complete or error', async () => {
  // Every earlier subscription was disposed by its test; a fresh one runs to the end.
  const client = newClient();
  const s = collect(client, `subscription { userChanged { op } }`);
  await barrier(client);
  await createUser('Last');
  await s.waitFor(1, 'one event');
  assert(!s.completed && !s.errors, 'the subscription is still open');
  s.dispose();
  const check = await graphql(server, '{ usersAggregate { count } }');
  assert(check.data.usersAggregate.count > 0, 'the HTTP API still answers');
});

await runner.run(async (failed) => {
  await Promise.all(clients.map((c) => c.dispose()));
  const status = await server.stop();
  if (failed)
    console.log(`rexorm serve's stderr:\n${server.stderr()}`);
  db.remove();
  if (status.code !== 0)
    throw new Error(`rexorm serve exited with ${status.code ?? status.signal} after SIGTERM`);
});
