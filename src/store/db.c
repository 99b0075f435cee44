/*
 * db: chooses the backend by URL and dispatches every db.h call to the
 * connection's backend (see db_impl.h). postgres:// and postgresql:// URLs
 * go to PostgreSQL (db_pg.c); anything else, with or without "sqlite:", is
 * an SQLite file (db_sqlite.c).
 */
#include "store/db_impl.h"

#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"

const char *const db_stmt_sql[STMT__MAX] = {
#define X(id, sql) [id] = sql,
	STMT_TABLE(X)
#undef X
};

const char *const db_stmt_names[STMT__MAX] = {
#define X(id, sql) [id] = #id,
	STMT_TABLE(X)
#undef X
};

int db_open(const char *url, int flags, db_t **out, err_t *e)
{
	*out = NULL;
	if (!url || !*url)
		return err_set(e, ERR_USAGE, "Chưa chỉ định cơ sở dữ liệu (--db hoặc biến CANBO_DB)");
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
		return db_pg_open(url, flags, out, e);
	if (strncmp(url, "sqlite:", 7) == 0)
		url += 7;
	return db_sqlite_open(url, flags, out, e);
}

void db_close(db_t *db)
{
	if (db)
		db->ops->close(db);
}

db_kind db_backend(const db_t *db)
{
	return db->ops->kind;
}

int db_begin(db_t *db, err_t *e)
{
	return db->ops->begin(db, e);
}

int db_commit(db_t *db, err_t *e)
{
	int r = db->ops->commit(db, e);
	if (!r)
		db->commits++;
	return r;
}

uint64_t db_commits(const db_t *db)
{
	return db->commits;
}

void db_rollback(db_t *db)
{
	if (db)
		db->ops->rollback(db);
}

int db_in_tx(const db_t *db)
{
	return db->ops->in_tx(db);
}

int db_begin_read(db_t *db, err_t *e)
{
	return db->ops->begin_read(db, e);
}

void db_end_read(db_t *db)
{
	if (db)
		db->ops->end_read(db);
}

int db_exec_raw(db_t *db, const char *sql, err_t *e)
{
	return db->ops->exec_raw(db, sql, e);
}

db_stmt_t *db_stmt(db_t *db, stmt_id id, err_t *e)
{
	if ((int)id < 0 || id >= STMT__MAX) {
		err_set(e, ERR_INTERNAL, "Mã câu lệnh không hợp lệ");
		return NULL;
	}
	return db->ops->stmt(db, id, e);
}

void db_bind_text(db_stmt_t *s, int idx, const char *v, long n)
{
	s->ops->bind_text(s, idx, v, n);
}

void db_bind_int(db_stmt_t *s, int idx, int64_t v)
{
	s->ops->bind_int(s, idx, v);
}

void db_bind_double(db_stmt_t *s, int idx, double v)
{
	s->ops->bind_double(s, idx, v);
}

void db_bind_blob(db_stmt_t *s, int idx, const void *v, size_t n)
{
	s->ops->bind_blob(s, idx, v, n);
}

void db_bind_null(db_stmt_t *s, int idx)
{
	s->ops->bind_null(s, idx);
}

void db_bind_id(db_stmt_t *s, int idx, int64_t v)
{
	if (v)
		s->ops->bind_int(s, idx, v);
	else
		s->ops->bind_null(s, idx);
}

int db_step(db_stmt_t *s, err_t *e)
{
	return s->ops->step(s, e);
}

int db_exec(db_stmt_t *s, err_t *e)
{
	if (s->ops->step(s, e) < 0)
		return -1;
	s->ops->reset(s);
	return 0;
}

int64_t db_insert(db_stmt_t *s, err_t *e)
{
	return s->ops->insert(s, e);
}

const char *db_col_text(db_stmt_t *s, int col)
{
	return s->ops->col_text(s, col);
}

int64_t db_col_int(db_stmt_t *s, int col)
{
	return s->ops->col_int(s, col);
}

double db_col_double(db_stmt_t *s, int col)
{
	return s->ops->col_double(s, col);
}

const void *db_col_blob(db_stmt_t *s, int col, size_t *n)
{
	return s->ops->col_blob(s, col, n);
}

int db_col_is_null(db_stmt_t *s, int col)
{
	return s->ops->col_is_null(s, col);
}

void db_reset(db_stmt_t *s)
{
	if (s)
		s->ops->reset(s);
}

int64_t db_changes(db_t *db)
{
	return db->ops->changes(db);
}

void db_cache_hint(db_t *db, int mb)
{
	db->ops->cache_hint(db, mb);
}

int db_schema_version(db_t *db)
{
	db_stmt_t *s = db_stmt(db, STMT_SCHEMA_VERSION, NULL);
	if (!s)
		return 0;
	int v = 0;
	if (db_step(s, NULL) == DB_ROW)
		v = (int)db_col_int(s, 0);
	db_reset(s);
	return v;
}

/* A bulk (db.h): the backend's state, or for a backend without bulk
 * support the running total of rows changed, each row run at once. */
struct db_bulk {
	db_t *db;
	stmt_id id;
	void *state;
	db_stmt_t *row; /* the statement db_bulk_row gave out */
	int64_t changes;
};

db_bulk_t *db_bulk_open(db_t *db, stmt_id id, err_t *e)
{
	if (!db_in_tx(db)) {
		err_set(e, ERR_INTERNAL, "Ghi hàng loạt cần một giao dịch");
		return NULL;
	}
	void *state = NULL;
	if (db->ops->bulk_open && !(state = db->ops->bulk_open(db, id, e)))
		return NULL;
	db_bulk_t *b = xcalloc(1, sizeof *b);
	b->db = db;
	b->id = id;
	b->state = state;
	return b;
}

db_stmt_t *db_bulk_row(db_bulk_t *b, err_t *e)
{
	return b->row = db_stmt(b->db, b->id, e);
}

int db_bulk_add(db_bulk_t *b, err_t *e)
{
	db_stmt_t *s = b->row;
	b->row = NULL;
	if (!s) {
		err_set(e, ERR_INTERNAL, "Chưa gắn dòng để ghi hàng loạt");
		return -1;
	}
	if (b->state)
		return b->db->ops->bulk_add(b->state, s, e) ? -1 : 0;
	if (db_exec(s, e))
		return -1;
	b->changes += db_changes(b->db);
	return 0;
}

int db_bulk_close(db_bulk_t *b, int64_t *changes, err_t *e)
{
	if (!b)
		return 0;
	int r = 0;
	if (b->state)
		r = b->db->ops->bulk_close(b->state, changes, e) ? -1 : 0;
	else if (changes)
		*changes = b->changes;
	free(b);
	return r;
}
