/*
 * legacy: TCVN3, VNI-Windows and Windows-1258 to and from NFC UTF-8, and
 * detection by Vietnamese syllable scoring. See legacy.h.
 *
 * Where the tables come from
 *
 *   Vietnamese letters: VOWEL_CP below lists the 12 vowels × 6 tones in
 *   both cases as Unicode code points (generated with Python's
 *   unicodedata from base letter + combining tone, NFC; checked again by
 *   the round-trip tests against literal UTF-8).
 *
 *   TCVN3 (ABC; TCVN 5712:1993 VN3), the layout of the .VnTime/.VnArial
 *   fonts: the lower-case toned letters at 0xB5..0xFE, ă â ê ô ơ ư đ at
 *   0xA8..0xAE, their capitals Ă Â Ê Ô Ơ Ư Đ at 0xA1..0xA7, and the five
 *   tone marks as combining characters at 0xB0..0xB4. Written from the
 *   standard's VN3 chart; every one of those positions was compared with
 *   glibc's TCVN5712-1 (VN1) converter, which agrees on all of them. VN1
 *   differs elsewhere, which is why it is not used: it puts capitals with
 *   tones on 0x01..0x17 (C0 controls) and 0x80..0x9F and on the VN3 gaps
 *   (0xAF, 0xBA, 0xBF..0xC5, 0xCD, 0xD9..0xDB, 0xE0, 0xF0, 0xFF). In the
 *   ABC fonts those capitals live in the separate ".VnTimeH" font on the
 *   lower-case bytes, so TCVN3 text cannot carry a capital with a tone and
 *   the gaps are refused here. 0x80..0x9F are read as Windows-1252 (the
 *   .Vn fonts are ANSI fonts, and Word's curly quotes, dashes and ellipsis
 *   land there) and 0xA0 as the no-break space; 0x81 0x8D 0x8F 0x90 0x9D
 *   are undefined.
 *
 *   VNI-Windows (VNI-Times ...): a base letter followed by one byte that
 *   draws the diacritics over it, both taken from Windows-1252 glyph
 *   positions: "a" + 0xF9 (ù) = á, "a" + 0xE2 (â) = â, "a" + 0xE1 (á) = ấ,
 *   "a" + 0xEA (ê) = ă; capitals use the same mark bytes minus 0x20
 *   ("A" + 0xD9 = Á). Standalone bytes: đ 0xF1, ơ 0xF4, ư 0xF6, í ì ỉ ĩ ị
 *   0xED 0xEC 0xE6 0xF3 0xF2, ỵ 0xEE (capitals minus 0x20). Cross-checked
 *   against the VNI table of xvnkb (Dao Hai Lam, vni.h) and the familiar
 *   mis-rendered strings ("Vieät Nam", "Coäng hoøa"). Decoding is lenient
 *   in one way: the case of a mark byte is ignored and the letter takes
 *   the case of its base ("Aù" = Á). 0x80..0xBF are Windows-1252/Latin-1.
 *   Bytes that are neither letters nor marks (0xC7 0xD0 0xD7 0xDD..0xDF
 *   0xE7 0xF0 0xF7 0xFD..0xFF) are refused.
 *
 *   Windows-1258: glibc iconv ("CP1258"), which composes base + tone on
 *   input and decomposes on output; when combining marks are left over
 *   (two marks in a row, a mark on a letter with no precomposed form) the
 *   result goes through text_nfc().
 *
 * Detection decodes a sample with each legacy candidate and counts, among
 * the words that contain a non-ASCII character, how many are well-formed
 * Vietnamese syllables (syllable_ok(): onset + nucleus + coda from fixed
 * lists, one tone on the vowel that carries it, stops only with sắc or
 * nặng). Mis-decoded text almost never passes: TCVN3 read as Windows-1258
 * gives "Céng hoµ", VNI read as TCVN3 gives "Vieọt".
 *
 * Nothing here allocates per byte: decoders stage output in a stack buffer
 * and append runs; the only allocations are out growing, one NFC copy when
 * combining marks occur, and the detection scratch buffer.
 */
#include "legacy.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text.h"

/* Inputs above this are refused before anything is allocated. */
#define LEGACY_MAX_INPUT ((size_t)256 << 20)
/* Detection scores at most this many bytes. */
#define DETECT_SAMPLE ((size_t)64 << 10)
/* Below this many valid non-ASCII words the confidence is capped at 50. */
#define DETECT_MIN_WORDS 3
/* A runner-up this many points (of 100) behind costs nothing; closer
 * runners-up scale the confidence down linearly to 0 at a tie. */
#define DETECT_FULL_MARGIN 50

/* clang-format off */
/* Tones (thanh điệu), in the column order of VOWEL_CP. */
enum { TONE_NONE, TONE_GRAVE /* huyền */, TONE_ACUTE /* sắc */, TONE_HOOK /* hỏi */,
       TONE_TILDE /* ngã */, TONE_DOT /* nặng */ };

/* The 12 vowel letters, in the row order of VOWEL_CP (Telex names: aw = ă,
 * aa = â, ee = ê, oo = ô, ow = ơ, uw = ư). */
enum { V_A, V_AW, V_AA, V_E, V_EE, V_I, V_O, V_OO, V_OW, V_U, V_UW, V_Y, V__MAX };

/* Each vowel without its tone, lower case, as UTF-8. */
static const char *const VOWEL_BARE[V__MAX] = {"a", "ă", "â", "e", "ê", "i",
                                               "o", "ô", "ơ", "u", "ư", "y"};

/* VOWEL_CP[upper][vowel][tone]: the precomposed letter. */
static const uint16_t VOWEL_CP[2][V__MAX][6] = {
	{
		{0x0061, 0x00E0, 0x00E1, 0x1EA3, 0x00E3, 0x1EA1}, /* a à á ả ã ạ */
		{0x0103, 0x1EB1, 0x1EAF, 0x1EB3, 0x1EB5, 0x1EB7}, /* ă ằ ắ ẳ ẵ ặ */
		{0x00E2, 0x1EA7, 0x1EA5, 0x1EA9, 0x1EAB, 0x1EAD}, /* â ầ ấ ẩ ẫ ậ */
		{0x0065, 0x00E8, 0x00E9, 0x1EBB, 0x1EBD, 0x1EB9}, /* e è é ẻ ẽ ẹ */
		{0x00EA, 0x1EC1, 0x1EBF, 0x1EC3, 0x1EC5, 0x1EC7}, /* ê ề ế ể ễ ệ */
		{0x0069, 0x00EC, 0x00ED, 0x1EC9, 0x0129, 0x1ECB}, /* i ì í ỉ ĩ ị */
		{0x006F, 0x00F2, 0x00F3, 0x1ECF, 0x00F5, 0x1ECD}, /* o ò ó ỏ õ ọ */
		{0x00F4, 0x1ED3, 0x1ED1, 0x1ED5, 0x1ED7, 0x1ED9}, /* ô ồ ố ổ ỗ ộ */
		{0x01A1, 0x1EDD, 0x1EDB, 0x1EDF, 0x1EE1, 0x1EE3}, /* ơ ờ ớ ở ỡ ợ */
		{0x0075, 0x00F9, 0x00FA, 0x1EE7, 0x0169, 0x1EE5}, /* u ù ú ủ ũ ụ */
		{0x01B0, 0x1EEB, 0x1EE9, 0x1EED, 0x1EEF, 0x1EF1}, /* ư ừ ứ ử ữ ự */
		{0x0079, 0x1EF3, 0x00FD, 0x1EF7, 0x1EF9, 0x1EF5}, /* y ỳ ý ỷ ỹ ỵ */
	},
	{
		{0x0041, 0x00C0, 0x00C1, 0x1EA2, 0x00C3, 0x1EA0}, /* A À Á Ả Ã Ạ */
		{0x0102, 0x1EB0, 0x1EAE, 0x1EB2, 0x1EB4, 0x1EB6}, /* Ă Ằ Ắ Ẳ Ẵ Ặ */
		{0x00C2, 0x1EA6, 0x1EA4, 0x1EA8, 0x1EAA, 0x1EAC}, /* Â Ầ Ấ Ẩ Ẫ Ậ */
		{0x0045, 0x00C8, 0x00C9, 0x1EBA, 0x1EBC, 0x1EB8}, /* E È É Ẻ Ẽ Ẹ */
		{0x00CA, 0x1EC0, 0x1EBE, 0x1EC2, 0x1EC4, 0x1EC6}, /* Ê Ề Ế Ể Ễ Ệ */
		{0x0049, 0x00CC, 0x00CD, 0x1EC8, 0x0128, 0x1ECA}, /* I Ì Í Ỉ Ĩ Ị */
		{0x004F, 0x00D2, 0x00D3, 0x1ECE, 0x00D5, 0x1ECC}, /* O Ò Ó Ỏ Õ Ọ */
		{0x00D4, 0x1ED2, 0x1ED0, 0x1ED4, 0x1ED6, 0x1ED8}, /* Ô Ồ Ố Ổ Ỗ Ộ */
		{0x01A0, 0x1EDC, 0x1EDA, 0x1EDE, 0x1EE0, 0x1EE2}, /* Ơ Ờ Ớ Ở Ỡ Ợ */
		{0x0055, 0x00D9, 0x00DA, 0x1EE6, 0x0168, 0x1EE4}, /* U Ù Ú Ủ Ũ Ụ */
		{0x01AF, 0x1EEA, 0x1EE8, 0x1EEC, 0x1EEE, 0x1EF0}, /* Ư Ừ Ứ Ử Ữ Ự */
		{0x0059, 0x1EF2, 0x00DD, 0x1EF6, 0x1EF8, 0x1EF4}, /* Y Ỳ Ý Ỷ Ỹ Ỵ */
	},
};

/* The non-ASCII entries of VOWEL_CP sorted by code point, for the reverse
 * lookup: {code point, vowel, tone, upper}. */
typedef struct letter {
	uint16_t cp;
	uint8_t vowel, tone, upper;
} letter_t;

static const letter_t LETTERS[] = {
	{0x00C0, 0, 1, 1},  {0x00C1, 0, 2, 1},  {0x00C2, 2, 0, 1},  {0x00C3, 0, 4, 1},
	{0x00C8, 3, 1, 1},  {0x00C9, 3, 2, 1},  {0x00CA, 4, 0, 1},  {0x00CC, 5, 1, 1},
	{0x00CD, 5, 2, 1},  {0x00D2, 6, 1, 1},  {0x00D3, 6, 2, 1},  {0x00D4, 7, 0, 1},
	{0x00D5, 6, 4, 1},  {0x00D9, 9, 1, 1},  {0x00DA, 9, 2, 1},  {0x00DD, 11, 2, 1},
	{0x00E0, 0, 1, 0},  {0x00E1, 0, 2, 0},  {0x00E2, 2, 0, 0},  {0x00E3, 0, 4, 0},
	{0x00E8, 3, 1, 0},  {0x00E9, 3, 2, 0},  {0x00EA, 4, 0, 0},  {0x00EC, 5, 1, 0},
	{0x00ED, 5, 2, 0},  {0x00F2, 6, 1, 0},  {0x00F3, 6, 2, 0},  {0x00F4, 7, 0, 0},
	{0x00F5, 6, 4, 0},  {0x00F9, 9, 1, 0},  {0x00FA, 9, 2, 0},  {0x00FD, 11, 2, 0},
	{0x0102, 1, 0, 1},  {0x0103, 1, 0, 0},  {0x0128, 5, 4, 1},  {0x0129, 5, 4, 0},
	{0x0168, 9, 4, 1},  {0x0169, 9, 4, 0},  {0x01A0, 8, 0, 1},  {0x01A1, 8, 0, 0},
	{0x01AF, 10, 0, 1}, {0x01B0, 10, 0, 0}, {0x1EA0, 0, 5, 1},  {0x1EA1, 0, 5, 0},
	{0x1EA2, 0, 3, 1},  {0x1EA3, 0, 3, 0},  {0x1EA4, 2, 2, 1},  {0x1EA5, 2, 2, 0},
	{0x1EA6, 2, 1, 1},  {0x1EA7, 2, 1, 0},  {0x1EA8, 2, 3, 1},  {0x1EA9, 2, 3, 0},
	{0x1EAA, 2, 4, 1},  {0x1EAB, 2, 4, 0},  {0x1EAC, 2, 5, 1},  {0x1EAD, 2, 5, 0},
	{0x1EAE, 1, 2, 1},  {0x1EAF, 1, 2, 0},  {0x1EB0, 1, 1, 1},  {0x1EB1, 1, 1, 0},
	{0x1EB2, 1, 3, 1},  {0x1EB3, 1, 3, 0},  {0x1EB4, 1, 4, 1},  {0x1EB5, 1, 4, 0},
	{0x1EB6, 1, 5, 1},  {0x1EB7, 1, 5, 0},  {0x1EB8, 3, 5, 1},  {0x1EB9, 3, 5, 0},
	{0x1EBA, 3, 3, 1},  {0x1EBB, 3, 3, 0},  {0x1EBC, 3, 4, 1},  {0x1EBD, 3, 4, 0},
	{0x1EBE, 4, 2, 1},  {0x1EBF, 4, 2, 0},  {0x1EC0, 4, 1, 1},  {0x1EC1, 4, 1, 0},
	{0x1EC2, 4, 3, 1},  {0x1EC3, 4, 3, 0},  {0x1EC4, 4, 4, 1},  {0x1EC5, 4, 4, 0},
	{0x1EC6, 4, 5, 1},  {0x1EC7, 4, 5, 0},  {0x1EC8, 5, 3, 1},  {0x1EC9, 5, 3, 0},
	{0x1ECA, 5, 5, 1},  {0x1ECB, 5, 5, 0},  {0x1ECC, 6, 5, 1},  {0x1ECD, 6, 5, 0},
	{0x1ECE, 6, 3, 1},  {0x1ECF, 6, 3, 0},  {0x1ED0, 7, 2, 1},  {0x1ED1, 7, 2, 0},
	{0x1ED2, 7, 1, 1},  {0x1ED3, 7, 1, 0},  {0x1ED4, 7, 3, 1},  {0x1ED5, 7, 3, 0},
	{0x1ED6, 7, 4, 1},  {0x1ED7, 7, 4, 0},  {0x1ED8, 7, 5, 1},  {0x1ED9, 7, 5, 0},
	{0x1EDA, 8, 2, 1},  {0x1EDB, 8, 2, 0},  {0x1EDC, 8, 1, 1},  {0x1EDD, 8, 1, 0},
	{0x1EDE, 8, 3, 1},  {0x1EDF, 8, 3, 0},  {0x1EE0, 8, 4, 1},  {0x1EE1, 8, 4, 0},
	{0x1EE2, 8, 5, 1},  {0x1EE3, 8, 5, 0},  {0x1EE4, 9, 5, 1},  {0x1EE5, 9, 5, 0},
	{0x1EE6, 9, 3, 1},  {0x1EE7, 9, 3, 0},  {0x1EE8, 10, 2, 1}, {0x1EE9, 10, 2, 0},
	{0x1EEA, 10, 1, 1}, {0x1EEB, 10, 1, 0}, {0x1EEC, 10, 3, 1}, {0x1EED, 10, 3, 0},
	{0x1EEE, 10, 4, 1}, {0x1EEF, 10, 4, 0}, {0x1EF0, 10, 5, 1}, {0x1EF1, 10, 5, 0},
	{0x1EF2, 11, 1, 1}, {0x1EF3, 11, 1, 0}, {0x1EF4, 11, 5, 1}, {0x1EF5, 11, 5, 0},
	{0x1EF6, 11, 3, 1}, {0x1EF7, 11, 3, 0}, {0x1EF8, 11, 4, 1}, {0x1EF9, 11, 4, 0},
};

/* TCVN3 bytes 0x80..0xFF → code point; 0 = not defined (see the top). */
static const uint16_t TCVN3_HI[128] = {
	/* 80 */ 0x20AC, 0x0000, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	/* 88 */ 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x0000, 0x017D, 0x0000,
	/* 90 */ 0x0000, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	/* 98 */ 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x0000, 0x017E, 0x0178,
	/* A0 */ 0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110, /*   Ă Â Ê Ô Ơ Ư Đ */
	/* A8 */ 0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x0000, /* ă â ê ô ơ ư đ */
	/* B0 */ 0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, 0x00E3, /* ̀ ̉ ̃ ́ ̣ à ả ã */
	/* B8 */ 0x00E1, 0x1EA1, 0x0000, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x0000, /* á ạ   ằ ẳ ẵ ắ */
	/* C0 */ 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x1EB7, 0x1EA7, /*             ặ ầ */
	/* C8 */ 0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x0000, 0x1EBB, 0x1EBD, /* ẩ ẫ ấ ậ è   ẻ ẽ */
	/* D0 */ 0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC, /* é ẹ ề ể ễ ế ệ ì */
	/* D8 */ 0x1EC9, 0x0000, 0x0000, 0x0000, 0x0129, 0x00ED, 0x1ECB, 0x00F2, /* ỉ       ĩ í ị ò */
	/* E0 */ 0x0000, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7, /*   ỏ õ ó ọ ồ ổ ỗ */
	/* E8 */ 0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9, /* ố ộ ờ ở ỡ ớ ợ ù */
	/* F0 */ 0x0000, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF, /*   ủ ũ ú ụ ừ ử ữ */
	/* F8 */ 0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x0000, /* ứ ự ỳ ỷ ỹ ý ỵ   */
};

/* VNI bytes 0x80..0xFF that stand for a character on their own; 0 = a mark
 * byte (VNI_MARK) or not defined. */
static const uint16_t VNI_HI[128] = {
	/* 80 */ 0x20AC, 0x0000, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	/* 88 */ 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x0000, 0x017D, 0x0000,
	/* 90 */ 0x0000, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	/* 98 */ 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x0000, 0x017E, 0x0178,
	/* A0 */ 0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7,
	/* A8 */ 0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
	/* B0 */ 0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
	/* B8 */ 0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
	/* C0 */ 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x1EC8, 0x0000, /* Ỉ */
	/* C8 */ 0x0000, 0x0000, 0x0000, 0x0000, 0x00CC, 0x00CD, 0x1EF4, 0x0000, /* Ì Í Ỵ */
	/* D0 */ 0x0000, 0x0110, 0x1ECA, 0x0128, 0x01A0, 0x0000, 0x01AF, 0x0000, /* Đ Ị Ĩ Ơ Ư */
	/* D8 */ 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	/* E0 */ 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x1EC9, 0x0000, /* ỉ */
	/* E8 */ 0x0000, 0x0000, 0x0000, 0x0000, 0x00EC, 0x00ED, 0x1EF5, 0x0000, /* ì í ỵ */
	/* F0 */ 0x0000, 0x0111, 0x1ECB, 0x0129, 0x01A1, 0x0000, 0x01B0, 0x0000, /* đ ị ĩ ơ ư */
	/* F8 */ 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
};

/* What a VNI mark byte adds to its base: a modifier and a tone. */
enum { MOD_PLAIN, MOD_CIRC /* ^ */, MOD_BREVE /* ˘ */ };

/* VNI_MARK_BYTE[modifier][tone]: the lower-case mark byte (capitals: minus
 * 0x20); 0 where the base letter stands alone. */
static const uint8_t VNI_MARK_BYTE[3][6] = {
	{0x00, 0xF8, 0xF9, 0xFB, 0xF5, 0xEF}, /* ø ù û õ ï */
	{0xE2, 0xE0, 0xE1, 0xE5, 0xE3, 0xE4}, /* â à á å ã ä */
	{0xEA, 0xE8, 0xE9, 0xFA, 0xFC, 0xEB}, /* ê è é ú ü ë */
};

/* VNI_MARK[byte] = modifier << 3 | tone for the 34 mark bytes (either
 * case), 0 for any other byte. Never 0 for a mark: a plain modifier always
 * comes with a tone. */
#define MK(mod, tone) (uint8_t)((mod) << 3 | (tone))
#define MARK2(b, mod, tone) [b] = MK(mod, tone), [(b)-0x20] = MK(mod, tone)
static const uint8_t VNI_MARK[256] = {
	MARK2(0xF8, MOD_PLAIN, TONE_GRAVE), MARK2(0xF9, MOD_PLAIN, TONE_ACUTE),
	MARK2(0xFB, MOD_PLAIN, TONE_HOOK),  MARK2(0xF5, MOD_PLAIN, TONE_TILDE),
	MARK2(0xEF, MOD_PLAIN, TONE_DOT),   MARK2(0xE2, MOD_CIRC, TONE_NONE),
	MARK2(0xE0, MOD_CIRC, TONE_GRAVE),  MARK2(0xE1, MOD_CIRC, TONE_ACUTE),
	MARK2(0xE5, MOD_CIRC, TONE_HOOK),   MARK2(0xE3, MOD_CIRC, TONE_TILDE),
	MARK2(0xE4, MOD_CIRC, TONE_DOT),    MARK2(0xEA, MOD_BREVE, TONE_NONE),
	MARK2(0xE8, MOD_BREVE, TONE_GRAVE), MARK2(0xE9, MOD_BREVE, TONE_ACUTE),
	MARK2(0xFA, MOD_BREVE, TONE_HOOK),  MARK2(0xFC, MOD_BREVE, TONE_TILDE),
	MARK2(0xEB, MOD_BREVE, TONE_DOT),
};

/* VNI_BASE[byte] = (vowel + 1) | 0x80 for capitals: the bytes a mark may
 * follow (a e i o u y, ơ 0xF4, ư 0xF6 and their capitals); 0 otherwise. */
#define BASE(v, up) (uint8_t)(((v) + 1) | ((up) << 7))
static const uint8_t VNI_BASE[256] = {
	['a'] = BASE(V_A, 0),   ['e'] = BASE(V_E, 0),   ['i'] = BASE(V_I, 0),
	['o'] = BASE(V_O, 0),   ['u'] = BASE(V_U, 0),   ['y'] = BASE(V_Y, 0),
	['A'] = BASE(V_A, 1),   ['E'] = BASE(V_E, 1),   ['I'] = BASE(V_I, 1),
	['O'] = BASE(V_O, 1),   ['U'] = BASE(V_U, 1),   ['Y'] = BASE(V_Y, 1),
	[0xF4] = BASE(V_OW, 0), [0xF6] = BASE(V_UW, 0), [0xD4] = BASE(V_OW, 1),
	[0xD6] = BASE(V_UW, 1),
};

/* VNI_COMPOSE[base vowel][modifier]: the vowel written, -1 if the modifier
 * does not fit the base. Only the rows of VNI_BASE vowels are used. */
static const int8_t VNI_COMPOSE[V__MAX][3] = {
	[V_A] = {V_A, V_AA, V_AW}, [V_E] = {V_E, V_EE, -1},   [V_I] = {V_I, -1, -1},
	[V_O] = {V_O, V_OO, -1},   [V_U] = {V_U, -1, -1},     [V_Y] = {V_Y, -1, -1},
	[V_OW] = {V_OW, -1, -1},   [V_UW] = {V_UW, -1, -1},   [V_AW] = {-1, -1, -1},
	[V_AA] = {-1, -1, -1},     [V_EE] = {-1, -1, -1},     [V_OO] = {-1, -1, -1},
};

/* How VNI writes each vowel: the lower-case base byte and its modifier. */
static const struct {
	uint8_t base, mod;
} VNI_SPLIT[V__MAX] = {
	{'a', MOD_PLAIN}, {'a', MOD_BREVE}, {'a', MOD_CIRC},  {'e', MOD_PLAIN},
	{'e', MOD_CIRC},  {'i', MOD_PLAIN}, {'o', MOD_PLAIN}, {'o', MOD_CIRC},
	{0xF4, MOD_PLAIN}, {'u', MOD_PLAIN}, {0xF6, MOD_PLAIN}, {'y', MOD_PLAIN},
};
/* clang-format on */

/* ---------------------------------------------------------------------- */
/* UTF-8 and output staging                                               */

/* Encodes cp (any scalar value) at o; returns the length. */
static size_t utf8_put(uint32_t cp, char *o)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Decodes one code point from p, which must be valid UTF-8 (checked
 * before); sets *len. */
static uint32_t utf8_next(const unsigned char *p, size_t *len)
{
	if (p[0] < 0x80) {
		*len = 1;
		return p[0];
	}
	if (p[0] < 0xE0) {
		*len = 2;
		return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
	}
	if (p[0] < 0xF0) {
		*len = 3;
		return (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
	}
	*len = 4;
	return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
	       (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
}

/* Output staged in a stack buffer, appended to out when full. */
typedef struct sink {
	buf_t *out;
	size_t n;
	char tmp[512];
} sink_t;

static void sink_flush(sink_t *s)
{
	if (s->n)
		buf_add(s->out, s->tmp, s->n);
	s->n = 0;
}

static void sink_cp(sink_t *s, uint32_t cp)
{
	if (s->n + 4 > sizeof s->tmp)
		sink_flush(s);
	s->n += utf8_put(cp, s->tmp + s->n);
}

static void sink_byte(sink_t *s, unsigned char b)
{
	if (s->n + 1 > sizeof s->tmp)
		sink_flush(s);
	s->tmp[s->n++] = (char)b;
}

/* Cuts out back to len bytes (an error undoes what a call appended). */
static void out_cut(buf_t *out, size_t len)
{
	if (out->p && len <= out->len) {
		out->len = len;
		out->p[len] = '\0';
	}
}

static int is_combining(uint32_t cp)
{
	return cp >= 0x300 && cp < 0x370;
}

/* Finds the Vietnamese vowel letter cp (non-ASCII), or NULL. */
static const letter_t *letter_find(uint32_t cp)
{
	size_t lo = 0, hi = sizeof LETTERS / sizeof LETTERS[0];

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (LETTERS[mid].cp == cp)
			return &LETTERS[mid];
		if (LETTERS[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ---------------------------------------------------------------------- */
/* Decoders and encoders                                                  */

/* Why a conversion stopped, and where. */
typedef enum fail_why {
	FAIL_UNMAPPED, /* byte not defined by the encoding */
	FAIL_MARK,     /* VNI mark byte with no vowel to sit on */
	FAIL_NUL,      /* NUL byte: binary, not text */
	FAIL_UTF8,     /* invalid UTF-8 */
	FAIL_UNREPR,   /* character the encoding cannot represent */
	FAIL_ICONV,    /* iconv has no such converter */
} fail_why;

typedef struct fail {
	fail_why why;
	size_t at;     /* byte offset in the input */
	unsigned byte; /* the byte, for FAIL_UNMAPPED / FAIL_MARK */
	uint32_t cp;   /* the character, for FAIL_UNREPR */
} fail_t;

static int fail(fail_t *f, fail_why why, size_t at, unsigned byte)
{
	f->why = why;
	f->at = at;
	f->byte = byte;
	f->cp = 0;
	return -1;
}

/* A decoder appends UTF-8 to out and returns 0 (output is NFC), 1 (output
 * holds combining marks or unnormalised text and needs NFC) or -1 with f
 * set. An encoder reads valid NFC UTF-8 and returns 0 or -1. */
typedef int (*decode_fn)(const unsigned char *p, size_t n, buf_t *out, fail_t *f);
typedef int (*encode_fn)(const unsigned char *p, size_t n, buf_t *out, fail_t *f);

static int dec_ascii(const unsigned char *p, size_t n, buf_t *out, fail_t *f)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] == 0 || p[i] >= 0x80)
			return fail(f, p[i] ? FAIL_UNMAPPED : FAIL_NUL, i, p[i]);
	buf_add(out, p, n);
	return 0;
}

static int dec_utf8(const unsigned char *p, size_t n, buf_t *out, fail_t *f)
{
	size_t bad;

	if (text_utf8_check((const char *)p, n, &bad))
		return fail(f, p[bad] ? FAIL_UTF8 : FAIL_NUL, bad, p[bad]);
	buf_add(out, p, n);
	return 1;
}

/* Decodes with a 128-entry table for the high half (TCVN3). */
static int dec_tcvn3(const unsigned char *p, size_t n, buf_t *out, fail_t *f)
{
	sink_t s = {.out = out};
	int marks = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned b = p[i];
		if (b < 0x80) {
			if (b == 0)
				return fail(f, FAIL_NUL, i, b);
			sink_byte(&s, (unsigned char)b);
			continue;
		}
		uint32_t cp = TCVN3_HI[b - 0x80];
		if (cp == 0)
			return fail(f, FAIL_UNMAPPED, i, b);
		marks |= is_combining(cp);
		sink_cp(&s, cp);
	}
	sink_flush(&s);
	return marks;
}

static int dec_vni(const unsigned char *p, size_t n, buf_t *out, fail_t *f)
{
	sink_t s = {.out = out};

	for (size_t i = 0; i < n; i++) {
		unsigned b = p[i], base = VNI_BASE[b];
		if (base && i + 1 < n && VNI_MARK[p[i + 1]]) {
			unsigned m = VNI_MARK[p[i + 1]];
			int v = VNI_COMPOSE[(base & 0x7F) - 1][m >> 3];
			if (v < 0)
				return fail(f, FAIL_MARK, i + 1, p[i + 1]);
			sink_cp(&s, VOWEL_CP[base >> 7][v][m & 7]);
			i++;
		} else if (b < 0x80) {
			if (b == 0)
				return fail(f, FAIL_NUL, i, b);
			sink_byte(&s, (unsigned char)b);
		} else if (VNI_HI[b - 0x80]) {
			sink_cp(&s, VNI_HI[b - 0x80]);
		} else {
			return fail(f, VNI_MARK[b] ? FAIL_MARK : FAIL_UNMAPPED, i, b);
		}
	}
	sink_flush(&s);
	return 0;
}

/* Runs the n bytes at p through iconv (from → to), appending to out. On an
 * invalid or unconvertible sequence returns -1 with f->at its offset. */
static int run_iconv(const char *to, const char *from, const unsigned char *p, size_t n, buf_t *out,
                     fail_t *f)
{
	iconv_t cd = iconv_open(to, from);
	char chunk[4096], *in = (char *)p, *o;
	size_t inleft = n, oleft;
	int rc = 0;

	if (cd == (iconv_t)-1)
		return fail(f, FAIL_ICONV, 0, 0);
	while (inleft > 0) {
		o = chunk;
		oleft = sizeof chunk;
		size_t r = iconv(cd, &in, &inleft, &o, &oleft);
		buf_add(out, chunk, (size_t)(o - chunk));
		if (r == (size_t)-1 && errno != E2BIG) {
			size_t at = (size_t)((const unsigned char *)in - p);
			rc = fail(f, FAIL_UNMAPPED, at, at < n ? p[at] : 0);
			goto out;
		}
	}
	/* Flush a letter held back in case a combining tone follows. */
	o = chunk;
	oleft = sizeof chunk;
	iconv(cd, NULL, NULL, &o, &oleft);
	buf_add(out, chunk, (size_t)(o - chunk));
out:
	iconv_close(cd);
	return rc;
}

static int dec_cp1258(const unsigned char *p, size_t n, buf_t *out, fail_t *f)
{
	const unsigned char *nul = memchr(p, 0, n);

	if (nul)
		return fail(f, FAIL_NUL, (size_t)(nul - p), 0);
	size_t start = out->len;
	if (run_iconv("UTF-8", "CP1258", p, n, out, f))
		return -1;
	/* glibc composes base + tone itself; only leftover marks (U+0300..
	 * U+036F, UTF-8 lead bytes 0xCC 0xCD) call for NFC. */
	for (size_t i = start; i < out->len; i++)
		if ((unsigned char)out->p[i] == 0xCC || (unsigned char)out->p[i] == 0xCD)
			return 1;
	return 0;
}

static int unrepresentable(fail_t *f, const unsigned char *p, size_t at)
{
	size_t len;

	fail(f, FAIL_UNREPR, at, 0);
	f->cp = utf8_next(p + at, &len);
	return -1;
}

static int enc_ascii(const unsigned char *p, size_t n, buf_t *out, fail_t *f)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] >= 0x80)
			return unrepresentable(f, p, i);
	buf_add(out, p, n);
	return 0;
}

static int enc_utf8(const unsigned char *p, size_t n, buf_t *out, fail_t *f)
{
	(void)f;
	buf_add(out, p, n);
	return 0;
}

/* Returns the byte 0x80..0xFF whose table entry is cp, or 0. */
static unsigned reverse_hi(const uint16_t hi[128], uint32_t cp)
{
	for (unsigned i = 0; i < 128; i++)
		if (hi[i] == cp)
			return 0x80 + i;
	return 0;
}

static int enc_tcvn3(const unsigned char *p, size_t n, buf_t *out, fail_t *f)
{
	sink_t s = {.out = out};
	size_t len;

	for (size_t i = 0; i < n; i += len) {
		uint32_t cp = utf8_next(p + i, &len);
		unsigned b = cp < 0x80 ? cp : reverse_hi(TCVN3_HI, cp);
		if (b == 0)
			return unrepresentable(f, p, i);
		sink_byte(&s, (unsigned char)b);
	}
	sink_flush(&s);
	return 0;
}

static int enc_vni(const unsigned char *p, size_t n, buf_t *out, fail_t *f)
{
	sink_t s = {.out = out};
	size_t len;

	for (size_t i = 0; i < n; i += len) {
		uint32_t cp = utf8_next(p + i, &len);
		unsigned b = cp < 0x80 ? cp : reverse_hi(VNI_HI, cp);
		if (b) {
			sink_byte(&s, (unsigned char)b);
			continue;
		}
		const letter_t *l = letter_find(cp);
		if (!l)
			return unrepresentable(f, p, i);
		unsigned base = VNI_SPLIT[l->vowel].base;
		unsigned mark = VNI_MARK_BYTE[VNI_SPLIT[l->vowel].mod][l->tone];
		unsigned shift = l->upper ? 0x20 : 0;
		sink_byte(&s, (unsigned char)(base - shift));
		if (mark)
			sink_byte(&s, (unsigned char)(mark - shift));
	}
	sink_flush(&s);
	return 0;
}

static int enc_cp1258(const unsigned char *p, size_t n, buf_t *out, fail_t *f)
{
	if (run_iconv("CP1258", "UTF-8", p, n, out, f) == 0)
		return 0;
	if (f->why == FAIL_UNMAPPED)
		return unrepresentable(f, p, f->at);
	return -1;
}

/* One row per encoding: its name for people and its converters (NULL for
 * LEGACY_UNKNOWN, which cannot convert anything). */
static const struct codec {
	const char *name;
	decode_fn decode;
	encode_fn encode;
} CODECS[LEGACY__MAX] = {
    [LEGACY_UNKNOWN] = {"không xác định", NULL, NULL},
    [LEGACY_ASCII] = {"ASCII", dec_ascii, enc_ascii},
    [LEGACY_UTF8] = {"UTF-8", dec_utf8, enc_utf8},
    [LEGACY_TCVN3] = {"TCVN3 (ABC)", dec_tcvn3, enc_tcvn3},
    [LEGACY_VNI] = {"VNI-Windows", dec_vni, enc_vni},
    [LEGACY_CP1258] = {"Windows-1258", dec_cp1258, enc_cp1258},
};

/* clang-format off */
/* Names accepted by legacy_parse_name(), any case. */
static const struct {
	const char *name;
	legacy_enc enc;
} ALIASES[] = {
	{"tcvn3", LEGACY_TCVN3},   {"abc", LEGACY_TCVN3},           {"vni", LEGACY_VNI},
	{"vni-windows", LEGACY_VNI}, {"cp1258", LEGACY_CP1258},     {"windows-1258", LEGACY_CP1258},
	{"utf8", LEGACY_UTF8},     {"utf-8", LEGACY_UTF8},          {"ascii", LEGACY_ASCII},
};
/* clang-format on */

const char *legacy_name(legacy_enc enc)
{
	if ((int)enc < 0 || enc >= LEGACY__MAX)
		enc = LEGACY_UNKNOWN;
	return CODECS[enc].name;
}

int legacy_parse_name(const char *s, legacy_enc *out)
{
	if (!s)
		return -1;
	for (size_t i = 0; i < sizeof ALIASES / sizeof ALIASES[0]; i++) {
		if (strcasecmp(s, ALIASES[i].name) == 0) {
			*out = ALIASES[i].enc;
			return 0;
		}
	}
	return -1;
}

/* Turns f into an error for people; returns its code. */
static int report(const fail_t *f, legacy_enc enc, err_t *e)
{
	const char *name = CODECS[enc].name;
	char ch[5];

	switch (f->why) {
	case FAIL_UNMAPPED:
		return err_set(e, ERR_INVALID,
		               "Byte 0x%02X tại vị trí %zu không có trong bảng mã %s", f->byte,
		               f->at, name);
	case FAIL_MARK:
		return err_set(
		    e, ERR_INVALID,
		    "Byte 0x%02X tại vị trí %zu là dấu của bảng mã %s nhưng không đứng sau "
		    "một nguyên âm mang được dấu đó",
		    f->byte, f->at, name);
	case FAIL_NUL:
		return err_set(e, ERR_INVALID,
		               "Byte 0x00 tại vị trí %zu: dữ liệu không phải văn bản (bảng mã %s)",
		               f->at, name);
	case FAIL_UTF8:
		return err_set(e, ERR_INVALID, "Dữ liệu không phải UTF-8 hợp lệ tại vị trí %zu",
		               f->at);
	case FAIL_UNREPR:
		ch[utf8_put(f->cp, ch)] = '\0';
		return err_set(
		    e, ERR_INVALID,
		    "Ký tự «%s» (U+%04X) tại vị trí %zu không biểu diễn được trong bảng mã %s", ch,
		    (unsigned)f->cp, f->at, name);
	case FAIL_ICONV:
		break;
	}
	return err_set(e, ERR_INTERNAL, "Hệ thống thiếu bộ chuyển mã %s (iconv)", name);
}

/* Replaces out[start..] by its NFC form. */
static int nfc_tail(buf_t *out, size_t start, err_t *e)
{
	if (out->len == start)
		return 0;
	char *nfc = text_nfc(out->p + start, out->len - start, e);
	if (!nfc)
		return e ? (int)e->code : ERR_INVALID;
	out_cut(out, start);
	buf_puts(out, nfc);
	free(nfc);
	return 0;
}

static int check_enc(legacy_enc enc, err_t *e)
{
	if ((int)enc <= LEGACY_UNKNOWN || enc >= LEGACY__MAX)
		return err_set(e, ERR_USAGE,
		               "Chưa xác định được bảng mã của dữ liệu; hãy chỉ rõ "
		               "bảng mã (TCVN3, VNI, Windows-1258 hoặc UTF-8)");
	return 0;
}

static int too_large(size_t n, err_t *e)
{
	return err_set(e, ERR_TOO_LARGE, "Dữ liệu quá lớn (%zu byte, tối đa %zu byte)", n,
	               LEGACY_MAX_INPUT);
}

int legacy_decode(legacy_enc enc, const char *in, size_t n, buf_t *out, err_t *e)
{
	size_t start = out->len;
	fail_t f;
	int rc;

	if ((rc = check_enc(enc, e)))
		return rc;
	if (n == 0)
		return 0;
	if (n > LEGACY_MAX_INPUT)
		return too_large(n, e);
	rc = CODECS[enc].decode((const unsigned char *)in, n, out, &f);
	if (rc < 0) {
		rc = report(&f, enc, e);
		goto out;
	}
	if (!out->err && rc == 1 && (rc = nfc_tail(out, start, e)))
		goto out;
	rc =
	    out->err ? err_set(e, ERR_TOO_LARGE, "Văn bản sau khi chuyển mã vượt quá giới hạn") : 0;
out:
	if (rc)
		out_cut(out, start);
	return rc;
}

int legacy_encode(legacy_enc enc, const char *utf8, buf_t *out, err_t *e)
{
	size_t start = out->len, n;
	char *nfc = NULL;
	fail_t f;
	int rc;

	if ((rc = check_enc(enc, e)))
		return rc;
	n = strlen(utf8);
	if (n > LEGACY_MAX_INPUT)
		return too_large(n, e);
	nfc = text_nfc(utf8, n, e);
	if (!nfc)
		return e ? (int)e->code : ERR_INVALID;
	if (CODECS[enc].encode((const unsigned char *)nfc, strlen(nfc), out, &f)) {
		rc = report(&f, enc, e);
		goto out;
	}
	rc =
	    out->err ? err_set(e, ERR_TOO_LARGE, "Văn bản sau khi chuyển mã vượt quá giới hạn") : 0;
out:
	if (rc)
		out_cut(out, start);
	free(nfc);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* Detection                                                              */

/* clang-format off */
/* Onsets (phụ âm đầu), longest first so the first prefix that matches is
 * the right one. "gi" counts only before another vowel ("gì" is g + ì). */
static const char *const ONSETS[] = {"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu",
                                     "th",  "tr", "b",  "c",  "d",  "đ",  "g",  "h",  "k",
                                     "l",   "m",  "n",  "p",  "r",  "s",  "t",  "v",  "x"};

/* Final consonants (âm cuối), two-letter ones first. */
static const char *const CODAS[] = {"ng", "nh", "ch", "c", "m", "n", "p", "t"};

/* Vowel nuclei (vần without the final consonant), without tone. coda: 1 =
 * must have a final consonant, -1 = must not, 0 = either. tone: which
 * letter of the nucleus carries the tone, 0-based; ANY where both the old
 * and the new placement are written (hoà / hòa, thuý / thúy). */
#define ANY 9
static const struct {
	const char *v;
	signed char coda, tone;
} NUCLEI[] = {
	{"a", 0, 0},     {"ă", 1, 0},     {"â", 1, 0},    {"e", 0, 0},     {"ê", 0, 0},
	{"i", 0, 0},     {"o", 0, 0},     {"ô", 0, 0},    {"ơ", 0, 0},     {"u", 0, 0},
	{"ư", 0, 0},     {"y", 0, 0},     {"ai", -1, 0},  {"ao", -1, 0},   {"au", -1, 0},
	{"ay", -1, 0},   {"âu", -1, 0},   {"ây", -1, 0},  {"eo", -1, 0},   {"êu", -1, 0},
	{"ia", -1, 0},   {"iê", 1, 1},    {"iu", -1, 0},  {"oa", 0, ANY},  {"oă", 1, 1},
	{"oe", 0, ANY},  {"oi", -1, 0},   {"oo", 1, ANY}, {"ôi", -1, 0},   {"ơi", -1, 0},
	{"ua", -1, 0},   {"uâ", 1, 1},    {"uê", 0, 1},   {"ui", -1, 0},   {"uô", 1, 1},
	{"uơ", 0, 1},    {"uy", 0, ANY},  {"ưa", -1, 0},  {"ưi", -1, 0},   {"ươ", 1, 1},
	{"ưu", -1, 0},   {"yê", 1, 1},    {"iêu", -1, 1}, {"oai", -1, 1},  {"oao", -1, 1},
	{"oay", -1, 1},  {"oeo", -1, 1},  {"uây", -1, 1}, {"uôi", -1, 1},  {"uya", -1, 1},
	{"uyê", 1, 2},   {"uyu", -1, 1},  {"ươi", -1, 1}, {"ươu", -1, 1},  {"yêu", -1, 1},
};
/* clang-format on */

static size_t utf8_count(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

static int has_prefix(const char *s, const char *pre)
{
	return strncmp(s, pre, strlen(pre)) == 0;
}

static int starts_with_vowel(const char *s)
{
	for (int v = 0; v < V__MAX; v++)
		if (has_prefix(s, VOWEL_BARE[v]))
			return 1;
	return 0;
}

static int is_one_of(const char *s, const char *const *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

/* The last letter of the UTF-8 string s (non-empty). */
static const char *last_letter(const char *s)
{
	const char *p = s + strlen(s) - 1;

	while (p > s && ((unsigned char)*p & 0xC0) == 0x80)
		p--;
	return p;
}

/* Returns 1 if the n bytes at w (valid UTF-8, letters only) spell one
 * Vietnamese syllable in either case: onset + nucleus + coda from the lists
 * above, at most one tone, on the letter that carries it, and a stop coda
 * (c ch p t) only with sắc or nặng. */
static int syllable_ok(const char *w, size_t n)
{
	static const char *const FRONT[] = {"i", "e", "ê", "y"};
	static const char *const NEEDS_FRONT[] = {"k", "gh", "ngh"};
	static const char *const NO_FRONT[] = {"c", "ng"};
	static const char *const STOPS[] = {"c", "ch", "p", "t"};
	static const char *const CH_NH_AFTER[] = {"a", "ê", "i", "y"};
	char bare[32], nuc[16];
	size_t bl = 0, ol = 0, cl = 0, len;
	int letters = 0, tone = TONE_NONE, tone_at = -1, k = -1;
	const char *onset = "", *coda = "";

	for (size_t i = 0; i < n; i += len) {
		uint32_t cp = utf8_next((const unsigned char *)w + i, &len);
		const char *s;
		char ascii[2] = {0, 0};
		if (cp < 0x80) {
			ascii[0] = (char)(cp | 0x20);
			if (ascii[0] < 'a' || ascii[0] > 'z' || strchr("fjwz", ascii[0]))
				return 0;
			s = ascii;
		} else if (cp == 0x110 || cp == 0x111) {
			s = "đ";
		} else {
			const letter_t *l = letter_find(cp);
			if (!l)
				return 0;
			s = VOWEL_BARE[l->vowel];
			if (l->tone) {
				if (tone)
					return 0;
				tone = l->tone;
				tone_at = letters;
			}
		}
		if (++letters > 7)
			return 0;
		memcpy(bare + bl, s, strlen(s));
		bl += strlen(s);
	}
	bare[bl] = '\0';

	for (size_t i = 0; i < sizeof ONSETS / sizeof ONSETS[0]; i++) {
		if (has_prefix(bare, ONSETS[i]) &&
		    (strcmp(ONSETS[i], "gi") || starts_with_vowel(bare + 2))) {
			onset = ONSETS[i];
			ol = strlen(onset);
			break;
		}
	}
	for (size_t i = 0; i < sizeof CODAS / sizeof CODAS[0]; i++) {
		size_t l = strlen(CODAS[i]);
		if (bl - ol > l && strcmp(bare + bl - l, CODAS[i]) == 0) {
			coda = CODAS[i];
			cl = l;
			break;
		}
	}
	if (bl - ol - cl == 0 || bl - ol - cl >= sizeof nuc)
		return 0;
	memcpy(nuc, bare + ol, bl - ol - cl);
	nuc[bl - ol - cl] = '\0';
	for (size_t i = 0; i < sizeof NUCLEI / sizeof NUCLEI[0]; i++)
		if (strcmp(nuc, NUCLEI[i].v) == 0)
			k = (int)i;
	if (k < 0)
		return 0;

	int front = 0;
	for (size_t i = 0; i < 4; i++)
		front |= has_prefix(nuc, FRONT[i]);
	if (is_one_of(onset, NEEDS_FRONT, 3) && !front)
		return 0;
	if (is_one_of(onset, NO_FRONT, 2) && front)
		return 0;
	if (strcmp(onset, "g") == 0 && front && nuc[0] != 'i')
		return 0;
	if (strcmp(onset, "qu") == 0 && (has_prefix(nuc, "u") || has_prefix(nuc, "ư")))
		return 0;
	if ((NUCLEI[k].coda > 0 && cl == 0) || (NUCLEI[k].coda < 0 && cl > 0))
		return 0;
	if (is_one_of(coda, STOPS, 4) && tone != TONE_ACUTE && tone != TONE_DOT)
		return 0;
	if ((strcmp(coda, "ch") == 0 || strcmp(coda, "nh") == 0) &&
	    !is_one_of(last_letter(nuc), CH_NH_AFTER, 4))
		return 0;
	if (tone) {
		int rel = tone_at - (int)utf8_count(onset, ol);
		int nl = (int)utf8_count(nuc, strlen(nuc));
		if (rel < 0 || rel >= nl || (NUCLEI[k].tone != ANY && rel != NUCLEI[k].tone))
			return 0;
	}
	return 1;
}

/* Non-ASCII characters that separate words like spaces do: no-break space,
 * guillemets, dashes, curly quotes, bullet, ellipsis. */
static int is_separator(uint32_t cp)
{
	static const uint16_t SEP[] = {0x00A0, 0x00AB, 0x00BB, 0x2013, 0x2014, 0x2018,
	                               0x2019, 0x201C, 0x201D, 0x2022, 0x2026};
	for (size_t i = 0; i < sizeof SEP / sizeof SEP[0]; i++)
		if (SEP[i] == cp)
			return 1;
	return 0;
}

/* Per-candidate tally: words holding a non-ASCII character that are valid
 * syllables (good) or not (bad); ok = 0 when the sample did not decode. */
typedef struct score {
	int ok;
	long good, bad;
} score_t;

/* Splits the n bytes of valid UTF-8 at s into words (ASCII letters and any
 * non-ASCII character but the separators) and tallies them into sc. */
static void count_words(const char *s, size_t n, score_t *sc)
{
	size_t i = 0, start = 0, len;
	int in_word = 0, non_ascii = 0;

	while (i <= n) {
		uint32_t cp = ' ';
		len = 1;
		if (i < n)
			cp = utf8_next((const unsigned char *)s + i, &len);
		int word_char =
		    cp < 0x80 ? ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') : !is_separator(cp);
		if (word_char && !in_word) {
			in_word = 1;
			non_ascii = 0;
			start = i;
		}
		if (word_char) {
			non_ascii |= cp >= 0x80;
		} else if (in_word) {
			in_word = 0;
			if (non_ascii) {
				if (syllable_ok(s + start, i - start))
					sc->good++;
				else
					sc->bad++;
			}
		}
		i += len;
	}
}

/* Decodes p[0..n) with enc into scratch and scores it. */
static void score_candidate(legacy_enc enc, const unsigned char *p, size_t n, buf_t *scratch,
                            score_t *sc)
{
	fail_t f;
	char *nfc = NULL;
	const char *text;
	size_t len;

	memset(sc, 0, sizeof *sc);
	buf_reset(scratch);
	int rc = CODECS[enc].decode(p, n, scratch, &f);
	if (rc < 0 || scratch->err || scratch->len == 0)
		return;
	text = scratch->p;
	len = scratch->len;
	if (rc == 1) {
		nfc = text_nfc(text, len, NULL);
		if (!nfc)
			return;
		text = nfc;
		len = strlen(nfc);
	}
	sc->ok = 1;
	count_words(text, len, sc);
	free(nfc);
}

/* Share of good words, in percent (0 with no evidence). */
static int ratio(const score_t *sc)
{
	long all = sc->good + sc->bad;
	return sc->ok && all ? (int)(100 * sc->good / all) : 0;
}

legacy_enc legacy_detect(const char *in, size_t n, int *confidence_percent)
{
	static const legacy_enc CANDIDATES[] = {LEGACY_TCVN3, LEGACY_VNI, LEGACY_CP1258};
	const unsigned char *p = (const unsigned char *)in;
	score_t sc[3];
	legacy_enc res = LEGACY_UNKNOWN;
	int conf = 0, high = 0, best = -1, second = -1;
	buf_t scratch;

	for (size_t i = 0; i < n; i++) {
		if (p[i] == 0)
			goto done;
		high |= p[i] >= 0x80;
	}
	if (!high) {
		res = LEGACY_ASCII;
		conf = 100;
		goto done;
	}
	if (text_utf8_check(in, n, NULL) == 0) {
		/* Legacy bytes rarely line up as UTF-8 at all; a lone two-byte
		 * sequence is the weakest case. */
		size_t multi = 0, three = 0;
		for (size_t i = 0; i < n; i++) {
			multi += p[i] >= 0xC0;
			three += p[i] >= 0xE0;
		}
		res = LEGACY_UTF8;
		conf = multi >= 2 || three ? 100 : 90;
		goto done;
	}

	size_t m = n < DETECT_SAMPLE ? n : DETECT_SAMPLE;
	buf_init(&scratch, 4 * m + 64);
	for (int c = 0; c < 3; c++) {
		score_candidate(CANDIDATES[c], p, m, &scratch, &sc[c]);
		if (best < 0 || ratio(&sc[c]) > ratio(&sc[best]) ||
		    (ratio(&sc[c]) == ratio(&sc[best]) && sc[c].good > sc[best].good)) {
			second = best;
			best = c;
		} else if (second < 0 || ratio(&sc[c]) > ratio(&sc[second])) {
			second = c;
		}
	}
	buf_free(&scratch);

	const score_t *b = &sc[best];
	if (b->ok && b->good > 0) {
		int margin = ratio(b) - ratio(&sc[second]);
		conf = (int)(100 * b->good / (b->good + b->bad + 1));
		if (margin < DETECT_FULL_MARGIN)
			conf = conf * margin / DETECT_FULL_MARGIN;
		if (b->good < DETECT_MIN_WORDS && conf > 50)
			conf = 50;
		if (conf >= LEGACY_CONFIDENCE_MIN)
			res = CANDIDATES[best];
	}
done:
	if (confidence_percent)
		*confidence_percent = conf;
	return res;
}
