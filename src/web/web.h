/*
 * web: the HTTP layer — requests, responses, the routes table and helpers
 * every API handler uses. The server itself (libmicrohttpd) is in server.c;
 * handlers never see libmicrohttpd types, so they can be driven directly.
 *
 * A handler receives the request with the acting user already resolved and
 * applied to q->c (an app_ctx_t owned by the worker thread, with the
 * request's address as source), fills the response and returns 0, or
 * returns an err_code with e filled: the server then answers with the one
 * error shape {"error": {"code", "message", "details"}} and the HTTP
 * status of the code (ERR_TABLE). res->details may hold a JSON value for
 * "details".
 *
 * What the dispatcher checks before a handler runs (routes.c):
 *   - authentication, unless the route is public: a session cookie
 *     (canbo_session) or "Authorization: Bearer <token>"; otherwise 401;
 *   - CSRF: a write through a cookie session must carry X-CSRF-Token equal
 *     to the session's token; otherwise 403;
 *   - an initial password: only routes marked WEB_F_PWCHANGE are open until
 *     it is changed; otherwise 403 (details.reason "password_change_required");
 *   - the route's roles mask; otherwise 403;
 *   - read-only tokens: only GET.
 * Scope (which unit, which person) is checked by the handler through
 * app/access.h — the dispatcher cannot know which record a route touches.
 */
#ifndef CANBO_WEB_H
#define CANBO_WEB_H

#include <stddef.h>
#include <stdint.h>

#include "app/auth.h"
#include "app/ctx.h"
#include "lib/buf.h"
#include "lib/json.h"

#define WEB_MAX_PARAMS 4
#define WEB_MAX_HEADERS 8
#define WEB_JSON_MAX ((size_t)1 << 20)     /* default body limit: 1 MiB */
#define WEB_UPLOAD_MAX ((size_t)64 << 20)  /* WEB_F_UPLOAD routes: 64 MiB */

typedef struct web_req web_req_t;
typedef struct web_res web_res_t;

/* A streamed body: called until it returns 0 (end) or -1 (abort); writes
 * at most max bytes into out and returns how many, or 0 at the end. free
 * releases state (always called once). A stream runs on the worker thread
 * between other requests: it must use its own database connection, never
 * q->c. */
typedef long (*web_stream_fn)(void *state, char *out, size_t max);
typedef void (*web_stream_free_fn)(void *state);

struct web_res {
	int status;               /* 200 when left 0 */
	const char *content_type; /* "application/json; charset=utf-8" when NULL */
	buf_t body;
	buf_t details;            /* on error: a JSON value for error.details */
	char *headers[WEB_MAX_HEADERS]; /* "Name: value", owned */
	int nheaders;
	web_stream_fn stream;     /* set: body is ignored and streamed instead */
	web_stream_free_fn stream_free;
	void *stream_state;
};

/* Route flags. */
enum {
	WEB_F_PUBLIC = 1,   /* no sign-in needed */
	WEB_F_PWCHANGE = 2, /* open while the password must be changed */
	WEB_F_UPLOAD = 4,   /* body up to WEB_UPLOAD_MAX (imports) */
};

/* Role bits for web_route_t.roles. */
#define WEB_R(role) (1u << (role))
#define WEB_R_ALL                                                                        \
	(WEB_R(ROLE_STAFF) | WEB_R(ROLE_REVIEWER) | WEB_R(ROLE_HEAD) | WEB_R(ROLE_HR) |       \
	 WEB_R(ROLE_VIEWER) | WEB_R(ROLE_ADMIN))
#define WEB_R_MANAGE (WEB_R(ROLE_HR) | WEB_R(ROLE_ADMIN))
#define WEB_R_READERS (WEB_R(ROLE_HEAD) | WEB_R(ROLE_HR) | WEB_R(ROLE_VIEWER) | WEB_R(ROLE_ADMIN))

typedef int (*web_handler)(web_req_t *q, web_res_t *r, err_t *e);

typedef struct web_route {
	const char *method;   /* "GET", "POST", "PUT", "PATCH", "DELETE" */
	const char *pattern;  /* "/api/v1/units/{code}": {name} matches one segment */
	web_handler fn;
	unsigned roles;       /* WEB_R(...) bits allowed at all (scope is checked inside) */
	int flags;            /* WEB_F_* */
	const char *tag;      /* OpenAPI tag: "units", "people" … */
	const char *summary;  /* one line, English (API documentation) */
	const char *description; /* what it does, who may, what it answers */
} web_route_t;

struct web_req {
	const char *method;
	const char *path;     /* decoded path, without the query */
	const char *params[WEB_MAX_PARAMS]; /* {name} values in pattern order */
	int nparams;
	const char *body;     /* NUL-terminated; may contain NULs up to body_len */
	size_t body_len;
	char ip[64];
	app_ctx_t *c;         /* the worker's context, actor applied */
	auth_user_t user;     /* valid when authed */
	int authed;
	int via_cookie;
	const web_route_t *route;
	void *impl;           /* server internals (header and query lookup) */
	const char *(*lookup)(void *impl, int kind, const char *key); /* 0 header, 1 query, 2 cookie */
	int secure;           /* behind TLS (X-Forwarded-Proto: https from a trusted proxy) */
	char *tmp[16];        /* normalised query values, freed when the request ends */
	int ntmp;
};

/* ---- request helpers ----------------------------------------------------- */

const char *web_header(web_req_t *q, const char *name);
/* A query parameter, UTF-8-checked and NFC-normalised; NULL when absent.
 * Invalid UTF-8 reads as absent and sets q's error flag for web_query_ok. */
const char *web_query(web_req_t *q, const char *name);
const char *web_cookie(web_req_t *q, const char *name);
/* The path parameter by position (0-based). */
const char *web_param(web_req_t *q, int i);

/* The path parameter i as a positive id (1 .. 2^53, so that JavaScript
 * clients keep it exact); ERR_INVALID naming what otherwise. */
int web_param_id(web_req_t *q, int i, const char *what, int64_t *out, err_t *e);

/* Parses the body as a JSON object (Content-Type application/json; valid
 * UTF-8; at most the route's limit). NULL with e set (ERR_INVALID) on any
 * problem. Free with js_free. */
js_t *web_json_body(web_req_t *q, err_t *e);
/* A string member cleaned with text_clean (NFC, trimmed); required or not.
 * *out is a new string (free) or NULL when absent and not required. */
int web_get_text(const js_t *obj, const char *key, int required, char **out, err_t *e);
/* Paging: ?limit= (1..max, default def) and ?offset= (>= 0). */
int web_paging(web_req_t *q, long def, long max, long *limit, long *offset, err_t *e);
/* An integer query parameter in [min, max]; def when absent. */
int web_query_int(web_req_t *q, const char *name, int64_t min, int64_t max, int64_t def,
		  int64_t *out, err_t *e);

/* ---- response helpers ------------------------------------------------------ */

void web_res_init(web_res_t *r);
void web_res_free(web_res_t *r);
/* Adds a header "Name: value" (copied). */
void web_res_header(web_res_t *r, const char *name, const char *value);
/* Sets status and a JSON body text (copied). */
void web_res_json(web_res_t *r, int status, const char *json);
/* Fills r with the error shape for code/message/details. */
void web_res_error(web_res_t *r, err_code code, const char *message, const char *details_json);

/* ---- routes ----------------------------------------------------------------- */

/* The route groups (each file owns one array; routes.c joins them). */
extern const web_route_t web_routes_auth[];   /* api_auth.c: health, auth, users, tokens, openapi */
extern const web_route_t web_routes_org[];    /* api_org.c: units, people, assignments */
extern const web_route_t web_routes_eval[];   /* api_eval.c: periods, evaluations, tasks, annual */
extern const web_route_t web_routes_admin[];  /* api_admin.c: frameworks, settings, imports, exports, jobs, audit */
/* Each array ends with a {NULL} entry. */

/* Calls fn for every route in table order. */
void web_routes_each(void (*fn)(const web_route_t *rt, void *arg), void *arg);
/* Finds the route for method and path, filling q->params. Returns the
 * route, or NULL with *path_known set when the path exists with another
 * method (405) or not (404). */
const web_route_t *web_route_find(const char *method, const char *path, web_req_t *q,
				  int *path_known);
/* Runs the whole request: authentication, CSRF, roles, the handler, and
 * the error shape. r is filled in every case. */
void web_dispatch(web_req_t *q, web_res_t *r);
/* The OpenAPI 3 document generated from the routes table (new string). */
char *web_openapi(void);

/* Rate limiting of failed sign-ins per address (routes.c). */
int web_login_allowed(const char *ip);
void web_login_failed(const char *ip);

/* ---- the server ---------------------------------------------------------------- */

typedef struct web_config {
	const char *db_url;
	const char *listen;        /* "127.0.0.1:8080" */
	int threads;               /* worker threads (default: 2 × cores, at least 4) */
	int max_connections;       /* default 1024 */
	int timeout_s;             /* idle connection timeout, default 30 */
	const char *access_log;    /* path, "-" for stderr, NULL for stderr */
	int trust_proxy;           /* honour X-Forwarded-For / X-Forwarded-Proto */
	const char *static_dir;    /* web pages (issue 5), NULL for none */
	int quiet;
} web_config_t;

/* Runs until SIGTERM/SIGINT; requests in flight finish before it returns.
 * Prints the address it listens on. Returns 0 or an err_code. */
int web_serve(const web_config_t *cfg, err_t *e);

#endif
