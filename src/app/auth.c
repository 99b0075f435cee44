/*
 * auth: users, passwords, sessions and API tokens. See auth.h.
 */
#include "app/auth.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/audit.h"
#include "app/org.h"
#include "lib/buf.h"
#include "lib/jw.h"
#include "lib/xalloc.h"

static const struct {
	const char *name, *label;
} ROLES[] = {
	[ROLE_STAFF] = {"staff", "Cán bộ, công chức, viên chức"},
	[ROLE_REVIEWER] = {"reviewer", "Người nhận xét (quản lý trực tiếp)"},
	[ROLE_HEAD] = {"head", "Người đứng đầu đơn vị"},
	[ROLE_HR] = {"hr", "Cán bộ tổ chức"},
	[ROLE_VIEWER] = {"viewer", "Lãnh đạo xem báo cáo"},
	[ROLE_ADMIN] = {"admin", "Quản trị viên"},
};

const char *auth_role_name(app_role r)
{
	return (unsigned)r <= ROLE_ADMIN ? ROLES[r].name : "?";
}

const char *auth_role_label(app_role r)
{
	return (unsigned)r <= ROLE_ADMIN ? ROLES[r].label : "?";
}

int auth_role_parse(const char *s)
{
	for (int i = 0; s && i <= ROLE_ADMIN; i++)
		if (!strcmp(s, ROLES[i].name))
			return i;
	return -1;
}

void auth_apply(app_ctx_t *c, const auth_user_t *u)
{
	snprintf(c->actor, sizeof c->actor, "user:%s", u->username);
	c->role = u->role;
	c->scope_unit = u->scope_unit_id;
	c->user_id = u->id;
	c->person_id = u->person_id;
	snprintf(c->person_code, sizeof c->person_code, "%s", u->person_code);
	c->read_only = u->read_only;
}

/* ---- hashing -------------------------------------------------------------- */

static pthread_mutex_t hash_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hash_cv = PTHREAD_COND_INITIALIZER;
static int hash_running;

static void hash_enter(void)
{
	pthread_mutex_lock(&hash_mu);
	while (hash_running >= AUTH_HASH_CONCURRENCY)
		pthread_cond_wait(&hash_cv, &hash_mu);
	hash_running++;
	pthread_mutex_unlock(&hash_mu);
}

static void hash_leave(void)
{
	pthread_mutex_lock(&hash_mu);
	hash_running--;
	pthread_cond_signal(&hash_cv);
	pthread_mutex_unlock(&hash_mu);
}

static int pw_hash(const char *pw, char out[crypto_pwhash_STRBYTES], err_t *e)
{
	hash_enter();
	int r = crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_MEMLIMIT_INTERACTIVE);
	hash_leave();
	if (r)
		return err_set(e, ERR_INTERNAL, "Không đủ bộ nhớ để băm mật khẩu");
	return 0;
}

static int pw_verify(const char *stored, const char *pw)
{
	hash_enter();
	int r = crypto_pwhash_str_verify(stored, pw, strlen(pw));
	hash_leave();
	return r == 0;
}

/* A stored hash to verify against when the username does not exist, so
 * that a wrong username takes as long as a wrong password. */
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[crypto_pwhash_STRBYTES];
static void dummy_init(void)
{
	if (crypto_pwhash_str(dummy_hash, "canbo-dummy", 11, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE))
		dummy_hash[0] = 0;
}

static void secret_hash(const char *secret, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)secret, strlen(secret));
	sodium_bin2hex(out, 65, h, sizeof h);
}

static void random_hex(char *out, size_t nbytes)
{
	unsigned char b[64];
	randombytes_buf(b, nbytes);
	sodium_bin2hex(out, nbytes * 2 + 1, b, nbytes);
}

void auth_random_password(char out[33])
{
	/* no 0/O, 1/l/I: read aloud or copied from paper */
	static const char A[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	for (int i = 0; i < 16; i++)
		out[i] = A[randombytes_uniform((uint32_t)(sizeof A - 1))];
	out[16] = 0;
}

static int check_password_rules(const char *pw, err_t *e)
{
	size_t n = text_utf8_len(pw);
	if (n < AUTH_PASSWORD_MIN)
		return err_set(e, ERR_INVALID, "Mật khẩu phải có ít nhất %d ký tự", AUTH_PASSWORD_MIN);
	if (strlen(pw) > 256)
		return err_set(e, ERR_INVALID, "Mật khẩu quá dài (tối đa 256 byte)");
	return 0;
}

static int check_username(const char *u, err_t *e)
{
	size_t n = strlen(u);
	if (n < 2 || n > 64)
		return err_set(e, ERR_INVALID, "Tên đăng nhập phải dài từ 2 đến 64 ký tự");
	for (size_t i = 0; i < n; i++) {
		char ch = u[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
		      ch == '-'))
			return err_set(e, ERR_INVALID,
				       "Tên đăng nhập «%s» chỉ được gồm chữ thường không dấu, số, dấu chấm, gạch dưới và gạch ngang",
				       u);
	}
	return 0;
}

/* An administrator's new password for a user: the one given (checked
 * against the rules) or, when *password is NULL, a random one written to
 * gen (and *password pointed at it); its hash into hash. */
static int new_password(const char **password, char gen[33], char hash[crypto_pwhash_STRBYTES],
			err_t *e)
{
	int r;
	if (!*password) {
		auth_random_password(gen);
		*password = gen;
	} else if ((r = check_password_rules(*password, e))) {
		return r;
	}
	return pw_hash(*password, hash, e);
}

static void iso_at(time_t t, char out[32])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void read_user(db_stmt_t *s, auth_user_t *u)
{
	memset(u, 0, sizeof *u);
	u->id = db_col_int(s, 0);
	snprintf(u->username, sizeof u->username, "%s", db_col_text(s, 1));
	int r = auth_role_parse(db_col_text(s, 2));
	u->role = r < 0 ? ROLE_STAFF : (app_role)r;
	u->person_id = db_col_int(s, 3);
	if (!db_col_is_null(s, 4))
		snprintf(u->person_code, sizeof u->person_code, "%s", db_col_text(s, 4));
	if (!db_col_is_null(s, 5))
		snprintf(u->person_name, sizeof u->person_name, "%s", db_col_text(s, 5));
	u->scope_unit_id = db_col_int(s, 6);
	if (!db_col_is_null(s, 7))
		snprintf(u->scope_unit_code, sizeof u->scope_unit_code, "%s", db_col_text(s, 7));
	u->must_change = (int)db_col_int(s, 8);
	u->disabled = (int)db_col_int(s, 9);
}

static int load_user(app_ctx_t *c, stmt_id id, const char *name, int64_t uid, auth_user_t *u,
		     err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, id, e);
	if (!s)
		return e ? e->code : ERR_DB;
	if (name)
		db_bind_text(s, 1, name, -1);
	else
		db_bind_int(s, 1, uid);
	int r = db_step(s, e);
	if (r < 0)
		return e ? e->code : ERR_DB;
	if (r != DB_ROW)
		return err_set(e, ERR_NOT_FOUND, "Không có người dùng «%s»", name ? name : "?");
	read_user(s, u);
	db_reset(s);
	return 0;
}

int auth_user_get(app_ctx_t *c, const char *username, auth_user_t *out, err_t *e)
{
	return load_user(c, STMT_USER_BY_NAME, username, 0, out, e);
}

static void user_json(buf_t *b, const auth_user_t *u)
{
	jw_t w;
	jw_init(&w, b);
	jw_obj(&w);
	jw_kstr(&w, "username", u->username);
	jw_kstr(&w, "role", auth_role_name(u->role));
	jw_kstr(&w, "person", u->person_code[0] ? u->person_code : NULL);
	jw_kstr(&w, "scope", u->scope_unit_code[0] ? u->scope_unit_code : NULL);
	jw_key(&w, "disabled");
	jw_bool(&w, u->disabled);
	jw_obj_end(&w);
}

static int require_admin(const app_ctx_t *c, err_t *e)
{
	if (c->role == ROLE_ADMIN && !c->read_only)
		return 0;
	return err_set(e, ERR_FORBIDDEN, "Chỉ quản trị viên được quản lý người dùng");
}

/* Audits one user change in the open transaction. */
static int audit_user(app_ctx_t *c, const char *action, const auth_user_t *before,
		      const auth_user_t *after, err_t *e)
{
	buf_t b1, b2;
	buf_init(&b1, 0);
	buf_init(&b2, 0);
	if (before)
		user_json(&b1, before);
	if (after)
		user_json(&b2, after);
	const auth_user_t *u = after ? after : before;
	int r = audit_append(c, action, "user", u->username, before ? buf_cstr(&b1) : NULL,
			     after ? buf_cstr(&b2) : NULL, e);
	buf_free(&b1);
	buf_free(&b2);
	return r;
}

int auth_user_add(app_ctx_t *c, const char *username, app_role role, const char *person_code,
		  const char *scope_unit_code, const char *password, char pw_out[33], err_t *e)
{
	int r = require_admin(c, e);
	if (r || (r = check_username(username, e)))
		return r;
	char gen[33], hash[crypto_pwhash_STRBYTES];
	if ((r = new_password(&password, gen, hash, e)))
		return r;
	if ((r = db_begin(c->db, e)))
		return r;
	int64_t person_id = 0, unit_id = 0;
	if (person_code && *person_code) {
		db_stmt_t *s = db_stmt(c->db, STMT_PERSON_ID_BY_CODE, e);
		if (!s)
			goto fail;
		db_bind_text(s, 1, person_code, -1);
		int st = db_step(s, e);
		if (st < 0)
			goto fail;
		if (st != DB_ROW) {
			err_set(e, ERR_NOT_FOUND, "Không có người có mã «%s»", person_code);
			goto fail;
		}
		person_id = db_col_int(s, 0);
		db_reset(s);
	} else if (role == ROLE_STAFF || role == ROLE_REVIEWER || role == ROLE_HEAD) {
		err_set(e, ERR_INVALID,
			"Vai trò «%s» cần gắn với một người (--person MÃ): người đó tự đánh giá, nhận xét hoặc quyết định",
			auth_role_name(role));
		goto fail;
	}
	if (scope_unit_code && *scope_unit_code) {
		unit_id = org_unit_id(c, scope_unit_code, e);
		if (!unit_id)
			goto fail;
	}
	char now[32];
	app_now(now);
	db_stmt_t *s = db_stmt(c->db, STMT_USER_INSERT, e);
	if (!s)
		goto fail;
	db_bind_text(s, 1, username, -1);
	db_bind_text(s, 2, hash, -1);
	db_bind_id(s, 3, person_id);
	db_bind_text(s, 4, auth_role_name(role), -1);
	db_bind_id(s, 5, unit_id);
	db_bind_text(s, 6, now, -1);
	int64_t id = db_insert(s, e);
	if (!id) {
		if (e && e->code == ERR_CONFLICT)
			err_set(e, ERR_CONFLICT, "Tên đăng nhập «%s» đã có", username);
		goto fail;
	}
	auth_user_t u;
	if (load_user(c, STMT_USER_BY_ID, NULL, id, &u, e) || audit_user(c, "user.add", NULL, &u, e))
		goto fail;
	if (db_commit(c->db, e))
		return e ? e->code : ERR_DB;
	if (pw_out)
		snprintf(pw_out, 33, "%s", password);
	return 0;
fail:
	db_rollback(c->db);
	return e && e->code ? e->code : ERR_DB;
}

static int end_sessions(app_ctx_t *c, int64_t user_id, int64_t keep, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, STMT_SESSION_DELETE_USER, e);
	if (!s)
		return e ? e->code : ERR_DB;
	db_bind_int(s, 1, user_id);
	db_bind_int(s, 2, keep);
	return db_exec(s, e) ? (e ? e->code : ERR_DB) : 0;
}

static int set_password(app_ctx_t *c, int64_t uid, const char *hash, int must_change, err_t *e)
{
	char now[32];
	app_now(now);
	db_stmt_t *s = db_stmt(c->db, STMT_USER_SET_PASSWORD, e);
	if (!s)
		return e ? e->code : ERR_DB;
	db_bind_int(s, 1, uid);
	db_bind_text(s, 2, hash, -1);
	db_bind_int(s, 3, must_change);
	db_bind_text(s, 4, now, -1);
	return db_exec(s, e) ? (e ? e->code : ERR_DB) : 0;
}

int auth_user_reset(app_ctx_t *c, const char *username, const char *password, char pw_out[33],
		    err_t *e)
{
	int r = require_admin(c, e);
	if (r)
		return r;
	char gen[33], hash[crypto_pwhash_STRBYTES];
	if ((r = new_password(&password, gen, hash, e)))
		return r;
	if ((r = db_begin(c->db, e)))
		return r;
	auth_user_t u;
	if (load_user(c, STMT_USER_BY_NAME, username, 0, &u, e) ||
	    set_password(c, u.id, hash, 1, e) || end_sessions(c, u.id, 0, e) ||
	    audit_append(c, "user.reset", "user", username, NULL, NULL, e))
		goto fail;
	if (db_commit(c->db, e))
		return e ? e->code : ERR_DB;
	if (pw_out)
		snprintf(pw_out, 33, "%s", password);
	return 0;
fail:
	db_rollback(c->db);
	return e && e->code ? e->code : ERR_DB;
}

int auth_user_disable(app_ctx_t *c, const char *username, int disable, err_t *e)
{
	int r = require_admin(c, e);
	if (r || (r = db_begin(c->db, e)))
		return r;
	auth_user_t before, after;
	char now[32];
	app_now(now);
	if (load_user(c, STMT_USER_BY_NAME, username, 0, &before, e))
		goto fail;
	db_stmt_t *s = db_stmt(c->db, STMT_USER_SET_DISABLED, e);
	if (!s)
		goto fail;
	db_bind_int(s, 1, before.id);
	db_bind_int(s, 2, disable ? 1 : 0);
	db_bind_text(s, 3, now, -1);
	if (db_exec(s, e) || (disable && end_sessions(c, before.id, 0, e)) ||
	    load_user(c, STMT_USER_BY_ID, NULL, before.id, &after, e) ||
	    audit_user(c, disable ? "user.disable" : "user.enable", &before, &after, e))
		goto fail;
	return db_commit(c->db, e) ? (e ? e->code : ERR_DB) : 0;
fail:
	db_rollback(c->db);
	return e && e->code ? e->code : ERR_DB;
}

int auth_user_ready(app_ctx_t *c, const char *username, err_t *e)
{
	int r = require_admin(c, e);
	if (r || (r = db_begin(c->db, e)))
		return r;
	auth_user_t u;
	char now[32];
	app_now(now);
	if (load_user(c, STMT_USER_BY_NAME, username, 0, &u, e))
		goto fail;
	db_stmt_t *s = db_stmt(c->db, STMT_USER_READY, e);
	if (!s)
		goto fail;
	db_bind_int(s, 1, u.id);
	db_bind_text(s, 2, now, -1);
	if (db_exec(s, e) || audit_append(c, "user.ready", "user", username, NULL, NULL, e))
		goto fail;
	return db_commit(c->db, e) ? (e ? e->code : ERR_DB) : 0;
fail:
	db_rollback(c->db);
	return e && e->code ? e->code : ERR_DB;
}

int auth_user_list(app_ctx_t *c, auth_user_list_t *out, err_t *e)
{
	memset(out, 0, sizeof *out);
	if (c->role != ROLE_ADMIN)
		return err_set(e, ERR_FORBIDDEN, "Chỉ quản trị viên được xem danh sách người dùng");
	int r;
	db_stmt_t *s = db_stmt(c->db, STMT_USER_ALL, e);
	if (!s)
		return e ? e->code : ERR_DB;
	while ((r = db_step(s, e)) == DB_ROW) {
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 16;
			out->v = xrealloc(out->v, out->cap * sizeof *out->v);
		}
		read_user(s, &out->v[out->n++]);
	}
	return r < 0 ? (e ? e->code : ERR_DB) : 0;
}

void auth_user_list_free(auth_user_list_t *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* ---- sign-in -------------------------------------------------------------- */

static const char BAD_LOGIN[] = "Tên đăng nhập hoặc mật khẩu không đúng";

int auth_login(app_ctx_t *c, const char *username, const char *password, auth_user_t *u,
	       char token_out[65], err_t *e)
{
	memset(u, 0, sizeof *u);
	if (!username || !password || !*username || !*password)
		return err_set(e, ERR_UNAUTHORIZED, "%s", BAD_LOGIN);
	db_stmt_t *s = db_stmt(c->db, STMT_USER_SECRET, e);
	if (!s)
		return e ? e->code : ERR_DB;
	db_bind_text(s, 1, username, -1);
	int r = db_step(s, e);
	if (r < 0)
		return e ? e->code : ERR_DB;
	if (r != DB_ROW) {
		pthread_once(&dummy_once, dummy_init);
		if (dummy_hash[0])
			(void)pw_verify(dummy_hash, password);
		return err_set(e, ERR_UNAUTHORIZED, "%s", BAD_LOGIN);
	}
	int64_t uid = db_col_int(s, 0);
	char stored[crypto_pwhash_STRBYTES];
	snprintf(stored, sizeof stored, "%s", db_col_text(s, 1));
	int64_t fails = db_col_int(s, 2);
	char locked[32] = "";
	if (!db_col_is_null(s, 3))
		snprintf(locked, sizeof locked, "%s", db_col_text(s, 3));
	int disabled = (int)db_col_int(s, 4);
	db_reset(s);

	time_t now_t = time(NULL);
	char now[32];
	iso_at(now_t, now);
	if (disabled)
		return err_set(e, ERR_FORBIDDEN, "Tài khoản «%s» đã bị khoá bởi quản trị viên", username);
	if (locked[0] && strcmp(locked, now) > 0)
		return err_set(e, ERR_FORBIDDEN,
			       "Tài khoản tạm khoá do đăng nhập sai %d lần; thử lại sau %d phút",
			       AUTH_MAX_FAILS, AUTH_LOCK_MINUTES);

	int ok = pw_verify(stored, password);
	if (db_begin(c->db, e))
		return e ? e->code : ERR_DB;
	if (!ok) {
		fails++;
		char until[32] = "";
		if (fails >= AUTH_MAX_FAILS)
			iso_at(now_t + AUTH_LOCK_MINUTES * 60, until);
		s = db_stmt(c->db, STMT_USER_FAIL, e);
		if (!s)
			goto fail;
		db_bind_int(s, 1, uid);
		db_bind_int(s, 2, fails >= AUTH_MAX_FAILS ? 0 : fails);
		db_bind_text(s, 3, until[0] ? until : NULL, -1);
		db_bind_text(s, 4, now, -1);
		if (db_exec(s, e) ||
		    audit_append(c, fails >= AUTH_MAX_FAILS ? "auth.lock" : "auth.fail", "user",
				 username, NULL, NULL, e))
			goto fail;
		if (db_commit(c->db, e))
			return e ? e->code : ERR_DB;
		return err_set(e, ERR_UNAUTHORIZED, "%s", BAD_LOGIN);
	}
	char token[65], th[65], exp[32];
	random_hex(token, 32);
	secret_hash(token, th);
	iso_at(now_t + AUTH_SESSION_MAX, exp);
	random_hex(u->csrf, 32);
	s = db_stmt(c->db, STMT_USER_OK, e);
	if (!s)
		goto fail;
	db_bind_int(s, 1, uid);
	if (db_exec(s, e))
		goto fail;
	s = db_stmt(c->db, STMT_SESSION_INSERT, e);
	if (!s)
		goto fail;
	db_bind_text(s, 1, th, -1);
	db_bind_int(s, 2, uid);
	db_bind_text(s, 3, u->csrf, -1);
	db_bind_text(s, 4, now, -1);
	db_bind_text(s, 5, exp, -1);
	db_bind_text(s, 6, c->source, -1);
	int64_t sid = db_insert(s, e);
	if (!sid)
		goto fail;
	char csrf[65];
	memcpy(csrf, u->csrf, sizeof csrf);
	if (load_user(c, STMT_USER_BY_ID, NULL, uid, u, e))
		goto fail;
	memcpy(u->csrf, csrf, sizeof csrf);
	u->session_id = sid;
	snprintf(c->actor, sizeof c->actor, "user:%s", username);
	if (audit_append(c, "auth.login", "user", username, NULL, NULL, e))
		goto fail;
	if (db_commit(c->db, e))
		return e ? e->code : ERR_DB;
	memcpy(token_out, token, 65);
	return 0;
fail:
	db_rollback(c->db);
	return e && e->code ? e->code : ERR_DB;
}

int auth_session(app_ctx_t *c, const char *token, auth_user_t *u, err_t *e)
{
	static const char EXPIRED[] = "Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại";
	if (!token || strlen(token) != 64)
		return err_set(e, ERR_UNAUTHORIZED, "%s", EXPIRED);
	char th[65];
	secret_hash(token, th);
	db_stmt_t *s = db_stmt(c->db, STMT_SESSION_GET, e);
	if (!s)
		return e ? e->code : ERR_DB;
	db_bind_text(s, 1, th, -1);
	int r = db_step(s, e);
	if (r < 0)
		return e ? e->code : ERR_DB;
	if (r != DB_ROW)
		return err_set(e, ERR_UNAUTHORIZED, "%s", EXPIRED);
	int64_t sid = db_col_int(s, 0), uid = db_col_int(s, 1);
	char csrf[65], seen[32], exp[32];
	snprintf(csrf, sizeof csrf, "%s", db_col_text(s, 2));
	snprintf(seen, sizeof seen, "%s", db_col_text(s, 3));
	snprintf(exp, sizeof exp, "%s", db_col_text(s, 4));
	db_reset(s);
	time_t now_t = time(NULL);
	char now[32], idle[32];
	iso_at(now_t, now);
	iso_at(now_t - AUTH_SESSION_IDLE, idle);
	if (strcmp(exp, now) <= 0 || strcmp(seen, idle) < 0)
		return err_set(e, ERR_UNAUTHORIZED, "%s", EXPIRED);
	if ((r = load_user(c, STMT_USER_BY_ID, NULL, uid, u, e)))
		return r;
	if (u->disabled)
		return err_set(e, ERR_UNAUTHORIZED, "%s", EXPIRED);
	memcpy(u->csrf, csrf, sizeof csrf);
	u->session_id = sid;
	/* touch at most once a minute: reads stay reads */
	char touch[32];
	iso_at(now_t - 60, touch);
	if (strcmp(seen, touch) < 0) {
		s = db_stmt(c->db, STMT_SESSION_TOUCH, e);
		if (s) {
			db_bind_int(s, 1, sid);
			db_bind_text(s, 2, now, -1);
			err_t ignore;
			(void)db_exec(s, &ignore);
		}
	}
	return 0;
}

int auth_logout(app_ctx_t *c, int64_t session_id, err_t *e)
{
	int r = db_begin(c->db, e);
	if (r)
		return r;
	db_stmt_t *s = db_stmt(c->db, STMT_SESSION_DELETE, e);
	if (!s)
		goto fail;
	db_bind_int(s, 1, session_id);
	if (db_exec(s, e) || audit_append(c, "auth.logout", "user", c->actor + 5, NULL, NULL, e))
		goto fail;
	return db_commit(c->db, e) ? (e ? e->code : ERR_DB) : 0;
fail:
	db_rollback(c->db);
	return e && e->code ? e->code : ERR_DB;
}

int auth_change_password(app_ctx_t *c, const auth_user_t *u, const char *old_pw,
			 const char *new_pw, err_t *e)
{
	if (!old_pw || !new_pw)
		return err_set(e, ERR_INVALID, "Cần mật khẩu cũ và mật khẩu mới");
	int r = check_password_rules(new_pw, e);
	if (r)
		return r;
	if (!strcmp(old_pw, new_pw))
		return err_set(e, ERR_INVALID, "Mật khẩu mới phải khác mật khẩu cũ");
	db_stmt_t *s = db_stmt(c->db, STMT_USER_SECRET, e);
	if (!s)
		return e ? e->code : ERR_DB;
	db_bind_text(s, 1, u->username, -1);
	if ((r = db_step(s, e)) != DB_ROW)
		return r < 0 ? (e ? e->code : ERR_DB) : err_set(e, ERR_NOT_FOUND, "Không có người dùng");
	char stored[crypto_pwhash_STRBYTES];
	snprintf(stored, sizeof stored, "%s", db_col_text(s, 1));
	db_reset(s);
	if (!pw_verify(stored, old_pw))
		return err_set(e, ERR_INVALID, "Mật khẩu cũ không đúng");
	char hash[crypto_pwhash_STRBYTES];
	if ((r = pw_hash(new_pw, hash, e)))
		return r;
	if ((r = db_begin(c->db, e)))
		return r;
	if (set_password(c, u->id, hash, 0, e) || end_sessions(c, u->id, u->session_id, e) ||
	    audit_append(c, "user.password", "user", u->username, NULL, NULL, e))
		goto fail;
	return db_commit(c->db, e) ? (e ? e->code : ERR_DB) : 0;
fail:
	db_rollback(c->db);
	return e && e->code ? e->code : ERR_DB;
}

/* ---- API tokens ------------------------------------------------------------- */

int64_t auth_token_add(app_ctx_t *c, const char *username, const char *name, int read_only,
		       char token_out[80], err_t *e)
{
	if (c->read_only) {
		err_set(e, ERR_FORBIDDEN, "Khoá truy cập chỉ đọc không được tạo khoá mới");
		return 0;
	}
	if (c->role != ROLE_ADMIN && (c->user_id == 0 || strcmp(c->actor + 5, username))) {
		err_set(e, ERR_FORBIDDEN, "Chỉ quản trị viên được tạo khoá truy cập cho người khác");
		return 0;
	}
	if (!name || !*name || strlen(name) > 128) {
		err_set(e, ERR_INVALID, "Khoá truy cập cần một tên (tối đa 128 byte)");
		return 0;
	}
	if (db_begin(c->db, e))
		return 0;
	auth_user_t u;
	char secret[80], th[65], now[32];
	if (load_user(c, STMT_USER_BY_NAME, username, 0, &u, e))
		goto fail;
	memcpy(secret, "cb_", 3);
	random_hex(secret + 3, 32);
	secret_hash(secret, th);
	app_now(now);
	db_stmt_t *s = db_stmt(c->db, STMT_TOKEN_INSERT, e);
	if (!s)
		goto fail;
	db_bind_text(s, 1, th, -1);
	db_bind_int(s, 2, u.id);
	db_bind_text(s, 3, name, -1);
	db_bind_int(s, 4, read_only ? 1 : 0);
	db_bind_text(s, 5, now, -1);
	int64_t id = db_insert(s, e);
	if (!id)
		goto fail;
	buf_t b;
	buf_init(&b, 0);
	jw_t w;
	jw_init(&w, &b);
	jw_obj(&w);
	jw_kint(&w, "id", id);
	jw_kstr(&w, "user", username);
	jw_kstr(&w, "name", name);
	jw_key(&w, "read_only");
	jw_bool(&w, read_only);
	jw_obj_end(&w);
	char idtxt[24];
	snprintf(idtxt, sizeof idtxt, "%lld", (long long)id);
	int r = audit_append(c, "token.add", "api_token", idtxt, NULL, buf_cstr(&b), e);
	buf_free(&b);
	if (r)
		goto fail;
	if (db_commit(c->db, e))
		return 0;
	memcpy(token_out, secret, sizeof secret);
	return id;
fail:
	db_rollback(c->db);
	return 0;
}

int auth_token_revoke(app_ctx_t *c, int64_t id, err_t *e)
{
	if (c->read_only)
		return err_set(e, ERR_FORBIDDEN, "Khoá truy cập chỉ đọc không được thu hồi khoá");
	int r = db_begin(c->db, e);
	if (r)
		return r;
	db_stmt_t *s = db_stmt(c->db, STMT_TOKEN_OWNER, e);
	if (!s)
		goto fail;
	db_bind_int(s, 1, id);
	r = db_step(s, e);
	if (r < 0)
		goto fail;
	if (r != DB_ROW) {
		err_set(e, ERR_NOT_FOUND, "Không có khoá truy cập số %lld", (long long)id);
		goto fail;
	}
	int64_t owner = db_col_int(s, 0);
	int revoked = !db_col_is_null(s, 2);
	db_reset(s);
	if (c->role != ROLE_ADMIN && owner != c->user_id) {
		err_set(e, ERR_FORBIDDEN, "Chỉ quản trị viên được thu hồi khoá của người khác");
		goto fail;
	}
	if (revoked) {
		err_set(e, ERR_CONFLICT, "Khoá truy cập số %lld đã bị thu hồi", (long long)id);
		goto fail;
	}
	char now[32], idtxt[24];
	app_now(now);
	snprintf(idtxt, sizeof idtxt, "%lld", (long long)id);
	s = db_stmt(c->db, STMT_TOKEN_REVOKE, e);
	if (!s)
		goto fail;
	db_bind_int(s, 1, id);
	db_bind_text(s, 2, now, -1);
	if (db_exec(s, e) || audit_append(c, "token.revoke", "api_token", idtxt, NULL, NULL, e))
		goto fail;
	return db_commit(c->db, e) ? (e ? e->code : ERR_DB) : 0;
fail:
	db_rollback(c->db);
	return e && e->code ? e->code : ERR_DB;
}

int auth_token(app_ctx_t *c, const char *secret, auth_user_t *u, err_t *e)
{
	static const char BAD[] = "Khoá truy cập không hợp lệ hoặc đã bị thu hồi";
	if (!secret || strlen(secret) != 67 || strncmp(secret, "cb_", 3))
		return err_set(e, ERR_UNAUTHORIZED, "%s", BAD);
	char th[65];
	secret_hash(secret, th);
	db_stmt_t *s = db_stmt(c->db, STMT_TOKEN_GET, e);
	if (!s)
		return e ? e->code : ERR_DB;
	db_bind_text(s, 1, th, -1);
	int r = db_step(s, e);
	if (r < 0)
		return e ? e->code : ERR_DB;
	if (r != DB_ROW)
		return err_set(e, ERR_UNAUTHORIZED, "%s", BAD);
	int64_t tid = db_col_int(s, 0), uid = db_col_int(s, 1);
	int ro = (int)db_col_int(s, 2);
	char last[32] = "";
	if (!db_col_is_null(s, 3))
		snprintf(last, sizeof last, "%s", db_col_text(s, 3));
	db_reset(s);
	if ((r = load_user(c, STMT_USER_BY_ID, NULL, uid, u, e)))
		return r;
	if (u->disabled)
		return err_set(e, ERR_UNAUTHORIZED, "%s", BAD);
	u->read_only = ro;
	u->must_change = 0; /* a token is not a password */
	/* record the last use at most once a minute: reads stay reads */
	char now[32], minute_ago[32];
	time_t now_t = time(NULL);
	iso_at(now_t, now);
	iso_at(now_t - 60, minute_ago);
	s = strcmp(last, minute_ago) < 0 ? db_stmt(c->db, STMT_TOKEN_USED, e) : NULL;
	if (s) {
		db_bind_int(s, 1, tid);
		db_bind_text(s, 2, now, -1);
		err_t ignore;
		(void)db_exec(s, &ignore);
	}
	return 0;
}

int auth_token_list(app_ctx_t *c, const char *username, auth_token_list_t *out, err_t *e)
{
	memset(out, 0, sizeof *out);
	if (c->role != ROLE_ADMIN && (!username || strcmp(c->actor + 5, username)))
		return err_set(e, ERR_FORBIDDEN, "Chỉ quản trị viên được xem khoá của người khác");
	db_stmt_t *s = db_stmt(c->db, STMT_TOKEN_LIST, e);
	if (!s)
		return e ? e->code : ERR_DB;
	db_bind_text(s, 1, username, -1);
	int r;
	while ((r = db_step(s, e)) == DB_ROW) {
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 8;
			out->v = xrealloc(out->v, out->cap * sizeof *out->v);
		}
		auth_token_row_t *t = &out->v[out->n++];
		memset(t, 0, sizeof *t);
		t->id = db_col_int(s, 0);
		snprintf(t->username, sizeof t->username, "%s", db_col_text(s, 1));
		snprintf(t->name, sizeof t->name, "%s", db_col_text(s, 2));
		t->read_only = (int)db_col_int(s, 3);
		snprintf(t->created_at, sizeof t->created_at, "%s", db_col_text(s, 4));
		if (!db_col_is_null(s, 5))
			snprintf(t->last_used, sizeof t->last_used, "%s", db_col_text(s, 5));
		if (!db_col_is_null(s, 6))
			snprintf(t->revoked_at, sizeof t->revoked_at, "%s", db_col_text(s, 6));
	}
	return r < 0 ? (e ? e->code : ERR_DB) : 0;
}

void auth_token_list_free(auth_token_list_t *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}
