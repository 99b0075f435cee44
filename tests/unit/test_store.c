/*
 * Tests of store/: migrations applied and recorded, a newer database
 * refused untouched, transactions that roll back, the statement registry's
 * people columns in the order of app/people.h's field table, and the
 * hash-chained audit log catching edits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/audit.h"
#include "app/org.h"
#include "app/people.h"
#include "store/db.h"
#include "store/migrate.h"

#include "testdb.h"

static char path[64];

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof path, "/tmp/canbo-test-store-%d.db", (int)getpid());
	testdb_remove(path);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	testdb_remove(path);
	return 0;
}

/* The migrations of the backend the tests run on. */
static const migration_t *migrations(void)
{
	return testdb_pg() ? migrations_postgres : migrations_sqlite;
}

static void migrations_recorded(void **state)
{
	(void)state;
	db_t *db;
	err_t e = {0};
	assert_int_equal(db_open(testdb(path), DB_OPEN_CREATE, &db, &e), 0);
	assert_int_equal(db_schema_version(db), migrate_latest(migrations()));
	assert_true(migrate_latest(migrations()) >= 1);
	db_close(db);
	/* opening again applies nothing and keeps the version */
	assert_int_equal(db_open(testdb(path), 0, &db, &e), 0);
	assert_int_equal(db_schema_version(db), migrate_latest(migrations()));
	db_close(db);
}

static void missing_file_not_created(void **state)
{
	(void)state;
	db_t *db = NULL;
	err_t e = {0};
	if (testdb_pg()) { /* a database that does not exist on the server */
		char url[512];
		testdb_url("canbo_khong_co", url, sizeof url);
		assert_int_equal(db_open(url, 0, &db, &e), ERR_NOT_FOUND);
		assert_null(db);
		assert_non_null(strstr(e.msg, "createdb"));
		return;
	}
	assert_int_equal(db_open(path, 0, &db, &e), ERR_NOT_FOUND);
	assert_null(db);
	assert_non_null(strstr(e.msg, "canbo init"));
	assert_int_equal(access(path, F_OK), -1);
}

static void newer_schema_refused(void **state)
{
	(void)state;
	db_t *db;
	err_t e = {0};
	assert_int_equal(db_open(testdb(path), DB_OPEN_CREATE, &db, &e), 0);
	assert_int_equal(db_exec_raw(db,
				     "INSERT INTO schema_migrations VALUES (9999, 'future', 'x');"
				     "INSERT INTO meta VALUES ('marker', 'kept')",
				     &e),
			 0);
	db_close(db);
	assert_int_equal(db_open(testdb(path), 0, &db, &e), ERR_VERSION);
	assert_non_null(strstr(e.msg, "mới hơn"));
	/* untouched: still there after the refusal */
	assert_int_equal(db_open(testdb(path), DB_OPEN_NOMIGRATE, &db, &e), 0);
	assert_int_equal(db_schema_version(db), 9999);
	db_close(db);
}

static void rollback_leaves_previous_state(void **state)
{
	(void)state;
	app_ctx_t c;
	err_t e = {0};
	assert_int_equal(app_ctx_open(&c, testdb(path), 1, &e), 0);
	unit_rec_t root = {"R", "Thành phố Thử", "thành phố", "chính quyền", NULL, NULL, NULL};
	assert_int_equal(org_unit_add(&c, &root, &e), 0);
	/* a merge that fails half-way (second source unknown) changes nothing */
	unit_rec_t a = {"A", "Phường A", "phường", "chính quyền", "R", NULL, NULL};
	unit_rec_t b = {"B", "Phường B", "phường", "chính quyền", "R", NULL, NULL};
	assert_int_equal(org_unit_add(&c, &a, &e), 0);
	assert_int_equal(org_unit_add(&c, &b, &e), 0);
	const char *from[] = {"A", "KHONG-CO"};
	assert_int_not_equal(org_merge(&c, from, 2, "B", "2025-07-01", NULL, &e), 0);
	unit_list_t l = {0};
	assert_int_equal(org_tree(&c, "2025-08-01", NULL, 0, &l, &e), 0);
	assert_int_equal(l.n, 3); /* A still open */
	unit_list_free(&l);
	audit_report_t r;
	assert_int_equal(audit_verify(&c, &r, &e), 0);
	assert_int_equal(r.rows, 3); /* three adds, no merge */
	app_ctx_close(&c);
}

static void people_columns_match_field_table(void **state)
{
	(void)state;
	/* PERSON_COLS in store/stmt.h must list PERSON_FIELDS' columns in order */
	const char *cols = PERSON_COLS;
	char buf[2048];
	snprintf(buf, sizeof buf, "%s", cols);
	int f = 0;
	for (char *tok = strtok(buf, ", "); tok; tok = strtok(NULL, ", "), f++) {
		assert_true(f < PF__MAX);
		assert_string_equal(tok, people_field_column((person_field)f));
	}
	assert_int_equal(f, PF__MAX);
	assert_int_equal(PERSON_NCOLS, PF__MAX);
}

static void audit_detects_edit_and_delete(void **state)
{
	(void)state;
	app_ctx_t c;
	err_t e = {0};
	assert_int_equal(app_ctx_open(&c, testdb(path), 1, &e), 0);
	for (int i = 0; i < 5; i++) {
		char code[8];
		snprintf(code, sizeof code, "U%d", i);
		unit_rec_t u = {code, "Đơn vị thử", "phòng", "chính quyền", NULL, NULL, NULL};
		assert_int_equal(org_unit_add(&c, &u, &e), 0);
	}
	audit_report_t r;
	assert_int_equal(audit_verify(&c, &r, &e), 0);
	assert_int_equal(r.rows, 5);
	assert_int_equal(db_exec_raw(c.db, "UPDATE audit_log SET actor = 'ke-gian' WHERE id = 3", &e),
			 0);
	assert_int_equal(audit_verify(&c, &r, &e), ERR_CONFLICT);
	assert_int_equal(r.bad_id, 3);
	app_ctx_close(&c);
	teardown(NULL);
	assert_int_equal(app_ctx_open(&c, testdb(path), 1, &e), 0);
	for (int i = 0; i < 4; i++) {
		char code[8];
		snprintf(code, sizeof code, "U%d", i);
		unit_rec_t u = {code, "Đơn vị thử", "phòng", "chính quyền", NULL, NULL, NULL};
		assert_int_equal(org_unit_add(&c, &u, &e), 0);
	}
	assert_int_equal(db_exec_raw(c.db, "DELETE FROM audit_log WHERE id = 2", &e), 0);
	assert_int_equal(audit_verify(&c, &r, &e), ERR_CONFLICT);
	assert_int_equal(r.bad_id, 3);
	app_ctx_close(&c);
}

/* db_bulk: rows arrive exactly (tabs, newlines, backslashes, NULL), the
 * total of changed rows counts an update that matched nothing as 0, and a
 * failing row fails the bulk and the rollback leaves nothing. */
static void bulk_rows(void **state)
{
	(void)state;
	db_t *db;
	err_t e = {0};
	assert_int_equal(db_open(testdb(path), DB_OPEN_CREATE, &db, &e), 0);
	static const char *const vals[] = {"a\tb\nc\\d\re", "Hà Nội", "\\N"};
	static const char *const keys[] = {"k.1", "k.2", "k.3"};
	assert_int_equal(db_begin(db, &e), 0);
	db_bulk_t *b = db_bulk_open(db, STMT_SETTING_INSERT, &e);
	assert_non_null(b);
	for (int i = 0; i < 3; i++) {
		db_stmt_t *s = db_bulk_row(b, &e);
		assert_non_null(s);
		db_bind_null(s, 1);
		db_bind_text(s, 2, keys[i], -1);
		db_bind_text(s, 3, vals[i], -1);
		db_bind_text(s, 4, "2026-01-01T00:00:00Z", -1);
		assert_int_equal(db_bulk_add(b, &e), 0);
	}
	int64_t n = -1;
	assert_int_equal(db_bulk_close(b, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_int_equal(db_commit(db, &e), 0);
	int64_t ids[3];
	for (int i = 0; i < 3; i++) {
		db_stmt_t *s = db_stmt(db, STMT_SETTING_FIND, &e);
		db_bind_null(s, 1);
		db_bind_text(s, 2, keys[i], -1);
		assert_int_equal(db_step(s, &e), DB_ROW);
		ids[i] = db_col_int(s, 0);
		assert_string_equal(db_col_text(s, 1), vals[i]);
		db_reset(s);
	}
	/* two updates that match and one that does not */
	assert_int_equal(db_begin(db, &e), 0);
	assert_non_null(b = db_bulk_open(db, STMT_SETTING_UPDATE, &e));
	int64_t targets[3] = {ids[0], ids[2], ids[2] + 1000};
	for (int i = 0; i < 3; i++) {
		db_stmt_t *s = db_bulk_row(b, &e);
		db_bind_int(s, 1, targets[i]);
		db_bind_text(s, 2, "mới", -1);
		db_bind_text(s, 3, "2026-01-02T00:00:00Z", -1);
		assert_int_equal(db_bulk_add(b, &e), 0);
	}
	assert_int_equal(db_bulk_close(b, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(db_commit(db, &e), 0);
	/* a duplicate key fails the bulk (at the row or at the close) */
	assert_int_equal(db_begin(db, &e), 0);
	assert_non_null(b = db_bulk_open(db, STMT_SETTING_INSERT, &e));
	int failed = 0;
	for (int i = 0; i < 2 && !failed; i++) {
		db_stmt_t *s = db_bulk_row(b, &e);
		db_bind_null(s, 1);
		db_bind_text(s, 2, i ? "k.1" : "k.4", -1);
		db_bind_text(s, 3, "x", -1);
		db_bind_text(s, 4, "2026-01-03T00:00:00Z", -1);
		failed = db_bulk_add(b, &e) != 0;
	}
	if (failed)
		db_bulk_close(b, NULL, NULL);
	else
		assert_int_not_equal(db_bulk_close(b, &n, &e), 0);
	assert_int_equal(e.code, ERR_CONFLICT);
	db_rollback(db);
	db_stmt_t *s = db_stmt(db, STMT_SETTING_FIND, &e);
	db_bind_null(s, 1);
	db_bind_text(s, 2, "k.4", -1);
	assert_int_equal(db_step(s, &e), DB_DONE);
	/* outside a transaction there is no bulk */
	assert_null(db_bulk_open(db, STMT_SETTING_INSERT, &e));
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(migrations_recorded, setup, teardown),
		cmocka_unit_test_setup_teardown(missing_file_not_created, setup, teardown),
		cmocka_unit_test_setup_teardown(newer_schema_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(rollback_leaves_previous_state, setup, teardown),
		cmocka_unit_test_setup_teardown(people_columns_match_field_table, setup, teardown),
		cmocka_unit_test_setup_teardown(audit_detects_edit_and_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(bulk_rows, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
