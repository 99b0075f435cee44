/*
 * fw: criteria frameworks stored as immutable, versioned data.
 *
 * A framework version (core/framework.h's framework_t, serialised as JSON)
 * never changes once stored: an evaluation keeps the id of the version it
 * was made under and recomputes identically forever. Editing a framework
 * stores a new version. The built-in frameworks (Hanoi 3814-QĐ/TU, Decree
 * 335/2025/NĐ-CP) are stored on first use with the settings in force; a unit
 * may derive its own framework from a built-in one within the parent's
 * totals; frameworks import and export as JSON.
 *
 * CONTRACT used by app/period, app/eval (the month) — keep these stable.
 *
 * Three kinds of stored framework (docs/frameworks.md):
 *  - built-in: "HN-3814" (from 01/07/2018, every category) and "ND-335"
 *    (from 01/01/2026, civil servants), built by core/builtin.c from the
 *    settings (app/settings.h); a changed setting gives a new version;
 *  - system-wide, imported from a JSON file (a locality's own or a newer
 *    instrument): chosen by date like the built-in ones;
 *  - a unit's own, derived from a stored one (framework_derive_check):
 *    applies to the unit and the units below it.
 *
 * Selection (fw_select), data-driven: among the system-wide versions
 * (built-in or imported) that apply to the person's category and role on
 * the day, the one with the latest effective_from wins (then the highest
 * version) — so 3814 until 31/12/2025 and, for civil servants, 335 from
 * 01/01/2026 (other categories stay on 3814: 335 is for civil servants).
 * Then, from the person's unit up the tree as it was that day, the first
 * unit with a derived framework that applies that day and descends from
 * that same system-wide framework (by code) is used instead — so a ward's
 * own refinement of 3814 stops applying to its civil servants when 335
 * takes over, without anyone editing it.
 */
#ifndef CANBO_FW_H
#define CANBO_FW_H

#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/builtin.h"
#include "core/framework.h"

/* Codes of the stored built-in frameworks. */
#define FW_CODE_3814 "HN-3814"
#define FW_CODE_335  "ND-335"

/* Stores the built-in frameworks (current settings) if they are not stored
 * yet, inside the caller's transaction or its own when none is open.
 * Idempotent. */
int fw_ensure_builtins(app_ctx_t *c, err_t *e);

/* The id of the framework version that applies to a person of category
 * ("CB", "CC", "VC", "LDHD"), leader or not, in unit_id, on date (ISO):
 * the unit's own (or its nearest ancestor's) derived framework in force
 * that day, else the built-in one in force that day. 0 with ERR_NOT_FOUND
 * when none applies. */
int64_t fw_select(app_ctx_t *c, int64_t unit_id, const char *category, int is_leader,
                  const char *date, err_t *e);

/* Loads a stored version (new; framework_free()). NULL with e on error. */
framework_t *fw_load(app_ctx_t *c, int64_t version_id, err_t *e);
/* Frees the connection's cache of framework versions (app_ctx_close). A
 * stored version never changes, so fw_load keeps each one it has read
 * (parsed) for the life of the connection and hands out copies. */
void fw_cache_free(app_ctx_t *c);

/* ---- beyond the contract ------------------------------------------------- */

/* The settings of the built-in frameworks as stored now (system-wide values
 * of the hn3814.*, nd335.* and quota.* keys, else their defaults). */
void fw_builtin_settings(app_ctx_t *c, builtin_3814_settings_t *s3814,
                         builtin_335_settings_t *s335);

/* A stored version as listed. Strings are owned by the row. */
typedef struct fw_row {
	int64_t id;
	char *code;
	int version;
	char *name, *legal_basis;
	char *effective_from; /* ISO */
	char *effective_to;   /* ISO, exclusive (the day after the last); NULL: open */
	char *categories;     /* "CB,CC,VC,LDHD" */
	char *roles;          /* "leader,staff" */
	int64_t unit_id;      /* 0: system-wide */
	char *unit_code;      /* NULL when system-wide */
	int64_t parent_id;    /* 0: not derived */
	char *parent_code;
	int parent_version;
	int builtin;
	char *created_at, *created_by;
} fw_row_t;

typedef struct fw_list {
	fw_row_t *v;
	size_t n, cap;
} fw_list_t;

void fw_row_free(fw_row_t *r);
void fw_list_free(fw_list_t *l);

/* Stored versions: the latest of each code, or every version when all;
 * built-in first, then system-wide, then units' own. */
int fw_list(app_ctx_t *c, int all, fw_list_t *out, err_t *e);
/* The id of version of code (0 = the latest), or 0 with ERR_NOT_FOUND. */
int64_t fw_find(app_ctx_t *c, const char *code, int version, err_t *e);
/* The listing row of a stored version into *out. */
int fw_get(app_ctx_t *c, int64_t id, fw_row_t *out, err_t *e);
/* The stored JSON of a version (new; caller frees), NULL with e. */
char *fw_json(app_ctx_t *c, int64_t id, err_t *e);

/* Writes version of code (0 = latest) as JSON to the file path (replaced
 * whole: written to a temporary file, then renamed). */
int fw_export(app_ctx_t *c, const char *code, int version, const char *path, err_t *e);

/* Stores the framework in the JSON text (n bytes, borrowed) as a
 * system-wide framework: version 1 of a new code, or the next version of an
 * imported code ("version" in the text is ignored). Refused: invalid
 * (message naming the field), a built-in code (change settings instead), a
 * unit's code (use fw_derive). A text equal to the latest version stores
 * nothing (*created = 0) and returns that version. Requires HR; one
 * transaction; audited. Returns the id, or 0 with e. */
int64_t fw_import_text(app_ctx_t *c, const char *text, size_t n, int *created, err_t *e);
/* Same, reading the file at path (size capped before reading). */
int64_t fw_import(app_ctx_t *c, const char *path, int *created, err_t *e);

/* Stores a unit's own framework derived from version parent_version (0 =
 * latest) of parent_code. changes (n bytes, borrowed; NULL = a plain copy)
 * is JSON merged onto the parent's (docs/frameworks.md: objects merged
 * member by member; groups, bands and disqualifiers merged by "code"; a
 * group's "criteria" replaced whole) — a full framework works as well.
 * Defaults: code PARENT-UNIT, name "PARENT NAME — UNIT NAME". The result
 * must pass framework_derive_check against the parent. The parent must be
 * system-wide or belong to unit_code or one of its ancestors. A code
 * already used by this unit gets a new version (nothing stored when equal,
 * *created = 0); a code used elsewhere is ERR_CONFLICT. Requires HR; one
 * transaction; audited. Returns the new id, or 0 with e. */
int64_t fw_derive(app_ctx_t *c, const char *parent_code, int parent_version, const char *unit_code,
                  const char *changes, size_t n, int *created, err_t *e);
/* Same with the changes read from the file at path (size capped before
 * reading; NULL path = a plain copy). */
int64_t fw_derive_file(app_ctx_t *c, const char *parent_code, int parent_version,
                       const char *unit_code, const char *path, int *created, err_t *e);

#endif
