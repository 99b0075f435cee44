/*
 * people: personnel records (Mẫu 2C-BNV/2008 subset) and the posts people
 * hold (assignments: the primary post, concurrent posts, secondments).
 *
 * The record's fields are one table (PERSON_FIELDS): the import, the
 * validators, the database columns and the display all come from it, so a
 * field is added in one place. Values travel as text in canonical form:
 * dates ISO, enumerations as vocab codes, the salary coefficient in
 * hundredths ("234" for 2,34).
 */
#ifndef CANBO_PEOPLE_H
#define CANBO_PEOPLE_H

#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/vocab.h"

/* Field kinds: how a raw value is checked and normalised. */
typedef enum pf_kind {
	PFK_CODE,  /* identifier: letters, digits, . _ - / */
	PFK_NAME,  /* a person's full name */
	PFK_TEXT,  /* free text, at most 200 characters */
	PFK_DATE,  /* dd/mm/yyyy → ISO */
	PFK_VOCAB, /* one of a closed list (vocab) */
	PFK_RANK,  /* rank code NN.NNN or V.NN.NN.NN */
	PFK_STEP,  /* salary step 1..20 */
	PFK_COEF,  /* salary coefficient 1,00..20,00 → hundredths */
} pf_kind;

/* X(enum, database column, Vietnamese label, kind, vocab list or -1) */
#define PERSON_FIELDS(X)                                                                \
	X(PF_CODE, "code", "Mã", PFK_CODE, -1)                                          \
	X(PF_FULL_NAME, "full_name", "Họ và tên", PFK_NAME, -1)                         \
	X(PF_OTHER_NAME, "other_name", "Tên gọi khác", PFK_TEXT, -1)                    \
	X(PF_BIRTH_DATE, "birth_date", "Ngày sinh", PFK_DATE, -1)                       \
	X(PF_GENDER, "gender", "Giới tính", PFK_VOCAB, VOCAB_GENDER)                    \
	X(PF_ETHNICITY, "ethnicity", "Dân tộc", PFK_TEXT, -1)                           \
	X(PF_RELIGION, "religion", "Tôn giáo", PFK_TEXT, -1)                            \
	X(PF_BIRTH_PLACE, "birth_place", "Nơi sinh", PFK_TEXT, -1)                      \
	X(PF_HOME_TOWN, "home_town", "Quê quán", PFK_TEXT, -1)                          \
	X(PF_CATEGORY, "category", "Phân loại", PFK_VOCAB, VOCAB_CATEGORY)              \
	X(PF_RANK_NAME, "rank_name", "Ngạch", PFK_TEXT, -1)                             \
	X(PF_RANK_CODE, "rank_code", "Mã ngạch", PFK_RANK, -1)                          \
	X(PF_SALARY_STEP, "salary_step", "Bậc lương", PFK_STEP, -1)                     \
	X(PF_SALARY_COEF, "salary_coef", "Hệ số lương", PFK_COEF, -1)                   \
	X(PF_SALARY_FROM, "salary_from", "Ngày hưởng lương", PFK_DATE, -1)              \
	X(PF_DEGREE, "degree", "Trình độ chuyên môn", PFK_VOCAB, VOCAB_DEGREE)          \
	X(PF_MAJOR, "major", "Chuyên ngành", PFK_TEXT, -1)                              \
	X(PF_LLCT, "llct", "Lý luận chính trị", PFK_VOCAB, VOCAB_LLCT)                  \
	X(PF_QLNN, "qlnn", "Quản lý nhà nước", PFK_VOCAB, VOCAB_QLNN)                   \
	X(PF_IT_LEVEL, "it_level", "Tin học", PFK_TEXT, -1)                             \
	X(PF_LANGUAGE, "language", "Ngoại ngữ", PFK_TEXT, -1)                           \
	X(PF_PARTY_JOINED, "party_joined", "Ngày vào Đảng", PFK_DATE, -1)               \
	X(PF_PARTY_OFFICIAL, "party_official", "Ngày chính thức", PFK_DATE, -1)         \
	X(PF_STATUS, "status", "Trạng thái", PFK_VOCAB, VOCAB_STATUS)                   \
	X(PF_STATUS_FROM, "status_from", "Ngày trạng thái", PFK_DATE, -1)

typedef enum person_field {
#define X(e, col, label, kind, voc) e,
	PERSON_FIELDS(X)
#undef X
	PF__MAX
} person_field;

/* The primary post given with a record (import): unit and position. */
typedef struct post_rec {
	const char *unit_code;
	const char *position;
	int is_leader;            /* -1 = infer from the position title */
	const char *leader_level; /* "head", "deputy" or NULL */
	const char *from;         /* ISO; NULL = the as-of date */
	const char *decision_no;
} post_rec_t;

/* A record to write. v[f] NULL means "not given": an existing value is
 * kept. has[f] set with v[f] NULL means "given empty": the value is
 * cleared. Values must already be normalised (people_normalise). */
typedef struct person_rec {
	const char *v[PF__MAX];
	unsigned char has[PF__MAX];
	int has_post;
	post_rec_t post;
} person_rec_t;

/* Column metadata from the table. */
const char *people_field_label(person_field f);
const char *people_field_column(person_field f);
pf_kind people_field_kind(person_field f);
int people_field_vocab(person_field f);

/* Checks and normalises one raw value for field f. Returns 0 with *out set
 * (new; NULL for an empty value), or ERR_INVALID with a Vietnamese reason in
 * e (without the field's name: the caller adds context). */
int people_normalise(person_field f, const char *raw, char **out, err_t *e);

/* The same check without allocating, for the importer's millions of
 * cells: *out is set to raw itself, to a static vocabulary code, or to tmp
 * (dates, salary figures), and is NULL for an empty value. raw and tmp are
 * borrowed and must outlive *out. */
#define PEOPLE_NORM_TMP 16
int people_normalise_view(person_field f, const char *raw, char tmp[PEOPLE_NORM_TMP],
			  const char **out, err_t *e);

/* Creates or updates the person with rec's code inside the caller's
 * transaction; a changed primary post closes the old one on as_of (ISO) and
 * opens the new one. *outcome: 0 unchanged, 1 created, 2 updated. No audit:
 * the caller audits. */
int people_put(app_ctx_t *c, const person_rec_t *rec, const char *as_of, int *outcome, err_t *e);

/* people_batch: people_put() for a stream of records (the importer), with
 * the same result row for row. A record whose code is not in the database
 * is checked at once — the checks and messages of people_put() — and then
 * waits, with its primary post, until PEOPLE_BATCH records are waiting;
 * they are written by two multi-row INSERTs with the ids, name keys,
 * folds, leader inference and defaults people_put() would give them, one
 * after another. Any other record first writes the waiting ones, then goes
 * through people_put(), so the order of writes (and so every id) is that
 * of the calls. Use one batch inside one transaction, and flush before
 * committing. */
#define PEOPLE_BATCH 24
typedef struct people_batch people_batch_t;

/* A new batch writer for c's connection (borrowed). as_of (ISO, borrowed,
 * may be NULL as for people_put()) must outlive it. rows: PEOPLE_BATCH, or
 * 1 to send every record through people_put() at once (the row-by-row
 * path, kept to compare against). One batch at a time per connection: it
 * holds the connection's multi-row statements. */
people_batch_t *people_batch_new(app_ctx_t *c, const char *as_of, int rows);

/* Writes rec (borrowed: copied when it has to wait) or queues it. tag is
 * the caller's name for the record (the importer: its line). Returns 0, or
 * an err_code with e filled: the error belongs to the record
 * people_batch_failed() names — this one, or one that was waiting. An
 * error is the end of the batch's work: the caller rolls the transaction
 * back (part of what was waiting may be written) and frees the batch. */
int people_batch_put(people_batch_t *b, const person_rec_t *rec, long tag, err_t *e);

/* Writes every waiting record; 0 or an err_code as people_batch_put(). */
int people_batch_flush(people_batch_t *b, err_t *e);

/* After an error: the code (borrowed, "" if none) and *tag of the record
 * it belongs to. */
const char *people_batch_failed(const people_batch_t *b, long *tag);

/* Records written so far by outcome, as people_put() counts them. */
void people_batch_counts(const people_batch_t *b, long *created, long *updated,
			 long *unchanged);

/* Frees b (NULL is fine); records still waiting are dropped. */
void people_batch_free(people_batch_t *b);

/* A person as listed. */
typedef struct person_row {
	int64_t id;
	char *code, *full_name, *birth_date, *gender, *category, *rank_code;
	char *unit_code, *unit_name, *position;
	int is_leader;
} person_row_t;

typedef struct person_list {
	person_row_t *v;
	size_t n, cap;
	int64_t total; /* matches before limit/offset */
} person_list_t;

void person_list_free(person_list_t *l);

typedef struct people_query {
	const char *text;      /* search without diacritics (name or code); NULL = all */
	const char *unit_code; /* people whose primary post is in this unit… */
	int subtree;           /* …or anywhere under it */
	const char *category;  /* vocab code or NULL */
	int64_t limit;         /* 0 = no limit */
	int64_t offset;
} people_query_t;

/* People matching q, in Vietnamese name order (given name, middle name,
 * surname). */
int people_list(app_ctx_t *c, const people_query_t *q, person_list_t *out, err_t *e);

/* A post as read back. */
typedef struct assignment_row {
	int64_t id;
	char *unit_code, *unit_name, *kind, *position, *leader_level, *from, *to, *decision_no;
	int is_leader;
} assignment_row_t;

/* A whole record with its posts, oldest first. */
typedef struct person_full {
	int64_t id;
	char *v[PF__MAX];
	char *created_at, *updated_at;
	assignment_row_t *posts;
	size_t nposts, cap;
} person_full_t;

void person_full_free(person_full_t *p);
int people_get(app_ctx_t *c, const char *code, person_full_t *out, err_t *e);

/* Input for a new post. */
typedef struct assign_rec {
	const char *person_code;
	const char *unit_code;
	const char *kind; /* vocab VOCAB_ASSIGNMENT code */
	const char *position;
	int is_leader; /* -1 = infer */
	const char *from, *to, *decision_no;
} assign_rec_t;

/* Records a post (own transaction). A new primary post closes the open one
 * on its start date. */
int people_assign(app_ctx_t *c, const assign_rec_t *a, err_t *e);
/* Ends an open post of kind at unit on date (own transaction). */
int people_end_post(app_ctx_t *c, const char *person_code, const char *unit_code, const char *date,
		    err_t *e);
/* Sets a person's status from a date (own transaction). */
int people_set_status(app_ctx_t *c, const char *code, const char *status, const char *from,
		      err_t *e);

#endif
