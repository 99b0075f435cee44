/*
 * backup: a verified copy of a whole database. See backup.h.
 */
#include "app/backup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/jw.h"

/* The audit_log columns as audit_chain_row wants them. */
static const char *const AUDIT_COLS[] = {"id",	   "at",     "actor", "source",	   "action", "entity",
					 "entity_id", "before", "after", "prev_hash", "hash",   NULL};

typedef struct run {
	const backup_opts_t *o;
	audit_chain_t chain;
} run_t;

static int watch_audit(void *arg, const char *const *v, err_t *e)
{
	run_t *x = arg;
	/* once broken, the later rows are copied as they are, unchecked */
	if (!audit_chain_row(&x->chain, v[0] ? strtoll(v[0], NULL, 10) : 0, v + 1, v[9], v[10]) ||
	    x->o->allow_broken_audit)
		return 0;
	return err_set(e, ERR_CONFLICT,
		       "Nhật ký thay đổi của nguồn KHÔNG toàn vẹn: bản ghi số %lld %s. Không sao chép "
		       "(kiểm tra bằng canbo audit verify; --allow-broken-audit để vẫn sao chép "
		       "nguyên trạng)",
		       (long long)x->chain.rep.bad_id, x->chain.rep.problem);
}

/* The finished target's chain must say what the source's said. */
static int check_target(void *arg, const char *url, err_t *e)
{
	run_t *x = arg;
	app_ctx_t c;
	int r = app_ctx_open(&c, url, 0, e);
	if (r)
		return r;
	audit_report_t t;
	int v = audit_verify(&c, &t, e);
	app_ctx_close(&c);
	if (v && v != ERR_CONFLICT)
		return v;
	const audit_report_t *s = &x->chain.rep;
	if (t.rows != s->rows || t.bad_id != s->bad_id || strcmp(t.head, s->head) != 0)
		return err_set(e, ERR_CONFLICT,
			       "Kiểm tra nhật ký thay đổi của bản sao thất bại: nguồn có %lld bản ghi "
			       "(mã băm cuối %.16s…), bản sao có %lld bản ghi (mã băm cuối %.16s…)",
			       (long long)s->rows, s->head, (long long)t.rows, t.head);
	return 0;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Appends the audit row of the restore or migration to the target. */
static int append_row(const char *src_url, const char *dst_url, const backup_opts_t *o,
		      backup_result_t *r, err_t *e)
{
	app_ctx_t c;
	int rc = app_ctx_open(&c, dst_url, 0, e);
	if (rc)
		return rc;
	buf_t b;
	buf_init(&b, 1 << 16);
	jw_t w;
	jw_init(&w, &b);
	jw_obj(&w);
	jw_kstr(&w, "source", dbcopy_is_pg(src_url) ? "postgres" : "sqlite");
	jw_kint(&w, "schema", r->copy.schema);
	jw_kint(&w, "rows", r->copy.rows);
	jw_kint(&w, "audit_rows", r->audit.rows);
	jw_kstr(&w, "audit_head", r->audit.head[0] ? r->audit.head : NULL);
	jw_obj_end(&w);
	if (!(rc = db_begin(c.db, e)) &&
	    !(rc = audit_append(&c, o->audit_action, "database", NULL, NULL, buf_cstr(&b), e)))
		rc = db_commit(c.db, e);
	if (rc)
		db_rollback(c.db);
	buf_free(&b);
	audit_report_t t;
	int v = rc ? rc : audit_verify(&c, &t, e);
	if (!rc && v == (r->audit.bad_id ? ERR_CONFLICT : 0) && t.bad_id == r->audit.bad_id) {
		r->appended = 1;
		if (!t.bad_id)
			snprintf(r->target_head, sizeof r->target_head, "%s", t.head);
	} else if (!rc) {
		rc = err_set(e, ERR_CONFLICT, "Nhật ký thay đổi của đích không toàn vẹn sau khi ghi");
	}
	app_ctx_close(&c);
	return rc;
}

int backup_copy(const char *src_url, const char *dst_url, const backup_opts_t *o,
		backup_result_t *r, err_t *e)
{
	memset(r, 0, sizeof *r);
	double t0 = now_seconds();
	run_t x = {.o = o};
	audit_chain_init(&x.chain);
	dbcopy_opts_t co = {
		.replace = o->replace,
		.replace_flag = o->replace_flag,
		.progress = o->progress,
		.progress_arg = o->progress_arg,
		.watch_table = "audit_log",
		.watch_cols = AUDIT_COLS,
		.watch = watch_audit,
		.watch_arg = &x,
		.check = check_target,
		.check_arg = &x,
	};
	int rc = dbcopy_run(src_url, dst_url, &co, &r->copy, e);
	r->audit = x.chain.rep;
	if (rc)
		return rc;
	if (o->audit_action && (rc = append_row(src_url, dst_url, o, r, e)))
		return rc;
	r->seconds = now_seconds() - t0;
	return 0;
}
