// Nhập Excel: upload a list of people or units (XLSX or CSV), follow the
// background job, then show what was written or, when any row is wrong (and
// so nothing was written), every problem row by row with the report to
// download as a workbook.
import { api, waitJob } from '../api.js';
import { errorBox, h, int, isoDate } from '../fmt.js';
import { progressBar } from './results.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const HELP = {
  people: [
    'Dòng tiêu đề phải có cột «Mã» và «Họ và tên»; người mới cần thêm «Phân loại» (CB, CC, VC, LĐHĐ). ',
    'Ngoài ra canbo nhận các cột Ngày sinh, Giới tính, Mã đơn vị và Chức vụ (đi cùng nhau), Ngày bổ nhiệm, Số quyết định, Mã ngạch, Ngạch, Bậc lương, Hệ số lương, Trình độ chuyên môn, Lý luận chính trị, Quản lý nhà nước, Dân tộc, Quê quán, Trạng thái… ',
  ],
  units: [
    'Dòng tiêu đề phải có cột «Mã», «Tên», «Loại» (Phường, Xã, Phòng, Sở/ban/ngành…) và «Khối»; ',
    'canbo còn nhận «Mã đơn vị cha» (để trống với đơn vị gốc), «Hiệu lực từ» và «Số quyết định». ',
  ],
};

function helpText(kind) {
  return [
    ...HELP[kind],
    'Tên cột không phân biệt hoa thường, có dấu hay không dấu, theo thứ tự nào cũng được; các dòng tiêu đề văn bản phía trên bảng được bỏ qua, ngày viết dd/mm/yyyy. Nhập lại cùng mã thì cập nhật. ',
    h('strong', 'Chỉ cần một dòng sai là không có gì được ghi'),
    ': canbo liệt kê từng lỗi (dòng, cột, giá trị, lý do) để sửa rồi nhập lại cả tệp.',
  ];
}

export async function render(ctx) {
  const kind = h('select#kind',
    h('option', { value: 'people', selected: ctx.params.get('loai') !== 'don-vi' }, 'Danh sách nhân sự'),
    h('option', { value: 'units', selected: ctx.params.get('loai') === 'don-vi' }, 'Danh sách đơn vị'));
  const file = h('input#file', { type: 'file', accept: '.xlsx,.csv,text/csv,' + XLSX_TYPE, 'aria-describedby': 'file-hd' });
  const sheet = h('input#sheet', { autocomplete: 'off', placeholder: 'Để trống: trang đầu tiên', 'aria-describedby': 'sheet-hd' });
  const day = h('input#day.w10', { inputmode: 'numeric', placeholder: 'dd/mm/yyyy', autocomplete: 'off', 'aria-describedby': 'day-hd' });
  const encoding = h('select#encoding',
    [['auto', 'Tự nhận ra'], ['utf8', 'Unicode (UTF-8)'], ['tcvn3', 'TCVN3 (ABC, phông .Vn)'], ['vni', 'VNI-Windows'], ['cp1258', 'Windows-1258']]
      .map(([v, l]) => h('option', { value: v }, l)));
  const mode = h('select#mode',
    h('option', { value: 'write' }, 'Nhập vào cơ sở dữ liệu'),
    h('option', { value: 'dry' }, 'Chỉ kiểm tra, không ghi'));
  const help = h('p#file-hd.small', helpText(kind.value));
  const dayBox = h('div', h('label', { for: 'day' }, 'Ngày thay đổi chức vụ có hiệu lực'), day,
    h('p#day-hd.small.muted', 'Để trống: theo cột «Ngày bổ nhiệm», không có thì là hôm nay.'));
  kind.addEventListener('change', () => {
    help.replaceChildren(...helpText(kind.value));
    dayBox.hidden = kind.value !== 'people';
  });
  const btn = h('button', { type: 'submit' }, 'Tải tệp lên và nhập');
  mode.addEventListener('change', () => { btn.textContent = mode.value === 'dry' ? 'Tải tệp lên và kiểm tra' : 'Tải tệp lên và nhập'; });
  const out = h('div', { 'aria-live': 'polite' });

  async function submit(ev) {
    ev.preventDefault();
    out.replaceChildren();
    const f = file.files[0];
    if (!f) return out.replaceChildren(errorBox(new Error('Hãy chọn tệp Excel (.xlsx) hoặc CSV')));
    const xlsx = /\.xlsx$/i.test(f.name) || f.type === XLSX_TYPE;
    if (!xlsx && !/\.(csv|txt)$/i.test(f.name))
      return out.replaceChildren(errorBox(new Error(`Tệp «${f.name}» không phải .xlsx hay .csv. Với tệp .xls cũ, hãy mở bằng Excel rồi lưu lại dạng .xlsx.`)));
    const what = kind.value;
    const qs = new URLSearchParams({ filename: f.name });
    if (sheet.value.trim()) qs.set('sheet', sheet.value.trim());
    if (encoding.value !== 'auto') qs.set('encoding', encoding.value);
    if (what === 'people' && day.value.trim()) {
      if (!isoDate(day.value)) return out.replaceChildren(errorBox(new Error('Ngày phải viết dạng dd/mm/yyyy, ví dụ 01/11/2026')));
      qs.set('date', day.value.trim());
    }
    const dry = mode.value === 'dry';
    if (dry) qs.set('dry_run', 'true');
    btn.disabled = true;
    const bar = progressBar('Tiến độ đọc tệp');
    out.replaceChildren(h('p', `Đang tải lên «${f.name}» (${size(f.size)})…`), bar.node);
    let job = null;
    try {
      const r = await api('POST', `/imports/${what}?${qs}`, f, { headers: { 'Content-Type': xlsx ? XLSX_TYPE : 'text/csv' } });
      job = r.job;
      const done = await waitJob(job, (j) => bar.set(j, 'Đã đọc'));
      out.replaceChildren(success(done.result, what, dry));
    } catch (e) {
      out.replaceChildren(...failure(e, job));
    } finally {
      btn.disabled = false;
      const first = out.querySelector('[tabindex="-1"]');
      if (first) first.focus();
    }
  }

  const me = ctx.me;
  const form = h('form.card', { onsubmit: submit },
    h('div.row',
      h('div', h('label', { for: 'kind' }, 'Loại dữ liệu'), kind),
      h('div', h('label', { for: 'mode' }, 'Cách nhập'), mode)),
    h('label', { for: 'file' }, 'Tệp Excel (.xlsx) hoặc CSV'), file,
    help,
    h('div.row',
      h('div.grow', h('label', { for: 'sheet' }, 'Tên trang tính (tệp Excel)'), sheet,
        h('p#sheet-hd.small.muted', 'Không cần gõ dấu hay đúng hoa thường.')),
      h('div', h('label', { for: 'encoding' }, 'Bảng mã (tệp CSV cũ)'), encoding),
      dayBox),
    h('p', btn));
  return [
    h('h1', 'Nhập từ Excel'),
    me.role === 'hr' && me.scope
      ? h('p.notice', `Tài khoản của bạn được giao phạm vi ${me.scope}. Chỉ cán bộ tổ chức phụ trách toàn hệ thống hoặc quản trị viên được nhập dữ liệu từ tệp, vì một tệp có thể chạm tới đơn vị ngoài phạm vi được giao.`)
      : null,
    form,
    out,
  ].filter(Boolean);
}

function size(n) {
  if (n < 1024) return `${int(n)} byte`;
  if (n < 1024 * 1024) return `${int(Math.round(n / 1024))} KB`;
  return `${(n / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

function success(r, kind, dry) {
  const what = kind === 'people' ? 'người' : 'đơn vị';
  const counts = `${int(r.rows)} dòng: thêm mới ${int(r.created)}, cập nhật ${int(r.updated)}, không đổi ${int(r.unchanged)} ${what}.`;
  return h('div',
    h(dry ? 'div.notice' : 'div.okmsg', { role: 'status', tabindex: '-1' },
      h('p', h('strong', dry
        ? `Tệp «${r.file}» hợp lệ. Chưa ghi gì vào cơ sở dữ liệu (chỉ kiểm tra).`
        : `Đã nhập xong tệp «${r.file}».`)),
      h('p', dry ? `Nếu nhập thật: ${counts}` : counts),
      r.encoding && !/^utf-?8$/i.test(r.encoding) ? h('p.small', `Bảng mã nhận ra: ${r.encoding} (đã chuyển sang Unicode).`) : null),
    r.ignored_columns && r.ignored_columns.length
      ? h('p.notice', `Các cột không nhận ra nên đã bỏ qua: ${r.ignored_columns.map((c) => `«${c}»`).join(', ')}.`)
      : null,
    dry ? null : h('p', h('a', { href: kind === 'people' ? '/nhan-su' : '/don-vi' }, kind === 'people' ? 'Xem danh sách nhân sự ›' : 'Xem cơ cấu tổ chức ›')));
}

function failure(e, job) {
  const d = e.details;
  if (!d || !Array.isArray(d.problems) || !d.problems.length) {
    const box = errorBox(e);
    box.tabIndex = -1;
    return [box];
  }
  const id = (e.job && e.job.id) || job;
  return [
    h('div.error', { role: 'alert', tabindex: '-1' },
      h('p', h('strong', e.message)),
      h('p', 'Không có gì được ghi vào cơ sở dữ liệu. Sửa các dòng dưới đây trong tệp rồi nhập lại cả tệp.')),
    h('p.row',
      h('a.btn.secondary', { href: `/api/v1/imports/${id}/report.xlsx`, download: '' }, 'Tải báo cáo lỗi (Excel)'),
      h('span.small.muted', 'ô sai được tô đỏ, để in hoặc gửi lại đơn vị')),
    d.total > d.problems.length
      ? h('p.notice', `Đang hiện ${int(d.problems.length)} lỗi đầu tiên trong tổng số ${int(d.total)} lỗi.`)
      : null,
    h('div.table-wrap', h('table',
      h('caption.sr-only', `Các lỗi trong tệp ${d.file || ''}`),
      h('thead', h('tr', h('th.num', { scope: 'col' }, 'Dòng'), h('th', { scope: 'col' }, 'Cột'), h('th', { scope: 'col' }, 'Giá trị'), h('th', { scope: 'col' }, 'Lý do'))),
      h('tbody', d.problems.map((p) => h('tr',
        h('td.num', p.row ?? ''),
        h('td', p.column || ''),
        h('td', p.value ? h('code', p.value) : h('span.muted', '(trống)')),
        h('td', p.reason || p.message || '')))))),
    d.ignored_columns && d.ignored_columns.length
      ? h('p.small.muted', `Các cột không nhận ra nên đã bỏ qua: ${d.ignored_columns.map((c) => `«${c}»`).join(', ')}.`)
      : null,
  ].filter(Boolean);
}
