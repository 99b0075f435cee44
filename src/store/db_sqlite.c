/*
 * db_sqlite: the SQLite backend of the db interface (see db.h).
 *
 * One sqlite3 connection per db_t, opened in WAL mode with foreign keys on
 * and a busy timeout. Statements from the registry are prepared lazily on
 * first use and cached per connection, indexed by stmt_id. Bulk mode (used
 * only by `canbo gen` on a fresh file) turns off the journal's fsyncs.
 */
#include "store/db.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "store/migrate.h"

struct db_stmt {
	sqlite3_stmt *st;
	db_t *db;
};

struct db {
	sqlite3 *h;
	int in_tx;
	int in_read; /* a read transaction (db_begin_read) is open */
	pthread_mutex_t *wlock; /* this process's writer lock for the file */
	struct db_stmt stmts[STMT__MAX];
};

/* One writer lock per database file in this process. SQLite allows one
 * writer at a time; without this, threads of the web server that want to
 * write at once meet SQLITE_BUSY and the busy handler sleeps them for
 * milliseconds each, far longer than a transaction takes. Waiting on a
 * mutex instead hands the lock over as soon as it is free. (Other processes
 * still meet the busy timeout.) */
#define WLOCKS 16
static struct {
	char path[4096];
	pthread_mutex_t mu;
} wlocks[WLOCKS];
static int nwlocks;
static pthread_mutex_t wlocks_mu = PTHREAD_MUTEX_INITIALIZER;

static pthread_mutex_t *writer_lock(sqlite3 *h)
{
	const char *path = sqlite3_db_filename(h, "main");
	if (!path || !*path)
		return NULL; /* in memory: one connection only */
	pthread_mutex_t *m = NULL;
	pthread_mutex_lock(&wlocks_mu);
	for (int i = 0; i < nwlocks && !m; i++)
		if (!strcmp(wlocks[i].path, path))
			m = &wlocks[i].mu;
	if (!m && nwlocks < WLOCKS && strlen(path) < sizeof wlocks[0].path) {
		snprintf(wlocks[nwlocks].path, sizeof wlocks[0].path, "%s", path);
		pthread_mutex_init(&wlocks[nwlocks].mu, NULL);
		m = &wlocks[nwlocks++].mu;
	}
	pthread_mutex_unlock(&wlocks_mu);
	return m;
}

/* The registry's SQL, indexed by stmt_id. */
static const char *const stmt_sql[STMT__MAX] = {
#define X(id, sql) [id] = sql,
	STMT_TABLE(X)
#undef X
};

static const char *const stmt_names[STMT__MAX] = {
#define X(id, sql) [id] = #id,
	STMT_TABLE(X)
#undef X
};

/* Maps an SQLite result code to an err_t. */
static int fail(db_t *db, int rc, err_t *e, const char *what)
{
	int prim = rc & 0xff;
	const char *detail = db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
	if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return err_set(e, ERR_CONFLICT, "Dữ liệu bị trùng (%s): %s", what, detail);
	if (prim == SQLITE_CONSTRAINT)
		return err_set(e, ERR_INVALID, "Dữ liệu vi phạm ràng buộc (%s): %s", what, detail);
	if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
		return err_set(e, ERR_BUSY, "Cơ sở dữ liệu đang bận (%s), vui lòng thử lại", what);
	if (prim == SQLITE_CANTOPEN)
		return err_set(e, ERR_IO, "Không mở được cơ sở dữ liệu: %s", detail);
	if (prim == SQLITE_NOTADB || prim == SQLITE_CORRUPT)
		return err_set(e, ERR_DB, "Tệp không phải cơ sở dữ liệu canbo hợp lệ: %s", detail);
	return err_set(e, ERR_DB, "Lỗi cơ sở dữ liệu (%s): %s", what, detail);
}

static int pragma(db_t *db, const char *sql, err_t *e)
{
	return db_exec_raw(db, sql, e);
}

/* Process-wide SQLite settings, applied once before the first connection:
 * no memory statistics (they take a global mutex on every allocation). */
static pthread_once_t configured = PTHREAD_ONCE_INIT;

static void configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int db_open(const char *url, int flags, db_t **out, err_t *e)
{
	pthread_once(&configured, configure);
	*out = NULL;
	if (!url || !*url)
		return err_set(e, ERR_USAGE, "Chưa chỉ định cơ sở dữ liệu (--db hoặc biến CANBO_DB)");
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
		return err_set(e, ERR_USAGE,
			       "Phiên bản này chưa hỗ trợ PostgreSQL; hãy dùng tệp SQLite");
	if (strncmp(url, "sqlite:", 7) == 0)
		url += 7;
	db_t *db = xcalloc(1, sizeof *db);
	int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	if (flags & DB_OPEN_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	int rc = sqlite3_open_v2(url, &db->h, oflags, NULL);
	if (rc != SQLITE_OK) {
		if ((rc & 0xff) == SQLITE_CANTOPEN && !(flags & DB_OPEN_CREATE))
			err_set(e, ERR_NOT_FOUND,
				"Không mở được cơ sở dữ liệu «%s»: tệp không tồn tại hoặc không đọc được "
				"(tạo mới bằng: canbo init --db %s)",
				url, url);
		else
			fail(db, rc, e, "mở");
		db_close(db);
		return e ? e->code : ERR_DB;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, 5000);
	db->wlock = writer_lock(db->h);
	int r;
	if ((r = pragma(db, "PRAGMA foreign_keys = ON", e)))
		goto fail;
	if (flags & DB_OPEN_BULK) {
		if ((r = pragma(db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
				    "PRAGMA cache_size = -262144",
				e)))
			goto fail;
	} else {
		if ((r = pragma(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
				    "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY" /* CACHE_DEFAULT_MB */, e)))
			goto fail;
	}
	if (!(flags & DB_OPEN_NOMIGRATE) && (r = migrate_apply(db, migrations_sqlite, e)))
		goto fail;
	*out = db;
	return 0;
fail:
	db_close(db);
	return r;
}

void db_close(db_t *db)
{
	if (!db)
		return;
	db_rollback(db); /* releases the writer lock too */
	db_end_read(db);
	for (int i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(db->stmts[i].st);
	if (db->h)
		sqlite3_close(db->h);
	free(db);
}

db_kind db_backend(const db_t *db)
{
	(void)db;
	return DB_SQLITE;
}

int db_exec_raw(db_t *db, const char *sql, err_t *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		int r = fail(db, rc, e, "thực thi");
		sqlite3_free(msg);
		return r;
	}
	return 0;
}

int db_begin(db_t *db, err_t *e)
{
	if (db->in_tx)
		return err_set(e, ERR_INTERNAL, "Giao dịch lồng nhau không được hỗ trợ");
	if (db->in_read)
		db_end_read(db);
	if (db->wlock)
		pthread_mutex_lock(db->wlock);
	int r = db_exec_raw(db, "BEGIN IMMEDIATE", e);
	if (!r)
		db->in_tx = 1;
	else if (db->wlock)
		pthread_mutex_unlock(db->wlock);
	return r;
}

int db_commit(db_t *db, err_t *e)
{
	if (!db->in_tx)
		return err_set(e, ERR_INTERNAL, "Không có giao dịch để xác nhận");
	int r = db_exec_raw(db, "COMMIT", e);
	if (r) {
		db_rollback(db); /* unlocks */
		return r;
	}
	db->in_tx = 0;
	if (db->wlock)
		pthread_mutex_unlock(db->wlock);
	return r;
}

void db_rollback(db_t *db)
{
	if (!db || !db->in_tx)
		return;
	for (int i = 0; i < STMT__MAX; i++)
		if (db->stmts[i].st)
			sqlite3_reset(db->stmts[i].st);
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = 0;
	if (db->wlock)
		pthread_mutex_unlock(db->wlock);
}

int db_begin_read(db_t *db, err_t *e)
{
	if (db->in_tx || db->in_read)
		return 0;
	int r = db_exec_raw(db, "BEGIN", e);
	if (!r)
		db->in_read = 1;
	return r;
}

void db_end_read(db_t *db)
{
	if (!db || !db->in_read)
		return;
	for (int i = 0; i < STMT__MAX; i++)
		if (db->stmts[i].st)
			sqlite3_reset(db->stmts[i].st);
	sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
	db->in_read = 0;
}

int db_in_tx(const db_t *db)
{
	return db->in_tx;
}

db_stmt_t *db_stmt(db_t *db, stmt_id id, err_t *e)
{
	if ((int)id < 0 || id >= STMT__MAX) {
		err_set(e, ERR_INTERNAL, "Mã câu lệnh không hợp lệ");
		return NULL;
	}
	struct db_stmt *s = &db->stmts[id];
	if (!s->st) {
		int rc = sqlite3_prepare_v3(db->h, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
					    &s->st, NULL);
		if (rc != SQLITE_OK) {
			fail(db, rc, e, stmt_names[id]);
			s->st = NULL;
			return NULL;
		}
		s->db = db;
	} else {
		sqlite3_reset(s->st);
		sqlite3_clear_bindings(s->st);
	}
	return s;
}

void db_bind_text(db_stmt_t *s, int idx, const char *v, long n)
{
	if (!v)
		sqlite3_bind_null(s->st, idx);
	else
		sqlite3_bind_text(s->st, idx, v, n < 0 ? -1 : (int)n, SQLITE_TRANSIENT);
}

void db_bind_int(db_stmt_t *s, int idx, int64_t v)
{
	sqlite3_bind_int64(s->st, idx, v);
}

void db_bind_double(db_stmt_t *s, int idx, double v)
{
	sqlite3_bind_double(s->st, idx, v);
}

void db_bind_blob(db_stmt_t *s, int idx, const void *v, size_t n)
{
	sqlite3_bind_blob(s->st, idx, v, (int)n, SQLITE_TRANSIENT);
}

void db_bind_null(db_stmt_t *s, int idx)
{
	sqlite3_bind_null(s->st, idx);
}

void db_bind_id(db_stmt_t *s, int idx, int64_t v)
{
	if (v)
		sqlite3_bind_int64(s->st, idx, v);
	else
		sqlite3_bind_null(s->st, idx);
}

int db_step(db_stmt_t *s, err_t *e)
{
	int rc = sqlite3_step(s->st);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	fail(s->db, rc, e, sqlite3_sql(s->st) ? "câu lệnh" : "?");
	sqlite3_reset(s->st);
	return -1;
}

int db_exec(db_stmt_t *s, err_t *e)
{
	int r = db_step(s, e);
	if (r < 0)
		return -1;
	sqlite3_reset(s->st);
	return 0;
}

int64_t db_insert(db_stmt_t *s, err_t *e)
{
	if (db_exec(s, e))
		return 0;
	return sqlite3_last_insert_rowid(s->db->h);
}

const char *db_col_text(db_stmt_t *s, int col)
{
	return (const char *)sqlite3_column_text(s->st, col);
}

int64_t db_col_int(db_stmt_t *s, int col)
{
	return sqlite3_column_int64(s->st, col);
}

double db_col_double(db_stmt_t *s, int col)
{
	return sqlite3_column_double(s->st, col);
}

const void *db_col_blob(db_stmt_t *s, int col, size_t *n)
{
	const void *p = sqlite3_column_blob(s->st, col);
	*n = (size_t)sqlite3_column_bytes(s->st, col);
	return p;
}

int db_col_is_null(db_stmt_t *s, int col)
{
	return sqlite3_column_type(s->st, col) == SQLITE_NULL;
}

void db_reset(db_stmt_t *s)
{
	if (s)
		sqlite3_reset(s->st);
}

int64_t db_changes(db_t *db)
{
	return sqlite3_changes64(db->h);
}

#define CACHE_DEFAULT_MB 64

void db_cache_hint(db_t *db, int mb)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", (mb > 0 ? mb : CACHE_DEFAULT_MB) * 1024);
	sqlite3_exec(db->h, sql, NULL, NULL, NULL);
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
