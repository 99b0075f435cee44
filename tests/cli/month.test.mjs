// A whole month in a commune of the demo organisation, through the command
// line: open the month for Xã Sóc Sơn (rooms, a kindergarten, leaders),
// every person self-assesses from a score file as themselves (--as), each
// reviewer reviews (one changes a score, with a reason), a disciplined civil
// servant is forced to KHT, the heads decide within the quota (a tie at the
// boundary is refused until the head names who gets A, with a reason),
// publish, one person objects and the head answers, everything is locked.
// Wrong actors, wrong order, a score above the maximum and a decision over
// the quota are refused and change nothing. Outcomes are checked in the
// database with sqlite3 and in the commands' output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { canbo, sql, tmpdir, write } from './helpers.mjs';

const UNIT = 'X-SS';

function monthNow() {
  const d = new Date();
  return { text: `${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`, y: d.getFullYear(), m: d.getMonth() + 1 };
}

function ok(r, what) {
  assert.equal(r.code, 0, `${what}: ${r.stderr}`);
  return r;
}

function refused(r, re, what) {
  assert.equal(r.code, 1, `${what} should be refused: ${r.stdout}`);
  assert.match(r.stderr, re, what);
  return r;
}

// Scores by framework: 3814 (YT 20, KQ 70, THUONG 10) and 335 (TCC_A/B/C 10, KQ_SP 70).
const S3814 = { top: [20, 70, 7], tie: [20, 68, 5], good: [18, 60, 2], low: [10, 35, 0] };
const S335 = { top: [10, 10, 10, 66], next: [10, 10, 10, 65], good: [9, 9, 9, 58], low: [6, 6, 6, 30] };

function scoreFile(dir, code, fw, v) {
  const codes = fw === '3814' ? ['YT', 'KQ', 'THUONG'] : ['TCC_A', 'TCC_B', 'TCC_C', 'KQ_SP'];
  const lines = ['Mã tiêu chí,Tên tiêu chí,Điểm'];
  codes.forEach((c, i) => lines.push(`${c},,"${String(v[i]).replace('.', ',')}"`));
  return write(dir, `${code}.csv`, lines.join('\r\n') + '\r\n');
}

test('a whole month in a commune: self → review → decide within quota → publish → object → answer → lock', () => {
  const dir = tmpdir();
  const db = path.join(dir, 'demo.db');
  ok(canbo(['demo', '--db', db]), 'demo');
  const { text: MONTH, y: YEAR, m: MON } = monthNow();
  const q = (s) => sql(db, s);

  // 1. open the month; re-running changes nothing
  let r = ok(canbo(['period', 'open', UNIT, '--month', MONTH, '--db', db]), 'period open');
  assert.match(r.stdout, new RegExp(`Đã mở kỳ đánh giá tháng ${MONTH.replace('/', '\\/')} cho X-SS`));
  assert.match(r.stdout, /Bản đánh giá mới\s+46/);
  r = ok(canbo(['period', 'open', UNIT, '--month', MONTH, '--db', db]), 'period open again');
  assert.match(r.stdout, /Đã cập nhật kỳ đánh giá/);
  assert.match(r.stdout, /Không đổi\s+46/);
  assert.equal(q('SELECT COUNT(*) FROM evaluations'), '46');
  // frameworks: civil servants under Decree 335 from 2026, the others under 3814
  assert.equal(q(`SELECT COUNT(*) FROM evaluations e JOIN framework_versions f ON f.id = e.framework_version_id
                  WHERE f.code = 'ND-335' AND e.category <> 'CC'`), '0');
  assert.equal(q(`SELECT COUNT(*) FROM evaluations e JOIN framework_versions f ON f.id = e.framework_version_id
                  WHERE f.code = 'HN-3814' AND e.category = 'CC'`), '0');
  // reviewers and deciders: staff by their room head; leaders decided by the level above
  const who = (code) => q(`SELECT rp.code || ',' || dp.code FROM evaluations e JOIN people p ON p.id = e.person_id
                           LEFT JOIN people rp ON rp.id = e.reviewer_id LEFT JOIN people dp ON dp.id = e.decider_id
                           WHERE p.code = '${code}'`);
  assert.equal(who('CB000295'), 'CB000294,CB000294'); // Chuyên viên, Phòng Kinh tế
  assert.equal(who('CB000294'), 'CB000282,CB000282'); // Trưởng phòng: the commune chair
  assert.equal(who('CB000311'), 'CB000310,CB000282'); // Phó Hiệu trưởng: reviewed by the head, decided above
  assert.equal(who('CB000282'), 'CB000001,CB000001'); // Chủ tịch UBND xã: the city chair

  // 2. wrong order and wrong actor are refused, and nothing changes
  const snap = () => q('SELECT group_concat(status || version) FROM evaluations; SELECT COUNT(*) FROM evaluation_scores; SELECT COUNT(*) FROM audit_log');
  const before = snap();
  refused(canbo(['eval', 'review', 'CB000295', '--month', MONTH, '--as', 'CB000294', '--db', db]),
    /Không thể nhận xét: .* đang ở bước «Chờ tự đánh giá»/, 'review before self');
  const f295 = scoreFile(dir, 'CB000295', '335', S335.good);
  refused(canbo(['eval', 'self', 'CB000295', '--month', MONTH, '--file', f295, '--as', 'CB000296', '--db', db]),
    /Chỉ chính .* \(CB000295\) được tự đánh giá; «CB000296» không được làm thay/, 'self by someone else');
  const over = write(dir, 'over.csv', 'Mã tiêu chí,Điểm\nTCC_A,11\nTCC_B,9\nTCC_C,9\nKQ_SP,60\n');
  refused(canbo(['eval', 'self', 'CB000295', '--month', MONTH, '--file', over, '--as', 'CB000295', '--db', db]),
    /TCC_A.*vượt mức tối đa 10 điểm/, 'score above the maximum');
  const neg = write(dir, 'neg.csv', 'Mã tiêu chí,Điểm\nTCC_A,-1\nTCC_B,9\nTCC_C,9\nKQ_SP,60\n');
  refused(canbo(['eval', 'self', 'CB000295', '--month', MONTH, '--file', neg, '--as', 'CB000295', '--db', db]),
    /TCC_A/, 'negative score');
  const missing = write(dir, 'missing.csv', 'Mã tiêu chí,Điểm\nTCC_A,9\n');
  refused(canbo(['eval', 'self', 'CB000295', '--month', MONTH, '--file', missing, '--as', 'CB000295', '--db', db]),
    /Thiếu điểm tiêu chí «TCC_B»/, 'missing criterion');
  const garbage = write(dir, 'garbage.csv', 'hello,world\n1,2\n');
  refused(canbo(['eval', 'self', 'CB000295', '--month', MONTH, '--file', garbage, '--as', 'CB000295', '--db', db]),
    /cột «Mã tiêu chí» và «Điểm»/, 'a file that does not parse');
  refused(canbo(['eval', 'decide', UNIT, '--month', MONTH, '--as', 'CB000294', '--db', db]),
    /Chưa thể quyết định: 7 bản đánh giá trong danh sách chưa được nhận xét/, 'decide before reviews');
  assert.equal(snap(), before, 'refusals change nothing');

  // 3. a task with work products for one civil servant (points computed from it)
  r = ok(canbo(['task', 'add', 'CB000305', '--month', MONTH, '--title', 'Báo cáo văn hóa tháng',
    '--coef', '1,5', '--date', `01/${String(MON).padStart(2, '0')}/${YEAR}`, '--deadline', `10/${String(MON).padStart(2, '0')}/${YEAR}`,
    '--as', 'CB000302', '--db', db]), 'task add');
  const task = r.stdout.match(/nhiệm vụ số (\d+)/)[1];
  ok(canbo(['task', 'done', task, '--date', `12/${String(MON).padStart(2, '0')}/${YEAR}`, '--as', 'CB000305', '--db', db]), 'task done late');
  refused(canbo(['task', 'review', task, '--pass', '--as', 'CB000305', '--db', db]), /Chỉ người giao nhiệm vụ/, 'review by the assignee');
  ok(canbo(['task', 'review', task, '--pass', '--as', 'CB000302', '--db', db]), 'task review');
  r = ok(canbo(['task', 'list', 'CB000305', '--month', MONTH, '--db', db]), 'task list');
  // one delay: progress 75% → (100 + 100 + 75) / 3 of 70 = 64,17
  assert.match(r.stdout, /số lượng 100%, chất lượng 100%, tiến độ 75% → 64,17\/70 điểm/);
  refused(canbo(['task', 'waive', task, '--what', 'delay', '--reason', 'Mất điện cả xã 2 ngày', '--db', db]),
    /người có thẩm quyền xác nhận/, 'waiver without a confirming person');
  ok(canbo(['task', 'waive', task, '--what', 'delay', '--reason', 'Mất điện cả xã 2 ngày', '--by', 'CB000282', '--db', db]), 'waive');
  r = ok(canbo(['task', 'list', 'CB000305', '--month', MONTH, '--db', db]), 'task list');
  assert.match(r.stdout, /tiến độ 100% → 70\/70 điểm/);

  // 4. a reprimand this year: the civil servant is KHT whatever the score
  ok(canbo(['eval', 'discipline', 'CB000299', '--date', `01/${String(MON).padStart(2, '0')}/${YEAR}`, '--level', 'khiển trách',
    '--decision', '12/QĐ-UBND', '--db', db]), 'discipline');

  // 5. everyone self-assesses as themselves
  const people = q(`SELECT p.code || '|' || e.category || '|' || u.code FROM evaluations e
                    JOIN people p ON p.id = e.person_id JOIN units u ON u.id = e.unit_id ORDER BY p.code`)
    .split('\n').map((l) => { const [code, cat, unit] = l.split('|'); return { code, cat, unit }; });
  assert.equal(people.length, 46);
  const school = people.filter((p) => p.unit === 'X-SS-MN' && !['CB000310', 'CB000311'].includes(p.code));
  const special = {
    CB000313: S3814.top, CB000316: S3814.top, CB000323: S3814.top, // three clear A
    CB000324: S3814.tie, CB000315: S3814.tie,                       // tied at the boundary
    CB000322: S3814.low,
    CB000298: S335.top, CB000301: S335.next, CB000299: S335.top,    // Phòng Kinh tế
  };
  for (const p of people) {
    const fw = p.cat === 'CC' ? '335' : '3814';
    const v = special[p.code] || (fw === '335' ? S335.good : S3814.good);
    const f = scoreFile(dir, p.code, fw, v);
    r = canbo(['eval', 'self', p.code, '--month', MONTH, '--file', f, '--as', p.code, '--db', db]);
    assert.equal(r.code, 0, `self ${p.code}: ${r.stderr}`);
  }
  assert.equal(q("SELECT COUNT(*) FROM evaluations WHERE status = 'self_assessed'"), '46');
  // the task's points replace the hand score of the person with tasks: 27 + 70
  assert.equal(q("SELECT self_total FROM evaluations e JOIN people p ON p.id = e.person_id WHERE p.code = 'CB000305'"), '9700');
  // a self-assessment can be redone before the review
  ok(canbo(['eval', 'self', 'CB000295', '--month', MONTH, '--file', scoreFile(dir, 'CB000295b', '335', S335.good), '--as', 'CB000295', '--db', db]), 'redo self');

  // 6. reviews by each reviewer; a changed score needs a reason
  const reviewers = q(`SELECT p.code || '|' || COALESCE(rp.code, '') FROM evaluations e JOIN people p ON p.id = e.person_id
                       LEFT JOIN people rp ON rp.id = e.reviewer_id ORDER BY p.code`).split('\n').map((l) => l.split('|'));
  const change = write(dir, 'change.csv', 'Mã tiêu chí,Điểm,Lý do\nKQ_SP,55,\n');
  refused(canbo(['eval', 'review', 'CB000296', '--month', MONTH, '--file', change, '--as', 'CB000294', '--db', db]),
    /KQ_SP.*khác điểm tự đánh giá 58; cần ghi lý do/, 'change without a reason');
  refused(canbo(['eval', 'review', 'CB000296', '--month', MONTH, '--as', 'CB000310', '--db', db]),
    /Chỉ người nhận xét, đánh giá của CB000296 là .* \(CB000294\)/, 'review by the wrong person');
  const changeOk = write(dir, 'change-ok.csv', 'Mã tiêu chí,Điểm,Lý do\nKQ_SP,55,"Chậm báo cáo tổng hợp, phải làm lại"\nTCC_A,9,giữ nguyên\n');
  r = ok(canbo(['eval', 'review', 'CB000296', '--month', MONTH, '--file', changeOk, '--as', 'CB000294', '--db', db]), 'review with a change');
  assert.match(r.stdout, /tổng 82 điểm/);
  assert.match(r.stdout, /Điều chỉnh 1 tiêu chí/);
  for (const [code, rev] of reviewers) {
    if (code === 'CB000296') continue;
    r = canbo(['eval', 'review', code, '--month', MONTH, '--as', rev, '--db', db]);
    assert.equal(r.code, 0, `review ${code} by ${rev}: ${r.stderr}`);
  }
  assert.equal(q("SELECT COUNT(*) FROM evaluations WHERE status = 'reviewed'"), '46');
  assert.equal(q("SELECT points || '|' || reason FROM evaluation_scores s JOIN evaluations e ON e.id = s.evaluation_id JOIN people p ON p.id = e.person_id WHERE p.code = 'CB000296' AND s.step = 'review'"),
    '5500|Chậm báo cáo tổng hợp, phải làm lại');

  // 7. the proposal and the what-if for the kindergarten: 30% of 16 = 4 A;
  //    three clear, two tied at 93 for the last place
  r = ok(canbo(['eval', 'whatif', UNIT, '--month', MONTH, '--as', 'CB000310', '--db', db]), 'whatif');
  assert.match(r.stdout, /khung HN-3814: 16 người, 5 người đủ điểm A → được xếp loại A tối đa 4 người/);
  r = ok(canbo(['eval', 'propose', UNIT, '--month', MONTH, '--as', 'CB000310', '--db', db]), 'propose');
  assert.match(r.stdout, /ĐỒNG ĐIỂM ở ranh giới: 2 người cùng 93 điểm, chỉ được chọn 1 người: CB000315, CB000324/);
  // the head must choose: deciding without a choice is refused, naming the tie
  const decBefore = snap();
  r = refused(canbo(['eval', 'decide', UNIT, '--month', MONTH, '--as', 'CB000310', '--db', db]),
    /đồng điểm ở ranh giới hạn mức; canbo không tự chọn/, 'unresolved tie');
  assert.match(r.stderr, /2 người cùng 93 điểm — .*\(CB000315\), .*\(CB000324\) — chỉ được chọn 1 người xếp loại A/);
  // both tied people: over the quota, refused with the allowed number
  refused(canbo(['eval', 'decide', UNIT, '--month', MONTH, '--as', 'CB000310', '--grant', 'CB000315,CB000324',
    '--reason', 'Cả hai xuất sắc', '--db', db]), /tối đa 4/, 'decision over the quota');
  refused(canbo(['eval', 'decide', UNIT, '--month', MONTH, '--as', 'CB000310', '--grant', 'CB000324', '--db', db]),
    /Cần ghi lý do/, 'choice without a reason');
  refused(canbo(['eval', 'decide', UNIT, '--month', MONTH, '--as', 'CB000310', '--grant', 'CB000312',
    '--reason', 'x', '--db', db]), /không đủ điểm xếp loại A/, 'grant to a non-candidate');
  assert.equal(snap(), decBefore, 'refused decisions change nothing');
  r = ok(canbo(['eval', 'decide', UNIT, '--month', MONTH, '--as', 'CB000310', '--grant', 'CB000324',
    '--reason', 'Có sáng kiến được Phòng GD công nhận', '--db', db]), 'decide the kindergarten');
  assert.match(r.stdout, /Đã quyết định xếp loại tháng .*: 16 người trong 1 danh sách/);
  assert.match(r.stdout, /Đã xếp loại A: 4 người/);
  const grade = (code) => q(`SELECT grade_code || '|' || COALESCE(grade_reason, '') || '|' || COALESCE(decision_reason, '')
                              FROM evaluations e JOIN people p ON p.id = e.person_id WHERE p.code = '${code}'`);
  assert.equal(grade('CB000324'), 'A||Có sáng kiến được Phòng GD công nhận');
  assert.match(grade('CB000315'), /^B\|Đủ điểm xếp loại A nhưng ngoài hạn mức của đơn vị: xếp loại B\|Có sáng kiến/);
  assert.equal(grade('CB000313').split('|')[0], 'A');
  assert.equal(grade('CB000322').split('|')[0], 'D');
  assert.equal(q(`SELECT COUNT(*) FROM evaluations e JOIN people p ON p.id = e.decider_id WHERE p.code = 'CB000310' AND grade_code = 'A'`), '4');

  // 8. the other lists; Decree 335 counts HTT after the decision (one HTXS
  //    needs five HTT in the same group); the reprimanded civil servant is KHT
  r = ok(canbo(['eval', 'decide', UNIT, '--month', MONTH, '--as', 'CB000294', '--db', db]), 'decide Phòng Kinh tế');
  assert.equal(grade('CB000298').split('|')[0], 'HTXS');
  assert.match(grade('CB000301'), /^HTT\|Đủ điểm xếp loại HTXS nhưng ngoài hạn mức/);
  assert.equal(grade('CB000299'), 'KHT|Bị kỷ luật từ hình thức khiển trách trở lên trong năm đánh giá|');
  for (const head of ['CB000302', 'CB000285', 'CB000282', 'CB000001']) {
    r = canbo(['eval', 'decide', UNIT, '--month', MONTH, '--as', head, '--db', db]);
    assert.equal(r.code, 0, `decide ${head}: ${r.stderr}`);
  }
  assert.equal(q("SELECT COUNT(*) FROM evaluations WHERE status = 'decided'"), '46');
  // the leader's results part draws on the unit: Phòng Kinh tế has a KHT,
  // so its head's unit part is 50%: KQ_SP = 70 × (82,86% + 50% + 100%) / 3 = 54,33
  assert.equal(q(`SELECT s.points FROM evaluation_scores s JOIN evaluations e ON e.id = s.evaluation_id
                  JOIN people p ON p.id = e.person_id WHERE p.code = 'CB000294' AND s.step = 'final' AND s.criterion = 'KQ_SP'`), '5433');
  assert.equal(q("SELECT final_total FROM evaluations e JOIN people p ON p.id = e.person_id WHERE p.code = 'CB000294'"), '8133');
  // every 3814 list keeps A within 30% of the people rated
  for (const row of q(`SELECT e.decider_id || '|' || COUNT(*) || '|' || SUM(CASE WHEN e.grade_code = 'A' THEN 1 ELSE 0 END) FROM evaluations e
                        JOIN framework_versions f ON f.id = e.framework_version_id WHERE f.code = 'HN-3814' GROUP BY e.decider_id`).split('\n')) {
    const [, n, a] = row.split('|').map(Number);
    assert.ok(a <= Math.floor(0.3 * n), `A ${a} of ${n}`);
  }

  // 9. publish; a person objects within the window; the head answers
  for (const head of ['CB000310', 'CB000294', 'CB000302', 'CB000285', 'CB000282', 'CB000001']) {
    r = canbo(['eval', 'publish', UNIT, '--month', MONTH, '--as', head, '--db', db]);
    assert.equal(r.code, 0, `publish ${head}: ${r.stderr}`);
  }
  assert.equal(q("SELECT COUNT(*) FROM evaluations WHERE status = 'published' AND objection_until IS NOT NULL"), '46');
  refused(canbo(['eval', 'object', 'CB000315', '--month', MONTH, '--as', 'CB000316', '--reason', 'x', '--db', db]),
    /Chỉ chính .* \(CB000315\) được kiến nghị/, 'objection by someone else');
  ok(canbo(['eval', 'object', 'CB000315', '--month', MONTH, '--as', 'CB000315', '--reason', 'Tôi có cùng điểm với người được chọn', '--db', db]), 'object');
  refused(canbo(['eval', 'object', 'CB000315', '--month', MONTH, '--as', 'CB000315', '--reason', 'lần hai', '--db', db]),
    /đã có một kiến nghị đang chờ trả lời/, 'second objection');
  r = ok(canbo(['eval', 'lock', UNIT, '--month', MONTH, '--as', 'CB000310', '--db', db]), 'lock with an open objection');
  assert.match(r.stdout, /Đã khóa 15 bản đánh giá/);
  assert.match(r.stdout, /Còn 1 bản có kiến nghị chưa trả lời: chưa khóa/);
  refused(canbo(['eval', 'answer', 'CB000315', '--month', MONTH, '--as', 'CB000294', '--reason', 'x', '--db', db]),
    /Chỉ người quyết định xếp loại/, 'answer by the wrong head');
  // giving A on top of the four is over the quota
  refused(canbo(['eval', 'answer', 'CB000315', '--month', MONTH, '--as', 'CB000310', '--reason', 'x', '--top', '--db', db]),
    /tối đa 4/, 'answer over the quota');
  r = ok(canbo(['eval', 'answer', 'CB000315', '--month', MONTH, '--as', 'CB000310', '--score', 'THUONG=6',
    '--reason', 'Bổ sung điểm thưởng do có bài viết được đăng', '--db', db]), 'answer');
  assert.match(r.stdout, /tổng 94 điểm, xếp loại B/);
  assert.equal(q(`SELECT outcome || '|' || answer FROM objections`), 'changed|Bổ sung điểm thưởng do có bài viết được đăng');
  r = ok(canbo(['eval', 'lock', UNIT, '--month', MONTH, '--db', db]), 'lock everything');
  assert.equal(q("SELECT COUNT(*) FROM evaluations WHERE status = 'locked'"), '46');

  // 10. reopening: the head only, with a reason; back to reviewed
  refused(canbo(['eval', 'reopen', 'CB000322', '--month', MONTH, '--as', 'CB000322', '--reason', 'x', '--db', db]),
    /Chỉ người quyết định xếp loại/, 'reopen by the person');
  refused(canbo(['eval', 'reopen', 'CB000322', '--month', MONTH, '--as', 'CB000310', '--db', db]),
    /phải có lý do/, 'reopen without a reason');
  ok(canbo(['eval', 'reopen', 'CB000322', '--month', MONTH, '--as', 'CB000310', '--reason', 'Nhập nhầm điểm', '--db', db]), 'reopen');
  assert.equal(q("SELECT e.status || '|' || COALESCE(e.grade_code, '-') FROM evaluations e JOIN people p ON p.id = e.person_id WHERE p.code = 'CB000322'"), 'reviewed|-');
  ok(canbo(['eval', 'decide', UNIT, '--month', MONTH, '--as', 'CB000310', '--db', db]), 'decide again');
  assert.equal(grade('CB000322').split('|')[0], 'D');
  assert.equal(q(`SELECT COUNT(*) FROM evaluations e JOIN people p ON p.id = e.decider_id WHERE p.code = 'CB000310' AND grade_code = 'A'`), '4');
  ok(canbo(['eval', 'publish', UNIT, '--month', MONTH, '--as', 'CB000310', '--db', db]), 'publish again');
  ok(canbo(['eval', 'lock', UNIT, '--month', MONTH, '--as', 'CB000310', '--db', db]), 'lock again');

  // 11. what people see: the status, the list (also CSV), one person's sheet and history
  r = ok(canbo(['period', 'status', UNIT, '--month', MONTH, '--db', db]), 'status');
  assert.match(r.stdout, /46 bản đánh giá/);
  assert.match(r.stdout, /Đã khóa\s+46/);
  r = ok(canbo(['eval', 'show', 'CB000296', '--month', MONTH, '--db', db]), 'show');
  assert.match(r.stdout, /KQ_SP .* 58\s+55\s+55\s+Chậm báo cáo tổng hợp, phải làm lại/);
  assert.match(r.stdout, /Xếp loại: HTT — Hoàn thành tốt nhiệm vụ/);
  assert.match(r.stdout, /Nhận xét, đánh giá\s+cli:\S+ với tư cách CB000294/);
  const csv = path.join(dir, 'thang.csv');
  r = ok(canbo(['eval', 'list', UNIT, '--month', MONTH, '--csv', csv, '--db', db]), 'list csv');
  const lines = fs.readFileSync(csv, 'utf8').trim().split('\r\n');
  assert.equal(lines.length, 47);
  assert.equal(lines[0], 'Mã,Họ và tên,Đơn vị,Chức vụ,Phân loại,Lãnh đạo,Trạng thái,Tự đánh giá,Nhận xét,Điểm cuối cùng,Xếp loại,Mức xếp loại,Lý do,Ngày công tác,Biến động');
  assert.ok(lines.some((l) => l.startsWith('CB000299,') && l.includes(',KHT,Không hoàn thành nhiệm vụ,Bị kỷ luật')));
  const hist = path.join(dir, 'ls.csv');
  ok(canbo(['eval', 'history', 'CB000324', '--csv', hist, '--db', db]), 'history csv');
  assert.match(fs.readFileSync(hist, 'utf8'), new RegExp(`^${MONTH.replace('/', '\\/')},CB000324,.*,A,Hoàn thành xuất sắc nhiệm vụ,`, 'm'));

  // 12. every step is in the audit log and the chain is whole
  assert.ok(Number(q("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'eval.%'")) > 100);
  ok(canbo(['audit', 'verify', '--db', db]), 'audit verify');
  fs.rmSync(dir, { recursive: true });
});

test('a past month: late steps are flagged; opening is idempotent around progressed evaluations', () => {
  const dir = tmpdir();
  const db = path.join(dir, 'demo.db');
  ok(canbo(['demo', '--db', db]), 'demo');
  const q = (s) => sql(db, s);
  ok(canbo(['period', 'open', 'X-DA', '--month', '01/2026', '--db', db]), 'open');
  const n = Number(q('SELECT COUNT(*) FROM evaluations'));
  assert.ok(n > 20);
  let r = ok(canbo(['eval', 'autoscore', 'X-DA', '--month', '01/2026', '--seed', '3', '--db', db]), 'autoscore');
  assert.match(r.stdout, new RegExp(`Đã chấm tự động ${n} bản`));
  // every self-assessment of January 2026 is late (deadline 05/02/2026)
  assert.equal(q("SELECT COUNT(*) FROM evaluations WHERE late & 1 = 1"), String(n));
  assert.equal(q("SELECT COUNT(*) FROM evaluation_steps WHERE step = 'self' AND late = 1 AND due = '2026-02-05'"), String(n));
  r = ok(canbo(['period', 'status', 'X-DA', '--month', '01/2026', '--db', db]), 'status');
  assert.match(r.stdout, new RegExp(`Làm muộn hạn:\\s+tự đánh giá ${n}`));
  assert.match(r.stdout, new RegExp(`Quá hạn chưa làm: tự đánh giá 0, nhận xét ${n}`));
  // a newcomer joins on 20/01: re-opening adds them and leaves the others alone
  ok(canbo(['person', 'assign', 'CB000001', '--unit', 'X-DA-KT', '--position', 'Chuyên viên', '--from', '20/01/2026', '--db', db]), 'assign');
  r = ok(canbo(['period', 'open', 'X-DA', '--month', '01/2026', '--db', db]), 'reopen period');
  assert.match(r.stdout, new RegExp(`Đã sang bước sau, giữ nguyên\\s+${n}`));
  // the city chair held the city post 19 days and X-DA-KT 12: evaluated at the city, not here
  assert.match(r.stdout, /Đánh giá ở đơn vị khác\/kỳ khác\s+1/);
  ok(canbo(['person', 'assign', 'CB000002', '--unit', 'X-DA-KT', '--position', 'Chuyên viên', '--from', '10/01/2026', '--db', db]), 'assign 2');
  r = ok(canbo(['period', 'open', 'X-DA', '--month', '01/2026', '--db', db]), 'reopen period 2');
  assert.match(r.stdout, /Bản đánh giá mới\s+1/);
  assert.equal(q("SELECT days_in_post || '|' || membership FROM evaluations e JOIN people p ON p.id = e.person_id WHERE p.code = 'CB000002'"),
    '22|Chuyển từ HN đến từ ngày 10/01/2026');
  fs.rmSync(dir, { recursive: true });
});
