/*
 * err: errors as values.
 *
 * Functions that can fail return 0 or an err_code and, when given one, fill
 * an err_t the caller owns with a Vietnamese message for people. One table
 * (ERR_TABLE) maps each kind to its name, HTTP status and exit code, so the
 * command line and the web server report the same failure the same way.
 */
#ifndef CANBO_ERR_H
#define CANBO_ERR_H

#include <stddef.h>

/* X(enum, name, http status, process exit code, default Vietnamese message) */
#define ERR_TABLE(X)                                                                   \
	X(ERR_OK, "ok", 200, 0, "Thành công")                                          \
	X(ERR_INVALID, "invalid", 400, 1, "Dữ liệu không hợp lệ")                      \
	X(ERR_USAGE, "usage", 400, 2, "Cách dùng không đúng")                          \
	X(ERR_NOT_FOUND, "not_found", 404, 1, "Không tìm thấy")                        \
	X(ERR_CONFLICT, "conflict", 409, 1, "Xung đột dữ liệu")                        \
	X(ERR_FORBIDDEN, "forbidden", 403, 1, "Không có quyền")                        \
	X(ERR_UNAUTHORIZED, "unauthorized", 401, 1, "Chưa đăng nhập")                  \
	X(ERR_TOO_LARGE, "too_large", 413, 1, "Dữ liệu quá lớn")                       \
	X(ERR_IO, "io", 500, 1, "Lỗi đọc/ghi tệp")                                     \
	X(ERR_DB, "database", 500, 1, "Lỗi cơ sở dữ liệu")                             \
	X(ERR_BUSY, "busy", 503, 1, "Hệ thống đang bận, vui lòng thử lại")             \
	X(ERR_RATE, "rate_limited", 429, 1, "Quá nhiều yêu cầu, vui lòng thử lại sau") \
	X(ERR_VERSION, "version", 500, 1, "Phiên bản cơ sở dữ liệu không phù hợp")     \
	X(ERR_INTERNAL, "internal", 500, 1, "Lỗi nội bộ")

typedef enum err_code {
#define X(e, name, http, exitc, msg) e,
	ERR_TABLE(X)
#undef X
	ERR__MAX
} err_code;

#define ERR_MSG_MAX 1024

typedef struct err {
	err_code code;
	char msg[ERR_MSG_MAX]; /* Vietnamese, NFC UTF-8, for people */
} err_t;

/* Sets e (may be NULL) to code with a formatted message; returns code so a
 * caller can write `return err_set(e, ERR_INVALID, "...")`. */
err_code err_set(err_t *e, err_code code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Clears e (may be NULL) to ERR_OK with an empty message. */
void err_clear(err_t *e);
/* Machine name of a code ("invalid", "not_found", ...). */
const char *err_name(err_code code);
/* HTTP status for a code. */
int err_http_status(err_code code);
/* Process exit code for a code (0, 1 or 2). */
int err_exit_code(err_code code);
/* The default Vietnamese message of a code. */
const char *err_default_msg(err_code code);

#endif
