// The authorisation matrix: every route of the server (read from its OpenAPI
// document, which is generated from the routes table) × every role × in
// scope / out of scope → the expected allow or deny. Each route group keeps
// its expectations in tests/api/matrix/<group>.mjs; a route without an entry,
// or an entry without a route, fails the test, so no route can be left out.
//
// "Allowed" means the request got past authorisation: not 401, not 403, and
// not a server error. Requests are chosen by each group so that an allowed
// one changes nothing (a body that fails validation after the access check).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CODES, ROLES, fixture } from './fixture.mjs';
import { signIn, sql } from './helpers.mjs';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'matrix');
const entries = {};
const setups = [];
for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.mjs')).sort()) {
  const m = await import(path.join(dir, f));
  if (typeof m.setup === 'function') setups.push(m.setup); // records some routes need (tasks)
  const mod = m.default;
  for (const [k, v] of Object.entries(mod)) {
    if (k.startsWith('_')) continue;
    assert.ok(!(k in entries), `${k} is in two matrix files`);
    entries[k] = { ...v, file: f };
  }
}

let fx, routes;
before(async () => {
  fx = await fixture();
  for (const setup of setups) await setup(fx);
  const doc = (await fx.clients.admin.get('/api/v1/openapi.json')).body;
  routes = [];
  for (const [p, ops] of Object.entries(doc.paths))
    for (const [m, op] of Object.entries(ops))
      routes.push({ key: `${m.toUpperCase()} ${p}`, public: Array.isArray(op.security) && op.security.length === 0, roles: op['x-roles'] });
});
after(async () => { await fx.stop(); });

test('every route has matrix expectations, and every expectation a route', () => {
  const keys = new Set(routes.filter((r) => !r.public).map((r) => r.key));
  const missing = [...keys].filter((k) => !(k in entries));
  const stale = Object.keys(entries).filter((k) => !keys.has(k));
  assert.deepEqual(missing, [], 'routes without matrix expectations');
  assert.deepEqual(stale, [], 'matrix expectations without a route');
});

test('the route table’s role masks agree with the matrix', () => {
  for (const r of routes.filter((x) => !x.public)) {
    const e = entries[r.key];
    if (!e) continue;
    // a role the mask excludes can never be allowed in the matrix
    for (const role of [...(e.allow.in || []), ...(e.allow.out || [])])
      assert.ok(r.roles.includes(role), `${r.key}: matrix allows ${role} but the route's roles are ${r.roles}`);
  }
});

test('every route × role × scope is allowed or denied as expected', async () => {
  const failures = [];
  let checked = 0;
  const auditBefore = sql(fx.db, 'SELECT COUNT(*) FROM audit_log');
  for (const r of routes.filter((x) => !x.public)) {
    const e = entries[r.key];
    if (!e) continue;
    for (const scope of ['in', 'out']) {
      const q = e.req(CODES, scope);
      if (!q) continue;
      for (const role of ROLES) {
        const client = q.fresh ? await signIn(fx.srv.url, fx.users[role]) : fx.clients[role];
        const res = await client.req(q.method, q.path, q.body, q.headers ? { headers: q.headers } : {});
        const allowed = (e.allow[scope] || []).includes(role);
        checked++;
        const ok = allowed ? res.status !== 401 && res.status !== 403 && res.status < 500 : res.status === 403;
        if (!ok)
          failures.push(`${r.key} [${scope}] as ${role}: expected ${allowed ? 'allow' : 'deny (403)'}, got ${res.status} ${res.text.slice(0, 160)}`);
      }
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${checked} checks failed`);
  assert.ok(checked >= 60);
  // nothing but sign-ins and sign-outs was written by the whole matrix
  const writes = sql(fx.db, `SELECT action FROM audit_log WHERE id > ${auditBefore} AND action NOT IN ('auth.login', 'auth.logout') GROUP BY action`);
  assert.equal(writes, '', 'the matrix requests changed data');
});
