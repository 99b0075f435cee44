// A whole month in three browsers: a staff member on a phone self-assesses,
// the reviewer changes one score with a reason, the head meets a tie at the
// quota boundary, is refused when choosing both, chooses one with a reason,
// publishes; the staff member objects, the head answers and locks.
// Every step is checked in the database.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fixture } from '../api/fixture.mjs';
import { listOf, selfAndReview } from '../api/matrix/eval.mjs';
import { DESKTOP, PHONE, launch, shot, signInUI, sql } from './helpers.mjs';

let fx, browser, staff, reviewer, head;
const ev = (code, col) => sql(fx.db, `SELECT e.${col} FROM evaluations e JOIN people p ON p.id = e.person_id WHERE p.code = '${code}' AND e.year = 2026 AND e.month = 11`);

before(async () => {
  fx = await fixture();
  // everyone else in the head's lists: self-assessed and reviewed through
  // the API, with distinct totals; CB000190 gets exactly 90, the top band's
  // floor — the staff member will tie with them
  const others = listOf(fx, fx.codes.head).filter((c) => c !== fx.codes.staff);
  await selfAndReview(fx, others, (code, c) => {
    if (code === 'CB000190') return c.code === 'YT' ? 20 : c.code === 'KQ' ? 70 : Math.round(c.max * 60) / 100;
    const i = others.indexOf(code);
    return Math.round(c.max * (60 + i * 0.7)) / 100;
  });
  browser = await launch();
  staff = await (await browser.newContext(PHONE)).newPage();
  reviewer = await (await browser.newContext(DESKTOP)).newPage();
  head = await (await browser.newContext(DESKTOP)).newPage();
  await signInUI(staff, fx.srv.url, fx.users.staff);
  await signInUI(reviewer, fx.srv.url, fx.users.reviewer);
  await signInUI(head, fx.srv.url, fx.users.head);
});
after(async () => {
  await browser.close();
  await fx.stop();
});

test('the staff member self-assesses on a phone, with the running total', async () => {
  await staff.goto(fx.srv.url + '/thang');
  await staff.locator('#c-YT').waitFor();
  await staff.fill('#c-YT', '20');
  await staff.fill('#c-KQ', '68');
  await staff.fill('#c-THUONG', '4');
  assert.match(await staff.locator('.total').textContent(), /92 điểm/);
  assert.match(await staff.locator('.total').textContent(), /Hoàn thành xuất sắc nhiệm vụ/);
  // a score above the maximum is refused before anything is sent
  await staff.fill('#c-KQ', '71');
  await staff.getByRole('button', { name: 'Gửi tự đánh giá' }).click();
  assert.match(await staff.getByRole('alert').textContent(), /từ 0 đến 70/);
  assert.equal(ev(fx.codes.staff, 'status'), 'pending');
  await staff.fill('#c-KQ', '68');
  await shot(staff, 'thang-cua-toi-dien-thoai');
  await staff.getByRole('button', { name: 'Gửi tự đánh giá' }).click();
  await staff.getByText('Bạn đã tự đánh giá').waitFor();
  assert.equal(ev(fx.codes.staff, 'status'), 'self_assessed');
  assert.equal(ev(fx.codes.staff, 'self_total'), '9200');
  const overflow = await staff.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page wider than the phone by ${overflow}px`);
});

test('the reviewer changes one score, and must give a reason', async () => {
  await reviewer.goto(fx.srv.url + '/nhan-xet');
  await reviewer.locator('#c-KQ').waitFor();
  assert.match(await reviewer.locator('section.card h2').textContent(), /Nguyễn Bá Tâm/);
  assert.equal(await reviewer.inputValue('#c-KQ'), '68');
  await reviewer.fill('#c-KQ', '66');
  await reviewer.getByRole('button', { name: /lưu nhận xét/ }).click();
  assert.match(await reviewer.getByRole('alert').textContent(), /Cần ghi lý do/);
  assert.equal(ev(fx.codes.staff, 'status'), 'self_assessed');
  await reviewer.fill('#c-KQ-why', 'Báo cáo quý nộp chậm hai ngày');
  await shot(reviewer, 'nhan-xet');
  await reviewer.getByRole('button', { name: /lưu nhận xét/ }).click();
  await reviewer.getByText(/Đã lưu nhận xét|nhận xét xong/).first().waitFor();
  assert.equal(ev(fx.codes.staff, 'status'), 'reviewed');
  assert.equal(ev(fx.codes.staff, 'review_total'), '9000');
  assert.match(sql(fx.db, "SELECT source FROM audit_log WHERE actor = 'user:truongphong' ORDER BY id DESC LIMIT 1"), /127\.0\.0\.1/);
});

test('the head meets a tie, is refused past the quota, then chooses with a reason', async () => {
  await head.goto(fx.srv.url + '/quyet-dinh');
  await head.getByText(/cùng 90 điểm ở ranh giới/).waitFor();
  await head.check(`#top-${fx.codes.staff}`);
  await head.check('#top-CB000190');
  assert.match(await head.locator('.meter.over + p').first().textContent(), /VƯỢT TỶ LỆ/);
  await head.fill('#reason', 'Cả hai đều xuất sắc');
  await head.getByRole('button', { name: 'Quyết định xếp loại' }).click();
  assert.match(await head.getByRole('alert').textContent(), /Vượt tỷ lệ/);
  assert.equal(ev(fx.codes.staff, 'status'), 'reviewed');
  assert.equal(sql(fx.db, "SELECT COUNT(*) FROM evaluations WHERE status = 'decided'"), '0');
  await head.uncheck('#top-CB000190');
  await head.fill('#reason', 'Chọn người có sản phẩm vượt kế hoạch rõ nhất');
  await shot(head, 'quyet-dinh');
  await head.getByRole('button', { name: 'Quyết định xếp loại' }).click();
  await head.getByRole('button', { name: 'Công khai kết quả trong đơn vị' }).waitFor();
  assert.equal(ev(fx.codes.staff, 'status'), 'decided');
  assert.equal(ev(fx.codes.staff, 'grade_code'), 'A');
  assert.notEqual(ev('CB000190', 'grade_code'), 'A');
  await head.getByRole('button', { name: 'Công khai kết quả trong đơn vị' }).click();
  await head.getByRole('button', { name: 'Khoá kết quả tháng' }).waitFor();
  assert.equal(ev(fx.codes.staff, 'status'), 'published');
});

test('the staff member objects, the head answers and locks the month', async () => {
  await staff.goto(fx.srv.url + '/thang');
  await staff.getByLabel(/Kiến nghị về kết quả/).fill('Báo cáo quý nộp đúng hạn theo văn bản gia hạn');
  await staff.getByRole('button', { name: 'Gửi kiến nghị' }).click();
  await staff.getByText('Đang chờ thủ trưởng trả lời.').waitFor();
  assert.equal(ev(fx.codes.staff, 'objection_until') !== '', true);
  assert.equal(sql(fx.db, 'SELECT COUNT(*) FROM objections'), '1');

  await head.goto(fx.srv.url + '/quyet-dinh');
  await head.getByText('Kiến nghị chờ trả lời').waitFor();
  await head.getByLabel('Trả lời').fill('Đã kiểm tra văn bản gia hạn; giữ nguyên kết quả');
  await head.getByRole('button', { name: 'Gửi trả lời' }).click();
  await head.getByRole('button', { name: 'Khoá kết quả tháng' }).waitFor();
  await head.getByRole('button', { name: 'Khoá kết quả tháng' }).click();
  await head.getByText('Đã khoá kỳ đánh giá').waitFor();
  assert.equal(ev(fx.codes.staff, 'status'), 'locked');

  await staff.goto(fx.srv.url + '/thang');
  await staff.getByText('Kết quả đã khoá.').waitFor();
  assert.match(await staff.textContent('main'), /Giữ nguyên kết quả|giữ nguyên kết quả/);
  await shot(staff, 'ket-qua-thang-dien-thoai');
  const v = sql(fx.db, "SELECT COUNT(*) FROM audit_log WHERE actor IN ('user:nhanvien','user:truongphong','user:chutich') AND action LIKE 'eval.%'");
  assert.ok(Number(v) >= 6, `audit rows by the three: ${v}`);
});
