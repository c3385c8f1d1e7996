// `rexorm serve` with plugins: rexorm.json enables timestamps, softdelete and auditlog for an
// inspected database, and --models-plugin serves the example plugin's Bookmark model. Over HTTP:
// a delete is soft, restore<Type> undoes it, the audit log records the API key's role as the
// actor and has no mutations, a plugin hook's refusal is a REFUSED error.
//
//   node serve-plugins.mjs <path to rexorm> <bundled plugin folder> <example plugin file>
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assert, assertEqual, startServe } from './serve-support.mjs';

const [rexorm, pluginDir, bookmarksPlugin] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'rexorm-plugins-'));
const database = `sqlite://${join(dir, 'app.db')}`;
const config = join(dir, 'rexorm.json');
writeFileSync(config, JSON.stringify({
  url: database,
  plugins: ['timestamps', 'softdelete', 'auditlog'],
  pluginPaths: [pluginDir],
  server: { auth: { roles: { editor: { default: { read: true, write: true } } } } },
}));
const run = (...args) => execFileSync(rexorm, [...args, '--config', config], { stdio: 'pipe' });
run('migrate', 'up'); // the auditlog's table
run('sql', 'CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL, created_at TEXT, ' +
  'updated_at TEXT, deleted_at TEXT)');
process.env.REXORM_SERVE_API_KEYS = 'editor=k-editor';

async function post(server, query) {
  const response = await fetch(server.http, { method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer k-editor' },
    body: JSON.stringify({ query }) });
  return { status: response.status, body: await response.json() };
}

let failed = 0;
async function check(name, work) {
  try {
    await work();
    console.log(`ok - ${name}`);
  } catch (error) {
    failed += 1;
    console.error(`not ok - ${name}: ${error.stack ?? error}`);
  }
}

await check('enabled plugins act on an inspected database', async () => {
  const server = await startServe(rexorm, database, ['--config', config]);
  try {
    let { body } = await post(server, 'mutation { createPost(title: "Hello") { id createdAt } }');
    assert(body.data?.createPost?.createdAt, `timestamps filled createdAt: ${JSON.stringify(body)}`);
    const id = body.data.createPost.id;
    ({ body } = await post(server, `mutation { deletePost(id: ${id}) { title } }`));
    assertEqual(body.data?.deletePost?.title, 'Hello', 'the deleted post');
    ({ body } = await post(server, '{ listPosts { id } }'));
    assertEqual(body.data?.listPosts?.length, 0, 'soft-deleted posts are hidden');
    const stored = execFileSync(rexorm, ['sql', '--json', 'SELECT COUNT(*) AS n FROM posts',
      '--config', config]).toString();
    assertEqual(JSON.parse(stored).rows?.[0]?.[0], 1, 'the soft-deleted row is still stored');
    ({ body } = await post(server, `mutation { restorePost(id: ${id}) }`));
    assertEqual(body.data?.restorePost, true, 'restorePost');
    ({ body } = await post(server, '{ listAuditEntries(orderBy: [{field: id}]) { operation actor entity } }'));
    const entries = body.data?.listAuditEntries ?? [];
    assertEqual(entries.map((e) => e.operation).join(','), 'insert,update,update', 'audit operations');
    assert(entries.every((e) => e.actor === 'editor' && e.entity === 'posts'),
      `the API key's role is the actor: ${JSON.stringify(entries)}`);
    ({ body } = await post(server, 'mutation { deleteAuditEntry(id: 1) { id } }'));
    assert(body.errors?.length, 'the audit log has no mutations');
  } finally {
    const status = await server.stop();
    assertEqual(status.code, 0, 'rexorm serve exit code');
  }
});

await check('--models-plugin serves a plugin\'s models with its hooks', async () => {
  run('sql', 'CREATE TABLE bookmarks (id INTEGER PRIMARY KEY, url TEXT NOT NULL, title TEXT)');
  const server = await startServe(rexorm, database,
    ['--config', config, '--models-plugin', bookmarksPlugin]);
  try {
    let { body } = await post(server, 'mutation { createBookmark(url: "ftp://old.example") { id } }');
    assertEqual(body.errors?.[0]?.extensions?.code, 'REFUSED', 'the hook refuses ftp');
    assert(body.errors[0].message.includes('http or https'), body.errors[0].message);
    ({ body } = await post(server, 'mutation { createBookmark(url: "https://qt.io") { id url } }'));
    assertEqual(body.data?.createBookmark?.url, 'https://qt.io', 'a web bookmark');
    ({ body } = await post(server, '{ listBookmarks { url } }'));
    assertEqual(body.data?.listBookmarks?.length, 1, 'one bookmark');
    ({ body } = await post(server, '{ listPosts { id } }'));
    assert(body.errors?.length, 'only the plugin\'s models are served');
  } finally {
    await server.stop();
  }
});

rmSync(dir, { recursive: true, force: true });
console.log(`${failed ? 0 : 2} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
