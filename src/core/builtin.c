/*
 * builtin: constructors of the Hanoi 3814-QĐ/TU and Decree 335/2025/NĐ-CP
 * frameworks. See builtin.h; the rules are in DOMAIN.md §2.1 and §2.2 and
 * docs/rules.md maps each to its test.
 */
#include "core/builtin.h"

#include <stddef.h>

void builtin_3814_defaults(builtin_3814_settings_t *s)
{
	*s = (builtin_3814_settings_t){
	    .discipline_max = 2000,
	    .results_max = 7000,
	    .bonus_max = 1000,
	    .allow_over_max = 0,
	    .quota_permille = 300,
	    .quota_permille_outstanding = 400,
	    .quota_min_top = 0,
	    .round_step = 1,
	};
}

void builtin_335_defaults(builtin_335_settings_t *s)
{
	*s = (builtin_335_settings_t){
	    .general_a = 1000,
	    .general_b = 1000,
	    .general_c = 1000,
	    .results_max = 7000,
	    .bonus_max = 0,
	    .allow_over_max = 0,
	    .categories = FRAMEWORK_CAT_CC,
	    .quota_permille = 200,
	    .quota_permille_outstanding = 200,
	    .quota_per_group = 1,
	    .quota_min_top = 0,
	    .round_step = 1,
	    .workprod = {.w_quantity = 1,
	                 .w_quality = 1,
	                 .w_progress = 1,
	                 .review_penalty_permille = 250,
	                 .delay_penalty_permille = 250},
	    .leader = {.w_own = 1,
	               .w_unit = 1,
	               .w_organising = 1,
	               .unit_all_ht_bp = 10000,
	               .unit_any_kht_bp = 5000},
	};
}

static framework_t *finish(framework_t *fw, err_t *e)
{
	if (framework_validate(fw, e) != ERR_OK) {
		framework_free(fw);
		return NULL;
	}
	return fw;
}

framework_t *builtin_3814(const builtin_3814_settings_t *s, err_t *e)
{
	builtin_3814_settings_t d;
	if (!s) {
		builtin_3814_defaults(&d);
		s = &d;
	}
	framework_t *fw = framework_new(
	    BUILTIN_3814_CODE,
	    "Khung tiêu chí đánh giá hằng tháng đối với cán bộ, công chức, viên chức, lao "
	    "động hợp đồng trong hệ thống chính trị thành phố Hà Nội",
	    "Quyết định số 3814-QĐ/TU ngày 16/5/2018 của Thành ủy Hà Nội ban hành Quy định "
	    "khung tiêu chí đánh giá hằng tháng (thực hiện từ ngày 01/7/2018)");
	fw->effective_from = framework_day(2018, 7, 1);
	fw->categories = FRAMEWORK_CAT_ALL;
	fw->roles = FRAMEWORK_ROLE_BOTH;
	fw->allow_over_max = s->allow_over_max;
	fw->round_step = s->round_step;

	size_t g =
	    framework_add_group(fw, "YT", "Ý thức tổ chức kỷ luật, phẩm chất đạo đức, lối sống",
	                        FRAMEWORK_GROUP_BASE, s->discipline_max);
	framework_add_criterion(fw, g, "YT", "Ý thức tổ chức kỷ luật, phẩm chất đạo đức, lối sống",
	                        FRAMEWORK_KIND_SCORED, s->discipline_max);
	g = framework_add_group(fw, "KQ", "Kết quả thực hiện chức trách, nhiệm vụ được giao",
	                        FRAMEWORK_GROUP_BASE, s->results_max);
	framework_add_criterion(fw, g, "KQ", "Kết quả thực hiện chức trách, nhiệm vụ được giao",
	                        FRAMEWORK_KIND_SCORED, s->results_max);
	if (s->bonus_max > 0) {
		g = framework_add_group(fw, "THUONG", "Điểm thưởng", FRAMEWORK_GROUP_BONUS,
		                        s->bonus_max);
		framework_add_criterion(fw, g, "THUONG", "Điểm thưởng", FRAMEWORK_KIND_BONUS,
		                        s->bonus_max);
	}

	framework_add_band(fw, "A", "Hoàn thành xuất sắc nhiệm vụ", 9000);
	framework_add_band(fw, "B", "Hoàn thành tốt nhiệm vụ", 7000);
	framework_add_band(fw, "C", "Hoàn thành nhiệm vụ", 5000);
	framework_add_band(fw, "D", "Không hoàn thành nhiệm vụ", 0);

	fw->quota = (framework_quota_t){
	    .kind = FRAMEWORK_QUOTA_SHARE_OF_RATED,
	    .permille = s->quota_permille,
	    .permille_outstanding = s->quota_permille_outstanding,
	    .per_group = 0,
	    .min_top = s->quota_min_top,
	    .top_band = 0,
	    .next_band = 1,
	};
	return finish(fw, e);
}

framework_t *builtin_335(const builtin_335_settings_t *s, err_t *e)
{
	builtin_335_settings_t d;
	if (!s) {
		builtin_335_defaults(&d);
		s = &d;
	}
	framework_t *fw = framework_new(
	    BUILTIN_335_CODE, "Đánh giá, xếp loại chất lượng công chức theo thang điểm 100",
	    "Nghị định số 335/2025/NĐ-CP của Chính phủ quy định về đánh giá, xếp loại chất "
	    "lượng đối với cơ quan hành chính nhà nước và công chức (hiệu lực từ ngày "
	    "01/01/2026)");
	fw->effective_from = framework_day(2026, 1, 1);
	fw->categories = s->categories;
	fw->roles = FRAMEWORK_ROLE_BOTH;
	fw->allow_over_max = s->allow_over_max;
	fw->round_step = s->round_step;
	fw->workprod = s->workprod;
	fw->leader = s->leader;

	size_t g = framework_add_group(fw, "TCC", "Tiêu chí chung", FRAMEWORK_GROUP_BASE,
	                               s->general_a + s->general_b + s->general_c);
	/* A locality may give one of (a)(b)(c) no points: it is then left out. */
	if (s->general_a != 0)
		framework_add_criterion(fw, g, "TCC_A",
		                        "Phẩm chất chính trị, đạo đức, văn hóa thực thi công vụ, ý "
		                        "thức kỷ luật",
		                        FRAMEWORK_KIND_SCORED, s->general_a);
	if (s->general_b != 0)
		framework_add_criterion(
		    fw, g, "TCC_B",
		    "Năng lực theo vị trí việc làm, tinh thần trách nhiệm, thái "
		    "độ phục vụ nhân dân, doanh nghiệp, phối hợp",
		    FRAMEWORK_KIND_SCORED, s->general_b);
	if (s->general_c != 0)
		framework_add_criterion(
		    fw, g, "TCC_C", "Đổi mới, sáng tạo, dám nghĩ, dám làm, dám chịu trách nhiệm",
		    FRAMEWORK_KIND_SCORED, s->general_c);
	g = framework_add_group(fw, "KQ", "Kết quả thực hiện nhiệm vụ", FRAMEWORK_GROUP_BASE,
	                        s->results_max);
	framework_add_criterion(fw, g, "KQ_SP",
	                        "Kết quả thực hiện nhiệm vụ theo số lượng, chất lượng, tiến độ sản "
	                        "phẩm, công việc (đã quy đổi)",
	                        FRAMEWORK_KIND_WORK_PRODUCTS, s->results_max);
	if (s->bonus_max > 0) {
		g = framework_add_group(fw, "THUONG", "Điểm thưởng", FRAMEWORK_GROUP_BONUS,
		                        s->bonus_max);
		framework_add_criterion(fw, g, "THUONG", "Điểm thưởng", FRAMEWORK_KIND_BONUS,
		                        s->bonus_max);
	}

	framework_add_band(fw, "HTXS", "Hoàn thành xuất sắc nhiệm vụ", 9000);
	framework_add_band(fw, "HTT", "Hoàn thành tốt nhiệm vụ", 7000);
	framework_add_band(fw, "HT", "Hoàn thành nhiệm vụ", 5000);
	framework_add_band(fw, "KHT", "Không hoàn thành nhiệm vụ", 0);

	framework_add_disqualifier(
	    fw, "KY_LUAT", "Bị kỷ luật từ hình thức khiển trách trở lên trong năm đánh giá", 0);
	framework_add_disqualifier(fw, "SUY_THOAI",
	                           "Bị cấp có thẩm quyền kết luận có biểu hiện suy thoái về tư "
	                           "tưởng chính trị, đạo đức, lối sống",
	                           0);
	framework_add_disqualifier(fw, "THAM_NHUNG_DON_VI",
	                           "Cơ quan, đơn vị thuộc thẩm quyền phụ trách, quản lý trực tiếp "
	                           "có tham ô, tham nhũng, lãng phí và bị xử lý theo quy định",
	                           1);

	fw->quota = (framework_quota_t){
	    .kind = FRAMEWORK_QUOTA_SHARE_OF_NEXT_GRADE,
	    .permille = s->quota_permille,
	    .permille_outstanding = s->quota_permille_outstanding,
	    .per_group = s->quota_per_group ? 1 : 0,
	    .min_top = s->quota_min_top,
	    .top_band = 0,
	    .next_band = 1,
	};
	return finish(fw, e);
}
