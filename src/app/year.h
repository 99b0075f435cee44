/*
 * year: the annual classification (Decree 90/2020/NĐ-CP as amended by
 * Decree 48/2023/NĐ-CP; DOMAIN.md §3) from the monthly results.
 *
 * For every person with a monthly evaluation in the year whose latest one is
 * in the unit's subtree: the months counted (decided, published or locked
 * months with a final total), the months absent (months in which the person
 * held a primary post but has no evaluation, maternity leave not counted)
 * and the maternity months (person_flags 'maternity') go to
 * annual_classify() — mean of the monthly totals rounded, graded 90 / 70 /
 * 50; under 6 months worked not classified, maternity excepted; absent 3 to
 * under 6 months at most HT; disciplined in the year KHT. The annual HTXS
 * quota is applied per list of the latest month's decider (quota_propose; a
 * tie at the boundary is never broken by canbo: tied people stay HTT with
 * the reason, unless the head names them with grant). Then
 * annual_consequences() from the stored results of earlier years: KHT two
 * years running, a leader KHT twice in the appointment term, a non-leader
 * KHT twice in three years — with the protections (pregnant, raising a
 * child under 36 months, discipline pending).
 *
 * Results are stored in annual_results (one row per person and year) and
 * the run can be repeated: it replaces them. One transaction, audited.
 */
#ifndef CANBO_YEAR_H
#define CANBO_YEAR_H

#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"

typedef struct year_run_result {
	long people;
	long by_grade[5]; /* HTXS, HTT, HT, KHT, not classified */
	long ties;        /* people left HTT at a tie on the boundary */
	long flags;       /* consequence flags raised */
	long suppressed;  /* flags suppressed by a protection */
} year_run_result_t;

/* Classifies year for unit_code's subtree. grant (codes, may be empty)
 * names people the head gives HTXS at a tie; reason is then required.
 * Administrator or HR. */
int year_run(app_ctx_t *c, const char *unit_code, int year, const char *const *grant,
	     size_t ngrant, const char *reason, year_run_result_t *r, err_t *e);

typedef struct year_row {
	int64_t person_id;
	char *code, *name, *unit_code, *by_score, *grade, *reason, *consequences, *computed_at;
	int months, months_absent, days_absent, maternity_months, top_granted;
	int has_total;
	int32_t total;
} year_row_t;

typedef struct year_list {
	year_row_t *v;
	size_t n, cap;
} year_list_t;

void year_list_free(year_list_t *l);
/* The stored results of year for unit_code's subtree (as the tree was at
 * the end of the year), by unit then name. */
int year_show(app_ctx_t *c, const char *unit_code, int year, year_list_t *out, err_t *e);

/* Vietnamese label of an annual grade code ("HTXS"… "CXL"). */
const char *year_grade_label(const char *code);

#endif
