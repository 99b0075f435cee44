/*
 * annual: the year's classification and its consequence flags. See
 * annual.h for the rules (Decree 90/2020/NĐ-CP as amended by 48/2023).
 */
#include "core/annual.h"

/* Grades of Decree 90/2020: code and Vietnamese label. */
static const struct {
	const char *code;
	const char *label;
} grades[ANNUAL__MAX] = {
    [ANNUAL_HTXS] = {"HTXS", "Hoàn thành xuất sắc nhiệm vụ"},
    [ANNUAL_HTT] = {"HTT", "Hoàn thành tốt nhiệm vụ"},
    [ANNUAL_HT] = {"HT", "Hoàn thành nhiệm vụ"},
    [ANNUAL_KHT] = {"KHT", "Không hoàn thành nhiệm vụ"},
    [ANNUAL_NOT_CLASSIFIED] = {"CXL", "Không xếp loại chất lượng"},
};

/* Consequence flags: flag, Vietnamese text. */
static const struct {
	unsigned flag;
	const char *text;
} flag_texts[] = {
    {ANNUAL_FLAG_DISMISSAL, "Không hoàn thành nhiệm vụ 2 năm liên tiếp: xem xét cho thôi việc"},
    {ANNUAL_FLAG_LEADER_TERM, "Lãnh đạo, quản lý không hoàn thành nhiệm vụ 2 năm trong một "
                              "nhiệm kỳ bổ nhiệm: bố trí công tác khác hoặc không bổ nhiệm lại"},
    {ANNUAL_FLAG_LOWER_POSITION, "Không hoàn thành nhiệm vụ 2 năm trong 3 năm: bố trí vào vị "
                                 "trí việc làm có yêu cầu thấp hơn"},
};

static const char R_SHORT[] =
    "Thời gian công tác trong năm dưới 6 tháng: không xếp loại chất lượng";
static const char R_NO_MONTHS[] = "Chưa có kết quả đánh giá tháng nào trong năm";
static const char R_ABSENT[] = "Vắng mặt từ 3 tháng đến dưới 6 tháng trong năm: không xếp loại "
                               "cao hơn mức được phép";
static const char R_DISCIPLINE[] =
    "Bị kỷ luật trong năm đánh giá: xếp loại không hoàn thành nhiệm vụ";
static const char R_PROTECTED[] =
    "Đang mang thai, nuôi con dưới 36 tháng tuổi hoặc đang trong thời "
    "gian xem xét kỷ luật: chưa xem xét xử lý";

static int grade_ok(annual_grade g)
{
	return (int)g >= 0 && g < ANNUAL__MAX;
}

const char *annual_grade_code(annual_grade g)
{
	return grade_ok(g) ? grades[g].code : "?";
}

const char *annual_grade_label(annual_grade g)
{
	return grade_ok(g) ? grades[g].label : "?";
}

const char *annual_flag_text(unsigned flag)
{
	for (size_t i = 0; i < sizeof flag_texts / sizeof flag_texts[0]; i++)
		if (flag_texts[i].flag == flag)
			return flag_texts[i].text;
	return "";
}

void annual_defaults(annual_settings_t *s)
{
	*s = (annual_settings_t){
	    .method = ANNUAL_METHOD_MEAN,
	    .min_htxs = 9000,
	    .min_htt = 7000,
	    .min_ht = 5000,
	    .round_step = 1,
	    .min_months_worked = 6,
	    .absence_cap_from = 3,
	    .absence_cap_to = 6,
	    .absence_cap_grade = ANNUAL_HT,
	    .quota = {.kind = FRAMEWORK_QUOTA_SHARE_OF_RATED,
	              .permille = 200,
	              .permille_outstanding = 200,
	              .per_group = 0,
	              .min_top = 0,
	              .top_band = ANNUAL_HTXS,
	              .next_band = ANNUAL_HTT},
	    .dismissal_categories = FRAMEWORK_CAT_CC,
	    .consecutive_kht_years = 2,
	    .term_kht_count = 2,
	    .window_years = 3,
	    .window_kht_count = 2,
	};
}

err_code annual_settings_validate(const annual_settings_t *s, err_t *e)
{
	if (!s || (int)s->method < 0 || s->method >= ANNUAL_METHOD__MAX)
		return err_set(e, ERR_INVALID, "Cách tính kết quả năm không hợp lệ");
	if (!(s->min_htxs > s->min_htt && s->min_htt > s->min_ht && s->min_ht > 0 &&
	      s->min_htxs <= FRAMEWORK_POINTS_MAX))
		return err_set(e, ERR_INVALID,
		               "Các mức điểm xếp loại năm phải giảm dần và lớn hơn 0");
	if (s->round_step < 1 || s->round_step > 10000)
		return err_set(e, ERR_INVALID, "Quy tắc làm tròn kết quả năm không hợp lệ");
	if (s->min_months_worked < 0 || s->min_months_worked > 12 || s->absence_cap_from < 0 ||
	    s->absence_cap_from >= s->absence_cap_to || s->absence_cap_to > 12)
		return err_set(e, ERR_INVALID,
		               "Số tháng công tác, vắng mặt trong năm không hợp lệ");
	if ((int)s->absence_cap_grade < ANNUAL_HTXS || s->absence_cap_grade > ANNUAL_KHT)
		return err_set(e, ERR_INVALID, "Mức xếp loại tối đa khi vắng mặt không hợp lệ");
	const framework_quota_t *q = &s->quota;
	if ((int)q->kind < 0 || q->kind >= FRAMEWORK_QUOTA__MAX || q->permille < 0 ||
	    q->permille > 1000 || q->permille_outstanding < q->permille ||
	    q->permille_outstanding > 1000 || q->min_top < 0 || q->top_band != ANNUAL_HTXS ||
	    q->next_band != ANNUAL_HTT)
		return err_set(e, ERR_INVALID,
		               "Tỷ lệ xếp loại hoàn thành xuất sắc nhiệm vụ năm không "
		               "hợp lệ");
	if (s->consecutive_kht_years < 1 || s->term_kht_count < 1 || s->window_years < 1 ||
	    s->window_kht_count < 1 || s->consecutive_kht_years > 50 || s->window_years > 50)
		return err_set(e, ERR_INVALID, "Số năm xem xét xử lý không hợp lệ");
	return ERR_OK;
}

static annual_grade band_of(const annual_settings_t *s, int32_t total)
{
	if (total >= s->min_htxs)
		return ANNUAL_HTXS;
	if (total >= s->min_htt)
		return ANNUAL_HTT;
	if (total >= s->min_ht)
		return ANNUAL_HT;
	return ANNUAL_KHT;
}

err_code annual_classify(const annual_settings_t *s, const annual_input_t *in, annual_result_t *out,
                         err_t *e)
{
	err_code rc = annual_settings_validate(s, e);
	if (rc != ERR_OK)
		return rc;
	if (in->nmonths > 12 || (in->nmonths > 0 && !in->monthly_totals))
		return err_set(e, ERR_INVALID, "Một năm có tối đa 12 kết quả đánh giá tháng");
	if (in->months_worked < 0 || in->months_worked > 12 || in->months_absent < 0 ||
	    in->months_absent > 12 || in->maternity_months < 0 || in->maternity_months > 12 ||
	    in->months_worked + in->maternity_months > 12)
		return err_set(e, ERR_INVALID,
		               "Số tháng công tác, nghỉ thai sản, vắng mặt phải từ 0 đến 12 và "
		               "tổng số tháng công tác và nghỉ thai sản không quá 12");
	for (size_t i = 0; i < in->nmonths; i++)
		if (in->monthly_totals[i] < 0)
			return err_set(e, ERR_INVALID, "Kết quả tháng thứ %zu bị âm", i + 1);
	if (s->method == ANNUAL_METHOD_GIVEN && in->given_total < 0)
		return err_set(e, ERR_INVALID, "Điểm năm không được âm");

	annual_result_t r = {.grade = ANNUAL_NOT_CLASSIFIED, .by_score = ANNUAL_NOT_CLASSIFIED};

	/* Decree 90/2020 (48/2023): under 6 months worked → not classified,
	 * maternity leave excepted (it counts towards the 6 months). */
	if (in->months_worked + in->maternity_months < s->min_months_worked) {
		r.reason = R_SHORT;
		goto done;
	}
	if (s->method == ANNUAL_METHOD_MEAN) {
		if (in->nmonths == 0) {
			r.reason = R_NO_MONTHS;
			goto done;
		}
		/* one half-up rounding of sum / n to the step, never two */
		int64_t sum = 0;
		for (size_t i = 0; i < in->nmonths; i++)
			sum += in->monthly_totals[i];
		int64_t den = (int64_t)in->nmonths * s->round_step;
		r.total = (int32_t)((2 * sum + den) / (2 * den) * s->round_step);
	} else {
		int64_t v = in->given_total, st = s->round_step;
		r.total = (int32_t)((v + st / 2) / st * st);
	}
	r.by_score = r.grade = band_of(s, r.total);

	if (in->months_absent >= s->absence_cap_from && in->months_absent < s->absence_cap_to &&
	    r.grade < s->absence_cap_grade) {
		r.grade = s->absence_cap_grade;
		r.reason = R_ABSENT;
	}
	if (in->disciplined) {
		r.grade = ANNUAL_KHT;
		r.reason = R_DISCIPLINE;
	} else if (in->forced_kht_reason && *in->forced_kht_reason) {
		r.grade = ANNUAL_KHT;
		r.reason = in->forced_kht_reason;
	}
done:
	*out = r;
	return ERR_OK;
}

err_code annual_consequences(const annual_settings_t *s, const annual_person_t *p, int year,
                             const annual_year_t *hist, size_t n, annual_flags_t *out, err_t *e)
{
	err_code rc = annual_settings_validate(s, e);
	if (rc != ERR_OK)
		return rc;
	const annual_year_t *cur = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!grade_ok(hist[i].grade))
			return err_set(e, ERR_INVALID, "Kết quả năm %d không hợp lệ", hist[i].year);
		for (size_t j = 0; j < i; j++)
			if (hist[j].year == hist[i].year)
				return err_set(e, ERR_INVALID, "Năm %d có hai kết quả xếp loại",
				               hist[i].year);
		if (hist[i].year == year)
			cur = &hist[i];
	}
	if (!cur)
		return err_set(e, ERR_INVALID, "Chưa có kết quả xếp loại năm %d", year);
	if (p->is_leader && p->term_start_year > year)
		return err_set(e, ERR_INVALID, "Nhiệm kỳ bổ nhiệm bắt đầu sau năm %d", year);

	annual_flags_t f = {0};
	if (cur->grade == ANNUAL_KHT) {
		/* KHT in each of the last consecutive_kht_years years */
		int running = 0, in_term = 0, in_window = 0;
		for (int y = year; y > year - s->consecutive_kht_years; y--) {
			int kht = 0;
			for (size_t i = 0; i < n; i++)
				kht |= hist[i].year == y && hist[i].grade == ANNUAL_KHT;
			if (!kht)
				break;
			running++;
		}
		for (size_t i = 0; i < n; i++) {
			if (hist[i].grade != ANNUAL_KHT || hist[i].year > year)
				continue;
			in_term += hist[i].year >= p->term_start_year;
			in_window += hist[i].year > year - s->window_years;
		}
		if ((p->category & s->dismissal_categories) && running >= s->consecutive_kht_years)
			f.flags |= ANNUAL_FLAG_DISMISSAL;
		if (p->is_leader && in_term >= s->term_kht_count)
			f.flags |= ANNUAL_FLAG_LEADER_TERM;
		if (!p->is_leader && in_window >= s->window_kht_count)
			f.flags |= ANNUAL_FLAG_LOWER_POSITION;
	}
	if (f.flags && (p->pregnant || p->child_under_36m || p->discipline_pending)) {
		f.suppressed = f.flags;
		f.flags = 0;
		f.protection = R_PROTECTED;
	}
	*out = f;
	return ERR_OK;
}
