/*
 * orgq: read-only organisation queries for the web API. See orgq.h.
 */
#include "app/orgq.h"

#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"

void orgq_refs_free(orgq_refs_t *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].code);
		free(l->v[i].name);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

static void refs_push(orgq_refs_t *l, const char *code, const char *name)
{
	xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n].code = xstrdup(code ? code : "");
	l->v[l->n].name = name ? xstrdup(name) : NULL;
	l->n++;
}

int orgq_event_units(app_ctx_t *c, int64_t event_id, orgq_refs_t *from, orgq_refs_t *to, err_t *e)
{
	/* STMT_EVENT_UNITS: role ('from' | 'to'), code, latest name */
	db_stmt_t *s = db_stmt(c->db, STMT_EVENT_UNITS, e);
	if (!s)
		return e && e->code ? e->code : ERR_DB;
	db_bind_int(s, 1, event_id);
	int r;
	while ((r = db_step(s, e)) == DB_ROW) {
		const char *role = db_col_text(s, 0);
		refs_push(role && strcmp(role, "from") == 0 ? from : to, db_col_text(s, 1),
		          db_col_text(s, 2));
	}
	db_reset(s);
	return r < 0 ? (e && e->code ? e->code : ERR_DB) : 0;
}
