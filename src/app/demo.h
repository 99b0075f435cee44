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

/* One sign-in per role for trying the web server. */
typedef struct demo_login {
	char username[32];
	char role[16];
	char person[32];    /* linked person's code, "" when none */
	char name[128];     /* their name */
	char scope[32];     /* scope unit code, "" for the whole tree */
	char what[160];     /* what to try with it, Vietnamese */
} demo_login_t;

#define DEMO_LOGINS 6
#define DEMO_PASSWORD "matkhau-demo"
#define DEMO_MONTH_YEAR 2026
#define DEMO_MONTH 11

/* Opens the demo month (DEMO_MONTH/DEMO_MONTH_YEAR) for the whole city and
 * creates one user per role, all with password DEMO_PASSWORD (no change
 * forced): an administrator, an HR officer and a leadership viewer for the
 * city, and a staff member, their reviewer and the head who decides their
 * month in the merged ward P-HK. Fills out[DEMO_LOGINS]. */
int demo_users(app_ctx_t *c, demo_login_t out[DEMO_LOGINS], err_t *e);

#endif
