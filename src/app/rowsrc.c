/*
 * rowsrc: CSV row source. See rowsrc.h.
 */
#include "app/rowsrc.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/csv.h"
#include "lib/xalloc.h"

typedef struct csv_src {
	FILE *f;
	csv_reader_t *r;
} csv_src_t;

static int csv_src_next(void *self, rowsrc_row_t *row, err_t *e)
{
	csv_src_t *s = self;
	csv_row_t cr;
	int r = csv_next(s->r, &cr, e);
	if (r != 1)
		return r;
	row->n = cr.nfields;
	row->cells = cr.fields;
	row->lens = cr.lens;
	row->line = cr.line;
	return 1;
}

static void csv_src_close(void *self)
{
	csv_src_t *s = self;
	csv_close(s->r);
	if (s->f)
		fclose(s->f);
	free(s);
}

static long long csv_src_pos(void *self)
{
	csv_src_t *s = self;
	return s->f ? (long long)ftello(s->f) : 0;
}

int rowsrc_open_csv(const char *path, rowsrc_t *out, err_t *e)
{
	memset(out, 0, sizeof *out);
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(e, errno == ENOENT ? ERR_NOT_FOUND : ERR_IO,
			       "Không mở được tệp «%s»: %s", path,
			       errno == ENOENT ? "tệp không tồn tại" : "không có quyền đọc");
	struct stat st;
	if (fstat(fileno(f), &st) == 0)
		out->size = st.st_size;
	csv_src_t *s = xcalloc(1, sizeof *s);
	s->f = f;
	csv_opts_t o = {0};
	s->r = csv_open_file(f, &o);
	out->self = s;
	out->next = csv_src_next;
	out->close = csv_src_close;
	out->pos = csv_src_pos;
	snprintf(out->name, sizeof out->name, "%s", path);
	return 0;
}

int rowsrc_open_csv_mem(const char *p, size_t n, const char *name, rowsrc_t *out, err_t *e)
{
	(void)e;
	memset(out, 0, sizeof *out);
	csv_src_t *s = xcalloc(1, sizeof *s);
	csv_opts_t o = {0};
	s->r = csv_open_mem(p, n, &o);
	out->self = s;
	out->next = csv_src_next;
	out->close = csv_src_close;
	out->size = (long long)n;
	snprintf(out->name, sizeof out->name, "%s", name ? name : "(dữ liệu)");
	return 0;
}

void rowsrc_close(rowsrc_t *s)
{
	if (s && s->close && s->self)
		s->close(s->self);
	if (s)
		memset(s, 0, sizeof *s);
}
