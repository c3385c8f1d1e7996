// Every close code of `rexorm serve`'s WebSocket endpoints, probed with raw `ws` clients:
// graphql-transport-ws on /graphql (4400, 4401, 4403, 4406, 4408, 4409, 4429), the /realtime
// feed (4401, 4400), both (1009 for an oversized message), a slow consumer cut off with 4008
// while another client keeps receiving every event, and 1001 on SIGTERM.
//
//   node websocket-close-codes.mjs <path to rexorm> <migrations folder>
import { createHmac } from 'node:crypto';
import {
  Peer, WAIT_MS, assert, assertEqual, createRunner, demoDatabase, graphql, mutate, sleep,
  startServe, within, writeConfig,
} from './serve-support.mjs';

const [rexorm, migrations] = process.argv.slice(2);
if (!rexorm || !migrations) {
  console.error('usage: node websocket-close-codes.mjs <rexorm> <migrations>');
  process.exit(2);
}

const PROTOCOL = 'graphql-transport-ws';
const API_KEY = 'e2e-close-codes-key-0123456789';
const JWT_SECRET = 'e2e-close-codes-jwt-secret-0123456789abcdef';

// An HS256 JSON Web Token for the guarded server.
function jwt(claims) {
  const part = (object) => Buffer.from(JSON.stringify(object)).toString('base64url');
  const signed = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${signed}.${createHmac('sha256', JWT_SECRET).update(signed).digest('base64url')}`;
}
const inSeconds = (s) => Math.floor(Date.now() / 1000) + s;

const db = demoDatabase(rexorm, migrations, 'closecodes');
// One server open to anonymous callers (loopback, no credentials configured), one that needs an
// API key (anonymous callers get nothing).
const open = await startServe(rexorm, db.url);
const guardedConfig = writeConfig(db.dir, {
  auth: {
    apiKeys: [{ role: 'admin', key: API_KEY }],
    jwt: { secret: JWT_SECRET, clockSkew: 0 },
    roles: { admin: { default: { read: true, write: true } } },
  },
});
const guarded = await startServe(rexorm, db.url, ['--config', guardedConfig]);

// A graphql-transport-ws peer that has its connection_ack.
async function acked(server = open, payload) {
  const peer = await Peer.open(server.graphqlWs, PROTOCOL);
  assertEqual(peer.ws.protocol, PROTOCOL, 'the negotiated subprotocol');
  peer.send(payload === undefined ? { type: 'connection_init' } : { type: 'connection_init', payload });
  await peer.next('connection_ack');
  return peer;
}

async function expectClose(peer, code, what) {
  const { code: got, reason } = await peer.closedWith();
  assert(got === code, `${what}: close code ${code} expected, got ${got} "${reason}"`);
  return reason;
}

const runner = createRunner('WebSocket close codes of rexorm serve');

runner.test('4406: /graphql without the graphql-transport-ws subprotocol', async () => {
  const peer = await Peer.open(open.graphqlWs);
  assertEqual(peer.ws.protocol, '', 'no subprotocol was negotiated');
  peer.send({ type: 'connection_init' }); // too late: the server closes regardless
  const reason = await expectClose(peer, 4406, 'no subprotocol');
  assert(/subprotocol/i.test(reason), `the reason names the subprotocol: "${reason}"`);
  assertEqual(peer.ofType('connection_ack').length, 0, 'no connection_ack');
});

runner.test('4408: no connection_init within the initialisation timeout (3 s)', async () => {
  const started = Date.now();
  const peer = await Peer.open(open.graphqlWs, PROTOCOL);
  await expectClose(peer, 4408, 'init timeout');
  const waited = Date.now() - started;
  // Not a timing threshold on the server, only proof that it waited rather than closing at once.
  assert(waited >= 2500, `closed after ${waited} ms; the server should wait about 3 s`);
});

runner.test('4429: connection_init twice', async () => {
  const peer = await acked();
  peer.send({ type: 'connection_init' });
  await expectClose(peer, 4429, 'a second connection_init');
});

runner.test('4401: subscribe before connection_ack', async () => {
  const peer = await Peer.open(open.graphqlWs, PROTOCOL);
  peer.send({ id: '1', type: 'subscribe', payload: { query: 'subscription { userChanged { op } }' } });
  await expectClose(peer, 4401, 'subscribe before init');
  assertEqual(peer.messages.length, 0, 'nothing was sent before the close');
});

runner.test('4409: the same id twice while the subscription is open', async () => {
  const peer = await acked();
  const subscribe = { id: 'dup', type: 'subscribe', payload: { query: 'subscription { userChanged { op } }' } };
  peer.send(subscribe);
  peer.send({ type: 'ping' });
  await peer.next('pong'); // the subscription is registered (messages are handled in order)
  peer.send(subscribe);
  const reason = await expectClose(peer, 4409, 'a duplicate id');
  assert(reason.includes('dup'), `the reason names the id: "${reason}"`);
});

runner.test('an id may be reused after complete (no 4409)', async () => {
  const peer = await acked();
  const subscribe = { id: 'again', type: 'subscribe', payload: { query: 'subscription { userChanged { op } }' } };
  peer.send(subscribe);
  peer.send({ id: 'again', type: 'complete' });
  peer.send(subscribe);
  peer.send({ type: 'ping' });
  await peer.next('pong');
  assert(!peer.closeInfo, 'still open');
  peer.ws.close(1000);
  await peer.closedWith();
});

runner.test('4400: invalid JSON on graphql-transport-ws', async () => {
  const peer = await acked();
  peer.send('{"type": "subscribe", ');
  await expectClose(peer, 4400, 'invalid JSON');
});

runner.test('4400: an unknown message type on graphql-transport-ws', async () => {
  const peer = await acked();
  peer.send({ type: 'start', id: '1', payload: { query: '{ __typename }' } }); // the legacy protocol
  await expectClose(peer, 4400, 'unknown type');
});

runner.test('4400: a subscribe without an id, or with a payload that is not an object', async () => {
  const noId = await acked();
  noId.send({ type: 'subscribe', payload: { query: '{ __typename }' } });
  await expectClose(noId, 4400, 'no id');
  const badPayload = await acked();
  badPayload.send({ type: 'subscribe', id: '1', payload: 'query' });
  await expectClose(badPayload, 4400, 'payload not an object');
});

runner.test('4403: a wrong token in connection_init; the right one gets connection_ack', async () => {
  const wrong = await Peer.open(guarded.graphqlWs, PROTOCOL);
  wrong.send({ type: 'connection_init', payload: { authorization: 'Bearer not-the-key' } });
  const reason = await expectClose(wrong, 4403, 'a wrong API key');
  assert(!reason.includes('not-the-key'), `the reason does not repeat the credential: "${reason}"`);
  assertEqual(wrong.ofType('connection_ack').length, 0, 'no connection_ack for a wrong key');

  const none = await Peer.open(guarded.graphqlWs, PROTOCOL);
  none.send({ type: 'connection_init' });
  await expectClose(none, 4403, 'no credentials where anonymous callers get nothing');

  const right = await acked(guarded, { authorization: `Bearer ${API_KEY}` });
  right.send({ id: 'q', type: 'subscribe', payload: { query: '{ usersAggregate { count } }' } });
  const next = await right.next('next', { id: 'q' });
  assert(typeof next.payload.data.usersAggregate.count === 'number', `a query answers: ${JSON.stringify(next)}`);
  await right.next('complete', { id: 'q' });
  right.ws.close(1000);
  await right.closedWith();
});

runner.test('4403 / 4401: a token that expires closes the connection (graphql-ws / realtime)', async () => {
  const expired = await Peer.open(guarded.graphqlWs, PROTOCOL);
  expired.send({ type: 'connection_init', payload: { authorization: `Bearer ${jwt({ role: 'admin', exp: inSeconds(-60) })}` } });
  await expectClose(expired, 4403, 'an expired token at connection_init');

  const token = jwt({ role: 'admin', sub: 'e2e', exp: inSeconds(3) });
  const gql = await acked(guarded, { authorization: `Bearer ${token}` });
  const realtime = await Peer.open(guarded.realtimeWs);
  await realtime.next('welcome');
  realtime.send({ type: 'auth', token });
  await realtime.next('auth_ok');
  const reason = await expectClose(gql, 4403, 'graphql-ws when the token expires');
  assert(/expired/i.test(reason), `the reason says the token expired: "${reason}"`);
  await expectClose(realtime, 4401, '/realtime when the token expires');
});

runner.test('/realtime 4401: a bad auth token when credentials are required', async () => {
  const peer = await Peer.open(guarded.realtimeWs);
  await peer.next('welcome');
  peer.send({ type: 'auth', token: 'not-the-key' });
  await peer.next('error');
  await expectClose(peer, 4401, 'bad /realtime auth');
  assert(!JSON.stringify(peer.messages).includes('not-the-key'), 'no message repeats the token');
});

runner.test('/realtime 4401: subscribe before auth, and no auth in time', async () => {
  const early = await Peer.open(guarded.realtimeWs);
  await early.next('welcome');
  early.send({ type: 'subscribe', id: 's', entity: 'User' });
  await expectClose(early, 4401, 'subscribe before auth');
  assertEqual(early.ofType('subscribed').length, 0, 'not subscribed');

  const silent = await Peer.open(guarded.realtimeWs);
  await expectClose(silent, 4401, 'no auth message within the timeout');
});

runner.test('/realtime with the right token: auth_ok, then events', async () => {
  const peer = await Peer.open(guarded.realtimeWs);
  await peer.next('welcome');
  peer.send({ type: 'auth', token: API_KEY });
  const ok = await peer.next('auth_ok');
  assertEqual(ok.role, 'admin', 'the role');
  peer.send({ type: 'subscribe', id: 's', entity: 'User', where: { name: { eq: 'Guarded' } } });
  await peer.next('subscribed', { id: 's' });
  await mutate(guarded, 'mutation { createUser(name: "Guarded") { id } }', undefined,
    { authorization: `Bearer ${API_KEY}` });
  const change = await peer.next('change', { id: 's' });
  assertEqual(change.data.name, 'Guarded', 'the change');
  peer.ws.close(1000);
  await peer.closedWith();
});

runner.test('/realtime 4400: repeated invalid messages', async () => {
  const peer = await Peer.open(open.realtimeWs);
  await peer.next('welcome');
  for (let i = 0; i < 30 && !peer.closeInfo; i++) {
    peer.send(i % 2 ? 'not json' : { type: 'nonsense' });
    await sleep(5);
  }
  await expectClose(peer, 4400, 'repeated invalid messages');
  const errors = peer.ofType('error').length;
  assert(errors >= 2 && errors <= 12, `each invalid message before the close got an error (${errors})`);
});

runner.test('1009: an oversized message on /realtime and on /graphql', async () => {
  const big = 'x'.repeat(300 * 1024); // the limit is 256 KiB
  const realtime = await Peer.open(open.realtimeWs);
  await realtime.next('welcome');
  realtime.send({ type: 'subscribe', id: 's', entity: 'User', where: { name: { eq: big } } });
  await expectClose(realtime, 1009, 'an oversized /realtime message');

  const gql = await acked();
  gql.send({ id: 'big', type: 'subscribe', payload: { query: `{ __typename } # ${big}` } });
  await expectClose(gql, 1009, 'an oversized graphql-transport-ws message');

  // Just under the limit is fine.
  const fits = await Peer.open(open.realtimeWs);
  await fits.next('welcome');
  fits.send({ type: 'ping', padding: 'x'.repeat(60 * 1024) });
  await fits.next('pong');
  fits.ws.close(1000);
  await fits.closedWith();
});

async function slowConsumersDropped() {
  const response = await fetch(`${open.origin}/metrics`);
  const text = await response.text();
  const match = /^rexorm_slow_consumers_dropped_total (\d+)/m.exec(text);
  assert(match, `/metrics has rexorm_slow_consumers_dropped_total:\n${text.slice(0, 400)}`);
  return Number(match[1]);
}

runner.test('4008: a slow consumer is cut off while another client keeps receiving every event', async () => {
  const droppedBefore = await slowConsumersDropped();
  const author = (await mutate(open, 'mutation { createUser(name: "Slow Writer") { id } }')).createUser;
  // Rows large enough that a few dozen changes fill the socket buffers and the server's queue.
  const ROWS = 8;
  const content = 'y'.repeat(600 * 1024);
  const ids = [];
  for (let i = 0; i < ROWS; i++) {
    const data = await mutate(open, 'mutation($u: BigInt!, $t: String!, $c: String) { createPost(userId: $u, title: $t, content: $c) { id } }',
      { u: author.id, t: `big ${i}`, c: content });
    ids.push(data.createPost.id);
  }

  const slow = await Peer.open(open.realtimeWs);
  const fast = await Peer.open(open.realtimeWs);
  await Promise.all([slow.next('welcome'), fast.next('welcome')]);
  slow.send({ type: 'subscribe', id: 'all', entity: 'Post' });
  fast.send({ type: 'subscribe', id: 'all', entity: 'Post', columns: ['id', 'title'] });
  await Promise.all([slow.next('subscribed'), fast.next('subscribed')]);
  slow.ws._socket.pause(); // stops reading: the kernel buffers fill, then the server's queue

  // Each round updates every big row: ROWS events of about 1.2 MB each (data and old).
  const ROUNDS = 8;
  for (let round = 0; round < ROUNDS; round++) {
    const data = await mutate(open, `mutation { updatePosts(where: {title: {like: "big %"}}, set: {title: "big r${round}"}, atMost: ${ROWS}) }`);
    assertEqual(data.updatePosts, ROWS, 'rows updated');
  }
  const expected = ROUNDS * ROWS;
  // The fast client gets every event, in order, once.
  await fast.until(() => fast.ofType('change').length >= expected, `${expected} events on the fast client`,
    { ms: 30000 });
  const seqs = fast.ofType('change').map((m) => m.seq);
  assertEqual(seqs.length, expected, 'the fast client: event count');
  assert(seqs.every((s, i) => i === 0 || s === seqs[i - 1] + 1), 'the fast client: consecutive sequence numbers');
  assert(!fast.closeInfo, 'the fast client is still connected');

  // The server dropped the slow one (its metric says so) ...
  const deadline = Date.now() + WAIT_MS;
  while (await slowConsumersDropped() === droppedBefore) {
    assert(Date.now() < deadline, 'rexorm_slow_consumers_dropped_total did not grow');
    await sleep(50);
  }
  // ... and when it reads again it finds the close code after what was queued before the cut.
  slow.ws._socket.resume();
  const { code, reason } = await slow.closedWith();
  assert(code === 4008, `the slow consumer's close code: 4008 expected, got ${code} "${reason}"`);
  const received = slow.ofType('change').length;
  assert(received < expected, `the slow consumer got ${received} of ${expected} events before the cut`);
  assertEqual(slow.ofType('change').map((m) => m.seq), seqs.slice(0, received),
    'what the slow consumer got before the cut has no gap');
  console.log(`     the slow consumer read ${received} of ${expected} events, then 4008 "${reason}"`);
  fast.ws.close(1000);
  await fast.closedWith();
}, 90000);

runner.test('1001: SIGTERM closes every WebSocket with going away, and the server exits 0', async () => {
  const gql = await acked();
  gql.send({ id: 's', type: 'subscribe', payload: { query: 'subscription { userChanged { op } }' } });
  const realtime = await Peer.open(open.realtimeWs);
  await realtime.next('welcome');
  realtime.send({ type: 'subscribe', id: 's', entity: 'User' });
  await realtime.next('subscribed');
  gql.send({ type: 'ping' });
  await gql.next('pong');
  const status = open.stop();
  await expectClose(gql, 1001, 'graphql-transport-ws on shutdown');
  await expectClose(realtime, 1001, '/realtime on shutdown');
  const { code, signal } = await within(status, 30000, 'the server to exit');
  assert(code === 0, `rexorm serve exits 0 after SIGTERM, got ${code ?? signal}`);
  const refused = await fetch(open.http, { method: 'POST', body: '{}' }).then(() => false, () => true);
  assert(refused, 'the port no longer answers');
}, 40000);

await runner.run(async (failed) => {
  const statuses = await Promise.all([open.stop(), guarded.stop()]);
  if (failed)
    console.log(`rexorm serve's stderr (open):\n${open.stderr()}\n(guarded):\n${guarded.stderr()}`);
  db.remove();
  for (const status of statuses) {
    if (status.code !== 0)
      throw new Error(`rexorm serve exited with ${status.code ?? status.signal} after SIGTERM`);
  }
});
