// Units, people and their posts over HTTP (src/web/api_org.c) on the API
// fixture: the demo city (the old district Hoàn Kiếm merged into new wards on
// 01/07/2025) with one signed-in user per role. hr and viewer are scoped to
// the new ward P-HK; X-SS and CB000286 are outside it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { canbo, errorOf, sql } from './helpers.mjs';
import { ROLES, fixture } from './fixture.mjs';
import matrix from './matrix/org.mjs';

let fx, db, c, codes;
before(async () => {
  fx = await fixture();
  ({ db, codes } = fx);
  c = fx.clients;
});
after(async () => { await fx.stop(); });

const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
const q = (s) => s.replace(/'/g, "''");

// Rows that a refused or invalid request must leave as they were.
function snapshot() {
  return sql(db, `SELECT (SELECT COUNT(*) FROM units), (SELECT COUNT(*) FROM unit_versions),
    (SELECT COUNT(*) FROM unit_events), (SELECT COUNT(*) FROM people),
    (SELECT COUNT(*) FROM assignments), (SELECT COUNT(*) FROM audit_log WHERE action NOT LIKE 'auth.%'),
    (SELECT MAX(updated_at) FROM people)`);
}

// Open primary posts in unit code on day (ISO), counted in the database.
function peopleOn(code, day) {
  return Number(sql(db, `SELECT COUNT(*) FROM assignments a JOIN units u ON u.id = a.unit_id
    WHERE u.code = '${code}' AND a.kind = 'primary' AND a.valid_from <= '${day}'
    AND (a.valid_to IS NULL OR a.valid_to > '${day}')`));
}

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

test('the authorisation matrix holds for every role, in and out of scope, and changes nothing', async () => {
  const before = snapshot();
  const doc = (await c.admin.get('/api/v1/openapi.json')).body;
  const ours = [];
  for (const [p, ops] of Object.entries(doc.paths))
    if (/^\/api\/v1\/(units|people)(\/|$)/.test(p))
      for (const m of Object.keys(ops)) ours.push(`${m.toUpperCase()} ${p}`);
  assert.deepEqual(Object.keys(matrix).sort(), ours.sort(), 'the matrix names every route of the group');
  let checked = 0;
  for (const [route, spec] of Object.entries(matrix)) {
    for (const scope of ['in', 'out']) {
      const req = spec.req(codes, scope);
      if (!req) continue;
      for (const role of ROLES) {
        const r = await c[role].req(req.method, req.path, req.body);
        const what = `${route} as ${role} (${scope} of scope): ${r.status} ${r.text.slice(0, 200)}`;
        if (spec.allow[scope].includes(role)) {
          assert.ok(r.status !== 401 && r.status !== 403 && r.status < 500, what);
        } else {
          assert.equal(r.status, 403, what);
          assert.equal(errorOf(r).code, 'forbidden', what);
        }
        checked++;
      }
    }
  }
  assert.ok(checked >= 200);
  assert.equal(snapshot(), before, 'the matrix requests changed nothing');
});

test('the tree on 30/06/2025 holds the old district; today the merged ward', async () => {
  const old = await c.admin.get('/api/v1/units?date=2025-06-30&people=true&limit=5000');
  assert.equal(old.status, 200, old.text);
  assert.equal(old.body.date, '2025-06-30');
  const oldCodes = old.body.items.map((u) => u.code);
  assert.ok(oldCodes.includes('HK') && oldCodes.includes('HK-HT'));
  assert.ok(!oldCodes.includes('P-HK'));
  assert.equal(old.body.total, Number(sql(db, "SELECT COUNT(*) FROM unit_versions WHERE valid_from <= '2025-06-30' AND (valid_to IS NULL OR valid_to > '2025-06-30')")));
  const ht = old.body.items.find((u) => u.code === 'HK-HT');
  assert.equal(ht.name, 'Phường Hàng Trống');
  assert.equal(ht.parent_code, 'HK');
  assert.equal(ht.depth, 2);
  assert.equal(ht.kind_label, 'Phường');
  assert.equal(ht.people, peopleOn('HK-HT', '2025-06-30'));
  assert.ok(ht.people > 0);
  // depth first: every unit comes after its parent, one level deeper
  old.body.items.forEach((u, i) => {
    if (!u.parent_code) return assert.equal(u.depth, 0);
    const p = oldCodes.indexOf(u.parent_code);
    assert.ok(p >= 0 && p < i, `${u.code} after its parent`);
    assert.equal(u.depth, old.body.items[p].depth + 1);
  });

  const now = await c.admin.get('/api/v1/units?people=true&limit=5000');
  assert.equal(now.body.date, today());
  const nowCodes = now.body.items.map((u) => u.code);
  assert.ok(nowCodes.includes('P-HK') && !nowCodes.includes('HK') && !nowCodes.includes('HK-HT'));
  const phk = now.body.items.find((u) => u.code === 'P-HK');
  assert.equal(phk.valid_from, '2025-07-01');
  assert.equal(phk.people, peopleOn('P-HK', today()));

  // no people counts unless asked; paging keeps the total
  const page = await c.admin.get('/api/v1/units?limit=3&offset=2');
  assert.deepEqual(page.body.items.map((u) => u.code), nowCodes.slice(2, 5));
  assert.equal(page.body.total, now.body.total);
  assert.ok(!('people' in page.body.items[0]));
  const bad = await c.admin.get('/api/v1/units?date=31/02/2025');
  assert.equal(bad.status, 400);
  assert.match(errorOf(bad).message, /31\/02\/2025/);
});

test('a scoped user gets the tree of their scope, and only roots inside it', async () => {
  const r = await c.hr.get('/api/v1/units');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.root, 'P-HK');
  assert.equal(r.body.items[0].code, 'P-HK');
  const seen = new Set();
  for (const u of r.body.items) {
    assert.ok(u.code === 'P-HK' || seen.has(u.parent_code), `${u.code} is under P-HK`);
    seen.add(u.code);
  }
  const room = await c.viewer.get(`/api/v1/units?root=${codes.roomIn}`);
  assert.equal(room.status, 200);
  assert.equal(room.body.items[0].code, codes.roomIn);
  const out = await c.hr.get('/api/v1/units?root=X-SS');
  assert.equal(out.status, 403);
  assert.equal(errorOf(out).code, 'forbidden');
  // the ward did not exist before the reform
  const early = await c.hr.get('/api/v1/units?date=30/06/2025');
  assert.equal(early.status, 404);
  assert.match(errorOf(early).message, /P-HK.*30\/06\/2025/);
});

test('one unit: its version on a date, parent, children and people', async () => {
  const r = await c.viewer.get('/api/v1/units/P-HK');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.name, 'Phường Hoàn Kiếm');
  assert.deepEqual(r.body.parent, { code: 'HN', name: 'Thành phố Hà Nội' });
  assert.equal(r.body.active, true);
  assert.equal(r.body.exists_on_date, true);
  const kids = sql(db, `SELECT u.code FROM unit_versions v JOIN units u ON u.id = v.unit_id
    JOIN units p ON p.id = v.parent_id WHERE p.code = 'P-HK' AND v.valid_to IS NULL ORDER BY u.code`).split('\n');
  assert.deepEqual(r.body.children.map((k) => k.code).sort(), kids);
  assert.equal(r.body.people, peopleOn('P-HK', today()));
  const all = r.body.people + kids.reduce((n, k) => n + peopleOn(k, today()), 0);
  assert.equal(r.body.people_subtree, all);

  const hk = await c.admin.get('/api/v1/units/HK');
  assert.equal(hk.body.active, false);
  assert.equal(hk.body.exists_on_date, false);
  assert.equal(hk.body.valid_to, '2025-07-01');
  assert.deepEqual(hk.body.children, []);
  const then = await c.admin.get('/api/v1/units/HK?date=2025-06-30');
  assert.equal(then.body.exists_on_date, true);
  assert.ok(then.body.children.some((k) => k.code === 'HK-HT' && k.people === peopleOn('HK-HT', '2025-06-30')));
  const before = await c.admin.get('/api/v1/units/P-HK?date=2025-06-30');
  assert.equal(before.status, 404);
  assert.match(errorOf(before).message, /chưa được thành lập/);
  const none = await c.admin.get('/api/v1/units/KHONG-CO');
  assert.equal(none.status, 404);
  assert.equal(errorOf(none).message, 'Không có đơn vị mã «KHONG-CO»');
});

test('history and where-did-they-go of the old district HK', async () => {
  const h = await c.admin.get('/api/v1/units/HK/history');
  assert.equal(h.status, 200, h.text);
  assert.equal(h.body.active, false);
  assert.equal(h.body.versions.length, 1);
  assert.equal(h.body.versions[0].valid_to, '2025-07-01');
  const dis = h.body.events.find((e) => e.kind === 'dissolve');
  assert.equal(dis.kind_label, 'Giải thể');
  assert.equal(dis.date, '2025-07-01');
  assert.equal(dis.decision_no, '72/2025/QH15');
  assert.deepEqual(dis.from, [{ code: 'HK', name: 'Quận Hoàn Kiếm' }]);
  assert.deepEqual(dis.to, [{ code: 'P-HK', name: 'Phường Hoàn Kiếm' }]);

  const ward = await c.admin.get('/api/v1/units/HK-HT/history');
  const merge = ward.body.events.find((e) => e.kind === 'merge');
  assert.equal(merge.decision_no, '1656/NQ-UBTVQH15');
  assert.deepEqual(merge.from.map((u) => u.code), ['HK-HB', 'HK-HD', 'HK-HT']);
  assert.deepEqual(merge.to.map((u) => u.code), ['P-HK']);

  const w = await c.admin.get('/api/v1/units/HK/where?limit=2000');
  assert.equal(w.status, 200, w.text);
  assert.equal(w.body.unit.code, 'HK');
  assert.equal(w.body.unit.active, false);
  // the district's own dissolution and the merges of its rooms and wards
  assert.ok(w.body.events.some((e) => e.kind === 'dissolve'));
  assert.ok(w.body.events.filter((e) => e.kind === 'merge').length >= 3);
  const ended = Number(sql(db, `SELECT COUNT(*) FROM assignments a JOIN units u ON u.id = a.unit_id
    WHERE (u.code = 'HK' OR u.code LIKE 'HK-%') AND a.valid_to IS NOT NULL`));
  assert.equal(w.body.total, ended);
  assert.equal(w.body.items.length, ended);
  const chair = w.body.items.find((x) => x.person.code === codes.head);
  assert.deepEqual(chair.old_unit, { code: 'HK', name: 'Quận Hoàn Kiếm' });
  assert.equal(chair.position, 'Chủ tịch UBND quận');
  assert.equal(chair.valid_to, '2025-07-01');
  assert.deepEqual(chair.new_unit, { code: 'P-HK', name: 'Phường Hoàn Kiếm' });
  assert.equal(chair.new_position, sql(db, `SELECT a.position FROM assignments a JOIN people p ON p.id = a.person_id
    WHERE p.code = '${codes.head}' AND a.kind = 'primary' AND a.valid_from = '2025-07-01'`));
  // people of the old wards went to the new ones
  assert.ok(w.body.items.some((x) => x.old_unit.code === 'HK-HT' && x.new_unit?.code === 'P-HK'));
  const page = await c.admin.get('/api/v1/units/HK/where?limit=10&offset=10');
  assert.deepEqual(page.body.items, w.body.items.slice(10, 20));
  assert.equal(page.body.total, ended);
});

test('unit search ignores diacritics and case and keeps to the scope', async () => {
  const r = await c.admin.get('/api/v1/units/search?q=HANG%20TRONG');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.items.map((u) => u.code), ['HK-HT']);
  const hk = await c.admin.get(`/api/v1/units/search?q=${encodeURIComponent('hoàn kiếm')}`);
  const found = hk.body.items.map((u) => u.code);
  assert.ok(found.includes('HK') && found.includes('P-HK'));
  const all = await c.admin.get('/api/v1/units/search?q=van%20phong&limit=500');
  assert.ok(all.body.items.some((u) => u.code === 'X-SS-VP'));
  const mine = await c.hr.get('/api/v1/units/search?q=van%20phong&limit=500');
  assert.ok(mine.body.items.length > 0);
  // the ward's units, and the old district's units that were merged into them
  assert.ok(mine.body.items.every((u) => u.code.startsWith('P-HK') || u.code.startsWith('HK-')), JSON.stringify(mine.body.items.map((u) => u.code)));
  assert.ok(!mine.body.items.some((u) => u.code.startsWith('X-')));
  assert.equal(mine.body.total, mine.body.items.length);
  const empty = await c.admin.get('/api/v1/units/search?q=');
  assert.equal(empty.status, 400);
});

test('people: search without diacritics, Vietnamese name order, paging with total', async () => {
  const made = await c.admin.post('/api/v1/people', {
    code: 'CB990001', full_name: 'Nguyễn Văn An', category: 'CC', post: { unit: 'X-DA-VP', position: 'Chuyên viên' },
  });
  assert.equal(made.status, 201, made.text);
  const r = await c.admin.get('/api/v1/people?q=nguyen%20van%20an&limit=500');
  assert.equal(r.status, 200, r.text);
  assert.ok(r.body.items.some((p) => p.code === 'CB990001' && p.full_name === 'Nguyễn Văn An'));
  assert.ok(r.body.items.every((p) => fold(p.full_name).includes('nguyen van an')));
  assert.equal(r.body.total, r.body.items.length);
  const upper = await c.admin.get(`/api/v1/people?q=${encodeURIComponent('NGUYỄN VĂN AN')}&limit=500`);
  assert.deepEqual(upper.body.items, r.body.items);

  // the ward's list: everyone with a primary post in its subtree, in name order
  const list = await c.hr.get('/api/v1/people?limit=500');
  assert.equal(list.status, 200, list.text);
  const inWard = Number(sql(db, `WITH RECURSIVE sub(id) AS (SELECT id FROM units WHERE code = 'P-HK'
    UNION SELECT v.unit_id FROM unit_versions v JOIN sub ON v.parent_id = sub.id WHERE v.valid_to IS NULL)
    SELECT COUNT(*) FROM assignments WHERE kind = 'primary' AND valid_to IS NULL AND unit_id IN (SELECT id FROM sub)`));
  assert.equal(list.body.total, inWard);
  assert.equal(list.body.items.length, inWard);
  const coll = new Intl.Collator('vi');
  const key = (n) => { const w = n.split(' '); return [w[w.length - 1], w.slice(1, -1).join(' '), w[0]]; };
  for (let i = 1; i < list.body.items.length; i++) {
    const a = list.body.items[i - 1], b = list.body.items[i];
    const [x, y] = [key(a.full_name), key(b.full_name)];
    let cmp = 0;
    for (let k = 0; k < 3 && !cmp; k++) cmp = coll.compare(x[k], y[k]);
    assert.ok(cmp < 0 || (cmp === 0 && a.code < b.code), `${a.full_name} before ${b.full_name}`);
  }
  const pages = [];
  for (const offset of [0, 7, 14]) {
    const p = await c.hr.get(`/api/v1/people?limit=7&offset=${offset}`);
    assert.equal(p.body.total, inWard);
    assert.equal(p.body.limit, 7);
    assert.equal(p.body.offset, offset);
    pages.push(...p.body.items);
  }
  assert.deepEqual(pages, list.body.items.slice(0, 21));

  const room = await c.head.get(`/api/v1/people?unit=${codes.roomIn}&limit=500`);
  assert.ok(room.body.items.length > 0);
  assert.ok(room.body.items.every((p) => p.unit.code === codes.roomIn));
  const cb = await c.admin.get(`/api/v1/people?category=${encodeURIComponent('cán bộ')}&limit=500`);
  assert.ok(cb.body.items.length > 0 && cb.body.items.every((p) => p.category === 'CB'));
  const staff = await c.staff.get('/api/v1/people');
  assert.equal(staff.status, 403);
  const out = await c.hr.get('/api/v1/people?unit=X-SS');
  assert.equal(out.status, 403);
  assert.equal(errorOf(out).message, 'Dữ liệu này nằm ngoài phạm vi đơn vị bạn được giao');
});

test('a record with invalid values is refused field by field and nothing changes', async () => {
  const before = snapshot();
  const bad = await c.hr.post('/api/v1/people', {
    code: 'CB990002', full_name: 'Nguyen', birth_date: '31/02/1990', gender: 'không rõ',
    category: 'XYZ', salary_coef: 25, post: { unit: codes.roomIn, position: 'Chuyên viên' },
  });
  assert.equal(bad.status, 400, bad.text);
  const err = errorOf(bad);
  assert.equal(err.code, 'invalid');
  assert.match(err.message, /^Họ và tên: cần ghi đủ họ và tên/);
  assert.deepEqual(err.details.fields.map((f) => f.field), ['full_name', 'birth_date', 'gender', 'category', 'salary_coef']);
  assert.equal(err.details.fields[1].value, '31/02/1990');
  assert.match(err.details.fields[3].message, /Cán bộ, Công chức, Viên chức, Lao động hợp đồng/);

  const missing = await c.hr.post('/api/v1/people', { code: 'CB990002', post: { unit: codes.roomIn, position: 'Chuyên viên' } });
  assert.equal(missing.status, 400);
  assert.deepEqual(errorOf(missing).details.fields.map((f) => f.field), ['full_name', 'category']);
  const unknown = await c.hr.post('/api/v1/people', { code: 'CB990002', full_name: 'Lê Văn Tám', category: 'CC', salary: 3, post: { unit: codes.roomIn, position: 'Chuyên viên' } });
  assert.equal(unknown.status, 400);
  assert.match(errorOf(unknown).message, /salary/);
  const dup = await c.hr.post('/api/v1/people', { code: codes.personIn, full_name: 'Lê Văn Tám', category: 'CC', post: { unit: codes.roomIn, position: 'Chuyên viên' } });
  assert.equal(dup.status, 409);
  assert.equal(errorOf(dup).message, `Đã có người mã «${codes.personIn}»`);
  const noPost = await c.hr.post('/api/v1/people', { code: 'CB990002', full_name: 'Lê Văn Tám', category: 'CC' });
  assert.equal(noPost.status, 403);

  const row = () => sql(db, `SELECT * FROM people WHERE code = '${codes.personIn}'`);
  const was = row();
  const future = await c.hr.put(`/api/v1/people/${codes.personIn}`, { birth_date: '01/01/2090' });
  assert.equal(future.status, 400);
  assert.match(errorOf(future).message, /ngày sinh ở tương lai/);
  const cleared = await c.hr.put(`/api/v1/people/${codes.personIn}`, { full_name: null, category: '' });
  assert.equal(cleared.status, 400);
  assert.deepEqual(errorOf(cleared).details.fields.map((f) => f.field), ['full_name', 'category']);
  const code = await c.hr.put(`/api/v1/people/${codes.personIn}`, { code: 'KHAC' });
  assert.equal(code.status, 400);
  const away = await c.hr.put(`/api/v1/people/${codes.personIn}`, { post: { unit: 'X-SS-VP', position: 'Chuyên viên' } });
  assert.equal(away.status, 403);
  const notJson = await c.hr.put(`/api/v1/people/${codes.personIn}`, 'không phải JSON');
  assert.equal(notJson.status, 400);
  assert.equal(row(), was);
  assert.equal(snapshot(), before);
});

test('creating and updating a record normalises values as the importer does, and audits', async () => {
  const r = await c.hr.post('/api/v1/people', {
    code: 'CB990003', full_name: '  Trần   Thị Hồng ', birth_date: '15/05/1990', gender: 'nữ', category: 'công chức',
    rank_code: '1.003', salary_step: 2, salary_coef: '2,34', political_theory: 'trung cấp',
    post: { unit: codes.roomIn, position: 'Chuyên viên', from: '01/11/2026', decision_no: '5/QĐ-UBND' },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.full_name, 'Trần Thị Hồng');
  assert.equal(r.body.labels.gender, 'Nữ');
  assert.equal(r.body.salary_coef, 2.34);
  assert.equal(r.body.rank_name, 'Chuyên viên');
  assert.equal(sql(db, "SELECT full_name, birth_date, gender, category, rank_code, salary_step, salary_coef, llct, status FROM people WHERE code = 'CB990003'"),
    'Trần Thị Hồng|1990-05-15|F|CC|01.003|2|234|trung_cap|working');
  assert.equal(sql(db, `SELECT u.code, a.kind, a.position, a.valid_from, a.decision_no FROM assignments a
    JOIN units u ON u.id = a.unit_id JOIN people p ON p.id = a.person_id WHERE p.code = 'CB990003'`),
  `${codes.roomIn}|primary|Chuyên viên|2026-11-01|5/QĐ-UBND`);
  const add = sql(db, "SELECT actor, source, after FROM audit_log WHERE action = 'person.add' AND entity_id = 'CB990003'");
  assert.match(add, /^user:tochuc\|127\.0\.0\.1\|\{.*"full_name":"Trần Thị Hồng".*"post_unit":"P-HK-KT"/);
  assert.equal((await c.viewer.get('/api/v1/people/CB990003')).status, 200);
  assert.equal((await c.staff.get('/api/v1/people/CB990003')).status, 403);

  const u = await c.hr.put('/api/v1/people/CB990003', { religion: 'Phật giáo', salary_coef: 2.67, political_theory: null });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.body.religion, 'Phật giáo');
  assert.equal(u.body.political_theory, null);
  assert.equal(sql(db, "SELECT salary_coef, CASE WHEN llct IS NULL THEN 1 ELSE 0 END FROM people WHERE code = 'CB990003'"), '267|1');
  const upd = sql(db, "SELECT before, after FROM audit_log WHERE action = 'person.update' AND entity_id = 'CB990003'");
  assert.match(upd, /"salary_coef":"234".*\|.*"salary_coef":"267"/);
  const n = sql(db, "SELECT COUNT(*) FROM audit_log WHERE entity_id = 'CB990003'");
  assert.equal((await c.hr.put('/api/v1/people/CB990003', { religion: 'Phật giáo' })).status, 200);
  assert.equal(sql(db, "SELECT COUNT(*) FROM audit_log WHERE entity_id = 'CB990003'"), n, 'no change, no audit row');

  const as = await c.hr.post('/api/v1/people/CB990003/assignments',
    { unit: 'P-HK-VP', position: 'Phó Chánh Văn phòng', kind: 'kiêm nhiệm', from: '2026-11-15', decision_no: '9/QĐ-UBND' });
  assert.equal(as.status, 201, as.text);
  assert.equal(as.body.assignment.kind, 'concurrent');
  assert.equal(as.body.assignment.is_leader, true);
  assert.equal(as.body.assignment.leader_level, 'deputy');
  assert.equal(as.body.assignment.valid_to, null);
  const away = await c.hr.post('/api/v1/people/CB990003/assignments', { unit: 'X-SS-VP', position: 'Chuyên viên', kind: 'biệt phái', from: '2026-11-15' });
  assert.equal(away.status, 403);
  const end = await c.hr.post('/api/v1/people/CB990003/assignments/end', { unit: 'P-HK-VP', date: '30/11/2026' });
  assert.equal(end.status, 200, end.text);
  assert.equal(end.body.assignment.id, as.body.assignment.id);
  assert.equal(end.body.assignment.valid_to, '2026-11-30');
  const again = await c.hr.post('/api/v1/people/CB990003/assignments/end', { unit: 'P-HK-VP', date: '2026-12-30' });
  assert.equal(again.status, 404);
  const st = await c.hr.post('/api/v1/people/CB990003/status', { status: 'nghỉ hưu', from: '2026-12-01' });
  assert.equal(st.status, 200, st.text);
  assert.equal(st.body.status, 'retired');
  assert.equal(st.body.labels.status, 'Nghỉ hưu');
  assert.equal(st.body.status_from, '2026-12-01');
  const badSt = await c.hr.post('/api/v1/people/CB990003/status', { status: 'đi chơi', from: '2026-12-01' });
  assert.equal(badSt.status, 400);
  assert.equal(sql(db, "SELECT group_concat(action, ',') FROM (SELECT action FROM audit_log WHERE entity_id = 'CB990003' ORDER BY id)"),
    'person.add,person.update,person.assign,person.end_post,person.status');
});

test('units: create, correct, rename and dissolve over the API keep history and audit', async () => {
  const add = await c.hr.post('/api/v1/units', {
    code: 'P-HK-TP', name: 'Tổ Tư pháp', kind: 'phòng', sector: 'chính quyền', parent: 'P-HK', valid_from: '01/01/2026',
  });
  assert.equal(add.status, 201, add.text);
  assert.equal(add.body.kind, 'room');
  assert.equal(add.body.sector, 'government');
  assert.equal(add.body.valid_from, '2026-01-01');
  assert.equal((await c.hr.post('/api/v1/units', { code: 'P-HK-TP', name: 'X', kind: 'room', sector: 'government', parent: 'P-HK' })).status, 409);
  const badCode = await c.hr.post('/api/v1/units', { code: 'P HK', name: 'X', kind: 'room', sector: 'government', parent: 'P-HK' });
  assert.equal(badCode.status, 400);
  assert.match(errorOf(badCode).message, /Mã đơn vị «P HK»/);
  const top = await c.hr.post('/api/v1/units', { code: 'GOC', name: 'Gốc', kind: 'city', sector: 'government' });
  assert.equal(top.status, 403);

  const fix = await c.hr.put('/api/v1/units/P-HK-TP', { name: 'Tổ Tư pháp - Hộ tịch' });
  assert.equal(fix.status, 200, fix.text);
  assert.equal(fix.body.name, 'Tổ Tư pháp - Hộ tịch');
  assert.match(sql(db, "SELECT before || ' → ' || after FROM audit_log WHERE action = 'unit.update' AND entity_id = 'P-HK-TP'"),
    /"name":"Tổ Tư pháp".*→.*"name":"Tổ Tư pháp - Hộ tịch"/);
  assert.equal((await c.hr.put('/api/v1/units/P-HK-TP', { parent: 'X-SS' })).status, 403);

  const ren = await c.hr.post('/api/v1/units/P-HK-TP/rename', { name: 'Tổ Tư pháp phường', date: '2026-06-01', decision_no: '12/QĐ-UBND' });
  assert.equal(ren.status, 200, ren.text);
  assert.equal(ren.body.event.kind, 'rename');
  assert.equal(ren.body.event.note, 'Tổ Tư pháp phường');
  const early = await c.hr.post('/api/v1/units/P-HK-TP/rename', { name: 'Sớm hơn', date: '2026-03-01' });
  assert.equal(early.status, 400, 'history cannot be rewritten');
  const mv = await c.hr.post('/api/v1/units/P-HK-TP/move', { top: true, date: '2026-07-01' });
  assert.equal(mv.status, 403);
  const dis = await c.hr.post('/api/v1/units/P-HK-TP/dissolve', { date: '2026-08-01', decision_no: '13/QĐ-UBND' });
  assert.equal(dis.status, 200, dis.text);
  assert.deepEqual(dis.body.event.from, [{ code: 'P-HK-TP', name: 'Tổ Tư pháp phường' }]);
  assert.deepEqual(dis.body.event.to, []);

  const h = await c.hr.get('/api/v1/units/P-HK-TP/history');
  assert.equal(h.body.active, false);
  assert.deepEqual(h.body.versions.map((v) => [v.name, v.valid_from, v.valid_to]),
    [['Tổ Tư pháp - Hộ tịch', '2026-01-01', '2026-06-01'], ['Tổ Tư pháp phường', '2026-06-01', '2026-08-01']]);
  assert.deepEqual(h.body.events.map((e) => e.kind), ['rename', 'dissolve']);
  assert.equal((await c.hr.put('/api/v1/units/P-HK-TP', { name: 'Sau khi giải thể' })).status, 409);
  assert.equal(sql(db, "SELECT group_concat(action, ',') FROM (SELECT action FROM audit_log WHERE entity_id = 'P-HK-TP' OR (entity = 'unit_event' AND after LIKE '%P-HK-TP%') ORDER BY id)"),
    'unit.add,unit.update,unit.rename,unit.dissolve');
});

test('a merge over the API moves the people and is audited', async () => {
  for (const [code, name] of [['P-HK-A', 'Tổ A'], ['P-HK-B', 'Tổ B']]) {
    const r = await c.hr.post('/api/v1/units', { code, name, kind: 'room', sector: 'government', parent: 'P-HK', valid_from: '2026-01-01' });
    assert.equal(r.status, 201, r.text);
  }
  const p = await c.hr.post('/api/v1/people', {
    code: 'CB990004', full_name: 'Lê Văn Tám', category: 'CC', post: { unit: 'P-HK-A', position: 'Chuyên viên', from: '2026-02-01' },
  });
  assert.equal(p.status, 201, p.text);

  const before = snapshot();
  const out = await c.hr.post('/api/v1/units/merge', { from: ['P-HK-A', 'X-SS-VP'], into: 'P-HK-B', date: '2026-12-01' });
  assert.equal(out.status, 403);
  const self = await c.hr.post('/api/v1/units/merge', { from: ['P-HK-B'], into: 'P-HK-B', date: '2026-12-01' });
  assert.equal(self.status, 400);
  const noFrom = await c.hr.post('/api/v1/units/merge', { from: [], into: 'P-HK-B', date: '2026-12-01' });
  assert.equal(noFrom.status, 400);
  assert.equal(snapshot(), before);

  const m = await c.hr.post('/api/v1/units/merge', { from: ['P-HK-A'], into: 'P-HK-B', date: '01/12/2026', decision_no: '20/QĐ-UBND' });
  assert.equal(m.status, 200, m.text);
  assert.equal(m.body.event.kind, 'merge');
  assert.equal(m.body.event.date, '2026-12-01');
  assert.equal(m.body.event.decision_no, '20/QĐ-UBND');
  assert.deepEqual(m.body.event.from, [{ code: 'P-HK-A', name: 'Tổ A' }]);
  assert.deepEqual(m.body.event.to, [{ code: 'P-HK-B', name: 'Tổ B' }]);
  // the post in A ends on the day, one in B starts, naming the event
  assert.equal(sql(db, `SELECT u.code, a.valid_from, IFNULL(a.valid_to, ''), IFNULL(a.event_id, '') FROM assignments a
    JOIN units u ON u.id = a.unit_id JOIN people p ON p.id = a.person_id WHERE p.code = 'CB990004' ORDER BY a.id`),
  `P-HK-A|2026-02-01|2026-12-01|\nP-HK-B|2026-12-01||${m.body.event.id}`);
  assert.equal(sql(db, "SELECT valid_to FROM unit_versions v JOIN units u ON u.id = v.unit_id WHERE u.code = 'P-HK-A'"), '2026-12-01');
  const audit = sql(db, `SELECT actor, source, entity, entity_id, after FROM audit_log WHERE action = 'unit.merge' ORDER BY id DESC LIMIT 1`);
  assert.equal(audit, `user:tochuc|127.0.0.1|unit_event|${m.body.event.id}|{"date":"2026-12-01","decision_no":"20/QĐ-UBND","from":["P-HK-A"],"to":["P-HK-B"]}`);

  const w = await c.hr.get('/api/v1/units/P-HK-A/where');
  assert.equal(w.body.unit.active, false);
  assert.deepEqual(w.body.items.map((x) => [x.person.code, x.new_unit?.code, x.new_position]), [['CB990004', 'P-HK-B', 'Chuyên viên']]);
  const again = await c.hr.post('/api/v1/units/merge', { from: ['P-HK-A'], into: 'P-HK-B', date: '2026-12-15' });
  assert.equal(again.status, 409, 'a merged unit cannot be merged again');
  const v = canbo(['audit', 'verify', '--db', db]);
  assert.equal(v.code, 0, v.stderr);
});

test('hr of the ward cannot read or change the commune or its people', async () => {
  const before = snapshot();
  const row = () => sql(db, `SELECT * FROM people WHERE code = '${codes.personOut}'`);
  const was = row();
  const tries = [
    ['GET', '/api/v1/units/X-SS'],
    ['GET', '/api/v1/units/X-SS/history'],
    ['GET', '/api/v1/units/X-SS/where'],
    ['GET', '/api/v1/units?root=X-SS'],
    ['GET', `/api/v1/people/${codes.personOut}`],
    ['GET', '/api/v1/people?unit=X-SS'],
    ['PUT', `/api/v1/people/${codes.personOut}`, { religion: 'Không' }],
    ['POST', `/api/v1/people/${codes.personOut}/status`, { status: 'retired', from: '2026-12-01' }],
    ['POST', `/api/v1/people/${codes.personOut}/assignments`, { unit: codes.roomIn, position: 'Chuyên viên', from: '2026-12-01' }],
    ['POST', '/api/v1/people', { code: 'CB990005', full_name: 'Lê Văn Tám', category: 'CC', post: { unit: 'X-SS-VP', position: 'Chuyên viên' } }],
    ['POST', '/api/v1/units', { code: 'X-SS-MOI', name: 'Mới', kind: 'room', sector: 'government', parent: 'X-SS' }],
    ['PUT', '/api/v1/units/X-SS-VP', { name: 'Văn phòng' }],
    ['POST', '/api/v1/units/X-SS-VP/rename', { name: 'Văn phòng', date: '2026-12-01' }],
    ['POST', '/api/v1/units/X-SS-VP/dissolve', { date: '2026-12-01', to: 'X-SS' }],
    ['POST', '/api/v1/units/X-SS-VP/move', { parent: 'P-HK', date: '2026-12-01' }],
    ['POST', `/api/v1/units/${codes.roomIn}/move`, { parent: 'X-SS', date: '2026-12-01' }],
    ['POST', '/api/v1/units/X-SS-VP/split', { into: ['X-SS-KT'], date: '2026-12-01' }],
    ['POST', '/api/v1/units/merge', { from: ['X-SS-VP'], into: 'X-SS-KT', date: '2026-12-01' }],
  ];
  for (const [m, p, body] of tries) {
    const r = await c.hr.req(m, p, body);
    assert.equal(r.status, 403, `${m} ${p}: ${r.text}`);
    assert.equal(errorOf(r).code, 'forbidden');
  }
  // a read-only role changes nothing even in scope
  const v = await c.viewer.put(`/api/v1/people/${codes.personIn}`, { religion: 'Không' });
  assert.equal(v.status, 403);
  assert.equal(row(), was);
  assert.equal(snapshot(), before);
  // the administrator may
  assert.equal((await c.admin.get(`/api/v1/people/${codes.personOut}`)).status, 200);
});
