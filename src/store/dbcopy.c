/*
 * dbcopy: the copy engine of backup, restore and migrate. See dbcopy.h.
 *
 * A store/ internal that talks to sqlite3 and libpq directly: it needs
 * what the statement registry cannot give (any table's rows, COPY, the
 * catalogues). It opens its own connections from the URLs and uses db.h
 * only to give a new target its schema (the migrations).
 *
 * Rows travel as cells (NULL, integer, real, text, blob) from a reader (an
 * SQLite SELECT, or PostgreSQL's binary COPY TO STDOUT) to a writer (an
 * SQLite INSERT, or binary COPY FROM STDIN), one row at a time. Each row
 * is also hashed (digest_row) so the copy can be read back and compared.
 */
#include "store/dbcopy.h"

#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/xalloc.h"
#include "store/db.h"

/* The advisory lock every canbo write transaction holds on PostgreSQL
 * (WRITE_LOCK in db_pg.c): servers on the target wait for the copy. */
#define PG_WRITE_LOCK "4242002"
#define PROGRESS_EVERY 100000
#define MAX_COLS 64
#define MAX_WATCH 16
#define COPY_CHUNK ((size_t)1 << 20) /* bytes sent per PQputCopyData */

/* PostgreSQL type oids the copy reads and writes (catalog/pg_type.dat). */
enum {
	OID_BOOL = 16,
	OID_BYTEA = 17,
	OID_INT8 = 20,
	OID_INT2 = 21,
	OID_INT4 = 23,
	OID_TEXT = 25,
	OID_FLOAT4 = 700,
	OID_FLOAT8 = 701,
	OID_BPCHAR = 1042,
	OID_VARCHAR = 1043,
};

typedef enum { CELL_NULL, CELL_INT, CELL_REAL, CELL_TEXT, CELL_BLOB } cell_kind;

typedef struct cell {
	cell_kind kind;
	int64_t i;
	double d;
	const char *p; /* text or blob bytes, borrowed from the reader */
	size_t n;
} cell_t;

/* One connection of either backend (exactly one of sq, pg is set). */
typedef struct conn {
	sqlite3 *sq;
	PGconn *pg;
} conn_t;

typedef struct column {
	char name[64];
	unsigned oid; /* PostgreSQL type on this side; 0 on SQLite */
} column_t;

typedef struct table {
	char name[64];
	int ncols;
	column_t cols[MAX_COLS];    /* the target's columns, in its order */
	unsigned src_oid[MAX_COLS]; /* the source's type of each (PostgreSQL) */
	char identity[64];          /* identity column (PostgreSQL target), "" */
	int deps[DBCOPY_MAX_TABLES]; /* tables it references (indexes) */
	int ndeps;
	int64_t rows;
	uint64_t sum[2]; /* content digest of the rows read from the source */
} table_t;

typedef struct copy {
	const dbcopy_opts_t *o;
	conn_t src, dst;
	int dst_pg;
	char path[4096]; /* SQLite target file */
	char tmp[4200];  /* its temporary file while writing */
	int tmp_made;
	table_t *t;
	int nt;
	int order[DBCOPY_MAX_TABLES];
	buf_t row; /* scratch: the canonical bytes of a row */
	/* PostgreSQL: foreign keys and secondary indexes set aside during the
	 * COPY and made again after it (drop[i] undone by create[i]) */
	char **drop, **create;
	size_t nddl, nalloc, ddlcap, ddlcap2; /* in effect, allocated */
	/* watch: the column indexes and text of each watched value */
	int watch_idx[MAX_WATCH];
	int nwatch;
	buf_t watch_val[MAX_WATCH];
} copy_t;

/* ---- errors ---- */

static int sq_fail(sqlite3 *h, err_t *e, const char *what)
{
	int rc = sqlite3_extended_errcode(h);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return err_set(e, ERR_INVALID, "Dữ liệu vi phạm ràng buộc của cơ sở dữ liệu đích (%s): %s",
			       what, sqlite3_errmsg(h));
	return err_set(e, ERR_DB, "Lỗi SQLite (%s): %s", what, sqlite3_errmsg(h));
}

/* The first line of a libpq error, for a message. */
static void pg_msg(PGconn *c, const PGresult *res, char out[512])
{
	const char *m = res ? PQresultErrorMessage(res) : NULL;
	if (!m || !*m)
		m = PQerrorMessage(c);
	snprintf(out, 512, "%s", m);
	char *nl = strchr(out, '\n');
	if (nl)
		*nl = 0;
}

static int pg_fail(PGconn *c, const PGresult *res, err_t *e, const char *what)
{
	char m[512];
	pg_msg(c, res, m);
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (state && !strncmp(state, "23", 2))
		return err_set(e, ERR_INVALID, "Dữ liệu vi phạm ràng buộc của cơ sở dữ liệu đích (%s): %s",
			       what, m);
	return err_set(e, ERR_DB, "Lỗi PostgreSQL (%s): %s", what, m);
}

/* ---- raw SQL on either backend ---- */

/* Runs sql with no result rows wanted. */
static int run(conn_t *c, const char *sql, err_t *e, const char *what)
{
	if (c->sq) {
		if (sqlite3_exec(c->sq, sql, NULL, NULL, NULL) != SQLITE_OK)
			return sq_fail(c->sq, e, what);
		return 0;
	}
	PGresult *res = PQexec(c->pg, sql);
	ExecStatusType st = PQresultStatus(res);
	int r = 0;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		r = pg_fail(c->pg, res, e, what);
	PQclear(res);
	return r;
}

/* Starts a table's stream: on SQLite prepares sql into *st; on PostgreSQL
 * runs it (a COPY) and expects the connection in state copy (COPY_OUT to
 * read, COPY_IN to write). */
static int stream_start(conn_t *c, const char *sql, ExecStatusType copy, sqlite3_stmt **st,
			err_t *e, const char *what)
{
	if (c->sq)
		return sqlite3_prepare_v2(c->sq, sql, -1, st, NULL) != SQLITE_OK
			       ? sq_fail(c->sq, e, what)
			       : 0;
	PGresult *res = PQexec(c->pg, sql);
	int r = PQresultStatus(res) != copy ? pg_fail(c->pg, res, e, what) : 0;
	PQclear(res);
	return r;
}

typedef int (*row_fn)(void *arg, int n, const char *const *vals, err_t *e);

/* Runs a catalogue query (the SQLite or the PostgreSQL text, with at most
 * one text parameter ?1 / $1) and calls fn for each row. */
static int query(conn_t *c, const char *sq_sql, const char *pg_sql, const char *param, row_fn fn,
		 void *arg, err_t *e)
{
	const char *vals[8];
	int r = 0;
	if (c->sq) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(c->sq, sq_sql, -1, &st, NULL) != SQLITE_OK)
			return sq_fail(c->sq, e, "đọc danh mục");
		if (param)
			sqlite3_bind_text(st, 1, param, -1, SQLITE_STATIC);
		int rc;
		while (!r && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			int n = sqlite3_column_count(st);
			for (int i = 0; i < n && i < 8; i++)
				vals[i] = (const char *)sqlite3_column_text(st, i);
			r = fn(arg, n < 8 ? n : 8, vals, e);
		}
		if (!r && rc != SQLITE_DONE)
			r = sq_fail(c->sq, e, "đọc danh mục");
		sqlite3_finalize(st);
		return r;
	}
	PGresult *res = PQexecParams(c->pg, pg_sql, param ? 1 : 0, NULL, &param, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		r = pg_fail(c->pg, res, e, "đọc danh mục");
		PQclear(res);
		return r;
	}
	int n = PQnfields(res);
	for (int row = 0; !r && row < PQntuples(res); row++) {
		for (int i = 0; i < n && i < 8; i++)
			vals[i] = PQgetisnull(res, row, i) ? NULL : PQgetvalue(res, row, i);
		r = fn(arg, n < 8 ? n : 8, vals, e);
	}
	PQclear(res);
	return r;
}

static int get_int(void *arg, int n, const char *const *vals, err_t *e)
{
	(void)e;
	*(int64_t *)arg = n && vals[0] ? strtoll(vals[0], NULL, 10) : 0;
	return 0;
}

/* The schema version recorded in c, or -1 when c is not a canbo database. */
static int schema_version(conn_t *c, int *v, err_t *e)
{
	int64_t have = 0;
	int r = query(c, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
		      "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
		      "WHERE n.nspname = current_schema() AND c.relname = 'schema_migrations'",
		      NULL, get_int, &have, e);
	if (r)
		return r;
	if (!have) {
		*v = -1;
		return 0;
	}
	int64_t ver = 0;
	r = query(c, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
		  "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", NULL, get_int, &ver, e);
	*v = (int)ver;
	return r;
}

/* ---- connections ---- */

int dbcopy_is_pg(const char *url)
{
	return !strncmp(url, "postgres://", 11) || !strncmp(url, "postgresql://", 13);
}

static const char *sqlite_path(const char *url)
{
	return strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
}

static int pg_connect(const char *url, PGconn **out, err_t *e, const char *which)
{
	PGconn *c = PQconnectdb(url);
	*out = c;
	if (PQstatus(c) != CONNECTION_OK) {
		char m[512];
		pg_msg(c, NULL, m);
		return err_set(e, ERR_IO, "Không kết nối được tới cơ sở dữ liệu %s (PostgreSQL): %s",
			       which, m);
	}
	if (PQsetClientEncoding(c, "UTF8") != 0)
		return err_set(e, ERR_DB, "PostgreSQL không nhận mã hóa UTF8");
	PGresult *res = PQexec(c, "SET client_min_messages = warning");
	PQclear(res);
	return 0;
}

static void conn_close(conn_t *c)
{
	if (c->sq)
		sqlite3_close(c->sq);
	if (c->pg)
		PQfinish(c->pg); /* an open transaction is rolled back */
	c->sq = NULL;
	c->pg = NULL;
}

/* Opens the source and starts its snapshot. */
static int open_source(copy_t *cp, const char *url, int *version, err_t *e)
{
	int r;
	if (dbcopy_is_pg(url)) {
		if ((r = pg_connect(url, &cp->src.pg, e, "nguồn")))
			return r;
		if ((r = run(&cp->src, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", e, "đọc nguồn")))
			return r;
	} else {
		const char *path = sqlite_path(url);
		struct stat st;
		if (stat(path, &st) != 0)
			return err_set(e, ERR_NOT_FOUND, "Không có cơ sở dữ liệu nguồn «%s»", path);
		/* read-write although it only reads: the last connection to
		 * close a WAL file checkpoints it and removes -wal and -shm,
		 * which a read-only one would leave behind */
		if (sqlite3_open_v2(path, &cp->src.sq, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
			sqlite3_close(cp->src.sq);
			cp->src.sq = NULL;
			if (sqlite3_open_v2(path, &cp->src.sq, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
				return sq_fail(cp->src.sq, e, "mở nguồn");
		}
		sqlite3_busy_timeout(cp->src.sq, 5000);
		/* the snapshot starts with the first read, schema_version's */
		if ((r = run(&cp->src, "BEGIN", e, "đọc nguồn")))
			return r;
	}
	if ((r = schema_version(&cp->src, version, e)))
		return r;
	if (*version < 0)
		return err_set(e, ERR_NOT_FOUND, "Nguồn không phải cơ sở dữ liệu canbo (không có bảng "
						 "schema_migrations)");
	return 0;
}

static void remove_sqlite_files(const char *path)
{
	static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
	char p[4300];
	for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		snprintf(p, sizeof p, "%s%s", path, sfx[i]);
		unlink(p);
	}
}

/* Gives the target its schema through the migrations (db.h), then opens it
 * for the copy and starts the write transaction. */
static int open_target(copy_t *cp, const char *url, int *version, err_t *e)
{
	int r;
	const char *create = url;
	if (!cp->dst_pg) {
		snprintf(cp->path, sizeof cp->path, "%s", sqlite_path(url));
		struct stat st;
		if (stat(cp->path, &st) == 0 && !cp->o->replace)
			return err_set(e, ERR_CONFLICT, "Tệp «%s» đã có; không ghi đè (dùng %s để thay thế)",
				       cp->path, cp->o->replace_flag ? cp->o->replace_flag : "--force");
		snprintf(cp->tmp, sizeof cp->tmp, "%s.tmp-%ld", cp->path, (long)getpid());
		remove_sqlite_files(cp->tmp);
		cp->tmp_made = 1;
		create = cp->tmp;
	}
	db_t *db;
	if ((r = db_open(create, DB_OPEN_CREATE, &db, e)))
		return r;
	db_close(db);
	if (cp->dst_pg) {
		if ((r = pg_connect(url, &cp->dst.pg, e, "đích")))
			return r;
		if ((r = run(&cp->dst,
			     "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ")",
			     e, "bắt đầu ghi đích")))
			return r;
	} else {
		if (sqlite3_open_v2(cp->tmp, &cp->dst.sq, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
			return sq_fail(cp->dst.sq, e, "mở tệp đích");
		/* a new file deleted on failure: no journal needed; durability
		 * comes from the fsync before the rename */
		if ((r = run(&cp->dst,
			     "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = ON;"
			     "PRAGMA cache_size = -65536; BEGIN; PRAGMA defer_foreign_keys = ON",
			     e, "chuẩn bị tệp đích")))
			return r;
	}
	return schema_version(&cp->dst, version, e);
}

/* ---- the schema: tables, columns, dependencies ---- */

static int add_table(void *arg, int n, const char *const *vals, err_t *e)
{
	copy_t *cp = arg;
	if (n < 1 || !vals[0])
		return 0;
	if (cp->nt >= DBCOPY_MAX_TABLES)
		return err_set(e, ERR_INTERNAL, "Lược đồ có quá nhiều bảng (tối đa %d)", DBCOPY_MAX_TABLES);
	if (strlen(vals[0]) >= sizeof cp->t[0].name)
		return err_set(e, ERR_INTERNAL, "Tên bảng quá dài: %s", vals[0]);
	table_t *t = &cp->t[cp->nt++];
	memset(t, 0, sizeof *t);
	snprintf(t->name, sizeof t->name, "%s", vals[0]);
	return 0;
}

static const char SQ_TABLES[] = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
				"LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name";
static const char PG_TABLES[] = "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
				"c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN "
				"('r', 'p') AND c.relname <> 'schema_migrations' ORDER BY 1";
/* name, PostgreSQL type oid, identity ("" or a/d) */
static const char SQ_COLS[] = "SELECT name, 0, '' FROM pragma_table_info(?1) ORDER BY cid";
static const char PG_COLS[] = "SELECT attname, atttypid, attidentity FROM pg_attribute WHERE attrelid = "
			      "to_regclass(quote_ident($1)) AND attnum > 0 AND NOT attisdropped ORDER BY "
			      "attnum";
static const char SQ_FKS[] = "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)";
static const char PG_FKS[] = "SELECT DISTINCT confrelid::regclass::text FROM pg_constraint WHERE "
			     "conrelid = to_regclass(quote_ident($1)) AND contype = 'f'";

static int add_column(void *arg, int n, const char *const *vals, err_t *e)
{
	table_t *t = arg;
	if (n < 3 || !vals[0])
		return 0;
	if (t->ncols >= MAX_COLS || strlen(vals[0]) >= sizeof t->cols[0].name)
		return err_set(e, ERR_INTERNAL, "Bảng %s có quá nhiều cột hoặc tên cột quá dài", t->name);
	column_t *c = &t->cols[t->ncols++];
	snprintf(c->name, sizeof c->name, "%s", vals[0]);
	c->oid = vals[1] ? (unsigned)strtoul(vals[1], NULL, 10) : 0;
	if (vals[2] && *vals[2])
		snprintf(t->identity, sizeof t->identity, "%s", vals[0]);
	return 0;
}

typedef struct src_cols {
	table_t *t;
	int seen;
	err_t *e;
} src_cols_t;

/* A source column: must be one of the target's; records its type. */
static int match_column(void *arg, int n, const char *const *vals, err_t *e)
{
	src_cols_t *s = arg;
	if (n < 3 || !vals[0])
		return 0;
	for (int i = 0; i < s->t->ncols; i++)
		if (!strcmp(s->t->cols[i].name, vals[0])) {
			s->t->src_oid[i] = vals[1] ? (unsigned)strtoul(vals[1], NULL, 10) : 0;
			s->seen++;
			return 0;
		}
	return err_set(e, ERR_VERSION, "Bảng %s của nguồn có cột %s mà đích không có", s->t->name,
		       vals[0]);
}

static int find_table(const copy_t *cp, const char *name)
{
	for (int i = 0; i < cp->nt; i++)
		if (!strcmp(cp->t[i].name, name))
			return i;
	return -1;
}

static int add_dep(void *arg, int n, const char *const *vals, err_t *e)
{
	(void)e;
	void **a = arg;
	copy_t *cp = a[0];
	table_t *t = a[1];
	int i = n && vals[0] ? find_table(cp, vals[0]) : -1;
	if (i >= 0 && &cp->t[i] != t) /* self references: rows of one statement */
		t->deps[t->ndeps++] = i;
	return 0;
}

static int check_src_table(void *arg, int n, const char *const *vals, err_t *e)
{
	copy_t *cp = arg;
	if (n && vals[0] && find_table(cp, vals[0]) < 0)
		return err_set(e, ERR_VERSION, "Nguồn có bảng %s mà đích không có", vals[0]);
	return 0;
}

/* Reads the target's tables, columns and references and the source's
 * columns, and orders the tables so each comes after those it references
 * (the watched table first). */
static int load_schema(copy_t *cp, err_t *e)
{
	int r = query(&cp->dst, SQ_TABLES, PG_TABLES, NULL, add_table, cp, e);
	if (r)
		return r;
	if ((r = query(&cp->src, SQ_TABLES, PG_TABLES, NULL, check_src_table, cp, e)))
		return r;
	for (int i = 0; i < cp->nt; i++) {
		table_t *t = &cp->t[i];
		if ((r = query(&cp->dst, SQ_COLS, PG_COLS, t->name, add_column, t, e)))
			return r;
		src_cols_t s = {t, 0, e};
		if ((r = query(&cp->src, SQ_COLS, PG_COLS, t->name, match_column, &s, e)))
			return r;
		if (s.seen != t->ncols)
			return err_set(e, ERR_VERSION, "Bảng %s của nguồn thiếu cột so với đích", t->name);
		void *a[2] = {cp, t};
		if ((r = query(&cp->dst, SQ_FKS, PG_FKS, t->name, add_dep, a, e)))
			return r;
	}
	int placed[DBCOPY_MAX_TABLES] = {0}, n = 0;
	int w = cp->o->watch_table ? find_table(cp, cp->o->watch_table) : -1;
	if (w >= 0 && cp->t[w].ndeps == 0) {
		cp->order[n++] = w;
		placed[w] = 1;
	}
	while (n < cp->nt) {
		int progress = 0;
		for (int i = 0; i < cp->nt; i++) {
			if (placed[i])
				continue;
			int ready = 1;
			for (int d = 0; d < cp->t[i].ndeps; d++)
				ready &= placed[cp->t[i].deps[d]];
			if (ready) {
				cp->order[n++] = i;
				placed[i] = 1;
				progress = 1;
			}
		}
		if (!progress)
			return err_set(e, ERR_INTERNAL, "Các bảng tham chiếu vòng tròn lẫn nhau");
	}
	return 0;
}

/* ---- the row digest ---- */

static uint64_t mix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static uint64_t hash_bytes(uint64_t h, const unsigned char *p, size_t n)
{
	for (; n >= 8; p += 8, n -= 8) {
		uint64_t k;
		memcpy(&k, p, 8);
		h = mix64(h ^ k) + 0x9e3779b97f4a7c15ULL;
	}
	uint64_t k = (uint64_t)n << 56;
	for (size_t i = 0; i < n; i++)
		k |= (uint64_t)p[i] << (8 * i);
	return mix64(h ^ k);
}

/* Adds the row's hash to sum: each value as its kind and bytes (an
 * integer as 8 bytes, text and blobs with their length), so "1" and 1, or
 * a NULL and "", differ. */
static void digest_row(buf_t *b, const cell_t *c, int n, uint64_t sum[2])
{
	buf_reset(b);
	for (int i = 0; i < n; i++) {
		char tag = "nirtb"[c[i].kind];
		buf_putc(b, tag);
		if (c[i].kind == CELL_INT)
			buf_add(b, &c[i].i, 8);
		else if (c[i].kind == CELL_REAL)
			buf_add(b, &c[i].d, 8);
		else if (c[i].kind == CELL_TEXT || c[i].kind == CELL_BLOB) {
			uint64_t len = c[i].n;
			buf_add(b, &len, 8);
			buf_add(b, c[i].p, c[i].n);
		}
	}
	const unsigned char *p = (const unsigned char *)b->p;
	sum[0] += hash_bytes(0x243f6a8885a308d3ULL, p, b->len);
	sum[1] += hash_bytes(0x13198a2e03707344ULL, p, b->len);
}

/* ---- reading rows ---- */

typedef struct reader {
	conn_t *c;
	const table_t *t;
	const unsigned *oids; /* this side's types (PostgreSQL) */
	sqlite3_stmt *st;
	char *row; /* the current COPY row (libpq's) */
	int header; /* the COPY header was read */
	cell_t cells[MAX_COLS];
} reader_t;

/* "c1", "c2", … of t into b. */
static void column_list(buf_t *b, const table_t *t)
{
	for (int i = 0; i < t->ncols; i++)
		buf_printf(b, "%s\"%s\"", i ? ", " : "", t->cols[i].name);
}

static int reader_open(reader_t *rd, conn_t *c, const table_t *t, const unsigned *oids, int ordered,
		       err_t *e)
{
	memset(rd, 0, sizeof *rd);
	rd->c = c;
	rd->t = t;
	rd->oids = oids;
	buf_t q;
	buf_init(&q, 1 << 16);
	buf_puts(&q, c->pg ? "COPY (SELECT " : "SELECT ");
	column_list(&q, t);
	buf_printf(&q, " FROM \"%s\"", t->name);
	if (ordered)
		buf_printf(&q, " ORDER BY \"%s\"", t->cols[0].name);
	if (c->pg)
		buf_puts(&q, ") TO STDOUT (FORMAT binary)");
	int r = stream_start(c, buf_cstr(&q), PGRES_COPY_OUT, &rd->st, e, t->name);
	buf_free(&q);
	return r;
}

static uint64_t be(const unsigned char *p, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/* Decodes one binary COPY field of type oid into c. */
static int decode(cell_t *c, unsigned oid, const unsigned char *p, int32_t len, const char *table,
		  err_t *e)
{
	int want = oid == OID_INT8 || oid == OID_FLOAT8 ? 8
		   : oid == OID_INT4 || oid == OID_FLOAT4 ? 4
		   : oid == OID_INT2			  ? 2
		   : oid == OID_BOOL			  ? 1
							  : -1;
	if (want > 0 && len != want)
		return err_set(e, ERR_DB, "Dữ liệu COPY của bảng %s không đúng độ dài", table);
	switch (oid) {
	case OID_INT8:
		c->kind = CELL_INT;
		c->i = (int64_t)be(p, 8);
		return 0;
	case OID_INT4:
		c->kind = CELL_INT;
		c->i = (int32_t)(uint32_t)be(p, 4);
		return 0;
	case OID_INT2:
		c->kind = CELL_INT;
		c->i = (int16_t)(uint16_t)be(p, 2);
		return 0;
	case OID_BOOL:
		c->kind = CELL_INT;
		c->i = p[0] != 0;
		return 0;
	case OID_FLOAT8: {
		uint64_t bits = be(p, 8);
		c->kind = CELL_REAL;
		memcpy(&c->d, &bits, 8);
		return 0;
	}
	case OID_FLOAT4: {
		uint32_t bits = (uint32_t)be(p, 4);
		float f;
		memcpy(&f, &bits, 4);
		c->kind = CELL_REAL;
		c->d = f;
		return 0;
	}
	case OID_TEXT:
	case OID_VARCHAR:
	case OID_BPCHAR:
	case OID_BYTEA:
		c->kind = oid == OID_BYTEA ? CELL_BLOB : CELL_TEXT;
		c->p = (const char *)p;
		c->n = (size_t)len;
		return 0;
	default:
		return err_set(e, ERR_INTERNAL, "Bảng %s có cột kiểu PostgreSQL %u chưa được hỗ trợ", table,
			       oid);
	}
}

/* Reads the next row into rd->cells: 1, 0 at the end, or -1 with e. */
static int reader_next(reader_t *rd, err_t *e)
{
	const table_t *t = rd->t;
	if (rd->st) {
		int rc = sqlite3_step(rd->st);
		if (rc == SQLITE_DONE)
			return 0;
		if (rc != SQLITE_ROW) {
			sq_fail(rd->c->sq, e, t->name);
			return -1;
		}
		for (int i = 0; i < t->ncols; i++) {
			cell_t *c = &rd->cells[i];
			switch (sqlite3_column_type(rd->st, i)) {
			case SQLITE_INTEGER:
				c->kind = CELL_INT;
				c->i = sqlite3_column_int64(rd->st, i);
				break;
			case SQLITE_FLOAT:
				c->kind = CELL_REAL;
				c->d = sqlite3_column_double(rd->st, i);
				break;
			case SQLITE_TEXT:
				c->kind = CELL_TEXT;
				c->p = (const char *)sqlite3_column_text(rd->st, i);
				c->n = (size_t)sqlite3_column_bytes(rd->st, i);
				break;
			case SQLITE_BLOB:
				c->kind = CELL_BLOB;
				c->p = sqlite3_column_blob(rd->st, i);
				c->n = (size_t)sqlite3_column_bytes(rd->st, i);
				if (!c->p)
					c->p = "";
				break;
			default:
				c->kind = CELL_NULL;
			}
		}
		return 1;
	}
	for (;;) {
		if (rd->row)
			PQfreemem(rd->row);
		rd->row = NULL;
		int n = PQgetCopyData(rd->c->pg, &rd->row, 0);
		if (n == -1) {
			PGresult *res = PQgetResult(rd->c->pg);
			int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
			if (!ok)
				pg_fail(rd->c->pg, res, e, t->name);
			PQclear(res);
			while ((res = PQgetResult(rd->c->pg)))
				PQclear(res);
			return ok ? 0 : -1;
		}
		if (n < 0) {
			pg_fail(rd->c->pg, NULL, e, t->name);
			return -1;
		}
		const unsigned char *p = (const unsigned char *)rd->row, *end = p + n;
		if (!rd->header) {
			if (n < 19 || memcmp(p, "PGCOPY\n\377\r\n", 11) != 0)
				goto bad;
			uint32_t ext = (uint32_t)be(p + 15, 4);
			if ((size_t)(end - p) < 19 + (size_t)ext)
				goto bad;
			p += 19 + ext;
			rd->header = 1;
		}
		if (end - p < 2)
			goto bad;
		int16_t nf = (int16_t)(uint16_t)be(p, 2);
		p += 2;
		if (nf == -1)
			continue; /* the trailer: the next call ends the COPY */
		if (nf != t->ncols)
			goto bad;
		for (int i = 0; i < nf; i++) {
			if (end - p < 4)
				goto bad;
			int32_t len = (int32_t)(uint32_t)be(p, 4);
			p += 4;
			cell_t *c = &rd->cells[i];
			if (len < 0) {
				c->kind = CELL_NULL;
				continue;
			}
			if (end - p < len)
				goto bad;
			if (decode(c, rd->oids[i], p, len, t->name, e))
				return -1;
			p += len;
		}
		return 1;
	}
bad:
	err_set(e, ERR_DB, "Dữ liệu COPY của bảng %s không đọc được", t->name);
	return -1;
}

static void reader_close(reader_t *rd)
{
	if (rd->st)
		sqlite3_finalize(rd->st);
	if (rd->row)
		PQfreemem(rd->row);
	if (rd->c && rd->c->pg && !rd->st) {
		/* a COPY left unfinished (an error above) ends with the
		 * transaction: drain what libpq still holds */
		char *row;
		while (PQgetCopyData(rd->c->pg, &row, 0) > 0)
			PQfreemem(row);
		PGresult *res;
		while ((res = PQgetResult(rd->c->pg)))
			PQclear(res);
	}
	memset(rd, 0, sizeof *rd);
}

/* ---- writing rows ---- */

typedef struct writer {
	conn_t *c;
	const table_t *t;
	sqlite3_stmt *st;
	buf_t b; /* COPY data not sent yet */
	int64_t row;
} writer_t;

static int writer_open(writer_t *w, conn_t *c, const table_t *t, err_t *e)
{
	memset(w, 0, sizeof *w);
	w->c = c;
	w->t = t;
	buf_t q;
	buf_init(&q, 1 << 16);
	buf_printf(&q, "%s \"%s\" (", c->pg ? "COPY" : "INSERT INTO", t->name);
	column_list(&q, t);
	if (c->pg)
		buf_puts(&q, ") FROM STDIN (FORMAT binary)");
	else {
		buf_puts(&q, ") VALUES (");
		for (int i = 0; i < t->ncols; i++)
			buf_printf(&q, "%s?%d", i ? ", " : "", i + 1);
		buf_putc(&q, ')');
	}
	int r = stream_start(c, buf_cstr(&q), PGRES_COPY_IN, &w->st, e, t->name);
	if (c->pg) {
		buf_init(&w->b, COPY_CHUNK * 2 + ((size_t)1 << 30));
		static const unsigned char header[19] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0";
		buf_add(&w->b, header, sizeof header);
	}
	buf_free(&q);
	return r;
}

static void put_be(buf_t *b, uint64_t v, int n)
{
	unsigned char tmp[8];
	for (int i = n - 1; i >= 0; i--, v >>= 8)
		tmp[i] = (unsigned char)v;
	buf_add(b, tmp, (size_t)n);
}

static int flush(writer_t *w, err_t *e)
{
	if (w->b.err)
		return err_set(e, ERR_TOO_LARGE, "Một dòng của bảng %s quá lớn", w->t->name);
	if (w->b.len && PQputCopyData(w->c->pg, w->b.p, (int)w->b.len) != 1)
		return pg_fail(w->c->pg, NULL, e, w->t->name);
	buf_reset(&w->b);
	return 0;
}

static int mismatch(writer_t *w, int col, err_t *e)
{
	return err_set(e, ERR_INVALID,
		       "Giá trị cột %s.%s ở dòng thứ %lld của nguồn không hợp với kiểu cột ở đích",
		       w->t->name, w->t->cols[col].name, (long long)w->row);
}

/* Encodes cell c for a column of PostgreSQL type oid. */
static int encode(writer_t *w, int col, const cell_t *c, err_t *e)
{
	buf_t *b = &w->b;
	unsigned oid = w->t->cols[col].oid;
	if (c->kind == CELL_NULL) {
		put_be(b, 0xffffffffu, 4);
		return 0;
	}
	switch (oid) {
	case OID_INT8:
	case OID_INT4:
	case OID_INT2:
	case OID_BOOL: {
		int n = oid == OID_INT8 ? 8 : oid == OID_INT4 ? 4 : oid == OID_INT2 ? 2 : 1;
		if (c->kind != CELL_INT)
			return mismatch(w, col, e);
		int64_t lim = n == 8 ? INT64_MAX : n == 1 ? 1 : ((int64_t)1 << (8 * n - 1)) - 1;
		if (c->i > lim || c->i < (n == 1 ? 0 : -lim - 1))
			return mismatch(w, col, e);
		put_be(b, (uint64_t)n, 4);
		put_be(b, (uint64_t)c->i, n);
		return 0;
	}
	case OID_FLOAT8: {
		if (c->kind != CELL_INT && c->kind != CELL_REAL)
			return mismatch(w, col, e);
		double d = c->kind == CELL_INT ? (double)c->i : c->d;
		uint64_t bits;
		memcpy(&bits, &d, 8);
		put_be(b, 8, 4);
		put_be(b, bits, 8);
		return 0;
	}
	case OID_TEXT:
	case OID_VARCHAR:
	case OID_BPCHAR:
	case OID_BYTEA:
		if (c->kind != (oid == OID_BYTEA ? CELL_BLOB : CELL_TEXT) || c->n > INT32_MAX)
			return mismatch(w, col, e);
		put_be(b, c->n, 4);
		buf_add(b, c->p, c->n);
		return 0;
	default:
		return err_set(e, ERR_INTERNAL, "Bảng %s có cột kiểu PostgreSQL %u chưa được hỗ trợ",
			       w->t->name, oid);
	}
}

static int writer_row(writer_t *w, const cell_t *cells, err_t *e)
{
	const table_t *t = w->t;
	w->row++;
	if (w->st) {
		for (int i = 0; i < t->ncols; i++) {
			const cell_t *c = &cells[i];
			switch (c->kind) {
			case CELL_INT:
				sqlite3_bind_int64(w->st, i + 1, c->i);
				break;
			case CELL_REAL:
				sqlite3_bind_double(w->st, i + 1, c->d);
				break;
			case CELL_TEXT:
				sqlite3_bind_text64(w->st, i + 1, c->p, c->n, SQLITE_STATIC, SQLITE_UTF8);
				break;
			case CELL_BLOB:
				sqlite3_bind_blob64(w->st, i + 1, c->p, c->n, SQLITE_STATIC);
				break;
			default:
				sqlite3_bind_null(w->st, i + 1);
			}
		}
		int rc = sqlite3_step(w->st);
		sqlite3_reset(w->st);
		if (rc != SQLITE_DONE)
			return sq_fail(w->c->sq, e, t->name);
		return 0;
	}
	put_be(&w->b, (uint64_t)t->ncols, 2);
	for (int i = 0; i < t->ncols; i++)
		if (encode(w, i, &cells[i], e))
			return -1;
	return w->b.len >= COPY_CHUNK ? flush(w, e) : 0;
}

/* Ends the table's writing; ok = 0 abandons it. */
static int writer_close(writer_t *w, int ok, err_t *e)
{
	int r = 0;
	if (w->st)
		sqlite3_finalize(w->st);
	else if (w->c) {
		if (ok) {
			put_be(&w->b, 0xffff, 2);
			r = flush(w, e);
		}
		if (PQputCopyEnd(w->c->pg, ok && !r ? NULL : "hủy sao chép") != 1 && !r)
			r = pg_fail(w->c->pg, NULL, e, w->t->name);
		PGresult *res;
		while ((res = PQgetResult(w->c->pg))) {
			if (PQresultStatus(res) != PGRES_COMMAND_OK && ok && !r)
				r = pg_fail(w->c->pg, res, e, w->t->name);
			PQclear(res);
		}
		buf_free(&w->b);
	}
	memset(w, 0, sizeof *w);
	return r;
}

/* ---- the copy ---- */

static void progress(copy_t *cp, dbcopy_phase ph, const char *table, int64_t rows)
{
	if (cp->o->progress)
		cp->o->progress(cp->o->progress_arg, ph, table, rows);
}

/* Finds the watched columns of t: 1, 0 when t is not watched, -1 with e. */
static int watch_prepare(copy_t *cp, const table_t *t, err_t *e)
{
	cp->nwatch = 0;
	if (!cp->o->watch || !cp->o->watch_table || strcmp(cp->o->watch_table, t->name))
		return 0;
	for (const char *const *c = cp->o->watch_cols; c && *c; c++) {
		int k = -1;
		for (int i = 0; i < t->ncols; i++)
			if (!strcmp(t->cols[i].name, *c))
				k = i;
		if (k < 0 || cp->nwatch >= MAX_WATCH) {
			err_set(e, ERR_INTERNAL, "Bảng %s không có cột %s", t->name, *c);
			return -1;
		}
		cp->watch_idx[cp->nwatch++] = k;
	}
	return 1;
}

static int watch_row(copy_t *cp, const cell_t *cells, err_t *e)
{
	const char *vals[MAX_WATCH + 1];
	for (int i = 0; i < cp->nwatch; i++) {
		const cell_t *c = &cells[cp->watch_idx[i]];
		buf_t *b = &cp->watch_val[i];
		buf_reset(b);
		if (c->kind == CELL_INT)
			buf_printf(b, "%lld", (long long)c->i);
		else if (c->kind == CELL_REAL)
			buf_printf(b, "%.17g", c->d);
		else if (c->kind != CELL_NULL)
			buf_add(b, c->p, c->n);
		vals[i] = c->kind == CELL_NULL ? NULL : buf_cstr(b);
	}
	vals[cp->nwatch] = NULL;
	return cp->o->watch(cp->o->watch_arg, vals, e) ? (e ? e->code : ERR_INTERNAL) : 0;
}

static int copy_table(copy_t *cp, table_t *t, err_t *e)
{
	int watched = watch_prepare(cp, t, e);
	if (watched < 0)
		return e ? e->code : ERR_INTERNAL;
	reader_t rd;
	writer_t w;
	int r = reader_open(&rd, &cp->src, t, t->src_oid, watched, e);
	if (!r)
		r = writer_open(&w, &cp->dst, t, e);
	else
		memset(&w, 0, sizeof w);
	int got;
	while (!r && (got = reader_next(&rd, e)) == 1) {
		digest_row(&cp->row, rd.cells, t->ncols, t->sum);
		if (watched && (r = watch_row(cp, rd.cells, e)))
			break;
		if (writer_row(&w, rd.cells, e)) {
			r = e ? e->code : ERR_DB;
			break;
		}
		if (++t->rows % PROGRESS_EVERY == 0)
			progress(cp, DBCOPY_COPY, t->name, t->rows);
	}
	if (!r && got < 0)
		r = e ? e->code : ERR_DB;
	int wr = writer_close(&w, !r, r ? NULL : e);
	reader_close(&rd);
	if (!r && wr)
		r = wr;
	if (!r)
		progress(cp, DBCOPY_COPIED, t->name, t->rows);
	return r;
}

/* Reads t back from the target and compares it with what was copied. */
static int verify_table(copy_t *cp, const table_t *t, err_t *e)
{
	unsigned oids[MAX_COLS];
	for (int i = 0; i < t->ncols; i++)
		oids[i] = t->cols[i].oid;
	reader_t rd;
	int r = reader_open(&rd, &cp->dst, t, oids, 0, e);
	int64_t rows = 0;
	uint64_t sum[2] = {0, 0};
	int got = 0;
	while (!r && (got = reader_next(&rd, e)) == 1) {
		digest_row(&cp->row, rd.cells, t->ncols, sum);
		if (++rows % PROGRESS_EVERY == 0)
			progress(cp, DBCOPY_VERIFY, t->name, rows);
	}
	reader_close(&rd);
	if (r)
		return r;
	if (got < 0)
		return e ? e->code : ERR_DB;
	if (rows != t->rows)
		return err_set(e, ERR_CONFLICT,
			       "Kiểm tra bản sao thất bại: bảng %s có %lld dòng ở nguồn nhưng %lld dòng ở "
			       "đích",
			       t->name, (long long)t->rows, (long long)rows);
	if (sum[0] != t->sum[0] || sum[1] != t->sum[1])
		return err_set(e, ERR_CONFLICT,
			       "Kiểm tra bản sao thất bại: nội dung bảng %s ở đích khác nguồn", t->name);
	return 0;
}

/* PostgreSQL: identity sequences continue after the largest copied id. */
static int set_sequences(copy_t *cp, err_t *e)
{
	for (int i = 0; i < cp->nt; i++) {
		table_t *t = &cp->t[i];
		if (!t->identity[0])
			continue;
		char sql[512];
		snprintf(sql, sizeof sql,
			 "SELECT setval(pg_get_serial_sequence(quote_ident('%s'), '%s'), "
			 "COALESCE((SELECT max(\"%s\") FROM \"%s\"), 0) + 1, false)",
			 t->name, t->identity, t->identity, t->name);
		int r = run(&cp->dst, sql, e, "đặt lại bộ đếm mã");
		if (r)
			return r;
	}
	return 0;
}

/* PostgreSQL: refuses a target with rows, or empties it (replace); *was_empty. */
static int prepare_pg_target(copy_t *cp, int *was_empty, err_t *e)
{
	*was_empty = 1;
	for (int i = 0; i < cp->nt; i++) {
		char sql[256];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM (SELECT 1 FROM \"%s\" LIMIT 1) x",
			 cp->t[i].name);
		int64_t n = 0;
		int r = query(&cp->dst, NULL, sql, NULL, get_int, &n, e);
		if (r)
			return r;
		if (n && !cp->o->replace)
			return err_set(e, ERR_CONFLICT,
				       "Cơ sở dữ liệu đích đã có dữ liệu (bảng %s); không ghi đè (dùng %s để "
				       "thay thế toàn bộ)",
				       cp->t[i].name, cp->o->replace_flag ? cp->o->replace_flag : "--replace");
		if (n)
			*was_empty = 0;
	}
	return 0;
}

static int truncate_all(copy_t *cp, err_t *e)
{
	buf_t q;
	buf_init(&q, 1 << 16);
	buf_puts(&q, "TRUNCATE ");
	for (int i = 0; i < cp->nt; i++)
		buf_printf(&q, "%s\"%s\"", i ? ", " : "", cp->t[i].name);
	int r = run(&cp->dst, buf_cstr(&q), e, "xóa dữ liệu cũ");
	buf_free(&q);
	return r;
}

/* ---- keys and indexes built after the rows ---- */

/* SQLite: the indexes made by CREATE INDEX (not those of UNIQUE and
 * PRIMARY KEY constraints). */
static const char SQ_DDL[] = "SELECT 'DROP INDEX \"' || name || '\"', sql FROM sqlite_master "
			     "WHERE type = 'index' AND sql IS NOT NULL";

/* Each foreign key, then each index that backs no constraint: the SQL that
 * drops it and the SQL that makes it again. */
static const char PG_DDL[] =
	"SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname), "
	"format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, "
	"pg_get_constraintdef(oid)) FROM pg_constraint WHERE contype = 'f' AND connamespace = "
	"current_schema()::regnamespace "
	"UNION ALL SELECT format('DROP INDEX %s', i.indexrelid::regclass), "
	"pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE "
	"c.relnamespace = current_schema()::regnamespace AND NOT EXISTS (SELECT 1 FROM "
	"pg_constraint k WHERE k.conindid = i.indexrelid)";

static int add_ddl(void *arg, int n, const char *const *vals, err_t *e)
{
	(void)e;
	copy_t *cp = arg;
	if (n < 2 || !vals[0] || !vals[1])
		return 0;
	xgrow((void **)&cp->drop, &cp->ddlcap, cp->nddl + 1, sizeof *cp->drop);
	xgrow((void **)&cp->create, &cp->ddlcap2, cp->nddl + 1, sizeof *cp->create);
	cp->drop[cp->nddl] = xstrdup(vals[0]);
	cp->create[cp->nddl++] = xstrdup(vals[1]);
	cp->nalloc = cp->nddl;
	return 0;
}

/* Sets the secondary indexes (and on PostgreSQL the foreign keys) aside,
 * as pg_restore does: growing an index and checking a key per row cost
 * several times the COPY itself; made again after it, each is one sorted
 * pass (and a row that breaks one fails the whole copy there, inside the
 * same transaction). PostgreSQL needs the tables' owner for this; without
 * it, the copy runs with them in place. (SQLite's foreign keys are
 * checked at the commit: defer_foreign_keys.) */
static int set_aside(copy_t *cp, err_t *e)
{
	int r = query(&cp->dst, SQ_DDL, PG_DDL, NULL, add_ddl, cp, e);
	if (r)
		return r;
	if ((r = run(&cp->dst, "SAVEPOINT canbo_ddl", e, "chuẩn bị")))
		return r;
	for (size_t i = 0; i < cp->nddl; i++) {
		err_t ignore;
		if (run(&cp->dst, cp->drop[i], &ignore, "")) {
			cp->nddl = 0; /* kept in place: rolled back below */
			return run(&cp->dst, "ROLLBACK TO SAVEPOINT canbo_ddl", e, "chuẩn bị");
		}
	}
	return 0;
}

static int remake_ddl(copy_t *cp, err_t *e)
{
	for (size_t i = 0; i < cp->nddl; i++) {
		int r = run(&cp->dst, cp->create[i], e, "tạo lại khóa và chỉ mục");
		if (r)
			return r;
	}
	return 0;
}

static int fsync_path(const char *path, int dir)
{
	int fd = open(path, dir ? O_RDONLY | O_DIRECTORY : O_RDONLY);
	if (fd < 0)
		return -1;
	int r = fsync(fd);
	close(fd);
	return r;
}

/* SQLite: the finished temporary file takes the target's place. */
static int publish_sqlite(copy_t *cp, err_t *e)
{
	if (fsync_path(cp->tmp, 0))
		return err_set(e, ERR_IO, "Không ghi được tệp «%s»: %s", cp->tmp, strerror(errno));
	char p[4300];
	snprintf(p, sizeof p, "%s-wal", cp->tmp);
	struct stat st;
	if (stat(p, &st) == 0)
		return err_set(e, ERR_INTERNAL, "Tệp tạm «%s» vẫn còn nhật ký WAL", cp->tmp);
	if (stat(cp->path, &st) == 0) {
		/* the old file's journals must not be applied to the new one */
		snprintf(p, sizeof p, "%s-wal", cp->path);
		unlink(p);
		snprintf(p, sizeof p, "%s-shm", cp->path);
		unlink(p);
	}
	if (rename(cp->tmp, cp->path))
		return err_set(e, ERR_IO, "Không đổi được tên «%s» thành «%s»: %s", cp->tmp, cp->path,
			       strerror(errno));
	cp->tmp_made = 0;
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", cp->path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = 0;
	else
		snprintf(dir, sizeof dir, ".");
	fsync_path(dir, 1);
	return 0;
}

static int first_text(void *arg, int n, char **vals, char **names)
{
	(void)names;
	if (n > 0 && vals[0])
		snprintf(arg, 16, "%s", vals[0]);
	return 0;
}

/* SQLite, --replace: refuses a target file another process has open (a
 * server). Leaving WAL mode needs the only connection to the file, so a
 * file that stays in WAL is in use; one that leaves it is about to be
 * replaced anyway. (A process opening it after this check is not seen:
 * stop the servers first, docs/backup.md.) */
static int check_not_in_use(const char *path, err_t *e)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return 0;
	sqlite3 *h = NULL;
	char mode[16] = "";
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK)
		sqlite3_exec(h, "PRAGMA journal_mode = DELETE", first_text, mode, NULL);
	sqlite3_close(h);
	if (strcmp(mode, "delete") != 0)
		return err_set(e, ERR_BUSY,
			       "Tệp «%s» đang được dùng (canbo serve?) hoặc không mở được; dừng các tiến "
			       "trình dùng nó rồi chạy lại",
			       path);
	return 0;
}

static int copy_all(copy_t *cp, const char *src_url, const char *dst_url, dbcopy_result_t *res,
		    err_t *e)
{
	int sv = -1, dv = -1, r;
	if ((r = open_source(cp, src_url, &sv, e)))
		return r;
	if (!cp->dst_pg && cp->o->replace && (r = check_not_in_use(sqlite_path(dst_url), e)))
		return r;
	if ((r = open_target(cp, dst_url, &dv, e)))
		return r;
	if (sv != dv)
		return err_set(e, ERR_VERSION,
			       "Lược đồ của nguồn (số %d) khác lược đồ của đích (số %d): %s", sv, dv,
			       sv < dv ? "hãy nâng cấp nguồn trước bằng canbo init --db NGUỒN rồi chạy lại"
				       : "nguồn do phiên bản canbo mới hơn tạo ra; hãy dùng canbo mới hơn");
	res->schema = sv;
	if ((r = load_schema(cp, e)))
		return r;
	int was_empty = 1;
	if (cp->dst_pg) {
		if ((r = prepare_pg_target(cp, &was_empty, e)))
			return r;
		if (!was_empty && (r = truncate_all(cp, e)))
			return r;
	}
	if ((r = set_aside(cp, e)))
		return r;
	for (int k = 0; k < cp->nt; k++)
		if ((r = copy_table(cp, &cp->t[cp->order[k]], e)))
			return r;
	if ((r = remake_ddl(cp, e)) || (cp->dst_pg && (r = set_sequences(cp, e))))
		return r;
	for (int k = 0; k < cp->nt; k++)
		if ((r = verify_table(cp, &cp->t[cp->order[k]], e)))
			return r;
	conn_close(&cp->src); /* ends the snapshot */
	if ((r = run(&cp->dst, "COMMIT", e, "ghi đích")))
		return r;
	conn_close(&cp->dst);
	for (int k = 0; k < cp->nt; k++) {
		table_t *t = &cp->t[cp->order[k]];
		snprintf(res->tables[k].name, sizeof res->tables[k].name, "%s", t->name);
		res->tables[k].rows = t->rows;
		res->rows += t->rows;
	}
	res->ntables = cp->nt;
	progress(cp, DBCOPY_CHECK, NULL, res->rows);
	if (!cp->dst_pg) {
		if (cp->o->check && (r = cp->o->check(cp->o->check_arg, cp->tmp, e)))
			return r;
		return publish_sqlite(cp, e);
	}
	if (!cp->o->check || !(r = cp->o->check(cp->o->check_arg, dst_url, e)))
		return 0;
	if (was_empty) {
		/* committed and found wrong: the target was empty, so it is again */
		err_t ignore;
		if (!pg_connect(dst_url, &cp->dst.pg, &ignore, "đích") &&
		    !run(&cp->dst, "BEGIN; SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ")", &ignore, "") &&
		    !truncate_all(cp, &ignore))
			run(&cp->dst, "COMMIT", &ignore, "");
	}
	return r;
}

int dbcopy_run(const char *src_url, const char *dst_url, const dbcopy_opts_t *o,
	       dbcopy_result_t *r, err_t *e)
{
	memset(r, 0, sizeof *r);
	copy_t cp;
	memset(&cp, 0, sizeof cp);
	cp.o = o;
	cp.dst_pg = dbcopy_is_pg(dst_url);
	cp.t = xcalloc(DBCOPY_MAX_TABLES, sizeof *cp.t);
	buf_init(&cp.row, (size_t)1 << 30);
	for (int i = 0; i < MAX_WATCH; i++)
		buf_init(&cp.watch_val[i], (size_t)1 << 30);
	int rc = copy_all(&cp, src_url, dst_url, r, e);
	conn_close(&cp.src);
	conn_close(&cp.dst);
	if (cp.tmp_made)
		remove_sqlite_files(cp.tmp);
	buf_free(&cp.row);
	for (size_t i = 0; i < cp.nalloc; i++) {
		free(cp.drop[i]);
		free(cp.create[i]);
	}
	free(cp.drop);
	free(cp.create);
	for (int i = 0; i < MAX_WATCH; i++)
		buf_free(&cp.watch_val[i]);
	free(cp.t);
	if (rc)
		memset(r, 0, sizeof *r);
	return rc;
}
