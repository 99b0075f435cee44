/*
 * jobs: background work with progress. See jobs.h.
 */
#include "web/jobs.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/jw.h"
#include "lib/xalloc.h"

#define JOB_SLOTS 64

typedef struct job_progress {
	int64_t id;
	long done, total;
} job_progress_t;

static job_progress_t g_prog[JOB_SLOTS];
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static atomic_int g_running;

typedef struct job {
	int64_t id;
	char kind[32];
	web_job_fn fn;
	void *arg;
	void (*free_arg)(void *);
	app_ctx_t who; /* actor, role, scope, person copied; db opened in the thread */
} job_t;

static void on_progress(void *arg, long done, long total)
{
	int64_t id = *(int64_t *)arg;
	pthread_mutex_lock(&g_mu);
	job_progress_t *p = &g_prog[id % JOB_SLOTS];
	p->id = id;
	p->done = done;
	p->total = total;
	pthread_mutex_unlock(&g_mu);
}

static int job_state_once(app_ctx_t *c, int64_t id, const char *state, long done, long total,
			  const char *message, const char *result)
{
	err_t e;
	if (db_begin(c->db, &e))
		return -1;
	db_stmt_t *s = db_stmt(c->db, STMT_JOB_UPDATE, &e);
	if (!s) {
		db_rollback(c->db);
		return -1;
	}
	char now[32];
	app_now(now);
	int fin = !strcmp(state, "done") || !strcmp(state, "failed");
	db_bind_int(s, 1, id);
	db_bind_text(s, 2, state, -1);
	db_bind_int(s, 3, done);
	db_bind_int(s, 4, total);
	db_bind_text(s, 5, message, -1);
	db_bind_text(s, 6, result, -1);
	db_bind_text(s, 7, fin ? now : NULL, -1);
	if (db_exec(s, &e)) {
		db_rollback(c->db);
		return -1;
	}
	return db_commit(c->db, &e) ? -1 : 0;
}

/* Stores the job's state. The final one (done, failed) must reach the
 * database, or the job reads as running for ever: a database restarting
 * is waited for, up to 30 s (the connection reconnects at each try). */
static int job_state(app_ctx_t *c, int64_t id, const char *state, long done, long total,
		     const char *message, const char *result)
{
	int fin = !strcmp(state, "done") || !strcmp(state, "failed");
	for (int i = 0;; i++) {
		int r = job_state_once(c, id, state, done, total, message, result);
		if (!r || !fin || i == 30)
			return r;
		struct timespec ts = {1, 0};
		nanosleep(&ts, NULL);
	}
}

static void *job_main(void *arg)
{
	job_t *j = arg;
	app_ctx_t c;
	err_t e;
	err_clear(&e);
	if (app_ctx_open(&c, web_db_url(), 0, &e) == 0) {
		app_ctx_act_as(&c, &j->who);
		c.quiet = 1;
		c.progress_fd = -1;
		c.on_progress = on_progress;
		c.progress_arg = &j->id;
		job_state(&c, j->id, "running", 0, 0, NULL, NULL);
		buf_t result, details;
		buf_init(&result, 0);
		buf_init(&details, 0);
		int rc = j->fn(&c, j->arg, &result, &details, &e);
		if (db_in_tx(c.db))
			db_rollback(c.db);
		pthread_mutex_lock(&g_mu);
		job_progress_t p = g_prog[j->id % JOB_SLOTS];
		pthread_mutex_unlock(&g_mu);
		if (rc) {
			buf_t r;
			buf_init(&r, 0);
			jw_t w;
			jw_init(&w, &r);
			jw_obj(&w);
			jw_kstr(&w, "code", err_name(e.code));
			jw_kstr(&w, "message", e.msg);
			jw_key(&w, "details");
			if (details.len)
				jw_raw(&w, buf_cstr(&details));
			else
				jw_null(&w);
			jw_obj_end(&w);
			job_state(&c, j->id, "failed", p.id == j->id ? p.done : 0,
				  p.id == j->id ? p.total : 0, e.msg, buf_cstr(&r));
			buf_free(&r);
		} else {
			long total = p.id == j->id ? p.total : 0;
			job_state(&c, j->id, "done", total, total, NULL,
				  result.len ? buf_cstr(&result) : "null");
		}
		buf_free(&result);
		buf_free(&details);
		app_ctx_close(&c);
	}
	if (j->free_arg)
		j->free_arg(j->arg);
	free(j);
	atomic_fetch_sub(&g_running, 1);
	return NULL;
}

int64_t web_job_start(web_req_t *q, const char *kind, web_job_fn fn, void *arg,
		      void (*free_arg)(void *), err_t *e)
{
	app_ctx_t *c = q->c;
	if (db_begin(c->db, e))
		goto fail_arg;
	db_stmt_t *s = db_stmt(c->db, STMT_JOB_INSERT, e);
	if (!s) {
		db_rollback(c->db);
		goto fail_arg;
	}
	char now[32];
	app_now(now);
	db_bind_text(s, 1, kind, -1);
	db_bind_id(s, 2, c->user_id);
	db_bind_text(s, 3, now, -1);
	int64_t id = db_insert(s, e);
	if (!id || db_commit(c->db, e)) {
		db_rollback(c->db);
		goto fail_arg;
	}
	job_t *j = xcalloc(1, sizeof *j);
	j->id = id;
	snprintf(j->kind, sizeof j->kind, "%s", kind);
	j->fn = fn;
	j->arg = arg;
	j->free_arg = free_arg;
	app_ctx_act_as(&j->who, c);
	pthread_t t;
	pthread_attr_t at;
	pthread_attr_init(&at);
	pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
	atomic_fetch_add(&g_running, 1);
	if (pthread_create(&t, &at, job_main, j)) {
		atomic_fetch_sub(&g_running, 1);
		pthread_attr_destroy(&at);
		free(j);
		err_set(e, ERR_BUSY, "Không khởi động được công việc nền");
		goto fail_arg;
	}
	pthread_attr_destroy(&at);
	return id;
fail_arg:
	if (free_arg)
		free_arg(arg);
	return 0;
}

int web_job_get(web_req_t *q, int64_t id, buf_t *b, err_t *e)
{
	db_stmt_t *s = db_stmt(q->c->db, STMT_JOB_GET, e);
	if (!s)
		return e->code;
	db_bind_int(s, 1, id);
	int r = db_step(s, e);
	if (r < 0)
		return e->code;
	if (r != DB_ROW || (q->c->role != ROLE_ADMIN && db_col_int(s, 2) != q->c->user_id)) {
		db_reset(s);
		return err_set(e, ERR_NOT_FOUND, "Không có công việc số %lld của bạn", (long long)id);
	}
	const char *state = db_col_text(s, 3);
	long done = (long)db_col_int(s, 4), total = (long)db_col_int(s, 5);
	if (!strcmp(state, "running")) {
		pthread_mutex_lock(&g_mu);
		job_progress_t p = g_prog[id % JOB_SLOTS];
		pthread_mutex_unlock(&g_mu);
		if (p.id == id) {
			done = p.done;
			total = p.total;
		}
	}
	jw_t w;
	jw_init(&w, b);
	jw_obj(&w);
	jw_kint(&w, "id", id);
	jw_kstr(&w, "kind", db_col_text(s, 1));
	jw_kstr(&w, "state", state);
	jw_kint(&w, "done", done);
	jw_kint(&w, "total", total);
	jw_key(&w, "percent");
	if (!strcmp(state, "done"))
		jw_int(&w, 100);
	else if (total > 0)
		jw_int(&w, (int64_t)done * 100 / total);
	else
		jw_null(&w);
	jw_kstr(&w, "message", db_col_text(s, 6));
	int failed = !strcmp(state, "failed");
	jw_key(&w, failed ? "error" : "result");
	const char *res = db_col_text(s, 7);
	if (res)
		jw_raw(&w, res);
	else
		jw_null(&w);
	jw_kstr(&w, "created_at", db_col_text(s, 8));
	jw_kstr(&w, "finished_at", db_col_text(s, 9));
	jw_obj_end(&w);
	db_reset(s);
	return 0;
}

void web_jobs_drain(int max_seconds)
{
	for (int i = 0; i < max_seconds * 10 && atomic_load(&g_running) > 0; i++) {
		struct timespec ts = {0, 100 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
}
