/*
 * org: organisation units and their history. See org.h.
 *
 * Invariants kept here (and partly by the schema):
 * - a unit has at most one open version (valid_to NULL);
 * - a reorganisation on date D closes versions and assignments at D and
 *   opens their successors from D, so on any day exactly one version of a
 *   living unit is valid and every person holds at most one primary post;
 * - history is never rewritten: an event must be dated after the current
 *   version of every unit it touches began.
 */
#include "app/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/vocab.h"
#include "lib/buf.h"
#include "lib/date.h"
#include "lib/jw.h"
#include "lib/xalloc.h"

#define EPOCH_DATE "2000-01-01"

static char *col_dup(db_stmt_t *s, int col)
{
	const char *t = db_col_text(s, col);
	return t ? xstrdup(t) : NULL;
}

static int dberr(err_t *e)
{
	return e && e->code ? e->code : ERR_DB;
}

static void vn_date(const char *iso, char out[11])
{
	int d;
	if (iso && date_parse(iso, &d) == 0)
		date_vn(d, out);
	else
		snprintf(out, 11, "%s", iso ? iso : "");
}

static void unit_row_free(unit_row_t *r)
{
	free(r->code);
	free(r->name);
	free(r->kind);
	free(r->sector);
	free(r->parent_code);
	free(r->valid_from);
	free(r->valid_to);
}

void unit_list_free(unit_list_t *l)
{
	for (size_t i = 0; i < l->n; i++)
		unit_row_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

void org_event_list_free(org_event_list_t *l)
{
	for (size_t i = 0; i < l->n; i++) {
		org_event_t *ev = &l->v[i];
		free(ev->kind);
		free(ev->date);
		free(ev->decision_no);
		free(ev->note);
		free(ev->from);
		free(ev->to);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* Reads the standard unit-version columns (see the *_AT / VERSIONS
 * statements: unit_id, parent_id, code, name, kind, sector, from, to,
 * parent code). */
static void read_unit_row(db_stmt_t *s, unit_row_t *r)
{
	memset(r, 0, sizeof *r);
	r->id = db_col_int(s, 0);
	r->parent_id = db_col_int(s, 1);
	r->code = col_dup(s, 2);
	r->name = col_dup(s, 3);
	r->kind = col_dup(s, 4);
	r->sector = col_dup(s, 5);
	r->valid_from = col_dup(s, 6);
	r->valid_to = col_dup(s, 7);
	r->parent_code = col_dup(s, 8);
}

static unit_row_t *list_push(unit_list_t *l)
{
	xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v);
	unit_row_t *r = &l->v[l->n++];
	memset(r, 0, sizeof *r);
	return r;
}

int64_t org_unit_id(app_ctx_t *c, const char *code, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, STMT_UNIT_ID_BY_CODE, e);
	if (!s)
		return 0;
	db_bind_text(s, 1, code, -1);
	int64_t id = 0;
	int r = db_step(s, e);
	if (r == DB_ROW)
		id = db_col_int(s, 0);
	db_reset(s);
	if (r == DB_DONE)
		err_set(e, ERR_NOT_FOUND, "Không có đơn vị mã «%s»", code);
	return id;
}

int org_unit_code_by_name(app_ctx_t *c, const char *name, char code[65], err_t *e)
{
	char *fold = text_fold(name);
	db_stmt_t *s = db_stmt(c->db, STMT_UNIT_BY_NAME_FOLD, e);
	int n = 0, r;
	code[0] = '\0';
	if (!s) {
		free(fold);
		return dberr(e);
	}
	db_bind_text(s, 1, fold, -1);
	while ((r = db_step(s, e)) == DB_ROW)
		if (n++ == 0)
			snprintf(code, 65, "%s", db_col_text(s, 0));
	free(fold);
	if (r < 0)
		return dberr(e);
	if (n == 0)
		return err_set(e, ERR_NOT_FOUND, "Không có đơn vị tên «%s»", name);
	if (n > 1)
		return err_set(e, ERR_CONFLICT, "Có nhiều đơn vị cùng tên «%s»; hãy dùng mã đơn vị",
			       name);
	return 0;
}

/* The open version of a unit. */
typedef struct ver {
	int64_t id, unit_id, parent_id;
	char *name, *kind, *sector, *valid_from;
} ver_t;

static void ver_free(ver_t *v)
{
	free(v->name);
	free(v->kind);
	free(v->sector);
	free(v->valid_from);
	memset(v, 0, sizeof *v);
}

/* Loads the open version of unit_id; ERR_NOT_FOUND when the unit no longer
 * exists (dissolved or merged away). */
static int open_version(app_ctx_t *c, int64_t unit_id, const char *code, ver_t *v, err_t *e)
{
	memset(v, 0, sizeof *v);
	db_stmt_t *s = db_stmt(c->db, STMT_UNIT_OPEN_VERSION, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, unit_id);
	int r = db_step(s, e);
	if (r < 0)
		return dberr(e);
	if (r == DB_DONE)
		return err_set(e, ERR_CONFLICT, "Đơn vị «%s» đã giải thể hoặc sáp nhập, không còn hoạt động",
			       code);
	v->id = db_col_int(s, 0);
	v->unit_id = db_col_int(s, 1);
	v->parent_id = db_col_int(s, 2);
	v->name = col_dup(s, 3);
	v->kind = col_dup(s, 4);
	v->sector = col_dup(s, 5);
	v->valid_from = col_dup(s, 6);
	db_reset(s);
	return 0;
}

/* Loads the open version and checks that date is after it began. */
static int living_version(app_ctx_t *c, const char *code, const char *date, ver_t *v, err_t *e)
{
	int64_t id = org_unit_id(c, code, e);
	if (!id)
		return dberr(e);
	int r = open_version(c, id, code, v, e);
	if (r)
		return r;
	if (strcmp(date, v->valid_from) <= 0) {
		char d1[11], d2[11];
		vn_date(date, d1);
		vn_date(v->valid_from, d2);
		ver_free(v);
		return err_set(e, ERR_INVALID,
			       "Ngày hiệu lực %s phải sau ngày bắt đầu của thông tin hiện tại của đơn "
			       "vị «%s» (%s)",
			       d1, code, d2);
	}
	return 0;
}

static int close_version(app_ctx_t *c, int64_t ver_id, const char *date, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, STMT_UNIT_VERSION_CLOSE, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, ver_id);
	db_bind_text(s, 2, date, -1);
	return db_exec(s, e) ? dberr(e) : 0;
}

static int insert_version(app_ctx_t *c, int64_t unit_id, int64_t parent_id, const char *name,
			  const char *kind, const char *sector, const char *from, int64_t event_id,
			  err_t *e)
{
	buf_t key;
	buf_init(&key, 4096);
	text_sort_key(c->coll, name, strlen(name), &key);
	char *fold = text_fold(name);
	db_stmt_t *s = db_stmt(c->db, STMT_UNIT_VERSION_INSERT, e);
	int r = 0;
	if (!s) {
		r = dberr(e);
		goto out;
	}
	db_bind_int(s, 1, unit_id);
	db_bind_id(s, 2, parent_id);
	db_bind_text(s, 3, name, -1);
	db_bind_text(s, 4, fold, -1);
	db_bind_blob(s, 5, key.p ? key.p : "", key.len);
	db_bind_text(s, 6, kind, -1);
	db_bind_text(s, 7, sector, -1);
	db_bind_text(s, 8, from, -1);
	db_bind_id(s, 9, event_id);
	if (db_exec(s, e))
		r = dberr(e);
out:
	free(fold);
	buf_free(&key);
	return r;
}

/* Closes v at date and opens a copy with the given changes (NULL/-1 keep). */
static int revise(app_ctx_t *c, ver_t *v, const char *date, int64_t new_parent, const char *new_name,
		  int64_t event_id, err_t *e)
{
	int r = close_version(c, v->id, date, e);
	if (r)
		return r;
	return insert_version(c, v->unit_id, new_parent >= 0 ? new_parent : v->parent_id,
			      new_name ? new_name : v->name, v->kind, v->sector, date, event_id, e);
}

static int64_t new_event(app_ctx_t *c, const char *kind, const char *date, const char *decision,
			 const char *note, err_t *e)
{
	char now[32];
	app_now(now);
	db_stmt_t *s = db_stmt(c->db, STMT_EVENT_INSERT, e);
	if (!s)
		return 0;
	db_bind_text(s, 1, kind, -1);
	db_bind_text(s, 2, date, -1);
	db_bind_text(s, 3, decision, -1);
	db_bind_text(s, 4, note, -1);
	db_bind_text(s, 5, now, -1);
	return db_insert(s, e);
}

static int event_unit(app_ctx_t *c, int64_t event_id, int64_t unit_id, const char *role, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, STMT_EVENT_UNIT_INSERT, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, event_id);
	db_bind_int(s, 2, unit_id);
	db_bind_text(s, 3, role, -1);
	return db_exec(s, e) ? dberr(e) : 0;
}

/* An open assignment held in a unit that is being reorganised. */
typedef struct post {
	int64_t id, person_id;
	char *person_code, *kind, *position, *leader_level, *valid_from, *decision_no;
	int is_leader;
} post_t;

typedef struct post_list {
	post_t *v;
	size_t n, cap;
} post_list_t;

static void post_list_free(post_list_t *l)
{
	for (size_t i = 0; i < l->n; i++) {
		post_t *p = &l->v[i];
		free(p->person_code);
		free(p->kind);
		free(p->position);
		free(p->leader_level);
		free(p->valid_from);
		free(p->decision_no);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

static int open_posts(app_ctx_t *c, int64_t unit_id, post_list_t *out, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, STMT_ASSIGN_OPEN_AT_UNIT, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, unit_id);
	int r;
	while ((r = db_step(s, e)) == DB_ROW) {
		xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
		post_t *p = &out->v[out->n++];
		p->id = db_col_int(s, 0);
		p->person_id = db_col_int(s, 1);
		p->person_code = col_dup(s, 2);
		p->kind = col_dup(s, 3);
		p->position = col_dup(s, 4);
		p->is_leader = (int)db_col_int(s, 5);
		p->leader_level = col_dup(s, 6);
		p->valid_from = col_dup(s, 7);
		p->decision_no = col_dup(s, 8);
	}
	return r < 0 ? dberr(e) : 0;
}

/* Moves one post to unit to_unit from date: the old assignment ends at date
 * and a new one begins, naming the event. A post that only begins on or
 * after date is moved in place. */
static int relocate(app_ctx_t *c, const post_t *p, int64_t to_unit, const char *date,
		    int64_t event_id, const char *decision_no, err_t *e)
{
	db_stmt_t *s;
	if (strcmp(p->valid_from, date) >= 0) {
		s = db_stmt(c->db, STMT_ASSIGN_SET_UNIT, e);
		if (!s)
			return dberr(e);
		db_bind_int(s, 1, p->id);
		db_bind_int(s, 2, to_unit);
		db_bind_id(s, 3, event_id);
		return db_exec(s, e) ? dberr(e) : 0;
	}
	s = db_stmt(c->db, STMT_ASSIGN_CLOSE, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, p->id);
	db_bind_text(s, 2, date, -1);
	if (db_exec(s, e))
		return dberr(e);
	s = db_stmt(c->db, STMT_ASSIGN_INSERT, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, p->person_id);
	db_bind_int(s, 2, to_unit);
	db_bind_text(s, 3, p->kind, -1);
	db_bind_text(s, 4, p->position, -1);
	db_bind_int(s, 5, p->is_leader);
	db_bind_text(s, 6, p->leader_level, -1);
	db_bind_text(s, 7, date, -1);
	db_bind_null(s, 8);
	db_bind_text(s, 9, decision_no ? decision_no : p->decision_no, -1);
	db_bind_id(s, 10, event_id);
	return db_exec(s, e) ? dberr(e) : 0;
}

/* Moves every open child unit of from_unit under to_unit from date. */
static int move_children(app_ctx_t *c, int64_t from_unit, int64_t to_unit, const char *date,
			 int64_t event_id, int *moved, err_t *e)
{
	int64_t *kids = NULL;
	size_t n = 0, cap = 0;
	int r = 0;
	db_stmt_t *s = db_stmt(c->db, STMT_UNIT_OPEN_CHILDREN, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, from_unit);
	while ((r = db_step(s, e)) == DB_ROW) {
		xgrow((void **)&kids, &cap, n + 1, sizeof *kids);
		kids[n++] = db_col_int(s, 0);
	}
	if (r < 0) {
		r = dberr(e);
		goto out;
	}
	r = 0;
	for (size_t i = 0; i < n && !r; i++) {
		ver_t v;
		if ((r = open_version(c, kids[i], "?", &v, e)))
			break;
		if (strcmp(v.valid_from, date) >= 0)
			r = err_set(e, ERR_INVALID,
				    "Đơn vị trực thuộc «%s» có thông tin bắt đầu từ ngày thay đổi trở "
				    "về sau; không thể chuyển",
				    v.name);
		else
			r = revise(c, &v, date, to_unit, NULL, event_id, e);
		ver_free(&v);
	}
	if (moved)
		*moved = (int)n;
out:
	free(kids);
	return r;
}

static int check_date(const char *date, err_t *e)
{
	int d;
	if (!date || date_parse(date, &d))
		return err_set(e, ERR_INVALID, "Ngày hiệu lực «%s» không hợp lệ (dd/mm/yyyy)",
			       date ? date : "");
	return 0;
}

static int check_unit_rec(const unit_rec_t *u, err_t *e)
{
	if (!u->code || !*u->code)
		return err_set(e, ERR_INVALID, "Thiếu mã đơn vị");
	if (strlen(u->code) > 64)
		return err_set(e, ERR_INVALID, "Mã đơn vị «%s» dài quá 64 ký tự", u->code);
	if (!u->name || !*u->name)
		return err_set(e, ERR_INVALID, "Thiếu tên đơn vị «%s»", u->code);
	if (!u->kind || !vocab_parse(VOCAB_UNIT_KIND, u->kind))
		return err_set(e, ERR_INVALID, "Loại đơn vị «%s» không hợp lệ", u->kind ? u->kind : "");
	if (!u->sector || !vocab_parse(VOCAB_SECTOR, u->sector))
		return err_set(e, ERR_INVALID, "Khối «%s» không hợp lệ", u->sector ? u->sector : "");
	if (u->valid_from)
		return check_date(u->valid_from, e);
	return 0;
}

/* Audit snapshot of a unit record. */
static char *unit_json(const unit_rec_t *u)
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
	jw_kstr(&w, "valid_from", u->valid_from);
	jw_obj_end(&w);
	return buf_take(&b);
}

/* 1 when candidate is unit_id or lies under it in the open tree. */
static int is_descendant(app_ctx_t *c, int64_t candidate, int64_t unit_id, err_t *e)
{
	for (int depth = 0; candidate && depth < 64; depth++) {
		if (candidate == unit_id)
			return 1;
		ver_t v;
		if (open_version(c, candidate, "?", &v, e))
			return 0;
		candidate = v.parent_id;
		ver_free(&v);
	}
	return 0;
}

int org_unit_put(app_ctx_t *c, const unit_rec_t *u, int *created, err_t *e)
{
	int r = check_unit_rec(u, e);
	if (r)
		return r;
	const char *kind = vocab_parse(VOCAB_UNIT_KIND, u->kind);
	const char *sector = vocab_parse(VOCAB_SECTOR, u->sector);
	int64_t parent = 0;
	if (u->parent_code && *u->parent_code) {
		if (!(parent = org_unit_id(c, u->parent_code, e)))
			return err_set(e, ERR_NOT_FOUND, "Không có đơn vị cha mã «%s»", u->parent_code);
		ver_t pv;
		if ((r = open_version(c, parent, u->parent_code, &pv, e)))
			return r;
		ver_free(&pv);
	}
	err_t tmp;
	int64_t id = org_unit_id(c, u->code, &tmp);
	*created = 0;
	if (!id) {
		if (tmp.code != ERR_NOT_FOUND)
			return err_set(e, tmp.code, "%s", tmp.msg);
		char now[32];
		app_now(now);
		db_stmt_t *s = db_stmt(c->db, STMT_UNIT_INSERT, e);
		if (!s)
			return dberr(e);
		db_bind_text(s, 1, u->code, -1);
		db_bind_text(s, 2, now, -1);
		if (!(id = db_insert(s, e)))
			return dberr(e);
		*created = 1;
		return insert_version(c, id, parent, u->name, kind, sector,
				      u->valid_from ? u->valid_from : EPOCH_DATE, 0, e);
	}
	if (parent && is_descendant(c, parent, id, e))
		return err_set(e, ERR_INVALID,
			       "Không thể đặt «%s» làm đơn vị cha của «%s»: tạo thành vòng lặp",
			       u->parent_code, u->code);
	ver_t v;
	if ((r = open_version(c, id, u->code, &v, e)))
		return r;
	buf_t key;
	buf_init(&key, 4096);
	text_sort_key(c->coll, u->name, strlen(u->name), &key);
	char *fold = text_fold(u->name);
	db_stmt_t *s = db_stmt(c->db, STMT_UNIT_VERSION_UPDATE, e);
	if (!s) {
		r = dberr(e);
	} else {
		db_bind_int(s, 1, v.id);
		db_bind_id(s, 2, parent);
		db_bind_text(s, 3, u->name, -1);
		db_bind_text(s, 4, fold, -1);
		db_bind_blob(s, 5, key.p ? key.p : "", key.len);
		db_bind_text(s, 6, kind, -1);
		db_bind_text(s, 7, sector, -1);
		r = db_exec(s, e) ? dberr(e) : 0;
	}
	free(fold);
	buf_free(&key);
	ver_free(&v);
	return r;
}

int org_unit_add(app_ctx_t *c, const unit_rec_t *u, err_t *e)
{
	int r = app_require_hr(c, e);
	if (r)
		return r;
	if ((r = check_unit_rec(u, e)))
		return r;
	if ((r = db_begin(c->db, e)))
		return r;
	err_t tmp;
	if (org_unit_id(c, u->code, &tmp)) {
		r = err_set(e, ERR_CONFLICT, "Đã có đơn vị mã «%s»", u->code);
		goto fail;
	}
	int created;
	if ((r = org_unit_put(c, u, &created, e)))
		goto fail;
	char *j = unit_json(u);
	r = audit_append(c, "unit.add", "unit", u->code, NULL, j, e);
	free(j);
	if (r)
		goto fail;
	return db_commit(c->db, e);
fail:
	db_rollback(c->db);
	return r;
}

/* Loads every version valid on date into out (unordered tree rows). */
static int versions_at(app_ctx_t *c, const char *date, unit_list_t *out, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, STMT_UNIT_TREE_AT, e);
	if (!s)
		return dberr(e);
	db_bind_text(s, 1, date, -1);
	int r;
	while ((r = db_step(s, e)) == DB_ROW)
		read_unit_row(s, list_push(out));
	return r < 0 ? dberr(e) : 0;
}

/* Child index over a flat list of versions: pairs (parent id, row index)
 * sorted by parent then row, so that the children of a unit are one
 * contiguous run, still in name order. */
typedef struct kid {
	int64_t parent;
	size_t idx;
} kid_t;

static int kid_cmp(const void *a, const void *b)
{
	const kid_t *x = a, *y = b;
	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static kid_t *kid_index(const unit_list_t *all)
{
	kid_t *k = xcalloc(all->n ? all->n : 1, sizeof *k);
	for (size_t i = 0; i < all->n; i++) {
		k[i].parent = all->v[i].parent_id;
		k[i].idx = i;
	}
	qsort(k, all->n, sizeof *k, kid_cmp);
	return k;
}

/* First position in k of the children of id, *count set to their number. */
static size_t kid_range(const kid_t *k, size_t n, int64_t id, size_t *count)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (k[mid].parent < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < n && k[end].parent == id)
		end++;
	*count = end - lo;
	return lo;
}

/* Depth-first walk from row idx, moving rows from all into out. */
static void walk(unit_list_t *all, const kid_t *k, size_t idx, int depth, unsigned char *seen,
		 unit_list_t *out)
{
	if (seen[idx] || depth > 64)
		return;
	seen[idx] = 1;
	int64_t id = all->v[idx].id;
	unit_row_t *dst = list_push(out);
	*dst = all->v[idx];
	dst->depth = depth;
	memset(&all->v[idx], 0, sizeof all->v[idx]);
	size_t cnt, first = kid_range(k, all->n, id, &cnt);
	for (size_t i = 0; i < cnt; i++)
		walk(all, k, k[first + i].idx, depth + 1, seen, out);
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

int org_tree(app_ctx_t *c, const char *date, const char *root_code, int count_people,
	     unit_list_t *out, err_t *e)
{
	char today[11];
	if (!date) {
		app_today(today);
		date = today;
	}
	int r = check_date(date, e);
	if (r)
		return r;
	unit_list_t all = {0};
	kid_t *k = NULL;
	unsigned char *seen = NULL;
	if ((r = versions_at(c, date, &all, e)))
		goto out;
	int64_t root = 0;
	if (root_code && !(root = org_unit_id(c, root_code, e))) {
		r = dberr(e);
		goto out;
	}
	k = kid_index(&all);
	seen = xcalloc(all.n ? all.n : 1, 1);
	/* roots: the requested unit, or every row whose parent is not valid
	 * that day (ids are sorted in k by parent, so look ids up directly) */
	int64_t *ids = xcalloc(all.n ? all.n : 1, sizeof *ids);
	for (size_t i = 0; i < all.n; i++)
		ids[i] = all.v[i].id;
	qsort(ids, all.n, sizeof *ids, id_cmp);
	int found_root = 0;
	for (size_t i = 0; i < all.n; i++) {
		if (seen[i])
			continue;
		int64_t pid = all.v[i].parent_id;
		int is_root = root ? all.v[i].id == root
				   : (pid == 0 || !bsearch(&pid, ids, all.n, sizeof *ids, id_cmp));
		if (is_root) {
			found_root = 1;
			walk(&all, k, i, 0, seen, out);
		}
	}
	free(ids);
	if (root && !found_root) {
		char d[11];
		vn_date(date, d);
		r = err_set(e, ERR_NOT_FOUND, "Đơn vị «%s» không tồn tại vào ngày %s", root_code, d);
		goto out;
	}
	if (count_people && out->n) {
		db_stmt_t *s = db_stmt(c->db, STMT_UNIT_PEOPLE_COUNT_AT, e);
		if (!s) {
			r = dberr(e);
			goto out;
		}
		db_bind_text(s, 1, date, -1);
		int sr;
		kid_t *pos = xcalloc(out->n, sizeof *pos); /* (unit id, row) sorted */
		for (size_t i = 0; i < out->n; i++) {
			pos[i].parent = out->v[i].id;
			pos[i].idx = i;
		}
		qsort(pos, out->n, sizeof *pos, kid_cmp);
		while ((sr = db_step(s, e)) == DB_ROW) {
			size_t cnt, at = kid_range(pos, out->n, db_col_int(s, 0), &cnt);
			if (cnt)
				out->v[pos[at].idx].people = db_col_int(s, 1);
		}
		free(pos);
		if (sr < 0)
			r = dberr(e);
	}
out:
	free(seen);
	free(k);
	unit_list_free(&all);
	return r;
}

int org_subtree_ids(app_ctx_t *c, int64_t unit_id, const char *date, int64_t **ids, size_t *n,
		    err_t *e)
{
	*ids = NULL;
	*n = 0;
	unit_list_t all = {0};
	int r = versions_at(c, date, &all, e);
	if (r) {
		unit_list_free(&all);
		return r;
	}
	kid_t *k = kid_index(&all);
	size_t cap = 0;
	xgrow((void **)ids, &cap, 1, sizeof **ids);
	(*ids)[(*n)++] = unit_id;
	for (size_t head = 0; head < *n && head < all.n + 1; head++) {
		size_t cnt, first = kid_range(k, all.n, (*ids)[head], &cnt);
		for (size_t i = 0; i < cnt; i++) {
			xgrow((void **)ids, &cap, *n + 1, sizeof **ids);
			(*ids)[(*n)++] = all.v[k[first + i].idx].id;
		}
	}
	free(k);
	unit_list_free(&all);
	return 0;
}

int org_search(app_ctx_t *c, const char *query, unit_list_t *out, err_t *e)
{
	buf_t pat;
	buf_init(&pat, 4096);
	text_like_pattern(query, &pat);
	int r = 0;
	db_stmt_t *s = db_stmt(c->db, STMT_UNIT_SEARCH, e);
	if (!s) {
		r = dberr(e);
		goto out;
	}
	db_bind_text(s, 1, buf_cstr(&pat), -1);
	while ((r = db_step(s, e)) == DB_ROW)
		read_unit_row(s, list_push(out));
	r = r < 0 ? dberr(e) : 0;
out:
	buf_free(&pat);
	return r;
}

/* Fills the from/to unit lists of an event. */
static int event_units(app_ctx_t *c, org_event_t *ev, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, STMT_EVENT_UNITS, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, ev->id);
	buf_t from, to;
	buf_init(&from, 0);
	buf_init(&to, 0);
	int r;
	while ((r = db_step(s, e)) == DB_ROW) {
		buf_t *b = strcmp(db_col_text(s, 0), "from") == 0 ? &from : &to;
		if (b->len)
			buf_puts(b, ", ");
		buf_printf(b, "%s %s", db_col_text(s, 1), db_col_text(s, 2) ? db_col_text(s, 2) : "");
	}
	ev->from = buf_take(&from);
	ev->to = buf_take(&to);
	return r < 0 ? dberr(e) : 0;
}

static int events_of(app_ctx_t *c, int64_t unit_id, org_event_list_t *out, err_t *e)
{
	/* an event touching several units of a subtree is listed once */
	db_stmt_t *s = db_stmt(c->db, STMT_UNIT_EVENTS_OF, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, unit_id);
	int r;
	size_t first = out->n;
	while ((r = db_step(s, e)) == DB_ROW) {
		int64_t id = db_col_int(s, 0);
		int dup = 0;
		for (size_t i = 0; i < out->n; i++)
			dup |= out->v[i].id == id;
		if (dup)
			continue;
		xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
		org_event_t *ev = &out->v[out->n++];
		memset(ev, 0, sizeof *ev);
		ev->id = db_col_int(s, 0);
		ev->kind = col_dup(s, 1);
		ev->date = col_dup(s, 2);
		ev->decision_no = col_dup(s, 3);
		ev->note = col_dup(s, 4);
	}
	if (r < 0)
		return dberr(e);
	for (size_t i = first; i < out->n; i++)
		if ((r = event_units(c, &out->v[i], e)))
			return r;
	return 0;
}

int org_history(app_ctx_t *c, const char *code, unit_list_t *versions, org_event_list_t *events,
		err_t *e)
{
	int64_t id = org_unit_id(c, code, e);
	if (!id)
		return dberr(e);
	db_stmt_t *s = db_stmt(c->db, STMT_UNIT_VERSIONS, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, id);
	int r;
	while ((r = db_step(s, e)) == DB_ROW)
		read_unit_row(s, list_push(versions));
	if (r < 0)
		return dberr(e);
	return events_of(c, id, events, e);
}

/* Writes the audit row of an event. */
static int audit_event(app_ctx_t *c, const char *action, int64_t event_id, const char *date,
		       const char *decision, const char *const *from, size_t nfrom,
		       const char *const *to, size_t nto, err_t *e)
{
	buf_t b;
	buf_init(&b, 0);
	jw_t w;
	jw_init(&w, &b);
	jw_obj(&w);
	jw_kstr(&w, "date", date);
	jw_kstr(&w, "decision_no", decision);
	jw_key(&w, "from");
	jw_arr(&w);
	for (size_t i = 0; i < nfrom; i++)
		jw_str(&w, from[i]);
	jw_arr_end(&w);
	jw_key(&w, "to");
	jw_arr(&w);
	for (size_t i = 0; i < nto; i++)
		jw_str(&w, to[i]);
	jw_arr_end(&w);
	jw_obj_end(&w);
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)event_id);
	int r = audit_append(c, action, "unit_event", id, NULL, buf_cstr(&b), e);
	buf_free(&b);
	return r;
}

/* Common start of every reorganisation: permission, date check, begin. */
static int reorg_begin(app_ctx_t *c, const char *date, err_t *e)
{
	int r = app_require_hr(c, e);
	if (r)
		return r;
	if ((r = check_date(date, e)))
		return r;
	return db_begin(c->db, e);
}

int org_merge(app_ctx_t *c, const char *const *from, size_t nfrom, const char *into,
	      const char *date, const char *decision_no, err_t *e)
{
	if (!nfrom)
		return err_set(e, ERR_USAGE, "Cần ít nhất một đơn vị để sáp nhập");
	int r = reorg_begin(c, date, e);
	if (r)
		return r;
	ver_t target = {0}, v = {0};
	post_list_t posts = {0};
	int64_t into_id = org_unit_id(c, into, e);
	if (!into_id) {
		r = dberr(e);
		goto fail;
	}
	if ((r = open_version(c, into_id, into, &target, e)))
		goto fail;
	if (strcmp(target.valid_from, date) > 0) {
		char d[11];
		vn_date(target.valid_from, d);
		r = err_set(e, ERR_INVALID, "Đơn vị nhận «%s» chỉ bắt đầu hoạt động từ %s", into, d);
		goto fail;
	}
	int64_t ev = new_event(c, "merge", date, decision_no, NULL, e);
	if (!ev) {
		r = dberr(e);
		goto fail;
	}
	if ((r = event_unit(c, ev, into_id, "to", e)))
		goto fail;
	for (size_t i = 0; i < nfrom; i++) {
		if (strcmp(from[i], into) == 0) {
			r = err_set(e, ERR_INVALID, "Không thể sáp nhập đơn vị «%s» vào chính nó", into);
			goto fail;
		}
		if ((r = living_version(c, from[i], date, &v, e)))
			goto fail;
		if (is_descendant(c, into_id, v.unit_id, e)) {
			r = err_set(e, ERR_INVALID,
				    "Không thể sáp nhập «%s» vào đơn vị trực thuộc của nó «%s»", from[i],
				    into);
			goto fail;
		}
		if ((r = event_unit(c, ev, v.unit_id, "from", e)))
			goto fail;
		if ((r = move_children(c, v.unit_id, into_id, date, ev, NULL, e)))
			goto fail;
		if ((r = open_posts(c, v.unit_id, &posts, e)))
			goto fail;
		for (size_t k = 0; k < posts.n && !r; k++)
			r = relocate(c, &posts.v[k], into_id, date, ev, decision_no, e);
		post_list_free(&posts);
		if (r)
			goto fail;
		if ((r = close_version(c, v.id, date, e)))
			goto fail;
		ver_free(&v);
	}
	if ((r = audit_event(c, "unit.merge", ev, date, decision_no, from, nfrom, &into, 1, e)))
		goto fail;
	ver_free(&target);
	return db_commit(c->db, e);
fail:
	ver_free(&target);
	ver_free(&v);
	post_list_free(&posts);
	db_rollback(c->db);
	return r;
}

int org_split(app_ctx_t *c, const char *from, const char *const *into, size_t ninto,
	      const char *date, const char *decision_no, const org_split_map_t *map, size_t nmap,
	      const char *rest_to, err_t *e)
{
	if (!ninto)
		return err_set(e, ERR_USAGE, "Cần ít nhất một đơn vị nhận khi chia tách");
	int r = reorg_begin(c, date, e);
	if (r)
		return r;
	ver_t v = {0};
	post_list_t posts = {0};
	int64_t *targets = xcalloc(ninto, sizeof *targets);
	if ((r = living_version(c, from, date, &v, e)))
		goto fail;
	int64_t ev = new_event(c, "split", date, decision_no, NULL, e);
	if (!ev) {
		r = dberr(e);
		goto fail;
	}
	if ((r = event_unit(c, ev, v.unit_id, "from", e)))
		goto fail;
	int64_t rest = 0;
	for (size_t i = 0; i < ninto; i++) {
		ver_t t;
		if (!(targets[i] = org_unit_id(c, into[i], e))) {
			r = dberr(e);
			goto fail;
		}
		if ((r = open_version(c, targets[i], into[i], &t, e)))
			goto fail;
		ver_free(&t);
		if ((r = event_unit(c, ev, targets[i], "to", e)))
			goto fail;
		if (rest_to && strcmp(rest_to, into[i]) == 0)
			rest = targets[i];
	}
	if (rest_to && !rest) {
		r = err_set(e, ERR_INVALID, "Đơn vị nhận phần còn lại «%s» không nằm trong danh sách đơn vị "
					    "sau chia tách",
			    rest_to);
		goto fail;
	}
	if (!rest)
		rest = targets[0];
	if ((r = move_children(c, v.unit_id, rest, date, ev, NULL, e)))
		goto fail;
	if ((r = open_posts(c, v.unit_id, &posts, e)))
		goto fail;
	for (size_t m = 0; m < nmap; m++) {
		int known = 0;
		for (size_t k = 0; k < posts.n; k++)
			known |= strcmp(posts.v[k].person_code, map[m].person_code) == 0;
		if (!known) {
			r = err_set(e, ERR_INVALID, "Người mã «%s» không giữ chức vụ nào tại «%s»",
				    map[m].person_code, from);
			goto fail;
		}
	}
	for (size_t k = 0; k < posts.n && !r; k++) {
		int64_t to = rest;
		for (size_t m = 0; m < nmap; m++)
			if (strcmp(map[m].person_code, posts.v[k].person_code) == 0) {
				to = 0;
				for (size_t i = 0; i < ninto; i++)
					if (strcmp(map[m].unit_code, into[i]) == 0)
						to = targets[i];
				if (!to) {
					r = err_set(e, ERR_INVALID,
						    "Đơn vị «%s» (cho người mã «%s») không nằm trong danh "
						    "sách đơn vị sau chia tách",
						    map[m].unit_code, map[m].person_code);
					goto fail;
				}
			}
		r = relocate(c, &posts.v[k], to, date, ev, decision_no, e);
	}
	if (r)
		goto fail;
	if ((r = close_version(c, v.id, date, e)))
		goto fail;
	if ((r = audit_event(c, "unit.split", ev, date, decision_no, &from, 1, into, ninto, e)))
		goto fail;
	ver_free(&v);
	post_list_free(&posts);
	free(targets);
	return db_commit(c->db, e);
fail:
	ver_free(&v);
	post_list_free(&posts);
	free(targets);
	db_rollback(c->db);
	return r;
}

int org_dissolve(app_ctx_t *c, const char *code, const char *date, const char *to_code,
		 const char *decision_no, err_t *e)
{
	int r = reorg_begin(c, date, e);
	if (r)
		return r;
	ver_t v = {0};
	post_list_t posts = {0};
	if ((r = living_version(c, code, date, &v, e)))
		goto fail;
	int64_t to = 0;
	if (to_code && !(to = org_unit_id(c, to_code, e))) {
		r = dberr(e);
		goto fail;
	}
	if ((r = open_posts(c, v.unit_id, &posts, e)))
		goto fail;
	int64_t ev = new_event(c, "dissolve", date, decision_no, NULL, e);
	if (!ev) {
		r = dberr(e);
		goto fail;
	}
	if ((r = event_unit(c, ev, v.unit_id, "from", e)))
		goto fail;
	if (to) {
		ver_t t;
		if ((r = open_version(c, to, to_code, &t, e)))
			goto fail;
		ver_free(&t);
		if (is_descendant(c, to, v.unit_id, e)) {
			r = err_set(e, ERR_INVALID, "Đơn vị nhận «%s» nằm trong chính đơn vị bị giải thể",
				    to_code);
			goto fail;
		}
		if ((r = event_unit(c, ev, to, "to", e)))
			goto fail;
	}
	int kids = 0;
	if (to) {
		if ((r = move_children(c, v.unit_id, to, date, ev, &kids, e)))
			goto fail;
		for (size_t k = 0; k < posts.n && !r; k++)
			r = relocate(c, &posts.v[k], to, date, ev, decision_no, e);
		if (r)
			goto fail;
	} else {
		db_stmt_t *s = db_stmt(c->db, STMT_UNIT_OPEN_CHILDREN, e);
		if (!s) {
			r = dberr(e);
			goto fail;
		}
		db_bind_int(s, 1, v.unit_id);
		while (db_step(s, e) == DB_ROW)
			kids++;
		db_reset(s);
		if (kids || posts.n) {
			r = err_set(e, ERR_CONFLICT,
				    "Đơn vị «%s» còn %d đơn vị trực thuộc và %zu người đang giữ chức vụ; "
				    "hãy chỉ định đơn vị nhận (--to)",
				    code, kids, posts.n);
			goto fail;
		}
	}
	if ((r = close_version(c, v.id, date, e)))
		goto fail;
	if ((r = audit_event(c, "unit.dissolve", ev, date, decision_no, &code, 1, &to_code,
			     to_code ? 1 : 0, e)))
		goto fail;
	ver_free(&v);
	post_list_free(&posts);
	return db_commit(c->db, e);
fail:
	ver_free(&v);
	post_list_free(&posts);
	db_rollback(c->db);
	return r;
}

int org_move(app_ctx_t *c, const char *code, const char *parent_code, const char *date,
	     const char *decision_no, err_t *e)
{
	int r = reorg_begin(c, date, e);
	if (r)
		return r;
	ver_t v = {0};
	if ((r = living_version(c, code, date, &v, e)))
		goto fail;
	int64_t parent = 0;
	if (parent_code) {
		if (!(parent = org_unit_id(c, parent_code, e))) {
			r = dberr(e);
			goto fail;
		}
		ver_t pv;
		if ((r = open_version(c, parent, parent_code, &pv, e)))
			goto fail;
		ver_free(&pv);
		if (is_descendant(c, parent, v.unit_id, e)) {
			r = err_set(e, ERR_INVALID,
				    "Không thể chuyển «%s» vào dưới «%s»: tạo thành vòng lặp", code,
				    parent_code);
			goto fail;
		}
	}
	if (parent == v.parent_id) {
		r = err_set(e, ERR_INVALID, "Đơn vị «%s» đã trực thuộc đơn vị này", code);
		goto fail;
	}
	int64_t ev = new_event(c, "move", date, decision_no, NULL, e);
	if (!ev || (r = event_unit(c, ev, v.unit_id, "from", e))) {
		r = dberr(e);
		goto fail;
	}
	if (parent && (r = event_unit(c, ev, parent, "to", e)))
		goto fail;
	if ((r = revise(c, &v, date, parent, NULL, ev, e)))
		goto fail;
	if ((r = audit_event(c, "unit.move", ev, date, decision_no, &code, 1, &parent_code,
			     parent_code ? 1 : 0, e)))
		goto fail;
	ver_free(&v);
	return db_commit(c->db, e);
fail:
	ver_free(&v);
	db_rollback(c->db);
	return r;
}

int org_rename(app_ctx_t *c, const char *code, const char *name, const char *date,
	       const char *decision_no, err_t *e)
{
	if (!name || !*name)
		return err_set(e, ERR_INVALID, "Thiếu tên mới");
	int r = reorg_begin(c, date, e);
	if (r)
		return r;
	ver_t v = {0};
	if ((r = living_version(c, code, date, &v, e)))
		goto fail;
	int64_t ev = new_event(c, "rename", date, decision_no, name, e);
	if (!ev || (r = event_unit(c, ev, v.unit_id, "from", e))) {
		r = dberr(e);
		goto fail;
	}
	if ((r = event_unit(c, ev, v.unit_id, "to", e)))
		goto fail;
	if ((r = revise(c, &v, date, -1, name, ev, e)))
		goto fail;
	if ((r = audit_event(c, "unit.rename", ev, date, decision_no, &code, 1, &name, 1, e)))
		goto fail;
	ver_free(&v);
	return db_commit(c->db, e);
fail:
	ver_free(&v);
	db_rollback(c->db);
	return r;
}

void org_where_free(org_where_t *w)
{
	unit_row_free(&w->unit);
	org_event_list_free(&w->events);
	for (size_t i = 0; i < w->n; i++) {
		org_where_row_t *x = &w->v[i];
		free(x->person_code);
		free(x->person_name);
		free(x->old_unit);
		free(x->position);
		free(x->until);
		free(x->new_unit_code);
		free(x->new_unit_name);
		free(x->new_position);
	}
	free(w->v);
	memset(w, 0, sizeof *w);
}

int org_where(app_ctx_t *c, const char *code, org_where_t *out, err_t *e)
{
	memset(out, 0, sizeof *out);
	unit_list_t versions = {0};
	int64_t *ids = NULL;
	size_t nids = 0;
	int r = org_history(c, code, &versions, &out->events, e);
	if (r)
		goto out;
	if (!versions.n) {
		r = err_set(e, ERR_NOT_FOUND, "Đơn vị «%s» không có thông tin", code);
		goto out;
	}
	unit_row_t *last = &versions.v[versions.n - 1];
	out->unit = *last;
	memset(last, 0, sizeof *last);
	/* the subtree as it was on the unit's last day (or today if open) */
	char day[11];
	if (out->unit.valid_to) {
		int d;
		date_parse(out->unit.valid_to, &d);
		date_iso(d - 1, day);
	} else {
		app_today(day);
	}
	if ((r = org_subtree_ids(c, out->unit.id, day, &ids, &nids, e)))
		goto out;
	for (size_t i = 0; i < nids; i++) {
		db_stmt_t *s = db_stmt(c->db, STMT_UNIT_ENDED_POSTS, e);
		if (!s) {
			r = dberr(e);
			goto out;
		}
		db_bind_int(s, 1, ids[i]);
		while ((r = db_step(s, e)) == DB_ROW) {
			xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
			org_where_row_t *x = &out->v[out->n++];
			x->person_code = col_dup(s, 0);
			x->person_name = col_dup(s, 1);
			x->position = col_dup(s, 2);
			x->until = col_dup(s, 3);
			x->new_unit_code = col_dup(s, 4);
			x->new_unit_name = col_dup(s, 5);
			x->new_position = col_dup(s, 6);
			x->old_unit = col_dup(s, 7);
		}
		if (r < 0) {
			r = dberr(e);
			goto out;
		}
		r = 0;
	}
	/* events of the units in the subtree too (e.g. the rooms of a district) */
	for (size_t i = 1; i < nids; i++)
		if ((r = events_of(c, ids[i], &out->events, e)))
			goto out;
out:
	free(ids);
	unit_list_free(&versions);
	return r;
}
