/*
 * Test vectors for core/annual: the year's classification from the months
 * and its consequences, under Decree 90/2020/NĐ-CP as amended by Decree
 * 48/2023/NĐ-CP (DOMAIN.md §3):
 *  - worked under 6 months in the year: not classified (maternity leave
 *    excepted); absent 3 to under 6 months: at most HT; disciplined in the
 *    year: KHT; the HTXS share capped (annual quota);
 *  - how the months make the year is local (configurable): by default the
 *    mean of the monthly totals, rounded, graded 90 / 70 / 50;
 *  - consequences: a civil servant KHT 2 years running → considered for
 *    dismissal; a leader KHT twice in one appointment term → moved or not
 *    reappointed; a non-leader KHT twice in 3 years → lower position; none
 *    while pregnant, raising a child under 36 months, or discipline pending.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/annual.h"
#include "core/quota.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static annual_settings_t defaults(void)
{
	annual_settings_t s;
	annual_defaults(&s);
	return s;
}

static annual_result_t classify(const annual_settings_t *s, const annual_input_t *in)
{
	annual_result_t r;
	err_t e;
	err_clear(&e);
	if (annual_classify(s, in, &r, &e) != ERR_OK)
		fail_msg("annual_classify: %s", e.msg);
	return r;
}

/* n months all scoring t, worked n months. */
static annual_input_t months(const int32_t *t, size_t n)
{
	return (annual_input_t){.monthly_totals = t, .nmonths = n, .months_worked = (int)n};
}

static const int32_t M95[12] = {9500, 9500, 9500, 9500, 9500, 9500,
                                9500, 9500, 9500, 9500, 9500, 9500};

/* Default method: the mean of the monthly totals, rounded half-up,
 * graded HTXS ≥ 90, HTT ≥ 70, HT ≥ 50, KHT below. */
static void test_mean_and_bands(void **state)
{
	(void)state;
	annual_settings_t s = defaults();
	int32_t a[12];
	for (int i = 0; i < 12; i++)
		a[i] = 9000;
	a[11] = 8999; /* mean 89,9917 → 90,00 */
	annual_input_t in = months(a, 12);
	annual_result_t r = classify(&s, &in);
	assert_int_equal(r.total, 9000);
	assert_int_equal(r.grade, ANNUAL_HTXS);
	assert_null(r.reason);
	for (int i = 0; i < 12; i++)
		a[i] = 8999;
	r = classify(&s, &in);
	assert_int_equal(r.total, 8999);
	assert_int_equal(r.grade, ANNUAL_HTT);

	int32_t b[] = {6999, 7000}; /* 69,995 → 70,00: HTT */
	in = months(b, 2);
	in.months_worked = 12;
	assert_int_equal(classify(&s, &in).grade, ANNUAL_HTT);
	int32_t c[] = {6998, 7000}; /* 69,99: HT */
	in.monthly_totals = c;
	assert_int_equal(classify(&s, &in).grade, ANNUAL_HT);
	int32_t d[] = {4999, 5000}; /* 49,995 → 50,00: HT */
	in.monthly_totals = d;
	assert_int_equal(classify(&s, &in).grade, ANNUAL_HT);
	int32_t f[] = {4998, 5000}; /* 49,99: KHT */
	in.monthly_totals = f;
	r = classify(&s, &in);
	assert_int_equal(r.grade, ANNUAL_KHT);
	assert_null(r.reason);
	assert_string_equal(annual_grade_code(r.grade), "KHT");
	assert_string_equal(annual_grade_label(ANNUAL_HTXS), "Hoàn thành xuất sắc nhiệm vụ");
}

/* The mean is rounded once to the configured step: 89,945 to one decimal
 * is 89,9 (HTT), not 89,95 → 90,0. */
static void test_single_rounding(void **state)
{
	(void)state;
	annual_settings_t s = defaults();
	s.round_step = 10;
	int32_t a[] = {8994, 8995};
	annual_input_t in = months(a, 2);
	in.months_worked = 12;
	annual_result_t r = classify(&s, &in);
	assert_int_equal(r.total, 8990);
	assert_int_equal(r.grade, ANNUAL_HTT);
	int32_t b[] = {8995, 8995};
	in.monthly_totals = b;
	assert_int_equal(classify(&s, &in).total, 9000);
}

/* Decree 90/2020 (48/2023): worked under 6 months in the year → not
 * classified; maternity leave excepted (it counts towards the 6 months and
 * the months worked are classified). */
static void test_under_six_months(void **state)
{
	(void)state;
	annual_settings_t s = defaults();
	annual_input_t in = months(M95, 5);
	annual_result_t r = classify(&s, &in);
	assert_int_equal(r.grade, ANNUAL_NOT_CLASSIFIED);
	assert_string_equal(annual_grade_code(r.grade), "CXL");
	assert_non_null(strstr(r.reason, "dưới 6 tháng"));

	in.maternity_months = 6; /* 5 worked + 6 on maternity leave */
	r = classify(&s, &in);
	assert_int_equal(r.grade, ANNUAL_HTXS);
	assert_int_equal(r.total, 9500); /* the 5 months worked */
	in = months(M95, 2);
	in.maternity_months = 3; /* 2 + 3 is still under 6 */
	assert_int_equal(classify(&s, &in).grade, ANNUAL_NOT_CLASSIFIED);

	in = months(M95, 6); /* exactly 6: classified */
	assert_int_equal(classify(&s, &in).grade, ANNUAL_HTXS);

	/* maternity leave for the whole year: nothing to classify */
	in = (annual_input_t){.maternity_months = 12};
	r = classify(&s, &in);
	assert_int_equal(r.grade, ANNUAL_NOT_CLASSIFIED);
	assert_non_null(strstr(r.reason, "Chưa có kết quả"));
}

/* Decree 90/2020 (48/2023): absent 3 to under 6 months → at most HT. */
static void test_absence_cap(void **state)
{
	(void)state;
	annual_settings_t s = defaults();
	annual_input_t in = months(M95, 9);
	in.months_absent = 3;
	annual_result_t r = classify(&s, &in);
	assert_int_equal(r.by_score, ANNUAL_HTXS);
	assert_int_equal(r.grade, ANNUAL_HT);
	assert_non_null(strstr(r.reason, "Vắng mặt từ 3 tháng"));

	in.months_absent = 5;
	assert_int_equal(classify(&s, &in).grade, ANNUAL_HT);
	in.months_absent = 2; /* under 3: no cap */
	assert_int_equal(classify(&s, &in).grade, ANNUAL_HTXS);
	/* "3 to under 6": 6 months absent and 6 worked is outside the rule as
	 * written (see docs/rules.md) */
	in = months(M95, 6);
	in.months_absent = 6;
	assert_int_equal(classify(&s, &in).grade, ANNUAL_HTXS);

	/* the cap never raises a grade */
	int32_t low[] = {4000, 4000, 4000, 4000, 4000, 4000, 4000, 4000, 4000};
	in = months(low, 9);
	in.months_absent = 3;
	r = classify(&s, &in);
	assert_int_equal(r.grade, ANNUAL_KHT);
	assert_null(r.reason);

	/* configurable: a locality capping at HTT */
	s.absence_cap_grade = ANNUAL_HTT;
	in = months(M95, 9);
	in.months_absent = 4;
	assert_int_equal(classify(&s, &in).grade, ANNUAL_HTT);
}

/* Decree 90/2020 (48/2023): disciplined in the year → KHT, whatever the
 * score; any other case the caller names (e.g. degradation concluded)
 * likewise, with its reason. */
static void test_discipline(void **state)
{
	(void)state;
	annual_settings_t s = defaults();
	annual_input_t in = months(M95, 12);
	in.disciplined = 1;
	annual_result_t r = classify(&s, &in);
	assert_int_equal(r.by_score, ANNUAL_HTXS);
	assert_int_equal(r.grade, ANNUAL_KHT);
	assert_non_null(strstr(r.reason, "kỷ luật"));

	in.disciplined = 0;
	in.forced_kht_reason = "Bị kết luận suy thoái về đạo đức, lối sống";
	r = classify(&s, &in);
	assert_int_equal(r.grade, ANNUAL_KHT);
	assert_string_equal(r.reason, in.forced_kht_reason);
}

/* Configurable method: a total decided locally, rounded and graded. */
static void test_given_method(void **state)
{
	(void)state;
	annual_settings_t s = defaults();
	s.method = ANNUAL_METHOD_GIVEN;
	annual_input_t in = {.given_total = 8950, .months_worked = 12};
	assert_int_equal(classify(&s, &in).grade, ANNUAL_HTT);
	s.round_step = 100;
	annual_result_t r = classify(&s, &in);
	assert_int_equal(r.total, 9000);
	assert_int_equal(r.grade, ANNUAL_HTXS);
}

static void test_refusals(void **state)
{
	(void)state;
	annual_settings_t s = defaults();
	annual_result_t r;
	err_t e;
	int32_t t13[13] = {0};
	annual_input_t in = {.monthly_totals = t13, .nmonths = 13, .months_worked = 12};
	assert_int_equal(annual_classify(&s, &in, &r, &e), ERR_INVALID);
	int32_t neg[] = {-1};
	in = months(neg, 1);
	in.months_worked = 12;
	assert_int_equal(annual_classify(&s, &in, &r, &e), ERR_INVALID);
	in = months(M95, 12);
	in.months_worked = 13;
	assert_int_equal(annual_classify(&s, &in, &r, &e), ERR_INVALID);
	in.months_worked = 8;
	in.maternity_months = 6; /* 14 months in a year */
	assert_int_equal(annual_classify(&s, &in, &r, &e), ERR_INVALID);
	in.maternity_months = 0;
	s.min_htt = 9500; /* bands not descending */
	in.months_worked = 12;
	err_clear(&e);
	assert_int_equal(annual_classify(&s, &in, &r, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "giảm dần"));
}

/* Decree 48/2023: the annual HTXS share is capped (the body's rate; the
 * default placeholder is 20% of those rated): 10 rated → at most 2. */
static void test_annual_quota(void **state)
{
	(void)state;
	annual_settings_t s = defaults();
	quota_person_t p[10];
	memset(p, 0, sizeof p);
	for (int i = 0; i < 10; i++) {
		p[i].id = i + 1;
		p[i].score = i < 4 ? 9600 - 100 * i : 8000;
		p[i].band = i < 4 ? ANNUAL_HTXS : ANNUAL_HTT;
	}
	quota_proposal_t pr;
	err_t e;
	assert_int_equal(quota_propose(&s.quota, p, 10, 0, &pr, &e), ERR_OK);
	assert_int_equal(pr.limit.max_top, 2);
	assert_int_equal(pr.granted, 2);
	assert_int_equal(pr.status[0], QUOTA_GRANTED);
	assert_int_equal(pr.status[1], QUOTA_GRANTED);
	assert_int_equal(pr.status[2], QUOTA_DENIED);
	quota_proposal_free(&pr);
	p[0].granted = p[1].granted = p[2].granted = 1;
	err_clear(&e);
	assert_int_equal(quota_check(&s.quota, "HTXS", "HTT", p, 10, 0, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "tối đa 2 người"));
}

static annual_flags_t flags_of(const annual_person_t *p, int year, const annual_year_t *h, size_t n)
{
	annual_settings_t s = defaults();
	annual_flags_t f;
	err_t e;
	err_clear(&e);
	if (annual_consequences(&s, p, year, h, n, &f, &e) != ERR_OK)
		fail_msg("annual_consequences: %s", e.msg);
	return f;
}

/* A civil servant KHT 2 years running is considered for dismissal (and,
 * being a non-leader, also has KHT twice in 3 years). */
static void test_two_years_running(void **state)
{
	(void)state;
	annual_person_t cc = {.category = FRAMEWORK_CAT_CC};
	annual_year_t h[] = {{2024, ANNUAL_KHT}, {2025, ANNUAL_KHT}, {2023, ANNUAL_HTT}};
	annual_flags_t f = flags_of(&cc, 2025, h, N(h));
	assert_int_equal(f.flags, ANNUAL_FLAG_DISMISSAL | ANNUAL_FLAG_LOWER_POSITION);
	assert_non_null(strstr(annual_flag_text(ANNUAL_FLAG_DISMISSAL), "2 năm liên tiếp"));

	/* a viên chức is not a civil servant: no dismissal flag by default */
	annual_person_t vc = {.category = FRAMEWORK_CAT_VC};
	f = flags_of(&vc, 2025, h, N(h));
	assert_int_equal(f.flags, ANNUAL_FLAG_LOWER_POSITION);

	/* a year not classified breaks the run */
	annual_year_t g[] = {{2023, ANNUAL_KHT}, {2024, ANNUAL_NOT_CLASSIFIED}, {2025, ANNUAL_KHT}};
	f = flags_of(&cc, 2025, g, N(g));
	assert_int_equal(f.flags, ANNUAL_FLAG_LOWER_POSITION);

	/* flags are raised in the KHT year only */
	annual_year_t k[] = {{2024, ANNUAL_KHT}, {2025, ANNUAL_KHT}, {2026, ANNUAL_HTT}};
	assert_int_equal(flags_of(&cc, 2026, k, N(k)).flags, 0);
}

/* A non-leader KHT twice in 3 years (not necessarily running) moves to a
 * lower position; twice 4 years apart does not count. */
static void test_twice_in_three_years(void **state)
{
	(void)state;
	annual_person_t cc = {.category = FRAMEWORK_CAT_CC};
	annual_year_t h[] = {{2023, ANNUAL_KHT}, {2024, ANNUAL_HTT}, {2025, ANNUAL_KHT}};
	assert_int_equal(flags_of(&cc, 2025, h, N(h)).flags, ANNUAL_FLAG_LOWER_POSITION);
	annual_year_t g[] = {
	    {2022, ANNUAL_KHT}, {2023, ANNUAL_HT}, {2024, ANNUAL_HTT}, {2025, ANNUAL_KHT}};
	assert_int_equal(flags_of(&cc, 2025, g, N(g)).flags, 0);
}

/* A leader KHT twice in one appointment term (not necessarily running) is
 * moved or not reappointed; a KHT before the term does not count. */
static void test_leader_term(void **state)
{
	(void)state;
	annual_person_t l = {.category = FRAMEWORK_CAT_CB, .is_leader = 1, .term_start_year = 2021};
	annual_year_t h[] = {{2022, ANNUAL_KHT}, {2025, ANNUAL_KHT}};
	assert_int_equal(flags_of(&l, 2025, h, N(h)).flags, ANNUAL_FLAG_LEADER_TERM);
	annual_year_t g[] = {{2020, ANNUAL_KHT}, {2025, ANNUAL_KHT}};
	assert_int_equal(flags_of(&l, 2025, g, N(g)).flags, 0);
	/* a civil-servant leader KHT 2 years running: both flags */
	l.category = FRAMEWORK_CAT_CC;
	annual_year_t k[] = {{2024, ANNUAL_KHT}, {2025, ANNUAL_KHT}};
	assert_int_equal(flags_of(&l, 2025, k, N(k)).flags,
	                 ANNUAL_FLAG_DISMISSAL | ANNUAL_FLAG_LEADER_TERM);
}

/* None of this while a woman is pregnant or raising a child under 36
 * months, or while discipline is pending: the flags are suppressed. */
static void test_protections(void **state)
{
	(void)state;
	annual_year_t h[] = {{2024, ANNUAL_KHT}, {2025, ANNUAL_KHT}};
	annual_person_t p = {.category = FRAMEWORK_CAT_CC, .pregnant = 1};
	annual_flags_t f = flags_of(&p, 2025, h, N(h));
	assert_int_equal(f.flags, 0);
	assert_int_equal(f.suppressed, ANNUAL_FLAG_DISMISSAL | ANNUAL_FLAG_LOWER_POSITION);
	assert_non_null(strstr(f.protection, "mang thai"));
	p = (annual_person_t){.category = FRAMEWORK_CAT_CC, .child_under_36m = 1};
	f = flags_of(&p, 2025, h, N(h));
	assert_int_equal(f.flags, 0);
	assert_int_equal(f.suppressed, ANNUAL_FLAG_DISMISSAL | ANNUAL_FLAG_LOWER_POSITION);
	p = (annual_person_t){.category = FRAMEWORK_CAT_CC,
	                      .is_leader = 1,
	                      .term_start_year = 2024,
	                      .discipline_pending = 1};
	f = flags_of(&p, 2025, h, N(h));
	assert_int_equal(f.flags, 0);
	assert_int_equal(f.suppressed, ANNUAL_FLAG_DISMISSAL | ANNUAL_FLAG_LEADER_TERM);
	/* nothing to suppress: no protection text */
	annual_year_t ok[] = {{2025, ANNUAL_HTT}};
	f = flags_of(&p, 2025, ok, N(ok));
	assert_int_equal(f.suppressed, 0);
	assert_null(f.protection);
}

static void test_consequence_refusals(void **state)
{
	(void)state;
	annual_settings_t s = defaults();
	annual_person_t p = {.category = FRAMEWORK_CAT_CC};
	annual_flags_t f;
	err_t e;
	annual_year_t dup[] = {{2025, ANNUAL_KHT}, {2025, ANNUAL_HTT}};
	assert_int_equal(annual_consequences(&s, &p, 2025, dup, 2, &f, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "hai kết quả"));
	annual_year_t old[] = {{2024, ANNUAL_KHT}};
	assert_int_equal(annual_consequences(&s, &p, 2025, old, 1, &f, &e), ERR_INVALID);
	p.is_leader = 1;
	p.term_start_year = 2026;
	annual_year_t cur[] = {{2025, ANNUAL_KHT}};
	assert_int_equal(annual_consequences(&s, &p, 2025, cur, 1, &f, &e), ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mean_and_bands),
	    cmocka_unit_test(test_single_rounding),
	    cmocka_unit_test(test_under_six_months),
	    cmocka_unit_test(test_absence_cap),
	    cmocka_unit_test(test_discipline),
	    cmocka_unit_test(test_given_method),
	    cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_annual_quota),
	    cmocka_unit_test(test_two_years_running),
	    cmocka_unit_test(test_twice_in_three_years),
	    cmocka_unit_test(test_leader_term),
	    cmocka_unit_test(test_protections),
	    cmocka_unit_test(test_consequence_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
