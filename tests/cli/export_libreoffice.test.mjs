// The people list exported by the real binary, opened by LibreOffice.
//
// `canbo export people` writes an XLSX file; LibreOffice headless (the
// Debian package libreoffice-calc-nogui) converts it back to CSV and the
// content must be what was imported: names with diacritics (one typed
// decomposed), dates as dd/mm/yyyy (a leap day among them), units, posts,
// in the same Vietnamese order as `canbo person list`. Skipped, with a
// message, where LibreOffice is not installed. The CSV export is checked on
// its own, without LibreOffice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { canbo, tmpdir, write } from './helpers.mjs';

const UNITS = [
  'Mã,Tên,Mã đơn vị cha,Loại,Khối',
  'HN,Thành phố Hà Nội,,Thành phố,Khối chính quyền',
  'HN-SNV,Sở Nội vụ,HN,"Sở, ban, ngành",Khối chính quyền',
  'P-HK,Phường Hoàn Kiếm,HN,Phường,Khối chính quyền',
].join('\r\n') + '\r\n';

// [code, name as typed, birth date, gender, unit code, position, category, rank code]
const STAFF = [
  ['CB001', 'Nguyễn Văn An', '01/02/1980', 'Nam', 'P-HK', 'Chủ tịch UBND phường', 'CB', '01.002'],
  ['CB002', 'Trần Thị Bình', '15/05/1990', 'Nữ', 'HN-SNV', 'Chuyên viên', 'CC', '01.003'],
  ['CB003', 'Lê Văn Đức', '03/04/1985', 'Nam', 'P-HK', 'Phó Chủ tịch UBND phường, phụ trách kinh tế', 'CB', '01.003'],
  ['CB004', 'Đỗ Thị Ánh', '29/02/1992', 'Nữ', 'HN-SNV', 'Chuyên viên', 'CC', '01.003'],
  ['CB005', 'Nguye\u0302\u0303n Thi\u0323 Hoa', '02/09/1975', 'Nữ', 'HN-SNV', 'Chuyên viên chính', 'VC', '01.002'],
  ['CB006', 'Phạm Minh Ân', '12/12/1988', 'Nam', 'P-HK', 'Nhân viên', 'LĐHĐ', ''],
  ['CB007', 'Hoàng Thị Yến', '31/12/1999', 'Nữ', 'HN', 'Văn thư', 'CC', '01.004'],
];
const UNIT_NAME = { HN: 'Thành phố Hà Nội', 'HN-SNV': 'Sở Nội vụ', 'P-HK': 'Phường Hoàn Kiếm' };
const HEADER = ['Mã', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Phân loại', 'Chức vụ', 'Đơn vị',
  'Mã ngạch', 'Ngạch', 'Trình độ chuyên môn', 'Lý luận chính trị', 'Quản lý nhà nước'];

function csvField(s) {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const PEOPLE = [
  'Mã,Họ và tên,Ngày sinh,Giới tính,Mã đơn vị,Chức vụ,Phân loại,Mã ngạch',
  ...STAFF.map((r) => r.map(csvField).join(',')),
].join('\r\n') + '\r\n';

// Parses RFC 4180 CSV (quoted fields, "" escapes, CRLF or LF) into rows.
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

function onPath(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

// A database holding UNITS and STAFF, imported through the CLI.
function cityDb() {
  const dir = tmpdir();
  const db = path.join(dir, 'city.db');
  let r = canbo(['init', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  r = canbo(['import', 'units', write(dir, 'units.csv', UNITS), '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  r = canbo(['import', 'people', write(dir, 'people.csv', PEOPLE), '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  return { dir, db };
}

// The codes in `canbo person list` order (Vietnamese name order).
function listOrder(db, extra = []) {
  const r = canbo(['person', 'list', '--db', db, ...extra]);
  assert.equal(r.code, 0, r.stderr);
  return [...r.stdout.matchAll(/^(CB\d+)/gm)].map((m) => m[1]);
}

// What a data row must hold for a staff entry (the columns we imported).
function expected(s) {
  const [code, name, birth, gender, unit, position, category, rank] = s;
  return { code, name: name.normalize('NFC'), birth, gender, category, position,
    unit: UNIT_NAME[unit], rank };
}

function checkRows(rows, codes) {
  assert.deepEqual(rows.map((r) => r[0]), codes);
  for (const r of rows) {
    const want = expected(STAFF.find((s) => s[0] === r[0]));
    assert.deepEqual(
      { code: r[0], name: r[1], birth: r[2], gender: r[3], category: r[4], position: r[5],
        unit: r[6], rank: r[7] },
      want, `row of ${r[0]}`);
    assert.equal(r.length, HEADER.length);
  }
}

test('CSV export: BOM, header, Vietnamese order, same content as imported', () => {
  const { dir, db } = cityDb();
  const out = path.join(dir, 'people.csv');
  let r = canbo(['export', 'people', '--db', db, '--out', out, '--format', 'csv', '--bom']);
  assert.equal(r.code, 0, r.stderr);
  const bytes = fs.readFileSync(out);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for Excel');
  const text = bytes.subarray(3).toString('utf8');
  assert.match(text, /\r\n$/);
  assert.doesNotMatch(text.replace(/\r\n/g, ''), /\n/, 'CRLF line ends only');
  const rows = parseCsv(text);
  assert.deepEqual(rows[0], HEADER);
  checkRows(rows.slice(1), listOrder(db));
  assert.equal(rows[1][0], 'CB001', 'An comes first');

  r = canbo(['export', 'people', '--db', db, '--out', out, '--format', 'csv']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(fs.readFileSync(out, 'utf8').startsWith('Mã,'), true, 'no BOM unless asked');
  fs.rmSync(dir, { recursive: true });
});

test('XLSX export opened by LibreOffice gives back what was imported', (t) => {
  const soffice = ['soffice', 'libreoffice'].find(onPath);
  if (!soffice) {
    t.skip('LibreOffice is not installed (apt-get install libreoffice-calc-nogui)');
    return;
  }
  const { dir, db } = cityDb();
  // a private profile: parallel runs must not share (and lock) one
  const profile = `file://${path.join(dir, 'lo-profile')}`;
  const convert = (file, outdir) => {
    const r = spawnSync(soffice, [`-env:UserInstallation=${profile}`, '--headless',
      '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', outdir, file],
    { encoding: 'utf8', timeout: 180_000 });
    assert.equal(r.status, 0, `soffice failed: ${r.stderr}`);
    const csv = path.join(outdir, path.basename(file).replace(/\.xlsx$/, '.csv'));
    assert.ok(fs.existsSync(csv), `soffice wrote no CSV: ${r.stdout} ${r.stderr}`);
    return parseCsv(fs.readFileSync(csv, 'utf8'));
  };
  const headerAt = (rows) => rows.findIndex((r) => r[0] === 'Mã' && r[1] === 'Họ và tên');

  // the whole organisation
  const all = path.join(dir, 'all.xlsx');
  let r = canbo(['export', 'people', '--db', db, '--out', all]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual([...fs.readFileSync(all).subarray(0, 2)], [0x50, 0x4b], 'a zip file');
  let rows = convert(all, path.join(dir, 'conv-all'));
  let h = headerAt(rows);
  assert.ok(h > 0, 'a title block above the header row');
  const title = rows.slice(0, h).map((r) => r[0]).filter(Boolean);
  assert.deepEqual(title.slice(0, 2), ['DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC', 'Thành phố Hà Nội']);
  assert.match(title.at(-1), /^Ngày xuất: \d\d\/\d\d\/\d{4}$/);
  assert.deepEqual(rows[h], HEADER);
  const order = listOrder(db);
  assert.equal(order.length, STAFF.length);
  checkRows(rows.slice(h + 1).filter((r) => r.some(Boolean)), order);
  // the rank name comes from the rank code
  assert.equal(rows[h + 1][8], 'Chuyên viên chính');

  // one unit and what is under it
  const ward = path.join(dir, 'ward.xlsx');
  r = canbo(['export', 'people', '--db', db, '--out', ward, '--unit', 'P-HK', '--subtree']);
  assert.equal(r.code, 0, r.stderr);
  rows = convert(ward, path.join(dir, 'conv-ward'));
  h = headerAt(rows);
  assert.equal(rows[1][0], 'Phường Hoàn Kiếm');
  checkRows(rows.slice(h + 1).filter((r) => r.some(Boolean)),
    listOrder(db, ['--unit', 'P-HK', '--subtree']));
  assert.equal(rows.length - h - 1, 3);
  fs.rmSync(dir, { recursive: true });
});
