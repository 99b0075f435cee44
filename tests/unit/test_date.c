/*
 * Unit tests for src/lib/date: day numbers, the accepted input formats
 * (dd/mm/yyyy as people write them, ISO for files), month arithmetic with
 * the end-of-month rule of Civil Code 2015 art. 148, and ages.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "lib/date.h"

static int ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static void test_day_numbers(void **state)
{
	(void)state;
	int y, m, d;

	assert_int_equal(ymd(1970, 1, 1), 0);
	assert_int_equal(ymd(1970, 1, 2), 1);
	assert_int_equal(ymd(1969, 12, 31), -1);
	assert_int_equal(ymd(2000, 3, 1), 11017);
	assert_int_equal(ymd(2025, 7, 1), 20270);
	assert_int_equal(ymd(1900, 1, 1), -25567);
	assert_int_equal(ymd(2200, 12, 31), 84370);

	/* Every day from 1900 to 2200 round-trips and follows the last. */
	int prev = ymd(1899, 12, 31);
	for (int yy = 1900; yy <= 2200; yy++)
		for (int mm = 1; mm <= 12; mm++)
			for (int dd = 1; dd <= date_days_in_month(yy, mm); dd++) {
				int n = ymd(yy, mm, dd);
				assert_int_equal(n, prev + 1);
				date_to_ymd(n, &y, &m, &d);
				assert_int_equal(y, yy);
				assert_int_equal(m, mm);
				assert_int_equal(d, dd);
				prev = n;
			}
	date_to_ymd(-719468, &y, &m, &d); /* 0000-03-01 */
	assert_int_equal(y, 0);
	assert_int_equal(m, 3);
	assert_int_equal(d, 1);
	date_to_ymd(0, &y, NULL, NULL);
	assert_int_equal(y, 1970);
}

static void test_calendar(void **state)
{
	(void)state;
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2025, 2), 28);
	assert_int_equal(date_days_in_month(2000, 2), 29);
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2100, 2), 28);
	assert_int_equal(date_days_in_month(2025, 4), 30);
	assert_int_equal(date_days_in_month(2025, 12), 31);
	assert_int_equal(date_days_in_month(2025, 0), 0);
	assert_int_equal(date_days_in_month(2025, 13), 0);
	assert_true(date_valid(2024, 2, 29));
	assert_false(date_valid(2023, 2, 29));
	assert_false(date_valid(2025, 4, 31));
	assert_false(date_valid(2025, 1, 0));
}

static void ok(const char *s, int y, int m, int d)
{
	int days = -999999;
	if (date_parse(s, &days) != 0)
		fail_msg("date_parse(\"%s\") failed", s);
	assert_int_equal(days, ymd(y, m, d));
}

static void bad(const char *s)
{
	int days = 4242;
	if (date_parse(s, &days) != -1)
		fail_msg("date_parse(\"%s\") accepted", s);
	assert_int_equal(days, 4242);
}

static void test_parse(void **state)
{
	(void)state;
	ok("01/07/2025", 2025, 7, 1);
	ok("1/7/2025", 2025, 7, 1);
	ok("01-07-2025", 2025, 7, 1);
	ok("01.07.2025", 2025, 7, 1);
	ok("2025-07-01", 2025, 7, 1);
	ok("2025-7-1", 2025, 7, 1);
	ok("31/12/1999", 1999, 12, 31);
	ok("29/02/2024", 2024, 2, 29);
	ok("29/02/2000", 2000, 2, 29);
	ok("01/01/1900", 1900, 1, 1);
	ok("31/12/2200", 2200, 12, 31);

	bad("29/02/2023");
	bad("29/02/1900");
	bad("29/02/2100");
	bad("31/04/2025");
	bad("00/01/2025");
	bad("01/00/2025");
	bad("01/13/2025");
	bad("32/01/2025");
	bad("31/12/1899");
	bad("01/01/2201");
	bad("1/1/25");
	bad("1/1/02025");
	bad("001/1/2025");
	bad("01/01-2025");
	bad("01.01/2025");
	bad("2025/07/01");
	bad("2025-07-01T00:00");
	bad("2025-007-01");
	bad("20250701");
	bad(" 01/07/2025");
	bad("01/07/2025 ");
	bad("+1/07/2025");
	bad("-1/07/2025");
	bad("");
	bad("abc");
	bad("01/07/");
	bad("01/");
}

static void test_format(void **state)
{
	(void)state;
	char out[11];

	date_iso(ymd(2025, 7, 1), out);
	assert_string_equal(out, "2025-07-01");
	date_vn(ymd(2025, 7, 1), out);
	assert_string_equal(out, "01/07/2025");
	date_vn(ymd(1900, 12, 31), out);
	assert_string_equal(out, "31/12/1900");
	date_iso(0, out);
	assert_string_equal(out, "1970-01-01");
	/* Round trip through the parser. */
	for (int n = ymd(1990, 1, 1); n < ymd(1992, 1, 1); n += 13) {
		int back;
		date_vn(n, out);
		assert_int_equal(date_parse(out, &back), 0);
		assert_int_equal(back, n);
		date_iso(n, out);
		assert_int_equal(date_parse(out, &back), 0);
		assert_int_equal(back, n);
	}
	/* Far-off years are clamped, never overflow the buffer. */
	date_iso(ymd(12000, 5, 6), out);
	assert_string_equal(out, "9999-05-06");
	date_vn(ymd(-5, 5, 6), out);
	assert_string_equal(out, "06/05/0000");
}

static void test_add_months(void **state)
{
	(void)state;
	assert_int_equal(date_add_months(ymd(2025, 1, 31), 1), ymd(2025, 2, 28));
	assert_int_equal(date_add_months(ymd(2024, 1, 31), 1), ymd(2024, 2, 29));
	assert_int_equal(date_add_months(ymd(2025, 3, 31), 1), ymd(2025, 4, 30));
	assert_int_equal(date_add_months(ymd(2025, 11, 15), 3), ymd(2026, 2, 15));
	assert_int_equal(date_add_months(ymd(2025, 3, 31), -1), ymd(2025, 2, 28));
	assert_int_equal(date_add_months(ymd(2025, 1, 15), -13), ymd(2023, 12, 15));
	assert_int_equal(date_add_months(ymd(2025, 1, 15), -12), ymd(2024, 1, 15));
	assert_int_equal(date_add_months(ymd(2025, 1, 15), 0), ymd(2025, 1, 15));
	assert_int_equal(date_add_months(ymd(2024, 2, 29), 12), ymd(2025, 2, 28));
	assert_int_equal(date_add_months(ymd(2024, 2, 29), 48), ymd(2028, 2, 29));
	assert_int_equal(date_add_months(ymd(1970, 1, 1), -1), ymd(1969, 12, 1));
	assert_int_equal(date_add_months(ymd(2025, 12, 31), 2), ymd(2026, 2, 28));
	/* 60 years and 3 months: a retirement age (Decree 135/2020). */
	assert_int_equal(date_add_months(ymd(1965, 5, 20), 60 * 12 + 3), ymd(2025, 8, 20));
}

static void test_years_between(void **state)
{
	(void)state;
	int born = ymd(1990, 3, 15);

	assert_int_equal(date_years_between(born, ymd(2025, 3, 14)), 34);
	assert_int_equal(date_years_between(born, ymd(2025, 3, 15)), 35);
	assert_int_equal(date_years_between(born, ymd(2025, 12, 31)), 35);
	assert_int_equal(date_years_between(born, born), 0);
	assert_int_equal(date_years_between(born, ymd(1991, 3, 14)), 0);
	assert_int_equal(date_years_between(born, ymd(1991, 3, 15)), 1);
	/* Born on a leap day: a year older on 28/02 of common years. */
	born = ymd(2000, 2, 29);
	assert_int_equal(date_years_between(born, ymd(2001, 2, 27)), 0);
	assert_int_equal(date_years_between(born, ymd(2001, 2, 28)), 1);
	assert_int_equal(date_years_between(born, ymd(2004, 2, 28)), 3);
	assert_int_equal(date_years_between(born, ymd(2004, 2, 29)), 4);
	/* Backwards gives the negative count. */
	assert_int_equal(date_years_between(ymd(2025, 3, 15), ymd(1990, 3, 15)), -35);
	assert_int_equal(date_years_between(ymd(2025, 3, 14), ymd(1990, 3, 15)), -34);
}

static void test_today(void **state)
{
	(void)state;
	time_t t = time(NULL);
	struct tm tm;
	int today = date_today();

	assert_non_null(localtime_r(&t, &tm));
	/* Allow for midnight passing between the two calls. */
	int want = ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	assert_true(today == want || today + 1 == want);
	assert_true(today > ymd(2024, 1, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_day_numbers), cmocka_unit_test(test_calendar),
	    cmocka_unit_test(test_parse),       cmocka_unit_test(test_format),
	    cmocka_unit_test(test_add_months),  cmocka_unit_test(test_years_between),
	    cmocka_unit_test(test_today),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
