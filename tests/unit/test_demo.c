/*
 * Tests of app/demo: the sample city built in a fresh SQLite file and
 * checked through the app functions — its size and leader share, the tree
 * on 30/06/2025 (with Quận Hoàn Kiếm and its old wards) and on 01/07/2025
 * (without them, with the new Phường Hoàn Kiếm and Phường Cửa Nam: the
 * 2025 reform, DOMAIN.md §1), where the people of an old ward went, a
 * person's history across the merger, search without diacritics, one open
 * primary post per person, the concurrent posts and the secondment, the
 * same people on every run, and the refusal of a database that already
 * holds data.
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
#include "app/demo.h"
#include "app/org.h"
#include "app/people.h"
#include "lib/text.h"

#include "testdb.h"

static char dir[64], db1[128], db2[128];
static app_ctx_t ctx;
static demo_summary_t sum;

static void open_db(app_ctx_t *c, const char *p)
{
	err_t e = {0};
	if (app_ctx_open_flags(c, testdb(p), DB_OPEN_CREATE, &e))
		fail_msg("open %s: %s", p, e.msg);
	c->progress_fd = -1;
}

static void remove_db(const char *p)
{
	testdb_remove(p);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/canbo-test-demo-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(db1, sizeof db1, "%s/demo1.db", dir);
	snprintf(db2, sizeof db2, "%s/demo2.db", dir);
	open_db(&ctx, db1);
	err_t e = {0};
	if (demo_build(&ctx, &sum, &e)) {
		fprintf(stderr, "demo_build: %s\n", e.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	app_ctx_close(&ctx);
	remove_db(db1);
	remove_db(db2);
	rmdir(dir);
	return 0;
}

static void list_all(app_ctx_t *c, person_list_t *l)
{
	people_query_t q = {0};
	err_t e = {0};
	if (people_list(c, &q, l, &e))
		fail_msg("people_list: %s", e.msg);
}

static int tree_has(const unit_list_t *t, const char *code)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].code, code) == 0)
			return 1;
	return 0;
}

static void test_summary(void **state)
{
	(void)state;
	assert_string_equal(sum.root_code, "HN");
	assert_string_equal(sum.district_code, "HK");
	assert_string_equal(sum.ward_code, "P-HK");
	assert_true(sum.people >= 250 && sum.people <= 450);
	double lr = (double)sum.leaders / (double)sum.people;
	if (lr < 0.12 || lr > 0.22)
		fail_msg("leader share %.3f outside 12–22%%", lr);
	assert_int_equal(sum.units_closed, 10); /* 6 wards, 3 rooms, the district */
	assert_int_equal(sum.events, 5);
	assert_true(sum.units_now >= 40);
	assert_true(sum.sample_person[0] && sum.sample_name[0]);

	/* every person holds exactly one open primary post */
	person_list_t l;
	list_all(&ctx, &l);
	assert_int_equal(l.total, sum.people);
	for (size_t i = 0; i < l.n; i++)
		assert_non_null(l.v[i].unit_code);
	person_list_free(&l);

	audit_report_t ar;
	err_t e = {0};
	assert_int_equal(audit_verify(&ctx, &ar, &e), 0);
	assert_true(ar.rows > 20); /* the build, the reorganisation, the new posts */
}

/* DOMAIN.md §1: "what did the tree look like on 30/06/2025?" */
static void test_tree_before_and_after(void **state)
{
	(void)state;
	unit_list_t before = {0}, after = {0};
	err_t e = {0};
	assert_int_equal(org_tree(&ctx, "2025-06-30", NULL, 1, &before, &e), 0);
	assert_int_equal(org_tree(&ctx, "2025-07-01", NULL, 1, &after, &e), 0);
	static const char *const old[] = {"HK", "HK-HT", "HK-HB", "HK-HD", "HK-CN", "HK-HBO",
					  "HK-TT", "HK-VP", "HK-NV", "HK-TCKH"};
	for (size_t i = 0; i < sizeof old / sizeof old[0]; i++) {
		assert_true(tree_has(&before, old[i]));
		assert_false(tree_has(&after, old[i]));
	}
	assert_false(tree_has(&before, "P-HK"));
	assert_false(tree_has(&before, "X-SS"));
	assert_true(tree_has(&after, "P-HK"));
	assert_true(tree_has(&after, "P-CN"));
	assert_true(tree_has(&after, "X-SS"));
	/* the old wards had people on their last day */
	for (size_t i = 0; i < before.n; i++)
		if (strcmp(before.v[i].code, "HK-HT") == 0)
			assert_true(before.v[i].people >= 5);
	/* the district hung under the city */
	for (size_t i = 0; i < before.n; i++)
		if (strcmp(before.v[i].code, "HK") == 0) {
			assert_string_equal(before.v[i].parent_code, "HN");
			assert_string_equal(before.v[i].kind, "district");
		}
	unit_list_free(&before);
	unit_list_free(&after);
}

/* DOMAIN.md §1: "where did the people of the old unit X go?" */
static void test_where_old_ward_went(void **state)
{
	(void)state;
	org_where_t w;
	err_t e = {0};
	assert_int_equal(org_where(&ctx, "HK-HT", &w, &e), 0);
	assert_string_equal(w.unit.valid_to, "2025-07-01");
	assert_true(w.n >= 5);
	int sample = 0;
	for (size_t i = 0; i < w.n; i++) {
		assert_string_equal(w.v[i].until, "2025-07-01");
		assert_non_null(w.v[i].new_unit_code);
		/* into Phường Hoàn Kiếm or one of its rooms */
		assert_memory_equal(w.v[i].new_unit_code, "P-HK", 4);
		if (strcmp(w.v[i].person_code, sum.sample_person) == 0) {
			sample = 1;
			assert_string_equal(w.v[i].new_unit_code, "P-HK");
			assert_string_equal(w.v[i].person_name, sum.sample_name);
		}
	}
	assert_true(sample);
	int merge = 0;
	for (size_t i = 0; i < w.events.n; i++)
		if (strcmp(w.events.v[i].kind, "merge") == 0) {
			merge = 1;
			assert_string_equal(w.events.v[i].decision_no, "1656/NQ-UBTVQH15");
		}
	assert_true(merge);
	org_where_free(&w);

	/* the district: its leaders went to the new wards */
	assert_int_equal(org_where(&ctx, "HK", &w, &e), 0);
	assert_true(w.n >= 3);
	org_where_free(&w);
}

static void test_person_history(void **state)
{
	(void)state;
	person_full_t p;
	err_t e = {0};
	assert_int_equal(people_get(&ctx, sum.sample_person, &p, &e), 0);
	assert_true(p.nposts >= 2);
	assert_string_equal(p.posts[0].unit_code, "HK-HT");
	assert_string_equal(p.posts[0].to, "2025-07-01");
	assert_true(strcmp(p.posts[0].from, "2025-07-01") < 0);
	assert_string_equal(p.posts[p.nposts - 1].unit_code, "P-HK");
	assert_string_equal(p.posts[p.nposts - 1].from, "2025-07-01");
	assert_null(p.posts[p.nposts - 1].to);
	/* a full record */
	assert_non_null(p.v[PF_BIRTH_DATE]);
	assert_non_null(p.v[PF_ETHNICITY]);
	assert_non_null(p.v[PF_RANK_CODE]);
	assert_non_null(p.v[PF_SALARY_COEF]);
	assert_non_null(p.v[PF_DEGREE]);
	person_full_free(&p);
}

static void test_search_without_marks(void **state)
{
	(void)state;
	person_list_t all, found;
	list_all(&ctx, &all);
	long want = 0;
	for (size_t i = 0; i < all.n; i++) {
		char *f = text_fold(all.v[i].full_name);
		want += strstr(f, "nguyen") != NULL;
		free(f);
	}
	assert_true(want > 50);
	people_query_t q = {.text = "nguyen"};
	err_t e = {0};
	assert_int_equal(people_list(&ctx, &q, &found, &e), 0);
	assert_int_equal(found.total, want);
	for (size_t i = 0; i < found.n; i++) {
		char *f = text_fold(found.v[i].full_name);
		assert_non_null(strstr(f, "nguyen"));
		free(f);
	}
	person_list_free(&found);
	person_list_free(&all);
}

/* Two concurrent posts (kiêm nhiệm) and one secondment (biệt phái). */
static void test_concurrent_and_secondment(void **state)
{
	(void)state;
	person_list_t all;
	list_all(&ctx, &all);
	int concurrent = 0, secondment = 0;
	err_t e = {0};
	for (size_t i = 0; i < all.n; i++) {
		person_full_t p;
		assert_int_equal(people_get(&ctx, all.v[i].code, &p, &e), 0);
		int primary_open = 0;
		for (size_t k = 0; k < p.nposts; k++) {
			if (strcmp(p.posts[k].kind, "concurrent") == 0) {
				concurrent++;
				assert_true(p.posts[k].is_leader);
			}
			if (strcmp(p.posts[k].kind, "secondment") == 0) {
				secondment++;
				assert_string_equal(p.posts[k].unit_code, "P-CN-KT");
				assert_string_equal(p.posts[k].to, "2026-06-30");
				assert_string_equal(p.v[PF_STATUS], "seconded");
			}
			primary_open += strcmp(p.posts[k].kind, "primary") == 0 && !p.posts[k].to;
		}
		assert_int_equal(primary_open, 1);
		person_full_free(&p);
	}
	assert_int_equal(concurrent, 2);
	assert_int_equal(secondment, 1);
	person_list_free(&all);
}

static void test_deterministic_and_refusal(void **state)
{
	(void)state;
	err_t e = {0};
	demo_summary_t again;
	assert_int_equal(demo_build(&ctx, &again, &e), ERR_CONFLICT);

	app_ctx_t c2;
	open_db(&c2, db2);
	assert_int_equal(demo_build(&c2, &again, &e), 0);
	assert_int_equal(again.people, sum.people);
	assert_int_equal(again.leaders, sum.leaders);
	assert_string_equal(again.sample_person, sum.sample_person);
	person_list_t a, b;
	list_all(&ctx, &a);
	list_all(&c2, &b);
	assert_int_equal(a.n, b.n);
	for (size_t i = 0; i < a.n; i++) {
		assert_string_equal(a.v[i].code, b.v[i].code);
		assert_string_equal(a.v[i].full_name, b.v[i].full_name);
		assert_string_equal(a.v[i].birth_date, b.v[i].birth_date);
		assert_string_equal(a.v[i].unit_code, b.v[i].unit_code);
		assert_string_equal(a.v[i].position, b.v[i].position);
	}
	person_list_free(&a);
	person_list_free(&b);
	app_ctx_close(&c2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_tree_before_and_after),
		cmocka_unit_test(test_where_old_ward_went),
		cmocka_unit_test(test_person_history),
		cmocka_unit_test(test_search_without_marks),
		cmocka_unit_test(test_concurrent_and_secondment),
		cmocka_unit_test(test_deterministic_and_refusal),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
