/*
 * xlsxr: streaming .xlsx reader over libzip and expat. See xlsxr.h.
 *
 * Layout of a workbook, as read here (ECMA-376 Part 1, §12):
 *   _rels/.rels                 → the officeDocument part (xl/workbook.xml)
 *   xl/workbook.xml             → <sheet name r:id> in order, <workbookPr date1904>
 *   xl/_rels/workbook.xml.rels  → r:id → worksheet / sharedStrings / styles part
 *   xl/sharedStrings.xml        → <si> strings, loaded once into one buffer
 *   xl/styles.xml               → <numFmts> and <cellXfs>: one date kind per style
 *   xl/worksheets/sheetN.xml    → <sheetData><row r><c r t s><v>…; then <mergeCells>
 *
 * Every part goes through entry_open() (declared size against its cap,
 * compression ratio, encryption) and entry_read() (bytes actually inflated
 * against the declared size and the reader's total), and every XML parser
 * comes from parser_new(), which aborts at a DOCTYPE or an entity
 * declaration. Element names are compared without their prefix, so files
 * written with <x:row> (the .NET Open XML SDK) read the same.
 *
 * The selected sheet is parsed in push mode: when its queue of parsed rows
 * is empty, xlsxr_next() inflates the next 64 KiB and lets expat parse all
 * of it; each </row> queues the row (its number and a slice of x->cl), and
 * xlsxr_next() hands the queued rows out one per call, building the
 * column-indexed arrays (and filling merged cells) only then. The text of
 * the queued rows is in x->rd, emptied before the next chunk except for a
 * row cut by the chunk's end, so memory follows the chunk size, never the
 * row count. (Suspending expat after each row would do too, but costs a
 * quarter more time: resuming rescans the input for line numbers.) Shared
 * strings are not copied: cells point into the string table.
 *
 * Merged ranges come after <sheetData> in the sheet, too late to fill the
 * rows already handed out. So the ranges are read by a separate quick pass
 * (merges_scan) that inflates the sheet and only looks for the bytes
 * "mergeCells" preceded by '<' (a tag, since '<' cannot appear raw in text),
 * then parses the tail from there.
 */
#include "xlsxr.h"

#include <errno.h>
#include <expat.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "buf.h"
#include "date.h"
#include "text.h"
#include "xalloc.h"

#define CHUNK          ((size_t)64 << 10) /* bytes inflated and parsed at a time */
#define MAX_RELS       100000             /* relationships in one .rels part */
#define MAX_XFS        ((size_t)1 << 20)  /* cell styles */
#define MAX_NUMFMTS    ((size_t)1 << 16)  /* custom number formats */
#define MERGE_TAIL_MAX ((size_t)64 << 20) /* bytes kept from <mergeCells> on */
#define FILL_COPY_MAX  ((size_t)64 << 20) /* merged values kept for FILL_ALL */
#define SCAN_CARRY     64                 /* bytes kept between scan windows */

/* Date kinds of a number format (flags). 0 = a plain number. */
enum { K_DATE = 1, K_TIME = 2, K_SECS = 4 };

/* Cell types (the t attribute). */
enum { T_NUM, T_SST, T_INLINE, T_STR, T_BOOL, T_ERR, T_ISO };

typedef struct sheet {
	char *name; /* as in workbook.xml */
	char *path; /* zip entry name of the worksheet part */
	int hidden;
} sheet_t;

/* A parsed cell: its text is at ptr (a shared string or a constant), or at
 * x->rd + off when ptr is NULL (x->rd moves as it grows and is compacted
 * between chunks, hence an offset). */
typedef struct cell {
	size_t col;
	const char *ptr;
	size_t off, len;
} cell_t;

/* A parsed row waiting in the queue: its cells are x->cl[c0..c1). */
typedef struct qrow {
	long rownum;
	size_t c0, c1;
} qrow_t;

/* A merged range being filled: val is the top-left value (owned copy for
 * XLSXR_FILL_ALL, borrowed from the row for XLSXR_FILL_ROW), NULL if empty. */
typedef struct active {
	const xlsxr_range_t *r;
	char *val;
	size_t len;
	int owned;
} active_t;

/* What every XML handler receives first: the reader, its parser and the
 * part being parsed (for messages). */
typedef struct pctx {
	xlsxr_t *x;
	XML_Parser p;
	const char *part;
} pctx_t;

struct xlsxr {
	zip_t *za;
	xlsxr_opts_t o; /* with defaults filled in */
	err_t err;      /* the sticky error, valid when failed */
	int failed;
	unsigned long long inflated; /* bytes inflated by this reader, all parts */

	sheet_t *sheets;
	size_t nsheets;
	char *sst_path, *styles_path; /* entry names, NULL when absent */
	int date1904;
	int loaded; /* shared strings and styles read */

	/* Shared strings: string i is sst.p + sst_off[i], sst_len[i] bytes + NUL. */
	buf_t sst;
	size_t *sst_off, *sst_len;
	size_t nsst, sst_cap;

	unsigned char *xf_kind; /* K_* of each cell style */
	size_t nxf;

	/* The selected sheet's stream. */
	long sel;
	pctx_t sc;
	zip_file_t *zf;
	unsigned long long size, got;
	int fed_final, at_end, sheet_done;

	/* Parser state inside the sheet. */
	int depth, sd_depth, row_depth, cell_depth; /* 0 = not inside */
	int collect, preserve, in_is, rph;
	size_t t_start; /* where the current <t> text starts in rd */
	long rownum, lastrow;
	long lastcol; /* column of the previous cell in the row, -1 at row start */
	size_t ccol, cxf, cstart;
	int ctype;

	char *rd; /* text of the queued rows and of the row being parsed */
	size_t rdlen, rdcap;
	cell_t *cl; /* their cells */
	size_t ncl, clcap;
	size_t row_c0, row_rd0; /* where the row being parsed starts in cl, rd */
	qrow_t *q;              /* rows parsed, q[qhead..qlen) not yet handed out */
	size_t qlen, qhead, qcap;
	const char **cells; /* the row handed out, indexed by column */
	size_t *lens;
	size_t ccap;

	/* Merged ranges of the selected sheet, sorted by row1, col1. */
	xlsxr_range_t *merges;
	size_t nmerges, mcap;
	int merges_known;
	size_t mnext; /* first range not yet reached by the rows */
	active_t *act;
	size_t nact, actcap, act_bytes;
};

static const char empty[] = "";

/* ---- errors ---------------------------------------------------------- */

static void utf8_cut(char *s);

/* Records the reader's error (code, formatted message) and marks it failed;
 * returns -1. */
__attribute__((format(printf, 3, 4))) static int xfail(xlsxr_t *x, err_code code, const char *fmt,
                                                       ...)
{
	char msg[ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	utf8_cut(msg);
	err_set(&x->err, code, "%s", msg);
	x->failed = 1;
	return -1;
}

/* Copies the reader's error into e (may be NULL); returns -1. */
static int report(const xlsxr_t *x, err_t *e)
{
	if (e)
		*e = x->err;
	return -1;
}

/* ---- small text helpers ---------------------------------------------- */

/* The element or attribute name without its namespace prefix. */
static const char *local(const char *name)
{
	const char *c = strchr(name, ':');
	return c ? c + 1 : name;
}

/* The value of attribute name (compared without prefix) or NULL. */
static const char *attr(const XML_Char **atts, const char *name)
{
	for (; atts[0]; atts += 2)
		if (strcmp(local(atts[0]), name) == 0)
			return atts[1];
	return NULL;
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* 1 if s starts with the lower-case word w, ignoring ASCII case. */
static int starts_ci(const char *s, const char *w)
{
	for (; *w; s++, w++)
		if (lower(*s) != *w)
			return 0;
	return 1;
}

/* Parses a non-negative decimal in s[0..n) (surrounding XML spaces allowed)
 * no larger than max into *v; 0 or -1. */
static int parse_uint(const char *s, size_t n, unsigned long long max, unsigned long long *v)
{
	unsigned long long r = 0;
	size_t i = 0;

	while (n && is_ws(s[n - 1]))
		n--;
	while (i < n && is_ws(s[i]))
		i++;
	if (i == n)
		return -1;
	for (; i < n; i++) {
		unsigned d = (unsigned)(s[i] - '0');
		if (!is_digit(s[i]) || r > (max - d) / 10)
			return -1;
		r = r * 10 + d;
	}
	*v = r;
	return 0;
}

/* Writes column col (0-based) as letters ("A", "XFD") into out. */
static void col_name(size_t col, char out[16])
{
	char tmp[16];
	size_t n = 0, i = 0;

	col++;
	while (col && n < sizeof tmp - 1) {
		tmp[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	while (n)
		out[i++] = tmp[--n];
	out[i] = '\0';
}

/* Parses a cell reference ("C7", "$C$7"; the row part may be missing) at
 * *s, advancing *s: *col is 0-based, *row 0 when absent. Columns past
 * 2^24 and rows past 10^9 are reported as such (the caller compares with
 * its caps). 0, or -1 when there are no column letters. */
static int ref_parse(const char **s, size_t *col, long *row)
{
	const char *p = *s;
	size_t c = 0;
	long r = 0;
	int nl = 0;

	if (*p == '$')
		p++;
	for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++, nl++)
		if (c < ((size_t)1 << 24))
			c = c * 26 + (size_t)(lower(*p) - 'a' + 1);
	if (!nl)
		return -1;
	if (*p == '$')
		p++;
	for (; is_digit(*p); p++)
		if (r < 1000000000L)
			r = r * 10 + (*p - '0');
	*col = c - 1;
	*row = r;
	*s = p;
	return 0;
}

/* Number of code points in s[0..n) (continuation bytes not counted). */
static size_t utf8_count(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/* Cuts the NUL-terminated s so that it does not end inside a UTF-8
 * sequence (after a truncating snprintf). */
static void utf8_cut(char *s)
{
	size_t n = strlen(s), i = n, k = 0, need;
	unsigned char lead;

	while (i > 0 && k < 3 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) {
		i--;
		k++;
	}
	if (i == 0)
		return;
	lead = (unsigned char)s[i - 1];
	need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	if (need > 1 && k + 1 < need)
		s[i - 1] = '\0';
}

/* Copies at most 20 bytes of the n at s into out, whole characters only,
 * for quoting a bad value in a message. */
static const char *clip(const char *s, size_t n, char out[24])
{
	if (n > 20)
		n = 20;
	memcpy(out, s, n);
	out[n] = '\0';
	utf8_cut(out);
	return out;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decodes the OOXML escapes _xHHHH_ (ECMA-376 §22.9.2.19: characters XML
 * cannot hold, such as _x000D_ for CR, and _x005F_ for '_') in place in
 * s[0..n); returns the new length (never longer). Surrogates stay as
 * written. */
static size_t unescape_x(char *s, size_t n)
{
	size_t r = 0, w = 0;

	if (!memchr(s, '_', n))
		return n;
	while (r < n) {
		if (s[r] == '_' && n - r >= 7 && s[r + 1] == 'x' && s[r + 6] == '_') {
			int h0 = hexval(s[r + 2]), h1 = hexval(s[r + 3]), h2 = hexval(s[r + 4]),
			    h3 = hexval(s[r + 5]);
			if (h0 >= 0 && h1 >= 0 && h2 >= 0 && h3 >= 0) {
				unsigned cp = (unsigned)(h0 << 12 | h1 << 8 | h2 << 4 | h3);
				if (cp < 0xD800 || cp > 0xDFFF) {
					if (cp < 0x80) {
						s[w++] = (char)cp;
					} else if (cp < 0x800) {
						s[w++] = (char)(0xC0 | cp >> 6);
						s[w++] = (char)(0x80 | (cp & 0x3F));
					} else {
						s[w++] = (char)(0xE0 | cp >> 12);
						s[w++] = (char)(0x80 | (cp >> 6 & 0x3F));
						s[w++] = (char)(0x80 | (cp & 0x3F));
					}
					r += 7;
					continue;
				}
			}
		}
		s[w++] = s[r++];
	}
	return w;
}

/* ---- numbers and dates ----------------------------------------------- */

/* Writes d as Excel shows it in General: integers below 10^15 in full, other
 * values with 15 significant digits ("2.34", "1.5E-05"). Returns the length. */
static size_t dbl_text(double d, char out[48])
{
	int n;

	if (d == 0)
		return (size_t)snprintf(out, 48, "0");
	if (fabs(d) < 1e15 && d == floor(d))
		n = snprintf(out, 48, "%.0f", d);
	else
		n = snprintf(out, 48, "%.15g", d);
	for (int i = 0; i < n; i++)
		if (out[i] == 'e')
			out[i] = 'E';
	return (size_t)n;
}

/* Parses s[0..n) (surrounding spaces allowed) as a finite double; 0 or -1. */
static int parse_double(const char *s, size_t n, double *v)
{
	char tmp[64];
	char *end;

	while (n && is_ws(s[n - 1]))
		n--;
	while (n && is_ws(*s)) {
		s++;
		n--;
	}
	if (n == 0 || n >= sizeof tmp)
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	*v = strtod(tmp, &end);
	return end == tmp + n && isfinite(*v) ? 0 : -1;
}

/* Canonical text of the number written in s[0..n) into out: plain
 * decimals are rewritten as text (leading zeros of the integer part and
 * trailing zeros of the fraction dropped, "-0" → "0"), anything else goes
 * through dbl_text(). Returns the length, or 0 when s is not a number (the
 * caller keeps it as written). */
static size_t num_text(const char *s, size_t n, char out[48])
{
	size_t i = 0, ib, ie, fb, fe, sig, w = 0;
	int neg = 0;
	double d;

	while (n && is_ws(s[n - 1]))
		n--;
	while (i < n && is_ws(s[i]))
		i++;
	if (i < n && s[i] == '-') {
		neg = 1;
		i++;
	}
	ib = i;
	while (i < n && is_digit(s[i]))
		i++;
	ie = fb = fe = i;
	if (i < n && s[i] == '.') {
		fb = ++i;
		while (i < n && is_digit(s[i]))
			i++;
		fe = i;
	}
	if (i == n && (ie > ib || fe > fb)) {
		while (ie - ib > 1 && s[ib] == '0')
			ib++;
		while (fe > fb && s[fe - 1] == '0')
			fe--;
		if (ie - ib == 1 && s[ib] == '0')
			ib = ie; /* "0.5": no integer digits */
		sig = ie - ib;
		if (sig == 0) { /* significant digits of 0.000123 start after its zeros */
			size_t k = fb;
			while (k < fe && s[k] == '0')
				k++;
			sig = fe - k;
		} else {
			sig += fe - fb;
		}
		if ((fe == fb && ie - ib <= 20) || (sig <= 15 && (ie - ib) + (fe - fb) < 40)) {
			if (ie == ib && fe == fb)
				return (size_t)snprintf(out, 48, "0");
			if (neg)
				out[w++] = '-';
			if (ie == ib)
				out[w++] = '0';
			memcpy(out + w, s + ib, ie - ib);
			w += ie - ib;
			if (fe > fb) {
				out[w++] = '.';
				memcpy(out + w, s + fb, fe - fb);
				w += fe - fb;
			}
			out[w] = '\0';
			return w;
		}
	}
	if (parse_double(s, n, &d))
		return 0;
	return dbl_text(d, out);
}

/* Date kind of a built-in number format id (ECMA-376 §18.8.30). 14–17 and
 * 22 are dates, 27–36 and 50–58 the East Asian date formats, 18–21, 45 and
 * 47 times of day; 46 ([h]:mm:ss) is elapsed time and stays a number. */
static unsigned char builtin_kind(unsigned long long id)
{
	if ((id >= 14 && id <= 17) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58))
		return K_DATE;
	switch (id) {
	case 18:
	case 20:
		return K_TIME;
	case 19:
	case 21:
	case 45:
	case 47:
		return K_TIME | K_SECS;
	case 22:
		return K_DATE | K_TIME;
	default:
		return 0;
	}
}

/* Date kind of a custom format code ("dd/mm/yyyy", "h:mm", "[h]:mm",
 * "#,##0"): quoted text, escaped characters, [brackets] (colours, locales,
 * conditions), "General" and AM/PM are skipped; y and d mean a date, h and s
 * a time; m is minutes right after h or before s, else a month. Elapsed time
 * ([h], [mm], [ss]) without a date part is a number. */
static unsigned char fmt_kind(const char *f)
{
	char tok[64];
	size_t nt = 0;
	int elapsed = 0;
	unsigned char k = 0;

	for (size_t i = 0; f[i]; i++) {
		char c = lower(f[i]);
		if (c == '"') {
			while (f[i + 1] && f[i + 1] != '"')
				i++;
			if (f[i + 1])
				i++;
		} else if (c == '\\' || c == '_' || c == '*') {
			if (f[i + 1])
				i++;
		} else if (c == '[') {
			size_t j = i + 1;
			int hms = 1;
			for (; f[j] && f[j] != ']'; j++)
				if (lower(f[j]) != 'h' && lower(f[j]) != 'm' && lower(f[j]) != 's')
					hms = 0;
			if (hms && j > i + 1) {
				elapsed = 1;
				if (nt < sizeof tok)
					tok[nt++] = lower(f[i + 1]);
			}
			i = f[j] ? j : j - 1;
		} else if (starts_ci(f + i, "general")) {
			i += 6;
		} else if (starts_ci(f + i, "am/pm")) {
			i += 4;
		} else if (starts_ci(f + i, "a/p")) {
			i += 2;
		} else if (c == 'y' || c == 'd' || c == 'h' || c == 's' || c == 'm') {
			if (nt < sizeof tok && !(i > 0 && lower(f[i - 1]) == c))
				tok[nt++] = c;
		}
	}
	for (size_t i = 0; i < nt; i++) {
		switch (tok[i]) {
		case 'y':
		case 'd':
			k |= K_DATE;
			break;
		case 'h':
			k |= K_TIME;
			break;
		case 's':
			k |= K_TIME | K_SECS;
			break;
		case 'm':
			if ((i > 0 && tok[i - 1] == 'h') || (i + 1 < nt && tok[i + 1] == 's'))
				k |= K_TIME;
			else
				k |= K_DATE;
			break;
		}
	}
	if (elapsed && !(k & K_DATE))
		return 0;
	return k;
}

/* Writes the date/time serial v in format kind as text: "dd/mm/yyyy",
 * "dd/mm/yyyy hh:mm[:ss]" or "hh:mm[:ss]". The 1900 system counts from
 * 31/12/1899 (serial 1 = 01/01/1900) and has Excel's fictional 29/02/1900
 * at serial 60 (a bug kept from Lotus 1-2-3), so from serial 61 on it
 * counts from 30/12/1899; serial 0 is Excel's "00/01/1900". The 1904
 * system counts from 01/01/1904. Returns the length, or 0 when v is out of
 * Excel's range (negative, after 31/12/9999): the caller keeps the number. */
static size_t serial_text(double v, unsigned kind, int d1904, char out[48])
{
	long long total, days;
	int secs;
	size_t n = 0;

	if (!(v >= 0) || v >= 2958466.0)
		return 0;
	total = llround(v * 86400.0);
	days = total / 86400;
	secs = (int)(total % 86400);
	if (kind & K_DATE) {
		if (!d1904 && days == 0) {
			memcpy(out, "00/01/1900", 11);
		} else if (!d1904 && days == 60) {
			memcpy(out, "29/02/1900", 11);
		} else {
			int base = d1904 ? date_from_ymd(1904, 1, 1)
			                 : date_from_ymd(1899, 12, days < 60 ? 31 : 30);
			date_vn(base + (int)days, out);
		}
		n = 10;
		if (kind & K_TIME)
			out[n++] = ' ';
	}
	if (kind & K_TIME) {
		n += (size_t)snprintf(out + n, 48 - n, "%02d:%02d", secs / 3600, secs / 60 % 60);
		if (kind & K_SECS)
			n += (size_t)snprintf(out + n, 48 - n, ":%02d", secs % 60);
	}
	out[n] = '\0';
	return n;
}

/* An ISO 8601 date cell (t="d", "2024-03-01T08:30:00") as "dd/mm/yyyy",
 * with " hh:mm" when kind shows a time. 0 when s is not such a date. */
static size_t iso_text(const char *s, size_t n, unsigned kind, char out[48])
{
	int y, m, d;
	size_t len;

	if (n < 10 || !is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[2]) || !is_digit(s[3]) ||
	    s[4] != '-' || !is_digit(s[5]) || !is_digit(s[6]) || s[7] != '-' || !is_digit(s[8]) ||
	    !is_digit(s[9]))
		return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (!date_valid(y, m, d))
		return 0;
	date_vn(date_from_ymd(y, m, d), out);
	len = 10;
	if ((kind & K_TIME) && n >= 16 && s[10] == 'T' && is_digit(s[11]) && is_digit(s[12]) &&
	    s[13] == ':' && is_digit(s[14]) && is_digit(s[15])) {
		out[len++] = ' ';
		memcpy(out + len, s + 11, 5);
		len += 5;
		out[len] = '\0';
	}
	return len;
}

/* ---- zip entries ----------------------------------------------------- */

/* Opens entry name after the checks that need no inflating: it exists,
 * its declared size is within cap, its compression ratio is plausible, it
 * is not encrypted. Returns 0 with *zf and *size set, 1 when the entry is
 * missing and !required, -1 with x failed. */
static int entry_open(xlsxr_t *x, const char *name, size_t cap, int required, zip_file_t **zf,
                      unsigned long long *size)
{
	zip_int64_t idx = zip_name_locate(x->za, name, 0);
	zip_stat_t st;

	if (idx < 0)
		idx = zip_name_locate(x->za, name, ZIP_FL_NOCASE);
	if (idx < 0) {
		if (!required)
			return 1;
		return xfail(x, ERR_INVALID, "Tệp Excel không hợp lệ: thiếu phần %s", name);
	}
	zip_stat_init(&st);
	if (zip_stat_index(x->za, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    !(st.valid & ZIP_STAT_COMP_SIZE))
		return xfail(x, ERR_INVALID,
		             "Tệp Excel không hợp lệ: không đọc được thông tin phần %s", name);
	if (st.size > cap)
		return xfail(
		    x, ERR_TOO_LARGE,
		    "Tệp Excel quá lớn: phần %s có %llu byte khi giải nén, vượt giới hạn %zu byte",
		    name, (unsigned long long)st.size, cap);
	if (st.size > x->o.ratio_from &&
	    st.size / (st.comp_size ? st.comp_size : 1) > x->o.max_ratio)
		return xfail(
		    x, ERR_INVALID,
		    "Tệp nén có tỉ lệ nén bất thường (nghi là zip bomb): phần %s nén %llu byte "
		    "thành %llu byte, hơn %u lần",
		    name, (unsigned long long)st.size, (unsigned long long)st.comp_size,
		    x->o.max_ratio);
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
		return xfail(x, ERR_INVALID, "Tệp Excel không hợp lệ: phần %s được mã hoá", name);
	*zf = zip_fopen_index(x->za, (zip_uint64_t)idx, 0);
	if (!*zf)
		return xfail(x, ERR_INVALID, "Tệp Excel không hợp lệ: không mở được phần %s (%s)",
		             name, zip_error_strerror(zip_get_error(x->za)));
	*size = st.size;
	return 0;
}

/* Inflates up to n bytes of the entry into p, counting them against the
 * entry's declared size (*got so far) and the reader's total. Returns the
 * byte count (0 at the end), or -1 with x failed. */
static long long entry_read(xlsxr_t *x, zip_file_t *zf, const char *name, void *p, size_t n,
                            unsigned long long size, unsigned long long *got)
{
	zip_int64_t r = zip_fread(zf, p, n);

	if (r < 0)
		return xfail(x, ERR_INVALID, "Tệp Excel bị hỏng: không giải nén được phần %s (%s)",
		             name, zip_error_strerror(zip_file_get_error(zf)));
	*got += (unsigned long long)r;
	x->inflated += (unsigned long long)r;
	if (*got > size)
		return xfail(
		    x, ERR_INVALID,
		    "Tệp Excel không hợp lệ: phần %s giải nén ra nhiều hơn kích thước đã khai "
		    "báo (%llu byte)",
		    name, size);
	if (x->inflated > x->o.max_total)
		return xfail(x, ERR_TOO_LARGE, "Tệp Excel quá lớn: đã giải nén hơn %zu byte",
		             x->o.max_total);
	return r;
}

/* ---- XML ------------------------------------------------------------- */

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
	pctx_t *c = ud;
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal_subset;
	xfail(c->x, ERR_INVALID,
	      "Tệp Excel chứa khai báo DOCTYPE/thực thể, không được phép (phần %s)", c->part);
	XML_StopParser(c->p, XML_FALSE);
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
                              int value_len, const XML_Char *base, const XML_Char *sysid,
                              const XML_Char *pubid, const XML_Char *notation)
{
	pctx_t *c = ud;
	(void)name;
	(void)is_param;
	(void)value;
	(void)value_len;
	(void)base;
	(void)sysid;
	(void)pubid;
	(void)notation;
	if (!c->x->failed)
		xfail(c->x, ERR_INVALID,
		      "Tệp Excel chứa khai báo DOCTYPE/thực thể, không được phép (phần %s)",
		      c->part);
	XML_StopParser(c->p, XML_FALSE);
}

/* A new parser for c (its memory from the xmalloc family, so running out
 * aborts like everywhere else) that refuses DTDs and entity declarations
 * and never reads external entities. */
static XML_Parser parser_new(pctx_t *c, XML_StartElementHandler st, XML_EndElementHandler en,
                             XML_CharacterDataHandler cd)
{
	static const XML_Memory_Handling_Suite mm = {xmalloc, xrealloc, free};
	XML_Parser p = XML_ParserCreate_MM(NULL, &mm, NULL);

	if (!p)
		abort();
	XML_SetUserData(p, c);
	XML_SetElementHandler(p, st, en);
	if (cd)
		XML_SetCharacterDataHandler(p, cd);
	XML_SetStartDoctypeDeclHandler(p, on_doctype);
	XML_SetEntityDeclHandler(p, on_entity);
	XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
	c->p = p;
	return p;
}

/* Records expat's error for the part in c, unless a handler already did. */
static int xml_fail(pctx_t *c)
{
	if (c->x->failed)
		return -1;
	return xfail(c->x, ERR_INVALID,
	             "Tệp Excel không hợp lệ: lỗi XML trong phần %s (dòng %lu, cột %lu): %s",
	             c->part, (unsigned long)XML_GetCurrentLineNumber(c->p),
	             (unsigned long)XML_GetCurrentColumnNumber(c->p) + 1,
	             XML_ErrorString(XML_GetErrorCode(c->p)));
}

/* Parses the whole part name (declared size within cap) with the given
 * handlers; c->x must be set. Returns 0, 1 when missing and !required, -1
 * with x failed. */
static int parse_part(xlsxr_t *x, const char *name, size_t cap, int required, pctx_t *c,
                      XML_StartElementHandler st, XML_EndElementHandler en,
                      XML_CharacterDataHandler cd)
{
	zip_file_t *zf = NULL;
	unsigned long long size = 0, got = 0;
	XML_Parser p;
	int rc = entry_open(x, name, cap, required, &zf, &size);

	if (rc)
		return rc;
	c->part = name;
	p = parser_new(c, st, en, cd);
	rc = -1;
	for (;;) {
		void *b = XML_GetBuffer(p, (int)CHUNK);
		long long n;
		if (!b) {
			xml_fail(c);
			goto out;
		}
		n = entry_read(x, zf, name, b, CHUNK, size, &got);
		if (n < 0)
			goto out;
		if (XML_ParseBuffer(p, (int)n, n == 0) != XML_STATUS_OK) {
			xml_fail(c);
			goto out;
		}
		if (n == 0)
			break;
	}
	rc = x->failed ? -1 : 0;
out:
	XML_ParserFree(p);
	zip_fclose(zf);
	return rc;
}

/* Resolves a relationship target against the directory dir of its source
 * part ("xl/"): "/xl/a.xml" is absolute, "worksheets/s1.xml" relative,
 * "." and ".." segments are folded, '\' is read as '/'. Returns new. */
static char *resolve(const char *dir, const char *target)
{
	buf_t in, out;
	const char *s, *seg;
	char *r;

	buf_init(&in, 0);
	buf_init(&out, 0);
	if (target[0] != '/' && target[0] != '\\')
		buf_puts(&in, dir);
	buf_puts(&in, target);
	s = buf_cstr(&in);
	while (*s) {
		size_t n;
		while (*s == '/' || *s == '\\')
			s++;
		seg = s;
		while (*s && *s != '/' && *s != '\\')
			s++;
		n = (size_t)(s - seg);
		if (n == 0 || (n == 1 && seg[0] == '.'))
			continue;
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			while (out.len && out.p[out.len - 1] != '/')
				out.len--;
			if (out.len)
				out.len--;
			if (out.p)
				out.p[out.len] = '\0';
			continue;
		}
		if (out.len)
			buf_putc(&out, '/');
		buf_add(&out, seg, n);
	}
	r = buf_take(&out);
	buf_free(&in);
	return r;
}

/* The directory of a part name, with its trailing '/' ("xl/" for
 * "xl/workbook.xml", "" for a name without one). Returns new. */
static char *dir_of(const char *name)
{
	const char *sl = strrchr(name, '/');
	return xstrndup(name, sl ? (size_t)(sl - name) + 1 : 0);
}

/* ---- package and workbook -------------------------------------------- */

/* A relationship: its type is the last segment of the Type URI
 * ("worksheet", "sharedStrings", "styles", "officeDocument"). */
typedef struct rel {
	char *id, *type, *target;
} rel_t;

typedef struct rels_ctx {
	pctx_t c;
	rel_t *v;
	size_t n, cap;
} rels_ctx_t;

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	rels_ctx_t *r = ud;
	const char *id, *type, *target, *mode, *sl;

	if (r->c.x->failed || strcmp(local(name), "Relationship") != 0)
		return;
	id = attr(atts, "Id");
	type = attr(atts, "Type");
	target = attr(atts, "Target");
	mode = attr(atts, "TargetMode");
	if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
		return;
	if (r->n == MAX_RELS) {
		xfail(r->c.x, ERR_TOO_LARGE, "Tệp Excel quá lớn: phần %s có quá nhiều quan hệ",
		      r->c.part);
		XML_StopParser(r->c.p, XML_FALSE);
		return;
	}
	xgrow((void **)&r->v, &r->cap, r->n + 1, sizeof *r->v);
	sl = strrchr(type, '/');
	r->v[r->n].id = xstrdup(id);
	r->v[r->n].type = xstrdup(sl ? sl + 1 : type);
	r->v[r->n].target = xstrdup(target);
	r->n++;
}

static void XMLCALL ignore_end(void *ud, const XML_Char *name)
{
	(void)ud;
	(void)name;
}

static void rels_free(rels_ctx_t *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].id);
		free(r->v[i].type);
		free(r->v[i].target);
	}
	free(r->v);
}

/* The first relationship of the given type, or NULL. */
static const rel_t *rel_by_type(const rels_ctx_t *r, const char *type)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].type, type) == 0)
			return &r->v[i];
	return NULL;
}

typedef struct wb_ctx {
	pctx_t c;
	sheet_t *v; /* path holds the r:id until resolved */
	size_t n, cap;
} wb_ctx_t;

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	wb_ctx_t *w = ud;
	xlsxr_t *x = w->c.x;
	const char *ln = local(name), *v, *id, *state;

	if (x->failed)
		return;
	if (strcmp(ln, "workbookPr") == 0) {
		v = attr(atts, "date1904");
		x->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
	} else if (strcmp(ln, "sheet") == 0) {
		v = attr(atts, "name");
		id = attr(atts, "id");
		state = attr(atts, "state");
		if (!v || !id)
			return;
		if (w->n == x->o.max_entries) {
			xfail(x, ERR_TOO_LARGE, "Tệp Excel có quá nhiều trang tính");
			XML_StopParser(w->c.p, XML_FALSE);
			return;
		}
		xgrow((void **)&w->v, &w->cap, w->n + 1, sizeof *w->v);
		w->v[w->n].name = xstrdup(v);
		w->v[w->n].path = xstrdup(id);
		w->v[w->n].hidden = state && strcmp(state, "visible") != 0;
		w->n++;
	}
}

/* Reads the package and workbook parts: where the workbook is, its sheets
 * in order with their parts, the date system, and where the shared strings
 * and styles are. 0 or -1 with x failed. */
static int load_book(xlsxr_t *x)
{
	rels_ctx_t pk = {{x, NULL, NULL}, NULL, 0, 0};
	rels_ctx_t wr = {{x, NULL, NULL}, NULL, 0, 0};
	wb_ctx_t wb = {{x, NULL, NULL}, NULL, 0, 0};
	char *wb_path = NULL, *wb_dir = NULL, *wr_path = NULL;
	const rel_t *r;
	buf_t b;
	int rc = -1, prc;
	zip_int64_t ne = zip_get_num_entries(x->za, 0);
	unsigned long long total = 0;

	if (ne < 0 || (zip_uint64_t)ne > x->o.max_entries)
		return xfail(x, ERR_TOO_LARGE, "Tệp Excel có quá nhiều phần (tối đa %zu)",
		             x->o.max_entries);
	for (zip_int64_t i = 0; i < ne; i++) {
		zip_stat_t st;
		zip_stat_init(&st);
		if (zip_stat_index(x->za, (zip_uint64_t)i, 0, &st) == 0 &&
		    (st.valid & ZIP_STAT_SIZE))
			total += st.size;
		if (total > x->o.max_total)
			return xfail(
			    x, ERR_TOO_LARGE,
			    "Tệp Excel quá lớn: tổng dung lượng khi giải nén vượt %zu byte",
			    x->o.max_total);
	}

	/* _rels/.rels names the workbook; without it, the usual place. */
	prc = parse_part(x, "_rels/.rels", x->o.max_part, 0, &pk.c, rels_start, ignore_end, NULL);
	if (prc < 0)
		goto out;
	r = prc == 0 ? rel_by_type(&pk, "officeDocument") : NULL;
	wb_path = r ? resolve("", r->target) : xstrdup("xl/workbook.xml");
	wb_dir = dir_of(wb_path);

	if (parse_part(x, wb_path, x->o.max_part, 1, &wb.c, wb_start, ignore_end, NULL))
		goto out;

	buf_init(&b, 0);
	buf_puts(&b, wb_dir);
	buf_puts(&b, "_rels/");
	buf_puts(&b, wb_path + strlen(wb_dir));
	buf_puts(&b, ".rels");
	wr_path = buf_take(&b);
	if (parse_part(x, wr_path, x->o.max_part, 1, &wr.c, rels_start, ignore_end, NULL))
		goto out;

	/* Keep the worksheets (not chart sheets), in workbook order. */
	x->sheets = xcalloc(wb.n ? wb.n : 1, sizeof *x->sheets);
	for (size_t i = 0; i < wb.n; i++) {
		const rel_t *sr = NULL;
		for (size_t j = 0; j < wr.n && !sr; j++)
			if (strcmp(wr.v[j].id, wb.v[i].path) == 0)
				sr = &wr.v[j];
		if (!sr || strcmp(sr->type, "worksheet") != 0)
			continue;
		x->sheets[x->nsheets].name = wb.v[i].name;
		x->sheets[x->nsheets].path = resolve(wb_dir, sr->target);
		x->sheets[x->nsheets].hidden = wb.v[i].hidden;
		wb.v[i].name = NULL;
		x->nsheets++;
	}
	if (x->nsheets == 0) {
		xfail(x, ERR_INVALID, "Tệp Excel không hợp lệ: không có trang tính nào");
		goto out;
	}
	r = rel_by_type(&wr, "sharedStrings");
	x->sst_path = r ? resolve(wb_dir, r->target) : resolve(wb_dir, "sharedStrings.xml");
	r = rel_by_type(&wr, "styles");
	x->styles_path = r ? resolve(wb_dir, r->target) : resolve(wb_dir, "styles.xml");
	rc = 0;
out:
	for (size_t i = 0; i < wb.n; i++) {
		free(wb.v[i].name);
		free(wb.v[i].path);
	}
	free(wb.v);
	rels_free(&pk);
	rels_free(&wr);
	free(wb_path);
	free(wb_dir);
	free(wr_path);
	return rc;
}

/* ---- shared strings -------------------------------------------------- */

typedef struct sst_ctx {
	pctx_t c;
	int in_si, collect, preserve, rph;
	size_t s_start, t_start; /* offsets in x->sst of the string and the run */
} sst_ctx_t;

/* Preserve spaces of a <t>? (xml:space="preserve"; otherwise the spaces
 * around the run are not part of the text.) */
static int t_preserve(const XML_Char **atts)
{
	for (; atts[0]; atts += 2)
		if (strcmp(atts[0], "xml:space") == 0)
			return strcmp(atts[1], "preserve") == 0;
	return 0;
}

/* Drops the XML spaces around the run s[start..*len), as Excel does for a
 * <t> without xml:space="preserve"; a run of nothing but spaces is kept
 * (Excel shows <r><t>a</t></r><r><t> </t></r><r><t>b</t></r> as "a b"). */
static void trim_run(char *s, size_t start, size_t *len)
{
	size_t a = start, n = *len;

	while (n > start && is_ws(s[n - 1]))
		n--;
	if (n == start)
		return;
	while (a < n && is_ws(s[a]))
		a++;
	if (a > start)
		memmove(s + start, s + a, n - a);
	*len = n - (a - start);
}

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	sst_ctx_t *s = ud;
	xlsxr_t *x = s->c.x;
	const char *ln = local(name);

	if (x->failed)
		return;
	if (strcmp(ln, "si") == 0) {
		s->in_si = 1;
		s->rph = 0;
		s->s_start = x->sst.len;
	} else if (s->in_si && strcmp(ln, "rPh") == 0) {
		s->rph++;
	} else if (s->in_si && !s->rph && strcmp(ln, "t") == 0) {
		s->collect = 1;
		s->preserve = t_preserve(atts);
		s->t_start = x->sst.len;
	} else if (strcmp(ln, "sst") == 0) {
		const char *v = attr(atts, "uniqueCount");
		unsigned long long u;
		if (v && parse_uint(v, strlen(v), 1ULL << 62, &u) == 0 && u > x->o.max_strings) {
			xfail(x, ERR_TOO_LARGE,
			      "Tệp Excel quá lớn: có %llu chuỗi dùng chung, tối đa %zu", u,
			      x->o.max_strings);
			XML_StopParser(s->c.p, XML_FALSE);
		}
	}
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
	sst_ctx_t *s = ud;
	xlsxr_t *x = s->c.x;
	const char *ln = local(name);
	size_t n;

	if (x->failed)
		return;
	if (s->collect && strcmp(ln, "t") == 0) {
		s->collect = 0;
		if (!s->preserve && x->sst.len > s->t_start)
			trim_run(x->sst.p, s->t_start, &x->sst.len);
	} else if (s->in_si && strcmp(ln, "rPh") == 0) {
		s->rph--;
	} else if (s->in_si && strcmp(ln, "si") == 0) {
		s->in_si = 0;
		s->collect = 0;
		n = x->sst.len - s->s_start;
		if (n)
			n = unescape_x(x->sst.p + s->s_start, n);
		x->sst.len = s->s_start + n;
		/* an empty first string leaves the buffer unallocated (p NULL) */
		if (n && utf8_count(x->sst.p + s->s_start, n) > x->o.max_cell) {
			xfail(x, ERR_TOO_LARGE,
			      "Tệp Excel có chuỗi dùng chung số %zu dài quá %zu ký tự", x->nsst + 1,
			      x->o.max_cell);
			XML_StopParser(s->c.p, XML_FALSE);
			return;
		}
		if (x->nsst == x->o.max_strings) {
			xfail(x, ERR_TOO_LARGE, "Tệp Excel quá lớn: có hơn %zu chuỗi dùng chung",
			      x->o.max_strings);
			XML_StopParser(s->c.p, XML_FALSE);
			return;
		}
		buf_putc(&x->sst, '\0');
		if (x->nsst == x->sst_cap) {
			size_t cap = x->sst_cap;
			xgrow((void **)&x->sst_off, &cap, x->nsst + 1, sizeof *x->sst_off);
			x->sst_len = xrealloc(x->sst_len, cap * sizeof *x->sst_len);
			x->sst_cap = cap;
		}
		x->sst_off[x->nsst] = s->s_start;
		x->sst_len[x->nsst] = n;
		x->nsst++;
	}
}

static void XMLCALL sst_text(void *ud, const XML_Char *t, int len)
{
	sst_ctx_t *s = ud;
	xlsxr_t *x = s->c.x;

	if (!s->collect || x->failed)
		return;
	if (x->sst.len - s->s_start + (size_t)len > 8 * x->o.max_cell) {
		xfail(x, ERR_TOO_LARGE, "Tệp Excel có chuỗi dùng chung số %zu dài quá %zu ký tự",
		      x->nsst + 1, x->o.max_cell);
		XML_StopParser(s->c.p, XML_FALSE);
		return;
	}
	if (buf_add(&x->sst, t, (size_t)len)) {
		xfail(x, ERR_TOO_LARGE, "Tệp Excel quá lớn: các chuỗi dùng chung vượt %zu byte",
		      x->o.max_sst);
		XML_StopParser(s->c.p, XML_FALSE);
	}
}

/* ---- styles ---------------------------------------------------------- */

typedef struct fmt {
	unsigned long long id;
	unsigned char kind;
} fmt_t;

typedef struct st_ctx {
	pctx_t c;
	int depth, xfs_depth;
	unsigned long long *xf_fmt; /* numFmtId of each cellXfs <xf> */
	size_t nxf, xcap;
	fmt_t *fmts; /* custom formats */
	size_t nfmt, fcap;
} st_ctx_t;

static void XMLCALL st_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	st_ctx_t *s = ud;
	xlsxr_t *x = s->c.x;
	const char *ln = local(name), *id, *code;
	unsigned long long v = 0;

	s->depth++;
	if (x->failed)
		return;
	if (strcmp(ln, "cellXfs") == 0) {
		s->xfs_depth = s->depth;
	} else if (s->xfs_depth && s->depth == s->xfs_depth + 1 && strcmp(ln, "xf") == 0) {
		id = attr(atts, "numFmtId");
		if (id && parse_uint(id, strlen(id), 1u << 30, &v))
			v = 0;
		if (s->nxf == MAX_XFS) {
			xfail(x, ERR_TOO_LARGE, "Tệp Excel có quá nhiều kiểu ô (styles.xml)");
			XML_StopParser(s->c.p, XML_FALSE);
			return;
		}
		xgrow((void **)&s->xf_fmt, &s->xcap, s->nxf + 1, sizeof *s->xf_fmt);
		s->xf_fmt[s->nxf++] = v;
	} else if (strcmp(ln, "numFmt") == 0) {
		id = attr(atts, "numFmtId");
		code = attr(atts, "formatCode");
		if (!id || !code || parse_uint(id, strlen(id), 1u << 30, &v))
			return;
		if (s->nfmt == MAX_NUMFMTS) {
			xfail(x, ERR_TOO_LARGE, "Tệp Excel có quá nhiều định dạng số (styles.xml)");
			XML_StopParser(s->c.p, XML_FALSE);
			return;
		}
		xgrow((void **)&s->fmts, &s->fcap, s->nfmt + 1, sizeof *s->fmts);
		s->fmts[s->nfmt].id = v;
		s->fmts[s->nfmt].kind = fmt_kind(code);
		s->nfmt++;
	}
}

static void XMLCALL st_end(void *ud, const XML_Char *name)
{
	st_ctx_t *s = ud;

	(void)name;
	if (s->depth == s->xfs_depth)
		s->xfs_depth = 0;
	s->depth--;
}

/* Loads the shared strings and the date kind of every cell style. */
static int load_tables(xlsxr_t *x)
{
	st_ctx_t st;
	sst_ctx_t ss;
	int rc;

	memset(&st, 0, sizeof st);
	st.c.x = x;
	rc = parse_part(x, x->styles_path, x->o.max_part, 0, &st.c, st_start, st_end, NULL);
	if (rc == 0) {
		x->xf_kind = xcalloc(st.nxf ? st.nxf : 1, 1);
		x->nxf = st.nxf;
		for (size_t i = 0; i < st.nxf; i++) {
			size_t j = st.nfmt;
			/* A custom format may redefine a built-in id: the last one wins. */
			while (j > 0 && st.fmts[j - 1].id != st.xf_fmt[i])
				j--;
			x->xf_kind[i] = j ? st.fmts[j - 1].kind : builtin_kind(st.xf_fmt[i]);
		}
	}
	free(st.xf_fmt);
	free(st.fmts);
	if (rc < 0)
		return -1;

	memset(&ss, 0, sizeof ss);
	ss.c.x = x;
	rc = parse_part(x, x->sst_path, x->o.max_sst, 0, &ss.c, sst_start, sst_end, sst_text);
	if (rc < 0)
		return -1;
	x->loaded = 1;
	return 0;
}

/* ---- merged ranges ---------------------------------------------------- */

typedef struct mg_ctx {
	pctx_t c;
	int done;
} mg_ctx_t;

static void XMLCALL mg_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	mg_ctx_t *m = ud;
	xlsxr_t *x = m->c.x;
	const char *ref, *p;
	xlsxr_range_t r;

	if (m->done || x->failed || strcmp(local(name), "mergeCell") != 0)
		return;
	ref = attr(atts, "ref");
	if (!ref)
		return;
	p = ref;
	if (ref_parse(&p, &r.col1, &r.row1) || *p++ != ':' || ref_parse(&p, &r.col2, &r.row2) || *p)
		return; /* not a range: ignored */
	if (r.row1 < 1 || r.row1 > r.row2 || r.row2 > x->o.max_rows || r.col1 > r.col2 ||
	    r.col2 >= x->o.max_cols)
		return;
	if (x->nmerges == x->o.max_merges) {
		xfail(x, ERR_TOO_LARGE, "Tệp Excel có quá nhiều vùng ô gộp (tối đa %zu)",
		      x->o.max_merges);
		XML_StopParser(m->c.p, XML_FALSE);
		return;
	}
	xgrow((void **)&x->merges, &x->mcap, x->nmerges + 1, sizeof *x->merges);
	x->merges[x->nmerges++] = r;
}

static void XMLCALL mg_end(void *ud, const XML_Char *name)
{
	mg_ctx_t *m = ud;

	if (!m->done && strcmp(local(name), "mergeCells") == 0) {
		m->done = 1;
		XML_StopParser(m->c.p, XML_FALSE);
	}
}

static int range_cmp(const void *a, const void *b)
{
	const xlsxr_range_t *p = a, *q = b;

	if (p->row1 != q->row1)
		return p->row1 < q->row1 ? -1 : 1;
	if (p->col1 != q->col1)
		return p->col1 < q->col1 ? -1 : 1;
	return 0;
}

static int is_name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit((char)c) || c == '_' ||
	       c == '-' || c == '.' || c >= 0x80;
}

/* Reads the merged ranges of the selected sheet (see the file comment):
 * inflates the part, keeps the bytes from the last "<mergeCells" (or
 * "<prefix:mergeCells") on, and parses them up to </mergeCells>. */
static int merges_scan(xlsxr_t *x)
{
	const sheet_t *sh = &x->sheets[x->sel];
	zip_file_t *zf = NULL;
	unsigned long long size = 0, got = 0;
	unsigned char *win = NULL;
	size_t carry = 0;
	int collecting = 0, rc = -1;
	buf_t tail;
	mg_ctx_t m;

	buf_init(&tail, MERGE_TAIL_MAX);
	x->nmerges = 0;
	if (entry_open(x, sh->path, x->o.max_sheet, 1, &zf, &size))
		goto out;
	win = xmalloc(SCAN_CARRY + CHUNK);
	for (;;) {
		long long n = entry_read(x, zf, sh->path, win + carry, CHUNK, size, &got);
		size_t wlen, lo, start = SIZE_MAX, k;
		const unsigned char *q;

		if (n < 0)
			goto out;
		if (n == 0)
			break;
		wlen = carry + (size_t)n;
		/* A match counts once: when the byte after it is new in this window. */
		lo = carry > 10 ? carry - 10 : 0;
		for (q = win + lo + 3;
		     q < win + wlen && (q = memchr(q, 'g', wlen - (size_t)(q - win))); q++) {
			size_t p = (size_t)(q - win) - 3, s;
			if (p + 10 >= wlen)
				break;
			if (p + 10 < carry || memcmp(win + p, "mergeCells", 10) != 0 ||
			    !win[p + 10] || !strchr(" \t\r\n/>", win[p + 10]) || p == 0)
				continue;
			s = p - 1;
			if (win[s] == ':') {
				while (s > 0 && p - s < 40 && is_name_char(win[s - 1]))
					s--;
				if (s == 0 || s == p - 1)
					continue;
				s--;
			}
			if (win[s] == '<')
				start = s;
		}
		if (start != SIZE_MAX) {
			buf_reset(&tail);
			collecting = 1;
			buf_add(&tail, win + start, wlen - start);
		} else if (collecting) {
			buf_add(&tail, win + carry, (size_t)n);
		}
		if (tail.err) { /* far too long for a merge list: not one */
			collecting = 0;
			buf_reset(&tail);
		}
		k = wlen < SCAN_CARRY ? wlen : SCAN_CARRY;
		memmove(win, win + wlen - k, k);
		carry = k;
	}
	if (tail.len) {
		XML_Parser p;
		memset(&m, 0, sizeof m);
		m.c.x = x;
		m.c.part = sh->path;
		p = parser_new(&m.c, mg_start, mg_end, NULL);
		/* The tail is not a document by itself (it ends with </worksheet>):
		 * wrap it and stop at </mergeCells>. */
		if (XML_Parse(p, "<_>", 3, 0) == XML_STATUS_OK)
			XML_Parse(p, tail.p, (int)tail.len, 1);
		XML_ParserFree(p);
		if (x->failed)
			goto out;
	}
	if (x->nmerges)
		qsort(x->merges, x->nmerges, sizeof *x->merges, range_cmp);
	x->merges_known = 1;
	rc = 0;
out:
	free(win);
	buf_free(&tail);
	if (zf) /* zip_fclose() does not take NULL */
		zip_fclose(zf);
	return rc;
}

/* ---- the sheet stream -------------------------------------------------- */

/* Sheet-and-cell text for messages: "ô C7 (trang «Danh sách»)". */
static const char *where(xlsxr_t *x, size_t col, char out[160])
{
	char cn[16];
	col_name(col, cn);
	snprintf(out, 160, "ô %s%ld (trang «%s»)", cn, x->rownum, x->sheets[x->sel].name);
	utf8_cut(out);
	return out;
}

/* Fails the sheet parse from inside a handler. */
__attribute__((format(printf, 3, 4))) static void sh_fail(xlsxr_t *x, err_code code,
                                                          const char *fmt, ...)
{
	char msg[ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	xfail(x, code, "%s", msg);
	XML_StopParser(x->sc.p, XML_FALSE);
}

static void rd_add(xlsxr_t *x, const void *s, size_t n)
{
	if (x->rdlen + n + 1 > x->rdcap)
		xgrow((void **)&x->rd, &x->rdcap, x->rdlen + n + 1, 1);
	memcpy(x->rd + x->rdlen, s, n);
	x->rdlen += n;
}

static void row_begin(xlsxr_t *x, const XML_Char **atts)
{
	const char *r = NULL;
	unsigned long long v;
	char q[24];

	for (; atts[0]; atts += 2)
		if (atts[0][0] == 'r' && atts[0][1] == '\0')
			r = atts[1];
	if (r) {
		if (parse_uint(r, strlen(r), 1ULL << 40, &v) || v == 0) {
			sh_fail(x, ERR_INVALID,
			        "Tệp Excel không hợp lệ: số dòng «%s» sai (trang «%s»)",
			        clip(r, strlen(r), q), x->sheets[x->sel].name);
			return;
		}
	} else {
		v = (unsigned long long)x->lastrow + 1;
	}
	if (v > (unsigned long long)x->o.max_rows) {
		sh_fail(x, ERR_TOO_LARGE,
		        "Tệp Excel quá lớn: dòng %llu vượt quá %ld dòng (trang «%s»)", v,
		        x->o.max_rows, x->sheets[x->sel].name);
		return;
	}
	x->rownum = x->lastrow = (long)v;
	x->row_depth = x->depth;
	x->row_c0 = x->ncl;
	x->row_rd0 = x->rdlen;
	x->lastcol = -1;
}

static void cell_begin(xlsxr_t *x, const XML_Char **atts)
{
	const char *r = NULL, *t = NULL, *s = NULL;
	size_t col;
	unsigned long long v;
	long row;
	char w[160], q[24];

	for (; atts[0]; atts += 2) {
		const char *a = atts[0];
		if (a[1] == '\0') {
			if (a[0] == 'r')
				r = atts[1];
			else if (a[0] == 't')
				t = atts[1];
			else if (a[0] == 's')
				s = atts[1];
		}
	}
	if (r) {
		const char *p = r;
		if (ref_parse(&p, &col, &row)) {
			sh_fail(x, ERR_INVALID,
			        "Tệp Excel không hợp lệ: địa chỉ ô «%s» sai (dòng %ld, trang «%s»)",
			        clip(r, strlen(r), q), x->rownum, x->sheets[x->sel].name);
			return;
		}
	} else {
		col = (size_t)(x->lastcol + 1);
	}
	if (col >= x->o.max_cols) {
		sh_fail(x, ERR_TOO_LARGE, "Tệp Excel quá lớn: %s vượt quá %zu cột",
		        where(x, col, w), x->o.max_cols);
		return;
	}
	if (x->ncl - x->row_c0 == x->o.max_cols) {
		sh_fail(x, ERR_INVALID,
		        "Tệp Excel không hợp lệ: dòng %ld có nhiều ô hơn số cột (trang «%s»)",
		        x->rownum, x->sheets[x->sel].name);
		return;
	}
	x->ctype = T_NUM;
	if (t) {
		if (strcmp(t, "s") == 0)
			x->ctype = T_SST;
		else if (strcmp(t, "n") == 0)
			x->ctype = T_NUM;
		else if (strcmp(t, "inlineStr") == 0)
			x->ctype = T_INLINE;
		else if (strcmp(t, "b") == 0)
			x->ctype = T_BOOL;
		else if (strcmp(t, "e") == 0)
			x->ctype = T_ERR;
		else if (strcmp(t, "d") == 0)
			x->ctype = T_ISO;
		else
			x->ctype = T_STR;
	}
	x->cxf = 0;
	if (s && parse_uint(s, strlen(s), 1u << 30, &v) == 0)
		x->cxf = (size_t)v;
	x->ccol = col;
	x->lastcol = (long)col;
	x->cell_depth = x->depth;
	x->cstart = x->rdlen;
	x->collect = x->in_is = x->rph = 0;
}

/* Converts the collected text of the cell and adds it to the row. */
static void cell_end(xlsxr_t *x)
{
	char *v, tmp[48], w[160], q[24];
	size_t n = x->rdlen - x->cstart, len;
	const char *ptr = NULL;
	unsigned kind;
	unsigned long long idx;
	double d;

	x->cell_depth = 0;
	x->collect = 0;
	if (n == 0)
		return;
	v = x->rd + x->cstart; /* rd is NULL until text was collected */
	switch (x->ctype) {
	case T_SST:
		if (parse_uint(v, n, SIZE_MAX, &idx) || idx >= x->nsst) {
			sh_fail(x, ERR_INVALID,
			        "Tệp Excel không hợp lệ: %s trỏ tới chuỗi dùng chung không có (%s)",
			        where(x, x->ccol, w), clip(v, n, q));
			return;
		}
		ptr = x->sst.p + x->sst_off[idx];
		n = x->sst_len[idx];
		break;
	case T_NUM:
		kind = x->cxf < x->nxf ? x->xf_kind[x->cxf] : 0;
		len = 0;
		if (kind && parse_double(v, n, &d) == 0)
			len = serial_text(d, kind, x->date1904, tmp);
		if (!len)
			len = num_text(v, n, tmp);
		if (len) {
			x->rdlen = x->cstart;
			rd_add(x, tmp, len);
			n = len;
		}
		break;
	case T_ISO:
		kind = x->cxf < x->nxf ? x->xf_kind[x->cxf] : 0;
		len = iso_text(v, n, kind, tmp);
		if (len) {
			x->rdlen = x->cstart;
			rd_add(x, tmp, len);
			n = len;
		}
		break;
	case T_BOOL:
		if (n == 1 && (v[0] == '0' || v[0] == '1')) {
			ptr = v[0] == '1' ? "TRUE" : "FALSE";
			n = strlen(ptr);
		}
		break;
	default: /* strings, formula text, error values */
		n = unescape_x(v, n);
		x->rdlen = x->cstart + n;
		break;
	}
	if (!ptr && utf8_count(x->rd + x->cstart, n) > x->o.max_cell) {
		sh_fail(x, ERR_TOO_LARGE, "Tệp Excel có %s dài quá %zu ký tự", where(x, x->ccol, w),
		        x->o.max_cell);
		return;
	}
	if (ptr) {
		x->rdlen = x->cstart;
	} else {
		if (n == 0)
			return;
		rd_add(x, "", 1); /* the NUL after the text */
	}
	if (n == 0)
		return;
	xgrow((void **)&x->cl, &x->clcap, x->ncl + 1, sizeof *x->cl);
	x->cl[x->ncl].col = x->ccol;
	x->cl[x->ncl].ptr = ptr;
	x->cl[x->ncl].off = x->cstart;
	x->cl[x->ncl].len = n;
	x->ncl++;
}

static void act_drop(xlsxr_t *x, size_t i)
{
	if (x->act[i].owned) {
		free(x->act[i].val);
		x->act_bytes -= x->act[i].len + 1;
	}
	x->act[i] = x->act[--x->nact];
}

/* Queues the row just parsed. A row without cells is kept only when
 * merged ranges may fill it. */
static void row_end(xlsxr_t *x)
{
	x->row_depth = 0;
	if (x->ncl == x->row_c0 && !(x->o.fill_merged && x->nmerges))
		return;
	xgrow((void **)&x->q, &x->qcap, x->qlen + 1, sizeof *x->q);
	x->q[x->qlen].rownum = x->rownum;
	x->q[x->qlen].c0 = x->row_c0;
	x->q[x->qlen].c1 = x->ncl;
	x->qlen++;
}

/* Builds the row handed out by xlsxr_next() from a queued one: cells by
 * column, merged values filled, trailing empty columns trimmed. Returns
 * the width (0: nothing in the row), or -1 with x failed. */
static long row_build(xlsxr_t *x, const qrow_t *qr)
{
	size_t width = 0, first_new = 0;
	long R = qr->rownum;
	int fill = x->o.fill_merged;

	for (size_t i = qr->c0; i < qr->c1; i++)
		if (x->cl[i].col + 1 > width)
			width = x->cl[i].col + 1;

	/* Merged ranges: drop the finished ones, take the ones starting here. */
	if (fill) {
		for (size_t i = 0; i < x->nact;)
			if (x->act[i].r->row2 < R)
				act_drop(x, i);
			else
				i++;
		first_new = x->nact;
		for (; x->mnext < x->nmerges && x->merges[x->mnext].row1 <= R; x->mnext++) {
			if (x->merges[x->mnext].row1 < R)
				continue; /* its first row held nothing */
			xgrow((void **)&x->act, &x->actcap, x->nact + 1, sizeof *x->act);
			x->act[x->nact].r = &x->merges[x->mnext];
			x->act[x->nact].val = NULL;
			x->act[x->nact].len = 0;
			x->act[x->nact].owned = 0;
			x->nact++;
		}
		for (size_t i = 0; i < x->nact; i++)
			if (x->act[i].r->col2 + 1 > width)
				width = x->act[i].r->col2 + 1;
	}

	if (width > x->ccap) {
		size_t cap = x->ccap;
		xgrow((void **)&x->cells, &cap, width, sizeof *x->cells);
		x->lens = xrealloc(x->lens, cap * sizeof *x->lens);
		x->ccap = cap;
	}
	for (size_t i = 0; i < width; i++) {
		x->cells[i] = empty;
		x->lens[i] = 0;
	}
	for (size_t i = qr->c0; i < qr->c1; i++) {
		const cell_t *c = &x->cl[i];
		x->cells[c->col] = c->ptr ? c->ptr : x->rd + c->off;
		x->lens[c->col] = c->len;
	}

	if (fill) {
		/* New ranges take their top-left value from this row: borrowed
		 * for this row only, copied when XLSXR_FILL_ALL needs it later. */
		for (size_t i = first_new; i < x->nact; i++) {
			active_t *a = &x->act[i];
			size_t c1 = a->r->col1;
			if (x->lens[c1] == 0)
				continue;
			a->len = x->lens[c1];
			if (fill == XLSXR_FILL_ALL && a->r->row2 > R) {
				if (x->act_bytes + a->len + 1 > FILL_COPY_MAX)
					return xfail(x, ERR_TOO_LARGE,
					             "Tệp Excel quá lớn: các vùng ô gộp giữ quá "
					             "nhiều dữ liệu "
					             "(trang «%s»)",
					             x->sheets[x->sel].name);
				a->val = xstrndup(x->cells[c1], a->len);
				a->owned = 1;
				x->act_bytes += a->len + 1;
			} else {
				a->val = (char *)x->cells[c1];
			}
		}
		for (size_t i = 0; i < x->nact; i++) {
			const active_t *a = &x->act[i];
			if (!a->val)
				continue;
			for (size_t c = a->r->col1; c <= a->r->col2; c++)
				if (x->lens[c] == 0) {
					x->cells[c] = a->val;
					x->lens[c] = a->len;
				}
		}
		/* A borrowed value must not outlive the row (nor, with
		 * XLSXR_FILL_ROW, does any range); an owned copy is handed out
		 * with this row, so it goes with the next one. */
		for (size_t i = 0; i < x->nact;)
			if (!x->act[i].owned)
				act_drop(x, i);
			else
				i++;
	}

	while (width && x->lens[width - 1] == 0)
		width--;
	return (long)width;
}

/* Empties the queue before the next chunk is parsed, keeping the row that
 * the chunk boundary cut (its cells and text move to the front). */
static void queue_compact(xlsxr_t *x)
{
	size_t c0 = x->row_depth ? x->row_c0 : x->ncl, r0 = x->row_depth ? x->row_rd0 : x->rdlen;

	x->qlen = x->qhead = 0;
	if (c0 == 0 && r0 == 0)
		return;
	memmove(x->cl, x->cl + c0, (x->ncl - c0) * sizeof *x->cl);
	x->ncl -= c0;
	for (size_t i = 0; i < x->ncl; i++)
		x->cl[i].off -= x->cl[i].ptr ? 0 : r0;
	if (x->rdlen > r0)
		memmove(x->rd, x->rd + r0, x->rdlen - r0);
	x->rdlen -= r0;
	if (x->cell_depth)
		x->cstart -= r0;
	if (x->collect && x->t_start >= r0)
		x->t_start -= r0;
	x->row_c0 = 0;
	x->row_rd0 = 0;
}

static void XMLCALL sh_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	xlsxr_t *x = ((pctx_t *)ud)->x;
	const char *ln = local(name);

	x->depth++;
	if (x->failed)
		return;
	if (x->cell_depth) {
		if (ln[0] == 'v' && !ln[1]) {
			if (x->ctype != T_INLINE)
				x->collect = 1;
		} else if (ln[0] == 't' && !ln[1]) {
			if (x->in_is && !x->rph) {
				x->collect = 1;
				x->preserve = t_preserve(atts);
				x->t_start = x->rdlen;
			}
		} else if (strcmp(ln, "is") == 0) {
			x->in_is = 1;
			x->ctype = T_INLINE;
			x->rdlen = x->cstart; /* a stray <v> before it does not count */
		} else if (strcmp(ln, "rPh") == 0) {
			x->rph++;
		}
	} else if (x->row_depth) {
		if (ln[0] == 'c' && !ln[1] && x->depth == x->row_depth + 1)
			cell_begin(x, atts);
	} else if (x->sd_depth) {
		if (x->depth == x->sd_depth + 1 && strcmp(ln, "row") == 0)
			row_begin(x, atts);
	} else if (x->depth == 2 && strcmp(ln, "sheetData") == 0) {
		x->sd_depth = x->depth;
	}
}

static void XMLCALL sh_end(void *ud, const XML_Char *name)
{
	xlsxr_t *x = ((pctx_t *)ud)->x;
	const char *ln;

	if (x->failed) {
		x->depth--;
		return;
	}
	if (x->cell_depth) {
		if (x->depth == x->cell_depth) {
			cell_end(x);
		} else {
			ln = local(name);
			if (ln[0] == 'v' && !ln[1]) {
				x->collect = 0;
			} else if (ln[0] == 't' && !ln[1]) {
				if (x->collect && !x->preserve)
					trim_run(x->rd, x->t_start, &x->rdlen);
				x->collect = 0;
			} else if (strcmp(ln, "is") == 0) {
				x->in_is = 0;
			} else if (strcmp(ln, "rPh") == 0) {
				x->rph--;
			}
		}
	} else if (x->row_depth) {
		if (x->depth == x->row_depth)
			row_end(x);
	} else if (x->sd_depth && x->depth == x->sd_depth) {
		/* Nothing after </sheetData> is needed: stop here. */
		x->sd_depth = 0;
		x->sheet_done = 1;
		XML_StopParser(x->sc.p, XML_FALSE);
	}
	x->depth--;
}

static void XMLCALL sh_text(void *ud, const XML_Char *s, int len)
{
	xlsxr_t *x = ((pctx_t *)ud)->x;
	char w[160];

	if (!x->collect || x->failed)
		return;
	if (x->rdlen - x->cstart + (size_t)len > 8 * x->o.max_cell) {
		sh_fail(x, ERR_TOO_LARGE, "Tệp Excel có %s dài quá %zu ký tự", where(x, x->ccol, w),
		        x->o.max_cell);
		return;
	}
	rd_add(x, s, (size_t)len);
}

/* Ends the current sheet stream and forgets the sheet's merged ranges. */
static void stream_close(xlsxr_t *x)
{
	if (x->sc.p)
		XML_ParserFree(x->sc.p);
	x->sc.p = NULL;
	if (x->zf)
		zip_fclose(x->zf);
	x->zf = NULL;
	while (x->nact)
		act_drop(x, 0);
	x->nmerges = x->mnext = 0;
	x->merges_known = 0;
	x->size = x->got = 0;
	x->fed_final = x->at_end = x->sheet_done = 0;
	x->depth = x->sd_depth = x->row_depth = x->cell_depth = 0;
	x->collect = x->in_is = x->rph = 0;
	x->rownum = x->lastrow = 0;
	x->ncl = x->rdlen = x->row_c0 = x->row_rd0 = x->qlen = x->qhead = 0;
	x->sel = -1;
}

/* ---- public ------------------------------------------------------------ */

static xlsxr_t *reader_new(const xlsxr_opts_t *o)
{
	xlsxr_t *x = xcalloc(1, sizeof *x);

	if (o)
		x->o = *o;
#define DEF(f, v)                                                                                  \
	if (!x->o.f)                                                                               \
		x->o.f = (v);
	DEF(max_file, XLSXR_MAX_FILE_DEFAULT)
	DEF(max_sheet, XLSXR_MAX_SHEET_DEFAULT)
	DEF(max_sst, XLSXR_MAX_SST_DEFAULT)
	DEF(max_part, XLSXR_MAX_PART_DEFAULT)
	DEF(max_total, XLSXR_MAX_TOTAL_DEFAULT)
	DEF(max_entries, XLSXR_MAX_ENTRIES_DEFAULT)
	DEF(max_ratio, XLSXR_MAX_RATIO_DEFAULT)
	DEF(ratio_from, XLSXR_RATIO_FROM_DEFAULT)
	DEF(max_strings, XLSXR_MAX_STRINGS_DEFAULT)
	DEF(max_cell, XLSXR_MAX_CELL_DEFAULT)
	DEF(max_cols, XLSXR_MAX_COLS_DEFAULT)
	DEF(max_rows, XLSXR_MAX_ROWS_DEFAULT)
	DEF(max_merges, XLSXR_MAX_MERGES_DEFAULT)
#undef DEF
	if (x->o.max_rows < 0)
		x->o.max_rows = XLSXR_MAX_ROWS_DEFAULT;
	x->sel = -1;
	x->sc.x = x;
	buf_init(&x->sst, x->o.max_sst);
	return x;
}

/* The 8-byte signature of an OLE compound file: an .xls workbook, or an
 * .xlsx saved with a password (encrypted inside such a container). */
static const unsigned char CFB_MAGIC[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

static void fail_cfb(xlsxr_t *x)
{
	xfail(x, ERR_INVALID,
	      "Tệp là bảng tính Excel 97-2003 (.xls) hoặc tệp Excel có đặt mật khẩu: hãy mở bằng "
	      "Excel, bỏ mật khẩu nếu có và lưu lại dưới dạng .xlsx");
}

/* Turns a libzip open error into the reader's error. */
static void fail_zip_open(xlsxr_t *x, int code)
{
	zip_error_t ze;

	zip_error_init_with_code(&ze, code);
	if (code == ZIP_ER_READ || code == ZIP_ER_SEEK || code == ZIP_ER_OPEN)
		xfail(x, ERR_IO, "Lỗi đọc tệp Excel: %s", zip_error_strerror(&ze));
	else
		xfail(x, ERR_INVALID,
		      "Tệp Excel không hợp lệ: không phải tệp .xlsx (không đọc được cấu trúc nén "
		      "ZIP: %s)",
		      zip_error_strerror(&ze));
	zip_error_fini(&ze);
}

/* Finishes opening once x->za is set; returns x, or NULL with e set. */
static xlsxr_t *open_finish(xlsxr_t *x, err_t *e)
{
	if (load_book(x)) {
		report(x, e);
		xlsxr_close(x);
		return NULL;
	}
	return x;
}

xlsxr_t *xlsxr_open_mem(const void *p, size_t n, const xlsxr_opts_t *o, err_t *e)
{
	xlsxr_t *x = reader_new(o);
	zip_source_t *src;
	zip_error_t ze;

	if (n > x->o.max_file) {
		xfail(x, ERR_TOO_LARGE, "Tệp Excel quá lớn: %zu byte, tối đa %zu byte", n,
		      x->o.max_file);
		goto fail;
	}
	if (n >= sizeof CFB_MAGIC && memcmp(p, CFB_MAGIC, sizeof CFB_MAGIC) == 0) {
		fail_cfb(x);
		goto fail;
	}
	zip_error_init(&ze);
	src = zip_source_buffer_create(n ? p : NULL, n, 0, &ze);
	if (src)
		x->za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!x->za) {
		int code = zip_error_code_zip(&ze);
		if (src)
			zip_source_free(src);
		zip_error_fini(&ze);
		fail_zip_open(x, code);
		goto fail;
	}
	zip_error_fini(&ze);
	return open_finish(x, e);
fail:
	report(x, e);
	xlsxr_close(x);
	return NULL;
}

xlsxr_t *xlsxr_open_file(const char *path, const xlsxr_opts_t *o, err_t *e)
{
	xlsxr_t *x = reader_new(o);
	unsigned char head[sizeof CFB_MAGIC];
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC), code = 0;

	if (fd < 0) {
		xfail(x, errno == ENOENT ? ERR_NOT_FOUND : ERR_IO, "Không mở được tệp «%s»: %s",
		      path, errno == ENOENT ? "tệp không tồn tại" : strerror(errno));
		goto fail;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		xfail(x, ERR_IO, "Không đọc được tệp «%s»: không phải tệp thông thường", path);
		goto fail;
	}
	if ((unsigned long long)st.st_size > x->o.max_file) {
		xfail(x, ERR_TOO_LARGE, "Tệp Excel quá lớn: %lld byte, tối đa %zu byte",
		      (long long)st.st_size, x->o.max_file);
		goto fail;
	}
	if (pread(fd, head, sizeof head, 0) == (ssize_t)sizeof head &&
	    memcmp(head, CFB_MAGIC, sizeof head) == 0) {
		fail_cfb(x);
		goto fail;
	}
	x->za = zip_fdopen(fd, 0, &code);
	if (!x->za) {
		fail_zip_open(x, code);
		goto fail;
	}
	return open_finish(x, e);
fail:
	if (fd >= 0)
		close(fd);
	report(x, e);
	xlsxr_close(x);
	return NULL;
}

void xlsxr_close(xlsxr_t *x)
{
	if (!x)
		return;
	stream_close(x);
	if (x->za)
		zip_discard(x->za);
	for (size_t i = 0; i < x->nsheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].path);
	}
	free(x->sheets);
	free(x->sst_path);
	free(x->styles_path);
	buf_free(&x->sst);
	free(x->sst_off);
	free(x->sst_len);
	free(x->xf_kind);
	free(x->rd);
	free(x->cl);
	free(x->cells);
	free(x->lens);
	free(x->q);
	free(x->merges);
	free(x->act);
	free(x);
}

size_t xlsxr_sheet_count(const xlsxr_t *x)
{
	return x->nsheets;
}

const char *xlsxr_sheet_name(const xlsxr_t *x, size_t i)
{
	return i < x->nsheets ? x->sheets[i].name : NULL;
}

int xlsxr_sheet_hidden(const xlsxr_t *x, size_t i)
{
	return i < x->nsheets && x->sheets[i].hidden;
}

int xlsxr_date1904(const xlsxr_t *x)
{
	return x->date1904;
}

long xlsxr_selected(const xlsxr_t *x)
{
	return x->sel;
}

long long xlsxr_sheet_size(const xlsxr_t *x)
{
	return (long long)x->size;
}

long long xlsxr_sheet_pos(const xlsxr_t *x)
{
	return (long long)x->got;
}

/* Index of the sheet called name (see xlsxr_select()), or -1. */
static long find_sheet(const xlsxr_t *x, const char *name)
{
	long found = -1;
	char *key;

	if (!name) {
		for (size_t i = 0; i < x->nsheets; i++)
			if (!x->sheets[i].hidden)
				return (long)i;
		return 0;
	}
	for (size_t i = 0; i < x->nsheets; i++)
		if (strcmp(x->sheets[i].name, name) == 0)
			return (long)i;
	key = text_fold(name);
	for (size_t i = 0; i < x->nsheets && found < 0 && key[0]; i++) {
		char *f = text_fold(x->sheets[i].name);
		if (strcmp(f, key) == 0)
			found = (long)i;
		free(f);
	}
	free(key);
	return found;
}

int xlsxr_select(xlsxr_t *x, const char *name, err_t *e)
{
	long i;
	int rc;

	if (x->failed)
		return report(x, e);
	i = find_sheet(x, name);
	if (i < 0) {
		buf_t b;
		buf_init(&b, 600);
		for (size_t j = 0; j < x->nsheets; j++) {
			size_t before = b.len;
			if (buf_printf(&b, "%s«%s»", j ? ", " : "", x->sheets[j].name)) {
				b.len = before; /* cut at a whole name, never inside a character */
				b.err = 0;
				if (b.p)
					b.p[b.len] = '\0';
				buf_puts(&b, ", …");
				break;
			}
		}
		err_set(e, ERR_NOT_FOUND,
		        "Không tìm thấy trang tính «%s» trong tệp Excel; các trang có: %s", name,
		        buf_cstr(&b));
		buf_free(&b);
		return -1;
	}
	stream_close(x);
	if (!x->loaded && load_tables(x))
		return report(x, e);
	x->sel = i;
	if (x->o.fill_merged && merges_scan(x))
		return report(x, e);
	x->sc.part = x->sheets[i].path;
	rc = entry_open(x, x->sheets[i].path, x->o.max_sheet, 1, &x->zf, &x->size);
	if (rc)
		return report(x, e);
	parser_new(&x->sc, sh_start, sh_end, sh_text);
	return 0;
}

int xlsxr_merged(xlsxr_t *x, const xlsxr_range_t **ranges, size_t *n, err_t *e)
{
	if (x->failed)
		return report(x, e);
	if (x->sel < 0) {
		err_set(e, ERR_USAGE, "Chưa chọn trang tính");
		return -1;
	}
	if (!x->merges_known) {
		size_t mnext = x->mnext;
		if (merges_scan(x))
			return report(x, e);
		x->mnext = mnext;
	}
	*ranges = x->merges;
	*n = x->nmerges;
	return 0;
}

int xlsxr_next(xlsxr_t *x, xlsxr_row_t *row, err_t *e)
{
	if (x->sel < 0 && !x->failed && xlsxr_select(x, NULL, e))
		return -1;
	for (;;) {
		/* Rows parsed before a failure still come out first. */
		while (x->qhead < x->qlen) {
			const qrow_t *qr = &x->q[x->qhead++];
			long w = row_build(x, qr);
			if (w < 0)
				return report(x, e);
			if (w > 0) {
				row->ncells = (size_t)w;
				row->cells = x->cells;
				row->lens = x->lens;
				row->rownum = qr->rownum;
				return 1;
			}
		}
		if (x->failed)
			return report(x, e);
		if (x->at_end)
			return 0;
		queue_compact(x);
		{
			void *b = XML_GetBuffer(x->sc.p, (int)CHUNK);
			long long n;
			if (!b) {
				xml_fail(&x->sc);
				continue;
			}
			n = entry_read(x, x->zf, x->sc.part, b, CHUNK, x->size, &x->got);
			if (n < 0)
				continue;
			x->fed_final = n == 0;
			if (XML_ParseBuffer(x->sc.p, (int)n, n == 0) != XML_STATUS_OK) {
				if (x->sheet_done && !x->failed)
					x->at_end = 1; /* stopped after </sheetData> */
				else
					xml_fail(&x->sc);
			} else if (x->fed_final) {
				x->at_end = 1;
			}
		}
	}
}
