/*
 * Tests of lib/imap (the int64 hash map the month and the year index rows
 * with) and lib/arena (strings freed together): growth past many resizes,
 * replacement, absent keys, negative and extreme keys, strings spanning
 * blocks and larger than a block.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/imap.h"

static void test_imap_grow_and_replace(void **state)
{
	(void)state;
	imap_t m;
	imap_init(&m, 0);
	int64_t v;
	assert_false(imap_get(&m, 1, &v));
	assert_int_equal(imap_get_or(&m, 1, -7), -7);
	for (int64_t k = 0; k < 100000; k++)
		imap_put(&m, k * 3 - 50000, k);
	assert_int_equal(m.n, 100000);
	for (int64_t k = 0; k < 100000; k++) {
		assert_true(imap_get(&m, k * 3 - 50000, &v));
		assert_int_equal(v, k);
	}
	assert_false(imap_get(&m, 2, NULL)); /* 2 = 3k - 50000 has no integer k */
	imap_put(&m, -50000, 42);
	assert_int_equal(m.n, 100000);
	assert_int_equal(imap_get_or(&m, -50000, 0), 42);
	imap_put(&m, INT64_MAX, 1);
	imap_put(&m, INT64_MIN + 1, 2);
	assert_int_equal(imap_get_or(&m, INT64_MAX, 0), 1);
	assert_int_equal(imap_get_or(&m, INT64_MIN + 1, 0), 2);
	imap_free(&m);
	assert_false(imap_get(&m, 0, NULL));
}

static void test_imap_sized(void **state)
{
	(void)state;
	imap_t m;
	imap_init(&m, 1000);
	size_t cap = m.cap;
	for (int64_t k = 1; k <= 1000; k++)
		imap_put(&m, k << 20, -k);
	assert_int_equal(m.cap, cap); /* sized up front: no growth */
	assert_int_equal(imap_get_or(&m, 1000 << 20, 0), -1000);
	imap_free(&m);
}

static void test_arena(void **state)
{
	(void)state;
	arena_t a;
	arena_init(&a);
	assert_null(arena_strdup(&a, NULL));
	char *keep[5000];
	char want[32];
	for (int i = 0; i < 5000; i++) {
		snprintf(want, sizeof want, "Nguyễn Văn %d", i);
		keep[i] = arena_strdup(&a, want);
	}
	for (int i = 0; i < 5000; i++) { /* strings never move */
		snprintf(want, sizeof want, "Nguyễn Văn %d", i);
		assert_string_equal(keep[i], want);
	}
	char *big = malloc(200000);
	memset(big, 'x', 199999);
	big[199999] = '\0';
	char *copy = arena_strdup(&a, big);
	assert_int_equal(strlen(copy), 199999);
	assert_string_equal(arena_strdup(&a, ""), "");
	assert_string_equal(keep[0], "Nguyễn Văn 0");
	free(big);
	arena_free(&a);
	assert_null(a.head);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_imap_grow_and_replace),
	    cmocka_unit_test(test_imap_sized),
	    cmocka_unit_test(test_arena),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
