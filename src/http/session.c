/*
 * session: who is asking. A browser carries a session cookie (its value is
 * a random token; the database knows only its digest); an API client sends
 * "Authorization: Bearer TOKEN" with a personal token. Either way the result
 * is r->user, or NULL for the public. Forms carry a CSRF token: the
 * session's, or for people not signed in a random one kept in a cookie
 * (double submit), so the sign-in form is protected too. That cookie is
 * set only with a page that holds a form (the token is in its bytes):
 * public pages without one set no cookie at all, so they can be cached.
 * Both cookies end with the browser (no Max-Age) and are __Host- prefixed
 * and Secure where the browser can keep such a cookie (SESSION_COOKIE in
 * internal.h). A session ends after 30 minutes without a request or 12
 * hours after signing in (http/request.h); r->user says when, for the page.
 */
#include "http/internal.h"

#include "core/clock.h"
#include "core/err.h"
#include "core/log.h"
#include "core/secret.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* now - seconds, as UTC ISO 8601. */
static void iso_before(char *out, size_t n, long seconds)
{
	clock_iso_offset(-seconds, out, n);
}

/* A host name browsers count as a secure context over plain HTTP. */
static bool loopback_host(const char *host)
{
	if (!host)
		return false;
	size_t n = strcspn(host, ":");
	if (host[0] == '[')
		return strncmp(host, "[::1]", 5) == 0 && (host[5] == '\0' || host[5] == ':');
	return (n == 9 && strncasecmp(host, "localhost", 9) == 0) || strncmp(host, "127.", 4) == 0;
}

void session_cookie_mode(struct http_exchange *x)
{
	x->secure_cookies = x->secure || loopback_host(req_header(&x->req, "Host"));
}

/* When the session ends unless it is used again: its idle end (from its
 * last use) or its absolute end, whichever comes first. */
static const char *session_ends(struct arena *a, json_t *row, bool touched)
{
	time_t last = touched ? clock_now() : clock_parse_iso(json_string_value(json_object_get(row, "last_seen_at")));
	time_t hard = clock_parse_iso(json_string_value(json_object_get(row, "expires_at")));
	time_t end = last + SESSION_IDLE_S;
	if (hard > 0 && hard < end)
		end = hard;
	char *out = arena_alloc(a, 24);
	clock_iso(end, out, 24);
	return out;
}

static const char *jstr(struct arena *a, json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? arena_strdup(a, s) : NULL;
}

static struct user *user_from(struct arena *a, json_t *u)
{
	struct user *usr = arena_zalloc(a, sizeof(*usr));
	usr->id = (long long)json_integer_value(json_object_get(u, "id"));
	usr->email = jstr(a, u, "email");
	const char *name = json_string_value(json_object_get(u, "display_name"));
	if (!name || !*name)
		name = json_string_value(json_object_get(u, "person_name"));
	usr->name = arena_strdup(a, name && *name ? name : usr->email);
	usr->role = jstr(a, u, "role");
	usr->person_id = (long long)json_integer_value(json_object_get(u, "person_id"));
	usr->expert = json_is_true(json_object_get(u, "is_experience_expert"));
	usr->host_admin = json_is_true(json_object_get(u, "is_host_admin"));
	return usr;
}

void session_resolve(struct http_exchange *x)
{
	struct req *r = &x->req;
	const char *auth = req_header(r, "Authorization");
	json_t *u = NULL;
	char digest[SECRET_DIGEST_LEN + 1];
	if (auth && strncmp(auth, "Bearer ", 7) == 0) {
		secret_digest(auth + 7, digest);
		if (store_token_user(r->store, digest, r->now, &u) == 0) {
			struct user *usr = user_from(r->arena, u);
			usr->via_token = true;
			usr->can_write = json_is_true(json_object_get(u, "can_write")) ||
			                 json_integer_value(json_object_get(u, "can_write")) == 1;
			r->user = usr;
		}
		json_decref(u);
		session_csrf(x, NULL);
		return;
	}
	const char *pending = http_pairs_get(&x->cookies, PENDING_COOKIE);
	if (pending && strlen(pending) == SECRET_TOKEN_LEN)
		r->pending = arena_strdup(r->arena, pending);
	const char *cookie = http_pairs_get(&x->cookies, SESSION_COOKIE);
	if (!cookie || strlen(cookie) != SECRET_TOKEN_LEN) {
		session_csrf(x, NULL);
		return;
	}
	secret_digest(cookie, digest);
	char idle[24];
	iso_before(idle, sizeof(idle), SESSION_IDLE_S);
	if (store_session_user(r->store, digest, r->now, idle, &u) == 0) {
		struct user *usr = user_from(r->arena, u);
		usr->session = arena_strdup(r->arena, digest);
		usr->session_id = (long long)json_integer_value(json_object_get(u, "session_id"));
		usr->can_write = true;
		r->user = usr;
		session_csrf(x, json_string_value(json_object_get(u, "csrf_token")));
		char stale[24];
		iso_before(stale, sizeof(stale), SESSION_TOUCH_S);
		const char *seen = json_string_value(json_object_get(u, "last_seen_at"));
		bool touched = seen && strcmp(seen, stale) < 0;
		/* A failed touch only lets the session look idle sooner (the user
		 * signs in again); it must not fail the request, but it is logged.
		 * One left out because another write holds the writer is made by a
		 * later request: the thread does not wait for it. */
		if (touched) {
			int rc = store_session_touch(r->store, digest, r->now, stale);
			if (rc != 0 && rc != LIA_ECONFLICT)
				log_warn("%s: could not record the session's activity", r->id);
			touched = rc == 0;
		}
		/* Its end moves: the page made now is not kept (http/finish.c). */
		x->session_touched = touched;
		usr->session_ends = session_ends(r->arena, u, touched);
	} else {
		session_csrf(x, NULL);
		/* A session that ran out may keep a late form for its user
		 * (dispatch.c): its cookie stays for an HTML form, and while it
		 * holds a kept form, so that signing in (in any tab) can find it.
		 * Any other unknown or ended session: forget the cookie. */
		long long uid = 0;
		bool has_form = false;
		if (store_session_ended(r->store, digest, r->now, idle, &uid, &has_form) == 0) {
			r->ended_session = arena_strdup(r->arena, digest);
			r->ended_user = uid;
		}
		bool form = !r->want_json && strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0;
		if (!r->ended_session || !(form || has_form))
			respond_cookie(x, SESSION_COOKIE, "", 0, true);
	}
	json_decref(u);
}

bool session_current(struct http_exchange *x)
{
	struct req *r = &x->req;
	const struct user *was = r->user;
	if (!was)
		return true;
	json_t *u = NULL;
	int rc;
	if (was->via_token) {
		const char *auth = req_header(r, "Authorization");
		char digest[SECRET_DIGEST_LEN + 1];
		if (!auth || strncmp(auth, "Bearer ", 7) != 0)
			return false;
		secret_digest(auth + 7, digest);
		rc = store_token_user(r->store, digest, r->now, &u);
	} else {
		char idle[24];
		iso_before(idle, sizeof(idle), SESSION_IDLE_S);
		rc = was->session ? store_session_user(r->store, was->session, r->now, idle, &u) : LIA_ENOTFOUND;
	}
	const char *role = rc == 0 ? json_string_value(json_object_get(u, "role")) : NULL;
	bool same = rc == 0 && (long long)json_integer_value(json_object_get(u, "id")) == was->id && role &&
	            was->role && strcmp(role, was->role) == 0;
	json_decref(u);
	return same;
}

void session_csrf(struct http_exchange *x, const char *session_csrf)
{
	struct req *r = &x->req;
	if (session_csrf) {
		r->csrf = arena_strdup(r->arena, session_csrf);
		return;
	}
	const char *c = http_pairs_get(&x->cookies, CSRF_COOKIE);
	if (c && strlen(c) == SECRET_TOKEN_LEN) {
		r->csrf = arena_strdup(r->arena, c);
		return;
	}
	/* A new token, but no cookie yet: most pages have no form, and a cookie
	 * on them would make every public page uncacheable for everyone.
	 * respond_html() sets it when the page it made holds the token. */
	char *t = arena_alloc(r->arena, SECRET_TOKEN_LEN + 1);
	secret_token(t);
	r->csrf = t;
	x->csrf_fresh = true;
}

void session_csrf_cookie(struct http_exchange *x)
{
	if (!x->csrf_fresh)
		return;
	x->csrf_fresh = false;
	/* Lax, so that it is there when someone follows a link to the sign-in page. */
	respond_cookie(x, CSRF_COOKIE, x->req.csrf, COOKIE_SESSION_ONLY, false);
}
