/*
 * stmt_export: statements used only by the exports (app/export.c), kept
 * apart from the main registry. Same rules as stmt.h; included by stmt.h
 * after PEOPLE_FILTER, PEOPLE_JOIN and PEOPLE_WHERE are defined, which this
 * file uses. X(id, sql)
 *
 * STMT_EXPORT_PEOPLE is STMT_PEOPLE_LIST with every column a printed list
 * shows (rank name, qualifications) and no count: an export steps through
 * it once, row by row, so memory stays flat however many people match. Its
 * parameters are those of STMT_PEOPLE_LIST: 1 unit id or NULL, 2 LIKE
 * pattern over the search fold or NULL, 3 category or NULL, 4 subtree flag,
 * 5 limit, 6 offset. Columns: 0 code, 1 full_name, 2 birth_date, 3 gender,
 * 4 category, 5 position, 6 unit name, 7 rank_code, 8 rank_name, 9 degree,
 * 10 llct, 11 qlnn. Name keys end with the person's code, so the order is
 * total and the same on every run and backend.
 */
#ifndef CANBO_STMT_EXPORT_H
#define CANBO_STMT_EXPORT_H

#define STMT_TABLE_EXPORT(X)                                                             \
	X(STMT_EXPORT_PEOPLE,                                                                \
	  PEOPLE_FILTER "SELECT p.code, p.full_name, p.birth_date, p.gender, p.category,"      \
	  " a.position, uv.name, p.rank_code, p.rank_name, p.degree, p.llct, p.qlnn "          \
	  PEOPLE_JOIN "LEFT JOIN unit_versions uv ON uv.unit_id = a.unit_id"                   \
	  " AND uv.valid_to IS NULL " PEOPLE_WHERE                                             \
	  "ORDER BY p.name_key LIMIT ?5 OFFSET ?6")

#endif
