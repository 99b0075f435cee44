// Kết quả: a unit's month (everyone in its subtree with their points and
// grade, the counts per grade, the CSV/XLSX exports) and its year (the
// annual classification). Also the small helpers the other HR pages share:
// the unit field with suggestions, months typed MM/YYYY, grade colours and
// the progress bar of a background job.
import { get, post } from '../api.js';
import { date, errorBox, h, int, num } from '../fmt.js';

// ---- shared helpers ---------------------------------------------------------

// "11/2026", "1/2026" or "2026-11" → "2026-11" (null when malformed)
export function monthIso(s) {
  const t = String(s || '').trim();
  let m = t.match(/^(\d{1,2})\s*[/.-]\s*(\d{4})$/);
  if (m && +m[1] >= 1 && +m[1] <= 12) return `${m[2]}-${m[1].padStart(2, '0')}`;
  m = t.match(/^(\d{4})-(\d{2})$/);
  if (m && +m[2] >= 1 && +m[2] <= 12) return t;
  return null;
}

// "2026-11" → "11/2026"
export function monthVn(iso) {
  const m = String(iso || '').match(/^(\d{4})-(\d{2})/);
  return m ? `${m[2]}/${m[1]}` : '';
}

export function thisMonthVn() {
  const d = new Date();
  return `${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
}

// The newest opened month ({month, unit, …}) or null.
export async function latestPeriod() {
  try {
    const r = await get('/periods?limit=1');
    return r.items[0] || null;
  } catch {
    return null;
  }
}

let unitSeq = 0;
// A unit-code input that suggests units by name or code (without diacritics)
// as one types; returns {input, nodes} where nodes are the label, the input,
// an optional hint and the suggestions list.
export function unitField(id, value, label, hint) {
  const listId = `${id}-goi-y-${++unitSeq}`;
  const list = h('datalist', { id: listId });
  const input = h(`input#${id}`, {
    value: value || '', list: listId, autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false',
    placeholder: 'Mã đơn vị, ví dụ P-HK', 'aria-describedby': hint ? `${id}-hd` : null,
  });
  let timer, last = '';
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2 || q === last) return;
    timer = setTimeout(async () => {
      last = q;
      try {
        const r = await get(`/units/search?q=${encodeURIComponent(q)}&limit=12`);
        const seen = new Set();
        list.replaceChildren(...r.items.filter((u) => !seen.has(u.code) && seen.add(u.code)).map((u) =>
          h('option', { value: u.code }, `${u.name}${u.valid_to ? ' (đã thôi tồn tại)' : ''}`)));
      } catch { /* suggestions are only a help */ }
    }, 250);
  });
  return {
    input,
    code: () => input.value.trim().toUpperCase(),
    nodes: [h('label', { for: id }, label), input, hint ? h(`p.small.muted#${id}-hd`, hint) : null, list],
  };
}

// A progress bar for a background job: {node, set(job)}.
export function progressBar(label) {
  const fill = h('span');
  const bar = h('div.progress', { role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0', 'aria-label': label }, fill);
  const text = h('p.small.muted', { 'aria-live': 'polite' }, 'Đang chờ máy chủ bắt đầu…');
  return {
    node: h('div.mt', bar, text),
    set(job, what) {
      const pct = Math.max(0, Math.min(100, Math.round(job.percent ?? (job.total ? (100 * job.done) / job.total : 0))));
      bar.setAttribute('aria-valuenow', String(pct));
      fill.style.width = `${pct}%`; // CSSOM, allowed by the Content-Security-Policy (style attributes are not)
      text.textContent = job.state === 'queued' ? 'Đang chờ đến lượt…' : `${what || 'Đã xử lý'} ${pct}%`;
    },
  };
}

// Grades: the bands of a framework, top first, coloured g0…g3. The usual codes
// and labels are known; other codes are looked up in the frameworks' bands.
const BAND_OF = { A: 0, HTXS: 0, B: 1, HTT: 1, C: 2, HT: 2, D: 3, KHT: 3 };
const BAND_OF_LABEL = {
  'hoàn thành xuất sắc nhiệm vụ': 0, 'hoàn thành tốt nhiệm vụ': 1, 'hoàn thành nhiệm vụ': 2, 'không hoàn thành nhiệm vụ': 3,
};
const fetchedBands = new Map();
let bandsLoaded = false;

function bandIndex(code, label) {
  if (code in BAND_OF) return BAND_OF[code];
  const l = String(label || '').toLowerCase();
  if (l in BAND_OF_LABEL) return BAND_OF_LABEL[l];
  return fetchedBands.has(code) ? fetchedBands.get(code) : null;
}

// Looks up the bands of the system-wide frameworks once, when a grade is
// neither one of the usual codes nor labels (units' own frameworks keep
// their parent's bands).
async function ensureBands(grades) {
  if (bandsLoaded || grades.every((g) => bandIndex(g.code, g.label) !== null)) return;
  bandsLoaded = true;
  try {
    const list = await get('/frameworks?limit=1000');
    const fws = await Promise.all(list.items.filter((f) => f.source !== 'unit')
      .map((f) => get(`/frameworks/${encodeURIComponent(f.code)}`).catch(() => null)));
    for (const fw of fws.filter(Boolean))
      (fw.bands || []).forEach((b, i, all) => {
        if (!fetchedBands.has(b.code)) fetchedBands.set(b.code, Math.min(3, Math.round((3 * i) / Math.max(1, all.length - 1))));
      });
  } catch { /* uncoloured grades are still readable */ }
}

export function gradeChip(code, label) {
  if (!code) return h('span.muted', '—');
  const i = bandIndex(code, label);
  return h(`span.grade${i === null ? '' : `.g${i}`}`, { title: label || null }, code, label ? h('span.sr-only', ` (${label})`) : null);
}

const PAGE = 100;

// A table shown PAGE rows at a time (the rows are already loaded).
function pagedTable(caption, heads, rows, rowFn) {
  const body = h('tbody');
  const info = h('span.grow.muted.small');
  const prev = h('button.secondary', { type: 'button' }, '‹ Trang trước');
  const next = h('button.secondary', { type: 'button' }, 'Trang sau ›');
  let at = 0;
  const show = () => {
    body.replaceChildren(...rows.slice(at, at + PAGE).map((r, i) => rowFn(r, at + i)));
    info.textContent = `${int(rows.length ? at + 1 : 0)}–${int(Math.min(rows.length, at + PAGE))} trong ${int(rows.length)} người`;
    prev.disabled = at === 0;
    next.disabled = at + PAGE >= rows.length;
  };
  prev.addEventListener('click', () => { at = Math.max(0, at - PAGE); show(); });
  next.addEventListener('click', () => { at += PAGE; show(); });
  show();
  return [
    h('div.table-wrap', h('table', h('caption.sr-only', caption),
      h('thead', h('tr', heads.map(([t, cls]) => h(`th${cls || ''}`, { scope: 'col' }, t)))), body)),
    rows.length > PAGE ? h('div.row.mt', info, prev, next) : null,
  ].filter(Boolean);
}

async function getAll(path) {
  const items = [];
  for (let offset = 0; ; offset += 1000) {
    const r = await get(`${path}&limit=1000&offset=${offset}`);
    items.push(...r.items);
    if (!r.items.length || items.length >= r.total) return items;
  }
}

export async function unitName(code) {
  const u = await get(`/units/${encodeURIComponent(code)}`);
  return (u.unit || u).name;
}

// ---- the screen ---------------------------------------------------------------

export async function render(ctx) {
  const latest = await latestPeriod();
  if (ctx.rest === 'nam') return yearView(ctx, latest);
  return monthView(ctx, latest);
}

function tabs(active, hrefs) {
  const tab = (key, text) => h(`a.btn${active === key ? '' : '.secondary'}`, { href: hrefs[key], 'aria-current': active === key ? 'page' : null }, text);
  return h('nav.row', { 'aria-label': 'Xem kết quả theo' }, tab('month', 'Theo tháng'), tab('year', 'Cả năm'));
}

function monthView(ctx, latest) {
  const p = ctx.params;
  const unit = unitField('unit', p.get('unit') || ctx.me.scope || (latest ? latest.unit.code : ''), 'Đơn vị (gồm cả các đơn vị trực thuộc)');
  const month = h('input#month.w10', { value: p.get('month') || (latest ? monthVn(latest.month) : thisMonthVn()), inputmode: 'numeric', placeholder: 'MM/YYYY', autocomplete: 'off' });
  const out = h('div', { 'aria-live': 'polite' });
  const nav = h('div');
  const hrefs = (u, m) => ({
    month: `/ket-qua?unit=${encodeURIComponent(u)}&month=${encodeURIComponent(m)}`,
    year: `/ket-qua/nam?unit=${encodeURIComponent(u)}&year=${encodeURIComponent((monthIso(m) || '').slice(0, 4))}`,
  });

  async function load() {
    const u = unit.code(), iso = monthIso(month.value);
    if (!u) return out.replaceChildren(errorBox(new Error('Hãy nhập mã đơn vị')));
    if (!iso) return out.replaceChildren(errorBox(new Error('Tháng phải viết dạng MM/YYYY, ví dụ 11/2026')));
    const mv = monthVn(iso);
    const links = hrefs(u, mv);
    history.replaceState({}, '', links.month);
    nav.replaceChildren(tabs('month', links));
    out.replaceChildren(h('p.loading', 'Đang tải…'));
    try {
      const [name, items] = await Promise.all([unitName(u), getAll(`/evaluations?unit=${encodeURIComponent(u)}&month=${iso}`)]);
      await ensureBands(items.filter((e) => e.grade).map((e) => e.grade));
      out.replaceChildren(...monthResult(u, name, mv, items));
    } catch (e) {
      out.replaceChildren(errorBox(e));
    }
  }

  const form = h('form.card.mt', { onsubmit: (ev) => { ev.preventDefault(); load(); } },
    h('div.row',
      h('div.grow', unit.nodes),
      h('div', h('label', { for: 'month' }, 'Tháng (MM/YYYY)'), month),
      h('div.end', h('button', { type: 'submit' }, 'Xem'))));
  nav.append(tabs('month', hrefs(unit.code(), month.value.trim())));
  if (unit.code()) load();
  return [h('h1', 'Kết quả đánh giá'), nav, form, out];
}

function monthResult(code, name, mv, items) {
  const parts = [h('h2', `Tháng ${mv} — ${name} (${code})`)];
  const q = `unit=${encodeURIComponent(code)}&month=${encodeURIComponent(mv)}`;
  parts.push(h('p.row',
    h('a.btn.secondary', { href: `/api/v1/exports/month.xlsx?${q}`, download: '' }, 'Tải Excel (.xlsx)'),
    h('a.btn.secondary', { href: `/api/v1/exports/month.csv?${q}&bom=true`, download: '' }, 'Tải CSV')));
  if (!items.length) {
    parts.push(h('p.notice', `Chưa có bản đánh giá nào của ${name} trong tháng ${mv}. Kỳ đánh giá tháng này có thể chưa được mở cho đơn vị.`));
    return parts;
  }
  // counts per grade, top band first
  const counts = new Map();
  let ungraded = 0;
  for (const e of items) {
    if (!e.grade) { ungraded++; continue; }
    const c = counts.get(e.grade.code) || { code: e.grade.code, label: e.grade.label, n: 0 };
    c.n++;
    counts.set(e.grade.code, c);
  }
  const rows = [...counts.values()].sort((a, b) => (bandIndex(a.code, a.label) ?? 9) - (bandIndex(b.code, b.label) ?? 9) || a.code.localeCompare(b.code));
  const pct = (n) => `${num(Math.round((1000 * n) / items.length) / 10)}%`;
  parts.push(h('div.table-wrap', h('table',
    h('caption.sr-only', 'Số người theo xếp loại'),
    h('thead', h('tr', h('th', { scope: 'col' }, 'Xếp loại'), h('th', { scope: 'col' }, 'Mức'), h('th.num', { scope: 'col' }, 'Số người'), h('th.num', { scope: 'col' }, 'Tỷ lệ'))),
    h('tbody',
      rows.map((c) => h('tr', h('td', gradeChip(c.code, c.label)), h('td', c.label || ''), h('td.num', int(c.n)), h('td.num', pct(c.n)))),
      ungraded ? h('tr', h('td', h('span.muted', '—')), h('td', 'Chưa có xếp loại (chưa đến bước quyết định)'), h('td.num', int(ungraded)), h('td.num', pct(ungraded))) : null,
      h('tr', h('th', { scope: 'row' }, 'Cộng'), h('td'), h('td.num', int(items.length)), h('td.num', '100%'))))));
  parts.push(h('h2', 'Danh sách'));
  parts.push(...pagedTable(`Kết quả đánh giá tháng ${mv} của ${name}`,
    [['STT', '.num'], ['Họ và tên'], ['Đơn vị'], ['Chức vụ'], ['Trạng thái'], ['Tự chấm', '.num'], ['Nhận xét', '.num'], ['Điểm cuối cùng', '.num'], ['Xếp loại'], ['Ghi chú']],
    items,
    (e, i) => h('tr',
      h('td.num', int(i + 1)),
      h('td', h('a', { href: `/nhan-su/${encodeURIComponent(e.person.code)}` }, e.person.name), h('div.small.muted', e.person.code)),
      h('td', e.unit ? e.unit.name : ''),
      h('td', e.position || ''),
      h('td', e.late ? [e.status_label, ' ', h('span.badge.late', 'trễ hạn')] : e.status_label),
      h('td.num', num(e.self_total)),
      h('td.num', num(e.review_total)),
      h('td.num', h('strong', num(e.final_total))),
      h('td', e.grade ? gradeChip(e.grade.code, e.grade.label) : h('span.muted', '—')),
      h('td.small', [e.grade && e.grade.reason, e.decision_reason, e.objection_open ? 'Đang có kiến nghị' : null].filter(Boolean).join('. ')))));
  return parts;
}

// ---- the year -------------------------------------------------------------------

const YEAR_BAND = { HTXS: 0, HTT: 1, HT: 2, KHT: 3 };
const YEAR_LABEL = {
  HTXS: 'Hoàn thành xuất sắc nhiệm vụ', HTT: 'Hoàn thành tốt nhiệm vụ', HT: 'Hoàn thành nhiệm vụ',
  KHT: 'Không hoàn thành nhiệm vụ', CXL: 'Không xếp loại chất lượng',
};

function yearChip(code, label) {
  if (!code) return h('span.muted', '—');
  const i = YEAR_BAND[code];
  return h(`span.grade${i === undefined ? '' : `.g${i}`}`, { title: label || YEAR_LABEL[code] || null }, code, h('span.sr-only', ` (${label || YEAR_LABEL[code] || ''})`));
}

function yearView(ctx, latest) {
  const p = ctx.params;
  const unit = unitField('unit', p.get('unit') || ctx.me.scope || (latest ? latest.unit.code : ''), 'Đơn vị (gồm cả các đơn vị trực thuộc)');
  const year = h('input#year.w10', { value: p.get('year') || (latest ? latest.month.slice(0, 4) : String(new Date().getFullYear())), inputmode: 'numeric', autocomplete: 'off', placeholder: 'YYYY' });
  const out = h('div', { 'aria-live': 'polite' });
  const msg = h('div');
  const nav = h('div');
  const canCompute = ['hr', 'admin'].includes(ctx.me.role);
  const hrefs = (u, y) => ({
    month: `/ket-qua?unit=${encodeURIComponent(u)}${latest && latest.month.startsWith(y) ? `&month=${monthVn(latest.month)}` : ''}`,
    year: `/ket-qua/nam?unit=${encodeURIComponent(u)}&year=${encodeURIComponent(y)}`,
  });
  const check = () => {
    const u = unit.code(), y = year.value.trim();
    if (!u) throw new Error('Hãy nhập mã đơn vị');
    if (!/^\d{4}$/.test(y)) throw new Error('Năm phải có bốn chữ số, ví dụ 2026');
    return [u, y];
  };

  async function load() {
    let u, y;
    try { [u, y] = check(); } catch (e) { return out.replaceChildren(errorBox(e)); }
    const links = hrefs(u, y);
    history.replaceState({}, '', links.year);
    nav.replaceChildren(tabs('year', links));
    out.replaceChildren(h('p.loading', 'Đang tải…'));
    try {
      const [name, items] = await Promise.all([unitName(u), getAll(`/annual-results?unit=${encodeURIComponent(u)}&year=${y}`)]);
      out.replaceChildren(...yearResult(u, name, y, items, canCompute));
    } catch (e) {
      out.replaceChildren(errorBox(e));
    }
  }

  const compute = h('button.secondary', {
    type: 'button',
    onclick: async () => {
      let u, y;
      msg.replaceChildren();
      try { [u, y] = check(); } catch (e) { return msg.replaceChildren(errorBox(e)); }
      compute.disabled = true;
      try {
        const r = await post('/annual-results', { unit: u, year: Number(y) });
        const by = Object.entries(r.by_grade || {}).filter(([, n]) => n).map(([g, n]) => `${g}: ${int(n)}`).join(', ');
        msg.replaceChildren(h('p.okmsg', { role: 'status' }, `Đã tính kết quả năm ${y} cho ${int(r.people)} người${by ? ` (${by})` : ''}.`),
          r.ties ? tieForm(u, y, r.ties) : null);
        await load();
      } catch (e) {
        msg.replaceChildren(errorBox(e));
      } finally {
        compute.disabled = false;
      }
    },
  }, 'Tính lại kết quả năm');

  // the year's HTXS at a tie: the competent person names who, with a reason
  function tieForm(u, y, ties) {
    const who = h('input#tie-who', { autocomplete: 'off', placeholder: 'Ví dụ: CB000201, CB000190' });
    const why = h('input#tie-why', { autocomplete: 'off' });
    const err = h('div');
    return h('form.card.notice', {
      onsubmit: async (ev) => {
        ev.preventDefault();
        err.replaceChildren();
        const grant = who.value.split(/[\s,;]+/).map((x) => x.trim().toUpperCase()).filter(Boolean);
        if (!grant.length || !why.value.trim())
          return err.replaceChildren(errorBox(new Error('Cần ghi mã người được chọn và lý do')));
        try {
          await post('/annual-results', { unit: u, year: Number(y), grant, reason: why.value.trim() });
          msg.replaceChildren(h('p.okmsg', { role: 'status' }, `Đã tính lại kết quả năm ${y} với người được chọn.`));
          await load();
        } catch (e) {
          err.replaceChildren(errorBox(e));
        }
      },
    }, h('p', `${int(ties)} người đủ điểm nhưng đồng điểm ở ranh giới hạn mức nên đang xếp HTT. canbo không tự chọn: người có thẩm quyền chọn và ghi lý do.`),
    h('label', { for: 'tie-who' }, 'Mã người được xếp Hoàn thành xuất sắc'), who,
    h('label', { for: 'tie-why' }, 'Lý do'), why, err,
    h('p', h('button', { type: 'submit' }, 'Tính lại với người được chọn')));
  }

  const form = h('form.card.mt', { onsubmit: (ev) => { ev.preventDefault(); msg.replaceChildren(); load(); } },
    h('div.row',
      h('div.grow', unit.nodes),
      h('div', h('label', { for: 'year' }, 'Năm'), year),
      h('div.end', h('button', { type: 'submit' }, 'Xem')),
      canCompute ? h('div.end', compute) : null),
    canCompute ? h('p.small.muted', 'Kết quả năm được tính từ kết quả các tháng đã quyết định; tính lại được nhiều lần.') : null);
  nav.append(tabs('year', hrefs(unit.code(), year.value.trim())));
  if (unit.code()) load();
  return [h('h1', 'Kết quả đánh giá'), nav, form, msg, out];
}

function yearResult(code, name, y, items, canCompute) {
  const parts = [h('h2', `Năm ${y} — ${name} (${code})`)];
  if (!items.length) {
    parts.push(h('p.notice', `Chưa có kết quả xếp loại năm ${y} của ${name}.${canCompute ? ' Bấm «Tính lại kết quả năm» để tính từ kết quả các tháng.' : ''}`));
    return parts;
  }
  const counts = new Map(Object.keys(YEAR_LABEL).map((g) => [g, 0]));
  for (const x of items) counts.set(x.grade, (counts.get(x.grade) || 0) + 1);
  parts.push(h('div.table-wrap', h('table',
    h('caption.sr-only', 'Số người theo xếp loại năm'),
    h('thead', h('tr', h('th', { scope: 'col' }, 'Xếp loại'), h('th', { scope: 'col' }, 'Mức'), h('th.num', { scope: 'col' }, 'Số người'))),
    h('tbody', [...counts].filter(([g, n]) => n || g in YEAR_LABEL).map(([g, n]) =>
      h('tr', h('td', yearChip(g)), h('td', YEAR_LABEL[g] || g), h('td.num', int(n)))),
    h('tr', h('th', { scope: 'row' }, 'Cộng'), h('td'), h('td.num', int(items.length)))))));
  parts.push(h('h2', 'Danh sách'));
  parts.push(...pagedTable(`Kết quả xếp loại năm ${y} của ${name}`,
    [['STT', '.num'], ['Họ và tên'], ['Đơn vị'], ['Số tháng đánh giá', '.num'], ['Tháng vắng', '.num'], ['Điểm bình quân', '.num'], ['Theo điểm'], ['Xếp loại'], ['Lý do, hệ quả']],
    items,
    (x, i) => h('tr',
      h('td.num', int(i + 1)),
      h('td', h('a', { href: `/nhan-su/${encodeURIComponent(x.person.code)}` }, x.person.name), h('div.small.muted', x.person.code)),
      h('td', x.unit || ''),
      h('td.num', int(x.months)),
      h('td.num', int(x.months_absent)),
      h('td.num', num(x.mean)),
      h('td', yearChip(x.by_score)),
      h('td', yearChip(x.grade, x.grade_label), x.top_granted ? h('div.small.muted', 'được chọn') : null),
      h('td.small', [x.reason, x.consequences].filter(Boolean).join('. ')))));
  parts.push(h('p.small.muted', `Tính lúc ${date(items[0].computed_at, true)}`));
  return parts;
}
