/*
 * audit: hash-chained audit log. See audit.h.
 */
#include "app/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/xalloc.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* Feeds one length-prefixed field into the hash, so that field boundaries
 * cannot be shifted without changing the hash. NULL differs from "". */
static void feed(crypto_hash_sha256_state *st, const char *s)
{
	unsigned char len[9];
	uint64_t n = s ? strlen(s) : 0;
	len[0] = s ? 1 : 0;
	for (int i = 0; i < 8; i++)
		len[1 + i] = (unsigned char)(n >> (8 * i));
	crypto_hash_sha256_update(st, len, sizeof len);
	if (n)
		crypto_hash_sha256_update(st, (const unsigned char *)s, n);
}

static void row_hash(int64_t id, const char *prev, const char *const fields[8], char out[65])
{
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	char idtxt[24];
	snprintf(idtxt, sizeof idtxt, "%lld", (long long)id);
	feed(&st, idtxt);
	feed(&st, prev);
	for (int i = 0; i < 8; i++)
		feed(&st, fields[i]);
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, 65, h, sizeof h);
}

int audit_append(app_ctx_t *c, const char *action, const char *entity, const char *entity_id,
		 const char *before, const char *after, err_t *e)
{
	int64_t last_id = 0;
	char prev[65] = GENESIS;
	db_stmt_t *s = db_stmt(c->db, STMT_AUDIT_LAST, e);
	if (!s)
		return e ? e->code : ERR_DB;
	int r = db_step(s, e);
	if (r < 0)
		return e ? e->code : ERR_DB;
	if (r == DB_ROW) {
		last_id = db_col_int(s, 0);
		snprintf(prev, sizeof prev, "%s", db_col_text(s, 1));
	}
	db_reset(s);

	char now[32];
	app_now(now);
	const char *fields[8] = {now, c->actor, c->source, action, entity, entity_id, before, after};
	char hash[65];
	row_hash(last_id + 1, prev, fields, hash);

	s = db_stmt(c->db, STMT_AUDIT_INSERT, e);
	if (!s)
		return e ? e->code : ERR_DB;
	db_bind_int(s, 1, last_id + 1);
	for (int i = 0; i < 8; i++)
		db_bind_text(s, 2 + i, fields[i], -1);
	db_bind_text(s, 10, prev, -1);
	db_bind_text(s, 11, hash, -1);
	return db_exec(s, e) ? (e ? e->code : ERR_DB) : 0;
}

void audit_chain_init(audit_chain_t *ch)
{
	memset(ch, 0, sizeof *ch);
	snprintf(ch->prev, sizeof ch->prev, "%s", GENESIS);
	ch->expect_id = 1;
}

int audit_chain_row(audit_chain_t *ch, int64_t id, const char *const fields[8],
		    const char *stored_prev, const char *stored_hash)
{
	audit_report_t *rep = &ch->rep;
	if (rep->bad_id)
		return ERR_CONFLICT;
	rep->rows++;
	const char *problem = NULL;
	if (id != ch->expect_id)
		problem = id > ch->expect_id ? "thiếu bản ghi phía trước (đã bị xoá)"
					     : "số thứ tự bị đảo hoặc trùng";
	else if (!stored_prev || strcmp(stored_prev, ch->prev) != 0)
		problem = "không nối tiếp bản ghi trước (bị xoá, chèn hoặc đảo thứ tự)";
	else {
		char h[65];
		row_hash(id, ch->prev, fields, h);
		if (!stored_hash || strcmp(h, stored_hash) != 0)
			problem = "nội dung đã bị sửa sau khi ghi";
	}
	if (problem) {
		rep->bad_id = id;
		snprintf(rep->problem, sizeof rep->problem, "%s", problem);
		return ERR_CONFLICT;
	}
	snprintf(ch->prev, sizeof ch->prev, "%s", stored_hash);
	snprintf(rep->head, sizeof rep->head, "%s", stored_hash);
	ch->expect_id = id + 1;
	return 0;
}

int audit_verify(app_ctx_t *c, audit_report_t *rep, err_t *e)
{
	audit_chain_t ch;
	audit_chain_init(&ch);
	db_stmt_t *s = db_stmt(c->db, STMT_AUDIT_ALL, e);
	int r = s ? 0 : (e ? e->code : ERR_DB);
	while (!r && (r = db_step(s, e)) == DB_ROW) {
		const char *fields[8];
		for (int i = 0; i < 8; i++)
			fields[i] = db_col_text(s, 1 + i);
		r = audit_chain_row(&ch, db_col_int(s, 0), fields, db_col_text(s, 9),
				    db_col_text(s, 10));
		if (r)
			db_reset(s);
	}
	*rep = ch.rep;
	if (r == ERR_CONFLICT)
		return r;
	return r < 0 ? (e ? e->code : ERR_DB) : 0;
}

static char *dup_col(db_stmt_t *s, int col)
{
	const char *t = db_col_text(s, col);
	return t ? xstrdup(t) : NULL;
}

/* Binds the record's entity, id and prefix (?1..?3). */
static void bind_record(db_stmt_t *s, const char *entity, const char *id, const char *prefix)
{
	db_bind_text(s, 1, entity, -1);
	db_bind_text(s, 2, id, -1);
	db_bind_text(s, 3, prefix, -1);
}

int audit_history(app_ctx_t *c, const char *entity, const char *id, const char *prefix, long limit,
                  long offset, audit_list_t *out, err_t *e)
{
	memset(out, 0, sizeof *out);
	db_stmt_t *s = db_stmt(c->db, STMT_AUDIT_HISTORY_COUNT, e);
	if (!s)
		return e ? e->code : ERR_DB;
	bind_record(s, entity, id, prefix);
	int r = db_step(s, e);
	if (r < 0)
		return e ? e->code : ERR_DB;
	out->total = r == DB_ROW ? db_col_int(s, 0) : 0;
	db_reset(s);
	if (!(s = db_stmt(c->db, STMT_AUDIT_HISTORY, e)))
		return e ? e->code : ERR_DB;
	bind_record(s, entity, id, prefix);
	db_bind_int(s, 4, limit);
	db_bind_int(s, 5, offset);
	while ((r = db_step(s, e)) == DB_ROW) {
		xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
		audit_row_t *a = &out->v[out->n++];
		a->id = db_col_int(s, 0);
		a->at = dup_col(s, 1);
		a->actor = dup_col(s, 2);
		a->source = dup_col(s, 3);
		a->action = dup_col(s, 4);
		a->entity = dup_col(s, 5);
		a->entity_id = dup_col(s, 6);
		a->before = dup_col(s, 7);
		a->after = dup_col(s, 8);
	}
	return r < 0 ? (e ? e->code : ERR_DB) : 0;
}

void audit_list_free(audit_list_t *l)
{
	for (size_t i = 0; i < l->n; i++) {
		audit_row_t *a = &l->v[i];
		free(a->at);
		free(a->actor);
		free(a->source);
		free(a->action);
		free(a->entity);
		free(a->entity_id);
		free(a->before);
		free(a->after);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}
