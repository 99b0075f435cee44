/*
 * xlsxw: streaming XLSX reports over libxlsxwriter. See xlsxw.h.
 *
 * Formats are made once, at open: four cell kinds (text, integer, decimal,
 * date) each in every combination of the cell flags (highlighted, wrapped),
 * plus the title and header styles. Every
 * format names Times New Roman, the typeface of Vietnamese administrative
 * documents (Nghị định 30/2020/NĐ-CP), which LibreOffice replaces with the
 * metric-compatible Liberation Serif where it is missing.
 *
 * Wrapped text makes a row taller, but neither Excel nor LibreOffice
 * reliably grows rows on opening a file, and constant_memory cannot look
 * back: so the writer estimates the lines each wrapped cell needs (a greedy
 * word wrap over the column's width) and sets the row's height when the row
 * ends.
 *
 * Invariants: row is the sheet row the cursor is on and col its column;
 * before xlsxw_begin() nothing is written. Once err.code is set, nothing
 * more is written and xlsxw_close() only frees and reports.
 */
#include "xlsxw.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "buf.h"
#include "date.h"
#include "text.h"
#include "xalloc.h"

#define FONT         "Times New Roman"
#define FONT_SIZE    11
#define STR_MAX      32767 /* characters in one cell (Excel, and libxlsxwriter's check) */
#define PAPER_A4     9     /* Excel's paper code */
#define EXCEL_1970   25569 /* Excel serial number of 1970-01-01 */
#define EXCEL_MAR1   61    /* serial of 1900-03-01: below it Excel counts a 29/02/1900 */
#define LINE_HEIGHT  15.0  /* points per line of 11 pt text */
/* Characters of Vietnamese text in Times New Roman that fit one unit of
 * column width (the width of a "0" in the default font), rounded down so a
 * row is rather too tall than cut: measured 1.45 in LibreOffice. Bold
 * headers are wider. */
#define CHARS_PER_UNIT      1.3
#define CHARS_PER_UNIT_BOLD 1.2
#define FILL_HEADER  0xDDEBF7
#define FILL_BAD     0xFFC7CE
#define FONT_BAD     0x9C0006

/* Cell kinds, each with a format per combination of the cell flags. */
enum { K_TEXT, K_INT, K_NUMBER, K_DATE, K__MAX };
#define FLAGS_ALL (XLSXW_HIGHLIGHT | XLSXW_WRAP)

/* The number format of each kind (NULL: General). "," and "." in a format
 * code are placeholders: Excel and LibreOffice show the reader's own
 * separators, 1.234,56 in a Vietnamese locale, while the value stays a
 * number. */
static const char *const kind_numfmt[K__MAX] = {
	[K_TEXT] = NULL,
	[K_INT] = "0",
	[K_NUMBER] = "#,##0.00",
	[K_DATE] = "dd/mm/yyyy",
};

struct xlsxw {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *cell[K__MAX][FLAGS_ALL + 1]; /* [kind][flags] */
	lxw_format *title_big, *title, *header;
	char *path;
	lxw_row_t row;
	lxw_col_t col, ncols;
	double *width;  /* [ncols], in characters */
	int row_lines;  /* lines the tallest wrapped cell of the row needs */
	long rows;
	int began;
	err_t err;  /* the first failure; code ERR_OK while none */
	buf_t tmp;  /* a cleaned copy of text that needed it */
};

/* Remembers the first failure; later ones are consequences. */
static void fail(xlsxw_t *w, err_code code, const char *what, lxw_error le)
{
	if (w->err.code != ERR_OK)
		return;
	if (le != LXW_NO_ERROR)
		err_set(&w->err, code, "%s (libxlsxwriter: %s)", what, lxw_strerror(le));
	else
		err_set(&w->err, code, "%s", what);
}

static void check(xlsxw_t *w, lxw_error le, const char *what)
{
	if (le != LXW_NO_ERROR)
		fail(w, ERR_IO, what, le);
}

static lxw_format *new_format(lxw_workbook *wb, int bold, double size)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_font_name(f, FONT);
	format_set_font_size(f, size);
	if (bold)
		format_set_bold(f);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	return f;
}

static void make_formats(xlsxw_t *w)
{
	for (int k = 0; k < K__MAX; k++) {
		for (int fl = 0; fl <= FLAGS_ALL; fl++) {
			lxw_format *f = new_format(w->wb, 0, FONT_SIZE);
			format_set_border(f, LXW_BORDER_THIN);
			if (kind_numfmt[k])
				format_set_num_format(f, kind_numfmt[k]);
			if (k == K_DATE)
				format_set_align(f, LXW_ALIGN_CENTER);
			if (fl & XLSXW_WRAP)
				format_set_text_wrap(f);
			if (fl & XLSXW_HIGHLIGHT) {
				format_set_pattern(f, LXW_PATTERN_SOLID);
				format_set_bg_color(f, FILL_BAD);
				format_set_font_color(f, FONT_BAD);
			}
			w->cell[k][fl] = f;
		}
	}
	w->title_big = new_format(w->wb, 1, 14);
	format_set_align(w->title_big, LXW_ALIGN_CENTER);
	w->title = new_format(w->wb, 1, 12);
	format_set_align(w->title, LXW_ALIGN_CENTER);
	w->header = new_format(w->wb, 1, FONT_SIZE);
	format_set_align(w->header, LXW_ALIGN_CENTER);
	format_set_text_wrap(w->header);
	format_set_border(w->header, LXW_BORDER_THIN);
	format_set_pattern(w->header, LXW_PATTERN_SOLID);
	format_set_bg_color(w->header, FILL_HEADER);
}

int xlsxw_open(const char *path, const char *sheet, xlsxw_t **out, err_t *e)
{
	*out = NULL;
	FILE *f = fopen(path, "wb");
	if (!f)
		return err_set(e, ERR_IO, "Không tạo được tệp «%s»: %s", path, strerror(errno));
	fclose(f);

	xlsxw_t *w = xcalloc(1, sizeof *w);
	w->path = xstrdup(path);
	buf_init(&w->tmp, (size_t)STR_MAX * 4 + 16);
	lxw_workbook_options o = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = 0};
	w->wb = workbook_new_opt(path, &o);
	if (!w->wb) {
		err_set(e, ERR_IO, "Không tạo được bảng tính «%s»", path);
		goto fail;
	}
	lxw_error le = workbook_validate_sheet_name(w->wb, sheet);
	if (le != LXW_NO_ERROR) {
		err_set(e, ERR_INVALID, "Tên trang tính «%s» không hợp lệ (libxlsxwriter: %s)",
			sheet, lxw_strerror(le));
		goto fail;
	}
	w->ws = workbook_add_worksheet(w->wb, sheet);
	if (!w->ws) {
		err_set(e, ERR_IO, "Không tạo được trang tính (thiếu tệp tạm?)");
		goto fail;
	}
	make_formats(w);
	*out = w;
	return 0;
fail:
	xlsxw_discard(w);
	return e ? e->code : ERR_IO;
}

/* Lines the text s needs in a column holding per_line characters, by a
 * greedy word wrap (a word longer than a line takes several); explicit line
 * breaks count. */
static int wrap_lines(const char *s, double per_line)
{
	size_t cap = per_line < 1 ? 1 : (size_t)per_line;
	size_t line = 0, word = 0;
	int lines = 1;
	for (const unsigned char *p = (const unsigned char *)s;; p++) {
		if (*p && *p != ' ' && *p != '\n') {
			if ((*p & 0xC0) != 0x80) /* count code points, not bytes */
				word++;
			continue;
		}
		if (word) {
			if (line && line + 1 + word <= cap) {
				line += 1 + word;
			} else {
				if (line)
					lines++;
				lines += (int)((word - 1) / cap);
				line = (word - 1) % cap + 1;
			}
			word = 0;
		}
		if (!*p)
			break;
		if (*p == '\n') {
			lines++;
			line = 0;
		}
	}
	return lines;
}

void xlsxw_begin(xlsxw_t *w, const char *const *title, size_t ntitle, const xlsxw_col_t *cols,
		 size_t ncols)
{
	if (w->err.code != ERR_OK)
		return;
	if (w->began || ncols == 0 || ncols > LXW_COL_MAX) {
		fail(w, ERR_INTERNAL, "Bảng tính: tiêu đề ghi hai lần hoặc số cột sai",
		     LXW_NO_ERROR);
		return;
	}
	w->began = 1;
	w->ncols = (lxw_col_t)ncols;
	w->width = xcalloc(ncols, sizeof *w->width);
	lxw_col_t last = (lxw_col_t)(ncols - 1);
	int header_lines = 1;
	for (lxw_col_t i = 0; i < w->ncols; i++) {
		w->width[i] = cols[i].width > 0 ? cols[i].width : 10;
		check(w, worksheet_set_column(w->ws, i, i, w->width[i], NULL),
		      "Không đặt được độ rộng cột");
		int l = wrap_lines(cols[i].header ? cols[i].header : "",
				   w->width[i] * CHARS_PER_UNIT_BOLD);
		if (l > header_lines)
			header_lines = l;
	}

	lxw_row_t r = 0;
	for (size_t i = 0; i < ntitle; i++, r++) {
		lxw_format *f = i == 0 ? w->title_big : w->title;
		check(w, worksheet_set_row(w->ws, r, i == 0 ? 21 : 18, NULL),
		      "Không ghi được tiêu đề");
		/* A one-column merge is refused by libxlsxwriter: write the cell. */
		if (last == 0)
			check(w, worksheet_write_string(w->ws, r, 0, title[i], f),
			      "Không ghi được tiêu đề");
		else
			check(w, worksheet_merge_range(w->ws, r, 0, r, last, title[i], f),
			      "Không ghi được tiêu đề");
	}
	if (ntitle)
		r++; /* a blank row between the title block and the table */

	check(w, worksheet_set_row(w->ws, r, LINE_HEIGHT * header_lines + 2, NULL),
	      "Không ghi được dòng tiêu đề cột");
	for (lxw_col_t i = 0; i < w->ncols; i++)
		check(w, worksheet_write_string(w->ws, r, i, cols[i].header ? cols[i].header : "",
						w->header),
		      "Không ghi được dòng tiêu đề cột");
	worksheet_freeze_panes(w->ws, r + 1, 0);
	check(w, worksheet_repeat_rows(w->ws, r, r), "Không đặt được dòng lặp lại khi in");

	worksheet_set_landscape(w->ws);
	worksheet_set_paper(w->ws, PAPER_A4);
	worksheet_fit_to_pages(w->ws, 1, 0); /* one page wide, as many pages tall as needed */
	worksheet_set_margins(w->ws, 0.4, 0.4, 0.6, 0.6);
	worksheet_center_horizontally(w->ws);
	check(w, worksheet_set_footer(w->ws, "&CTrang &P/&N"), "Không đặt được chân trang");

	if (ntitle) {
		lxw_doc_properties p = {.title = (char *)title[0], .author = "canbo"};
		check(w, workbook_set_properties(w->wb, &p), "Không ghi được thuộc tính tệp");
	}
	w->row = r + 1;
	w->col = 0;
	w->row_lines = 1;
}

/* Checks that a cell may be written under the cursor. */
static int cell_ok(xlsxw_t *w)
{
	if (w->err.code != ERR_OK)
		return 0;
	if (!w->began || w->col >= w->ncols) {
		fail(w, ERR_INTERNAL, "Bảng tính: ghi ô ngoài các cột đã khai báo", LXW_NO_ERROR);
		return 0;
	}
	return 1;
}

static lxw_format *cell_format(xlsxw_t *w, int kind, int flags)
{
	return w->cell[kind][flags & FLAGS_ALL];
}

/* Length of the UTF-8 sequence led by byte c (1 for a stray byte). */
static size_t seq_len(unsigned char c)
{
	return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Whether XML 1.0 cannot carry the valid UTF-8 sequence at p: C0 controls
 * other than tab, LF and CR, and the non-characters U+FFFE and U+FFFF. */
static int xml_forbidden(const unsigned char *p)
{
	if (p[0] < 0x20)
		return p[0] != '\t' && p[0] != '\n' && p[0] != '\r';
	return p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF);
}

/* Returns s, or a cleaned copy in w->tmp (borrowed until the next call):
 * invalid UTF-8 and characters XML forbids become U+FFFD; text longer than
 * STR_MAX characters is cut to STR_MAX - 1 followed by "…". */
static const char *clean_text(xlsxw_t *w, const char *s)
{
	size_t n = strlen(s), bad = 0, chars = 0;
	int valid = text_utf8_check(s, n, &bad) == 0;
	int need = !valid || n > STR_MAX;
	for (size_t i = 0; !need && i < n; i += seq_len((unsigned char)s[i]))
		need = xml_forbidden((const unsigned char *)s + i);
	if (!need)
		return s;

	buf_reset(&w->tmp);
	size_t i = 0;
	while (i < n) {
		size_t rest_bad = 0;
		int rest_ok = text_utf8_check(s + i, n - i, &rest_bad) == 0;
		size_t good_end = rest_ok ? n : i + rest_bad; /* [i, good_end) is valid */
		while (i < good_end) {
			size_t l = seq_len((unsigned char)s[i]);
			if (chars == STR_MAX - 1 && i + l < n) {
				buf_puts(&w->tmp, "…");
				return buf_cstr(&w->tmp);
			}
			if (xml_forbidden((const unsigned char *)s + i))
				buf_puts(&w->tmp, "\xEF\xBF\xBD");
			else
				buf_add(&w->tmp, s + i, l);
			i += l;
			chars++;
		}
		if (i < n) { /* one bad byte: replace it and look again after it */
			if (chars == STR_MAX - 1 && i + 1 < n) {
				buf_puts(&w->tmp, "…");
				return buf_cstr(&w->tmp);
			}
			buf_puts(&w->tmp, "\xEF\xBF\xBD");
			chars++;
			i++;
		}
	}
	return buf_cstr(&w->tmp);
}

void xlsxw_text(xlsxw_t *w, const char *s, int flags)
{
	if (!cell_ok(w))
		return;
	lxw_format *f = cell_format(w, K_TEXT, flags);
	if (!s || !*s)
		check(w, worksheet_write_blank(w->ws, w->row, w->col, f), "Không ghi được ô");
	else
		check(w, worksheet_write_string(w->ws, w->row, w->col, clean_text(w, s), f),
		      "Không ghi được ô");
	if (s && (flags & XLSXW_WRAP)) {
		int l = wrap_lines(s, w->width[w->col] * CHARS_PER_UNIT);
		if (l > w->row_lines)
			w->row_lines = l;
	}
	w->col++;
}

void xlsxw_int(xlsxw_t *w, int64_t v, int flags)
{
	if (!cell_ok(w))
		return;
	lxw_format *f = cell_format(w, K_INT, flags);
	check(w, worksheet_write_number(w->ws, w->row, w->col, (double)v, f), "Không ghi được ô");
	w->col++;
}

void xlsxw_number(xlsxw_t *w, double v, int flags)
{
	if (!cell_ok(w))
		return;
	lxw_format *f = cell_format(w, K_NUMBER, flags);
	check(w, worksheet_write_number(w->ws, w->row, w->col, v, f), "Không ghi được ô");
	w->col++;
}

void xlsxw_date(xlsxw_t *w, int days, int flags)
{
	if (!cell_ok(w))
		return;
	/* Excel's 1900 date system counts a 29/02/1900 that never was (kept
	 * from Lotus 1-2-3): serial numbers from 01/03/1900 on are one more
	 * than the day count. */
	long serial = (long)days + EXCEL_1970;
	if (serial < EXCEL_MAR1)
		serial--;
	if (serial < 1) {
		char vn[11];
		date_vn(days, vn);
		lxw_format *f = cell_format(w, K_TEXT, flags);
		check(w, worksheet_write_string(w->ws, w->row, w->col, vn, f), "Không ghi được ô");
	} else {
		check(w, worksheet_write_number(w->ws, w->row, w->col, (double)serial,
						cell_format(w, K_DATE, flags)),
		      "Không ghi được ô");
	}
	w->col++;
}

void xlsxw_blank(xlsxw_t *w, int flags)
{
	if (!cell_ok(w))
		return;
	check(w, worksheet_write_blank(w->ws, w->row, w->col, cell_format(w, K_TEXT, flags)),
	      "Không ghi được ô");
	w->col++;
}

void xlsxw_row_end(xlsxw_t *w)
{
	if (w->err.code != ERR_OK)
		return;
	if (!w->began) {
		fail(w, ERR_INTERNAL, "Bảng tính: ghi dòng trước dòng tiêu đề", LXW_NO_ERROR);
		return;
	}
	if ((long)w->row + 1 >= XLSXW_MAX_ROWS) {
		fail(w, ERR_TOO_LARGE, "Quá số dòng tối đa của một trang tính Excel (1.048.576)",
		     LXW_NO_ERROR);
		return;
	}
	/* the row is still in memory: its height can be set until the next
	 * row starts */
	if (w->row_lines > 1)
		check(w, worksheet_set_row(w->ws, w->row, LINE_HEIGHT * w->row_lines, NULL),
		      "Không đặt được chiều cao dòng");
	w->row++;
	w->col = 0;
	w->rows++;
	w->row_lines = 1;
}

long xlsxw_rows(const xlsxw_t *w)
{
	return w->rows;
}

int xlsxw_failed(const xlsxw_t *w)
{
	return w->err.code != ERR_OK;
}

static void writer_free(xlsxw_t *w)
{
	buf_free(&w->tmp);
	free(w->width);
	free(w->path);
	free(w);
}

int xlsxw_close(xlsxw_t *w, err_t *e)
{
	if (!w)
		return 0;
	if (w->err.code != ERR_OK) {
		int code = w->err.code;
		err_set(e, w->err.code, "Không ghi được bảng tính «%s»: %s", w->path, w->err.msg);
		xlsxw_discard(w);
		return code;
	}
	lxw_error le = workbook_close(w->wb); /* frees the workbook, even on error */
	w->wb = NULL;
	if (le != LXW_NO_ERROR) {
		err_set(e, ERR_IO, "Không ghi được bảng tính «%s» (libxlsxwriter: %s)", w->path,
			lxw_strerror(le));
		unlink(w->path);
		writer_free(w);
		return ERR_IO;
	}
	writer_free(w);
	return 0;
}

void xlsxw_discard(xlsxw_t *w)
{
	if (!w)
		return;
	if (w->wb)
		lxw_workbook_free(w->wb);
	unlink(w->path);
	writer_free(w);
}
