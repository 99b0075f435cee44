/*
 * cmd_misc: init, demo, gen, import, audit, help, version.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/audit.h"
#include "app/auth.h"
#include "app/demo.h"
#include "app/gen.h"
#include "app/import.h"
#include "app/org.h"
#include "app/people.h"
#include "cli/cli.h"
#include "cli/cmds.h"

int cmd_init(cli_args_t *a)
{
	if (a->npos)
		return cli_usage(a, "Lệnh init không nhận tham số (dùng --db ĐƯỜNG_DẪN)");
	app_ctx_t c;
	int rc = cli_open(a, &c, 1);
	if (rc)
		return rc;
	fprintf(a->out, "Cơ sở dữ liệu «%s» đã sẵn sàng (lược đồ số %d).\n", cli_db(a),
		db_schema_version(c.db));
	app_ctx_close(&c);
	return 0;
}

static int file_exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0;
}

static void remove_db_files(const char *p)
{
	char tmp[4096];
	unlink(p);
	snprintf(tmp, sizeof tmp, "%s-wal", p);
	unlink(tmp);
	snprintf(tmp, sizeof tmp, "%s-shm", p);
	unlink(tmp);
}

/* Creates the demo's sign-ins (and opens its month) unless there are users
 * already, then prints them. */
static int demo_logins(cli_args_t *a, const char *db)
{
	app_ctx_t c;
	err_t e = {0};
	if (app_ctx_open(&c, db, 0, &e))
		return cli_fail(a, &e);
	auth_user_list_t l;
	if (auth_user_list(&c, &l, &e)) {
		app_ctx_close(&c);
		return cli_fail(a, &e);
	}
	if (l.n == 0) {
		demo_login_t logins[DEMO_LOGINS];
		c.quiet = 1;
		if (demo_users(&c, logins, &e)) {
			app_ctx_close(&c);
			return cli_fail(a, &e);
		}
		auth_user_list_free(&l);
		if (auth_user_list(&c, &l, &e)) {
			app_ctx_close(&c);
			return cli_fail(a, &e);
		}
		fprintf(a->out, "\nĐã mở kỳ đánh giá tháng %02d/%d cho toàn thành phố và tạo người dùng mẫu.\n",
			DEMO_MONTH, DEMO_MONTH_YEAR);
	}
	fprintf(a->out, "\nĐăng nhập (mật khẩu mẫu: %s, trừ khi đã đổi):\n", DEMO_PASSWORD);
	for (size_t i = 0; i < l.n; i++) {
		auth_user_t *u = &l.v[i];
		fprintf(a->out, "  ");
		cli_pad(a->out, u->username, 13);
		cli_pad(a->out, auth_role_label(u->role), 36);
		fprintf(a->out, "%s%s%s%s\n", u->person_name, u->person_name[0] && u->scope_unit_code[0] ? ", " : "",
			u->scope_unit_code[0] ? "phạm vi " : "", u->scope_unit_code);
	}
	auth_user_list_free(&l);
	app_ctx_close(&c);
	return 0;
}

int cmd_demo(cli_args_t *a)
{
	const char *db = cli_opt(a, "db") ? cli_opt(a, "db") : "demo.db";
	if (a->npos)
		return cli_usage(a, "Lệnh demo không nhận tham số");
	if (cli_flag(a, "force"))
		remove_db_files(db);
	int fresh = !file_exists(db);
	app_ctx_t c;
	err_t e = {0};
	if (app_ctx_open(&c, db, 1, &e))
		return cli_fail(a, &e);
	demo_summary_t s;
	memset(&s, 0, sizeof s);
	if (fresh || cli_flag(a, "force")) {
		if (demo_build(&c, &s, &e)) {
			app_ctx_close(&c);
			remove_db_files(db);
			return cli_fail(a, &e);
		}
		fprintf(a->out, "Đã tạo dữ liệu mẫu trong «%s».\n\n", db);
	} else {
		fprintf(a->out, "Dữ liệu mẫu đã có trong «%s» (tạo lại: canbo demo --force).\n\n", db);
	}
	unit_list_t now = {0}, before = {0};
	if (org_tree(&c, NULL, NULL, 1, &now, &e) || org_tree(&c, "2025-06-30", NULL, 1, &before, &e)) {
		unit_list_free(&now);
		unit_list_free(&before);
		app_ctx_close(&c);
		return cli_fail(a, &e);
	}
	long long people = 0;
	for (size_t i = 0; i < now.n; i++)
		people += now.v[i].people;
	char np[32];
	cli_num(people, np);
	fprintf(a->out, "Cơ cấu tổ chức hiện nay: %zu đơn vị, %s người đang giữ chức vụ.\n", now.n, np);
	fprintf(a->out, "Ngày 30/06/2025 (trước khi bỏ cấp huyện, sáp nhập phường): %zu đơn vị.\n\n",
		before.n);
	for (size_t i = 0; i < now.n; i++)
		if (now.v[i].depth <= 1) {
			char cnt[32];
			cli_num(now.v[i].people, cnt);
			fprintf(a->out, "%s%-14s %s\n", now.v[i].depth ? "  " : "", now.v[i].code,
				now.v[i].name);
		}
	unit_list_free(&now);
	unit_list_free(&before);
	app_ctx_close(&c);
	const char *p = a->prog;
	fprintf(a->out, "\nThử các lệnh sau:\n");
	static const struct {
		const char *args, *what;
	} tries[] = {
		{"unit tree", "cơ cấu tổ chức hôm nay"},
		{"unit tree --date 30/06/2025", "cơ cấu trước khi bỏ cấp huyện, sáp nhập phường"},
		{"unit where HK", "người của quận Hoàn Kiếm cũ đã chuyển đi đâu"},
		{"person search \"nguyen van\"", "tìm không cần gõ dấu"},
		{"person list --unit P-HK --subtree --limit 20", "danh sách theo thứ tự tên"},
		{"export people --unit P-HK --subtree --out phuong-hoan-kiem.xlsx", "xuất Excel để in"},
		{"period open X-SS --month 11/2026", "mở kỳ đánh giá tháng cho xã Sóc Sơn"},
		{"eval list X-SS --month 11/2026", "kết quả tháng của đơn vị (xem: canbo help eval)"},
		{"framework show ND-335", "bộ tiêu chí theo Nghị định 335/2025/NĐ-CP"},
		{"audit verify", "kiểm tra nhật ký thay đổi"},
	};
	for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++)
		fprintf(a->out, "  %s %s --db %s\n      %s\n", p, tries[i].args, db, tries[i].what);
	if (cli_flag(a, "logins"))
		return demo_logins(a, db);
	fprintf(a->out, "\nĐăng nhập web theo vai trò: %s demo --db %s --logins (tạo người dùng mẫu), "
			"rồi %s serve --db %s\n", p, db, p, db);
	return 0;
}

static int parse_count(const char *v, long max, long *out)
{
	char *end;
	long n = strtol(v, &end, 10);
	if (*end || n < 1 || n > max)
		return -1;
	*out = n;
	return 0;
}

int cmd_gen(cli_args_t *a)
{
	const char *pv = cli_opt(a, "people");
	gen_opts_t o = {0};
	if (!pv || parse_count(pv, 3000000, &o.people))
		return cli_usage(a, "Cần --people N (1 đến 3.000.000)");
	const char *sv = cli_opt(a, "seed");
	if (sv) {
		char *end;
		o.seed = strtoull(sv, &end, 10);
		if (*end)
			return cli_usage(a, "--seed cần một số nguyên");
	} else {
		o.seed = 1;
	}
	o.csv_people = cli_opt(a, "csv");
	o.csv_units = cli_opt(a, "units-csv");
	o.no_db = cli_flag(a, "no-db");
	o.progress = !cli_flag(a, "quiet");
	if (o.no_db && !o.csv_people && !o.csv_units)
		return cli_usage(a, "--no-db cần --csv TỆP hoặc --units-csv TỆP");
	app_ctx_t c = {0};
	err_t e = {0};
	/* bulk mode writes without a journal: a run that fails must not leave
	 * a half-written file it created behind */
	int created = !o.no_db && !file_exists(cli_db(a));
	if (!o.no_db) {
		if (app_ctx_open_flags(&c, cli_db(a), DB_OPEN_CREATE | DB_OPEN_BULK, &e))
			return cli_fail(a, &e);
	} else {
		c.coll = text_collator_new(&e);
		c.progress_fd = 2;
		snprintf(c.actor, sizeof c.actor, "cli");
		c.role = ROLE_ADMIN;
	}
	gen_result_t r = {0};
	int rc = gen_run(&c, &o, &r, &e);
	if (o.no_db)
		text_collator_free(c.coll);
	else
		app_ctx_close(&c);
	if (rc && created)
		remove_db_files(cli_db(a));
	if (rc)
		return cli_fail(a, &e);
	char n1[32], n2[32], n3[32];
	cli_num(r.people, n1);
	cli_num(r.units, n2);
	cli_num(r.leaders, n3);
	fprintf(a->out, "Đã tạo %s người (%s lãnh đạo, quản lý) trong %s đơn vị trong %.1f giây.\n", n1,
		n3, n2, r.seconds);
	return 0;
}

int cmd_import(cli_args_t *a)
{
	if (a->npos != 2)
		return cli_usage(a, "Cần: canbo import units|people TỆP.csv|TỆP.xlsx");
	import_kind kind;
	if (strcmp(a->pos[0], "units") == 0)
		kind = IMPORT_UNITS;
	else if (strcmp(a->pos[0], "people") == 0)
		kind = IMPORT_PEOPLE;
	else
		return cli_usage(a, "Loại dữ liệu «%s» không hợp lệ: dùng units hoặc people", a->pos[0]);
	char date[11];
	int rc = cli_date(a, "date", date);
	if (rc)
		return rc;
	app_ctx_t c;
	if ((rc = cli_open(a, &c, 0)))
		return rc;
	rowsrc_t src;
	err_t e = {0};
	import_result_t res = {0};
	rowsrc_opts_t ro = {cli_opt(a, "encoding"), cli_opt(a, "sheet")};
	if (rowsrc_open(a->pos[1], &ro, &src, &e)) {
		app_ctx_close(&c);
		return cli_fail(a, &e);
	}
	if (strcmp(src.encoding, "UTF-8") != 0 && strcmp(src.encoding, "Unicode") != 0)
		fprintf(a->err, "Bảng mã: %s.\n", src.encoding);
	import_opts_t o = {date[0] ? date : NULL, cli_flag(a, "progress") || isatty(2),
			   cli_flag(a, "dry-run")};
	int r = import_run(&c, kind, &src, &o, &res, &e);
	rowsrc_close(&src);
	app_ctx_close(&c);
	for (size_t i = 0; i < res.nignored; i++)
		fprintf(a->err, "Lưu ý: bỏ qua cột không nhận ra «%s».\n", res.ignored_columns[i]);
	if (r) {
		if (res.nkept) {
			fprintf(a->err, "\nCác lỗi (dòng, cột, giá trị, lý do):\n");
			for (size_t i = 0; i < res.nkept; i++) {
				import_problem_t *p = &res.problems[i];
				fprintf(a->err, "  Dòng %ld", p->line);
				if (*p->column)
					fprintf(a->err, ", cột «%s»", p->column);
				if (*p->value)
					fprintf(a->err, ", giá trị «%s»", p->value);
				fprintf(a->err, ": %s\n", p->reason);
			}
			if (res.nproblems > (long)res.nkept)
				fprintf(a->err, "  … và %ld lỗi khác\n", res.nproblems - (long)res.nkept);
		}
		const char *report = cli_opt(a, "report");
		if (report && res.nkept) {
			err_t re = {0};
			if (import_write_report(&res, report, a->pos[1], &re))
				fprintf(a->err, "%s\n", re.msg);
			else
				fprintf(a->err, "Đã ghi báo cáo lỗi vào «%s».\n", report);
		}
		fputc('\n', a->err);
		rc = cli_fail(a, &e);
		import_result_free(&res);
		return rc;
	}
	char n0[32], n1[32], n2[32], n3[32];
	cli_num(res.rows, n0);
	cli_num(res.created, n1);
	cli_num(res.updated, n2);
	cli_num(res.unchanged, n3);
	if (o.dry_run)
		fprintf(a->out, "Kiểm tra xong: %s dòng hợp lệ, không ghi gì (--dry-run).\n", n0);
	else
		fprintf(a->out, "Đã nhập %s dòng: %s mới, %s cập nhật, %s không đổi.\n", n0, n1, n2, n3);
	import_result_free(&res);
	return 0;
}

int cmd_audit(cli_args_t *a)
{
	if (a->npos != 1 || strcmp(a->pos[0], "verify") != 0)
		return cli_usage(a, "Cần: canbo audit verify");
	app_ctx_t c;
	int rc = cli_open(a, &c, 0);
	if (rc)
		return rc;
	audit_report_t r;
	err_t e = {0};
	int v = audit_verify(&c, &r, &e);
	app_ctx_close(&c);
	char n[32];
	cli_num(r.rows, n);
	if (v == ERR_CONFLICT) {
		fprintf(a->err,
			"Nhật ký thay đổi KHÔNG toàn vẹn: bản ghi số %lld %s (đã kiểm tra %s bản "
			"ghi).\n",
			(long long)r.bad_id, r.problem, n);
		return 1;
	}
	if (v)
		return cli_fail(a, &e);
	fprintf(a->out, "Nhật ký thay đổi toàn vẹn: %s bản ghi, chuỗi băm liền mạch.\n", n);
	if (r.head[0])
		fprintf(a->out, "Mã băm cuối (lưu lại nơi khác để phát hiện việc cắt bớt): %s\n", r.head);
	return 0;
}

int cmd_help(cli_args_t *a)
{
	if (a->npos == 0) {
		char *argv[] = {"canbo", "--help", NULL};
		return cli_main(2, argv);
	}
	char *argv[] = {"canbo", (char *)a->pos[0], "--help", NULL};
	for (const cli_command_t *c = cli_commands; c->name; c++)
		if (strcmp(c->name, a->pos[0]) == 0)
			return cli_main(3, argv);
	return cli_usage(a, "Không có lệnh «%s»", a->pos[0]);
}

int cmd_version(cli_args_t *a)
{
	fprintf(a->out, "canbo %s\n", CANBO_VERSION);
	return 0;
}
