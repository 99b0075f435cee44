/*
 * text: UTF-8 checking, cleaning, folding, name parts and Vietnamese
 * collation. See text.h.
 *
 * The UTF-8 decoder here is the single definition of "valid" for the whole
 * module (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF);
 * utf8proc is only given input that already passed it. Folding runs for
 * millions of names in the data generator, so text_fold_into() maps ASCII
 * and the Vietnamese letters with tables, stages output in a stack buffer
 * and never allocates; other code points go through
 * utf8proc_decompose_char() one at a time, which is enough because marks
 * are dropped (no reordering is needed).
 *
 * The collator owns its UTF-16 and sort-key scratch buffers, so building a
 * key allocates only when a longer string than ever before arrives, and a
 * table of the keys of name parts it has seen, so that text_name_key() for
 * a whole workforce asks ICU once per distinct surname, middle or given
 * name. Cleaning copies runs of precomposed Latin letters (all of
 * Vietnamese) as they are, since NFC cannot change them; only text with
 * combining marks or other scripts goes through utf8proc.
 */
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucol.h>
#include <unicode/ustring.h>
#include <unicode/utypes.h>
#include <utf8proc.h>

#include "xalloc.h"

/* Inputs above this are refused before anything is allocated. */
#define TEXT_MAX_INPUT ((size_t)256 << 20)

/* utf8proc options: canonical composition (NFC), and the search-key fold
 * (compatibility decomposition, marks stripped, case folded, default
 * ignorables such as U+200B and U+00AD dropped). */
#define NFC_OPTS (UTF8PROC_COMPOSE | UTF8PROC_STABLE)
#define FOLD_OPTS                                                                                  \
	(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD |           \
	 UTF8PROC_IGNORE)

/* Decodes one code point from p, which holds at least n >= 1 bytes (or is
 * NUL-terminated: each byte is checked before the next is read). Returns
 * the code point and sets *len, or -1 for an ill-formed sequence. */
static int32_t utf8_decode(const unsigned char *p, size_t n, size_t *len)
{
	unsigned c = p[0];

	if (c < 0x80) {
		*len = 1;
		return (int32_t)c;
	}
	if (c < 0xC2) /* continuation byte, or overlong 2-byte lead */
		return -1;
	if (c < 0xE0) {
		if (n < 2 || (p[1] & 0xC0) != 0x80)
			return -1;
		*len = 2;
		return (int32_t)(((c & 0x1F) << 6) | (p[1] & 0x3F));
	}
	if (c < 0xF0) {
		if (n < 2 || (p[1] & 0xC0) != 0x80)
			return -1;
		if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0))
			return -1; /* overlong, or a surrogate */
		if (n < 3 || (p[2] & 0xC0) != 0x80)
			return -1;
		*len = 3;
		return (int32_t)(((c & 0x0F) << 12) | ((unsigned)(p[1] & 0x3F) << 6) |
		                 (p[2] & 0x3F));
	}
	if (c < 0xF5) {
		if (n < 2 || (p[1] & 0xC0) != 0x80)
			return -1;
		if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
			return -1; /* overlong, or above U+10FFFF */
		if (n < 3 || (p[2] & 0xC0) != 0x80)
			return -1;
		if (n < 4 || (p[3] & 0xC0) != 0x80)
			return -1;
		*len = 4;
		return (int32_t)(((c & 0x07) << 18) | ((unsigned)(p[1] & 0x3F) << 12) |
		                 ((unsigned)(p[2] & 0x3F) << 6) | (p[3] & 0x3F));
	}
	return -1;
}

/* Writes cp as UTF-8 to o (room for 4 bytes); returns the byte count. */
static size_t utf8_encode(int32_t cp, char *o)
{
	uint32_t u = (uint32_t)cp;

	if (u < 0x80) {
		o[0] = (char)u;
		return 1;
	}
	if (u < 0x800) {
		o[0] = (char)(0xC0 | (u >> 6));
		o[1] = (char)(0x80 | (u & 0x3F));
		return 2;
	}
	if (u < 0x10000) {
		o[0] = (char)(0xE0 | (u >> 12));
		o[1] = (char)(0x80 | ((u >> 6) & 0x3F));
		o[2] = (char)(0x80 | (u & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (u >> 18));
	o[1] = (char)(0x80 | ((u >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((u >> 6) & 0x3F));
	o[3] = (char)(0x80 | (u & 0x3F));
	return 4;
}

/* Whitespace that cleaning trims and collapses: ASCII space and tab (and
 * the line breaks, which only folding ever sees), NEL, NBSP and the Unicode
 * space separators (Zs) and line/paragraph separators. */
static int is_space(int32_t cp)
{
	if (cp < 0x80)
		return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
	return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* Control characters refused by text_clean(): C0 except tab, DEL, C1. */
static int is_control(int32_t cp)
{
	return (cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F);
}

/* True when the 8 bytes of w are all ASCII and none is NUL. */
static int word_plain_ascii(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;

	return (w & highs) == 0 && ((w - ones) & ~w & highs) == 0;
}

int text_utf8_check(const char *s, size_t n, size_t *bad_offset)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;

	while (i < n) {
		if (n - i >= 8) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			if (word_plain_ascii(w)) {
				i += 8;
				continue;
			}
		}
		if (p[i] == 0 || utf8_decode(p + i, n - i, &len) < 0) {
			if (bad_offset)
				*bad_offset = i;
			return -1;
		}
		i += len;
	}
	return 0;
}

/* Sets e for an input that failed text_utf8_check() at offset bad. */
static void report_bad(const char *s, size_t bad, err_t *e)
{
	if (s[bad] == '\0')
		err_set(e, ERR_INVALID,
		        "Dữ liệu chứa ký tự điều khiển không được phép (U+0000 ở byte thứ %zu)",
		        bad + 1);
	else
		err_set(e, ERR_INVALID, "Dữ liệu không phải UTF-8 hợp lệ (byte thứ %zu)", bad + 1);
}

/* Output staging shared by cleaning and folding: code points are encoded
 * into a stack buffer that is flushed to out when full and at the end.
 * With collapse set, whitespace becomes at most one pending space, written
 * only before the next visible character (so it is also trimmed). */
typedef struct emit {
	buf_t *out;
	size_t t;
	int collapse, any, pending;
	char tmp[256];
} emit_t;

static void emit_init(emit_t *m, buf_t *out, int collapse)
{
	m->out = out;
	m->t = 0;
	m->collapse = collapse;
	m->any = m->pending = 0;
}

static void emit_flush(emit_t *m)
{
	if (m->t)
		buf_add(m->out, m->tmp, m->t);
	m->t = 0;
}

static void emit_cp(emit_t *m, int32_t cp)
{
	if (m->collapse) {
		if (is_space(cp)) {
			m->pending = m->any;
			return;
		}
		if (m->t + 5 > sizeof m->tmp)
			emit_flush(m);
		if (m->pending)
			m->tmp[m->t++] = ' ';
		m->pending = 0;
		m->any = 1;
	} else if (m->t + 4 > sizeof m->tmp) {
		emit_flush(m);
	}
	if (cp < 0x80)
		m->tmp[m->t++] = (char)cp;
	else
		m->t += utf8_encode(cp, m->tmp + m->t);
}

/* Emits the NFC form of the n bytes at p (valid UTF-8). */
static int emit_nfc(emit_t *m, const unsigned char *p, size_t n)
{
	utf8proc_int32_t stack[64], *cps = stack;
	utf8proc_ssize_t cnt;

	cnt = utf8proc_decompose(p, (utf8proc_ssize_t)n, cps, 64, NFC_OPTS);
	if (cnt > 64) {
		cps = xmalloc((size_t)cnt * sizeof *cps);
		if (utf8proc_decompose(p, (utf8proc_ssize_t)n, cps, cnt, NFC_OPTS) != cnt)
			cnt = -1;
	}
	if (cnt >= 0)
		cnt = utf8proc_normalize_utf32(cps, cnt, NFC_OPTS);
	for (utf8proc_ssize_t k = 0; k < cnt; k++)
		emit_cp(m, cps[k]);
	if (cps != stack)
		free(cps);
	return cnt < 0 ? -1 : 0;
}

/* Code points that NFC leaves as they are wherever they stand: the Latin
 * letters and symbols of U+00A0..U+024F and U+1E00..U+1EFF (every
 * precomposed Vietnamese letter is there). Each has NFC_Quick_Check=Yes and
 * combining class 0, so it never composes with what comes before it and
 * nothing is reordered around it (UAX #15, quick check): a run of them,
 * with the ASCII character before it, is already NFC and is copied without
 * asking utf8proc. tests/unit/test_import.c checks both ranges against
 * utf8proc. */
static int nfc_inert(int32_t cp)
{
	return (cp >= 0xA0 && cp <= 0x24F) || (cp >= 0x1E00 && cp <= 0x1EFF);
}

/* Emits len bytes of text that hold no whitespace (for collapsing): a
 * pending space first, then the bytes as they are. */
static void emit_text(emit_t *m, const unsigned char *s, size_t len)
{
	if (!len)
		return;
	if (m->collapse) {
		if (m->pending) {
			if (m->t + 1 > sizeof m->tmp)
				emit_flush(m);
			m->tmp[m->t++] = ' ';
			m->pending = 0;
		}
		m->any = 1;
	}
	if (m->t + len > sizeof m->tmp) {
		emit_flush(m);
		if (len > sizeof m->tmp) {
			buf_add(m->out, s, len);
			return;
		}
	}
	memcpy(m->tmp + m->t, s, len);
	m->t += len;
}

/* Emits the segment p[0..n) (valid UTF-8: at most one ASCII character, then
 * non-ASCII ones) in NFC: copied when every code point is NFC-inert,
 * through utf8proc otherwise. */
static int emit_segment(emit_t *m, const unsigned char *p, size_t n)
{
	size_t first = p[0] < 0x80, k, len;
	int spaces = 0;

	for (k = first; k < n; k += len) {
		int32_t cp = utf8_decode(p + k, n - k, &len);
		if (cp < 0 || !nfc_inert(cp))
			return emit_nfc(m, p, n);
		spaces |= is_space(cp);
	}
	if (first)
		emit_cp(m, p[0]);
	if (!spaces) {
		emit_text(m, p + first, n - first);
		return 0;
	}
	for (k = first; k < n; k += len) /* U+00A0 among them: collapse it */
		emit_cp(m, utf8_decode(p + k, n - k, &len));
	return 0;
}

/* The shared body of text_clean_into() (clean = 1) and text_nfc()
 * (clean = 0): appends the result to out, or appends nothing and fails.
 *
 * NFC works segment by segment: every ASCII character starts a new segment
 * (ASCII is NFC, has combining class 0 and never composes with what comes
 * before it, so normalisation never crosses it), and only segments holding
 * non-ASCII bytes, with the ASCII character before them that a following
 * mark may compose with, go through utf8proc — unless every code point in
 * them is NFC-inert (nfc_inert()). */
static int normalise(const char *s, size_t n, int clean, buf_t *out, err_t *e)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t bad, i, j, start = out->len;
	emit_t m;

	if (n > TEXT_MAX_INPUT)
		return err_set(e, ERR_TOO_LARGE, "Dữ liệu quá lớn (%zu byte, tối đa %zu byte)", n,
		               TEXT_MAX_INPUT);
	if (text_utf8_check(s, n, &bad)) {
		report_bad(s, bad, e);
		return ERR_INVALID;
	}
	/* The input is valid UTF-8, so C1 controls are exactly C2 80..C2 9F. */
	for (i = 0; clean && i < n; i++) {
		int32_t cp = p[i];
		if (cp >= 0x80) {
			if (cp != 0xC2 || p[i + 1] >= 0xA0)
				continue;
			cp = p[i + 1];
		}
		if (is_control(cp))
			return err_set(
			    e, ERR_INVALID,
			    "Dữ liệu chứa ký tự điều khiển không được phép (U+%04X ở byte thứ %zu)",
			    (unsigned)cp, i + 1);
	}
	if (out->err)
		return err_set(e, ERR_TOO_LARGE, "Dữ liệu quá lớn sau khi chuẩn hoá");

	emit_init(&m, out, clean);
	for (i = 0; i < n; i = j) {
		if (p[i] < 0x80 && (i + 1 == n || p[i + 1] < 0x80)) {
			/* ASCII that no mark follows: whitespace one by one, the
			 * rest in runs */
			if (clean && is_space(p[i])) {
				emit_cp(&m, p[i]);
				j = i + 1;
				continue;
			}
			for (j = i + 1; j < n && p[j] < 0x80 && !(clean && is_space(p[j])) &&
			                (j + 1 == n || p[j + 1] < 0x80);
			     j++)
				;
			emit_text(&m, p + i, j - i);
			continue;
		}
		for (j = i + (p[i] < 0x80); j < n && p[j] >= 0x80; j++)
			;
		if (emit_segment(&m, p + i, j - i)) {
			out->len = start;
			if (out->p)
				out->p[start] = '\0';
			return err_set(e, ERR_INTERNAL, "Lỗi nội bộ khi chuẩn hoá Unicode (NFC)");
		}
	}
	emit_flush(&m);
	if (out->err) {
		/* out reached its maximum (err stays set): take back the rest */
		out->len = start;
		if (out->p)
			out->p[start] = '\0';
		return err_set(e, ERR_TOO_LARGE, "Dữ liệu quá lớn sau khi chuẩn hoá");
	}
	return 0;
}

/* text_clean_into() for the text nearly every cell holds: printable ASCII,
 * spaces and tabs, and the NFC-inert letters (as 2-byte sequences C3..C9
 * or C2 A0..BF, and 3-byte E1 B8..BB, which hold U+00A0..U+024F and
 * U+1E00..U+1EFF), where cleaning is only trimming and collapsing spaces
 * (NFC changes nothing, and nothing is a control character). The text is
 * copied to out once and compacted there (the result is never longer).
 * Returns 0, or 1 (nothing appended) when anything else is met:
 * normalise() then does the whole work. */
static int clean_plain(const unsigned char *p, size_t n, buf_t *out)
{
	size_t start = out->len, i = 0, w = 0;
	int pending = 0, any = 0;
	unsigned char *o;

	if (buf_add(out, p, n))
		goto slow;
	/* reads at i, writes at w <= i: a run of text moves only after
	 * leading or repeated spaces were dropped */
	o = (unsigned char *)out->p + start;
	while (i < n) {
		size_t r = i;
		while (i < n) {
			unsigned c = o[i];
			if (c > 0x20 && c < 0x7F)
				i++;
			else if (c >= 0xC2 && c <= 0xC9 && i + 1 < n && (o[i + 1] & 0xC0) == 0x80 &&
			         (c != 0xC2 || o[i + 1] > 0xA0))
				i += 2; /* U+00A1..U+024F */
			else if (c == 0xE1 && i + 2 < n && o[i + 1] >= 0xB8 && o[i + 1] <= 0xBB &&
			         (o[i + 2] & 0xC0) == 0x80)
				i += 3; /* U+1E00..U+1EFF */
			else
				break;
		}
		if (i > r) {
			if (pending)
				o[w++] = ' ';
			pending = 0;
			any = 1;
			if (w != r)
				memmove(o + w, o + r, i - r);
			w += i - r;
		}
		if (i == n)
			break;
		if (o[i] == ' ' || o[i] == '\t') {
			pending = any;
			i++;
		} else if (o[i] == 0xC2 && i + 1 < n && o[i + 1] == 0xA0) { /* no-break space */
			pending = any;
			i += 2;
		} else {
			goto slow; /* controls, marks, other scripts, bad UTF-8 */
		}
	}
	out->len = start + w;
	out->p[out->len] = '\0';
	return 0;
slow:
	out->len = start;
	if (out->p)
		out->p[start] = '\0';
	return 1;
}

int text_clean_into(const char *s, size_t n, buf_t *out, err_t *e)
{
	if (n <= TEXT_MAX_INPUT && !out->err && !clean_plain((const unsigned char *)s, n, out))
		return 0;
	return normalise(s, n, 1, out, e) ? -1 : 0;
}

/* text_clean() (clean = 1) and text_nfc() (clean = 0): the result in a new
 * string. */
static char *normalise_new(const char *s, size_t n, int clean, err_t *e)
{
	buf_t out;
	int r;

	/* NFC can lengthen text (at most threefold in UTF-8). */
	buf_init(&out, n > TEXT_MAX_INPUT ? 16 : 3 * n + 16);
	r = clean ? text_clean_into(s, n, &out, e) : normalise(s, n, 0, &out, e);
	if (r) {
		buf_free(&out);
		return NULL;
	}
	return buf_take(&out);
}

char *text_clean(const char *s, size_t n, err_t *e)
{
	return normalise_new(s, n, 1, e);
}

char *text_nfc(const char *s, size_t n, err_t *e)
{
	return normalise_new(s, n, 0, e);
}

/* ASCII part of the fold: lower-case letters, everything at or below the
 * space and DEL become ' ' (whitespace), the rest is itself. */
/* clang-format off */
static const unsigned char fold_ascii[128] = {
#define S ' '
	S,   S,   S,   S,   S,   S,   S,   S,   S,   S,   S,   S,   S,   S,   S,   S,
	S,   S,   S,   S,   S,   S,   S,   S,   S,   S,   S,   S,   S,   S,   S,   S,
	S,   '!', '"', '#', '$', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
	'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
	'@', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
	'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', '[', '\\', ']', '^', '_',
	'`', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
	'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', '{', '|', '}', '~', S,
#undef S
};
/* clang-format on */

/* The fold of the Latin letters Vietnamese uses, precomputed: U+00C0..
 * U+024F and U+1E00..U+1EFF (Latin Extended Additional holds ạ ả ấ … ỹ) to
 * the one ASCII letter utf8proc folds them to with FOLD_OPTS, with đ Đ and
 * the Icelandic ð Ð that legacy encodings produce for them mapped to 'd'
 * (utf8proc keeps the stroke: they have no decomposition). 0 means "not a
 * single letter: ask utf8proc". Generated once from utf8proc 2.8;
 * tests/unit/test_text.c checks every entry against utf8proc itself. */
/* clang-format off */
static const char fold_latin[0x190] = {
	'a', 'a', 'a', 'a', 'a', 'a', 0,   'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i', /* U+00C0 */
	'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,   0,   'u', 'u', 'u', 'u', 'y', 0,   0, /* U+00D0 */
	'a', 'a', 'a', 'a', 'a', 'a', 0,   'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i', /* U+00E0 */
	'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,   0,   'u', 'u', 'u', 'u', 'y', 0,   'y', /* U+00F0 */
	'a', 'a', 'a', 'a', 'a', 'a', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'd', 'd', /* U+0100 */
	'd', 'd', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'g', 'g', 'g', 'g', /* U+0110 */
	'g', 'g', 'g', 'g', 'h', 'h', 0,   0,   'i', 'i', 'i', 'i', 'i', 'i', 'i', 'i', /* U+0120 */
	'i', 0,   0,   0,   'j', 'j', 'k', 'k', 0,   'l', 'l', 'l', 'l', 'l', 'l', 0, /* U+0130 */
	0,   0,   0,   'n', 'n', 'n', 'n', 'n', 'n', 0,   0,   0,   'o', 'o', 'o', 'o', /* U+0140 */
	'o', 'o', 0,   0,   'r', 'r', 'r', 'r', 'r', 'r', 's', 's', 's', 's', 's', 's', /* U+0150 */
	's', 's', 't', 't', 't', 't', 0,   0,   'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', /* U+0160 */
	'u', 'u', 'u', 'u', 'w', 'w', 'y', 'y', 'y', 'z', 'z', 'z', 'z', 'z', 'z', 's', /* U+0170 */
	0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0, /* U+0180 */
	0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0, /* U+0190 */
	'o', 'o', 0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   'u', /* U+01A0 */
	'u', 0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0, /* U+01B0 */
	0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   'a', 'a', 'i', /* U+01C0 */
	'i', 'o', 'o', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 0,   'a', 'a', /* U+01D0 */
	'a', 'a', 0,   0,   0,   0,   'g', 'g', 'k', 'k', 'o', 'o', 'o', 'o', 0,   0, /* U+01E0 */
	'j', 0,   0,   0,   'g', 'g', 0,   0,   'n', 'n', 'a', 'a', 0,   0,   0,   0, /* U+01F0 */
	'a', 'a', 'a', 'a', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i', 'o', 'o', 'o', 'o', /* U+0200 */
	'r', 'r', 'r', 'r', 'u', 'u', 'u', 'u', 's', 's', 't', 't', 0,   0,   'h', 'h', /* U+0210 */
	0,   0,   0,   0,   0,   0,   'a', 'a', 'e', 'e', 'o', 'o', 'o', 'o', 'o', 'o', /* U+0220 */
	'o', 'o', 'y', 'y', 0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0, /* U+0230 */
	0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0, /* U+0240 */
};
static const char fold_viet[0x100] = {
	'a', 'a', 'b', 'b', 'b', 'b', 'b', 'b', 'c', 'c', 'd', 'd', 'd', 'd', 'd', 'd', /* U+1E00 */
	'd', 'd', 'd', 'd', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'f', 'f', /* U+1E10 */
	'g', 'g', 'h', 'h', 'h', 'h', 'h', 'h', 'h', 'h', 'h', 'h', 'i', 'i', 'i', 'i', /* U+1E20 */
	'k', 'k', 'k', 'k', 'k', 'k', 'l', 'l', 'l', 'l', 'l', 'l', 'l', 'l', 'm', 'm', /* U+1E30 */
	'm', 'm', 'm', 'm', 'n', 'n', 'n', 'n', 'n', 'n', 'n', 'n', 'o', 'o', 'o', 'o', /* U+1E40 */
	'o', 'o', 'o', 'o', 'p', 'p', 'p', 'p', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', /* U+1E50 */
	's', 's', 's', 's', 's', 's', 's', 's', 's', 's', 't', 't', 't', 't', 't', 't', /* U+1E60 */
	't', 't', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'v', 'v', 'v', 'v', /* U+1E70 */
	'w', 'w', 'w', 'w', 'w', 'w', 'w', 'w', 'w', 'w', 'x', 'x', 'x', 'x', 'y', 'y', /* U+1E80 */
	'z', 'z', 'z', 'z', 'z', 'z', 'h', 't', 'w', 'y', 0,   's', 0,   0,   0,   0, /* U+1E90 */
	'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', /* U+1EA0 */
	'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', /* U+1EB0 */
	'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i', 'o', 'o', 'o', 'o', /* U+1EC0 */
	'o', 'o', 'o', 'o', 'o', 'o', 'o', 'o', 'o', 'o', 'o', 'o', 'o', 'o', 'o', 'o', /* U+1ED0 */
	'o', 'o', 'o', 'o', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', /* U+1EE0 */
	'u', 'u', 'y', 'y', 'y', 'y', 'y', 'y', 'y', 'y', 0,   0,   0,   0,   0,   0, /* U+1EF0 */
};
/* clang-format on */

/* emit_cp() for an ASCII character of the fold tables (collapsing). */
static inline void emit_folded(emit_t *m, unsigned char c)
{
	if (c == ' ') {
		m->pending = m->any;
		return;
	}
	if (m->t + 2 > sizeof m->tmp)
		emit_flush(m);
	if (m->pending)
		m->tmp[m->t++] = ' ';
	m->pending = 0;
	m->any = 1;
	m->tmp[m->t++] = (char)c;
}

void text_fold_into(const char *s, buf_t *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t start = out->len, len;
	emit_t m;

	emit_init(&m, out, 1);
	while (*p) {
		int32_t cp, d[32];
		utf8proc_ssize_t r;
		char c = 0;

		if (*p < 0x80) {
			emit_folded(&m, fold_ascii[*p++]);
			continue;
		}
		cp = utf8_decode(p, 4, &len);
		if (cp < 0) {
			/* Invalid input: take back whatever was appended. */
			out->len = start;
			if (out->p)
				out->p[start] = '\0';
			return;
		}
		p += len;
		if (cp >= 0xC0 && cp <= 0x24F)
			c = fold_latin[cp - 0xC0];
		else if (cp >= 0x1E00 && cp <= 0x1EFF)
			c = fold_viet[cp - 0x1E00];
		if (c) {
			emit_folded(&m, (unsigned char)c);
			continue;
		}
		if (is_space(cp)) {
			m.pending = m.any;
			continue;
		}
		r = utf8proc_decompose_char(cp, d, 32, FOLD_OPTS, NULL);
		if (r < 0 || r > 32)
			continue;
		for (utf8proc_ssize_t k = 0; k < r; k++)
			emit_cp(&m, d[k] < 0x80 ? fold_ascii[d[k]] : d[k]);
	}
	emit_flush(&m);
}

char *text_fold(const char *s)
{
	buf_t b;

	buf_init(&b, 0);
	text_fold_into(s, &b);
	return buf_take(&b);
}

size_t text_utf8_len(const char *s)
{
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80;
	return n;
}

static int is_name_space(char c)
{
	return c == ' ' || c == '\t';
}

void text_name_split(const char *full, text_name_t *out)
{
	const char *p = full, *end = full + strlen(full), *a, *b, *ms, *me;

	while (p < end && is_name_space(*p))
		p++;
	while (end > p && is_name_space(end[-1]))
		end--;
	out->surname = out->middle = out->given = p;
	out->surname_len = out->middle_len = out->given_len = 0;
	if (p == end)
		return;
	for (a = p; a < end && !is_name_space(*a); a++)
		;
	for (b = end; b > p && !is_name_space(b[-1]); b--)
		;
	out->given = b;
	out->given_len = (size_t)(end - b);
	if (b == p) /* a single word */
		return;
	out->surname_len = (size_t)(a - p);
	for (ms = a; ms < b && is_name_space(*ms); ms++)
		;
	for (me = b; me > ms && is_name_space(me[-1]); me--)
		;
	out->middle = ms;
	out->middle_len = (size_t)(me - ms);
}

/* Sort keys of name parts, remembered by the collator (text_name_key()):
 * a workforce has a few thousand distinct surnames, middle and given
 * names, and a key costs ICU far more than a lookup. The table is
 * direct-mapped on the part's bytes: a part whose slot holds another is
 * computed again and takes the slot. Longer parts and keys are never
 * remembered. The key of the same bytes is always the same, so a
 * remembered key is exactly the one ICU would give. */
#define PART_SLOTS 4096 /* a power of two; about 400 KiB once used */
#define PART_TEXT  32
#define PART_KEY   64

typedef struct part_slot {
	unsigned char tlen, klen; /* klen 0: empty */
	char text[PART_TEXT];
	uint8_t key[PART_KEY];
} part_slot_t;

struct text_collator {
	UCollator *coll;
	UChar *u;     /* UTF-16 scratch */
	int32_t ucap; /* in UChars */
	uint8_t *key; /* sort key scratch */
	int32_t kcap;
	part_slot_t *parts; /* PART_SLOTS, allocated on first use */
};

text_collator_t *text_collator_new(err_t *e)
{
	UErrorCode st = U_ZERO_ERROR;
	UCollator *coll = ucol_open("vi", &st);
	text_collator_t *c;

	/* U_USING_DEFAULT_WARNING means the root order: no Vietnamese ă â đ. */
	if (U_FAILURE(st) || st == U_USING_DEFAULT_WARNING) {
		err_set(e, ERR_INTERNAL, "Không mở được bảng so sánh tiếng Việt của ICU (%s)",
		        u_errorName(st));
		if (coll)
			ucol_close(coll);
		return NULL;
	}
	/* NFD input must sort exactly like NFC. */
	st = U_ZERO_ERROR;
	ucol_setAttribute(coll, UCOL_NORMALIZATION_MODE, UCOL_ON, &st);
	if (U_FAILURE(st)) {
		err_set(e, ERR_INTERNAL, "Không cấu hình được bảng so sánh tiếng Việt (%s)",
		        u_errorName(st));
		ucol_close(coll);
		return NULL;
	}
	c = xcalloc(1, sizeof *c);
	c->coll = coll;
	c->ucap = 128;
	c->u = xmalloc((size_t)c->ucap * sizeof *c->u);
	c->kcap = 256;
	c->key = xmalloc((size_t)c->kcap);
	return c;
}

void text_collator_free(text_collator_t *c)
{
	if (!c)
		return;
	ucol_close(c->coll);
	free(c->u);
	free(c->key);
	free(c->parts);
	free(c);
}

int text_sort_key(text_collator_t *c, const char *utf8, size_t n, buf_t *out)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t ulen = 0, klen;

	if (n >= (size_t)INT32_MAX / 2)
		return -1;
	/* UTF-16 never needs more units than UTF-8 has bytes. */
	if ((size_t)c->ucap < n + 1) {
		c->ucap = (int32_t)(n + 1 + n / 2);
		free(c->u);
		c->u = xmalloc((size_t)c->ucap * sizeof *c->u);
	}
	u_strFromUTF8(c->u, c->ucap, &ulen, utf8, (int32_t)n, &st);
	if (U_FAILURE(st))
		return -1;
	klen = ucol_getSortKey(c->coll, c->u, ulen, c->key, c->kcap);
	if (klen <= 0)
		return -1;
	if (klen > c->kcap) {
		c->kcap = klen + klen / 2;
		free(c->key);
		c->key = xmalloc((size_t)c->kcap);
		klen = ucol_getSortKey(c->coll, c->u, ulen, c->key, c->kcap);
		if (klen <= 0 || klen > c->kcap)
			return -1;
	}
	return buf_add(out, c->key, (size_t)klen);
}

/* text_sort_key() of one name part, through the collator's part table. */
static int part_key(text_collator_t *c, const char *s, size_t n, buf_t *out)
{
	uint32_t h = 2166136261u;
	part_slot_t *sl;
	size_t start = out->len;

	if (n > PART_TEXT)
		return text_sort_key(c, s, n, out);
	if (!c->parts)
		c->parts = xcalloc(PART_SLOTS, sizeof *c->parts);
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	sl = &c->parts[h & (PART_SLOTS - 1)];
	if (sl->klen && sl->tlen == n && memcmp(sl->text, s, n) == 0)
		return buf_add(out, sl->key, sl->klen);
	if (text_sort_key(c, s, n, out))
		return -1;
	if (out->len - start <= PART_KEY) {
		sl->tlen = (unsigned char)n;
		memcpy(sl->text, s, n);
		sl->klen = (unsigned char)(out->len - start);
		memcpy(sl->key, out->p + start, sl->klen);
	}
	return 0;
}

int text_name_key(text_collator_t *c, const char *full_name, buf_t *out)
{
	text_name_t nm;

	text_name_split(full_name, &nm);
	if (part_key(c, nm.given, nm.given_len, out) ||
	    part_key(c, nm.middle, nm.middle_len, out) ||
	    part_key(c, nm.surname, nm.surname_len, out))
		return -1;
	return 0;
}

void text_like_pattern(const char *text, buf_t *out)
{
	char *f = text_fold(text);
	buf_putc(out, '%');
	for (const char *p = f; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			buf_putc(out, '\\');
		buf_putc(out, *p);
	}
	buf_putc(out, '%');
	free(f);
}
