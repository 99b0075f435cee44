// Quyết định: the head's decision lists for the month — a quota meter (how
// many top grades are allowed, how many are chosen), who canbo proposes,
// ties at the boundary the head must choose with a reason; then publish,
// answer objections, lock, and reopen one evaluation with a reason.
import { get, post } from '../api.js';
import { date, errorBox, h, monthLabel, num, toast } from '../fmt.js';
import { monthAndRoot } from './review.js';

export async function render(ctx) {
  const { month, months } = await monthAndRoot(ctx.params);
  if (!month) return [h('h1', 'Quyết định'), h('p.notice', 'Chưa có kỳ đánh giá nào được mở.')];
  const unit = ctx.params.get('don-vi') || ctx.me.scope || (await get('/units?limit=1')).items[0].code;
  const [y, m] = month.split('-');
  const picker = h('select#month.w10', { onchange: () => ctx.go(`/quyet-dinh?thang=${picker.value}&don-vi=${encodeURIComponent(unit)}`) },
    months.map((mm) => h('option', { value: mm, selected: mm === month }, mm.split('-').reverse().join('/'))));
  const out = [h('h1', `Quyết định xếp loại ${monthLabel(y, m)}`), h('div.row', h('label', { for: 'month' }, 'Tháng'), picker,
    h('span.muted', `Đơn vị: ${unit}`))];

  let prop, evs;
  try {
    [prop, evs] = await Promise.all([
      get(`/decisions?month=${month}&unit=${encodeURIComponent(unit)}`),
      get(`/evaluations?unit=${encodeURIComponent(unit)}&month=${month}&limit=1000`),
    ]);
  } catch (e) {
    return [...out, errorBox(e)];
  }
  const me = ctx.me.person ? ctx.me.person.code : null;
  const lists = (prop.lists || []).filter((l) => ctx.me.role === 'admin' || (l.decider && l.decider.code === me));
  if (!lists.length && prop.not_ready) {
    out.push(h('p.notice', `Còn ${prop.not_ready} người trong đơn vị chưa được nhận xét (hoặc chưa tự đánh giá). `,
      'Danh sách để quyết định xếp loại sẽ hiện ở đây khi mọi người đã được nhận xét.'));
    try {
      const st = await get(`/periods/${month}/status?unit=${encodeURIComponent(unit)}`);
      const L = { pending: 'Chờ tự đánh giá', self_assessed: 'Chờ nhận xét', reviewed: 'Đã nhận xét', decided: 'Đã quyết định', published: 'Đã công khai', locked: 'Đã khoá' };
      out.push(h('div.card', h('h2', 'Tiến độ của đơn vị'), h('ul', Object.entries(st.by_status || {}).map(([k, v]) =>
        h('li', `${L[k] || k}: ${v} người`))),
      st.due ? h('p.small.muted', `Hạn tự đánh giá ${date(st.due.self)}, nhận xét ${date(st.due.review)}, quyết định ${date(st.due.decide)}`) : ''));
    } catch { /* the progress is a help, not needed */ }
    return out;
  }
  if (!lists.length) return [...out, h('p.notice', 'Tháng này bạn không có danh sách nào phải quyết định trong đơn vị này.')];
  const byCode = new Map((evs.items || []).map((x) => [x.person.code, x]));
  const statuses = lists.flatMap((l) => l.people.map((p) => (byCode.get(p.code) || {}).status));
  const allDecided = statuses.every((s) => s === 'decided' || s === 'published' || s === 'locked');
  const anyDecided = statuses.some((s) => s === 'decided');
  const allPublished = statuses.every((s) => s === 'published' || s === 'locked');

  if (prop.not_ready)
    out.push(h('p.notice', `Còn ${prop.not_ready} người chưa được nhận xét. Chỉ quyết định được khi mọi người trong danh sách đã được nhận xét.`));

  const checks = [];
  const meters = [];
  const reason = h('textarea#reason', { placeholder: 'Ví dụ: chọn người có sản phẩm vượt kế hoạch rõ nhất' });
  const err = h('div');

  lists.forEach((l, li) => {
    const q = l.quota;
    const meterBar = h('span');
    const meterText = h('p.small');
    const meter = h('div.meter', { role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': String(q ? q.max_top : 0), 'aria-label': `Số người xếp loại ${l.top_grade}` }, meterBar);
    const tied = new Set((l.ties || []).flatMap((t) => t.members));
    const rows = l.people.map((p) => {
      const ev = byCode.get(p.code) || {};
      const fixed = p.fixed || ev.status === 'published' || ev.status === 'locked';
      const box = h('input', {
        type: 'checkbox', id: `top-${p.code}`, disabled: !p.reaches_top || fixed || allDecided,
        checked: ev.top_granted || p.proposal === 'granted',
        'aria-label': `Xếp loại ${l.top_grade} cho ${p.name}`,
      });
      box.addEventListener('change', update);
      checks.push({ p, box, li, reaches: p.reaches_top });
      return h('tr', { class: tied.has(p.code) ? 'sel' : null },
        h('td', box), h('td', h('label', { for: `top-${p.code}` }, p.name), h('div.small.muted', p.unit)),
        h('td.num', num(p.score)),
        h('td', p.disqualified ? h('span.badge.late', p.disqualified) : p.reaches_top ? `Đủ điểm ${l.top_grade}` : ''),
        h('td', tied.has(p.code) ? h('strong', 'Đồng điểm — anh/chị chọn') : proposalLabel(p.proposal)),
        h('td', ev.grade ? h('span', ev.grade.code) : h('span.muted', ev.status_label || '')));
    });
    meters.push({ li, q, meterBar, meterText, meter });
    out.push(h('section.card',
      h('h2', `Danh sách ${l.framework ? l.framework.code : ''}: ${l.people.length} người`),
      q ? [meter, meterText] : h('p.small.muted', 'Khung này không giới hạn số người xếp loại cao nhất.'),
      (l.ties || []).length ? h('p.notice', (l.ties || []).map((t) =>
        `${t.members.length} người cùng ${num(t.score)} điểm ở ranh giới, chỉ được chọn ${t.choose}: canbo không tự chọn, anh/chị chọn và ghi lý do.`).join(' ')) : '',
      h('div.table-wrap', h('table',
        h('thead', h('tr', [l.top_grade, 'Họ và tên', 'Điểm', '', 'Đề xuất', 'Kết quả'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', rows)))));
  });

  function update() {
    let over = false;
    for (const mt of meters) {
      if (!mt.q) continue;
      const chosen = checks.filter((c) => c.li === mt.li && c.box.checked).length;
      const max = mt.q.max_top;
      const pct = max ? Math.min(100, Math.round((chosen * 100) / max)) : chosen ? 100 : 0;
      mt.meterBar.style.width = `${pct}%`;
      mt.meter.classList.toggle('over', chosen > max);
      mt.meter.setAttribute('aria-valuenow', String(chosen));
      mt.meterText.textContent = `Đã chọn ${chosen} / tối đa ${max} người xếp loại cao nhất (${num(mt.q.permille / 10)}% của ${mt.q.rated} người được xếp loại)${chosen > max ? ' — VƯỢT TỶ LỆ' : ''}`;
      if (chosen > max) over = true;
    }
    return over;
  }
  update();

  const actions = h('div.card');
  if (!allDecided) {
    const btn = h('button', { type: 'submit', disabled: prop.not_ready > 0 }, 'Quyết định xếp loại');
    actions.append(h('form', {
      onsubmit: async (evt) => {
        evt.preventDefault();
        err.replaceChildren();
        const grant = [], deny = [];
        let changed = false;
        for (const c of checks) {
          if (!c.reaches || c.box.disabled) continue;
          const proposed = c.p.proposal === 'granted';
          if (c.box.checked) grant.push(c.p.code); else deny.push(c.p.code);
          if (c.box.checked !== proposed) changed = true;
        }
        const hasTies = lists.some((l) => (l.ties || []).length);
        const body = { month, unit };
        if (changed || hasTies) {
          if (!reason.value.trim()) {
            reason.focus();
            return err.replaceChildren(errorBox(new Error('Khi chọn khác đề xuất hoặc chọn giữa những người đồng điểm, cần ghi lý do.')));
          }
          Object.assign(body, { grant, deny, reason: reason.value.trim() });
        }
        btn.disabled = true;
        try {
          const r = await post('/decisions', body);
          toast(`Đã quyết định xếp loại ${r.decided} người`);
          ctx.go(location.pathname + location.search, true);
        } catch (e) {
          err.replaceChildren(errorBox(e));
          btn.disabled = false;
        }
      },
    }, h('label', { for: 'reason' }, 'Lý do (khi chọn khác đề xuất hoặc có người đồng điểm)'), reason, err, h('p', btn)));
  } else {
    if (anyDecided)
      actions.append(h('p', h('button', { type: 'button', onclick: () => step('publish', 'Đã công khai kết quả') }, 'Công khai kết quả trong đơn vị')));
    if (allPublished)
      actions.append(h('p', h('button', { type: 'button', onclick: () => step('lock', 'Đã khoá kỳ đánh giá') }, 'Khoá kết quả tháng')));
    actions.append(err);
  }
  async function step(what, msg) {
    err.replaceChildren();
    try {
      await post(`/decisions/${what}`, { month, unit });
      toast(msg);
      ctx.go(location.pathname + location.search, true);
    } catch (e) {
      err.replaceChildren(errorBox(e));
    }
  }
  out.push(actions);

  // objections waiting for an answer
  const open = (evs.items || []).filter((x) => x.objection_open && (ctx.me.role === 'admin' || (x.decider && x.decider.code === me)));
  if (open.length) {
    out.push(h('h2', 'Kiến nghị chờ trả lời'));
    for (const x of open) out.push(await answerForm(ctx, x));
  }
  // reopening
  const done = (evs.items || []).filter((x) => ['decided', 'published', 'locked'].includes(x.status) && (ctx.me.role === 'admin' || (x.decider && x.decider.code === me)));
  if (done.length) {
    const sel = h('select#reopen-who', done.map((x) => h('option', { value: x.id }, `${x.person.name} (${x.status_label})`)));
    const why = h('input#reopen-why', { autocomplete: 'off' });
    const rerr = h('div');
    out.push(h('details.card', h('summary', 'Mở lại một bản đánh giá'),
      h('form', {
        onsubmit: async (evt) => {
          evt.preventDefault();
          rerr.replaceChildren();
          if (!why.value.trim()) return rerr.replaceChildren(errorBox(new Error('Cần ghi lý do mở lại')));
          try {
            await post('/decisions/reopen', { evaluation: Number(sel.value), reason: why.value.trim() });
            toast('Đã mở lại bản đánh giá');
            ctx.go(location.pathname + location.search, true);
          } catch (e) {
            rerr.replaceChildren(errorBox(e));
          }
        },
      }, h('label', { for: 'reopen-who' }, 'Người'), sel, h('label', { for: 'reopen-why' }, 'Lý do mở lại'), why, rerr,
      h('p', h('button.secondary', { type: 'submit' }, 'Mở lại')))));
  }
  return out;
}

function proposalLabel(p) {
  return { granted: 'Đề xuất xếp loại cao nhất', denied: 'Không đủ tỷ lệ', tied: 'Đồng điểm', not_eligible: '' }[p] || '';
}

async function answerForm(ctx, x) {
  const ev = await get(`/evaluations/${x.id}`);
  const o = (ev.objections || []).find((k) => !k.answer);
  const why = h(`textarea#ans-${x.id}`, { required: true });
  const grant = h(`input#grant-${x.id}`, { type: 'checkbox' });
  const err = h('div');
  return h('form.card', {
    onsubmit: async (evt) => {
      evt.preventDefault();
      if (!why.value.trim()) return err.replaceChildren(errorBox(new Error('Cần ghi nội dung trả lời')));
      try {
        const body = { reason: why.value.trim(), version: ev.version };
        if (grant.checked) body.grant_top = true;
        await post(`/evaluations/${x.id}/answer`, body);
        toast('Đã trả lời kiến nghị');
        ctx.go(location.pathname + location.search, true);
      } catch (e) {
        err.replaceChildren(errorBox(e));
      }
    },
  }, h('p', h('strong', x.person.name), `: ${num(x.final_total)} điểm, ${x.grade ? x.grade.label : ''}`),
  o ? h('p', `Kiến nghị ngày ${date(o.at)}: «${o.reason}»`) : '',
  h('label', { for: `ans-${x.id}` }, 'Trả lời'), why,
  h('p.row', grant, h('label', { for: `grant-${x.id}` }, 'Xếp loại cao nhất (nếu còn trong tỷ lệ)')), err,
  h('p', h('button', { type: 'submit' }, 'Gửi trả lời')));
}
