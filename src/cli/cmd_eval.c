/*
 * cmd_eval: `canbo period|eval|task|annual …` — the month and the year from
 * the command line. Handlers parse arguments, call app/period, app/eval,
 * app/tasks and app/year, and print; they hold no rules.
 *
 * The command line acts as the administrator. `--as MÃ` acts as that person
 * instead, so that the workflow's checks of who may do what apply (a
 * self-assessment by someone else is refused, and so on).
 */
#include <stdlib.h>
#include <string.h>

#include "app/eval.h"
#include "app/period.h"
#include "app/tasks.h"
#include "app/year.h"
#include "cli/cli.h"
#include "cli/cmds.h"
#include "core/framework.h"
#include "lib/buf.h"
#include "lib/csv.h"
#include "lib/date.h"
#include "lib/xalloc.h"

/* ---- helpers ---------------------------------------------------------------- */

static char *pts(int has, int32_t cp, char out[24])
{
	if (!has) {
		out[0] = '\0';
		return out;
	}
	return framework_fmt_points(cp, out, 24);
}

static int need_pos(cli_args_t *a, int n, const char *what)
{
	if (a->npos < n)
		return cli_usage(a, "Thiếu %s", what);
	return 0;
}

static int get_month(cli_args_t *a, period_month_t *m)
{
	const char *v = cli_opt(a, "month");
	if (!v)
		return cli_usage(a, "Thiếu --month MM/YYYY");
	err_t e = {0};
	if (period_month_parse(v, m, &e))
		return cli_usage(a, "%s", e.msg);
	return 0;
}

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

/* Writes buf to path; prints an error and returns 1 on failure. */
static int write_file(cli_args_t *a, const char *path, buf_t *b)
{
	if (b->err) {
		fprintf(a->err, "canbo %s: lỗi: dữ liệu quá lớn\n", a->cmd);
		return 1;
	}
	FILE *f = fopen(path, "wb");
	if (!f) {
		fprintf(a->err, "canbo %s: lỗi: không ghi được tệp «%s»\n", a->cmd, path);
		return 1;
	}
	size_t n = fwrite(buf_cstr(b), 1, b->len, f);
	int bad = n != b->len;
	bad |= fclose(f) != 0;
	if (bad) {
		fprintf(a->err, "canbo %s: lỗi: không ghi được tệp «%s»\n", a->cmd, path);
		return 1;
	}
	return 0;
}

static void csv_row(buf_t *b, const char *const *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(b, ',');
		csv_write_field_safe(b, f[i] ? f[i] : "", ',');
	}
	buf_puts(b, "\r\n");
}

static const char *month_label(int year, int month, char out[8])
{
	period_month_text(year, month, out);
	return out;
}

static const char *yes(int v)
{
	return v ? "có" : "";
}

/* ---- period ------------------------------------------------------------------ */

static int period_open_cmd(cli_args_t *a, app_ctx_t *c)
{
	int rc = need_pos(a, 2, "mã đơn vị (period open MÃ --month MM/YYYY)");
	period_month_t m;
	if (rc || (rc = get_month(a, &m)))
		return rc;
	if (cli_flag(a, "quiet"))
		c->quiet = 1;
	period_open_result_t r;
	err_t e = {0};
	if (period_open(c, a->pos[1], &m, &r, &e))
		return cli_fail(a, &e);
	char mt[8], n[32];
	month_label(m.year, m.month, mt);
	fprintf(a->out, "%s kỳ đánh giá tháng %s cho %s và các đơn vị trực thuộc.\n",
		r.existed ? "Đã cập nhật" : "Đã mở", mt, a->pos[1]);
	struct {
		const char *label;
		long v;
	} rows[] = {
	    {"Bản đánh giá mới", r.created},
	    {"Cập nhật (chưa tự đánh giá)", r.updated},
	    {"Không đổi", r.unchanged},
	    {"Đã sang bước sau, giữ nguyên", r.progressed},
	    {"Bỏ (không còn thuộc diện đánh giá)", r.removed},
	    {"Đánh giá ở đơn vị khác/kỳ khác", r.elsewhere},
	    {"Không công tác trong tháng", r.not_working},
	    {"Thời gian giữ chức vụ quá ngắn", r.short_stay},
	    {"Không có khung tiêu chí áp dụng", r.no_framework},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (!rows[i].v && i > 0)
			continue;
		cli_num(rows[i].v, n);
		fprintf(a->out, "  ");
		cli_pad(a->out, rows[i].label, 40);
		fprintf(a->out, " %s\n", n);
	}
	if (r.created) {
		cli_num(r.leaders, n);
		fprintf(a->out, "  ");
		cli_pad(a->out, "Trong đó lãnh đạo, quản lý", 40);
		fprintf(a->out, " %s\n", n);
	}
	if (r.no_reviewer) {
		cli_num(r.no_reviewer, n);
		fprintf(a->out, "  Không có người nhận xét trong hệ thống (cấp trên ngoài hệ thống): %s\n", n);
	}
	return 0;
}

static int period_list_cmd(cli_args_t *a, app_ctx_t *c)
{
	period_list_t l;
	err_t e = {0};
	if (period_list(c, &l, &e))
		return cli_fail(a, &e);
	if (!l.n) {
		fprintf(a->out, "Chưa có kỳ đánh giá nào.\n");
		period_list_free(&l);
		return 0;
	}
	const char *head[] = {"Tháng", "Đơn vị", "Tên đơn vị", "Số bản đánh giá", "Mở lúc", "Người mở"};
	cli_table_t t;
	cli_table_init(&t, 6, head);
	for (size_t i = 0; i < l.n; i++) {
		char mt[8], n[32];
		cli_num(l.v[i].evaluations, n);
		const char *row[] = {month_label(l.v[i].year, l.v[i].month, mt), l.v[i].unit_code,
				     l.v[i].unit_name, n, l.v[i].opened_at, l.v[i].opened_by};
		cli_table_row(&t, row);
	}
	cli_table_print(&t, a->out);
	cli_table_free(&t);
	period_list_free(&l);
	return 0;
}

static int period_status_cmd(cli_args_t *a, app_ctx_t *c)
{
	int rc = need_pos(a, 2, "mã đơn vị");
	period_month_t m;
	if (rc || (rc = get_month(a, &m)))
		return rc;
	period_status_t s;
	err_t e = {0};
	if (period_status(c, a->pos[1], &m, &s, &e))
		return cli_fail(a, &e);
	char mt[8], n[32], d1[11], d2[11], d3[11];
	cli_num(s.total, n);
	fprintf(a->out, "Tiến độ đánh giá tháng %s — %s và các đơn vị trực thuộc: %s bản đánh giá\n\n",
		month_label(m.year, m.month, mt), a->pos[1], n);
	static const char *const codes[PERIOD_ST__MAX] = {"pending", "self_assessed", "reviewed",
							  "decided", "published", "locked"};
	for (int i = 0; i < PERIOD_ST__MAX; i++) {
		cli_num(s.by_status[i], n);
		fprintf(a->out, "  ");
		cli_pad(a->out, period_status_label(codes[i]), 32);
		fprintf(a->out, " %s\n", n);
	}
	cli_vn_date(s.due_self, d1);
	cli_vn_date(s.due_review, d2);
	cli_vn_date(s.due_decide, d3);
	fprintf(a->out, "\nHạn: tự đánh giá %s, nhận xét %s, quyết định %s\n", d1, d2, d3);
	fprintf(a->out, "Làm muộn hạn:   tự đánh giá %ld, nhận xét %ld, quyết định %ld\n", s.late_self,
		s.late_review, s.late_decide);
	fprintf(a->out, "Quá hạn chưa làm: tự đánh giá %ld, nhận xét %ld, quyết định %ld\n",
		s.overdue_self, s.overdue_review, s.overdue_decide);
	fprintf(a->out, "Kiến nghị đang chờ trả lời: %ld\n", s.objections_open);
	return 0;
}

int cmd_period(cli_args_t *a)
{
	if (a->npos < 1)
		return cli_usage(a, "Thiếu lệnh con: open, list hoặc status");
	const char *sub = a->pos[0];
	int (*fn)(cli_args_t *, app_ctx_t *) = NULL;
	if (strcmp(sub, "open") == 0)
		fn = period_open_cmd;
	else if (strcmp(sub, "list") == 0)
		fn = period_list_cmd;
	else if (strcmp(sub, "status") == 0)
		fn = period_status_cmd;
	else
		return cli_usage(a, "Lệnh con «%s» không có; dùng open, list hoặc status", sub);
	app_ctx_t c;
	int rc = cli_open(a, &c, 0);
	if (rc)
		return rc;
	rc = fn(a, &c);
	app_ctx_close(&c);
	return rc;
}

/* ---- eval: reading ------------------------------------------------------------ */

static int eval_show_cmd(cli_args_t *a, app_ctx_t *c)
{
	int rc = need_pos(a, 2, "mã cán bộ");
	period_month_t m;
	if (rc || (rc = get_month(a, &m)))
		return rc;
	eval_full_t f;
	err_t e = {0};
	if (eval_get(c, a->pos[1], &m, &f, &e))
		return cli_fail(a, &e);
	eval_row_t *r = &f.row;
	char mt[8], x[24], y[24], z[24];
	fprintf(a->out, "Phiếu đánh giá tháng %s\n\n", month_label(r->year, r->month, mt));
	fprintf(a->out, "Họ và tên:       %s (%s)\n", r->person_name, r->person_code);
	fprintf(a->out, "Đơn vị:          %s %s\n", r->unit_code, r->unit_name ? r->unit_name : "");
	fprintf(a->out, "Chức vụ:         %s%s\n", r->position ? r->position : "",
		r->is_leader ? " (lãnh đạo, quản lý)" : "");
	fprintf(a->out, "Khung tiêu chí:  %s — %s\n", r->fw_code, r->fw_name);
	fprintf(a->out, "Người nhận xét:  %s%s%s%s\n", r->reviewer_name ? r->reviewer_name : "—",
		r->reviewer_code ? " (" : "", r->reviewer_code ? r->reviewer_code : "",
		r->reviewer_code ? ")" : "");
	fprintf(a->out, "Người quyết định: %s%s%s%s\n", r->decider_name ? r->decider_name : "—",
		r->decider_code ? " (" : "", r->decider_code ? r->decider_code : "",
		r->decider_code ? ")" : "");
	fprintf(a->out, "Số ngày công tác: %d/%d%s%s\n", r->days_in_post, r->days_in_month,
		r->membership ? " — " : "", r->membership ? r->membership : "");
	fprintf(a->out, "Trạng thái:      %s (phiên bản %lld)\n\n", period_status_label(r->status),
		(long long)r->version);
	const char *head[] = {"Tiêu chí", "Nội dung", "Tối đa", "Tự đánh giá", "Nhận xét", "Áp dụng",
			      "Lý do điều chỉnh"};
	cli_table_t t;
	cli_table_init(&t, 7, head);
	for (size_t i = 0; i < f.ncrit; i++) {
		eval_crit_t *k = &f.crit[i];
		char mx[24], in[24];
		const char *why = k->final_reason ? k->final_reason : k->review_reason;
		const char *row[] = {k->code, k->name, pts(1, k->max, mx), pts(k->has_self, k->self, x),
				     pts(k->has_review, k->review, y), pts(1, k->in_force, in),
				     why ? why : ""};
		cli_table_row(&t, row);
	}
	cli_table_print(&t, a->out);
	cli_table_free(&t);
	fprintf(a->out, "\nTổng điểm: tự đánh giá %s, nhận xét %s, cuối cùng %s\n",
		pts(r->has_self, r->self_total, x)[0] ? x : "—",
		pts(r->has_review, r->review_total, y)[0] ? y : "—",
		pts(r->has_final, r->final_total, z)[0] ? z : "—");
	if (r->grade_code) {
		fprintf(a->out, "Xếp loại: %s — %s%s\n", r->grade_code, r->grade_label,
			r->top_granted ? " (trong hạn mức)" : "");
		if (r->grade_reason)
			fprintf(a->out, "Lý do: %s\n", r->grade_reason);
		if (r->decision_reason)
			fprintf(a->out, "Ý kiến của thủ trưởng: %s\n", r->decision_reason);
	}
	if (r->objection_until) {
		char d[11];
		cli_vn_date(r->objection_until, d);
		fprintf(a->out, "Hạn kiến nghị: đến hết ngày %s\n", d);
	}
	if (f.tasks)
		fprintf(a->out, "Sản phẩm, công việc trong tháng: %ld (hoàn thành %ld)\n", f.tasks,
			f.tasks_done);
	if (f.nsteps) {
		fprintf(a->out, "\nCác bước:\n");
		for (size_t i = 0; i < f.nsteps; i++) {
			eval_step_row_t *s = &f.steps[i];
			char due[11];
			cli_vn_date(s->due, due);
			fprintf(a->out, "  %s  ", s->at);
			cli_pad(a->out, eval_step_label(s->step), 20);
			fprintf(a->out, " %s%s%s%s%s%s%s\n", s->actor,
				s->actor_code ? " với tư cách " : "", s->actor_code ? s->actor_code : "",
				s->due ? " — hạn " : "", s->due ? due : "", s->late ? " (MUỘN)" : "", "");
			if (s->reason)
				fprintf(a->out, "      %s\n", s->reason);
		}
	}
	for (size_t i = 0; i < f.nobj; i++) {
		eval_objection_row_t *o = &f.obj[i];
		fprintf(a->out, "\nKiến nghị (%s): %s\n", o->at, o->reason);
		if (o->answer)
			fprintf(a->out, "Trả lời (%s, %s): %s — %s\n", o->answered_at,
				o->answered_by ? o->answered_by : "quản trị viên", o->answer,
				o->outcome && strcmp(o->outcome, "changed") == 0 ? "đã điều chỉnh"
										 : "giữ nguyên");
		else
			fprintf(a->out, "Chưa được trả lời.\n");
	}
	eval_full_free(&f);
	return 0;
}

static const char *list_cols[] = {"Mã",       "Họ và tên",     "Đơn vị",   "Chức vụ",
				  "Phân loại", "Lãnh đạo",      "Trạng thái", "Tự đánh giá",
				  "Nhận xét",  "Điểm cuối cùng", "Xếp loại", "Mức xếp loại",
				  "Lý do",     "Ngày công tác", "Biến động"};
#define NLIST_COLS (sizeof list_cols / sizeof list_cols[0])

static int eval_list_cmd(cli_args_t *a, app_ctx_t *c)
{
	int rc = need_pos(a, 2, "mã đơn vị");
	period_month_t m;
	if (rc || (rc = get_month(a, &m)))
		return rc;
	eval_list_t l;
	err_t e = {0};
	if (eval_list(c, a->pos[1], &m, &l, &e))
		return cli_fail(a, &e);
	const char *csv = cli_opt(a, "csv");
	char mt[8];
	month_label(m.year, m.month, mt);
	if (csv) {
		buf_t b;
		buf_init(&b, (size_t)1 << 30);
		if (cli_flag(a, "bom"))
			buf_puts(&b, "\xEF\xBB\xBF");
		csv_row(&b, list_cols, NLIST_COLS);
		for (size_t i = 0; i < l.n; i++) {
			eval_row_t *r = &l.v[i];
			char x[24], y[24], z[24], d[16];
			snprintf(d, sizeof d, "%d/%d", r->days_in_post, r->days_in_month);
			const char *f[] = {r->person_code, r->person_name, r->unit_code, r->position,
					   r->category, yes(r->is_leader), period_status_label(r->status),
					   pts(r->has_self, r->self_total, x),
					   pts(r->has_review, r->review_total, y),
					   pts(r->has_final, r->final_total, z), r->grade_code,
					   r->grade_label, r->grade_reason, d, r->membership};
			csv_row(&b, f, NLIST_COLS);
		}
		rc = write_file(a, csv, &b);
		buf_free(&b);
		if (!rc)
			fprintf(a->out, "Đã ghi %zu dòng (tháng %s, %s) vào «%s».\n", l.n, mt, a->pos[1],
				csv);
		eval_list_free(&l);
		return rc;
	}
	fprintf(a->out, "Kết quả đánh giá tháng %s — %s và các đơn vị trực thuộc (%zu người)\n\n", mt,
		a->pos[1], l.n);
	const char *head[] = {"Mã", "Họ và tên", "Đơn vị", "Trạng thái", "Tự ĐG", "Nhận xét",
			      "Cuối cùng", "Xếp loại", "Lý do"};
	cli_table_t t;
	cli_table_init(&t, 9, head);
	for (size_t i = 0; i < l.n; i++) {
		eval_row_t *r = &l.v[i];
		char x[24], y[24], z[24];
		const char *row[] = {r->person_code, r->person_name, r->unit_code,
				     period_status_label(r->status), pts(r->has_self, r->self_total, x),
				     pts(r->has_review, r->review_total, y),
				     pts(r->has_final, r->final_total, z), r->grade_code,
				     r->grade_reason};
		cli_table_row(&t, row);
	}
	cli_table_print(&t, a->out);
	cli_table_free(&t);
	eval_list_free(&l);
	return 0;
}

static int eval_history_cmd(cli_args_t *a, app_ctx_t *c)
{
	int rc = need_pos(a, 2, "mã cán bộ");
	if (rc)
		return rc;
	eval_list_t l;
	err_t e = {0};
	if (eval_history(c, a->pos[1], &l, &e))
		return cli_fail(a, &e);
	static const char *cols[] = {"Tháng",      "Mã",       "Họ và tên",      "Đơn vị",
				     "Chức vụ",    "Trạng thái", "Tự đánh giá",   "Nhận xét",
				     "Điểm cuối cùng", "Xếp loại", "Mức xếp loại", "Lý do"};
	const char *csv = cli_opt(a, "csv");
	if (csv) {
		buf_t b;
		buf_init(&b, (size_t)64 << 20);
		if (cli_flag(a, "bom"))
			buf_puts(&b, "\xEF\xBB\xBF");
		csv_row(&b, cols, 12);
		for (size_t i = 0; i < l.n; i++) {
			eval_row_t *r = &l.v[i];
			char mt[8], x[24], y[24], z[24];
			const char *f[] = {month_label(r->year, r->month, mt), r->person_code,
					   r->person_name, r->unit_code, r->position,
					   period_status_label(r->status),
					   pts(r->has_self, r->self_total, x),
					   pts(r->has_review, r->review_total, y),
					   pts(r->has_final, r->final_total, z), r->grade_code,
					   r->grade_label, r->grade_reason};
			csv_row(&b, f, 12);
		}
		rc = write_file(a, csv, &b);
		buf_free(&b);
		if (!rc)
			fprintf(a->out, "Đã ghi %zu tháng của %s vào «%s».\n", l.n, a->pos[1], csv);
		eval_list_free(&l);
		return rc;
	}
	if (l.n)
		fprintf(a->out, "Quá trình đánh giá của %s (%s)\n\n", l.v[0].person_name, a->pos[1]);
	else
		fprintf(a->out, "%s chưa có bản đánh giá nào.\n", a->pos[1]);
	const char *head[] = {"Tháng", "Đơn vị", "Trạng thái", "Điểm", "Xếp loại", "Lý do"};
	cli_table_t t;
	cli_table_init(&t, 6, head);
	for (size_t i = 0; i < l.n; i++) {
		eval_row_t *r = &l.v[i];
		char mt[8], z[24];
		int has = r->has_final || r->has_review || r->has_self;
		int32_t v = r->has_final ? r->final_total : r->has_review ? r->review_total : r->self_total;
		const char *row[] = {month_label(r->year, r->month, mt), r->unit_code,
				     period_status_label(r->status), pts(has, v, z), r->grade_code,
				     r->grade_reason};
		cli_table_row(&t, row);
	}
	if (l.n)
		cli_table_print(&t, a->out);
	cli_table_free(&t);
	eval_list_free(&l);
	return 0;
}

static int eval_template_cmd(cli_args_t *a, app_ctx_t *c)
{
	int rc = need_pos(a, 2, "mã cán bộ");
	period_month_t m;
	if (rc || (rc = get_month(a, &m)))
		return rc;
	eval_full_t f;
	err_t e = {0};
	if (eval_get(c, a->pos[1], &m, &f, &e))
		return cli_fail(a, &e);
	buf_t b;
	buf_init(&b, 1 << 20);
	const char *head[] = {"Mã tiêu chí", "Tên tiêu chí", "Điểm tối đa", "Điểm", "Lý do"};
	csv_row(&b, head, 5);
	for (size_t i = 0; i < f.ncrit; i++) {
		char mx[24];
		const char *row[] = {f.crit[i].code, f.crit[i].name, pts(1, f.crit[i].max, mx), "", ""};
		csv_row(&b, row, 5);
	}
	fputs(buf_cstr(&b), a->out);
	buf_free(&b);
	eval_full_free(&f);
	return 0;
}

/* ---- eval: steps --------------------------------------------------------------- */

static void print_outcome(cli_args_t *a, const char *what, const char *person,
			  const eval_outcome_t *o)
{
	char x[24], d[11];
	cli_vn_date(o->due, d);
	fprintf(a->out, "%s của %s: tổng %s điểm%s%s.\n", what, person, pts(1, o->total, x),
		o->grade[0] ? ", xếp loại " : "", o->grade);
	if (o->changed)
		fprintf(a->out, "Điều chỉnh %d tiêu chí.\n", o->changed);
	if (o->note[0])
		fprintf(a->out, "Tính tự động: %s\n", o->note);
	if (o->due[0])
		fprintf(a->out, "Hạn: %s%s\n", d, o->late ? " — làm MUỘN so với hạn" : "");
}

static int scores_arg(cli_args_t *a, eval_scores_t *sc, int required)
{
	memset(sc, 0, sizeof *sc);
	const char *file = cli_opt(a, "file");
	if (!file) {
		if (required)
			return cli_usage(a, "Thiếu --file TỆP_ĐIỂM.csv (xem: canbo eval template)");
		return 0;
	}
	err_t e = {0};
	if (eval_scores_load(file, sc, &e))
		return cli_fail(a, &e);
	return 0;
}

static int64_t expect_version(cli_args_t *a)
{
	const char *v = cli_opt(a, "expect-version");
	return v ? strtoll(v, NULL, 10) : 0;
}

static int eval_self_cmd(cli_args_t *a, app_ctx_t *c, int review)
{
	int rc = need_pos(a, 2, "mã cán bộ");
	period_month_t m;
	if (rc || (rc = get_month(a, &m)))
		return rc;
	eval_scores_t sc;
	if ((rc = scores_arg(a, &sc, !review)))
		return rc;
	eval_outcome_t o;
	err_t e = {0};
	int r = review ? eval_review(c, a->pos[1], &m, cli_opt(a, "as"), &sc, expect_version(a), &o,
				     &e)
		       : eval_self(c, a->pos[1], &m, cli_opt(a, "as"), &sc, expect_version(a), &o, &e);
	eval_scores_free(&sc);
	if (r)
		return cli_fail(a, &e);
	print_outcome(a, review ? "Đã nhận xét, đánh giá" : "Đã tự đánh giá", a->pos[1], &o);
	return 0;
}

static void print_pools(cli_args_t *a, const eval_pools_t *p, int decided)
{
	for (size_t i = 0; i < p->n; i++) {
		const eval_pool_t *pl = &p->v[i];
		char n1[32], n2[32];
		fprintf(a->out, "\nDanh sách của %s%s%s%s — khung %s (%zu người)\n", pl->decider_name,
			pl->decider_code[0] ? " (" : "", pl->decider_code,
			pl->decider_code[0] ? ")" : "", pl->fw_code, pl->n);
		const quota_limit_t *l = &pl->limit;
		if (l->max_top == QUOTA_UNLIMITED) {
			fprintf(a->out, "  Không giới hạn số người xếp loại %s.\n", pl->top_code);
		} else {
			cli_num(l->eligible, n1);
			cli_num(l->max_top, n2);
			fprintf(a->out, "  Đủ điểm xếp loại %s: %s người; được xếp loại %s tối đa: %s người",
				pl->top_code, n1, pl->top_code, n2);
			if (l->group_cap_sum >= 0)
				fprintf(a->out, " (tính cả theo nhóm nhiệm vụ tương đồng)");
			fprintf(a->out, ".\n");
		}
		if (decided)
			fprintf(a->out, "  Đã xếp loại %s: %ld người.\n", pl->top_code, pl->granted);
		for (size_t t = 0; t < pl->nties; t++) {
			const eval_tie_t *x = &pl->ties[t];
			char s[24];
			fprintf(a->out, "  ĐỒNG ĐIỂM ở ranh giới: %zu người cùng %s điểm%s%s%s, chỉ được chọn "
					"%lld người:",
				x->nmembers, framework_fmt_points(x->score, s, sizeof s),
				x->in_group ? " (nhóm «" : "", x->in_group ? x->group : "",
				x->in_group ? "»)" : "", (long long)x->choose);
			for (size_t k = 0; k < x->nmembers; k++)
				fprintf(a->out, "%s %s", k ? "," : "", pl->v[x->members[k]].code);
			fprintf(a->out, "\n");
		}
		const char *head[] = {"Mã", "Họ và tên", "Đơn vị", "Điểm", "Theo điểm", "Đề xuất",
				      "Xếp loại", "Lý do"};
		cli_table_t t;
		cli_table_init(&t, 8, head);
		for (size_t k = 0; k < pl->n; k++) {
			const eval_pool_person_t *pp = &pl->v[k];
			char s[24];
			static const char *const st[] = {"", "được chọn", "ngoài hạn mức", "đồng điểm"};
			const char *row[] = {pp->code, pp->name, pp->unit_code, pts(1, pp->score, s),
					     pp->band == 0 ? pl->top_code : "",
					     pp->fixed ? "đã công khai" : st[pp->status],
					     pp->grade_code, pp->reason};
			cli_table_row(&t, row);
		}
		if (a->npos >= 0)
			cli_table_print(&t, a->out);
		cli_table_free(&t);
	}
}

static int eval_propose_cmd(cli_args_t *a, app_ctx_t *c, int whatif)
{
	int rc = need_pos(a, 2, "mã đơn vị");
	period_month_t m;
	if (rc || (rc = get_month(a, &m)))
		return rc;
	eval_pools_t p;
	err_t e = {0};
	if (eval_propose(c, a->pos[1], &m, cli_opt(a, "as"), cli_flag(a, "outstanding"), &p, &e))
		return cli_fail(a, &e);
	char mt[8];
	month_label(m.year, m.month, mt);
	if (whatif) {
		fprintf(a->out, "Với điểm hiện tại, tháng %s — %s:\n", mt, a->pos[1]);
		for (size_t i = 0; i < p.n; i++) {
			const eval_pool_t *pl = &p.v[i];
			char n1[32], n2[32], n3[32];
			cli_num(pl->limit.eligible, n1);
			cli_num(pl->limit.max_top == QUOTA_UNLIMITED ? -1 : pl->limit.max_top, n2);
			cli_num(pl->limit.next_grade, n3);
			fprintf(a->out, "  %s (%s), khung %s: %zu người, %s người đủ điểm %s", pl->decider_name,
				pl->decider_code, pl->fw_code, pl->n, n1, pl->top_code);
			if (pl->quota_kind == FRAMEWORK_QUOTA_SHARE_OF_NEXT_GRADE)
				fprintf(a->out, ", %s người %s trước quyết định", n3, pl->next_code);
			fprintf(a->out, " → được xếp loại %s tối đa %s%s\n", pl->top_code,
				pl->limit.max_top == QUOTA_UNLIMITED ? "không giới hạn" : n2,
				pl->limit.max_top == QUOTA_UNLIMITED ? "" : " người");
		}
	} else {
		fprintf(a->out, "Đề xuất xếp loại tháng %s — %s (điểm cao xếp trước; người đồng điểm ở "
				"ranh giới do thủ trưởng chọn)\n",
			mt, a->pos[1]);
		print_pools(a, &p, 0);
	}
	if (p.not_ready)
		fprintf(a->out, "\nCòn %ld bản đánh giá chưa được nhận xét (chưa tính).\n", p.not_ready);
	eval_pools_free(&p);
	return 0;
}

static int eval_decide_cmd(cli_args_t *a, app_ctx_t *c)
{
	int rc = need_pos(a, 2, "mã đơn vị");
	period_month_t m;
	if (rc || (rc = get_month(a, &m)))
		return rc;
	const char *ties = cli_opt(a, "ties");
	if (ties && strcmp(ties, "none") != 0)
		return cli_usage(a, "--ties chỉ nhận giá trị none (không chọn ai trong số người đồng điểm)");
	size_t ng = 0, nd = 0;
	char **grant = split_list(cli_opt(a, "grant"), &ng);
	char **deny = split_list(cli_opt(a, "deny"), &nd);
	eval_decide_req_t q = {a->pos[1], &m, cli_opt(a, "as"), (const char *const *)grant, ng,
			       (const char *const *)deny, nd, ties != NULL, cli_flag(a, "outstanding"),
			       cli_opt(a, "reason"), cli_flag(a, "quiet")};
	eval_pools_t p;
	err_t e = {0};
	rc = eval_decide(c, &q, &p, &e);
	free_list(grant, ng);
	free_list(deny, nd);
	if (rc)
		return cli_fail(a, &e);
	char mt[8];
	fprintf(a->out, "Đã quyết định xếp loại tháng %s: %ld người trong %zu danh sách.\n",
		month_label(m.year, m.month, mt), p.people, p.n);
	if (!cli_flag(a, "quiet"))
		print_pools(a, &p, 1);
	eval_pools_free(&p);
	return 0;
}

static int eval_bulk_cmd(cli_args_t *a, app_ctx_t *c, int lock)
{
	int rc = need_pos(a, 2, "mã đơn vị");
	period_month_t m;
	if (rc || (rc = get_month(a, &m)))
		return rc;
	long done = 0, open = 0;
	err_t e = {0};
	if (lock ? eval_lock(c, a->pos[1], &m, cli_opt(a, "as"), &done, &open, &e)
		 : eval_publish(c, a->pos[1], &m, cli_opt(a, "as"), &done, &e))
		return cli_fail(a, &e);
	char mt[8], n[32];
	cli_num(done, n);
	month_label(m.year, m.month, mt);
	if (lock) {
		fprintf(a->out, "Đã khóa %s bản đánh giá tháng %s.\n", n, mt);
		if (open)
			fprintf(a->out, "Còn %ld bản có kiến nghị chưa trả lời: chưa khóa.\n", open);
	} else {
		fprintf(a->out, "Đã công khai %s kết quả tháng %s trong đơn vị.\n", n, mt);
	}
	return 0;
}

static int eval_object_cmd(cli_args_t *a, app_ctx_t *c)
{
	int rc = need_pos(a, 2, "mã cán bộ");
	period_month_t m;
	if (rc || (rc = get_month(a, &m)))
		return rc;
	err_t e = {0};
	if (eval_object(c, a->pos[1], &m, cli_opt(a, "as"), cli_opt(a, "reason"), &e))
		return cli_fail(a, &e);
	fprintf(a->out, "Đã ghi nhận kiến nghị của %s về kết quả tháng %02d/%04d.\n", a->pos[1], m.month,
		m.year);
	return 0;
}

static int eval_answer_cmd(cli_args_t *a, app_ctx_t *c)
{
	int rc = need_pos(a, 2, "mã cán bộ");
	period_month_t m;
	if (rc || (rc = get_month(a, &m)))
		return rc;
	eval_scores_t sc;
	memset(&sc, 0, sizeof sc);
	err_t e = {0};
	const char *spec = cli_opt(a, "score");
	if (spec && eval_scores_inline(spec, &sc, &e))
		return cli_fail(a, &e);
	eval_outcome_t o;
	rc = eval_answer(c, a->pos[1], &m, cli_opt(a, "as"), cli_opt(a, "reason"), &sc,
			 cli_flag(a, "top"), &o, &e);
	eval_scores_free(&sc);
	if (rc)
		return cli_fail(a, &e);
	print_outcome(a, "Đã trả lời kiến nghị", a->pos[1], &o);
	return 0;
}

static int eval_reopen_cmd(cli_args_t *a, app_ctx_t *c)
{
	int rc = need_pos(a, 2, "mã cán bộ");
	period_month_t m;
	if (rc || (rc = get_month(a, &m)))
		return rc;
	err_t e = {0};
	if (eval_reopen(c, a->pos[1], &m, cli_opt(a, "as"), cli_opt(a, "reason"), &e))
		return cli_fail(a, &e);
	fprintf(a->out, "Đã mở lại bản đánh giá tháng %02d/%04d của %s (về bước chờ quyết định).\n",
		m.month, m.year, a->pos[1]);
	return 0;
}

static int eval_autoscore_cmd(cli_args_t *a, app_ctx_t *c)
{
	int rc = need_pos(a, 2, "mã đơn vị");
	period_month_t m;
	if (rc || (rc = get_month(a, &m)))
		return rc;
	const char *sv = cli_opt(a, "seed");
	uint64_t seed = sv ? strtoull(sv, NULL, 10) : 1;
	long n = 0;
	err_t e = {0};
	if (eval_autoscore(c, a->pos[1], &m, seed, cli_flag(a, "review"), &n, &e))
		return cli_fail(a, &e);
	char num[32];
	cli_num(n, num);
	fprintf(a->out, "Đã chấm tự động %s bản đánh giá tháng %02d/%04d%s.\n", num, m.month, m.year,
		cli_flag(a, "review") ? " (tự đánh giá và nhận xét)" : " (tự đánh giá)");
	return 0;
}

static int eval_discipline_cmd(cli_args_t *a, app_ctx_t *c)
{
	int rc = need_pos(a, 2, "mã cán bộ");
	char date[11];
	if (rc || (rc = cli_date(a, "date", date)))
		return rc;
	if (!date[0])
		return cli_usage(a, "Thiếu --date dd/mm/yyyy (ngày quyết định kỷ luật)");
	err_t e = {0};
	if (eval_discipline_add(c, a->pos[1], date, cli_opt(a, "level"), cli_opt(a, "decision"),
				cli_flag(a, "pending"), &e))
		return cli_fail(a, &e);
	fprintf(a->out, "Đã ghi nhận %s %s đối với %s.\n",
		cli_flag(a, "pending") ? "việc xem xét kỷ luật" : "kỷ luật",
		eval_discipline_label(eval_discipline_level(cli_opt(a, "level"))), a->pos[1]);
	return 0;
}

static int eval_flag_cmd(cli_args_t *a, app_ctx_t *c)
{
	int rc = need_pos(a, 2, "mã cán bộ");
	char from[11], to[11];
	if (rc || (rc = cli_date(a, "from", from)) || (rc = cli_date(a, "to", to)))
		return rc;
	if (!from[0])
		return cli_usage(a, "Thiếu --from dd/mm/yyyy");
	err_t e = {0};
	if (eval_flag_add(c, a->pos[1], cli_opt(a, "kind"), from, to[0] ? to : NULL,
			  cli_opt(a, "note"), &e))
		return cli_fail(a, &e);
	fprintf(a->out, "Đã ghi nhận «%s» của %s.\n", cli_opt(a, "kind"), a->pos[1]);
	return 0;
}

int cmd_eval(cli_args_t *a)
{
	if (a->npos < 1)
		return cli_usage(a, "Thiếu lệnh con (xem: canbo help eval)");
	static const struct {
		const char *name;
		int kind;
	} subs[] = {{"show", 0},     {"list", 1},      {"self", 2},     {"review", 3},
		    {"propose", 4},  {"whatif", 5},    {"decide", 6},   {"publish", 7},
		    {"object", 8},   {"answer", 9},    {"lock", 10},    {"reopen", 11},
		    {"history", 12}, {"autoscore", 13}, {"template", 14}, {"discipline", 15},
		    {"flag", 16}};
	int kind = -1;
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (strcmp(subs[i].name, a->pos[0]) == 0)
			kind = subs[i].kind;
	if (kind < 0)
		return cli_usage(a, "Lệnh con «%s» không có (xem: canbo help eval)", a->pos[0]);
	app_ctx_t c;
	int rc = cli_open(a, &c, 0);
	if (rc)
		return rc;
	switch (kind) {
	case 0: rc = eval_show_cmd(a, &c); break;
	case 1: rc = eval_list_cmd(a, &c); break;
	case 2: rc = eval_self_cmd(a, &c, 0); break;
	case 3: rc = eval_self_cmd(a, &c, 1); break;
	case 4: rc = eval_propose_cmd(a, &c, 0); break;
	case 5: rc = eval_propose_cmd(a, &c, 1); break;
	case 6: rc = eval_decide_cmd(a, &c); break;
	case 7: rc = eval_bulk_cmd(a, &c, 0); break;
	case 8: rc = eval_object_cmd(a, &c); break;
	case 9: rc = eval_answer_cmd(a, &c); break;
	case 10: rc = eval_bulk_cmd(a, &c, 1); break;
	case 11: rc = eval_reopen_cmd(a, &c); break;
	case 12: rc = eval_history_cmd(a, &c); break;
	case 13: rc = eval_autoscore_cmd(a, &c); break;
	case 14: rc = eval_template_cmd(a, &c); break;
	case 15: rc = eval_discipline_cmd(a, &c); break;
	default: rc = eval_flag_cmd(a, &c); break;
	}
	app_ctx_close(&c);
	return rc;
}

/* ---- task ---------------------------------------------------------------------- */

static int64_t task_id_arg(cli_args_t *a)
{
	if (a->npos < 2)
		return 0;
	char *end;
	long long v = strtoll(a->pos[1], &end, 10);
	return *end || v <= 0 ? 0 : (int64_t)v;
}

static int task_catalog_cmd(cli_args_t *a, app_ctx_t *c)
{
	const char *sub = a->npos >= 2 ? a->pos[1] : "list";
	err_t e = {0};
	if (strcmp(sub, "add") == 0) {
		int32_t coef = 100;
		const char *cv = cli_opt(a, "coef");
		if (cv && task_parse_coef(cv, &coef))
			return cli_usage(a, "Hệ số «%s» không hợp lệ (ví dụ 1,5)", cv);
		if (task_product_add(c, cli_opt(a, "unit"), cli_opt(a, "position"), cli_opt(a, "code"),
				     cli_opt(a, "name"), coef, &e))
			return cli_fail(a, &e);
		fprintf(a->out, "Đã thêm sản phẩm «%s» vào danh mục.\n", cli_opt(a, "code"));
		return 0;
	}
	if (strcmp(sub, "list") != 0)
		return cli_usage(a, "task catalog add|list");
	task_product_list_t l;
	if (task_product_list(c, cli_opt(a, "unit"), &l, &e))
		return cli_fail(a, &e);
	const char *head[] = {"Đơn vị", "Vị trí việc làm", "Mã", "Sản phẩm", "Hệ số"};
	cli_table_t t;
	cli_table_init(&t, 5, head);
	for (size_t i = 0; i < l.n; i++) {
		char k[24];
		framework_fmt_points(l.v[i].coef, k, sizeof k);
		const char *row[] = {l.v[i].unit_code ? l.v[i].unit_code : "(chung)", l.v[i].position,
				     l.v[i].code, l.v[i].name, k};
		cli_table_row(&t, row);
	}
	if (l.n)
		cli_table_print(&t, a->out);
	else
		fprintf(a->out, "Danh mục sản phẩm còn trống.\n");
	cli_table_free(&t);
	task_product_list_free(&l);
	return 0;
}

static int task_add_cmd(cli_args_t *a, app_ctx_t *c)
{
	int rc = need_pos(a, 2, "mã cán bộ được giao");
	period_month_t m;
	char deadline[11], date[11];
	if (rc || (rc = get_month(a, &m)) || (rc = cli_date(a, "deadline", deadline)) ||
	    (rc = cli_date(a, "date", date)))
		return rc;
	if (!deadline[0])
		return cli_usage(a, "Thiếu --deadline dd/mm/yyyy");
	int32_t coef = 0;
	const char *cv = cli_opt(a, "coef");
	if (cv && task_parse_coef(cv, &coef))
		return cli_usage(a, "Hệ số «%s» không hợp lệ (ví dụ 1,5)", cv);
	task_rec_t t = {a->pos[1], &m, cli_opt(a, "title"), cli_opt(a, "product"), coef,
			date[0] ? date : NULL, deadline};
	err_t e = {0};
	int64_t id = task_add(c, &t, cli_opt(a, "as"), &e);
	if (!id)
		return cli_fail(a, &e);
	fprintf(a->out, "Đã giao nhiệm vụ số %lld cho %s.\n", (long long)id, a->pos[1]);
	return 0;
}

static int task_step_cmd(cli_args_t *a, app_ctx_t *c, const char *sub)
{
	int64_t id = task_id_arg(a);
	if (!id)
		return cli_usage(a, "Thiếu số nhiệm vụ (task %s SỐ …)", sub);
	err_t e = {0};
	int rc;
	if (strcmp(sub, "done") == 0) {
		char date[11];
		if ((rc = cli_date(a, "date", date)))
			return rc;
		rc = task_done(c, id, date[0] ? date : NULL, cli_opt(a, "as"), &e);
	} else if (strcmp(sub, "review") == 0) {
		int pass = cli_flag(a, "pass"), fail = cli_flag(a, "fail");
		if (pass == fail)
			return cli_usage(a, "Cần đúng một trong --pass (đạt) hoặc --fail (không đạt)");
		rc = task_review(c, id, pass, cli_opt(a, "as"), &e);
	} else {
		rc = task_waive(c, id, cli_opt(a, "what"), cli_opt(a, "reason"), cli_opt(a, "by"),
				cli_opt(a, "as"), &e);
	}
	if (rc)
		return cli_fail(a, &e);
	fprintf(a->out, "Đã cập nhật nhiệm vụ số %lld.\n", (long long)id);
	return 0;
}

static int task_list_cmd(cli_args_t *a, app_ctx_t *c)
{
	int rc = need_pos(a, 2, "mã cán bộ");
	period_month_t m;
	if (rc || (rc = get_month(a, &m)))
		return rc;
	task_list_t l;
	err_t e = {0};
	if (task_list(c, a->pos[1], &m, &l, &e))
		return cli_fail(a, &e);
	char mt[8];
	fprintf(a->out, "Nhiệm vụ tháng %s của %s: %zu\n\n", month_label(m.year, m.month, mt),
		a->pos[1], l.n);
	const char *head[] = {"Số", "Nhiệm vụ", "Sản phẩm", "Hệ số", "Người giao", "Hạn",
			      "Hoàn thành", "Chất lượng", "Chậm", "Miễn trừ"};
	cli_table_t t;
	cli_table_init(&t, 10, head);
	for (size_t i = 0; i < l.n; i++) {
		task_row_t *x = &l.v[i];
		char id[24], k[24], dl[11], done[11], q[48], d[24], w[256];
		snprintf(id, sizeof id, "%lld", (long long)x->id);
		framework_fmt_points(x->coef, k, sizeof k);
		cli_vn_date(x->deadline, dl);
		cli_vn_date(x->completed_at, done);
		snprintf(q, sizeof q, "%s%s", x->passed == 1 ? "đạt" : x->passed == 0 ? "không đạt" : "",
			 "");
		if (x->reviews_failed) {
			size_t n = strlen(q);
			snprintf(q + n, sizeof q - n, " (%d lần không đạt)", x->reviews_failed);
		}
		snprintf(d, sizeof d, "%d", x->delays);
		snprintf(w, sizeof w, "%s%s%s", x->waiver_reason ? x->waiver_reason : "",
			 x->waived_by ? " — " : "", x->waived_by ? x->waived_by : "");
		const char *row[] = {id, x->title, x->product, k, x->assigned_by, dl, done, q,
				     x->delays ? d : "", w};
		cli_table_row(&t, row);
	}
	if (l.n)
		cli_table_print(&t, a->out);
	cli_table_free(&t);
	if (l.has_result) {
		char p[24];
		fprintf(a->out,
			"\nKết quả (%s): số lượng %d%%, chất lượng %d%%, tiến độ %d%% → %s/%s điểm\n",
			l.criterion, (l.result.quantity_bp + 50) / 100, (l.result.quality_bp + 50) / 100,
			(l.result.progress_bp + 50) / 100, framework_fmt_points(l.result.points, p, 24),
			framework_fmt_points(l.max, mt, 8));
	}
	task_list_free(&l);
	return 0;
}

int cmd_task(cli_args_t *a)
{
	if (a->npos < 1)
		return cli_usage(a, "Thiếu lệnh con (xem: canbo help task)");
	const char *sub = a->pos[0];
	int kind = strcmp(sub, "add") == 0       ? 0
		   : strcmp(sub, "list") == 0    ? 1
		   : strcmp(sub, "catalog") == 0 ? 2
		   : strcmp(sub, "done") == 0 || strcmp(sub, "review") == 0 ||
			   strcmp(sub, "waive") == 0
		       ? 3
		       : -1;
	if (kind < 0)
		return cli_usage(a, "Lệnh con «%s» không có (xem: canbo help task)", sub);
	app_ctx_t c;
	int rc = cli_open(a, &c, 0);
	if (rc)
		return rc;
	rc = kind == 0 ? task_add_cmd(a, &c)
	     : kind == 1 ? task_list_cmd(a, &c)
	     : kind == 2 ? task_catalog_cmd(a, &c)
			 : task_step_cmd(a, &c, sub);
	app_ctx_close(&c);
	return rc;
}

/* ---- annual -------------------------------------------------------------------- */

static int get_year(cli_args_t *a, int *year)
{
	const char *v = cli_opt(a, "year");
	char *end;
	long y = v ? strtol(v, &end, 10) : 0;
	if (!v || *end || y < 2000 || y > 2200)
		return cli_usage(a, "Thiếu hoặc sai --year YYYY");
	*year = (int)y;
	return 0;
}

static int annual_run_cmd(cli_args_t *a, app_ctx_t *c)
{
	int rc = need_pos(a, 2, "mã đơn vị"), year = 0;
	if (rc || (rc = get_year(a, &year)))
		return rc;
	size_t ng = 0;
	char **grant = split_list(cli_opt(a, "grant"), &ng);
	year_run_result_t r;
	err_t e = {0};
	rc = year_run(c, a->pos[1], year, (const char *const *)grant, ng, cli_opt(a, "reason"), &r,
		      &e);
	free_list(grant, ng);
	if (rc)
		return cli_fail(a, &e);
	fprintf(a->out, "Đã xếp loại năm %d cho %ld người (%s và các đơn vị trực thuộc):\n", year,
		r.people, a->pos[1]);
	static const char *const codes[] = {"HTXS", "HTT", "HT", "KHT", "CXL"};
	for (int g = 0; g < 5; g++)
		fprintf(a->out, "  %-5s %-34s %ld\n", codes[g], year_grade_label(codes[g]), r.by_grade[g]);
	if (r.ties)
		fprintf(a->out, "Đồng điểm ở ranh giới tỷ lệ HTXS: %ld người (thủ trưởng chọn bằng "
				"--grant MÃ,… --reason \"…\")\n",
			r.ties);
	if (r.flags || r.suppressed)
		fprintf(a->out, "Cảnh báo hệ quả: %ld (chưa xem xét do được bảo vệ: %ld)\n", r.flags,
			r.suppressed);
	return 0;
}

static int annual_show_cmd(cli_args_t *a, app_ctx_t *c)
{
	int rc = need_pos(a, 2, "mã đơn vị"), year = 0;
	if (rc || (rc = get_year(a, &year)))
		return rc;
	year_list_t l;
	err_t e = {0};
	if (year_show(c, a->pos[1], year, &l, &e))
		return cli_fail(a, &e);
	static const char *cols[] = {"Mã",          "Họ và tên",    "Đơn vị",     "Số tháng",
				     "Tháng vắng",  "Ngày vắng",    "Tháng thai sản", "Điểm bình quân",
				     "Theo điểm",   "Xếp loại",     "Mức xếp loại", "Lý do",
				     "Hệ quả"};
	const char *csv = cli_opt(a, "csv");
	if (csv) {
		buf_t b;
		buf_init(&b, (size_t)1 << 30);
		if (cli_flag(a, "bom"))
			buf_puts(&b, "\xEF\xBB\xBF");
		csv_row(&b, cols, 13);
		for (size_t i = 0; i < l.n; i++) {
			year_row_t *x = &l.v[i];
			char m1[8], m2[8], m3[16], m4[8], t[24];
			snprintf(m1, sizeof m1, "%d", x->months);
			snprintf(m2, sizeof m2, "%d", x->months_absent);
			snprintf(m3, sizeof m3, "%d", x->days_absent);
			snprintf(m4, sizeof m4, "%d", x->maternity_months);
			const char *f[] = {x->code,    x->name,  x->unit_code, m1, m2, m3, m4,
					   pts(x->has_total, x->total, t), x->by_score, x->grade,
					   year_grade_label(x->grade), x->reason, x->consequences};
			csv_row(&b, f, 13);
		}
		rc = write_file(a, csv, &b);
		buf_free(&b);
		if (!rc)
			fprintf(a->out, "Đã ghi %zu dòng (năm %d, %s) vào «%s».\n", l.n, year, a->pos[1], csv);
		year_list_free(&l);
		return rc;
	}
	fprintf(a->out, "Xếp loại năm %d — %s và các đơn vị trực thuộc (%zu người)\n\n", year,
		a->pos[1], l.n);
	const char *head[] = {"Mã", "Họ và tên", "Đơn vị", "Tháng", "Bình quân", "Xếp loại", "Lý do",
			      "Hệ quả"};
	cli_table_t t;
	cli_table_init(&t, 8, head);
	for (size_t i = 0; i < l.n; i++) {
		year_row_t *x = &l.v[i];
		char m1[8], tt[24];
		snprintf(m1, sizeof m1, "%d", x->months);
		const char *row[] = {x->code, x->name, x->unit_code, m1, pts(x->has_total, x->total, tt),
				     x->grade, x->reason, x->consequences};
		cli_table_row(&t, row);
	}
	cli_table_print(&t, a->out);
	cli_table_free(&t);
	year_list_free(&l);
	return 0;
}

int cmd_annual(cli_args_t *a)
{
	if (a->npos < 1)
		return cli_usage(a, "Thiếu lệnh con: run hoặc show");
	int run = strcmp(a->pos[0], "run") == 0;
	if (!run && strcmp(a->pos[0], "show") != 0)
		return cli_usage(a, "Lệnh con «%s» không có; dùng run hoặc show", a->pos[0]);
	app_ctx_t c;
	int rc = cli_open(a, &c, 0);
	if (rc)
		return rc;
	rc = run ? annual_run_cmd(a, &c) : annual_show_cmd(a, &c);
	app_ctx_close(&c);
	return rc;
}
