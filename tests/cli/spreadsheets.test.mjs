// Spreadsheets in: XLSX workbooks and legacy Vietnamese encodings through
// the same importer as CSV (issue 7).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { canbo, sql, tmpdir, write, UNITS_CSV } from './helpers.mjs';

function cityDb() {
  const dir = tmpdir();
  const db = path.join(dir, 'city.db');
  assert.equal(canbo(['init', '--db', db]).code, 0);
  assert.equal(canbo(['import', 'units', write(dir, 'units.csv', UNITS_CSV), '--db', db]).code, 0);
  return { dir, db };
}

// TCVN3 (ABC) bytes of a staff list, as a .Vn-font CSV saved by old Excel.
const TCVN3_ROWS = [
  ['T1', 'Nguy\xD4n V\xA8n An', 'Ph\xAD\xEAng \xA7\xABng H\xADng Thu\xCBn'],
  ['T2', 'Tr\xC7n Th\xDE B\xDDch Ng\xE4c', 'C\xE9ng h\xDFa x\xB7 h\xE9i'],
  ['T3', 'L\xAA V\xA8n \xA7\xF8c', 'H\xB5 N\xE9i'],
];

test('a TCVN3 CSV is detected, converted and imported; unsure input is refused', () => {
  const { dir, db } = cityDb();
  const lines = ['Ma,Ho va ten,Que quan,Phan loai,Ma don vi,Chuc vu'];
  for (const [code, name, town] of TCVN3_ROWS) lines.push(`${code},${name},${town},CC,HK-HT,Chuyen vien`);
  const f = path.join(dir, 'tcvn3.csv');
  fs.writeFileSync(f, Buffer.from(lines.join('\r\n') + '\r\n', 'latin1'));
  let r = canbo(['import', 'people', f, '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Bảng mã: TCVN3 \(ABC\) \(tự nhận ra, độ tin cậy \d+%\)/);
  assert.equal(sql(db, "SELECT full_name || '|' || home_town FROM people WHERE code='T1'"), 'Nguyễn Văn An|Phường Đông Hưng Thuận');
  assert.equal(sql(db, "SELECT full_name FROM people WHERE code='T3'"), 'Lê Văn Đức');
  r = canbo(['person', 'search', 'tran thi bich ngoc', '--db', db]);
  assert.match(r.stdout, /T2\s+Trần Thị Bích Ngọc/);
  // too little text to be sure: refused with a reason, nothing written
  const g = path.join(dir, 'short.csv');
  fs.writeFileSync(g, Buffer.from('Ma,Ho va ten,Phan loai\r\nX1,H\xB5 An,CC\r\n', 'latin1'));
  r = canbo(['import', 'people', g, '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /không nhận ra chắc chắn bảng mã cũ.*--encoding/);
  assert.equal(sql(db, "SELECT COUNT(*) FROM people WHERE code='X1'"), '0');
  // …and accepted when the encoding is named
  r = canbo(['import', 'people', g, '--db', db, '--encoding', 'tcvn3']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(sql(db, "SELECT full_name FROM people WHERE code='X1'"), 'Hà An');
  fs.rmSync(dir, { recursive: true });
});

test('an XLSX workbook with a title, a chosen sheet and legacy-font text imports; errors go to an XLSX report', () => {
  const { dir, db } = cityDb();
  // Make a workbook with canbo itself: a list whose names are TCVN3 text as
  // old Excel shows it (Windows-1252 characters), exported to XLSX.
  const src = path.join(dir, 'src.db');
  assert.equal(canbo(['init', '--db', src]).code, 0);
  assert.equal(canbo(['import', 'units', write(dir, 'u.csv', UNITS_CSV), '--db', src]).code, 0);
  const rows = ['Mã,Họ và tên,Ngày sinh,Giới tính,Mã đơn vị,Chức vụ,Phân loại,Mã ngạch'];
  TCVN3_ROWS.forEach(([code, name], i) => rows.push(`${code},${name},0${i + 1}/02/1980,Nam,HK-HT,Chuy\xAAn vi\xAAn,CC,01.003`));
  let r = canbo(['import', 'people', write(dir, 'mojibake.csv', rows.join('\n') + '\n'), '--db', src]);
  assert.equal(r.code, 0, r.stderr);
  const xlsx = path.join(dir, 'danhsach.xlsx');
  r = canbo(['export', 'people', '--out', xlsx, '--db', src]);
  assert.equal(r.code, 0, r.stderr);
  // The exported sheet has title lines above its header: the importer finds
  // the header by its column names, converts the .Vn text, reads real dates.
  r = canbo(['import', 'people', xlsx, '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /phông TCVN3 \(ABC\), đã chuyển sang Unicode/);
  assert.equal(sql(db, "SELECT full_name || '|' || birth_date FROM people WHERE code='T1'"), 'Nguyễn Văn An|1980-02-01');
  assert.equal(sql(db, "SELECT full_name FROM people WHERE code='T2'"), 'Trần Thị Bích Ngọc');
  assert.equal(sql(db, "SELECT DISTINCT position FROM assignments"), 'Chuyên viên');
  // a sheet that does not exist: refused, listing the sheets
  r = canbo(['import', 'people', xlsx, '--db', db, '--sheet', 'Trang khác']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Trang khác/);
  // an XLSX with errors: nothing written, an XLSX report with the bad cells
  const bad = path.join(dir, 'bad.db');
  assert.equal(canbo(['init', '--db', bad]).code, 0);
  const report = path.join(dir, 'loi.xlsx');
  r = canbo(['import', 'people', xlsx, '--db', bad, '--report', report]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Không có đơn vị mã hay tên này/);
  assert.ok(fs.statSync(report).size > 0);
  assert.equal(fs.readFileSync(report).subarray(0, 2).toString(), 'PK');
  assert.equal(sql(bad, 'SELECT COUNT(*) FROM people'), '0');
  fs.rmSync(dir, { recursive: true });
});

test('not a workbook and a zip bomb are refused with a reason', () => {
  const { dir, db } = cityDb();
  const f = write(dir, 'fake.xlsx', 'this is not a zip file');
  const r = canbo(['import', 'people', f, '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Excel|xlsx|XLSX/);
  assert.equal(sql(db, 'SELECT COUNT(*) FROM people'), '0');
  fs.rmSync(dir, { recursive: true });
});

test('rank codes that a spreadsheet turned into numbers are restored', () => {
  const { dir, db } = cityDb();
  const f = write(dir, 'rk.csv', 'Mã,Họ và tên,Phân loại,Mã ngạch,Mã đơn vị,Chức vụ\n' +
    'R1,Nguyễn Văn Ánh,CC,1.003,HK-HT,Chuyên viên\nR2,Trần Văn Bảo,CC,6.03,HK-HT,Kế toán\n');
  let r = canbo(['import', 'people', f, '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(sql(db, "SELECT group_concat(rank_code || ':' || rank_name, '|') FROM (SELECT * FROM people ORDER BY code)"),
    '01.003:Chuyên viên|06.030:Kế toán viên chính');
  const g = write(dir, 'rk2.csv', 'Mã,Họ và tên,Phân loại,Mã ngạch\nR3,Lê Văn Cường,CC,1.0031\n');
  r = canbo(['import', 'people', g, '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Dòng 2, cột «Mã ngạch», giá trị «1\.0031»: mã ngạch không đúng dạng/);
  fs.rmSync(dir, { recursive: true });
});
