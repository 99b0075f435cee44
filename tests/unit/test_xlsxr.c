/*
 * Unit tests for src/lib/xlsxr: the streaming .xlsx reader. Every workbook
 * is built here, part by part, with libzip (zip_parts()), so each test shows
 * the exact XML it reads: shared strings with rich-text runs, inline
 * strings, numbers, dates in both date systems, merged cells, sparse rows,
 * several sheets, Vietnamese text, prefixed element names; and the files it
 * must refuse: DOCTYPE and entity declarations, zip bombs, parts that
 * inflate past their declared size, files that are not .xlsx, oversized
 * columns, rows and cells. Ends with 200,000 rows × 10 columns.
 *
 * With XLSXR_CORPUS=DIR in the environment, test_write_corpus also writes a
 * few of these workbooks (valid and broken) into DIR as the seed corpus of
 * fuzz/fuzz_xlsxr.c.
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
#include <unistd.h>
#include <zip.h>

#include "lib/buf.h"
#include "lib/xlsxr.h"

/* ---- building workbooks ---------------------------------------------- */

typedef struct part {
	const char *name;
	const char *data;
	size_t len; /* 0 = strlen(data) */
} part_t;

/* Zips parts in memory: level -1 stores them, 0..9 deflates. Returns new
 * bytes (free()) and their count in *n. */
static unsigned char *zip_parts(const part_t *parts, size_t np, int level, size_t *n)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_stat_t st;
	unsigned char *out;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	assert_non_null(src);
	zip_source_keep(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	assert_non_null(za);
	for (size_t i = 0; i < np; i++) {
		size_t len = parts[i].len ? parts[i].len : strlen(parts[i].data);
		zip_source_t *s = zip_source_buffer(za, parts[i].data, len, 0);
		zip_int64_t idx;
		assert_non_null(s);
		idx = zip_file_add(za, parts[i].name, s, ZIP_FL_ENC_UTF_8);
		assert_true(idx >= 0);
		if (level < 0)
			assert_int_equal(
			    zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0), 0);
		else
			assert_int_equal(zip_set_file_compression(za, (zip_uint64_t)idx,
			                                          ZIP_CM_DEFLATE,
			                                          (zip_uint32_t)level),
			                 0);
	}
	assert_int_equal(zip_close(za), 0);
	assert_int_equal(zip_source_stat(src, &st), 0);
	out = malloc(st.size ? st.size : 1);
	assert_non_null(out);
	assert_int_equal(zip_source_open(src), 0);
	assert_int_equal(zip_source_read(src, out, st.size), (zip_int64_t)st.size);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	*n = st.size;
	return out;
}

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL  "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG  "http://schemas.openxmlformats.org/package/2006/relationships"
#define XMLDECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

/* A worksheet around the given <row> elements (and what follows sheetData). */
#define WS_TAIL(rows, tail)                                                                        \
	XMLDECL "<worksheet xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><dimension ref=\"A1\"/>"  \
	        "<sheetData>" rows "</sheetData>" tail "<pageMargins left=\"0.7\" right=\"0.7\" "  \
	        "top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>"
#define WS(rows) WS_TAIL(rows, "")

#define SST(items)                                                                                 \
	XMLDECL "<sst xmlns=\"" NS_MAIN "\" count=\"99\" uniqueCount=\"9\">" items "</sst>"

static const char ROOT_RELS[] =
    XMLDECL "<Relationships xmlns=\"" NS_PKG "\"><Relationship Id=\"rId1\" Type=\"" NS_REL
            "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";

static const char WB_RELS[] = XMLDECL
    "<Relationships xmlns=\"" NS_PKG "\">"
    "<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"" NS_REL "/styles\" Target=\"styles.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" NS_REL "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "</Relationships>";

static const char WB_1900[] =
    XMLDECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><workbookPr/>"
            "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

static const char WB_1904[] =
    XMLDECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><workbookPr date1904=\"1\"/>"
            "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

static const char WB_1904_TRUE[] =
    XMLDECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><workbookPr date1904=\"true\"/>"
            "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

/* Styles: s=0 General, 1 built-in 14 (date), 2 "dd/mm/yyyy", 3 "dd/mm/yyyy
 * hh:mm", 4 "[h]:mm" (elapsed: a number), 5 "h:mm" (time of day), 6 money,
 * 7 built-in 22 (date and time), 8 "[$-42A]d mmmm yyyy" (Vietnamese locale),
 * 9 "mm:ss". The <xf numFmtId="14"> in cellStyleXfs must not count. */
static const char STYLES[] = XMLDECL
    "<styleSheet xmlns=\"" NS_MAIN "\"><numFmts count=\"7\">"
    "<numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"dd/mm/yyyy\\ hh:mm\"/>"
    "<numFmt numFmtId=\"166\" formatCode=\"[h]:mm\"/>"
    "<numFmt numFmtId=\"167\" formatCode=\"h:mm\"/>"
    "<numFmt numFmtId=\"168\" formatCode=\"#,##0.00\\ &quot;đ&quot;;[Red]\\-#,##0.00\"/>"
    "<numFmt numFmtId=\"169\" formatCode=\"[$-42A]d\\ mmmm\\ yyyy\"/>"
    "<numFmt numFmtId=\"170\" formatCode=\"mm:ss\"/>"
    "</numFmts><fonts count=\"1\"><font><sz val=\"11\"/></font></fonts>"
    "<cellStyleXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"10\"><xf numFmtId=\"0\" xfId=\"1\"/><xf numFmtId=\"14\" "
    "applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"166\"/><xf numFmtId=\"167\"/>"
    "<xf numFmtId=\"168\"/><xf numFmtId=\"22\"/><xf numFmtId=\"169\"/><xf numFmtId=\"170\"/>"
    "</cellXfs></styleSheet>";

/* A one-sheet workbook: the sheet, shared strings (NULL = none) and the
 * workbook part (NULL = 1900 date system). */
static unsigned char *book(const char *sheet, const char *sst, const char *wb, size_t *n)
{
	part_t p[6] = {
	    {"_rels/.rels", ROOT_RELS, 0},
	    {"xl/workbook.xml", wb ? wb : WB_1900, 0},
	    {"xl/_rels/workbook.xml.rels", WB_RELS, 0},
	    {"xl/styles.xml", STYLES, 0},
	    {"xl/worksheets/sheet1.xml", sheet, 0},
	    {"xl/sharedStrings.xml", sst, 0},
	};
	return zip_parts(p, sst ? 6 : 5, 6, n);
}

static xlsxr_t *open_book(const char *sheet, const char *sst, const char *wb, const xlsxr_opts_t *o)
{
	size_t n;
	unsigned char *b = book(sheet, sst, wb, &n);
	err_t e;
	/* The reader borrows the bytes: keep them in a static list freed at exit. */
	static unsigned char *keep[64];
	static size_t nkeep;
	xlsxr_t *x = xlsxr_open_mem(b, n, o, &e);

	if (!x)
		fail_msg("xlsxr_open_mem: %s", e.msg);
	if (nkeep == 64) {
		for (size_t i = 0; i < nkeep; i++)
			free(keep[i]);
		nkeep = 0;
	}
	keep[nkeep++] = b;
	return x;
}

/* Reads the next row and checks its number and cells (NULL-ended). */
static void expect_row(xlsxr_t *x, long rownum, ...)
{
	xlsxr_row_t row;
	err_t e;
	va_list ap;
	size_t i = 0;
	const char *want;

	err_clear(&e);
	int rc = xlsxr_next(x, &row, &e);
	if (rc != 1)
		fail_msg("xlsxr_next returned %d (want row %ld): %s", rc, rownum, e.msg);
	assert_int_equal(row.rownum, rownum);
	va_start(ap, rownum);
	while ((want = va_arg(ap, const char *)) != NULL) {
		if (i >= row.ncells)
			fail_msg("row %ld: %zu cells, want more (\"%s\")", rownum, row.ncells,
			         want);
		if (row.lens[i] != strlen(want) || memcmp(row.cells[i], want, row.lens[i]) != 0)
			fail_msg("row %ld cell %zu: \"%s\", want \"%s\"", rownum, i, row.cells[i],
			         want);
		assert_int_equal(row.cells[i][row.lens[i]], '\0');
		i++;
	}
	va_end(ap);
	if (row.ncells != i)
		fail_msg("row %ld: %zu cells, want %zu", rownum, row.ncells, i);
}

static void expect_end(xlsxr_t *x)
{
	xlsxr_row_t row;
	err_t e;
	err_clear(&e);
	int rc = xlsxr_next(x, &row, &e);
	if (rc != 0)
		fail_msg("xlsxr_next returned %d at the end: %s (row %ld)", rc, e.msg,
		         rc == 1 ? row.rownum : 0L);
	assert_int_equal(xlsxr_next(x, &row, &e), 0);
}

/* Reads rows until an error; checks its code and that msg contains want. */
static void expect_fail(xlsxr_t *x, err_code code, const char *want)
{
	xlsxr_row_t row;
	err_t e;
	int rc;

	err_clear(&e);
	while ((rc = xlsxr_next(x, &row, &e)) == 1)
		;
	if (rc != -1)
		fail_msg("want an error (%s), got the end", want);
	if (e.code != code || !strstr(e.msg, want))
		fail_msg("error %s \"%s\", want %s with \"%s\"", err_name(e.code), e.msg,
		         err_name(code), want);
	/* Sticky. */
	err_clear(&e);
	assert_int_equal(xlsxr_next(x, &row, &e), -1);
	assert_int_equal(e.code, code);
}

/* ---- cell types ------------------------------------------------------ */

static void test_strings_and_types(void **state)
{
	(void)state;
	static const char sst[] =
	    SST("<si><t>Họ và tên</t></si>" /* 0 */
	        "<si><r><t xml:space=\"preserve\">Nguyễn "
	        "</t></r><r><rPr><b/></rPr><t>Văn</t></r>"
	        "<r><t> </t></r><r><t>An </t></r><rPh sb=\"0\" "
	        "eb=\"1\"><t>PHONETIC</t></rPh></si>"                         /* 1: runs */
	        "<si><t xml:space=\"preserve\">  giữ khoảng trắng  </t></si>" /* 2 */
	        "<si><t>  bỏ khoảng trắng\n</t></si>"                         /* 3 */
	        "<si><t>dòng 1_x000D_\ndòng 2 a_x005F_x0041_b</t></si>"       /* 4 */
	        "<si><t/></si>"                                               /* 5: empty */
	        "<si><t>01/02/1990</t></si>"                                  /* 6 */
	        "<si><t>&lt;b&gt; &amp; &quot;x&quot;</t></si>");             /* 7 */
	static const char sheet[] = WS(
	    "<row r=\"1\" spans=\"1:5\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" "
	    "t=\"s\"><v>1</v></c>"
	    "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c><c r=\"E1\" "
	    "t=\"s\"><v>4</v></c>"
	    "<c r=\"F1\" t=\"s\"><v>5</v></c><c r=\"G1\" t=\"s\"><v>7</v></c></row>"
	    "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>Trần Thị Bích</t></is></c>"
	    "<c r=\"B2\" t=\"inlineStr\"><is><r><t xml:space=\"preserve\">Lê </t></r><r><t "
	    "xml:space=\"preserve\">Văn </t></r>"
	    "<r><t>Đức</t></r></is></c>"
	    "<c r=\"C2\" t=\"inlineStr\"><is><t xml:space=\"preserve\"> x </t></is></c></row>"
	    "<row r=\"3\"><c r=\"A3\"><v>42</v></c><c r=\"B3\" t=\"n\"><v>2.34</v></c>"
	    "<c r=\"C3\"><v>44197.0</v></c><c r=\"D3\"><v>-0</v></c><c r=\"E3\"><v>1.5E-5</v></c>"
	    "<c r=\"F3\"><v>0.30000000000000004</v></c><c r=\"G3\"><v>012.50</v></c>"
	    "<c r=\"H3\"><v>1.23456789012345E+20</v></c><c r=\"I3\"><v>123456789012</v></c>"
	    "<c r=\"J3\" s=\"6\"><v>1234.5</v></c><c r=\"K3\"><v>-7.250</v></c></row>"
	    "<row r=\"4\"><c r=\"A4\" t=\"b\"><v>1</v></c><c r=\"B4\" t=\"b\"><v>0</v></c>"
	    "<c r=\"C4\" t=\"e\"><v>#N/A</v></c><c r=\"D4\" "
	    "t=\"str\"><f>A1&amp;\"!\"</f><v>Họ!</v></c>"
	    "<c r=\"E4\"><f>1+1</f><v>2</v></c><c r=\"F4\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"
	    "<c r=\"G4\" t=\"str\"><f>\"\"</f><v></v></c></row>");
	xlsxr_t *x = open_book(sheet, sst, NULL, NULL);

	assert_int_equal(xlsxr_sheet_count(x), 1);
	assert_string_equal(xlsxr_sheet_name(x, 0), "Sheet1");
	assert_null(xlsxr_sheet_name(x, 1));
	assert_int_equal(xlsxr_date1904(x), 0);
	assert_int_equal(xlsxr_selected(x), -1);
	expect_row(x, 1, "Họ và tên", "Nguyễn Văn An", "  giữ khoảng trắng  ", "bỏ khoảng trắng",
	           "dòng 1\r\ndòng 2 a_x0041_b", "", "<b> & \"x\"", NULL);
	assert_int_equal(xlsxr_selected(x), 0);
	expect_row(x, 2, "Trần Thị Bích", "Lê Văn Đức", " x ", NULL);
	expect_row(x, 3, "42", "2.34", "44197", "0", "1.5E-05", "0.3", "12.5",
	           "1.23456789012345E+20", "123456789012", "1234.5", "-7.25", NULL);
	expect_row(x, 4, "TRUE", "FALSE", "#N/A", "Họ!", "2", "#DIV/0!", NULL);
	expect_end(x);
	assert_true(xlsxr_sheet_size(x) > 0);
	assert_true(xlsxr_sheet_pos(x) == xlsxr_sheet_size(x));
	xlsxr_close(x);
}

/* ---- dates ------------------------------------------------------------ */

static void test_dates_1900(void **state)
{
	(void)state;
	static const char sst[] = SST("<si><t>01/02/1990</t></si>");
	static const char sheet[] = WS(
	    /* 29221 = 01/01/1980 through built-in 14 and a custom dd/mm/yyyy. */
	    "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>29221</v></c><c r=\"B1\" s=\"2\"><v>29221</v></c>"
	    /* Excel's fictional 29/02/1900 and the days around it. */
	    "<c r=\"C1\" s=\"2\"><v>59</v></c><c r=\"D1\" s=\"2\"><v>60</v></c>"
	    "<c r=\"E1\" s=\"2\"><v>61</v></c><c r=\"F1\" s=\"2\"><v>1</v></c>"
	    "<c r=\"G1\" s=\"2\"><v>0</v></c></row>"
	    /* Times: date+time, date-only format hides the time, elapsed stays a
	     * number, time of day, built-in 22, seconds, rounding to the next day. */
	    "<row r=\"2\"><c r=\"A2\" s=\"3\"><v>29221.75</v></c><c r=\"B2\" "
	    "s=\"2\"><v>29221.75</v></c>"
	    "<c r=\"C2\" s=\"4\"><v>1.5</v></c><c r=\"D2\" s=\"5\"><v>0.5</v></c>"
	    "<c r=\"E2\" s=\"7\"><v>45292.3125</v></c><c r=\"F2\" "
	    "s=\"9\"><v>0.000717592592592593</v></c>"
	    "<c r=\"G2\" s=\"3\"><v>29221.99999999</v></c></row>"
	    /* A date typed as text stays text; money and General stay numbers;
	     * a Vietnamese-locale long date; out of range stays a number. */
	    "<row r=\"3\"><c r=\"A3\" s=\"1\" t=\"s\"><v>0</v></c><c r=\"B3\" "
	    "s=\"6\"><v>29221</v></c>"
	    "<c r=\"C3\" s=\"0\"><v>29221</v></c><c r=\"D3\" s=\"8\"><v>45658</v></c>"
	    "<c r=\"E3\" s=\"1\"><v>-5</v></c><c r=\"F3\" s=\"1\"><v>3000000</v></c>"
	    "<c r=\"G3\" s=\"99\"><v>29221</v></c><c r=\"H3\" s=\"1\" "
	    "t=\"d\"><v>1990-02-01T00:00:00</v></c>"
	    "<c r=\"I3\" s=\"1\" t=\"str\"><v>29221</v></c></row>");
	xlsxr_t *x = open_book(sheet, sst, NULL, NULL);

	expect_row(x, 1, "01/01/1980", "01/01/1980", "28/02/1900", "29/02/1900", "01/03/1900",
	           "01/01/1900", "00/01/1900", NULL);
	expect_row(x, 2, "01/01/1980 18:00", "01/01/1980", "1.5", "12:00", "01/01/2024 07:30",
	           "00:01:02", "02/01/1980 00:00", NULL);
	expect_row(x, 3, "01/02/1990", "29221", "29221", "01/01/2025", "-5", "3000000", "29221",
	           "01/02/1990", "29221", NULL);
	expect_end(x);
	xlsxr_close(x);
}

static void test_dates_1904(void **state)
{
	(void)state;
	static const char sheet[] =
	    WS("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>27759</v></c><c r=\"B1\" s=\"2\"><v>0</v></c>"
	       "<c r=\"C1\" s=\"2\"><v>59</v></c><c r=\"D1\" s=\"3\"><v>27759.5</v></c>"
	       "<c r=\"E1\"><v>27759</v></c></row>");
	const char *wbs[] = {WB_1904, WB_1904_TRUE};

	for (size_t i = 0; i < 2; i++) {
		xlsxr_t *x = open_book(sheet, NULL, wbs[i], NULL);
		assert_int_equal(xlsxr_date1904(x), 1);
		/* No fictional leap day in 1904: serial 59 is 29/02/1904, a real one. */
		expect_row(x, 1, "01/01/1980", "01/01/1904", "29/02/1904", "01/01/1980 12:00",
		           "27759", NULL);
		expect_end(x);
		xlsxr_close(x);
	}
}

/* ---- layout: sparse rows, title, merged cells ------------------------- */

static void test_sparse_rows(void **state)
{
	(void)state;
	static const char sst[] = SST("<si><t>a</t></si><si><t>d</t></si>");
	static const char sheet[] = WS(
	    "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"D2\" t=\"s\"><v>1</v></c></row>"
	    /* Formatted but empty cells, an empty row, a row of empty cells. */
	    "<row r=\"3\" s=\"1\" customFormat=\"1\"/>"
	    "<row r=\"4\"><c r=\"A4\" s=\"1\"/><c r=\"B4\" t=\"s\"/><c r=\"C4\" "
	    "t=\"inlineStr\"/></row>"
	    "<row r=\"7\"><c r=\"B7\"><v>1</v></c><c r=\"E7\" s=\"1\"/><c r=\"F7\" s=\"2\"/></row>"
	    /* No r attributes: positions follow on. */
	    "<row><c><v>1</v></c><c><v>2</v></c><c r=\"E8\"><v>5</v></c><c><v>6</v></c></row>"
	    "<row><c r=\"$C$9\"><v>3</v></c></row>"
	    /* Lower-case reference, cells out of order. */
	    "<row r=\"1000\"><c r=\"c1000\"><v>3</v></c><c r=\"A1000\"><v>1</v></c></row>"
	    "<row r=\"1048576\"><c r=\"XFD1048576\"><v>9</v></c></row>");
	xlsxr_t *x = open_book(sheet, sst, NULL, NULL);
	xlsxr_row_t row;
	err_t e;

	expect_row(x, 2, "a", "", "", "d", NULL);
	expect_row(x, 7, "", "1", NULL);
	expect_row(x, 8, "1", "2", "", "", "5", "6", NULL);
	expect_row(x, 9, "", "", "3", NULL);
	expect_row(x, 1000, "1", "", "3", NULL);
	assert_int_equal(xlsxr_next(x, &row, &e), 1);
	assert_int_equal(row.rownum, 1048576);
	assert_int_equal(row.ncells, 16384);
	assert_string_equal(row.cells[16383], "9");
	assert_string_equal(row.cells[16382], "");
	expect_end(x);
	xlsxr_close(x);
}

/* A personnel list as offices make them: a merged title, a blank row, a
 * two-row header (merged vertically and horizontally), data, and a unit
 * name merged down over its people. A comment before the rows holds a
 * decoy <mergeCells> that must be ignored. */
static const char TITLE_SST[] =
    SST("<si><t>DANH SÁCH CÁN BỘ, CÔNG CHỨC</t></si>" /* 0 */
        "<si><t>STT</t></si><si><t>Họ và tên</t></si><si><t>Ngày sinh</t></si>"
        "<si><t>Quê quán</t></si><si><t>Tỉnh</t></si><si><t>Huyện</t></si>"       /* 1..6 */
        "<si><t>Nguyễn Văn A</t></si><si><t>Hà Nội</t></si><si><t>Ba Vì</t></si>" /* 7..9 */
        "<si><t>Phòng Nội vụ</t></si><si><t>Đơn vị</t></si>");                    /* 10, 11 */
static const char TITLE_SHEET[] =
    WS_TAIL("<!-- <mergeCells count=\"1\"><mergeCell ref=\"Z1:Z9\"/></mergeCells> -->"
            "<row r=\"1\" ht=\"30\"><c r=\"A1\" t=\"s\" s=\"0\"><v>0</v></c><c r=\"B1\" s=\"0\"/>"
            "<c r=\"C1\" s=\"0\"/><c r=\"H1\" s=\"0\"/></row>"
            "<row r=\"2\"/>"
            "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>1</v></c><c r=\"B3\" t=\"s\"><v>2</v></c>"
            "<c r=\"C3\" t=\"s\"><v>3</v></c><c r=\"D3\" t=\"s\"><v>4</v></c><c r=\"E3\"/>"
            "<c r=\"F3\" t=\"s\"><v>11</v></c></row>"
            "<row r=\"4\"><c r=\"A4\"/><c r=\"D4\" t=\"s\"><v>5</v></c><c r=\"E4\" "
            "t=\"s\"><v>6</v></c></row>"
            "<row r=\"5\"><c r=\"A5\"><v>1</v></c><c r=\"B5\" t=\"s\"><v>7</v></c>"
            "<c r=\"C5\" s=\"1\"><v>29221</v></c><c r=\"D5\" t=\"s\"><v>8</v></c>"
            "<c r=\"E5\" t=\"s\"><v>9</v></c><c r=\"F5\" t=\"s\"><v>10</v></c></row>"
            "<row r=\"6\"><c r=\"A6\"><v>2</v></c></row>"
            "<row r=\"7\"><c r=\"A7\"><v>3</v></c></row>",
            "<mergeCells count=\"6\"><mergeCell ref=\"F5:F7\"/><mergeCell ref=\"A1:H1\"/>"
            "<mergeCell ref=\"A3:A4\"/><mergeCell ref=\"B3:B4\"/><mergeCell ref=\"C3:C4\"/>"
            "<mergeCell ref=\"D3:E3\"/><mergeCell ref=\"bogus\"/></mergeCells>"
            "<conditionalFormatting sqref=\"A1\"><cfRule type=\"expression\" "
            "priority=\"1\"><formula>1</formula>"
            "</cfRule></conditionalFormatting>");

static void test_title_and_merged(void **state)
{
	(void)state;
	const xlsxr_range_t *mr;
	size_t nm;
	err_t e;
	xlsxr_opts_t o = {0};
	xlsxr_t *x;
#define TITLE "DANH SÁCH CÁN BỘ, CÔNG CHỨC"

	/* As stored. */
	x = open_book(TITLE_SHEET, TITLE_SST, NULL, NULL);
	expect_row(x, 1, TITLE, NULL);
	expect_row(x, 3, "STT", "Họ và tên", "Ngày sinh", "Quê quán", "", "Đơn vị", NULL);
	expect_row(x, 4, "", "", "", "Tỉnh", "Huyện", NULL);
	/* The list is available while reading, sorted, without the decoy. */
	assert_int_equal(xlsxr_merged(x, &mr, &nm, &e), 0);
	assert_int_equal(nm, 6);
	assert_int_equal(mr[0].row1, 1);
	assert_int_equal(mr[0].row2, 1);
	assert_int_equal(mr[0].col1, 0);
	assert_int_equal(mr[0].col2, 7);
	assert_int_equal(mr[1].row1, 3);
	assert_int_equal(mr[1].row2, 4);
	assert_int_equal(mr[1].col1, 0);
	assert_int_equal(mr[4].col1, 3);
	assert_int_equal(mr[4].col2, 4);
	assert_int_equal(mr[5].row1, 5);
	assert_int_equal(mr[5].row2, 7);
	assert_int_equal(mr[5].col1, 5);
	expect_row(x, 5, "1", "Nguyễn Văn A", "01/01/1980", "Hà Nội", "Ba Vì", "Phòng Nội vụ",
	           NULL);
	expect_row(x, 6, "2", NULL);
	expect_row(x, 7, "3", NULL);
	expect_end(x);
	xlsxr_close(x);

	/* The first row of each range filled: the title covers A..H, "Quê
	 * quán" covers D and E. */
	o.fill_merged = XLSXR_FILL_ROW;
	x = open_book(TITLE_SHEET, TITLE_SST, NULL, &o);
	expect_row(x, 1, TITLE, TITLE, TITLE, TITLE, TITLE, TITLE, TITLE, TITLE, NULL);
	expect_row(x, 3, "STT", "Họ và tên", "Ngày sinh", "Quê quán", "Quê quán", "Đơn vị", NULL);
	expect_row(x, 4, "", "", "", "Tỉnh", "Huyện", NULL);
	expect_row(x, 5, "1", "Nguyễn Văn A", "01/01/1980", "Hà Nội", "Ba Vì", "Phòng Nội vụ",
	           NULL);
	expect_row(x, 6, "2", NULL);
	expect_row(x, 7, "3", NULL);
	expect_end(x);
	assert_int_equal(xlsxr_merged(x, &mr, &nm, &e), 0);
	assert_int_equal(nm, 6);
	xlsxr_close(x);

	/* Every covered cell filled: the two-row header reads as one, the unit
	 * runs down over its people. */
	o.fill_merged = XLSXR_FILL_ALL;
	x = open_book(TITLE_SHEET, TITLE_SST, NULL, &o);
	expect_row(x, 1, TITLE, TITLE, TITLE, TITLE, TITLE, TITLE, TITLE, TITLE, NULL);
	expect_row(x, 3, "STT", "Họ và tên", "Ngày sinh", "Quê quán", "Quê quán", "Đơn vị", NULL);
	expect_row(x, 4, "STT", "Họ và tên", "Ngày sinh", "Tỉnh", "Huyện", NULL);
	expect_row(x, 5, "1", "Nguyễn Văn A", "01/01/1980", "Hà Nội", "Ba Vì", "Phòng Nội vụ",
	           NULL);
	expect_row(x, 6, "2", "", "", "", "", "Phòng Nội vụ", NULL);
	expect_row(x, 7, "3", "", "", "", "", "Phòng Nội vụ", NULL);
	expect_end(x);
	/* Selecting again restarts the sheet. */
	assert_int_equal(xlsxr_select(x, NULL, &e), 0);
	expect_row(x, 1, TITLE, TITLE, TITLE, TITLE, TITLE, TITLE, TITLE, TITLE, NULL);
	xlsxr_close(x);
#undef TITLE
}

/* The merged-range scan looks for "<mergeCells" in 64 KiB windows: the
 * tag must be found wherever the window boundary cuts it, with or without
 * a prefix. */
static void test_merged_at_chunk_boundary(void **state)
{
	(void)state;
	static const char head[] = XMLDECL "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>"
	                                   "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><!--";
	static const char *const tails[] = {
	    "--></sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells>"
	    "</worksheet>",
	    "--></sheetData><xyz:mergeCells count=\"1\"><xyz:mergeCell ref=\"A1:B1\"/>"
	    "</xyz:mergeCells></worksheet>",
	};
	xlsxr_opts_t o = {.fill_merged = XLSXR_FILL_ROW};
	buf_t s;

	buf_init(&s, 0);
	for (size_t t = 0; t < 2; t++) {
		/* Offset of "mergeCells" in the part: head, padding, then the tail. */
		size_t at = strlen(head) + (size_t)(strstr(tails[t], "mergeCells") - tails[t]);
		for (size_t target = 65536 - 16; target <= 65536 + 2; target++) {
			xlsxr_t *x;
			const xlsxr_range_t *mr;
			size_t nm;
			err_t e;

			buf_reset(&s);
			buf_puts(&s, head);
			for (size_t i = at; i < target; i++)
				buf_putc(&s, 'x');
			buf_puts(&s, tails[t]);
			assert_int_equal(strstr(s.p, "mergeCells") - s.p, (long)target);
			x = open_book(s.p, NULL, NULL, &o);
			expect_row(x, 1, "1", "1", NULL);
			expect_end(x);
			assert_int_equal(xlsxr_merged(x, &mr, &nm, &e), 0);
			assert_int_equal(nm, 1);
			assert_int_equal(mr[0].col2, 1);
			xlsxr_close(x);
		}
	}
	buf_free(&s);
}

/* Element names with a prefix (the .NET Open XML SDK writes <x:row>). */
static void test_prefixed_names(void **state)
{
	(void)state;
	static const char sheet[] =
	    XMLDECL "<x:worksheet xmlns:x=\"" NS_MAIN "\"><x:sheetData>"
	            "<x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>Mã</x:t></x:is></x:c>"
	            "<x:c r=\"C1\" t=\"s\"><x:v>0</x:v></x:c></x:row></x:sheetData>"
	            "<x:mergeCells><x:mergeCell ref=\"A1:B1\"/></x:mergeCells></x:worksheet>";
	static const char sst[] =
	    XMLDECL "<x:sst xmlns:x=\"" NS_MAIN "\"><x:si><x:t>Tên</x:t></x:si></x:sst>";
	xlsxr_opts_t o = {.fill_merged = XLSXR_FILL_ROW};
	xlsxr_t *x = open_book(sheet, sst, NULL, &o);

	expect_row(x, 1, "Mã", "Mã", "Tên", NULL);
	expect_end(x);
	xlsxr_close(x);
}

/* ---- sheets ----------------------------------------------------------- */

static void test_sheets(void **state)
{
	(void)state;
	static const char wb[] =
	    XMLDECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><sheets>"
	            "<sheet name=\"Hướng dẫn\" sheetId=\"3\" state=\"hidden\" r:id=\"rId3\"/>"
	            "<sheet name=\"Danh sách\" sheetId=\"1\" r:id=\"rId1\"/>"
	            "<sheet name=\"Biểu đồ\" sheetId=\"4\" r:id=\"rId4\"/>"
	            "<sheet name=\"Đơn vị\" sheetId=\"2\" r:id=\"rId2\"/>"
	            "</sheets></workbook>";
	static const char rels[] = XMLDECL
	    "<Relationships xmlns=\"" NS_PKG "\">"
	    "<Relationship Id=\"rId4\" Type=\"" NS_REL
	    "/chartsheet\" Target=\"chartsheets/sheet1.xml\"/>"
	    "<Relationship Id=\"rId2\" Type=\"" NS_REL
	    "/worksheet\" Target=\"/xl/worksheets/b.xml\"/>"
	    "<Relationship Id=\"rId1\" Type=\"" NS_REL
	    "/worksheet\" Target=\"./worksheets/../worksheets/a.xml\"/>"
	    "<Relationship Id=\"rId3\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/c.xml\"/>"
	    "<Relationship Id=\"rId9\" Type=\"" NS_REL
	    "/hyperlink\" Target=\"http://x\" TargetMode=\"External\"/>"
	    "</Relationships>";
	const part_t parts[] = {
	    {"_rels/.rels", ROOT_RELS, 0},
	    {"xl/workbook.xml", wb, 0},
	    {"xl/_rels/workbook.xml.rels", rels, 0},
	    {"xl/worksheets/a.xml",
	     WS("<row r=\"1\"><c t=\"inlineStr\"><is><t>người</t></is></c></row>"), 0},
	    {"xl/worksheets/b.xml",
	     WS("<row r=\"1\"><c t=\"inlineStr\"><is><t>đơn vị</t></is></c></row>"), 0},
	    {"xl/worksheets/c.xml",
	     WS("<row r=\"1\"><c t=\"inlineStr\"><is><t>hướng dẫn</t></is></c></row>"), 0},
	    {"xl/chartsheets/sheet1.xml", "<chartsheet/>", 0},
	};
	size_t n;
	unsigned char *b = zip_parts(parts, sizeof parts / sizeof *parts, 6, &n);
	err_t e;
	xlsxr_t *x = xlsxr_open_mem(b, n, NULL, &e);

	if (!x)
		fail_msg("%s", e.msg);
	assert_int_equal(xlsxr_sheet_count(x), 3);
	assert_string_equal(xlsxr_sheet_name(x, 0), "Hướng dẫn");
	assert_string_equal(xlsxr_sheet_name(x, 1), "Danh sách");
	assert_string_equal(xlsxr_sheet_name(x, 2), "Đơn vị");
	assert_int_equal(xlsxr_sheet_hidden(x, 0), 1);
	assert_int_equal(xlsxr_sheet_hidden(x, 1), 0);

	/* Default: the first visible sheet. */
	expect_row(x, 1, "người", NULL);
	assert_int_equal(xlsxr_selected(x), 1);
	expect_end(x);

	assert_int_equal(xlsxr_select(x, "Đơn vị", &e), 0);
	expect_row(x, 1, "đơn vị", NULL);
	assert_int_equal(xlsxr_select(x, "don vi", &e), 0);
	assert_int_equal(xlsxr_selected(x), 2);
	expect_row(x, 1, "đơn vị", NULL);
	assert_int_equal(xlsxr_select(x, "HƯỚNG DẪN", &e), 0);
	expect_row(x, 1, "hướng dẫn", NULL);
	expect_end(x);
	assert_int_equal(xlsxr_select(x, "  danh   SACH ", &e), 0);
	expect_row(x, 1, "người", NULL);

	/* Not found: the message lists the sheets; the reader stays usable. */
	assert_int_equal(xlsxr_select(x, "Biểu đồ", &e), -1);
	assert_int_equal(e.code, ERR_NOT_FOUND);
	assert_non_null(strstr(e.msg, "«Danh sách»"));
	assert_non_null(strstr(e.msg, "«Đơn vị»"));
	assert_int_equal(xlsxr_select(x, "Danh sách", &e), 0);
	expect_row(x, 1, "người", NULL);
	xlsxr_close(x);
	free(b);
}

/* Text is passed through as stored: NFC stays NFC, decomposed stays
 * decomposed (text_clean() normalises later). */
static void test_vietnamese_bytes(void **state)
{
	(void)state;
	static const char sst[] = SST("<si><t>Nguyễn Thị Ánh Tuyết</t></si>"
	                              "<si><t>Nguye\xcc\x82\xcc\x83n</t></si>"
	                              "<si><t>ĐẶNG ƯỚC Ỷ</t></si>");
	static const char sheet[] =
	    WS("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
	       "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"inlineStr\"><is><t>Quảng "
	       "Trị</t></is></c>"
	       "</row>");
	xlsxr_t *x = open_book(sheet, sst, NULL, NULL);

	expect_row(x, 1, "Nguyễn Thị Ánh Tuyết", "Nguye\xcc\x82\xcc\x83n", "ĐẶNG ƯỚC Ỷ",
	           "Quảng Trị", NULL);
	expect_end(x);
	xlsxr_close(x);
}

static void test_file_open(void **state)
{
	(void)state;
	static const char sheet[] = WS("<row r=\"3\"><c r=\"B3\"><v>7</v></c></row>");
	char path[] = "/tmp/test_xlsxr_XXXXXX";
	size_t n;
	unsigned char *b = book(sheet, NULL, NULL, &n);
	int fd = mkstemp(path);
	err_t e;
	xlsxr_t *x;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, b, n), (ssize_t)n);
	close(fd);
	x = xlsxr_open_file(path, NULL, &e);
	if (!x)
		fail_msg("%s", e.msg);
	expect_row(x, 3, "", "7", NULL);
	expect_end(x);
	xlsxr_close(x);

	/* File-size cap, checked before libzip reads anything. */
	xlsxr_opts_t o = {.max_file = 100};
	assert_null(xlsxr_open_file(path, &o, &e));
	assert_int_equal(e.code, ERR_TOO_LARGE);
	unlink(path);
	free(b);

	assert_null(xlsxr_open_file("/nonexistent/dir/x.xlsx", NULL, &e));
	assert_int_equal(e.code, ERR_NOT_FOUND);
	assert_null(xlsxr_open_file("/tmp", NULL, &e));
	assert_int_equal(e.code, ERR_IO);
}

/* ---- refusals --------------------------------------------------------- */

static const char LAUGHS[] =
    XMLDECL "<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
            "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
            "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">"
            "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
            "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
            "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
            "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
            "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
            "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
            "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">"
            "]><worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\"><c r=\"A1\" "
            "t=\"inlineStr\"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>";

static const char XXE[] = XMLDECL "<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                                  "<sst xmlns=\"" NS_MAIN "\"><si><t>&xxe;</t></si></sst>";

static void test_refuse_doctype(void **state)
{
	(void)state;
	static const char sheet[] = WS("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>");
	static const char wb_dtd[] = XMLDECL
	    "<!DOCTYPE workbook><workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">"
	    "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
	const char *want = "khai báo DOCTYPE/thực thể, không được phép";
	clock_t t0 = clock();
	xlsxr_t *x;
	size_t n;
	unsigned char *b;
	err_t e;

	/* Billion laughs in the sheet: refused at the DOCTYPE, at once. */
	x = open_book(LAUGHS, NULL, NULL, NULL);
	expect_fail(x, ERR_INVALID, want);
	xlsxr_close(x);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);

	/* External entity in the shared strings: refused when they load. */
	x = open_book(sheet, XXE, NULL, NULL);
	assert_int_equal(xlsxr_select(x, NULL, &e), -1);
	assert_int_equal(e.code, ERR_INVALID);
	assert_non_null(strstr(e.msg, want));
	assert_int_equal(xlsxr_select(x, NULL, &e), -1); /* sticky */
	xlsxr_close(x);

	/* A bare DOCTYPE in the workbook: refused at open. */
	b = book(sheet, NULL, wb_dtd, &n);
	assert_null(xlsxr_open_mem(b, n, NULL, &e));
	assert_int_equal(e.code, ERR_INVALID);
	assert_non_null(strstr(e.msg, want));
	free(b);

	/* An undeclared entity is an XML error. */
	x = open_book(
	    WS("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&foo;</t></is></c></row>"), NULL,
	    NULL, NULL);
	expect_fail(x, ERR_INVALID, "lỗi XML trong phần xl/worksheets/sheet1.xml");
	xlsxr_close(x);
}

static void test_refuse_zip_bomb(void **state)
{
	(void)state;
	enum { BIG = 50 << 20 };
	char *zeros = calloc(1, BIG);
	part_t p[] = {
	    {"_rels/.rels", ROOT_RELS, 0},
	    {"xl/workbook.xml", WB_1900, 0},
	    {"xl/_rels/workbook.xml.rels", WB_RELS, 0},
	    {"xl/worksheets/sheet1.xml", zeros, BIG},
	};
	size_t n;
	unsigned char *b;
	xlsxr_t *x;
	err_t e;
	clock_t t0;
	xlsxr_opts_t o = {0};

	assert_non_null(zeros);
	b = zip_parts(p, 4, 9, &n);
	free(zeros);
	assert_true(n < BIG / 200);
	t0 = clock();

	/* Default caps: 50 MiB of zeros deflate over 1000:1. */
	x = xlsxr_open_mem(b, n, NULL, &e);
	assert_non_null(x);
	assert_int_equal(xlsxr_select(x, NULL, &e), -1);
	assert_int_equal(e.code, ERR_INVALID);
	assert_non_null(strstr(e.msg, "Tệp nén có tỉ lệ nén bất thường (nghi là zip bomb)"));
	xlsxr_close(x);

	/* Same through xlsxr_next() (which selects the first sheet). */
	x = xlsxr_open_mem(b, n, NULL, &e);
	expect_fail(x, ERR_INVALID, "zip bomb");
	xlsxr_close(x);

	/* A lower size cap: refused by the declared size, before inflating. */
	o.max_sheet = 10 << 20;
	x = xlsxr_open_mem(b, n, &o, &e);
	assert_int_equal(xlsxr_select(x, NULL, &e), -1);
	assert_int_equal(e.code, ERR_TOO_LARGE);
	assert_non_null(strstr(e.msg, "vượt giới hạn"));
	xlsxr_close(x);

	/* A total cap below the declared sum: refused at open. */
	o.max_sheet = 0;
	o.max_total = 20 << 20;
	assert_null(xlsxr_open_mem(b, n, &o, &e));
	assert_int_equal(e.code, ERR_TOO_LARGE);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);
	free(b);
}

/* Rewrites the uncompressed size of entry name in its local header and in
 * the central directory (little-endian 32 bits) to size. */
static void patch_size(unsigned char *z, size_t n, const char *name, uint32_t size)
{
	size_t nl = strlen(name);
	int patched = 0;

	for (size_t i = 0; i + 46 + nl <= n; i++) {
		size_t field;
		if (z[i] != 'P' || z[i + 1] != 'K')
			continue;
		if (z[i + 2] == 3 && z[i + 3] == 4 && memcmp(z + i + 30, name, nl) == 0)
			field = i + 22;
		else if (z[i + 2] == 1 && z[i + 3] == 2 && memcmp(z + i + 46, name, nl) == 0)
			field = i + 24;
		else
			continue;
		for (int k = 0; k < 4; k++)
			z[field + (size_t)k] = (unsigned char)(size >> (8 * k));
		patched++;
	}
	assert_int_equal(patched, 2);
}

static void test_refuse_size_lie(void **state)
{
	(void)state;
	/* 200 rows of real XML declared as 1000 bytes. */
	buf_t s;
	size_t n;
	unsigned char *b;
	xlsxr_t *x;
	err_t e;

	buf_init(&s, 0);
	buf_puts(&s, XMLDECL "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>");
	for (int i = 1; i <= 200; i++)
		buf_printf(&s, "<row r=\"%d\"><c r=\"A%d\"><v>%d</v></c></row>", i, i, i);
	buf_puts(&s, "</sheetData></worksheet>");
	{
		part_t p[] = {
		    {"_rels/.rels", ROOT_RELS, 0},
		    {"xl/workbook.xml", WB_1900, 0},
		    {"xl/_rels/workbook.xml.rels", WB_RELS, 0},
		    {"xl/worksheets/sheet1.xml", s.p, s.len},
		};
		b = zip_parts(p, 4, 6, &n);
	}
	patch_size(b, n, "xl/worksheets/sheet1.xml", 1000);
	x = xlsxr_open_mem(b, n, NULL, &e);
	if (!x)
		fail_msg("%s", e.msg);
	expect_fail(x, ERR_INVALID, "xl/worksheets/sheet1.xml");
	xlsxr_close(x);
	free(b);
	buf_free(&s);
}

static void test_refuse_not_xlsx(void **state)
{
	(void)state;
	static const unsigned char cfb[16] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	static const char text[] = "Họ và tên,Ngày sinh\nNguyễn Văn A,01/01/1980\n";
	static const char sheet[] = WS("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>");
	part_t only_types[] = {{"[Content_Types].xml", "<Types/>", 0}};
	part_t no_rels[] = {{"xl/workbook.xml", WB_1900, 0},
	                    {"xl/worksheets/sheet1.xml", sheet, 0}};
	part_t bad_xml[] = {{"xl/workbook.xml", "<workbook><sheets>", 0}};
	err_t e;
	size_t n;
	unsigned char *b;

	assert_null(xlsxr_open_mem(text, sizeof text - 1, NULL, &e));
	assert_int_equal(e.code, ERR_INVALID);
	assert_non_null(strstr(e.msg, "không phải tệp .xlsx"));
	assert_null(xlsxr_open_mem("", 0, NULL, &e));
	assert_int_equal(e.code, ERR_INVALID);
	assert_null(xlsxr_open_mem(cfb, sizeof cfb, NULL, &e));
	assert_int_equal(e.code, ERR_INVALID);
	assert_non_null(strstr(e.msg, ".xls"));

	/* A zip without the workbook. */
	b = zip_parts(only_types, 1, 6, &n);
	assert_null(xlsxr_open_mem(b, n, NULL, &e));
	assert_int_equal(e.code, ERR_INVALID);
	assert_non_null(strstr(e.msg, "thiếu phần xl/workbook.xml"));
	free(b);

	/* Workbook without its relationships. */
	b = zip_parts(no_rels, 2, 6, &n);
	assert_null(xlsxr_open_mem(b, n, NULL, &e));
	assert_int_equal(e.code, ERR_INVALID);
	assert_non_null(strstr(e.msg, "xl/_rels/workbook.xml.rels"));
	free(b);

	/* Truncated XML. */
	b = zip_parts(bad_xml, 1, 6, &n);
	assert_null(xlsxr_open_mem(b, n, NULL, &e));
	assert_int_equal(e.code, ERR_INVALID);
	assert_non_null(strstr(e.msg, "lỗi XML"));
	free(b);

	/* A truncated archive. */
	b = book(sheet, NULL, NULL, &n);
	assert_null(xlsxr_open_mem(b, n / 2, NULL, &e));
	assert_int_equal(e.code, ERR_INVALID);
	free(b);
}

static void test_refuse_limits(void **state)
{
	(void)state;
	static const char sst[] = SST("<si><t>a</t></si><si><t>b</t></si><si><t>c</t></si>");
	xlsxr_opts_t o = {0};
	xlsxr_t *x;
	err_t e;
	buf_t s;

	/* Column XFE is one past Excel's last. */
	x = open_book(WS("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>"), NULL, NULL, NULL);
	expect_fail(x, ERR_TOO_LARGE, "16384 cột");
	xlsxr_close(x);
	x = open_book(WS("<row r=\"1\"><c r=\"AAAAAAAAAAAAAAAAAAAAA1\"><v>1</v></c></row>"), NULL,
	              NULL, NULL);
	expect_fail(x, ERR_TOO_LARGE, "cột");
	xlsxr_close(x);
	/* A lower cap, as an importer would set. */
	o.max_cols = 10;
	x = open_book(WS("<row r=\"1\"><c r=\"J1\"><v>1</v></c></row><row r=\"2\"><c "
	                 "r=\"K2\"><v>1</v></c></row>"),
	              NULL, NULL, &o);
	expect_row(x, 1, "", "", "", "", "", "", "", "", "", "1", NULL);
	expect_fail(x, ERR_TOO_LARGE, "ô K2");
	xlsxr_close(x);
	/* Cells without references past the cap. */
	x = open_book(WS("<row r=\"1\"><c/><c/><c/><c/><c/><c/><c/><c/><c/><c/><c/></row>"), NULL,
	              NULL, &o);
	expect_fail(x, ERR_TOO_LARGE, "cột");
	xlsxr_close(x);
	o.max_cols = 0;

	/* Row numbers. */
	x = open_book(WS("<row r=\"1048577\"><c r=\"A1048577\"><v>1</v></c></row>"), NULL, NULL,
	              NULL);
	expect_fail(x, ERR_TOO_LARGE, "1048576");
	xlsxr_close(x);
	x = open_book(WS("<row r=\"0\"><c r=\"A1\"><v>1</v></c></row>"), NULL, NULL, NULL);
	expect_fail(x, ERR_INVALID, "số dòng");
	xlsxr_close(x);
	x = open_book(WS("<row r=\"1\"><c r=\"11\"><v>1</v></c></row>"), NULL, NULL, NULL);
	expect_fail(x, ERR_INVALID, "địa chỉ ô");
	xlsxr_close(x);

	/* Shared-string index out of range. */
	x = open_book(WS("<row r=\"1\"><c r=\"B1\" t=\"s\"><v>3</v></c></row>"), sst, NULL, NULL);
	expect_fail(x, ERR_INVALID, "ô B1");
	xlsxr_close(x);

	/* Shared-string count: by the declared uniqueCount (9) and by counting. */
	o.max_strings = 2;
	x = open_book(WS(""), sst, NULL, &o);
	assert_int_equal(xlsxr_select(x, NULL, &e), -1);
	assert_int_equal(e.code, ERR_TOO_LARGE);
	xlsxr_close(x);
	x = open_book(WS(""),
	              XMLDECL "<sst><si><t>a</t></si><si><t>b</t></si><si><t>c</t></si></sst>",
	              NULL, &o);
	assert_int_equal(xlsxr_select(x, NULL, &e), -1);
	assert_int_equal(e.code, ERR_TOO_LARGE);
	assert_non_null(strstr(e.msg, "chuỗi dùng chung"));
	xlsxr_close(x);
	o.max_strings = 0;

	/* Cell length: 32767 characters pass, 32768 do not (counted in
	 * characters: "ă" is two bytes). */
	buf_init(&s, 0);
	buf_puts(&s, WS_TAIL("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>", ""));
	s.len = strstr(s.p, "<t>") + 3 - s.p;
	for (int i = 0; i < 32767; i++)
		buf_puts(&s, "ă");
	buf_puts(&s, "</t></is></c></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>");
	for (int i = 0; i < 32768; i++)
		buf_puts(&s, "ă");
	buf_puts(&s, "</t></is></c></row></sheetData></worksheet>");
	x = open_book(s.p, NULL, NULL, NULL);
	{
		xlsxr_row_t row;
		assert_int_equal(xlsxr_next(x, &row, &e), 1);
		assert_int_equal(row.lens[0], 2 * 32767);
	}
	expect_fail(x, ERR_TOO_LARGE, "ô A2");
	xlsxr_close(x);
	buf_free(&s);

	/* Too many merged ranges. */
	o.max_merges = 2;
	o.fill_merged = XLSXR_FILL_ROW;
	x = open_book(WS_TAIL("", "<mergeCells><mergeCell ref=\"A1:B1\"/><mergeCell ref=\"A2:B2\"/>"
	                          "<mergeCell ref=\"A3:B3\"/></mergeCells>"),
	              NULL, NULL, &o);
	assert_int_equal(xlsxr_select(x, NULL, &e), -1);
	assert_int_equal(e.code, ERR_TOO_LARGE);
	xlsxr_close(x);

	/* Too many entries. */
	o = (xlsxr_opts_t){.max_entries = 3};
	{
		size_t n;
		unsigned char *b = book(WS(""), NULL, NULL, &n);
		assert_null(xlsxr_open_mem(b, n, &o, &e));
		assert_int_equal(e.code, ERR_TOO_LARGE);
		free(b);
	}

	/* Bad XML inside the sheet, reported with its position. */
	x = open_book(WS("<row r=\"1\"><c r=\"A1\"><v>1</c></row>"), NULL, NULL, NULL);
	expect_fail(x, ERR_INVALID, "dòng 2");
	xlsxr_close(x);
}

/* ---- volume ----------------------------------------------------------- */

static void test_many_rows(void **state)
{
	(void)state;
	enum { ROWS = 200000, COLS = 10, NAMES = 5000 };
	buf_t sst, sh;
	size_t n;
	unsigned char *b;
	xlsxr_t *x;
	xlsxr_row_t row;
	err_t e;
	long got = 0;
	int rc;
	struct timespec t0, t1;
	char line[1024];

	buf_init(&sst, 0);
	buf_init(&sh, (size_t)256 << 20);
	buf_printf(&sst, XMLDECL "<sst xmlns=\"" NS_MAIN "\" uniqueCount=\"%d\">", NAMES + 3);
	for (int i = 0; i < NAMES; i++)
		buf_printf(&sst, "<si><t>Nguyễn Văn Tên%d</t></si>", i);
	buf_puts(&sst, "<si><t>Phòng Nội vụ</t></si><si><t>Chuyên viên</t></si>"
	               "<si><r><t xml:space=\"preserve\">Hoàn thành </t></r><r><t>tốt nhiệm "
	               "vụ</t></r></si></sst>");
	buf_puts(&sh, XMLDECL "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>");
	for (int i = 1; i <= ROWS; i++) {
		int len =
		    snprintf(line, sizeof line,
		             "<row r=\"%d\" spans=\"1:10\"><c r=\"A%d\"><v>%d</v></c>"
		             "<c r=\"B%d\" t=\"s\"><v>%d</v></c><c r=\"C%d\" s=\"1\"><v>%d</v></c>"
		             "<c r=\"D%d\" t=\"s\"><v>%d</v></c><c r=\"E%d\" t=\"s\"><v>%d</v></c>"
		             "<c r=\"F%d\"><v>2.34</v></c><c r=\"G%d\"><v>%d</v></c>"
		             "<c r=\"H%d\" t=\"s\"><v>%d</v></c><c r=\"I%d\" s=\"2\"/>"
		             "<c r=\"J%d\" t=\"inlineStr\"><is><t>x</t></is></c></row>",
		             i, i, i, i, i % NAMES, i, 25000 + i % 10000, i, NAMES, i, NAMES + 1, i,
		             i, i % 100, i, NAMES + 2, i, i);
		buf_add(&sh, line, (size_t)len);
	}
	buf_puts(&sh, "</sheetData></worksheet>");
	assert_int_equal(sh.err, 0);
	{
		part_t p[] = {
		    {"_rels/.rels", ROOT_RELS, 0},
		    {"xl/workbook.xml", WB_1900, 0},
		    {"xl/_rels/workbook.xml.rels", WB_RELS, 0},
		    {"xl/styles.xml", STYLES, 0},
		    {"xl/worksheets/sheet1.xml", sh.p, sh.len},
		    {"xl/sharedStrings.xml", sst.p, sst.len},
		};
		b = zip_parts(p, 6, 1, &n);
	}
	printf("# %d rows: sheet XML %zu bytes, .xlsx %zu bytes\n", ROWS, sh.len, n);
	buf_free(&sh);
	buf_free(&sst);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	x = xlsxr_open_mem(b, n, NULL, &e);
	if (!x)
		fail_msg("%s", e.msg);
	err_clear(&e);
	while ((rc = xlsxr_next(x, &row, &e)) == 1) {
		got++;
		if (row.ncells != COLS || row.rownum != got)
			fail_msg("row %ld: %zu cells", row.rownum, row.ncells);
		if (got % 9973 == 0) {
			char want[32];
			snprintf(want, sizeof want, "%ld", got);
			assert_string_equal(row.cells[0], want);
			snprintf(want, sizeof want, "Nguyễn Văn Tên%ld", got % NAMES);
			assert_string_equal(row.cells[1], want);
			assert_int_equal(row.lens[2], 10);
			assert_string_equal(row.cells[3], "Phòng Nội vụ");
			assert_string_equal(row.cells[7], "Hoàn thành tốt nhiệm vụ");
			assert_string_equal(row.cells[8], "");
			assert_string_equal(row.cells[9], "x");
		}
	}
	if (rc != 0)
		fail_msg("after row %ld: %s", got, e.msg);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("# %ld rows × %d columns read in %.2f s\n", got, COLS,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	assert_int_equal(got, ROWS);
	xlsxr_close(x);
	free(b);
}

/* ---- seed corpus for fuzz/fuzz_xlsxr.c --------------------------------- */

static void write_file(const char *dir, const char *name, const void *p, size_t n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	fclose(f);
}

/* Writes one workbook (stored, uncompressed: the fuzzer can then mutate the
 * XML itself) into dir. */
static void write_book(const char *dir, const char *name, const char *wb, const char *sheet,
                       const char *sst, size_t cut)
{
	part_t p[6] = {
	    {"_rels/.rels", ROOT_RELS, 0},
	    {"xl/workbook.xml", wb, 0},
	    {"xl/_rels/workbook.xml.rels", WB_RELS, 0},
	    {"xl/styles.xml", STYLES, 0},
	    {"xl/worksheets/sheet1.xml", sheet, 0},
	    {"xl/sharedStrings.xml", sst, 0},
	};
	size_t n;
	unsigned char *b = zip_parts(p, sst ? 6 : 5, -1, &n);
	write_file(dir, name, b, cut && cut < n ? cut : n);
	free(b);
}

static void test_write_corpus(void **state)
{
	(void)state;
	const char *dir = getenv("XLSXR_CORPUS");
	static const char dates[] = WS(
	    "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>29221</v></c><c r=\"B1\" s=\"3\"><v>60.5</v></c>"
	    "<c r=\"C1\" s=\"5\"><v>0.25</v></c><c r=\"D1\" t=\"d\" "
	    "s=\"7\"><v>2024-01-02T03:04:05</v></c>"
	    "<c r=\"E1\" t=\"b\"><v>1</v></c><c r=\"F1\" t=\"e\"><v>#N/A</v></c><c "
	    "r=\"G1\"><v>1.5E-5</v></c></row>");
	static const char types[] = WS("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" "
	                               "t=\"inlineStr\"><is><r><t>a</t></r>"
	                               "<r><t xml:space=\"preserve\"> b_x000D_</t></r></is></c><c "
	                               "t=\"str\"><f>1</f><v>x</v></c></row>"
	                               "<row><c><v>007.50</v></c></row>");
	static const char sst[] =
	    SST("<si><r><t>Nguyễn </t></r><r><t>Văn</t></r><rPh><t>x</t></rPh></si><si><t/></si>");

	if (!dir)
		skip();
	write_book(dir, "types.xlsx", WB_1900, types, sst, 0);
	write_book(dir, "dates1900.xlsx", WB_1900, dates, NULL, 0);
	write_book(dir, "dates1904.xlsx", WB_1904, dates, NULL, 0);
	write_book(dir, "merged.xlsx", WB_1900, TITLE_SHEET, TITLE_SST, 0);
	write_book(dir, "bad_doctype.xlsx", WB_1900, LAUGHS, NULL, 0);
	write_book(dir, "bad_xxe.xlsx", WB_1900, types, XXE, 0);
	write_book(dir, "bad_truncated.xlsx", WB_1900, TITLE_SHEET, TITLE_SST, 700);
	write_book(dir, "bad_refs.xlsx", WB_1900,
	           WS("<row r=\"0\"><c r=\"XFE1\" t=\"s\"><v>99</v></c></row>"), sst, 0);
	write_file(dir, "bad_notzip.xlsx", "Họ và tên;Ngày sinh\n",
	           strlen("Họ và tên;Ngày sinh\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_strings_and_types),
	    cmocka_unit_test(test_dates_1900),
	    cmocka_unit_test(test_dates_1904),
	    cmocka_unit_test(test_sparse_rows),
	    cmocka_unit_test(test_title_and_merged),
	    cmocka_unit_test(test_merged_at_chunk_boundary),
	    cmocka_unit_test(test_prefixed_names),
	    cmocka_unit_test(test_sheets),
	    cmocka_unit_test(test_vietnamese_bytes),
	    cmocka_unit_test(test_file_open),
	    cmocka_unit_test(test_refuse_doctype),
	    cmocka_unit_test(test_refuse_zip_bomb),
	    cmocka_unit_test(test_refuse_size_lie),
	    cmocka_unit_test(test_refuse_not_xlsx),
	    cmocka_unit_test(test_refuse_limits),
	    cmocka_unit_test(test_many_rows),
	    cmocka_unit_test(test_write_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
