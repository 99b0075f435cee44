/*
 * names: realistic Vietnamese personal data. See names.h.
 *
 * Every table is {text, weight}; names_new() builds the cumulative weights
 * once per generator, and a draw is one random number and a binary search.
 * Weights are relative (they need not sum to anything in particular); the
 * surname weights are per ten thousand so they read as the published
 * shares (Nguyễn 38%, Trần 11% …).
 */
#include "app/names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/xalloc.h"

typedef struct wentry {
	const char *s;
	unsigned w;
} wentry_t;

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Họ: the published distribution; Hoàng/Huỳnh and Vũ/Võ are the same name
 * in the North and the South. */
static const wentry_t surnames[] = {
	{"Nguyễn", 3800}, {"Trần", 1100}, {"Lê", 950},    {"Phạm", 700},   {"Hoàng", 270},
	{"Huỳnh", 230},   {"Phan", 450},  {"Vũ", 200},    {"Võ", 190},     {"Đặng", 210},
	{"Bùi", 200},     {"Đỗ", 140},    {"Hồ", 130},    {"Ngô", 130},    {"Dương", 100},
	{"Lý", 50},       {"Đào", 100},   {"Đinh", 100},  {"Mai", 80},     {"Trịnh", 80},
	{"Lương", 70},    {"Đoàn", 70},   {"Vương", 40},  {"Tạ", 40},      {"Lưu", 40},
	{"Cao", 50},      {"Chu", 40},    {"Hà", 60},     {"Kiều", 20},    {"Lâm", 40},
	{"Phùng", 30},    {"Quách", 20},  {"Tô", 30},     {"Thái", 20},    {"Triệu", 30},
	{"Nghiêm", 15},   {"Khổng", 10},  {"Hứa", 10},    {"Mạc", 10},     {"Tống", 15},
	{"La", 10},       {"Giang", 10},  {"Doãn", 10},   {"Lã", 10},      {"Ninh", 10},
	{"Bạch", 10},     {"Thân", 10},   {"Nông", 20},   {"Lò", 10},      {"Vi", 10},
	{"Đàm", 15},      {"Khúc", 5},    {"Tăng", 5},    {"Lục", 5},      {"Phí", 5},
	{"Từ", 5},        {"Đồng", 5},
};

/* Tên đệm. */
static const wentry_t middles_m[] = {
	{"Văn", 300},     {"Đức", 100},     {"Hữu", 80},      {"Minh", 90},    {"Quang", 70},
	{"Công", 60},     {"Thành", 60},    {"Xuân", 50},     {"Ngọc", 40},    {"Anh", 30},
	{"Đình", 60},     {"Mạnh", 40},     {"Trung", 30},    {"Quốc", 50},    {"Tiến", 30},
	{"Hoàng", 30},    {"Bá", 30},       {"Thế", 40},      {"Việt", 30},    {"Hải", 30},
	{"Thanh", 40},    {"Duy", 30},      {"Trọng", 30},    {"Tuấn", 20},    {"Văn Minh", 10},
	{"Hữu Quang", 8}, {"Đình Minh", 8}, {"Quốc Việt", 6},
};

static const wentry_t middles_f[] = {
	{"Thị", 450},      {"Thu", 60},       {"Ngọc", 60},     {"Thanh", 60},    {"Minh", 40},
	{"Hồng", 40},      {"Thúy", 30},      {"Phương", 30},   {"Kim", 30},      {"Mai", 20},
	{"Hải", 20},       {"Bích", 20},      {"Diệu", 20},     {"Khánh", 20},    {"Lan", 10},
	{"Quỳnh", 20},     {"Bảo", 20},       {"Hoài", 20},     {"Tuyết", 10},    {"Vân", 10},
	{"Thị Thu", 40},   {"Thị Ngọc", 30},  {"Thị Thanh", 30}, {"Thị Minh", 20}, {"Thị Hồng", 20},
	{"Thị Kim", 20},   {"Thị Thúy", 10},  {"Thị Phương", 10},
};

/* Tên. */
static const wentry_t givens_m[] = {
	{"An", 20},    {"Bình", 25},  {"Cường", 25}, {"Dũng", 35},  {"Đức", 30},   {"Hải", 35},
	{"Hùng", 40},  {"Khoa", 15},  {"Long", 30},  {"Minh", 40},  {"Nam", 35},   {"Phong", 20},
	{"Quân", 20},  {"Sơn", 30},   {"Thắng", 25}, {"Trung", 30}, {"Tuấn", 45},  {"Việt", 20},
	{"Anh", 45},   {"Bảo", 15},   {"Công", 10},  {"Chiến", 15}, {"Đạt", 25},   {"Định", 10},
	{"Đông", 10},  {"Giang", 10}, {"Hiếu", 25},  {"Hiệp", 15},  {"Hòa", 15},   {"Hoàng", 20},
	{"Huy", 30},   {"Hưng", 25},  {"Khánh", 15}, {"Khải", 10},  {"Kiên", 15},  {"Lâm", 15},
	{"Lộc", 15},   {"Lợi", 10},   {"Mạnh", 20},  {"Nghĩa", 20}, {"Nhân", 10},  {"Phúc", 15},
	{"Quang", 25}, {"Quý", 10},   {"Tài", 10},   {"Tâm", 15},   {"Thành", 30}, {"Thái", 10},
	{"Thịnh", 15}, {"Thuận", 10}, {"Tiến", 20},  {"Toàn", 20},  {"Trí", 10},   {"Trọng", 10},
	{"Tú", 10},    {"Tùng", 20},  {"Vinh", 20},  {"Vũ", 15},    {"Duy", 15},   {"Hậu", 10},
	{"Kiệt", 10},  {"Nguyên", 10}, {"Phát", 10}, {"Tân", 10},   {"Thông", 10}, {"Hào", 10},
};

static const wentry_t givens_f[] = {
	{"Anh", 40},    {"Chi", 20},    {"Dung", 25},  {"Hà", 35},    {"Hạnh", 25},  {"Hằng", 30},
	{"Hoa", 30},    {"Hương", 40},  {"Lan", 30},   {"Linh", 40},  {"Loan", 15},  {"Mai", 30},
	{"Ngọc", 25},   {"Nhung", 20},  {"Phương", 30}, {"Thảo", 35}, {"Trang", 40}, {"Vân", 20},
	{"Yến", 25},    {"An", 10},     {"Bích", 10},  {"Diệp", 10},  {"Duyên", 15}, {"Giang", 20},
	{"Hiền", 25},   {"Hoài", 10},   {"Huệ", 15},   {"Huyền", 30}, {"Hồng", 20},  {"Khánh", 10},
	{"Lệ", 10},     {"Liên", 15},   {"Ly", 15},    {"Minh", 10},  {"My", 15},    {"Nga", 25},
	{"Ngân", 20},   {"Nguyệt", 15}, {"Nhàn", 10},  {"Nhi", 15},   {"Oanh", 15},  {"Quỳnh", 20},
	{"Sen", 5},     {"Tâm", 15},    {"Thanh", 20}, {"Thu", 25},   {"Thủy", 30},  {"Thúy", 25},
	{"Tuyết", 15},  {"Uyên", 10},   {"Vy", 10},    {"Xuân", 15},  {"Lam", 5},    {"Trâm", 10},
	{"Hậu", 10},    {"Thơm", 5},    {"Châm", 5},   {"Thắm", 10},
};

static const wentry_t ethnicities[] = {
	{"Kinh", 8600}, {"Tày", 200},    {"Thái", 190},   {"Mường", 160},   {"Khmer", 140},
	{"Hoa", 80},    {"Nùng", 110},   {"Hmông", 140},  {"Dao", 90},      {"Gia Rai", 50},
	{"Ê Đê", 40},   {"Ba Na", 30},   {"Sán Chay", 20}, {"Chăm", 20},    {"Cơ Ho", 20},
	{"Xơ Đăng", 20}, {"Sán Dìu", 20}, {"Hrê", 15},     {"Ra Glai", 10}, {"Mnông", 10},
};

/* The 63 provinces and cities before the merger of 1 July 2025, which is
 * what people's records (born long before) name as home town. */
static const char *const provinces63[] = {
	"Hà Nội",      "Hải Phòng",  "Đà Nẵng",    "TP. Hồ Chí Minh", "Cần Thơ",    "Hà Giang",
	"Cao Bằng",    "Bắc Kạn",    "Tuyên Quang", "Lào Cai",        "Điện Biên",  "Lai Châu",
	"Sơn La",      "Yên Bái",    "Hòa Bình",   "Thái Nguyên",     "Lạng Sơn",   "Quảng Ninh",
	"Bắc Giang",   "Phú Thọ",    "Vĩnh Phúc",  "Bắc Ninh",        "Hải Dương",  "Hưng Yên",
	"Thái Bình",   "Hà Nam",     "Nam Định",   "Ninh Bình",       "Thanh Hóa",  "Nghệ An",
	"Hà Tĩnh",     "Quảng Bình", "Quảng Trị",  "Thừa Thiên Huế",  "Quảng Nam",  "Quảng Ngãi",
	"Bình Định",   "Phú Yên",    "Khánh Hòa",  "Ninh Thuận",      "Bình Thuận", "Kon Tum",
	"Gia Lai",     "Đắk Lắk",    "Đắk Nông",   "Lâm Đồng",        "Bình Phước", "Tây Ninh",
	"Bình Dương",  "Đồng Nai",   "Bà Rịa - Vũng Tàu", "Long An",  "Tiền Giang", "Bến Tre",
	"Trà Vinh",    "Vĩnh Long",  "Đồng Tháp",  "An Giang",        "Kiên Giang", "Hậu Giang",
	"Sóc Trăng",   "Bạc Liêu",   "Cà Mau",
};

/* Majors by field. */
static const char *const majors_admin[] = {"Luật", "Hành chính học", "Quản lý nhà nước",
					   "Kinh tế", "Quản trị kinh doanh", "Xã hội học",
					   "Quản trị nhân lực", "Công nghệ thông tin", NULL};
static const char *const majors_finance[] = {"Tài chính - Ngân hàng", "Kế toán", "Kiểm toán",
					     "Kinh tế", "Quản lý tài chính công", NULL};
static const char *const majors_law[] = {"Luật", "Luật kinh tế", "Luật hành chính", NULL};
static const char *const majors_economy[] = {"Kinh tế", "Quản trị kinh doanh", "Kinh tế đầu tư",
					     "Thương mại", "Kinh tế phát triển", NULL};
static const char *const majors_culture[] = {"Quản lý văn hóa", "Văn hóa học", "Du lịch",
					     "Báo chí", "Giáo dục thể chất", NULL};
static const char *const majors_agri[] = {"Nông học", "Quản lý đất đai", "Khoa học môi trường",
					  "Lâm nghiệp", "Thủy lợi", "Chăn nuôi", NULL};
static const char *const majors_build[] = {"Xây dựng dân dụng và công nghiệp", "Kiến trúc",
					   "Quy hoạch vùng và đô thị", "Kỹ thuật giao thông", NULL};
static const char *const majors_tech[] = {"Công nghệ thông tin", "Khoa học máy tính",
					  "Điện tử - Viễn thông", "Hệ thống thông tin", NULL};
static const char *const majors_party[] = {"Xây dựng Đảng và chính quyền nhà nước",
					   "Chính trị học", "Triết học", "Luật", "Lịch sử", NULL};
static const char *const majors_preschool[] = {"Giáo dục Mầm non", NULL};
static const char *const majors_primary[] = {"Giáo dục Tiểu học", "Sư phạm Tiếng Anh",
					     "Sư phạm Âm nhạc", "Giáo dục Thể chất", NULL};
static const char *const majors_secondary[] = {
	"Sư phạm Toán học",  "Sư phạm Ngữ văn",  "Sư phạm Tiếng Anh", "Sư phạm Vật lý",
	"Sư phạm Hóa học",   "Sư phạm Sinh học", "Sư phạm Lịch sử",   "Sư phạm Địa lý",
	"Sư phạm Tin học",   "Giáo dục Thể chất", "Giáo dục Công dân", NULL};
static const char *const majors_health[] = {"Y khoa", "Y học cổ truyền", "Y học dự phòng",
					    "Răng - Hàm - Mặt", NULL};
static const char *const majors_nursing[] = {"Điều dưỡng", "Hộ sinh", "Dược học",
					     "Kỹ thuật xét nghiệm y học", NULL};

static const char *const *const majors[NAMES_FIELD__MAX] = {
	[NAMES_FIELD_ADMIN] = majors_admin,         [NAMES_FIELD_FINANCE] = majors_finance,
	[NAMES_FIELD_LAW] = majors_law,             [NAMES_FIELD_ECONOMY] = majors_economy,
	[NAMES_FIELD_CULTURE] = majors_culture,     [NAMES_FIELD_AGRI] = majors_agri,
	[NAMES_FIELD_BUILD] = majors_build,         [NAMES_FIELD_TECH] = majors_tech,
	[NAMES_FIELD_PARTY] = majors_party,         [NAMES_FIELD_PRESCHOOL] = majors_preschool,
	[NAMES_FIELD_PRIMARY] = majors_primary,     [NAMES_FIELD_SECONDARY] = majors_secondary,
	[NAMES_FIELD_HEALTH] = majors_health,       [NAMES_FIELD_NURSING] = majors_nursing,
};

/* Salary groups of Decree 204/2004/NĐ-CP (coefficients in hundredths): the
 * first step, the increase per step, the number of steps, the years per
 * step, and a typical age for entering the group. */
typedef enum sgroup { G_A3_1, G_A2_1, G_A2_2, G_A1, G_A0, G_B } sgroup;

static const struct {
	int base, inc, steps, years, entry_age;
} groups[] = {
	[G_A3_1] = {620, 36, 6, 3, 45}, [G_A2_1] = {440, 34, 8, 3, 36},
	[G_A2_2] = {400, 34, 8, 3, 33}, [G_A1] = {234, 33, 9, 3, 24},
	[G_A0] = {210, 31, 10, 3, 22},  [G_B] = {186, 20, 12, 2, 22},
};

typedef struct rank_def {
	const char *code, *name;
	sgroup group;
} rank_def_t;

/* Each track from the most junior rank to the most senior. */
static const rank_def_t civil[] = {
	{"01.005", "Nhân viên", G_B},
	{"01.004", "Cán sự", G_A0},
	{"01.003", "Chuyên viên", G_A1},
	{"01.002", "Chuyên viên chính", G_A2_1},
	{"01.001", "Chuyên viên cao cấp", G_A3_1},
};
static const rank_def_t accountant[] = {
	{"06.032", "Kế toán viên trung cấp", G_A0},
	{"06.031", "Kế toán viên", G_A1},
	{"06.030", "Kế toán viên chính", G_A2_1},
};
static const rank_def_t preschool[] = {
	{"V.07.02.26", "Giáo viên mầm non hạng III", G_A0},
	{"V.07.02.25", "Giáo viên mầm non hạng II", G_A1},
	{"V.07.02.24", "Giáo viên mầm non hạng I", G_A2_2},
};
static const rank_def_t primary[] = {
	{"V.07.03.29", "Giáo viên tiểu học hạng III", G_A1},
	{"V.07.03.28", "Giáo viên tiểu học hạng II", G_A2_2},
	{"V.07.03.27", "Giáo viên tiểu học hạng I", G_A2_1},
};
static const rank_def_t lower_sec[] = {
	{"V.07.04.32", "Giáo viên trung học cơ sở hạng III", G_A1},
	{"V.07.04.31", "Giáo viên trung học cơ sở hạng II", G_A2_2},
	{"V.07.04.30", "Giáo viên trung học cơ sở hạng I", G_A2_1},
};
static const rank_def_t upper_sec[] = {
	{"V.07.05.15", "Giáo viên trung học phổ thông hạng III", G_A1},
	{"V.07.05.14", "Giáo viên trung học phổ thông hạng II", G_A2_2},
	{"V.07.05.13", "Giáo viên trung học phổ thông hạng I", G_A2_1},
};
static const rank_def_t doctor[] = {
	{"V.08.01.03", "Bác sĩ (hạng III)", G_A1},
	{"V.08.01.02", "Bác sĩ chính (hạng II)", G_A2_1},
	{"V.08.01.01", "Bác sĩ cao cấp (hạng I)", G_A3_1},
};
static const rank_def_t nurse[] = {
	{"V.08.05.13", "Điều dưỡng hạng IV", G_B},
	{"V.08.05.12", "Điều dưỡng hạng III", G_A1},
};

/* A weighted table with its cumulative weights. */
typedef struct wtab {
	const wentry_t *e;
	size_t n;
	uint32_t *cum; /* cum[i] = weight of e[0..i] */
} wtab_t;

enum { T_SURNAME, T_MIDDLE_M, T_MIDDLE_F, T_GIVEN_M, T_GIVEN_F, T_ETHNIC, T__MAX };

struct names {
	uint64_t s[4];
	wtab_t t[T__MAX];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static void wtab_init(wtab_t *t, const wentry_t *e, size_t n)
{
	t->e = e;
	t->n = n;
	t->cum = xcalloc(n, sizeof *t->cum);
	uint32_t sum = 0;
	for (size_t i = 0; i < n; i++) {
		sum += e[i].w;
		t->cum[i] = sum;
	}
}

names_t *names_new(uint64_t seed)
{
	names_t *g = xcalloc(1, sizeof *g);
	uint64_t x = seed;
	for (int i = 0; i < 4; i++)
		g->s[i] = splitmix64(&x);
	wtab_init(&g->t[T_SURNAME], surnames, COUNT(surnames));
	wtab_init(&g->t[T_MIDDLE_M], middles_m, COUNT(middles_m));
	wtab_init(&g->t[T_MIDDLE_F], middles_f, COUNT(middles_f));
	wtab_init(&g->t[T_GIVEN_M], givens_m, COUNT(givens_m));
	wtab_init(&g->t[T_GIVEN_F], givens_f, COUNT(givens_f));
	wtab_init(&g->t[T_ETHNIC], ethnicities, COUNT(ethnicities));
	return g;
}

void names_free(names_t *g)
{
	if (!g)
		return;
	for (int i = 0; i < T__MAX; i++)
		free(g->t[i].cum);
	free(g);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t names_next(names_t *g)
{
	uint64_t *s = g->s;
	uint64_t r = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return r;
}

uint32_t names_below(names_t *g, uint32_t n)
{
	/* Lemire's multiply-shift: bias below 2^-32, fine for test data */
	return (uint32_t)(((names_next(g) >> 32) * (uint64_t)n) >> 32);
}

int names_chance(names_t *g, unsigned per_mille)
{
	return names_below(g, 1000) < per_mille;
}

int names_range(names_t *g, int lo, int hi)
{
	return lo + (int)names_below(g, (uint32_t)(hi - lo + 1));
}

static size_t wpick(names_t *g, const wtab_t *t)
{
	uint32_t x = names_below(g, t->cum[t->n - 1]);
	size_t lo = 0, hi = t->n - 1;
	while (lo < hi) { /* first i with cum[i] > x */
		size_t mid = (lo + hi) / 2;
		if (t->cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* Picks from small inline weight lists: w[i] for i < n. */
static int wsmall(names_t *g, const int *w, int n)
{
	int sum = 0;
	for (int i = 0; i < n; i++)
		sum += w[i];
	if (sum <= 0)
		return 0;
	int x = (int)names_below(g, (uint32_t)sum);
	for (int i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

void names_pick(names_t *g, int female, names_name_t *out)
{
	out->female = female ? 1 : 0;
	out->surname = (uint16_t)wpick(g, &g->t[T_SURNAME]);
	out->middle = (uint16_t)wpick(g, &g->t[female ? T_MIDDLE_F : T_MIDDLE_M]);
	/* no "Đặng Thu Thu": the given name differs from the middle name's
	 * last word (redraw; the tables are large, so this ends quickly) */
	const char *mid = names_middle(female, out->middle);
	const char *last = strrchr(mid, ' ');
	last = last ? last + 1 : mid;
	do {
		out->given = (uint16_t)wpick(g, &g->t[female ? T_GIVEN_F : T_GIVEN_M]);
	} while (strcmp(names_given(female, out->given), last) == 0);
}

size_t names_surname_count(void)
{
	return COUNT(surnames);
}

const char *names_surname(size_t i)
{
	return surnames[i].s;
}

size_t names_middle_count(int female)
{
	return female ? COUNT(middles_f) : COUNT(middles_m);
}

const char *names_middle(int female, size_t i)
{
	return female ? middles_f[i].s : middles_m[i].s;
}

size_t names_given_count(int female)
{
	return female ? COUNT(givens_f) : COUNT(givens_m);
}

const char *names_given(int female, size_t i)
{
	return female ? givens_f[i].s : givens_m[i].s;
}

size_t names_format(const names_name_t *n, char *out, size_t cap)
{
	int len = snprintf(out, cap, "%s %s %s", names_surname(n->surname),
			   names_middle(n->female, n->middle), names_given(n->female, n->given));
	if (len < 0)
		return 0;
	return (size_t)len < cap ? (size_t)len : cap - 1;
}

int names_birth_date(names_t *g, int ref_day, int min_age, int max_age)
{
	/* the mean of two uniform draws: more people in mid-career than at
	 * either end, as in a real workforce */
	int span = max_age - min_age;
	int age = min_age + ((int)names_below(g, (uint32_t)span + 1) +
			     (int)names_below(g, (uint32_t)span + 1) + 1) / 2;
	if (age > max_age)
		age = max_age;
	/* born between age and age + 1 years before ref_day */
	return date_add_months(ref_day, -12 * age) - (int)names_below(g, 365);
}

const char *names_ethnicity(names_t *g)
{
	return ethnicities[wpick(g, &g->t[T_ETHNIC])].s;
}

const char *names_home_town(names_t *g, const char *local)
{
	if (local && names_chance(g, 500))
		return local;
	return provinces63[names_below(g, COUNT(provinces63))];
}

static const char *pick_major(names_t *g, names_field field)
{
	const char *const *list = majors[field];
	size_t n = 0;
	while (list[n])
		n++;
	return list[names_below(g, (uint32_t)n)];
}

void names_qual(names_t *g, names_role role, const char *category, names_field field,
		const char *min_degree, names_qual_t *out)
{
	static const char *const degrees[] = {NULL, "trung_cap", "cao_dang", "dai_hoc", "thac_si",
					      "tien_si"};
	static const char *const llcts[] = {NULL, "so_cap", "trung_cap", "cao_cap", "cu_nhan"};
	static const char *const qlnns[] = {NULL, "chuyen_vien", "chuyen_vien_chinh",
					    "chuyen_vien_cao_cap"};
	int contract = category && strcmp(category, "LDHD") == 0;
	int vc = category && strcmp(category, "VC") == 0;
	int cb = category && strcmp(category, "CB") == 0;
	memset(out, 0, sizeof *out);

	/* degree: none, trung cấp, cao đẳng, đại học, thạc sĩ, tiến sĩ */
	static const int deg_w[4][6] = {
		[NAMES_STAFF] = {0, 40, 60, 780, 110, 10},
		[NAMES_DEPUTY] = {0, 0, 0, 640, 330, 30},
		[NAMES_HEAD] = {0, 0, 0, 520, 410, 70},
		[NAMES_TOP] = {0, 0, 0, 300, 550, 150},
	};
	int d;
	if (contract) {
		static const int w[6] = {150, 350, 200, 300, 0, 0};
		d = wsmall(g, w, 6);
	} else if (role == NAMES_STAFF && field == NAMES_FIELD_PRESCHOOL) {
		static const int w[6] = {0, 50, 250, 650, 50, 0};
		d = wsmall(g, w, 6);
	} else if (role == NAMES_STAFF && field == NAMES_FIELD_NURSING) {
		static const int w[6] = {0, 100, 400, 450, 50, 0};
		d = wsmall(g, w, 6);
	} else {
		d = wsmall(g, deg_w[role], 6);
	}
	if (min_degree && !contract) {
		/* the rank's requirement: group B needs trung cấp, A0 cao
		 * đẳng, A1 and above a university degree */
		if (strcmp(min_degree, "trung_cap") == 0) {
			static const int w[6] = {0, 600, 250, 150, 0, 0};
			d = wsmall(g, w, 6);
		} else if (strcmp(min_degree, "cao_dang") == 0) {
			static const int w[6] = {0, 0, 600, 400, 0, 0};
			d = wsmall(g, w, 6);
		} else if (d < 3) {
			d = 3;
		}
	}
	out->degree = degrees[d];
	out->major = d ? pick_major(g, field) : NULL;

	/* LLCT: none, sơ cấp, trung cấp, cao cấp, cử nhân */
	static const int llct_w[4][5] = {
		[NAMES_STAFF] = {550, 200, 220, 30, 0},
		[NAMES_DEPUTY] = {0, 0, 550, 400, 50},
		[NAMES_HEAD] = {0, 0, 250, 700, 50},
		[NAMES_TOP] = {0, 0, 0, 900, 100},
	};
	if (contract) {
		out->llct = NULL;
	} else if (cb && role == NAMES_STAFF) {
		static const int w[5] = {0, 0, 650, 300, 50};
		out->llct = llcts[wsmall(g, w, 5)];
	} else if (vc && role == NAMES_STAFF) {
		static const int w[5] = {750, 150, 90, 10, 0};
		out->llct = llcts[wsmall(g, w, 5)];
	} else {
		out->llct = llcts[wsmall(g, llct_w[role], 5)];
	}

	/* QLNN: none, chuyên viên, chuyên viên chính, chuyên viên cao cấp */
	static const int qlnn_w[4][4] = {
		[NAMES_STAFF] = {400, 500, 100, 0},
		[NAMES_DEPUTY] = {0, 400, 550, 50},
		[NAMES_HEAD] = {0, 150, 700, 150},
		[NAMES_TOP] = {0, 0, 400, 600},
	};
	if (contract) {
		out->qlnn = NULL;
	} else if (vc && role == NAMES_STAFF) {
		static const int w[4] = {800, 180, 20, 0};
		out->qlnn = qlnns[wsmall(g, w, 4)];
	} else {
		out->qlnn = qlnns[wsmall(g, qlnn_w[role], 4)];
	}

	static const char *const it[] = {NULL, "Chứng chỉ ứng dụng CNTT cơ bản",
					  "Chứng chỉ ứng dụng CNTT nâng cao"};
	static const int it_w[3] = {200, 700, 100};
	out->it_level = it[wsmall(g, it_w, 3)];
	static const char *const lang[] = {NULL,           "Tiếng Anh A2",   "Tiếng Anh B1",
					   "Tiếng Anh B2", "Tiếng Pháp B1", "Tiếng Trung B1"};
	static const int lang_w[6] = {260, 200, 400, 100, 20, 20};
	out->language = lang[wsmall(g, lang_w, 6)];
}

void names_rank(names_t *g, names_track track, names_role role, int age, int ref_day,
		names_rank_t *out)
{
	memset(out, 0, sizeof *out);
	const rank_def_t *defs = NULL;
	int n = 0, pick = 0;
	switch (track) {
	case NAMES_TRACK_NONE:
		return;
	case NAMES_TRACK_CIVIL: {
		/* nhân viên, cán sự, chuyên viên, chính, cao cấp */
		static const int top[5] = {0, 0, 0, 400, 600};
		static const int head[5] = {0, 0, 200, 720, 80};
		static const int deputy[5] = {0, 0, 500, 500, 0};
		static const int old[5] = {30, 70, 650, 250, 0};
		static const int mid[5] = {40, 80, 800, 80, 0};
		static const int young[5] = {50, 90, 860, 0, 0};
		const int *w = role == NAMES_TOP      ? top
			       : role == NAMES_HEAD   ? head
			       : role == NAMES_DEPUTY ? deputy
			       : age >= 45            ? old
			       : age >= 35            ? mid
						      : young;
		defs = civil;
		n = 5;
		pick = wsmall(g, w, 5);
		break;
	}
	case NAMES_TRACK_ACCOUNTANT:
		defs = accountant;
		n = 3;
		break;
	case NAMES_TRACK_PRESCHOOL:
		defs = preschool;
		n = 3;
		break;
	case NAMES_TRACK_PRIMARY:
		defs = primary;
		n = 3;
		break;
	case NAMES_TRACK_LOWER_SEC:
		defs = lower_sec;
		n = 3;
		break;
	case NAMES_TRACK_UPPER_SEC:
		defs = upper_sec;
		n = 3;
		break;
	case NAMES_TRACK_DOCTOR:
		defs = doctor;
		n = 3;
		break;
	case NAMES_TRACK_NURSE:
		defs = nurse;
		n = 2;
		break;
	}
	if (track != NAMES_TRACK_CIVIL) {
		/* junior, middle, senior (two-rank tracks: junior, senior) */
		static const int lead[3] = {100, 600, 300};
		static const int old[3] = {400, 500, 100};
		static const int mid[3] = {570, 400, 30};
		static const int young[3] = {900, 100, 0};
		const int *w = role != NAMES_STAFF ? lead : age >= 45 ? old : age >= 35 ? mid : young;
		pick = wsmall(g, w, 3);
		if (pick >= n)
			pick = n - 1;
	}
	const rank_def_t *r = &defs[pick];
	out->code = r->code;
	out->name = r->name;
	int years = age - groups[r->group].entry_age - (int)names_below(g, 3);
	int step = 1 + (years > 0 ? years / groups[r->group].years : 0);
	if (step > groups[r->group].steps)
		step = groups[r->group].steps;
	out->step = step;
	out->coef = groups[r->group].base + (step - 1) * groups[r->group].inc;
	out->salary_from = ref_day - (int)names_below(g, (uint32_t)groups[r->group].years * 365);
	out->min_degree = r->group == G_B ? "trung_cap" : r->group == G_A0 ? "cao_dang" : "dai_hoc";
}

int names_party(names_t *g, names_role role, const char *category, int birth_day, int ref_day,
		int *joined, int *official)
{
	*joined = *official = 0;
	unsigned p;
	if (role == NAMES_TOP || (category && strcmp(category, "CB") == 0))
		p = 1000;
	else if (role == NAMES_HEAD)
		p = 970;
	else if (role == NAMES_DEPUTY)
		p = 920;
	else if (category && strcmp(category, "CC") == 0)
		p = 450;
	else if (category && strcmp(category, "VC") == 0)
		p = 300;
	else
		p = 50;
	if (!names_chance(g, p))
		return 0;
	int age = names_range(g, role == NAMES_STAFF ? 24 : 22, role == NAMES_STAFF ? 38 : 32);
	int day = date_add_months(birth_day, 12 * age) + (int)names_below(g, 365);
	if (day > ref_day - 30)
		day = ref_day - 30 - (int)names_below(g, 300);
	if (day <= birth_day + 18 * 365)
		return 0; /* too young to have joined */
	*joined = day;
	int off = date_add_months(day, 12); /* one year as a probationary member */
	*official = off <= ref_day ? off : 0;
	return 1;
}
