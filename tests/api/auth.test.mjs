// Sign-in, sessions, CSRF, initial passwords, lockout, API tokens and the
// OpenAPI document, against a real server on a real database.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, addUser, canbo, demoDb, errorOf, signIn, sql, startServer } from './helpers.mjs';

let db, srv, admin;
before(async () => {
  db = demoDb();
  admin = addUser(db, 'quantri', 'admin');
  addUser(db, 'tochuc', 'hr', { scope: 'HN' });
  srv = await startServer(db);
});
after(async () => { await srv.stop(); });

test('health, OpenAPI and sign-in are open; everything else answers 401', async () => {
  const c = new Client(srv.url);
  const h = await c.get('/api/v1/health');
  assert.equal(h.status, 200);
  assert.equal(h.body.status, 'ok');
  const doc = await c.get('/api/v1/openapi.json');
  assert.equal(doc.status, 200);
  assert.equal(doc.body.openapi, '3.0.3');
  for (const [p, ops] of Object.entries(doc.body.paths)) {
    for (const [m, op] of Object.entries(ops)) {
      if (op.security && op.security.length === 0) continue; // public
      const concrete = p.replace(/\{[^}]+\}/g, 'X');
      const r = await c.req(m.toUpperCase(), concrete, m === 'get' || m === 'delete' ? undefined : {});
      assert.equal(r.status, 401, `${m} ${p} without a session`);
      assert.equal(errorOf(r).code, 'unauthorized');
    }
  }
});

test('every route in the OpenAPI document has a summary and a description', async () => {
  const c = new Client(srv.url);
  const doc = (await c.get('/api/v1/openapi.json')).body;
  let n = 0;
  for (const [p, ops] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(ops)) {
      n++;
      assert.ok(op.summary && op.summary.length > 3, `${m} ${p} has a summary`);
      assert.ok(op.description && op.description.length > 10, `${m} ${p} has a description`);
      assert.ok(Array.isArray(op.tags) && op.tags.length === 1, `${m} ${p} has a tag`);
    }
  }
  assert.ok(n >= 10);
});

test('an initial password must be changed before anything else', async () => {
  const c = new Client(srv.url);
  const r = await c.login('tochuc', 'tam-thoi-tochuc-1');
  assert.equal(r.status, 200);
  assert.equal(r.body.user.must_change_password, true);
  assert.match(r.headers.get('set-cookie'), /canbo_session=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Strict/);
  const blocked = await c.get('/api/v1/tokens');
  assert.equal(blocked.status, 403);
  assert.equal(errorOf(blocked).details.reason, 'password_change_required');
  const me = await c.get('/api/v1/auth/me');
  assert.equal(me.status, 200);
  const short = await c.post('/api/v1/auth/password', { old_password: 'tam-thoi-tochuc-1', new_password: 'ngan' });
  assert.equal(short.status, 400);
  const ok = await c.post('/api/v1/auth/password', { old_password: 'tam-thoi-tochuc-1', new_password: 'tam-thoi-tochuc-1-moi' });
  assert.equal(ok.status, 200);
  assert.equal((await c.get('/api/v1/tokens')).status, 200);
  assert.equal(sql(db, "SELECT must_change FROM users WHERE username='tochuc'"), '0');
});

test('a cookie-authenticated write without the CSRF token is refused', async () => {
  const c = await signIn(srv.url, admin);
  const before = sql(db, 'SELECT COUNT(*) FROM api_tokens');
  const r = await c.post('/api/v1/tokens', { name: 'một cửa' }, { noCsrf: true });
  assert.equal(r.status, 403);
  assert.equal(errorOf(r).details.reason, 'csrf');
  const wrong = await c.post('/api/v1/tokens', { name: 'một cửa' }, { headers: { 'X-CSRF-Token': 'x'.repeat(64) } });
  assert.equal(wrong.status, 403);
  assert.equal(sql(db, 'SELECT COUNT(*) FROM api_tokens'), before);
});

test('wrong passwords lock the account; the message does not reveal which part was wrong', async () => {
  addUser(db, 'khoa.thu', 'viewer', { scope: 'HN' });
  const c = new Client(srv.url);
  const nouser = await c.login('khong.co.ai', 'sai-mat-khau-123');
  const badpw = await c.login('khoa.thu', 'sai-mat-khau-123');
  assert.equal(nouser.status, 401);
  assert.equal(badpw.status, 401);
  assert.equal(errorOf(nouser).message, errorOf(badpw).message);
  for (let i = 0; i < 4; i++) await c.login('khoa.thu', 'sai-mat-khau-123');
  const locked = await c.login('khoa.thu', 'tam-thoi-khoa.thu-1');
  assert.equal(locked.status, 403);
  assert.match(errorOf(locked).message, /tạm khoá/);
  assert.notEqual(sql(db, "SELECT locked_until FROM users WHERE username='khoa.thu'"), '');
  // the administrator's reset unlocks
  assert.equal(canbo(['user', 'reset', 'khoa.thu', '--password', 'mat-khau-moi-1234', '--db', db]).code, 0);
  assert.equal((await c.login('khoa.thu', 'mat-khau-moi-1234')).status, 200);
});

test('API tokens: shown once, stored hashed, read-only refuses writes, revocation works', async () => {
  const ad = await signIn(srv.url, admin);
  const made = await ad.post('/api/v1/tokens', { name: 'Hệ thống một cửa', read_only: true });
  assert.equal(made.status, 201);
  const secret = made.body.token;
  assert.match(secret, /^cb_[0-9a-f]{64}$/);
  assert.equal(sql(db, `SELECT COUNT(*) FROM api_tokens WHERE token_hash LIKE '%${secret.slice(3, 20)}%'`), '0');
  const t = new Client(srv.url);
  t.headers.Authorization = `Bearer ${secret}`;
  const tr = await t.get('/api/v1/users');
  assert.equal(tr.status, 200, tr.text);
  const w = await t.post('/api/v1/tokens', { name: 'x' });
  assert.equal(w.status, 403);
  const list = await ad.get('/api/v1/tokens');
  assert.ok(list.body.items.some((i) => i.name === 'Hệ thống một cửa' && i.last_used));
  assert.ok(!JSON.stringify(list.body).includes(secret));
  assert.equal((await ad.del(`/api/v1/tokens/${made.body.id}`)).status, 200);
  assert.equal((await t.get('/api/v1/users')).status, 401);
});

test('sign-out ends the session on the server', async () => {
  const c = await signIn(srv.url, admin);
  const cookie = c.cookieHeader();
  assert.equal((await c.post('/api/v1/auth/logout')).status, 200);
  const replay = new Client(srv.url);
  const r = await replay.get('/api/v1/auth/me', { headers: { Cookie: cookie } });
  assert.equal(r.status, 401);
});

test('every change is in the audit log and the chain verifies', async () => {
  const n = Number(sql(db, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'auth.%' OR action LIKE 'user.%' OR action LIKE 'token.%'"));
  assert.ok(n >= 5);
  assert.ok(Number(sql(db, "SELECT COUNT(*) FROM audit_log WHERE source = '127.0.0.1'")) > 0);
  const v = canbo(['audit', 'verify', '--db', db]);
  assert.equal(v.code, 0, v.stderr);
});
