/*
 * xlsxr: a streaming reader for Excel .xlsx workbooks (Office Open XML).
 *
 * Opens a workbook from a file or from memory, lists its worksheets in
 * workbook order, and streams the rows of one of them as text cells, one
 * row at a time, the way csv.h streams records: the sheet XML is inflated
 * 64 KiB at a time and parsed by expat in push mode, and only the rows of
 * that chunk are held, so memory does not grow with the row count. The
 * shared-string table (xl/sharedStrings.xml) and one number-format kind per
 * cell style are held for the whole read.
 *
 * Every cell comes out as text, as a person sees it in a Vietnamese office:
 * shared and inline strings (rich-text runs joined, phonetic runs dropped,
 * _xHHHH_ escapes decoded, spaces around a <t> without xml:space="preserve"
 * dropped as Excel does, unless the run is only spaces), numbers in canonical form ("12", "2.34",
 * 15 significant digits like Excel, no trailing ".0"), booleans as "TRUE" / "FALSE", error values
 * as written ("#N/A"), formula results as cached. A number whose cell style has a date format
 * becomes "dd/mm/yyyy" (with " hh:mm", or " hh:mm:ss", when the format shows a time); a time-of-day
 * format gives "hh:mm"; elapsed-time formats ([h]:mm) stay numbers. Both date
 * systems are handled (1900, with Excel's fictional 29/02/1900 at serial 60,
 * and 1904). Dates typed as text stay text.
 *
 * Safety is checked before anything is inflated or allocated: the file size,
 * the number of archive entries and the total declared size; each part's
 * declared size against its cap and its compression ratio (zip bombs); while
 * reading, the bytes actually inflated against the declared size. XML with a
 * DOCTYPE or entity declaration is refused (no "billion laughs", no external
 * entities). Shared strings, cell length, columns, rows and merged ranges are
 * capped. Every refusal is ERR_INVALID or ERR_TOO_LARGE with a Vietnamese
 * message; file errors are ERR_NOT_FOUND or ERR_IO.
 *
 * Bytes are passed through as stored (UTF-8, normally NFC, but decomposed
 * text stays decomposed): checking and normalising is the caller's job
 * (text_clean()). This is the only module that includes <zip.h> and
 * <expat.h>. A reader is not thread-safe; use one per thread.
 */
#ifndef CANBO_XLSXR_H
#define CANBO_XLSXR_H

#include <stddef.h>

#include "err.h"

/* Default caps (see xlsxr_opts_t). */
#define XLSXR_MAX_FILE_DEFAULT    ((size_t)256 << 20) /* the .xlsx itself */
#define XLSXR_MAX_SHEET_DEFAULT   ((size_t)256 << 20) /* a worksheet, inflated */
#define XLSXR_MAX_SST_DEFAULT     ((size_t)64 << 20)  /* sharedStrings.xml, inflated */
#define XLSXR_MAX_PART_DEFAULT    ((size_t)16 << 20)  /* workbook, rels, styles */
#define XLSXR_MAX_TOTAL_DEFAULT   ((size_t)1 << 30)   /* all entries, declared */
#define XLSXR_MAX_ENTRIES_DEFAULT ((size_t)10000)
#define XLSXR_MAX_RATIO_DEFAULT   200u              /* inflated : compressed */
#define XLSXR_RATIO_FROM_DEFAULT  ((size_t)1 << 20) /* ratio checked above this */
#define XLSXR_MAX_STRINGS_DEFAULT ((size_t)4 << 20) /* shared strings */
#define XLSXR_MAX_CELL_DEFAULT    ((size_t)32767)   /* characters, as Excel */
#define XLSXR_MAX_COLS_DEFAULT    ((size_t)16384)   /* A..XFD, as Excel */
#define XLSXR_MAX_ROWS_DEFAULT    1048576L          /* as Excel */
#define XLSXR_MAX_MERGES_DEFAULT  ((size_t)1 << 20)

/* What xlsxr_next() does with merged cells (<mergeCell ref="A1:C1"/>). In
 * a merged range only the top-left cell holds a value; filling copies it
 * into the other, empty, cells of the range. */
typedef enum xlsxr_fill {
	XLSXR_FILL_NONE = 0, /* cells come out as stored */
	XLSXR_FILL_ROW,      /* the range's first row only: a merged header or
	                        title covers its columns */
	XLSXR_FILL_ALL       /* every row of the range too (a unit name merged
	                        down over its people) */
} xlsxr_fill_t;

/* Reader options; a zeroed struct (or a NULL pointer) gives the defaults.
 * Sizes are bytes unless said otherwise. */
typedef struct xlsxr_opts {
	size_t max_file;    /* the .xlsx file or buffer; 0 = XLSXR_MAX_FILE_DEFAULT */
	size_t max_sheet;   /* the chosen worksheet part, inflated; 0 = 256 MiB */
	size_t max_sst;     /* xl/sharedStrings.xml, inflated; 0 = 64 MiB */
	size_t max_part;    /* any other part read (workbook, rels, styles); 0 = 16 MiB */
	size_t max_total;   /* declared inflated size of all entries together, and
	                       bytes actually inflated by this reader (a sheet
	                       counts twice when its merged cells are scanned);
	                       0 = 1 GiB */
	size_t max_entries; /* entries in the archive; 0 = 10000 */
	unsigned max_ratio; /* inflated:compressed ratio refused above this ... */
	size_t ratio_from;  /* ... for parts larger than this; 0 = 200 and 1 MiB */
	size_t max_strings; /* shared strings; 0 = 4 Mi */
	size_t max_cell;    /* characters (code points) per cell; 0 = 32767 */
	size_t max_cols;    /* columns; 0 = 16384. A row comes out as wide as its
	                       last used column, so a caller that expects a
	                       table of a few dozen columns should set this
	                       lower (256, as csv.h) */
	long max_rows;      /* last row number; 0 = 1048576 */
	size_t max_merges;  /* merged ranges per sheet; 0 = 1 Mi */
	int fill_merged;    /* an xlsxr_fill_t; 0 = XLSXR_FILL_NONE */
} xlsxr_opts_t;

/* One row of the selected sheet. cells[i] is the text of column i (A = 0),
 * lens[i] bytes followed by a NUL (an escaped _x0000_ can put a NUL inside:
 * trust lens); columns without a value are "" so a
 * sparse row keeps its positions. ncells is one past the last non-empty
 * column (never 0: rows without any value are skipped). Everything is
 * borrowed from the reader and valid until the next xlsxr_next(),
 * xlsxr_select() or xlsxr_close(). */
typedef struct xlsxr_row {
	size_t ncells;
	const char **cells;
	const size_t *lens;
	long rownum; /* 1-based Excel row number; rows absent from the sheet are
	                skipped, so this can jump */
} xlsxr_row_t;

/* A merged range, inclusive: rows 1-based (as xlsxr_row_t.rownum), columns
 * 0-based (as cell indexes). */
typedef struct xlsxr_range {
	long row1, row2;
	size_t col1, col2;
} xlsxr_range_t;

typedef struct xlsxr xlsxr_t;

/* Opens the workbook at path (borrowed) and reads its sheet list. o
 * (borrowed, may be NULL) is copied. Returns a new reader (free with
 * xlsxr_close()) or NULL with e set: ERR_NOT_FOUND / ERR_IO when the file
 * cannot be opened, ERR_TOO_LARGE above a cap, ERR_INVALID for anything that
 * is not a readable .xlsx (including an old .xls or a password-protected
 * workbook, with a message saying so). */
xlsxr_t *xlsxr_open_file(const char *path, const xlsxr_opts_t *o, err_t *e);

/* Like xlsxr_open_file() over the n bytes at p (borrowed: they must outlive
 * the reader). */
xlsxr_t *xlsxr_open_mem(const void *p, size_t n, const xlsxr_opts_t *o, err_t *e);

/* Frees x (may be NULL). */
void xlsxr_close(xlsxr_t *x);

/* Number of worksheets (chart sheets are not counted); at least 1. */
size_t xlsxr_sheet_count(const xlsxr_t *x);

/* Name of worksheet i (0-based, workbook order), borrowed from x; NULL when
 * i is out of range. */
const char *xlsxr_sheet_name(const xlsxr_t *x, size_t i);

/* 1 if worksheet i is hidden (state="hidden" or "veryHidden"), else 0. */
int xlsxr_sheet_hidden(const xlsxr_t *x, size_t i);

/* 1 if the workbook uses the 1904 date system, else 0. */
int xlsxr_date1904(const xlsxr_t *x);

/* Chooses the sheet to read and starts at its first row; may be called
 * again to switch or to restart. name (borrowed) is matched exactly, else
 * ignoring case and diacritics ("danh sach" finds "Danh sách"); NULL picks
 * the first sheet that is not hidden (the first sheet if all are). The first
 * call also loads the shared strings and styles. With fill_merged set the
 * merged ranges are read first (one quick extra pass over the sheet).
 * Returns 0, or -1 with e set: ERR_NOT_FOUND (the message lists the sheets;
 * the current selection, if any, is kept), ERR_INVALID or ERR_TOO_LARGE
 * (sticky, like xlsxr_next() errors). */
int xlsxr_select(xlsxr_t *x, const char *name, err_t *e);

/* Index of the selected sheet, or -1 before xlsxr_select(). */
long xlsxr_selected(const xlsxr_t *x);

/* Reads the next non-empty row of the selected sheet (the default sheet is
 * selected first if none is). Returns 1 with row filled, 0 at the end, -1
 * with e set (ERR_INVALID, ERR_TOO_LARGE, ERR_IO). Errors are sticky: later
 * calls return -1 with the same error. */
int xlsxr_next(xlsxr_t *x, xlsxr_row_t *row, err_t *e);

/* Sets *ranges and *n to the merged ranges of the selected sheet, sorted by
 * row1 then col1; the array is borrowed and valid until xlsxr_select() or
 * xlsxr_close(). The first call per sheet scans the sheet once (Excel writes
 * the ranges after all rows) unless fill_merged already did. Returns 0, or
 * -1 with e set (no sheet selected is ERR_USAGE). */
int xlsxr_merged(xlsxr_t *x, const xlsxr_range_t **ranges, size_t *n, err_t *e);

/* Declared inflated size of the selected sheet part, and the bytes of it
 * inflated so far: for progress reports. Both 0 before xlsxr_select(). */
long long xlsxr_sheet_size(const xlsxr_t *x);
long long xlsxr_sheet_pos(const xlsxr_t *x);

#endif
