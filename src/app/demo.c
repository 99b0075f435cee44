/*
 * demo: the sample organisation. See demo.h.
 *
 * Thành phố Hà Nội with a few departments, a Party and a Front body, a
 * school, three communes, and the historic Quận Hoàn Kiếm with six of its
 * old wards. Everything is written through the app/ functions a user's
 * commands go through, in the order history happened:
 *
 *   1. one transaction creates every unit and every person (people in the
 *      old wards and the district hold posts that began years before the
 *      reform, people in the new wards and communes from 01/07/2025);
 *   2. on 01/07/2025 the old wards are merged into the new Phường Hoàn
 *      Kiếm and Phường Cửa Nam (Nghị quyết 1656/NQ-UBTVQH15), the
 *      district's rooms into the new wards' rooms, and the district is
 *      dissolved into Phường Hoàn Kiếm (Luật 72/2025/QH15) — org_merge()
 *      and org_dissolve() move the people, so their history shows the old
 *      unit and the new one;
 *   3. the leaders the merger brought together get their new posts (the
 *      merged posts are corrected on the same day), two deputies hold a
 *      concurrent post (kiêm nhiệm) and one civil servant is seconded
 *      (biệt phái) — people_assign().
 *
 * Names and records come from names.c with a fixed seed, so every run
 * builds the same people; only timestamps differ.
 */
#include "app/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/auth.h"
#include "app/names.h"
#include "app/org.h"
#include "app/people.h"
#include "app/period.h"
#include "app/vocab.h"
#include "lib/date.h"
#include "lib/xalloc.h"

#define DEMO_SEED     20250701u
#define REFORM        "2025-07-01"
#define DECISION_WARD "1656/NQ-UBTVQH15"
#define DECISION_LAW  "72/2025/QH15"
#define DEMO_REF_DATE "2025-12-31" /* ages are counted to this day */

/* The units: code, name, kind, sector, parent, valid from (NULL: the
 * default 01/01/2000). Parents come before their children. */
static const unit_rec_t units[] = {
	{"HN", "Thành phố Hà Nội", "city", "government", NULL, NULL, NULL},
	{"HN-VP", "Văn phòng UBND Thành phố", "department", "government", "HN", NULL, NULL},
	{"HN-VP-TH", "Phòng Tổng hợp", "room", "government", "HN-VP", NULL, NULL},
	{"HN-VP-HCTC", "Phòng Hành chính - Tổ chức", "room", "government", "HN-VP", NULL, NULL},
	{"HN-SNV", "Sở Nội vụ", "department", "government", "HN", NULL, NULL},
	{"HN-SNV-VP", "Văn phòng Sở", "room", "government", "HN-SNV", NULL, NULL},
	{"HN-SNV-TCBC", "Phòng Tổ chức, biên chế", "room", "government", "HN-SNV", NULL, NULL},
	{"HN-SNV-CCVC", "Phòng Công chức, viên chức", "room", "government", "HN-SNV", NULL, NULL},
	{"HN-STC", "Sở Tài chính", "department", "government", "HN", NULL, NULL},
	{"HN-STC-VP", "Văn phòng Sở", "room", "government", "HN-STC", NULL, NULL},
	{"HN-STC-NS", "Phòng Quản lý ngân sách", "room", "government", "HN-STC", NULL, NULL},
	{"HN-STC-DT", "Phòng Tài chính đầu tư", "room", "government", "HN-STC", NULL, NULL},
	{"HN-SGD", "Sở Giáo dục và Đào tạo", "department", "government", "HN", NULL, NULL},
	{"HN-SGD-VP", "Văn phòng Sở", "room", "government", "HN-SGD", NULL, NULL},
	{"HN-SGD-GDPT", "Phòng Giáo dục phổ thông", "room", "government", "HN-SGD", NULL, NULL},
	{"HN-SGD-TCCB", "Phòng Tổ chức cán bộ", "room", "government", "HN-SGD", NULL, NULL},
	{"HN-SGD-VD", "Trường THPT Việt Đức", "service", "service", "HN-SGD", NULL, NULL},
	{"HN-BTC", "Ban Tổ chức Thành ủy", "party", "party", "HN", NULL, NULL},
	{"HN-BTC-TCD", "Phòng Tổ chức đảng - đảng viên", "room", "party", "HN-BTC", NULL, NULL},
	{"HN-BTC-CB", "Phòng Cán bộ", "room", "party", "HN-BTC", NULL, NULL},
	{"HN-MTTQ", "Ủy ban MTTQ Việt Nam Thành phố", "front", "front", "HN", NULL, NULL},
	{"HN-MTTQ-VP", "Văn phòng", "room", "front", "HN-MTTQ", NULL, NULL},
	/* the historic district and its old wards, until 01/07/2025 */
	{"HK", "Quận Hoàn Kiếm", "district", "government", "HN", NULL, NULL},
	{"HK-VP", "Văn phòng HĐND và UBND", "room", "government", "HK", NULL, NULL},
	{"HK-NV", "Phòng Nội vụ", "room", "government", "HK", NULL, NULL},
	{"HK-TCKH", "Phòng Tài chính - Kế hoạch", "room", "government", "HK", NULL, NULL},
	{"HK-HT", "Phường Hàng Trống", "ward", "government", "HK", NULL, NULL},
	{"HK-HB", "Phường Hàng Bạc", "ward", "government", "HK", NULL, NULL},
	{"HK-HD", "Phường Hàng Đào", "ward", "government", "HK", NULL, NULL},
	{"HK-CN", "Phường Cửa Nam", "ward", "government", "HK", NULL, NULL},
	{"HK-HBO", "Phường Hàng Bông", "ward", "government", "HK", NULL, NULL},
	{"HK-TT", "Phường Tràng Tiền", "ward", "government", "HK", NULL, NULL},
	/* the new wards and communes, from 01/07/2025 */
	{"P-HK", "Phường Hoàn Kiếm", "ward", "government", "HN", REFORM, DECISION_WARD},
	{"P-HK-VP", "Văn phòng HĐND và UBND", "room", "government", "P-HK", REFORM, DECISION_WARD},
	{"P-HK-KT", "Phòng Kinh tế, Hạ tầng và Đô thị", "room", "government", "P-HK", REFORM,
	 DECISION_WARD},
	{"P-HK-VHXH", "Phòng Văn hóa - Xã hội", "room", "government", "P-HK", REFORM, DECISION_WARD},
	{"P-CN", "Phường Cửa Nam", "ward", "government", "HN", REFORM, DECISION_WARD},
	{"P-CN-VP", "Văn phòng HĐND và UBND", "room", "government", "P-CN", REFORM, DECISION_WARD},
	{"P-CN-KT", "Phòng Kinh tế, Hạ tầng và Đô thị", "room", "government", "P-CN", REFORM,
	 DECISION_WARD},
	{"P-CN-VHXH", "Phòng Văn hóa - Xã hội", "room", "government", "P-CN", REFORM, DECISION_WARD},
	{"X-SS", "Xã Sóc Sơn", "commune", "government", "HN", REFORM, DECISION_WARD},
	{"X-SS-VP", "Văn phòng HĐND và UBND", "room", "government", "X-SS", REFORM, DECISION_WARD},
	{"X-SS-KT", "Phòng Kinh tế", "room", "government", "X-SS", REFORM, DECISION_WARD},
	{"X-SS-VHXH", "Phòng Văn hóa - Xã hội", "room", "government", "X-SS", REFORM, DECISION_WARD},
	{"X-SS-MN", "Trường Mầm non Sóc Sơn", "service", "service", "X-SS", REFORM, DECISION_WARD},
	{"X-BV", "Xã Ba Vì", "commune", "government", "HN", REFORM, DECISION_WARD},
	{"X-BV-VP", "Văn phòng HĐND và UBND", "room", "government", "X-BV", REFORM, DECISION_WARD},
	{"X-BV-KT", "Phòng Kinh tế", "room", "government", "X-BV", REFORM, DECISION_WARD},
	{"X-BV-VHXH", "Phòng Văn hóa - Xã hội", "room", "government", "X-BV", REFORM, DECISION_WARD},
	{"X-DA", "Xã Đông Anh", "commune", "government", "HN", REFORM, DECISION_WARD},
	{"X-DA-VP", "Văn phòng HĐND và UBND", "room", "government", "X-DA", REFORM, DECISION_WARD},
	{"X-DA-KT", "Phòng Kinh tế", "room", "government", "X-DA", REFORM, DECISION_WARD},
	{"X-DA-VHXH", "Phòng Văn hóa - Xã hội", "room", "government", "X-DA", REFORM, DECISION_WARD},
};
#define NUNITS ((int)(sizeof units / sizeof units[0]))

/* How a unit is staffed. */
typedef enum skind {
	SK_LEAD,     /* a leadership body: the head and deputies only */
	SK_OFFICE,   /* a room: civil servants */
	SK_SCHOOL,   /* a school: teachers */
	SK_OLD_WARD, /* a ward before 2025: cadres and commune-level civil servants */
} skind;

/* Staffing: unit, kind, category of its leaders and staff, head title
 * (NULL: the head holds the post concurrently, see below), deputy title,
 * deputies, other staff, field, rank track of the unit. */
typedef struct staffing {
	const char *unit;
	skind kind;
	const char *cat;
	const char *head, *deputy;
	int deputies, staff;
	names_field field;
	names_track track;
} staffing_t;

#define CV  NAMES_TRACK_CIVIL
#define ADM NAMES_FIELD_ADMIN

static const staffing_t staffing[] = {
	{"HN", SK_LEAD, "CB", "Chủ tịch UBND Thành phố", "Phó Chủ tịch UBND Thành phố", 3, 0, ADM, CV},
	{"HN-VP", SK_LEAD, "CC", "Chánh Văn phòng", "Phó Chánh Văn phòng", 2, 0, ADM, CV},
	{"HN-VP-TH", SK_OFFICE, "CC", "Trưởng phòng", "Phó Trưởng phòng", 0, 9, ADM, CV},
	{"HN-VP-HCTC", SK_OFFICE, "CC", NULL, "Phó Trưởng phòng", 1, 7, ADM, CV},
	{"HN-SNV", SK_LEAD, "CC", "Giám đốc Sở", "Phó Giám đốc Sở", 2, 0, ADM, CV},
	{"HN-SNV-VP", SK_OFFICE, "CC", "Chánh Văn phòng", "Phó Chánh Văn phòng", 0, 7, ADM, CV},
	{"HN-SNV-TCBC", SK_OFFICE, "CC", NULL, "Phó Trưởng phòng", 1, 8, ADM, CV},
	{"HN-SNV-CCVC", SK_OFFICE, "CC", "Trưởng phòng", "Phó Trưởng phòng", 0, 8, ADM, CV},
	{"HN-STC", SK_LEAD, "CC", "Giám đốc Sở", "Phó Giám đốc Sở", 1, 0, NAMES_FIELD_FINANCE, CV},
	{"HN-STC-VP", SK_OFFICE, "CC", "Chánh Văn phòng", "Phó Chánh Văn phòng", 0, 6, ADM, CV},
	{"HN-STC-NS", SK_OFFICE, "CC", "Trưởng phòng", "Phó Trưởng phòng", 0, 9,
	 NAMES_FIELD_FINANCE, CV},
	{"HN-STC-DT", SK_OFFICE, "CC", "Trưởng phòng", "Phó Trưởng phòng", 0, 7,
	 NAMES_FIELD_FINANCE, CV},
	{"HN-SGD", SK_LEAD, "CC", "Giám đốc Sở", "Phó Giám đốc Sở", 1, 0, ADM, CV},
	{"HN-SGD-VP", SK_OFFICE, "CC", "Chánh Văn phòng", "Phó Chánh Văn phòng", 0, 6, ADM, CV},
	{"HN-SGD-GDPT", SK_OFFICE, "CC", "Trưởng phòng", "Phó Trưởng phòng", 0, 8,
	 NAMES_FIELD_SECONDARY, CV},
	{"HN-SGD-TCCB", SK_OFFICE, "CC", "Trưởng phòng", "Phó Trưởng phòng", 0, 6, ADM, CV},
	{"HN-SGD-VD", SK_SCHOOL, "VC", "Hiệu trưởng", "Phó Hiệu trưởng", 2, 28, NAMES_FIELD_SECONDARY,
	 NAMES_TRACK_UPPER_SEC},
	{"HN-BTC", SK_LEAD, "CC", "Trưởng ban", "Phó Trưởng ban", 1, 0, NAMES_FIELD_PARTY, CV},
	{"HN-BTC-TCD", SK_OFFICE, "CC", "Trưởng phòng", "Phó Trưởng phòng", 0, 7, NAMES_FIELD_PARTY,
	 CV},
	{"HN-BTC-CB", SK_OFFICE, "CC", "Trưởng phòng", "Phó Trưởng phòng", 0, 7, NAMES_FIELD_PARTY, CV},
	{"HN-MTTQ", SK_LEAD, "CB", "Chủ tịch Ủy ban MTTQ Việt Nam Thành phố",
	 "Phó Chủ tịch Ủy ban MTTQ Việt Nam Thành phố", 1, 0, NAMES_FIELD_PARTY, CV},
	{"HN-MTTQ-VP", SK_OFFICE, "CC", "Chánh Văn phòng", "Phó Chánh Văn phòng", 0, 6,
	 NAMES_FIELD_PARTY, CV},
	{"HK", SK_LEAD, "CB", "Chủ tịch UBND quận", "Phó Chủ tịch UBND quận", 2, 0, ADM, CV},
	{"HK-VP", SK_OFFICE, "CC", "Chánh Văn phòng", "Phó Chánh Văn phòng", 0, 7, ADM, CV},
	{"HK-NV", SK_OFFICE, "CC", "Trưởng phòng", "Phó Trưởng phòng", 0, 5, ADM, CV},
	{"HK-TCKH", SK_OFFICE, "CC", "Trưởng phòng", "Phó Trưởng phòng", 0, 6, NAMES_FIELD_FINANCE,
	 CV},
	{"HK-HT", SK_OLD_WARD, "CB", "Chủ tịch UBND phường", "Phó Chủ tịch UBND phường", 1, 9, ADM, CV},
	{"HK-HB", SK_OLD_WARD, "CB", "Chủ tịch UBND phường", "Phó Chủ tịch UBND phường", 1, 8, ADM, CV},
	{"HK-HD", SK_OLD_WARD, "CB", "Chủ tịch UBND phường", "Phó Chủ tịch UBND phường", 1, 9, ADM, CV},
	{"HK-CN", SK_OLD_WARD, "CB", "Chủ tịch UBND phường", "Phó Chủ tịch UBND phường", 1, 8, ADM, CV},
	{"HK-HBO", SK_OLD_WARD, "CB", "Chủ tịch UBND phường", "Phó Chủ tịch UBND phường", 1, 9, ADM,
	 CV},
	{"HK-TT", SK_OLD_WARD, "CB", "Chủ tịch UBND phường", "Phó Chủ tịch UBND phường", 1, 8, ADM, CV},
	{"P-HK-VP", SK_OFFICE, "CC", NULL, NULL, 0, 5, ADM, CV},
	{"P-HK-KT", SK_OFFICE, "CC", NULL, NULL, 0, 5, NAMES_FIELD_BUILD, CV},
	{"P-HK-VHXH", SK_OFFICE, "CC", NULL, NULL, 0, 5, NAMES_FIELD_CULTURE, CV},
	{"P-CN-VP", SK_OFFICE, "CC", NULL, NULL, 0, 5, ADM, CV},
	{"P-CN-KT", SK_OFFICE, "CC", NULL, NULL, 0, 5, NAMES_FIELD_BUILD, CV},
	{"P-CN-VHXH", SK_OFFICE, "CC", NULL, NULL, 0, 5, NAMES_FIELD_CULTURE, CV},
	{"X-SS", SK_LEAD, "CB", "Chủ tịch UBND xã", "Phó Chủ tịch UBND xã", 2, 0, ADM, CV},
	{"X-SS-VP", SK_OFFICE, "CC", "Chánh Văn phòng", "Phó Chánh Văn phòng", 0, 8, ADM, CV},
	{"X-SS-KT", SK_OFFICE, "CC", "Trưởng phòng", "Phó Trưởng phòng", 0, 7, NAMES_FIELD_AGRI, CV},
	{"X-SS-VHXH", SK_OFFICE, "CC", "Trưởng phòng", "Phó Trưởng phòng", 0, 7, NAMES_FIELD_CULTURE,
	 CV},
	{"X-SS-MN", SK_SCHOOL, "VC", "Hiệu trưởng", "Phó Hiệu trưởng", 1, 16, NAMES_FIELD_PRESCHOOL,
	 NAMES_TRACK_PRESCHOOL},
	{"X-BV", SK_LEAD, "CB", "Chủ tịch UBND xã", "Phó Chủ tịch UBND xã", 2, 0, ADM, CV},
	{"X-BV-VP", SK_OFFICE, "CC", "Chánh Văn phòng", "Phó Chánh Văn phòng", 0, 8, ADM, CV},
	{"X-BV-KT", SK_OFFICE, "CC", "Trưởng phòng", "Phó Trưởng phòng", 0, 7, NAMES_FIELD_AGRI, CV},
	{"X-BV-VHXH", SK_OFFICE, "CC", "Trưởng phòng", "Phó Trưởng phòng", 0, 7, NAMES_FIELD_CULTURE,
	 CV},
	{"X-DA", SK_LEAD, "CB", "Chủ tịch UBND xã", "Phó Chủ tịch UBND xã", 2, 0, ADM, CV},
	{"X-DA-VP", SK_OFFICE, "CC", "Chánh Văn phòng", "Phó Chánh Văn phòng", 0, 8, ADM, CV},
	{"X-DA-KT", SK_OFFICE, "CC", "Trưởng phòng", "Phó Trưởng phòng", 0, 7, NAMES_FIELD_ECONOMY, CV},
	{"X-DA-VHXH", SK_OFFICE, "CC", "Trưởng phòng", "Phó Trưởng phòng", 0, 7, NAMES_FIELD_CULTURE,
	 CV},
};
#define NSTAFFING ((int)(sizeof staffing / sizeof staffing[0]))

/* Commune-level civil-servant posts of a ward before 2025 (công chức cấp
 * xã, Decree 33/2023/NĐ-CP), given in turn. */
static const char *const ward_posts[] = {
	"Công chức Văn phòng - Thống kê", "Công chức Tư pháp - Hộ tịch",
	"Công chức Địa chính - Xây dựng", "Công chức Tài chính - Kế toán",
	"Công chức Văn hóa - Xã hội",     "Công chức Văn phòng - Thống kê",
	"Công chức Tư pháp - Hộ tịch",    "Công chức Văn hóa - Xã hội",
};

/* The merger: which old units went into which new one. */
static const char *const into_hk[] = {"HK-HT", "HK-HB", "HK-HD"};
static const char *const into_cn[] = {"HK-CN", "HK-HBO", "HK-TT"};
static const char *const into_hk_vp[] = {"HK-VP", "HK-NV"};
static const char *const into_cn_kt[] = {"HK-TCKH"};

/* New posts after the merger, from 01/07/2025: the leader (0 = the head,
 * 1.. = deputies) of an old unit takes position in unit. */
static const struct {
	const char *old_unit;
	int leader;
	const char *unit, *position, *decision;
} new_posts[] = {
	{"HK", 0, "P-HK", "Bí thư Đảng ủy phường", "15-QĐ/TU"},
	{"HK", 1, "P-HK", "Chủ tịch UBND phường", "2810/QĐ-UBND"},
	{"HK", 2, "P-CN", "Chủ tịch UBND phường", "2811/QĐ-UBND"},
	{"HK-HT", 0, "P-HK", "Phó Chủ tịch UBND phường", "12/QĐ-UBND"},
	{"HK-HD", 0, "P-HK", "Phó Chủ tịch UBND phường", "12/QĐ-UBND"},
	{"HK-HB", 0, "P-HK-KT", "Trưởng phòng", "13/QĐ-UBND"},
	{"HK-CN", 0, "P-CN", "Phó Chủ tịch UBND phường", "09/QĐ-UBND"},
	{"HK-HBO", 0, "P-CN", "Phó Chủ tịch UBND phường", "09/QĐ-UBND"},
	{"HK-TT", 0, "P-CN-VHXH", "Trưởng phòng", "10/QĐ-UBND"},
	{"HK-NV", 0, "P-CN-VP", "Chánh Văn phòng", "10/QĐ-UBND"},
	{"HK-HT", 1, "P-HK-VHXH", "Trưởng phòng", "13/QĐ-UBND"},
	{"HK-HB", 1, "P-HK-KT", "Phó Trưởng phòng", "13/QĐ-UBND"},
	{"HK-HD", 1, "P-HK-VP", "Phó Chánh Văn phòng", "13/QĐ-UBND"},
	{"HK-CN", 1, "P-CN-VHXH", "Phó Trưởng phòng", "11/QĐ-UBND"},
	{"HK-HBO", 1, "P-CN-KT", "Phó Trưởng phòng", "11/QĐ-UBND"},
	{"HK-TT", 1, "P-CN-VP", "Phó Chánh Văn phòng", "11/QĐ-UBND"},
};

/* Leaders and the first staff member of each staffed unit, by code. */
typedef struct roster {
	char lead[NSTAFFING][4][16]; /* [unit][0 head, 1.. deputies] person code */
	char first_staff[NSTAFFING][16];
	char first_staff_name[NSTAFFING][128];
} roster_t;

static int staffing_index(const char *unit)
{
	for (int i = 0; i < NSTAFFING; i++)
		if (strcmp(staffing[i].unit, unit) == 0)
			return i;
	return -1;
}

/* Text storage for one record (people_put copies what it keeps). */
typedef struct drec {
	char code[16], full[128], birth[11], step[8], coef[8], salary_from[11];
	char joined[11], official[11], from[11];
	person_rec_t rec;
} drec_t;

static void set(drec_t *d, person_field f, const char *v)
{
	d->rec.v[f] = v;
	d->rec.has[f] = v != NULL;
}

/* Fills d with a person for a post in unit s (role, position, category,
 * rank track, field), starting on from_iso or, when NULL, on a day drawn
 * from the person's working life before the reform. */
static void draw(names_t *g, int seq, const staffing_t *s, names_role role, const char *position,
		 const char *cat, names_track track, names_field field, const char *from_iso,
		 drec_t *d)
{
	memset(d, 0, sizeof *d);
	int ref;
	date_parse(DEMO_REF_DATE, &ref);
	unsigned female_pm = role == NAMES_STAFF ? (track == NAMES_TRACK_PRESCHOOL ? 970
						    : s->kind == SK_SCHOOL       ? 700
										 : 550)
						 : 300;
	if (strcmp(cat, "LDHD") == 0)
		female_pm = 100;
	int female = names_chance(g, female_pm);
	names_name_t nm;
	names_pick(g, female, &nm);
	names_format(&nm, d->full, sizeof d->full);
	snprintf(d->code, sizeof d->code, "CB%06d", seq);
	int min_age = role == NAMES_TOP ? 45 : role == NAMES_HEAD ? 36 : role == NAMES_DEPUTY ? 32 : 23;
	int birth = names_birth_date(g, ref, min_age, female ? 57 : 60);
	date_iso(birth, d->birth);
	int age = date_years_between(birth, ref);

	set(d, PF_CODE, d->code);
	set(d, PF_FULL_NAME, d->full);
	set(d, PF_BIRTH_DATE, d->birth);
	set(d, PF_GENDER, female ? "F" : "M");
	set(d, PF_ETHNICITY, names_ethnicity(g));
	set(d, PF_HOME_TOWN, names_home_town(g, "Hà Nội"));
	set(d, PF_CATEGORY, cat);
	set(d, PF_STATUS, "working");

	names_rank_t rk;
	names_rank(g, strcmp(cat, "LDHD") == 0 ? NAMES_TRACK_NONE : track, role, age, ref, &rk);
	if (rk.code) {
		set(d, PF_RANK_CODE, rk.code);
		set(d, PF_RANK_NAME, rk.name);
		snprintf(d->step, sizeof d->step, "%d", rk.step);
		snprintf(d->coef, sizeof d->coef, "%d", rk.coef);
		date_iso(rk.salary_from, d->salary_from);
		set(d, PF_SALARY_STEP, d->step);
		set(d, PF_SALARY_COEF, d->coef);
		set(d, PF_SALARY_FROM, d->salary_from);
	}
	names_qual_t q;
	names_qual(g, role, cat, field, rk.min_degree, &q);
	set(d, PF_DEGREE, q.degree);
	set(d, PF_MAJOR, q.major);
	set(d, PF_LLCT, q.llct);
	set(d, PF_QLNN, q.qlnn);
	set(d, PF_IT_LEVEL, q.it_level);
	set(d, PF_LANGUAGE, q.language);
	int joined, official;
	if (names_party(g, role, cat, birth, ref, &joined, &official)) {
		date_iso(joined, d->joined);
		set(d, PF_PARTY_JOINED, d->joined);
		if (official) {
			date_iso(official, d->official);
			set(d, PF_PARTY_OFFICIAL, d->official);
		}
	}

	if (from_iso) {
		snprintf(d->from, sizeof d->from, "%s", from_iso);
	} else {
		/* in post since some day between joining the service (23, not
		 * before 2008) and the end of 2024 */
		int lo = date_add_months(birth, 12 * 23), min = date_from_ymd(2008, 1, 1);
		int hi = date_from_ymd(2024, 12, 31);
		if (lo < min)
			lo = min;
		if (lo > hi)
			lo = hi;
		date_iso(lo + (int)names_below(g, (uint32_t)(hi - lo + 1)), d->from);
	}
	d->rec.has_post = 1;
	d->rec.post.position = position;
	d->rec.post.is_leader = role != NAMES_STAFF;
	d->rec.post.leader_level = NULL;
	if (role != NAMES_STAFF) {
		const char *level = NULL;
		vocab_position_is_leader(position, &level);
		d->rec.post.leader_level = level ? level : "head";
	}
}

/* Staff post i of a unit: position, category and track. */
static void staff_post(const staffing_t *s, int i, const char **position, const char **cat,
		       names_track *track, names_field *field)
{
	*cat = s->cat;
	*track = s->track;
	if (s->kind == SK_OLD_WARD) {
		*position = ward_posts[i % (int)(sizeof ward_posts / sizeof ward_posts[0])];
		*cat = "CC";
		if (strstr(*position, "Kế toán")) {
			*track = NAMES_TRACK_ACCOUNTANT;
			*field = NAMES_FIELD_FINANCE;
		}
		return;
	}
	if (s->kind == SK_SCHOOL) {
		if (i == s->staff - 1) {
			*position = "Nhân viên bảo vệ";
			*cat = "LDHD";
		} else if (i == s->staff - 2) {
			*position = "Kế toán";
			*track = NAMES_TRACK_ACCOUNTANT;
			*field = NAMES_FIELD_FINANCE;
		} else {
			*position = "Giáo viên";
		}
		return;
	}
	/* an office: a Văn phòng has the clerk, the accountant and a driver */
	const struct unit_rec *u = NULL;
	for (int k = 0; k < NUNITS; k++)
		if (strcmp(units[k].code, s->unit) == 0)
			u = &units[k];
	int office = u && strncmp(u->name, "Văn phòng", strlen("Văn phòng")) == 0;
	*position = "Chuyên viên";
	if (office && i == 0) {
		*position = "Văn thư";
	} else if (office && i == 1) {
		*position = "Kế toán";
		*track = NAMES_TRACK_ACCOUNTANT;
		*field = NAMES_FIELD_FINANCE;
	} else if (office && i == 2 && s->staff >= 6) {
		*position = "Lái xe";
		*cat = "LDHD";
	}
}

static int unit_is_new(const char *code)
{
	for (int k = 0; k < NUNITS; k++)
		if (strcmp(units[k].code, code) == 0)
			return units[k].valid_from != NULL;
	return 0;
}

/* Creates every unit and person in one transaction. */
static int build_base(app_ctx_t *c, names_t *g, roster_t *ro, err_t *e)
{
	int r = db_begin(c->db, e);
	if (r)
		return r;
	db_stmt_t *s = db_stmt(c->db, STMT_GEN_COUNTS, e);
	if (!s || db_step(s, e) != DB_ROW) {
		r = e->code ? e->code : ERR_DB;
		goto fail;
	}
	int64_t nu = db_col_int(s, 0), np = db_col_int(s, 1);
	db_reset(s);
	if (nu || np) {
		r = err_set(e, ERR_CONFLICT,
			    "Cơ sở dữ liệu đã có dữ liệu (%lld đơn vị, %lld người); dữ liệu mẫu chỉ tạo "
			    "trong một cơ sở dữ liệu trống",
			    (long long)nu, (long long)np);
		goto fail;
	}
	for (int i = 0; i < NUNITS; i++) {
		int created;
		if ((r = org_unit_put(c, &units[i], &created, e)))
			goto fail;
	}
	int seq = 0;
	for (int i = 0; i < NSTAFFING; i++) {
		const staffing_t *st = &staffing[i];
		const char *from = unit_is_new(st->unit) ? REFORM : NULL;
		int nlead = (st->head ? 1 : 0) + st->deputies;
		for (int k = 0; k < nlead + st->staff; k++) {
			drec_t d;
			const char *position, *cat = st->cat;
			names_track track = st->track;
			names_field field = st->field;
			names_role role;
			int slot = -1;
			if (k < nlead) {
				int deputy = st->head ? k > 0 : 1;
				slot = st->head ? k : k + 1;
				position = deputy ? st->deputy : st->head;
				role = st->kind == SK_LEAD ? (deputy ? NAMES_HEAD : NAMES_TOP)
							   : (deputy ? NAMES_DEPUTY : NAMES_HEAD);
				if (st->kind == SK_LEAD && (strstr(st->unit, "X-") == st->unit ||
							    strcmp(st->unit, "HK") == 0))
					role = deputy ? NAMES_DEPUTY : NAMES_HEAD;
			} else {
				staff_post(st, k - nlead, &position, &cat, &track, &field);
				role = NAMES_STAFF;
			}
			draw(g, ++seq, st, role, position, cat, track, field, from, &d);
			d.rec.post.unit_code = st->unit;
			int outcome;
			if ((r = people_put(c, &d.rec, d.from, &outcome, e)))
				goto fail;
			if (slot >= 0 && slot < 4)
				snprintf(ro->lead[i][slot], sizeof ro->lead[i][slot], "%s", d.code);
			if (k == nlead) {
				snprintf(ro->first_staff[i], sizeof ro->first_staff[i], "%s", d.code);
				snprintf(ro->first_staff_name[i], sizeof ro->first_staff_name[i], "%s",
					 d.full);
			}
		}
	}
	char after[128];
	snprintf(after, sizeof after, "{\"units\":%d,\"people\":%d}", NUNITS, seq);
	if ((r = audit_append(c, "demo.build", "demo", "HN", NULL, after, e)))
		goto fail;
	return db_commit(c->db, e);
fail:
	db_rollback(c->db);
	return r;
}

static int assign(app_ctx_t *c, const char *person, const char *unit, const char *kind,
		  const char *position, const char *from, const char *to, const char *decision,
		  err_t *e)
{
	assign_rec_t a = {person, unit, kind, position, -1, from, to, decision};
	return people_assign(c, &a, e);
}

int demo_build(app_ctx_t *c, demo_summary_t *sum, err_t *e)
{
	memset(sum, 0, sizeof *sum);
	int r = app_require_hr(c, e);
	if (r)
		return r;
	names_t *g = names_new(DEMO_SEED);
	roster_t *ro = xcalloc(1, sizeof *ro);
	unit_list_t now = {0};
	person_list_t all = {0};
	if ((r = build_base(c, g, ro, e)))
		goto out;

	/* 01/07/2025: the old wards into the new ones, the district's rooms
	 * into the new wards' rooms, and the district dissolved */
	struct {
		const char *const *from;
		size_t n;
		const char *into;
	} merges[] = {
		{into_hk, 3, "P-HK"},
		{into_cn, 3, "P-CN"},
		{into_hk_vp, 2, "P-HK-VP"},
		{into_cn_kt, 1, "P-CN-KT"},
	};
	for (size_t i = 0; i < sizeof merges / sizeof merges[0]; i++) {
		if ((r = org_merge(c, merges[i].from, merges[i].n, merges[i].into, REFORM,
				   DECISION_WARD, e)))
			goto out;
		sum->events++;
		sum->units_closed += (long)merges[i].n;
	}
	if ((r = org_dissolve(c, "HK", REFORM, "P-HK", DECISION_LAW, e)))
		goto out;
	sum->events++;
	sum->units_closed++;

	/* the new posts of the leaders the merger brought together */
	for (size_t i = 0; i < sizeof new_posts / sizeof new_posts[0]; i++) {
		int si = staffing_index(new_posts[i].old_unit);
		const char *who = si >= 0 ? ro->lead[si][new_posts[i].leader] : "";
		if ((r = assign(c, who, new_posts[i].unit, "primary", new_posts[i].position, REFORM,
				NULL, new_posts[i].decision, e)))
			goto out;
	}
	/* two deputies head a room concurrently (kiêm nhiệm) */
	int snv = staffing_index("HN-SNV"), vp = staffing_index("HN-VP");
	if ((r = assign(c, ro->lead[snv][1], "HN-SNV-TCBC", "concurrent", "Trưởng phòng", "2024-03-01",
			NULL, "215/QĐ-SNV", e)) ||
	    (r = assign(c, ro->lead[vp][1], "HN-VP-HCTC", "concurrent", "Trưởng phòng", "2023-09-15",
			NULL, "1402/QĐ-VP", e)))
		goto out;
	/* a civil servant of the finance department seconded to a new ward
	 * for its first year (biệt phái) */
	int ns = staffing_index("HN-STC-NS");
	if ((r = assign(c, ro->first_staff[ns], "P-CN-KT", "secondment", "Chuyên viên", REFORM,
			"2026-06-30", "3120/QĐ-UBND", e)) ||
	    (r = people_set_status(c, ro->first_staff[ns], "seconded", REFORM, e)))
		goto out;

	if ((r = org_tree(c, NULL, NULL, 0, &now, e)))
		goto out;
	sum->units_now = (long)now.n;
	people_query_t q = {0};
	if ((r = people_list(c, &q, &all, e)))
		goto out;
	sum->people = (long)all.n;
	for (size_t i = 0; i < all.n; i++)
		sum->leaders += all.v[i].is_leader ? 1 : 0;
	snprintf(sum->root_code, sizeof sum->root_code, "HN");
	snprintf(sum->district_code, sizeof sum->district_code, "HK");
	snprintf(sum->ward_code, sizeof sum->ward_code, "P-HK");
	int ht = staffing_index("HK-HT");
	snprintf(sum->sample_person, sizeof sum->sample_person, "%s", ro->first_staff[ht]);
	snprintf(sum->sample_name, sizeof sum->sample_name, "%s", ro->first_staff_name[ht]);
out:
	unit_list_free(&now);
	person_list_free(&all);
	free(ro);
	names_free(g);
	return r;
}

/* ---- sign-ins ------------------------------------------------------------ */

static int person_name(app_ctx_t *c, const char *code, char out[128], err_t *e)
{
	person_full_t p;
	int r = people_get(c, code, &p, e);
	if (r)
		return r;
	snprintf(out, 128, "%s", p.v[PF_FULL_NAME] ? p.v[PF_FULL_NAME] : "");
	person_full_free(&p);
	return 0;
}

int demo_users(app_ctx_t *c, demo_login_t out[DEMO_LOGINS], err_t *e)
{
	period_month_t m;
	period_month_set(&m, DEMO_MONTH_YEAR, DEMO_MONTH);
	period_open_result_t res;
	int r = period_open(c, "HN", &m, &res, e);
	if (r)
		return r;
	/* a deputy head of the ward's economic room: reviewed by the room's
	 * head, decided by the ward's chairman */
	db_stmt_t *s = db_stmt(c->db, STMT_DEMO_TRIO, e);
	if (!s)
		return e->code;
	db_bind_text(s, 1, "P-HK-KT", -1);
	db_bind_int(s, 2, DEMO_MONTH_YEAR);
	db_bind_int(s, 3, DEMO_MONTH);
	if ((r = db_step(s, e)) < 0)
		return e->code;
	if (r != DB_ROW)
		return err_set(e, ERR_INTERNAL, "Dữ liệu mẫu thiếu phòng P-HK-KT");
	char staff[32], reviewer[32], head[32];
	snprintf(staff, sizeof staff, "%s", db_col_text(s, 0));
	snprintf(reviewer, sizeof reviewer, "%s", db_col_text(s, 1));
	snprintf(head, sizeof head, "%s", db_col_text(s, 2));
	db_reset(s);
	static const struct {
		const char *user, *role, *scope, *what;
		int who; /* 0 none, 1 staff, 2 reviewer, 3 head */
	} L[DEMO_LOGINS] = {
		{"nhanvien", "staff", NULL, "tự đánh giá tháng 11/2026 của mình", 1},
		{"truongphong", "reviewer", NULL, "nhận xét, chấm điểm người mình quản lý trực tiếp", 2},
		{"chutich", "head", "P-HK", "quyết định xếp loại trong tỷ lệ, công khai, khoá kỳ", 3},
		{"tochuc", "hr", NULL, "cơ cấu tổ chức, hồ sơ cán bộ, nhập Excel, bộ tiêu chí, mở kỳ", 0},
		{"lanhdao", "viewer", "HN", "xem kết quả toàn thành phố (chỉ đọc)", 0},
		{"quantri", "admin", NULL, "mọi chức năng, người dùng, khoá truy cập", 0},
	};
	for (int i = 0; i < DEMO_LOGINS; i++) {
		const char *person = L[i].who == 1 ? staff : L[i].who == 2 ? reviewer : L[i].who == 3 ? head : NULL;
		char pw[33];
		if ((r = auth_user_add(c, L[i].user, (app_role)auth_role_parse(L[i].role), person, L[i].scope,
				       DEMO_PASSWORD, pw, e)) ||
		    (r = auth_user_ready(c, L[i].user, e)))
			return r;
		demo_login_t *o = &out[i];
		memset(o, 0, sizeof *o);
		snprintf(o->username, sizeof o->username, "%s", L[i].user);
		snprintf(o->role, sizeof o->role, "%s", L[i].role);
		snprintf(o->scope, sizeof o->scope, "%s", L[i].scope ? L[i].scope : "");
		snprintf(o->what, sizeof o->what, "%s", L[i].what);
		if (person) {
			snprintf(o->person, sizeof o->person, "%s", person);
			if ((r = person_name(c, person, o->name, e)))
				return r;
		}
	}
	return 0;
}
