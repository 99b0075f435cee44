/*
 * fwjson: framework_t ⇄ JSON. See fwjson.h and docs/frameworks.md.
 *
 * The reader is table-free but regular: each object is first checked
 * against its list of allowed members (js_check_keys), then each member is
 * read with a typed getter that names the field on error, and text is
 * cleaned (valid UTF-8, no control characters, NFC, spaces collapsed)
 * before it enters the framework. The structural rules (sums, bands in
 * order, unique codes…) are framework_validate()'s, run last.
 */
#include "app/fwjson.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/text.h"
#include "lib/xalloc.h"

#define NAME_MAX_CHARS  500
#define LEGAL_MAX_CHARS 2000
#define CODE_MAX        64
#define GROUPS_MAX      50
#define CRITERIA_MAX    200
#define BANDS_MAX       20
#define DISQ_MAX        50

static const struct {
	unsigned bit;
	const char *code;
} cats[] = {{FRAMEWORK_CAT_CB, "CB"},
            {FRAMEWORK_CAT_CC, "CC"},
            {FRAMEWORK_CAT_VC, "VC"},
            {FRAMEWORK_CAT_LDHD, "LDHD"}};

static const struct {
	unsigned bit;
	const char *code;
} roles[] = {{FRAMEWORK_ROLE_LEADER, "leader"}, {FRAMEWORK_ROLE_STAFF, "staff"}};

static const char *const group_kinds[FRAMEWORK_GROUP__MAX] = {"base", "bonus"};
static const char *const quota_kinds[FRAMEWORK_QUOTA__MAX] = {"none", "share_of_rated",
                                                              "share_of_next_grade"};

unsigned fwjson_category(const char *code)
{
	for (size_t i = 0; i < sizeof cats / sizeof *cats; i++)
		if (strcmp(cats[i].code, code) == 0)
			return cats[i].bit;
	if (strcmp(code, "LĐHĐ") == 0)
		return FRAMEWORK_CAT_LDHD;
	return 0;
}

void fwjson_categories_text(unsigned c, char *out, size_t n)
{
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof cats / sizeof *cats; i++)
		if (c & cats[i].bit)
			o += (size_t)snprintf(out + o, o < n ? n - o : 0, "%s%s", o ? "," : "",
			                      cats[i].code);
}

void fwjson_roles_text(unsigned r, char *out, size_t n)
{
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
		if (r & roles[i].bit)
			o += (size_t)snprintf(out + o, o < n ? n - o : 0, "%s%s", o ? "," : "",
			                      roles[i].code);
}

/* ---- writing ------------------------------------------------------------- */

static void put_date(js_t *o, const char *key, int32_t day)
{
	char iso[11];
	date_iso(day, iso);
	js_put_str(o, key, iso);
}

static const char *band_code(const framework_t *fw, int i)
{
	return i >= 0 && (size_t)i < fw->nbands ? fw->bands[i].code : NULL;
}

js_t *fwjson_value(const framework_t *fw)
{
	js_t *o = js_new_object();
	js_put_str(o, "code", fw->code);
	js_put_int(o, "version", fw->version);
	js_put_str(o, "name", fw->name);
	js_put_str(o, "legal_basis", fw->legal_basis);
	put_date(o, "effective_from", fw->effective_from);
	if (fw->effective_to == FRAMEWORK_NO_END)
		js_put_null(o, "effective_to");
	else
		put_date(o, "effective_to", fw->effective_to);

	js_t *ap = js_put_object(o, "applies_to");
	js_t *a = js_put_array(ap, "categories");
	for (size_t i = 0; i < sizeof cats / sizeof *cats; i++)
		if (fw->categories & cats[i].bit)
			js_push_str(a, cats[i].code);
	a = js_put_array(ap, "roles");
	for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
		if (fw->roles & roles[i].bit)
			js_push_str(a, roles[i].code);

	js_put_fixed(o, "scale", fw->scale_max, 2);
	js_put_bool(o, "allow_over_max", fw->allow_over_max);
	js_put_fixed(o, "rounding", fw->round_step, 2);

	js_t *gs = js_put_array(o, "groups");
	for (size_t g = 0; g < fw->ngroups; g++) {
		const framework_group_t *gr = &fw->groups[g];
		js_t *go = js_push_object(gs);
		js_put_str(go, "code", gr->code);
		js_put_str(go, "name", gr->name);
		js_put_str(go, "kind",
		           (unsigned)gr->kind < FRAMEWORK_GROUP__MAX ? group_kinds[gr->kind] : "?");
		js_put_fixed(go, "max", gr->max, 2);
		js_t *cs = js_put_array(go, "criteria");
		for (size_t c = 0; c < gr->ncriteria; c++) {
			const framework_criterion_t *cr = &gr->criteria[c];
			js_t *co = js_push_object(cs);
			js_put_str(co, "code", cr->code);
			js_put_str(co, "name", cr->name);
			js_put_str(co, "kind", framework_kind_name(cr->kind));
			js_put_fixed(co, "max", cr->max, 2);
		}
	}

	js_t *bs = js_put_array(o, "bands");
	for (size_t i = 0; i < fw->nbands; i++) {
		js_t *bo = js_push_object(bs);
		js_put_str(bo, "code", fw->bands[i].code);
		js_put_str(bo, "label", fw->bands[i].label);
		js_put_fixed(bo, "min", fw->bands[i].min, 2);
	}

	js_t *ds = js_put_array(o, "disqualifiers");
	for (size_t i = 0; i < fw->ndisq; i++) {
		js_t *d = js_push_object(ds);
		js_put_str(d, "code", fw->disq[i].code);
		js_put_str(d, "reason", fw->disq[i].reason);
		js_put_bool(d, "leaders_only", fw->disq[i].leaders_only);
	}

	const framework_quota_t *q = &fw->quota;
	js_t *qo = js_put_object(o, "quota");
	js_put_str(qo, "kind",
	           (unsigned)q->kind < FRAMEWORK_QUOTA__MAX ? quota_kinds[q->kind] : "?");
	js_put_fixed(qo, "percent", q->permille, 1);
	js_put_fixed(qo, "percent_outstanding", q->permille_outstanding, 1);
	js_put_bool(qo, "per_group", q->per_group);
	js_put_int(qo, "min_top", q->min_top);
	js_put_str(qo, "top_band", band_code(fw, q->top_band));
	js_put_str(qo, "next_band", band_code(fw, q->next_band));

	const framework_workprod_t *w = &fw->workprod;
	js_t *wo = js_put_object(o, "work_products");
	js_t *wt = js_put_object(wo, "weights");
	js_put_int(wt, "quantity", w->w_quantity);
	js_put_int(wt, "quality", w->w_quality);
	js_put_int(wt, "progress", w->w_progress);
	js_put_fixed(wo, "review_penalty_percent", w->review_penalty_permille, 1);
	js_put_fixed(wo, "delay_penalty_percent", w->delay_penalty_permille, 1);

	const framework_leader_t *l = &fw->leader;
	js_t *lo = js_put_object(o, "leader");
	wt = js_put_object(lo, "weights");
	js_put_int(wt, "own", l->w_own);
	js_put_int(wt, "unit", l->w_unit);
	js_put_int(wt, "organising", l->w_organising);
	js_put_fixed(lo, "unit_all_ht_percent", l->unit_all_ht_bp, 2);
	js_put_fixed(lo, "unit_any_kht_percent", l->unit_any_kht_bp, 2);
	return o;
}

char *fwjson_write(const framework_t *fw)
{
	js_t *v = fwjson_value(fw);
	char *s = js_dump(v, 1);
	js_free(v);
	return s;
}

/* ---- reading ------------------------------------------------------------- */

/* A code: 1..CODE_MAX characters of A-Z a-z 0-9 . _ - */
static int check_code(const char *s, const char *where, const char *key, err_t *e)
{
	size_t n = strlen(s);
	int ok = n > 0 && n <= CODE_MAX;
	for (size_t i = 0; ok && i < n; i++) {
		char ch = s[i];
		ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		     (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
	}
	if (ok)
		return 0;
	return err_set(e, ERR_INVALID,
	               "Trường «%s%s%s» («%s») phải có từ 1 đến %d ký tự, chỉ gồm chữ cái không "
	               "dấu, chữ số và các dấu . _ -",
	               where, *where ? "." : "", key, s, CODE_MAX);
}

/* Reads a required code member into *out (borrowed). */
static int get_code(const js_t *o, const char *where, const char *key, const char **out, err_t *e)
{
	int rc = js_get_str(o, where, key, 1, out, e);
	return rc ? rc : check_code(*out, where, key, e);
}

/* Reads a text member and cleans it; *out is new (caller frees). */
static int get_text(const js_t *o, const char *where, const char *key, size_t max_chars, char **out,
                    err_t *e)
{
	const char *s;
	int rc = js_get_str(o, where, key, 1, &s, e);
	if (rc)
		return rc;
	char f[160];
	snprintf(f, sizeof f, "%s%s%s", where, *where ? "." : "", key);
	err_t te = {0};
	char *t = text_clean(s, strlen(s), &te);
	if (!t)
		return err_set(e, ERR_INVALID, "Trường «%s»: %s", f, te.msg);
	if (!*t || text_utf8_len(t) > max_chars) {
		free(t);
		return err_set(e, ERR_INVALID, "Trường «%s» phải có từ 1 đến %zu ký tự", f,
		               max_chars);
	}
	*out = t;
	return 0;
}

static int get_date(const js_t *o, const char *key, int required, int32_t *out, err_t *e)
{
	const char *s = NULL;
	int rc = js_get_str(o, "", key, required, &s, e);
	if (rc || !s)
		return rc;
	int d;
	if (date_parse(s, &d))
		return err_set(e, ERR_INVALID,
		               "Trường «%s» («%s») không phải ngày hợp lệ; dùng yyyy-mm-dd hoặc "
		               "dd/mm/yyyy",
		               key, s);
	*out = d;
	return 0;
}

/* Reads a fixed-point member into an int32_t (preset default kept when
 * the member is absent and optional). */
static int get_fixed32(const js_t *o, const char *where, const char *key, int required,
                       int decimals, int64_t min, int64_t max, int32_t *out, err_t *e)
{
	int64_t v = *out;
	int rc = js_get_fixed(o, where, key, required, decimals, min, max, &v, e);
	if (!rc)
		*out = (int32_t)v;
	return rc;
}

static int get_int32(const js_t *o, const char *where, const char *key, int required, int64_t min,
                     int64_t max, int32_t *out, err_t *e)
{
	int64_t v = *out;
	int rc = js_get_int(o, where, key, required, min, max, &v, e);
	if (!rc)
		*out = (int32_t)v;
	return rc;
}

/* Reads an array of codes into a bit mask through look-up. */
static int get_bits(const js_t *o, const char *where, const char *key, unsigned *out,
                    unsigned (*lookup)(const char *), const char *known, err_t *e)
{
	const js_t *a;
	int rc = js_get_array(o, where, key, 1, &a, e);
	if (rc)
		return rc;
	char f[96];
	snprintf(f, sizeof f, "%s.%s", where, key);
	if (js_len(a) == 0)
		return err_set(e, ERR_INVALID, "Trường «%s» không được để trống (dùng %s)", f,
		               known);
	unsigned bits = 0;
	for (size_t i = 0; i < js_len(a); i++) {
		const char *s;
		if ((rc = js_at_str(a, f, i, &s, e)))
			return rc;
		unsigned b = lookup(s);
		if (!b)
			return err_set(e, ERR_INVALID, "«%s[%zu]»: «%s» không hợp lệ (dùng %s)", f,
			               i, s, known);
		if (bits & b)
			return err_set(e, ERR_INVALID, "«%s[%zu]»: «%s» bị lặp lại", f, i, s);
		bits |= b;
	}
	*out = bits;
	return 0;
}

static unsigned role_bit(const char *s)
{
	for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
		if (strcmp(roles[i].code, s) == 0)
			return roles[i].bit;
	return 0;
}

/* Index of name in the list of n names, or -1. */
static int name_index(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

static int get_enum(const js_t *o, const char *where, const char *key, const char *const *names,
                    int n, int *out, err_t *e)
{
	const char *s;
	int rc = js_get_str(o, where, key, 1, &s, e);
	if (rc)
		return rc;
	int i = name_index(names, n, s);
	if (i < 0) {
		char list[256];
		size_t l = 0;
		list[0] = '\0';
		for (int k = 0; k < n; k++)
			l += (size_t)snprintf(list + l, l < sizeof list ? sizeof list - l : 0,
			                      "%s%s", k ? ", " : "", names[k]);
		return err_set(e, ERR_INVALID, "Trường «%s.%s»: «%s» không hợp lệ (dùng %s)", where,
		               key, s, list);
	}
	*out = i;
	return 0;
}

static int read_applies(framework_t *fw, const js_t *v, err_t *e)
{
	static const char *const keys[] = {"categories", "roles", NULL};
	const js_t *ap;
	int rc = js_get_object(v, "", "applies_to", 1, &ap, e);
	if (!rc)
		rc = js_check_keys(ap, "applies_to", keys, e);
	if (!rc)
		rc = get_bits(ap, "applies_to", "categories", &fw->categories, fwjson_category,
		              "CB, CC, VC, LDHD", e);
	if (!rc)
		rc = get_bits(ap, "applies_to", "roles", &fw->roles, role_bit, "leader, staff", e);
	return rc;
}

static int read_criteria(framework_t *fw, size_t gi, const js_t *go, const char *gw, err_t *e)
{
	static const char *const keys[] = {"code", "name", "kind", "max", NULL};
	const char *kind_names[FRAMEWORK_KIND__MAX];
	for (int k = 0; k < FRAMEWORK_KIND__MAX; k++)
		kind_names[k] = framework_kind_name((framework_kind)k);
	const js_t *cs;
	int rc = js_get_array(go, gw, "criteria", 1, &cs, e);
	if (rc)
		return rc;
	if (js_len(cs) == 0)
		return err_set(e, ERR_INVALID, "Nhóm «%s» chưa có tiêu chí nào (%s.criteria)",
		               fw->groups[gi].code, gw);
	if (js_len(cs) > CRITERIA_MAX)
		return err_set(e, ERR_INVALID, "Nhóm «%s» có quá %d tiêu chí", fw->groups[gi].code,
		               CRITERIA_MAX);
	for (size_t i = 0; i < js_len(cs); i++) {
		char w[96];
		snprintf(w, sizeof w, "%s.criteria[%zu]", gw, i);
		const js_t *co = js_at(cs, i);
		const char *code;
		char *name = NULL;
		int kind = 0;
		int32_t max = 0;
		if ((rc = js_check_keys(co, w, keys, e)) ||
		    (rc = get_code(co, w, "code", &code, e)) ||
		    (rc = get_text(co, w, "name", NAME_MAX_CHARS, &name, e)) ||
		    (rc = get_enum(co, w, "kind", kind_names, FRAMEWORK_KIND__MAX, &kind, e)) ||
		    (rc = get_fixed32(co, w, "max", 1, 2, 1, FRAMEWORK_POINTS_MAX, &max, e))) {
			free(name);
			return rc;
		}
		framework_add_criterion(fw, gi, code, name, (framework_kind)kind, max);
		free(name);
	}
	return 0;
}

static int read_groups(framework_t *fw, const js_t *v, err_t *e)
{
	static const char *const keys[] = {"code", "name", "kind", "max", "criteria", NULL};
	const js_t *gs;
	int rc = js_get_array(v, "", "groups", 1, &gs, e);
	if (rc)
		return rc;
	if (js_len(gs) == 0)
		return err_set(e, ERR_INVALID, "Khung tiêu chí chưa có nhóm tiêu chí nào (groups)");
	if (js_len(gs) > GROUPS_MAX)
		return err_set(e, ERR_INVALID, "Khung tiêu chí có quá %d nhóm", GROUPS_MAX);
	for (size_t i = 0; i < js_len(gs); i++) {
		char w[64];
		snprintf(w, sizeof w, "groups[%zu]", i);
		const js_t *go = js_at(gs, i);
		const char *code;
		char *name = NULL;
		int kind = 0;
		int32_t max = 0;
		if ((rc = js_check_keys(go, w, keys, e)) ||
		    (rc = get_code(go, w, "code", &code, e)) ||
		    (rc = get_text(go, w, "name", NAME_MAX_CHARS, &name, e)) ||
		    (rc = get_enum(go, w, "kind", group_kinds, FRAMEWORK_GROUP__MAX, &kind, e)) ||
		    (rc = get_fixed32(go, w, "max", 1, 2, 1, FRAMEWORK_POINTS_MAX, &max, e))) {
			free(name);
			return rc;
		}
		size_t gi = framework_add_group(fw, code, name, (framework_group_kind)kind, max);
		free(name);
		if ((rc = read_criteria(fw, gi, go, w, e)))
			return rc;
	}
	return 0;
}

static int read_bands(framework_t *fw, const js_t *v, err_t *e)
{
	static const char *const keys[] = {"code", "label", "min", NULL};
	const js_t *bs;
	int rc = js_get_array(v, "", "bands", 1, &bs, e);
	if (rc)
		return rc;
	if (js_len(bs) > BANDS_MAX)
		return err_set(e, ERR_INVALID, "Khung tiêu chí có quá %d mức xếp loại", BANDS_MAX);
	for (size_t i = 0; i < js_len(bs); i++) {
		char w[64];
		snprintf(w, sizeof w, "bands[%zu]", i);
		const js_t *bo = js_at(bs, i);
		const char *code;
		char *label = NULL;
		int32_t min = 0;
		if ((rc = js_check_keys(bo, w, keys, e)) ||
		    (rc = get_code(bo, w, "code", &code, e)) ||
		    (rc = get_text(bo, w, "label", NAME_MAX_CHARS, &label, e)) ||
		    (rc = get_fixed32(bo, w, "min", 1, 2, 0, FRAMEWORK_POINTS_MAX, &min, e))) {
			free(label);
			return rc;
		}
		framework_add_band(fw, code, label, min);
		free(label);
	}
	return 0;
}

static int read_disqualifiers(framework_t *fw, const js_t *v, err_t *e)
{
	static const char *const keys[] = {"code", "reason", "leaders_only", NULL};
	const js_t *ds = NULL;
	int rc = js_get_array(v, "", "disqualifiers", 0, &ds, e);
	if (rc || !ds)
		return rc;
	if (js_len(ds) > DISQ_MAX)
		return err_set(e, ERR_INVALID,
		               "Khung tiêu chí có quá %d trường hợp xếp loại thấp nhất", DISQ_MAX);
	for (size_t i = 0; i < js_len(ds); i++) {
		char w[64];
		snprintf(w, sizeof w, "disqualifiers[%zu]", i);
		const js_t *d = js_at(ds, i);
		const char *code;
		char *reason = NULL;
		int leaders = 0;
		if ((rc = js_check_keys(d, w, keys, e)) ||
		    (rc = get_code(d, w, "code", &code, e)) ||
		    (rc = get_text(d, w, "reason", LEGAL_MAX_CHARS, &reason, e)) ||
		    (rc = js_get_bool(d, w, "leaders_only", 0, &leaders, e))) {
			free(reason);
			return rc;
		}
		framework_add_disqualifier(fw, code, reason, leaders);
		free(reason);
	}
	return 0;
}

/* A band reference of the quota: its code, looked up in the bands read. */
static int get_band_ref(const framework_t *fw, const js_t *q, const char *key, int *out, err_t *e)
{
	const char *s = NULL;
	int rc = js_get_str(q, "quota", key, 0, &s, e);
	if (rc || !s)
		return rc;
	for (size_t i = 0; i < fw->nbands; i++)
		if (strcmp(fw->bands[i].code, s) == 0) {
			*out = (int)i;
			return 0;
		}
	return err_set(e, ERR_INVALID,
	               "Trường «quota.%s»: không có mức xếp loại mã «%s» trong bands", key, s);
}

static int read_quota(framework_t *fw, const js_t *v, err_t *e)
{
	static const char *const keys[] = {"kind",      "percent", "percent_outstanding",
	                                   "per_group", "min_top", "top_band",
	                                   "next_band", NULL};
	const js_t *q = NULL;
	int rc = js_get_object(v, "", "quota", 0, &q, e);
	if (rc || !q)
		return rc;
	framework_quota_t *qq = &fw->quota;
	int kind = 0;
	if ((rc = js_check_keys(q, "quota", keys, e)) ||
	    (rc = get_enum(q, "quota", "kind", quota_kinds, FRAMEWORK_QUOTA__MAX, &kind, e)))
		return rc;
	qq->kind = (framework_quota_kind)kind;
	if ((rc = get_fixed32(q, "quota", "percent", kind != FRAMEWORK_QUOTA_NONE, 1, 0, 1000,
	                      &qq->permille, e)))
		return rc;
	qq->permille_outstanding = qq->permille;
	if ((rc = get_fixed32(q, "quota", "percent_outstanding", 0, 1, 0, 1000,
	                      &qq->permille_outstanding, e)) ||
	    (rc = js_get_bool(q, "quota", "per_group", 0, &qq->per_group, e)) ||
	    (rc = get_int32(q, "quota", "min_top", 0, 0, 100000, &qq->min_top, e)) ||
	    (rc = get_band_ref(fw, q, "top_band", &qq->top_band, e)) ||
	    (rc = get_band_ref(fw, q, "next_band", &qq->next_band, e)))
		return rc;
	return 0;
}

static int read_weights(const js_t *o, const char *where, const char *const *names,
                        int32_t *const *out, err_t *e)
{
	const js_t *w = NULL;
	int rc = js_get_object(o, where, "weights", 0, &w, e);
	if (rc || !w)
		return rc;
	char ww[64];
	snprintf(ww, sizeof ww, "%s.weights", where);
	if ((rc = js_check_keys(w, ww, names, e)))
		return rc;
	for (size_t i = 0; names[i]; i++)
		if ((rc = get_int32(w, ww, names[i], 1, 0, FRAMEWORK_WEIGHT_MAX, out[i], e)))
			return rc;
	return 0;
}

static int read_params(framework_t *fw, const js_t *v, err_t *e)
{
	static const char *const wkeys[] = {"weights", "review_penalty_percent",
	                                    "delay_penalty_percent", NULL};
	static const char *const wnames[] = {"quantity", "quality", "progress", NULL};
	static const char *const lkeys[] = {"weights", "unit_all_ht_percent",
	                                    "unit_any_kht_percent", NULL};
	static const char *const lnames[] = {"own", "unit", "organising", NULL};
	const js_t *o = NULL;
	int rc = js_get_object(v, "", "work_products", 0, &o, e);
	if (rc)
		return rc;
	if (o) {
		framework_workprod_t *w = &fw->workprod;
		int32_t *const wout[] = {&w->w_quantity, &w->w_quality, &w->w_progress};
		if ((rc = js_check_keys(o, "work_products", wkeys, e)) ||
		    (rc = read_weights(o, "work_products", wnames, wout, e)) ||
		    (rc = get_fixed32(o, "work_products", "review_penalty_percent", 0, 1, 0, 1000,
		                      &w->review_penalty_permille, e)) ||
		    (rc = get_fixed32(o, "work_products", "delay_penalty_percent", 0, 1, 0, 1000,
		                      &w->delay_penalty_permille, e)))
			return rc;
	}
	o = NULL;
	if ((rc = js_get_object(v, "", "leader", 0, &o, e)))
		return rc;
	if (o) {
		framework_leader_t *l = &fw->leader;
		int32_t *const lout[] = {&l->w_own, &l->w_unit, &l->w_organising};
		if ((rc = js_check_keys(o, "leader", lkeys, e)) ||
		    (rc = read_weights(o, "leader", lnames, lout, e)) ||
		    (rc = get_fixed32(o, "leader", "unit_all_ht_percent", 0, 2, 0, 10000,
		                      &l->unit_all_ht_bp, e)) ||
		    (rc = get_fixed32(o, "leader", "unit_any_kht_percent", 0, 2, 0, 10000,
		                      &l->unit_any_kht_bp, e)))
			return rc;
	}
	return 0;
}

framework_t *fwjson_from(const js_t *v, err_t *e)
{
	static const char *const keys[] = {
	    "code",         "version",    "name",          "legal_basis",    "effective_from",
	    "effective_to", "applies_to", "scale",         "allow_over_max", "rounding",
	    "groups",       "bands",      "disqualifiers", "quota",          "work_products",
	    "leader",       NULL};
	const char *code;
	char *name = NULL, *legal = NULL;
	framework_t *fw = NULL;
	int64_t version = 1;
	int rc;
	if ((rc = js_check_keys(v, "", keys, e)) || (rc = get_code(v, "", "code", &code, e)) ||
	    (rc = js_get_int(v, "", "version", 0, 1, 1000000, &version, e)) ||
	    (rc = get_text(v, "", "name", NAME_MAX_CHARS, &name, e)) ||
	    (rc = get_text(v, "", "legal_basis", LEGAL_MAX_CHARS, &legal, e)))
		goto fail;
	fw = framework_new(code, name, legal);
	fw->version = (int)version;
	if ((rc = get_date(v, "effective_from", 1, &fw->effective_from, e)) ||
	    (rc = get_date(v, "effective_to", 0, &fw->effective_to, e)) ||
	    (rc = read_applies(fw, v, e)) ||
	    (rc = get_fixed32(v, "", "scale", 0, 2, 1, FRAMEWORK_POINTS_MAX, &fw->scale_max, e)) ||
	    (rc = js_get_bool(v, "", "allow_over_max", 0, &fw->allow_over_max, e)) ||
	    (rc = get_fixed32(v, "", "rounding", 0, 2, 1, 10000, &fw->round_step, e)) ||
	    (rc = read_groups(fw, v, e)) || (rc = read_bands(fw, v, e)) ||
	    (rc = read_disqualifiers(fw, v, e)) || (rc = read_quota(fw, v, e)) ||
	    (rc = read_params(fw, v, e)))
		goto fail;
	if (framework_validate(fw, e) != ERR_OK)
		goto fail;
	free(name);
	free(legal);
	return fw;
fail:
	free(name);
	free(legal);
	framework_free(fw);
	return NULL;
}

framework_t *fwjson_read(const char *text, size_t n, err_t *e)
{
	js_t *v = js_parse(text, n, 0, e);
	if (!v)
		return NULL;
	framework_t *fw = fwjson_from(v, e);
	js_free(v);
	return fw;
}
