/*
 * server: lia's HTTP server (libmicrohttpd with a thread pool). Only
 * server.c includes microhttpd.h; the pipeline it feeds is http/pipeline.h.
 */
#ifndef LIA_HTTP_SERVER_H
#define LIA_HTTP_SERVER_H

#include <stdbool.h>

struct store;

/* Worker threads when --threads is not given. Not one per CPU: a thread
 * that waits (a form that waits for the writer while an import of 100,000
 * lines holds it, a slow client) keeps the connections it serves waiting
 * too, so there are enough for readers to go on while one or two wait; each
 * holds a database connection and at most one request's memory, so not
 * many more (issue 12: 8 keeps memory under 64 MB under load). */
#define SERVER_THREADS 8
/* Threads that make the answers of changes (http/writes.h): they wait for
 * the one writer in turn, so a few are enough to keep the next change ready
 * while one waits; each holds a database connection, and a sign-in among
 * them Argon2id's 64 MB for a moment. */
#define SERVER_WRITES 4
/* GET answers made at once: one per CPU, at least 2 and at most 4 (more
 * would only wait for a CPU while holding memory). */
#define SERVER_MAKING_MIN 2
#define SERVER_MAKING_MAX 4

struct server_config {
	const char *db_path;
	const char *listen;   /* IPv4 or IPv6 address, default 127.0.0.1 */
	unsigned port;        /* 0 picks a free port (printed on start) */
	unsigned threads;     /* worker threads; 0 = SERVER_THREADS */
	bool access_log;
	unsigned cache_mb;    /* the cache of ready bytes of public pages, in MB; 0: none */
	unsigned trust_proxy; /* behind this many proxies (usually 1): take the client's
	                         address from X-Forwarded-For counted from the right, and
	                         the scheme and host from X-Forwarded-Proto/-Host; 0: none */
	/* Housekeeping (removing abandoned uploads): called on the main thread
	 * with a store of the pool once serving starts and then every 24 hours;
	 * NULL for none. It logs what it did itself. */
	void (*daily)(struct store *s, void *ctx);
	void *daily_ctx;
	/* Called on the main thread once the server listens, with the port it
	 * listens on (known only then when port was 0), before it serves; NULL
	 * for none. The mail worker starts here (cmd_serve.c). */
	void (*listening)(unsigned port, void *ctx);
	void *listening_ctx;
};

/* Serve until SIGINT or SIGTERM (SIGHUP reopens the log file, log_open()). Prints "lia: serving http://ADDR:PORT/" on
 * stdout once listening. Returns 0 after a clean stop, or a negative error
 * (with a message on stderr) if it could not start. */
int server_run(const struct server_config *cfg);

#endif
