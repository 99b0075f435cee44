/*
 * vocab: the closed lists of the domain (categories, unit kinds, sectors,
 * statuses, qualification ladders, ...), each a table of
 * {code stored in the database, Vietnamese label, accepted spellings}.
 *
 * Input is matched after folding (no diacritics, lower case, đ → d), so
 * "Công chức", "cong chuc", "CC" and "CÔNG CHỨC" all give "CC".
 */
#ifndef CANBO_VOCAB_H
#define CANBO_VOCAB_H

/* X(enum, name used in messages) */
#define VOCAB_KINDS(X)                                                         \
	X(VOCAB_CATEGORY, "phân loại")                                         \
	X(VOCAB_GENDER, "giới tính")                                           \
	X(VOCAB_UNIT_KIND, "loại đơn vị")                                      \
	X(VOCAB_SECTOR, "khối")                                                \
	X(VOCAB_STATUS, "trạng thái")                                          \
	X(VOCAB_DEGREE, "trình độ chuyên môn")                                 \
	X(VOCAB_LLCT, "lý luận chính trị")                                     \
	X(VOCAB_QLNN, "quản lý nhà nước")                                      \
	X(VOCAB_ASSIGNMENT, "loại chức vụ")                                    \
	X(VOCAB_LEADER_LEVEL, "cấp lãnh đạo")                                  \
	X(VOCAB_YESNO, "có/không")

typedef enum vocab_kind {
#define X(e, name) e,
	VOCAB_KINDS(X)
#undef X
	VOCAB__MAX
} vocab_kind;

typedef struct vocab_entry {
	const char *code;    /* stored value */
	const char *label;   /* Vietnamese label for people */
	const char *aliases; /* folded spellings, '|'-separated */
} vocab_entry_t;

/* Finds the code for input (any case, with or without diacritics). Returns
 * the stored code (static) or NULL when input matches nothing. */
const char *vocab_parse(vocab_kind k, const char *input);
/* The Vietnamese label for a stored code (static), or code itself when it is
 * unknown, or "" for NULL. */
const char *vocab_label(vocab_kind k, const char *code);
/* The field's name for messages ("phân loại", ...). */
const char *vocab_name(vocab_kind k);
/* The entries of a list, terminated by a {NULL} row. */
const vocab_entry_t *vocab_entries(vocab_kind k);
/* Writes "A, B, C" (the labels of a list) into out. */
void vocab_choices(vocab_kind k, char *out, unsigned cap);

/* Rank (ngạch) codes: civil-servant ranks "NN.NNN" (01.003 chuyên viên…)
 * and public-employee titles "V.NN.NN.NN". Returns 1 if code has a valid
 * shape. */
int vocab_rank_code_valid(const char *code);
/* Repairs a civil-servant rank code that a spreadsheet stored as a number
 * ("1.003" for 01.003, "6.03" for 06.030): writes the code into out[16]
 * and returns 1, or returns 0 when in is not such a number. */
int vocab_rank_code_repair(const char *in, char out[16]);
/* Known rank name for a code, or NULL. */
const char *vocab_rank_name(const char *code);

/* 1 when a position title names a leader or manager post (Trưởng/Phó
 * phòng, Chủ tịch, Giám đốc, Bí thư, Chánh văn phòng …); *level gets
 * "head" or "deputy". */
int vocab_position_is_leader(const char *position, const char **level);

#endif
