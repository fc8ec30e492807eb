/*
 * server: the libmicrohttpd daemon. It owns the connection pool and the
 * per-request context (arena, id, time, body), parses request bodies (forms
 * through MHD's post processor, JSON collected whole), and hands each
 * request to dispatch.c. The access handler uses MHD's two-call pattern: the
 * first call only sets up the context; the response is queued on a later
 * call, which keeps connections alive (see RECIPES.md).
 */
#include "http/internal.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/mem.h"
#include "view/view.h"

#include <arpa/inet.h>
#include <errno.h>
#include <malloc.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

const char *req_query(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *req_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

json_t *req_own(struct req *r, json_t *v)
{
	if (v)
		arena_defer(r->arena, (void (*)(void *))json_decref, v);
	return v;
}

const char *req_field(struct req *r, const char *name)
{
	json_t *v = r->body ? json_object_get(r->body, name) : NULL;
	if (json_is_array(v))
		v = json_array_get(v, 0);
	return json_is_string(v) ? json_string_value(v) : NULL;
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

/* A form field arrives in pieces; append each to the field's string, and
 * turn a repeated name into an array (checkbox groups, multiple selects). */
static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                                const char *content_type, const char *transfer_encoding, const char *data,
                                uint64_t off, size_t size)
{
	struct conn_ctx *x = cls;
	json_t *body = x->req.body;
	if (filename) {
		/* One file per request (the first part); its bytes are kept as they are. */
		if (off == 0) {
			if (x->file_key) {
				x->file_done = true; /* a second part: ignored */
				return MHD_YES;
			}
			x->file_key = arena_strdup(x->req.arena, key);
			x->file_name = arena_strdup(x->req.arena, filename);
		}
		if (!x->file_done && x->file_key && strcmp(key, x->file_key) == 0)
			buf_append(&x->file, data, size);
		return MHD_YES;
	}
	/* Fields other than the file stay within the usual body limit. */
	x->field_bytes += size;
	if (x->field_bytes > LIMIT_BODY_BYTES) {
		x->upload_too_large = true;
		return MHD_NO;
	}
	json_t *cur = json_object_get(body, key);
	if (off == 0) {
		if (json_object_size(body) >= LIMIT_FIELDS) {
			x->upload_too_large = true;
			return MHD_NO;
		}
		json_t *v = json_stringn_nocheck(data, size);
		if (!cur) {
			json_object_set_new(body, key, v);
		} else if (json_is_array(cur)) {
			json_array_append_new(cur, v);
		} else {
			json_t *arr = json_pack("[O, o]", cur, v);
			json_object_set_new(body, key, arr);
		}
		return MHD_YES;
	}
	/* A continuation of the last value of this key. */
	json_t *last = json_is_array(cur) ? json_array_get(cur, json_array_size(cur) - 1) : cur;
	if (json_is_string(last)) {
		struct buf b = BUF_INIT;
		buf_append(&b, json_string_value(last), json_string_length(last));
		buf_append(&b, data, size);
		json_string_setn_nocheck(last, b.data, b.len);
		buf_free(&b);
	}
	return MHD_YES;
}

/* Called with each piece of a request body. */
static void take_body(struct conn_ctx *x, struct MHD_Connection *c, const char *data, size_t size)
{
	x->upload_bytes += size;
	if (x->upload_bytes > (x->upload_allowed ? LIMIT_UPLOAD_BYTES : LIMIT_BODY_BYTES)) {
		x->upload_too_large = true;
		return;
	}
	if (!x->req.body && !x->pp && !x->raw.data) {
		const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
		if (ct && strncasecmp(ct, "application/json", 16) == 0) {
			buf_grow(&x->raw, size);
		} else if (ct && (strncasecmp(ct, MHD_HTTP_POST_ENCODING_FORM_URLENCODED, 33) == 0 ||
		                  strncasecmp(ct, MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA, 19) == 0)) {
			x->multipart = strncasecmp(ct, MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA, 19) == 0;
			/* Only the import of expenses takes a large file; everything else keeps the small limit. */
			x->upload_allowed = x->multipart && (strcmp(x->url, "/funds/import") == 0 ||
			                                     strcmp(x->url, "/api/v1/funds/import") == 0);
			x->req.body = json_object();
			x->pp = MHD_create_post_processor(c, 8192, on_field, x);
			if (!x->pp)
				x->upload_bad_type = true;
		} else {
			x->upload_bad_type = true;
		}
	}
	if (x->upload_bad_type || x->upload_too_large)
		return;
	if (x->pp) {
		if (MHD_post_process(x->pp, data, size) != MHD_YES)
			x->upload_bad_type = !x->upload_too_large;
	} else {
		buf_append(&x->raw, data, size);
	}
}

/* The body is complete: a JSON body becomes r->body (an object). */
static void finish_body(struct conn_ctx *x)
{
	if (x->file_key && x->req.body) {
		/* The file's bytes, and its name as the browser gave it under KEY_name. */
		json_object_set_new(x->req.body, x->file_key, json_stringn_nocheck(x->file.data ? x->file.data : "", x->file.len));
		json_object_set_new(x->req.body, arena_printf(x->req.arena, "%s_name", x->file_key),
		                    json_string(x->file_name));
		buf_free(&x->file);
	}
	if (!x->raw.data || x->req.body)
		return;
	json_error_t jerr;
	json_t *v = json_loadb(x->raw.data, x->raw.len, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(v)) {
		json_decref(v);
		x->req.body = json_object();
		json_object_set_new(x->req.body, "_invalid_json", json_string(v ? "not an object" : jerr.text));
		return;
	}
	x->req.body = v;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
	struct server *srv = cls;
	struct conn_ctx *x = *con_cls;
	if (!x) {
		x = mem_calloc(1, sizeof(*x));
		struct arena *a = arena_new();
		x->req.arena = a;
		x->srv = srv;
		clock_gettime(CLOCK_MONOTONIC, &x->start);
		snprintf(x->id, sizeof(x->id), "%08lx", (unsigned long)atomic_fetch_add(&srv->next_id, 1));
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(x->now, sizeof(x->now), "%Y-%m-%dT%H:%M:%SZ", &tm);
		x->method = arena_strdup(a, method);
		x->url = arena_strdup(a, url);
		x->req.method = x->method;
		x->req.id = x->id;
		x->req.now = x->now;
		x->req.conn = c;
		*con_cls = x;
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!x->upload_too_large && !x->upload_bad_type)
			take_body(x, c, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	finish_body(x);
	return dispatch(x);
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
		log_info("%s %s %s %u %zu %.2fms%s%s", x->id, x->method, x->url, x->status, x->body_bytes, ms,
		         x->req.user ? " user=" : "", x->req.user ? x->req.user->email : "");
		if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)
			log_info("%s aborted (%d)", x->id, (int)toe);
	}
	if (x->pp)
		MHD_destroy_post_processor(x->pp);
	json_decref(x->req.body);
	buf_free(&x->raw);
	buf_free(&x->file);
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
	struct server srv = {.access_log = cfg->access_log, .trust_proxy = cfg->trust_proxy};
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
	struct viewer everyone = {.lang = "nl", .drafts = false};
	if (store_programme(probe, &everyone, &prog) == 0)
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
