/*
 * libFuzzer target for src/lib/xlsxr: opens the input as an in-memory .xlsx
 * and reads every row of every sheet, with the merged-cell list, the way
 * the importer would. Caps are lowered (4 MiB parts, 1024 columns) so a
 * run spends its time in the parsers, not in legitimately large inputs; the
 * last input byte picks the merged-cell fill mode.
 *
 * Build (clang): clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc
 *   fuzz/fuzz_xlsxr.c src/lib/{xlsxr,err,buf,xalloc,date,text}.c
 *   $(pkg-config --cflags --libs libzip expat icu-uc icu-i18n libutf8proc) -lm
 * Run: ./fuzz_xlsxr fuzz/corpus/xlsxr   (replay only: add -runs=0)
 * Seeds: tests/unit/test_xlsxr.c writes them with XLSXR_CORPUS=fuzz/corpus/xlsxr.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "lib/xlsxr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	xlsxr_opts_t o = {
	    .max_file = 16 << 20,
	    .max_sheet = 4 << 20,
	    .max_sst = 4 << 20,
	    .max_part = 1 << 20,
	    .max_total = 32 << 20,
	    .max_cols = 1024,
	    .max_rows = 100000,
	    .max_merges = 4096,
	    .fill_merged = size ? data[size - 1] % 3 : 0,
	};
	xlsxr_t *x;
	xlsxr_row_t row;
	const xlsxr_range_t *ranges;
	size_t nranges;
	err_t e;

	x = xlsxr_open_mem(data, size, &o, &e);
	if (!x)
		return 0;
	for (size_t i = 0; i < xlsxr_sheet_count(x); i++) {
		if (xlsxr_select(x, xlsxr_sheet_name(x, i), &e) != 0) {
			if (e.code == ERR_NOT_FOUND)
				continue;
			break;
		}
		while (xlsxr_next(x, &row, &e) == 1) {
			/* Every cell must be readable up to its NUL. */
			for (size_t c = 0; c < row.ncells; c++)
				if (row.cells[c][row.lens[c]] != '\0')
					abort();
		}
		if (xlsxr_merged(x, &ranges, &nranges, &e) == 0)
			for (size_t r = 0; r < nranges; r++)
				if (ranges[r].row1 > ranges[r].row2 ||
				    ranges[r].col1 > ranges[r].col2)
					abort();
	}
	xlsxr_close(x);
	return 0;
}
