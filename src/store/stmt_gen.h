/*
 * stmt_gen: statements used only by the synthetic-workforce generator
 * (app/gen.c) and the demo, kept apart from the main registry. Same rules
 * as stmt.h. X(id, sql)
 *
 * The generator writes millions of rows into an empty database, so its
 * inserts name only the columns it fills and take constants for the rest
 * (status 'working', kind 'primary'). The index statements let it drop
 * the two people indexes whose keys arrive in random order (sort keys and
 * search folds) and build them once at the end, in the same transaction:
 * their text is exactly that of migration 0001, so the schema afterwards
 * is identical to that of any other database.
 */
#ifndef CANBO_STMT_GEN_H
#define CANBO_STMT_GEN_H

#define STMT_TABLE_GEN(X)                                                                \
	X(STMT_GEN_COUNTS, "SELECT (SELECT COUNT(*) FROM units), (SELECT COUNT(*) FROM people)") \
	X(STMT_GEN_UNIT_INSERT, "INSERT INTO units(code, created_at) VALUES (?1, ?2)")       \
	X(STMT_GEN_VERSION_INSERT,                                                           \
	  "INSERT INTO unit_versions(unit_id, parent_id, name, name_fold, name_key, kind,"     \
	  " sector, valid_from) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")                      \
	X(STMT_GEN_PERSON_INSERT,                                                            \
	  "INSERT INTO people(code, full_name, name_fold, name_key, birth_date, gender,"       \
	  " ethnicity, home_town, category, rank_name, rank_code, salary_step, salary_coef,"   \
	  " salary_from, degree, major, llct, qlnn, it_level, language, party_joined,"         \
	  " party_official, status, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"   \
	  " ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,"      \
	  " 'working', ?23, ?23)")                                                             \
	X(STMT_GEN_ASSIGN_INSERT,                                                            \
	  "INSERT INTO assignments(person_id, unit_id, kind, position, is_leader,"             \
	  " leader_level, valid_from) SELECT id, ?2, 'primary', ?3, ?4, ?5, ?6 FROM people"     \
	  " WHERE code = ?1")                                                                  \
	X(STMT_GEN_DROP_PEOPLE_NAME_KEY, "DROP INDEX people_name_key")                        \
	X(STMT_GEN_DROP_PEOPLE_NAME_FOLD, "DROP INDEX people_name_fold")                      \
	X(STMT_GEN_CREATE_PEOPLE_NAME_KEY, "CREATE INDEX people_name_key ON people(name_key)") \
	X(STMT_GEN_CREATE_PEOPLE_NAME_FOLD,                                                  \
	  "CREATE INDEX people_name_fold ON people(name_fold)")

#endif
