/*
 * access: who may read and change what — the role and organisation-scope
 * checks every use case reached from the web server makes, in app/ so that
 * no client (API, web pages, a future one) can skip them.
 *
 * Roles (DOMAIN.md, issue 4):
 *   admin     everything;
 *   hr        reads and changes units, people, frameworks and periods in
 *             the scope subtree;
 *   viewer    reads in the scope subtree, changes nothing;
 *   head      reads in the scope subtree and the people whose evaluations
 *             they decide; workflow steps are checked by eval (decider);
 *   reviewer  reads their own record and the people whose evaluations they
 *             review (or decide);
 *   staff     their own record and evaluations.
 * A scope is a unit and everything under it, in any version of the tree
 * (so a merged unit's history stays visible to the scope that held it);
 * scope 0 is the whole tree. A read-only API token refuses every write.
 * The command line acts as an administrator.
 *
 * Every function returns 0 when allowed, ERR_FORBIDDEN with a Vietnamese
 * message when not (or another err_code on a database failure).
 */
#ifndef CANBO_ACCESS_H
#define CANBO_ACCESS_H

#include <stdint.h>

#include "app/ctx.h"

/* Any write at all (refuses viewers and read-only tokens). */
int access_write(const app_ctx_t *c, err_t *e);
/* Is unit_id inside the actor's scope (1) or not (0); -1 on failure. */
int access_in_scope(app_ctx_t *c, int64_t unit_id, err_t *e);
/* Reading (write = 0) or changing (write = 1) a unit's record. */
int access_unit(app_ctx_t *c, int64_t unit_id, int write, err_t *e);
int access_unit_code(app_ctx_t *c, const char *code, int write, err_t *e);
/* Reading or changing a person's record (personnel data; workflow steps on
 * their evaluations are checked by eval). */
int access_person(app_ctx_t *c, int64_t person_id, int write, err_t *e);
int access_person_code(app_ctx_t *c, const char *code, int write, err_t *e);
/* Organisation-wide data (frameworks, settings of the whole tree,
 * periods): read by anyone signed in, changed by HR and administrators. */
int access_org_write(const app_ctx_t *c, err_t *e);
/* The scope unit to filter lists by for this actor: 0 for everything, the
 * scope unit otherwise. Staff and reviewers get -1: lists of people are
 * not theirs to read (they read single records they may see). */
int64_t access_list_scope(const app_ctx_t *c);

#endif
