/*
 * text: Vietnamese text at the edge of the system.
 *
 * Everything canbo stores is NFC UTF-8 (DOMAIN.md §7). This module checks
 * UTF-8, cleans user input (NFC, no control characters, whitespace trimmed
 * and collapsed), builds accent-free search keys ("Nguyễn Văn Đức" →
 * "nguyen van duc"), splits a full name into surname / middle / given name,
 * and builds ICU sort keys so that plain memcmp() puts people in Vietnamese
 * order (given name, then middle name, then surname; a ă â b c d đ e ê …).
 *
 * utf8proc and ICU are used only here (STYLE.md: one module per library).
 * Offsets are byte offsets; lengths are in bytes unless said otherwise.
 */
#ifndef CANBO_TEXT_H
#define CANBO_TEXT_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* Checks that the n bytes at s are well-formed UTF-8: no overlong forms, no
 * surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequence
 * and no NUL byte. Returns 0 if valid; otherwise -1 and, when bad_offset is
 * not NULL, the 0-based offset of the first byte of the offending sequence.
 * s is borrowed. */
int text_utf8_check(const char *s, size_t n, size_t *bad_offset);

/* Cleans one line of user input: validates UTF-8, rejects control
 * characters (C0 except tab, DEL, C1), normalises to NFC, trims leading and
 * trailing whitespace (space, tab, U+00A0 and the other Unicode spaces) and
 * collapses each internal whitespace run to one ASCII space. Returns a new
 * NUL-terminated string (caller frees), or NULL with e set to ERR_INVALID
 * (bad UTF-8, control character) or ERR_TOO_LARGE (n above 256 MiB).
 * s is borrowed. */
char *text_clean(const char *s, size_t n, err_t *e);

/* Like text_clean() but appends the cleaned text to out (borrowed; its
 * content stays NUL-terminated) instead of allocating, so a caller cleaning
 * many cells reuses one buffer. Returns 0, or -1 with e set as for
 * text_clean() and nothing appended (ERR_TOO_LARGE also when out reaches
 * its maximum). s is borrowed. */
int text_clean_into(const char *s, size_t n, buf_t *out, err_t *e);

/* Validates UTF-8 and normalises to NFC; nothing else changes (newlines and
 * spacing are kept, for multi-line free text). Returns a new string (caller
 * frees) or NULL with e set as for text_clean(). s is borrowed. */
char *text_nfc(const char *s, size_t n, err_t *e);

/* Returns a new search key for the NUL-terminated s (caller frees): letters
 * without diacritics, lower case (Unicode case folding, compatibility forms
 * unfolded), đ/Đ (and the look-alike ð/Ð) mapped to d, invisible format
 * characters dropped, whitespace runs collapsed to one space and trimmed.
 * "Nguyễn Văn Đức" → "nguyen van duc". Input is assumed valid UTF-8 (as
 * after text_clean()); for invalid input the key is "". s is borrowed. */
char *text_fold(const char *s);

/* Like text_fold() but appends the key to out (borrowed) instead of
 * allocating; ASCII runs take a fast path, and nothing is allocated apart
 * from out growing. For invalid UTF-8 nothing is appended. Errors from out
 * (its maximum reached) are remembered in out->err as usual. */
void text_fold_into(const char *s, buf_t *out);

/* Number of code points in the NUL-terminated UTF-8 string s (borrowed);
 * for field length limits. Input is assumed valid. */
size_t text_utf8_len(const char *s);

/* A Vietnamese full name cut into its parts (họ, tên đệm, tên): views into
 * the string given to text_name_split(), not NUL-terminated. A part that is
 * absent has length 0 (its pointer is never NULL). */
typedef struct text_name {
	const char *surname; /* họ: first word */
	size_t surname_len;
	const char *middle; /* tên đệm: the words between, may be several or none */
	size_t middle_len;
	const char *given; /* tên: last word */
	size_t given_len;
} text_name_t;

/* Splits the NUL-terminated full name (borrowed; the parts point into it)
 * at ASCII spaces and tabs. The surname is the first word, the given name
 * the last, the middle name everything between (inner spacing kept). A
 * single word is a given name only; "" gives three empty parts. */
void text_name_split(const char *full, text_name_t *out);

/* An ICU collator for Vietnamese ("vi", default tertiary strength) with its
 * scratch buffers. One per thread: it is not thread-safe. */
typedef struct text_collator text_collator_t;

/* Opens a new Vietnamese collator (free with text_collator_free()); NULL
 * with e set to ERR_INTERNAL if ICU has no usable "vi" data. */
text_collator_t *text_collator_new(err_t *e);

/* Frees c (may be NULL). */
void text_collator_free(text_collator_t *c);

/* Appends to out (borrowed) the ICU sort key of the n bytes of UTF-8 at
 * utf8 (borrowed), including the key's terminating 0 byte. Keys compare
 * with memcmp() in Vietnamese order. Returns 0, or -1 for invalid UTF-8,
 * input of 1 GiB or more, or out reaching its maximum. */
int text_sort_key(text_collator_t *c, const char *utf8, size_t n, buf_t *out);

/* Appends to out (borrowed) the sort key of a person's full name (borrowed,
 * NUL-terminated, cleaned): the key of the given name, then of the middle
 * name, then of the surname, each with its 0 terminator, so memcmp() of two
 * such keys gives the order of Vietnamese lists of people. Returns 0 or -1
 * as text_sort_key(). The collator remembers the keys of the parts it has
 * seen (a few hundred KiB at most), so keys for a whole workforce cost one
 * ICU call per distinct part; the result is the same as without. */
int text_name_key(text_collator_t *c, const char *full_name, buf_t *out);

/* Appends to out a SQL LIKE pattern that matches the folded form of text
 * anywhere ("%nguyen van%"), with %, _ and \ escaped by \ (use ESCAPE '\'). */
void text_like_pattern(const char *text, buf_t *out);

#endif
