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
} rowsrc_t;

/* Opens a UTF-8 CSV file (BOM optional; ',', ';' or tab detected). */
int rowsrc_open_csv(const char *path, rowsrc_t *out, err_t *e);
/* Opens CSV text held in memory (borrowed for the source's lifetime). */
int rowsrc_open_csv_mem(const char *p, size_t n, const char *name, rowsrc_t *out, err_t *e);
/* Closes the source; safe on a zeroed struct. */
void rowsrc_close(rowsrc_t *s);

#endif
