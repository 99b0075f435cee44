/*
 * settings: the figures the law leaves to each locality (DOMAIN.md marks
 * them configurable), stored per unit with system-wide defaults, read by
 * the nearest unit up the tree that sets them.
 *
 * CONTRACT used by the month and the year — keep these stable.
 * Keys (with defaults): "deadline.self" 5, "deadline.review" 8,
 * "deadline.decide" 10 (day of the month after the period),
 * "objection.days" 5, and the framework figures listed in docs/settings.md.
 *
 * Every key canbo knows is a row of SETTINGS_TABLE (settings.c): default,
 * valid range, unit of measure, whether a unit may set its own value, and
 * a Vietnamese description. Values are integers. The framework figures
 * (hn3814.*, nd335.*, quota.*) are system-wide only: they build the
 * built-in frameworks, and changing them stores a new version of the
 * framework (app/fw.h) in the same transaction — never an edit of a stored
 * one. A unit that needs other figures derives its own framework.
 *
 * The tree walked for a unit's value is the tree as it is today (open unit
 * versions): settings are today's configuration.
 */
#ifndef CANBO_SETTINGS_H
#define CANBO_SETTINGS_H

#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"

/* The integer value of key for unit_id (0 = system-wide), looking up the
 * tree, else def. */
int64_t settings_int(app_ctx_t *c, int64_t unit_id, const char *key, int64_t def);
/* Sets key for unit_id (0 = system-wide); own transaction, audited.
 * Unknown keys are refused (ERR_INVALID). */
int settings_set(app_ctx_t *c, int64_t unit_id, const char *key, const char *value, err_t *e);

/* ---- beyond the contract ------------------------------------------------- */

/* One known key (a row of the table; static, never freed). */
typedef struct settings_key {
	const char *key;
	int64_t def, min, max;
	int per_unit;         /* 1: a unit may set its own value */
	int builds_framework; /* 1: a figure of a built-in framework */
	const char *measure;  /* "điểm", "‰", "ngày"… ("" for a plain number) */
	const char *desc;     /* Vietnamese */
} settings_key_t;

/* The known key named key, or NULL. */
const settings_key_t *settings_find(const char *key);
/* All known keys, in table order; *n receives their number. */
const settings_key_t *settings_keys(size_t *n);
/* The value of a known key as settings_int() reads it, with the table's
 * default (for an unknown key: 0). */
int64_t settings_get(app_ctx_t *c, int64_t unit_id, const char *key);

/* Sets several keys at once (keys[i] = values[i]) for unit_id (0 =
 * system-wide), in one transaction: every key must be known, settable at
 * that level, and its value an integer in range, and the built-in
 * frameworks must still be valid with all the new values together (change
 * the 335 split 10/10/10 to 15/10/5 in one call). When a framework figure
 * changed, the new versions of the built-in frameworks are stored in the
 * same transaction. Requires HR (app_require_hr); audited. */
int settings_set_many(app_ctx_t *c, int64_t unit_id, const char *const *keys,
                      const char *const *values, size_t n, err_t *e);

/* Removes unit_id's own value of key (0: the system-wide value), so the
 * value from above (or the default) applies again. ERR_NOT_FOUND when that
 * level set none. Same checks and transaction as settings_set_many. */
int settings_unset(app_ctx_t *c, int64_t unit_id, const char *key, err_t *e);

/* One line of settings_list: a key and the value in force for a unit. */
typedef struct settings_row {
	const settings_key_t *k; /* borrowed from the table */
	int64_t value;
	int source;       /* 0 default, 1 system-wide, 2 a unit */
	char *unit_code;  /* the unit that set it (source 2) */
	char *updated_at; /* NULL for a default */
} settings_row_t;

typedef struct settings_list {
	settings_row_t *v;
	size_t n;
} settings_list_t;

/* Every known key with the value in force for unit_id (0 = system-wide)
 * and where it comes from. Free with settings_list_free(). */
int settings_list(app_ctx_t *c, int64_t unit_id, settings_list_t *out, err_t *e);
void settings_list_free(settings_list_t *l);

#endif
