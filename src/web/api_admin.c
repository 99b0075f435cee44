/*
 * api_admin: frameworks, settings, imports (as jobs), exports, jobs, the audit history.
 */
#include "web/web.h"

const web_route_t web_routes_admin[] = {
	{NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
