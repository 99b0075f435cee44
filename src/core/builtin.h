/*
 * builtin: the two criteria frameworks canbo ships, with their legal basis.
 *
 *  - Hanoi 3814-QĐ/TU (16/5/2018, monthly from 1/7/2018; DOMAIN.md §2.1):
 *    20 discipline and ethics + 70 results + 10 bonus; A 90–100, B 70 to
 *    under 90, C 50 to under 70, D under 50; A ≤ 30% of the people rated,
 *    40% for a unit recognised as especially outstanding.
 *  - Decree 335/2025/NĐ-CP (in force 1/1/2026; DOMAIN.md §2.2): 30 general
 *    criteria (a)(b)(c) + 70 task results from work products; HTXS ≥ 90,
 *    HTT 70 to under 90, HT 50 to under 70, KHT under 50 or forced by a
 *    disqualifier; HTXS ≤ 20% of HTT within the agency and within each group
 *    of civil servants with similar tasks.
 *
 * Everything DOMAIN.md marks (configurable) is a field of the settings
 * struct, filled with the defaults by builtin_*_defaults(). The returned
 * framework is ordinary data: a unit derives its own from it and the
 * JSON/database layers store it like any other.
 */
#ifndef CANBO_CORE_BUILTIN_H
#define CANBO_CORE_BUILTIN_H

#include "core/framework.h"

#define BUILTIN_3814_CODE "HN-3814-QD-TU"
#define BUILTIN_335_CODE  "ND-335-2025"

/* Settings of the Hanoi framework; all points in centipoints. */
typedef struct builtin_3814_settings {
	int32_t discipline_max; /* 2000: ý thức tổ chức kỷ luật, đạo đức */
	int32_t results_max;    /* 7000: kết quả thực hiện nhiệm vụ */
	int32_t bonus_max;      /* 1000: điểm thưởng */
	int allow_over_max;     /* 0: total capped at 100 */
	int32_t quota_permille; /* 300: A ≤ 30% of those rated */
	int32_t quota_permille_outstanding; /* 400: especially outstanding unit */
	int32_t quota_min_top;              /* 0: 30% of 1–3 people is 0 A */
	int32_t round_step;                 /* 1: no rounding beyond centipoints */
} builtin_3814_settings_t;

/* Settings of the Decree 335 framework; all points in centipoints. */
typedef struct builtin_335_settings {
	int32_t general_a; /* 1000: phẩm chất chính trị, đạo đức, văn hóa công vụ, kỷ luật */
	int32_t general_b; /* 1000: năng lực, trách nhiệm, thái độ phục vụ, phối hợp */
	int32_t general_c;      /* 1000: đổi mới, sáng tạo, dám nghĩ, dám làm */
	int32_t results_max;    /* 7000: from work products */
	int32_t bonus_max;      /* 0: the decree has no bonus points */
	int allow_over_max;     /* 0 */
	unsigned categories;    /* FRAMEWORK_CAT_CC: civil servants */
	int32_t quota_permille; /* 200: HTXS ≤ 20% of HTT */
	int32_t quota_permille_outstanding; /* 200 until the competent level sets more */
	int quota_per_group;                /* 1: also per group of similar tasks */
	int32_t quota_min_top;              /* 0 */
	int32_t round_step;                 /* 1 */
	framework_workprod_t workprod;      /* 1/1/1, 25% per failed review, 25% per delay */
	framework_leader_t leader;          /* 1/1/1, unit part 100% / 50% */
} builtin_335_settings_t;

/* Fills s with the defaults listed above. */
void builtin_3814_defaults(builtin_3814_settings_t *s);
void builtin_335_defaults(builtin_335_settings_t *s);

/* Returns a new framework for Hanoi 3814-QĐ/TU built from s (NULL: the
 * defaults), validated; the caller frees it with framework_free(). Returns
 * NULL with ERR_INVALID and a Vietnamese message when the settings make an
 * invalid framework (e.g. maxima that do not reach 100 points). */
framework_t *builtin_3814(const builtin_3814_settings_t *s, err_t *e);

/* Same for Decree 335/2025/NĐ-CP. */
framework_t *builtin_335(const builtin_335_settings_t *s, err_t *e);

#endif
