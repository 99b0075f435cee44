/*
 * cmd_org: `canbo unit …` — the organisation tree and its history.
 */
#include <stdlib.h>
#include <string.h>

#include "app/org.h"
#include "app/vocab.h"
#include "cli/cli.h"
#include "cli/cmds.h"
#include "lib/csv.h"
#include "lib/xalloc.h"

/* Splits "A,B,C" into a new array of new strings. */
static char **split_list(const char *s, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	*n = 0;
	while (s && *s) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		while (len && s[0] == ' ')
			s++, len--;
		while (len && s[len - 1] == ' ')
			len--;
		if (len) {
			xgrow((void **)&v, &cap, *n + 1, sizeof *v);
			v[(*n)++] = xstrndup(s, len);
		}
		s = end ? end + 1 : NULL;
	}
	return v;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static const char *kind_label(const char *k)
{
	return vocab_label(VOCAB_UNIT_KIND, k);
}

static int unit_tree(cli_args_t *a, app_ctx_t *c)
{
	char date[11];
	int rc = cli_date(a, "date", date);
	if (rc)
		return rc;
	unit_list_t l = {0};
	err_t e = {0};
	if (org_tree(c, date[0] ? date : NULL, cli_opt(a, "root"), 1, &l, &e))
		return cli_fail(a, &e);
	char vn[11];
	if (!date[0])
		app_today(date);
	cli_vn_date(date, vn);
	fprintf(a->out, "Cơ cấu tổ chức ngày %s (%zu đơn vị)\n\n", vn, l.n);
	const char *head[] = {"Mã", "Tên đơn vị", "Loại", "Khối", "Số người", "Từ ngày"};
	cli_table_t t;
	cli_table_init(&t, 6, head);
	for (size_t i = 0; i < l.n; i++) {
		unit_row_t *u = &l.v[i];
		buf_t name;
		buf_init(&name, 0);
		for (int d = 0; d < u->depth; d++)
			buf_puts(&name, "  ");
		if (u->depth)
			buf_puts(&name, "└ ");
		buf_puts(&name, u->name);
		char cnt[32], from[11];
		cli_num(u->people, cnt);
		cli_vn_date(u->valid_from, from);
		const char *row[] = {u->code, buf_cstr(&name), kind_label(u->kind),
				     vocab_label(VOCAB_SECTOR, u->sector), cnt, from};
		cli_table_row(&t, row);
		buf_free(&name);
	}
	cli_table_print(&t, a->out);
	cli_table_free(&t);
	unit_list_free(&l);
	return 0;
}

static void print_events(cli_args_t *a, const org_event_list_t *ev)
{
	static const struct {
		const char *kind, *label;
	} names[] = {{"merge", "Sáp nhập"},   {"split", "Chia tách"}, {"dissolve", "Giải thể"},
		     {"move", "Chuyển trực thuộc"}, {"rename", "Đổi tên"}, {"create", "Thành lập"},
		     {NULL, NULL}};
	if (!ev->n)
		return;
	fprintf(a->out, "\nSự kiện tổ chức:\n");
	for (size_t i = 0; i < ev->n; i++) {
		const org_event_t *x = &ev->v[i];
		const char *label = x->kind;
		for (int k = 0; names[k].kind; k++)
			if (strcmp(names[k].kind, x->kind) == 0)
				label = names[k].label;
		char d[11];
		cli_vn_date(x->date, d);
		fprintf(a->out, "  %s  %s", d, label);
		if (x->decision_no)
			fprintf(a->out, " (QĐ %s)", x->decision_no);
		if (strcmp(x->kind, "rename") == 0)
			fprintf(a->out, ": %s → «%s»\n", x->from, x->note ? x->note : "");
		else
			fprintf(a->out, ": %s → %s\n", x->from && *x->from ? x->from : "—",
				x->to && *x->to ? x->to : "—");
	}
}

static int unit_history(cli_args_t *a, app_ctx_t *c, const char *code)
{
	unit_list_t v = {0};
	org_event_list_t ev = {0};
	err_t e = {0};
	int rc = 0;
	if (org_history(c, code, &v, &ev, &e)) {
		rc = cli_fail(a, &e);
		goto out;
	}
	fprintf(a->out, "Lịch sử đơn vị %s\n\n", code);
	const char *head[] = {"Từ ngày", "Đến ngày", "Tên", "Loại", "Trực thuộc"};
	cli_table_t t;
	cli_table_init(&t, 5, head);
	for (size_t i = 0; i < v.n; i++) {
		char f[11], to[11];
		cli_vn_date(v.v[i].valid_from, f);
		cli_vn_end(v.v[i].valid_to, to);
		const char *row[] = {f, v.v[i].valid_to ? to : "nay", v.v[i].name,
				     kind_label(v.v[i].kind),
				     v.v[i].parent_code ? v.v[i].parent_code : "—"};
		cli_table_row(&t, row);
	}
	cli_table_print(&t, a->out);
	cli_table_free(&t);
	print_events(a, &ev);
out:
	unit_list_free(&v);
	org_event_list_free(&ev);
	return rc;
}

static int unit_show(cli_args_t *a, app_ctx_t *c, const char *code)
{
	char date[11];
	int rc = cli_date(a, "date", date);
	if (rc)
		return rc;
	unit_list_t l = {0};
	err_t e = {0};
	if (org_tree(c, date[0] ? date : NULL, code, 1, &l, &e))
		return cli_fail(a, &e);
	unit_row_t *u = &l.v[0];
	char from[11], to[11];
	cli_vn_date(u->valid_from, from);
	cli_vn_end(u->valid_to, to);
	fprintf(a->out, "Mã:          %s\nTên:         %s\nLoại:        %s\nKhối:        %s\n", u->code,
		u->name, kind_label(u->kind), vocab_label(VOCAB_SECTOR, u->sector));
	fprintf(a->out, "Trực thuộc:  %s\nHiệu lực:    từ %s%s%s\n",
		u->parent_code ? u->parent_code : "— (cấp cao nhất)", from, u->valid_to ? " đến " : "",
		u->valid_to ? to : "");
	long long total = 0;
	for (size_t i = 0; i < l.n; i++)
		total += l.v[i].people;
	char n1[32], n2[32];
	cli_num(u->people, n1);
	cli_num(total, n2);
	fprintf(a->out, "Số người:    %s (cả đơn vị trực thuộc: %s)\n", n1, n2);
	if (l.n > 1) {
		fprintf(a->out, "\nĐơn vị trực thuộc:\n");
		for (size_t i = 1; i < l.n; i++)
			if (l.v[i].depth == 1)
				fprintf(a->out, "  %-16s %s\n", l.v[i].code, l.v[i].name);
	}
	unit_list_free(&l);
	return 0;
}

static int unit_search(cli_args_t *a, app_ctx_t *c, const char *q)
{
	unit_list_t l = {0};
	err_t e = {0};
	if (org_search(c, q, &l, &e))
		return cli_fail(a, &e);
	const char *head[] = {"Mã", "Tên", "Loại", "Từ ngày", "Đến ngày"};
	cli_table_t t;
	cli_table_init(&t, 5, head);
	for (size_t i = 0; i < l.n; i++) {
		char f[11], to[11];
		cli_vn_date(l.v[i].valid_from, f);
		cli_vn_end(l.v[i].valid_to, to);
		const char *row[] = {l.v[i].code, l.v[i].name, kind_label(l.v[i].kind), f,
				     l.v[i].valid_to ? to : "nay"};
		cli_table_row(&t, row);
	}
	if (l.n)
		cli_table_print(&t, a->out);
	else
		fprintf(a->out, "Không tìm thấy đơn vị nào khớp «%s».\n", q);
	cli_table_free(&t);
	unit_list_free(&l);
	return 0;
}

static int unit_where(cli_args_t *a, app_ctx_t *c, const char *code)
{
	org_where_t w;
	err_t e = {0};
	if (org_where(c, code, &w, &e))
		return cli_fail(a, &e);
	char to[11];
	cli_vn_date(w.unit.valid_to, to);
	if (w.unit.valid_to)
		fprintf(a->out, "Đơn vị %s %s chấm dứt hoạt động từ ngày %s.\n", w.unit.code, w.unit.name,
			to);
	else
		fprintf(a->out, "Đơn vị %s %s vẫn đang hoạt động.\n", w.unit.code, w.unit.name);
	print_events(a, &w.events);
	fprintf(a->out, "\nNgười đã công tác tại đơn vị (và các đơn vị trực thuộc) và nơi chuyển đến "
			"(%zu):\n\n",
		w.n);
	const char *head[] = {"Mã", "Họ và tên", "Đơn vị cũ", "Chức vụ cũ", "Ngày cuối",
			      "Đơn vị mới", "Chức vụ mới"};
	cli_table_t t;
	cli_table_init(&t, 7, head);
	for (size_t i = 0; i < w.n; i++) {
		org_where_row_t *x = &w.v[i];
		char until[11];
		cli_vn_end(x->until, until);
		buf_t nu;
		buf_init(&nu, 0);
		if (x->new_unit_code)
			buf_printf(&nu, "%s %s", x->new_unit_code, x->new_unit_name ? x->new_unit_name : "");
		else
			buf_puts(&nu, "— (thôi giữ chức vụ)");
		const char *row[] = {x->person_code, x->person_name, x->old_unit, x->position, until,
				     buf_cstr(&nu), x->new_position};
		cli_table_row(&t, row);
		buf_free(&nu);
	}
	cli_table_print(&t, a->out);
	cli_table_free(&t);
	org_where_free(&w);
	return 0;
}

static int unit_add(cli_args_t *a, app_ctx_t *c, const char *code)
{
	char from[11];
	int rc = cli_date(a, "from", from);
	if (rc)
		return rc;
	if (!cli_opt(a, "name") || !cli_opt(a, "kind") || !cli_opt(a, "sector"))
		return cli_usage(a, "Cần --name, --kind và --sector");
	unit_rec_t u = {code, cli_opt(a, "name"), cli_opt(a, "kind"), cli_opt(a, "sector"),
			cli_opt(a, "parent"), from[0] ? from : NULL, cli_opt(a, "decision")};
	err_t e = {0};
	if (org_unit_add(c, &u, &e))
		return cli_fail(a, &e);
	fprintf(a->out, "Đã thêm đơn vị %s %s.\n", code, u.name);
	return 0;
}

/* merge, split, dissolve, move, rename: all need --date. */
static int unit_change(cli_args_t *a, app_ctx_t *c, const char *sub, const char *code)
{
	char date[11];
	int rc = cli_date(a, "date", date);
	if (rc)
		return rc;
	if (!date[0])
		return cli_usage(a, "Cần --date NGÀY (dd/mm/yyyy): ngày thay đổi có hiệu lực");
	const char *decision = cli_opt(a, "decision");
	err_t e = {0};
	int r = 0;
	char vn[11];
	cli_vn_date(date, vn);
	if (strcmp(sub, "merge") == 0) {
		const char *into = cli_opt(a, "into");
		if (!into)
			return cli_usage(a, "Cần --into MÃ (đơn vị nhận)");
		size_t n;
		char **from = split_list(code, &n);
		r = org_merge(c, (const char *const *)from, n, into, date, decision, &e);
		if (!r)
			fprintf(a->out, "Đã sáp nhập %zu đơn vị vào %s từ ngày %s.\n", n, into, vn);
		free_list(from, n);
	} else if (strcmp(sub, "split") == 0) {
		const char *into = cli_opt(a, "into");
		if (!into)
			return cli_usage(a, "Cần --into MÃ1,MÃ2 (các đơn vị nhận)");
		size_t n;
		char **to = split_list(into, &n);
		org_split_map_t *map = NULL;
		size_t nmap = 0, cap = 0;
		char *mapdata = NULL;
		const char *mapfile = cli_opt(a, "map");
		if (mapfile) {
			FILE *f = fopen(mapfile, "rb");
			if (!f) {
				free_list(to, n);
				err_set(&e, ERR_NOT_FOUND, "Không mở được tệp «%s»", mapfile);
				return cli_fail(a, &e);
			}
			csv_opts_t o = {0};
			csv_reader_t *rd = csv_open_file(f, &o);
			csv_row_t row;
			int first = 1;
			while ((r = csv_next(rd, &row, &e)) == 1) {
				if (first) { /* header: Mã, Mã đơn vị */
					first = 0;
					continue;
				}
				if (row.nfields < 2)
					continue;
				xgrow((void **)&map, &cap, nmap + 1, sizeof *map);
				map[nmap].person_code = xstrdup(row.fields[0]);
				map[nmap].unit_code = xstrdup(row.fields[1]);
				nmap++;
			}
			csv_close(rd);
			fclose(f);
			if (r < 0) {
				r = e.code;
				goto split_out;
			}
			r = 0;
		}
		r = org_split(c, code, (const char *const *)to, n, date, decision, map, nmap,
			      cli_opt(a, "rest-to"), &e);
		if (!r)
			fprintf(a->out, "Đã chia tách %s thành %s từ ngày %s.\n", code, into, vn);
	split_out:
		for (size_t i = 0; i < nmap; i++) {
			free((char *)map[i].person_code);
			free((char *)map[i].unit_code);
		}
		free(map);
		free(mapdata);
		free_list(to, n);
	} else if (strcmp(sub, "dissolve") == 0) {
		r = org_dissolve(c, code, date, cli_opt(a, "to"), decision, &e);
		if (!r)
			fprintf(a->out, "Đã giải thể %s từ ngày %s.\n", code, vn);
	} else if (strcmp(sub, "move") == 0) {
		const char *parent = cli_opt(a, "parent");
		if (!parent && !cli_flag(a, "top"))
			return cli_usage(a, "Cần --parent MÃ (hoặc --top để thành đơn vị cấp cao nhất)");
		r = org_move(c, code, parent, date, decision, &e);
		if (!r)
			fprintf(a->out, "Đã chuyển %s về trực thuộc %s từ ngày %s.\n", code,
				parent ? parent : "cấp cao nhất", vn);
	} else if (strcmp(sub, "rename") == 0) {
		if (!cli_opt(a, "name"))
			return cli_usage(a, "Cần --name TÊN_MỚI");
		r = org_rename(c, code, cli_opt(a, "name"), date, decision, &e);
		if (!r)
			fprintf(a->out, "Đã đổi tên %s thành «%s» từ ngày %s.\n", code, cli_opt(a, "name"),
				vn);
	}
	return r ? cli_fail(a, &e) : 0;
}

int cmd_unit(cli_args_t *a)
{
	/* dates are checked before the database is opened */
	static const char *const date_opts[] = {"date", "from", NULL};
	for (int i = 0; date_opts[i]; i++) {
		char iso[11];
		int bad = cli_date(a, date_opts[i], iso);
		if (bad)
			return bad;
	}
	if (a->npos < 1)
		return cli_usage(a, "Thiếu lệnh con (tree, show, search, history, where, add, merge, "
				    "split, dissolve, move, rename)");
	const char *sub = a->pos[0];
	static const char *const need_arg[] = {"show", "search", "history", "where", "add",
					       "merge", "split", "dissolve", "move", "rename", NULL};
	int known = strcmp(sub, "tree") == 0 || strcmp(sub, "list") == 0;
	for (int i = 0; need_arg[i]; i++)
		if (strcmp(sub, need_arg[i]) == 0) {
			known = 1;
			if (a->npos < 2)
				return cli_usage(a, "Lệnh «unit %s» cần một mã đơn vị%s", sub,
						 strcmp(sub, "search") == 0 ? " hoặc từ khóa" : "");
		}
	if (!known)
		return cli_usage(a, "Không có lệnh con «unit %s»", sub);
	app_ctx_t c;
	int rc = cli_open(a, &c, 0);
	if (rc)
		return rc;
	const char *arg = a->npos > 1 ? a->pos[1] : NULL;
	if (strcmp(sub, "tree") == 0 || strcmp(sub, "list") == 0)
		rc = unit_tree(a, &c);
	else if (strcmp(sub, "show") == 0)
		rc = unit_show(a, &c, arg);
	else if (strcmp(sub, "search") == 0)
		rc = unit_search(a, &c, arg);
	else if (strcmp(sub, "history") == 0)
		rc = unit_history(a, &c, arg);
	else if (strcmp(sub, "where") == 0)
		rc = unit_where(a, &c, arg);
	else if (strcmp(sub, "add") == 0)
		rc = unit_add(a, &c, arg);
	else
		rc = unit_change(a, &c, sub, arg);
	app_ctx_close(&c);
	return rc;
}
