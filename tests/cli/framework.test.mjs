// Command-line tests of criteria frameworks and settings (issue 3,
// "criteria frameworks are versioned data"): the binary as a user runs it,
// on temporary databases made by `canbo init` and `canbo demo --db`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { canbo, sql, tmpdir, write } from './helpers.mjs';

function freshDb() {
  const dir = tmpdir();
  const db = path.join(dir, 'a.db');
  const r = canbo(['init', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  return { dir, db };
}

function demoDb() {
  const dir = tmpdir();
  const db = path.join(dir, 'demo.db');
  const r = canbo(['demo', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  return { dir, db };
}

const count = (db, table = 'framework_versions') => Number(sql(db, `SELECT COUNT(*) FROM ${table}`));

test('built-in frameworks: stored once, listed and shown in Vietnamese', () => {
  const { dir, db } = freshDb();
  let r = canbo(['framework', 'list', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /HN-3814\s+1\s+Khung tiêu chí đánh giá hằng tháng/);
  assert.match(r.stdout, /ND-335\s+1\s+Đánh giá, xếp loại chất lượng công chức/);
  assert.match(r.stdout, /từ 01\/07\/2018/);
  assert.match(r.stdout, /từ 01\/01\/2026/);
  assert.equal(count(db), 2);
  const audits = count(db, 'audit_log');
  for (let i = 0; i < 2; i++) assert.equal(canbo(['framework', 'list', '--db', db]).code, 0);
  assert.equal(count(db), 2, 'idempotent');
  assert.equal(count(db, 'audit_log'), audits);
  assert.equal(sql(db, "SELECT builtin, categories, roles, CASE WHEN effective_to IS NULL THEN 1 ELSE 0 END FROM framework_versions WHERE code = 'ND-335'"),
    '1|CC|leader,staff|1');

  r = canbo(['framework', 'show', 'HN-3814', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Quyết định số 3814-QĐ\/TU/);
  assert.match(r.stdout, /YT\. Ý thức tổ chức kỷ luật, phẩm chất đạo đức, lối sống — 20 điểm/);
  assert.match(r.stdout, /KQ\. .* — 70 điểm/);
  assert.match(r.stdout, /THUONG\. Điểm thưởng — điểm thưởng tối đa 10 điểm/);
  assert.match(r.stdout, /A\s+Hoàn thành xuất sắc nhiệm vụ\s+từ 90 điểm/);
  assert.match(r.stdout, /B\s+Hoàn thành tốt nhiệm vụ\s+từ 70 đến dưới 90 điểm/);
  assert.match(r.stdout, /D\s+Không hoàn thành nhiệm vụ\s+dưới 50 điểm/);
  assert.match(r.stdout, /Số người xếp loại A không quá 30% số người được đánh giá/);
  assert.match(r.stdout, /xuất sắc: 40%/);

  r = canbo(['framework', 'show', 'ND-335', '--version', '1', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Nghị định số 335\/2025\/NĐ-CP/);
  assert.match(r.stdout, /TCC_A: .* — tối đa 10 điểm \[Chấm điểm\]/);
  assert.match(r.stdout, /KQ_SP: .* — tối đa 70 điểm \[Kết quả sản phẩm, công việc\]/);
  assert.match(r.stdout, /Xếp loại KHT bất kể điểm số khi:/);
  assert.match(r.stdout, /KY_LUAT: Bị kỷ luật từ hình thức khiển trách trở lên/);
  assert.match(r.stdout, /\(chỉ áp dụng với lãnh đạo, quản lý\)/);
  assert.match(r.stdout, /HTXS không quá 20% số người xếp loại HTT sau khi quyết định/);
  assert.match(r.stdout, /từng nhóm có nhiệm vụ tương đồng/);
  assert.match(r.stdout, /trừ 25% điểm chất lượng/);

  r = canbo(['framework', 'show', 'KHONG-CO', '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Không có khung tiêu chí mã «KHONG-CO»/);
  r = canbo(['framework', 'show', 'ND-335', '--version', '9', '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Không có phiên bản 9 của khung tiêu chí mã «ND-335»/);
  r = canbo(['framework', 'frob', '--db', db]);
  assert.equal(r.code, 2);
  r = canbo(['framework', 'export', 'HN-3814', '--db', db]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Thiếu --out/);
  for (const cmd of ['framework', 'setting']) {
    r = canbo(['help', cmd]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, new RegExp(`Cách dùng: canbo ${cmd}`));
  }
  fs.rmSync(dir, { recursive: true });
});

test('export → import round trip; re-import stores nothing; a change is a new version', () => {
  const { dir, db } = freshDb();
  const out = path.join(dir, 'nd335.json');
  let r = canbo(['framework', 'export', 'ND-335', '--out', out, '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Đã xuất khung «ND-335»/);
  const doc = JSON.parse(fs.readFileSync(out, 'utf8'));
  assert.equal(doc.code, 'ND-335');
  assert.deepEqual(doc.applies_to, { categories: ['CC'], roles: ['leader', 'staff'] });
  assert.deepEqual(doc.groups.map((g) => [g.code, g.max]), [['TCC', 30], ['KQ', 70]]);
  assert.deepEqual(doc.bands.map((b) => [b.code, b.min]), [['HTXS', 90], ['HTT', 70], ['HT', 50], ['KHT', 0]]);
  assert.equal(doc.quota.kind, 'share_of_next_grade');
  assert.equal(doc.quota.percent, 20);
  assert.equal(doc.quota.top_band, 'HTXS');
  assert.equal(doc.disqualifiers.length, 3);
  // --out - prints the same text
  r = canbo(['framework', 'export', 'ND-335', '--out', '-', '--db', db]);
  assert.equal(r.stdout, fs.readFileSync(out, 'utf8'));

  doc.code = 'ND-335-HN';
  const copy = write(dir, 'copy.json', JSON.stringify(doc, null, 2));
  r = canbo(['framework', 'import', copy, '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Đã nhập khung «ND-335-HN» phiên bản 1/);
  const stored = (code) => sql(db, `SELECT json FROM framework_versions WHERE code = '${code}' ORDER BY version DESC LIMIT 1`);
  assert.equal(stored('ND-335-HN'), stored('ND-335').replace('"code": "ND-335"', '"code": "ND-335-HN"'));
  r = canbo(['framework', 'import', copy, '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /giống hệt phiên bản 1/);
  assert.equal(count(db), 3);

  doc.name = 'Đánh giá công chức thành phố Hà Nội (theo Nghị định 335)';
  doc.effective_from = '01/03/2026';
  doc.groups[0].criteria[0].max = 12.5;
  doc.groups[0].criteria[1].max = 7.5;
  write(dir, 'copy.json', JSON.stringify(doc));
  r = canbo(['framework', 'import', copy, '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /phiên bản 2/);
  assert.equal(sql(db, "SELECT effective_from FROM framework_versions WHERE code = 'ND-335-HN' AND version = 2"), '2026-03-01');
  r = canbo(['framework', 'show', 'ND-335-HN', '--db', db]);
  assert.match(r.stdout, /tối đa 12,5 điểm/);
  assert.match(r.stdout, /khung chung, nhập từ tệp/);
  r = canbo(['framework', 'list', '--all', '--db', db]);
  assert.match(r.stdout, /ND-335-HN\s+1 /);
  assert.match(r.stdout, /ND-335-HN\s+2 /);
  // a system-wide framework in force later wins for the people it covers
  r = canbo(['framework', 'select', '--category', 'CC', '--date', '15/03/2026', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /khung ND-335-HN phiên bản 2/);
  fs.rmSync(dir, { recursive: true });
});

test('bad framework files are refused with a Vietnamese message and nothing is stored', () => {
  const { dir, db } = freshDb();
  const out = path.join(dir, 'hn.json');
  assert.equal(canbo(['framework', 'export', 'HN-3814', '--out', out, '--db', db]).code, 0);
  const base = fs.readFileSync(out, 'utf8').replace('"code": "HN-3814"', '"code": "HN-X"');
  const before = count(db), audits = count(db, 'audit_log');
  const cases = [
    ['duplicate key', '{"code": "A",\n  "code": "B"}', /dòng 2, cột \d+\): khóa «code» xuất hiện hai lần/],
    ['not JSON', '{"code": ', /Tệp JSON không hợp lệ \(dòng 1/],
    ['unknown key', base.replace('"scale": 100', '"scale": 100, "diem_toi_da": 100'), /Trường «diem_toi_da» không hợp lệ/],
    ['unknown key deep', base.replace('"kind": "scored"', '"kind": "scored", "he_so": 2'), /«groups\[0\]\.criteria\[0\]\.he_so» không hợp lệ/],
    ['over the group max', base.replace(/"max": 20\n/, '"max": 25\n'), /Tiêu chí "YT" có điểm tối đa 25 lớn hơn điểm của nhóm "YT" \(20\)/],
    ['bands out of order', base.replace('"min": 70', '"min": 95'), /Các mức xếp loại phải xếp từ cao xuống thấp/],
    ['wrong type', base.replace('"max": 70', '"max": "70"'), /Trường «groups\[1\]\.max» phải là số \(đang là chuỗi\)/],
    ['wrong bool', base.replace('"allow_over_max": false', '"allow_over_max": "không"'), /phải là true hoặc false/],
    ['bad date', base.replace('"2018-07-01"', '"31/06/2018"'), /«effective_from» \(«31\/06\/2018»\) không phải ngày hợp lệ/],
    ['built-in code', fs.readFileSync(out, 'utf8'), /khung có sẵn/],
  ];
  for (const [name, text, re] of cases) {
    const f = write(dir, 'bad.json', text);
    const r = canbo(['framework', 'import', f, '--db', db]);
    assert.equal(r.code, 1, name);
    assert.match(r.stderr, re, name);
    assert.equal(r.stdout, '', name);
  }
  let r = canbo(['framework', 'import', path.join(dir, 'khong-co.json'), '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Không mở được tệp .*không có tệp này/);
  assert.equal(count(db), before);
  assert.equal(count(db, 'audit_log'), audits);
  fs.rmSync(dir, { recursive: true });
});

test('a ward derives its own framework within the totals; beyond is refused', () => {
  const { dir, db } = demoDb();
  const changes = write(dir, 'p-hk.json', JSON.stringify({
    code: 'P-HK-3814',
    name: 'Khung đánh giá hằng tháng của phường Hoàn Kiếm',
    groups: [{
      code: 'YT',
      criteria: [
        { code: 'YT_KL', name: 'Chấp hành kỷ luật, kỷ cương hành chính', kind: 'scored', max: 12.5 },
        { code: 'YT_DD', name: 'Phẩm chất đạo đức, lối sống', kind: 'scored', max: 7.5 },
        { code: 'YT_TRU', name: 'Đi muộn, về sớm không lý do', kind: 'deduction', max: 5 },
      ],
    }],
    disqualifiers: [{ code: 'VANG', reason: 'Nghỉ việc không lý do từ 3 ngày trở lên trong tháng' }],
  }));
  let r = canbo(['framework', 'derive', 'HN-3814', '--unit', 'P-HK', '--file', changes, '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Đã lưu khung riêng «P-HK-3814» phiên bản 1 của đơn vị P-HK \(xây dựng từ HN-3814 phiên bản 1\)/);
  assert.equal(sql(db, "SELECT u.code, p.code FROM framework_versions f JOIN units u ON u.id = f.unit_id JOIN framework_versions p ON p.id = f.parent_id WHERE f.code = 'P-HK-3814'"), 'P-HK|HN-3814');
  r = canbo(['framework', 'derive', 'HN-3814', '--unit', 'P-HK', '--file', changes, '--db', db]);
  assert.match(r.stdout, /giống hệt phiên bản 1/);
  r = canbo(['framework', 'show', 'P-HK-3814', '--db', db]);
  assert.match(r.stdout, /YT_DD: Phẩm chất đạo đức, lối sống — tối đa 7,5 điểm/);
  assert.match(r.stdout, /YT_TRU: .* — trừ tối đa 5 điểm \[Điểm trừ\]/);
  assert.match(r.stdout, /khung riêng của đơn vị P-HK, xây dựng từ HN-3814 phiên bản 1/);

  // which framework applies: the ward's own below it, 335 for civil servants from 2026
  const sel = (...a) => canbo(['framework', 'select', ...a, '--db', db]);
  assert.match(sel('--category', 'VC', '--unit', 'P-HK-VP', '--date', '15/09/2025').stdout, /khung P-HK-3814 phiên bản 1/);
  assert.match(sel('--category', 'CC', '--unit', 'P-HK-VP', '--date', '15/09/2025').stdout, /khung P-HK-3814/);
  assert.match(sel('--category', 'CC', '--unit', 'P-HK-VP', '--date', '15/03/2026').stdout, /khung ND-335 phiên bản 1/);
  assert.match(sel('--category', 'CC', '--unit', 'P-CN', '--date', '15/09/2025').stdout, /khung HN-3814 phiên bản 1/);
  assert.match(sel('--category', 'CC', '--leader', '--unit', 'HN', '--date', '15/03/2026').stdout, /khung ND-335/);
  r = sel('--category', 'CC', '--date', '01/01/2018');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Không có khung tiêu chí nào áp dụng cho CC ngày 01\/01\/2018/);

  const before = count(db);
  const refusals = [
    [{ groups: [{ code: 'KQ', max: 75, criteria: [{ code: 'KQ', name: 'Kết quả', kind: 'scored', max: 75 }] },
                { code: 'YT', max: 15, criteria: [{ code: 'YT', name: 'Ý thức', kind: 'scored', max: 15 }] }] },
     /Nhóm "YT" phải giữ đúng 20 điểm như khung "HN-3814" \(đang là 15\)/],
    [{ quota: { percent: 40 } }, /không được rộng hơn khung "HN-3814"/],
    [{ groups: [{ code: 'THUONG', max: 20, criteria: [{ code: 'THUONG', name: 'Thưởng', kind: 'bonus', max: 20 }] }] },
     /không được vượt 10 điểm/],
    [{ quota: { phan_tram: 20 } }, /«quota\.phan_tram» không hợp lệ/],
  ];
  for (const [ch, re] of refusals) {
    const f = write(dir, 'bad.json', JSON.stringify(ch));
    r = canbo(['framework', 'derive', 'HN-3814', '--unit', 'P-HK', '--file', f, '--db', db]);
    assert.equal(r.code, 1, JSON.stringify(ch));
    assert.match(r.stderr, re);
  }
  const other = write(dir, 'other.json', JSON.stringify({ code: 'P-HK-3814' }));
  r = canbo(['framework', 'derive', 'HN-3814', '--unit', 'P-CN', '--file', other, '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /đơn vị khác/);
  r = canbo(['framework', 'derive', 'HN-3814', '--db', db]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Thiếu --unit/);
  assert.equal(count(db), before);
  fs.rmSync(dir, { recursive: true });
});

test('settings: per unit up the tree; framework figures make a new version, the old one unchanged', () => {
  const { dir, db } = demoDb();
  let r = canbo(['setting', 'list', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /deadline\.self\s+5 ngày\s+mặc định/);
  assert.match(r.stdout, /quota\.3814\.permille\s+300 ‰/);
  assert.match(r.stdout, /nd335\.general\.a\s+10 điểm/);

  r = canbo(['setting', 'set', 'deadline.self', '7', '--unit', 'P-HK', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Đã đặt deadline\.self = 7 cho đơn vị P-HK/);
  r = canbo(['setting', 'list', '--unit', 'P-HK-VP', '--db', db]);
  assert.match(r.stdout, /deadline\.self\s+7 ngày\s+đơn vị P-HK/);
  r = canbo(['setting', 'list', '--unit', 'P-CN', '--db', db]);
  assert.match(r.stdout, /deadline\.self\s+5 ngày\s+mặc định/);
  r = canbo(['setting', 'unset', 'deadline.self', '--unit', 'P-HK', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /nay áp dụng 5/);

  assert.equal(canbo(['framework', 'list', '--db', db]).code, 0);
  const v1 = sql(db, "SELECT json FROM framework_versions WHERE code = 'ND-335' AND version = 1");
  const audits = count(db, 'audit_log');
  r = canbo(['setting', 'set', 'nd335.general.a', '15', '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /khung tiêu chí Nghị định 335 sẽ không hợp lệ: Tổng điểm các nhóm tiêu chí \(105\) vượt thang điểm \(100\)/);
  assert.equal(count(db, 'audit_log'), audits);
  r = canbo(['setting', 'set', 'nd335.general.a', '15', 'nd335.general.c', '5', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Khung có sẵn ND-335 có phiên bản mới 2/);
  assert.equal(sql(db, "SELECT json FROM framework_versions WHERE code = 'ND-335' AND version = 1"), v1);
  r = canbo(['framework', 'show', 'ND-335', '--db', db]);
  assert.match(r.stdout, /phiên bản 2/);
  assert.match(r.stdout, /TCC_A: .* — tối đa 15 điểm/);
  assert.match(r.stdout, /TCC_C: .* — tối đa 5 điểm/);
  r = canbo(['framework', 'show', 'ND-335', '--version', '1', '--db', db]);
  assert.match(r.stdout, /TCC_A: .* — tối đa 10 điểm/);
  r = canbo(['setting', 'set', 'quota.3814.permille', '250', '--db', db]);
  assert.match(r.stdout, /Khung có sẵn HN-3814 có phiên bản mới 2/);
  r = canbo(['framework', 'show', 'HN-3814', '--db', db]);
  assert.match(r.stdout, /không quá 25% số người được đánh giá/);

  const bad = [
    [['setting', 'set', 'khong.co', '1'], 1, /Không có thông số «khong\.co»/],
    [['setting', 'set', 'deadline.self', '40'], 1, /phải từ 1 đến 28 ngày \(đang là 40\)/],
    [['setting', 'set', 'objection.days', 'năm'], 1, /phải là số nguyên/],
    [['setting', 'set', 'quota.335.permille', '150', '--unit', 'P-HK'], 1, /chỉ đặt chung cho toàn hệ thống/],
    [['setting', 'set', 'deadline.self', '6', '--unit', 'KHONG-CO'], 1, /Không có đơn vị mã «KHONG-CO»/],
    [['setting', 'unset', 'deadline.self', '--unit', 'P-CN'], 1, /chưa được đặt riêng/],
    [['setting', 'set', 'deadline.self'], 2, /Cách dùng/],
    [['setting', 'frob'], 2, /Không có lệnh con/],
  ];
  const n = count(db, 'settings');
  for (const [args, code, re] of bad) {
    r = canbo([...args, '--db', db]);
    assert.equal(r.code, code, args.join(' '));
    assert.match(r.stderr, re, args.join(' '));
  }
  assert.equal(count(db, 'settings'), n);
  r = canbo(['audit', 'verify', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  fs.rmSync(dir, { recursive: true });
});
