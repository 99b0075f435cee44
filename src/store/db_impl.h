/*
 * db_impl: what a database backend provides behind db.h (internal to
 * store/). Each backend's connection and statement structs start with the
 * common headers below, and db.c calls through the backend's ops table, so
 * callers of db.h never know which backend they talk to.
 *
 * Backends: db_sqlite.c (files, the default) and db_pg.c (postgres:// URLs).
 */
#ifndef CANBO_DB_IMPL_H
#define CANBO_DB_IMPL_H

#include "store/db.h"

typedef struct db_ops {
	db_kind kind;
	void (*close)(db_t *db);
	int (*begin)(db_t *db, err_t *e);
	int (*commit)(db_t *db, err_t *e);
	void (*rollback)(db_t *db);
	int (*in_tx)(const db_t *db);
	int (*begin_read)(db_t *db, err_t *e);
	void (*end_read)(db_t *db);
	int (*exec_raw)(db_t *db, const char *sql, err_t *e);
	db_stmt_t *(*stmt)(db_t *db, stmt_id id, err_t *e);
	void (*bind_text)(db_stmt_t *s, int idx, const char *v, long n);
	void (*bind_int)(db_stmt_t *s, int idx, int64_t v);
	void (*bind_double)(db_stmt_t *s, int idx, double v);
	void (*bind_blob)(db_stmt_t *s, int idx, const void *v, size_t n);
	void (*bind_null)(db_stmt_t *s, int idx);
	int (*step)(db_stmt_t *s, err_t *e);
	int64_t (*insert)(db_stmt_t *s, err_t *e);
	const char *(*col_text)(db_stmt_t *s, int col);
	int64_t (*col_int)(db_stmt_t *s, int col);
	double (*col_double)(db_stmt_t *s, int col);
	const void *(*col_blob)(db_stmt_t *s, int col, size_t *n);
	int (*col_is_null)(db_stmt_t *s, int col);
	void (*reset)(db_stmt_t *s);
	int64_t (*changes)(db_t *db);
	void (*cache_hint)(db_t *db, int mb);
	/* Bulk writes (see db.h); NULL: db.c runs each row at once. open
	 * returns the backend's state (new), add takes the bound statement,
	 * close writes the rest (changes NULL: drops it) and frees the state. */
	void *(*bulk_open)(db_t *db, stmt_id id, err_t *e);
	int (*bulk_add)(void *state, db_stmt_t *s, err_t *e);
	int (*bulk_close)(void *state, int64_t *changes, err_t *e);
} db_ops_t;

/* The first member of every backend's connection and statement. */
struct db {
	const db_ops_t *ops;
	uint64_t commits; /* transactions committed (db_commits); zeroed by the backend's calloc */
};
struct db_stmt {
	const db_ops_t *ops;
};

/* The registry's SQL and names, indexed by stmt_id (db.c). */
extern const char *const db_stmt_sql[STMT__MAX];
extern const char *const db_stmt_names[STMT__MAX];

/* Backend entry points: open url (the backend's own form, prefix removed
 * where it has one) with DB_OPEN_* flags into *out; 0 or an err_code. */
int db_sqlite_open(const char *path, int flags, db_t **out, err_t *e);
int db_pg_open(const char *url, int flags, db_t **out, err_t *e);

#endif
