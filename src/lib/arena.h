/*
 * arena: many small strings with one owner, freed together.
 *
 * The bulk steps of the month read hundreds of thousands of rows whose text
 * (codes, names, reasons) lives exactly as long as the step: copying it into
 * an arena costs one allocation per 64 KiB block instead of one per string,
 * and freeing is one pass over the blocks. Blocks never move, so the strings
 * stay where they are until arena_free().
 */
#ifndef CANBO_ARENA_H
#define CANBO_ARENA_H

#include <stddef.h>

typedef struct arena_block arena_block_t;

typedef struct arena {
	arena_block_t *head; /* owned list of blocks, newest first */
	size_t used, cap;    /* in the newest block */
} arena_t;

/* An empty arena (no allocation until the first copy). */
void arena_init(arena_t *a);
/* Frees every block; the arena may be reused after arena_init(). */
void arena_free(arena_t *a);
/* A copy of s in the arena, or NULL for NULL (aborts on out of memory). */
char *arena_strdup(arena_t *a, const char *s);

#endif
