/*
 * api_eval: periods, evaluations and their workflow steps, tasks and work
 * products, quotas and the what-if, annual results.
 *
 * The handlers call app/period, app/eval, app/tasks and app/year exactly
 * as the command line does (src/cli/cmd_eval.c), passing the signed-in
 * person as as_code (NULL for an administrator) so that the workflow's own
 * checks of who does which step apply. Before they read a request body
 * they check who may touch what the route names (app/access.h and the
 * evaluation's person, reviewer and decider), so that a refused request
 * answers 403 whatever its body.
 *
 * An evaluation is named by its id or by "PERSON@YYYY-MM" (the person's
 * code and the month), which clients that know the person and month can
 * use without looking the id up. Months are "YYYY-MM" in paths and
 * answers; query parameters and bodies also take "MM/YYYY". Points are
 * JSON numbers with at most two decimals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/access.h"
#include "app/eval.h"
#include "app/fw.h"
#include "app/org.h"
#include "app/period.h"
#include "app/tasks.h"
#include "app/year.h"
#include "core/framework.h"
#include "core/score.h"
#include "lib/date.h"
#include "lib/jw.h"
#include "lib/text.h"
#include "lib/xalloc.h"
#include "web/jobs.h"
#include "web/web.h"

/* Writes that only people acting in the workflow make: every role but the
 * viewer (the handler decides who exactly). */
#define WEB_R_WRITERS (WEB_R_ALL & ~WEB_R(ROLE_VIEWER))

/* Opening a period for a subtree larger than this runs as a background job. */
#define PERIOD_JOB_PEOPLE 2000

/* ---- helpers ------------------------------------------------------------------ */

/* The person acting in the workflow: NULL for an administrator (who may act
 * for anyone) or a user linked to no person (the app refuses those). */
static const char *as_code(const web_req_t *q)
{
	if (q->c->role == ROLE_ADMIN || !q->c->person_code[0])
		return NULL;
	return q->c->person_code;
}

static int is_admin(const web_req_t *q)
{
	return q->c->role == ROLE_ADMIN;
}

/* Parses a month ("YYYY-MM" or "MM/YYYY") named field; required. */
static int month_of(const char *s, const char *field, period_month_t *m, err_t *e)
{
	if (!s || !*s)
		return err_set(e, ERR_INVALID, "Thiếu «%s» (tháng dạng YYYY-MM hoặc MM/YYYY)", field);
	err_t pe;
	err_clear(&pe);
	if (period_month_parse(s, m, &pe))
		return err_set(e, ERR_INVALID, "«%s»: %s", field, pe.msg);
	return 0;
}

/* A required query parameter. */
static int need_query(web_req_t *q, const char *name, const char **out, err_t *e)
{
	*out = web_query(q, name);
	if (!*out || !**out)
		return err_set(e, ERR_INVALID, "Thiếu tham số «%s»", name);
	return 0;
}

/* The month query parameter ("month"), required. */
static int query_month(web_req_t *q, period_month_t *m, err_t *e)
{
	return month_of(web_query(q, "month"), "month", m, e);
}

static int parse_id(const char *s, int64_t *id)
{
	char *end;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (!s || !*s || *end || v <= 0)
		return -1;
	*id = v;
	return 0;
}

/* Centipoints as a JSON number (7550 → 75.5), or null when !has. */
static void jw_pts(jw_t *w, const char *k, int has, int64_t cp)
{
	jw_key(w, k);
	if (!has) {
		jw_null(w);
		return;
	}
	char s[40];
	unsigned long long a = cp < 0 ? (unsigned long long)-cp : (unsigned long long)cp;
	const char *sign = cp < 0 ? "-" : "";
	if (a % 100 == 0)
		snprintf(s, sizeof s, "%s%llu", sign, a / 100);
	else if (a % 10 == 0)
		snprintf(s, sizeof s, "%s%llu.%llu", sign, a / 100, a % 100 / 10);
	else
		snprintf(s, sizeof s, "%s%llu.%02llu", sign, a / 100, a % 100);
	jw_raw(w, s);
}

static void jw_kbool(jw_t *w, const char *k, int v)
{
	jw_key(w, k);
	jw_bool(w, v);
}

/* "YYYY-MM" */
static void jw_kmonth(jw_t *w, const char *k, int year, int month)
{
	char s[16];
	snprintf(s, sizeof s, "%04d-%02d", year, month);
	jw_kstr(w, k, s);
}

/* {code, name} or null when code is NULL or empty. */
static void jw_kref(jw_t *w, const char *k, const char *code, const char *name)
{
	jw_key(w, k);
	if (!code || !*code) {
		jw_null(w);
		return;
	}
	jw_obj(w);
	jw_kstr(w, "code", code);
	jw_kstr(w, "name", name);
	jw_obj_end(w);
}

/* A non-empty string or null. */
static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

/* Starts a paged list {"items": [ … */
static void page_open(jw_t *w, buf_t *b)
{
	jw_init(w, b);
	jw_obj(w);
	jw_key(w, "items");
	jw_arr(w);
}

/* … ], "total", "limit", "offset"} */
static void page_close(jw_t *w, size_t total, long limit, long offset)
{
	jw_arr_end(w);
	jw_kint(w, "total", (int64_t)total);
	jw_kint(w, "limit", limit);
	jw_kint(w, "offset", offset);
	jw_obj_end(w);
}

/* The slice [*from, *to) of n items for limit/offset. */
static void page_range(size_t n, long limit, long offset, size_t *from, size_t *to)
{
	*from = (size_t)offset < n ? (size_t)offset : n;
	*to = *from + (size_t)limit < n ? *from + (size_t)limit : n;
}

/* The body's "version": the optimistic-concurrency version the client read. */
static int body_version(const js_t *body, int required, int64_t *v, err_t *e)
{
	*v = 0;
	return js_get_int(body, NULL, "version", required, 1, INT64_MAX, v, e);
}

/* An array of strings (person codes) from the body; *v borrowed from body. */
static int body_codes(const js_t *body, const char *key, const char ***v, size_t *n, err_t *e)
{
	*v = NULL;
	*n = 0;
	const js_t *arr = NULL;
	int rc = js_get_array(body, NULL, key, 0, &arr, e);
	if (rc || !arr)
		return rc;
	size_t len = js_len(arr);
	const char **out = xcalloc(len ? len : 1, sizeof *out);
	for (size_t i = 0; i < len; i++)
		if ((rc = js_at_str(arr, key, i, &out[i], e))) {
			free(out);
			return rc;
		}
	*v = out;
	*n = len;
	return 0;
}

/* ---- evaluations: JSON ------------------------------------------------------------ */

static void eval_fields(jw_t *w, const eval_row_t *r)
{
	jw_kint(w, "id", r->id);
	jw_kmonth(w, "month", r->year, r->month);
	jw_kref(w, "person", r->person_code, r->person_name);
	jw_kref(w, "unit", r->unit_code, r->unit_name);
	jw_kstr(w, "position", r->position);
	jw_kstr(w, "category", r->category);
	jw_kbool(w, "is_leader", r->is_leader);
	jw_kstr(w, "leader_level", r->leader_level);
	jw_kstr(w, "group", r->group_code);
	jw_kref(w, "framework", r->fw_code, r->fw_name);
	jw_kref(w, "reviewer", r->reviewer_code, r->reviewer_name);
	jw_kref(w, "decider", r->decider_code, r->decider_name);
	jw_kstr(w, "status", r->status);
	jw_kstr(w, "status_label", period_status_label(r->status));
	jw_pts(w, "self_total", r->has_self, r->self_total);
	jw_pts(w, "review_total", r->has_review, r->review_total);
	jw_pts(w, "final_total", r->has_final, r->final_total);
	jw_kbool(w, "candidate", r->candidate);
	jw_kbool(w, "top_granted", r->top_granted);
	jw_key(w, "grade");
	if (r->grade_code) {
		jw_obj(w);
		jw_kstr(w, "code", r->grade_code);
		jw_kstr(w, "label", r->grade_label);
		jw_kstr(w, "reason", r->grade_reason);
		jw_obj_end(w);
	} else {
		jw_null(w);
	}
	jw_kstr(w, "decision_reason", r->decision_reason);
	jw_kstr(w, "membership", r->membership);
	jw_kint(w, "days_in_post", r->days_in_post);
	jw_kint(w, "days_in_month", r->days_in_month);
	jw_kbool(w, "late", r->late);
	jw_kstr(w, "objection_until", r->objection_until);
	jw_kbool(w, "objection_open", r->objection_open);
	jw_kstr(w, "updated_at", r->updated_at);
	jw_kint(w, "version", r->version);
}

static void eval_row_json(jw_t *w, const eval_row_t *r)
{
	jw_obj(w);
	eval_fields(w, r);
	jw_obj_end(w);
}

static void eval_full_json(jw_t *w, const eval_full_t *f)
{
	jw_obj(w);
	eval_fields(w, &f->row);
	jw_key(w, "criteria");
	jw_arr(w);
	for (size_t i = 0; i < f->ncrit; i++) {
		const eval_crit_t *k = &f->crit[i];
		jw_obj(w);
		jw_kstr(w, "code", k->code);
		jw_kstr(w, "name", k->name);
		jw_kstr(w, "group", k->group);
		jw_kstr(w, "kind", framework_kind_name((framework_kind)k->kind));
		jw_pts(w, "max", 1, k->max);
		jw_pts(w, "self", k->has_self, k->self);
		jw_pts(w, "review", k->has_review, k->review);
		jw_pts(w, "final", k->has_final, k->final);
		jw_pts(w, "in_force", 1, k->in_force);
		jw_kstr(w, "reason", k->final_reason ? k->final_reason : k->review_reason);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_key(w, "steps");
	jw_arr(w);
	for (size_t i = 0; i < f->nsteps; i++) {
		const eval_step_row_t *s = &f->steps[i];
		jw_obj(w);
		jw_kstr(w, "step", s->step);
		jw_kstr(w, "label", eval_step_label(s->step));
		jw_kstr(w, "actor", s->actor);
		jw_kstr(w, "as", s->actor_code);
		jw_kstr(w, "at", s->at);
		jw_kstr(w, "due", s->due);
		jw_kbool(w, "late", s->late);
		jw_kstr(w, "reason", s->reason);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_key(w, "objections");
	jw_arr(w);
	for (size_t i = 0; i < f->nobj; i++) {
		const eval_objection_row_t *o = &f->obj[i];
		jw_obj(w);
		jw_kint(w, "id", o->id);
		jw_kstr(w, "reason", o->reason);
		jw_kstr(w, "at", o->at);
		jw_kstr(w, "answer", o->answer);
		jw_kstr(w, "answered_at", o->answered_at);
		jw_kstr(w, "answered_by", o->answered_by);
		jw_kstr(w, "outcome", o->outcome);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_key(w, "tasks");
	jw_obj(w);
	jw_kint(w, "count", f->tasks);
	jw_kint(w, "done", f->tasks_done);
	jw_obj_end(w);
	jw_obj_end(w);
}

/* ---- evaluations: naming and who may act -------------------------------------------- */

/* What a route names: an evaluation, its people and state. */
typedef struct eref {
	int64_t id, person_id, reviewer_id, decider_id, version, unit_id;
	char code[65], status[16];
	period_month_t m;
} eref_t;

/* Resolves key: an evaluation id, or "PERSON@YYYY-MM". ERR_NOT_FOUND when
 * there is no such evaluation. */
static int eref_load(web_req_t *q, const char *key, eref_t *x, err_t *e)
{
	memset(x, 0, sizeof *x);
	const char *at = key ? strrchr(key, '@') : NULL;
	db_stmt_t *s;
	if (at) {
		period_month_t m;
		if (month_of(at + 1, "tháng", &m, e))
			return e->code;
		if (!(s = db_stmt(q->c->db, STMT_API_EVAL_REF_KEY, e)))
			return e->code;
		db_bind_text(s, 1, key, (int)(at - key));
		db_bind_int(s, 2, m.year);
		db_bind_int(s, 3, m.month);
	} else {
		int64_t id;
		if (parse_id(key, &id))
			return err_set(e, ERR_INVALID,
				       "Bản đánh giá «%s» không hợp lệ: dùng số bản đánh giá hoặc MÃ@YYYY-MM",
				       key ? key : "");
		if (!(s = db_stmt(q->c->db, STMT_API_EVAL_REF_ID, e)))
			return e->code;
		db_bind_int(s, 1, id);
	}
	int r = db_step(s, e);
	if (r == DB_ROW) {
		x->id = db_col_int(s, 0);
		x->person_id = db_col_int(s, 1);
		snprintf(x->code, sizeof x->code, "%s", db_col_text(s, 2));
		period_month_set(&x->m, (int)db_col_int(s, 3), (int)db_col_int(s, 4));
		x->reviewer_id = db_col_is_null(s, 5) ? 0 : db_col_int(s, 5);
		x->decider_id = db_col_is_null(s, 6) ? 0 : db_col_int(s, 6);
		x->version = db_col_int(s, 7);
		snprintf(x->status, sizeof x->status, "%s", db_col_text(s, 8));
		x->unit_id = db_col_int(s, 9);
	}
	db_reset(s);
	if (r < 0)
		return e->code;
	if (r != DB_ROW)
		return err_set(e, ERR_NOT_FOUND, "Không có bản đánh giá «%s»", key);
	return 0;
}

enum step_kind { ST_SELF, ST_REVIEW, ST_OBJECT, ST_ANSWER, ST_REOPEN };

/* May the actor do step on x? Checked before the body is read: the person
 * evaluated (self-assessment, objection), the reviewer (review), the
 * decider (answer, reopening), or an administrator. */
static int may_act(web_req_t *q, const eref_t *x, enum step_kind step, err_t *e)
{
	int rc = access_write(q->c, e);
	if (rc || is_admin(q))
		return rc;
	int64_t me = q->c->person_id;
	switch (step) {
	case ST_SELF:
	case ST_OBJECT:
		if (me && me == x->person_id)
			return 0;
		return err_set(e, ERR_FORBIDDEN, "Chỉ chính người được đánh giá (%s) được %s", x->code,
			       step == ST_SELF ? "tự đánh giá" : "kiến nghị về kết quả của mình");
	case ST_REVIEW:
		if (me && me == x->reviewer_id)
			return 0;
		return err_set(e, ERR_FORBIDDEN,
			       "Chỉ người nhận xét, đánh giá được giao cho bản đánh giá của %s được nhận xét",
			       x->code);
	default:
		if (me && me == x->decider_id)
			return 0;
		return err_set(e, ERR_FORBIDDEN,
			       "Chỉ người có thẩm quyền quyết định xếp loại bản đánh giá của %s được %s",
			       x->code, step == ST_ANSWER ? "trả lời kiến nghị" : "mở lại bản đánh giá");
	}
}

/* The evaluation as it is now, as JSON under key "evaluation" of w's open
 * object. */
static int put_eval(web_req_t *q, jw_t *w, const char *person_code, const period_month_t *m,
		    err_t *e)
{
	eval_full_t f;
	int rc = eval_get(q->c, person_code, m, &f, e);
	if (rc)
		return rc;
	jw_key(w, "evaluation");
	eval_full_json(w, &f);
	eval_full_free(&f);
	return 0;
}

/* ---- evaluations: reading ------------------------------------------------------------ */

static int h_eval_get(web_req_t *q, web_res_t *r, err_t *e)
{
	eref_t x;
	int rc = eref_load(q, web_param(q, 0), &x, e);
	if (rc || (rc = access_person(q->c, x.person_id, 0, e)))
		return rc;
	eval_full_t f;
	if ((rc = eval_get(q->c, x.code, &x.m, &f, e)))
		return rc;
	jw_t w;
	jw_init(&w, &r->body);
	eval_full_json(&w, &f);
	eval_full_free(&f);
	return 0;
}

/* The month's evaluations a staff member or a reviewer may list in unit:
 * their own, and (reviewers) those they review or decide. */
static int list_mine(web_req_t *q, const char *unit, const period_month_t *m, eval_list_t *out,
		     err_t *e)
{
	memset(out, 0, sizeof *out);
	int64_t *ids = NULL;
	size_t nids = 0;
	int rc = period_scope_codes(q->c, unit, m, &ids, &nids, e);
	if (rc || !q->c->person_id) {
		free(ids);
		return rc;
	}
	db_stmt_t *s = db_stmt(q->c->db, STMT_API_EVAL_MINE, e);
	if (!s) {
		free(ids);
		return e->code;
	}
	db_bind_int(s, 1, m->year);
	db_bind_int(s, 2, m->month);
	db_bind_int(s, 3, q->c->person_id);
	db_bind_int(s, 4, q->c->role == ROLE_STAFF ? 0 : 1);
	char **codes = NULL;
	size_t n = 0, cap = 0;
	int st;
	while ((st = db_step(s, e)) == DB_ROW) {
		if (!period_in_scope(ids, nids, db_col_int(s, 1)))
			continue;
		xgrow((void **)&codes, &cap, n + 1, sizeof *codes);
		codes[n++] = xstrdup(db_col_text(s, 0));
	}
	db_reset(s);
	free(ids);
	rc = st < 0 ? e->code : 0;
	for (size_t i = 0; !rc && i < n; i++) {
		eval_list_t h;
		if ((rc = eval_history(q->c, codes[i], &h, e)))
			break;
		for (size_t k = 0; k < h.n; k++) {
			if (h.v[k].year != m->year || h.v[k].month != m->month)
				continue;
			xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
			out->v[out->n++] = h.v[k];
			memset(&h.v[k], 0, sizeof h.v[k]); /* moved */
		}
		eval_list_free(&h);
	}
	for (size_t i = 0; i < n; i++)
		free(codes[i]);
	free(codes);
	if (rc)
		eval_list_free(out);
	return rc;
}

static void eval_page(web_res_t *r, const eval_list_t *l, long limit, long offset)
{
	jw_t w;
	page_open(&w, &r->body);
	size_t from, to;
	page_range(l->n, limit, offset, &from, &to);
	for (size_t i = from; i < to; i++)
		eval_row_json(&w, &l->v[i]);
	page_close(&w, l->n, limit, offset);
}

static int h_evals(web_req_t *q, web_res_t *r, err_t *e)
{
	long limit, offset;
	int rc = web_paging(q, 100, 1000, &limit, &offset, e);
	if (rc)
		return rc;
	eval_list_t l;
	const char *person = web_query(q, "person");
	if (person && *person) {
		if ((rc = access_person_code(q->c, person, 0, e)) ||
		    (rc = eval_history(q->c, person, &l, e)))
			return rc;
		eval_page(r, &l, limit, offset);
		eval_list_free(&l);
		return 0;
	}
	const char *unit;
	period_month_t m;
	if ((rc = need_query(q, "unit", &unit, e)))
		return err_set(e, ERR_INVALID, "Cần ?unit=MÃ&month=YYYY-MM (danh sách của tháng) hoặc "
						"?person=MÃ (quá trình của một người)");
	char unit_code[128];
	snprintf(unit_code, sizeof unit_code, "%s", unit);
	if (access_list_scope(q->c) >= 0) {
		if ((rc = access_unit_code(q->c, unit_code, 0, e)) || (rc = query_month(q, &m, e)) ||
		    (rc = eval_list(q->c, unit_code, &m, &l, e)))
			return rc;
	} else if ((rc = query_month(q, &m, e)) || (rc = list_mine(q, unit_code, &m, &l, e))) {
		return rc;
	}
	eval_page(r, &l, limit, offset);
	eval_list_free(&l);
	return 0;
}

/* ---- evaluations: the steps ------------------------------------------------------------ */

static const char *const SCORE_KEYS[] = {"code", "points", "reason", NULL};

/* scores: [{code, points, reason?}] into sc (new). */
static int scores_of(const js_t *arr, eval_scores_t *sc, err_t *e)
{
	memset(sc, 0, sizeof *sc);
	size_t n = js_len(arr);
	if (n > 1000)
		return err_set(e, ERR_INVALID, "Quá nhiều điểm tiêu chí (%zu)", n);
	for (size_t i = 0; i < n; i++) {
		char where[32];
		snprintf(where, sizeof where, "scores[%zu]", i);
		const js_t *o = js_at(arr, i);
		const char *code = NULL;
		int64_t points = 0;
		char *reason = NULL;
		int rc = js_check_keys(o, where, SCORE_KEYS, e);
		if (!rc)
			rc = js_get_str(o, where, "code", 1, &code, e);
		if (!rc)
			rc = js_get_fixed(o, where, "points", 1, 2, -100000000, 100000000, &points, e);
		if (!rc)
			rc = web_get_text(o, "reason", 0, &reason, e);
		if (rc) {
			eval_scores_free(sc);
			return rc;
		}
		xgrow((void **)&sc->v, &sc->cap, sc->n + 1, sizeof *sc->v);
		eval_score_in_t *x = &sc->v[sc->n++];
		x->code = xstrdup(code);
		x->points = (int32_t)points;
		x->reason = reason && *reason ? reason : NULL;
		if (reason && !*reason)
			free(reason);
		x->line = (long)i + 1;
	}
	return 0;
}

static void outcome_json(jw_t *w, const eval_outcome_t *o)
{
	jw_key(w, "outcome");
	jw_obj(w);
	jw_pts(w, "total", 1, o->total);
	jw_kstr(w, "status", nz(o->status));
	jw_kstr(w, "grade", nz(o->grade));
	jw_kint(w, "computed", o->computed);
	jw_kint(w, "changed", o->changed);
	jw_kbool(w, "late", o->late);
	jw_kstr(w, "due", nz(o->due));
	jw_kstr(w, "note", nz(o->note));
	jw_obj_end(w);
}

static const char *const SELF_KEYS[] = {"scores", "version", NULL};
static const char *const OBJECT_KEYS[] = {"reason", "version", NULL};
static const char *const ANSWER_KEYS[] = {"reason", "scores", "grant_top", "version", NULL};

/* The client read version v; x is at x->version. */
static int same_version(const eref_t *x, int64_t v, err_t *e)
{
	if (!v || v == x->version)
		return 0;
	return err_set(e, ERR_CONFLICT,
		       "Bản đánh giá đã bị người khác thay đổi (bạn đọc phiên bản %lld, hiện là %lld); "
		       "hãy tải lại rồi làm lại",
		       (long long)v, (long long)x->version);
}

static int eval_step(web_req_t *q, web_res_t *r, err_t *e, enum step_kind kind)
{
	eref_t x;
	int rc = eref_load(q, web_param(q, 0), &x, e);
	if (rc || (rc = may_act(q, &x, kind, e)))
		return rc;
	js_t *body = web_json_body(q, e);
	if (!body)
		return e->code;
	const char *const *keys = kind == ST_OBJECT   ? OBJECT_KEYS
				  : kind == ST_ANSWER ? ANSWER_KEYS
						      : SELF_KEYS;
	eval_scores_t sc;
	memset(&sc, 0, sizeof sc);
	const js_t *arr = NULL;
	char *reason = NULL;
	int64_t version = 0;
	int top = 0;
	rc = js_check_keys(body, NULL, keys, e);
	if (!rc)
		rc = js_get_array(body, NULL, "scores", kind == ST_SELF, &arr, e);
	if (!rc && arr)
		rc = scores_of(arr, &sc, e);
	if (!rc)
		rc = body_version(body, kind == ST_SELF || kind == ST_REVIEW, &version, e);
	if (!rc && (kind == ST_OBJECT || kind == ST_ANSWER))
		rc = web_get_text(body, "reason", 1, &reason, e);
	if (!rc && kind == ST_ANSWER)
		rc = js_get_bool(body, NULL, "grant_top", 0, &top, e);
	if (!rc && (kind == ST_OBJECT || kind == ST_ANSWER))
		rc = same_version(&x, version, e);
	js_free(body);
	eval_outcome_t o;
	memset(&o, 0, sizeof o);
	if (!rc) {
		const char *as = as_code(q);
		switch (kind) {
		case ST_SELF:
			rc = eval_self(q->c, x.code, &x.m, as, &sc, version, &o, e);
			break;
		case ST_REVIEW:
			rc = eval_review(q->c, x.code, &x.m, as, &sc, version, &o, e);
			break;
		case ST_OBJECT:
			rc = eval_object(q->c, x.code, &x.m, as, reason, e);
			break;
		default:
			rc = eval_answer(q->c, x.code, &x.m, as, reason, &sc, top, &o, e);
			break;
		}
	}
	eval_scores_free(&sc);
	free(reason);
	if (rc)
		return rc;
	/* on an error the dispatcher replaces whatever was written */
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	if (kind != ST_OBJECT)
		outcome_json(&w, &o);
	rc = put_eval(q, &w, x.code, &x.m, e);
	jw_obj_end(&w);
	r->status = kind == ST_OBJECT ? 201 : 200;
	return rc;
}

static int h_eval_self(web_req_t *q, web_res_t *r, err_t *e)
{
	return eval_step(q, r, e, ST_SELF);
}

static int h_eval_review(web_req_t *q, web_res_t *r, err_t *e)
{
	return eval_step(q, r, e, ST_REVIEW);
}

static int h_eval_object(web_req_t *q, web_res_t *r, err_t *e)
{
	return eval_step(q, r, e, ST_OBJECT);
}

static int h_eval_answer(web_req_t *q, web_res_t *r, err_t *e)
{
	return eval_step(q, r, e, ST_ANSWER);
}

/* ---- decision lists ---------------------------------------------------------------------- */

/* Does the actor decide evaluations of month m in unit's subtree (unit
 * NULL: anywhere)? 1/0, -1 on failure; first gets the code of a unit
 * where they do (for a request that names no unit). */
static int decides_in(web_req_t *q, const char *unit, const period_month_t *m, char first[128],
		      err_t *e)
{
	first[0] = '\0';
	if (!q->c->person_id)
		return 0;
	int64_t *ids = NULL;
	size_t nids = 0;
	if (unit && period_scope_codes(q->c, unit, m, &ids, &nids, e))
		return -1;
	db_stmt_t *s = db_stmt(q->c->db, STMT_API_EVAL_DECIDES, e);
	if (!s) {
		free(ids);
		return -1;
	}
	db_bind_int(s, 1, q->c->person_id);
	db_bind_int(s, 2, m->year);
	db_bind_int(s, 3, m->month);
	int st, found = 0;
	while (!found && (st = db_step(s, e)) == DB_ROW) {
		if (unit && !period_in_scope(ids, nids, db_col_int(s, 0)))
			continue;
		snprintf(first, 128, "%s", db_col_text(s, 1));
		found = 1;
	}
	db_reset(s);
	free(ids);
	return found ? 1 : st < 0 ? -1 : 0;
}

/* Who may see (write 0) or act on (write 1) the decision lists of unit in
 * month m: an administrator (every list); a person who decides evaluations
 * there (their own lists: *as_out = their code); for reading, a head, HR
 * or viewer whose scope holds the unit (every list, *every = 1). unit may
 * be NULL for a decider (then *unit_out names a unit where they decide). */
static int decision_access(web_req_t *q, const char *unit, const period_month_t *m, int write,
			   const char **as_out, int *every, char unit_out[128], err_t *e)
{
	*as_out = NULL;
	*every = 0;
	snprintf(unit_out, 128, "%s", unit ? unit : "");
	int rc;
	if (write && (rc = access_write(q->c, e)))
		return rc;
	if (is_admin(q)) {
		if (!unit)
			return err_set(e, ERR_INVALID, "Thiếu «unit» (mã đơn vị)");
		*every = 1;
		return 0;
	}
	char first[128];
	int d = decides_in(q, unit, m, first, e);
	if (d < 0)
		return e->code;
	if (d) {
		*as_out = q->c->person_code;
		if (!unit)
			snprintf(unit_out, 128, "%s", first);
		return 0;
	}
	if (!write && unit && access_list_scope(q->c) >= 0) {
		if ((rc = access_unit_code(q->c, unit, 0, e)))
			return rc;
		*every = 1;
		return 0;
	}
	char mt[8];
	period_month_text(m->year, m->month, mt);
	return err_set(e, ERR_FORBIDDEN,
		       "Bạn không quyết định xếp loại bản đánh giá nào tháng %s%s%s%s", mt,
		       unit ? " trong đơn vị «" : "", unit ? unit : "", unit ? "»" : "");
}

/* The proposal for the lists the access check allowed. Reading every list
 * of a unit is the administrator's use case in app/eval (as_code NULL);
 * eval_propose writes nothing and its actor only narrows the lists to one
 * decider, so a reader whose scope was checked reads it as such. */
static int propose(web_req_t *q, const char *unit, const period_month_t *m, const char *as,
		   int every, int outstanding, eval_pools_t *p, err_t *e)
{
	app_role role = q->c->role;
	if (every)
		q->c->role = ROLE_ADMIN;
	int rc = eval_propose(q->c, unit, m, every ? NULL : as, outstanding, p, e);
	q->c->role = role;
	return rc;
}

static const char *quota_kind_name(int kind)
{
	switch (kind) {
	case FRAMEWORK_QUOTA_SHARE_OF_RATED:
		return "share_of_rated";
	case FRAMEWORK_QUOTA_SHARE_OF_NEXT_GRADE:
		return "share_of_next_grade";
	default:
		return "none";
	}
}

static const char *proposal_name(quota_status s)
{
	static const char *const names[] = {"not_eligible", "granted", "denied", "tied"};
	return (size_t)s < sizeof names / sizeof names[0] ? names[s] : "not_eligible";
}

/* max_top, or null when unlimited. */
static void jw_kcap(jw_t *w, const char *k, int64_t v)
{
	jw_key(w, k);
	if (v == QUOTA_UNLIMITED)
		jw_null(w);
	else
		jw_int(w, v);
}

static void quota_json(jw_t *w, const eval_pool_t *pl)
{
	jw_key(w, "quota");
	jw_obj(w);
	jw_kstr(w, "rule", quota_kind_name(pl->quota_kind));
	jw_kint(w, "permille", pl->limit.permille);
	jw_kint(w, "rated", pl->limit.rated);
	jw_kint(w, "eligible", pl->limit.eligible);
	jw_kint(w, "next_grade", pl->limit.next_grade);
	jw_kcap(w, "unit_cap", pl->limit.unit_cap);
	jw_kbool(w, "per_group", pl->limit.group_cap_sum >= 0);
	jw_kcap(w, "max_top", pl->limit.max_top);
	jw_obj_end(w);
}

static void ties_json(jw_t *w, const eval_pool_t *pl)
{
	jw_key(w, "ties");
	jw_arr(w);
	for (size_t t = 0; t < pl->nties; t++) {
		const eval_tie_t *x = &pl->ties[t];
		jw_obj(w);
		jw_pts(w, "score", 1, x->score);
		jw_kstr(w, "group", x->in_group ? x->group : NULL);
		jw_kint(w, "choose", x->choose);
		jw_key(w, "members");
		jw_arr(w);
		for (size_t k = 0; k < x->nmembers; k++)
			jw_str(w, pl->v[x->members[k]].code);
		jw_arr_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static void list_head_json(jw_t *w, const eval_pool_t *pl)
{
	jw_kref(w, "decider", pl->decider_code, pl->decider_name);
	jw_kref(w, "framework", pl->fw_code, pl->fw_name);
	jw_kstr(w, "top_grade", pl->top_code);
	jw_kstr(w, "next_grade", pl->next_code);
}

/* {"lists": [...], "people", "not_ready"} into w's open object. */
static void pools_json(jw_t *w, const eval_pools_t *p, int decided)
{
	jw_key(w, "lists");
	jw_arr(w);
	for (size_t i = 0; i < p->n; i++) {
		const eval_pool_t *pl = &p->v[i];
		jw_obj(w);
		list_head_json(w, pl);
		quota_json(w, pl);
		if (decided)
			jw_kint(w, "granted", pl->granted);
		ties_json(w, pl);
		jw_key(w, "people");
		jw_arr(w);
		for (size_t k = 0; k < pl->n; k++) {
			const eval_pool_person_t *pp = &pl->v[k];
			jw_obj(w);
			jw_kstr(w, "code", pp->code);
			jw_kstr(w, "name", pp->name);
			jw_kstr(w, "unit", pp->unit_code);
			jw_kstr(w, "group", pp->group);
			jw_pts(w, "score", 1, pp->score);
			jw_kbool(w, "reaches_top", pp->band == pl->top_band);
			jw_kstr(w, "disqualified", pp->disq_reason);
			jw_kstr(w, "proposal", proposal_name(pp->status));
			jw_kbool(w, "fixed", pp->fixed);
			if (decided) {
				jw_kbool(w, "granted", pp->granted);
				jw_kstr(w, "grade", pp->grade_code);
				jw_kstr(w, "grade_label", pp->grade_label);
			}
			jw_kstr(w, "reason", pp->reason);
			jw_obj_end(w);
		}
		jw_arr_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_kint(w, "people", p->people);
	jw_kint(w, "not_ready", p->not_ready);
}

/* Reads the ?unit=&month=&outstanding= of a proposal or what-if and checks
 * access. */
static int proposal_args(web_req_t *q, char unit[128], period_month_t *m, const char **as,
			 int *every, int *outstanding, err_t *e)
{
	const char *u = NULL;
	int64_t out = 0;
	int rc = need_query(q, "unit", &u, e);
	char given[128];
	if (!rc)
		snprintf(given, sizeof given, "%s", u);
	if (rc || (rc = query_month(q, m, e)) ||
	    (rc = decision_access(q, given, m, 0, as, every, unit, e)) ||
	    (rc = web_query_int(q, "outstanding", 0, 1, 0, &out, e)))
		return rc;
	*outstanding = (int)out;
	return 0;
}

/* The unit's decision lists as they stand: the whole proposal (whatif 0,
 * GET /decisions) or, per list, only the quota and how many may get the
 * top grade (whatif 1). Writes nothing. */
static int proposal_answer(web_req_t *q, web_res_t *r, err_t *e, int whatif)
{
	char unit[128];
	period_month_t m;
	const char *as;
	int every, outstanding;
	int rc = proposal_args(q, unit, &m, &as, &every, &outstanding, e);
	eval_pools_t p;
	if (rc || (rc = propose(q, unit, &m, as, every, outstanding, &p, e)))
		return rc;
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_kstr(&w, "unit", unit);
	jw_kmonth(&w, "month", m.year, m.month);
	if (!whatif) {
		pools_json(&w, &p, 0);
	} else {
		jw_key(&w, "lists");
		jw_arr(&w);
		for (size_t i = 0; i < p.n; i++) {
			const eval_pool_t *pl = &p.v[i];
			jw_obj(&w);
			list_head_json(&w, pl);
			jw_kint(&w, "people", (int64_t)pl->n);
			quota_json(&w, pl);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		jw_kint(&w, "not_ready", p.not_ready);
	}
	jw_obj_end(&w);
	eval_pools_free(&p);
	return 0;
}

static int h_decisions(web_req_t *q, web_res_t *r, err_t *e)
{
	return proposal_answer(q, r, e, 0);
}

static int h_whatif(web_req_t *q, web_res_t *r, err_t *e)
{
	return proposal_answer(q, r, e, 1);
}

static const char *const WHATIF_KEYS[] = {"framework", "version", "scores", "outstanding", NULL};

/* The what-if for posted scores under a framework: no organisation data. */
static int h_whatif_post(web_req_t *q, web_res_t *r, err_t *e)
{
	js_t *body = web_json_body(q, e);
	if (!body)
		return e->code;
	const char *code = NULL;
	const js_t *arr = NULL;
	int64_t version = 0;
	int outstanding = 0;
	framework_t *fw = NULL;
	quota_person_t *pp = NULL;
	int rc = js_check_keys(body, NULL, WHATIF_KEYS, e);
	if (!rc)
		rc = js_get_str(body, NULL, "framework", 1, &code, e);
	if (!rc)
		rc = js_get_int(body, NULL, "version", 0, 0, 100000, &version, e);
	if (!rc)
		rc = js_get_array(body, NULL, "scores", 1, &arr, e);
	if (!rc)
		rc = js_get_bool(body, NULL, "outstanding", 0, &outstanding, e);
	size_t n = arr ? js_len(arr) : 0;
	if (!rc && n > 1000000)
		rc = err_set(e, ERR_INVALID, "Quá nhiều điểm (%zu)", n);
	if (!rc) {
		pp = xcalloc(n ? n : 1, sizeof *pp);
		for (size_t i = 0; !rc && i < n; i++) {
			/* each score is an element of the array: read it as a member */
			js_t *one = js_new_object();
			js_put(one, "score", js_copy(js_at(arr, i)));
			char where[32];
			snprintf(where, sizeof where, "scores[%zu]", i);
			int64_t v = 0;
			rc = js_get_fixed(one, where, "score", 1, 2, 0, 1000000, &v, e);
			js_free(one);
			pp[i].id = (int64_t)i;
			pp[i].score = (int32_t)v;
		}
	}
	int64_t id = 0;
	if (!rc && !(id = fw_find(q->c, code, (int)version, e)))
		rc = e->code ? e->code : ERR_NOT_FOUND;
	if (!rc && !(fw = fw_load(q->c, id, e)))
		rc = e->code ? e->code : ERR_INTERNAL;
	for (size_t i = 0; !rc && i < n; i++) {
		score_grade_t g;
		if ((rc = score_grade(fw, pp[i].score, NULL, 0, 0, &g, e)))
			break;
		pp[i].band = (int)g.band;
	}
	quota_limit_t l;
	if (!rc)
		rc = quota_max_top(&fw->quota, pp, n, outstanding, &l, e);
	if (!rc) {
		jw_t w;
		jw_init(&w, &r->body);
		jw_obj(&w);
		jw_key(&w, "framework");
		jw_obj(&w);
		jw_kstr(&w, "code", fw->code);
		jw_kstr(&w, "name", fw->name);
		jw_kint(&w, "version", fw->version);
		jw_obj_end(&w);
		const int tb = fw->quota.top_band, nb = fw->quota.next_band;
		jw_kstr(&w, "top_grade",
			tb >= 0 && (size_t)tb < fw->nbands ? fw->bands[tb].code : NULL);
		jw_kstr(&w, "next_grade",
			nb >= 0 && (size_t)nb < fw->nbands ? fw->bands[nb].code : NULL);
		jw_kstr(&w, "rule", quota_kind_name(fw->quota.kind));
		jw_kint(&w, "permille", l.permille);
		jw_kint(&w, "rated", l.rated);
		jw_kint(&w, "eligible", l.eligible);
		jw_kint(&w, "next_grade_count", l.next_grade);
		jw_kcap(&w, "max_top", l.max_top);
		jw_obj_end(&w);
	}
	free(pp);
	if (fw)
		framework_free(fw);
	js_free(body);
	return rc;
}

/* Is code among v[0..n)? */
static int named(const char *const *v, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (code && strcmp(v[i], code) == 0)
			return 1;
	return 0;
}

/* Details of a refused decision: per list, the quota and how many top
 * grades the request would give, and the ties left to the head. */
static void refusal_details(web_req_t *q, const eval_decide_req_t *dq, buf_t *out)
{
	eval_pools_t p;
	err_t pe;
	err_clear(&pe);
	if (eval_propose(q->c, dq->unit_code, dq->m, dq->as_code, dq->outstanding, &p, &pe))
		return;
	jw_t w;
	jw_init(&w, out);
	jw_obj(&w);
	jw_key(&w, "lists");
	jw_arr(&w);
	for (size_t i = 0; i < p.n; i++) {
		const eval_pool_t *pl = &p.v[i];
		int64_t asked = 0;
		for (size_t k = 0; k < pl->n; k++) {
			const eval_pool_person_t *pp = &pl->v[k];
			if (named(dq->grant, dq->ngrant, pp->code))
				asked++;
			else if (named(dq->deny, dq->ndeny, pp->code))
				continue;
			else if (pp->fixed)
				asked += pp->grade_code && pl->top_code &&
					 strcmp(pp->grade_code, pl->top_code) == 0;
			else
				asked += pp->status == QUOTA_GRANTED;
		}
		jw_obj(&w);
		list_head_json(&w, pl);
		jw_kcap(&w, "quota", pl->limit.max_top);
		jw_kint(&w, "eligible", pl->limit.eligible);
		jw_kint(&w, "requested", asked);
		ties_json(&w, pl);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_kint(&w, "not_ready", p.not_ready);
	jw_obj_end(&w);
	eval_pools_free(&p);
}

/* The body's month and unit (what a decision request names), then the
 * access check for acting on those lists. */
static int decision_target(web_req_t *q, const js_t *body, period_month_t *m, char unit[128],
			   const char **as, err_t *e)
{
	const char *month = NULL, *u = NULL;
	int every;
	int rc = js_get_str(body, NULL, "month", 1, &month, e);
	if (!rc)
		rc = js_get_str(body, NULL, "unit", 0, &u, e);
	if (!rc)
		rc = month_of(month, "month", m, e);
	char given[128];
	if (u)
		snprintf(given, sizeof given, "%s", u);
	if (!rc)
		rc = decision_access(q, u ? given : NULL, m, 1, as, &every, unit, e);
	return rc;
}

static const char *const DECIDE_KEYS[] = {"month", "unit", "grant", "deny", "ties_none",
					  "outstanding", "reason", NULL};

static int h_decide(web_req_t *q, web_res_t *r, err_t *e)
{
	int rc = access_write(q->c, e);
	if (rc)
		return rc;
	js_t *body = web_json_body(q, e);
	if (!body)
		return e->code;
	period_month_t m;
	char unit[128];
	const char *as = NULL, **grant = NULL, **deny = NULL;
	size_t ng = 0, nd = 0;
	int ties_none = 0, outstanding = 0;
	char *reason = NULL;
	rc = decision_target(q, body, &m, unit, &as, e);
	if (!rc)
		rc = js_check_keys(body, NULL, DECIDE_KEYS, e);
	if (!rc)
		rc = body_codes(body, "grant", &grant, &ng, e);
	if (!rc)
		rc = body_codes(body, "deny", &deny, &nd, e);
	if (!rc)
		rc = js_get_bool(body, NULL, "ties_none", 0, &ties_none, e);
	if (!rc)
		rc = js_get_bool(body, NULL, "outstanding", 0, &outstanding, e);
	if (!rc)
		rc = web_get_text(body, "reason", 0, &reason, e);
	eval_decide_req_t dq = {unit, &m, as, grant, ng, deny, nd, ties_none, outstanding,
				reason && *reason ? reason : NULL, 0};
	eval_pools_t p;
	if (!rc && (rc = eval_decide(q->c, &dq, &p, e)) && (rc == ERR_CONFLICT || rc == ERR_INVALID))
		refusal_details(q, &dq, &r->details);
	if (!rc) {
		jw_t w;
		jw_init(&w, &r->body);
		jw_obj(&w);
		jw_kstr(&w, "unit", unit);
		jw_kmonth(&w, "month", m.year, m.month);
		jw_kint(&w, "decided", p.people);
		pools_json(&w, &p, 1);
		jw_obj_end(&w);
		eval_pools_free(&p);
	}
	free(grant);
	free(deny);
	free(reason);
	js_free(body);
	return rc;
}

static const char *const BULK_KEYS[] = {"month", "unit", NULL};

static int bulk(web_req_t *q, web_res_t *r, err_t *e, int lock)
{
	int rc = access_write(q->c, e);
	if (rc)
		return rc;
	js_t *body = web_json_body(q, e);
	if (!body)
		return e->code;
	period_month_t m;
	char unit[128];
	const char *as = NULL;
	rc = decision_target(q, body, &m, unit, &as, e);
	if (!rc)
		rc = js_check_keys(body, NULL, BULK_KEYS, e);
	js_free(body);
	long done = 0, open = 0;
	if (!rc)
		rc = lock ? eval_lock(q->c, unit, &m, as, &done, &open, e)
			  : eval_publish(q->c, unit, &m, as, &done, e);
	if (rc)
		return rc;
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_kstr(&w, "unit", unit);
	jw_kmonth(&w, "month", m.year, m.month);
	if (lock) {
		jw_kint(&w, "locked", done);
		jw_kint(&w, "open_objections", open);
	} else {
		jw_kint(&w, "published", done);
	}
	jw_obj_end(&w);
	return 0;
}

static int h_publish(web_req_t *q, web_res_t *r, err_t *e)
{
	return bulk(q, r, e, 0);
}

static int h_lock(web_req_t *q, web_res_t *r, err_t *e)
{
	return bulk(q, r, e, 1);
}

static const char *const REOPEN_KEYS[] = {"evaluation", "reason", NULL};

static int h_reopen(web_req_t *q, web_res_t *r, err_t *e)
{
	int rc = access_write(q->c, e);
	if (rc)
		return rc;
	js_t *body = web_json_body(q, e);
	if (!body)
		return e->code;
	/* the evaluation: an id (number or text) or "PERSON@YYYY-MM" */
	const js_t *ev = js_get(body, "evaluation");
	char key[160] = "";
	int64_t id = 0;
	const char *s = NULL;
	if (ev && js_typeof(ev) == JS_NUMBER)
		rc = js_get_int(body, NULL, "evaluation", 1, 1, INT64_MAX, &id, e);
	else
		rc = js_get_str(body, NULL, "evaluation", 1, &s, e);
	if (!rc) {
		if (s)
			snprintf(key, sizeof key, "%s", s);
		else
			snprintf(key, sizeof key, "%lld", (long long)id);
	}
	eref_t x;
	char *reason = NULL;
	if (!rc)
		rc = eref_load(q, key, &x, e);
	if (!rc)
		rc = may_act(q, &x, ST_REOPEN, e);
	if (!rc)
		rc = js_check_keys(body, NULL, REOPEN_KEYS, e);
	if (!rc)
		rc = web_get_text(body, "reason", 1, &reason, e);
	js_free(body);
	if (!rc)
		rc = eval_reopen(q->c, x.code, &x.m, as_code(q), reason, e);
	free(reason);
	if (rc)
		return rc;
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	rc = put_eval(q, &w, x.code, &x.m, e);
	jw_obj_end(&w);
	return rc;
}

/* ---- periods ---------------------------------------------------------------------------- */

static int h_periods(web_req_t *q, web_res_t *r, err_t *e)
{
	long limit, offset;
	int rc = web_paging(q, 100, 1000, &limit, &offset, e);
	period_list_t l;
	if (rc || (rc = period_list(q->c, &l, e)))
		return rc;
	jw_t w;
	page_open(&w, &r->body);
	size_t from, to;
	page_range(l.n, limit, offset, &from, &to);
	for (size_t i = from; i < to; i++) {
		const period_row_t *p = &l.v[i];
		jw_obj(&w);
		jw_kint(&w, "id", p->id);
		jw_kmonth(&w, "month", p->year, p->month);
		jw_kref(&w, "unit", p->unit_code, p->unit_name);
		jw_kstr(&w, "status", p->status);
		jw_kint(&w, "evaluations", p->evaluations);
		jw_kstr(&w, "opened_at", p->opened_at);
		jw_kstr(&w, "opened_by", p->opened_by);
		jw_obj_end(&w);
	}
	page_close(&w, l.n, limit, offset);
	period_list_free(&l);
	return 0;
}

static void open_result_json(buf_t *b, const char *units, const period_month_t *m,
			     const period_open_result_t *x)
{
	jw_t w;
	jw_init(&w, b);
	jw_obj(&w);
	jw_kstr(&w, "units", units);
	jw_kmonth(&w, "month", m->year, m->month);
	jw_kint(&w, "period_id", x->period_id);
	jw_kbool(&w, "existed", x->existed);
	const struct {
		const char *k;
		long v;
	} f[] = {{"candidates", x->candidates}, {"created", x->created},
		 {"updated", x->updated},       {"unchanged", x->unchanged},
		 {"progressed", x->progressed}, {"removed", x->removed},
		 {"elsewhere", x->elsewhere},   {"not_working", x->not_working},
		 {"short_stay", x->short_stay}, {"no_framework", x->no_framework},
		 {"leaders", x->leaders},       {"no_reviewer", x->no_reviewer}};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		jw_kint(&w, f[i].k, f[i].v);
	jw_obj_end(&w);
}

typedef struct open_job {
	char *units;
	period_month_t m;
} open_job_t;

static void open_job_free(void *arg)
{
	open_job_t *j = arg;
	free(j->units);
	free(j);
}

static int open_job_run(app_ctx_t *c, void *arg, buf_t *result, buf_t *details, err_t *e)
{
	(void)details;
	open_job_t *j = arg;
	period_open_result_t x;
	int rc = period_open(c, j->units, &j->m, &x, e);
	if (!rc)
		open_result_json(result, j->units, &j->m, &x);
	return rc;
}

/* Checks each code of "A,B" with access_unit (write) and adds up the
 * people holding a primary post in their subtrees. */
static int open_access(web_req_t *q, const char *units, int64_t *people, err_t *e)
{
	*people = 0;
	const char *s = units;
	int any = 0;
	while (s && *s) {
		const char *end = strchr(s, ',');
		size_t n = end ? (size_t)(end - s) : strlen(s);
		char code[128];
		snprintf(code, sizeof code, "%.*s", (int)(n < sizeof code ? n : sizeof code - 1), s);
		char *t = text_clean(code, strlen(code), e);
		if (!t)
			return e->code;
		int rc = 0;
		if (*t) {
			any = 1;
			int64_t id = org_unit_id(q->c, t, e);
			rc = !id ? (e->code ? (int)e->code : ERR_NOT_FOUND) : access_unit(q->c, id, 1, e);
			db_stmt_t *st = rc ? NULL : db_stmt(q->c->db, STMT_API_EVAL_SUBTREE_PEOPLE, e);
			if (!rc && !st)
				rc = e->code;
			if (st) {
				db_bind_int(st, 1, id);
				if (db_step(st, e) == DB_ROW)
					*people += db_col_int(st, 0);
				else
					rc = e->code ? e->code : ERR_DB;
				db_reset(st);
			}
		}
		free(t);
		if (rc)
			return rc;
		s = end ? end + 1 : NULL;
	}
	return any ? 0 : err_set(e, ERR_INVALID, "Thiếu «units» (mã đơn vị, nhiều mã cách nhau dấu phẩy)");
}

static const char *const OPEN_KEYS[] = {"units", "month", NULL};

static int h_period_open(web_req_t *q, web_res_t *r, err_t *e)
{
	int rc = access_write(q->c, e);
	if (rc)
		return rc;
	js_t *body = web_json_body(q, e);
	if (!body)
		return e->code;
	char *units = NULL;
	const char *month = NULL;
	int64_t people = 0;
	period_month_t m;
	rc = web_get_text(body, "units", 1, &units, e);
	if (!rc)
		rc = open_access(q, units, &people, e);
	if (!rc)
		rc = js_check_keys(body, NULL, OPEN_KEYS, e);
	if (!rc)
		rc = js_get_str(body, NULL, "month", 1, &month, e);
	if (!rc)
		rc = month_of(month, "month", &m, e);
	js_free(body);
	if (rc) {
		free(units);
		return rc;
	}
	if (people > PERIOD_JOB_PEOPLE) {
		open_job_t *j = xcalloc(1, sizeof *j);
		j->units = units;
		j->m = m;
		int64_t id = web_job_start(q, "period.open", open_job_run, j, open_job_free, e);
		if (!id)
			return e->code ? e->code : ERR_INTERNAL;
		r->status = 202;
		jw_t w;
		jw_init(&w, &r->body);
		jw_obj(&w);
		jw_kint(&w, "job", id);
		jw_kint(&w, "people", people);
		jw_obj_end(&w);
		return 0;
	}
	period_open_result_t x;
	rc = period_open(q->c, units, &m, &x, e);
	if (!rc) {
		open_result_json(&r->body, units, &m, &x);
		r->status = x.existed ? 200 : 201;
	}
	free(units);
	return rc;
}

static int h_period_status(web_req_t *q, web_res_t *r, err_t *e)
{
	period_month_t m;
	const char *unit;
	int rc = need_query(q, "unit", &unit, e);
	char code[128];
	if (!rc)
		snprintf(code, sizeof code, "%s", unit);
	period_status_t s;
	if (rc || (rc = access_unit_code(q->c, code, 0, e)) ||
	    (rc = month_of(web_param(q, 0), "month", &m, e)) ||
	    (rc = period_status(q->c, code, &m, &s, e)))
		return rc;
	static const char *const st[PERIOD_ST__MAX] = {"pending", "self_assessed", "reviewed",
						       "decided", "published", "locked"};
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_kstr(&w, "unit", code);
	jw_kmonth(&w, "month", m.year, m.month);
	jw_kint(&w, "total", s.total);
	jw_key(&w, "by_status");
	jw_obj(&w);
	for (int i = 0; i < PERIOD_ST__MAX; i++)
		jw_kint(&w, st[i], s.by_status[i]);
	jw_obj_end(&w);
	const struct {
		const char *k, *a, *b, *c;
		long x, y, z;
	} rows[] = {{"due", s.due_self, s.due_review, s.due_decide, 0, 0, 0},
		    {"late", NULL, NULL, NULL, s.late_self, s.late_review, s.late_decide},
		    {"overdue", NULL, NULL, NULL, s.overdue_self, s.overdue_review, s.overdue_decide}};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		jw_key(&w, rows[i].k);
		jw_obj(&w);
		if (rows[i].a) {
			jw_kstr(&w, "self", nz(rows[i].a));
			jw_kstr(&w, "review", nz(rows[i].b));
			jw_kstr(&w, "decide", nz(rows[i].c));
		} else {
			jw_kint(&w, "self", rows[i].x);
			jw_kint(&w, "review", rows[i].y);
			jw_kint(&w, "decide", rows[i].z);
		}
		jw_obj_end(&w);
	}
	jw_kint(&w, "objections_open", s.objections_open);
	jw_obj_end(&w);
	return 0;
}

/* ---- work products and tasks ----------------------------------------------------------- */

static void product_json(jw_t *w, const task_product_row_t *p)
{
	jw_obj(w);
	jw_kint(w, "id", p->id);
	jw_kstr(w, "unit", p->unit_code);
	jw_kstr(w, "position", p->position);
	jw_kstr(w, "code", p->code);
	jw_kstr(w, "name", p->name);
	jw_pts(w, "coef", 1, p->coef);
	jw_obj_end(w);
}

static int h_products(web_req_t *q, web_res_t *r, err_t *e)
{
	long limit, offset;
	int rc = web_paging(q, 100, 1000, &limit, &offset, e);
	const char *u = web_query(q, "unit");
	char unit[128] = "";
	if (u && *u)
		snprintf(unit, sizeof unit, "%s", u);
	task_product_list_t l;
	if (rc || (rc = task_product_list(q->c, unit[0] ? unit : NULL, &l, e)))
		return rc;
	jw_t w;
	page_open(&w, &r->body);
	size_t from, to;
	page_range(l.n, limit, offset, &from, &to);
	for (size_t i = from; i < to; i++)
		product_json(&w, &l.v[i]);
	page_close(&w, l.n, limit, offset);
	task_product_list_free(&l);
	return 0;
}

static const char *const PRODUCT_KEYS[] = {"unit", "position", "code", "name", "coef", NULL};

static int h_product_add(web_req_t *q, web_res_t *r, err_t *e)
{
	int rc = access_write(q->c, e);
	if (rc)
		return rc;
	js_t *body = web_json_body(q, e);
	if (!body)
		return e->code;
	char *unit = NULL, *position = NULL, *code = NULL, *name = NULL;
	int64_t coef = 100;
	rc = web_get_text(body, "unit", 0, &unit, e);
	if (!rc && unit && *unit) {
		rc = access_unit_code(q->c, unit, 1, e);
	} else if (!rc) {
		/* an entry for every unit: organisation-wide data */
		rc = access_org_write(q->c, e);
		if (!rc && !is_admin(q) && q->c->scope_unit)
			rc = err_set(e, ERR_FORBIDDEN,
				     "Chỉ quản trị viên hoặc cán bộ tổ chức phụ trách toàn hệ thống được "
				     "thêm sản phẩm dùng chung cho mọi đơn vị; hãy ghi «unit»");
	}
	if (!rc)
		rc = js_check_keys(body, NULL, PRODUCT_KEYS, e);
	if (!rc)
		rc = web_get_text(body, "position", 1, &position, e);
	if (!rc)
		rc = web_get_text(body, "code", 1, &code, e);
	if (!rc)
		rc = web_get_text(body, "name", 1, &name, e);
	if (!rc)
		rc = js_get_fixed(body, NULL, "coef", 0, 2, 1, 100000, &coef, e);
	js_free(body);
	const char *u = unit && *unit ? unit : NULL;
	if (!rc)
		rc = task_product_add(q->c, u, position, code, name, (int32_t)coef, e);
	task_product_list_t l;
	memset(&l, 0, sizeof l);
	if (!rc)
		rc = task_product_list(q->c, u, &l, e);
	if (!rc) {
		jw_t w;
		jw_init(&w, &r->body);
		for (size_t i = 0; i < l.n; i++)
			if (strcmp(l.v[i].code, code) == 0 && !l.v[i].unit_code == !u) {
				product_json(&w, &l.v[i]);
				break;
			}
		r->status = 201;
	}
	task_product_list_free(&l);
	free(unit);
	free(position);
	free(code);
	free(name);
	return rc;
}

static void task_json(jw_t *w, const task_row_t *t)
{
	jw_obj(w);
	jw_kint(w, "id", t->id);
	jw_kstr(w, "title", t->title);
	jw_kstr(w, "product", t->product);
	jw_pts(w, "coef", 1, t->coef);
	jw_kstr(w, "assigned_by", t->assigned_by);
	jw_kstr(w, "assigned_at", t->assigned_at);
	jw_kstr(w, "deadline", t->deadline);
	jw_kstr(w, "completed_at", t->completed_at);
	jw_key(w, "passed");
	if (t->passed < 0)
		jw_null(w);
	else
		jw_bool(w, t->passed);
	jw_kint(w, "reviews_failed", t->reviews_failed);
	jw_kint(w, "reviews_waived", t->reviews_waived);
	jw_kint(w, "delays", t->delays);
	jw_kint(w, "delays_waived", t->delays_waived);
	jw_kstr(w, "waiver_reason", t->waiver_reason);
	jw_kstr(w, "waived_by", t->waived_by);
	jw_obj_end(w);
}

/* basis points as a whole percentage */
static int64_t pct(int bp)
{
	return (bp + 50) / 100;
}

static int h_tasks(web_req_t *q, web_res_t *r, err_t *e)
{
	long limit, offset;
	const char *p;
	period_month_t m;
	int rc = web_paging(q, 100, 1000, &limit, &offset, e);
	if (!rc)
		rc = need_query(q, "person", &p, e);
	char person[128];
	if (!rc)
		snprintf(person, sizeof person, "%s", p);
	task_list_t l;
	if (rc || (rc = access_person_code(q->c, person, 0, e)) || (rc = query_month(q, &m, e)) ||
	    (rc = task_list(q->c, person, &m, &l, e)))
		return rc;
	jw_t w;
	page_open(&w, &r->body);
	size_t from, to;
	page_range(l.n, limit, offset, &from, &to);
	for (size_t i = from; i < to; i++)
		task_json(&w, &l.v[i]);
	jw_arr_end(&w);
	jw_kint(&w, "total", (int64_t)l.n);
	jw_kint(&w, "limit", limit);
	jw_kint(&w, "offset", offset);
	jw_kstr(&w, "person", person);
	jw_kmonth(&w, "month", m.year, m.month);
	jw_key(&w, "result");
	if (l.has_result) {
		jw_obj(&w);
		jw_kstr(&w, "criterion", l.criterion);
		jw_kint(&w, "quantity_percent", pct(l.result.quantity_bp));
		jw_kint(&w, "quality_percent", pct(l.result.quality_bp));
		jw_kint(&w, "progress_percent", pct(l.result.progress_bp));
		jw_pts(&w, "points", 1, l.result.points);
		jw_pts(&w, "max", 1, l.max);
		jw_obj_end(&w);
	} else {
		jw_null(&w);
	}
	jw_obj_end(&w);
	task_list_free(&l);
	return 0;
}

/* Answers {"task": …} for task id of person's month. */
static int put_task(web_req_t *q, web_res_t *r, const char *person, const period_month_t *m,
		    int64_t id, err_t *e)
{
	task_list_t l;
	int rc = task_list(q->c, person, m, &l, e);
	if (rc)
		return rc;
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_key(&w, "task");
	size_t i = 0;
	while (i < l.n && l.v[i].id != id)
		i++;
	if (i < l.n)
		task_json(&w, &l.v[i]);
	else
		jw_null(&w);
	jw_obj_end(&w);
	task_list_free(&l);
	return 0;
}

/* An ISO date member (YYYY-MM-DD), optional; out[0] = 0 when absent. */
static int body_date(const js_t *body, const char *key, int required, char out[11], err_t *e)
{
	const char *s = NULL;
	int d;
	out[0] = '\0';
	int rc = js_get_str(body, NULL, key, required, &s, e);
	if (rc || !s)
		return rc;
	if (strlen(s) != 10 || date_parse(s, &d))
		return err_set(e, ERR_INVALID, "«%s» phải là ngày dạng YYYY-MM-DD (nhận «%s»)", key, s);
	date_iso(d, out);
	return 0;
}

static const char *const TASK_KEYS[] = {"person", "month", "title", "product", "coef",
					"assigned_at", "deadline", NULL};

static int h_task_add(web_req_t *q, web_res_t *r, err_t *e)
{
	int rc = access_write(q->c, e);
	if (rc)
		return rc;
	js_t *body = web_json_body(q, e);
	if (!body)
		return e->code;
	char *person = NULL, *title = NULL, *product = NULL;
	const char *month = NULL;
	period_month_t m;
	char deadline[11], assigned[11];
	int64_t coef = 0, id = 0;
	rc = web_get_text(body, "person", 1, &person, e);
	if (!rc && !is_admin(q)) {
		/* the assigner: someone who may read the person's record (their
		 * reviewer or decider, a head of their unit), not the person */
		if (!q->c->person_id)
			rc = err_set(e, ERR_FORBIDDEN,
				     "Tài khoản không gắn với cán bộ nào nên không giao nhiệm vụ được");
		else if (strcmp(person, q->c->person_code) == 0)
			rc = err_set(e, ERR_FORBIDDEN, "Không tự giao nhiệm vụ cho chính mình");
		else
			rc = access_person_code(q->c, person, 0, e);
	}
	if (!rc)
		rc = js_check_keys(body, NULL, TASK_KEYS, e);
	if (!rc)
		rc = js_get_str(body, NULL, "month", 1, &month, e);
	if (!rc)
		rc = month_of(month, "month", &m, e);
	if (!rc)
		rc = web_get_text(body, "title", 1, &title, e);
	if (!rc)
		rc = web_get_text(body, "product", 0, &product, e);
	if (!rc)
		rc = js_get_fixed(body, NULL, "coef", 0, 2, 1, 100000, &coef, e);
	if (!rc)
		rc = body_date(body, "deadline", 1, deadline, e);
	if (!rc)
		rc = body_date(body, "assigned_at", 0, assigned, e);
	js_free(body);
	if (!rc) {
		task_rec_t t = {person, &m, title, product && *product ? product : NULL,
				(int32_t)coef, assigned[0] ? assigned : NULL, deadline};
		if (!(id = task_add(q->c, &t, as_code(q), e)))
			rc = e->code ? e->code : ERR_INTERNAL;
	}
	if (!rc && !(rc = put_task(q, r, person, &m, id, e)))
		r->status = 201;
	free(person);
	free(title);
	free(product);
	return rc;
}

/* What a task route names: the task, its assigner and the person's month. */
typedef struct tref {
	int64_t id, assigned_by, person_id;
	char code[65];
	period_month_t m;
} tref_t;

static int tref_load(web_req_t *q, tref_t *t, err_t *e)
{
	memset(t, 0, sizeof *t);
	if (parse_id(web_param(q, 0), &t->id))
		return err_set(e, ERR_INVALID, "Số nhiệm vụ «%s» không hợp lệ", web_param(q, 0));
	db_stmt_t *s = db_stmt(q->c->db, STMT_API_EVAL_TASK_REF, e);
	if (!s)
		return e->code;
	db_bind_int(s, 1, t->id);
	int r = db_step(s, e);
	if (r == DB_ROW) {
		t->assigned_by = db_col_is_null(s, 1) ? 0 : db_col_int(s, 1);
		t->person_id = db_col_int(s, 2);
		snprintf(t->code, sizeof t->code, "%s", db_col_text(s, 3));
		period_month_set(&t->m, (int)db_col_int(s, 4), (int)db_col_int(s, 5));
	}
	db_reset(s);
	if (r < 0)
		return e->code;
	if (r != DB_ROW)
		return err_set(e, ERR_NOT_FOUND, "Không có nhiệm vụ số %lld", (long long)t->id);
	return 0;
}

enum task_step { TS_DONE, TS_REVIEW, TS_WAIVE };

/* Who may: completion, the person or the assigner; the quality review, the
 * assigner; a waiver, someone other than the person who may read their
 * record (the confirming level). Administrators always. */
static int task_may(web_req_t *q, const tref_t *t, enum task_step k, err_t *e)
{
	int rc = access_write(q->c, e);
	if (rc || is_admin(q))
		return rc;
	int64_t me = q->c->person_id;
	if (k == TS_DONE && me && (me == t->person_id || me == t->assigned_by))
		return 0;
	if (k == TS_DONE)
		return err_set(e, ERR_FORBIDDEN,
			       "Chỉ người được giao hoặc người giao nhiệm vụ được báo hoàn thành");
	if (k == TS_REVIEW && me && me == t->assigned_by)
		return 0;
	if (k == TS_REVIEW)
		return err_set(e, ERR_FORBIDDEN, "Chỉ người giao nhiệm vụ được đánh giá chất lượng");
	if (!me)
		return err_set(e, ERR_FORBIDDEN,
			       "Tài khoản không gắn với cán bộ nào nên không xác nhận miễn trừ được");
	if (me == t->person_id)
		return err_set(e, ERR_FORBIDDEN, "Người được giao nhiệm vụ không tự xác nhận miễn trừ");
	return access_person(q->c, t->person_id, 0, e);
}

static const char *const DONE_KEYS[] = {"date", NULL};
static const char *const TREVIEW_KEYS[] = {"passed", NULL};
static const char *const WAIVE_KEYS[] = {"what", "reason", "by", NULL};

static int task_step(web_req_t *q, web_res_t *r, err_t *e, enum task_step k)
{
	tref_t t;
	int rc = tref_load(q, &t, e);
	if (rc || (rc = task_may(q, &t, k, e)))
		return rc;
	js_t *body = web_json_body(q, e);
	if (!body)
		return e->code;
	const char *const *keys = k == TS_DONE ? DONE_KEYS : k == TS_REVIEW ? TREVIEW_KEYS : WAIVE_KEYS;
	char date[11];
	int passed = 0;
	const char *what = NULL, *by = NULL;
	char *reason = NULL;
	rc = js_check_keys(body, NULL, keys, e);
	if (!rc && k == TS_DONE)
		rc = body_date(body, "date", 0, date, e);
	if (!rc && k == TS_REVIEW)
		rc = js_get_bool(body, NULL, "passed", 1, &passed, e);
	if (!rc && k == TS_WAIVE)
		rc = js_get_str(body, NULL, "what", 1, &what, e);
	if (!rc && k == TS_WAIVE && strcmp(what, "review") && strcmp(what, "delay"))
		rc = err_set(e, ERR_INVALID,
			     "«what» là «review» (một lần không đạt yêu cầu) hoặc «delay» (một lần chậm)");
	if (!rc && k == TS_WAIVE)
		rc = web_get_text(body, "reason", 1, &reason, e);
	if (!rc && k == TS_WAIVE)
		rc = js_get_str(body, NULL, "by", is_admin(q), &by, e);
	if (!rc && k == TS_WAIVE && by && !is_admin(q) && strcmp(by, q->c->person_code))
		rc = err_set(e, ERR_FORBIDDEN, "Chỉ người xác nhận (%s) được ghi miễn trừ", by);
	if (!rc) {
		const char *as = as_code(q);
		if (k == TS_DONE)
			rc = task_done(q->c, t.id, date[0] ? date : NULL, as, e);
		else if (k == TS_REVIEW)
			rc = task_review(q->c, t.id, passed, as, e);
		else
			rc = task_waive(q->c, t.id, what, reason, by ? by : q->c->person_code, as, e);
	}
	js_free(body);
	free(reason);
	return rc ? rc : put_task(q, r, t.code, &t.m, t.id, e);
}

static int h_task_done(web_req_t *q, web_res_t *r, err_t *e)
{
	return task_step(q, r, e, TS_DONE);
}

static int h_task_review(web_req_t *q, web_res_t *r, err_t *e)
{
	return task_step(q, r, e, TS_REVIEW);
}

static int h_task_waive(web_req_t *q, web_res_t *r, err_t *e)
{
	return task_step(q, r, e, TS_WAIVE);
}

/* ---- annual results ---------------------------------------------------------------------- */

static const char *const YEAR_GRADES[] = {"HTXS", "HTT", "HT", "KHT", "CXL"};

static const char *const ANNUAL_KEYS[] = {"unit", "year", "grant", "reason", NULL};

static int h_annual_run(web_req_t *q, web_res_t *r, err_t *e)
{
	int rc = access_write(q->c, e);
	if (rc)
		return rc;
	js_t *body = web_json_body(q, e);
	if (!body)
		return e->code;
	char *unit = NULL, *reason = NULL;
	const char **grant = NULL;
	size_t ng = 0;
	int64_t year = 0;
	rc = web_get_text(body, "unit", 1, &unit, e);
	if (!rc)
		rc = access_unit_code(q->c, unit, 1, e);
	if (!rc)
		rc = js_check_keys(body, NULL, ANNUAL_KEYS, e);
	if (!rc)
		rc = js_get_int(body, NULL, "year", 1, 2000, 2200, &year, e);
	if (!rc)
		rc = body_codes(body, "grant", &grant, &ng, e);
	if (!rc)
		rc = web_get_text(body, "reason", 0, &reason, e);
	year_run_result_t x;
	if (!rc)
		rc = year_run(q->c, unit, (int)year, grant, ng, reason && *reason ? reason : NULL, &x,
			      e);
	if (!rc) {
		jw_t w;
		jw_init(&w, &r->body);
		jw_obj(&w);
		jw_kstr(&w, "unit", unit);
		jw_kint(&w, "year", year);
		jw_kint(&w, "people", x.people);
		jw_key(&w, "by_grade");
		jw_obj(&w);
		for (int g = 0; g < 5; g++)
			jw_kint(&w, YEAR_GRADES[g], x.by_grade[g]);
		jw_obj_end(&w);
		jw_kint(&w, "ties", x.ties);
		jw_kint(&w, "flags", x.flags);
		jw_kint(&w, "suppressed", x.suppressed);
		jw_obj_end(&w);
	}
	free(grant);
	free(unit);
	free(reason);
	js_free(body);
	return rc;
}

static int h_annual(web_req_t *q, web_res_t *r, err_t *e)
{
	long limit, offset;
	const char *u;
	int64_t year;
	int rc = web_paging(q, 100, 1000, &limit, &offset, e);
	if (!rc)
		rc = need_query(q, "unit", &u, e);
	char unit[128];
	if (!rc)
		snprintf(unit, sizeof unit, "%s", u);
	year_list_t l;
	if (rc || (rc = access_unit_code(q->c, unit, 0, e)) ||
	    (rc = web_query_int(q, "year", 2000, 2200, 0, &year, e)))
		return rc;
	if (!year)
		return err_set(e, ERR_INVALID, "Thiếu tham số «year» (năm, ví dụ 2026)");
	if ((rc = year_show(q->c, unit, (int)year, &l, e)))
		return rc;
	jw_t w;
	page_open(&w, &r->body);
	size_t from, to;
	page_range(l.n, limit, offset, &from, &to);
	for (size_t i = from; i < to; i++) {
		const year_row_t *x = &l.v[i];
		jw_obj(&w);
		jw_kref(&w, "person", x->code, x->name);
		jw_kstr(&w, "unit", x->unit_code);
		jw_kint(&w, "months", x->months);
		jw_kint(&w, "months_absent", x->months_absent);
		jw_kint(&w, "days_absent", x->days_absent);
		jw_kint(&w, "maternity_months", x->maternity_months);
		jw_pts(&w, "mean", x->has_total, x->total);
		jw_kstr(&w, "by_score", x->by_score);
		jw_kstr(&w, "grade", x->grade);
		jw_kstr(&w, "grade_label", x->grade ? year_grade_label(x->grade) : NULL);
		jw_kbool(&w, "top_granted", x->top_granted);
		jw_kstr(&w, "reason", x->reason);
		jw_kstr(&w, "consequences", x->consequences);
		jw_kstr(&w, "computed_at", x->computed_at);
		jw_obj_end(&w);
	}
	page_close(&w, l.n, limit, offset);
	year_list_free(&l);
	return 0;
}

/* ---- the routes ----------------------------------------------------------------------- */

const web_route_t web_routes_eval[] = {
	{"GET", "/api/v1/periods", h_periods, WEB_R_ALL, 0, "periods", "List evaluation periods",
	 "Every opened month (newest first) with its root unit, status, number of evaluations and "
	 "who opened it. Anyone signed in (periods are organisation-wide). Paged with ?limit= "
	 "(default 100, at most 1000) and ?offset=."},
	{"POST", "/api/v1/periods", h_period_open, WEB_R_MANAGE, 0, "periods",
	 "Open a month for a subtree",
	 "Body {units: \"CODE[,CODE]\", month: \"MM/YYYY\" or \"YYYY-MM\"}. Creates one evaluation per "
	 "eligible person in the units' subtrees; idempotent (a re-run adds newcomers and refreshes "
	 "evaluations still pending). HR whose scope holds every unit, or administrators. Answers 201 "
	 "with the counts (created, updated, unchanged, progressed, removed, elsewhere…), 200 on a "
	 "re-run; when the subtrees hold more than 2,000 people it runs in the background and answers "
	 "202 {job, people}: poll GET /api/v1/jobs/{id}."},
	{"GET", "/api/v1/periods/{month}/status", h_period_status, WEB_R_READERS, 0, "periods",
	 "Progress of a month in a unit",
	 "Month as YYYY-MM; ?unit=CODE (required). Counts of evaluations at each status, the "
	 "deadlines of the steps, steps done late and overdue, open objections. Heads, HR and viewers "
	 "whose scope holds the unit, administrators."},
	{"GET", "/api/v1/evaluations", h_evals, WEB_R_ALL, 0, "evaluations",
	 "List evaluations",
	 "?unit=CODE&month=YYYY-MM: the month's evaluations in the unit's subtree by unit then in "
	 "Vietnamese name order — heads, HR and viewers for a unit in their scope, administrators "
	 "everything; staff get only their own evaluation and reviewers their own and those they "
	 "review or decide. ?person=CODE: every month of one person (the person, their reviewer or "
	 "decider, readers whose scope holds them). Paged (?limit=, default 100, ?offset=)."},
	{"GET", "/api/v1/evaluations/{id}", h_eval_get, WEB_R_ALL, 0, "evaluations",
	 "One evaluation in full",
	 "{id} is the evaluation's number or PERSON@YYYY-MM. The evaluation with its criteria (maximum, "
	 "self, review, final and in-force points, the reason of a change), the steps (who, when, "
	 "deadline, late), objections and answers, tasks, and the version to send back with a step. "
	 "The person, their reviewer or decider, and readers whose scope holds the person."},
	{"POST", "/api/v1/evaluations/{id}/self", h_eval_self, WEB_R_WRITERS, 0, "evaluations",
	 "Self-assessment",
	 "Body {scores: [{code, points, reason?}], version}: every criterion the person scores, points "
	 "as JSON numbers with at most two decimals; version is the one read (a lost race answers "
	 "409). Computed criteria (work products, leader formula) are filled in. Only the person "
	 "evaluated (or an administrator), while pending or self-assessed. Answers {outcome: {total, "
	 "status, late, due, note}, evaluation}."},
	{"POST", "/api/v1/evaluations/{id}/review", h_eval_review, WEB_R_WRITERS, 0, "evaluations",
	 "Review by the reviewer",
	 "Body {scores?: [{code, points, reason}], version}: the criteria the reviewer changes, each "
	 "change with a reason; no scores accepts the self-assessment as it is. Only the evaluation's "
	 "reviewer (or an administrator), before the decision. Answers {outcome, evaluation}; a lost "
	 "race answers 409."},
	{"POST", "/api/v1/evaluations/{id}/objection", h_eval_object, WEB_R_WRITERS, 0, "evaluations",
	 "Object to a published result",
	 "Body {reason, version?}. Only the person evaluated, within the objection window after "
	 "publication; one open objection at a time. Answers 201 {evaluation}."},
	{"POST", "/api/v1/evaluations/{id}/answer", h_eval_answer, WEB_R_WRITERS, 0, "evaluations",
	 "Answer an objection",
	 "Body {reason, scores?: [{code, points, reason?}], grant_top?: bool, version?}. Only the "
	 "decider (or an administrator), while an objection is open; changed scores recompute the "
	 "grade, and the top grade needs grant_top and must fit the list's quota. Answers {outcome, "
	 "evaluation}."},
	{"GET", "/api/v1/decisions", h_decisions, WEB_R_ALL, 0, "decisions",
	 "The proposal for the decision lists",
	 "?month=YYYY-MM&unit=CODE[&outstanding=1]. For a decider: their decision lists with "
	 "evaluations in the unit; for heads, HR and viewers whose scope holds the unit (and "
	 "administrators): every list there. Per list: the quota (rule, rate, eligible, max_top), each "
	 "person's final score and proposal (granted, denied, tied, not_eligible), the ties at the "
	 "boundary the head must choose, and how many evaluations are not yet reviewed. Writes "
	 "nothing."},
	{"POST", "/api/v1/decisions", h_decide, WEB_R_WRITERS, 0, "decisions",
	 "Decide the grades of the decision lists",
	 "Body {month, unit?, grant?: [codes], deny?: [codes], ties_none?: bool, outstanding?: bool, "
	 "reason?}. The decider's whole lists (administrators: every decider with evaluations in the "
	 "unit, unit required); every evaluation in them must be reviewed. A tie at the boundary must "
	 "be chosen with grant (or ties_none) and a reason; a decision over the quota is refused with "
	 "409 and details.lists[{quota, requested, ties}]. Answers the lists as decided."},
	{"POST", "/api/v1/decisions/publish", h_publish, WEB_R_WRITERS, 0, "decisions",
	 "Publish the decided results",
	 "Body {month, unit?}. Publishes the decider's decided evaluations and opens the objection "
	 "window (objection.days). The decider or an administrator (unit required). Answers "
	 "{published}."},
	{"POST", "/api/v1/decisions/lock", h_lock, WEB_R_WRITERS, 0, "decisions",
	 "Lock the published results",
	 "Body {month, unit?}. Locks the published evaluations of the decider's lists that have no "
	 "open objection. The decider or an administrator (unit required). Answers {locked, "
	 "open_objections}."},
	{"POST", "/api/v1/decisions/reopen", h_reopen, WEB_R_WRITERS, 0, "decisions",
	 "Reopen an evaluation",
	 "Body {evaluation: id or PERSON@YYYY-MM, reason}. A decided, published or locked evaluation "
	 "goes back to reviewed. Only its decider or an administrator. Answers {evaluation}."},
	{"GET", "/api/v1/quotas/what-if", h_whatif, WEB_R_ALL, 0, "decisions",
	 "How many top grades a unit may give",
	 "?month=YYYY-MM&unit=CODE[&outstanding=1]: per decision list, the people rated, those whose "
	 "score reaches the top grade and max_top, the number that may get it (null: no limit). Same "
	 "access as GET /api/v1/decisions."},
	{"POST", "/api/v1/quotas/what-if", h_whatif_post, WEB_R_ALL, 0, "decisions",
	 "What-if for posted scores",
	 "Body {framework: code, version?, scores: [numbers], outstanding?}: how many top grades the "
	 "framework's quota allows for these final scores. Anyone signed in; touches no "
	 "organisation data."},
	{"GET", "/api/v1/work-products", h_products, WEB_R_ALL, 0, "tasks",
	 "The work-products catalogue",
	 "?unit=CODE (optional): the entries for that unit (its own win over general ones with the same "
	 "code), or every entry. Each has the job position, code, name and conversion coefficient. "
	 "Anyone signed in (the catalogue is organisation-wide reference data). Paged."},
	{"POST", "/api/v1/work-products", h_product_add, WEB_R_MANAGE, 0, "tasks",
	 "Add a catalogue entry",
	 "Body {unit?, position, code, name, coef?} (coef a number with at most two decimals, default "
	 "1). With unit: HR whose scope holds it, or administrators; without: an entry for every unit, "
	 "administrators or HR of the whole tree. Answers 201 with the entry."},
	{"GET", "/api/v1/tasks", h_tasks, WEB_R_ALL, 0, "tasks", "A person's tasks of a month",
	 "?person=CODE&month=YYYY-MM. The tasks (assigned by, deadline, completion, quality review, "
	 "delays, waivers) and the work-products result they give (quantity, quality, progress, "
	 "points). Whoever may read the person's record. Paged."},
	{"POST", "/api/v1/tasks", h_task_add, WEB_R_WRITERS, 0, "tasks", "Assign a task",
	 "Body {person, month, title, deadline: YYYY-MM-DD, product?, coef?, assigned_at?}. The "
	 "signed-in person is the assigner: their reviewer, decider or a head whose scope holds the "
	 "person (never the person); administrators assign with no assigner. The month must be open "
	 "and not yet decided. Answers 201 {task}."},
	{"POST", "/api/v1/tasks/{id}/done", h_task_done, WEB_R_WRITERS, 0, "tasks",
	 "Record a task as completed",
	 "Body {date?: YYYY-MM-DD} (default today); after the deadline it counts one delay. The person "
	 "or the assigner, or an administrator. Answers {task}."},
	{"POST", "/api/v1/tasks/{id}/review", h_task_review, WEB_R_WRITERS, 0, "tasks",
	 "Review a task's quality",
	 "Body {passed: bool}: passed, or failed for a major content error (each failure costs 25% of "
	 "the item's quality points). Only the assigner, or an administrator. Answers {task}."},
	{"POST", "/api/v1/tasks/{id}/waive", h_task_waive, WEB_R_WRITERS, 0, "tasks",
	 "Waive a failed review or a delay",
	 "Body {what: \"review\"|\"delay\", reason, by? (administrators: the confirming person)}. For an "
	 "objective cause confirmed by the signed-in person, who must not be the person and must be "
	 "able to read their record. Answers {task}."},
	{"POST", "/api/v1/annual-results", h_annual_run, WEB_R_MANAGE, 0, "annual",
	 "Classify the year for a unit",
	 "Body {unit, year, grant?: [codes], reason?}: the annual classification from the monthly "
	 "results (Decree 90/2020 as amended by 48/2023), the annual quota per list (a tie stays HTT "
	 "until named in grant with a reason) and the consequences. Re-runnable. HR whose scope holds "
	 "the unit, or administrators. Answers the counts per grade."},
	{"GET", "/api/v1/annual-results", h_annual, WEB_R_READERS, 0, "annual",
	 "Annual results of a unit",
	 "?unit=CODE&year=YYYY: the stored results by unit then name (months counted and absent, mean, "
	 "grade, reason, consequences). Heads, HR and viewers whose scope holds the unit, "
	 "administrators. Paged."},
	{NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
