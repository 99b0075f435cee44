// A record's change history from the hash-chained audit log: who, when,
// from which address, what, and the fields that changed (before → after).
import { get } from '../api.js';
import { date, errorBox, h } from '../fmt.js';

const ACTIONS = {
  'person.create': 'Tạo hồ sơ', 'person.update': 'Sửa hồ sơ', 'person.put': 'Cập nhật hồ sơ', 'import.people': 'Nhập từ tệp',
  'eval.self': 'Tự đánh giá', 'eval.review': 'Nhận xét', 'eval.decide': 'Quyết định', 'eval.publish': 'Công khai',
  'eval.object': 'Kiến nghị', 'eval.answer': 'Trả lời kiến nghị', 'eval.lock': 'Khoá', 'eval.reopen': 'Mở lại',
};

function parse(j) {
  if (j === null || j === undefined) return null;
  if (typeof j === 'object') return j;
  try { return JSON.parse(j); } catch { return { 'giá trị': j }; }
}

function show(v) {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function changes(before, after) {
  const b = parse(before) || {}, a = parse(after) || {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const diff = keys.filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
  if (!diff.length) return h('span.muted', '');
  return h('ul.small.tight', diff.slice(0, 30).map((k) =>
    h('li', h('code', k), ': ', show(b[k]), ' → ', show(a[k]))));
}

export async function auditList(entity, id) {
  try {
    const r = await get(`/audit?entity=${encodeURIComponent(entity)}&id=${encodeURIComponent(id)}&limit=200`);
    const items = r.items || [];
    if (!items.length) return h('p.muted', 'Chưa có thay đổi nào được ghi lại.');
    return h('div.table-wrap', h('table',
      h('caption.sr-only', 'Lịch sử thay đổi'),
      h('thead', h('tr', ['Lúc', 'Người thực hiện', 'Từ địa chỉ', 'Việc', 'Thay đổi'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', items.map((x) => h('tr',
        h('td.num', date(x.at, true)), h('td', x.actor), h('td', x.source), h('td', ACTIONS[x.action] || x.action),
        h('td', changes(x.before, x.after)))))));
  } catch (e) {
    return errorBox(e);
  }
}
