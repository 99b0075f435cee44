/*
 * cmd_people: `canbo person …` — personnel records and posts.
 */
#include <stdlib.h>
#include <string.h>

#include "app/people.h"
#include "app/vocab.h"
#include "cli/cli.h"
#include "cli/cmds.h"

static const char *category_label(const char *c)
{
	return c && strcmp(c, "LDHD") == 0 ? "LĐHĐ" : (c ? c : "");
}

static int print_list(cli_args_t *a, const person_list_t *l)
{
	const char *head[] = {"Mã", "Họ và tên", "Ngày sinh", "Giới tính", "Loại", "Chức vụ",
			      "Đơn vị"};
	cli_table_t t;
	cli_table_init(&t, 7, head);
	for (size_t i = 0; i < l->n; i++) {
		person_row_t *p = &l->v[i];
		char bd[11];
		cli_vn_date(p->birth_date, bd);
		char unit[256];
		snprintf(unit, sizeof unit, "%s", p->unit_name ? p->unit_name : "—");
		const char *row[] = {p->code,
				     p->full_name,
				     bd,
				     vocab_label(VOCAB_GENDER, p->gender),
				     category_label(p->category),
				     p->position ? p->position : "—",
				     unit};
		cli_table_row(&t, row);
	}
	cli_table_print(&t, a->out);
	cli_table_free(&t);
	char n1[32], n2[32];
	cli_num((long long)l->n, n1);
	cli_num(l->total, n2);
	fprintf(a->out, "\n%s / %s người\n", n1, n2);
	return 0;
}

static int parse_long(cli_args_t *a, const char *name, long long *out)
{
	const char *v = cli_opt(a, name);
	if (!v)
		return 0;
	char *end;
	long long n = strtoll(v, &end, 10);
	if (*end || n < 0)
		return cli_usage(a, "--%s cần một số nguyên không âm", name);
	*out = n;
	return 0;
}

static int person_list(cli_args_t *a, app_ctx_t *c, const char *text)
{
	people_query_t q = {0};
	q.text = text;
	q.unit_code = cli_opt(a, "unit");
	q.subtree = cli_flag(a, "subtree");
	long long limit = text ? 200 : 0, offset = 0;
	int rc;
	if ((rc = parse_long(a, "limit", &limit)) || (rc = parse_long(a, "offset", &offset)))
		return rc;
	q.limit = limit;
	q.offset = offset;
	if (cli_opt(a, "category")) {
		q.category = vocab_parse(VOCAB_CATEGORY, cli_opt(a, "category"));
		if (!q.category)
			return cli_usage(a, "Phân loại «%s» không hợp lệ (CB, CC, VC, LĐHĐ)",
					 cli_opt(a, "category"));
	}
	person_list_t l;
	err_t e = {0};
	if (people_list(c, &q, &l, &e))
		return cli_fail(a, &e);
	if (!l.n && text)
		fprintf(a->out, "Không tìm thấy ai khớp «%s».\n", text);
	else
		print_list(a, &l);
	person_list_free(&l);
	return 0;
}

static const char *field_display(person_field f, const char *v, char *tmp, size_t cap)
{
	if (!v)
		return "";
	switch (people_field_kind(f)) {
	case PFK_DATE:
		cli_vn_date(v, tmp);
		return tmp;
	case PFK_VOCAB:
		return f == PF_CATEGORY ? category_label(v)
					: vocab_label((vocab_kind)people_field_vocab(f), v);
	case PFK_COEF: {
		long x = strtol(v, NULL, 10);
		snprintf(tmp, cap, "%ld,%02ld", x / 100, x % 100);
		return tmp;
	}
	default:
		return v;
	}
}

static int person_show(cli_args_t *a, app_ctx_t *c, const char *code)
{
	person_full_t p;
	err_t e = {0};
	if (people_get(c, code, &p, &e))
		return cli_fail(a, &e);
	fprintf(a->out, "%s — %s\n\n", p.v[PF_FULL_NAME], p.v[PF_CODE]);
	for (int f = 0; f < PF__MAX; f++) {
		if (f == PF_CODE || f == PF_FULL_NAME || !p.v[f])
			continue;
		char tmp[32];
		fputs("  ", a->out);
		cli_pad(a->out, people_field_label((person_field)f), 22);
		fprintf(a->out, " %s\n", field_display((person_field)f, p.v[f], tmp, sizeof tmp));
	}
	fprintf(a->out, "\nQuá trình công tác:\n\n");
	const char *head[] = {"Từ ngày", "Đến ngày", "Loại", "Chức vụ", "Đơn vị", "Quyết định"};
	cli_table_t t;
	cli_table_init(&t, 6, head);
	for (size_t i = 0; i < p.nposts; i++) {
		assignment_row_t *x = &p.posts[i];
		char f[11], to[11];
		cli_vn_date(x->from, f);
		cli_vn_end(x->to, to);
		char unit[300];
		snprintf(unit, sizeof unit, "%s %s", x->unit_code, x->unit_name ? x->unit_name : "");
		char pos[300];
		snprintf(pos, sizeof pos, "%s%s", x->position,
			 x->is_leader ? (x->leader_level && strcmp(x->leader_level, "deputy") == 0
						 ? " (cấp phó)"
						 : " (cấp trưởng)")
				      : "");
		const char *row[] = {f, x->to ? to : "nay", vocab_label(VOCAB_ASSIGNMENT, x->kind),
				     pos, unit, x->decision_no};
		cli_table_row(&t, row);
	}
	cli_table_print(&t, a->out);
	cli_table_free(&t);
	person_full_free(&p);
	return 0;
}

static int person_assign(cli_args_t *a, app_ctx_t *c, const char *code)
{
	char from[11], to[11];
	int rc;
	if ((rc = cli_date(a, "from", from)) || (rc = cli_date(a, "to", to)))
		return rc;
	if (!cli_opt(a, "unit") || !cli_opt(a, "position") || !from[0])
		return cli_usage(a, "Cần --unit MÃ, --position CHỨC_VỤ và --from NGÀY");
	int leader = -1;
	if (cli_opt(a, "leader")) {
		const char *yn = vocab_parse(VOCAB_YESNO, cli_opt(a, "leader"));
		if (!yn)
			return cli_usage(a, "--leader nhận «có» hoặc «không»");
		leader = yn[0] == '1';
	}
	assign_rec_t r = {code,	  cli_opt(a, "unit"), cli_opt(a, "kind"), cli_opt(a, "position"),
			  leader, from,		      to[0] ? to : NULL,  cli_opt(a, "decision")};
	err_t e = {0};
	if (people_assign(c, &r, &e))
		return cli_fail(a, &e);
	fprintf(a->out, "Đã ghi chức vụ «%s» tại %s cho %s.\n", r.position, r.unit_code, code);
	return 0;
}

static int person_end(cli_args_t *a, app_ctx_t *c, const char *code)
{
	char date[11];
	int rc = cli_date(a, "date", date);
	if (rc)
		return rc;
	if (!cli_opt(a, "unit") || !date[0])
		return cli_usage(a, "Cần --unit MÃ và --date NGÀY");
	err_t e = {0};
	if (people_end_post(c, code, cli_opt(a, "unit"), date, &e))
		return cli_fail(a, &e);
	fprintf(a->out, "Đã kết thúc chức vụ của %s tại %s.\n", code, cli_opt(a, "unit"));
	return 0;
}

static int person_status(cli_args_t *a, app_ctx_t *c, const char *code)
{
	char from[11];
	int rc = cli_date(a, "from", from);
	if (rc)
		return rc;
	if (!cli_opt(a, "status") || !from[0])
		return cli_usage(a, "Cần --status TRẠNG_THÁI và --from NGÀY");
	err_t e = {0};
	if (people_set_status(c, code, cli_opt(a, "status"), from, &e))
		return cli_fail(a, &e);
	fprintf(a->out, "Đã cập nhật trạng thái của %s.\n", code);
	return 0;
}

int cmd_person(cli_args_t *a)
{
	/* dates are checked before the database is opened */
	static const char *const date_opts[] = {"date", "from", "to", NULL};
	for (int i = 0; date_opts[i]; i++) {
		char iso[11];
		int bad = cli_date(a, date_opts[i], iso);
		if (bad)
			return bad;
	}
	if (a->npos < 1)
		return cli_usage(a, "Thiếu lệnh con (list, search, show, assign, end, status)");
	const char *sub = a->pos[0];
	int need = strcmp(sub, "list") != 0;
	if (strcmp(sub, "list") && strcmp(sub, "search") && strcmp(sub, "show") &&
	    strcmp(sub, "assign") && strcmp(sub, "end") && strcmp(sub, "status"))
		return cli_usage(a, "Không có lệnh con «person %s»", sub);
	if (need && a->npos < 2)
		return cli_usage(a, "Lệnh «person %s» cần %s", sub,
				 strcmp(sub, "search") == 0 ? "từ khóa tìm kiếm" : "mã cán bộ");
	app_ctx_t c;
	int rc = cli_open(a, &c, 0);
	if (rc)
		return rc;
	const char *arg = a->npos > 1 ? a->pos[1] : NULL;
	if (strcmp(sub, "list") == 0)
		rc = person_list(a, &c, NULL);
	else if (strcmp(sub, "search") == 0)
		rc = person_list(a, &c, arg);
	else if (strcmp(sub, "show") == 0)
		rc = person_show(a, &c, arg);
	else if (strcmp(sub, "assign") == 0)
		rc = person_assign(a, &c, arg);
	else if (strcmp(sub, "end") == 0)
		rc = person_end(a, &c, arg);
	else
		rc = person_status(a, &c, arg);
	app_ctx_close(&c);
	return rc;
}
