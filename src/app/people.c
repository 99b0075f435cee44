/*
 * people: personnel records and posts. See people.h.
 *
 * people_put() is the one writer of records: the importer, the demo and the
 * generator all go through it, so validation and history are the same for
 * every door. It reads the existing row first and writes only when
 * something changed, which keeps re-imports cheap and the "updated" count
 * honest.
 *
 * people_batch is people_put() for the importer's stream of records: the
 * two share the merging, defaults, checks, keys and leader inference
 * (merge_rec(), person_keys(), post_leader(), check_post()), and a batch
 * sends everything but new people to people_put() itself. New people wait
 * in the batch and go 24 to a statement, which spares SQLite most of its
 * per-statement work; the row-by-row path (rows = 1) is kept, and
 * tests/unit/test_import.c checks that both leave the same rows.
 */
#include "app/people.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/org.h"
#include "lib/buf.h"
#include "lib/date.h"
#include "lib/jw.h"
#include "lib/xalloc.h"

static const struct {
	const char *column, *label;
	pf_kind kind;
	int vocab;
} fields[PF__MAX] = {
#define X(e, col, label, kind, voc) [e] = {col, label, kind, voc},
	PERSON_FIELDS(X)
#undef X
};

const char *people_field_label(person_field f)
{
	return fields[f].label;
}

const char *people_field_column(person_field f)
{
	return fields[f].column;
}

pf_kind people_field_kind(person_field f)
{
	return fields[f].kind;
}

int people_field_vocab(person_field f)
{
	return fields[f].vocab;
}

static int dberr(err_t *e)
{
	return e && e->code ? e->code : ERR_DB;
}

static char *col_dup(db_stmt_t *s, int col)
{
	const char *t = db_col_text(s, col);
	return t ? xstrdup(t) : NULL;
}

/* Parses "2,34" / "2.34" / "2" into hundredths; -1 when malformed. */
static long parse_coef(const char *s)
{
	long whole = 0, frac = 0;
	int fd = 0;
	const char *p = s;
	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		whole = whole * 10 + (*p - '0');
		if (whole > 1000)
			return -1;
	}
	if (*p == ',' || *p == '.') {
		p++;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (fd >= 2)
				return -1;
			frac = frac * 10 + (*p - '0');
			fd++;
		}
		if (fd == 0)
			return -1;
		if (fd == 1)
			frac *= 10;
	}
	if (*p)
		return -1;
	return whole * 100 + frac;
}

int people_normalise_view(person_field f, const char *raw, char tmp[PEOPLE_NORM_TMP],
			  const char **out, err_t *e)
{
	*out = NULL;
	if (!raw || !*raw)
		return 0;
	switch (fields[f].kind) {
	case PFK_CODE:
		if (strlen(raw) > 32)
			return err_set(e, ERR_INVALID, "mã dài quá 32 ký tự");
		for (const char *p = raw; *p; p++) {
			char ch = *p;
			if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
			      (ch >= 'A' && ch <= 'Z') || ch == '.' || ch == '_' || ch == '-' ||
			      ch == '/'))
				return err_set(e, ERR_INVALID,
					       "mã chỉ gồm chữ không dấu, chữ số và . _ - /");
		}
		*out = raw;
		return 0;
	case PFK_NAME:
		if (text_utf8_len(raw) > 100)
			return err_set(e, ERR_INVALID, "họ tên dài quá 100 ký tự");
		for (const char *p = raw; *p; p++)
			if (*p >= '0' && *p <= '9')
				return err_set(e, ERR_INVALID, "họ tên không được chứa chữ số");
		if (!strchr(raw, ' '))
			return err_set(e, ERR_INVALID, "cần ghi đủ họ và tên (ít nhất hai từ)");
		*out = raw;
		return 0;
	case PFK_TEXT:
		if (text_utf8_len(raw) > 200)
			return err_set(e, ERR_INVALID, "dài quá 200 ký tự");
		*out = raw;
		return 0;
	case PFK_DATE: {
		int d;
		if (date_parse(raw, &d))
			return err_set(e, ERR_INVALID, "ngày không hợp lệ (cần dạng dd/mm/yyyy)");
		date_iso(d, tmp);
		*out = tmp;
		return 0;
	}
	case PFK_VOCAB: {
		const char *code = vocab_parse((vocab_kind)fields[f].vocab, raw);
		if (!code) {
			char choices[512];
			vocab_choices((vocab_kind)fields[f].vocab, choices, sizeof choices);
			return err_set(e, ERR_INVALID, "giá trị không hợp lệ; chọn một trong: %s",
				       choices);
		}
		*out = code;
		return 0;
	}
	case PFK_RANK:
		if (vocab_rank_code_valid(raw)) {
			*out = raw;
			return 0;
		}
		if (vocab_rank_code_repair(raw, tmp)) { /* "1.003" typed as a number */
			*out = tmp;
			return 0;
		}
		return err_set(e, ERR_INVALID,
			       "mã ngạch không đúng dạng (ví dụ 01.003 hoặc V.07.03.29)");
	case PFK_STEP: {
		char *end;
		long v = strtol(raw, &end, 10);
		if (*end || v < 1 || v > 20)
			return err_set(e, ERR_INVALID, "bậc lương phải là số nguyên từ 1 đến 20");
		snprintf(tmp, PEOPLE_NORM_TMP, "%ld", v);
		*out = tmp;
		return 0;
	}
	case PFK_COEF: {
		long v = parse_coef(raw);
		if (v < 100 || v > 2000)
			return err_set(e, ERR_INVALID,
				       "hệ số lương phải từ 1,00 đến 20,00 (ví dụ 2,34)");
		snprintf(tmp, PEOPLE_NORM_TMP, "%ld", v);
		*out = tmp;
		return 0;
	}
	}
	return err_set(e, ERR_INTERNAL, "loại trường không rõ");
}

int people_normalise(person_field f, const char *raw, char **out, err_t *e)
{
	char tmp[PEOPLE_NORM_TMP];
	const char *v;
	*out = NULL;
	int r = people_normalise_view(f, raw, tmp, &v, e);
	if (!r && v)
		*out = xstrdup(v);
	return r;
}

/* Binds the record's PF__MAX values starting at first. */
static void bind_fields(db_stmt_t *s, int first, const char *const *v)
{
	for (int f = 0; f < PF__MAX; f++)
		db_bind_text(s, first + f, v[f], -1);
}

static int str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* The values a record is stored with: rec's over cur (the stored values,
 * all NULL for a new person) into merged (borrowed from rec, cur or static
 * text), then the checks and defaults of a record. *changed tells whether
 * a value differs from the stored one, before the defaults (which only
 * fill what both leave empty). 0 or ERR_INVALID. */
static int merge_rec(const person_rec_t *rec, char *const *cur, const char *as_of,
		     const char **merged, int *changed, err_t *e)
{
	*changed = 0;
	for (int f = 0; f < PF__MAX; f++) {
		merged[f] = (rec->v[f] || rec->has[f]) ? rec->v[f] : cur[f];
		if (!str_eq(merged[f], cur[f]))
			*changed = 1;
	}
	if (!merged[PF_FULL_NAME])
		return err_set(e, ERR_INVALID, "thiếu họ và tên");
	if (!merged[PF_CATEGORY])
		return err_set(e, ERR_INVALID, "thiếu phân loại (CB, CC, VC hoặc LĐHĐ)");
	if (!merged[PF_STATUS])
		merged[PF_STATUS] = "working";
	if (!merged[PF_RANK_NAME] && merged[PF_RANK_CODE]) {
		const char *name = vocab_rank_name(merged[PF_RANK_CODE]);
		if (name)
			merged[PF_RANK_NAME] = name;
	}
	if (merged[PF_BIRTH_DATE] && as_of && strcmp(merged[PF_BIRTH_DATE], as_of) > 0)
		return err_set(e, ERR_INVALID, "ngày sinh ở tương lai");
	return 0;
}

/* The stored search fold and sort key of a person: the fold of the full
 * name, and its name key followed by the code (same names: by code). fold
 * and key (borrowed) are emptied first. */
static void person_keys(app_ctx_t *c, const char *full_name, const char *code, buf_t *fold,
			buf_t *key)
{
	buf_reset(fold);
	text_fold_into(full_name, fold);
	buf_reset(key);
	text_name_key(c->coll, full_name, key);
	buf_add(key, code, strlen(code));
}

/* The leader flag of a post and, for a leader, its level: as given, or
 * inferred from the position title; a leader of no known level is a head.
 * infer is vocab_position_is_leader() or a memo of it. */
typedef int (*leader_fn)(void *memo, const char *position, const char **level);

static int vocab_leader(void *memo, const char *position, const char **level)
{
	(void)memo;
	return vocab_position_is_leader(position, level);
}

static int post_leader(const post_rec_t *pr, leader_fn infer, void *memo, const char **level)
{
	const char *lv = pr->leader_level;
	int leader = pr->is_leader;
	if (leader < 0)
		leader = infer(memo, pr->position, &lv);
	else if (leader && !lv)
		infer(memo, pr->position, &lv);
	if (leader && !lv)
		lv = "head";
	*level = lv;
	return leader;
}

/* The open primary post of a person. */
typedef struct cur_post {
	int64_t id, unit_id;
	char *position, *from;
	int is_leader;
} cur_post_t;

static int current_post(app_ctx_t *c, int64_t person_id, cur_post_t *p, err_t *e)
{
	memset(p, 0, sizeof *p);
	db_stmt_t *s = db_stmt(c->db, STMT_ASSIGN_OPEN_PRIMARY, e);
	if (!s)
		return -1;
	db_bind_int(s, 1, person_id);
	int r = db_step(s, e);
	if (r == DB_ROW) {
		p->id = db_col_int(s, 0);
		p->unit_id = db_col_int(s, 1);
		p->position = col_dup(s, 2);
		p->is_leader = (int)db_col_int(s, 3);
		p->from = col_dup(s, 4);
	}
	db_reset(s);
	return r < 0 ? -1 : (r == DB_ROW);
}

static void cur_post_free(cur_post_t *p)
{
	free(p->position);
	free(p->from);
}

static int insert_post(app_ctx_t *c, int64_t person_id, int64_t unit_id, const char *kind,
		       const char *position, int is_leader, const char *level, const char *from,
		       const char *to, const char *decision, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, STMT_ASSIGN_INSERT, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, person_id);
	db_bind_int(s, 2, unit_id);
	db_bind_text(s, 3, kind, -1);
	db_bind_text(s, 4, position, -1);
	db_bind_int(s, 5, is_leader);
	db_bind_text(s, 6, is_leader ? level : NULL, -1);
	db_bind_text(s, 7, from, -1);
	db_bind_text(s, 8, to, -1);
	db_bind_text(s, 9, decision, -1);
	db_bind_null(s, 10);
	return db_exec(s, e) ? dberr(e) : 0;
}

/* The checks put_post() makes before it looks at the database. */
static int check_post(const post_rec_t *pr, err_t *e)
{
	if (!pr->unit_code || !*pr->unit_code)
		return err_set(e, ERR_INVALID, "thiếu mã đơn vị");
	if (!pr->position || !*pr->position)
		return err_set(e, ERR_INVALID, "thiếu chức vụ");
	return 0;
}

/* Makes the person's open primary post match rec->post. */
static int put_post(app_ctx_t *c, int64_t person_id, const post_rec_t *pr, const char *as_of,
		    int is_new, int *changed, err_t *e)
{
	int r = check_post(pr, e);
	if (r)
		return r;
	int64_t unit = org_unit_id(c, pr->unit_code, e);
	if (!unit)
		return dberr(e);
	const char *level;
	int leader = post_leader(pr, vocab_leader, NULL, &level);
	cur_post_t cur = {0};
	int have = is_new ? 0 : current_post(c, person_id, &cur, e); /* new: no post yet */
	if (have < 0)
		return dberr(e);
	const char *from = pr->from ? pr->from : as_of;
	if (have && cur.unit_id == unit && str_eq(cur.position, pr->position) &&
	    cur.is_leader == leader)
		goto out; /* unchanged */
	*changed = 1;
	if (have) {
		if (strcmp(cur.from, from) >= 0) {
			/* a correction of a post that starts the same day or later */
			db_stmt_t *s = db_stmt(c->db, STMT_ASSIGN_CORRECT, e);
			if (!s) {
				r = dberr(e);
				goto out;
			}
			db_bind_int(s, 1, cur.id);
			db_bind_int(s, 2, unit);
			db_bind_text(s, 3, pr->position, -1);
			db_bind_int(s, 4, leader);
			db_bind_text(s, 5, leader ? level : NULL, -1);
			r = db_exec(s, e) ? dberr(e) : 0;
			goto out;
		}
		db_stmt_t *s = db_stmt(c->db, STMT_ASSIGN_CLOSE, e);
		if (!s) {
			r = dberr(e);
			goto out;
		}
		db_bind_int(s, 1, cur.id);
		db_bind_text(s, 2, from, -1);
		if (db_exec(s, e)) {
			r = dberr(e);
			goto out;
		}
	}
	r = insert_post(c, person_id, unit, "primary", pr->position, leader, level, from, NULL,
			pr->decision_no, e);
out:
	cur_post_free(&cur);
	return r;
}

int people_put(app_ctx_t *c, const person_rec_t *rec, const char *as_of, int *outcome, err_t *e)
{
	*outcome = 0;
	const char *code = rec->v[PF_CODE];
	if (!code)
		return err_set(e, ERR_INVALID, "thiếu mã cán bộ");
	char *cur[PF__MAX] = {0};
	const char *merged[PF__MAX];
	buf_t key, fold;
	buf_init(&key, 4096);
	buf_init(&fold, 0);
	int r = 0, changed;
	int64_t id = 0;

	db_stmt_t *s = db_stmt(c->db, STMT_PERSON_BY_CODE, e);
	if (!s)
		return dberr(e);
	db_bind_text(s, 1, code, -1);
	int sr = db_step(s, e);
	if (sr < 0)
		return dberr(e);
	if (sr == DB_ROW) {
		for (int f = 0; f < PF__MAX; f++)
			cur[f] = col_dup(s, f);
		id = db_col_int(s, PF__MAX);
	}
	db_reset(s);

	if ((r = merge_rec(rec, cur, as_of, merged, &changed, e)))
		goto out;
	changed = id && changed;
	char now[32];
	app_now(now);
	if (!id || changed)
		person_keys(c, merged[PF_FULL_NAME], code, &fold, &key);
	if (!id) {
		s = db_stmt(c->db, STMT_PERSON_INSERT, e);
		if (!s) {
			r = dberr(e);
			goto out;
		}
		bind_fields(s, 1, merged);
		db_bind_text(s, PF__MAX + 1, buf_cstr(&fold), -1);
		db_bind_blob(s, PF__MAX + 2, key.p, key.len);
		db_bind_text(s, PF__MAX + 3, now, -1);
		if (!(id = db_insert(s, e))) {
			r = dberr(e);
			goto out;
		}
		*outcome = 1;
	} else if (changed) {
		s = db_stmt(c->db, STMT_PERSON_UPDATE, e);
		if (!s) {
			r = dberr(e);
			goto out;
		}
		bind_fields(s, 1, merged);
		db_bind_text(s, PF__MAX + 1, buf_cstr(&fold), -1);
		db_bind_blob(s, PF__MAX + 2, key.p, key.len);
		db_bind_text(s, PF__MAX + 3, now, -1);
		db_bind_int(s, PF__MAX + 4, id);
		if (db_exec(s, e)) {
			r = dberr(e);
			goto out;
		}
		*outcome = 2;
	}
	if (rec->has_post) {
		int post_changed = 0;
		if ((r = put_post(c, id, &rec->post, as_of, *outcome == 1, &post_changed, e)))
			goto out;
		if (post_changed && *outcome == 0)
			*outcome = 2;
	}
out:
	for (int f = 0; f < PF__MAX; f++)
		free(cur[f]);
	buf_free(&fold);
	buf_free(&key);
	return r;
}

/* ---- people_batch ----------------------------------------------------- */

/* A small map from text to a number and a static text, for the batch's
 * memos (unit code → id, position title → leader flag and level). Keys
 * are copied. */
typedef struct smap_ent {
	char *key;
	int64_t val;
	const char *aux;
} smap_ent_t;

typedef struct smap {
	smap_ent_t *v;
	size_t cap, n;
} smap_t;

static uint64_t smap_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* The entry for key, or NULL. */
static smap_ent_t *smap_find(const smap_t *m, const char *key)
{
	if (!m->cap)
		return NULL;
	for (size_t j = smap_hash(key) & (m->cap - 1); m->v[j].key; j = (j + 1) & (m->cap - 1))
		if (strcmp(m->v[j].key, key) == 0)
			return &m->v[j];
	return NULL;
}

/* Adds key (not in the map) and returns its entry. */
static smap_ent_t *smap_add(smap_t *m, const char *key)
{
	if ((m->n + 1) * 2 > m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 64;
		smap_ent_t *nv = xcalloc(ncap, sizeof *nv);
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->v[i].key)
				continue;
			size_t j = smap_hash(m->v[i].key) & (ncap - 1);
			while (nv[j].key)
				j = (j + 1) & (ncap - 1);
			nv[j] = m->v[i];
		}
		free(m->v);
		m->v = nv;
		m->cap = ncap;
	}
	size_t j = smap_hash(key) & (m->cap - 1);
	while (m->v[j].key)
		j = (j + 1) & (m->cap - 1);
	m->v[j].key = xstrdup(key);
	m->n++;
	return &m->v[j];
}

static void smap_free(smap_t *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->v[i].key);
	free(m->v);
	memset(m, 0, sizeof *m);
}

#define NO_TEXT     ((size_t)-1)
#define PB_PERSON_N 27   /* parameters per row of STMT_PERSON_INSERT_BATCH */
#define PB_POST_N   7    /* parameters per row of STMT_ASSIGN_PRIMARY_INSERT_BATCH */
#define PB_MEMO_MAX 4096 /* position titles remembered */

/* A record waiting to be written: its values as stored (people_put()'s
 * merged values) and its post, as offsets into the batch's arena (NO_TEXT
 * for NULL). The record as given is those values without the two defaults
 * (status, rank name), which the flags tell apart. */
typedef struct waiting {
	long tag;
	size_t v[PF__MAX];
	unsigned char has[PF__MAX];
	unsigned char default_status, default_rank_name;
	size_t fold, key, key_len;
	int has_post;
	size_t unit_code, position, leader_level, from, decision_no; /* as given */
	int is_leader;                                               /* as given */
	int64_t unit_id;
	int leader;   /* as worked out */
	size_t level; /* as worked out */
} waiting_t;

/* A multi-row statement held between batches: only reset in between, so
 * every parameter keeps its value until bound again. What each text
 * parameter holds is remembered (short values; NULL) and a parameter that
 * already holds the value is not bound again: most of a batch's values
 * (gender, category, rank, degree, status, position…) repeat the previous
 * batch's, and a bind costs SQLite a copy and an allocation. This relies
 * on the batch being the only one to bind these statements (stmt.h). */
#define HELD_SHORT 24   /* longest value remembered, in bytes */
#define HELD_NULL  255  /* len: the parameter is NULL */
#define HELD_OTHER 254  /* len: unknown, or too long to remember */
#define HELD_N     (PEOPLE_BATCH * PB_PERSON_N + 2)

typedef struct held {
	db_stmt_t *s;
	unsigned char len[HELD_N];
	char val[HELD_N][HELD_SHORT];
} held_t;

struct people_batch {
	app_ctx_t *c;
	const char *as_of;
	int rows;  /* PEOPLE_BATCH, or 1: no batching */
	int empty; /* -1 unknown; 1 when the table had no one at the first record */
	waiting_t w[PEOPLE_BATCH];
	int n;
	char *arena;     /* the waiting records' text, each NUL-terminated */
	size_t arena_len, arena_cap;
	buf_t fold, key; /* scratch */
	held_t people, posts;
	smap_t units, leaders;
	long created, updated, unchanged;
	long fail_tag;
	char fail_code[128];
};

people_batch_t *people_batch_new(app_ctx_t *c, const char *as_of, int rows)
{
	people_batch_t *b = xcalloc(1, sizeof *b);
	b->c = c;
	b->as_of = as_of;
	b->rows = rows == PEOPLE_BATCH ? PEOPLE_BATCH : 1;
	b->empty = -1;
	buf_init(&b->fold, 0);
	buf_init(&b->key, 4096); /* as people_put() */
	return b;
}

void people_batch_free(people_batch_t *b)
{
	if (!b)
		return;
	free(b->arena);
	buf_free(&b->fold);
	buf_free(&b->key);
	smap_free(&b->units);
	smap_free(&b->leaders);
	free(b);
}

const char *people_batch_failed(const people_batch_t *b, long *tag)
{
	*tag = b->fail_tag;
	return b->fail_code;
}

void people_batch_counts(const people_batch_t *b, long *created, long *updated, long *unchanged)
{
	*created = b->created;
	*updated = b->updated;
	*unchanged = b->unchanged;
}

static void set_failed(people_batch_t *b, long tag, const char *code)
{
	b->fail_tag = tag;
	snprintf(b->fail_code, sizeof b->fail_code, "%s", code ? code : "");
}

/* Copies n bytes at s into the arena; their offset. (The arena holds at
 * most PEOPLE_BATCH records of checked, bounded fields.) */
static size_t keep_bytes(people_batch_t *b, const void *s, size_t n)
{
	if (b->arena_cap - b->arena_len < n) {
		size_t cap = b->arena_cap ? b->arena_cap : 8192;
		while (cap - b->arena_len < n)
			cap *= 2;
		b->arena = xrealloc(b->arena, cap);
		b->arena_cap = cap;
	}
	size_t off = b->arena_len;
	if (n)
		memcpy(b->arena + off, s, n);
	b->arena_len += n;
	return off;
}

/* Copies the NUL-terminated s into the arena; its offset, or NO_TEXT. */
static size_t keep(people_batch_t *b, const char *s)
{
	return s ? keep_bytes(b, s, strlen(s) + 1) : NO_TEXT;
}

static const char *at(const people_batch_t *b, size_t off)
{
	return off == NO_TEXT ? NULL : b->arena + off;
}

/* A waiting record as it was given. */
static void waiting_rec(const people_batch_t *b, const waiting_t *w, person_rec_t *rec)
{
	memset(rec, 0, sizeof *rec);
	for (int f = 0; f < PF__MAX; f++) {
		rec->v[f] = at(b, w->v[f]);
		rec->has[f] = w->has[f];
	}
	if (w->default_status)
		rec->v[PF_STATUS] = NULL;
	if (w->default_rank_name)
		rec->v[PF_RANK_NAME] = NULL;
	rec->has_post = w->has_post;
	rec->post.unit_code = at(b, w->unit_code);
	rec->post.position = at(b, w->position);
	rec->post.is_leader = w->is_leader;
	rec->post.leader_level = at(b, w->leader_level);
	rec->post.from = at(b, w->from);
	rec->post.decision_no = at(b, w->decision_no);
}

static void count(people_batch_t *b, int outcome)
{
	if (outcome == 1)
		b->created++;
	else if (outcome == 2)
		b->updated++;
	else
		b->unchanged++;
}

/* people_put() for a record, counted. */
static int put_now(people_batch_t *b, const person_rec_t *rec, err_t *e)
{
	int outcome;
	int r = people_put(b->c, rec, b->as_of, &outcome, e);
	if (!r)
		count(b, outcome);
	return r;
}

/* Writes the waiting records from the first-th on one by one through
 * people_put(): the last partial batch, and the way to find which record
 * a failed batch statement stumbled on. */
static int put_waiting(people_batch_t *b, int first, err_t *e)
{
	for (int i = first; i < b->n; i++) {
		person_rec_t rec;
		waiting_rec(b, &b->w[i], &rec);
		set_failed(b, b->w[i].tag, rec.v[PF_CODE]);
		int r = put_now(b, &rec, e);
		if (r)
			return r;
	}
	return 0;
}

/* The highest person id (0 for none) into *max, *none set when there is no
 * one; 0 or an err_code. */
static int max_person_id(app_ctx_t *c, int64_t *max, int *none, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, STMT_PEOPLE_MAX_ID, e);
	if (!s)
		return dberr(e);
	int r = db_step(s, e);
	if (r != DB_ROW) {
		db_reset(s);
		if (r < 0)
			return dberr(e);
		return err_set(e, ERR_DB, "MAX(id) không trả về dòng nào");
	}
	*none = db_col_is_null(s, 0);
	*max = *none ? 0 : db_col_int(s, 0);
	db_reset(s);
	return 0;
}

/* Gets a held statement the first time. */
static int hold(people_batch_t *b, held_t *h, stmt_id id, err_t *e)
{
	if (h->s)
		return 0;
	if (!(h->s = db_stmt(b->c->db, id, e)))
		return dberr(e);
	memset(h->len, HELD_NULL, sizeof h->len); /* db_stmt() cleared the bindings */
	return 0;
}

/* Binds text v (NULL for NULL) at idx unless idx holds it already. */
static void hold_text(held_t *h, int idx, const char *v)
{
	if (!v) {
		if (h->len[idx] != HELD_NULL) {
			db_bind_null(h->s, idx);
			h->len[idx] = HELD_NULL;
		}
		return;
	}
	size_t n = strlen(v);
	if (n < HELD_SHORT) {
		if (h->len[idx] == n && memcmp(h->val[idx], v, n) == 0)
			return;
		memcpy(h->val[idx], v, n);
		h->len[idx] = (unsigned char)n;
	} else {
		h->len[idx] = HELD_OTHER;
	}
	db_bind_text(h->s, idx, v, (long)n);
}

/* Writes a full batch with the two multi-row statements. The new people
 * take ids one after another (SQLite gives each the highest id plus one;
 * code_is_new() made sure the ids are far from the largest integer, where
 * it would pick at random), so the last id tells every id and the posts
 * name their people directly. A statement that fails changes nothing
 * (SQLite undoes the statement): for a constraint the records go one by
 * one instead, which writes what it can and names the record at fault
 * exactly as row by row. */
static int write_batch(people_batch_t *b, err_t *e)
{
	app_ctx_t *c = b->c;
	int r, nposts = 0;
	set_failed(b, b->w[0].tag, at(b, b->w[0].v[PF_CODE]));
	if ((r = hold(b, &b->people, STMT_PERSON_INSERT_BATCH, e)) ||
	    (r = hold(b, &b->posts, STMT_ASSIGN_PRIMARY_INSERT_BATCH, e)))
		return r;
	char now[32];
	app_now(now);
	for (int i = 0; i < PEOPLE_BATCH; i++) {
		const waiting_t *w = &b->w[i];
		int base = i * PB_PERSON_N;
		for (int f = 0; f < PF__MAX; f++)
			hold_text(&b->people, base + 1 + f, at(b, w->v[f]));
		hold_text(&b->people, base + PF__MAX + 1, at(b, w->fold));
		db_bind_blob(b->people.s, base + PF__MAX + 2, w->key_len ? at(b, w->key) : NULL,
			     w->key_len);
		b->people.len[base + PF__MAX + 2] = HELD_OTHER;
		nposts += w->has_post;
	}
	hold_text(&b->people, PEOPLE_BATCH * PB_PERSON_N + 1, now);
	int64_t last = db_insert(b->people.s, e);
	if (!last) {
		if (e->code == ERR_CONFLICT || e->code == ERR_INVALID)
			return put_waiting(b, 0, e);
		return dberr(e);
	}
	int64_t first = last - (PEOPLE_BATCH - 1);
	b->created += PEOPLE_BATCH;
	if (nposts == PEOPLE_BATCH) {
		for (int i = 0; i < PEOPLE_BATCH; i++) {
			const waiting_t *w = &b->w[i];
			int base = i * PB_POST_N;
			db_bind_int(b->posts.s, base + 1, first + i);
			db_bind_int(b->posts.s, base + 2, w->unit_id);
			hold_text(&b->posts, base + 3, at(b, w->position));
			db_bind_int(b->posts.s, base + 4, w->leader);
			hold_text(&b->posts, base + 5, w->leader ? at(b, w->level) : NULL);
			hold_text(&b->posts, base + 6,
				  w->from != NO_TEXT ? at(b, w->from) : b->as_of);
			hold_text(&b->posts, base + 7, at(b, w->decision_no));
		}
		if (!db_exec(b->posts.s, e))
			return 0;
		if (e->code != ERR_CONFLICT && e->code != ERR_INVALID)
			return dberr(e);
		/* find the post at fault: one by one, as row by row */
	}
	for (int i = 0; i < PEOPLE_BATCH; i++) {
		const waiting_t *w = &b->w[i];
		if (!w->has_post)
			continue;
		set_failed(b, w->tag, at(b, w->v[PF_CODE]));
		if ((r = insert_post(c, first + i, w->unit_id, "primary", at(b, w->position),
				     w->leader, at(b, w->level),
				     w->from != NO_TEXT ? at(b, w->from) : b->as_of, NULL,
				     at(b, w->decision_no), e)))
			return r;
	}
	return 0;
}

/* Writes whatever waits: a full batch at once, a partial one record by
 * record. The waiting records are gone afterwards, written or not. */
static int write_waiting(people_batch_t *b, err_t *e)
{
	int r = 0;
	if (b->n == PEOPLE_BATCH)
		r = write_batch(b, e);
	else if (b->n)
		r = put_waiting(b, 0, e);
	b->n = 0;
	b->arena_len = 0;
	return r;
}

int people_batch_flush(people_batch_t *b, err_t *e)
{
	return write_waiting(b, e);
}

/* 1 when no one has code yet (as far as a batch can tell: a code still
 * waiting counts as new, and a second record with it makes its batch go
 * through people_put(), which updates), 0 when someone has, or -1. The
 * first call also turns batching off if ids are near the largest integer
 * (SQLite would then give new rows random ids), or negative. */
static int code_is_new(people_batch_t *b, const char *code, err_t *e)
{
	if (b->empty < 0) {
		int64_t max = 0;
		int none = 1;
		if (max_person_id(b->c, &max, &none, e))
			return -1;
		b->empty = none;
		if (max < 0 || max > INT64_MAX / 2) {
			b->rows = 1;
			return 0;
		}
	}
	if (b->empty)
		return 1;
	db_stmt_t *s = db_stmt(b->c->db, STMT_PERSON_ID_BY_CODE, e);
	if (!s)
		return -1;
	db_bind_text(s, 1, code, -1);
	int r = db_step(s, e);
	db_reset(s);
	return r < 0 ? -1 : r == DB_DONE;
}

/* org_unit_id(), remembered. */
static int64_t unit_id(people_batch_t *b, const char *code, err_t *e)
{
	smap_ent_t *u = smap_find(&b->units, code);
	if (u)
		return u->val;
	int64_t id = org_unit_id(b->c, code, e);
	if (id)
		smap_add(&b->units, code)->val = id;
	return id;
}

/* vocab_position_is_leader(), remembered for up to PB_MEMO_MAX titles. */
static int memo_leader(void *memo, const char *position, const char **level)
{
	smap_t *m = memo;
	smap_ent_t *p = smap_find(m, position);
	if (p) {
		*level = p->aux;
		return (int)p->val;
	}
	int r = vocab_position_is_leader(position, level);
	if (m->n < PB_MEMO_MAX) {
		p = smap_add(m, position);
		p->val = r;
		p->aux = *level; /* static text */
	}
	return r;
}

int people_batch_put(people_batch_t *b, const person_rec_t *rec, long tag, err_t *e)
{
	const char *code = rec->v[PF_CODE];
	int r, isnew = 0;
	if (b->rows > 1 && code && (isnew = code_is_new(b, code, e)) < 0) {
		set_failed(b, tag, code);
		return dberr(e);
	}
	if (!isnew || b->rows == 1) {
		if ((r = write_waiting(b, e)))
			return r;
		if ((r = put_now(b, rec, e)))
			set_failed(b, tag, code);
		return r;
	}
	/* a new person: people_put()'s checks now, in its order */
	const char *merged[PF__MAX], *level = NULL;
	char *none_cur[PF__MAX] = {0};
	int changed, leader = 0;
	int64_t unit = 0;
	if ((r = merge_rec(rec, none_cur, b->as_of, merged, &changed, e)) ||
	    (rec->has_post && (r = check_post(&rec->post, e)))) {
		set_failed(b, tag, code);
		return r;
	}
	if (rec->has_post) {
		if (!(unit = unit_id(b, rec->post.unit_code, e))) {
			set_failed(b, tag, code);
			return dberr(e);
		}
		leader = post_leader(&rec->post, memo_leader, &b->leaders, &level);
	}
	person_keys(b->c, merged[PF_FULL_NAME], code, &b->fold, &b->key);
	waiting_t *w = &b->w[b->n++];
	w->tag = tag;
	for (int f = 0; f < PF__MAX; f++) {
		w->v[f] = keep(b, merged[f]);
		w->has[f] = rec->has[f];
	}
	w->default_status = !rec->v[PF_STATUS];
	w->default_rank_name = !rec->v[PF_RANK_NAME] && merged[PF_RANK_NAME];
	w->fold = keep(b, buf_cstr(&b->fold));
	w->key = keep_bytes(b, b->key.p, b->key.len);
	w->key_len = b->key.len;
	w->has_post = rec->has_post;
	if (rec->has_post) {
		w->unit_code = keep(b, rec->post.unit_code);
		w->position = keep(b, rec->post.position);
		w->leader_level = keep(b, rec->post.leader_level);
		w->from = keep(b, rec->post.from);
		w->decision_no = keep(b, rec->post.decision_no);
		w->level = keep(b, level);
	} else {
		w->unit_code = w->position = w->leader_level = w->from = w->decision_no =
		    w->level = NO_TEXT;
	}
	w->is_leader = rec->post.is_leader;
	w->unit_id = unit;
	w->leader = leader;
	if (b->n == PEOPLE_BATCH)
		return write_waiting(b, e);
	return 0;
}

static void person_row_free(person_row_t *p)
{
	free(p->code);
	free(p->full_name);
	free(p->birth_date);
	free(p->gender);
	free(p->category);
	free(p->rank_code);
	free(p->unit_code);
	free(p->unit_name);
	free(p->position);
}

void person_list_free(person_list_t *l)
{
	for (size_t i = 0; i < l->n; i++)
		person_row_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* Binds the filter parameters shared by STMT_PEOPLE_LIST and
 * STMT_PEOPLE_COUNT: 1 unit id, 2 pattern, 3 category, 4 subtree flag. */
static void bind_filter(db_stmt_t *s, int64_t unit, const buf_t *pat, const people_query_t *q)
{
	db_bind_id(s, 1, unit);
	db_bind_text(s, 2, pat->len ? pat->p : NULL, -1);
	db_bind_text(s, 3, q->category, -1);
	db_bind_int(s, 4, q->subtree ? 1 : 0);
}

int people_list(app_ctx_t *c, const people_query_t *q, person_list_t *out, err_t *e)
{
	memset(out, 0, sizeof *out);
	int r = 0;
	int64_t unit = 0;
	buf_t pat;
	buf_init(&pat, 4096);
	if (q->unit_code && !(unit = org_unit_id(c, q->unit_code, e))) {
		r = dberr(e);
		goto out;
	}
	if (q->text && *q->text)
		text_like_pattern(q->text, &pat);
	db_stmt_t *s = db_stmt(c->db, STMT_PEOPLE_COUNT, e);
	if (!s) {
		r = dberr(e);
		goto out;
	}
	bind_filter(s, unit, &pat, q);
	if (db_step(s, e) != DB_ROW) {
		r = dberr(e);
		goto out;
	}
	out->total = db_col_int(s, 0);
	db_reset(s);
	if (!(s = db_stmt(c->db, STMT_PEOPLE_LIST, e))) {
		r = dberr(e);
		goto out;
	}
	bind_filter(s, unit, &pat, q);
	db_bind_int(s, 5, q->limit > 0 ? q->limit : INT64_MAX);
	db_bind_int(s, 6, q->offset > 0 ? q->offset : 0);
	int sr;
	while ((sr = db_step(s, e)) == DB_ROW) {
		xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
		person_row_t *p = &out->v[out->n++];
		p->id = db_col_int(s, 0);
		p->code = col_dup(s, 1);
		p->full_name = col_dup(s, 2);
		p->birth_date = col_dup(s, 3);
		p->gender = col_dup(s, 4);
		p->category = col_dup(s, 5);
		p->rank_code = col_dup(s, 6);
		p->unit_code = col_dup(s, 7);
		p->unit_name = col_dup(s, 8);
		p->position = col_dup(s, 9);
		p->is_leader = (int)db_col_int(s, 10);
	}
	if (sr < 0)
		r = dberr(e);
out:
	buf_free(&pat);
	return r;
}

void person_full_free(person_full_t *p)
{
	for (int f = 0; f < PF__MAX; f++)
		free(p->v[f]);
	free(p->created_at);
	free(p->updated_at);
	for (size_t i = 0; i < p->nposts; i++) {
		assignment_row_t *a = &p->posts[i];
		free(a->unit_code);
		free(a->unit_name);
		free(a->kind);
		free(a->position);
		free(a->leader_level);
		free(a->from);
		free(a->to);
		free(a->decision_no);
	}
	free(p->posts);
	memset(p, 0, sizeof *p);
}

int people_get(app_ctx_t *c, const char *code, person_full_t *out, err_t *e)
{
	memset(out, 0, sizeof *out);
	db_stmt_t *s = db_stmt(c->db, STMT_PERSON_BY_CODE, e);
	if (!s)
		return dberr(e);
	db_bind_text(s, 1, code, -1);
	int r = db_step(s, e);
	if (r < 0)
		return dberr(e);
	if (r == DB_DONE)
		return err_set(e, ERR_NOT_FOUND, "Không có người mã «%s»", code);
	for (int f = 0; f < PF__MAX; f++)
		out->v[f] = col_dup(s, f);
	out->id = db_col_int(s, PF__MAX);
	out->created_at = col_dup(s, PF__MAX + 1);
	out->updated_at = col_dup(s, PF__MAX + 2);
	db_reset(s);
	s = db_stmt(c->db, STMT_PERSON_POSTS, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, out->id);
	while ((r = db_step(s, e)) == DB_ROW) {
		xgrow((void **)&out->posts, &out->cap, out->nposts + 1, sizeof *out->posts);
		assignment_row_t *a = &out->posts[out->nposts++];
		a->id = db_col_int(s, 0);
		a->unit_code = col_dup(s, 1);
		a->unit_name = col_dup(s, 2);
		a->kind = col_dup(s, 3);
		a->position = col_dup(s, 4);
		a->is_leader = (int)db_col_int(s, 5);
		a->leader_level = col_dup(s, 6);
		a->from = col_dup(s, 7);
		a->to = col_dup(s, 8);
		a->decision_no = col_dup(s, 9);
	}
	return r < 0 ? dberr(e) : 0;
}

static int64_t person_id(app_ctx_t *c, const char *code, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, STMT_PERSON_ID_BY_CODE, e);
	if (!s)
		return 0;
	db_bind_text(s, 1, code, -1);
	int64_t id = 0;
	int r = db_step(s, e);
	if (r == DB_ROW)
		id = db_col_int(s, 0);
	db_reset(s);
	if (r == DB_DONE)
		err_set(e, ERR_NOT_FOUND, "Không có người mã «%s»", code);
	return id;
}

static int check_iso(const char *d, const char *what, err_t *e)
{
	int x;
	if (!d || date_parse(d, &x))
		return err_set(e, ERR_INVALID, "%s «%s» không hợp lệ (dd/mm/yyyy)", what, d ? d : "");
	return 0;
}

int people_assign(app_ctx_t *c, const assign_rec_t *a, err_t *e)
{
	int r = app_require_hr(c, e);
	if (r)
		return r;
	const char *kind = vocab_parse(VOCAB_ASSIGNMENT, a->kind ? a->kind : "primary");
	if (!kind)
		return err_set(e, ERR_INVALID, "Loại chức vụ «%s» không hợp lệ (chính, kiêm nhiệm, biệt phái)",
			       a->kind);
	if (!a->position || !*a->position)
		return err_set(e, ERR_INVALID, "Thiếu chức vụ");
	if ((r = check_iso(a->from, "Ngày bắt đầu", e)))
		return r;
	if (a->to && ((r = check_iso(a->to, "Ngày kết thúc", e))))
		return r;
	if (a->to && strcmp(a->to, a->from) < 0)
		return err_set(e, ERR_INVALID, "Ngày kết thúc trước ngày bắt đầu");
	if ((r = db_begin(c->db, e)))
		return r;
	int64_t pid = person_id(c, a->person_code, e);
	int64_t uid = pid ? org_unit_id(c, a->unit_code, e) : 0;
	if (!pid || !uid) {
		r = dberr(e);
		goto fail;
	}
	const char *level = NULL;
	int leader = a->is_leader;
	if (leader < 0)
		leader = vocab_position_is_leader(a->position, &level);
	else if (leader)
		vocab_position_is_leader(a->position, &level);
	if (leader && !level)
		level = "head";
	if (strcmp(kind, "primary") == 0 && !a->to) {
		post_rec_t pr = {a->unit_code, a->position, leader, level, a->from, a->decision_no};
		int changed = 0;
		if ((r = put_post(c, pid, &pr, a->from, 0, &changed, e)))
			goto fail;
	} else {
		if ((r = insert_post(c, pid, uid, kind, a->position, leader, level, a->from, a->to,
				     a->decision_no, e)))
			goto fail;
	}
	buf_t b;
	buf_init(&b, 0);
	jw_t w;
	jw_init(&w, &b);
	jw_obj(&w);
	jw_kstr(&w, "unit", a->unit_code);
	jw_kstr(&w, "kind", kind);
	jw_kstr(&w, "position", a->position);
	jw_kstr(&w, "from", a->from);
	jw_kstr(&w, "to", a->to);
	jw_kstr(&w, "decision_no", a->decision_no);
	jw_obj_end(&w);
	r = audit_append(c, "person.assign", "person", a->person_code, NULL, buf_cstr(&b), e);
	buf_free(&b);
	if (r)
		goto fail;
	return db_commit(c->db, e);
fail:
	db_rollback(c->db);
	return r;
}

int people_end_post(app_ctx_t *c, const char *person_code, const char *unit_code, const char *date,
		    err_t *e)
{
	int r = app_require_hr(c, e);
	if (r)
		return r;
	if ((r = check_iso(date, "Ngày kết thúc", e)))
		return r;
	if ((r = db_begin(c->db, e)))
		return r;
	int64_t pid = person_id(c, person_code, e);
	int64_t uid = pid ? org_unit_id(c, unit_code, e) : 0;
	if (!pid || !uid) {
		r = dberr(e);
		goto fail;
	}
	db_stmt_t *s = db_stmt(c->db, STMT_ASSIGN_END, e);
	if (!s) {
		r = dberr(e);
		goto fail;
	}
	db_bind_int(s, 1, pid);
	db_bind_int(s, 2, uid);
	db_bind_text(s, 3, date, -1);
	if (db_exec(s, e)) {
		r = dberr(e);
		goto fail;
	}
	if (db_changes(c->db) == 0) {
		r = err_set(e, ERR_NOT_FOUND,
			    "Người «%s» không có chức vụ đang giữ tại «%s» bắt đầu trước ngày này",
			    person_code, unit_code);
		goto fail;
	}
	char after[128];
	snprintf(after, sizeof after, "{\"unit\":\"%s\",\"to\":\"%s\"}", unit_code, date);
	if ((r = audit_append(c, "person.end_post", "person", person_code, NULL, after, e)))
		goto fail;
	return db_commit(c->db, e);
fail:
	db_rollback(c->db);
	return r;
}

int people_set_status(app_ctx_t *c, const char *code, const char *status, const char *from,
		      err_t *e)
{
	int r = app_require_hr(c, e);
	if (r)
		return r;
	const char *st = vocab_parse(VOCAB_STATUS, status);
	if (!st) {
		char choices[256];
		vocab_choices(VOCAB_STATUS, choices, sizeof choices);
		return err_set(e, ERR_INVALID, "Trạng thái «%s» không hợp lệ; chọn một trong: %s",
			       status, choices);
	}
	if ((r = check_iso(from, "Ngày bắt đầu trạng thái", e)))
		return r;
	if ((r = db_begin(c->db, e)))
		return r;
	person_full_t p;
	if ((r = people_get(c, code, &p, e)))
		goto fail;
	char before[128];
	snprintf(before, sizeof before, "{\"status\":\"%s\",\"status_from\":\"%s\"}",
		 p.v[PF_STATUS] ? p.v[PF_STATUS] : "", p.v[PF_STATUS_FROM] ? p.v[PF_STATUS_FROM] : "");
	person_full_free(&p);
	person_rec_t rec = {0};
	rec.v[PF_CODE] = code;
	rec.v[PF_STATUS] = st;
	rec.v[PF_STATUS_FROM] = from;
	int outcome;
	if ((r = people_put(c, &rec, from, &outcome, e)))
		goto fail;
	char after[128];
	snprintf(after, sizeof after, "{\"status\":\"%s\",\"status_from\":\"%s\"}", st, from);
	if ((r = audit_append(c, "person.status", "person", code, before, after, e)))
		goto fail;
	return db_commit(c->db, e);
fail:
	db_rollback(c->db);
	return r;
}
