/*
 * import: bringing units and people in from spreadsheets, all or nothing.
 *
 * The header row is matched by name (any case, with or without diacritics,
 * common variants; see docs/import.md). Every cell is checked as UTF-8,
 * normalised to NFC, trimmed and validated; every row is written in one
 * transaction. If any row is wrong nothing is kept, and the result lists
 * each problem: line, column, value and the reason in Vietnamese.
 * Re-importing the same codes updates the records.
 */
#ifndef CANBO_IMPORT_H
#define CANBO_IMPORT_H

#include <stddef.h>

#include "app/ctx.h"
#include "app/rowsrc.h"

typedef enum import_kind { IMPORT_UNITS, IMPORT_PEOPLE } import_kind;

typedef struct import_problem {
	long line;
	char *column; /* header as written in the file, "" for the whole row */
	char *value;
	char *reason;
} import_problem_t;

#define IMPORT_MAX_PROBLEMS 1000

typedef struct import_result {
	long rows;       /* data rows read */
	long created, updated, unchanged;
	long nproblems;  /* all problems found (only the first IMPORT_MAX_PROBLEMS kept) */
	import_problem_t *problems;
	size_t nkept, cap;
	char **ignored_columns; /* headers not recognised (ignored) */
	size_t nignored;
	int committed;   /* 1 when the data was written */
} import_result_t;

typedef struct import_opts {
	const char *as_of;  /* ISO date for post changes; NULL = today */
	int progress;       /* print progress to c->progress_fd */
	int dry_run;        /* validate only, never commit */
} import_opts_t;

/* Reads every row of src and, if all are valid, writes them in one
 * transaction. Returns 0 when written (or valid, for a dry run);
 * ERR_INVALID when any problem was found (res lists them, nothing
 * written); another err_code for failures that stop reading (e.g. the file
 * does not parse, a required column is missing: then res may be empty and e
 * says why). */
int import_run(app_ctx_t *c, import_kind kind, rowsrc_t *src, const import_opts_t *o,
	       import_result_t *res, err_t *e);
void import_result_free(import_result_t *r);

/* Writes the problems (Dòng, Cột, Giá trị, Lý do) to path: XLSX with the
 * bad values marked when path ends in .xlsx, else CSV (UTF-8 with BOM).
 * source names the imported file in the report's title. */
int import_write_report(const import_result_t *r, const char *path, const char *source,
			err_t *e);

/* The accepted headers of an import kind, for help texts: one line per
 * column, "Label (required) — also: variant, variant". New string. */
char *import_describe(import_kind kind);

#endif
