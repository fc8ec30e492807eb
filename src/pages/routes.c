/*
 * routes: the one route table. A path that is not here does not exist
 * (404); a method that is not here for a path is refused (405); the
 * permission column is checked by the server before the handler runs.
 */
#include "http/router.h"
#include "pages/pages.h"

#define PAGE (ROUTE_HTML | ROUTE_JSON)

const struct route routes[] = {
	{"GET", "/", page_dashboard, PERM_PUBLIC, PAGE},
	{"GET", "/themes", page_themes, PERM_PUBLIC, PAGE},
	{"GET", "/themes/{id}", page_theme, PERM_PUBLIC, PAGE},
	{"GET", "/actions", page_actions, PERM_PUBLIC, PAGE},
	{"GET", "/actions/{id}", page_action, PERM_PUBLIC, PAGE},
	{"GET", "/crpd", page_crpd, PERM_PUBLIC, PAGE},
	{"GET", "/crpd/{number}", page_crpd_article, PERM_PUBLIC, PAGE},
	{"GET", "/organisation", page_organisation, PERM_PUBLIC, PAGE},
	{"GET", "/events", page_events, PERM_PUBLIC, PAGE},
	{"GET", "/interviews", page_interviews, PERM_PUBLIC, PAGE},
	{"GET", "/periods", page_periods, PERM_PUBLIC, PAGE},
	{"GET", "/periods/{id}", page_period, PERM_PUBLIC, PAGE},
	{"GET", "/static/{name}", page_static, PERM_PUBLIC, ROUTE_RAW},
	{"GET", "/sign-in", page_sign_in, PERM_PUBLIC, PAGE},
	{"POST", "/sign-in", page_sign_in_post, PERM_PUBLIC, PAGE},
	{"POST", "/sign-out", page_sign_out, PERM_READER, PAGE},
};

const unsigned routes_count = sizeof(routes) / sizeof(routes[0]);
