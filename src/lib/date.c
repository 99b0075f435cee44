/*
 * date: day numbers, parsing and formatting. See date.h.
 *
 * The conversions are Howard Hinnant's days_from_civil / civil_from_days
 * (eras of 400 years, March-based years so the leap day comes last), done
 * in long long so no int input can overflow.
 */
#include "date.h"

#include <time.h>

/* Days from 0000-03-01 to 1970-01-01. */
#define EPOCH_SHIFT 719468LL

static int is_leap(long long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

int date_valid(int y, int m, int d)
{
	return d >= 1 && d <= date_days_in_month(y, m);
}

int date_from_ymd(int y, int m, int d)
{
	long long yy = (long long)y - (m <= 2);
	long long era = (yy >= 0 ? yy : yy - 399) / 400;
	long long yoe = yy - era * 400;
	long long doy = (153LL * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (int)(era * 146097 + doe - EPOCH_SHIFT);
}

void date_to_ymd(int days, int *y, int *m, int *d)
{
	long long z = (long long)days + EPOCH_SHIFT;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);

	if (y)
		*y = (int)(yoe + era * 400 + (mm <= 2));
	if (m)
		*m = mm;
	if (d)
		*d = (int)(doy - (153 * mp + 2) / 5 + 1);
}

/* Reads min..max decimal digits at *p into *v and advances *p; returns the
 * number of digits read, or 0 if that is outside min..max. */
static int read_num(const char **p, int min, int max, int *v)
{
	int n = 0, x = 0;

	while (n <= max && **p >= '0' && **p <= '9') {
		x = x * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (n < min || n > max)
		return 0;
	*v = x;
	return n;
}

int date_parse(const char *s, int *days)
{
	const char *p = s;
	int y, m, d, first;
	char sep;

	first = read_num(&p, 1, 4, &d);
	if (first == 4) { /* ISO yyyy-mm-dd */
		y = d;
		if (*p++ != '-' || !read_num(&p, 1, 2, &m) || *p++ != '-' ||
		    !read_num(&p, 1, 2, &d))
			return -1;
	} else if (first == 1 || first == 2) { /* d/m/yyyy, d-m-yyyy, d.m.yyyy */
		sep = *p++;
		if ((sep != '/' && sep != '-' && sep != '.') || !read_num(&p, 1, 2, &m) ||
		    *p++ != sep || !read_num(&p, 4, 4, &y))
			return -1;
	} else {
		return -1;
	}
	if (*p != '\0' || y < DATE_YEAR_MIN || y > DATE_YEAR_MAX || !date_valid(y, m, d))
		return -1;
	*days = date_from_ymd(y, m, d);
	return 0;
}

/* Writes v (0 <= v) as exactly width digits at o. */
static void put_digits(char *o, int v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		o[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

static int clamp_year(int y)
{
	return y < 0 ? 0 : y > 9999 ? 9999 : y;
}

void date_iso(int days, char out[11])
{
	int y, m, d;

	date_to_ymd(days, &y, &m, &d);
	put_digits(out, clamp_year(y), 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = '\0';
}

void date_vn(int days, char out[11])
{
	int y, m, d;

	date_to_ymd(days, &y, &m, &d);
	put_digits(out, d, 2);
	out[2] = '/';
	put_digits(out + 3, m, 2);
	out[5] = '/';
	put_digits(out + 6, clamp_year(y), 4);
	out[10] = '\0';
}

int date_add_months(int days, int months)
{
	int y, m, d, dim;
	long long t, ny;

	date_to_ymd(days, &y, &m, &d);
	t = (long long)y * 12 + (m - 1) + months;
	ny = (t >= 0 ? t : t - 11) / 12;
	m = (int)(t - ny * 12) + 1;
	y = (int)ny;
	dim = date_days_in_month(y, m);
	return date_from_ymd(y, m, d < dim ? d : dim);
}

int date_today(void)
{
	time_t t = time(NULL);
	struct tm tm;

	if (!localtime_r(&t, &tm))
		return (int)(t / 86400);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int date_years_between(int from, int to)
{
	int fy, ty, n;

	if (to < from)
		return -date_years_between(to, from);
	date_to_ymd(from, &fy, NULL, NULL);
	date_to_ymd(to, &ty, NULL, NULL);
	n = ty - fy;
	if (date_add_months(from, 12 * n) > to)
		n--;
	return n;
}
