/*
 * stmt_api_admin: statements used only by the web API handlers in
 * web/api_admin.c and by what they added to app/audit.c (a record's
 * history). Same rules as stmt.h. X(id, sql)
 *
 * STMT_AUDIT_HISTORY and its count select the rows of one record: entity
 * ?1 and entity_id equal to ?2, or — when ?3 is not NULL — starting with
 * ?3 (every version of a framework, "HN-3814@"; a setting at every level,
 * "deadline.self@"). Newest first; ?4 limit, ?5 offset. Columns: 0 id,
 * 1 at, 2 actor, 3 source, 4 action, 5 entity, 6 entity_id, 7 before,
 * 8 after. (audit_log has no index on entity: a history reads the whole
 * log; see docs/api-admin.md.)
 *
 * STMT_API_EVAL_PERSON: the person an evaluation belongs to (?1 its id),
 * for the access check on an evaluation's history.
 */
#ifndef CANBO_STMT_API_ADMIN_H
#define CANBO_STMT_API_ADMIN_H

#define AUDIT_RECORD_WHERE                                                               \
	"WHERE entity = ?1 AND (entity_id = ?2 OR (CAST(?3 AS TEXT) IS NOT NULL"           \
	" AND substr(entity_id, 1, length(?3)) = ?3)) "

#define STMT_TABLE_API_ADMIN(X)                                                          \
	X(STMT_AUDIT_HISTORY,                                                                \
	  "SELECT id, at, actor, source, action, entity, entity_id, before, after"             \
	  " FROM audit_log " AUDIT_RECORD_WHERE "ORDER BY id DESC LIMIT ?4 OFFSET ?5")         \
	X(STMT_AUDIT_HISTORY_COUNT, "SELECT COUNT(*) FROM audit_log " AUDIT_RECORD_WHERE)     \
	X(STMT_API_EVAL_PERSON, "SELECT person_id FROM evaluations WHERE id = ?1")

#endif
