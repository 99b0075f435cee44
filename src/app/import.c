/*
 * import: all-or-nothing import of units and people. See import.h.
 *
 * One pass reads, checks and writes each row inside a single transaction;
 * rows with problems are not written, and at the end the transaction
 * commits only if no row had a problem. Units are buffered first because a
 * child may come before its parent in the file.
 *
 * People files are large (a province: hundreds of thousands of rows), so
 * the people pass avoids per-cell work that does not change the result:
 * the cells of a row are cleaned into one reused buffer and normalised in
 * place (people_normalise_view()), accepted vocabulary values are
 * remembered per column, and records go to a people_batch, which writes
 * new people 24 at a time and exactly as people_put() would. Setting
 * CANBO_IMPORT_ROW_BY_ROW=1 in the environment sends every record through
 * people_put() at once instead: the old path, for comparisons and tests.
 */
#include "app/import.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/audit.h"
#include "app/export.h"
#include "app/org.h"
#include "app/people.h"
#include "app/vocab.h"
#include "lib/buf.h"
#include "lib/csv.h"
#include "lib/date.h"
#include "lib/jw.h"
#include "lib/text.h"
#include "lib/xalloc.h"

/* Post columns of a people import, numbered after the record fields. */
enum {
	PC_UNIT = PF__MAX,
	PC_POSITION,
	PC_LEADER,
	PC_LEADER_LEVEL,
	PC_POST_FROM,
	PC_DECISION,
	PC__MAX
};

/* Unit import columns. */
enum { UC_CODE, UC_NAME, UC_PARENT, UC_KIND, UC_SECTOR, UC_FROM, UC_DECISION, UC__MAX };

/* An accepted column: its id, the label shown to people, extra folded
 * spellings ('|'-separated) and whether a file must have it. The label
 * itself, folded, always matches. */
typedef struct icol {
	int id;
	const char *label;
	const char *aliases;
	int required;
} icol_t;

static const icol_t people_cols[] = {
	{PF_CODE, "Mã", "ma can bo|ma cb|ma so|ma nhan vien|ma cbccvc|so hieu", 1},
	{PF_FULL_NAME, "Họ và tên", "ho ten|ho va ten khai sinh|ho, ten|ten can bo", 1},
	{PF_OTHER_NAME, "Tên gọi khác", "ten khac", 0},
	{PF_BIRTH_DATE, "Ngày sinh", "ngay thang nam sinh|ngay, thang, nam sinh|sinh ngay", 0},
	{PF_GENDER, "Giới tính", "gioi|nam/nu|nam, nu", 0},
	{PF_ETHNICITY, "Dân tộc", "", 0},
	{PF_RELIGION, "Tôn giáo", "", 0},
	{PF_BIRTH_PLACE, "Nơi sinh", "", 0},
	{PF_HOME_TOWN, "Quê quán", "que", 0},
	{PF_CATEGORY, "Phân loại", "loai|doi tuong|loai can bo", 0},
	{PF_RANK_NAME, "Ngạch", "ten ngach|ngach cong chuc|chuc danh nghe nghiep", 0},
	{PF_RANK_CODE, "Mã ngạch", "ma so ngach|ma ngach/chuc danh|ma chuc danh nghe nghiep", 0},
	{PF_SALARY_STEP, "Bậc lương", "bac", 0},
	{PF_SALARY_COEF, "Hệ số lương", "he so|hsl", 0},
	{PF_SALARY_FROM, "Ngày hưởng lương", "ngay huong|thoi diem huong", 0},
	{PF_DEGREE, "Trình độ chuyên môn", "trinh do|chuyen mon|trinh do dao tao", 0},
	{PF_MAJOR, "Chuyên ngành", "nganh", 0},
	{PF_LLCT, "Lý luận chính trị", "llct|trinh do lý luan chinh tri|ly luan", 0},
	{PF_QLNN, "Quản lý nhà nước", "qlnn|trinh do quan ly nha nuoc", 0},
	{PF_IT_LEVEL, "Tin học", "trinh do tin hoc", 0},
	{PF_LANGUAGE, "Ngoại ngữ", "trinh do ngoai ngu", 0},
	{PF_PARTY_JOINED, "Ngày vào Đảng", "ngay vao dang", 0},
	{PF_PARTY_OFFICIAL, "Ngày chính thức", "ngay chinh thuc|ngay vao dang chinh thuc", 0},
	{PF_STATUS, "Trạng thái", "tinh trang", 0},
	{PF_STATUS_FROM, "Ngày trạng thái", "tu ngay (trang thai)", 0},
	{PC_UNIT, "Mã đơn vị", "ma dv|ma don vi cong tac|don vi", 0},
	{PC_POSITION, "Chức vụ", "chuc danh|chuc vu, chuc danh|chuc vu/chuc danh", 0},
	{PC_LEADER, "Lãnh đạo", "la lanh dao|lanh dao, quan ly|lanh dao quan ly", 0},
	{PC_LEADER_LEVEL, "Cấp lãnh đạo", "cap", 0},
	{PC_POST_FROM, "Ngày bổ nhiệm", "tu ngay|ngay bat dau|ngay nhan chuc vu", 0},
	{PC_DECISION, "Số quyết định", "quyet dinh|so qd", 0},
	{-1, NULL, NULL, 0},
};

static const icol_t unit_cols[] = {
	{UC_CODE, "Mã", "ma don vi|ma dv", 1},
	{UC_NAME, "Tên", "ten don vi|ten dv", 1},
	{UC_PARENT, "Mã đơn vị cha", "ma cha|don vi cha|ma don vi cap tren|truc thuoc", 0},
	{UC_KIND, "Loại", "loai don vi|cap", 1},
	{UC_SECTOR, "Khối", "khoi|thuoc khoi", 1},
	{UC_FROM, "Hiệu lực từ", "ngay thanh lap|tu ngay|ngay hieu luc", 0},
	{UC_DECISION, "Số quyết định", "quyet dinh|so qd", 0},
	{-1, NULL, NULL, 0},
};

static int in_aliases(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; *p;) {
		const char *end = strchr(p, '|');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && memcmp(p, word, n) == 0)
			return 1;
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

/* Finds the column a folded header names, or NULL. */
static const icol_t *match_header(const icol_t *cols, const char *folded)
{
	for (const icol_t *c = cols; c->label; c++) {
		char *f = text_fold(c->label);
		int hit = strcmp(f, folded) == 0;
		free(f);
		if (hit || in_aliases(c->aliases, folded))
			return c;
	}
	return NULL;
}

void import_result_free(import_result_t *r)
{
	for (size_t i = 0; i < r->nkept; i++) {
		free(r->problems[i].column);
		free(r->problems[i].value);
		free(r->problems[i].reason);
	}
	free(r->problems);
	for (size_t i = 0; i < r->nignored; i++)
		free(r->ignored_columns[i]);
	free(r->ignored_columns);
	memset(r, 0, sizeof *r);
}

static void problem(import_result_t *r, long line, const char *column, const char *value,
		    size_t vlen, const char *reason)
{
	r->nproblems++;
	if (r->nkept >= IMPORT_MAX_PROBLEMS)
		return;
	xgrow((void **)&r->problems, &r->cap, r->nkept + 1, sizeof *r->problems);
	import_problem_t *p = &r->problems[r->nkept++];
	p->line = line;
	p->column = xstrdup(column ? column : "");
	/* values are shown to people: keep them short and printable */
	if (!value)
		value = "";
	size_t n = vlen > 120 ? 120 : vlen;
	size_t bad;
	if (text_utf8_check(value, n, &bad))
		n = bad;
	p->value = xstrndup(value, n);
	p->reason = xstrdup(reason);
}

/* The header row, mapped: for each file column, the column id or -1. */
typedef struct header {
	int *map;          /* file column → id */
	char **names;      /* file column → header as written (NFC) */
	size_t n;
	int present[64];   /* id → file column + 1 */
} header_t;

static void header_free(header_t *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->names[i]);
	free(h->names);
	free(h->map);
	memset(h, 0, sizeof *h);
}

/* Cleaned header names of one row (new strings; invalid UTF-8 gives NULL). */
static char **clean_row(const rowsrc_row_t *row)
{
	char **names = xcalloc(row->n ? row->n : 1, sizeof *names);
	for (size_t i = 0; i < row->n; i++) {
		err_t te;
		names[i] = text_clean(row->cells[i], row->lens[i], &te);
	}
	return names;
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
}

/* How many of the required columns a row of names has; *any gets how many
 * columns it recognises at all. */
static int required_matched(const icol_t *cols, char **names, size_t n, int *any)
{
	int req = 0;
	*any = 0;
	for (const icol_t *c = cols; c->label; c++) {
		int found = 0;
		for (size_t i = 0; i < n && !found; i++) {
			if (!names[i] || !*names[i])
				continue;
			char *f = text_fold(names[i]);
			found = match_header(cols, f) == c;
			free(f);
		}
		*any += found;
		req += found && c->required;
	}
	return req;
}

/* Finds the header row: the first row (among the first HEADER_SCAN rows)
 * that has every required column, so title lines and blank rows above a
 * table ("DANH SÁCH CÁN BỘ…", a date line) are skipped. Data rows follow it. */
#define HEADER_SCAN 30

/* Bulk path for people imports above BULK_BYTES (about 80,000 rows at
 * BYTES_PER_ROW, a typical row of a staff list). */
#define BULK_BYTES ((long long)8 << 20)
#define BYTES_PER_ROW 100

static int read_header(rowsrc_t *src, const icol_t *cols, header_t *h, import_result_t *res,
		       err_t *e)
{
	memset(h, 0, sizeof *h);
	int nreq = 0;
	for (const icol_t *c = cols; c->label; c++)
		nreq += c->required;
	rowsrc_row_t row;
	char **best = NULL, **names = NULL;
	size_t best_n = 0;
	int best_any = -1, r = 0;
	long line = 0;
	for (int k = 0; k < HEADER_SCAN; k++) {
		r = src->next(src->self, &row, e);
		if (r < 0) {
			free_names(best, best_n);
			return e->code;
		}
		if (r == 0)
			break;
		names = clean_row(&row);
		int any, req = required_matched(cols, names, row.n, &any);
		if (req == nreq) {
			free_names(best, best_n);
			best = names;
			best_n = row.n;
			line = row.line;
			break;
		}
		if (any > best_any) {
			free_names(best, best_n);
			best = names;
			best_n = row.n;
			best_any = any;
			line = row.line;
		} else {
			free_names(names, row.n);
		}
		names = NULL;
		if (k + 1 == HEADER_SCAN)
			r = 0;
	}
	if (!best)
		return err_set(e, ERR_INVALID, "Tệp «%s» không có dữ liệu (thiếu dòng tiêu đề)",
			       src->name);
	h->n = best_n;
	h->map = xcalloc(best_n ? best_n : 1, sizeof *h->map);
	h->names = xcalloc(best_n ? best_n : 1, sizeof *h->names);
	buf_t missing;
	buf_init(&missing, 4096);
	int bad = 0;
	for (size_t i = 0; i < best_n; i++) {
		char *name = best[i];
		best[i] = NULL;
		if (!name) {
			h->names[i] = xstrdup("?");
			h->map[i] = -1;
			problem(res, line, "", "", 0,
				"Tiêu đề cột không phải UTF-8 hợp lệ (tệp cần lưu dạng UTF-8)");
			bad = 1;
			continue;
		}
		h->names[i] = name;
		char *f = text_fold(name);
		const icol_t *c = *f ? match_header(cols, f) : NULL;
		free(f);
		h->map[i] = c ? c->id : -1;
		if (!c) {
			if (*name) {
				res->ignored_columns = xrealloc(res->ignored_columns,
								(res->nignored + 1) * sizeof(char *));
				res->ignored_columns[res->nignored++] = xstrdup(name);
			}
			continue;
		}
		if (h->present[c->id]) {
			char msg[256];
			snprintf(msg, sizeof msg, "Cột «%s» xuất hiện hai lần (cột %d và %zu)",
				 c->label, h->present[c->id], i + 1);
			problem(res, line, name, "", 0, msg);
			bad = 1;
		}
		h->present[c->id] = (int)i + 1;
	}
	free_names(best, best_n);
	for (const icol_t *c = cols; c->label; c++)
		if (c->required && !h->present[c->id]) {
			if (missing.len)
				buf_puts(&missing, ", ");
			buf_printf(&missing, "«%s»", c->label);
		}
	if (missing.len) {
		err_set(e, ERR_INVALID,
			"Tệp «%s» thiếu cột bắt buộc: %s (dòng tiêu đề tìm thấy ở dòng %ld, %zu cột). "
			"Xem `canbo help import` để biết các tên cột được chấp nhận.",
			src->name, buf_cstr(&missing), line, h->n);
		buf_free(&missing);
		return ERR_INVALID;
	}
	buf_free(&missing);
	if (bad)
		return err_set(e, ERR_INVALID, "Dòng tiêu đề của tệp «%s» có lỗi", src->name);
	return 0;
}

/* Cleans one cell: UTF-8, NFC, trimmed. Returns new text or NULL (problem
 * recorded). An empty cell gives "". */
static char *cell(const rowsrc_row_t *row, size_t i, const header_t *h, import_result_t *res)
{
	if (i >= row->n)
		return xstrdup("");
	err_t te;
	char *v = text_clean(row->cells[i], row->lens[i], &te);
	if (!v)
		problem(res, row->line, h->names[i], row->cells[i], row->lens[i], te.msg);
	return v;
}

typedef struct progress {
	app_ctx_t *c;
	int on;
	time_t last;
	long long size;
} progress_t;

static void progress_tick(progress_t *p, rowsrc_t *src, long rows, int done)
{
	if ((!p->on || p->c->progress_fd < 0) && !p->c->on_progress)
		return;
	time_t now = time(NULL);
	if (!done && now == p->last)
		return;
	p->last = now;
	if (p->c->on_progress) {
		long long pos = p->size > 0 && src->pos ? src->pos(src->self) : 0;
		/* in bytes of the file when its size is known, else in rows */
		if (p->size > 0)
			app_progress(p->c, done ? (long)p->size : (long)pos, (long)p->size);
		else
			app_progress(p->c, rows, 0);
	}
	if (!p->on || p->c->progress_fd < 0)
		return;
	char msg[160];
	int n;
	if (p->size > 0 && src->pos) {
		long long pos = src->pos(src->self);
		int pct = done ? 100 : (int)(pos * 100 / p->size);
		n = snprintf(msg, sizeof msg, "Đang nhập «%s»: %ld dòng (%d%%)%s", src->name, rows, pct,
			     done ? "\n" : "\n");
	} else {
		n = snprintf(msg, sizeof msg, "Đang nhập «%s»: %ld dòng%s", src->name, rows, "\n");
	}
	if (n > 0 && write(p->c->progress_fd, msg, (size_t)n) < 0)
		p->on = 0;
}

static int row_is_blank(const rowsrc_row_t *row)
{
	for (size_t i = 0; i < row->n; i++)
		for (size_t k = 0; k < row->lens[i]; k++)
			if (row->cells[i][k] != ' ' && row->cells[i][k] != '\t')
				return 0;
	return 1;
}

/* An open-addressing hash set of codes, each with a line and an optional
 * text. A people file puts every code in one (hundreds of thousands), so a
 * slot keeps the key's hash next to it (a probe compares strings only when
 * the hashes agree) and the keys are copied into large blocks rather than
 * allocated one by one. */
typedef struct codeslot {
	uint64_t hash;
	const char *key; /* NULL: empty */
	long line;
	char *text; /* optional text value (codeset_set_text) */
} codeslot_t;

typedef struct keyblock {
	struct keyblock *next;
	size_t used, cap;
	char data[];
} keyblock_t;

typedef struct codeset {
	codeslot_t *v;
	size_t cap, n;
	keyblock_t *blocks; /* the keys; the newest block first */
} codeset_t;

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* A copy of s in the set's key blocks. */
static const char *codeset_keep(codeset_t *cs, const char *s)
{
	size_t n = strlen(s) + 1;
	keyblock_t *b = cs->blocks;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > 65536 ? n : 65536;
		b = xmalloc(sizeof *b + cap);
		b->next = cs->blocks;
		b->used = 0;
		b->cap = cap;
		cs->blocks = b;
	}
	char *k = b->data + b->used;
	memcpy(k, s, n);
	b->used += n;
	return k;
}

/* Slot of code (with hash h) in the set, or the empty slot where it goes. */
static size_t codeset_probe(const codeset_t *cs, const char *code, uint64_t h)
{
	size_t j = h & (cs->cap - 1);
	while (cs->v[j].key && !(cs->v[j].hash == h && strcmp(cs->v[j].key, code) == 0))
		j = (j + 1) & (cs->cap - 1);
	return j;
}

/* Makes room for about n codes at once, so that a large file's set is not
 * rebuilt again and again as it grows. */
static void codeset_reserve(codeset_t *cs, long long n)
{
	size_t cap = 1024;
	if (cs->cap || n > (1 << 24))
		return;
	while ((long long)cap < 2 * n)
		cap *= 2;
	cs->v = xcalloc(cap, sizeof *cs->v);
	cs->cap = cap;
}

/* Returns the line where code was first seen, or 0 after inserting it. */
static long codeset_add(codeset_t *cs, const char *code, long line)
{
	if (cs->n * 2 >= cs->cap) {
		size_t ncap = cs->cap ? cs->cap * 2 : 1024;
		codeslot_t *nv = xcalloc(ncap, sizeof *nv);
		for (size_t i = 0; i < cs->cap; i++)
			if (cs->v[i].key) {
				size_t j = cs->v[i].hash & (ncap - 1);
				while (nv[j].key)
					j = (j + 1) & (ncap - 1);
				nv[j] = cs->v[i];
			}
		free(cs->v);
		cs->v = nv;
		cs->cap = ncap;
	}
	uint64_t h = hash_str(code);
	size_t j = codeset_probe(cs, code, h);
	if (cs->v[j].key)
		return cs->v[j].line;
	cs->v[j].hash = h;
	cs->v[j].key = codeset_keep(cs, code);
	cs->v[j].line = line;
	cs->n++;
	return 0;
}

/* Slot of code in the set, or -1. */
static long codeset_slot(const codeset_t *cs, const char *code)
{
	if (!cs->cap)
		return -1;
	size_t j = codeset_probe(cs, code, hash_str(code));
	return cs->v[j].key ? (long)j : -1;
}

/* 1 when code is in the set, with *line its value. */
static int codeset_find(const codeset_t *cs, const char *code, long *line)
{
	long j = codeset_slot(cs, code);
	if (j >= 0 && line)
		*line = cs->v[j].line;
	return j >= 0;
}

/* Attaches a copy of text to code (which must be in the set). */
static void codeset_set_text(codeset_t *cs, const char *code, const char *text)
{
	long j = codeset_slot(cs, code);
	if (j >= 0) {
		free(cs->v[j].text);
		cs->v[j].text = xstrdup(text);
	}
}

/* The text attached to code, or code itself. */
static const char *codeset_text(const codeset_t *cs, const char *code)
{
	long j = codeset_slot(cs, code);
	return j >= 0 && cs->v[j].text ? cs->v[j].text : code;
}

static void codeset_free(codeset_t *cs)
{
	for (size_t i = 0; i < cs->cap; i++)
		free(cs->v[i].text);
	free(cs->v);
	while (cs->blocks) {
		keyblock_t *next = cs->blocks->next;
		free(cs->blocks);
		cs->blocks = next;
	}
	memset(cs, 0, sizeof *cs);
}

/* Vocabulary cells repeat ("Nam", "Đại học", "Cao cấp"…): the accepted
 * values of those fields are remembered per (field, cleaned text), up to
 * VMEMO_MAX of them, so each distinct text is parsed once. A value that is
 * refused is never remembered: its problem is found and reported as
 * without the memo. */
#define VMEMO_MAX 512

typedef struct vmemo_ent {
	char *text;
	int field;
	const char *code; /* static vocabulary code */
} vmemo_ent_t;

typedef struct vmemo {
	vmemo_ent_t v[2 * VMEMO_MAX]; /* open addressing, at most half full */
	size_t n;
} vmemo_t;

static size_t vmemo_slot(const vmemo_t *m, int field, const char *text)
{
	size_t j = (hash_str(text) ^ (uint64_t)field * 0x9E3779B97F4A7C15ull) % (2 * VMEMO_MAX);
	while (m->v[j].text && !(m->v[j].field == field && strcmp(m->v[j].text, text) == 0))
		j = (j + 1) % (2 * VMEMO_MAX);
	return j;
}

/* people_normalise_view() with the memo for vocabulary fields. */
static int normalise_cell(vmemo_t *m, person_field f, const char *raw,
			  char tmp[PEOPLE_NORM_TMP], const char **out, err_t *e)
{
	if (people_field_kind(f) != PFK_VOCAB || !raw || !*raw)
		return people_normalise_view(f, raw, tmp, out, e);
	size_t j = vmemo_slot(m, (int)f, raw);
	if (m->v[j].text) {
		*out = m->v[j].code;
		return 0;
	}
	int r = people_normalise_view(f, raw, tmp, out, e);
	if (!r && m->n < VMEMO_MAX) {
		m->v[j].text = xstrdup(raw);
		m->v[j].field = (int)f;
		m->v[j].code = *out;
		m->n++;
	}
	return r;
}

static void vmemo_free(vmemo_t *m)
{
	for (size_t i = 0; i < 2 * VMEMO_MAX; i++)
		free(m->v[i].text);
}

/* 1 when a write failed for a reason of the system (the database lost or
 * busy, a disk error), not of the row: the import stops with that error
 * instead of reporting it against a row the user cannot fix. */
static int system_failure(const err_t *te)
{
	return te->code == ERR_BUSY || te->code == ERR_DB || te->code == ERR_IO ||
	       te->code == ERR_INTERNAL || te->code == ERR_VERSION;
}

/* Records a problem for the record a people_batch error belongs to. */
static void batch_problem(import_result_t *res, const people_batch_t *pb, const err_t *te)
{
	long line;
	const char *code = people_batch_failed(pb, &line);
	problem(res, line, "", code, strlen(code), te->msg);
}

static int import_people(app_ctx_t *c, rowsrc_t *src, const header_t *h, const char *as_of,
			 progress_t *pg, import_result_t *res, err_t *e)
{
	rowsrc_row_t row;
	int r;
	codeset_t seen = {0};
	codeset_t units_ok = {0};    /* unit codes (1) or names (2) known, or unknown (<0) */
	codeset_t units_named = {0}; /* unit name → its code */
	int has_post = h->present[PC_UNIT] || h->present[PC_POSITION];
	codeset_reserve(&seen, src->size / BYTES_PER_ROW);
	/* the cleaned cells of a row, one after another, each NUL-terminated */
	buf_t cells;
	buf_init(&cells, 0);
	vmemo_t *memo = xcalloc(1, sizeof *memo);
	const char *rbr = getenv("CANBO_IMPORT_ROW_BY_ROW");
	people_batch_t *pb = people_batch_new(c, as_of, rbr && *rbr && strcmp(rbr, "0") != 0
							  ? 1
							  : PEOPLE_BATCH);
	while ((r = src->next(src->self, &row, e)) == 1) {
		if (row_is_blank(&row))
			continue;
		res->rows++;
		progress_tick(pg, src, res->rows, 0);
		const char *vals[PC__MAX] = {0};
		size_t off[PC__MAX];
		unsigned char cleaned[PC__MAX] = {0};
		int bad = 0;
		buf_reset(&cells);
		for (size_t i = 0; i < h->n; i++) {
			int id = h->map[i];
			if (id < 0)
				continue;
			if (i >= row.n) {
				vals[id] = "";
				continue;
			}
			err_t te;
			off[id] = cells.len;
			if (text_clean_into(row.cells[i], row.lens[i], &cells, &te)) {
				problem(res, row.line, h->names[i], row.cells[i], row.lens[i], te.msg);
				bad = 1;
				continue;
			}
			buf_add(&cells, "", 1);
			cleaned[id] = 1;
		}
		for (int id = 0; id < PC__MAX; id++)
			if (cleaned[id]) /* the buffer has stopped moving */
				vals[id] = cells.p + off[id];
		person_rec_t rec = {0};
		char tmp[PF__MAX][PEOPLE_NORM_TMP];
		for (int f = 0; f < PF__MAX && !bad; f++) {
			if (!h->present[f])
				continue;
			err_t te;
			if (normalise_cell(memo, (person_field)f, vals[f], tmp[f], &rec.v[f], &te)) {
				int col = h->present[f] - 1;
				problem(res, row.line, h->names[col], vals[f], strlen(vals[f]), te.msg);
				bad = 1;
			}
			rec.has[f] = 1;
		}
		if (!bad && !rec.v[PF_CODE]) {
			problem(res, row.line, h->names[h->present[PF_CODE] - 1], "", 0,
				"Thiếu mã cán bộ");
			bad = 1;
		}
		if (!bad && !rec.v[PF_FULL_NAME]) {
			problem(res, row.line, h->names[h->present[PF_FULL_NAME] - 1], "", 0,
				"Thiếu họ và tên");
			bad = 1;
		}
		if (!bad) {
			long first = codeset_add(&seen, rec.v[PF_CODE], row.line);
			if (first) {
				char msg[128];
				snprintf(msg, sizeof msg, "Mã trùng với dòng %ld", first);
				problem(res, row.line, h->names[h->present[PF_CODE] - 1], rec.v[PF_CODE],
					strlen(rec.v[PF_CODE]), msg);
				bad = 1;
			}
		}
		char post_from[11];
		const char *leader_code = NULL, *level_code = NULL;
		if (!bad && has_post) {
			const char *unit = vals[PC_UNIT], *pos = vals[PC_POSITION];
			if (!unit || !*unit || !pos || !*pos) {
				int col = (!unit || !*unit) ? h->present[PC_UNIT] : h->present[PC_POSITION];
				problem(res, row.line, col ? h->names[col - 1] : "", "", 0,
					(!unit || !*unit) ? "Thiếu mã đơn vị (cần cả mã đơn vị và chức vụ)"
							  : "Thiếu chức vụ (cần cả mã đơn vị và chức vụ)");
				bad = 1;
			} else {
				/* a unit code, or else the name of exactly one unit */
				long known;
				if (!codeset_find(&units_ok, unit, &known)) {
					err_t te;
					known = org_unit_id(c, unit, &te) ? 1 : -1;
					if (known < 0 && system_failure(&te)) {
						*e = te;
						r = -1;
						break;
					}
					char code[65];
					if (known < 0 && org_unit_code_by_name(c, unit, code, &te) == 0) {
						known = 2;
						codeset_add(&units_named, unit, 0);
						codeset_set_text(&units_named, unit, code);
					} else if (known < 0 && te.code == ERR_CONFLICT) {
						known = -2;
					} else if (known < 0 && system_failure(&te)) {
						*e = te;
						r = -1;
						break;
					}
					codeset_add(&units_ok, unit, known);
				}
				if (known < 0) {
					problem(res, row.line, h->names[h->present[PC_UNIT] - 1], unit,
						strlen(unit),
						known == -2 ? "Có nhiều đơn vị cùng tên này; hãy dùng mã đơn vị"
							    : "Không có đơn vị mã hay tên này (hãy nhập danh sách "
							      "đơn vị trước)");
					bad = 1;
				} else if (known == 2) {
					unit = codeset_text(&units_named, unit);
				}
			}
			if (!bad && vals[PC_LEADER] && *vals[PC_LEADER] &&
			    !(leader_code = vocab_parse(VOCAB_YESNO, vals[PC_LEADER]))) {
				problem(res, row.line, h->names[h->present[PC_LEADER] - 1], vals[PC_LEADER],
					strlen(vals[PC_LEADER]), "Ghi «Có» hoặc «Không»");
				bad = 1;
			}
			if (!bad && vals[PC_LEADER_LEVEL] && *vals[PC_LEADER_LEVEL] &&
			    !(level_code = vocab_parse(VOCAB_LEADER_LEVEL, vals[PC_LEADER_LEVEL]))) {
				problem(res, row.line, h->names[h->present[PC_LEADER_LEVEL] - 1],
					vals[PC_LEADER_LEVEL], strlen(vals[PC_LEADER_LEVEL]),
					"Ghi «Cấp trưởng» hoặc «Cấp phó»");
				bad = 1;
			}
			int have_from = 0;
			if (!bad && vals[PC_POST_FROM] && *vals[PC_POST_FROM]) {
				int d;
				if (date_parse(vals[PC_POST_FROM], &d)) {
					problem(res, row.line, h->names[h->present[PC_POST_FROM] - 1],
						vals[PC_POST_FROM], strlen(vals[PC_POST_FROM]),
						"Ngày không hợp lệ (cần dạng dd/mm/yyyy)");
					bad = 1;
				} else {
					date_iso(d, post_from);
					have_from = 1;
				}
			}
			if (!bad) {
				rec.has_post = 1;
				rec.post.unit_code = unit;
				rec.post.position = pos;
				rec.post.is_leader = leader_code ? leader_code[0] == '1' : -1;
				rec.post.leader_level = level_code;
				rec.post.from = have_from ? post_from : NULL;
				rec.post.decision_no =
					vals[PC_DECISION] && *vals[PC_DECISION] ? vals[PC_DECISION] : NULL;
			}
		}
		if (!bad && res->nproblems == 0) {
			/* write only while the file is still clean: once a problem is
			 * found the transaction will be rolled back anyway, so the
			 * remaining rows are only checked */
			err_t te;
			if (people_batch_put(pb, &rec, row.line, &te)) {
				if (system_failure(&te)) {
					*e = te;
					r = -1;
					break;
				}
				batch_problem(res, pb, &te);
			}
		}
	}
	if (r >= 0 && res->nproblems == 0) {
		err_t te;
		if (people_batch_flush(pb, &te)) {
			if (system_failure(&te)) {
				*e = te;
				r = -1;
			} else {
				batch_problem(res, pb, &te);
			}
		}
		people_batch_counts(pb, &res->created, &res->updated, &res->unchanged);
	}
	people_batch_free(pb);
	vmemo_free(memo);
	free(memo);
	buf_free(&cells);
	codeset_free(&seen);
	codeset_free(&units_ok);
	codeset_free(&units_named);
	return r < 0 ? e->code : 0;
}

/* A unit row held until its parent is in place. */
typedef struct urow {
	long line;
	char *v[UC__MAX];
	int done;
} urow_t;

static int import_units(app_ctx_t *c, rowsrc_t *src, const header_t *h, progress_t *pg,
			import_result_t *res, err_t *e)
{
	urow_t *rows = NULL;
	size_t n = 0, cap = 0;
	codeset_t seen = {0};
	rowsrc_row_t row;
	int r;
	while ((r = src->next(src->self, &row, e)) == 1) {
		if (row_is_blank(&row))
			continue;
		res->rows++;
		progress_tick(pg, src, res->rows, 0);
		urow_t u = {.line = row.line};
		int bad = 0;
		for (size_t i = 0; i < h->n; i++) {
			int id = h->map[i];
			if (id < 0)
				continue;
			char *v = cell(&row, i, h, res);
			if (!v) {
				bad = 1;
				continue;
			}
			u.v[id] = v;
		}
#define UCOL(id) h->names[h->present[id] - 1]
		if (!bad) {
			err_t te;
			char *code = NULL;
			if (!u.v[UC_CODE] || !*u.v[UC_CODE]) {
				problem(res, u.line, UCOL(UC_CODE), "", 0, "Thiếu mã đơn vị");
				bad = 1;
			} else if (people_normalise(PF_CODE, u.v[UC_CODE], &code, &te)) {
				problem(res, u.line, UCOL(UC_CODE), u.v[UC_CODE], strlen(u.v[UC_CODE]),
					te.msg);
				bad = 1;
			}
			free(code);
		}
		if (!bad && !*u.v[UC_NAME]) {
			problem(res, u.line, UCOL(UC_NAME), "", 0, "Thiếu tên đơn vị");
			bad = 1;
		}
		if (!bad && text_utf8_len(u.v[UC_NAME]) > 200) {
			problem(res, u.line, UCOL(UC_NAME), u.v[UC_NAME], strlen(u.v[UC_NAME]),
				"Tên đơn vị dài quá 200 ký tự");
			bad = 1;
		}
		const char *kind = NULL, *sector = NULL;
		if (!bad && !(kind = vocab_parse(VOCAB_UNIT_KIND, u.v[UC_KIND]))) {
			char msg[600], ch[512];
			vocab_choices(VOCAB_UNIT_KIND, ch, sizeof ch);
			snprintf(msg, sizeof msg, "Loại đơn vị không hợp lệ; chọn một trong: %s", ch);
			problem(res, u.line, UCOL(UC_KIND), u.v[UC_KIND], strlen(u.v[UC_KIND]), msg);
			bad = 1;
		}
		if (!bad && !(sector = vocab_parse(VOCAB_SECTOR, u.v[UC_SECTOR]))) {
			char msg[600], ch[512];
			vocab_choices(VOCAB_SECTOR, ch, sizeof ch);
			snprintf(msg, sizeof msg, "Khối không hợp lệ; chọn một trong: %s", ch);
			problem(res, u.line, UCOL(UC_SECTOR), u.v[UC_SECTOR], strlen(u.v[UC_SECTOR]),
				msg);
			bad = 1;
		}
		if (!bad && u.v[UC_FROM] && *u.v[UC_FROM]) {
			int d;
			if (date_parse(u.v[UC_FROM], &d)) {
				problem(res, u.line, UCOL(UC_FROM), u.v[UC_FROM], strlen(u.v[UC_FROM]),
					"Ngày không hợp lệ (cần dạng dd/mm/yyyy)");
				bad = 1;
			} else {
				free(u.v[UC_FROM]);
				u.v[UC_FROM] = xmalloc(11);
				date_iso(d, u.v[UC_FROM]);
			}
		}
		if (!bad) {
			long first = codeset_add(&seen, u.v[UC_CODE], u.line);
			if (first) {
				char msg[128];
				snprintf(msg, sizeof msg, "Mã trùng với dòng %ld", first);
				problem(res, u.line, UCOL(UC_CODE), u.v[UC_CODE], strlen(u.v[UC_CODE]),
					msg);
				bad = 1;
			}
		}
		if (!bad) {
			/* store canonical codes so the writer need not parse again */
			free(u.v[UC_KIND]);
			u.v[UC_KIND] = xstrdup(kind);
			free(u.v[UC_SECTOR]);
			u.v[UC_SECTOR] = xstrdup(sector);
		}
		xgrow((void **)&rows, &cap, n + 1, sizeof *rows);
		u.done = bad;
		rows[n++] = u;
	}
	if (r < 0) {
		r = e->code;
		goto out;
	}
	r = 0;
	/* Write in passes: a row is ready when its parent is empty, already
	 * written in this run, or exists in the database and is not waiting
	 * in the file. */
	codeset_t written = {0};
	int progress = 1;
	while (progress) {
		progress = 0;
		for (size_t i = 0; i < n; i++) {
			urow_t *u = &rows[i];
			if (u->done)
				continue;
			const char *parent = u->v[UC_PARENT];
			int ready = !parent || !*parent;
			if (!ready) {
				int in_file = codeset_find(&seen, parent, NULL);
				if (in_file) {
					ready = codeset_find(&written, parent, NULL);
				} else {
					ready = 1; /* must exist in the database: put checks */
				}
				if (in_file && strcmp(parent, u->v[UC_CODE]) == 0) {
					problem(res, u->line, UCOL(UC_PARENT), parent, strlen(parent),
						"Đơn vị không thể là đơn vị cha của chính nó");
					u->done = 1;
					continue;
				}
			}
			if (!ready)
				continue;
			u->done = 1;
			progress = 1;
			if (res->nproblems)
				continue; /* checking only */
			unit_rec_t rec = {u->v[UC_CODE], u->v[UC_NAME], u->v[UC_KIND], u->v[UC_SECTOR],
					  parent && *parent ? parent : NULL,
					  u->v[UC_FROM] && *u->v[UC_FROM] ? u->v[UC_FROM] : NULL,
					  u->v[UC_DECISION]};
			err_t te;
			int created = 0;
			int failed = org_unit_put(c, &rec, &created, &te) != 0;
			if (failed && system_failure(&te)) {
				*e = te;
				r = te.code;
				progress = 0;
				break;
			}
			if (failed) {
				const char *col = te.code == ERR_NOT_FOUND && parent ? UCOL(UC_PARENT) : "";
				problem(res, u->line, col, parent && te.code == ERR_NOT_FOUND ? parent
											       : u->v[UC_CODE],
					strlen(parent && te.code == ERR_NOT_FOUND ? parent : u->v[UC_CODE]),
					te.msg);
			} else {
				codeset_add(&written, u->v[UC_CODE], u->line);
				if (created)
					res->created++;
				else
					res->updated++;
			}
		}
	}
	for (size_t i = 0; i < n && !r; i++)
		if (!rows[i].done)
			problem(res, rows[i].line, UCOL(UC_PARENT), rows[i].v[UC_PARENT],
				strlen(rows[i].v[UC_PARENT]),
				"Đơn vị cha tạo thành vòng lặp với các dòng khác trong tệp");
#undef UCOL
	codeset_free(&written);
out:
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < UC__MAX; k++)
			free(rows[i].v[k]);
	free(rows);
	codeset_free(&seen);
	return r;
}

/* Runs a statement without parameters or rows; 0 or -1 with e. */
static int run(app_ctx_t *c, stmt_id id, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, id, e);
	return s ? db_exec(s, e) : -1;
}

int import_run(app_ctx_t *c, import_kind kind, rowsrc_t *src, const import_opts_t *o,
	       import_result_t *res, err_t *e)
{
	memset(res, 0, sizeof *res);
	int r = app_require_hr(c, e);
	if (r)
		return r;
	char today[11];
	const char *as_of = o && o->as_of ? o->as_of : NULL;
	if (!as_of) {
		app_today(today);
		as_of = today;
	}
	header_t h;
	const icol_t *cols = kind == IMPORT_UNITS ? unit_cols : people_cols;
	if ((r = read_header(src, cols, &h, res, e))) {
		header_free(&h);
		return r;
	}
	if ((r = db_begin(c->db, e))) {
		header_free(&h);
		return r;
	}
	progress_t pg = {c, o && o->progress, 0, src->size};
	/* A large people file into a database that is small next to it: the
	 * two name indexes (long keys in random order) and the posts' index by
	 * unit (units scattered through the file) are rebuilt once at the end,
	 * in this transaction, instead of being updated row by row — where
	 * every multi-row statement would also copy each index page it touches
	 * to its statement journal. */
	int rebuild = 0;
	if (kind == IMPORT_PEOPLE && src->size > BULK_BYTES) {
		db_cache_hint(c->db, 256);
		long long existing = 0;
		db_stmt_t *s = db_stmt(c->db, STMT_PEOPLE_TOTAL, e);
		if (s && db_step(s, e) == DB_ROW)
			existing = db_col_int(s, 0);
		db_reset(s);
		rebuild = src->size / BYTES_PER_ROW > existing / 2;
		if (rebuild && (run(c, STMT_BULK_DROP_PEOPLE_NAME_KEY, e) ||
				run(c, STMT_BULK_DROP_PEOPLE_NAME_FOLD, e) ||
				run(c, STMT_BULK_DROP_ASSIGNMENTS_UNIT, e))) {
			r = e->code;
			header_free(&h);
			goto fail;
		}
	}
	if (kind == IMPORT_UNITS)
		r = import_units(c, src, &h, &pg, res, e);
	else
		r = import_people(c, src, &h, as_of, &pg, res, e);
	if (!r && rebuild && !res->nproblems &&
	    (run(c, STMT_BULK_CREATE_PEOPLE_NAME_KEY, e) ||
	     run(c, STMT_BULK_CREATE_PEOPLE_NAME_FOLD, e) ||
	     run(c, STMT_BULK_CREATE_ASSIGNMENTS_UNIT, e)))
		r = e->code;
	progress_tick(&pg, src, res->rows, 1);
	header_free(&h);
	if (r)
		goto fail;
	if (res->nproblems) {
		r = err_set(e, ERR_INVALID,
			    "Tệp «%s» có %ld lỗi ở %ld dòng dữ liệu; không có gì được ghi vào cơ sở "
			    "dữ liệu",
			    src->name, res->nproblems, res->rows);
		goto fail;
	}
	if (o && o->dry_run) {
		db_rollback(c->db);
		db_cache_hint(c->db, 0);
		return 0;
	}
	buf_t b;
	buf_init(&b, 0);
	jw_t w;
	jw_init(&w, &b);
	jw_obj(&w);
	jw_kstr(&w, "file", src->name);
	jw_kint(&w, "rows", res->rows);
	jw_kint(&w, "created", res->created);
	jw_kint(&w, "updated", res->updated);
	jw_kint(&w, "unchanged", res->unchanged);
	jw_kstr(&w, "as_of", as_of);
	jw_obj_end(&w);
	r = audit_append(c, kind == IMPORT_UNITS ? "import.units" : "import.people", "import",
			 src->name, NULL, buf_cstr(&b), e);
	buf_free(&b);
	if (r)
		goto fail;
	r = db_commit(c->db, e);
	db_cache_hint(c->db, 0);
	if (r)
		return r;
	res->committed = 1;
	return 0;
fail:
	db_rollback(c->db);
	res->created = res->updated = res->unchanged = 0;
	db_cache_hint(c->db, 0);
	return r;
}

int import_write_report(const import_result_t *r, const char *path, const char *source,
			err_t *e)
{
	size_t plen = strlen(path);
	if (plen > 5 && strcmp(path + plen - 5, ".xlsx") == 0) {
		long *line = xcalloc(r->nkept ? r->nkept : 1, sizeof *line);
		const char **col = xcalloc(r->nkept ? r->nkept : 1, sizeof *col);
		const char **val = xcalloc(r->nkept ? r->nkept : 1, sizeof *val);
		const char **why = xcalloc(r->nkept ? r->nkept : 1, sizeof *why);
		for (size_t i = 0; i < r->nkept; i++) {
			line[i] = r->problems[i].line;
			col[i] = r->problems[i].column;
			val[i] = r->problems[i].value;
			why[i] = r->problems[i].reason;
		}
		int rc = export_import_report_xlsx(path, source, r->nproblems, r->nkept, line, col,
						   val, why, e);
		free(line);
		free(col);
		free(val);
		free(why);
		return rc;
	}
	FILE *f = fopen(path, "wb");
	if (!f)
		return err_set(e, ERR_IO, "Không ghi được tệp báo cáo «%s»", path);
	buf_t b;
	buf_init(&b, 0);
	buf_puts(&b, "\xEF\xBB\xBF"); /* BOM: Excel opens UTF-8 correctly */
	buf_puts(&b, "Dòng,Cột,Giá trị,Lý do\r\n");
	for (size_t i = 0; i < r->nkept; i++) {
		const import_problem_t *p = &r->problems[i];
		buf_printf(&b, "%ld,", p->line);
		csv_write_field_safe(&b, p->column, ',');
		buf_putc(&b, ',');
		csv_write_field_safe(&b, p->value, ',');
		buf_putc(&b, ',');
		csv_write_field_safe(&b, p->reason, ',');
		buf_puts(&b, "\r\n");
	}
	int ok = fwrite(b.p, 1, b.len, f) == b.len;
	ok &= fclose(f) == 0;
	buf_free(&b);
	return ok ? 0 : err_set(e, ERR_IO, "Không ghi được tệp báo cáo «%s»", path);
}

char *import_describe(import_kind kind)
{
	const icol_t *cols = kind == IMPORT_UNITS ? unit_cols : people_cols;
	buf_t b;
	buf_init(&b, 0);
	for (const icol_t *c = cols; c->label; c++) {
		buf_printf(&b, "  %s%s", c->label, c->required ? " (bắt buộc)" : "");
		if (*c->aliases) {
			buf_puts(&b, " — cũng nhận: ");
			for (const char *p = c->aliases; *p; p++)
				buf_puts(&b, *p == '|' ? ", " : (char[]){*p, 0});
		}
		buf_putc(&b, '\n');
	}
	return buf_take(&b);
}
