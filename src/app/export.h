/*
 * export: lists written out as files people open in Excel or LibreOffice.
 *
 * XLSX files are reports ready to print (lib/xlsxw): a title block naming
 * the list, the unit and the day, Vietnamese headers, a frozen header row
 * repeated on every page, dates as real dates. CSV files carry the same
 * columns for other programs: UTF-8 (with a byte order mark on request, so
 * Excel reads the diacritics right), CRLF line ends, dates dd/mm/yyyy, and
 * every field guarded against formula injection.
 *
 * Exports stream: rows go from the database cursor to the file one at a
 * time, so 200,000 people take no more memory than 20. Files are written at
 * a path the caller chooses (a server writes to a temporary file and sends
 * it); on any error the file is removed.
 */
#ifndef CANBO_EXPORT_H
#define CANBO_EXPORT_H

#include <stddef.h>

#include "app/ctx.h"
#include "app/people.h"
#include "app/period.h"

typedef enum export_format { EXPORT_XLSX, EXPORT_CSV } export_format;

/* Writes the people matching q (borrowed; as for people_list(): unit,
 * subtree, category, search text, limit and offset) in Vietnamese name
 * order to path (borrowed) as fmt. Columns: Mã, Họ và tên, Ngày sinh,
 * Giới tính, Phân loại (CB/CC/VC/LĐHĐ), Chức vụ, Đơn vị, Mã ngạch, Ngạch,
 * Trình độ chuyên môn, Lý luận chính trị, Quản lý nhà nước. The XLSX title
 * is "DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC", the unit's name (q's unit,
 * or the single root unit) and "Ngày xuất: dd/mm/yyyy". csv_bom: 1 to
 * start a CSV file with a UTF-8 byte order mark (ignored for XLSX).
 * Returns 0 with *rows (may be NULL) set to the people written; otherwise
 * ERR_NOT_FOUND (no such unit), ERR_IO (the file), ERR_TOO_LARGE (more rows
 * than an Excel sheet holds) or ERR_DB, with e set and no file left. */
int export_people(app_ctx_t *c, const people_query_t *q, export_format fmt, int csv_bom,
		  const char *path, long *rows, err_t *e);

/* Writes an import's error report as XLSX to path (borrowed): columns
 * Dòng, Cột, Giá trị, Lý do, one row per problem, the Giá trị cell marked
 * red. The problems are n entries of four parallel arrays (all borrowed):
 * line[i] (the file's line; <= 0 for a problem of the whole file, left
 * blank), column[i] (the header as written in the file, "" or NULL for the
 * whole row), value[i] and reason[i] (Vietnamese). source (borrowed, may be
 * NULL) names the imported file in the title; total is the number of
 * problems found, which may exceed n when only the first ones were kept
 * (the title then says so). Values are written as text whatever they hold
 * (a value "=1+1" stays text, never a formula); invalid UTF-8 in them shows
 * as U+FFFD. Returns 0, or ERR_IO with e set and no file left. */
int export_import_report_xlsx(const char *path, const char *source, long total, size_t n,
			      const long *line, const char *const *column,
			      const char *const *value, const char *const *reason, err_t *e);

/* A unit's monthly results (its subtree, month m) as XLSX or CSV: title with
 * the month and the unit's name, the self, reviewer and final totals and the
 * grade with its reason. *rows gets the number of people. */
int export_month(app_ctx_t *c, const char *unit_code, const period_month_t *m, export_format fmt,
		 int csv_bom, const char *path, long *rows, err_t *e);

#endif
