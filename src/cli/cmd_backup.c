/*
 * cmd_backup: backup, restore, migrate — one verified copy of a whole
 * database (app/backup.h), with progress on stderr and a table of the
 * rows copied on stdout.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/backup.h"
#include "cli/cli.h"
#include "cli/cmds.h"

typedef struct progress {
	FILE *err;
	int tty;
	int quiet;
} progress_t;

static void show_progress(void *arg, dbcopy_phase phase, const char *table, int64_t rows)
{
	progress_t *p = arg;
	if (p->quiet)
		return;
	char n[32];
	cli_num(rows, n);
	switch (phase) {
	case DBCOPY_COPY:
		if (p->tty)
			fprintf(p->err, "\r\033[K  đang chép %s: %s dòng", table, n);
		else if (rows % 1000000 == 0)
			fprintf(p->err, "  đang chép %s: %s dòng\n", table, n);
		break;
	case DBCOPY_COPIED:
		fprintf(p->err, "%s  đã chép %s: %s dòng\n", p->tty ? "\r\033[K" : "", table, n);
		break;
	case DBCOPY_VERIFY:
		if (p->tty)
			fprintf(p->err, "\r\033[K  đang đọc lại %s để đối chiếu: %s dòng", table, n);
		break;
	case DBCOPY_CHECK:
		fprintf(p->err, "%sĐã đối chiếu từng bảng với nguồn (%s dòng); đang kiểm tra nhật ký "
				"thay đổi của bản sao…\n",
			p->tty ? "\r\033[K" : "", n);
		break;
	}
	fflush(p->err);
}

/* url with the password (postgres://user:secret@…) hidden, into out. */
static void shown_url(const char *url, char out[512])
{
	snprintf(out, 512, "%s", url);
	char *scheme = strstr(out, "://");
	if (!scheme)
		return;
	char *at = strchr(scheme + 3, '@'), *colon = strchr(scheme + 3, ':');
	if (at && colon && colon < at) {
		char rest[512];
		snprintf(rest, sizeof rest, "%s", at);
		snprintf(colon, (size_t)(out + 512 - colon), ":***%s", rest);
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const dbcopy_table_t *)a)->name, ((const dbcopy_table_t *)b)->name);
}

static void print_summary(cli_args_t *a, const char *verb, const char *src, const char *dst,
			  const backup_result_t *r)
{
	char s[512], d[512], secs[32];
	shown_url(src, s);
	shown_url(dst, d);
	snprintf(secs, sizeof secs, "%.1f", r->seconds);
	char *dot = strchr(secs, '.');
	if (dot)
		*dot = ',';
	fprintf(a->out, "Đã %s «%s» vào «%s» (lược đồ số %d) trong %s giây.\n\n", verb, s, d,
		r->copy.schema, secs);
	dbcopy_table_t t[DBCOPY_MAX_TABLES];
	memcpy(t, r->copy.tables, sizeof t);
	qsort(t, (size_t)r->copy.ntables, sizeof t[0], by_name);
	const char *head[] = {"Bảng", "Số dòng"};
	cli_table_t tab;
	cli_table_init(&tab, 2, head);
	char n[32];
	for (int i = 0; i < r->copy.ntables; i++) {
		cli_num(t[i].rows, n);
		const char *row[] = {t[i].name, n};
		cli_table_row(&tab, row);
	}
	cli_num(r->copy.rows, n);
	const char *total[] = {"Tổng cộng", n};
	cli_table_row(&tab, total);
	cli_table_print(&tab, a->out);
	cli_table_free(&tab);
	cli_num(r->audit.rows, n);
	fputc('\n', a->out);
	if (r->audit.bad_id)
		fprintf(a->out,
			"Nhật ký thay đổi KHÔNG toàn vẹn từ bản ghi số %lld (%s); đã sao chép nguyên "
			"trạng (--allow-broken-audit).\n",
			(long long)r->audit.bad_id, r->audit.problem);
	else
		fprintf(a->out, "Nhật ký thay đổi toàn vẹn ở nguồn và bản sao: %s bản ghi, mã băm cuối %s.\n",
			n, r->audit.head[0] ? r->audit.head : "(trống)");
	if (r->appended)
		fprintf(a->out, "Đã ghi thêm một bản ghi vào nhật ký thay đổi của đích%s%s.\n",
			r->target_head[0] ? "; mã băm cuối mới: " : "", r->target_head);
}

/* The copy shared by the three commands. */
static int copy(cli_args_t *a, const char *verb, const char *src, const char *dst,
		const char *replace_flag, const char *audit_action)
{
	if (!strcmp(src, dst))
		return cli_usage(a, "Nguồn và đích là cùng một cơ sở dữ liệu");
	progress_t p = {a->err, isatty(fileno(a->err)), cli_flag(a, "quiet")};
	backup_opts_t o = {
		.replace = cli_flag(a, replace_flag + 2),
		.replace_flag = replace_flag,
		.allow_broken_audit = cli_flag(a, "allow-broken-audit"),
		.audit_action = audit_action,
		.progress = show_progress,
		.progress_arg = &p,
	};
	backup_result_t r;
	err_t e = {0};
	if (backup_copy(src, dst, &o, &r, &e)) {
		if (p.tty && !p.quiet)
			fputs("\r\033[K", a->err);
		return cli_fail(a, &e);
	}
	print_summary(a, verb, src, dst, &r);
	return 0;
}

int cmd_backup(cli_args_t *a)
{
	const char *out = cli_opt(a, "out");
	if (a->npos || !out || !*out)
		return cli_usage(a, "Cần: canbo backup --out TỆP.db [--db NGUỒN]");
	if (dbcopy_is_pg(out))
		return cli_usage(a, "Bản sao lưu là một tệp SQLite; chép sang PostgreSQL bằng canbo "
				    "restore hoặc canbo migrate");
	return copy(a, "sao lưu", cli_db(a), out, "--force", NULL);
}

int cmd_restore(cli_args_t *a)
{
	const char *from = cli_opt(a, "from");
	if (a->npos || !from || !*from)
		return cli_usage(a, "Cần: canbo restore --from TỆP.db --db ĐÍCH");
	return copy(a, "khôi phục", from, cli_db(a), "--replace", "database.restore");
}

int cmd_migrate(cli_args_t *a)
{
	const char *to = cli_opt(a, "to");
	if (a->npos || !to || !dbcopy_is_pg(to))
		return cli_usage(a, "Cần: canbo migrate --db NGUỒN.db --to postgres://…");
	return copy(a, "chuyển", cli_db(a), to, "--replace", "database.migrate");
}
