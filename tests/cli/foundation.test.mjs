// Command-line tests of the foundation: the binary as a user runs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, PG, canbo, copyDb, dbUrl, sql, tmpdir, write, UNITS_CSV } from './helpers.mjs';

test('help, version and exit codes', () => {
  let r = canbo(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Các lệnh:/);
  for (const cmd of ['init', 'demo', 'gen', 'import', 'unit', 'person', 'audit']) {
    assert.match(r.stdout, new RegExp(`\\n  ${cmd} `), `overview lists ${cmd}`);
    const h = canbo(['help', cmd]);
    assert.equal(h.code, 0, `help ${cmd}`);
    assert.match(h.stdout, new RegExp(`Cách dùng: canbo ${cmd}`));
  }
  assert.match(canbo(['help', 'import']).stdout, /Họ và tên \(bắt buộc\)/);
  r = canbo(['--version']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^canbo \d+\.\d+\.\d+/);
  r = canbo(['khong-co-lenh']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /không có lệnh «khong-co-lenh»/);
  r = canbo(['unit', 'tree', '--khong-co']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /không có tùy chọn --khong-co/);
  r = canbo(['unit', 'tree', '--date', '31/02/2025', '--db', '/nonexistent.db']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Ngày «31\/02\/2025»/);
  r = canbo([]);
  assert.equal(r.code, 2);
});

test('init creates and upgrades; a newer database is refused untouched', () => {
  const dir = tmpdir();
  const db = path.join(dir, 'a.db');
  let r = canbo(['unit', 'tree', '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /canbo init/);
  assert.equal(fs.existsSync(db), false, 'reading does not create a database');
  r = canbo(['init', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  const n = sql(db, 'SELECT COUNT(*) FROM schema_migrations');
  assert.ok(Number(n) >= 1);
  assert.equal(sql(db, 'SELECT MAX(version) FROM schema_migrations'), n, 'migrations 1..N, none skipped');
  assert.match(r.stdout, new RegExp(`lược đồ số ${n}\\)`));
  if (!PG) assert.equal(sql(db, 'PRAGMA journal_mode'), 'wal');
  r = canbo(['init', '--db', db]);
  assert.equal(r.code, 0);
  sql(db, "INSERT INTO schema_migrations VALUES (999, 'future', 'x')");
  r = canbo(['unit', 'tree', '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /phiên bản canbo mới hơn/);
  assert.equal(sql(db, 'SELECT MAX(version) FROM schema_migrations'), '999');
  fs.rmSync(dir, { recursive: true });
});

function cityDb() {
  const dir = tmpdir();
  const db = path.join(dir, 'city.db');
  assert.equal(canbo(['init', '--db', db]).code, 0);
  const units = write(dir, 'units.csv', UNITS_CSV);
  const r = canbo(['import', 'units', units, '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Đã nhập 7 dòng: 7 mới/);
  return { dir, db };
}

// A commune's staff list as a personnel office keeps it: BOM, semicolons,
// headers without diacritics in another order, a name typed decomposed (NFD).
const STAFF_CSV = '\uFEFF' + [
  'ho ten;ma;ngay sinh;gioi tinh;phan loai;ma don vi;chuc vu;ma ngach;ngay bo nhiem;LLCT',
  'Nguyễn Văn An;CB001;01/02/1980;Nam;CB;HK-HT;Chủ tịch UBND phường;01.002;01/01/2021;Cao cấp',
  'Trần Thị Bình;CB002;15/05/1990;Nữ;CC;HK-HT;Chuyên viên;01.003;01/01/2020;',
  'Lê Văn Đức;CB003;03/04/1985;nam;cán bộ;HK-HB;Phó Chủ tịch UBND phường;01.003;01/01/2019;Trung cấp',
  'Đỗ Thị Ánh;CB004;20/11/1992;nữ;công chức;HK;Chuyên viên;01.003;01/03/2018;',
  'Nguye\u0302\u0303n Thi\u0323 Hoa;CB005;02/09/1975;Nữ;VC;HN-SNV;Chuyên viên chính;01.002;01/01/2015;',
  'Phạm Minh An;CB006;12/12/1988;Nam;LĐHĐ;HN-SNV;Nhân viên;;01/06/2022;',
].join('\r\n') + '\r\n';

test('import a commune staff list; Vietnamese order; search without diacritics', () => {
  const { dir, db } = cityDb();
  const f = write(dir, 'staff.csv', STAFF_CSV);
  let r = canbo(['import', 'people', f, '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Đã nhập 6 dòng: 6 mới, 0 cập nhật/);
  assert.doesNotMatch(r.stderr, /bỏ qua cột/);
  assert.equal(sql(db, "SELECT llct FROM people WHERE code='CB001'"), 'cao_cap');
  // NFD input stored as NFC
  assert.equal(sql(db, "SELECT full_name FROM people WHERE code='CB005'"), 'Nguyễn Thị Hoa'.normalize('NFC'));
  assert.equal(sql(db, "SELECT COUNT(*) FROM people WHERE full_name = 'Nguyễn Thị Hoa'"), '1');
  // order: given name (An, An, Ánh, Bình, Đức, Hoa), then middle name, then surname
  r = canbo(['person', 'list', '--db', db]);
  assert.equal(r.code, 0);
  const codes = [...r.stdout.matchAll(/^(CB\d+)/gm)].map((m) => m[1]);
  assert.deepEqual(codes, ['CB006', 'CB001', 'CB004', 'CB002', 'CB003', 'CB005']);
  // search ignores diacritics and case; đ folds to d
  r = canbo(['person', 'search', 'nguyen van an', '--db', db]);
  assert.match(r.stdout, /CB001\s+Nguyễn Văn An/);
  assert.doesNotMatch(r.stdout, /CB005/);
  r = canbo(['person', 'search', 'DUC', '--db', db]);
  assert.match(r.stdout, /CB003/);
  r = canbo(['person', 'search', 'đỗ thị', '--db', db]);
  assert.match(r.stdout, /CB004/);
  r = canbo(['person', 'search', 'NGUYỄN', '--db', db]);
  assert.match(r.stdout, /2 \/ 2 người/);
  // leader flag inferred from the title; category words understood
  assert.equal(sql(db, "SELECT is_leader || leader_level FROM assignments a JOIN people p ON p.id=a.person_id WHERE p.code='CB003'"), '1deputy');
  assert.equal(sql(db, "SELECT category FROM people WHERE code='CB006'"), 'LDHD');
  r = canbo(['person', 'show', 'CB001', '--db', db]);
  assert.match(r.stdout, /Nguyễn Văn An — CB001/);
  assert.match(r.stdout, /Chủ tịch UBND phường \(cấp trưởng\)/);
  assert.match(r.stdout, /Chuyên viên chính/); // rank name from code 01.002
  fs.rmSync(dir, { recursive: true });
});

test('a broken file changes nothing and gets a row-by-row report', () => {
  const { dir, db } = cityDb();
  const ok = write(dir, 'ok.csv', STAFF_CSV);
  assert.equal(canbo(['import', 'people', ok, '--db', db]).code, 0);
  const before = sql(db, 'SELECT COUNT(*) FROM people; SELECT COUNT(*) FROM assignments; SELECT group_concat(full_name) FROM people');
  const auditBefore = sql(db, 'SELECT COUNT(*) FROM audit_log');
  const bad = write(dir, 'bad.csv', [
    'Mã,Họ và tên,Ngày sinh,Giới tính,Mã đơn vị,Chức vụ,Phân loại,Mã ngạch',
    'CB001,Nguyễn Văn An Sửa,01/02/1980,Nam,HK-HT,Chủ tịch UBND phường,CB,01.002',  // valid update
    'CB010,Hoàng Văn Mạnh,31/02/1980,Nam,HK-HT,Chuyên viên,CC,01.003',              // bad date
    'CB011,Vũ Thị Lan,01/01/1990,Nữ,KHONG-CO,Chuyên viên,CC,01.003',                 // unknown unit
    'CB012,Bùi Văn Nam,01/01/1990,Nam,HK-HT,Chuyên viên,XYZ,01.003',                 // bad category
    'CB013,Ngô Thị Mai,01/01/1990,Không rõ,HK-HT,Chuyên viên,CC,1.3',                // gender + rank
    'CB001,Trùng Mã Nhau,01/01/1990,Nam,HK-HT,Chuyên viên,CC,01.003',                // duplicate code
    'CB014,,01/01/1990,Nam,HK-HT,Chuyên viên,CC,01.003',                             // missing name
  ].join('\n') + '\n');
  const report = path.join(dir, 'loi.csv');
  const r = canbo(['import', 'people', bad, '--db', db, '--report', report]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Dòng 3, cột «Ngày sinh», giá trị «31\/02\/1980»: ngày không hợp lệ/);
  assert.match(r.stderr, /Dòng 4, cột «Mã đơn vị», giá trị «KHONG-CO»: Không có đơn vị mã hay tên này/);
  assert.match(r.stderr, /Dòng 5, cột «Phân loại», giá trị «XYZ»: giá trị không hợp lệ; chọn một trong: Cán bộ, Công chức/);
  assert.match(r.stderr, /Dòng 6, cột «Giới tính», giá trị «Không rõ»/);
  assert.match(r.stderr, /Dòng 7, cột «Mã», giá trị «CB001»: Mã trùng với dòng 2/);
  assert.match(r.stderr, /Dòng 8, cột «Họ và tên»/);
  assert.match(r.stderr, /không có gì được ghi/);
  // nothing changed, not even the valid first row
  assert.equal(sql(db, 'SELECT COUNT(*) FROM people; SELECT COUNT(*) FROM assignments; SELECT group_concat(full_name) FROM people'), before);
  assert.equal(sql(db, 'SELECT COUNT(*) FROM audit_log'), auditBefore);
  const rep = fs.readFileSync(report, 'utf8');
  assert.ok(rep.startsWith('\uFEFFDòng,Cột,Giá trị,Lý do'));
  assert.match(rep, /^3,Ngày sinh,31\/02\/1980,/m);
  fs.rmSync(dir, { recursive: true });
});

test('missing required column, invalid UTF-8 and unparsable CSV are refused', () => {
  const { dir, db } = cityDb();
  let f = write(dir, 'a.csv', 'Mã,Ngày sinh\nX1,01/01/1990\n');
  let r = canbo(['import', 'people', f, '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /thiếu cột bắt buộc: «Họ và tên»/);
  f = path.join(dir, 'b.csv');
  fs.writeFileSync(f, Buffer.concat([Buffer.from('Mã,Họ và tên,Phân loại\nX1,Nguy'), Buffer.from([0xe1, 0xbb]), Buffer.from('n An,CC\n')]));
  r = canbo(['import', 'people', f, '--db', db]);
  assert.equal(r.code, 1);
  // not UTF-8 and not recognisably a legacy encoding: refused, not guessed
  assert.match(r.stderr, /không phải UTF-8 và không nhận ra chắc chắn bảng mã cũ/);
  // read as UTF-8 anyway, the bad cell is reported where it is
  r = canbo(['import', 'people', f, '--db', db, '--encoding', 'utf8']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Dòng 2, cột «Họ và tên».*UTF-8/);
  f = write(dir, 'c.csv', 'Mã,Họ và tên,Phân loại\n"X1,Nguyễn An,CC\n');
  r = canbo(['import', 'people', f, '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /ngoặc kép chưa được đóng/);
  assert.equal(sql(db, 'SELECT COUNT(*) FROM people'), '0');
  r = canbo(['import', 'people', path.join(dir, 'khong-co.csv'), '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /tệp không tồn tại/);
  fs.rmSync(dir, { recursive: true });
});

test('re-import updates records and keeps the post history', () => {
  const { dir, db } = cityDb();
  assert.equal(canbo(['import', 'people', write(dir, 's.csv', STAFF_CSV), '--db', db]).code, 0);
  let r = canbo(['import', 'people', write(dir, 's.csv', STAFF_CSV), '--db', db]);
  assert.match(r.stdout, /0 mới, 0 cập nhật, 6 không đổi/);
  const moved = write(dir, 'm.csv', 'Mã,Họ và tên,Mã đơn vị,Chức vụ,Phân loại\nCB002,Trần Thị Bình,HN-SNV,Phó Trưởng phòng,CC\n');
  r = canbo(['import', 'people', moved, '--db', db, '--date', '01/03/2024']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /0 mới, 1 cập nhật/);
  r = canbo(['person', 'show', 'CB002', '--db', db]);
  assert.match(r.stdout, /01\/01\/2020\s+29\/02\/2024\s+Chức vụ chính\s+Chuyên viên\s+HK-HT/);
  assert.match(r.stdout, /01\/03\/2024\s+nay\s+Chức vụ chính\s+Phó Trưởng phòng \(cấp phó\)\s+HN-SNV/);
  // the birth date given before was not in this file: it is kept
  assert.equal(sql(db, "SELECT birth_date FROM people WHERE code='CB002'"), '1990-05-15');
  fs.rmSync(dir, { recursive: true });
});

test('the 2025 merger: tree on a date, history, and where the people went', () => {
  const { dir, db } = cityDb();
  assert.equal(canbo(['import', 'people', write(dir, 's.csv', STAFF_CSV), '--db', db]).code, 0);
  let r = canbo(['unit', 'merge', 'HK-HT,HK-HB', '--into', 'P-HK', '--date', '01/07/2025', '--decision', '1656/NQ-UBTVQH15', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  r = canbo(['unit', 'dissolve', 'HK', '--date', '01/07/2025', '--db', db]);
  assert.equal(r.code, 1, 'a district with people cannot vanish without a receiver');
  assert.match(r.stderr, /còn 0 đơn vị trực thuộc và 1 người/);
  r = canbo(['unit', 'dissolve', 'HK', '--date', '01/07/2025', '--to', 'P-HK', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  r = canbo(['unit', 'tree', '--date', '30/06/2025', '--db', db]);
  assert.match(r.stdout, /HK\s+└ Quận Hoàn Kiếm/);
  assert.match(r.stdout, /HK-HT\s+└ Phường Hàng Trống\s+Phường\s+Khối chính quyền\s+2/);
  assert.doesNotMatch(r.stdout, /P-HK/);
  r = canbo(['unit', 'tree', '--date', '01/07/2025', '--db', db]);
  assert.doesNotMatch(r.stdout, /Quận Hoàn Kiếm|Hàng Trống/);
  assert.match(r.stdout, /P-HK\s+└ Phường Hoàn Kiếm\s+Phường\s+Khối chính quyền\s+4/);
  r = canbo(['unit', 'where', 'HK-HT', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /chấm dứt hoạt động từ ngày 01\/07\/2025/);
  assert.match(r.stdout, /Sáp nhập \(QĐ 1656\/NQ-UBTVQH15\)/);
  assert.match(r.stdout, /CB001\s+Nguyễn Văn An\s+HK-HT Phường Hàng Trống\s+Chủ tịch UBND phường\s+30\/06\/2025\s+P-HK Phường Hoàn Kiếm/);
  r = canbo(['unit', 'where', 'HK', '--db', db]);
  assert.match(r.stdout, /\(4\)/, 'the district and its wards: four people');
  r = canbo(['unit', 'history', 'HK-HB', '--db', db]);
  assert.match(r.stdout, /01\/01\/2000\s+30\/06\/2025\s+Phường Hàng Bạc/);
  // a merged unit cannot be merged again; history cannot be rewritten
  r = canbo(['unit', 'merge', 'HK-HB', '--into', 'P-HK', '--date', '01/08/2025', '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /đã giải thể hoặc sáp nhập/);
  r = canbo(['unit', 'rename', 'P-HK', '--name', 'Phường Hồ Gươm', '--date', '01/01/2025', '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /phải sau ngày bắt đầu/);
  r = canbo(['unit', 'search', 'hoan kiem', '--db', db]);
  assert.match(r.stdout, /HK\s+Quận Hoàn Kiếm/);
  assert.match(r.stdout, /P-HK\s+Phường Hoàn Kiếm/);
  assert.equal(canbo(['audit', 'verify', '--db', db]).code, 0);
  fs.rmSync(dir, { recursive: true });
});

test('split, move and rename keep history; moves refuse cycles', () => {
  const { dir, db } = cityDb();
  assert.equal(canbo(['import', 'people', write(dir, 's.csv', STAFF_CSV), '--db', db]).code, 0);
  const map = write(dir, 'map.csv', 'Mã,Mã đơn vị\nCB002,XA-SS\n');
  let r = canbo(['unit', 'split', 'HK-HT', '--into', 'P-HK,XA-SS', '--date', '01/07/2025', '--map', map, '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(sql(db, "SELECT u.code FROM assignments a JOIN people p ON p.id=a.person_id JOIN units u ON u.id=a.unit_id WHERE p.code='CB002' AND a.valid_to IS NULL"), 'XA-SS');
  assert.equal(sql(db, "SELECT u.code FROM assignments a JOIN people p ON p.id=a.person_id JOIN units u ON u.id=a.unit_id WHERE p.code='CB001' AND a.valid_to IS NULL"), 'P-HK');
  r = canbo(['unit', 'move', 'HN', '--parent', 'HK', '--date', '01/08/2025', '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /vòng lặp/);
  r = canbo(['unit', 'move', 'XA-SS', '--parent', 'HN-SNV', '--date', '01/08/2025', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  r = canbo(['unit', 'rename', 'XA-SS', '--name', 'Xã Sóc Sơn Mới', '--date', '01/09/2025', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  r = canbo(['unit', 'history', 'XA-SS', '--db', db]);
  assert.match(r.stdout, /01\/07\/2025\s+31\/07\/2025\s+Xã Sóc Sơn\s+Xã\s+HN/);
  assert.match(r.stdout, /01\/08\/2025\s+31\/08\/2025\s+Xã Sóc Sơn\s+Xã\s+HN-SNV/);
  assert.match(r.stdout, /01\/09\/2025\s+nay\s+Xã Sóc Sơn Mới/);
  fs.rmSync(dir, { recursive: true });
});

test('assignments: concurrent post, secondment, status', () => {
  const { dir, db } = cityDb();
  assert.equal(canbo(['import', 'people', write(dir, 's.csv', STAFF_CSV), '--db', db]).code, 0);
  let r = canbo(['person', 'assign', 'CB001', '--unit', 'HN-SNV', '--position', 'Phó Giám đốc', '--kind', 'kiêm nhiệm', '--from', '01/02/2024', '--decision', '12/QĐ-UBND', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  r = canbo(['person', 'assign', 'CB002', '--unit', 'HN-SNV', '--position', 'Chuyên viên', '--kind', 'biệt phái', '--from', '01/03/2024', '--to', '31/12/2024', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  r = canbo(['person', 'show', 'CB001', '--db', db]);
  assert.match(r.stdout, /01\/02\/2024\s+nay\s+Kiêm nhiệm\s+Phó Giám đốc \(cấp phó\)\s+HN-SNV Sở Nội vụ\s+12\/QĐ-UBND/);
  r = canbo(['person', 'assign', 'CB002', '--unit', 'HN-SNV', '--position', 'X', '--kind', 'bừa', '--from', '01/03/2024', '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Loại chức vụ «bừa» không hợp lệ/);
  r = canbo(['person', 'status', 'CB004', '--status', 'nghỉ hưu', '--from', '01/12/2025', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(sql(db, "SELECT status || ' ' || status_from FROM people WHERE code='CB004'"), 'retired 2025-12-01');
  r = canbo(['person', 'show', 'KHONG', '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Không có người mã «KHONG»/);
  fs.rmSync(dir, { recursive: true });
});

test('audit verify catches an edited, a deleted and a reordered row', () => {
  const { dir, db } = cityDb();
  assert.equal(canbo(['import', 'people', write(dir, 's.csv', STAFF_CSV), '--db', db]).code, 0);
  canbo(['unit', 'rename', 'XA-SS', '--name', 'Xã Sóc Sơn 2', '--date', '01/09/2025', '--db', db]);
  canbo(['unit', 'rename', 'XA-SS', '--name', 'Xã Sóc Sơn 3', '--date', '01/10/2025', '--db', db]);
  let r = canbo(['audit', 'verify', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /toàn vẹn: 4 bản ghi/);
  const copy = (n) => { const p = path.join(dir, n); copyDb(db, p); return p; };
  sql(db, 'PRAGMA wal_checkpoint(TRUNCATE)');
  const edited = copy('e.db');
  sql(edited, "UPDATE audit_log SET after = replace(after, 'Sóc Sơn 2', 'Sóc Sơn X') WHERE id = 3");
  r = canbo(['audit', 'verify', '--db', edited]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /bản ghi số 3 nội dung đã bị sửa/);
  const deleted = copy('d.db');
  sql(deleted, 'DELETE FROM audit_log WHERE id = 2');
  r = canbo(['audit', 'verify', '--db', deleted]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /bản ghi số 3/);
  const swapped = copy('s.db');
  sql(swapped, "UPDATE audit_log SET id = -3 WHERE id = 3; UPDATE audit_log SET id = 3 WHERE id = 4; UPDATE audit_log SET id = 4 WHERE id = -3;");
  r = canbo(['audit', 'verify', '--db', swapped]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /bản ghi số 3/);
  fs.rmSync(dir, { recursive: true });
});

// N people, over 8 MB for N ≥ 90,000 (the importer's bulk path).
function bigStaffCsv(n) {
  const rows = ['Mã,Họ và tên,Ngày sinh,Giới tính,Mã đơn vị,Chức vụ,Phân loại,Mã ngạch,Quê quán'];
  for (let i = 0; i < n; i++) rows.push(`X${i},Nguyễn Văn Thử ${String.fromCharCode(65 + (i % 26))}a,01/01/1990,Nam,HK-HT,Chuyên viên,CC,01.003,Xã Đông Anh huyện Đông Anh Hà Nội`);
  return rows.join('\n') + '\n';
}

const N = 90000;

test('a large import takes the bulk path and leaves the same database as row by row', () => {
  const { dir, db } = cityDb();
  const f = write(dir, 'big.csv', bigStaffCsv(N));
  assert.ok(fs.statSync(f).size > 8 << 20);
  const r = canbo(['import', 'people', f, '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(sql(db, 'SELECT COUNT(*) FROM people'), String(N));
  assert.equal(sql(db, "SELECT COUNT(*) FROM sqlite_master WHERE type='index' AND name IN ('people_name_key','people_name_fold')"), '2');
  assert.equal(sql(db, 'PRAGMA integrity_check'), 'ok');
  // search and order work on the rebuilt indexes: same name, then by code
  const out = canbo(['person', 'search', 'thu za', '--limit', '2', '--db', db]).stdout;
  assert.match(out, /^X10009\s+Nguyễn Văn Thử Za/m);
  assert.match(out, /2 \/ 3\.461 người/);
  assert.equal(sql(db, "SELECT COUNT(*) FROM people INDEXED BY people_name_fold WHERE name_fold = 'nguyen van thu za'"), '3461');
  fs.rmSync(dir, { recursive: true });
});

test('a crash in the middle of an import leaves the previous state', async () => {
  const { dir, db } = cityDb();
  const f = write(dir, 'big.csv', bigStaffCsv(N));
  const child = spawn(BIN, ['import', 'people', f, '--db', dbUrl(db), '--progress'], { env: { ...process.env, CANBO_DB: '' } });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  // wait until the import is visibly under way, then kill it hard
  await new Promise((resolve) => {
    const t = setInterval(() => { if (/Đang nhập/.test(err)) { clearInterval(t); resolve(); } }, 20);
    child.on('exit', () => { clearInterval(t); resolve(); });
  });
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('close', resolve));
  assert.equal(sql(db, 'PRAGMA integrity_check'), 'ok');
  const n = Number(sql(db, 'SELECT COUNT(*) FROM people'));
  assert.ok(n === 0 || n === N, `all or nothing, got ${n}`);
  // the bulk path dropped the name indexes inside the transaction: back too
  assert.equal(sql(db, "SELECT COUNT(*) FROM sqlite_master WHERE type='index' AND name IN ('people_name_key','people_name_fold')"), '2');
  assert.equal(canbo(['audit', 'verify', '--db', db]).code, 0);
  fs.rmSync(dir, { recursive: true });
});

test('title lines above the header are skipped; semicolons detected under them', () => {
  const { dir, db } = cityDb();
  const f = write(dir, 't.csv', 'DANH SÁCH CÁN BỘ, CÔNG CHỨC PHƯỜNG HÀNG TRỐNG\n\nNgày 01/01/2025\n' +
    'STT;Mã;Họ và tên;Phân loại;Mã đơn vị;Chức vụ\n1;T1;Nguyễn Văn Tí;CC;HK-HT;Chuyên viên\n');
  const r = canbo(['import', 'people', f, '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Đã nhập 1 dòng: 1 mới/);
  assert.match(r.stderr, /bỏ qua cột không nhận ra «STT»/);
  assert.equal(sql(db, "SELECT full_name FROM people WHERE code='T1'"), 'Nguyễn Văn Tí');
  fs.rmSync(dir, { recursive: true });
});

test('command-line arguments are used in NFC; invalid UTF-8 is refused', () => {
  const { dir, db } = cityDb();
  const nfd = 'Phường Tràng Tiền'.normalize('NFD');
  let r = canbo(['unit', 'add', 'P-TT', '--name', nfd, '--kind', 'phường', '--sector', 'chính quyền', '--parent', 'HN', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(sql(db, "SELECT name FROM unit_versions v JOIN units u ON u.id=v.unit_id WHERE u.code='P-TT'"), 'Phường Tràng Tiền'.normalize('NFC'));
  r = canbo(['unit', 'search', 'Tràng'.normalize('NFD'), '--db', db]);
  assert.match(r.stdout, /P-TT/);
  // a byte that is not UTF-8, as an old terminal might send it
  const b = spawnSync('bash', ['-c', `"$0" unit search "$(printf 'H\\xe0')" --db "$1"`, BIN, dbUrl(db)], { encoding: 'utf8' });
  assert.equal(b.status, 2);
  assert.match(b.stderr, /không phải UTF-8 hợp lệ/);
  fs.rmSync(dir, { recursive: true });
});
