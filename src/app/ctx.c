/*
 * ctx: opening the database and identifying the actor. See ctx.h.
 */
#include "app/ctx.h"

#include <pwd.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/fw.h"
#include "lib/date.h"

int app_ctx_open_flags(app_ctx_t *c, const char *url, int flags, err_t *e)
{
	memset(c, 0, sizeof *c);
	int r = db_open(url, flags, &c->db, e);
	if (r)
		return r;
	c->coll = text_collator_new(e);
	if (!c->coll) {
		db_close(c->db);
		c->db = NULL;
		return e ? e->code : ERR_INTERNAL;
	}
	const char *user = getenv("USER");
	if (!user) {
		struct passwd *pw = getpwuid(getuid());
		user = pw ? pw->pw_name : "?";
	}
	snprintf(c->actor, sizeof c->actor, "cli:%s", user);
	snprintf(c->source, sizeof c->source, "cli");
	c->role = ROLE_ADMIN;
	c->progress_fd = 2;
	return 0;
}

int app_ctx_open(app_ctx_t *c, const char *url, int create, err_t *e)
{
	return app_ctx_open_flags(c, url, create ? DB_OPEN_CREATE : 0, e);
}

void app_ctx_close(app_ctx_t *c)
{
	fw_cache_free(c);
	db_close(c->db);
	c->db = NULL;
	text_collator_free(c->coll);
	c->coll = NULL;
}

void app_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void app_today(char out[11])
{
	date_iso(date_today(), out);
}

int app_require_hr(const app_ctx_t *c, err_t *e)
{
	if (c->role == ROLE_ADMIN || c->role == ROLE_HR)
		return 0;
	return err_set(e, ERR_FORBIDDEN,
		       "Chỉ cán bộ tổ chức (HR) hoặc quản trị viên được thay đổi dữ liệu này");
}

void app_ctx_act_as(app_ctx_t *dst, const app_ctx_t *src)
{
	snprintf(dst->actor, sizeof dst->actor, "%s", src->actor);
	snprintf(dst->source, sizeof dst->source, "%s", src->source);
	dst->role = src->role;
	dst->scope_unit = src->scope_unit;
	dst->user_id = src->user_id;
	dst->person_id = src->person_id;
	snprintf(dst->person_code, sizeof dst->person_code, "%s", src->person_code);
	dst->read_only = src->read_only;
}

void app_progress(app_ctx_t *c, long done, long total)
{
	if (c->on_progress)
		c->on_progress(c->progress_arg, done, total);
}
