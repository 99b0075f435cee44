/*
 * migrate: numbered schema migrations, embedded in the binary.
 *
 * Each backend has its own ordered list (generated at build time from
 * src/store/migrations/BACKEND/NNNN_name.sql by cmake/embed_sql.cmake).
 * migrate_apply() runs the pending ones, each in its own transaction, and
 * records them in schema_migrations. A database whose recorded version is
 * higher than the last one this binary knows is refused.
 */
#ifndef CANBO_MIGRATE_H
#define CANBO_MIGRATE_H

#include "lib/err.h"

typedef struct migration {
	int version;
	const char *name;
	const char *sql;
} migration_t;

/* The embedded lists, terminated by a {0} row. */
extern const migration_t migrations_sqlite[];
extern const migration_t migrations_postgres[];

struct db;
/* Applies pending migrations from list to db. Returns 0 or an err_code
 * (ERR_VERSION for a database from a newer canbo). */
int migrate_apply(struct db *db, const migration_t *list, err_t *e);
/* The highest version in list. */
int migrate_latest(const migration_t *list);

#endif
