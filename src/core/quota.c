/*
 * quota: caps on the top grade, the what-if, the proposal and the check.
 * See quota.h for the two rules and the fixed point of Decree 335.
 *
 * Groups of similar tasks are identified by caller ids (int64); they are
 * mapped to dense indices 0..ngroups by sorting once per call, so every
 * function is O(n log n) in the people of the unit.
 */
#include "core/quota.h"

#include <stdio.h>
#include <stdlib.h>

#include "lib/xalloc.h"

/* Counts within one scope (the unit or one group). */
typedef struct counts {
	int64_t rated, eligible, next, granted;
} counts_t;

static err_code check_rule(const framework_quota_t *r, const quota_person_t *p, size_t n, err_t *e)
{
	if (!r || (int)r->kind < 0 || r->kind >= FRAMEWORK_QUOTA__MAX || r->permille < 0 ||
	    r->permille > 1000 || r->permille_outstanding < 0 || r->permille_outstanding > 1000 ||
	    r->min_top < 0 || r->top_band < 0 || r->next_band <= r->top_band)
		return err_set(e, ERR_INVALID, "Quy tắc tỷ lệ xếp loại không hợp lệ");
	for (size_t i = 0; i < n; i++)
		if (p[i].band < 0)
			return err_set(e, ERR_INVALID,
			               "Người có mã %lld chưa được xếp mức (mức không hợp lệ)",
			               (long long)p[i].id);
	return ERR_OK;
}

static int32_t rate(const framework_quota_t *r, int outstanding)
{
	return outstanding ? r->permille_outstanding : r->permille;
}

/* The largest number of top grades the scope allows, before limiting it to
 * the candidates (see quota.h for the closed form of SHARE_OF_NEXT_GRADE). */
static int64_t scope_cap(const framework_quota_t *r, int32_t p, const counts_t *c)
{
	int64_t cap;
	switch (r->kind) {
	case FRAMEWORK_QUOTA_SHARE_OF_RATED:
		cap = (int64_t)p * c->rated / 1000;
		break;
	case FRAMEWORK_QUOTA_SHARE_OF_NEXT_GRADE:
		cap = (int64_t)p * (c->next + c->eligible) / (1000 + p);
		break;
	default:
		return QUOTA_UNLIMITED;
	}
	return cap < r->min_top ? r->min_top : cap;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static void count_one(counts_t *c, const framework_quota_t *r, const quota_person_t *p)
{
	c->rated++;
	c->eligible += p->band == r->top_band;
	c->next += p->band == r->next_band;
	c->granted += p->granted != 0;
}

/* Dense group indices: gidx[i] for persons[i]; returns the number of groups
 * and the group id of each index in *ids (both new arrays). */
typedef struct gsort {
	int64_t group;
	size_t i;
} gsort_t;

static int gsort_cmp(const void *a, const void *b)
{
	const gsort_t *x = a, *y = b;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static size_t group_index(const quota_person_t *p, size_t n, size_t **gidx, int64_t **ids)
{
	gsort_t *s = xmalloc((n ? n : 1) * sizeof *s);
	*gidx = xmalloc((n ? n : 1) * sizeof **gidx);
	*ids = xmalloc((n ? n : 1) * sizeof **ids);
	for (size_t i = 0; i < n; i++)
		s[i] = (gsort_t){p[i].group, i};
	qsort(s, n, sizeof *s, gsort_cmp);
	size_t ng = 0;
	for (size_t k = 0; k < n; k++) {
		if (k == 0 || s[k].group != s[k - 1].group)
			(*ids)[ng++] = s[k].group;
		(*gidx)[s[k].i] = ng - 1;
	}
	free(s);
	return ng;
}

/* Fills the limit and, when per group, the per-group counts and remaining
 * capacities (new arrays, NULL otherwise). */
typedef struct scopes {
	counts_t unit;
	size_t ngroups;
	size_t *gidx;  /* per person */
	int64_t *gids; /* per group */
	counts_t *g;   /* per group */
	int64_t *gmax; /* per group: min(eligible, cap) */
} scopes_t;

static void scopes_free(scopes_t *s)
{
	free(s->gidx);
	free(s->gids);
	free(s->g);
	free(s->gmax);
}

static void scopes_build(const framework_quota_t *r, const quota_person_t *p, size_t n,
                         int outstanding, scopes_t *s, quota_limit_t *lim)
{
	int32_t pm = rate(r, outstanding);
	*s = (scopes_t){0};
	for (size_t i = 0; i < n; i++)
		count_one(&s->unit, r, &p[i]);

	quota_limit_t l = {0};
	l.permille = pm;
	l.rated = s->unit.rated;
	l.eligible = s->unit.eligible;
	l.next_grade = s->unit.next;
	l.unit_cap = scope_cap(r, pm, &s->unit);
	l.max_top = min64(s->unit.eligible, l.unit_cap);
	l.group_cap_sum = -1;

	if (r->per_group && r->kind != FRAMEWORK_QUOTA_NONE) {
		s->ngroups = group_index(p, n, &s->gidx, &s->gids);
		s->g = xcalloc(s->ngroups ? s->ngroups : 1, sizeof *s->g);
		s->gmax = xcalloc(s->ngroups ? s->ngroups : 1, sizeof *s->gmax);
		for (size_t i = 0; i < n; i++)
			count_one(&s->g[s->gidx[i]], r, &p[i]);
		l.group_cap_sum = 0;
		for (size_t g = 0; g < s->ngroups; g++) {
			s->gmax[g] = min64(s->g[g].eligible, scope_cap(r, pm, &s->g[g]));
			l.group_cap_sum += s->gmax[g];
		}
		l.max_top = min64(l.max_top, l.group_cap_sum);
	}
	*lim = l;
}

err_code quota_max_top(const framework_quota_t *rule, const quota_person_t *persons, size_t n,
                       int outstanding, quota_limit_t *out, err_t *e)
{
	err_code rc = check_rule(rule, persons, n, e);
	if (rc != ERR_OK)
		return rc;
	scopes_t s;
	scopes_build(rule, persons, n, outstanding, &s, out);
	scopes_free(&s);
	return ERR_OK;
}

/* ---- proposal ------------------------------------------------------------ */

typedef struct cand {
	int32_t score;
	size_t i;
} cand_t;

static int cand_cmp(const void *a, const void *b)
{
	const cand_t *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

void quota_proposal_free(quota_proposal_t *p)
{
	if (!p)
		return;
	for (size_t k = 0; k < p->nties; k++)
		free(p->ties[k].members);
	free(p->ties);
	free(p->status);
	*p = (quota_proposal_t){0};
}

/* Appends a tie with room for nmax members; returns its index (the array
 * may move, so callers keep indices, not pointers). */
static size_t add_tie(quota_proposal_t *pr, size_t *cap, int32_t score, int in_group, int64_t group,
                      int64_t choose, size_t nmax)
{
	xgrow((void **)&pr->ties, cap, pr->nties + 1, sizeof *pr->ties);
	quota_tie_t *t = &pr->ties[pr->nties];
	*t = (quota_tie_t){.score = score, .in_group = in_group, .group = group, .choose = choose};
	t->members = xmalloc((nmax ? nmax : 1) * sizeof *t->members);
	return pr->nties++;
}

err_code quota_propose(const framework_quota_t *rule, const quota_person_t *persons, size_t n,
                       int outstanding, quota_proposal_t *out, err_t *e)
{
	err_code rc = check_rule(rule, persons, n, e);
	if (rc != ERR_OK)
		return rc;

	quota_proposal_t pr = {0};
	scopes_t s;
	scopes_build(rule, persons, n, outstanding, &s, &pr.limit);
	pr.n = n;
	pr.status = xcalloc(n ? n : 1, sizeof *pr.status);

	/* Candidates, highest score first (input order only makes the output
	 * stable; it never decides anything). */
	size_t m = 0, tiecap = 0;
	cand_t *c = xmalloc((n ? n : 1) * sizeof *c);
	for (size_t i = 0; i < n; i++)
		if (persons[i].band == rule->top_band)
			c[m++] = (cand_t){persons[i].score, i};
	qsort(c, m, sizeof *c, cand_cmp);

	/* Without per-group counting the whole unit is one group. */
	int per_group = s.gidx != NULL;
	size_t ng = per_group ? s.ngroups : 1;
#define GROUP_OF(k) (per_group ? s.gidx[c[(k)].i] : 0)
	int64_t *room = xmalloc(ng * sizeof *room);     /* what each group may still take */
	int64_t *level = xcalloc(ng, sizeof *level);    /* candidates per group at one score */
	quota_status *dec = xcalloc(ng, sizeof *dec);   /* decision per group at one score */
	size_t *tie_of = xcalloc(ng, sizeof *tie_of);   /* its tie, when dec is TIED */
	size_t *lg = xmalloc((m ? m : 1) * sizeof *lg); /* groups present at one score */
	for (size_t g = 0; g < ng; g++)
		room[g] = per_group ? s.gmax[g] : QUOTA_UNLIMITED;
	int64_t unit_room = pr.limit.max_top;

	for (size_t i = 0; i < m;) {
		/* candidates [i, j) share one score */
		size_t j = i, nl = 0;
		while (j < m && c[j].score == c[i].score)
			j++;
		for (size_t k = i; k < j; k++)
			if (level[GROUP_OF(k)]++ == 0)
				lg[nl++] = GROUP_OF(k);
		/* how many the groups let through at this score */
		int64_t allowed = 0;
		for (size_t q = 0; q < nl; q++)
			allowed += min64(level[lg[q]], room[lg[q]]);

		if (unit_room == 0) {
			for (size_t q = 0; q < nl; q++)
				dec[lg[q]] = QUOTA_DENIED;
		} else if (allowed <= unit_room) {
			/* The unit takes everyone the groups allow. A group that
			 * cannot take all its members at this score leaves the
			 * choice among them to the head. */
			for (size_t q = 0; q < nl; q++) {
				size_t g = lg[q];
				if (level[g] <= room[g]) {
					dec[g] = QUOTA_GRANTED;
					room[g] -= level[g];
				} else if (room[g] == 0) {
					dec[g] = QUOTA_DENIED;
				} else {
					dec[g] = QUOTA_TIED;
					tie_of[g] = add_tie(&pr, &tiecap, c[i].score, 1, s.gids[g],
					                    room[g], (size_t)level[g]);
					room[g] = 0;
				}
			}
			unit_room -= allowed;
		} else {
			/* The unit's cap falls inside this score: the head chooses
			 * unit_room among those whose group still has room (the
			 * group caps still bind the choice; quota_check enforces
			 * them). */
			size_t t = add_tie(&pr, &tiecap, c[i].score, 0, 0, unit_room, j - i);
			for (size_t q = 0; q < nl; q++) {
				dec[lg[q]] = room[lg[q]] > 0 ? QUOTA_TIED : QUOTA_DENIED;
				tie_of[lg[q]] = t;
			}
			unit_room = 0;
		}

		for (size_t k = i; k < j; k++) {
			size_t g = GROUP_OF(k);
			pr.status[c[k].i] = dec[g];
			if (dec[g] == QUOTA_GRANTED) {
				pr.granted++;
			} else if (dec[g] == QUOTA_TIED) {
				quota_tie_t *t = &pr.ties[tie_of[g]];
				t->members[t->nmembers++] = c[k].i;
			}
		}
		for (size_t q = 0; q < nl; q++)
			level[lg[q]] = 0;
		i = j;
	}
#undef GROUP_OF

	free(room);
	free(level);
	free(dec);
	free(tie_of);
	free(lg);
	free(c);
	scopes_free(&s);
	*out = pr;
	return ERR_OK;
}

/* ---- check --------------------------------------------------------------- */

static err_code over_cap(const framework_quota_t *r, const char *top, const char *next, int32_t pm,
                         const counts_t *c, int64_t cap, const char *where, err_t *e)
{
	char pct[16];
	framework_fmt_permille(pm, pct, sizeof pct);
	if (r->kind == FRAMEWORK_QUOTA_SHARE_OF_RATED)
		return err_set(
		    e, ERR_CONFLICT,
		    "Vượt tỷ lệ xếp loại %s %s: chỉ được xếp tối đa %lld người (%s%% của "
		    "%lld người được xếp loại, làm tròn xuống), quyết định đang có %lld "
		    "người",
		    top, where, (long long)cap, pct, (long long)c->rated, (long long)c->granted);
	return err_set(
	    e, ERR_CONFLICT,
	    "Vượt tỷ lệ xếp loại %s %s: chỉ được xếp tối đa %lld người (số người xếp loại "
	    "%s không quá %s%% số người xếp loại %s sau quyết định, kể cả người đề nghị "
	    "%s nhưng không được chấp nhận), quyết định đang có %lld người",
	    top, where, (long long)cap, top, pct, next, top, (long long)c->granted);
}

err_code quota_check(const framework_quota_t *rule, const char *top_code, const char *next_code,
                     const quota_person_t *persons, size_t n, int outstanding, err_t *e)
{
	char a[16];
	err_code rc = check_rule(rule, persons, n, e);
	if (rc != ERR_OK)
		return rc;
	const char *top = top_code ? top_code : "cao nhất";
	const char *next = next_code ? next_code : "liền sau";

	for (size_t i = 0; i < n; i++)
		if (persons[i].granted && persons[i].band != rule->top_band)
			return err_set(e, ERR_INVALID,
			               "Người có mã %lld (%s điểm) không đủ điều kiện xếp loại %s",
			               (long long)persons[i].id,
			               framework_fmt_points(persons[i].score, a, sizeof a), top);
	if (rule->kind == FRAMEWORK_QUOTA_NONE)
		return ERR_OK;

	quota_limit_t lim;
	scopes_t s;
	scopes_build(rule, persons, n, outstanding, &s, &lim);
	/* g ≤ cap is exactly the rule (see quota.h): for SHARE_OF_NEXT_GRADE
	 * g ≤ floor(p(N + E − g)) ⟺ g ≤ floor(p(N + E) / (1 + p)). */
	if (s.unit.granted > lim.unit_cap) {
		rc = over_cap(rule, top, next, lim.permille, &s.unit, lim.unit_cap,
		              "trong cơ quan, đơn vị", e);
		goto out;
	}
	for (size_t g = 0; g < s.ngroups; g++) {
		int64_t cap = scope_cap(rule, lim.permille, &s.g[g]);
		if (s.g[g].granted > cap) {
			char where[96];
			snprintf(where, sizeof where, "trong nhóm nhiệm vụ tương đồng %lld",
			         (long long)s.gids[g]);
			rc = over_cap(rule, top, next, lim.permille, &s.g[g], cap, where, e);
			goto out;
		}
	}
	rc = ERR_OK;
out:
	scopes_free(&s);
	return rc;
}
