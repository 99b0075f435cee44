/*
 * Tests of app/gen (and app/names underneath): a synthetic workforce of
 * 5,000 people generated into a fresh SQLite file and checked through the
 * app functions a user's commands use — the count, one open primary post
 * each, a leader share of about 15%, a surname distribution with Nguyễn at
 * about 38%, search folds and Vietnamese name order exactly as people_put()
 * computes them, the same data for the same seed and different data for
 * another, the refusal of a non-empty database, and CSV files that the
 * importer takes without a single problem, giving the same people in the
 * same order.
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

#include "app/audit.h"
#include "app/ctx.h"
#include "app/gen.h"
#include "app/import.h"
#include "app/names.h"
#include "app/org.h"
#include "app/people.h"
#include "app/rowsrc.h"
#include "lib/buf.h"
#include "lib/date.h"
#include "lib/text.h"

#include "testdb.h"

#define N    5000L
#define SEED 42u

static char dir[64];
static char db1[128], db2[128], db3[128], db4[128], csv_p[128], csv_u[128], csv_p2[128],
	csv_u2[128];
static app_ctx_t ctx; /* db1, generated with CSV files */
static gen_result_t res1;

/* ---- helpers -------------------------------------------------------- */

static void path(char *out, const char *name)
{
	snprintf(out, 128, "%s/%s", dir, name);
}

static void open_db(app_ctx_t *c, const char *p, int bulk)
{
	err_t e = {0};
	int r = app_ctx_open_flags(c, testdb(p), DB_OPEN_CREATE | (bulk ? DB_OPEN_BULK : 0), &e);
	if (r)
		fail_msg("open %s: %s", p, e.msg);
	c->progress_fd = -1;
}

static void gen_into(app_ctx_t *c, uint64_t seed, const char *cp, const char *cu,
		     gen_result_t *r)
{
	gen_opts_t o = {.people = N, .seed = seed, .csv_people = cp, .csv_units = cu};
	err_t e = {0};
	if (gen_run(c, &o, r, &e))
		fail_msg("gen_run: %s", e.msg);
}

static void list_all(app_ctx_t *c, person_list_t *l)
{
	people_query_t q = {0};
	err_t e = {0};
	if (people_list(c, &q, l, &e))
		fail_msg("people_list: %s", e.msg);
}

static char *slurp(const char *p, size_t *n)
{
	FILE *f = fopen(p, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)len + 1);
	assert_int_equal(fread(s, 1, (size_t)len, f), (size_t)len);
	s[len] = 0;
	fclose(f);
	*n = (size_t)len;
	return s;
}

static void remove_db(const char *p)
{
	testdb_remove(p);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/canbo-test-gen-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	path(db1, "gen1.db");
	path(db2, "gen2.db");
	path(db3, "import.db");
	path(db4, "gen3.db");
	path(csv_p, "people.csv");
	path(csv_u, "units.csv");
	path(csv_p2, "people2.csv");
	path(csv_u2, "units2.csv");
	open_db(&ctx, db1, 1);
	gen_into(&ctx, SEED, csv_p, csv_u, &res1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	app_ctx_close(&ctx);
	remove_db(db1);
	remove_db(db2);
	remove_db(db3);
	remove_db(db4);
	unlink(csv_p);
	unlink(csv_u);
	unlink(csv_p2);
	unlink(csv_u2);
	rmdir(dir);
	return 0;
}

/* ---- names ---------------------------------------------------------- */

/* Every table entry is clean NFC text (text_clean() changes nothing). */
static void check_clean(const char *s)
{
	err_t e;
	char *c = text_clean(s, strlen(s), &e);
	assert_non_null(c);
	assert_string_equal(c, s);
	free(c);
}

static void test_names_tables(void **state)
{
	(void)state;
	assert_true(names_surname_count() >= 40);
	for (size_t i = 0; i < names_surname_count(); i++)
		check_clean(names_surname(i));
	for (int f = 0; f < 2; f++) {
		assert_true(names_given_count(f) >= 50);
		for (size_t i = 0; i < names_middle_count(f); i++)
			check_clean(names_middle(f, i));
		for (size_t i = 0; i < names_given_count(f); i++)
			check_clean(names_given(f, i));
	}
	/* the same seed, the same names; and a given name never repeats the
	 * middle name's last word ("Đặng Thu Thu") */
	names_t *a = names_new(7), *b = names_new(7);
	for (int i = 0; i < 2000; i++) {
		names_name_t x, y;
		names_pick(a, i & 1, &x);
		names_pick(b, i & 1, &y);
		assert_memory_equal(&x, &y, sizeof x);
		char full[128];
		names_format(&x, full, sizeof full);
		text_name_t nm;
		text_name_split(full, &nm);
		const char *mid = names_middle(x.female, x.middle);
		const char *last = strrchr(mid, ' ');
		last = last ? last + 1 : mid;
		assert_false(strlen(last) == nm.given_len && memcmp(last, nm.given, nm.given_len) == 0);
	}
	names_free(a);
	names_free(b);
}

/* The salary scale of Decree 204/2004: chuyên viên (A1) 2,34 + 0,33 a step. */
static void test_names_rank_scale(void **state)
{
	(void)state;
	names_t *g = names_new(1);
	int ref;
	assert_int_equal(date_parse("2026-01-01", &ref), 0);
	int seen = 0;
	for (int i = 0; i < 3000; i++) {
		names_rank_t r;
		names_rank(g, NAMES_TRACK_CIVIL, NAMES_STAFF, 23 + i % 38, ref, &r);
		assert_non_null(r.code);
		assert_true(r.step >= 1);
		if (strcmp(r.code, "01.003") == 0) {
			seen++;
			assert_true(r.step <= 9);
			assert_int_equal(r.coef, 234 + 33 * (r.step - 1));
			assert_string_equal(r.name, "Chuyên viên");
		} else if (strcmp(r.code, "01.002") == 0) {
			assert_int_equal(r.coef, 440 + 34 * (r.step - 1));
		}
	}
	assert_true(seen > 2000); /* chuyên viên for most civil servants */
	names_rank_t none;
	names_rank(g, NAMES_TRACK_NONE, NAMES_STAFF, 30, ref, &none);
	assert_null(none.code);
	names_free(g);
}

/* ---- the generated workforce ---------------------------------------- */

static void test_counts_and_posts(void **state)
{
	(void)state;
	assert_int_equal(res1.people, N);
	assert_true(res1.units > 100);
	person_list_t l;
	list_all(&ctx, &l);
	assert_int_equal(l.total, N);
	assert_int_equal(l.n, (size_t)N);
	long leaders = 0, nguyen = 0;
	for (size_t i = 0; i < l.n; i++) {
		/* one open primary post each (the list joins on it) */
		assert_non_null(l.v[i].unit_code);
		assert_non_null(l.v[i].position);
		leaders += l.v[i].is_leader;
		nguyen += strncmp(l.v[i].full_name, "Nguyễn ", strlen("Nguyễn ")) == 0;
	}
	assert_int_equal(leaders, res1.leaders);
	double lr = (double)leaders / N, nr = (double)nguyen / N;
	if (lr < 0.10 || lr > 0.22)
		fail_msg("leader share %.3f outside 10–22%%", lr);
	if (nr < 0.30 || nr > 0.45)
		fail_msg("Nguyễn share %.3f outside 30–45%%", nr);
	person_list_free(&l);

	/* the tree of today holds every unit and every person */
	unit_list_t t = {0};
	err_t e = {0};
	assert_int_equal(org_tree(&ctx, "2026-01-01", NULL, 1, &t, &e), 0);
	assert_int_equal(t.n, (size_t)res1.units);
	int64_t sum = 0;
	for (size_t i = 0; i < t.n; i++)
		sum += t.v[i].people;
	assert_int_equal(sum, N);
	unit_list_free(&t);

	/* one audit row summarising the run, and a whole chain */
	audit_report_t ar;
	assert_int_equal(audit_verify(&ctx, &ar, &e), 0);
	assert_int_equal(ar.rows, 1);
}

static int key_cmp(const buf_t *a, const buf_t *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->p, b->p, n);
	return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* The list comes back in name_key order; that order must be the one of
 * text_name_key() + code, and every name_fold must be text_fold(). */
static void test_keys_match_people_put(void **state)
{
	(void)state;
	person_list_t l;
	list_all(&ctx, &l);
	buf_t prev, cur;
	buf_init(&prev, 4096);
	buf_init(&cur, 4096);
	for (size_t i = 0; i < l.n; i++) {
		buf_reset(&cur);
		assert_int_equal(text_name_key(ctx.coll, l.v[i].full_name, &cur), 0);
		buf_add(&cur, l.v[i].code, strlen(l.v[i].code));
		if (i)
			assert_true(key_cmp(&prev, &cur) < 0);
		buf_reset(&prev);
		buf_add(&prev, cur.p, cur.len);
	}
	buf_free(&prev);
	buf_free(&cur);

	/* search without diacritics finds exactly the people whose folded
	 * name holds the text */
	long want = 0;
	for (size_t i = 0; i < l.n; i++) {
		char *f = text_fold(l.v[i].full_name);
		want += strstr(f, "nguyen") != NULL;
		free(f);
	}
	people_query_t q = {.text = "nguyen"};
	person_list_t found;
	err_t e = {0};
	assert_int_equal(people_list(&ctx, &q, &found, &e), 0);
	assert_int_equal(found.total, want);
	person_list_free(&found);
	/* and a full name typed without marks finds its person */
	for (size_t i = 0; i < l.n; i += 499) {
		char *f = text_fold(l.v[i].full_name);
		people_query_t q1 = {.text = f};
		assert_int_equal(people_list(&ctx, &q1, &found, &e), 0);
		int hit = 0;
		for (size_t k = 0; k < found.n; k++)
			hit |= strcmp(found.v[k].code, l.v[i].code) == 0;
		assert_true(hit);
		person_list_free(&found);
		free(f);
	}
	person_list_free(&l);
}

static void test_deterministic(void **state)
{
	(void)state;
	app_ctx_t c2, c3;
	gen_result_t r2, r3;
	open_db(&c2, db2, 0);
	gen_into(&c2, SEED, NULL, NULL, &r2);
	open_db(&c3, db4, 1);
	gen_into(&c3, SEED + 1, NULL, NULL, &r3);
	assert_int_equal(r2.units, res1.units);
	assert_int_equal(r2.leaders, res1.leaders);
	person_list_t a, b, d;
	list_all(&ctx, &a);
	list_all(&c2, &b);
	list_all(&c3, &d);
	assert_int_equal(a.n, b.n);
	assert_int_equal(d.n, (size_t)N);
	size_t same_other = 0;
	for (size_t i = 0; i < a.n; i++) {
		assert_string_equal(a.v[i].code, b.v[i].code);
		assert_string_equal(a.v[i].full_name, b.v[i].full_name);
		assert_string_equal(a.v[i].birth_date, b.v[i].birth_date);
		assert_string_equal(a.v[i].unit_code, b.v[i].unit_code);
		same_other += strcmp(a.v[i].full_name, d.v[i].full_name) == 0;
	}
	assert_true(same_other < a.n / 10); /* another seed, other people */
	person_list_free(&a);
	person_list_free(&b);
	person_list_free(&d);
	app_ctx_close(&c2);
	app_ctx_close(&c3);

	/* the CSV files alone (no database) are byte for byte the same */
	gen_opts_t o = {.people = N, .seed = SEED, .csv_people = csv_p2, .csv_units = csv_u2,
			.no_db = 1};
	app_ctx_t none = {0};
	none.progress_fd = -1;
	none.role = ROLE_ADMIN;
	gen_result_t r4;
	err_t e = {0};
	if (gen_run(&none, &o, &r4, &e))
		fail_msg("gen_run (no db): %s", e.msg);
	assert_int_equal(r4.people, N);
	size_t n1, n2;
	char *f1 = slurp(csv_p, &n1), *f2 = slurp(csv_p2, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(f1, f2, n1);
	free(f1);
	free(f2);
	f1 = slurp(csv_u, &n1);
	f2 = slurp(csv_u2, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(f1, f2, n1);
	free(f1);
	free(f2);
}

static void test_refuses_nonempty_and_bad_counts(void **state)
{
	(void)state;
	gen_opts_t o = {.people = 10, .seed = 1};
	gen_result_t r;
	err_t e = {0};
	assert_int_equal(gen_run(&ctx, &o, &r, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "trống"));
	person_list_t l;
	list_all(&ctx, &l);
	assert_int_equal(l.total, N);
	person_list_free(&l);
	o.people = 0;
	assert_int_equal(gen_run(&ctx, &o, &r, &e), ERR_USAGE);
	o.people = 3000001;
	assert_int_equal(gen_run(&ctx, &o, &r, &e), ERR_USAGE);
}

/* The CSV headers are the importer's; the files import with no problem. */
static void test_csv_imports(void **state)
{
	(void)state;
	size_t n;
	char *p = slurp(csv_p, &n);
	const char *want = "Mã,Họ và tên,Ngày sinh,Giới tính,Mã đơn vị,Chức vụ,Phân loại,Mã ngạch,"
			   "Trình độ chuyên môn,Lý luận chính trị\r\n";
	assert_memory_equal(p, want, strlen(want));
	free(p);
	p = slurp(csv_u, &n);
	assert_memory_equal(p, "Mã,Tên,Mã đơn vị cha,Loại,Khối\r\n",
			    strlen("Mã,Tên,Mã đơn vị cha,Loại,Khối\r\n"));
	free(p);

	app_ctx_t c;
	open_db(&c, db3, 0);
	err_t e = {0};
	import_result_t res;
	import_opts_t io = {.as_of = "2026-01-01"};
	rowsrc_t src;
	assert_int_equal(rowsrc_open_csv(csv_u, &src, &e), 0);
	int r = import_run(&c, IMPORT_UNITS, &src, &io, &res, &e);
	rowsrc_close(&src);
	if (r)
		fail_msg("import units: %s (%ld problems; first: %s)", e.msg, res.nproblems,
			 res.nkept ? res.problems[0].reason : "");
	assert_int_equal(res.nproblems, 0);
	assert_int_equal(res.created, res1.units);
	import_result_free(&res);

	assert_int_equal(rowsrc_open_csv(csv_p, &src, &e), 0);
	r = import_run(&c, IMPORT_PEOPLE, &src, &io, &res, &e);
	rowsrc_close(&src);
	if (r)
		fail_msg("import people: %s (%ld problems; first: line %ld %s)", e.msg, res.nproblems,
			 res.nkept ? res.problems[0].line : 0, res.nkept ? res.problems[0].reason : "");
	assert_int_equal(res.nproblems, 0);
	assert_int_equal(res.created, N);
	assert_int_equal(res.nignored, 0);
	import_result_free(&res);

	/* the same people, leaders and order as in the generated database */
	person_list_t a, b;
	list_all(&ctx, &a);
	list_all(&c, &b);
	assert_int_equal(a.n, b.n);
	long la = 0, lb = 0;
	for (size_t i = 0; i < a.n; i++) {
		assert_string_equal(a.v[i].code, b.v[i].code);
		assert_string_equal(a.v[i].full_name, b.v[i].full_name);
		assert_string_equal(a.v[i].unit_code, b.v[i].unit_code);
		assert_string_equal(a.v[i].category, b.v[i].category);
		/* positions came through text_clean(): they were NFC already */
		assert_string_equal(a.v[i].position, b.v[i].position);
		la += a.v[i].is_leader;
		lb += b.v[i].is_leader;
	}
	assert_int_equal(la, lb);
	person_list_free(&a);
	person_list_free(&b);

	/* the same tree, unit names unchanged by the importer's cleaning */
	unit_list_t ta = {0}, tb = {0};
	assert_int_equal(org_tree(&ctx, "2026-01-01", NULL, 0, &ta, &e), 0);
	assert_int_equal(org_tree(&c, "2026-01-01", NULL, 0, &tb, &e), 0);
	assert_int_equal(ta.n, tb.n);
	for (size_t i = 0; i < ta.n; i++) {
		assert_string_equal(ta.v[i].code, tb.v[i].code);
		assert_string_equal(ta.v[i].name, tb.v[i].name);
		assert_string_equal(ta.v[i].kind, tb.v[i].kind);
		assert_string_equal(ta.v[i].sector, tb.v[i].sector);
		assert_int_equal(ta.v[i].depth, tb.v[i].depth);
	}
	unit_list_free(&ta);
	unit_list_free(&tb);
	app_ctx_close(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_tables),
		cmocka_unit_test(test_names_rank_scale),
		cmocka_unit_test(test_counts_and_posts),
		cmocka_unit_test(test_keys_match_people_put),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_refuses_nonempty_and_bad_counts),
		cmocka_unit_test(test_csv_imports),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
