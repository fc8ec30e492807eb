/*
 * server: the libmicrohttpd daemon and the request path
 *   MHD -> request context (arena, id) -> language and representation ->
 *   router (deny by default, permission check) -> handler -> JSON or HTML ->
 *   security headers -> access log.
 * The access handler uses MHD's two-call pattern: the first call only sets up
 * the per-request context; the response is queued on a later call, which
 * keeps connections alive (see RECIPES.md).
 */
#include "http/server.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/mem.h"
#include "http/problem.h"
#include "http/router.h"
#include "view/present.h"
#include "view/view.h"

#include <arpa/inet.h>
#include <errno.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Input limits, all in one place. */
#define LIMIT_BODY_BYTES (1u << 20)     /* request bodies (forms, JSON) */
#define LIMIT_CONN_MEMORY (64u << 10)   /* per connection: headers and buffers */
#define LIMIT_URL_BYTES 2048
#define CONN_TIMEOUT_S 30

#define API_PREFIX "/api/v1"
#define LANG_COOKIE "lia_lang"

/* Scripts are never used, so none are allowed; styles and images only from
 * lia itself (inline SVG is part of the document, not an image load). */
#define CSP "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self';" \
            " form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

struct server {
	struct store_pool *pool;
	struct MHD_Daemon *daemon;
	atomic_ulong next_id;
	bool access_log;
	bool example; /* the served programme is example data (checked at start) */
};

struct conn_ctx {
	struct req req;
	struct server *srv;
	struct timespec start;
	char id[20];
	const char *method;
	const char *url;
	unsigned status;
	size_t body_bytes;  /* response body length, for the access log */
	size_t upload_bytes;
	bool upload_too_large;
};

const char *req_query(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *req_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

int req_param_id(struct req *r, unsigned idx, const char *what, struct resp *out, long long *id)
{
	const char *s = idx < r->nparams ? r->params[idx] : NULL;
	long long v = 0;
	bool ok = s && *s && strlen(s) <= 15;
	for (const char *p = s; ok && *p; p++) {
		if (*p < '0' || *p > '9')
			ok = false;
		else
			v = v * 10 + (*p - '0');
	}
	if (!ok || v <= 0) {
		out->detail = arena_printf(r->arena, TR(r->lang, N_("The number of the %s in the address must be a whole number of 1 or more, like 12. You used: %s")),
		                           what, s ? s : "");
		return LIA_EINVAL;
	}
	*id = v;
	return 0;
}

/* True if the client asks for JSON rather than HTML. */
static bool wants_json(const char *accept)
{
	if (!accept)
		return false;
	const char *j = strstr(accept, "application/json");
	if (!j)
		j = strstr(accept, "application/problem+json");
	const char *h = strstr(accept, "text/html");
	return j && (!h || j < h);
}

static void add_common_headers(struct MHD_Response *resp, const char *lang)
{
	MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
	MHD_add_response_header(resp, "Vary", "Accept, Accept-Language, Cookie");
	if (lang)
		MHD_add_response_header(resp, "Content-Language", lang);
}

/* Queue a response that takes ownership of body (malloc'd) when owned. */
static enum MHD_Result send_body(struct conn_ctx *x, unsigned status, const char *ctype, char *body,
                                 size_t len, bool owned, const char *cache_control, const char *etag,
                                 const char *allow, bool set_lang_cookie)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(
		len, body, owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!resp) {
		if (owned)
			free(body);
		return MHD_NO;
	}
	add_common_headers(resp, x->req.lang);
	MHD_add_response_header(resp, "Content-Type", ctype);
	MHD_add_response_header(resp, "Cache-Control", cache_control ? cache_control : "no-cache");
	if (etag)
		MHD_add_response_header(resp, "ETag", etag);
	if (allow)
		MHD_add_response_header(resp, "Allow", allow);
	MHD_add_response_header(resp, "X-Request-Id", x->id);
	if (set_lang_cookie) {
		char cookie[96];
		snprintf(cookie, sizeof(cookie), LANG_COOKIE "=%s; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
		         x->req.lang);
		MHD_add_response_header(resp, "Set-Cookie", cookie);
	}
	x->status = status;
	x->body_bytes = len;
	enum MHD_Result rc = MHD_queue_response(x->req.conn, status, resp);
	MHD_destroy_response(resp);
	return rc;
}

static enum MHD_Result send_json(struct conn_ctx *x, unsigned status, json_t *data, const char *ctype,
                                 const char *allow, bool set_cookie)
{
	char *s = json_dumps(data, JSON_COMPACT);
	if (!s)
		mem_die("json_dumps failed");
	return send_body(x, status, ctype, s, strlen(s), true, NULL, NULL, allow, set_cookie);
}

static enum MHD_Result send_html(struct conn_ctx *x, unsigned status, const char *tpl, const char *title,
                                 json_t *data, json_t *extra, const char *allow, bool set_cookie)
{
	struct view_page pg = {
		.lang = x->req.lang, .path = x->req.path, .title = title,
		.request_id = x->id, .status = (int)status, .example = x->srv->example,
	};
	struct buf out = BUF_INIT;
	if (view_render(&pg, tpl, data, extra, &out) != 0) {
		buf_free(&out);
		log_error("%s: rendering %s failed", x->id, tpl);
		static const char fallback[] = "<!doctype html><title>500</title><p>Internal error</p>";
		return send_body(x, 500, "text/html; charset=utf-8", (char *)fallback, sizeof(fallback) - 1, false,
		                 NULL, NULL, NULL, false);
	}
	size_t len = out.len;
	return send_body(x, status, "text/html; charset=utf-8", buf_release(&out), len, true, NULL, NULL, allow,
	                 set_cookie);
}

static enum MHD_Result send_problem(struct conn_ctx *x, unsigned status, const char *detail, const char *allow,
                                    bool set_cookie)
{
	struct req *r = &x->req;
	json_t *p = problem_json((int)status, detail, r->lang, r->path, x->id);
	enum MHD_Result rc;
	if (r->want_json)
		rc = send_json(x, status, p, "application/problem+json", allow, set_cookie);
	else
		rc = send_html(x, status, "error", json_string_value(json_object_get(p, "title")), p, NULL, allow,
		               set_cookie);
	json_decref(p);
	return rc;
}

/* If-None-Match (RFC 9110 13.1.2): "*" or a list of entity tags, compared
 * weakly (a W/ prefix is ignored). */
static bool etag_matches(struct req *r, const char *etag)
{
	const char *inm = req_header(r, MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (!etag || !inm)
		return false;
	size_t elen = strlen(etag);
	const char *p = inm;
	while (*p) {
		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		const char *end = p;
		while (*end && *end != ',')
			end++;
		const char *tail = end;
		while (tail > p && (tail[-1] == ' ' || tail[-1] == '\t'))
			tail--;
		if ((size_t)(tail - p) == elen && strncmp(p, etag, elen) == 0)
			return true;
		p = end;
	}
	return false;
}

static enum MHD_Result dispatch(struct server *srv, struct conn_ctx *x, struct MHD_Connection *c,
                                const char *url, const char *method)
{
	struct req *r = &x->req;
	r->conn = c;
	r->method = method;
	r->id = x->id;

	/* Representation: /api/v1/... or Accept: application/json. */
	const char *path = url;
	size_t plen = strlen(API_PREFIX);
	if (strncmp(path, API_PREFIX, plen) == 0 && (path[plen] == '\0' || path[plen] == '/')) {
		r->api = true;
		path = path[plen] ? path + plen : "/";
	}
	r->path = path;
	r->want_json = r->api || wants_json(req_header(r, MHD_HTTP_HEADER_ACCEPT));

	/* Language: ?lang= (remembered in a cookie), the cookie, Accept-Language. */
	bool set_cookie = false;
	const char *q = req_query(r, "lang");
	const char *lang = q ? i18n_lang(q, strlen(q)) : NULL;
	if (lang) {
		set_cookie = true;
	} else {
		const char *ck = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, LANG_COOKIE);
		lang = ck ? i18n_lang(ck, strlen(ck)) : NULL;
	}
	r->lang = lang ? lang : i18n_negotiate(req_header(r, MHD_HTTP_HEADER_ACCEPT_LANGUAGE));

	if (x->upload_too_large)
		return send_problem(x, 413, NULL, NULL, set_cookie);
	if (strlen(url) > LIMIT_URL_BYTES)
		return send_problem(x, 414, NULL, NULL, set_cookie);

	const struct route *route = NULL;
	const char *allow = NULL;
	switch (router_match(r->arena, method, path, &route, r->params, &r->nparams, &allow)) {
	case ROUTER_NOT_FOUND:
		return send_problem(x, 404, NULL, NULL, set_cookie);
	case ROUTER_BAD_METHOD:
		return send_problem(x, 405, NULL, allow, set_cookie);
	case ROUTER_FOUND:
		break;
	}
	/* Deny by default: until sign-in exists, only public routes can run. */
	if (route->perm != PERM_PUBLIC)
		return send_problem(x, 401, NULL, NULL, set_cookie);
	if (r->want_json && !(route->flags & (ROUTE_JSON | ROUTE_RAW)))
		return send_problem(x, 404, NULL, NULL, set_cookie);
	if (r->api && (route->flags & ROUTE_RAW))
		return send_problem(x, 404, NULL, NULL, set_cookie);

	struct resp out = {0};
	bool needs_store = !(route->flags & ROUTE_RAW);
	/* Safe methods read one consistent snapshot of the database. */
	bool snapshot = needs_store && strcmp(route->method, "GET") == 0;
	int rc = 0;
	if (needs_store) {
		r->store = store_pool_acquire(srv->pool);
		if (snapshot)
			rc = store_read_begin(r->store);
	}
	if (rc == 0)
		rc = route->handler(r, &out);
	if (needs_store) {
		if (snapshot)
			store_read_end(r->store);
		store_pool_release(srv->pool, r->store);
		r->store = NULL;
	}
	if (out.data)
		arena_defer(r->arena, (void (*)(void *))json_decref, out.data);
	if (out.extra)
		arena_defer(r->arena, (void (*)(void *))json_decref, out.extra);

	if (rc != 0) {
		int status = problem_status(rc);
		if (status >= 500)
			log_error("%s: %s %s failed: %s", x->id, method, url, err_name(rc));
		return send_problem(x, (unsigned)status, out.detail, NULL, set_cookie);
	}
	unsigned status = out.status ? (unsigned)out.status : 200;
	if (out.body) {
		if (etag_matches(r, out.etag))
			return send_body(x, 304, out.content_type, (char *)"", 0, false, out.cache_control, out.etag,
			                 NULL, set_cookie);
		return send_body(x, status, out.content_type, (char *)out.body, out.body_len, false,
		                 out.cache_control, out.etag, NULL, set_cookie);
	}
	present(out.data, r->lang);
	if (r->want_json)
		return send_json(x, status, out.data ? out.data : json_null(), "application/json", NULL, set_cookie);
	return send_html(x, status, out.template, out.title, out.data, out.extra, NULL, set_cookie);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
	struct server *srv = cls;
	struct conn_ctx *x = *con_cls;
	if (!x) {
		x = mem_calloc(1, sizeof(*x));
		x->req.arena = arena_new();
		x->srv = srv;
		clock_gettime(CLOCK_MONOTONIC, &x->start);
		snprintf(x->id, sizeof(x->id), "%08lx", (unsigned long)atomic_fetch_add(&srv->next_id, 1));
		x->method = arena_strdup(x->req.arena, method);
		x->url = arena_strdup(x->req.arena, url);
		*con_cls = x;
		return MHD_YES;
	}
	if (*upload_data_size) {
		/* No route reads a body yet; count it against the limit and drop it. */
		x->upload_bytes += *upload_data_size;
		if (x->upload_bytes > LIMIT_BODY_BYTES)
			x->upload_too_large = true;
		*upload_data_size = 0;
		return MHD_YES;
	}
	return dispatch(srv, x, c, url, method);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct server *srv = cls;
	struct conn_ctx *x = *con_cls;
	if (!x)
		return;
	if (srv->access_log) {
		struct timespec end;
		clock_gettime(CLOCK_MONOTONIC, &end);
		double ms = (double)(end.tv_sec - x->start.tv_sec) * 1e3 + (double)(end.tv_nsec - x->start.tv_nsec) / 1e6;
		log_info("%s %s %s %u %zu %.2fms%s", x->id, x->method, x->url, x->status, x->body_bytes, ms,
		         toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
	}
	arena_free(x->req.arena);
	free(x);
	*con_cls = NULL;
}

static void on_mhd_error(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	size_t n = strlen(msg);
	while (n && msg[n - 1] == '\n')
		msg[--n] = '\0';
	log_warn("http: %s", msg);
}

int server_run(const struct server_config *cfg)
{
	struct server srv = {.access_log = cfg->access_log};
	atomic_init(&srv.next_id, 1);
	const char *listen_addr = cfg->listen ? cfg->listen : "127.0.0.1";
	unsigned threads = cfg->threads;
	if (!threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 ? (unsigned)n : 2;
	}

	struct sockaddr_storage ss = {0};
	socklen_t sslen;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	if (inet_pton(AF_INET, listen_addr, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)cfg->port);
		sslen = sizeof(*sin);
	} else if (inet_pton(AF_INET6, listen_addr, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)cfg->port);
		sslen = sizeof(*sin6);
		flags |= MHD_USE_IPv6;
	} else {
		fprintf(stderr, "lia: --listen %s is not an IP address (use for example 127.0.0.1 or ::1)\n", listen_addr);
		return LIA_EINVAL;
	}
	(void)sslen;

	char *err = NULL;
	int rc = store_pool_open(cfg->db_path, threads, &srv.pool, &err);
	if (rc != 0) {
		fprintf(stderr, "lia: %s\n", err ? err : "cannot open the database");
		free(err);
		return rc;
	}
	struct store *probe = store_pool_acquire(srv.pool);
	json_t *prog = NULL;
	if (store_programme(probe, "nl", &prog) == 0)
		srv.example = json_is_true(json_object_get(prog, "is_example"));
	json_decref(prog);
	store_pool_release(srv.pool, probe);
	if (view_init() != 0) {
		store_pool_close(srv.pool);
		return LIA_EINTERNAL;
	}

	/* Every request frees what it allocated; without these, glibc hands
	 * memory back to the kernel after each request (madvise, TLB flushes)
	 * only to fault it in again for the next one. */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 4 << 20);

	/* Block the stop signals in every thread; the main thread waits for them. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	srv.daemon = MHD_start_daemon(flags, (uint16_t)cfg->port, NULL, NULL, on_request, &srv,
		MHD_OPTION_EXTERNAL_LOGGER, on_mhd_error, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONN_TIMEOUT_S,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)LIMIT_CONN_MEMORY,
		MHD_OPTION_END);
	if (!srv.daemon) {
		fprintf(stderr, "lia: cannot listen on %s port %u: %s\n", listen_addr, cfg->port, strerror(errno));
		view_shutdown();
		store_pool_close(srv.pool);
		return LIA_EIO;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv.daemon, MHD_DAEMON_INFO_BIND_PORT);
	unsigned port = info ? info->port : cfg->port;
	printf("lia: serving http://%s%s%s:%u/\n", strchr(listen_addr, ':') ? "[" : "", listen_addr,
	       strchr(listen_addr, ':') ? "]" : "", port);
	fflush(stdout);
	log_info("listening on %s port %u with %u threads; stop with Ctrl+C", listen_addr, port, threads);

	int sig = 0;
	sigwait(&stop, &sig);
	log_info("stopping (signal %d): finishing open requests", sig);
	MHD_quiesce_daemon(srv.daemon);
	MHD_stop_daemon(srv.daemon);
	view_shutdown();
	store_pool_close(srv.pool);
	log_info("stopped");
	return 0;
}
