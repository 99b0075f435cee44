/*
 * csv: streaming RFC 4180 reader and field writer. See csv.h.
 *
 * The reader keeps a window [pos, end) of unread input: the whole buffer for
 * memory input, the current 64 KiB chunk for a FILE (refilled only when the
 * window is empty, so nothing is ever moved). Field bytes are copied, with
 * "" unescaped, into r->data; offsets rather than pointers are kept while a
 * record is read because r->data may move when it grows. A 256-entry class
 * table and a word-at-a-time test for the three stop bytes of each mode
 * let the inner loops skip runs of ordinary bytes and copy each run with
 * one memcpy.
 *
 * Line counting: r->line is the physical line of the next unread byte; CRLF,
 * LF and a lone CR each end one line, inside quoted fields too.
 */
#include "csv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define CSV_CHUNK ((size_t)64 << 10)
#define BYTES8    0x0101010101010101ULL

/* Byte classes: STOP_PLAIN ends a run in an unquoted field (delimiter, CR,
 * LF), STOP_QUOTED ends a run in a quoted field ('"', CR, LF). */
enum { STOP_PLAIN = 1, STOP_QUOTED = 2 };

struct csv_reader {
	FILE *f; /* borrowed; NULL for memory input */
	const unsigned char *pos, *end;
	unsigned char *chunk; /* owned read buffer for FILE input */
	int eof;              /* nothing left beyond the window */
	int ioerr;            /* fread failed */
	int started, bom, failed;
	char delim;
	size_t max_field, max_fields;
	long line;     /* physical line of the next unread byte */
	long rec_line; /* line where the current record starts */
	unsigned char cls[256];
	uint64_t pat[2][3]; /* the stop bytes of each class, repeated 8 times */

	char *data; /* field bytes of the current record, each NUL-ended */
	size_t dlen, dcap;
	size_t nf, fcap; /* fields in the current record; room in the arrays */
	size_t *offs;    /* start of each field in data */
	size_t *lens;
	const char **fields;
};

static csv_reader_t *reader_new(const csv_opts_t *o)
{
	csv_reader_t *r = xcalloc(1, sizeof *r);

	if (o) {
		r->delim = o->delim;
		r->max_field = o->max_field;
		r->max_fields = o->max_fields;
	}
	if (!r->max_field)
		r->max_field = CSV_MAX_FIELD_DEFAULT;
	if (!r->max_fields)
		r->max_fields = CSV_MAX_FIELDS_DEFAULT;
	r->line = 1;
	return r;
}

csv_reader_t *csv_open_file(FILE *f, const csv_opts_t *o)
{
	csv_reader_t *r = reader_new(o);

	r->f = f;
	r->chunk = xmalloc(CSV_CHUNK);
	r->pos = r->end = r->chunk;
	return r;
}

csv_reader_t *csv_open_mem(const char *p, size_t n, const csv_opts_t *o)
{
	csv_reader_t *r = reader_new(o);

	if (!p) {
		p = "";
		n = 0;
	}
	r->pos = (const unsigned char *)p;
	r->end = r->pos + n;
	r->eof = 1;
	return r;
}

void csv_close(csv_reader_t *r)
{
	if (!r)
		return;
	free(r->chunk);
	free(r->data);
	free(r->offs);
	free(r->lens);
	free(r->fields);
	free(r);
}

int csv_had_bom(const csv_reader_t *r)
{
	return r->bom;
}

char csv_delim(const csv_reader_t *r)
{
	return r->delim;
}

/* Reads the next chunk when the window is empty; 1 if bytes are available,
 * 0 at the end of input (or after a read error, noted in r->ioerr). */
static int refill(csv_reader_t *r)
{
	size_t n;

	if (r->pos < r->end)
		return 1;
	if (r->eof)
		return 0;
	n = fread(r->chunk, 1, CSV_CHUNK, r->f);
	if (n == 0) {
		r->eof = 1;
		r->ioerr = ferror(r->f) != 0;
		return 0;
	}
	r->pos = r->chunk;
	r->end = r->chunk + n;
	return 1;
}

/* The next unread byte without consuming it, or -1 at the end. */
static int peek(csv_reader_t *r)
{
	if (r->pos == r->end && !refill(r))
		return -1;
	return *r->pos;
}

/* Counts the candidate delimiters outside quotes in each of the first 30
 * records in the window (the first 64 KiB at most) and decides by the record
 * with the most of one candidate — the header of a table, even under title
 * lines ("DANH SÁCH CÁN BỘ", a date) that have none. Ties go to ',' then ';'
 * then tab; a window with none gives ','. */
static char detect_delim(const csv_reader_t *r)
{
	static const char cand[] = {',', ';', '\t'};
	size_t best_count = 0;
	int best = 0;
	const unsigned char *p = r->pos;

	for (int rec = 0; rec < 30 && p < r->end; rec++) {
		size_t count[3] = {0, 0, 0};
		int inq = 0;
		while (p < r->end && (*p == '\r' || *p == '\n'))
			p++;
		for (; p < r->end; p++) {
			if (*p == '"')
				inq = !inq;
			else if (!inq && (*p == '\r' || *p == '\n'))
				break;
			else if (!inq)
				for (size_t i = 0; i < 3; i++)
					count[i] += *p == (unsigned char)cand[i];
		}
		for (int i = 0; i < 3; i++)
			if (count[i] > best_count) {
				best_count = count[i];
				best = i;
			}
	}
	return cand[best];
}

/* First call: fill the window, skip a BOM, settle the delimiter. */
static void start(csv_reader_t *r)
{
	r->started = 1;
	if (r->f)
		refill(r);
	if (r->end - r->pos >= 3 && memcmp(r->pos, "\xEF\xBB\xBF", 3) == 0) {
		r->pos += 3;
		r->bom = 1;
	}
	if (!r->delim)
		r->delim = detect_delim(r);
	memset(r->cls, 0, sizeof r->cls);
	r->cls[(unsigned char)r->delim] |= STOP_PLAIN;
	r->cls['"'] |= STOP_QUOTED;
	r->cls['\r'] |= STOP_PLAIN | STOP_QUOTED;
	r->cls['\n'] |= STOP_PLAIN | STOP_QUOTED;
	for (int i = 0; i < 2; i++) {
		r->pat[i][0] = BYTES8 * (i == 0 ? (unsigned char)r->delim : (unsigned char)'"');
		r->pat[i][1] = BYTES8 * '\r';
		r->pat[i][2] = BYTES8 * '\n';
	}
}

/* Marks r as failed; later calls return -1 at once. */
static int fail(csv_reader_t *r)
{
	r->failed = 1;
	return -1;
}

/* Appends n bytes to the current field; -1 (e set) past max_field. */
static int field_add(csv_reader_t *r, const void *p, size_t n, err_t *e)
{
	if (r->dlen - r->offs[r->nf] + n > r->max_field) {
		err_set(e, ERR_TOO_LARGE, "Ô dữ liệu quá dài (dòng %ld)", r->rec_line);
		return fail(r);
	}
	/* + 1 keeps room for the field's NUL. */
	if (r->dlen + n + 1 > r->dcap)
		xgrow((void **)&r->data, &r->dcap, r->dlen + n + 1, 1);
	memcpy(r->data + r->dlen, p, n);
	r->dlen += n;
	return 0;
}

/* Opens field number r->nf; -1 (e set) past max_fields. */
static int field_begin(csv_reader_t *r, err_t *e)
{
	if (r->nf == r->max_fields) {
		err_set(e, ERR_TOO_LARGE, "Dòng %ld có quá nhiều cột (tối đa %zu)", r->rec_line,
		        r->max_fields);
		return fail(r);
	}
	if (r->nf == r->fcap) {
		size_t cap = r->fcap ? r->fcap * 2 : 16;
		r->offs = xrealloc(r->offs, cap * sizeof *r->offs);
		r->lens = xrealloc(r->lens, cap * sizeof *r->lens);
		r->fields = xrealloc(r->fields, cap * sizeof *r->fields);
		r->fcap = cap;
	}
	r->offs[r->nf] = r->dlen;
	return 0;
}

/* Closes the current field with its NUL terminator. */
static void field_end(csv_reader_t *r)
{
	if (r->dlen + 1 > r->dcap)
		xgrow((void **)&r->data, &r->dcap, r->dlen + 1, 1);
	r->lens[r->nf] = r->dlen - r->offs[r->nf];
	r->data[r->dlen++] = '\0';
	r->nf++;
}

/* Consumes a line end whose first byte c (CR or LF) is at pos. */
static void eat_eol(csv_reader_t *r, int c)
{
	r->pos++;
	r->line++;
	if (c == '\r' && peek(r) == '\n')
		r->pos++;
}

/* True if any of the 8 bytes of w equals the byte repeated in pat. */
static int has_byte(uint64_t w, uint64_t pat)
{
	uint64_t x = w ^ pat;
	return ((x - BYTES8) & ~x & (BYTES8 << 7)) != 0;
}

/* Copies the run of bytes at pos that do not have class stop. */
static int copy_run(csv_reader_t *r, unsigned char stop, err_t *e)
{
	const unsigned char *p = r->pos, *end = r->end;
	const uint64_t *pat = r->pat[stop == STOP_QUOTED];
	uint64_t w;

	while (end - p >= 8) {
		memcpy(&w, p, 8);
		if (has_byte(w, pat[0]) | has_byte(w, pat[1]) | has_byte(w, pat[2]))
			break;
		p += 8;
	}
	while (p < end && !(r->cls[*p] & stop))
		p++;
	if (p > r->pos && field_add(r, r->pos, (size_t)(p - r->pos), e))
		return -1;
	r->pos = p;
	return 0;
}

/* Reads a quoted field; the opening quote is consumed. 0 or -1 (e set). */
static int read_quoted(csv_reader_t *r, err_t *e)
{
	int c;

	for (;;) {
		if (copy_run(r, STOP_QUOTED, e))
			return -1;
		if (r->pos == r->end) {
			if (refill(r))
				continue;
			if (r->ioerr)
				return 0; /* reported by the caller */
			err_set(e, ERR_INVALID,
			        "Dấu ngoặc kép chưa được đóng (bản ghi bắt đầu ở dòng %ld)",
			        r->rec_line);
			return fail(r);
		}
		c = *r->pos;
		if (c == '"') {
			r->pos++;
			if (peek(r) != '"')
				break;
			r->pos++;
			if (field_add(r, "\"", 1, e))
				return -1;
			continue;
		}
		/* A line break inside the field is kept as written. */
		if (field_add(r, r->pos, 1, e))
			return -1;
		r->pos++;
		r->line++;
		if (c == '\r' && peek(r) == '\n') {
			if (field_add(r, r->pos, 1, e))
				return -1;
			r->pos++;
		}
	}
	c = peek(r);
	if (c >= 0 && c != (unsigned char)r->delim && c != '\r' && c != '\n') {
		err_set(e, ERR_INVALID, "Có ký tự thừa sau dấu ngoặc kép đóng (dòng %ld)", r->line);
		return fail(r);
	}
	return 0;
}

int csv_next(csv_reader_t *r, csv_row_t *row, err_t *e)
{
	int c;

	if (r->failed)
		return -1;
	if (!r->started)
		start(r);
	/* Blank lines are skipped, wherever they are. */
	for (;;) {
		c = peek(r);
		if (c < 0)
			goto at_end;
		if (c != '\r' && c != '\n')
			break;
		eat_eol(r, c);
	}
	r->rec_line = r->line;
	r->dlen = 0;
	r->nf = 0;
	for (;;) {
		if (field_begin(r, e))
			return -1;
		if (peek(r) == '"') {
			r->pos++;
			if (read_quoted(r, e))
				return -1;
		} else {
			for (;;) {
				if (copy_run(r, STOP_PLAIN, e))
					return -1;
				if (r->pos < r->end || !refill(r))
					break;
			}
		}
		field_end(r);
		c = peek(r);
		if (c == (unsigned char)r->delim) {
			r->pos++;
			continue;
		}
		if (c == '\r' || c == '\n')
			eat_eol(r, c);
		break;
	}
	if (r->ioerr)
		goto at_end;
	for (size_t i = 0; i < r->nf; i++)
		r->fields[i] = r->data + r->offs[i];
	row->nfields = r->nf;
	row->fields = r->fields;
	row->lens = r->lens;
	row->line = r->rec_line;
	return 1;
at_end:
	if (r->ioerr) {
		err_set(e, ERR_IO, "Lỗi đọc tệp CSV (gần dòng %ld)", r->line);
		return fail(r);
	}
	return 0;
}

/* Appends s as one field; guard adds the formula-injection quote. */
static void write_field(buf_t *out, const char *s, char delim, int guard)
{
	const char *p, *q;
	int quote = 0;

	for (p = s; *p; p++)
		if (*p == delim || *p == '"' || *p == '\r' || *p == '\n') {
			quote = 1;
			break;
		}
	guard = guard && s[0] && strchr("=+-@\t\r", s[0]) != NULL;
	if (quote)
		buf_putc(out, '"');
	if (guard)
		buf_putc(out, '\'');
	if (!quote) {
		buf_puts(out, s);
		return;
	}
	for (p = s; (q = strchr(p, '"')) != NULL; p = q + 1) {
		buf_add(out, p, (size_t)(q - p) + 1);
		buf_putc(out, '"');
	}
	buf_puts(out, p);
	buf_putc(out, '"');
}

void csv_write_field(buf_t *out, const char *s, char delim)
{
	write_field(out, s, delim, 0);
}

void csv_write_field_safe(buf_t *out, const char *s, char delim)
{
	write_field(out, s, delim, 1);
}
