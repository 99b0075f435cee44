/*
 * score: one person's total for one period, and the grade it earns.
 *
 * score_total() adds criterion scores under a framework: each score must lie
 * in 0..its criterion's maximum; a base group is the sum of its positive
 * criteria minus its deductions (điểm trừ), never below 0; a bonus group
 * (điểm thưởng) is the sum of its conditions capped at the group maximum;
 * the total is capped at the scale maximum unless the framework lets bonus
 * points take it higher, and finally rounded half-up to the framework's
 * step. score_grade() places a total in the bands, then applies the
 * disqualifiers, which force the lowest grade whatever the score (Decree
 * 335/2025: reprimand or heavier in the year, degradation concluded,
 * leader's unit with corruption or waste handled).
 *
 * Pure functions: no allocation, no I/O. All points in centipoints.
 */
#ifndef CANBO_CORE_SCORE_H
#define CANBO_CORE_SCORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/framework.h"
#include "lib/err.h"

/* One criterion's score: the criterion code and its points (for a
 * deduction: the points taken away, as a non-negative number). */
typedef struct score_entry {
	const char *code; /* borrowed */
	int32_t points;
} score_entry_t;

typedef struct score_result {
	int32_t base;       /* base groups, after their deductions */
	int32_t bonus;      /* bonus groups, after their caps */
	int32_t deductions; /* points actually taken away by deductions */
	int32_t raw;        /* base + bonus */
	int capped;         /* 1 when raw exceeded the scale and was capped */
	int32_t total;      /* after the cap and the rounding rule */
} score_result_t;

typedef struct score_grade {
	size_t band;        /* index into fw->bands (0 = top) */
	const char *code;   /* borrowed from fw */
	const char *label;  /* borrowed from fw */
	const char *reason; /* borrowed: the disqualifier's reason, NULL when by score */
	const char *disq;   /* borrowed: the disqualifier's code, NULL when by score */
} score_grade_t;

/* Rounds a non-negative cp half-up to a multiple of step (step ≥ 1):
 * score_round(8995, 10) = 9000, score_round(8994, 10) = 8990. Negative
 * values round half away from zero. */
int32_t score_round(int32_t cp, int32_t step);

/* Computes the total of entries[0..n) under fw (which must be valid). A
 * criterion without an entry scores 0 (a deduction without one takes
 * nothing). A computed criterion (work products, unit results, organising)
 * takes the points workprod_compute()/workprod_leader() returned and is
 * checked like any other. Refuses, with ERR_INVALID and a Vietnamese message naming the
 * criterion, an unknown code, a code given twice, a negative score or a
 * score above the criterion's maximum. Nothing is allocated; out is only
 * written on success. */
err_code score_total(const framework_t *fw, const score_entry_t *entries, size_t n,
                     score_result_t *out, err_t *e);

/* Grades total under fw: the band whose minimum is the highest not above
 * total; then, if any of disq[0..ndisq) (disqualifier codes) applies, the
 * lowest band with the first applicable disqualifier's reason (framework
 * order). Refuses with ERR_INVALID an unknown disqualifier code, or a
 * leaders-only one for a person who is not a leader. Strings in out are
 * borrowed from fw. */
err_code score_grade(const framework_t *fw, int32_t total, const char *const *disq, size_t ndisq,
                     int is_leader, score_grade_t *out, err_t *e);

#endif
