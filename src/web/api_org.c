/*
 * api_org: units, people and their posts over HTTP — the organisation tree
 * on a date, a unit's history and where its people went, the
 * reorganisations (merge, split, dissolve, move, rename), personnel records,
 * posts (assignments) and statuses. Everything the `canbo unit` and
 * `canbo person` commands do, through the same app/ functions.
 *
 * Scope comes first. A handler whose records are named in the path checks
 * access (app/access.h) before it looks at the body; one whose records are
 * named in the body (a new unit's parent, a new person's unit, the units of
 * a merge, the unit of a post) parses the JSON, checks access to exactly
 * those units, and only then validates the rest — so a request outside the
 * actor's scope answers 403 whatever else is wrong with it.
 *
 * Writes go through app/ (one transaction with its audit row). app/ has no
 * single function for writing one personnel record or correcting a unit in
 * place (the importer calls people_put()/org_unit_put() in its own
 * transaction), so those two run here the same way: db_begin, the put,
 * audit_append, db_commit.
 *
 * Dates are taken as YYYY-MM-DD or dd/mm/yyyy and answered as YYYY-MM-DD.
 * valid_to is exclusive: the first day a version or post no longer holds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/access.h"
#include "app/audit.h"
#include "app/org.h"
#include "app/orgq.h"
#include "app/people.h"
#include "app/vocab.h"
#include "lib/arena.h"
#include "lib/date.h"
#include "lib/jw.h"
#include "lib/text.h"
#include "lib/xalloc.h"
#include "web/web.h"

#define MAX_CODES 64 /* units named in one reorganisation */

/* ---- request helpers ---------------------------------------------------- */

/* Parses s (YYYY-MM-DD or dd/mm/yyyy) into ISO out[11]; what names the
 * field in the message. */
static int parse_date(const char *s, const char *what, char out[11], err_t *e)
{
	int d;
	if (!s || date_parse(s, &d))
		return err_set(e, ERR_INVALID,
		               "%s «%s» không hợp lệ (cần dạng YYYY-MM-DD hoặc dd/mm/yyyy)", what,
		               s ? s : "");
	date_iso(d, out);
	return 0;
}

/* ?name= as an ISO date into out[11]; today when absent. */
static int query_date(web_req_t *q, const char *name, char out[11], err_t *e)
{
	const char *v = web_query(q, name);
	if (!v || !*v) {
		app_today(out);
		return 0;
	}
	return parse_date(v, "Ngày", out, e);
}

/* ?name=true|false (or 1|0) into *out; def when absent. */
static int query_bool(web_req_t *q, const char *name, int def, int *out, err_t *e)
{
	const char *v = web_query(q, name);
	*out = def;
	if (!v)
		return 0;
	if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
		*out = 1;
	else if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
		*out = 0;
	else
		return err_set(e, ERR_INVALID, "Tham số «%s» phải là true hoặc false", name);
	return 0;
}

/* A JSON body being read: the parsed object and an arena holding the
 * cleaned strings taken from it. Both go with body_free(). */
typedef struct body {
	js_t *js;
	arena_t a;
} body_t;

static int body_open(web_req_t *q, body_t *b, err_t *e)
{
	arena_init(&b->a);
	b->js = web_json_body(q, e);
	return b->js ? 0 : e->code;
}

static void body_free(body_t *b)
{
	js_free(b->js);
	arena_free(&b->a);
	b->js = NULL;
}

/* Where the record a write names in its path lives. */
enum { REC_UNIT, REC_PERSON };

/* The start of a write on the unit or person named in the path: write
 * access to it first, then the body (free with body_free once opened). */
static int open_write(web_req_t *q, int rec, body_t *b, err_t *e)
{
	const char *code = web_param(q, 0);
	int rc = rec == REC_PERSON ? access_person_code(q->c, code, 1, e)
	                           : access_unit_code(q->c, code, 1, e);
	return rc ? rc : body_open(q, b, e);
}

/* Member key of obj (b's object when NULL) as cleaned text (NFC, trimmed)
 * in b's arena; *out is NULL when the member is absent, null or empty
 * (ERR_INVALID when required). */
static int body_text(body_t *b, const js_t *obj, const char *key, int required, const char **out,
                     err_t *e)
{
	char *s = NULL;
	int r = web_get_text(obj ? obj : b->js, key, required, &s, e);
	*out = s && *s ? arena_strdup(&b->a, s) : NULL;
	free(s);
	return r;
}

/* A date member as ISO text in b's arena (NULL when absent). */
static int body_date(body_t *b, const char *key, int required, const char **out, err_t *e)
{
	const char *s;
	char iso[11];
	int r = body_text(b, NULL, key, required, &s, e);
	*out = NULL;
	if (r || !s)
		return r;
	char what[64];
	snprintf(what, sizeof what, "Ngày (trường «%s»)", key);
	if ((r = parse_date(s, what, iso, e)))
		return r;
	*out = arena_strdup(&b->a, iso);
	return 0;
}

/* Unit codes: an array member of strings, cleaned, at most MAX_CODES. */
typedef struct codes {
	const char *v[MAX_CODES];
	size_t n;
} codes_t;

static int body_codes(body_t *b, const char *key, codes_t *out, err_t *e)
{
	const js_t *arr = NULL;
	out->n = 0;
	int r = js_get_array(b->js, NULL, key, 0, &arr, e);
	if (r || !arr)
		return r;
	if (js_len(arr) > MAX_CODES)
		return err_set(e, ERR_INVALID, "Trường «%s» có quá %d đơn vị", key, MAX_CODES);
	for (size_t i = 0; i < js_len(arr); i++) {
		const char *s;
		if ((r = js_at_str(arr, key, i, &s, e)))
			return r;
		char *c = text_clean(s, strlen(s), e);
		if (!c)
			return e->code;
		if (*c)
			out->v[out->n++] = arena_strdup(&b->a, c);
		free(c);
	}
	return 0;
}

/* Write access to every unit in codes. */
static int units_writable(app_ctx_t *c, const codes_t *codes, err_t *e)
{
	for (size_t i = 0; i < codes->n; i++) {
		int r = access_unit_code(c, codes->v[i], 1, e);
		if (r)
			return r;
	}
	return 0;
}

/* Write access to the unit named by member key of b, when given; write
 * access to the top of the tree when not and top is set. */
static int body_unit_writable(app_ctx_t *c, body_t *b, const char *key, int top, err_t *e)
{
	const char *code;
	int r = body_text(b, NULL, key, 0, &code, e);
	if (r)
		return r;
	if (code)
		return access_unit_code(c, code, 1, e);
	return top ? access_unit(c, 0, 1, e) : 0;
}

/* ---- JSON writers --------------------------------------------------------- */

/* key: {"code", "name"}, or null when code is NULL. */
static void ref_obj(jw_t *w, const char *key, const char *code, const char *name)
{
	jw_key(w, key);
	if (!code) {
		jw_null(w);
		return;
	}
	jw_obj(w);
	jw_kstr(w, "code", code);
	jw_kstr(w, "name", name);
	jw_obj_end(w);
}

/* The members of a unit version. */
static void unit_fields(jw_t *w, const unit_row_t *u)
{
	jw_kstr(w, "code", u->code);
	jw_kstr(w, "name", u->name);
	jw_kstr(w, "kind", u->kind);
	jw_kstr(w, "kind_label", vocab_label(VOCAB_UNIT_KIND, u->kind));
	jw_kstr(w, "sector", u->sector);
	jw_kstr(w, "sector_label", vocab_label(VOCAB_SECTOR, u->sector));
	jw_kstr(w, "parent_code", u->parent_code);
	jw_kstr(w, "valid_from", u->valid_from);
	jw_kstr(w, "valid_to", u->valid_to);
}

static const struct {
	const char *kind, *label;
} EVENT_KINDS[] = {
    {"merge", "Sáp nhập"},         {"split", "Chia tách"}, {"dissolve", "Giải thể"},
    {"move", "Chuyển trực thuộc"}, {"rename", "Đổi tên"},  {"create", "Thành lập"},
};

static const char *event_label(const char *kind)
{
	for (size_t i = 0; i < sizeof EVENT_KINDS / sizeof EVENT_KINDS[0]; i++)
		if (strcmp(EVENT_KINDS[i].kind, kind) == 0)
			return EVENT_KINDS[i].label;
	return kind;
}

static void refs_arr(jw_t *w, const char *key, const orgq_refs_t *l)
{
	jw_key(w, key);
	jw_arr(w);
	for (size_t i = 0; i < l->n; i++) {
		jw_obj(w);
		jw_kstr(w, "code", l->v[i].code);
		jw_kstr(w, "name", l->v[i].name);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

/* {id, kind, kind_label, date, decision_no, note, from: [{code, name}], to}.
 * The note of a rename is the new name. */
static int event_obj(app_ctx_t *c, jw_t *w, const org_event_t *ev, err_t *e)
{
	orgq_refs_t from = {0}, to = {0};
	int r = orgq_event_units(c, ev->id, &from, &to, e);
	if (!r) {
		jw_obj(w);
		jw_kint(w, "id", ev->id);
		jw_kstr(w, "kind", ev->kind);
		jw_kstr(w, "kind_label", event_label(ev->kind));
		jw_kstr(w, "date", ev->date);
		jw_kstr(w, "decision_no", ev->decision_no);
		jw_kstr(w, "note", ev->note);
		refs_arr(w, "from", &from);
		refs_arr(w, "to", &to);
		jw_obj_end(w);
	}
	orgq_refs_free(&from);
	orgq_refs_free(&to);
	return r;
}

static int events_arr(app_ctx_t *c, jw_t *w, const org_event_list_t *l, err_t *e)
{
	jw_key(w, "events");
	jw_arr(w);
	for (size_t i = 0; i < l->n; i++) {
		int r = event_obj(c, w, &l->v[i], e);
		if (r)
			return r;
	}
	jw_arr_end(w);
	return 0;
}

/* Ends a paged list: "total", "limit", "offset" and the object. */
static void page_end(jw_t *w, size_t total, long limit, long offset)
{
	jw_kint(w, "total", (int64_t)total);
	jw_kint(w, "limit", limit);
	jw_kint(w, "offset", offset);
	jw_obj_end(w);
}

/* ---- units: reading ------------------------------------------------------- */

static int h_units_tree(web_req_t *q, web_res_t *r, err_t *e)
{
	const char *root = web_query(q, "root");
	int rc;
	if (root && !*root)
		root = NULL;
	if (root) {
		if ((rc = access_unit_code(q->c, root, 0, e)))
			return rc;
	} else if (q->c->scope_unit) {
		root = q->user.scope_unit_code; /* a scoped user's tree starts at the scope */
	}
	char date[11];
	int people;
	long limit, offset;
	if ((rc = query_date(q, "date", date, e)) ||
	    (rc = query_bool(q, "people", 0, &people, e)) ||
	    (rc = web_paging(q, 500, 5000, &limit, &offset, e)))
		return rc;
	unit_list_t l = {0};
	if ((rc = org_tree(q->c, date, root, people, &l, e))) {
		unit_list_free(&l);
		return rc;
	}
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_kstr(&w, "date", date);
	jw_kstr(&w, "root", root);
	jw_key(&w, "items");
	jw_arr(&w);
	for (size_t i = (size_t)offset; i < l.n && i < (size_t)offset + (size_t)limit; i++) {
		jw_obj(&w);
		unit_fields(&w, &l.v[i]);
		jw_kint(&w, "depth", l.v[i].depth);
		if (people)
			jw_kint(&w, "people", l.v[i].people);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	page_end(&w, l.n, limit, offset);
	unit_list_free(&l);
	return 0;
}

static int h_units_search(web_req_t *q, web_res_t *r, err_t *e)
{
	const char *text = web_query(q, "q");
	long limit, offset;
	int rc = web_paging(q, 50, 500, &limit, &offset, e);
	if (rc)
		return rc;
	if (!text || !*text)
		return err_set(e, ERR_INVALID, "Thiếu từ khóa tìm kiếm (?q=)");
	unit_list_t l = {0};
	if ((rc = org_search(q->c, text, &l, e))) {
		unit_list_free(&l);
		return rc;
	}
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_kstr(&w, "q", text);
	jw_key(&w, "items");
	jw_arr(&w);
	size_t total = 0;
	for (size_t i = 0; i < l.n; i++) {
		int in = access_in_scope(q->c, l.v[i].id,
		                         e); /* versions outside the scope are left out */
		if (in < 0) {
			unit_list_free(&l);
			return e->code;
		}
		if (!in)
			continue;
		if (total >= (size_t)offset && total < (size_t)offset + (size_t)limit) {
			jw_obj(&w);
			unit_fields(&w, &l.v[i]);
			jw_obj_end(&w);
		}
		total++;
	}
	jw_arr_end(&w);
	page_end(&w, total, limit, offset);
	unit_list_free(&l);
	return 0;
}

/* The version of versions (oldest first) valid on date, else the last one
 * that began before it; NULL when the unit did not exist yet. */
static const unit_row_t *version_on(const unit_list_t *versions, const char *date)
{
	const unit_row_t *v = NULL;
	for (size_t i = 0; i < versions->n; i++)
		if (strcmp(versions->v[i].valid_from, date) <= 0)
			v = &versions->v[i];
	return v;
}

/* The name of unit code on date (its last name before it when closed) into
 * a new string, or NULL. */
static char *name_on(app_ctx_t *c, const char *code, const char *date)
{
	unit_list_t v = {0};
	org_event_list_t ev = {0};
	err_t e;
	char *name = NULL;
	if (org_history(c, code, &v, &ev, &e) == 0) {
		const unit_row_t *u = version_on(&v, date);
		if (u && u->name)
			name = xstrdup(u->name);
	}
	unit_list_free(&v);
	org_event_list_free(&ev);
	return name;
}

static int h_unit_get(web_req_t *q, web_res_t *r, err_t *e)
{
	const char *code = web_param(q, 0);
	int rc = access_unit_code(q->c, code, 0, e);
	if (rc)
		return rc;
	char date[11];
	if ((rc = query_date(q, "date", date, e)))
		return rc;
	unit_list_t versions = {0}, tree = {0};
	org_event_list_t events = {0};
	char *parent_name = NULL;
	if ((rc = org_history(q->c, code, &versions, &events, e)))
		goto out;
	const unit_row_t *v = version_on(&versions, date);
	if (!v) {
		char vn[11];
		int d;
		date_parse(date, &d);
		date_vn(d, vn);
		rc = err_set(e, ERR_NOT_FOUND, "Đơn vị «%s» chưa được thành lập vào ngày %s", code,
		             vn);
		goto out;
	}
	int valid = !v->valid_to || strcmp(date, v->valid_to) < 0;
	if (valid && (rc = org_tree(q->c, date, code, 1, &tree, e)))
		goto out;
	if (v->parent_code)
		parent_name = name_on(q->c, v->parent_code, date);
	int64_t own = tree.n ? tree.v[0].people : 0, all = 0;
	for (size_t i = 0; i < tree.n; i++)
		all += tree.v[i].people;
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	unit_fields(&w, v);
	jw_kstr(&w, "date", date);
	jw_key(&w, "active");
	jw_bool(&w, versions.v[versions.n - 1].valid_to == NULL);
	jw_key(&w, "exists_on_date");
	jw_bool(&w, valid);
	ref_obj(&w, "parent", v->parent_code, parent_name);
	jw_kint(&w, "people", own);
	jw_kint(&w, "people_subtree", all);
	jw_key(&w, "children");
	jw_arr(&w);
	for (size_t i = 1; i < tree.n; i++) {
		if (tree.v[i].depth != 1)
			continue;
		jw_obj(&w);
		jw_kstr(&w, "code", tree.v[i].code);
		jw_kstr(&w, "name", tree.v[i].name);
		jw_kstr(&w, "kind", tree.v[i].kind);
		jw_kstr(&w, "kind_label", vocab_label(VOCAB_UNIT_KIND, tree.v[i].kind));
		jw_kint(&w, "people", tree.v[i].people);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_kint(&w, "versions", (int64_t)versions.n);
	jw_obj_end(&w);
out:
	free(parent_name);
	unit_list_free(&versions);
	unit_list_free(&tree);
	org_event_list_free(&events);
	return rc;
}

static int h_unit_history(web_req_t *q, web_res_t *r, err_t *e)
{
	const char *code = web_param(q, 0);
	int rc = access_unit_code(q->c, code, 0, e);
	if (rc)
		return rc;
	unit_list_t versions = {0};
	org_event_list_t events = {0};
	if ((rc = org_history(q->c, code, &versions, &events, e)))
		goto out;
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_kstr(&w, "code", code);
	jw_key(&w, "active");
	jw_bool(&w, versions.n && versions.v[versions.n - 1].valid_to == NULL);
	jw_key(&w, "versions");
	jw_arr(&w);
	for (size_t i = 0; i < versions.n; i++) {
		jw_obj(&w);
		unit_fields(&w, &versions.v[i]);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	if ((rc = events_arr(q->c, &w, &events, e)))
		goto out;
	jw_obj_end(&w);
out:
	unit_list_free(&versions);
	org_event_list_free(&events);
	return rc;
}

/* old_unit of a where row is "CODE Tên" (codes have no spaces: the
 * importer and POST /units check them). */
static void old_unit_obj(jw_t *w, const char *s)
{
	const char *sp = s ? strchr(s, ' ') : NULL;
	char code[65];
	if (!s) {
		ref_obj(w, "old_unit", NULL, NULL);
		return;
	}
	snprintf(code, sizeof code, "%.*s", sp ? (int)(sp - s) : (int)strlen(s), s);
	ref_obj(w, "old_unit", code, sp ? sp + 1 : NULL);
}

static int h_unit_where(web_req_t *q, web_res_t *r, err_t *e)
{
	const char *code = web_param(q, 0);
	int rc = access_unit_code(q->c, code, 0, e);
	if (rc)
		return rc;
	long limit, offset;
	if ((rc = web_paging(q, 200, 2000, &limit, &offset, e)))
		return rc;
	org_where_t wh;
	if ((rc = org_where(q->c, code, &wh, e)))
		return rc;
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_key(&w, "unit");
	jw_obj(&w);
	unit_fields(&w, &wh.unit);
	jw_key(&w, "active");
	jw_bool(&w, wh.unit.valid_to == NULL);
	jw_obj_end(&w);
	if ((rc = events_arr(q->c, &w, &wh.events, e)))
		goto out;
	jw_key(&w, "items");
	jw_arr(&w);
	for (size_t i = (size_t)offset; i < wh.n && i < (size_t)offset + (size_t)limit; i++) {
		const org_where_row_t *x = &wh.v[i];
		jw_obj(&w);
		ref_obj(&w, "person", x->person_code, x->person_name);
		old_unit_obj(&w, x->old_unit);
		jw_kstr(&w, "position", x->position);
		jw_kstr(&w, "valid_to", x->until);
		ref_obj(&w, "new_unit", x->new_unit_code, x->new_unit_name);
		jw_kstr(&w, "new_position", x->new_position);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	page_end(&w, wh.n, limit, offset);
out:
	org_where_free(&wh);
	return rc;
}

/* ---- units: writing --------------------------------------------------------- */

/* A vocabulary value given as its code or label; ERR_INVALID listing the
 * choices (as the importer words it). */
static int vocab_value(vocab_kind k, const char *what, const char *in, const char **out, err_t *e)
{
	*out = in ? vocab_parse(k, in) : NULL;
	if (*out || !in)
		return 0;
	char ch[512];
	vocab_choices(k, ch, sizeof ch);
	return err_set(e, ERR_INVALID, "%s «%s» không hợp lệ; chọn một trong: %s", what, in, ch);
}

/* The checks the unit importer makes on a code and a name. */
static int check_unit_code_name(const char *code, const char *name, err_t *e)
{
	char tmp[PEOPLE_NORM_TMP];
	const char *v;
	err_t te;
	if (code && people_normalise_view(PF_CODE, code, tmp, &v, &te))
		return err_set(e, ERR_INVALID, "Mã đơn vị «%s»: %s", code, te.msg);
	if (name && text_utf8_len(name) > 200)
		return err_set(e, ERR_INVALID, "Tên đơn vị dài quá 200 ký tự");
	return 0;
}

/* The unit as it is now ({code, name, kind, …, active}), answered. */
static int answer_unit(web_req_t *q, web_res_t *r, const char *code, int status, err_t *e)
{
	unit_list_t v = {0};
	org_event_list_t ev = {0};
	int rc = org_history(q->c, code, &v, &ev, e);
	if (!rc && v.n) {
		r->status = status;
		jw_t w;
		jw_init(&w, &r->body);
		jw_obj(&w);
		unit_fields(&w, &v.v[v.n - 1]);
		jw_key(&w, "active");
		jw_bool(&w, v.v[v.n - 1].valid_to == NULL);
		jw_obj_end(&w);
	}
	unit_list_free(&v);
	org_event_list_free(&ev);
	return rc;
}

static const char *const UNIT_KEYS[] = {"code",   "name",       "kind",        "sector",
                                        "parent", "valid_from", "decision_no", NULL};

static int h_unit_create(web_req_t *q, web_res_t *r, err_t *e)
{
	body_t b;
	int rc = body_open(q, &b, e);
	if (rc)
		return rc;
	unit_rec_t u = {0};
	const char *kind = NULL, *sector = NULL;
	/* scope: the new unit's parent, or the top of the tree */
	if ((rc = body_unit_writable(q->c, &b, "parent", 1, e)) ||
	    (rc = js_check_keys(b.js, NULL, UNIT_KEYS, e)) ||
	    (rc = body_text(&b, NULL, "code", 1, &u.code, e)) ||
	    (rc = body_text(&b, NULL, "name", 1, &u.name, e)) ||
	    (rc = body_text(&b, NULL, "kind", 1, &kind, e)) ||
	    (rc = body_text(&b, NULL, "sector", 1, &sector, e)) ||
	    (rc = body_text(&b, NULL, "parent", 0, &u.parent_code, e)) ||
	    (rc = body_date(&b, "valid_from", 0, &u.valid_from, e)) ||
	    (rc = body_text(&b, NULL, "decision_no", 0, &u.decision_no, e)) ||
	    (rc = check_unit_code_name(u.code, u.name, e)) ||
	    (rc = vocab_value(VOCAB_UNIT_KIND, "Loại đơn vị", kind, &u.kind, e)) ||
	    (rc = vocab_value(VOCAB_SECTOR, "Khối", sector, &u.sector, e)) ||
	    (rc = org_unit_add(q->c, &u, e)))
		goto out;
	rc = answer_unit(q, r, u.code, 201, e);
out:
	body_free(&b);
	return rc;
}

/* Audit snapshot of a unit's attributes. */
static char *unit_snapshot(const unit_rec_t *u)
{
	buf_t b;
	buf_init(&b, 0);
	jw_t w;
	jw_init(&w, &b);
	jw_obj(&w);
	jw_kstr(&w, "code", u->code);
	jw_kstr(&w, "name", u->name);
	jw_kstr(&w, "kind", u->kind);
	jw_kstr(&w, "sector", u->sector);
	jw_kstr(&w, "parent", u->parent_code);
	jw_obj_end(&w);
	return buf_take(&b);
}

static int same(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

static const char *const UNIT_PUT_KEYS[] = {"name", "kind", "sector", "parent", NULL};

/* PUT corrects the unit's current version in place (no event: a rename or
 * a move on a date is POST …/rename or …/move). */
static int h_unit_update(web_req_t *q, web_res_t *r, err_t *e)
{
	const char *code = web_param(q, 0);
	body_t b;
	int rc = open_write(q, REC_UNIT, &b, e);
	if (rc)
		return rc;
	unit_list_t v = {0};
	org_event_list_t ev = {0};
	char *before = NULL, *after = NULL;
	const char *name, *kind, *sector, *parent;
	if ((rc = body_unit_writable(q->c, &b, "parent", 0, e)) ||
	    (rc = js_check_keys(b.js, NULL, UNIT_PUT_KEYS, e)) ||
	    (rc = body_text(&b, NULL, "name", 0, &name, e)) ||
	    (rc = body_text(&b, NULL, "kind", 0, &kind, e)) ||
	    (rc = body_text(&b, NULL, "sector", 0, &sector, e)) ||
	    (rc = body_text(&b, NULL, "parent", 0, &parent, e)) ||
	    (rc = check_unit_code_name(NULL, name, e)) ||
	    (rc = vocab_value(VOCAB_UNIT_KIND, "Loại đơn vị", kind, &kind, e)) ||
	    (rc = vocab_value(VOCAB_SECTOR, "Khối", sector, &sector, e)) ||
	    (rc = org_history(q->c, code, &v, &ev, e)))
		goto out;
	const unit_row_t *cur = v.n ? &v.v[v.n - 1] : NULL;
	if (!cur || cur->valid_to) {
		rc = err_set(e, ERR_CONFLICT,
		             "Đơn vị «%s» đã giải thể hoặc sáp nhập, không còn hoạt động", code);
		goto out;
	}
	unit_rec_t old = {code, cur->name, cur->kind, cur->sector, cur->parent_code, NULL, NULL};
	unit_rec_t u = {code,
	                name ? name : cur->name,
	                kind ? kind : cur->kind,
	                sector ? sector : cur->sector,
	                parent ? parent : cur->parent_code,
	                NULL,
	                NULL};
	if (!(same(u.name, old.name) && same(u.kind, old.kind) && same(u.sector, old.sector) &&
	      same(u.parent_code, old.parent_code))) {
		int created;
		before = unit_snapshot(&old);
		after = unit_snapshot(&u);
		if ((rc = db_begin(q->c->db, e)))
			goto out;
		if ((rc = org_unit_put(q->c, &u, &created, e)) ||
		    (rc = audit_append(q->c, "unit.update", "unit", code, before, after, e)) ||
		    (rc = db_commit(q->c->db, e))) {
			db_rollback(q->c->db);
			goto out;
		}
	}
	rc = answer_unit(q, r, code, 200, e);
out:
	free(before);
	free(after);
	unit_list_free(&v);
	org_event_list_free(&ev);
	body_free(&b);
	return rc;
}

/* Answers {"event": …}: the newest event of kind that touched unit code
 * (the one the request just made). */
static int answer_event(web_req_t *q, web_res_t *r, const char *code, const char *kind, err_t *e)
{
	unit_list_t v = {0};
	org_event_list_t ev = {0};
	int rc = org_history(q->c, code, &v, &ev, e);
	const org_event_t *x = NULL;
	for (size_t i = 0; !rc && i < ev.n; i++)
		if (strcmp(ev.v[i].kind, kind) == 0 && (!x || ev.v[i].id > x->id))
			x = &ev.v[i];
	if (!rc && x) {
		jw_t w;
		jw_init(&w, &r->body);
		jw_obj(&w);
		jw_key(&w, "event");
		rc = event_obj(q->c, &w, x, e);
		jw_obj_end(&w);
	}
	unit_list_free(&v);
	org_event_list_free(&ev);
	return rc;
}

static const char *const MERGE_KEYS[] = {"from", "into", "date", "decision_no", NULL};

static int h_units_merge(web_req_t *q, web_res_t *r, err_t *e)
{
	body_t b;
	int rc = body_open(q, &b, e);
	if (rc)
		return rc;
	codes_t from;
	const char *into, *date, *decision;
	/* scope: every unit merged and the receiving one */
	if ((rc = body_codes(&b, "from", &from, e)) || (rc = units_writable(q->c, &from, e)) ||
	    (rc = body_unit_writable(q->c, &b, "into", 0, e)) ||
	    (rc = js_check_keys(b.js, NULL, MERGE_KEYS, e)) ||
	    (rc = body_text(&b, NULL, "into", 1, &into, e)) ||
	    (rc = body_date(&b, "date", 1, &date, e)) ||
	    (rc = body_text(&b, NULL, "decision_no", 0, &decision, e)))
		goto out;
	if (!from.n) {
		rc = err_set(e, ERR_INVALID, "Trường «from» cần ít nhất một mã đơn vị bị sáp nhập");
		goto out;
	}
	if ((rc = org_merge(q->c, from.v, from.n, into, date, decision, e)))
		goto out;
	rc = answer_event(q, r, into, "merge", e);
out:
	body_free(&b);
	return rc;
}

static const char *const SPLIT_KEYS[] = {"into", "date", "decision_no", "map", "rest_to", NULL};
static const char *const MAP_KEYS[] = {"person", "unit", NULL};

static int h_unit_split(web_req_t *q, web_res_t *r, err_t *e)
{
	const char *code = web_param(q, 0);
	body_t b;
	int rc = open_write(q, REC_UNIT, &b, e);
	if (rc)
		return rc;
	codes_t into;
	const char *date, *decision, *rest;
	const js_t *map = NULL;
	org_split_map_t *m = NULL;
	size_t nmap = 0;
	if ((rc = body_codes(&b, "into", &into, e)) || (rc = units_writable(q->c, &into, e)) ||
	    (rc = js_check_keys(b.js, NULL, SPLIT_KEYS, e)) ||
	    (rc = body_date(&b, "date", 1, &date, e)) ||
	    (rc = body_text(&b, NULL, "decision_no", 0, &decision, e)) ||
	    (rc = body_text(&b, NULL, "rest_to", 0, &rest, e)) ||
	    (rc = js_get_array(b.js, NULL, "map", 0, &map, e)))
		goto out;
	if (!into.n) {
		rc = err_set(e, ERR_INVALID, "Trường «into» cần ít nhất một mã đơn vị nhận");
		goto out;
	}
	nmap = map ? js_len(map) : 0;
	m = xcalloc(nmap ? nmap : 1, sizeof *m);
	for (size_t i = 0; i < nmap; i++) {
		const js_t *x = js_at(map, i);
		char where[32];
		snprintf(where, sizeof where, "map[%zu]", i);
		if ((rc = js_check_keys(x, where, MAP_KEYS, e)) ||
		    (rc = body_text(&b, x, "person", 1, &m[i].person_code, e)) ||
		    (rc = body_text(&b, x, "unit", 1, &m[i].unit_code, e)))
			goto out;
	}
	if ((rc = org_split(q->c, code, into.v, into.n, date, decision, m, nmap, rest, e)))
		goto out;
	rc = answer_event(q, r, code, "split", e);
out:
	free(m);
	body_free(&b);
	return rc;
}

static const char *const DISSOLVE_KEYS[] = {"to", "date", "decision_no", NULL};

static int h_unit_dissolve(web_req_t *q, web_res_t *r, err_t *e)
{
	const char *code = web_param(q, 0);
	body_t b;
	int rc = open_write(q, REC_UNIT, &b, e);
	if (rc)
		return rc;
	const char *to, *date, *decision;
	if ((rc = body_unit_writable(q->c, &b, "to", 0, e)) ||
	    (rc = js_check_keys(b.js, NULL, DISSOLVE_KEYS, e)) ||
	    (rc = body_text(&b, NULL, "to", 0, &to, e)) ||
	    (rc = body_date(&b, "date", 1, &date, e)) ||
	    (rc = body_text(&b, NULL, "decision_no", 0, &decision, e)) ||
	    (rc = org_dissolve(q->c, code, date, to, decision, e)))
		goto out;
	rc = answer_event(q, r, code, "dissolve", e);
out:
	body_free(&b);
	return rc;
}

static const char *const MOVE_KEYS[] = {"parent", "top", "date", "decision_no", NULL};

static int h_unit_move(web_req_t *q, web_res_t *r, err_t *e)
{
	const char *code = web_param(q, 0);
	body_t b;
	int rc = open_write(q, REC_UNIT, &b, e);
	if (rc)
		return rc;
	const char *parent, *date, *decision;
	int top = 0;
	if ((rc = js_get_bool(b.js, NULL, "top", 0, &top, e)) ||
	    (rc = body_unit_writable(q->c, &b, "parent", top, e)) ||
	    (rc = js_check_keys(b.js, NULL, MOVE_KEYS, e)) ||
	    (rc = body_text(&b, NULL, "parent", 0, &parent, e)) ||
	    (rc = body_date(&b, "date", 1, &date, e)) ||
	    (rc = body_text(&b, NULL, "decision_no", 0, &decision, e)))
		goto out;
	if (!parent == !top) {
		rc =
		    err_set(e, ERR_INVALID,
		            "Cần đúng một trong hai: «parent» (mã đơn vị cấp trên mới) hoặc «top»: "
		            "true (thành đơn vị cấp cao nhất)");
		goto out;
	}
	if ((rc = org_move(q->c, code, parent, date, decision, e)))
		goto out;
	rc = answer_event(q, r, code, "move", e);
out:
	body_free(&b);
	return rc;
}

static const char *const RENAME_KEYS[] = {"name", "date", "decision_no", NULL};

static int h_unit_rename(web_req_t *q, web_res_t *r, err_t *e)
{
	const char *code = web_param(q, 0);
	body_t b;
	int rc = open_write(q, REC_UNIT, &b, e);
	if (rc)
		return rc;
	const char *name, *date, *decision;
	if ((rc = js_check_keys(b.js, NULL, RENAME_KEYS, e)) ||
	    (rc = body_text(&b, NULL, "name", 1, &name, e)) ||
	    (rc = body_date(&b, "date", 1, &date, e)) ||
	    (rc = body_text(&b, NULL, "decision_no", 0, &decision, e)) ||
	    (rc = check_unit_code_name(NULL, name, e)) ||
	    (rc = org_rename(q->c, code, name, date, decision, e)))
		goto out;
	rc = answer_event(q, r, code, "rename", e);
out:
	body_free(&b);
	return rc;
}

/* ---- people: reading --------------------------------------------------------- */

/* The JSON name of a record field: the column name, in English where the
 * column keeps a Vietnamese abbreviation. */
static const char *field_key(person_field f)
{
	switch (f) {
	case PF_LLCT:
		return "political_theory"; /* lý luận chính trị */
	case PF_QLNN:
		return "state_management"; /* quản lý nhà nước */
	default:
		return people_field_column(f);
	}
}

/* key: value of a stored field: a number for the salary step and
 * coefficient ("234" → 2.34), text otherwise, null when empty. */
static void field_value(jw_t *w, person_field f, const char *v)
{
	jw_key(w, field_key(f));
	if (!v) {
		jw_null(w);
		return;
	}
	long x = strtol(v, NULL, 10);
	char t[32];
	switch (people_field_kind(f)) {
	case PFK_STEP:
		jw_int(w, x);
		break;
	case PFK_COEF:
		snprintf(t, sizeof t, "%ld.%02ld", x / 100, x % 100);
		jw_raw(w, t);
		break;
	default:
		jw_str(w, v);
		break;
	}
}

static void post_obj(jw_t *w, const assignment_row_t *a)
{
	jw_obj(w);
	jw_kint(w, "id", a->id);
	ref_obj(w, "unit", a->unit_code, a->unit_name);
	jw_kstr(w, "kind", a->kind);
	jw_kstr(w, "kind_label", vocab_label(VOCAB_ASSIGNMENT, a->kind));
	jw_kstr(w, "position", a->position);
	jw_key(w, "is_leader");
	jw_bool(w, a->is_leader);
	jw_kstr(w, "leader_level", a->is_leader ? a->leader_level : NULL);
	jw_kstr(w, "valid_from", a->from);
	jw_kstr(w, "valid_to", a->to);
	jw_kstr(w, "decision_no", a->decision_no);
	jw_obj_end(w);
}

/* The whole record: every field, the labels of the coded ones, and the
 * posts oldest first. */
static void person_obj(jw_t *w, const person_full_t *p)
{
	jw_obj(w);
	for (int f = 0; f < PF__MAX; f++)
		field_value(w, (person_field)f, p->v[f]);
	jw_key(w, "labels");
	jw_obj(w);
	for (int f = 0; f < PF__MAX; f++)
		if (people_field_kind((person_field)f) == PFK_VOCAB && p->v[f])
			jw_kstr(
			    w, field_key((person_field)f),
			    vocab_label((vocab_kind)people_field_vocab((person_field)f), p->v[f]));
	jw_obj_end(w);
	jw_kstr(w, "created_at", p->created_at);
	jw_kstr(w, "updated_at", p->updated_at);
	jw_key(w, "posts");
	jw_arr(w);
	for (size_t i = 0; i < p->nposts; i++)
		post_obj(w, &p->posts[i]);
	jw_arr_end(w);
	jw_obj_end(w);
}

static int answer_person(web_req_t *q, web_res_t *r, const char *code, int status, err_t *e)
{
	person_full_t p;
	int rc = people_get(q->c, code, &p, e);
	if (!rc) {
		r->status = status;
		jw_t w;
		jw_init(&w, &r->body);
		person_obj(&w, &p);
	}
	person_full_free(&p);
	return rc;
}

static int h_people_list(web_req_t *q, web_res_t *r, err_t *e)
{
	int64_t scope = access_list_scope(q->c);
	if (scope < 0)
		return err_set(
		    e, ERR_FORBIDDEN,
		    "Vai trò «%s» không được xem danh sách cán bộ; hãy mở từng hồ sơ bạn "
		    "được xem",
		    auth_role_label(q->c->role));
	people_query_t pq = {0};
	int rc, subtree;
	pq.unit_code = web_query(q, "unit");
	if (pq.unit_code && !*pq.unit_code)
		pq.unit_code = NULL;
	if (pq.unit_code && (rc = access_unit_code(q->c, pq.unit_code, 0, e)))
		return rc;
	long limit, offset;
	const char *cat = web_query(q, "category");
	if ((rc = query_bool(q, "subtree", 0, &subtree, e)) ||
	    (rc = web_paging(q, 50, 500, &limit, &offset, e)) ||
	    (rc = vocab_value(VOCAB_CATEGORY, "Phân loại", cat && *cat ? cat : NULL, &pq.category,
	                      e)))
		return rc;
	pq.subtree = subtree;
	if (!pq.unit_code && scope) { /* a scoped list is the scope's subtree */
		pq.unit_code = q->user.scope_unit_code;
		pq.subtree = 1;
	}
	pq.text = web_query(q, "q");
	pq.limit = limit;
	pq.offset = offset;
	person_list_t l;
	if ((rc = people_list(q->c, &pq, &l, e))) {
		person_list_free(&l);
		return rc;
	}
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	for (size_t i = 0; i < l.n; i++) {
		const person_row_t *p = &l.v[i];
		jw_obj(&w);
		jw_kstr(&w, "code", p->code);
		jw_kstr(&w, "full_name", p->full_name);
		jw_kstr(&w, "birth_date", p->birth_date);
		jw_kstr(&w, "gender", p->gender);
		jw_kstr(&w, "category", p->category);
		jw_kstr(&w, "category_label", vocab_label(VOCAB_CATEGORY, p->category));
		jw_kstr(&w, "rank_code", p->rank_code);
		ref_obj(&w, "unit", p->unit_code, p->unit_name);
		jw_kstr(&w, "position", p->position);
		jw_key(&w, "is_leader");
		jw_bool(&w, p->is_leader);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	page_end(&w, (size_t)l.total, limit, offset);
	person_list_free(&l);
	return 0;
}

static int h_person_get(web_req_t *q, web_res_t *r, err_t *e)
{
	int rc = access_person_code(q->c, web_param(q, 0), 0, e);
	if (rc)
		return rc;
	return answer_person(q, r, web_param(q, 0), 200, e);
}

/* ---- people: writing -------------------------------------------------------------- */

/* The problems found in a record sent for writing, as details
 * {"fields": [{field, label, value, message}]} — every field at once, as
 * the importer reports every cell. */
typedef struct problems {
	buf_t buf;
	jw_t w;
	int n;
	char first[600];
} problems_t;

static void problems_init(problems_t *p)
{
	buf_init(&p->buf, (size_t)1 << 20);
	jw_init(&p->w, &p->buf);
	jw_obj(&p->w);
	jw_key(&p->w, "fields");
	jw_arr(&p->w);
	p->n = 0;
	p->first[0] = '\0';
}

static void problem(problems_t *p, const char *field, const char *label, const char *value,
                    const char *msg)
{
	jw_obj(&p->w);
	jw_kstr(&p->w, "field", field);
	jw_kstr(&p->w, "label", label);
	jw_kstr(&p->w, "value", value);
	jw_kstr(&p->w, "message", msg);
	jw_obj_end(&p->w);
	if (!p->n++)
		if (snprintf(p->first, sizeof p->first, "%s: %s", label, msg) < 0) /* cut is fine */
			p->first[0] = 0;
}

/* 0 when nothing was wrong; else ERR_INVALID naming the first problem,
 * with the list in r->details. Frees p. */
static int problems_end(problems_t *p, web_res_t *r, err_t *e)
{
	jw_arr_end(&p->w);
	jw_obj_end(&p->w);
	int rc = 0;
	if (p->n) {
		buf_reset(&r->details);
		buf_puts(&r->details, buf_cstr(&p->buf));
		rc = p->n == 1 ? err_set(e, ERR_INVALID, "%s", p->first)
		               : err_set(e, ERR_INVALID, "%s; và %d lỗi khác (xem details)",
		                         p->first, p->n - 1);
	}
	buf_free(&p->buf);
	return rc;
}

/* Reads the record fields of b into rec, each normalised and checked by
 * people_normalise_view() exactly as the importer does; the values live in
 * b's arena. null (or "") clears a field of an existing record. */
static void read_fields(body_t *b, int creating, person_rec_t *rec, problems_t *pb)
{
	for (int i = 0; i < PF__MAX; i++) {
		person_field f = (person_field)i;
		const char *key = field_key(f), *label = people_field_label(f);
		const js_t *v = js_get(b->js, key);
		if (!v || (f == PF_CODE && !creating))
			continue;
		char num[48], tmp[PEOPLE_NORM_TMP];
		const char *raw = NULL, *out;
		int64_t x;
		err_t te;
		switch (js_typeof(v)) {
		case JS_NULL:
			rec->has[f] = !creating;
			continue;
		case JS_STRING:
			raw = js_string(v);
			break;
		case JS_NUMBER:
			if (people_field_kind(f) == PFK_STEP &&
			    !js_get_int(b->js, NULL, key, 1, -1000, 1000, &x, &te)) {
				snprintf(num, sizeof num, "%lld", (long long)x);
				raw = num;
			} else if (people_field_kind(f) == PFK_COEF &&
			           !js_get_fixed(b->js, NULL, key, 1, 2, 0, 100000, &x, &te)) {
				snprintf(num, sizeof num, "%lld,%02lld", (long long)(x / 100),
				         (long long)(x % 100));
				raw = num;
			} else {
				problem(pb, key, label, NULL,
				        people_field_kind(f) == PFK_STEP ||
				                people_field_kind(f) == PFK_COEF
				            ? te.msg
				            : "cần một chuỗi");
				continue;
			}
			break;
		default:
			problem(pb, key, label, NULL, "cần một chuỗi");
			continue;
		}
		char *clean = text_clean(raw, strlen(raw), &te);
		if (!clean) {
			problem(pb, key, label, NULL, te.msg);
			continue;
		}
		if (people_normalise_view(f, clean, tmp, &out, &te)) {
			problem(pb, key, label, clean, te.msg);
		} else {
			rec->has[f] = 1;
			rec->v[f] = out ? arena_strdup(&b->a, out) : NULL;
		}
		free(clean);
	}
	/* what a record cannot be without (people_put refuses it too) */
	static const person_field need[] = {PF_CODE, PF_FULL_NAME, PF_CATEGORY};
	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
		person_field f = need[i];
		char msg[128];
		if (creating && !rec->v[f] && !js_get(b->js, field_key(f))) {
			snprintf(msg, sizeof msg, "thiếu trường «%s»", field_key(f));
			problem(pb, field_key(f), people_field_label(f), NULL, msg);
		} else if (rec->has[f] && !rec->v[f]) {
			problem(pb, field_key(f), people_field_label(f), NULL,
			        "không được để trống");
		}
	}
}

static const char *const POST_KEYS[] = {"unit", "position",    "is_leader", "leader_level",
                                        "from", "decision_no", NULL};

/* The primary post given with a record: {unit, position, is_leader?,
 * leader_level?, from?, decision_no?}. */
static void read_post(body_t *b, person_rec_t *rec, problems_t *pb)
{
	const js_t *post = js_get(b->js, "post");
	if (!post || js_typeof(post) == JS_NULL)
		return;
	err_t te;
	post_rec_t p = {0};
	const char *level = NULL, *from = NULL;
	int bad = pb->n;
	p.is_leader = -1;
	if (js_check_keys(post, "post", POST_KEYS, &te)) {
		problem(pb, "post", "Chức vụ chính", NULL, te.msg);
		return;
	}
	if (body_text(b, post, "unit", 1, &p.unit_code, &te))
		problem(pb, "post.unit", "Mã đơn vị", NULL, te.msg);
	if (body_text(b, post, "position", 1, &p.position, &te))
		problem(pb, "post.position", "Chức vụ", NULL, te.msg);
	if (js_get_bool(post, "post", "is_leader", 0, &p.is_leader, &te))
		problem(pb, "post.is_leader", "Lãnh đạo", NULL, te.msg);
	if (body_text(b, post, "leader_level", 0, &level, &te))
		problem(pb, "post.leader_level", "Cấp lãnh đạo", NULL, te.msg);
	else if (level && !(p.leader_level = vocab_parse(VOCAB_LEADER_LEVEL, level)))
		problem(pb, "post.leader_level", "Cấp lãnh đạo", level,
		        "ghi «head» (cấp trưởng) hoặc «deputy» (cấp phó)");
	if (body_text(b, post, "from", 0, &from, &te)) {
		problem(pb, "post.from", "Ngày bắt đầu", NULL, te.msg);
	} else if (from) {
		char iso[11];
		if (parse_date(from, "Ngày", iso, &te))
			problem(pb, "post.from", "Ngày bắt đầu", from, te.msg);
		else
			p.from = arena_strdup(&b->a, iso);
	}
	if (body_text(b, post, "decision_no", 0, &p.decision_no, &te))
		problem(pb, "post.decision_no", "Số quyết định", NULL, te.msg);
	if (pb->n == bad) {
		rec->has_post = 1;
		rec->post = p;
	}
}

/* Write access for the unit of the post in the body (a new person: the
 * post places them in a scope; without one, only a user of the whole tree
 * may create them). */
static int post_unit_writable(web_req_t *q, body_t *b, int creating, err_t *e)
{
	const js_t *post = js_get(b->js, "post");
	const js_t *unit = post ? js_get(post, "unit") : NULL;
	const char *code = NULL;
	err_t te;
	if (unit && js_typeof(unit) == JS_STRING &&
	    body_text(b, post, "unit", 0, &code, &te) == 0 && code)
		return access_unit_code(q->c, code, 1, e);
	if (!creating)
		return 0;
	if (q->c->role != ROLE_ADMIN && q->c->scope_unit)
		return err_set(e, ERR_FORBIDDEN,
		               "Người mới phải có chức vụ chính («post» với «unit») tại một đơn vị "
		               "trong phạm vi bạn được giao");
	return access_unit(q->c, 0, 1, e);
}

/* Audit snapshot of a record: its non-empty fields and open primary post. */
static char *person_snapshot(const person_full_t *p)
{
	buf_t b;
	buf_init(&b, 0);
	jw_t w;
	jw_init(&w, &b);
	jw_obj(&w);
	for (int f = 0; f < PF__MAX; f++)
		if (p->v[f])
			jw_kstr(&w, field_key((person_field)f), p->v[f]);
	for (size_t i = 0; i < p->nposts; i++) {
		const assignment_row_t *a = &p->posts[i];
		if (strcmp(a->kind, "primary") == 0 && !a->to) {
			jw_kstr(&w, "post_unit", a->unit_code);
			jw_kstr(&w, "post_position", a->position);
		}
	}
	jw_obj_end(&w);
	return buf_take(&b);
}

/* Creates (creating) or updates the record rec in one transaction with its
 * audit row; nothing is written (nor audited) when nothing changes. */
static int person_write(web_req_t *q, const person_rec_t *rec, int creating, err_t *e)
{
	app_ctx_t *c = q->c;
	const char *code = rec->v[PF_CODE];
	person_full_t old = {0}, now = {0};
	char *before = NULL, *after = NULL;
	char today[11];
	int outcome = 0;
	err_t te;
	app_today(today);
	int rc = db_begin(c->db, e);
	if (rc)
		return rc;
	int missing = people_get(c, code, &old, &te);
	if (missing && te.code != ERR_NOT_FOUND)
		rc = err_set(e, te.code, "%s", te.msg);
	else if (creating && !missing)
		rc = err_set(e, ERR_CONFLICT, "Đã có người mã «%s»", code);
	else if (!creating && missing)
		rc = err_set(e, ERR_NOT_FOUND, "%s", te.msg);
	else if (people_put(c, rec, today, &outcome, &te))
		rc = err_set(e, te.code, "Không lưu được hồ sơ %s: %s", code, te.msg);
	if (rc || !outcome)
		goto out;
	if ((rc = people_get(c, code, &now, e)))
		goto out;
	before = missing ? NULL : person_snapshot(&old);
	after = person_snapshot(&now);
	if ((rc = audit_append(c, creating ? "person.add" : "person.update", "person", code, before,
	                       after, e)))
		goto out;
	rc = db_commit(c->db, e);
out:
	if (db_in_tx(c->db))
		db_rollback(c->db);
	free(before);
	free(after);
	person_full_free(&old);
	person_full_free(&now);
	return rc;
}

/* The keys a record body may hold: every field (but the code, which an
 * update takes from the path) and "post"; into keys[PF__MAX + 2]. */
static void person_keys(int creating, const char **keys)
{
	int n = 0;
	for (int f = 0; f < PF__MAX; f++)
		if (creating || f != PF_CODE)
			keys[n++] = field_key((person_field)f);
	keys[n++] = "post";
	keys[n] = NULL;
}

/* POST /people (creating) and PUT /people/{code}. */
static int person_save(web_req_t *q, web_res_t *r, int creating, err_t *e)
{
	const char *code = creating ? NULL : web_param(q, 0);
	body_t b;
	int rc = creating ? body_open(q, &b, e) : open_write(q, REC_PERSON, &b, e);
	if (rc)
		return rc;
	const char *keys[PF__MAX + 2];
	person_keys(creating, keys);
	person_rec_t rec = {0};
	problems_t pb;
	if ((rc = post_unit_writable(q, &b, creating, e)) ||
	    (rc = js_check_keys(b.js, NULL, keys, e)))
		goto out;
	problems_init(&pb);
	read_fields(&b, creating, &rec, &pb);
	read_post(&b, &rec, &pb);
	if ((rc = problems_end(&pb, r, e)))
		goto out;
	if (!creating)
		rec.v[PF_CODE] = code;
	if ((rc = person_write(q, &rec, creating, e)))
		goto out;
	rc = answer_person(q, r, rec.v[PF_CODE], creating ? 201 : 200, e);
out:
	body_free(&b);
	return rc;
}

static int h_person_create(web_req_t *q, web_res_t *r, err_t *e)
{
	return person_save(q, r, 1, e);
}

static int h_person_update(web_req_t *q, web_res_t *r, err_t *e)
{
	return person_save(q, r, 0, e);
}

/* Answers {"person": {code, name}, "assignment": …} with the person's
 * newest post of kind at unit (for an end: the one that ended on date). */
static int answer_post(web_req_t *q, web_res_t *r, const char *code, const char *unit,
                       const char *kind, const char *ended, int status, err_t *e)
{
	person_full_t p;
	int rc = people_get(q->c, code, &p, e);
	const assignment_row_t *a = NULL;
	for (size_t i = 0; !rc && i < p.nposts; i++) {
		const assignment_row_t *x = &p.posts[i];
		if (strcmp(x->unit_code, unit) == 0 && (!kind || strcmp(x->kind, kind) == 0) &&
		    (!ended || same(x->to, ended)) && (!a || x->id > a->id))
			a = x;
	}
	if (!rc) {
		r->status = status;
		jw_t w;
		jw_init(&w, &r->body);
		jw_obj(&w);
		ref_obj(&w, "person", p.v[PF_CODE], p.v[PF_FULL_NAME]);
		jw_key(&w, "assignment");
		if (a)
			post_obj(&w, a);
		else
			jw_null(&w);
		jw_obj_end(&w);
	}
	person_full_free(&p);
	return rc;
}

static const char *const ASSIGN_KEYS[] = {"unit", "position", "kind",        "is_leader",
                                          "from", "to",       "decision_no", NULL};

static int h_person_assign(web_req_t *q, web_res_t *r, err_t *e)
{
	const char *code = web_param(q, 0);
	body_t b;
	int rc = open_write(q, REC_PERSON, &b, e);
	if (rc)
		return rc;
	assign_rec_t a = {0};
	a.person_code = code;
	a.is_leader = -1;
	if ((rc = body_unit_writable(q->c, &b, "unit", 0, e)) ||
	    (rc = js_check_keys(b.js, NULL, ASSIGN_KEYS, e)) ||
	    (rc = body_text(&b, NULL, "unit", 1, &a.unit_code, e)) ||
	    (rc = body_text(&b, NULL, "position", 1, &a.position, e)) ||
	    (rc = body_text(&b, NULL, "kind", 0, &a.kind, e)) ||
	    (rc = js_get_bool(b.js, NULL, "is_leader", 0, &a.is_leader, e)) ||
	    (rc = body_date(&b, "from", 1, &a.from, e)) ||
	    (rc = body_date(&b, "to", 0, &a.to, e)) ||
	    (rc = body_text(&b, NULL, "decision_no", 0, &a.decision_no, e)) ||
	    (rc = people_assign(q->c, &a, e)))
		goto out;
	rc = answer_post(q, r, code, a.unit_code,
	                 vocab_parse(VOCAB_ASSIGNMENT, a.kind ? a.kind : "primary"), NULL, 201, e);
out:
	body_free(&b);
	return rc;
}

static const char *const END_KEYS[] = {"unit", "date", NULL};

static int h_person_end(web_req_t *q, web_res_t *r, err_t *e)
{
	const char *code = web_param(q, 0);
	body_t b;
	int rc = open_write(q, REC_PERSON, &b, e);
	if (rc)
		return rc;
	const char *unit, *date;
	if ((rc = body_unit_writable(q->c, &b, "unit", 0, e)) ||
	    (rc = js_check_keys(b.js, NULL, END_KEYS, e)) ||
	    (rc = body_text(&b, NULL, "unit", 1, &unit, e)) ||
	    (rc = body_date(&b, "date", 1, &date, e)) ||
	    (rc = people_end_post(q->c, code, unit, date, e)))
		goto out;
	rc = answer_post(q, r, code, unit, NULL, date, 200, e);
out:
	body_free(&b);
	return rc;
}

static const char *const STATUS_KEYS[] = {"status", "from", NULL};

static int h_person_status(web_req_t *q, web_res_t *r, err_t *e)
{
	const char *code = web_param(q, 0);
	body_t b;
	int rc = open_write(q, REC_PERSON, &b, e);
	if (rc)
		return rc;
	const char *status, *from;
	if ((rc = js_check_keys(b.js, NULL, STATUS_KEYS, e)) ||
	    (rc = body_text(&b, NULL, "status", 1, &status, e)) ||
	    (rc = body_date(&b, "from", 1, &from, e)) ||
	    (rc = people_set_status(q->c, code, status, from, e)))
		goto out;
	rc = answer_person(q, r, code, 200, e);
out:
	body_free(&b);
	return rc;
}

/* The routes of this group: method, pattern, handler, roles allowed at all
 * (scope is checked per record inside), flags, OpenAPI tag, summary and
 * description. */
const web_route_t web_routes_org[] = {
    {"GET", "/api/v1/units", h_units_tree, WEB_R_ALL, 0, "units", "The organisation tree on a date",
     "Everyone signed in. ?date=YYYY-MM-DD (default today), ?root=CODE (a subtree; it must be "
     "in the caller's scope), ?people=true (count the open primary posts of each unit), "
     "?limit= (default 500, at most 5000) and ?offset=. A user with a scope gets the tree of "
     "their scope unless they ask for a root inside it. Answers {date, root, items: [{code, name, "
     "kind, kind_label, sector, sector_label, parent_code, valid_from, valid_to, depth, people?}], "
     "total, limit, offset}, depth first, siblings in Vietnamese order. 404 when the root did "
     "not exist on that date."},
    {"GET", "/api/v1/units/search", h_units_search, WEB_R_ALL, 0, "units",
     "Search units by name or code",
     "Everyone signed in. ?q= is matched without diacritics or case against every name a unit "
     "ever had and its code (\"hang trong\" finds «Phường Hàng Trống»); one row per matching "
     "version, units outside the caller's scope left out. Paged with ?limit= (default 50, at "
     "most 500) and ?offset=; answers {q, items: [unit version], total, limit, offset}."},
    {"GET", "/api/v1/units/{code}", h_unit_get, WEB_R_ALL, 0, "units", "One unit",
     "Anyone whose scope holds the unit. ?date= (default today). Answers the unit's version on "
     "that date (or its last one, when it had closed by then: exists_on_date false), whether it "
     "is still active, its parent {code, name}, the people holding a primary post in it "
     "(people) and in its whole subtree (people_subtree), its children on that date and how "
     "many versions it has had. 404 when the unit did not exist yet on that date."},
    {"GET", "/api/v1/units/{code}/history", h_unit_history, WEB_R_ALL, 0, "units",
     "A unit's versions and reorganisations",
     "Anyone whose scope holds the unit. Answers {code, active, versions (oldest first: name, "
     "kind, sector, parent_code, valid_from, valid_to), events: [{id, kind (merge, split, "
     "dissolve, move, rename), kind_label, date, decision_no, note (a rename's new name), "
     "from: [{code, name}], to: [{code, name}]}]}."},
    {"GET", "/api/v1/units/{code}/where", h_unit_where, WEB_R_ALL, 0, "units",
     "Where the people of an old unit went",
     "Anyone whose scope holds the unit. For every post that ended in the unit or its subtree "
     "(as it was on the unit's last day): the person, the old unit and position, the day it "
     "ended (valid_to, exclusive) and the post that followed it (new_unit, new_position; null "
     "when none did). Also the unit as it last was and the events that closed it and its "
     "subtree. Paged with ?limit= (default 200, at most 2000) and ?offset=."},
    {"POST", "/api/v1/units", h_unit_create, WEB_R_MANAGE, 0, "units", "Create a unit",
     "HR for a parent in their scope, or administrators (a unit without a parent needs a user "
     "of the whole tree). Body {code, name, kind, sector, parent?, valid_from? (default "
     "2000-01-01), decision_no?}; kind and sector take a code or a Vietnamese label "
     "(ward / «Phường», government / «Khối chính quyền»). Answers 201 with the unit; 409 when "
     "the code exists."},
    {"PUT", "/api/v1/units/{code}", h_unit_update, WEB_R_MANAGE, 0, "units",
     "Correct a unit's current information",
     "HR in scope (also of the new parent) or administrators. Body {name?, kind?, sector?, "
     "parent?}: what is sent replaces the current version in place, without a history event "
     "(for a change from a date use …/rename or …/move). Answers the unit; 409 for a unit that "
     "no longer exists."},
    {"POST", "/api/v1/units/merge", h_units_merge, WEB_R_MANAGE, 0, "units",
     "Merge units into another",
     "HR with every unit involved in scope, or administrators. Body {from: [codes], into, "
     "date, decision_no?}: on date the units in from close, their people and child units move "
     "to into, and their posts end on date with new ones starting in into. Answers {event}; "
     "audited as unit.merge."},
    {"POST", "/api/v1/units/{code}/split", h_unit_split, WEB_R_MANAGE, 0, "units",
     "Split a unit into others",
     "HR with the unit and every receiving unit in scope, or administrators. Body {into: "
     "[codes], date, decision_no?, map?: [{person, unit}], rest_to?}: people listed in map go "
     "to their unit, everyone else and the child units to rest_to (default the first of into). "
     "Answers {event}."},
    {"POST", "/api/v1/units/{code}/dissolve", h_unit_dissolve, WEB_R_MANAGE, 0, "units",
     "Dissolve a unit",
     "HR with the unit (and to) in scope, or administrators. Body {date, to?, decision_no?}: "
     "people and child units go to to; without it a unit that still has either is refused "
     "(409). Answers {event}."},
    {"POST", "/api/v1/units/{code}/move", h_unit_move, WEB_R_MANAGE, 0, "units",
     "Move a unit under another parent",
     "HR with the unit and the new parent in scope, or administrators (top needs a user of the "
     "whole tree). Body {parent | top: true, date, decision_no?}; a move under the unit's own "
     "subtree is refused. Answers {event}."},
    {"POST", "/api/v1/units/{code}/rename", h_unit_rename, WEB_R_MANAGE, 0, "units",
     "Rename a unit from a date",
     "HR in scope or administrators. Body {name, date, decision_no?}: a new version with the "
     "new name starts on date, the old name stays in the history. Answers {event}."},
    {"GET", "/api/v1/people", h_people_list, WEB_R_READERS, 0, "people", "List and search people",
     "Heads, HR and viewers (their scope's subtree) and administrators; staff and reviewers read "
     "single records instead. ?q= searches names and codes without diacritics or case "
     "(\"nguyen van an\" finds «Nguyễn Văn An»), ?unit=CODE (in scope) with ?subtree=true, "
     "?category=CB|CC|VC|LĐHĐ, ?limit= (default 50, at most 500), ?offset=. Vietnamese name "
     "order (given name, middle name, surname). Answers {items: [{code, full_name, birth_date, "
     "gender, category, category_label, rank_code, unit {code, name}, position, is_leader}], "
     "total, limit, offset}."},
    {"GET", "/api/v1/people/{code}", h_person_get, WEB_R_ALL, 0, "people", "One person's record",
     "The person themself, their reviewer or decider, and heads, HR and viewers whose scope holds "
     "one of the person's current posts; administrators. Answers every field of the record "
     "(dates ISO, coded values as codes with their labels in labels, salary_coef as a number), "
     "created_at, updated_at and posts (the assignment history, oldest first)."},
    {"POST", "/api/v1/people", h_person_create, WEB_R_MANAGE, 0, "people", "Create a person",
     "HR (the primary post's unit must be in scope) or administrators. Body: the record fields "
     "(code, full_name and category required; the others of GET /people/{code}, e.g. "
     "birth_date, gender, rank_code, salary_coef, political_theory, state_management) and post? "
     "{unit, position, is_leader?, leader_level?, from?, decision_no?}. Values are checked and "
     "normalised as the importer does them (dates dd/mm/yyyy or ISO, any spelling of a coded "
     "value); every problem is listed in details.fields. Answers 201 with the record; 409 when "
     "the code exists. Audited as person.add."},
    {"PUT", "/api/v1/people/{code}", h_person_update, WEB_R_MANAGE, 0, "people",
     "Update a person's record",
     "HR in scope (also of a new post's unit) or administrators. Body: the fields to change "
     "(not code); a field not sent is kept, null or \"\" clears it; post? changes the primary "
     "post (the old one ends on its from date, default today). Same checks as POST. Answers the "
     "record; audited as person.update when something changed."},
    {"POST", "/api/v1/people/{code}/assignments", h_person_assign, WEB_R_MANAGE, 0, "people",
     "Record a post",
     "HR with the person and the unit in scope, or administrators. Body {unit, position, kind? "
     "(primary, concurrent, secondment; default primary), is_leader? (default: inferred from "
     "the title), from, to?, decision_no?}. A new open primary post ends the current one on its "
     "from date. Answers 201 {person, assignment}."},
    {"POST", "/api/v1/people/{code}/assignments/end", h_person_end, WEB_R_MANAGE, 0, "people",
     "End a post",
     "HR with the person and the unit in scope, or administrators. Body {unit, "
     "date}: the open posts of the person in the unit that began before date end on date. "
     "Answers {person, assignment}; 404 when there is no such post."},
    {"POST", "/api/v1/people/{code}/status", h_person_status, WEB_R_MANAGE, 0, "people",
     "Change a person's status",
     "HR in scope or administrators. Body {status (working, leave, "
     "seconded, retired, left — or the Vietnamese label), from}. Answers the record; audited "
     "as person.status."},
    {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
