/*
 * score: totals and grades under a framework. See score.h.
 *
 * The framework's invariants (framework_validate) bound every sum: at most
 * a few hundred criteria of at most FRAMEWORK_POINTS_MAX each, so int64
 * accumulation never overflows and the result fits in int32.
 */
#include "core/score.h"

#include <string.h>

int32_t score_round(int32_t cp, int32_t step)
{
	if (step <= 1)
		return cp;
	int64_t v = cp < 0 ? -(int64_t)cp : cp;
	v = (v + step / 2) / step * step;
	return (int32_t)(cp < 0 ? -v : v);
}

err_code score_total(const framework_t *fw, const score_entry_t *entries, size_t n,
                     score_result_t *out, err_t *e)
{
	char a[16], b[16];

	/* Check every entry before adding anything. */
	for (size_t i = 0; i < n; i++) {
		const char *code = entries[i].code ? entries[i].code : "";
		const framework_criterion_t *c = framework_find_criterion(fw, code, NULL, NULL);
		if (!c)
			return err_set(e, ERR_INVALID,
			               "Không có tiêu chí mã \"%s\" trong khung \"%s\"", code,
			               fw->code);
		for (size_t j = 0; j < i; j++)
			if (entries[j].code && strcmp(entries[j].code, code) == 0)
				return err_set(e, ERR_INVALID,
				               "Tiêu chí \"%s\" (%s) được chấm hai lần", c->code,
				               c->name);
		if (entries[i].points < 0)
			return err_set(
			    e, ERR_INVALID, "Điểm tiêu chí \"%s\" (%s) không được âm (đang là %s)",
			    c->code, c->name, framework_fmt_points(entries[i].points, a, sizeof a));
		if (entries[i].points > c->max)
			return err_set(e, ERR_INVALID,
			               "Điểm tiêu chí \"%s\" (%s) là %s, vượt mức tối đa %s điểm",
			               c->code, c->name,
			               framework_fmt_points(entries[i].points, a, sizeof a),
			               framework_fmt_points(c->max, b, sizeof b));
	}

	int64_t base = 0, bonus = 0, deducted = 0;
	for (size_t g = 0; g < fw->ngroups; g++) {
		const framework_group_t *gr = &fw->groups[g];
		int64_t plus = 0, minus = 0;
		for (size_t c = 0; c < gr->ncriteria; c++) {
			const framework_criterion_t *cr = &gr->criteria[c];
			for (size_t i = 0; i < n; i++) {
				if (!entries[i].code || strcmp(entries[i].code, cr->code) != 0)
					continue;
				if (framework_kind_positive(cr->kind))
					plus += entries[i].points;
				else
					minus += entries[i].points;
				break;
			}
		}
		if (gr->kind == FRAMEWORK_GROUP_BONUS) {
			bonus += plus > gr->max ? gr->max : plus;
		} else {
			/* deductions come out of their own group, which stops at 0 */
			int64_t taken = minus > plus ? plus : minus;
			deducted += taken;
			base += plus - taken;
		}
	}

	score_result_t r = {0};
	r.base = (int32_t)base;
	r.bonus = (int32_t)bonus;
	r.deductions = (int32_t)deducted;
	r.raw = (int32_t)(base + bonus);
	int32_t t = r.raw;
	if (!fw->allow_over_max && t > fw->scale_max) {
		t = fw->scale_max;
		r.capped = 1;
	}
	r.total = score_round(t, fw->round_step);
	*out = r;
	return ERR_OK;
}

err_code score_grade(const framework_t *fw, int32_t total, const char *const *disq, size_t ndisq,
                     int is_leader, score_grade_t *out, err_t *e)
{
	if (fw->nbands == 0)
		return err_set(e, ERR_INVALID, "Khung \"%s\" chưa có mức xếp loại", fw->code);

	/* Check every code first so a bad one is refused even when an
	 * earlier one already forces the lowest grade. */
	for (size_t i = 0; i < ndisq; i++) {
		const char *code = disq[i] ? disq[i] : "";
		size_t k = 0;
		while (k < fw->ndisq && strcmp(fw->disq[k].code, code) != 0)
			k++;
		if (k == fw->ndisq)
			return err_set(
			    e, ERR_INVALID,
			    "Không có trường hợp xếp loại thấp nhất mã \"%s\" trong khung "
			    "\"%s\"",
			    code, fw->code);
		if (fw->disq[k].leaders_only && !is_leader)
			return err_set(
			    e, ERR_INVALID,
			    "Trường hợp \"%s\" chỉ áp dụng cho người giữ chức vụ lãnh đạo, "
			    "quản lý",
			    code);
	}

	size_t band = fw->nbands - 1;
	for (size_t i = 0; i < fw->nbands; i++)
		if (total >= fw->bands[i].min) {
			band = i;
			break;
		}
	score_grade_t g = {.band = band};

	/* The first disqualifier in framework order gives the reason shown. */
	for (size_t k = 0; k < fw->ndisq && !g.reason; k++)
		for (size_t i = 0; i < ndisq; i++)
			if (disq[i] && strcmp(disq[i], fw->disq[k].code) == 0) {
				g.band = fw->nbands - 1;
				g.reason = fw->disq[k].reason;
				g.disq = fw->disq[k].code;
				break;
			}
	g.code = fw->bands[g.band].code;
	g.label = fw->bands[g.band].label;
	*out = g;
	return ERR_OK;
}
