/*
 * assets: finding an embedded file for a request path. See assets.h.
 */
#include "web/assets.h"

#include <string.h>

const web_asset_t *web_asset_find(const char *path)
{
	if (!path || path[0] != '/' || strstr(path, ".."))
		return NULL;
	for (const web_asset_t *a = web_assets; a->path; a++)
		if (!strcmp(a->path, path))
			return a;
	/* the interface's own addresses ("/", "/thang", "/nhan-su/CB0001"):
	 * no dot in the last segment */
	const char *last = strrchr(path, '/');
	if (strchr(last, '.'))
		return NULL;
	for (const web_asset_t *a = web_assets; a->path; a++)
		if (!strcmp(a->path, "/index.html"))
			return a;
	return NULL;
}
