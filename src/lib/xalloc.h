/*
 * xalloc: allocation that never returns NULL.
 *
 * canbo treats running out of memory inside the process as fatal: the
 * functions below print a message and abort. Oversized *input* is refused at
 * the edge before anything is allocated; that is a normal, tested error and
 * never reaches these functions.
 */
#ifndef CANBO_XALLOC_H
#define CANBO_XALLOC_H

#include <stddef.h>

/* Returns new memory of n bytes (n == 0 gives a valid 1-byte block). */
void *xmalloc(size_t n);
/* Returns new zeroed memory for count * size bytes; aborts on overflow. */
void *xcalloc(size_t count, size_t size);
/* Resizes p (may be NULL) to n bytes; returns the new block, p is consumed. */
void *xrealloc(void *p, size_t n);
/* Returns a new copy of the NUL-terminated s; s may be NULL (returns NULL). */
char *xstrdup(const char *s);
/* Returns a new NUL-terminated copy of the first n bytes of s. */
char *xstrndup(const char *s, size_t n);
/* Grows *arr (element size elem) so that it holds at least need elements;
 * *cap is updated. Used for simple dynamic arrays. */
void xgrow(void **arr, size_t *cap, size_t need, size_t elem);

#endif
