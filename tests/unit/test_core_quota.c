/*
 * Test vectors for core/quota: the cap on the top grade.
 *  - Hanoi 3814-QĐ/TU: A ≤ 30% of the people rated in the unit, 40% for an
 *    especially outstanding unit (DOMAIN.md §2.1).
 *  - Decree 335/2025/NĐ-CP: HTXS ≤ 20% of the people rated HTT, counted after
 *    the decision (a candidate denied HTXS is HTT and counts), within the
 *    agency and within each group of civil servants with similar tasks
 *    (DOMAIN.md §2.2).
 * Caps round down (30% of 7 = 2,1 → 2); units of 1–3 people get no A under
 * 3814 and a 335 unit needs 6 candidates for one HTXS — the law as written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/builtin.h"
#include "core/quota.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static framework_quota_t rule_3814(void)
{
	err_t e;
	framework_t *fw = builtin_3814(NULL, &e);
	assert_non_null(fw);
	framework_quota_t q = fw->quota;
	framework_free(fw);
	return q;
}

static framework_quota_t rule_335(void)
{
	err_t e;
	framework_t *fw = builtin_335(NULL, &e);
	assert_non_null(fw);
	framework_quota_t q = fw->quota;
	framework_free(fw);
	return q;
}

/* n people; person i gets band bands[i % nb], score 9500 for the top band,
 * group 1. */
static quota_person_t *unit(size_t n, const int *bands, size_t nb)
{
	quota_person_t *p = calloc(n ? n : 1, sizeof *p);
	assert_non_null(p);
	for (size_t i = 0; i < n; i++) {
		p[i].id = (int64_t)i + 1;
		p[i].band = bands[i % nb];
		p[i].score = p[i].band == 0 ? 9500 : 8000 - 1000 * (p[i].band - 1);
		p[i].group = 1;
	}
	return p;
}

static int64_t max_top(const framework_quota_t *r, const quota_person_t *p, size_t n, int outst)
{
	quota_limit_t l;
	err_t e;
	err_clear(&e);
	if (quota_max_top(r, p, n, outst, &l, &e) != ERR_OK)
		fail_msg("quota_max_top: %s", e.msg);
	return l.max_top;
}

static const size_t sizes[] = {1, 2, 3, 5, 6, 7, 10, 12, 30};

/* 3814-QĐ/TU: A ≤ 30% of those rated, rounded down; everyone scoring ≥ 90. */
static void test_3814_sizes(void **state)
{
	(void)state;
	framework_quota_t r = rule_3814();
	static const int all_a[] = {0};
	static const int64_t want[] = {0, 0, 0, 1, 1, 2, 3, 3, 9};
	static const int64_t want_outstanding[] = {0, 0, 1, 2, 2, 2, 4, 4, 12}; /* 40% */
	for (size_t k = 0; k < N(sizes); k++) {
		quota_person_t *p = unit(sizes[k], all_a, 1);
		assert_int_equal(max_top(&r, p, sizes[k], 0), want[k]);
		assert_int_equal(max_top(&r, p, sizes[k], 1), want_outstanding[k]);
		free(p);
	}
}

/* 3814-QĐ/TU: the 30% is of everyone rated, whatever their grade; fewer
 * candidates than the cap all get A. Pattern A, B, C, D, B … */
static void test_3814_sizes_mixed(void **state)
{
	(void)state;
	framework_quota_t r = rule_3814();
	static const int mix[] = {0, 1, 2, 3, 1};
	/* candidates: ceil(n/5); cap floor(0.3 n) */
	static const int64_t want[] = {0, 0, 0, 1, 1, 2, 2, 3, 6};
	for (size_t k = 0; k < N(sizes); k++) {
		quota_person_t *p = unit(sizes[k], mix, N(mix));
		assert_int_equal(max_top(&r, p, sizes[k], 0), want[k]);
		free(p);
	}
}

/* Decree 335/2025: HTXS ≤ 20% of HTT after the decision. With everyone
 * scoring ≥ 90, granting g leaves n − g HTT: g ≤ (n − g)/5 ⟺ g ≤ n/6. */
static void test_335_sizes(void **state)
{
	(void)state;
	framework_quota_t r = rule_335();
	static const int all_htxs[] = {0};
	static const int64_t want[] = {0, 0, 0, 0, 1, 1, 1, 2, 5};
	for (size_t k = 0; k < N(sizes); k++) {
		quota_person_t *p = unit(sizes[k], all_htxs, 1);
		assert_int_equal(max_top(&r, p, sizes[k], 0), want[k]);
		free(p);
	}
}

/* Decree 335/2025 with a third candidates, a third HTT, a third HT (HT does
 * not count): g ≤ floor(20% × (HTT + candidates − g)). */
static void test_335_sizes_mixed(void **state)
{
	(void)state;
	framework_quota_t r = rule_335();
	static const int mix[] = {0, 1, 2};
	static const int64_t want[] = {0, 0, 0, 0, 0, 0, 1, 1, 3};
	for (size_t k = 0; k < N(sizes); k++) {
		quota_person_t *p = unit(sizes[k], mix, N(mix));
		assert_int_equal(max_top(&r, p, sizes[k], 0), want[k]);
		free(p);
	}
}

/* Decree 335/2025, the fixed point checked against the law's own words for
 * every unit of up to 30 candidates and 30 HTT: a decision granting g is
 * accepted iff g ≤ floor(20% × (HTT + candidates − g)), and the what-if is
 * the largest such g. */
static void test_335_fixed_point_exhaustive(void **state)
{
	(void)state;
	framework_quota_t r = rule_335();
	for (int ne = 0; ne <= 30; ne++)
		for (int nh = 0; nh <= 30; nh++) {
			size_t n = (size_t)(ne + nh + 2); /* + 2 HT, who do not count */
			quota_person_t *p = calloc(n, sizeof *p);
			for (size_t i = 0; i < n; i++) {
				p[i].id = (int64_t)i;
				p[i].band = (int)i < ne ? 0 : (int)i < ne + nh ? 1 : 2;
				p[i].score = 9000 + (int32_t)i;
			}
			int64_t best = 0;
			for (int g = 0; g <= ne; g++) {
				int law_ok = g * 1000 <= 200 * (nh + ne - g);
				for (size_t i = 0; i < n; i++)
					p[i].granted = (int)i < g;
				err_t e;
				err_code rc = quota_check(&r, "HTXS", "HTT", p, n, 0, &e);
				assert_int_equal(rc, law_ok ? ERR_OK : ERR_CONFLICT);
				if (law_ok)
					best = g;
			}
			assert_int_equal(max_top(&r, p, n, 0), best);
			free(p);
		}
}

/* Decree 335/2025: counted within each group of similar tasks too. 12
 * candidates in two groups of 6: one HTXS per group, 2 in all; groups of
 * 7 and 5: the group of 5 gets none, so 1 in all although the agency
 * alone would allow 2. */
static void test_335_per_group(void **state)
{
	(void)state;
	framework_quota_t r = rule_335();
	quota_person_t p[12];
	memset(p, 0, sizeof p);
	for (int i = 0; i < 12; i++) {
		p[i].id = i + 1;
		p[i].score = 9500;
		p[i].group = i < 6 ? 1 : 2;
	}
	quota_limit_t l;
	err_t e;
	assert_int_equal(quota_max_top(&r, p, 12, 0, &l, &e), ERR_OK);
	assert_int_equal(l.unit_cap, 2);
	assert_int_equal(l.group_cap_sum, 2);
	assert_int_equal(l.max_top, 2);

	p[6].group = 1; /* 7 and 5 */
	assert_int_equal(quota_max_top(&r, p, 12, 0, &l, &e), ERR_OK);
	assert_int_equal(l.unit_cap, 2);
	assert_int_equal(l.group_cap_sum, 1);
	assert_int_equal(l.max_top, 1);

	/* a decision with 2 HTXS in one group of 6 is refused, naming it */
	p[6].group = 2;
	p[0].granted = p[1].granted = 1;
	err_clear(&e);
	assert_int_equal(quota_check(&r, "HTXS", "HTT", p, 12, 0, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "nhóm nhiệm vụ tương đồng 1"));
	assert_non_null(strstr(e.msg, "tối đa 1 người"));
	p[1].granted = 0;
	p[6].granted = 1; /* one in each group */
	assert_int_equal(quota_check(&r, "HTXS", "HTT", p, 12, 0, &e), ERR_OK);
}

/* 3814-QĐ/TU: a decision over 30% is refused with the allowed number. */
static void test_3814_check(void **state)
{
	(void)state;
	framework_quota_t r = rule_3814();
	static const int all_a[] = {0};
	quota_person_t *p = unit(10, all_a, 1);
	for (int i = 0; i < 3; i++)
		p[i].granted = 1;
	err_t e;
	assert_int_equal(quota_check(&r, "A", "B", p, 10, 0, &e), ERR_OK);
	p[3].granted = 1;
	err_clear(&e);
	assert_int_equal(quota_check(&r, "A", "B", p, 10, 0, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "tối đa 3 người"));
	assert_non_null(strstr(e.msg, "30% của 10 người"));
	/* an especially outstanding unit: 40% */
	assert_int_equal(quota_check(&r, "A", "B", p, 10, 1, &e), ERR_OK);
	free(p);

	/* a top grade for someone below 90 is refused outright */
	quota_person_t q[] = {{.id = 7, .score = 8900, .band = 1, .granted = 1}};
	err_clear(&e);
	assert_int_equal(quota_check(&r, "A", "B", q, 1, 0, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "mã 7 (89 điểm) không đủ điều kiện xếp loại A"));
}

/* Decree 335/2025: the candidates denied HTXS become HTT and count. Six
 * candidates: granting 1 leaves 5 HTT (20% = 1): accepted; granting 2 leaves
 * 4 HTT (20% = 0,8 → 0): refused, the message giving 1. */
static void test_335_denied_count_as_htt(void **state)
{
	(void)state;
	framework_quota_t r = rule_335();
	static const int all[] = {0};
	quota_person_t *p = unit(6, all, 1);
	p[0].granted = 1;
	err_t e;
	assert_int_equal(quota_check(&r, "HTXS", "HTT", p, 6, 0, &e), ERR_OK);
	p[1].granted = 1;
	err_clear(&e);
	assert_int_equal(quota_check(&r, "HTXS", "HTT", p, 6, 0, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "tối đa 1 người"));
	assert_non_null(strstr(e.msg, "trong cơ quan, đơn vị"));
	free(p);
}

static quota_proposal_t propose(const framework_quota_t *r, const quota_person_t *p, size_t n)
{
	quota_proposal_t pr;
	err_t e;
	err_clear(&e);
	if (quota_propose(r, p, n, 0, &pr, &e) != ERR_OK)
		fail_msg("quota_propose: %s", e.msg);
	return pr;
}

static quota_person_t *scored(const int32_t *scores, size_t n, int32_t top_min)
{
	quota_person_t *p = calloc(n, sizeof *p);
	for (size_t i = 0; i < n; i++) {
		p[i].id = (int64_t)i + 1;
		p[i].score = scores[i];
		p[i].band = scores[i] >= top_min ? 0 : scores[i] >= 7000 ? 1 : 2;
		p[i].group = 1;
	}
	return p;
}

/* Proposal, highest score first, and a tie at the boundary is never broken
 * by canbo (issue 3): 3814, 10 people, cap 3; 96 and 95 get A, the two 93s
 * are tied for the last place (choose 1), 91 is denied. */
static void test_3814_propose_tie(void **state)
{
	(void)state;
	framework_quota_t r = rule_3814();
	static const int32_t s[] = {9100, 9300, 9600, 8800, 9300, 9500, 8500, 8000, 7500, 6000};
	quota_person_t *p = scored(s, N(s), 9000);
	quota_proposal_t pr = propose(&r, p, N(s));
	assert_int_equal(pr.limit.max_top, 3);
	assert_int_equal(pr.granted, 2);
	assert_int_equal(pr.status[2], QUOTA_GRANTED); /* 96 */
	assert_int_equal(pr.status[5], QUOTA_GRANTED); /* 95 */
	assert_int_equal(pr.status[1], QUOTA_TIED);
	assert_int_equal(pr.status[4], QUOTA_TIED);
	assert_int_equal(pr.status[0], QUOTA_DENIED); /* 91 */
	assert_int_equal(pr.status[3], QUOTA_NOT_ELIGIBLE);
	assert_int_equal(pr.nties, 1);
	assert_int_equal(pr.ties[0].score, 9300);
	assert_int_equal(pr.ties[0].in_group, 0);
	assert_int_equal(pr.ties[0].nmembers, 2);
	assert_int_equal(pr.ties[0].choose, 1);

	/* the head picks one of the tied (with a reason, recorded by app/) */
	p[2].granted = p[5].granted = p[1].granted = 1;
	err_t e;
	assert_int_equal(quota_check(&r, "A", "B", p, N(s), 0, &e), ERR_OK);
	p[4].granted = 1; /* both tied: over the cap */
	assert_int_equal(quota_check(&r, "A", "B", p, N(s), 0, &e), ERR_CONFLICT);
	quota_proposal_free(&pr);
	free(p);
}

/* All equal: nothing is granted by canbo; a tie of 10, choose 3. */
static void test_3814_propose_all_tied(void **state)
{
	(void)state;
	framework_quota_t r = rule_3814();
	static const int all[] = {0};
	quota_person_t *p = unit(10, all, 1);
	quota_proposal_t pr = propose(&r, p, 10);
	assert_int_equal(pr.granted, 0);
	assert_int_equal(pr.nties, 1);
	assert_int_equal(pr.ties[0].nmembers, 10);
	assert_int_equal(pr.ties[0].choose, 3);
	quota_proposal_free(&pr);
	free(p);
}

/* No tie when the boundary falls between two scores. */
static void test_3814_propose_no_tie(void **state)
{
	(void)state;
	framework_quota_t r = rule_3814();
	static const int32_t s[] = {9600, 9500, 9400, 9300, 8000, 8000, 7000, 7000, 6000, 5000};
	quota_person_t *p = scored(s, N(s), 9000);
	quota_proposal_t pr = propose(&r, p, N(s));
	assert_int_equal(pr.granted, 3);
	assert_int_equal(pr.nties, 0);
	assert_int_equal(pr.status[3], QUOTA_DENIED);
	quota_proposal_free(&pr);
	free(p);
}

/* Decree 335/2025, a tie inside one group of similar tasks: group 1 has six
 * candidates (two at 97), group 2 one candidate (98) and five HTT. Each
 * group may have one HTXS: 98 is granted in group 2, the two 97s tie for
 * group 1's place, the rest of group 1 is denied. */
static void test_335_propose_group_tie(void **state)
{
	(void)state;
	framework_quota_t r = rule_335();
	static const int32_t s[] = {9700, 9700, 9200, 9100, 9000, 9050,  /* group 1 */
	                            9800, 8500, 8000, 7500, 7200, 7000}; /* group 2 */
	quota_person_t *p = scored(s, N(s), 9000);
	for (size_t i = 6; i < N(s); i++)
		p[i].group = 2;
	quota_proposal_t pr = propose(&r, p, N(s));
	assert_int_equal(pr.limit.max_top, 2);
	assert_int_equal(pr.granted, 1);
	assert_int_equal(pr.status[6], QUOTA_GRANTED);
	assert_int_equal(pr.status[0], QUOTA_TIED);
	assert_int_equal(pr.status[1], QUOTA_TIED);
	for (size_t i = 2; i < 6; i++)
		assert_int_equal(pr.status[i], QUOTA_DENIED);
	assert_int_equal(pr.nties, 1);
	assert_int_equal(pr.ties[0].in_group, 1);
	assert_int_equal(pr.ties[0].group, 1);
	assert_int_equal(pr.ties[0].choose, 1);
	quota_proposal_free(&pr);
	free(p);
}

/* Small units (3814-QĐ/TU as written: 30% of 1 is 0). A locality may set a
 * floor (min_top, default 0): with 1, a unit of 1 or 2 may give one A. */
static void test_small_units_min_top(void **state)
{
	(void)state;
	framework_quota_t r = rule_3814();
	static const int all[] = {0};
	quota_person_t *p = unit(2, all, 1);
	assert_int_equal(max_top(&r, p, 1, 0), 0);
	assert_int_equal(max_top(&r, p, 2, 0), 0);
	r.min_top = 1;
	assert_int_equal(max_top(&r, p, 1, 0), 1);
	assert_int_equal(max_top(&r, p, 2, 0), 1);
	free(p);

	/* an empty unit gives nothing and proposes nothing */
	r = rule_335();
	assert_int_equal(max_top(&r, NULL, 0, 0), 0);
	quota_proposal_t pr = propose(&r, NULL, 0);
	assert_int_equal(pr.granted, 0);
	assert_int_equal(pr.nties, 0);
	quota_proposal_free(&pr);
}

/* Decree 335/2025: an outstanding organisation may get a higher cap, set
 * by the competent level (permille_outstanding; default = the normal 20%). */
static void test_335_outstanding(void **state)
{
	(void)state;
	framework_quota_t r = rule_335();
	static const int all[] = {0};
	quota_person_t *p = unit(30, all, 1);
	assert_int_equal(max_top(&r, p, 30, 1), 5);
	r.permille_outstanding = 300; /* 30% of HTT: g ≤ 0,3 × 30 / 1,3 */
	assert_int_equal(max_top(&r, p, 30, 1), 6);
	assert_int_equal(max_top(&r, p, 30, 0), 5);
	free(p);
}

/* Properties of the proposal over 2000 pseudo-random units under both
 * rules (scores from a small set, so ties are common; 1–3 groups):
 *  - granted + Σ tie allowances = the what-if answer (nothing is lost);
 *  - within a scope nobody is granted over an equal or higher score (no tie
 *    is broken, highest first); every tie shares one score;
 *  - filling each tie with its first members gives a decision quota_check
 *    accepts. */
static uint32_t lcg(uint32_t *x)
{
	*x = *x * 1664525u + 1013904223u;
	return *x >> 8;
}

static void test_propose_properties(void **state)
{
	(void)state;
	static const int32_t pool[] = {9900, 9500, 9500, 9200, 9000, 8900, 7500, 6000, 4000};
	uint32_t x = 12345;
	for (int round = 0; round < 2000; round++) {
		framework_quota_t r = round % 2 ? rule_335() : rule_3814();
		size_t n = 1 + lcg(&x) % 40;
		quota_person_t *p = calloc(n, sizeof *p);
		for (size_t i = 0; i < n; i++) {
			p[i].id = (int64_t)i;
			p[i].score = pool[lcg(&x) % N(pool)];
			p[i].band = p[i].score >= 9000 ? 0 : p[i].score >= 7000 ? 1 : 2;
			p[i].group = 1 + lcg(&x) % 3;
		}
		int outst = (int)(lcg(&x) % 2);
		quota_proposal_t pr;
		err_t e;
		assert_int_equal(quota_propose(&r, p, n, outst, &pr, &e), ERR_OK);
		int64_t total = pr.granted;
		for (size_t t = 0; t < pr.nties; t++) {
			total += pr.ties[t].choose;
			assert_true(pr.ties[t].choose < (int64_t)pr.ties[t].nmembers);
			for (size_t k = 0; k < pr.ties[t].nmembers; k++) {
				size_t i = pr.ties[t].members[k];
				assert_int_equal(p[i].score, pr.ties[t].score);
				if (k < (size_t)pr.ties[t].choose)
					p[i].granted = 1;
			}
		}
		assert_int_equal(total, pr.limit.max_top);
		for (size_t a = 0; a < n; a++) {
			if (pr.status[a] == QUOTA_GRANTED)
				p[a].granted = 1;
			for (size_t b = 0; b < n; b++) {
				if (pr.status[a] != QUOTA_GRANTED ||
				    (pr.status[b] != QUOTA_DENIED && pr.status[b] != QUOTA_TIED))
					continue;
				if (!r.per_group || p[a].group == p[b].group)
					assert_true(p[a].score > p[b].score);
			}
		}
		err_clear(&e);
		if (quota_check(&r, "A", "B", p, n, outst, &e) != ERR_OK)
			fail_msg("round %d: %s", round, e.msg);
		quota_proposal_free(&pr);
		free(p);
	}
}

static void test_invalid(void **state)
{
	(void)state;
	framework_quota_t r = rule_3814();
	quota_person_t p[] = {{.id = 1, .band = -1}};
	quota_limit_t l;
	err_t e;
	assert_int_equal(quota_max_top(&r, p, 1, 0, &l, &e), ERR_INVALID);
	r.permille = 2000;
	p[0].band = 0;
	assert_int_equal(quota_max_top(&r, p, 1, 0, &l, &e), ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_3814_sizes),
	    cmocka_unit_test(test_3814_sizes_mixed),
	    cmocka_unit_test(test_335_sizes),
	    cmocka_unit_test(test_335_sizes_mixed),
	    cmocka_unit_test(test_335_fixed_point_exhaustive),
	    cmocka_unit_test(test_335_per_group),
	    cmocka_unit_test(test_3814_check),
	    cmocka_unit_test(test_335_denied_count_as_htt),
	    cmocka_unit_test(test_3814_propose_tie),
	    cmocka_unit_test(test_3814_propose_all_tied),
	    cmocka_unit_test(test_3814_propose_no_tie),
	    cmocka_unit_test(test_335_propose_group_tie),
	    cmocka_unit_test(test_small_units_min_top),
	    cmocka_unit_test(test_335_outstanding),
	    cmocka_unit_test(test_propose_properties),
	    cmocka_unit_test(test_invalid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
