/*
 * api_admin: frameworks, settings, imports (as jobs), exports and the audit
 * history. docs/api-admin.md describes every route with examples.
 *
 * Who may change what (app/access.h): frameworks and settings are read by
 * everyone signed in and changed by HR and administrators; what applies to
 * the whole system (an imported framework, a system-wide setting) only by
 * an HR officer without a scope limit or an administrator, and what applies
 * to one unit (a derived framework, a unit's setting) by HR in whose scope
 * the unit is. Imports need HR without a scope limit or an administrator:
 * which units and people a file touches is only known once the importer has
 * read it all, so a scoped officer cannot be checked before the import.
 * Exports are lists: within the reader's scope. Scope is always checked
 * before the rest of the request is validated, so that a refused request
 * answers 403 whatever else it holds.
 *
 * Imports run as background jobs (web/jobs.h): the uploaded file is saved
 * to a temporary file the job reads and removes. A file with bad rows makes
 * the job fail with the row-by-row report in error.details, from which
 * GET /api/v1/imports/{job}/report.xlsx rebuilds the marked workbook.
 *
 * CSV exports stream: a producer thread with its own database connection
 * runs the same export as `canbo export` into a pipe, and the response
 * reads the pipe as the client takes the bytes — memory stays flat however
 * many rows there are, and the bytes are those of the command line. The
 * handler waits for the first bytes (or the producer's end), so an error
 * before the first row still answers with the error shape. XLSX exports
 * are written to a temporary file (libxlsxwriter has no memory output),
 * removed at once and streamed from its open descriptor.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "app/access.h"
#include "app/audit.h"
#include "app/export.h"
#include "app/fw.h"
#include "app/import.h"
#include "app/org.h"
#include "app/settings.h"
#include "app/vocab.h"
#include "lib/date.h"
#include "lib/jw.h"
#include "lib/legacy.h"
#include "lib/text.h"
#include "lib/xalloc.h"
#include "web/jobs.h"
#include "web/web.h"

#define CT_CSV  "text/csv; charset=utf-8"
#define CT_XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
/* completes "Chỉ … được …" when a scoped officer changes a system-wide setting */
#define SETTINGS_WHOLE     "thay đổi thông số chung của cả hệ thống"
#define EXPORT_STREAMS_MAX 8 /* CSV exports streaming at once (a thread and a connection each) */

/* ---- shared helpers ---------------------------------------------------------- */

/* Changing data of the whole system: HR without a scope limit, or an
 * administrator. what completes the refusal ("Chỉ … được <what>"). */
static int whole_system_write(const app_ctx_t *c, const char *what, err_t *e)
{
	int rc = access_org_write(c, e);
	if (rc)
		return rc;
	if (c->role != ROLE_ADMIN && c->scope_unit != 0)
		return err_set(
		    e, ERR_FORBIDDEN,
		    "Chỉ cán bộ tổ chức phụ trách toàn hệ thống hoặc quản trị viên được %s",
		    what ? what : "thay đổi dữ liệu này");
	return 0;
}

/* ?name=true|false (also 1|0); def when absent. */
static int query_bool(web_req_t *q, const char *name, int def, int *out, err_t *e)
{
	const char *v = web_query(q, name);
	*out = def;
	if (!v)
		return 0;
	if (!strcmp(v, "true") || !strcmp(v, "1"))
		*out = 1;
	else if (!strcmp(v, "false") || !strcmp(v, "0"))
		*out = 0;
	else
		return err_set(e, ERR_INVALID, "Tham số «%s» phải là true hoặc false", name);
	return 0;
}

/* The id in path parameter i (a positive integer). */
/* Ends a list answer {"items": [...], "total", "limit", "offset"}: closes
 * the items array and the object. */
static void list_end(jw_t *w, int64_t total, long limit, long offset)
{
	jw_arr_end(w);
	jw_kint(w, "total", total);
	jw_kint(w, "limit", limit);
	jw_kint(w, "offset", offset);
	jw_obj_end(w);
}

/* Content-Disposition for a download named name (UTF-8): an ASCII
 * fallback without diacritics and the exact name as RFC 6266 filename*. */
static void attachment(web_res_t *r, const char *name)
{
	static const char attr[] = "!#$&+-.^_`|~";
	buf_t v;
	buf_init(&v, 4096);
	char *ascii = text_fold(name);
	buf_puts(&v, "attachment; filename=\"");
	for (const char *p = ascii; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		         (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '_';
		buf_putc(&v, ok ? (char)ch : '_');
	}
	buf_puts(&v, "\"; filename*=UTF-8''");
	for (const char *p = name; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || (ch < 0x80 && strchr(attr, ch)))
			buf_putc(&v, (char)ch);
		else
			buf_printf(&v, "%%%02X", ch);
	}
	web_res_header(r, "Content-Disposition", buf_cstr(&v));
	free(ascii);
	buf_free(&v);
}

/* A file name part from a unit code (codes may hold '/'). */
static void name_part(buf_t *b, const char *code)
{
	for (const char *p = code; *p; p++)
		buf_putc(b, *p == '/' ? '-' : *p);
}

/* Creates an empty temporary file $TMPDIR/canbo-WHAT-XXXXXX.SUFFIX; its
 * path into path. Returns an open descriptor, or -1 with e set. */
static int temp_file(const char *what, const char *suffix, char *path, size_t cap, err_t *e)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	int n = snprintf(path, cap, "%s/canbo-%s-XXXXXX%s", dir, what, suffix);
	if (n < 0 || (size_t)n >= cap) {
		err_set(e, ERR_IO, "Đường dẫn thư mục tạm quá dài");
		return -1;
	}
	int fd = mkstemps(path, (int)strlen(suffix));
	if (fd < 0)
		err_set(e, ERR_IO, "Không tạo được tệp tạm: %s", strerror(errno));
	else
		fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
}

/* read() without EINTR. */
static ssize_t read_some(int fd, char *out, size_t max)
{
	ssize_t n;
	do
		n = read(fd, out, max);
	while (n < 0 && errno == EINTR);
	return n;
}

/* ---- a file sent as the body --------------------------------------------------- */

static long file_stream(void *state, char *out, size_t max)
{
	ssize_t n = read_some(*(int *)state, out, max);
	return n < 0 ? -1 : (long)n;
}

static void file_stream_free(void *state)
{
	close(*(int *)state);
	free(state);
}

/* Answers the file at path as the body (type ctype, download name name)
 * and removes it: the open descriptor keeps it readable. */
static int send_file(web_res_t *r, const char *path, const char *ctype, const char *name, err_t *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	unlink(path);
	if (fd < 0)
		return err_set(e, ERR_IO, "Không đọc được tệp vừa tạo: %s", strerror(errno));
	int *st = xmalloc(sizeof *st);
	*st = fd;
	r->stream = file_stream;
	r->stream_free = file_stream_free;
	r->stream_state = st;
	r->content_type = ctype;
	attachment(r, name);
	return 0;
}

/* The unit of code (NULL: 0, system-wide) into *id. */
static int unit_of(app_ctx_t *c, const char *code, int64_t *id, err_t *e)
{
	*id = 0;
	if (!code)
		return 0;
	*id = org_unit_id(c, code, e);
	return *id ? 0 : (e->code ? e->code : ERR_NOT_FOUND);
}

/* Who may change the data of unit: HR whose scope holds it, or an
 * administrator; without a unit (NULL), data of the whole system (what
 * completes the refusal). */
static int unit_write(app_ctx_t *c, const char *unit, const char *what, err_t *e)
{
	if (!unit)
		return whole_system_write(c, what, e);
	int rc = access_org_write(c, e);
	return rc ? rc : access_unit_code(c, unit, 1, e);
}

/* The JSON body of a change to a unit's data, its "unit" member (required
 * or not; *unit a new string or NULL) checked by unit_write() before
 * anything else in the body is looked at. Returns the body (js_free), or
 * NULL with e set. */
static js_t *unit_change_body(web_req_t *q, int required, const char *what, char **unit, err_t *e)
{
	*unit = NULL;
	int rc = access_org_write(q->c, e);
	js_t *body = rc ? NULL : web_json_body(q, e);
	if (body &&
	    (web_get_text(body, "unit", required, unit, e) || unit_write(q->c, *unit, what, e))) {
		js_free(body);
		free(*unit);
		*unit = NULL;
		body = NULL;
	}
	return body;
}

/* ---- frameworks ------------------------------------------------------------------ */

/* "CB,CC" as a JSON array of strings. */
static void csv_array(jw_t *w, const char *key, const char *list)
{
	jw_key(w, key);
	jw_arr(w);
	for (const char *p = list ? list : ""; *p;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char item[64];
		snprintf(item, sizeof item, "%.*s", (int)n, p);
		jw_str(w, item);
		p = end ? end + 1 : p + n;
	}
	jw_arr_end(w);
}

/* A stored version as listed; effective_to is the last day in force. */
static void fw_obj(jw_t *w, const fw_row_t *f)
{
	jw_obj(w);
	jw_kint(w, "id", f->id);
	jw_kstr(w, "code", f->code);
	jw_kint(w, "version", f->version);
	jw_kstr(w, "name", f->name);
	jw_kstr(w, "legal_basis", f->legal_basis);
	jw_kstr(w, "effective_from", f->effective_from);
	int d;
	char last[11];
	if (f->effective_to && date_parse(f->effective_to, &d) == 0) {
		date_iso(d - 1, last);
		jw_kstr(w, "effective_to", last);
	} else {
		jw_kstr(w, "effective_to", NULL);
	}
	csv_array(w, "categories", f->categories);
	csv_array(w, "roles", f->roles);
	jw_kstr(w, "source", f->builtin ? "builtin" : f->unit_id ? "unit" : "system");
	jw_kstr(w, "unit", f->unit_id ? f->unit_code : NULL);
	jw_key(w, "derived_from");
	if (f->parent_id) {
		jw_obj(w);
		jw_kstr(w, "code", f->parent_code);
		jw_kint(w, "version", f->parent_version);
		jw_obj_end(w);
	} else {
		jw_null(w);
	}
	jw_kstr(w, "created_at", f->created_at);
	jw_kstr(w, "created_by", f->created_by);
	jw_obj_end(w);
}

static int h_fw_list(web_req_t *q, web_res_t *r, err_t *e)
{
	int all;
	long limit, offset;
	int rc = query_bool(q, "all", 0, &all, e);
	if (!rc)
		rc = web_paging(q, 100, 1000, &limit, &offset, e);
	if (!rc)
		rc = fw_ensure_builtins(q->c, e);
	fw_list_t l = {0};
	if (!rc)
		rc = fw_list(q->c, all, &l, e);
	if (rc)
		return rc;
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	for (size_t i = (size_t)offset; i < l.n && i < (size_t)offset + (size_t)limit; i++)
		fw_obj(&w, &l.v[i]);
	list_end(&w, (int64_t)l.n, limit, offset);
	fw_list_free(&l);
	return 0;
}

static int h_fw_get(web_req_t *q, web_res_t *r, err_t *e)
{
	int64_t version;
	int rc = web_query_int(q, "version", 1, 1000000, 0, &version, e);
	if (!rc)
		rc = fw_ensure_builtins(q->c, e);
	if (rc)
		return rc;
	int64_t id = fw_find(q->c, web_param(q, 0), (int)version, e);
	char *json = id ? fw_json(q->c, id, e) : NULL;
	if (!json)
		return e->code ? e->code : ERR_NOT_FOUND;
	web_res_json(r, 200, json);
	free(json);
	return 0;
}

/* Answers {framework, created}: 201 when a version was stored. */
static int fw_stored(web_req_t *q, web_res_t *r, int64_t id, int created, err_t *e)
{
	fw_row_t f;
	int rc = fw_get(q->c, id, &f, e);
	if (rc)
		return rc;
	r->status = created ? 201 : 200;
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_key(&w, "framework");
	fw_obj(&w, &f);
	jw_key(&w, "created");
	jw_bool(&w, created);
	jw_obj_end(&w);
	fw_row_free(&f);
	return 0;
}

static int h_fw_import(web_req_t *q, web_res_t *r, err_t *e)
{
	int rc = whole_system_write(q->c, "lưu khung tiêu chí dùng chung cho cả hệ thống", e);
	if (rc)
		return rc;
	js_t *body = web_json_body(q, e);
	if (!body)
		return e->code;
	js_free(body);
	if ((rc = fw_ensure_builtins(q->c, e)))
		return rc;
	int created = 0;
	int64_t id = fw_import_text(q->c, q->body, q->body_len, &created, e);
	if (!id)
		return e->code ? e->code : ERR_INTERNAL;
	return fw_stored(q, r, id, created, e);
}

static const char *const DERIVE_KEYS[] = {"unit", "version", "changes", NULL};

static int h_fw_derive(web_req_t *q, web_res_t *r, err_t *e)
{
	char *unit, *changes = NULL;
	js_t *body = unit_change_body(q, 1, NULL, &unit, e);
	if (!body)
		return e->code;
	int64_t version = 0;
	const js_t *ch = NULL;
	int rc = js_check_keys(body, NULL, DERIVE_KEYS, e);
	if (!rc)
		rc = js_get_int(body, NULL, "version", 0, 1, 1000000, &version, e);
	if (!rc)
		rc = js_get_object(body, NULL, "changes", 0, &ch, e);
	if (!rc)
		rc = fw_ensure_builtins(q->c, e);
	int created = 0;
	int64_t id = 0;
	if (!rc) {
		changes = ch ? js_dump(ch, 0) : NULL;
		id = fw_derive(q->c, web_param(q, 0), (int)version, unit, changes,
		               changes ? strlen(changes) : 0, &created, e);
		if (!id)
			rc = e->code ? e->code : ERR_INTERNAL;
	}
	if (!rc)
		rc = fw_stored(q, r, id, created, e);
	free(unit);
	free(changes);
	js_free(body);
	return rc;
}

/* ---- settings -------------------------------------------------------------------- */

static void setting_obj(jw_t *w, const settings_row_t *s)
{
	const settings_key_t *k = s->k;
	jw_obj(w);
	jw_kstr(w, "key", k->key);
	jw_kint(w, "value", s->value);
	jw_kstr(w, "source", s->source == 0 ? "default" : s->source == 1 ? "system" : "unit");
	jw_kstr(w, "unit", s->source == 2 ? s->unit_code : NULL);
	jw_kstr(w, "updated_at", s->updated_at);
	jw_kint(w, "default", k->def);
	jw_kint(w, "min", k->min);
	jw_kint(w, "max", k->max);
	jw_kstr(w, "measure", k->measure);
	jw_key(w, "per_unit");
	jw_bool(w, k->per_unit);
	jw_key(w, "builds_framework");
	jw_bool(w, k->builds_framework);
	jw_kstr(w, "description", k->desc);
	jw_obj_end(w);
}

/* Writes the settings in force for unit_id into the open object w as
 * "items" and "total": every key, paged (keys NULL), or those named in
 * keys[0..n). */
static int settings_items(app_ctx_t *c, jw_t *w, int64_t unit_id, const char *const *keys, size_t n,
                          long limit, long offset, err_t *e)
{
	settings_list_t l;
	int rc = settings_list(c, unit_id, &l, e);
	if (rc)
		return rc;
	jw_key(w, "items");
	jw_arr(w);
	size_t total = 0;
	for (size_t i = 0; i < l.n; i++) {
		int wanted = !keys;
		for (size_t j = 0; keys && j < n; j++)
			wanted |= !strcmp(keys[j], l.v[i].k->key);
		if (!wanted)
			continue;
		if (keys || (total >= (size_t)offset && total < (size_t)offset + (size_t)limit))
			setting_obj(w, &l.v[i]);
		total++;
	}
	jw_arr_end(w);
	jw_kint(w, "total", (int64_t)total);
	settings_list_free(&l);
	return 0;
}

static int h_settings(web_req_t *q, web_res_t *r, err_t *e)
{
	long limit, offset;
	int64_t unit_id;
	const char *unit = web_query(q, "unit");
	int rc = web_paging(q, 100, 1000, &limit, &offset, e);
	if (!rc)
		rc = unit_of(q->c, unit, &unit_id, e);
	if (rc)
		return rc;
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_kstr(&w, "unit", unit);
	if ((rc = settings_items(q->c, &w, unit_id, NULL, 0, limit, offset, e)))
		return rc;
	jw_kint(&w, "limit", limit);
	jw_kint(&w, "offset", offset);
	jw_obj_end(&w);
	return 0;
}

/* The built-in frameworks' latest versions, {code: version}, after a
 * change of their figures. */
static void builtin_now(app_ctx_t *c, jw_t *w)
{
	static const char *const codes[] = {FW_CODE_3814, FW_CODE_335};
	jw_obj(w);
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		err_t e;
		fw_row_t f;
		int64_t id = fw_find(c, codes[i], 0, &e);
		if (id && fw_get(c, id, &f, &e) == 0) {
			jw_kint(w, codes[i], f.version);
			fw_row_free(&f);
		}
	}
	jw_obj_end(w);
}

static const char *const SETTINGS_KEYS[] = {"unit", "values", NULL};

static int h_settings_put(web_req_t *q, web_res_t *r, err_t *e)
{
	char *unit;
	js_t *body = unit_change_body(q, 0, SETTINGS_WHOLE, &unit, e);
	if (!body)
		return e->code;
	size_t nk;
	const settings_key_t *known = settings_keys(&nk);
	const char **allowed = xcalloc(nk + 1, sizeof *allowed);
	const char **keys = xcalloc(nk, sizeof *keys);
	char(*vals)[24] = xcalloc(nk, sizeof *vals);
	const char **vp = xcalloc(nk, sizeof *vp);
	const js_t *values = NULL;
	size_t n = 0;
	int64_t unit_id = 0;
	int framework = 0;
	int rc = js_check_keys(body, NULL, SETTINGS_KEYS, e);
	if (!rc)
		rc = unit_of(q->c, unit, &unit_id, e);
	if (!rc)
		rc = js_get_object(body, NULL, "values", 1, &values, e);
	for (size_t i = 0; i < nk; i++)
		allowed[i] = known[i].key;
	if (!rc)
		rc = js_check_keys(values, "values", allowed, e);
	for (size_t i = 0; !rc && i < nk; i++) {
		int64_t v;
		if (!js_get(values, known[i].key))
			continue;
		if ((rc = js_get_int(values, "values", known[i].key, 1, INT64_MIN, INT64_MAX, &v,
		                     e)))
			break;
		snprintf(vals[n], sizeof vals[n], "%lld", (long long)v);
		vp[n] = vals[n];
		framework |= known[i].builds_framework;
		keys[n++] = known[i].key;
	}
	if (!rc && !n)
		rc = err_set(e, ERR_INVALID, "Chưa có thông số nào cần đặt trong «values»");
	if (!rc)
		rc = settings_set_many(q->c, unit_id, keys, vp, n, e);
	jw_t w;
	jw_init(&w, &r->body);
	if (!rc) {
		jw_obj(&w);
		jw_kstr(&w, "unit", unit);
		rc = settings_items(q->c, &w, unit_id, keys, n, 0, 0, e);
	}
	if (!rc) {
		if (framework) {
			jw_key(&w, "frameworks");
			builtin_now(q->c, &w);
		}
		jw_obj_end(&w);
	}
	free(unit);
	free(allowed);
	free(keys);
	free(vals);
	free(vp);
	js_free(body);
	return rc;
}

static int h_setting_del(web_req_t *q, web_res_t *r, err_t *e)
{
	const char *unit = web_query(q, "unit");
	const char *key = web_param(q, 0);
	int64_t unit_id;
	int rc = unit_write(q->c, unit, SETTINGS_WHOLE, e);
	if (!rc)
		rc = unit_of(q->c, unit, &unit_id, e);
	if (!rc)
		rc = settings_unset(q->c, unit_id, key, e);
	if (rc)
		return rc;
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_kstr(&w, "unit", unit);
	if ((rc = settings_items(q->c, &w, unit_id, &key, 1, 0, 0, e)))
		return rc;
	jw_obj_end(&w);
	return 0;
}

/* ---- imports ------------------------------------------------------------------------ */

typedef struct import_job {
	import_kind kind;
	char path[512]; /* the uploaded file, removed when the job ends */
	char name[256]; /* the client's file name, for messages */
	char *sheet, *encoding;
	char as_of[11]; /* "" = today */
	int dry_run;
} import_job_t;

static void import_job_free(void *arg)
{
	import_job_t *j = arg;
	unlink(j->path);
	free(j->sheet);
	free(j->encoding);
	free(j);
}

/* Messages name the client's file, never the temporary one. */
static void hide_path(char *msg, size_t cap, const char *path, const char *name)
{
	char *p = strstr(msg, path);
	if (!p)
		return;
	buf_t b;
	buf_init(&b, cap);
	buf_add(&b, msg, (size_t)(p - msg));
	buf_puts(&b, name);
	buf_puts(&b, p + strlen(path));
	snprintf(msg, cap, "%s", buf_cstr(&b));
	buf_free(&b);
}

static void ignored_columns(jw_t *w, const import_result_t *res)
{
	jw_key(w, "ignored_columns");
	jw_arr(w);
	for (size_t i = 0; i < res->nignored; i++)
		jw_str(w, res->ignored_columns[i]);
	jw_arr_end(w);
}

/* The job: result {kind, file, encoding, rows, created, updated, unchanged,
 * dry_run, committed, ignored_columns}; on bad rows, details {file, rows,
 * total, problems: [{row, column, value, reason}], ignored_columns}. */
static int import_job_run(app_ctx_t *c, void *arg, buf_t *result, buf_t *details, err_t *e)
{
	import_job_t *j = arg;
	rowsrc_t src;
	rowsrc_opts_t ro = {j->encoding, j->sheet};
	import_result_t res = {0};
	int rc = rowsrc_open(j->path, &ro, &src, e);
	if (rc) {
		hide_path(e->msg, sizeof e->msg, j->path, j->name);
		return rc;
	}
	/* keep what the opener added (an XLSX sheet's name) after the file name */
	size_t plen = strlen(j->path);
	char tail[128];
	snprintf(tail, sizeof tail, "%s", strncmp(src.name, j->path, plen) ? "" : src.name + plen);
	snprintf(src.name, sizeof src.name, "%.120s%s", j->name, tail);
	import_opts_t o = {j->as_of[0] ? j->as_of : NULL, 0, j->dry_run};
	rc = import_run(c, j->kind, &src, &o, &res, e);
	jw_t w;
	if (rc) {
		hide_path(e->msg, sizeof e->msg, j->path, j->name);
		if (res.nkept) {
			jw_init(&w, details);
			jw_obj(&w);
			jw_kstr(&w, "file", src.name);
			jw_kint(&w, "rows", res.rows);
			jw_kint(&w, "total", res.nproblems);
			jw_key(&w, "problems");
			jw_arr(&w);
			for (size_t i = 0; i < res.nkept; i++) {
				const import_problem_t *p = &res.problems[i];
				jw_obj(&w);
				jw_kint(&w, "row", p->line);
				jw_kstr(&w, "column", p->column);
				jw_kstr(&w, "value", p->value);
				jw_kstr(&w, "reason", p->reason);
				jw_obj_end(&w);
			}
			jw_arr_end(&w);
			ignored_columns(&w, &res);
			jw_obj_end(&w);
		}
	} else {
		jw_init(&w, result);
		jw_obj(&w);
		jw_kstr(&w, "kind", j->kind == IMPORT_UNITS ? "units" : "people");
		jw_kstr(&w, "file", src.name);
		jw_kstr(&w, "encoding", src.encoding);
		jw_kint(&w, "rows", res.rows);
		jw_kint(&w, "created", res.created);
		jw_kint(&w, "updated", res.updated);
		jw_kint(&w, "unchanged", res.unchanged);
		jw_key(&w, "dry_run");
		jw_bool(&w, j->dry_run);
		jw_key(&w, "committed");
		jw_bool(&w, res.committed);
		ignored_columns(&w, &res);
		jw_obj_end(&w);
	}
	rowsrc_close(&src);
	import_result_free(&res);
	return rc;
}

/* The client's file name (?filename=, path parts dropped, at most 120
 * bytes), else a default for the kind and format. */
static void upload_name(web_req_t *q, import_kind kind, int xlsx, char *out, size_t cap)
{
	const char *v = web_query(q, "filename");
	if (v) {
		const char *slash = strrchr(v, '/'), *bslash = strrchr(v, '\\');
		if (slash || bslash)
			v = (slash > bslash ? slash : bslash) + 1;
	}
	if (v && *v && strlen(v) <= 120)
		snprintf(out, cap, "%s", v);
	else
		snprintf(out, cap, "%s.%s", kind == IMPORT_UNITS ? "units" : "people",
		         xlsx ? "xlsx" : "csv");
}

static int import_start(web_req_t *q, web_res_t *r, err_t *e, import_kind kind)
{
	int rc = whole_system_write(
	    q->c, "nhập dữ liệu từ tệp (tệp có thể chạm tới đơn vị ngoài phạm vi được giao)", e);
	if (rc)
		return rc;
	const char *ct = web_header(q, "Content-Type");
	const char *sheet = web_query(q, "sheet"), *enc = web_query(q, "encoding");
	const char *date = web_query(q, "date");
	int dry_run = 0, days;
	legacy_enc le;
	if ((rc = query_bool(q, "dry_run", 0, &dry_run, e)))
		return rc;
	if (enc && strcmp(enc, "auto") && legacy_parse_name(enc, &le))
		return err_set(e, ERR_INVALID,
		               "Bảng mã «%s» không hợp lệ: dùng auto, utf8, tcvn3, vni hoặc cp1258",
		               enc);
	if (date && date_parse(date, &days))
		return err_set(e, ERR_INVALID,
		               "Ngày «%s» (date) không hợp lệ; dùng dạng dd/mm/yyyy", date);
	if (!q->body_len)
		return err_set(e, ERR_INVALID,
		               "Thiếu nội dung: gửi cả tệp CSV hoặc XLSX làm nội dung yêu cầu");
	if (ct && !strncasecmp(ct, "application/json", 16))
		return err_set(e, ERR_INVALID,
		               "Nội dung phải là tệp CSV (Content-Type: text/csv) hoặc XLSX, không "
		               "phải JSON");
	int xlsx = (ct && strstr(ct, "spreadsheetml")) ||
	           (q->body_len >= 4 && !memcmp(q->body, "PK\x03\x04", 4));
	import_job_t *j = xcalloc(1, sizeof *j);
	j->kind = kind;
	j->dry_run = dry_run;
	j->sheet = sheet ? xstrdup(sheet) : NULL;
	j->encoding = enc ? xstrdup(enc) : NULL;
	if (date)
		date_iso(days, j->as_of);
	upload_name(q, kind, xlsx, j->name, sizeof j->name);
	int fd = temp_file("import", xlsx ? ".xlsx" : ".csv", j->path, sizeof j->path, e);
	if (fd < 0) {
		j->path[0] = 0;
		import_job_free(j);
		return e->code;
	}
	size_t off = 0;
	while (off < q->body_len) {
		ssize_t n = write(fd, q->body + off, q->body_len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	if (close(fd) || off < q->body_len) {
		import_job_free(j);
		return err_set(e, ERR_IO, "Không lưu được tệp gửi lên để nhập");
	}
	int64_t id = web_job_start(q, kind == IMPORT_UNITS ? "import.units" : "import.people",
	                           import_job_run, j, import_job_free, e);
	if (!id)
		return e->code ? e->code : ERR_INTERNAL;
	char poll[64];
	snprintf(poll, sizeof poll, "/api/v1/jobs/%lld", (long long)id);
	web_res_header(r, "Location", poll);
	r->status = 202;
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_kint(&w, "job", id);
	jw_kstr(&w, "state", "queued");
	jw_kstr(&w, "poll", poll);
	jw_obj_end(&w);
	return 0;
}

static int h_import_people(web_req_t *q, web_res_t *r, err_t *e)
{
	return import_start(q, r, e, IMPORT_PEOPLE);
}

static int h_import_units(web_req_t *q, web_res_t *r, err_t *e)
{
	return import_start(q, r, e, IMPORT_UNITS);
}

/* The problems of a failed import job, read back from its error. */
typedef struct report {
	size_t n;
	long *line;
	const char **column, **value, **reason; /* borrowed from the parsed job */
} report_t;

static int report_read(const js_t *details, report_t *rep, err_t *e)
{
	const js_t *probs = NULL;
	int rc = js_get_array(details, "details", "problems", 1, &probs, e);
	if (rc)
		return rc;
	rep->n = js_len(probs);
	rep->line = xcalloc(rep->n + 1, sizeof *rep->line);
	rep->column = xcalloc(rep->n + 1, sizeof *rep->column);
	rep->value = xcalloc(rep->n + 1, sizeof *rep->value);
	rep->reason = xcalloc(rep->n + 1, sizeof *rep->reason);
	for (size_t i = 0; !rc && i < rep->n; i++) {
		const js_t *p = js_at(probs, i);
		int64_t line = 0;
		rc = js_get_int(p, "problems", "row", 0, INT32_MIN, INT32_MAX, &line, e);
		rep->line[i] = (long)line;
		if (!rc)
			rc = js_get_str(p, "problems", "column", 0, &rep->column[i], e);
		if (!rc)
			rc = js_get_str(p, "problems", "value", 0, &rep->value[i], e);
		if (!rc)
			rc = js_get_str(p, "problems", "reason", 0, &rep->reason[i], e);
	}
	return rc;
}

static void report_free(report_t *rep)
{
	free(rep->line);
	free(rep->column);
	free(rep->value);
	free(rep->reason);
}

static int h_import_report(web_req_t *q, web_res_t *r, err_t *e)
{
	int64_t id;
	int rc = web_param_id(q, 0, "Số công việc", &id, e);
	if (rc)
		return rc;
	buf_t b;
	buf_init(&b, (size_t)64 << 20);
	rc = web_job_get(q, id, &b, e);
	js_t *job = rc ? NULL : js_parse(b.p, b.len, (size_t)64 << 20, e);
	buf_free(&b);
	if (!job)
		return rc ? rc : (int)e->code;
	const char *kind = js_string(js_get(job, "kind"));
	const char *state = js_string(js_get(job, "state"));
	const js_t *err = js_get(job, "error");
	const js_t *details = err ? js_get(err, "details") : NULL;
	report_t rep = {0};
	char path[512];
	if (!kind || strncmp(kind, "import.", 7))
		rc = err_set(e, ERR_NOT_FOUND, "Công việc số %lld không phải một lần nhập dữ liệu",
		             (long long)id);
	else if (state && (!strcmp(state, "queued") || !strcmp(state, "running")))
		rc = err_set(e, ERR_CONFLICT, "Lần nhập số %lld chưa chạy xong; hãy thử lại sau",
		             (long long)id);
	else if (!details || js_typeof(details) != JS_OBJECT)
		rc = err_set(e, ERR_NOT_FOUND, "Lần nhập số %lld không có lỗi theo dòng để báo cáo",
		             (long long)id);
	else
		rc = report_read(details, &rep, e);
	if (!rc) {
		int64_t total = (int64_t)rep.n;
		const char *file = NULL;
		js_get_int(details, "details", "total", 0, 0, INT64_MAX, &total, NULL);
		js_get_str(details, "details", "file", 0, &file, NULL);
		int fd = temp_file("report", ".xlsx", path, sizeof path, e);
		if (fd < 0)
			rc = e->code;
		else
			close(fd);
		if (!rc)
			rc = export_import_report_xlsx(path, file, (long)total, rep.n, rep.line,
			                               rep.column, rep.value, rep.reason, e);
		if (rc && fd >= 0)
			unlink(path);
	}
	if (!rc) {
		char name[64];
		snprintf(name, sizeof name, "báo-cáo-lỗi-nhập-%lld.xlsx", (long long)id);
		rc = send_file(r, path, CT_XLSX, name, e);
	}
	report_free(&rep);
	js_free(job);
	return rc;
}

/* ---- exports ---------------------------------------------------------------------------- */

/* A CSV export running in its own thread into a pipe (see the top). The
 * producer and the response each hold a reference; the last frees it. */
typedef struct pipe_export {
	atomic_int refs;
	atomic_int rc; /* the producer's result, stored before it closes wfd */
	int rfd, wfd;
	err_t err;
	app_ctx_t who;     /* actor, role and scope; db and collator opened in the thread */
	int month;         /* 0: people (pq), 1: the month m of unit */
	people_query_t pq; /* strings point into unit, text */
	char *unit, *text;
	period_month_t m;
	int bom;
	char head[16384]; /* the first bytes, read before answering */
	size_t head_len, head_off;
} pipe_export_t;

static atomic_int g_streams;

static void pipe_export_unref(pipe_export_t *x)
{
	if (atomic_fetch_sub(&x->refs, 1) != 1)
		return;
	free(x->unit);
	free(x->text);
	free(x);
	atomic_fetch_sub(&g_streams, 1);
}

static void *pipe_export_main(void *arg)
{
	pipe_export_t *x = arg;
	app_ctx_t c;
	err_t e;
	err_clear(&e);
	int rc = app_ctx_open(&c, web_db_url(), 0, &e);
	if (!rc) {
		app_ctx_act_as(&c, &x->who);
		c.quiet = 1;
		c.progress_fd = -1;
		/* a list read once from start to end gains little from a large
		 * page cache: a small one keeps each download's memory flat */
		db_cache_hint(c.db, 4);
		/* the export opens the pipe again by its /proc path, as a file */
		char path[64];
		snprintf(path, sizeof path, "/proc/self/fd/%d", x->wfd);
		rc = x->month ? export_month(&c, x->unit, &x->m, EXPORT_CSV, x->bom, path, NULL, &e)
		              : export_people(&c, &x->pq, EXPORT_CSV, x->bom, path, NULL, &e);
		app_ctx_close(&c);
	}
	x->err = e;
	atomic_store(&x->rc, rc);
	close(x->wfd);
	pipe_export_unref(x);
	return NULL;
}

static long pipe_export_read(void *state, char *out, size_t max)
{
	pipe_export_t *x = state;
	if (x->head_off < x->head_len) {
		size_t n = x->head_len - x->head_off;
		if (n > max)
			n = max;
		memcpy(out, x->head + x->head_off, n);
		x->head_off += n;
		return (long)n;
	}
	ssize_t n = read_some(x->rfd, out, max);
	if (n > 0)
		return (long)n;
	/* the end: complete only when the producer succeeded; otherwise the
	 * transfer is aborted so that the client sees it broken */
	return n == 0 && atomic_load(&x->rc) == 0 ? 0 : -1;
}

static void pipe_export_free(void *state)
{
	pipe_export_t *x = state;
	close(x->rfd);
	pipe_export_unref(x);
}

/* Starts the producer for x (owned: freed on every path) and makes r
 * stream its output as the download name. */
static int pipe_export_start(web_req_t *q, web_res_t *r, pipe_export_t *x, const char *name,
                             err_t *e)
{
	int fds[2];
	if (atomic_fetch_add(&g_streams, 1) >= EXPORT_STREAMS_MAX) {
		x->refs = 1;
		pipe_export_unref(x);
		return err_set(
		    e, ERR_BUSY,
		    "Đang có quá nhiều tệp được xuất cùng lúc; vui lòng thử lại sau ít phút");
	}
	if (pipe(fds)) {
		x->refs = 1;
		pipe_export_unref(x);
		return err_set(e, ERR_IO, "Không tạo được đường truyền dữ liệu xuất: %s",
		               strerror(errno));
	}
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	x->rfd = fds[0];
	x->wfd = fds[1];
	app_ctx_act_as(&x->who, q->c);
	atomic_store(&x->refs, 2);
	pthread_t t;
	pthread_attr_t at;
	pthread_attr_init(&at);
	pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
	int failed = pthread_create(&t, &at, pipe_export_main, x);
	pthread_attr_destroy(&at);
	if (failed) {
		close(x->wfd);
		x->refs = 1;
		pipe_export_free(x);
		return err_set(e, ERR_BUSY, "Không khởi động được việc xuất tệp");
	}
	/* the first bytes, or the end: an error before any output answers as an error */
	ssize_t n = read_some(x->rfd, x->head, sizeof x->head);
	int rc = n < 0 ? ERR_IO : n == 0 ? atomic_load(&x->rc) : 0;
	if (rc) {
		*e = x->err;
		if (n < 0)
			err_set(e, ERR_IO, "Lỗi đọc dữ liệu xuất: %s", strerror(errno));
		pipe_export_free(x);
		return rc;
	}
	x->head_len = (size_t)n;
	r->stream = pipe_export_read;
	r->stream_free = pipe_export_free;
	r->stream_state = x;
	r->content_type = CT_CSV;
	attachment(r, name);
	return 0;
}

/* The people list of ?unit=&subtree=&category=&q=&bom= within the reader's
 * scope: without a unit, the scope unit and everything under it. */
static int export_people_req(web_req_t *q, web_res_t *r, export_format fmt, err_t *e)
{
	int64_t scope = access_list_scope(q->c);
	if (scope < 0)
		return err_set(e, ERR_FORBIDDEN,
		               "Vai trò của bạn không được xuất danh sách cán bộ");
	const char *unit = web_query(q, "unit");
	int subtree, bom, rc = 0;
	if (unit)
		rc = access_unit_code(q->c, unit, 0, e);
	if (!rc)
		rc = query_bool(q, "subtree", 0, &subtree, e);
	if (!rc)
		rc = query_bool(q, "bom", 0, &bom, e);
	if (rc)
		return rc;
	if (!unit && scope > 0) {
		unit = q->user.scope_unit_code;
		subtree = 1;
	}
	const char *cat = web_query(q, "category"), *cat_code = NULL;
	if (cat && !(cat_code = vocab_parse(VOCAB_CATEGORY, cat)))
		return err_set(e, ERR_INVALID, "Phân loại «%s» không hợp lệ (CB, CC, VC, LĐHĐ)",
		               cat);
	const char *text = web_query(q, "q");
	buf_t name;
	buf_init(&name, 1024);
	buf_puts(&name, "danh-sách-cán-bộ");
	if (unit) {
		buf_putc(&name, '-');
		name_part(&name, unit);
	}
	buf_puts(&name, fmt == EXPORT_CSV ? ".csv" : ".xlsx");
	if (fmt == EXPORT_CSV) {
		pipe_export_t *x = xcalloc(1, sizeof *x);
		x->unit = unit ? xstrdup(unit) : NULL;
		x->text = text && *text ? xstrdup(text) : NULL;
		x->pq.unit_code = x->unit;
		x->pq.text = x->text;
		x->pq.subtree = subtree;
		x->pq.category = cat_code;
		x->bom = bom;
		rc = pipe_export_start(q, r, x, buf_cstr(&name), e);
	} else {
		people_query_t pq = {.unit_code = unit,
		                     .subtree = subtree,
		                     .category = cat_code,
		                     .text = text && *text ? text : NULL};
		char path[512];
		int fd = temp_file("export", ".xlsx", path, sizeof path, e);
		rc = fd < 0 ? e->code : 0;
		if (fd >= 0)
			close(fd);
		if (!rc && (rc = export_people(q->c, &pq, EXPORT_XLSX, 0, path, NULL, e)))
			unlink(path);
		if (!rc)
			rc = send_file(r, path, CT_XLSX, buf_cstr(&name), e);
	}
	buf_free(&name);
	return rc;
}

/* A unit's results for ?month=MM/YYYY (?unit= required, in scope). */
static int export_month_req(web_req_t *q, web_res_t *r, export_format fmt, err_t *e)
{
	const char *unit = web_query(q, "unit"), *mv = web_query(q, "month");
	if (!unit || !*unit)
		return err_set(e, ERR_INVALID, "Thiếu tham số «unit» (mã đơn vị)");
	int rc = access_unit_code(q->c, unit, 0, e);
	if (rc)
		return rc;
	period_month_t m;
	int bom;
	if (!mv)
		return err_set(e, ERR_INVALID, "Thiếu tham số «month» (MM/YYYY)");
	if (period_month_parse(mv, &m, e))
		return ERR_INVALID;
	if ((rc = query_bool(q, "bom", 0, &bom, e)))
		return rc;
	buf_t name;
	buf_init(&name, 1024);
	buf_printf(&name, "kết-quả-tháng-%02d-%04d-", m.month, m.year);
	name_part(&name, unit);
	buf_puts(&name, fmt == EXPORT_CSV ? ".csv" : ".xlsx");
	if (fmt == EXPORT_CSV) {
		pipe_export_t *x = xcalloc(1, sizeof *x);
		x->month = 1;
		x->unit = xstrdup(unit);
		x->m = m;
		x->bom = bom;
		rc = pipe_export_start(q, r, x, buf_cstr(&name), e);
	} else {
		char path[512];
		int fd = temp_file("export", ".xlsx", path, sizeof path, e);
		rc = fd < 0 ? e->code : 0;
		if (fd >= 0)
			close(fd);
		if (!rc && (rc = export_month(q->c, unit, &m, EXPORT_XLSX, 0, path, NULL, e)))
			unlink(path);
		if (!rc)
			rc = send_file(r, path, CT_XLSX, buf_cstr(&name), e);
	}
	buf_free(&name);
	return rc;
}

static int h_export_people_csv(web_req_t *q, web_res_t *r, err_t *e)
{
	return export_people_req(q, r, EXPORT_CSV, e);
}

static int h_export_people_xlsx(web_req_t *q, web_res_t *r, err_t *e)
{
	return export_people_req(q, r, EXPORT_XLSX, e);
}

static int h_export_month_csv(web_req_t *q, web_res_t *r, err_t *e)
{
	return export_month_req(q, r, EXPORT_CSV, e);
}

static int h_export_month_xlsx(web_req_t *q, web_res_t *r, err_t *e)
{
	return export_month_req(q, r, EXPORT_XLSX, e);
}

/* ---- the audit history --------------------------------------------------------------------- */

/* May the actor read the history of entity/id? Persons and units as their
 * records, an evaluation as its person's record, anything else only an
 * administrator. */
static int audit_access(app_ctx_t *c, const char *entity, const char *id, err_t *e)
{
	if (!strcmp(entity, "person"))
		return access_person_code(c, id, 0, e);
	if (!strcmp(entity, "unit"))
		return access_unit_code(c, id, 0, e);
	if (!strcmp(entity, "evaluation")) {
		char *end;
		long long n = strtoll(id, &end, 10);
		if (!*id || *end || n <= 0)
			return err_set(e, ERR_INVALID, "Số đánh giá «%s» không hợp lệ", id);
		db_stmt_t *s = db_stmt(c->db, STMT_API_EVAL_PERSON, e);
		if (!s)
			return e->code ? e->code : ERR_DB;
		db_bind_int(s, 1, n);
		int r = db_step(s, e);
		if (r < 0)
			return e->code ? e->code : ERR_DB;
		int64_t person = r == DB_ROW ? db_col_int(s, 0) : 0;
		db_reset(s);
		if (!person)
			return err_set(e, ERR_NOT_FOUND, "Không có đánh giá số %lld", n);
		return access_person(c, person, 0, e);
	}
	if (c->role != ROLE_ADMIN)
		return err_set(e, ERR_FORBIDDEN,
		               "Chỉ quản trị viên được xem lịch sử thay đổi của loại dữ liệu «%s»",
		               entity);
	return 0;
}

/* Before/after snapshots are JSON written by canbo; anything else is
 * answered as a string rather than trusted. */
static void snapshot(jw_t *w, const char *key, const char *json)
{
	jw_key(w, key);
	js_t *v = json ? js_parse(json, strlen(json), (size_t)16 << 20, NULL) : NULL;
	if (v)
		jw_raw(w, json);
	else
		jw_str(w, json);
	js_free(v);
}

static int h_audit(web_req_t *q, web_res_t *r, err_t *e)
{
	const char *ev = web_query(q, "entity"), *iv = web_query(q, "id");
	long limit, offset;
	if (!ev || !*ev)
		return err_set(
		    e, ERR_INVALID,
		    "Thiếu tham số «entity» (person, unit, evaluation, framework, setting, "
		    "user…)");
	if (!iv || !*iv)
		return err_set(e, ERR_INVALID, "Thiếu tham số «id» (mã hoặc số của bản ghi)");
	char *entity = xstrdup(ev), *id = xstrdup(iv);
	int rc = audit_access(q->c, entity, id, e);
	if (!rc)
		rc = web_paging(q, 50, 500, &limit, &offset, e);
	/* a framework's history covers its versions, a setting's every level */
	buf_t prefix;
	buf_init(&prefix, 1024);
	if ((!strcmp(entity, "framework") || !strcmp(entity, "setting")) && !strchr(id, '@'))
		buf_printf(&prefix, "%s@", id);
	audit_list_t l = {0};
	if (!rc)
		rc = audit_history(q->c, entity, id, prefix.len ? buf_cstr(&prefix) : NULL, limit,
		                   offset, &l, e);
	if (!rc) {
		jw_t w;
		jw_init(&w, &r->body);
		jw_obj(&w);
		jw_kstr(&w, "entity", entity);
		jw_kstr(&w, "id", id);
		jw_key(&w, "items");
		jw_arr(&w);
		for (size_t i = 0; i < l.n; i++) {
			const audit_row_t *a = &l.v[i];
			jw_obj(&w);
			jw_kint(&w, "id", a->id);
			jw_kstr(&w, "at", a->at);
			jw_kstr(&w, "actor", a->actor);
			jw_kstr(&w, "user",
			        a->actor && !strncmp(a->actor, "user:", 5) ? a->actor + 5 : NULL);
			jw_kstr(&w, "source", a->source);
			jw_kstr(&w, "action", a->action);
			jw_kstr(&w, "entity", a->entity);
			jw_kstr(&w, "entity_id", a->entity_id);
			snapshot(&w, "before", a->before);
			snapshot(&w, "after", a->after);
			jw_obj_end(&w);
		}
		list_end(&w, l.total, limit, offset);
	}
	audit_list_free(&l);
	buf_free(&prefix);
	free(entity);
	free(id);
	return rc;
}

static int h_audit_verify(web_req_t *q, web_res_t *r, err_t *e)
{
	audit_report_t rep;
	int rc = audit_verify(q->c, &rep, e);
	if (rc && rc != ERR_CONFLICT)
		return rc;
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_key(&w, "intact");
	jw_bool(&w, rc == 0);
	jw_kint(&w, "rows", rep.rows);
	jw_kstr(&w, "head", rc == 0 && rep.head[0] ? rep.head : NULL);
	jw_key(&w, "broken_at");
	if (rc)
		jw_int(&w, rep.bad_id);
	else
		jw_null(&w);
	jw_kstr(&w, "problem", rc ? rep.problem : NULL);
	jw_obj_end(&w);
	return 0;
}

/* ---- the routes ---------------------------------------------------------------------------- */

#define R_ADMIN WEB_R(ROLE_ADMIN)

const web_route_t web_routes_admin[] = {
    {"GET", "/api/v1/frameworks", h_fw_list, WEB_R_ALL, 0, "frameworks", "List criteria frameworks",
     "Anyone signed in. The stored frameworks, latest version of each code (?all=true: every "
     "version), built-in first, then system-wide, then units' own; each with code, version, "
     "name, legal basis, effective dates (effective_to is the last day in force), categories, "
     "roles, source (builtin | system | unit), unit, derived_from {code, version}. Paged with "
     "?limit= (default 100) and ?offset=."},
    {"POST", "/api/v1/frameworks", h_fw_import, WEB_R_MANAGE, 0, "frameworks", "Import a framework",
     "HR without a scope limit or an administrator. The body is a framework in the JSON format "
     "of docs/frameworks.md (as GET /api/v1/frameworks/{code} answers it); it is stored as a "
     "system-wide framework: version 1 of a new code or the next version of an imported one. "
     "Built-in codes and units' codes are refused. Answers 201 {framework, created: true}, or "
     "200 with created false when the text equals the latest version."},
    {"GET", "/api/v1/frameworks/{code}", h_fw_get, WEB_R_ALL, 0, "frameworks",
     "One framework as JSON",
     "Anyone signed in. The stored JSON of version ?version=N of the code (default: the "
     "latest), exactly as `canbo framework export` writes it; it can be edited and imported "
     "again. 404 for an unknown code or version."},
    {"POST", "/api/v1/frameworks/{code}/derive", h_fw_derive, WEB_R_MANAGE, 0, "frameworks",
     "Derive a unit's own framework",
     "HR whose scope holds the unit, or an administrator. Body {unit, version?, changes?}: "
     "stores the unit's own framework built from version `version` (default latest) of the "
     "framework in the path, with `changes` (a JSON object) merged onto it as `canbo framework "
     "derive` does; it must stay within the parent's totals, bands and quota (the refusal "
     "names the rule). Answers 201 {framework, created: true}, or 200 with created false when "
     "identical to the unit's latest version."},
    {"GET", "/api/v1/settings", h_settings, WEB_R_ALL, 0, "settings", "List settings",
     "Anyone signed in. Every setting canbo knows with the value in force for ?unit= (default: "
     "system-wide) and where it comes from: source default | system | unit (and which unit), "
     "with its default, range, measure, whether a unit may set its own value, and a Vietnamese "
     "description. Paged with ?limit= (default 100) and ?offset=."},
    {"PUT", "/api/v1/settings", h_settings_put, WEB_R_MANAGE, 0, "settings", "Set settings",
     "Body {unit?, values: {key: integer, …}}. A unit's values: HR whose scope holds the unit, "
     "or an administrator; system-wide values (no unit): HR without a scope limit or an "
     "administrator. All values are checked together and written in one transaction; changing "
     "a framework figure (hn3814.*, nd335.*, quota.*, system-wide only) stores new versions of "
     "the built-in frameworks. Answers the settings set, as listed, and frameworks {code: "
     "version} when a figure changed."},
    {"DELETE", "/api/v1/settings/{key}", h_setting_del, WEB_R_MANAGE, 0, "settings",
     "Unset a setting",
     "Removes the value set at ?unit= (default: the system-wide value) so that the value from "
     "above or the default applies again. Same permissions as PUT /api/v1/settings. Answers the "
     "setting now in force; 404 when that level set no value."},
    {"POST", "/api/v1/imports/people", h_import_people, WEB_R_MANAGE, WEB_F_UPLOAD, "imports",
     "Import people from a file",
     "HR without a scope limit or an administrator (a file may touch any unit). The body is the "
     "file itself, CSV or XLSX (by Content-Type or by its content; up to 64 MiB); query sheet, "
     "encoding (auto|utf8|tcvn3|vni|cp1258), date (dd/mm/yyyy: when post changes take effect), "
     "dry_run=true, filename. Runs as a background job and answers 202 {job, state, poll}. The "
     "job's result is {rows, created, updated, unchanged…}; when any row is bad nothing is "
     "written and the job fails with error.details {file, rows, total, problems: [{row, column, "
     "value, reason}]}."},
    {"POST", "/api/v1/imports/units", h_import_units, WEB_R_MANAGE, WEB_F_UPLOAD, "imports",
     "Import units from a file",
     "As POST /api/v1/imports/people, for the units file (docs/import.md): HR without a scope "
     "limit or an administrator; answers 202 {job, state, poll}; all or nothing with the "
     "row-by-row report in the failed job's error.details."},
    {"GET", "/api/v1/imports/{job}/report.xlsx", h_import_report, WEB_R_MANAGE, 0, "imports",
     "Error report of an import as XLSX",
     "The user who started the import, or an administrator. A workbook listing the problems of "
     "a failed import job (Dòng, Cột, Giá trị, Lý do) with the bad values marked in red. 409 "
     "while the job runs, 404 when it has no row-by-row problems."},
    {"GET", "/api/v1/exports/people.csv", h_export_people_csv, WEB_R_READERS, 0, "exports",
     "Export people as CSV",
     "Heads, HR, viewers and administrators, within their scope. The people list of ?unit= "
     "(?subtree=true: and every unit under it; default: the reader's scope unit and everything "
     "under it, or everyone for an unscoped reader), ?category=CB|CC|VC|LĐHĐ, ?q= (search), "
     "?bom=true (UTF-8 byte order mark for Excel). Streamed as it is read: the same bytes as "
     "`canbo export people --format csv`."},
    {"GET", "/api/v1/exports/people.xlsx", h_export_people_xlsx, WEB_R_READERS, 0, "exports",
     "Export people as XLSX",
     "As people.csv, as a workbook ready to print (title block, frozen header, dates as "
     "dates)."},
    {"GET", "/api/v1/exports/month.csv", h_export_month_csv, WEB_R_READERS, 0, "exports",
     "Export a unit's monthly results as CSV",
     "Heads, HR, viewers and administrators whose scope holds ?unit= (required). The results "
     "of ?month=MM/YYYY for the unit and the units under it: self, reviewer and final points "
     "and the grade. ?bom=true adds a UTF-8 byte order mark. Streamed as it is read."},
    {"GET", "/api/v1/exports/month.xlsx", h_export_month_xlsx, WEB_R_READERS, 0, "exports",
     "Export a unit's monthly results as XLSX", "As month.csv, as a workbook ready to print."},
    {"GET", "/api/v1/audit", h_audit, WEB_R_ALL, 0, "audit", "History of a record",
     "The audit rows of one record, newest first: ?entity=person|unit|evaluation|framework|"
     "setting|user|… and ?id= (a person's or unit's code, an evaluation's number, a framework "
     "code with or without @version, a setting key with or without @UNIT). Each row: who "
     "(actor, user), when (at), from which address (source), action, before and after. A "
     "person's history is visible to those who may read the person, a unit's to those who may "
     "read the unit, an evaluation's to those who may read its person; any other record's to "
     "administrators. Paged with ?limit= (default 50) and ?offset=."},
    {"GET", "/api/v1/audit/verify", h_audit_verify, R_ADMIN, 0, "audit", "Verify the audit chain",
     "Administrators only. Recomputes the whole hash chain of the audit log and answers "
     "{intact, rows, head} or, when a row was edited, deleted or reordered, intact false with "
     "broken_at (the first wrong row) and the problem in Vietnamese."},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
