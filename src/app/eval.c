/*
 * eval: the monthly workflow. See eval.h; for people, docs/evaluation.md.
 *
 * Scores are kept as people entered them: the self-assessment (every
 * criterion), the reviewer's changes (only the criteria changed, each with
 * its reason) and the final changes (criteria computed at the decision —
 * work products, the leader formula — and changes made when answering an
 * objection). The scores in force are self, overlaid by review, overlaid by
 * final; totals are score_total() of those under the evaluation's own
 * framework version, so they recompute identically for ever.
 *
 * A criterion is computed rather than scored when the core can compute it:
 * work products (KQ_SP…) when the person has tasks this month
 * (workprod_compute); for a leader under a framework whose results part is
 * one work-products criterion, that criterion through the leader formula
 * (workprod_leader: own part — from tasks, else the hand score — unit part,
 * organising part); unit-results and organising criteria of a leader.
 * Computed values are shown at every step with the information available,
 * and fixed at the decision.
 *
 * The bulk steps (decision, publication, lock, autoscore) read the month's
 * evaluations once (STMT_EVAL_BRIEF_MONTH), work in memory and write row by
 * row through prepared statements in one transaction.
 */
#include "app/eval.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/fw.h"
#include "app/org.h"
#include "app/settings.h"
#include "core/framework.h"
#include "core/score.h"
#include "core/workprod.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/csv.h"
#include "lib/date.h"
#include "lib/imap.h"
#include "lib/jw.h"
#include "lib/text.h"
#include "lib/xalloc.h"

#define CONFLICT_MSG "Bản đánh giá đã bị người khác thay đổi; hãy tải lại rồi thử lại"
#define SCORE_FILE_MAX ((long)1 << 20)

static int dberr(err_t *e)
{
	return e && e->code ? e->code : ERR_DB;
}

static char *col_dup(db_stmt_t *s, int col)
{
	return db_col_is_null(s, col) ? NULL : xstrdup(db_col_text(s, col));
}

static int empty(const char *s)
{
	return !s || !*s;
}

static char *fmt_pts(int32_t cp, char out[24])
{
	return framework_fmt_points(cp, out, 24);
}

/* ---- points and score files ----------------------------------------------- */

/* Parses points ("18", "18,5", "-2.25"): at most two decimals and 1000
 * points. */
static int parse_points(const char *s, int32_t *out)
{
	while (*s == ' ')
		s++;
	int neg = 0;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (*s < '0' || *s > '9')
		return -1;
	long whole = 0;
	while (*s >= '0' && *s <= '9') {
		whole = whole * 10 + (*s++ - '0');
		if (whole > 1000)
			return -1;
	}
	long frac = 0;
	if (*s == ',' || *s == '.') {
		s++;
		int digits = 0;
		while (*s >= '0' && *s <= '9') {
			if (++digits > 2)
				return -1;
			frac = frac * 10 + (*s++ - '0');
		}
		if (!digits)
			return -1;
		if (digits == 1)
			frac *= 10;
	}
	while (*s == ' ')
		s++;
	if (*s)
		return -1;
	long v = whole * 100 + frac;
	*out = (int32_t)(neg ? -v : v);
	return 0;
}

void eval_scores_free(eval_scores_t *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].code);
		free(s->v[i].reason);
	}
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* Column roles of a score file, by folded header. */
enum { COL_IGNORE, COL_CODE, COL_POINTS, COL_REASON };

static int header_role(const char *folded)
{
	static const struct {
		const char *name;
		int role;
	} names[] = {
	    {"ma tieu chi", COL_CODE},     {"tieu chi", COL_CODE},      {"ma", COL_CODE},
	    {"criterion", COL_CODE},       {"code", COL_CODE},          {"ma tc", COL_CODE},
	    {"diem", COL_POINTS},          {"so diem", COL_POINTS},     {"points", COL_POINTS},
	    {"diem cham", COL_POINTS},     {"diem danh gia", COL_POINTS},
	    {"diem tu danh gia", COL_POINTS}, {"ly do", COL_REASON},    {"reason", COL_REASON},
	    {"ghi chu", COL_REASON},       {"giai trinh", COL_REASON},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i].name, folded) == 0)
			return names[i].role;
	return COL_IGNORE;
}

int eval_scores_parse(const char *data, size_t n, eval_scores_t *out, err_t *e)
{
	memset(out, 0, sizeof *out);
	csv_reader_t *r = csv_open_mem(data, n, NULL);
	csv_row_t row;
	int rc = 0, got, role[64] = {0}, have_header = 0, ccode = -1, cpts = -1, creason = -1;
	while ((got = csv_next(r, &row, e)) == 1) {
		if (!have_header) {
			for (size_t i = 0; i < row.nfields && i < 64; i++) {
				char *f = text_fold(row.fields[i]);
				role[i] = header_role(f);
				free(f);
				if (role[i] == COL_CODE && ccode < 0)
					ccode = (int)i;
				else if (role[i] == COL_POINTS && cpts < 0)
					cpts = (int)i;
				else if (role[i] == COL_REASON && creason < 0)
					creason = (int)i;
			}
			if (ccode < 0 || cpts < 0) {
				rc = err_set(e, ERR_INVALID,
					     "Tệp điểm phải có dòng tiêu đề với các cột «Mã tiêu chí» và "
					     "«Điểm» (cột «Lý do» tùy chọn)");
				goto out;
			}
			have_header = 1;
			continue;
		}
		const char *code = (size_t)ccode < row.nfields ? row.fields[ccode] : "";
		const char *pts = (size_t)cpts < row.nfields ? row.fields[cpts] : "";
		const char *why = creason >= 0 && (size_t)creason < row.nfields ? row.fields[creason]
										 : "";
		err_t ce = {0};
		char *ccl = text_clean(code, strlen(code), &ce);
		if (!ccl) {
			rc = err_set(e, ERR_INVALID, "Dòng %ld: mã tiêu chí không hợp lệ (%s)", row.line,
				     ce.msg);
			goto out;
		}
		if (!*ccl) {
			free(ccl);
			if (*pts) {
				rc = err_set(e, ERR_INVALID, "Dòng %ld: thiếu mã tiêu chí", row.line);
				goto out;
			}
			continue; /* a blank row */
		}
		int32_t p;
		if (parse_points(pts, &p)) {
			rc = err_set(e, ERR_INVALID,
				     "Dòng %ld: điểm «%s» của tiêu chí «%s» không hợp lệ (số không quá "
				     "2 chữ số thập phân, ví dụ 18 hoặc 18,5)",
				     row.line, pts, ccl);
			free(ccl);
			goto out;
		}
		char *wcl = NULL;
		if (*why) {
			wcl = text_clean(why, strlen(why), &ce);
			if (!wcl) {
				free(ccl);
				rc = err_set(e, ERR_INVALID, "Dòng %ld: lý do không hợp lệ (%s)", row.line,
					     ce.msg);
				goto out;
			}
			if (!*wcl) {
				free(wcl);
				wcl = NULL;
			}
		}
		xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
		out->v[out->n++] = (eval_score_in_t){ccl, p, wcl, row.line};
	}
	if (got < 0) {
		rc = e ? e->code : ERR_INVALID;
		goto out;
	}
	if (!have_header)
		rc = err_set(e, ERR_INVALID, "Tệp điểm trống");
out:
	csv_close(r);
	if (rc)
		eval_scores_free(out);
	return rc;
}

int eval_scores_load(const char *path, eval_scores_t *out, err_t *e)
{
	memset(out, 0, sizeof *out);
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(e, ERR_IO, "Không mở được tệp điểm «%s»", path);
	char *data = xmalloc((size_t)SCORE_FILE_MAX + 1);
	size_t n = fread(data, 1, (size_t)SCORE_FILE_MAX + 1, f);
	int bad = ferror(f);
	fclose(f);
	int rc;
	if (bad)
		rc = err_set(e, ERR_IO, "Không đọc được tệp điểm «%s»", path);
	else if (n > (size_t)SCORE_FILE_MAX)
		rc = err_set(e, ERR_TOO_LARGE, "Tệp điểm «%s» quá lớn (tối đa 1 MiB)", path);
	else
		rc = eval_scores_parse(data, n, out, e);
	free(data);
	return rc;
}

/* One "CODE=POINTS" of eval_scores_inline(). */
static int eval_scores_inline_one(const char *text, eval_scores_t *out, err_t *e)
{
	const char *eq = strchr(text, '=');
	int32_t pts;
	if (!eq || eq == text || parse_points(eq + 1, &pts))
		return err_set(e, ERR_USAGE,
			       "«%s» không hợp lệ; dùng MÃ_TIÊU_CHÍ=ĐIỂM, ví dụ KQ=65,5", text);
	xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
	out->v[out->n++] = (eval_score_in_t){xstrndup(text, (size_t)(eq - text)), pts, NULL, 0};
	return 0;
}

int eval_scores_inline(const char *spec, eval_scores_t *out, err_t *e)
{
	memset(out, 0, sizeof *out);
	/* split on commas; a piece without '=' made of digits is the decimal
	 * part of the previous value ("KQ=65,5,YT=18") */
	buf_t item;
	buf_init(&item, 4096);
	const char *p = spec ? spec : "";
	int rc = 0;
	for (;;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		int digits = len > 0;
		for (size_t i = 0; i < len; i++)
			digits &= p[i] >= '0' && p[i] <= '9';
		if (digits && item.len && !memchr(p, '=', len)) {
			buf_putc(&item, ',');
			buf_add(&item, p, len);
		} else {
			if (item.len && (rc = eval_scores_inline_one(buf_cstr(&item), out, e)))
				break;
			buf_reset(&item);
			buf_add(&item, p, len);
		}
		if (!end)
			break;
		p = end + 1;
	}
	if (!rc && item.len)
		rc = eval_scores_inline_one(buf_cstr(&item), out, e);
	buf_free(&item);
	if (!rc && !out->n)
		rc = err_set(e, ERR_USAGE, "Chưa có điểm nào (MÃ_TIÊU_CHÍ=ĐIỂM)");
	if (rc)
		eval_scores_free(out);
	return rc;
}

/* ---- who acts ------------------------------------------------------------------ */

typedef struct actor {
	int admin;
	int64_t person;
	const char *code;
} actor_t;

static int64_t person_id(app_ctx_t *c, const char *code, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, STMT_EVAL_PERSON_ID, e);
	if (!s)
		return 0;
	db_bind_text(s, 1, code, -1);
	int r = db_step(s, e);
	int64_t id = r == DB_ROW ? db_col_int(s, 0) : 0;
	db_reset(s);
	if (r == DB_DONE)
		err_set(e, ERR_NOT_FOUND, "Không có cán bộ mã «%s»", code);
	return id;
}

static int actor_resolve(app_ctx_t *c, const char *as_code, actor_t *a, err_t *e)
{
	memset(a, 0, sizeof *a);
	if (!as_code) {
		if (c->role != ROLE_ADMIN)
			return err_set(e, ERR_FORBIDDEN, "Cần cho biết ai thực hiện bước này");
		a->admin = 1;
		return 0;
	}
	a->code = as_code;
	a->person = person_id(c, as_code, e);
	return a->person ? 0 : dberr(e);
}

/* ---- evaluation rows ------------------------------------------------------------ */

static void row_free(eval_row_t *r)
{
	char **strs[] = {&r->person_code,  &r->person_name,   &r->unit_code,     &r->unit_name,
			 &r->position,     &r->category,      &r->leader_level,  &r->group_code,
			 &r->status,       &r->reviewer_code, &r->reviewer_name, &r->decider_code,
			 &r->decider_name, &r->fw_code,       &r->fw_name,       &r->grade_code,
			 &r->grade_label,  &r->grade_reason,  &r->decision_reason, &r->membership,
			 &r->objection_until, &r->updated_at};
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		free(*strs[i]);
	memset(r, 0, sizeof *r);
}

static void read_row(db_stmt_t *s, eval_row_t *r)
{
	memset(r, 0, sizeof *r);
	r->id = db_col_int(s, 0);
	r->period_id = db_col_int(s, 1);
	r->person_id = db_col_int(s, 2);
	r->unit_id = db_col_int(s, 3);
	r->fw_id = db_col_int(s, 4);
	r->reviewer_id = db_col_is_null(s, 5) ? 0 : db_col_int(s, 5);
	r->decider_id = db_col_is_null(s, 6) ? 0 : db_col_int(s, 6);
	r->year = (int)db_col_int(s, 7);
	r->month = (int)db_col_int(s, 8);
	r->person_code = col_dup(s, 9);
	r->person_name = col_dup(s, 10);
	r->unit_code = col_dup(s, 11);
	r->unit_name = col_dup(s, 12);
	r->position = col_dup(s, 13);
	r->category = col_dup(s, 14);
	r->leader_level = col_dup(s, 15);
	r->group_code = col_dup(s, 16);
	r->status = col_dup(s, 17);
	r->reviewer_code = col_dup(s, 18);
	r->reviewer_name = col_dup(s, 19);
	r->decider_code = col_dup(s, 20);
	r->decider_name = col_dup(s, 21);
	r->is_leader = (int)db_col_int(s, 22);
	r->has_self = !db_col_is_null(s, 23);
	r->self_total = (int32_t)db_col_int(s, 23);
	r->has_review = !db_col_is_null(s, 24);
	r->review_total = (int32_t)db_col_int(s, 24);
	r->has_final = !db_col_is_null(s, 25);
	r->final_total = (int32_t)db_col_int(s, 25);
	r->candidate = (int)db_col_int(s, 26);
	r->top_granted = (int)db_col_int(s, 27);
	r->grade_band = db_col_is_null(s, 28) ? -1 : (int)db_col_int(s, 28);
	r->grade_code = col_dup(s, 29);
	r->grade_label = col_dup(s, 30);
	r->grade_reason = col_dup(s, 31);
	r->decision_reason = col_dup(s, 32);
	r->membership = col_dup(s, 33);
	r->days_in_post = (int)db_col_int(s, 34);
	r->days_in_month = (int)db_col_int(s, 35);
	r->late = (int)db_col_int(s, 36);
	r->objection_until = col_dup(s, 37);
	r->updated_at = col_dup(s, 38);
	r->version = db_col_int(s, 39);
	r->objection_open = db_col_int(s, 40) > 0;
}

/* Loads person_code's evaluation for month m into r. */
static int load_row(app_ctx_t *c, const char *person_code, const period_month_t *m, eval_row_t *r,
		    err_t *e)
{
	memset(r, 0, sizeof *r);
	int64_t pid = person_id(c, person_code, e);
	if (!pid)
		return dberr(e);
	db_stmt_t *s = db_stmt(c->db, STMT_EVAL_GET, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, pid);
	db_bind_int(s, 2, m->year);
	db_bind_int(s, 3, m->month);
	int st = db_step(s, e);
	if (st == DB_ROW)
		read_row(s, r);
	db_reset(s);
	if (st < 0)
		return dberr(e);
	if (st == DB_DONE)
		return err_set(e, ERR_NOT_FOUND,
			       "Cán bộ «%s» chưa có bản đánh giá tháng %02d/%04d (kỳ đánh giá chưa được "
			       "mở cho đơn vị của người này?)",
			       person_code, m->month, m->year);
	return 0;
}

/* ---- frameworks ------------------------------------------------------------------ */

/* A loaded framework version with its criteria flattened in order. */
typedef struct fwinfo {
	int64_t id;
	framework_t *fw;
	const framework_criterion_t **crit;
	size_t ncrit;
	int leader_parts; /* has unit-results or organising criteria */
} fwinfo_t;

typedef struct fwcache {
	fwinfo_t *v;
	size_t n, cap;
} fwcache_t;

static void fwc_free(fwcache_t *fc)
{
	for (size_t i = 0; i < fc->n; i++) {
		framework_free(fc->v[i].fw);
		free(fc->v[i].crit);
	}
	free(fc->v);
	memset(fc, 0, sizeof *fc);
}

static const fwinfo_t *fwc_get(app_ctx_t *c, fwcache_t *fc, int64_t id, err_t *e)
{
	for (size_t i = 0; i < fc->n; i++)
		if (fc->v[i].id == id)
			return &fc->v[i];
	framework_t *fw = fw_load(c, id, e);
	if (!fw)
		return NULL;
	xgrow((void **)&fc->v, &fc->cap, fc->n + 1, sizeof *fc->v);
	fwinfo_t *fi = &fc->v[fc->n++];
	memset(fi, 0, sizeof *fi);
	fi->id = id;
	fi->fw = fw;
	size_t total = 0;
	for (size_t g = 0; g < fw->ngroups; g++)
		total += fw->groups[g].ncriteria;
	fi->crit = xcalloc(total + 1, sizeof *fi->crit);
	for (size_t g = 0; g < fw->ngroups; g++)
		for (size_t k = 0; k < fw->groups[g].ncriteria; k++) {
			const framework_criterion_t *cr = &fw->groups[g].criteria[k];
			fi->crit[fi->ncrit++] = cr;
			if (cr->kind == FRAMEWORK_KIND_UNIT_RESULTS ||
			    cr->kind == FRAMEWORK_KIND_ORGANISING)
				fi->leader_parts = 1;
		}
	return fi;
}

static long crit_index(const fwinfo_t *fi, const char *code)
{
	for (size_t i = 0; i < fi->ncrit; i++)
		if (strcmp(fi->crit[i]->code, code) == 0)
			return (long)i;
	return -1;
}

/* The band a total alone earns (no disqualifier). */
static int band_of(const framework_t *fw, int32_t total)
{
	for (size_t b = 0; b < fw->nbands; b++)
		if (total >= fw->bands[b].min)
			return (int)b;
	return fw->nbands ? (int)fw->nbands - 1 : 0;
}

/* ---- score sheets ---------------------------------------------------------------- */

/* One evaluation's scores by criterion (flattened index): the three layers
 * and the computed values. */
typedef struct sheet {
	size_t n;
	int32_t *self, *rev, *fin, *cur;
	unsigned char *hs, *hr, *hf, *hc, *computed;
	char **rreason, **freason;
} sheet_t;

static void sheet_init(sheet_t *s, size_t n)
{
	s->n = n;
	size_t k = n ? n : 1;
	s->self = xcalloc(k, sizeof *s->self);
	s->rev = xcalloc(k, sizeof *s->rev);
	s->fin = xcalloc(k, sizeof *s->fin);
	s->cur = xcalloc(k, sizeof *s->cur);
	s->hs = xcalloc(k, 1);
	s->hr = xcalloc(k, 1);
	s->hf = xcalloc(k, 1);
	s->hc = xcalloc(k, 1);
	s->computed = xcalloc(k, 1);
	s->rreason = xcalloc(k, sizeof *s->rreason);
	s->freason = xcalloc(k, sizeof *s->freason);
}

static void sheet_free(sheet_t *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->rreason[i]);
		free(s->freason[i]);
	}
	free(s->self);
	free(s->rev);
	free(s->fin);
	free(s->cur);
	free(s->hs);
	free(s->hr);
	free(s->hf);
	free(s->hc);
	free(s->computed);
	free(s->rreason);
	free(s->freason);
	memset(s, 0, sizeof *s);
}

/* Loads the stored layers of evaluation id into s (sized for fi). Scores of
 * criteria the framework does not know are ignored (cannot happen: versions
 * are immutable). with_final 0 leaves the final layer out. */
static int sheet_load(app_ctx_t *c, const fwinfo_t *fi, int64_t id, int with_final, sheet_t *s,
		      err_t *e)
{
	sheet_init(s, fi->ncrit);
	db_stmt_t *st = db_stmt(c->db, STMT_EVAL_SCORES, e);
	if (!st)
		return dberr(e);
	db_bind_int(st, 1, id);
	int r;
	while ((r = db_step(st, e)) == DB_ROW) {
		const char *step = db_col_text(st, 0);
		long k = crit_index(fi, db_col_text(st, 1));
		if (k < 0)
			continue;
		int32_t p = (int32_t)db_col_int(st, 2);
		if (strcmp(step, "self") == 0) {
			s->self[k] = p;
			s->hs[k] = 1;
		} else if (strcmp(step, "review") == 0) {
			s->rev[k] = p;
			s->hr[k] = 1;
			s->rreason[k] = col_dup(st, 3);
		} else if (with_final) {
			s->fin[k] = p;
			s->hf[k] = 1;
			s->freason[k] = col_dup(st, 3);
		}
	}
	return r < 0 ? dberr(e) : 0;
}

/* cur = self overlaid by review (and final when with_final). */
static void sheet_overlay(sheet_t *s, int with_final)
{
	for (size_t i = 0; i < s->n; i++) {
		s->hc[i] = 0;
		s->cur[i] = 0;
		if (s->hs[i])
			s->cur[i] = s->self[i], s->hc[i] = 1;
		if (s->hr[i])
			s->cur[i] = s->rev[i], s->hc[i] = 1;
		if (with_final && s->hf[i])
			s->cur[i] = s->fin[i], s->hc[i] = 1;
		s->computed[i] = 0;
	}
}

/* score_total() over cur. */
static int sheet_total(const fwinfo_t *fi, const sheet_t *s, const int32_t *vals,
		       const unsigned char *has, score_result_t *res, err_t *e)
{
	score_entry_t *en = xcalloc(fi->ncrit + 1, sizeof *en);
	size_t n = 0;
	for (size_t i = 0; i < s->n; i++)
		if (has[i])
			en[n++] = (score_entry_t){fi->crit[i]->code, vals[i]};
	int rc = score_total(fi->fw, en, n, res, e);
	free(en);
	return rc;
}

/* What the computed criteria need: the person's tasks and, for a leader,
 * the unit. */
typedef struct calc_in {
	const workprod_item_t *items;
	size_t nitems;
	int leader;     /* 1: apply the leader parts */
	workprod_leader_in_t lin;
} calc_in_t;

static int32_t pts_of_bp(int32_t max, int32_t bp)
{
	return (int32_t)(((int64_t)max * bp + 5000) / 10000);
}

/* Replaces the computed criteria of cur (see the top of this file); marks
 * them in s->computed and describes them in note (may be NULL). */
static int sheet_compute(const fwinfo_t *fi, sheet_t *s, const calc_in_t *in, buf_t *note,
			 err_t *e)
{
	const framework_t *fw = fi->fw;
	for (size_t i = 0; i < s->n; i++) {
		const framework_criterion_t *cr = fi->crit[i];
		char a[24];
		if (cr->kind == FRAMEWORK_KIND_WORK_PRODUCTS) {
			int32_t own_bp = 0, own_pts = 0;
			int from_tasks = in->nitems > 0;
			if (from_tasks) {
				workprod_result_t wr;
				if (workprod_compute(&fw->workprod, cr->max, in->items, in->nitems, &wr,
						     e))
					return e ? e->code : ERR_INVALID;
				own_bp = wr.combined_bp;
				own_pts = wr.points;
			} else if (s->hc[i] && cr->max > 0) {
				int32_t v = s->cur[i] < 0 ? 0 : s->cur[i] > cr->max ? cr->max : s->cur[i];
				own_bp = (int32_t)(((int64_t)v * 10000 + cr->max / 2) / cr->max);
			}
			if (in->leader && !fi->leader_parts && (from_tasks || s->hc[i])) {
				workprod_leader_in_t li = in->lin;
				li.own_bp = own_bp;
				workprod_leader_result_t lr;
				if (workprod_leader(&fw->leader, cr->max, &li, &lr, e))
					return e ? e->code : ERR_INVALID;
				s->cur[i] = lr.points;
				s->hc[i] = s->computed[i] = 1;
				if (note)
					buf_printf(note, "%s%s = %s (lãnh đạo: bản thân %d%%, đơn vị %d%%, tổ "
							 "chức thực hiện %d%%)",
						   note->len ? "; " : "", cr->code, fmt_pts(lr.points, a),
						   (own_bp + 50) / 100, (lr.unit_bp + 50) / 100,
						   (lr.organising_bp + 50) / 100);
			} else if (from_tasks) {
				s->cur[i] = own_pts;
				s->hc[i] = s->computed[i] = 1;
				if (note)
					buf_printf(note, "%s%s = %s (từ %zu sản phẩm, công việc)",
						   note->len ? "; " : "", cr->code, fmt_pts(own_pts, a),
						   in->nitems);
			}
		} else if ((cr->kind == FRAMEWORK_KIND_UNIT_RESULTS ||
			    cr->kind == FRAMEWORK_KIND_ORGANISING) &&
			   in->leader) {
			workprod_leader_in_t li = in->lin;
			li.own_bp = 10000;
			workprod_leader_result_t lr;
			if (workprod_leader(&fw->leader, cr->max, &li, &lr, e))
				return e ? e->code : ERR_INVALID;
			int32_t bp = cr->kind == FRAMEWORK_KIND_UNIT_RESULTS ? lr.unit_bp : lr.organising_bp;
			s->cur[i] = pts_of_bp(cr->max, bp);
			s->hc[i] = s->computed[i] = 1;
			if (note)
				buf_printf(note, "%s%s = %s (%d%%)", note->len ? "; " : "", cr->code,
					   fmt_pts(s->cur[i], a), (bp + 50) / 100);
		}
	}
	return 0;
}

/* 1 when criterion i is computed whatever people enter (so a hand score
 * is not needed and is ignored). */
static int crit_always_computed(const fwinfo_t *fi, size_t i, const calc_in_t *in)
{
	const framework_criterion_t *cr = fi->crit[i];
	if (cr->kind == FRAMEWORK_KIND_WORK_PRODUCTS)
		return in->nitems > 0;
	if (cr->kind == FRAMEWORK_KIND_UNIT_RESULTS || cr->kind == FRAMEWORK_KIND_ORGANISING)
		return in->leader;
	return 0;
}

/* ---- tasks and the leader's unit (one evaluation) --------------------------------- */

static void item_from_row(db_stmt_t *s, workprod_item_t *it)
{
	memset(it, 0, sizeof *it);
	it->coef = (int32_t)db_col_int(s, 3);
	it->assigned = 1;
	it->completed = !db_col_is_null(s, 6);
	it->passed = it->completed && !db_col_is_null(s, 7) && db_col_int(s, 7) == 1;
	it->reviews_failed = (int)db_col_int(s, 8);
	it->reviews_waived = (int)db_col_int(s, 9);
	it->delays = (int)db_col_int(s, 10);
	it->delays_waived = (int)db_col_int(s, 11);
}

static int load_items(app_ctx_t *c, int64_t eval_id, workprod_item_t **items, size_t *n, err_t *e)
{
	size_t cap = 0;
	*items = NULL;
	*n = 0;
	db_stmt_t *s = db_stmt(c->db, STMT_TASKS_OF_EVAL, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, eval_id);
	int r;
	while ((r = db_step(s, e)) == DB_ROW) {
		xgrow((void **)items, &cap, *n + 1, sizeof **items);
		item_from_row(s, &(*items)[(*n)++]);
	}
	return r < 0 ? dberr(e) : 0;
}

/* 1 when framework fi gives a leader computed parts. */
static int leader_applies(const fwinfo_t *fi, int is_leader)
{
	if (!is_leader)
		return 0;
	if (fi->leader_parts)
		return 1;
	for (size_t i = 0; i < fi->ncrit; i++)
		if (fi->crit[i]->kind == FRAMEWORK_KIND_WORK_PRODUCTS)
			return 1;
	return 0;
}

/* The leader's unit for one evaluation: subordinates (evaluations whose
 * reviewer is the leader) with a known grade, those graded lowest, and the
 * tasks the leader assigned this month. */
static int load_leader_in(app_ctx_t *c, fwcache_t *fc, const eval_row_t *row,
			  workprod_leader_in_t *li, err_t *e)
{
	memset(li, 0, sizeof *li);
	db_stmt_t *s = db_stmt(c->db, STMT_EVAL_SUBORDINATES, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, row->year);
	db_bind_int(s, 2, row->month);
	db_bind_int(s, 3, row->person_id);
	typedef struct sub {
		int st;
		int64_t fw;
		int32_t total;
		int band;
	} sub_t;
	sub_t *subs = NULL;
	size_t n = 0, cap = 0;
	int r;
	while ((r = db_step(s, e)) == DB_ROW) {
		int st = period_status_index(db_col_text(s, 0));
		if (st <= PERIOD_ST_PENDING)
			continue;
		xgrow((void **)&subs, &cap, n + 1, sizeof *subs);
		sub_t *x = &subs[n++];
		x->st = st;
		x->fw = db_col_int(s, 1);
		x->band = db_col_is_null(s, 5) ? -1 : (int)db_col_int(s, 5);
		x->total = (int32_t)db_col_int(s, st >= PERIOD_ST_DECIDED ? 4
						       : st == PERIOD_ST_REVIEWED ? 3
										  : 2);
	}
	if (r < 0) {
		free(subs);
		return dberr(e);
	}
	for (size_t i = 0; i < n; i++) {
		const fwinfo_t *fi = fwc_get(c, fc, subs[i].fw, e);
		if (!fi) {
			free(subs);
			return dberr(e);
		}
		int band = subs[i].st >= PERIOD_ST_DECIDED && subs[i].band >= 0
			       ? subs[i].band
			       : band_of(fi->fw, subs[i].total);
		li->subordinates++;
		li->subordinates_kht += band == (int)fi->fw->nbands - 1;
	}
	free(subs);
	if (!(s = db_stmt(c->db, STMT_TASKS_PLANNED_BY, e)))
		return dberr(e);
	db_bind_int(s, 1, row->person_id);
	db_bind_int(s, 2, row->year);
	db_bind_int(s, 3, row->month);
	while ((r = db_step(s, e)) == DB_ROW) {
		li->planned_tasks++;
		int ok = !db_col_is_null(s, 0) && !db_col_is_null(s, 1) && db_col_int(s, 1) == 1 &&
			 db_col_int(s, 2) - db_col_int(s, 3) == 0;
		li->planned_done_ok += ok;
	}
	return r < 0 ? dberr(e) : 0;
}

/* ---- recording a step ------------------------------------------------------------ */

static int insert_step(app_ctx_t *c, int64_t eval_id, int64_t seq, const char *step,
		       const actor_t *a, const char *at, const char *due, int late,
		       const char *reason, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, STMT_EVAL_STEP_INSERT, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, eval_id);
	db_bind_int(s, 2, seq);
	db_bind_text(s, 3, step, -1);
	db_bind_text(s, 4, c->actor, -1);
	db_bind_id(s, 5, a ? a->person : 0);
	db_bind_text(s, 6, at, -1);
	db_bind_text(s, 7, due, -1);
	db_bind_int(s, 8, late);
	db_bind_text(s, 9, reason, -1);
	return db_exec(s, e) ? dberr(e) : 0;
}

static int insert_score(app_ctx_t *c, int64_t eval_id, const char *step, const char *code,
			int32_t pts, const char *reason, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, STMT_EVAL_SCORE_INSERT, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, eval_id);
	db_bind_text(s, 2, step, -1);
	db_bind_text(s, 3, code, -1);
	db_bind_int(s, 4, pts);
	db_bind_text(s, 5, reason, -1);
	return db_exec(s, e) ? dberr(e) : 0;
}

static int delete_scores(app_ctx_t *c, int64_t eval_id, const char *step, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, STMT_EVAL_SCORES_DELETE, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, eval_id);
	db_bind_text(s, 2, step, -1);
	return db_exec(s, e) ? dberr(e) : 0;
}

/* Rows queued for the sixty-four-row inserts of the bulk steps (decision,
 * publication, lock, autoscore). Borrowed strings must live until the
 * queue is flushed; the due date is copied. */
#define BULK 64

/* The page cache of the bulk steps (decision, autoscore), in megabytes:
 * the month of a province touches a few hundred megabytes of pages, and a
 * smaller cache spills them to the WAL and reads them back before the
 * commit. Memory is used only as pages are touched; the default comes back
 * at the end. */
#define BULK_CACHE_MB 512

typedef struct score_q {
	int64_t ev;
	const char *step, *code, *reason;
	int32_t pts;
} score_q_t;

typedef struct step_q {
	int64_t ev, seq, person;
	const char *step, *at, *reason;
	char due[11];
	int late;
} step_q_t;

typedef struct bulk {
	score_q_t sc[BULK];
	size_t nsc;
	step_q_t st[BULK];
	size_t nst;
	/* full sixty-four-row inserts go through db bulks (db.h: on
	 * PostgreSQL one COPY instead of a round trip each), as do the
	 * per-evaluation updates of the step (upd, nupd rows, each of which
	 * must change its row: the version it was read with) */
	db_bulk_t *scores, *steps, *upd;
	int64_t sent, nupd;
} bulk_t;

static int same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Writes the queued rows: a full queue whose rows share the values that
 * STMT_EVAL_SCORE_INSERT64 / STMT_EVAL_STEP_INSERT64 bind once (always so
 * within one bulk step) in one statement, else row by row. */
static int bulk_flush(app_ctx_t *c, bulk_t *b, err_t *e)
{
	int shared = b->nsc == BULK;
	for (size_t i = 1; shared && i < b->nsc; i++)
		shared = same_str(b->sc[i].step, b->sc[0].step) &&
			 same_str(b->sc[i].reason, b->sc[0].reason);
	if (shared) {
		if (!b->scores && !(b->scores = db_bulk_open(c->db, STMT_EVAL_SCORE_INSERT64, e)))
			return dberr(e);
		db_stmt_t *s = db_bulk_row(b->scores, e);
		if (!s)
			return dberr(e);
		db_bind_text(s, 1, b->sc[0].step, -1);
		db_bind_text(s, 2, b->sc[0].reason, -1);
		for (int i = 0; i < BULK; i++) {
			const score_q_t *q = &b->sc[i];
			db_bind_int(s, 3 + i * 3, q->ev);
			db_bind_text(s, 4 + i * 3, q->code, -1);
			db_bind_int(s, 5 + i * 3, q->pts);
		}
		if (db_bulk_add(b->scores, e))
			return dberr(e);
		b->sent += BULK;
	} else {
		for (size_t i = 0; i < b->nsc; i++) {
			const score_q_t *q = &b->sc[i];
			int rc = insert_score(c, q->ev, q->step, q->code, q->pts, q->reason, e);
			if (rc)
				return rc;
		}
	}
	b->nsc = 0;
	shared = b->nst == BULK;
	for (size_t i = 1; shared && i < b->nst; i++)
		shared = b->st[i].person == b->st[0].person && same_str(b->st[i].at, b->st[0].at);
	if (shared) {
		if (!b->steps && !(b->steps = db_bulk_open(c->db, STMT_EVAL_STEP_INSERT64, e)))
			return dberr(e);
		db_stmt_t *s = db_bulk_row(b->steps, e);
		if (!s)
			return dberr(e);
		db_bind_text(s, 1, c->actor, -1);
		db_bind_id(s, 2, b->st[0].person);
		db_bind_text(s, 3, b->st[0].at, -1);
		for (int i = 0; i < BULK; i++) {
			const step_q_t *q = &b->st[i];
			int k = 3 + i * 6;
			db_bind_int(s, k + 1, q->ev);
			db_bind_int(s, k + 2, q->seq);
			db_bind_text(s, k + 3, q->step, -1);
			db_bind_text(s, k + 4, q->due[0] ? q->due : NULL, -1);
			db_bind_int(s, k + 5, q->late);
			db_bind_text(s, k + 6, q->reason, -1);
		}
		if (db_bulk_add(b->steps, e))
			return dberr(e);
		b->sent += BULK;
	} else {
		for (size_t i = 0; i < b->nst; i++) {
			const step_q_t *q = &b->st[i];
			actor_t a = {q->person == 0, q->person, NULL};
			int rc = insert_step(c, q->ev, q->seq, q->step, &a, q->at, q->due[0] ? q->due : NULL,
					     q->late, q->reason, e);
			if (rc)
				return rc;
		}
	}
	b->nst = 0;
	return 0;
}

/* The statement to bind the next per-evaluation update into (id: the
 * update statement, the same for the whole step). */
static db_stmt_t *bulk_update_row(app_ctx_t *c, bulk_t *b, stmt_id id, err_t *e)
{
	if (!b->upd && !(b->upd = db_bulk_open(c->db, id, e)))
		return NULL;
	return db_bulk_row(b->upd, e);
}

static int bulk_update_add(bulk_t *b, err_t *e)
{
	if (db_bulk_add(b->upd, e))
		return dberr(e);
	b->nupd++;
	return 0;
}

/* Writes everything queued and closes the bulks: ERR_CONFLICT when an
 * update found its evaluation changed since it was read. */
static int bulk_finish(app_ctx_t *c, bulk_t *b, err_t *e)
{
	int rc = bulk_flush(c, b, e);
	if (rc)
		return rc;
	int64_t n = 0, total = 0;
	if (db_bulk_close(b->scores, &n, e))
		rc = dberr(e);
	total += n;
	n = 0;
	if (!rc && db_bulk_close(b->steps, &n, e))
		rc = dberr(e);
	total += n;
	n = 0;
	b->scores = b->steps = NULL;
	if (!rc && total != b->sent)
		rc = err_set(e, ERR_INTERNAL, "Ghi hàng loạt: %lld/%lld dòng", (long long)total,
			     (long long)b->sent);
	if (!rc && db_bulk_close(b->upd, &n, e))
		rc = dberr(e);
	b->upd = NULL;
	if (!rc && n != b->nupd)
		rc = err_set(e, ERR_CONFLICT, CONFLICT_MSG);
	return rc;
}

/* Drops what a failed step left in its bulks (before the rollback). */
static void bulk_discard(bulk_t *b)
{
	db_bulk_close(b->scores, NULL, NULL);
	db_bulk_close(b->steps, NULL, NULL);
	db_bulk_close(b->upd, NULL, NULL);
	b->scores = b->steps = b->upd = NULL;
}

static int bulk_add_score(app_ctx_t *c, bulk_t *b, int64_t ev, const char *step, const char *code,
		      int32_t pts, const char *reason, err_t *e)
{
	b->sc[b->nsc++] = (score_q_t){ev, step, code, reason, pts};
	if (b->nsc < BULK)
		return 0;
	size_t keep = b->nst;
	b->nst = 0; /* flush the scores only */
	int rc = bulk_flush(c, b, e);
	b->nst = keep;
	return rc;
}

static int bulk_add_step(app_ctx_t *c, bulk_t *b, int64_t ev, int64_t seq, const char *step,
			 const actor_t *a, const char *at, const char *due, int late,
			 const char *reason, err_t *e)
{
	step_q_t *q = &b->st[b->nst++];
	*q = (step_q_t){ev, seq, a ? a->person : 0, step, at, reason, "", late};
	if (due) { /* an ISO date: copied without snprintf, once per row of a province */
		size_t n = strnlen(due, sizeof q->due - 1);
		memcpy(q->due, due, n);
		q->due[n] = 0;
	}
	if (b->nst < BULK)
		return 0;
	size_t keep = b->nsc;
	b->nsc = 0;
	int rc = bulk_flush(c, b, e);
	b->nsc = keep;
	return rc;
}

/* Checks that the update just run changed the row; ERR_CONFLICT otherwise. */
static int updated_one(app_ctx_t *c, err_t *e)
{
	return db_changes(c->db) == 1 ? 0 : err_set(e, ERR_CONFLICT, CONFLICT_MSG);
}

/* A snapshot of one evaluation for the audit log. */
static void snapshot(jw_t *w, const eval_row_t *r, const fwinfo_t *fi, const sheet_t *s)
{
	char mt[8];
	period_month_text(r->year, r->month, mt);
	jw_obj(w);
	jw_kstr(w, "person", r->person_code);
	jw_kstr(w, "month", mt);
	jw_kstr(w, "status", r->status);
	jw_kint(w, "version", r->version);
	if (r->has_self)
		jw_kint(w, "self_total", r->self_total);
	if (r->has_review)
		jw_kint(w, "review_total", r->review_total);
	if (r->has_final)
		jw_kint(w, "final_total", r->final_total);
	if (r->grade_code)
		jw_kstr(w, "grade", r->grade_code);
	if (r->top_granted)
		jw_kint(w, "top_granted", 1);
	if (s && fi) {
		jw_key(w, "scores");
		jw_obj(w);
		for (size_t i = 0; i < s->n; i++)
			if (s->hc[i])
				jw_kint(w, fi->crit[i]->code, s->cur[i]);
		jw_obj_end(w);
	}
	jw_obj_end(w);
}

static int audit_one(app_ctx_t *c, const char *action, const eval_row_t *before,
		     const fwinfo_t *fi, const sheet_t *sb, const eval_row_t *after,
		     const sheet_t *sa, const char *extra_key, const char *extra, err_t *e)
{
	buf_t b, a;
	buf_init(&b, 1 << 20);
	buf_init(&a, 1 << 20);
	jw_t w;
	jw_init(&w, &b);
	snapshot(&w, before, fi, sb);
	jw_init(&w, &a);
	jw_obj(&w);
	jw_key(&w, "evaluation");
	snapshot(&w, after, fi, sa);
	if (extra_key)
		jw_kstr(&w, extra_key, extra);
	jw_obj_end(&w);
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)before->id);
	int rc = audit_append(c, action, "evaluation", id, buf_cstr(&b), buf_cstr(&a), e);
	buf_free(&b);
	buf_free(&a);
	return rc;
}

/* Today as ISO and whether it is after due (ISO). */
static int is_late(const char *today, const char *due)
{
	return due && *due && strcmp(today, due) > 0;
}

static void row_month(const eval_row_t *r, period_month_t *m)
{
	period_month_set(m, r->year, r->month);
}

/* dd/mm/yyyy of an ISO date into out[11]. */
static void vn_date(const char *iso, char out[11])
{
	int d;
	if (iso && date_parse(iso, &d) == 0)
		date_vn(d, out);
	else
		snprintf(out, 11, "%s", iso ? iso : "");
}

/* The stored name of status index st. */
static const char *status_code(int st)
{
	static const char *const codes[PERIOD_ST__MAX] = {
	    "pending", "self_assessed", "reviewed", "decided", "published", "locked"};
	return st >= 0 && st < PERIOD_ST__MAX ? codes[st] : "?";
}

/* ---- one evaluation ---------------------------------------------------------------- */

/* Everything a step on one evaluation needs. */
typedef struct one {
	eval_row_t row;
	fwcache_t fc;
	const fwinfo_t *fi;
	sheet_t sh;
	workprod_item_t *items;
	size_t nitems;
	calc_in_t in;
	period_month_t m;
} one_t;

static void one_free(one_t *o)
{
	row_free(&o->row);
	sheet_free(&o->sh);
	free(o->items);
	fwc_free(&o->fc);
}

static int one_load(app_ctx_t *c, const char *person_code, const period_month_t *m,
		    int with_final, one_t *o, err_t *e)
{
	memset(o, 0, sizeof *o);
	int rc = load_row(c, person_code, m, &o->row, e);
	if (rc)
		return rc;
	row_month(&o->row, &o->m);
	if (!(o->fi = fwc_get(c, &o->fc, o->row.fw_id, e)))
		return dberr(e);
	o->row.fw_code = xstrdup(o->fi->fw->code);
	o->row.fw_name = xstrdup(o->fi->fw->name);
	if ((rc = sheet_load(c, o->fi, o->row.id, with_final, &o->sh, e)))
		return rc;
	sheet_overlay(&o->sh, with_final);
	if ((rc = load_items(c, o->row.id, &o->items, &o->nitems, e)))
		return rc;
	o->in.items = o->items;
	o->in.nitems = o->nitems;
	o->in.leader = leader_applies(o->fi, o->row.is_leader);
	if (o->in.leader && (rc = load_leader_in(c, &o->fc, &o->row, &o->in.lin, e)))
		return rc;
	/* fwc_get may have moved the cache: look the framework up again */
	o->fi = fwc_get(c, &o->fc, o->row.fw_id, e);
	return 0;
}

/* Refuses a step on a row in a state other than allowed (bit mask of
 * PERIOD_ST_*), naming the state it is in. */
static int check_state(const one_t *o, unsigned allowed, const char *what, err_t *e)
{
	int st = period_status_index(o->row.status);
	if (st >= 0 && (allowed & (1u << st)))
		return 0;
	return err_set(e, ERR_CONFLICT,
		       "Không thể %s: bản đánh giá tháng %02d/%04d của %s (%s) đang ở bước «%s»", what,
		       o->row.month, o->row.year, o->row.person_name, o->row.person_code,
		       period_status_label(o->row.status));
}

static int check_version(const one_t *o, int64_t expect, err_t *e)
{
	if (expect && expect != o->row.version)
		return err_set(e, ERR_CONFLICT, CONFLICT_MSG);
	return 0;
}

/* Fills the layer (self: vals/has) from sc: unknown or repeated criteria
 * are refused; criteria computed whatever is entered are skipped and noted. */
static int take_scores(const fwinfo_t *fi, const eval_scores_t *sc, const calc_in_t *in,
		       int32_t *vals, unsigned char *has, char **reasons, buf_t *note, err_t *e)
{
	long *line = xcalloc(fi->ncrit + 1, sizeof *line);
	int rc = 0;
	for (size_t j = 0; sc && j < sc->n; j++) {
		const eval_score_in_t *x = &sc->v[j];
		long k = crit_index(fi, x->code);
		if (k < 0) {
			buf_t list;
			buf_init(&list, 4096);
			for (size_t i = 0; i < fi->ncrit; i++)
				buf_printf(&list, "%s%s", i ? ", " : "", fi->crit[i]->code);
			rc = err_set(e, ERR_INVALID,
				     "Tiêu chí «%s»%s không có trong khung «%s»; các tiêu chí: %s", x->code,
				     x->line ? "" : "", fi->fw->code, buf_cstr(&list));
			buf_free(&list);
			break;
		}
		if (line[k]) {
			rc = err_set(e, ERR_INVALID, "Tiêu chí «%s» được chấm hai lần", x->code);
			break;
		}
		line[k] = x->line ? x->line : 1;
		if (crit_always_computed(fi, (size_t)k, in)) {
			if (note)
				buf_printf(note, "%sđiểm nhập cho %s được bỏ qua (tính tự động)",
					   note->len ? "; " : "", x->code);
			continue;
		}
		vals[k] = x->points;
		has[k] = 1;
		if (reasons) {
			free(reasons[k]);
			reasons[k] = xstrdup(x->reason);
		}
	}
	free(line);
	return rc;
}

int eval_self(app_ctx_t *c, const char *person_code, const period_month_t *m,
	      const char *as_code, const eval_scores_t *sc, int64_t expect_version,
	      eval_outcome_t *out, err_t *e)
{
	memset(out, 0, sizeof *out);
	actor_t a;
	int rc = actor_resolve(c, as_code, &a, e);
	if (rc)
		return rc;
	one_t o;
	sheet_t nw;
	memset(&nw, 0, sizeof nw);
	buf_t note;
	buf_init(&note, sizeof out->note - 1);
	/* Everything is read and computed before the write transaction: the
	 * writer lock is held only for the writes, and the version check of
	 * STMT_EVAL_SET_SELF refuses them if the evaluation moved meanwhile. */
	if ((rc = one_load(c, person_code, m, 0, &o, e)))
		goto fail;
	if (!a.admin && a.person != o.row.person_id) {
		rc = err_set(e, ERR_FORBIDDEN,
			     "Chỉ chính %s (%s) được tự đánh giá; «%s» không được làm thay",
			     o.row.person_name, o.row.person_code, a.code);
		goto fail;
	}
	if ((rc = check_state(&o, 1u << PERIOD_ST_PENDING | 1u << PERIOD_ST_SELF, "tự đánh giá",
			      e)) ||
	    (rc = check_version(&o, expect_version, e)))
		goto fail;
	const fwinfo_t *fi = o.fi;
	sheet_init(&nw, fi->ncrit);
	if ((rc = take_scores(fi, sc, &o.in, nw.self, nw.hs, NULL, &note, e)))
		goto fail;
	score_result_t res;
	if ((rc = sheet_total(fi, &nw, nw.self, nw.hs, &res, e)))
		goto fail;
	for (size_t i = 0; i < fi->ncrit; i++) {
		const framework_criterion_t *cr = fi->crit[i];
		int needed = cr->kind == FRAMEWORK_KIND_SCORED ||
			     (cr->kind == FRAMEWORK_KIND_WORK_PRODUCTS && !o.in.nitems);
		if (needed && !nw.hs[i]) {
			rc = err_set(e, ERR_INVALID, "Thiếu điểm tiêu chí «%s» (%s)", cr->code, cr->name);
			goto fail;
		}
	}
	sheet_overlay(&nw, 0);
	if ((rc = sheet_compute(fi, &nw, &o.in, &note, e)) ||
	    (rc = sheet_total(fi, &nw, nw.cur, nw.hc, &res, e)))
		goto fail;

	char now[32], today[11];
	app_now(now);
	app_today(today);
	period_due(c, o.row.unit_id, &o.m, "deadline.self", 5, out->due);
	int late = is_late(today, out->due);
	if ((rc = db_begin(c->db, e)))
		goto out;
	if ((rc = delete_scores(c, o.row.id, "self", e)))
		goto fail;
	for (size_t i = 0; i < fi->ncrit; i++)
		if (nw.hs[i] && (rc = insert_score(c, o.row.id, "self", fi->crit[i]->code, nw.self[i],
						   NULL, e)))
			goto fail;
	db_stmt_t *s = db_stmt(c->db, STMT_EVAL_SET_SELF, e);
	if (!s) {
		rc = dberr(e);
		goto fail;
	}
	db_bind_int(s, 1, o.row.id);
	db_bind_int(s, 2, o.row.version);
	db_bind_int(s, 3, res.total);
	db_bind_text(s, 4, now, -1);
	db_bind_int(s, 5, late ? 1 : 0);
	if (db_exec(s, e)) {
		rc = dberr(e);
		goto fail;
	}
	if ((rc = updated_one(c, e)) ||
	    (rc = insert_step(c, o.row.id, o.row.version + 1, "self", &a, now, out->due, late,
			      NULL, e)))
		goto fail;
	eval_row_t after = o.row;
	after.status = (char *)"self_assessed";
	after.has_self = 1;
	after.self_total = res.total;
	after.version++;
	if ((rc = audit_one(c, "eval.self", &o.row, fi, &o.sh, &after, &nw, NULL, NULL, e)))
		goto fail;
	if ((rc = db_commit(c->db, e)))
		goto out;
	out->total = res.total;
	snprintf(out->status, sizeof out->status, "self_assessed");
	out->late = late;
	for (size_t i = 0; i < fi->ncrit; i++)
		out->computed += nw.computed[i];
	snprintf(out->note, sizeof out->note, "%s", buf_cstr(&note));
	goto out;
fail:
	db_rollback(c->db);
out:
	sheet_free(&nw);
	buf_free(&note);
	one_free(&o);
	return rc;
}

int eval_review(app_ctx_t *c, const char *person_code, const period_month_t *m,
		const char *as_code, const eval_scores_t *sc, int64_t expect_version,
		eval_outcome_t *out, err_t *e)
{
	memset(out, 0, sizeof *out);
	actor_t a;
	int rc = actor_resolve(c, as_code, &a, e);
	if (rc)
		return rc;
	one_t o;
	sheet_t nw, in;
	memset(&nw, 0, sizeof nw);
	memset(&in, 0, sizeof in);
	buf_t note;
	buf_init(&note, sizeof out->note - 1);
	/* read and computed before the write transaction, as in eval_self */
	if ((rc = one_load(c, person_code, m, 0, &o, e)))
		goto fail;
	if (!a.admin && (!o.row.reviewer_id || a.person != o.row.reviewer_id)) {
		if (o.row.reviewer_id)
			rc = err_set(e, ERR_FORBIDDEN,
				     "Chỉ người nhận xét, đánh giá của %s là %s (%s) được nhận xét; «%s» "
				     "không có quyền",
				     o.row.person_code, o.row.reviewer_name, o.row.reviewer_code, a.code);
		else
			rc = err_set(e, ERR_FORBIDDEN,
				     "Bản đánh giá của %s không có người nhận xét trong hệ thống; chỉ quản "
				     "trị viên được nhập thay",
				     o.row.person_code);
		goto fail;
	}
	if ((rc = check_state(&o, 1u << PERIOD_ST_SELF | 1u << PERIOD_ST_REVIEWED, "nhận xét",
			      e)) ||
	    (rc = check_version(&o, expect_version, e)))
		goto fail;
	const fwinfo_t *fi = o.fi;
	/* the reviewer's scores, then keep only those that differ */
	sheet_init(&in, fi->ncrit);
	if ((rc = take_scores(fi, sc, &o.in, in.rev, in.hr, in.rreason, &note, e)))
		goto fail;
	sheet_init(&nw, fi->ncrit);
	for (size_t i = 0; i < fi->ncrit; i++) {
		nw.self[i] = o.sh.self[i];
		nw.hs[i] = o.sh.hs[i];
		if (!in.hr[i])
			continue;
		int32_t base = o.sh.hs[i] ? o.sh.self[i] : 0;
		if (in.rev[i] == base)
			continue;
		if (empty(in.rreason[i])) {
			char x[24], y[24];
			rc = err_set(e, ERR_INVALID,
				     "Tiêu chí «%s»: điểm nhận xét %s khác điểm tự đánh giá %s; cần ghi "
				     "lý do (cột «Lý do»)",
				     fi->crit[i]->code, fmt_pts(in.rev[i], x), fmt_pts(base, y));
			goto fail;
		}
		nw.rev[i] = in.rev[i];
		nw.hr[i] = 1;
		nw.rreason[i] = xstrdup(in.rreason[i]);
		out->changed++;
	}
	sheet_overlay(&nw, 0);
	score_result_t res;
	if ((rc = sheet_total(fi, &nw, nw.cur, nw.hc, &res, e)))
		goto fail;
	if ((rc = sheet_compute(fi, &nw, &o.in, &note, e)) ||
	    (rc = sheet_total(fi, &nw, nw.cur, nw.hc, &res, e)))
		goto fail;

	char now[32], today[11];
	app_now(now);
	app_today(today);
	period_due(c, o.row.unit_id, &o.m, "deadline.review", 8, out->due);
	int late = is_late(today, out->due);
	if ((rc = db_begin(c->db, e)))
		goto out;
	if ((rc = delete_scores(c, o.row.id, "review", e)))
		goto fail;
	for (size_t i = 0; i < fi->ncrit; i++)
		if (nw.hr[i] && (rc = insert_score(c, o.row.id, "review", fi->crit[i]->code,
						   nw.rev[i], nw.rreason[i], e)))
			goto fail;
	db_stmt_t *s = db_stmt(c->db, STMT_EVAL_SET_REVIEW, e);
	if (!s) {
		rc = dberr(e);
		goto fail;
	}
	db_bind_int(s, 1, o.row.id);
	db_bind_int(s, 2, o.row.version);
	db_bind_int(s, 3, res.total);
	db_bind_text(s, 4, now, -1);
	db_bind_int(s, 5, late ? 2 : 0);
	if (db_exec(s, e)) {
		rc = dberr(e);
		goto fail;
	}
	char why[64];
	snprintf(why, sizeof why, "%d tiêu chí được điều chỉnh", out->changed);
	if ((rc = updated_one(c, e)) ||
	    (rc = insert_step(c, o.row.id, o.row.version + 1, "review", &a, now, out->due, late,
			      out->changed ? why : NULL, e)))
		goto fail;
	eval_row_t after = o.row;
	after.status = (char *)"reviewed";
	after.has_review = 1;
	after.review_total = res.total;
	after.version++;
	if ((rc = audit_one(c, "eval.review", &o.row, fi, &o.sh, &after, &nw, NULL, NULL, e)))
		goto fail;
	if ((rc = db_commit(c->db, e)))
		goto out;
	out->total = res.total;
	snprintf(out->status, sizeof out->status, "reviewed");
	out->late = late;
	for (size_t i = 0; i < fi->ncrit; i++)
		out->computed += nw.computed[i];
	snprintf(out->note, sizeof out->note, "%s", buf_cstr(&note));
	goto out;
fail:
	db_rollback(c->db);
out:
	sheet_free(&nw);
	sheet_free(&in);
	buf_free(&note);
	one_free(&o);
	return rc;
}

/* ---- the month in memory (decision lists) ------------------------------------------ */

typedef struct mrow {
	int64_t id, person, unit, fw, reviewer, decider, version;
	int is_leader, st, late, top_granted, candidate, grade_band;
	int has_self, has_review, has_final;
	int32_t self_total, review_total, final_total;
	char *group, *code, *name, *unit_code, *objection_until, *category;
	/* working fields */
	int in_set, fixed, done, graded;
	int32_t total;
	int band;
	char *disq_reason;
	int32_t *cvals; /* computed criteria (flattened), NULL when none */
	unsigned char *cmask;
} mrow_t;

typedef struct month {
	mrow_t *v;
	size_t n, cap;
	/* evaluation id → row: a direct table over the month's ids when they
	 * are about contiguous (a month is opened in one go), else a map */
	size_t *dense;
	int64_t lo;
	size_t ndense;
	imap_t byid;
	period_month_t m;
	arena_t ar; /* the rows' strings */
} month_t;

/* The row of evaluation id in mo->v, or def when it is not the month's. */
static size_t month_index(const month_t *mo, int64_t id, size_t def)
{
	if (mo->dense) {
		if (id < mo->lo || (uint64_t)(id - mo->lo) >= mo->ndense ||
		    mo->dense[id - mo->lo] == SIZE_MAX)
			return def;
		return mo->dense[id - mo->lo];
	}
	int64_t i;
	return imap_get(&mo->byid, id, &i) ? (size_t)i : def;
}

static void month_free(month_t *mo)
{
	for (size_t i = 0; i < mo->n; i++) {
		free(mo->v[i].cvals);
		free(mo->v[i].cmask);
	}
	free(mo->v);
	free(mo->dense);
	imap_free(&mo->byid);
	arena_free(&mo->ar);
	memset(mo, 0, sizeof *mo);
}

static int month_load(app_ctx_t *c, const period_month_t *m, month_t *mo, err_t *e)
{
	memset(mo, 0, sizeof *mo);
	mo->m = *m;
	arena_init(&mo->ar);
	db_stmt_t *s = db_stmt(c->db, STMT_EVAL_BRIEF_MONTH, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, m->year);
	db_bind_int(s, 2, m->month);
	int r;
	while ((r = db_step(s, e)) == DB_ROW) {
		xgrow((void **)&mo->v, &mo->cap, mo->n + 1, sizeof *mo->v);
		mrow_t *x = &mo->v[mo->n++];
		memset(x, 0, sizeof *x);
		x->id = db_col_int(s, 0);
		x->person = db_col_int(s, 1);
		x->unit = db_col_int(s, 2);
		x->fw = db_col_int(s, 3);
		x->is_leader = (int)db_col_int(s, 4);
		x->reviewer = db_col_is_null(s, 5) ? 0 : db_col_int(s, 5);
		x->decider = db_col_is_null(s, 6) ? 0 : db_col_int(s, 6);
		x->st = period_status_index(db_col_text(s, 7));
		x->version = db_col_int(s, 8);
		x->has_self = !db_col_is_null(s, 9);
		x->self_total = (int32_t)db_col_int(s, 9);
		x->has_review = !db_col_is_null(s, 10);
		x->review_total = (int32_t)db_col_int(s, 10);
		x->has_final = !db_col_is_null(s, 11);
		x->final_total = (int32_t)db_col_int(s, 11);
		x->grade_band = db_col_is_null(s, 12) ? -1 : (int)db_col_int(s, 12);
		x->top_granted = (int)db_col_int(s, 13);
		x->candidate = (int)db_col_int(s, 14);
		x->group = arena_strdup(&mo->ar, db_col_text(s, 15));
		x->late = (int)db_col_int(s, 16);
		x->objection_until = arena_strdup(&mo->ar, db_col_text(s, 17));
		x->category = arena_strdup(&mo->ar, db_col_text(s, 18));
	}
	if (r < 0)
		return dberr(e);
	int64_t lo = mo->n ? mo->v[0].id : 0, hi = lo;
	for (size_t i = 1; i < mo->n; i++) {
		lo = mo->v[i].id < lo ? mo->v[i].id : lo;
		hi = mo->v[i].id > hi ? mo->v[i].id : hi;
	}
	if (mo->n && (uint64_t)(hi - lo) < mo->n * 4 + 64) {
		mo->lo = lo;
		mo->ndense = (size_t)(hi - lo) + 1;
		mo->dense = xmalloc(mo->ndense * sizeof *mo->dense);
		memset(mo->dense, 0xff, mo->ndense * sizeof *mo->dense); /* SIZE_MAX: none */
		for (size_t i = 0; i < mo->n; i++)
			mo->dense[mo->v[i].id - lo] = i;
	} else {
		imap_init(&mo->byid, mo->n);
		for (size_t i = 0; i < mo->n; i++)
			imap_put(&mo->byid, mo->v[i].id, (int64_t)i);
	}
	return 0;
}

/* Fills the person code, name and unit code of row r (looked up once). */
static void row_names(app_ctx_t *c, month_t *mo, mrow_t *r)
{
	if (r->code)
		return;
	db_stmt_t *s = db_stmt(c->db, STMT_PERSON_BY_ID_BRIEF, NULL);
	if (s) {
		db_bind_int(s, 1, r->person);
		if (db_step(s, NULL) == DB_ROW) {
			r->code = arena_strdup(&mo->ar, db_col_text(s, 0));
			r->name = arena_strdup(&mo->ar, db_col_text(s, 1));
		}
		db_reset(s);
	}
	if ((s = db_stmt(c->db, STMT_EVAL_UNIT_CODE, NULL))) {
		db_bind_int(s, 1, r->unit);
		if (db_step(s, NULL) == DB_ROW)
			r->unit_code = arena_strdup(&mo->ar, db_col_text(s, 0));
		db_reset(s);
	}
	if (!r->code)
		r->code = arena_strdup(&mo->ar, "?");
	if (!r->name)
		r->name = arena_strdup(&mo->ar, "?");
}

/* Names every row of the lists (when the lists are to be shown). */
static void month_names(app_ctx_t *c, month_t *mo)
{
	for (size_t i = 0; i < mo->n; i++)
		if (mo->v[i].in_set)
			row_names(c, mo, &mo->v[i]);
}

/* Marks the decision lists: the deciders of the evaluations in unit_code's
 * subtree (only a->person when not the administrator). Returns the number
 * of rows in the lists; ERR_FORBIDDEN when a is nobody's decider there. */
static int month_select(app_ctx_t *c, month_t *mo, const char *unit_code, const actor_t *a,
			long *nsel, err_t *e)
{
	*nsel = 0;
	int64_t *scope = NULL;
	size_t nscope = 0;
	int rc = period_scope_codes(c, unit_code, &mo->m, &scope, &nscope, e);
	if (rc)
		return rc;
	imap_t dec;
	imap_init(&dec, 64);
	long in_scope = 0;
	for (size_t i = 0; i < mo->n; i++) {
		if (!period_in_scope(scope, nscope, mo->v[i].unit))
			continue;
		in_scope++;
		if (a->admin || mo->v[i].decider == a->person)
			imap_put(&dec, mo->v[i].decider, 1);
	}
	free(scope);
	if (!in_scope) {
		imap_free(&dec);
		return err_set(e, ERR_NOT_FOUND,
			       "Đơn vị «%s» chưa có bản đánh giá nào tháng %02d/%04d (chưa mở kỳ đánh "
			       "giá: canbo period open %s --month %02d/%04d)",
			       unit_code, mo->m.month, mo->m.year, unit_code, mo->m.month, mo->m.year);
	}
	if (!dec.n) {
		imap_free(&dec);
		return err_set(e, ERR_FORBIDDEN,
			       "«%s» không phải người quyết định xếp loại của bản đánh giá nào tại đơn "
			       "vị «%s» tháng %02d/%04d",
			       a->code, unit_code, mo->m.month, mo->m.year);
	}
	for (size_t i = 0; i < mo->n; i++)
		if (imap_get(&dec, mo->v[i].decider, NULL)) {
			mo->v[i].in_set = 1;
			(*nsel)++;
		}
	imap_free(&dec);
	return 0;
}

/* Disqualifier facts per person for the year up to the end of the month:
 * bit 1 disciplined (reprimand or heavier, decided), bit 2 degradation
 * concluded, bit 4 corruption or waste handled in the leader's unit. */
enum { DQ_DISCIPLINE = 1, DQ_DEGRADED = 2, DQ_CORRUPTION = 4 };

static const struct {
	unsigned bit;
	const char *code;
} dq_codes[] = {
    {DQ_DISCIPLINE, "KY_LUAT"},
    {DQ_DEGRADED, "SUY_THOAI"},
    {DQ_CORRUPTION, "THAM_NHUNG_DON_VI"},
};

static int load_disq(app_ctx_t *c, int year, const char *until, imap_t *out, err_t *e)
{
	char from[11];
	snprintf(from, sizeof from, "%04d-01-01", year);
	imap_init(out, 64);
	db_stmt_t *s = db_stmt(c->db, STMT_DISCIPLINE_DURING, e);
	if (!s)
		return dberr(e);
	db_bind_text(s, 1, from, -1);
	db_bind_text(s, 2, until, -1);
	int r;
	while ((r = db_step(s, e)) == DB_ROW) {
		if (db_col_int(s, 3))
			continue; /* pending: not yet disciplined */
		int64_t p = db_col_int(s, 0);
		imap_put(out, p, imap_get_or(out, p, 0) | DQ_DISCIPLINE);
	}
	if (r < 0)
		return dberr(e);
	if (!(s = db_stmt(c->db, STMT_FLAGS_DURING, e)))
		return dberr(e);
	db_bind_text(s, 1, from, -1);
	db_bind_text(s, 2, until, -1);
	while ((r = db_step(s, e)) == DB_ROW) {
		const char *kind = db_col_text(s, 1), *vf = db_col_text(s, 2);
		unsigned bit = strcmp(kind, "degraded") == 0          ? DQ_DEGRADED
			       : strcmp(kind, "unit_corruption") == 0 ? DQ_CORRUPTION
								      : 0;
		/* concluded in the year: the flag starts in it */
		if (!bit || strcmp(vf, from) < 0)
			continue;
		int64_t p = db_col_int(s, 0);
		imap_put(out, p, imap_get_or(out, p, 0) | bit);
	}
	return r < 0 ? dberr(e) : 0;
}

/* Grades total for a person with disqualifier facts mask under fi. */
static int grade_with(const fwinfo_t *fi, int32_t total, unsigned mask, int is_leader,
		      score_grade_t *g, err_t *e)
{
	const char *codes[8];
	size_t n = 0;
	for (size_t k = 0; k < sizeof dq_codes / sizeof dq_codes[0]; k++) {
		if (!(mask & dq_codes[k].bit))
			continue;
		for (size_t d = 0; d < fi->fw->ndisq; d++)
			if (strcmp(fi->fw->disq[d].code, dq_codes[k].code) == 0 &&
			    (!fi->fw->disq[d].leaders_only || is_leader))
				codes[n++] = dq_codes[k].code;
	}
	return score_grade(fi->fw, total, codes, n, is_leader, g, e);
}

/* Tasks of the month's evaluations, grouped by evaluation, and the tasks
 * each person assigned (for the leader's organising part). */
typedef struct mtasks {
	workprod_item_t *items;
	int64_t *eval;
	size_t n, cap;
	imap_t first;   /* evaluation id → index of its first item */
	imap_t planned; /* assigner id → planned * 2^32 + done ok */
} mtasks_t;

static void mtasks_free(mtasks_t *t)
{
	free(t->items);
	free(t->eval);
	imap_free(&t->first);
	imap_free(&t->planned);
}

static int mtasks_load(app_ctx_t *c, const month_t *mo, mtasks_t *t, err_t *e)
{
	memset(t, 0, sizeof *t);
	imap_init(&t->first, 16);
	imap_init(&t->planned, 16);
	if (!mo->n)
		return 0;
	int64_t lo = mo->v[0].id, hi = mo->v[0].id;
	for (size_t i = 1; i < mo->n; i++) {
		lo = mo->v[i].id < lo ? mo->v[i].id : lo;
		hi = mo->v[i].id > hi ? mo->v[i].id : hi;
	}
	db_stmt_t *s = db_stmt(c->db, STMT_TASKS_RANGE, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, lo);
	db_bind_int(s, 2, hi);
	int r;
	size_t capeval = 0;
	while ((r = db_step(s, e)) == DB_ROW) {
		int64_t ev = db_col_int(s, 1);
		if (month_index(mo, ev, SIZE_MAX) == SIZE_MAX)
			continue; /* an evaluation of another month in the id range */
		xgrow((void **)&t->items, &t->cap, t->n + 1, sizeof *t->items);
		xgrow((void **)&t->eval, &capeval, t->n + 1, sizeof *t->eval);
		item_from_row(s, &t->items[t->n]);
		t->eval[t->n] = ev;
		if (!imap_get(&t->first, ev, NULL))
			imap_put(&t->first, ev, (int64_t)t->n);
		if (!db_col_is_null(s, 13)) {
			int64_t by = db_col_int(s, 13), v = imap_get_or(&t->planned, by, 0);
			const workprod_item_t *it = &t->items[t->n];
			int ok = it->completed && it->passed && it->delays - it->delays_waived == 0;
			imap_put(&t->planned, by, v + ((int64_t)1 << 32) + ok);
		}
		t->n++;
	}
	return r < 0 ? dberr(e) : 0;
}

static const workprod_item_t *mtasks_of(const mtasks_t *t, int64_t ev, size_t *n)
{
	int64_t i;
	*n = 0;
	if (!imap_get(&t->first, ev, &i))
		return NULL;
	size_t k = (size_t)i;
	while (k + *n < t->n && t->eval[k + *n] == ev)
		(*n)++;
	return &t->items[k];
}

/* The band of a row outside the computation (not in the lists, or fixed):
 * its decided grade, else the band of its latest total; -1 when unknown. */
static int row_band(app_ctx_t *c, fwcache_t *fc, const mrow_t *r, err_t *e)
{
	if (r->graded)
		return r->band;
	if (r->st >= PERIOD_ST_DECIDED && r->grade_band >= 0)
		return r->grade_band;
	if (r->st < PERIOD_ST_SELF)
		return -1;
	const fwinfo_t *fi = fwc_get(c, fc, r->fw, e);
	if (!fi)
		return -2;
	return band_of(fi->fw, r->st >= PERIOD_ST_REVIEWED && r->has_review ? r->review_total
									       : r->self_total);
}

/* Computes the final total and the grade before the quota of every row in
 * the lists (leaders after the people they review). */
static int month_compute(app_ctx_t *c, month_t *mo, fwcache_t *fc, err_t *e)
{
	mtasks_t tk;
	imap_t disq, subs_first;
	int rc = mtasks_load(c, mo, &tk, e);
	imap_init(&disq, 0);
	imap_init(&subs_first, mo->n / 4 + 16);
	size_t *next = xcalloc(mo->n + 1, sizeof *next);
	if (rc)
		goto out;
	if ((rc = load_disq(c, mo->m.year, mo->m.ends, &disq, e)))
		goto out;
	/* who reviews whom: reviewer → chain of rows */
	for (size_t i = mo->n; i-- > 0;) {
		mrow_t *r = &mo->v[i];
		if (!r->reviewer || r->reviewer == r->person)
			continue;
		int64_t head;
		next[i] = imap_get(&subs_first, r->reviewer, &head) ? (size_t)head + 1 : 0;
		imap_put(&subs_first, r->reviewer, (int64_t)i);
	}
	/* fixed rows keep their decision */
	for (size_t i = 0; i < mo->n; i++) {
		mrow_t *r = &mo->v[i];
		if (!r->in_set || r->st < PERIOD_ST_REVIEWED)
			continue;
		if (r->st >= PERIOD_ST_PUBLISHED) {
			const fwinfo_t *fi = fwc_get(c, fc, r->fw, e);
			if (!fi) {
				rc = dberr(e);
				goto out;
			}
			r->fixed = r->done = r->graded = 1;
			r->total = r->final_total;
			r->band = r->candidate ? fi->fw->quota.top_band : r->grade_band;
		}
	}
	int pending_leaders = 1;
	for (int pass = 0; pass < 32 && pending_leaders; pass++) {
		pending_leaders = 0;
		int progress = 0;
		for (size_t i = 0; i < mo->n; i++) {
			mrow_t *r = &mo->v[i];
			if (!r->in_set || r->done || r->st < PERIOD_ST_REVIEWED)
				continue;
			const fwinfo_t *fi = fwc_get(c, fc, r->fw, e);
			if (!fi) {
				rc = dberr(e);
				goto out;
			}
			calc_in_t in = {0};
			in.items = mtasks_of(&tk, r->id, &in.nitems);
			in.leader = leader_applies(fi, r->is_leader);
			if (in.leader) {
				/* wait (a few passes) for the people this leader reviews */
				int ready = 1;
				int64_t h;
				size_t k = imap_get(&subs_first, r->person, &h) ? (size_t)h + 1 : 0;
				for (; k; k = next[k - 1]) {
					const mrow_t *sub = &mo->v[k - 1];
					if (sub->in_set && !sub->done && sub->st >= PERIOD_ST_REVIEWED)
						ready = 0;
				}
				if (!ready && pass < 31) {
					pending_leaders = 1;
					continue;
				}
				k = imap_get(&subs_first, r->person, &h) ? (size_t)h + 1 : 0;
				for (; k; k = next[k - 1]) {
					const mrow_t *sub = &mo->v[k - 1];
					int b = row_band(c, fc, sub, e);
					if (b == -2) {
						rc = dberr(e);
						goto out;
					}
					if (b < 0)
						continue;
					const fwinfo_t *sfi = fwc_get(c, fc, sub->fw, e);
					if (!sfi) {
						rc = dberr(e);
						goto out;
					}
					in.lin.subordinates++;
					in.lin.subordinates_kht += b == (int)sfi->fw->nbands - 1;
				}
				int64_t pl = imap_get_or(&tk.planned, r->person, 0);
				in.lin.planned_tasks = (int)(pl >> 32);
				in.lin.planned_done_ok = (int)(pl & 0xffffffff);
				fi = fwc_get(c, fc, r->fw, e); /* the cache may have moved */
			}
			if (in.nitems || in.leader) {
				sheet_t sh;
				if ((rc = sheet_load(c, fi, r->id, 0, &sh, e))) {
					sheet_free(&sh);
					goto out;
				}
				sheet_overlay(&sh, 0);
				score_result_t res;
				err_t ce = {0};
				if (sheet_compute(fi, &sh, &in, NULL, &ce) ||
				    sheet_total(fi, &sh, sh.cur, sh.hc, &res, &ce)) {
					row_names(c, mo, r);
					rc = err_set(e, ce.code ? ce.code : ERR_INVALID,
						     "Bản đánh giá của %s (%s): %s", r->name, r->code,
						     ce.msg);
					sheet_free(&sh);
					goto out;
				}
				r->total = res.total;
				r->cvals = xcalloc(fi->ncrit + 1, sizeof *r->cvals);
				r->cmask = xcalloc(fi->ncrit + 1, 1);
				for (size_t k = 0; k < fi->ncrit; k++)
					if (sh.computed[k]) {
						r->cvals[k] = sh.cur[k];
						r->cmask[k] = 1;
					}
				sheet_free(&sh);
			} else {
				r->total = r->has_review ? r->review_total : r->self_total;
			}
			score_grade_t g;
			err_t ge = {0};
			if (grade_with(fi, r->total, (unsigned)imap_get_or(&disq, r->person, 0),
				       r->is_leader, &g, &ge)) {
				row_names(c, mo, r);
				rc = err_set(e, ge.code, "Bản đánh giá của %s (%s): %s", r->name, r->code,
					     ge.msg);
				goto out;
			}
			r->band = (int)g.band;
			r->disq_reason = g.reason ? arena_strdup(&mo->ar, g.reason) : NULL;
			r->done = r->graded = 1;
			progress = 1;
		}
		(void)progress;
	}
out:
	mtasks_free(&tk);
	imap_free(&disq);
	imap_free(&subs_first);
	free(next);
	return rc;
}

/* ---- pools: proposal and decision ------------------------------------------------ */

void eval_pools_free(eval_pools_t *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		eval_pool_t *x = &p->v[i];
		free(x->v);
		for (size_t k = 0; k < x->nties; k++) {
			free(x->ties[k].members);
			free(x->ties[k].group);
		}
		free(x->ties);
		free(x->decider_code);
		free(x->decider_name);
		free(x->fw_code);
		free(x->fw_name);
		free(x->top_code);
		free(x->next_code);
	}
	free(p->v);
	if (p->arena) {
		arena_free(p->arena);
		free(p->arena);
	}
	memset(p, 0, sizeof *p);
}

typedef struct sortkey {
	int64_t decider, fw;
	int32_t total;
	const char *name;
	size_t idx;
} sortkey_t;

static int cmp_sortkey(const void *a, const void *b)
{
	const sortkey_t *x = a, *y = b;
	if (x->decider != y->decider)
		return x->decider < y->decider ? -1 : 1;
	if (x->fw != y->fw)
		return x->fw < y->fw ? -1 : 1;
	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/* Fills the person's decided grade from band and the grant. */
static void person_grade(const framework_t *fw, const mrow_t *r, eval_pool_person_t *p,
			 arena_t *ar)
{
	int top = fw->quota.top_band, nxt = fw->quota.next_band;
	int band = p->band;
	p->reason = NULL;
	if (fw->quota.kind != FRAMEWORK_QUOTA_NONE && band == top && !p->granted) {
		band = nxt;
		char buf[400];
		snprintf(buf, sizeof buf,
			 "Đủ điểm xếp loại %s nhưng ngoài hạn mức của đơn vị: xếp loại %s",
			 fw->bands[top].code, fw->bands[nxt].code);
		p->reason = arena_strdup(ar, buf);
	} else if (r->disq_reason) {
		p->reason = arena_strdup(ar, r->disq_reason);
	}
	p->grade_code = arena_strdup(ar, fw->bands[band].code);
	p->grade_label = arena_strdup(ar, fw->bands[band].label);
}

/* Builds the pools of the rows in the lists that are ready (reviewed or
 * later) and runs quota_propose() on each. */
static int build_pools(app_ctx_t *c, month_t *mo, fwcache_t *fc, int outstanding,
		       eval_pools_t *out, err_t *e)
{
	if (!out->arena) {
		out->arena = xmalloc(sizeof *out->arena);
		arena_init(out->arena);
	}
	sortkey_t *keys = xcalloc(mo->n + 1, sizeof *keys);
	size_t nk = 0;
	for (size_t i = 0; i < mo->n; i++) {
		mrow_t *r = &mo->v[i];
		if (!r->in_set)
			continue;
		if (r->st < PERIOD_ST_REVIEWED) {
			out->not_ready++;
			continue;
		}
		keys[nk++] = (sortkey_t){r->decider, r->fw, r->total, r->name, i};
	}
	qsort(keys, nk, sizeof *keys, cmp_sortkey);
	int rc = 0;
	quota_person_t *qp = xcalloc(nk + 1, sizeof *qp);
	char **groups = xcalloc(nk + 1, sizeof *groups);
	for (size_t i = 0; i < nk;) {
		size_t j = i;
		while (j < nk && keys[j].decider == keys[i].decider && keys[j].fw == keys[i].fw)
			j++;
		const fwinfo_t *fi = fwc_get(c, fc, keys[i].fw, e);
		if (!fi) {
			rc = dberr(e);
			break;
		}
		const framework_t *fw = fi->fw;
		xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
		eval_pool_t *pl = &out->v[out->n++];
		memset(pl, 0, sizeof *pl);
		pl->decider_id = keys[i].decider;
		pl->fw_id = keys[i].fw;
		pl->fw_code = xstrdup(fw->code);
		pl->fw_name = xstrdup(fw->name);
		pl->top_code = xstrdup(fw->bands[fw->quota.top_band].code);
		pl->top_band = fw->quota.top_band;
		pl->quota_kind = (int)fw->quota.kind;
		pl->next_code = xstrdup(fw->bands[fw->quota.next_band].code);
		pl->n = pl->cap = j - i;
		pl->v = xcalloc(pl->n, sizeof *pl->v);
		size_t ngroups = 0;
		for (size_t k = 0; k < pl->n; k++) {
			const mrow_t *r = &mo->v[keys[i + k].idx];
			eval_pool_person_t *p = &pl->v[k];
			p->eval_id = r->id;
			p->person_id = r->person;
			p->code = arena_strdup(out->arena, r->code);
			p->name = arena_strdup(out->arena, r->name);
			p->group = arena_strdup(out->arena, r->group);
			p->unit_code = arena_strdup(out->arena, r->unit_code);
			p->score = r->total;
			p->band = r->band;
			p->disq_reason = arena_strdup(out->arena, r->disq_reason);
			p->fixed = r->fixed;
			p->granted = r->fixed ? r->top_granted : 0;
			size_t g = 0;
			const char *gname = r->group ? r->group : "";
			while (g < ngroups && strcmp(groups[g], gname) != 0)
				g++;
			if (g == ngroups)
				groups[ngroups++] = (char *)gname;
			qp[k] = (quota_person_t){(int64_t)k, r->total, r->band, (int64_t)g, p->granted};
			out->people++;
		}
		quota_proposal_t prop;
		memset(&prop, 0, sizeof prop);
		if ((rc = quota_propose(&fw->quota, qp, pl->n, outstanding, &prop, e))) {
			quota_proposal_free(&prop);
			break;
		}
		pl->limit = prop.limit;
		for (size_t k = 0; k < pl->n; k++)
			pl->v[k].status = prop.status[k];
		pl->nties = prop.nties;
		pl->ties = xcalloc(prop.nties + 1, sizeof *pl->ties);
		for (size_t t = 0; t < prop.nties; t++) {
			eval_tie_t *x = &pl->ties[t];
			x->score = prop.ties[t].score;
			x->in_group = prop.ties[t].in_group;
			x->group = x->in_group ? xstrdup(groups[prop.ties[t].group]) : NULL;
			x->choose = prop.ties[t].choose;
			x->nmembers = prop.ties[t].nmembers;
			x->members = xcalloc(x->nmembers + 1, sizeof *x->members);
			memcpy(x->members, prop.ties[t].members, x->nmembers * sizeof *x->members);
		}
		quota_proposal_free(&prop);
		for (size_t k = 0; k < pl->n; k++) {
			eval_pool_person_t *p = &pl->v[k];
			if (!p->fixed)
				p->granted = p->status == QUOTA_GRANTED;
			pl->granted += p->granted;
			person_grade(fw, &mo->v[keys[i + k].idx], p, out->arena);
		}
		i = j;
	}
	free(groups);
	free(qp);
	free(keys);
	return rc;
}

/* Names the deciders of the pools. */
static void name_deciders(app_ctx_t *c, eval_pools_t *out)
{
	for (size_t i = 0; i < out->n; i++) {
		eval_pool_t *pl = &out->v[i];
		if (!pl->decider_id) {
			pl->decider_code = xstrdup("");
			pl->decider_name = xstrdup("(không có người quyết định trong hệ thống)");
			continue;
		}
		db_stmt_t *s = db_stmt(c->db, STMT_PERSON_BY_ID_BRIEF, NULL);
		if (s) {
			db_bind_int(s, 1, pl->decider_id);
			if (db_step(s, NULL) == DB_ROW) {
				pl->decider_code = col_dup(s, 0);
				pl->decider_name = col_dup(s, 1);
			}
			db_reset(s);
		}
		if (!pl->decider_code)
			pl->decider_code = xstrdup("?");
		if (!pl->decider_name)
			pl->decider_name = xstrdup("?");
	}
}

int eval_propose(app_ctx_t *c, const char *unit_code, const period_month_t *m,
		 const char *as_code, int outstanding, eval_pools_t *out, err_t *e)
{
	memset(out, 0, sizeof *out);
	actor_t a;
	int rc = actor_resolve(c, as_code, &a, e);
	if (rc)
		return rc;
	month_t mo;
	fwcache_t fc = {0};
	long nsel;
	rc = month_load(c, m, &mo, e);
	if (!rc)
		rc = month_select(c, &mo, unit_code, &a, &nsel, e);
	if (!rc) {
		month_names(c, &mo);
		rc = month_compute(c, &mo, &fc, e);
	}
	if (!rc)
		rc = build_pools(c, &mo, &fc, outstanding, out, e);
	if (rc)
		eval_pools_free(out);
	else
		name_deciders(c, out);
	month_free(&mo);
	fwc_free(&fc);
	return rc;
}

/* Due dates per unit (settings looked up once per unit). When no unit has
 * the key set, every unit gets the system-wide value: it is looked up once
 * (a province has thousands of units and the lookup walks up the tree). */
typedef struct duecache {
	imap_t idx;
	char (*due)[11];
	size_t n, cap;
	int uniform; /* 0 unknown, 1 the same for every unit, -1 set per unit */
	char one[11];
} duecache_t;

static const char *due_for(app_ctx_t *c, duecache_t *d, int64_t unit, const period_month_t *m,
			   const char *key, int64_t def)
{
	if (!d->uniform) {
		d->uniform = -1;
		db_stmt_t *s = db_stmt(c->db, STMT_EVAL_SETTING_PER_UNIT, NULL);
		if (s) {
			db_bind_text(s, 1, key, -1);
			int st = db_step(s, NULL);
			db_reset(s);
			if (st == DB_DONE) {
				d->uniform = 1;
				period_due(c, unit, m, key, def, d->one);
			}
		}
	}
	if (d->uniform > 0)
		return d->one;
	int64_t i;
	if (!imap_get(&d->idx, unit, &i)) {
		xgrow((void **)&d->due, &d->cap, d->n + 1, sizeof *d->due);
		period_due(c, unit, m, key, def, d->due[d->n]);
		i = (int64_t)d->n++;
		imap_put(&d->idx, unit, i);
	}
	return d->due[i];
}

static void duecache_free(duecache_t *d)
{
	imap_free(&d->idx);
	free(d->due);
}

static eval_pool_person_t *find_in_pools(eval_pools_t *p, int64_t person, eval_pool_t **pool)
{
	for (size_t i = 0; i < p->n; i++)
		for (size_t k = 0; k < p->v[i].n; k++)
			if (p->v[i].v[k].person_id == person) {
				if (pool)
					*pool = &p->v[i];
				return &p->v[i].v[k];
			}
	return NULL;
}

/* Refuses a decision when some evaluations of the lists are not reviewed. */
static int check_ready(app_ctx_t *c, month_t *mo, err_t *e)
{
	long n = 0;
	buf_t who;
	buf_init(&who, 4096);
	for (size_t i = 0; i < mo->n; i++) {
		mrow_t *r = &mo->v[i];
		if (!r->in_set || r->st >= PERIOD_ST_REVIEWED)
			continue;
		if (n < 5)
			row_names(c, mo, r);
		if (n < 5)
			buf_printf(&who, "%s%s (%s, %s)", n ? "; " : "", r->name, r->code,
				   period_status_label(r->st == PERIOD_ST_PENDING ? "pending"
										 : "self_assessed"));
		n++;
	}
	int rc = 0;
	if (n)
		rc = err_set(e, ERR_CONFLICT,
			     "Chưa thể quyết định: %ld bản đánh giá trong danh sách chưa được nhận xét: "
			     "%s%s",
			     n, buf_cstr(&who), n > 5 ? "; …" : "");
	buf_free(&who);
	return rc;
}

static void write_tie(app_ctx_t *c, month_t *mo, buf_t *b, eval_pool_t *pl, const eval_tie_t *t,
		      arena_t *ar)
{
	for (size_t k = 0; k < t->nmembers; k++) {
		eval_pool_person_t *p = &pl->v[t->members[k]];
		if (p->code)
			continue;
		mrow_t *r = &mo->v[month_index(mo, p->eval_id, 0)];
		row_names(c, mo, r);
		p->code = arena_strdup(ar, r->code);
		p->name = arena_strdup(ar, r->name);
	}
	char a[24];
	buf_printf(b, "\n  Danh sách của %s (%s, khung %s): %zu người cùng %s điểm", pl->decider_name,
		   pl->decider_code, pl->fw_code, t->nmembers, fmt_pts(t->score, a));
	if (t->in_group)
		buf_printf(b, " trong nhóm «%s»", t->group ? t->group : "");
	buf_puts(b, " — ");
	for (size_t k = 0; k < t->nmembers; k++) {
		const eval_pool_person_t *p = &pl->v[t->members[k]];
		buf_printf(b, "%s%s (%s)", k ? ", " : "", p->name, p->code);
	}
	buf_printf(b, " — chỉ được chọn %lld người xếp loại %s", (long long)t->choose, pl->top_code);
}

int eval_decide(app_ctx_t *c, const eval_decide_req_t *q, eval_pools_t *out, err_t *e)
{
	memset(out, 0, sizeof *out);
	actor_t a;
	int rc = actor_resolve(c, q->as_code, &a, e);
	if (rc)
		return rc;
	if ((q->ngrant || q->ndeny || q->ties_none || q->outstanding) && empty(q->reason))
		return err_set(e, ERR_INVALID,
			       "Cần ghi lý do (--reason) khi thủ trưởng chọn hoặc không chọn người được "
			       "xếp loại cao nhất, hoặc áp dụng tỷ lệ của đơn vị xuất sắc");
	month_t mo;
	memset(&mo, 0, sizeof mo);
	fwcache_t fc = {0};
	duecache_t dc;
	memset(&dc, 0, sizeof dc);
	imap_init(&dc.idx, 64);
	bulk_t bq;
	memset(&bq, 0, sizeof bq);
	buf_t msg, before, after;
	buf_init(&msg, 1 << 16);
	buf_init(&before, 1 << 24);
	buf_init(&after, 1 << 24);
	long nsel;
	if ((rc = db_begin(c->db, e)))
		goto out;
	db_cache_hint(c->db, BULK_CACHE_MB);
	if ((rc = month_load(c, q->m, &mo, e)) ||
	    (rc = month_select(c, &mo, q->unit_code, &a, &nsel, e)) || (rc = check_ready(c, &mo, e)))
		goto fail;
	if (!q->brief)
		month_names(c, &mo);
	if ((rc = month_compute(c, &mo, &fc, e)) ||
	    (rc = build_pools(c, &mo, &fc, q->outstanding, out, e)))
		goto fail;
	name_deciders(c, out);

	/* the head's choices */
	for (size_t i = 0; i < q->ngrant + q->ndeny; i++) {
		int grant = i < q->ngrant;
		const char *code = grant ? q->grant[i] : q->deny[i - q->ngrant];
		eval_pool_t *pl;
		err_t ie = {0};
		int64_t pid = person_id(c, code, &ie);
		eval_pool_person_t *p = pid ? find_in_pools(out, pid, &pl) : NULL;
		if (p && !p->code) {
			mrow_t *r = &mo.v[month_index(&mo, p->eval_id, 0)];
			row_names(c, &mo, r);
			p->code = arena_strdup(out->arena, r->code);
			p->name = arena_strdup(out->arena, r->name);
		}
		if (!p) {
			rc = err_set(e, ERR_INVALID,
				     "«%s» không có trong danh sách quyết định xếp loại tháng %02d/%04d "
				     "(của đơn vị %s%s%s)",
				     code, q->m->month, q->m->year, q->unit_code, a.admin ? "" : ", người quyết định ",
				     a.admin ? "" : a.code);
			goto fail;
		}
		if (p->fixed) {
			rc = err_set(e, ERR_CONFLICT,
				     "Kết quả của %s (%s) đã công khai hoặc đã khóa; muốn thay đổi phải mở "
				     "lại (eval reopen)",
				     p->name, p->code);
			goto fail;
		}
		if (grant && p->band != (int)pl->top_band) {
			char x[24];
			rc = err_set(e, ERR_INVALID,
				     "%s (%s) được %s điểm, không đủ điểm xếp loại %s nên không thể được "
				     "chọn",
				     p->name, p->code, fmt_pts(p->score, x), pl->top_code);
			goto fail;
		}
		p->granted = grant;
		p->named = 1;
	}
	/* ties left to the head */
	long unresolved = 0;
	for (size_t i = 0; i < out->n; i++) {
		eval_pool_t *pl = &out->v[i];
		for (size_t t = 0; t < pl->nties; t++) {
			eval_tie_t *x = &pl->ties[t];
			if (x->choose <= 0)
				continue;
			int any_named = 0, all_fixed = 1;
			for (size_t k = 0; k < x->nmembers; k++) {
				const eval_pool_person_t *p = &pl->v[x->members[k]];
				any_named |= p->named;
				all_fixed &= p->fixed;
			}
			if (any_named || all_fixed || q->ties_none)
				continue;
			if (!unresolved)
				buf_puts(&msg, "Có người đồng điểm ở ranh giới hạn mức; canbo không tự chọn, "
					       "thủ trưởng phải chọn:");
			write_tie(c, &mo, &msg, pl, x, out->arena);
			unresolved++;
		}
	}
	if (unresolved) {
		buf_puts(&msg, "\nHãy chọn người được xếp loại cao nhất và ghi lý do, hoặc ghi lý do không "
			       "chọn ai trong số người đồng điểm (dòng lệnh: --grant MÃ[,MÃ…] --reason "
			       "\"…\" hoặc --ties none --reason \"…\").");
		rc = err_set(e, ERR_CONFLICT, "%s", buf_cstr(&msg));
		goto fail;
	}
	/* the quota, per list */
	for (size_t i = 0; i < out->n; i++) {
		eval_pool_t *pl = &out->v[i];
		const fwinfo_t *fi = fwc_get(c, &fc, pl->fw_id, e);
		if (!fi) {
			rc = dberr(e);
			goto fail;
		}
		quota_person_t *qp = xcalloc(pl->n + 1, sizeof *qp);
		char **groups = xcalloc(pl->n + 1, sizeof *groups);
		size_t ng = 0;
		for (size_t k = 0; k < pl->n; k++) {
			const eval_pool_person_t *p = &pl->v[k];
			const char *gname = p->group ? p->group : "";
			size_t g = 0;
			while (g < ng && strcmp(groups[g], gname) != 0)
				g++;
			if (g == ng)
				groups[ng++] = (char *)gname;
			qp[k] = (quota_person_t){(int64_t)k, p->score, p->band, (int64_t)g, p->granted};
		}
		err_t qe = {0};
		int qr = quota_check(&fi->fw->quota, pl->top_code, pl->next_code, qp, pl->n,
				     q->outstanding, &qe);
		free(qp);
		free(groups);
		if (qr) {
			rc = err_set(e, qr, "Danh sách của %s (%s, khung %s): %s", pl->decider_name,
				     pl->decider_code, pl->fw_code, qe.msg);
			goto fail;
		}
		pl->granted = 0;
		for (size_t k = 0; k < pl->n; k++) {
			eval_pool_person_t *p = &pl->v[k];
			pl->granted += p->granted;
			const mrow_t *r = &mo.v[month_index(&mo, p->eval_id, 0)];
			person_grade(fi->fw, r, p, out->arena);
		}
	}

	/* write */
	char now[32], today[11], mt[8];
	app_now(now);
	app_today(today);
	period_month_text(q->m->year, q->m->month, mt);
	jw_t wb, wa;
	jw_init(&wb, &before);
	jw_init(&wa, &after);
	int detail = out->people <= 2000;
	jw_obj(&wb);
	jw_kstr(&wb, "unit", q->unit_code);
	jw_kstr(&wb, "month", mt);
	jw_obj(&wa);
	jw_kstr(&wa, "unit", q->unit_code);
	jw_kstr(&wa, "month", mt);
	if (q->reason)
		jw_kstr(&wa, "reason", q->reason);
	if (q->ties_none)
		jw_kint(&wa, "ties_none", 1);
	if (q->outstanding)
		jw_kint(&wa, "outstanding", 1);
	jw_key(&wa, "lists");
	jw_arr(&wa);
	if (detail) {
		jw_key(&wb, "evaluations");
		jw_arr(&wb);
	} else {
		jw_kint(&wb, "evaluations", out->people);
	}
	long changed = 0;
	for (size_t i = 0; i < out->n; i++) {
		eval_pool_t *pl = &out->v[i];
		const fwinfo_t *fi = fwc_get(c, &fc, pl->fw_id, e);
		if (!fi) {
			rc = dberr(e);
			goto fail;
		}
		const framework_t *fw = fi->fw;
		jw_obj(&wa);
		jw_kstr(&wa, "decider", pl->decider_code);
		jw_kstr(&wa, "framework", pl->fw_code);
		jw_kint(&wa, "people", (int64_t)pl->n);
		jw_kint(&wa, "top", pl->granted);
		jw_kint(&wa, "max_top", pl->limit.max_top == QUOTA_UNLIMITED ? -1 : pl->limit.max_top);
		if (detail) {
			jw_key(&wa, "grades");
			jw_obj(&wa);
		}
		for (size_t k = 0; k < pl->n; k++) {
			eval_pool_person_t *p = &pl->v[k];
			if (p->fixed)
				continue;
			mrow_t *r = &mo.v[month_index(&mo, p->eval_id, 0)];
			int top = fw->quota.top_band;
			int band = p->band == top && !p->granted && fw->quota.kind != FRAMEWORK_QUOTA_NONE
				       ? fw->quota.next_band
				       : p->band;
			int tie_member = 0;
			for (size_t t = 0; t < pl->nties; t++)
				for (size_t z = 0; z < pl->ties[t].nmembers; z++)
					tie_member |= pl->ties[t].members[z] == k;
			const char *dreason =
			    q->reason && (tie_member || p->named || q->outstanding) ? q->reason : NULL;
			if (detail) {
				row_names(c, &mo, r);
				jw_obj(&wb);
				jw_kstr(&wb, "person", r->code);
				jw_kstr(&wb, "status", status_code(r->st));
				if (r->grade_band >= 0)
					jw_kint(&wb, "band", r->grade_band);
				jw_obj_end(&wb);
				jw_kstr(&wa, r->code, p->grade_code);
			}
			/* final scores exist only after an earlier decision */
			if (r->st >= PERIOD_ST_DECIDED && (rc = delete_scores(c, r->id, "final", e)))
				goto fail;
			for (size_t z = 0; r->cmask && z < fi->ncrit; z++)
				if (r->cmask[z] &&
				    (rc = bulk_add_score(c, &bq, r->id, "final", fi->crit[z]->code,
							 r->cvals[z], "Tính tự động khi quyết định", e)))
					goto fail;
			const char *due = due_for(c, &dc, r->unit, q->m, "deadline.decide", 10);
			int late = is_late(today, due);
			db_stmt_t *s = bulk_update_row(c, &bq, STMT_EVAL_SET_DECISION, e);
			if (!s) {
				rc = dberr(e);
				goto fail;
			}
			db_bind_int(s, 1, r->id);
			db_bind_int(s, 2, r->version);
			db_bind_int(s, 3, p->score);
			db_bind_int(s, 4, p->band == top && fw->quota.kind != FRAMEWORK_QUOTA_NONE);
			db_bind_int(s, 5, p->granted && p->band == top);
			db_bind_int(s, 6, band);
			db_bind_text(s, 7, p->grade_code, -1);
			db_bind_text(s, 8, p->grade_label, -1);
			db_bind_text(s, 9, p->reason, -1);
			db_bind_text(s, 10, dreason, -1);
			db_bind_text(s, 11, now, -1);
			db_bind_int(s, 12, late ? 4 : 0);
			if ((rc = bulk_update_add(&bq, e)) ||
			    (rc = bulk_add_step(c, &bq, r->id, r->version + 1, "decide", &a, now, due,
						late, dreason, e)))
				goto fail;
			changed++;
		}
		if (detail)
			jw_obj_end(&wa);
		jw_obj_end(&wa);
	}
	if ((rc = bulk_finish(c, &bq, e)))
		goto fail;
	jw_arr_end(&wa);
	jw_kint(&wa, "decided", changed);
	jw_obj_end(&wa);
	if (detail)
		jw_arr_end(&wb);
	jw_obj_end(&wb);
	if (before.err || after.err) {
		rc = err_set(e, ERR_TOO_LARGE, "Nhật ký quyết định quá lớn");
		goto fail;
	}
	char eid[64];
	snprintf(eid, sizeof eid, "%s/%s", q->unit_code, mt);
	if ((rc = audit_append(c, "eval.decide", "decision", eid, buf_cstr(&before), buf_cstr(&after),
			       e)) ||
	    (rc = db_commit(c->db, e)))
		goto fail;
	goto out;
fail:
	bulk_discard(&bq);
	db_rollback(c->db);
	eval_pools_free(out);
out:
	db_cache_hint(c->db, 0);
	buf_free(&msg);
	buf_free(&before);
	buf_free(&after);
	duecache_free(&dc);
	month_free(&mo);
	fwc_free(&fc);
	return rc;
}

/* ---- publication and lock (whole lists) --------------------------------------------- */

/* Publishes (lock 0) or locks (lock 1) the lists. */
static int bulk_step(app_ctx_t *c, const char *unit_code, const period_month_t *m,
		     const char *as_code, int lock, long *done, long *kept_open, err_t *e)
{
	*done = 0;
	if (kept_open)
		*kept_open = 0;
	actor_t a;
	int rc = actor_resolve(c, as_code, &a, e);
	if (rc)
		return rc;
	month_t mo;
	memset(&mo, 0, sizeof mo);
	bulk_t bq;
	memset(&bq, 0, sizeof bq);
	imap_t open_obj, days;
	imap_init(&open_obj, 16);
	imap_init(&days, 64);
	long nsel, waiting = 0;
	if ((rc = db_begin(c->db, e)))
		goto out;
	if ((rc = month_load(c, m, &mo, e)) || (rc = month_select(c, &mo, unit_code, &a, &nsel, e)))
		goto fail;
	if (lock) {
		db_stmt_t *s = db_stmt(c->db, STMT_OBJECTIONS_OPEN_ALL, e);
		if (!s) {
			rc = dberr(e);
			goto fail;
		}
		int r;
		while ((r = db_step(s, e)) == DB_ROW)
			imap_put(&open_obj, db_col_int(s, 0), 1);
		if (r < 0) {
			rc = dberr(e);
			goto fail;
		}
	}
	char now[32], today[11];
	app_now(now);
	app_today(today);
	int tday;
	date_parse(today, &tday);
	for (size_t i = 0; i < mo.n; i++) {
		mrow_t *r = &mo.v[i];
		if (!r->in_set)
			continue;
		if (r->st != (lock ? PERIOD_ST_PUBLISHED : PERIOD_ST_DECIDED)) {
			waiting += r->st < (lock ? PERIOD_ST_PUBLISHED : PERIOD_ST_DECIDED);
			continue;
		}
		if (lock && imap_get(&open_obj, r->id, NULL)) {
			if (kept_open)
				(*kept_open)++;
			continue;
		}
		db_stmt_t *s =
		    bulk_update_row(c, &bq, lock ? STMT_EVAL_SET_LOCKED : STMT_EVAL_SET_PUBLISHED, e);
		if (!s) {
			rc = dberr(e);
			goto fail;
		}
		db_bind_int(s, 1, r->id);
		db_bind_int(s, 2, r->version);
		db_bind_text(s, 3, now, -1);
		if (!lock) {
			int64_t nd;
			if (!imap_get(&days, r->unit, &nd)) {
				nd = settings_int(c, r->unit, "objection.days", 5);
				imap_put(&days, r->unit, nd);
			}
			char until[11];
			date_iso(tday + (int)nd, until);
			db_bind_text(s, 4, until, -1);
		}
		if ((rc = bulk_update_add(&bq, e)) ||
		    (rc = bulk_add_step(c, &bq, r->id, r->version + 1, lock ? "lock" : "publish", &a, now,
					NULL, 0, NULL, e)))
			goto fail;
		(*done)++;
	}
	if ((rc = bulk_finish(c, &bq, e)))
		goto fail;
	if (!*done && waiting && !(kept_open && *kept_open)) {
		rc = err_set(e, ERR_CONFLICT,
			     lock ? "Chưa có kết quả nào được công khai để khóa (%ld bản đánh giá chưa "
				    "công khai)"
				  : "Chưa có kết quả nào được quyết định để công khai (%ld bản đánh giá "
				    "chưa được quyết định)",
			     waiting);
		goto fail;
	}
	char mt[8], eid[64], after[256];
	period_month_text(m->year, m->month, mt);
	snprintf(eid, sizeof eid, "%s/%s", unit_code, mt);
	snprintf(after, sizeof after, "{\"%s\":%ld,\"open_objections\":%ld}",
		 lock ? "locked" : "published", *done, kept_open ? *kept_open : 0);
	if ((rc = audit_append(c, lock ? "eval.lock" : "eval.publish", "decision", eid, NULL, after,
			       e)) ||
	    (rc = db_commit(c->db, e)))
		goto fail;
	goto out;
fail:
	bulk_discard(&bq);
	db_rollback(c->db);
	*done = 0;
out:
	imap_free(&open_obj);
	imap_free(&days);
	month_free(&mo);
	return rc;
}

int eval_publish(app_ctx_t *c, const char *unit_code, const period_month_t *m,
		 const char *as_code, long *published, err_t *e)
{
	return bulk_step(c, unit_code, m, as_code, 0, published, NULL, e);
}

int eval_lock(app_ctx_t *c, const char *unit_code, const period_month_t *m, const char *as_code,
	      long *locked, long *open_objections, err_t *e)
{
	return bulk_step(c, unit_code, m, as_code, 1, locked, open_objections, e);
}

/* ---- objections, answers, reopening ----------------------------------------------- */

static int64_t open_objection(app_ctx_t *c, int64_t eval_id, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, STMT_OBJECTION_OPEN, e);
	if (!s)
		return -1;
	db_bind_int(s, 1, eval_id);
	int r = db_step(s, e);
	int64_t id = r == DB_ROW ? db_col_int(s, 0) : 0;
	db_reset(s);
	return r < 0 ? -1 : id;
}

static int check_decider(const one_t *o, const actor_t *a, const char *what, err_t *e)
{
	if (a->admin || (o->row.decider_id && a->person == o->row.decider_id))
		return 0;
	if (o->row.decider_id)
		return err_set(e, ERR_FORBIDDEN,
			       "Chỉ người quyết định xếp loại của %s là %s (%s) được %s; «%s» không có "
			       "quyền",
			       o->row.person_code, o->row.decider_name, o->row.decider_code, what, a->code);
	return err_set(e, ERR_FORBIDDEN,
		       "Bản đánh giá của %s không có người quyết định trong hệ thống; chỉ quản trị "
		       "viên được %s",
		       o->row.person_code, what);
}

int eval_object(app_ctx_t *c, const char *person_code, const period_month_t *m,
		const char *as_code, const char *reason, err_t *e)
{
	actor_t a;
	int rc = actor_resolve(c, as_code, &a, e);
	if (rc)
		return rc;
	if (empty(reason))
		return err_set(e, ERR_INVALID, "Kiến nghị phải có lý do (--reason)");
	one_t o;
	if ((rc = db_begin(c->db, e)))
		return rc;
	if ((rc = one_load(c, person_code, m, 1, &o, e)))
		goto fail;
	if (!a.admin && a.person != o.row.person_id) {
		rc = err_set(e, ERR_FORBIDDEN, "Chỉ chính %s (%s) được kiến nghị về kết quả của mình",
			     o.row.person_name, o.row.person_code);
		goto fail;
	}
	if ((rc = check_state(&o, 1u << PERIOD_ST_PUBLISHED, "kiến nghị", e)))
		goto fail;
	char now[32], today[11];
	app_now(now);
	app_today(today);
	if (o.row.objection_until && strcmp(today, o.row.objection_until) > 0) {
		char d[11];
		vn_date(o.row.objection_until, d);
		rc = err_set(e, ERR_CONFLICT, "Đã hết thời hạn kiến nghị (đến hết ngày %s)", d);
		goto fail;
	}
	int64_t open = open_objection(c, o.row.id, e);
	if (open < 0) {
		rc = dberr(e);
		goto fail;
	}
	if (open) {
		rc = err_set(e, ERR_CONFLICT, "%s đã có một kiến nghị đang chờ trả lời",
			     o.row.person_code);
		goto fail;
	}
	db_stmt_t *s = db_stmt(c->db, STMT_OBJECTION_INSERT, e);
	if (!s) {
		rc = dberr(e);
		goto fail;
	}
	db_bind_int(s, 1, o.row.id);
	db_bind_int(s, 2, o.row.person_id);
	db_bind_text(s, 3, reason, -1);
	db_bind_text(s, 4, now, -1);
	if (!db_insert(s, e)) {
		rc = dberr(e);
		goto fail;
	}
	if (!(s = db_stmt(c->db, STMT_EVAL_TOUCH, e))) {
		rc = dberr(e);
		goto fail;
	}
	db_bind_int(s, 1, o.row.id);
	db_bind_int(s, 2, o.row.version);
	db_bind_text(s, 3, now, -1);
	if (db_exec(s, e)) {
		rc = dberr(e);
		goto fail;
	}
	eval_row_t after = o.row;
	after.version++;
	after.objection_open = 1;
	if ((rc = updated_one(c, e)) ||
	    (rc = insert_step(c, o.row.id, o.row.version + 1, "object", &a, now, o.row.objection_until,
			      0, reason, e)) ||
	    (rc = audit_one(c, "eval.object", &o.row, o.fi, NULL, &after, NULL, "objection", reason,
			    e)) ||
	    (rc = db_commit(c->db, e)))
		goto fail;
	one_free(&o);
	return 0;
fail:
	db_rollback(c->db);
	one_free(&o);
	return rc;
}

/* The rows of decider's list for framework fw in the month, for a quota
 * check of one changed person (eval_id): everyone else as decided. */
static int check_list_quota(app_ctx_t *c, const one_t *o, int32_t total, int band, int granted,
			    err_t *e)
{
	month_t mo;
	int rc = month_load(c, &o->m, &mo, e);
	if (rc) {
		month_free(&mo);
		return rc;
	}
	const framework_t *fw = o->fi->fw;
	quota_person_t *qp = xcalloc(mo.n + 1, sizeof *qp);
	char **groups = xcalloc(mo.n + 1, sizeof *groups);
	size_t n = 0, ng = 0;
	for (size_t i = 0; i < mo.n; i++) {
		const mrow_t *r = &mo.v[i];
		if (r->decider != o->row.decider_id || r->fw != o->row.fw_id ||
		    r->st < PERIOD_ST_DECIDED)
			continue;
		const char *gname = r->group ? r->group : "";
		size_t g = 0;
		while (g < ng && strcmp(groups[g], gname) != 0)
			g++;
		if (g == ng)
			groups[ng++] = (char *)gname;
		if (r->id == o->row.id)
			qp[n] = (quota_person_t){(int64_t)n, total, band, (int64_t)g, granted};
		else
			qp[n] = (quota_person_t){(int64_t)n, r->final_total,
						 r->candidate ? fw->quota.top_band : r->grade_band,
						 (int64_t)g, r->top_granted};
		n++;
	}
	err_t qe = {0};
	int qr = quota_check(&fw->quota, fw->bands[fw->quota.top_band].code,
			     fw->bands[fw->quota.next_band].code, qp, n, 0, &qe);
	if (qr)
		rc = err_set(e, qr, "%s", qe.msg);
	free(qp);
	free(groups);
	month_free(&mo);
	return rc;
}

int eval_answer(app_ctx_t *c, const char *person_code, const period_month_t *m,
		const char *as_code, const char *reason, const eval_scores_t *changes,
		int grant_top, eval_outcome_t *out, err_t *e)
{
	memset(out, 0, sizeof *out);
	actor_t a;
	int rc = actor_resolve(c, as_code, &a, e);
	if (rc)
		return rc;
	if (empty(reason))
		return err_set(e, ERR_INVALID, "Trả lời kiến nghị phải có nội dung (--reason)");
	one_t o;
	sheet_t in;
	memset(&in, 0, sizeof in);
	buf_t note;
	buf_init(&note, sizeof out->note - 1);
	imap_t disq;
	imap_init(&disq, 0);
	int32_t *cur0 = NULL;
	unsigned char *hc0 = NULL;
	if ((rc = db_begin(c->db, e)))
		return rc;
	if ((rc = one_load(c, person_code, m, 1, &o, e)))
		goto fail;
	if ((rc = check_decider(&o, &a, "trả lời kiến nghị", e)) ||
	    (rc = check_state(&o, 1u << PERIOD_ST_PUBLISHED, "trả lời kiến nghị", e)))
		goto fail;
	int64_t obj = open_objection(c, o.row.id, e);
	if (obj < 0) {
		rc = dberr(e);
		goto fail;
	}
	if (!obj) {
		rc = err_set(e, ERR_CONFLICT, "%s không có kiến nghị nào đang chờ trả lời",
			     o.row.person_code);
		goto fail;
	}
	const fwinfo_t *fi = o.fi;
	/* the changes become final scores */
	sheet_init(&in, fi->ncrit);
	if ((rc = take_scores(fi, changes, &o.in, in.fin, in.hf, NULL, &note, e)))
		goto fail;
	cur0 = xcalloc(fi->ncrit + 1, sizeof *cur0);
	hc0 = xcalloc(fi->ncrit + 1, 1);
	memcpy(cur0, o.sh.cur, fi->ncrit * sizeof *cur0);
	memcpy(hc0, o.sh.hc, fi->ncrit);
	for (size_t i = 0; i < fi->ncrit; i++)
		if (in.hf[i] && (!o.sh.hc[i] || o.sh.cur[i] != in.fin[i])) {
			o.sh.cur[i] = in.fin[i];
			o.sh.hc[i] = 1;
			out->changed++;
		} else {
			in.hf[i] = 0;
		}
	score_result_t res;
	if ((rc = sheet_total(fi, &o.sh, o.sh.cur, o.sh.hc, &res, e))) {
		goto fail;
	}
	if ((rc = load_disq(c, o.row.year, o.m.ends, &disq, e))) {
		goto fail;
	}
	score_grade_t g;
	if ((rc = grade_with(fi, res.total, (unsigned)imap_get_or(&disq, o.row.person_id, 0),
			     o.row.is_leader, &g, e))) {
		goto fail;
	}
	const framework_t *fw = fi->fw;
	int top = fw->quota.top_band, band = (int)g.band;
	int candidate = band == top && fw->quota.kind != FRAMEWORK_QUOTA_NONE;
	int granted = candidate && (grant_top || (o.row.top_granted && band == top));
	if (candidate && grant_top && (rc = check_list_quota(c, &o, res.total, band, 1, e))) {
		goto fail;
	}
	int final_band = candidate && !granted ? fw->quota.next_band : band;
	char reason_buf[400];
	const char *greason = g.reason;
	if (candidate && !granted) {
		snprintf(reason_buf, sizeof reason_buf,
			 "Đủ điểm xếp loại %s nhưng ngoài hạn mức của đơn vị: xếp loại %s",
			 fw->bands[top].code, fw->bands[fw->quota.next_band].code);
		greason = reason_buf;
	}
	char now[32];
	app_now(now);
	for (size_t i = 0; i < fi->ncrit; i++)
		if (in.hf[i]) {
			db_stmt_t *s = db_stmt(c->db, STMT_EVAL_SCORE_UPSERT, e);
			if (!s) {
				rc = dberr(e);
				break;
			}
			db_bind_int(s, 1, o.row.id);
			db_bind_text(s, 2, "final", -1);
			db_bind_text(s, 3, fi->crit[i]->code, -1);
			db_bind_int(s, 4, in.fin[i]);
			db_bind_text(s, 5, reason, -1);
			if (db_exec(s, e)) {
				rc = dberr(e);
				break;
			}
		}
	if (rc)
		goto fail;
	int changed = res.total != o.row.final_total || final_band != o.row.grade_band ||
		      granted != o.row.top_granted;
	db_stmt_t *s = db_stmt(c->db, STMT_EVAL_SET_ANSWERED, e);
	if (!s) {
		rc = dberr(e);
		goto fail;
	}
	db_bind_int(s, 1, o.row.id);
	db_bind_int(s, 2, o.row.version);
	db_bind_int(s, 3, res.total);
	db_bind_int(s, 4, candidate);
	db_bind_int(s, 5, granted);
	db_bind_int(s, 6, final_band);
	db_bind_text(s, 7, fw->bands[final_band].code, -1);
	db_bind_text(s, 8, fw->bands[final_band].label, -1);
	db_bind_text(s, 9, greason, -1);
	db_bind_text(s, 10, now, -1);
	if (db_exec(s, e) || updated_one(c, e)) {
		rc = dberr(e);
		goto fail;
	}
	if (!(s = db_stmt(c->db, STMT_OBJECTION_ANSWER, e))) {
		rc = dberr(e);
		goto fail;
	}
	db_bind_int(s, 1, obj);
	db_bind_text(s, 2, reason, -1);
	db_bind_text(s, 3, now, -1);
	db_bind_id(s, 4, a.person);
	db_bind_text(s, 5, changed ? "changed" : "kept", -1);
	if (db_exec(s, e)) {
		rc = dberr(e);
		goto fail;
	}
	eval_row_t after = o.row;
	after.version++;
	after.final_total = res.total;
	after.has_final = 1;
	after.grade_code = (char *)fw->bands[final_band].code;
	after.top_granted = granted;
	after.objection_open = 0;
	sheet_t bsh = o.sh;
	bsh.cur = cur0;
	bsh.hc = hc0;
	rc = insert_step(c, o.row.id, o.row.version + 1, "answer", &a, now, NULL, 0, reason, e);
	if (!rc)
		rc = audit_one(c, "eval.answer", &o.row, fi, &bsh, &after, &o.sh, "answer", reason, e);
	if (rc || (rc = db_commit(c->db, e)))
		goto fail;
	out->total = res.total;
	snprintf(out->status, sizeof out->status, "published");
	snprintf(out->grade, sizeof out->grade, "%s", fw->bands[final_band].code);
	snprintf(out->note, sizeof out->note, "%s", buf_cstr(&note));
	goto out;
fail:
	db_rollback(c->db);
out:
	free(cur0);
	free(hc0);
	imap_free(&disq);
	sheet_free(&in);
	buf_free(&note);
	one_free(&o);
	return rc;
}

int eval_reopen(app_ctx_t *c, const char *person_code, const period_month_t *m,
		const char *as_code, const char *reason, err_t *e)
{
	actor_t a;
	int rc = actor_resolve(c, as_code, &a, e);
	if (rc)
		return rc;
	if (empty(reason))
		return err_set(e, ERR_INVALID, "Mở lại bản đánh giá phải có lý do (--reason)");
	one_t o;
	if ((rc = db_begin(c->db, e)))
		return rc;
	if ((rc = one_load(c, person_code, m, 1, &o, e)))
		goto fail;
	if ((rc = check_decider(&o, &a, "mở lại bản đánh giá", e)) ||
	    (rc = check_state(&o,
			      1u << PERIOD_ST_DECIDED | 1u << PERIOD_ST_PUBLISHED | 1u << PERIOD_ST_LOCKED,
			      "mở lại", e)))
		goto fail;
	char now[32];
	app_now(now);
	if ((rc = delete_scores(c, o.row.id, "final", e)))
		goto fail;
	db_stmt_t *s = db_stmt(c->db, STMT_EVAL_SET_REOPENED, e);
	if (!s) {
		rc = dberr(e);
		goto fail;
	}
	db_bind_int(s, 1, o.row.id);
	db_bind_int(s, 2, o.row.version);
	db_bind_text(s, 3, now, -1);
	if (db_exec(s, e)) {
		rc = dberr(e);
		goto fail;
	}
	eval_row_t after = o.row;
	after.version++;
	after.status = (char *)"reviewed";
	after.has_final = 0;
	after.grade_code = NULL;
	after.top_granted = 0;
	if ((rc = updated_one(c, e)) ||
	    (rc = insert_step(c, o.row.id, o.row.version + 1, "reopen", &a, now, NULL, 0, reason,
			      e)) ||
	    (rc = audit_one(c, "eval.reopen", &o.row, o.fi, NULL, &after, NULL, "reason", reason,
			    e)) ||
	    (rc = db_commit(c->db, e)))
		goto fail;
	one_free(&o);
	return 0;
fail:
	db_rollback(c->db);
	one_free(&o);
	return rc;
}

/* ---- automatic scores (tests, demonstrations, benchmarks) ------------------------- */

static uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* The score of criterion i (maximum max, kind k) for a person whose level
 * for the month is lvl (per 10000 of the maximum), in quarter points. */
static int32_t auto_points(uint64_t h, size_t i, int32_t max, int kind, int lvl)
{
	uint64_t r = mix64(h ^ (0x100000001b3ULL * (i + 1)));
	if (kind == FRAMEWORK_KIND_DEDUCTION)
		return 0;
	int f = lvl + (int)((r >> 16) % 601) - 300; /* ±3% */
	if (kind == FRAMEWORK_KIND_BONUS) {
		/* bonus points for the best: 0 at 80% of the level, the maximum at 100% */
		int b = (f - 8000) * 5;
		b = b < 0 ? 0 : b > 10000 ? 10000 : b;
		return (int32_t)((int64_t)max * b / 10000) / 25 * 25;
	}
	if (f < 0)
		f = 0;
	if (f > 10000)
		f = 10000;
	int32_t v = (int32_t)((int64_t)max * f / 10000);
	return v / 25 * 25;
}

int eval_autoscore(app_ctx_t *c, const char *unit_code, const period_month_t *m, uint64_t seed,
		   int through_review, long *count, err_t *e)
{
	*count = 0;
	if (c->role != ROLE_ADMIN)
		return err_set(e, ERR_FORBIDDEN, "Chỉ quản trị viên được chấm điểm tự động");
	month_t mo;
	memset(&mo, 0, sizeof mo);
	fwcache_t fc = {0};
	mtasks_t tk;
	memset(&tk, 0, sizeof tk);
	duecache_t ds, dr;
	memset(&ds, 0, sizeof ds);
	memset(&dr, 0, sizeof dr);
	imap_init(&ds.idx, 64);
	imap_init(&dr.idx, 64);
	int64_t *scope = NULL;
	size_t nscope = 0;
	int32_t *vals = NULL;
	unsigned char *has = NULL;
	size_t cap = 0;
	bulk_t bq;
	memset(&bq, 0, sizeof bq);
	int rc;
	if ((rc = db_begin(c->db, e)))
		goto out;
	db_cache_hint(c->db, BULK_CACHE_MB);
	if ((rc = period_scope_codes(c, unit_code, m, &scope, &nscope, e)) ||
	    (rc = month_load(c, m, &mo, e)) ||
	    (rc = mtasks_load(c, &mo, &tk, e)))
		goto fail;
	char now[32], today[11];
	app_now(now);
	app_today(today);
	actor_t admin = {1, 0, NULL};
	for (size_t i = 0; i < mo.n; i++) {
		mrow_t *r = &mo.v[i];
		if (!period_in_scope(scope, nscope, r->unit))
			continue;
		int do_self = r->st == PERIOD_ST_PENDING;
		int do_review = through_review && (do_self || r->st == PERIOD_ST_SELF);
		if (!do_self && !do_review)
			continue;
		const fwinfo_t *fi = fwc_get(c, &fc, r->fw, e);
		if (!fi) {
			rc = dberr(e);
			goto fail;
		}
		if (fi->ncrit + 1 > cap) {
			cap = fi->ncrit + 1;
			vals = xrealloc(vals, cap * sizeof *vals);
			has = xrealloc(has, cap);
		}
		int32_t self_total = r->self_total;
		if (do_self) {
			uint64_t h = mix64(seed ^ mix64((uint64_t)r->person * 0x9e3779b97f4a7c15ULL ^
						       (uint64_t)(m->year * 12 + m->month)));
			unsigned u = (unsigned)(h % 10000);
			int lvl = u < 300    ? 3500 + (int)((h >> 20) % 1500)
				  : u < 1500 ? 5000 + (int)((h >> 20) % 2000)
				  : u < 8000 ? 7000 + (int)((h >> 20) % 2000)
					     : 9000 + (int)((h >> 20) % 1000);
			calc_in_t in = {0};
			in.items = mtasks_of(&tk, r->id, &in.nitems);
			score_entry_t en[64];
			size_t ne = 0, ord[64], no = 0;
			int sorted = fi->ncrit <= 64;
			for (size_t k = 0; k < fi->ncrit; k++) {
				has[k] = 0;
				if (crit_always_computed(fi, k, &in))
					continue;
				vals[k] = auto_points(h, k, fi->crit[k]->max, fi->crit[k]->kind, lvl);
				has[k] = 1;
				if (ne < 64)
					en[ne++] = (score_entry_t){fi->crit[k]->code, vals[k]};
				if (sorted) {
					/* queued in the order of the table's key (criterion
					 * code): each row is then placed after the previous
					 * one without a search from the root */
					size_t j = no++;
					for (; j > 0 && strcmp(fi->crit[ord[j - 1]]->code, fi->crit[k]->code) > 0;
					     j--)
						ord[j] = ord[j - 1];
					ord[j] = k;
				} else if ((rc = bulk_add_score(c, &bq, r->id, "self", fi->crit[k]->code,
								vals[k], NULL, e))) {
					goto fail;
				}
			}
			for (size_t j = 0; j < no; j++)
				if ((rc = bulk_add_score(c, &bq, r->id, "self", fi->crit[ord[j]]->code,
							 vals[ord[j]], NULL, e)))
					goto fail;
			score_result_t res;
			if (in.nitems) {
				sheet_t sh;
				sheet_init(&sh, fi->ncrit);
				memcpy(sh.self, vals, fi->ncrit * sizeof *vals);
				memcpy(sh.hs, has, fi->ncrit);
				sheet_overlay(&sh, 0);
				rc = sheet_compute(fi, &sh, &in, NULL, e);
				if (!rc)
					rc = sheet_total(fi, &sh, sh.cur, sh.hc, &res, e);
				sheet_free(&sh);
				if (rc)
					goto fail;
			} else if ((rc = score_total(fi->fw, en, ne, &res, e))) {
				goto fail;
			}
			self_total = res.total;
		}
		int late = r->late & ~3;
		const char *due_s = do_self ? due_for(c, &ds, r->unit, m, "deadline.self", 5) : NULL;
		const char *due_r = do_review ? due_for(c, &dr, r->unit, m, "deadline.review", 8) : NULL;
		if (do_self && is_late(today, due_s))
			late |= 1;
		else if (!do_self)
			late |= r->late & 1;
		if (do_review && is_late(today, due_r))
			late |= 2;
		int64_t v = r->version;
		db_stmt_t *s = bulk_update_row(c, &bq, STMT_EVAL_SET_AUTOSCORE, e);
		if (!s) {
			rc = dberr(e);
			goto fail;
		}
		db_bind_int(s, 1, r->id);
		db_bind_int(s, 2, v);
		db_bind_text(s, 3, do_review ? "reviewed" : "self_assessed", -1);
		db_bind_int(s, 4, self_total);
		if (do_review)
			db_bind_int(s, 5, self_total);
		else
			db_bind_null(s, 5);
		db_bind_int(s, 6, late);
		db_bind_text(s, 7, now, -1);
		db_bind_int(s, 8, v + do_self + do_review);
		if ((rc = bulk_update_add(&bq, e)))
			goto fail;
		if (do_self && (rc = bulk_add_step(c, &bq, r->id, ++v, "self", &admin, now, due_s,
						   late & 1, NULL, e)))
			goto fail;
		if (do_review && (rc = bulk_add_step(c, &bq, r->id, ++v, "review", &admin, now, due_r,
						     (late & 2) != 0, NULL, e)))
			goto fail;
		(*count)++;
	}
	if ((rc = bulk_finish(c, &bq, e)))
		goto fail;
	char mt[8], eid[64], after[160];
	period_month_text(m->year, m->month, mt);
	snprintf(eid, sizeof eid, "%s/%s", unit_code, mt);
	snprintf(after, sizeof after, "{\"scored\":%ld,\"seed\":%llu,\"through_review\":%d}", *count,
		 (unsigned long long)seed, through_review);
	if ((rc = audit_append(c, "eval.autoscore", "decision", eid, NULL, after, e)) ||
	    (rc = db_commit(c->db, e)))
		goto fail;
	goto out;
fail:
	bulk_discard(&bq);
	db_rollback(c->db);
	*count = 0;
out:
	db_cache_hint(c->db, 0);
	free(vals);
	free(has);
	free(scope);
	duecache_free(&ds);
	duecache_free(&dr);
	mtasks_free(&tk);
	month_free(&mo);
	fwc_free(&fc);
	return rc;
}

/* ---- discipline and person flags ------------------------------------------------------ */

static const struct {
	const char *code, *label, *aliases;
} levels[] = {
    {"reprimand", "Khiển trách", "khien trach|reprimand"},
    {"warning", "Cảnh cáo", "canh cao|warning"},
    {"salary_demotion", "Hạ bậc lương", "ha bac luong|ha bac|salary_demotion"},
    {"demotion", "Giáng chức", "giang chuc|demotion"},
    {"removal", "Cách chức", "cach chuc|removal"},
    {"dismissal", "Buộc thôi việc", "buoc thoi viec|dismissal"},
};

const char *eval_discipline_label(const char *code)
{
	for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
		if (code && strcmp(levels[i].code, code) == 0)
			return levels[i].label;
	return NULL;
}

const char *eval_discipline_level(const char *input)
{
	if (!input)
		return NULL;
	char *f = text_fold(input);
	const char *found = NULL;
	for (size_t i = 0; i < sizeof levels / sizeof levels[0] && !found; i++) {
		const char *p = levels[i].aliases;
		while (*p && !found) {
			const char *end = strchr(p, '|');
			size_t len = end ? (size_t)(end - p) : strlen(p);
			if (strlen(f) == len && strncmp(f, p, len) == 0)
				found = levels[i].code;
			p += len + (end ? 1 : 0);
		}
	}
	free(f);
	return found;
}

static int simple_insert(app_ctx_t *c, const char *action, const char *entity, int64_t person,
			 const char *after, stmt_id sid, const char *const *text, int nt,
			 const int64_t *ints, int ni, err_t *e)
{
	int rc = db_begin(c->db, e);
	if (rc)
		return rc;
	db_stmt_t *s = db_stmt(c->db, sid, e);
	if (!s) {
		rc = dberr(e);
		goto fail;
	}
	db_bind_int(s, 1, person);
	for (int i = 0; i < nt; i++)
		db_bind_text(s, 2 + i, text[i], -1);
	for (int i = 0; i < ni; i++)
		db_bind_int(s, 2 + nt + i, ints[i]);
	int64_t id = db_insert(s, e);
	if (!id) {
		rc = dberr(e);
		goto fail;
	}
	char eid[24];
	snprintf(eid, sizeof eid, "%lld", (long long)id);
	if ((rc = audit_append(c, action, entity, eid, NULL, after, e)) ||
	    (rc = db_commit(c->db, e)))
		goto fail;
	return 0;
fail:
	db_rollback(c->db);
	return rc;
}

int eval_discipline_add(app_ctx_t *c, const char *person_code, const char *decided_iso,
			const char *level, const char *decision_no, int pending, err_t *e)
{
	int rc = app_require_hr(c, e);
	if (rc)
		return rc;
	const char *code = eval_discipline_level(level);
	if (!code)
		return err_set(e, ERR_INVALID,
			       "Hình thức kỷ luật «%s» không hợp lệ (khiển trách, cảnh cáo, hạ bậc "
			       "lương, giáng chức, cách chức, buộc thôi việc)",
			       level ? level : "");
	int d;
	if (!decided_iso || date_parse(decided_iso, &d))
		return err_set(e, ERR_INVALID, "Ngày quyết định kỷ luật không hợp lệ");
	int64_t pid = person_id(c, person_code, e);
	if (!pid)
		return dberr(e);
	char now[32];
	app_now(now);
	buf_t after;
	buf_init(&after, 4096);
	jw_t w;
	jw_init(&w, &after);
	jw_obj(&w);
	jw_kstr(&w, "person", person_code);
	jw_kstr(&w, "decided", decided_iso);
	jw_kstr(&w, "level", code);
	jw_kstr(&w, "decision_no", decision_no);
	jw_kint(&w, "pending", pending ? 1 : 0);
	jw_obj_end(&w);
	rc = db_begin(c->db, e);
	if (rc) {
		buf_free(&after);
		return rc;
	}
	db_stmt_t *s = db_stmt(c->db, STMT_DISCIPLINE_INSERT, e);
	int64_t id = 0;
	if (s) {
		db_bind_int(s, 1, pid);
		db_bind_text(s, 2, decided_iso, -1);
		db_bind_text(s, 3, code, -1);
		db_bind_text(s, 4, decision_no, -1);
		db_bind_int(s, 5, pending ? 1 : 0);
		db_bind_text(s, 6, now, -1);
		id = db_insert(s, e);
	}
	char eid[24];
	snprintf(eid, sizeof eid, "%lld", (long long)id);
	if (!id)
		rc = dberr(e);
	else if (!(rc = audit_append(c, "discipline.add", "discipline", eid, NULL, buf_cstr(&after),
				     e)))
		rc = db_commit(c->db, e);
	if (rc)
		db_rollback(c->db);
	buf_free(&after);
	return rc;
}

int eval_flag_add(app_ctx_t *c, const char *person_code, const char *kind, const char *from_iso,
		  const char *to_iso, const char *note, err_t *e)
{
	int rc = app_require_hr(c, e);
	if (rc)
		return rc;
	static const char *const kinds[] = {"maternity", "pregnant", "child_under_36m", "degraded",
					    "unit_corruption"};
	int ok = 0;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		ok |= kind && strcmp(kind, kinds[i]) == 0;
	if (!ok)
		return err_set(e, ERR_INVALID,
			       "Loại «%s» không hợp lệ (maternity: nghỉ thai sản, pregnant: đang mang "
			       "thai, child_under_36m: nuôi con dưới 36 tháng, degraded: kết luận suy "
			       "thoái, unit_corruption: đơn vị phụ trách có tham nhũng, lãng phí bị xử "
			       "lý)",
			       kind ? kind : "");
	int d1, d2;
	if (!from_iso || date_parse(from_iso, &d1))
		return err_set(e, ERR_INVALID, "Ngày bắt đầu không hợp lệ");
	if (to_iso && (date_parse(to_iso, &d2) || d2 <= d1))
		return err_set(e, ERR_INVALID, "Ngày kết thúc phải sau ngày bắt đầu");
	int64_t pid = person_id(c, person_code, e);
	if (!pid)
		return dberr(e);
	char now[32];
	app_now(now);
	buf_t after;
	buf_init(&after, 4096);
	jw_t w;
	jw_init(&w, &after);
	jw_obj(&w);
	jw_kstr(&w, "person", person_code);
	jw_kstr(&w, "kind", kind);
	jw_kstr(&w, "from", from_iso);
	jw_kstr(&w, "to", to_iso);
	jw_kstr(&w, "note", note);
	jw_obj_end(&w);
	const char *text[] = {kind, from_iso, to_iso, note, now};
	rc = simple_insert(c, "flag.add", "person_flag", pid, buf_cstr(&after), STMT_FLAG_INSERT,
			   text, 5, NULL, 0, e);
	buf_free(&after);
	return rc;
}

/* ---- reading ------------------------------------------------------------------------- */

static const struct {
	const char *code, *label;
} step_labels[] = {
    {"self", "Tự đánh giá"},        {"review", "Nhận xét, đánh giá"},
    {"decide", "Quyết định xếp loại"}, {"publish", "Công khai"},
    {"object", "Kiến nghị"},          {"answer", "Trả lời kiến nghị"},
    {"lock", "Khóa"},                 {"reopen", "Mở lại"},
};

const char *eval_step_label(const char *step)
{
	for (size_t i = 0; i < sizeof step_labels / sizeof step_labels[0]; i++)
		if (step && strcmp(step_labels[i].code, step) == 0)
			return step_labels[i].label;
	return step ? step : "";
}

void eval_full_free(eval_full_t *f)
{
	if (!f)
		return;
	row_free(&f->row);
	for (size_t i = 0; i < f->ncrit; i++) {
		free(f->crit[i].code);
		free(f->crit[i].name);
		free(f->crit[i].group);
		free(f->crit[i].review_reason);
		free(f->crit[i].final_reason);
	}
	free(f->crit);
	for (size_t i = 0; i < f->nsteps; i++) {
		eval_step_row_t *s = &f->steps[i];
		free(s->step);
		free(s->actor);
		free(s->actor_code);
		free(s->at);
		free(s->due);
		free(s->reason);
	}
	free(f->steps);
	for (size_t i = 0; i < f->nobj; i++) {
		eval_objection_row_t *o = &f->obj[i];
		free(o->reason);
		free(o->at);
		free(o->answer);
		free(o->answered_at);
		free(o->answered_by);
		free(o->outcome);
	}
	free(f->obj);
	memset(f, 0, sizeof *f);
}

int eval_get(app_ctx_t *c, const char *person_code, const period_month_t *m, eval_full_t *out,
	     err_t *e)
{
	memset(out, 0, sizeof *out);
	one_t o;
	int rc = one_load(c, person_code, m, 1, &o, e);
	if (rc) {
		one_free(&o);
		return rc;
	}
	const fwinfo_t *fi = o.fi;
	int st = period_status_index(o.row.status);
	if (st < PERIOD_ST_DECIDED && st > PERIOD_ST_PENDING) {
		err_t ce = {0};
		sheet_compute(fi, &o.sh, &o.in, NULL, &ce); /* shown as far as known */
	}
	out->ncrit = fi->ncrit;
	out->crit = xcalloc(fi->ncrit + 1, sizeof *out->crit);
	for (size_t i = 0; i < fi->ncrit; i++) {
		eval_crit_t *x = &out->crit[i];
		const framework_criterion_t *cr = fi->crit[i];
		x->code = xstrdup(cr->code);
		x->name = xstrdup(cr->name);
		for (size_t g = 0; g < fi->fw->ngroups; g++)
			for (size_t k = 0; k < fi->fw->groups[g].ncriteria; k++)
				if (&fi->fw->groups[g].criteria[k] == cr)
					x->group = xstrdup(fi->fw->groups[g].code);
		x->kind = cr->kind;
		x->max = cr->max;
		x->has_self = o.sh.hs[i];
		x->self = o.sh.self[i];
		x->has_review = o.sh.hr[i];
		x->review = o.sh.rev[i];
		x->has_final = o.sh.hf[i];
		x->final = o.sh.fin[i];
		x->in_force = o.sh.hc[i] ? o.sh.cur[i] : 0;
		x->review_reason = xstrdup(o.sh.rreason[i]);
		x->final_reason = xstrdup(o.sh.freason[i]);
	}
	db_stmt_t *s = db_stmt(c->db, STMT_EVAL_STEPS, e);
	if (!s) {
		rc = dberr(e);
		goto out;
	}
	db_bind_int(s, 1, o.row.id);
	int r;
	while ((r = db_step(s, e)) == DB_ROW) {
		xgrow((void **)&out->steps, &out->capsteps, out->nsteps + 1, sizeof *out->steps);
		eval_step_row_t *x = &out->steps[out->nsteps++];
		x->step = col_dup(s, 0);
		x->actor = col_dup(s, 1);
		x->actor_code = col_dup(s, 2);
		x->at = col_dup(s, 3);
		x->due = col_dup(s, 4);
		x->late = (int)db_col_int(s, 5);
		x->reason = col_dup(s, 6);
	}
	if (r < 0) {
		rc = dberr(e);
		goto out;
	}
	if (!(s = db_stmt(c->db, STMT_EVAL_OBJECTIONS, e))) {
		rc = dberr(e);
		goto out;
	}
	db_bind_int(s, 1, o.row.id);
	while ((r = db_step(s, e)) == DB_ROW) {
		xgrow((void **)&out->obj, &out->capobj, out->nobj + 1, sizeof *out->obj);
		eval_objection_row_t *x = &out->obj[out->nobj++];
		x->id = db_col_int(s, 0);
		x->reason = col_dup(s, 1);
		x->at = col_dup(s, 2);
		x->answer = col_dup(s, 3);
		x->answered_at = col_dup(s, 4);
		x->answered_by = col_dup(s, 5);
		x->outcome = col_dup(s, 6);
	}
	if (r < 0) {
		rc = dberr(e);
		goto out;
	}
	out->tasks = (long)o.nitems;
	for (size_t i = 0; i < o.nitems; i++)
		out->tasks_done += o.items[i].completed;
	out->row = o.row;
	memset(&o.row, 0, sizeof o.row); /* moved */
out:
	one_free(&o);
	if (rc)
		eval_full_free(out);
	return rc;
}

void eval_list_free(eval_list_t *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		row_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

int eval_list(app_ctx_t *c, const char *unit_code, const period_month_t *m, eval_list_t *out,
	      err_t *e)
{
	memset(out, 0, sizeof *out);
	int64_t *scope = NULL;
	size_t nscope = 0;
	int rc = period_scope_codes(c, unit_code, m, &scope, &nscope, e);
	if (rc)
		return rc;
	db_stmt_t *s = db_stmt(c->db, STMT_EVAL_LIST_MONTH, e);
	if (!s) {
		free(scope);
		return dberr(e);
	}
	db_bind_int(s, 1, m->year);
	db_bind_int(s, 2, m->month);
	int r;
	while ((r = db_step(s, e)) == DB_ROW) {
		if (!period_in_scope(scope, nscope, db_col_int(s, 3)))
			continue;
		xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
		read_row(s, &out->v[out->n++]);
	}
	free(scope);
	if (r < 0) {
		eval_list_free(out);
		return dberr(e);
	}
	return 0;
}

int eval_history(app_ctx_t *c, const char *person_code, eval_list_t *out, err_t *e)
{
	memset(out, 0, sizeof *out);
	int64_t pid = person_id(c, person_code, e);
	if (!pid)
		return dberr(e);
	db_stmt_t *s = db_stmt(c->db, STMT_EVAL_HISTORY, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, pid);
	int r;
	while ((r = db_step(s, e)) == DB_ROW) {
		xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
		read_row(s, &out->v[out->n++]);
	}
	if (r < 0) {
		eval_list_free(out);
		return dberr(e);
	}
	return 0;
}
