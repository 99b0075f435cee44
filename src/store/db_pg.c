/*
 * db_pg: the PostgreSQL backend of the db interface (see db.h, db_impl.h),
 * on libpq. Chosen by db_open for postgres:// and postgresql:// URLs.
 *
 * One libpq connection per db_t. The registry's SQL is rewritten once per
 * process from ?N to $N; each statement is prepared on first use on each
 * connection under the name "s<id>" (and "i<id>", the same text with
 * " RETURNING id", when run through db_insert: PostgreSQL has no
 * last_insert_rowid). Parameters go as text (integers and doubles
 * formatted) and blobs in binary format, so a bytea parameter is exactly
 * its bytes; bytea compares bytewise, which keeps ORDER BY on ICU sort keys
 * in SQLite's memcmp order. Results come back as text and are converted on
 * read (bytea is unescaped once per cell read).
 *
 * SQLite undoes a failed statement and the transaction goes on; PostgreSQL
 * aborts the whole transaction. app/ relies on the first (a batch that
 * fails on a constraint is retried row by row, an insert that conflicts is
 * reported and the transaction continues), so every write statement inside
 * a transaction runs after a savepoint, and a failure rolls back to it.
 *
 * Write transactions are serialised across every process on the database,
 * as SQLite's single writer serialises them: db_begin takes a transaction
 * advisory lock (WRITE_LOCK) before anything else. app/ reads, checks and
 * then writes inside one transaction (a quota counted before decisions are
 * stored, the audit chain's last row read before the next is appended), so
 * without it two servers could both pass a check the other's commit
 * breaks. The lock is released by COMMIT or ROLLBACK, and by the server if
 * the connection dies. Transactions are READ COMMITTED (each statement sees
 * every commit made before the lock was granted); db_begin_read is REPEATABLE READ READ
 * ONLY, one snapshot for the whole read.
 *
 * A lost connection (the server restarted, a network cut) fails the
 * statement with ERR_BUSY and is re-established outside a transaction only,
 * at the next db_begin, db_begin_read or statement (prepared statements are
 * prepared again); one that died while idle is noticed there before
 * anything is sent. Retried once on a new connection, because nothing that
 * lasts was sent: a BEGIN, and a read outside any transaction. Never
 * retried: anything inside a transaction (it died with the connection: the
 * error says nothing was saved) and a COMMIT that got no answer (the error
 * says the outcome is unknown). See docs/multi-server.md.
 */
#include "store/db_impl.h"

#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/buf.h"
#include "lib/xalloc.h"
#include "store/migrate.h"

/* The advisory lock key every write transaction holds (see above); the
 * migration lock is 4242001. */
#define WRITE_LOCK "4242002"

#define BOOLOID 16
#define BYTEAOID 17

/* The registry rewritten for PostgreSQL, once per process. */
static char *pg_sql[STMT__MAX];
static int pg_nparams[STMT__MAX];
static unsigned char pg_write[STMT__MAX]; /* INSERT, UPDATE, DELETE or DDL */
static pthread_once_t pg_sql_once = PTHREAD_ONCE_INIT;

/* Rewrites ?N to $N outside quoted text; *nparams = the highest N. */
static char *rewrite(const char *sql, int *nparams)
{
	size_t n = strlen(sql);
	char *out = xmalloc(n + 1);
	char *o = out;
	int max = 0;
	char quote = 0;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			*o++ = *p;
			continue;
		}
		if (*p == '\'' || *p == '"') {
			quote = *p;
			*o++ = *p;
			continue;
		}
		if (*p == '?' && p[1] >= '0' && p[1] <= '9') {
			*o++ = '$';
			int v = 0;
			for (p++; *p >= '0' && *p <= '9'; p++) {
				v = v * 10 + (*p - '0');
				*o++ = *p;
			}
			p--;
			if (v > max)
				max = v;
			continue;
		}
		*o++ = *p;
	}
	*o = 0;
	*nparams = max;
	return out;
}

static int starts_with_word(const char *s, const char *w)
{
	while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '(')
		s++;
	return strncasecmp(s, w, strlen(w)) == 0;
}

static void build_sql(void)
{
	static const char *const writes[] = {"INSERT", "UPDATE", "DELETE", "CREATE", "DROP",
					     "ALTER"};
	for (int i = 0; i < STMT__MAX; i++) {
		pg_sql[i] = rewrite(db_stmt_sql[i], &pg_nparams[i]);
		for (size_t w = 0; w < sizeof writes / sizeof writes[0]; w++)
			if (starts_with_word(db_stmt_sql[i], writes[w]))
				pg_write[i] = 1;
	}
}

typedef struct pg_db pg_db;

typedef struct pg_stmt {
	struct db_stmt base;
	pg_db *db;
	stmt_id id;
	unsigned prepared[2];  /* connection generation it was prepared in: plain, RETURNING */
	int nparams;
	char **vals;           /* owned copies; NULL = SQL NULL */
	int *lens;
	int *fmts;             /* 0 text, 1 binary (blobs) */
	PGresult *res;         /* the current result, NULL before execution */
	int row;               /* current row, -1 before the first */
	int ncols;
	unsigned char **blobs; /* unescaped bytea of the current row, per column */
	size_t *bloblens;
} pg_stmt;

struct pg_db {
	struct db base;
	PGconn *conn;
	int in_tx;
	int in_read;
	int sp_open;  /* the write savepoint exists in this transaction */
	int lost;     /* the connection was found lost (fail); cleared by a reconnect */
	unsigned gen; /* connection generation: bumped at every (re)connect */
	int64_t changes;
	int standby; /* a hot standby (streaming replica): reads only */
	pg_stmt *stmts[STMT__MAX];
};

static const db_ops_t pg_ops;

#define DB(d) ((pg_db *)(d))
#define ST(s) ((pg_stmt *)(s))

static const char STANDBY_MSG[] =
	"Máy chủ PostgreSQL này là bản sao chỉ đọc (hot standby): chỉ xem và xuất báo cáo được, "
	"không ghi được; hãy dùng máy chủ chính để thay đổi dữ liệu";

static const char LOST_MSG[] =
	"Mất kết nối tới máy chủ PostgreSQL (%s); vui lòng thử lại, canbo sẽ tự kết nối lại";
/* COMMIT was sent and no answer came back: the server may have committed. */
static const char UNCERTAIN_MSG[] =
	"Mất kết nối tới máy chủ PostgreSQL đúng lúc xác nhận giao dịch: không biết thay đổi đã "
	"được lưu hay chưa; hãy tải lại dữ liệu để kiểm tra trước khi làm lại";

/* Maps a failed result (or a failed connection when res is NULL) to an err_t. */
static int fail(pg_db *db, const PGresult *res, err_t *e, const char *what)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *detail = res ? PQresultErrorMessage(res) : NULL;
	if (!detail || !*detail)
		detail = db && db->conn ? PQerrorMessage(db->conn) : "?";
	char msg[512];
	snprintf(msg, sizeof msg, "%s", detail);
	size_t l = strlen(msg);
	while (l && (msg[l - 1] == '\n' || msg[l - 1] == ' '))
		msg[--l] = 0;
	if (!db || !db->conn || PQstatus(db->conn) == CONNECTION_BAD ||
	    (state && (!strncmp(state, "08", 2) || !strcmp(state, "57P01") ||
		       !strcmp(state, "57P02") || !strcmp(state, "57P03")))) {
		if (db)
			db->lost = 1;
		return err_set(e, ERR_BUSY, LOST_MSG, what);
	}
	if (!state)
		return err_set(e, ERR_DB, "Lỗi cơ sở dữ liệu (%s): %s", what, msg);
	if (!strcmp(state, "25006")) /* read-only transaction: a standby */
		return err_set(e, ERR_FORBIDDEN, STANDBY_MSG);
	if (!strcmp(state, "23505"))
		return err_set(e, ERR_CONFLICT, "Dữ liệu bị trùng (%s): %s", what, msg);
	if (!strncmp(state, "23", 2))
		return err_set(e, ERR_INVALID, "Dữ liệu vi phạm ràng buộc (%s): %s", what, msg);
	if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03"))
		return err_set(e, ERR_BUSY, "Cơ sở dữ liệu đang bận (%s), vui lòng thử lại", what);
	return err_set(e, ERR_DB, "Lỗi cơ sở dữ liệu (%s): %s", what, msg);
}

/* Runs sql (no parameters); 0 or an err_code. */
static int run(pg_db *db, const char *sql, err_t *e, const char *what)
{
	PGresult *res = PQexec(db->conn, sql);
	ExecStatusType st = PQresultStatus(res);
	int r = 0;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		r = fail(db, res, e, what);
	PQclear(res);
	return r;
}

static void quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static void stmt_clear_result(pg_stmt *s)
{
	if (s->blobs)
		for (int i = 0; i < s->ncols; i++) {
			PQfreemem(s->blobs[i]);
			s->blobs[i] = NULL;
		}
	free(s->blobs);
	free(s->bloblens);
	s->blobs = NULL;
	s->bloblens = NULL;
	s->ncols = 0;
	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
}

static void stmt_clear_bindings(pg_stmt *s)
{
	for (int i = 0; i < s->nparams; i++) {
		free(s->vals[i]);
		s->vals[i] = NULL;
		s->lens[i] = 0;
		s->fmts[i] = 0;
	}
}

/* After a (re)connect: the settings every connection gets. */
static int setup(pg_db *db, err_t *e)
{
	PQsetNoticeProcessor(db->conn, quiet, NULL);
	if (PQsetClientEncoding(db->conn, "UTF8") != 0)
		return fail(db, NULL, e, "mã hóa UTF8");
	db->gen++;
	db->in_tx = db->in_read = db->sp_open = db->lost = 0;
	return run(db, "SET client_min_messages = warning; SET TIME ZONE 'UTC'", e, "thiết lập");
}

/* 1 when an idle connection has died: the server, stopping or restarting,
 * sends an error and closes, so there is something to read while no query
 * runs. Found without a round trip (one poll). */
static int died_idle(pg_db *db)
{
	struct pollfd p = {.fd = PQsocket(db->conn), .events = POLLIN};
	if (p.fd < 0)
		return 1;
	if (poll(&p, 1, 0) <= 0)
		return 0;
	return !PQconsumeInput(db->conn) || PQstatus(db->conn) != CONNECTION_OK;
}

/* Makes sure the connection is usable; 0 or ERR_BUSY.
 *
 * Outside a transaction, a connection found lost (or dead while idle) is
 * re-established (PQreset: statements are prepared again). Inside one it is
 * not: the transaction died with the connection, and a new connection would
 * run the rest of its statements each on its own; every statement fails
 * until db_rollback or db_end_read, and the next db_begin reconnects. */
static int ensure(pg_db *db, err_t *e)
{
	if (db->in_tx || db->in_read) {
		if (!db->lost && PQstatus(db->conn) == CONNECTION_OK)
			return 0;
		return err_set(e, ERR_BUSY, LOST_MSG, "giao dịch bị hủy");
	}
	if (!db->lost && PQstatus(db->conn) == CONNECTION_OK && !died_idle(db))
		return 0;
	for (int i = 0; i < STMT__MAX; i++)
		if (db->stmts[i])
			stmt_clear_result(db->stmts[i]);
	PQreset(db->conn);
	if (PQstatus(db->conn) != CONNECTION_OK)
		return err_set(e, ERR_BUSY, LOST_MSG, "kết nối lại");
	return setup(db, e);
}

static void pg_close(db_t *d);

int db_pg_open(const char *url, int flags, db_t **out, err_t *e)
{
	pthread_once(&pg_sql_once, build_sql);
	*out = NULL;
	pg_db *db = xcalloc(1, sizeof *db);
	db->base.ops = &pg_ops;
	/* a reconnect (PQreset, in a worker's request) must not block for
	 * minutes on an unreachable host: 10 s unless the URL sets its own
	 * connect_timeout (it comes later, so it wins) */
	const char *const keys[] = {"connect_timeout", "dbname", NULL};
	const char *const vals[] = {"10", url, NULL};
	db->conn = PQconnectdbParams(keys, vals, 1);
	int r;
	if (PQstatus(db->conn) != CONNECTION_OK) {
		char msg[512];
		snprintf(msg, sizeof msg, "%s", PQerrorMessage(db->conn));
		size_t l = strlen(msg);
		while (l && (msg[l - 1] == '\n' || msg[l - 1] == ' '))
			msg[--l] = 0;
		if (strstr(msg, "does not exist"))
			r = err_set(e, ERR_NOT_FOUND,
				    "Không mở được cơ sở dữ liệu PostgreSQL: %s (tạo bằng: createdb -T "
				    "template0 -E UTF8 --locale=C TÊN)",
				    msg);
		else
			r = err_set(e, ERR_IO, "Không kết nối được tới PostgreSQL: %s", msg);
		pg_close(&db->base);
		return r;
	}
	if ((r = setup(db, e)))
		goto fail;
	/* Text (codes, dates) must order as in SQLite: bytewise. */
	PGresult *res = PQexec(db->conn, "SELECT datcollate FROM pg_database WHERE datname = "
					 "current_database()");
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
		const char *coll = PQgetvalue(res, 0, 0);
		if (strcmp(coll, "C") && strcmp(coll, "POSIX") && strcmp(coll, "C.UTF-8") &&
		    strcmp(coll, "C.utf8")) {
			r = err_set(e, ERR_USAGE,
				    "Cơ sở dữ liệu PostgreSQL phải dùng collation C (đang là «%s») để "
				    "sắp xếp giống SQLite; tạo lại bằng: createdb -T template0 -E UTF8 "
				    "--locale=C TÊN",
				    coll);
			PQclear(res);
			goto fail;
		}
	}
	PQclear(res);
	/* as a missing SQLite file: an empty database gets its schema only
	 * from a command that creates (canbo init, demo, gen) */
	if (!(flags & DB_OPEN_CREATE)) {
		res = PQexec(db->conn, "SELECT to_regclass('schema_migrations') IS NULL");
		int empty = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
			    *PQgetvalue(res, 0, 0) == 't';
		PQclear(res);
		if (empty) {
			r = err_set(e, ERR_NOT_FOUND,
				    "Cơ sở dữ liệu PostgreSQL «%s» chưa có lược đồ canbo (tạo bằng: "
				    "canbo init --db với cùng URL)",
				    PQdb(db->conn));
			goto fail;
		}
	}
	/* bulk loading (canbo gen into a fresh database): no wait for the WAL
	 * flush at commit, and every statement planned with its parameters.
	 * The tables grow from empty inside one transaction, so a generic plan
	 * made after the first few batches (a scan of a "small" people table
	 * to find a post's person) would be kept for millions of rows: the
	 * generation of 200,000 people took 317 s instead of ~10 s. */
	if ((flags & DB_OPEN_BULK) &&
	    (r = run(db, "SET synchronous_commit = off; SET plan_cache_mode = force_custom_plan", e,
		     "thiết lập")))
		goto fail;
	res = PQexec(db->conn, "SELECT pg_is_in_recovery()");
	db->standby = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
		      *PQgetvalue(res, 0, 0) == 't';
	PQclear(res);
	if (db->standby) {
		/* a streaming replica for reports: nothing can be migrated here,
		 * so its schema (replayed from the primary) must be current */
		int have = db_schema_version(&db->base), want = migrate_latest(migrations_postgres);
		if (have != want) {
			r = err_set(e, ERR_VERSION,
				    "Bản sao chỉ đọc có lược đồ số %d, canbo này cần số %d: hãy nâng "
				    "cấp máy chủ chính (mở nó bằng canbo này) rồi dùng lại bản sao",
				    have, want);
			goto fail;
		}
	} else if (!(flags & DB_OPEN_NOMIGRATE)) {
		/* several servers starting at once migrate one after another */
		if ((r = run(db, "SELECT pg_advisory_lock(4242001)", e, "khóa nâng cấp")))
			goto fail;
		r = migrate_apply(&db->base, migrations_postgres, e);
		run(db, "SELECT pg_advisory_unlock(4242001)", NULL, "khóa nâng cấp");
		if (r)
			goto fail;
	}
	*out = &db->base;
	return 0;
fail:
	pg_close(&db->base);
	return r;
}

static void pg_rollback(db_t *d);
static void pg_end_read(db_t *d);

static void pg_close(db_t *d)
{
	pg_db *db = DB(d);
	if (db->conn && PQstatus(db->conn) == CONNECTION_OK) {
		pg_rollback(d);
		pg_end_read(d);
	}
	for (int i = 0; i < STMT__MAX; i++) {
		pg_stmt *s = db->stmts[i];
		if (!s)
			continue;
		stmt_clear_result(s);
		stmt_clear_bindings(s);
		free(s->vals);
		free(s->lens);
		free(s->fmts);
		free(s);
	}
	if (db->conn)
		PQfinish(db->conn);
	free(db);
}

static int pg_exec_raw(db_t *d, const char *sql, err_t *e)
{
	pg_db *db = DB(d);
	int r = ensure(db, e);
	return r ? r : run(db, sql, e, "thực thi");
}

static void clear_all_results(pg_db *db)
{
	for (int i = 0; i < STMT__MAX; i++)
		if (db->stmts[i] && db->stmts[i]->res)
			stmt_clear_result(db->stmts[i]);
}

/* Runs sql, a BEGIN; 0 or an err_code with no transaction left open. A
 * connection found lost there is re-established and the BEGIN tried once
 * more: nothing that lasts was sent (a transaction dies with its
 * connection), so this is the one place a retry is always safe. */
static int begin_tx(pg_db *db, const char *sql, const char *what, err_t *e)
{
	for (int tries = 0;; tries++) {
		int r = ensure(db, e);
		if (r)
			return r;
		if (!(r = run(db, sql, e, what)))
			return 0;
		if (PQstatus(db->conn) == CONNECTION_OK &&
		    PQtransactionStatus(db->conn) != PQTRANS_IDLE)
			PQclear(PQexec(db->conn, "ROLLBACK"));
		if (tries || !db->lost)
			return r;
	}
}

static int pg_begin(db_t *d, err_t *e)
{
	pg_db *db = DB(d);
	if (db->in_tx)
		return err_set(e, ERR_INTERNAL, "Giao dịch lồng nhau không được hỗ trợ");
	if (db->standby)
		return err_set(e, ERR_FORBIDDEN, STANDBY_MSG);
	if (db->in_read)
		pg_end_read(d);
	int r = begin_tx(db,
			 "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(" WRITE_LOCK
			 ")",
			 "bắt đầu giao dịch", e);
	if (r)
		return r;
	db->in_tx = 1;
	db->sp_open = 0;
	return 0;
}

static int pg_commit(db_t *d, err_t *e)
{
	pg_db *db = DB(d);
	if (!db->in_tx)
		return err_set(e, ERR_INTERNAL, "Không có giao dịch để xác nhận");
	clear_all_results(db);
	/* lost before COMMIT: the transaction died with the connection, nothing
	 * was saved (ensure says so). Lost while COMMIT was under way: the
	 * server may have committed, and nobody can tell from here. */
	int r = ensure(db, e);
	if (!r) {
		PGresult *res = PQexec(db->conn, "COMMIT");
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			r = fail(db, res, e, "xác nhận giao dịch");
			if (db->lost)
				r = err_set(e, ERR_BUSY, UNCERTAIN_MSG);
		} else if (!strcmp(PQcmdStatus(res), "ROLLBACK")) { /* the transaction had failed */
			r = err_set(e, ERR_DB, "Giao dịch đã bị hủy do lỗi trước đó");
		}
		PQclear(res);
	}
	if (r)
		pg_rollback(d);
	db->in_tx = 0;
	db->sp_open = 0;
	return r;
}

static void pg_rollback(db_t *d)
{
	pg_db *db = DB(d);
	if (!db->in_tx)
		return;
	clear_all_results(db);
	if (PQstatus(db->conn) == CONNECTION_OK)
		PQclear(PQexec(db->conn, "ROLLBACK"));
	db->in_tx = 0;
	db->sp_open = 0;
}

static int pg_in_tx(const db_t *d)
{
	return ((const pg_db *)d)->in_tx;
}

static int pg_begin_read(db_t *d, err_t *e)
{
	pg_db *db = DB(d);
	if (db->in_tx || db->in_read)
		return 0;
	int r = begin_tx(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "đọc", e);
	if (r)
		return r;
	db->in_read = 1;
	return 0;
}

static void pg_end_read(db_t *d)
{
	pg_db *db = DB(d);
	if (!db->in_read)
		return;
	clear_all_results(db);
	if (PQstatus(db->conn) == CONNECTION_OK)
		PQclear(PQexec(db->conn, "COMMIT"));
	db->in_read = 0;
}

static db_stmt_t *pg_stmt_get(db_t *d, stmt_id id, err_t *e)
{
	pg_db *db = DB(d);
	if (ensure(db, e))
		return NULL;
	pg_stmt *s = db->stmts[id];
	if (!s) {
		s = db->stmts[id] = xcalloc(1, sizeof *s);
		s->base.ops = &pg_ops;
		s->db = db;
		s->id = id;
		s->row = -1;
		s->nparams = pg_nparams[id];
		int n = s->nparams ? s->nparams : 1;
		s->vals = xcalloc((size_t)n, sizeof *s->vals);
		s->lens = xcalloc((size_t)n, sizeof *s->lens);
		s->fmts = xcalloc((size_t)n, sizeof *s->fmts);
	} else {
		stmt_clear_result(s);
		stmt_clear_bindings(s);
	}
	return &s->base;
}

/* Stores a copy of n bytes (plus a terminating NUL) for parameter idx. */
static void bind(db_stmt_t *st, int idx, const void *v, size_t n, int fmt)
{
	pg_stmt *s = ST(st);
	if (idx < 1 || idx > s->nparams)
		return;
	char **slot = &s->vals[idx - 1];
	free(*slot);
	*slot = NULL;
	s->lens[idx - 1] = 0;
	s->fmts[idx - 1] = fmt;
	if (!v)
		return;
	*slot = xmalloc(n + 1);
	memcpy(*slot, v, n);
	(*slot)[n] = 0;
	s->lens[idx - 1] = (int)n;
}

static void pg_bind_text(db_stmt_t *s, int idx, const char *v, long n)
{
	bind(s, idx, v, v ? (n < 0 ? strlen(v) : (size_t)n) : 0, 0);
}

static void pg_bind_int(db_stmt_t *s, int idx, int64_t v)
{
	char buf[24];
	int n = snprintf(buf, sizeof buf, "%lld", (long long)v);
	bind(s, idx, buf, (size_t)n, 0);
}

static void pg_bind_double(db_stmt_t *s, int idx, double v)
{
	char buf[40];
	int n = snprintf(buf, sizeof buf, "%.17g", v);
	bind(s, idx, buf, (size_t)n, 0);
}

static void pg_bind_blob(db_stmt_t *s, int idx, const void *v, size_t n)
{
	bind(s, idx, v, n, 1); /* as in SQLite, a NULL pointer binds NULL */
}

static void pg_bind_null(db_stmt_t *s, int idx)
{
	bind(s, idx, NULL, 0, 0);
}

/* Prepares variant (0 plain, 1 with RETURNING id) on this connection. */
static int prepare(pg_stmt *s, int variant, err_t *e)
{
	pg_db *db = s->db;
	if (s->prepared[variant] == db->gen)
		return 0;
	char name[32];
	snprintf(name, sizeof name, "%c%d", variant ? 'i' : 's', (int)s->id);
	const char *sql = pg_sql[s->id];
	char *owned = NULL;
	if (variant) {
		size_t n = strlen(sql);
		owned = xmalloc(n + 16);
		memcpy(owned, sql, n);
		memcpy(owned + n, " RETURNING id", 14);
		sql = owned;
	}
	PGresult *res = PQprepare(db->conn, name, sql, s->nparams, NULL);
	int r = 0;
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		r = fail(db, res, e, db_stmt_names[s->id]);
	else
		s->prepared[variant] = db->gen;
	PQclear(res);
	free(owned);
	return r;
}

/* Runs the statement; 0 or an err_code (the result is cleared). */
static int execute(pg_stmt *s, int variant, err_t *e)
{
	pg_db *db = s->db;
	stmt_clear_result(s);
	int r;
	if ((r = ensure(db, e)))
		return r;
	int guard = db->in_tx && pg_write[s->id];
	if (guard) {
		const char *sp = db->sp_open ? "RELEASE SAVEPOINT canbo_w; SAVEPOINT canbo_w"
					     : "SAVEPOINT canbo_w";
		if ((r = run(db, sp, e, "savepoint")))
			return r;
		db->sp_open = 1;
	}
	if ((r = prepare(s, variant, e)))
		goto failed;
	char name[32];
	snprintf(name, sizeof name, "%c%d", variant ? 'i' : 's', (int)s->id);
	PGresult *res = PQexecPrepared(db->conn, name, s->nparams, (const char *const *)s->vals,
				       s->lens, s->fmts, 0);
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		r = fail(db, res, e, db_stmt_names[s->id]);
		PQclear(res);
		goto failed;
	}
	const char *cmd = PQcmdStatus(res);
	if (!strncmp(cmd, "INSERT", 6) || !strncmp(cmd, "UPDATE", 6) ||
	    !strncmp(cmd, "DELETE", 6)) {
		const char *t = PQcmdTuples(res);
		db->changes = *t ? strtoll(t, NULL, 10) : 0;
	}
	s->res = res;
	s->row = -1;
	s->ncols = PQnfields(res);
	return 0;
failed:
	if (guard && PQstatus(db->conn) == CONNECTION_OK)
		run(db, "ROLLBACK TO SAVEPOINT canbo_w", NULL, "savepoint");
	return r;
}

/* 1 when s, a read run outside any transaction, failed on a lost
 * connection: it changed nothing, so it may run once more on a new one. */
static int rerun_read(const pg_stmt *s)
{
	const pg_db *db = s->db;
	return db->lost && !db->in_tx && !db->in_read && !pg_write[s->id];
}

static int pg_step(db_stmt_t *st, err_t *e)
{
	pg_stmt *s = ST(st);
	if (!s->res && execute(s, 0, e) && (!rerun_read(s) || execute(s, 0, e)))
		return -1;
	if (s->blobs)
		for (int i = 0; i < s->ncols; i++) {
			PQfreemem(s->blobs[i]);
			s->blobs[i] = NULL;
		}
	s->row++;
	if (s->row < PQntuples(s->res))
		return DB_ROW;
	stmt_clear_result(s); /* the next step runs it again, as SQLite does */
	return DB_DONE;
}

static int64_t pg_insert(db_stmt_t *st, err_t *e)
{
	pg_stmt *s = ST(st);
	if (execute(s, 1, e))
		return 0;
	int n = PQntuples(s->res);
	int64_t last = 0;
	for (int i = 0; i < n; i++) {
		int64_t id = strtoll(PQgetvalue(s->res, i, 0), NULL, 10);
		/* a multi-row insert must have taken consecutive ids (the batch
		 * paths derive every id from the last) */
		if (i && id != last + 1) {
			stmt_clear_result(s);
			err_set(e, ERR_BUSY,
				"Mã tự tăng không liên tiếp do có ghi đồng thời; vui lòng thử lại");
			return 0;
		}
		last = id;
	}
	stmt_clear_result(s);
	if (!n)
		err_set(e, ERR_CONFLICT, "Không có dòng nào được thêm");
	return last;
}

static int have(pg_stmt *s, int col)
{
	return s->res && s->row >= 0 && s->row < PQntuples(s->res) && col >= 0 && col < s->ncols;
}

static const char *pg_col_text(db_stmt_t *st, int col)
{
	pg_stmt *s = ST(st);
	if (!have(s, col) || PQgetisnull(s->res, s->row, col))
		return NULL;
	return PQgetvalue(s->res, s->row, col);
}

static int64_t pg_col_int(db_stmt_t *st, int col)
{
	const char *v = pg_col_text(st, col);
	if (!v)
		return 0;
	if (PQftype(ST(st)->res, col) == BOOLOID)
		return *v == 't';
	return strtoll(v, NULL, 10);
}

static double pg_col_double(db_stmt_t *st, int col)
{
	const char *v = pg_col_text(st, col);
	if (!v)
		return 0;
	if (PQftype(ST(st)->res, col) == BOOLOID)
		return *v == 't';
	return strtod(v, NULL);
}

static const void *pg_col_blob(db_stmt_t *st, int col, size_t *n)
{
	pg_stmt *s = ST(st);
	*n = 0;
	const char *v = pg_col_text(st, col);
	if (!v)
		return NULL;
	if (PQftype(s->res, col) != BYTEAOID) {
		*n = (size_t)PQgetlength(s->res, s->row, col);
		return v;
	}
	if (!s->blobs) {
		s->blobs = xcalloc((size_t)s->ncols, sizeof *s->blobs);
		s->bloblens = xcalloc((size_t)s->ncols, sizeof *s->bloblens);
	}
	if (!s->blobs[col])
		s->blobs[col] = PQunescapeBytea((const unsigned char *)v, &s->bloblens[col]);
	if (!s->blobs[col])
		return NULL;
	*n = s->bloblens[col];
	return s->blobs[col];
}

static int pg_col_is_null(db_stmt_t *st, int col)
{
	pg_stmt *s = ST(st);
	return !have(s, col) || PQgetisnull(s->res, s->row, col);
}

static void pg_reset(db_stmt_t *st)
{
	stmt_clear_result(ST(st));
}

static int64_t pg_changes(db_t *d)
{
	return DB(d)->changes;
}

static void pg_cache_hint(db_t *d, int mb)
{
	(void)d; /* the server's shared buffers serve every connection */
	(void)mb;
}

/* ---- bulk writes (db.h db_bulk_*) -----------------------------------------
 *
 * The rows of a bulk are the parameter lists of one registry statement.
 * They are buffered as COPY text, copied into a temporary table with one
 * column per parameter (typed as PostgreSQL inferred the parameter when it
 * prepared the statement) plus the row number, and the statement runs once
 * over that table, rewritten mechanically:
 *   UPDATE t SET ... WHERE ...      UPDATE t SET ... FROM bulk b WHERE ...
 *   INSERT INTO t(...) VALUES (..), (..) [rest]
 *     INSERT INTO t(...) SELECT v.c1, .. FROM bulk b CROSS JOIN LATERAL
 *       (VALUES (1, ..), (2, ..)) AS v(k, c1, ..) ORDER BY b._r, v.k [rest]
 * with every ?N read as b._pN. Rows are written in the order they were
 * added (identity ids as with row-by-row inserts). No savepoint: a failure
 * aborts the transaction, which the caller rolls back (see db.h). */

#define BULK_FLUSH_BYTES (8u << 20) /* COPY text buffered before a flush */

typedef struct pg_bulk {
	pg_db *db;
	stmt_id id;
	char table[32];
	char *sql;     /* the statement over the table */
	buf_t copy;    /* COPY text not yet sent */
	int64_t rows;  /* rows added (the row number) */
	int64_t changes;
	int failed;
} pg_bulk;

static void bulk_put(pg_bulk *b, const char *p, size_t n)
{
	buf_add(&b->copy, p, n);
}

/* Appends the statement text from p to end with ?N read as b._pN. */
static void bulk_sql_params(buf_t *o, const char *p, const char *end)
{
	char quote = 0;
	for (; p < end; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '?' && p[1] >= '0' && p[1] <= '9') {
			buf_puts(o, "b._p");
			continue;
		}
		buf_putc(o, *p);
	}
}

/* Follows quotes and parentheses over one character c of SQL; 1 when c
 * is outside quotes and parentheses (and is not one itself). */
static int top(char c, char *quote, int *depth)
{
	if (*quote) {
		if (c == *quote)
			*quote = 0;
		return 0;
	}
	if (c == '\'' || c == '"')
		*quote = c;
	else if (c == '(')
		++*depth;
	else if (c == ')')
		--*depth;
	else
		return *depth == 0;
	return 0;
}

/* The first top-level occurrence of word in sql, or NULL. */
static const char *top_level(const char *sql, const char *word)
{
	size_t n = strlen(word);
	int depth = 0;
	char quote = 0;
	for (const char *p = sql; *p; p++)
		if (top(*p, &quote, &depth) && !strncasecmp(p, word, n))
			return p;
	return NULL;
}

/* The end of the parenthesised group starting at p ('('), or NULL. */
static const char *group_end(const char *p)
{
	int depth = 0;
	char quote = 0;
	for (; *p; p++) {
		top(*p, &quote, &depth);
		if (*p == ')' && !quote && !depth)
			return p;
	}
	return NULL;
}

/* The set form of statement id over table t (see above); NULL when the
 * statement has another shape. */
static char *bulk_sql(stmt_id id, const char *t)
{
	const char *sql = db_stmt_sql[id];
	buf_t o;
	buf_init(&o, BUF_MAX_DEFAULT);
	if (starts_with_word(sql, "UPDATE")) {
		const char *w = top_level(sql, " WHERE ");
		if (!w)
			goto no;
		bulk_sql_params(&o, sql, w);
		buf_printf(&o, " FROM %s b", t);
		bulk_sql_params(&o, w, sql + strlen(sql));
		return buf_take(&o);
	}
	if (!starts_with_word(sql, "INSERT"))
		goto no;
	const char *v = top_level(sql, " VALUES ");
	if (!v)
		goto no;
	const char *p = v + 8, *first_end = group_end(p);
	if (*p != '(' || !first_end)
		goto no;
	/* the columns of a row: top-level commas of the first tuple, plus one */
	int ncol = 1, depth = 0;
	char quote = 0;
	for (const char *q = p + 1; q < first_end; q++)
		ncol += top(*q, &quote, &depth) && *q == ',';
	bulk_sql_params(&o, sql, v);
	buf_puts(&o, " SELECT ");
	for (int i = 1; i <= ncol; i++)
		buf_printf(&o, "%sv.c%d", i > 1 ? ", " : "", i);
	buf_printf(&o, " FROM %s b CROSS JOIN LATERAL (VALUES ", t);
	int k = 0;
	for (;;) {
		const char *ge = group_end(p);
		if (!ge)
			goto no;
		buf_printf(&o, "%s(%d, ", k ? ", " : "", k + 1);
		bulk_sql_params(&o, p + 1, ge + 1);
		k++;
		p = ge + 1;
		while (*p == ' ')
			p++;
		if (*p != ',')
			break;
		p++;
		while (*p == ' ')
			p++;
	}
	buf_puts(&o, ") AS v(k");
	for (int i = 1; i <= ncol; i++)
		buf_printf(&o, ", c%d", i);
	buf_puts(&o, ") ORDER BY b._r, v.k");
	if (*p)
		buf_printf(&o, " %s", p);
	return buf_take(&o);
no:
	buf_free(&o);
	return NULL;
}

static int bulk_flush(pg_bulk *b, err_t *e)
{
	if (!b->copy.len)
		return 0;
	pg_db *db = b->db;
	int r = 0;
	if (b->copy.err) { /* a row past the buffer's maximum */
		r = err_set(e, ERR_TOO_LARGE, "Dòng ghi hàng loạt quá lớn (%s)", db_stmt_names[b->id]);
		goto out;
	}
	char copy[64];
	snprintf(copy, sizeof copy, "COPY %s FROM STDIN", b->table);
	PGresult *res = PQexec(db->conn, copy);
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		r = fail(db, res, e, db_stmt_names[b->id]);
		PQclear(res);
		goto out;
	}
	PQclear(res);
	if (PQputCopyData(db->conn, b->copy.p, (int)b->copy.len) != 1 || PQputCopyEnd(db->conn, NULL) != 1) {
		r = fail(db, NULL, e, db_stmt_names[b->id]);
		goto out;
	}
	res = PQgetResult(db->conn);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		r = fail(db, res, e, db_stmt_names[b->id]);
	PQclear(res);
	while ((res = PQgetResult(db->conn)))
		PQclear(res);
	if (r)
		goto out;
	res = PQexec(db->conn, b->sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		r = fail(db, res, e, db_stmt_names[b->id]);
		PQclear(res);
		goto out;
	}
	const char *t = PQcmdTuples(res);
	b->changes += *t ? strtoll(t, NULL, 10) : 0;
	PQclear(res);
	char trunc[64];
	snprintf(trunc, sizeof trunc, "TRUNCATE %s", b->table);
	r = run(db, trunc, e, db_stmt_names[b->id]);
out:
	buf_reset(&b->copy);
	b->failed = r != 0;
	return r;
}

static void bulk_free(pg_bulk *b)
{
	free(b->sql);
	buf_free(&b->copy);
	free(b);
}

static void *pg_bulk_open(db_t *d, stmt_id id, err_t *e)
{
	pg_db *db = DB(d);
	pg_bulk *b = xcalloc(1, sizeof *b);
	b->db = db;
	b->id = id;
	buf_init(&b->copy, BULK_FLUSH_BYTES * 2);
	snprintf(b->table, sizeof b->table, "canbo_bulk_%d", (int)id);
	PGresult *res = NULL;
	buf_t ddl;
	buf_init(&ddl, BUF_MAX_DEFAULT);
	if (!(b->sql = bulk_sql(id, b->table))) {
		err_set(e, ERR_INTERNAL, "Câu lệnh %s không ghi hàng loạt được", db_stmt_names[id]);
		goto fail;
	}
	/* the parameters' types, as PostgreSQL inferred them */
	db_stmt_t *st = pg_stmt_get(d, id, e);
	if (!st || prepare(ST(st), 0, e))
		goto fail;
	char name[32];
	snprintf(name, sizeof name, "s%d", (int)id);
	res = PQdescribePrepared(db->conn, name);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fail(db, res, e, db_stmt_names[id]);
		goto fail;
	}
	int n = PQnparams(res);
	buf_puts(&ddl, "SELECT string_agg(format_type(t, NULL), ',' ORDER BY o) FROM unnest("
		       "CAST('{");
	for (int i = 0; i < n; i++)
		buf_printf(&ddl, "%s%u", i ? "," : "", (unsigned)PQparamtype(res, i));
	buf_puts(&ddl, "}' AS oid[])) WITH ORDINALITY AS u(t, o)");
	PQclear(res);
	res = PQexec(db->conn, buf_cstr(&ddl));
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		fail(db, res, e, db_stmt_names[id]);
		goto fail;
	}
	char *types = xstrdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	res = NULL;
	buf_reset(&ddl);
	buf_printf(&ddl, "DROP TABLE IF EXISTS %s; CREATE TEMP TABLE %s (_r bigint", b->table, b->table);
	char *save = NULL;
	int i = 1;
	for (char *tok = strtok_r(types, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		buf_printf(&ddl, ", _p%d %s", i++, tok);
	buf_puts(&ddl, ") ON COMMIT DROP");
	free(types);
	if (run(db, buf_cstr(&ddl), e, db_stmt_names[id]))
		goto fail;
	buf_free(&ddl);
	return b;
fail:
	PQclear(res);
	buf_free(&ddl);
	bulk_free(b);
	return NULL;
}

static int pg_bulk_add(void *state, db_stmt_t *st, err_t *e)
{
	pg_bulk *b = state;
	pg_stmt *s = ST(st);
	if (b->failed)
		return err_set(e, ERR_DB, "Ghi hàng loạt đã thất bại trước đó");
	char num[24];
	int n = snprintf(num, sizeof num, "%lld", (long long)++b->rows);
	bulk_put(b, num, (size_t)n);
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < s->nparams; i++) {
		bulk_put(b, "\t", 1);
		const unsigned char *v = (const unsigned char *)s->vals[i];
		if (!v) {
			bulk_put(b, "\\N", 2);
			continue;
		}
		size_t len = (size_t)s->lens[i];
		if (s->fmts[i]) { /* bytea: \\x and hex digits */
			bulk_put(b, "\\\\x", 3);
			for (size_t k = 0; k < len; k++) {
				char h[2] = {hex[v[k] >> 4], hex[v[k] & 15]};
				bulk_put(b, h, 2);
			}
			continue;
		}
		size_t run0 = 0;
		for (size_t k = 0; k < len; k++) {
			const char *esc = v[k] == '\\' ? "\\\\" : v[k] == '\t' ? "\\t"
				      : v[k] == '\n' ? "\\n" : v[k] == '\r' ? "\\r" : NULL;
			if (!esc)
				continue;
			bulk_put(b, (const char *)v + run0, k - run0);
			bulk_put(b, esc, 2);
			run0 = k + 1;
		}
		bulk_put(b, (const char *)v + run0, len - run0);
	}
	bulk_put(b, "\n", 1);
	return b->copy.len >= BULK_FLUSH_BYTES ? bulk_flush(b, e) : 0;
}

static int pg_bulk_close(void *state, int64_t *changes, err_t *e)
{
	pg_bulk *b = state;
	int r = 0;
	if (changes) {
		if (b->failed)
			r = err_set(e, ERR_DB, "Ghi hàng loạt đã thất bại trước đó");
		else
			r = bulk_flush(b, e);
		*changes = b->changes;
	}
	bulk_free(b);
	return r;
}

static const db_ops_t pg_ops = {
	.kind = DB_POSTGRES,
	.close = pg_close,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.in_tx = pg_in_tx,
	.begin_read = pg_begin_read,
	.end_read = pg_end_read,
	.exec_raw = pg_exec_raw,
	.stmt = pg_stmt_get,
	.bind_text = pg_bind_text,
	.bind_int = pg_bind_int,
	.bind_double = pg_bind_double,
	.bind_blob = pg_bind_blob,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.insert = pg_insert,
	.col_text = pg_col_text,
	.col_int = pg_col_int,
	.col_double = pg_col_double,
	.col_blob = pg_col_blob,
	.col_is_null = pg_col_is_null,
	.reset = pg_reset,
	.changes = pg_changes,
	.cache_hint = pg_cache_hint,
	.bulk_open = pg_bulk_open,
	.bulk_add = pg_bulk_add,
	.bulk_close = pg_bulk_close,
};
