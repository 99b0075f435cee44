/*
 * stmt: the statement registry — every SQL statement canbo runs, declared
 * up front and indexed by an enum (after kcgi/sqlbox).
 *
 * Rules for the SQL here, so that the PostgreSQL backend can run the same
 * text: parameters are ?N (the PostgreSQL backend rewrites them to $N);
 * untyped NULL tests on parameters use CAST(?N AS ...); upserts use
 * ON CONFLICT; inserts that need the new id run through db_insert() (no
 * RETURNING: SQLite builds a temporary table for it on every call); no
 * SQLite-only functions.
 * Dates are ISO text, so comparisons are string comparisons.
 *
 * The people column lists follow PERSON_FIELDS in app/people.h, in the
 * same order (tests/unit/test_people.c checks it).
 *
 * The two *_BATCH statements write PEOPLE_BATCH (24) new people and their
 * primary posts at once (people_batch in app/people.c): row r of people
 * takes parameters 27r+1 .. 27r+27 (the PERSON_COLS values, name_fold,
 * name_key) and all rows share ?649 for the timestamps; row r of posts
 * takes 7r+1 .. 7r+7 (person id, unit id, position, leader flag and level,
 * valid_from, decision). (24 rows is about as many as fit in the 4095
 * characters C guarantees for a string literal.) They store exactly what STMT_PERSON_INSERT and
 * STMT_ASSIGN_INSERT store for one row (kind 'primary', no end, no event).
 * people_batch holds them between batches and skips binding a parameter
 * that holds its value already: nothing else may bind them.
 *
 * X(id, sql)
 */
#ifndef CANBO_STMT_H
#define CANBO_STMT_H

#define PERSON_COLS                                                                      \
	"code, full_name, other_name, birth_date, gender, ethnicity, religion, birth_place, " \
	"home_town, category, rank_name, rank_code, salary_step, salary_coef, salary_from, "  \
	"degree, major, llct, qlnn, it_level, language, party_joined, party_official, "       \
	"status, status_from"
#define PERSON_NCOLS 25

#define UNIT_ROW_COLS                                                                    \
	"v.unit_id, v.parent_id, u.code, v.name, v.kind, v.sector, v.valid_from, "            \
	"v.valid_to, pu.code FROM unit_versions v JOIN units u ON u.id = v.unit_id "          \
	"LEFT JOIN units pu ON pu.id = v.parent_id "

#define PEOPLE_FILTER                                                                    \
	"WITH RECURSIVE sub(id) AS ("                                                        \
	" SELECT CAST(?1 AS BIGINT) WHERE CAST(?1 AS BIGINT) IS NOT NULL"                    \
	" UNION SELECT v.unit_id FROM unit_versions v JOIN sub ON v.parent_id = sub.id"      \
	" WHERE v.valid_to IS NULL AND CAST(?4 AS INTEGER) = 1) "
#define PEOPLE_JOIN                                                                      \
	"FROM people p "                                                                     \
	"LEFT JOIN assignments a ON a.person_id = p.id AND a.kind = 'primary'"               \
	" AND a.valid_to IS NULL "
#define PEOPLE_WHERE                                                                     \
	"WHERE (CAST(?1 AS BIGINT) IS NULL OR a.unit_id IN (SELECT id FROM sub)) "           \
	"AND (CAST(?2 AS TEXT) IS NULL OR p.name_fold LIKE ?2 ESCAPE '\\'"                   \
	" OR lower(p.code) LIKE ?2 ESCAPE '\\') "                                            \
	"AND (CAST(?3 AS TEXT) IS NULL OR p.category = ?3) "

#include "store/stmt_api_admin.h"
#include "store/stmt_api_eval.h"
#include "store/stmt_api_org.h"
#include "store/stmt_auth.h"
#include "store/stmt_eval.h"
#include "store/stmt_export.h"
#include "store/stmt_fw.h"
#include "store/stmt_gen.h"

#define STMT_TABLE(X)                                                                    \
	X(STMT_SCHEMA_VERSION, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations")      \
	X(STMT_SCHEMA_RECORD,                                                                \
	  "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?1, ?2, ?3)")      \
	/* audit */                                                                          \
	X(STMT_AUDIT_LAST, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")          \
	X(STMT_AUDIT_INSERT,                                                                 \
	  "INSERT INTO audit_log(id, at, actor, source, action, entity, entity_id, before,"    \
	  " after, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")     \
	X(STMT_AUDIT_ALL,                                                                    \
	  "SELECT id, at, actor, source, action, entity, entity_id, before, after,"            \
	  " prev_hash, hash FROM audit_log ORDER BY id")                                       \
	/* units */                                                                          \
	X(STMT_UNIT_ID_BY_CODE, "SELECT id FROM units WHERE code = ?1")                       \
	X(STMT_UNIT_BY_NAME_FOLD,                                                            \
	  "SELECT u.code FROM unit_versions v JOIN units u ON u.id = v.unit_id"                \
	  " WHERE v.valid_to IS NULL AND v.name_fold = ?1 ORDER BY u.code LIMIT 2")            \
	X(STMT_UNIT_INSERT, "INSERT INTO units(code, created_at) VALUES (?1, ?2)") \
	X(STMT_UNIT_OPEN_VERSION,                                                            \
	  "SELECT id, unit_id, parent_id, name, kind, sector, valid_from FROM unit_versions"   \
	  " WHERE unit_id = ?1 AND valid_to IS NULL")                                          \
	X(STMT_UNIT_VERSION_CLOSE, "UPDATE unit_versions SET valid_to = ?2 WHERE id = ?1")     \
	X(STMT_UNIT_VERSION_INSERT,                                                          \
	  "INSERT INTO unit_versions(unit_id, parent_id, name, name_fold, name_key, kind,"     \
	  " sector, valid_from, event_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")         \
	X(STMT_UNIT_VERSION_UPDATE,                                                          \
	  "UPDATE unit_versions SET parent_id = ?2, name = ?3, name_fold = ?4, name_key = ?5," \
	  " kind = ?6, sector = ?7 WHERE id = ?1")                                             \
	X(STMT_UNIT_OPEN_CHILDREN,                                                           \
	  "SELECT unit_id FROM unit_versions WHERE parent_id = ?1 AND valid_to IS NULL"        \
	  " ORDER BY name_key")                                                                \
	X(STMT_UNIT_TREE_AT,                                                                 \
	  "SELECT " UNIT_ROW_COLS "WHERE v.valid_from <= ?1 AND (v.valid_to IS NULL OR"        \
	  " v.valid_to > ?1) ORDER BY v.name_key, u.code")                                     \
	X(STMT_UNIT_PEOPLE_COUNT_AT,                                                         \
	  "SELECT unit_id, COUNT(*) FROM assignments WHERE kind = 'primary' AND"               \
	  " valid_from <= ?1 AND (valid_to IS NULL OR valid_to > ?1) GROUP BY unit_id")        \
	X(STMT_UNIT_SEARCH,                                                                  \
	  "SELECT " UNIT_ROW_COLS "WHERE v.name_fold LIKE ?1 ESCAPE '\\' OR lower(u.code)"     \
	  " LIKE ?1 ESCAPE '\\' ORDER BY v.name_key, u.code, v.valid_from")                    \
	X(STMT_UNIT_VERSIONS,                                                                \
	  "SELECT " UNIT_ROW_COLS "WHERE v.unit_id = ?1 ORDER BY v.valid_from")                \
	X(STMT_UNIT_EVENTS_OF,                                                               \
	  "SELECT DISTINCT e.id, e.kind, e.event_date, e.decision_no, e.note"                  \
	  " FROM unit_events e JOIN unit_event_units eu ON eu.event_id = e.id"                 \
	  " WHERE eu.unit_id = ?1 ORDER BY e.event_date, e.id")                                \
	X(STMT_EVENT_UNITS,                                                                  \
	  "SELECT eu.role, u.code, (SELECT name FROM unit_versions uv WHERE uv.unit_id = u.id" \
	  " ORDER BY uv.valid_from DESC LIMIT 1) FROM unit_event_units eu JOIN units u"        \
	  " ON u.id = eu.unit_id WHERE eu.event_id = ?1 ORDER BY eu.role, u.code")             \
	X(STMT_EVENT_INSERT,                                                                 \
	  "INSERT INTO unit_events(kind, event_date, decision_no, note, created_at)"           \
	  " VALUES (?1, ?2, ?3, ?4, ?5)")                                         \
	X(STMT_EVENT_UNIT_INSERT,                                                            \
	  "INSERT INTO unit_event_units(event_id, unit_id, role) VALUES (?1, ?2, ?3)"          \
	  " ON CONFLICT DO NOTHING")                                                           \
	X(STMT_UNIT_ENDED_POSTS,                                                             \
	  "SELECT p.code, p.full_name, a.position, a.valid_to, nu.code,"                       \
	  " (SELECT nv.name FROM unit_versions nv WHERE nv.unit_id = na.unit_id AND"           \
	  " nv.valid_from <= na.valid_from ORDER BY nv.valid_from DESC LIMIT 1),"              \
	  " na.position, (SELECT ou.code || ' ' || ov.name FROM unit_versions ov JOIN units ou" \
	  " ON ou.id = ov.unit_id WHERE ov.unit_id = a.unit_id AND ov.valid_from < a.valid_to" \
	  " ORDER BY ov.valid_from DESC LIMIT 1)"                                              \
	  " FROM assignments a JOIN people p ON p.id = a.person_id"                            \
	  " LEFT JOIN assignments na ON na.person_id = a.person_id AND na.kind = a.kind"       \
	  " AND na.valid_from = a.valid_to AND na.id <> a.id"                                  \
	  " LEFT JOIN units nu ON nu.id = na.unit_id"                                          \
	  " WHERE a.unit_id = ?1 AND a.valid_to IS NOT NULL ORDER BY p.name_key")              \
	/* assignments */                                                                    \
	X(STMT_ASSIGN_OPEN_AT_UNIT,                                                          \
	  "SELECT a.id, a.person_id, p.code, a.kind, a.position, a.is_leader,"                 \
	  " a.leader_level, a.valid_from, a.decision_no FROM assignments a"                    \
	  " JOIN people p ON p.id = a.person_id WHERE a.unit_id = ?1 AND a.valid_to IS NULL"   \
	  " ORDER BY a.id")                                                                    \
	X(STMT_ASSIGN_OPEN_PRIMARY,                                                          \
	  "SELECT id, unit_id, position, is_leader, valid_from FROM assignments"               \
	  " WHERE person_id = ?1 AND kind = 'primary' AND valid_to IS NULL")                   \
	X(STMT_ASSIGN_CLOSE, "UPDATE assignments SET valid_to = ?2 WHERE id = ?1")             \
	X(STMT_ASSIGN_END,                                                                   \
	  "UPDATE assignments SET valid_to = ?3 WHERE person_id = ?1 AND unit_id = ?2"         \
	  " AND valid_to IS NULL AND valid_from < ?3")                                         \
	X(STMT_ASSIGN_SET_UNIT,                                                              \
	  "UPDATE assignments SET unit_id = ?2, event_id = ?3 WHERE id = ?1")                  \
	X(STMT_ASSIGN_CORRECT,                                                               \
	  "UPDATE assignments SET unit_id = ?2, position = ?3, is_leader = ?4,"                \
	  " leader_level = ?5 WHERE id = ?1")                                                  \
	X(STMT_ASSIGN_INSERT,                                                                \
	  "INSERT INTO assignments(person_id, unit_id, kind, position, is_leader,"             \
	  " leader_level, valid_from, valid_to, decision_no, event_id)"                        \
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")                                  \
	/* people */                                                                         \
	X(STMT_PERSON_ID_BY_CODE, "SELECT id FROM people WHERE code = ?1")                    \
	X(STMT_PEOPLE_TOTAL, "SELECT COUNT(*) FROM people")                                    \
	X(STMT_PERSON_BY_CODE,                                                               \
	  "SELECT " PERSON_COLS ", id, created_at, updated_at FROM people WHERE code = ?1")    \
	X(STMT_PERSON_INSERT,                                                                \
	  "INSERT INTO people(" PERSON_COLS ", name_fold, name_key, created_at, updated_at)"   \
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"    \
	  " ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?28)")     \
	X(STMT_PERSON_UPDATE,                                                                \
	  "UPDATE people SET code = ?1, full_name = ?2, other_name = ?3, birth_date = ?4,"     \
	  " gender = ?5, ethnicity = ?6, religion = ?7, birth_place = ?8, home_town = ?9,"     \
	  " category = ?10, rank_name = ?11, rank_code = ?12, salary_step = ?13,"              \
	  " salary_coef = ?14, salary_from = ?15, degree = ?16, major = ?17, llct = ?18,"      \
	  " qlnn = ?19, it_level = ?20, language = ?21, party_joined = ?22,"                   \
	  " party_official = ?23, status = ?24, status_from = ?25, name_fold = ?26,"           \
	  " name_key = ?27, updated_at = ?28 WHERE id = ?29")                                  \
	/* people_batch (app/people.c): the highest id, NULL for no one */                 \
	X(STMT_PEOPLE_MAX_ID, "SELECT MAX(id) FROM people")                                   \
	X(STMT_PERSON_INSERT_BATCH,                                                     \
	  "INSERT INTO people(" PERSON_COLS ", name_fold, name_key, created_at,"        \
	  " updated_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,"    \
	  "?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27,?649,?649),(?28,?29,?30,"    \
	  "?31,?32,?33,?34,?35,?36,?37,?38,?39,?40,?41,?42,?43,?44,?45,?46,?47,?48,"    \
	  "?49,?50,?51,?52,?53,?54,?649,?649),(?55,?56,?57,?58,?59,?60,?61,?62,?63,"    \
	  "?64,?65,?66,?67,?68,?69,?70,?71,?72,?73,?74,?75,?76,?77,?78,?79,?80,?81,"    \
	  "?649,?649),(?82,?83,?84,?85,?86,?87,?88,?89,?90,?91,?92,?93,?94,?95,?96,"    \
	  "?97,?98,?99,?100,?101,?102,?103,?104,?105,?106,?107,?108,?649,?649),(?109,"  \
	  "?110,?111,?112,?113,?114,?115,?116,?117,?118,?119,?120,?121,?122,?123,"      \
	  "?124,?125,?126,?127,?128,?129,?130,?131,?132,?133,?134,?135,?649,?649),"     \
	  "(?136,?137,?138,?139,?140,?141,?142,?143,?144,?145,?146,?147,?148,?149,"     \
	  "?150,?151,?152,?153,?154,?155,?156,?157,?158,?159,?160,?161,?162,?649,"      \
	  "?649),(?163,?164,?165,?166,?167,?168,?169,?170,?171,?172,?173,?174,?175,"    \
	  "?176,?177,?178,?179,?180,?181,?182,?183,?184,?185,?186,?187,?188,?189,"      \
	  "?649,?649),(?190,?191,?192,?193,?194,?195,?196,?197,?198,?199,?200,?201,"    \
	  "?202,?203,?204,?205,?206,?207,?208,?209,?210,?211,?212,?213,?214,?215,"      \
	  "?216,?649,?649),(?217,?218,?219,?220,?221,?222,?223,?224,?225,?226,?227,"    \
	  "?228,?229,?230,?231,?232,?233,?234,?235,?236,?237,?238,?239,?240,?241,"      \
	  "?242,?243,?649,?649),(?244,?245,?246,?247,?248,?249,?250,?251,?252,?253,"    \
	  "?254,?255,?256,?257,?258,?259,?260,?261,?262,?263,?264,?265,?266,?267,"      \
	  "?268,?269,?270,?649,?649),(?271,?272,?273,?274,?275,?276,?277,?278,?279,"    \
	  "?280,?281,?282,?283,?284,?285,?286,?287,?288,?289,?290,?291,?292,?293,"      \
	  "?294,?295,?296,?297,?649,?649),(?298,?299,?300,?301,?302,?303,?304,?305,"    \
	  "?306,?307,?308,?309,?310,?311,?312,?313,?314,?315,?316,?317,?318,?319,"      \
	  "?320,?321,?322,?323,?324,?649,?649),(?325,?326,?327,?328,?329,?330,?331,"    \
	  "?332,?333,?334,?335,?336,?337,?338,?339,?340,?341,?342,?343,?344,?345,"      \
	  "?346,?347,?348,?349,?350,?351,?649,?649),(?352,?353,?354,?355,?356,?357,"    \
	  "?358,?359,?360,?361,?362,?363,?364,?365,?366,?367,?368,?369,?370,?371,"      \
	  "?372,?373,?374,?375,?376,?377,?378,?649,?649),(?379,?380,?381,?382,?383,"    \
	  "?384,?385,?386,?387,?388,?389,?390,?391,?392,?393,?394,?395,?396,?397,"      \
	  "?398,?399,?400,?401,?402,?403,?404,?405,?649,?649),(?406,?407,?408,?409,"    \
	  "?410,?411,?412,?413,?414,?415,?416,?417,?418,?419,?420,?421,?422,?423,"      \
	  "?424,?425,?426,?427,?428,?429,?430,?431,?432,?649,?649),(?433,?434,?435,"    \
	  "?436,?437,?438,?439,?440,?441,?442,?443,?444,?445,?446,?447,?448,?449,"      \
	  "?450,?451,?452,?453,?454,?455,?456,?457,?458,?459,?649,?649),(?460,?461,"    \
	  "?462,?463,?464,?465,?466,?467,?468,?469,?470,?471,?472,?473,?474,?475,"      \
	  "?476,?477,?478,?479,?480,?481,?482,?483,?484,?485,?486,?649,?649),(?487,"    \
	  "?488,?489,?490,?491,?492,?493,?494,?495,?496,?497,?498,?499,?500,?501,"      \
	  "?502,?503,?504,?505,?506,?507,?508,?509,?510,?511,?512,?513,?649,?649),"     \
	  "(?514,?515,?516,?517,?518,?519,?520,?521,?522,?523,?524,?525,?526,?527,"     \
	  "?528,?529,?530,?531,?532,?533,?534,?535,?536,?537,?538,?539,?540,?649,"      \
	  "?649),(?541,?542,?543,?544,?545,?546,?547,?548,?549,?550,?551,?552,?553,"    \
	  "?554,?555,?556,?557,?558,?559,?560,?561,?562,?563,?564,?565,?566,?567,"      \
	  "?649,?649),(?568,?569,?570,?571,?572,?573,?574,?575,?576,?577,?578,?579,"    \
	  "?580,?581,?582,?583,?584,?585,?586,?587,?588,?589,?590,?591,?592,?593,"      \
	  "?594,?649,?649),(?595,?596,?597,?598,?599,?600,?601,?602,?603,?604,?605,"    \
	  "?606,?607,?608,?609,?610,?611,?612,?613,?614,?615,?616,?617,?618,?619,"      \
	  "?620,?621,?649,?649),(?622,?623,?624,?625,?626,?627,?628,?629,?630,?631,"    \
	  "?632,?633,?634,?635,?636,?637,?638,?639,?640,?641,?642,?643,?644,?645,"      \
	  "?646,?647,?648,?649,?649)")                                                  \
	X(STMT_ASSIGN_PRIMARY_INSERT_BATCH,                                             \
	  "INSERT INTO assignments(person_id, unit_id, kind, position, is_leader,"      \
	  " leader_level, valid_from, decision_no) VALUES (?1,?2,'primary',?3,?4,?5,"   \
	  "?6,?7),(?8,?9,'primary',?10,?11,?12,?13,?14),(?15,?16,'primary',?17,?18,"    \
	  "?19,?20,?21),(?22,?23,'primary',?24,?25,?26,?27,?28),(?29,?30,'primary',"    \
	  "?31,?32,?33,?34,?35),(?36,?37,'primary',?38,?39,?40,?41,?42),(?43,"          \
	  "?44,'primary',?45,?46,?47,?48,?49),(?50,?51,'primary',?52,?53,?54,?55,"      \
	  "?56),(?57,?58,'primary',?59,?60,?61,?62,?63),(?64,?65,'primary',?66,?67,"    \
	  "?68,?69,?70),(?71,?72,'primary',?73,?74,?75,?76,?77),(?78,?79,'primary',"    \
	  "?80,?81,?82,?83,?84),(?85,?86,'primary',?87,?88,?89,?90,?91),(?92,"          \
	  "?93,'primary',?94,?95,?96,?97,?98),(?99,?100,'primary',?101,?102,?103,"      \
	  "?104,?105),(?106,?107,'primary',?108,?109,?110,?111,?112),(?113,"            \
	  "?114,'primary',?115,?116,?117,?118,?119),(?120,?121,'primary',?122,?123,"    \
	  "?124,?125,?126),(?127,?128,'primary',?129,?130,?131,?132,?133),(?134,"       \
	  "?135,'primary',?136,?137,?138,?139,?140),(?141,?142,'primary',?143,?144,"    \
	  "?145,?146,?147),(?148,?149,'primary',?150,?151,?152,?153,?154),(?155,"       \
	  "?156,'primary',?157,?158,?159,?160,?161),(?162,?163,'primary',?164,?165,"    \
	  "?166,?167,?168)")                                                            \
	X(STMT_PEOPLE_COUNT, PEOPLE_FILTER "SELECT COUNT(*) " PEOPLE_JOIN PEOPLE_WHERE)                     \
	X(STMT_PEOPLE_LIST,                                                                  \
	  PEOPLE_FILTER "SELECT p.id, p.code, p.full_name, p.birth_date, p.gender,"            \
	  " p.category, p.rank_code, u.code, uv.name, a.position, a.is_leader " PEOPLE_JOIN    \
	  "LEFT JOIN units u ON u.id = a.unit_id LEFT JOIN unit_versions uv"                   \
	  " ON uv.unit_id = a.unit_id AND uv.valid_to IS NULL " PEOPLE_WHERE                   \
	  "ORDER BY p.name_key LIMIT ?5 OFFSET ?6")                                           \
	X(STMT_PERSON_POSTS,                                                                 \
	  "SELECT a.id, u.code, (SELECT uv.name FROM unit_versions uv WHERE"                   \
	  " uv.unit_id = a.unit_id AND uv.valid_from <= a.valid_from ORDER BY uv.valid_from"   \
	  " DESC LIMIT 1), a.kind, a.position, a.is_leader, a.leader_level, a.valid_from,"     \
	  " a.valid_to, a.decision_no FROM assignments a JOIN units u ON u.id = a.unit_id"     \
	  " WHERE a.person_id = ?1 ORDER BY a.valid_from, a.id")                             \
	STMT_TABLE_GEN(X)                                                                    \
	STMT_TABLE_EXPORT(X)                                                                 \
	STMT_TABLE_FW(X)                                                                     \
	STMT_TABLE_EVAL(X)                                                                   \
	STMT_TABLE_AUTH(X)                                                                   \
	STMT_TABLE_API_ORG(X)                                                                \
	STMT_TABLE_API_EVAL(X)                                                               \
	STMT_TABLE_API_ADMIN(X)

typedef enum stmt_id {
#define X(id, sql) id,
	STMT_TABLE(X)
#undef X
	STMT__MAX
} stmt_id;

#endif
