/*
 * err: error values and the one table that maps them. See err.h.
 */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>

static const struct {
	const char *name;
	int http;
	int exitc;
	const char *msg;
} table[ERR__MAX] = {
#define X(e, name, http, exitc, msg) [e] = {name, http, exitc, msg},
	ERR_TABLE(X)
#undef X
};

err_code err_set(err_t *e, err_code code, const char *fmt, ...)
{
	if (e) {
		e->code = code;
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof e->msg, fmt, ap);
		va_end(ap);
	}
	return code;
}

void err_clear(err_t *e)
{
	if (e) {
		e->code = ERR_OK;
		e->msg[0] = '\0';
	}
}

static int valid(err_code c)
{
	return (int)c >= 0 && c < ERR__MAX;
}

const char *err_name(err_code c)
{
	return valid(c) ? table[c].name : "internal";
}

int err_http_status(err_code c)
{
	return valid(c) ? table[c].http : 500;
}

int err_exit_code(err_code c)
{
	return valid(c) ? table[c].exitc : 1;
}

const char *err_default_msg(err_code c)
{
	return valid(c) ? table[c].msg : table[ERR_INTERNAL].msg;
}
