/*
 * respond: building responses: security headers on every response,
 * cookies, JSON, HTML pages, problem details and redirects. Each builder
 * fills the exchange's struct http_response; the server (or a test) sends
 * it. Nothing here knows about sockets.
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

void respond_cookie(struct http_exchange *x, const char *name, const char *value, long max_age, bool strict)
{
	if (x->ncookies == CONN_MAX_COOKIES)
		mem_die("more than %d cookies in one response", CONN_MAX_COOKIES);
	/* COOKIE_SESSION_ONLY: no Max-Age, so the browser forgets it when it closes. */
	const char *age = max_age == COOKIE_SESSION_ONLY ? "" : arena_printf(x->req.arena, "; Max-Age=%ld", max_age);
	x->cookies_out[x->ncookies++] = arena_printf(x->req.arena, "%s=%s; Path=/%s; SameSite=%s; HttpOnly%s", name, value,
	                                             age, strict ? "Strict" : "Lax",
	                                             x->secure_cookies ? "; Secure" : "");
}

static void header(struct http_exchange *x, const char *name, const char *value)
{
	http_pairs_add(x->req.arena, &x->resp.headers, name, value);
}

/* Starts the response: any earlier one (there is none in a correct
 * pipeline) is dropped, then the headers every response carries. */
static void begin(struct http_exchange *x, unsigned status)
{
	if (x->resp.body_owned)
		free((char *)x->resp.body);
	x->resp = (struct http_response){.status = status, .body = ""};
	x->answered = true;
	if (x->style_hash) {
		/* A whole document with its own style (a report file): that style, and nothing else. */
		header(x, "Content-Security-Policy",
		       arena_printf(x->req.arena, "default-src 'none'; style-src %s; img-src 'self' data:;"
		                                  " form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
		                    x->style_hash));
	} else {
		header(x, "Content-Security-Policy", CSP);
	}
	header(x, "X-Content-Type-Options", "nosniff");
	header(x, "X-Frame-Options", "DENY");
	header(x, "Referrer-Policy", "same-origin");
	header(x, "Cross-Origin-Opener-Policy", "same-origin");
	header(x, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
	header(x, "Vary", "Accept-Encoding, Accept, Accept-Language, Cookie");
	header(x, "X-Request-Id", x->id);
	if (x->language || x->req.lang)
		header(x, "Content-Language", x->language ? x->language : x->req.lang);
	if (x->secure)
		header(x, "Strict-Transport-Security", "max-age=31536000");
	for (unsigned i = 0; i < x->ncookies; i++)
		header(x, "Set-Cookie", x->cookies_out[i]);
}

void respond_body(struct http_exchange *x, unsigned status, const char *ctype, const char *body, size_t len,
                  bool owned, const char *cache_control, const char *etag, const char *allow)
{
	begin(x, status);
	x->resp.body = body;
	x->resp.body_len = len;
	x->resp.body_owned = owned;
	if (ctype)
		header(x, "Content-Type", ctype);
	/* Pages change with the data: a cache asks each time (the ETag makes
	 * that cheap). Signed-in users' pages can hold drafts: their own browser
	 * may keep them, a shared cache never. */
	header(x, "Cache-Control", cache_control ? cache_control : x->req.user ? "private, no-cache" : "no-cache");
	if (etag)
		header(x, "ETag", etag);
	if (allow || x->allow)
		header(x, "Allow", allow ? allow : x->allow);
	if (x->download && status == 200)
		header(x, "Content-Disposition", arena_printf(x->req.arena, "attachment; filename=\"%s\"", x->download));
}

/* An answer whose JSON cannot be written (a value that is not UTF-8 made
 * unchecked) is a fault of this request, never a reason to stop the server. */
static const char dump_failed[] = "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500}";

void respond_json(struct http_exchange *x, unsigned status, json_t *data, const char *ctype)
{
	char *s = json_dumps(data, JSON_COMPACT);
	if (!s) {
		log_error("%s: %s %s: the answer could not be written as JSON", x->id, x->req.method, x->url);
		respond_body(x, 500, "application/problem+json", (char *)dump_failed, sizeof(dump_failed) - 1, false, NULL,
		             NULL, NULL);
		return;
	}
	respond_body(x, status, ctype, s, strlen(s), true, x->page_cache, NULL, NULL);
}

void respond_json_list(struct http_exchange *x, unsigned status, json_t *data, const struct view_list *list)
{
	struct buf out = BUF_INIT;
	if (view_list_json(data, list, x->req.lang, &out) != 0) {
		buf_free(&out);
		log_error("%s: %s %s: the answer could not be written as JSON", x->id, x->req.method, x->url);
		respond_body(x, 500, "application/problem+json", (char *)dump_failed, sizeof(dump_failed) - 1, false, NULL,
		             NULL, NULL);
		return;
	}
	size_t len = out.len;
	respond_body(x, status, "application/json", buf_release(&out), len, true, x->page_cache, NULL, NULL);
}

/* The link to this page in the other language: its query kept (?year=2024
 * stays), lang replaced. Owned by the request's arena. */
static const char *other_lang_href(struct http_exchange *x, const char *other)
{
	struct buf b = BUF_INIT;
	buf_putc(&b, '?');
	for (unsigned i = 0; i < x->query.n; i++) {
		const struct http_pair *p = &x->query.v[i];
		if (!p->name || strcmp(p->name, "lang") == 0)
			continue;
		buf_url_escape(&b, p->name, strlen(p->name));
		if (p->value) {
			buf_putc(&b, '=');
			buf_url_escape(&b, p->value, strlen(p->value));
		}
		buf_putc(&b, '&');
	}
	buf_printf(&b, "lang=%s", other);
	const char *href = arena_strdup(x->req.arena, buf_cstr(&b));
	buf_free(&b);
	return href;
}

void respond_html(struct http_exchange *x, unsigned status, const char *tpl, const char *title, json_t *data,
                  json_t *extra)
{
	respond_html_list(x, status, tpl, title, data, extra, NULL);
}

void respond_html_list(struct http_exchange *x, unsigned status, const char *tpl, const char *title, json_t *data,
                       json_t *extra, const struct view_list *list)
{
	struct req *r = &x->req;
	struct view_page pg = {
		.lang = r->lang, .path = r->path, .title = title, .request_id = x->id, .status = (int)status,
		.example = r->example, .user = r->user ? r->user->name : NULL,
		.base = r->base, .deployment = r->deployment,
		.user_role = r->user ? r->user->role : NULL, .csrf = r->csrf, .flash = x->flash,
		.level = r->user ? router_role_level(r->user->role) : 0,
		.user_expert = r->user && r->user->expert,
		.lang_href = other_lang_href(x, r->lang[0] == 'e' ? "nl" : "en"),
		.session_ends = r->user ? r->user->session_ends : NULL,
	};
	struct buf out = BUF_INIT;
	if (view_render_list(&pg, tpl, data, extra, list, &out) != 0) {
		buf_free(&out);
		log_error("%s: rendering %s failed", x->id, tpl);
		static const char fallback[] = "<!doctype html><title>500</title><p>Internal error</p>";
		respond_body(x, 500, "text/html; charset=utf-8", fallback, sizeof(fallback) - 1, false, NULL, NULL, NULL);
		return;
	}
	/* A form for someone without a session: its token goes in a cookie too
	 * (double submit). Pages without the token set no cookie. */
	if (x->csrf_fresh && r->csrf && memmem(buf_cstr(&out), out.len, r->csrf, strlen(r->csrf)))
		session_csrf_cookie(x);
	if (x->flash) /* shown once */
		respond_cookie(x, FLASH_COOKIE, "", 0, true);
	size_t len = out.len;
	char *html = buf_release(&out);
	/* A municipality under its short name: every local link starts with it. */
	if (r->base && r->base[0]) {
		char *rebased = http_tenant_rebase_html(r->base, html, len, &len);
		free(html);
		html = rebased;
	}
	respond_body(x, status, "text/html; charset=utf-8", html, len, true, x->page_cache, NULL, NULL);
}

void respond_problem(struct http_exchange *x, unsigned status, const char *detail, const char *allow,
                     json_t *errors)
{
	struct req *r = &x->req;
	json_t *p = problem_json((int)status, detail, r->lang, r->path ? r->path : x->url, x->id);
	x->allow = allow;
	if (errors)
		json_object_set(p, "errors", errors);
	if (r->want_json) {
		char *s = json_dumps(p, JSON_COMPACT);
		if (s)
			respond_body(x, status, "application/problem+json", s, strlen(s), true, NULL, NULL, allow);
		else
			respond_json(x, 500, NULL, NULL); /* errors held a value that is not UTF-8 */
	} else {
		respond_html(x, status, "error", json_string_value(json_object_get(p, "title")), p, NULL);
	}
	json_decref(p);
}

void respond_redirect(struct http_exchange *x, const char *location)
{
	const char *base = x->req.base;
	if (base && base[0] && location[0] == '/' && location[1] != '/')
		location = arena_printf(x->req.arena, "%s%s", base, location);
	begin(x, 303);
	header(x, "Location", location);
	header(x, "Cache-Control", "no-store");
}

/* If-None-Match (RFC 9110 13.1.2): "*" or a list of entity tags, compared
 * weakly (a W/ prefix is ignored). */
bool respond_etag_matches(struct req *r, const char *etag)
{
	const char *inm = req_header(r, "If-None-Match");
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
