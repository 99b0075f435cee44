// Shared helpers for the API tests: a real `canbo serve` on a free port over
// a real database, real sign-ins with cookies and CSRF tokens, and sqlite3
// to look inside the database afterwards.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, canbo, dbUrl, sql, tmpdir } from '../cli/helpers.mjs';

export { BIN, canbo, dbUrl, sql, tmpdir };

// A fresh demo database in a temporary folder; returns its path.
export function demoDb() {
  const dir = tmpdir();
  const db = path.join(dir, 'demo.db');
  const r = canbo(['demo', '--db', db]);
  if (r.code !== 0) throw new Error(`demo failed: ${r.stderr}`);
  return db;
}

// Starts `canbo serve` on a free port; resolves {url, proc, log, stop()}.
export function startServer(db, extra = []) {
  return new Promise((resolve, reject) => {
    const proc = spawn(BIN, ['serve', '--db', dbUrl(db), '--listen', '127.0.0.1:0', ...extra], {
      env: { ...process.env, CANBO_DB: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const log = [];
    proc.stderr.on('data', (d) => log.push(d.toString()));
    proc.stdout.on('data', (d) => {
      out += d.toString();
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        const url = `http://127.0.0.1:${m[1]}`;
        resolve({
          url,
          proc,
          log,
          // Stops the server (SIGTERM: a graceful shutdown) and fails when it
          // did not exit cleanly — a sanitizer report (leak, memory error)
          // in the server makes its exit code non-zero.
          stop: () =>
            new Promise((res, rej) => {
              const done = (code, sig) => {
                if (code === 0) res(0);
                else rej(new Error(`canbo serve exited with ${code ?? sig}: ${log.join('').slice(-4000)}`));
              };
              if (proc.exitCode !== null) return done(proc.exitCode, proc.signalCode);
              proc.removeAllListeners('exit');
              proc.on('exit', done);
              proc.kill('SIGTERM');
            }),
        });
      }
    });
    proc.on('exit', (code) => reject(new Error(`canbo serve exited (${code}): ${log.join('')}`)));
  });
}

// Creates a user from the command line with a known password; the user must
// still change it at first sign-in (use signIn, which does).
export function addUser(db, username, role, { person, scope, password } = {}) {
  const args = ['user', 'add', username, '--role', role, '--db', db,
    '--password', password || `tam-thoi-${username}-1`];
  if (person) args.push('--person', person);
  if (scope) args.push('--scope', scope);
  const r = canbo(args);
  if (r.code !== 0) throw new Error(`user add ${username} failed: ${r.stderr}`);
  return { username, password: password || `tam-thoi-${username}-1` };
}

// A signed-in client: cookies and the CSRF token are kept and sent.
export class Client {
  constructor(url) {
    this.url = url;
    this.cookies = new Map();
    this.csrf = null;
    this.headers = {};
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  // Raw request: returns {status, headers, body (parsed JSON or text), text}.
  // opts: headers, noCsrf, timeout (ms: a slower answer rejects).
  async req(method, p, body, opts = {}) {
    const headers = { ...this.headers, ...(opts.headers || {}) };
    if (this.cookies.size) headers.Cookie = this.cookieHeader();
    if (this.csrf && method !== 'GET' && !('X-CSRF-Token' in headers) && !opts.noCsrf)
      headers['X-CSRF-Token'] = this.csrf;
    let payload;
    if (body !== undefined) {
      if (typeof body === 'string' || body instanceof Uint8Array || Buffer.isBuffer(body)) {
        payload = body;
        headers['Content-Type'] ??= 'application/json';
      } else {
        payload = JSON.stringify(body);
        headers['Content-Type'] = 'application/json';
      }
    }
    const res = await fetch(this.url + p, { method, headers, body: payload, redirect: 'manual',
      signal: opts.timeout ? AbortSignal.timeout(opts.timeout) : undefined });
    for (const c of res.headers.getSetCookie?.() || []) {
      const [kv] = c.split(';');
      const i = kv.indexOf('=');
      const k = kv.slice(0, i), v = kv.slice(i + 1);
      if (/Max-Age=0/.test(c) || v === '') this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
    const buf = Buffer.from(await res.arrayBuffer());
    const text = buf.toString('utf8');
    let parsed = text;
    if ((res.headers.get('content-type') || '').startsWith('application/json')) {
      try { parsed = JSON.parse(text); } catch { parsed = text; }
    }
    return { status: res.status, headers: res.headers, body: parsed, text, raw: buf };
  }

  // The same session on another server (several servers on one database,
  // as behind a load balancer): the cookie jar and CSRF token are shared.
  at(url) {
    const c = new Client(url);
    c.cookies = this.cookies;
    c.csrf = this.csrf;
    c.headers = this.headers;
    c.user = this.user;
    return c;
  }

  get(p, opts) { return this.req('GET', p, undefined, opts); }
  post(p, body, opts) { return this.req('POST', p, body ?? {}, opts); }
  put(p, body, opts) { return this.req('PUT', p, body ?? {}, opts); }
  patch(p, body, opts) { return this.req('PATCH', p, body ?? {}, opts); }
  del(p, opts) { return this.req('DELETE', p, undefined, opts); }

  async login(username, password) {
    const r = await this.post('/api/v1/auth/login', { username, password });
    if (r.status === 200) this.csrf = r.body.csrf_token;
    return r;
  }
}

// Signs in, changing an initial password when asked; returns the client.
// The new password is `${password}-moi` and is remembered in creds.current,
// so that signing in again with the same creds object works first time.
export async function signIn(url, creds) {
  const { username, password } = creds;
  const c = new Client(url);
  const r = await c.login(username, creds.current || password);
  if (r.status !== 200) throw new Error(`sign-in ${username}: ${r.status} ${r.text}`);
  if (r.body.user.must_change_password) {
    const ch = await c.post('/api/v1/auth/password',
      { old_password: creds.current || password, new_password: `${password}-moi` });
    if (ch.status !== 200) throw new Error(`password change ${username}: ${ch.text}`);
    creds.current = `${password}-moi`;
  }
  c.user = r.body.user;
  return c;
}

// Asserts the one error shape and returns the error object.
export function errorOf(r) {
  if (!r.body || typeof r.body !== 'object' || !r.body.error)
    throw new Error(`expected an error body, got ${r.status}: ${r.text}`);
  const e = r.body.error;
  if (typeof e.code !== 'string' || typeof e.message !== 'string' || !('details' in e))
    throw new Error(`bad error shape: ${r.text}`);
  return e;
}

export function readFile(p) {
  return fs.readFileSync(p);
}
