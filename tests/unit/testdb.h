/*
 * testdb: the database a unit test opens for a file path, on SQLite or,
 * when CANBO_TEST_PG holds a postgres:// URL (scripts/test-pg.sh sets it),
 * on PostgreSQL.
 *
 * testdb(path) is path itself on SQLite. On PostgreSQL it is the URL of a
 * database of that server named after the path, created empty (collation
 * C, as canbo requires) the first time this process asks for that path, so
 * reopening the same path reaches the same database. testdb_remove(path)
 * removes the file and its journals, or drops the database (the next
 * testdb(path) makes a fresh one).
 */
#ifndef CANBO_TESTDB_H
#define CANBO_TESTDB_H

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TESTDB_MAX 16

static struct {
	char path[160];
	char url[512];
} testdb_map[TESTDB_MAX];

static inline const char *testdb_server(void)
{
	const char *u = getenv("CANBO_TEST_PG");
	return u && *u ? u : NULL;
}

/* 1 when the tests run on PostgreSQL. */
static inline int testdb_pg(void)
{
	return testdb_server() != NULL;
}

/* The database name for path: its letters and digits, at most 60. */
static inline void testdb_name(const char *path, char out[64])
{
	char tmp[256];
	size_t n = 0;
	for (const char *p = path; *p && n < sizeof tmp - 1; p++)
		tmp[n++] = ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) ? *p
			   : (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a')
						      : '_';
	tmp[n] = 0;
	snprintf(out, 64, "t%.59s", n > 59 ? tmp + n - 59 : tmp);
}

/* Runs sql on the server's own database; exits the test on failure. */
static inline void testdb_admin(const char *sql)
{
	PGconn *c = PQconnectdb(testdb_server());
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "CANBO_TEST_PG: %s", PQerrorMessage(c));
		exit(1);
	}
	PGresult *r = PQexec(c, "SET client_min_messages = warning");
	PQclear(r);
	r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		fprintf(stderr, "%s: %s", sql, PQerrorMessage(c));
		exit(1);
	}
	PQclear(r);
	PQfinish(c);
}

/* The URL of database name on the CANBO_TEST_PG server into out. */
static inline void testdb_url(const char *name, char *out, size_t n)
{
	const char *s = testdb_server();
	const char *slash = strrchr(s, '/');
	const char *q = strchr(slash, '?');
	snprintf(out, n, "%.*s/%s%s", (int)(slash - s), s, name, q ? q : "");
}

static inline const char *testdb(const char *path)
{
	if (!testdb_pg())
		return path;
	int free_slot = -1;
	for (int i = 0; i < TESTDB_MAX; i++) {
		if (testdb_map[i].path[0] && !strcmp(testdb_map[i].path, path))
			return testdb_map[i].url;
		if (!testdb_map[i].path[0] && free_slot < 0)
			free_slot = i;
	}
	if (free_slot < 0) {
		fprintf(stderr, "testdb: too many databases\n");
		exit(1);
	}
	char name[64], sql[256];
	testdb_name(path, name);
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", name);
	testdb_admin(sql);
	snprintf(sql, sizeof sql,
		 "CREATE DATABASE \"%s\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' "
		 "LC_CTYPE 'C'",
		 name);
	testdb_admin(sql);
	snprintf(testdb_map[free_slot].path, sizeof testdb_map[0].path, "%s", path);
	testdb_url(name, testdb_map[free_slot].url, sizeof testdb_map[0].url);
	return testdb_map[free_slot].url;
}

static inline void testdb_remove(const char *path)
{
	if (testdb_pg()) {
		char name[64], sql[256];
		testdb_name(path, name);
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", name);
		testdb_admin(sql);
		for (int i = 0; i < TESTDB_MAX; i++)
			if (!strcmp(testdb_map[i].path, path))
				testdb_map[i].path[0] = 0;
		return;
	}
	static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
	char x[200];
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		snprintf(x, sizeof x, "%s%s", path, ext[i]);
		unlink(x);
	}
}

#endif
