/*
 * people: personnel records and posts. See people.h.
 *
 * people_put() is the one writer of records: the importer, the demo and the
 * generator all go through it, so validation and history are the same for
 * every door. It reads the existing row first and writes only when
 * something changed, which keeps re-imports cheap and the "updated" count
 * honest.
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

int people_normalise(person_field f, const char *raw, char **out, err_t *e)
{
	*out = NULL;
	if (!raw || !*raw)
		return 0;
	size_t n = text_utf8_len(raw);
	char tmp[64];
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
		*out = xstrdup(raw);
		return 0;
	case PFK_NAME:
		if (n > 100)
			return err_set(e, ERR_INVALID, "họ tên dài quá 100 ký tự");
		for (const char *p = raw; *p; p++)
			if (*p >= '0' && *p <= '9')
				return err_set(e, ERR_INVALID, "họ tên không được chứa chữ số");
		if (!strchr(raw, ' '))
			return err_set(e, ERR_INVALID, "cần ghi đủ họ và tên (ít nhất hai từ)");
		*out = xstrdup(raw);
		return 0;
	case PFK_TEXT:
		if (n > 200)
			return err_set(e, ERR_INVALID, "dài quá 200 ký tự");
		*out = xstrdup(raw);
		return 0;
	case PFK_DATE: {
		int d;
		if (date_parse(raw, &d))
			return err_set(e, ERR_INVALID, "ngày không hợp lệ (cần dạng dd/mm/yyyy)");
		char iso[11];
		date_iso(d, iso);
		*out = xstrdup(iso);
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
		*out = xstrdup(code);
		return 0;
	}
	case PFK_RANK:
		if (!vocab_rank_code_valid(raw))
			return err_set(e, ERR_INVALID,
				       "mã ngạch không đúng dạng (ví dụ 01.003 hoặc V.07.03.29)");
		*out = xstrdup(raw);
		return 0;
	case PFK_STEP: {
		char *end;
		long v = strtol(raw, &end, 10);
		if (*end || v < 1 || v > 20)
			return err_set(e, ERR_INVALID, "bậc lương phải là số nguyên từ 1 đến 20");
		snprintf(tmp, sizeof tmp, "%ld", v);
		*out = xstrdup(tmp);
		return 0;
	}
	case PFK_COEF: {
		long v = parse_coef(raw);
		if (v < 100 || v > 2000)
			return err_set(e, ERR_INVALID,
				       "hệ số lương phải từ 1,00 đến 20,00 (ví dụ 2,34)");
		snprintf(tmp, sizeof tmp, "%ld", v);
		*out = xstrdup(tmp);
		return 0;
	}
	}
	return err_set(e, ERR_INTERNAL, "loại trường không rõ");
}

/* Binds the record's PF__MAX values starting at first. */
static void bind_fields(db_stmt_t *s, int first, char *const *v)
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

/* Makes the person's open primary post match rec->post. */
static int put_post(app_ctx_t *c, int64_t person_id, const post_rec_t *pr, const char *as_of,
		    int is_new, int *changed, err_t *e)
{
	if (!pr->unit_code || !*pr->unit_code)
		return err_set(e, ERR_INVALID, "thiếu mã đơn vị");
	if (!pr->position || !*pr->position)
		return err_set(e, ERR_INVALID, "thiếu chức vụ");
	int64_t unit = org_unit_id(c, pr->unit_code, e);
	if (!unit)
		return dberr(e);
	const char *level = pr->leader_level;
	int leader = pr->is_leader;
	if (leader < 0)
		leader = vocab_position_is_leader(pr->position, &level);
	else if (leader && !level)
		vocab_position_is_leader(pr->position, &level);
	if (leader && !level)
		level = "head";
	cur_post_t cur = {0};
	int have = is_new ? 0 : current_post(c, person_id, &cur, e); /* new: no post yet */
	if (have < 0)
		return dberr(e);
	int r = 0;
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
	char *merged[PF__MAX] = {0};
	buf_t key;
	buf_init(&key, 4096);
	char *fold = NULL;
	int r = 0;
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

	int changed = 0;
	for (int f = 0; f < PF__MAX; f++) {
		const char *nv = (rec->v[f] || rec->has[f]) ? rec->v[f] : cur[f];
		merged[f] = nv ? xstrdup(nv) : NULL;
		if (id && !str_eq(merged[f], cur[f]))
			changed = 1;
	}
	if (!merged[PF_FULL_NAME]) {
		r = err_set(e, ERR_INVALID, "thiếu họ và tên");
		goto out;
	}
	if (!merged[PF_CATEGORY]) {
		r = err_set(e, ERR_INVALID, "thiếu phân loại (CB, CC, VC hoặc LĐHĐ)");
		goto out;
	}
	if (!merged[PF_STATUS])
		merged[PF_STATUS] = xstrdup("working");
	if (!merged[PF_RANK_NAME] && merged[PF_RANK_CODE] && vocab_rank_name(merged[PF_RANK_CODE]))
		merged[PF_RANK_NAME] = xstrdup(vocab_rank_name(merged[PF_RANK_CODE]));
	if (merged[PF_BIRTH_DATE] && as_of && strcmp(merged[PF_BIRTH_DATE], as_of) > 0) {
		r = err_set(e, ERR_INVALID, "ngày sinh ở tương lai");
		goto out;
	}

	char now[32];
	app_now(now);
	if (!id || changed) {
		fold = text_fold(merged[PF_FULL_NAME]);
		text_name_key(c->coll, merged[PF_FULL_NAME], &key);
		buf_add(&key, code, strlen(code)); /* same names: by code */
	}
	if (!id) {
		s = db_stmt(c->db, STMT_PERSON_INSERT, e);
		if (!s) {
			r = dberr(e);
			goto out;
		}
		bind_fields(s, 1, merged);
		db_bind_text(s, PF__MAX + 1, fold, -1);
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
		db_bind_text(s, PF__MAX + 1, fold, -1);
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
	for (int f = 0; f < PF__MAX; f++) {
		free(cur[f]);
		free(merged[f]);
	}
	free(fold);
	buf_free(&key);
	return r;
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
