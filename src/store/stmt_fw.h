/*
 * stmt_fw: statements of the criteria frameworks (app/fw.c) and the
 * settings (app/settings.c), kept apart from the main registry. Same rules
 * as stmt.h. X(id, sql)
 *
 * framework_versions rows are only ever inserted (a change is a new
 * version). FW_COLS is the column list of a row as app/fw.c reads it:
 * 0 id, 1 code, 2 version, 3 name, 4 legal_basis, 5 effective_from,
 * 6 effective_to (exclusive, NULL while open), 7 categories, 8 roles,
 * 9 unit_id, 10 unit code, 11 parent_id, 12 parent code, 13 parent version,
 * 14 builtin, 15 created_at, 16 created_by.
 *
 * The two selection statements take 1 the ISO date, 2 a LIKE pattern on
 * the comma list of categories ("%,CC,%"), 3 one on the roles
 * ("%,leader,%"), and (FW_SELECT_UNIT only) 4 the unit id; they list the
 * versions in force that day, best first: latest effective_from, then
 * highest version.
 *
 * SETTING_LOOKUP walks up the unit tree as it is today (open versions)
 * from unit ?1 (NULL: system-wide only) and returns the nearest row for key
 * ?2, the system-wide row last: 0 value, 1 depth (1000 for system-wide),
 * 2 unit_id, 3 unit code, 4 updated_at.
 */
#ifndef CANBO_STMT_FW_H
#define CANBO_STMT_FW_H

#define FW_COLS                                                                          \
	"f.id, f.code, f.version, f.name, f.legal_basis, f.effective_from, f.effective_to,"  \
	" f.categories, f.roles, f.unit_id, u.code, f.parent_id, p.code, p.version,"         \
	" f.builtin, f.created_at, f.created_by FROM framework_versions f"                   \
	" LEFT JOIN units u ON u.id = f.unit_id"                                             \
	" LEFT JOIN framework_versions p ON p.id = f.parent_id "

#define FW_IN_FORCE                                                                      \
	" effective_from <= ?1 AND (effective_to IS NULL OR effective_to > ?1)"              \
	" AND (',' || categories || ',') LIKE ?2 AND (',' || roles || ',') LIKE ?3"          \
	" ORDER BY effective_from DESC, version DESC, id DESC"

#define STMT_TABLE_FW(X)                                                                 \
	X(STMT_FW_INSERT,                                                                    \
	  "INSERT INTO framework_versions(code, version, name, legal_basis, effective_from,"   \
	  " effective_to, categories, roles, unit_id, parent_id, builtin, json, created_at,"   \
	  " created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)") \
	X(STMT_FW_LATEST,                                                                    \
	  "SELECT id, version, unit_id, builtin FROM framework_versions WHERE code = ?1"       \
	  " ORDER BY version DESC LIMIT 1")                                                    \
	X(STMT_FW_LATEST_BUILTIN,                                                            \
	  "SELECT id, version FROM framework_versions WHERE code = ?1 AND builtin = 1"         \
	  " ORDER BY version DESC LIMIT 1")                                                    \
	X(STMT_FW_BY_CODE_VERSION,                                                           \
	  "SELECT id FROM framework_versions WHERE code = ?1 AND version = ?2")                \
	X(STMT_FW_JSON, "SELECT json FROM framework_versions WHERE id = ?1")                  \
	X(STMT_FW_ROW, "SELECT " FW_COLS "WHERE f.id = ?1")                                   \
	X(STMT_FW_LIST,                                                                      \
	  "SELECT " FW_COLS "WHERE CAST(?1 AS INTEGER) = 1 OR f.version = (SELECT MAX(m.version)" \
	  " FROM framework_versions m WHERE m.code = f.code) ORDER BY f.builtin DESC,"         \
	  " CASE WHEN f.unit_id IS NULL THEN 0 ELSE 1 END, u.code, f.effective_from, f.code,"  \
	  " f.version")                                                                        \
	X(STMT_FW_COUNT_CODE, "SELECT COUNT(*) FROM framework_versions WHERE code = ?1")      \
	X(STMT_FW_PARENT_OF,                                                                 \
	  "SELECT parent_id, code, unit_id FROM framework_versions WHERE id = ?1")             \
	X(STMT_FW_SELECT_SYSTEM,                                                             \
	  "SELECT id, code FROM framework_versions WHERE unit_id IS NULL AND" FW_IN_FORCE)      \
	X(STMT_FW_SELECT_UNIT,                                                               \
	  "SELECT id, parent_id FROM framework_versions WHERE unit_id = ?4 AND" FW_IN_FORCE)    \
	X(STMT_FW_UNIT_PARENT_AT,                                                            \
	  "SELECT parent_id FROM unit_versions WHERE unit_id = ?1 AND valid_from <= ?2"        \
	  " AND (valid_to IS NULL OR valid_to > ?2)")                                          \
	X(STMT_FW_UNIT_PARENT_LAST,                                                          \
	  "SELECT parent_id FROM unit_versions WHERE unit_id = ?1 ORDER BY valid_from DESC"    \
	  " LIMIT 1")                                                                          \
	X(STMT_FW_UNIT_NAME,                                                                 \
	  "SELECT u.code, (SELECT v.name FROM unit_versions v WHERE v.unit_id = u.id"          \
	  " ORDER BY v.valid_from DESC LIMIT 1) FROM units u WHERE u.id = ?1")                 \
	/* settings */                                                                       \
	X(STMT_SETTING_LOOKUP,                                                               \
	  "WITH RECURSIVE up(id, depth) AS (SELECT CAST(?1 AS BIGINT), 0 UNION ALL"            \
	  " SELECT v.parent_id, up.depth + 1 FROM up JOIN unit_versions v ON v.unit_id = up.id" \
	  " AND v.valid_to IS NULL WHERE up.depth < 64)"                                       \
	  " SELECT s.value, up.depth, s.unit_id, u.code, s.updated_at FROM up"                 \
	  " JOIN settings s ON s.unit_id = up.id JOIN units u ON u.id = s.unit_id"             \
	  " WHERE s.key = ?2"                                                                  \
	  " UNION ALL SELECT value, 1000, unit_id, NULL, updated_at FROM settings"             \
	  " WHERE unit_id IS NULL AND key = ?2 ORDER BY 2 LIMIT 1")                            \
	X(STMT_SETTING_FIND,                                                                 \
	  "SELECT id, value FROM settings WHERE key = ?2 AND ((CAST(?1 AS BIGINT) IS NULL"     \
	  " AND unit_id IS NULL) OR unit_id = ?1)")                                            \
	X(STMT_SETTING_INSERT,                                                               \
	  "INSERT INTO settings(unit_id, key, value, updated_at) VALUES (?1, ?2, ?3, ?4)")     \
	X(STMT_SETTING_UPDATE, "UPDATE settings SET value = ?2, updated_at = ?3 WHERE id = ?1") \
	X(STMT_SETTING_DELETE, "DELETE FROM settings WHERE id = ?1")

#endif
