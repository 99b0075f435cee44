/*
 * export: people lists and import error reports as XLSX and CSV. See
 * export.h.
 *
 * The people list is one table (PEOPLE_COLUMNS) that both formats follow,
 * so the CSV and the XLSX always carry the same columns in the same order.
 * Rows come from STMT_EXPORT_PEOPLE (store/stmt_export.h), stepped once:
 * nothing but the current row is held, whatever the count. Codes stored in
 * the database become the Vietnamese labels people read (vocab).
 */
#include "app/export.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/eval.h"
#include "app/org.h"
#include "core/framework.h"
#include "app/vocab.h"
#include "lib/buf.h"
#include "lib/csv.h"
#include "lib/date.h"
#include "lib/text.h"
#include "lib/xlsxw.h"

/* The columns of a people list. X(enum, header, XLSX width in characters,
 * XLSX cell flags): long free text wraps in print rather than being cut. */
#define PEOPLE_COLUMNS(X)                                                                \
	X(COL_CODE, "Mã", 11, 0)                                                          \
	X(COL_NAME, "Họ và tên", 24, 0)                                                   \
	X(COL_BIRTH, "Ngày sinh", 12, 0)                                                  \
	X(COL_GENDER, "Giới tính", 8, 0)                                                  \
	X(COL_CATEGORY, "Phân loại", 9, 0)                                                \
	X(COL_POSITION, "Chức vụ", 26, XLSXW_WRAP)                                        \
	X(COL_UNIT, "Đơn vị", 30, XLSXW_WRAP)                                             \
	X(COL_RANK_CODE, "Mã ngạch", 11, 0)                                               \
	X(COL_RANK, "Ngạch", 20, XLSXW_WRAP)                                              \
	X(COL_DEGREE, "Trình độ chuyên môn", 13, 0)                                       \
	X(COL_LLCT, "Lý luận chính trị", 12, 0)                                           \
	X(COL_QLNN, "Quản lý nhà nước", 17, 0)

typedef enum people_col {
#define X(e, header, width, flags) e,
	PEOPLE_COLUMNS(X)
#undef X
	COL__MAX
} people_col;

static const xlsxw_col_t people_cols[COL__MAX] = {
#define X(e, header, width, flags) [e] = {header, width},
	PEOPLE_COLUMNS(X)
#undef X
};

static const int people_flags[COL__MAX] = {
#define X(e, header, width, flags) [e] = flags,
	PEOPLE_COLUMNS(X)
#undef X
};

/* Categories as printed lists abbreviate them (vocab keeps the long label
 * and an ASCII code): {stored code, short form}. */
static const struct {
	const char *code, *abbrev;
} category_abbrev[] = {
	{"CB", "CB"},
	{"CC", "CC"},
	{"VC", "VC"},
	{"LDHD", "LĐHĐ"},
};

static const char *category_short(const char *code)
{
	if (!code)
		return "";
	for (size_t i = 0; i < sizeof category_abbrev / sizeof category_abbrev[0]; i++)
		if (strcmp(category_abbrev[i].code, code) == 0)
			return category_abbrev[i].abbrev;
	return code;
}

/* One person as the columns show it; strings borrowed from the statement's
 * current row or from static tables. birth is a day number, or birth_ok 0
 * when the stored date is empty (or, impossibly, not a date: then the text
 * is shown as it is). */
typedef struct people_line {
	const char *v[COL__MAX];
	int birth, birth_ok;
} people_line_t;

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* Reads the statement's current row (columns of STMT_EXPORT_PEOPLE). */
static void read_line(db_stmt_t *s, people_line_t *l)
{
	l->v[COL_CODE] = nz(db_col_text(s, 0));
	l->v[COL_NAME] = nz(db_col_text(s, 1));
	l->v[COL_BIRTH] = nz(db_col_text(s, 2));
	l->birth_ok = date_parse(l->v[COL_BIRTH], &l->birth) == 0;
	const char *g = db_col_text(s, 3);
	l->v[COL_GENDER] = g ? vocab_label(VOCAB_GENDER, g) : "";
	l->v[COL_CATEGORY] = category_short(db_col_text(s, 4));
	l->v[COL_POSITION] = nz(db_col_text(s, 5));
	l->v[COL_UNIT] = nz(db_col_text(s, 6));
	l->v[COL_RANK_CODE] = nz(db_col_text(s, 7));
	l->v[COL_RANK] = nz(db_col_text(s, 8));
	l->v[COL_DEGREE] = vocab_label(VOCAB_DEGREE, db_col_text(s, 9));
	l->v[COL_LLCT] = vocab_label(VOCAB_LLCT, db_col_text(s, 10));
	l->v[COL_QLNN] = vocab_label(VOCAB_QLNN, db_col_text(s, 11));
}

/* The unit line of the title: q's unit as it is now (or as it last was,
 * if closed), or the one root unit of the organisation; "" when there is
 * no single unit to name. Writes into out. */
static int title_unit(app_ctx_t *c, const people_query_t *q, buf_t *out, err_t *e)
{
	unit_list_t units = {0};
	int r = 0;
	if (q->unit_code) {
		org_event_list_t events = {0};
		r = org_history(c, q->unit_code, &units, &events, e);
		org_event_list_free(&events);
		if (r == 0 && units.n)
			buf_puts(out, units.v[units.n - 1].name);
	} else {
		r = org_tree(c, NULL, NULL, 0, &units, e);
		const char *root = NULL;
		size_t nroots = 0;
		for (size_t i = 0; r == 0 && i < units.n; i++)
			if (units.v[i].depth == 0 && nroots++ == 0)
				root = units.v[i].name;
		if (nroots == 1)
			buf_puts(out, root);
	}
	unit_list_free(&units);
	return r;
}

/* Where the rows of an export go: one of the two writers. */
typedef struct sink {
	export_format fmt;
	const char *path;
	xlsxw_t *x;
	FILE *f;
	buf_t line; /* CSV: the record being built */
} sink_t;

static int csv_flush(sink_t *k, err_t *e)
{
	if (k->line.err)
		return err_set(e, ERR_TOO_LARGE, "Một dòng của tệp CSV quá dài");
	if (k->line.len && fwrite(k->line.p, 1, k->line.len, k->f) != k->line.len)
		return err_set(e, ERR_IO, "Không ghi được tệp «%s»: %s", k->path, strerror(errno));
	buf_reset(&k->line);
	return 0;
}

static int csv_record(sink_t *k, const char *const *v, size_t n, err_t *e)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(&k->line, ',');
		csv_write_field_safe(&k->line, v[i], ',');
	}
	buf_puts(&k->line, "\r\n");
	return csv_flush(k, e);
}

static int sink_open(sink_t *k, export_format fmt, const char *path, const char *sheet,
		     int csv_bom, err_t *e)
{
	memset(k, 0, sizeof *k);
	k->fmt = fmt;
	k->path = path;
	buf_init(&k->line, (size_t)1 << 20);
	if (fmt == EXPORT_XLSX)
		return xlsxw_open(path, sheet, &k->x, e);
	if (!(k->f = fopen(path, "wb")))
		return err_set(e, ERR_IO, "Không tạo được tệp «%s»: %s", path, strerror(errno));
	if (csv_bom)
		buf_puts(&k->line, "\xEF\xBB\xBF");
	return 0;
}

/* Finishes the file (ok: keep it) or removes it; returns the first error. */
static int sink_close(sink_t *k, int ok, err_t *e)
{
	int r = 0;
	if (k->x) {
		if (ok)
			r = xlsxw_close(k->x, e);
		else
			xlsxw_discard(k->x);
	}
	if (k->f) {
		if (ok)
			r = csv_flush(k, e);
		if (ok && !r && ferror(k->f))
			r = err_set(e, ERR_IO, "Không ghi được tệp «%s»", k->path);
		if (fclose(k->f) != 0 && ok && !r)
			r = err_set(e, ERR_IO, "Không ghi được tệp «%s»: %s", k->path,
				    strerror(errno));
		if (!ok || r)
			unlink(k->path);
	}
	buf_free(&k->line);
	return r;
}

/* ---- the XLSX writer thread ----------------------------------------------
 * Reading the rows (SQLite, vocab labels) and writing the XLSX
 * (libxlsxwriter's XML and, at the end, zlib) each take about half the time
 * of a large export; the people list does them in two threads. The reader
 * copies rows into batches (strings into one buffer per batch); the writer
 * thread takes full batches from a small ring and writes their cells. Memory
 * stays bounded by the ring, whatever the row count. */

#define XB_ROWS 512
#define XB_RING 4

typedef struct xbatch {
	int n;
	size_t off[XB_ROWS][COL__MAX];
	int birth[XB_ROWS];            /* day number */
	unsigned char birth_ok[XB_ROWS]; /* 0: show the text */
	buf_t text;
} xbatch_t;

typedef struct xpipe {
	xlsxw_t *x;
	xbatch_t ring[XB_RING];
	int head, tail, count; /* full batches waiting: ring[head .. head+count) */
	int done;              /* the reader has no more */
	int failed;            /* the writer stopped (xlsxw_failed) */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t th;
} xpipe_t;

static void *xpipe_main(void *arg)
{
	xpipe_t *p = arg;
	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (!p->count && !p->done)
			pthread_cond_wait(&p->cv, &p->mu);
		if (!p->count) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		xbatch_t *b = &p->ring[p->head];
		pthread_mutex_unlock(&p->mu);
		int failed = 0;
		for (int r = 0; r < b->n && !failed; r++) {
			for (int i = 0; i < COL__MAX; i++) {
				if (i == COL_BIRTH && b->birth_ok[r])
					xlsxw_date(p->x, b->birth[r], people_flags[i]);
				else
					xlsxw_text(p->x, b->text.p + b->off[r][i], people_flags[i]);
			}
			xlsxw_row_end(p->x);
			failed = xlsxw_failed(p->x);
		}
		pthread_mutex_lock(&p->mu);
		b->n = 0;
		buf_reset(&b->text);
		p->head = (p->head + 1) % XB_RING;
		p->count--;
		if (failed)
			p->failed = 1;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		if (failed)
			return NULL;
	}
}

static int xpipe_start(xpipe_t *p, xlsxw_t *x)
{
	memset(p, 0, sizeof *p);
	p->x = x;
	for (int i = 0; i < XB_RING; i++)
		buf_init(&p->ring[i].text, (size_t)64 << 20);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	return pthread_create(&p->th, NULL, xpipe_main, p);
}

/* The batch the reader fills: ring[(head + count) % XB_RING], waiting while
 * the ring is full. NULL when the writer failed. */
static xbatch_t *xpipe_filling(xpipe_t *p)
{
	pthread_mutex_lock(&p->mu);
	while (p->count == XB_RING && !p->failed)
		pthread_cond_wait(&p->cv, &p->mu);
	xbatch_t *b = p->failed ? NULL : &p->ring[(p->head + p->count) % XB_RING];
	pthread_mutex_unlock(&p->mu);
	return b;
}

static void xpipe_push(xpipe_t *p)
{
	pthread_mutex_lock(&p->mu);
	p->count++;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

/* Copies one line into the batch being filled; pushes it when full.
 * Returns -1 when the writer has failed. */
static int xpipe_line(xpipe_t *p, const people_line_t *l)
{
	xbatch_t *b = xpipe_filling(p);
	if (!b)
		return -1;
	int r = b->n;
	for (int i = 0; i < COL__MAX; i++) {
		b->off[r][i] = b->text.len;
		buf_add(&b->text, l->v[i], strlen(l->v[i]) + 1);
	}
	b->birth[r] = l->birth;
	b->birth_ok[r] = (unsigned char)l->birth_ok;
	if (++b->n == XB_ROWS)
		xpipe_push(p);
	return 0;
}

/* Sends the last partial batch, waits for the writer and frees the pipe. */
static void xpipe_finish(xpipe_t *p)
{
	xbatch_t *b = xpipe_filling(p);
	if (b && b->n)
		xpipe_push(p);
	pthread_mutex_lock(&p->mu);
	p->done = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->th, NULL);
	for (int i = 0; i < XB_RING; i++)
		buf_free(&p->ring[i].text);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
}

static int dberr(err_t *e)
{
	return e && e->code != ERR_OK ? (int)e->code : ERR_DB;
}

int export_people(app_ctx_t *c, const people_query_t *q, export_format fmt, int csv_bom,
		  const char *path, long *rows, err_t *e)
{
	long n = 0;
	int r = 0, opened = 0, cache_small = 0;
	int64_t unit = 0;
	buf_t pat, unit_name;
	sink_t k = {0};
	buf_init(&pat, 4096);
	buf_init(&unit_name, 4096);
	if (rows)
		*rows = 0;

	if (q->unit_code && !(unit = org_unit_id(c, q->unit_code, e))) {
		r = dberr(e);
		goto out;
	}
	if (q->text && *q->text) /* as people_list(): a LIKE over the fold */
		text_like_pattern(q->text, &pat);
	if (fmt == EXPORT_XLSX && (r = title_unit(c, q, &unit_name, e)))
		goto out;

	r = sink_open(&k, fmt, path, "Danh sách", csv_bom, e);
	opened = 1;
	if (r)
		goto out;
	if (fmt == EXPORT_XLSX) {
		char today[11], dated[32], cat[96];
		date_vn(date_today(), today);
		snprintf(dated, sizeof dated, "Ngày xuất: %s", today);
		const char *title[4];
		size_t nt = 0;
		title[nt++] = "DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC";
		if (unit_name.len)
			title[nt++] = buf_cstr(&unit_name);
		if (q->category) {
			snprintf(cat, sizeof cat, "Phân loại: %s",
				 vocab_label(VOCAB_CATEGORY, q->category));
			title[nt++] = cat;
		}
		title[nt++] = dated;
		xlsxw_begin(k.x, title, nt, people_cols, COL__MAX);
	} else {
		const char *h[COL__MAX];
		for (int i = 0; i < COL__MAX; i++)
			h[i] = people_cols[i].header;
		if ((r = csv_record(&k, h, COL__MAX, e)))
			goto out;
	}

	db_stmt_t *s = db_stmt(c->db, STMT_EXPORT_PEOPLE, e);
	if (!s) {
		r = dberr(e);
		goto out;
	}
	/* a list read once from start to end gains little from a large page
	 * cache: a small one keeps memory flat whatever the row count */
	db_cache_hint(c->db, 8);
	cache_small = 1;
	db_bind_id(s, 1, unit);
	db_bind_text(s, 2, pat.len ? pat.p : NULL, -1);
	db_bind_text(s, 3, q->category, -1);
	db_bind_int(s, 4, q->subtree ? 1 : 0);
	db_bind_int(s, 5, q->limit > 0 ? q->limit : INT64_MAX);
	db_bind_int(s, 6, q->offset > 0 ? q->offset : 0);
	int sr;
	people_line_t l;
	xpipe_t pipe;
	int piped = 0;
	if (fmt == EXPORT_XLSX) {
		if (xpipe_start(&pipe, k.x)) {
			r = err_set(e, ERR_INTERNAL, "Không tạo được luồng ghi tệp Excel");
			goto out;
		}
		piped = 1;
	}
	while ((sr = db_step(s, e)) == DB_ROW) {
		read_line(s, &l);
		if (piped) {
			if (xpipe_line(&pipe, &l))
				break; /* xlsxw_close() reports it */
		} else {
			char vn[11];
			if (l.birth_ok) {
				date_vn(l.birth, vn);
				l.v[COL_BIRTH] = vn;
			}
			if ((r = csv_record(&k, l.v, COL__MAX, e)))
				break;
		}
		n++;
	}
	if (piped)
		xpipe_finish(&pipe);
	if (cache_small)
		db_cache_hint(c->db, 0);
	if (sr < 0)
		r = dberr(e);
	else if (r == 0 && sr == DB_ROW)
		db_reset(s); /* stopped early: release the read */
out:
	if (opened) {
		int rc = sink_close(&k, r == 0, e);
		if (r == 0)
			r = rc;
	}
	if (r == 0 && rows)
		*rows = n;
	buf_free(&pat);
	buf_free(&unit_name);
	return r;
}

int export_import_report_xlsx(const char *path, const char *source, long total, size_t n,
			      const long *line, const char *const *column,
			      const char *const *value, const char *const *reason, err_t *e)
{
	static const xlsxw_col_t cols[] = {
		{"Dòng", 8},
		{"Cột", 22},
		{"Giá trị", 34},
		{"Lý do", 64},
	};
	xlsxw_t *x;
	int r = xlsxw_open(path, "Lỗi nhập", &x, e);
	if (r)
		return r;
	char today[11], dated[32], count[128];
	buf_t src;
	buf_init(&src, 4096);
	date_vn(date_today(), today);
	snprintf(dated, sizeof dated, "Ngày kiểm tra: %s", today);
	if ((size_t)total > n)
		snprintf(count, sizeof count, "Số lỗi: %ld (danh sách ghi %zu lỗi đầu tiên)", total,
			 n);
	else
		snprintf(count, sizeof count, "Số lỗi: %ld", total);
	const char *title[4];
	size_t nt = 0;
	title[nt++] = "BÁO CÁO LỖI NHẬP DỮ LIỆU";
	if (source && *source) {
		buf_printf(&src, "Tệp: %s", source);
		title[nt++] = buf_cstr(&src);
	}
	title[nt++] = count;
	title[nt++] = dated;
	xlsxw_begin(x, title, nt, cols, sizeof cols / sizeof cols[0]);
	for (size_t i = 0; i < n && !xlsxw_failed(x); i++) {
		if (line[i] > 0)
			xlsxw_int(x, line[i], 0);
		else
			xlsxw_blank(x, 0);
		xlsxw_text(x, column[i], XLSXW_WRAP);
		xlsxw_text(x, value[i], XLSXW_HIGHLIGHT | XLSXW_WRAP);
		xlsxw_text(x, reason[i], XLSXW_WRAP);
		xlsxw_row_end(x);
	}
	buf_free(&src);
	return xlsxw_close(x, e);
}

/* ---- a unit's monthly results -------------------------------------------
 * One row per evaluation of the month in the unit's subtree, by unit then in
 * Vietnamese name order (eval_list), with the three totals and the grade. */

#define MONTH_COLUMNS(X)                                                                 \
	X(MCOL_NO, "STT", 5, 0)                                                           \
	X(MCOL_CODE, "Mã", 11, 0)                                                         \
	X(MCOL_NAME, "Họ và tên", 24, 0)                                                  \
	X(MCOL_POSITION, "Chức vụ", 22, XLSXW_WRAP)                                       \
	X(MCOL_UNIT, "Đơn vị", 26, XLSXW_WRAP)                                            \
	X(MCOL_CATEGORY, "Phân loại", 9, 0)                                               \
	X(MCOL_SELF, "Tự chấm", 9, 0)                                                     \
	X(MCOL_REVIEW, "Người nhận xét chấm", 11, 0)                                      \
	X(MCOL_FINAL, "Điểm cuối cùng", 10, 0)                                            \
	X(MCOL_GRADE, "Xếp loại", 18, XLSXW_WRAP)                                         \
	X(MCOL_NOTE, "Ghi chú", 30, XLSXW_WRAP)

typedef enum month_col {
#define X(e, h, w, f) e,
	MONTH_COLUMNS(X)
#undef X
	MCOL__MAX
} month_col;

static const xlsxw_col_t month_cols[MCOL__MAX] = {
#define X(e, h, w, f) [e] = {h, w},
	MONTH_COLUMNS(X)
#undef X
};

static const int month_flags[MCOL__MAX] = {
#define X(e, h, w, f) [e] = f,
	MONTH_COLUMNS(X)
#undef X
};

int export_month(app_ctx_t *c, const char *unit_code, const period_month_t *m, export_format fmt,
		 int csv_bom, const char *path, long *rows, err_t *e)
{
	eval_list_t l = {0};
	sink_t k = {0};
	int r = eval_list(c, unit_code, m, &l, e);
	if (rows)
		*rows = 0;
	if (r)
		return r;
	unit_list_t u = {0};
	char today[11], iso[11];
	date_iso(date_today(), today);
	snprintf(iso, sizeof iso, "%04d-%02d-01", m->year, m->month);
	if (org_tree(c, iso, unit_code, 0, &u, e)) {
		eval_list_free(&l);
		return e->code;
	}
	if ((r = sink_open(&k, fmt, path, "Kết quả tháng", csv_bom, e))) {
		sink_close(&k, 0, e);
		goto out;
	}
	char mm[8], title1[96], title3[48];
	period_month_text(m->year, m->month, mm);
	snprintf(title1, sizeof title1, "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI THÁNG %s", mm);
	date_vn(date_today(), today);
	snprintf(title3, sizeof title3, "Ngày xuất: %s", today);
	if (fmt == EXPORT_XLSX) {
		const char *title[3] = {title1, u.n ? u.v[0].name : unit_code, title3};
		xlsxw_begin(k.x, title, 3, month_cols, MCOL__MAX);
	} else {
		const char *h[MCOL__MAX];
		for (int i = 0; i < MCOL__MAX; i++)
			h[i] = month_cols[i].header;
		if ((r = csv_record(&k, h, MCOL__MAX, e)))
			goto close;
	}
	for (size_t i = 0; i < l.n && !r; i++) {
		eval_row_t *x = &l.v[i];
		char no[24], self[16], review[16], final[16];
		snprintf(no, sizeof no, "%zu", i + 1);
		framework_fmt_points(x->self_total, self, sizeof self);
		framework_fmt_points(x->review_total, review, sizeof review);
		framework_fmt_points(x->final_total, final, sizeof final);
		buf_t note;
		buf_init(&note, 4096);
		if (x->grade_reason && *x->grade_reason)
			buf_puts(&note, x->grade_reason);
		if (x->decision_reason && *x->decision_reason)
			buf_printf(&note, "%s%s", note.len ? "; " : "", x->decision_reason);
		if (x->membership && *x->membership)
			buf_printf(&note, "%s%s", note.len ? "; " : "", x->membership);
		const char *v[MCOL__MAX] = {
			[MCOL_NO] = no,
			[MCOL_CODE] = x->person_code,
			[MCOL_NAME] = x->person_name,
			[MCOL_POSITION] = nz(x->position),
			[MCOL_UNIT] = nz(x->unit_name),
			[MCOL_CATEGORY] = category_short(x->category),
			[MCOL_SELF] = x->has_self ? self : "",
			[MCOL_REVIEW] = x->has_review ? review : "",
			[MCOL_FINAL] = x->has_final ? final : "",
			[MCOL_GRADE] = x->grade_label ? x->grade_label : "",
			[MCOL_NOTE] = buf_cstr(&note),
		};
		if (fmt == EXPORT_CSV) {
			r = csv_record(&k, v, MCOL__MAX, e);
		} else {
			for (int col = 0; col < MCOL__MAX; col++) {
				int32_t pts = col == MCOL_SELF ? x->self_total
					      : col == MCOL_REVIEW ? x->review_total
								   : x->final_total;
				int has = col == MCOL_SELF ? x->has_self
					  : col == MCOL_REVIEW ? x->has_review
							       : x->has_final;
				if (col == MCOL_NO)
					xlsxw_int(k.x, (int64_t)(i + 1), 0);
				else if ((col == MCOL_SELF || col == MCOL_REVIEW || col == MCOL_FINAL) &&
					 has)
					xlsxw_number(k.x, pts / 100.0, 0);
				else
					xlsxw_text(k.x, v[col], month_flags[col]);
			}
			xlsxw_row_end(k.x);
		}
		buf_free(&note);
	}
close : {
	int rc = sink_close(&k, r == 0, e);
	if (r == 0)
		r = rc;
}
	if (r == 0 && rows)
		*rows = (long)l.n;
out:
	unit_list_free(&u);
	eval_list_free(&l);
	return r;
}
