// canbo backup, restore and migrate (issue 6): the real binary on real
// databases. Without CANBO_TEST_PG the source databases are SQLite files;
// with it (scripts/test-pg.sh) every `--db PATH` is a PostgreSQL database,
// so the same tests copy PostgreSQL → SQLite (backup) and SQLite →
// PostgreSQL (restore, migrate). Backup files are always SQLite: they are
// named `sqlite:PATH` where a --db must stay a file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, PG, canbo, dbUrl, tmpdir } from './helpers.mjs';
import { addUser, signIn, startServer } from '../api/helpers.mjs';

// ---- looking inside either backend, whatever the suite's backend is ----

const isPg = (db) => /^postgres(ql)?:/.test(db);

function query(db, q) {
  const r = isPg(db)
    ? spawnSync('psql', [db, '-X', '-q', '-A', '-t', '-F', '|', '-v', 'ON_ERROR_STOP=1', '-c', q], { encoding: 'utf8', maxBuffer: 256 << 20 })
    : spawnSync('sqlite3', [db.replace(/^sqlite:/, ''), q], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`query failed on ${db}: ${r.stderr}`);
  return r.stdout.trim();
}

// The canbo tables and their columns, from a backup file (SQLite).
function schemaOf(file) {
  const tables = query(file, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name").split('\n');
  return tables.map((t) => ({
    name: t,
    cols: query(file, `SELECT name || ':' || type FROM pragma_table_info('${t}')`).split('\n').map((l) => l.split(':')),
  }));
}

// Every row of table t as text, blobs in hex, in one order on both backends.
function dump(db, t, where = '') {
  const pg = isPg(db);
  const cols = t.cols.map(([c, type]) => (type === 'BLOB' ? (pg ? `upper(encode(${c}, 'hex'))` : `hex(${c})`) : c));
  const order = t.cols.map((_, i) => `${i + 1}${pg ? ' NULLS FIRST' : ''}`).join(', ');
  return query(db, `SELECT ${cols.join(', ')} FROM ${t.name} ${where} ORDER BY ${order}`);
}

// Asserts that databases a and b hold the same rows in every table (the
// audit log of b may have `extra` more rows at its end).
function assertSameContent(schema, a, b, { extra = 0 } = {}) {
  for (const t of schema) {
    if (t.name === 'audit_log' && extra) {
      const n = Number(query(a, 'SELECT count(*) FROM audit_log'));
      assert.equal(dump(a, t), dump(b, t, `WHERE id <= ${n}`), 'audit_log: the copied rows');
      assert.equal(Number(query(b, 'SELECT count(*) FROM audit_log')), n + extra, 'audit_log: rows added');
      continue;
    }
    assert.equal(dump(a, t), dump(b, t), `table ${t.name}`);
  }
}

function ok(r, what) {
  assert.equal(r.code, 0, `${what}: ${r.stderr}`);
  return r;
}

// A demo city with a month opened, self-assessed and reviewed, and users.
function demoDb(dir, name = 'src.db') {
  const db = path.join(dir, name);
  ok(canbo(['demo', '--db', db, '--logins']), 'demo --logins');
  ok(canbo(['eval', 'autoscore', 'HN', '--month', '11/2026', '--seed', '1', '--review', '--db', db]), 'autoscore');
  return db;
}

// The audit chain of db verifies; returns its last hash.
function verifiedHead(db) {
  const r = ok(canbo(['audit', 'verify', '--db', db]), `audit verify ${db}`);
  assert.match(r.stdout, /toàn vẹn/);
  return r.stdout.match(/[0-9a-f]{64}/)[0];
}

// ---- tests ----

test('backup of a live-size demo, restored into a new SQLite file: every table equal, audit verified, one restore row', () => {
  const dir = tmpdir();
  const src = demoDb(dir);
  const bak = path.join(dir, 'bak.db');
  let r = ok(canbo(['backup', '--db', src, '--out', bak]), 'backup');
  assert.match(r.stdout, /Đã sao lưu/);
  assert.match(r.stdout, /evaluation_scores\s+1\.\d{3}/, 'the summary table lists rows per table');
  assert.match(r.stdout, /Tổng cộng/);
  assert.match(r.stderr, /đã chép audit_log: \d+ dòng/, 'progress on stderr');
  const schema = schemaOf(bak);
  assert.ok(schema.length >= 20, 'every canbo table is in the backup');
  assert.ok(Number(query(bak, 'SELECT count(*) FROM evaluation_scores')) > 1000);
  assertSameContent(schema, dbUrl(src), bak);
  // the backup is a canbo database of its own, with the source's chain
  const head = verifiedHead(dbUrl(src));
  assert.equal(verifiedHead('sqlite:' + bak), head);
  assert.match(r.stdout, new RegExp(head));
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('tmp')), [], 'no temporary file left');

  const rest = path.join(dir, 'restored.db');
  r = ok(canbo(['restore', '--from', bak, '--db', 'sqlite:' + rest]), 'restore');
  assert.match(r.stdout, /Đã khôi phục/);
  assertSameContent(schema, bak, rest, { extra: 1 });
  const last = query(rest, "SELECT action || '|' || entity || '|' || after FROM audit_log ORDER BY id DESC LIMIT 1");
  assert.match(last, /^database\.restore\|database\|/);
  assert.equal(JSON.parse(last.split('|').slice(2).join('|')).audit_head, head, 'the restore row names the restored chain head');
  verifiedHead('sqlite:' + rest);
  // the restored file works as a canbo database
  ok(canbo(['unit', 'add', 'MOI', '--name', 'Đơn vị mới', '--kind', 'Phường', '--sector', 'Chính quyền', '--parent', 'HN', '--db', 'sqlite:' + rest]), 'a write after restore');
});

test('restore into PostgreSQL and migrate SQLite → PostgreSQL: same rows, chain verified, sequences continue', (t) => {
  if (!PG) {
    t.skip('CANBO_TEST_PG is not set: restoring into PostgreSQL needs a server (scripts/test-pg.sh cli)');
    return;
  }
  const dir = tmpdir();
  const src = demoDb(dir);
  const bak = path.join(dir, 'bak.db');
  ok(canbo(['backup', '--db', src, '--out', bak]), 'backup');
  const schema = schemaOf(bak);

  // restore: into a fresh empty PostgreSQL database (no schema yet)
  const target = dbUrl(path.join(dir, 'restored'));
  let r = ok(canbo(['restore', '--from', bak, '--db', target]), 'restore into PostgreSQL');
  assertSameContent(schema, bak, target, { extra: 1 });
  verifiedHead(target);

  // migrate: an SQLite database (not a backup) into PostgreSQL
  const lite = path.join(dir, 'lite.db');
  ok(canbo(['restore', '--from', bak, '--db', 'sqlite:' + lite]), 'an SQLite copy');
  const to = dbUrl(path.join(dir, 'migrated'));
  r = ok(canbo(['migrate', '--db', 'sqlite:' + lite, '--to', to]), 'migrate');
  assert.match(r.stdout, /Đã chuyển/);
  assert.match(r.stdout, /Nhật ký thay đổi toàn vẹn ở nguồn và bản sao/);
  assertSameContent(schema, 'sqlite:' + lite, to, { extra: 1 });
  assert.match(query(to, 'SELECT action FROM audit_log ORDER BY id DESC LIMIT 1'), /^database\.migrate$/);
  verifiedHead(to);
  // the keys and indexes set aside during the COPY are all back, as made
  // by the migrations
  const fresh = dbUrl(path.join(dir, 'fresh'));
  ok(canbo(['init', '--db', fresh]), 'init');
  const ddl = (db) => query(db, "SELECT string_agg(indexdef, E'\\n' ORDER BY indexname) FROM pg_indexes WHERE schemaname = current_schema()") +
    query(db, "SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), E'\\n' ORDER BY conname) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace");
  assert.ok(ddl(fresh).includes('FOREIGN KEY'));
  assert.equal(ddl(to), ddl(fresh));
  // identity sequences continue after the copied ids: new rows get new ids
  const maxUnit = Number(query(to, 'SELECT max(id) FROM units'));
  ok(canbo(['unit', 'add', 'MOI', '--name', 'Đơn vị mới', '--kind', 'Phường', '--sector', 'Chính quyền', '--parent', 'HN', '--db', to]), 'a write after migrate');
  assert.equal(Number(query(to, "SELECT id FROM units WHERE code = 'MOI'")), maxUnit + 1);
  verifiedHead(to);
});

test('refusals: an existing file, a target with data, another schema version, a broken audit chain — nothing changes', () => {
  const dir = tmpdir();
  const src = demoDb(dir);
  const bak = path.join(dir, 'bak.db');
  ok(canbo(['backup', '--db', src, '--out', bak]), 'backup');
  const schema = schemaOf(bak);
  const before = fs.readFileSync(bak);

  // an existing backup file is not overwritten without --force
  let r = canbo(['backup', '--db', src, '--out', bak]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /«.*bak\.db» đã có; không ghi đè \(dùng --force/);
  assert.ok(before.equals(fs.readFileSync(bak)), 'the file is untouched');
  ok(canbo(['backup', '--db', src, '--out', bak, '--force', '--quiet']), 'backup --force');
  assert.equal(canbo(['backup', '--db', src, '--out', bak, '--force', '--quiet']).stderr, '', '--quiet is quiet');
  assertSameContent(schema, dbUrl(src), bak);

  // a target that holds data: refused, unchanged; --replace replaces it
  const other = path.join(dir, 'other.db');
  ok(canbo(['demo', '--db', other]), 'another database');
  const otherDump = dump(dbUrl(other), schema.find((t) => t.name === 'audit_log'));
  r = canbo(['restore', '--from', bak, '--db', other]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, PG ? /đã có dữ liệu \(bảng \w+\); không ghi đè \(dùng --replace/ : /đã có; không ghi đè \(dùng --replace/);
  assert.equal(dump(dbUrl(other), schema.find((t) => t.name === 'audit_log')), otherDump);
  ok(canbo(['restore', '--from', bak, '--db', other, '--replace', '--quiet']), 'restore --replace');
  assertSameContent(schema, bak, dbUrl(other), { extra: 1 });
  verifiedHead(dbUrl(other));

  // schema versions: an older backup is refused with the way to upgrade it,
  // a newer one with the way forward; no target is made
  const old = path.join(dir, 'old.db');
  fs.copyFileSync(bak, old);
  const latest = Number(query(old, 'SELECT max(version) FROM schema_migrations'));
  assert.ok(latest >= 4);
  query(old, `DELETE FROM schema_migrations WHERE version = ${latest}`);
  r = canbo(['restore', '--from', old, '--db', 'sqlite:' + path.join(dir, 'x.db')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`Lược đồ của nguồn \\(số ${latest - 1}\\) khác lược đồ của đích \\(số ${latest}\\): hãy nâng cấp nguồn trước bằng canbo init`));
  query(old, `INSERT INTO schema_migrations VALUES (${latest}, 'x', 'x'), (99, 'tương lai', '2030-01-01')`);
  r = canbo(['restore', '--from', old, '--db', 'sqlite:' + path.join(dir, 'x.db')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /số 99.*canbo mới hơn/);
  assert.ok(!fs.existsSync(path.join(dir, 'x.db')));

  // a tampered audit log: refused with the first bad row, unless
  // --allow-broken-audit, which copies it as it is
  const bad = path.join(dir, 'bad.db');
  fs.copyFileSync(bak, bad);
  query(bad, "UPDATE audit_log SET actor = 'cli:ke-gian' WHERE id = 3");
  const target = path.join(dir, 'from-bad.db');
  r = canbo(['restore', '--from', bad, '--db', target]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Nhật ký thay đổi của nguồn KHÔNG toàn vẹn: bản ghi số 3 nội dung đã bị sửa/);
  assert.ok(!fs.existsSync(target) || PG, 'no file made');
  if (PG) assert.equal(query(dbUrl(target), 'SELECT count(*) FROM audit_log'), '0');
  r = ok(canbo(['restore', '--from', bad, '--db', target, '--allow-broken-audit', '--replace']), 'restore --allow-broken-audit');
  assert.match(r.stdout, /KHÔNG toàn vẹn từ bản ghi số 3/);
  const v = canbo(['audit', 'verify', '--db', target]);
  assert.equal(v.code, 1);
  assert.match(v.stderr, /bản ghi số 3 nội dung đã bị sửa/);
  assertSameContent(schema, bad, dbUrl(target), { extra: 1 });

  // usage
  assert.equal(canbo(['backup', '--db', src]).code, 2);
  assert.equal(canbo(['backup', '--db', src, '--out', 'postgres://x/y']).code, 2);
  assert.equal(canbo(['migrate', '--db', src, '--to', path.join(dir, 'y.db')]).code, 2);
  assert.equal(canbo(['restore', '--db', src]).code, 2);
  r = canbo(['restore', '--from', path.join(dir, 'khong-co.db'), '--db', 'sqlite:' + path.join(dir, 'z.db')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Không có cơ sở dữ liệu nguồn/);
  assert.ok(!fs.existsSync(path.join(dir, 'z.db')));
});

test('a copy that fails half-way leaves no target behind (SQLite file, PostgreSQL rows)', () => {
  const dir = tmpdir();
  const src = demoDb(dir);
  const bak = path.join(dir, 'bak.db');
  ok(canbo(['backup', '--db', src, '--out', bak, '--quiet']), 'backup');
  // a step of an evaluation that does not exist: evaluation_steps is copied
  // last, so every other table is written before the foreign key fails
  query(bak, "PRAGMA foreign_keys = OFF; INSERT INTO evaluation_steps (evaluation_id, seq, step, actor, at, late) VALUES (999999, 1, 'self', 'cli:x', '2026-11-20T00:00:00Z', 0)");
  const target = path.join(dir, 'half.db');
  const r = canbo(['restore', '--from', bak, '--db', target]);
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stderr, /vi phạm ràng buộc|FOREIGN KEY/);
  assert.match(r.stderr, /đã chép evaluations/, 'it failed after copying other tables');
  if (PG) {
    const counts = query(dbUrl(target), 'SELECT (SELECT count(*) FROM people) + (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM evaluations)');
    assert.equal(counts, '0', 'the PostgreSQL target holds no rows');
  } else {
    assert.ok(!fs.existsSync(target));
  }
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('half') || f.includes('tmp')), [], 'no file left');
  // the same copy into a new SQLite file (the other backend on PostgreSQL runs)
  const file = path.join(dir, 'half2.db');
  assert.equal(canbo(['restore', '--from', bak, '--db', 'sqlite:' + file, '--quiet']).code, 1);
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('half2') || f.includes('tmp')), []);
});

// Runs canbo without waiting; resolves {code, stdout, stderr}.
function canboAsync(args) {
  return new Promise((resolve) => {
    const p = spawn(BIN, args, { env: { ...process.env, CANBO_DB: '' } });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('backup while canbo serve is writing: each backup is one consistent moment of the chain', async () => {
  const dir = tmpdir();
  const src = demoDb(dir);
  const admin = addUser(src, 'saoluu', 'admin');
  const srv = await startServer(src);
  try {
    const c = await signIn(srv.url, admin);
    let writes = 0, stop = false;
    const writer = (async () => {
      while (!stop) {
        const r = await c.put('/api/v1/settings', { values: { 'deadline.self': 3 + (writes % 5) } });
        assert.equal(r.status, 200, r.text);
        writes++;
      }
    })();
    const backups = [];
    for (let i = 0; i < 3; i++) {
      while (writes < (i + 1) * 5) await new Promise((res) => setTimeout(res, 10));
      const out = path.join(dir, `live-${i}.db`);
      const at = writes;
      const r = await canboAsync(['backup', '--db', dbUrl(src), '--out', out, '--quiet']);
      assert.equal(r.code, 0, r.stderr);
      backups.push({ out, during: writes - at });
    }
    stop = true;
    await writer;
    assert.ok(backups.some((b) => b.during > 0), `the server wrote during a backup (${backups.map((b) => b.during)})`);
    let prev = 0;
    for (const b of backups) {
      // whole chain, and it is the source's chain up to that moment
      const head = verifiedHead('sqlite:' + b.out);
      const n = Number(query(b.out, 'SELECT max(id) FROM audit_log'));
      assert.ok(n > prev, 'later backups hold more of the chain');
      prev = n;
      assert.equal(query(dbUrl(src), `SELECT hash FROM audit_log WHERE id = ${n}`), head);
      // the settings table agrees with the last audit row about it
      const value = query(b.out, "SELECT value FROM settings WHERE key = 'deadline.self' AND unit_id IS NULL");
      const after = JSON.parse(query(b.out, "SELECT after FROM audit_log WHERE entity_id = 'deadline.self@*' ORDER BY id DESC LIMIT 1"));
      assert.equal(after.value, value);
    }
    // an SQLite file a server has open is not replaced under it
    if (!PG) {
      const r = canbo(['restore', '--from', backups[0].out, '--db', src, '--replace', '--quiet']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /đang được dùng \(canbo serve\?\)/);
      assert.equal((await c.get('/api/v1/settings')).status, 200, 'the server goes on');
    }
  } finally {
    await srv.stop();
  }
});
