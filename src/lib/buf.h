/*
 * buf: a bounded, growable byte buffer (after curl's dynbuf).
 *
 * Every buffer has a hard maximum size. Appending past it does not grow the
 * buffer: the buffer remembers the failure (b->err = 1), ignores further
 * appends, and the caller checks once at the end. The content is always
 * NUL-terminated when len > 0 or after buf_cstr().
 */
#ifndef CANBO_BUF_H
#define CANBO_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
	char *p;    /* owned; NULL until the first append */
	size_t len; /* bytes used, excluding the terminating NUL */
	size_t cap; /* bytes allocated */
	size_t max; /* hard limit on len */
	int err;    /* 1 once an append was refused for exceeding max */
} buf_t;

#define BUF_MAX_DEFAULT ((size_t)64 << 20) /* 64 MiB */

/* Prepares an empty buffer that may hold at most max bytes. */
void buf_init(buf_t *b, size_t max);
/* Frees the content; the buffer may be reused after buf_init(). */
void buf_free(buf_t *b);
/* Empties the buffer without freeing its memory; clears err. */
void buf_reset(buf_t *b);
/* Appends n bytes; returns 0, or -1 (and sets err) past the maximum. */
int buf_add(buf_t *b, const void *data, size_t n);
/* Appends a NUL-terminated string. */
int buf_puts(buf_t *b, const char *s);
/* Appends one byte. */
int buf_putc(buf_t *b, char c);
/* Appends formatted text (vsnprintf rules). */
int buf_printf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(buf_t *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Returns the content as a NUL-terminated string (borrowed; "" when empty). */
const char *buf_cstr(buf_t *b);
/* Returns the content and gives up ownership (new; caller frees); the buffer
 * is left empty. Never NULL. */
char *buf_take(buf_t *b);

#endif
