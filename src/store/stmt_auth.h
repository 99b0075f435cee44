/*
 * stmt_auth: users, sessions, API tokens, jobs and the organisation-scope
 * checks of app/access.c. Same rules as stmt.h. X(id, sql)
 */
#ifndef CANBO_STMT_AUTH_H
#define CANBO_STMT_AUTH_H

#define AUTH_USER_COLS                                                                   \
	"us.id, us.username, us.role, us.person_id, p.code, p.full_name, us.scope_unit_id,"  \
	" su.code, us.must_change, us.disabled "                                             \
	"FROM users us LEFT JOIN people p ON p.id = us.person_id"                            \
	" LEFT JOIN units su ON su.id = us.scope_unit_id "

#define STMT_TABLE_AUTH(X)                                                               \
	X(STMT_USER_INSERT,                                                                  \
	  "INSERT INTO users(username, pass_hash, person_id, role, scope_unit_id,"             \
	  " must_change, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?6)")      \
	X(STMT_USER_BY_NAME, "SELECT " AUTH_USER_COLS "WHERE us.username = ?1")              \
	X(STMT_USER_BY_ID, "SELECT " AUTH_USER_COLS "WHERE us.id = ?1")                      \
	X(STMT_USER_ALL, "SELECT " AUTH_USER_COLS "ORDER BY us.username")                    \
	X(STMT_USER_SECRET,                                                                  \
	  "SELECT id, pass_hash, failed_count, locked_until, disabled FROM users"              \
	  " WHERE username = ?1")                                                            \
	X(STMT_USER_FAIL,                                                                    \
	  "UPDATE users SET failed_count = ?2, locked_until = ?3, updated_at = ?4"             \
	  " WHERE id = ?1")                                                                  \
	X(STMT_USER_OK,                                                                      \
	  "UPDATE users SET failed_count = 0, locked_until = NULL WHERE id = ?1")              \
	X(STMT_USER_SET_PASSWORD,                                                            \
	  "UPDATE users SET pass_hash = ?2, must_change = ?3, failed_count = 0,"               \
	  " locked_until = NULL, updated_at = ?4 WHERE id = ?1")                              \
	X(STMT_USER_SET_DISABLED,                                                            \
	  "UPDATE users SET disabled = ?2, updated_at = ?3 WHERE id = ?1")                    \
	X(STMT_SESSION_INSERT,                                                               \
	  "INSERT INTO sessions(token_hash, user_id, csrf, created_at, seen_at, expires_at,"   \
	  " source) VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)")                                     \
	X(STMT_SESSION_GET,                                                                  \
	  "SELECT id, user_id, csrf, seen_at, expires_at FROM sessions WHERE token_hash = ?1") \
	X(STMT_SESSION_TOUCH, "UPDATE sessions SET seen_at = ?2 WHERE id = ?1")              \
	X(STMT_SESSION_DELETE, "DELETE FROM sessions WHERE id = ?1")                         \
	X(STMT_SESSION_DELETE_USER,                                                          \
	  "DELETE FROM sessions WHERE user_id = ?1 AND id <> ?2")                             \
	X(STMT_SESSION_PURGE, "DELETE FROM sessions WHERE expires_at < ?1 OR seen_at < ?2")  \
	X(STMT_TOKEN_INSERT,                                                                 \
	  "INSERT INTO api_tokens(token_hash, user_id, name, read_only, created_at)"           \
	  " VALUES (?1, ?2, ?3, ?4, ?5)")                                                     \
	X(STMT_TOKEN_GET,                                                                    \
	  "SELECT id, user_id, read_only, last_used FROM api_tokens WHERE token_hash = ?1"     \
	  " AND revoked_at IS NULL")                                                         \
	X(STMT_TOKEN_USED, "UPDATE api_tokens SET last_used = ?2 WHERE id = ?1")             \
	X(STMT_TOKEN_OWNER,                                                                  \
	  "SELECT t.user_id, u.username, t.revoked_at FROM api_tokens t"                       \
	  " JOIN users u ON u.id = t.user_id WHERE t.id = ?1")                                \
	X(STMT_TOKEN_REVOKE, "UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1")          \
	X(STMT_TOKEN_LIST,                                                                   \
	  "SELECT t.id, u.username, t.name, t.read_only, t.created_at, t.last_used,"           \
	  " t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id"                  \
	  " WHERE CAST(?1 AS TEXT) IS NULL OR u.username = ?1 ORDER BY t.id")                 \
	/* scope: is unit ?1 inside the subtree of ?2 — through any version of  \
	 * the tree, or through what it was merged or split into (so an old    \
	 * ward's history stays visible to the scope of the ward it became) */ \
	/* one recursive term (PostgreSQL allows no more): k.n = 1 walks to a      \
	 * parent, k.n = 2 to where a merge or split took the unit */              \
	X(STMT_ACCESS_UNIT_IN,                                                               \
	  "WITH RECURSIVE up(id) AS (SELECT CAST(?1 AS BIGINT) UNION"                          \
	  " SELECT CASE WHEN k.n = 1 THEN v.parent_id ELSE t.unit_id END"                      \
	  " FROM up CROSS JOIN (SELECT 1 AS n UNION ALL SELECT 2) k"                           \
	  " LEFT JOIN unit_versions v ON k.n = 1 AND v.unit_id = up.id"                        \
	  " AND v.parent_id IS NOT NULL"                                                       \
	  " LEFT JOIN unit_event_units f ON k.n = 2 AND f.unit_id = up.id AND f.role = 'from'" \
	  " LEFT JOIN unit_event_units t ON t.event_id = f.event_id AND t.role = 'to'"         \
	  " WHERE (k.n = 1 AND v.parent_id IS NOT NULL) OR (k.n = 2 AND t.unit_id IS NOT NULL))" \
	  " SELECT 1 FROM up WHERE id = ?2 LIMIT 1")                                           \
	/* the units a person works in now (primary and concurrent posts) */                  \
	X(STMT_ACCESS_PERSON_UNITS,                                                          \
	  "SELECT unit_id FROM assignments WHERE person_id = ?1 AND valid_to IS NULL")          \
	/* does person ?2 review or decide one of person ?1's evaluations */                   \
	X(STMT_ACCESS_MANAGES,                                                               \
	  "SELECT 1 FROM evaluations WHERE person_id = ?1 AND (reviewer_id = ?2"               \
	  " OR decider_id = ?2) LIMIT 1")                                                     \
	X(STMT_USER_READY, "UPDATE users SET must_change = 0, updated_at = ?2 WHERE id = ?1")   \
	/* the demo's trio: a leader of unit ?1 in month ?2/?3 whose reviewer and decider differ */ \
	X(STMT_DEMO_TRIO,                                                                    \
	  "SELECT p.code, r.code, d.code FROM evaluations e JOIN units u ON u.id = e.unit_id"  \
	  " JOIN people p ON p.id = e.person_id JOIN people r ON r.id = e.reviewer_id"         \
	  " JOIN people d ON d.id = e.decider_id WHERE u.code = ?1 AND e.year = ?2"            \
	  " AND e.month = ?3 AND e.reviewer_id <> e.decider_id ORDER BY p.code LIMIT 1")        \
	X(STMT_JOB_INSERT,                                                                   \
	  "INSERT INTO jobs(kind, user_id, state, created_at) VALUES (?1, ?2, 'queued', ?3)")  \
	X(STMT_JOB_UPDATE,                                                                   \
	  "UPDATE jobs SET state = ?2, done_count = ?3, total_count = ?4, message = ?5,"       \
	  " result = ?6, finished_at = ?7 WHERE id = ?1")                                     \
	X(STMT_JOB_GET,                                                                      \
	  "SELECT id, kind, user_id, state, done_count, total_count, message, result,"         \
	  " created_at, finished_at FROM jobs WHERE id = ?1")

#endif
