// A whole month over HTTP by three people, each with their own session, on
// the shared fixture: the staff member CB000201 self-assesses, the reviewer
// CB000200 reviews (changing one score with a reason), the head CB000165
// decides his list within the quota and publishes, the staff member objects,
// the head answers and locks. After each step the database is checked:
// status, totals, scores, and the audit row with the client's address.
//
// The decision acts on the head's whole list: the other evaluations in it
// are self-assessed and reviewed first by the administrator through the
// API (an administrator may act for anyone).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { errorOf, sql } from './helpers.mjs';
import { fixture } from './fixture.mjs';
import { listOf, sanitizerProblems, selfAndReview } from './matrix/eval.mjs';

let fx, db, list, others;
const KEY = 'CB000201@2026-11';

before(async () => {
  fx = await fixture();
  db = fx.db;
  list = listOf(fx, fx.codes.head);
  others = list.filter((c) => c !== fx.codes.staff);
  // everyone else in the head's list at 80% of each criterion: below the top grade
  await selfAndReview(fx, others, (code, c) => Math.round(c.max * 80) / 100);
});
after(async () => {
  await fx.stop();
  // the server runs under AddressSanitizer: no leak or memory error on the way
  assert.deepEqual(sanitizerProblems(fx.srv.log), []);
});

const row = (code = fx.codes.staff) => {
  const [status, version, self, review, fin, grade, top, until] = sql(db, `SELECT e.status, e.version,
    COALESCE(e.self_total, ''), COALESCE(e.review_total, ''), COALESCE(e.final_total, ''),
    COALESCE(e.grade_code, ''), e.top_granted, COALESCE(e.objection_until, '')
    FROM evaluations e JOIN people p ON p.id = e.person_id
    WHERE p.code = '${code}' AND e.year = 2026 AND e.month = 11`).split('|');
  return { status, version: Number(version), self, review, fin, grade, top, until };
};
// The last audit row of an action: who and from where.
const lastAudit = (action) => sql(db, `SELECT actor || ' ' || source FROM audit_log
  WHERE action = '${action}' ORDER BY id DESC LIMIT 1`);
const statuses = () => sql(db, `SELECT e.status, COUNT(*) FROM evaluations e
  WHERE e.year = 2026 AND e.month = 11 AND e.decider_id = (SELECT id FROM people WHERE code = '${fx.codes.head}')
  GROUP BY e.status ORDER BY e.status`);

test('the staff member self-assesses', async () => {
  const { staff } = fx.clients;
  const ev = (await staff.get(`/api/v1/evaluations/${KEY}`)).body;
  assert.equal(ev.status, 'pending');
  assert.deepEqual(ev.criteria.map((c) => [c.code, c.max]), [['YT', 20], ['KQ', 70], ['THUONG', 10]]);
  const r = await staff.post(`/api/v1/evaluations/${KEY}/self`, {
    scores: [{ code: 'YT', points: 20 }, { code: 'KQ', points: 69.5 }, { code: 'THUONG', points: 5 }],
    version: ev.version,
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.outcome.total, 94.5);
  assert.equal(r.body.outcome.status, 'self_assessed');
  assert.equal(r.body.evaluation.self_total, 94.5);
  const x = row();
  assert.deepEqual([x.status, x.version, x.self], ['self_assessed', ev.version + 1, '9450']);
  assert.equal(sql(db, `SELECT COUNT(*) FROM evaluation_scores WHERE evaluation_id = ${ev.id} AND step = 'self'`), '3');
  assert.equal(lastAudit('eval.self'), 'user:nhanvien 127.0.0.1');
});

test('the reviewer reviews, changing one score with a reason', async () => {
  const { reviewer, staff } = fx.clients;
  const ev = (await reviewer.get(`/api/v1/evaluations/${KEY}`)).body;
  // the staff member cannot review himself
  const own = await staff.post(`/api/v1/evaluations/${KEY}/review`, { version: ev.version });
  assert.equal(own.status, 403);
  // a change without a reason is refused and changes nothing
  const before = [row(), sql(db, 'SELECT COUNT(*) FROM audit_log')];
  const noReason = await reviewer.post(`/api/v1/evaluations/${KEY}/review`,
    { scores: [{ code: 'KQ', points: 67.5 }], version: ev.version });
  assert.equal(noReason.status, 400);
  assert.match(errorOf(noReason).message, /lý do/i);
  assert.deepEqual([row(), sql(db, 'SELECT COUNT(*) FROM audit_log')], before);
  const r = await reviewer.post(`/api/v1/evaluations/${KEY}/review`, {
    scores: [{ code: 'KQ', points: 67.5, reason: 'Báo cáo quý chậm hai ngày' }],
    version: ev.version,
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.outcome.total, 92.5);
  assert.equal(r.body.outcome.changed, 1);
  const kq = r.body.evaluation.criteria.find((c) => c.code === 'KQ');
  assert.deepEqual([kq.self, kq.review, kq.in_force, kq.reason], [69.5, 67.5, 67.5, 'Báo cáo quý chậm hai ngày']);
  const x = row();
  assert.deepEqual([x.status, x.self, x.review], ['reviewed', '9450', '9250']);
  assert.equal(sql(db, `SELECT points || '|' || reason FROM evaluation_scores
    WHERE evaluation_id = ${ev.id} AND step = 'review'`), '6750|Báo cáo quý chậm hai ngày');
  assert.equal(lastAudit('eval.review'), 'user:truongphong 127.0.0.1');
});

test('the head sees the proposal and decides his list within the quota', async () => {
  const { head } = fx.clients;
  const p = await head.get(`/api/v1/decisions?unit=${fx.codes.unitIn}&month=2026-11`);
  assert.equal(p.status, 200);
  assert.equal(p.body.not_ready, 0);
  assert.equal(p.body.people, list.length);
  const l = p.body.lists.find((x) => x.people.some((y) => y.code === fx.codes.staff));
  assert.equal(l.framework.code, 'HN-3814');
  assert.equal(l.quota.rule, 'share_of_rated');
  assert.equal(l.quota.max_top, Math.floor(l.quota.rated * 0.3));
  assert.ok(l.quota.max_top >= 1);
  const me = l.people.find((y) => y.code === fx.codes.staff);
  assert.deepEqual([me.score, me.reaches_top, me.proposal], [92.5, true, 'granted']);
  const w = await head.get(`/api/v1/quotas/what-if?unit=${fx.codes.unitIn}&month=2026-11`);
  assert.equal(w.body.lists.find((x) => x.framework.code === 'HN-3814').quota.max_top, l.quota.max_top);

  const d = await head.post('/api/v1/decisions', { month: '11/2026' });
  assert.equal(d.status, 200, d.text);
  assert.equal(d.body.decided, list.length);
  const x = row();
  assert.deepEqual([x.status, x.fin, x.grade, x.top], ['decided', '9250', 'A', '1']);
  assert.equal(statuses(), `decided|${list.length}`);
  const other = row(others[0]);
  assert.equal(other.status, 'decided');
  assert.notEqual(other.grade, '');
  assert.equal(lastAudit('eval.decide'), 'user:chutich 127.0.0.1');
});

test('the head publishes; the objection window opens', async () => {
  const { head, staff } = fx.clients;
  assert.equal((await staff.post('/api/v1/decisions/publish', { month: '11/2026' })).status, 403);
  const r = await head.post('/api/v1/decisions/publish', { month: '2026-11' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.published, list.length);
  assert.equal(statuses(), `published|${list.length}`);
  assert.match(row().until, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(lastAudit('eval.publish'), 'user:chutich 127.0.0.1');
});

test('the staff member objects and the head answers, changing a score', async () => {
  const { head, staff } = fx.clients;
  const ev = (await staff.get(`/api/v1/evaluations/${KEY}`)).body;
  const o = await staff.post(`/api/v1/evaluations/${KEY}/objection`,
    { reason: 'Báo cáo quý nộp đúng hạn theo văn bản gia hạn', version: ev.version });
  assert.equal(o.status, 201, o.text);
  assert.equal(o.body.evaluation.objection_open, true);
  assert.equal(sql(db, `SELECT COUNT(*) FROM objections WHERE evaluation_id = ${ev.id} AND answered_at IS NULL`), '1');
  assert.equal(lastAudit('eval.object'), 'user:nhanvien 127.0.0.1');
  // a second open objection is refused
  const twice = await staff.post(`/api/v1/evaluations/${KEY}/objection`, { reason: 'Lần nữa' });
  assert.equal(twice.status, 409);

  const a = await head.post(`/api/v1/evaluations/${KEY}/answer`, {
    reason: 'Đã kiểm tra văn bản gia hạn: chấp nhận',
    scores: [{ code: 'KQ', points: 69.5, reason: 'Nộp đúng hạn đã gia hạn' }],
    grant_top: true,
  });
  assert.equal(a.status, 200, a.text);
  assert.equal(a.body.outcome.total, 94.5);
  assert.equal(a.body.outcome.grade, 'A');
  const x = row();
  assert.deepEqual([x.status, x.fin, x.grade, x.top], ['published', '9450', 'A', '1']);
  assert.equal(sql(db, `SELECT outcome FROM objections WHERE evaluation_id = ${ev.id}`), 'changed');
  assert.equal(lastAudit('eval.answer'), 'user:chutich 127.0.0.1');
});

test('the head locks the month; every step is on the evaluation with who and when', async () => {
  const { head, staff } = fx.clients;
  const r = await head.post('/api/v1/decisions/lock', { month: '11/2026', unit: fx.codes.unitIn });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.locked, list.length);
  assert.equal(r.body.open_objections, 0);
  assert.equal(statuses(), `locked|${list.length}`);
  assert.equal(lastAudit('eval.lock'), 'user:chutich 127.0.0.1');
  const ev = (await staff.get(`/api/v1/evaluations/${KEY}`)).body;
  assert.equal(ev.status, 'locked');
  assert.equal(ev.final_total, 94.5);
  assert.deepEqual(ev.grade.code, 'A');
  const steps = ev.steps.map((s) => s.step);
  for (const s of ['self', 'review', 'decide', 'publish', 'object', 'answer', 'lock'])
    assert.ok(steps.includes(s), `${s} in ${steps}`);
  const self = ev.steps.find((s) => s.step === 'self');
  assert.equal(self.as, fx.codes.staff);
  assert.equal(self.due, '2026-12-05');
  assert.equal(ev.objections.length, 1);
  assert.equal(ev.objections[0].outcome, 'changed');
  // the month as seen by the ward's HR
  const st = await fx.clients.hr.get(`/api/v1/periods/2026-11/status?unit=${fx.codes.roomIn}`);
  assert.equal(st.status, 200);
  assert.ok(st.body.by_status.locked >= 1);
  // one audit row per step of this evaluation, each from the client's address
  const rows = sql(db, `SELECT action || ' ' || actor || ' ' || source FROM audit_log
    WHERE entity_id = '${ev.id}' AND action LIKE 'eval.%' AND actor <> 'user:quantri' ORDER BY id`).split('\n');
  assert.deepEqual(rows.map((x) => x.split(' ')[0]), ['eval.self', 'eval.review', 'eval.object', 'eval.answer']);
  for (const x of rows) assert.match(x, / 127\.0\.0\.1$/);
  // and one per step on the head's lists as a whole
  assert.deepEqual(sql(db, `SELECT action || ' ' || actor || ' ' || source FROM audit_log
    WHERE entity = 'decision' ORDER BY id`).split('\n'),
  ['eval.decide user:chutich 127.0.0.1', 'eval.publish user:chutich 127.0.0.1', 'eval.lock user:chutich 127.0.0.1']);
  // reopening needs the decider and a reason
  assert.equal((await staff.post('/api/v1/decisions/reopen', { evaluation: KEY, reason: 'x' })).status, 403);
  const noReason = await head.post('/api/v1/decisions/reopen', { evaluation: ev.id });
  assert.equal(noReason.status, 400);
  assert.equal(row().status, 'locked');
});
