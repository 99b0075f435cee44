/*
 * jobs: long work started over the API (an import, opening a period for a
 * large subtree) runs in its own thread with its own database connection,
 * acting as the user who started it; the client polls GET /api/v1/jobs/{id}.
 *
 * The jobs table records each job (queued → running → done | failed, with
 * its result or error); progress while it runs is kept in memory (the job's
 * own transaction holds the database's write lock, so it cannot be written
 * there) and answered by the server that runs the job.
 */
#ifndef CANBO_JOBS_H
#define CANBO_JOBS_H

#include <stdint.h>

#include "web/web.h"

/* The work: runs with c (a new connection, actor copied from the request);
 * writes its result as one JSON value into result; returns 0 or an
 * err_code with e filled (details, when any, as JSON into details). */
typedef int (*web_job_fn)(app_ctx_t *c, void *arg, buf_t *result, buf_t *details, err_t *e);

/* Starts fn(arg) in a new thread; free_arg(arg) is called when it ends.
 * Returns the job id, or 0 with e set (arg is freed then too). */
int64_t web_job_start(web_req_t *q, const char *kind, web_job_fn fn, void *arg,
		      void (*free_arg)(void *), err_t *e);
/* Answers a job as JSON {id, kind, state, done, total, percent, message,
 * result, error} into b; only its owner or an administrator. */
int web_job_get(web_req_t *q, int64_t id, buf_t *b, err_t *e);
/* Waits for running jobs to finish (server shutdown). */
void web_jobs_drain(int max_seconds);
/* The database the server runs on (for jobs and streams). */
const char *web_db_url(void);

#endif
