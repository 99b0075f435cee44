/*
 * tasks: the work-product catalogue and the tasks of a month. See tasks.h.
 */
#include "app/tasks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/fw.h"
#include "app/org.h"
#include "core/framework.h"
#include "lib/buf.h"
#include "lib/date.h"
#include "lib/jw.h"
#include "lib/text.h"
#include "lib/xalloc.h"

static int dberr(err_t *e)
{
	return e && e->code ? e->code : ERR_DB;
}

static char *col_dup(db_stmt_t *s, int col)
{
	return db_col_is_null(s, col) ? NULL : xstrdup(db_col_text(s, col));
}

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

int task_parse_coef(const char *s, int32_t *out)
{
	if (!s)
		return -1;
	long whole = 0, frac = 0;
	int digits = 0, fd = 0;
	const char *p = s;
	while (*p >= '0' && *p <= '9' && whole <= 1000) {
		whole = whole * 10 + (*p++ - '0');
		digits++;
	}
	if (!digits)
		return -1;
	if (*p == ',' || *p == '.') {
		p++;
		while (*p >= '0' && *p <= '9') {
			if (++fd > 2)
				return -1;
			frac = frac * 10 + (*p++ - '0');
		}
		if (!fd)
			return -1;
		if (fd == 1)
			frac *= 10;
	}
	if (*p)
		return -1;
	long v = whole * 100 + frac;
	if (v < 1 || v > WORKPROD_COEF_MAX)
		return -1;
	*out = (int32_t)v;
	return 0;
}

/* ---- the catalogue -------------------------------------------------------- */

int task_product_add(app_ctx_t *c, const char *unit_code, const char *position, const char *code,
		     const char *name, int32_t coef, err_t *e)
{
	int rc = app_require_hr(c, e);
	if (rc)
		return rc;
	if (!position || !*position || !code || !*code || !name || !*name)
		return err_set(e, ERR_INVALID,
			       "Sản phẩm cần có vị trí việc làm (--position), mã (--code) và tên "
			       "(--name)");
	if (coef < 1 || coef > WORKPROD_COEF_MAX)
		return err_set(e, ERR_INVALID, "Hệ số quy đổi phải từ 0,01 đến 1000");
	int64_t unit = 0;
	if (unit_code && !(unit = org_unit_id(c, unit_code, e)))
		return dberr(e);
	err_t ce = {0};
	char *pos = text_clean(position, strlen(position), &ce);
	char *nm = pos ? text_clean(name, strlen(name), &ce) : NULL;
	if (!pos || !nm) {
		free(pos);
		return err_set(e, ERR_INVALID, "%s", ce.msg);
	}
	char *fold = text_fold(pos);
	char now[32];
	app_now(now);
	if ((rc = db_begin(c->db, e)))
		goto out;
	db_stmt_t *s = db_stmt(c->db, STMT_WP_INSERT, e);
	int64_t id = 0;
	if (s) {
		db_bind_id(s, 1, unit);
		db_bind_text(s, 2, pos, -1);
		db_bind_text(s, 3, fold, -1);
		db_bind_text(s, 4, code, -1);
		db_bind_text(s, 5, nm, -1);
		db_bind_int(s, 6, coef);
		db_bind_text(s, 7, now, -1);
		id = db_insert(s, e);
	}
	if (!id) {
		rc = dberr(e);
		if (rc == ERR_CONFLICT)
			err_set(e, ERR_CONFLICT, "Mã sản phẩm «%s» đã có trong danh mục%s%s", code,
				unit_code ? " của đơn vị " : " chung", unit_code ? unit_code : "");
		db_rollback(c->db);
		goto out;
	}
	buf_t after;
	buf_init(&after, 4096);
	jw_t w;
	jw_init(&w, &after);
	jw_obj(&w);
	jw_kstr(&w, "unit", unit_code);
	jw_kstr(&w, "position", pos);
	jw_kstr(&w, "code", code);
	jw_kstr(&w, "name", nm);
	jw_kint(&w, "coef", coef);
	jw_obj_end(&w);
	char eid[24];
	snprintf(eid, sizeof eid, "%lld", (long long)id);
	rc = audit_append(c, "work_product.add", "work_product", eid, NULL, buf_cstr(&after), e);
	buf_free(&after);
	if (!rc)
		rc = db_commit(c->db, e);
	if (rc)
		db_rollback(c->db);
out:
	free(pos);
	free(nm);
	free(fold);
	return rc;
}

void task_product_list_free(task_product_list_t *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].unit_code);
		free(l->v[i].position);
		free(l->v[i].code);
		free(l->v[i].name);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

int task_product_list(app_ctx_t *c, const char *unit_code, task_product_list_t *out, err_t *e)
{
	memset(out, 0, sizeof *out);
	int64_t unit = 0;
	if (unit_code && !(unit = org_unit_id(c, unit_code, e)))
		return dberr(e);
	db_stmt_t *s = db_stmt(c->db, STMT_WP_LIST, e);
	if (!s)
		return dberr(e);
	db_bind_id(s, 1, unit);
	int r;
	while ((r = db_step(s, e)) == DB_ROW) {
		xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
		task_product_row_t *x = &out->v[out->n++];
		x->id = db_col_int(s, 0);
		x->unit_code = col_dup(s, 1);
		x->position = col_dup(s, 2);
		x->code = col_dup(s, 3);
		x->name = col_dup(s, 4);
		x->coef = (int32_t)db_col_int(s, 5);
	}
	return r < 0 ? dberr(e) : 0;
}

/* ---- tasks ------------------------------------------------------------------ */

/* The evaluation of person for month m: id, status index, unit. */
static int find_eval(app_ctx_t *c, int64_t person, const period_month_t *m, int64_t *id,
		     char status[16], int64_t *unit, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, STMT_EVAL_GET, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, person);
	db_bind_int(s, 2, m->year);
	db_bind_int(s, 3, m->month);
	int r = db_step(s, e);
	if (r == DB_ROW) {
		*id = db_col_int(s, 0);
		*unit = db_col_int(s, 3);
		snprintf(status, 16, "%s", db_col_text(s, 17));
	}
	db_reset(s);
	if (r < 0)
		return dberr(e);
	if (r == DB_DONE)
		return err_set(e, ERR_NOT_FOUND,
			       "Chưa có bản đánh giá tháng %02d/%04d của người này (mở kỳ đánh giá "
			       "trước: canbo period open)",
			       m->month, m->year);
	return 0;
}

static int open_for_tasks(const char *status, err_t *e)
{
	if (strcmp(status, "pending") == 0 || strcmp(status, "self_assessed") == 0 ||
	    strcmp(status, "reviewed") == 0)
		return 0;
	return err_set(e, ERR_CONFLICT,
		       "Bản đánh giá của tháng này đã được quyết định xếp loại: không thể thay đổi "
		       "nhiệm vụ (thủ trưởng mở lại nếu cần)");
}

typedef struct task_state {
	int64_t id, eval_id, assigned_by, person;
	char status[16];
	char *deadline, *completed_at, *title;
	int passed, reviews_failed, reviews_waived, delays, delays_waived;
} task_state_t;

static void state_free(task_state_t *t)
{
	free(t->deadline);
	free(t->completed_at);
	free(t->title);
}

static int load_task(app_ctx_t *c, int64_t id, task_state_t *t, err_t *e)
{
	memset(t, 0, sizeof *t);
	db_stmt_t *s = db_stmt(c->db, STMT_TASK_GET, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, id);
	int r = db_step(s, e);
	if (r == DB_ROW) {
		t->id = id;
		t->eval_id = db_col_int(s, 1);
		t->title = col_dup(s, 2);
		t->deadline = col_dup(s, 5);
		t->completed_at = col_dup(s, 6);
		t->passed = db_col_is_null(s, 7) ? -1 : (int)db_col_int(s, 7);
		t->reviews_failed = (int)db_col_int(s, 8);
		t->reviews_waived = (int)db_col_int(s, 9);
		t->delays = (int)db_col_int(s, 10);
		t->delays_waived = (int)db_col_int(s, 11);
		t->assigned_by = db_col_is_null(s, 13) ? 0 : db_col_int(s, 13);
	}
	db_reset(s);
	if (r < 0)
		return dberr(e);
	if (r == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "Không có nhiệm vụ số %lld", (long long)id);
	if (!(s = db_stmt(c->db, STMT_TASK_EVAL_STATUS, e)))
		return dberr(e);
	db_bind_int(s, 1, t->eval_id);
	if ((r = db_step(s, e)) == DB_ROW) {
		snprintf(t->status, sizeof t->status, "%s", db_col_text(s, 0));
		t->person = db_col_int(s, 1);
	}
	db_reset(s);
	return r < 0 ? dberr(e) : 0;
}

/* Resolves as_code: 0 (the administrator) or a person id; -1 on error. */
static int64_t acting(app_ctx_t *c, const char *as_code, err_t *e)
{
	if (!as_code) {
		if (c->role != ROLE_ADMIN) {
			err_set(e, ERR_FORBIDDEN, "Cần cho biết ai thực hiện bước này");
			return -1;
		}
		return 0;
	}
	int64_t id = person_id(c, as_code, e);
	return id ? id : -1;
}

static void task_json(jw_t *w, const task_state_t *t)
{
	jw_obj(w);
	jw_kint(w, "id", t->id);
	jw_kstr(w, "title", t->title);
	jw_kstr(w, "completed_at", t->completed_at);
	if (t->passed >= 0)
		jw_kint(w, "passed", t->passed);
	jw_kint(w, "reviews_failed", t->reviews_failed);
	jw_kint(w, "reviews_waived", t->reviews_waived);
	jw_kint(w, "delays", t->delays);
	jw_kint(w, "delays_waived", t->delays_waived);
	jw_obj_end(w);
}

static int audit_task(app_ctx_t *c, const char *action, const task_state_t *before,
		      const task_state_t *after, err_t *e)
{
	buf_t b, a;
	buf_init(&b, 1 << 16);
	buf_init(&a, 1 << 16);
	jw_t w;
	if (before) {
		jw_init(&w, &b);
		task_json(&w, before);
	}
	jw_init(&w, &a);
	task_json(&w, after);
	char eid[24];
	snprintf(eid, sizeof eid, "%lld", (long long)after->id);
	int rc = audit_append(c, action, "task", eid, before ? buf_cstr(&b) : NULL, buf_cstr(&a), e);
	buf_free(&b);
	buf_free(&a);
	return rc;
}

int64_t task_add(app_ctx_t *c, const task_rec_t *t, const char *as_code, err_t *e)
{
	if (!t->title || !*t->title) {
		err_set(e, ERR_INVALID, "Nhiệm vụ cần có tên (--title)");
		return 0;
	}
	int dl, at;
	if (!t->deadline || date_parse(t->deadline, &dl)) {
		err_set(e, ERR_INVALID, "Nhiệm vụ cần có hạn hoàn thành hợp lệ (--deadline dd/mm/yyyy)");
		return 0;
	}
	char today[11];
	app_today(today);
	const char *assigned = t->assigned_at ? t->assigned_at : today;
	if (date_parse(assigned, &at) || dl < at) {
		err_set(e, ERR_INVALID, "Hạn hoàn thành phải từ ngày giao trở đi");
		return 0;
	}
	int64_t by = acting(c, as_code, e);
	if (by < 0)
		return 0;
	int64_t pid = person_id(c, t->person_code, e);
	if (!pid)
		return 0;
	err_t ce = {0};
	char *title = text_clean(t->title, strlen(t->title), &ce);
	if (!title) {
		err_set(e, ERR_INVALID, "Tên nhiệm vụ: %s", ce.msg);
		return 0;
	}
	char now[32], status[16];
	app_now(now);
	int64_t eval_id = 0, unit = 0, id = 0, product = 0;
	int32_t coef = t->coef;
	int rc = db_begin(c->db, e);
	if (rc)
		goto out;
	if ((rc = find_eval(c, pid, t->m, &eval_id, status, &unit, e)) ||
	    (rc = open_for_tasks(status, e)))
		goto fail;
	if (t->product_code) {
		db_stmt_t *s = db_stmt(c->db, STMT_WP_FIND, e);
		if (!s) {
			rc = dberr(e);
			goto fail;
		}
		db_bind_text(s, 1, t->product_code, -1);
		db_bind_int(s, 2, unit);
		int r = db_step(s, e);
		if (r == DB_ROW) {
			product = db_col_int(s, 0);
			if (!coef)
				coef = (int32_t)db_col_int(s, 1);
		}
		db_reset(s);
		if (r < 0) {
			rc = dberr(e);
			goto fail;
		}
		if (!product) {
			rc = err_set(e, ERR_NOT_FOUND, "Không có sản phẩm mã «%s» trong danh mục",
				     t->product_code);
			goto fail;
		}
	}
	if (!coef)
		coef = 100;
	db_stmt_t *s = db_stmt(c->db, STMT_TASK_INSERT, e);
	if (!s) {
		rc = dberr(e);
		goto fail;
	}
	db_bind_int(s, 1, eval_id);
	db_bind_id(s, 2, product);
	db_bind_text(s, 3, title, -1);
	db_bind_int(s, 4, coef);
	db_bind_id(s, 5, by);
	db_bind_text(s, 6, assigned, -1);
	db_bind_text(s, 7, t->deadline, -1);
	db_bind_text(s, 8, now, -1);
	if (!(id = db_insert(s, e))) {
		rc = dberr(e);
		goto fail;
	}
	task_state_t st;
	memset(&st, 0, sizeof st);
	st.id = id;
	st.title = title;
	st.passed = -1;
	if ((rc = audit_task(c, "task.add", NULL, &st, e)) || (rc = db_commit(c->db, e)))
		goto fail;
	goto out;
fail:
	db_rollback(c->db);
	id = 0;
out:
	free(title);
	return id;
}

/* Writes t's mutable fields back (one statement per kind of change). */
static int save(app_ctx_t *c, stmt_id sid, const task_state_t *t, const char *reason,
		int64_t waived_by, err_t *e)
{
	char now[32];
	app_now(now);
	db_stmt_t *s = db_stmt(c->db, sid, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, t->id);
	if (sid == STMT_TASK_DONE) {
		db_bind_text(s, 2, t->completed_at, -1);
		db_bind_int(s, 3, t->delays);
		db_bind_text(s, 4, now, -1);
	} else if (sid == STMT_TASK_REVIEW) {
		if (t->passed < 0)
			db_bind_null(s, 2);
		else
			db_bind_int(s, 2, t->passed);
		db_bind_int(s, 3, t->reviews_failed);
		db_bind_text(s, 4, now, -1);
	} else {
		db_bind_int(s, 2, t->reviews_waived);
		db_bind_int(s, 3, t->delays_waived);
		db_bind_text(s, 4, reason, -1);
		db_bind_id(s, 5, waived_by);
		db_bind_text(s, 6, now, -1);
	}
	return db_exec(s, e) ? dberr(e) : 0;
}

int task_done(app_ctx_t *c, int64_t id, const char *date_iso, const char *as_code, err_t *e)
{
	char today[11];
	app_today(today);
	const char *date = date_iso ? date_iso : today;
	int d;
	if (date_parse(date, &d))
		return err_set(e, ERR_INVALID, "Ngày hoàn thành không hợp lệ");
	int64_t who = acting(c, as_code, e);
	if (who < 0)
		return dberr(e);
	task_state_t t;
	int rc = db_begin(c->db, e);
	if (rc)
		return rc;
	if ((rc = load_task(c, id, &t, e)) || (rc = open_for_tasks(t.status, e)))
		goto fail;
	if (who && who != t.person && who != t.assigned_by) {
		rc = err_set(e, ERR_FORBIDDEN,
			     "Chỉ người được giao hoặc người giao nhiệm vụ được báo hoàn thành");
		goto fail;
	}
	if (t.completed_at) {
		rc = err_set(e, ERR_CONFLICT, "Nhiệm vụ số %lld đã hoàn thành ngày %s", (long long)id,
			     t.completed_at);
		goto fail;
	}
	task_state_t before = t;
	before.completed_at = NULL;
	t.completed_at = xstrdup(date);
	if (strcmp(date, t.deadline) > 0 && t.delays == 0)
		t.delays = 1; /* completed after the deadline: one delay */
	if ((rc = save(c, STMT_TASK_DONE, &t, NULL, 0, e)) ||
	    (rc = audit_task(c, "task.done", &before, &t, e)) || (rc = db_commit(c->db, e)))
		goto fail;
	state_free(&t);
	return 0;
fail:
	db_rollback(c->db);
	state_free(&t);
	return rc;
}

int task_review(app_ctx_t *c, int64_t id, int passed, const char *as_code, err_t *e)
{
	int64_t who = acting(c, as_code, e);
	if (who < 0)
		return dberr(e);
	task_state_t t;
	int rc = db_begin(c->db, e);
	if (rc)
		return rc;
	if ((rc = load_task(c, id, &t, e)) || (rc = open_for_tasks(t.status, e)))
		goto fail;
	if (who && who != t.assigned_by) {
		rc = err_set(e, ERR_FORBIDDEN, "Chỉ người giao nhiệm vụ được đánh giá chất lượng");
		goto fail;
	}
	if (!t.completed_at) {
		rc = err_set(e, ERR_CONFLICT, "Nhiệm vụ số %lld chưa hoàn thành nên chưa đánh giá được",
			     (long long)id);
		goto fail;
	}
	if (t.passed == 1) {
		rc = err_set(e, ERR_CONFLICT, "Nhiệm vụ số %lld đã đạt yêu cầu", (long long)id);
		goto fail;
	}
	task_state_t before = t;
	if (passed)
		t.passed = 1;
	else {
		t.passed = 0;
		t.reviews_failed++;
	}
	if ((rc = save(c, STMT_TASK_REVIEW, &t, NULL, 0, e)) ||
	    (rc = audit_task(c, passed ? "task.pass" : "task.fail", &before, &t, e)) ||
	    (rc = db_commit(c->db, e)))
		goto fail;
	state_free(&t);
	return 0;
fail:
	db_rollback(c->db);
	state_free(&t);
	return rc;
}

int task_waive(app_ctx_t *c, int64_t id, const char *what, const char *reason,
	       const char *by_code, const char *as_code, err_t *e)
{
	int review = what && strcmp(what, "review") == 0, delay = what && strcmp(what, "delay") == 0;
	if (!review && !delay)
		return err_set(e, ERR_INVALID,
			       "Miễn trừ «review» (lần không đạt yêu cầu) hoặc «delay» (lần chậm)");
	if (!reason || !*reason)
		return err_set(e, ERR_INVALID, "Miễn trừ phải ghi rõ nguyên nhân khách quan (--reason)");
	if (!by_code)
		return err_set(e, ERR_INVALID,
			       "Miễn trừ phải có người có thẩm quyền xác nhận (--by MÃ)");
	int64_t who = acting(c, as_code, e);
	if (who < 0)
		return dberr(e);
	int64_t by = person_id(c, by_code, e);
	if (!by)
		return dberr(e);
	if (who && who != by)
		return err_set(e, ERR_FORBIDDEN, "Chỉ người xác nhận (%s) được ghi miễn trừ", by_code);
	task_state_t t;
	int rc = db_begin(c->db, e);
	if (rc)
		return rc;
	if ((rc = load_task(c, id, &t, e)) || (rc = open_for_tasks(t.status, e)))
		goto fail;
	if (by == t.person) {
		rc = err_set(e, ERR_FORBIDDEN, "Người được giao nhiệm vụ không tự xác nhận miễn trừ");
		goto fail;
	}
	task_state_t before = t;
	if (review) {
		if (t.reviews_waived >= t.reviews_failed) {
			rc = err_set(e, ERR_CONFLICT, "Nhiệm vụ số %lld không còn lần không đạt nào để miễn trừ",
				     (long long)id);
			goto fail;
		}
		t.reviews_waived++;
	} else {
		if (t.delays_waived >= t.delays) {
			rc = err_set(e, ERR_CONFLICT, "Nhiệm vụ số %lld không còn lần chậm nào để miễn trừ",
				     (long long)id);
			goto fail;
		}
		t.delays_waived++;
	}
	if ((rc = save(c, STMT_TASK_WAIVE, &t, reason, by, e)) ||
	    (rc = audit_task(c, "task.waive", &before, &t, e)) || (rc = db_commit(c->db, e)))
		goto fail;
	state_free(&t);
	return 0;
fail:
	db_rollback(c->db);
	state_free(&t);
	return rc;
}

void task_list_free(task_list_t *l)
{
	for (size_t i = 0; i < l->n; i++) {
		task_row_t *t = &l->v[i];
		free(t->title);
		free(t->product);
		free(t->assigned_by);
		free(t->assigned_at);
		free(t->deadline);
		free(t->completed_at);
		free(t->waiver_reason);
		free(t->waived_by);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

int task_list(app_ctx_t *c, const char *person_code, const period_month_t *m, task_list_t *out,
	      err_t *e)
{
	memset(out, 0, sizeof *out);
	int64_t pid = person_id(c, person_code, e);
	if (!pid)
		return dberr(e);
	int64_t eval_id, unit;
	char status[16];
	int rc = find_eval(c, pid, m, &eval_id, status, &unit, e);
	if (rc)
		return rc;
	int64_t fw_id = 0;
	db_stmt_t *s = db_stmt(c->db, STMT_EVAL_GET, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, pid);
	db_bind_int(s, 2, m->year);
	db_bind_int(s, 3, m->month);
	if (db_step(s, e) == DB_ROW)
		fw_id = db_col_int(s, 4);
	db_reset(s);
	if (!(s = db_stmt(c->db, STMT_TASKS_OF_EVAL, e)))
		return dberr(e);
	db_bind_int(s, 1, eval_id);
	workprod_item_t *items = NULL;
	size_t capi = 0;
	int r;
	while ((r = db_step(s, e)) == DB_ROW) {
		xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
		xgrow((void **)&items, &capi, out->n + 1, sizeof *items);
		task_row_t *t = &out->v[out->n];
		workprod_item_t *it = &items[out->n++];
		t->id = db_col_int(s, 0);
		t->title = col_dup(s, 2);
		t->coef = (int32_t)db_col_int(s, 3);
		t->assigned_at = col_dup(s, 4);
		t->deadline = col_dup(s, 5);
		t->completed_at = col_dup(s, 6);
		t->passed = db_col_is_null(s, 7) ? -1 : (int)db_col_int(s, 7);
		t->reviews_failed = (int)db_col_int(s, 8);
		t->reviews_waived = (int)db_col_int(s, 9);
		t->delays = (int)db_col_int(s, 10);
		t->delays_waived = (int)db_col_int(s, 11);
		t->waiver_reason = col_dup(s, 12);
		t->product = col_dup(s, 15);
		t->assigned_by = col_dup(s, 16);
		t->waived_by = col_dup(s, 17);
		memset(it, 0, sizeof *it);
		it->coef = t->coef;
		it->assigned = 1;
		it->completed = t->completed_at != NULL;
		it->passed = it->completed && t->passed == 1;
		it->reviews_failed = t->reviews_failed;
		it->reviews_waived = t->reviews_waived;
		it->delays = t->delays;
		it->delays_waived = t->delays_waived;
	}
	if (r < 0) {
		free(items);
		task_list_free(out);
		return dberr(e);
	}
	if (out->n && fw_id) {
		framework_t *fw = fw_load(c, fw_id, e);
		if (!fw) {
			free(items);
			task_list_free(out);
			return dberr(e);
		}
		for (size_t g = 0; g < fw->ngroups && !out->has_result; g++)
			for (size_t k = 0; k < fw->groups[g].ncriteria; k++) {
				const framework_criterion_t *cr = &fw->groups[g].criteria[k];
				if (cr->kind != FRAMEWORK_KIND_WORK_PRODUCTS)
					continue;
				err_t we = {0};
				if (workprod_compute(&fw->workprod, cr->max, items, out->n, &out->result,
						     &we) == ERR_OK) {
					out->has_result = 1;
					out->max = cr->max;
					snprintf(out->criterion, sizeof out->criterion, "%s", cr->code);
				}
				break;
			}
		framework_free(fw);
	}
	free(items);
	return 0;
}
