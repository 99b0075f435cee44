/*
 * rowsrc: a source of table rows for the importer.
 *
 * The importer reads rows of text cells through this interface, so every
 * file format plugs in the same way: CSV now; XLSX and legacy Vietnamese
 * encodings (TCVN3, VNI, Windows-1258) later add their own opener and reuse
 * the whole importer (header matching, validation, the all-or-nothing
 * write and the row-by-row report). Cells are raw bytes: the importer
 * checks UTF-8 and normalises them.
 */
#ifndef CANBO_ROWSRC_H
#define CANBO_ROWSRC_H

#include <stddef.h>

#include "lib/err.h"

typedef struct rowsrc_row {
	size_t n;
	const char **cells;  /* borrowed until the next call */
	const size_t *lens;
	long line;           /* where the row starts in the file, for reports */
} rowsrc_row_t;

typedef struct rowsrc {
	void *self;
	/* 1 with a row, 0 at the end, -1 with e filled. */
	int (*next)(void *self, rowsrc_row_t *row, err_t *e);
	void (*close)(void *self);
	char name[256];      /* file name for messages */
	long long size;      /* bytes, for progress; 0 when unknown */
	long long (*pos)(void *self); /* bytes read so far, or NULL */
	char encoding[128];  /* what was read, for people: "UTF-8", "TCVN3 (ABC),
			      * độ tin cậy 95%" … */
} rowsrc_t;

/* How to open a file. */
typedef struct rowsrc_opts {
	const char *encoding; /* NULL/"auto" = detect; else a name legacy_parse_name
			       * knows ("tcvn3", "vni", "cp1258", "utf8") */
	const char *sheet;    /* XLSX: the sheet's name; NULL = the first */
} rowsrc_opts_t;

/* Opens a file by its kind: .xlsx as a workbook, anything else as CSV. For
 * CSV, text that is not UTF-8 is detected as TCVN3, VNI-Windows or
 * Windows-1258 and converted to NFC UTF-8; when detection is unsure the
 * file is refused with the candidates' confidence (use o->encoding). */
int rowsrc_open(const char *path, const rowsrc_opts_t *o, rowsrc_t *out, err_t *e);

/* Opens a UTF-8 CSV file (BOM optional; ',', ';' or tab detected). */
int rowsrc_open_csv(const char *path, rowsrc_t *out, err_t *e);
/* Opens sheet o->sheet (NULL = the first visible) of a workbook; text typed
 * with legacy fonts (TCVN3, VNI) is detected and converted, or forced by
 * o->encoding. Merged header cells cover their columns. */
int rowsrc_open_xlsx(const char *path, const rowsrc_opts_t *o, rowsrc_t *out, err_t *e);
/* Opens CSV text held in memory (borrowed for the source's lifetime). */
int rowsrc_open_csv_mem(const char *p, size_t n, const char *name, rowsrc_t *out, err_t *e);
/* Closes the source; safe on a zeroed struct. */
void rowsrc_close(rowsrc_t *s);

#endif
