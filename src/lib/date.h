/*
 * date: calendar dates as plain int day numbers.
 *
 * A date is the number of days since 1970-01-01 in the proleptic Gregorian
 * calendar (negative before 1970), so dates compare and subtract as ints and
 * store as one integer column in either database. People write dates as
 * dd/mm/yyyy (DOMAIN.md §7); ISO yyyy-mm-dd is for files and APIs. Parsed
 * years are limited to 1900..2200, a range that holds every birth date and
 * deadline the system meets and keeps typos such as 0197 out.
 */
#ifndef CANBO_DATE_H
#define CANBO_DATE_H

#define DATE_YEAR_MIN 1900
#define DATE_YEAR_MAX 2200

/* Parses the NUL-terminated s (borrowed), which must be exactly one of
 * d/m/yyyy, d-m-yyyy, d.m.yyyy (day and month of 1 or 2 digits, the same
 * separator twice) or ISO yyyy-mm-dd (month and day of 1 or 2 digits), with
 * no surrounding spaces, naming a real day (29/02 only in leap years) of a
 * year in DATE_YEAR_MIN..DATE_YEAR_MAX. Returns 0 and sets *days, or -1 and
 * leaves *days untouched. */
int date_parse(const char *s, int *days);

/* Writes days as "yyyy-mm-dd" and a NUL into out. Years outside 0..9999
 * are clamped into it so the text always fits. */
void date_iso(int days, char out[11]);

/* Writes days as "dd/mm/yyyy" and a NUL into out (same clamping). */
void date_vn(int days, char out[11]);

/* 1 if y-m-d names a real day (any year), else 0. */
int date_valid(int y, int m, int d);

/* Days in month m (1..12) of year y; 0 for a month out of range. */
int date_days_in_month(int y, int m);

/* Day number of y-m-d, which should be valid (see date_valid()); a day
 * past the month's end simply runs on into the next month. */
int date_from_ymd(int y, int m, int d);

/* Splits a day number into year, month (1..12) and day (1..31); any of
 * the pointers may be NULL. */
void date_to_ymd(int days, int *y, int *m, int *d);

/* The same day of the month months later (or earlier, if negative), moved
 * back to the last day of the month when that month is shorter:
 * 31/01/2025 + 1 → 28/02/2025 (the rule of Civil Code 2015, art. 148, for
 * periods counted in months and years). */
int date_add_months(int days, int months);

/* Today in the local time zone of the process. */
int date_today(void);

/* Full years from from to to (age on the day to of someone born on from):
 * the largest n with date_add_months(from, 12 * n) <= to, so someone born on
 * 29/02 turns a year older on 28/02 in common years. Negative (the same
 * count with the sign changed) when to is before from. */
int date_years_between(int from, int to);

#endif
