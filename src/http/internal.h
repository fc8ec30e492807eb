/*
 * internal: what the socket-free files of the pipeline share (request.c,
 * body.c, dispatch.c, respond.c, session.c): the exchange and the response
 * builders. Nothing outside src/http/ includes this, and it never includes
 * microhttpd.h: only server.c, the adapter, does.
 */
#ifndef LIA_HTTP_INTERNAL_H
#define LIA_HTTP_INTERNAL_H

#include "core/buf.h"
#include "http/pipeline.h"
#include "http/request.h"

#define API_PREFIX "/api/v1"
#define LANG_COOKIE "lia_lang"
/* The session and pre-session CSRF cookies are named "__Host-lia_session"
 * and "__Host-lia_csrf" (Secure, Path=/, no Domain: a browser takes them
 * only from a secure origin and no sibling host can set them) whenever the
 * browser can hold a Secure cookie: over HTTPS (or behind --trust-proxy
 * with X-Forwarded-Proto: https) and on a loopback host (localhost,
 * 127.0.0.1, [::1]: browsers count those as secure, so `lia demo` works).
 * Over plain HTTP on another address they keep their bare names without
 * Secure; docs/sessions.md explains. See session_cookie_names(). */
#define SESSION_COOKIE_BARE "lia_session"
#define CSRF_COOKIE_BARE "lia_csrf"
/* A sign-in between the password and the code (pages/second_factor.c): not a session. */
#define PENDING_COOKIE_BARE "lia_pending"
#define HOST_PREFIX "__Host-"
#define SESSION_COOKIE (x->secure_cookies ? HOST_PREFIX SESSION_COOKIE_BARE : SESSION_COOKIE_BARE)
#define CSRF_COOKIE (x->secure_cookies ? HOST_PREFIX CSRF_COOKIE_BARE : CSRF_COOKIE_BARE)
#define PENDING_COOKIE (x->secure_cookies ? HOST_PREFIX PENDING_COOKIE_BARE : PENDING_COOKIE_BARE)
/* respond_cookie's max_age for a cookie that ends with the browser. */
#define COOKIE_SESSION_ONLY (-1L)
#define FLASH_COOKIE "lia_flash"
#define CSRF_FIELD "csrf"

/* Sessions (SESSION_IDLE_S, SESSION_MAX_S: http/request.h): activity is
 * written at most once per SESSION_TOUCH_S, so the end a page shows is
 * never more than that early. */
#define SESSION_TOUCH_S 60

#define CONN_MAX_COOKIES 6

/* One request and its response. Everything hangs off req.arena except the
 * exchange itself, the body JSON and the buffers, which
 * http_exchange_free() releases. */
struct http_exchange {
	struct req req;            /* req.conn points back here */
	const struct http_pipeline *pipe;
	char id[24];
	char now[24];
	const char *url;           /* as sent, without the query string */
	struct http_pairs query, headers, cookies;
	bool tls;                  /* the connection itself is TLS */
	bool secure;               /* TLS, or a trusted proxy says https */
	bool secure_cookies;       /* secure, or a loopback host: cookies are Secure and __Host- */
	bool resume;               /* an unsafe request to a signed-in page whose session had
	                              ended: its fields go to the sign-in page (session.c) */
	bool head_done;            /* stage one ran */
	bool answered;             /* a response is ready */
	/* request body */
	struct buf raw;            /* JSON bodies */
	size_t field_bytes;        /* bytes of form fields that are not the file */
	char *empty_start;         /* the field whose last piece was an empty start (see http_body_field) */
	int file_fd;               /* the first uploaded file, written as it arrives to
	                              an unlinked temporary file (-1: none); body.c */
	size_t file_len;           /* its bytes so far */
	void *file_map;            /* the whole file mapped read-only once the body is in
	                              (NULL: empty or not yet); unmapped with the exchange */
	const char *file_key;      /* its field name (NULL: no file) */
	const char *file_name;     /* the name the browser gave */
	bool file_done;            /* a second file part arrived: ignored */
	unsigned refused;          /* 413 or 415: the body could not be taken */
	/* response under construction */
	const char *cookies_out[CONN_MAX_COOKIES];
	unsigned ncookies;
	const char *flash;         /* the flash key read from the request's cookie */
	const char *allow;         /* Allow header for a 405 */
	const char *download;      /* file name: send as an attachment */
	const char *page_cache;    /* an HTML page's own Cache-Control (resp.cache_control), or NULL */
	const char *language;      /* Content-Language of a raw body (else the request's) */
	const char *style_hash;    /* a raw body's inline style, allowed by the CSP */
	bool csrf_fresh;           /* req.csrf was made for this request: no cookie holds it yet */
	bool finished;             /* http_finish() ran (or the answer came from the cache) */
	const char *cache_key;     /* a page not in the cache: store it under this key... */
	unsigned long long cache_version; /* ...for this data version */
	bool cache_private;        /* ...as the signed-in user's own page (http_cache_try_private) */
	bool session_touched;      /* the session's activity was written by this request (session.c) */
	bool recorded;             /* the handler put a read on record (req_access): never cached */
	struct http_response resp;
};

/* request.c */
/* The first value of name in list (case-insensitive), or NULL. */
const char *http_pairs_get(const struct http_pairs *list, const char *name);
void http_pairs_add(struct arena *a, struct http_pairs *list, const char *name, const char *value);

/* body.c */
/* The body is complete: the file is mapped and its name joins the fields, a
 * JSON body is parsed. */
void http_body_finish(struct http_exchange *x);
/* Release the uploaded file (its descriptor and mapping); for http_exchange_free. */
void http_body_release(struct http_exchange *x);

/* proxy.c */
/* The last value a trusted proxy set for header name, trimmed; NULL without
 * --trust-proxy or when absent. */
const char *http_forwarded(struct http_exchange *x, const char *name);
/* Set r->client_ip: behind trusted proxies the address the farthest of them
 * added to X-Forwarded-For, else the peer's. */
void http_client_address(struct http_exchange *x);
/* True if the request names no Origin, or the one the browser used to reach
 * this server (scheme, host and port; forwarded ones behind a proxy). */
bool http_origin_ok(struct http_exchange *x);

/* tenant.c */
/* Decide the request's municipality and base from its host and path (*url,
 * which loses the municipality's short name). false: answered (404). */
bool http_tenant_resolve(struct http_exchange *x, const char **url);
/* html with base put in front of every local href, action, src and
 * formaction (not /static/, not //host): malloc'd, *out_len bytes. */
char *http_tenant_rebase_html(const char *base, const char *html, size_t len, size_t *out_len);
/* The same for the links in JSON: values of href, *_href, older and newest,
 * changed in place (not location: an event's place). */
void http_tenant_rebase_json(const char *base, json_t *v);
/* The same for the redirect answer {"location": path} of a JSON request. */
void http_tenant_rebase_redirect(const char *base, json_t *loc);

/* health.c */
/* Answer GET /healthz (see health.c) and return true; false for any other path. */
bool http_health(struct http_exchange *x);

/* respond.c: each fills x->resp (and sets x->answered); none fails. */
void respond_cookie(struct http_exchange *x, const char *name, const char *value, long max_age, bool strict);
/* body: owned means malloc'd, and the exchange frees it (else it must live
 * as long as the exchange). */
void respond_body(struct http_exchange *x, unsigned status, const char *ctype, const char *body, size_t len,
                  bool owned, const char *cache_control, const char *etag, const char *allow);
void respond_json(struct http_exchange *x, unsigned status, json_t *data, const char *ctype);
/* As respond_json and respond_html, with the rows of list (view.h) at its key. */
void respond_json_list(struct http_exchange *x, unsigned status, json_t *data, const struct view_list *list);
void respond_html_list(struct http_exchange *x, unsigned status, const char *tpl, const char *title, json_t *data,
                       json_t *extra, const struct view_list *list);
void respond_html(struct http_exchange *x, unsigned status, const char *tpl, const char *title, json_t *data,
                  json_t *extra);
void respond_problem(struct http_exchange *x, unsigned status, const char *detail, const char *allow,
                     json_t *errors);
void respond_redirect(struct http_exchange *x, const char *location);
bool respond_etag_matches(struct req *r, const char *etag);

/* finish.c */
/* Answer from the cache of ready bytes (and return true) when the request
 * (its route is set) may be, and the bytes are there; otherwise note the key
 * under which http_finish() stores the answer. */
bool http_cache_try(struct http_exchange *x);
/* The same for a signed-in user's own page (after admit: r->user is set),
 * on a route that allows it (ROUTE_PRIVATE_CACHE): the key adds the
 * session, the account and role, and when the session ends. Never with a
 * bearer token, a flash message, a pending sign-in, a cookie to set, or
 * when this request wrote the session's activity. */
bool http_cache_try_private(struct http_exchange *x);
/* The last step of a 200 to GET or HEAD: ETag, 304, compression, and
 * storing the answer in the cache. Runs once; other answers stay as they are. */
void http_finish(struct http_exchange *x);

/* session.c */
/* Find the signed-in user (session cookie or bearer token); sets r->user. */
void session_resolve(struct http_exchange *x);
/* True if the user found when the request's headers came in is still signed
 * in, with the same account and role (sessions can end, accounts be
 * disabled or roles change while a body is still arriving). Sets no cookie. */
bool session_current(struct http_exchange *x);
/* Set r->csrf: the session's token, or a pre-session cookie's (made if
 * absent, without setting the cookie: see session_csrf_cookie). */
void session_csrf(struct http_exchange *x, const char *session_csrf);
/* Set the pre-session CSRF cookie if r->csrf was made for this request:
 * call it for an answer that holds the token (a form). */
void session_csrf_cookie(struct http_exchange *x);
/* Decide x->secure_cookies (after x->secure): see SESSION_COOKIE. */
void session_cookie_mode(struct http_exchange *x);

#endif
