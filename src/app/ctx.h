/*
 * ctx: what every use case in app/ receives — the database connection, the
 * per-thread collator, and who is acting from where.
 *
 * The command line acts as the local administrator (whoever can open the
 * database file can change it); the web server (a later issue) fills actor,
 * role and scope from the session. A ctx is used by one thread at a time.
 */
#ifndef CANBO_CTX_H
#define CANBO_CTX_H

#include <stdint.h>

#include "lib/err.h"
#include "lib/text.h"
#include "store/db.h"

typedef enum app_role {
	ROLE_STAFF,
	ROLE_REVIEWER,
	ROLE_HEAD,
	ROLE_HR,
	ROLE_VIEWER,
	ROLE_ADMIN,
} app_role;

typedef struct app_ctx {
	db_t *db;               /* borrowed */
	text_collator_t *coll;  /* owned by the ctx (app_ctx_open) */
	char actor[128];        /* who: "cli:root", "user:hoa.nt" */
	char source[64];        /* from where: "cli", an IP address */
	app_role role;
	int64_t scope_unit;     /* 0 = everything */
	int64_t user_id;        /* signed-in user (web), 0 on the command line */
	int64_t person_id;      /* the person the user is, 0 when none */
	char person_code[65];   /* their code ("" when none): as_code for eval */
	int read_only;          /* read-only API token: every write refused */
	int quiet;              /* no progress output */
	int progress_fd;        /* where progress goes (2 = stderr), -1 for none */
	void *fw_cache;         /* framework versions read by fw_load (fw.c) */
	/* also told about progress when set (the web server's jobs) */
	void (*on_progress)(void *arg, long done, long total);
	void *progress_arg;
} app_ctx_t;

/* Opens the database at url (creating it if create), applies migrations and
 * fills *c for a local administrator acting from the command line. Returns 0
 * or an err_code. */
int app_ctx_open(app_ctx_t *c, const char *url, int create, err_t *e);
/* Same, with explicit db open flags (DB_OPEN_*). */
int app_ctx_open_flags(app_ctx_t *c, const char *url, int flags, err_t *e);
/* Closes the database and frees the collator. */
void app_ctx_close(app_ctx_t *c);

/* Current UTC time as ISO 8601 ("2026-11-29T03:57:58Z") into out[32]. */
void app_now(char out[32]);
/* Today (local) as ISO date into out[11]. */
void app_today(char out[11]);

/* Copies who is acting (actor, source, role, scope, user, person,
 * read-only) from src into dst, which keeps its own connection, collator
 * and caches: for work that runs on another connection for the same user
 * (the web server's jobs and streamed exports). */
void app_ctx_act_as(app_ctx_t *dst, const app_ctx_t *src);

/* Reports progress of long work to c->on_progress, when set. */
void app_progress(app_ctx_t *c, long done, long total);

/* Checks that the acting role may change organisation and personnel data.
 * ERR_FORBIDDEN otherwise. */
int app_require_hr(const app_ctx_t *c, err_t *e);

#endif
