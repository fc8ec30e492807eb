/*
 * Unit tests: route matching against lia's real route table.
 */
#include "http/router.h"

#include <criterion/criterion.h>
#include <string.h>

/* What the last match() found: the route, its captures, and the methods
 * allowed when the method was wrong. Each test runs in its own process. */
static struct arena *a;
static const struct route *r;
static const char *params[REQ_MAX_PARAMS], *allow;
static unsigned n;

static void setup(void) { a = arena_new(); }
static void teardown(void) { arena_free(a); }

TestSuite(router, .init = setup, .fini = teardown);

static enum router_result match(const char *method, const char *path)
{
	return router_match(a, method, path, &r, params, &n, &allow);
}

/* method path finds the route with pattern and n captures. */
static void expect_found(const char *method, const char *path, const char *pattern, unsigned captures)
{
	cr_assert_eq(match(method, path), ROUTER_FOUND, "%s %s", method, path);
	cr_assert_str_eq(r->pattern, pattern, "%s %s", method, path);
	cr_assert_eq(n, captures, "%s %s", method, path);
}

Test(router, literal_paths)
{
	expect_found("GET", "/", "/", 0);
	expect_found("GET", "/themes", "/themes", 0);
}

Test(router, captures_one_segment)
{
	expect_found("GET", "/actions/12", "/actions/{id}", 1);
	cr_assert_str_eq(params[0], "12");
	/* A capture never spans a slash, and is never empty. */
	cr_assert_eq(match("GET", "/actions/12/x"), ROUTER_NOT_FOUND);
	cr_assert_eq(match("GET", "/actions/"), ROUTER_NOT_FOUND);
}

Test(router, deny_by_default)
{
	cr_assert_eq(match("GET", "/admin"), ROUTER_NOT_FOUND);
	cr_assert_eq(match("GET", "/themes/"), ROUTER_NOT_FOUND);
	cr_assert_eq(match("GET", ""), ROUTER_NOT_FOUND);
	cr_assert_eq(match("GET", "/Themes"), ROUTER_NOT_FOUND);
}

Test(router, wrong_method_lists_allowed)
{
	cr_assert_eq(match("POST", "/themes"), ROUTER_BAD_METHOD);
	cr_assert_str_eq(allow, "GET, HEAD");
	cr_assert_eq(match("DELETE", "/actions/3"), ROUTER_BAD_METHOD);
}

Test(router, head_is_served_by_get)
{
	cr_assert_eq(match("HEAD", "/crpd/5"), ROUTER_FOUND);
	cr_assert_str_eq(r->method, "GET");
}

Test(router, every_route_has_a_handler_and_a_permission)
{
	for (unsigned i = 0; i < routes_count; i++) {
		cr_assert_not_null(routes[i].handler, "route %s has no handler", routes[i].pattern);
		cr_assert(routes[i].pattern[0] == '/', "route %s must start with /", routes[i].pattern);
		/* Anything that changes data needs a signed-in user; the
		 * exceptions are signing in itself (password, then the second factor's
		 * code or its set-up, both bound to the pending sign-in) and getting back in without a
		 * password: asking for a link and using it (pages/password.c). */
		if (strcmp(routes[i].method, "GET") != 0 && strcmp(routes[i].pattern, "/sign-in") != 0 &&
		    strcmp(routes[i].pattern, "/sign-in/code") != 0 && strcmp(routes[i].pattern, "/sign-in/enrol") != 0 &&
		    strcmp(routes[i].pattern, "/forgot-password") != 0 && strcmp(routes[i].pattern, "/password") != 0)
			cr_assert_neq(routes[i].perm, PERM_PUBLIC, "unsafe route %s is public", routes[i].pattern);
	}
}

Test(router, literal_beats_capture)
{
	expect_found("GET", "/actions/new", "/actions/new", 0);
	expect_found("GET", "/actions/7/edit", "/actions/{id}/edit", 1);
	cr_assert_str_eq(params[0], "7");
}

/* The large body limit (LIMIT_UPLOAD_BYTES) is chosen by this flag before the
 * body is read: it belongs only on signed-in POST routes, and the import of
 * expenses has it. */
Test(router, upload_flag_only_on_signed_in_posts)
{
	unsigned uploads = 0;
	for (unsigned i = 0; i < routes_count; i++) {
		if (!(routes[i].flags & ROUTE_UPLOAD))
			continue;
		uploads++;
		cr_assert_str_eq(routes[i].method, "POST", "%s %s takes uploads", routes[i].method, routes[i].pattern);
		cr_assert_gt(routes[i].perm, PERM_PUBLIC, "public route %s takes uploads", routes[i].pattern);
	}
	cr_assert_eq(match("POST", "/funds/import"), ROUTER_FOUND);
	cr_assert(r->flags & ROUTE_UPLOAD);
	cr_assert_eq(match("POST", "/funds/allocations"), ROUTER_FOUND);
	cr_assert(!(r->flags & ROUTE_UPLOAD));
	cr_assert_geq(uploads, 1);
}
