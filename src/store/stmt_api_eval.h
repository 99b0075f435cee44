/*
 * stmt_api_eval: statements used only by the web API handlers in
 * web/api_eval.c. Same rules as stmt.h. X(id, sql)
 */
#ifndef CANBO_STMT_API_EVAL_H
#define CANBO_STMT_API_EVAL_H

#define STMT_TABLE_API_EVAL(X)

#endif
