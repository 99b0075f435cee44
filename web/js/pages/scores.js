// The criteria of one evaluation as a form: each criterion with its maximum,
// the points already given at each step, an input for the step being done,
// a reason where the step needs one, and a running total with the grade the
// total reaches. Shared by the self-assessment, the review and the answer
// to an objection.
import { get } from '../api.js';
import { h, num, parseScore } from '../fmt.js';

const bandsCache = new Map();

// The framework's grade bands [{code, label, min}], highest first.
export async function bandsOf(fw) {
  if (!fw || !fw.code) return [];
  const key = `${fw.code}@${fw.version || ''}`;
  if (!bandsCache.has(key)) {
    bandsCache.set(key, get(`/frameworks/${encodeURIComponent(fw.code)}${fw.version ? `?version=${fw.version}` : ''}`)
      .then((f) => (f.bands || []).slice().sort((a, b) => b.min - a.min)).catch(() => []));
  }
  return bandsCache.get(key);
}

export function bandFor(bands, total) {
  return bands.findIndex((b) => total >= b.min);
}

export function gradeBadge(grade, bands) {
  if (!grade) return h('span.muted', 'chưa xếp loại');
  const i = bands ? bands.findIndex((b) => b.code === grade.code) : -1;
  return h(`span.grade.g${i < 0 ? 3 : Math.min(i, 3)}`, { title: grade.label }, grade.code);
}

const KIND = { scored: '', bonus: 'Điểm thưởng', deduction: 'Điểm trừ', work_products: 'Kết quả sản phẩm, công việc', unit_results: 'Tính theo kết quả của đơn vị', organising: 'Năng lực tổ chức thực hiện' };

// Criteria canbo computes itself: the unit's results (a leader's), and the
// work products when the month has tasks registered in canbo.
function isComputed(ev, c) {
  return c.kind === 'unit_results' || (c.kind === 'work_products' && ev.tasks && ev.tasks.count > 0);
}

// mode: 'self' | 'review' | 'answer'. Returns {node, collect(): scores | throws Error}.
export function scoreForm(ev, bands, mode) {
  const inputs = [];
  const totalEl = h('strong', '');
  const gradeEl = h('span');
  const rows = [];
  let lastGroup = null;
  for (const c of ev.criteria) {
    if (c.group && c.group !== lastGroup && ev.criteria.filter((x) => x.group === c.group).length > 1) {
      rows.push(h('p.group-title', c.group));
      lastGroup = c.group;
    }
    const computed = isComputed(ev, c);
    const id = `c-${c.code}`;
    const prior = mode === 'self' ? c.self : mode === 'review' ? (c.review ?? c.self) : (c.final ?? c.review ?? c.self);
    const input = h(`input#${id}`, {
      type: 'text', inputmode: 'decimal', autocomplete: 'off', 'aria-describedby': `${id}-max`,
      value: prior === null || prior === undefined ? '' : num(prior), disabled: computed,
    });
    const reason = mode === 'self' ? null : h(`input#${id}-why`, { placeholder: 'Lý do điều chỉnh (bắt buộc khi đổi điểm)', autocomplete: 'off' });
    const history = [];
    if (mode !== 'self' && c.self !== null && c.self !== undefined) history.push(`Tự chấm: ${num(c.self)}`);
    if (mode === 'answer' && c.review !== null && c.review !== undefined) history.push(`Nhận xét: ${num(c.review)}`);
    rows.push(h('div.crit',
      h('div', h('label.name', { for: id }, c.name),
        h(`span.max#${id}-max`, `Tối đa ${num(c.max)} điểm${KIND[c.kind] ? ` · ${KIND[c.kind]}` : ''}${history.length ? ` · ${history.join(' · ')}` : ''}`)),
      input,
      reason ? h('div.reason', h('label.sr-only', { for: `${id}-why` }, `Lý do điều chỉnh ${c.name}`), reason) : null));
    inputs.push({ c, input, reason, computed, prior });
    input.addEventListener('input', update);
  }
  function current() {
    let t = 0, bad = false;
    for (const x of inputs) {
      const v = x.computed ? x.c.in_force : parseScore(x.input.value);
      if (v === null || v === undefined) { bad = true; continue; }
      t += x.c.kind === 'deduction' ? -Math.abs(v) : v;
    }
    return { t: Math.round(t * 100) / 100, bad };
  }
  function update() {
    const { t, bad } = current();
    totalEl.textContent = `${num(t)} điểm`;
    const i = bandFor(bands, t);
    gradeEl.replaceChildren(bad ? h('span.muted', 'Nhập đủ điểm các tiêu chí') :
      i >= 0 ? h('span', 'Đạt mức ', h(`span.grade.g${Math.min(i, 3)}`, bands[i].code), ` ${bands[i].label}${i === 0 ? ' (tùy tỷ lệ được xếp)' : ''}`) : '');
    for (const x of inputs) {
      const v = parseScore(x.input.value);
      const over = v !== null && !x.computed && v > x.c.max;
      x.input.setAttribute('aria-invalid', over || (x.input.value && v === null) ? 'true' : 'false');
    }
  }
  update();
  function collect() {
    const scores = [];
    for (const x of inputs) {
      if (x.computed) continue;
      const v = parseScore(x.input.value);
      if (v === null) {
        x.input.focus();
        throw new Error(`Điểm «${x.c.name}» phải là số, tối đa hai chữ số thập phân (ví dụ 8,5)`);
      }
      if (v > x.c.max || v < 0) {
        x.input.focus();
        throw new Error(`Điểm «${x.c.name}» phải từ 0 đến ${num(x.c.max)}`);
      }
      if (mode === 'self') {
        scores.push({ code: x.c.code, points: v });
      } else if (x.prior === null || x.prior === undefined || Math.abs(v - x.prior) > 0.001) {
        const why = x.reason.value.trim();
        if (!why && mode === 'review') {
          x.reason.focus();
          throw new Error(`Cần ghi lý do khi đổi điểm «${x.c.name}»`);
        }
        scores.push(why ? { code: x.c.code, points: v, reason: why } : { code: x.c.code, points: v });
      }
    }
    return scores;
  }
  return { node: h('div', rows), totalEl, gradeEl, collect };
}

export function stepsList(ev) {
  if (!ev.steps || !ev.steps.length) return h('p.muted', 'Chưa có bước nào.');
  return h('ol.steps', ev.steps.map((s) => h('li',
    h('strong', s.label), ' — ', s.actor ? s.actor.replace(/^user:/, '') : '', s.at ? `, ${new Date(s.at).toLocaleString('vi-VN')}` : '',
    s.due ? h('span.muted', ` (hạn ${s.due.split('-').reverse().join('/')})`) : '',
    s.late ? h('span.badge.late', ' trễ hạn') : '',
    s.reason ? h('div.small.muted', s.reason) : '')));
}
