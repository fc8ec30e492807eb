/*
 * Unit tests: every GET route of the route table, for the public and every
 * demo role, as HTML and as JSON, through the request pipeline in-process
 * (http/pipeline.h: no socket, no server). A route the role may see answers
 * 200 with one page (one <h1>) or JSON that parses; a route it may not see
 * sends the public to the sign-in page (401 for JSON) and refuses a signed-in
 * user (403); nothing ever answers 5xx. The table is iterated itself, so a
 * new GET route is covered at once, and a capture this file cannot fill
 * fails the test. A few guards are checked too: CSRF, Origin, 404, 405.
 *
 * The demo database is made once, before the tests, by the same code as
 * `lia demo` (cli_prepare_db), and the demo accounts sign in once through
 * POST /sign-in; each test process gets the file and the session tokens
 * through the environment.
 */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/i18n.h"
#include "core/secret.h"
#include "http/pipeline.h"
#include "http/router.h"
#include "fixture.h"
#include "store/db.h"
#include "view/view.h"

#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <liboath/oath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* Strict template rendering (an unknown name is an error) comes from another
 * change to src/view/. When it exists as view_set_strict(bool), this test
 * turns it on; until then the weak reference stays NULL. */
extern void view_set_strict(bool on) __attribute__((weak));

#define ENV_DB "LIA_TEST_ROUTES_DB"
#define ENV_DIR "LIA_TEST_ROUTES_DIR"

/* The public and the demo accounts (cli.c), with the level their role has. */
static const struct role {
	const char *name;  /* for messages, and the environment variable of the session */
	const char *email; /* NULL: the public */
	int level;
} roles[] = {
	{"public", NULL, 0},
	{"reader", "lezer@example.org", PERM_READER},
	{"dossier", "dossierhouder@example.org", PERM_DOSSIER},
	{"member", "projectgroep@example.org", PERM_MEMBER},
	{"expert", "ervaringsdeskundige@example.org", PERM_MEMBER},
	{"coordinator", "coordinator@example.org", PERM_COORDINATOR},
};
#define NROLES (sizeof(roles) / sizeof(roles[0]))

/* Answers other than 200 that a role allowed on a route gets, with why.
 * Anything not listed here must be 200. */
static const struct expected {
	const char *pattern;
	const char *role; /* a role's name, "signed-in" for every account, or NULL: every role that may */
	unsigned status;
	const char *why;
} documented[] = {
	{"/sign-in", "signed-in", 303, "someone signed in already is sent on, not shown the form"},
	{"/sign-in/code", NULL, 303, "without a right password first there is no code to ask for: back to /sign-in"
	                             " (tests/http/totp.test.mjs signs in with codes)"},
	{"/sign-in/enrol", NULL, 303, "without a right password first there is nothing to set up: back to /sign-in"},
	{"/account/two-factor", "coordinator", 303, "the demo coordinator has a second factor already: on to /account"},
	{"/account/two-factor", "member", 303, "the demo project group members have a second factor already"},
	{"/account/two-factor", "expert", 303, "the demo project group members have a second factor already"},
	{"/updates/{id}/assessment", "dossier", 403, "only an experience expert gives that assessment"},
	{"/updates/{id}/assessment", "member", 403, "only an experience expert gives that assessment"},
	{"/updates/{id}/assessment", "coordinator", 403, "only an experience expert gives that assessment"},
	{"/updates/{id}/assessment", "expert", 409, "no demo update is open to it: those of the open period have the expert's"
	                                            " assessment already, published ones never change"},
	{"/narratives/{id}/edit", NULL, 409, "the demo's narratives are all in published periods, which never change"},
	{"/funds/import/{id}", NULL, 404, "the demo has no imported file to preview"},
	{"/updates/{id}/correct", NULL, 403, "only its author corrects an update (tests/http/corrections.test.mjs): the"
	                                    " demo's first update was written by someone without an account"},
	{"/updates/{id}/assessment/correct", NULL, 403, "only the expert who assessed it corrects an assessment: the demo's"
	                                               " first update has none"},
	{"/actions/import/{id}", NULL, 404, "the demo has no uploaded file of action points to preview"},
	{"/password", NULL, 404, "without a link's token there is no password to choose (tests/http/mail.test.mjs follows"
	                         " a real link)"},
	{"/.well-known/security.txt", NULL, 404, "no security contact is configured here (lia serve --security-contact):"
	                                         " lia never makes one up (tests/http/govsite.test.mjs has both)"},
	{"/hosting", NULL, 404, "only a hosting administrator (lia municipality admin) sees it; no demo account is one"
	                        " (tests/http/municipalities.test.mjs)"},
};

static struct http_pipeline pipe_;
static struct store *db; /* a separate connection for looking up ids */

/* ------------------------------------------------------------ calling the pipeline */

struct answer {
	struct http_exchange *x;
	const struct http_response *resp;
	unsigned status;
	const char *body; /* NUL-terminated copy in the exchange's arena */
	size_t len;
};

struct call {
	const char *method;
	const char *url;      /* path, /api/v1 included if wanted */
	const char *query;    /* "a=b&c=d" (no escapes), or NULL */
	const char *accept;
	const char *session;  /* the session cookie's value, or NULL */
	const char *cookie2;  /* another cookie "name=value", or NULL */
	const char *pending;  /* the pending sign-in cookie's value (the code step), or NULL */
	const char *origin;
	json_t *body;         /* stolen */
};

/* Now, as the server stamps a request (sessions expire by the clock). */
static const char *now_iso(char out[24])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return out;
}

static struct answer run(const struct call *c)
{
	struct answer a = {0};
	char now[24];
	a.x = http_exchange_new(&pipe_, c->method, c->url, "test", now_iso(now));
	struct arena *ar = http_exchange_req(a.x)->arena;
	http_request_add(a.x, HTTP_HEADER, "Host", "127.0.0.1:8080");
	if (c->accept)
		http_request_add(a.x, HTTP_HEADER, "Accept", c->accept);
	if (c->origin)
		http_request_add(a.x, HTTP_HEADER, "Origin", c->origin);
	if (c->session)
		http_request_add(a.x, HTTP_COOKIE, "__Host-lia_session", c->session);
	if (c->pending)
		http_request_add(a.x, HTTP_COOKIE, "__Host-lia_pending", c->pending);
	if (c->cookie2) {
		const char *eq = strchr(c->cookie2, '=');
		http_request_add(a.x, HTTP_COOKIE, arena_strndup(ar, c->cookie2, (size_t)(eq - c->cookie2)), eq + 1);
	}
	if (c->query) {
		char *q = arena_strdup(ar, c->query), *save = NULL;
		for (char *kv = strtok_r(q, "&", &save); kv; kv = strtok_r(NULL, "&", &save)) {
			char *eq = strchr(kv, '=');
			if (eq)
				*eq++ = '\0';
			http_request_add(a.x, HTTP_QUERY, kv, eq ? eq : "");
		}
	}
	http_request_client(a.x, "127.0.0.1", false);
	if (c->body)
		http_body_set(a.x, c->body);
	http_exchange_run(a.x);
	a.resp = http_exchange_response(a.x);
	a.status = a.resp->status;
	a.len = a.resp->body_len;
	a.body = arena_strndup(ar, a.resp->body ? a.resp->body : "", a.len);
	return a;
}

static void done(struct answer *a)
{
	http_exchange_free(a->x);
	a->x = NULL;
}

static const char *header(const struct answer *a, const char *name)
{
	return http_response_header(a->resp, name);
}

/* The value of the first Set-Cookie for name, copied to the heap, or NULL. */
static char *set_cookie(const struct answer *a, const char *name)
{
	size_t n = strlen(name);
	for (unsigned i = 0; i < a->resp->headers.n; i++) {
		const struct http_pair *p = &a->resp->headers.v[i];
		if (strcasecmp(p->name, "Set-Cookie") == 0 && strncmp(p->value, name, n) == 0 && p->value[n] == '=') {
			const char *v = p->value + n + 1;
			return strndup(v, strcspn(v, ";"));
		}
	}
	return NULL;
}

/* The CSRF token of the first form on a page, copied to the heap, or NULL. */
static char *form_csrf(const char *html)
{
	const char *m = strstr(html, "name=\"csrf\" value=\"");
	if (!m)
		return NULL;
	m += strlen("name=\"csrf\" value=\"");
	return strndup(m, strcspn(m, "\""));
}

static unsigned count(const char *hay, const char *needle)
{
	unsigned n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* ------------------------------------------------------------ once, before all tests */

static void die(const char *what)
{
	fprintf(stderr, "test_routes: %s\n", what);
	abort();
}

static void open_pipeline(const char *path)
{
	char *err = NULL;
	i18n_init(NULL);
	if (secret_init() != 0)
		die("libsodium does not start");
	if (store_pool_open(path, 1, &pipe_.pool, &err) != 0 || store_open(path, STORE_OPEN_READONLY, &db, &err) != 0)
		die(err ? err : "cannot open the demo database");
	if (view_init() != 0)
		die("view_init failed");
	pipe_.example = true;
	if (view_set_strict)
		view_set_strict(true);
}

static void close_pipeline(void)
{
	view_shutdown();
	store_close(db);
	store_pool_close(pipe_.pool);
	db = NULL;
	pipe_.pool = NULL;
}

/* The code a phone app shows for the demo accounts' second factor (the key
 * of cli.c's demo accounts, README) at a time step. Each step is used once:
 * the server refuses a code whose step is not later than the last one. */
static void demo_code(char out[8])
{
	/* In the environment: the tests run in processes started after the
	 * hook that signs everyone in. */
	const char *was = getenv("LIA_TEST_ROUTES_TOTP_STEP");
	long long last = was ? atoll(was) : 0;
	long long step = (long long)(time(NULL) / 30) - 1;
	if (step <= last)
		step = last + 1;
	while (step > (long long)(time(NULL) / 30) + 1)
		sleep(1);
	char text[24];
	snprintf(text, sizeof(text), "%lld", step);
	setenv("LIA_TEST_ROUTES_TOTP_STEP", text, 1);
	char *key = NULL;
	size_t len = 0;
	if (oath_init() != OATH_OK || oath_base32_decode("LIADEMOLIADEMOLIADEMOLIADEMOLIAD", 32, &key, &len) != OATH_OK ||
	    oath_totp_generate(key, len, (time_t)(step * 30), 30, 0, 6, out) != OATH_OK)
		die("oath could not make a code");
	free(key);
}

/* Sign in through the pipeline as a browser does: the sign-in page sets the
 * pre-session CSRF cookie, the form carries its token; the coordinator and
 * project group members then send the code of their second factor. */
static char *sign_in(const char *email)
{
	struct answer page = run(&(struct call){.method = "GET", .url = "/sign-in"});
	char *pre = set_cookie(&page, "__Host-lia_csrf");
	char *token = form_csrf(page.body);
	done(&page);
	if (!pre || !token)
		die("the sign-in page has no CSRF token");
	char cookie[128];
	snprintf(cookie, sizeof(cookie), "__Host-lia_csrf=%s", pre);
	struct answer a = run(&(struct call){.method = "POST", .url = "/sign-in", .cookie2 = cookie,
	                                     .body = json_pack("{s:s, s:s, s:s, s:s}", "csrf", token, "email", email,
	                                                       "password", "tulp molen fiets klomp", "next", "/")});
	char *pending = a.status == 303 ? set_cookie(&a, "__Host-lia_pending") : NULL;
	if (pending) {
		done(&a);
		char code[8];
		demo_code(code);
		a = run(&(struct call){.method = "POST", .url = "/sign-in/code", .cookie2 = cookie, .pending = pending,
		                       .body = json_pack("{s:s, s:s}", "csrf", token, "code", code)});
		free(pending);
	}
	char *session = a.status == 303 ? set_cookie(&a, "__Host-lia_session") : NULL;
	done(&a);
	free(pre);
	free(token);
	if (!session)
		die("a demo account could not sign in");
	return session;
}

ReportHook(PRE_ALL)(struct criterion_test_set *set)
{
	(void)set;
	char dir[] = "/tmp/lia-routes-XXXXXX";
	if (!mkdtemp(dir))
		die("mkdtemp failed");
	char path[256];
	fixture_new_database(path, sizeof(path), dir); /* a file in dir, or a PostgreSQL database */
	bool created;
	if (cli_prepare_db(path, CLI_DB_DEMO, NULL, &created) != CLI_OK)
		die("cannot make the demo database");
	open_pipeline(path);
	for (size_t i = 1; i < NROLES; i++) {
		char *session = sign_in(roles[i].email);
		char name[64];
		snprintf(name, sizeof(name), "LIA_TEST_ROUTES_%s", roles[i].name);
		setenv(name, session, 1);
		free(session);
	}
	close_pipeline();
	setenv(ENV_DB, path, 1);
	setenv(ENV_DIR, dir, 1);
}

ReportHook(POST_ALL)(struct criterion_global_stats *stats)
{
	(void)stats;
	const char *dir = getenv(ENV_DIR);
	if (dir && strncmp(dir, "/tmp/lia-routes-", 16) == 0) {
		char cmd[96];
		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "test_routes: could not remove %s\n", dir);
	}
}

static void setup(void)
{
	const char *path = getenv(ENV_DB);
	cr_assert_not_null(path, "the demo database was not made");
	open_pipeline(path);
}

static const char *session_of(const struct role *r)
{
	if (!r->email)
		return NULL;
	char name[64];
	snprintf(name, sizeof(name), "LIA_TEST_ROUTES_%s", r->name);
	const char *s = getenv(name);
	cr_assert_not_null(s, "no session for %s", r->name);
	return s;
}

TestSuite(routes, .init = setup, .fini = close_pipeline, .timeout = 600);

/* ------------------------------------------------------------ filling captures */

static long long id_of(const char *sql)
{
	int err = 0;
	long long id = db_int(db, &err, 0, sql, NULL);
	cr_assert_eq(err, 0, "%s", sql);
	cr_assert_gt(id, 0, "the demo has no row for: %s", sql);
	return id;
}

/* A real value from the demo for capture `name` after segment `prev` of
 * pattern; NULL if this file does not know the capture (the test then fails:
 * add it here). */
static const char *capture(struct arena *a, const char *pattern, const char *prev, const char *name)
{
	if (strcmp(name, "number") == 0)
		return "19"; /* CRPD article 19: living independently */
	if (strcmp(name, "name") == 0)
		return "lia.css";
	if (strcmp(name, "kind") == 0)
		return "outside_year";
	if (strcmp(name, "file") == 0)
		return strncmp(pattern, "/funds/export/", 14) == 0 ? "years.json" : "report-nl.html";
	if (strcmp(name, "id") != 0)
		return NULL;
	/* Ids whose row depends on the route: the state of the period, and
	 * whether the interview may still be changed. */
	const char *sql = NULL;
	if (strcmp(prev, "periods") == 0 && (strstr(pattern, "/publish") || strstr(pattern, "/narratives") || strstr(pattern, "/edit")))
		sql = "SELECT min(id) FROM reporting_period WHERE state = 'open'"; /* what there is to publish or write */
	else if (strcmp(prev, "interviews") == 0)
		sql = strstr(pattern, "/edit")
		      ? "SELECT min(id) FROM interview WHERE period_id IN (SELECT id FROM reporting_period WHERE state = 'open')"
		      : "SELECT min(id) FROM interview WHERE period_id IN (SELECT id FROM reporting_period WHERE state = 'published')";
	else if (strcmp(prev, "{kind}") == 0)
		return "29"; /* the demo's expense dated outside its money's year (tests/http/funds.test.mjs) */
	else if (strcmp(prev, "import") == 0)
		return "1"; /* the demo has no imports: documented 404 */
	/* The rest: the first row of the segment's table. */
	static const struct {
		const char *segment, *sql;
	} first_row[] = {
		{"themes", "SELECT min(id) FROM theme"},
		{"actions", "SELECT min(id) FROM action_point WHERE dossier_holder_id = 6"}, /* one of the dossier holder's own (person 6) */
		{"periods", "SELECT min(id) FROM reporting_period WHERE state = 'published'"}, /* the public sees it */
		{"reports", "SELECT min(id) FROM reporting_period WHERE state = 'published'"},
		{"updates", "SELECT min(id) FROM progress_update"},
		{"people", "SELECT min(id) FROM person"},
		{"organisations", "SELECT min(id) FROM organisation"},
		{"events", "SELECT min(id) FROM event"},
		{"narratives", "SELECT min(id) FROM narrative"},
		{"users", "SELECT min(id) FROM user_account"},
		{"sources", "SELECT min(id) FROM fund_source"},
		{"allocations", "SELECT min(id) FROM allocation"},
		{"expenses", "SELECT min(id) FROM expense"},
	};
	for (size_t i = 0; !sql && i < sizeof(first_row) / sizeof(first_row[0]); i++)
		if (strcmp(prev, first_row[i].segment) == 0)
			sql = first_row[i].sql;
	if (!sql)
		return NULL;
	return arena_printf(a, "%lld", id_of(sql));
}

/* The pattern with every capture filled. */
static const char *fill(struct arena *a, const char *pattern)
{
	char *out = arena_strdup(a, "");
	const char *p = pattern, *seg_start = pattern, *prev = "";
	char prevbuf[64] = "";
	while (*p) {
		if (*p == '/') {
			size_t n = (size_t)(p - seg_start);
			if (n && n < sizeof(prevbuf)) {
				memcpy(prevbuf, seg_start, n);
				prevbuf[n] = '\0';
				prev = prevbuf;
			}
			seg_start = p + 1;
			out = arena_printf(a, "%s/", out);
			p++;
			continue;
		}
		if (*p == '{') {
			const char *close = strchr(p, '}');
			char *name = arena_strndup(a, p + 1, (size_t)(close - p - 1));
			const char *v = capture(a, pattern, prev, name);
			cr_assert_not_null(v, "route GET %s: test_routes.c has no demo value for {%s}; add one in capture()",
			                   pattern, name);
			out = arena_printf(a, "%s%s", out, v);
			p = close + 1;
			continue;
		}
		out = arena_printf(a, "%s%c", out, *p++);
	}
	return out;
}

/* ------------------------------------------------------------ the crawl */

static const struct expected *documented_for(const char *pattern, const struct role *role)
{
	for (size_t i = 0; i < sizeof(documented) / sizeof(documented[0]); i++) {
		const char *who = documented[i].role;
		if (strcmp(documented[i].pattern, pattern) == 0 &&
		    (!who || strcmp(who, role->name) == 0 || (strcmp(who, "signed-in") == 0 && role->email)))
			return &documented[i];
	}
	return NULL;
}

/* Checks one answer of one route for one role in one representation. */
static void check(const struct route *rt, const struct role *role, const char *url, bool json,
                  const struct answer *a)
{
	const char *what = json ? "JSON" : "HTML";
	cr_assert_lt(a->status, 500, "GET %s as %s (%s): %u\n%.300s", url, role->name, what, a->status, a->body);
	cr_assert_not_null(header(a, "Content-Security-Policy"), "GET %s: no CSP", url);
	cr_assert_not_null(header(a, "X-Request-Id"), "GET %s: no request id", url);
	if (role->level < (int)rt->perm) {
		if (role->email)
			cr_assert_eq(a->status, 403, "GET %s as %s (%s): %u, want 403", url, role->name, what, a->status);
		else if (json)
			cr_assert_eq(a->status, 401, "GET %s as the public (JSON): %u, want 401", url, a->status);
		else {
			cr_assert_eq(a->status, 303, "GET %s as the public: %u, want 303 to sign in", url, a->status);
			const char *loc = header(a, "Location");
			cr_assert(loc && strncmp(loc, "/sign-in?next=", 14) == 0, "GET %s: goes to %s", url, loc ? loc : "(none)");
		}
		return;
	}
	const struct expected *doc = documented_for(rt->pattern, role);
	if (doc && a->status == doc->status)
		return;
	cr_assert_eq(a->status, 200, "GET %s as %s (%s): %u, want 200\n%.400s", url, role->name, what, a->status, a->body);
	const char *ctype = header(a, "Content-Type");
	cr_assert_not_null(ctype, "GET %s: no Content-Type", url);
	bool is_json = strstr(ctype, "json") != NULL;
	bool is_html = strncmp(ctype, "text/html", 9) == 0;
	if (is_json) {
		json_error_t e;
		json_t *v = json_loadb(a->body, a->len, 0, &e);
		cr_assert_not_null(v, "GET %s as %s: the JSON does not parse: %s", url, role->name, e.text);
		json_decref(v);
	}
	if (is_html) {
		cr_assert(strncasecmp(a->body, "<!doctype html>", 15) == 0, "GET %s as %s: not an HTML document: %.80s", url,
		          role->name, a->body);
		cr_assert_eq(count(a->body, "<h1"), 1, "GET %s as %s: %u <h1> elements", url, role->name, count(a->body, "<h1"));
	}
	/* An Atom feed (/feeds/..., .../feed) and a CSV export are files of their own too. */
	bool feed = strncmp(rt->pattern, "/feeds/", 7) == 0 || strstr(rt->pattern, "/feed") != NULL;
	bool csv = strstr(rt->pattern, ".csv") != NULL;
	if (feed)
		cr_assert(strncmp(ctype, "application/atom+xml", 20) == 0 && strstr(a->body, "<feed"),
		          "GET %s as %s: not an Atom feed: %s", url, role->name, ctype);
	if (csv)
		cr_assert(strncmp(ctype, "text/csv", 8) == 0, "GET %s as %s: not CSV: %s", url, role->name, ctype);
	/* A page (not a file of its own, like a report file or the OpenAPI
	 * document, which have no HTML view) answers in the representation asked for. */
	if ((rt->flags & ROUTE_HTML) && !strstr(rt->pattern, "{file}") && !feed && !csv)
		cr_assert(json ? is_json : is_html, "GET %s as %s (%s): Content-Type %s", url, role->name, what, ctype);
}

Test(routes, every_get_route_for_every_role)
{
	struct arena *a = arena_new();
	unsigned checked = 0, gets = 0;
	for (unsigned i = 0; i < routes_count; i++) {
		const struct route *rt = &routes[i];
		if (strcmp(rt->method, "GET") != 0)
			continue;
		gets++;
		const char *url = fill(a, rt->pattern);
		for (size_t k = 0; k < NROLES; k++) {
			const struct role *role = &roles[k];
			struct answer h = run(&(struct call){.method = "GET", .url = url, .accept = "text/html", .session = session_of(role)});
			check(rt, role, url, false, &h);
			done(&h);
			if ((rt->flags & ROUTE_RAW) || !(rt->flags & ROUTE_JSON)) {
				/* Files of lia itself, the Atom feeds and the CSV export have no JSON form. */
				struct answer j = run(&(struct call){.method = "GET", .url = arena_printf(a, "/api/v1%s", url), .session = session_of(role)});
				cr_assert_eq(j.status, 404, "GET /api/v1%s: %u", url, j.status);
				done(&j);
				continue;
			}
			struct answer j = run(&(struct call){.method = "GET", .url = arena_printf(a, "/api/v1%s", url), .session = session_of(role)});
			check(rt, role, url, true, &j);
			done(&j);
			checked++;
		}
	}
	cr_assert_gt(gets, 30, "the route table has only %u GET routes", gets);
	cr_assert_gt(checked, gets * 5);
	/* Every documented exception names a GET route that exists. */
	for (size_t d = 0; d < sizeof(documented) / sizeof(documented[0]); d++) {
		bool found = false;
		for (unsigned i = 0; i < routes_count; i++)
			found = found || (strcmp(routes[i].method, "GET") == 0 && strcmp(routes[i].pattern, documented[d].pattern) == 0);
		cr_assert(found, "documented[] names %s, which is not a GET route", documented[d].pattern);
	}
	arena_free(a);
}

/* ------------------------------------------------------------ guards */

/* A member's CSRF token: from a form the member may open. */
static char *member_csrf(void)
{
	struct answer page = run(&(struct call){.method = "GET", .url = "/funds/allocations/new", .session = session_of(&roles[3])});
	cr_assert_eq(page.status, 200);
	char *t = form_csrf(page.body);
	done(&page);
	cr_assert_not_null(t);
	return t;
}

static json_t *allocation_form(const char *csrf)
{
	json_t *f = json_pack("{s:s, s:s}", "code", "ROUTES-TEST", "amount", "10,00");
	if (csrf)
		json_object_set_new(f, "csrf", json_string(csrf));
	return f;
}

Test(routes, post_without_csrf_token_is_refused)
{
	struct answer a = run(&(struct call){.method = "POST", .url = "/funds/allocations", .session = session_of(&roles[3]),
	                                     .body = allocation_form(NULL)});
	cr_assert_eq(a.status, 403, "%u %.200s", a.status, a.body);
	cr_assert(strstr(a.body, "<!doctype html>") == a.body);
	done(&a);
	struct answer w = run(&(struct call){.method = "POST", .url = "/funds/allocations", .session = session_of(&roles[3]),
	                                     .body = allocation_form("wrong-token")});
	cr_assert_eq(w.status, 403);
	done(&w);
	/* The same form with the token is not refused (it may still be invalid: 422). */
	char *t = member_csrf();
	struct answer ok = run(&(struct call){.method = "POST", .url = "/funds/allocations", .session = session_of(&roles[3]),
	                                      .body = allocation_form(t)});
	cr_assert(ok.status != 403 && ok.status < 500, "%u %.300s", ok.status, ok.body);
	done(&ok);
	free(t);
}

Test(routes, post_from_a_foreign_origin_is_refused)
{
	char *t = member_csrf();
	struct answer a = run(&(struct call){.method = "POST", .url = "/funds/allocations", .session = session_of(&roles[3]),
	                                     .origin = "https://evil.example", .body = allocation_form(t)});
	cr_assert_eq(a.status, 403, "%u", a.status);
	done(&a);
	struct answer same = run(&(struct call){.method = "POST", .url = "/funds/allocations", .session = session_of(&roles[3]),
	                                        .origin = "http://127.0.0.1:8080", .body = allocation_form(t)});
	cr_assert(same.status != 403 && same.status < 500, "same origin: %u", same.status);
	done(&same);
	free(t);
}

Test(routes, unknown_path_is_not_found)
{
	struct answer a = run(&(struct call){.method = "GET", .url = "/no-such-page"});
	cr_assert_eq(a.status, 404);
	cr_assert(strncasecmp(a.body, "<!doctype html>", 15) == 0);
	cr_assert_eq(count(a.body, "<h1"), 1);
	done(&a);
	struct answer j = run(&(struct call){.method = "GET", .url = "/api/v1/no-such-page"});
	cr_assert_eq(j.status, 404);
	cr_assert_str_eq(header(&j, "Content-Type"), "application/problem+json");
	json_t *p = json_loadb(j.body, j.len, 0, NULL);
	cr_assert_eq(json_integer_value(json_object_get(p, "status")), 404);
	json_decref(p);
	done(&j);
}

Test(routes, wrong_method_is_405_with_allow)
{
	struct answer a = run(&(struct call){.method = "DELETE", .url = "/themes", .session = session_of(&roles[5])});
	cr_assert_eq(a.status, 405);
	const char *allow = header(&a, "Allow");
	cr_assert_not_null(allow);
	cr_assert(strstr(allow, "GET") && strstr(allow, "HEAD") && !strstr(allow, "DELETE"), "Allow: %s", allow);
	done(&a);
}

/* A new exchange for POST url with only its headers (and the session
 * cookie, unless session is NULL), for stage one alone; *limit is reset.
 * The caller frees it with http_exchange_free. */
static struct http_exchange *posted_head(const char *url, const char *session, size_t *limit)
{
	char now[24];
	struct http_exchange *x = http_exchange_new(&pipe_, "POST", url, "test", now_iso(now));
	http_request_add(x, HTTP_HEADER, "Host", "127.0.0.1:8080");
	if (session)
		http_request_add(x, HTTP_COOKIE, "__Host-lia_session", session);
	*limit = 0;
	return x;
}

Test(routes, refused_in_stage_one_before_the_body)
{
	/* An anonymous upload is refused with the headers alone; the body limit
	 * of a route follows its ROUTE_UPLOAD flag. */
	size_t limit = 0;
	struct http_exchange *x = posted_head("/funds/import", NULL, &limit);
	cr_assert_eq(http_stage_head(x, &limit), HTTP_ANSWERED);
	cr_assert_eq(http_exchange_response(x)->status, 401);
	http_exchange_free(x);

	x = posted_head("/funds/import", session_of(&roles[3]), &limit);
	cr_assert_eq(http_stage_head(x, &limit), HTTP_READ_BODY);
	cr_assert_eq(limit, LIMIT_UPLOAD_BYTES);
	http_exchange_free(x);

	x = posted_head("/funds/allocations", session_of(&roles[3]), &limit);
	cr_assert_eq(http_stage_head(x, &limit), HTTP_READ_BODY);
	cr_assert_eq(limit, LIMIT_BODY_BYTES);
	http_body_refuse(x, 413);
	http_stage_body(x);
	cr_assert_eq(http_exchange_response(x)->status, 413);
	http_exchange_free(x);
}

/* Who is asking is decided when the headers are in; a session that ends
 * while the body is still arriving (sign-out elsewhere, a new password, a
 * disabled account) must not write: stage two asks again. */
Test(routes, a_session_ended_while_the_body_arrives_writes_nothing)
{
	char *session = sign_in(roles[3].email); /* a session of its own: ending it harms no other test */
	struct answer page = run(&(struct call){.method = "GET", .url = "/events/new", .session = session});
	cr_assert_eq(page.status, 200);
	char *csrf = form_csrf(page.body);
	done(&page);
	cr_assert_not_null(csrf);
	json_t *form = json_pack("{s:s, s:s, s:s}", "csrf", csrf, "name", "Na het afmelden", "starts_on", "2026-05-01");

	char now[24];
	struct http_exchange *x = http_exchange_new(&pipe_, "POST", "/events", "test", now_iso(now));
	http_request_add(x, HTTP_HEADER, "Host", "127.0.0.1:8080");
	http_request_add(x, HTTP_COOKIE, "__Host-lia_session", session);
	http_request_client(x, "127.0.0.1", false);
	size_t limit = 0;
	cr_assert_eq(http_stage_head(x, &limit), HTTP_READ_BODY);
	/* Meanwhile the member signs out in another tab. */
	struct answer out = run(&(struct call){.method = "POST", .url = "/sign-out", .session = session,
	                                       .body = json_pack("{s:s}", "csrf", csrf)});
	cr_assert_eq(out.status, 303, "%u %.200s", out.status, out.body);
	done(&out);
	http_body_set(x, form);
	http_stage_body(x);
	cr_assert_eq(http_exchange_response(x)->status, 401);
	http_exchange_free(x);

	struct store *s = store_pool_acquire(pipe_.pool);
	json_t *rows = NULL;
	cr_assert_eq(store_events(s, &(struct viewer){.lang = "nl", .drafts = true}, &rows), 0);
	const char *dump = json_dumps(rows, JSON_COMPACT);
	cr_assert(!strstr(dump, "Na het afmelden"), "the event was stored after the session ended");
	free((char *)dump);
	json_decref(rows);
	store_pool_release(pipe_.pool, s);
	free(csrf);
	free(session);
}

/* An address that is not UTF-8 (the server decodes %FF into the byte 0xFF)
 * gets a problem answer that quotes it as %FF; it never stops the server
 * (a problem document that could not be written used to abort). */
Test(routes, an_address_that_is_not_utf8_gets_a_problem_answer)
{
	static const char *const urls[] = {"/api/v1/\xff", "/api/v1/actions/\xff", "/actions/\xc3("};
	for (size_t i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		struct answer a = run(&(struct call){.method = "GET", .url = urls[i], .accept = "application/json"});
		cr_assert(a.status == 404 || a.status == 400, "%s: %u", urls[i], a.status);
		json_error_t e;
		json_t *p = json_loadb(a.body, a.len, 0, &e);
		cr_assert_not_null(p, "%s: the problem does not parse: %s: %.200s", urls[i], e.text, a.body);
		const char *instance = json_string_value(json_object_get(p, "instance"));
		cr_assert(instance && (strstr(instance, "%FF") || strstr(instance, "%C3")), "%s: instance %s", urls[i], instance);
		json_decref(p);
		done(&a);
		struct answer h = run(&(struct call){.method = "GET", .url = urls[i] + 7, .accept = "text/html"});
		cr_assert(h.status == 404 || h.status == 400, "%s as HTML: %u", urls[i] + 7, h.status);
		cr_assert(strstr(h.body, "<h1"), "%s as HTML: no heading", urls[i] + 7);
		done(&h);
	}
}

/* Query arguments are decoded by the server from %XX to any byte; one that
 * is not UTF-8 reaches the page as %XX text, as the address does: the page
 * answers it (or quotes it in its message), never 500 because its JSON or
 * HTML could not carry the bytes (found by fuzz_query: /search?q=%AD). */
Test(routes, a_query_argument_that_is_not_utf8_is_answered_not_a_500)
{
	static const struct {
		const char *url, *query;
	} calls[] = {
		{"/search", "q=werk\xad\xa9"}, {"/actions", "theme=\xff"}, {"/actions", "status=\xc3("},
		{"/funds", "year=20\xff"},     {"/sign-in", "next=/\xff"},
	};
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		for (int json = 0; json < 2; json++) {
			struct answer a = run(&(struct call){.method = "GET", .url = calls[i].url, .query = calls[i].query,
			                                     .accept = json ? "application/json" : "text/html"});
			cr_assert(a.status >= 200 && a.status < 500, "%s?%s (%s): %u", calls[i].url, calls[i].query,
			          json ? "JSON" : "HTML", a.status);
			if (json && a.status != 303) {
				json_error_t e;
				json_t *v = json_loadb(a.body, a.len, 0, &e);
				cr_assert_not_null(v, "%s: the answer does not parse: %s", calls[i].url, e.text);
				json_decref(v);
			}
			done(&a);
		}
	}
}
