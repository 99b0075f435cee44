/*
 * imap: int64 → int64 hash map. See imap.h.
 */
#include "lib/imap.h"

#include <stdlib.h>

#include "lib/xalloc.h"

#define EMPTY INT64_MIN

static size_t slot(int64_t key, size_t cap)
{
	/* a 64-bit mix (splitmix64's finaliser) so that sequential ids spread */
	uint64_t x = (uint64_t)key;
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return (size_t)x & (cap - 1);
}

static void alloc_table(imap_t *m, size_t cap)
{
	m->cap = cap;
	m->keys = xmalloc(cap * sizeof *m->keys);
	m->vals = xmalloc(cap * sizeof *m->vals);
	for (size_t i = 0; i < cap; i++)
		m->keys[i] = EMPTY;
}

void imap_init(imap_t *m, size_t expect)
{
	m->keys = m->vals = NULL;
	m->cap = m->n = 0;
	if (expect) {
		size_t cap = 16;
		while (cap < expect * 2)
			cap *= 2;
		alloc_table(m, cap);
	}
}

void imap_free(imap_t *m)
{
	free(m->keys);
	free(m->vals);
	m->keys = m->vals = NULL;
	m->cap = m->n = 0;
}

static void grow(imap_t *m)
{
	int64_t *ok = m->keys, *ov = m->vals;
	size_t ocap = m->cap;
	alloc_table(m, ocap ? ocap * 2 : 16);
	m->n = 0;
	for (size_t i = 0; i < ocap; i++)
		if (ok[i] != EMPTY)
			imap_put(m, ok[i], ov[i]);
	free(ok);
	free(ov);
}

void imap_put(imap_t *m, int64_t key, int64_t val)
{
	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	size_t i = slot(key, m->cap);
	while (m->keys[i] != EMPTY && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	if (m->keys[i] == EMPTY) {
		m->keys[i] = key;
		m->n++;
	}
	m->vals[i] = val;
}

int imap_get(const imap_t *m, int64_t key, int64_t *val)
{
	if (!m->cap)
		return 0;
	size_t i = slot(key, m->cap);
	while (m->keys[i] != EMPTY) {
		if (m->keys[i] == key) {
			if (val)
				*val = m->vals[i];
			return 1;
		}
		i = (i + 1) & (m->cap - 1);
	}
	return 0;
}

int64_t imap_get_or(const imap_t *m, int64_t key, int64_t def)
{
	int64_t v;
	return imap_get(m, key, &v) ? v : def;
}
