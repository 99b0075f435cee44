/*
 * demo: a realistic sample organisation for trying canbo — a city after
 * the 1 July 2025 reform (departments, Party and Front bodies, wards and
 * communes) with one historic district whose wards were merged into the new
 * ones on that date, and a few hundred people with realistic Vietnamese
 * names, posts, ranks and qualifications. Built through the same app/
 * functions a user calls, so its history (events, closed posts) is real.
 */
#ifndef CANBO_DEMO_H
#define CANBO_DEMO_H

#include "app/ctx.h"

typedef struct demo_summary {
	long units_now;     /* units existing today */
	long units_closed;  /* units merged or dissolved in 2025 */
	long people;
	long leaders;
	long events;
	char root_code[32];     /* the city */
	char district_code[32]; /* the historic district */
	char ward_code[32];     /* a ward that received a merger */
	char sample_person[32]; /* a person whose post moved in the merger */
	char sample_name[128];
} demo_summary_t;

/* Fills an empty database with the demo organisation. ERR_CONFLICT when
 * the database already holds units. */
int demo_build(app_ctx_t *c, demo_summary_t *s, err_t *e);

#endif
