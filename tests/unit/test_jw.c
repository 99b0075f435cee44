/*
 * Unit tests for src/lib/jw: the JSON writer every API answer and audit
 * snapshot goes through — escaping per RFC 8259 §7 (quotation mark,
 * reverse solidus, control characters), UTF-8 passed through unchanged,
 * separators between values and keys, null for a NULL string.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "lib/jw.h"

static void quoted(const char *in, const char *want)
{
	buf_t b;
	buf_init(&b, 0);
	jw_quote(&b, in);
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
}

static void test_escapes(void **state)
{
	(void)state;
	quoted("", "\"\"");
	quoted("abc", "\"abc\"");
	quoted("a\"b", "\"a\\\"b\"");
	quoted("a\\b", "\"a\\\\b\"");
	quoted("\"\\", "\"\\\"\\\\\"");
	quoted("x\ny\r\tz", "\"x\\ny\\r\\tz\"");
	quoted("\x01\x1f end", "\"\\u0001\\u001f end\"");
	/* Vietnamese in NFC passes through byte for byte */
	quoted("Nguyễn Văn Ánh — đạt", "\"Nguyễn Văn Ánh — đạt\"");
	quoted("cuối\"", "\"cuối\\\"\"");
}

static void test_structure(void **state)
{
	(void)state;
	buf_t b;
	buf_init(&b, 0);
	jw_t w;
	jw_init(&w, &b);
	jw_obj(&w);
	jw_kstr(&w, "tên", "Hà Nội");
	jw_kint(&w, "n", -42);
	jw_key(&w, "list");
	jw_arr(&w);
	jw_str(&w, NULL);
	jw_bool(&w, 1);
	jw_raw(&w, "{\"a\":1}");
	jw_arr_end(&w);
	jw_kstr(&w, "none", NULL);
	jw_obj_end(&w);
	assert_string_equal(buf_cstr(&b),
			    "{\"tên\":\"Hà Nội\",\"n\":-42,\"list\":[null,true,{\"a\":1}],\"none\":null}");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_structure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
