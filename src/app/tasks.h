/*
 * tasks: work products (sản phẩm, công việc) — the catalogue of a job
 * position with conversion coefficients (hệ số quy đổi), and the tasks of a
 * month: assigned (by whom, deadline, coefficient), completed (a date after
 * the deadline counts one delay), reviewed by the person who assigned them
 * (passed, or failed for a major content error), and waived (a failed
 * review or a delay, for an objective cause confirmed by the competent
 * level, with the reason and the confirming person recorded).
 *
 * A task belongs to the person's evaluation of the month (the month must be
 * open for them) and can change until that evaluation is decided. The
 * points they earn are computed by core/workprod (Decree 335/2025: quantity,
 * quality and progress, 25% per failed review and per delay) when the
 * evaluation is scored; task_results() shows them.
 *
 * Who acts: as_code as in app/eval.h (NULL = the administrator). Adding and
 * reviewing: the assigner; completing: the person or the assigner; waiving:
 * the confirming person. Every write is one transaction, audited.
 */
#ifndef CANBO_TASKS_H
#define CANBO_TASKS_H

#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/period.h"
#include "core/workprod.h"

/* Adds a catalogue entry (unit_code NULL: every unit; else that unit only,
 * where it wins over a general entry with the same code). coef in
 * hundredths. */
int task_product_add(app_ctx_t *c, const char *unit_code, const char *position, const char *code,
		     const char *name, int32_t coef, err_t *e);

typedef struct task_product_row {
	int64_t id;
	char *unit_code, *position, *code, *name;
	int32_t coef;
} task_product_row_t;

typedef struct task_product_list {
	task_product_row_t *v;
	size_t n, cap;
} task_product_list_t;

void task_product_list_free(task_product_list_t *l);
/* The catalogue for unit_code (NULL: all entries). */
int task_product_list(app_ctx_t *c, const char *unit_code, task_product_list_t *out, err_t *e);

typedef struct task_rec {
	const char *person_code;
	const period_month_t *m;
	const char *title;
	const char *product_code; /* from the catalogue, or NULL */
	int32_t coef;             /* hundredths; 0 = the product's, else 1,00 */
	const char *assigned_at;  /* ISO; NULL = today */
	const char *deadline;     /* ISO, required */
} task_rec_t;

/* Assigns a task; the assigner is as_code (NULL: the administrator, no
 * assigner recorded). Returns the new task id, 0 with e on error. */
int64_t task_add(app_ctx_t *c, const task_rec_t *t, const char *as_code, err_t *e);
/* Records completion on date_iso (NULL: today); after the deadline counts
 * one delay. */
int task_done(app_ctx_t *c, int64_t id, const char *date_iso, const char *as_code, err_t *e);
/* The assigner's quality review: passed, or failed for a major content
 * error (each failure costs 25% of the item's quality points). */
int task_review(app_ctx_t *c, int64_t id, int passed, const char *as_code, err_t *e);
/* Waives one failed review (what "review") or one delay ("delay") for an
 * objective cause confirmed by by_code, with reason. */
int task_waive(app_ctx_t *c, int64_t id, const char *what, const char *reason,
	       const char *by_code, const char *as_code, err_t *e);

typedef struct task_row {
	int64_t id;
	char *title, *product, *assigned_by, *assigned_at, *deadline, *completed_at;
	char *waiver_reason, *waived_by;
	int32_t coef;
	int passed; /* -1 not reviewed */
	int reviews_failed, reviews_waived, delays, delays_waived;
} task_row_t;

typedef struct task_list {
	task_row_t *v;
	size_t n, cap;
	int has_result;          /* 1 when the results could be computed */
	workprod_result_t result; /* for the framework's work-products criterion */
	int32_t max;             /* that criterion's maximum */
	char criterion[64];
} task_list_t;

void task_list_free(task_list_t *l);
/* The person's tasks of month m, and the results they give under the
 * evaluation's framework (when it has a work-products criterion). */
int task_list(app_ctx_t *c, const char *person_code, const period_month_t *m, task_list_t *out,
	      err_t *e);

/* Parses a coefficient "1,5" / "1.25" / "2" into hundredths (1..100000). */
int task_parse_coef(const char *s, int32_t *out);

#endif
