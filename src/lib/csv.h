/*
 * csv: a streaming RFC 4180 reader and a small field writer.
 *
 * The reader pulls records one at a time from a FILE (read in 64 KiB
 * chunks) or from memory. It accepts what Vietnamese offices actually send:
 * a UTF-8 byte order mark (skipped), CRLF, LF or lone CR line ends, quoted
 * fields with "" escapes and embedded line breaks, and ',' ';' or tab as the
 * delimiter (Excel in a Vietnamese locale writes ';'), detected from the
 * first record when not given. Blank physical lines are skipped wherever
 * they appear (a trailing one in particular) but still counted, so line
 * numbers in messages match what a person sees in an editor.
 *
 * Limits are hard: a field longer than max_field bytes or a record with
 * more than max_fields fields is an error, found before the memory grows
 * further. Field contents are copied into one buffer per reader that is
 * reused for every row: nothing is allocated per field. Bytes are passed
 * through as they are: checking UTF-8 is the caller's job (text_clean()).
 */
#ifndef CANBO_CSV_H
#define CANBO_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"
#include "err.h"

#define CSV_MAX_FIELD_DEFAULT  ((size_t)64 << 10) /* bytes per field */
#define CSV_MAX_FIELDS_DEFAULT ((size_t)256)      /* fields per record */

/* Reader options; a zeroed struct (or a NULL pointer) gives the defaults. */
typedef struct csv_opts {
	char delim;        /* ',', ';', '\t', ...; 0 = detect from the first record */
	size_t max_field;  /* bytes per field; 0 = CSV_MAX_FIELD_DEFAULT */
	size_t max_fields; /* fields per record; 0 = CSV_MAX_FIELDS_DEFAULT */
} csv_opts_t;

/* One record. fields[i] points to lens[i] bytes followed by a NUL (a field
 * may itself contain NUL bytes; trust lens). Everything is borrowed from the
 * reader and valid until the next csv_next() or csv_close(). */
typedef struct csv_row {
	size_t nfields;
	const char **fields;
	const size_t *lens;
	long line; /* 1-based physical line where the record starts */
} csv_row_t;

typedef struct csv_reader csv_reader_t;

/* Returns a new reader over f (borrowed: the caller keeps it open while
 * reading and closes it afterwards). o (borrowed, may be NULL) is copied.
 * Never NULL; read errors are reported by csv_next(). */
csv_reader_t *csv_open_file(FILE *f, const csv_opts_t *o);

/* Returns a new reader over the n bytes at p (borrowed: they must outlive
 * the reader). o (borrowed, may be NULL) is copied. Never NULL. */
csv_reader_t *csv_open_mem(const char *p, size_t n, const csv_opts_t *o);

/* Frees r (may be NULL); the FILE or memory it read is left alone. */
void csv_close(csv_reader_t *r);

/* Reads the next record into row. Returns 1 for a record, 0 at the end of
 * input, -1 on error with e set: ERR_INVALID for an unterminated quoted
 * field or text after a closing quote, ERR_TOO_LARGE for a field over
 * max_field or a record over max_fields, ERR_IO for a read error. Errors are
 * sticky: later calls return -1 again (e untouched). */
int csv_next(csv_reader_t *r, csv_row_t *row, err_t *e);

/* 1 if the input began with a UTF-8 byte order mark (known once csv_next()
 * was called), else 0. */
int csv_had_bom(const csv_reader_t *r);

/* The delimiter in use: the one given, or the detected one once csv_next()
 * was called (0 before that when detecting). */
char csv_delim(const csv_reader_t *r);

/* Appends the NUL-terminated s (borrowed) to out (borrowed) as one CSV
 * field: quoted, with '"' doubled, when it contains delim, '"', CR or LF,
 * otherwise as is. Write delim between fields and "\r\n" after a record
 * yourself. */
void csv_write_field(buf_t *out, const char *s, char delim);

/* Like csv_write_field() but guards against spreadsheet formula injection
 * (OWASP "CSV injection"): a field starting with '=', '+', '-', '@', tab or
 * CR gets a leading single quote so Excel shows it as text. Use it only when
 * the export is meant for spreadsheets and its option asks for it: the quote
 * changes the data (a negative number "-5" becomes "'-5"). */
void csv_write_field_safe(buf_t *out, const char *s, char delim);

#endif
