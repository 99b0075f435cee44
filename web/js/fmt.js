// Vietnamese formatting and tiny DOM helpers.
const nf = new Intl.NumberFormat('vi-VN');
const nf2 = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 0, maximumFractionDigits: 2 });

// 1234567 → "1.234.567"; 87.5 → "87,5"
export const num = (n) => (n === null || n === undefined || n === '' ? '' : nf2.format(Number(n)));
export const int = (n) => (n === null || n === undefined ? '' : nf.format(n));

// "2026-11-30" or "2026-11-30T03:04:05Z" → "30/11/2026" (and the time when given)
export function date(iso, withTime = false) {
  if (!iso) return '';
  const m = String(iso).match(/^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/);
  if (!m) return String(iso);
  if (withTime && m[4]) {
    const d = new Date(iso);
    const p = (x) => String(x).padStart(2, '0');
    return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
  }
  return `${m[3]}/${m[2]}/${m[1]}`;
}

// "dd/mm/yyyy" → "yyyy-mm-dd" (null when malformed)
export function isoDate(vn) {
  const m = String(vn || '').trim().match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
  if (!m) return null;
  return `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
}

// Parses a score typed the Vietnamese way ("8,5") or the other ("8.5").
export function parseScore(s) {
  const t = String(s).trim().replace(',', '.');
  if (!/^-?\d+(\.\d{1,2})?$/.test(t)) return null;
  return Number(t);
}

// h('tag.class#id', {attrs}, ...children): builds an element; strings are text.
export function h(spec, attrs, ...kids) {
  const m = spec.match(/^([a-z0-9]+)?((?:[.#][\w-]+)*)$/i);
  const el = document.createElement(m[1] || 'div');
  for (const part of (m[2] || '').match(/[.#][\w-]+/g) || []) {
    if (part[0] === '.') el.classList.add(part.slice(1));
    else el.id = part.slice(1);
  }
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    kids.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'html') throw new Error('no raw HTML');
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  const add = (c) => {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) c.forEach(add);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  };
  kids.forEach(add);
  return el;
}

let toastTimer;
export function toast(msg) {
  const t = document.getElementById('toast');
  t.textContent = msg;
  t.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => t.classList.remove('show'), 3500);
}

export function errorBox(err) {
  const box = h('div.error', { role: 'alert' }, err.message || String(err));
  if (err.details && Array.isArray(err.details.problems)) {
    box.append(h('ul', err.details.problems.slice(0, 50).map((p) =>
      h('li', `Dòng ${p.row ?? p.line ?? '?'}${p.column ? `, cột «${p.column}»` : ''}: ${p.reason || p.message}${p.value ? ` (giá trị «${p.value}»)` : ''}`))));
  }
  return box;
}

// Vietnamese month label: "2026-11" or {year, month} → "tháng 11/2026"
export function monthLabel(y, m) {
  return `tháng ${String(m).padStart(2, '0')}/${y}`;
}

// The last day of an interval whose exclusive end is iso (the day before),
// as dd/mm/yyyy: valid_to 2025-07-01 is shown "30/06/2025".
export function endDate(iso) {
  if (!iso) return '';
  const d = new Date(`${String(iso).slice(0, 10)}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return date(d.toISOString().slice(0, 10));
}
