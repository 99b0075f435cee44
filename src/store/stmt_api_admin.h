/*
 * stmt_api_admin: statements used only by the web API handlers in
 * web/api_admin.c. Same rules as stmt.h. X(id, sql)
 */
#ifndef CANBO_STMT_API_ADMIN_H
#define CANBO_STMT_API_ADMIN_H

#define STMT_TABLE_API_ADMIN(X)

#endif
