/*
 * Tests of app/fw, app/fwjson, app/settings and lib/json: criteria
 * frameworks as versioned data (issue 3).
 *
 *  - the built-in frameworks (Hanoi 3814-QĐ/TU, Decree 335/2025/NĐ-CP) are
 *    stored once, idempotently, and load back equal field by field to the
 *    core builders' frameworks;
 *  - fw_select chooses by date, category, leader role and unit ancestry;
 *  - JSON export → import round-trips; bad JSON (duplicate keys, unknown
 *    keys, points over the group maximum, bands out of order, wrong types)
 *    is refused with a Vietnamese message and nothing is stored;
 *  - a unit's derived framework within the parent's totals is accepted,
 *    beyond them refused;
 *  - a changed setting produces a new version while the old version still
 *    loads identically.
 *
 * Each test runs on a fresh database: HN (city) → PX (ward) → PX-VH (its
 * culture office), and HN → SNV (a department).
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
#include "app/fw.h"
#include "app/fwjson.h"
#include "app/org.h"
#include "app/settings.h"
#include "core/builtin.h"
#include "lib/json.h"

#include "testdb.h"

static char dir[64], dbpath[96];
static app_ctx_t ctx;
static int64_t u_hn, u_px, u_pxvh, u_snv;

/* ---- helpers -------------------------------------------------------- */

static void add_unit(const char *code, const char *name, const char *kind, const char *parent)
{
	unit_rec_t u = {.code = code,
	                .name = name,
	                .kind = kind,
	                .sector = "government",
	                .parent_code = parent,
	                .valid_from = "2000-01-01"};
	err_t e = {0};
	if (org_unit_add(&ctx, &u, &e))
		fail_msg("unit %s: %s", code, e.msg);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/canbo-test-fw-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(dbpath, sizeof dbpath, "%s/t.db", dir);
	err_t e = {0};
	assert_int_equal(app_ctx_open(&ctx, testdb(dbpath), 1, &e), 0);
	ctx.quiet = 1;
	add_unit("HN", "Thành phố Hà Nội", "city", NULL);
	add_unit("PX", "Phường Hoàn Kiếm", "ward", "HN");
	add_unit("PX-VH", "Phòng Văn hóa - Xã hội", "room", "PX");
	add_unit("SNV", "Sở Nội vụ", "department", "HN");
	u_hn = org_unit_id(&ctx, "HN", &e);
	u_px = org_unit_id(&ctx, "PX", &e);
	u_pxvh = org_unit_id(&ctx, "PX-VH", &e);
	u_snv = org_unit_id(&ctx, "SNV", &e);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	app_ctx_close(&ctx);
	char p[160];
	testdb_remove(dbpath);
	const char *names[] = {"t.db", "t.db-wal", "t.db-shm", "out.json", "out.json.tmp"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, names[i]);
		unlink(p);
	}
	rmdir(dir);
	return 0;
}

static size_t nversions(void)
{
	fw_list_t l;
	err_t e = {0};
	assert_int_equal(fw_list(&ctx, 1, &l, &e), 0);
	size_t n = l.n;
	fw_list_free(&l);
	return n;
}

static int64_t naudit(void)
{
	audit_report_t r;
	err_t e = {0};
	assert_int_equal(audit_verify(&ctx, &r, &e), 0);
	return r.rows;
}

static void ensure(void)
{
	err_t e = {0};
	if (fw_ensure_builtins(&ctx, &e))
		fail_msg("ensure: %s", e.msg);
}

static int64_t find(const char *code, int version)
{
	err_t e = {0};
	int64_t id = fw_find(&ctx, code, version, &e);
	if (!id)
		fail_msg("find %s v%d: %s", code, version, e.msg);
	return id;
}

static void assert_msg(const err_t *e, const char *needle)
{
	if (!strstr(e->msg, needle))
		fail_msg("message \"%s\" lacks \"%s\"", e->msg, needle);
}

/* Field-by-field equality of two frameworks (the code excepted when
 * skip_code). */
static void assert_fw_equal(const framework_t *a, const framework_t *b, int skip_code)
{
	if (!skip_code)
		assert_string_equal(a->code, b->code);
	assert_string_equal(a->name, b->name);
	assert_string_equal(a->legal_basis, b->legal_basis);
	assert_int_equal(a->version, b->version);
	assert_int_equal(a->effective_from, b->effective_from);
	assert_int_equal(a->effective_to, b->effective_to);
	assert_int_equal(a->categories, b->categories);
	assert_int_equal(a->roles, b->roles);
	assert_int_equal(a->scale_max, b->scale_max);
	assert_int_equal(a->allow_over_max, b->allow_over_max);
	assert_int_equal(a->round_step, b->round_step);
	assert_int_equal(a->ngroups, b->ngroups);
	for (size_t g = 0; g < a->ngroups; g++) {
		const framework_group_t *x = &a->groups[g], *y = &b->groups[g];
		assert_string_equal(x->code, y->code);
		assert_string_equal(x->name, y->name);
		assert_int_equal(x->kind, y->kind);
		assert_int_equal(x->max, y->max);
		assert_int_equal(x->ncriteria, y->ncriteria);
		for (size_t c = 0; c < x->ncriteria; c++) {
			assert_string_equal(x->criteria[c].code, y->criteria[c].code);
			assert_string_equal(x->criteria[c].name, y->criteria[c].name);
			assert_int_equal(x->criteria[c].kind, y->criteria[c].kind);
			assert_int_equal(x->criteria[c].max, y->criteria[c].max);
		}
	}
	assert_int_equal(a->nbands, b->nbands);
	for (size_t i = 0; i < a->nbands; i++) {
		assert_string_equal(a->bands[i].code, b->bands[i].code);
		assert_string_equal(a->bands[i].label, b->bands[i].label);
		assert_int_equal(a->bands[i].min, b->bands[i].min);
	}
	assert_int_equal(a->ndisq, b->ndisq);
	for (size_t i = 0; i < a->ndisq; i++) {
		assert_string_equal(a->disq[i].code, b->disq[i].code);
		assert_string_equal(a->disq[i].reason, b->disq[i].reason);
		assert_int_equal(a->disq[i].leaders_only, b->disq[i].leaders_only);
	}
	assert_memory_equal(&a->quota, &b->quota, sizeof a->quota);
	assert_memory_equal(&a->workprod, &b->workprod, sizeof a->workprod);
	assert_memory_equal(&a->leader, &b->leader, sizeof a->leader);
}

static int64_t select_fw(int64_t unit, const char *cat, int leader, const char *date)
{
	err_t e = {0};
	int64_t id = fw_select(&ctx, unit, cat, leader, date, &e);
	if (!id)
		fail_msg("select %s %d %s: %s", cat, leader, date, e.msg);
	return id;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = malloc((size_t)n + 1);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	p[n] = 0;
	fclose(f);
	return p;
}

/* The stored JSON of HN-3814 with its code replaced by code (new). */
static char *hn_json_as(const char *code)
{
	err_t e = {0};
	char *t = fw_json(&ctx, find(FW_CODE_3814, 0), &e);
	assert_non_null(t);
	js_t *v = js_parse(t, strlen(t), 0, &e);
	assert_non_null(v);
	js_put_str(v, "code", code);
	char *out = js_dump(v, 1);
	js_free(v);
	free(t);
	return out;
}

/* A framework text that must be refused with needle, storing nothing. */
static void refuse_import(const char *text, const char *needle)
{
	size_t before = nversions();
	int64_t audits = naudit();
	err_t e = {0};
	int created = 7;
	int64_t id = fw_import_text(&ctx, text, strlen(text), &created, &e);
	if (id)
		fail_msg("accepted: %s", text);
	assert_int_equal(created, 0);
	assert_true(e.code == ERR_INVALID || e.code == ERR_CONFLICT || e.code == ERR_TOO_LARGE);
	assert_msg(&e, needle);
	assert_int_equal(nversions(), before);
	assert_int_equal(naudit(), audits);
}

/* hn_json_as("X") with the first occurrence of from replaced by to. */
static char *hn_edit(const char *from, const char *to)
{
	char *t = hn_json_as("HN-X");
	char *p = strstr(t, from);
	if (!p)
		fail_msg("\"%s\" not in the export", from);
	size_t n = strlen(t) - strlen(from) + strlen(to) + 1;
	char *out = malloc(n);
	snprintf(out, n, "%.*s%s%s", (int)(p - t), t, to, p + strlen(from));
	free(t);
	return out;
}

/* ---- built-in frameworks --------------------------------------------- */

/* Stored once: a second run stores nothing and writes no audit row. */
static void test_builtins_once(void **state)
{
	(void)state;
	assert_int_equal(nversions(), 0);
	int64_t a0 = naudit();
	ensure();
	assert_int_equal(nversions(), 2);
	assert_int_equal(naudit(), a0 + 2);
	ensure();
	ensure();
	assert_int_equal(nversions(), 2);
	assert_int_equal(naudit(), a0 + 2);

	/* inside the caller's transaction too */
	err_t e = {0};
	assert_int_equal(db_begin(ctx.db, &e), 0);
	assert_int_equal(fw_ensure_builtins(&ctx, &e), 0);
	assert_int_equal(db_commit(ctx.db, &e), 0);
	assert_int_equal(nversions(), 2);

	fw_row_t r;
	assert_int_equal(fw_get(&ctx, find(FW_CODE_3814, 0), &r, &e), 0);
	assert_int_equal(r.version, 1);
	assert_int_equal(r.builtin, 1);
	assert_string_equal(r.effective_from, "2018-07-01");
	assert_null(r.effective_to);
	assert_string_equal(r.categories, "CB,CC,VC,LDHD");
	assert_string_equal(r.roles, "leader,staff");
	assert_int_equal(r.unit_id, 0);
	fw_row_free(&r);
	assert_int_equal(fw_get(&ctx, find(FW_CODE_335, 0), &r, &e), 0);
	assert_string_equal(r.effective_from, "2026-01-01");
	assert_string_equal(r.categories, "CC");
	fw_row_free(&r);
}

/* fw_load gives back exactly the core builders' frameworks (3814-QĐ/TU:
 * 20/70/10, A–D, A ≤ 30%/40%; 335/2025: 10/10/10 + 70, HTXS–KHT, three
 * disqualifiers, HTXS ≤ 20% of HTT per group). */
static void test_load_equals_builder(void **state)
{
	(void)state;
	ensure();
	err_t e = {0};
	framework_t *want = builtin_3814(NULL, &e);
	framework_t *got = fw_load(&ctx, find(FW_CODE_3814, 1), &e);
	assert_non_null(got);
	assert_string_equal(got->code, FW_CODE_3814);
	assert_fw_equal(got, want, 1);
	assert_int_equal(got->groups[0].max, 2000);
	assert_int_equal(got->quota.permille, 300);
	assert_int_equal(got->quota.permille_outstanding, 400);
	framework_free(want);
	framework_free(got);

	want = builtin_335(NULL, &e);
	got = fw_load(&ctx, find(FW_CODE_335, 1), &e);
	assert_non_null(got);
	assert_fw_equal(got, want, 1);
	assert_int_equal(got->ndisq, 3);
	assert_int_equal(got->quota.per_group, 1);
	framework_free(want);
	framework_free(got);

	assert_null(fw_load(&ctx, 9999, &e));
	assert_int_equal(e.code, ERR_NOT_FOUND);
}

/* ---- selection ------------------------------------------------------- */

static void test_select_by_date_category_role(void **state)
{
	(void)state;
	err_t e = {0};
	assert_int_equal(fw_select(&ctx, u_px, "CC", 0, "2025-01-01", &e), 0);
	assert_int_equal(e.code, ERR_NOT_FOUND);
	ensure();
	int64_t hn = find(FW_CODE_3814, 0), nd = find(FW_CODE_335, 0);
	/* 3814 from 01/07/2018 */
	assert_int_equal(fw_select(&ctx, u_px, "CC", 0, "2018-06-30", &e), 0);
	assert_int_equal(e.code, ERR_NOT_FOUND);
	assert_msg(&e, "30/06/2018");
	assert_int_equal(select_fw(u_px, "CC", 0, "2018-07-01"), hn);
	assert_int_equal(select_fw(u_px, "CC", 1, "2025-12-31"), hn);
	/* 335 from 01/01/2026 for civil servants, leaders or not */
	assert_int_equal(select_fw(u_px, "CC", 0, "2026-01-01"), nd);
	assert_int_equal(select_fw(u_px, "CC", 1, "2026-06-15"), nd);
	/* other categories stay on 3814 */
	assert_int_equal(select_fw(u_px, "VC", 0, "2026-01-01"), hn);
	assert_int_equal(select_fw(u_px, "CB", 1, "2026-01-01"), hn);
	assert_int_equal(select_fw(u_px, "LDHD", 0, "2026-01-01"), hn);
	/* dd/mm/yyyy accepted, unit 0 = no unit */
	assert_int_equal(select_fw(0, "CC", 0, "01/02/2026"), nd);
	assert_int_equal(fw_select(&ctx, u_px, "XX", 0, "2026-01-01", &e), 0);
	assert_int_equal(e.code, ERR_INVALID);
	assert_int_equal(fw_select(&ctx, u_px, "CC", 0, "31/02/2026", &e), 0);
	assert_int_equal(e.code, ERR_INVALID);
}

/* A ward's own refinement of 3814 applies to the ward and the units below
 * it, for the categories and roles it covers, and gives way to 335 for
 * civil servants from 2026. */
static void test_select_unit_ancestry(void **state)
{
	(void)state;
	ensure();
	const char *changes =
	    "{\"name\": \"Khung đánh giá của phường Hoàn Kiếm (cán bộ không giữ chức vụ)\","
	    " \"applies_to\": {\"categories\": [\"CB\", \"CC\", \"VC\"], \"roles\": [\"staff\"]},"
	    " \"groups\": [{\"code\": \"YT\", \"criteria\": ["
	    "  {\"code\": \"YT_KL\", \"name\": \"Chấp hành kỷ luật, kỷ cương hành chính\","
	    "   \"kind\": \"scored\", \"max\": 12.5},"
	    "  {\"code\": \"YT_DD\", \"name\": \"Phẩm chất đạo đức, lối sống\", \"kind\": "
	    "\"scored\","
	    "   \"max\": 7.5}]}]}";
	err_t e = {0};
	int created = 0;
	int64_t px = fw_derive(&ctx, FW_CODE_3814, 0, "PX", changes, strlen(changes), &created, &e);
	if (!px)
		fail_msg("derive: %s", e.msg);
	assert_int_equal(created, 1);
	int64_t hn = find(FW_CODE_3814, 0), nd = find(FW_CODE_335, 0);
	assert_int_equal(select_fw(u_px, "CC", 0, "2025-03-01"), px);
	assert_int_equal(select_fw(u_pxvh, "VC", 0, "2025-03-01"), px); /* a unit below */
	assert_int_equal(select_fw(u_snv, "VC", 0, "2025-03-01"), hn);  /* another branch */
	assert_int_equal(select_fw(u_hn, "VC", 0, "2025-03-01"), hn);   /* the unit above */
	assert_int_equal(select_fw(u_pxvh, "VC", 1, "2025-03-01"), hn); /* leaders: not covered */
	assert_int_equal(select_fw(u_pxvh, "LDHD", 0, "2025-03-01"), hn);
	assert_int_equal(select_fw(u_pxvh, "VC", 0, "2026-03-01"), px); /* still 3814 for VC */
	assert_int_equal(select_fw(u_pxvh, "CC", 0, "2026-03-01"), nd); /* 335 takes over */

	/* the office's own framework, derived from the ward's, wins below it */
	const char *office = "{\"code\": \"PX-VH-KHUNG\", \"disqualifiers\": [{\"code\": "
	                     "\"VANG_KHONG_LY_DO\", \"reason\": \"Nghỉ việc không có lý do từ 3 "
	                     "ngày trở lên trong tháng\"}]}";
	int64_t vh =
	    fw_derive(&ctx, "HN-3814-PX", 0, "PX-VH", office, strlen(office), &created, &e);
	if (!vh)
		fail_msg("derive office: %s", e.msg);
	assert_int_equal(select_fw(u_pxvh, "VC", 0, "2025-03-01"), vh);
	assert_int_equal(select_fw(u_px, "VC", 0, "2025-03-01"), px);
	/* a framework of PX-VH cannot be the parent of one for SNV */
	assert_int_equal(fw_derive(&ctx, "PX-VH-KHUNG", 0, "SNV", NULL, 0, &created, &e), 0);
	assert_msg(&e, "khung riêng của đơn vị PX-VH");
}

/* ---- JSON ------------------------------------------------------------ */

/* Export → import under another code stores the same framework; a second
 * import of the same text stores nothing; a changed text is version 2. */
static void test_json_round_trip(void **state)
{
	(void)state;
	ensure();
	char out[128];
	snprintf(out, sizeof out, "%s/out.json", dir);
	err_t e = {0};
	assert_int_equal(fw_export(&ctx, FW_CODE_335, 0, out, &e), 0);
	char *text = slurp(out);
	char *stored = fw_json(&ctx, find(FW_CODE_335, 0), &e);
	assert_string_equal(text, stored);
	assert_non_null(strstr(text, "\"effective_from\": \"2026-01-01\""));
	assert_non_null(strstr(text, "\"percent\": 20"));
	free(stored);

	/* import the export under a new code */
	js_t *v = js_parse(text, strlen(text), 0, &e);
	js_put_str(v, "code", "ND-335-HN");
	char *t2 = js_dump(v, 1);
	js_free(v);
	int created = 0;
	int64_t id = fw_import_text(&ctx, t2, strlen(t2), &created, &e);
	if (!id)
		fail_msg("import: %s", e.msg);
	assert_int_equal(created, 1);
	framework_t *a = fw_load(&ctx, find(FW_CODE_335, 0), &e);
	framework_t *b = fw_load(&ctx, id, &e);
	assert_string_equal(b->code, "ND-335-HN");
	assert_fw_equal(a, b, 1);
	framework_free(a);
	framework_free(b);

	/* again: nothing new */
	int64_t audits = naudit();
	assert_int_equal(fw_import_text(&ctx, t2, strlen(t2), &created, &e), id);
	assert_int_equal(created, 0);
	assert_int_equal(naudit(), audits);

	/* 7.5 points, a decimal percentage, dd/mm/yyyy dates: version 2 */
	v = js_parse(t2, strlen(t2), 0, &e);
	js_put_str(v, "effective_from", "01/03/2026");
	js_put_str(v, "effective_to", "31/12/2030");
	js_t *q = (js_t *)js_get(v, "quota");
	js_put_fixed(q, "percent", 175, 1);
	js_put_fixed(q, "percent_outstanding", 250, 1);
	char *t3 = js_dump(v, 1);
	js_free(v);
	int64_t id2 = fw_import_text(&ctx, t3, strlen(t3), &created, &e);
	if (!id2)
		fail_msg("import v2: %s", e.msg);
	assert_int_equal(created, 1);
	b = fw_load(&ctx, id2, &e);
	assert_int_equal(b->version, 2);
	assert_int_equal(b->quota.permille, 175);
	assert_int_equal(b->effective_to, framework_day(2030, 12, 31));
	framework_free(b);
	fw_row_t r;
	assert_int_equal(fw_get(&ctx, id2, &r, &e), 0);
	assert_string_equal(r.effective_from, "2026-03-01");
	assert_string_equal(r.effective_to, "2031-01-01"); /* stored exclusive */
	fw_row_free(&r);
	/* version 1 is untouched */
	b = fw_load(&ctx, id, &e);
	assert_int_equal(b->version, 1);
	assert_int_equal(b->quota.permille, 200);
	framework_free(b);

	/* and through a file */
	FILE *f = fopen(out, "w");
	fputs("\xEF\xBB\xBF", f); /* a BOM, as Windows editors write */
	fputs(t3, f);
	fclose(f);
	assert_int_equal(fw_import(&ctx, out, &created, &e), id2);
	assert_int_equal(created, 0);
	free(text);
	free(t2);
	free(t3);
}

static void test_json_refusals(void **state)
{
	(void)state;
	ensure();
	char *t;

	refuse_import("{\"code\": \"X\", \"code\": \"Y\"}", "khóa «code» xuất hiện hai lần");
	refuse_import("{\"code\": \"X\",\n \"name\": \"A\",\n \"name\": \"B\"}", "dòng 3");
	refuse_import("{\"code\": \"X\", ", "Tệp JSON không hợp lệ");
	refuse_import("[1, 2]", "phải là một đối tượng JSON");
	refuse_import("{} {}", "nội dung thừa");
	refuse_import(
	    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
	    "lồng nhau quá");

	t = hn_edit("\"scale\"", "\"thang_diem\": 1, \"scale\"");
	refuse_import(t, "Trường «thang_diem» không hợp lệ");
	free(t);
	t = hn_edit("\"kind\": \"scored\"", "\"kind\": \"scored\", \"weight\": 2");
	refuse_import(t, "«groups[0].criteria[0].weight» không hợp lệ");
	free(t);
	/* a criterion worth more than its group */
	t = hn_edit("\"kind\": \"scored\",\n          \"max\": 20",
	            "\"kind\": \"scored\",\n          \"max\": 25");
	refuse_import(t, "lớn hơn điểm của nhóm");
	free(t);
	/* bands out of order */
	t = hn_edit("\"min\": 70", "\"min\": 95");
	refuse_import(t, "từ cao xuống thấp");
	free(t);
	/* wrong types */
	t = hn_edit("\"max\": 20", "\"max\": \"20\"");
	refuse_import(t, "«groups[0].max» phải là số (đang là chuỗi)");
	free(t);
	t = hn_edit("\"allow_over_max\": false", "\"allow_over_max\": 0");
	refuse_import(t, "«allow_over_max» phải là true hoặc false");
	free(t);
	t = hn_edit("\"min_top\": 0", "\"min_top\": 1.5");
	refuse_import(t, "«quota.min_top» phải là số nguyên");
	free(t);
	t = hn_edit("\"max\": 20", "\"max\": 19.995");
	refuse_import(t, "tối đa 2 chữ số thập phân");
	free(t);
	t = hn_edit("\"max\": 20", "\"max\": -20");
	refuse_import(t, "«groups[0].max» phải từ 0.01 đến 1000");
	free(t);
	t = hn_edit("\"effective_from\": \"2018-07-01\"", "\"effective_from\": \"31/06/2018\"");
	refuse_import(t, "«effective_from» («31/06/2018») không phải ngày hợp lệ");
	free(t);
	t = hn_edit("\"VC\"", "\"CCVC\"");
	refuse_import(t, "«applies_to.categories[2]»: «CCVC» không hợp lệ");
	free(t);
	t = hn_edit("\"kind\": \"scored\"", "\"kind\": \"cham_diem\"");
	refuse_import(t, "«groups[0].criteria[0].kind»: «cham_diem» không hợp lệ");
	free(t);
	t = hn_edit("\"code\": \"HN-X\"", "\"code\": \"HN X\"");
	refuse_import(t, "chỉ gồm chữ cái không dấu");
	free(t);
	t = hn_edit("\"name\": \"", "\"name\": \"\\u0007");
	refuse_import(t, "«name»");
	free(t);
	t = hn_edit("\"top_band\": \"A\"", "\"top_band\": \"HTXS\"");
	refuse_import(t, "không có mức xếp loại mã «HTXS»");
	free(t);
	/* the built-in codes are reserved */
	t = hn_json_as(FW_CODE_3814);
	refuse_import(t, "khung có sẵn");
	free(t);
	/* oversized */
	size_t n = JS_MAX_BYTES + 10;
	char *big = malloc(n + 1);
	memset(big, ' ', n);
	big[n] = 0;
	big[0] = '{';
	big[n - 1] = '}';
	refuse_import(big, "quá lớn");
	free(big);
}

/* lib/json on its own: fixed-point numbers, merge patch. */
static void test_json_lib(void **state)
{
	(void)state;
	err_t e = {0};
	const char *num = "{\"a\": 7.5, \"b\": 20, \"c\": 0.1, \"d\": 12.34}";
	js_t *v = js_parse(num, strlen(num), 0, &e);
	assert_non_null(v);
	int64_t x = 0;
	assert_int_equal(js_get_fixed(v, "", "a", 1, 2, 0, 100000, &x, &e), 0);
	assert_int_equal(x, 750);
	assert_int_equal(js_get_fixed(v, "", "b", 1, 2, 0, 100000, &x, &e), 0);
	assert_int_equal(x, 2000);
	assert_int_equal(js_get_fixed(v, "", "c", 1, 1, 0, 100000, &x, &e), 0);
	assert_int_equal(x, 1);
	assert_int_equal(js_get_fixed(v, "", "d", 1, 1, 0, 100000, &x, &e), ERR_INVALID);
	x = 42;
	assert_int_equal(js_get_fixed(v, "", "zz", 0, 2, 0, 100, &x, &e), 0);
	assert_int_equal(x, 42);
	assert_int_equal(js_get_fixed(v, "w", "zz", 1, 2, 0, 100, &x, &e), ERR_INVALID);
	assert_msg(&e, "Thiếu trường «w.zz»");
	js_free(v);

	v = js_new_object();
	js_put_fixed(v, "a", 750, 2);
	js_put_fixed(v, "b", 2000, 2);
	js_put_fixed(v, "c", 1234, 2);
	js_put_fixed(v, "d", 375, 1);
	char *s = js_dump(v, 0);
	assert_string_equal(s, "{\"a\":7.5,\"b\":20,\"c\":12.34,\"d\":37.5}");
	free(s);
	js_free(v);

	const char *t =
	    "{\"x\": 1, \"o\": {\"p\": 1, \"q\": 2}, \"g\": [{\"code\": \"A\", \"n\": 1,"
	    " \"criteria\": [1]}, {\"code\": \"B\", \"n\": 2}], \"s\": [\"a\"]}";
	const char *p =
	    "{\"x\": null, \"o\": {\"q\": 3}, \"g\": [{\"code\": \"B\", \"n\": 5},"
	    " {\"code\": \"A\", \"criteria\": [2]}, {\"code\": \"C\"}], \"s\": [\"b\"]}";
	v = js_parse(t, strlen(t), 0, &e);
	js_t *pv = js_parse(p, strlen(p), 0, &e);
	static const char *const replace[] = {"criteria", NULL};
	v = js_merge(v, pv, "code", replace);
	s = js_dump(v, 0);
	assert_string_equal(s,
	                    "{\"o\":{\"p\":1,\"q\":3},\"g\":[{\"code\":\"A\",\"n\":1,\"criteria\":"
	                    "[2]},{\"code\":\"B\",\"n\":5},{\"code\":\"C\"}],\"s\":[\"b\"]}");
	free(s);
	js_free(v);
	js_free(pv);
}

/* ---- derivation ------------------------------------------------------- */

static int64_t derive(const char *parent, const char *unit, const char *changes, int *created,
                      err_t *e)
{
	return fw_derive(&ctx, parent, 0, unit, changes, changes ? strlen(changes) : 0, created, e);
}

static void refuse_derive(const char *parent, const char *unit, const char *changes,
                          const char *needle)
{
	size_t before = nversions();
	int64_t audits = naudit();
	err_t e = {0};
	int created = 0;
	if (derive(parent, unit, changes, &created, &e))
		fail_msg("derive accepted: %s", changes ? changes : "(copy)");
	assert_msg(&e, needle);
	assert_int_equal(nversions(), before);
	assert_int_equal(naudit(), audits);
}

static void test_derive_within_totals(void **state)
{
	(void)state;
	ensure();
	err_t e = {0};
	int created = 0;
	/* 3814: the 20 split into sub-criteria, a deduction, bonus conditions,
	 * an extra disqualifier — the totals kept */
	const char *ok =
	    "{\"code\": \"PX-3814\", \"legal_basis\": \"Quyết định 3814-QĐ/TU; Quy chế đánh "
	    "giá của UBND phường Hoàn Kiếm\","
	    " \"groups\": ["
	    "  {\"code\": \"YT\", \"criteria\": ["
	    "   {\"code\": \"YT1\", \"name\": \"Chấp hành chủ trương, đường lối\", \"kind\": "
	    "\"scored\", \"max\": 10},"
	    "   {\"code\": \"YT2\", \"name\": \"Đạo đức, lối sống\", \"kind\": \"scored\", "
	    "\"max\": 10},"
	    "   {\"code\": \"YT_TRU\", \"name\": \"Đi muộn, về sớm (mỗi lần)\", \"kind\": "
	    "\"deduction\", \"max\": 5}]},"
	    "  {\"code\": \"THUONG\", \"criteria\": ["
	    "   {\"code\": \"TH_SK\", \"name\": \"Có sáng kiến được công nhận\", \"kind\": "
	    "\"bonus\","
	    " \"max\": 10},"
	    "   {\"code\": \"TH_DX\", \"name\": \"Hoàn thành nhiệm vụ đột xuất\", \"kind\": "
	    "\"bonus\", \"max\": 5}]}],"
	    " \"disqualifiers\": [{\"code\": \"VANG\", \"reason\": \"Nghỉ không lý do\"}]}";
	int64_t id = derive(FW_CODE_3814, "PX", ok, &created, &e);
	if (!id)
		fail_msg("derive: %s", e.msg);
	assert_int_equal(created, 1);
	framework_t *fw = fw_load(&ctx, id, &e);
	assert_string_equal(fw->code, "PX-3814");
	assert_int_equal(fw->version, 1);
	assert_int_equal(fw->groups[0].ncriteria, 3);
	assert_int_equal(fw->groups[0].criteria[2].kind, FRAMEWORK_KIND_DEDUCTION);
	assert_int_equal(fw->groups[1].ncriteria, 1); /* KQ untouched */
	assert_int_equal(fw->ndisq, 1);
	framework_free(fw);
	fw_row_t r;
	assert_int_equal(fw_get(&ctx, id, &r, &e), 0);
	assert_string_equal(r.unit_code, "PX");
	assert_string_equal(r.parent_code, FW_CODE_3814);
	assert_int_equal(r.parent_version, 1);
	fw_row_free(&r);

	/* the same again: nothing; a change: version 2 */
	assert_int_equal(derive(FW_CODE_3814, "PX", ok, &created, &e), id);
	assert_int_equal(created, 0);
	const char *v2 = "{\"code\": \"PX-3814\", \"quota\": {\"percent\": 25}}";
	int64_t id2 = derive("PX-3814", "PX", v2, &created, &e);
	if (!id2)
		fail_msg("derive v2: %s", e.msg);
	fw = fw_load(&ctx, id2, &e);
	assert_int_equal(fw->version, 2);
	assert_int_equal(fw->quota.permille, 250);
	assert_int_equal(fw->groups[0].ncriteria, 3); /* carried from version 1 */
	framework_free(fw);

	/* a plain copy gets the default code and name */
	id = derive(FW_CODE_335, "SNV", NULL, &created, &e);
	if (!id)
		fail_msg("copy: %s", e.msg);
	fw = fw_load(&ctx, id, &e);
	assert_string_equal(fw->code, "ND-335-SNV");
	assert_non_null(strstr(fw->name, " — Sở Nội vụ"));
	framework_free(fw);
}

static void test_derive_beyond_totals(void **state)
{
	(void)state;
	ensure();
	/* more points for a group than the parent gives */
	refuse_derive(
	    FW_CODE_3814, "PX",
	    "{\"groups\": [{\"code\": \"KQ\", \"max\": 75, \"criteria\": [{\"code\": \"KQ\","
	    " \"name\": \"Kết quả\", \"kind\": \"scored\", \"max\": 75}]},"
	    " {\"code\": \"YT\", \"max\": 15, \"criteria\": [{\"code\": \"YT\", \"name\":"
	    " \"Ý thức\", \"kind\": \"scored\", \"max\": 15}]}]}",
	    "phải giữ đúng");
	/* sub-criteria that do not add up to the group */
	refuse_derive(
	    FW_CODE_3814, "PX",
	    "{\"groups\": [{\"code\": \"YT\", \"criteria\": [{\"code\": \"YT1\", \"name\": "
	    "\"A\", \"kind\": \"scored\", \"max\": 10}, {\"code\": \"YT2\", \"name\": \"B\","
	    " \"kind\": \"scored\", \"max\": 15}]}]}",
	    "khác điểm tối đa của nhóm");
	/* more bonus than the parent */
	refuse_derive(FW_CODE_3814, "PX",
	              "{\"groups\": [{\"code\": \"THUONG\", \"max\": 15, \"criteria\": [{\"code\": "
	              "\"TH\", \"name\": \"Thưởng\", \"kind\": \"bonus\", \"max\": 15}]}]}",
	              "không được vượt 10");
	/* a looser quota */
	refuse_derive(FW_CODE_3814, "PX", "{\"quota\": {\"percent\": 35}}", "không được rộng hơn");
	/* the 335 work-product part is computed: it cannot become scored */
	refuse_derive(
	    FW_CODE_335, "PX",
	    "{\"groups\": [{\"code\": \"KQ\", \"criteria\": [{\"code\": \"KQ_TAY\", \"name\": "
	    "\"Chấm tay\", \"kind\": \"scored\", \"max\": 70}]}]}",
	    "phải giữ nguyên phần");
	/* a disqualifier of the decree dropped: not possible by merge, so
	 * try to make it leaders-only */
	refuse_derive(FW_CODE_335, "PX",
	              "{\"disqualifiers\": [{\"code\": \"KY_LUAT\", \"leaders_only\": true}]}",
	              "phải giữ trường hợp xếp loại thấp nhất");
	/* applies to people the parent does not cover */
	refuse_derive(FW_CODE_335, "PX", "{\"applies_to\": {\"categories\": [\"CC\", \"VC\"]}}",
	              "không được áp dụng cho đối tượng");
	/* starts before the parent */
	refuse_derive(FW_CODE_335, "PX", "{\"effective_from\": \"2025-07-01\"}",
	              "thời gian hiệu lực");
	/* unknown keys in the changes, named */
	refuse_derive(FW_CODE_3814, "PX", "{\"quota\": {\"phan_tram\": 20}}",
	              "«quota.phan_tram» không hợp lệ");
	refuse_derive(FW_CODE_3814, "PX", "[1]", "đối tượng JSON");
	refuse_derive(FW_CODE_3814, "PX", "{\"a\": 1, \"a\": 2}", "xuất hiện hai lần");
	/* built-in codes, unknown parents and units */
	refuse_derive(FW_CODE_3814, "PX", "{\"code\": \"ND-335\"}", "khung có sẵn");
	refuse_derive("KHONG-CO", "PX", NULL, "Không có khung tiêu chí mã «KHONG-CO»");
	refuse_derive(FW_CODE_3814, "KHONG-CO", NULL, "Không có đơn vị mã «KHONG-CO»");
	/* a code owned by another unit */
	err_t e = {0};
	int created;
	assert_int_not_equal(derive(FW_CODE_3814, "PX", "{\"code\": \"CHUNG\"}", &created, &e), 0);
	refuse_derive(FW_CODE_3814, "SNV", "{\"code\": \"CHUNG\"}", "đơn vị khác");
}

/* ---- settings --------------------------------------------------------- */

static void test_settings(void **state)
{
	(void)state;
	err_t e = {0};
	assert_int_equal(settings_int(&ctx, 0, "deadline.self", 5), 5);
	assert_int_equal(settings_int(&ctx, u_pxvh, "deadline.self", 5), 5);
	assert_int_equal(settings_int(&ctx, u_pxvh, "khong.co", 77), 77);
	assert_int_equal(settings_get(&ctx, 0, "quota.3814.permille"), 300);

	assert_int_equal(settings_set(&ctx, 0, "deadline.self", "6", &e), 0);
	assert_int_equal(settings_set(&ctx, u_px, "deadline.self", "7", &e), 0);
	assert_int_equal(settings_int(&ctx, 0, "deadline.self", 5), 6);
	assert_int_equal(settings_int(&ctx, u_px, "deadline.self", 5), 7);
	assert_int_equal(settings_int(&ctx, u_pxvh, "deadline.self", 5), 7); /* from PX */
	assert_int_equal(settings_int(&ctx, u_snv, "deadline.self", 5), 6);  /* system */
	assert_int_equal(settings_set(&ctx, u_px, "deadline.self", "8", &e), 0);
	assert_int_equal(settings_int(&ctx, u_pxvh, "deadline.self", 5), 8);

	settings_list_t l;
	assert_int_equal(settings_list(&ctx, u_pxvh, &l, &e), 0);
	assert_string_equal(l.v[0].k->key, "deadline.self");
	assert_int_equal(l.v[0].value, 8);
	assert_int_equal(l.v[0].source, 2);
	assert_string_equal(l.v[0].unit_code, "PX");
	assert_int_equal(l.v[1].source, 0);
	settings_list_free(&l);

	assert_int_equal(settings_unset(&ctx, u_px, "deadline.self", &e), 0);
	assert_int_equal(settings_int(&ctx, u_pxvh, "deadline.self", 5), 6);
	assert_int_equal(settings_unset(&ctx, u_px, "deadline.self", &e), ERR_NOT_FOUND);

	int64_t audits = naudit();
	assert_int_equal(settings_set(&ctx, 0, "khong.co", "1", &e), ERR_INVALID);
	assert_msg(&e, "Không có thông số «khong.co»");
	assert_int_equal(settings_set(&ctx, 0, "deadline.self", "29", &e), ERR_INVALID);
	assert_msg(&e, "phải từ 1 đến 28 ngày");
	assert_int_equal(settings_set(&ctx, 0, "deadline.self", "5a", &e), ERR_INVALID);
	assert_msg(&e, "phải là số nguyên");
	assert_int_equal(settings_set(&ctx, u_px, "quota.3814.permille", "250", &e), ERR_INVALID);
	assert_msg(&e, "chỉ đặt chung cho toàn hệ thống");
	assert_int_equal(naudit(), audits);

	ctx.role = ROLE_VIEWER;
	assert_int_equal(settings_set(&ctx, 0, "deadline.self", "9", &e), ERR_FORBIDDEN);
	int created;
	assert_int_equal(fw_import_text(&ctx, "{}", 2, &created, &e), 0);
	assert_int_equal(e.code, ERR_FORBIDDEN);
	assert_int_equal(derive(FW_CODE_3814, "PX", NULL, &created, &e), 0);
	assert_int_equal(e.code, ERR_FORBIDDEN);
	ctx.role = ROLE_ADMIN;
	assert_int_equal(naudit(), audits);
}

/* A changed framework figure gives a new version of the built-in
 * framework; the old version still loads identically, and the next
 * selection takes the new one (Decree 335/2025: the split of the 30
 * general points is set by the locality). */
static void test_setting_new_version(void **state)
{
	(void)state;
	ensure();
	err_t e = {0};
	int64_t v1 = find(FW_CODE_335, 1);
	char *before = fw_json(&ctx, v1, &e);

	/* one key alone would break the framework (35 + 70 > 100): refused,
	 * nothing changed */
	int64_t audits = naudit();
	assert_int_equal(settings_set(&ctx, 0, "nd335.general.a", "15", &e), ERR_INVALID);
	assert_msg(&e, "vượt thang điểm");
	assert_int_equal(settings_get(&ctx, 0, "nd335.general.a"), 10);
	assert_int_equal(nversions(), 2);
	assert_int_equal(naudit(), audits);

	const char *k[] = {"nd335.general.a", "nd335.general.c"}, *v[] = {"15", "5"};
	if (settings_set_many(&ctx, 0, k, v, 2, &e))
		fail_msg("set: %s", e.msg);
	assert_int_equal(nversions(), 3);
	int64_t v2 = find(FW_CODE_335, 2);
	assert_int_equal(find(FW_CODE_335, 0), v2);
	framework_t *fw = fw_load(&ctx, v2, &e);
	assert_int_equal(fw->groups[0].criteria[0].max, 1500);
	assert_int_equal(fw->groups[0].criteria[2].max, 500);
	assert_int_equal(fw->version, 2);
	framework_free(fw);
	assert_int_equal(select_fw(u_px, "CC", 0, "2026-02-01"), v2);

	/* the old version: same text, same framework as the default builder */
	char *after = fw_json(&ctx, v1, &e);
	assert_string_equal(before, after);
	framework_t *want = builtin_335(NULL, &e);
	fw = fw_load(&ctx, v1, &e);
	assert_fw_equal(fw, want, 1);
	framework_free(fw);
	framework_free(want);
	free(before);
	free(after);

	/* ensure again: nothing new; the same value again: nothing new */
	ensure();
	assert_int_equal(settings_set(&ctx, 0, "nd335.general.a", "15", &e), 0);
	assert_int_equal(nversions(), 3);

	/* 3814's quota, per mille */
	assert_int_equal(settings_set(&ctx, 0, "quota.3814.permille", "250", &e), 0);
	fw = fw_load(&ctx, find(FW_CODE_3814, 0), &e);
	assert_int_equal(fw->version, 2);
	assert_int_equal(fw->quota.permille, 250);
	framework_free(fw);
	/* back to the default: a third version equal in content to the first */
	assert_int_equal(settings_unset(&ctx, 0, "quota.3814.permille", &e), 0);
	fw = fw_load(&ctx, find(FW_CODE_3814, 0), &e);
	assert_int_equal(fw->version, 3);
	assert_int_equal(fw->quota.permille, 300);
	framework_free(fw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_builtins_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_load_equals_builder, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_select_by_date_category_role, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_select_unit_ancestry, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_json_round_trip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_json_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_json_lib, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_derive_within_totals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_derive_beyond_totals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_settings, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_setting_new_version, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
