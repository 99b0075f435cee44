// canbo's web interface: the shell (sign-in, password change, navigation by
// role) and a small router; each screen is a module loaded when first used,
// so the first screen stays small.
import { ApiError, get, post, setCsrf } from './api.js';
import { errorBox, h, toast } from './fmt.js';

export const state = { me: null };

// Screens: path → {title, module, roles (null: everyone signed in), person: needs a linked person}
const SCREENS = [
  { path: '/thang', title: 'Tháng của tôi', module: './pages/month.js', person: true },
  { path: '/nhan-xet', title: 'Nhận xét', module: './pages/review.js', roles: ['reviewer', 'head', 'admin'], person: true },
  { path: '/quyet-dinh', title: 'Quyết định', module: './pages/decide.js', roles: ['head', 'admin'] },
  { path: '/ket-qua', title: 'Kết quả', module: './pages/results.js', roles: ['head', 'hr', 'viewer', 'admin'] },
  { path: '/nhan-su', title: 'Nhân sự', module: './pages/people.js', roles: ['head', 'hr', 'viewer', 'admin'] },
  { path: '/don-vi', title: 'Đơn vị', module: './pages/units.js', roles: ['head', 'hr', 'viewer', 'admin'] },
  { path: '/nhap', title: 'Nhập Excel', module: './pages/import.js', roles: ['hr', 'admin'] },
  { path: '/khung', title: 'Bộ tiêu chí', module: './pages/frameworks.js', roles: ['hr', 'viewer', 'admin'] },
  { path: '/ky', title: 'Kỳ đánh giá', module: './pages/periods.js', roles: ['hr', 'admin'] },
];

function allowed(s) {
  const me = state.me;
  if (!me) return false;
  if (s.roles && !s.roles.includes(me.role)) return false;
  if (s.person && !me.person && me.role !== 'admin') return false;
  if (s.person && !me.person) return false;
  return true;
}

function homePath() {
  const me = state.me;
  const first = { staff: '/thang', reviewer: '/nhan-xet', head: '/quyet-dinh', hr: '/nhan-su', viewer: '/ket-qua', admin: '/nhan-su' }[me.role];
  return SCREENS.find((s) => s.path === first && allowed(s)) ? first : (SCREENS.find(allowed) || { path: '/thang' }).path;
}

export function go(path, replace = false) {
  if (replace) history.replaceState({}, '', path);
  else history.pushState({}, '', path);
  route();
}

document.addEventListener('click', (ev) => {
  const a = ev.target.closest('a[href^="/"]');
  if (!a || a.target || ev.ctrlKey || ev.metaKey || ev.shiftKey || a.hasAttribute('download')) return;
  if (a.getAttribute('href').startsWith('/api/')) return;
  ev.preventDefault();
  go(a.getAttribute('href'));
});
window.addEventListener('popstate', route);
window.addEventListener('canbo:signed-out', () => {
  state.me = null;
  if (location.pathname !== '/dang-nhap') go('/dang-nhap', true);
});
window.addEventListener('canbo:must-change', () => go('/doi-mat-khau', true));

const main = () => document.getElementById('main');

function setPage(title, ...content) {
  document.title = `${title} — canbo`;
  const m = main();
  m.replaceChildren(...content);
  m.focus({ preventScroll: true });
}

function renderShell() {
  const top = document.getElementById('top');
  const me = state.me;
  if (!me || me.must_change_password) {
    top.hidden = true;
    return;
  }
  top.hidden = false;
  const nav = document.getElementById('nav');
  nav.replaceChildren(...SCREENS.filter(allowed).map((s) =>
    h('a', { href: s.path, 'aria-current': location.pathname.startsWith(s.path) ? 'page' : null }, s.title)));
  const who = document.getElementById('who');
  who.replaceChildren(
    h('span', me.person ? me.person.name : me.username, h('span.sr-only', `, ${me.role_label}`)),
    h('button', { type: 'button', onclick: signOut }, 'Đăng xuất'));
}

async function signOut() {
  try { await post('/auth/logout'); } catch { /* signed out anyway */ }
  state.me = null;
  go('/dang-nhap', true);
}

function signInPage() {
  const err = h('div');
  const user = h('input#username', { name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const pass = h('input#password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const btn = h('button', { type: 'submit' }, 'Đăng nhập');
  const form = h('form.card.form-narrow', {
    onsubmit: async (ev) => {
      ev.preventDefault();
      btn.disabled = true;
      err.replaceChildren();
      try {
        const r = await post('/auth/login', { username: user.value.trim(), password: pass.value }, { noRedirect: true });
        setCsrf(r.csrf_token);
        state.me = r.user;
        go(r.user.must_change_password ? '/doi-mat-khau' : (new URLSearchParams(location.search).get('sau') || '/'), true);
      } catch (e) {
        err.replaceChildren(errorBox(e));
        pass.select();
      } finally {
        btn.disabled = false;
      }
    },
  },
  h('h1', 'Đăng nhập canbo'),
  h('p.muted', 'Đánh giá, xếp loại cán bộ, công chức, viên chức hằng tháng.'),
  h('label', { for: 'username' }, 'Tên đăng nhập'), user,
  h('label', { for: 'password' }, 'Mật khẩu'), pass,
  err,
  h('p', btn));
  setPage('Đăng nhập', form);
  user.focus();
  if (!window.canboReadyAt) window.canboReadyAt = performance.now(); // measured by the browser tests
}

function passwordPage() {
  const me = state.me;
  const err = h('div');
  const oldp = h('input#old', { type: 'password', autocomplete: 'current-password', required: true });
  const newp = h('input#new', { type: 'password', autocomplete: 'new-password', required: true, minlength: '10', 'aria-describedby': 'pwhelp' });
  const again = h('input#again', { type: 'password', autocomplete: 'new-password', required: true });
  const btn = h('button', { type: 'submit' }, 'Đổi mật khẩu');
  const form = h('form.card.form-narrow', {
    onsubmit: async (ev) => {
      ev.preventDefault();
      err.replaceChildren();
      if (newp.value !== again.value) {
        err.replaceChildren(errorBox(new Error('Hai lần nhập mật khẩu mới không khớp nhau')));
        again.focus();
        return;
      }
      btn.disabled = true;
      try {
        await post('/auth/password', { old_password: oldp.value, new_password: newp.value });
        state.me = (await get('/auth/me')).user;
        toast('Đã đổi mật khẩu');
        go('/', true);
      } catch (e) {
        err.replaceChildren(errorBox(e));
      } finally {
        btn.disabled = false;
      }
    },
  },
  h('h1', me && me.must_change_password ? 'Đặt mật khẩu của bạn' : 'Đổi mật khẩu'),
  me && me.must_change_password ? h('p.notice', 'Bạn đang dùng mật khẩu ban đầu do quản trị viên cấp. Hãy đặt mật khẩu riêng trước khi tiếp tục.') : null,
  h('label', { for: 'old' }, 'Mật khẩu hiện tại'), oldp,
  h('label', { for: 'new' }, 'Mật khẩu mới'), newp,
  h('p#pwhelp.small.muted', 'Ít nhất 10 ký tự. Nên dùng một câu dễ nhớ với bạn, khó đoán với người khác.'),
  h('label', { for: 'again' }, 'Nhập lại mật khẩu mới'), again,
  err,
  h('p', btn));
  setPage('Đổi mật khẩu', form);
  oldp.focus();
}

const loaded = new Map();

export async function route() {
  const path = location.pathname;
  if (path === '/dang-nhap') {
    renderShell();
    return signInPage();
  }
  if (!state.me && !/(?:^|;\s*)canbo_csrf=/.test(document.cookie)) {
    // never signed in on this browser (the session cookie itself is
    // HttpOnly; its companion CSRF cookie is not): no need to ask
    history.replaceState({}, '', path === '/' ? '/dang-nhap' : `/dang-nhap?sau=${encodeURIComponent(path)}`);
    renderShell();
    return signInPage();
  }
  if (!state.me) {
    try {
      const r = await get('/auth/me', { noRedirect: true });
      state.me = r.user;
      if (r.csrf_token) setCsrf(r.csrf_token);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        history.replaceState({}, '', path === '/' ? '/dang-nhap' : `/dang-nhap?sau=${encodeURIComponent(path)}`);
        renderShell();
        return signInPage();
      }
      return setPage('Lỗi', errorBox(e));
    }
  }
  if (state.me.must_change_password && path !== '/doi-mat-khau') return go('/doi-mat-khau', true);
  renderShell();
  if (path === '/doi-mat-khau') return passwordPage();
  if (path === '/') return go(homePath(), true);
  const screen = SCREENS.find((s) => path === s.path || path.startsWith(s.path + '/'));
  if (!screen) return setPage('Không có trang này', h('h1', 'Không có trang này'), h('p', h('a', { href: '/' }, 'Về trang đầu')));
  if (!allowed(screen)) return setPage(screen.title, h('h1', screen.title), h('p.error', 'Vai trò của bạn không dùng được chức năng này.'));
  try {
    if (!loaded.has(screen.module)) loaded.set(screen.module, await import(screen.module));
    const mod = loaded.get(screen.module);
    setPage(screen.title, h('p.loading', { role: 'status' }, 'Đang tải…'));
    const rest = path.slice(screen.path.length + 1);
    const content = await mod.render({ me: state.me, rest: rest ? decodeURIComponent(rest) : '', params: new URLSearchParams(location.search), go });
    if (location.pathname === path) setPage(screen.title, ...[].concat(content));
  } catch (e) {
    setPage(screen.title, h('h1', screen.title), errorBox(e));
  }
}

route();
