/*
 * Unit tests for src/lib/csv: the streaming RFC 4180 reader (line ends,
 * quoting, BOM, delimiter detection, caps, line numbers, FILE input across
 * chunk boundaries, speed) and the field writer with its formula guard.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/csv.h"

/* Reads the next row and checks it has the given fields (NULL-ended). */
static void expect_row(csv_reader_t *r, long line, ...)
{
	csv_row_t row;
	err_t e;
	va_list ap;
	size_t i = 0;
	const char *want;

	err_clear(&e);
	int rc = csv_next(r, &row, &e);
	if (rc != 1)
		fail_msg("csv_next returned %d: %s", rc, e.msg);
	assert_int_equal(row.line, line);
	va_start(ap, line);
	while ((want = va_arg(ap, const char *)) != NULL) {
		assert_true(i < row.nfields);
		assert_int_equal(row.lens[i], strlen(want));
		assert_memory_equal(row.fields[i], want, row.lens[i]);
		assert_int_equal(row.fields[i][row.lens[i]], '\0');
		i++;
	}
	va_end(ap);
	assert_int_equal(row.nfields, i);
}

static void expect_end(csv_reader_t *r)
{
	csv_row_t row;
	err_t e;
	assert_int_equal(csv_next(r, &row, &e), 0);
	assert_int_equal(csv_next(r, &row, &e), 0);
}

static csv_reader_t *mem(const char *s, char delim)
{
	csv_opts_t o = {.delim = delim};
	return csv_open_mem(s, strlen(s), &o);
}

static void test_line_ends(void **state)
{
	(void)state;
	static const char *const inputs[] = {
	    "a,b,c\nd,e,f\n",
	    "a,b,c\r\nd,e,f\r\n",
	    "a,b,c\rd,e,f\r",
	    "a,b,c\nd,e,f",
	};
	for (size_t i = 0; i < 4; i++) {
		csv_reader_t *r = mem(inputs[i], 0);
		expect_row(r, 1, "a", "b", "c", NULL);
		expect_row(r, 2, "d", "e", "f", NULL);
		expect_end(r);
		assert_int_equal(csv_had_bom(r), 0);
		assert_int_equal(csv_delim(r), ',');
		csv_close(r);
	}
}

static void test_quotes(void **state)
{
	(void)state;
	csv_reader_t *r = mem("\"Nguyễn, Văn \"\"Tý\"\"\",\"\",x\r\n"
	                      "\"dòng 1\r\ndòng 2\ndòng 3\",y\r\n"
	                      "z,\"a;b\"\r\n"
	                      "ab\"c,d\n",
	                      0);
	expect_row(r, 1, "Nguyễn, Văn \"Tý\"", "", "x", NULL);
	expect_row(r, 2, "dòng 1\r\ndòng 2\ndòng 3", "y", NULL);
	expect_row(r, 5, "z", "a;b", NULL);
	/* A quote inside an unquoted field is an ordinary byte. */
	expect_row(r, 6, "ab\"c", "d", NULL);
	expect_end(r);
	csv_close(r);
}

static void test_empty_fields_and_lines(void **state)
{
	(void)state;
	csv_reader_t *r = mem("\n\r\na,,\n\n;x\n,\n\n\r\n\n", ',');
	expect_row(r, 3, "a", "", "", NULL);
	expect_row(r, 5, ";x", NULL);
	expect_row(r, 6, "", "", NULL);
	expect_end(r);
	csv_close(r);

	r = mem("", 0);
	expect_end(r);
	csv_close(r);
	r = csv_open_mem(NULL, 0, NULL);
	expect_end(r);
	csv_close(r);
	r = mem("\"\"", 0);
	expect_row(r, 1, "", NULL);
	expect_end(r);
	csv_close(r);
}

static void test_bom_and_detect(void **state)
{
	(void)state;
	csv_reader_t *r = mem("\xEF\xBB\xBFHọ và tên;Ngày sinh;\"Đơn vị; phòng\"\r\n"
	                      "Lê Thị Ánh;01/02/1990;Phòng Nội vụ, Tổ chức\r\n",
	                      0);
	expect_row(r, 1, "Họ và tên", "Ngày sinh", "Đơn vị; phòng", NULL);
	expect_row(r, 2, "Lê Thị Ánh", "01/02/1990", "Phòng Nội vụ, Tổ chức", NULL);
	expect_end(r);
	assert_int_equal(csv_had_bom(r), 1);
	assert_int_equal(csv_delim(r), ';');
	csv_close(r);

	r = mem("a\tb,c\td\n1\t2,3\t4\n", 0);
	expect_row(r, 1, "a", "b,c", "d", NULL);
	expect_row(r, 2, "1", "2,3", "4", NULL);
	expect_end(r);
	assert_int_equal(csv_delim(r), '\t');
	csv_close(r);

	/* Delimiters inside quotes do not count; blank first lines are skipped. */
	r = mem("\n\"a,b,c\";d\n", 0);
	expect_row(r, 2, "a,b,c", "d", NULL);
	csv_close(r);

	/* One column: ',' by default. */
	r = mem("Họ tên\nAn\n", 0);
	expect_row(r, 1, "Họ tên", NULL);
	assert_int_equal(csv_delim(r), ',');
	csv_close(r);

	/* A given delimiter is used as is. */
	r = mem("a;b,c\n", ',');
	expect_row(r, 1, "a;b", "c", NULL);
	csv_close(r);
}

static void expect_error(csv_reader_t *r, err_code code, const char *msg)
{
	csv_row_t row;
	err_t e;

	err_clear(&e);
	assert_int_equal(csv_next(r, &row, &e), -1);
	assert_int_equal(e.code, code);
	assert_string_equal(e.msg, msg);
	/* Sticky. */
	err_clear(&e);
	assert_int_equal(csv_next(r, &row, &e), -1);
}

static void test_errors(void **state)
{
	(void)state;
	csv_opts_t o = {.delim = ',', .max_field = 5, .max_fields = 3};
	csv_reader_t *r;
	const char *s;

	r = mem("a,b\n\"open,\nstill open\n", 0);
	expect_row(r, 1, "a", "b", NULL);
	expect_error(r, ERR_INVALID, "Dấu ngoặc kép chưa được đóng (bản ghi bắt đầu ở dòng 2)");
	csv_close(r);

	r = mem("\"ab\"c,d\n", 0);
	expect_error(r, ERR_INVALID, "Có ký tự thừa sau dấu ngoặc kép đóng (dòng 1)");
	csv_close(r);

	s = "12345,x\n\n123456,y\n";
	r = csv_open_mem(s, strlen(s), &o);
	expect_row(r, 1, "12345", "x", NULL);
	expect_error(r, ERR_TOO_LARGE, "Ô dữ liệu quá dài (dòng 3)");
	csv_close(r);

	/* Quoted bytes count after unescaping: "" is one byte. */
	s = "\"a\"\"\"\"b\",\"123456\"\n";
	r = csv_open_mem(s, strlen(s), &o);
	expect_error(r, ERR_TOO_LARGE, "Ô dữ liệu quá dài (dòng 1)");
	csv_close(r);

	s = "a,b,c\na,b,c,d\n";
	r = csv_open_mem(s, strlen(s), &o);
	expect_row(r, 1, "a", "b", "c", NULL);
	expect_error(r, ERR_TOO_LARGE, "Dòng 2 có quá nhiều cột (tối đa 3)");
	csv_close(r);

	/* Defaults: 256 fields are fine, 257 are not. */
	{
		char many[600];
		size_t n = 0;
		for (int i = 0; i < 257; i++) {
			many[n++] = 'x';
			many[n++] = i < 256 ? ',' : '\n';
		}
		many[n] = '\0';
		r = csv_open_mem(many, n - 3, NULL);
		csv_row_t row;
		err_t e;
		assert_int_equal(csv_next(r, &row, &e), 1);
		assert_int_equal(row.nfields, 256);
		csv_close(r);
		r = csv_open_mem(many, n, NULL);
		expect_error(r, ERR_TOO_LARGE, "Dòng 1 có quá nhiều cột (tối đa 256)");
		csv_close(r);
	}
}

static void test_nul_byte(void **state)
{
	(void)state;
	static const char s[] = "a\0b,c\n";
	csv_reader_t *r = csv_open_mem(s, sizeof s - 1, NULL);
	csv_row_t row;
	err_t e;

	assert_int_equal(csv_next(r, &row, &e), 1);
	assert_int_equal(row.nfields, 2);
	assert_int_equal(row.lens[0], 3);
	assert_memory_equal(row.fields[0], "a\0b", 3);
	csv_close(r);
}

/* Builds a CSV text of many records mixing every feature, with records
 * that straddle the 64 KiB chunk boundaries of the FILE reader. */
static void build_mixed(buf_t *b, int rows)
{
	buf_puts(b, "\xEF\xBB\xBF");
	for (int i = 0; i < rows; i++) {
		switch (i % 5) {
		case 0:
			buf_printf(b, "%d;Nguyễn Văn %d;\"có ;dấu\";\r\n", i, i);
			break;
		case 1:
			buf_printf(b, "%d;\"nhiều\r\ndòng \"\"%d\"\"\";x;y\r", i, i);
			break;
		case 2:
			buf_printf(b, "%d;;\"\";z\n\n", i);
			break;
		case 3:
			buf_printf(b, "%d;%.*s;a;b\r\n", i, (i * 7) % 300,
			           "Ủy ban nhân dân tỉnh Thừa Thiên Huế — phòng Nội vụ, "
			           "Ủy ban nhân dân tỉnh Thừa Thiên Huế — phòng Nội vụ, "
			           "Ủy ban nhân dân tỉnh Thừa Thiên Huế — phòng Nội vụ, "
			           "Ủy ban nhân dân tỉnh Thừa Thiên Huế — phòng Nội vụ, "
			           "Ủy ban nhân dân tỉnh Thừa Thiên Huế — phòng Nội vụ, ");
			break;
		default:
			buf_printf(b, "\"%d\";\"\r\n\";\"\"\"\";end\n", i);
			break;
		}
	}
}

/* Reads text both from memory and through a FILE (64 KiB chunks) and
 * checks both readers agree record by record; returns the record count. */
static long read_both(const buf_t *b)
{
	FILE *f = tmpfile();
	csv_reader_t *rm, *rf;
	csv_row_t a, c;
	err_t e;
	long rows = 0;
	int ra, rc;

	assert_non_null(f);
	assert_int_equal(fwrite(b->p, 1, b->len, f), b->len);
	rewind(f);
	rm = csv_open_mem(b->p, b->len, NULL);
	rf = csv_open_file(f, NULL);
	for (;;) {
		ra = csv_next(rm, &a, &e);
		rc = csv_next(rf, &c, &e);
		assert_int_equal(ra, rc);
		if (ra != 1)
			break;
		assert_int_equal(a.line, c.line);
		assert_int_equal(a.nfields, c.nfields);
		for (size_t i = 0; i < a.nfields; i++) {
			assert_int_equal(a.lens[i], c.lens[i]);
			assert_memory_equal(a.fields[i], c.fields[i], a.lens[i]);
		}
		rows++;
	}
	assert_int_equal(ra, 0);
	assert_int_equal(csv_had_bom(rf), csv_had_bom(rm));
	assert_int_equal(csv_delim(rf), csv_delim(rm));
	csv_close(rm);
	csv_close(rf);
	fclose(f);
	return rows;
}

static void test_file_matches_mem(void **state)
{
	(void)state;
	buf_t b;
	csv_reader_t *r;
	csv_row_t row;
	err_t e;
	long rows = 0;

	buf_init(&b, 0);
	build_mixed(&b, 20000);
	assert_int_equal(b.err, 0);
	assert_true(b.len > 4 * ((size_t)64 << 10));
	assert_int_equal(read_both(&b), 20000);

	r = csv_open_mem(b.p, b.len, NULL);
	while (csv_next(r, &row, &e) == 1) {
		assert_int_equal(row.nfields, 4);
		/* The first field is the record number. */
		assert_int_equal(strtol(row.fields[0], NULL, 10), rows);
		rows++;
	}
	assert_int_equal(csv_had_bom(r), 1);
	assert_int_equal(csv_delim(r), ';');
	csv_close(r);
	buf_free(&b);
}

static void test_chunk_boundaries(void **state)
{
	(void)state;
	/* Every byte of a record with CRLF, "" and a quoted line break lands
	 * on the 64 KiB boundary for one of the paddings. */
	static const char rec[] = "\"q\"\"\r\nq\",x\r\n\r\n";
	for (size_t pad = 0; pad < 2 * sizeof rec; pad++) {
		buf_t b;
		long want = 1;

		buf_init(&b, 0);
		for (size_t i = 0; i < pad; i++)
			buf_putc(&b, 'p');
		buf_puts(&b, ",p\r\n");
		while (b.len < ((size_t)64 << 10) + 64) {
			buf_puts(&b, rec);
			want++;
		}
		assert_int_equal(read_both(&b), want);
		buf_free(&b);
	}
}

static void test_file_small(void **state)
{
	(void)state;
	FILE *f = tmpfile();
	csv_reader_t *r;

	assert_non_null(f);
	fputs("x,\"y\r\nz\"\r\n", f);
	rewind(f);
	r = csv_open_file(f, NULL);
	expect_row(r, 1, "x", "y\r\nz", NULL);
	expect_end(r);
	csv_close(r);
	fclose(f);

	f = tmpfile();
	assert_non_null(f);
	r = csv_open_file(f, NULL);
	expect_end(r);
	assert_int_equal(csv_had_bom(r), 0);
	csv_close(r);
	fclose(f);
}

static void test_read_error(void **state)
{
	(void)state;
	/* A write-only stream makes fread fail. */
	FILE *f = fopen("/dev/null", "w");
	csv_reader_t *r;

	assert_non_null(f);
	r = csv_open_file(f, NULL);
	expect_error(r, ERR_IO, "Lỗi đọc tệp CSV (gần dòng 1)");
	csv_close(r);
	fclose(f);
}

/* Many rows through the reader: all counted, none lost at buffer
 * boundaries. (Speed is measured in bench/, not asserted here.) */
static void test_many_rows(void **state)
{
	(void)state;
	enum { ROWS = 200000, COLS = 10 };
	buf_t b;
	csv_reader_t *r;
	csv_row_t row;
	err_t e;
	long n = 0;

	buf_init(&b, 0);
	for (int i = 0; i < ROWS; i++)
		buf_printf(&b,
		           "%d,Nguyễn Văn %d,01/02/1990,Phòng Nội vụ,\"Hà Nội, Việt Nam\","
		           "Chuyên viên,%d,Hoàn thành tốt nhiệm vụ,,x\r\n",
		           i, i, i % 100);
	assert_int_equal(b.err, 0);
	r = csv_open_mem(b.p, b.len, NULL);
	while (csv_next(r, &row, &e) == 1) {
		assert_int_equal(row.nfields, COLS);
		assert_int_equal(strtol(row.fields[0], NULL, 10), n);
		n++;
	}
	csv_close(r);
	assert_int_equal(n, ROWS);
	buf_free(&b);
}

static void test_write(void **state)
{
	(void)state;
	buf_t b;
	static const char *const fields[] = {"Nguyễn Văn \"Tý\"", "a,b", "a;b", "dòng\r\nmới",
	                                     "=SUM(A1:A9)",       "-5",  "",    "plain"};
	enum { N = sizeof fields / sizeof *fields };
	csv_reader_t *r;
	csv_row_t row;
	err_t e;

	buf_init(&b, 0);
	csv_write_field(&b, "plain", ',');
	buf_putc(&b, ',');
	csv_write_field(&b, "a,b", ',');
	buf_putc(&b, ',');
	csv_write_field(&b, "a;b", ',');
	buf_putc(&b, ',');
	csv_write_field(&b, "say \"hi\"", ',');
	buf_putc(&b, ',');
	csv_write_field(&b, "=1+1", ',');
	assert_string_equal(buf_cstr(&b), "plain,\"a,b\",a;b,\"say \"\"hi\"\"\",=1+1");
	buf_reset(&b);

	csv_write_field(&b, "a;b", ';');
	buf_putc(&b, ';');
	csv_write_field(&b, "x\ny", ';');
	assert_string_equal(buf_cstr(&b), "\"a;b\";\"x\ny\"");
	buf_reset(&b);

	/* The formula guard. */
	csv_write_field_safe(&b, "=HYPERLINK(\"x\")", ',');
	buf_putc(&b, ',');
	csv_write_field_safe(&b, "+84 912", ',');
	buf_putc(&b, ',');
	csv_write_field_safe(&b, "-5", ',');
	buf_putc(&b, ',');
	csv_write_field_safe(&b, "@cmd", ',');
	buf_putc(&b, ',');
	csv_write_field_safe(&b, "An = Bình", ',');
	buf_putc(&b, ',');
	csv_write_field_safe(&b, "", ',');
	assert_string_equal(buf_cstr(&b),
	                    "\"'=HYPERLINK(\"\"x\"\")\",'+84 912,'-5,'@cmd,An = Bình,");
	buf_reset(&b);

	/* Round trip through the reader. */
	for (size_t i = 0; i < N; i++) {
		if (i)
			buf_putc(&b, ';');
		csv_write_field(&b, fields[i], ';');
	}
	buf_puts(&b, "\r\n");
	r = csv_open_mem(b.p, b.len, NULL);
	assert_int_equal(csv_next(r, &row, &e), 1);
	assert_int_equal(row.nfields, N);
	for (size_t i = 0; i < N; i++) {
		assert_int_equal(row.lens[i], strlen(fields[i]));
		assert_memory_equal(row.fields[i], fields[i], row.lens[i]);
	}
	assert_int_equal(csv_next(r, &row, &e), 0);
	csv_close(r);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_line_ends),
	    cmocka_unit_test(test_quotes),
	    cmocka_unit_test(test_empty_fields_and_lines),
	    cmocka_unit_test(test_bom_and_detect),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_nul_byte),
	    cmocka_unit_test(test_file_matches_mem),
	    cmocka_unit_test(test_chunk_boundaries),
	    cmocka_unit_test(test_file_small),
	    cmocka_unit_test(test_read_error),
	    cmocka_unit_test(test_many_rows),
	    cmocka_unit_test(test_write),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
