// `rexorm serve` on Chinook answers nested queries with exactly what the database's own
// command-line client prints for the same rows: sqlite3, psql, mariadb. Each GraphQL answer is
// flattened into rows and compared, field for field, with the client's tab-separated output of
// an equivalent SQL join.
//
//   node chinook-equality.mjs <path to rexorm> <sqlite|postgres|mariadb> <Chinook_Sqlite.sqlite>
//
// PostgreSQL and MariaDB use the Chinook databases scripts/test-servers.sh loads
// (REXORM_TEST_POSTGRES_CHINOOK_URL, REXORM_TEST_MYSQL_CHINOOK_URL).
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [rexorm, backend, chinookFile] = process.argv.slice(2);
const inCi = ['true', '1'].includes(String(process.env.CI).toLowerCase());

function skipOrFail(why) {
  if (inCi) {
    console.error(`FAIL: ${why} (CI=true: every server must run)`);
    process.exit(1);
  }
  console.log(`SKIP   : ${why}`);
  process.exit(0);
}

// Table and column names per database: Chinook's scripts name them differently.
const snake = backend === 'postgres';
const t = (name) => (snake ? name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase() : name);
const q = (name) => (backend === 'mariadb' ? `\`${t(name)}\`` : `"${t(name)}"`);

const dir = mkdtempSync(join(tmpdir(), 'rexorm-chinook-'));
let url;
let client; // runs SQL with the database's own client, answering rows of fields
if (backend === 'sqlite') {
  const file = join(dir, 'chinook.db');
  copyFileSync(chinookFile, file);
  url = `sqlite://${file}`;
  client = (sql) => execFileSync('sqlite3', ['-batch', '-noheader', '-separator', '\t', file, sql],
    { encoding: 'utf8' });
} else if (backend === 'postgres') {
  url = process.env.REXORM_TEST_POSTGRES_CHINOOK_URL;
  if (!url) skipOrFail('REXORM_TEST_POSTGRES_CHINOOK_URL is not set; ./dev test starts the servers');
  const u = new URL(url);
  client = (sql) => execFileSync('psql', ['-X', '-q', '-A', '-t', '-F', '\t', '-h', u.hostname,
    '-p', u.port, '-U', decodeURIComponent(u.username), '-d', u.pathname.slice(1), '-c', sql],
  { encoding: 'utf8', env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) } });
} else if (backend === 'mariadb') {
  url = process.env.REXORM_TEST_MYSQL_CHINOOK_URL;
  if (!url) skipOrFail('REXORM_TEST_MYSQL_CHINOOK_URL is not set; ./dev test starts the servers');
  const u = new URL(url);
  client = (sql) => execFileSync('mariadb', ['-h', u.hostname, '-P', u.port,
    '-u', decodeURIComponent(u.username), u.pathname.slice(1), '-N', '-B', '-e', sql],
  { encoding: 'utf8', env: { ...process.env, MYSQL_PWD: decodeURIComponent(u.password) } });
} else {
  console.error(`unknown backend ${backend}`);
  process.exit(2);
}

const server = spawn(rexorm, ['serve', '--database', url, '--port', '0'],
  { stdio: ['ignore', 'pipe', 'pipe'] });
let stderr = '';
server.stderr.on('data', (chunk) => { stderr += chunk; });
const endpoint = await new Promise((resolve, reject) => {
  let out = '';
  const timer = setTimeout(() => reject(new Error(`rexorm serve did not start:\n${stderr}`)), 60000);
  server.stdout.on('data', (chunk) => {
    out += chunk;
    const match = /GraphQL on (https?:\/\/[^\s;]+)/.exec(out);
    if (match) {
      clearTimeout(timer);
      resolve(match[1]);
    }
  });
  server.on('exit', (code) => reject(new Error(`rexorm serve exited (${code}):\n${stderr}`)));
});

async function graphql(query) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query }),
  });
  const body = await response.json();
  if (response.status !== 200 || body.errors) {
    throw new Error(`${response.status} ${JSON.stringify(body.errors ?? body)}`);
  }
  return body.data;
}

function rowsOf(text) {
  return text.split('\n').filter((line) => line.length > 0).map((line) => line.split('\t'));
}

// The client prints NULL as an empty field (sqlite3, psql) or "NULL" (mariadb); SQLite's
// floating-point NUMERIC drops trailing zeros ("9.9" for 9.90); a date-time has a space.
function normalize(value) {
  if (value === null || value === undefined || value === 'NULL') return '';
  let text = String(value);
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(text)) text = text.replace('T', ' ').replace('Z', '');
  if (backend === 'sqlite' && /^-?\d+\.\d+$/.test(text)) text = text.replace(/\.?0+$/, '');
  return text;
}

let failures = 0;
function compare(name, graphqlRows, sqlRows) {
  const a = graphqlRows.map((row) => row.map(normalize).join('\t'));
  const b = sqlRows.map((row) => row.map(normalize).join('\t'));
  const line = a.findIndex((text, i) => text !== b[i]);
  if (a.length !== b.length || line >= 0) {
    failures++;
    console.error(`FAIL: ${name}: ${a.length} rows from GraphQL, ${b.length} from the client; ` +
      `first difference at row ${line + 1}:\n  graphql: ${a[line]}\n  client:  ${b[line]}`);
  } else {
    console.log(`ok: ${name}: ${a.length} rows equal`);
  }
}

try {
  // Artist -> albums -> tracks -> genre.
  const music = await graphql(`{
    listArtists(where: {artistId: {in: [1, 8, 22, 90]}}, orderBy: [{field: artistId}]) {
      artistId name
      albums(orderBy: [{field: albumId}]) {
        albumId title
        tracks(orderBy: [{field: trackId}], first: 100) {
          trackId name composer milliseconds unitPrice genre { name }
        }
      }
    }
  }`);
  const musicRows = [];
  for (const artist of music.listArtists) {
    for (const album of artist.albums) {
      for (const track of album.tracks) {
        musicRows.push([artist.artistId, artist.name, album.albumId, album.title, track.trackId,
          track.name, track.composer, track.milliseconds, track.unitPrice, track.genre?.name]);
      }
    }
  }
  compare('artists, albums, tracks and genres', musicRows, rowsOf(client(
    `SELECT ar.${q('ArtistId')}, ar.${q('Name')}, al.${q('AlbumId')}, al.${q('Title')}, ` +
    `tr.${q('TrackId')}, tr.${q('Name')}, tr.${q('Composer')}, tr.${q('Milliseconds')}, ` +
    `tr.${q('UnitPrice')}, g.${q('Name')} ` +
    `FROM ${q('Artist')} ar JOIN ${q('Album')} al ON al.${q('ArtistId')} = ar.${q('ArtistId')} ` +
    `JOIN ${q('Track')} tr ON tr.${q('AlbumId')} = al.${q('AlbumId')} ` +
    `LEFT JOIN ${q('Genre')} g ON g.${q('GenreId')} = tr.${q('GenreId')} ` +
    `WHERE ar.${q('ArtistId')} IN (1, 8, 22, 90) ` +
    `ORDER BY ar.${q('ArtistId')}, al.${q('AlbumId')}, tr.${q('TrackId')};`)));

  // Invoices with their lines and decimal totals.
  const sales = await graphql(`{
    listInvoices(where: {customerId: {in: [2, 14]}}, orderBy: [{field: invoiceId}]) {
      invoiceId invoiceDate total customer { lastName }
      invoiceLines(orderBy: [{field: invoiceLineId}]) { invoiceLineId unitPrice quantity track { name } }
    }
  }`);
  const salesRows = [];
  for (const invoice of sales.listInvoices) {
    for (const line of invoice.invoiceLines) {
      salesRows.push([invoice.invoiceId, invoice.invoiceDate, invoice.total,
        invoice.customer.lastName, line.invoiceLineId, line.unitPrice, line.quantity,
        line.track.name]);
    }
  }
  compare('invoices, lines, customers and tracks', salesRows, rowsOf(client(
    `SELECT i.${q('InvoiceId')}, i.${q('InvoiceDate')}, i.${q('Total')}, c.${q('LastName')}, ` +
    `l.${q('InvoiceLineId')}, l.${q('UnitPrice')}, l.${q('Quantity')}, tr.${q('Name')} ` +
    `FROM ${q('Invoice')} i JOIN ${q('Customer')} c ON c.${q('CustomerId')} = i.${q('CustomerId')} ` +
    `JOIN ${q('InvoiceLine')} l ON l.${q('InvoiceId')} = i.${q('InvoiceId')} ` +
    `JOIN ${q('Track')} tr ON tr.${q('TrackId')} = l.${q('TrackId')} ` +
    `WHERE i.${q('CustomerId')} IN (2, 14) ORDER BY i.${q('InvoiceId')}, l.${q('InvoiceLineId')};`)));

  // Aggregates: the sum of every invoice total, exact.
  const totals = await graphql('{ invoicesAggregate { count sum { total } } }');
  compare('invoice count and total', [[totals.invoicesAggregate.count,
    totals.invoicesAggregate.sum.total]], rowsOf(client(
    `SELECT COUNT(*), SUM(${q('Total')}) FROM ${q('Invoice')};`)));
} catch (error) {
  failures++;
  console.error(`FAIL: ${error.message}`);
} finally {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failures ? 1 : 0);
