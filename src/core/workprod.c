/*
 * workprod: quantity, quality and progress of work products, and the
 * leader formula. See workprod.h for the rules and their source.
 *
 * Arithmetic: numerators are kept in coefficient × per-mille units so the
 * 25% penalties stay exact; with the limits in workprod.h the largest
 * intermediate is about 1e17, inside int64.
 */
#include "core/workprod.h"

/* Half-up integer division of non-negative num by positive den. */
static int64_t div_half_up(int64_t num, int64_t den)
{
	return (2 * num + den) / (2 * den);
}

/* Basis points of num/den, half-up, capped at 100%. */
static int32_t share_bp(int64_t num, int64_t den)
{
	int64_t bp = div_half_up(num * 10000, den);
	return (int32_t)(bp > 10000 ? 10000 : bp);
}

/* What is left of an item after count unwaived penalties of permille each
 * (per mille of the item, never below 0). */
static int64_t left_after(int64_t count, int32_t permille)
{
	int64_t taken = count * permille;
	return taken >= 1000 ? 0 : 1000 - taken;
}

/* Points out of max for three percentages and their weights. */
static void combine(int32_t max, const int32_t bp[3], const int32_t w[3], int32_t *combined_bp,
                    int32_t *points)
{
	int64_t num = 0, wsum = (int64_t)w[0] + w[1] + w[2];
	for (int i = 0; i < 3; i++)
		num += (int64_t)w[i] * bp[i];
	*combined_bp = (int32_t)div_half_up(num, wsum);
	*points = (int32_t)div_half_up(num * max, wsum * 10000);
}

err_code workprod_compute(const framework_workprod_t *params, int32_t max,
                          const workprod_item_t *items, size_t n, workprod_result_t *out, err_t *e)
{
	if (max < 0 || max > FRAMEWORK_POINTS_MAX)
		return err_set(e, ERR_INVALID,
		               "Điểm tối đa phần kết quả thực hiện nhiệm vụ không "
		               "hợp lệ");
	if (params->w_quantity < 0 || params->w_quality < 0 || params->w_progress < 0 ||
	    (int64_t)params->w_quantity + params->w_quality + params->w_progress == 0)
		return err_set(e, ERR_INVALID,
		               "Trọng số số lượng, chất lượng, tiến độ không hợp lệ");
	if (n > WORKPROD_ITEMS_MAX)
		return err_set(e, ERR_INVALID,
		               "Quá nhiều sản phẩm, công việc trong một kỳ (tối đa %d)",
		               WORKPROD_ITEMS_MAX);

	int64_t assigned = 0, qty = 0, qual = 0, prog = 0;
	int on_time = 0;
	for (size_t i = 0; i < n; i++) {
		const workprod_item_t *it = &items[i];
		if (it->coef <= 0 || it->coef > WORKPROD_COEF_MAX)
			return err_set(e, ERR_INVALID,
			               "Sản phẩm, công việc thứ %zu có hệ số quy đổi không hợp lệ "
			               "(phải lớn hơn 0 và không quá %d)",
			               i + 1, WORKPROD_COEF_MAX / 100);
		if (it->reviews_failed < 0 || it->reviews_waived < 0 || it->delays < 0 ||
		    it->delays_waived < 0)
			return err_set(e, ERR_INVALID,
			               "Sản phẩm, công việc thứ %zu có số lần không được âm",
			               i + 1);
		if (it->reviews_waived > it->reviews_failed)
			return err_set(
			    e, ERR_INVALID,
			    "Sản phẩm, công việc thứ %zu: số lần được miễn trừ (%d) nhiều "
			    "hơn số lần đánh giá chưa đạt (%d)",
			    i + 1, it->reviews_waived, it->reviews_failed);
		if (it->delays_waived > it->delays)
			return err_set(
			    e, ERR_INVALID,
			    "Sản phẩm, công việc thứ %zu: số lần được miễn trừ (%d) nhiều "
			    "hơn số lần chậm tiến độ (%d)",
			    i + 1, it->delays_waived, it->delays);
		if (it->passed && !it->completed)
			return err_set(
			    e, ERR_INVALID,
			    "Sản phẩm, công việc thứ %zu được ghi đạt chất lượng nhưng chưa "
			    "hoàn thành",
			    i + 1);

		int64_t c = it->coef;
		if (it->assigned)
			assigned += c * 1000;
		if (!it->completed)
			continue;
		qty += c * 1000;
		if (it->passed)
			qual += c * left_after(it->reviews_failed - it->reviews_waived,
			                       params->review_penalty_permille);
		int64_t late = it->delays - it->delays_waived;
		prog += c * left_after(late, params->delay_penalty_permille);
		on_time += late == 0;
	}
	if (assigned == 0)
		return err_set(
		    e, ERR_INVALID,
		    "Chưa có sản phẩm, công việc nào được giao trong kỳ nên chưa tính được "
		    "kết quả thực hiện nhiệm vụ");

	workprod_result_t r = {0};
	r.quantity_bp = share_bp(qty, assigned);
	r.quality_bp = share_bp(qual, assigned);
	r.progress_bp = share_bp(prog, assigned);
	r.on_time = on_time;
	int32_t bp[3] = {r.quantity_bp, r.quality_bp, r.progress_bp};
	int32_t w[3] = {params->w_quantity, params->w_quality, params->w_progress};
	combine(max, bp, w, &r.combined_bp, &r.points);
	*out = r;
	return ERR_OK;
}

err_code workprod_leader(const framework_leader_t *params, int32_t max,
                         const workprod_leader_in_t *in, workprod_leader_result_t *out, err_t *e)
{
	if (max < 0 || max > FRAMEWORK_POINTS_MAX)
		return err_set(e, ERR_INVALID,
		               "Điểm tối đa phần kết quả thực hiện nhiệm vụ không "
		               "hợp lệ");
	if (params->w_own < 0 || params->w_unit < 0 || params->w_organising < 0 ||
	    (int64_t)params->w_own + params->w_unit + params->w_organising == 0)
		return err_set(e, ERR_INVALID, "Trọng số công thức lãnh đạo không hợp lệ");
	if (in->own_bp < 0 || in->own_bp > 10000)
		return err_set(e, ERR_INVALID,
		               "Tỷ lệ kết quả nhiệm vụ cá nhân phải từ 0 đến 100%%");
	if (in->subordinates < 0 || in->subordinates_kht < 0 ||
	    in->subordinates_kht > in->subordinates)
		return err_set(e, ERR_INVALID,
		               "Số công chức không hoàn thành nhiệm vụ (%d) không hợp lệ so với số "
		               "công chức thuộc quyền quản lý (%d)",
		               in->subordinates_kht, in->subordinates);
	if (in->planned_tasks < 0 || in->planned_done_ok < 0 ||
	    in->planned_done_ok > in->planned_tasks)
		return err_set(
		    e, ERR_INVALID,
		    "Số nhiệm vụ hoàn thành đúng hạn, bảo đảm chất lượng (%d) không hợp lệ "
		    "so với số nhiệm vụ theo kế hoạch (%d)",
		    in->planned_done_ok, in->planned_tasks);

	workprod_leader_result_t r = {0};
	r.unit_bp = in->subordinates_kht > 0 ? params->unit_any_kht_bp : params->unit_all_ht_bp;
	r.organising_bp =
	    in->planned_tasks == 0 ? 10000 : share_bp(in->planned_done_ok, in->planned_tasks);
	int32_t bp[3] = {in->own_bp, r.unit_bp, r.organising_bp};
	int32_t w[3] = {params->w_own, params->w_unit, params->w_organising};
	combine(max, bp, w, &r.combined_bp, &r.points);
	*out = r;
	return ERR_OK;
}
