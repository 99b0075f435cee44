/*
 * orgq: read-only queries about the organisation that the web API needs
 * beyond org.h.
 *
 * org_history() gives an event's units joined into one text ("CODE Tên,
 * CODE Tên") for people to read; a client needs them one by one, and the
 * joined text cannot be split back (unit names contain ", ": "Phòng Kinh tế,
 * Hạ tầng và Đô thị").
 */
#ifndef CANBO_ORGQ_H
#define CANBO_ORGQ_H

#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"

/* A unit named by an event: its code and its latest name. Owned strings. */
typedef struct orgq_ref {
	char *code, *name;
} orgq_ref_t;

typedef struct orgq_refs {
	orgq_ref_t *v;
	size_t n, cap;
} orgq_refs_t;

/* The units event_id took from (from) and gave to (to), each in code
 * order, appended to the lists (which the caller zeroes first and frees
 * with orgq_refs_free). Returns 0 or an err_code. */
int orgq_event_units(app_ctx_t *c, int64_t event_id, orgq_refs_t *from, orgq_refs_t *to, err_t *e);
void orgq_refs_free(orgq_refs_t *l);

#endif
