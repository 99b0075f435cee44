// Bad input over HTTP: malformed JSON, wrong types, unknown fields, oversized
// bodies, invalid UTF-8, huge numbers and path tricks each get a 4xx with the
// one error shape and a Vietnamese message — and nothing changes in the
// database (checked by counting rows before and after).
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { Client, addUser, demoDb, errorOf, signIn, sql, startServer } from './helpers.mjs';

let db, srv, admin;
before(async () => {
  db = demoDb();
  const creds = addUser(db, 'quantri', 'admin');
  srv = await startServer(db);
  admin = await signIn(srv.url, creds);
});
after(async () => { await srv.stop(); });

// Everything a bad request could have written.
function snapshot() {
  return sql(db, "SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM api_tokens), (SELECT COUNT(*) FROM people), (SELECT COUNT(*) FROM units), (SELECT COUNT(*) FROM audit_log WHERE action NOT LIKE 'auth.%')");
}

const VI = /[ăâđêôơưáàảãạếềểễệốồổỗộớờởỡợíìỉĩịúùủũụứừửữựýỳỷỹỵ]/i;

async function expect4xx(promise, status, pattern) {
  const before = snapshot();
  const r = await promise;
  assert.equal(r.status, status, r.text);
  const e = errorOf(r);
  assert.match(e.message, VI, `Vietnamese message: ${e.message}`);
  if (pattern) assert.match(e.message, pattern);
  assert.equal(snapshot(), before, 'nothing changed');
  return e;
}

test('malformed JSON', async () => {
  await expect4xx(admin.post('/api/v1/tokens', '{"name": "một cửa"'), 400);
  await expect4xx(admin.post('/api/v1/tokens', '[1,2,3]'), 400, /đối tượng/);
  await expect4xx(admin.post('/api/v1/tokens', ''), 400);
  await expect4xx(admin.post('/api/v1/users', '{"username":"a","username":"b"}'), 400);
});

test('wrong types and unknown fields name the field', async () => {
  const e1 = await expect4xx(admin.post('/api/v1/tokens', { name: 5 }), 400);
  assert.match(e1.message, /name/);
  const e2 = await expect4xx(admin.post('/api/v1/tokens', { name: 'x', read_only: 'yes' }), 400);
  assert.match(e2.message, /read_only/);
  const e3 = await expect4xx(admin.post('/api/v1/tokens', { name: 'x', admin: true }), 400);
  assert.match(e3.message, /admin/);
  await expect4xx(admin.post('/api/v1/users', { username: 'a.b', role: 'vua' }), 400, /Vai trò/);
  await expect4xx(admin.post('/api/v1/users', { username: 'Có Dấu', role: 'staff' }), 400);
});

test('a body that is not JSON, or not declared as JSON', async () => {
  await expect4xx(admin.post('/api/v1/tokens', 'name=x', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 400, /JSON/);
});

test('oversized bodies are refused before they are read', async () => {
  const big = JSON.stringify({ name: 'x'.repeat(2 << 20) });
  await expect4xx(admin.post('/api/v1/tokens', big), 413, /quá lớn/);
  // a long name within the body limit is still refused by its own limit
  await expect4xx(admin.post('/api/v1/tokens', { name: 'x'.repeat(1000) }), 400);
});

test('invalid UTF-8 in the body and in the path', async () => {
  const bad = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
  await expect4xx(admin.post('/api/v1/tokens', bad), 400, /UTF-8/);
  await expect4xx(admin.post('/api/v1/users/%C3%28/reset', {}), 400, /UTF-8/);
});

test('huge numbers', async () => {
  await expect4xx(admin.del('/api/v1/tokens/99999999999999999999999999'), 400, /số nguyên dương/);
  await expect4xx(admin.del('/api/v1/tokens/-1'), 400);
  await expect4xx(admin.get('/api/v1/jobs/1e9'), 400);
  await expect4xx(admin.post('/api/v1/tokens', '{"name":"x","read_only":1e400}'), 400);
  await expect4xx(admin.post('/api/v1/tokens', '{"name":"x","read_only":123456789012345678901234567890}'), 400);
});

// Sends a raw request line (fetch would normalise the path first).
function raw(pathText) {
  return new Promise((resolve, reject) => {
    const u = new URL(srv.url);
    const req = http.request({ host: u.hostname, port: u.port, method: 'GET', path: pathText, headers: { Cookie: admin.cookieHeader() } }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, text: body, body: (() => { try { return JSON.parse(body); } catch { return body; } })() }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('path tricks find no route and reach no file', async () => {
  for (const p of ['/api/v1/../../etc/passwd', '/api/v1/users/../../../etc/passwd', '/api/v1//users',
    '/api/v1/users%2f..%2f..%2fetc%2fpasswd', '/api/v1/tokens/1%00', '/api/v1/health/..', '/%2e%2e/%2e%2e/etc/passwd']) {
    const r = await raw(p);
    assert.ok(r.status >= 400 && r.status < 500, `${p}: ${r.status}`);
    assert.ok(!/root:/.test(r.text), `${p} leaked a file`);
    errorOf(r);
  }
  // an unknown method on a known path is 405, on an unknown path 404
  assert.equal((await admin.req('PATCH', '/api/v1/health')).status, 405);
  assert.equal((await admin.get('/api/v1/khong-co')).status, 404);
});

test('after all that the server still answers and the audit chain is whole', async () => {
  assert.equal((await new Client(srv.url).get('/api/v1/health')).status, 200);
  assert.equal((await admin.get('/api/v1/users')).status, 200);
});
