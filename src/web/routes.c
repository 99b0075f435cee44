/*
 * routes: the routes table, the dispatcher (authentication, CSRF, roles,
 * the error shape), request and response helpers, sign-in rate limiting and
 * the OpenAPI document. See web.h.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "lib/jw.h"
#include "lib/text.h"
#include "lib/xalloc.h"
#include "web/web.h"

static const web_route_t *const GROUPS[] = {
	web_routes_auth,
	web_routes_org,
	web_routes_eval,
	web_routes_admin,
};

void web_routes_each(void (*fn)(const web_route_t *rt, void *arg), void *arg)
{
	for (size_t g = 0; g < sizeof GROUPS / sizeof GROUPS[0]; g++)
		for (const web_route_t *rt = GROUPS[g]; rt->method; rt++)
			fn(rt, arg);
}

/* Matches path against pattern; fills params (pointers into scratch, which
 * holds copies of the segments). */
static int match(const char *pattern, const char *path, web_req_t *q, char *scratch, size_t cap)
{
	int np = 0;
	size_t used = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == '{') {
			const char *pe = strchr(p, '}');
			const char *se = strchr(s, '/');
			if (!se)
				se = s + strlen(s);
			size_t n = (size_t)(se - s);
			if (n == 0 || np >= WEB_MAX_PARAMS || used + n + 1 > cap)
				return 0;
			memcpy(scratch + used, s, n);
			scratch[used + n] = 0;
			if (q)
				q->params[np] = scratch + used;
			np++;
			used += n + 1;
			p = pe + 1;
			s = se;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	if (*p || *s)
		return 0;
	if (q)
		q->nparams = np;
	return 1;
}

static _Thread_local char param_scratch[2048];

const web_route_t *web_route_find(const char *method, const char *path, web_req_t *q,
				  int *path_known)
{
	*path_known = 0;
	/* exact routes win over patterns ("/people/search" over "/people/{code}") */
	for (int pass = 0; pass < 2; pass++)
		for (size_t g = 0; g < sizeof GROUPS / sizeof GROUPS[0]; g++)
			for (const web_route_t *rt = GROUPS[g]; rt->method; rt++) {
				int has_param = strchr(rt->pattern, '{') != NULL;
				if (has_param != pass)
					continue;
				if (!match(rt->pattern, path, NULL, param_scratch, sizeof param_scratch))
					continue;
				*path_known = 1;
				if (strcmp(rt->method, method) &&
				    !(strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0))
					continue;
				match(rt->pattern, path, q, param_scratch, sizeof param_scratch);
				return rt;
			}
	return NULL;
}

/* ---- request helpers --------------------------------------------------------- */

const char *web_header(web_req_t *q, const char *name)
{
	return q->lookup ? q->lookup(q->impl, 0, name) : NULL;
}

const char *web_cookie(web_req_t *q, const char *name)
{
	return q->lookup ? q->lookup(q->impl, 2, name) : NULL;
}

/* Query values are NFC-normalised into strings the request owns (freed by
 * web_dispatch when the request ends). */
const char *web_query(web_req_t *q, const char *name)
{
	const char *v = q->lookup ? q->lookup(q->impl, 1, name) : NULL;
	if (!v)
		return NULL;
	err_t e;
	char *n = text_nfc(v, strlen(v), &e);
	if (!n)
		return NULL;
	if (q->ntmp == (int)(sizeof q->tmp / sizeof q->tmp[0])) {
		free(q->tmp[0]);
		memmove(q->tmp, q->tmp + 1, sizeof q->tmp - sizeof q->tmp[0]);
		q->ntmp--;
	}
	q->tmp[q->ntmp++] = n;
	return n;
}

const char *web_param(web_req_t *q, int i)
{
	return i >= 0 && i < q->nparams ? q->params[i] : NULL;
}

int web_param_id(web_req_t *q, int i, const char *what, int64_t *out, err_t *e)
{
	const char *v = web_param(q, i);
	*out = 0;
	int64_t n = 0;
	for (const char *p = v; p && *p; p++) {
		if (*p < '0' || *p > '9' || n > ((int64_t)1 << 53) / 10)
			return err_set(e, ERR_INVALID, "%s «%.40s» không hợp lệ (phải là số nguyên dương)", what, v);
		n = n * 10 + (*p - '0');
	}
	if (!v || !*v || n <= 0 || n > ((int64_t)1 << 53))
		return err_set(e, ERR_INVALID, "%s «%.40s» không hợp lệ (phải là số nguyên dương)", what,
			       v ? v : "");
	*out = n;
	return 0;
}

js_t *web_json_body(web_req_t *q, err_t *e)
{
	const char *ct = web_header(q, "Content-Type");
	if (!ct || strncasecmp(ct, "application/json", 16)) {
		err_set(e, ERR_INVALID, "Nội dung phải là JSON (Content-Type: application/json)");
		return NULL;
	}
	if (!q->body || q->body_len == 0) {
		err_set(e, ERR_INVALID, "Thiếu nội dung JSON");
		return NULL;
	}
	size_t bad;
	if (text_utf8_check(q->body, q->body_len, &bad)) {
		err_set(e, ERR_INVALID, "Nội dung không phải UTF-8 hợp lệ (byte thứ %zu)", bad + 1);
		return NULL;
	}
	js_t *v = js_parse(q->body, q->body_len,
			   q->route && (q->route->flags & WEB_F_UPLOAD) ? WEB_UPLOAD_MAX : WEB_JSON_MAX, e);
	if (!v)
		return NULL;
	if (js_typeof(v) != JS_OBJECT) {
		js_free(v);
		err_set(e, ERR_INVALID, "Nội dung JSON phải là một đối tượng {…}");
		return NULL;
	}
	return v;
}

int web_get_text(const js_t *obj, const char *key, int required, char **out, err_t *e)
{
	*out = NULL;
	const char *s = NULL;
	int r = js_get_str(obj, NULL, key, required, &s, e);
	if (r)
		return r;
	if (!s)
		return 0;
	*out = text_clean(s, strlen(s), e);
	if (!*out)
		return e ? e->code : ERR_INVALID;
	if (required && !**out) {
		free(*out);
		*out = NULL;
		return err_set(e, ERR_INVALID, "Trường «%s» không được để trống", key);
	}
	return 0;
}

int web_query_int(web_req_t *q, const char *name, int64_t min, int64_t max, int64_t def,
		  int64_t *out, err_t *e)
{
	const char *v = q->lookup ? q->lookup(q->impl, 1, name) : NULL;
	*out = def;
	if (!v)
		return 0;
	char *end;
	long long n = strtoll(v, &end, 10);
	if (!*v || *end || n < min || n > max)
		return err_set(e, ERR_INVALID, "Tham số «%s» phải là số nguyên từ %lld đến %lld", name,
			       (long long)min, (long long)max);
	*out = n;
	return 0;
}

int web_paging(web_req_t *q, long def, long max, long *limit, long *offset, err_t *e)
{
	int64_t l, o;
	int r = web_query_int(q, "limit", 1, max, def, &l, e);
	if (r || (r = web_query_int(q, "offset", 0, 1000000000, 0, &o, e)))
		return r;
	*limit = (long)l;
	*offset = (long)o;
	return 0;
}

/* ---- response helpers --------------------------------------------------------- */

void web_res_init(web_res_t *r)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->body, (size_t)256 << 20);
	buf_init(&r->details, (size_t)16 << 20);
}

void web_res_free(web_res_t *r)
{
	buf_free(&r->body);
	buf_free(&r->details);
	for (int i = 0; i < r->nheaders; i++)
		free(r->headers[i]);
	if (r->stream_free && r->stream_state)
		r->stream_free(r->stream_state);
	r->stream_state = NULL;
	r->nheaders = 0;
}

void web_res_header(web_res_t *r, const char *name, const char *value)
{
	if (r->nheaders >= WEB_MAX_HEADERS)
		return;
	size_t n = strlen(name) + strlen(value) + 3;
	char *h = xmalloc(n);
	snprintf(h, n, "%s: %s", name, value);
	r->headers[r->nheaders++] = h;
}

void web_res_json(web_res_t *r, int status, const char *json)
{
	r->status = status;
	r->content_type = NULL;
	buf_reset(&r->body);
	buf_puts(&r->body, json);
}

void web_res_error(web_res_t *r, err_code code, const char *message, const char *details_json)
{
	r->status = err_http_status(code);
	r->content_type = NULL;
	if (r->stream_free && r->stream_state)
		r->stream_free(r->stream_state);
	r->stream = NULL;
	r->stream_state = NULL;
	buf_reset(&r->body);
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_key(&w, "error");
	jw_obj(&w);
	jw_kstr(&w, "code", err_name(code));
	jw_kstr(&w, "message", message && *message ? message : err_default_msg(code));
	jw_key(&w, "details");
	if (details_json && *details_json)
		jw_raw(&w, details_json);
	else
		jw_null(&w);
	jw_obj_end(&w);
	jw_obj_end(&w);
}

/* ---- sign-in rate limiting ------------------------------------------------------- */

#define RL_SLOTS 1024
#define RL_WINDOW 600 /* seconds */
#define RL_MAX 20     /* failed sign-ins per address per window */

static struct {
	char ip[64];
	time_t start;
	int fails;
} rl[RL_SLOTS];
static pthread_mutex_t rl_mu = PTHREAD_MUTEX_INITIALIZER;

static size_t rl_slot(const char *ip)
{
	size_t h = 5381;
	for (const char *p = ip; *p; p++)
		h = h * 33 + (unsigned char)*p;
	return h % RL_SLOTS;
}

int web_login_allowed(const char *ip)
{
	pthread_mutex_lock(&rl_mu);
	size_t i = rl_slot(ip);
	int ok = 1;
	if (!strcmp(rl[i].ip, ip) && time(NULL) - rl[i].start < RL_WINDOW && rl[i].fails >= RL_MAX)
		ok = 0;
	pthread_mutex_unlock(&rl_mu);
	return ok;
}

void web_login_failed(const char *ip)
{
	pthread_mutex_lock(&rl_mu);
	size_t i = rl_slot(ip);
	time_t now = time(NULL);
	if (strcmp(rl[i].ip, ip) || now - rl[i].start >= RL_WINDOW) {
		snprintf(rl[i].ip, sizeof rl[i].ip, "%s", ip);
		rl[i].start = now;
		rl[i].fails = 0;
	}
	rl[i].fails++;
	pthread_mutex_unlock(&rl_mu);
}

/* ---- dispatch ------------------------------------------------------------------------ */

static int is_write(const char *method)
{
	return strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "OPTIONS");
}

static int authenticate(web_req_t *q, err_t *e)
{
	const char *authz = web_header(q, "Authorization");
	if (authz && !strncasecmp(authz, "Bearer ", 7)) {
		int r = auth_token(q->c, authz + 7, &q->user, e);
		if (r)
			return r;
		q->authed = 1;
		return 0;
	}
	const char *tok = web_cookie(q, "canbo_session");
	if (tok) {
		int r = auth_session(q->c, tok, &q->user, e);
		if (r)
			return r;
		q->authed = 1;
		q->via_cookie = 1;
		return 0;
	}
	return err_set(e, ERR_UNAUTHORIZED, "Bạn cần đăng nhập để dùng chức năng này");
}

static void dispatch(web_req_t *q, web_res_t *r)
{
	err_t e;
	err_clear(&e);
	int known = 0;
	const web_route_t *rt = web_route_find(q->method, q->path, q, &known);
	if (!rt) {
		if (known) {
			web_res_error(r, ERR_USAGE, "Phương thức không được hỗ trợ cho địa chỉ này", NULL);
			r->status = 405;
		} else {
			web_res_error(r, ERR_NOT_FOUND, "Không có địa chỉ này trong API", NULL);
		}
		return;
	}
	q->route = rt;
	for (int i = 0; i < q->nparams; i++) {
		size_t bad;
		if (text_utf8_check(q->params[i], strlen(q->params[i]), &bad)) {
			web_res_error(r, ERR_INVALID, "Địa chỉ chứa ký tự không hợp lệ (không phải UTF-8)", NULL);
			return;
		}
	}
	int rc = 0;
	if (!(rt->flags & WEB_F_PUBLIC)) {
		rc = authenticate(q, &e);
		if (rc) {
			/* a database that cannot be reached is not a sign-out: 503,
			 * so that a client retries rather than asks for a password */
			web_res_error(r, rc == ERR_BUSY || rc == ERR_DB ? (err_code)rc : ERR_UNAUTHORIZED,
				      e.msg, NULL);
			return;
		}
		auth_apply(q->c, &q->user);
		if (q->via_cookie && is_write(q->method)) {
			const char *tok = web_header(q, "X-CSRF-Token");
			if (!tok || strcmp(tok, q->user.csrf)) {
				web_res_error(r, ERR_FORBIDDEN,
					      "Thiếu hoặc sai mã chống giả mạo (X-CSRF-Token); hãy tải lại trang",
					      "{\"reason\":\"csrf\"}");
				return;
			}
		}
		if (q->user.must_change && !(rt->flags & WEB_F_PWCHANGE)) {
			web_res_error(r, ERR_FORBIDDEN,
				      "Bạn cần đổi mật khẩu ban đầu trước khi dùng canbo",
				      "{\"reason\":\"password_change_required\"}");
			return;
		}
		if (!(rt->roles & WEB_R(q->user.role))) {
			char msg[256];
			snprintf(msg, sizeof msg, "Vai trò «%s» không được dùng chức năng này",
				 auth_role_label(q->user.role));
			web_res_error(r, ERR_FORBIDDEN, msg, NULL);
			return;
		}
		if (q->user.read_only && is_write(q->method)) {
			web_res_error(r, ERR_FORBIDDEN,
				      "Khoá truy cập này chỉ được đọc, không được thay đổi dữ liệu", NULL);
			return;
		}
	}
	/* a read sees one snapshot and takes SQLite's locks once */
	int reading = !is_write(q->method);
	if (reading)
		(void)db_begin_read(q->c->db, NULL);
	uint64_t commits = db_commits(q->c->db);
	rc = rt->fn(q, r, &e);
	if (reading)
		db_end_read(q->c->db);
	if (db_in_tx(q->c->db))
		db_rollback(q->c->db); /* a handler never leaves one open */
	if (rc == ERR_BUSY && db_commits(q->c->db) != commits) {
		/* the change is stored; only the answer was lost (a handler reads
		 * back what it wrote): "try again" would do it twice */
		char msg[ERR_MSG_MAX];
		snprintf(msg, sizeof msg, "%s", e.msg);
		err_set(&e, ERR_BUSY,
			"Thay đổi đã được lưu, nhưng chưa trả lời được vì cơ sở dữ liệu gặp sự cố "
			"ngay sau đó (%.800s); hãy tải lại để xem kết quả, đừng gửi lại",
			msg);
	}
	if (rc) {
		char *details = r->details.len ? buf_take(&r->details) : NULL;
		web_res_error(r, (err_code)rc, e.msg, details);
		free(details);
	} else if (!r->status) {
		r->status = 200;
	}
}

void web_dispatch(web_req_t *q, web_res_t *r)
{
	dispatch(q, r);
	for (int i = 0; i < q->ntmp; i++)
		free(q->tmp[i]);
	q->ntmp = 0;
}

/* ---- OpenAPI ---------------------------------------------------------------------------- */

struct oa {
	jw_t *w;
	const char *path; /* the path being written */
	int open;
};

static void oa_params(jw_t *w, const char *pattern)
{
	jw_key(w, "parameters");
	jw_arr(w);
	for (const char *p = strchr(pattern, '{'); p; p = strchr(p + 1, '{')) {
		const char *end = strchr(p, '}');
		char name[64];
		snprintf(name, sizeof name, "%.*s", (int)(end - p - 1), p + 1);
		jw_obj(w);
		jw_kstr(w, "name", name);
		jw_kstr(w, "in", "path");
		jw_key(w, "required");
		jw_bool(w, 1);
		jw_key(w, "schema");
		jw_obj(w);
		jw_kstr(w, "type", "string");
		jw_obj_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static void oa_roles(jw_t *w, const web_route_t *rt)
{
	jw_key(w, "x-roles");
	jw_arr(w);
	if (!(rt->flags & WEB_F_PUBLIC))
		for (int i = 0; i <= ROLE_ADMIN; i++)
			if (rt->roles & WEB_R(i))
				jw_str(w, auth_role_name((app_role)i));
	jw_arr_end(w);
}

static void oa_op(const web_route_t *rt, void *arg)
{
	struct oa *o = arg;
	jw_t *w = o->w;
	if (!o->path || strcmp(o->path, rt->pattern))
		return;
	char m[8];
	size_t i = 0;
	for (; rt->method[i] && i < sizeof m - 1; i++)
		m[i] = (char)(rt->method[i] | 0x20);
	m[i] = 0;
	jw_key(w, m);
	jw_obj(w);
	char opid[160];
	snprintf(opid, sizeof opid, "%s %s", rt->method, rt->pattern);
	jw_kstr(w, "operationId", opid);
	jw_kstr(w, "summary", rt->summary);
	jw_kstr(w, "description", rt->description);
	jw_key(w, "tags");
	jw_arr(w);
	jw_str(w, rt->tag);
	jw_arr_end(w);
	oa_params(w, rt->pattern);
	oa_roles(w, rt);
	if (rt->flags & WEB_F_PUBLIC) {
		jw_key(w, "security");
		jw_arr(w);
		jw_arr_end(w);
	}
	jw_key(w, "responses");
	jw_obj(w);
	jw_key(w, "200");
	jw_obj(w);
	jw_kstr(w, "description", "OK");
	jw_obj_end(w);
	jw_key(w, "default");
	jw_obj(w);
	jw_kstr(w, "description", "Error (Vietnamese message)");
	jw_key(w, "content");
	jw_obj(w);
	jw_key(w, "application/json");
	jw_obj(w);
	jw_key(w, "schema");
	jw_obj(w);
	jw_kstr(w, "$ref", "#/components/schemas/Error");
	jw_obj_end(w);
	jw_obj_end(w);
	jw_obj_end(w);
	jw_obj_end(w);
	jw_obj_end(w);
	jw_obj_end(w);
}

struct oa_paths {
	const char **v;
	size_t n, cap;
};

static void collect_path(const web_route_t *rt, void *arg)
{
	struct oa_paths *p = arg;
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->v[i], rt->pattern))
			return;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->v = xrealloc(p->v, p->cap * sizeof *p->v);
	}
	p->v[p->n++] = rt->pattern;
}

char *web_openapi(void)
{
	buf_t b;
	buf_init(&b, 0);
	jw_t w;
	jw_init(&w, &b);
	jw_obj(&w);
	jw_kstr(&w, "openapi", "3.0.3");
	jw_key(&w, "info");
	jw_obj(&w);
	jw_kstr(&w, "title", "canbo API");
	jw_kstr(&w, "version", CANBO_VERSION);
	jw_kstr(&w, "description",
		"Monthly evaluation of cadres, civil servants and public employees (Hanoi 3814-QĐ/TU, "
		"Decree 335/2025/NĐ-CP). Errors have one shape: {\"error\": {\"code\", \"message\", "
		"\"details\"}} with a Vietnamese message. Sign in with POST /api/v1/auth/login (session "
		"cookie; writes must echo the CSRF token in X-CSRF-Token) or send an API token as "
		"Authorization: Bearer.");
	jw_obj_end(&w);
	jw_key(&w, "components");
	jw_obj(&w);
	jw_key(&w, "securitySchemes");
	jw_obj(&w);
	jw_key(&w, "session");
	jw_obj(&w);
	jw_kstr(&w, "type", "apiKey");
	jw_kstr(&w, "in", "cookie");
	jw_kstr(&w, "name", "canbo_session");
	jw_obj_end(&w);
	jw_key(&w, "token");
	jw_obj(&w);
	jw_kstr(&w, "type", "http");
	jw_kstr(&w, "scheme", "bearer");
	jw_obj_end(&w);
	jw_obj_end(&w);
	jw_key(&w, "schemas");
	jw_obj(&w);
	jw_key(&w, "Error");
	jw_raw(&w, "{\"type\":\"object\",\"required\":[\"error\"],\"properties\":{\"error\":{"
		     "\"type\":\"object\",\"required\":[\"code\",\"message\"],\"properties\":{"
		     "\"code\":{\"type\":\"string\"},\"message\":{\"type\":\"string\"},"
		     "\"details\":{}}}}}");
	jw_obj_end(&w);
	jw_obj_end(&w);
	jw_key(&w, "security");
	jw_raw(&w, "[{\"session\":[]},{\"token\":[]}]");
	jw_key(&w, "paths");
	jw_obj(&w);
	struct oa_paths paths = {0};
	web_routes_each(collect_path, &paths);
	for (size_t i = 0; i < paths.n; i++) {
		jw_key(&w, paths.v[i]);
		jw_obj(&w);
		struct oa o = {.w = &w, .path = paths.v[i]};
		web_routes_each(oa_op, &o);
		jw_obj_end(&w);
	}
	free(paths.v);
	jw_obj_end(&w);
	jw_obj_end(&w);
	return buf_take(&b);
}
