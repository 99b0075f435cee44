/*
 * cmd_export: `canbo export people …` — printable lists as XLSX or CSV.
 */
#include <string.h>

#include "app/export.h"
#include "app/vocab.h"
#include "cli/cli.h"
#include "cli/cmds.h"

/* The format from --format, else from the file name's extension. */
static int pick_format(cli_args_t *a, const char *out, export_format *fmt)
{
	const char *f = cli_opt(a, "format");
	if (!f) {
		size_t n = strlen(out);
		f = (n > 4 && strcmp(out + n - 4, ".csv") == 0) ? "csv" : "xlsx";
	}
	if (strcmp(f, "xlsx") == 0)
		*fmt = EXPORT_XLSX;
	else if (strcmp(f, "csv") == 0)
		*fmt = EXPORT_CSV;
	else
		return cli_usage(a, "Định dạng «%s» không hợp lệ: dùng xlsx hoặc csv", f);
	return 0;
}

/* export month UNIT --month MM/YYYY --out F */
static int export_month_cmd(cli_args_t *a, const char *out, export_format fmt)
{
	if (a->npos != 2)
		return cli_usage(a, "Cần: canbo export month MÃ_ĐƠN_VỊ --month MM/YYYY --out TỆP");
	const char *mv = cli_opt(a, "month");
	period_month_t m;
	err_t e = {0};
	if (!mv)
		return cli_usage(a, "Cần --month MM/YYYY");
	if (period_month_parse(mv, &m, &e))
		return cli_usage(a, "%s", e.msg);
	app_ctx_t c;
	int rc = cli_open(a, &c, 0);
	if (rc)
		return rc;
	long rows = 0;
	int r = export_month(&c, a->pos[1], &m, fmt, cli_flag(a, "bom"), out, &rows, &e);
	app_ctx_close(&c);
	if (r)
		return cli_fail(a, &e);
	char n[32];
	cli_num(rows, n);
	fprintf(a->out, "Đã xuất kết quả tháng %s của %s người vào «%s».\n", mv, n, out);
	return 0;
}

int cmd_export(cli_args_t *a)
{
	if (a->npos < 1 || (strcmp(a->pos[0], "people") != 0 && strcmp(a->pos[0], "month") != 0))
		return cli_usage(a, "Cần: canbo export people|month … --out TỆP.xlsx|TỆP.csv");
	const char *out = cli_opt(a, "out");
	if (!out)
		return cli_usage(a, "Cần --out TỆP (đuôi .xlsx hoặc .csv)");
	export_format fmt = EXPORT_XLSX;
	int rc = pick_format(a, out, &fmt);
	if (rc)
		return rc;
	if (strcmp(a->pos[0], "month") == 0)
		return export_month_cmd(a, out, fmt);
	if (a->npos != 1)
		return cli_usage(a, "Cần: canbo export people --out TỆP.xlsx|TỆP.csv");
	people_query_t q = {0};
	q.unit_code = cli_opt(a, "unit");
	q.subtree = cli_flag(a, "subtree");
	q.text = cli_opt(a, "q");
	if (cli_opt(a, "category") &&
	    !(q.category = vocab_parse(VOCAB_CATEGORY, cli_opt(a, "category"))))
		return cli_usage(a, "Phân loại «%s» không hợp lệ (CB, CC, VC, LĐHĐ)",
				 cli_opt(a, "category"));
	app_ctx_t c;
	if ((rc = cli_open(a, &c, 0)))
		return rc;
	err_t e = {0};
	long rows = 0;
	int r = export_people(&c, &q, fmt, cli_flag(a, "bom"), out, &rows, &e);
	app_ctx_close(&c);
	if (r)
		return cli_fail(a, &e);
	char n[32];
	cli_num(rows, n);
	fprintf(a->out, "Đã xuất %s người vào «%s».\n", n, out);
	return 0;
}
