/*
 * stmt_api_eval: statements used only by the web API handlers in
 * web/api_eval.c. Same rules as stmt.h. X(id, sql)
 *
 * They resolve what a route names (an evaluation by id or by person and
 * month, a task by id) to the people it concerns, so that the handler can
 * check who may act before it reads the request body; and they find the
 * evaluations a staff member or a reviewer may list.
 */
#ifndef CANBO_STMT_API_EVAL_H
#define CANBO_STMT_API_EVAL_H

/* An evaluation's people, month, version and status (api_eval.c eref_t). */
#define API_EVAL_REF_COLS                                                                \
	"e.id, e.person_id, p.code, e.year, e.month, e.reviewer_id, e.decider_id,"           \
	" e.version, e.status, e.unit_id "                                                   \
	"FROM evaluations e JOIN people p ON p.id = e.person_id "

#define STMT_TABLE_API_EVAL(X)                                                           \
	X(STMT_API_EVAL_REF_ID, "SELECT " API_EVAL_REF_COLS "WHERE e.id = ?1")                 \
	X(STMT_API_EVAL_REF_KEY,                                                             \
	  "SELECT " API_EVAL_REF_COLS "WHERE p.code = ?1 AND e.year = ?2 AND e.month = ?3")    \
	/* the month's evaluations of the person ?3 (?4 = 1: also those they review or     \
	 * decide), in the order of eval_list */                                            \
	X(STMT_API_EVAL_MINE,                                                                \
	  "SELECT p.code, e.unit_id FROM evaluations e JOIN people p ON p.id = e.person_id"    \
	  " JOIN units u ON u.id = e.unit_id WHERE e.year = ?1 AND e.month = ?2 AND"           \
	  " (e.person_id = ?3 OR (?4 = 1 AND (e.reviewer_id = ?3 OR e.decider_id = ?3)))"      \
	  " ORDER BY u.code, p.name_key")                                                     \
	/* the units of the month's evaluations that ?1 decides */                           \
	X(STMT_API_EVAL_DECIDES,                                                             \
	  "SELECT DISTINCT e.unit_id, u.code FROM evaluations e JOIN units u ON"               \
	  " u.id = e.unit_id WHERE e.decider_id = ?1 AND e.year = ?2 AND e.month = ?3"         \
	  " ORDER BY u.code")                                                                 \
	/* a task's evaluation and people */                                                 \
	X(STMT_API_EVAL_TASK_REF,                                                            \
	  "SELECT t.id, t.assigned_by, e.person_id, p.code, e.year, e.month FROM tasks t"      \
	  " JOIN evaluations e ON e.id = t.evaluation_id JOIN people p ON p.id = e.person_id"  \
	  " WHERE t.id = ?1")                                                                 \
	/* people holding a current primary post in the current subtree of unit ?1: how   \
	 * large opening a period will be (run in the background above a threshold) */      \
	X(STMT_API_EVAL_SUBTREE_PEOPLE,                                                      \
	  "WITH RECURSIVE sub(id) AS (SELECT CAST(?1 AS BIGINT) UNION SELECT v.unit_id"        \
	  " FROM unit_versions v JOIN sub ON v.parent_id = sub.id WHERE v.valid_to IS NULL)"   \
	  " SELECT COUNT(*) FROM assignments a WHERE a.kind = 'primary' AND"                   \
	  " a.valid_to IS NULL AND a.unit_id IN (SELECT id FROM sub)")

#endif
