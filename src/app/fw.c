/*
 * fw: criteria frameworks stored as versioned data. See fw.h and
 * docs/frameworks.md.
 *
 * Invariants: a framework_versions row is never updated or deleted; its
 * json is the canonical text of fwjson_write() and always passes
 * fwjson_read(); (code, version) is unique and a code belongs to one owner
 * — the built-in set, the system (imports) or one unit (derivations).
 * "Equal" frameworks are those whose canonical texts are equal once their
 * versions are set alike, so storing the same content twice is a no-op.
 */
#include "app/fw.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/fwjson.h"
#include "app/org.h"
#include "app/settings.h"
#include "lib/buf.h"
#include "lib/date.h"
#include "lib/json.h"
#include "lib/jw.h"
#include "lib/xalloc.h"

#define TREE_DEPTH_MAX 64

static int dberr(err_t *e)
{
	return e && e->code ? (int)e->code : ERR_DB;
}

/* ---- built-in frameworks ------------------------------------------------- */

void fw_builtin_settings(app_ctx_t *c, builtin_3814_settings_t *a, builtin_335_settings_t *b)
{
	builtin_3814_defaults(a);
	builtin_335_defaults(b);
#define PTS(key) ((int32_t)settings_get(c, 0, key) * 100)
#define VAL(key) ((int32_t)settings_get(c, 0, key))
	a->discipline_max = PTS("hn3814.discipline");
	a->results_max = PTS("hn3814.results");
	a->bonus_max = PTS("hn3814.bonus");
	a->allow_over_max = VAL("hn3814.allow_over_max");
	a->round_step = VAL("hn3814.round_step");
	a->quota_permille = VAL("quota.3814.permille");
	a->quota_permille_outstanding = VAL("quota.3814.outstanding_permille");
	a->quota_min_top = VAL("quota.3814.min_top");

	b->general_a = PTS("nd335.general.a");
	b->general_b = PTS("nd335.general.b");
	b->general_c = PTS("nd335.general.c");
	b->results_max = PTS("nd335.results");
	b->bonus_max = PTS("nd335.bonus");
	b->allow_over_max = VAL("nd335.allow_over_max");
	b->round_step = VAL("nd335.round_step");
	b->quota_permille = VAL("quota.335.permille");
	b->quota_permille_outstanding = VAL("quota.335.outstanding_permille");
	b->quota_per_group = VAL("quota.335.per_group");
	b->quota_min_top = VAL("quota.335.min_top");
	b->workprod.w_quantity = VAL("nd335.weight.quantity");
	b->workprod.w_quality = VAL("nd335.weight.quality");
	b->workprod.w_progress = VAL("nd335.weight.progress");
	b->workprod.review_penalty_permille = VAL("nd335.penalty.review_permille");
	b->workprod.delay_penalty_permille = VAL("nd335.penalty.delay_permille");
	b->leader.w_own = VAL("nd335.leader.weight.own");
	b->leader.w_unit = VAL("nd335.leader.weight.unit");
	b->leader.w_organising = VAL("nd335.leader.weight.organising");
	b->leader.unit_all_ht_bp = VAL("nd335.leader.unit_all_ht_permille") * 10;
	b->leader.unit_any_kht_bp = VAL("nd335.leader.unit_any_kht_permille") * 10;
#undef PTS
#undef VAL
}

/* ---- storage helpers ----------------------------------------------------- */

/* The latest version of code: DB_ROW with the fields set, DB_DONE, or -1. */
static int latest(app_ctx_t *c, const char *code, int64_t *id, int *version, int64_t *unit_id,
                  int *builtin, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, STMT_FW_LATEST, e);
	if (!s)
		return -1;
	db_bind_text(s, 1, code, -1);
	int r = db_step(s, e);
	if (r == DB_ROW) {
		*id = db_col_int(s, 0);
		*version = (int)db_col_int(s, 1);
		*unit_id = db_col_is_null(s, 2) ? 0 : db_col_int(s, 2);
		*builtin = (int)db_col_int(s, 3);
	}
	db_reset(s);
	return r;
}

char *fw_json(app_ctx_t *c, int64_t id, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, STMT_FW_JSON, e);
	if (!s)
		return NULL;
	db_bind_int(s, 1, id);
	int r = db_step(s, e);
	char *t = r == DB_ROW ? xstrdup(db_col_text(s, 0)) : NULL;
	db_reset(s);
	if (r == DB_DONE)
		err_set(e, ERR_NOT_FOUND, "Không có phiên bản khung tiêu chí số %" PRId64, id);
	return t;
}

#define FW_CACHE_MAX 64

typedef struct fw_cache {
	int64_t id[FW_CACHE_MAX];
	framework_t *fw[FW_CACHE_MAX];
	int n, next;
} fw_cache_t;

void fw_cache_free(app_ctx_t *c)
{
	fw_cache_t *k = c->fw_cache;
	if (!k)
		return;
	for (int i = 0; i < k->n; i++)
		framework_free(k->fw[i]);
	free(k);
	c->fw_cache = NULL;
}

static framework_t *fw_read(app_ctx_t *c, int64_t version_id, err_t *e);

framework_t *fw_load(app_ctx_t *c, int64_t version_id, err_t *e)
{
	fw_cache_t *k = c->fw_cache;
	if (!k)
		k = c->fw_cache = xcalloc(1, sizeof *k);
	for (int i = 0; i < k->n; i++)
		if (k->id[i] == version_id)
			return framework_clone(k->fw[i]);
	framework_t *fw = fw_read(c, version_id, e);
	if (!fw)
		return NULL;
	int slot = k->n < FW_CACHE_MAX ? k->n++ : k->next++ % FW_CACHE_MAX;
	if (k->fw[slot])
		framework_free(k->fw[slot]);
	k->id[slot] = version_id;
	k->fw[slot] = framework_clone(fw);
	return fw;
}

static framework_t *fw_read(app_ctx_t *c, int64_t version_id, err_t *e)
{
	char *t = fw_json(c, version_id, e);
	if (!t)
		return NULL;
	err_t je = {0};
	framework_t *fw = fwjson_read(t, strlen(t), &je);
	free(t);
	if (!fw)
		err_set(e, ERR_INTERNAL,
		        "Phiên bản khung tiêu chí số %" PRId64
		        " lưu trong cơ sở dữ liệu không đọc được: %s",
		        version_id, je.msg);
	return fw;
}

/* 1 when a and b are the same framework apart from their version. */
static int same_content(const framework_t *a, const framework_t *b)
{
	framework_t *x = framework_clone(a);
	x->version = b->version;
	char *s1 = fwjson_write(x), *s2 = fwjson_write(b);
	int eq = strcmp(s1, s2) == 0;
	free(s1);
	free(s2);
	framework_free(x);
	return eq;
}

/* Inserts fw (its version already set) inside the open transaction and
 * audits it under action. Returns the new id or 0 with e. */
static int64_t insert_version(app_ctx_t *c, const framework_t *fw, int64_t unit_id,
                              int64_t parent_id, int builtin, const char *action, err_t *e)
{
	char from[11], to[11], cats[32], roles[32], now[32];
	date_iso(fw->effective_from, from);
	if (fw->effective_to != FRAMEWORK_NO_END)
		date_iso(fw->effective_to + 1, to); /* stored exclusive */
	fwjson_categories_text(fw->categories, cats, sizeof cats);
	fwjson_roles_text(fw->roles, roles, sizeof roles);
	app_now(now);
	char *json = fwjson_write(fw);
	int64_t id = 0;
	db_stmt_t *s = db_stmt(c->db, STMT_FW_INSERT, e);
	if (!s)
		goto out;
	db_bind_text(s, 1, fw->code, -1);
	db_bind_int(s, 2, fw->version);
	db_bind_text(s, 3, fw->name, -1);
	db_bind_text(s, 4, fw->legal_basis, -1);
	db_bind_text(s, 5, from, -1);
	db_bind_text(s, 6, fw->effective_to != FRAMEWORK_NO_END ? to : NULL, -1);
	db_bind_text(s, 7, cats, -1);
	db_bind_text(s, 8, roles, -1);
	db_bind_id(s, 9, unit_id);
	db_bind_id(s, 10, parent_id);
	db_bind_int(s, 11, builtin);
	db_bind_text(s, 12, json, -1);
	db_bind_text(s, 13, now, -1);
	db_bind_text(s, 14, c->actor, -1);
	if (!(id = db_insert(s, e)))
		goto out;

	buf_t b;
	buf_init(&b, 1 << 16);
	jw_t w;
	jw_init(&w, &b);
	jw_obj(&w);
	jw_kint(&w, "id", id);
	jw_kstr(&w, "code", fw->code);
	jw_kint(&w, "version", fw->version);
	jw_kstr(&w, "name", fw->name);
	jw_kstr(&w, "effective_from", from);
	jw_kstr(&w, "categories", cats);
	jw_kstr(&w, "roles", roles);
	if (unit_id)
		jw_kint(&w, "unit_id", unit_id);
	if (parent_id)
		jw_kint(&w, "parent_id", parent_id);
	jw_obj_end(&w);
	char eid[96];
	snprintf(eid, sizeof eid, "%s@%d", fw->code, fw->version);
	if (audit_append(c, action, "framework", eid, NULL, buf_cstr(&b), e))
		id = 0;
	buf_free(&b);
out:
	free(json);
	return id;
}

/* Stores fw as the next built-in version of its code when it differs from
 * the latest one (inside the open transaction). */
static int ensure_one(app_ctx_t *c, framework_t *fw, err_t *e)
{
	int64_t id = 0, unit = 0;
	int version = 0, builtin = 0;
	int r = latest(c, fw->code, &id, &version, &unit, &builtin, e);
	if (r < 0)
		return dberr(e);
	if (r == DB_ROW) {
		if (!builtin)
			return err_set(e, ERR_CONFLICT,
			               "Mã «%s» dành cho khung có sẵn nhưng đã được dùng cho khung "
			               "khác",
			               fw->code);
		framework_t *old = fw_load(c, id, e);
		if (!old)
			return e->code;
		int eq = same_content(fw, old);
		framework_free(old);
		if (eq)
			return 0;
	}
	fw->version = version + 1;
	return insert_version(c, fw, 0, 0, 1, "framework.builtin", e) ? 0 : dberr(e);
}

static void set_code(framework_t *fw, const char *code)
{
	free(fw->code);
	fw->code = xstrdup(code);
}

int fw_ensure_builtins(app_ctx_t *c, err_t *e)
{
	builtin_3814_settings_t a;
	builtin_335_settings_t b;
	fw_builtin_settings(c, &a, &b);
	framework_t *f1 = builtin_3814(&a, e);
	if (!f1)
		return e->code;
	framework_t *f2 = builtin_335(&b, e);
	if (!f2) {
		framework_free(f1);
		return e->code;
	}
	set_code(f1, FW_CODE_3814);
	set_code(f2, FW_CODE_335);
	int own = !db_in_tx(c->db), rc;
	if (own && (rc = db_begin(c->db, e)))
		goto out;
	if ((rc = ensure_one(c, f1, e)) || (rc = ensure_one(c, f2, e))) {
		if (own)
			db_rollback(c->db);
		goto out;
	}
	if (own)
		rc = db_commit(c->db, e);
out:
	framework_free(f1);
	framework_free(f2);
	return rc;
}

/* ---- selection ----------------------------------------------------------- */

/* The code of the system-wide framework that version id descends from (or
 * is), into out; "" when the chain is broken. */
static int root_code(app_ctx_t *c, int64_t id, char *out, size_t n, err_t *e)
{
	out[0] = '\0';
	for (int depth = 0; id && depth < TREE_DEPTH_MAX; depth++) {
		db_stmt_t *s = db_stmt(c->db, STMT_FW_PARENT_OF, e);
		if (!s)
			return dberr(e);
		db_bind_int(s, 1, id);
		int r = db_step(s, e);
		int64_t parent = 0;
		int top = 0;
		if (r == DB_ROW) {
			parent = db_col_is_null(s, 0) ? 0 : db_col_int(s, 0);
			top = db_col_is_null(s, 2);
			if (top)
				snprintf(out, n, "%s", db_col_text(s, 1));
		}
		db_reset(s);
		if (r < 0)
			return dberr(e);
		if (r == DB_DONE || top)
			return 0;
		id = parent;
	}
	return 0;
}

/* The parent of unit u on date (ISO): the version in force that day, else
 * its latest version. 0 at the top; -1 on a database error. */
static int64_t unit_parent(app_ctx_t *c, int64_t u, const char *date, err_t *e)
{
	for (int pass = 0; pass < 2; pass++) {
		db_stmt_t *s =
		    db_stmt(c->db, pass ? STMT_FW_UNIT_PARENT_LAST : STMT_FW_UNIT_PARENT_AT, e);
		if (!s)
			return -1;
		db_bind_int(s, 1, u);
		if (!pass)
			db_bind_text(s, 2, date, -1);
		int r = db_step(s, e);
		int64_t p = r == DB_ROW && !db_col_is_null(s, 0) ? db_col_int(s, 0) : 0;
		db_reset(s);
		if (r < 0)
			return -1;
		if (r == DB_ROW)
			return p;
	}
	return 0;
}

int64_t fw_select(app_ctx_t *c, int64_t unit_id, const char *category, int is_leader,
                  const char *date, err_t *e)
{
	unsigned cat = category ? fwjson_category(category) : 0;
	if (!cat) {
		err_set(e, ERR_INVALID, "Phân loại «%s» không hợp lệ (dùng CB, CC, VC, LDHD)",
		        category ? category : "");
		return 0;
	}
	int day;
	if (!date || date_parse(date, &day)) {
		err_set(e, ERR_INVALID, "Ngày «%s» không hợp lệ", date ? date : "");
		return 0;
	}
	char iso[11], cat_pat[16], role_pat[16], sys_code[80];
	date_iso(day, iso);
	snprintf(cat_pat, sizeof cat_pat, "%%,%s,%%", category[0] == 'L' ? "LDHD" : category);
	snprintf(role_pat, sizeof role_pat, "%%,%s,%%", is_leader ? "leader" : "staff");

	db_stmt_t *s = db_stmt(c->db, STMT_FW_SELECT_SYSTEM, e);
	if (!s)
		return 0;
	db_bind_text(s, 1, iso, -1);
	db_bind_text(s, 2, cat_pat, -1);
	db_bind_text(s, 3, role_pat, -1);
	int r = db_step(s, e);
	int64_t sys_id = 0;
	if (r == DB_ROW) {
		sys_id = db_col_int(s, 0);
		snprintf(sys_code, sizeof sys_code, "%s", db_col_text(s, 1));
	}
	db_reset(s);
	if (r < 0)
		return 0;
	if (!sys_id) {
		char vn[11];
		date_vn(day, vn);
		err_set(e, ERR_NOT_FOUND, "Không có khung tiêu chí nào áp dụng cho %s%s ngày %s",
		        category, is_leader ? " giữ chức vụ lãnh đạo, quản lý" : "", vn);
		return 0;
	}

	int64_t u = unit_id;
	for (int depth = 0; u > 0 && depth < TREE_DEPTH_MAX; depth++) {
		int64_t *cand = NULL;
		size_t n = 0, cap = 0;
		s = db_stmt(c->db, STMT_FW_SELECT_UNIT, e);
		if (!s)
			return 0;
		db_bind_text(s, 1, iso, -1);
		db_bind_text(s, 2, cat_pat, -1);
		db_bind_text(s, 3, role_pat, -1);
		db_bind_int(s, 4, u);
		while ((r = db_step(s, e)) == DB_ROW) {
			xgrow((void **)&cand, &cap, n + 1, sizeof *cand);
			cand[n++] = db_col_int(s, 0);
		}
		db_reset(s);
		if (r < 0) {
			free(cand);
			return 0;
		}
		for (size_t i = 0; i < n; i++) {
			char root[80];
			if (root_code(c, cand[i], root, sizeof root, e)) {
				free(cand);
				return 0;
			}
			if (strcmp(root, sys_code) == 0) {
				int64_t id = cand[i];
				free(cand);
				return id;
			}
		}
		free(cand);
		if ((u = unit_parent(c, u, iso, e)) < 0)
			return 0;
	}
	return sys_id;
}

/* ---- reading ------------------------------------------------------------- */

static char *col_dup(db_stmt_t *s, int col)
{
	return db_col_is_null(s, col) ? NULL : xstrdup(db_col_text(s, col));
}

static void read_row(db_stmt_t *s, fw_row_t *r)
{
	memset(r, 0, sizeof *r);
	r->id = db_col_int(s, 0);
	r->code = col_dup(s, 1);
	r->version = (int)db_col_int(s, 2);
	r->name = col_dup(s, 3);
	r->legal_basis = col_dup(s, 4);
	r->effective_from = col_dup(s, 5);
	r->effective_to = col_dup(s, 6);
	r->categories = col_dup(s, 7);
	r->roles = col_dup(s, 8);
	r->unit_id = db_col_is_null(s, 9) ? 0 : db_col_int(s, 9);
	r->unit_code = col_dup(s, 10);
	r->parent_id = db_col_is_null(s, 11) ? 0 : db_col_int(s, 11);
	r->parent_code = col_dup(s, 12);
	r->parent_version = (int)db_col_int(s, 13);
	r->builtin = (int)db_col_int(s, 14);
	r->created_at = col_dup(s, 15);
	r->created_by = col_dup(s, 16);
}

void fw_row_free(fw_row_t *r)
{
	if (!r)
		return;
	free(r->code);
	free(r->name);
	free(r->legal_basis);
	free(r->effective_from);
	free(r->effective_to);
	free(r->categories);
	free(r->roles);
	free(r->unit_code);
	free(r->parent_code);
	free(r->created_at);
	free(r->created_by);
	memset(r, 0, sizeof *r);
}

void fw_list_free(fw_list_t *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		fw_row_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

int fw_list(app_ctx_t *c, int all, fw_list_t *out, err_t *e)
{
	memset(out, 0, sizeof *out);
	db_stmt_t *s = db_stmt(c->db, STMT_FW_LIST, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, all ? 1 : 0);
	int r;
	while ((r = db_step(s, e)) == DB_ROW) {
		xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
		read_row(s, &out->v[out->n++]);
	}
	db_reset(s);
	if (r < 0) {
		fw_list_free(out);
		return dberr(e);
	}
	return 0;
}

int64_t fw_find(app_ctx_t *c, const char *code, int version, err_t *e)
{
	int64_t id = 0;
	if (version <= 0) {
		int64_t unit;
		int v, b;
		int r = latest(c, code, &id, &v, &unit, &b, e);
		if (r < 0)
			return 0;
		if (r == DB_DONE)
			err_set(
			    e, ERR_NOT_FOUND,
			    "Không có khung tiêu chí mã «%s». Xem danh sách: canbo framework list",
			    code);
		return r == DB_ROW ? id : 0;
	}
	db_stmt_t *s = db_stmt(c->db, STMT_FW_BY_CODE_VERSION, e);
	if (!s)
		return 0;
	db_bind_text(s, 1, code, -1);
	db_bind_int(s, 2, version);
	int r = db_step(s, e);
	if (r == DB_ROW)
		id = db_col_int(s, 0);
	db_reset(s);
	if (r == DB_DONE)
		err_set(e, ERR_NOT_FOUND, "Không có phiên bản %d của khung tiêu chí mã «%s»",
		        version, code);
	return id;
}

int fw_get(app_ctx_t *c, int64_t id, fw_row_t *out, err_t *e)
{
	memset(out, 0, sizeof *out);
	db_stmt_t *s = db_stmt(c->db, STMT_FW_ROW, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, id);
	int r = db_step(s, e);
	if (r == DB_ROW)
		read_row(s, out);
	db_reset(s);
	if (r == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "Không có phiên bản khung tiêu chí số %" PRId64,
		               id);
	return r < 0 ? dberr(e) : 0;
}

/* ---- export / import ----------------------------------------------------- */

int fw_export(app_ctx_t *c, const char *code, int version, const char *path, err_t *e)
{
	int64_t id = fw_find(c, code, version, e);
	if (!id)
		return e->code;
	char *json = fw_json(c, id, e);
	if (!json)
		return e->code;
	buf_t tmp;
	buf_init(&tmp, 8192);
	buf_printf(&tmp, "%s.tmp", path);
	int rc = 0;
	FILE *f = fopen(buf_cstr(&tmp), "wb");
	if (!f) {
		rc = err_set(e, ERR_IO, "Không ghi được tệp «%s»", path);
		goto out;
	}
	size_t n = strlen(json);
	int bad = fwrite(json, 1, n, f) != n;
	bad |= fclose(f) != 0;
	if (bad || rename(buf_cstr(&tmp), path) != 0) {
		remove(buf_cstr(&tmp));
		rc = err_set(e, ERR_IO, "Không ghi được tệp «%s»", path);
	}
out:
	buf_free(&tmp);
	free(json);
	return rc;
}

static int reserved_code(const char *code)
{
	return strcmp(code, FW_CODE_3814) == 0 || strcmp(code, FW_CODE_335) == 0;
}

/* Stores fw as the next version of its code for owner unit_id (0: system),
 * derived from parent_id (0: none), unless the latest version already has
 * the same content. Owns the transaction. */
static int64_t store(app_ctx_t *c, framework_t *fw, int64_t unit_id, int64_t parent_id,
                     const char *action, int *created, err_t *e)
{
	*created = 0;
	if (db_begin(c->db, e))
		return 0;
	int64_t id = 0, owner = 0;
	int version = 0, builtin = 0;
	int r = latest(c, fw->code, &id, &version, &owner, &builtin, e);
	if (r < 0)
		goto fail;
	if (r == DB_ROW) {
		if (builtin) {
			err_set(e, ERR_CONFLICT,
			        "Mã «%s» là của khung có sẵn; khung có sẵn thay đổi bằng thông số "
			        "(canbo setting set), hoặc đặt mã khác",
			        fw->code);
			goto fail;
		}
		if (owner != unit_id) {
			if (owner)
				err_set(
				    e, ERR_CONFLICT,
				    "Mã «%s» đã được dùng cho khung riêng của một đơn vị khác; đặt "
				    "mã khác (trường \"code\")",
				    fw->code);
			else
				err_set(
				    e, ERR_CONFLICT,
				    "Mã «%s» đã được dùng cho một khung chung của hệ thống; đặt mã "
				    "khác (trường \"code\")",
				    fw->code);
			goto fail;
		}
		framework_t *old = fw_load(c, id, e);
		if (!old)
			goto fail;
		int eq = same_content(fw, old);
		framework_free(old);
		if (eq) {
			db_rollback(c->db);
			return id;
		}
	}
	fw->version = version + 1;
	if (!(id = insert_version(c, fw, unit_id, parent_id, 0, action, e)))
		goto fail;
	if (db_commit(c->db, e))
		return 0;
	*created = 1;
	return id;
fail:
	db_rollback(c->db);
	return 0;
}

int64_t fw_import_text(app_ctx_t *c, const char *text, size_t n, int *created, err_t *e)
{
	int dummy;
	if (!created)
		created = &dummy;
	*created = 0;
	if (app_require_hr(c, e))
		return 0;
	framework_t *fw = fwjson_read(text, n, e);
	if (!fw)
		return 0;
	int64_t id = 0;
	if (reserved_code(fw->code))
		err_set(e, ERR_CONFLICT,
		        "Mã «%s» là của khung có sẵn; khung có sẵn thay đổi bằng thông số (canbo "
		        "setting set), hoặc đặt mã khác",
		        fw->code);
	else
		id = store(c, fw, 0, 0, "framework.import", created, e);
	framework_free(fw);
	return id;
}

int64_t fw_import(app_ctx_t *c, const char *path, int *created, err_t *e)
{
	if (created)
		*created = 0;
	if (app_require_hr(c, e))
		return 0;
	js_t *v = js_parse_file(path, 0, e);
	if (!v)
		return 0;
	char *text = js_dump(v, 0);
	js_free(v);
	int64_t id = fw_import_text(c, text, strlen(text), created, e);
	free(text);
	return id;
}

/* ---- derivation ---------------------------------------------------------- */

/* 1 when unit u is anc or lies below it in today's tree. */
static int under(app_ctx_t *c, int64_t u, int64_t anc, err_t *e)
{
	char today[11];
	app_today(today);
	for (int depth = 0; u > 0 && depth < TREE_DEPTH_MAX; depth++) {
		if (u == anc)
			return 1;
		if ((u = unit_parent(c, u, today, e)) < 0)
			return -1;
	}
	return 0;
}

int64_t fw_derive(app_ctx_t *c, const char *parent_code, int parent_version, const char *unit_code,
                  const char *changes, size_t n, int *created, err_t *e)
{
	int dummy;
	if (!created)
		created = &dummy;
	*created = 0;
	if (app_require_hr(c, e))
		return 0;
	int64_t result = 0;
	fw_row_t prow = {0};
	char *ptext = NULL;
	js_t *doc = NULL, *patch = NULL;
	framework_t *parent = NULL, *child = NULL;
	char ucode[80] = "", uname[600] = "";

	int64_t unit_id = org_unit_id(c, unit_code, e);
	if (!unit_id)
		goto out;
	db_stmt_t *s = db_stmt(c->db, STMT_FW_UNIT_NAME, e);
	if (!s)
		goto out;
	db_bind_int(s, 1, unit_id);
	if (db_step(s, e) == DB_ROW) {
		snprintf(ucode, sizeof ucode, "%s", db_col_text(s, 0));
		snprintf(uname, sizeof uname, "%s", db_col_text(s, 1) ? db_col_text(s, 1) : "");
	}
	db_reset(s);

	int64_t parent_id = fw_find(c, parent_code, parent_version, e);
	if (!parent_id || fw_get(c, parent_id, &prow, e))
		goto out;
	if (prow.unit_id) {
		int r = under(c, unit_id, prow.unit_id, e);
		if (r < 0)
			goto out;
		if (!r) {
			err_set(
			    e, ERR_INVALID,
			    "Khung «%s» là khung riêng của đơn vị %s: chỉ đơn vị đó và các đơn vị "
			    "trực thuộc được xây dựng khung từ khung này",
			    prow.code, prow.unit_code ? prow.unit_code : "");
			goto out;
		}
	}
	if (!(parent = fw_load(c, parent_id, e)) || !(ptext = fw_json(c, parent_id, e)))
		goto out;
	if (!(doc = js_parse(ptext, strlen(ptext), 0, e)))
		goto out;

	/* Defaults a full or partial change may override. */
	buf_t b;
	buf_init(&b, 4096);
	if (prow.unit_id && prow.unit_id == unit_id)
		buf_puts(&b, prow.code);
	else
		buf_printf(&b, "%s-%s", prow.code, ucode);
	js_put_str(doc, "code", buf_cstr(&b));
	buf_reset(&b);
	if (prow.unit_id == unit_id)
		buf_puts(&b, parent->name);
	else
		buf_printf(&b, "%s — %s", parent->name, uname);
	js_put_str(doc, "name", buf_cstr(&b));
	buf_free(&b);

	if (changes) {
		if (!(patch = js_parse(changes, n, 0, e)))
			goto out;
		if (js_typeof(patch) != JS_OBJECT) {
			err_set(e, ERR_INVALID,
			        "Tệp thay đổi phải là một đối tượng JSON ({…}) gồm các trường cần "
			        "đổi của khung");
			goto out;
		}
		static const char *const replace[] = {"criteria", NULL};
		doc = js_merge(doc, patch, "code", replace);
	}
	js_del(doc, "version");
	if (!(child = fwjson_from(doc, e)))
		goto out;
	if (reserved_code(child->code)) {
		err_set(e, ERR_CONFLICT, "Mã «%s» là của khung có sẵn; đặt mã khác", child->code);
		goto out;
	}
	if (framework_derive_check(parent, child, e) != ERR_OK)
		goto out;
	result = store(c, child, unit_id, parent_id, "framework.derive", created, e);
out:
	fw_row_free(&prow);
	free(ptext);
	js_free(doc);
	js_free(patch);
	framework_free(parent);
	framework_free(child);
	return result;
}

int64_t fw_derive_file(app_ctx_t *c, const char *parent_code, int parent_version,
                       const char *unit_code, const char *path, int *created, err_t *e)
{
	if (created)
		*created = 0;
	if (!path)
		return fw_derive(c, parent_code, parent_version, unit_code, NULL, 0, created, e);
	if (app_require_hr(c, e))
		return 0;
	js_t *v = js_parse_file(path, 0, e);
	if (!v)
		return 0;
	char *text = js_dump(v, 0);
	js_free(v);
	int64_t id =
	    fw_derive(c, parent_code, parent_version, unit_code, text, strlen(text), created, e);
	free(text);
	return id;
}
