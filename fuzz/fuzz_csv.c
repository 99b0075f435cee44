/*
 * libFuzzer target for src/lib/csv: reads the input as a CSV file in memory
 * with delimiter detection and small caps, row by row, and checks what the
 * reader promises: every field ends with a NUL at lens[i], line numbers never
 * go backwards, and an error is sticky. The first byte picks the delimiter
 * option (detect, ',', ';' or tab).
 *
 * Built by CMake with -DCANBO_FUZZ=ON (clang); run by scripts/fuzz.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "lib/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delims[] = {0, ',', ';', '\t'};
	if (size == 0)
		return 0;
	csv_opts_t o = {delims[data[0] & 3], 4096, 64};
	csv_reader_t *r = csv_open_mem((const char *)data + 1, size - 1, &o);
	csv_row_t row;
	err_t e;
	long last = 0;
	int rc;
	while ((rc = csv_next(r, &row, &e)) == 1) {
		if (row.line < last)
			abort();
		last = row.line;
		for (size_t i = 0; i < row.nfields; i++)
			if (row.fields[i][row.lens[i]] != '\0')
				abort();
	}
	if (rc < 0 && csv_next(r, &row, &e) != -1)
		abort(); /* errors are sticky */
	csv_close(r);
	return 0;
}
