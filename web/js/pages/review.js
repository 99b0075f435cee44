// Nhận xét: the reviewer's team for the month — everyone whose evaluation
// they review, with the self-assessment and the reviewer's score side by
// side; a changed score needs a reason; after saving, the next person who
// still needs a review opens.
import { get, post } from '../api.js';
import { errorBox, h, monthLabel, num, toast } from '../fmt.js';
import { bandsOf, scoreForm, stepsList } from './scores.js';

// The month to work on (the newest opened) and the root of the tree the
// user sees: the team list is filtered by the server to whom they review.
export async function monthAndRoot(params) {
  const [periods, units] = await Promise.all([get('/periods?limit=50'), get('/units?limit=1')]);
  const months = [...new Set((periods.items || []).map((p) => p.month))];
  const month = params.get('thang') && months.includes(params.get('thang')) ? params.get('thang') : months[0];
  return { month, months, root: units.items && units.items[0] ? units.items[0].code : null };
}

const WAITING = new Set(['self_assessed']);

export async function render(ctx) {
  const { month, months, root } = await monthAndRoot(ctx.params);
  if (!month) return [h('h1', 'Nhận xét'), h('p.notice', 'Chưa có kỳ đánh giá nào được mở.')];
  const me = ctx.me.person.code;
  const list = await get(`/evaluations?unit=${encodeURIComponent(root)}&month=${month}&limit=1000`);
  const team = (list.items || []).filter((x) => x.reviewer && x.reviewer.code === me && x.person.code !== me);
  const [y, m] = month.split('-');
  const picker = h('select#month.w10', { onchange: () => ctx.go(`/nhan-xet?thang=${picker.value}`) },
    months.map((mm) => h('option', { value: mm, selected: mm === month }, mm.split('-').reverse().join('/'))));
  const head = [h('h1', `Nhận xét ${monthLabel(y, m)}`),
    h('div.row', h('label', { for: 'month' }, 'Tháng'), picker)];
  if (!team.length) return [...head, h('p.notice', 'Tháng này bạn không phải nhận xét ai.')];

  const waiting = team.filter((x) => WAITING.has(x.status)).length;
  const detail = h('section.card', { 'aria-live': 'polite' });
  const items = team.map((x) => {
    const btn = h('button.link', { type: 'button', onclick: () => open(x.id) }, x.person.name);
    return { x, row: h('tr', h('td', btn), h('td.num', num(x.self_total)), h('td.num', num(x.review_total)),
      h('td', h(`span.badge${x.status === 'pending' ? '.late' : ''}`, x.status_label))) };
  });
  const table = h('div.table-wrap', h('table',
    h('caption.sr-only', 'Những người bạn nhận xét'),
    h('thead', h('tr', ['Họ và tên', 'Tự chấm', 'Nhận xét', 'Trạng thái'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', items.map((i) => i.row))));

  async function open(id) {
    items.forEach((i) => i.row.classList.toggle('sel', i.x.id === id));
    detail.replaceChildren(h('p.loading', 'Đang tải…'));
    let ev;
    try {
      ev = await get(`/evaluations/${id}`);
    } catch (e) {
      return detail.replaceChildren(errorBox(e));
    }
    const bands = await bandsOf(ev.framework);
    const title = h('h2', ev.person.name);
    const sub = h('p.sub', `${ev.position || ''} — ${ev.unit ? ev.unit.name : ''}`);
    const idx = items.findIndex((i) => i.x.id === id);
    const next = () => {
      const after = items.slice(idx + 1).concat(items.slice(0, idx)).find((i) => WAITING.has(i.x.status));
      if (after) open(after.x.id);
      else detail.replaceChildren(h('p.okmsg', 'Bạn đã nhận xét xong mọi người trong danh sách.'));
    };
    if (ev.status === 'pending') {
      detail.replaceChildren(title, sub, h('p.notice', 'Người này chưa tự đánh giá. Bạn nhận xét được sau khi họ gửi tự đánh giá.'),
        h('button.secondary', { type: 'button', onclick: next }, 'Người tiếp theo ›'));
      return;
    }
    if (ev.status !== 'self_assessed' && ev.status !== 'reviewed') {
      detail.replaceChildren(title, sub, h('p', `Trạng thái: ${ev.status_label}. Không còn nhận xét được nữa.`), stepsList(ev));
      return;
    }
    const form = scoreForm(ev, bands, 'review');
    const err = h('div');
    const btn = h('button', { type: 'submit' }, ev.status === 'reviewed' ? 'Lưu lại nhận xét' : 'Đồng ý và lưu nhận xét');
    detail.replaceChildren(title, sub,
      h('p.small.muted', 'Điểm tự chấm được điền sẵn. Giữ nguyên là đồng ý; đổi điểm thì ghi lý do.'),
      h('form', {
        onsubmit: async (evt) => {
          evt.preventDefault();
          err.replaceChildren();
          let scores;
          try { scores = form.collect(); } catch (e) { return err.replaceChildren(errorBox(e)); }
          btn.disabled = true;
          try {
            const r = await post(`/evaluations/${ev.id}/review`, { scores, version: ev.version });
            toast(`Đã lưu nhận xét: ${ev.person.name}, ${num(r.outcome.total)} điểm`);
            const it = items[idx];
            it.x.status = r.evaluation.status;
            it.x.review_total = r.outcome.total;
            it.row.replaceWith(it.row = h('tr', h('td', h('button.link', { type: 'button', onclick: () => open(it.x.id) }, it.x.person.name)),
              h('td.num', num(it.x.self_total)), h('td.num', num(r.outcome.total)), h('td', h('span.badge', r.evaluation.status_label))));
            next();
          } catch (e) {
            err.replaceChildren(errorBox(e));
            btn.disabled = false;
          }
        },
      }, form.node, err, h('div.total', h('span', 'Tổng: '), form.totalEl, form.gradeEl, h('span.grow'),
        h('button.secondary', { type: 'button', onclick: next }, 'Bỏ qua ›'), btn)));
    detail.querySelector('input:not([disabled])')?.focus();
  }

  const first = items.find((i) => WAITING.has(i.x.status)) || items[0];
  open(first.x.id);
  return [...head, h('p', `${team.length} người, ${waiting} người đang chờ bạn nhận xét.`), table, h('div.mt'), detail];
}
