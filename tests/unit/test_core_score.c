/*
 * Test vectors for core/score: totals and grades under Hanoi 3814-QĐ/TU and
 * Decree 335/2025/NĐ-CP (DOMAIN.md §2.1, §2.2). Points are centipoints:
 * 49.99 = 4999. Every band boundary is checked under both frameworks, then
 * bonus above 100, deductions, rounding, refusals and each disqualifier.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/builtin.h"
#include "core/score.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static framework_t *hn(const builtin_3814_settings_t *s)
{
	err_t e;
	framework_t *fw = builtin_3814(s, &e);
	if (!fw)
		fail_msg("3814: %s", e.msg);
	return fw;
}

static framework_t *nd(const builtin_335_settings_t *s)
{
	err_t e;
	framework_t *fw = builtin_335(s, &e);
	if (!fw)
		fail_msg("335: %s", e.msg);
	return fw;
}

static score_result_t total_ok(const framework_t *fw, const score_entry_t *en, size_t n)
{
	score_result_t r;
	err_t e;
	err_clear(&e);
	if (score_total(fw, en, n, &r, &e) != ERR_OK)
		fail_msg("score_total: %s", e.msg);
	return r;
}

static const char *grade_of(const framework_t *fw, int32_t total)
{
	score_grade_t g;
	err_t e;
	assert_int_equal(score_grade(fw, total, NULL, 0, 0, &g, &e), ERR_OK);
	assert_null(g.reason);
	return g.code;
}

static void expect_refused(const framework_t *fw, const score_entry_t *en, size_t n,
                           const char *needle)
{
	score_result_t r = {.total = -7};
	err_t e;
	err_clear(&e);
	assert_int_equal(score_total(fw, en, n, &r, &e), ERR_INVALID);
	assert_int_equal(r.total, -7); /* nothing written */
	if (!strstr(e.msg, needle))
		fail_msg("message \"%s\" lacks \"%s\"", e.msg, needle);
}

/* One boundary vector: the scores of the framework's criteria in order and
 * the expected total and grade. */
typedef struct vec {
	int32_t s[4];
	int32_t total;
	const char *grade;
} vec_t;

/* 3814-QĐ/TU: A 90–100, B 70 to under 90, C 50 to under 70, D under 50;
 * 20 (YT) + 70 (KQ) + 10 bonus (THUONG). */
static void test_3814_band_boundaries(void **state)
{
	(void)state;
	framework_t *fw = hn(NULL);
	static const vec_t v[] = {
	    {{2000, 2999, 0}, 4999, "D"},     /* 49,99 → D */
	    {{2000, 3000, 0}, 5000, "C"},     /* 50 → C */
	    {{2000, 4999, 0}, 6999, "C"},     /* 69,99 → C */
	    {{2000, 5000, 0}, 7000, "B"},     /* 70 → B */
	    {{2000, 6999, 0}, 8999, "B"},     /* 89,99 → B */
	    {{2000, 7000, 0}, 9000, "A"},     /* 90 → A (bonus not needed) */
	    {{1500, 6500, 1000}, 9000, "A"},  /* 90 with 10 bonus → A */
	    {{2000, 7000, 1000}, 10000, "A"}, /* 100 → A */
	    {{0, 0, 0}, 0, "D"},
	};
	for (size_t i = 0; i < N(v); i++) {
		score_entry_t en[] = {{"YT", v[i].s[0]}, {"KQ", v[i].s[1]}, {"THUONG", v[i].s[2]}};
		score_result_t r = total_ok(fw, en, 3);
		assert_int_equal(r.total, v[i].total);
		assert_string_equal(grade_of(fw, r.total), v[i].grade);
	}
	framework_free(fw);
}

/* Decree 335/2025: HTXS ≥ 90, HTT 70 to under 90, HT 50 to under 70, KHT
 * under 50; 30 general (TCC_A/B/C 10 each) + 70 results (KQ_SP). */
static void test_335_band_boundaries(void **state)
{
	(void)state;
	framework_t *fw = nd(NULL);
	static const vec_t v[] = {
	    {{1000, 1000, 1000, 1999}, 4999, "KHT"},   /* 49,99 → KHT */
	    {{1000, 1000, 1000, 2000}, 5000, "HT"},    /* 50 → HT */
	    {{1000, 1000, 1000, 3999}, 6999, "HT"},    /* 69,99 → HT */
	    {{1000, 1000, 1000, 4000}, 7000, "HTT"},   /* 70 → HTT */
	    {{1000, 1000, 999, 6000}, 8999, "HTT"},    /* 89,99 → HTT */
	    {{1000, 1000, 1000, 6000}, 9000, "HTXS"},  /* 90 → HTXS */
	    {{1000, 1000, 1000, 7000}, 10000, "HTXS"}, /* 100 → HTXS */
	};
	for (size_t i = 0; i < N(v); i++) {
		score_entry_t en[] = {{"TCC_A", v[i].s[0]},
		                      {"TCC_B", v[i].s[1]},
		                      {"TCC_C", v[i].s[2]},
		                      {"KQ_SP", v[i].s[3]}};
		score_result_t r = total_ok(fw, en, 4);
		assert_int_equal(r.total, v[i].total);
		assert_string_equal(grade_of(fw, r.total), v[i].grade);
	}
	framework_free(fw);
}

/* Bonus over 100 (3814-QĐ/TU: the 10 bonus points are inside the 100).
 * With the defaults 20 + 70 + 10 cannot pass 100, and a bonus above its 10
 * is refused. A locality that widens the bonus to 15 keeps the cap at 100
 * unless it lets bonus take the total over 100 (allow_over_max). */
static void test_3814_bonus_over_100(void **state)
{
	(void)state;
	framework_t *fw = hn(NULL);
	score_entry_t over[] = {{"THUONG", 1001}};
	expect_refused(fw, over, 1, "vượt mức tối đa 10 điểm");
	framework_free(fw);

	builtin_3814_settings_t s;
	builtin_3814_defaults(&s);
	s.bonus_max = 1500;
	fw = hn(&s);
	score_entry_t en[] = {{"YT", 2000}, {"KQ", 7000}, {"THUONG", 1500}};
	score_result_t r = total_ok(fw, en, 3);
	assert_int_equal(r.raw, 10500);
	assert_int_equal(r.total, 10000); /* capped at 100 */
	assert_true(r.capped);
	assert_string_equal(grade_of(fw, r.total), "A");
	framework_free(fw);

	s.allow_over_max = 1;
	fw = hn(&s);
	r = total_ok(fw, en, 3);
	assert_int_equal(r.total, 10500); /* 105 */
	assert_false(r.capped);
	assert_string_equal(grade_of(fw, r.total), "A");
	framework_free(fw);
}

/* Bonus over 100 under Decree 335/2025: the decree has no bonus points; a
 * locality adding 5 (bonus_max setting) is capped at 100 unless allowed. */
static void test_335_bonus_over_100(void **state)
{
	(void)state;
	framework_t *fw = nd(NULL);
	score_entry_t no_bonus[] = {{"THUONG", 100}};
	expect_refused(fw, no_bonus, 1, "Không có tiêu chí mã \"THUONG\"");
	framework_free(fw);

	builtin_335_settings_t s;
	builtin_335_defaults(&s);
	s.bonus_max = 500;
	fw = nd(&s);
	score_entry_t en[] = {
	    {"TCC_A", 1000}, {"TCC_B", 1000}, {"TCC_C", 1000}, {"KQ_SP", 7000}, {"THUONG", 500}};
	score_result_t r = total_ok(fw, en, N(en));
	assert_int_equal(r.total, 10000);
	assert_true(r.capped);
	framework_free(fw);

	s.allow_over_max = 1;
	fw = nd(&s);
	r = total_ok(fw, en, N(en));
	assert_int_equal(r.total, 10500);
	assert_string_equal(grade_of(fw, r.total), "HTXS");
	/* bonus lifts 88 to 92: HTT → HTXS */
	score_entry_t lift[] = {
	    {"TCC_A", 1000}, {"TCC_B", 1000}, {"TCC_C", 800}, {"KQ_SP", 6000}, {"THUONG", 400}};
	r = total_ok(fw, lift, N(lift));
	assert_int_equal(r.total, 9200);
	assert_string_equal(grade_of(fw, r.total), "HTXS");
	framework_free(fw);
}

/* Refusals (issue 3, "bad input is refused with a Vietnamese message"):
 * a negative score, a score above the criterion's maximum naming the
 * criterion, an unknown criterion, a criterion scored twice. */
static void test_refusals(void **state)
{
	(void)state;
	framework_t *fw = hn(NULL);
	score_entry_t neg[] = {{"YT", -1}};
	expect_refused(fw, neg, 1, "không được âm");
	score_entry_t over[] = {{"YT", 2001}};
	expect_refused(fw, over, 1, "Điểm tiêu chí \"YT\"");
	expect_refused(fw, over, 1, "20,01, vượt mức tối đa 20 điểm");
	score_entry_t unknown[] = {{"XYZ", 1}};
	expect_refused(fw, unknown, 1, "Không có tiêu chí mã \"XYZ\"");
	score_entry_t twice[] = {{"KQ", 1}, {"KQ", 2}};
	expect_refused(fw, twice, 2, "chấm hai lần");
	/* a missing criterion scores 0 */
	score_entry_t only[] = {{"KQ", 7000}};
	assert_int_equal(total_ok(fw, only, 1).total, 7000);
	framework_free(fw);
}

/* Deductions (điểm trừ, set by each unit under 3814-QĐ/TU): they come out of
 * their own group and never take it below 0; bonus conditions are capped at
 * the bonus group's maximum. */
static framework_t *unit_framework(void)
{
	framework_t *fw = framework_new("HN-DV", "Khung đơn vị", "Theo 3814-QĐ/TU");
	size_t g = framework_add_group(fw, "YT", "Ý thức", FRAMEWORK_GROUP_BASE, 2000);
	framework_add_criterion(fw, g, "YT_KL", "Kỷ luật", FRAMEWORK_KIND_SCORED, 1000);
	framework_add_criterion(fw, g, "YT_DD", "Đạo đức", FRAMEWORK_KIND_SCORED, 1000);
	framework_add_criterion(fw, g, "YT_TRU", "Đi muộn", FRAMEWORK_KIND_DEDUCTION, 1000);
	g = framework_add_group(fw, "KQ", "Kết quả", FRAMEWORK_GROUP_BASE, 7000);
	framework_add_criterion(fw, g, "KQ", "Kết quả", FRAMEWORK_KIND_SCORED, 7000);
	g = framework_add_group(fw, "TH", "Thưởng", FRAMEWORK_GROUP_BONUS, 1000);
	framework_add_criterion(fw, g, "TH_SK", "Sáng kiến", FRAMEWORK_KIND_BONUS, 1000);
	framework_add_criterion(fw, g, "TH_KT", "Khen thưởng", FRAMEWORK_KIND_BONUS, 1000);
	framework_add_band(fw, "A", "Xuất sắc", 9000);
	framework_add_band(fw, "B", "Tốt", 7000);
	framework_add_band(fw, "C", "Hoàn thành", 5000);
	framework_add_band(fw, "D", "Không hoàn thành", 0);
	err_t e;
	if (framework_validate(fw, &e) != ERR_OK)
		fail_msg("%s", e.msg);
	return fw;
}

static void test_deductions_and_bonus_cap(void **state)
{
	(void)state;
	framework_t *fw = unit_framework();
	score_entry_t a[] = {{"YT_KL", 1000}, {"YT_DD", 1000}, {"YT_TRU", 500}, {"KQ", 6000}};
	score_result_t r = total_ok(fw, a, N(a));
	assert_int_equal(r.base, 7500);
	assert_int_equal(r.deductions, 500);
	assert_int_equal(r.total, 7500);

	/* 3 points of discipline, 10 deducted: the group stops at 0 */
	score_entry_t b[] = {{"YT_KL", 300}, {"YT_TRU", 1000}, {"KQ", 7000}};
	r = total_ok(fw, b, N(b));
	assert_int_equal(r.deductions, 300);
	assert_int_equal(r.total, 7000);

	/* two bonus conditions of 10 each: the group gives at most 10 */
	score_entry_t c[] = {
	    {"YT_KL", 1000}, {"YT_DD", 1000}, {"KQ", 6000}, {"TH_SK", 1000}, {"TH_KT", 1000}};
	r = total_ok(fw, c, N(c));
	assert_int_equal(r.bonus, 1000);
	assert_int_equal(r.total, 9000);
	assert_string_equal(grade_of(fw, r.total), "A");

	score_entry_t d[] = {{"YT_TRU", 1001}};
	expect_refused(fw, d, 1, "vượt mức tối đa 10 điểm");
	framework_free(fw);
}

/* Rounding rule (framework data, half-up): to one decimal, 89,95 → 90,0
 * is A but 89,94 → 89,9 is B; to an integer, 89,50 → 90, 89,49 → 89. */
static void test_rounding_rule(void **state)
{
	(void)state;
	assert_int_equal(score_round(8995, 10), 9000);
	assert_int_equal(score_round(8994, 10), 8990);
	assert_int_equal(score_round(8950, 100), 9000);
	assert_int_equal(score_round(8949, 100), 8900);
	assert_int_equal(score_round(8999, 1), 8999);
	assert_int_equal(score_round(-8995, 10), -9000);

	builtin_3814_settings_t s;
	builtin_3814_defaults(&s);
	s.round_step = 10;
	framework_t *fw = hn(&s);
	score_entry_t up[] = {{"YT", 2000}, {"KQ", 6995}};
	score_result_t r = total_ok(fw, up, 2);
	assert_int_equal(r.raw, 8995);
	assert_int_equal(r.total, 9000);
	assert_string_equal(grade_of(fw, r.total), "A");
	score_entry_t down[] = {{"YT", 2000}, {"KQ", 6994}};
	r = total_ok(fw, down, 2);
	assert_int_equal(r.total, 8990);
	assert_string_equal(grade_of(fw, r.total), "B");
	framework_free(fw);
}

static void expect_forced(const framework_t *fw, int32_t total, const char *code, int leader,
                          const char *grade, const char *reason_part)
{
	score_grade_t g;
	err_t e;
	const char *d[] = {code};
	assert_int_equal(score_grade(fw, total, d, 1, leader, &g, &e), ERR_OK);
	assert_string_equal(g.code, grade);
	assert_non_null(g.reason);
	assert_string_equal(g.disq, code);
	if (!strstr(g.reason, reason_part))
		fail_msg("reason \"%s\" lacks \"%s\"", g.reason, reason_part);
}

/* Decree 335/2025, KHT regardless of score: (c) disciplined at reprimand or
 * heavier in the year; (b) concluded by a competent body to have degraded
 * politically or morally; (d) leaders: a unit they directly manage had
 * corruption or waste that was handled. */
static void test_335_disqualifiers(void **state)
{
	(void)state;
	framework_t *fw = nd(NULL);
	expect_forced(fw, 9800, "KY_LUAT", 0, "KHT", "khiển trách");
	expect_forced(fw, 9800, "SUY_THOAI", 0, "KHT", "suy thoái");
	expect_forced(fw, 9800, "THAM_NHUNG_DON_VI", 1, "KHT", "tham nhũng");
	expect_forced(fw, 5000, "KY_LUAT", 1, "KHT", "kỷ luật");

	/* the leaders-only case cannot be applied to a non-leader */
	score_grade_t g;
	err_t e;
	const char *d[] = {"THAM_NHUNG_DON_VI"};
	err_clear(&e);
	assert_int_equal(score_grade(fw, 9800, d, 1, 0, &g, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "lãnh đạo, quản lý"));

	/* unknown code refused; several codes: the first in framework order */
	const char *bad[] = {"KY_LUAT", "XYZ"};
	assert_int_equal(score_grade(fw, 9800, bad, 2, 0, &g, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "XYZ"));
	const char *two[] = {"SUY_THOAI", "KY_LUAT"};
	assert_int_equal(score_grade(fw, 9800, two, 2, 0, &g, &e), ERR_OK);
	assert_string_equal(g.disq, "KY_LUAT");

	/* no disqualifier: by score only */
	assert_int_equal(score_grade(fw, 9800, NULL, 0, 1, &g, &e), ERR_OK);
	assert_string_equal(g.code, "HTXS");
	assert_string_equal(g.label, "Hoàn thành xuất sắc nhiệm vụ");
	assert_null(g.reason);
	framework_free(fw);
}

/* 3814-QĐ/TU lists no disqualifier of its own (units may add them): a code
 * it does not know is refused, and a unit's own disqualifier forces D. */
static void test_3814_disqualifiers(void **state)
{
	(void)state;
	framework_t *fw = hn(NULL);
	score_grade_t g;
	err_t e;
	const char *d[] = {"KY_LUAT"};
	assert_int_equal(score_grade(fw, 9500, d, 1, 0, &g, &e), ERR_INVALID);
	framework_add_disqualifier(fw, "KY_LUAT", "Bị kỷ luật trong tháng", 0);
	expect_forced(fw, 9500, "KY_LUAT", 0, "D", "kỷ luật");
	framework_free(fw);
}

/* 335 leader: 30 general + the leader formula's 58,33 = 88,33 → HTT. */
static void test_335_leader_total(void **state)
{
	(void)state;
	framework_t *fw = nd(NULL);
	score_entry_t en[] = {{"TCC_A", 1000}, {"TCC_B", 1000}, {"TCC_C", 1000}, {"KQ_SP", 5833}};
	score_result_t r = total_ok(fw, en, N(en));
	assert_int_equal(r.total, 8833);
	assert_string_equal(grade_of(fw, r.total), "HTT");
	framework_free(fw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_3814_band_boundaries),
	    cmocka_unit_test(test_335_band_boundaries),
	    cmocka_unit_test(test_3814_bonus_over_100),
	    cmocka_unit_test(test_335_bonus_over_100),
	    cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_deductions_and_bonus_cap),
	    cmocka_unit_test(test_rounding_rule),
	    cmocka_unit_test(test_335_disqualifiers),
	    cmocka_unit_test(test_3814_disqualifiers),
	    cmocka_unit_test(test_335_leader_total),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
