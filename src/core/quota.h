/*
 * quota: the cap on the top grade, the what-if, a proposed allocation and
 * the check of a decision.
 *
 * Two rules (framework_quota_t):
 *  - SHARE_OF_RATED (Hanoi 3814-QĐ/TU): top ≤ floor(p × R), R = people rated
 *    in the unit, p = 30% (40% for an especially outstanding unit).
 *  - SHARE_OF_NEXT_GRADE (Decree 335/2025/NĐ-CP): top ≤ floor(p × H), H =
 *    people in the next grade (HTT) *after the decision*, p = 20%, within
 *    the agency and within each group of civil servants with similar tasks.
 *    A candidate whose top grade is not granted becomes HTT and counts in H.
 *
 * Rounding of a cap is floor: 30% of 7 people is 2.1, so 2. Small units
 * follow the law as written: 30% of 1, 2 or 3 people is 0, so nobody gets
 * A; under 335 one HTXS needs at least 5 HTT, i.e. 6 candidates when all
 * score ≥ 90. rule->min_top (default 0) lets a locality set a floor.
 *
 * People are described by quota_person_t: `band` is the grade from score
 * and disqualifiers *before* the quota (score_grade); eligible = band ==
 * rule->top_band; the next grade = band == rule->next_band. The caller
 * passes only people who are rated (graded) in the unit for the period.
 */
#ifndef CANBO_CORE_QUOTA_H
#define CANBO_CORE_QUOTA_H

#include <stddef.h>
#include <stdint.h>

#include "core/framework.h"
#include "lib/err.h"

typedef struct quota_person {
	int64_t id;
	int32_t score; /* final total, centipoints */
	int band;      /* grade before the quota (0 = top) */
	int64_t group; /* group of similar tasks; used only when rule->per_group */
	int granted;   /* quota_check only: 1 when the decision gives the top grade */
} quota_person_t;

#define QUOTA_UNLIMITED INT64_MAX

typedef struct quota_limit {
	int32_t permille;      /* the rate applied (normal or outstanding) */
	int64_t rated;         /* people rated */
	int64_t eligible;      /* people whose score and conditions reach the top grade */
	int64_t next_grade;    /* people in the next grade before the decision */
	int64_t unit_cap;      /* the unit-wide cap (QUOTA_UNLIMITED with no rule) */
	int64_t group_cap_sum; /* Σ over groups of min(eligible, cap); -1 when not per group */
	int64_t max_top;       /* how many may get the top grade: the what-if answer */
} quota_limit_t;

/* The what-if: how many top grades may this unit give for these scores?
 * For SHARE_OF_RATED the cap is floor(p × R). For SHARE_OF_NEXT_GRADE the
 * cap is a fixed point: granting g of E candidates leaves H = N + E − g in
 * the next grade, and g is allowed iff g ≤ floor(p(N + E − g)); for an
 * integer g this is g ≤ p(N + E − g) ⟺ g ≤ p(N + E) / (1 + p), so the
 * largest allowed g is floor(p(N + E) / (1 + p)) — e.g. floor((N + E) / 6)
 * for 20%. max_top = min(E, cap), and with per-group counting
 * min(unit, Σ over groups). Refuses an invalid rule or a negative band
 * with ERR_INVALID. persons is borrowed; nothing is kept. */
err_code quota_max_top(const framework_quota_t *rule, const quota_person_t *persons, size_t n,
                       int outstanding, quota_limit_t *out, err_t *e);

typedef enum quota_status {
	QUOTA_NOT_ELIGIBLE, /* not a candidate for the top grade */
	QUOTA_GRANTED,      /* proposed for the top grade */
	QUOTA_DENIED,       /* a candidate, but the quota is used by higher scores */
	QUOTA_TIED          /* at the boundary: the head chooses, with a reason */
} quota_status;

typedef struct quota_tie {
	int32_t score;   /* the tied score */
	int in_group;    /* 1: the tie is within one group of similar tasks */
	int64_t group;   /* that group when in_group */
	size_t *members; /* indices into persons (owned by the proposal) */
	size_t nmembers;
	int64_t choose; /* how many of the members may get the top grade */
} quota_tie_t;

typedef struct quota_proposal {
	quota_status *status; /* one per person, in input order */
	size_t n;
	int64_t granted;   /* people proposed without a choice */
	quota_tie_t *ties; /* boundaries left to the head, highest score first */
	size_t nties;
	quota_limit_t limit;
} quota_proposal_t;

/* Proposes an allocation, highest final score first. Candidates with equal
 * scores are taken together; when the quota (of the unit, or of a group)
 * cannot take all of them, none is chosen by canbo: they are TIED, and the
 * tie says how many may be chosen. The proposal assumes each tie will be
 * filled to its allowance when it continues with lower scores; whatever
 * the head decides is checked by quota_check(). On success out holds new
 * arrays: free with quota_proposal_free(). Errors as quota_max_top(). */
err_code quota_propose(const framework_quota_t *rule, const quota_person_t *persons, size_t n,
                       int outstanding, quota_proposal_t *out, err_t *e);

/* Frees what quota_propose() allocated; p may be NULL or zeroed. */
void quota_proposal_free(quota_proposal_t *p);

/* Checks a decision (persons[i].granted). Refuses with ERR_INVALID a top
 * grade given to someone who is not a candidate, and with ERR_CONFLICT a
 * decision over the cap of the unit or (when the rule says so) of a group,
 * the Vietnamese message stating the allowed number. top_code/next_code
 * name the grades in messages ("A"/"B", "HTXS"/"HTT"). */
err_code quota_check(const framework_quota_t *rule, const char *top_code, const char *next_code,
                     const quota_person_t *persons, size_t n, int outstanding, err_t *e);

#endif
