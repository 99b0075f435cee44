// Frameworks, settings, imports (background jobs with the row-by-row
// report), streamed exports and the audit history over HTTP, against a real
// server on the demo fixture (tests/api/fixture.mjs). Every refusal is
// checked to leave the database as it was.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, test } from 'node:test';
import { fixture, ROLES } from './fixture.mjs';
import { addUser, canbo, errorOf, signIn, sql, tmpdir } from './helpers.mjs';
import matrix from './matrix/admin.mjs';

let f, db, c, dir;
before(async () => {
  f = await fixture();
  db = f.db;
  c = f.clients;
  dir = tmpdir();
});
after(async () => {
  await f.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const count = (table, where = '') => sql(db, `SELECT COUNT(*) FROM ${table} ${where}`);
// What a refused request must leave alone.
const snapshot = () => ['audit_log', 'people', 'assignments', 'units', 'settings', 'framework_versions']
  .map((t) => `${t}=${count(t)}`).join(' ');

function refused(r, status, code, re) {
  assert.equal(r.status, status, r.text);
  const e = errorOf(r);
  assert.equal(e.code, code);
  if (re) assert.match(e.message, re);
  return e;
}

// Polls a job until it ends; returns {job, seen: [every answer]}.
async function waitJob(client, poll) {
  const seen = [];
  for (let i = 0; i < 600; i++) {
    const r = await client.get(poll);
    assert.equal(r.status, 200, r.text);
    seen.push(r.body);
    if (r.body.state === 'done' || r.body.state === 'failed') return { job: r.body, seen };
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`job ${poll} did not end`);
}

// The entries of a zip archive (an .xlsx): {name: Buffer}. Fails on
// anything that is not a well-formed archive.
function unzip(buf) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'end of central directory');
  const n = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = {};
  for (let i = 0; i < n; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'central directory entry');
    const method = buf.readUInt16LE(p + 10), size = buf.readUInt32LE(p + 20);
    const nlen = buf.readUInt16LE(p + 28), xlen = buf.readUInt16LE(p + 30), clen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nlen);
    assert.equal(buf.readUInt32LE(local), 0x04034b50, 'local header');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files[name] = method === 8 ? zlib.inflateRawSync(data) : data;
    p += 46 + nlen + xlen + clen;
  }
  return files;
}

// The fill colour of the cell whose inline text is text, in sheet 1.
function cellFill(files, text) {
  const sheet = files['xl/worksheets/sheet1.xml'].toString();
  const styles = files['xl/styles.xml'].toString();
  const esc = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = sheet.match(new RegExp(`<c r="([A-Z]+\\d+)" s="(\\d+)" t="inlineStr"><is><t[^>]*>${esc}</t></is></c>`));
  if (!m) return null;
  const xfs = [...styles.match(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/)[1].matchAll(/<xf [^>]*fillId="(\d+)"/g)];
  const fills = [...styles.match(/<fills[^>]*>([\s\S]*?)<\/fills>/)[1].matchAll(/<fill>([\s\S]*?)<\/fill>/g)];
  const fill = fills[Number(xfs[Number(m[2])][1])][1];
  const rgb = fill.match(/fgColor rgb="([0-9A-F]+)"/);
  return { cell: m[1], rgb: rgb ? rgb[1] : null };
}

const csvPost = (client, p, text, extra = {}) =>
  client.req('POST', p, Buffer.from(text), { headers: { 'Content-Type': 'text/csv', ...extra } });

// ---- the authorisation matrix ------------------------------------------------------

test('authorisation matrix: every route × role × scope; allowed requests change nothing', async () => {
  const doc = (await c.admin.get('/api/v1/openapi.json')).body;
  const mine = [];
  for (const [p, ops] of Object.entries(doc.paths))
    for (const [m, op] of Object.entries(ops))
      if (['frameworks', 'settings', 'imports', 'exports', 'audit'].includes(op.tags[0]))
        mine.push(`${m.toUpperCase()} ${p}`);
  assert.deepEqual(Object.keys(matrix).sort(), mine.sort(), 'the matrix covers every route of the group');
  const before = snapshot();
  for (const [route, spec] of Object.entries(matrix)) {
    for (const scope of ['in', 'out']) {
      const req = spec.req(f.codes, scope);
      if (!req) continue;
      for (const role of ROLES) {
        const r = await c[role].req(req.method, req.path, req.body, { headers: req.headers || {} });
        const what = `${route} ${scope} as ${role}: ${r.status} ${r.text.slice(0, 200)}`;
        if (spec.allow[scope].includes(role)) {
          assert.ok(r.status !== 401 && r.status !== 403, what);
          assert.ok(r.status < 500, what);
        } else {
          assert.equal(r.status, 403, what);
          errorOf(r);
        }
      }
    }
  }
  assert.equal(snapshot(), before);
});

// ---- frameworks ------------------------------------------------------------------------

test('frameworks: the list, one as the same JSON as the command line, 404 for a missing version', async () => {
  const l = await c.staff.get('/api/v1/frameworks');
  assert.equal(l.status, 200);
  assert.deepEqual(l.body.items.map((x) => x.code), ['HN-3814', 'ND-335']);
  const nd = l.body.items[1];
  assert.equal(nd.source, 'builtin');
  assert.deepEqual(nd.categories, ['CC']);
  assert.equal(nd.effective_from, '2026-01-01');
  assert.equal(l.body.total, 2);
  assert.equal((await c.staff.get('/api/v1/frameworks?limit=1&offset=1')).body.items[0].code, 'ND-335');
  refused(await c.staff.get('/api/v1/frameworks?all=perhaps'), 400, 'invalid', /true hoặc false/);

  const one = await c.viewer.get('/api/v1/frameworks/HN-3814?version=1');
  assert.equal(one.status, 200);
  const cli = canbo(['framework', 'export', 'HN-3814', '--out', '-', '--db', db]);
  assert.equal(cli.code, 0, cli.stderr);
  assert.equal(one.text, cli.stdout);
  assert.equal(one.body.groups[0].code, 'YT');
  refused(await c.viewer.get('/api/v1/frameworks/HN-3814?version=9'), 404, 'not_found');
  refused(await c.viewer.get('/api/v1/frameworks/KHONG-CO'), 404, 'not_found');
});

test('frameworks: an imported framework gets versions; invalid text, built-in codes and scoped HR are refused', async () => {
  const base = (await c.admin.get('/api/v1/frameworks/ND-335')).body;
  const mine = { ...base, code: 'HN-THU', name: 'Khung thử nghiệm của thành phố', effective_from: '2027-01-01' };
  const before = count('framework_versions');
  let r = await c.admin.post('/api/v1/frameworks', mine);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.created, true);
  assert.equal(r.body.framework.code, 'HN-THU');
  assert.equal(r.body.framework.version, 1);
  assert.equal(r.body.framework.source, 'system');
  assert.equal(r.body.framework.created_by, 'user:quantri');
  r = await c.admin.post('/api/v1/frameworks', mine);
  assert.equal(r.status, 200);
  assert.equal(r.body.created, false);
  r = await c.admin.post('/api/v1/frameworks', { ...mine, name: 'Khung thử nghiệm, sửa lần 2' });
  assert.equal(r.status, 201);
  assert.equal(r.body.framework.version, 2);
  assert.equal(count('framework_versions'), String(Number(before) + 2));
  const all = (await c.staff.get('/api/v1/frameworks?all=true')).body.items.filter((x) => x.code === 'HN-THU');
  assert.deepEqual(all.map((x) => x.version), [1, 2]);

  const snap = snapshot();
  refused(await c.admin.post('/api/v1/frameworks', { ...mine, groups: [] }), 400, 'invalid');
  refused(await c.admin.post('/api/v1/frameworks', { ...base }), 409, 'conflict', /ND-335.*khung có sẵn/);
  refused(await c.admin.post('/api/v1/frameworks', { ...mine, mystery: 1 }), 400, 'invalid', /mystery/);
  refused(await c.admin.req('POST', '/api/v1/frameworks', 'code=x', { headers: { 'Content-Type': 'text/plain' } }),
    400, 'invalid', /application\/json/);
  refused(await c.hr.post('/api/v1/frameworks', mine), 403, 'forbidden', /toàn hệ thống/);
  refused(await c.viewer.post('/api/v1/frameworks', mine), 403, 'forbidden');
  assert.equal(snapshot(), snap);
});

test('frameworks: HR derives its ward\'s own framework within the totals; beyond them or out of scope is refused', async () => {
  const changes = {
    code: 'P-HK-3814',
    name: 'Khung đánh giá hằng tháng của phường Hoàn Kiếm',
    groups: [{
      code: 'YT',
      criteria: [
        { code: 'YT_KL', name: 'Chấp hành kỷ luật, kỷ cương hành chính', kind: 'scored', max: 12.5 },
        { code: 'YT_DD', name: 'Phẩm chất đạo đức, lối sống', kind: 'scored', max: 7.5 },
      ],
    }],
  };
  const snap = snapshot();
  refused(await c.hr.post('/api/v1/frameworks/HN-3814/derive', { unit: 'P-HK', changes: { quota: { percent: 40 } } }),
    400, 'invalid', /không được rộng hơn khung "HN-3814"/);
  refused(await c.hr.post('/api/v1/frameworks/HN-3814/derive', { unit: 'X-SS', changes }), 403, 'forbidden');
  refused(await c.hr.post('/api/v1/frameworks/HN-3814/derive', { unit: 'P-HK', changes, extra: true }), 400, 'invalid', /extra/);
  refused(await c.hr.post('/api/v1/frameworks/HN-3814/derive', { changes }), 400, 'invalid', /unit/);
  refused(await c.hr.post('/api/v1/frameworks/KHONG-CO/derive', { unit: 'P-HK', changes }), 404, 'not_found');
  refused(await c.head.post('/api/v1/frameworks/HN-3814/derive', { unit: 'P-HK', changes }), 403, 'forbidden');
  assert.equal(snapshot(), snap);

  let r = await c.hr.post('/api/v1/frameworks/HN-3814/derive', { unit: 'P-HK', version: 1, changes });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.framework.code, 'P-HK-3814');
  assert.equal(r.body.framework.source, 'unit');
  assert.equal(r.body.framework.unit, 'P-HK');
  assert.deepEqual(r.body.framework.derived_from, { code: 'HN-3814', version: 1 });
  assert.equal(sql(db, "SELECT u.code FROM framework_versions f JOIN units u ON u.id = f.unit_id WHERE f.code = 'P-HK-3814'"), 'P-HK');
  r = await c.hr.post('/api/v1/frameworks/HN-3814/derive', { unit: 'P-HK', changes });
  assert.equal(r.status, 200);
  assert.equal(r.body.created, false);
  const got = (await c.staff.get('/api/v1/frameworks/P-HK-3814')).body;
  assert.equal(got.groups.find((g) => g.code === 'YT').criteria[1].max, 7.5);
});

// ---- settings --------------------------------------------------------------------------

test('settings: values in force with their source; a ward sets and unsets its own; refusals change nothing', async () => {
  let r = await c.staff.get('/api/v1/settings?unit=P-HK-KT');
  assert.equal(r.status, 200);
  const self = () => r.body.items.find((x) => x.key === 'deadline.self');
  assert.deepEqual([self().value, self().source, self().unit], [5, 'default', null]);
  assert.equal(self().measure, 'ngày');
  assert.ok(r.body.total > 10);

  r = await c.hr.put('/api/v1/settings', { unit: 'P-HK', values: { 'deadline.self': 3, 'deadline.review': 6 } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.items.map((x) => [x.key, x.value, x.source, x.unit]),
    [['deadline.self', 3, 'unit', 'P-HK'], ['deadline.review', 6, 'unit', 'P-HK']]);
  assert.equal(r.body.frameworks, undefined);
  r = await c.viewer.get('/api/v1/settings?unit=P-HK-KT');
  assert.deepEqual([self().value, self().source, self().unit], [3, 'unit', 'P-HK']);
  assert.equal((await c.viewer.get('/api/v1/settings')).body.items.find((x) => x.key === 'deadline.self').value, 5);

  const snap = snapshot();
  refused(await c.hr.put('/api/v1/settings', { unit: 'P-HK', values: { 'deadline.self': 40 } }), 400, 'invalid');
  refused(await c.hr.put('/api/v1/settings', { unit: 'P-HK', values: { 'deadline.self': 4, 'khong.co': 1 } }), 400, 'invalid', /khong\.co/);
  refused(await c.hr.put('/api/v1/settings', { unit: 'P-HK', values: { 'deadline.self': '4' } }), 400, 'invalid');
  refused(await c.hr.put('/api/v1/settings', { unit: 'P-HK', values: { 'nd335.results': 60 } }), 400, 'invalid');
  refused(await c.hr.put('/api/v1/settings', { unit: 'P-HK' }), 400, 'invalid', /values/);
  refused(await c.hr.put('/api/v1/settings', { unit: 'X-SS', values: { 'deadline.self': 4 } }), 403, 'forbidden');
  refused(await c.hr.put('/api/v1/settings', { values: { 'deadline.self': 4 } }), 403, 'forbidden', /toàn hệ thống/);
  refused(await c.viewer.put('/api/v1/settings', { unit: 'P-HK', values: { 'deadline.self': 4 } }), 403, 'forbidden');
  refused(await c.hr.put('/api/v1/settings', { unit: 'KHONG-CO', values: { 'deadline.self': 4 } }), 404, 'not_found');
  refused(await c.hr.del('/api/v1/settings/deadline.self?unit=X-SS'), 403, 'forbidden');
  refused(await c.hr.del('/api/v1/settings/deadline.decide?unit=P-HK'), 404, 'not_found');
  assert.equal(snapshot(), snap);

  r = await c.hr.del('/api/v1/settings/deadline.review?unit=P-HK');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.items.map((x) => [x.key, x.value, x.source]), [['deadline.review', 8, 'default']]);
  assert.equal(count('settings', "WHERE key = 'deadline.review'"), '0');
});

test('settings: framework figures changed together system-wide store a new built-in version; the old one stays', async () => {
  const v = Number(sql(db, "SELECT MAX(version) FROM framework_versions WHERE code = 'ND-335'"));
  const old = (await c.staff.get(`/api/v1/frameworks/ND-335?version=${v}`)).text;
  const snap = snapshot();
  // one figure alone would break the 100-point scale: refused, nothing stored
  refused(await c.admin.put('/api/v1/settings', { values: { 'nd335.general.a': 15 } }), 400, 'invalid', /không hợp lệ/);
  assert.equal(snapshot(), snap);
  const r = await c.admin.put('/api/v1/settings', { values: { 'nd335.general.a': 15, 'nd335.general.c': 5 } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.items.map((x) => [x.key, x.value, x.source]),
    [['nd335.general.a', 15, 'system'], ['nd335.general.c', 5, 'system']]);
  assert.equal(r.body.frameworks['ND-335'], v + 1);
  assert.equal((await c.staff.get(`/api/v1/frameworks/ND-335?version=${v}`)).text, old, 'the old version is unchanged');
  const now = (await c.staff.get('/api/v1/frameworks/ND-335')).body;
  assert.equal(now.version, v + 1);
  // unsetting one of the pair alone is refused in turn
  refused(await c.admin.del('/api/v1/settings/nd335.general.a'), 400, 'invalid');
});

// ---- imports -----------------------------------------------------------------------------

const BAD_PEOPLE = [
  'Mã,Họ và tên,Ngày sinh,Phân loại,Mã đơn vị,Chức vụ',
  'CB900001,Nguyễn Văn Thử,01/02/1990,CC,P-HK-KT,Chuyên viên',
  'CB900002,Trần,03/04/1991,CC,P-HK-KT,Chuyên viên',
  'CB900003,Lê Thị Lỗi,31/02/1985,CC,P-HK-KT,Chuyên viên',
  'CB900004,Phạm Văn Sai,05/06/1992,CC,KHONG-CO,Chuyên viên',
].join('\r\n') + '\r\n';

test('an import with bad rows: the job fails with the row-by-row report, nothing is written, the XLSX report marks the cells', async () => {
  const snap = snapshot();
  const r = await csvPost(c.admin, '/api/v1/imports/people?filename=danh-sách%20lỗi.csv', BAD_PEOPLE);
  assert.equal(r.status, 202, r.text);
  assert.equal(r.body.poll, `/api/v1/jobs/${r.body.job}`);
  assert.equal(r.headers.get('location'), r.body.poll);
  const { job } = await waitJob(c.admin, r.body.poll);
  assert.equal(job.state, 'failed');
  assert.equal(job.kind, 'import.people');
  assert.equal(job.error.code, 'invalid');
  assert.match(job.error.message, /Tệp «danh-sách lỗi\.csv» có 3 lỗi ở 4 dòng dữ liệu; không có gì được ghi/);
  const d = job.error.details;
  assert.equal(d.file, 'danh-sách lỗi.csv');
  assert.equal(d.total, 3);
  assert.deepEqual(d.problems.map((p) => [p.row, p.column, p.value]), [
    [3, 'Họ và tên', 'Trần'],
    [4, 'Ngày sinh', '31/02/1985'],
    [5, 'Mã đơn vị', 'KHONG-CO'],
  ]);
  for (const p of d.problems) assert.ok(p.reason.length > 5, p.reason);
  assert.equal(count('people', "WHERE code LIKE 'CB9000%'"), '0');
  assert.equal(snapshot(), snap.replace(/audit_log=\d+/, `audit_log=${count('audit_log')}`));
  assert.equal(count('audit_log', "WHERE action = 'import.people'"), '0');

  const rep = await c.admin.get(`/api/v1/imports/${r.body.job}/report.xlsx`);
  assert.equal(rep.status, 200);
  assert.equal(rep.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(rep.headers.get('content-disposition'),
    new RegExp(`^attachment; filename="bao-cao-loi-nhap-${r.body.job}\\.xlsx"; filename\\*=UTF-8''b%C3%A1o-c%C3%A1o-l%E1%BB%97i-nh%E1%BA%ADp-${r.body.job}\\.xlsx$`));
  const files = unzip(rep.raw);
  assert.ok(files['xl/worksheets/sheet1.xml'] && files['xl/styles.xml']);
  const sheet = files['xl/worksheets/sheet1.xml'].toString();
  assert.match(sheet, /Tệp: danh-sách lỗi\.csv/);
  assert.match(sheet, /Số lỗi: 3/);
  for (const v of ['Trần', '31/02/1985', 'KHONG-CO']) {
    const cell = cellFill(files, v);
    assert.ok(cell, `cell ${v}`);
    assert.match(cell.cell, /^C\d+$/);
    assert.equal(cell.rgb, 'FFFFC7CE', `${v} marked red`);
  }
  assert.equal(cellFill(files, 'Mã đơn vị').rgb, null, 'the column name is not marked');

  // the report is its owner's (and administrators'); a running or good job has none
  const other = await signIn(f.srv.url, addUser(db, 'tochuc2', 'hr'));
  refused(await other.get(`/api/v1/imports/${r.body.job}/report.xlsx`), 404, 'not_found');
  refused(await c.admin.get('/api/v1/imports/abc/report.xlsx'), 400, 'invalid');
});

test('a good import: the job is done, the people are written and visible; an unscoped HR officer may import', async () => {
  const good = BAD_PEOPLE.split('\r\n').slice(0, 2).join('\r\n') + '\r\n' +
    'CB900005,Đỗ Thị Hoa,07/08/1993,VC,P-HK-KT,Chuyên viên\r\n';
  const before = Number(count('people'));
  const dry = await csvPost(c.admin, '/api/v1/imports/people?dry_run=true', good);
  assert.equal(dry.status, 202);
  const d = (await waitJob(c.admin, dry.body.poll)).job;
  assert.equal(d.state, 'done', JSON.stringify(d));
  assert.deepEqual([d.result.rows, d.result.dry_run, d.result.committed], [2, true, false]);
  assert.equal(Number(count('people')), before);

  const hr = await signIn(f.srv.url, addUser(db, 'tochuc3', 'hr'));
  const r = await csvPost(hr, '/api/v1/imports/people?date=01/11/2026', good);
  assert.equal(r.status, 202, r.text);
  const { job } = await waitJob(hr, r.body.poll);
  assert.equal(job.state, 'done', JSON.stringify(job));
  assert.equal(job.percent, 100);
  assert.deepEqual([job.result.rows, job.result.created, job.result.updated, job.result.committed],
    [2, 2, 0, true]);
  assert.equal(job.result.file, 'people.csv');
  assert.equal(Number(count('people')), before + 2);
  assert.equal(sql(db, "SELECT a.valid_from FROM assignments a JOIN people p ON p.id = a.person_id WHERE p.code = 'CB900005'"), '2026-11-01');
  assert.equal(sql(db, "SELECT actor || ' ' || source FROM audit_log WHERE action = 'import.people'"), 'user:tochuc3 127.0.0.1');
  const list = await c.viewer.get('/api/v1/exports/people.csv?unit=P-HK-KT');
  assert.match(list.text, /CB900005,Đỗ Thị Hoa,07\/08\/1993,Nữ|CB900005,Đỗ Thị Hoa,07\/08\/1993,/);
  assert.match(list.text, /CB900001,Nguyễn Văn Thử/);
  // the job belongs to the one who started it
  refused(await c.hr.get(r.body.poll), 404, 'not_found');
  assert.equal((await c.admin.get(r.body.poll)).status, 200);
  refused(await hr.get(`/api/v1/imports/${r.body.job}/report.xlsx`), 404, 'not_found', /không có lỗi/);
});

test('imports: units from XLSX by content; refusals before any job', async () => {
  // a units workbook: the people export of the command line is a workbook; units are imported from one we build
  const xlsx = path.join(dir, 'units.xlsx');
  fs.writeFileSync(path.join(dir, 'units.csv'),
    'Mã,Tên,Mã đơn vị cha,Loại,Khối,Hiệu lực từ\r\nP-HK-TN,Phòng Thử nghiệm,P-HK,Phòng,Chính quyền,01/11/2026\r\n');
  // a workbook through the reader: export people as XLSX, which the units importer must refuse by its columns
  assert.equal(canbo(['export', 'people', '--unit', 'P-HK-KT', '--out', xlsx, '--db', db]).code, 0);
  const snap = snapshot();
  let r = await c.admin.req('POST', '/api/v1/imports/units', fs.readFileSync(xlsx),
    { headers: { 'Content-Type': 'application/octet-stream' } });
  assert.equal(r.status, 202, r.text);
  let { job } = await waitJob(c.admin, r.body.poll);
  assert.equal(job.state, 'failed');
  assert.match(job.error.message, /units\.xlsx \[Danh sách\]/);
  assert.doesNotMatch(job.error.message, /canbo-import-/);
  assert.equal(snapshot().replace(/audit_log=\d+ /, ''), snap.replace(/audit_log=\d+ /, ''));

  r = await csvPost(c.admin, '/api/v1/imports/units', fs.readFileSync(path.join(dir, 'units.csv')).toString());
  job = (await waitJob(c.admin, r.body.poll)).job;
  assert.equal(job.state, 'done', JSON.stringify(job));
  assert.equal(job.result.created, 1);
  assert.equal(count('units', "WHERE code = 'P-HK-TN'"), '1');

  const snap2 = snapshot();
  const jobs = count('jobs');
  refused(await csvPost(c.admin, '/api/v1/imports/people', ''), 400, 'invalid', /Thiếu nội dung/);
  refused(await c.admin.post('/api/v1/imports/people', { code: 'x' }), 400, 'invalid', /không phải JSON/);
  refused(await csvPost(c.admin, '/api/v1/imports/people?encoding=ebcdic', BAD_PEOPLE), 400, 'invalid', /Bảng mã/);
  refused(await csvPost(c.admin, '/api/v1/imports/people?date=31/02/2026', BAD_PEOPLE), 400, 'invalid', /Ngày/);
  refused(await csvPost(c.hr, '/api/v1/imports/people', BAD_PEOPLE), 403, 'forbidden', /phạm vi/);
  refused(await csvPost(c.viewer, '/api/v1/imports/people', BAD_PEOPLE), 403, 'forbidden');
  refused(await csvPost(c.staff, '/api/v1/imports/units', BAD_PEOPLE), 403, 'forbidden');
  assert.equal(count('jobs'), jobs);
  assert.equal(snapshot(), snap2);
});

test('a long import reports its progress while it runs', async () => {
  const rows = ['Mã,Họ và tên,Ngày sinh,Phân loại,Mã đơn vị,Chức vụ'];
  for (let i = 0; i < 30000; i++)
    rows.push(`TT${String(i).padStart(6, '0')},Nguyễn Văn Thử,01/02/1990,CC,P-HK-KT,Chuyên viên`);
  const text = rows.join('\r\n') + '\r\n';
  const before = count('people');
  const r = await csvPost(c.admin, '/api/v1/imports/people?dry_run=true', text);
  assert.equal(r.status, 202);
  const { job, seen } = await waitJob(c.admin, r.body.poll);
  assert.equal(job.state, 'done', JSON.stringify(job));
  assert.equal(job.result.rows, 30000);
  assert.equal(job.percent, 100);
  const running = seen.filter((s) => s.state === 'running' && s.done > 0);
  assert.ok(running.length >= 1, `progress seen while running: ${JSON.stringify(seen.map((s) => [s.state, s.done, s.percent]))}`);
  for (const s of running) {
    assert.equal(s.total, Buffer.byteLength(text));
    assert.ok(s.done <= s.total);
    assert.ok(s.percent >= 0 && s.percent <= 100);
  }
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i].done >= seen[i - 1].done, 'progress never goes back');
  assert.equal(count('people'), before);
});

// ---- exports ------------------------------------------------------------------------------

function cliExport(args) {
  const out = path.join(dir, `cli-${Math.random().toString(36).slice(2)}.csv`);
  const r = canbo(['export', ...args, '--out', out, '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  return fs.readFileSync(out);
}

test('the streamed CSV export is the command line\'s file byte for byte', async () => {
  const all = await c.admin.get('/api/v1/exports/people.csv');
  assert.equal(all.status, 200);
  assert.equal(all.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.equal(all.headers.get('content-length'), null, 'streamed, not sized up front');
  assert.equal(all.headers.get('content-disposition'),
    "attachment; filename=\"danh-sach-can-bo.csv\"; filename*=UTF-8''danh-s%C3%A1ch-c%C3%A1n-b%E1%BB%99.csv");
  const cli = cliExport(['people']);
  assert.ok(cli.length > 50000);
  assert.ok(all.raw.equals(cli), `API ${all.raw.length} bytes, CLI ${cli.length} bytes`);

  const ward = await c.admin.get('/api/v1/exports/people.csv?unit=P-HK&subtree=true&bom=true&category=CC');
  assert.ok(ward.raw.equals(cliExport(['people', '--unit', 'P-HK', '--subtree', '--bom', '--category', 'CC'])));
  assert.equal(ward.raw.subarray(0, 3).toString('hex'), 'efbbbf');
  // a scoped reader without a unit gets their scope
  const hr = await c.hr.get('/api/v1/exports/people.csv');
  assert.ok(hr.raw.equals(cliExport(['people', '--unit', 'P-HK', '--subtree'])));
  assert.match(hr.headers.get('content-disposition'), /danh-s%C3%A1ch-c%C3%A1n-b%E1%BB%99-P-HK\.csv$/);
  assert.doesNotMatch(hr.text, /CB000286/);

  const month = await c.head.get('/api/v1/exports/month.csv?unit=P-HK&month=11/2026');
  assert.equal(month.status, 200);
  assert.ok(month.raw.equals(cliExport(['month', 'P-HK', '--month', '11/2026'])));
  assert.match(month.headers.get('content-disposition'), /filename\*=UTF-8''k%E1%BA%BFt-qu%E1%BA%A3-th%C3%A1ng-11-2026-P-HK\.csv$/);
});

test('XLSX exports are workbooks; bad parameters and other scopes are refused with the error shape', async () => {
  const x = await c.viewer.get('/api/v1/exports/people.xlsx?unit=P-HK-KT');
  assert.equal(x.status, 200);
  const files = unzip(x.raw);
  const sheet = files['xl/worksheets/sheet1.xml'].toString();
  assert.match(sheet, /DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC/);
  assert.match(sheet, /CB000201/);
  const m = await c.admin.get('/api/v1/exports/month.xlsx?unit=X-SS&month=11/2026');
  assert.equal(m.status, 200);
  assert.match(unzip(m.raw)['xl/worksheets/sheet1.xml'].toString(), /KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI THÁNG 11\/2026/);

  refused(await c.hr.get('/api/v1/exports/people.csv?unit=X-SS'), 403, 'forbidden');
  refused(await c.viewer.get('/api/v1/exports/month.csv?unit=X-SS&month=11/2026'), 403, 'forbidden');
  refused(await c.staff.get('/api/v1/exports/people.csv?unit=P-HK-KT'), 403, 'forbidden');
  refused(await c.admin.get('/api/v1/exports/people.csv?unit=KHONG-CO'), 404, 'not_found');
  refused(await c.admin.get('/api/v1/exports/people.csv?category=XYZ'), 400, 'invalid', /Phân loại/);
  refused(await c.admin.get('/api/v1/exports/month.csv?unit=P-HK'), 400, 'invalid', /month/);
  refused(await c.admin.get('/api/v1/exports/month.csv?unit=P-HK&month=13/2026'), 400, 'invalid');
  refused(await c.admin.get('/api/v1/exports/month.xlsx?month=11/2026'), 400, 'invalid', /unit/);
});

test('many CSV exports at once all complete', async () => {
  const cli = cliExport(['people', '--unit', 'P-HK', '--subtree']);
  const rs = await Promise.all(Array.from({ length: 6 }, () => c.hr.get('/api/v1/exports/people.csv')));
  for (const r of rs) {
    assert.equal(r.status, 200, r.text.slice(0, 200));
    assert.ok(r.raw.equals(cli));
  }
});

// ---- the audit history ---------------------------------------------------------------------

test('the history of a setting changed over the API shows who, when, from where, before and after', async () => {
  let r = await c.hr.put('/api/v1/settings', { unit: 'P-HK-KT', values: { 'objection.days': 7 } });
  assert.equal(r.status, 200, r.text);
  r = await c.hr.put('/api/v1/settings', { unit: 'P-HK-KT', values: { 'objection.days': 9 } });
  assert.equal(r.status, 200, r.text);
  const h = await c.admin.get('/api/v1/audit?entity=setting&id=objection.days');
  assert.equal(h.status, 200, h.text);
  assert.equal(h.body.total, 2);
  const [last, first] = h.body.items;
  assert.equal(last.action, 'setting.set');
  assert.equal(last.actor, 'user:tochuc');
  assert.equal(last.user, 'tochuc');
  assert.equal(last.source, '127.0.0.1');
  assert.equal(last.entity_id, 'objection.days@P-HK-KT');
  assert.deepEqual(last.before, { level: 'P-HK-KT', value: '7' });
  assert.deepEqual(last.after, { level: 'P-HK-KT', value: '9' });
  assert.equal(first.before, null);
  assert.ok(last.id > first.id);
  assert.ok(Math.abs(Date.parse(last.at) - Date.now()) < 10 * 60 * 1000, last.at);
  const exact = await c.admin.get('/api/v1/audit?entity=setting&id=objection.days@P-HK-KT&limit=1');
  assert.deepEqual([exact.body.total, exact.body.items.length, exact.body.limit], [2, 1, 1]);
  // a setting's history is an administrator's
  refused(await c.hr.get('/api/v1/audit?entity=setting&id=objection.days'), 403, 'forbidden');
});

test('a person\'s history: the person, those who review them and HR in scope may read it; another staff member may not', async () => {
  // a change of the record (from the command line: the people routes are another group's)
  const ch = canbo(['person', 'status', f.codes.personIn, '--status', 'Nghỉ dài hạn', '--from', '01/12/2026', '--db', db]);
  assert.equal(ch.code, 0, ch.stderr);
  const own = await c.staff.get(`/api/v1/audit?entity=person&id=${f.codes.staff}`);
  assert.equal(own.status, 200, own.text);
  assert.ok(own.body.total >= 1);
  assert.ok(own.body.items.every((x) => x.entity === 'person' && x.entity_id === f.codes.staff));
  assert.deepEqual(Object.keys(own.body.items[0]).sort(),
    ['action', 'actor', 'after', 'at', 'before', 'entity', 'entity_id', 'id', 'source', 'user']);
  const snap = snapshot();
  refused(await c.staff.get(`/api/v1/audit?entity=person&id=${f.codes.personIn}`), 403, 'forbidden',
    /chính mình/);
  refused(await c.reviewer.get(`/api/v1/audit?entity=person&id=${f.codes.personOut}`), 403, 'forbidden');
  refused(await c.hr.get(`/api/v1/audit?entity=person&id=${f.codes.personOut}`), 403, 'forbidden');
  refused(await c.hr.get('/api/v1/audit?entity=unit&id=X-SS'), 403, 'forbidden');
  refused(await c.hr.get('/api/v1/audit?entity=user&id=quantri'), 403, 'forbidden');
  refused(await c.hr.get('/api/v1/audit?entity=person'), 400, 'invalid', /id/);
  refused(await c.hr.get('/api/v1/audit?id=CB000201'), 400, 'invalid', /entity/);
  refused(await c.admin.get('/api/v1/audit?entity=person&id=CB999999'), 404, 'not_found');
  assert.equal(snapshot(), snap);
  for (const who of ['reviewer', 'head', 'hr', 'viewer']) {
    const r = await c[who].get(`/api/v1/audit?entity=person&id=${f.codes.personIn}`);
    assert.equal(r.status, 200, `${who}: ${r.text}`);
    assert.ok(r.body.items.some((x) => x.action === 'person.status' && x.source === 'cli'));
  }
  // an evaluation's history follows its person
  const ev = (code) => sql(db, `SELECT e.id FROM evaluations e JOIN people p ON p.id = e.person_id WHERE p.code = '${code}' LIMIT 1`);
  assert.equal((await c.staff.get(`/api/v1/audit?entity=evaluation&id=${ev(f.codes.staff)}`)).status, 200);
  refused(await c.staff.get(`/api/v1/audit?entity=evaluation&id=${ev(f.codes.personIn)}`), 403, 'forbidden');
  refused(await c.admin.get('/api/v1/audit?entity=evaluation&id=99999999'), 404, 'not_found');
  // units: those who may read the unit
  const u = await c.hr.get('/api/v1/audit?entity=unit&id=P-HK');
  assert.equal(u.status, 200);
});

test('the audit chain: whole, then broken where a row was edited (administrators only)', async () => {
  refused(await c.hr.get('/api/v1/audit/verify'), 403, 'forbidden');
  let r = await c.admin.get('/api/v1/audit/verify');
  assert.equal(r.status, 200);
  assert.equal(r.body.intact, true);
  assert.equal(r.body.rows, Number(count('audit_log')));
  assert.match(r.body.head, /^[0-9a-f]{64}$/);
  assert.equal(r.body.broken_at, null);
  sql(db, "UPDATE audit_log SET actor = 'user:ke-gian' WHERE id = 3");
  r = await c.admin.get('/api/v1/audit/verify');
  assert.equal(r.status, 200);
  assert.deepEqual([r.body.intact, r.body.broken_at, r.body.head], [false, 3, null]);
  assert.match(r.body.problem, /đã bị sửa/);
});
