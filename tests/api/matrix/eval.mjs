// Authorisation matrix of the evaluation routes (src/web/api_eval.c): for
// each route, the request for a scope ('in' = the ward P-HK and its people,
// 'out' = the commune X-SS and CB000286) and the roles that get past
// authorisation there; every other role must get 403.
//
// Every write here is refused by validation after the access check (a
// missing or wrong field), so that allowed roles get 400/404/409 and the
// database does not change.
//
// Evaluations are named PERSON@YYYY-MM, so no id has to be looked up. Tasks
// have no such name: `setup(fx)` (exported below) assigns one task in scope
// (CB000201's, by the reviewer CB000200) and one out of scope (CB000286's,
// by the administrator) through the API and keeps their ids for the task
// routes; a runner must call it once on the fixture before using those
// entries (or pass codes.taskIn / codes.taskOut).

import { sql } from '../helpers.mjs';

const ALL = ['staff', 'reviewer', 'head', 'hr', 'viewer', 'admin'];
const ym = (codes) => {
  const [m, y] = codes.month.split('/');
  return `${y}-${m}`;
};
const unit = (codes, scope) => (scope === 'in' ? codes.unitIn : codes.unitOut);
// The evaluated person: in scope the staff member CB000201 (reviewed by
// CB000200, decided by CB000165), out of scope CB000286.
const person = (codes, scope) => (scope === 'in' ? codes.staff : codes.personOut);
const evalKey = (codes, scope) => `${person(codes, scope)}@${ym(codes)}`;

const tasks = { in: null, out: null };
const taskId = (codes, scope) =>
  (scope === 'in' ? codes.taskIn ?? tasks.in : codes.taskOut ?? tasks.out) ?? 999999999;

// Assigns the two tasks the task routes act on; call once per fixture.
export async function setup(fx) {
  const { codes } = fx;
  const mk = async (client, who) => {
    const r = await client.post('/api/v1/tasks', {
      person: who, month: codes.month, title: 'Báo cáo tình hình tháng', assigned_at: '2026-11-02',
      deadline: '2026-11-20',
    });
    if (r.status !== 201) throw new Error(`matrix setup: task for ${who}: ${r.status} ${r.text}`);
    return r.body.task.id;
  };
  tasks.in = await mk(fx.clients.reviewer, codes.staff);
  tasks.out = await mk(fx.clients.admin, codes.personOut);
  return tasks;
}

const post = (path, body) => ({ method: 'POST', path, body });
const get = (path) => ({ method: 'GET', path });

export default {
  'GET /api/v1/periods': {
    req: (codes, scope) => (scope === 'in' ? get('/api/v1/periods') : null),
    allow: { in: ALL, out: [] },
  },
  'POST /api/v1/periods': {
    // no month: refused after the unit check
    req: (codes, scope) => post('/api/v1/periods', { units: unit(codes, scope) }),
    allow: { in: ['hr', 'admin'], out: ['admin'] },
  },
  'GET /api/v1/periods/{month}/status': {
    req: (codes, scope) => get(`/api/v1/periods/${ym(codes)}/status?unit=${unit(codes, scope)}`),
    allow: { in: ['head', 'hr', 'viewer', 'admin'], out: ['admin'] },
  },
  'GET /api/v1/evaluations': {
    // staff and reviewers may ask for any unit: they only ever get their own
    // evaluation and those they review or decide (an empty list out of scope)
    req: (codes, scope) => get(`/api/v1/evaluations?unit=${unit(codes, scope)}&month=${ym(codes)}`),
    allow: { in: ALL, out: ['staff', 'reviewer', 'admin'] },
  },
  'GET /api/v1/evaluations/{id}': {
    req: (codes, scope) => get(`/api/v1/evaluations/${evalKey(codes, scope)}`),
    allow: { in: ALL, out: ['admin'] },
  },
  'POST /api/v1/evaluations/{id}/self': {
    req: (codes, scope) => post(`/api/v1/evaluations/${evalKey(codes, scope)}/self`, {}),
    allow: { in: ['staff', 'admin'], out: ['admin'] },
  },
  'POST /api/v1/evaluations/{id}/review': {
    req: (codes, scope) => post(`/api/v1/evaluations/${evalKey(codes, scope)}/review`, {}),
    allow: { in: ['reviewer', 'admin'], out: ['admin'] },
  },
  'POST /api/v1/evaluations/{id}/objection': {
    req: (codes, scope) => post(`/api/v1/evaluations/${evalKey(codes, scope)}/objection`, {}),
    allow: { in: ['staff', 'admin'], out: ['admin'] },
  },
  'POST /api/v1/evaluations/{id}/answer': {
    req: (codes, scope) => post(`/api/v1/evaluations/${evalKey(codes, scope)}/answer`, {}),
    allow: { in: ['head', 'admin'], out: ['admin'] },
  },
  'GET /api/v1/decisions': {
    // deciders see their lists (the reviewer CB000200 decides his room's
    // staff), readers whose scope holds the unit see every list
    req: (codes, scope) => get(`/api/v1/decisions?unit=${unit(codes, scope)}&month=${ym(codes)}`),
    allow: { in: ['reviewer', 'head', 'hr', 'viewer', 'admin'], out: ['admin'] },
  },
  'POST /api/v1/decisions': {
    req: (codes, scope) =>
      post('/api/v1/decisions', { month: codes.month, unit: unit(codes, scope), grant: 'không phải mảng' }),
    allow: { in: ['reviewer', 'head', 'admin'], out: ['admin'] },
  },
  'POST /api/v1/decisions/publish': {
    req: (codes, scope) =>
      post('/api/v1/decisions/publish', { month: codes.month, unit: unit(codes, scope), unknown: 1 }),
    allow: { in: ['reviewer', 'head', 'admin'], out: ['admin'] },
  },
  'POST /api/v1/decisions/lock': {
    req: (codes, scope) =>
      post('/api/v1/decisions/lock', { month: codes.month, unit: unit(codes, scope), unknown: 1 }),
    allow: { in: ['reviewer', 'head', 'admin'], out: ['admin'] },
  },
  'POST /api/v1/decisions/reopen': {
    // no reason
    req: (codes, scope) => post('/api/v1/decisions/reopen', { evaluation: evalKey(codes, scope) }),
    allow: { in: ['head', 'admin'], out: ['admin'] },
  },
  'GET /api/v1/quotas/what-if': {
    req: (codes, scope) => get(`/api/v1/quotas/what-if?unit=${unit(codes, scope)}&month=${ym(codes)}`),
    allow: { in: ['reviewer', 'head', 'hr', 'viewer', 'admin'], out: ['admin'] },
  },
  'POST /api/v1/quotas/what-if': {
    // no framework: no organisation scope
    req: (codes, scope) => (scope === 'in' ? post('/api/v1/quotas/what-if', {}) : null),
    allow: { in: ALL, out: [] },
  },
  'GET /api/v1/work-products': {
    req: (codes, scope) => (scope === 'in' ? get(`/api/v1/work-products?unit=${codes.unitIn}`) : null),
    allow: { in: ALL, out: [] },
  },
  'POST /api/v1/work-products': {
    // no position
    req: (codes, scope) => post('/api/v1/work-products', { unit: unit(codes, scope) }),
    allow: { in: ['hr', 'admin'], out: ['admin'] },
  },
  'GET /api/v1/tasks': {
    req: (codes, scope) => get(`/api/v1/tasks?person=${person(codes, scope)}&month=${ym(codes)}`),
    allow: { in: ALL, out: ['admin'] },
  },
  'POST /api/v1/tasks': {
    // no month; the staff member may not assign a task to himself
    req: (codes, scope) => post('/api/v1/tasks', { person: person(codes, scope) }),
    allow: { in: ['reviewer', 'head', 'admin'], out: ['admin'] },
  },
  'POST /api/v1/tasks/{id}/done': {
    req: (codes, scope) => post(`/api/v1/tasks/${taskId(codes, scope)}/done`, { date: 'hôm qua' }),
    allow: { in: ['staff', 'reviewer', 'admin'], out: ['admin'] },
  },
  'POST /api/v1/tasks/{id}/review': {
    req: (codes, scope) => post(`/api/v1/tasks/${taskId(codes, scope)}/review`, {}),
    allow: { in: ['reviewer', 'admin'], out: ['admin'] },
  },
  'POST /api/v1/tasks/{id}/waive': {
    req: (codes, scope) => post(`/api/v1/tasks/${taskId(codes, scope)}/waive`, {}),
    allow: { in: ['reviewer', 'head', 'admin'], out: ['admin'] },
  },
  'POST /api/v1/annual-results': {
    // no year
    req: (codes, scope) => post('/api/v1/annual-results', { unit: unit(codes, scope) }),
    allow: { in: ['hr', 'admin'], out: ['admin'] },
  },
  'GET /api/v1/annual-results': {
    req: (codes, scope) => get(`/api/v1/annual-results?unit=${unit(codes, scope)}&year=${codes.year}`),
    allow: { in: ['head', 'hr', 'viewer', 'admin'], out: ['admin'] },
  },
};

// ---- helpers shared by eval.test.mjs and month.test.mjs ----------------------

// The scores a person gives by hand (scored criteria, and work products
// when they have no tasks): pick(criterion) → points.
export function scoresFor(evaluation, pick) {
  return evaluation.criteria
    .filter((c) => c.kind === 'scored' || c.kind === 'work_products')
    .map((c) => ({ code: c.code, points: pick(c) }));
}

// Codes of the people whose evaluation of the fixture month `decider` decides.
export function listOf(fx, decider) {
  const [m, y] = fx.codes.month.split('/');
  return sql(fx.db, `SELECT p.code FROM evaluations e JOIN people p ON p.id = e.person_id
    WHERE e.year = ${Number(y)} AND e.month = ${Number(m)}
    AND e.decider_id = (SELECT id FROM people WHERE code = '${decider}') ORDER BY p.code`)
    .split('\n').filter(Boolean);
}

// Self-assesses and accepts as reviewed, through the API as the
// administrator (who may act for anyone), the evaluation of each person in
// codes: points(code, criterion) gives the points.
export async function selfAndReview(fx, codes, points) {
  const admin = fx.clients.admin;
  for (const code of codes) {
    const key = `${code}@${ym(fx.codes)}`;
    const ev = (await admin.get(`/api/v1/evaluations/${key}`)).body;
    const s = await admin.post(`/api/v1/evaluations/${key}/self`,
      { scores: scoresFor(ev, (c) => points(code, c)), version: ev.version });
    if (s.status !== 200) throw new Error(`self ${code}: ${s.status} ${s.text}`);
    const r = await admin.post(`/api/v1/evaluations/${key}/review`,
      { version: s.body.evaluation.version });
    if (r.status !== 200) throw new Error(`review ${code}: ${r.status} ${r.text}`);
  }
}

// Runs the matrix on a fixture: every route × role × scope. Returns the
// failures as text (empty when the matrix holds).
export async function runMatrix(fx, matrix, roles = ALL) {
  const bad = [];
  for (const [route, spec] of Object.entries(matrix)) {
    for (const scope of ['in', 'out']) {
      const rq = spec.req(fx.codes, scope);
      if (!rq) continue;
      for (const role of roles) {
        const c = fx.clients[role];
        const r = rq.method === 'GET' ? await c.get(rq.path) : await c.req(rq.method, rq.path, rq.body ?? {});
        const allowed = spec.allow[scope].includes(role);
        if (allowed && (r.status === 401 || r.status === 403))
          bad.push(`${route} ${scope} ${role}: expected past authorisation, got ${r.status} ${r.text}`);
        if (!allowed && r.status !== 403)
          bad.push(`${route} ${scope} ${role}: expected 403, got ${r.status} ${r.text.slice(0, 200)}`);
        if (allowed && rq.method !== 'GET' && r.status < 400)
          bad.push(`${route} ${scope} ${role}: the write was not refused (${r.status})`);
      }
    }
  }
  return bad;
}

// What AddressSanitizer, LeakSanitizer or UndefinedBehaviorSanitizer
// reported in a server's log.
export function sanitizerProblems(log) {
  const text = log.join('');
  const out = [];
  if (/runtime error/.test(text)) out.push('UndefinedBehaviorSanitizer: runtime error');
  if (/ERROR: AddressSanitizer/.test(text)) out.push('AddressSanitizer error');
  for (const block of text.split(/\n(?=(?:Direct|Indirect) leak)/).slice(1))
    out.push(block.split('\n').slice(0, 14).join('\n'));
  return out;
}
