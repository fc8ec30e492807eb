/*
 * internal: what the files of the HTTP layer share (server.c, dispatch.c,
 * respond.c, session.c). Nothing outside src/http/ includes this.
 */
#ifndef LIA_HTTP_INTERNAL_H
#define LIA_HTTP_INTERNAL_H

#include "core/buf.h"
#include "http/request.h"
#include "http/server.h"

#include <microhttpd.h>
#include <stdatomic.h>
#include <time.h>

/* Input limits, all in one place. */
#define LIMIT_BODY_BYTES (1u << 20)   /* request bodies (forms, JSON) */
#define LIMIT_UPLOAD_BYTES (32u << 20) /* a multipart form with a file (an export of expenses) */
#define LIMIT_CONN_MEMORY (64u << 10) /* per connection: headers and buffers */
#define LIMIT_URL_BYTES 2048
#define LIMIT_FIELDS 400              /* form fields in one request */
#define CONN_TIMEOUT_S 30

#define API_PREFIX "/api/v1"
#define LANG_COOKIE "lia_lang"
#define SESSION_COOKIE "lia_session"
#define CSRF_COOKIE "lia_csrf"
#define FLASH_COOKIE "lia_flash"
#define CSRF_FIELD "csrf"

/* Sessions: ended after SESSION_IDLE_S without activity or SESSION_MAX_S in
 * all. WCAG 2.2.1 allows time limits over 20 hours without a warning, so the
 * idle limit is 24 hours: nobody loses a half-filled form to a time-out. */
#define SESSION_IDLE_S (24 * 3600)
#define SESSION_MAX_S (7 * 24 * 3600)
#define SESSION_TOUCH_S 300

struct server {
	struct store_pool *pool;
	struct MHD_Daemon *daemon;
	atomic_ulong next_id;
	bool access_log;
	bool trust_proxy; /* honour X-Forwarded-For and X-Forwarded-Proto */
	bool example;     /* the served programme is example data (checked at start) */
};

#define CONN_MAX_COOKIES 4

struct conn_ctx {
	struct req req;
	struct server *srv;
	struct timespec start;
	char id[20];
	char now[24];
	const char *method;
	const char *url;
	unsigned status;
	size_t body_bytes;      /* response body length, for the access log */
	/* request body */
	struct MHD_PostProcessor *pp;
	struct buf raw;         /* JSON bodies */
	size_t upload_bytes;
	bool multipart;         /* multipart/form-data: may carry a file */
	bool upload_allowed;    /* a route that takes a large file (LIMIT_UPLOAD_BYTES) */
	bool file_done;         /* a second file part arrived: ignored */
	size_t field_bytes;     /* bytes of the fields that are not the file */
	struct buf file;        /* the first uploaded file's content */
	const char *file_key;   /* its field name (NULL: no file) */
	const char *file_name;  /* the name the browser gave */
	bool upload_too_large;
	bool upload_bad_type;
	bool secure;            /* TLS, or a trusted proxy says https */
	/* response */
	const char *cookies[CONN_MAX_COOKIES];
	unsigned ncookies;
	const char *flash;      /* the flash key read from the request's cookie */
	const char *allow;      /* Allow header for a 405 */
	const char *download;   /* file name: send as an attachment */
	const char *language;   /* Content-Language of a raw body (else the request's) */
	const char *style_hash; /* a raw body's inline style, allowed by the CSP */
};

/* respond.c */
void respond_cookie(struct conn_ctx *x, const char *name, const char *value, long max_age, bool strict);
enum MHD_Result respond_body(struct conn_ctx *x, unsigned status, const char *ctype, char *body, size_t len,
                             bool owned, const char *cache_control, const char *etag, const char *allow);
enum MHD_Result respond_json(struct conn_ctx *x, unsigned status, json_t *data, const char *ctype);
enum MHD_Result respond_html(struct conn_ctx *x, unsigned status, const char *tpl, const char *title,
                             json_t *data, json_t *extra);
enum MHD_Result respond_problem(struct conn_ctx *x, unsigned status, const char *detail, const char *allow,
                                json_t *errors);
enum MHD_Result respond_redirect(struct conn_ctx *x, const char *location);
bool respond_etag_matches(struct req *r, const char *etag);

/* session.c */
/* Find the signed-in user (session cookie or bearer token); sets r->user. */
void session_resolve(struct conn_ctx *x);
/* Set r->csrf: the session's token, or a pre-session cookie's (made if absent). */
void session_csrf(struct conn_ctx *x, const char *session_csrf);

/* dispatch.c */
enum MHD_Result dispatch(struct conn_ctx *x);

#endif
