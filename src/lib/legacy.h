/*
 * legacy: Vietnamese text in the 8-bit encodings of old spreadsheets.
 *
 * Personnel lists typed before Unicode use one of three byte layouts
 * (DOMAIN.md §7): TCVN3 / ABC (the ".Vn" fonts), VNI-Windows (the "VNI-"
 * fonts) and Windows-1258. This module turns such bytes into NFC UTF-8,
 * turns NFC UTF-8 back into them (for tests and round trips), and guesses
 * which layout a byte string uses by decoding it every way and counting
 * how many words come out as real Vietnamese syllables. A guess comes with
 * a confidence; below LEGACY_CONFIDENCE_MIN the answer is LEGACY_UNKNOWN,
 * so callers refuse with a message instead of importing garbage.
 *
 * TCVN3 and VNI are tables in legacy.c (no library knows their font
 * layouts; glibc's "TCVN5712-1" is the VN1 layout, which puts capitals over
 * the Windows-1252 punctuation and the C0 controls). Windows-1258 goes
 * through glibc iconv; this is the only module that includes <iconv.h>.
 *
 * Byte offsets in messages are 0-based offsets into the input.
 */
#ifndef CANBO_LEGACY_H
#define CANBO_LEGACY_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* The encodings this module knows, in the order of its codec table. */
typedef enum legacy_enc {
	LEGACY_UNKNOWN, /* detection could not decide; not decodable */
	LEGACY_ASCII,   /* 7-bit only: every candidate reads it the same */
	LEGACY_UTF8,    /* UTF-8, NFC or not */
	LEGACY_TCVN3,   /* TCVN 5712:1993 VN3, "ABC", .VnTime / .VnArial fonts */
	LEGACY_VNI,     /* VNI-Windows, VNI-Times / VNI-Helve fonts */
	LEGACY_CP1258,  /* Windows-1258, tones as combining marks */
	LEGACY__MAX
} legacy_enc;

/* legacy_detect() answers LEGACY_UNKNOWN below this confidence (percent). */
#define LEGACY_CONFIDENCE_MIN 60

/* Display name of enc for people: "TCVN3 (ABC)", "VNI-Windows",
 * "Windows-1258", "UTF-8", "ASCII"; "không xác định" for LEGACY_UNKNOWN or
 * an out-of-range value. Static storage. */
const char *legacy_name(legacy_enc enc);

/* Parses an encoding name as typed on a command line (--encoding), case
 * insensitive: "tcvn3", "abc", "vni", "vni-windows", "cp1258",
 * "windows-1258", "utf8", "utf-8", "ascii". Returns 0 and sets *out, or -1
 * (out untouched) for anything else, including NULL. s is borrowed. */
int legacy_parse_name(const char *s, legacy_enc *out);

/* Decodes the n bytes at in (borrowed; may be NULL when n is 0) from enc
 * and appends the text to out (borrowed) as NFC UTF-8 (the appended part is
 * normalised on its own). Returns 0, or an err_code with e (may be NULL)
 * set and out restored to its length before the call:
 *   ERR_INVALID   a byte the encoding does not define, a VNI tone byte that
 *                 follows no vowel it can sit on, a NUL byte, or invalid
 *                 UTF-8 for LEGACY_UTF8 / non-ASCII for LEGACY_ASCII; the
 *                 message gives the byte and its offset;
 *   ERR_USAGE     enc is LEGACY_UNKNOWN or out of range;
 *   ERR_TOO_LARGE n above 256 MiB, or out reached its maximum;
 *   ERR_INTERNAL  iconv has no Windows-1258 converter.
 * TCVN3 is decoded as the font table defines it: lower-case toned letters
 * stay lower case even when the text was typed in a capitals font
 * (.VnTimeH), which reuses the same bytes. */
int legacy_decode(legacy_enc enc, const char *in, size_t n, buf_t *out, err_t *e);

/* Encodes the NUL-terminated UTF-8 text utf8 (borrowed; NFD accepted, it is
 * normalised to NFC first) into enc and appends the bytes to out (borrowed).
 * TCVN3 output uses precomposed letters only, so upper-case letters with a
 * tone (À, Ấ, Ợ, ...) are not representable; VNI and Windows-1258 represent
 * every Vietnamese letter. Returns 0, or an err_code with e (may be NULL)
 * set and out restored: ERR_INVALID for invalid UTF-8 or a character the
 * encoding cannot represent (the message names it and its byte offset in
 * the NFC text), ERR_USAGE for LEGACY_UNKNOWN, ERR_TOO_LARGE, ERR_INTERNAL
 * as for legacy_decode(). No NUL byte is appended. */
int legacy_encode(legacy_enc enc, const char *utf8, buf_t *out, err_t *e);

/* Guesses the encoding of the n bytes at in (borrowed); only the first
 * 64 KiB are scored. Pure ASCII (or empty) input gives LEGACY_ASCII and
 * valid UTF-8 with non-ASCII characters gives LEGACY_UTF8. Otherwise each
 * of TCVN3, VNI and Windows-1258 decodes the sample and scores the share of
 * its non-ASCII words that are valid Vietnamese syllables; the confidence
 * shrinks when there are few such words or when the runner-up scores
 * close. Below LEGACY_CONFIDENCE_MIN (too little text, two layouts equally
 * plausible, nothing decodes, NUL bytes) the answer is LEGACY_UNKNOWN.
 * *confidence_percent (may be NULL) receives 0..100 for the answer given,
 * or for the best candidate when the answer is LEGACY_UNKNOWN. Give it a
 * whole file or column, not one cell: a single name is too little text. */
legacy_enc legacy_detect(const char *in, size_t n, int *confidence_percent);

#endif
