/*
 * vocab: closed lists of the domain. See vocab.h.
 *
 * Each list is one table. Aliases are written already folded (ASCII, lower
 * case) because input is folded before matching.
 */
#include "app/vocab.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/text.h"

static const vocab_entry_t category[] = {
	{"CB", "Cán bộ", "cb|can bo"},
	{"CC", "Công chức", "cc|cong chuc"},
	{"VC", "Viên chức", "vc|vien chuc"},
	{"LDHD", "Lao động hợp đồng", "ldhd|lao dong hop dong|hop dong|hd|nld"},
	{NULL, NULL, NULL},
};

static const vocab_entry_t gender[] = {
	{"M", "Nam", "nam|m|male"},
	{"F", "Nữ", "nu|f|female"},
	{NULL, NULL, NULL},
};

static const vocab_entry_t unit_kind[] = {
	{"city", "Thành phố trực thuộc trung ương", "thanh pho|tp|thanh pho truc thuoc trung uong"},
	{"province", "Tỉnh", "tinh"},
	{"department", "Sở, ban, ngành", "so|ban|nganh|so, ban, nganh|so ban nganh"},
	{"party", "Cơ quan Đảng", "dang|co quan dang|dang uy|ban dang"},
	{"front", "MTTQ, đoàn thể", "mttq|doan the|mttq, doan the|mat tran"},
	{"district", "Quận, huyện (trước 01/07/2025)", "quan|huyen|quan, huyen|quan huyen|thi xa"},
	{"ward", "Phường", "phuong"},
	{"commune", "Xã", "xa|thi tran"},
	{"room", "Phòng", "phong|phong ban|van phong"},
	{"service", "Đơn vị sự nghiệp", "don vi su nghiep|dvsn|su nghiep|truong|benh vien|trung tam"},
	{NULL, NULL, NULL},
};

static const vocab_entry_t sector[] = {
	{"party", "Khối Đảng", "dang|khoi dang"},
	{"government", "Khối chính quyền", "chinh quyen|khoi chinh quyen"},
	{"front", "Khối đoàn thể", "doan the|khoi doan the|mttq"},
	{"service", "Khối sự nghiệp", "su nghiep|khoi su nghiep"},
	{NULL, NULL, NULL},
};

static const vocab_entry_t status[] = {
	{"working", "Đang công tác", "dang cong tac|cong tac|lam viec"},
	{"leave", "Nghỉ dài hạn", "nghi dai han|nghi phep dai han|nghi"},
	{"seconded", "Biệt phái", "biet phai"},
	{"retired", "Nghỉ hưu", "nghi huu|huu"},
	{"left", "Thôi việc", "thoi viec|nghi viec|chuyen cong tac"},
	{NULL, NULL, NULL},
};

static const vocab_entry_t degree[] = {
	{"trung_cap", "Trung cấp", "trung cap|tc"},
	{"cao_dang", "Cao đẳng", "cao dang|cd"},
	{"dai_hoc", "Đại học", "dai hoc|dh|cu nhan|ky su"},
	{"thac_si", "Thạc sĩ", "thac si|ths"},
	{"tien_si", "Tiến sĩ", "tien si|ts"},
	{NULL, NULL, NULL},
};

static const vocab_entry_t llct[] = {
	{"so_cap", "Sơ cấp", "so cap|sc"},
	{"trung_cap", "Trung cấp", "trung cap|tc"},
	{"cao_cap", "Cao cấp", "cao cap|cc"},
	{"cu_nhan", "Cử nhân", "cu nhan|cn"},
	{NULL, NULL, NULL},
};

static const vocab_entry_t qlnn[] = {
	{"can_su", "Cán sự", "can su"},
	{"chuyen_vien", "Chuyên viên", "chuyen vien|cv"},
	{"chuyen_vien_chinh", "Chuyên viên chính", "chuyen vien chinh|cvc"},
	{"chuyen_vien_cao_cap", "Chuyên viên cao cấp", "chuyen vien cao cap|cvcc"},
	{NULL, NULL, NULL},
};

static const vocab_entry_t assignment[] = {
	{"primary", "Chức vụ chính", "chinh|primary"},
	{"concurrent", "Kiêm nhiệm", "kiem nhiem|concurrent"},
	{"secondment", "Biệt phái", "biet phai|secondment"},
	{NULL, NULL, NULL},
};

static const vocab_entry_t leader_level[] = {
	{"head", "Cấp trưởng", "cap truong|truong|head"},
	{"deputy", "Cấp phó", "cap pho|pho|deputy"},
	{NULL, NULL, NULL},
};

static const vocab_entry_t yesno[] = {
	{"1", "Có", "co|x|1|yes|true|dung"},
	{"0", "Không", "khong|0|no|false|sai"},
	{NULL, NULL, NULL},
};

static const struct {
	const char *name;
	const vocab_entry_t *list;
} lists[VOCAB__MAX] = {
	[VOCAB_CATEGORY] = {"phân loại", category},
	[VOCAB_GENDER] = {"giới tính", gender},
	[VOCAB_UNIT_KIND] = {"loại đơn vị", unit_kind},
	[VOCAB_SECTOR] = {"khối", sector},
	[VOCAB_STATUS] = {"trạng thái", status},
	[VOCAB_DEGREE] = {"trình độ chuyên môn", degree},
	[VOCAB_LLCT] = {"lý luận chính trị", llct},
	[VOCAB_QLNN] = {"quản lý nhà nước", qlnn},
	[VOCAB_ASSIGNMENT] = {"loại chức vụ", assignment},
	[VOCAB_LEADER_LEVEL] = {"cấp lãnh đạo", leader_level},
	[VOCAB_YESNO] = {"có/không", yesno},
};

/* 1 when word occurs as a whole '|'-separated item of list. */
static int in_list(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; *p;) {
		const char *end = strchr(p, '|');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && memcmp(p, word, n) == 0)
			return 1;
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

/* Folded labels, computed once: parsing runs for every cell of an import. */
#define VOCAB_MAX_ENTRIES 16
static char *folded[VOCAB__MAX][VOCAB_MAX_ENTRIES];
static pthread_once_t folded_once = PTHREAD_ONCE_INIT;

static void fold_labels(void)
{
	for (int k = 0; k < VOCAB__MAX; k++)
		for (int i = 0; lists[k].list[i].code && i < VOCAB_MAX_ENTRIES; i++)
			folded[k][i] = text_fold(lists[k].list[i].label);
}

const char *vocab_parse(vocab_kind k, const char *input)
{
	if ((int)k < 0 || k >= VOCAB__MAX || !input)
		return NULL;
	pthread_once(&folded_once, fold_labels);
	buf_t fb;
	buf_init(&fb, 4096);
	text_fold_into(input, &fb);
	const char *f = buf_cstr(&fb);
	const char *found = NULL;
	for (int i = 0; lists[k].list[i].code && i < VOCAB_MAX_ENTRIES; i++) {
		const vocab_entry_t *v = &lists[k].list[i];
		if (strcmp(input, v->code) == 0 || in_list(v->aliases, f) ||
		    strcmp(folded[k][i], f) == 0) {
			found = v->code;
			break;
		}
	}
	buf_free(&fb);
	return found;
}

const char *vocab_label(vocab_kind k, const char *code)
{
	if (!code)
		return "";
	if ((int)k < 0 || k >= VOCAB__MAX)
		return code;
	for (const vocab_entry_t *v = lists[k].list; v->code; v++)
		if (strcmp(v->code, code) == 0)
			return v->label;
	return code;
}

const char *vocab_name(vocab_kind k)
{
	return ((int)k >= 0 && k < VOCAB__MAX) ? lists[k].name : "";
}

const vocab_entry_t *vocab_entries(vocab_kind k)
{
	return lists[k].list;
}

void vocab_choices(vocab_kind k, char *out, unsigned cap)
{
	buf_t b;
	buf_init(&b, cap ? cap - 1 : 1);
	for (const vocab_entry_t *v = lists[k].list; v->code; v++) {
		if (v != lists[k].list)
			buf_puts(&b, ", ");
		buf_puts(&b, v->label);
	}
	if (cap) {
		size_t n = b.len < cap - 1 ? b.len : cap - 1;
		memcpy(out, buf_cstr(&b), n);
		out[n] = '\0';
	}
	buf_free(&b);
}

static const struct {
	const char *code;
	const char *name;
} ranks[] = {
	{"01.001", "Chuyên viên cao cấp"},
	{"01.002", "Chuyên viên chính"},
	{"01.003", "Chuyên viên"},
	{"01.004", "Cán sự"},
	{"01.005", "Nhân viên"},
	{"06.030", "Kế toán viên chính"},
	{"06.031", "Kế toán viên"},
	{"06.032", "Kế toán viên trung cấp"},
	{"04.023", "Thanh tra viên"},
	{"04.024", "Thanh tra viên chính"},
	{"V.07.03.27", "Giáo viên tiểu học hạng I"},
	{"V.07.03.28", "Giáo viên tiểu học hạng II"},
	{"V.07.03.29", "Giáo viên tiểu học hạng III"},
	{"V.07.04.30", "Giáo viên trung học cơ sở hạng I"},
	{"V.07.04.31", "Giáo viên trung học cơ sở hạng II"},
	{"V.07.04.32", "Giáo viên trung học cơ sở hạng III"},
	{"V.08.01.03", "Bác sĩ"},
	{"V.08.05.12", "Điều dưỡng hạng III"},
	{NULL, NULL},
};

static int digits(const char *p, int n)
{
	for (int i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	return 1;
}

int vocab_rank_code_valid(const char *c)
{
	size_t n = strlen(c);
	if (n == 6 && digits(c, 2) && c[2] == '.' && digits(c + 3, 3))
		return 1;
	/* 01.003a-style variants exist in older lists */
	if (n == 7 && digits(c, 2) && c[2] == '.' && digits(c + 3, 3) && c[6] >= 'a' && c[6] <= 'z')
		return 1;
	if (n == 10 && c[0] == 'V' && c[1] == '.' && digits(c + 2, 2) && c[4] == '.' &&
	    digits(c + 5, 2) && c[7] == '.' && digits(c + 8, 2))
		return 1;
	return 0;
}

int vocab_rank_code_repair(const char *in, char out[16])
{
	size_t n = strlen(in);
	const char *dot = strchr(in, '.');
	if (!dot || n > 6)
		return 0;
	size_t a = (size_t)(dot - in), b = n - a - 1;
	if (a < 1 || a > 2 || b < 1 || b > 3 || !digits(in, (int)a) || !digits(dot + 1, (int)b))
		return 0;
	/* left-pad the group to two digits, right-pad the number to three */
	snprintf(out, 16, "%s%.*s.%.*s%s", a == 1 ? "0" : "", (int)a, in, (int)b, dot + 1,
		 b == 1 ? "00" : b == 2 ? "0" : "");
	return vocab_rank_code_valid(out);
}

const char *vocab_rank_name(const char *code)
{
	for (int i = 0; ranks[i].code; i++)
		if (strcmp(ranks[i].code, code) == 0)
			return ranks[i].name;
	return NULL;
}

int vocab_position_is_leader(const char *position, const char **level)
{
	static const char *const heads[] = {"truong ", "chu tich", "giam doc", "bi thu",
					    "chanh ", "tong bien tap", "hieu truong", "vien truong",
					    NULL};
	char *f = text_fold(position);
	int r = 0;
	const char *lv = NULL;
	if (strncmp(f, "pho ", 4) == 0) {
		const char *rest = f + 4;
		for (int i = 0; heads[i]; i++)
			if (strncmp(rest, heads[i], strlen(heads[i])) == 0) {
				r = 1;
				lv = "deputy";
			}
	} else {
		for (int i = 0; heads[i]; i++)
			if (strncmp(f, heads[i], strlen(heads[i])) == 0) {
				r = 1;
				lv = "head";
			}
	}
	free(f);
	if (level)
		*level = lv;
	return r;
}
