// Shared helpers for the command-line tests: run the real canbo binary (the
// sanitizer build unless CANBO_BIN says otherwise) on temporary databases,
// and look inside them with the sqlite3 shell.
//
// With CANBO_TEST_PG=postgres://… (scripts/test-pg.sh) the same tests run
// on PostgreSQL: each database file path a test names becomes a database
// of that server (fresh the first time the path is used, see dbUrl), the
// `--db PATH` of every canbo run is replaced by its URL, and sql() asks
// psql instead of sqlite3.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const BIN = process.env.CANBO_BIN || path.resolve('build/dev/canbo');

export function tmpdir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'canbo-cli-'));
}

export const PG = process.env.CANBO_TEST_PG || '';
const pgDbs = new Map(); // path -> URL

function psql(url, args) {
  const r = spawnSync('psql', [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', ...args], { encoding: 'utf8', maxBuffer: 512 << 20 });
  if (r.status !== 0 || r.error) throw new Error(`psql failed: ${r.stderr || r.error}`);
  return r.stdout;
}

// The URL of the PostgreSQL database for file path p: a database named
// after the path, dropped and created empty the first time this process
// asks for p. Without CANBO_TEST_PG, p itself.
export function dbUrl(p) {
  if (!PG || typeof p !== 'string' || /^(postgres(ql)?|sqlite):/.test(p)) return p;
  let url = pgDbs.get(p);
  if (url) return url;
  const name = 't' + p.toLowerCase().replace(/[^a-z0-9]/g, '_').slice(-59);
  psql(PG, ['-c', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`,
    '-c', `CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`]);
  url = PG.replace(/\/[^/?]*(\?.*)?$/, `/${name}$1`);
  pgDbs.set(p, url);
  return url;
}

// Copies database from to a new database to (a file copy on SQLite; on
// PostgreSQL a database made from from as a template).
export function copyDb(from, to) {
  if (!PG) return fs.copyFileSync(from, to);
  const src = dbUrl(from).replace(/^.*\/([^/?]*)(\?.*)?$/, '$1');
  const name = 't' + to.toLowerCase().replace(/[^a-z0-9]/g, '_').slice(-59);
  psql(PG, ['-c', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`,
    '-c', `CREATE DATABASE "${name}" TEMPLATE "${src}"`]);
  pgDbs.set(to, PG.replace(/\/[^/?]*(\?.*)?$/, `/${name}$1`));
}

// args with the value of every --db replaced by dbUrl().
export function dbArgs(args) {
  if (!PG) return args;
  return args.map((a, i) => (i > 0 && args[i - 1] === '--db' ? dbUrl(a) : a));
}

// Runs canbo with args; returns {code, stdout, stderr}.
export function canbo(args, opts = {}) {
  const env = { ...process.env, CANBO_DB: '' };
  const r = spawnSync(BIN, dbArgs(args), { encoding: 'utf8', env, maxBuffer: 64 << 20, ...opts });
  if (r.error) throw r.error;
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

// The end of the parenthesised text that opens at s[i] ('('), or -1.
function closing(s, i) {
  let depth = 0, quote = '';
  for (; i < s.length; i++) {
    const c = s[i];
    if (quote) { if (c === quote) quote = ''; continue; }
    if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

// Splits s at the commas (or semicolons) that are outside parentheses and quotes.
function splitTop(s, sep) {
  const out = [];
  let depth = 0, quote = '', from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) { if (c === quote) quote = ''; continue; }
    if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === sep && depth === 0) { out.push(s.slice(from, i)); from = i + 1; }
  }
  out.push(s.slice(from));
  return out;
}

// The SQLite the tests use to look inside a database, in PostgreSQL's words:
// group_concat, ifnull, char, hex of sort keys, unnamed subqueries, the
// index catalogue, integrity_check and checkpoints (INDEXED BY is dropped).
export function pgSql(q) {
  q = q.replace(/PRAGMA integrity_check/g, "SELECT 'ok'")
    .replace(/PRAGMA wal_checkpoint\([A-Z]*\)/g, 'CHECKPOINT')
    .replace(/sqlite_master WHERE type='index' AND name IN/g,
      'pg_indexes WHERE schemaname = current_schema() AND indexname IN')
    .replace(/ INDEXED BY \w+/g, '')
    .replace(/\bifnull\(/gi, 'coalesce(').replace(/\bchar\(10\)/g, 'chr(10)')
    .replace(/\bhex\(name_key\)/g, "upper(encode(name_key, 'hex'))")
    .replace(/strftime\('%Y-%m-%dT%H:%M:%SZ', 'now', '(-?\d+ \w+)'\)/g,
      `to_char(now() AT TIME ZONE 'UTC' + interval '$1', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`);
  // COALESCE(number, '') is text in SQLite, an error in PostgreSQL
  for (let from = 0, i; (i = q.slice(from).search(/\bCOALESCE\(/i)) >= 0;) {
    const open = from + i + 8, end = closing(q, open);
    const args = splitTop(q.slice(open + 1, end), ',');
    if (args.length === 2 && /^\s*'/.test(args[1]))
      q = q.slice(0, open + 1) + `CAST(${args[0]} AS TEXT),${args[1]}` + q.slice(end);
    from = open + 1;
  }
  for (let i; (i = q.search(/\bgroup_concat\(/)) >= 0;) {
    const open = i + 'group_concat'.length, end = closing(q, open);
    const args = splitTop(q.slice(open + 1, end), ',');
    q = q.slice(0, i) + `string_agg(CAST(${args[0]} AS TEXT), ${args[1] ?? "','"})` + q.slice(end + 1);
  }
  // PostgreSQL 15 wants a name for every subquery in FROM
  for (let from = 0, i; (i = q.slice(from).search(/\bFROM \(SELECT /)) >= 0;) {
    const open = from + i + 5, end = closing(q, open);
    if (!/^\s*(AS\s+)?[a-z_]\w*/i.test(q.slice(end + 1)) || /^\s*(WHERE|ORDER|GROUP|LIMIT|UNION|EXCEPT|JOIN)\b/i.test(q.slice(end + 1)))
      q = q.slice(0, end + 1) + ' AS sub' + q.slice(end + 1);
    from = open + 1;
  }
  return q;
}

// Runs one SQL query with the sqlite3 shell (psql on PostgreSQL, after
// pgSql(), rows as sqlite3 prints them: fields joined by |, no header);
// returns trimmed output.
export function sql(db, query) {
  if (PG) {
    const cmds = splitTop(pgSql(query), ';').filter((c) => c.trim()).flatMap((c) => ['-c', c]);
    return psql(dbUrl(db), ['-A', '-t', '-F', '|', ...cmds]).trim();
  }
  const r = spawnSync('sqlite3', [db, query], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr}`);
  return r.stdout.trim();
}

export function write(dir, name, content) {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

// A small city with an old district and two old wards, as CSV.
export const UNITS_CSV = [
  'Mã,Tên,Mã đơn vị cha,Loại,Khối,Hiệu lực từ',
  'HN,Thành phố Hà Nội,,Thành phố,Khối chính quyền,01/01/2008',
  'HN-SNV,Sở Nội vụ,HN,"Sở, ban, ngành",Chính quyền,01/01/2008',
  'HK-HT,Phường Hàng Trống,HK,Phường,Chính quyền,',   // child before its parent
  'HK,Quận Hoàn Kiếm,HN,Quận,Chính quyền,',
  'HK-HB,Phường Hàng Bạc,HK,Phường,Chính quyền,',
  'P-HK,Phường Hoàn Kiếm,HN,Phường,Chính quyền,01/07/2025',
  'XA-SS,Xã Sóc Sơn,HN,Xã,Chính quyền,01/07/2025',
].join('\r\n') + '\r\n';
