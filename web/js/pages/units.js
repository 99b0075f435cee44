// Đơn vị: the organisation tree on any date (before and after the 2025
// reform), a unit's versions and reorganisations, and where the people of
// a closed unit went.
import { get } from '../api.js';
import { date, endDate, errorBox, h, int, isoDate } from '../fmt.js';

export async function render(ctx) {
  if (ctx.rest) return unit(ctx, ctx.rest);
  return tree(ctx);
}

function today() {
  const d = new Date();
  const p = (x) => String(x).padStart(2, '0');
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()}`;
}

function tree(ctx) {
  const day = h('input#day', { value: ctx.params.get('ngay') || today(), inputmode: 'numeric', placeholder: 'dd/mm/yyyy' , class: 'w10' });
  const out = h('div', { 'aria-live': 'polite' });
  const err = h('div');
  async function load() {
    err.replaceChildren();
    const iso = isoDate(day.value);
    if (!iso) return err.replaceChildren(errorBox(new Error('Ngày phải viết dạng dd/mm/yyyy, ví dụ 30/06/2025')));
    history.replaceState({}, '', `/don-vi?ngay=${encodeURIComponent(day.value)}`);
    out.replaceChildren(h('p.loading', 'Đang tải…'));
    try {
      const r = await get(`/units?date=${iso}&people=true&limit=5000`);
      out.replaceChildren(h('p.muted', `${int(r.total)} đơn vị ngày ${date(r.date)}`), render_tree(r.items));
    } catch (e) {
      out.replaceChildren(errorBox(e));
    }
  }
  const form = h('form.card.row', { onsubmit: (ev) => { ev.preventDefault(); load(); } },
    h('div', h('label', { for: 'day' }, 'Cơ cấu tổ chức vào ngày'), day),
    h('div.end', h('button', { type: 'submit' }, 'Xem')),
    h('div.end', h('button.secondary', { type: 'button', onclick: () => { day.value = '30/06/2025'; load(); } }, 'Trước sắp xếp (30/06/2025)')));
  load();
  return [h('h1', 'Cơ cấu tổ chức'), form, err, h('div.card.tree', out)];
}

function render_tree(items) {
  const root = h('ul');
  const stack = [root];
  for (const u of items) {
    while (stack.length > u.depth + 1) stack.pop();
    const li = h('li', h('a', { href: `/don-vi/${encodeURIComponent(u.code)}` }, u.name),
      h('span.muted.small', ` ${u.code}${u.people ? ` · ${int(u.people)} người` : ''}`));
    stack[stack.length - 1].append(li);
    const ul = h('ul');
    li.append(ul);
    stack.push(ul);
  }
  root.querySelectorAll('ul:empty').forEach((u) => u.remove());
  return root;
}

async function unit(ctx, code) {
  let u, hist;
  try {
    [u, hist] = await Promise.all([get(`/units/${encodeURIComponent(code)}`), get(`/units/${encodeURIComponent(code)}/history`)]);
  } catch (e) {
    return [h('p', h('a', { href: '/don-vi' }, '‹ Cơ cấu tổ chức')), errorBox(e)];
  }
  const cur = u.unit || u;
  const parts = [
    h('p', h('a', { href: '/don-vi' }, '‹ Cơ cấu tổ chức')),
    h('h1', cur.name),
    h('p.sub', `${cur.code} · ${cur.kind_label || ''}${cur.valid_to ? ` · đã thôi tồn tại từ ${date(cur.valid_to)}` : ''}`),
  ];
  if (u.children && u.children.length)
    parts.push(h('h2', 'Đơn vị trực thuộc'), h('ul', u.children.map((c) => h('li', h('a', { href: `/don-vi/${encodeURIComponent(c.code)}` }, c.name)))));
  parts.push(h('p', h('a.btn.secondary', { href: `/nhan-su?unit=${encodeURIComponent(cur.code)}&subtree=true` }, 'Danh sách cán bộ')));
  parts.push(h('h2', 'Các thời kỳ'), h('div.table-wrap', h('table',
    h('thead', h('tr', ['Từ ngày', 'Đến ngày', 'Tên', 'Trực thuộc'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', hist.versions.map((v) => h('tr', h('td.num', date(v.valid_from)), h('td.num', v.valid_to ? endDate(v.valid_to) : 'nay'), h('td', v.name), h('td', v.parent_code || '')))))));
  if (hist.events.length)
    parts.push(h('h2', 'Sắp xếp, tổ chức lại'), h('ul', hist.events.map((ev) => h('li',
      h('strong', `${ev.kind_label} ngày ${date(ev.date)}`), ev.decision_no ? ` (${ev.decision_no})` : '', ': ',
      ev.from.map((x) => x.name).join(', '), ev.to.length ? ` → ${ev.to.map((x) => x.name).join(', ')}` : ''))));
  if (!hist.active) {
    const where = h('div');
    parts.push(h('h2', 'Người của đơn vị đã chuyển đi đâu'), where);
    try {
      const w = await get(`/units/${encodeURIComponent(code)}/where?limit=500`);
      where.append(h('div.table-wrap', h('table',
        h('thead', h('tr', ['Họ và tên', 'Chức vụ cũ', 'Nay ở', 'Chức vụ mới'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', w.items.map((x) => h('tr', h('td', h('a', { href: `/nhan-su/${encodeURIComponent(x.person.code)}` }, x.person.name)),
          h('td', `${x.position || ''} — ${x.old_unit.name}`), h('td', x.new_unit ? x.new_unit.name : 'Đã nghỉ'), h('td', x.new_position || '')))))),
      h('p.muted.small', `${int(w.total)} người`));
    } catch (e) {
      where.append(errorBox(e));
    }
  }
  return parts;
}
