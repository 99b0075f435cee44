/*
 * eval: the monthly workflow — self-assessment → review → decision within
 * the quota → publication → objections → lock (and reopening) — on the
 * evaluations period_open() created. docs/evaluation.md describes it for
 * people; the rules themselves are core/ functions (score_total,
 * score_grade, workprod_compute, workprod_leader, quota_*), called here.
 *
 * Who may act. Every use case takes as_code: the code of the person acting
 * (the web server passes the signed-in person; the command line passes
 * --as). NULL means the administrator, who may act for anyone (the command
 * line without --as; refused for any other role). Otherwise:
 *   self-assessment, objection        the person evaluated;
 *   review                             the evaluation's reviewer;
 *   decision, publication, answer,
 *   lock, reopening                    the evaluation's decider.
 * Steps go in order: pending → self_assessed → reviewed → decided →
 * published → locked; a step out of order or by the wrong person is
 * refused (ERR_CONFLICT / ERR_FORBIDDEN) with a Vietnamese message, and
 * nothing changes.
 *
 * Decision lists. The decision, publication and lock act on whole decision
 * lists: all evaluations of the month with the same decider. `UNIT` picks
 * the deciders who have an evaluation in the unit's subtree (with as_code:
 * only that person). The quota is counted per list and framework (and per
 * group of similar tasks when the framework says so).
 *
 * Every write is one transaction with optimistic concurrency (each update
 * says WHERE id = ? AND version = ?; a lost race is ERR_CONFLICT "Bản đánh
 * giá đã bị người khác thay đổi…") and one audit row with before → after.
 */
#ifndef CANBO_EVAL_H
#define CANBO_EVAL_H

#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/period.h"
#include "core/quota.h"

/* ---- score files ----------------------------------------------------- */

/* One criterion score from a file: code, points (centipoints; may be
 * negative so that the framework check names it), reason (may be NULL). */
typedef struct eval_score_in {
	char *code;
	int32_t points;
	char *reason;
	long line;
} eval_score_in_t;

typedef struct eval_scores {
	eval_score_in_t *v;
	size_t n, cap;
} eval_scores_t;

void eval_scores_free(eval_scores_t *s);
/* Parses a score file (CSV, UTF-8; see docs/evaluation.md): a header with
 * the columns «Mã tiêu chí», «Điểm» and optionally «Lý do» (other columns
 * such as «Tên tiêu chí» or «Điểm tối đa» are ignored), one criterion per
 * row; points with a decimal comma or point and at most two decimals.
 * ERR_INVALID with the line for anything else. */
int eval_scores_parse(const char *data, size_t n, eval_scores_t *out, err_t *e);
/* Reads and parses the file at path (at most 1 MiB). */
int eval_scores_load(const char *path, eval_scores_t *out, err_t *e);
/* Parses "CODE=POINTS[,CODE=POINTS…]" (points as in files). */
int eval_scores_inline(const char *spec, eval_scores_t *out, err_t *e);

/* ---- reading ---------------------------------------------------------- */

typedef struct eval_row {
	int64_t id, period_id, person_id, unit_id, fw_id, reviewer_id, decider_id;
	int year, month;
	char *person_code, *person_name, *unit_code, *unit_name, *position, *category;
	char *leader_level, *group_code, *status;
	char *reviewer_code, *reviewer_name, *decider_code, *decider_name;
	char *fw_code, *fw_name;
	int is_leader;
	int has_self, has_review, has_final;
	int32_t self_total, review_total, final_total;
	int candidate, top_granted, grade_band; /* grade_band -1: not graded */
	char *grade_code, *grade_label, *grade_reason, *decision_reason, *membership;
	int days_in_post, days_in_month, late;
	char *objection_until, *updated_at; /* who did what when: the steps */
	int64_t version;
	int objection_open;
} eval_row_t;

typedef struct eval_crit {
	char *code, *name, *group;
	int kind; /* framework_kind */
	int32_t max;
	int has_self, has_review, has_final;
	int32_t self, review, final, in_force;
	char *review_reason, *final_reason;
} eval_crit_t;

typedef struct eval_step_row {
	char *step, *actor, *actor_code, *at, *due, *reason;
	int late;
} eval_step_row_t;

typedef struct eval_objection_row {
	int64_t id;
	char *reason, *at, *answer, *answered_at, *answered_by, *outcome;
} eval_objection_row_t;

typedef struct eval_full {
	eval_row_t row;
	eval_crit_t *crit;
	size_t ncrit;
	eval_step_row_t *steps;
	size_t nsteps, capsteps;
	eval_objection_row_t *obj;
	size_t nobj, capobj;
	long tasks, tasks_done;
} eval_full_t;

void eval_full_free(eval_full_t *f);
/* A person's evaluation for month m with its criteria, steps and
 * objections. ERR_NOT_FOUND when the month was not opened for them. */
int eval_get(app_ctx_t *c, const char *person_code, const period_month_t *m, eval_full_t *out,
	     err_t *e);

typedef struct eval_list {
	eval_row_t *v;
	size_t n, cap;
} eval_list_t;

void eval_list_free(eval_list_t *l);
/* The month's evaluations in unit_code's subtree, by unit then in
 * Vietnamese name order. */
int eval_list(app_ctx_t *c, const char *unit_code, const period_month_t *m, eval_list_t *out,
	      err_t *e);
/* Every evaluation of a person, oldest month first. */
int eval_history(app_ctx_t *c, const char *person_code, eval_list_t *out, err_t *e);

/* Vietnamese label of a step name ("self" → "Tự đánh giá"…). */
const char *eval_step_label(const char *step);

/* ---- the steps -------------------------------------------------------- */

typedef struct eval_outcome {
	int32_t total;     /* the total after the step */
	char status[16];
	char grade[16];    /* after a decision or an answer */
	int computed;      /* criteria whose points were computed (work products, leader) */
	int changed;       /* review/answer: criteria changed */
	int late;          /* 1 when the step was done after its deadline */
	char due[11];
	char note[512];    /* e.g. which criteria were computed, and their points */
} eval_outcome_t;

/* The person's self-assessment (as_code: the person, or NULL). Every
 * criterion the person scores must be given; computed criteria (work
 * products when the person has tasks this month, the leader formula) are
 * computed and may be left out. Allowed while pending or self-assessed.
 * expect_version: 0, or the version the caller read (ERR_CONFLICT when it
 * moved on). */
int eval_self(app_ctx_t *c, const char *person_code, const period_month_t *m,
	      const char *as_code, const eval_scores_t *sc, int64_t expect_version,
	      eval_outcome_t *out, err_t *e);

/* The reviewer's review: sc holds the criteria the reviewer scores (any
 * subset; NULL or empty = accepted as self-assessed); every score that
 * differs from the self-assessment needs a reason. Allowed while
 * self-assessed or reviewed (before the decision). */
int eval_review(app_ctx_t *c, const char *person_code, const period_month_t *m,
		const char *as_code, const eval_scores_t *sc, int64_t expect_version,
		eval_outcome_t *out, err_t *e);

/* One person in a decision list. */
typedef struct eval_pool_person {
	int64_t eval_id, person_id;
	char *code, *name, *group, *unit_code;
	int32_t score;    /* the final total */
	int band;         /* grade from score and disqualifiers, before the quota */
	char *disq_reason;
	quota_status status; /* in the proposal */
	int granted;      /* in the decision */
	int fixed;        /* published or locked: counted as decided, not changed */
	int named;        /* the head named the person (grant or deny) */
	char *grade_code, *grade_label, *reason; /* after the decision */
} eval_pool_person_t;

typedef struct eval_tie {
	int32_t score;
	int in_group;
	char *group;
	size_t *members; /* indices into the pool's v */
	size_t nmembers;
	int64_t choose;
} eval_tie_t;

typedef struct eval_pool {
	int64_t decider_id, fw_id;
	char *decider_code, *decider_name, *fw_code, *fw_name;
	char *top_code, *next_code;
	int top_band;   /* the framework's top band index */
	int quota_kind; /* framework_quota_kind */
	eval_pool_person_t *v;
	size_t n, cap;
	quota_limit_t limit;
	eval_tie_t *ties;
	size_t nties;
	long granted; /* in the decision */
} eval_pool_t;

struct arena;

typedef struct eval_pools {
	eval_pool_t *v;
	size_t n, cap;
	struct arena *arena; /* owns the people's strings */
	long people;
	long not_ready; /* evaluations not yet reviewed in the lists (propose only) */
} eval_pools_t;

void eval_pools_free(eval_pools_t *p);

/* The proposal and the what-if for the decision lists of unit_code's
 * subtree (as_code: only that decider's list): every person's final total
 * and grade before the quota, the quota limit (how many may get the top
 * grade for these scores), the allocation highest first and the ties at the
 * boundary left to the head. Writes nothing. Evaluations not yet reviewed
 * are counted in not_ready and left out. */
int eval_propose(app_ctx_t *c, const char *unit_code, const period_month_t *m,
		 const char *as_code, int outstanding, eval_pools_t *out, err_t *e);

typedef struct eval_decide_req {
	const char *unit_code;
	const period_month_t *m;
	const char *as_code;
	const char *const *grant; /* person codes given the top grade by the head */
	size_t ngrant;
	const char *const *deny; /* proposed people the head refuses the top grade */
	size_t ndeny;
	int ties_none;   /* the head gives the top grade to nobody in a tie */
	int outstanding; /* the unit is recognised as outstanding (higher rate) */
	const char *reason; /* required with grant, deny, ties_none, outstanding */
	int brief;          /* 1: people in out carry no code or name (bulk, not shown) */
} eval_decide_req_t;

/* The decision of whole lists (see the top of this file): every evaluation
 * in them must be reviewed (or decided, to decide again; published and
 * locked ones are counted as they are). Grades by bands and disqualifiers
 * (with the reason), then the quota: the proposal, plus the head's choices;
 * a tie at the boundary left unresolved is refused, listing the tied people
 * and how many may be chosen; a decision over the quota is refused stating
 * the allowed number. out gets the lists as decided. */
int eval_decide(app_ctx_t *c, const eval_decide_req_t *q, eval_pools_t *out, err_t *e);

/* Publishes the decided evaluations of the lists (in the unit); the
 * objection window runs objection.days (setting) from today. */
int eval_publish(app_ctx_t *c, const char *unit_code, const period_month_t *m,
		 const char *as_code, long *published, err_t *e);

/* The person objects (kiến nghị) to a published evaluation within the
 * window, with a reason; one open objection at a time. */
int eval_object(app_ctx_t *c, const char *person_code, const period_month_t *m,
		const char *as_code, const char *reason, err_t *e);

/* The decider answers the open objection with a reason, optionally
 * changing criterion scores (changes) — the grade is recomputed; a top
 * grade needs grant_top and must fit the quota of the list. */
int eval_answer(app_ctx_t *c, const char *person_code, const period_month_t *m,
		const char *as_code, const char *reason, const eval_scores_t *changes,
		int grant_top, eval_outcome_t *out, err_t *e);

/* Locks the published evaluations of the lists that have no open
 * objection (after the window, or earlier by the head's choice).
 * *locked and *open_objections count what was locked and kept open. */
int eval_lock(app_ctx_t *c, const char *unit_code, const period_month_t *m, const char *as_code,
	      long *locked, long *open_objections, err_t *e);

/* The decider reopens a decided, published or locked evaluation, with a
 * reason: it goes back to reviewed. */
int eval_reopen(app_ctx_t *c, const char *person_code, const period_month_t *m,
		const char *as_code, const char *reason, err_t *e);

/* Fills self-assessments deterministically for every pending evaluation in
 * unit_code's subtree (and, with through_review, accepts them as the
 * reviewer): for tests, demonstrations and benchmarks. Administrator only.
 * Scores depend only on seed, person, month and criterion. */
int eval_autoscore(app_ctx_t *c, const char *unit_code, const period_month_t *m, uint64_t seed,
		   int through_review, long *count, err_t *e);

/* ---- inputs of the disqualifiers and protections ---------------------- */

/* Records discipline (levels: reprimand, warning, salary_demotion,
 * demotion, removal, dismissal; Vietnamese names accepted) decided on
 * decided_iso, or pending (being considered). Administrator or HR. */
int eval_discipline_add(app_ctx_t *c, const char *person_code, const char *decided_iso,
			const char *level, const char *decision_no, int pending, err_t *e);
/* Records a person flag (maternity, pregnant, child_under_36m, degraded,
 * unit_corruption) over [from, to) (to NULL = open). */
int eval_flag_add(app_ctx_t *c, const char *person_code, const char *kind, const char *from_iso,
		  const char *to_iso, const char *note, err_t *e);

/* Vietnamese label of a discipline level code, or NULL when unknown;
 * eval_discipline_level() maps any spelling to a code. */
const char *eval_discipline_label(const char *code);
const char *eval_discipline_level(const char *input);

#endif
