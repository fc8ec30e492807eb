/*
 * server: the libmicrohttpd adapter, and the only file that includes
 * microhttpd.h. It owns the daemon and the connection pool; for each request
 * it copies headers, cookies and query arguments into an exchange
 * (http/pipeline.h), runs stage one as soon as the headers are in, decodes
 * the body (forms through MHD's post processor, JSON collected whole) within
 * the limit stage one chose, runs stage two, and turns the struct
 * http_response into an MHD_Response.
 *
 * A request that stage one answers never has a byte of its body stored.
 * When it announces a body over LIMIT_BODY_BYTES the answer is queued on
 * that first call: libmicrohttpd then reads none of the body (a response
 * queued while the headers are processed makes it stop reading the request
 * and close the connection after the answer), so a refused upload of 32 MB
 * costs neither memory nor the time to receive it. Smaller or chunked
 * bodies are read and dropped, and the answer is queued after them: clients
 * (browsers, fetch) may treat a connection closed while they still send as
 * a failure rather than read the answer, and keeping the connection open
 * needs the two-call pattern (see RECIPES.md).
 *
 * Slow clients: libmicrohttpd limits connections in all and per address
 * (LIMIT_CONNS, LIMIT_CONNS_PER_ADDRESS; the total stays below the file
 * descriptor limit, which is raised to its maximum first), and http/conns.h
 * shuts down connections whose headers take longer than LIMIT_HEADER_S, which
 * libmicrohttpd's idle timeout alone does not (every byte resets it). The
 * main thread sweeps for those once a second while it waits for a signal:
 * SIGINT and SIGTERM stop the server, SIGHUP reopens the log file.
 */
#include "http/cache.h"
#include "http/conns.h"
#include "http/pipeline.h"
#include "http/server.h"
#include "http/writes.h"

#include "core/clock.h"
#include "core/err.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/secret.h"
#include "store/store.h"
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
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct server {
	struct http_pipeline pipe;
	sem_t making; /* pipe.making points here */
	struct MHD_Daemon *daemon;
	struct http_conns *conns;
	struct http_writes *writes; /* the threads that make changes' answers */
	atomic_ulong next_id;
	bool access_log;
	const struct server_config *cfg;
};

/* What the adapter keeps per request besides the exchange. */
struct conn {
	struct http_exchange *x;
	struct timespec start;
	const char *method, *url; /* for the access log (the exchange's arena) */
	struct MHD_PostProcessor *pp;
	size_t limit;             /* the body limit stage one chose */
	size_t body_bytes;        /* body bytes received so far */
	bool head_answered;       /* stage one answered */
	bool queued;
	bool body_started;        /* the decoder was chosen */
	bool json;                /* the body is JSON (else a form) */
	bool discard;             /* refused: take no more body bytes */
	bool made;                /* stage two ran on a thread of srv->writes */
	struct MHD_Connection *c; /* while suspended for srv->writes */
};

static enum MHD_Result copy_value(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct http_exchange *x = cls;
	enum http_kind k = kind == MHD_GET_ARGUMENT_KIND ? HTTP_QUERY : kind == MHD_COOKIE_KIND ? HTTP_COOKIE : HTTP_HEADER;
	if (key)
		http_request_add(x, k, key, value);
	return MHD_YES;
}

static void copy_client(struct http_exchange *x, struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char buf[INET6_ADDRSTRLEN] = "unknown";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf, sizeof(buf));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, buf, sizeof(buf));
	}
	http_request_client(x, buf, false);
}

/* The exchange's response as an MHD_Response, queued on c. An owned body
 * passes to libmicrohttpd; any other lives in the exchange until
 * on_completed, after the last byte is sent. */
static enum MHD_Result queue(struct conn *cn, struct MHD_Connection *c)
{
	const struct http_response *hr = http_exchange_response(cn->x);
	struct MHD_Response *resp;
	char *owned = http_response_take_body(cn->x);
	if (owned) {
		resp = MHD_create_response_from_buffer(hr->body_len, owned, MHD_RESPMEM_MUST_FREE);
		if (!resp)
			free(owned);
	} else {
		resp = MHD_create_response_from_buffer(hr->body_len, (void *)hr->body, MHD_RESPMEM_PERSISTENT);
	}
	if (!resp)
		return MHD_NO;
	for (unsigned i = 0; i < hr->headers.n; i++)
		MHD_add_response_header(resp, hr->headers.v[i].name, hr->headers.v[i].value);
	cn->queued = true;
	enum MHD_Result rc = MHD_queue_response(c, hr->status, resp);
	MHD_destroy_response(resp);
	return rc;
}

/* A form field, or a piece of the uploaded file, from the post processor. */
static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                                const char *content_type, const char *transfer_encoding, const char *data,
                                uint64_t off, size_t size)
{
	struct conn *cn = cls;
	int rc = filename ? http_body_file(cn->x, key, filename, data, (size_t)off, size)
	                  : http_body_field(cn->x, key, data, (size_t)off, size);
	if (rc != 0) {
		cn->discard = true;
		return MHD_NO;
	}
	return MHD_YES;
}

/* Chooses the decoder from Content-Type when the first body bytes come. */
static void start_body(struct conn *cn, struct MHD_Connection *c)
{
	cn->body_started = true;
	const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (ct && strncasecmp(ct, "application/json", 16) == 0) {
		cn->json = true;
	} else if (ct && (strncasecmp(ct, MHD_HTTP_POST_ENCODING_FORM_URLENCODED, 33) == 0 ||
	                  strncasecmp(ct, MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA, 19) == 0)) {
		cn->pp = MHD_create_post_processor(c, 8192, on_field, cn);
	}
	if (!cn->json && !cn->pp) {
		http_body_refuse(cn->x, 415);
		cn->discard = true;
	}
}

/* Called with each piece of a request body. Past the route's limit, or
 * once refused, the bytes are dropped unread. */
static void take_body(struct conn *cn, struct MHD_Connection *c, const char *data, size_t size)
{
	cn->body_bytes += size;
	if (cn->body_bytes > cn->limit) {
		http_body_refuse(cn->x, 413);
		cn->discard = true;
	}
	if (cn->discard)
		return;
	if (!cn->body_started)
		start_body(cn, c);
	if (cn->discard)
		return;
	if (cn->json) {
		if (http_body_json(cn->x, data, size) != 0)
			cn->discard = true;
	} else if (MHD_post_process(cn->pp, data, size) != MHD_YES) {
		/* A broken form, unless a field limit said why already. */
		http_body_refuse(cn->x, 415);
		cn->discard = true;
	}
}

/* True if the request announces a body over LIMIT_BODY_BYTES. */
static bool announces_large_body(struct MHD_Connection *c)
{
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	return cl && strtoull(cl, NULL, 10) > LIMIT_BODY_BYTES;
}

/* A request that may change something: everything but GET, HEAD and
 * OPTIONS. */
static bool is_change(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 && strcmp(method, "OPTIONS") != 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
	struct server *srv = cls;
	struct conn *cn = *con_cls;
	if (!cn) {
		const union MHD_ConnectionInfo *sc = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
		if (sc && sc->socket_context)
			http_conns_headers_in(srv->conns, sc->socket_context);
		cn = mem_calloc(1, sizeof(*cn));
		clock_gettime(CLOCK_MONOTONIC, &cn->start);
		char id[20], now[24];
		snprintf(id, sizeof(id), "%08lx", (unsigned long)atomic_fetch_add(&srv->next_id, 1));
		clock_iso(clock_now(), now, sizeof(now));
		cn->x = http_exchange_new(&srv->pipe, method, url, id, now);
		struct req *r = http_exchange_req(cn->x);
		cn->method = r->method;
		cn->url = arena_strdup(r->arena, url);
		MHD_get_connection_values(c, MHD_HEADER_KIND, copy_value, cn->x);
		MHD_get_connection_values(c, MHD_COOKIE_KIND, copy_value, cn->x);
		MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, copy_value, cn->x);
		copy_client(cn->x, c);
		*con_cls = cn;
		if (http_stage_head(cn->x, &cn->limit) == HTTP_ANSWERED) {
			cn->head_answered = true;
			if (announces_large_body(c))
				return queue(cn, c);
		}
		return MHD_YES;
	}
	if (cn->queued) {
		/* Answered early: libmicrohttpd reads no body; drop anything it hands us. */
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!cn->head_answered)
			take_body(cn, c, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (!cn->head_answered && !cn->made && is_change(cn->method)) {
		/* Made on a thread of its own (writes.h); libmicrohttpd calls
		 * again once it is resumed. */
		cn->c = c;
		MHD_suspend_connection(c);
		http_writes_push(srv->writes, cn);
		return MHD_YES;
	}
	if (!cn->head_answered && !cn->made)
		http_stage_body(cn->x);
	return queue(cn, c);
}

/* A thread of srv->writes: stage two of a suspended change. cn belongs to
 * libmicrohttpd again from the resume on (it may end the request at once). */
static void make_change(void *job, void *ctx)
{
	(void)ctx;
	struct conn *cn = job;
	struct MHD_Connection *c = cn->c;
	http_stage_body(cn->x);
	cn->made = true;
	MHD_resume_connection(c);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct server *srv = cls;
	struct conn *cn = *con_cls;
	const union MHD_ConnectionInfo *sc = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	if (sc && sc->socket_context)
		http_conns_answered(srv->conns, sc->socket_context);
	if (!cn)
		return;
	if (srv->access_log) {
		struct timespec end;
		clock_gettime(CLOCK_MONOTONIC, &end);
		double ms = (double)(end.tv_sec - cn->start.tv_sec) * 1e3 + (double)(end.tv_nsec - cn->start.tv_nsec) / 1e6;
		const struct http_response *hr = http_exchange_response(cn->x);
		const struct req *r = http_exchange_req(cn->x);
		log_info("%s %s %s %u %zu %.2fms%s%s", r->id, cn->method, cn->url, hr->status, hr->body_len, ms,
		         r->user ? " user=" : "", r->user ? r->user->email : "");
		if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)
			log_info("%s aborted (%d)", r->id, (int)toe);
	}
	if (cn->pp)
		MHD_destroy_post_processor(cn->pp);
	http_exchange_free(cn->x);
	free(cn);
	*con_cls = NULL;
}

/* Connections open and close: the header deadline's registry follows them.
 * libmicrohttpd calls CLOSED before it closes the socket (conns.h). */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
	struct server *srv = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_context = ci ? http_conns_add(srv->conns, ci->connect_fd) : NULL;
	} else if (*socket_context) {
		http_conns_remove(srv->conns, *socket_context);
		*socket_context = NULL;
	}
}

/* Raise the file descriptor limit to its maximum and return how many
 * connections fit under it, leaving room for the database, the log and
 * libmicrohttpd's own descriptors. */
static unsigned connection_limit(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 256;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			getrlimit(RLIMIT_NOFILE, &rl);
	}
	const rlim_t reserve = 64;
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > LIMIT_CONNS + reserve)
		return LIMIT_CONNS;
	return rl.rlim_cur > reserve + 16 ? (unsigned)(rl.rlim_cur - reserve) : 16;
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

/* The folder of the database file (where SQLite writes its journal): a
 * malloc'd string the caller frees. */
static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return mem_strdup(".");
	return slash == path ? mem_strdup("/") : mem_strndup(path, (size_t)(slash - path));
}

/* The configured housekeeping (server_config.daily), with a store of the pool. */
static void run_daily(struct server *srv)
{
	if (!srv->cfg->daily)
		return;
	/* Every municipality's own housekeeping. */
	struct store *s = store_pool_acquire(srv->pipe.pool);
	if (!s)
		return; /* logged */
	json_t *all = NULL;
	if (store_municipalities(s, &all) != 0)
		log_error("the municipalities of the deployment cannot be read: housekeeping for the first only");
	store_pool_release(srv->pipe.pool, s);
	size_t n = all ? json_array_size(all) : 1;
	for (size_t i = 0; i < n; i++) {
		long long id = all ? (long long)json_integer_value(json_object_get(json_array_get(all, i), "id")) : 1;
		if (!(s = store_pool_acquire_for(srv->pipe.pool, id)))
			continue; /* logged */
		srv->cfg->daily(s, srv->cfg->daily_ctx);
		store_pool_release(srv->pipe.pool, s);
	}
	json_decref(all);
}

/* Wait for a stop signal, sweeping late headers once a second, reopening
 * the log on SIGHUP and running the housekeeping once a day. Returns the
 * stop signal. */
static int wait_for_stop(struct server *srv, const sigset_t *signals)
{
	const struct timespec tick = {.tv_sec = 1};
	struct timespec last;
	clock_gettime(CLOCK_MONOTONIC, &last);
	for (;;) {
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - last.tv_sec >= 24 * 60 * 60) {
			run_daily(srv);
			last = now;
		}
		int sig = sigtimedwait(signals, NULL, &tick);
		if (sig == SIGHUP) {
			if (log_reopen() != 0)
				log_error("cannot reopen the log file: %s", strerror(errno));
			else
				log_info("log file reopened (SIGHUP)");
		} else if (sig == SIGINT || sig == SIGTERM) {
			return sig;
		}
		unsigned late = http_conns_sweep(srv->conns, LIMIT_HEADER_S);
		if (late)
			log_warn("closed %u connection%s that took over %d s to send the headers", late, late == 1 ? "" : "s",
			         LIMIT_HEADER_S);
	}
}

/* Listen on an address (IPv4 or IPv6) and port, and serve until a stop
 * signal. srv->pipe is set up and srv->conns made. */
static int listen_and_serve(struct server *srv, const struct server_config *cfg)
{
	const char *listen_addr = cfg->listen ? cfg->listen : "127.0.0.1";
	unsigned threads = cfg->threads ? cfg->threads : SERVER_THREADS;

	struct sockaddr_storage ss = {0};
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG |
	                 MHD_ALLOW_SUSPEND_RESUME;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	if (inet_pton(AF_INET, listen_addr, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)cfg->port);
	} else if (inet_pton(AF_INET6, listen_addr, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)cfg->port);
		flags |= MHD_USE_IPv6;
	} else {
		fprintf(stderr, "lia: --listen %s is not an IP address (use for example 127.0.0.1 or ::1)\n", listen_addr);
		return LIA_EINVAL;
	}

	char *err = NULL;
	/* A connection for each worker thread and each thread of changes. */
	int rc = store_pool_open(cfg->db_path, threads + SERVER_WRITES, &srv->pipe.pool, &err);
	if (rc != 0) {
		fprintf(stderr, "lia: %s\n", err ? err : "cannot open the database");
		free(err);
		return rc;
	}
	struct store *probe = store_pool_acquire(srv->pipe.pool);
	json_t *prog = NULL;
	struct viewer everyone = {.lang = "nl", .drafts = false};
	if (probe && store_programme(probe, &everyone, &prog) == 0)
		srv->pipe.example = json_is_true(json_object_get(prog, "is_example"));
	json_decref(prog);
	if (probe)
		store_pool_release(srv->pipe.pool, probe);
	srv->pipe.tenants = http_tenants_new(srv->pipe.pool);
	if (view_init() != 0) {
		http_tenants_free(srv->pipe.tenants);
		store_pool_close(srv->pipe.pool);
		return LIA_EINTERNAL;
	}

	/* Every request frees what it allocated; without these, glibc hands
	 * memory back to the kernel after each request (madvise, TLB flushes)
	 * only to fault it in again for the next one. Blocks from 4 MB up
	 * (MEM_MAP_THRESHOLD) still get a map of their own: an upload's
	 * tables, a very large page. */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, (int)MEM_MAP_THRESHOLD);
	/* Pages are made a few at a time (pipe.making), and glibc keeps as many
	 * malloc arenas, shared by all threads: an arena per thread would keep
	 * the largest page that thread ever made, eight times over. */
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned making = cpus < SERVER_MAKING_MIN ? SERVER_MAKING_MIN
	                : cpus > SERVER_MAKING_MAX ? SERVER_MAKING_MAX : (unsigned)cpus;
	if (making > threads)
		making = threads;
	mallopt(M_ARENA_MAX, (int)making);
	sem_init(&srv->making, 0, making);
	srv->pipe.making = &srv->making;

	/* Block the signals in every thread; the main thread waits for them. */
	sigset_t signals;
	sigemptyset(&signals);
	sigaddset(&signals, SIGINT);
	sigaddset(&signals, SIGTERM);
	sigaddset(&signals, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &signals, NULL);
	signal(SIGPIPE, SIG_IGN);

	srv->writes = http_writes_new(SERVER_WRITES, make_change, NULL);
	unsigned max_conns = connection_limit();
	/* Behind a trusted proxy every connection comes from the proxy. */
	unsigned per_address = cfg->trust_proxy ? 0 : LIMIT_CONNS_PER_ADDRESS;
	srv->daemon = MHD_start_daemon(flags, (uint16_t)cfg->port, NULL, NULL, on_request, srv,
		MHD_OPTION_EXTERNAL_LOGGER, on_mhd_error, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONN_TIMEOUT_S,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)LIMIT_CONN_MEMORY,
		MHD_OPTION_CONNECTION_LIMIT, max_conns,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_address,
		MHD_OPTION_END);
	if (!srv->daemon) {
		fprintf(stderr, "lia: cannot listen on %s port %u: %s\n", listen_addr, cfg->port, strerror(errno));
		http_writes_free(srv->writes);
		view_shutdown();
		http_tenants_free(srv->pipe.tenants);
		store_pool_close(srv->pipe.pool);
		return LIA_EIO;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	unsigned port = info ? info->port : cfg->port;
	printf("lia: serving http://%s%s%s:%u/\n", strchr(listen_addr, ':') ? "[" : "", listen_addr,
	       strchr(listen_addr, ':') ? "]" : "", port);
	fflush(stdout);
	log_info("listening on %s port %u with %u threads, at most %u connections (%u per address), a cache of %u MB;"
	         " stop with Ctrl+C",
	         listen_addr, port, threads, max_conns, per_address ? per_address : max_conns, cfg->cache_mb);
	if (clock_is_moved())
		log_warn("LIA_TEST_CLOCK_FILE is set: the clock is moved for tests; never set it on a real server");
	if (secret_password_cost_is_low())
		log_warn("LIA_TEST_PASSWORD_COST is set: new passwords are hashed at the lowest cost, for tests;"
		         " never set it on a real server");

	if (cfg->listening)
		cfg->listening(port, cfg->listening_ctx);
	run_daily(srv);
	int sig = wait_for_stop(srv, &signals);
	log_info("stopping (signal %d): finishing open requests", sig);
	MHD_quiesce_daemon(srv->daemon);
	/* Changes already handed over are made and their connections resumed
	 * (libmicrohttpd must not stop with a connection suspended). */
	http_writes_free(srv->writes);
	MHD_stop_daemon(srv->daemon);
	sem_destroy(&srv->making);
	view_shutdown();
	http_tenants_free(srv->pipe.tenants);
	store_pool_close(srv->pipe.pool);
	log_info("stopped");
	return 0;
}

int server_run(const struct server_config *cfg)
{
	struct server srv = {.access_log = cfg->access_log, .cfg = cfg, .pipe = {.trust_proxy = cfg->trust_proxy}};
	atomic_init(&srv.next_id, 1);
	/* A SQLite file and its folder are checked by /healthz; a database
	 * server (postgresql://) has neither here: its query is the check. */
	bool file = !store_is_server(cfg->db_path);
	char *data_dir = file ? folder_of(cfg->db_path) : NULL;
	srv.pipe.data_dir = data_dir;
	srv.pipe.db_path = file ? cfg->db_path : NULL;
	srv.conns = http_conns_new();
	if (cfg->cache_mb)
		srv.pipe.cache = http_cache_new((size_t)cfg->cache_mb << 20);
	int rc = listen_and_serve(&srv, cfg);
	http_cache_free(srv.pipe.cache);
	http_conns_free(srv.conns);
	free(data_dir);
	return rc;
}
