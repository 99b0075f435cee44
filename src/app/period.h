/*
 * period: opening a month of evaluations for a unit and everything under it.
 *
 * Opening creates one evaluation per eligible person (see docs/evaluation.md
 * for the rules): a person whose status is working or seconded (or whose
 * status changed only after the month began) and who held a primary post in
 * the subtree during the month; someone who joined, left or moved during the
 * month is evaluated where they held their primary post longest that month
 * (the later post on a tie), with the days in that post and a membership
 * note recorded, and only when that post is in the subtree. A person
 * evaluated for the month in another period is left to it. Each evaluation
 * gets the framework version fw_select() gives for the person's category,
 * leadership and unit on the first day of the month, a reviewer (the head of
 * the person's unit; for that head, or when the unit has none, the head of
 * the nearest unit above that has one) and a decider (the head of the unit;
 * for a leader, the head of the unit above).
 *
 * Opening is idempotent: re-running adds newcomers, refreshes evaluations
 * still pending (not yet self-assessed), removes pending ones of people no
 * longer eligible (when no task hangs on them), and never touches an
 * evaluation that has progressed. One transaction; progress goes to
 * c->progress_fd for large subtrees.
 */
#ifndef CANBO_PERIOD_H
#define CANBO_PERIOD_H

#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"

/* A month: year, month and its bounds [starts, ends) as ISO dates. */
typedef struct period_month {
	int year, month;
	char starts[11], ends[11]; /* first day, first day of the next month */
	char last[11];             /* last day */
	int days;                  /* days in the month */
} period_month_t;

/* Parses "MM/YYYY" (or "M/YYYY", "YYYY-MM") into m. ERR_USAGE with a
 * Vietnamese message when malformed. */
int period_month_parse(const char *s, period_month_t *m, err_t *e);
/* Fills m for year/month (valid). */
void period_month_set(period_month_t *m, int year, int month);
/* "MM/YYYY" into out[8]. */
void period_month_text(int year, int month, char out[8]);

typedef struct period_open_result {
	int64_t period_id;
	int existed;         /* 1: the period was already open (a re-run) */
	long candidates;     /* people with a primary post in the subtree in the month */
	long created;        /* new evaluations */
	long updated;        /* pending evaluations refreshed */
	long unchanged;      /* pending evaluations already up to date */
	long progressed;     /* evaluations past the pending step, left as they are */
	long removed;        /* pending evaluations of people no longer eligible */
	long elsewhere;      /* evaluated in another period, or longest post outside */
	long not_working;    /* status not working for the whole month */
	long short_stay;     /* fewer days in post than period.min_days */
	long no_framework;   /* no framework applies */
	long leaders;
	long no_reviewer;    /* nobody above has a head */
} period_open_result_t;

/* Opens (or re-runs) month m for the unit with code unit_codes (or several:
 * "HNI,HCM"; the counts add up). Requires an administrator or HR role. One
 * transaction; audited (one row per unit). */
int period_open(app_ctx_t *c, const char *unit_codes, const period_month_t *m,
		period_open_result_t *r, err_t *e);

typedef struct period_row {
	int64_t id;
	char *unit_code, *unit_name, *starts, *status, *opened_at, *opened_by;
	int year, month;
	int64_t evaluations;
} period_row_t;

typedef struct period_list {
	period_row_t *v;
	size_t n, cap;
} period_list_t;

void period_list_free(period_list_t *l);
/* Every period, newest month first. */
int period_list(app_ctx_t *c, period_list_t *out, err_t *e);

/* Progress of a month in a unit's subtree. */
enum { PERIOD_ST_PENDING, PERIOD_ST_SELF, PERIOD_ST_REVIEWED, PERIOD_ST_DECIDED,
       PERIOD_ST_PUBLISHED, PERIOD_ST_LOCKED, PERIOD_ST__MAX };

typedef struct period_status {
	long total;
	long by_status[PERIOD_ST__MAX];
	long late_self, late_review, late_decide; /* steps done after their deadline */
	long overdue_self, overdue_review, overdue_decide; /* not done, deadline passed */
	long objections_open;
	char due_self[11], due_review[11], due_decide[11]; /* ISO, for the subtree root */
} period_status_t;

/* Counts for month m over the evaluations whose unit is in unit_code's
 * subtree (as it was during the month). */
int period_status(app_ctx_t *c, const char *unit_code, const period_month_t *m,
		  period_status_t *out, err_t *e);

/* Index of a status name in PERIOD_ST_*, -1 when unknown. */
int period_status_index(const char *status);
/* Vietnamese label of an evaluation status ("Chờ tự đánh giá"…). */
const char *period_status_label(const char *status);

/* Ids of the units in unit_id's subtree at any time during month m (the
 * union of the trees on its first and last day), sorted ascending, into a
 * new array. */
int period_scope(app_ctx_t *c, int64_t unit_id, const period_month_t *m, int64_t **ids,
		 size_t *n, err_t *e);
/* The same for a comma-separated list of unit codes ("HNI,HCM"): the
 * union of their subtrees. ERR_NOT_FOUND for an unknown code. */
int period_scope_codes(app_ctx_t *c, const char *codes, const period_month_t *m, int64_t **ids,
		       size_t *n, err_t *e);
/* 1 when id is in the sorted ids[0..n). */
int period_in_scope(const int64_t *ids, size_t n, int64_t id);

/* The due date (ISO, into out[11]) of a step whose deadline setting key is
 * key ("deadline.self"…, a day of the month after m, default def) for
 * unit_id: the day, clamped to that month's length. */
void period_due(app_ctx_t *c, int64_t unit_id, const period_month_t *m, const char *key,
		int64_t def, char out[11]);

#endif
