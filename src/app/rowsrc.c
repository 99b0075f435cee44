/*
 * rowsrc: CSV row source. See rowsrc.h.
 */
#include "app/rowsrc.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/buf.h"
#include "lib/csv.h"
#include "lib/legacy.h"
#include "lib/text.h"
#include "lib/xalloc.h"
#include "lib/xlsxr.h"

/* Files larger than this are refused before anything is read into memory
 * (legacy-encoded files are converted in memory). */
#define ROWSRC_MAX_BYTES ((long long)512 << 20)

typedef struct csv_src {
	FILE *f;
	csv_reader_t *r;
	char *data; /* converted text (legacy encodings), owned */
} csv_src_t;

static int csv_src_next(void *self, rowsrc_row_t *row, err_t *e)
{
	csv_src_t *s = self;
	csv_row_t cr;
	int r = csv_next(s->r, &cr, e);
	if (r != 1)
		return r;
	row->n = cr.nfields;
	row->cells = cr.fields;
	row->lens = cr.lens;
	row->line = cr.line;
	return 1;
}

static void csv_src_close(void *self)
{
	csv_src_t *s = self;
	csv_close(s->r);
	if (s->f)
		fclose(s->f);
	free(s->data);
	free(s);
}

static long long csv_src_pos(void *self)
{
	csv_src_t *s = self;
	return s->f ? (long long)ftello(s->f) : 0;
}

int rowsrc_open_csv(const char *path, rowsrc_t *out, err_t *e)
{
	memset(out, 0, sizeof *out);
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(e, errno == ENOENT ? ERR_NOT_FOUND : ERR_IO,
			       "Không mở được tệp «%s»: %s", path,
			       errno == ENOENT ? "tệp không tồn tại" : "không có quyền đọc");
	struct stat st;
	if (fstat(fileno(f), &st) == 0)
		out->size = st.st_size;
	csv_src_t *s = xcalloc(1, sizeof *s);
	s->f = f;
	csv_opts_t o = {0};
	s->r = csv_open_file(f, &o);
	out->self = s;
	out->next = csv_src_next;
	out->close = csv_src_close;
	out->pos = csv_src_pos;
	snprintf(out->name, sizeof out->name, "%s", path);
	snprintf(out->encoding, sizeof out->encoding, "UTF-8");
	return 0;
}

int rowsrc_open_csv_mem(const char *p, size_t n, const char *name, rowsrc_t *out, err_t *e)
{
	(void)e;
	memset(out, 0, sizeof *out);
	csv_src_t *s = xcalloc(1, sizeof *s);
	csv_opts_t o = {0};
	s->r = csv_open_mem(p, n, &o);
	out->self = s;
	out->next = csv_src_next;
	out->close = csv_src_close;
	out->size = (long long)n;
	snprintf(out->name, sizeof out->name, "%s", name ? name : "(dữ liệu)");
	return 0;
}

/* ---- XLSX ---------------------------------------------------------------
 * Old workbooks typed with .Vn (TCVN3) or VNI fonts hold their text as
 * Windows-1252 characters ("Céng hoµ" for "Cộng hoà"). Such cells are
 * mapped back to bytes and decoded; cells holding characters Windows-1252
 * cannot represent are real Unicode and are left as they are. */

/* Windows-1252's 0x80–0x9F, as code points (0 = undefined). */
static const unsigned short cp1252_hi[32] = {
	0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
	0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
	0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

/* 1 for the Latin-1 letters Vietnamese itself uses (à á â ã è é ê ì í ò ó
 * ô õ ù ú ý and capitals): text made only of these may be real Unicode. */
static int vietnamese_latin1(unsigned cp)
{
	static const char set[] = "\xC0\xC1\xC2\xC3\xC8\xC9\xCA\xCC\xCD\xD2\xD3\xD4\xD5\xD9\xDA"
				  "\xDD\xE0\xE1\xE2\xE3\xE8\xE9\xEA\xEC\xED\xF2\xF3\xF4\xF5\xF9"
				  "\xFA\xFD";
	return cp >= 0xC0 && cp <= 0xFF && strchr(set, (int)cp) != NULL;
}

/* Maps UTF-8 text to Windows-1252 bytes in out. Returns 1 when every
 * character maps and at least one is a character real Vietnamese text does
 * not use (¨ © ª µ Þ … — the marks of text typed with .Vn or VNI fonts),
 * else 0: such a cell is converted; others are left as they are. */
static int to_cp1252(const char *s, size_t n, buf_t *out)
{
	int non_ascii = 0;
	buf_reset(out);
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		unsigned cp;
		int len;
		if (c < 0x80) {
			cp = c;
			len = 1;
		} else if ((c & 0xE0) == 0xC0 && i + 1 < n) {
			cp = ((c & 0x1Fu) << 6) | ((unsigned char)s[i + 1] & 0x3Fu);
			len = 2;
		} else if ((c & 0xF0) == 0xE0 && i + 2 < n) {
			cp = ((c & 0x0Fu) << 12) | (((unsigned char)s[i + 1] & 0x3Fu) << 6) |
			     ((unsigned char)s[i + 2] & 0x3Fu);
			len = 3;
		} else {
			return 0;
		}
		i += (size_t)len;
		int byte = -1;
		if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
			byte = (int)cp;
		else
			for (int k = 0; k < 32; k++)
				if (cp1252_hi[k] && cp1252_hi[k] == cp)
					byte = 0x80 + k;
		if (byte < 0)
			return 0;
		non_ascii |= byte >= 0x80 && !vietnamese_latin1(cp);
		buf_putc(out, (char)byte);
	}
	return non_ascii;
}

typedef struct xlsx_src {
	xlsxr_t *x;
	legacy_enc enc;   /* TCVN3 or VNI when cells need converting, else UNKNOWN */
	buf_t bytes, tmp; /* scratch */
	char **cells;     /* converted row (owned strings) */
	size_t *lens;
	size_t cap, n;
} xlsx_src_t;

static void xlsx_free_row(xlsx_src_t *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->cells[i]);
	s->n = 0;
}

static int xlsx_src_next(void *self, rowsrc_row_t *row, err_t *e)
{
	xlsx_src_t *s = self;
	xlsxr_row_t xr;
	int r = xlsxr_next(s->x, &xr, e);
	if (r != 1)
		return r;
	row->line = xr.rownum;
	row->n = xr.ncells;
	if (s->enc == LEGACY_UNKNOWN) {
		row->cells = xr.cells;
		row->lens = xr.lens;
		return 1;
	}
	xlsx_free_row(s);
	if (xr.ncells > s->cap) {
		s->cells = xrealloc(s->cells, xr.ncells * sizeof *s->cells);
		s->lens = xrealloc(s->lens, xr.ncells * sizeof *s->lens);
		s->cap = xr.ncells;
	}
	for (size_t i = 0; i < xr.ncells; i++) {
		err_t te;
		buf_reset(&s->tmp);
		if (to_cp1252(xr.cells[i], xr.lens[i], &s->bytes) &&
		    legacy_decode(s->enc, s->bytes.p, s->bytes.len, &s->tmp, &te) == 0) {
			s->lens[i] = s->tmp.len;
			s->cells[i] = xstrndup(buf_cstr(&s->tmp), s->tmp.len);
		} else {
			s->lens[i] = xr.lens[i];
			s->cells[i] = xstrndup(xr.cells[i], xr.lens[i]);
		}
	}
	s->n = xr.ncells;
	row->cells = (const char **)s->cells;
	row->lens = s->lens;
	return 1;
}

static void xlsx_src_close(void *self)
{
	xlsx_src_t *s = self;
	xlsx_free_row(s);
	free(s->cells);
	free(s->lens);
	buf_free(&s->bytes);
	buf_free(&s->tmp);
	xlsxr_close(s->x);
	free(s);
}

static long long xlsx_src_pos(void *self)
{
	return xlsxr_sheet_pos(((xlsx_src_t *)self)->x);
}

/* Looks at the first rows for text typed with legacy fonts: the cells that
 * map to Windows-1252 are joined and run through detection. */
static legacy_enc xlsx_detect(xlsx_src_t *s, int *confidence, err_t *e)
{
	buf_t sample;
	buf_init(&sample, (size_t)1 << 20);
	xlsxr_row_t xr;
	int r;
	for (int k = 0; k < 300 && (r = xlsxr_next(s->x, &xr, e)) == 1; k++)
		for (size_t i = 0; i < xr.ncells; i++)
			if (to_cp1252(xr.cells[i], xr.lens[i], &s->bytes)) {
				buf_add(&sample, s->bytes.p, s->bytes.len);
				buf_putc(&sample, '\n');
			}
	legacy_enc enc = LEGACY_UNKNOWN;
	*confidence = 0;
	if (sample.len)
		enc = legacy_detect(sample.p, sample.len, confidence);
	buf_free(&sample);
	return enc;
}

int rowsrc_open_xlsx(const char *path, const rowsrc_opts_t *o, rowsrc_t *out, err_t *e)
{
	memset(out, 0, sizeof *out);
	legacy_enc forced = LEGACY_UNKNOWN;
	if (o && o->encoding && strcmp(o->encoding, "auto") != 0 &&
	    legacy_parse_name(o->encoding, &forced))
		return err_set(e, ERR_USAGE,
			       "Bảng mã «%s» không hợp lệ: dùng utf8, tcvn3, vni hoặc cp1258",
			       o->encoding);
	xlsxr_opts_t xo = {0};
	xo.max_cols = 256;
	xo.fill_merged = XLSXR_FILL_ROW;
	xlsxr_t *x = xlsxr_open_file(path, &xo, e);
	if (!x)
		return e->code;
	if (xlsxr_select(x, o ? o->sheet : NULL, e)) {
		xlsxr_close(x);
		return e->code;
	}
	xlsx_src_t *s = xcalloc(1, sizeof *s);
	s->x = x;
	buf_init(&s->bytes, (size_t)1 << 20);
	buf_init(&s->tmp, (size_t)4 << 20);
	int conf = -1;
	legacy_enc enc = forced;
	if (forced == LEGACY_UNKNOWN) {
		enc = xlsx_detect(s, &conf, e);
		if (xlsxr_select(x, o ? o->sheet : NULL, e)) { /* back to the first row */
			xlsx_src_close(s);
			return e->code;
		}
	}
	s->enc = (enc == LEGACY_TCVN3 || enc == LEGACY_VNI) ? enc : LEGACY_UNKNOWN;
	out->self = s;
	out->next = xlsx_src_next;
	out->close = xlsx_src_close;
	out->pos = xlsx_src_pos;
	out->size = xlsxr_sheet_size(x);
	long sel = xlsxr_selected(x);
	snprintf(out->name, sizeof out->name, "%s [%s]", path,
		 sel >= 0 ? xlsxr_sheet_name(x, (size_t)sel) : "?");
	if (s->enc == LEGACY_UNKNOWN)
		snprintf(out->encoding, sizeof out->encoding, "Unicode");
	else if (conf >= 0)
		snprintf(out->encoding, sizeof out->encoding,
			 "phông %s, đã chuyển sang Unicode (tự nhận ra, độ tin cậy %d%%)",
			 legacy_name(s->enc), conf);
	else
		snprintf(out->encoding, sizeof out->encoding,
			 "phông %s, đã chuyển sang Unicode (theo --encoding)", legacy_name(s->enc));
	return 0;
}

/* Reads the whole file (at most ROWSRC_MAX_BYTES) into b. */
static int slurp(const char *path, buf_t *b, err_t *e)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(e, errno == ENOENT ? ERR_NOT_FOUND : ERR_IO,
			       "Không mở được tệp «%s»: %s", path,
			       errno == ENOENT ? "tệp không tồn tại" : "không có quyền đọc");
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && st.st_size > ROWSRC_MAX_BYTES) {
		fclose(f);
		return err_set(e, ERR_TOO_LARGE, "Tệp «%s» lớn quá %lld MB", path,
			       ROWSRC_MAX_BYTES >> 20);
	}
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (buf_add(b, chunk, n)) {
			fclose(f);
			return err_set(e, ERR_TOO_LARGE, "Tệp «%s» lớn quá %lld MB", path,
				       ROWSRC_MAX_BYTES >> 20);
		}
	int bad = ferror(f);
	fclose(f);
	return bad ? err_set(e, ERR_IO, "Lỗi đọc tệp «%s»", path) : 0;
}

/* Opens CSV text in a legacy encoding: the whole file is converted. */
static int open_legacy_csv(const char *path, legacy_enc enc, int confidence, rowsrc_t *out,
			   err_t *e)
{
	buf_t raw, utf8;
	buf_init(&raw, (size_t)ROWSRC_MAX_BYTES);
	buf_init(&utf8, (size_t)ROWSRC_MAX_BYTES * 2);
	int r = slurp(path, &raw, e);
	if (!r && legacy_decode(enc, raw.p ? raw.p : "", raw.len, &utf8, e))
		r = e->code;
	buf_free(&raw);
	if (r) {
		buf_free(&utf8);
		return r;
	}
	size_t n = utf8.len;
	char *data = buf_take(&utf8);
	rowsrc_open_csv_mem(data, n, path, out, e);
	((csv_src_t *)out->self)->data = data;
	snprintf(out->name, sizeof out->name, "%s", path);
	if (confidence >= 0)
		snprintf(out->encoding, sizeof out->encoding, "%s (tự nhận ra, độ tin cậy %d%%)",
			 legacy_name(enc), confidence);
	else
		snprintf(out->encoding, sizeof out->encoding, "%s (theo --encoding)",
			 legacy_name(enc));
	return 0;
}

int rowsrc_open(const char *path, const rowsrc_opts_t *o, rowsrc_t *out, err_t *e)
{
	memset(out, 0, sizeof *out);
	size_t plen = strlen(path);
	if (plen > 5 && (strcmp(path + plen - 5, ".xlsx") == 0 || strcmp(path + plen - 5, ".XLSX") == 0))
		return rowsrc_open_xlsx(path, o, out, e);
	legacy_enc forced = LEGACY_UNKNOWN;
	if (o && o->encoding && strcmp(o->encoding, "auto") != 0 &&
	    legacy_parse_name(o->encoding, &forced))
		return err_set(e, ERR_USAGE,
			       "Bảng mã «%s» không hợp lệ: dùng utf8, tcvn3, vni hoặc cp1258",
			       o->encoding);
	if (forced == LEGACY_UTF8 || forced == LEGACY_ASCII)
		return rowsrc_open_csv(path, out, e);
	if (forced != LEGACY_UNKNOWN)
		return open_legacy_csv(path, forced, -1, out, e);
	/* detect on the first 64 KiB */
	FILE *f = fopen(path, "rb");
	if (!f)
		return rowsrc_open_csv(path, out, e); /* reports the error */
	char sample[65536];
	size_t n = fread(sample, 1, sizeof sample, f);
	fclose(f);
	/* a sample may end inside a UTF-8 sequence: trim up to 3 bytes */
	size_t bad, m = n;
	while (m > 0 && n - m < 4 && text_utf8_check(sample, m, &bad))
		m--;
	if (n == 0 || text_utf8_check(sample, m, &bad) == 0)
		return rowsrc_open_csv(path, out, e);
	int conf = 0;
	legacy_enc enc = legacy_detect(sample, n, &conf);
	if (enc == LEGACY_UTF8 || enc == LEGACY_ASCII)
		return rowsrc_open_csv(path, out, e);
	if (enc == LEGACY_UNKNOWN)
		return err_set(e, ERR_INVALID,
			       "Tệp «%s» không phải UTF-8 và không nhận ra chắc chắn bảng mã cũ "
			       "(TCVN3/ABC, VNI-Windows, Windows-1258; độ tin cậy %d%%). Hãy chỉ "
			       "định bảng mã bằng --encoding tcvn3|vni|cp1258, hoặc lưu lại tệp dạng "
			       "CSV UTF-8.",
			       path, conf);
	return open_legacy_csv(path, enc, conf, out, e);
}

void rowsrc_close(rowsrc_t *s)
{
	if (s && s->close && s->self)
		s->close(s->self);
	if (s)
		memset(s, 0, sizeof *s);
}
