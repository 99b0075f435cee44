// Nhân sự: search people without diacritics, filter by unit and category,
// Vietnamese name order, paging; one person's record and posts; the record's
// change history.
import { get } from '../api.js';
import { date, endDate, errorBox, h, int } from '../fmt.js';

const PAGE = 50;
const CATS = [['', 'Tất cả'], ['CB', 'Cán bộ'], ['CC', 'Công chức'], ['VC', 'Viên chức'], ['LDHD', 'Lao động hợp đồng']];

export async function render(ctx) {
  if (ctx.rest) return person(ctx, ctx.rest);
  return list(ctx);
}

function list(ctx) {
  const p = ctx.params;
  const q = h('input#q', { type: 'search', value: p.get('q') || '', placeholder: 'Ví dụ: nguyen van an', autocomplete: 'off' });
  const unit = h('input#unit', { value: p.get('unit') || '', placeholder: 'Mã đơn vị, ví dụ P-HK', autocomplete: 'off', autocapitalize: 'characters' });
  const cat = h('select#cat', CATS.map(([v, l]) => h('option', { value: v, selected: (p.get('category') || '') === v }, l)));
  const out = h('div', { 'aria-live': 'polite' });
  let offset = Number(p.get('offset') || 0);

  async function load() {
    const qs = new URLSearchParams();
    if (q.value.trim()) qs.set('q', q.value.trim());
    if (unit.value.trim()) { qs.set('unit', unit.value.trim().toUpperCase()); qs.set('subtree', 'true'); }
    if (cat.value) qs.set('category', cat.value);
    qs.set('limit', PAGE);
    qs.set('offset', offset);
    history.replaceState({}, '', `/nhan-su?${qs}`);
    out.replaceChildren(h('p.loading', 'Đang tìm…'));
    try {
      const r = await get(`/people?${qs}`);
      out.replaceChildren(table(r), pager(r));
    } catch (e) {
      out.replaceChildren(errorBox(e));
    }
  }

  function table(r) {
    if (!r.items.length) return h('p.notice', 'Không tìm thấy ai. Thử bỏ bớt điều kiện, hoặc gõ không dấu.');
    return h('div.table-wrap', h('table',
      h('caption.sr-only', 'Danh sách cán bộ theo thứ tự tên'),
      h('thead', h('tr', ['Họ và tên', 'Mã', 'Ngày sinh', 'Phân loại', 'Chức vụ', 'Đơn vị'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', r.items.map((x) => h('tr',
        h('td', h('a', { href: `/nhan-su/${encodeURIComponent(x.code)}` }, x.full_name)),
        h('td', x.code),
        h('td.num', date(x.birth_date)),
        h('td', x.category_label || x.category || ''),
        h('td', x.position || ''),
        h('td', x.unit ? x.unit.name : ''))))));
  }

  function pager(r) {
    const from = r.total ? r.offset + 1 : 0, to = r.offset + r.items.length;
    return h('div.row.mt',
      h('span.grow.muted', `${int(from)}–${int(to)} trong ${int(r.total)} người`),
      h('button.secondary', { type: 'button', disabled: r.offset === 0, onclick: () => { offset = Math.max(0, offset - PAGE); load(); } }, '‹ Trang trước'),
      h('button.secondary', { type: 'button', disabled: to >= r.total, onclick: () => { offset += PAGE; load(); } }, 'Trang sau ›'));
  }

  const form = h('form.card', { role: 'search', onsubmit: (ev) => { ev.preventDefault(); offset = 0; load(); } },
    h('div.row',
      h('div.grow', h('label', { for: 'q' }, 'Tìm theo tên hoặc mã (không cần gõ dấu)'), q),
      h('div', h('label', { for: 'unit' }, 'Đơn vị (gồm cả cấp dưới)'), unit),
      h('div', h('label', { for: 'cat' }, 'Phân loại'), cat)),
    h('p', h('button', { type: 'submit' }, 'Tìm')));
  load();
  return [h('h1', 'Nhân sự'), form, out];
}

async function person(ctx, code) {
  let p;
  try {
    p = await get(`/people/${encodeURIComponent(code)}`);
  } catch (e) {
    return [h('h1', 'Hồ sơ cán bộ'), errorBox(e), h('p', h('a', { href: '/nhan-su' }, '‹ Danh sách'))];
  }
  const L = p.labels || {};
  const rows = [
    ['Mã', p.code], ['Ngày sinh', date(p.birth_date)], ['Giới tính', L.gender], ['Dân tộc', p.ethnicity],
    ['Quê quán', p.home_town], ['Phân loại', L.category], ['Ngạch', p.rank_name && `${p.rank_name} (${p.rank_code || ''})`],
    ['Bậc, hệ số lương', p.salary_step && `Bậc ${p.salary_step}, hệ số ${String(p.salary_coef).replace('.', ',')}${p.salary_from ? ` từ ${date(p.salary_from)}` : ''}`],
    ['Trình độ chuyên môn', [L.degree, p.major].filter(Boolean).join(', ')], ['Lý luận chính trị', L.political_theory],
    ['Quản lý nhà nước', L.state_management], ['Tin học', p.it_level], ['Ngoại ngữ', p.language],
    ['Ngày vào Đảng', date(p.party_joined)], ['Ngày chính thức', date(p.party_official)],
    ['Trạng thái', [L.status, p.status_from && `từ ${date(p.status_from)}`].filter(Boolean).join(' ')],
  ].filter(([, v]) => v);
  const posts = h('div.table-wrap', h('table',
    h('caption.sr-only', 'Quá trình công tác'),
    h('thead', h('tr', ['Từ ngày', 'Đến ngày', 'Đơn vị', 'Chức vụ', 'Loại', 'Quyết định'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', (p.posts || []).slice().reverse().map((a) => h('tr',
      h('td.num', date(a.valid_from)), h('td.num', a.valid_to ? endDate(a.valid_to) : 'nay'),
      h('td', a.unit.name), h('td', a.position || ''), h('td', a.kind_label || a.kind), h('td', a.decision_no || ''))))));
  const hist = h('div');
  const showHist = h('button.secondary', {
    type: 'button',
    onclick: async () => {
      showHist.disabled = true;
      const { auditList } = await import('./audit.js');
      hist.replaceChildren(await auditList('person', p.code));
    },
  }, 'Xem lịch sử thay đổi hồ sơ');
  return [
    h('p', h('a', { href: '/nhan-su' }, '‹ Danh sách')),
    h('h1', p.full_name),
    h('p.sub', [p.posts && p.posts.filter((a) => !a.valid_to).map((a) => `${a.position || ''} — ${a.unit.name}`).join('; ')]),
    h('div.card', h('dl', rows.map(([k, v]) => [h('dt.muted.small', k), h('dd', v)]))),
    h('h2', 'Quá trình công tác'), posts,
    h('h2', 'Lịch sử thay đổi'), h('p', showHist), hist,
  ];
}
