// A whole year in a commune of the demo organisation, through the command
// line: twelve months of 2026 for Xã Sóc Sơn (open, self-assess and review,
// decide, publish, lock), with people on maternity leave, away for months,
// disciplined, and four teachers the head rates best every month; then the
// annual classification (Decree 90/2020 as amended by 48/2023): months
// worked, absence cap, discipline, the annual HTXS quota with a tie left to
// the head, consequence flags against the previous year and the protection
// of a pregnant woman. Outcomes are checked in the database and the output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { canbo, sql, tmpdir, write } from './helpers.mjs';

function ok(r, what) {
  assert.equal(r.code, 0, `${what}: ${r.stderr}`);
  return r;
}

const BEST = ['CB000313', 'CB000314', 'CB000316', 'CB000318'];

test('a whole year: twelve months then the annual classification', () => {
  const dir = tmpdir();
  const db = path.join(dir, 'demo.db');
  const q = (s) => sql(db, s);
  ok(canbo(['demo', '--db', db]), 'demo');
  const run = (args, what) => ok(canbo([...args, '--db', db]), what || args.join(' '));
  const top = write(dir, 'top.csv', 'Mã tiêu chí,Điểm,Lý do\nYT,20,Gương mẫu\nKQ,70,Vượt kế hoạch\nTHUONG,10,Có sáng kiến\n');

  // the previous year, as the body recorded it: two civil servants were KHT in 2025
  q(`INSERT INTO annual_results(year, person_id, months_counted, grade, computed_at)
     SELECT 2025, id, 12, 'KHT', '2025-12-15T00:00:00Z' FROM people WHERE code IN ('CB000295', 'CB000301')`);
  // a reprimand in June for both; one of them is pregnant at the end of the year
  run(['eval', 'discipline', 'CB000295', '--date', '15/06/2026', '--level', 'khiển trách']);
  run(['eval', 'discipline', 'CB000301', '--date', '15/06/2026', '--level', 'Khiển trách']);
  run(['eval', 'flag', 'CB000301', '--kind', 'pregnant', '--from', '01/09/2026']);
  // CB000296 on maternity leave March–October; CB000297 away May–September;
  // CB000300 away March–November
  run(['eval', 'flag', 'CB000296', '--kind', 'maternity', '--from', '01/03/2026', '--to', '01/11/2026']);
  const status = { 3: [['CB000296', 'leave'], ['CB000300', 'leave']], 5: [['CB000297', 'leave']],
    10: [['CB000297', 'working']], 11: [['CB000296', 'working']], 12: [['CB000300', 'working']] };

  for (let m = 1; m <= 12; m++) {
    const month = `${String(m).padStart(2, '0')}/2026`;
    for (const [code, st] of status[m] || [])
      run(['person', 'status', code, '--status', st, '--from', `01/${month}`]);
    run(['period', 'open', 'X-SS', '--month', month]);
    run(['eval', 'autoscore', 'X-SS', '--month', month, '--seed', String(100 + m), '--review']);
    for (const code of BEST)
      run(['eval', 'review', code, '--month', month, '--file', top, '--as', 'CB000310']);
    run(['eval', 'decide', 'X-SS', '--month', month, '--grant', BEST.join(','), '--ties', 'none',
      '--reason', 'Bốn giáo viên dạy giỏi; không chọn thêm người đồng điểm', '--quiet']);
    run(['eval', 'publish', 'X-SS', '--month', month]);
    run(['eval', 'lock', 'X-SS', '--month', month]);
  }
  assert.equal(q("SELECT COUNT(DISTINCT month) FROM evaluations WHERE year = 2026 AND status = 'locked'"), '12');
  assert.equal(q("SELECT COUNT(*) FROM evaluations WHERE status <> 'locked'"), '0');
  const months = (code) => q(`SELECT COUNT(*) FROM evaluations e JOIN people p ON p.id = e.person_id WHERE p.code = '${code}'`);
  assert.equal(months('CB000296'), '4'); // Jan, Feb, Nov, Dec
  assert.equal(months('CB000297'), '7'); // away May–September
  assert.equal(months('CB000300'), '3'); // Jan, Feb, Dec
  // the four best teachers got A every month (30% of 16 = 4)
  assert.equal(q(`SELECT COUNT(*) FROM evaluations e JOIN people p ON p.id = e.person_id
                  WHERE p.code IN ('${BEST.join("','")}') AND e.grade_code = 'A'`), '48');
  // the reprimand forces KHT from June (Decree 335/2025)
  assert.equal(q(`SELECT group_concat(e.grade_code, '') FROM (SELECT e.grade_code FROM evaluations e JOIN people p ON p.id = e.person_id
                  WHERE p.code = 'CB000295' AND e.month >= 6 ORDER BY e.month) e`), 'KHTKHTKHTKHTKHTKHTKHT');

  // the year
  let r = run(['annual', 'run', 'X-SS', '--year', '2026']);
  assert.match(r.stdout, /Đã xếp loại năm 2026 cho 46 người/);
  // four at the same mean for three HTXS places (20% of 16): a tie the head must resolve
  assert.match(r.stdout, /Đồng điểm ở ranh giới tỷ lệ HTXS: 4 người/);
  const year = (code) => q(`SELECT r.grade || '|' || r.months_counted || '|' || r.months_absent || '|' || r.maternity_months || '|' ||
                              COALESCE(r.mean_total, '') || '|' || COALESCE(r.reason, '') || '|' || COALESCE(r.consequences, '')
                              FROM annual_results r JOIN people p ON p.id = r.person_id WHERE p.code = '${code}' AND r.year = 2026`);
  for (const code of BEST)
    assert.match(year(code), /^HTT\|12\|0\|0\|10000\|Đồng điểm ở ranh giới tỷ lệ HTXS của năm/);
  // maternity: 4 months worked, classified anyway (the months worked)
  assert.match(year('CB000296'), /^(HTXS|HTT|HT|KHT)\|4\|0\|8\|\d+\|/);
  // away 5 months (3 to under 6): at most HT
  assert.match(year('CB000297'), /^(HT|KHT)\|7\|5\|0\|\d+\|/);
  // 3 months worked: not classified
  assert.match(year('CB000300'), /^CXL\|3\|9\|0\|\|Thời gian công tác trong năm dưới 6 tháng/);
  // disciplined: KHT; KHT in 2025 too → two years running, twice in three years
  assert.match(year('CB000295'), /^KHT\|12\|0\|0\|\d+\|Bị kỷ luật trong năm đánh giá.*\|Không hoàn thành nhiệm vụ 2 năm liên tiếp: xem xét cho thôi việc; Không hoàn thành nhiệm vụ 2 năm trong 3 năm/);
  // the same, but pregnant: the flags are not applied
  assert.match(year('CB000301'), /^KHT\|.*\|\(chưa xem xét: Đang mang thai, nuôi con dưới 36 tháng tuổi hoặc đang trong thời gian xem xét kỷ luật: chưa xem xét xử lý\) Không hoàn thành nhiệm vụ 2 năm liên tiếp/);

  // the head names three of the four, with a reason; over the quota is refused
  const before = q('SELECT group_concat(grade) FROM annual_results');
  r = canbo(['annual', 'run', 'X-SS', '--year', '2026', '--grant', BEST.join(','), '--reason', 'x', '--db', db]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Tỷ lệ HTXS của năm: .*tối đa 3/);
  assert.equal(q('SELECT group_concat(grade) FROM annual_results'), before, 'nothing changed');
  r = run(['annual', 'run', 'X-SS', '--year', '2026', '--grant', BEST.slice(0, 3).join(','), '--reason', 'Ba sáng kiến cấp huyện']);
  assert.match(r.stdout, /HTXS\s+Hoàn thành xuất sắc nhiệm vụ\s+3/);
  for (const code of BEST.slice(0, 3))
    assert.match(year(code), /^HTXS\|12\|0\|0\|10000\|Thủ trưởng chọn/);
  assert.match(year(BEST[3]), /^HTT\|/);
  // re-running keeps one row per person
  assert.equal(q('SELECT COUNT(*) FROM annual_results WHERE year = 2026'), '46');

  // the year's list, also as CSV
  r = run(['annual', 'show', 'X-SS', '--year', '2026']);
  assert.match(r.stdout, /Xếp loại năm 2026 — X-SS và các đơn vị trực thuộc \(46 người\)/);
  const csv = path.join(dir, 'nam.csv');
  run(['annual', 'show', 'X-SS', '--year', '2026', '--csv', csv]);
  const lines = fs.readFileSync(csv, 'utf8').trim().split('\r\n');
  assert.equal(lines.length, 47);
  assert.ok(lines[0].startsWith('Mã,Họ và tên,Đơn vị,Số tháng,Tháng vắng,Ngày vắng,Tháng thai sản,Điểm bình quân,Theo điểm,Xếp loại'));
  assert.ok(lines.some((l) => l.startsWith('CB000300,') && l.includes(',CXL,Không xếp loại chất lượng,')));
  // a person's history over the year
  r = run(['eval', 'history', 'CB000313']);
  assert.equal((r.stdout.match(/\/2026\s+X-SS-MN\s+Đã khóa\s+100\s+A/g) || []).length, 12);
  ok(canbo(['audit', 'verify', '--db', db]), 'audit verify');
  fs.rmSync(dir, { recursive: true });
});
