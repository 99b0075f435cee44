/*
 * gen: a deterministic synthetic workforce of any size (up to 3,000,000)
 * for tests and benchmarks — a national tree of provinces, departments,
 * communes and rooms with realistic unit sizes, leader ratios and a
 * realistic surname distribution. The same seed gives the same data.
 */
#ifndef CANBO_GEN_H
#define CANBO_GEN_H

#include <stdint.h>

#include "app/ctx.h"

typedef struct gen_opts {
	long people;          /* how many people (1 .. 3,000,000) */
	uint64_t seed;
	const char *csv_people; /* also write people as an import CSV here (or NULL) */
	const char *csv_units;  /* also write units as an import CSV here (or NULL) */
	int no_db;             /* only write the CSV files */
	int progress;
} gen_opts_t;

typedef struct gen_result {
	long units;
	long people;
	long leaders;
	double seconds;
} gen_result_t;

/* Generates into c->db (which should be empty; ERR_CONFLICT otherwise)
 * and/or CSV files. */
int gen_run(app_ctx_t *c, const gen_opts_t *o, gen_result_t *r, err_t *e);

#endif
