/*
 * dbcopy: copies a whole canbo database into another, of either backend,
 * as one all-or-nothing write checked before it is kept. The engine of
 * `canbo backup`, `canbo restore` and `canbo migrate` (app/backup.c).
 *
 * The source is read in one snapshot (SQLite: one read transaction;
 * PostgreSQL: REPEATABLE READ READ ONLY), so a server may keep writing
 * while it runs. The target gets its schema from the migrations (db_open
 * with DB_OPEN_CREATE) and must then be at the source's schema version and
 * hold no rows (unless replace). Every table but schema_migrations is
 * copied, columns matched by name, rows streamed one at a time (memory
 * does not grow with the database):
 *
 *   - into SQLite: a new file beside the target (TARGET.tmp-PID) written in
 *     one transaction with foreign keys checked at commit, made durable,
 *     checked, then renamed over the target; a failure deletes it, so the
 *     target is never half written;
 *   - into PostgreSQL: one transaction holding the canbo writers' advisory
 *     lock (servers on the target wait), COPY … FROM STDIN in binary format
 *     per table, identity sequences set past max(id); replace empties the
 *     tables with TRUNCATE in the same transaction.
 *
 * Before the target is kept, every table is read back inside the target's
 * transaction and compared with what was read from the source: row count
 * and a content digest (an order-independent sum of 128-bit row hashes
 * over each value's type and bytes; it detects copying errors, it is not a
 * defence against someone who controls both sides). A caller may also
 * watch the rows of one table as they are read (app/backup.c checks the
 * audit log's hash chain there) and check the finished target through the
 * normal interface (o->check).
 */
#ifndef CANBO_DBCOPY_H
#define CANBO_DBCOPY_H

#include <stdint.h>

#include "lib/err.h"

#define DBCOPY_MAX_TABLES 64

typedef enum dbcopy_phase {
	DBCOPY_COPY,   /* rows copied so far of table */
	DBCOPY_COPIED, /* table done: rows is its total */
	DBCOPY_VERIFY, /* reading back the target (table, rows so far) */
	DBCOPY_CHECK,  /* the target is complete; o->check runs (table NULL) */
} dbcopy_phase;

typedef struct dbcopy_opts {
	/* the target may exist and hold data: SQLite replaces the file,
	 * PostgreSQL empties every table in the copy's transaction */
	int replace;
	/* the option that allows it, named in the refusal ("--force") */
	const char *replace_flag;
	/* progress (may be NULL); called every 100,000 rows and at the end of
	 * each table */
	void (*progress)(void *arg, dbcopy_phase phase, const char *table, int64_t rows);
	void *progress_arg;
	/* watch: called for each row of watch_table as read from the source, in
	 * id order, with the values of watch_cols (a NULL-terminated list of
	 * column names, at most 16) as text, NULL for SQL NULL (borrowed until
	 * the next call). A non-zero return (with e set) stops the copy. The
	 * watched table is copied first. */
	const char *watch_table;
	const char *const *watch_cols;
	int (*watch)(void *arg, const char *const *vals, err_t *e);
	void *watch_arg;
	/* check: called with the URL of the finished target, closed by the
	 * engine, before it is kept: for SQLite the temporary file before the
	 * rename; for PostgreSQL after the commit (another connection cannot
	 * see it before), and a failure then empties the tables again when the
	 * target was empty before. Returns 0 or an err_code with e set. */
	int (*check)(void *arg, const char *url, err_t *e);
	void *check_arg;
} dbcopy_opts_t;

typedef struct dbcopy_table {
	char name[64];
	int64_t rows;
} dbcopy_table_t;

typedef struct dbcopy_result {
	int schema; /* schema version of both */
	int ntables;
	dbcopy_table_t tables[DBCOPY_MAX_TABLES]; /* in the order copied */
	int64_t rows;                             /* all tables */
} dbcopy_result_t;

/* Copies the canbo database at src_url into dst_url (see above) and fills
 * r. Returns 0, or an err_code with e set and the target as it was before
 * (for PostgreSQL, an empty target keeps the schema the migrations gave
 * it). ERR_CONFLICT: the target exists or holds data (without replace), or
 * the copy does not read back equal; ERR_VERSION: the schema versions
 * differ; ERR_NOT_FOUND: the source is missing or not a canbo database. */
int dbcopy_run(const char *src_url, const char *dst_url, const dbcopy_opts_t *o,
	       dbcopy_result_t *r, err_t *e);

/* 1 when url names a PostgreSQL database (postgres:// or postgresql://). */
int dbcopy_is_pg(const char *url);

#endif
