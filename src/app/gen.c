/*
 * gen: a deterministic synthetic workforce. See gen.h.
 *
 * The tree is planned in memory first, province by province (34 for the
 * whole country, fewer for smaller N; about 88,000 people each): the
 * province's leadership, its departments (sở) with their rooms and service
 * units (upper-secondary schools, hospitals, centres), its Party bodies and
 * Front, then communes and wards — each with its leadership, rooms,
 * schools and health station — until the planned posts cover the
 * province's share of N. Unit sizes are then scaled so that they sum to
 * exactly N (cumulative rounding, so no unit is favoured). The result is
 * about one unit per 23 people (rooms of 8–18, schools of 20–50, hospitals
 * of 100–600), about 650 communes and wards per 200,000 people, one head
 * and one to three deputies per unit, ~15% leaders, and by category about
 * 80% VC, 11% CC, 3% CB and 5% LĐHĐ (teachers and health workers are most
 * of the public workforce).
 *
 * People are then drawn unit by unit from one random stream (names.c), so
 * the same seed gives the same rows whether they go to the database, to
 * CSV files, or both.
 *
 * Writing keeps every invariant of the normal code path — one open
 * unit_versions row per unit with name_fold/name_key, people rows with
 * name_fold and name_key exactly as people_put() computes them, one open
 * primary assignment per person — but skips its per-row lookups: the
 * database is known to be empty, everything goes in one transaction, the
 * ICU sort keys and folds of the few hundred distinct name parts are
 * computed once, and the two people indexes fed in random order are
 * dropped before the load and rebuilt after it (same transaction, same
 * definitions). Rows go in batches of GEN_BATCH per INSERT, and posts find
 * their person by code rather than with RETURNING (which makes SQLite
 * build a temporary table per statement). Dates are counted to a fixed
 * reference day, not today, so the output does not change from one day to
 * the next.
 */
#include "app/gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/audit.h"
#include "app/names.h"
#include "app/vocab.h"
#include "lib/buf.h"
#include "lib/csv.h"
#include "lib/date.h"
#include "lib/jw.h"
#include "lib/text.h"
#include "lib/xalloc.h"

#define GEN_MAX_PEOPLE   3000000L
#define GEN_PER_PROVINCE 88000L       /* ≈ 3,000,000 / 34 */
#define GEN_REF_DATE     "2026-01-01" /* ages and dates are counted to this day */
#define GEN_REFORM_DATE  "2025-07-01" /* the tree is the one after the reform */
#define GEN_CHECK_KEYS   64           /* people whose cached keys are re-checked */

/* ---- the plan ------------------------------------------------------- */

typedef enum utype {
	/* leadership units: every post is a named leader post */
	UT_PROVINCE,
	UT_DEPT,
	UT_PARTY,
	UT_FRONT,
	UT_COMMUNE,
	/* staff units: a head, deputies by size, then staff */
	UT_OFFICE,
	UT_SCHOOL,
	UT_HOSPITAL,
	UT_STATION,
	UT_CENTRE,
} utype;

/* A leader post of a leadership unit. */
typedef struct lead {
	const char *position;
	names_role role;
	const char *level; /* "head" or "deputy" */
} lead_t;

#define HEAD(p, r) {p, r, "head"}
#define DEP(p, r)  {p, r, "deputy"}

static const lead_t lead_province[] = {
	HEAD("Chủ tịch UBND tỉnh", NAMES_TOP), DEP("Phó Chủ tịch UBND tỉnh", NAMES_TOP),
	DEP("Phó Chủ tịch UBND tỉnh", NAMES_TOP), DEP("Phó Chủ tịch UBND tỉnh", NAMES_TOP),
	{NULL, 0, NULL}};
static const lead_t lead_city[] = {
	HEAD("Chủ tịch UBND thành phố", NAMES_TOP), DEP("Phó Chủ tịch UBND thành phố", NAMES_TOP),
	DEP("Phó Chủ tịch UBND thành phố", NAMES_TOP), DEP("Phó Chủ tịch UBND thành phố", NAMES_TOP),
	{NULL, 0, NULL}};
static const lead_t lead_dept[] = {
	HEAD("Giám đốc Sở", NAMES_TOP), DEP("Phó Giám đốc Sở", NAMES_HEAD),
	DEP("Phó Giám đốc Sở", NAMES_HEAD), DEP("Phó Giám đốc Sở", NAMES_HEAD), {NULL, 0, NULL}};
static const lead_t lead_office[] = {
	HEAD("Chánh Văn phòng", NAMES_TOP), DEP("Phó Chánh Văn phòng", NAMES_HEAD),
	DEP("Phó Chánh Văn phòng", NAMES_HEAD), {NULL, 0, NULL}};
static const lead_t lead_inspect[] = {
	HEAD("Chánh Thanh tra", NAMES_TOP), DEP("Phó Chánh Thanh tra", NAMES_HEAD),
	DEP("Phó Chánh Thanh tra", NAMES_HEAD), {NULL, 0, NULL}};
static const lead_t lead_ban[] = {
	HEAD("Trưởng ban", NAMES_TOP), DEP("Phó Trưởng ban", NAMES_HEAD),
	DEP("Phó Trưởng ban", NAMES_HEAD), {NULL, 0, NULL}};
static const lead_t lead_front_p[] = {
	HEAD("Chủ tịch Ủy ban MTTQ Việt Nam tỉnh", NAMES_TOP),
	DEP("Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh", NAMES_HEAD),
	DEP("Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh", NAMES_HEAD), {NULL, 0, NULL}};
static const lead_t lead_front_c[] = {
	HEAD("Chủ tịch Ủy ban MTTQ Việt Nam thành phố", NAMES_TOP),
	DEP("Phó Chủ tịch Ủy ban MTTQ Việt Nam thành phố", NAMES_HEAD),
	DEP("Phó Chủ tịch Ủy ban MTTQ Việt Nam thành phố", NAMES_HEAD), {NULL, 0, NULL}};
static const lead_t lead_commune[] = {
	HEAD("Chủ tịch UBND xã", NAMES_HEAD),        DEP("Phó Chủ tịch UBND xã", NAMES_DEPUTY),
	DEP("Phó Chủ tịch UBND xã", NAMES_DEPUTY),   HEAD("Bí thư Đảng ủy xã", NAMES_HEAD),
	DEP("Phó Bí thư Đảng ủy xã", NAMES_DEPUTY),  HEAD("Chủ tịch HĐND xã", NAMES_HEAD),
	DEP("Phó Chủ tịch HĐND xã", NAMES_DEPUTY),   HEAD("Chủ tịch Ủy ban MTTQ Việt Nam xã", NAMES_HEAD),
	{NULL, 0, NULL}};
static const lead_t lead_ward[] = {
	HEAD("Chủ tịch UBND phường", NAMES_HEAD),       DEP("Phó Chủ tịch UBND phường", NAMES_DEPUTY),
	DEP("Phó Chủ tịch UBND phường", NAMES_DEPUTY),  HEAD("Bí thư Đảng ủy phường", NAMES_HEAD),
	DEP("Phó Bí thư Đảng ủy phường", NAMES_DEPUTY), HEAD("Chủ tịch HĐND phường", NAMES_HEAD),
	DEP("Phó Chủ tịch HĐND phường", NAMES_DEPUTY),
	HEAD("Chủ tịch Ủy ban MTTQ Việt Nam phường", NAMES_HEAD), {NULL, 0, NULL}};

/* Staff posts of a staff unit: position, category (NULL = the unit's),
 * rank track (-1 = the unit's), field (-1 = the unit's), weight. */
typedef struct mix {
	const char *position;
	const char *category;
	int track, field, w;
} mix_t;

static const mix_t mix_office[] = {
	{"Chuyên viên", NULL, NAMES_TRACK_CIVIL, -1, 850},
	{"Văn thư", NULL, NAMES_TRACK_CIVIL, NAMES_FIELD_ADMIN, 30},
	{"Kế toán", NULL, NAMES_TRACK_ACCOUNTANT, NAMES_FIELD_FINANCE, 30},
	{"Lái xe", "LDHD", NAMES_TRACK_NONE, NAMES_FIELD_ADMIN, 50},
	{"Nhân viên bảo vệ", "LDHD", NAMES_TRACK_NONE, NAMES_FIELD_ADMIN, 40},
	{NULL, NULL, 0, 0, 0}};
static const mix_t mix_school[] = {
	{"Giáo viên", NULL, -1, -1, 880},
	{"Kế toán", NULL, NAMES_TRACK_ACCOUNTANT, NAMES_FIELD_FINANCE, 30},
	{"Nhân viên văn thư", NULL, NAMES_TRACK_CIVIL, NAMES_FIELD_ADMIN, 20},
	{"Nhân viên y tế trường học", NULL, NAMES_TRACK_NURSE, NAMES_FIELD_NURSING, 10},
	{"Nhân viên bảo vệ", "LDHD", NAMES_TRACK_NONE, NAMES_FIELD_ADMIN, 60},
	{NULL, NULL, 0, 0, 0}};
static const mix_t mix_hospital[] = {
	{"Bác sĩ", NULL, NAMES_TRACK_DOCTOR, NAMES_FIELD_HEALTH, 350},
	{"Điều dưỡng", NULL, NAMES_TRACK_NURSE, NAMES_FIELD_NURSING, 480},
	{"Kế toán", NULL, NAMES_TRACK_ACCOUNTANT, NAMES_FIELD_FINANCE, 40},
	{"Chuyên viên", NULL, NAMES_TRACK_CIVIL, NAMES_FIELD_ADMIN, 50},
	{"Nhân viên phục vụ", "LDHD", NAMES_TRACK_NONE, NAMES_FIELD_ADMIN, 80},
	{NULL, NULL, 0, 0, 0}};
static const mix_t mix_station[] = {
	{"Bác sĩ", NULL, NAMES_TRACK_DOCTOR, NAMES_FIELD_HEALTH, 350},
	{"Điều dưỡng", NULL, NAMES_TRACK_NURSE, NAMES_FIELD_NURSING, 650},
	{NULL, NULL, 0, 0, 0}};
static const mix_t mix_centre[] = {
	{"Chuyên viên", NULL, NAMES_TRACK_CIVIL, -1, 800},
	{"Kế toán", NULL, NAMES_TRACK_ACCOUNTANT, NAMES_FIELD_FINANCE, 60},
	{"Văn thư", NULL, NAMES_TRACK_CIVIL, NAMES_FIELD_ADMIN, 40},
	{"Nhân viên bảo vệ", "LDHD", NAMES_TRACK_NONE, NAMES_FIELD_ADMIN, 100},
	{NULL, NULL, 0, 0, 0}};

/* The 34 provinces and cities since 1 July 2025, largest first; home is
 * the old province people from there name as their home town. */
static const struct prov_def {
	const char *code, *name, *home;
	int city;
} provs[] = {
	{"HNI", "Hà Nội", "Hà Nội", 1},       {"HCM", "Hồ Chí Minh", "TP. Hồ Chí Minh", 1},
	{"HPG", "Hải Phòng", "Hải Phòng", 1}, {"DNG", "Đà Nẵng", "Đà Nẵng", 1},
	{"CTO", "Cần Thơ", "Cần Thơ", 1},     {"HUE", "Huế", "Thừa Thiên Huế", 1},
	{"THA", "Thanh Hóa", "Thanh Hóa", 0}, {"NAN", "Nghệ An", "Nghệ An", 0},
	{"HTH", "Hà Tĩnh", "Hà Tĩnh", 0},     {"QTI", "Quảng Trị", "Quảng Trị", 0},
	{"QNI", "Quảng Ngãi", "Quảng Ngãi", 0}, {"GLI", "Gia Lai", "Gia Lai", 0},
	{"KHA", "Khánh Hòa", "Khánh Hòa", 0}, {"LDG", "Lâm Đồng", "Lâm Đồng", 0},
	{"DLK", "Đắk Lắk", "Đắk Lắk", 0},     {"DNI", "Đồng Nai", "Đồng Nai", 0},
	{"TNH", "Tây Ninh", "Tây Ninh", 0},   {"VLG", "Vĩnh Long", "Vĩnh Long", 0},
	{"DTP", "Đồng Tháp", "Đồng Tháp", 0}, {"CMU", "Cà Mau", "Cà Mau", 0},
	{"AGG", "An Giang", "An Giang", 0},   {"QNH", "Quảng Ninh", "Quảng Ninh", 0},
	{"BNH", "Bắc Ninh", "Bắc Ninh", 0},   {"HYN", "Hưng Yên", "Hưng Yên", 0},
	{"NBH", "Ninh Bình", "Ninh Bình", 0}, {"PTO", "Phú Thọ", "Phú Thọ", 0},
	{"TNN", "Thái Nguyên", "Thái Nguyên", 0}, {"LSN", "Lạng Sơn", "Lạng Sơn", 0},
	{"CBG", "Cao Bằng", "Cao Bằng", 0},   {"TQG", "Tuyên Quang", "Tuyên Quang", 0},
	{"LCI", "Lào Cai", "Lào Cai", 0},     {"DBN", "Điện Biên", "Điện Biên", 0},
	{"LCU", "Lai Châu", "Lai Châu", 0},   {"SLA", "Sơn La", "Sơn La", 0},
};
#define NPROVS ((int)(sizeof provs / sizeof provs[0]))

/* Service units a department runs. */
enum { SV_NONE, SV_CENTRE, SV_SCHOOLS, SV_HEALTH };

/* Departments in the order they are kept when a province is small. A
 * name with %s takes "tỉnh" or "thành phố". */
static const struct dept_def {
	const char *abbr, *name;
	const lead_t *lead;
	names_field field;
	int service;
	const char *centre;
	const char *rooms[6];
} depts[] = {
	{"VP", "Văn phòng UBND %s", lead_office, NAMES_FIELD_ADMIN, SV_CENTRE,
	 "Trung tâm Phục vụ hành chính công %s",
	 {"Phòng Hành chính - Tổ chức", "Phòng Tổng hợp", "Phòng Kinh tế", "Phòng Khoa giáo - Văn xã",
	  "Phòng Nội chính", NULL}},
	{"SNV", "Sở Nội vụ", lead_dept, NAMES_FIELD_ADMIN, SV_CENTRE, "Trung tâm Lưu trữ lịch sử",
	 {"Văn phòng Sở", "Phòng Tổ chức, biên chế", "Phòng Công chức, viên chức",
	  "Phòng Xây dựng chính quyền", "Phòng Lao động, tiền lương và bảo hiểm xã hội", NULL}},
	{"STC", "Sở Tài chính", lead_dept, NAMES_FIELD_FINANCE, SV_NONE, NULL,
	 {"Văn phòng Sở", "Phòng Quản lý ngân sách", "Phòng Tài chính doanh nghiệp",
	  "Phòng Quản lý giá và công sản", "Phòng Đầu tư", NULL}},
	{"SGD", "Sở Giáo dục và Đào tạo", lead_dept, NAMES_FIELD_ADMIN, SV_SCHOOLS, NULL,
	 {"Văn phòng Sở", "Phòng Giáo dục phổ thông", "Phòng Giáo dục mầm non và tiểu học",
	  "Phòng Tổ chức cán bộ", "Phòng Kế hoạch - Tài chính", NULL}},
	{"SYT", "Sở Y tế", lead_dept, NAMES_FIELD_ADMIN, SV_HEALTH, NULL,
	 {"Văn phòng Sở", "Phòng Nghiệp vụ Y", "Phòng Nghiệp vụ Dược", "Phòng Tổ chức cán bộ", NULL}},
	{"STP", "Sở Tư pháp", lead_dept, NAMES_FIELD_LAW, SV_CENTRE,
	 "Trung tâm Trợ giúp pháp lý nhà nước",
	 {"Văn phòng Sở", "Phòng Xây dựng và kiểm tra văn bản", "Phòng Hành chính tư pháp",
	  "Phòng Bổ trợ tư pháp", NULL}},
	{"SXD", "Sở Xây dựng", lead_dept, NAMES_FIELD_BUILD, SV_CENTRE,
	 "Trung tâm Kiểm định chất lượng xây dựng",
	 {"Văn phòng Sở", "Phòng Quản lý xây dựng", "Phòng Quy hoạch - Kiến trúc",
	  "Phòng Quản lý giao thông", NULL}},
	{"SNNMT", "Sở Nông nghiệp và Môi trường", lead_dept, NAMES_FIELD_AGRI, SV_CENTRE,
	 "Trung tâm Khuyến nông",
	 {"Văn phòng Sở", "Phòng Trồng trọt và Chăn nuôi", "Phòng Quản lý đất đai", "Phòng Môi trường",
	  "Phòng Thủy lợi", NULL}},
	{"SCT", "Sở Công Thương", lead_dept, NAMES_FIELD_ECONOMY, SV_CENTRE,
	 "Trung tâm Khuyến công và Xúc tiến thương mại",
	 {"Văn phòng Sở", "Phòng Quản lý công nghiệp", "Phòng Quản lý thương mại",
	  "Phòng Quản lý năng lượng", NULL}},
	{"SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", lead_dept, NAMES_FIELD_CULTURE, SV_CENTRE,
	 "Thư viện %s",
	 {"Văn phòng Sở", "Phòng Quản lý văn hóa", "Phòng Quản lý thể dục thể thao",
	  "Phòng Quản lý du lịch", NULL}},
	{"SKHCN", "Sở Khoa học và Công nghệ", lead_dept, NAMES_FIELD_TECH, SV_CENTRE,
	 "Trung tâm Công nghệ thông tin và Truyền thông",
	 {"Văn phòng Sở", "Phòng Quản lý khoa học", "Phòng Chuyển đổi số",
	  "Phòng Bưu chính, viễn thông", NULL}},
	{"TTR", "Thanh tra %s", lead_inspect, NAMES_FIELD_LAW, SV_NONE, NULL,
	 {"Văn phòng", "Phòng Thanh tra 1", "Phòng Thanh tra 2", "Phòng Tiếp công dân và xử lý đơn thư",
	  "Phòng Phòng, chống tham nhũng", NULL}},
	{"SDTTG", "Sở Dân tộc và Tôn giáo", lead_dept, NAMES_FIELD_ADMIN, SV_NONE, NULL,
	 {"Văn phòng Sở", "Phòng Chính sách dân tộc", "Phòng Quản lý tôn giáo", NULL}},
	{"SNG", "Sở Ngoại vụ", lead_dept, NAMES_FIELD_ADMIN, SV_NONE, NULL,
	 {"Văn phòng Sở", "Phòng Lãnh sự", "Phòng Hợp tác quốc tế", NULL}},
};
#define NDEPTS ((int)(sizeof depts / sizeof depts[0]))

/* Party bodies of the provincial Party committee (Tỉnh ủy / Thành ủy). */
static const struct party_def {
	const char *abbr, *name;
	const lead_t *lead;
	const char *rooms[4];
} parties[] = {
	{"BTC", "Ban Tổ chức %s", lead_ban,
	 {"Phòng Tổ chức đảng - đảng viên", "Phòng Cán bộ", "Phòng Bảo vệ chính trị nội bộ", NULL}},
	{"VP", "Văn phòng %s", lead_office,
	 {"Phòng Tổng hợp", "Phòng Hành chính - Lưu trữ", "Phòng Tài chính - Quản trị", NULL}},
	{"BTGDV", "Ban Tuyên giáo và Dân vận %s", lead_ban,
	 {"Phòng Lý luận chính trị", "Phòng Dân vận", "Phòng Tuyên truyền", NULL}},
	{"BNC", "Ban Nội chính %s", lead_ban,
	 {"Phòng Nội chính", "Phòng Phòng, chống tham nhũng", NULL, NULL}},
};

static const char *const hospitals[] = {
	"Bệnh viện Sản - Nhi",  "Bệnh viện Y học cổ truyền", "Bệnh viện Phổi",
	"Bệnh viện Tâm thần",   "Bệnh viện Mắt",             "Bệnh viện Nội tiết",
	"Bệnh viện Ung bướu",   "Bệnh viện Phục hồi chức năng",
};

/* Two syllables make a place name for communes and schools. */
static const char *const place_a[] = {
	"Tân",  "Hòa",   "Bình",  "An",   "Phú",  "Long",  "Thạnh", "Đông",  "Tây",   "Nam",
	"Bắc",  "Mỹ",    "Hưng",  "Thuận", "Phước", "Đức",  "Vĩnh",  "Quang", "Thanh", "Minh",
	"Hồng", "Kim",   "Ngọc",  "Trung", "Xuân", "Yên",   "Hải",   "Lạc",   "Thượng", "Gia",
};
static const char *const place_b[] = {
	"An",   "Bình", "Hòa",  "Lợi",  "Phú",   "Thịnh", "Hưng", "Sơn",   "Thủy", "Lâm",
	"Lộc",  "Phong", "Thành", "Tiến", "Long", "Hà",    "Định", "Lập",   "Mỹ",   "Trung",
	"Hải",  "Khánh", "Quang", "Tường", "Vinh", "Xá",   "Hiệp", "Đạt",   "Nghĩa", "Thọ",
};
#define NPLACE_A ((int)(sizeof place_a / sizeof place_a[0]))
#define NPLACE_B ((int)(sizeof place_b / sizeof place_b[0]))

typedef struct gunit {
	char *code, *name;
	const char *kind, *sector;
	int parent;              /* index, -1 for a province */
	utype type;
	names_field field;
	names_track track;       /* of its leaders and of "-1" staff posts */
	const char *cat;         /* category of its leaders and staff */
	const lead_t *lead;      /* leadership units */
	const mix_t *mix;        /* staff units */
	const char *head, *deputy; /* staff units: leader titles */
	int prov;
	long nominal, size;
	int64_t id;
} gunit_t;

typedef struct plan {
	gunit_t *v;
	size_t n, cap;
	names_t *rng;
} plan_t;

static int add_unit(plan_t *p, int parent, utype type, const char *code, const char *name,
		    const char *kind, const char *sector, names_field field, names_track track,
		    const char *cat, long nominal)
{
	xgrow((void **)&p->v, &p->cap, p->n + 1, sizeof *p->v);
	gunit_t *u = &p->v[p->n];
	memset(u, 0, sizeof *u);
	u->code = xstrdup(code);
	u->name = xstrdup(name);
	u->kind = kind;
	u->sector = sector;
	u->parent = parent;
	u->type = type;
	u->field = field;
	u->track = track;
	u->cat = cat;
	u->nominal = nominal;
	u->prov = parent >= 0 ? p->v[parent].prov : 0;
	return (int)p->n++;
}

static long lead_count(const lead_t *l)
{
	long n = 0;
	while (l[n].position)
		n++;
	return n;
}

static int add_leadership(plan_t *p, int parent, utype type, const char *code, const char *name,
			  const char *kind, const char *sector, const char *cat, names_field field,
			  const lead_t *lead)
{
	int i = add_unit(p, parent, type, code, name, kind, sector, field, NAMES_TRACK_CIVIL, cat,
			 lead_count(lead));
	p->v[i].lead = lead;
	return i;
}

static int add_staff_unit(plan_t *p, int parent, utype type, const char *code, const char *name,
			  const char *kind, const char *sector, const char *cat, names_field field,
			  names_track track, const mix_t *mix, const char *head, const char *deputy,
			  long nominal)
{
	int i = add_unit(p, parent, type, code, name, kind, sector, field, track, cat, nominal);
	p->v[i].mix = mix;
	p->v[i].head = head;
	p->v[i].deputy = deputy;
	return i;
}

/* A room of an office: "Văn phòng…" is led by a Chánh Văn phòng, "Ban…"
 * by a Trưởng ban, anything else by a Trưởng phòng. */
static int add_room(plan_t *p, int parent, const char *code, const char *name, const char *sector,
		    names_field field, long lo, long hi)
{
	const char *head = "Trưởng phòng", *deputy = "Phó Trưởng phòng";
	if (strncmp(name, "Văn phòng", strlen("Văn phòng")) == 0) {
		head = "Chánh Văn phòng";
		deputy = "Phó Chánh Văn phòng";
	} else if (strncmp(name, "Ban ", 4) == 0) {
		head = "Trưởng ban";
		deputy = "Phó Trưởng ban";
	}
	return add_staff_unit(p, parent, UT_OFFICE, code, name, "room", sector, "CC", field,
			      NAMES_TRACK_CIVIL, mix_office, head, deputy,
			      names_range(p->rng, (int)lo, (int)hi));
}

static void place_name(plan_t *p, char *out, size_t cap)
{
	snprintf(out, cap, "%s %s", place_a[names_below(p->rng, NPLACE_A)],
		 place_b[names_below(p->rng, NPLACE_B)]);
}

/* The k-th commune name of a province: the pairs of syllables visited in
 * a scrambled order (stride 7, prime to the 900 pairs), so the first 900
 * are distinct and later ones get a number; a pair of the same syllable
 * twice ("Bình Bình") takes the next second syllable instead. */
static void commune_name(int k, int start, char *out, size_t cap)
{
	int total = NPLACE_A * NPLACE_B;
	int combo = (start + (k % total) * 7) % total;
	int ia = combo / NPLACE_B, ib = combo % NPLACE_B;
	if (strcmp(place_a[ia], place_b[ib]) == 0)
		ib = (ib + 1) % NPLACE_B;
	if (k / total)
		snprintf(out, cap, "%s %s %d", place_a[ia], place_b[ib], k / total + 1);
	else
		snprintf(out, cap, "%s %s", place_a[ia], place_b[ib]);
}

/* Plans one province of about budget people; returns the planned total. */
static long plan_province(plan_t *p, int pi, long budget)
{
	const struct prov_def *pd = &provs[pi];
	const char *level = pd->city ? "thành phố" : "tỉnh";
	const char *committee = pd->city ? "Thành ủy" : "Tỉnh ủy";
	char code[128], name[256], tmp[160], place[64];
	size_t first = p->n;

	snprintf(name, sizeof name, "%s %s", pd->city ? "Thành phố" : "Tỉnh", pd->name);
	int root = add_leadership(p, -1, UT_PROVINCE, pd->code, name, pd->city ? "city" : "province",
				  "government", "CB", NAMES_FIELD_ADMIN,
				  pd->city ? lead_city : lead_province);
	p->v[root].prov = pi;

	int ndept = budget < 2500 ? 4 : budget < 8000 ? 8 : NDEPTS;
	for (int d = 0; d < ndept; d++) {
		const struct dept_def *dd = &depts[d];
		snprintf(code, sizeof code, "%s-%s", pd->code, dd->abbr);
		snprintf(name, sizeof name, dd->name, level);
		int du = add_leadership(p, root, UT_DEPT, code, name, "department", "government", "CC",
					dd->field, dd->lead);
		for (int r = 0; dd->rooms[r]; r++) {
			snprintf(code, sizeof code, "%s-%s-P%d", pd->code, dd->abbr, r + 1);
			add_room(p, du, code, dd->rooms[r], "government", dd->field, 8, 18);
		}
		if (dd->service == SV_CENTRE) {
			snprintf(code, sizeof code, "%s-%s-TT1", pd->code, dd->abbr);
			snprintf(name, sizeof name, dd->centre, level);
			add_staff_unit(p, du, UT_CENTRE, code, name, "service", "service", "VC", dd->field,
				       NAMES_TRACK_CIVIL, mix_centre, "Giám đốc", "Phó Giám đốc",
				       names_range(p->rng, 12, 35));
		} else if (dd->service == SV_SCHOOLS) {
			long n = budget / 2000 > 0 ? budget / 2000 : 1;
			for (long s = 0; s < n; s++) {
				snprintf(code, sizeof code, "%s-%s-T%ld", pd->code, dd->abbr, s + 1);
				place_name(p, place, sizeof place);
				snprintf(name, sizeof name, "Trường THPT %s", place);
				add_staff_unit(p, du, UT_SCHOOL, code, name, "service", "service", "VC",
					       NAMES_FIELD_SECONDARY, NAMES_TRACK_UPPER_SEC, mix_school,
					       "Hiệu trưởng", "Phó Hiệu trưởng",
					       names_range(p->rng, 45, 90));
			}
		} else if (dd->service == SV_HEALTH) {
			int h = 0;
			snprintf(code, sizeof code, "%s-%s-BV%d", pd->code, dd->abbr, ++h);
			snprintf(name, sizeof name, "Bệnh viện Đa khoa %s", level);
			add_staff_unit(p, du, UT_HOSPITAL, code, name, "service", "service", "VC",
				       NAMES_FIELD_HEALTH, NAMES_TRACK_DOCTOR, mix_hospital, "Giám đốc",
				       "Phó Giám đốc", names_range(p->rng, 300, 600));
			long spec = budget / 25000;
			for (long s = 0; s < spec; s++) {
				snprintf(code, sizeof code, "%s-%s-BV%d", pd->code, dd->abbr, ++h);
				int nh = (int)(sizeof hospitals / sizeof hospitals[0]);
				if (s < nh)
					snprintf(name, sizeof name, "%s", hospitals[s]);
				else
					snprintf(name, sizeof name, "%s số %ld", hospitals[s % nh], s / nh + 1);
				add_staff_unit(p, du, UT_HOSPITAL, code, name, "service", "service", "VC",
					       NAMES_FIELD_HEALTH, NAMES_TRACK_DOCTOR, mix_hospital,
					       "Giám đốc", "Phó Giám đốc", names_range(p->rng, 100, 250));
			}
			long ttyt = budget / 12000 > 0 ? budget / 12000 : 1;
			for (long s = 0; s < ttyt; s++) {
				snprintf(code, sizeof code, "%s-%s-TTYT%ld", pd->code, dd->abbr, s + 1);
				place_name(p, place, sizeof place);
				snprintf(name, sizeof name, "Trung tâm Y tế khu vực %s", place);
				add_staff_unit(p, du, UT_HOSPITAL, code, name, "service", "service", "VC",
					       NAMES_FIELD_HEALTH, NAMES_TRACK_DOCTOR, mix_hospital,
					       "Giám đốc", "Phó Giám đốc", names_range(p->rng, 120, 300));
			}
			if (budget >= 20000) {
				snprintf(code, sizeof code, "%s-%s-CDC", pd->code, dd->abbr);
				add_staff_unit(p, du, UT_HOSPITAL, code, "Trung tâm Kiểm soát bệnh tật",
					       "service", "service", "VC", NAMES_FIELD_HEALTH,
					       NAMES_TRACK_DOCTOR, mix_hospital, "Giám đốc",
					       "Phó Giám đốc", names_range(p->rng, 60, 120));
			}
		}
	}

	int nparty = budget < 8000 ? 2 : 4;
	for (int b = 0; b < nparty; b++) {
		const struct party_def *pdf = &parties[b];
		snprintf(code, sizeof code, "%s-TU-%s", pd->code, pdf->abbr);
		snprintf(name, sizeof name, pdf->name, committee);
		int bu = add_leadership(p, root, UT_PARTY, code, name, "party", "party", "CC",
					NAMES_FIELD_PARTY, pdf->lead);
		for (int r = 0; pdf->rooms[r]; r++) {
			snprintf(code, sizeof code, "%s-TU-%s-P%d", pd->code, pdf->abbr, r + 1);
			add_room(p, bu, code, pdf->rooms[r], "party", NAMES_FIELD_PARTY, 6, 12);
		}
	}

	snprintf(code, sizeof code, "%s-MTTQ", pd->code);
	snprintf(name, sizeof name, "Ủy ban MTTQ Việt Nam %s", level);
	int fu = add_leadership(p, root, UT_FRONT, code, name, "front", "front", "CB",
				NAMES_FIELD_PARTY, pd->city ? lead_front_c : lead_front_p);
	static const char *const front_rooms[] = {"Văn phòng", "Ban Phong trào",
						  "Ban Tổ chức - Tuyên giáo", NULL};
	for (int r = 0; front_rooms[r]; r++) {
		snprintf(code, sizeof code, "%s-MTTQ-P%d", pd->code, r + 1);
		add_room(p, fu, code, front_rooms[r], "front", NAMES_FIELD_PARTY, 5, 10);
	}

	long planned = 0;
	for (size_t i = first; i < p->n; i++)
		planned += p->v[i].nominal;

	/* communes and wards until the budget is covered */
	int start = (int)names_below(p->rng, (uint32_t)(NPLACE_A * NPLACE_B));
	unsigned ward_pm = pd->city ? 450 : 250;
	for (int k = 0; planned < budget; k++) {
		int ward = names_chance(p->rng, ward_pm);
		commune_name(k, start, place, sizeof place);
		char cc[32];
		snprintf(cc, sizeof cc, "%s-%s%03d", pd->code, ward ? "PH" : "XA", k + 1);
		snprintf(name, sizeof name, "%s %s", ward ? "Phường" : "Xã", place);
		int cu = add_leadership(p, root, UT_COMMUNE, cc, name, ward ? "ward" : "commune",
					"government", "CB", NAMES_FIELD_ADMIN,
					ward ? lead_ward : lead_commune);
		size_t before = p->n - 1;
		snprintf(code, sizeof code, "%s-P1", cc);
		add_room(p, cu, code, "Văn phòng HĐND và UBND", "government", NAMES_FIELD_ADMIN, 8, 14);
		snprintf(code, sizeof code, "%s-P2", cc);
		add_room(p, cu, code, ward ? "Phòng Kinh tế, Hạ tầng và Đô thị" : "Phòng Kinh tế",
			 "government", ward ? NAMES_FIELD_BUILD : NAMES_FIELD_ECONOMY, 5, 10);
		snprintf(code, sizeof code, "%s-P3", cc);
		add_room(p, cu, code, "Phòng Văn hóa - Xã hội", "government", NAMES_FIELD_CULTURE, 5,
			 10);
		snprintf(code, sizeof code, "%s-P4", cc);
		int tt = add_room(p, cu, code, "Trung tâm Phục vụ hành chính công", "government",
				  NAMES_FIELD_ADMIN, 5, 10);
		p->v[tt].head = "Giám đốc Trung tâm";
		p->v[tt].deputy = "Phó Giám đốc Trung tâm";
		static const struct {
			const char *abbr, *prefix;
			names_field field;
			names_track track;
			int lo, hi, nlo, nhi;
		} schools[] = {
			{"MN", "Trường Mầm non", NAMES_FIELD_PRESCHOOL, NAMES_TRACK_PRESCHOOL, 20, 45, 2, 3},
			{"TH", "Trường Tiểu học", NAMES_FIELD_PRIMARY, NAMES_TRACK_PRIMARY, 25, 50, 2, 3},
			{"CS", "Trường THCS", NAMES_FIELD_SECONDARY, NAMES_TRACK_LOWER_SEC, 25, 50, 1, 2},
		};
		for (int s = 0; s < 3; s++) {
			int n = names_range(p->rng, schools[s].nlo, schools[s].nhi);
			for (int j = 0; j < n; j++) {
				snprintf(code, sizeof code, "%s-%s%d", cc, schools[s].abbr, j + 1);
				if (j == 0)
					snprintf(tmp, sizeof tmp, "%s", place);
				else
					place_name(p, tmp, sizeof tmp);
				snprintf(name, sizeof name, "%s %s", schools[s].prefix, tmp);
				add_staff_unit(p, cu, UT_SCHOOL, code, name, "service", "service", "VC",
					       schools[s].field, schools[s].track, mix_school,
					       "Hiệu trưởng", "Phó Hiệu trưởng",
					       names_range(p->rng, schools[s].lo, schools[s].hi));
			}
		}
		snprintf(code, sizeof code, "%s-TYT", cc);
		snprintf(name, sizeof name, "Trạm Y tế %s", place);
		add_staff_unit(p, cu, UT_STATION, code, name, "service", "service", "VC",
			       NAMES_FIELD_HEALTH, NAMES_TRACK_DOCTOR, mix_station, "Trưởng trạm",
			       "Phó Trưởng trạm", names_range(p->rng, 6, 12));
		for (size_t i = before; i < p->n; i++)
			planned += p->v[i].nominal;
	}

	/* exact sizes: cumulative rounding of nominal * budget / planned */
	long cum = 0, prev = 0;
	for (size_t i = first; i < p->n; i++) {
		cum += p->v[i].nominal;
		long upto = (long)((int64_t)cum * budget / planned);
		if (i + 1 == p->n)
			upto = budget;
		p->v[i].size = upto - prev;
		prev = upto;
	}
	return planned;
}

static void plan_free(plan_t *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].code);
		free(p->v[i].name);
	}
	free(p->v);
	memset(p, 0, sizeof *p);
}

/* ---- per-part caches of folds and sort keys ------------------------- */

typedef struct part {
	const char *text;
	char *fold;
	size_t fold_len;
	unsigned char *key; /* ICU sort key with its 0 terminator */
	size_t key_len;
} part_t;

typedef struct parts {
	part_t *surname, *middle[2], *given[2];
	size_t nsurname, nmiddle[2], ngiven[2];
} parts_t;

static int part_init(text_collator_t *coll, part_t *pt, const char *s, err_t *e)
{
	buf_t k;
	buf_init(&k, 4096);
	pt->text = s;
	pt->fold = text_fold(s);
	pt->fold_len = strlen(pt->fold);
	if (text_sort_key(coll, s, strlen(s), &k) || k.err) {
		buf_free(&k);
		return err_set(e, ERR_INTERNAL, "Không tạo được khóa sắp xếp cho «%s»", s);
	}
	pt->key_len = k.len;
	pt->key = (unsigned char *)buf_take(&k);
	return 0;
}

static int parts_init(text_collator_t *coll, parts_t *ps, err_t *e)
{
	memset(ps, 0, sizeof *ps);
	ps->nsurname = names_surname_count();
	ps->surname = xcalloc(ps->nsurname, sizeof *ps->surname);
	for (size_t i = 0; i < ps->nsurname; i++)
		if (part_init(coll, &ps->surname[i], names_surname(i), e))
			return e->code;
	for (int f = 0; f < 2; f++) {
		ps->nmiddle[f] = names_middle_count(f);
		ps->middle[f] = xcalloc(ps->nmiddle[f], sizeof *ps->middle[f]);
		for (size_t i = 0; i < ps->nmiddle[f]; i++)
			if (part_init(coll, &ps->middle[f][i], names_middle(f, i), e))
				return e->code;
		ps->ngiven[f] = names_given_count(f);
		ps->given[f] = xcalloc(ps->ngiven[f], sizeof *ps->given[f]);
		for (size_t i = 0; i < ps->ngiven[f]; i++)
			if (part_init(coll, &ps->given[f][i], names_given(f, i), e))
				return e->code;
	}
	return 0;
}

static void part_list_free(part_t *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].fold);
		free(v[i].key);
	}
	free(v);
}

static void parts_free(parts_t *ps)
{
	part_list_free(ps->surname, ps->nsurname);
	for (int f = 0; f < 2; f++) {
		part_list_free(ps->middle[f], ps->nmiddle[f]);
		part_list_free(ps->given[f], ps->ngiven[f]);
	}
	memset(ps, 0, sizeof *ps);
}

/* ---- one person ----------------------------------------------------- */

typedef struct gperson {
	char code[16];
	char full[128];
	names_name_t nm;
	const char *gender; /* "M" / "F" */
	int birth;
	const char *ethnicity, *home_town, *category;
	names_rank_t rank;
	names_qual_t qual;
	int party_joined, party_official;
	const char *position, *level;
	int is_leader;
	int post_from;
} gperson_t;

static void person_code(long n, char out[16])
{
	out[0] = 'C';
	out[1] = 'B';
	for (int i = 8; i >= 2; i--) {
		out[i] = (char)('0' + n % 10);
		n /= 10;
	}
	out[9] = '\0';
}

/* Female share in per mille for a post. */
static unsigned female_pm(const gunit_t *u, names_role role, names_track track, const char *cat)
{
	if (cat && strcmp(cat, "LDHD") == 0)
		return 150;
	if (role == NAMES_TOP)
		return 150;
	if (role != NAMES_STAFF)
		return u->type == UT_SCHOOL ? 550 : 280;
	switch (track) {
	case NAMES_TRACK_PRESCHOOL:
		return 970;
	case NAMES_TRACK_PRIMARY:
		return 850;
	case NAMES_TRACK_LOWER_SEC:
	case NAMES_TRACK_UPPER_SEC:
		return 700;
	case NAMES_TRACK_NURSE:
		return 800;
	case NAMES_TRACK_DOCTOR:
		return 500;
	case NAMES_TRACK_ACCOUNTANT:
		return 800;
	default:
		return 520;
	}
}

static void draw_person(names_t *g, const gunit_t *u, long idx_in_unit, long seq, int ref,
			int reform, const char *home, gperson_t *pp)
{
	names_role role = NAMES_STAFF;
	const char *cat = u->cat;
	names_track track = u->track;
	names_field field = u->field;
	pp->is_leader = 0;
	pp->level = NULL;
	if (u->lead) {
		const lead_t *l = &u->lead[idx_in_unit];
		pp->position = l->position;
		role = l->role;
		pp->level = l->level;
		pp->is_leader = 1;
	} else {
		long n = u->size;
		long deputies = n < 4 ? 0 : n < 10 ? 1 : n < 30 ? 2 : 3;
		if (idx_in_unit == 0) {
			pp->position = u->head;
			role = NAMES_HEAD;
			pp->level = "head";
			pp->is_leader = 1;
		} else if (idx_in_unit <= deputies) {
			pp->position = u->deputy;
			role = NAMES_DEPUTY;
			pp->level = "deputy";
			pp->is_leader = 1;
		} else {
			int sum = 0;
			for (const mix_t *m = u->mix; m->position; m++)
				sum += m->w;
			int x = (int)names_below(g, (uint32_t)sum);
			const mix_t *m = u->mix;
			for (; m[1].position && x >= m->w; m++)
				x -= m->w;
			pp->position = m->position;
			if (m->category)
				cat = m->category;
			if (m->track >= 0)
				track = (names_track)m->track;
			if (m->field >= 0)
				field = (names_field)m->field;
		}
	}
	if (strcmp(cat, "LDHD") == 0)
		track = NAMES_TRACK_NONE;
	pp->category = cat;
	int female = names_chance(g, female_pm(u, role, track, cat));
	pp->gender = female ? "F" : "M";
	names_pick(g, female, &pp->nm);
	names_format(&pp->nm, pp->full, sizeof pp->full);
	person_code(seq, pp->code);
	int min_age = role == NAMES_TOP ? 42 : role == NAMES_HEAD ? 34 : role == NAMES_DEPUTY ? 30 : 23;
	int max_age = female ? 57 : 60; /* retirement age in 2026 */
	pp->birth = names_birth_date(g, ref, min_age, max_age);
	pp->ethnicity = names_ethnicity(g);
	pp->home_town = names_home_town(g, home);
	int age = date_years_between(pp->birth, ref);
	names_rank(g, track, role, age, ref, &pp->rank);
	names_qual(g, role, cat, field, pp->rank.min_degree, &pp->qual);
	names_party(g, role, cat, pp->birth, ref, &pp->party_joined, &pp->party_official);
	/* most took up their post when the new tree began; some later */
	pp->post_from = names_chance(g, 900) ? reform : reform + 1 + (int)names_below(g, 180);
}

/* ---- output --------------------------------------------------------- */

static const char *cat_label(const char *code)
{
	return strcmp(code, "LDHD") == 0 ? "LĐHĐ" : code;
}

static void thousands(long v, char out[32])
{
	char tmp[32];
	int n = snprintf(tmp, sizeof tmp, "%ld", v);
	int o = 0;
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			out[o++] = '.';
		out[o++] = tmp[i];
	}
	out[o] = '\0';
}

static void progress(app_ctx_t *c, const gen_opts_t *o, long done, long total)
{
	if (!o->progress || c->progress_fd < 0)
		return;
	char a[32], b[32], msg[128];
	thousands(done, a);
	thousands(total, b);
	int n = snprintf(msg, sizeof msg, "Đã tạo %s/%s người…\n", a, b);
	if (n > 0 && write(c->progress_fd, msg, (size_t)n) < 0)
		return;
}

/* A CSV output file with a buffer flushed in large writes. */
typedef struct csvout {
	FILE *f;
	const char *path;
	buf_t b;
	int failed;
} csvout_t;

static int csv_open_out(csvout_t *w, const char *path, const char *header, err_t *e)
{
	memset(w, 0, sizeof *w);
	if (!path)
		return 0;
	w->path = path;
	w->f = fopen(path, "wb");
	if (!w->f)
		return err_set(e, ERR_IO, "Không ghi được tệp «%s»", path);
	buf_init(&w->b, (size_t)4 << 20);
	buf_puts(&w->b, header);
	buf_puts(&w->b, "\r\n");
	return 0;
}

static void csv_flush(csvout_t *w, int force)
{
	if (!w->f || (!force && w->b.len < ((size_t)1 << 20)))
		return;
	if (w->b.len && fwrite(w->b.p, 1, w->b.len, w->f) != w->b.len)
		w->failed = 1;
	buf_reset(&w->b);
}

static int csv_close_out(csvout_t *w, err_t *e)
{
	if (!w->f)
		return 0;
	csv_flush(w, 1);
	if (w->b.err)
		w->failed = 1;
	if (fclose(w->f))
		w->failed = 1;
	w->f = NULL;
	buf_free(&w->b);
	if (w->failed)
		return err_set(e, ERR_IO, "Lỗi khi ghi tệp «%s»", w->path);
	return 0;
}

static void csv_field(csvout_t *w, const char *s, int last)
{
	csv_write_field(&w->b, s ? s : "", ',');
	buf_puts(&w->b, last ? "\r\n" : ",");
}

#define PEOPLE_HEADER                                                                    \
	"Mã,Họ và tên,Ngày sinh,Giới tính,Mã đơn vị,Chức vụ,Phân loại,Mã ngạch,Trình độ chuyên " \
	"môn,Lý luận chính trị"
#define UNITS_HEADER "Mã,Tên,Mã đơn vị cha,Loại,Khối"

static void csv_person(csvout_t *w, const gperson_t *pp, const gunit_t *u)
{
	char d[11];
	date_vn(pp->birth, d);
	csv_field(w, pp->code, 0);
	csv_field(w, pp->full, 0);
	csv_field(w, d, 0);
	csv_field(w, strcmp(pp->gender, "F") == 0 ? "Nữ" : "Nam", 0);
	csv_field(w, u->code, 0);
	csv_field(w, pp->position, 0);
	csv_field(w, cat_label(pp->category), 0);
	csv_field(w, pp->rank.code, 0);
	csv_field(w, pp->qual.degree ? vocab_label(VOCAB_DEGREE, pp->qual.degree) : "", 0);
	csv_field(w, pp->qual.llct ? vocab_label(VOCAB_LLCT, pp->qual.llct) : "", 1);
	csv_flush(w, 0);
}

static void csv_unit(csvout_t *w, const plan_t *p, const gunit_t *u)
{
	csv_field(w, u->code, 0);
	csv_field(w, u->name, 0);
	csv_field(w, u->parent >= 0 ? p->v[u->parent].code : "", 0);
	csv_field(w, vocab_label(VOCAB_UNIT_KIND, u->kind), 0);
	csv_field(w, vocab_label(VOCAB_SECTOR, u->sector), 1);
	csv_flush(w, 0);
}

static int dberr(err_t *e)
{
	return e && e->code ? e->code : ERR_DB;
}

static int write_unit(app_ctx_t *c, plan_t *p, gunit_t *u, const char *now, const char *from,
		      buf_t *key, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, STMT_GEN_UNIT_INSERT, e);
	if (!s)
		return dberr(e);
	db_bind_text(s, 1, u->code, -1);
	db_bind_text(s, 2, now, -1);
	if (db_exec(s, e))
		return dberr(e);
	if (!(s = db_stmt(c->db, STMT_UNIT_ID_BY_CODE, e)))
		return dberr(e);
	db_bind_text(s, 1, u->code, -1);
	if (db_step(s, e) != DB_ROW)
		return dberr(e);
	u->id = db_col_int(s, 0);
	db_reset(s);
	buf_reset(key);
	if (text_sort_key(c->coll, u->name, strlen(u->name), key) || key->err)
		return err_set(e, ERR_INTERNAL, "Không tạo được khóa sắp xếp cho «%s»", u->name);
	char *fold = text_fold(u->name);
	if (!(s = db_stmt(c->db, STMT_GEN_VERSION_INSERT, e))) {
		free(fold);
		return dberr(e);
	}
	db_bind_int(s, 1, u->id);
	db_bind_id(s, 2, u->parent >= 0 ? p->v[u->parent].id : 0);
	db_bind_text(s, 3, u->name, -1);
	db_bind_text(s, 4, fold, -1);
	db_bind_blob(s, 5, key->p, key->len);
	db_bind_text(s, 6, u->kind, -1);
	db_bind_text(s, 7, u->sector, -1);
	db_bind_text(s, 8, from, -1);
	int r = db_exec(s, e) ? dberr(e) : 0;
	free(fold);
	return r;
}

/* name_fold and name_key of a person from the cached parts, exactly as
 * people_put() computes them: text_fold(full name), and text_name_key()
 * followed by the code. */
static void person_keys(const parts_t *ps, const gperson_t *pp, buf_t *fold, buf_t *key)
{
	const part_t *sn = &ps->surname[pp->nm.surname];
	const part_t *mn = &ps->middle[pp->nm.female][pp->nm.middle];
	const part_t *gn = &ps->given[pp->nm.female][pp->nm.given];
	buf_reset(fold);
	buf_add(fold, sn->fold, sn->fold_len);
	buf_putc(fold, ' ');
	buf_add(fold, mn->fold, mn->fold_len);
	buf_putc(fold, ' ');
	buf_add(fold, gn->fold, gn->fold_len);
	buf_reset(key);
	buf_add(key, gn->key, gn->key_len);
	buf_add(key, mn->key, mn->key_len);
	buf_add(key, sn->key, sn->key_len);
	buf_add(key, pp->code, strlen(pp->code));
}

/* Recomputes the keys the slow way; ERR_INTERNAL if the cache disagrees. */
static int check_keys(app_ctx_t *c, const gperson_t *pp, const buf_t *fold, const buf_t *key,
		      err_t *e)
{
	char *f = text_fold(pp->full);
	buf_t k;
	buf_init(&k, 4096);
	text_name_key(c->coll, pp->full, &k);
	buf_add(&k, pp->code, strlen(pp->code));
	int same = strlen(f) == fold->len && memcmp(f, fold->p, fold->len) == 0 &&
		   k.len == key->len && memcmp(k.p, key->p, k.len) == 0;
	free(f);
	buf_free(&k);
	return same ? 0
		    : err_set(e, ERR_INTERNAL, "Khóa tìm kiếm/sắp xếp của «%s» không khớp", pp->full);
}

static void bind_opt_day(db_stmt_t *s, int idx, int day)
{
	if (day) {
		char d[11];
		date_iso(day, d);
		db_bind_text(s, idx, d, 10);
	} else {
		db_bind_null(s, idx);
	}
}

/* People wait in a batch so that one INSERT writes GEN_BATCH rows: SQLite
 * then runs its per-statement work (opening cursors, the statement
 * transaction, reset) once per batch instead of once per row. */
#define GEN_BATCH      16
#define PERSON_NPARAMS 22 /* per row of STMT_GEN_PEOPLE_INSERT_BATCH; then "now" */
#define ASSIGN_NPARAMS 6  /* per row of STMT_GEN_POSTS_INSERT_BATCH */
#define GEN_KEY_MAX    192

typedef struct slot {
	gperson_t p;
	int64_t unit_id;
	char fold[GEN_KEY_MAX];
	size_t fold_len;
	char key[GEN_KEY_MAX];
	size_t key_len;
} slot_t;

typedef struct batch {
	slot_t v[GEN_BATCH];
	int n;
	/* the two multi-row statements, held from one batch to the next and
	 * only reset in between: every parameter is bound again each time,
	 * and not clearing the bindings lets SQLite reuse its buffers */
	db_stmt_t *people, *posts;
} batch_t;

/* Binds one person's 22 values at parameters base+1 .. base+22. */
static void bind_person(db_stmt_t *s, int base, const slot_t *sl)
{
	const gperson_t *pp = &sl->p;
	char d[11];
	db_bind_text(s, base + 1, pp->code, -1);
	db_bind_text(s, base + 2, pp->full, -1);
	db_bind_text(s, base + 3, sl->fold, (long)sl->fold_len);
	db_bind_blob(s, base + 4, sl->key, sl->key_len);
	date_iso(pp->birth, d);
	db_bind_text(s, base + 5, d, 10);
	db_bind_text(s, base + 6, pp->gender, 1);
	db_bind_text(s, base + 7, pp->ethnicity, -1);
	db_bind_text(s, base + 8, pp->home_town, -1);
	db_bind_text(s, base + 9, pp->category, -1);
	if (pp->rank.code) {
		db_bind_text(s, base + 10, pp->rank.name, -1);
		db_bind_text(s, base + 11, pp->rank.code, -1);
		db_bind_int(s, base + 12, pp->rank.step);
		db_bind_int(s, base + 13, pp->rank.coef);
		bind_opt_day(s, base + 14, pp->rank.salary_from);
	} else {
		for (int i = 10; i <= 14; i++)
			db_bind_null(s, base + i);
	}
	db_bind_text(s, base + 15, pp->qual.degree, -1);
	db_bind_text(s, base + 16, pp->qual.major, -1);
	db_bind_text(s, base + 17, pp->qual.llct, -1);
	db_bind_text(s, base + 18, pp->qual.qlnn, -1);
	db_bind_text(s, base + 19, pp->qual.it_level, -1);
	db_bind_text(s, base + 20, pp->qual.language, -1);
	bind_opt_day(s, base + 21, pp->party_joined);
	bind_opt_day(s, base + 22, pp->party_official);
}

/* Binds one primary post (the person by code) at base+1 .. base+6. */
static void bind_post(db_stmt_t *s, int base, const slot_t *sl)
{
	const gperson_t *pp = &sl->p;
	char d[11];
	db_bind_text(s, base + 1, pp->code, -1);
	db_bind_int(s, base + 2, sl->unit_id);
	db_bind_text(s, base + 3, pp->position, -1);
	db_bind_int(s, base + 4, pp->is_leader);
	db_bind_text(s, base + 5, pp->is_leader ? pp->level : NULL, -1);
	date_iso(pp->post_from, d);
	db_bind_text(s, base + 6, d, 10);
}

/* Writes the waiting people and their posts: a full batch with the
 * multi-row statements, a last partial one row by row. The posts find
 * their person by code (no RETURNING, which costs SQLite a temporary
 * table per statement): the codes were just inserted, the index pages are
 * in the cache. */
static int flush(app_ctx_t *c, batch_t *b, const char *now, err_t *e)
{
	db_stmt_t *s;
	if (b->n == GEN_BATCH) {
		if (!b->people && !(b->people = db_stmt(c->db, STMT_GEN_PEOPLE_INSERT_BATCH, e)))
			return dberr(e);
		if (!b->posts && !(b->posts = db_stmt(c->db, STMT_GEN_POSTS_INSERT_BATCH, e)))
			return dberr(e);
		for (int i = 0; i < b->n; i++)
			bind_person(b->people, i * PERSON_NPARAMS, &b->v[i]);
		db_bind_text(b->people, GEN_BATCH * PERSON_NPARAMS + 1, now, -1);
		if (db_exec(b->people, e))
			return dberr(e);
		for (int i = 0; i < b->n; i++)
			bind_post(b->posts, i * ASSIGN_NPARAMS, &b->v[i]);
		if (db_exec(b->posts, e))
			return dberr(e);
		b->n = 0;
		return 0;
	}
	for (int i = 0; i < b->n; i++) {
		if (!(s = db_stmt(c->db, STMT_GEN_PERSON_INSERT, e)))
			return dberr(e);
		bind_person(s, 0, &b->v[i]);
		db_bind_text(s, PERSON_NPARAMS + 1, now, -1);
		if (db_exec(s, e))
			return dberr(e);
		if (!(s = db_stmt(c->db, STMT_GEN_ASSIGN_INSERT, e)))
			return dberr(e);
		bind_post(s, 0, &b->v[i]);
		if (db_exec(s, e))
			return dberr(e);
	}
	b->n = 0;
	return 0;
}

static int exec_stmt(app_ctx_t *c, stmt_id id, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, id, e);
	if (!s)
		return dberr(e);
	return db_exec(s, e) ? dberr(e) : 0;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int gen_run(app_ctx_t *c, const gen_opts_t *o, gen_result_t *res, err_t *e)
{
	memset(res, 0, sizeof *res);
	double t0 = now_seconds();
	if (o->people < 1 || o->people > GEN_MAX_PEOPLE)
		return err_set(e, ERR_USAGE, "Số người phải từ 1 đến 3.000.000 (đã cho: %ld)",
			       o->people);
	int use_db = !o->no_db;
	if (!use_db && !o->csv_people && !o->csv_units)
		return err_set(e, ERR_USAGE, "Không ghi vào cơ sở dữ liệu thì cần ít nhất một tệp CSV");
	if (use_db && (!c->db || !c->coll))
		return err_set(e, ERR_INTERNAL, "Chưa mở cơ sở dữ liệu");
	int r;
	if (use_db && (r = app_require_hr(c, e)))
		return r;

	plan_t plan = {0};
	parts_t parts = {0};
	csvout_t cu = {0}, cp = {0};
	buf_t key, fold;
	buf_init(&key, 4096);
	buf_init(&fold, 4096);
	names_t *people_rng = NULL;
	batch_t *batch = xcalloc(1, sizeof *batch);
	int in_tx = 0;

	if (use_db) {
		if ((r = db_begin(c->db, e)))
			goto out;
		in_tx = 1;
		db_stmt_t *s = db_stmt(c->db, STMT_GEN_COUNTS, e);
		if (!s || db_step(s, e) != DB_ROW) {
			r = dberr(e);
			goto out;
		}
		int64_t nu = db_col_int(s, 0), np = db_col_int(s, 1);
		db_reset(s);
		if (nu || np) {
			r = err_set(e, ERR_CONFLICT,
				    "Cơ sở dữ liệu đã có dữ liệu (%lld đơn vị, %lld người); chỉ tạo dữ liệu "
				    "mẫu vào một cơ sở dữ liệu trống",
				    (long long)nu, (long long)np);
			goto out;
		}
		if ((r = parts_init(c->coll, &parts, e)))
			goto out;
	}

	/* the plan: its own random stream, so that the people's stream does
	 * not depend on how the tree was drawn */
	plan.rng = names_new(o->seed ^ 0x7472656570726f76ull);
	int nprov = (int)((o->people + GEN_PER_PROVINCE / 2) / GEN_PER_PROVINCE);
	if (nprov < 1)
		nprov = 1;
	if (nprov > NPROVS)
		nprov = NPROVS;
	for (int pi = 0; pi < nprov; pi++) {
		long budget = o->people / nprov + (pi < o->people % nprov ? 1 : 0);
		plan_province(&plan, pi, budget);
	}

	int ref, reform;
	date_parse(GEN_REF_DATE, &ref);
	date_parse(GEN_REFORM_DATE, &reform);
	char now[32];
	app_now(now);

	if ((r = csv_open_out(&cu, o->csv_units, UNITS_HEADER, e)) ||
	    (r = csv_open_out(&cp, o->csv_people, PEOPLE_HEADER, e)))
		goto out;

	for (size_t i = 0; i < plan.n; i++) {
		if (use_db && (r = write_unit(c, &plan, &plan.v[i], now, GEN_REFORM_DATE, &key, e)))
			goto out;
		if (cu.f)
			csv_unit(&cu, &plan, &plan.v[i]);
	}
	if ((r = csv_close_out(&cu, e)))
		goto out;
	res->units = (long)plan.n;

	if (use_db) {
		/* rebuilt once at the end: cheaper than inserting keys that
		 * arrive in random order one by one */
		if ((r = exec_stmt(c, STMT_BULK_DROP_PEOPLE_NAME_KEY, e)) ||
		    (r = exec_stmt(c, STMT_BULK_DROP_PEOPLE_NAME_FOLD, e)))
			goto out;
	}

	people_rng = names_new(o->seed);
	long seq = 0, step = o->people >= 10 ? o->people / 10 : 1, next_report = step;
	gperson_t pp;
	for (size_t i = 0; i < plan.n; i++) {
		gunit_t *u = &plan.v[i];
		const char *home = provs[u->prov].home;
		for (long k = 0; k < u->size; k++) {
			seq++;
			draw_person(people_rng, u, k, seq, ref, reform, home, &pp);
			if (pp.is_leader)
				res->leaders++;
			if (use_db) {
				person_keys(&parts, &pp, &fold, &key);
				if (fold.err || key.err || fold.len > GEN_KEY_MAX ||
				    key.len > GEN_KEY_MAX) {
					r = err_set(e, ERR_INTERNAL, "Tên quá dài: «%s»", pp.full);
					goto out;
				}
				if (seq <= GEN_CHECK_KEYS && (r = check_keys(c, &pp, &fold, &key, e)))
					goto out;
				slot_t *sl = &batch->v[batch->n++];
				sl->p = pp;
				sl->unit_id = u->id;
				memcpy(sl->fold, fold.p, fold.len);
				sl->fold_len = fold.len;
				memcpy(sl->key, key.p, key.len);
				sl->key_len = key.len;
				if (batch->n == GEN_BATCH && (r = flush(c, batch, now, e)))
					goto out;
			}
			if (cp.f)
				csv_person(&cp, &pp, u);
			if (seq == next_report && seq < o->people) {
				progress(c, o, seq, o->people);
				next_report += step;
			}
		}
	}
	if (use_db && batch->n && (r = flush(c, batch, now, e)))
		goto out;
	res->people = seq;
	if ((r = csv_close_out(&cp, e)))
		goto out;

	if (use_db) {
		if (o->progress && c->progress_fd >= 0) {
			static const char msg[] = "Đang tạo chỉ mục…\n";
			if (write(c->progress_fd, msg, sizeof msg - 1) < 0) {
				/* progress is best effort */
			}
		}
		if ((r = exec_stmt(c, STMT_BULK_CREATE_PEOPLE_NAME_KEY, e)) ||
		    (r = exec_stmt(c, STMT_BULK_CREATE_PEOPLE_NAME_FOLD, e)))
			goto out;
		buf_t b;
		buf_init(&b, 0);
		jw_t w;
		jw_init(&w, &b);
		jw_obj(&w);
		jw_kint(&w, "people", res->people);
		jw_kint(&w, "units", res->units);
		jw_kint(&w, "leaders", res->leaders);
		char seed[32];
		snprintf(seed, sizeof seed, "%llu", (unsigned long long)o->seed);
		jw_kstr(&w, "seed", seed);
		jw_kstr(&w, "csv_people", o->csv_people);
		jw_kstr(&w, "csv_units", o->csv_units);
		jw_obj_end(&w);
		r = audit_append(c, "gen.run", "gen", seed, NULL, buf_cstr(&b), e);
		buf_free(&b);
		if (r)
			goto out;
		in_tx = 0;
		if ((r = db_commit(c->db, e)))
			goto out;
	}
	progress(c, o, res->people, o->people);
	r = 0;
out:
	/* A rollback also brings back the dropped indexes — except in the
	 * bulk open mode, whose journal is off: there a run that fails after
	 * writing leaves a file to delete, which is why that mode is for
	 * fresh files only. */
	if (in_tx)
		db_rollback(c->db);
	if (cu.f) {
		err_t tmp;
		csv_close_out(&cu, &tmp);
	}
	if (cp.f) {
		err_t tmp;
		csv_close_out(&cp, &tmp);
	}
	if (r) {
		res->people = res->units = res->leaders = 0;
	}
	free(batch);
	names_free(people_rng);
	names_free(plan.rng);
	plan_free(&plan);
	parts_free(&parts);
	buf_free(&key);
	buf_free(&fold);
	res->seconds = now_seconds() - t0;
	return r;
}
