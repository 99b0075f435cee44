/*
 * settings: values the law leaves to each locality. See settings.h and
 * docs/settings.md (keep the two in step with SETTINGS_TABLE).
 *
 * Values are stored as decimal text in the settings table, one row per
 * (unit, key) or (system, key). Reading never fails: a missing or
 * malformed value reads as the default the caller gives. Writing checks
 * the key against the table, the level (framework figures are system-wide
 * only) and the range, then — for framework figures — that the built-in
 * frameworks are still valid, storing their new versions in the same
 * transaction.
 */
#include "app/settings.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/fw.h"
#include "lib/buf.h"
#include "lib/jw.h"
#include "lib/xalloc.h"

/*
 * Every key canbo knows. Columns: key, default, minimum, maximum, a unit
 * may set its own (1) or system-wide only (0), builds a built-in framework,
 * measure, Vietnamese description.
 */
/* clang-format off */
#define SETTINGS_TABLE(X)                                                                      \
	/* the month's calendar (per unit) */                                                      \
	X("deadline.self",    5, 1, 28, 1, 0, "ngày", "Hạn tự đánh giá: ngày của tháng sau kỳ đánh giá") \
	X("deadline.review",  8, 1, 28, 1, 0, "ngày", "Hạn nhận xét, đánh giá của cấp quản lý trực tiếp: ngày của tháng sau kỳ đánh giá") \
	X("deadline.decide", 10, 1, 28, 1, 0, "ngày", "Hạn quyết định xếp loại của người đứng đầu: ngày của tháng sau kỳ đánh giá") \
	X("objection.days",   5, 0, 60, 1, 0, "ngày", "Số ngày nhận kiến nghị sau khi công khai kết quả") \
	X("period.min_days",  1, 1, 31, 1, 0, "ngày", "Số ngày giữ chức vụ tối thiểu trong tháng để được đánh giá tháng đó") \
	/* the year (Decree 90/2020, 48/2023) */                                                   \
	X("annual.htxs_permille", 200, 0, 1000, 0, 0, "‰", "Năm: tỷ lệ tối đa HTXS trên số người được xếp loại (không vượt tỷ lệ HTXS của Đảng cùng cơ quan; nhập theo tỷ lệ đó)") \
	/* Hanoi 3814-QĐ/TU */                                                                     \
	X("hn3814.discipline", 20, 0, 100, 0, 1, "điểm", "3814: điểm ý thức tổ chức kỷ luật, phẩm chất đạo đức, lối sống") \
	X("hn3814.results",    70, 0, 100, 0, 1, "điểm", "3814: điểm kết quả thực hiện chức trách, nhiệm vụ được giao") \
	X("hn3814.bonus",      10, 0, 100, 0, 1, "điểm", "3814: điểm thưởng tối đa (0 = không có điểm thưởng)") \
	X("hn3814.allow_over_max", 0, 0, 1, 0, 1, "", "3814: 1 = điểm thưởng được làm tổng vượt 100 điểm") \
	X("hn3814.round_step",  1, 1, 100, 0, 1, "(đơn vị 0,01 điểm)", "3814: làm tròn tổng điểm (1 = không làm tròn, 10 = đến 0,1 điểm, 100 = đến 1 điểm)") \
	X("quota.3814.permille", 300, 0, 1000, 0, 1, "‰", "3814: tỷ lệ tối đa xếp loại A trên số người được đánh giá của đơn vị") \
	X("quota.3814.outstanding_permille", 400, 0, 1000, 0, 1, "‰", "3814: tỷ lệ tối đa xếp loại A của đơn vị được công nhận đặc biệt xuất sắc") \
	X("quota.3814.min_top", 0, 0, 100, 0, 1, "người", "3814: số người tối thiểu được xếp loại A dù tỷ lệ làm tròn xuống bằng 0 (0 = đúng tỷ lệ)") \
	/* Decree 335/2025/NĐ-CP */                                                                \
	X("nd335.general.a", 10, 0, 100, 0, 1, "điểm", "335: tiêu chí chung (a) phẩm chất chính trị, đạo đức, văn hóa công vụ, kỷ luật") \
	X("nd335.general.b", 10, 0, 100, 0, 1, "điểm", "335: tiêu chí chung (b) năng lực, trách nhiệm, thái độ phục vụ, phối hợp") \
	X("nd335.general.c", 10, 0, 100, 0, 1, "điểm", "335: tiêu chí chung (c) đổi mới, sáng tạo, dám nghĩ, dám làm, dám chịu trách nhiệm") \
	X("nd335.results",   70, 0, 100, 0, 1, "điểm", "335: điểm kết quả thực hiện nhiệm vụ (từ sản phẩm, công việc)") \
	X("nd335.bonus",      0, 0, 100, 0, 1, "điểm", "335: điểm thưởng tối đa (nghị định không quy định: mặc định 0)") \
	X("nd335.allow_over_max", 0, 0, 1, 0, 1, "", "335: 1 = điểm thưởng được làm tổng vượt 100 điểm") \
	X("nd335.round_step",  1, 1, 100, 0, 1, "(đơn vị 0,01 điểm)", "335: làm tròn tổng điểm (1 = không làm tròn, 10 = đến 0,1 điểm, 100 = đến 1 điểm)") \
	X("nd335.weight.quantity", 1, 0, 1000, 0, 1, "trọng số", "335: trọng số của số lượng sản phẩm trong điểm kết quả") \
	X("nd335.weight.quality",  1, 0, 1000, 0, 1, "trọng số", "335: trọng số của chất lượng sản phẩm trong điểm kết quả") \
	X("nd335.weight.progress", 1, 0, 1000, 0, 1, "trọng số", "335: trọng số của tiến độ sản phẩm trong điểm kết quả") \
	X("nd335.penalty.review_permille", 250, 0, 1000, 0, 1, "‰", "335: mức trừ điểm chất lượng của sản phẩm cho mỗi lần không đạt yêu cầu (sai sót lớn về nội dung)") \
	X("nd335.penalty.delay_permille",  250, 0, 1000, 0, 1, "‰", "335: mức trừ điểm tiến độ của sản phẩm cho mỗi lần chậm") \
	X("nd335.leader.weight.own",        1, 0, 1000, 0, 1, "trọng số", "335, lãnh đạo: trọng số kết quả nhiệm vụ của bản thân") \
	X("nd335.leader.weight.unit",       1, 0, 1000, 0, 1, "trọng số", "335, lãnh đạo: trọng số kết quả hoạt động của đơn vị phụ trách") \
	X("nd335.leader.weight.organising", 1, 0, 1000, 0, 1, "trọng số", "335, lãnh đạo: trọng số năng lực tổ chức thực hiện nhiệm vụ") \
	X("nd335.leader.unit_all_ht_permille",  1000, 0, 1000, 0, 1, "‰", "335, lãnh đạo: phần kết quả đơn vị được tính khi mọi người trong đơn vị từ hoàn thành nhiệm vụ trở lên") \
	X("nd335.leader.unit_any_kht_permille",  500, 0, 1000, 0, 1, "‰", "335, lãnh đạo: phần kết quả đơn vị được tính khi có người không hoàn thành nhiệm vụ") \
	X("quota.335.permille", 200, 0, 1000, 0, 1, "‰", "335: số hoàn thành xuất sắc tối đa so với số hoàn thành tốt") \
	X("quota.335.outstanding_permille", 200, 0, 1000, 0, 1, "‰", "335: tỷ lệ trên cho cơ quan, tổ chức được đánh giá xuất sắc (cấp có thẩm quyền quy định)") \
	X("quota.335.per_group", 1, 0, 1, 0, 1, "", "335: 1 = tính tỷ lệ cả trong từng nhóm công chức có nhiệm vụ tương đồng") \
	X("quota.335.min_top", 0, 0, 100, 0, 1, "người", "335: số người tối thiểu được xếp loại hoàn thành xuất sắc dù tỷ lệ làm tròn xuống bằng 0 (0 = đúng tỷ lệ)")
/* clang-format on */

static const settings_key_t keys[] = {
#define X(k, d, lo, hi, pu, fwk, m, desc) {k, d, lo, hi, pu, fwk, m, desc},
    SETTINGS_TABLE(X)
#undef X
};
#define NKEYS (sizeof keys / sizeof *keys)

const settings_key_t *settings_find(const char *key)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].key, key) == 0)
			return &keys[i];
	return NULL;
}

const settings_key_t *settings_keys(size_t *n)
{
	*n = NKEYS;
	return keys;
}

/* Parses a whole decimal integer (optional sign, no spaces). */
static int parse_int(const char *s, int64_t *out)
{
	if (!s || !*s)
		return -1;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || end == s)
		return -1;
	*out = v;
	return 0;
}

/* Looks key up from unit_id (0: system-wide only). Returns DB_ROW with the
 * statement positioned on the row (caller resets), DB_DONE, or -1. */
static int lookup(app_ctx_t *c, int64_t unit_id, const char *key, db_stmt_t **out, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, STMT_SETTING_LOOKUP, e);
	*out = s;
	if (!s)
		return -1;
	db_bind_id(s, 1, unit_id);
	db_bind_text(s, 2, key, -1);
	return db_step(s, e);
}

int64_t settings_int(app_ctx_t *c, int64_t unit_id, const char *key, int64_t def)
{
	db_stmt_t *s;
	int64_t v = def;
	if (lookup(c, unit_id, key, &s, NULL) == DB_ROW && parse_int(db_col_text(s, 0), &v))
		v = def;
	if (s)
		db_reset(s);
	return v;
}

int64_t settings_get(app_ctx_t *c, int64_t unit_id, const char *key)
{
	const settings_key_t *k = settings_find(key);
	return settings_int(c, unit_id, key, k ? k->def : 0);
}

/* ---- writing ------------------------------------------------------------- */

/* Who a level is, for messages and the audit: "toàn hệ thống" or the unit
 * code (into out). */
static int level_name(app_ctx_t *c, int64_t unit_id, char *out, size_t n, err_t *e)
{
	if (!unit_id) {
		snprintf(out, n, "toàn hệ thống");
		return 0;
	}
	db_stmt_t *s = db_stmt(c->db, STMT_FW_UNIT_NAME, e);
	if (!s)
		return ERR_DB;
	db_bind_int(s, 1, unit_id);
	int r = db_step(s, e);
	if (r == DB_ROW)
		snprintf(out, n, "%s", db_col_text(s, 0));
	db_reset(s);
	if (r == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "Không có đơn vị số %" PRId64, unit_id);
	return r < 0 ? e->code : 0;
}

/* Checks key and value for unit_id; *v receives the parsed value. */
static int check_one(int64_t unit_id, const char *key, const char *value, int64_t *v,
                     const settings_key_t **kk, err_t *e)
{
	const settings_key_t *k = settings_find(key);
	if (!k)
		return err_set(e, ERR_INVALID,
		               "Không có thông số «%s»; xem danh sách: canbo setting list", key);
	if (unit_id && !k->per_unit)
		return err_set(e, ERR_INVALID,
		               "Thông số «%s» chỉ đặt chung cho toàn hệ thống (không đặt riêng cho "
		               "đơn vị); đơn vị cần khung khác thì xây dựng khung riêng: canbo "
		               "framework derive",
		               key);
	if (value) {
		if (parse_int(value, v))
			return err_set(e, ERR_INVALID,
			               "Giá trị «%s» của thông số «%s» phải là số nguyên", value,
			               key);
		if (*v < k->min || *v > k->max)
			return err_set(e, ERR_INVALID,
			               "Thông số «%s» phải từ %" PRId64 " đến %" PRId64
			               " %s (đang là %" PRId64 ")",
			               key, k->min, k->max, k->measure, *v);
	}
	*kk = k;
	return 0;
}

/* Writes (value) or removes (value NULL) the row of key at unit_id inside
 * the open transaction, and audits it. ERR_NOT_FOUND when removing a row
 * that is not there. *changed is set when anything changed. */
static int write_one(app_ctx_t *c, int64_t unit_id, const char *level, const char *key,
                     const char *value, int *changed, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, STMT_SETTING_FIND, e);
	if (!s)
		return ERR_DB;
	db_bind_id(s, 1, unit_id);
	db_bind_text(s, 2, key, -1);
	int r = db_step(s, e);
	int64_t id = 0;
	char *before = NULL;
	if (r == DB_ROW) {
		id = db_col_int(s, 0);
		before = xstrdup(db_col_text(s, 1));
	}
	db_reset(s);
	if (r < 0)
		return e->code;
	*changed = 0;
	char now[32];
	app_now(now);
	int rc = 0;
	if (!value) {
		if (!id) {
			rc = err_set(e, ERR_NOT_FOUND, "Thông số «%s» chưa được đặt riêng ở mức %s",
			             key, level);
			goto out;
		}
		s = db_stmt(c->db, STMT_SETTING_DELETE, e);
		if (!s || (db_bind_int(s, 1, id), db_exec(s, e)))
			goto dberr;
	} else if (id) {
		if (strcmp(before, value) == 0)
			goto out;
		s = db_stmt(c->db, STMT_SETTING_UPDATE, e);
		if (!s)
			goto dberr;
		db_bind_int(s, 1, id);
		db_bind_text(s, 2, value, -1);
		db_bind_text(s, 3, now, -1);
		if (db_exec(s, e))
			goto dberr;
	} else {
		s = db_stmt(c->db, STMT_SETTING_INSERT, e);
		if (!s)
			goto dberr;
		db_bind_id(s, 1, unit_id);
		db_bind_text(s, 2, key, -1);
		db_bind_text(s, 3, value, -1);
		db_bind_text(s, 4, now, -1);
		if (!db_insert(s, e))
			goto dberr;
	}
	*changed = 1;
	buf_t b1, b2;
	buf_init(&b1, 4096);
	buf_init(&b2, 4096);
	jw_t w;
	if (before) {
		jw_init(&w, &b1);
		jw_obj(&w);
		jw_kstr(&w, "level", level);
		jw_kstr(&w, "value", before);
		jw_obj_end(&w);
	}
	if (value) {
		jw_init(&w, &b2);
		jw_obj(&w);
		jw_kstr(&w, "level", level);
		jw_kstr(&w, "value", value);
		jw_obj_end(&w);
	}
	char eid[192];
	snprintf(eid, sizeof eid, "%s@%s", key, unit_id ? level : "*");
	rc = audit_append(c, value ? "setting.set" : "setting.unset", "setting", eid,
	                  before ? buf_cstr(&b1) : NULL, value ? buf_cstr(&b2) : NULL, e);
	buf_free(&b1);
	buf_free(&b2);
	goto out;
dberr:
	rc = e && e->code ? e->code : ERR_DB;
out:
	free(before);
	return rc;
}

/* The shared body of settings_set_many and settings_unset: values NULL
 * means remove keys[0]. */
static int change(app_ctx_t *c, int64_t unit_id, const char *const *k, const char *const *vals,
                  size_t n, err_t *e)
{
	int rc = app_require_hr(c, e);
	if (rc)
		return rc;
	if (n == 0)
		return err_set(e, ERR_INVALID, "Chưa có thông số nào cần đặt");
	char level[128];
	int fw_changed = 0;
	char(*norm)[24] = xcalloc(n, sizeof *norm);
	const settings_key_t **kk = xcalloc(n, sizeof *kk);
	for (size_t i = 0; i < n; i++) {
		int64_t v = 0;
		if ((rc = check_one(unit_id, k[i], vals ? vals[i] : NULL, &v, &kk[i], e)))
			goto out;
		for (size_t j = 0; j < i; j++)
			if (kk[j] == kk[i]) {
				rc =
				    err_set(e, ERR_INVALID, "Thông số «%s» được đặt hai lần", k[i]);
				goto out;
			}
		snprintf(norm[i], sizeof norm[i], "%" PRId64, v);
	}
	if ((rc = level_name(c, unit_id, level, sizeof level, e)))
		goto out;
	if ((rc = db_begin(c->db, e)))
		goto out;
	for (size_t i = 0; i < n; i++) {
		int changed = 0;
		if ((rc = write_one(c, unit_id, level, k[i], vals ? norm[i] : NULL, &changed, e)))
			goto rollback;
		fw_changed |= changed && kk[i]->builds_framework;
	}
	if (fw_changed) {
		builtin_3814_settings_t a;
		builtin_335_settings_t b;
		fw_builtin_settings(c, &a, &b);
		err_t fe = {0};
		framework_t *f1 = builtin_3814(&a, &fe);
		framework_t *f2 = f1 ? builtin_335(&b, &fe) : NULL;
		int ok = f1 && f2;
		framework_free(f1);
		framework_free(f2);
		if (!ok) {
			rc = err_set(
			    e, ERR_INVALID,
			    "Không thể đặt thông số: với các giá trị này khung tiêu chí %s sẽ "
			    "không hợp lệ: %s. Đặt cùng lúc các thông số liên quan, ví dụ: "
			    "canbo setting set nd335.general.a 15 nd335.general.c 5",
			    f1 ? "Nghị định 335" : "Hà Nội 3814", fe.msg);
			goto rollback;
		}
		if ((rc = fw_ensure_builtins(c, e)))
			goto rollback;
	}
	rc = db_commit(c->db, e);
	goto out;
rollback:
	db_rollback(c->db);
out:
	free(norm);
	free(kk);
	return rc;
}

int settings_set(app_ctx_t *c, int64_t unit_id, const char *key, const char *value, err_t *e)
{
	const char *k[1] = {key}, *v[1] = {value ? value : ""};
	return change(c, unit_id, k, v, 1, e);
}

int settings_set_many(app_ctx_t *c, int64_t unit_id, const char *const *k,
                      const char *const *values, size_t n, err_t *e)
{
	return change(c, unit_id, k, values, n, e);
}

int settings_unset(app_ctx_t *c, int64_t unit_id, const char *key, err_t *e)
{
	const char *k[1] = {key};
	return change(c, unit_id, k, NULL, 1, e);
}

/* ---- listing ------------------------------------------------------------- */

int settings_list(app_ctx_t *c, int64_t unit_id, settings_list_t *out, err_t *e)
{
	out->v = xcalloc(NKEYS, sizeof *out->v);
	out->n = 0;
	for (size_t i = 0; i < NKEYS; i++) {
		settings_row_t *r = &out->v[out->n++];
		r->k = &keys[i];
		r->value = keys[i].def;
		db_stmt_t *s;
		int st = lookup(c, keys[i].per_unit ? unit_id : 0, keys[i].key, &s, e);
		if (st < 0) {
			settings_list_free(out);
			return e && e->code ? e->code : ERR_DB;
		}
		int64_t v;
		if (st == DB_ROW && parse_int(db_col_text(s, 0), &v) == 0) {
			r->value = v;
			r->source = db_col_is_null(s, 2) ? 1 : 2;
			r->unit_code = xstrdup(db_col_text(s, 3));
			r->updated_at = xstrdup(db_col_text(s, 4));
		}
		db_reset(s);
	}
	return 0;
}

void settings_list_free(settings_list_t *l)
{
	if (!l || !l->v)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].unit_code);
		free(l->v[i].updated_at);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
