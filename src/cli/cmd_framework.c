/*
 * cmd_framework: `canbo framework …` (criteria frameworks: list, show,
 * export, import, derive, select) and `canbo setting …` (the figures each
 * locality sets: list, set, unset). Every framework command first makes
 * sure the built-in frameworks are stored with the current settings
 * (fw_ensure_builtins), so a fresh database lists them.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "app/fw.h"
#include "app/org.h"
#include "app/settings.h"
#include "cli/cli.h"
#include "cli/cmds.h"
#include "lib/buf.h"
#include "lib/date.h"
#include "lib/text.h"

/* ---- shared text ----------------------------------------------------------- */

/* "CB, CC, VC, LĐHĐ" for the stored comma list. */
static void cats_label(const char *cats, buf_t *b)
{
	const char *p = cats ? cats : "";
	int first = 1;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (!first)
			buf_puts(b, ", ");
		if (n == 4 && strncmp(p, "LDHD", 4) == 0)
			buf_puts(b, "LĐHĐ");
		else
			buf_add(b, p, n);
		first = 0;
		p = end ? end + 1 : p + n;
	}
}

static const char *roles_label(unsigned roles)
{
	if ((roles & FRAMEWORK_ROLE_BOTH) == FRAMEWORK_ROLE_BOTH)
		return "lãnh đạo, quản lý và người không giữ chức vụ";
	return roles & FRAMEWORK_ROLE_LEADER ? "chỉ lãnh đạo, quản lý"
	                                     : "chỉ người không giữ chức vụ";
}

static const char *roles_short(const char *roles)
{
	if (!roles || strcmp(roles, "leader,staff") == 0)
		return "mọi người";
	return strcmp(roles, "leader") == 0 ? "lãnh đạo" : "không giữ chức vụ";
}

/* s cut to at most max characters (code points), with "…" when cut. */
static void shorten(const char *s, size_t max, buf_t *b)
{
	size_t chars = 0;
	const char *p = s;
	while (*p && chars < max) {
		p++;
		while ((*p & 0xC0) == 0x80)
			p++;
		chars++;
	}
	buf_add(b, s, (size_t)(p - s));
	if (*p)
		buf_puts(b, "…");
}

/* "từ 01/07/2018" or "từ 01/03/2026 đến hết 31/12/2030" (ISO, exclusive end). */
static void period_label(const char *from, const char *to_excl, buf_t *b)
{
	char f[11], t[11];
	cli_vn_date(from, f);
	buf_printf(b, "từ %s", f);
	if (to_excl) {
		cli_vn_end(to_excl, t);
		buf_printf(b, " đến hết %s", t);
	}
}

static int parse_version(cli_args_t *a, int *version)
{
	*version = 0;
	const char *v = cli_opt(a, "version");
	if (!v)
		return 0;
	char *end;
	long n = strtol(v, &end, 10);
	if (*end || end == v || n < 1 || n > 1000000)
		return cli_usage(a, "Phiên bản «%s» không hợp lệ (--version là số từ 1)", v);
	*version = (int)n;
	return 0;
}

/* ---- framework list ---------------------------------------------------------- */

static int fw_cmd_list(cli_args_t *a, app_ctx_t *c)
{
	fw_list_t l;
	err_t e = {0};
	if (fw_list(c, cli_flag(a, "all"), &l, &e))
		return cli_fail(a, &e);
	const char *head[] = {"Mã", "PB", "Tên", "Hiệu lực", "Áp dụng cho", "Nguồn"};
	cli_table_t t;
	cli_table_init(&t, 6, head);
	for (size_t i = 0; i < l.n; i++) {
		fw_row_t *r = &l.v[i];
		buf_t name, per, app, src;
		buf_init(&name, 4096);
		buf_init(&per, 256);
		buf_init(&app, 256);
		buf_init(&src, 512);
		shorten(r->name, 60, &name);
		period_label(r->effective_from, r->effective_to, &per);
		cats_label(r->categories, &app);
		buf_printf(&app, " (%s)", roles_short(r->roles));
		if (r->builtin)
			buf_puts(&src, "có sẵn");
		else if (!r->unit_id)
			buf_puts(&src, "chung (nhập từ tệp)");
		else
			buf_printf(&src, "riêng của %s", r->unit_code ? r->unit_code : "?");
		if (r->parent_code)
			buf_printf(&src, ", từ %s pb %d", r->parent_code, r->parent_version);
		char ver[16];
		snprintf(ver, sizeof ver, "%d", r->version);
		const char *row[] = {r->code,        ver,           buf_cstr(&name), buf_cstr(&per),
		                     buf_cstr(&app), buf_cstr(&src)};
		cli_table_row(&t, row);
		buf_free(&name);
		buf_free(&per);
		buf_free(&app);
		buf_free(&src);
	}
	fprintf(a->out, "Các khung tiêu chí đánh giá%s (%zu)\n\n",
	        cli_flag(a, "all") ? ", mọi phiên bản" : " (phiên bản mới nhất)", l.n);
	cli_table_print(&t, a->out);
	fprintf(a->out, "\nXem chi tiết: canbo framework show MÃ [--version N]\n");
	cli_table_free(&t);
	fw_list_free(&l);
	return 0;
}

/* ---- framework show ---------------------------------------------------------- */

static const char *pts(int32_t cp, char out[16])
{
	return framework_fmt_points(cp, out, 16);
}

static void show_groups(cli_args_t *a, const framework_t *fw)
{
	FILE *o = a->out;
	char p1[16], p2[16], p3[16];
	fprintf(o, "\nTiêu chí (%s điểm):\n", pts(fw->scale_max, p1));
	for (size_t g = 0; g < fw->ngroups; g++) {
		const framework_group_t *gr = &fw->groups[g];
		fprintf(o, "  %s. %s — %s%s điểm\n", gr->code, gr->name,
		        gr->kind == FRAMEWORK_GROUP_BONUS ? "điểm thưởng tối đa " : "",
		        pts(gr->max, p1));
		for (size_t c = 0; c < gr->ncriteria; c++) {
			const framework_criterion_t *cr = &gr->criteria[c];
			const char *how = cr->kind == FRAMEWORK_KIND_DEDUCTION ? "trừ tối đa"
			                  : cr->kind == FRAMEWORK_KIND_BONUS ? "thưởng tối đa"
			                                                     : "tối đa";
			fprintf(o, "     %s %s: %s — %s %s điểm [%s]\n",
			        c + 1 == gr->ncriteria ? "└" : "├", cr->code, cr->name, how,
			        pts(cr->max, p2), framework_kind_label(cr->kind));
		}
	}
	int32_t base = framework_base_max(fw), bonus = framework_bonus_max(fw);
	if (bonus)
		fprintf(
		    o,
		    "  Cộng: %s điểm các nhóm tiêu chí + %s điểm thưởng; tổng %s vượt %s điểm.\n",
		    pts(base, p1), pts(bonus, p2), fw->allow_over_max ? "được" : "không",
		    pts(fw->scale_max, p3));
	else
		fprintf(o, "  Cộng: %s điểm.\n", pts(base, p1));
	if (fw->round_step <= 1)
		fprintf(o, "  Làm tròn: không làm tròn (điểm tính đến 0,01).\n");
	else
		fprintf(
		    o,
		    "  Làm tròn: tổng điểm làm tròn đến %s điểm (từ nửa trở lên làm tròn lên).\n",
		    pts(fw->round_step, p1));
}

static void show_bands(cli_args_t *a, const framework_t *fw)
{
	FILE *o = a->out;
	char p1[16], p2[16];
	fprintf(o, "\nXếp loại:\n");
	const char *head[] = {"Mức", "Tên", "Điểm"};
	cli_table_t t;
	cli_table_init(&t, 3, head);
	for (size_t i = 0; i < fw->nbands; i++) {
		const framework_band_t *b = &fw->bands[i];
		buf_t r;
		buf_init(&r, 256);
		if (i == 0)
			buf_printf(&r, "từ %s điểm", pts(b->min, p1));
		else if (b->min == 0)
			buf_printf(&r, "dưới %s điểm", pts(fw->bands[i - 1].min, p1));
		else
			buf_printf(&r, "từ %s đến dưới %s điểm", pts(b->min, p1),
			           pts(fw->bands[i - 1].min, p2));
		const char *row[] = {b->code, b->label, buf_cstr(&r)};
		cli_table_row(&t, row);
		buf_free(&r);
	}
	cli_table_print(&t, o);
	cli_table_free(&t);
	if (fw->ndisq) {
		fprintf(o, "\nXếp loại %s bất kể điểm số khi:\n", fw->bands[fw->nbands - 1].code);
		for (size_t i = 0; i < fw->ndisq; i++)
			fprintf(o, "  - %s: %s%s\n", fw->disq[i].code, fw->disq[i].reason,
			        fw->disq[i].leaders_only ? " (chỉ áp dụng với lãnh đạo, quản lý)"
			                                 : "");
	}
}

static void show_quota(cli_args_t *a, const framework_t *fw)
{
	FILE *o = a->out;
	const framework_quota_t *q = &fw->quota;
	char r1[16], r2[16];
	const char *top = fw->bands[q->top_band].code, *next = fw->bands[q->next_band].code;
	fprintf(o, "\nTỷ lệ xếp loại cao nhất:\n  ");
	switch (q->kind) {
	case FRAMEWORK_QUOTA_SHARE_OF_RATED:
		fprintf(o,
		        "Số người xếp loại %s không quá %s%% số người được đánh giá của đơn vị "
		        "(làm tròn xuống)",
		        top, framework_fmt_permille(q->permille, r1, sizeof r1));
		break;
	case FRAMEWORK_QUOTA_SHARE_OF_NEXT_GRADE:
		fprintf(o,
		        "Số người xếp loại %s không quá %s%% số người xếp loại %s sau khi quyết "
		        "định (người đề nghị %s không được chấp nhận tính là %s; làm tròn xuống)",
		        top, framework_fmt_permille(q->permille, r1, sizeof r1), next, top, next);
		break;
	default:
		fprintf(o, "Không giới hạn.\n");
		return;
	}
	if (q->per_group)
		fprintf(o, ", tính trong toàn đơn vị và trong từng nhóm có nhiệm vụ tương đồng");
	fprintf(o, ".\n");
	if (q->permille_outstanding != q->permille)
		fprintf(o, "  Đơn vị được công nhận xuất sắc: %s%%.\n",
		        framework_fmt_permille(q->permille_outstanding, r2, sizeof r2));
	if (q->min_top)
		fprintf(o,
		        "  Dù tỷ lệ làm tròn xuống bằng 0, đơn vị vẫn được xếp %d người loại %s.\n",
		        (int)q->min_top, top);
}

static void show_params(cli_args_t *a, const framework_t *fw)
{
	int wp = 0;
	for (size_t g = 0; g < fw->ngroups; g++)
		for (size_t c = 0; c < fw->groups[g].ncriteria; c++)
			wp |= fw->groups[g].criteria[c].kind == FRAMEWORK_KIND_WORK_PRODUCTS;
	FILE *o = a->out;
	char r1[16], r2[16];
	if (wp) {
		const framework_workprod_t *w = &fw->workprod;
		fprintf(
		    o,
		    "\nKết quả từ sản phẩm, công việc: số lượng : chất lượng : tiến độ = %d : %d : "
		    "%d; mỗi lần sản phẩm không đạt yêu cầu trừ %s%% điểm chất lượng của sản phẩm "
		    "đó, "
		    "mỗi lần chậm trừ %s%% điểm tiến độ (trừ khi cấp có thẩm quyền xác nhận nguyên "
		    "nhân khách quan).\n",
		    (int)w->w_quantity, (int)w->w_quality, (int)w->w_progress,
		    framework_fmt_permille(w->review_penalty_permille, r1, sizeof r1),
		    framework_fmt_permille(w->delay_penalty_permille, r2, sizeof r2));
	}
	if (wp && (fw->roles & FRAMEWORK_ROLE_LEADER)) {
		const framework_leader_t *l = &fw->leader;
		fprintf(
		    o,
		    "Lãnh đạo, quản lý: nhiệm vụ của bản thân : kết quả đơn vị : năng lực tổ chức "
		    "thực hiện = %d : %d : %d; phần kết quả đơn vị tính %s%% khi mọi người từ hoàn "
		    "thành nhiệm vụ trở lên, %s%% khi có người không hoàn thành.\n",
		    (int)l->w_own, (int)l->w_unit, (int)l->w_organising,
		    framework_fmt_permille(l->unit_all_ht_bp / 10, r1, sizeof r1),
		    framework_fmt_permille(l->unit_any_kht_bp / 10, r2, sizeof r2));
	}
}

static int fw_cmd_show(cli_args_t *a, app_ctx_t *c, const char *code)
{
	int version, rc = parse_version(a, &version);
	if (rc)
		return rc;
	err_t e = {0};
	int64_t id = fw_find(c, code, version, &e);
	if (!id)
		return cli_fail(a, &e);
	fw_row_t r;
	if (fw_get(c, id, &r, &e))
		return cli_fail(a, &e);
	framework_t *fw = fw_load(c, id, &e);
	if (!fw) {
		fw_row_free(&r);
		return cli_fail(a, &e);
	}
	FILE *o = a->out;
	buf_t b;
	buf_init(&b, 1024);
	fprintf(o, "Khung tiêu chí %s — phiên bản %d\n\n", fw->code, fw->version);
	fprintf(o, "Tên:          %s\n", fw->name);
	fprintf(o, "Căn cứ:       %s\n", fw->legal_basis);
	period_label(r.effective_from, r.effective_to, &b);
	fprintf(o, "Hiệu lực:     %s\n", buf_cstr(&b));
	buf_reset(&b);
	cats_label(r.categories, &b);
	fprintf(o, "Áp dụng cho:  %s; %s\n", buf_cstr(&b), roles_label(fw->roles));
	if (r.builtin)
		fprintf(o, "Nguồn:        có sẵn trong canbo (theo các thông số hiện hành: canbo "
		           "setting list)\n");
	else if (!r.unit_id)
		fprintf(o, "Nguồn:        khung chung, nhập từ tệp\n");
	else
		fprintf(o, "Nguồn:        khung riêng của đơn vị %s, xây dựng từ %s phiên bản %d\n",
		        r.unit_code ? r.unit_code : "?", r.parent_code ? r.parent_code : "?",
		        r.parent_version);
	char day[11], vn[11];
	snprintf(day, sizeof day, "%.10s", r.created_at ? r.created_at : "");
	cli_vn_date(day, vn);
	fprintf(o, "Lưu ngày:     %s, bởi %s\n", vn, r.created_by ? r.created_by : "");
	buf_free(&b);
	show_groups(a, fw);
	show_bands(a, fw);
	show_quota(a, fw);
	show_params(a, fw);
	framework_free(fw);
	fw_row_free(&r);
	return 0;
}

/* ---- framework export / import / derive / select ---------------------------- */

static int fw_cmd_export(cli_args_t *a, app_ctx_t *c, const char *code)
{
	int version, rc = parse_version(a, &version);
	if (rc)
		return rc;
	const char *out = cli_opt(a, "out");
	if (!out)
		return cli_usage(a, "Thiếu --out TỆP.json (hoặc --out - để in ra màn hình)");
	err_t e = {0};
	if (strcmp(out, "-") == 0) {
		int64_t id = fw_find(c, code, version, &e);
		char *t = id ? fw_json(c, id, &e) : NULL;
		if (!t)
			return cli_fail(a, &e);
		fputs(t, a->out);
		free(t);
		return 0;
	}
	if (fw_export(c, code, version, out, &e))
		return cli_fail(a, &e);
	fprintf(a->out, "Đã xuất khung «%s» ra tệp %s.\n", code, out);
	return 0;
}

static int fw_cmd_import(cli_args_t *a, app_ctx_t *c, const char *path)
{
	err_t e = {0};
	int created = 0;
	int64_t id = fw_import(c, path, &created, &e);
	if (!id)
		return cli_fail(a, &e);
	fw_row_t r;
	if (fw_get(c, id, &r, &e))
		return cli_fail(a, &e);
	if (created)
		fprintf(a->out, "Đã nhập khung «%s» phiên bản %d: %s.\n", r.code, r.version,
		        r.name);
	else
		fprintf(a->out,
		        "Khung «%s» giống hệt phiên bản %d đã lưu: không lưu thêm phiên bản mới.\n",
		        r.code, r.version);
	fw_row_free(&r);
	return 0;
}

static int fw_cmd_derive(cli_args_t *a, app_ctx_t *c, const char *code)
{
	int version, rc = parse_version(a, &version);
	if (rc)
		return rc;
	const char *unit = cli_opt(a, "unit");
	if (!unit)
		return cli_usage(a, "Thiếu --unit MÃ_ĐƠN_VỊ (đơn vị có khung riêng)");
	err_t e = {0};
	int created = 0;
	int64_t id = fw_derive_file(c, code, version, unit, cli_opt(a, "file"), &created, &e);
	if (!id)
		return cli_fail(a, &e);
	fw_row_t r;
	if (fw_get(c, id, &r, &e))
		return cli_fail(a, &e);
	if (created)
		fprintf(
		    a->out,
		    "Đã lưu khung riêng «%s» phiên bản %d của đơn vị %s (xây dựng từ %s phiên bản "
		    "%d): %s.\n",
		    r.code, r.version, unit, r.parent_code ? r.parent_code : code, r.parent_version,
		    r.name);
	else
		fprintf(a->out,
		        "Khung «%s» giống hệt phiên bản %d đã lưu: không lưu thêm phiên bản mới.\n",
		        r.code, r.version);
	fw_row_free(&r);
	return 0;
}

static int fw_cmd_select(cli_args_t *a, app_ctx_t *c)
{
	const char *cat = cli_opt(a, "category");
	if (!cat)
		return cli_usage(a, "Thiếu --category CB|CC|VC|LDHD");
	char date[11];
	int rc = cli_date(a, "date", date);
	if (rc)
		return rc;
	if (!date[0])
		app_today(date);
	err_t e = {0};
	int64_t unit = 0;
	const char *ucode = cli_opt(a, "unit");
	if (ucode && !(unit = org_unit_id(c, ucode, &e)))
		return cli_fail(a, &e);
	int leader = cli_flag(a, "leader");
	int64_t id = fw_select(c, unit, cat, leader, date, &e);
	if (!id)
		return cli_fail(a, &e);
	fw_row_t r;
	if (fw_get(c, id, &r, &e))
		return cli_fail(a, &e);
	char vn[11];
	cli_vn_date(date, vn);
	fprintf(a->out, "%s %s%s%s, ngày %s: khung %s phiên bản %d — %s\n", cat,
	        leader ? "giữ chức vụ lãnh đạo, quản lý" : "không giữ chức vụ lãnh đạo, quản lý",
	        ucode ? " tại đơn vị " : "", ucode ? ucode : "", vn, r.code, r.version, r.name);
	fw_row_free(&r);
	return 0;
}

int cmd_framework(cli_args_t *a)
{
	if (a->npos < 1)
		return cli_usage(a, "Thiếu lệnh con (list, show, export, import, derive, select)");
	const char *sub = a->pos[0];
	static const char *const need_arg[] = {"show", "export", "import", "derive", NULL};
	int known = strcmp(sub, "list") == 0 || strcmp(sub, "select") == 0;
	for (int i = 0; need_arg[i]; i++)
		if (strcmp(sub, need_arg[i]) == 0) {
			known = 1;
			if (a->npos < 2)
				return cli_usage(a, "Lệnh «framework %s» cần %s", sub,
				                 strcmp(sub, "import") == 0 ? "tên tệp JSON"
				                                            : "mã khung tiêu chí");
		}
	if (!known)
		return cli_usage(a, "Không có lệnh con «framework %s»", sub);
	if (a->npos > 2)
		return cli_usage(a, "Thừa tham số «%s»", a->pos[2]);
	app_ctx_t c;
	int rc = cli_open(a, &c, 0);
	if (rc)
		return rc;
	err_t e = {0};
	if (fw_ensure_builtins(&c, &e)) {
		rc = cli_fail(a, &e);
		goto out;
	}
	const char *arg = a->npos > 1 ? a->pos[1] : NULL;
	if (strcmp(sub, "list") == 0)
		rc = fw_cmd_list(a, &c);
	else if (strcmp(sub, "show") == 0)
		rc = fw_cmd_show(a, &c, arg);
	else if (strcmp(sub, "export") == 0)
		rc = fw_cmd_export(a, &c, arg);
	else if (strcmp(sub, "import") == 0)
		rc = fw_cmd_import(a, &c, arg);
	else if (strcmp(sub, "derive") == 0)
		rc = fw_cmd_derive(a, &c, arg);
	else
		rc = fw_cmd_select(a, &c);
out:
	app_ctx_close(&c);
	return rc;
}

/* ---- setting ----------------------------------------------------------------- */

/* The unit of --unit (0 when absent); -1 after printing the error. */
static int64_t unit_opt(cli_args_t *a, app_ctx_t *c, int *rc)
{
	const char *u = cli_opt(a, "unit");
	*rc = 0;
	if (!u)
		return 0;
	err_t e = {0};
	int64_t id = org_unit_id(c, u, &e);
	if (!id)
		*rc = cli_fail(a, &e);
	return id;
}

static int setting_list(cli_args_t *a, app_ctx_t *c, int64_t unit)
{
	settings_list_t l;
	err_t e = {0};
	if (settings_list(c, unit, &l, &e))
		return cli_fail(a, &e);
	const char *u = cli_opt(a, "unit");
	if (u)
		fprintf(a->out, "Thông số đang áp dụng cho đơn vị %s\n\n", u);
	else
		fprintf(a->out, "Thông số đang áp dụng (toàn hệ thống)\n\n");
	const char *head[] = {"Thông số", "Giá trị", "Nguồn", "Ý nghĩa"};
	cli_table_t t;
	cli_table_init(&t, 4, head);
	for (size_t i = 0; i < l.n; i++) {
		settings_row_t *r = &l.v[i];
		char val[64];
		snprintf(val, sizeof val, "%" PRId64 " %s", r->value, r->k->measure);
		buf_t src;
		buf_init(&src, 256);
		if (r->source == 0)
			buf_puts(&src, "mặc định");
		else if (r->source == 1)
			buf_puts(&src, "toàn hệ thống");
		else
			buf_printf(&src, "đơn vị %s", r->unit_code ? r->unit_code : "?");
		if (!r->k->per_unit && u)
			buf_puts(&src, " (chung)");
		const char *row[] = {r->k->key, val, buf_cstr(&src), r->k->desc};
		cli_table_row(&t, row);
		buf_free(&src);
	}
	cli_table_print(&t, a->out);
	cli_table_free(&t);
	fprintf(a->out, "\nĐổi: canbo setting set THÔNG_SỐ GIÁ_TRỊ [--unit MÃ]. Các thông số "
	                "hn3814.*, nd335.*, quota.* chỉ đặt chung cho toàn hệ thống; đổi chúng tạo "
	                "phiên bản mới của khung có sẵn.\n");
	settings_list_free(&l);
	return 0;
}

/* Latest versions of the built-in frameworks (0 when not stored). */
static void builtin_versions(app_ctx_t *c, int v[2])
{
	const char *codes[2] = {FW_CODE_3814, FW_CODE_335};
	for (int i = 0; i < 2; i++) {
		err_t e = {0};
		fw_row_t r;
		int64_t id = fw_find(c, codes[i], 0, &e);
		v[i] = 0;
		if (id && fw_get(c, id, &r, &e) == 0) {
			v[i] = r.version;
			fw_row_free(&r);
		}
	}
}

static int setting_change(cli_args_t *a, app_ctx_t *c, int64_t unit, int unset)
{
	int n = a->npos - 1;
	if (unset ? n != 1 : (n < 2 || n % 2))
		return cli_usage(a, unset ? "Cách dùng: setting unset THÔNG_SỐ [--unit MÃ]"
		                          : "Cách dùng: setting set THÔNG_SỐ GIÁ_TRỊ [THÔNG_SỐ "
		                            "GIÁ_TRỊ …] [--unit MÃ]");
	err_t e = {0};
	int before[2], after[2];
	if (fw_ensure_builtins(c, &e))
		return cli_fail(a, &e);
	builtin_versions(c, before);
	const char *keys[CLI_MAX_ARGS / 2], *vals[CLI_MAX_ARGS / 2];
	size_t k = 0;
	for (int i = 1; i + (unset ? 0 : 1) < a->npos; i += unset ? 1 : 2) {
		keys[k] = a->pos[i];
		vals[k++] = unset ? NULL : a->pos[i + 1];
	}
	int rc = unset ? settings_unset(c, unit, keys[0], &e)
	               : settings_set_many(c, unit, keys, vals, k, &e);
	if (rc)
		return cli_fail(a, &e);
	const char *u = cli_opt(a, "unit");
	for (size_t i = 0; i < k; i++) {
		if (unset)
			fprintf(a->out,
			        "Đã bỏ giá trị riêng của %s%s%s: nay áp dụng %" PRId64 ".\n",
			        keys[i], u ? " tại đơn vị " : " (toàn hệ thống)", u ? u : "",
			        settings_get(c, unit, keys[i]));
		else
			fprintf(a->out, "Đã đặt %s = %s%s%s.\n", keys[i], vals[i],
			        u ? " cho đơn vị " : " (toàn hệ thống)", u ? u : "");
	}
	builtin_versions(c, after);
	const char *codes[2] = {FW_CODE_3814, FW_CODE_335};
	for (int i = 0; i < 2; i++)
		if (after[i] != before[i])
			fprintf(a->out,
			        "Khung có sẵn %s có phiên bản mới %d; các đánh giá đã làm vẫn giữ "
			        "phiên "
			        "bản cũ.\n",
			        codes[i], after[i]);
	return 0;
}

int cmd_setting(cli_args_t *a)
{
	if (a->npos < 1)
		return cli_usage(a, "Thiếu lệnh con (list, set, unset)");
	const char *sub = a->pos[0];
	int list = strcmp(sub, "list") == 0, set = strcmp(sub, "set") == 0,
	    unset = strcmp(sub, "unset") == 0;
	if (!list && !set && !unset)
		return cli_usage(a, "Không có lệnh con «setting %s»", sub);
	if (list && a->npos > 1)
		return cli_usage(a, "Thừa tham số «%s»", a->pos[1]);
	app_ctx_t c;
	int rc = cli_open(a, &c, 0);
	if (rc)
		return rc;
	int64_t unit = unit_opt(a, &c, &rc);
	if (!rc)
		rc = list ? setting_list(a, &c, unit) : setting_change(a, &c, unit, unset);
	app_ctx_close(&c);
	return rc;
}
