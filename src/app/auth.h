/*
 * auth: users, passwords, sessions and API tokens.
 *
 * A user signs in with a username and a password (argon2id through
 * libsodium's crypto_pwhash_str; at most AUTH_HASH_CONCURRENCY hashes run at
 * once, so a burst of sign-ins cannot exhaust memory). A user has one role
 * (staff, reviewer, head, hr, viewer, admin), may be linked to a person (the
 * one whose evaluations they fill in, review or decide) and may be limited to
 * an organisation subtree (scope).
 *
 * Sessions and API tokens are random secrets given to the client once; the
 * database keeps only their SHA-256, so a copy of the database does not let
 * anyone sign in. A session expires after AUTH_SESSION_IDLE of inactivity or
 * AUTH_SESSION_MAX after sign-in, whichever comes first, and carries a CSRF
 * token that cookie-authenticated writes must echo in X-CSRF-Token.
 *
 * Five failed sign-ins in a row lock the account for AUTH_LOCK_MINUTES; a
 * user with an initial password (created or reset by an administrator) may
 * only change it until they do.
 *
 * Every change (users, password changes, tokens) is audited; sign-in and
 * sign-out are audited too.
 */
#ifndef CANBO_AUTH_H
#define CANBO_AUTH_H

#include <stdint.h>

#include "app/ctx.h"

#define AUTH_HASH_CONCURRENCY 2
#define AUTH_MAX_FAILS 5
#define AUTH_LOCK_MINUTES 15
#define AUTH_SESSION_IDLE (60 * 60)       /* seconds */
#define AUTH_SESSION_MAX (12 * 60 * 60)   /* seconds */
#define AUTH_PASSWORD_MIN 10              /* characters (code points) */

/* Role names as stored and used in the API ("staff" …), and their
 * Vietnamese labels. */
const char *auth_role_name(app_role r);
const char *auth_role_label(app_role r);
/* Parses a role name; -1 when unknown. */
int auth_role_parse(const char *s);

typedef struct auth_user {
	int64_t id;
	char username[65];
	app_role role;
	int64_t person_id;      /* 0: not linked */
	char person_code[65];
	char person_name[257];
	int64_t scope_unit_id;  /* 0: whole tree */
	char scope_unit_code[65];
	int must_change;
	int disabled;
	int read_only;          /* signed in with a read-only API token */
	char csrf[65];          /* session's CSRF token ("" for API tokens) */
	int64_t session_id;     /* 0 for API tokens */
} auth_user_t;

/* Fills c's actor, role, scope and person from u (source stays). */
void auth_apply(app_ctx_t *c, const auth_user_t *u);

/* ---- administration (administrator only; the CLI acts as one) ---------- */

/* Creates a user. password NULL: a random initial password is generated and
 * written to pw_out[33] (always filled with the password to hand over).
 * must_change is set: the user changes it at first sign-in. */
int auth_user_add(app_ctx_t *c, const char *username, app_role role, const char *person_code,
		  const char *scope_unit_code, const char *password, char pw_out[33], err_t *e);
/* Sets a new initial password (random when password is NULL), unlocks the
 * account and ends its sessions. */
int auth_user_reset(app_ctx_t *c, const char *username, const char *password, char pw_out[33],
		    err_t *e);
/* Disables (disable = 1) or enables a user; disabling ends their sessions
 * and stops their tokens working. */
int auth_user_disable(app_ctx_t *c, const char *username, int disable, err_t *e);

/* Marks the user's password as chosen (no change forced at sign-in); the
 * demo's users. Administrator only; audited. */
int auth_user_ready(app_ctx_t *c, const char *username, err_t *e);

typedef struct auth_user_list {
	auth_user_t *v;
	size_t n, cap;
} auth_user_list_t;
int auth_user_list(app_ctx_t *c, auth_user_list_t *out, err_t *e);
void auth_user_list_free(auth_user_list_t *l);
int auth_user_get(app_ctx_t *c, const char *username, auth_user_t *out, err_t *e);

/* ---- sign-in ------------------------------------------------------------ */

/* Checks username and password. On success starts a session: token_out[65]
 * receives the secret for the cookie and u the user (with csrf). Wrong
 * username or password: ERR_UNAUTHORIZED with one message for both; a locked
 * or disabled account: ERR_FORBIDDEN. */
int auth_login(app_ctx_t *c, const char *username, const char *password, auth_user_t *u,
	       char token_out[65], err_t *e);
/* Resolves a session secret (touching its last use). ERR_UNAUTHORIZED when
 * unknown or expired. */
int auth_session(app_ctx_t *c, const char *token, auth_user_t *u, err_t *e);
/* Ends the session. */
int auth_logout(app_ctx_t *c, int64_t session_id, err_t *e);
/* Changes the signed-in user's password after checking the old one; ends
 * their other sessions. */
int auth_change_password(app_ctx_t *c, const auth_user_t *u, const char *old_pw,
			 const char *new_pw, err_t *e);

/* ---- API tokens ---------------------------------------------------------- */

/* Creates a token for username (administrators: any user; others: only for
 * themselves). token_out[80] receives the secret, shown once. */
int64_t auth_token_add(app_ctx_t *c, const char *username, const char *name, int read_only,
		       char token_out[80], err_t *e);
int auth_token_revoke(app_ctx_t *c, int64_t id, err_t *e);
/* Resolves "Authorization: Bearer SECRET". */
int auth_token(app_ctx_t *c, const char *secret, auth_user_t *u, err_t *e);

typedef struct auth_token_row {
	int64_t id;
	char username[65], name[129], created_at[32], last_used[32], revoked_at[32];
	int read_only;
} auth_token_row_t;
typedef struct auth_token_list {
	auth_token_row_t *v;
	size_t n, cap;
} auth_token_list_t;
/* Tokens of username (NULL: all; administrators only). */
int auth_token_list(app_ctx_t *c, const char *username, auth_token_list_t *out, err_t *e);
void auth_token_list_free(auth_token_list_t *l);

/* Generates a random password of 16 characters from an unambiguous
 * alphabet into out[33]. */
void auth_random_password(char out[33]);

#endif
