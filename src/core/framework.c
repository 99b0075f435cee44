/*
 * framework: building, copying, validating and deriving criteria
 * frameworks. See framework.h for the data model and its invariants.
 *
 * Builders only allocate (and abort on out of memory); every structural
 * rule lives in framework_validate(), so a framework read from JSON or a
 * database goes through exactly the same checks as a built-in one.
 */
#include "core/framework.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"

/* clang-format off */
static const struct {
	const char *name;
	const char *label;
	int in_base, in_bonus, positive, computed;
} kinds[FRAMEWORK_KIND__MAX] = {
#define X(e, name, label, in_base, in_bonus, positive, computed) \
	[e] = {name, label, in_base, in_bonus, positive, computed},
	FRAMEWORK_KIND_TABLE(X)
#undef X
};
/* clang-format on */

static const char *const group_kind_label[FRAMEWORK_GROUP__MAX] = {
    [FRAMEWORK_GROUP_BASE] = "nhóm tiêu chí",
    [FRAMEWORK_GROUP_BONUS] = "nhóm điểm thưởng",
};

static int kind_ok(framework_kind k)
{
	return (int)k >= 0 && k < FRAMEWORK_KIND__MAX;
}

const char *framework_kind_name(framework_kind k)
{
	return kind_ok(k) ? kinds[k].name : "?";
}

const char *framework_kind_label(framework_kind k)
{
	return kind_ok(k) ? kinds[k].label : "?";
}

int framework_kind_from_name(const char *name)
{
	for (int k = 0; name && k < FRAMEWORK_KIND__MAX; k++)
		if (strcmp(kinds[k].name, name) == 0)
			return k;
	return -1;
}

int framework_kind_positive(framework_kind k)
{
	return kind_ok(k) && kinds[k].positive;
}

int framework_kind_computed(framework_kind k)
{
	return kind_ok(k) && kinds[k].computed;
}

int32_t framework_day(int y, int m, int d)
{
	/* days_from_civil (H. Hinnant): exact for the proleptic Gregorian
	 * calendar. */
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

char *framework_fmt_points(int32_t cp, char *out, size_t n)
{
	long v = cp;
	const char *sign = v < 0 ? "-" : "";
	if (v < 0)
		v = -v;
	if (v % 100 == 0)
		snprintf(out, n, "%s%ld", sign, v / 100);
	else if (v % 10 == 0)
		snprintf(out, n, "%s%ld,%ld", sign, v / 100, (v % 100) / 10);
	else
		snprintf(out, n, "%s%ld,%02ld", sign, v / 100, v % 100);
	return out;
}

char *framework_fmt_permille(int32_t permille, char *out, size_t n)
{
	long v = permille;
	const char *sign = v < 0 ? "-" : "";
	if (v < 0)
		v = -v;
	if (v % 10 == 0)
		snprintf(out, n, "%s%ld", sign, v / 10);
	else
		snprintf(out, n, "%s%ld,%ld", sign, v / 10, v % 10);
	return out;
}

static char *dup0(const char *s)
{
	return xstrdup(s ? s : "");
}

framework_t *framework_new(const char *code, const char *name, const char *legal_basis)
{
	framework_t *fw = xcalloc(1, sizeof *fw);
	fw->code = dup0(code);
	fw->name = dup0(name);
	fw->legal_basis = dup0(legal_basis);
	fw->version = 1;
	fw->effective_from = 0;
	fw->effective_to = FRAMEWORK_NO_END;
	fw->categories = FRAMEWORK_CAT_ALL;
	fw->roles = FRAMEWORK_ROLE_BOTH;
	fw->scale_max = 10000;
	fw->allow_over_max = 0;
	fw->round_step = 1;
	fw->quota = (framework_quota_t){.kind = FRAMEWORK_QUOTA_NONE,
	                                .permille = 1000,
	                                .permille_outstanding = 1000,
	                                .per_group = 0,
	                                .min_top = 0,
	                                .top_band = 0,
	                                .next_band = 1};
	fw->workprod = (framework_workprod_t){1, 1, 1, 250, 250};
	fw->leader = (framework_leader_t){1, 1, 1, 10000, 5000};
	return fw;
}

void framework_free(framework_t *fw)
{
	if (!fw)
		return;
	for (size_t g = 0; g < fw->ngroups; g++) {
		framework_group_t *gr = &fw->groups[g];
		for (size_t c = 0; c < gr->ncriteria; c++) {
			free(gr->criteria[c].code);
			free(gr->criteria[c].name);
		}
		free(gr->criteria);
		free(gr->code);
		free(gr->name);
	}
	free(fw->groups);
	for (size_t b = 0; b < fw->nbands; b++) {
		free(fw->bands[b].code);
		free(fw->bands[b].label);
	}
	free(fw->bands);
	for (size_t d = 0; d < fw->ndisq; d++) {
		free(fw->disq[d].code);
		free(fw->disq[d].reason);
	}
	free(fw->disq);
	free(fw->code);
	free(fw->name);
	free(fw->legal_basis);
	free(fw);
}

size_t framework_add_group(framework_t *fw, const char *code, const char *name,
                           framework_group_kind kind, int32_t max)
{
	xgrow((void **)&fw->groups, &fw->capgroups, fw->ngroups + 1, sizeof *fw->groups);
	framework_group_t *g = &fw->groups[fw->ngroups];
	memset(g, 0, sizeof *g);
	g->code = dup0(code);
	g->name = dup0(name);
	g->kind = kind;
	g->max = max;
	return fw->ngroups++;
}

size_t framework_add_criterion(framework_t *fw, size_t gi, const char *code, const char *name,
                               framework_kind kind, int32_t max)
{
	framework_group_t *g = &fw->groups[gi];
	xgrow((void **)&g->criteria, &g->capcriteria, g->ncriteria + 1, sizeof *g->criteria);
	framework_criterion_t *c = &g->criteria[g->ncriteria];
	c->code = dup0(code);
	c->name = dup0(name);
	c->kind = kind;
	c->max = max;
	return g->ncriteria++;
}

size_t framework_add_band(framework_t *fw, const char *code, const char *label, int32_t min)
{
	xgrow((void **)&fw->bands, &fw->capbands, fw->nbands + 1, sizeof *fw->bands);
	framework_band_t *b = &fw->bands[fw->nbands];
	b->code = dup0(code);
	b->label = dup0(label);
	b->min = min;
	return fw->nbands++;
}

size_t framework_add_disqualifier(framework_t *fw, const char *code, const char *reason,
                                  int leaders_only)
{
	xgrow((void **)&fw->disq, &fw->capdisq, fw->ndisq + 1, sizeof *fw->disq);
	framework_disqualifier_t *d = &fw->disq[fw->ndisq];
	d->code = dup0(code);
	d->reason = dup0(reason);
	d->leaders_only = leaders_only ? 1 : 0;
	return fw->ndisq++;
}

framework_t *framework_clone(const framework_t *fw)
{
	framework_t *c = framework_new(fw->code, fw->name, fw->legal_basis);
	c->version = fw->version;
	c->effective_from = fw->effective_from;
	c->effective_to = fw->effective_to;
	c->categories = fw->categories;
	c->roles = fw->roles;
	c->scale_max = fw->scale_max;
	c->allow_over_max = fw->allow_over_max;
	c->round_step = fw->round_step;
	c->quota = fw->quota;
	c->workprod = fw->workprod;
	c->leader = fw->leader;
	for (size_t g = 0; g < fw->ngroups; g++) {
		const framework_group_t *gr = &fw->groups[g];
		size_t gi = framework_add_group(c, gr->code, gr->name, gr->kind, gr->max);
		for (size_t k = 0; k < gr->ncriteria; k++)
			framework_add_criterion(c, gi, gr->criteria[k].code, gr->criteria[k].name,
			                        gr->criteria[k].kind, gr->criteria[k].max);
	}
	for (size_t b = 0; b < fw->nbands; b++)
		framework_add_band(c, fw->bands[b].code, fw->bands[b].label, fw->bands[b].min);
	for (size_t d = 0; d < fw->ndisq; d++)
		framework_add_disqualifier(c, fw->disq[d].code, fw->disq[d].reason,
		                           fw->disq[d].leaders_only);
	return c;
}

const framework_criterion_t *framework_find_criterion(const framework_t *fw, const char *code,
                                                      size_t *gi, size_t *ci)
{
	for (size_t g = 0; g < fw->ngroups; g++)
		for (size_t c = 0; c < fw->groups[g].ncriteria; c++)
			if (strcmp(fw->groups[g].criteria[c].code, code) == 0) {
				if (gi)
					*gi = g;
				if (ci)
					*ci = c;
				return &fw->groups[g].criteria[c];
			}
	return NULL;
}

static int32_t sum_groups(const framework_t *fw, framework_group_kind kind)
{
	int64_t s = 0;
	for (size_t g = 0; g < fw->ngroups; g++)
		if (fw->groups[g].kind == kind)
			s += fw->groups[g].max;
	return s > INT32_MAX ? INT32_MAX : (int32_t)s;
}

int32_t framework_base_max(const framework_t *fw)
{
	return sum_groups(fw, FRAMEWORK_GROUP_BASE);
}

int32_t framework_bonus_max(const framework_t *fw)
{
	return sum_groups(fw, FRAMEWORK_GROUP_BONUS);
}

int framework_applies(const framework_t *fw, unsigned cat, int is_leader, int32_t day)
{
	unsigned role = is_leader ? FRAMEWORK_ROLE_LEADER : FRAMEWORK_ROLE_STAFF;
	return (fw->categories & cat) != 0 && (fw->roles & role) != 0 &&
	       day >= fw->effective_from && day <= fw->effective_to;
}

long framework_select(const framework_t *const *fws, size_t n, unsigned cat, int is_leader,
                      int32_t day)
{
	long best = -1;
	for (size_t i = 0; i < n; i++) {
		if (!fws[i] || !framework_applies(fws[i], cat, is_leader, day))
			continue;
		if (best < 0 || fws[i]->effective_from > fws[best]->effective_from)
			best = (long)i;
	}
	return best;
}

/* ---- validation ---------------------------------------------------------- */

static int empty(const char *s)
{
	return !s || !*s;
}

static int points_ok(int32_t v)
{
	return v > 0 && v <= FRAMEWORK_POINTS_MAX;
}

static err_code validate_group(const framework_t *fw, size_t gi, err_t *e)
{
	const framework_group_t *g = &fw->groups[gi];
	char a[16], b[16];

	if (empty(g->code) || empty(g->name))
		return err_set(e, ERR_INVALID, "Nhóm tiêu chí thứ %zu thiếu mã hoặc tên", gi + 1);
	if ((int)g->kind < 0 || g->kind >= FRAMEWORK_GROUP__MAX)
		return err_set(e, ERR_INVALID, "Nhóm \"%s\" có loại không hợp lệ", g->code);
	if (!points_ok(g->max))
		return err_set(e, ERR_INVALID, "Nhóm \"%s\" có điểm tối đa không hợp lệ", g->code);
	if (g->ncriteria == 0)
		return err_set(e, ERR_INVALID, "Nhóm \"%s\" chưa có tiêu chí nào", g->code);
	for (size_t j = 0; j < gi; j++)
		if (strcmp(fw->groups[j].code, g->code) == 0)
			return err_set(e, ERR_INVALID, "Mã nhóm \"%s\" bị trùng", g->code);

	int64_t positive = 0;
	for (size_t c = 0; c < g->ncriteria; c++) {
		const framework_criterion_t *cr = &g->criteria[c];
		if (empty(cr->code) || empty(cr->name))
			return err_set(e, ERR_INVALID,
			               "Tiêu chí thứ %zu của nhóm \"%s\" thiếu mã hoặc tên", c + 1,
			               g->code);
		if (!kind_ok(cr->kind))
			return err_set(e, ERR_INVALID, "Tiêu chí \"%s\" có loại không hợp lệ",
			               cr->code);
		if (!points_ok(cr->max))
			return err_set(e, ERR_INVALID,
			               "Tiêu chí \"%s\" có điểm tối đa không hợp lệ", cr->code);
		int allowed = g->kind == FRAMEWORK_GROUP_BASE ? kinds[cr->kind].in_base
		                                              : kinds[cr->kind].in_bonus;
		if (!allowed)
			return err_set(e, ERR_INVALID,
			               "Tiêu chí \"%s\" loại \"%s\" không được đặt trong %s \"%s\"",
			               cr->code, kinds[cr->kind].label, group_kind_label[g->kind],
			               g->code);
		if ((cr->kind == FRAMEWORK_KIND_UNIT_RESULTS ||
		     cr->kind == FRAMEWORK_KIND_ORGANISING) &&
		    !(fw->roles & FRAMEWORK_ROLE_LEADER))
			return err_set(e, ERR_INVALID,
			               "Tiêu chí \"%s\" chỉ dành cho lãnh đạo, quản lý nhưng khung "
			               "không áp dụng cho lãnh đạo, quản lý",
			               cr->code);
		if (cr->max > g->max)
			return err_set(
			    e, ERR_INVALID,
			    "Tiêu chí \"%s\" có điểm tối đa %s lớn hơn điểm của nhóm \"%s\" (%s)",
			    cr->code, framework_fmt_points(cr->max, a, sizeof a), g->code,
			    framework_fmt_points(g->max, b, sizeof b));
		if (kinds[cr->kind].positive)
			positive += cr->max;
		/* codes are keys of score entries: unique in the whole framework */
		for (size_t h = 0; h <= gi; h++) {
			const framework_group_t *o = &fw->groups[h];
			size_t lim = h == gi ? c : o->ncriteria;
			for (size_t k = 0; k < lim; k++)
				if (strcmp(o->criteria[k].code, cr->code) == 0)
					return err_set(e, ERR_INVALID,
					               "Mã tiêu chí \"%s\" bị trùng", cr->code);
		}
	}
	/* A base group's positive criteria must add up to the group; bonus
	 * conditions are alternatives and only capped by the group. */
	if (g->kind == FRAMEWORK_GROUP_BASE && positive != g->max)
		return err_set(e, ERR_INVALID,
		               "Tổng điểm các tiêu chí của nhóm \"%s\" là %s, khác điểm tối đa của "
		               "nhóm (%s)",
		               g->code, framework_fmt_points((int32_t)positive, a, sizeof a),
		               framework_fmt_points(g->max, b, sizeof b));
	return ERR_OK;
}

static int weight_ok(int32_t w)
{
	return w >= 0 && w <= FRAMEWORK_WEIGHT_MAX;
}

static err_code validate_params(const framework_t *fw, err_t *e)
{
	const framework_quota_t *q = &fw->quota;
	if ((int)q->kind < 0 || q->kind >= FRAMEWORK_QUOTA__MAX)
		return err_set(e, ERR_INVALID, "Quy tắc tỷ lệ có loại không hợp lệ");
	if (q->permille < 0 || q->permille > 1000 || q->permille_outstanding < q->permille ||
	    q->permille_outstanding > 1000)
		return err_set(e, ERR_INVALID,
		               "Tỷ lệ tối đa phải từ 0 đến 100%%, tỷ lệ cho đơn vị xuất sắc không "
		               "thấp hơn tỷ lệ thường");
	if (q->min_top < 0)
		return err_set(e, ERR_INVALID,
		               "Số người tối thiểu được xếp loại cao nhất không "
		               "được âm");
	if (q->top_band < 0 || q->next_band <= q->top_band || (size_t)q->next_band >= fw->nbands)
		return err_set(e, ERR_INVALID,
		               "Quy tắc tỷ lệ phải chỉ ra loại cao nhất và loại liền sau trong các "
		               "mức xếp loại");

	const framework_workprod_t *w = &fw->workprod;
	if (!weight_ok(w->w_quantity) || !weight_ok(w->w_quality) || !weight_ok(w->w_progress) ||
	    w->w_quantity + w->w_quality + w->w_progress == 0)
		return err_set(e, ERR_INVALID,
		               "Trọng số số lượng, chất lượng, tiến độ phải từ 0 đến %d và không "
		               "đồng thời bằng 0",
		               FRAMEWORK_WEIGHT_MAX);
	if (w->review_penalty_permille < 0 || w->review_penalty_permille > 1000 ||
	    w->delay_penalty_permille < 0 || w->delay_penalty_permille > 1000)
		return err_set(e, ERR_INVALID,
		               "Mức trừ mỗi lần chưa đạt hoặc chậm tiến độ phải từ "
		               "0 đến 100%%");

	const framework_leader_t *l = &fw->leader;
	if (!weight_ok(l->w_own) || !weight_ok(l->w_unit) || !weight_ok(l->w_organising) ||
	    l->w_own + l->w_unit + l->w_organising == 0)
		return err_set(e, ERR_INVALID,
		               "Trọng số công thức lãnh đạo phải từ 0 đến %d và không đồng thời "
		               "bằng 0",
		               FRAMEWORK_WEIGHT_MAX);
	if (l->unit_all_ht_bp < 0 || l->unit_all_ht_bp > 10000 || l->unit_any_kht_bp < 0 ||
	    l->unit_any_kht_bp > l->unit_all_ht_bp)
		return err_set(
		    e, ERR_INVALID,
		    "Tỷ lệ tính kết quả đơn vị phải từ 0 đến 100%% và khi có người không "
		    "hoàn thành nhiệm vụ không cao hơn khi mọi người hoàn thành");
	return ERR_OK;
}

err_code framework_validate(const framework_t *fw, err_t *e)
{
	char a[16], b[16];
	err_code rc;

	if (!fw)
		return err_set(e, ERR_INVALID, "Thiếu khung tiêu chí");
	if (empty(fw->code) || empty(fw->name))
		return err_set(e, ERR_INVALID, "Khung tiêu chí thiếu mã hoặc tên");
	if (empty(fw->legal_basis))
		return err_set(e, ERR_INVALID, "Khung tiêu chí \"%s\" thiếu căn cứ pháp lý",
		               fw->code);
	if (fw->version < 1)
		return err_set(e, ERR_INVALID, "Phiên bản khung tiêu chí phải từ 1 trở lên");
	if (fw->effective_from > fw->effective_to)
		return err_set(e, ERR_INVALID, "Ngày hết hiệu lực trước ngày có hiệu lực");
	if ((fw->categories & FRAMEWORK_CAT_ALL) == 0 || (fw->categories & ~FRAMEWORK_CAT_ALL))
		return err_set(e, ERR_INVALID,
		               "Khung tiêu chí phải áp dụng cho ít nhất một đối "
		               "tượng (CB, CC, VC, LĐHĐ)");
	if ((fw->roles & FRAMEWORK_ROLE_BOTH) == 0 || (fw->roles & ~FRAMEWORK_ROLE_BOTH))
		return err_set(e, ERR_INVALID,
		               "Khung tiêu chí phải áp dụng cho lãnh đạo, quản lý "
		               "hoặc người không giữ chức vụ");
	if (!points_ok(fw->scale_max))
		return err_set(e, ERR_INVALID, "Thang điểm không hợp lệ");
	if (fw->round_step < 1 || fw->round_step > 10000)
		return err_set(e, ERR_INVALID, "Quy tắc làm tròn không hợp lệ");

	size_t nbase = 0;
	for (size_t g = 0; g < fw->ngroups; g++) {
		if ((rc = validate_group(fw, g, e)) != ERR_OK)
			return rc;
		nbase += fw->groups[g].kind == FRAMEWORK_GROUP_BASE;
	}
	if (nbase == 0)
		return err_set(e, ERR_INVALID, "Khung tiêu chí chưa có nhóm tiêu chí nào");
	int64_t base = 0, bonus = 0;
	for (size_t g = 0; g < fw->ngroups; g++)
		*(fw->groups[g].kind == FRAMEWORK_GROUP_BASE ? &base : &bonus) += fw->groups[g].max;
	if (base > fw->scale_max)
		return err_set(e, ERR_INVALID,
		               "Tổng điểm các nhóm tiêu chí (%s) vượt thang điểm (%s)",
		               framework_fmt_points((int32_t)base, a, sizeof a),
		               framework_fmt_points(fw->scale_max, b, sizeof b));
	if (base + bonus < fw->scale_max)
		return err_set(e, ERR_INVALID,
		               "Tổng điểm các nhóm tiêu chí và điểm thưởng (%s) chưa đủ thang điểm "
		               "(%s)",
		               framework_fmt_points((int32_t)(base + bonus), a, sizeof a),
		               framework_fmt_points(fw->scale_max, b, sizeof b));

	if (fw->nbands < 2)
		return err_set(e, ERR_INVALID, "Khung tiêu chí cần ít nhất hai mức xếp loại");
	for (size_t i = 0; i < fw->nbands; i++) {
		const framework_band_t *bd = &fw->bands[i];
		if (empty(bd->code) || empty(bd->label))
			return err_set(e, ERR_INVALID, "Mức xếp loại thứ %zu thiếu mã hoặc tên",
			               i + 1);
		for (size_t j = 0; j < i; j++)
			if (strcmp(fw->bands[j].code, bd->code) == 0)
				return err_set(e, ERR_INVALID, "Mã mức xếp loại \"%s\" bị trùng",
				               bd->code);
		if (i > 0 && bd->min >= fw->bands[i - 1].min)
			return err_set(e, ERR_INVALID,
			               "Các mức xếp loại phải xếp từ cao xuống thấp: \"%s\" (%s) "
			               "không thấp hơn \"%s\" (%s)",
			               bd->code, framework_fmt_points(bd->min, a, sizeof a),
			               fw->bands[i - 1].code,
			               framework_fmt_points(fw->bands[i - 1].min, b, sizeof b));
	}
	if (fw->bands[0].min > fw->scale_max)
		return err_set(e, ERR_INVALID, "Mức xếp loại cao nhất vượt thang điểm");
	if (fw->bands[fw->nbands - 1].min != 0)
		return err_set(e, ERR_INVALID, "Mức xếp loại thấp nhất phải bắt đầu từ 0 điểm");

	for (size_t i = 0; i < fw->ndisq; i++) {
		if (empty(fw->disq[i].code) || empty(fw->disq[i].reason))
			return err_set(e, ERR_INVALID,
			               "Trường hợp xếp loại thấp nhất thứ %zu thiếu "
			               "mã hoặc lý do",
			               i + 1);
		for (size_t j = 0; j < i; j++)
			if (strcmp(fw->disq[j].code, fw->disq[i].code) == 0)
				return err_set(e, ERR_INVALID,
				               "Mã trường hợp xếp loại thấp nhất \"%s\" bị trùng",
				               fw->disq[i].code);
	}
	return validate_params(fw, e);
}

/* ---- derivation ---------------------------------------------------------- */

static const framework_group_t *find_group(const framework_t *fw, const char *code)
{
	for (size_t g = 0; g < fw->ngroups; g++)
		if (strcmp(fw->groups[g].code, code) == 0)
			return &fw->groups[g];
	return NULL;
}

static int64_t sum_kind(const framework_group_t *g, framework_kind k)
{
	int64_t s = 0;
	for (size_t c = 0; c < g->ncriteria; c++)
		if (g->criteria[c].kind == k)
			s += g->criteria[c].max;
	return s;
}

static err_code derive_groups(const framework_t *p, const framework_t *c, err_t *e)
{
	char a[16], b[16];
	if (c->ngroups != p->ngroups)
		return err_set(e, ERR_INVALID,
		               "Khung của đơn vị phải giữ đúng %zu nhóm tiêu chí của khung \"%s\"",
		               p->ngroups, p->code);
	for (size_t g = 0; g < p->ngroups; g++) {
		const framework_group_t *pg = &p->groups[g];
		const framework_group_t *cg = find_group(c, pg->code);
		if (!cg)
			return err_set(e, ERR_INVALID, "Khung của đơn vị thiếu nhóm \"%s\" (%s)",
			               pg->code, pg->name);
		if (cg->kind != pg->kind)
			return err_set(e, ERR_INVALID, "Nhóm \"%s\" phải giữ loại như khung \"%s\"",
			               pg->code, p->code);
		if (pg->kind == FRAMEWORK_GROUP_BASE && cg->max != pg->max)
			return err_set(
			    e, ERR_INVALID,
			    "Nhóm \"%s\" phải giữ đúng %s điểm như khung \"%s\" (đang là %s)",
			    pg->code, framework_fmt_points(pg->max, a, sizeof a), p->code,
			    framework_fmt_points(cg->max, b, sizeof b));
		if (pg->kind == FRAMEWORK_GROUP_BONUS && cg->max > pg->max)
			return err_set(
			    e, ERR_INVALID,
			    "Điểm thưởng nhóm \"%s\" không được vượt %s điểm của khung \"%s\"",
			    pg->code, framework_fmt_points(pg->max, a, sizeof a), p->code);
		for (int k = 0; k < FRAMEWORK_KIND__MAX; k++) {
			if (!kinds[k].computed)
				continue;
			if (sum_kind(pg, (framework_kind)k) != sum_kind(cg, (framework_kind)k))
				return err_set(
				    e, ERR_INVALID,
				    "Nhóm \"%s\" phải giữ nguyên phần \"%s\" (%s điểm) của "
				    "khung \"%s\"",
				    pg->code, kinds[k].label,
				    framework_fmt_points((int32_t)sum_kind(pg, (framework_kind)k),
				                         a, sizeof a),
				    p->code);
		}
	}
	return ERR_OK;
}

err_code framework_derive_check(const framework_t *p, const framework_t *c, err_t *e)
{
	err_code rc;
	if ((rc = framework_validate(p, e)) != ERR_OK)
		return rc;
	if ((rc = framework_validate(c, e)) != ERR_OK)
		return rc;
	if (c->scale_max != p->scale_max || c->round_step != p->round_step ||
	    (c->allow_over_max && !p->allow_over_max))
		return err_set(
		    e, ERR_INVALID,
		    "Khung của đơn vị phải giữ thang điểm và quy tắc làm tròn của khung \"%s\"",
		    p->code);
	if ((c->categories & ~p->categories) || (c->roles & ~p->roles))
		return err_set(e, ERR_INVALID,
		               "Khung của đơn vị không được áp dụng cho đối tượng mà khung \"%s\" "
		               "không áp dụng",
		               p->code);
	if (c->effective_from < p->effective_from || c->effective_to > p->effective_to)
		return err_set(
		    e, ERR_INVALID,
		    "Thời gian hiệu lực của khung đơn vị phải nằm trong thời gian hiệu lực "
		    "của khung \"%s\"",
		    p->code);
	if ((rc = derive_groups(p, c, e)) != ERR_OK)
		return rc;

	if (c->nbands != p->nbands)
		return err_set(e, ERR_INVALID,
		               "Khung của đơn vị phải giữ các mức xếp loại của khung "
		               "\"%s\"",
		               p->code);
	for (size_t i = 0; i < p->nbands; i++)
		if (strcmp(c->bands[i].code, p->bands[i].code) != 0 ||
		    c->bands[i].min != p->bands[i].min)
			return err_set(e, ERR_INVALID,
			               "Mức xếp loại \"%s\" phải giữ như khung \"%s\"",
			               p->bands[i].code, p->code);
	for (size_t i = 0; i < p->ndisq; i++) {
		size_t j = 0;
		while (j < c->ndisq && strcmp(c->disq[j].code, p->disq[i].code) != 0)
			j++;
		if (j == c->ndisq || c->disq[j].leaders_only != p->disq[i].leaders_only)
			return err_set(
			    e, ERR_INVALID,
			    "Khung của đơn vị phải giữ trường hợp xếp loại thấp nhất \"%s\": "
			    "%s",
			    p->disq[i].code, p->disq[i].reason);
	}

	const framework_quota_t *pq = &p->quota, *cq = &c->quota;
	if (cq->kind != pq->kind || cq->per_group < pq->per_group || cq->permille > pq->permille ||
	    cq->permille_outstanding > pq->permille_outstanding || cq->min_top > pq->min_top ||
	    cq->top_band != pq->top_band || cq->next_band != pq->next_band)
		return err_set(
		    e, ERR_INVALID,
		    "Tỷ lệ xếp loại cao nhất của đơn vị không được rộng hơn khung \"%s\"", p->code);
	if (memcmp(&c->workprod, &p->workprod, sizeof c->workprod) != 0 ||
	    memcmp(&c->leader, &p->leader, sizeof c->leader) != 0)
		return err_set(
		    e, ERR_INVALID,
		    "Khung của đơn vị phải giữ công thức tính kết quả thực hiện nhiệm vụ "
		    "của khung \"%s\"",
		    p->code);
	return ERR_OK;
}
