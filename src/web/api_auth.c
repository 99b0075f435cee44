/*
 * api_auth: health, the OpenAPI document, sign-in and sign-out, the
 * signed-in user, password change, users (administrators) and API tokens.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/jw.h"
#include "web/jobs.h"
#include "web/web.h"

/* Asks the database (one query, on this worker's connection, which it
 * re-establishes if it was lost): "ok", or "degraded" with 503 and a
 * message when the database cannot be reached, so that a load balancer
 * sends no more requests here until it can. */
static int h_health(web_req_t *q, web_res_t *r, err_t *e)
{
	(void)e;
	int v = db_schema_version(q->c->db);
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_kstr(&w, "status", v > 0 ? "ok" : "degraded");
	jw_kstr(&w, "version", CANBO_VERSION);
	jw_kint(&w, "schema", v);
	jw_kstr(&w, "database", db_backend(q->c->db) == DB_SQLITE ? "sqlite" : "postgres");
	jw_key(&w, "database_ok");
	jw_bool(&w, v > 0);
	if (v <= 0)
		jw_kstr(&w, "message", "Không truy cập được cơ sở dữ liệu; canbo sẽ tự kết nối lại "
				       "khi cơ sở dữ liệu hoạt động trở lại");
	jw_obj_end(&w);
	if (v <= 0)
		r->status = 503;
	return 0;
}

static int h_openapi(web_req_t *q, web_res_t *r, err_t *e)
{
	(void)q;
	(void)e;
	char *doc = web_openapi();
	web_res_json(r, 200, doc);
	free(doc);
	return 0;
}

/* {"username", "role", "role_label", "person": {code, name} | null,
 *  "scope": code | null, "must_change_password"} */
static void user_obj(jw_t *w, const auth_user_t *u)
{
	jw_obj(w);
	jw_kstr(w, "username", u->username);
	jw_kstr(w, "role", auth_role_name(u->role));
	jw_kstr(w, "role_label", auth_role_label(u->role));
	jw_key(w, "person");
	if (u->person_code[0]) {
		jw_obj(w);
		jw_kstr(w, "code", u->person_code);
		jw_kstr(w, "name", u->person_name);
		jw_obj_end(w);
	} else {
		jw_null(w);
	}
	jw_kstr(w, "scope", u->scope_unit_code[0] ? u->scope_unit_code : NULL);
	jw_key(w, "must_change_password");
	jw_bool(w, u->must_change);
	jw_key(w, "disabled");
	jw_bool(w, u->disabled);
	jw_obj_end(w);
}

static void session_cookies(web_req_t *q, web_res_t *r, const char *token, const char *csrf,
			    int clear)
{
	char v[256];
	const char *secure = q->secure ? "; Secure" : "";
	snprintf(v, sizeof v, "canbo_session=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
		 clear ? "" : token, secure, clear ? "; Max-Age=0" : "");
	web_res_header(r, "Set-Cookie", v);
	snprintf(v, sizeof v, "canbo_csrf=%s; Path=/; SameSite=Strict%s%s", clear ? "" : csrf, secure,
		 clear ? "; Max-Age=0" : "");
	web_res_header(r, "Set-Cookie", v);
}

static const char *const LOGIN_KEYS[] = {"username", "password", NULL};

static int h_login(web_req_t *q, web_res_t *r, err_t *e)
{
	if (!web_login_allowed(q->ip))
		return err_set(e, ERR_RATE,
			       "Quá nhiều lần đăng nhập sai từ địa chỉ này; vui lòng thử lại sau ít phút");
	js_t *body = web_json_body(q, e);
	if (!body)
		return e->code;
	const char *user = NULL, *pw = NULL;
	int rc = js_check_keys(body, NULL, LOGIN_KEYS, e);
	if (!rc)
		rc = js_get_str(body, NULL, "username", 1, &user, e);
	if (!rc)
		rc = js_get_str(body, NULL, "password", 1, &pw, e);
	if (rc) {
		js_free(body);
		return rc;
	}
	auth_user_t u;
	char token[65];
	rc = auth_login(q->c, user, pw, &u, token, e);
	js_free(body);
	if (rc) {
		if (rc == ERR_UNAUTHORIZED)
			web_login_failed(q->ip);
		return rc;
	}
	session_cookies(q, r, token, u.csrf, 0);
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_key(&w, "user");
	user_obj(&w, &u);
	jw_kstr(&w, "csrf_token", u.csrf);
	jw_obj_end(&w);
	return 0;
}

static int h_logout(web_req_t *q, web_res_t *r, err_t *e)
{
	if (q->user.session_id) {
		int rc = auth_logout(q->c, q->user.session_id, e);
		if (rc)
			return rc;
	}
	session_cookies(q, r, "", "", 1);
	web_res_json(r, 200, "{\"signed_out\":true}");
	return 0;
}

static int h_me(web_req_t *q, web_res_t *r, err_t *e)
{
	(void)e;
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_key(&w, "user");
	user_obj(&w, &q->user);
	jw_kstr(&w, "csrf_token", q->user.csrf[0] ? q->user.csrf : NULL);
	jw_key(&w, "read_only");
	jw_bool(&w, q->user.read_only);
	jw_obj_end(&w);
	return 0;
}

static const char *const PW_KEYS[] = {"old_password", "new_password", NULL};

static int h_password(web_req_t *q, web_res_t *r, err_t *e)
{
	js_t *body = web_json_body(q, e);
	if (!body)
		return e->code;
	const char *oldp = NULL, *newp = NULL;
	int rc = js_check_keys(body, NULL, PW_KEYS, e);
	if (!rc)
		rc = js_get_str(body, NULL, "old_password", 1, &oldp, e);
	if (!rc)
		rc = js_get_str(body, NULL, "new_password", 1, &newp, e);
	if (!rc)
		rc = auth_change_password(q->c, &q->user, oldp, newp, e);
	js_free(body);
	if (rc)
		return rc;
	web_res_json(r, 200, "{\"changed\":true}");
	return 0;
}

/* ---- users ---------------------------------------------------------------------- */

static int h_users(web_req_t *q, web_res_t *r, err_t *e)
{
	auth_user_list_t l;
	int rc = auth_user_list(q->c, &l, e);
	if (rc)
		return rc;
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	for (size_t i = 0; i < l.n; i++)
		user_obj(&w, &l.v[i]);
	jw_arr_end(&w);
	jw_kint(&w, "total", (int64_t)l.n);
	jw_obj_end(&w);
	auth_user_list_free(&l);
	return 0;
}

static const char *const USER_KEYS[] = {"username", "role", "person", "scope", "password", NULL};

static int h_user_add(web_req_t *q, web_res_t *r, err_t *e)
{
	js_t *body = web_json_body(q, e);
	if (!body)
		return e->code;
	const char *user = NULL, *role = NULL, *person = NULL, *scope = NULL, *pw = NULL;
	int rc = js_check_keys(body, NULL, USER_KEYS, e);
	if (!rc)
		rc = js_get_str(body, NULL, "username", 1, &user, e);
	if (!rc)
		rc = js_get_str(body, NULL, "role", 1, &role, e);
	if (!rc)
		rc = js_get_str(body, NULL, "person", 0, &person, e);
	if (!rc)
		rc = js_get_str(body, NULL, "scope", 0, &scope, e);
	if (!rc)
		rc = js_get_str(body, NULL, "password", 0, &pw, e);
	int ro = rc ? -1 : auth_role_parse(role);
	if (!rc && ro < 0)
		rc = err_set(e, ERR_INVALID,
			     "Vai trò «%s» không có (staff, reviewer, head, hr, viewer, admin)", role);
	char initial[33];
	if (!rc)
		rc = auth_user_add(q->c, user, (app_role)ro, person, scope, pw, initial, e);
	auth_user_t u;
	if (!rc)
		rc = auth_user_get(q->c, user, &u, e);
	js_free(body);
	if (rc)
		return rc;
	r->status = 201;
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_key(&w, "user");
	user_obj(&w, &u);
	jw_kstr(&w, "initial_password", initial);
	jw_obj_end(&w);
	return 0;
}

static int h_user_reset(web_req_t *q, web_res_t *r, err_t *e)
{
	char pw[33];
	int rc = auth_user_reset(q->c, web_param(q, 0), NULL, pw, e);
	if (rc)
		return rc;
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_kstr(&w, "username", web_param(q, 0));
	jw_kstr(&w, "initial_password", pw);
	jw_obj_end(&w);
	return 0;
}

static int user_disable(web_req_t *q, web_res_t *r, err_t *e, int disable)
{
	int rc = auth_user_disable(q->c, web_param(q, 0), disable, e);
	if (rc)
		return rc;
	auth_user_t u;
	if ((rc = auth_user_get(q->c, web_param(q, 0), &u, e)))
		return rc;
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_key(&w, "user");
	user_obj(&w, &u);
	jw_obj_end(&w);
	return 0;
}

static int h_user_disable(web_req_t *q, web_res_t *r, err_t *e)
{
	return user_disable(q, r, e, 1);
}

static int h_user_enable(web_req_t *q, web_res_t *r, err_t *e)
{
	return user_disable(q, r, e, 0);
}

/* ---- tokens ------------------------------------------------------------------------ */

static int h_tokens(web_req_t *q, web_res_t *r, err_t *e)
{
	const char *who = web_query(q, "user");
	if (q->user.role != ROLE_ADMIN)
		who = q->user.username;
	auth_token_list_t l;
	int rc = auth_token_list(q->c, who, &l, e);
	if (rc)
		return rc;
	jw_t w;
	jw_init(&w, &r->body);
	jw_obj(&w);
	jw_key(&w, "items");
	jw_arr(&w);
	for (size_t i = 0; i < l.n; i++) {
		auth_token_row_t *t = &l.v[i];
		jw_obj(&w);
		jw_kint(&w, "id", t->id);
		jw_kstr(&w, "user", t->username);
		jw_kstr(&w, "name", t->name);
		jw_key(&w, "read_only");
		jw_bool(&w, t->read_only);
		jw_kstr(&w, "created_at", t->created_at);
		jw_kstr(&w, "last_used", t->last_used[0] ? t->last_used : NULL);
		jw_kstr(&w, "revoked_at", t->revoked_at[0] ? t->revoked_at : NULL);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_kint(&w, "total", (int64_t)l.n);
	jw_obj_end(&w);
	auth_token_list_free(&l);
	return 0;
}

static const char *const TOKEN_KEYS[] = {"name", "read_only", "user", NULL};

static int h_token_add(web_req_t *q, web_res_t *r, err_t *e)
{
	js_t *body = web_json_body(q, e);
	if (!body)
		return e->code;
	char *name = NULL;
	const char *user = NULL;
	int ro = 1;
	int rc = js_check_keys(body, NULL, TOKEN_KEYS, e);
	if (!rc)
		rc = web_get_text(body, "name", 1, &name, e);
	if (!rc)
		rc = js_get_bool(body, NULL, "read_only", 0, &ro, e);
	if (!rc)
		rc = js_get_str(body, NULL, "user", 0, &user, e);
	char secret[80];
	int64_t id = 0;
	if (!rc) {
		id = auth_token_add(q->c, user ? user : q->user.username, name, ro, secret, e);
		if (!id)
			rc = e->code ? e->code : ERR_INTERNAL;
	}
	if (!rc) {
		r->status = 201;
		jw_t w;
		jw_init(&w, &r->body);
		jw_obj(&w);
		jw_kint(&w, "id", id);
		jw_kstr(&w, "name", name);
		jw_key(&w, "read_only");
		jw_bool(&w, ro);
		jw_kstr(&w, "token", secret);
		jw_obj_end(&w);
	}
	free(name);
	js_free(body);
	return rc;
}

static int h_token_revoke(web_req_t *q, web_res_t *r, err_t *e)
{
	int64_t id;
	int rc = web_param_id(q, 0, "Số khoá truy cập", &id, e);
	if (rc)
		return rc;
	rc = auth_token_revoke(q->c, id, e);
	if (rc)
		return rc;
	web_res_json(r, 200, "{\"revoked\":true}");
	return 0;
}

static int h_job(web_req_t *q, web_res_t *r, err_t *e)
{
	int64_t id;
	int rc = web_param_id(q, 0, "Số công việc", &id, e);
	return rc ? rc : web_job_get(q, id, &r->body, e);
}

const web_route_t web_routes_auth[] = {
	{"GET", "/api/v1/health", h_health, WEB_R_ALL, WEB_F_PUBLIC, "system", "Health check",
	 "Answers whether the server and its database are up: {status: ok, version, schema, database "
	 "(backend), database_ok}; 503 with status degraded, database_ok false and a message while "
	 "the database cannot be reached (for a load balancer's health check). No sign-in needed."},
	{"GET", "/api/v1/openapi.json", h_openapi, WEB_R_ALL, WEB_F_PUBLIC, "system",
	 "This OpenAPI document", "The OpenAPI 3 description of every route, generated from the "
	 "server's routes table. x-roles lists the roles a route is open to at all; scope is checked "
	 "per record."},
	{"POST", "/api/v1/auth/login", h_login, WEB_R_ALL, WEB_F_PUBLIC, "auth", "Sign in",
	 "Body {username, password}. Sets the HttpOnly session cookie canbo_session and the cookie "
	 "canbo_csrf; answers the user and csrf_token, which every cookie-authenticated write must "
	 "send back in the X-CSRF-Token header. Five wrong passwords lock the account for 15 minutes; "
	 "too many failures from one address answer 429."},
	{"POST", "/api/v1/auth/logout", h_logout, WEB_R_ALL, WEB_F_PWCHANGE, "auth", "Sign out",
	 "Ends the session and clears its cookies."},
	{"GET", "/api/v1/auth/me", h_me, WEB_R_ALL, WEB_F_PWCHANGE, "auth", "The signed-in user",
	 "The user, their role, linked person and scope, whether they must change their password, "
	 "and the session's CSRF token."},
	{"POST", "/api/v1/auth/password", h_password, WEB_R_ALL, WEB_F_PWCHANGE, "auth",
	 "Change password", "Body {old_password, new_password} (at least 10 characters). Required "
	 "after sign-in with an initial password; ends the user's other sessions."},
	{"GET", "/api/v1/users", h_users, WEB_R(ROLE_ADMIN), 0, "users", "List users",
	 "Every user with role, linked person and scope. Administrators only."},
	{"POST", "/api/v1/users", h_user_add, WEB_R(ROLE_ADMIN), 0, "users", "Create a user",
	 "Body {username, role, person?, scope?, password?}. Without a password a random initial one "
	 "is generated and answered once; the user must change it at first sign-in. Administrators "
	 "only."},
	{"POST", "/api/v1/users/{username}/reset", h_user_reset, WEB_R(ROLE_ADMIN), 0, "users",
	 "Reset a password", "Sets a new random initial password (answered once), unlocks the "
	 "account and ends its sessions. Administrators only."},
	{"POST", "/api/v1/users/{username}/disable", h_user_disable, WEB_R(ROLE_ADMIN), 0, "users",
	 "Disable a user", "The user can no longer sign in; their sessions end and their tokens stop "
	 "working. Administrators only."},
	{"POST", "/api/v1/users/{username}/enable", h_user_enable, WEB_R(ROLE_ADMIN), 0, "users",
	 "Enable a user", "Lets a disabled user sign in again. Administrators only."},
	{"GET", "/api/v1/tokens", h_tokens, WEB_R_ALL, 0, "tokens", "List API tokens",
	 "The signed-in user's API tokens (administrators: everyone's, or ?user=). Secrets are never "
	 "shown again."},
	{"POST", "/api/v1/tokens", h_token_add, WEB_R_ALL, 0, "tokens", "Create an API token",
	 "Body {name, read_only (default true), user? (administrators)}. Answers the secret once; send "
	 "it as Authorization: Bearer. A read-only token may only GET."},
	{"DELETE", "/api/v1/tokens/{id}", h_token_revoke, WEB_R_ALL, 0, "tokens",
	 "Revoke an API token", "The token stops working at once. Its owner or an administrator."},
	{"GET", "/api/v1/jobs/{id}", h_job, WEB_R_ALL, 0, "jobs", "Progress of a background job",
	 "Long work (an import, opening a period for a large subtree) answers 202 with a job id; poll "
	 "this for {state: queued|running|done|failed, done, total, percent, result | error}. Only the "
	 "user who started the job, or an administrator."},
	{NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
