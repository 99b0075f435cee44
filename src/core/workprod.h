/*
 * workprod: task results from work products (sản phẩm, công việc), and the
 * leader formula (Decree 335/2025/NĐ-CP, DOMAIN.md §2.2).
 *
 * Each item is converted to a common unit by its coefficient (hệ số quy
 * đổi). Over a period, with A = the converted total assigned:
 *   quantity % = converted items completed ÷ A;
 *   quality %  = Σ over completed items that passed review of
 *                coef × (1 − 25% × failed reviews not waived), ÷ A;
 *   progress % = Σ over completed items of
 *                coef × (1 − 25% × delays not waived), ÷ A.
 * An item done on time (no delay) earns its full progress points; each
 * delay — a deadline missed, including completing after it — takes 25% of
 * that item's progress points, and each review failed for a major content
 * error takes 25% of its quality points, never below 0 for the item. A
 * failure or delay waived because the competent level confirmed an
 * objective cause takes nothing. Items completed without being assigned in
 * the period (extra work) count in the numerators only; each percentage is
 * capped at 100%. The 25% figures and the weights that combine the three
 * percentages are framework data (framework_workprod_t, default thirds).
 *
 * Percentages are basis points (10000 = 100%), each rounded half-up from
 * the exact fraction; points are centipoints, rounded half-up.
 */
#ifndef CANBO_CORE_WORKPROD_H
#define CANBO_CORE_WORKPROD_H

#include <stddef.h>
#include <stdint.h>

#include "core/framework.h"
#include "lib/err.h"

#define WORKPROD_COEF_MAX  100000 /* 1000.00 common units per item */
#define WORKPROD_ITEMS_MAX 100000 /* items per person per period */

typedef struct workprod_item {
	int32_t coef;       /* conversion coefficient, hundredths (1.00 = 100), > 0 */
	int assigned;       /* 1: assigned for this period (counts in A) */
	int completed;      /* 1: completed in the period */
	int passed;         /* 1: passed quality review (requires completed) */
	int reviews_failed; /* reviews failed for a major content error */
	int reviews_waived; /* of those, waived for a confirmed objective cause */
	int delays;         /* times the item was late */
	int delays_waived;  /* of those, waived for a confirmed objective cause */
} workprod_item_t;

typedef struct workprod_result {
	int32_t quantity_bp;
	int32_t quality_bp;
	int32_t progress_bp;
	int32_t combined_bp; /* weighted by the framework's w_quantity/w_quality/w_progress */
	int32_t points;      /* combined_bp × max, centipoints */
	int on_time;         /* completed items with no delay left after waivers */
} workprod_result_t;

/* Computes the results part out of max (centipoints, the framework's
 * work-products criterion maximum) for items[0..n) under params. Refuses
 * with ERR_INVALID and a Vietnamese message naming the item (1-based) a
 * coefficient outside 1..WORKPROD_COEF_MAX, a negative count, more waivers
 * than failures or delays, "passed" without "completed", more than
 * WORKPROD_ITEMS_MAX items, or a period with nothing assigned. No
 * allocation; out written only on success. */
err_code workprod_compute(const framework_workprod_t *params, int32_t max,
                          const workprod_item_t *items, size_t n, workprod_result_t *out, err_t *e);

/* Input of the leader formula. A deputy passes the subordinates and plan
 * of the fields assigned to them. */
typedef struct workprod_leader_in {
	int32_t own_bp;       /* own tasks: workprod_result.combined_bp */
	int subordinates;     /* civil servants under direct management */
	int subordinates_kht; /* of those, graded KHT (lowest grade) this period */
	int planned_tasks;    /* tasks in the unit's plan for the period */
	int planned_done_ok;  /* of those, done on time and to quality */
} workprod_leader_in_t;

typedef struct workprod_leader_result {
	int32_t unit_bp;       /* 100% when every subordinate ≥ HT, 50% when any is KHT */
	int32_t organising_bp; /* planned_done_ok ÷ planned_tasks (100% with no plan) */
	int32_t combined_bp;   /* weighted by w_own / w_unit / w_organising */
	int32_t points;        /* combined_bp × max */
} workprod_leader_result_t;

/* Computes a leader's results part out of max under params (Decree
 * 335/2025): the unit-results part counts params->unit_all_ht_bp (100%)
 * when no subordinate is KHT and params->unit_any_kht_bp (50%) otherwise;
 * organising capacity counts 100% when every planned task was done on time
 * and to quality and otherwise the share that was (a proportional reading:
 * the decree fixes only the 100% case; see docs/rules.md); the three parts
 * are combined by the weights. Refuses with ERR_INVALID counts that are
 * negative or inconsistent, or own_bp outside 0..10000. */
err_code workprod_leader(const framework_leader_t *params, int32_t max,
                         const workprod_leader_in_t *in, workprod_leader_result_t *out, err_t *e);

#endif
