/*
 * Test vectors for core/framework and core/builtin: the two built-in
 * frameworks carry the figures of their instruments (Hanoi 3814-QĐ/TU,
 * Decree 335/2025/NĐ-CP; DOMAIN.md §2.1–2.2), validation refuses broken
 * frameworks with a Vietnamese message, and a unit's derived framework
 * stays within its parent's totals (issue 3, "criteria frameworks are
 * versioned data").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/builtin.h"
#include "core/framework.h"
#include "lib/xalloc.h"

static framework_t *hn(void)
{
	err_t e;
	framework_t *fw = builtin_3814(NULL, &e);
	assert_non_null(fw);
	return fw;
}

static framework_t *nd(void)
{
	err_t e;
	framework_t *fw = builtin_335(NULL, &e);
	assert_non_null(fw);
	return fw;
}

static void assert_invalid(const framework_t *fw, const char *needle)
{
	err_t e;
	err_clear(&e);
	assert_int_equal(framework_validate(fw, &e), ERR_INVALID);
	assert_int_equal(e.code, ERR_INVALID);
	if (!strstr(e.msg, needle))
		fail_msg("message \"%s\" lacks \"%s\"", e.msg, needle);
}

/* Day numbers: the effective dates of both instruments. */
static void test_day_numbers(void **state)
{
	(void)state;
	assert_int_equal(framework_day(1970, 1, 1), 0);
	assert_int_equal(framework_day(1969, 12, 31), -1);
	assert_int_equal(framework_day(2000, 2, 29), 11016);
	assert_int_equal(framework_day(2018, 7, 1), 17713);
	assert_int_equal(framework_day(2025, 12, 31), 20453);
	assert_int_equal(framework_day(2026, 1, 1), 20454);
}

/* 3814-QĐ/TU (16/5/2018, from 1/7/2018): 100 points = 20 discipline and
 * ethics + 70 results + 10 bonus; A 90–100, B 70–<90, C 50–<70, D <50;
 * A ≤ 30% of those rated, 40% for an especially outstanding unit; for CB,
 * CC, VC and LĐHĐ. */
static void test_3814_figures(void **state)
{
	(void)state;
	framework_t *fw = hn();
	err_t e;
	assert_int_equal(framework_validate(fw, &e), ERR_OK);
	assert_non_null(strstr(fw->legal_basis, "3814-QĐ/TU"));
	assert_int_equal(fw->effective_from, framework_day(2018, 7, 1));
	assert_int_equal(fw->effective_to, FRAMEWORK_NO_END);
	assert_int_equal(fw->categories, FRAMEWORK_CAT_CB | FRAMEWORK_CAT_CC | FRAMEWORK_CAT_VC |
	                                     FRAMEWORK_CAT_LDHD);
	assert_int_equal(framework_base_max(fw), 9000);
	assert_int_equal(framework_bonus_max(fw), 1000);
	assert_int_equal(fw->scale_max, 10000);
	assert_int_equal(fw->groups[0].max, 2000);
	assert_int_equal(fw->groups[1].max, 7000);
	assert_int_equal(fw->groups[2].kind, FRAMEWORK_GROUP_BONUS);
	assert_int_equal(fw->nbands, 4);
	const char *codes[] = {"A", "B", "C", "D"};
	const int32_t mins[] = {9000, 7000, 5000, 0};
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(fw->bands[i].code, codes[i]);
		assert_int_equal(fw->bands[i].min, mins[i]);
	}
	assert_int_equal(fw->quota.kind, FRAMEWORK_QUOTA_SHARE_OF_RATED);
	assert_int_equal(fw->quota.permille, 300);
	assert_int_equal(fw->quota.permille_outstanding, 400);
	assert_int_equal(fw->quota.per_group, 0);
	assert_int_equal(fw->quota.min_top, 0);
	framework_free(fw);
}

/* Decree 335/2025/NĐ-CP (from 1/1/2026): 30 general (a)(b)(c), default
 * 10/10/10, + 70 task results from work products; HTXS ≥ 90, HTT 70–<90,
 * HT 50–<70, KHT <50; KHT forced by discipline (reprimand or heavier),
 * degradation concluded, leader's unit with corruption or waste handled;
 * HTXS ≤ 20% of HTT in the agency and in each group of similar tasks. */
static void test_335_figures(void **state)
{
	(void)state;
	framework_t *fw = nd();
	assert_non_null(strstr(fw->legal_basis, "335/2025/NĐ-CP"));
	assert_int_equal(fw->effective_from, framework_day(2026, 1, 1));
	assert_int_equal(fw->categories, FRAMEWORK_CAT_CC);
	assert_int_equal(framework_base_max(fw), 10000);
	assert_int_equal(framework_bonus_max(fw), 0);
	assert_int_equal(fw->groups[0].max, 3000);
	assert_int_equal(fw->groups[0].ncriteria, 3);
	for (size_t c = 0; c < 3; c++)
		assert_int_equal(fw->groups[0].criteria[c].max, 1000);
	assert_int_equal(fw->groups[1].max, 7000);
	assert_int_equal(fw->groups[1].criteria[0].kind, FRAMEWORK_KIND_WORK_PRODUCTS);
	const char *codes[] = {"HTXS", "HTT", "HT", "KHT"};
	const int32_t mins[] = {9000, 7000, 5000, 0};
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(fw->bands[i].code, codes[i]);
		assert_int_equal(fw->bands[i].min, mins[i]);
	}
	assert_int_equal(fw->ndisq, 3);
	assert_string_equal(fw->disq[0].code, "KY_LUAT");
	assert_string_equal(fw->disq[1].code, "SUY_THOAI");
	assert_string_equal(fw->disq[2].code, "THAM_NHUNG_DON_VI");
	assert_int_equal(fw->disq[2].leaders_only, 1);
	assert_int_equal(fw->quota.kind, FRAMEWORK_QUOTA_SHARE_OF_NEXT_GRADE);
	assert_int_equal(fw->quota.permille, 200);
	assert_int_equal(fw->quota.per_group, 1);
	assert_int_equal(fw->workprod.review_penalty_permille, 250);
	assert_int_equal(fw->workprod.delay_penalty_permille, 250);
	assert_int_equal(fw->leader.unit_all_ht_bp, 10000);
	assert_int_equal(fw->leader.unit_any_kht_bp, 5000);
	framework_free(fw);
}

/* 335: the split of the 30 between (a)(b)(c) is configurable; it must still
 * make 30 + 70 = 100. */
static void test_335_split_setting(void **state)
{
	(void)state;
	builtin_335_settings_t s;
	builtin_335_defaults(&s);
	s.general_a = 1500;
	s.general_b = 1000;
	s.general_c = 500;
	err_t e;
	framework_t *fw = builtin_335(&s, &e);
	assert_non_null(fw);
	assert_int_equal(fw->groups[0].criteria[0].max, 1500);
	assert_int_equal(fw->groups[0].criteria[2].max, 500);
	framework_free(fw);

	s.general_c = 1000; /* 15 + 10 + 10 + 70 = 105 */
	err_clear(&e);
	assert_null(builtin_335(&s, &e));
	assert_int_equal(e.code, ERR_INVALID);
	assert_non_null(strstr(e.msg, "vượt thang điểm"));

	s.general_a = 500; /* 5 + 10 + 10 + 70 = 95: 100 unreachable */
	err_clear(&e);
	assert_null(builtin_335(&s, &e));
	assert_non_null(strstr(e.msg, "chưa đủ thang điểm"));
}

/* Applicability by category, role and date: a civil servant is scored
 * under 3814 until 31/12/2025 and under 335 from 1/1/2026; a viên chức
 * stays under 3814. */
static void test_select(void **state)
{
	(void)state;
	framework_t *a = hn(), *b = nd();
	const framework_t *fws[] = {a, b};
	int32_t before = framework_day(2025, 12, 31), after = framework_day(2026, 1, 1);
	assert_int_equal(framework_select(fws, 2, FRAMEWORK_CAT_CC, 0, before), 0);
	assert_int_equal(framework_select(fws, 2, FRAMEWORK_CAT_CC, 0, after), 1);
	assert_int_equal(framework_select(fws, 2, FRAMEWORK_CAT_CC, 1, after), 1);
	assert_int_equal(framework_select(fws, 2, FRAMEWORK_CAT_VC, 0, after), 0);
	assert_int_equal(framework_select(fws, 2, FRAMEWORK_CAT_LDHD, 0, after), 0);
	assert_int_equal(framework_select(fws, 2, FRAMEWORK_CAT_CC, 0, framework_day(2018, 6, 30)),
	                 -1);
	assert_true(framework_applies(a, FRAMEWORK_CAT_CB, 1, framework_day(2018, 7, 1)));
	assert_false(framework_applies(a, FRAMEWORK_CAT_CB, 1, framework_day(2018, 6, 30)));
	framework_free(a);
	framework_free(b);
}

/* Validation: every structural rule refuses with a Vietnamese message. */
static void test_validate_refusals(void **state)
{
	(void)state;
	framework_t *fw = hn();
	fw->groups[0].criteria[0].max = 1500; /* 15 ≠ 20 */
	assert_invalid(fw, "khác điểm tối đa của nhóm");
	framework_free(fw);

	fw = hn();
	fw->bands[2].min = 7000; /* C not below B */
	assert_invalid(fw, "từ cao xuống thấp");
	framework_free(fw);

	fw = hn();
	fw->bands[3].min = 100; /* D must start at 0 */
	assert_invalid(fw, "bắt đầu từ 0");
	framework_free(fw);

	fw = hn();
	framework_add_criterion(fw, 0, "KQ", "trùng", FRAMEWORK_KIND_DEDUCTION, 100);
	assert_invalid(fw, "bị trùng");
	framework_free(fw);

	fw = hn();
	framework_add_criterion(fw, 0, "X", "Thưởng sai chỗ", FRAMEWORK_KIND_BONUS, 100);
	assert_invalid(fw, "không được đặt trong");
	framework_free(fw);

	fw = hn();
	fw->roles = FRAMEWORK_ROLE_STAFF;
	framework_add_criterion(fw, 1, "DV", "Đơn vị", FRAMEWORK_KIND_UNIT_RESULTS, 100);
	fw->groups[1].criteria[0].max = 6900;
	assert_invalid(fw, "chỉ dành cho lãnh đạo");
	framework_free(fw);

	fw = hn();
	free(fw->legal_basis);
	fw->legal_basis = xstrdup("");
	assert_invalid(fw, "căn cứ pháp lý");
	framework_free(fw);

	fw = hn();
	fw->quota.next_band = 9;
	assert_invalid(fw, "loại cao nhất và loại liền sau");
	framework_free(fw);

	fw = hn();
	fw->quota.permille_outstanding = 200; /* below the normal 300 */
	assert_invalid(fw, "Tỷ lệ tối đa");
	framework_free(fw);

	fw = nd();
	fw->workprod.w_quantity = fw->workprod.w_quality = fw->workprod.w_progress = 0;
	assert_invalid(fw, "Trọng số");
	framework_free(fw);

	fw = hn();
	fw->effective_to = fw->effective_from - 1;
	assert_invalid(fw, "hết hiệu lực");
	framework_free(fw);
}

/* A unit derives its own framework (issue 3): it may split a group into
 * sub-criteria, add deductions, bonus conditions and disqualifiers, but must
 * keep the parent's group totals, bands, quota and formulas. */
static framework_t *hn_unit(void)
{
	framework_t *c = framework_new("HN-3814-PHUONG-X", "Khung của phường X",
	                               "Quyết định của Đảng ủy phường X theo 3814-QĐ/TU");
	framework_t *p = hn();
	c->effective_from = framework_day(2024, 1, 1);
	c->quota = p->quota;
	size_t g = framework_add_group(c, "YT", "Ý thức, đạo đức", FRAMEWORK_GROUP_BASE, 2000);
	framework_add_criterion(c, g, "YT_KL", "Chấp hành kỷ luật, giờ giấc", FRAMEWORK_KIND_SCORED,
	                        1000);
	framework_add_criterion(c, g, "YT_DD", "Đạo đức, lối sống", FRAMEWORK_KIND_SCORED, 1000);
	framework_add_criterion(c, g, "YT_TRU", "Đi muộn, về sớm", FRAMEWORK_KIND_DEDUCTION, 500);
	g = framework_add_group(c, "KQ", "Kết quả", FRAMEWORK_GROUP_BASE, 7000);
	framework_add_criterion(c, g, "KQ_CM", "Chuyên môn", FRAMEWORK_KIND_SCORED, 5000);
	framework_add_criterion(c, g, "KQ_PH", "Phối hợp", FRAMEWORK_KIND_SCORED, 2000);
	g = framework_add_group(c, "THUONG", "Điểm thưởng", FRAMEWORK_GROUP_BONUS, 1000);
	framework_add_criterion(c, g, "TH_SK", "Sáng kiến", FRAMEWORK_KIND_BONUS, 1000);
	framework_add_criterion(c, g, "TH_KT", "Được khen thưởng", FRAMEWORK_KIND_BONUS, 500);
	for (size_t b = 0; b < p->nbands; b++)
		framework_add_band(c, p->bands[b].code, p->bands[b].label, p->bands[b].min);
	framework_add_disqualifier(c, "KY_LUAT", "Bị kỷ luật trong tháng", 0);
	framework_free(p);
	return c;
}

static void test_derive_ok(void **state)
{
	(void)state;
	framework_t *p = hn(), *c = hn_unit();
	err_t e;
	err_clear(&e);
	assert_int_equal(framework_derive_check(p, c, &e), ERR_OK);

	/* a clone is trivially a valid derivation */
	framework_t *q = nd(), *k = framework_clone(q);
	assert_int_equal(framework_derive_check(q, k, &e), ERR_OK);
	assert_string_equal(k->disq[2].reason, q->disq[2].reason);
	framework_free(q);
	framework_free(k);
	framework_free(p);
	framework_free(c);
}

static void expect_derive_refused(framework_t *p, framework_t *c, const char *needle)
{
	err_t e;
	err_clear(&e);
	assert_int_equal(framework_derive_check(p, c, &e), ERR_INVALID);
	if (!strstr(e.msg, needle))
		fail_msg("message \"%s\" lacks \"%s\"", e.msg, needle);
	framework_free(p);
	framework_free(c);
}

static void test_derive_refusals(void **state)
{
	(void)state;
	framework_t *c = hn_unit();
	/* moving 5 points from results to discipline breaks the 20/70 split */
	c->groups[0].max = 2500;
	c->groups[0].criteria[0].max = 1500;
	c->groups[1].max = 6500;
	c->groups[1].criteria[0].max = 4500;
	expect_derive_refused(hn(), c, "phải giữ đúng 20 điểm");

	c = hn_unit();
	c->quota.permille = 350; /* looser than 30% */
	expect_derive_refused(hn(), c, "không được rộng hơn");

	c = hn_unit();
	c->groups[2].max = 1500; /* bonus above the parent's 10 */
	c->groups[2].criteria[0].max = 1500;
	expect_derive_refused(hn(), c, "không được vượt 10 điểm");

	c = hn_unit();
	c->effective_from = framework_day(2018, 1, 1); /* before 1/7/2018 */
	expect_derive_refused(hn(), c, "hiệu lực của khung đơn vị");

	/* 335: a unit may not drop a disqualifier … */
	framework_t *k = nd();
	free(k->disq[0].code);
	k->disq[0].code = xstrdup("KHAC");
	expect_derive_refused(nd(), k, "KY_LUAT");

	/* … nor score the 70 by hand instead of from work products */
	k = nd();
	k->groups[1].criteria[0].kind = FRAMEWORK_KIND_SCORED;
	expect_derive_refused(nd(), k, "Kết quả sản phẩm, công việc");

	/* … nor change the 25% deduction */
	k = nd();
	k->workprod.delay_penalty_permille = 100;
	expect_derive_refused(nd(), k, "công thức");
}

static void test_kind_table_and_format(void **state)
{
	(void)state;
	for (int k = 0; k < FRAMEWORK_KIND__MAX; k++)
		assert_int_equal(framework_kind_from_name(framework_kind_name((framework_kind)k)),
		                 k);
	assert_int_equal(framework_kind_from_name("nope"), -1);
	assert_false(framework_kind_positive(FRAMEWORK_KIND_DEDUCTION));
	assert_true(framework_kind_computed(FRAMEWORK_KIND_WORK_PRODUCTS));
	assert_false(framework_kind_computed(FRAMEWORK_KIND_SCORED));
	char b[16];
	assert_string_equal(framework_fmt_points(8999, b, sizeof b), "89,99");
	assert_string_equal(framework_fmt_points(9000, b, sizeof b), "90");
	assert_string_equal(framework_fmt_points(8950, b, sizeof b), "89,5");
	assert_string_equal(framework_fmt_points(-5, b, sizeof b), "-0,05");
	assert_string_equal(framework_fmt_permille(300, b, sizeof b), "30");
	assert_string_equal(framework_fmt_permille(375, b, sizeof b), "37,5");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_day_numbers),
	    cmocka_unit_test(test_3814_figures),
	    cmocka_unit_test(test_335_figures),
	    cmocka_unit_test(test_335_split_setting),
	    cmocka_unit_test(test_select),
	    cmocka_unit_test(test_validate_refusals),
	    cmocka_unit_test(test_derive_ok),
	    cmocka_unit_test(test_derive_refusals),
	    cmocka_unit_test(test_kind_table_and_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
