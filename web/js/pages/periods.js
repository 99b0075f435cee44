// Kỳ đánh giá: the opened months, opening a month for a unit and everything
// under it (at once, or as a background job for a large subtree), and how far
// a month has got in a unit (counts at each step, deadlines, late steps).
import { get, post, waitJob } from '../api.js';
import { date, errorBox, h, int } from '../fmt.js';
import { monthIso, monthVn, progressBar, thisMonthVn, unitField, unitName } from './results.js';

const STATUS = [
  ['pending', 'Chờ tự đánh giá'],
  ['self_assessed', 'Đã tự đánh giá, chờ nhận xét'],
  ['reviewed', 'Đã nhận xét, chờ quyết định'],
  ['decided', 'Đã quyết định, chờ công khai'],
  ['published', 'Đã công khai'],
  ['locked', 'Đã khóa'],
];
const STEPS = [['self', 'Tự đánh giá'], ['review', 'Nhận xét, đánh giá'], ['decide', 'Quyết định xếp loại']];
const PERIOD_STATUS = { open: 'Đang mở', closed: 'Đã đóng' };

// The counts of an opening, as the command line prints them.
const OPENED = [
  ['created', 'Bản đánh giá mới'],
  ['updated', 'Cập nhật (chưa tự đánh giá)'],
  ['unchanged', 'Không đổi'],
  ['progressed', 'Đã sang bước sau, giữ nguyên'],
  ['removed', 'Bỏ (không còn thuộc diện đánh giá)'],
  ['elsewhere', 'Đánh giá ở đơn vị khác hoặc kỳ khác'],
  ['not_working', 'Không công tác trong tháng'],
  ['short_stay', 'Thời gian giữ chức vụ quá ngắn'],
  ['no_framework', 'Không có khung tiêu chí áp dụng'],
];

export async function render(ctx) {
  const p = ctx.params;
  const unitDefault = p.get('unit') || ctx.me.scope || '';
  const list = h('div', { 'aria-live': 'polite' });
  const statusOut = h('div', { 'aria-live': 'polite' });

  // ---- opening a month
  const openUnit = unitField('open-unit', unitDefault, 'Đơn vị (mở cho đơn vị và mọi đơn vị trực thuộc)');
  const openMonth = h('input#open-month.w10', { value: thisMonthVn(), inputmode: 'numeric', placeholder: 'MM/YYYY', autocomplete: 'off' });
  const openBtn = h('button', { type: 'submit' }, 'Mở kỳ đánh giá');
  const openOut = h('div', { 'aria-live': 'polite' });
  const openForm = h('form.card.mt', {
    onsubmit: async (ev) => {
      ev.preventDefault();
      const u = openUnit.code(), iso = monthIso(openMonth.value);
      if (!u) return openOut.replaceChildren(errorBox(new Error('Hãy nhập mã đơn vị')));
      if (!iso) return openOut.replaceChildren(errorBox(new Error('Tháng phải viết dạng MM/YYYY, ví dụ 12/2026')));
      openBtn.disabled = true;
      openOut.replaceChildren(h('p.loading', { role: 'status' }, `Đang mở kỳ đánh giá tháng ${monthVn(iso)}…`));
      try {
        let r = await post('/periods', { units: u, month: monthVn(iso) });
        if (r.job) {
          const bar = progressBar('Tiến độ mở kỳ đánh giá');
          openOut.replaceChildren(h('p', `Đơn vị có ${int(r.people)} người nên kỳ đánh giá được mở dần; có thể rời trang này, việc vẫn tiếp tục.`), bar.node);
          r = (await waitJob(r.job, (j) => bar.set(j, 'Đã mở'))).result;
        }
        openOut.replaceChildren(opened(r));
        loadList();
        statusUnit.input.value = u;
        statusMonth.value = monthVn(r.month || iso);
        loadStatus();
      } catch (e) {
        openOut.replaceChildren(errorBox(e));
      } finally {
        openBtn.disabled = false;
      }
    },
  },
  h('h2', 'Mở kỳ đánh giá tháng'),
  h('p.small.muted', 'Tạo bản đánh giá cho từng người đang công tác trong đơn vị và các đơn vị trực thuộc. Mở lại lần nữa thì chỉ thêm người mới đến và cập nhật những bản còn chờ tự đánh giá; không mất gì đã chấm.'),
  h('div.row',
    h('div.grow', openUnit.nodes),
    h('div', h('label', { for: 'open-month' }, 'Tháng cần mở (MM/YYYY)'), openMonth),
    h('div.end', openBtn)),
  openOut);

  // ---- the progress of a month in a unit
  const statusUnit = unitField('status-unit', unitDefault, 'Đơn vị');
  const statusMonth = h('input#status-month.w10', { value: p.get('month') || '', inputmode: 'numeric', placeholder: 'MM/YYYY', autocomplete: 'off' });

  async function loadStatus() {
    const u = statusUnit.code(), iso = monthIso(statusMonth.value);
    if (!u) return statusOut.replaceChildren(errorBox(new Error('Hãy nhập mã đơn vị')));
    if (!iso) return statusOut.replaceChildren(errorBox(new Error('Tháng phải viết dạng MM/YYYY, ví dụ 11/2026')));
    history.replaceState({}, '', `/ky?unit=${encodeURIComponent(u)}&month=${encodeURIComponent(monthVn(iso))}`);
    statusOut.replaceChildren(h('p.loading', 'Đang tải…'));
    try {
      const [s, name] = await Promise.all([get(`/periods/${iso}/status?unit=${encodeURIComponent(u)}`), unitName(u).catch(() => u)]);
      statusOut.replaceChildren(...status(s, name));
    } catch (e) {
      statusOut.replaceChildren(errorBox(e));
    }
  }
  const statusForm = h('form.card', { onsubmit: (ev) => { ev.preventDefault(); loadStatus(); } },
    h('h2', 'Tiến độ của một tháng'),
    h('div.row',
      h('div.grow', statusUnit.nodes),
      h('div', h('label', { for: 'status-month' }, 'Tháng (MM/YYYY)'), statusMonth),
      h('div.end', h('button', { type: 'submit' }, 'Xem tiến độ'))),
    statusOut);

  // ---- the opened months
  async function loadList() {
    try {
      const r = await get('/periods?limit=200');
      if (r.items.length && !statusMonth.value) statusMonth.value = monthVn(r.items[0].month);
      if (r.items.length && !statusUnit.input.value) statusUnit.input.value = r.items[0].unit.code;
      list.replaceChildren(...(r.items.length ? periodsTable(r) : [h('p.notice', 'Chưa mở kỳ đánh giá nào.')]));
    } catch (e) {
      list.replaceChildren(errorBox(e));
    }
  }

  function periodsTable(r) {
    return [h('div.table-wrap', h('table',
      h('caption.sr-only', 'Các kỳ đánh giá đã mở, mới nhất trước'),
      h('thead', h('tr', ['Tháng', 'Đơn vị', 'Trạng thái', 'Số bản đánh giá', 'Mở ngày', 'Người mở', ''].map((t, i) =>
        h(i === 3 ? 'th.num' : 'th', { scope: 'col' }, t)))),
      h('tbody', r.items.map((x) => h('tr',
        h('td.num', monthVn(x.month)),
        h('td', x.unit.name, h('div.small.muted', x.unit.code)),
        h('td', h('span.badge', PERIOD_STATUS[x.status] || x.status)),
        h('td.num', int(x.evaluations)),
        h('td.num', date(x.opened_at, true)),
        h('td.small', String(x.opened_by || '').replace(/^user:/, '').replace(/^cli:.*/, 'dòng lệnh')),
        h('td', h('button.link', {
          type: 'button',
          'aria-label': `Xem tiến độ tháng ${monthVn(x.month)} của ${x.unit.name}`,
          onclick: () => {
            statusUnit.input.value = x.unit.code;
            statusMonth.value = monthVn(x.month);
            loadStatus();
            statusForm.scrollIntoView({ block: 'start' });
          },
        }, 'Tiến độ'), ' ', h('a', { href: `/ket-qua?unit=${encodeURIComponent(x.unit.code)}&month=${encodeURIComponent(monthVn(x.month))}` }, 'Kết quả'))))))),
    r.total > r.items.length ? h('p.small.muted', `Đang hiện ${int(r.items.length)} trong ${int(r.total)} kỳ mới nhất.`) : null].filter(Boolean);
  }

  loadList().then(() => { if (statusUnit.code() && statusMonth.value) loadStatus(); });
  return [h('h1', 'Kỳ đánh giá'), h('h2', 'Các tháng đã mở'), list, openForm, statusForm];
}

function opened(r) {
  const rows = OPENED.filter(([k], i) => i === 0 || r[k]);
  return h('div.okmsg', { role: 'status' },
    h('p', h('strong', `${r.existed ? 'Đã cập nhật' : 'Đã mở'} kỳ đánh giá tháng ${monthVn(r.month)} cho ${r.units} và các đơn vị trực thuộc.`)),
    h('table', h('caption.sr-only', 'Kết quả mở kỳ'), h('tbody',
      rows.map(([k, label]) => h('tr', h('th', { scope: 'row' }, label), h('td.num', int(r[k])))),
      r.created ? h('tr', h('th', { scope: 'row' }, 'Trong đó lãnh đạo, quản lý'), h('td.num', int(r.leaders))) : null,
      h('tr', h('th', { scope: 'row' }, 'Số người thuộc diện xem xét'), h('td.num', int(r.candidates))))),
    r.no_reviewer ? h('p', `${int(r.no_reviewer)} người không có người nhận xét trong hệ thống (cấp trên ở ngoài hệ thống).`) : null);
}

function status(s, name) {
  const total = s.total || 0;
  const lateAny = STEPS.some(([k]) => (s.late && s.late[k]) || (s.overdue && s.overdue[k]));
  return [
    h('h3', `Tháng ${monthVn(s.month)} — ${name} (${s.unit}): ${int(total)} bản đánh giá`),
    h('div.table-wrap', h('table',
      h('caption.sr-only', 'Số bản đánh giá ở từng bước'),
      h('thead', h('tr', h('th', { scope: 'col' }, 'Bước'), h('th.num', { scope: 'col' }, 'Số bản'))),
      h('tbody', STATUS.map(([k, label]) => {
        const n = (s.by_status && s.by_status[k]) || 0;
        const bar = h('span');
        bar.style.width = `${total ? Math.round((100 * n) / total) : 0}%`; // CSSOM: allowed by the CSP
        return h('tr', h('th', { scope: 'row' }, label, h('div.meter.mt', { 'aria-hidden': 'true' }, bar)), h('td.num', int(n)));
      })))),
    h('h3', 'Hạn và trễ hạn'),
    h('div.table-wrap', h('table',
      h('caption.sr-only', 'Hạn của từng bước, số bản làm trễ và số bản quá hạn chưa làm'),
      h('thead', h('tr', h('th', { scope: 'col' }, 'Bước'), h('th.num', { scope: 'col' }, 'Hạn'), h('th.num', { scope: 'col' }, 'Làm trễ hạn'), h('th.num', { scope: 'col' }, 'Quá hạn, chưa làm'))),
      h('tbody', STEPS.map(([k, label]) => h('tr',
        h('th', { scope: 'row' }, label),
        h('td.num', date(s.due && s.due[k])),
        h('td.num', lateCell(s.late && s.late[k])),
        h('td.num', lateCell(s.overdue && s.overdue[k]))))))),
    lateAny ? null : h('p.small.muted', 'Không có bước nào trễ hạn.'),
    s.objections_open ? h('p.notice', `${int(s.objections_open)} kiến nghị đang chờ trả lời.`) : null,
  ].filter(Boolean);
}

function lateCell(n) {
  return n ? h('span.badge.late', int(n)) : '0';
}
