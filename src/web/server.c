/*
 * server: `canbo serve` on libmicrohttpd — a pool of worker threads on
 * epoll, each with its own database connection (opened on first use), the
 * request limits, the structured access log and the graceful shutdown.
 *
 * Limits: bodies up to WEB_JSON_MAX (WEB_UPLOAD_MAX on upload routes; a
 * larger Content-Length is refused before the body is read), request
 * headers within the connection's 32 KiB memory pool, idle connections
 * closed after timeout_s, at most max_connections at once and 64 per
 * address.
 *
 * Shutdown: SIGTERM or SIGINT stops accepting new connections; requests in
 * flight finish (up to 30 s) before the server stops and the connections
 * close.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "lib/jw.h"
#include "lib/xalloc.h"
#include "web/assets.h"
#include "web/jobs.h"
#include "web/web.h"

typedef struct conn_state {
	buf_t body;
	size_t limit;
	int too_large;
	struct timespec start;
	int status;
	uint64_t bytes;
	char user[72];
	char method[12];
	char *path;
} conn_state_t;

static const web_config_t *g_cfg;
static atomic_int g_inflight;
static FILE *g_log;
static pthread_mutex_t g_log_mu = PTHREAD_MUTEX_INITIALIZER;

/* The worker's context: one database connection per thread. */
static _Thread_local app_ctx_t *t_ctx;
static pthread_mutex_t g_ctx_mu = PTHREAD_MUTEX_INITIALIZER;
static app_ctx_t **g_ctxs;
static size_t g_nctx, g_capctx;

const char *web_db_url(void)
{
	return g_cfg ? g_cfg->db_url : NULL;
}

static app_ctx_t *worker_ctx(err_t *e)
{
	if (t_ctx)
		return t_ctx;
	app_ctx_t *c = xcalloc(1, sizeof *c);
	if (app_ctx_open(c, g_cfg->db_url, 0, e)) {
		free(c);
		return NULL;
	}
	c->quiet = 1;
	c->progress_fd = -1;
	pthread_mutex_lock(&g_ctx_mu);
	if (g_nctx == g_capctx) {
		g_capctx = g_capctx ? g_capctx * 2 : 16;
		g_ctxs = xrealloc(g_ctxs, g_capctx * sizeof *g_ctxs);
	}
	g_ctxs[g_nctx++] = c;
	pthread_mutex_unlock(&g_ctx_mu);
	t_ctx = c;
	return c;
}

static void ctx_reset(app_ctx_t *c, const char *ip)
{
	snprintf(c->actor, sizeof c->actor, "anon");
	snprintf(c->source, sizeof c->source, "%s", ip);
	c->role = ROLE_STAFF;
	c->scope_unit = 0;
	c->user_id = 0;
	c->person_id = 0;
	c->person_code[0] = 0;
	c->read_only = 0;
}

/* ---- request plumbing --------------------------------------------------------- */

typedef struct lookup_impl {
	struct MHD_Connection *conn;
} lookup_impl_t;

static const char *lookup(void *impl, int kind, const char *key)
{
	lookup_impl_t *l = impl;
	enum MHD_ValueKind k = kind == 0 ? MHD_HEADER_KIND : kind == 1 ? MHD_GET_ARGUMENT_KIND
								     : MHD_COOKIE_KIND;
	return MHD_lookup_connection_value(l->conn, k, key);
}

static void client_ip(struct MHD_Connection *conn, char out[64])
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	out[0] = 0;
	if (g_cfg->trust_proxy) {
		const char *xff = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For");
		if (xff && *xff) {
			size_t n = strcspn(xff, ", ");
			snprintf(out, 64, "%.*s", (int)(n < 63 ? n : 63), xff);
			return;
		}
	}
	if (!ci || !ci->client_addr) {
		snprintf(out, 64, "?");
		return;
	}
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, 64);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, 64);
	else
		snprintf(out, 64, "?");
}

/* Adapts a web_stream_fn to libmicrohttpd's content reader. */
typedef struct stream_adapter {
	web_stream_fn fn;
	web_stream_free_fn free_fn;
	void *state;
} stream_adapter_t;

static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	(void)pos;
	stream_adapter_t *a = cls;
	long n = a->fn(a->state, out, max);
	if (n > 0)
		return (ssize_t)n;
	return n == 0 ? MHD_CONTENT_READER_END_OF_STREAM : MHD_CONTENT_READER_END_WITH_ERROR;
}

static void stream_free(void *cls)
{
	stream_adapter_t *a = cls;
	if (a->free_fn && a->state)
		a->free_fn(a->state);
	free(a);
}

static enum MHD_Result queue(struct MHD_Connection *conn, conn_state_t *st, web_res_t *r,
			     int is_api)
{
	struct MHD_Response *resp;
	if (r->stream) {
		stream_adapter_t *a = xcalloc(1, sizeof *a);
		a->fn = r->stream;
		a->free_fn = r->stream_free;
		a->state = r->stream_state;
		r->stream_state = NULL; /* owned by the response now */
		r->stream_free = NULL;
		resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, stream_read, a,
							 stream_free);
	} else {
		st->bytes = r->body.len;
		resp = MHD_create_response_from_buffer(r->body.len, (void *)(r->body.p ? r->body.p : ""),
						       MHD_RESPMEM_MUST_COPY);
	}
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type",
				r->content_type ? r->content_type : "application/json; charset=utf-8");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	if (is_api)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	for (int i = 0; i < r->nheaders; i++) {
		char *h = r->headers[i];
		char *colon = strchr(h, ':');
		if (!colon)
			continue;
		*colon = 0;
		MHD_add_response_header(resp, h, colon + 2);
		*colon = ':';
	}
	st->status = r->status ? r->status : 200;
	enum MHD_Result ok = MHD_queue_response(conn, (unsigned)st->status, resp);
	MHD_destroy_response(resp);
	return ok;
}

static enum MHD_Result answer_error(struct MHD_Connection *conn, conn_state_t *st, err_code code,
				    int status, const char *msg)
{
	web_res_t r;
	web_res_init(&r);
	web_res_error(&r, code, msg, NULL);
	if (status)
		r.status = status;
	enum MHD_Result ok = queue(conn, st, &r, 1);
	web_res_free(&r);
	return ok;
}

/* FNV-1a of an asset, as its ETag (computed once per asset, on demand). */
static void asset_etag(const web_asset_t *a, char out[24])
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < a->len; i++)
		h = (h ^ a->data[i]) * 1099511628211ULL;
	snprintf(out, 24, "\"%016llx\"", (unsigned long long)h);
}

static enum MHD_Result answer_asset(struct MHD_Connection *conn, conn_state_t *st,
				    const char *method, const char *url)
{
	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		return answer_error(conn, st, ERR_USAGE, 405, "Phương thức không được hỗ trợ");
	const web_asset_t *a = web_asset_find(url);
	if (!a)
		return answer_error(conn, st, ERR_NOT_FOUND, 0, "Không có trang này");
	char etag[24];
	asset_etag(a, etag);
	const char *inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match");
	int fresh = inm && !strcmp(inm, etag);
	struct MHD_Response *resp = MHD_create_response_from_buffer(
		fresh || !strcmp(method, "HEAD") ? 0 : a->len, (void *)a->data, MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type", a->type);
	MHD_add_response_header(resp, "ETag", etag);
	MHD_add_response_header(resp, "Cache-Control", "no-cache");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data:; object-src 'none'; "
				"base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
	st->status = fresh ? 304 : 200;
	st->bytes = fresh ? 0 : a->len;
	enum MHD_Result ok = MHD_queue_response(conn, (unsigned)st->status, resp);
	MHD_destroy_response(resp);
	return ok;
}

static size_t route_limit(const char *method, const char *url)
{
	web_req_t probe;
	memset(&probe, 0, sizeof probe);
	int known;
	const web_route_t *rt = web_route_find(method, url, &probe, &known);
	return rt && (rt->flags & WEB_F_UPLOAD) ? WEB_UPLOAD_MAX : WEB_JSON_MAX;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	(void)cls;
	(void)version;
	conn_state_t *st = *con_cls;
	if (!st) {
		st = xcalloc(1, sizeof *st);
		clock_gettime(CLOCK_MONOTONIC, &st->start);
		snprintf(st->method, sizeof st->method, "%s", method);
		st->path = xstrdup(url);
		st->limit = route_limit(method, url);
		buf_init(&st->body, st->limit + 1);
		*con_cls = st;
		atomic_fetch_add(&g_inflight, 1);
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > st->limit)
			st->too_large = 1;
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!st->too_large && buf_add(&st->body, upload_data, *upload_data_size))
			st->too_large = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (st->too_large) {
		char msg[128];
		snprintf(msg, sizeof msg, "Nội dung gửi lên quá lớn (tối đa %zu MiB)", st->limit >> 20);
		return answer_error(conn, st, ERR_TOO_LARGE, 0, msg);
	}
	int is_api = !strncmp(url, "/api/", 5);
	if (!is_api)
		return answer_asset(conn, st, method, url);
	err_t e;
	err_clear(&e);
	app_ctx_t *c = worker_ctx(&e);
	if (!c)
		return answer_error(conn, st, ERR_BUSY, 0, e.msg);
	web_req_t q;
	memset(&q, 0, sizeof q);
	q.method = method;
	q.path = url;
	q.body = st->body.p;
	q.body_len = st->body.len;
	client_ip(conn, q.ip);
	ctx_reset(c, q.ip);
	q.c = c;
	lookup_impl_t li = {conn};
	q.impl = &li;
	q.lookup = lookup;
	if (g_cfg->trust_proxy) {
		const char *proto = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-Proto");
		q.secure = proto && !strcmp(proto, "https");
	}
	web_res_t r;
	web_res_init(&r);
	web_dispatch(&q, &r);
	if (q.authed)
		snprintf(st->user, sizeof st->user, "%s", q.user.username);
	if (!strcmp(method, "HEAD"))
		buf_reset(&r.body);
	enum MHD_Result ok = queue(conn, st, &r, is_api);
	web_res_free(&r);
	return ok;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	conn_state_t *st = *con_cls;
	if (!st)
		return;
	struct timespec end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	double ms = (double)(end.tv_sec - st->start.tv_sec) * 1e3 +
		    (double)(end.tv_nsec - st->start.tv_nsec) / 1e6;
	if (g_log) {
		char ip[64], when[32];
		client_ip(conn, ip);
		app_now(when);
		buf_t b;
		buf_init(&b, 0);
		jw_t w;
		jw_init(&w, &b);
		jw_obj(&w);
		jw_kstr(&w, "time", when);
		jw_kstr(&w, "ip", ip);
		jw_kstr(&w, "method", st->method);
		/* the path only: query strings may hold search terms */
		jw_kstr(&w, "path", st->path);
		jw_kint(&w, "status", st->status);
		jw_kint(&w, "bytes", (int64_t)st->bytes);
		jw_key(&w, "ms");
		char num[32];
		snprintf(num, sizeof num, "%.2f", ms);
		jw_raw(&w, num);
		jw_kstr(&w, "user", st->user[0] ? st->user : NULL);
		if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)
			jw_kstr(&w, "aborted", "yes");
		jw_obj_end(&w);
		buf_putc(&b, '\n');
		pthread_mutex_lock(&g_log_mu);
		fputs(buf_cstr(&b), g_log);
		fflush(g_log);
		pthread_mutex_unlock(&g_log_mu);
		buf_free(&b);
	}
	buf_free(&st->body);
	free(st->path);
	free(st);
	*con_cls = NULL;
	atomic_fetch_sub(&g_inflight, 1);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	if (g_cfg && g_cfg->quiet)
		return;
	pthread_mutex_lock(&g_log_mu);
	vfprintf(stderr, fmt, ap);
	pthread_mutex_unlock(&g_log_mu);
}

static int parse_listen(const char *s, struct sockaddr_in *sa, err_t *e)
{
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	const char *colon = strrchr(s ? s : "", ':');
	char host[64];
	const char *port = colon ? colon + 1 : s;
	if (colon)
		snprintf(host, sizeof host, "%.*s", (int)(colon - s), s);
	else
		snprintf(host, sizeof host, "127.0.0.1");
	char *end;
	long p = strtol(port, &end, 10);
	if (!*port || *end || p < 0 || p > 65535)
		return err_set(e, ERR_USAGE, "Địa chỉ lắng nghe «%s» không hợp lệ (dạng 127.0.0.1:8080)", s);
	if (!host[0])
		snprintf(host, sizeof host, "0.0.0.0");
	if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return err_set(e, ERR_USAGE, "Địa chỉ IP «%s» không hợp lệ", host);
	sa->sin_port = htons((uint16_t)p);
	return 0;
}

int web_serve(const web_config_t *cfg, err_t *e)
{
	g_cfg = cfg;
	/* check the database once before listening: a clear error, not 503s */
	app_ctx_t probe;
	int r = app_ctx_open(&probe, cfg->db_url, 0, e);
	if (r)
		return r;
	app_ctx_close(&probe);

	struct sockaddr_in sa;
	if ((r = parse_listen(cfg->listen ? cfg->listen : "127.0.0.1:8080", &sa, e)))
		return r;
	if (!cfg->access_log || !strcmp(cfg->access_log, "-")) {
		g_log = cfg->quiet ? NULL : stderr;
	} else {
		g_log = fopen(cfg->access_log, "a");
		if (!g_log)
			return err_set(e, ERR_IO, "Không mở được tệp nhật ký «%s»: %s", cfg->access_log,
				       strerror(errno));
	}
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = cfg->threads > 0 ? (unsigned)cfg->threads : (unsigned)(cores > 2 ? cores * 2 : 4);

	/* the signals are taken by sigwait below, never by a worker */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0, NULL, NULL,
		on_request, NULL, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT,
		(unsigned)(cfg->max_connections > 0 ? cfg->max_connections : 1024),
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)1024,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)(cfg->timeout_s > 0 ? cfg->timeout_s : 30),
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32 * 1024,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1, MHD_OPTION_END);
	if (!d) {
		if (g_log && g_log != stderr)
			fclose(g_log);
		pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
		return err_set(e, ERR_IO, "Không lắng nghe được ở «%s» (cổng đang bận hoặc không có quyền)",
			       cfg->listen);
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char host[64];
	inet_ntop(AF_INET, &sa.sin_addr, host, sizeof host);
	printf("canbo đang chạy tại http://%s:%u/ (%u luồng; Ctrl+C để dừng)\n", host,
	       di ? di->port : ntohs(sa.sin_port), threads);
	fflush(stdout);

	int sig = 0;
	sigwait(&sigs, &sig);
	if (!cfg->quiet)
		fprintf(stderr, "Nhận tín hiệu dừng: chờ các yêu cầu đang xử lý hoàn tất…\n");
	MHD_socket ls = MHD_quiesce_daemon(d);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	for (int i = 0; i < 300 && atomic_load(&g_inflight) > 0; i++) {
		struct timespec ts = {0, 100 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(d);
	web_jobs_drain(60);
	pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
	for (size_t i = 0; i < g_nctx; i++) {
		app_ctx_close(g_ctxs[i]);
		free(g_ctxs[i]);
	}
	free(g_ctxs);
	g_ctxs = NULL;
	g_nctx = g_capctx = 0;
	if (g_log && g_log != stderr)
		fclose(g_log);
	g_log = NULL;
	if (!cfg->quiet)
		fprintf(stderr, "canbo đã dừng.\n");
	return 0;
}
