/*
 * period: opening a month. See period.h; the rules are written out for
 * people in docs/evaluation.md.
 *
 * Opening works in memory over a few bulk reads so that a province of
 * 200,000 people opens in well under a second:
 *   1. the subtree during the month (period_scope), every unit version and
 *      every head post (leader_level head, primary or concurrent) that
 *      overlaps the month — the tree and its heads, to find reviewers and
 *      deciders without a query per person;
 *   2. the primary posts overlapping the month in each unit of the subtree,
 *      and, for people whose post there does not cover the whole month, all
 *      their primary posts of the month (to find the longest);
 *   3. the period's existing evaluations;
 * then one pass over the people, sorted by id, inserting new evaluations
 * and refreshing pending ones. Framework choices are cached per (unit,
 * category, leadership).
 */
#include "app/period.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/audit.h"
#include "app/fw.h"
#include "app/org.h"
#include "app/settings.h"
#include "lib/buf.h"
#include "lib/date.h"
#include "lib/imap.h"
#include "lib/jw.h"
#include "lib/text.h"
#include "lib/xalloc.h"

#define NO_END INT_MAX

static int dberr(err_t *e)
{
	return e && e->code ? e->code : ERR_DB;
}

static int iso_day(const char *s, int def)
{
	int d;
	if (!s || !*s || date_parse(s, &d))
		return def;
	return d;
}

/* ---- months --------------------------------------------------------- */

void period_month_set(period_month_t *m, int year, int month)
{
	memset(m, 0, sizeof *m);
	m->year = year;
	m->month = month;
	int first = date_from_ymd(year, month, 1);
	int next = date_add_months(first, 1);
	date_iso(first, m->starts);
	date_iso(next, m->ends);
	date_iso(next - 1, m->last);
	m->days = next - first;
}

void period_month_text(int year, int month, char out[8])
{
	unsigned mo = (unsigned)month % 100u, y = (unsigned)year % 10000u;
	snprintf(out, 8, "%02u/%04u", mo, y);
}

int period_month_parse(const char *s, period_month_t *m, err_t *e)
{
	int y = 0, mo = 0;
	char tail = 0;
	if (!s || (sscanf(s, "%2d/%4d%c", &mo, &y, &tail) != 2 &&
		   sscanf(s, "%4d-%2d%c", &y, &mo, &tail) != 2))
		return err_set(e, ERR_USAGE, "Tháng «%s» không hợp lệ; dùng dạng MM/YYYY, ví dụ 01/2026",
			       s ? s : "");
	if (mo < 1 || mo > 12 || y < 2000 || y > 2200)
		return err_set(e, ERR_USAGE, "Tháng «%s» không hợp lệ; dùng dạng MM/YYYY, ví dụ 01/2026",
			       s);
	period_month_set(m, y, mo);
	return 0;
}

/* ---- scope ---------------------------------------------------------- */

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

typedef struct edge {
	int64_t parent, unit;
} edge_t;

static int cmp_edge(const void *a, const void *b)
{
	const edge_t *x = a, *y = b;
	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	return (x->unit > y->unit) - (x->unit < y->unit);
}

/* The units of unit_id's subtree on date, unit_id included (the set that
 * org_subtree_ids() gives, in another order): the unit versions valid that
 * day walked down from unit_id. Only ids are read, so that the bulk steps
 * of a province do not read, name and sort every unit four times. */
static int subtree_at(app_ctx_t *c, int64_t unit_id, const char *date, int64_t **ids, size_t *n,
		      err_t *e)
{
	*ids = NULL;
	*n = 0;
	db_stmt_t *s = db_stmt(c->db, STMT_EVAL_UNIT_PARENTS_AT, e);
	if (!s)
		return dberr(e);
	db_bind_text(s, 1, date, -1);
	edge_t *v = NULL;
	size_t nv = 0, capv = 0;
	int r;
	while ((r = db_step(s, e)) == DB_ROW) {
		xgrow((void **)&v, &capv, nv + 1, sizeof *v);
		v[nv].unit = db_col_int(s, 0);
		v[nv++].parent = db_col_is_null(s, 1) ? 0 : db_col_int(s, 1);
	}
	if (r < 0) {
		free(v);
		return dberr(e);
	}
	qsort(v, nv, sizeof *v, cmp_edge);
	imap_t first, seen;
	imap_init(&first, nv);
	imap_init(&seen, nv + 1);
	for (size_t i = nv; i-- > 0;)
		imap_put(&first, v[i].parent, (int64_t)i);
	size_t cap = 0;
	xgrow((void **)ids, &cap, 1, sizeof **ids);
	(*ids)[(*n)++] = unit_id;
	imap_put(&seen, unit_id, 1);
	for (size_t head = 0; head < *n; head++) {
		int64_t k;
		if (!imap_get(&first, (*ids)[head], &k))
			continue;
		for (size_t i = (size_t)k; i < nv && v[i].parent == (*ids)[head]; i++) {
			if (imap_get(&seen, v[i].unit, NULL))
				continue;
			imap_put(&seen, v[i].unit, 1);
			xgrow((void **)ids, &cap, *n + 1, sizeof **ids);
			(*ids)[(*n)++] = v[i].unit;
		}
	}
	imap_free(&first);
	imap_free(&seen);
	free(v);
	return 0;
}

int period_scope(app_ctx_t *c, int64_t unit_id, const period_month_t *m, int64_t **ids,
		 size_t *n, err_t *e)
{
	int64_t *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	int r = subtree_at(c, unit_id, m->starts, &a, &na, e);
	if (!r)
		r = subtree_at(c, unit_id, m->last, &b, &nb, e);
	if (r) {
		free(a);
		free(b);
		return r;
	}
	int64_t *all = xmalloc((na + nb + 1) * sizeof *all);
	memcpy(all, a, na * sizeof *a);
	memcpy(all + na, b, nb * sizeof *b);
	size_t k = na + nb;
	qsort(all, k, sizeof *all, cmp_i64);
	size_t w = 0;
	for (size_t i = 0; i < k; i++)
		if (!w || all[w - 1] != all[i])
			all[w++] = all[i];
	free(a);
	free(b);
	*ids = all;
	*n = w;
	return 0;
}

int period_scope_codes(app_ctx_t *c, const char *codes, const period_month_t *m, int64_t **ids,
		       size_t *n, err_t *e)
{
	*ids = NULL;
	*n = 0;
	int64_t *all = NULL;
	size_t nall = 0, cap = 0;
	int rc = 0;
	for (const char *p = codes ? codes : ""; *p && !rc;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *code = xstrndup(p, len);
		int64_t root = org_unit_id(c, code, e);
		free(code);
		int64_t *one = NULL;
		size_t none = 0;
		if (!root)
			rc = dberr(e);
		else if (!(rc = period_scope(c, root, m, &one, &none, e))) {
			xgrow((void **)&all, &cap, nall + none + 1, sizeof *all);
			memcpy(all + nall, one, none * sizeof *one);
			nall += none;
		}
		free(one);
		p = end ? end + 1 : p + len;
	}
	if (!rc && !nall)
		rc = err_set(e, ERR_USAGE, "Chưa chỉ định đơn vị");
	if (rc) {
		free(all);
		return rc;
	}
	qsort(all, nall, sizeof *all, cmp_i64);
	size_t w = 0;
	for (size_t i = 0; i < nall; i++)
		if (!w || all[w - 1] != all[i])
			all[w++] = all[i];
	*ids = all;
	*n = w;
	return 0;
}

int period_in_scope(const int64_t *ids, size_t n, int64_t id)
{
	return bsearch(&id, ids, n, sizeof *ids, cmp_i64) != NULL;
}

void period_due(app_ctx_t *c, int64_t unit_id, const period_month_t *m, const char *key,
		int64_t def, char out[11])
{
	int64_t day = settings_int(c, unit_id, key, def);
	int y = m->month == 12 ? m->year + 1 : m->year, mo = m->month == 12 ? 1 : m->month + 1;
	int dim = date_days_in_month(y, mo);
	if (day < 1)
		day = 1;
	if (day > dim)
		day = dim;
	date_iso(date_from_ymd(y, mo, (int)day), out);
}

/* ---- statuses ------------------------------------------------------- */

static const struct {
	const char *code, *label;
} statuses[PERIOD_ST__MAX] = {
    [PERIOD_ST_PENDING] = {"pending", "Chờ tự đánh giá"},
    [PERIOD_ST_SELF] = {"self_assessed", "Đã tự đánh giá, chờ nhận xét"},
    [PERIOD_ST_REVIEWED] = {"reviewed", "Đã nhận xét, chờ quyết định"},
    [PERIOD_ST_DECIDED] = {"decided", "Đã quyết định, chờ công khai"},
    [PERIOD_ST_PUBLISHED] = {"published", "Đã công khai"},
    [PERIOD_ST_LOCKED] = {"locked", "Đã khóa"},
};

int period_status_index(const char *status)
{
	for (int i = 0; i < PERIOD_ST__MAX; i++)
		if (status && strcmp(statuses[i].code, status) == 0)
			return i;
	return -1;
}

const char *period_status_label(const char *status)
{
	int i = period_status_index(status);
	return i < 0 ? (status ? status : "") : statuses[i].label;
}

/* ---- the organisation during the month ------------------------------- */

typedef struct uver {
	int64_t unit, parent;
	int from, to;
} uver_t;

typedef struct headpost {
	int64_t unit, person;
	int from, to;
	int prio; /* 0 primary, 1 concurrent */
	int64_t id;
} headpost_t;

typedef struct orgmap {
	uver_t *v;
	size_t nv, capv;
	headpost_t *h;
	size_t nh, caph;
	imap_t vfirst; /* unit → index of its first version in v */
	imap_t hfirst; /* unit → index of its first head post in h */
} orgmap_t;

static int cmp_uver(const void *a, const void *b)
{
	const uver_t *x = a, *y = b;
	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	return (x->from > y->from) - (x->from < y->from);
}

static int cmp_head(const void *a, const void *b)
{
	const headpost_t *x = a, *y = b;
	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	if (x->prio != y->prio)
		return x->prio - y->prio;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static void orgmap_free(orgmap_t *o)
{
	free(o->v);
	free(o->h);
	imap_free(&o->vfirst);
	imap_free(&o->hfirst);
}

static int orgmap_load(app_ctx_t *c, const period_month_t *m, orgmap_t *o, err_t *e)
{
	memset(o, 0, sizeof *o);
	db_stmt_t *s = db_stmt(c->db, STMT_EVAL_UNIT_VERSIONS_DURING, e);
	if (!s)
		return dberr(e);
	db_bind_text(s, 1, m->starts, -1);
	db_bind_text(s, 2, m->ends, -1);
	int r;
	while ((r = db_step(s, e)) == DB_ROW) {
		xgrow((void **)&o->v, &o->capv, o->nv + 1, sizeof *o->v);
		uver_t *u = &o->v[o->nv++];
		u->unit = db_col_int(s, 0);
		u->parent = db_col_is_null(s, 1) ? 0 : db_col_int(s, 1);
		u->from = iso_day(db_col_text(s, 2), INT_MIN);
		u->to = iso_day(db_col_text(s, 3), NO_END);
	}
	if (r < 0)
		return dberr(e);
	if (!(s = db_stmt(c->db, STMT_EVAL_HEADS_DURING, e)))
		return dberr(e);
	db_bind_text(s, 1, m->starts, -1);
	db_bind_text(s, 2, m->ends, -1);
	while ((r = db_step(s, e)) == DB_ROW) {
		xgrow((void **)&o->h, &o->caph, o->nh + 1, sizeof *o->h);
		headpost_t *h = &o->h[o->nh++];
		h->unit = db_col_int(s, 0);
		h->person = db_col_int(s, 1);
		h->prio = strcmp(db_col_text(s, 2), "primary") == 0 ? 0 : 1;
		h->from = iso_day(db_col_text(s, 3), INT_MIN);
		h->to = iso_day(db_col_text(s, 4), NO_END);
		h->id = db_col_int(s, 5);
	}
	if (r < 0)
		return dberr(e);
	qsort(o->v, o->nv, sizeof *o->v, cmp_uver);
	qsort(o->h, o->nh, sizeof *o->h, cmp_head);
	imap_init(&o->vfirst, o->nv);
	imap_init(&o->hfirst, o->nh);
	for (size_t i = o->nv; i-- > 0;)
		imap_put(&o->vfirst, o->v[i].unit, (int64_t)i);
	for (size_t i = o->nh; i-- > 0;)
		imap_put(&o->hfirst, o->h[i].unit, (int64_t)i);
	return 0;
}

/* The parent of unit on day (the version valid then, else the latest one
 * that began before), 0 for a root or an unknown unit. */
static int64_t parent_on(const orgmap_t *o, int64_t unit, int day)
{
	int64_t i;
	if (!imap_get(&o->vfirst, unit, &i))
		return 0;
	int64_t best = 0;
	for (size_t k = (size_t)i; k < o->nv && o->v[k].unit == unit; k++) {
		if (o->v[k].from <= day && day < o->v[k].to)
			return o->v[k].parent;
		if (o->v[k].from <= day)
			best = o->v[k].parent;
	}
	return best;
}

/* 1 when person holds a head post of unit on day. */
static int is_head_of(const orgmap_t *o, int64_t unit, int64_t person, int day)
{
	int64_t i;
	if (!imap_get(&o->hfirst, unit, &i))
		return 0;
	for (size_t k = (size_t)i; k < o->nh && o->h[k].unit == unit; k++)
		if (o->h[k].person == person && o->h[k].from <= day && day < o->h[k].to)
			return 1;
	return 0;
}

/* The head of unit on day: primary posts before concurrent ones, then the
 * earliest in post; 0 when none. */
static int64_t head_on(const orgmap_t *o, int64_t unit, int day)
{
	int64_t i;
	if (!imap_get(&o->hfirst, unit, &i))
		return 0;
	for (size_t k = (size_t)i; k < o->nh && o->h[k].unit == unit; k++)
		if (o->h[k].from <= day && day < o->h[k].to)
			return o->h[k].person;
	return 0;
}

/* The head of unit, or of the nearest unit above that has one, who is not
 * person and of whose unit person is not a head; 0 when nobody. */
static int64_t head_above(const orgmap_t *o, int64_t unit, int64_t person, int day)
{
	for (int depth = 0; unit && depth < 64; depth++) {
		if (!is_head_of(o, unit, person, day)) {
			int64_t h = head_on(o, unit, day);
			if (h && h != person)
				return h;
		}
		unit = parent_on(o, unit, day);
	}
	return 0;
}

/* ---- posts of the month --------------------------------------------- */

/* Position titles, interned: a province has a few hundred distinct titles
 * for hundreds of thousands of posts; each is stored and folded once. */
typedef struct strtab {
	char **str, **fold;
	size_t n, cap;
	imap_t idx; /* 64-bit hash → index */
} strtab_t;

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The index of s in t (added when new); -1 for NULL. */
static long strtab_put(strtab_t *t, const char *s)
{
	if (!s)
		return -1;
	int64_t key = (int64_t)(hash_str(s) & 0x7fffffffffffffffULL), i;
	if (imap_get(&t->idx, key, &i) && strcmp(t->str[i], s) == 0)
		return (long)i;
	size_t cap = t->cap;
	xgrow((void **)&t->str, &cap, t->n + 1, sizeof *t->str);
	xgrow((void **)&t->fold, &t->cap, t->n + 1, sizeof *t->fold);
	t->str[t->n] = xstrdup(s);
	t->fold[t->n] = *s ? text_fold(s) : NULL;
	if (!imap_get(&t->idx, key, NULL))
		imap_put(&t->idx, key, (int64_t)t->n);
	return (long)t->n++;
}

static void strtab_free(strtab_t *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->str[i]);
		free(t->fold[i]);
	}
	free(t->str);
	free(t->fold);
	imap_free(&t->idx);
}

typedef struct post {
	int64_t person, id, unit;
	long pos; /* position title in the posts' strtab, -1 none */
	int is_leader;
	char level[8];
	int from, to; /* clipped to the month */
	char cat[5];
	char status[12];
	int status_from;
	int in_scope;
} post_t;

typedef struct posts {
	post_t *v;
	size_t n, cap;
	imap_t seen;  /* assignment ids already read (only when dedupe is on) */
	imap_t scope; /* unit id → 1 */
	strtab_t titles;
	int dedupe;
} posts_t;

static void posts_free(posts_t *p)
{
	free(p->v);
	imap_free(&p->seen);
	imap_free(&p->scope);
	strtab_free(&p->titles);
}

/* Copies s (NULL: "") into out of size n, cut to fit like snprintf "%s"
 * (without its cost: it runs for every post of a province). */
static void copy_str(char *out, size_t n, const char *s)
{
	size_t len = s ? strlen(s) : 0;
	if (len >= n)
		len = n - 1;
	memcpy(out, s ? s : "", len);
	out[len] = 0;
}

static void read_post(db_stmt_t *s, posts_t *pp, int mfirst, int mend, post_t *p)
{
	memset(p, 0, sizeof *p);
	p->person = db_col_int(s, 0);
	p->id = db_col_int(s, 1);
	p->unit = db_col_int(s, 2);
	p->pos = strtab_put(&pp->titles, db_col_text(s, 3));
	p->is_leader = (int)db_col_int(s, 4);
	copy_str(p->level, sizeof p->level, db_col_text(s, 5));
	int from = iso_day(db_col_text(s, 6), INT_MIN), to = iso_day(db_col_text(s, 7), NO_END);
	p->from = from < mfirst ? mfirst : from;
	p->to = to > mend ? mend : to;
	copy_str(p->cat, sizeof p->cat, db_col_text(s, 8));
	copy_str(p->status, sizeof p->status, db_col_text(s, 9));
	p->status_from = iso_day(db_col_text(s, 10), INT_MIN);
}

static int add_posts(app_ctx_t *c, stmt_id id, int64_t key, const period_month_t *m,
		     posts_t *out, err_t *e)
{
	int mfirst = iso_day(m->starts, 0), mend = iso_day(m->ends, 0);
	db_stmt_t *s = db_stmt(c->db, id, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, key);
	db_bind_text(s, 2, m->starts, -1);
	db_bind_text(s, 3, m->ends, -1);
	int r;
	while ((r = db_step(s, e)) == DB_ROW) {
		if (out->dedupe) {
			int64_t aid = db_col_int(s, 1);
			if (imap_get(&out->seen, aid, NULL))
				continue;
			imap_put(&out->seen, aid, 1);
		}
		xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
		post_t *p = &out->v[out->n++];
		read_post(s, out, mfirst, mend, p);
		p->in_scope = imap_get(&out->scope, p->unit, NULL);
	}
	return r < 0 ? dberr(e) : 0;
}

static int cmp_post(const void *a, const void *b)
{
	const post_t *x = a, *y = b;
	if (x->person != y->person)
		return x->person < y->person ? -1 : 1;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* ---- existing evaluations ------------------------------------------- */

typedef struct exist {
	int64_t id, person, unit, assignment, fw, reviewer, decider;
	int64_t version;
	int status_pending, is_leader, days, touched;
	char *position, *cat, *level, *group, *membership;
} exist_t;

static void exist_free(exist_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].position);
		free(v[i].cat);
		free(v[i].level);
		free(v[i].group);
		free(v[i].membership);
	}
	free(v);
}

static int load_existing(app_ctx_t *c, int64_t period_id, exist_t **out, size_t *n, imap_t *idx,
			 err_t *e)
{
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	db_stmt_t *s = db_stmt(c->db, STMT_EVAL_OF_PERIOD_BRIEF, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, period_id);
	int r;
	while ((r = db_step(s, e)) == DB_ROW) {
		xgrow((void **)out, &cap, *n + 1, sizeof **out);
		exist_t *x = &(*out)[(*n)++];
		memset(x, 0, sizeof *x);
		x->id = db_col_int(s, 0);
		x->person = db_col_int(s, 1);
		x->status_pending = strcmp(db_col_text(s, 2), "pending") == 0;
		x->version = db_col_int(s, 3);
		x->unit = db_col_int(s, 4);
		x->assignment = db_col_is_null(s, 5) ? 0 : db_col_int(s, 5);
		x->fw = db_col_int(s, 6);
		x->cat = xstrdup(db_col_text(s, 7));
		x->is_leader = (int)db_col_int(s, 8);
		x->level = xstrdup(db_col_text(s, 9));
		x->group = xstrdup(db_col_text(s, 10));
		x->reviewer = db_col_is_null(s, 11) ? 0 : db_col_int(s, 11);
		x->decider = db_col_is_null(s, 12) ? 0 : db_col_int(s, 12);
		x->days = (int)db_col_int(s, 13);
		x->membership = xstrdup(db_col_text(s, 14));
		x->position = xstrdup(db_col_text(s, 15));
	}
	if (r < 0)
		return dberr(e);
	imap_init(idx, *n);
	for (size_t i = 0; i < *n; i++)
		imap_put(idx, (*out)[i].person, (int64_t)i);
	return 0;
}

static int streq(const char *a, const char *b)
{
	if (!a || !b)
		return !a && !b;
	return strcmp(a, b) == 0;
}

/* ---- framework cache ------------------------------------------------ */

static int cat_index(const char *cat)
{
	static const char *const cats[] = {"CB", "CC", "VC", "LDHD"};
	for (int i = 0; i < 4; i++)
		if (strcmp(cats[i], cat) == 0)
			return i;
	return 7;
}

/* The units owning frameworks of their own (derived frameworks). fw_select()
 * looks up the tree for them, so every unit below the same nearest owner
 * (or below none) gets the same answer: the cache is keyed by that owner. */
static int load_owners(app_ctx_t *c, imap_t *owners, err_t *e)
{
	imap_init(owners, 16);
	db_stmt_t *s = db_stmt(c->db, STMT_EVAL_FW_OWNERS, e);
	if (!s)
		return dberr(e);
	int r;
	while ((r = db_step(s, e)) == DB_ROW)
		imap_put(owners, db_col_int(s, 0), 1);
	return r < 0 ? dberr(e) : 0;
}

static int64_t nearest_owner(const orgmap_t *o, const imap_t *owners, int64_t unit, int day)
{
	if (!owners->n)
		return 0;
	for (int depth = 0; unit && depth < 64; depth++) {
		if (imap_get(owners, unit, NULL))
			return unit;
		unit = parent_on(o, unit, day);
	}
	return 0;
}

/* ---- unit codes for membership notes --------------------------------- */

static char *unit_code(app_ctx_t *c, int64_t id)
{
	db_stmt_t *s = db_stmt(c->db, STMT_EVAL_UNIT_CODE, NULL);
	if (!s)
		return xstrdup("?");
	db_bind_int(s, 1, id);
	char *code = xstrdup(db_step(s, NULL) == DB_ROW ? db_col_text(s, 0) : "?");
	db_reset(s);
	return code;
}

/* ---- progress ------------------------------------------------------- */

static void progress(app_ctx_t *c, time_t *last, long done, long total, int final)
{
	if ((c->quiet || c->progress_fd < 0 || total < 5000) && !c->on_progress)
		return;
	time_t now = time(NULL);
	if (!final && now == *last)
		return;
	*last = now;
	app_progress(c, done, total);
	if (c->quiet || c->progress_fd < 0 || total < 5000)
		return;
	char msg[128];
	int n = snprintf(msg, sizeof msg, "Đang mở kỳ đánh giá: %ld/%ld người (%ld%%)\n", done, total,
			 total ? done * 100 / total : 100);
	if (n > 0 && write(c->progress_fd, msg, (size_t)n) < 0)
		c->progress_fd = -1;
}

/* ---- opening -------------------------------------------------------- */

static int find_or_create_period(app_ctx_t *c, int64_t unit_id, const period_month_t *m,
				 const char *now, period_open_result_t *r, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, STMT_PERIOD_FIND, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, unit_id);
	db_bind_int(s, 2, m->year);
	db_bind_int(s, 3, m->month);
	int st = db_step(s, e);
	if (st < 0)
		return dberr(e);
	if (st == DB_ROW) {
		r->period_id = db_col_int(s, 0);
		r->existed = 1;
		db_reset(s);
		if (!(s = db_stmt(c->db, STMT_PERIOD_TOUCH, e)))
			return dberr(e);
		db_bind_int(s, 1, r->period_id);
		db_bind_text(s, 2, now, -1);
		return db_exec(s, e) ? dberr(e) : 0;
	}
	if (!(s = db_stmt(c->db, STMT_PERIOD_INSERT, e)))
		return dberr(e);
	db_bind_int(s, 1, unit_id);
	db_bind_int(s, 2, m->year);
	db_bind_int(s, 3, m->month);
	db_bind_text(s, 4, m->starts, -1);
	db_bind_text(s, 5, m->ends, -1);
	db_bind_text(s, 6, now, -1);
	db_bind_text(s, 7, c->actor, -1);
	r->period_id = db_insert(s, e);
	return r->period_id ? 0 : dberr(e);
}

/* What one person's evaluation should say. */
typedef struct plan {
	int64_t person, unit, assignment, fw, reviewer, decider;
	const char *position, *cat, *level, *group;
	int is_leader, days;
	buf_t note;
} plan_t;

static void membership_note(app_ctx_t *c, const post_t *pp, size_t np, size_t chosen,
			    int mfirst, int mend, int status_end, buf_t *note)
{
	const post_t *p = &pp[chosen];
	char d[11];
	if (p->from > mfirst) {
		date_vn(p->from, d);
		if (chosen > 0) {
			char *code = unit_code(c, pp[chosen - 1].unit);
			buf_printf(note, "Chuyển từ %s đến từ ngày %s", code, d);
			free(code);
		} else {
			buf_printf(note, "Nhận công tác từ ngày %s", d);
		}
	}
	int end = p->to < status_end ? p->to : status_end;
	if (end < mend) {
		date_vn(end, d);
		if (note->len)
			buf_puts(note, "; ");
		if (chosen + 1 < np && pp[chosen + 1].from == p->to) {
			char *code = unit_code(c, pp[chosen + 1].unit);
			buf_printf(note, "Chuyển sang %s từ ngày %s", code, d);
			free(code);
		} else {
			buf_printf(note, "Thôi công tác tại đơn vị từ ngày %s", d);
		}
	}
}

/* New evaluations queued for the thirty-two-row insert. The strings of a
 * queued plan are borrowed from the posts (which outlive the queue), except
 * the note, copied. */
#define QUEUE 32

typedef struct queued {
	plan_t pl;
	char note[512];
} queued_t;

typedef struct queue {
	queued_t v[QUEUE];
	size_t n;
	/* full thirty-two-row inserts go through a db bulk (db.h: on
	 * PostgreSQL one COPY instead of a round trip and a savepoint each);
	 * sent counts their rows */
	db_bulk_t *bulk;
	long sent;
} queue_t;

/* Binds the per-person values of a plan: pos[k] + base is the parameter
 * of, in order, person, unit, post, position, framework, category,
 * is_leader, leader level, group, reviewer, decider, days in post and note
 * (pos[k] 0: not bound). */
enum { PLAN_FIELDS = 13 };

static void bind_plan(db_stmt_t *s, const int pos[PLAN_FIELDS], int base, const plan_t *pl,
		      const char *note)
{
	const char *texts[PLAN_FIELDS] = {[3] = pl->position, [5] = pl->cat, [7] = pl->level,
					  [8] = pl->group, [12] = note && *note ? note : NULL};
	int64_t ints[PLAN_FIELDS] = {pl->person, pl->unit,     pl->assignment, 0,
				     pl->fw,     0,            pl->is_leader,  0,
				     0,          pl->reviewer, pl->decider,    pl->days};
	for (int k = 0; k < PLAN_FIELDS; k++) {
		if (!pos[k])
			continue;
		if (k == 3 || k == 5 || k == 7 || k == 8 || k == 12)
			db_bind_text(s, base + pos[k], texts[k], -1);
		else if (k == 2 || k == 9 || k == 10)
			db_bind_id(s, base + pos[k], ints[k]); /* optional: NULL when 0 */
		else
			db_bind_int(s, base + pos[k], ints[k]);
	}
}

/* Parameters of STMT_EVAL_INSERT, of a row of STMT_EVAL_INSERT32 (after
 * its five shared ones, see stmt_eval.h) and of STMT_EVAL_REFRESH. */
static const int pos_insert[PLAN_FIELDS] = {2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17};
static const int pos_insert32[PLAN_FIELDS] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
static const int pos_refresh[PLAN_FIELDS] = {0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14};

/* Writes the rows given to the queue's bulk and counts them: a row that
 * went in nowhere (ON CONFLICT DO NOTHING) was evaluated elsewhere. */
static int queue_close(queue_t *q, period_open_result_t *r, err_t *e)
{
	int64_t added = 0;
	int rc = db_bulk_close(q->bulk, &added, e);
	q->bulk = NULL;
	if (rc)
		return dberr(e);
	r->created += (long)added;
	r->elsewhere += q->sent - (long)added;
	q->sent = 0;
	return 0;
}

/* Binds the values every row of an opening shares: of STMT_EVAL_INSERT32
 * (full) or of STMT_EVAL_INSERT. */
static void bind_shared(db_stmt_t *s, int full, int64_t period_id, const period_month_t *m,
			const char *now)
{
	db_bind_int(s, 1, period_id);
	db_bind_int(s, full ? 2 : 3, m->year);
	db_bind_int(s, full ? 3 : 4, m->month);
	db_bind_int(s, full ? 4 : 16, m->days);
	db_bind_text(s, full ? 5 : 18, now, -1);
}

/* Inserts the queued evaluations (people evaluated elsewhere this month
 * were filtered out before, so every row should go in): a full queue as
 * one row of the bulk of STMT_EVAL_INSERT32; at the end of a root (last),
 * the bulk is written and then the rest row by row, so that rows keep the
 * order they were queued in. */
static int queue_flush(app_ctx_t *c, queue_t *q, int64_t period_id, const period_month_t *m,
		       const char *now, int last, period_open_result_t *r, err_t *e)
{
	int full = q->n == QUEUE;
	if (full) {
		if (!q->bulk && !(q->bulk = db_bulk_open(c->db, STMT_EVAL_INSERT32, e)))
			return dberr(e);
		db_stmt_t *s = db_bulk_row(q->bulk, e);
		if (!s)
			return dberr(e);
		bind_shared(s, 1, period_id, m, now);
		for (size_t j = 0; j < QUEUE; j++)
			bind_plan(s, pos_insert32, 5 + (int)j * 13, &q->v[j].pl, q->v[j].note);
		if (db_bulk_add(q->bulk, e))
			return dberr(e);
		q->sent += QUEUE;
	}
	if (last) {
		int rc = queue_close(q, r, e);
		if (rc)
			return rc;
	}
	for (size_t i = 0; !full && i < q->n; i++) {
		db_stmt_t *s = db_stmt(c->db, STMT_EVAL_INSERT, e);
		if (!s)
			return dberr(e);
		bind_shared(s, 0, period_id, m, now);
		bind_plan(s, pos_insert, 0, &q->v[i].pl, q->v[i].note);
		if (db_exec(s, e))
			return dberr(e);
		long added = (long)db_changes(c->db);
		r->created += added;
		r->elsewhere += 1 - added;
	}
	for (size_t i = 0; i < q->n; i++) {
		r->leaders += q->v[i].pl.is_leader;
		r->no_reviewer += !q->v[i].pl.reviewer;
	}
	q->n = 0;
	return 0;
}

static int write_plan(app_ctx_t *c, int64_t period_id, const period_month_t *m, const plan_t *pl,
		      exist_t *ex, const char *now, period_open_result_t *r, queue_t *q,
		      err_t *e)
{
	const char *note = pl->note.len ? buf_cstr((buf_t *)&pl->note) : NULL;
	if (ex) {
		ex->touched = 1;
		if (!ex->status_pending) {
			r->progressed++;
			return 0;
		}
		if (ex->unit == pl->unit && ex->assignment == pl->assignment && ex->fw == pl->fw &&
		    ex->reviewer == pl->reviewer && ex->decider == pl->decider &&
		    ex->is_leader == pl->is_leader && ex->days == pl->days &&
		    streq(ex->cat, pl->cat) && streq(ex->level, pl->level) &&
		    streq(ex->group, pl->group) && streq(ex->membership, note) &&
		    streq(ex->position, pl->position)) {
			r->unchanged++;
			return 0;
		}
		db_stmt_t *s = db_stmt(c->db, STMT_EVAL_REFRESH, e);
		if (!s)
			return dberr(e);
		db_bind_int(s, 1, ex->id);
		db_bind_int(s, 2, ex->version);
		bind_plan(s, pos_refresh, 0, pl, note);
		db_bind_text(s, 15, now, -1);
		if (db_exec(s, e))
			return dberr(e);
		if (db_changes(c->db) != 1)
			return err_set(e, ERR_CONFLICT,
				       "Bản đánh giá đã bị người khác thay đổi trong lúc mở kỳ; hãy chạy "
				       "lại lệnh");
		r->updated++;
		return 0;
	}
	queued_t *x = &q->v[q->n++];
	x->pl = *pl;
	copy_str(x->note, sizeof x->note, note);
	if (q->n == QUEUE)
		return queue_flush(c, q, period_id, m, now, 0, r, e);
	return 0;
}

/* Opens month m for one subtree root inside the caller's transaction,
 * adding to the counts in r. month_rows maps each person with an
 * evaluation this month to its period (0: none), kept up to date. */
static int open_root(app_ctx_t *c, const char *unit_code_in, const period_month_t *m,
		     imap_t *month_rows, period_open_result_t *r, err_t *e)
{
	int rc = 0;
	int64_t root = org_unit_id(c, unit_code_in, e);
	if (!root)
		return dberr(e);
	int64_t *scope = NULL;
	size_t nscope = 0;
	orgmap_t org;
	memset(&org, 0, sizeof org);
	posts_t posts;
	memset(&posts, 0, sizeof posts);
	exist_t *ex = NULL;
	size_t nex = 0;
	imap_t exidx, fwcache, owners;
	imap_init(&exidx, 0);
	imap_init(&fwcache, 0);
	imap_init(&owners, 0);
	queue_t *q = xcalloc(1, sizeof *q);
	char now[32];
	app_now(now);
	time_t last = 0;

	if ((rc = period_scope(c, root, m, &scope, &nscope, e)) || (rc = load_owners(c, &owners, e)))
		goto fail;
	/* the root must exist during the month */
	if ((rc = orgmap_load(c, m, &org, e)))
		goto fail;
	{
		int64_t vi;
		if (!imap_get(&org.vfirst, root, &vi)) {
			rc = err_set(e, ERR_INVALID,
				     "Đơn vị «%s» không tồn tại trong tháng %02d/%04d", unit_code_in,
				     m->month, m->year);
			goto fail;
		}
	}
	r->existed = 0;
	if ((rc = find_or_create_period(c, root, m, now, r, e)))
		goto fail;

	int mfirst = iso_day(m->starts, 0), mend = iso_day(m->ends, 0);
	imap_init(&posts.scope, nscope);
	for (size_t i = 0; i < nscope; i++)
		imap_put(&posts.scope, scope[i], 1);
	if (nscope > 64 && nscope * 4 > org.vfirst.n) {
		/* most of the tree: one pass over every primary post of the month,
		 * keeping the people with a post in the subtree */
		if ((rc = add_posts(c, STMT_EVAL_POSTS_ALL, 1, m, &posts, e)))
			goto fail;
		imap_t keep;
		imap_init(&keep, posts.n / 2 + 16);
		for (size_t i = 0; i < posts.n; i++)
			if (posts.v[i].in_scope)
				imap_put(&keep, posts.v[i].person, 1);
		size_t w = 0;
		for (size_t i = 0; i < posts.n; i++)
			if (posts.v[i].in_scope || imap_get(&keep, posts.v[i].person, NULL))
				posts.v[w++] = posts.v[i];
		posts.n = w;
		imap_free(&keep);
	} else {
		for (size_t i = 0; i < nscope; i++)
			if ((rc = add_posts(c, STMT_EVAL_POSTS_IN_UNIT, scope[i], m, &posts, e)))
				goto fail;
	}
	/* people whose post here does not cover the month: all their posts */
	size_t nfirst = posts.n;
	imap_t movers;
	imap_init(&movers, 64);
	for (size_t i = 0; i < nfirst; i++)
		if (posts.v[i].from > mfirst || posts.v[i].to < mend)
			imap_put(&movers, posts.v[i].person, 1);
	posts.dedupe = 1;
	imap_init(&posts.seen, movers.n * 2 + 16);
	for (size_t i = 0; i < nfirst; i++)
		if (imap_get(&movers, posts.v[i].person, NULL))
			imap_put(&posts.seen, posts.v[i].id, 1);
	for (size_t i = 0; i < nfirst && !rc; i++)
		if (imap_get_or(&movers, posts.v[i].person, 0) == 1) {
			imap_put(&movers, posts.v[i].person, 2); /* once per person */
			rc = add_posts(c, STMT_EVAL_POSTS_OF_PERSON, posts.v[i].person, m, &posts, e);
		}
	imap_free(&movers);
	if (rc)
		goto fail;
	qsort(posts.v, posts.n, sizeof *posts.v, cmp_post);
	if ((rc = load_existing(c, r->period_id, &ex, &nex, &exidx, e)))
		goto fail;

	int64_t min_days = settings_int(c, root, "period.min_days", 1);
	long npeople = 0;
	for (size_t i = 0; i < posts.n;) {
		size_t j = i;
		while (j < posts.n && posts.v[j].person == posts.v[i].person)
			j++;
		npeople++;
		i = j;
	}
	long done = 0;
	for (size_t i = 0; i < posts.n;) {
		size_t j = i;
		while (j < posts.n && posts.v[j].person == posts.v[i].person)
			j++;
		const post_t *pp = &posts.v[i];
		size_t np = j - i;
		int any_in_scope = 0;
		for (size_t k = 0; k < np; k++)
			any_in_scope |= pp[k].in_scope;
		i = j;
		progress(c, &last, ++done, npeople, 0);
		if (!any_in_scope)
			continue;
		r->candidates++;
		/* status: working or seconded, or changed only after the month began */
		int status_end = NO_END;
		if (strcmp(pp[0].status, "working") != 0 && strcmp(pp[0].status, "seconded") != 0) {
			if (pp[0].status_from == INT_MIN || pp[0].status_from <= mfirst) {
				r->not_working++;
				continue;
			}
			status_end = pp[0].status_from;
		}
		/* the longest post in the month; the later one on a tie */
		size_t best = 0;
		int bestdays = -1;
		for (size_t k = 0; k < np; k++) {
			int to = pp[k].to < status_end ? pp[k].to : status_end;
			int d = to - pp[k].from;
			if (d < 0)
				d = 0;
			if (d >= bestdays) {
				best = k;
				bestdays = d;
			}
		}
		const post_t *p = &pp[best];
		if (!p->in_scope) {
			r->elsewhere++;
			continue;
		}
		if (bestdays < min_days || bestdays <= 0) {
			r->short_stay++;
			continue;
		}
		int ref = (p->to < status_end ? p->to : status_end) - 1;
		plan_t pl;
		memset(&pl, 0, sizeof pl);
		buf_init(&pl.note, 1024);
		pl.person = p->person;
		pl.unit = p->unit;
		pl.assignment = p->id;
		pl.position = p->pos >= 0 ? posts.titles.str[p->pos] : NULL;
		pl.cat = p->cat;
		pl.is_leader = p->is_leader;
		pl.level = p->is_leader && p->level[0] ? p->level : NULL;
		pl.days = bestdays;
		pl.group = p->pos >= 0 ? posts.titles.fold[p->pos] : NULL;
		pl.reviewer = head_above(&org, p->unit, p->person, ref);
		if (p->is_leader) {
			int64_t parent = parent_on(&org, p->unit, ref);
			pl.decider = parent ? head_above(&org, parent, p->person, ref) : 0;
		} else {
			pl.decider = pl.reviewer;
		}
		membership_note(c, pp, np, best, mfirst, mend, status_end, &pl.note);
		/* the framework, cached per nearest framework owner, category and
		 * leadership */
		int64_t owner = nearest_owner(&org, &owners, p->unit, mfirst);
		int64_t key = owner * 16 + cat_index(p->cat) * 2 + (p->is_leader ? 1 : 0);
		if (!imap_get(&fwcache, key, &pl.fw)) {
			err_t fe = {0};
			pl.fw = fw_select(c, p->unit, p->cat, p->is_leader, m->starts, &fe);
			if (!pl.fw && fe.code != ERR_NOT_FOUND && fe.code != ERR_OK) {
				*e = fe;
				rc = fe.code;
				buf_free(&pl.note);
				goto fail;
			}
			imap_put(&fwcache, key, pl.fw);
		}
		if (!pl.fw) {
			r->no_framework++;
			buf_free(&pl.note);
			continue;
		}
		int64_t xi;
		exist_t *x = imap_get(&exidx, p->person, &xi) ? &ex[xi] : NULL;
		int64_t other = imap_get_or(month_rows, p->person, 0);
		if (!x && other && other != r->period_id) {
			r->elsewhere++; /* evaluated for this month in another period */
			buf_free(&pl.note);
			continue;
		}
		rc = write_plan(c, r->period_id, m, &pl, x, now, r, q, e);
		buf_free(&pl.note);
		if (rc)
			goto fail;
		if (!x)
			imap_put(month_rows, p->person, r->period_id);
	}
	if ((rc = queue_flush(c, q, r->period_id, m, now, 1, r, e)))
		goto fail;
	progress(c, &last, done, npeople, 1);
	/* pending evaluations of people no longer eligible */
	for (size_t i = 0; i < nex; i++) {
		if (ex[i].touched || !ex[i].status_pending)
			continue;
		db_stmt_t *s = db_stmt(c->db, STMT_EVAL_DELETE_PENDING, e);
		if (!s) {
			rc = dberr(e);
			goto fail;
		}
		db_bind_int(s, 1, ex[i].id);
		if (db_exec(s, e)) {
			rc = dberr(e);
			goto fail;
		}
		int gone = db_changes(c->db) > 0;
		r->removed += gone;
		if (gone && imap_get_or(month_rows, ex[i].person, 0) == r->period_id)
			imap_put(month_rows, ex[i].person, 0);
	}

	buf_t after;
	buf_init(&after, 4096);
	jw_t w;
	jw_init(&w, &after);
	char mt[8];
	period_month_text(m->year, m->month, mt);
	jw_obj(&w);
	jw_kint(&w, "period", r->period_id);
	jw_kstr(&w, "unit", unit_code_in);
	jw_kstr(&w, "month", mt);
	jw_kint(&w, "created", r->created);
	jw_kint(&w, "updated", r->updated);
	jw_kint(&w, "unchanged", r->unchanged);
	jw_kint(&w, "progressed", r->progressed);
	jw_kint(&w, "removed", r->removed);
	jw_kint(&w, "elsewhere", r->elsewhere);
	jw_kint(&w, "not_working", r->not_working);
	jw_kint(&w, "short_stay", r->short_stay);
	jw_kint(&w, "no_framework", r->no_framework);
	jw_obj_end(&w);
	char idtxt[24];
	snprintf(idtxt, sizeof idtxt, "%lld", (long long)r->period_id);
	rc = audit_append(c, r->existed ? "period.reopen" : "period.open", "period", idtxt, NULL,
			  buf_cstr(&after), e);
	buf_free(&after);
	if (rc)
		goto fail;
fail:
	free(scope);
	orgmap_free(&org);
	posts_free(&posts);
	exist_free(ex, nex);
	imap_free(&exidx);
	imap_free(&fwcache);
	imap_free(&owners);
	db_bulk_close(q->bulk, NULL, NULL); /* unsent after a failure: rolled back */
	free(q);
	return rc;
}

/* Who is evaluated for month m already, and in which period: read once
 * for all the roots of an opening (each keeps it up to date). */
static int load_month_rows(app_ctx_t *c, const period_month_t *m, imap_t *rows, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, STMT_EVAL_PERSONS_OF_MONTH, e);
	if (!s)
		return dberr(e);
	db_bind_int(s, 1, m->year);
	db_bind_int(s, 2, m->month);
	int st;
	while ((st = db_step(s, e)) == DB_ROW)
		imap_put(rows, db_col_int(s, 0), db_col_int(s, 1));
	return st < 0 ? dberr(e) : 0;
}

int period_open(app_ctx_t *c, const char *unit_codes, const period_month_t *m,
		period_open_result_t *r, err_t *e)
{
	memset(r, 0, sizeof *r);
	int rc = app_require_hr(c, e);
	if (rc)
		return rc;
	if ((rc = db_begin(c->db, e)))
		return rc;
	db_cache_hint(c->db, 512); /* a province's month: see BULK_CACHE_MB in eval.c */
	imap_t month_rows; /* person → period of their evaluation this month */
	imap_init(&month_rows, 1024);
	if ((rc = fw_ensure_builtins(c, e)) || (rc = load_month_rows(c, m, &month_rows, e)))
		goto fail;
	int existed = 1;
	for (const char *p = unit_codes; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *code = xstrndup(p, len);
		rc = open_root(c, code, m, &month_rows, r, e);
		free(code);
		if (rc)
			goto fail;
		existed &= r->existed;
		p = end ? end + 1 : p + len;
	}
	r->existed = existed;
	if ((rc = db_commit(c->db, e)))
		goto fail;
	imap_free(&month_rows);
	db_cache_hint(c->db, 0);
	return 0;
fail:
	db_rollback(c->db);
	imap_free(&month_rows);
	db_cache_hint(c->db, 0);
	return rc;
}

/* ---- listing and status ---------------------------------------------- */

void period_list_free(period_list_t *l)
{
	for (size_t i = 0; i < l->n; i++) {
		period_row_t *p = &l->v[i];
		free(p->unit_code);
		free(p->unit_name);
		free(p->starts);
		free(p->status);
		free(p->opened_at);
		free(p->opened_by);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

int period_list(app_ctx_t *c, period_list_t *out, err_t *e)
{
	memset(out, 0, sizeof *out);
	db_stmt_t *s = db_stmt(c->db, STMT_PERIOD_LIST, e);
	if (!s)
		return dberr(e);
	int r;
	while ((r = db_step(s, e)) == DB_ROW) {
		xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
		period_row_t *p = &out->v[out->n++];
		p->id = db_col_int(s, 0);
		p->unit_code = xstrdup(db_col_text(s, 1));
		p->unit_name = xstrdup(db_col_text(s, 2));
		p->year = (int)db_col_int(s, 3);
		p->month = (int)db_col_int(s, 4);
		p->starts = xstrdup(db_col_text(s, 5));
		p->status = xstrdup(db_col_text(s, 6));
		p->opened_at = xstrdup(db_col_text(s, 7));
		p->opened_by = xstrdup(db_col_text(s, 8));
		p->evaluations = db_col_int(s, 9);
	}
	return r < 0 ? dberr(e) : 0;
}

int period_status(app_ctx_t *c, const char *unit_code_in, const period_month_t *m,
		  period_status_t *out, err_t *e)
{
	memset(out, 0, sizeof *out);
	int64_t *scope = NULL;
	size_t nscope = 0;
	int rc = period_scope_codes(c, unit_code_in, m, &scope, &nscope, e);
	if (rc)
		return rc;
	char first[128];
	snprintf(first, sizeof first, "%.*s", (int)strcspn(unit_code_in, ","), unit_code_in);
	int64_t root = org_unit_id(c, first, e);
	period_due(c, root, m, "deadline.self", 5, out->due_self);
	period_due(c, root, m, "deadline.review", 8, out->due_review);
	period_due(c, root, m, "deadline.decide", 10, out->due_decide);
	char today[11];
	app_today(today);
	db_stmt_t *s = db_stmt(c->db, STMT_EVAL_STATUS_OF_MONTH, e);
	if (!s) {
		free(scope);
		return dberr(e);
	}
	db_bind_int(s, 1, m->year);
	db_bind_int(s, 2, m->month);
	int r;
	while ((r = db_step(s, e)) == DB_ROW) {
		if (!period_in_scope(scope, nscope, db_col_int(s, 0)))
			continue;
		int st = period_status_index(db_col_text(s, 1));
		int64_t late = db_col_int(s, 2);
		out->total++;
		if (st >= 0)
			out->by_status[st]++;
		out->late_self += (late & 1) != 0;
		out->late_review += (late & 2) != 0;
		out->late_decide += (late & 4) != 0;
		out->objections_open += db_col_int(s, 3) > 0;
		if (st == PERIOD_ST_PENDING && strcmp(today, out->due_self) > 0)
			out->overdue_self++;
		if (st <= PERIOD_ST_SELF && st >= 0 && strcmp(today, out->due_review) > 0)
			out->overdue_review++;
		if (st <= PERIOD_ST_REVIEWED && st >= 0 && strcmp(today, out->due_decide) > 0)
			out->overdue_decide++;
	}
	free(scope);
	return r < 0 ? dberr(e) : 0;
}
