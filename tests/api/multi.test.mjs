// Two `canbo serve` processes on one PostgreSQL database, raced (issue 6):
// a session made on one server works on the other; two reviewers saving the
// same evaluation through different servers never overwrite each other (one
// wins, the other gets 409); two heads deciding the same lists at the same
// moment never leave a mixture of both decisions; two answers to objections
// whose top grades each fit the quota but together exceed it: one wins, the
// other gets 409 with the quota message, and the database never holds more
// top grades than the quota; the audit chain stays one unbroken chain.
//
// Only on PostgreSQL (CANBO_TEST_PG, scripts/test-pg.sh): an SQLite file is
// served by one process. See docs/multi-server.md.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { canbo, errorOf, signIn, sql, startServer } from './helpers.mjs';
import { PG } from '../cli/helpers.mjs';
import { fixture } from './fixture.mjs';
import { listOf, sanitizerProblems, selfAndReview } from './matrix/eval.mjs';

const skip = PG ? false
  : 'cần PostgreSQL (CANBO_TEST_PG, scripts/test-pg.sh api): nhiều máy chủ canbo chỉ dùng chung được một cơ sở dữ liệu PostgreSQL';
const M = '2026-11';
// A response in a few words, for assertion messages.
const brief = (r) => `${r.status} ${r.body?.error ? r.body.error.message : ''}`.slice(0, 300);

describe('two servers on one PostgreSQL', () => {
  let fx, db, srvB, A, B;
  before(async () => {
    if (skip) return;
    fx = await fixture();
    db = fx.db;
    srvB = await startServer(db);
    A = fx.srv.url;
    B = srvB.url;
  });
  after(async () => {
    if (skip) return;
    await fx.stop();
    await srvB.stop();
    // both servers run under AddressSanitizer: no leak or memory error
    assert.deepEqual(sanitizerProblems(fx.srv.log), []);
    assert.deepEqual(sanitizerProblems(srvB.log), []);
  });

  const audits = (action) => Number(sql(db, `SELECT COUNT(*) FROM audit_log WHERE action = '${action}'`));
  const evalRow = (code) => {
    const [status, version, review, top, open] = sql(db, `SELECT e.status, e.version,
      COALESCE(e.review_total, -1), e.top_granted,
      (SELECT COUNT(*) FROM objections o WHERE o.evaluation_id = e.id AND o.answered_at IS NULL)
      FROM evaluations e JOIN people p ON p.id = e.person_id
      WHERE p.code = '${code}' AND e.year = 2026 AND e.month = 11`).split('|');
    return { status, version: Number(version), review: Number(review), top: Number(top), open: Number(open) };
  };
  // Codes of the head's list whose evaluation holds the top grade, in order.
  const grantedOf = (head) => sql(db, `SELECT p.code FROM evaluations e JOIN people p ON p.id = e.person_id
    WHERE e.year = 2026 AND e.month = 11 AND e.top_granted = 1
    AND e.decider_id = (SELECT id FROM people WHERE code = '${head}') ORDER BY p.code`).split('\n').filter(Boolean);
  // Asserts every list of a proposal holds at most its quota of top grades in the database.
  const assertQuota = (lists, what) => {
    const granted = new Set(grantedOf(fx.codes.head));
    for (const l of lists) {
      const n = l.people.filter((p) => granted.has(p.code)).length;
      assert.ok(n <= l.quota.max_top, `${what}: ${l.framework.code} has ${n} top grades, quota ${l.quota.max_top}`);
    }
    return granted;
  };

  test('a session made on one server works on the other, and signing out on one ends it on both', { skip }, async () => {
    const onA = fx.clients.reviewer;
    const onB = onA.at(B);
    const me = await onB.get('/api/v1/auth/me');
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.user.username, 'truongphong');
    assert.equal(me.body.csrf_token, onA.csrf);
    // a write on B with the CSRF token issued by A
    const t = await onB.post('/api/v1/tasks', { person: fx.codes.staff, month: M, title: 'Báo cáo qua máy B',
      assigned_at: '2026-11-02', deadline: '2026-11-20' });
    assert.equal(t.status, 201, t.text);
    assert.equal(sql(db, `SELECT actor FROM audit_log WHERE action = 'task.add' ORDER BY id DESC LIMIT 1`), 'user:truongphong');
    // and without it, refused there too
    const noCsrf = await onB.post('/api/v1/tasks', { person: fx.codes.staff, month: M, title: 'x',
      deadline: '2026-11-20' }, { noCsrf: true });
    assert.equal(noCsrf.status, 403);
    assert.equal(errorOf(noCsrf).details.reason, 'csrf');

    // a session made on B, ended on A
    const s = await signIn(B, fx.users.staff);
    assert.equal((await s.at(A).get('/api/v1/auth/me')).status, 200);
    assert.equal((await s.at(A).post('/api/v1/auth/logout')).status, 200);
    assert.equal((await s.get('/api/v1/auth/me')).status, 401);
    assert.equal((await s.at(A).get('/api/v1/auth/me')).status, 401);
  });

  test('two reviewers save the same evaluation through different servers: one wins, the other gets 409', { skip }, async () => {
    const key = `${fx.codes.staff}@${M}`;
    const staff = fx.clients.staff.csrf ? fx.clients.staff : await signIn(A, fx.users.staff);
    const ev = (await staff.get(`/api/v1/evaluations/${key}`)).body;
    const self = await staff.post(`/api/v1/evaluations/${key}/self`, {
      scores: [{ code: 'YT', points: 20 }, { code: 'KQ', points: 69.5 }, { code: 'THUONG', points: 5 }],
      version: ev.version,
    });
    assert.equal(self.status, 200, self.text);
    const revA = fx.clients.reviewer;                  // a session on A
    const revB = await signIn(B, fx.users.reviewer);   // another session, on B
    const rounds = 12;
    let wonA = 0;
    for (let i = 0; i < rounds; i++) {
      const cur = (await revA.get(`/api/v1/evaluations/${key}`)).body;
      const before = evalRow(fx.codes.staff);
      assert.equal(before.version, cur.version);
      const n = audits('eval.review');
      const pts = { a: 50 + i, b: 60 + i / 2 };
      const body = (who) => ({ version: cur.version,
        scores: [{ code: 'KQ', points: pts[who], reason: `Vòng ${i}, người nhận xét qua máy ${who.toUpperCase()}` }] });
      // the order of the two sends alternates
      const [ra, rb] = i % 2
        ? (await Promise.all([revB.post(`/api/v1/evaluations/${key}/review`, body('b')),
          revA.post(`/api/v1/evaluations/${key}/review`, body('a'))])).reverse()
        : await Promise.all([revA.post(`/api/v1/evaluations/${key}/review`, body('a')),
          revB.post(`/api/v1/evaluations/${key}/review`, body('b'))]);
      assert.deepEqual([ra.status, rb.status].sort(), [200, 409], `round ${i}: ${brief(ra)} / ${brief(rb)}`);
      const [won, lost, who] = ra.status === 200 ? [ra, rb, 'a'] : [rb, ra, 'b'];
      if (who === 'a') wonA++;
      assert.equal(errorOf(lost).code, 'conflict');
      assert.match(errorOf(lost).message, /đã bị người khác thay đổi/);
      // the winner's review is what the database holds, one version later, audited once
      const x = evalRow(fx.codes.staff);
      assert.equal(x.version, cur.version + 1);
      assert.equal(won.body.evaluation.version, cur.version + 1);
      assert.equal(x.status, 'reviewed');
      assert.equal(x.review, Math.round((20 + pts[who] + 5) * 100), `round ${i}`);
      assert.equal(sql(db, `SELECT points || '|' || reason FROM evaluation_scores s JOIN evaluations e ON e.id = s.evaluation_id
        JOIN people p ON p.id = e.person_id WHERE p.code = '${fx.codes.staff}' AND s.step = 'review' AND s.criterion = 'KQ'`),
      `${Math.round(pts[who] * 100)}|Vòng ${i}, người nhận xét qua máy ${who.toUpperCase()}`);
      assert.equal(audits('eval.review'), n + 1);
    }
    // both servers won some rounds (the race is real, not one server always first)
    assert.ok(wonA > 0 || rounds < 4, `A won ${wonA} of ${rounds}`);
  });

  test('two heads decide the same lists at once through different servers: never a mixture, never over the quota', { skip }, async (t) => {
    const head = fx.codes.head;
    const list = listOf(fx, head).filter((c) => c !== fx.codes.staff); // CB000201 is reviewed already
    // everyone at full marks: everyone reaches the top grade, each list ties at the boundary
    await selfAndReview(fx, list, (code, c) => c.max);
    const headA = fx.clients.head;
    const headB = await signIn(B, fx.users.head);
    const prop = await headA.get(`/api/v1/decisions?unit=${fx.codes.unitIn}&month=${M}`);
    assert.equal(prop.status, 200, prop.text);
    assert.equal(prop.body.not_ready, 0);
    const ties = prop.body.lists.flatMap((l) => l.ties);
    assert.ok(ties.length >= 1);
    const auto = prop.body.lists.flatMap((l) => l.people.filter((p) => p.proposal === 'granted').map((p) => p.code));
    // two choices, each exactly within the quota, together far over it
    const sets = {
      a: ties.flatMap((t) => t.members.slice(0, t.choose)),
      b: ties.flatMap((t) => t.members.slice(-t.choose)),
    };
    assert.notDeepEqual(sets.a, sets.b);
    const expect = (who) => [...auto, ...sets[who]].sort();
    const rounds = 10;
    let both = 0;
    for (let i = 0; i < rounds; i++) {
      const n = audits('eval.decide');
      const body = (who) => ({ month: '11/2026', grant: sets[who], reason: `Vòng ${i}: lựa chọn qua máy ${who.toUpperCase()}` });
      const [ra, rb] = await Promise.all([headA.post('/api/v1/decisions', body('a')), headB.post('/api/v1/decisions', body('b'))]);
      for (const r of [ra, rb])
        if (r.status !== 200) {
          assert.equal(r.status, 409, r.text);
          assert.equal(errorOf(r).code, 'conflict');
        }
      const ok = [ra, rb].filter((r) => r.status === 200).length;
      assert.ok(ok >= 1, `round ${i}: ${brief(ra)} / ${brief(rb)}`);
      if (ok === 2) both++;
      assert.equal(audits('eval.decide'), n + ok);
      // the database holds exactly the decision committed last: its audit row says whose
      const last = JSON.parse(sql(db, `SELECT after FROM audit_log WHERE action = 'eval.decide' ORDER BY id DESC LIMIT 1`));
      const who = last.reason.endsWith('máy A') ? 'a' : 'b';
      assert.equal((who === 'a' ? ra : rb).status, 200);
      const granted = assertQuota(prop.body.lists, `round ${i}`);
      assert.deepEqual([...granted].sort(), expect(who), `round ${i}: a mixture of both decisions`);
      for (const code of sets.a.concat(sets.b)) assert.equal(evalRow(code).status, 'decided');
    }
    // serialised by the write lock, both succeed one after the other (a 409
    // is allowed: a version check caught the other), never a mixture
    t.diagnostic(`rounds where both decisions succeeded, one after the other: ${both} of ${rounds}`);
  });

  test('two answers whose top grades each fit but together exceed the quota: one wins, the other gets 409', { skip }, async () => {
    const head = fx.codes.head;
    const headA = fx.clients.head;
    const headB = await signIn(B, fx.users.head);
    const admin = fx.clients.admin;
    const prop = (await headA.get(`/api/v1/decisions?unit=${fx.codes.unitIn}&month=${M}`)).body;
    // the first tied list: all but one of its places given, the rest denied
    const l = prop.lists.find((x) => x.ties.length && x.ties[0].choose >= 1);
    assert.ok(l, 'a tied list');
    const t = l.ties[0];
    const others = prop.lists.flatMap((x) => x.ties).filter((x) => x !== t);
    const grant = [...t.members.slice(0, t.choose - 1), ...others.flatMap((x) => x.members.slice(0, x.choose))];
    const d = await headA.post('/api/v1/decisions', { month: '11/2026', grant, deny: t.members.slice(t.choose - 1),
      reason: 'Còn một chỗ cho người kiến nghị' });
    assert.equal(d.status, 200, d.text);
    assert.equal((await headA.post('/api/v1/decisions/publish', { month: '11/2026' })).status, 200);
    const inList = (codes) => codes.filter((c) => l.people.some((p) => p.code === c)).length;
    assert.equal(inList(grantedOf(head)), l.quota.max_top - 1);

    const object = async (code) => {
      const r = await admin.post(`/api/v1/evaluations/${code}@${M}/objection`, { reason: 'Đề nghị xem xét xếp loại cao nhất' });
      assert.equal(r.status, 201, r.text);
    };
    // two people at full marks left out: both object
    let [p, q] = [t.members[t.choose - 1], t.members[t.choose]];
    await object(p);
    await object(q);
    const rounds = 5;
    for (let i = 0; i < rounds; i++) {
      const [vp, vq] = [evalRow(p), evalRow(q)];
      assert.deepEqual([vp.top, vp.open, vq.top, vq.open], [0, 1, 0, 1]);
      const n = audits('eval.answer');
      const answer = (c, code) => c.post(`/api/v1/evaluations/${code}@${M}/answer`,
        { reason: `Vòng ${i}: chấp nhận kiến nghị`, grant_top: true });
      const [ra, rb] = i % 2 ? (await Promise.all([answer(headB, q), answer(headA, p)])).reverse()
        : await Promise.all([answer(headA, p), answer(headB, q)]);
      assert.deepEqual([ra.status, rb.status].sort(), [200, 409], `round ${i}: ${brief(ra)} / ${brief(rb)}`);
      const [lost, winner, loser] = ra.status === 200 ? [rb, p, q] : [ra, q, p];
      assert.equal(errorOf(lost).code, 'conflict');
      assert.match(errorOf(lost).message, /Vượt tỷ lệ xếp loại .*chỉ được xếp tối đa/);
      // exactly the quota in the database; the loser unchanged, his objection still open
      assert.equal(inList(grantedOf(head)), l.quota.max_top, `round ${i}`);
      assertQuota(prop.lists, `round ${i}`);
      assert.deepEqual([evalRow(winner).top, evalRow(winner).open], [1, 0]);
      assert.deepEqual(evalRow(loser), loser === p ? vp : vq);
      assert.equal(audits('eval.answer'), n + 1);
      if (i === rounds - 1) break;
      // a place again: the winner reopened, decided without the top grade and published; he objects
      const ro = await headA.post('/api/v1/decisions/reopen', { evaluation: `${winner}@${M}`, reason: 'Xem xét lại' });
      assert.equal(ro.status, 200, ro.text);
      const dd = await headB.post('/api/v1/decisions', { month: '11/2026', deny: [winner], reason: 'Xem xét lại' });
      assert.equal(dd.status, 200, dd.text);
      assert.equal((await headA.post('/api/v1/decisions/publish', { month: '11/2026' })).status, 200);
      await object(winner);
      [p, q] = [loser, winner];
    }
  });

  test('the audit chain written through both servers is one unbroken chain', { skip }, async () => {
    const v = canbo(['audit', 'verify', '--db', db]);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, /toàn vẹn/);
    const api = await fx.clients.admin.at(B).get('/api/v1/audit/verify');
    assert.equal(api.status, 200);
    assert.equal(api.body.intact, true);
    // no fork: every row links to the one before it, no two rows share a predecessor
    assert.equal(sql(db, `SELECT COUNT(*) - COUNT(DISTINCT prev_hash) FROM audit_log`), '0');
    assert.equal(sql(db, `SELECT COUNT(*) FROM audit_log a JOIN audit_log b ON b.id = (SELECT MAX(id) FROM audit_log WHERE id < a.id)
      WHERE a.prev_hash <> b.hash`), '0');
  });
});
