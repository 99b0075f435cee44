// The evaluation API (src/web/api_eval.c) on the shared fixture: the
// authorisation matrix, who may read what, refused scores and decisions
// that change nothing, the tie the head must choose, a lost race, tasks,
// the catalogue, periods and the year.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addUser, canbo, errorOf, signIn, sql, startServer, tmpdir } from './helpers.mjs';
import path from 'node:path';
import { fixture } from './fixture.mjs';
import matrix, { listOf, runMatrix, sanitizerProblems, scoresFor, selfAndReview, setup } from './matrix/eval.mjs';

let fx, db;
const M = '2026-11';
before(async () => {
  fx = await fixture();
  db = fx.db;
  await setup(fx);
});
after(async () => {
  await fx.stop();
  // the server runs under AddressSanitizer: no leak or memory error on the way
  assert.deepEqual(sanitizerProblems(fx.srv.log), []);
});

const audits = () => sql(db, 'SELECT COUNT(*) FROM audit_log');
const evalState = (code) => sql(db, `SELECT e.status, e.version, COALESCE(e.self_total, ''),
  COALESCE(e.review_total, ''), COALESCE(e.final_total, ''), COALESCE(e.grade_code, ''), e.top_granted
  FROM evaluations e JOIN people p ON p.id = e.person_id WHERE p.code = '${code}' AND e.year = 2026 AND e.month = 11`);
const listState = (codes) => codes.map(evalState).join('\n');

test('the authorisation matrix holds for every route, role and scope, and changes nothing', async () => {
  const before = [audits(), sql(db, 'SELECT COUNT(*), SUM(version) FROM evaluations'),
    sql(db, 'SELECT COUNT(*) FROM tasks'), sql(db, 'SELECT COUNT(*) FROM periods')];
  const bad = await runMatrix(fx, matrix);
  assert.deepEqual(bad, []);
  const after = [audits(), sql(db, 'SELECT COUNT(*), SUM(version) FROM evaluations'),
    sql(db, 'SELECT COUNT(*) FROM tasks'), sql(db, 'SELECT COUNT(*) FROM periods')];
  assert.deepEqual(after, before);
  // every route of the group is in the matrix
  const doc = (await fx.clients.admin.get('/api/v1/openapi.json')).body;
  const ours = [];
  for (const [p, ops] of Object.entries(doc.paths))
    for (const m of Object.keys(ops))
      if (/^\/api\/v1\/(periods|evaluations|decisions|quotas|work-products|tasks|annual-results)/.test(p))
        ours.push(`${m.toUpperCase()} ${p}`);
  assert.deepEqual(ours.sort(), Object.keys(matrix).sort());
});

test('staff read only their own evaluation; others are 403 by key, by id and in lists', async () => {
  const { staff } = fx.clients;
  const own = await staff.get(`/api/v1/evaluations/${fx.codes.staff}@${M}`);
  assert.equal(own.status, 200);
  assert.equal(own.body.person.code, 'CB000201');
  assert.ok(own.body.criteria.length >= 2);
  assert.equal(typeof own.body.version, 'number');
  const other = await staff.get(`/api/v1/evaluations/${fx.codes.personIn}@${M}`);
  assert.equal(other.status, 403);
  assert.equal(errorOf(other).message, 'Bạn chỉ được xem hồ sơ và đánh giá của chính mình');
  const id = sql(db, `SELECT e.id FROM evaluations e JOIN people p ON p.id = e.person_id WHERE p.code = '${fx.codes.personIn}'`);
  assert.equal((await staff.get(`/api/v1/evaluations/${id}`)).status, 403);
  assert.equal((await staff.get(`/api/v1/evaluations?person=${fx.codes.personIn}`)).status, 403);
  assert.equal((await staff.get(`/api/v1/tasks?person=${fx.codes.personIn}&month=${M}`)).status, 403);
  const list = await staff.get(`/api/v1/evaluations?unit=${fx.codes.unitIn}&month=${M}`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.items.map((x) => x.person.code), ['CB000201']);
  // the reviewer sees his own and those he reviews or decides, not the ward
  const rl = await fx.clients.reviewer.get(`/api/v1/evaluations?unit=${fx.codes.unitIn}&month=${M}`);
  const rcodes = rl.body.items.map((x) => x.person.code);
  assert.ok(rcodes.includes('CB000200') && rcodes.includes('CB000201') && rcodes.includes('CB000257'));
  assert.ok(!rcodes.includes('CB000192'));
  // the head sees the ward, paged, in Vietnamese order within each unit
  const hl = await fx.clients.head.get(`/api/v1/evaluations?unit=${fx.codes.unitIn}&month=${M}&limit=5&offset=2`);
  assert.equal(hl.status, 200);
  assert.equal(hl.body.items.length, 5);
  assert.equal(hl.body.limit, 5);
  assert.equal(hl.body.offset, 2);
  assert.equal(hl.body.total, Number(sql(db, `SELECT COUNT(*) FROM evaluations e JOIN units u ON u.id = e.unit_id
    WHERE u.code LIKE 'P-HK%'`)));
  const missing = await fx.clients.head.get(`/api/v1/evaluations/CB000201@2026-13`);
  assert.equal(missing.status, 400);
  assert.equal((await fx.clients.admin.get('/api/v1/evaluations/99999999')).status, 404);
});

test('bad scores are refused with 400 and change nothing', async () => {
  const { staff } = fx.clients;
  const key = `${fx.codes.staff}@${M}`;
  const ev = (await staff.get(`/api/v1/evaluations/${key}`)).body;
  const good = scoresFor(ev, (c) => c.max);
  const cases = [
    [[...good, { code: 'KHONG_CO', points: 1 }], /KHONG_CO/],
    [good.map((s, i) => (i === 0 ? { ...s, points: s.points + 1 } : s)), new RegExp(good[0].code)],
    [good.map((s, i) => (i === 0 ? { ...s, points: 1.125 } : s)), /scores\[0\]\.points/],
    [good.map((s, i) => (i === 0 ? { ...s, points: '10' } : s)), /scores\[0\]\.points/],
    [good.map((s, i) => (i === 0 ? { ...s, extra: 1 } : s)), /extra/],
  ];
  const before = [evalState('CB000201'), audits(),
    sql(db, `SELECT COUNT(*) FROM evaluation_scores WHERE evaluation_id = ${ev.id}`)];
  for (const [scores, re] of cases) {
    const r = await staff.post(`/api/v1/evaluations/${key}/self`, { scores, version: ev.version });
    assert.equal(r.status, 400, JSON.stringify(scores));
    assert.match(errorOf(r).message, re);
  }
  const noVersion = await staff.post(`/api/v1/evaluations/${key}/self`, { scores: good });
  assert.equal(noVersion.status, 400);
  assert.match(errorOf(noVersion).message, /version/);
  assert.deepEqual([evalState('CB000201'), audits(),
    sql(db, `SELECT COUNT(*) FROM evaluation_scores WHERE evaluation_id = ${ev.id}`)], before);
});

test('two concurrent saves of the same version: one wins, the other gets 409', async () => {
  const { staff } = fx.clients;
  const key = `${fx.codes.staff}@${M}`;
  const ev = (await staff.get(`/api/v1/evaluations/${key}`)).body;
  const a = audits();
  const body = (p) => ({ scores: scoresFor(ev, (c) => c.max * p), version: ev.version });
  const rs = await Promise.all([
    staff.post(`/api/v1/evaluations/${key}/self`, body(0.9)),
    staff.post(`/api/v1/evaluations/${key}/self`, body(0.8)),
  ]);
  assert.deepEqual(rs.map((r) => r.status).sort(), [200, 409]);
  const lost = rs.find((r) => r.status === 409);
  assert.match(errorOf(lost).message, /đã bị người khác thay đổi/);
  const won = rs.find((r) => r.status === 200);
  assert.equal(won.body.evaluation.version, ev.version + 1);
  assert.equal(won.body.outcome.status, 'self_assessed');
  assert.equal(Number(audits()), Number(a) + 1);
  assert.equal(evalState('CB000201').split('|')[1], String(ev.version + 1));
  // the loser reads again and saves
  const again = await staff.post(`/api/v1/evaluations/${key}/self`, { ...body(1), version: ev.version + 1 });
  assert.equal(again.status, 200);
  // a stale version is refused too
  const stale = await staff.post(`/api/v1/evaluations/${key}/self`, body(1));
  assert.equal(stale.status, 409);
});

test('a tie at the boundary must be chosen by the head; over the quota is refused and changes nothing', async () => {
  const { head } = fx.clients;
  const list = listOf(fx, fx.codes.head);
  assert.ok(list.length > 10);
  // everyone at full marks: everyone reaches the top grade, so each list ties
  await selfAndReview(fx, list, (code, c) => c.max);
  const prop = await head.get(`/api/v1/decisions?unit=${fx.codes.unitIn}&month=${M}`);
  assert.equal(prop.status, 200);
  assert.equal(prop.body.not_ready, 0);
  const tied = prop.body.lists.filter((l) => l.ties.length);
  assert.ok(tied.length >= 1, JSON.stringify(prop.body.lists.map((l) => l.quota)));
  for (const l of tied) {
    assert.ok(l.ties[0].choose < l.ties[0].members.length);
    assert.ok(l.ties[0].choose <= l.quota.max_top);
  }
  const state = listState(list), a = audits();

  // no choice: refused, naming the tie
  const none = await head.post('/api/v1/decisions', { month: '11/2026' });
  assert.equal(none.status, 409);
  assert.match(errorOf(none).message, /đồng điểm|Đồng điểm/i);
  assert.ok(none.body.error.details.lists.some((l) => l.ties.length));

  // one more than the quota allows in the first tied list: refused with the quota and the count
  const ties = tied.flatMap((l) => l.ties);
  const over = ties.flatMap((t, i) => t.members.slice(0, t.choose + (i === 0 ? 1 : 0)));
  const r = await head.post('/api/v1/decisions', { month: '11/2026', grant: over, reason: 'Chọn theo kết quả công việc' });
  assert.equal(r.status, 409);
  const d = errorOf(r).details.lists.find((l) => l.framework.code === tied[0].framework.code);
  assert.equal(d.quota, tied[0].quota.max_top);
  assert.equal(d.requested, tied[0].quota.max_top + 1);
  assert.match(r.body.error.message, new RegExp(String(tied[0].quota.max_top)));
  assert.equal(listState(list), state);
  assert.equal(audits(), a);

  // a grant without a reason is refused too
  const chosen = ties.flatMap((t) => t.members.slice(0, t.choose));
  const noReason = await head.post('/api/v1/decisions', { month: '11/2026', grant: chosen });
  assert.equal(noReason.status >= 400 && noReason.status < 500, true);
  assert.equal(listState(list), state);

  // the head's choice, with a reason
  const ok = await head.post('/api/v1/decisions', { month: '11/2026', grant: chosen, reason: 'Chọn theo kết quả công việc' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.decided, list.length);
  for (const code of chosen) assert.equal(evalState(code).split('|')[6], '1', code);
  const left = tied[0].ties[0].members.filter((c) => !chosen.includes(c));
  const [st, , , , , grade, top] = evalState(left[0]).split('|');
  assert.equal(st, 'decided');
  assert.equal(top, '0');
  assert.notEqual(grade, tied[0].top_grade);
  assert.equal(sql(db, `SELECT source FROM audit_log WHERE action = 'eval.decide' ORDER BY id DESC LIMIT 1`), '127.0.0.1');
});

test('tasks: assign, complete late, fail the review, waive the delay; the catalogue', async () => {
  const { reviewer, head, hr, staff } = fx.clients;
  const add = await hr.post('/api/v1/work-products',
    { unit: fx.codes.roomIn, position: 'Chuyên viên', code: 'BC-THANG', name: 'Báo cáo tháng', coef: 1.5 });
  assert.equal(add.status, 201, add.text);
  assert.equal(add.body.coef, 1.5);
  assert.equal(add.body.unit, fx.codes.roomIn);
  const dup = await hr.post('/api/v1/work-products',
    { unit: fx.codes.roomIn, position: 'Chuyên viên', code: 'BC-THANG', name: 'Báo cáo tháng', coef: 1.5 });
  assert.equal(dup.status, 409);
  const general = await hr.post('/api/v1/work-products', { position: 'Chuyên viên', code: 'X', name: 'Chung' });
  assert.equal(general.status, 403);
  const cat = await staff.get(`/api/v1/work-products?unit=${fx.codes.roomIn}`);
  assert.ok(cat.body.items.some((x) => x.code === 'BC-THANG'));

  const person = fx.codes.personIn; // reviewed by the reviewer, still pending
  const n = sql(db, 'SELECT COUNT(*) FROM tasks');
  const bad = await reviewer.post('/api/v1/tasks', { person, month: M, title: 'Báo cáo', deadline: '10/11/2026' });
  assert.equal(bad.status, 400);
  assert.equal(sql(db, 'SELECT COUNT(*) FROM tasks'), n);
  const self = await staff.post('/api/v1/tasks', { person: fx.codes.staff, month: M, title: 'Tự giao', deadline: '2026-11-10' });
  assert.equal(self.status, 403);
  const t = await reviewer.post('/api/v1/tasks', {
    person, month: M, title: 'Báo cáo  tháng 11', product: 'BC-THANG',
    assigned_at: '2026-11-02', deadline: '2026-11-10',
  });
  assert.equal(t.status, 201, t.text);
  assert.equal(t.body.task.title, 'Báo cáo tháng 11');
  assert.equal(t.body.task.coef, 1.5);
  assert.equal(t.body.task.assigned_by, fx.codes.reviewer);
  const id = t.body.task.id;
  const done = await reviewer.post(`/api/v1/tasks/${id}/done`, { date: '2026-11-12' });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.body.task.delays, 1);
  const notAssigner = await head.post(`/api/v1/tasks/${id}/review`, { passed: false });
  assert.equal(notAssigner.status, 403);
  const rv = await reviewer.post(`/api/v1/tasks/${id}/review`, { passed: false });
  assert.equal(rv.status, 200);
  assert.equal(rv.body.task.reviews_failed, 1);
  assert.equal(rv.body.task.passed, false);
  const badWhat = await head.post(`/api/v1/tasks/${id}/waive`, { what: 'all', reason: 'Mất điện' });
  assert.equal(badWhat.status, 400);
  const w = await head.post(`/api/v1/tasks/${id}/waive`, { what: 'delay', reason: 'Mất điện cả tuần' });
  assert.equal(w.status, 200, w.text);
  assert.equal(w.body.task.delays_waived, 1);
  assert.equal(w.body.task.waived_by, fx.codes.head);
  const l = await reviewer.get(`/api/v1/tasks?person=${person}&month=${M}`);
  assert.equal(l.status, 200);
  assert.equal(l.body.total, 1);
  assert.ok(l.body.result && l.body.result.points > 0, l.text);
  assert.equal(sql(db, `SELECT delays, delays_waived, reviews_failed FROM tasks WHERE id = ${id}`), '1|1|1');
  assert.equal(sql(db, `SELECT COUNT(*) FROM audit_log WHERE entity = 'task' AND entity_id = '${id}' AND source = '127.0.0.1'`), '4');
});

test('periods: HR opens a month for the ward (idempotent), status, list; the year', async () => {
  const { hr, viewer, admin } = fx.clients;
  const denied = await viewer.post('/api/v1/periods', { units: fx.codes.unitIn, month: '12/2026' });
  assert.equal(denied.status, 403);
  const bad = await hr.post('/api/v1/periods', { units: fx.codes.unitIn, month: '13/2026' });
  assert.equal(bad.status, 400);
  assert.equal(sql(db, 'SELECT COUNT(*) FROM periods WHERE month = 12'), '0');
  const r = await hr.post('/api/v1/periods', { units: fx.codes.unitIn, month: '12/2026' });
  assert.equal(r.status, 201, r.text);
  assert.ok(r.body.created > 10);
  const again = await hr.post('/api/v1/periods', { units: fx.codes.unitIn, month: '2026-12' });
  assert.equal(again.status, 200);
  assert.equal(again.body.created, 0);
  assert.equal(again.body.unchanged, r.body.created);
  assert.equal(sql(db, "SELECT actor || ' ' || source FROM audit_log WHERE action LIKE 'period.%' ORDER BY id DESC LIMIT 1"),
    'user:tochuc 127.0.0.1');
  const list = await viewer.get('/api/v1/periods?limit=1');
  assert.equal(list.body.total, 2);
  assert.equal(list.body.items[0].month, '2026-12');
  const st = await viewer.get(`/api/v1/periods/2026-12/status?unit=${fx.codes.unitIn}`);
  assert.equal(st.status, 200);
  assert.equal(st.body.total, r.body.created);
  assert.equal(st.body.by_status.pending, r.body.created);
  assert.equal(st.body.due.self, '2027-01-05');

  const run = await hr.post('/api/v1/annual-results', { unit: fx.codes.unitIn, year: 2026 });
  assert.equal(run.status, 200, run.text);
  assert.ok(run.body.people > 0);
  const res = await viewer.get(`/api/v1/annual-results?unit=${fx.codes.unitIn}&year=2026&limit=500`);
  assert.equal(res.status, 200);
  assert.equal(res.body.total, run.body.people);
  assert.equal(res.body.items.length, run.body.people);
  assert.equal((await admin.get(`/api/v1/annual-results?unit=${fx.codes.unitIn}`)).status, 400);
});

test('the what-if with posted scores', async () => {
  const r = await fx.clients.staff.post('/api/v1/quotas/what-if',
    { framework: 'ND-335', scores: [95, 92.5, 80, 80, 80, 80, 80, 75] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.top_grade, 'HTXS');
  assert.equal(r.body.eligible, 2);
  assert.equal(r.body.max_top, 1); // floor(20% × (6 + 2) / 1.2)
  const bad = await fx.clients.staff.post('/api/v1/quotas/what-if', { framework: 'ND-335', scores: [90.001] });
  assert.equal(bad.status, 400);
  const unknown = await fx.clients.staff.post('/api/v1/quotas/what-if', { framework: 'KHONG', scores: [] });
  assert.equal(unknown.status, 404);
});

test('opening a month for more than 2,000 people runs as a background job', async () => {
  const gdb = path.join(tmpdir(), 'gen.db');
  const g = canbo(['gen', '--people', '2500', '--db', gdb]);
  assert.equal(g.code, 0, g.stderr);
  const u = addUser(gdb, 'quantri', 'admin');
  const srv = await startServer(gdb);
  try {
    const admin = await signIn(srv.url, u);
    const r = await admin.post('/api/v1/periods', { units: 'HNI', month: '11/2026' });
    assert.equal(r.status, 202, r.text);
    assert.equal(r.body.people, 2500);
    let job;
    for (let i = 0; i < 600; i++) {
      job = (await admin.get(`/api/v1/jobs/${r.body.job}`)).body;
      if (job.state === 'done' || job.state === 'failed') break;
      await new Promise((res) => setTimeout(res, 100));
    }
    assert.equal(job.state, 'done', JSON.stringify(job));
    assert.equal(job.kind, 'period.open');
    assert.ok(job.result.created > 2000);
    assert.equal(sql(gdb, 'SELECT COUNT(*) FROM evaluations'), String(job.result.created));
    assert.equal(sql(gdb, "SELECT actor FROM audit_log WHERE action LIKE 'period.%' ORDER BY id DESC LIMIT 1"), 'user:quantri');
  } finally {
    await srv.stop();
  }
  assert.deepEqual(sanitizerProblems(srv.log), []);
});
