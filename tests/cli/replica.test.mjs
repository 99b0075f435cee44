// A streaming replica of PostgreSQL for reports (issue 6): canbo opens a hot
// standby read-only, answers reads and exports from it exactly as from the
// primary, verifies the audit chain there, sees the primary's new writes
// once replayed, and refuses a write with a clear Vietnamese message
// (nothing is migrated or written on a standby).
//
// Needs CANBO_TEST_PG (scripts/test-pg.sh): the replica is made with
// pg_basebackup from that server and started on a free port for this file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PG, canbo, dbUrl, tmpdir } from './helpers.mjs';

const skip = PG ? false : 'cần PostgreSQL (CANBO_TEST_PG, scripts/test-pg.sh)';
const BIN = '/usr/lib/postgresql/15/bin';
const asRoot = process.getuid && process.getuid() === 0;

// Runs a PostgreSQL program as the postgres user when we are root.
function pgRun(prog, args) {
  const cmd = asRoot ? 'runuser' : path.join(BIN, prog);
  const argv = asRoot ? ['-u', 'postgres', '--', path.join(BIN, prog), ...args] : args;
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${prog} failed: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

function psqlAt(url, q) {
  const r = spawnSync('psql', [url, '-X', '-qAt', '-c', q], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
  return r.stdout.trim();
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let dir, primary, replica, dataDir;

before(async () => {
  if (skip) return;
  primary = dbUrl(path.join(tmpdir(), 'replica-primary.db'));
  let r = canbo(['gen', '--people', '3000', '--seed', '7', '--db', primary, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  r = canbo(['period', 'open', 'HNI', '--month', '11/2026', '--db', primary]);
  assert.equal(r.code, 0, r.stderr);

  // the replica's files must be reachable by the postgres user: /tmp
  dir = fs.mkdtempSync('/tmp/canbo-replica-');
  if (asRoot) spawnSync('chown', ['postgres:', dir]);
  fs.chmodSync(dir, 0o700);
  dataDir = path.join(dir, 'data');
  const u = new URL(PG);
  pgRun('pg_basebackup', ['-h', u.hostname, '-p', u.port, '-U', u.username || 'postgres',
    '-D', dataDir, '-R', '-X', 'stream', '-c', 'fast']);
  const maxConn = psqlAt(PG, 'SHOW max_connections');
  const port = await freePort();
  pgRun('pg_ctl', ['-D', dataDir, '-l', path.join(dir, 'log'), '-w', '-t', '60', '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=${maxConn}`, 'start']);
  replica = primary.replace(/\/\/([^@/]*@)?[^/]*\//, `//$1127.0.0.1:${port}/`);
  assert.equal(psqlAt(replica, 'SELECT pg_is_in_recovery()'), 't');
});

after(() => {
  if (skip || !dataDir) return;
  try { pgRun('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']); } catch { /* gone */ }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a hot standby answers reports exactly as the primary', { skip }, () => {
  const out = tmpdir();
  for (const [name, args] of [
    ['people.csv', ['export', 'people', '--unit', 'HNI', '--subtree']],
    ['month.csv', ['export', 'month', 'HNI', '--month', '11/2026']],
  ]) {
    const a = canbo([...args, '--out', path.join(out, 'p-' + name), '--db', primary]);
    assert.equal(a.code, 0, a.stderr);
    const b = canbo([...args, '--out', path.join(out, 'r-' + name), '--db', replica]);
    assert.equal(b.code, 0, b.stderr);
    const pa = fs.readFileSync(path.join(out, 'p-' + name), 'utf8');
    const pb = fs.readFileSync(path.join(out, 'r-' + name), 'utf8');
    assert.ok(pa.split('\n').length > 100, `${name} has rows`);
    // the header carries the export date only in XLSX; CSV is comparable whole
    assert.equal(pb, pa, `${name} from the replica equals the primary's`);
  }
  const t1 = canbo(['unit', 'tree', '--db', primary]);
  const t2 = canbo(['unit', 'tree', '--db', replica]);
  assert.equal(t2.code, 0, t2.stderr);
  assert.equal(t2.stdout, t1.stdout);
  const v = canbo(['audit', 'verify', '--db', replica]);
  assert.equal(v.code, 0, v.stderr);
  assert.match(v.stdout, /chuỗi băm liền mạch/);
  const vp = canbo(['audit', 'verify', '--db', primary]);
  assert.equal(v.stdout, vp.stdout, 'same chain and last hash on both');
});

test('a backup taken from the standby is the primary\'s data', { skip }, () => {
  const file = path.join(tmpdir(), 'from-replica.db');
  const b = canbo(['backup', '--out', file, '--db', replica, '--quiet']);
  assert.equal(b.code, 0, b.stderr);
  // the backup is an SQLite file: compare its chain with the primary's
  const env = { ...process.env, CANBO_TEST_PG: '' };
  const r = spawnSync(process.env.CANBO_BIN || 'build/dev/canbo', ['audit', 'verify', '--db', file],
    { encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  const vp = canbo(['audit', 'verify', '--db', primary]);
  assert.equal(r.stdout, vp.stdout, 'same chain and last hash');
});

test('a write on the standby is refused with a clear message and changes nothing', { skip }, () => {
  const before = psqlAt(replica, 'SELECT count(*) FROM audit_log');
  const r = canbo(['user', 'add', 'baocao', '--role', 'viewer', '--password', 'mat-khau-dai-12345',
    '--db', replica]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /bản sao chỉ đọc/);
  assert.doesNotMatch(r.stderr, /ERROR|read-only transaction/, 'no raw PostgreSQL text');
  assert.equal(psqlAt(replica, 'SELECT count(*) FROM audit_log'), before);
});

test("the primary's new writes reach the standby", { skip }, async () => {
  const r = canbo(['user', 'add', 'baocao2', '--role', 'viewer', '--password',
    'mat-khau-dai-12345', '--db', primary]);
  assert.equal(r.code, 0, r.stderr);
  const want = psqlAt(primary, 'SELECT max(id) FROM audit_log');
  let got = '';
  for (let i = 0; i < 100 && got !== want; i++) {
    got = psqlAt(replica, 'SELECT max(id) FROM audit_log');
    if (got !== want) await sleep(100);
  }
  assert.equal(got, want, 'replayed within 10 s');
  const l = canbo(['user', 'list', '--db', replica]);
  assert.equal(l.code, 0, l.stderr);
  assert.match(l.stdout, /baocao2/);
});
