/*
 * framework: a criteria framework as versioned data.
 *
 * A framework is everything a body needs to score and grade one person for
 * one period: who it applies to and when, the criteria tree (groups of
 * criteria, each with a maximum and a kind), the grade bands, the cases that
 * force the lowest grade (disqualifiers), the quota on the top grade, the
 * rounding rule, and the parameters of the computed parts (work products,
 * the leader formula). Nothing about a particular law is compiled into the
 * scoring code: the built-in frameworks (builtin.h) are just constructors of
 * this struct, and a unit may derive its own (framework_derive_check).
 *
 * Units: every score is an int32_t in hundredths of a point (centipoints):
 * 89.99 points = 8999. Rates are per mille (30% = 300) or basis points
 * (100% = 10000) as each field says. Dates are day numbers
 * (framework_day()). All strings are NFC UTF-8, owned by the framework and
 * freed by framework_free().
 *
 * Invariants (checked by framework_validate, assumed by score/quota/workprod):
 * criterion codes are unique in the framework; the positive criteria of a
 * base group sum to the group maximum; base groups sum to at most scale_max
 * and base + bonus reach it; bands are strictly descending and the last one
 * starts at 0.
 */
#ifndef CANBO_CORE_FRAMEWORK_H
#define CANBO_CORE_FRAMEWORK_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

/* Categories of people (bit mask, DOMAIN.md §1). */
enum {
	FRAMEWORK_CAT_CB = 1u << 0,   /* cán bộ */
	FRAMEWORK_CAT_CC = 1u << 1,   /* công chức */
	FRAMEWORK_CAT_VC = 1u << 2,   /* viên chức */
	FRAMEWORK_CAT_LDHD = 1u << 3, /* lao động hợp đồng */
	FRAMEWORK_CAT_ALL = 0xfu
};

/* Roles (bit mask): lãnh đạo, quản lý or not. */
enum { FRAMEWORK_ROLE_LEADER = 1u << 0, FRAMEWORK_ROLE_STAFF = 1u << 1, FRAMEWORK_ROLE_BOTH = 3u };

/* effective_to of a framework still in force. */
#define FRAMEWORK_NO_END INT32_MAX

/* Hard limits that keep every computation inside int32/int64. */
#define FRAMEWORK_POINTS_MAX 100000 /* 1000.00 points for any maximum */
#define FRAMEWORK_WEIGHT_MAX 1000   /* any single weight */

/*
 * Criterion kinds. One table; its columns:
 *   enum, machine name (JSON), Vietnamese label,
 *   allowed in a base group, allowed in a bonus group,
 *   positive (adds to the group; 0 = subtracts), computed by core
 *   (work products / leader formula) rather than scored by a person.
 */
/* clang-format off */
#define FRAMEWORK_KIND_TABLE(X)                                                                      \
	X(FRAMEWORK_KIND_SCORED,        "scored",        "Chấm điểm",                           1, 0, 1, 0) \
	X(FRAMEWORK_KIND_BONUS,         "bonus",         "Điểm thưởng",                         0, 1, 1, 0) \
	X(FRAMEWORK_KIND_DEDUCTION,     "deduction",     "Điểm trừ",                            1, 0, 0, 0) \
	X(FRAMEWORK_KIND_WORK_PRODUCTS, "work_products", "Kết quả sản phẩm, công việc",         1, 0, 1, 1) \
	X(FRAMEWORK_KIND_UNIT_RESULTS,  "unit_results",  "Kết quả hoạt động của đơn vị",        1, 0, 1, 1) \
	X(FRAMEWORK_KIND_ORGANISING,    "organising",    "Năng lực tổ chức thực hiện nhiệm vụ", 1, 0, 1, 1)

typedef enum framework_kind {
#define X(e, name, label, in_base, in_bonus, positive, computed) e,
	FRAMEWORK_KIND_TABLE(X)
#undef X
	FRAMEWORK_KIND__MAX
} framework_kind;
/* clang-format on */

/* Group kinds: a base group counts towards the scale; a bonus group
 * (điểm thưởng) adds on top, capped at its maximum. */
typedef enum framework_group_kind {
	FRAMEWORK_GROUP_BASE,
	FRAMEWORK_GROUP_BONUS,
	FRAMEWORK_GROUP__MAX
} framework_group_kind;

/* Quota on the top grade (DOMAIN.md §2.1, §2.2). */
typedef enum framework_quota_kind {
	FRAMEWORK_QUOTA_NONE,
	/* top ≤ floor(permille × people rated / 1000)  (3814-QĐ/TU: 30%) */
	FRAMEWORK_QUOTA_SHARE_OF_RATED,
	/* top ≤ floor(permille × people in the next grade after the decision
	 * / 1000), denied candidates counting in the next grade
	 * (Decree 335/2025: HTXS ≤ 20% of HTT) */
	FRAMEWORK_QUOTA_SHARE_OF_NEXT_GRADE,
	FRAMEWORK_QUOTA__MAX
} framework_quota_kind;

typedef struct framework_quota {
	framework_quota_kind kind;
	int32_t permille;             /* the normal cap, 0..1000 */
	int32_t permille_outstanding; /* cap for a unit recognised as outstanding */
	int per_group;                /* 1: also within each group of similar tasks */
	int32_t min_top;              /* floor on the cap (default 0: the law as written) */
	int top_band;                 /* band index of the top grade (usually 0) */
	int next_band;                /* band index of the next grade (usually 1) */
} framework_quota_t;

/* Work products: how quantity, quality and progress make the results part
 * (Decree 335/2025, DOMAIN.md §2.2). Weights are ratios (1/1/1 = thirds). */
typedef struct framework_workprod {
	int32_t w_quantity, w_quality, w_progress;
	int32_t review_penalty_permille; /* per failed review, of the item's quality points (250) */
	int32_t delay_penalty_permille;  /* per delay, of the item's progress points (250) */
} framework_workprod_t;

/* The leader formula (Decree 335/2025): own tasks, unit results and
 * organising capacity, combined by weights (ratios). */
typedef struct framework_leader {
	int32_t w_own, w_unit, w_organising;
	int32_t unit_all_ht_bp;  /* unit part when every subordinate ≥ HT (10000 = 100%) */
	int32_t unit_any_kht_bp; /* unit part when any subordinate is KHT (5000 = 50%) */
} framework_leader_t;

typedef struct framework_criterion {
	char *code; /* unique within the framework */
	char *name; /* Vietnamese */
	framework_kind kind;
	int32_t max; /* centipoints; for a deduction the most it may take away */
} framework_criterion_t;

typedef struct framework_group {
	char *code;
	char *name;
	framework_group_kind kind;
	int32_t max; /* centipoints */
	framework_criterion_t *criteria;
	size_t ncriteria, capcriteria;
} framework_group_t;

typedef struct framework_band {
	char *code;  /* "A", "HTXS" */
	char *label; /* "Hoàn thành xuất sắc nhiệm vụ" */
	int32_t min; /* lowest total in the band, centipoints */
} framework_band_t;

typedef struct framework_disqualifier {
	char *code;
	char *reason;     /* Vietnamese, shown with the forced grade */
	int leaders_only; /* applies only to people in a leader role */
} framework_disqualifier_t;

typedef struct framework {
	char *code;
	char *name;
	char *legal_basis;
	int version;
	int32_t effective_from; /* day number, inclusive */
	int32_t effective_to;   /* day number, inclusive; FRAMEWORK_NO_END */
	unsigned categories;    /* FRAMEWORK_CAT_* */
	unsigned roles;         /* FRAMEWORK_ROLE_* */

	int32_t scale_max;  /* top of the scale (10000 = 100 points) */
	int allow_over_max; /* 1: bonus may take the total above scale_max */
	int32_t round_step; /* total rounded half-up to this many centipoints (1 = none) */

	framework_group_t *groups;
	size_t ngroups, capgroups;
	framework_band_t *bands; /* descending by min */
	size_t nbands, capbands;
	framework_disqualifier_t *disq;
	size_t ndisq, capdisq;

	framework_quota_t quota;
	framework_workprod_t workprod;
	framework_leader_t leader;
} framework_t;

/* Returns the day number (days since 1970-01-01, proleptic Gregorian) of
 * y-m-d. Pure; the caller passes a real date. */
int32_t framework_day(int y, int m, int d);

/* Returns a new, empty framework (no groups, bands or disqualifiers) with
 * copies of the strings (NULL is stored as ""), version 1, in force from day
 * 0 with no end, for every category and role, scale 100 points, no rounding,
 * no quota, work-product weights 1/1/1 with 25% penalties and leader weights
 * 1/1/1 with 100%/50%. Never NULL (aborts on out of memory). Free with
 * framework_free(). */
framework_t *framework_new(const char *code, const char *name, const char *legal_basis);

/* Frees fw and everything it owns; NULL is fine. */
void framework_free(framework_t *fw);

/* Returns a new deep copy of fw (caller frees). */
framework_t *framework_clone(const framework_t *fw);

/* Appends a group; strings are copied. Returns its index. Structure is
 * checked later by framework_validate(). */
size_t framework_add_group(framework_t *fw, const char *code, const char *name,
                           framework_group_kind kind, int32_t max);

/* Appends a criterion to group gi (which must exist); strings copied.
 * Returns its index within the group. */
size_t framework_add_criterion(framework_t *fw, size_t gi, const char *code, const char *name,
                               framework_kind kind, int32_t max);

/* Appends a grade band (call from the top grade down); strings copied. */
size_t framework_add_band(framework_t *fw, const char *code, const char *label, int32_t min);

/* Appends a disqualifier; strings copied. */
size_t framework_add_disqualifier(framework_t *fw, const char *code, const char *reason,
                                  int leaders_only);

/* Checks that fw is a usable framework (see the invariants at the top of
 * this file, and each check's message). Returns ERR_OK, or ERR_INVALID with
 * a Vietnamese message naming the first problem. */
err_code framework_validate(const framework_t *fw, err_t *e);

/* Checks that child, a unit's own framework, is a valid derivation of
 * parent: same scale, groups (by code, kind and maximum), computed parts,
 * bands, rounding and formula parameters; quota no looser; every parent
 * disqualifier kept; applies to no one the parent does not; starts no
 * earlier. The child may split groups into sub-criteria, add deductions and
 * bonus conditions and add disqualifiers. Both are validated first.
 * Returns ERR_OK or ERR_INVALID with a Vietnamese message. */
err_code framework_derive_check(const framework_t *parent, const framework_t *child, err_t *e);

/* 1 when fw applies to a person of category cat (one FRAMEWORK_CAT_ bit)
 * and leader flag on day; else 0. */
int framework_applies(const framework_t *fw, unsigned cat, int is_leader, int32_t day);

/* Returns the index of the framework in fws[0..n) that applies to the
 * person on day (the one in force most recently, the first on a tie), or
 * -1 if none does. fws is borrowed. */
long framework_select(const framework_t *const *fws, size_t n, unsigned cat, int is_leader,
                      int32_t day);

/* Finds criterion code; on success stores its group and criterion indices
 * (either pointer may be NULL) and returns a borrowed pointer, else NULL. */
const framework_criterion_t *framework_find_criterion(const framework_t *fw, const char *code,
                                                      size_t *gi, size_t *ci);

/* The maximum of all base groups together (centipoints). */
int32_t framework_base_max(const framework_t *fw);

/* The maximum of all bonus groups together (centipoints). */
int32_t framework_bonus_max(const framework_t *fw);

/* Machine name and Vietnamese label of a kind (static strings; "?" when
 * out of range), and the reverse look-up (-1 when unknown). */
const char *framework_kind_name(framework_kind k);
const char *framework_kind_label(framework_kind k);
int framework_kind_from_name(const char *name);
/* 1 when a criterion of kind k adds to its group, 0 when it subtracts. */
int framework_kind_positive(framework_kind k);
/* 1 when a criterion of kind k is computed by core, not scored by people. */
int framework_kind_computed(framework_kind k);

/* Writes points cp as Vietnamese text ("89,99", "-5", "100") into out
 * (size n ≥ 16) and returns out. */
char *framework_fmt_points(int32_t cp, char *out, size_t n);

/* Writes a per-mille rate as a percentage ("30", "37,5") into out (n ≥ 16)
 * and returns out. */
char *framework_fmt_permille(int32_t permille, char *out, size_t n);

#endif
