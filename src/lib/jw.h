/*
 * jw: a minimal streaming JSON writer into a buf_t.
 *
 * Used where canbo must produce JSON text without parsing any (audit
 * before/after snapshots, machine-readable CLI output). Strings are assumed
 * to be valid UTF-8 (all text is checked at the edge) and are escaped per
 * RFC 8259. Nesting depth is capped at JW_MAX_DEPTH.
 */
#ifndef CANBO_JW_H
#define CANBO_JW_H

#include <stdint.h>

#include "lib/buf.h"

#define JW_MAX_DEPTH 16

typedef struct jw {
	buf_t *b;   /* borrowed */
	int depth;
	int count[JW_MAX_DEPTH]; /* values written at each depth */
	int after_key;
} jw_t;

/* Starts writing into b (borrowed). */
void jw_init(jw_t *w, buf_t *b);
void jw_obj(jw_t *w);
void jw_obj_end(jw_t *w);
void jw_arr(jw_t *w);
void jw_arr_end(jw_t *w);
void jw_key(jw_t *w, const char *k);
/* A string value, or null when s is NULL. */
void jw_str(jw_t *w, const char *s);
void jw_int(jw_t *w, int64_t v);
void jw_bool(jw_t *w, int v);
void jw_null(jw_t *w);
/* A value that is already JSON text (trusted: written by canbo). */
void jw_raw(jw_t *w, const char *json);
/* key + value shorthands. */
void jw_kstr(jw_t *w, const char *k, const char *s);
void jw_kint(jw_t *w, const char *k, int64_t v);
/* Appends s as a quoted, escaped JSON string to b. */
void jw_quote(buf_t *b, const char *s);

#endif
