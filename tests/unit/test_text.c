/*
 * Unit tests for src/lib/text: UTF-8 checking, cleaning, folding for
 * search, name parts and Vietnamese collation (DOMAIN.md §7: NFC storage,
 * search without diacritics with đ → d, lists ordered by given name, then
 * middle name, then surname, in the alphabet a ă â b c d đ e ê …).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h> /* only as an oracle for the fold tables */

#include "lib/text.h"

/* "Nguyễn" written decomposed: e + circumflex (U+0302) + tilde (U+0303). */
#define NGUYEN_NFD "Nguye\xCC\x82\xCC\x83n"
/* "Đức" with the ư and the acute decomposed: u + horn (U+031B) + acute. */
#define DUC_NFD                                                                                    \
	"\xC4\x90u\xCC\x9B\xCC\x81"                                                                \
	"c"

static void check_bad(const char *s, size_t n, size_t want)
{
	size_t off = 12345;
	assert_int_equal(text_utf8_check(s, n, &off), -1);
	assert_int_equal(off, want);
}

static void test_utf8_check(void **state)
{
	(void)state;
	const char *vn = "Nguyễn Văn Đức — Ủy ban nhân dân 𝕏";
	assert_int_equal(text_utf8_check("", 0, NULL), 0);
	assert_int_equal(text_utf8_check(vn, strlen(vn), NULL), 0);
	assert_int_equal(text_utf8_check("\xF4\x8F\xBF\xBF", 4, NULL), 0); /* U+10FFFF */
	assert_int_equal(text_utf8_check("\xEF\xBF\xBF", 3, NULL), 0);     /* U+FFFF */
	assert_int_equal(text_utf8_check("\xED\x9F\xBF", 3, NULL), 0);     /* U+D7FF */

	check_bad("\xC0\x80", 2, 0);               /* overlong NUL */
	check_bad("a\xC1\xBF", 3, 1);              /* overlong 2-byte */
	check_bad("ab\xE0\x9F\xBF", 5, 2);         /* overlong 3-byte */
	check_bad("\xF0\x8F\xBF\xBF", 4, 0);       /* overlong 4-byte */
	check_bad("x\xED\xA0\x80", 4, 1);          /* surrogate U+D800 */
	check_bad("x\xED\xBF\xBF", 4, 1);          /* surrogate U+DFFF */
	check_bad("\xF4\x90\x80\x80", 4, 0);       /* U+110000 */
	check_bad("\xF5\x80\x80\x80", 4, 0);       /* lead byte past F4 */
	check_bad("ok\x80", 3, 2);                 /* lone continuation */
	check_bad("Vi\xE1\xBB", 4, 2);             /* truncated at the end */
	check_bad("Vi\xE1\xBBt", 5, 2);            /* truncated in the middle */
	check_bad("abc\0def", 7, 3);               /* NUL byte */
	check_bad("0123456789abcdef\xFF", 17, 16); /* after the 8-byte fast path */
	check_bad("0123456789abcde\0", 16, 15);    /* NUL inside a fast-path word */
	/* n is honoured: the bad byte beyond n is not looked at. */
	assert_int_equal(text_utf8_check("abc\xFF", 3, NULL), 0);
}

static void test_clean(void **state)
{
	(void)state;
	err_t e;
	char *s;
	const char *in = " \t Nguyễn \t Văn\xC2\xA0\xC2\xA0 An\xC2\xA0 ";

	s = text_clean(in, strlen(in), &e);
	assert_non_null(s);
	assert_string_equal(s, "Nguyễn Văn An");
	free(s);

	/* NFD in, NFC out. */
	s = text_clean(NGUYEN_NFD " " DUC_NFD, strlen(NGUYEN_NFD " " DUC_NFD), &e);
	assert_non_null(s);
	assert_string_equal(s, "Nguyễn Đức");
	free(s);

	/* Other Unicode spaces (em space, ideographic space) collapse too. */
	s = text_clean("a\xE2\x80\x83\xE3\x80\x80"
	               "b",
	               8, &e);
	assert_non_null(s);
	assert_string_equal(s, "a b");
	free(s);

	s = text_clean("   ", 3, &e);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	s = text_clean("", 0, &e);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);

	/* Only n bytes are read. */
	s = text_clean("Hà Nội, Việt Nam", strlen("Hà Nội"), &e);
	assert_non_null(s);
	assert_string_equal(s, "Hà Nội");
	free(s);
}

static void test_clean_errors(void **state)
{
	(void)state;
	err_t e;

	err_clear(&e);
	assert_null(text_clean("Tr\xE1\xBA", 5, &e));
	assert_int_equal(e.code, ERR_INVALID);
	assert_string_equal(e.msg, "Dữ liệu không phải UTF-8 hợp lệ (byte thứ 3)");

	err_clear(&e);
	assert_null(text_clean("dòng 1\ndòng 2", strlen("dòng 1\ndòng 2"), &e));
	assert_int_equal(e.code, ERR_INVALID);
	assert_non_null(strstr(e.msg, "ký tự điều khiển"));
	assert_non_null(strstr(e.msg, "U+000A"));

	err_clear(&e);
	assert_null(text_clean("a\0b", 3, &e));
	assert_int_equal(e.code, ERR_INVALID);
	assert_non_null(strstr(e.msg, "U+0000"));

	err_clear(&e);
	assert_null(text_clean("x\x7F", 2, &e)); /* DEL */
	assert_int_equal(e.code, ERR_INVALID);
	err_clear(&e);
	assert_null(text_clean("x\xC2\x85", 3, &e)); /* C1 NEL */
	assert_int_equal(e.code, ERR_INVALID);
	assert_non_null(strstr(e.msg, "U+0085"));

	/* NULL err_t is allowed. */
	assert_null(text_clean("\xFF", 1, NULL));
}

static void test_nfc(void **state)
{
	(void)state;
	err_t e;
	char *s;
	const char *in = "  " NGUYEN_NFD "\n\tdòng hai  ";

	s = text_nfc(in, strlen(in), &e);
	assert_non_null(s);
	assert_string_equal(s, "  Nguyễn\n\tdòng hai  ");
	free(s);

	s = text_nfc("plain ascii ", 12, &e);
	assert_non_null(s);
	assert_string_equal(s, "plain ascii ");
	free(s);

	err_clear(&e);
	assert_null(text_nfc("ab\xED\xA0\x80", 5, &e));
	assert_int_equal(e.code, ERR_INVALID);
	assert_string_equal(e.msg, "Dữ liệu không phải UTF-8 hợp lệ (byte thứ 3)");
}

static void check_fold(const char *in, const char *want)
{
	char *s = text_fold(in);
	assert_non_null(s);
	assert_string_equal(s, want);
	free(s);
}

static void test_fold(void **state)
{
	(void)state;
	check_fold("Nguyễn Văn Đức", "nguyen van duc");
	check_fold(NGUYEN_NFD " Văn " DUC_NFD, "nguyen van duc");
	check_fold("  ĐẶNG   thị\tHƯƠNG\xC2\xA0 ", "dang thi huong");
	check_fold("Ư Ơ ư ơ Ă Â Ê Ô ă â ê ô đ Đ", "u o u o a a e o a a e o d d");
	check_fold("Hoàng Thị Thuỷ Tiên", "hoang thi thuy tien");
	check_fold("Phạm Quỳnh Anh", "pham quynh anh");
	check_fold("Ủy ban nhân dân tỉnh Bà Rịa – Vũng Tàu",
	           "uy ban nhan dan tinh ba ria – vung tau");
	check_fold("ÐÕ Văn Ðức", "do van duc");   /* Icelandic Ð from legacy encodings */
	check_fold("Lê\xE2\x80\x8BVăn", "levan"); /* zero width space dropped */
	check_fold("ＮＧＵＹＥＮ", "nguyen");     /* full-width forms */
	check_fold("", "");
	check_fold("   ", "");
	check_fold("ABC-123 x", "abc-123 x");
	check_fold("Tr\xE1\xBA", "");    /* invalid: empty key */
	check_fold("a\xED\xA0\x80", ""); /* surrogate: empty key */
}

/* text.c folds the Latin letters Vietnamese uses from precomputed tables;
 * every code point of those ranges must fold exactly as utf8proc does it
 * (đ Đ ð Ð to d apart). */
static void test_fold_tables(void **state)
{
	(void)state;
	static const int ranges[][2] = {{0xC0, 0x24F}, {0x1E00, 0x1EFF}};
	const utf8proc_option_t opts = UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
	                               UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE;

	for (size_t r = 0; r < 2; r++)
		for (int cp = ranges[r][0]; cp <= ranges[r][1]; cp++) {
			utf8proc_uint8_t in[8], *want = NULL;
			utf8proc_ssize_t n = utf8proc_encode_char(cp, in);
			char *got;

			in[n] = 0;
			if (cp == 0xD0 || cp == 0xF0 || cp == 0x110 || cp == 0x111)
				want = (utf8proc_uint8_t *)strdup("d");
			else
				assert_true(utf8proc_map(in, 0, &want, opts) >= 0);
			got = text_fold((const char *)in);
			if (strcmp(got, (const char *)want) != 0)
				fail_msg("U+%04X folds to \"%s\", utf8proc says \"%s\"",
				         (unsigned)cp, got, (const char *)want);
			free(got);
			free(want);
		}
}

static void test_fold_into(void **state)
{
	(void)state;
	buf_t b;
	char big[2000];
	size_t n = 0;

	buf_init(&b, 0);
	buf_puts(&b, "key:");
	text_fold_into("Trần  Thị ", &b);
	assert_string_equal(buf_cstr(&b), "key:tran thi");
	/* Invalid input appends nothing and keeps what was there. */
	text_fold_into("Vi\xE1\xBB\x87t \xFF", &b);
	assert_string_equal(buf_cstr(&b), "key:tran thi");
	assert_int_equal(b.len, strlen("key:tran thi"));
	buf_free(&b);

	/* Longer than the internal staging buffer. */
	while (n + 10 < sizeof big) {
		memcpy(big + n, "Ễ Đ ", strlen("Ễ Đ "));
		n += strlen("Ễ Đ ");
	}
	big[n] = '\0';
	buf_init(&b, 0);
	text_fold_into(big, &b);
	assert_int_equal(b.len, (n / strlen("Ễ Đ ")) * 4 - 1);
	for (size_t i = 0; i < b.len; i++)
		assert_true(b.p[i] == (i % 4 == 0 ? 'e' : i % 4 == 2 ? 'd' : ' '));
	buf_free(&b);

	/* The buffer's maximum is respected and remembered. */
	buf_init(&b, 8);
	text_fold_into("Nguyễn Văn Đức", &b);
	assert_int_equal(b.err, 1);
	assert_true(b.len <= 8);
	buf_free(&b);
}

static void test_utf8_len(void **state)
{
	(void)state;
	assert_int_equal(text_utf8_len(""), 0);
	assert_int_equal(text_utf8_len("abc"), 3);
	assert_int_equal(text_utf8_len("Nguyễn"), 6);
	assert_int_equal(text_utf8_len(NGUYEN_NFD), 8);
	assert_int_equal(text_utf8_len("𝕏đ"), 2);
}

static void check_split(const char *full, const char *sur, const char *mid, const char *giv)
{
	text_name_t n;

	text_name_split(full, &n);
	assert_non_null(n.surname);
	assert_non_null(n.middle);
	assert_non_null(n.given);
	assert_int_equal(n.surname_len, strlen(sur));
	assert_memory_equal(n.surname, sur, n.surname_len);
	assert_int_equal(n.middle_len, strlen(mid));
	assert_memory_equal(n.middle, mid, n.middle_len);
	assert_int_equal(n.given_len, strlen(giv));
	assert_memory_equal(n.given, giv, n.given_len);
}

static void test_name_split(void **state)
{
	(void)state;
	check_split("Nguyễn Văn An", "Nguyễn", "Văn", "An");
	check_split("Tôn Nữ Thị Ngọc Hân", "Tôn", "Nữ Thị Ngọc", "Hân");
	check_split("Lê Lợi", "Lê", "", "Lợi");
	check_split("Hùng", "", "", "Hùng");
	check_split("  Phạm   Thị\tChi  ", "Phạm", "Thị", "Chi");
	check_split("", "", "", "");
	check_split("   ", "", "", "");
}

/* memcmp order of two NUL-terminated ICU keys (or concatenations). */
static int key_cmp(const buf_t *a, const buf_t *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->p, b->p, n);
	if (c)
		return c;
	return (a->len > b->len) - (a->len < b->len);
}

static text_collator_t *coll_or_fail(void)
{
	err_t e;
	text_collator_t *c = text_collator_new(&e);
	if (!c)
		fail_msg("%s", e.msg);
	return c;
}

static void assert_order_str(text_collator_t *c, const char *const *w, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		buf_t a, b;
		buf_init(&a, 0);
		buf_init(&b, 0);
		assert_int_equal(text_sort_key(c, w[i], strlen(w[i]), &a), 0);
		assert_int_equal(text_sort_key(c, w[i + 1], strlen(w[i + 1]), &b), 0);
		if (key_cmp(&a, &b) >= 0)
			fail_msg("expected \"%s\" < \"%s\"", w[i], w[i + 1]);
		buf_free(&a);
		buf_free(&b);
	}
}

static void test_collate_letters(void **state)
{
	(void)state;
	text_collator_t *c = coll_or_fail();
	static const char *const abc[] = {"a", "ă", "â", "b"};
	static const char *const dde[] = {"d", "đ", "e", "ê", "g"};
	static const char *const oou[] = {"o", "ô", "ơ", "p", "u", "ư", "v"};
	static const char *const words[] = {"an", "anh",  "ăn", "ân",  "ba",
	                                    "da", "dung", "đa", "đào", "em"};
	/* Tones: level, grave (huyền), hook (hỏi), tilde (ngã), acute (sắc),
	 * dot (nặng), the dictionary order. */
	static const char *const tones[] = {"a", "à", "ả", "ã", "á", "ạ"};
	buf_t k;

	assert_order_str(c, abc, 4);
	assert_order_str(c, dde, 5);
	assert_order_str(c, oou, 7);
	assert_order_str(c, words, sizeof words / sizeof *words);
	assert_order_str(c, tones, 6);

	/* A key ends with its 0 byte, which is its only 0 byte. */
	buf_init(&k, 0);
	assert_int_equal(text_sort_key(c, "Đức", strlen("Đức"), &k), 0);
	assert_true(k.len > 1);
	assert_int_equal(k.p[k.len - 1], 0);
	assert_null(memchr(k.p, 0, k.len - 1));
	/* Invalid UTF-8 is refused and appends nothing. */
	assert_int_equal(text_sort_key(c, "\xFF", 1, &k), -1);
	assert_int_equal(text_sort_key(c, "\xED\xA0\x80", 3, &k), -1);
	buf_free(&k);

	/* Long input grows the scratch buffers. */
	buf_init(&k, 0);
	{
		char *longs = malloc(20001);
		for (int i = 0; i < 20000; i++)
			longs[i] = (char)('a' + i % 26);
		longs[20000] = '\0';
		assert_int_equal(text_sort_key(c, longs, 20000, &k), 0);
		assert_true(k.len > 20000);
		free(longs);
	}
	buf_free(&k);
	text_collator_free(c);
	text_collator_free(NULL);
}

static void name_key(text_collator_t *c, const char *name, buf_t *out)
{
	buf_init(out, 0);
	assert_int_equal(text_name_key(c, name, out), 0);
}

static void assert_name_order(text_collator_t *c, const char *const *w, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		buf_t a, b;
		name_key(c, w[i], &a);
		name_key(c, w[i + 1], &b);
		if (key_cmp(&a, &b) >= 0)
			fail_msg("expected \"%s\" before \"%s\"", w[i], w[i + 1]);
		buf_free(&a);
		buf_free(&b);
	}
}

typedef struct keyed {
	const char *name;
	buf_t key;
} keyed_t;

static int keyed_cmp(const void *a, const void *b)
{
	return key_cmp(&((const keyed_t *)a)->key, &((const keyed_t *)b)->key);
}

static void test_collate_names(void **state)
{
	(void)state;
	text_collator_t *c = coll_or_fail();
	/* Ordered by given name: An < Ánh < Bình < Chi < Dũng < Đào < Em. */
	static const char *const list[] = {
	    "Trần Văn An",    "Lê Thị Ánh", "Nguyễn Văn Bình", "Phạm Thị Chi",
	    "Hoàng Văn Dũng", "Vũ Thị Đào", "Đỗ Văn Em",
	};
	/* Same given name: middle name decides (Thị < Văn), then surname; no
	 * middle name sorts before any. */
	static const char *const same_given[] = {
	    "Nguyễn An",
	    "Trần Thị An",
	    "Lê Văn An",
	    "Nguyễn Văn An",
	};
	/* Same given and middle name: surname decides (Đặng after Dương). */
	static const char *const same_gm[] = {
	    "Dương Văn Hải",
	    "Đặng Văn Hải",
	    "Lê Văn Hải",
	};
	static const char *const shuffled[] = {
	    "Đỗ Văn Em",       "Phạm Thị Chi",   "Trần Văn An", "Vũ Thị Đào",
	    "Nguyễn Văn Bình", "Hoàng Văn Dũng", "Lê Thị Ánh",
	};
	enum { N = sizeof shuffled / sizeof *shuffled };
	keyed_t k[N];
	buf_t a, b;

	assert_name_order(c, list, N);
	assert_name_order(c, same_given, 4);
	assert_name_order(c, same_gm, 3);

	/* Sorting by key with memcmp yields the Vietnamese list order. */
	for (size_t i = 0; i < N; i++) {
		k[i].name = shuffled[i];
		name_key(c, shuffled[i], &k[i].key);
	}
	qsort(k, N, sizeof *k, keyed_cmp);
	for (size_t i = 0; i < N; i++) {
		assert_string_equal(k[i].name, list[i]);
		buf_free(&k[i].key);
	}

	/* NFD input gives the same key as NFC. */
	name_key(c, "Nguyễn Văn Đức", &a);
	name_key(c, NGUYEN_NFD " Văn " DUC_NFD, &b);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.p, b.p, a.len);
	buf_free(&a);
	buf_free(&b);

	/* Empty and single-word names still give keys. */
	name_key(c, "", &a);
	name_key(c, "An", &b);
	assert_true(key_cmp(&a, &b) < 0);
	buf_free(&a);
	buf_free(&b);
	text_collator_free(c);
}

static void test_nfd_equals_nfc(void **state)
{
	(void)state;
	static const char *const pairs[][2] = {
	    {NGUYEN_NFD " Văn " DUC_NFD, "Nguyễn Văn Đức"},
	    {"Hoa\xCC\x80ng Thi\xCC\xA3 Thu\xCC\x89y", "Hoàng Thị Thủy"},
	};
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		err_t e;
		char *x = text_clean(pairs[i][0], strlen(pairs[i][0]), &e);
		char *y = text_clean(pairs[i][1], strlen(pairs[i][1]), &e);
		char *fx = text_fold(pairs[i][0]), *fy = text_fold(pairs[i][1]);
		assert_string_equal(x, pairs[i][1]);
		assert_string_equal(x, y);
		assert_string_equal(fx, fy);
		free(x);
		free(y);
		free(fx);
		free(fy);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utf8_check),    cmocka_unit_test(test_clean),
	    cmocka_unit_test(test_clean_errors),  cmocka_unit_test(test_nfc),
	    cmocka_unit_test(test_fold),          cmocka_unit_test(test_fold_tables),
	    cmocka_unit_test(test_fold_into),     cmocka_unit_test(test_utf8_len),
	    cmocka_unit_test(test_name_split),    cmocka_unit_test(test_collate_letters),
	    cmocka_unit_test(test_collate_names), cmocka_unit_test(test_nfd_equals_nfc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
