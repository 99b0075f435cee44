/*
 * db: the database interface every other layer uses.
 *
 * A db_t is one connection, used by one thread at a time (the server keeps
 * one per worker). SQL is never written by callers: they ask for a prepared
 * statement by its id in the statement registry (store/stmt.h), bind
 * parameters by 1-based index, step through rows and read columns by 0-based
 * index — the same model for the SQLite backend (now) and the PostgreSQL
 * backend (issue 6), so app/ code does not know which one it talks to.
 *
 * Writes go inside db_begin()/db_commit(); any failure rolls back, so a
 * crash or an error mid-write leaves the previous state.
 */
#ifndef CANBO_DB_H
#define CANBO_DB_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"
#include "store/stmt.h"

typedef struct db db_t;
typedef struct db_stmt db_stmt_t;

typedef enum db_kind { DB_SQLITE, DB_POSTGRES } db_kind;

/* Open flags. */
enum {
	DB_OPEN_CREATE = 1,   /* create the database file if missing */
	DB_OPEN_NOMIGRATE = 2, /* do not apply migrations (tests of migrate) */
	DB_OPEN_BULK = 4,     /* bulk loading: durability off (fresh files only) */
};

/* Step results. */
enum { DB_DONE = 0, DB_ROW = 1 };

/* Opens the database named by url ("path/to/file.db", "sqlite:PATH"), applies
 * pending migrations unless DB_OPEN_NOMIGRATE, and stores a new connection in
 * *out. Refuses a database whose schema is newer than this canbo
 * (ERR_VERSION). Returns 0 or an err_code with e filled. */
int db_open(const char *url, int flags, db_t **out, err_t *e);
/* Closes the connection and frees its statements; NULL is fine. */
void db_close(db_t *db);
/* Which backend this connection talks to. */
db_kind db_backend(const db_t *db);

/* Starts a write transaction (SQLite: BEGIN IMMEDIATE). Nesting is not
 * supported: a second begin is ERR_INTERNAL. */
int db_begin(db_t *db, err_t *e);
/* Commits; on failure the transaction is rolled back. */
int db_commit(db_t *db, err_t *e);
/* Rolls back if a transaction is open; safe to call always. */
void db_rollback(db_t *db);
/* 1 while a transaction is open. */
int db_in_tx(const db_t *db);
/* How many transactions this connection has committed. Compared before and
 * after a request, it tells "nothing was saved" from "saved, and then the
 * connection was lost before the answer was ready" (the web dispatcher). */
uint64_t db_commits(const db_t *db);

/* A read transaction: every statement until db_end_read() sees the same
 * snapshot, and the locks are taken once rather than per statement (the
 * web server wraps each GET in one). A db_begin() inside it ends it first. */
int db_begin_read(db_t *db, err_t *e);
void db_end_read(db_t *db);

/* Runs raw SQL text with no parameters (migrations, pragmas). Backend
 * internal and migrate.c only: app/ must use the registry. */
int db_exec_raw(db_t *db, const char *sql, err_t *e);

/* Returns the cached prepared statement for id, reset and with bindings
 * cleared (borrowed: owned by the connection). NULL with e on failure. */
db_stmt_t *db_stmt(db_t *db, stmt_id id, err_t *e);
/* Bind helpers; idx is 1-based. Text is copied. n < 0 means strlen. A NULL
 * string binds SQL NULL. */
void db_bind_text(db_stmt_t *s, int idx, const char *v, long n);
void db_bind_int(db_stmt_t *s, int idx, int64_t v);
void db_bind_double(db_stmt_t *s, int idx, double v);
void db_bind_blob(db_stmt_t *s, int idx, const void *v, size_t n);
void db_bind_null(db_stmt_t *s, int idx);
/* Binds v, or NULL when v == 0 (optional foreign keys). */
void db_bind_id(db_stmt_t *s, int idx, int64_t v);
/* Steps: DB_ROW, DB_DONE, or -1 with e filled (the statement is reset). A
 * unique-constraint failure is ERR_CONFLICT, busy is ERR_BUSY. */
int db_step(db_stmt_t *s, err_t *e);
/* Steps a statement that must not return rows; 0 or -1. */
int db_exec(db_stmt_t *s, err_t *e);
/* Runs an INSERT into a table with an integer id and returns the new row's
 * id, or 0 with e filled. */
int64_t db_insert(db_stmt_t *s, err_t *e);
/* Column readers for the current row; col is 0-based. Text is borrowed until
 * the next step; NULL text reads as NULL. */
const char *db_col_text(db_stmt_t *s, int col);
int64_t db_col_int(db_stmt_t *s, int col);
double db_col_double(db_stmt_t *s, int col);
const void *db_col_blob(db_stmt_t *s, int col, size_t *n);
int db_col_is_null(db_stmt_t *s, int col);
/* Resets a statement early (releases read locks). */
void db_reset(db_stmt_t *s);
/* Rows changed by the last write statement. */
int64_t db_changes(db_t *db);

/* Bulk writes: many rows for one write statement of the registry (an
 * UPDATE ... WHERE or an INSERT ... VALUES, one or several rows per
 * execution), in a write transaction, when no row reads what another row
 * of the same bulk writes and no two rows change the same row. For each
 * row: bind the statement db_bulk_row returns, as for db_exec, then
 * db_bulk_add. db_bulk_close writes what is left and adds up the rows
 * changed. SQLite runs each row at once (a statement costs no round trip
 * there); PostgreSQL buffers the rows, copies them (COPY) into a temporary
 * table and runs the statement once over it, so a row costs neither a round
 * trip nor a savepoint. Any failure, whenever it shows, fails the bulk and
 * leaves the transaction to be rolled back: use it only where the caller
 * rolls back on error (the bulk paths), and compare the total of changed
 * rows with what is expected where a row may match nothing (version
 * checks). A failure of db_bulk_add may belong to an earlier row. */
typedef struct db_bulk db_bulk_t;
/* Starts a bulk for statement id (new, closed by db_bulk_close); NULL with e. */
db_bulk_t *db_bulk_open(db_t *db, stmt_id id, err_t *e);
/* The statement to bind the next row into (borrowed; bindings cleared), or
 * NULL with e. */
db_stmt_t *db_bulk_row(db_bulk_t *b, err_t *e);
/* Adds the bound row; 0 or -1 with e filled. */
int db_bulk_add(db_bulk_t *b, err_t *e);
/* Writes the rows left and frees b; *changes = rows changed by the whole
 * bulk. With changes NULL, unsent rows are dropped (after a failure, before
 * the rollback). NULL b is fine. 0 or -1 with e filled. */
int db_bulk_close(db_bulk_t *b, int64_t *changes, err_t *e);

/* Sizes this connection's page cache for a large write (mb megabytes), or
 * back to the default (mb = 0). Memory is only used as pages are touched. */
void db_cache_hint(db_t *db, int mb);

/* Schema version of the open database (0 for none). */
int db_schema_version(db_t *db);

#endif
