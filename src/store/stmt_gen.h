/*
 * stmt_gen: statements used only by the synthetic-workforce generator
 * (app/gen.c) and the demo (app/demo.c: STMT_GEN_COUNTS, to refuse a
 * database that already holds data), kept apart from the main registry.
 * Same rules as stmt.h. X(id, sql)
 *
 * The generator writes millions of rows into an empty database, so its
 * inserts name only the columns it fills and take constants for the rest
 * (status 'working', kind 'primary'). People and their posts go 16 rows
 * per statement (the *_BATCH statements: row r of people takes parameters
 * 22r+1 .. 22r+22 and all rows share ?353 for the timestamps; row r of
 * posts takes 6r+1 .. 6r+6), the single-row forms write the remainder. A
 * post finds its person by code in the same statement, instead of the
 * person's insert using RETURNING. The index statements let the generator
 * drop the two people indexes whose keys arrive in random order (sort keys
 * and search folds) and build them once at the end, in the same
 * transaction: their text is exactly that of migration 0001, so the schema
 * afterwards is identical to that of any other database. The importer's
 * bulk path (app/import.c) uses them too, with the posts' index by unit.
 */
#ifndef CANBO_STMT_GEN_H
#define CANBO_STMT_GEN_H

#define STMT_TABLE_GEN(X)                                                                \
	X(STMT_GEN_COUNTS, "SELECT (SELECT COUNT(*) FROM units), (SELECT COUNT(*) FROM people)") \
	X(STMT_GEN_UNIT_INSERT, "INSERT INTO units(code, created_at) VALUES (?1, ?2)")   \
	X(STMT_GEN_VERSION_INSERT,                                                       \
	  "INSERT INTO unit_versions(unit_id, parent_id, name, name_fold, name_key, kind," \
	  " sector, valid_from) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")                \
	X(STMT_GEN_PERSON_INSERT,                                                        \
	  "INSERT INTO people(code, full_name, name_fold, name_key, birth_date, gender," \
	  " ethnicity, home_town, category, rank_name, rank_code, salary_step, salary_coef," \
	  " salary_from, degree, major, llct, qlnn, it_level, language, party_joined,"   \
	  " party_official, status, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6," \
	  " ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22," \
	  " 'working', ?23, ?23)")                                                       \
	X(STMT_GEN_ASSIGN_INSERT,                                                        \
	  "INSERT INTO assignments(person_id, unit_id, kind, position, is_leader,"       \
	  " leader_level, valid_from) SELECT id, ?2, 'primary', ?3, ?4, ?5, ?6 FROM people" \
	  " WHERE code = ?1")                                                            \
	X(STMT_GEN_PEOPLE_INSERT_BATCH,                                                  \
	  "INSERT INTO people(code, full_name, name_fold, name_key, birth_date, gender," \
	  " ethnicity, home_town, category, rank_name, rank_code, salary_step, salary_coef," \
	  " salary_from, degree, major, llct, qlnn, it_level, language, party_joined,"   \
	  " party_official, status, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6," \
	  " ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22," \
	  " 'working', ?353, ?353), (?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33," \
	  " ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42, ?43, ?44, 'working', ?353, ?353)," \
	  " (?45, ?46, ?47, ?48, ?49, ?50, ?51, ?52, ?53, ?54, ?55, ?56, ?57, ?58, ?59," \
	  " ?60, ?61, ?62, ?63, ?64, ?65, ?66, 'working', ?353, ?353), (?67, ?68, ?69, ?70," \
	  " ?71, ?72, ?73, ?74, ?75, ?76, ?77, ?78, ?79, ?80, ?81, ?82, ?83, ?84, ?85, ?86," \
	  " ?87, ?88, 'working', ?353, ?353), (?89, ?90, ?91, ?92, ?93, ?94, ?95, ?96, ?97," \
	  " ?98, ?99, ?100, ?101, ?102, ?103, ?104, ?105, ?106, ?107, ?108, ?109, ?110," \
	  " 'working', ?353, ?353), (?111, ?112, ?113, ?114, ?115, ?116, ?117, ?118, ?119," \
	  " ?120, ?121, ?122, ?123, ?124, ?125, ?126, ?127, ?128, ?129, ?130, ?131, ?132," \
	  " 'working', ?353, ?353), (?133, ?134, ?135, ?136, ?137, ?138, ?139, ?140, ?141," \
	  " ?142, ?143, ?144, ?145, ?146, ?147, ?148, ?149, ?150, ?151, ?152, ?153, ?154," \
	  " 'working', ?353, ?353), (?155, ?156, ?157, ?158, ?159, ?160, ?161, ?162, ?163," \
	  " ?164, ?165, ?166, ?167, ?168, ?169, ?170, ?171, ?172, ?173, ?174, ?175, ?176," \
	  " 'working', ?353, ?353), (?177, ?178, ?179, ?180, ?181, ?182, ?183, ?184, ?185," \
	  " ?186, ?187, ?188, ?189, ?190, ?191, ?192, ?193, ?194, ?195, ?196, ?197, ?198," \
	  " 'working', ?353, ?353), (?199, ?200, ?201, ?202, ?203, ?204, ?205, ?206, ?207," \
	  " ?208, ?209, ?210, ?211, ?212, ?213, ?214, ?215, ?216, ?217, ?218, ?219, ?220," \
	  " 'working', ?353, ?353), (?221, ?222, ?223, ?224, ?225, ?226, ?227, ?228, ?229," \
	  " ?230, ?231, ?232, ?233, ?234, ?235, ?236, ?237, ?238, ?239, ?240, ?241, ?242," \
	  " 'working', ?353, ?353), (?243, ?244, ?245, ?246, ?247, ?248, ?249, ?250, ?251," \
	  " ?252, ?253, ?254, ?255, ?256, ?257, ?258, ?259, ?260, ?261, ?262, ?263, ?264," \
	  " 'working', ?353, ?353), (?265, ?266, ?267, ?268, ?269, ?270, ?271, ?272, ?273," \
	  " ?274, ?275, ?276, ?277, ?278, ?279, ?280, ?281, ?282, ?283, ?284, ?285, ?286," \
	  " 'working', ?353, ?353), (?287, ?288, ?289, ?290, ?291, ?292, ?293, ?294, ?295," \
	  " ?296, ?297, ?298, ?299, ?300, ?301, ?302, ?303, ?304, ?305, ?306, ?307, ?308," \
	  " 'working', ?353, ?353), (?309, ?310, ?311, ?312, ?313, ?314, ?315, ?316, ?317," \
	  " ?318, ?319, ?320, ?321, ?322, ?323, ?324, ?325, ?326, ?327, ?328, ?329, ?330," \
	  " 'working', ?353, ?353), (?331, ?332, ?333, ?334, ?335, ?336, ?337, ?338, ?339," \
	  " ?340, ?341, ?342, ?343, ?344, ?345, ?346, ?347, ?348, ?349, ?350, ?351, ?352," \
	  " 'working', ?353, ?353)")                                                     \
	X(STMT_GEN_POSTS_INSERT_BATCH,                                                   \
	  "INSERT INTO assignments(person_id, unit_id, kind, position, is_leader,"       \
	  " leader_level, valid_from) SELECT p.id, CAST(v.column2 AS BIGINT), 'primary'," \
	  " v.column3, CAST(v.column4 AS INTEGER), v.column5, v.column6 FROM (VALUES (?1," \
	  " ?2, ?3, ?4, ?5, ?6), (?7, ?8, ?9, ?10, ?11, ?12), (?13, ?14, ?15, ?16, ?17," \
	  " ?18), (?19, ?20, ?21, ?22, ?23, ?24), (?25, ?26, ?27, ?28, ?29, ?30), (?31," \
	  " ?32, ?33, ?34, ?35, ?36), (?37, ?38, ?39, ?40, ?41, ?42), (?43, ?44, ?45, ?46," \
	  " ?47, ?48), (?49, ?50, ?51, ?52, ?53, ?54), (?55, ?56, ?57, ?58, ?59, ?60),"  \
	  " (?61, ?62, ?63, ?64, ?65, ?66), (?67, ?68, ?69, ?70, ?71, ?72), (?73, ?74, ?75," \
	  " ?76, ?77, ?78), (?79, ?80, ?81, ?82, ?83, ?84), (?85, ?86, ?87, ?88, ?89, ?90)," \
	  " (?91, ?92, ?93, ?94, ?95, ?96)) AS v JOIN people p ON p.code = v.column1")   \
	X(STMT_BULK_DROP_PEOPLE_NAME_KEY, "DROP INDEX people_name_key")                   \
	X(STMT_BULK_DROP_PEOPLE_NAME_FOLD, "DROP INDEX people_name_fold")                 \
	X(STMT_BULK_CREATE_PEOPLE_NAME_KEY, "CREATE INDEX people_name_key ON people(name_key)") \
	X(STMT_BULK_CREATE_PEOPLE_NAME_FOLD,                                              \
	  "CREATE INDEX people_name_fold ON people(name_fold)")                            \
	X(STMT_BULK_DROP_ASSIGNMENTS_UNIT, "DROP INDEX assignments_unit")                 \
	X(STMT_BULK_CREATE_ASSIGNMENTS_UNIT,                                              \
	  "CREATE INDEX assignments_unit ON assignments(unit_id, valid_to)")

#endif
