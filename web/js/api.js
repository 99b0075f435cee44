// The API client: same-origin fetch with the session cookie, the CSRF token
// on writes, and the one error shape turned into an Error with a Vietnamese
// message (err.code, err.status, err.details).
let csrf = null;

function readCsrfCookie() {
  const m = document.cookie.match(/(?:^|;\s*)canbo_csrf=([0-9a-f]+)/);
  return m ? m[1] : null;
}

export function setCsrf(t) { csrf = t; }

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `Lỗi máy chủ (${status})`);
    this.status = status;
    this.code = e.code || 'unknown';
    this.details = e.details ?? null;
  }
}

export async function api(method, path, body, opts = {}) {
  const headers = { Accept: 'application/json', ...(opts.headers || {}) };
  const token = csrf || readCsrfCookie();
  if (method !== 'GET' && token) headers['X-CSRF-Token'] = token;
  let payload;
  if (body instanceof Blob || body instanceof ArrayBuffer) {
    payload = body;
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  let res;
  try {
    res = await fetch('/api/v1' + path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, { error: { code: 'network', message: 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.' } });
  }
  const ct = res.headers.get('content-type') || '';
  const data = ct.startsWith('application/json') ? await res.json().catch(() => null) : await res.blob();
  if (!res.ok) {
    const err = new ApiError(res.status, data);
    if (res.status === 401 && !opts.noRedirect) window.dispatchEvent(new CustomEvent('canbo:signed-out'));
    if (err.details && err.details.reason === 'password_change_required')
      window.dispatchEvent(new CustomEvent('canbo:must-change'));
    throw err;
  }
  return data;
}

export const get = (p, o) => api('GET', p, undefined, o);
export const post = (p, b, o) => api('POST', p, b ?? {}, o);
export const put = (p, b, o) => api('PUT', p, b ?? {}, o);
export const del = (p, o) => api('DELETE', p, undefined, o);

// Polls a background job until it ends; onProgress(job) on every answer.
export async function waitJob(id, onProgress) {
  for (;;) {
    const j = await get(`/jobs/${id}`);
    if (onProgress) onProgress(j);
    if (j.state === 'done') return j;
    if (j.state === 'failed') {
      const err = new ApiError(400, { error: j.error || { message: j.message } });
      err.job = j;
      throw err;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
