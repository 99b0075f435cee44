/*
 * json: the jansson wrapper. See json.h.
 *
 * A js_t * is a json_t * seen through an opaque type, so nothing outside
 * this file handles jansson's reference counts: new values own one
 * reference (js_free drops it), borrowed ones own none. Out-of-memory from
 * jansson aborts, as xalloc does everywhere else.
 */
#include "lib/json.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/buf.h"
#include "lib/xalloc.h"

#define J(v)  ((json_t *)(v))
#define CJ(v) ((const json_t *)(v))

static json_t *must(json_t *v)
{
	if (!v) {
		fputs("canbo: hết bộ nhớ (JSON)\n", stderr);
		abort();
	}
	return v;
}

/* ---- parsing ------------------------------------------------------------- */

static const char *error_text(enum json_error_code c)
{
	switch (c) {
	case json_error_invalid_utf8:
		return "văn bản không phải UTF-8 hợp lệ";
	case json_error_premature_end_of_input:
		return "tệp kết thúc khi giá trị JSON chưa đóng";
	case json_error_end_of_input_expected:
		return "có nội dung thừa sau giá trị JSON";
	case json_error_invalid_syntax:
		return "sai cú pháp JSON";
	case json_error_null_character:
	case json_error_null_byte_in_key:
		return "có ký tự NUL (\\u0000)";
	case json_error_duplicate_key:
		return "một khóa xuất hiện hai lần trong cùng một đối tượng";
	case json_error_numeric_overflow:
		return "số quá lớn";
	case json_error_stack_overflow:
		return "lồng nhau quá sâu";
	default:
		return "không đọc được giá trị JSON";
	}
}

/* Line and column (1-based, in characters) of byte offset off. */
static void line_col(const char *s, size_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (s[i] == '\n')
			(*line)++, *col = 1;
		else if (((unsigned char)s[i] & 0xC0) != 0x80)
			(*col)++;
	}
}

/* Refuses nesting deeper than JS_MAX_DEPTH before jansson builds anything
 * (its own limit is 2048 levels). Brackets inside strings do not count. */
static int check_depth(const char *s, size_t n, err_t *e)
{
	int depth = 0, in_str = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (in_str) {
			if (ch == '\\')
				i++;
			else if (ch == '"')
				in_str = 0;
		} else if (ch == '"') {
			in_str = 1;
		} else if (ch == '[' || ch == '{') {
			if (++depth > JS_MAX_DEPTH) {
				int line, col;
				line_col(s, i, &line, &col);
				return err_set(
				    e, ERR_INVALID,
				    "Tệp JSON không hợp lệ (dòng %d, cột %d): lồng nhau quá %d "
				    "mức",
				    line, col, JS_MAX_DEPTH);
			}
		} else if (ch == ']' || ch == '}') {
			depth--;
		}
	}
	return 0;
}

js_t *js_parse(const char *text, size_t n, size_t max_bytes, err_t *e)
{
	if (!max_bytes)
		max_bytes = JS_MAX_BYTES;
	if (n > max_bytes) {
		err_set(e, ERR_TOO_LARGE, "Tệp JSON quá lớn (%zu byte, tối đa %zu byte)", n,
		        max_bytes);
		return NULL;
	}
	if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		text += 3, n -= 3;
	if (check_depth(text, n, e))
		return NULL;
	json_error_t je;
	json_t *v = json_loadb(text, n, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
	if (!v) {
		enum json_error_code c = json_error_code(&je);
		int line = je.line, col = je.column;
		if (je.position >= 0 && (size_t)je.position <= n)
			line_col(text, (size_t)je.position, &line, &col);
		if (c == json_error_duplicate_key) {
			/* jansson stops right after the repeated key: name it. */
			size_t end = je.position > 0 ? (size_t)je.position : 0;
			while (end > 0 && text[end - 1] != '"')
				end--;
			size_t start = end > 0 ? end - 1 : 0;
			while (start > 0 &&
			       !(text[start - 1] == '"' && (start < 2 || text[start - 2] != '\\')))
				start--;
			if (end > start + 1 && end - start < 80)
				err_set(e, ERR_INVALID,
				        "Tệp JSON không hợp lệ (dòng %d, cột %d): khóa «%.*s» xuất "
				        "hiện "
				        "hai lần trong cùng một đối tượng",
				        line, col, (int)(end - start - 1), text + start);
			else
				err_set(e, ERR_INVALID,
				        "Tệp JSON không hợp lệ (dòng %d, cột %d): %s", line, col,
				        error_text(c));
		} else {
			err_set(e, ERR_INVALID, "Tệp JSON không hợp lệ (dòng %d, cột %d): %s", line,
			        col, error_text(c));
		}
		return NULL;
	}
	return (js_t *)v;
}

js_t *js_parse_file(const char *path, size_t max_bytes, err_t *e)
{
	if (!max_bytes)
		max_bytes = JS_MAX_BYTES;
	FILE *f = fopen(path, "rb");
	if (!f) {
		err_set(e, ERR_IO, "Không mở được tệp «%s»: %s", path,
		        errno == ENOENT   ? "không có tệp này"
		        : errno == EACCES ? "không có quyền đọc"
		                          : "lỗi đọc tệp");
		return NULL;
	}
	struct stat st;
	js_t *v = NULL;
	char *p = NULL;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		err_set(e, ERR_IO, "«%s» không phải là một tệp", path);
		goto out;
	}
	if ((uintmax_t)st.st_size > max_bytes) {
		err_set(e, ERR_TOO_LARGE, "Tệp «%s» quá lớn (%jd byte, tối đa %zu byte)", path,
		        (intmax_t)st.st_size, max_bytes);
		goto out;
	}
	size_t n = (size_t)st.st_size;
	p = xmalloc(n + 1);
	if (fread(p, 1, n, f) != n) {
		err_set(e, ERR_IO, "Không đọc được tệp «%s»", path);
		goto out;
	}
	v = js_parse(p, n, max_bytes, e);
out:
	free(p);
	fclose(f);
	return v;
}

void js_free(js_t *v)
{
	if (v)
		json_decref(J(v));
}

js_t *js_copy(const js_t *v)
{
	return (js_t *)must(json_deep_copy(CJ(v)));
}

/* ---- inspecting ---------------------------------------------------------- */

js_type js_typeof(const js_t *v)
{
	switch (json_typeof(CJ(v))) {
	case JSON_OBJECT:
		return JS_OBJECT;
	case JSON_ARRAY:
		return JS_ARRAY;
	case JSON_STRING:
		return JS_STRING;
	case JSON_INTEGER:
	case JSON_REAL:
		return JS_NUMBER;
	case JSON_TRUE:
	case JSON_FALSE:
		return JS_BOOL;
	default:
		return JS_NULL;
	}
}

const char *js_type_label(js_type t)
{
	static const char *labels[] = {"null", "true/false", "số", "chuỗi", "mảng", "đối tượng"};
	return (unsigned)t < sizeof labels / sizeof *labels ? labels[t] : "?";
}

const js_t *js_get(const js_t *obj, const char *key)
{
	if (!obj || !json_is_object(CJ(obj)))
		return NULL;
	return (const js_t *)json_object_get(CJ(obj), key);
}

size_t js_len(const js_t *arr)
{
	return arr && json_is_array(CJ(arr)) ? json_array_size(CJ(arr)) : 0;
}

const js_t *js_at(const js_t *arr, size_t i)
{
	if (!arr || !json_is_array(CJ(arr)))
		return NULL;
	return (const js_t *)json_array_get(CJ(arr), i);
}

const char *js_string(const js_t *v)
{
	return v && json_is_string(CJ(v)) ? json_string_value(CJ(v)) : NULL;
}

/* ---- strict getters ------------------------------------------------------ */

/* "where.key" (or "key" at the top level) into out. */
static const char *field(char *out, size_t n, const char *where, const char *key)
{
	if (where && *where)
		snprintf(out, n, "%s.%s", where, key);
	else
		snprintf(out, n, "%s", key);
	return out;
}

/* The member, or NULL when missing; sets *rc to the error when required. */
static const json_t *member(const js_t *obj, const char *where, const char *key, int required,
                            int *rc, err_t *e)
{
	char f[256];
	*rc = 0;
	const json_t *v = obj ? json_object_get(CJ(obj), key) : NULL;
	if (v && json_is_null(v))
		v = NULL;
	if (!v && required)
		*rc = err_set(e, ERR_INVALID, "Thiếu trường «%s»", field(f, sizeof f, where, key));
	return v;
}

static int wrong_type(const char *where, const char *key, const char *want, const json_t *v,
                      err_t *e)
{
	char f[256];
	return err_set(e, ERR_INVALID, "Trường «%s» phải là %s (đang là %s)",
	               field(f, sizeof f, where, key), want,
	               js_type_label(js_typeof((const js_t *)v)));
}

int js_check_keys(const js_t *obj, const char *where, const char *const *allowed, err_t *e)
{
	if (!obj || !json_is_object(CJ(obj)))
		return err_set(e, ERR_INVALID, "«%s» phải là một đối tượng JSON ({…})",
		               where && *where ? where : "Tệp");
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)CJ(obj), key, v)
	{
		size_t i = 0;
		while (allowed[i] && strcmp(allowed[i], key) != 0)
			i++;
		if (allowed[i])
			continue;
		buf_t b;
		buf_init(&b, 4096);
		for (i = 0; allowed[i]; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", allowed[i]);
		char f[256];
		int rc =
		    err_set(e, ERR_INVALID,
		            "Trường «%s» không hợp lệ (không có trong định dạng); các trường được "
		            "dùng ở đây: %s",
		            field(f, sizeof f, where, key), buf_cstr(&b));
		buf_free(&b);
		return rc;
	}
	return 0;
}

int js_get_str(const js_t *obj, const char *where, const char *key, int required, const char **out,
               err_t *e)
{
	int rc;
	const json_t *v = member(obj, where, key, required, &rc, e);
	if (!v)
		return rc;
	if (!json_is_string(v))
		return wrong_type(where, key, "chuỗi", v, e);
	*out = json_string_value(v);
	return 0;
}

int js_get_int(const js_t *obj, const char *where, const char *key, int required, int64_t min,
               int64_t max, int64_t *out, err_t *e)
{
	int rc;
	char f[256];
	const json_t *v = member(obj, where, key, required, &rc, e);
	if (!v)
		return rc;
	if (!json_is_integer(v))
		return wrong_type(where, key, "số nguyên", v, e);
	int64_t x = (int64_t)json_integer_value(v);
	if (x < min || x > max)
		return err_set(e, ERR_INVALID,
		               "Trường «%s» phải từ %" PRId64 " đến %" PRId64 " (đang là %" PRId64
		               ")",
		               field(f, sizeof f, where, key), min, max, x);
	*out = x;
	return 0;
}

int js_get_bool(const js_t *obj, const char *where, const char *key, int required, int *out,
                err_t *e)
{
	int rc;
	const json_t *v = member(obj, where, key, required, &rc, e);
	if (!v)
		return rc;
	if (!json_is_boolean(v))
		return wrong_type(where, key, "true hoặc false", v, e);
	*out = json_is_true(v);
	return 0;
}

static int64_t pow10i(int d)
{
	int64_t p = 1;
	while (d-- > 0)
		p *= 10;
	return p;
}

/* Writes a scaled value as a decimal with a point ("7.5", "-0.25"). */
static void fmt_fixed(char *out, size_t n, int64_t v, int decimals)
{
	int64_t p = pow10i(decimals);
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	uint64_t whole = a / (uint64_t)p, frac = a % (uint64_t)p;
	if (!frac) {
		snprintf(out, n, "%s%" PRIu64, v < 0 ? "-" : "", whole);
		return;
	}
	int d = decimals;
	while (frac % 10 == 0)
		frac /= 10, d--;
	snprintf(out, n, "%s%" PRIu64 ".%0*" PRIu64, v < 0 ? "-" : "", whole, d, frac);
}

int js_get_fixed(const js_t *obj, const char *where, const char *key, int required, int decimals,
                 int64_t min, int64_t max, int64_t *out, err_t *e)
{
	int rc;
	char f[256];
	const json_t *v = member(obj, where, key, required, &rc, e);
	if (!v)
		return rc;
	if (!json_is_number(v))
		return wrong_type(where, key, "số", v, e);
	int64_t scale = pow10i(decimals), x;
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		if (i > INT64_MAX / scale || i < INT64_MIN / scale)
			goto range;
		x = (int64_t)i * scale;
	} else {
		double d = json_real_value(v) * (double)scale;
		if (!isfinite(d) || d > 9e15 || d < -9e15)
			goto range;
		double r = nearbyint(d);
		if (fabs(d - r) > 1e-6)
			return err_set(e, ERR_INVALID,
			               "Trường «%s» chỉ được có tối đa %d chữ số thập phân",
			               field(f, sizeof f, where, key), decimals);
		x = (int64_t)r;
	}
	if (x < min || x > max)
		goto range;
	*out = x;
	return 0;
range : {
	char a[48], b[48];
	fmt_fixed(a, sizeof a, min, decimals);
	fmt_fixed(b, sizeof b, max, decimals);
	return err_set(e, ERR_INVALID, "Trường «%s» phải từ %s đến %s",
	               field(f, sizeof f, where, key), a, b);
}
}

int js_get_array(const js_t *obj, const char *where, const char *key, int required,
                 const js_t **out, err_t *e)
{
	int rc;
	const json_t *v = member(obj, where, key, required, &rc, e);
	if (!v)
		return rc;
	if (!json_is_array(v))
		return wrong_type(where, key, "mảng ([…])", v, e);
	*out = (const js_t *)v;
	return 0;
}

int js_get_object(const js_t *obj, const char *where, const char *key, int required,
                  const js_t **out, err_t *e)
{
	int rc;
	const json_t *v = member(obj, where, key, required, &rc, e);
	if (!v)
		return rc;
	if (!json_is_object(v))
		return wrong_type(where, key, "đối tượng ({…})", v, e);
	*out = (const js_t *)v;
	return 0;
}

int js_at_str(const js_t *arr, const char *where, size_t i, const char **out, err_t *e)
{
	const json_t *v = json_array_get(CJ(arr), i);
	if (!v || !json_is_string(v)) {
		char k[32];
		snprintf(k, sizeof k, "[%zu]", i);
		return err_set(e, ERR_INVALID, "Phần tử «%s%s» phải là chuỗi (đang là %s)", where,
		               k, v ? js_type_label(js_typeof((const js_t *)v)) : "không có");
	}
	*out = json_string_value(v);
	return 0;
}

/* ---- building ------------------------------------------------------------ */

js_t *js_new_object(void)
{
	return (js_t *)must(json_object());
}

js_t *js_new_array(void)
{
	return (js_t *)must(json_array());
}

static void set_new(js_t *obj, const char *key, json_t *v)
{
	if (json_object_set_new(J(obj), key, must(v)) != 0) {
		fputs("canbo: không ghi được khóa JSON\n", stderr);
		abort();
	}
}

void js_put_str(js_t *obj, const char *key, const char *s)
{
	set_new(obj, key, s ? json_string(s) : json_null());
}

void js_put_int(js_t *obj, const char *key, int64_t v)
{
	set_new(obj, key, json_integer((json_int_t)v));
}

void js_put_bool(js_t *obj, const char *key, int v)
{
	set_new(obj, key, json_boolean(v));
}

void js_put_null(js_t *obj, const char *key)
{
	set_new(obj, key, json_null());
}

void js_put_fixed(js_t *obj, const char *key, int64_t v, int decimals)
{
	int64_t scale = pow10i(decimals);
	if (v % scale == 0)
		set_new(obj, key, json_integer((json_int_t)(v / scale)));
	else
		set_new(obj, key, json_real((double)v / (double)scale));
}

void js_put(js_t *obj, const char *key, js_t *v)
{
	set_new(obj, key, J(v));
}

js_t *js_put_object(js_t *obj, const char *key)
{
	json_t *v = must(json_object());
	set_new(obj, key, v);
	return (js_t *)v;
}

js_t *js_put_array(js_t *obj, const char *key)
{
	json_t *v = must(json_array());
	set_new(obj, key, v);
	return (js_t *)v;
}

void js_del(js_t *obj, const char *key)
{
	json_object_del(J(obj), key);
}

js_t *js_push_object(js_t *arr)
{
	json_t *v = must(json_object());
	json_array_append_new(J(arr), v);
	return (js_t *)v;
}

void js_push_str(js_t *arr, const char *s)
{
	json_array_append_new(J(arr), must(s ? json_string(s) : json_null()));
}

char *js_dump(const js_t *v, int pretty)
{
	size_t flags = JSON_ENCODE_ANY | JSON_REAL_PRECISION(15);
	flags |= pretty ? JSON_INDENT(2) : JSON_COMPACT;
	char *s = json_dumps(CJ(v), flags);
	if (!s) {
		fputs("canbo: hết bộ nhớ (JSON)\n", stderr);
		abort();
	}
	buf_t b;
	buf_init(&b, 0);
	buf_puts(&b, s);
	if (pretty)
		buf_putc(&b, '\n');
	free(s);
	return buf_take(&b);
}

/* ---- merge --------------------------------------------------------------- */

static int listed(const char *const *list, const char *s)
{
	for (size_t i = 0; list && list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

/* 1 when every element of arr is an object with a string member id. */
static int keyed_array(const json_t *arr, const char *id)
{
	if (!json_is_array(arr))
		return 0;
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x)
	{
		if (!json_is_object(x) || !json_is_string(json_object_get(x, id)))
			return 0;
	}
	return 1;
}

static void merge_object(json_t *t, const json_t *p, const char *id, const char *const *replace);

/* Merges array patch p into array t element by element on member id. */
static void merge_keyed(json_t *t, const json_t *p, const char *id, const char *const *replace)
{
	size_t i;
	json_t *x;
	json_array_foreach(p, i, x)
	{
		const char *code = json_string_value(json_object_get(x, id));
		json_t *match = NULL;
		size_t j;
		json_t *y;
		json_array_foreach(t, j, y)
		{
			if (strcmp(json_string_value(json_object_get(y, id)), code) == 0) {
				match = y;
				break;
			}
		}
		if (match)
			merge_object(match, x, id, replace);
		else
			json_array_append_new(t, must(json_deep_copy(x)));
	}
}

static void merge_object(json_t *t, const json_t *p, const char *id, const char *const *replace)
{
	const char *key;
	json_t *pv;
	json_object_foreach((json_t *)p, key, pv)
	{
		json_t *tv = json_object_get(t, key);
		if (json_is_null(pv)) {
			json_object_del(t, key);
		} else if (json_is_object(pv) && tv && json_is_object(tv)) {
			merge_object(tv, pv, id, replace);
		} else if (!listed(replace, key) && tv && keyed_array(tv, id) &&
		           keyed_array(pv, id)) {
			merge_keyed(tv, pv, id, replace);
		} else if (json_is_object(pv)) {
			json_t *n = must(json_object());
			merge_object(n, pv, id, replace);
			json_object_set_new(t, key, n);
		} else {
			json_object_set_new(t, key, must(json_deep_copy(pv)));
		}
	}
}

js_t *js_merge(js_t *target, const js_t *patch, const char *id_key, const char *const *replace)
{
	if (!json_is_object(CJ(patch))) {
		js_free(target);
		return js_copy(patch);
	}
	if (!target || !json_is_object(J(target))) {
		js_free(target);
		target = js_new_object();
	}
	merge_object(J(target), CJ(patch), id_key, replace);
	return target;
}
