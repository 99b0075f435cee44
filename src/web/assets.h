/*
 * assets: the web interface's files (web/ in the source tree), embedded in
 * the binary at build time by cmake/embed_web.cmake, so that `canbo serve`
 * needs no files beside it and works with no internet access.
 */
#ifndef CANBO_ASSETS_H
#define CANBO_ASSETS_H

#include <stddef.h>

typedef struct web_asset {
	const char *path; /* "/index.html" */
	const char *type; /* Content-Type */
	const unsigned char *data;
	size_t len;
} web_asset_t;

/* Terminated by a {NULL} entry. */
extern const web_asset_t web_assets[];

/* The asset for a request path: the file itself, or index.html for "/"
 * and for any path of the single-page interface (no file extension). NULL
 * for anything else. */
const web_asset_t *web_asset_find(const char *path);

#endif
