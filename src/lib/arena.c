/*
 * arena: strings freed together. See arena.h.
 */
#include "lib/arena.h"

#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"

#define ARENA_BLOCK ((size_t)64 << 10)

struct arena_block {
	arena_block_t *next;
	char data[];
};

void arena_init(arena_t *a)
{
	a->head = NULL;
	a->used = a->cap = 0;
}

void arena_free(arena_t *a)
{
	arena_block_t *b = a->head;
	while (b) {
		arena_block_t *next = b->next;
		free(b);
		b = next;
	}
	arena_init(a);
}

char *arena_strdup(arena_t *a, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	if (!a->head || a->used + n > a->cap) {
		size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		arena_block_t *b = xmalloc(sizeof *b + cap);
		b->next = a->head;
		a->head = b;
		a->used = 0;
		a->cap = cap;
	}
	char *p = a->head->data + a->used;
	memcpy(p, s, n);
	a->used += n;
	return p;
}
