/*
 * jw: minimal JSON writer. See jw.h.
 */
#include "lib/jw.h"

#include <inttypes.h>
#include <stdio.h>

void jw_init(jw_t *w, buf_t *b)
{
	w->b = b;
	w->depth = 0;
	w->count[0] = 0;
	w->after_key = 0;
}

/* Writes the separator a new value needs at the current depth. */
static void sep(jw_t *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->count[w->depth]++)
		buf_putc(w->b, ',');
}

static void open(jw_t *w, char c)
{
	sep(w);
	buf_putc(w->b, c);
	if (w->depth + 1 < JW_MAX_DEPTH)
		w->depth++;
	w->count[w->depth] = 0;
}

static void close_(jw_t *w, char c)
{
	buf_putc(w->b, c);
	if (w->depth > 0)
		w->depth--;
}

void jw_obj(jw_t *w)
{
	open(w, '{');
}

void jw_obj_end(jw_t *w)
{
	close_(w, '}');
}

void jw_arr(jw_t *w)
{
	open(w, '[');
}

void jw_arr_end(jw_t *w)
{
	close_(w, ']');
}

void jw_quote(buf_t *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	buf_putc(b, '"');
	const unsigned char *p = (const unsigned char *)s, *run = p;
	for (;; p++) {
		unsigned char c = *p;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		/* copy the run of bytes that need no escape at once */
		if (p > run)
			buf_add(b, run, (size_t)(p - run));
		if (!c)
			break;
		switch (c) {
		case '"':
			buf_puts(b, "\\\"");
			break;
		case '\\':
			buf_puts(b, "\\\\");
			break;
		case '\n':
			buf_puts(b, "\\n");
			break;
		case '\r':
			buf_puts(b, "\\r");
			break;
		case '\t':
			buf_puts(b, "\\t");
			break;
		default: {
			char u[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
			buf_puts(b, u);
		}
		}
		run = p + 1;
	}
	buf_putc(b, '"');
}

void jw_key(jw_t *w, const char *k)
{
	sep(w);
	jw_quote(w->b, k);
	buf_putc(w->b, ':');
	w->after_key = 1;
}

void jw_str(jw_t *w, const char *s)
{
	if (!s) {
		jw_null(w);
		return;
	}
	sep(w);
	jw_quote(w->b, s);
}

void jw_int(jw_t *w, int64_t v)
{
	sep(w);
	buf_printf(w->b, "%" PRId64, v);
}

void jw_bool(jw_t *w, int v)
{
	sep(w);
	buf_puts(w->b, v ? "true" : "false");
}

void jw_null(jw_t *w)
{
	sep(w);
	buf_puts(w->b, "null");
}

void jw_kstr(jw_t *w, const char *k, const char *s)
{
	jw_key(w, k);
	jw_str(w, s);
}

void jw_kint(jw_t *w, const char *k, int64_t v)
{
	jw_key(w, k);
	jw_int(w, v);
}

void jw_raw(jw_t *w, const char *json)
{
	sep(w);
	buf_puts(w->b, json);
}
