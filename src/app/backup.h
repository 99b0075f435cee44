/*
 * backup: copies a whole canbo database into another and proves the copy
 * (the use case behind `canbo backup`, `canbo restore` and `canbo
 * migrate`). store/dbcopy does the copying and compares every table read
 * back with the source; this module adds the audit log's hash chain:
 *
 *   - checked on the source rows as they are copied (the snapshot that is
 *     copied, not a later one): a broken chain stops the copy unless
 *     allow_broken_audit, and then the copy keeps it exactly as it is;
 *   - checked again on the finished target with audit_verify, before the
 *     target is kept (SQLite) or before reporting success (PostgreSQL):
 *     same rows, same result, same last hash as the source.
 *
 * The copied chain is never changed. A restore or a migration (a change to
 * the target's data) then appends one audit row to the target in its own
 * transaction (action o->audit_action, the source's kind, row counts and
 * last hash in `after`); a backup appends nothing, so a backup file is the
 * source's data exactly.
 */
#ifndef CANBO_BACKUP_H
#define CANBO_BACKUP_H

#include "app/audit.h"
#include "store/dbcopy.h"

typedef struct backup_opts {
	int replace;              /* see dbcopy_opts_t */
	const char *replace_flag; /* the option that allows it, for the refusal */
	int allow_broken_audit;   /* copy a source whose chain is broken, as it is */
	const char *audit_action; /* appended to the target after the copy, or NULL */
	void (*progress)(void *arg, dbcopy_phase phase, const char *table, int64_t rows);
	void *progress_arg;
} backup_opts_t;

typedef struct backup_result {
	dbcopy_result_t copy;
	audit_report_t audit; /* the source's chain as copied (bad_id 0: whole) */
	int appended;         /* 1 when the audit row was appended to the target */
	char target_head[65]; /* the target's last hash after it ("" when broken) */
	double seconds;
} backup_result_t;

/* Copies src_url into dst_url (see above); fills r. Returns 0 or an
 * err_code with e set; on failure the target is as it was (dbcopy.h).
 * ERR_CONFLICT with r->audit.bad_id set: the source's chain is broken. */
int backup_copy(const char *src_url, const char *dst_url, const backup_opts_t *o,
		backup_result_t *r, err_t *e);

#endif
