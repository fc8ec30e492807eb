/*
 * pipeline: lia's request pipeline as a plain function from a request to a
 * response, with no socket in sight. An exchange holds one request (method,
 * path, query arguments, headers, cookies, body, client address, time,
 * request id) and, once the pipeline ran, its response (status, headers,
 * body bytes). It runs in two stages so that a server can refuse a request
 * before reading its body:
 *
 *   http_stage_head()  when the headers are in: representation, language,
 *                      URL length, route (404/405), who is asking,
 *                      permission (401/403/sign-in), the Origin check, and
 *                      the body limit of the route;
 *   http_body_*()      the body, as the server decodes it;
 *   http_stage_body()  the CSRF token, the handler, the response.
 *
 * server.c is the libmicrohttpd adapter; tests/unit/test_routes.c drives the
 * same functions in-process. Nothing here includes microhttpd.h.
 */
#ifndef LIA_HTTP_PIPELINE_H
#define LIA_HTTP_PIPELINE_H

#include "http/request.h"

#include <jansson.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stddef.h>

struct store_pool;
struct http_cache;
struct http_tenants;

/* The registry of municipalities the server reads requests against
 * (http/tenant.c), made once the pool is open. */
struct http_tenants *http_tenants_new(struct store_pool *pool);
void http_tenants_free(struct http_tenants *t);

/* Input limits, all in one place. */
#define LIMIT_BODY_BYTES (1u << 20)   /* request bodies (forms, JSON) */
#define LIMIT_UPLOAD_BYTES (32u << 20) /* a route with ROUTE_UPLOAD: a multipart form with a file */
#define LIMIT_CONN_MEMORY (64u << 10) /* per connection: headers and buffers */
#define LIMIT_URL_BYTES 2048
#define LIMIT_FIELDS 400              /* form fields in one request */
#define CONN_TIMEOUT_S 30              /* a connection with nothing sent or received */
#define LIMIT_HEADER_S 10             /* to send a request's headers, from its first
                                         byte (http/conns.h) */
#define LIMIT_CONNS 1000              /* open connections in all (fewer if the file
                                         descriptor limit is lower) */
#define LIMIT_CONNS_PER_ADDRESS 32    /* open connections from one address (not
                                         with --trust-proxy: the proxy is the one address) */

/* What every exchange shares; set up once, read-only while serving. */
struct http_pipeline {
	struct store_pool *pool; /* borrowed: each stage takes a store and gives it back */
	unsigned trust_proxy;    /* 0, or the number of proxies in front that add
	                            X-Forwarded-For (and set X-Forwarded-Proto/-Host) */
	const char *db_path;     /* the database file (borrowed), for /healthz */
	const char *data_dir;    /* the database's folder (borrowed), which /healthz
	                            checks is writable */
	bool example;            /* the served programme is example data (shown on every page) */
	struct http_cache *cache; /* borrowed: ready bytes of public pages (http/cache.h); NULL: none */
	struct http_tenants *tenants; /* the municipalities (http/tenant.c); NULL: municipality 1 only */
	sem_t *making;           /* borrowed: a GET or HEAD answer is made only while it holds
	                            one of these (memory stays bounded); NULL: no bound */
};

/* A name and a value; both live in the exchange's arena. */
struct http_pair {
	const char *name;
	const char *value;
};

struct http_pairs {
	struct http_pair *v; /* arena array, grown by doubling */
	unsigned n, cap;
};

/* The answer. Headers are in the order a client should see them; Set-Cookie
 * may repeat. Content-Length is the transport's business. */
struct http_response {
	unsigned status;
	struct http_pairs headers;
	const char *body;  /* body_len bytes (no terminator promised); never NULL once answered */
	size_t body_len;
	bool body_owned;   /* body was malloc'd: the exchange frees it unless taken
	                      (http_response_take_body); otherwise it lives as long
	                      as the exchange (arena, embedded asset or literal) */
};

enum http_kind { HTTP_QUERY, HTTP_HEADER, HTTP_COOKIE };

enum http_stage {
	HTTP_ANSWERED,  /* the response is ready: read no body */
	HTTP_READ_BODY, /* feed the body (if any), then call http_stage_body() */
};

struct http_exchange;

/* A new exchange with its own arena. method and url (the path as sent,
 * /api/v1 prefix included, without the query string) are copied; id names
 * the request in logs and error pages and now is its time (UTC ISO 8601);
 * both are copied too. Free with http_exchange_free(). Never NULL. */
struct http_exchange *http_exchange_new(const struct http_pipeline *p, const char *method, const char *url,
                                        const char *id, const char *now);
/* Frees the exchange, its arena, its body and an owned response body. */
void http_exchange_free(struct http_exchange *x);

/* Add a query argument, header or cookie (copied). Lookups are
 * case-insensitive and return the first of a repeated name. */
void http_request_add(struct http_exchange *x, enum http_kind kind, const char *name, const char *value);
/* The peer's address (copied) and whether the connection itself is TLS. */
void http_request_client(struct http_exchange *x, const char *ip, bool tls);

/* The request as handlers see it (for logs: user, path). Owned by x. */
struct req *http_exchange_req(struct http_exchange *x);

/* Stage one. Returns HTTP_ANSWERED with the response ready, or
 * HTTP_READ_BODY and sets *body_limit to what this route accepts: a body
 * longer than that must not be stored (call http_body_refuse(x, 413)). */
enum http_stage http_stage_head(struct http_exchange *x, size_t *body_limit);

/* The body, as decoded by the server. Each returns 0, or LIA_EINVAL when the
 * body breaks a limit (too many fields, fields over LIMIT_BODY_BYTES): the
 * caller then stops feeding; stage two answers 413. */
/* A piece of a form field: off 0 starts a value (a repeated name becomes an
 * array), a later offset continues the last value of that name. */
int http_body_field(struct http_exchange *x, const char *name, const char *data, size_t off, size_t size);
/* A piece of an uploaded file. The first file part is written to an
 * unlinked temporary file as it comes (never held in memory), read by the
 * handler with req_file(NAME); the field NAME_name is its file name. Later
 * file parts are dropped. LIA_EIO if the file cannot be written (stage two
 * answers 500). */
int http_body_file(struct http_exchange *x, const char *name, const char *filename, const char *data,
                   size_t off, size_t size);
/* Bytes of a JSON body; parsed in stage two (not an object: an
 * "_invalid_json" field, which handlers report). */
int http_body_json(struct http_exchange *x, const char *data, size_t size);
/* The whole body as an object (in-process callers); steals the reference. */
void http_body_set(struct http_exchange *x, json_t *body);
/* The body could not be taken: 413 (too large) or 415 (unknown type). */
void http_body_refuse(struct http_exchange *x, unsigned status);

/* Stage two: after the whole body. Always leaves a response. Does nothing
 * if stage one answered. */
void http_stage_body(struct http_exchange *x);
/* Both stages, for in-process callers that set the body beforehand. */
void http_exchange_run(struct http_exchange *x);

/* The response (valid once a stage answered; status 0 before). */
const struct http_response *http_exchange_response(struct http_exchange *x);
/* The first response header called name (case-insensitive), or NULL. */
const char *http_response_header(const struct http_response *resp, const char *name);
/* Take an owned response body: the caller frees it with free(). NULL if the
 * body is not owned (it then lives as long as the exchange). */
char *http_response_take_body(struct http_exchange *x);

#endif
