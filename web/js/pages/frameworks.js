// Bộ tiêu chí: the criteria frameworks (built-in, system-wide, units' own),
// one framework's criteria tree, grade bands, cases forcing the lowest grade
// and quota rule; HR and administrators may build a unit's own framework
// from one (JSON Merge Patch changes, as the API takes them).
import { get, post } from '../api.js';
import { date, errorBox, h, int, num } from '../fmt.js';
import { gradeChip, unitField } from './results.js';

const CATS = { CB: 'cán bộ', CC: 'công chức', VC: 'viên chức', LDHD: 'lao động hợp đồng' };
const ROLES = { leader: 'lãnh đạo, quản lý', staff: 'không giữ chức vụ lãnh đạo' };
const KINDS = {
  scored: 'Chấm điểm', bonus: 'Điểm thưởng', deduction: 'Điểm trừ', work_products: 'Kết quả sản phẩm, công việc (tự tính)',
  unit_results: 'Kết quả hoạt động của đơn vị (tự tính)', organising: 'Năng lực tổ chức thực hiện nhiệm vụ (tự tính)',
};

const enc = encodeURIComponent;

function appliesTo(cats, roles) {
  const c = (cats || []).map((x) => CATS[x] || x).join(', ');
  const r = (roles || []).length === 2 ? 'lãnh đạo và không lãnh đạo' : (roles || []).map((x) => ROLES[x] || x).join(', ');
  return `${c.charAt(0).toUpperCase()}${c.slice(1)}${r ? ` (${r})` : ''}`;
}

function inForce(from, to) {
  return `từ ${date(from)}${to ? ` đến hết ${date(to)}` : ''}`;
}

function source(f) {
  if (f.source === 'builtin') return 'Có sẵn theo văn bản';
  if (f.source === 'system') return 'Dùng chung toàn hệ thống';
  return `Riêng của ${f.unit}${f.derived_from ? `, xây dựng từ ${f.derived_from.code} bản ${f.derived_from.version}` : ''}`;
}

export async function render(ctx) {
  if (ctx.rest) return detail(ctx, ctx.rest);
  return list(ctx);
}

async function list(ctx) {
  const all = ctx.params.get('all') === 'true';
  let r;
  try {
    r = await get(`/frameworks?limit=1000${all ? '&all=true' : ''}`);
  } catch (e) {
    return [h('h1', 'Bộ tiêu chí đánh giá'), errorBox(e)];
  }
  return [
    h('h1', 'Bộ tiêu chí đánh giá'),
    h('p.muted', 'Mỗi người được chấm theo bộ tiêu chí áp dụng cho phân loại và chức vụ của họ vào tháng đánh giá: khung riêng của đơn vị (nếu có) được ưu tiên, sau đó đến khung dùng chung mới nhất còn hiệu lực.'),
    h('p', h('a', { href: all ? '/khung' : '/khung?all=true' }, all ? 'Chỉ xem phiên bản mới nhất' : 'Xem cả các phiên bản cũ')),
    h('div.table-wrap', h('table',
      h('caption.sr-only', 'Các bộ tiêu chí'),
      h('thead', h('tr', ['Mã', 'Tên và căn cứ', 'Hiệu lực', 'Áp dụng cho', 'Nguồn'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', r.items.map((f) => h('tr',
        h('td', h('a', { href: `/khung/${enc(f.code)}${all ? `?version=${f.version}` : ''}` }, f.code), h('div.small.muted', `bản ${f.version}`)),
        h('td', f.name, h('div.small.muted', f.legal_basis || '')),
        h('td', inForce(f.effective_from, f.effective_to)),
        h('td', appliesTo(f.categories, f.roles)),
        h('td.small', source(f))))))),
    h('p.small.muted', `${int(r.total)} bộ tiêu chí`),
  ];
}

async function detail(ctx, code) {
  const version = ctx.params.get('version');
  let fw, versions;
  try {
    [fw, versions] = await Promise.all([
      get(`/frameworks/${enc(code)}${version ? `?version=${enc(version)}` : ''}`),
      get('/frameworks?all=true&limit=1000').then((r) => r.items.filter((x) => x.code === code)).catch(() => []),
    ]);
  } catch (e) {
    return [h('p', h('a', { href: '/khung' }, '‹ Các bộ tiêu chí')), h('h1', code), errorBox(e)];
  }
  const meta = versions.find((v) => v.version === fw.version);
  const latest = versions.reduce((m, v) => Math.max(m, v.version), 0);
  const parts = [
    h('p', h('a', { href: '/khung' }, '‹ Các bộ tiêu chí')),
    h('h1', fw.name),
    h('p.sub', `${fw.code} · bản ${fw.version}${latest && fw.version < latest ? ` (đã có bản ${latest})` : ''}`),
    h('div.card', h('dl',
      h('dt.muted.small', 'Căn cứ'), h('dd', fw.legal_basis),
      h('dt.muted.small', 'Hiệu lực'), h('dd', inForce(fw.effective_from, fw.effective_to)),
      h('dt.muted.small', 'Áp dụng cho'), h('dd', appliesTo(fw.applies_to.categories, fw.applies_to.roles)),
      meta ? [h('dt.muted.small', 'Nguồn'), h('dd', source(meta))] : null,
      h('dt.muted.small', 'Thang điểm'), h('dd', scaleText(fw)))),
  ];
  if (versions.length > 1)
    parts.push(h('nav.row', { 'aria-label': 'Các phiên bản' }, h('span.muted.small', 'Phiên bản:'),
      versions.sort((a, b) => a.version - b.version).map((v) => h('a', {
        href: `/khung/${enc(code)}?version=${v.version}`, 'aria-current': v.version === fw.version ? 'page' : null,
      }, `bản ${v.version}`))));
  parts.push(h('h2', 'Tiêu chí'), criteria(fw));
  parts.push(h('h2', 'Mức xếp loại'), bands(fw));
  if (fw.disqualifiers && fw.disqualifiers.length)
    parts.push(h('h2', 'Trường hợp xếp loại thấp nhất'),
      h('ul', fw.disqualifiers.map((d) => h('li', d.reason, d.leaders_only ? h('span.muted', ' (chỉ với lãnh đạo, quản lý)') : null))));
  parts.push(h('h2', 'Tỷ lệ xếp loại cao nhất'), h('ul', quota(fw).map((t) => h('li', t))));
  const formulas = formulaText(fw);
  if (formulas.length) parts.push(h('h2', 'Phần được tính tự động'), h('ul', formulas.map((t) => h('li', t))));
  if (['hr', 'admin'].includes(ctx.me.role)) parts.push(...deriveForm(ctx, fw));
  return parts;
}

function scaleText(fw) {
  const r = Number(fw.rounding);
  return [
    `${num(fw.scale)} điểm`,
    fw.allow_over_max ? 'điểm thưởng có thể đưa tổng vượt thang điểm' : 'tổng điểm không vượt quá thang điểm',
    r && r > 0.01 ? `tổng được làm tròn đến ${num(r)} điểm` : 'tổng không làm tròn',
  ].join('; ');
}

function criteria(fw) {
  return h('div.card', fw.groups.map((g) => [
    h('h3.group-title', g.name),
    h('p.small.muted', `${g.kind === 'bonus' ? 'Nhóm điểm thưởng' : 'Nhóm tiêu chí'} · mã ${g.code} · tối đa ${num(g.max)} điểm`),
    h('div', { role: 'list', 'aria-label': g.name }, g.criteria.map((c) => h('div.crit', { role: 'listitem' },
      h('span.name', c.name, h('span.small.muted', ` — ${c.code}, ${KINDS[c.kind] || c.kind}`)),
      h('span.max', c.kind === 'deduction' ? `trừ tối đa ${num(c.max)} điểm` : `${num(c.max)} điểm`)))),
  ]));
}

function bands(fw) {
  return h('div.table-wrap', h('table',
    h('caption.sr-only', 'Mức xếp loại theo điểm'),
    h('thead', h('tr', h('th', { scope: 'col' }, 'Mã'), h('th', { scope: 'col' }, 'Xếp loại'), h('th', { scope: 'col' }, 'Điểm'))),
    h('tbody', fw.bands.map((b, i) => h('tr',
      h('td', gradeChip(b.code, b.label)),
      h('td', b.label),
      h('td', i === 0 ? `từ ${num(b.min)} điểm` : `từ ${num(b.min)} đến dưới ${num(fw.bands[i - 1].min)} điểm`))))));
}

function quota(fw) {
  const q = fw.quota || { kind: 'none' };
  if (q.kind === 'none') return ['Không giới hạn số người được xếp loại cao nhất.'];
  const top = q.top_band || (fw.bands[0] && fw.bands[0].code);
  const next = q.next_band || (fw.bands[1] && fw.bands[1].code);
  const out = [q.kind === 'share_of_rated'
    ? `Số người xếp loại ${top} không quá ${num(q.percent)}% số người được xếp loại trong danh sách, làm tròn xuống.`
    : `Số người xếp loại ${top} không quá ${num(q.percent)}% số người xếp loại ${next} sau khi quyết định, làm tròn xuống.`];
  if (q.percent_outstanding !== undefined && q.percent_outstanding !== q.percent)
    out.push(`Cơ quan, đơn vị được công nhận đặc biệt xuất sắc: không quá ${num(q.percent_outstanding)}%.`);
  if (q.per_group) out.push('Tỷ lệ được tính cả trong từng nhóm người có nhiệm vụ tương đồng.');
  if (q.min_top) out.push(`Được xếp ít nhất ${int(q.min_top)} người dù tỷ lệ làm tròn xuống bằng 0.`);
  return out;
}

function formulaText(fw) {
  const kinds = new Set(fw.groups.flatMap((g) => g.criteria.map((c) => c.kind)));
  const out = [];
  const wp = fw.work_products;
  if (kinds.has('work_products') && wp)
    out.push(`Kết quả sản phẩm, công việc: số lượng, chất lượng, tiến độ theo tỷ lệ ${wp.weights.quantity} : ${wp.weights.quality} : ${wp.weights.progress}; mỗi lần không đạt chất lượng trừ ${num(wp.review_penalty_percent)}%, mỗi lần chậm tiến độ trừ ${num(wp.delay_penalty_percent)}% số điểm của sản phẩm đó.`);
  const l = fw.leader;
  const computed = ['work_products', 'unit_results', 'organising'].some((k) => kinds.has(k));
  if (computed && l && (fw.applies_to.roles || []).includes('leader'))
    out.push(`Lãnh đạo, quản lý: kết quả nhiệm vụ của bản thân, kết quả hoạt động của đơn vị phụ trách và năng lực tổ chức thực hiện nhiệm vụ theo tỷ lệ ${l.weights.own} : ${l.weights.unit} : ${l.weights.organising}; phần kết quả của đơn vị tính ${num(l.unit_all_ht_percent)}% khi mọi người từ hoàn thành nhiệm vụ trở lên, ${num(l.unit_any_kht_percent)}% khi có người không hoàn thành nhiệm vụ.`);
  return out;
}

function deriveForm(ctx, fw) {
  const unit = unitField('derive-unit', ctx.me.scope || '', 'Đơn vị');
  const newCode = h('input#derive-code', { autocomplete: 'off', spellcheck: 'false', placeholder: `Để trống: ${fw.code}-MÃ_ĐƠN_VỊ` });
  const newName = h('input#derive-name', { autocomplete: 'off', placeholder: 'Để trống: tên khung — tên đơn vị' });
  const changes = h('textarea#derive-changes', { rows: '10', spellcheck: 'false', 'aria-describedby': 'derive-hd', class: 'mono' });
  const out = h('div', { 'aria-live': 'polite' });
  const btn = h('button', { type: 'submit' }, 'Lưu khung của đơn vị');
  const fill = h('button.secondary', {
    type: 'button',
    onclick: () => {
      const groups = fw.groups.filter((g) => g.criteria.every((c) => ['scored', 'deduction', 'bonus'].includes(c.kind)))
        .map((g) => ({ code: g.code, criteria: g.criteria.map(({ code, name, kind, max }) => ({ code, name, kind, max })) }));
      changes.value = JSON.stringify({ groups, disqualifiers: [] }, null, 2);
      changes.focus();
    },
  }, 'Điền sẵn các nhóm tiêu chí hiện có');

  async function submit(ev) {
    ev.preventDefault();
    out.replaceChildren();
    const u = unit.code();
    if (!u) return out.replaceChildren(errorBox(new Error('Hãy nhập mã đơn vị')));
    let ch = {};
    if (changes.value.trim()) {
      try {
        ch = JSON.parse(changes.value);
      } catch (e) {
        changes.focus();
        return out.replaceChildren(errorBox(new Error(`Phần thay đổi không phải JSON hợp lệ: ${e.message}`)));
      }
      if (!ch || typeof ch !== 'object' || Array.isArray(ch))
        return out.replaceChildren(errorBox(new Error('Phần thay đổi phải là một đối tượng JSON, bắt đầu bằng «{»')));
    }
    if (newCode.value.trim()) ch.code = newCode.value.trim();
    if (newName.value.trim()) ch.name = newName.value.trim();
    btn.disabled = true;
    try {
      const r = await post(`/frameworks/${enc(fw.code)}/derive`, { unit: u, version: fw.version, changes: ch });
      const f = r.framework;
      out.replaceChildren(r.created
        ? h('p.okmsg', { role: 'status' }, `Đã lưu khung «${f.code}» bản ${f.version} cho đơn vị ${f.unit}. `, h('a', { href: `/khung/${enc(f.code)}` }, 'Xem khung mới ›'))
        : h('p.notice', { role: 'status' }, `Khung «${f.code}» của ${f.unit} đã giống hệt như vậy (bản ${f.version}); không lưu thêm phiên bản mới. `, h('a', { href: `/khung/${enc(f.code)}` }, 'Xem khung ›')));
    } catch (e) {
      out.replaceChildren(errorBox(e));
    } finally {
      btn.disabled = false;
    }
  }

  return [
    h('h2', 'Xây dựng khung riêng của đơn vị từ khung này'),
    h('form.card', { onsubmit: submit },
      h('p.small.muted', 'Đơn vị được chia nhỏ tiêu chí trong từng nhóm, thêm điểm trừ, điểm thưởng và trường hợp xếp loại thấp nhất của mình, nhưng phải giữ tổng điểm từng nhóm, mức xếp loại, thời gian hiệu lực và không nới rộng tỷ lệ xếp loại cao nhất của khung này.'),
      unit.nodes,
      h('div.row',
        h('div.grow', h('label', { for: 'derive-code' }, 'Mã khung mới'), newCode),
        h('div.grow', h('label', { for: 'derive-name' }, 'Tên khung mới'), newName)),
      h('label', { for: 'derive-changes' }, 'Những thay đổi (JSON)'),
      changes,
      h('p#derive-hd.small.muted',
        'Chỉ ghi phần khác với khung này. Nhóm được ghép theo «code»; danh sách «criteria» của một nhóm được thay cả danh sách, mỗi tiêu chí có code, name, kind (scored, deduction, bonus), max; «disqualifiers» thêm trường hợp xếp loại thấp nhất (code, reason). Ví dụ: ',
        h('code', '{"groups": [{"code": "YT", "criteria": [{"code": "YT_KL", "name": "Chấp hành kỷ luật", "kind": "scored", "max": 12.5}, {"code": "YT_DD", "name": "Đạo đức, lối sống", "kind": "scored", "max": 7.5}]}]}')),
      h('div.row', btn, fill),
      out),
  ];
}
