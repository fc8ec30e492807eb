/*
 * respond: building and queueing responses: security headers on every
 * response, cookies, JSON, HTML pages, problem details and redirects.
 */
#include "http/internal.h"

#include "core/buf.h"
#include "core/log.h"
#include "core/mem.h"
#include "http/problem.h"
#include "http/router.h"
#include "view/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Scripts are never used, so none are allowed; styles and images only from
 * lia itself (inline SVG is part of the document, not an image load). */
#define CSP "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self';" \
            " form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

void respond_cookie(struct conn_ctx *x, const char *name, const char *value, long max_age, bool strict)
{
	if (x->ncookies == CONN_MAX_COOKIES)
		mem_die("more than %d cookies in one response", CONN_MAX_COOKIES);
	x->cookies[x->ncookies++] = arena_printf(x->req.arena, "%s=%s; Path=/; Max-Age=%ld; SameSite=%s; HttpOnly%s",
	                                         name, value, max_age, strict ? "Strict" : "Lax",
	                                         x->secure ? "; Secure" : "");
}

static void add_headers(struct conn_ctx *x, struct MHD_Response *resp)
{
	if (x->style_hash) {
		/* A whole document with its own style (a report file): that style, and nothing else. */
		char csp[512];
		snprintf(csp, sizeof(csp), "default-src 'none'; style-src %s; img-src 'self' data:;"
		                           " form-action 'none'; frame-ancestors 'none'; base-uri 'none'", x->style_hash);
		MHD_add_response_header(resp, "Content-Security-Policy", csp);
	} else {
		MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	}
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
	MHD_add_response_header(resp, "Vary", "Accept, Accept-Language, Cookie");
	MHD_add_response_header(resp, "X-Request-Id", x->id);
	if (x->language || x->req.lang)
		MHD_add_response_header(resp, "Content-Language", x->language ? x->language : x->req.lang);
	if (x->secure)
		MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
	for (unsigned i = 0; i < x->ncookies; i++)
		MHD_add_response_header(resp, "Set-Cookie", x->cookies[i]);
}

enum MHD_Result respond_body(struct conn_ctx *x, unsigned status, const char *ctype, char *body, size_t len,
                             bool owned, const char *cache_control, const char *etag, const char *allow)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(
		len, body, owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!resp) {
		if (owned)
			free(body);
		return MHD_NO;
	}
	add_headers(x, resp);
	if (ctype)
		MHD_add_response_header(resp, "Content-Type", ctype);
	/* Pages can hold drafts for signed-in users: never store them in caches. */
	MHD_add_response_header(resp, "Cache-Control",
	                        cache_control ? cache_control : x->req.user ? "no-store" : "no-cache");
	if (etag)
		MHD_add_response_header(resp, "ETag", etag);
	if (allow || x->allow)
		MHD_add_response_header(resp, "Allow", allow ? allow : x->allow);
	if (x->download && status == 200) {
		char cd[160];
		snprintf(cd, sizeof(cd), "attachment; filename=\"%s\"", x->download);
		MHD_add_response_header(resp, "Content-Disposition", cd);
	}
	x->status = status;
	x->body_bytes = len;
	enum MHD_Result rc = MHD_queue_response(x->req.conn, status, resp);
	MHD_destroy_response(resp);
	return rc;
}

enum MHD_Result respond_json(struct conn_ctx *x, unsigned status, json_t *data, const char *ctype)
{
	char *s = json_dumps(data, JSON_COMPACT);
	if (!s)
		mem_die("json_dumps failed");
	return respond_body(x, status, ctype, s, strlen(s), true, NULL, NULL, NULL);
}

enum MHD_Result respond_html(struct conn_ctx *x, unsigned status, const char *tpl, const char *title,
                             json_t *data, json_t *extra)
{
	struct req *r = &x->req;
	struct view_page pg = {
		.lang = r->lang, .path = r->path, .title = title, .request_id = x->id, .status = (int)status,
		.example = x->srv->example, .user = r->user ? r->user->name : NULL,
		.user_role = r->user ? r->user->role : NULL, .csrf = r->csrf, .flash = x->flash,
		.level = r->user ? router_role_level(r->user->role) : 0,
	};
	struct buf out = BUF_INIT;
	if (view_render(&pg, tpl, data, extra, &out) != 0) {
		buf_free(&out);
		log_error("%s: rendering %s failed", x->id, tpl);
		static const char fallback[] = "<!doctype html><title>500</title><p>Internal error</p>";
		return respond_body(x, 500, "text/html; charset=utf-8", (char *)fallback, sizeof(fallback) - 1, false,
		                    NULL, NULL, NULL);
	}
	if (x->flash) /* shown once */
		respond_cookie(x, FLASH_COOKIE, "", 0, true);
	size_t len = out.len;
	return respond_body(x, status, "text/html; charset=utf-8", buf_release(&out), len, true, NULL, NULL, NULL);
}

enum MHD_Result respond_problem(struct conn_ctx *x, unsigned status, const char *detail, const char *allow,
                                json_t *errors)
{
	struct req *r = &x->req;
	json_t *p = problem_json((int)status, detail, r->lang, r->path, x->id);
	x->allow = allow;
	if (errors)
		json_object_set(p, "errors", errors);
	enum MHD_Result rc;
	if (r->want_json) {
		char *s = json_dumps(p, JSON_COMPACT);
		rc = respond_body(x, status, "application/problem+json", s, strlen(s), true, NULL, NULL, allow);
	} else {
		rc = respond_html(x, status, "error", json_string_value(json_object_get(p, "title")), p, NULL);
	}
	json_decref(p);
	return rc;
}

enum MHD_Result respond_redirect(struct conn_ctx *x, const char *location)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	add_headers(x, resp);
	MHD_add_response_header(resp, "Location", location);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	x->status = 303;
	enum MHD_Result rc = MHD_queue_response(x->req.conn, 303, resp);
	MHD_destroy_response(resp);
	return rc;
}

/* If-None-Match (RFC 9110 13.1.2): "*" or a list of entity tags, compared
 * weakly (a W/ prefix is ignored). */
bool respond_etag_matches(struct req *r, const char *etag)
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
