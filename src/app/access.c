/*
 * access: role and scope checks. See access.h.
 */
#include "app/access.h"

#include <string.h>

#include "app/org.h"

int access_write(const app_ctx_t *c, err_t *e)
{
	if (c->read_only)
		return err_set(e, ERR_FORBIDDEN, "Khoá truy cập này chỉ được đọc, không được thay đổi dữ liệu");
	if (c->role == ROLE_VIEWER)
		return err_set(e, ERR_FORBIDDEN, "Vai trò xem báo cáo không được thay đổi dữ liệu");
	return 0;
}

int access_in_scope(app_ctx_t *c, int64_t unit_id, err_t *e)
{
	if (c->scope_unit == 0 || unit_id == c->scope_unit)
		return 1;
	if (unit_id == 0)
		return 0;
	db_stmt_t *s = db_stmt(c->db, STMT_ACCESS_UNIT_IN, e);
	if (!s)
		return -1;
	db_bind_int(s, 1, unit_id);
	db_bind_int(s, 2, c->scope_unit);
	int r = db_step(s, e);
	db_reset(s);
	return r < 0 ? -1 : r == DB_ROW;
}

static int out_of_scope(err_t *e)
{
	return err_set(e, ERR_FORBIDDEN, "Dữ liệu này nằm ngoài phạm vi đơn vị bạn được giao");
}

int access_unit(app_ctx_t *c, int64_t unit_id, int write, err_t *e)
{
	int r;
	if (write && (r = access_write(c, e)))
		return r;
	if (c->role == ROLE_ADMIN)
		return 0;
	if (write && c->role != ROLE_HR)
		return err_set(e, ERR_FORBIDDEN,
			       "Chỉ cán bộ tổ chức (HR) hoặc quản trị viên được thay đổi đơn vị");
	int in = access_in_scope(c, unit_id, e);
	if (in < 0)
		return e ? e->code : ERR_DB;
	return in ? 0 : out_of_scope(e);
}

int access_unit_code(app_ctx_t *c, const char *code, int write, err_t *e)
{
	int64_t id = org_unit_id(c, code, e);
	if (!id)
		return e && e->code ? e->code : ERR_NOT_FOUND;
	return access_unit(c, id, write, e);
}

/* Does the actor review or decide one of person_id's evaluations? */
static int manages(app_ctx_t *c, int64_t person_id, err_t *e)
{
	if (!c->person_id)
		return 0;
	db_stmt_t *s = db_stmt(c->db, STMT_ACCESS_MANAGES, e);
	if (!s)
		return -1;
	db_bind_int(s, 1, person_id);
	db_bind_int(s, 2, c->person_id);
	int r = db_step(s, e);
	db_reset(s);
	return r < 0 ? -1 : r == DB_ROW;
}

/* Is one of the person's current posts inside the scope? */
static int person_in_scope(app_ctx_t *c, int64_t person_id, err_t *e)
{
	if (c->scope_unit == 0)
		return 1;
	int64_t units[32];
	int n = 0, r;
	db_stmt_t *s = db_stmt(c->db, STMT_ACCESS_PERSON_UNITS, e);
	if (!s)
		return -1;
	db_bind_int(s, 1, person_id);
	while (n < 32 && (r = db_step(s, e)) == DB_ROW)
		units[n++] = db_col_int(s, 0);
	db_reset(s);
	for (int i = 0; i < n; i++) {
		int in = access_in_scope(c, units[i], e);
		if (in)
			return in;
	}
	return 0;
}

int access_person(app_ctx_t *c, int64_t person_id, int write, err_t *e)
{
	int r;
	if (write && (r = access_write(c, e)))
		return r;
	if (c->role == ROLE_ADMIN)
		return 0;
	if (write) {
		if (c->role != ROLE_HR)
			return err_set(e, ERR_FORBIDDEN,
				       "Chỉ cán bộ tổ chức (HR) hoặc quản trị viên được thay đổi hồ sơ cán bộ");
		r = person_in_scope(c, person_id, e);
		if (r < 0)
			return e ? (int)e->code : ERR_DB;
		return r ? 0 : out_of_scope(e);
	}
	if (c->person_id && c->person_id == person_id)
		return 0;
	switch (c->role) {
	case ROLE_HR:
	case ROLE_VIEWER:
		r = person_in_scope(c, person_id, e);
		break;
	case ROLE_HEAD:
		r = person_in_scope(c, person_id, e);
		if (r == 0)
			r = manages(c, person_id, e);
		break;
	case ROLE_REVIEWER:
		r = manages(c, person_id, e);
		break;
	default:
		r = 0;
		break;
	}
	if (r < 0)
		return e ? e->code : ERR_DB;
	if (r)
		return 0;
	if (c->role == ROLE_STAFF)
		return err_set(e, ERR_FORBIDDEN, "Bạn chỉ được xem hồ sơ và đánh giá của chính mình");
	if (c->role == ROLE_REVIEWER)
		return err_set(e, ERR_FORBIDDEN, "Bạn chỉ được xem hồ sơ của những người mình trực tiếp nhận xét");
	return out_of_scope(e);
}

int access_person_code(app_ctx_t *c, const char *code, int write, err_t *e)
{
	db_stmt_t *s = db_stmt(c->db, STMT_PERSON_ID_BY_CODE, e);
	if (!s)
		return e ? e->code : ERR_DB;
	db_bind_text(s, 1, code, -1);
	int r = db_step(s, e);
	if (r < 0)
		return e ? e->code : ERR_DB;
	if (r != DB_ROW)
		return err_set(e, ERR_NOT_FOUND, "Không có người có mã «%s»", code);
	int64_t id = db_col_int(s, 0);
	db_reset(s);
	return access_person(c, id, write, e);
}

int access_org_write(const app_ctx_t *c, err_t *e)
{
	int r = access_write(c, e);
	if (r)
		return r;
	return app_require_hr(c, e);
}

int64_t access_list_scope(const app_ctx_t *c)
{
	switch (c->role) {
	case ROLE_ADMIN:
		return 0;
	case ROLE_HR:
	case ROLE_VIEWER:
	case ROLE_HEAD:
		return c->scope_unit;
	default:
		return -1;
	}
}
