/*
 * audit: the append-only, hash-chained record of every change.
 *
 * Each row holds who, when, from where, what (action, entity, id) and the
 * record before and after as JSON, plus the hash of the previous row and its
 * own hash: SHA-256 over its id, the previous hash and every field. Editing,
 * deleting or reordering any row breaks the chain at that row, which
 * audit_verify() reports. (Truncating the newest rows leaves a valid shorter
 * chain: keep the head hash printed by `canbo audit verify` somewhere else to
 * detect that.)
 */
#ifndef CANBO_AUDIT_H
#define CANBO_AUDIT_H

#include <stdint.h>

#include "app/ctx.h"

/* Appends one row in the caller's open transaction. before/after are JSON
 * text or NULL. Returns 0 or an err_code. */
int audit_append(app_ctx_t *c, const char *action, const char *entity, const char *entity_id,
		 const char *before, const char *after, err_t *e);

typedef struct audit_report {
	int64_t rows;         /* rows checked */
	int64_t bad_id;       /* first row found wrong, 0 when the chain is whole */
	char problem[256];    /* what is wrong there, in Vietnamese */
	char head[65];        /* hash of the last row (hex), "" when empty */
} audit_report_t;

/* Recomputes the whole chain. Returns 0 when it is whole, ERR_CONFLICT with
 * r->bad_id and r->problem set when not, another err_code on failure. */
int audit_verify(app_ctx_t *c, audit_report_t *r, err_t *e);

/* The same check one row at a time, for rows read another way (the copy
 * of a whole database, app/backup.c): audit_chain_init, then
 * audit_chain_row for each row in id order. ch->rep then says what
 * audit_verify would say of the same rows. */
typedef struct audit_chain {
	audit_report_t rep;
	char prev[65];
	int64_t expect_id;
} audit_chain_t;

void audit_chain_init(audit_chain_t *ch);
/* fields: at, actor, source, action, entity, entity_id, before, after
 * (borrowed, NULL for SQL NULL). Returns 0, or ERR_CONFLICT at the first
 * wrong row (ch->rep.bad_id and problem set; later rows are ignored). */
int audit_chain_row(audit_chain_t *ch, int64_t id, const char *const fields[8],
		    const char *prev_hash, const char *hash);

/* One row of the log as read back; strings owned by the row (NULL where
 * the column is NULL). */
typedef struct audit_row {
	int64_t id;
	char *at;     /* ISO 8601 UTC */
	char *actor;  /* "user:hoa.nt", "cli:root" … */
	char *source; /* the client's address, or "cli" */
	char *action; /* "setting.set", "person.status" … */
	char *entity, *entity_id;
	char *before, *after; /* JSON text or NULL */
} audit_row_t;

typedef struct audit_list {
	audit_row_t *v;
	size_t n, cap;
	int64_t total; /* rows of the record before limit/offset */
} audit_list_t;

/* The history of one record, newest first: the rows whose entity is entity
 * (borrowed) and whose entity_id equals id (borrowed), or, when prefix
 * (borrowed) is not NULL, starts with it ("HN-3814@" for every version of
 * a framework). At most limit rows after skipping offset; out->total
 * counts them all. Who may read the record is the caller's check
 * (app/access.h). Returns 0 or an err_code; free out with
 * audit_list_free() in every case. */
int audit_history(app_ctx_t *c, const char *entity, const char *id, const char *prefix, long limit,
                  long offset, audit_list_t *out, err_t *e);
void audit_list_free(audit_list_t *l);

#endif
