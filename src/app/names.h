/*
 * names: realistic Vietnamese personal data, drawn deterministically.
 *
 * A names_t is a small fast random generator (xoshiro256**, seeded through
 * splitmix64) plus the weighted tables of the data it draws: surnames with
 * their real distribution (Nguyễn ≈ 38%, Trần 11%, Lê 9.5% …), middle and
 * given names by gender, ethnicities, home towns, qualifications, rank
 * codes with the salary scale of Decree 204/2004/NĐ-CP, and Party
 * membership. The same seed always gives the same sequence, on every
 * machine. Used by the demo (app/demo.c) and the synthetic-workforce
 * generator (app/gen.c).
 *
 * Name parts are returned as indices into fixed tables so that a caller
 * producing millions of names can cache per-part work (search folds, ICU
 * sort keys) instead of repeating it for every person. All text is NFC
 * UTF-8; enumerated values (degree, LLCT, QLNN) are app/vocab.h codes.
 * Dates are day numbers (lib/date.h).
 */
#ifndef CANBO_NAMES_H
#define CANBO_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* A generator: random state plus the cumulative weights of the tables.
 * Owned by one caller (not thread-safe); free with names_free(). */
typedef struct names names_t;

/* Returns a new generator seeded with seed (never NULL). */
names_t *names_new(uint64_t seed);
/* Frees g (may be NULL). */
void names_free(names_t *g);

/* Raw draws. names_below() is uniform in [0, n) (n > 0); names_chance() is
 * 1 with probability per_mille / 1000. */
uint64_t names_next(names_t *g);
uint32_t names_below(names_t *g, uint32_t n);
int names_chance(names_t *g, unsigned per_mille);
/* Uniform in [lo, hi] (lo <= hi). */
int names_range(names_t *g, int lo, int hi);

/* ---- names ---------------------------------------------------------- */

enum { NAMES_MALE = 0, NAMES_FEMALE = 1 };

/* One person's name as indices into the tables below. */
typedef struct names_name {
	unsigned char female;
	uint16_t surname, middle, given;
} names_name_t;

/* Draws a name for the gender (NAMES_MALE / NAMES_FEMALE). */
void names_pick(names_t *g, int female, names_name_t *out);
/* Writes "Họ Đệm Tên" with a NUL into out (cap bytes; 128 always fits).
 * Returns its length in bytes. */
size_t names_format(const names_name_t *n, char *out, size_t cap);

/* The tables (static strings). Middle names may be two words ("Thị Thu"). */
size_t names_surname_count(void);
const char *names_surname(size_t i);
size_t names_middle_count(int female);
const char *names_middle(int female, size_t i);
size_t names_given_count(int female);
const char *names_given(int female, size_t i);

/* ---- the rest of a personnel record --------------------------------- */

/* A birth date making the person min_age..max_age years old on ref_day,
 * weighted towards the middle of working life. */
int names_birth_date(names_t *g, int ref_day, int min_age, int max_age);
/* Ethnicity (dân tộc): Kinh for most, then Tày, Thái, Mường, Khmer … */
const char *names_ethnicity(names_t *g);
/* Home town (quê quán): one of the 63 provinces before the 2025 merger;
 * local (may be NULL) is chosen half of the time. */
const char *names_home_town(names_t *g, const char *local);

/* Role in the unit, for drawing qualifications and ranks. */
typedef enum names_role {
	NAMES_STAFF,  /* not a leader */
	NAMES_DEPUTY, /* phó: phó trưởng phòng, phó giám đốc … */
	NAMES_HEAD,   /* trưởng phòng, hiệu trưởng, chủ tịch UBND xã … */
	NAMES_TOP,    /* giám đốc sở, chủ tịch/phó chủ tịch UBND tỉnh … */
} names_role;

/* The field a person works in, for the major (chuyên ngành). */
typedef enum names_field {
	NAMES_FIELD_ADMIN,
	NAMES_FIELD_FINANCE,
	NAMES_FIELD_LAW,
	NAMES_FIELD_ECONOMY,
	NAMES_FIELD_CULTURE,
	NAMES_FIELD_AGRI,
	NAMES_FIELD_BUILD,
	NAMES_FIELD_TECH,
	NAMES_FIELD_PARTY,
	NAMES_FIELD_PRESCHOOL,
	NAMES_FIELD_PRIMARY,
	NAMES_FIELD_SECONDARY,
	NAMES_FIELD_HEALTH,  /* doctors */
	NAMES_FIELD_NURSING, /* nurses, midwives, pharmacists */
	NAMES_FIELD__MAX
} names_field;

/* Qualifications: vocab codes (NULL = none) and free text. */
typedef struct names_qual {
	const char *degree; /* VOCAB_DEGREE: trung_cap … tien_si */
	const char *major;
	const char *llct;   /* VOCAB_LLCT, NULL for most young staff */
	const char *qlnn;   /* VOCAB_QLNN */
	const char *it_level;
	const char *language;
} names_qual_t;

/* Draws qualifications for a person of category (vocab code: CB, CC, VC,
 * LDHD) in role and field: higher roles hold higher degrees, and LLCT /
 * QLNN training rise with rank and leadership. min_degree (VOCAB_DEGREE
 * code, NULL for none) is the degree the person's rank requires — see
 * names_rank_t — so a chuyên viên always has a university degree. */
void names_qual(names_t *g, names_role role, const char *category, names_field field,
		const char *min_degree, names_qual_t *out);

/* Rank track (ngạch or chức danh nghề nghiệp family). Draw the rank
 * before the qualifications: the rank sets the minimum degree. */
typedef enum names_track {
	NAMES_TRACK_NONE,       /* LĐHĐ: no rank */
	NAMES_TRACK_CIVIL,      /* 01.001 … 01.005 chuyên viên cao cấp … nhân viên */
	NAMES_TRACK_ACCOUNTANT, /* 06.030 … 06.032 */
	NAMES_TRACK_PRESCHOOL,  /* V.07.02.24 … 26 */
	NAMES_TRACK_PRIMARY,    /* V.07.03.27 … 29 */
	NAMES_TRACK_LOWER_SEC,  /* V.07.04.30 … 32 */
	NAMES_TRACK_UPPER_SEC,  /* V.07.05.13 … 15 */
	NAMES_TRACK_DOCTOR,     /* V.08.01.01 … 03 */
	NAMES_TRACK_NURSE,      /* V.08.05.12, 13 */
} names_track;

/* A rank with the salary step and coefficient it gives at that age. */
typedef struct names_rank {
	const char *code; /* NULL for NAMES_TRACK_NONE */
	const char *name;
	int step;         /* bậc 1.. */
	int coef;         /* hundredths: 234 is 2,34 */
	int salary_from;  /* day number the current step began */
	const char *min_degree; /* the degree the rank requires (VOCAB_DEGREE) */
} names_rank_t;

/* Draws a rank in track for role and age on ref_day: chuyên viên (01.003)
 * for most civil servants, chuyên viên chính (01.002) for most leaders,
 * chuyên viên cao cấp (01.001) rarely; the step follows the years since
 * entering the rank (every 3 years, 2 for group B), and the coefficient
 * the scale of the rank's group (A1: 2,34 + 0,33 a step …). */
void names_rank(names_t *g, names_track track, names_role role, int age, int ref_day,
		names_rank_t *out);

/* Party membership: returns 1 for a member, with the day joined and the
 * day made official (*official = 0 while still probationary); 0 otherwise.
 * Leaders and cadres (CB) almost all are members. */
int names_party(names_t *g, names_role role, const char *category, int birth_day, int ref_day,
		int *joined, int *official);

#endif
