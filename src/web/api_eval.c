/*
 * api_eval: periods, evaluations and their workflow steps, tasks and work products, quotas and the what-if, annual results.
 */
#include "web/web.h"

const web_route_t web_routes_eval[] = {
	{NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
