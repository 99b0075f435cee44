/*
 * stmt_api_org: statements used only by the web API handlers in
 * web/api_org.c. Same rules as stmt.h. X(id, sql)
 */
#ifndef CANBO_STMT_API_ORG_H
#define CANBO_STMT_API_ORG_H

#define STMT_TABLE_API_ORG(X)

#endif
