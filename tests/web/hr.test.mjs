// The HR screens in a real browser against a real server and database:
// importing a file with errors (nothing written, the row-by-row report and
// its workbook), a good import found by a search without diacritics,
// opening a month with the keyboard, a unit's month and year results, the
// criteria frameworks and deriving a unit's own — on a desktop, and the
// results on a phone.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DESKTOP, PHONE, addUser, canbo, demoDb, launch, shot, signInUI, sql, startServer, tmpdir } from './helpers.mjs';

let db, srv, browser, hr, viewer, dir;

function ok(r, what) {
  assert.equal(r.code, 0, `${what}: ${r.stderr}`);
  return r;
}

before(async () => {
  db = demoDb();
  dir = tmpdir();
  // November 2026 for the whole city, scored, reviewed and decided, so that
  // the results have grades in both frameworks (3814: A–D, 335: HTXS–KHT)
  ok(canbo(['period', 'open', 'HN', '--month', '11/2026', '--db', db]), 'period open');
  ok(canbo(['eval', 'autoscore', 'HN', '--month', '11/2026', '--seed', '7', '--review', '--db', db]), 'autoscore');
  ok(canbo(['eval', 'decide', 'HN', '--month', '11/2026', '--ties', 'none', '--reason', 'Thử nghiệm giao diện', '--db', db]), 'decide');
  hr = addUser(db, 'tochuc', 'hr');                           // no scope limit: may import
  viewer = addUser(db, 'lanhdao', 'viewer', { scope: 'P-HK' });
  srv = await startServer(db);
  browser = await launch();
});
after(async () => {
  await browser.close();
  await srv.stop();
  assert.doesNotMatch(srv.log.join(''), /runtime error|ERROR: AddressSanitizer|leak of/);
});

// A signed-in page (on the shared server unless told); every console error (a CSP violation, an exception) is
// collected and checked by done() — except the browser's own line for an
// HTTP error answer, which the pages show in their own words.
async function open(size, creds, url = srv.url) {
  const ctx = await browser.newContext({ ...size, acceptDownloads: true });
  const page = await ctx.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of [45]\d\d/.test(m.text())) errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await signInUI(page, url, creds);
  return {
    page,
    errors,
    async done() {
      await ctx.close();
      assert.deepEqual(errors, [], 'no errors in the browser console');
    },
  };
}

const count = (q) => Number(sql(db, q));
const people = () => count('SELECT COUNT(*) FROM people');

async function noOverflow(page) {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(over <= 0, `page wider than the screen by ${over}px`);
}

test('an import with two bad rows writes nothing, lists the rows and offers the XLSX report', async () => {
  const csv = path.join(dir, 'danh-sach-loi.csv');
  fs.writeFileSync(csv, [
    'Mã,Họ và tên,Ngày sinh,Phân loại,Mã đơn vị,Chức vụ',
    'CB900001,Nguyễn Văn Thử,01/02/1990,CC,P-HK-KT,Chuyên viên',
    'CB900002,Trần,03/04/1991,CC,P-HK-KT,Chuyên viên',
    'CB900003,Phạm Văn Sai,05/06/1992,CC,KHONG-CO,Chuyên viên',
  ].join('\n') + '\n');
  const before = people();
  const { page, done } = await open(DESKTOP, hr);
  await page.goto(srv.url + '/nhap');
  await page.getByLabel('Loại dữ liệu').selectOption('people');
  assert.match(await page.textContent('main'), /không có gì được ghi/i);
  await page.getByLabel('Tệp Excel (.xlsx) hoặc CSV').setInputFiles(csv);
  // every value the progress bar takes while the job runs
  await page.evaluate(() => {
    window.progress = [];
    new MutationObserver((recs) => recs.forEach((r) => window.progress.push(r.target.getAttribute('aria-valuenow'))))
      .observe(document.body, { subtree: true, attributes: true, attributeFilter: ['aria-valuenow'] });
  });
  await page.getByRole('button', { name: 'Tải tệp lên và nhập' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  const text = await alert.textContent();
  assert.match(text, /Tệp «danh-sach-loi\.csv» có 2 lỗi ở 3 dòng dữ liệu/);
  assert.match(text, /Không có gì được ghi vào cơ sở dữ liệu/);
  // the job was followed to its end: the bar filled up
  assert.equal((await page.evaluate(() => window.progress)).at(-1), '100');
  // the table, row by row
  const rows = page.locator('main table tbody tr');
  assert.equal(await rows.count(), 2);
  const cells = async (i) => (await rows.nth(i).locator('td').allTextContents()).map((s) => s.trim());
  const [r1, r2] = [await cells(0), await cells(1)];
  assert.deepEqual(r1.slice(0, 3), ['3', 'Họ và tên', 'Trần']);
  assert.match(r1[3], /ít nhất hai từ/);
  assert.deepEqual(r2.slice(0, 3), ['4', 'Mã đơn vị', 'KHONG-CO']);
  assert.match(r2[3], /Không có đơn vị mã hay tên này/);
  // nothing written, not even the good row
  assert.equal(people(), before);
  assert.equal(count("SELECT COUNT(*) FROM people WHERE code LIKE 'CB9000%'"), 0);
  await shot(page, 'nhap-loi');
  // the report downloads as a workbook listing the same problems
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Tải báo cáo lỗi (Excel)' }).click(),
  ]);
  assert.match(dl.suggestedFilename(), /\.xlsx$/);
  const file = await dl.path();
  assert.equal(fs.readFileSync(file).subarray(0, 2).toString(), 'PK');
  const sheet = spawnSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' }).stdout;
  assert.match(sheet, /BÁO CÁO LỖI NHẬP DỮ LIỆU/);
  assert.match(sheet, /Tệp: danh-sach-loi\.csv/);
  assert.match(sheet, /KHONG-CO/);
  assert.match(sheet, /ít nhất hai từ/);
  await done();
});

test('a good import (checked first, then written) and the new person found without diacritics', async () => {
  const csv = path.join(dir, 'nguoi-moi.csv');
  fs.writeFileSync(csv, 'Mã,Họ và tên,Ngày sinh,Giới tính,Phân loại,Mã đơn vị,Chức vụ\n' +
    'CB900011,Lương Thị Thử Nghiệm,12/03/1993,Nữ,CC,P-HK-KT,Chuyên viên\n');
  const before = people();
  const { page, done } = await open(DESKTOP, hr);
  await page.goto(srv.url + '/nhap');
  await page.getByLabel('Tệp Excel (.xlsx) hoặc CSV').setInputFiles(csv);
  // a dry run first: checked, nothing written
  await page.getByLabel('Cách nhập').selectOption('dry');
  await page.getByRole('button', { name: 'Tải tệp lên và kiểm tra' }).click();
  await page.getByText(/hợp lệ\. Chưa ghi gì/).waitFor();
  assert.match(await page.textContent('main'), /Nếu nhập thật: 1 dòng: thêm mới 1/);
  assert.equal(people(), before);
  // then for real
  await page.getByLabel('Cách nhập').selectOption('write');
  await page.getByRole('button', { name: 'Tải tệp lên và nhập' }).click();
  await page.getByText('Đã nhập xong tệp «nguoi-moi.csv».').waitFor();
  assert.match(await page.textContent('main'), /1 dòng: thêm mới 1, cập nhật 0, không đổi 0 người/);
  assert.equal(people(), before + 1);
  assert.equal(sql(db, "SELECT full_name FROM people WHERE code = 'CB900011'"), 'Lương Thị Thử Nghiệm');
  await shot(page, 'nhap-xong');
  // found by typing without diacritics on the people screen
  await page.getByRole('link', { name: 'Xem danh sách nhân sự ›' }).click();
  await page.getByLabel('Tìm theo tên hoặc mã (không cần gõ dấu)').fill('luong thi thu nghiem');
  await page.getByRole('button', { name: 'Tìm', exact: true }).click();
  const link = page.getByRole('link', { name: 'Lương Thị Thử Nghiệm' });
  await link.waitFor();
  assert.equal(await page.locator('main table tbody tr').count(), 1);
  assert.equal(await link.getAttribute('href'), '/nhan-su/CB900011');
  await done();
});

test('opening a month for a ward from /ky with the keyboard, then its progress', async () => {
  const { page, done } = await open(DESKTOP, hr);
  await page.goto(srv.url + '/ky');
  await page.getByRole('cell', { name: '11/2026', exact: true }).waitFor();
  const unit = page.getByLabel('Đơn vị (mở cho đơn vị và mọi đơn vị trực thuộc)');
  await unit.focus();
  await page.keyboard.type('P-HK');
  await page.keyboard.press('Tab');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('12/2026');
  await page.keyboard.press('Enter');
  const msg = page.locator('.okmsg');
  await msg.waitFor();
  assert.match(await msg.textContent(), /Đã mở kỳ đánh giá tháng 12\/2026 cho P-HK và các đơn vị trực thuộc/);
  const created = count(`SELECT COUNT(*) FROM evaluations e JOIN periods p ON p.id = e.period_id
                         WHERE p.year = 2026 AND p.month = 12`);
  assert.ok(created > 0);
  const newRow = msg.locator('tr', { hasText: 'Bản đánh giá mới' });
  assert.equal((await newRow.locator('td').textContent()).trim(), String(created));
  // the list of months shows it, newest first, and the progress below counts it
  await page.locator('main table tbody tr').first().getByRole('cell', { name: '12/2026', exact: true }).waitFor();
  const status = page.locator('h3', { hasText: 'Tháng 12/2026 — Phường Hoàn Kiếm (P-HK)' });
  await status.waitFor();
  assert.match(await status.textContent(), new RegExp(`${created} bản đánh giá`));
  const pending = page.locator('tr', { hasText: 'Chờ tự đánh giá' });
  assert.equal((await pending.locator('td').first().textContent()).trim(), String(created));
  await shot(page, 'ky-danh-gia');
  // opening again changes nothing and says so
  await page.getByRole('button', { name: 'Mở kỳ đánh giá' }).click();
  await page.locator('.okmsg', { hasText: 'Đã cập nhật kỳ đánh giá tháng 12/2026' }).waitFor();
  assert.equal((await page.locator('.okmsg tr', { hasText: 'Không đổi' }).locator('td').textContent()).trim(), String(created));
  assert.equal(count(`SELECT COUNT(*) FROM evaluations e JOIN periods p ON p.id = e.period_id
                      WHERE p.year = 2026 AND p.month = 12`), created);
  // a unit that does not exist
  await page.getByLabel('Đơn vị (mở cho đơn vị và mọi đơn vị trực thuộc)').fill('KHONG-CO');
  await page.getByRole('button', { name: 'Mở kỳ đánh giá' }).click();
  await page.getByRole('alert').filter({ hasText: 'Không có đơn vị mã «KHONG-CO»' }).waitFor();
  await done();
});

test('opening a month for 2,500 people follows the background job to its counts', async () => {
  const gdb = path.join(tmpdir(), 'gen.db');
  ok(canbo(['gen', '--people', '2500', '--db', gdb]), 'gen');
  const admin = addUser(gdb, 'quantri', 'admin');
  const gsrv = await startServer(gdb);
  try {
    const { page, done } = await open(DESKTOP, admin, gsrv.url);
    await page.goto(gsrv.url + '/ky');
    await page.getByText('Chưa mở kỳ đánh giá nào.').waitFor();
    await page.evaluate(() => {
      window.progress = [];
      new MutationObserver((recs) => recs.forEach((r) => window.progress.push(r.target.getAttribute('aria-valuenow'))))
        .observe(document.body, { subtree: true, attributes: true, attributeFilter: ['aria-valuenow'] });
    });
    await page.getByLabel('Đơn vị (mở cho đơn vị và mọi đơn vị trực thuộc)').fill('HNI');
    await page.getByLabel('Tháng cần mở (MM/YYYY)').fill('11/2026');
    await page.getByRole('button', { name: 'Mở kỳ đánh giá' }).click();
    await page.getByText('Đơn vị có 2.500 người nên kỳ đánh giá được mở dần').waitFor();
    await page.locator('.okmsg', { hasText: 'Đã mở kỳ đánh giá tháng 11/2026 cho HNI' }).waitFor({ timeout: 120000 });
    const created = Number(sql(gdb, 'SELECT COUNT(*) FROM evaluations'));
    assert.ok(created > 2000);
    assert.equal((await page.locator('.okmsg tr', { hasText: 'Bản đánh giá mới' }).locator('td').textContent()).trim(), created.toLocaleString('vi-VN'));
    assert.equal((await page.evaluate(() => window.progress)).at(-1), '100');
    assert.equal(sql(gdb, "SELECT actor FROM audit_log WHERE action LIKE 'period.%' ORDER BY id DESC LIMIT 1"), 'user:quantri');
    await shot(page, 'ky-mo-nen');
    await done();
  } finally {
    await gsrv.stop();
  }
});

// The ground truth of a unit's month: `canbo eval list --csv` names the
// people of the subtree, the database has their grades.
function monthTruth(unit, month) {
  const f = path.join(dir, `${unit}.csv`);
  ok(canbo(['eval', 'list', unit, '--month', month, '--csv', f, '--db', db]), 'eval list');
  const codes = fs.readFileSync(f, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1).map((l) => l.split(',')[0]);
  const [mm, yyyy] = month.split('/');
  const rows = sql(db, `SELECT p.code, COALESCE(e.grade_code, ''), COALESCE(e.grade_band, '') FROM evaluations e
    JOIN people p ON p.id = e.person_id JOIN periods pe ON pe.id = e.period_id
    WHERE pe.year = ${yyyy} AND pe.month = ${Number(mm)} AND p.code IN (${codes.map((c) => `'${c}'`).join(',')})`)
    .split('\n').map((l) => l.split('|'));
  return { codes, grade: new Map(rows.map(([c, g, b]) => [c, { code: g, band: b }])) };
}

test('a unit’s month results: every person, grades coloured by band, counts per grade, exports; then the year', async () => {
  const truth = monthTruth('P-HK', '11/2026');
  const { page, done } = await open(DESKTOP, hr);
  await page.goto(srv.url + '/ket-qua?unit=P-HK&month=11/2026');
  await page.getByRole('heading', { name: 'Tháng 11/2026 — Phường Hoàn Kiếm (P-HK)' }).waitFor();
  const list = page.locator('main table').nth(1);
  const rows = list.locator('tbody tr');
  assert.equal(await rows.count(), truth.codes.length);
  // every row: the right person's grade, with the band's colour
  const seen = await rows.evaluateAll((trs) => trs.map((tr) => {
    const code = tr.querySelector('td:nth-child(2) .small').textContent;
    const g = tr.querySelector('td:nth-child(9) .grade');
    return [code, g ? g.firstChild.textContent : '', g ? [...g.classList].find((c) => /^g\d$/.test(c)) || '' : ''];
  }));
  assert.deepEqual(seen.map(([c]) => c).sort(), [...truth.codes].sort());
  for (const [code, grade, cls] of seen) {
    const t = truth.grade.get(code);
    assert.equal(grade, t.code, `grade of ${code}`);
    assert.equal(cls, t.code ? `g${t.band}` : '', `colour of ${code}`);
  }
  // one row in full: points with a Vietnamese decimal comma, the quota's reason
  const r259 = list.locator('tr', { hasText: 'CB000259' });
  assert.match(await r259.textContent(), /97,25/);
  assert.match(await r259.textContent(), /ngoài hạn mức/);
  // counts per grade
  const byGrade = new Map();
  for (const { code } of truth.grade.values()) byGrade.set(code, (byGrade.get(code) || 0) + 1);
  const counts = page.locator('main table').first();
  for (const [code, n] of byGrade) {
    const row = code ? counts.locator('tbody tr').filter({ has: page.locator('.grade', { hasText: new RegExp(`^${code} \\(`) }) }) : counts.locator('tr', { hasText: 'Chưa có xếp loại' });
    assert.equal((await row.locator('td.num').first().textContent()).trim(), String(n), `count of ${code || 'ungraded'}`);
  }
  await shot(page, 'ket-qua-thang');
  // the workbook export
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải Excel (.xlsx)' }).click()]);
  assert.match(dl.suggestedFilename(), /^k.*11-2026.*\.xlsx$/i);
  assert.equal(fs.readFileSync(await dl.path()).subarray(0, 2).toString(), 'PK');
  const csvLink = await page.getByRole('link', { name: 'Tải CSV' }).getAttribute('href');
  assert.equal(csvLink, '/api/v1/exports/month.csv?unit=P-HK&month=11%2F2026&bom=true');
  // the year: nothing yet, HR computes it
  await page.getByRole('link', { name: 'Cả năm' }).click();
  await page.getByRole('heading', { name: 'Năm 2026 — Phường Hoàn Kiếm (P-HK)' }).waitFor();
  assert.match(await page.textContent('main'), /Chưa có kết quả xếp loại năm 2026/);
  await page.getByRole('button', { name: 'Tính lại kết quả năm' }).click();
  await page.locator('.okmsg', { hasText: 'Đã tính kết quả năm 2026' }).waitFor();
  await page.locator('main table').nth(1).waitFor();
  const stored = count(`SELECT COUNT(*) FROM annual_results`);
  assert.ok(stored > 0);
  assert.equal(await page.locator('main table').nth(1).locator('tbody tr').count(), stored);
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/ket-qua/nam?unit=P-HK&year=2026');
  await shot(page, 'ket-qua-nam');
  await done();
});

test('the criteria frameworks: the list, one tree with bands and quota, and a ward’s own framework', async () => {
  const { page, done } = await open(DESKTOP, hr);
  await page.goto(srv.url + '/khung');
  const table = page.locator('main table');
  await table.waitFor();
  for (const code of ['HN-3814', 'ND-335']) await table.getByRole('link', { name: code, exact: true }).waitFor();
  assert.match(await table.locator('tr', { hasText: 'ND-335' }).textContent(), /từ 01\/01\/2026/);
  assert.match(await table.locator('tr', { hasText: 'ND-335' }).textContent(), /Công chức/);
  await shot(page, 'khung-danh-sach');
  await table.getByRole('link', { name: 'ND-335', exact: true }).click();
  await page.getByRole('heading', { name: 'Đánh giá, xếp loại chất lượng công chức theo thang điểm 100' }).waitFor();
  const main = await page.textContent('main');
  assert.match(main, /Tiêu chí chung/);
  assert.match(main, /Phẩm chất chính trị, đạo đức.*TCC_A.*10 điểm/);
  assert.match(main, /Kết quả thực hiện nhiệm vụ theo số lượng.*70 điểm/);
  assert.match(main, /không quá 20% số người xếp loại HTT/);
  assert.match(main, /từng nhóm người có nhiệm vụ tương đồng/);
  const htxs = page.locator('main table tr', { hasText: 'Hoàn thành xuất sắc nhiệm vụ' });
  assert.match(await htxs.textContent(), /từ 90 điểm/);
  assert.equal(await htxs.locator('.grade.g0').count(), 1);
  await shot(page, 'khung-nd335');

  // deriving from HN-3814: a looser quota is refused and nothing is stored
  await page.goto(srv.url + '/khung/HN-3814');
  const before = count('SELECT COUNT(*) FROM framework_versions');
  await page.getByLabel('Đơn vị', { exact: true }).fill('P-HK');
  await page.getByLabel('Những thay đổi (JSON)').fill('{"quota": {"percent": 40}}');
  await page.getByRole('button', { name: 'Lưu khung của đơn vị' }).click();
  await page.getByRole('alert').filter({ hasText: 'không được rộng hơn khung' }).waitFor();
  assert.equal(count('SELECT COUNT(*) FROM framework_versions'), before);
  // broken JSON is caught before anything is sent
  await page.getByLabel('Những thay đổi (JSON)').fill('{"groups": [');
  await page.getByRole('button', { name: 'Lưu khung của đơn vị' }).click();
  await page.getByRole('alert').filter({ hasText: 'không phải JSON hợp lệ' }).waitFor();
  // splitting the 20 discipline points into two criteria is stored
  await page.getByLabel('Mã khung mới').fill('P-HK-3814');
  await page.getByLabel('Tên khung mới').fill('Khung đánh giá hằng tháng của phường Hoàn Kiếm');
  await page.getByLabel('Những thay đổi (JSON)').fill(JSON.stringify({ groups: [{ code: 'YT', criteria: [
    { code: 'YT_KL', name: 'Chấp hành kỷ luật, kỷ cương hành chính', kind: 'scored', max: 12.5 },
    { code: 'YT_DD', name: 'Phẩm chất đạo đức, lối sống', kind: 'scored', max: 7.5 }] }] }));
  await page.getByRole('button', { name: 'Lưu khung của đơn vị' }).click();
  await page.locator('.okmsg', { hasText: 'Đã lưu khung «P-HK-3814» bản 1 cho đơn vị P-HK' }).waitFor();
  assert.equal(sql(db, `SELECT f.version || '|' || u.code || '|' || p.code FROM framework_versions f
    JOIN units u ON u.id = f.unit_id JOIN framework_versions p ON p.id = f.parent_id WHERE f.code = 'P-HK-3814'`), '1|P-HK|HN-3814');
  await page.getByRole('link', { name: 'Xem khung mới ›' }).click();
  await page.getByRole('heading', { name: 'Khung đánh giá hằng tháng của phường Hoàn Kiếm' }).waitFor();
  assert.match(await page.textContent('main'), /Chấp hành kỷ luật, kỷ cương hành chính.*YT_KL.*12,5 điểm/);
  assert.match(await page.textContent('main'), /Riêng của P-HK, xây dựng từ HN-3814 bản 1/);
  await done();
});

test('on a phone: a scoped viewer’s results default to their ward and the latest month; tables scroll inside', async () => {
  const { page, done } = await open(PHONE, viewer);
  await page.goto(srv.url + '/ket-qua');
  const [m, y] = sql(db, 'SELECT month, year FROM periods ORDER BY year DESC, month DESC LIMIT 1').split('|');
  const latest = `${m.padStart(2, '0')}/${y}`;
  await page.getByRole('heading', { name: new RegExp(`^Tháng ${latest.replace('/', '\\/')} — Phường Hoàn Kiếm \\(P-HK\\)$`) }).waitFor();
  assert.equal(await page.getByLabel('Đơn vị (gồm cả các đơn vị trực thuộc)').inputValue(), 'P-HK');
  assert.equal(await page.getByLabel('Tháng (MM/YYYY)').inputValue(), latest);
  // November, decided
  await page.getByLabel('Tháng (MM/YYYY)').fill('11/2026');
  await page.getByRole('button', { name: 'Xem', exact: true }).click();
  await page.getByRole('heading', { name: 'Tháng 11/2026 — Phường Hoàn Kiếm (P-HK)' }).waitFor();
  await noOverflow(page);
  const wide = await page.locator('.table-wrap').nth(1).evaluate((el) => el.scrollWidth > el.clientWidth);
  assert.ok(wide, 'the results table scrolls sideways inside its frame');
  await shot(page, 'ket-qua-dien-thoai');
  // a viewer reads the year but cannot compute it, and cannot open months
  await page.getByRole('link', { name: 'Cả năm' }).click();
  await page.getByRole('heading', { name: 'Năm 2026 — Phường Hoàn Kiếm (P-HK)' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Tính lại kết quả năm' }).count(), 0);
  await noOverflow(page);
  // outside their scope
  await page.getByLabel('Đơn vị (gồm cả các đơn vị trực thuộc)').fill('X-SS');
  await page.getByRole('button', { name: 'Xem', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'ngoài phạm vi' }).waitFor();
  await page.goto(srv.url + '/ky');
  await page.getByText('Vai trò của bạn không dùng được chức năng này.').waitFor();
  await done();
});

test('the import screen on a phone, for an HR officer with a scope', async () => {
  const scoped = addUser(db, 'tochucphuong', 'hr', { scope: 'P-HK' });
  const { page, done } = await open(PHONE, scoped);
  await page.goto(srv.url + '/nhap');
  await page.getByText('Tài khoản của bạn được giao phạm vi P-HK').waitFor();
  // every field has its label
  for (const label of ['Loại dữ liệu', 'Cách nhập', 'Tệp Excel (.xlsx) hoặc CSV', 'Tên trang tính (tệp Excel)', 'Bảng mã (tệp CSV cũ)', 'Ngày thay đổi chức vụ có hiệu lực'])
    assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, label);
  await page.getByLabel('Loại dữ liệu').selectOption('units');
  assert.equal(await page.getByLabel('Ngày thay đổi chức vụ có hiệu lực').isVisible(), false);
  assert.match(await page.textContent('#file-hd'), /«Mã», «Tên», «Loại»/);
  const csv = path.join(dir, 'don-vi.csv');
  fs.writeFileSync(csv, 'Mã,Tên,Mã đơn vị cha,Loại,Khối\nP-HK-MOI,Phòng Mới,P-HK,Phòng,Chính quyền\n');
  await page.getByLabel('Tệp Excel (.xlsx) hoặc CSV').setInputFiles(csv);
  await page.getByRole('button', { name: 'Tải tệp lên và nhập' }).click();
  await page.getByRole('alert').filter({ hasText: 'Chỉ cán bộ tổ chức phụ trách toàn hệ thống' }).waitFor();
  assert.equal(count("SELECT COUNT(*) FROM units WHERE code = 'P-HK-MOI'"), 0);
  await noOverflow(page);
  await shot(page, 'nhap-dien-thoai');
  await done();
});
