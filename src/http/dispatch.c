/*
 * dispatch: the request pipeline, in order:
 *   representation (HTML or JSON) and language -> input limits -> route
 *   (deny by default) -> who is asking -> permission -> CSRF for every unsafe
 *   method -> handler (in a read snapshot for GET) -> response.
 * Every check that guards a route happens here, once, for all routes.
 */
#include "http/internal.h"

#include "core/buf.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/secret.h"
#include "http/problem.h"
#include "http/router.h"
#include "view/present.h"

#include <arpa/inet.h>
#include <string.h>

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

static bool is_safe_method(const char *m)
{
	return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

/* The CSRF token sent with an unsafe request must be this request's. */
static bool csrf_ok(struct req *r)
{
	const char *sent = req_field(r, CSRF_FIELD);
	if (!sent)
		sent = req_header(r, "X-CSRF-Token");
	return sent && r->csrf && secret_equal(sent, r->csrf);
}

/* If the browser names the page's origin, it must be this server. */
static bool origin_ok(struct conn_ctx *x)
{
	const char *origin = req_header(&x->req, "Origin");
	const char *host = req_header(&x->req, MHD_HTTP_HEADER_HOST);
	if (!origin || strcmp(origin, "null") == 0)
		return origin == NULL;
	if (!host)
		return false;
	const char *p = strstr(origin, "://");
	return p && strcmp(p + 3, host) == 0;
}

/* The flash key in the cookie, if it is a plain word (it names a string). */
static const char *read_flash(struct conn_ctx *x)
{
	const char *f = MHD_lookup_connection_value(x->req.conn, MHD_COOKIE_KIND, FLASH_COOKIE);
	if (!f || !*f || strlen(f) > 32)
		return NULL;
	for (const char *p = f; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
			return NULL;
	return arena_strdup(x->req.arena, f);
}

static void client_address(struct conn_ctx *x)
{
	struct req *r = &x->req;
	const char *fwd = x->srv->trust_proxy ? req_header(r, "X-Forwarded-For") : NULL;
	if (fwd) {
		const char *comma = strchr(fwd, ',');
		r->client_ip = comma ? arena_strndup(r->arena, fwd, (size_t)(comma - fwd)) : arena_strdup(r->arena, fwd);
		return;
	}
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char buf[INET6_ADDRSTRLEN] = "unknown";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf, sizeof(buf));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, buf, sizeof(buf));
	}
	r->client_ip = arena_strdup(r->arena, buf);
}

static enum MHD_Result respond_result(struct conn_ctx *x, int rc, struct resp *out)
{
	struct req *r = &x->req;
	if (out->new_session)
		respond_cookie(x, SESSION_COOKIE, out->new_session, SESSION_MAX_S, true);
	if (out->end_session)
		respond_cookie(x, SESSION_COOKIE, "", 0, true);
	if (rc != 0) {
		int status = problem_status(rc);
		if (status >= 500)
			log_error("%s: %s %s failed: %s", x->id, x->method, x->url, err_name(rc));
		return respond_problem(x, (unsigned)status, out->detail, NULL, NULL);
	}
	unsigned status = out->status ? (unsigned)out->status : 200;
	if (out->body) {
		if (respond_etag_matches(r, out->etag))
			return respond_body(x, 304, NULL, (char *)"", 0, false, out->cache_control, out->etag, NULL);
		x->download = out->download;
		x->language = out->language;
		x->style_hash = out->style_hash;
		return respond_body(x, status, out->content_type, (char *)out->body, out->body_len, false,
		                    out->cache_control, out->etag, NULL);
	}
	if (r->want_json && out->errors)
		return respond_problem(x, 422, out->detail, NULL, out->errors);
	if (out->redirect && !(r->want_json && out->data)) {
		if (r->want_json) {
			json_t *loc = json_pack("{s:s}", "location", out->redirect);
			enum MHD_Result res = respond_json(x, 200, loc, "application/json");
			json_decref(loc);
			return res;
		}
		if (out->flash)
			respond_cookie(x, FLASH_COOKIE, out->flash, 120, true);
		return respond_redirect(x, out->redirect);
	}
	present(out->data, r->lang);
	if (r->want_json)
		return respond_json(x, status, out->data ? out->data : json_null(), "application/json");
	return respond_html(x, status, out->template, out->title, out->data, out->extra);
}

enum MHD_Result dispatch(struct conn_ctx *x)
{
	struct req *r = &x->req;
	struct MHD_Connection *c = r->conn;
	const char *proto = x->srv->trust_proxy ? req_header(r, "X-Forwarded-Proto") : NULL;
	x->secure = proto && strcmp(proto, "https") == 0;
	client_address(x);

	/* Representation: /api/v1/... or Accept: application/json. */
	const char *path = x->url;
	size_t plen = strlen(API_PREFIX);
	if (strncmp(path, API_PREFIX, plen) == 0 && (path[plen] == '\0' || path[plen] == '/')) {
		r->api = true;
		path = path[plen] ? path + plen : "/";
	}
	r->path = path;
	r->want_json = r->api || wants_json(req_header(r, MHD_HTTP_HEADER_ACCEPT));

	/* Language: ?lang= (remembered in a cookie), the cookie, Accept-Language. */
	const char *q = req_query(r, "lang");
	const char *lang = q ? i18n_lang(q, strlen(q)) : NULL;
	if (lang) {
		r->lang = lang;
		respond_cookie(x, LANG_COOKIE, lang, 31536000, false);
	} else {
		const char *ck = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, LANG_COOKIE);
		lang = ck ? i18n_lang(ck, strlen(ck)) : NULL;
		r->lang = lang ? lang : i18n_negotiate(req_header(r, MHD_HTTP_HEADER_ACCEPT_LANGUAGE));
	}

	if (x->upload_too_large)
		return respond_problem(x, 413, NULL, NULL, NULL);
	if (x->upload_bad_type)
		return respond_problem(x, 415, NULL, NULL, NULL);
	if (strlen(x->url) > LIMIT_URL_BYTES)
		return respond_problem(x, 414, NULL, NULL, NULL);

	const struct route *route = NULL;
	const char *allow = NULL;
	switch (router_match(r->arena, r->method, path, &route, r->params, &r->nparams, &allow)) {
	case ROUTER_NOT_FOUND:
		return respond_problem(x, 404, NULL, NULL, NULL);
	case ROUTER_BAD_METHOD:
		return respond_problem(x, 405, NULL, allow, NULL);
	case ROUTER_FOUND:
		break;
	}
	if ((r->want_json && !(route->flags & (ROUTE_JSON | ROUTE_RAW))) || (r->api && (route->flags & ROUTE_RAW)))
		return respond_problem(x, 404, NULL, NULL, NULL);

	r->route = route;
	struct resp out = {0};
	if (route->flags & ROUTE_RAW)
		return respond_result(x, route->handler(r, &out), &out);

	r->store = store_pool_acquire(x->srv->pool);
	session_resolve(x);
	x->flash = read_flash(x);

	enum MHD_Result result;
	int level = r->user ? router_role_level(r->user->role) : 0;
	if ((int)route->perm > level) {
		if (r->user)
			result = respond_problem(x, 403, NULL, NULL, NULL);
		else if (!r->want_json && is_safe_method(r->method)) {
			struct buf next = BUF_INIT;
			buf_puts(&next, "/sign-in?next=");
			buf_url_escape(&next, path, strlen(path));
			result = respond_redirect(x, arena_strdup(r->arena, buf_cstr(&next)));
			buf_free(&next);
		}
		else
			result = respond_problem(x, 401, NULL, NULL, NULL);
		goto out;
	}
	if (!is_safe_method(r->method) && !(r->user && r->user->via_token) && (!csrf_ok(r) || !origin_ok(x))) {
		log_warn("%s: %s %s refused: CSRF token or origin does not match", x->id, r->method, x->url);
		result = respond_problem(x, 403, TR(r->lang, N_("This form is out of date or did not come from this site. Go back, reload the page and send it again.")),
		                         NULL, NULL);
		goto out;
	}

	/* Safe methods read one consistent snapshot of the database. */
	bool snapshot = is_safe_method(r->method);
	int rc = snapshot ? store_read_begin(r->store) : 0;
	if (rc == 0)
		rc = route->handler(r, &out);
	if (snapshot)
		store_read_end(r->store);
	if (out.data)
		arena_defer(r->arena, (void (*)(void *))json_decref, out.data);
	if (out.extra)
		arena_defer(r->arena, (void (*)(void *))json_decref, out.extra);
	if (out.errors)
		arena_defer(r->arena, (void (*)(void *))json_decref, out.errors);
	result = respond_result(x, rc, &out);
out:
	store_pool_release(x->srv->pool, r->store);
	r->store = NULL;
	return result;
}
