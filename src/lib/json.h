/*
 * json: reading and writing JSON documents — the only module that includes
 * <jansson.h> (jansson's names start with json_, ours with js_).
 *
 * Reading is strict, for data that comes from people's files: the whole
 * buffer must be one JSON value; duplicate keys, NUL characters, invalid
 * UTF-8, documents over a size cap and nesting deeper than JS_MAX_DEPTH are
 * refused with a Vietnamese message giving the line and column. The typed
 * getters then refuse a value of the wrong type, out of range, or with more
 * decimals than the field allows, and js_check_keys() refuses keys a caller
 * does not know — so a caller unpacks "strictly, unknown keys rejected"
 * (STYLE.md) and every message names the field by its path
 * ("groups[1].criteria[0].max").
 *
 * Values: a js_t is a JSON value. Values returned by js_parse*, js_new_*
 * and js_copy are new (free with js_free); values reached through an
 * object or array (js_get, js_at, js_put_object…) are borrowed from their
 * parent and live as long as it does. Strings are NUL-terminated UTF-8
 * (jansson checks it) and borrowed from their value.
 *
 * Decimal numbers ("fixed") are read and written as scaled integers:
 * with 2 decimals, 7.5 is 750 — so the caller never handles a double.
 */
#ifndef CANBO_JSON_H
#define CANBO_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

#define JS_MAX_BYTES ((size_t)1 << 20) /* default cap on a document: 1 MiB */
#define JS_MAX_DEPTH 32                /* nesting of arrays and objects */

typedef struct js js_t;

typedef enum js_type { JS_NULL, JS_BOOL, JS_NUMBER, JS_STRING, JS_ARRAY, JS_OBJECT } js_type;

/* ---- parsing ------------------------------------------------------------- */

/* Parses the n bytes at text (borrowed; a leading UTF-8 BOM is skipped) as
 * one JSON value. max_bytes 0 means JS_MAX_BYTES. Returns a new value, or
 * NULL with e set: ERR_TOO_LARGE over the cap, ERR_INVALID for anything
 * else, the message in Vietnamese with line and column. */
js_t *js_parse(const char *text, size_t n, size_t max_bytes, err_t *e);

/* Reads the file at path and parses it as js_parse() does; the size is
 * checked before anything is read. ERR_IO when the file cannot be read. */
js_t *js_parse_file(const char *path, size_t max_bytes, err_t *e);

/* Frees v and everything it holds; NULL is fine. Only for new values. */
void js_free(js_t *v);

/* A new deep copy of v. */
js_t *js_copy(const js_t *v);

/* ---- inspecting ---------------------------------------------------------- */

js_type js_typeof(const js_t *v);
/* Vietnamese name of a type ("chuỗi", "số"…), static. */
const char *js_type_label(js_type t);
/* Member key of obj, or NULL when absent or obj is not an object
 * (borrowed). */
const js_t *js_get(const js_t *obj, const char *key);
/* Number of elements of an array (0 for anything else). */
size_t js_len(const js_t *arr);
/* Element i of an array (borrowed), NULL out of range. */
const js_t *js_at(const js_t *arr, size_t i);
/* The string of a string value (borrowed), NULL for another type. */
const char *js_string(const js_t *v);

/* ---- strict getters ------------------------------------------------------ *
 * Each reads member key of the object obj, found at path where ("" for the
 * top level: used only in messages). A member that is absent or null is
 * "missing": an error when required, otherwise the getter returns 0 and
 * leaves *out untouched (so the caller presets the default). A member of
 * the wrong type or outside its range is ERR_INVALID naming the field.
 * Every getter returns 0 or an err_code. */

/* Refuses obj when it is not an object, or when it holds a key not in the
 * NULL-terminated list allowed (the message names the key and lists the
 * allowed ones). */
int js_check_keys(const js_t *obj, const char *where, const char *const *allowed, err_t *e);
/* A string; *out is borrowed from obj. */
int js_get_str(const js_t *obj, const char *where, const char *key, int required, const char **out,
               err_t *e);
/* An integer (no fraction) in [min, max]. */
int js_get_int(const js_t *obj, const char *where, const char *key, int required, int64_t min,
               int64_t max, int64_t *out, err_t *e);
/* true or false, as 1 or 0. */
int js_get_bool(const js_t *obj, const char *where, const char *key, int required, int *out,
                err_t *e);
/* A decimal number with at most decimals (0..4) digits after the point,
 * as an integer scaled by 10^decimals, in [min, max] (scaled). */
int js_get_fixed(const js_t *obj, const char *where, const char *key, int required, int decimals,
                 int64_t min, int64_t max, int64_t *out, err_t *e);
/* An array / an object; *out is borrowed from obj. */
int js_get_array(const js_t *obj, const char *where, const char *key, int required,
                 const js_t **out, err_t *e);
int js_get_object(const js_t *obj, const char *where, const char *key, int required,
                  const js_t **out, err_t *e);
/* Element i of array arr (at path where) as a string. */
int js_at_str(const js_t *arr, const char *where, size_t i, const char **out, err_t *e);

/* ---- building ------------------------------------------------------------ */

/* New empty object / array. */
js_t *js_new_object(void);
js_t *js_new_array(void);
/* Sets member key of obj (replacing any); strings are copied, NULL writes
 * null. */
void js_put_str(js_t *obj, const char *key, const char *s);
void js_put_int(js_t *obj, const char *key, int64_t v);
void js_put_bool(js_t *obj, const char *key, int v);
void js_put_null(js_t *obj, const char *key);
/* v scaled by 10^decimals: 750 with 2 decimals writes 7.5; whole values
 * are written as integers (20, not 20.0). */
void js_put_fixed(js_t *obj, const char *key, int64_t v, int decimals);
/* Sets member key to v, taking ownership of v (steals). */
void js_put(js_t *obj, const char *key, js_t *v);
/* Sets member key to a new empty object / array and returns it
 * (borrowed from obj). */
js_t *js_put_object(js_t *obj, const char *key);
js_t *js_put_array(js_t *obj, const char *key);
/* Removes member key (nothing when absent). */
void js_del(js_t *obj, const char *key);
/* Appends to an array: a new empty object (returned, borrowed), a string. */
js_t *js_push_object(js_t *arr);
void js_push_str(js_t *arr, const char *s);

/* Returns v as new JSON text (caller frees): keys in insertion order;
 * pretty = indented by 2 with a final newline, else compact. */
char *js_dump(const js_t *v, int pretty);

/* Merges patch into target (RFC 7396 JSON Merge Patch): members of an
 * object patch are merged recursively, null removes a member, anything
 * else replaces — except that an array of objects which all have a string
 * member id_key, patched onto such an array, is merged element by element
 * matched on id_key (a new id is appended), unless its member name is in
 * the NULL-terminated list replace (those arrays are replaced whole).
 * target is modified in place; patch is borrowed. Returns target, or a new
 * value when target had to be replaced (then target was freed): use as
 * `t = js_merge(t, p, "code", keep)`. */
js_t *js_merge(js_t *target, const js_t *patch, const char *id_key, const char *const *replace);

#endif
