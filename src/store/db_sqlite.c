/*
 * db_sqlite: the SQLite backend of the db interface (see db.h; db.c calls
 * it through the ops table at the end of this file).
 *
 * One sqlite3 connection per db_t, opened in WAL mode with foreign keys on
 * and a busy timeout. Statements from the registry are prepared lazily on
 * first use and cached per connection, indexed by stmt_id. Bulk mode (used
 * only by `canbo gen` on a fresh file) turns off the journal's fsyncs.
 */
#include "store/db_impl.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "store/migrate.h"

typedef struct sq_db sq_db;

typedef struct sq_stmt {
	struct db_stmt base;
	sqlite3_stmt *st;
	sq_db *db;
} sq_stmt;

struct sq_db {
	struct db base;
	sqlite3 *h;
	int in_tx;
	int in_read; /* a read transaction (db_begin_read) is open */
	pthread_mutex_t *wlock; /* this process's writer lock for the file */
	sq_stmt stmts[STMT__MAX];
};

static const db_ops_t sq_ops;

#define DB(d) ((sq_db *)(d))
#define ST(s) ((sq_stmt *)(s))

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

/* Maps an SQLite result code to an err_t. */
static int sq_exec_raw(db_t *db, const char *sql, err_t *e);
static void sq_rollback(db_t *db);
static void sq_end_read(db_t *db);

/* Maps an SQLite result code to an err_t. */
static int fail(sq_db *db, int rc, err_t *e, const char *what)
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

/* Process-wide SQLite settings, applied once before the first connection:
 * no memory statistics (they take a global mutex on every allocation). */
static pthread_once_t configured = PTHREAD_ONCE_INIT;

static void configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int db_sqlite_open(const char *url, int flags, db_t **out, err_t *e)
{
	pthread_once(&configured, configure);
	*out = NULL;
	sq_db *db = xcalloc(1, sizeof *db);
	db->base.ops = &sq_ops;
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
		db_close(&db->base);
		return e ? e->code : ERR_DB;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, 5000);
	db->wlock = writer_lock(db->h);
	int r;
	db_t *d = &db->base;
	if ((r = sq_exec_raw(d, "PRAGMA foreign_keys = ON", e)))
		goto fail;
	if (flags & DB_OPEN_BULK) {
		if ((r = sq_exec_raw(d, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
				       "PRAGMA cache_size = -262144",
				     e)))
			goto fail;
	} else {
		if ((r = sq_exec_raw(d, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
				       "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY" /* CACHE_DEFAULT_MB */, e)))
			goto fail;
	}
	if (!(flags & DB_OPEN_NOMIGRATE) && (r = migrate_apply(d, migrations_sqlite, e)))
		goto fail;
	*out = d;
	return 0;
fail:
	db_close(d);
	return r;
}

static void sq_close(db_t *d)
{
	sq_db *db = DB(d);
	sq_rollback(d); /* releases the writer lock too */
	sq_end_read(d);
	for (int i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(db->stmts[i].st);
	if (db->h)
		sqlite3_close(db->h);
	free(db);
}

static int sq_exec_raw(db_t *d, const char *sql, err_t *e)
{
	sq_db *db = DB(d);
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		int r = fail(db, rc, e, "thực thi");
		sqlite3_free(msg);
		return r;
	}
	return 0;
}

static int sq_begin(db_t *d, err_t *e)
{
	sq_db *db = DB(d);
	if (db->in_tx)
		return err_set(e, ERR_INTERNAL, "Giao dịch lồng nhau không được hỗ trợ");
	if (db->in_read)
		sq_end_read(d);
	if (db->wlock)
		pthread_mutex_lock(db->wlock);
	int r = sq_exec_raw(d, "BEGIN IMMEDIATE", e);
	if (!r)
		db->in_tx = 1;
	else if (db->wlock)
		pthread_mutex_unlock(db->wlock);
	return r;
}

static int sq_commit(db_t *d, err_t *e)
{
	sq_db *db = DB(d);
	if (!db->in_tx)
		return err_set(e, ERR_INTERNAL, "Không có giao dịch để xác nhận");
	int r = sq_exec_raw(d, "COMMIT", e);
	if (r) {
		sq_rollback(d); /* unlocks */
		return r;
	}
	db->in_tx = 0;
	if (db->wlock)
		pthread_mutex_unlock(db->wlock);
	return r;
}

static void sq_rollback(db_t *d)
{
	sq_db *db = DB(d);
	if (!db->in_tx)
		return;
	for (int i = 0; i < STMT__MAX; i++)
		if (db->stmts[i].st)
			sqlite3_reset(db->stmts[i].st);
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = 0;
	if (db->wlock)
		pthread_mutex_unlock(db->wlock);
}

static int sq_begin_read(db_t *d, err_t *e)
{
	sq_db *db = DB(d);
	if (db->in_tx || db->in_read)
		return 0;
	int r = sq_exec_raw(d, "BEGIN", e);
	if (!r)
		db->in_read = 1;
	return r;
}

static void sq_end_read(db_t *d)
{
	sq_db *db = DB(d);
	if (!db->in_read)
		return;
	for (int i = 0; i < STMT__MAX; i++)
		if (db->stmts[i].st)
			sqlite3_reset(db->stmts[i].st);
	sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
	db->in_read = 0;
}

static int sq_in_tx(const db_t *d)
{
	return ((const sq_db *)d)->in_tx;
}

static db_stmt_t *sq_stmt_get(db_t *d, stmt_id id, err_t *e)
{
	sq_db *db = DB(d);
	sq_stmt *s = &db->stmts[id];
	if (!s->st) {
		int rc = sqlite3_prepare_v3(db->h, db_stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
					    &s->st, NULL);
		if (rc != SQLITE_OK) {
			fail(db, rc, e, db_stmt_names[id]);
			s->st = NULL;
			return NULL;
		}
		s->db = db;
		s->base.ops = &sq_ops;
	} else {
		sqlite3_reset(s->st);
		sqlite3_clear_bindings(s->st);
	}
	return &s->base;
}

static void sq_bind_text(db_stmt_t *s, int idx, const char *v, long n)
{
	if (!v)
		sqlite3_bind_null(ST(s)->st, idx);
	else
		sqlite3_bind_text(ST(s)->st, idx, v, n < 0 ? -1 : (int)n, SQLITE_TRANSIENT);
}

static void sq_bind_int(db_stmt_t *s, int idx, int64_t v)
{
	sqlite3_bind_int64(ST(s)->st, idx, v);
}

static void sq_bind_double(db_stmt_t *s, int idx, double v)
{
	sqlite3_bind_double(ST(s)->st, idx, v);
}

static void sq_bind_blob(db_stmt_t *s, int idx, const void *v, size_t n)
{
	sqlite3_bind_blob(ST(s)->st, idx, v, (int)n, SQLITE_TRANSIENT);
}

static void sq_bind_null(db_stmt_t *s, int idx)
{
	sqlite3_bind_null(ST(s)->st, idx);
}

static int sq_step(db_stmt_t *s, err_t *e)
{
	sqlite3_stmt *st = ST(s)->st;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	fail(ST(s)->db, rc, e, sqlite3_sql(st) ? "câu lệnh" : "?");
	sqlite3_reset(st);
	return -1;
}

static int64_t sq_insert(db_stmt_t *s, err_t *e)
{
	if (db_exec(s, e))
		return 0;
	return sqlite3_last_insert_rowid(ST(s)->db->h);
}

static const char *sq_col_text(db_stmt_t *s, int col)
{
	return (const char *)sqlite3_column_text(ST(s)->st, col);
}

static int64_t sq_col_int(db_stmt_t *s, int col)
{
	return sqlite3_column_int64(ST(s)->st, col);
}

static double sq_col_double(db_stmt_t *s, int col)
{
	return sqlite3_column_double(ST(s)->st, col);
}

static const void *sq_col_blob(db_stmt_t *s, int col, size_t *n)
{
	const void *p = sqlite3_column_blob(ST(s)->st, col);
	*n = (size_t)sqlite3_column_bytes(ST(s)->st, col);
	return p;
}

static int sq_col_is_null(db_stmt_t *s, int col)
{
	return sqlite3_column_type(ST(s)->st, col) == SQLITE_NULL;
}

static void sq_reset(db_stmt_t *s)
{
	sqlite3_reset(ST(s)->st);
}

static int64_t sq_changes(db_t *d)
{
	return sqlite3_changes64(DB(d)->h);
}

#define CACHE_DEFAULT_MB 64

static void sq_cache_hint(db_t *d, int mb)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", (mb > 0 ? mb : CACHE_DEFAULT_MB) * 1024);
	sqlite3_exec(DB(d)->h, sql, NULL, NULL, NULL);
}

static const db_ops_t sq_ops = {
	.kind = DB_SQLITE,
	.close = sq_close,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.in_tx = sq_in_tx,
	.begin_read = sq_begin_read,
	.end_read = sq_end_read,
	.exec_raw = sq_exec_raw,
	.stmt = sq_stmt_get,
	.bind_text = sq_bind_text,
	.bind_int = sq_bind_int,
	.bind_double = sq_bind_double,
	.bind_blob = sq_bind_blob,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.insert = sq_insert,
	.col_text = sq_col_text,
	.col_int = sq_col_int,
	.col_double = sq_col_double,
	.col_blob = sq_col_blob,
	.col_is_null = sq_col_is_null,
	.reset = sq_reset,
	.changes = sq_changes,
	.cache_hint = sq_cache_hint,
};
