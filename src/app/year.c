/*
 * year: the annual classification. See year.h; the rules are core/annual.
 *
 * One pass over the year's evaluations (ordered by person and month), the
 * primary posts overlapping the year, the person flags and the discipline
 * of the year, all read once; then per person annual_classify(), per list
 * the annual quota, per person annual_consequences() against the stored
 * results of earlier years, and one upsert per person.
 */
#include "app/year.h"
#include "app/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/org.h"
#include "app/period.h"
#include "core/annual.h"
#include "core/quota.h"
#include "lib/buf.h"
#include "lib/date.h"
#include "lib/imap.h"
#include "lib/jw.h"
#include "lib/xalloc.h"

static int dberr(err_t *e)
{
	return e && e->code ? e->code : ERR_DB;
}

static char *col_dup(db_stmt_t *s, int col)
{
	return db_col_is_null(s, col) ? NULL : xstrdup(db_col_text(s, col));
}

const char *year_grade_label(const char *code)
{
	for (int g = 0; g < ANNUAL__MAX; g++)
		if (code && strcmp(annual_grade_code((annual_grade)g), code) == 0)
			return annual_grade_label((annual_grade)g);
	return code ? code : "";
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Units of the subtrees of unit_codes (comma-separated) at any time in
 * year: the union of the subtrees in January and in December. */
static int year_scope(app_ctx_t *c, const char *unit_codes, int year, int64_t **ids, size_t *n,
		      err_t *e)
{
	period_month_t jan, dec;
	period_month_set(&jan, year, 1);
	period_month_set(&dec, year, 12);
	int64_t *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	int rc = period_scope_codes(c, unit_codes, &jan, &a, &na, e);
	if (!rc)
		rc = period_scope_codes(c, unit_codes, &dec, &b, &nb, e);
	if (rc) {
		free(a);
		free(b);
		return rc;
	}
	int64_t *all = xmalloc((na + nb + 1) * sizeof *all);
	memcpy(all, a, na * sizeof *a);
	memcpy(all + na, b, nb * sizeof *b);
	qsort(all, na + nb, sizeof *all, cmp_i64);
	size_t w = 0;
	for (size_t i = 0; i < na + nb; i++)
		if (!w || all[w - 1] != all[i])
			all[w++] = all[i];
	free(a);
	free(b);
	*ids = all;
	*n = w;
	return 0;
}

static int in_scope(const int64_t *ids, size_t n, int64_t id)
{
	return bsearch(&id, ids, n, sizeof *ids, cmp_i64) != NULL;
}

/* One person's year. */
typedef struct pyear {
	int64_t person, unit, decider;
	int is_leader, latest;
	char cat[5];
	int32_t totals[12];
	int ntotals;
	unsigned eval_mask, post_mask, maternity_mask;
	int days_post[12];
	int disciplined, pending, pregnant, child, degraded, corruption;
	int leader_year; /* year the leading post held at the reference date
			  * began (first appointment); 0 = none */
	annual_result_t res;
	annual_grade grade;
	int granted, tied;
	const char *reason;
	char *conseq; /* NULL when no flag */
	unsigned flags, suppressed;
} pyear_t;

static unsigned month_bit(int m)
{
	return 1u << (m - 1);
}

/* Adds the days of [from, to) (day numbers) in year to per-month counts and
 * the month mask. */
static void add_interval(int year, int from, int to, int days[12], unsigned *mask)
{
	for (int m = 1; m <= 12; m++) {
		int a = date_from_ymd(year, m, 1), b = date_add_months(a, 1);
		int lo = from > a ? from : a, hi = to < b ? to : b;
		if (hi > lo) {
			if (days)
				days[m - 1] += hi - lo;
			*mask |= month_bit(m);
		}
	}
}

static int popcount12(unsigned v)
{
	int n = 0;
	for (int i = 0; i < 12; i++)
		n += (v >> i) & 1;
	return n;
}

static int cmp_pyear_decider(const void *a, const void *b)
{
	const pyear_t *x = *(pyear_t *const *)a, *y = *(pyear_t *const *)b;
	if (x->decider != y->decider)
		return x->decider < y->decider ? -1 : 1;
	return (x->person > y->person) - (x->person < y->person);
}

/* Person id → index into the year's people: a plain array over the ids
 * (people ids are dense row ids; 4 bytes per id) with a hash map for the
 * rest. Millions of look-ups, in no useful order. */
typedef struct pidx {
	int32_t *dense; /* index + 1, 0 = absent */
	int64_t ndense;
	imap_t map;
} pidx_t;

static void pidx_init(pidx_t *x, int64_t max_id)
{
	x->ndense = max_id > 0 && max_id < ((int64_t)1 << 26) ? max_id + 1 : 0;
	x->dense = x->ndense ? xcalloc((size_t)x->ndense, sizeof *x->dense) : NULL;
	imap_init(&x->map, 16);
}

static void pidx_free(pidx_t *x)
{
	free(x->dense);
	imap_free(&x->map);
}

static int pidx_get(const pidx_t *x, int64_t id, int64_t *i)
{
	if (id >= 0 && id < x->ndense) {
		if (!x->dense[id])
			return 0;
		*i = x->dense[id] - 1;
		return 1;
	}
	return imap_get(&x->map, id, i);
}

static void pidx_put(pidx_t *x, int64_t id, int64_t i)
{
	if (id >= 0 && id < x->ndense)
		x->dense[id] = (int32_t)(i + 1);
	else
		imap_put(&x->map, id, i);
}

static const char R_DEGRADED[] = "Bị cấp có thẩm quyền kết luận có biểu hiện suy thoái về tư "
				 "tưởng chính trị, đạo đức, lối sống";
static const char R_CORRUPTION[] = "Cơ quan, đơn vị thuộc thẩm quyền phụ trách, quản lý trực tiếp "
				   "có tham ô, tham nhũng, lãng phí và bị xử lý theo quy định";
static const char R_QUOTA[] = "Đủ điểm xếp loại HTXS nhưng ngoài tỷ lệ HTXS của năm: xếp loại HTT";
static const char R_TIE[] = "Đồng điểm ở ranh giới tỷ lệ HTXS của năm: xếp loại HTT trừ khi thủ "
			    "trưởng chọn (annual run --grant)";
static const char R_GRANTED[] = "Thủ trưởng chọn xếp loại HTXS trong số người đồng điểm";

int year_run(app_ctx_t *c, const char *unit_code, int year, const char *const *grant,
	     size_t ngrant, const char *reason, year_run_result_t *r, err_t *e)
{
	memset(r, 0, sizeof *r);
	int rc = app_require_hr(c, e);
	if (rc)
		return rc;
	if (year < 2000 || year > 2200)
		return err_set(e, ERR_USAGE, "Năm %d không hợp lệ", year);
	if (ngrant && (!reason || !*reason))
		return err_set(e, ERR_INVALID, "Cần ghi lý do (--reason) khi thủ trưởng chọn người "
					       "đồng điểm được xếp loại HTXS");
	int64_t *scope = NULL;
	size_t nscope = 0;
	pyear_t *py = NULL, **order = NULL;
	size_t np = 0, capp = 0;
	pidx_t idx;
	memset(&idx, 0, sizeof idx);
	imap_t past_first;
	imap_init(&past_first, 0);
	annual_year_t *past = NULL;
	int64_t *past_person = NULL, *grant_ids = NULL;
	size_t npast = 0, cappast = 0, cappp = 0;
	db_bulk_t *up = NULL; /* the results, one upsert per person */
	buf_t after;
	buf_init(&after, 1 << 24);
	char y1[11], y2[11], today[11], ref[11], now[32];
	snprintf(y1, sizeof y1, "%04d-01-01", year);
	snprintf(y2, sizeof y2, "%04d-01-01", year + 1);
	app_today(today);
	app_now(now);
	snprintf(ref, sizeof ref, "%04d-12-31", year);
	if (strcmp(today, ref) < 0)
		snprintf(ref, sizeof ref, "%s", today);
	annual_settings_t st;
	annual_defaults(&st);
	/* the annual HTXS cap is tied to the Party's rate for the same body:
	 * a setting, not a constant (Decree 90/2020 as amended by 48/2023) */
	st.quota.permille = (int32_t)settings_int(c, 0, "annual.htxs_permille", st.quota.permille);

	if ((rc = db_begin(c->db, e)))
		goto out;
	if ((rc = year_scope(c, unit_code, year, &scope, &nscope, e)))
		goto fail;
	db_stmt_t *s = db_stmt(c->db, STMT_EVAL_MAX_PERSON, e);
	if (!s || db_step(s, e) != DB_ROW) {
		rc = dberr(e);
		goto fail;
	}
	pidx_init(&idx, db_col_int(s, 0));
	db_reset(s);
	/* the months */
	s = db_stmt(c->db, STMT_ANNUAL_MONTHS, e);
	if (!s) {
		rc = dberr(e);
		goto fail;
	}
	db_bind_int(s, 1, year);
	int q;
	while ((q = db_step(s, e)) == DB_ROW) {
		int64_t person = db_col_int(s, 0);
		int64_t i;
		if (!pidx_get(&idx, person, &i)) {
			xgrow((void **)&py, &capp, np + 1, sizeof *py);
			memset(&py[np], 0, sizeof py[np]);
			py[np].person = person;
			i = (int64_t)np++;
			pidx_put(&idx, person, i);
		}
		pyear_t *p = &py[i];
		int month = (int)db_col_int(s, 1);
		const char *status = db_col_text(s, 2);
		p->eval_mask |= month_bit(month);
		if (month >= p->latest) { /* the latest month's unit, list and post */
			p->latest = month;
			p->unit = db_col_int(s, 4);
			p->decider = db_col_is_null(s, 5) ? 0 : db_col_int(s, 5);
			p->is_leader = (int)db_col_int(s, 6);
			const char *cat = db_col_text(s, 7);
			size_t k = 0;
			for (; cat && cat[k] && k + 1 < sizeof p->cat; k++)
				p->cat[k] = cat[k];
			p->cat[k] = '\0';
		}
		int decided = strcmp(status, "decided") == 0 || strcmp(status, "published") == 0 ||
			      strcmp(status, "locked") == 0;
		if (decided && !db_col_is_null(s, 3) && p->ntotals < 12)
			p->totals[p->ntotals++] = (int32_t)db_col_int(s, 3);
	}
	if (q < 0) {
		rc = dberr(e);
		goto fail;
	}
	/* posts, flags, discipline */
	if (!(s = db_stmt(c->db, STMT_ANNUAL_POSTS, e))) {
		rc = dberr(e);
		goto fail;
	}
	db_bind_text(s, 1, y1, -1);
	db_bind_text(s, 2, y2, -1);
	while ((q = db_step(s, e)) == DB_ROW) {
		int64_t i;
		if (!pidx_get(&idx, db_col_int(s, 0), &i))
			continue;
		int from, to;
		if (date_parse(db_col_text(s, 1), &from))
			continue;
		if (db_col_is_null(s, 2) || date_parse(db_col_text(s, 2), &to))
			to = date_from_ymd(year + 1, 1, 1);
		add_interval(year, from, to, py[i].days_post, &py[i].post_mask);
	}
	if (q < 0) {
		rc = dberr(e);
		goto fail;
	}
	if (!(s = db_stmt(c->db, STMT_FLAGS_DURING, e))) {
		rc = dberr(e);
		goto fail;
	}
	db_bind_text(s, 1, y1, -1);
	db_bind_text(s, 2, y2, -1);
	while ((q = db_step(s, e)) == DB_ROW) {
		int64_t i;
		if (!pidx_get(&idx, db_col_int(s, 0), &i))
			continue;
		pyear_t *p = &py[i];
		const char *kind = db_col_text(s, 1), *vf = db_col_text(s, 2);
		const char *vt = db_col_is_null(s, 3) ? NULL : db_col_text(s, 3);
		int from, to;
		if (date_parse(vf, &from))
			continue;
		if (!vt || date_parse(vt, &to))
			to = date_from_ymd(year + 1, 1, 1);
		int active = strcmp(vf, ref) <= 0 && (!vt || strcmp(vt, ref) > 0);
		if (strcmp(kind, "maternity") == 0)
			add_interval(year, from, to, NULL, &p->maternity_mask);
		else if (strcmp(kind, "pregnant") == 0)
			p->pregnant |= active;
		else if (strcmp(kind, "child_under_36m") == 0)
			p->child |= active;
		else if (strcmp(kind, "degraded") == 0)
			p->degraded |= strcmp(vf, y1) >= 0;
		else if (strcmp(kind, "unit_corruption") == 0)
			p->corruption |= strcmp(vf, y1) >= 0;
	}
	if (q < 0) {
		rc = dberr(e);
		goto fail;
	}
	if (!(s = db_stmt(c->db, STMT_DISCIPLINE_DURING, e))) {
		rc = dberr(e);
		goto fail;
	}
	db_bind_text(s, 1, y1, -1);
	db_bind_text(s, 2, y2, -1);
	while ((q = db_step(s, e)) == DB_ROW) {
		int64_t i;
		if (pidx_get(&idx, db_col_int(s, 0), &i) && !db_col_int(s, 3))
			py[i].disciplined = 1;
	}
	if (q < 0) {
		rc = dberr(e);
		goto fail;
	}
	if (!(s = db_stmt(c->db, STMT_DISCIPLINE_PENDING, e))) {
		rc = dberr(e);
		goto fail;
	}
	while ((q = db_step(s, e)) == DB_ROW) {
		int64_t i;
		if (pidx_get(&idx, db_col_int(s, 0), &i))
			py[i].pending = 1;
	}
	if (q < 0) {
		rc = dberr(e);
		goto fail;
	}
	/* since when the leaders lead (their appointment terms), all at once */
	if (!(s = db_stmt(c->db, STMT_ANNUAL_LEADER_SINCE, e))) {
		rc = dberr(e);
		goto fail;
	}
	db_bind_text(s, 1, ref, -1);
	while ((q = db_step(s, e)) == DB_ROW) {
		int64_t i;
		int d;
		if (pidx_get(&idx, db_col_int(s, 0), &i) && !db_col_is_null(s, 1) &&
		    !date_parse(db_col_text(s, 1), &d))
			date_to_ymd(d, &py[i].leader_year, NULL, NULL);
	}
	if (q < 0) {
		rc = dberr(e);
		goto fail;
	}
	/* earlier years (for the consequences) */
	if (!(s = db_stmt(c->db, STMT_ANNUAL_PAST, e))) {
		rc = dberr(e);
		goto fail;
	}
	db_bind_int(s, 1, year);
	db_bind_int(s, 2, year - 10);
	while ((q = db_step(s, e)) == DB_ROW) {
		int64_t i;
		if (!pidx_get(&idx, db_col_int(s, 0), &i))
			continue;
		annual_grade g = ANNUAL_NOT_CLASSIFIED;
		for (int k = 0; k < ANNUAL__MAX; k++)
			if (strcmp(annual_grade_code((annual_grade)k), db_col_text(s, 2)) == 0)
				g = (annual_grade)k;
		xgrow((void **)&past, &cappast, npast + 1, sizeof *past);
		xgrow((void **)&past_person, &cappp, npast + 1, sizeof *past_person);
		past[npast] = (annual_year_t){(int)db_col_int(s, 1), g};
		past_person[npast++] = db_col_int(s, 0);
	}
	if (q < 0) {
		rc = dberr(e);
		goto fail;
	}

	/* classify the people of the subtree */
	order = xcalloc(np + 1, sizeof *order);
	size_t no = 0;
	for (size_t i = 0; i < np; i++) {
		pyear_t *p = &py[i];
		if (!in_scope(scope, nscope, p->unit))
			continue;
		order[no++] = p;
		annual_input_t in = {0};
		in.monthly_totals = p->totals;
		in.nmonths = (size_t)p->ntotals;
		in.months_worked = p->ntotals;
		unsigned mat = p->maternity_mask & ~p->eval_mask;
		in.maternity_months = popcount12(mat);
		in.months_absent = popcount12(p->post_mask & ~p->eval_mask & ~mat);
		in.disciplined = p->disciplined;
		in.forced_kht_reason = p->degraded ? R_DEGRADED
				       : (p->corruption && p->is_leader) ? R_CORRUPTION
									 : NULL;
		err_t ae = {0};
		if (annual_classify(&st, &in, &p->res, &ae)) {
			rc = err_set(e, ae.code, "Người có mã nội bộ %lld: %s", (long long)p->person,
				     ae.msg);
			goto fail;
		}
		p->grade = p->res.grade;
		p->reason = p->res.reason;
	}
	/* the people the head names at a tie */
	grant_ids = xcalloc(ngrant + 1, sizeof *grant_ids);
	for (size_t g = 0; g < ngrant; g++) {
		db_stmt_t *ps = db_stmt(c->db, STMT_EVAL_PERSON_ID, e);
		if (!ps) {
			rc = dberr(e);
			goto fail;
		}
		db_bind_text(ps, 1, grant[g], -1);
		int pr = db_step(ps, e);
		grant_ids[g] = pr == DB_ROW ? db_col_int(ps, 0) : 0;
		db_reset(ps);
		if (pr < 0) {
			rc = dberr(e);
			goto fail;
		}
		int64_t gi;
		if (!grant_ids[g] || !pidx_get(&idx, grant_ids[g], &gi) ||
		    !in_scope(scope, nscope, py[gi].unit)) {
			rc = err_set(e, ERR_INVALID, "«%s» không có trong danh sách xếp loại năm %d của %s",
				     grant[g], year, unit_code);
			goto fail;
		}
	}
	/* the annual HTXS quota, per list of the latest month's decider */
	qsort(order, no, sizeof *order, cmp_pyear_decider);
	for (size_t i = 0; i < no;) {
		size_t j = i;
		while (j < no && order[j]->decider == order[i]->decider)
			j++;
		size_t n = j - i;
		quota_person_t *qp = xcalloc(n + 1, sizeof *qp);
		size_t *map = xcalloc(n + 1, sizeof *map);
		size_t k = 0;
		for (size_t x = i; x < j; x++) {
			if (order[x]->grade >= ANNUAL_NOT_CLASSIFIED)
				continue;
			qp[k] = (quota_person_t){(int64_t)k, order[x]->res.total, (int)order[x]->grade, 0,
						 0};
			map[k++] = x;
		}
		quota_proposal_t prop;
		memset(&prop, 0, sizeof prop);
		if (k && (rc = quota_propose(&st.quota, qp, k, 0, &prop, e))) {
			free(qp);
			free(map);
			goto fail;
		}
		for (size_t z = 0; z < k; z++) {
			pyear_t *p = order[map[z]];
			if (p->grade != ANNUAL_HTXS)
				continue;
			if (prop.status[z] == QUOTA_GRANTED) {
				p->granted = 1;
				continue;
			}
			int named = 0;
			for (size_t g = 0; g < ngrant; g++)
				named |= grant_ids[g] == p->person;
			if (prop.status[z] == QUOTA_TIED && named) {
				p->granted = 1;
				p->reason = R_GRANTED;
				continue;
			}
			p->grade = ANNUAL_HTT;
			p->tied = prop.status[z] == QUOTA_TIED;
			p->reason = p->tied ? R_TIE : R_QUOTA;
			r->ties += p->tied;
		}
		/* check the head's choices against the quota */
		for (size_t z = 0; z < k; z++)
			qp[z].granted = order[map[z]]->granted;
		err_t qe = {0};
		int qr = k ? quota_check(&st.quota, "HTXS", "HTT", qp, k, 0, &qe) : 0;
		quota_proposal_free(&prop);
		free(qp);
		free(map);
		if (qr) {
			rc = err_set(e, qr, "Tỷ lệ HTXS của năm: %s", qe.msg);
			goto fail;
		}
		i = j;
	}
	/* consequences and storage */
	imap_init(&past_first, npast + 1);
	for (size_t i = 0; i < no; i++) {
		pyear_t *p = order[i];
		annual_year_t hist[16];
		size_t nh = 0;
		for (size_t k = 0; k < npast && nh < 15; k++)
			if (past_person[k] == p->person)
				hist[nh++] = past[k];
		hist[nh++] = (annual_year_t){year, p->grade};
		annual_person_t ap = {0};
		ap.category = strcmp(p->cat, "CB") == 0   ? FRAMEWORK_CAT_CB
			      : strcmp(p->cat, "CC") == 0 ? FRAMEWORK_CAT_CC
			      : strcmp(p->cat, "VC") == 0 ? FRAMEWORK_CAT_VC
							  : FRAMEWORK_CAT_LDHD;
		ap.is_leader = p->is_leader;
		ap.term_start_year = year;
		if (p->is_leader && p->leader_year) {
			int fy = p->leader_year;
			/* appointment terms of 5 years from the first appointment */
			ap.term_start_year = fy + (year - fy) / 5 * 5;
			if (ap.term_start_year > year)
				ap.term_start_year = year;
		}
		ap.pregnant = p->pregnant;
		ap.child_under_36m = p->child;
		ap.discipline_pending = p->pending;
		annual_flags_t fl;
		err_t ce = {0};
		if (annual_consequences(&st, &ap, year, hist, nh, &fl, &ce)) {
			rc = err_set(e, ce.code, "%s", ce.msg);
			goto fail;
		}
		buf_t cq;
		buf_init(&cq, 4096);
		for (unsigned f = 1; f <= ANNUAL_FLAG_LOWER_POSITION; f <<= 1) {
			if (fl.flags & f)
				buf_printf(&cq, "%s%s", cq.len ? "; " : "", annual_flag_text(f));
			if (fl.suppressed & f)
				buf_printf(&cq, "%s(chưa xem xét: %s) %s", cq.len ? "; " : "",
					   fl.protection ? fl.protection : "", annual_flag_text(f));
		}
		p->conseq = cq.len ? buf_take(&cq) : NULL;
		buf_free(&cq);
		r->flags += popcount12(fl.flags);
		r->suppressed += popcount12(fl.suppressed);
		int days_absent = 0;
		unsigned mat = p->maternity_mask & ~p->eval_mask;
		unsigned absent = p->post_mask & ~p->eval_mask & ~mat;
		for (int m = 0; m < 12; m++)
			if (absent & (1u << m))
				days_absent += p->days_post[m];
		if (!up && !(up = db_bulk_open(c->db, STMT_ANNUAL_UPSERT, e))) {
			rc = dberr(e);
			goto fail;
		}
		if (!(s = db_bulk_row(up, e))) {
			rc = dberr(e);
			goto fail;
		}
		db_bind_int(s, 1, year);
		db_bind_int(s, 2, p->person);
		db_bind_id(s, 3, p->unit);
		db_bind_id(s, 4, p->decider);
		db_bind_int(s, 5, p->ntotals);
		db_bind_int(s, 6, popcount12(absent));
		db_bind_int(s, 7, days_absent);
		db_bind_int(s, 8, popcount12(mat));
		if (p->res.grade == ANNUAL_NOT_CLASSIFIED)
			db_bind_null(s, 9);
		else
			db_bind_int(s, 9, p->res.total);
		db_bind_text(s, 10, annual_grade_code(p->res.by_score), -1);
		db_bind_text(s, 11, annual_grade_code(p->grade), -1);
		db_bind_int(s, 12, p->granted);
		db_bind_text(s, 13, p->reason, -1);
		db_bind_text(s, 14, p->conseq, -1);
		db_bind_text(s, 15, now, -1);
		if (db_bulk_add(up, e)) {
			rc = dberr(e);
			goto fail;
		}
		r->people++;
		r->by_grade[p->grade < ANNUAL__MAX ? p->grade : ANNUAL_NOT_CLASSIFIED]++;
	}
	/* one row per person (order holds each person once): the upserts never
	 * touch the same row twice, so they can go as one bulk */
	int64_t written = 0;
	rc = db_bulk_close(up, &written, e);
	up = NULL;
	if (rc) {
		rc = dberr(e);
		goto fail;
	}
	if (written != (int64_t)r->people) {
		rc = err_set(e, ERR_INTERNAL, "Lưu kết quả xếp loại năm: %lld/%lld dòng",
			     (long long)written, (long long)r->people);
		goto fail;
	}
	jw_t w;
	jw_init(&w, &after);
	jw_obj(&w);
	jw_kstr(&w, "unit", unit_code);
	jw_kint(&w, "year", year);
	jw_kint(&w, "people", r->people);
	jw_key(&w, "grades");
	jw_obj(&w);
	for (int g = 0; g < ANNUAL__MAX; g++)
		jw_kint(&w, annual_grade_code((annual_grade)g), r->by_grade[g]);
	jw_obj_end(&w);
	jw_kint(&w, "ties", r->ties);
	jw_kint(&w, "flags", r->flags);
	if (reason)
		jw_kstr(&w, "reason", reason);
	jw_obj_end(&w);
	char eid[64];
	snprintf(eid, sizeof eid, "%s/%d", unit_code, year);
	if ((rc = audit_append(c, "annual.run", "annual", eid, NULL, buf_cstr(&after), e)) ||
	    (rc = db_commit(c->db, e)))
		goto fail;
	goto out;
fail:
	db_bulk_close(up, NULL, NULL);
	up = NULL;
	db_rollback(c->db);
	memset(r, 0, sizeof *r);
out:
	buf_free(&after);
	free(scope);
	for (size_t i = 0; i < np; i++)
		free(py[i].conseq);
	free(py);
	free(order);
	free(past);
	free(past_person);
	free(grant_ids);
	pidx_free(&idx);
	imap_free(&past_first);
	return rc;
}

void year_list_free(year_list_t *l)
{
	for (size_t i = 0; i < l->n; i++) {
		year_row_t *x = &l->v[i];
		free(x->code);
		free(x->name);
		free(x->unit_code);
		free(x->by_score);
		free(x->grade);
		free(x->reason);
		free(x->consequences);
		free(x->computed_at);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

int year_show(app_ctx_t *c, const char *unit_code, int year, year_list_t *out, err_t *e)
{
	memset(out, 0, sizeof *out);
	int64_t *scope = NULL;
	size_t nscope = 0;
	int rc = year_scope(c, unit_code, year, &scope, &nscope, e);
	if (rc)
		return rc;
	db_stmt_t *s = db_stmt(c->db, STMT_ANNUAL_LIST, e);
	if (!s) {
		free(scope);
		return dberr(e);
	}
	db_bind_int(s, 1, year);
	int q;
	while ((q = db_step(s, e)) == DB_ROW) {
		if (!in_scope(scope, nscope, db_col_int(s, 15)))
			continue;
		xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
		year_row_t *x = &out->v[out->n++];
		memset(x, 0, sizeof *x);
		x->person_id = db_col_int(s, 0);
		x->code = col_dup(s, 1);
		x->name = col_dup(s, 2);
		x->unit_code = col_dup(s, 3);
		x->months = (int)db_col_int(s, 4);
		x->months_absent = (int)db_col_int(s, 5);
		x->days_absent = (int)db_col_int(s, 6);
		x->maternity_months = (int)db_col_int(s, 7);
		x->has_total = !db_col_is_null(s, 8);
		x->total = (int32_t)db_col_int(s, 8);
		x->by_score = col_dup(s, 9);
		x->grade = col_dup(s, 10);
		x->top_granted = (int)db_col_int(s, 11);
		x->reason = col_dup(s, 12);
		x->consequences = col_dup(s, 13);
		x->computed_at = col_dup(s, 14);
	}
	free(scope);
	if (q < 0) {
		year_list_free(out);
		return dberr(e);
	}
	return 0;
}
