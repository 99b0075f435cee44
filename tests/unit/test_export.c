/*
 * Tests of app/export and lib/xlsxw: a small city's people exported as CSV
 * (checked byte for byte: BOM on and off, CRLF, Vietnamese name order, a
 * name holding a comma and quotes, a value starting with '=' guarded) and
 * as XLSX (unzipped with libzip: frozen header pane, dates as numbers with
 * a dd/mm/yyyy style, Vietnamese text intact, the print set-up), the import
 * error report with its bad cells marked, and the writer's edge cases
 * (invalid UTF-8, dates before 1900-03-01, errors remembered and reported,
 * no file left behind on failure).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "app/export.h"
#include "app/org.h"
#include "app/people.h"
#include "lib/date.h"
#include "lib/xlsxw.h"

#include "testdb.h"

static char dir[64], dbpath[96], out[128];
static app_ctx_t ctx;

/* ---- helpers -------------------------------------------------------- */

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = malloc((size_t)len + 1);
	assert_int_equal(fread(p, 1, (size_t)len, f), (size_t)len);
	p[len] = 0;
	fclose(f);
	if (n)
		*n = (size_t)len;
	return p;
}

/* The member name of the zip at path, NUL-terminated (caller frees), or
 * NULL when the zip has no such member. */
static char *unzip(const char *path, const char *name)
{
	int err = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &err);
	assert_non_null(z);
	zip_stat_t st;
	char *p = NULL;
	if (zip_stat(z, name, 0, &st) == 0) {
		zip_file_t *f = zip_fopen(z, name, 0);
		assert_non_null(f);
		p = malloc(st.size + 1);
		assert_int_equal(zip_fread(f, p, st.size), (zip_int64_t)st.size);
		p[st.size] = 0;
		zip_fclose(f);
	}
	zip_close(z);
	return p;
}

/* The start tag of cell ref ("C6") in sheet xml, as a new string. */
static char *cell_tag(const char *xml, const char *ref)
{
	char needle[32];
	snprintf(needle, sizeof needle, "<c r=\"%s\"", ref);
	const char *p = strstr(xml, needle);
	if (!p)
		return NULL;
	const char *q = strchr(p, '>');
	return strndup(p, (size_t)(q - p + 1));
}

/* The whole element of cell ref, "<c …>…</c>" or "<c …/>", new string. */
static char *cell_xml(const char *xml, const char *ref)
{
	char needle[32];
	snprintf(needle, sizeof needle, "<c r=\"%s\"", ref);
	const char *p = strstr(xml, needle);
	if (!p)
		return NULL;
	const char *q = strchr(p, '>');
	if (q[-1] == '/')
		return strndup(p, (size_t)(q - p + 1));
	q = strstr(p, "</c>");
	return strndup(p, (size_t)(q - p + 4));
}

/* The integer value of attribute name in tag, or -1. */
static long attr_int(const char *tag, const char *name)
{
	char needle[32];
	snprintf(needle, sizeof needle, " %s=\"", name);
	const char *p = strstr(tag, needle);
	return p ? strtol(p + strlen(needle), NULL, 10) : -1;
}

/* The attribute name of the index-th <xf> in styles.xml's cellXfs. */
static long xf_attr(const char *styles, long index, const char *name)
{
	const char *p = strstr(styles, "<cellXfs");
	assert_non_null(p);
	for (long i = 0; i <= index; i++) {
		p = strstr(p + 1, "<xf ");
		assert_non_null(p);
	}
	char *tag = strndup(p, (size_t)(strchr(p, '>') - p + 1));
	long v = attr_int(tag, name);
	free(tag);
	return v;
}

/* The numFmtId styles.xml gives the format code, or -1. */
static long numfmt_id(const char *styles, const char *code)
{
	char needle[96];
	snprintf(needle, sizeof needle, "formatCode=\"%s\"", code);
	const char *p = strstr(styles, needle);
	if (!p)
		return -1;
	while (p > styles && strncmp(p, "<numFmt ", 8) != 0)
		p--;
	return attr_int(p, "numFmtId");
}

/* The index of the first <fill> in styles.xml mentioning rgb, or -1. */
static long fill_index(const char *styles, const char *rgb)
{
	const char *p = strstr(styles, "<fills");
	const char *hit = strstr(styles, rgb);
	if (!p || !hit)
		return -1;
	long i = -1;
	while ((p = strstr(p + 1, "<fill>")) != NULL && p < hit)
		i++;
	return i;
}

/* ---- fixture -------------------------------------------------------- */

static void put_person(const char *code, const char *name, const char *birth, const char *gender,
		       const char *category, const char *unit, const char *position,
		       const char *rank, const char *degree, const char *llct, const char *qlnn)
{
	person_rec_t rec = {0};
	rec.v[PF_CODE] = code;
	rec.v[PF_FULL_NAME] = name;
	rec.v[PF_BIRTH_DATE] = birth;
	rec.v[PF_GENDER] = gender;
	rec.v[PF_CATEGORY] = category;
	rec.v[PF_RANK_CODE] = rank;
	rec.v[PF_DEGREE] = degree;
	rec.v[PF_LLCT] = llct;
	rec.v[PF_QLNN] = qlnn;
	rec.has_post = 1;
	rec.post.unit_code = unit;
	rec.post.position = position;
	rec.post.is_leader = -1;
	rec.post.from = "2020-01-01";
	err_t e = {0};
	int outcome;
	assert_int_equal(db_begin(ctx.db, &e), 0);
	assert_int_equal(people_put(&ctx, &rec, "2025-01-01", &outcome, &e), 0);
	assert_int_equal(db_commit(ctx.db, &e), 0);
	assert_int_equal(outcome, 1);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/canbo-test-export-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(dbpath, sizeof dbpath, "%s/t.db", dir);
	err_t e = {0};
	assert_int_equal(app_ctx_open(&ctx, testdb(dbpath), 1, &e), 0);
	ctx.quiet = 1;
	unit_rec_t hn = {.code = "HN", .name = "Thành phố Hà Nội", .kind = "city",
			 .sector = "government"};
	unit_rec_t snv = {.code = "SNV", .name = "Sở Nội vụ", .kind = "department",
			  .sector = "government", .parent_code = "HN"};
	assert_int_equal(org_unit_add(&ctx, &hn, &e), 0);
	assert_int_equal(org_unit_add(&ctx, &snv, &e), 0);
	put_person("P01", "Nguyễn Văn An", "1980-02-01", "M", "CB", "SNV", "Giám đốc Sở", "01.002",
		   "thac_si", "cao_cap", "chuyen_vien_cao_cap");
	put_person("P02", "Trần Thị \"Bé\", Hoa", "1990-05-15", "F", "LDHD", "HN", "Nhân viên",
		   NULL, NULL, NULL, NULL);
	put_person("P03", "Lê Văn Đức", "1985-04-03", "M", "CC", "SNV", "=1+2", "01.003",
		   "dai_hoc", NULL, NULL);
	put_person("P04", "Phạm Thị Yến", NULL, "F", "VC", "SNV", "Chuyên viên", NULL, NULL,
		   NULL, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	app_ctx_close(&ctx);
	char p[160];
	testdb_remove(dbpath);
	const char *files[] = {"t.db",   "t.db-wal", "t.db-shm", "p.csv",
			       "p.xlsx", "r.xlsx",   "w.xlsx"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, files[i]);
		unlink(p);
	}
	rmdir(dir);
	return 0;
}

/* ---- CSV ------------------------------------------------------------ */

#define CSV_HEADER                                                                       \
	"Mã,Họ và tên,Ngày sinh,Giới tính,Phân loại,Chức vụ,Đơn vị,Mã ngạch,Ngạch,"           \
	"Trình độ chuyên môn,Lý luận chính trị,Quản lý nhà nước\r\n"
/* Vietnamese order: given names An < Đức < Hoa < Yến. */
#define CSV_P01                                                                          \
	"P01,Nguyễn Văn An,01/02/1980,Nam,CB,Giám đốc Sở,Sở Nội vụ,01.002,Chuyên viên chính," \
	"Thạc sĩ,Cao cấp,Chuyên viên cao cấp\r\n"
#define CSV_P03 "P03,Lê Văn Đức,03/04/1985,Nam,CC,'=1+2,Sở Nội vụ,01.003,Chuyên viên,Đại học,,\r\n"
#define CSV_P02                                                                          \
	"P02,\"Trần Thị \"\"Bé\"\", Hoa\",15/05/1990,Nữ,LĐHĐ,Nhân viên,Thành phố Hà Nội,,,,,\r\n"
#define CSV_P04 "P04,Phạm Thị Yến,,Nữ,VC,Chuyên viên,Sở Nội vụ,,,,,\r\n"

static void csv_with_and_without_bom(void **state)
{
	(void)state;
	err_t e = {0};
	long rows = -1;
	people_query_t q = {0};
	snprintf(out, sizeof out, "%s/p.csv", dir);

	assert_int_equal(export_people(&ctx, &q, EXPORT_CSV, 1, out, &rows, &e), 0);
	assert_int_equal(rows, 4);
	char *got = slurp(out, NULL);
	assert_string_equal(got, "\xEF\xBB\xBF" CSV_HEADER CSV_P01 CSV_P03 CSV_P02 CSV_P04);
	free(got);

	assert_int_equal(export_people(&ctx, &q, EXPORT_CSV, 0, out, &rows, &e), 0);
	got = slurp(out, NULL);
	assert_string_equal(got, CSV_HEADER CSV_P01 CSV_P03 CSV_P02 CSV_P04);
	free(got);
}

static void csv_filters(void **state)
{
	(void)state;
	err_t e = {0};
	long rows = -1;
	snprintf(out, sizeof out, "%s/p.csv", dir);

	people_query_t q = {.unit_code = "SNV"};
	assert_int_equal(export_people(&ctx, &q, EXPORT_CSV, 0, out, &rows, &e), 0);
	assert_int_equal(rows, 3);
	char *got = slurp(out, NULL);
	assert_string_equal(got, CSV_HEADER CSV_P01 CSV_P03 CSV_P04);
	free(got);

	people_query_t sub = {.unit_code = "HN", .subtree = 1, .category = "CC"};
	assert_int_equal(export_people(&ctx, &sub, EXPORT_CSV, 0, out, &rows, &e), 0);
	got = slurp(out, NULL);
	assert_string_equal(got, CSV_HEADER CSV_P03);
	free(got);

	people_query_t text = {.text = "TRAN THI"};
	assert_int_equal(export_people(&ctx, &text, EXPORT_CSV, 0, out, &rows, &e), 0);
	got = slurp(out, NULL);
	assert_string_equal(got, CSV_HEADER CSV_P02);
	free(got);

	people_query_t page = {.limit = 2, .offset = 1};
	assert_int_equal(export_people(&ctx, &page, EXPORT_CSV, 0, out, &rows, &e), 0);
	assert_int_equal(rows, 2);
	got = slurp(out, NULL);
	assert_string_equal(got, CSV_HEADER CSV_P03 CSV_P02);
	free(got);

	/* an unknown unit: an error, and no file */
	people_query_t bad = {.unit_code = "KHONG-CO"};
	unlink(out);
	assert_int_equal(export_people(&ctx, &bad, EXPORT_CSV, 0, out, &rows, &e), ERR_NOT_FOUND);
	assert_int_equal(access(out, F_OK), -1);
}

static void csv_unwritable_path(void **state)
{
	(void)state;
	err_t e = {0};
	people_query_t q = {0};
	assert_int_equal(export_people(&ctx, &q, EXPORT_CSV, 0, "/nonexistent/dir/p.csv", NULL, &e),
			 ERR_IO);
	assert_non_null(strstr(e.msg, "Không tạo được tệp"));
	assert_int_equal(export_people(&ctx, &q, EXPORT_XLSX, 0, "/nonexistent/dir/p.xlsx", NULL,
				       &e),
			 ERR_IO);
}

/* ---- XLSX ----------------------------------------------------------- */

static void xlsx_people(void **state)
{
	(void)state;
	err_t e = {0};
	long rows = -1;
	people_query_t q = {0};
	snprintf(out, sizeof out, "%s/p.xlsx", dir);
	assert_int_equal(export_people(&ctx, &q, EXPORT_XLSX, 0, out, &rows, &e), 0);
	assert_int_equal(rows, 4);

	char *sheet = unzip(out, "xl/worksheets/sheet1.xml");
	char *styles = unzip(out, "xl/styles.xml");
	char *book = unzip(out, "xl/workbook.xml");
	char *shared = unzip(out, "xl/sharedStrings.xml"); /* absent in constant_memory mode */
	assert_non_null(sheet);
	assert_non_null(styles);
	assert_non_null(book);

	/* title (3 lines) + blank row + header on row 5: frozen below it */
	const char *pane = strstr(sheet, "<pane ");
	assert_non_null(pane);
	char *pane_tag = strndup(pane, (size_t)(strchr(pane, '>') - pane + 1));
	assert_non_null(strstr(pane_tag, "state=\"frozen\""));
	assert_non_null(strstr(pane_tag, "ySplit=\"5\""));
	assert_non_null(strstr(pane_tag, "topLeftCell=\"A6\""));
	free(pane_tag);

	/* the title lines merged across the twelve columns */
	assert_non_null(strstr(sheet, "<mergeCell ref=\"A1:L1\"/>"));
	assert_non_null(strstr(sheet, "<mergeCell ref=\"A2:L2\"/>"));

	/* Vietnamese text intact (inline strings, or shared strings) */
	const char *texts[] = {
		"DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC",
		"Thành phố Hà Nội",
		"Trình độ chuyên môn",
		"Quản lý nhà nước",
		"Nguyễn Văn An",
		"Lê Văn Đức",
		"Trần Thị \"Bé\", Hoa",
		"Chuyên viên cao cấp",
		"LĐHĐ",
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		assert_true(strstr(sheet, texts[i]) || (shared && strstr(shared, texts[i])));
	char today[11], dated[32];
	date_vn(date_today(), today);
	snprintf(dated, sizeof dated, "Ngày xuất: %s", today);
	assert_non_null(strstr(sheet, dated));

	/* birth dates are numbers (no t=) with a dd/mm/yyyy style: 01/02/1980
	 * is Excel serial 29252 */
	long datefmt = numfmt_id(styles, "dd/mm/yyyy");
	assert_true(datefmt >= 164);
	char *c6 = cell_xml(sheet, "C6");
	assert_non_null(c6);
	assert_null(strstr(c6, " t=\""));
	assert_non_null(strstr(c6, "<v>29252</v>"));
	assert_int_equal(xf_attr(styles, attr_int(c6, "s"), "numFmtId"), datefmt);
	free(c6);
	char *c7 = cell_xml(sheet, "C7"); /* Lê Văn Đức, 03/04/1985 */
	assert_non_null(strstr(c7, "<v>31140</v>"));
	free(c7);
	char *c9 = cell_xml(sheet, "C9"); /* no birth date: an empty bordered cell */
	assert_non_null(c9);
	assert_null(strstr(c9, "<v>"));
	free(c9);

	/* "=1+2" is text, never a formula */
	assert_null(strstr(sheet, "<f>"));
	char *f7 = cell_xml(sheet, "F7");
	assert_non_null(strstr(f7, "=1+2"));
	assert_non_null(strstr(f7, "t=\"inlineStr\""));
	free(f7);

	/* header row: bold, wrapped, filled */
	char *a5 = cell_tag(sheet, "A5");
	long hs = attr_int(a5, "s");
	free(a5);
	assert_int_equal(xf_attr(styles, hs, "applyAlignment"), 1);
	assert_true(xf_attr(styles, hs, "fillId") > 1);

	/* printed: A4 landscape, one page wide, header repeated */
	assert_non_null(strstr(sheet, "<pageSetUpPr fitToPage=\"1\"/>"));
	assert_non_null(strstr(sheet, "paperSize=\"9\""));
	assert_non_null(strstr(sheet, "orientation=\"landscape\""));
	assert_non_null(strstr(sheet, "fitToHeight=\"0\""));
	assert_non_null(strstr(book, "_xlnm.Print_Titles"));
	assert_non_null(strstr(book, "$5:$5"));
	free(sheet);
	free(styles);
	free(book);
	free(shared);
}

static void xlsx_unit_title(void **state)
{
	(void)state;
	err_t e = {0};
	people_query_t q = {.unit_code = "SNV", .category = "CB"};
	snprintf(out, sizeof out, "%s/p.xlsx", dir);
	assert_int_equal(export_people(&ctx, &q, EXPORT_XLSX, 0, out, NULL, &e), 0);
	char *sheet = unzip(out, "xl/worksheets/sheet1.xml");
	char *a2 = cell_xml(sheet, "A2");
	assert_non_null(strstr(a2, "Sở Nội vụ"));
	free(a2);
	char *a3 = cell_xml(sheet, "A3");
	assert_non_null(strstr(a3, "Phân loại: Cán bộ"));
	free(a3);
	/* four title lines now: header on row 6 */
	assert_non_null(strstr(sheet, "topLeftCell=\"A7\""));
	assert_non_null(strstr(sheet, "Nguyễn Văn An"));
	assert_null(strstr(sheet, "Lê Văn Đức"));
	free(sheet);
}

/* ---- import report -------------------------------------------------- */

static void import_report(void **state)
{
	(void)state;
	err_t e = {0};
	snprintf(out, sizeof out, "%s/r.xlsx", dir);
	const long line[] = {3, 5, 0};
	const char *column[] = {"Ngày sinh", "Họ và tên", ""};
	const char *value[] = {"31/02/1990", "=cmd|' /C calc'!A0", "Nguy\xff\xfen"};
	const char *reason[] = {"Ngày «31/02/1990» không có thật: tháng 2 chỉ có 28 hoặc 29 ngày, "
				"hãy đối chiếu ngày sinh với hồ sơ gốc",
				"Tên có ký tự lạ", "Không phải UTF-8"};
	assert_int_equal(export_import_report_xlsx(out, "nhan-su.csv", 1200, 3, line, column, value,
						   reason, &e),
			 0);
	char *sheet = unzip(out, "xl/worksheets/sheet1.xml");
	char *styles = unzip(out, "xl/styles.xml");
	assert_non_null(strstr(sheet, "BÁO CÁO LỖI NHẬP DỮ LIỆU"));
	assert_non_null(strstr(sheet, "Tệp: nhan-su.csv"));
	assert_non_null(strstr(sheet, "Số lỗi: 1200 (danh sách ghi 3 lỗi đầu tiên)"));
	assert_non_null(strstr(sheet, "Ngày «31/02/1990» không có thật"));
	assert_null(strstr(sheet, "<f>"));
	/* four title lines + blank: header on row 6, problems from row 7 */
	assert_non_null(strstr(sheet, "topLeftCell=\"A7\""));
	char *a7 = cell_xml(sheet, "A7");
	assert_non_null(strstr(a7, "<v>3</v>"));
	free(a7);
	/* the long reason wraps onto two lines: its row is made taller */
	assert_non_null(strstr(sheet, "<row r=\"7\" ht=\"30\" customHeight=\"1\">"));
	assert_non_null(strstr(sheet, "<row r=\"8\">"));
	char *a9 = cell_xml(sheet, "A9"); /* line 0: blank */
	assert_null(strstr(a9, "<v>"));
	free(a9);
	/* invalid bytes shown as U+FFFD, the rest kept */
	assert_non_null(strstr(sheet, "Nguy\xEF\xBF\xBD\xEF\xBF\xBDn"));

	/* the Giá trị cells (column C) are red, the others are not */
	long red = fill_index(styles, "FFFFC7CE");
	assert_true(red > 1);
	for (int r = 7; r <= 9; r++) {
		char ref[8];
		snprintf(ref, sizeof ref, "C%d", r);
		char *tag = cell_tag(sheet, ref);
		assert_int_equal(xf_attr(styles, attr_int(tag, "s"), "fillId"), red);
		free(tag);
		snprintf(ref, sizeof ref, "D%d", r);
		tag = cell_tag(sheet, ref);
		assert_int_not_equal(xf_attr(styles, attr_int(tag, "s"), "fillId"), red);
		free(tag);
	}
	free(sheet);
	free(styles);
}

/* ---- the writer's edges --------------------------------------------- */

static void writer_edges(void **state)
{
	(void)state;
	err_t e = {0};
	xlsxw_t *w;
	snprintf(out, sizeof out, "%s/w.xlsx", dir);

	/* a bad sheet name is refused, no file left */
	assert_int_equal(xlsxw_open(out, "a/b", &w, &e), ERR_INVALID);
	assert_null(w);
	assert_int_equal(access(out, F_OK), -1);

	/* one column (no merge), dates around Excel's phantom 29/02/1900,
	 * text too long for a cell, control characters */
	assert_int_equal(xlsxw_open(out, "Thử", &w, &e), 0);
	const char *title[] = {"Tiêu đề"};
	const xlsxw_col_t cols[] = {{"Ngày", 12}};
	xlsxw_begin(w, title, 1, cols, 1);
	xlsxw_date(w, date_from_ymd(1900, 1, 1), 0);
	xlsxw_row_end(w);
	xlsxw_date(w, date_from_ymd(1900, 2, 28), 0);
	xlsxw_row_end(w);
	xlsxw_date(w, date_from_ymd(1900, 3, 1), 0);
	xlsxw_row_end(w);
	xlsxw_date(w, date_from_ymd(2025, 7, 1), 0);
	xlsxw_row_end(w);
	xlsxw_date(w, date_from_ymd(1899, 12, 31), 0);
	xlsxw_row_end(w);
	size_t big = 40000;
	char *s = malloc(big + 1);
	memset(s, 'a', big);
	s[0] = '\x01';
	s[big] = 0;
	xlsxw_text(w, s, 0);
	free(s);
	xlsxw_row_end(w);
	xlsxw_number(w, 1234.5, 0);
	xlsxw_row_end(w);
	xlsxw_int(w, 42, XLSXW_HIGHLIGHT);
	xlsxw_row_end(w);
	assert_int_equal(xlsxw_rows(w), 8);
	assert_int_equal(xlsxw_failed(w), 0);
	assert_int_equal(xlsxw_close(w, &e), 0);
	char *sheet = unzip(out, "xl/worksheets/sheet1.xml");
	assert_null(strstr(sheet, "<mergeCell"));
	char *c;
	c = cell_xml(sheet, "A4");
	assert_non_null(strstr(c, "<v>1</v>"));
	free(c);
	c = cell_xml(sheet, "A5");
	assert_non_null(strstr(c, "<v>59</v>"));
	free(c);
	c = cell_xml(sheet, "A6");
	assert_non_null(strstr(c, "<v>61</v>"));
	free(c);
	c = cell_xml(sheet, "A7");
	assert_non_null(strstr(c, "<v>45839</v>"));
	free(c);
	c = cell_xml(sheet, "A8"); /* before 1900: text */
	assert_non_null(strstr(c, "31/12/1899"));
	free(c);
	c = cell_xml(sheet, "A9");
	assert_non_null(strstr(c, "\xEF\xBF\xBD" "aaa"));
	assert_non_null(strstr(c, "a…</t>"));
	assert_true(strlen(c) < 32767 + 200);
	free(c);
	/* numbers stay numbers, styled "#,##0.00" (shown with the reader's
	 * own separators: 1.234,50 in Vietnamese) and "0" */
	char *styles = unzip(out, "xl/styles.xml");
	long decimal = numfmt_id(styles, "#,##0.00"), integer = numfmt_id(styles, "0");
	assert_true(decimal >= 164 && integer >= 164);
	c = cell_xml(sheet, "A10");
	assert_null(strstr(c, " t=\""));
	assert_non_null(strstr(c, "<v>1234.5</v>"));
	assert_int_equal(xf_attr(styles, attr_int(c, "s"), "numFmtId"), decimal);
	free(c);
	c = cell_xml(sheet, "A11");
	assert_non_null(strstr(c, "<v>42</v>"));
	assert_int_equal(xf_attr(styles, attr_int(c, "s"), "numFmtId"), integer);
	assert_int_equal(xf_attr(styles, attr_int(c, "s"), "fillId"),
			 fill_index(styles, "FFFFC7CE"));
	free(c);
	free(styles);
	free(sheet);

	/* writing past the columns is remembered and reported; no file left */
	assert_int_equal(xlsxw_open(out, "Thử", &w, &e), 0);
	xlsxw_begin(w, NULL, 0, cols, 1);
	xlsxw_text(w, "một", 0);
	xlsxw_text(w, "hai", 0);
	assert_int_equal(xlsxw_failed(w), 1);
	assert_int_equal(xlsxw_close(w, &e), ERR_INTERNAL);
	assert_non_null(strstr(e.msg, "ngoài các cột"));
	assert_int_equal(access(out, F_OK), -1);

	/* libxlsxwriter failing at close (the directory went away): ERR_IO */
	char sub[96], path[128];
	snprintf(sub, sizeof sub, "%s/gone", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(path, sizeof path, "%s/x.xlsx", sub);
	assert_int_equal(xlsxw_open(path, "Thử", &w, &e), 0);
	xlsxw_begin(w, title, 1, cols, 1);
	xlsxw_text(w, "x", 0);
	xlsxw_row_end(w);
	unlink(path);
	assert_int_equal(rmdir(sub), 0);
	assert_int_equal(xlsxw_close(w, &e), ERR_IO);
	assert_non_null(strstr(e.msg, "Không ghi được bảng tính"));

	/* discarding leaves nothing */
	assert_int_equal(xlsxw_open(out, "Thử", &w, &e), 0);
	xlsxw_begin(w, title, 1, cols, 1);
	xlsxw_discard(w);
	assert_int_equal(access(out, F_OK), -1);
	xlsxw_discard(NULL);
	assert_int_equal(xlsxw_close(NULL, &e), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_with_and_without_bom),
		cmocka_unit_test(csv_filters),
		cmocka_unit_test(csv_unwritable_path),
		cmocka_unit_test(xlsx_people),
		cmocka_unit_test(xlsx_unit_title),
		cmocka_unit_test(import_report),
		cmocka_unit_test(writer_edges),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
