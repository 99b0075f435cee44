/*
 * fwjson: a criteria framework (core/framework.h) as JSON, both ways.
 *
 * The format is documented in docs/frameworks.md. In short: points are
 * decimal numbers of points (20, 7.5; at most 2 decimals), rates are
 * percentages (30, 37.5), dates are ISO yyyy-mm-dd or dd/mm/yyyy (written
 * ISO), effective_to is the last day in force (inclusive) or null, band
 * references in the quota are band codes. Reading is strict: every member
 * is checked for type and range, an unknown member is an error naming it,
 * and the result must pass framework_validate(). Writing is canonical: the
 * same framework always gives the same text, every member written, so two
 * frameworks are equal exactly when their texts are.
 */
#ifndef CANBO_FWJSON_H
#define CANBO_FWJSON_H

#include <stddef.h>

#include "core/framework.h"
#include "lib/json.h"

/* Returns fw as JSON text (new; caller frees), pretty-printed. */
char *fwjson_write(const framework_t *fw);
/* Returns fw as a new JSON value (js_free). */
js_t *fwjson_value(const framework_t *fw);

/* Parses and checks the n bytes at text (borrowed). Returns a new
 * framework (framework_free), or NULL with ERR_INVALID / ERR_TOO_LARGE and
 * a Vietnamese message naming the field. "version" may be absent (1). */
framework_t *fwjson_read(const char *text, size_t n, err_t *e);
/* Same from a parsed value (borrowed). */
framework_t *fwjson_from(const js_t *v, err_t *e);

/* Category bit of a code "CB", "CC", "VC", "LDHD" (also "LĐHĐ"); 0 when
 * unknown. */
unsigned fwjson_category(const char *code);
/* Comma lists for the database columns: "CB,CC,VC,LDHD", "leader,staff"
 * (into out of size n). */
void fwjson_categories_text(unsigned cats, char *out, size_t n);
void fwjson_roles_text(unsigned roles, char *out, size_t n);

#endif
