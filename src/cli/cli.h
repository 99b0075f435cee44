/*
 * cli: the command-line door. One table (cli/commands.c) lists every
 * command with its handler, allowed options, usage and help; the helpers
 * here parse arguments and print tables. Handlers call app/ and turn its
 * results into text; they hold no rules of their own.
 *
 * Exit codes: 0 success, 1 error (bad data, not found, conflict, I/O), 2
 * bad usage (unknown command or option, missing argument).
 */
#ifndef CANBO_CLI_H
#define CANBO_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "app/ctx.h"
#include "lib/err.h"

#define CLI_MAX_ARGS 64

typedef struct cli_args {
	const char *cmd;               /* e.g. "unit" */
	const char *pos[CLI_MAX_ARGS]; /* positional arguments after the command */
	int npos;
	const char *opt_name[CLI_MAX_ARGS];
	const char *opt_val[CLI_MAX_ARGS]; /* NULL for a flag */
	int nopt;
	const char *prog; /* how canbo was invoked (argv[0]), for hints */
	FILE *out; /* stdout unless a test redirects it */
	FILE *err;
} cli_args_t;

typedef struct cli_command {
	const char *name;
	int (*run)(cli_args_t *a);
	const char *options; /* space-separated; "name=" takes a value */
	const char *usage;
	const char *summary; /* one line, Vietnamese */
	const char *help;    /* paragraphs, Vietnamese */
	void (*more_help)(FILE *out); /* generated help, or NULL */
} cli_command_t;

/* The table (commands.c), terminated by a {NULL} row. */
extern const cli_command_t cli_commands[];

/* Runs canbo with argv as given on the command line; returns the exit code. */
int cli_main(int argc, char **argv);

/* Option value or NULL. */
const char *cli_opt(const cli_args_t *a, const char *name);
/* 1 when a flag or option is present. */
int cli_flag(const cli_args_t *a, const char *name);
/* The database URL: --db, else $CANBO_DB, else "canbo.db". */
const char *cli_db(const cli_args_t *a);
/* Parses a date option (dd/mm/yyyy or ISO) into iso[11]; prints an error
 * and returns 2 when malformed, 0 otherwise (also when absent: iso = ""). */
int cli_date(cli_args_t *a, const char *name, char iso[11]);
/* Opens the app context for the command's database; prints the error and
 * returns the exit code on failure. */
int cli_open(cli_args_t *a, app_ctx_t *c, int create);
/* Prints e to a->err and returns its exit code. */
int cli_fail(cli_args_t *a, const err_t *e);
/* Prints a usage error and returns 2. */
int cli_usage(cli_args_t *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* dd/mm/yyyy for an ISO date (or "" / the text as is) into out[11]. */
void cli_vn_date(const char *iso, char out[11]);
/* The last day of an interval whose exclusive end is iso (the day before),
 * as dd/mm/yyyy into out[11]; "" for NULL. */
void cli_vn_end(const char *iso, char out[11]);
/* Prints s left-aligned in width characters (not bytes). */
void cli_pad(FILE *out, const char *s, size_t width);
/* Formats n with Vietnamese thousands separators (1.234.567) into out. */
void cli_num(long long n, char out[32]);

/* A plain-text table with columns sized to their content (by characters,
 * not bytes). */
typedef struct cli_table {
	size_t ncols;
	const char **head;
	char **cells; /* row-major, owned */
	size_t nrows, cap;
} cli_table_t;

void cli_table_init(cli_table_t *t, size_t ncols, const char **head);
/* Adds a row of ncols values (copied; NULL prints as empty). */
void cli_table_row(cli_table_t *t, const char **vals);
void cli_table_print(const cli_table_t *t, FILE *out);
void cli_table_free(cli_table_t *t);

#endif
