// The server itself: the structured access log, request limits, session
// expiry, the sign-in rate limit, and the graceful shutdown on SIGTERM with
// a request in flight.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { Client, addUser, canbo, demoDb, errorOf, signIn, sql, startServer, tmpdir } from './helpers.mjs';

test('every request is one JSON line in the access log, without the query string', async () => {
  const db = demoDb();
  const log = path.join(tmpdir(), 'access.log');
  const srv = await startServer(db, ['--access-log', log]);
  const c = new Client(srv.url);
  await c.get('/api/v1/health');
  await c.get('/api/v1/people?q=nguyen%20van%20an');
  await srv.stop();
  const lines = fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(lines.length >= 2);
  const h = lines.find((l) => l.path === '/api/v1/health');
  assert.equal(h.status, 200);
  assert.equal(h.method, 'GET');
  assert.equal(h.ip, '127.0.0.1');
  assert.ok(typeof h.ms === 'number' && h.bytes > 0 && /^\d{4}-\d\d-\d\dT/.test(h.time));
  const p = lines.find((l) => l.path === '/api/v1/people');
  assert.equal(p.status, 401);
  assert.ok(!fs.readFileSync(log, 'utf8').includes('nguyen'), 'search terms are not logged');
});

test('oversized headers are refused, the server keeps serving', async () => {
  const db = demoDb();
  const srv = await startServer(db);
  const port = new URL(srv.url).port;
  const status = await new Promise((resolve) => {
    const s = net.connect(Number(port), '127.0.0.1', () => {
      s.write(`GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
    });
    let buf = '';
    s.on('data', (d) => { buf += d; });
    s.on('error', () => resolve(0));
    s.on('close', () => resolve(Number((buf.match(/^HTTP\/1\.1 (\d+)/) || [])[1] || 0)));
  });
  assert.ok(status === 0 || (status >= 400 && status < 500), `status ${status}`);
  assert.equal((await new Client(srv.url).get('/api/v1/health')).status, 200);
  await srv.stop();
});

test('a session ends after an hour without use', async () => {
  const db = demoDb();
  const creds = addUser(db, 'quantri', 'admin');
  const srv = await startServer(db);
  const c = await signIn(srv.url, creds);
  assert.equal((await c.get('/api/v1/users')).status, 200);
  sql(db, "UPDATE sessions SET seen_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-61 minutes')");
  const r = await c.get('/api/v1/users');
  assert.equal(r.status, 401);
  assert.match(errorOf(r).message, /hết hạn/);
  await srv.stop();
});

test('too many failed sign-ins from one address answer 429, even for a right password', async () => {
  const db = demoDb();
  addUser(db, 'nguoi.that', 'viewer', { password: 'mat-khau-dung-1' });
  const srv = await startServer(db);
  const c = new Client(srv.url);
  for (let i = 0; i < 20; i++) {
    const r = await c.login(`khong.co.${i}`, 'sai-mat-khau-123');
    assert.equal(r.status, 401);
  }
  const r = await c.login('nguoi.that', 'mat-khau-dung-1');
  assert.equal(r.status, 429);
  assert.match(errorOf(r).message, /Quá nhiều lần đăng nhập sai/);
  assert.equal(sql(db, 'SELECT COUNT(*) FROM sessions'), '0');
  await srv.stop();
});

test('SIGTERM: a request in flight finishes, then the server stops cleanly', async () => {
  const dir = tmpdir();
  const db = path.join(dir, 'big.db');
  const g = canbo(['gen', '--people', '20000', '--db', db, '--quiet']);
  assert.equal(g.code, 0, g.stderr);
  const creds = addUser(db, 'quantri', 'admin');
  const srv = await startServer(db);
  const c = await signIn(srv.url, creds);
  // a streamed export of 20,000 people, read slowly
  const res = await fetch(`${srv.url}/api/v1/exports/people.csv`, { headers: { Cookie: c.cookieHeader() } });
  assert.equal(res.status, 200);
  const reader = res.body.getReader();
  const first = await reader.read();
  const stopping = srv.stop(); // SIGTERM while the body is still coming
  let bytes = first.value.length;
  const chunks = [first.value];
  for (;;) {
    await new Promise((r) => setTimeout(r, 5));
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const rows = text.trim().split('\r\n').length - 1;
  assert.equal(rows, 20000, `all rows arrived (${bytes} bytes)`);
  assert.equal(await stopping, 0, 'the server exited cleanly');
  // and it no longer accepts connections
  await assert.rejects(fetch(`${srv.url}/api/v1/health`));
});
