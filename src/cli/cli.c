/*
 * cli: argument parsing, dispatch through the command table, help, and
 * the small printing helpers every command shares. See cli.h.
 */
#include "cli/cli.h"

#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/text.h"
#include "lib/xalloc.h"

static const cli_command_t *find_command(const char *name)
{
	for (const cli_command_t *c = cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void print_overview(FILE *out)
{
	fprintf(out, "canbo %s — đánh giá, xếp loại và phát triển cán bộ, công chức, viên chức\n\n",
		CANBO_VERSION);
	fprintf(out, "Cách dùng: canbo LỆNH [TÙY CHỌN]...\n\nCác lệnh:\n");
	for (const cli_command_t *c = cli_commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, c->summary);
	fprintf(out, "\nXem chi tiết một lệnh: canbo help LỆNH (hoặc canbo LỆNH --help)\n"
		     "Cơ sở dữ liệu: --db ĐƯỜNG_DẪN, hoặc biến môi trường CANBO_DB, mặc định "
		     "canbo.db\n"
		     "Mã thoát: 0 thành công, 1 lỗi (dữ liệu sai, không tìm thấy, xung đột), 2 sai "
		     "cách dùng\n");
}

static void print_help(const cli_command_t *c, FILE *out)
{
	fprintf(out, "Cách dùng: canbo %s\n\n%s\n", c->usage, c->summary);
	if (c->help && *c->help)
		fprintf(out, "\n%s\n", c->help);
	if (c->more_help)
		c->more_help(out);
}

/* Checks that every option given is one the command accepts, and that
 * value options have values. */
static int check_options(cli_args_t *a, const cli_command_t *c)
{
	for (int i = 0; i < a->nopt; i++) {
		const char *name = a->opt_name[i];
		size_t n = strlen(name);
		int ok = 0, wants_value = 0;
		if (strcmp(name, "help") == 0)
			continue;
		for (const char *p = c->options; *p;) {
			while (*p == ' ')
				p++;
			const char *end = p;
			while (*end && *end != ' ')
				end++;
			size_t len = (size_t)(end - p);
			int val = len && p[len - 1] == '=';
			if ((val ? len - 1 : len) == n && strncmp(p, name, n) == 0) {
				ok = 1;
				wants_value = val;
			}
			p = end;
		}
		if (!ok)
			return cli_usage(a, "Lệnh «%s» không có tùy chọn --%s", c->name, name);
		if (wants_value && !a->opt_val[i])
			return cli_usage(a, "Tùy chọn --%s cần một giá trị", name);
		if (!wants_value && a->opt_val[i])
			return cli_usage(a, "Tùy chọn --%s không nhận giá trị", name);
	}
	return 0;
}

/* 1 when option name of command c takes a value. */
static int takes_value(const cli_command_t *c, const char *name, size_t n)
{
	for (const char *p = c->options; *p;) {
		while (*p == ' ')
			p++;
		const char *end = p;
		while (*end && *end != ' ')
			end++;
		size_t len = (size_t)(end - p);
		if (len && p[len - 1] == '=' && len - 1 == n && strncmp(p, name, n) == 0)
			return 1;
		p = end;
	}
	return 0;
}

int cli_main(int argc, char **argv)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	cli_args_t a = {0};
	a.prog = argc > 0 && argv[0] ? argv[0] : "canbo";
	a.out = stdout;
	a.err = stderr;
	if (argc < 2) {
		print_overview(stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		print_overview(stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("canbo %s\n", CANBO_VERSION);
		return 0;
	}
	const cli_command_t *c = find_command(cmd);
	if (!c) {
		fprintf(stderr, "canbo: không có lệnh «%s». Xem: canbo --help\n", cmd);
		return 2;
	}
	a.cmd = c->name;
	/* Every argument must be valid UTF-8 and is used in NFC: names and codes
	 * typed on a terminal may arrive decomposed. */
	char **nfc = xcalloc((size_t)argc, sizeof *nfc);
	for (int i = 2; i < argc; i++) {
		err_t e;
		if (!(nfc[i] = text_nfc(argv[i], strlen(argv[i]), &e))) {
			for (int k = 2; k < i; k++)
				free(nfc[k]);
			free(nfc);
			return cli_usage(&a, "Tham số thứ %d không phải UTF-8 hợp lệ", i - 1);
		}
		argv[i] = nfc[i];
	}
	int rc = -1;
	for (int i = 2; i < argc && rc < 0; i++) {
		const char *s = argv[i];
		if (strcmp(s, "--") == 0) {
			for (i++; i < argc && a.npos < CLI_MAX_ARGS; i++)
				a.pos[a.npos++] = argv[i];
			break;
		}
		if (strncmp(s, "--", 2) == 0 && s[2]) {
			if (a.nopt >= CLI_MAX_ARGS) {
				rc = cli_usage(&a, "Quá nhiều tùy chọn");
				break;
			}
			const char *name = s + 2, *eq = strchr(name, '=');
			if (eq) {
				a.opt_name[a.nopt] = xstrndup(name, (size_t)(eq - name));
				a.opt_val[a.nopt] = eq + 1;
			} else {
				a.opt_name[a.nopt] = xstrdup(name);
				if (takes_value(c, name, strlen(name)) && i + 1 < argc)
					a.opt_val[a.nopt] = argv[++i];
			}
			a.nopt++;
			continue;
		}
		if (a.npos >= CLI_MAX_ARGS) {
			rc = cli_usage(&a, "Quá nhiều tham số");
			break;
		}
		a.pos[a.npos++] = s;
	}
	if (rc >= 0)
		; /* a usage error above */
	else if (cli_flag(&a, "help"))
		print_help(c, stdout), rc = 0;
	else if ((rc = check_options(&a, c)) == 0)
		rc = c->run(&a);
	for (int i = 0; i < a.nopt; i++)
		free((char *)a.opt_name[i]);
	for (int i = 2; i < argc; i++)
		free(nfc[i]);
	free(nfc);
	return rc;
}

const char *cli_opt(const cli_args_t *a, const char *name)
{
	for (int i = 0; i < a->nopt; i++)
		if (strcmp(a->opt_name[i], name) == 0)
			return a->opt_val[i];
	return NULL;
}

int cli_flag(const cli_args_t *a, const char *name)
{
	for (int i = 0; i < a->nopt; i++)
		if (strcmp(a->opt_name[i], name) == 0)
			return 1;
	return 0;
}

const char *cli_db(const cli_args_t *a)
{
	const char *db = cli_opt(a, "db");
	if (!db)
		db = getenv("CANBO_DB");
	return db && *db ? db : "canbo.db";
}

int cli_date(cli_args_t *a, const char *name, char iso[11])
{
	iso[0] = '\0';
	const char *v = cli_opt(a, name);
	if (!v)
		return 0;
	int d;
	if (date_parse(v, &d))
		return cli_usage(a, "Ngày «%s» (--%s) không hợp lệ; dùng dạng dd/mm/yyyy", v, name);
	date_iso(d, iso);
	return 0;
}

int cli_open(cli_args_t *a, app_ctx_t *c, int create)
{
	err_t e = {0};
	if (app_ctx_open(c, cli_db(a), create, &e))
		return cli_fail(a, &e);
	return 0;
}

int cli_fail(cli_args_t *a, const err_t *e)
{
	fprintf(a->err, "canbo %s: lỗi: %s\n", a->cmd ? a->cmd : "",
		e->msg[0] ? e->msg : err_default_msg(e->code));
	int rc = err_exit_code(e->code);
	return rc ? rc : 1;
}

int cli_usage(cli_args_t *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(a->err, "canbo %s: ", a->cmd ? a->cmd : "");
	vfprintf(a->err, fmt, ap);
	va_end(ap);
	if (a->cmd)
		fprintf(a->err, "\nXem: canbo help %s\n", a->cmd);
	else
		fputc('\n', a->err);
	return 2;
}

void cli_vn_date(const char *iso, char out[11])
{
	int d;
	if (iso && *iso && date_parse(iso, &d) == 0)
		date_vn(d, out);
	else
		snprintf(out, 11, "%s", iso ? iso : "");
}

void cli_vn_end(const char *iso, char out[11])
{
	int d;
	if (iso && *iso && date_parse(iso, &d) == 0)
		date_vn(d - 1, out);
	else
		snprintf(out, 11, "%s", iso ? iso : "");
}

void cli_pad(FILE *out, const char *s, size_t width)
{
	fputs(s, out);
	for (size_t w = text_utf8_len(s); w < width; w++)
		fputc(' ', out);
}

void cli_num(long long n, char out[32])
{
	char tmp[32];
	int len = snprintf(tmp, sizeof tmp, "%lld", n < 0 ? -n : n);
	int o = 0;
	if (n < 0)
		out[o++] = '-';
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[o++] = '.';
		out[o++] = tmp[i];
	}
	out[o] = '\0';
}

void cli_table_init(cli_table_t *t, size_t ncols, const char **head)
{
	memset(t, 0, sizeof *t);
	t->ncols = ncols;
	t->head = head;
}

void cli_table_row(cli_table_t *t, const char **vals)
{
	xgrow((void **)&t->cells, &t->cap, (t->nrows + 1) * t->ncols, sizeof *t->cells);
	for (size_t i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = xstrdup(vals[i] ? vals[i] : "");
	t->nrows++;
}

static void pad(FILE *out, const char *s, size_t width, int last)
{
	fputs(s, out);
	if (last)
		return;
	for (size_t w = text_utf8_len(s); w < width; w++)
		fputc(' ', out);
	fputs("  ", out);
}

void cli_table_print(const cli_table_t *t, FILE *out)
{
	size_t *w = xcalloc(t->ncols, sizeof *w);
	for (size_t c = 0; c < t->ncols; c++) {
		w[c] = text_utf8_len(t->head[c]);
		for (size_t r = 0; r < t->nrows; r++) {
			size_t l = text_utf8_len(t->cells[r * t->ncols + c]);
			if (l > w[c])
				w[c] = l;
		}
	}
	for (size_t c = 0; c < t->ncols; c++)
		pad(out, t->head[c], w[c], c + 1 == t->ncols);
	fputc('\n', out);
	for (size_t c = 0; c < t->ncols; c++) {
		for (size_t i = 0; i < w[c]; i++)
			fputc('-', out);
		if (c + 1 < t->ncols)
			fputs("  ", out);
	}
	fputc('\n', out);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++)
			pad(out, t->cells[r * t->ncols + c], w[c], c + 1 == t->ncols);
		fputc('\n', out);
	}
	free(w);
}

void cli_table_free(cli_table_t *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof *t);
}
