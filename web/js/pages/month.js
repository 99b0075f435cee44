// Tháng của tôi: the signed-in person's evaluation of the month — tasks,
// self-assessment against the criteria with the running total and grade,
// submit; the result once published, and an objection within the window;
// the past months.
import { get, post } from '../api.js';
import { date, errorBox, h, monthLabel, num, toast } from '../fmt.js';
import { bandsOf, gradeBadge, scoreForm, stepsList } from './scores.js';

const STATUS_HELP = {
  pending: 'Bạn chưa tự đánh giá tháng này.',
  self_assessed: 'Bạn đã tự đánh giá; đang chờ người quản lý trực tiếp nhận xét. Bạn vẫn sửa được cho đến khi được nhận xét.',
  reviewed: 'Người quản lý đã nhận xét; đang chờ thủ trưởng quyết định xếp loại.',
  decided: 'Thủ trưởng đã quyết định; kết quả sẽ được công khai.',
  published: 'Kết quả đã công khai. Nếu chưa đồng ý, bạn có thể kiến nghị trong thời hạn.',
  locked: 'Kết quả đã khoá.',
};

export async function render(ctx) {
  const code = ctx.me.person.code;
  const hist = await get(`/evaluations?person=${encodeURIComponent(code)}`);
  const items = hist.items || [];
  if (!items.length)
    return [h('h1', 'Tháng của tôi'), h('p.notice', 'Chưa có kỳ đánh giá nào được mở cho bạn. Khi cán bộ tổ chức mở kỳ, phiếu đánh giá sẽ hiện ở đây.')];
  const wanted = ctx.rest || null; // "2026-10": a past month
  const cur = (wanted && items.find((x) => x.month === wanted)) || items[items.length - 1];
  const ev = await get(`/evaluations/${cur.id}`);
  const bands = await bandsOf(ev.framework);
  const [y, m] = ev.month.split('-');
  const parts = [h('h1', `Đánh giá ${monthLabel(y, m)}`),
    h('p.sub', `${ev.framework ? ev.framework.name : ''}`)];
  parts.push(h('div.card', h('p', STATUS_HELP[ev.status] || ev.status_label),
    h('p.small.muted', `Người nhận xét: ${ev.reviewer ? ev.reviewer.name : '—'} · Người quyết định: ${ev.decider ? ev.decider.name : '—'}`)));

  // tasks of the month
  const tasks = h('div');
  parts.push(h('h2', 'Nhiệm vụ, sản phẩm trong tháng'), tasks);
  get(`/tasks?person=${encodeURIComponent(code)}&month=${ev.month}`).then((t) => {
    const list = t.items || [];
    if (!list.length) return tasks.replaceChildren(h('p.muted', 'Không có nhiệm vụ được giao qua canbo trong tháng này.'));
    tasks.replaceChildren(h('div.table-wrap', h('table',
      h('thead', h('tr', ['Nhiệm vụ', 'Hạn', 'Hoàn thành', 'Chất lượng'].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', list.map((x) => h('tr', h('td', x.title, x.product ? h('span.muted.small', ` (${x.product})`) : ''), h('td.num', date(x.deadline)),
        h('td.num', x.completed_at ? date(x.completed_at) : h('span.muted', 'chưa'), x.delays > x.delays_waived ? h('span.badge.late', ' trễ') : ''),
        h('td', x.passed === false ? (x.reviews_waived ? 'Lỗi được miễn trừ' : 'Có lỗi lớn') : x.passed ? 'Đạt' : '')))))),
      t.result ? h('p.small.muted', `Kết quả sản phẩm: số lượng ${num(t.result.quantity_percent)}%, chất lượng ${num(t.result.quality_percent)}%, tiến độ ${num(t.result.progress_percent)}% → ${num(t.result.points)}/${num(t.result.max)} điểm`) : '');
  }).catch((e) => tasks.replaceChildren(errorBox(e)));

  const editable = ev.status === 'pending' || ev.status === 'self_assessed';
  if (editable) {
    const form = scoreForm(ev, bands, 'self');
    const err = h('div');
    const btn = h('button', { type: 'submit' }, ev.status === 'pending' ? 'Gửi tự đánh giá' : 'Cập nhật tự đánh giá');
    parts.push(h('h2', 'Tự đánh giá'), h('form.card', {
      onsubmit: async (evt) => {
        evt.preventDefault();
        err.replaceChildren();
        let scores;
        try { scores = form.collect(); } catch (e) { return err.replaceChildren(errorBox(e)); }
        btn.disabled = true;
        try {
          await post(`/evaluations/${ev.id}/self`, { scores, version: ev.version });
          toast('Đã gửi tự đánh giá');
          ctx.go(location.pathname, true);
        } catch (e) {
          err.replaceChildren(errorBox(e));
          btn.disabled = false;
        }
      },
    }, form.node, err, h('div.total', h('span', 'Tổng: '), form.totalEl, form.gradeEl, h('span.grow'), btn)));
  } else {
    parts.push(h('h2', 'Kết quả'), resultCard(ev, bands));
    if (ev.status === 'published' && ev.objection_open === false && ev.objection_until && !(ev.objections || []).some((o) => !o.answer))
      parts.push(objectionForm(ctx, ev));
  }
  if ((ev.objections || []).length)
    parts.push(h('h2', 'Kiến nghị'), h('ul', ev.objections.map((o) => h('li', h('p', `Kiến nghị ngày ${date(o.at)}: ${o.reason}`),
      o.answer ? h('p.okmsg', `Trả lời ngày ${date(o.answered_at)}: ${o.answer}`) : h('p.muted', 'Đang chờ thủ trưởng trả lời.')))));
  parts.push(h('h2', 'Các bước'), stepsList(ev));
  if (items.length > 1)
    parts.push(h('h2', 'Các tháng trước'), h('div.table-wrap', h('table',
      h('thead', h('tr', ['Tháng', 'Tự chấm', 'Cuối cùng', 'Xếp loại', 'Trạng thái'].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', items.slice().reverse().map((x) => h('tr', { class: x.id === ev.id ? 'sel' : null },
        h('td', h('a', { href: `/thang/${x.month}` }, x.month.split('-').reverse().join('/'))),
        h('td.num', num(x.self_total)), h('td.num', num(x.final_total)),
        h('td', x.grade ? gradeBadge(x.grade, bands) : ''), h('td', x.status_label)))))));
  return parts;
}

function resultCard(ev, bands) {
  return h('div.card',
    h('div.table-wrap', h('table',
      h('thead', h('tr', ['Tiêu chí', 'Tối đa', 'Tự chấm', 'Nhận xét', 'Cuối cùng'].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', ev.criteria.map((c) => h('tr', h('td', c.name, c.reason ? h('div.small.muted', c.reason) : ''),
        h('td.num', num(c.max)), h('td.num', num(c.self)), h('td.num', num(c.review)), h('td.num', num(c.in_force))))))),
    h('p.mt', 'Tổng điểm: ', h('strong', num(ev.final_total ?? ev.review_total ?? ev.self_total)), ' · Xếp loại: ',
      gradeBadge(ev.grade, bands), ev.grade ? ` ${ev.grade.label}` : '',
      ev.grade && ev.grade.reason ? h('div.small.muted', ev.grade.reason) : ''));
}

function objectionForm(ctx, ev) {
  const why = h('textarea#why', { required: true, maxlength: '2000' });
  const err = h('div');
  const btn = h('button', { type: 'submit' }, 'Gửi kiến nghị');
  return h('form.card', {
    onsubmit: async (evt) => {
      evt.preventDefault();
      if (!why.value.trim()) return err.replaceChildren(errorBox(new Error('Hãy ghi rõ nội dung kiến nghị')));
      btn.disabled = true;
      try {
        await post(`/evaluations/${ev.id}/objection`, { reason: why.value.trim(), version: ev.version });
        toast('Đã gửi kiến nghị');
        ctx.go(location.pathname, true);
      } catch (e) {
        err.replaceChildren(errorBox(e));
        btn.disabled = false;
      }
    },
  }, h('label', { for: 'why' }, `Kiến nghị về kết quả (đến hết ngày ${date(ev.objection_until)})`), why, err, h('p', btn));
}
