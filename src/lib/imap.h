/*
 * imap: a hash map from int64 keys to int64 values (open addressing,
 * linear probing, power-of-two table, grows at 50% load).
 *
 * Used by the month and the year to index tens or hundreds of thousands of
 * rows by id in memory (people, evaluations, units, framework choices)
 * without one query per row. Any key except INT64_MIN may be stored.
 */
#ifndef CANBO_IMAP_H
#define CANBO_IMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct imap {
	int64_t *keys; /* owned; INT64_MIN marks an empty slot */
	int64_t *vals; /* owned */
	size_t cap;    /* slots, a power of two (0 before the first put) */
	size_t n;      /* keys stored */
} imap_t;

/* An empty map; expect (may be 0) sizes the table for that many keys. */
void imap_init(imap_t *m, size_t expect);
/* Frees the table; the map may be reused after imap_init(). */
void imap_free(imap_t *m);
/* Stores key → val, replacing an existing value. */
void imap_put(imap_t *m, int64_t key, int64_t val);
/* 1 and *val set when key is present (val may be NULL), else 0. */
int imap_get(const imap_t *m, int64_t key, int64_t *val);
/* The value for key, or def when absent. */
int64_t imap_get_or(const imap_t *m, int64_t key, int64_t def);

#endif
