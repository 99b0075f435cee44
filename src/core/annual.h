/*
 * annual: the year's classification from the months, and its consequences
 * (Decree 90/2020/NĐ-CP as amended by Decree 48/2023/NĐ-CP; DOMAIN.md §3).
 *
 * annual_classify() turns one person's monthly totals into HTXS / HTT / HT /
 * KHT, or "not classified":
 *   1. worked under 6 months in the year → not classified, maternity leave
 *      (chế độ thai sản) excepted: months on maternity leave count towards
 *      the 6, and the months actually worked are classified;
 *   2. the total: by default the mean of the monthly totals rounded half-up
 *      once to the rounding step (configurable: a total decided otherwise
 *      may be given instead), graded by the annual bands (90 / 70 / 50);
 *   3. absent from 3 to under 6 months → at most HT;
 *   4. disciplined in the year → KHT (a violation counts in one year only:
 *      the caller sets the flag for the year the discipline was decided),
 *      as does any other case the caller names.
 * The annual HTXS quota is the quota module's rule (annual_settings.quota)
 * applied to the unit's results (see quota.h).
 *
 * annual_consequences() raises the flags of the year: a civil servant KHT 2
 * years running (considered for dismissal), a leader KHT twice in one
 * appointment term (moved or not reappointed), a non-leader KHT twice in 3
 * years (moved to a lower position) — none of them while the person is
 * pregnant or raising a child under 36 months, or while discipline is
 * pending; suppressed flags are still reported as such.
 *
 * Every figure is a field of annual_settings_t (defaults from DOMAIN.md).
 */
#ifndef CANBO_CORE_ANNUAL_H
#define CANBO_CORE_ANNUAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/framework.h"
#include "lib/err.h"

/* The annual grades of Decree 90/2020; the values are band indices (0 =
 * top), so they can be passed to quota functions as quota_person_t.band. */
typedef enum annual_grade {
	ANNUAL_HTXS, /* hoàn thành xuất sắc nhiệm vụ */
	ANNUAL_HTT,  /* hoàn thành tốt nhiệm vụ */
	ANNUAL_HT,   /* hoàn thành nhiệm vụ */
	ANNUAL_KHT,  /* không hoàn thành nhiệm vụ */
	ANNUAL_NOT_CLASSIFIED,
	ANNUAL__MAX
} annual_grade;

typedef enum annual_method {
	ANNUAL_METHOD_MEAN,  /* mean of the monthly totals (default) */
	ANNUAL_METHOD_GIVEN, /* a total decided by a local method, passed in */
	ANNUAL_METHOD__MAX
} annual_method;

typedef struct annual_settings {
	annual_method method;
	int32_t min_htxs, min_htt, min_ht; /* 9000, 7000, 5000 */
	int32_t round_step;                /* 1: the total is rounded to this step */
	int min_months_worked;             /* 6 */
	int absence_cap_from;              /* 3: absent from this many months … */
	int absence_cap_to;                /* 6: … to under this many */
	annual_grade absence_cap_grade;    /* ANNUAL_HT: the best grade then */
	framework_quota_t quota;           /* annual HTXS quota (bands = annual_grade) */
	unsigned dismissal_categories;     /* FRAMEWORK_CAT_CC: "a civil servant" */
	int consecutive_kht_years;         /* 2 */
	int term_kht_count;                /* 2 */
	int window_years;                  /* 3 */
	int window_kht_count;              /* 2 */
} annual_settings_t;

/* Fills s with the defaults above. The annual quota defaults to HTXS ≤ 20%
 * of the people rated — a placeholder: Decree 48/2023 ties it to the
 * Party's HTXS rate for the same body, which the body must enter. */
void annual_defaults(annual_settings_t *s);

/* Checks s; ERR_INVALID with a Vietnamese message when unusable. */
err_code annual_settings_validate(const annual_settings_t *s, err_t *e);

typedef struct annual_input {
	const int32_t *monthly_totals; /* borrowed: the months with a result */
	size_t nmonths;                /* 0..12 */
	int32_t given_total;           /* ANNUAL_METHOD_GIVEN only */
	int months_worked;             /* months actually worked in the year, 0..12 */
	int months_absent;             /* months absent, maternity leave not counted */
	int maternity_months;          /* months of maternity leave (chế độ thai sản) */
	int disciplined;               /* 1: disciplined in this year */
	const char *forced_kht_reason; /* borrowed: another case forcing KHT, or NULL */
} annual_input_t;

typedef struct annual_result {
	annual_grade grade;
	int32_t total;         /* the year's total (0 when not classified) */
	annual_grade by_score; /* the grade the total alone gives */
	const char *reason;    /* the rule that lowered or forced the grade, or kept the
	                        * person unclassified; NULL when the score alone decides
	                        * (static text, or the borrowed forced_kht_reason) */
} annual_result_t;

/* Classifies one person's year under s (see the top of this file).
 * Refuses with ERR_INVALID invalid settings, month counts outside 0..12,
 * more than 12 totals, or a negative total. No allocation. */
err_code annual_classify(const annual_settings_t *s, const annual_input_t *in, annual_result_t *out,
                         err_t *e);

/* Code ("HTXS", …, "CXL") and Vietnamese label of a grade (static). */
const char *annual_grade_code(annual_grade g);
const char *annual_grade_label(annual_grade g);

/* One past year of a person. */
typedef struct annual_year {
	int year;
	annual_grade grade;
} annual_year_t;

typedef struct annual_person {
	unsigned category; /* one FRAMEWORK_CAT_ bit */
	int is_leader;
	int term_start_year;    /* leaders: first year of the current appointment term */
	int pregnant;           /* đang mang thai */
	int child_under_36m;    /* đang nuôi con dưới 36 tháng tuổi */
	int discipline_pending; /* đang trong thời gian xem xét kỷ luật */
} annual_person_t;

/* Consequence flags. */
enum {
	ANNUAL_FLAG_DISMISSAL = 1u << 0, /* KHT 2 years running: xem xét cho thôi việc */
	ANNUAL_FLAG_LEADER_TERM = 1u << 1, /* leader KHT twice in the term: bố trí công tác khác */
	ANNUAL_FLAG_LOWER_POSITION = 1u << 2, /* non-leader KHT twice in 3 years: vị trí thấp hơn */
};

typedef struct annual_flags {
	unsigned flags;         /* raised */
	unsigned suppressed;    /* would be raised, but a protection applies */
	const char *protection; /* static Vietnamese reason when suppressed != 0 */
} annual_flags_t;

/* Computes the consequence flags of year for person p from hist[0..n) (any
 * order; the result of year itself must be included). A flag is raised
 * only in a year graded KHT (the occurrence that completes the count).
 * Refuses with ERR_INVALID a year listed twice, no result for year, or a
 * leader's term starting after year. */
err_code annual_consequences(const annual_settings_t *s, const annual_person_t *p, int year,
                             const annual_year_t *hist, size_t n, annual_flags_t *out, err_t *e);

/* Vietnamese text of one flag (static; "" for an unknown flag). */
const char *annual_flag_text(unsigned flag);

#endif
