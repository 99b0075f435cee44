/*
 * Tests of the importer's fast paths against the plain ones they replace:
 *
 * - text_clean_into() / text_clean() / text_nfc() copy runs of NFC-inert
 *   letters (U+00A0..U+024F, U+1E00..U+1EFF) without utf8proc: the ranges
 *   are checked against utf8proc itself, and random text mixing those
 *   letters with combining marks, Unicode spaces and other scripts is
 *   cleaned exactly as utf8proc's NFC followed by trimming and collapsing,
 *   and folded for search exactly as utf8proc's case fold without marks;
 * - text_name_key() remembers the keys of name parts in the collator: keys
 *   are the same as those built part by part with text_sort_key(), also
 *   once the table is full and slots are reused;
 * - people_batch (24 new people per INSERT) writes exactly what
 *   people_put() writes record by record — same ids, same name keys and
 *   folds, same posts, leader inference, defaults and counts — also when
 *   the same code comes twice in a batch (the batch falls back to
 *   people_put()), and reports a bad record with its tag;
 * - import_run() gives the same database with and without
 *   CANBO_IMPORT_ROW_BY_ROW (the row-by-row path): a fresh import, a
 *   re-import mixing updates and new people, a file without posts, and a
 *   broken file (same report, nothing written).
 *
 * Databases are compared with the sqlite3 library as an oracle: every
 * column of people (except the timestamps) and of assignments, row by row.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>  /* only as an oracle: reads the databases compared */
#include <utf8proc.h> /* only as an oracle for NFC */

#include "app/ctx.h"
#include "app/import.h"
#include "app/people.h"
#include "app/rowsrc.h"
#include "lib/buf.h"
#include "lib/text.h"

#include "testdb.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/canbo-test-import-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* ---- text ------------------------------------------------------------- */

static int inert(int32_t cp)
{
	return (cp >= 0xA0 && cp <= 0x24F) || (cp >= 0x1E00 && cp <= 0x1EFF);
}

/* The ranges text.c copies without utf8proc: combining class 0, unchanged
 * by NFC, never the second character of a composition, and never a
 * non-first character of any canonical decomposition. */
static void test_inert_ranges(void **state)
{
	(void)state;
	for (int32_t cp = 0; cp < 0x110000; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		const utf8proc_property_t *p = utf8proc_get_property(cp);
		if (inert(cp)) {
			assert_int_equal(p->combining_class, 0);
			assert_false(p->comb_index != UINT16_MAX && p->comb_index >= 0x8000);
			utf8proc_uint8_t in[4], *out = NULL;
			utf8proc_ssize_t n = utf8proc_encode_char(cp, in);
			utf8proc_ssize_t m =
			    utf8proc_map(in, n, &out, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
			assert_int_equal(m, n);
			assert_memory_equal(out, in, (size_t)n);
			free(out);
		}
		utf8proc_int32_t d[32];
		utf8proc_ssize_t k = utf8proc_decompose_char(cp, d, 32, UTF8PROC_DECOMPOSE, NULL);
		for (utf8proc_ssize_t i = 1; i < k && i < 32; i++)
			if (inert(d[i]))
				fail_msg("U+%04X decomposes with U+%04X after its first character",
				         (unsigned)cp, (unsigned)d[i]);
	}
}

/* text.c's whitespace, for the reference below. */
static int ref_space(int32_t cp)
{
	if (cp < 0x80)
		return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
	return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* NFC of the whole text by utf8proc, then (clean) trimmed with each
 * whitespace run made one ASCII space. */
static char *ref_normalise(const char *s, size_t n, int clean)
{
	utf8proc_uint8_t *nfc = NULL;
	utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &nfc,
	                                  UTF8PROC_COMPOSE | UTF8PROC_STABLE);
	assert_true(m >= 0);
	if (!clean)
		return (char *)nfc;
	buf_t b;
	buf_init(&b, 0);
	int pending = 0, any = 0;
	for (utf8proc_ssize_t i = 0; i < m;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate(nfc + i, m - i, &cp);
		assert_true(len > 0);
		if (ref_space(cp)) {
			pending = any;
		} else {
			if (pending)
				buf_putc(&b, ' ');
			pending = 0;
			any = 1;
			buf_add(&b, nfc + i, (size_t)len);
		}
		i += len;
	}
	free(nfc);
	return buf_take(&b);
}

static uint64_t rng = 88172645463325252ull;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

/* Random text from pieces that matter to NFC and to cleaning. */
static void random_text(buf_t *b)
{
	static const char *const pieces[] = {
	    "a",
	    "e",
	    "o",
	    "u",
	    "y",
	    "N",
	    "g",
	    "A",
	    "E",
	    " ",
	    "  ",
	    "\t",
	    ",",
	    "1",
	    "\xC4\x90",         /* Đ */
	    "\xC3\xAA",         /* ê */
	    "\xE1\xBA\xBF",     /* ế */
	    "\xC6\xB0",         /* ư */
	    "\xC6\xA1",         /* ơ */
	    "\xC3\xA0",         /* à */
	    "\xE1\xBB\xB9",     /* ỹ */
	    "\xE1\xBA\xA0",     /* Ạ */
	    "\xC7\xBA",         /* Ǻ */
	    "\xCC\x80",         /* combining grave */
	    "\xCC\x81",         /* combining acute */
	    "\xCC\x82",         /* combining circumflex */
	    "\xCC\x83",         /* combining tilde */
	    "\xCC\x89",         /* combining hook above */
	    "\xCC\xA3",         /* combining dot below */
	    "\xCC\x9B",         /* combining horn */
	    "\xCC\x86",         /* combining breve */
	    "\xC2\xA0",         /* no-break space */
	    "\xE2\x80\x80",     /* en quad (NFC: en space) */
	    "\xE2\x80\x83",     /* em space */
	    "\xE3\x80\x80",     /* ideographic space */
	    "\xE2\x84\xAB",     /* angstrom sign (NFC: Å) */
	    "\xE1\x84\x80",     /* Hangul choseong kiyeok */
	    "\xE1\x85\xA1",     /* Hangul jungseong a */
	    "\xE1\xBD\xB1",     /* Greek alpha with oxia (NFC: U+03AC) */
	    "\xE4\xB8\xAD",     /* 中 */
	    "\xF0\x9D\x95\x8F", /* 𝕏 */
	    "\xC2\xA8",         /* diaeresis (compatibility only) */
	};
	size_t np = sizeof pieces / sizeof *pieces;
	buf_reset(b);
	for (uint32_t k = rnd(14); k > 0; k--) {
		/* mostly letters, as in real names */
		const char *p = rnd(3) ? pieces[rnd(21)] : pieces[rnd((uint32_t)np)];
		buf_puts(b, p);
	}
}

static void test_clean_matches_reference(void **state)
{
	(void)state;
	buf_t in, out;
	buf_init(&in, 0);
	buf_init(&out, 0);
	for (int i = 0; i < 50000; i++) {
		random_text(&in);
		const char *s = buf_cstr(&in);
		err_t e = {0};
		char *want = ref_normalise(s, in.len, 1);
		char *got = text_clean(s, in.len, &e);
		assert_non_null(got);
		if (strcmp(got, want) != 0)
			fail_msg("text_clean(\"%s\") = \"%s\", want \"%s\"", s, got, want);
		/* appending after what a buffer holds already */
		buf_reset(&out);
		buf_puts(&out, "x|");
		assert_int_equal(text_clean_into(s, in.len, &out, &e), 0);
		assert_int_equal(out.len, 2 + strlen(want));
		assert_string_equal(buf_cstr(&out) + 2, want);
		free(got);
		free(want);
		want = ref_normalise(s, in.len, 0);
		got = text_nfc(s, in.len, &e);
		assert_non_null(got);
		if (strcmp(got, want) != 0)
			fail_msg("text_nfc(\"%s\") = \"%s\", want \"%s\"", s, got, want);
		free(got);
		free(want);
	}
	/* a refused cell appends nothing and leaves the buffer as it was */
	buf_reset(&out);
	buf_puts(&out, "x|");
	err_t e = {0};
	assert_int_equal(text_clean_into("a\x01", 2, &out, &e), -1);
	assert_int_equal(e.code, ERR_INVALID);
	assert_string_equal(buf_cstr(&out), "x|");
	assert_int_equal(text_clean_into("Tr\xE1\xBA", 4, &out, &e), -1);
	assert_string_equal(buf_cstr(&out), "x|");
	/* a buffer at its maximum: ERR_TOO_LARGE, nothing half-written */
	buf_t small;
	buf_init(&small, 4);
	assert_int_equal(text_clean_into("Nguyễn Văn", strlen("Nguyễn Văn"), &small, &e), -1);
	assert_int_equal(e.code, ERR_TOO_LARGE);
	assert_int_equal(small.len, 0);
	buf_free(&small);
	buf_free(&in);
	buf_free(&out);
}

/* The search fold by utf8proc over the whole text: compatibility
 * decomposition, marks stripped, case folded, ignorables dropped, đ/ð to d,
 * controls and whitespace as one space, trimmed. */
static char *ref_fold(const char *s)
{
	utf8proc_uint8_t *f = NULL;
	utf8proc_ssize_t m =
	    utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)strlen(s), &f,
	                 UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK |
	                     UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
	assert_true(m >= 0);
	buf_t b;
	buf_init(&b, 0);
	int pending = 0, any = 0;
	for (utf8proc_ssize_t i = 0; i < m;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate(f + i, m - i, &cp);
		assert_true(len > 0);
		i += len;
		if (cp == 0x111 || cp == 0xF0)
			cp = 'd';
		if (ref_space(cp) || cp < 0x20 || cp == 0x7F) {
			pending = any;
			continue;
		}
		if (pending)
			buf_putc(&b, ' ');
		pending = 0;
		any = 1;
		utf8proc_uint8_t enc[4];
		buf_add(&b, enc, (size_t)utf8proc_encode_char(cp, enc));
	}
	free(f);
	return buf_take(&b);
}

static void test_fold_matches_reference(void **state)
{
	(void)state;
	buf_t in;
	buf_init(&in, 0);
	for (int i = 0; i < 50000; i++) {
		random_text(&in);
		char *want = ref_fold(buf_cstr(&in));
		char *got = text_fold(buf_cstr(&in));
		if (strcmp(got, want) != 0)
			fail_msg("text_fold(\"%s\") = \"%s\", want \"%s\"", buf_cstr(&in), got,
			         want);
		free(got);
		free(want);
	}
	buf_free(&in);
}

/* Keys part by part with text_sort_key(), which remembers nothing. */
static void ref_name_key(text_collator_t *c, const char *full, buf_t *out)
{
	text_name_t nm;
	text_name_split(full, &nm);
	assert_int_equal(text_sort_key(c, nm.given, nm.given_len, out), 0);
	assert_int_equal(text_sort_key(c, nm.middle, nm.middle_len, out), 0);
	assert_int_equal(text_sort_key(c, nm.surname, nm.surname_len, out), 0);
}

static void test_name_key_cache(void **state)
{
	(void)state;
	static const char *const sur[] = {"Nguyễn", "Trần", "Lê",
	                                  "Phạm",   "Đỗ",   "Nguye\xCC\x82\xCC\x83n"};
	static const char *const mid[] = {"Văn", "Thị", "Thị Ngọc", "", "Hữu Minh", "Đức"};
	static const char *const giv[] = {"An", "Bình", "Đức", "Ánh", "Ỷ", "Hoa"};
	err_t e = {0};
	text_collator_t *c = text_collator_new(&e);
	assert_non_null(c);
	buf_t a, b, name;
	buf_init(&a, 0);
	buf_init(&b, 0);
	buf_init(&name, 0);
	/* common names, many times; then 20,000 distinct given names, more than
	 * the table holds; then the common names again */
	for (int round = 0; round < 3; round++) {
		int n = round == 1 ? 20000 : 600;
		for (int i = 0; i < n; i++) {
			buf_reset(&name);
			buf_printf(&name, "%s %s%s", sur[i % 6], mid[(i / 6) % 6],
			           *mid[(i / 6) % 6] ? " " : "");
			if (round == 1)
				buf_printf(&name, "%sx%d", giv[i % 6], i);
			else
				buf_puts(&name, giv[(i / 36) % 6]);
			buf_reset(&a);
			buf_reset(&b);
			assert_int_equal(text_name_key(c, buf_cstr(&name), &a), 0);
			ref_name_key(c, buf_cstr(&name), &b);
			assert_int_equal(a.len, b.len);
			assert_memory_equal(a.p, b.p, a.len);
		}
	}
	buf_free(&a);
	buf_free(&b);
	buf_free(&name);
	text_collator_free(c);
}

/* ---- databases ---------------------------------------------------------- */

static void path(char *out, const char *name)
{
	snprintf(out, 128, "%s/%s", dir, name);
}

static void open_db(app_ctx_t *c, const char *p)
{
	err_t e = {0};
	if (app_ctx_open_flags(c, testdb(p), DB_OPEN_CREATE, &e))
		fail_msg("open %s: %s", p, e.msg);
	c->progress_fd = -1;
}

/* Every row of people (but the timestamps) and of assignments, as text:
 * what must be the same whichever path wrote them. */
static char *dump(const char *db)
{
	static const char *const q[] = {
	    "SELECT id, code, full_name, name_fold, hex(name_key), other_name, birth_date,"
	    " gender, ethnicity, religion, birth_place, home_town, category, rank_name,"
	    " rank_code, salary_step, salary_coef, salary_from, degree, major, llct, qlnn,"
	    " it_level, language, party_joined, party_official, status, status_from,"
	    " typeof(salary_step), typeof(salary_coef) FROM people ORDER BY id",
	    "SELECT *, typeof(is_leader), typeof(kind) FROM assignments ORDER BY id",
	    "SELECT code, hex(name_key) FROM people ORDER BY name_key",
	};
	buf_t b;
	buf_init(&b, 0);
	if (testdb_pg()) {
		/* The same in PostgreSQL's words. Ids come from a sequence there,
		 * which a statement rolled back (a batch that met a constraint)
		 * does not give back: rows are compared by the rank of their id
		 * and posts name their person by code. */
		static const char *const pq[] = {
		    "SELECT rank() OVER (ORDER BY id), code, full_name, name_fold,"
		    " upper(encode(name_key, 'hex')), other_name, birth_date, gender, ethnicity,"
		    " religion, birth_place, home_town, category, rank_name, rank_code, salary_step,"
		    " salary_coef, salary_from, degree, major, llct, qlnn, it_level, language,"
		    " party_joined, party_official, status, status_from, pg_typeof(salary_step),"
		    " pg_typeof(salary_coef) FROM people ORDER BY id",
		    "SELECT rank() OVER (ORDER BY a.id), p.code, a.unit_id, a.kind, a.position,"
		    " a.is_leader, a.leader_level, a.valid_from, a.valid_to, a.decision_no,"
		    " a.event_id FROM assignments a JOIN people p ON p.id = a.person_id ORDER BY a.id",
		    "SELECT code, upper(encode(name_key, 'hex')) FROM people ORDER BY name_key",
		};
		PGconn *pg = PQconnectdb(testdb(db));
		assert_int_equal(PQstatus(pg), CONNECTION_OK);
		for (size_t k = 0; k < sizeof pq / sizeof *pq; k++) {
			const char *sql = pq[k];
			PGresult *r = PQexec(pg, sql);
			assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
			for (int row = 0; row < PQntuples(r); row++) {
				for (int i = 0; i < PQnfields(r); i++)
					buf_printf(&b, "%s|",
						   PQgetisnull(r, row, i) ? "∅" : PQgetvalue(r, row, i));
				buf_putc(&b, '\n');
			}
			PQclear(r);
			buf_puts(&b, "--\n");
		}
		PQfinish(pg);
		return buf_take(&b);
	}
	sqlite3 *h;
	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	for (size_t k = 0; k < sizeof q / sizeof *q; k++) {
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_prepare_v2(h, q[k], -1, &st, NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (int i = 0; i < sqlite3_column_count(st); i++) {
				const char *t = (const char *)sqlite3_column_text(st, i);
				buf_printf(&b, "%s|", t ? t : "∅");
			}
			buf_putc(&b, '\n');
		}
		sqlite3_finalize(st);
		buf_puts(&b, "--\n");
	}
	sqlite3_close(h);
	return buf_take(&b);
}

static void assert_same_db(const char *db1, const char *db2)
{
	char *a = dump(db1), *b = dump(db2);
	if (strcmp(a, b) != 0) {
		size_t i = 0;
		while (a[i] && a[i] == b[i])
			i++;
		size_t from = i > 200 ? i - 200 : 0;
		fail_msg("databases differ at byte %zu:\n%.400s\n---- vs ----\n%.400s", i, a + from,
		         b + from);
	}
	free(a);
	free(b);
}

static const char UNITS[] = "Mã,Tên,Mã đơn vị cha,Loại,Khối\r\n"
                            "HN,Thành phố Hà Nội,,Thành phố,Khối chính quyền\r\n"
                            "HN-SNV,Sở Nội vụ,HN,\"Sở, ban, ngành\",Chính quyền\r\n"
                            "HN-STC,Sở Tài chính,HN,\"Sở, ban, ngành\",Chính quyền\r\n"
                            "P-HK,Phường Hoàn Kiếm,HN,Phường,Chính quyền\r\n";

/* Imports CSV text; row_by_row chooses the path. Returns import_run()'s
 * result with *res filled (the caller frees it). */
static int import_text(app_ctx_t *c, import_kind kind, const char *csv, const char *as_of,
                       int row_by_row, import_result_t *res)
{
	setenv("CANBO_IMPORT_ROW_BY_ROW", row_by_row ? "1" : "0", 1);
	rowsrc_t src;
	err_t e = {0};
	assert_int_equal(rowsrc_open_csv_mem(csv, strlen(csv), "t.csv", &src, &e), 0);
	import_opts_t o = {.as_of = as_of};
	int r = import_run(c, kind, &src, &o, res, &e);
	rowsrc_close(&src);
	unsetenv("CANBO_IMPORT_ROW_BY_ROW");
	return r;
}

/* Two databases with the same units. */
static void two_dbs(app_ctx_t *c1, app_ctx_t *c2, const char *n1, const char *n2, char *p1,
                    char *p2)
{
	path(p1, n1);
	path(p2, n2);
	open_db(c1, p1);
	open_db(c2, p2);
	import_result_t res;
	assert_int_equal(import_text(c1, IMPORT_UNITS, UNITS, "2024-01-01", 0, &res), 0);
	import_result_free(&res);
	assert_int_equal(import_text(c2, IMPORT_UNITS, UNITS, "2024-01-01", 0, &res), 0);
	import_result_free(&res);
}

static const char *const SURNAMES[] = {
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đỗ", "Vũ", "Nguye\xCC\x82\xCC\x83n" /* decomposed */};
static const char *const MIDDLES[] = {"Văn", "Thị", "Thị Ngọc", "Hữu", "Đức Minh", "Xuân"};
static const char *const GIVENS[] = {"An", "Bình", "Đức", "Ánh", "Hoa", "Lan", "Ỷ", "Tuấn"};
static const char *const UNITS_OR_NAMES[] = {"HN-SNV", "HN-STC", "P-HK", "Sở Nội vụ", "HN"};
static const char *const POSITIONS[] = {"Chuyên viên", "Trưởng phòng",     "Phó Trưởng phòng",
                                        "Giám đốc",    "Phó Giám đốc Sở",  "Chủ tịch UBND phường",
                                        "Nhân viên",   "Chuyên viên chính"};
static const char *const CATEGORIES[] = {"CB", "CC", "VC", "LĐHĐ", "cán bộ", "viên chức"};
static const char *const RANKS[] = {"01.003", "01.002", "V.07.03.29", "", "13.095", "01.001"};
static const char *const LEADER[] = {"", "", "Có", "Không", ""};
static const char *const LEVEL[] = {"", "", "", "Cấp phó", "Cấp trưởng"};

#define FULL_HEADER                                                                                                              \
	"Mã,Họ và tên,Ngày sinh,Giới tính,Mã đơn vị,Chức vụ,Phân loại,Mã ngạch,Ngạch,"                 \
	"Bậc lương,Hệ số lương,Lãnh đạo,Cấp lãnh đạo,Ngày bổ nhiệm,Số quyết định,Trạng thái," \
	"Trình độ chuyên môn,Dân tộc\r\n"

/* One row of the full header's file for person k, variant v. */
static void person_row(buf_t *b, int k, int v)
{
	int x = k * 7 + v * 13;
	buf_printf(
	    b, "P%05d,%s %s %s,%02d/%02d/%d,%s,\"%s\",%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\r\n",
	    k, SURNAMES[x % 8], MIDDLES[(x / 8) % 6], GIVENS[(x / 3) % 8], 1 + x % 28, 1 + x % 12,
	    1960 + x % 40, x % 5 == 4 ? "" : (x % 2 ? "Nữ" : "Nam"), UNITS_OR_NAMES[(x / 5) % 5],
	    POSITIONS[(x / 2) % 8], CATEGORIES[x % 6], RANKS[(x / 4) % 6],
	    x % 9 == 0 ? "Chuyên viên" : "", x % 4 ? "3" : "", x % 4 ? "\"2,34\"" : "",
	    LEADER[x % 5], LEVEL[(x / 3) % 5], x % 3 ? "01/03/2020" : "",
	    x % 6 == 1 ? "12/QĐ-UBND" : "", x % 11 == 0 ? "Nghỉ hưu" : "",
	    x % 2 ? "Đại học" : "Thạc sĩ", x % 3 ? "Kinh" : "");
}

static void test_people_batch_matches_people_put(void **state)
{
	(void)state;
	app_ctx_t c1, c2;
	char p1[128], p2[128];
	two_dbs(&c1, &c2, "b1.db", "b2.db", p1, p2);
	/* the same records through people_batch (24 at a time) and through
	 * people_put() one by one: two codes come twice inside one batch */
	app_ctx_t *cs[2] = {&c1, &c2};
	long counts[2][3];
	for (int k = 0; k < 2; k++) {
		err_t e = {0};
		assert_int_equal(db_begin(cs[k]->db, &e), 0);
		people_batch_t *b =
		    people_batch_new(cs[k], "2025-01-01", k == 0 ? PEOPLE_BATCH : 1);
		for (int i = 0; i < 70; i++) {
			char code[16], name[64];
			int n = i == 20 ? 17 : i == 27 ? 18 : i; /* 17, 18 again in the batch */
			snprintf(code, sizeof code, "Q%03d", n);
			snprintf(name, sizeof name, "%s %s %s", SURNAMES[i % 7], MIDDLES[i % 6],
			         GIVENS[i % 8]);
			person_rec_t rec = {0};
			rec.v[PF_CODE] = code;
			rec.v[PF_FULL_NAME] = name;
			rec.v[PF_CATEGORY] = i % 3 ? "CC" : "VC";
			rec.v[PF_RANK_CODE] = i % 2 ? "01.003" : NULL;
			rec.has[PF_RANK_CODE] = 1;
			rec.has_post = i % 5 != 0;
			rec.post.unit_code = i % 2 ? "HN-SNV" : "P-HK";
			rec.post.position = POSITIONS[i % 8];
			rec.post.is_leader = i % 7 == 3 ? 1 : -1;
			rec.post.leader_level = i % 14 == 3 ? "deputy" : NULL;
			rec.post.from = i % 4 ? "2021-06-01" : NULL;
			if (people_batch_put(b, &rec, i + 2, &e))
				fail_msg("put %s: %s", code, e.msg);
		}
		assert_int_equal(people_batch_flush(b, &e), 0);
		people_batch_counts(b, &counts[k][0], &counts[k][1], &counts[k][2]);
		assert_int_equal(db_commit(cs[k]->db, &e), 0);
		/* a bad record is named with its tag */
		assert_int_equal(db_begin(cs[k]->db, &e), 0);
		person_rec_t bad = {0};
		bad.v[PF_CODE] = "Z1";
		bad.v[PF_FULL_NAME] = "Lê Văn Sai";
		bad.v[PF_CATEGORY] = "CC";
		bad.has_post = 1;
		bad.post.unit_code = "KHONG-CO";
		bad.post.position = "Chuyên viên";
		bad.post.is_leader = -1;
		assert_int_not_equal(people_batch_put(b, &bad, 99, &e), 0);
		long tag;
		assert_string_equal(people_batch_failed(b, &tag), "Z1");
		assert_int_equal(tag, 99);
		assert_non_null(strstr(e.msg, "KHONG-CO"));
		people_batch_free(b);
		db_rollback(cs[k]->db); /* the bad record must not stay */
		assert_int_equal(db_begin(cs[k]->db, &e), 0);
		b = people_batch_new(cs[k], "2025-01-01", k == 0 ? PEOPLE_BATCH : 1);
		for (int i = 0; i < 70; i++) {
			char code[16];
			snprintf(code, sizeof code, "R%03d", i);
			person_rec_t rec = {0};
			rec.v[PF_CODE] = code;
			rec.v[PF_FULL_NAME] = "Trần Thị Lan";
			rec.v[PF_CATEGORY] = "CC";
			rec.has_post = 1;
			rec.post.unit_code = "HN-STC";
			rec.post.position = POSITIONS[i % 8];
			rec.post.is_leader = -1;
			assert_int_equal(people_batch_put(b, &rec, i, &e), 0);
		}
		assert_int_equal(people_batch_flush(b, &e), 0);
		people_batch_free(b);
		assert_int_equal(db_commit(cs[k]->db, &e), 0);
	}
	assert_int_equal(counts[0][0], counts[1][0]);
	assert_int_equal(counts[0][1], counts[1][1]);
	assert_int_equal(counts[0][2], counts[1][2]);
	assert_int_equal(counts[0][0], 68);
	assert_int_equal(counts[0][1] + counts[0][2], 2);
	app_ctx_close(&c1);
	app_ctx_close(&c2);
	assert_same_db(p1, p2);
}

static void expect_same_result(const import_result_t *a, const import_result_t *b)
{
	assert_int_equal(a->rows, b->rows);
	assert_int_equal(a->created, b->created);
	assert_int_equal(a->updated, b->updated);
	assert_int_equal(a->unchanged, b->unchanged);
	assert_int_equal(a->nproblems, b->nproblems);
	assert_int_equal(a->nkept, b->nkept);
	for (size_t i = 0; i < a->nkept; i++) {
		assert_int_equal(a->problems[i].line, b->problems[i].line);
		assert_string_equal(a->problems[i].column, b->problems[i].column);
		assert_string_equal(a->problems[i].value, b->problems[i].value);
		assert_string_equal(a->problems[i].reason, b->problems[i].reason);
	}
}

/* Imports csv into both databases, the first by the batch path and the
 * second row by row, and checks that results and databases are the same. */
static void import_both(app_ctx_t *c1, app_ctx_t *c2, const char *p1, const char *p2,
                        const char *csv, const char *as_of, int want_rc)
{
	import_result_t r1, r2;
	int rc1 = import_text(c1, IMPORT_PEOPLE, csv, as_of, 0, &r1);
	int rc2 = import_text(c2, IMPORT_PEOPLE, csv, as_of, 1, &r2);
	if (want_rc == 0 && (rc1 || rc2))
		fail_msg("import failed (%d, %d): first problem line %ld «%s» «%s»: %s", rc1, rc2,
		         r1.nkept ? r1.problems[0].line : 0, r1.nkept ? r1.problems[0].column : "",
		         r1.nkept ? r1.problems[0].value : "",
		         r1.nkept ? r1.problems[0].reason : "");
	assert_int_equal(rc1, want_rc);
	assert_int_equal(rc2, want_rc);
	expect_same_result(&r1, &r2);
	import_result_free(&r1);
	import_result_free(&r2);
	assert_same_db(p1, p2);
}

static void test_import_paths_match(void **state)
{
	(void)state;
	app_ctx_t c1, c2;
	char p1[128], p2[128];
	two_dbs(&c1, &c2, "i1.db", "i2.db", p1, p2);
	buf_t csv;
	buf_init(&csv, 0);

	/* a fresh import: 203 people (not a multiple of 16) */
	buf_puts(&csv, "\xEF\xBB\xBF" FULL_HEADER);
	for (int k = 0; k < 203; k++)
		person_row(&csv, k, 0);
	import_both(&c1, &c2, p1, p2, buf_cstr(&csv), "2025-06-01", 0);

	/* again, another day: runs of existing people (some changed, some
	 * moved, some not) between runs of new ones */
	buf_reset(&csv);
	buf_puts(&csv, FULL_HEADER);
	for (int k = 0; k < 260; k++) {
		int who = k < 40 ? k : k < 90 ? 300 + k : k < 150 ? k - 50 : 300 + k;
		person_row(&csv, who, k % 3 == 0 ? 1 : 0);
	}
	import_both(&c1, &c2, p1, p2, buf_cstr(&csv), "2025-09-01", 0);

	/* a file without posts */
	buf_reset(&csv);
	buf_puts(&csv, "Mã;Họ và tên;Phân loại;Tên gọi khác\n");
	for (int k = 0; k < 50; k++)
		buf_printf(&csv, "%s%05d;Bùi Thị Mơ %s;VC;%s\n", k % 2 ? "P" : "N", k * 3,
		           GIVENS[k % 8], k % 4 ? "" : "Mơ");
	import_both(&c1, &c2, p1, p2, buf_cstr(&csv), "2025-10-01", 0);

	/* a broken file: a person born in the future among new people, and a
	 * missing category: the same report, nothing written */
	buf_reset(&csv);
	buf_puts(&csv, FULL_HEADER);
	for (int k = 0; k < 60; k++) {
		if (k == 37)
			buf_puts(
			    &csv,
			    "F1,Lê Văn Mai,01/01/2099,Nam,HN-SNV,Chuyên viên,CC,,,,,,,,,,,\r\n");
		else if (k == 45)
			buf_puts(&csv,
			         "F2,Lê Văn Mai,01/01/1999,Nam,HN-SNV,Chuyên viên,,,,,,,,,,,,\r\n");
		else
			person_row(&csv, 1000 + k, 0);
	}
	import_both(&c1, &c2, p1, p2, buf_cstr(&csv), "2025-11-01", ERR_INVALID);

	buf_free(&csv);
	app_ctx_close(&c1);
	app_ctx_close(&c2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_inert_ranges),
	    cmocka_unit_test(test_clean_matches_reference),
	    cmocka_unit_test(test_fold_matches_reference),
	    cmocka_unit_test(test_name_key_cache),
	    cmocka_unit_test(test_people_batch_matches_people_put),
	    cmocka_unit_test(test_import_paths_match),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
