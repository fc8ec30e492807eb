/*
 * dispatch: the request pipeline, in two stages.
 *   Stage one, when the headers are in: representation (HTML or JSON) and
 *   language -> URL length -> route (deny by default: 404, 405) -> who is
 *   asking -> permission (sign-in, 401, 403) -> Origin for every unsafe
 *   method -> the body limit of the route (413 at once if the announced
 *   length is over it).
 *   Public pages whose bytes are ready (http/finish.c) are answered in
 *   stage one, right after the route, before anything else is looked up;
 *   a signed-in user's own ready page right after who is asking is known.
 *   Stage two, after the body: the body's own refusals (413, 415) -> CSRF
 *   token for every unsafe method -> handler (in a read snapshot for GET)
 *   -> response -> ETag, 304, compression, the cache (http_finish).
 * Every check that guards a route happens here, once, for all routes, and
 * a request refused in stage one never has its body read.
 */
#include "http/internal.h"

#include "core/buf.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/secret.h"
#include "http/problem.h"
#include "http/router.h"
#include "mail/mail.h"
#include "store/q_access.h"
#include "view/present.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* A personal API token is not sent by browsers on their own, so requests
 * made with one need neither a CSRF token nor a matching Origin. */
static bool needs_csrf(const struct req *r)
{
	return !is_safe_method(r->method) && !(r->user && r->user->via_token);
}

/* The CSRF token sent with an unsafe request must be this request's. */
static bool csrf_ok(struct req *r)
{
	const char *sent = req_field(r, CSRF_FIELD);
	if (!sent)
		sent = req_header(r, "X-CSRF-Token");
	return sent && r->csrf && secret_equal(sent, r->csrf);
}

static void refuse_forgery(struct http_exchange *x)
{
	struct req *r = &x->req;
	log_warn("%s: %s %s refused: CSRF token or origin does not match", x->id, r->method, x->url);
	respond_problem(x, 403, TR(r->lang, N_("This form is out of date or did not come from this site. Go back, reload the page and send it again.")),
	                NULL, NULL);
}

/* A connection serving the request's municipality, or NULL after
 * answering 503 (its database cannot be opened: never another's). */
static struct store *acquire(struct http_exchange *x)
{
	struct store *s = store_pool_acquire_for(x->pipe->pool, x->req.municipality_id);
	x->req.pool = x->pipe->pool;
	if (!s)
		respond_problem(x, 503, NULL, NULL, NULL);
	return s;
}

/* The flash key in the cookie, if it is a plain word (it names a string). */
static const char *read_flash(struct http_exchange *x)
{
	const char *f = http_pairs_get(&x->cookies, FLASH_COOKIE);
	if (!f || !*f || strlen(f) > 32)
		return NULL;
	for (const char *p = f; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
			return NULL;
	return arena_strdup(x->req.arena, f);
}

static void respond_result(struct http_exchange *x, int rc, struct resp *out)
{
	struct req *r = &x->req;
	if (out->new_session)
		respond_cookie(x, SESSION_COOKIE, out->new_session, COOKIE_SESSION_ONLY, true);
	if (out->end_session)
		respond_cookie(x, SESSION_COOKIE, "", 0, true);
	if (out->new_pending)
		respond_cookie(x, PENDING_COOKIE, out->new_pending, COOKIE_SESSION_ONLY, true);
	if (out->end_pending)
		respond_cookie(x, PENDING_COOKIE, "", 0, true);
	if (rc != 0) {
		int status = problem_status(rc);
		if (status >= 500)
			log_error("%s: %s %s failed: %s", x->id, r->method, x->url, err_name(rc));
		respond_problem(x, (unsigned)status, out->detail, NULL, NULL);
		return;
	}
	unsigned status = out->status ? (unsigned)out->status : 200;
	if (out->body) {
		if (respond_etag_matches(r, out->etag)) {
			respond_body(x, 304, NULL, "", 0, false, out->cache_control, out->etag, NULL);
			return;
		}
		x->download = out->download;
		x->language = out->language;
		x->style_hash = out->style_hash;
		respond_body(x, status, out->content_type, out->body, out->body_len, false, out->cache_control, out->etag,
		             NULL);
		return;
	}
	if (r->want_json && out->errors) {
		respond_problem(x, 422, out->detail, NULL, out->errors);
		return;
	}
	if (out->redirect && !(r->want_json && out->data)) {
		if (r->want_json) {
			json_t *loc = json_pack("{s:s}", "location", out->redirect);
			if (r->base[0])
				http_tenant_rebase_redirect(r->base, loc);
			respond_json(x, 200, loc, "application/json");
			json_decref(loc);
			return;
		}
		if (out->flash)
			respond_cookie(x, FLASH_COOKIE, out->flash, 120, true);
		respond_redirect(x, out->redirect);
		return;
	}
	present_page(out->data, r->lang);
	if (r->want_json && r->base[0] && out->data)
		http_tenant_rebase_json(r->base, out->data);
	x->page_cache = out->cache_control;
	const struct view_list *list = out->list.next ? &out->list : NULL;
	if (r->want_json && list)
		respond_json_list(x, status, out->data, list);
	else if (r->want_json)
		respond_json(x, status, out->data ? out->data : json_null(), "application/json");
	else
		respond_html_list(x, status, out->template, out->title, out->data, out->extra, list);
}

/* The fields of a form whose session had ended, for the sign-in page to
 * keep: strings and lists of strings, never the CSRF token, a password or
 * the uploaded file. */
static json_t *kept_fields(struct http_exchange *x)
{
	json_t *kept = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(x->req.body, k, v) {
		if (strcmp(k, CSRF_FIELD) == 0 || strstr(k, "password") || (x->file_key && strcmp(k, x->file_key) == 0))
			continue;
		if (json_is_string(v) || json_is_array(v))
			json_object_set(kept, k, v);
	}
	return kept;
}

/* Answer a form that arrived after its session ran out (x->resume): the
 * sign-in page, saying the form is kept. Only the ended session's own row
 * is written (its kept form), so no CSRF token is needed: the sign-in form
 * has its own, and the form is sent again later with the new session's. */
static void resume_sign_in(struct http_exchange *x)
{
	struct req *r = &x->req;
	const struct route *sign_in = NULL;
	const char *params[REQ_MAX_PARAMS], *allow = NULL;
	unsigned np = 0;
	if (router_match(r->arena, "GET", "/sign-in", &sign_in, params, &np, &allow) != ROUTER_FOUND) {
		respond_problem(x, 401, NULL, NULL, NULL);
		return;
	}
	json_t *kept = req_own(r, kept_fields(x));
	if (!(r->store = acquire(x)))
		return;
	/* A form with nothing to keep (signing out, extending) is not offered
	 * again. The form is kept on the server, in the row of the session that
	 * ran out, never in the sign-in page: signing in takes it from there
	 * only for that session's own user (pages/auth.c). */
	char *text = json_object_size(kept) ? json_dumps(kept, JSON_COMPACT) : NULL;
	if (text && store_session_resume_put(r->store, r->ended_session, r->path, text) == 0) {
		r->resume_to = r->path;
		r->resume_fields = kept;
	} else if (text) {
		log_error("%s: a late form could not be kept", x->id);
	}
	free(text);
	struct resp out = {0};
	int rc = sign_in->handler(r, &out);
	req_own(r, out.data);
	respond_result(x, rc, &out);
	store_pool_release(x->pipe->pool, r->store);
	r->store = NULL;
}

/* Write what the handler put on record (req_access) to the access log, in
 * statements of their own: the handler's read snapshot cannot write. A
 * failure is logged; the answer stands. */
static void record_access(struct req *r)
{
	for (unsigned i = 0; i < r->naccess; i++) {
		const struct req_access *a = &r->access[i];
		struct access_entry e = {.at = r->now, .user_id = r->user ? r->user->id : 0, .address = r->client_ip,
		                         .request_id = r->id, .what = a->what, .entity = a->entity,
		                         .entity_id = a->entity_id, .person_id = a->person_id, .allowed = a->allowed};
		if (store_access_record(r->store, &e) != 0)
			log_error("request %s: the access log could not be written", r->id);
	}
	r->naccess = 0;
}

/* Who is asking, and may they: sets r->user and r->csrf; answers (sign-in,
 * 401, 403) when not. Returns true if the request may go on. */
static bool admit(struct http_exchange *x, const struct route *route)
{
	struct req *r = &x->req;
	if (!(r->store = acquire(x)))
		return false;
	session_resolve(x);
	store_pool_release(x->pipe->pool, r->store);
	r->store = NULL;
	x->flash = read_flash(x);

	int level = r->user ? router_role_level(r->user->role) : 0;
	if ((int)route->perm <= level) {
		/* A token changes things only if its owner asked for that (ASVS V13.1.3). */
		if (r->user && r->user->via_token && !r->user->can_write && !is_safe_method(r->method)) {
			respond_problem(x, 403, TR(r->lang, N_("This API token may only read. Make a new token that may also change things, on your account page.")),
			                NULL, NULL);
			return false;
		}
		return true;
	}
	if (!r->user && !r->want_json && !is_safe_method(r->method) && r->ended_session) {
		/* A form sent after its session ran out (a real session, not a
		 * made-up cookie, nor one signed out): offer to sign in again with
		 * what was typed kept in that session's row, for its user only
		 * (stage_body). A file is never read for it. */
		if (route->flags & ROUTE_UPLOAD) {
			respond_problem(x, 401, TR(r->lang, N_("You were signed out because you did nothing for a while, so the file was not sent. Sign in again and send the file again.")),
			                NULL, NULL);
			return false;
		}
		x->resume = true;
		return true;
	}
	if (r->user) {
		/* A refusal of someone signed in is on record (ASVS V7). */
		if (!(r->store = acquire(x)))
			return false;
		req_access(r, "forbidden", r->path, 0, 0, false);
		record_access(r);
		store_pool_release(x->pipe->pool, r->store);
		r->store = NULL;
		respond_problem(x, 403, NULL, NULL, NULL);
	} else if (!r->want_json && is_safe_method(r->method)) {
		struct buf next = BUF_INIT;
		buf_puts(&next, "/sign-in?next=");
		buf_url_escape(&next, r->path, strlen(r->path));
		respond_redirect(x, arena_strdup(r->arena, buf_cstr(&next)));
		buf_free(&next);
	} else {
		respond_problem(x, 401, NULL, NULL, NULL);
	}
	return false;
}

/* The announced length of the body, or 0 when none is announced (chunked
 * bodies are counted by the server as they arrive). */
static unsigned long long announced_length(struct req *r)
{
	const char *cl = req_header(r, "Content-Length");
	if (!cl || !*cl)
		return 0;
	char *end = NULL;
	unsigned long long n = strtoull(cl, &end, 10);
	return end && *end == '\0' ? n : 0;
}

enum http_stage http_stage_head(struct http_exchange *x, size_t *body_limit)
{
	struct req *r = &x->req;
	*body_limit = LIMIT_BODY_BYTES;
	x->head_done = true;
	/* An address that is not UTF-8 cannot be shown, logged or quoted as it
	 * is: it goes on with those bytes as %XX (it then matches no route, or
	 * its number is refused with a message that quotes it). */
	char *fixed = problem_utf8_fix(x->url);
	if (fixed) {
		x->url = arena_strdup(r->arena, fixed);
		free(fixed);
	}
	/* The same for query arguments, which the server decodes from %XX to
	 * any byte: a page quotes them in its answer (the search words, a
	 * filter it refuses), and JSON cannot carry bytes that are not UTF-8. */
	for (unsigned i = 0; i < x->query.n; i++) {
		struct http_pair *q = &x->query.v[i];
		if ((fixed = problem_utf8_fix(q->name))) {
			q->name = arena_strdup(r->arena, fixed);
			free(fixed);
		}
		if (q->value && (fixed = problem_utf8_fix(q->value))) {
			q->value = arena_strdup(r->arena, fixed);
			free(fixed);
		}
	}
	const char *proto = http_forwarded(x, "X-Forwarded-Proto");
	x->secure = x->tls || (proto && strcasecmp(proto, "https") == 0);
	session_cookie_mode(x);
	http_client_address(x);
	/* Before the language and any cookie: the health check sets none. */
	if (http_health(x))
		return HTTP_ANSWERED;

	/* Language: ?lang= (remembered in a cookie), the cookie, Accept-Language. */
	const char *q = req_query(r, "lang");
	const char *lang = q ? i18n_lang(q, strlen(q)) : NULL;
	if (lang) {
		r->lang = lang;
		respond_cookie(x, LANG_COOKIE, lang, 31536000, false);
	} else {
		const char *ck = http_pairs_get(&x->cookies, LANG_COOKIE);
		lang = ck ? i18n_lang(ck, strlen(ck)) : NULL;
		r->lang = lang ? lang : i18n_negotiate(req_header(r, "Accept-Language"));
	}

	/* Which municipality: its host name or the first segment of the path. */
	const char *path = x->url;
	if (!http_tenant_resolve(x, &path))
		return HTTP_ANSWERED;
	/* Representation: /api/v1/... or Accept: application/json. */
	size_t plen = strlen(API_PREFIX);
	if (strncmp(path, API_PREFIX, plen) == 0 && (path[plen] == '\0' || path[plen] == '/')) {
		r->api = true;
		path = path[plen] ? path + plen : "/";
	}
	r->path = path;
	r->want_json = r->api || wants_json(req_header(r, "Accept"));

	if (strlen(x->url) > LIMIT_URL_BYTES) {
		respond_problem(x, 414, NULL, NULL, NULL);
		return HTTP_ANSWERED;
	}

	const struct route *route = NULL;
	const char *allow = NULL;
	switch (router_match(r->arena, r->method, path, &route, r->params, &r->nparams, &allow)) {
	case ROUTER_NOT_FOUND:
		respond_problem(x, 404, NULL, NULL, NULL);
		return HTTP_ANSWERED;
	case ROUTER_BAD_METHOD:
		respond_problem(x, 405, NULL, allow, NULL);
		return HTTP_ANSWERED;
	case ROUTER_FOUND:
		break;
	}
	if ((r->want_json && !(route->flags & (ROUTE_JSON | ROUTE_RAW))) || (r->api && (route->flags & ROUTE_RAW))) {
		respond_problem(x, 404, NULL, NULL, NULL);
		return HTTP_ANSWERED;
	}
	r->route = route;
	/* Raw routes (static files) are public and need no database. */
	if (route->flags & ROUTE_RAW)
		return HTTP_READ_BODY;
	/* Public bytes already made need neither a session nor a handler. */
	if (http_cache_try(x))
		return HTTP_ANSWERED;

	if (!admit(x, route))
		return HTTP_ANSWERED;
	if (needs_csrf(r) && !http_origin_ok(x)) {
		refuse_forgery(x);
		return HTTP_ANSWERED;
	}
	/* A signed-in user's own page, made before for this very session. */
	if (http_cache_try_private(x))
		return HTTP_ANSWERED;
	*body_limit = (route->flags & ROUTE_UPLOAD) ? LIMIT_UPLOAD_BYTES : LIMIT_BODY_BYTES;
	if (announced_length(r) > *body_limit) {
		respond_problem(x, 413, NULL, NULL, NULL);
		return HTTP_ANSWERED;
	}
	return HTTP_READ_BODY;
}

static void stage_body(struct http_exchange *x)
{
	struct req *r = &x->req;
	if (!x->head_done) {
		size_t limit;
		if (http_stage_head(x, &limit) == HTTP_ANSWERED)
			return;
	}
	if (x->answered)
		return;
	http_body_finish(x);
	if (x->refused) {
		respond_problem(x, x->refused, NULL, NULL, NULL);
		return;
	}
	const struct route *route = r->route;
	struct resp out = {0};
	if (route->flags & ROUTE_RAW) {
		respond_result(x, route->handler(r, &out), &out);
		return;
	}
	if (x->resume) {
		resume_sign_in(x);
		return;
	}
	if (needs_csrf(r) && !csrf_ok(r)) {
		refuse_forgery(x);
		return;
	}

	/* Making a page takes memory (a list of 5,000 action points: some MB
	 * until it is sent) and CPU: only a few are made at once, so memory
	 * stays bounded however many readers wait. Nothing that may wait for
	 * the writer holds a slot: not a change, not a route that keeps its own
	 * transactions (search brings its index up to date), not the access
	 * log (written after the slot is given back). */
	sem_t *making = is_safe_method(r->method) && !(route->flags & ROUTE_OWN_TX) ? x->pipe->making : NULL;
	if (making)
		while (sem_wait(making) != 0) /* EINTR only */
			;
	if (!(r->store = acquire(x))) {
		if (making)
			sem_post(making);
		return;
	}
	/* Who is asking was decided before the body came in; a change waits for
	 * the body to be complete, so ask again before anything is written. */
	if (!is_safe_method(r->method) && !session_current(x)) {
		respond_problem(x, 401, TR(r->lang, N_("You were signed out while this was being sent, so nothing was saved. Sign in again and send it again.")),
		                NULL, NULL);
		store_pool_release(x->pipe->pool, r->store);
		r->store = NULL;
		if (making)
			sem_post(making);
		return;
	}
	/* Safe methods read one consistent snapshot of the database, unless
	 * the route takes care of that itself (ROUTE_OWN_TX). */
	bool snapshot = is_safe_method(r->method) && !(route->flags & ROUTE_OWN_TX);
	int rc = snapshot ? store_read_begin(r->store) : 0;
	/* Links in mail this request writes lead to its municipality. */
	mail_scope(r->site ? r->site : r->base);
	if (rc == 0)
		rc = route->handler(r, &out);
	mail_scope(NULL);
	req_own(r, out.data);
	req_own(r, out.extra);
	req_own(r, out.errors);
	/* Still in the snapshot: a streamed list (out.list) is read from the
	 * store while the answer is made. */
	respond_result(x, rc, &out);
	if (out.list_close)
		out.list_close(out.list.ctx);
	if (snapshot)
		store_read_end(r->store);
	if (making)
		sem_post(making);
	/* A read on record must be recorded each time: such an answer is never
	 * served from the cache (http_finish). */
	x->recorded = r->naccess > 0;
	/* Before the answer leaves: it is sent when this callback returns. */
	record_access(r);
	store_pool_release(x->pipe->pool, r->store);
	r->store = NULL;
}

void http_stage_body(struct http_exchange *x)
{
	stage_body(x);
	http_finish(x);
}

void http_exchange_run(struct http_exchange *x)
{
	size_t limit;
	if (http_stage_head(x, &limit) == HTTP_ANSWERED)
		return;
	http_stage_body(x);
}
