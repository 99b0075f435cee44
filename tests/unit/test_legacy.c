/*
 * Unit tests for src/lib/legacy: TCVN3 (ABC), VNI-Windows and Windows-1258
 * to and from NFC UTF-8, and encoding detection (DOMAIN.md §7: old
 * spreadsheets use legacy 8-bit encodings; canbo stores NFC UTF-8 and
 * refuses rather than guesses).
 *
 * The byte tables here were written independently of legacy.c: TCVN3 from
 * the VN3 chart (the positions agree with glibc's TCVN5712-1), VNI from
 * xvnkb's vni.h table, Windows-1258 from glibc iconv's own output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/legacy.h"
#include "lib/text.h"

/* clang-format off */
/* Every vowel with the six tones (none, huyền, sắc, hỏi, ngã, nặng), lower
 * case then upper case, as space-separated NFC rows, with the exact bytes
 * of each row in TCVN3 (NULL: capitals with tones do not exist there) and
 * in VNI-Windows. */
static const struct {
	const char *utf8, *tcvn3, *vni;
} ROWS[] = {
	{"a à á ả ã ạ", "a \xB5 \xB8 \xB6 \xB7 \xB9", "a a\xF8 a\xF9 a\xFB a\xF5 a\xEF"},
	{"ă ằ ắ ẳ ẵ ặ", "\xA8 \xBB \xBE \xBC \xBD \xC6", "a\xEA a\xE8 a\xE9 a\xFA a\xFC a\xEB"},
	{"â ầ ấ ẩ ẫ ậ", "\xA9 \xC7 \xCA \xC8 \xC9 \xCB", "a\xE2 a\xE0 a\xE1 a\xE5 a\xE3 a\xE4"},
	{"e è é ẻ ẽ ẹ", "e \xCC \xD0 \xCE \xCF \xD1", "e e\xF8 e\xF9 e\xFB e\xF5 e\xEF"},
	{"ê ề ế ể ễ ệ", "\xAA \xD2 \xD5 \xD3 \xD4 \xD6", "e\xE2 e\xE0 e\xE1 e\xE5 e\xE3 e\xE4"},
	{"i ì í ỉ ĩ ị", "i \xD7 \xDD \xD8 \xDC \xDE", "i \xEC \xED \xE6 \xF3 \xF2"},
	{"o ò ó ỏ õ ọ", "o \xDF \xE3 \xE1 \xE2 \xE4", "o o\xF8 o\xF9 o\xFB o\xF5 o\xEF"},
	{"ô ồ ố ổ ỗ ộ", "\xAB \xE5 \xE8 \xE6 \xE7 \xE9", "o\xE2 o\xE0 o\xE1 o\xE5 o\xE3 o\xE4"},
	{"ơ ờ ớ ở ỡ ợ", "\xAC \xEA \xED \xEB \xEC \xEE",
	 "\xF4 \xF4\xF8 \xF4\xF9 \xF4\xFB \xF4\xF5 \xF4\xEF"},
	{"u ù ú ủ ũ ụ", "u \xEF \xF3 \xF1 \xF2 \xF4", "u u\xF8 u\xF9 u\xFB u\xF5 u\xEF"},
	{"ư ừ ứ ử ữ ự", "\xAD \xF5 \xF8 \xF6 \xF7 \xF9",
	 "\xF6 \xF6\xF8 \xF6\xF9 \xF6\xFB \xF6\xF5 \xF6\xEF"},
	{"y ỳ ý ỷ ỹ ỵ", "y \xFA \xFD \xFB \xFC \xFE", "y y\xF8 y\xF9 y\xFB y\xF5 \xEE"},
	{"A À Á Ả Ã Ạ", NULL, "A A\xD8 A\xD9 A\xDB A\xD5 A\xCF"},
	{"Ă Ằ Ắ Ẳ Ẵ Ặ", NULL, "A\xCA A\xC8 A\xC9 A\xDA A\xDC A\xCB"},
	{"Â Ầ Ấ Ẩ Ẫ Ậ", NULL, "A\xC2 A\xC0 A\xC1 A\xC5 A\xC3 A\xC4"},
	{"E È É Ẻ Ẽ Ẹ", NULL, "E E\xD8 E\xD9 E\xDB E\xD5 E\xCF"},
	{"Ê Ề Ế Ể Ễ Ệ", NULL, "E\xC2 E\xC0 E\xC1 E\xC5 E\xC3 E\xC4"},
	{"I Ì Í Ỉ Ĩ Ị", NULL, "I \xCC \xCD \xC6 \xD3 \xD2"},
	{"O Ò Ó Ỏ Õ Ọ", NULL, "O O\xD8 O\xD9 O\xDB O\xD5 O\xCF"},
	{"Ô Ồ Ố Ổ Ỗ Ộ", NULL, "O\xC2 O\xC0 O\xC1 O\xC5 O\xC3 O\xC4"},
	{"Ơ Ờ Ớ Ở Ỡ Ợ", NULL, "\xD4 \xD4\xD8 \xD4\xD9 \xD4\xDB \xD4\xD5 \xD4\xCF"},
	{"U Ù Ú Ủ Ũ Ụ", NULL, "U U\xD8 U\xD9 U\xDB U\xD5 U\xCF"},
	{"Ư Ừ Ứ Ử Ữ Ự", NULL, "\xD6 \xD6\xD8 \xD6\xD9 \xD6\xDB \xD6\xD5 \xD6\xCF"},
	{"Y Ỳ Ý Ỷ Ỹ Ỵ", NULL, "Y Y\xD8 Y\xD9 Y\xDB Y\xD5 \xCE"},
};
#define NROWS (sizeof ROWS / sizeof ROWS[0])

/* The same letters decomposed (NFD, marks in canonical order): base, then
 * the vowel's own mark (U+0306 breve, U+0302 circumflex, U+031B horn),
 * then the tone. Index: row % 12. */
static const char *const BASE_NFD[12] = {
	"a", "a\xCC\x86", "a\xCC\x82", "e", "e\xCC\x82", "i",
	"o", "o\xCC\x82", "o\xCC\x9B", "u", "u\xCC\x9B", "y",
};
static const char *const TONE_NFD[6] = {"", "\xCC\x80", "\xCC\x81", "\xCC\x89", "\xCC\x83",
                                        "\xCC\xA3"};

/* Consonants (b c d đ g h k l m n p q r s t v x), both cases. */
static const char *const CONSONANTS[] = {"b", "c", "d", "đ", "g", "h", "k", "l", "m",
                                         "n", "p", "q", "r", "s", "t", "v", "x", "B",
                                         "C", "D", "Đ", "G", "H", "K", "L", "M", "N",
                                         "P", "Q", "R", "S", "T", "V", "X"};

static const legacy_enc LEGACY[] = {LEGACY_TCVN3, LEGACY_VNI, LEGACY_CP1258};
/* clang-format on */

/* Splits row r into its six letters (each a NUL-terminated copy). */
static void row_letters(size_t r, char out[6][8])
{
	const char *p = ROWS[r].utf8;
	for (int t = 0; t < 6; t++) {
		size_t len = strcspn(p, " ");
		assert_true(len < 8);
		memcpy(out[t], p, len);
		out[t][len] = '\0';
		p += len + (p[len] == ' ');
	}
}

/* Encodes s; returns the error code, the bytes in out (reset first). */
static int enc(legacy_enc e, const char *s, buf_t *out)
{
	err_t err;
	buf_reset(out);
	return legacy_encode(e, s, out, &err);
}

/* Decodes n bytes and checks the result is exactly want. */
static void check_decode(legacy_enc e, const char *bytes, size_t n, const char *want)
{
	buf_t out;
	err_t err;
	buf_init(&out, 0);
	int rc = legacy_decode(e, bytes, n, &out, &err);
	if (rc)
		fail_msg("%s: %s", legacy_name(e), err.msg);
	assert_string_equal(buf_cstr(&out), want);
	buf_free(&out);
}

/* Decodes a string literal (which may hold NUL bytes). */
#define DEC(e, lit, want) check_decode(e, lit, sizeof(lit) - 1, want)

/* encode(s) must succeed and decode back to s. */
static void check_round_trip(legacy_enc e, const char *s)
{
	buf_t b;
	err_t err;
	buf_init(&b, 0);
	if (legacy_encode(e, s, &b, &err))
		fail_msg("%s cannot encode \"%s\": %s", legacy_name(e), s, err.msg);
	check_decode(e, b.p ? b.p : "", b.len, s);
	buf_free(&b);
}

static void test_names(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		legacy_enc want;
	} ok[] = {
	    {"tcvn3", LEGACY_TCVN3},         {"ABC", LEGACY_TCVN3},
	    {"TCVN3", LEGACY_TCVN3},         {"vni", LEGACY_VNI},
	    {"VNI-Windows", LEGACY_VNI},     {"cp1258", LEGACY_CP1258},
	    {"Windows-1258", LEGACY_CP1258}, {"utf8", LEGACY_UTF8},
	    {"UTF-8", LEGACY_UTF8},          {"ascii", LEGACY_ASCII},
	};
	legacy_enc e;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		e = LEGACY_UNKNOWN;
		assert_int_equal(legacy_parse_name(ok[i].s, &e), 0);
		assert_int_equal(e, ok[i].want);
	}
	e = LEGACY_VNI;
	assert_int_equal(legacy_parse_name("tcvn5712-1", &e), -1);
	assert_int_equal(legacy_parse_name("", &e), -1);
	assert_int_equal(legacy_parse_name(NULL, &e), -1);
	assert_int_equal(legacy_parse_name("unknown", &e), -1);
	assert_int_equal(e, LEGACY_VNI);

	assert_string_equal(legacy_name(LEGACY_TCVN3), "TCVN3 (ABC)");
	assert_string_equal(legacy_name(LEGACY_VNI), "VNI-Windows");
	assert_string_equal(legacy_name(LEGACY_CP1258), "Windows-1258");
	assert_string_equal(legacy_name(LEGACY_UTF8), "UTF-8");
	assert_string_equal(legacy_name(LEGACY_ASCII), "ASCII");
	assert_string_equal(legacy_name(LEGACY_UNKNOWN), "không xác định");
	assert_string_equal(legacy_name((legacy_enc)99), "không xác định");
}

/* Each row, as one string, encodes to exactly the bytes of the table and
 * decodes back; so does each letter on its own and in NFD. */
static void test_tables_exact(void **state)
{
	(void)state;
	buf_t b;
	buf_init(&b, 0);
	for (size_t r = 0; r < NROWS; r++) {
		assert_int_equal(enc(LEGACY_VNI, ROWS[r].utf8, &b), 0);
		assert_string_equal(buf_cstr(&b), ROWS[r].vni);
		check_decode(LEGACY_VNI, ROWS[r].vni, strlen(ROWS[r].vni), ROWS[r].utf8);
		if (ROWS[r].tcvn3) {
			assert_int_equal(enc(LEGACY_TCVN3, ROWS[r].utf8, &b), 0);
			assert_string_equal(buf_cstr(&b), ROWS[r].tcvn3);
			check_decode(LEGACY_TCVN3, ROWS[r].tcvn3, strlen(ROWS[r].tcvn3),
			             ROWS[r].utf8);
		}
	}
	/* The capitals TCVN3 does have, and đ. */
	assert_int_equal(enc(LEGACY_TCVN3, "Ă Â Ê Ô Ơ Ư Đ đ", &b), 0);
	assert_string_equal(buf_cstr(&b), "\xA1 \xA2 \xA3 \xA4 \xA5 \xA6 \xA7 \xAE");
	assert_int_equal(enc(LEGACY_VNI, "Ă Â Ê Ô Ơ Ư Đ đ", &b), 0);
	assert_string_equal(buf_cstr(&b), "A\xCA A\xC2 E\xC2 O\xC2 \xD4 \xD6 \xD1 \xF1");
	assert_int_equal(enc(LEGACY_CP1258, "Ă Â Ê Ô Ơ Ư Đ đ", &b), 0);
	assert_string_equal(buf_cstr(&b), "\xC3 \xC2 \xCA \xD4 \xD5 \xDD \xD0 \xF0");
	buf_free(&b);
}

/* Complete round trip: every vowel × tone × case and every consonant, in
 * VNI and Windows-1258 all of them; in TCVN3 everything but the capitals
 * with a tone, which must be refused (the documented limit). NFD input
 * encodes to the same bytes as NFC. */
static void test_round_trip_all_letters(void **state)
{
	(void)state;
	buf_t b, nfd_b;
	char letters[6][8], nfd[32];
	int tcvn3_refused = 0, checked = 0;

	buf_init(&b, 0);
	buf_init(&nfd_b, 0);
	for (size_t r = 0; r < NROWS; r++) {
		int upper = r >= 12;
		row_letters(r, letters);
		for (int t = 0; t < 6; t++) {
			snprintf(nfd, sizeof nfd, "%s%s", BASE_NFD[r % 12], TONE_NFD[t]);
			if (upper) /* the base letter is the first byte */
				nfd[0] = (char)(nfd[0] - 0x20);
			for (size_t k = 0; k < 3; k++) {
				legacy_enc e = LEGACY[k];
				if (e == LEGACY_TCVN3 && upper && t > 0) {
					err_t err;
					buf_reset(&b);
					assert_int_equal(legacy_encode(e, letters[t], &b, &err),
					                 ERR_INVALID);
					assert_non_null(strstr(err.msg, "không biểu diễn được"));
					assert_non_null(strstr(err.msg, letters[t]));
					assert_int_equal(b.len, 0);
					tcvn3_refused++;
					continue;
				}
				check_round_trip(e, letters[t]);
				assert_int_equal(enc(e, letters[t], &b), 0);
				assert_int_equal(enc(e, nfd, &nfd_b), 0);
				assert_int_equal(b.len, nfd_b.len);
				assert_memory_equal(b.p, nfd_b.p, b.len);
				checked++;
			}
		}
	}
	/* 12 vowels × 5 tones in upper case. */
	assert_int_equal(tcvn3_refused, 60);
	assert_int_equal(checked, 144 * 3 - 60);

	for (size_t i = 0; i < sizeof CONSONANTS / sizeof CONSONANTS[0]; i++)
		for (size_t k = 0; k < 3; k++)
			check_round_trip(LEGACY[k], CONSONANTS[i]);

	/* All rows at once, so neighbouring letters are exercised too. */
	for (size_t k = 0; k < 3; k++) {
		buf_t all;
		buf_init(&all, 0);
		for (size_t r = 0; r < NROWS; r++) {
			if (LEGACY[k] == LEGACY_TCVN3 && r >= 12)
				break;
			buf_puts(&all, ROWS[r].utf8);
			buf_puts(&all, r % 2 ? "\n" : "");
		}
		check_round_trip(LEGACY[k], buf_cstr(&all));
		buf_free(&all);
	}
	buf_free(&b);
	buf_free(&nfd_b);
}

/* clang-format off */
/* Known answers: real phrases with their bytes written out. */
static const struct {
	legacy_enc enc;
	const char *utf8, *bytes;
	size_t n;
} KAT[] = {
	{LEGACY_TCVN3, "Nguyễn Văn An", "Nguy\xD4n V\xA8n An", 13},
	{LEGACY_TCVN3, "Hà Nội", "H\xB5 N\xE9i", 6},
	{LEGACY_TCVN3, "Đảng ủy", "\xA7\xB6ng \xF1y", 7},
	{LEGACY_TCVN3, "Cộng hòa xã hội chủ nghĩa Việt Nam",
	 "C\xE9ng h\xDF" "a x\xB7 h\xE9i ch\xF1 ngh\xDC" "a Vi\xD6t Nam", 34},
	{LEGACY_TCVN3, "Độc lập - Tự do - Hạnh phúc",
	 "\xA7\xE9" "c l\xCBp - T\xF9 do - H\xB9nh ph\xF3" "c", 27},
	{LEGACY_TCVN3, "Trần Thị Bích Ngọc", "Tr\xC7n Th\xDE B\xDD" "ch Ng\xE4" "c", 18},
	{LEGACY_TCVN3, "Phường Đông Hưng Thuận", "Ph\xAD\xEAng \xA7\xABng H\xADng Thu\xCBn", 22},
	{LEGACY_VNI, "Nguyễn Văn An", "Nguye\xE3n Va\xEAn An", 15},
	{LEGACY_VNI, "Hà Nội", "Ha\xF8 No\xE4i", 8},
	{LEGACY_VNI, "Đảng ủy", "\xD1" "a\xFBng u\xFBy", 9},
	{LEGACY_VNI, "Cộng hòa xã hội chủ nghĩa Việt Nam",
	 "Co\xE4ng ho\xF8" "a xa\xF5 ho\xE4i chu\xFB ngh\xF3" "a Vie\xE4t Nam", 40},
	{LEGACY_VNI, "Độc lập - Tự do - Hạnh phúc",
	 "\xD1o\xE4" "c la\xE4p - T\xF6\xEF do - Ha\xEFnh phu\xF9" "c", 32},
	{LEGACY_VNI, "Trần Thị Bích Ngọc", "Tra\xE0n Th\xF2 B\xED" "ch Ngo\xEF" "c", 20},
	{LEGACY_VNI, "Phường Đông Hưng Thuận", "Ph\xF6\xF4\xF8ng \xD1o\xE2ng H\xF6ng Thua\xE4n", 25},
	{LEGACY_CP1258, "Nguyễn Văn An", "Nguy\xEA\xDEn V\xE3n An", 14},
	{LEGACY_CP1258, "Hà Nội", "H\xE0 N\xF4\xF2i", 7},
	{LEGACY_CP1258, "Đảng ủy", "\xD0" "a\xD2ng u\xD2y", 9},
	{LEGACY_CP1258, "Cộng hòa xã hội chủ nghĩa Việt Nam",
	 "C\xF4\xF2ng ho\xCC" "a xa\xDE h\xF4\xF2i chu\xD2 nghi\xDE" "a Vi\xEA\xF2t Nam", 41},
	{LEGACY_CP1258, "Độc lập - Tự do - Hạnh phúc",
	 "\xD0\xF4\xF2" "c l\xE2\xF2p - T\xFD\xF2 do - Ha\xF2nh ph\xFA" "c", 31},
	{LEGACY_CP1258, "Trần Thị Bích Ngọc", "Tr\xE2\xCCn Thi\xF2 B\xED" "ch Ngo\xF2" "c", 21},
	{LEGACY_CP1258, "Phường Đông Hưng Thuận", "Ph\xFD\xF5\xCCng \xD0\xF4ng H\xFDng Thu\xE2\xF2n", 24},
};
/* clang-format on */

static void test_known_answers(void **state)
{
	(void)state;
	buf_t b;
	buf_init(&b, 0);
	for (size_t i = 0; i < sizeof KAT / sizeof KAT[0]; i++) {
		assert_int_equal(strlen(KAT[i].bytes), KAT[i].n);
		assert_int_equal(enc(KAT[i].enc, KAT[i].utf8, &b), 0);
		assert_int_equal(b.len, KAT[i].n);
		assert_memory_equal(b.p, KAT[i].bytes, KAT[i].n);
		check_decode(KAT[i].enc, KAT[i].bytes, KAT[i].n, KAT[i].utf8);
	}
	buf_free(&b);
}

/* Other spellings of the same text that real files contain. */
static void test_decode_variants(void **state)
{
	(void)state;
	/* Windows-1258 with every tone as a combining mark (what Microsoft's
	 * Vietnamese keyboard types), and two marks in non-canonical order. */
	DEC(LEGACY_CP1258, "Ha\xCC N\xF4\xF2i", "Hà Nội");
	DEC(LEGACY_CP1258, "\xE1", "á");
	DEC(LEGACY_CP1258, "a\xEC", "á");
	/* TCVN3's combining tone bytes 0xB0..0xB4 compose with their base,
	 * even into capitals the font table lacks. */
	DEC(LEGACY_TCVN3, "a\xB3 A\xB3 \xA2\xB4", "á Á Ậ");
	/* A heading typed in the .VnTimeH capitals font: the toned letters use
	 * the lower-case bytes and decode as the table defines them. */
	DEC(LEGACY_TCVN3,
	    "DANH S\xB8"
	    "CH C\xB8N B\xE9",
	    "DANH SáCH CáN Bộ");
	/* Word's curly quotes, dash and ellipsis sit at their Windows-1252
	 * places in both font families; 0xA0 is the no-break space. */
	DEC(LEGACY_TCVN3, "\x93H\xB5 N\xE9i\x94 \x96 \x85\xA0", "“Hà Nội” – …\xC2\xA0");
	DEC(LEGACY_VNI, "\x93Ha\xF8\x94", "“Hà”");
	/* VNI: the case of a mark byte does not matter, the base decides. */
	DEC(LEGACY_VNI, "A\xF9 a\xD9 O\xE2 \xD4\xF9", "Á á Ô Ớ");
	/* VNI: a mark byte at the very end after a base, and a base at the end. */
	DEC(LEGACY_VNI, "Vie\xE4", "Việ");
	DEC(LEGACY_VNI, "Ha", "Ha");
	/* UTF-8 in NFD comes out NFC; ASCII passes through. */
	DEC(LEGACY_UTF8, "Nguye\xCC\x82\xCC\x83n", "Nguyễn");
	DEC(LEGACY_ASCII, "Nguyen Van An\t1\r\n", "Nguyen Van An\t1\r\n");
	/* Decoding appends. */
	buf_t out;
	buf_init(&out, 0);
	buf_puts(&out, "Họ tên: ");
	assert_int_equal(legacy_decode(LEGACY_VNI, "Ha\xF8", 3, &out, NULL), 0);
	assert_string_equal(buf_cstr(&out), "Họ tên: Hà");
	buf_free(&out);
	/* Empty input is fine everywhere. */
	for (int e = LEGACY_ASCII; e < LEGACY__MAX; e++)
		check_decode((legacy_enc)e, "", 0, "");
}

/* A bad byte is refused with its offset; out keeps what it held. */
static void check_decode_error(legacy_enc e, const char *bytes, size_t n, int code,
                               const char *needle1, const char *needle2)
{
	buf_t out;
	err_t err;
	buf_init(&out, 0);
	buf_puts(&out, "trước");
	assert_int_equal(legacy_decode(e, bytes, n, &out, &err), code);
	assert_int_equal(err.code, code);
	if (needle1 && !strstr(err.msg, needle1))
		fail_msg("\"%s\" not in \"%s\"", needle1, err.msg);
	if (needle2 && !strstr(err.msg, needle2))
		fail_msg("\"%s\" not in \"%s\"", needle2, err.msg);
	assert_string_equal(buf_cstr(&out), "trước");
	assert_int_equal(legacy_decode(e, bytes, n, &out, NULL), code); /* e may be NULL */
	buf_free(&out);
}

#define DEC_ERR(e, lit, code, n1, n2) check_decode_error(e, lit, sizeof(lit) - 1, code, n1, n2)

static void test_decode_errors(void **state)
{
	(void)state;
	/* TCVN3 gaps (VN1 capitals elsewhere). */
	DEC_ERR(LEGACY_TCVN3, "Nguy\xBAn", ERR_INVALID, "0xBA", "vị trí 4");
	DEC_ERR(LEGACY_TCVN3, "ab\xFF", ERR_INVALID, "0xFF", "TCVN3 (ABC)");
	DEC_ERR(LEGACY_TCVN3, "\x81", ERR_INVALID, "0x81", "vị trí 0");
	/* VNI: a mark after a consonant, a breve on o, an undefined byte. */
	DEC_ERR(LEGACY_VNI, "x\xF9", ERR_INVALID, "0xF9", "vị trí 1");
	DEC_ERR(LEGACY_VNI, "\xF9", ERR_INVALID, "0xF9", "nguyên âm");
	DEC_ERR(LEGACY_VNI, "ho\xEAn", ERR_INVALID, "0xEA", "vị trí 2");
	DEC_ERR(LEGACY_VNI, "a\xF9\xF9", ERR_INVALID, "0xF9", "vị trí 2");
	DEC_ERR(LEGACY_VNI, "abc\xFF", ERR_INVALID, "0xFF", "VNI-Windows");
	/* Windows-1258 undefined bytes. */
	DEC_ERR(LEGACY_CP1258, "Vi\xEA\xF2t \x81", ERR_INVALID, "0x81", "vị trí 6");
	DEC_ERR(LEGACY_CP1258, "\x9E", ERR_INVALID, "0x9E", "Windows-1258");
	/* ASCII and UTF-8. */
	DEC_ERR(LEGACY_ASCII, "abc\xE9", ERR_INVALID, "0xE9", "vị trí 3");
	DEC_ERR(LEGACY_UTF8, "H\xC3\xA0 \xC3", ERR_INVALID, "UTF-8", "vị trí 4");
	/* NUL bytes mean binary data, in every encoding. */
	for (int e = LEGACY_ASCII; e < LEGACY__MAX; e++)
		DEC_ERR((legacy_enc)e, "ab\0c", ERR_INVALID, "0x00", "vị trí 2");
	/* No encoding chosen. */
	DEC_ERR(LEGACY_UNKNOWN, "abc", ERR_USAGE, "bảng mã", NULL);
	DEC_ERR((legacy_enc)42, "abc", ERR_USAGE, NULL, NULL);

	/* A full output buffer is a normal error, and the buffer is restored. */
	buf_t small;
	err_t err;
	buf_init(&small, 8);
	assert_int_equal(legacy_decode(LEGACY_TCVN3, "Nguy\xD4n V\xA8n An", 13, &small, &err),
	                 ERR_TOO_LARGE);
	assert_int_equal(small.len, 0);
	buf_free(&small);
}

static void test_encode_errors(void **state)
{
	(void)state;
	buf_t b;
	err_t err;
	buf_init(&b, 0);
	buf_puts(&b, "x");
	/* Characters outside each repertoire. */
	assert_int_equal(legacy_encode(LEGACY_VNI, "Hà 中", &b, &err), ERR_INVALID);
	assert_non_null(strstr(err.msg, "U+4E2D"));
	assert_non_null(strstr(err.msg, "vị trí 4"));
	assert_string_equal(buf_cstr(&b), "x");
	assert_int_equal(legacy_encode(LEGACY_VNI, "ø", &b, &err), ERR_INVALID); /* a mark byte */
	assert_int_equal(legacy_encode(LEGACY_TCVN3, "Ấn", &b, &err), ERR_INVALID);
	assert_non_null(strstr(err.msg, "TCVN3 (ABC)"));
	assert_int_equal(legacy_encode(LEGACY_CP1258, "Hà 中", &b, &err), ERR_INVALID);
	assert_non_null(strstr(err.msg, "U+4E2D"));
	assert_string_equal(buf_cstr(&b), "x");
	assert_int_equal(legacy_encode(LEGACY_ASCII, "Hà", &b, &err), ERR_INVALID);
	/* Invalid UTF-8 in, no encoding. */
	assert_int_equal(legacy_encode(LEGACY_VNI, "a\xFF", &b, &err), ERR_INVALID);
	assert_int_equal(legacy_encode(LEGACY_UNKNOWN, "a", &b, &err), ERR_USAGE);
	assert_string_equal(buf_cstr(&b), "x");
	/* UTF-8 output is NFC. */
	buf_reset(&b);
	assert_int_equal(legacy_encode(LEGACY_UTF8, "Nguye\xCC\x82\xCC\x83n", &b, &err), 0);
	assert_string_equal(buf_cstr(&b), "Nguyễn");
	buf_free(&b);
}

/* A realistic staff-list line: number, name, position, unit. */
static const char STAFF[] = "12. Nguyễn Thị Hồng Nhung - Phó trưởng phòng Tổ chức cán bộ, "
                            "Sở Nội vụ tỉnh Quảng Ngãi; Trần Văn Đức - chuyên viên";

static void check_detect(const char *in, size_t n, legacy_enc want, int min_conf)
{
	int conf = -1;
	legacy_enc got = legacy_detect(in, n, &conf);
	if (got != want || conf < min_conf)
		fail_msg("detected %s (%d%%), want %s (>= %d%%)", legacy_name(got), conf,
		         legacy_name(want), min_conf);
	assert_true(conf >= 0 && conf <= 100);
}

static void test_detect_encodings(void **state)
{
	(void)state;
	buf_t b;
	buf_init(&b, 0);
	for (size_t k = 0; k < 3; k++) {
		assert_int_equal(enc(LEGACY[k], STAFF, &b), 0);
		check_detect(b.p, b.len, LEGACY[k], 80);
	}
	/* Several lines of a list, as read from a file. */
	static const char LIST[] =
	    "STT;Họ và tên;Ngày sinh;Chức vụ;Đơn vị\n"
	    "1;Lê Thị Mỹ Hạnh;12/03/1980;Trưởng phòng;Phòng Tài chính - Kế hoạch\n"
	    "2;Phạm Quốc Việt;01/11/1975;Phó chủ tịch;Ban Tổ chức Huyện ủy Hòa Bình\n"
	    "3;Võ Thị Thu Hương;25/07/1990;Kế toán;Trung tâm Y tế huyện\n";
	for (size_t k = 0; k < 3; k++) {
		assert_int_equal(enc(LEGACY[k], LIST, &b), 0);
		check_detect(b.p, b.len, LEGACY[k], 90);
	}
	/* The KAT phrases joined together. */
	for (size_t k = 0; k < 3; k++) {
		buf_reset(&b);
		for (size_t i = 0; i < sizeof KAT / sizeof KAT[0]; i++) {
			if (KAT[i].enc == LEGACY[k]) {
				buf_add(&b, KAT[i].bytes, KAT[i].n);
				buf_putc(&b, '\n');
			}
		}
		check_detect(b.p, b.len, LEGACY[k], 80);
	}
	buf_free(&b);
}

static void test_detect_utf8_ascii(void **state)
{
	(void)state;
	check_detect(STAFF, strlen(STAFF), LEGACY_UTF8, 100);
	/* Mixed: part NFC, part NFD, still UTF-8 and decoded to NFC. */
	static const char MIXED[] = "Nguye\xCC\x82\xCC\x83n Văn An, Ho\xCC\x80"
	                            "a Bình";
	check_detect(MIXED, strlen(MIXED), LEGACY_UTF8, 100);
	check_decode(LEGACY_UTF8, MIXED, strlen(MIXED), "Nguyễn Văn An, Hòa Bình");
	check_detect("Hà", strlen("Hà"), LEGACY_UTF8, 90);
	check_detect("Nguyen Van An - Phong To chuc", 29, LEGACY_ASCII, 100);
	check_detect("", 0, LEGACY_ASCII, 100);
	legacy_detect("x", 1, NULL); /* confidence may be NULL */
}

static void check_unknown(const char *in, size_t n)
{
	int conf = -1;
	legacy_enc got = legacy_detect(in, n, &conf);
	if (got != LEGACY_UNKNOWN || conf >= LEGACY_CONFIDENCE_MIN)
		fail_msg("detected %s (%d%%), want unknown", legacy_name(got), conf);
	assert_true(conf >= 0);
}

static void test_detect_refuses(void **state)
{
	(void)state;
	/* Too little text: "Hà Nội" in TCVN3 and in VNI, one name in VNI. */
	check_unknown("H\xB5 N\xE9i", 6);
	check_unknown("Ha\xF8 No\xE4i", 8);
	check_unknown("Nguye\xE3n An", 11);
	/* VNI and Windows-1258 read these bytes the same way (í, ì): a tie. */
	static const char TIE[] = "K\xEDnh g\xEDn m\xEC B\xED Th\xEC K\xEDnh g\xEDn";
	check_unknown(TIE, strlen(TIE));
	/* Binary data and noise. */
	check_unknown("ab\0cd\xE9", 6);
	static const unsigned char NOISE[] = {0x8F, 0x13, 0xFF, 0xC0, 0x7A, 0xBA, 0x90, 0xF0,
	                                      0x00, 0xD9, 0x81, 0x2E, 0xCD, 0xE0, 0x9D, 0xAF};
	check_unknown((const char *)NOISE, sizeof NOISE);
	static const unsigned char HIGH[] = {0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xBF, 0xBA,
	                                     0xAF, 0xF0, 0xFF, 0xDA, 0xDB, 0xE0, 0xCD};
	check_unknown((const char *)HIGH, sizeof HIGH);
	/* Legacy punctuation only, no words to judge. */
	check_unknown("\x93"
	              "abc\x94",
	              5);
}

/* Mis-decoded text is what the validator must reject; real words pass. */
static void test_detect_validator_via_decoding(void **state)
{
	(void)state;
	/* A long TCVN3 text read by a user as Windows-1258 gives "Céng hoµ";
	 * detection must not pick Windows-1258 even with many words. */
	buf_t b;
	buf_init(&b, 0);
	for (int i = 0; i < 50; i++) {
		assert_int_equal(
		    legacy_encode(LEGACY_TCVN3, "Cộng hòa xã hội chủ nghĩa Việt Nam. ", &b, NULL),
		    0);
	}
	check_detect(b.p, b.len, LEGACY_TCVN3, 95);
	/* Words with every syllable shape. */
	buf_reset(&b);
	assert_int_equal(legacy_encode(LEGACY_VNI,
	                               "nghiêng khuỷu quyết giường người khuya ngoài huỳnh "
	                               "thuở oanh xoong giặt gìn kìa rượu yêu ấy tuổi",
	                               &b, NULL),
	                 0);
	check_detect(b.p, b.len, LEGACY_VNI, 90);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_tables_exact),
	    cmocka_unit_test(test_round_trip_all_letters),
	    cmocka_unit_test(test_known_answers),
	    cmocka_unit_test(test_decode_variants),
	    cmocka_unit_test(test_decode_errors),
	    cmocka_unit_test(test_encode_errors),
	    cmocka_unit_test(test_detect_encodings),
	    cmocka_unit_test(test_detect_utf8_ascii),
	    cmocka_unit_test(test_detect_refuses),
	    cmocka_unit_test(test_detect_validator_via_decoding),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
