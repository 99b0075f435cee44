/*
 * Test vectors for core/workprod: task results from work products and the
 * leader formula under Decree 335/2025/NĐ-CP (DOMAIN.md §2.2):
 *  - quantity % = completed ÷ assigned, quality % = completed and passing
 *    review ÷ assigned, progress % = done on time ÷ assigned, all converted
 *    by the coefficient (quy đổi);
 *  - each failed review for a major content error −25% of that item's
 *    quality points, each delay −25% of its progress points, neither when
 *    the competent level confirms an objective cause;
 *  - weights default to equal thirds of the 70;
 *  - leaders: the unit-results part counts 100% when every subordinate is at
 *    least HT, 50% when any is KHT; organising capacity 100% when every
 *    planned task is done on time and to quality.
 * Percentages in basis points (10000 = 100%), points in centipoints.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/builtin.h"
#include "core/workprod.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* An assigned item with coefficient c (hundredths) done on time and passed. */
#define DONE(c)                                                                                    \
	{                                                                                          \
		.coef = (c), .assigned = 1, .completed = 1, .passed = 1                            \
	}
#define OPEN(c)                                                                                    \
	{                                                                                          \
		.coef = (c), .assigned = 1                                                         \
	}

static const framework_workprod_t DEF = {1, 1, 1, 250, 250};
static const framework_leader_t LDEF = {1, 1, 1, 10000, 5000};

static workprod_result_t run(const framework_workprod_t *p, const workprod_item_t *it, size_t n)
{
	workprod_result_t r;
	err_t e;
	err_clear(&e);
	if (workprod_compute(p, 7000, it, n, &r, &e) != ERR_OK)
		fail_msg("workprod_compute: %s", e.msg);
	return r;
}

static void expect_refused(const workprod_item_t *it, size_t n, const char *needle)
{
	workprod_result_t r;
	err_t e;
	err_clear(&e);
	assert_int_equal(workprod_compute(&DEF, 7000, it, n, &r, &e), ERR_INVALID);
	if (!strstr(e.msg, needle))
		fail_msg("message \"%s\" lacks \"%s\"", e.msg, needle);
}

/* 335: the defaults of the built-in framework are the decree's 25% and
 * equal thirds. */
static void test_builtin_params(void **state)
{
	(void)state;
	err_t e;
	framework_t *fw = builtin_335(NULL, &e);
	assert_non_null(fw);
	assert_memory_equal(&fw->workprod, &DEF, sizeof DEF);
	assert_memory_equal(&fw->leader, &LDEF, sizeof LDEF);
	framework_free(fw);
}

/* Everything assigned done on time and passing review: 100% × 70. */
static void test_all_done(void **state)
{
	(void)state;
	workprod_item_t it[] = {DONE(100), DONE(150), DONE(50)};
	workprod_result_t r = run(&DEF, it, N(it));
	assert_int_equal(r.quantity_bp, 10000);
	assert_int_equal(r.quality_bp, 10000);
	assert_int_equal(r.progress_bp, 10000);
	assert_int_equal(r.points, 7000);
	assert_int_equal(r.on_time, 3);
}

/* Quantity % = completed ÷ assigned; 3 of 4 equal items: 75% on each of
 * quantity, quality and progress → 52,50 points. */
static void test_quantity(void **state)
{
	(void)state;
	workprod_item_t it[] = {DONE(100), DONE(100), DONE(100), OPEN(100)};
	workprod_result_t r = run(&DEF, it, N(it));
	assert_int_equal(r.quantity_bp, 7500);
	assert_int_equal(r.quality_bp, 7500);
	assert_int_equal(r.progress_bp, 7500);
	assert_int_equal(r.points, 5250);
}

/* Converted by the coefficient: an item of 2,00 done, one of 1,00 not:
 * 2/3 = 66,67%. */
static void test_coefficient(void **state)
{
	(void)state;
	workprod_item_t it[] = {DONE(200), OPEN(100)};
	workprod_result_t r = run(&DEF, it, N(it));
	assert_int_equal(r.quantity_bp, 6667);
	assert_int_equal(r.points, 4667); /* 70 × 2/3 = 46,666… */
}

/* 335: each review failed for a major content error costs 25% of that
 * item's quality points: one failure on one of 3 equal items → quality
 * (1 + 1 + 0,75)/3 = 91,67%; points 70 × (100 + 91,67 + 100)/300 = 68,06. */
static void test_review_deduction(void **state)
{
	(void)state;
	workprod_item_t it[] = {DONE(100), DONE(100), DONE(100)};
	it[2].reviews_failed = 1;
	workprod_result_t r = run(&DEF, it, N(it));
	assert_int_equal(r.quality_bp, 9167);
	assert_int_equal(r.quantity_bp, 10000);
	assert_int_equal(r.progress_bp, 10000);
	assert_int_equal(r.points, 6806);

	it[2].reviews_failed = 2; /* −50% */
	assert_int_equal(run(&DEF, it, N(it)).quality_bp, 8333);
	it[2].reviews_failed = 5; /* −125% stops at 0 for the item */
	assert_int_equal(run(&DEF, it, N(it)).quality_bp, 6667);
}

/* 335: no deduction when the competent level confirms an objective cause. */
static void test_review_waived(void **state)
{
	(void)state;
	workprod_item_t it[] = {DONE(100), DONE(100), DONE(100)};
	it[2].reviews_failed = 2;
	it[2].reviews_waived = 1; /* one failure waived: −25% only */
	assert_int_equal(run(&DEF, it, N(it)).quality_bp, 9167);
	it[2].reviews_waived = 2; /* both waived */
	assert_int_equal(run(&DEF, it, N(it)).quality_bp, 10000);
}

/* An item completed but never passing review earns no quality points. */
static void test_not_passed(void **state)
{
	(void)state;
	workprod_item_t it[] = {DONE(100), DONE(100)};
	it[1].passed = 0;
	it[1].reviews_failed = 1;
	workprod_result_t r = run(&DEF, it, N(it));
	assert_int_equal(r.quantity_bp, 10000);
	assert_int_equal(r.quality_bp, 5000);
}

/* 335: each delay costs 25% of that item's progress points; waived for a
 * confirmed objective cause. */
static void test_delay_deduction_and_waiver(void **state)
{
	(void)state;
	workprod_item_t it[] = {DONE(100), DONE(100), DONE(100), DONE(100)};
	it[0].delays = 1;
	workprod_result_t r = run(&DEF, it, N(it));
	assert_int_equal(r.progress_bp, 9375); /* (0,75 + 3)/4 */
	assert_int_equal(r.on_time, 3);
	it[0].delays = 3;
	assert_int_equal(run(&DEF, it, N(it)).progress_bp, 8125);
	it[0].delays_waived = 3;
	r = run(&DEF, it, N(it));
	assert_int_equal(r.progress_bp, 10000);
	assert_int_equal(r.on_time, 4);
}

/* Configurable (DOMAIN.md §2.2): the weights of quantity, quality and
 * progress, and the size of the deductions. */
static void test_configurable(void **state)
{
	(void)state;
	workprod_item_t it[] = {DONE(100), OPEN(100)};
	it[0].delays = 1;
	/* qty 50%, quality 50%, progress 37,5% */
	framework_workprod_t w = {2, 1, 1, 250, 250};
	workprod_result_t r = run(&w, it, N(it));
	assert_int_equal(r.progress_bp, 3750);
	assert_int_equal(r.combined_bp, 4688); /* (2×50 + 50 + 37,5)/4 = 46,875 */
	assert_int_equal(r.points, 3281);      /* 70 × 0,46875 = 32,8125 */
	framework_workprod_t half = {1, 1, 1, 500, 500};
	r = run(&half, it, N(it));
	assert_int_equal(r.progress_bp, 2500);
}

/* Items completed without being assigned in the period count, but no
 * percentage passes 100%. */
static void test_extra_work_capped(void **state)
{
	(void)state;
	workprod_item_t it[] = {DONE(100), {.coef = 300, .completed = 1, .passed = 1}};
	workprod_result_t r = run(&DEF, it, N(it));
	assert_int_equal(r.quantity_bp, 10000);
	assert_int_equal(r.points, 7000);
	workprod_item_t it2[] = {OPEN(200), {.coef = 100, .completed = 1, .passed = 1}};
	assert_int_equal(run(&DEF, it2, N(it2)).quantity_bp, 5000);
}

static void test_refusals(void **state)
{
	(void)state;
	expect_refused(NULL, 0, "Chưa có sản phẩm");
	workprod_item_t extra_only[] = {{.coef = 100, .completed = 1}};
	expect_refused(extra_only, 1, "Chưa có sản phẩm");
	workprod_item_t a[] = {DONE(100), DONE(0)};
	expect_refused(a, 2, "thứ 2 có hệ số quy đổi");
	workprod_item_t b[] = {DONE(100)};
	b[0].reviews_failed = 1;
	b[0].reviews_waived = 2;
	expect_refused(b, 1, "đánh giá chưa đạt");
	workprod_item_t c[] = {DONE(100)};
	c[0].delays_waived = 1;
	expect_refused(c, 1, "chậm tiến độ");
	workprod_item_t d[] = {{.coef = 100, .assigned = 1, .passed = 1}};
	expect_refused(d, 1, "chưa hoàn thành");
	workprod_item_t f[] = {DONE(100)};
	f[0].delays = -1;
	expect_refused(f, 1, "không được âm");
}

static workprod_leader_result_t lead(const workprod_leader_in_t *in)
{
	workprod_leader_result_t r;
	err_t e;
	err_clear(&e);
	if (workprod_leader(&LDEF, 7000, in, &r, &e) != ERR_OK)
		fail_msg("workprod_leader: %s", e.msg);
	return r;
}

/* 335 leader formula, unit-results part: 100% when every subordinate is at
 * least HT, 50% when any subordinate is KHT. */
static void test_leader_unit_part(void **state)
{
	(void)state;
	workprod_leader_in_t in = {.own_bp = 10000,
	                           .subordinates = 8,
	                           .subordinates_kht = 0,
	                           .planned_tasks = 10,
	                           .planned_done_ok = 10};
	workprod_leader_result_t r = lead(&in);
	assert_int_equal(r.unit_bp, 10000);
	assert_int_equal(r.organising_bp, 10000);
	assert_int_equal(r.points, 7000);

	in.subordinates_kht = 1;
	r = lead(&in);
	assert_int_equal(r.unit_bp, 5000);
	assert_int_equal(r.combined_bp, 8333); /* (100 + 50 + 100)/3 */
	assert_int_equal(r.points, 5833);      /* 70 × 250/300 = 58,33 */

	in.subordinates_kht = 8; /* still 50%: the rule is "any" */
	assert_int_equal(lead(&in).unit_bp, 5000);
}

/* 335 leader formula, organising capacity: 100% when every planned task is
 * done on time and to quality; otherwise canbo counts the share that was
 * (our proportional reading, docs/rules.md); 100% with nothing planned. */
static void test_leader_organising(void **state)
{
	(void)state;
	workprod_leader_in_t in = {
	    .own_bp = 10000, .subordinates = 3, .planned_tasks = 4, .planned_done_ok = 3};
	workprod_leader_result_t r = lead(&in);
	assert_int_equal(r.organising_bp, 7500);
	assert_int_equal(r.points, 6417); /* 70 × 275/300 = 64,1666… */
	in.planned_tasks = in.planned_done_ok = 0;
	assert_int_equal(lead(&in).organising_bp, 10000);

	/* weights are configurable: own tasks only */
	framework_leader_t own_only = {1, 0, 0, 10000, 5000};
	workprod_leader_in_t x = {.own_bp = 8000, .subordinates = 2, .subordinates_kht = 2};
	workprod_leader_result_t r2;
	err_t e;
	assert_int_equal(workprod_leader(&own_only, 7000, &x, &r2, &e), ERR_OK);
	assert_int_equal(r2.points, 5600);

	workprod_leader_in_t bad = {.own_bp = 10000, .subordinates = 1, .subordinates_kht = 2};
	err_clear(&e);
	assert_int_equal(workprod_leader(&LDEF, 7000, &bad, &r2, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "không hoàn thành nhiệm vụ"));
	workprod_leader_in_t bad2 = {.own_bp = 10000, .planned_tasks = 1, .planned_done_ok = 2};
	assert_int_equal(workprod_leader(&LDEF, 7000, &bad2, &r2, &e), ERR_INVALID);
}

/* The leader's own-tasks part comes from the same work-product
 * computation. */
static void test_leader_with_own_products(void **state)
{
	(void)state;
	workprod_item_t it[] = {DONE(100), DONE(100), DONE(100), OPEN(100)};
	workprod_result_t own = run(&DEF, it, N(it)); /* 75% */
	workprod_leader_in_t in = {
	    .own_bp = own.combined_bp, .subordinates = 5, .planned_tasks = 2, .planned_done_ok = 2};
	workprod_leader_result_t r = lead(&in);
	assert_int_equal(r.combined_bp, 9167); /* (75 + 100 + 100)/3 */
	assert_int_equal(r.points, 6417);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_builtin_params),
	    cmocka_unit_test(test_all_done),
	    cmocka_unit_test(test_quantity),
	    cmocka_unit_test(test_coefficient),
	    cmocka_unit_test(test_review_deduction),
	    cmocka_unit_test(test_review_waived),
	    cmocka_unit_test(test_not_passed),
	    cmocka_unit_test(test_delay_deduction_and_waiver),
	    cmocka_unit_test(test_configurable),
	    cmocka_unit_test(test_extra_work_capped),
	    cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_leader_unit_part),
	    cmocka_unit_test(test_leader_organising),
	    cmocka_unit_test(test_leader_with_own_products),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
