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

#endif
