/*
 * xlsxw: a streaming writer for printable XLSX reports (wraps libxlsxwriter;
 * the only module that includes <xlsxwriter.h>).
 *
 * A report is one sheet: a title block (organisation or unit name, period or
 * date: bold, centred, each line merged across the columns), a blank row, a
 * header row (bold, wrapped, bordered, light fill) that stays frozen on
 * screen and is repeated on every printed page, then the data rows. Pages
 * are A4 landscape, scaled to fit the width of one page, numbered in the
 * footer.
 *
 * The workbook is written in libxlsxwriter's constant_memory mode: each row
 * goes to a temporary file as soon as the next one starts, so memory does
 * not grow with the row count (200,000 rows and more). The price is order:
 * rows are written top to bottom and the cells of a row left to right. The
 * interface makes that the only way to write: a cursor moves along the row
 * (xlsxw_text(), xlsxw_date() …) and down to the next one (xlsxw_row_end()).
 * libxlsxwriter 1.1.4 has no in-memory output: the file is assembled at
 * path by xlsxw_close(); a server writes to a temporary file and sends that.
 *
 * Errors are remembered (after SQLite's sqlite3_str): the first failure
 * makes every later call a no-op, and xlsxw_close() reports it, so a caller
 * checks once. Text is written as it is when it is valid UTF-8; invalid
 * bytes and control characters that XML cannot carry become U+FFFD, and
 * text past Excel's cell limit is cut (with "…"), so any input gives a file
 * that opens.
 */
#ifndef CANBO_XLSXW_H
#define CANBO_XLSXW_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

typedef struct xlsxw xlsxw_t;

/* Excel's hard limit on rows per sheet, title and header included. */
#define XLSXW_MAX_ROWS 1048576L

/* Cell flags. */
enum {
	XLSXW_HIGHLIGHT = 1, /* mark a bad cell: light red fill, dark red text */
	XLSXW_WRAP = 2,      /* wrap long text onto more lines instead of cutting it
			      * off; the writer makes the row tall enough (an
			      * estimate from the column width) */
};

/* One column of a report. */
typedef struct xlsxw_col {
	const char *header; /* Vietnamese label (borrowed, copied by the writer) */
	double width;       /* in characters, Excel's unit; 0 = 10 */
} xlsxw_col_t;

/* Starts a new workbook that will be written to path (borrowed; the file
 * is created now, to report a bad path early, and filled by xlsxw_close())
 * with one sheet named sheet (borrowed; at most 31 characters, none of
 * []:*?/\). Returns 0 and a new writer in *out, or ERR_IO (path not
 * writable, no temporary file) / ERR_INVALID (bad sheet name) with e set and
 * *out NULL. */
int xlsxw_open(const char *path, const char *sheet, xlsxw_t **out, err_t *e);

/* Writes the title block and the header row, and sets the columns, the
 * frozen pane and the print layout. title[0..ntitle) (borrowed) are the
 * title lines, the first one larger; cols[0..ncols) (borrowed) the columns
 * (1..16384). Call once, first; afterwards the cursor is at the first
 * column of the first data row. A failure is remembered. */
void xlsxw_begin(xlsxw_t *w, const char *const *title, size_t ntitle, const xlsxw_col_t *cols,
		 size_t ncols);

/* Cell writers: each writes the cell under the cursor and moves it one
 * column right. flags: 0, XLSXW_HIGHLIGHT, XLSXW_WRAP or both. Writing past the last column
 * is a remembered error (ERR_INTERNAL). */

/* Text (borrowed); NULL or "" gives an empty bordered cell. */
void xlsxw_text(xlsxw_t *w, const char *s, int flags);
/* An integer, shown without separators ("0"). */
void xlsxw_int(xlsxw_t *w, int64_t v, int flags);
/* A decimal number, shown "#,##0.00" (1.234,56 in a Vietnamese locale);
 * the cell stays a number. */
void xlsxw_number(xlsxw_t *w, double v, int flags);
/* A date given as a lib/date day number (days since 1970-01-01), written
 * as a real Excel date (a serial number) shown "dd/mm/yyyy". Days before
 * 01/01/1900, which Excel cannot hold, are written as "dd/mm/yyyy" text. */
void xlsxw_date(xlsxw_t *w, int days, int flags);
/* An empty bordered cell. */
void xlsxw_blank(xlsxw_t *w, int flags);

/* Ends the current data row; the cursor moves to the first column of the
 * next one. A row with fewer cells than columns is fine. Past
 * XLSXW_MAX_ROWS the error ERR_TOO_LARGE is remembered. */
void xlsxw_row_end(xlsxw_t *w);

/* Data rows ended so far. */
long xlsxw_rows(const xlsxw_t *w);

/* 1 once an error is remembered (so a long loop can stop early), else 0. */
int xlsxw_failed(const xlsxw_t *w);

/* Assembles the file and frees w (NULL is fine: returns 0). Returns 0, or
 * the remembered error, or ERR_IO when libxlsxwriter fails to write the
 * file, with a Vietnamese message in e. On error the file at path is
 * removed: no half-written report is left behind. */
int xlsxw_close(xlsxw_t *w, err_t *e);

/* Gives up: frees w (NULL is fine) without assembling the file, and removes
 * the file at path. For a caller whose own data source failed midway. */
void xlsxw_discard(xlsxw_t *w);

#endif
