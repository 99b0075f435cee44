/*
 * api_org: units, people, assignments.
 */
#include "web/web.h"

const web_route_t web_routes_org[] = {
	{NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
