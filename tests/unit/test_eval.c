/*
 * Tests of app/period and app/eval — the monthly workflow on a real SQLite
 * database built with the demo organisation (demo_build): opening a month
 * (idempotent), self-assessment → review → decision → publication →
 * objection → answer → lock, and the refusals: the wrong actor, the wrong
 * order, a score above the maximum, a decision over the quota (stating the
 * allowed number), an unresolved tie (resolved by the head with a reason),
 * a disqualifier forcing KHT with its reason (Decree 335/2025), and a lost
 * race (optimistic concurrency). A refused step changes nothing: the
 * evaluations, their scores and the audit log are compared before and after.
 * The month's scope (read from unit versions alone) is the union of the
 * org module's subtrees on its first and last day, across the merger.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/ctx.h"
#include "app/demo.h"
#include "app/eval.h"
#include "app/org.h"
#include "app/period.h"
#include "app/tasks.h"
#include "lib/buf.h"

#include "testdb.h"

static char path[64];
static app_ctx_t C;
static period_month_t M;

static void unlink_db(void)
{
	testdb_remove(path);
}

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof path, "/tmp/canbo-test-eval-%d.db", (int)getpid());
	unlink_db();
	err_t e = {0};
	if (app_ctx_open(&C, testdb(path), 1, &e))
		return -1;
	C.quiet = 1;
	demo_summary_t s;
	if (demo_build(&C, &s, &e)) {
		fprintf(stderr, "demo: %s\n", e.msg);
		return -1;
	}
	period_month_set(&M, 2026, 3);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	app_ctx_close(&C);
	unlink_db();
	return 0;
}

static void scores(eval_scores_t *sc, const char *spec)
{
	err_t e = {0};
	assert_int_equal(eval_scores_inline(spec, sc, &e), 0);
}

static int self(const char *code, const char *spec, const char *as, err_t *e)
{
	eval_scores_t sc;
	scores(&sc, spec);
	eval_outcome_t o;
	int rc = eval_self(&C, code, &M, as, &sc, 0, &o, e);
	eval_scores_free(&sc);
	return rc;
}

static int review(const char *code, const char *as, err_t *e)
{
	eval_outcome_t o;
	return eval_review(&C, code, &M, as, NULL, 0, &o, e);
}

static const char *status_of(const char *code, char buf[32])
{
	eval_full_t f;
	err_t e = {0};
	buf[0] = '\0';
	if (eval_get(&C, code, &M, &f, &e) == 0) {
		snprintf(buf, 32, "%s", f.row.status);
		eval_full_free(&f);
	}
	return buf;
}

static eval_full_t get(const char *code)
{
	eval_full_t f;
	err_t e = {0};
	assert_int_equal(eval_get(&C, code, &M, &f, &e), 0);
	return f;
}

/* A fingerprint of every evaluation (status, version, totals, grade). */
static char *fingerprint(void)
{
	eval_list_t l;
	err_t e = {0};
	assert_int_equal(eval_list(&C, "X-SS", &M, &l, &e), 0);
	buf_t b;
	buf_init(&b, 1 << 20);
	for (size_t i = 0; i < l.n; i++)
		buf_printf(&b, "%s:%s:%lld:%d:%d:%d:%s;", l.v[i].person_code, l.v[i].status,
			   (long long)l.v[i].version, l.v[i].self_total, l.v[i].review_total,
			   l.v[i].final_total, l.v[i].grade_code ? l.v[i].grade_code : "");
	eval_list_free(&l);
	return buf_take(&b);
}

static void assert_unchanged(char *before)
{
	char *after = fingerprint();
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* ---- opening --------------------------------------------------------------- */

static void test_open_idempotent(void **state)
{
	(void)state;
	period_open_result_t r;
	err_t e = {0};
	assert_int_equal(period_open(&C, "X-SS", &M, &r, &e), 0);
	assert_int_equal(r.created, 46);
	assert_int_equal(r.existed, 0);
	assert_int_equal(r.leaders, 8);
	/* again: nothing new, nothing changed */
	assert_int_equal(period_open(&C, "X-SS", &M, &r, &e), 0);
	assert_int_equal(r.existed, 1);
	assert_int_equal(r.created, 0);
	assert_int_equal(r.unchanged, 46);
	/* a bad month and an unknown unit are refused */
	period_month_t bad;
	assert_int_equal(period_month_parse("13/2026", &bad, &e), ERR_USAGE);
	assert_int_equal(period_open(&C, "KHONG-CO", &M, &r, &e), ERR_NOT_FOUND);
	/* frameworks: civil servants under Decree 335, the teachers under 3814 */
	eval_full_t f = get("CB000295");
	assert_string_equal(f.row.fw_code, "ND-335");
	assert_string_equal(f.row.reviewer_code, "CB000294");
	assert_string_equal(f.row.decider_code, "CB000294");
	assert_int_equal(f.row.days_in_post, 31);
	eval_full_free(&f);
	f = get("CB000313");
	assert_string_equal(f.row.fw_code, "HN-3814");
	eval_full_free(&f);
	/* a leader is decided by the level above */
	f = get("CB000311");
	assert_string_equal(f.row.reviewer_code, "CB000310");
	assert_string_equal(f.row.decider_code, "CB000282");
	eval_full_free(&f);
}

/* ---- refusals before anything is scored ------------------------------------- */

static void test_wrong_actor_and_order(void **state)
{
	(void)state;
	char *before = fingerprint();
	err_t e = {0};
	/* review before the self-assessment */
	assert_int_equal(review("CB000295", "CB000294", &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "Chờ tự đánh giá"));
	/* someone else's self-assessment */
	assert_int_equal(self("CB000295", "TCC_A=9,TCC_B=9,TCC_C=9,KQ_SP=60", "CB000296", &e),
			 ERR_FORBIDDEN);
	assert_non_null(strstr(e.msg, "CB000296"));
	/* a score above the maximum names the criterion */
	assert_int_equal(self("CB000295", "TCC_A=10,TCC_B=10,TCC_C=10,KQ_SP=70,01", "CB000295", &e),
			 ERR_INVALID);
	assert_non_null(strstr(e.msg, "KQ_SP"));
	assert_non_null(strstr(e.msg, "vượt mức tối đa 70"));
	/* a negative score */
	assert_int_equal(self("CB000295", "TCC_A=-1,TCC_B=10,TCC_C=10,KQ_SP=70", "CB000295", &e),
			 ERR_INVALID);
	assert_non_null(strstr(e.msg, "TCC_A"));
	/* an unknown criterion */
	assert_int_equal(self("CB000295", "YT=10,TCC_A=1,TCC_B=10,TCC_C=10,KQ_SP=70", NULL, &e),
			 ERR_INVALID);
	assert_non_null(strstr(e.msg, "«YT»"));
	/* deciding before the reviews */
	eval_decide_req_t q = {"X-SS-KT", &M, "CB000294", NULL, 0, NULL, 0, 0, 0, NULL, 0};
	eval_pools_t p;
	assert_int_equal(eval_decide(&C, &q, &p, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "chưa được nhận xét"));
	/* someone who decides nothing here */
	q.as_code = "CB000295";
	assert_int_equal(eval_decide(&C, &q, &p, &e), ERR_FORBIDDEN);
	assert_unchanged(before);
}

/* ---- the whole workflow ------------------------------------------------------ */

static void score_everyone(void)
{
	eval_list_t l;
	err_t e = {0};
	assert_int_equal(eval_list(&C, "X-SS", &M, &l, &e), 0);
	for (size_t i = 0; i < l.n; i++) {
		const char *code = l.v[i].person_code;
		const char *spec;
		int cc = strcmp(l.v[i].category, "CC") == 0;
		if (!strcmp(code, "CB000313") || !strcmp(code, "CB000316") || !strcmp(code, "CB000323"))
			spec = "YT=20,KQ=70,THUONG=7"; /* 97 */
		else if (!strcmp(code, "CB000324") || !strcmp(code, "CB000315"))
			spec = "YT=20,KQ=68,THUONG=5"; /* 93: tied at the boundary */
		else if (!strcmp(code, "CB000298") || !strcmp(code, "CB000299"))
			spec = "TCC_A=10,TCC_B=10,TCC_C=10,KQ_SP=66"; /* 96 */
		else if (cc)
			spec = "TCC_A=9,TCC_B=9,TCC_C=9,KQ_SP=58"; /* 85 */
		else
			spec = "YT=18,KQ=60,THUONG=2"; /* 80 */
		if (!strcmp(l.v[i].status, "pending") && self(code, spec, code, &e))
			fail_msg("self %s: %s", code, e.msg);
	}
	for (size_t i = 0; i < l.n; i++)
		if (strcmp(l.v[i].status, "reviewed") &&
		    review(l.v[i].person_code, l.v[i].reviewer_code, &e))
			fail_msg("review %s: %s", l.v[i].person_code, e.msg);
	eval_list_free(&l);
}

static void test_review_changes_need_reasons(void **state)
{
	(void)state;
	err_t e = {0};
	assert_int_equal(self("CB000296", "TCC_A=9,TCC_B=9,TCC_C=9,KQ_SP=58", "CB000296", &e), 0);
	char *before = fingerprint();
	eval_scores_t sc;
	scores(&sc, "KQ_SP=50");
	eval_outcome_t o;
	assert_int_equal(eval_review(&C, "CB000296", &M, "CB000294", &sc, 0, &o, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "cần ghi lý do"));
	/* the wrong reviewer */
	assert_int_equal(eval_review(&C, "CB000296", &M, "CB000310", NULL, 0, &o, &e), ERR_FORBIDDEN);
	assert_unchanged(before);
	sc.v[0].reason = strdup("Báo cáo chậm");
	assert_int_equal(eval_review(&C, "CB000296", &M, "CB000294", &sc, 0, &o, &e), 0);
	assert_int_equal(o.total, 7700);
	assert_int_equal(o.changed, 1);
	eval_scores_free(&sc);
	eval_full_t f = get("CB000296");
	assert_string_equal(f.row.status, "reviewed");
	assert_int_equal(f.row.self_total, 8500);
	assert_int_equal(f.row.review_total, 7700);
	assert_int_equal(f.crit[3].review, 5000);
	assert_string_equal(f.crit[3].review_reason, "Báo cáo chậm");
	eval_full_free(&f);
}

static void test_optimistic_concurrency(void **state)
{
	(void)state;
	err_t e = {0};
	eval_full_t f = get("CB000297");
	int64_t seen = f.row.version;
	eval_full_free(&f);
	assert_int_equal(self("CB000297", "TCC_A=9,TCC_B=9,TCC_C=9,KQ_SP=58", "CB000297", &e), 0);
	/* a second writer who read the old version loses */
	char *before = fingerprint();
	eval_scores_t sc;
	scores(&sc, "TCC_A=8,TCC_B=8,TCC_C=8,KQ_SP=50");
	eval_outcome_t o;
	assert_int_equal(eval_self(&C, "CB000297", &M, "CB000297", &sc, seen, &o, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "Bản đánh giá đã bị người khác thay đổi"));
	assert_unchanged(before);
	/* with the current version it goes through */
	assert_int_equal(eval_self(&C, "CB000297", &M, "CB000297", &sc, seen + 1, &o, &e), 0);
	assert_int_equal(o.total, 7400);
	eval_scores_free(&sc);
}

static void test_decision_quota_tie_disqualifier(void **state)
{
	(void)state;
	err_t e = {0};
	/* CB000299 was reprimanded this year: KHT whatever the score */
	assert_int_equal(eval_discipline_add(&C, "CB000299", "2026-02-10", "khiển trách", "5/QĐ", 0, &e),
			 0);
	score_everyone();
	char buf[32];
	assert_string_equal(status_of("CB000313", buf), "reviewed");

	/* the kindergarten: 30% of 16 = 4 A; three at 97, two tied at 93 */
	eval_pools_t p;
	assert_int_equal(eval_propose(&C, "X-SS", &M, "CB000310", 0, &p, &e), 0);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.v[0].limit.max_top, 4);
	assert_int_equal(p.v[0].nties, 1);
	assert_int_equal(p.v[0].ties[0].score, 9300);
	assert_int_equal(p.v[0].ties[0].nmembers, 2);
	assert_int_equal(p.v[0].ties[0].choose, 1);
	eval_pools_free(&p);

	char *before = fingerprint();
	eval_decide_req_t q = {"X-SS", &M, "CB000310", NULL, 0, NULL, 0, 0, 0, NULL, 0};
	/* the tie is not broken by canbo */
	assert_int_equal(eval_decide(&C, &q, &p, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "đồng điểm"));
	assert_non_null(strstr(e.msg, "CB000315"));
	assert_non_null(strstr(e.msg, "chỉ được chọn 1 người"));
	/* both: over the quota, refused with the allowed number */
	const char *both[] = {"CB000315", "CB000324"};
	q.grant = both;
	q.ngrant = 2;
	q.reason = "Cả hai";
	assert_int_equal(eval_decide(&C, &q, &p, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "tối đa 4"));
	/* a choice without a reason */
	q.ngrant = 1;
	q.reason = NULL;
	assert_int_equal(eval_decide(&C, &q, &p, &e), ERR_INVALID);
	assert_unchanged(before);
	/* the head names one, with a reason */
	const char *one[] = {"CB000324"};
	q.grant = one;
	q.reason = "Có sáng kiến được công nhận";
	assert_int_equal(eval_decide(&C, &q, &p, &e), 0);
	assert_int_equal(p.v[0].granted, 4);
	eval_pools_free(&p);
	eval_full_t f = get("CB000324");
	assert_string_equal(f.row.grade_code, "A");
	assert_true(f.row.top_granted);
	assert_string_equal(f.row.decision_reason, "Có sáng kiến được công nhận");
	eval_full_free(&f);
	f = get("CB000315");
	assert_string_equal(f.row.grade_code, "B");
	assert_non_null(strstr(f.row.grade_reason, "ngoài hạn mức"));
	eval_full_free(&f);

	/* Phòng Kinh tế under Decree 335: the reprimanded one is KHT with the
	 * reason; with one candidate left and 5 HTT after the decision, one HTXS */
	q = (eval_decide_req_t){"X-SS-KT", &M, "CB000294", NULL, 0, NULL, 0, 0, 0, NULL, 1};
	assert_int_equal(eval_decide(&C, &q, &p, &e), 0);
	eval_pools_free(&p);
	f = get("CB000299");
	assert_string_equal(f.row.grade_code, "KHT");
	assert_string_equal(f.row.grade_reason,
			    "Bị kỷ luật từ hình thức khiển trách trở lên trong năm đánh giá");
	assert_int_equal(f.row.final_total, 9600);
	eval_full_free(&f);
	f = get("CB000298");
	assert_string_equal(f.row.grade_code, "HTXS");
	eval_full_free(&f);
}

static void test_publish_object_answer_lock(void **state)
{
	(void)state;
	err_t e = {0};
	long n = 0, open = 0;
	/* the wrong head cannot publish this list */
	assert_int_equal(eval_publish(&C, "X-SS-MN", &M, "CB000294", &n, &e), ERR_FORBIDDEN);
	assert_int_equal(eval_publish(&C, "X-SS", &M, "CB000310", &n, &e), 0);
	assert_int_equal(n, 16);
	/* objection by someone else, and without a reason */
	char *before = fingerprint();
	assert_int_equal(eval_object(&C, "CB000315", &M, "CB000316", "x", &e), ERR_FORBIDDEN);
	assert_int_equal(eval_object(&C, "CB000315", &M, "CB000315", "", &e), ERR_INVALID);
	/* an objection on an unpublished evaluation */
	assert_int_equal(eval_object(&C, "CB000295", &M, "CB000295", "x", &e), ERR_CONFLICT);
	assert_unchanged(before);
	assert_int_equal(eval_object(&C, "CB000315", &M, "CB000315", "Cùng điểm với người được chọn", &e),
			 0);
	assert_int_equal(eval_lock(&C, "X-SS", &M, "CB000310", &n, &open, &e), 0);
	assert_int_equal(n, 15);
	assert_int_equal(open, 1);
	/* the answer may not give A over the quota */
	eval_outcome_t o;
	before = fingerprint();
	assert_int_equal(eval_answer(&C, "CB000315", &M, "CB000310", "x", NULL, 1, &o, &e),
			 ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "tối đa 4"));
	assert_int_equal(eval_answer(&C, "CB000315", &M, "CB000294", "x", NULL, 0, &o, &e),
			 ERR_FORBIDDEN);
	assert_unchanged(before);
	eval_scores_t ch;
	scores(&ch, "THUONG=6");
	assert_int_equal(eval_answer(&C, "CB000315", &M, "CB000310", "Bổ sung điểm thưởng", &ch, 0, &o,
				     &e),
			 0);
	eval_scores_free(&ch);
	assert_int_equal(o.total, 9400);
	assert_string_equal(o.grade, "B");
	assert_int_equal(eval_lock(&C, "X-SS", &M, "CB000310", &n, &open, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(open, 0);
	char buf[32];
	assert_string_equal(status_of("CB000315", buf), "locked");
	eval_full_t f = get("CB000315");
	assert_int_equal(f.nobj, 1);
	assert_string_equal(f.obj[0].outcome, "changed");
	assert_int_equal(f.row.final_total, 9400);
	eval_full_free(&f);
	/* reopening: only the head, with a reason; back to reviewed */
	assert_int_equal(eval_reopen(&C, "CB000315", &M, "CB000315", "x", &e), ERR_FORBIDDEN);
	assert_int_equal(eval_reopen(&C, "CB000315", &M, "CB000310", NULL, &e), ERR_INVALID);
	assert_int_equal(eval_reopen(&C, "CB000315", &M, "CB000310", "Sai điểm thưởng", &e), 0);
	assert_string_equal(status_of("CB000315", buf), "reviewed");
	/* a progressed evaluation is left alone by re-opening the month */
	period_open_result_t r;
	assert_int_equal(period_open(&C, "X-SS", &M, &r, &e), 0);
	assert_int_equal(r.created, 0);
	assert_int_equal(r.progressed, 46);
}

static void test_work_products(void **state)
{
	(void)state;
	period_month_t apr;
	period_month_set(&apr, 2026, 4);
	err_t e = {0};
	period_open_result_t r;
	assert_int_equal(period_open(&C, "X-SS-VHXH", &apr, &r, &e), 0);
	task_rec_t t = {"CB000305", &apr, "Kế hoạch lễ hội", NULL, 200, "2026-04-01", "2026-04-10"};
	int64_t a = task_add(&C, &t, "CB000302", &e);
	assert_true(a > 0);
	t.title = "Báo cáo tháng";
	t.coef = 100;
	int64_t b = task_add(&C, &t, "CB000302", &e);
	assert_true(b > 0);
	assert_int_equal(task_done(&C, a, "2026-04-09", "CB000305", &e), 0);
	assert_int_equal(task_done(&C, b, "2026-04-12", "CB000305", &e), 0); /* late */
	assert_int_equal(task_review(&C, a, 0, "CB000305", &e), ERR_FORBIDDEN);
	assert_int_equal(task_review(&C, a, 0, "CB000302", &e), 0); /* a major error */
	assert_int_equal(task_review(&C, a, 1, "CB000302", &e), 0);
	assert_int_equal(task_review(&C, b, 1, "CB000302", &e), 0);
	task_list_t l;
	assert_int_equal(task_list(&C, "CB000305", &apr, &l, &e), 0);
	assert_int_equal(l.n, 2);
	assert_true(l.has_result);
	/* A = 3; quantity 100%; quality (2 × 75% + 1) / 3 = 83,33%; progress (2 + 75%) / 3 = 91,67% */
	assert_int_equal(l.result.quantity_bp, 10000);
	assert_int_equal(l.result.quality_bp, 8333);
	assert_int_equal(l.result.progress_bp, 9167);
	task_list_free(&l);
	/* a waiver needs a reason and a confirming person other than the assignee */
	assert_int_equal(task_waive(&C, b, "delay", NULL, "CB000282", NULL, &e), ERR_INVALID);
	assert_int_equal(task_waive(&C, b, "delay", "Mất điện", "CB000305", NULL, &e), ERR_FORBIDDEN);
	assert_int_equal(task_waive(&C, b, "delay", "Mất điện", "CB000282", NULL, &e), 0);
	assert_int_equal(task_list(&C, "CB000305", &apr, &l, &e), 0);
	assert_int_equal(l.result.progress_bp, 10000);
	task_list_free(&l);
	/* the self-assessment takes the results part from the tasks */
	eval_scores_t sc;
	scores(&sc, "TCC_A=9,TCC_B=9,TCC_C=9");
	eval_outcome_t o;
	assert_int_equal(eval_self(&C, "CB000305", &apr, "CB000305", &sc, 0, &o, &e), 0);
	eval_scores_free(&sc);
	assert_int_equal(o.computed, 1);
	/* 70 × (100% + 83,33% + 100%) / 3 = 66,11; + 27 */
	assert_int_equal(o.total, 9311);
}

/* ---- the month's scope ------------------------------------------------------- */

static int has_id(const int64_t *v, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == id)
			return 1;
	return 0;
}

/* period_scope reads the subtree from the unit versions itself: for every
 * unit and month around the demo's merger (1 July 2025) it must give the
 * union of org_subtree_ids on the first and the last day, sorted. */
static void test_scope_matches_org(void **state)
{
	(void)state;
	err_t e = {0};
	int64_t units[512];
	size_t nu = 0;
	db_stmt_t *s = db_stmt(C.db, STMT_EVAL_UNIT_VERSIONS_DURING, &e);
	assert_non_null(s);
	db_bind_text(s, 1, "2000-01-01", -1);
	db_bind_text(s, 2, "2200-01-01", -1);
	while (db_step(s, &e) == DB_ROW && nu < 512)
		units[nu++] = db_col_int(s, 0);
	assert_true(nu > 10);
	for (int y = 2024; y <= 2027; y++)
		for (int mo = 1; mo <= 12; mo += y == 2025 || y == 2026 ? 1 : 5) {
			period_month_t m;
			period_month_set(&m, y, mo);
			for (size_t u = 0; u < nu; u++) {
				int64_t *got = NULL, *a = NULL, *b = NULL;
				size_t ng = 0, na = 0, nb = 0;
				assert_int_equal(period_scope(&C, units[u], &m, &got, &ng, &e), 0);
				assert_int_equal(org_subtree_ids(&C, units[u], m.starts, &a, &na, &e), 0);
				assert_int_equal(org_subtree_ids(&C, units[u], m.last, &b, &nb, &e), 0);
				/* sorted, without repeats, and the same set as a ∪ b */
				for (size_t i = 1; i < ng; i++)
					assert_true(got[i - 1] < got[i]);
				for (size_t i = 0; i < na; i++)
					assert_true(period_in_scope(got, ng, a[i]));
				for (size_t i = 0; i < nb; i++)
					assert_true(period_in_scope(got, ng, b[i]));
				for (size_t i = 0; i < ng; i++)
					assert_true(has_id(a, na, got[i]) || has_id(b, nb, got[i]));
				free(got);
				free(a);
				free(b);
			}
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_open_idempotent),
	    cmocka_unit_test(test_wrong_actor_and_order),
	    cmocka_unit_test(test_review_changes_need_reasons),
	    cmocka_unit_test(test_optimistic_concurrency),
	    cmocka_unit_test(test_decision_quota_tie_disqualifier),
	    cmocka_unit_test(test_publish_object_answer_lock),
	    cmocka_unit_test(test_work_products),
	    cmocka_unit_test(test_scope_matches_org),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
