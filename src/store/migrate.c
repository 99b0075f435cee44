/*
 * migrate: applies the embedded, numbered migrations. See migrate.h.
 *
 * The bookkeeping table schema_migrations is created with portable DDL (the
 * same text runs on SQLite and PostgreSQL). Each migration runs in its own
 * transaction together with the row that records it, so a failed migration
 * leaves the database at the previous version.
 */
#include "store/migrate.h"

#include <stdio.h>
#include <time.h>

#include "store/db.h"

int migrate_latest(const migration_t *list)
{
	int v = 0;
	for (const migration_t *m = list; m->version; m++)
		if (m->version > v)
			v = m->version;
	return v;
}

int migrate_apply(db_t *db, const migration_t *list, err_t *e)
{
	int r = db_exec_raw(db,
			    "CREATE TABLE IF NOT EXISTS schema_migrations ("
			    " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
			    " applied_at TEXT NOT NULL)",
			    e);
	if (r)
		return r;
	int have = db_schema_version(db);
	int latest = migrate_latest(list);
	if (have > latest)
		return err_set(e, ERR_VERSION,
			       "Cơ sở dữ liệu này được tạo bởi một phiên bản canbo mới hơn "
			       "(lược đồ số %d, phiên bản %s chỉ biết đến số %d). "
			       "Hãy dùng canbo mới hơn; dữ liệu không bị thay đổi.",
			       have, CANBO_VERSION, latest);
	for (const migration_t *m = list; m->version; m++) {
		if (m->version <= have)
			continue;
		if ((r = db_begin(db, e)))
			return r;
		if ((r = db_exec_raw(db, m->sql, e)))
			goto fail;
		db_stmt_t *s = db_stmt(db, STMT_SCHEMA_RECORD, e);
		if (!s) {
			r = e ? e->code : ERR_DB;
			goto fail;
		}
		char now[32];
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
		db_bind_int(s, 1, m->version);
		db_bind_text(s, 2, m->name, -1);
		db_bind_text(s, 3, now, -1);
		if (db_exec(s, e)) {
			r = e ? e->code : ERR_DB;
			goto fail;
		}
		if ((r = db_commit(db, e)))
			return r;
		continue;
	fail:
		db_rollback(db);
		if (e && e->code != ERR_VERSION) {
			char tmp[ERR_MSG_MAX];
			snprintf(tmp, sizeof tmp, "%s", e->msg);
			err_set(e, e->code, "Lỗi khi nâng cấp lược đồ lên số %d (%s): %s", m->version,
				m->name, tmp);
		}
		return r;
	}
	return 0;
}
