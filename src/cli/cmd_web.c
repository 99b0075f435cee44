/*
 * cmd_web: `canbo serve`, `canbo user` and `canbo token`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/auth.h"
#include "cli/cli.h"
#include "cli/cmds.h"
#include "web/web.h"

int cmd_serve(cli_args_t *a)
{
	if (a->npos)
		return cli_usage(a, "serve không nhận tham số vị trí");
	web_config_t cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.db_url = cli_db(a);
	cfg.listen = cli_opt(a, "listen") ? cli_opt(a, "listen") : "127.0.0.1:8080";
	cfg.access_log = cli_opt(a, "access-log");
	cfg.trust_proxy = cli_flag(a, "trust-proxy");
	cfg.quiet = cli_flag(a, "quiet");
	const char *t = cli_opt(a, "threads");
	if (t) {
		char *end;
		long n = strtol(t, &end, 10);
		if (*end || n < 1 || n > 256)
			return cli_usage(a, "--threads phải là số từ 1 đến 256");
		cfg.threads = (int)n;
	}
	const char *mc = cli_opt(a, "max-connections");
	if (mc) {
		char *end;
		long n = strtol(mc, &end, 10);
		if (*end || n < 1 || n > 100000)
			return cli_usage(a, "--max-connections phải là số từ 1 đến 100000");
		cfg.max_connections = (int)n;
	}
	err_t e;
	err_clear(&e);
	int rc = web_serve(&cfg, &e);
	return rc ? cli_fail(a, &e) : 0;
}

static int user_list(cli_args_t *a, app_ctx_t *c)
{
	auth_user_list_t l;
	err_t e;
	err_clear(&e);
	if (auth_user_list(c, &l, &e))
		return cli_fail(a, &e);
	if (!l.n)
		fprintf(a->out, "Chưa có người dùng nào. Tạo bằng: canbo user add TÊN --role VAI_TRÒ\n");
	for (size_t i = 0; i < l.n; i++) {
		auth_user_t *u = &l.v[i];
		fprintf(a->out, "%-20s %-9s %-12s %-14s %s%s\n", u->username, auth_role_name(u->role),
			u->person_code[0] ? u->person_code : "-",
			u->scope_unit_code[0] ? u->scope_unit_code : "(toàn bộ)", u->person_name,
			u->disabled ? "  [đã khoá]" : u->must_change ? "  [chưa đổi mật khẩu ban đầu]" : "");
	}
	auth_user_list_free(&l);
	return 0;
}

int cmd_user(cli_args_t *a)
{
	if (a->npos < 1)
		return cli_usage(a, "Cần: canbo user add|reset|disable|enable|list …");
	const char *sub = a->pos[0];
	int known = !strcmp(sub, "add") || !strcmp(sub, "reset") || !strcmp(sub, "disable") ||
		    !strcmp(sub, "enable") || !strcmp(sub, "list");
	if (!known)
		return cli_usage(a, "Không có lệnh con «%s» (add, reset, disable, enable, list)", sub);
	if (strcmp(sub, "list") && a->npos != 2)
		return cli_usage(a, "Cần: canbo user %s TÊN_ĐĂNG_NHẬP", sub);
	app_ctx_t c;
	int rc = cli_open(a, &c, 0);
	if (rc)
		return rc;
	err_t e;
	err_clear(&e);
	char pw[33] = "";
	const char *given = cli_opt(a, "password");
	if (!strcmp(sub, "list")) {
		rc = user_list(a, &c);
	} else if (!strcmp(sub, "add")) {
		const char *role = cli_opt(a, "role");
		int r = role ? auth_role_parse(role) : -1;
		if (r < 0) {
			app_ctx_close(&c);
			return cli_usage(a, "Cần --role staff|reviewer|head|hr|viewer|admin");
		}
		rc = auth_user_add(&c, a->pos[1], (app_role)r, cli_opt(a, "person"), cli_opt(a, "scope"),
				   given, pw, &e);
		if (!rc)
			fprintf(a->out, "Đã tạo người dùng «%s» (%s).\n", a->pos[1],
				auth_role_label((app_role)r));
	} else if (!strcmp(sub, "reset")) {
		rc = auth_user_reset(&c, a->pos[1], given, pw, &e);
		if (!rc)
			fprintf(a->out, "Đã đặt lại mật khẩu của «%s»; các phiên đăng nhập cũ đã kết thúc.\n",
				a->pos[1]);
	} else {
		int dis = !strcmp(sub, "disable");
		rc = auth_user_disable(&c, a->pos[1], dis, &e);
		if (!rc)
			fprintf(a->out, dis ? "Đã khoá người dùng «%s».\n" : "Đã mở khoá người dùng «%s».\n",
				a->pos[1]);
	}
	if (!rc && pw[0] && !given)
		fprintf(a->out, "Mật khẩu ban đầu: %s\n(người dùng phải đổi khi đăng nhập lần đầu)\n", pw);
	else if (!rc && pw[0])
		fprintf(a->out, "(người dùng phải đổi mật khẩu khi đăng nhập lần đầu)\n");
	app_ctx_close(&c);
	return rc ? cli_fail(a, &e) : 0;
}

int cmd_token(cli_args_t *a)
{
	if (a->npos < 1)
		return cli_usage(a, "Cần: canbo token add|revoke|list …");
	const char *sub = a->pos[0];
	app_ctx_t c;
	err_t e;
	err_clear(&e);
	int rc;
	if (!strcmp(sub, "add")) {
		if (a->npos != 2 || !cli_opt(a, "name"))
			return cli_usage(a, "Cần: canbo token add TÊN_ĐĂNG_NHẬP --name TÊN_KHOÁ [--write]");
		if ((rc = cli_open(a, &c, 0)))
			return rc;
		char secret[80];
		int64_t id = auth_token_add(&c, a->pos[1], cli_opt(a, "name"), !cli_flag(a, "write"),
					    secret, &e);
		app_ctx_close(&c);
		if (!id)
			return cli_fail(a, &e);
		fprintf(a->out, "Khoá truy cập số %lld (%s) cho «%s»:\n%s\n(chỉ hiện một lần; gửi kèm "
				"tiêu đề Authorization: Bearer …)\n",
			(long long)id, cli_flag(a, "write") ? "đọc và ghi" : "chỉ đọc", a->pos[1], secret);
		return 0;
	}
	if (!strcmp(sub, "revoke")) {
		char *end = NULL;
		long long id = a->npos == 2 ? strtoll(a->pos[1], &end, 10) : 0;
		if (a->npos != 2 || *end || id <= 0)
			return cli_usage(a, "Cần: canbo token revoke SỐ");
		if ((rc = cli_open(a, &c, 0)))
			return rc;
		rc = auth_token_revoke(&c, id, &e);
		app_ctx_close(&c);
		if (rc)
			return cli_fail(a, &e);
		fprintf(a->out, "Đã thu hồi khoá truy cập số %lld.\n", id);
		return 0;
	}
	if (!strcmp(sub, "list")) {
		if ((rc = cli_open(a, &c, 0)))
			return rc;
		auth_token_list_t l;
		rc = auth_token_list(&c, a->npos > 1 ? a->pos[1] : NULL, &l, &e);
		app_ctx_close(&c);
		if (rc)
			return cli_fail(a, &e);
		for (size_t i = 0; i < l.n; i++)
			fprintf(a->out, "%4lld  %-20s %-24s %-9s tạo %s%s%s\n", (long long)l.v[i].id,
				l.v[i].username, l.v[i].name, l.v[i].read_only ? "chỉ đọc" : "đọc/ghi",
				l.v[i].created_at, l.v[i].revoked_at[0] ? ", thu hồi " : "",
				l.v[i].revoked_at);
		if (!l.n)
			fprintf(a->out, "Chưa có khoá truy cập nào.\n");
		auth_token_list_free(&l);
		return 0;
	}
	return cli_usage(a, "Không có lệnh con «%s» (add, revoke, list)", sub);
}
