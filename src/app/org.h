/*
 * org: organisation units as a tree that changes over time.
 *
 * A unit has a permanent code; its name, kind, sector and parent are kept
 * as versions valid over [from, to). Reorganisations — merge, split,
 * dissolve, move, rename — are events on a date: they close the affected
 * versions, open new ones, move the people holding posts in the old units
 * (closing their assignments on that date and opening new ones that name the
 * event) and are recorded with their decision number. The tree as it was on
 * any day, and where the people of a closed unit went, can always be asked.
 *
 * Dates in this interface are ISO "YYYY-MM-DD" strings (callers parse
 * dd/mm/yyyy at the edge). Every function that writes runs in one
 * transaction and appends to the audit log.
 */
#ifndef CANBO_ORG_H
#define CANBO_ORG_H

#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"

/* Input for creating or correcting a unit. */
typedef struct unit_rec {
	const char *code;
	const char *name;
	const char *kind;        /* vocab code (VOCAB_UNIT_KIND) */
	const char *sector;      /* vocab code (VOCAB_SECTOR) */
	const char *parent_code; /* NULL for a root */
	const char *valid_from;  /* ISO date; NULL = 2000-01-01 */
	const char *decision_no;
} unit_rec_t;

/* A unit version as read back. Strings are owned by the row. */
typedef struct unit_row {
	int64_t id;
	int64_t parent_id;
	char *code, *name, *kind, *sector, *parent_code, *valid_from, *valid_to;
	int depth;      /* in a tree listing */
	int64_t people; /* open primary posts, when counted */
} unit_row_t;

typedef struct unit_list {
	unit_row_t *v;
	size_t n, cap;
} unit_list_t;

void unit_list_free(unit_list_t *l);

/* One reorganisation event with the units it took from and gave to. */
typedef struct org_event {
	int64_t id;
	char *kind, *date, *decision_no, *note;
	char *from; /* "CODE Tên, CODE Tên" */
	char *to;
} org_event_t;

typedef struct org_event_list {
	org_event_t *v;
	size_t n, cap;
} org_event_list_t;

void org_event_list_free(org_event_list_t *l);

/* Creates a unit (own transaction). ERR_CONFLICT when the code exists. */
int org_unit_add(app_ctx_t *c, const unit_rec_t *u, err_t *e);
/* Creates the unit, or corrects the attributes of its current version in
 * place (an import re-run), inside the caller's transaction. *created is set
 * to 1 for a new unit. Does not audit (the caller does). */
int org_unit_put(app_ctx_t *c, const unit_rec_t *u, int *created, err_t *e);

/* The tree on date (NULL = today), depth-first, siblings in Vietnamese
 * order; only the subtree of root_code when given. Counts people when
 * count_people. */
int org_tree(app_ctx_t *c, const char *date, const char *root_code, int count_people,
	     unit_list_t *out, err_t *e);
/* Units (any time) whose name or code matches query without diacritics. */
int org_search(app_ctx_t *c, const char *query, unit_list_t *out, err_t *e);
/* All versions of one unit, oldest first, and the events that touched it. */
int org_history(app_ctx_t *c, const char *code, unit_list_t *versions, org_event_list_t *events,
		err_t *e);
/* Ids of the units in the subtree of unit_id on date (unit_id included),
 * into a new array *ids of *n elements. */
int org_subtree_ids(app_ctx_t *c, int64_t unit_id, const char *date, int64_t **ids, size_t *n,
		    err_t *e);
/* The code of the unit currently named name (compared without diacritics
 * or case) into code[65]: 0, ERR_NOT_FOUND, or ERR_CONFLICT when several
 * units have that name. */
int org_unit_code_by_name(app_ctx_t *c, const char *name, char code[65], err_t *e);
/* Id of the unit with this code, or 0 with ERR_NOT_FOUND. */
int64_t org_unit_id(app_ctx_t *c, const char *code, err_t *e);

/* Merges the units in from[] into the existing unit into on date: closes
 * them, moves their open child units and their people to into. */
int org_merge(app_ctx_t *c, const char *const *from, size_t nfrom, const char *into,
	      const char *date, const char *decision_no, err_t *e);

/* Where people go in a split: person code → target unit code. */
typedef struct org_split_map {
	const char *person_code;
	const char *unit_code;
} org_split_map_t;

/* Splits from into the existing units into[] on date. People listed in map
 * go to their unit; the others, and the child units, go to rest_to (NULL =
 * into[0]). */
int org_split(app_ctx_t *c, const char *from, const char *const *into, size_t ninto,
	      const char *date, const char *decision_no, const org_split_map_t *map, size_t nmap,
	      const char *rest_to, err_t *e);
/* Dissolves a unit on date. People and child units go to to_code; without
 * it, a unit that still has people or children is refused. */
int org_dissolve(app_ctx_t *c, const char *code, const char *date, const char *to_code,
		 const char *decision_no, err_t *e);
/* Moves a unit under another parent (NULL = make it a root) on date. */
int org_move(app_ctx_t *c, const char *code, const char *parent_code, const char *date,
	     const char *decision_no, err_t *e);
/* Renames a unit on date. */
int org_rename(app_ctx_t *c, const char *code, const char *name, const char *date,
	       const char *decision_no, err_t *e);

/* One person who held a post in a closed unit, and where they went. */
typedef struct org_where_row {
	char *person_code, *person_name, *old_unit, *position, *until;
	char *new_unit_code, *new_unit_name, *new_position;
} org_where_row_t;

typedef struct org_where {
	unit_row_t unit;         /* the unit as it last was */
	org_event_list_t events; /* the events that closed it */
	org_where_row_t *v;
	size_t n, cap;
} org_where_t;

/* "Where did the people of the old unit X go?": the events that closed the
 * unit (and its subtree) and, for every post that ended there, the post
 * that followed it. */
int org_where(app_ctx_t *c, const char *code, org_where_t *out, err_t *e);
void org_where_free(org_where_t *w);

#endif
