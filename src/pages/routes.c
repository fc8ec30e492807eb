/*
 * routes: the one route table. A path that is not here does not exist
 * (404); a method that is not here for a path is refused (405); the
 * permission column is checked by the server before the handler runs.
 */
#include "http/router.h"
#include "pages/funds.h"
#include "pages/pages.h"
#include "pages/reports.h"
#include "pages/resource.h"

#define PAGE (ROUTE_HTML | ROUTE_JSON)

const struct route routes[] = {
	{"GET", "/", page_dashboard, PERM_PUBLIC, PAGE, NULL, NULL},
	{"GET", "/themes", page_themes, PERM_PUBLIC, PAGE, NULL, NULL},
	{"GET", "/themes/{id}", page_theme, PERM_PUBLIC, PAGE, NULL, NULL},
	RESOURCE_FORM_ROUTES("/themes", PERM_COORDINATOR, PAGE, &res_theme),
	{"GET", "/actions", page_actions, PERM_PUBLIC, PAGE, NULL, NULL},
	{"GET", "/actions/{id}", page_action, PERM_PUBLIC, PAGE, NULL, NULL},
	{"GET", "/crpd", page_crpd, PERM_PUBLIC, PAGE, NULL, NULL},
	{"GET", "/crpd/{number}", page_crpd_article, PERM_PUBLIC, PAGE, NULL, NULL},
	{"GET", "/organisation", page_organisation, PERM_PUBLIC, PAGE, NULL, NULL},
	{"GET", "/events", page_events, PERM_PUBLIC, PAGE, NULL, NULL},
	{"GET", "/interviews", page_interviews, PERM_PUBLIC, PAGE, NULL, NULL},
	{"GET", "/periods", page_periods, PERM_PUBLIC, PAGE, NULL, NULL},
	{"GET", "/periods/{id}", page_period, PERM_PUBLIC, PAGE, NULL, NULL},
	{"GET", "/periods/{id}/report", page_report, PERM_PUBLIC, PAGE, NULL, NULL},
	{"GET", "/periods/{id}/quality", page_report_quality, PERM_READER, PAGE, NULL, NULL},
	{"GET", "/reports/{id}/{file}", page_report_file, PERM_PUBLIC, PAGE, NULL, NULL},
	{"GET", "/letter", page_letter_form, PERM_COORDINATOR, PAGE, NULL, NULL},
	{"POST", "/letter", page_letter_save, PERM_COORDINATOR, PAGE, NULL, NULL},
	{"GET", "/static/{name}", page_static, PERM_PUBLIC, ROUTE_RAW, NULL, NULL},
	{"GET", "/sign-in", page_sign_in, PERM_PUBLIC, PAGE, NULL, NULL},
	{"POST", "/sign-in", page_sign_in_post, PERM_PUBLIC, PAGE, NULL, NULL},
	{"POST", "/sign-out", page_sign_out, PERM_READER, PAGE, NULL, NULL},
	/* actions (pages: edit_actions.c, edit_updates.c). The generic rows are
	 * written out, not RESOURCE_ROUTES: the permission matrix
	 * (tests/http/permissions.test.mjs) reads this table's rows as text. */
	{"GET", "/actions/new", resource_new, PERM_MEMBER, PAGE, &res_action, NULL},
	{"POST", "/actions", resource_create, PERM_MEMBER, PAGE, &res_action, NULL},
	{"GET", "/actions/{id}/edit", resource_edit, PERM_MEMBER, PAGE, &res_action, NULL},
	{"POST", "/actions/{id}", resource_update, PERM_MEMBER, PAGE, &res_action, NULL},
	{"GET", "/actions/{id}/withdraw", page_action_withdraw_form, PERM_MEMBER, PAGE, NULL, NULL},
	{"POST", "/actions/{id}/withdraw", page_action_withdraw, PERM_MEMBER, PAGE, NULL, NULL},
	{"GET", "/actions/{id}/updates/new", page_update_new, PERM_DOSSIER, PAGE, NULL, NULL},
	{"POST", "/actions/{id}/updates", page_update_create, PERM_DOSSIER, PAGE, NULL, NULL},
	{"GET", "/updates/{id}/assessment", page_assessment_form, PERM_DOSSIER, PAGE, NULL, NULL},
	{"POST", "/updates/{id}/assessment", page_assessment_save, PERM_DOSSIER, PAGE, NULL, NULL},
	/* people (pages: edit_interviews.c, edit_people.c, edit_events.c) */
	/* Written out: the public page sits between the form's routes. */
	{"GET", "/interviews/new", resource_new, PERM_MEMBER, PAGE, &res_interview, NULL},
	{"POST", "/interviews", resource_create, PERM_MEMBER, PAGE, &res_interview, NULL},
	{"GET", "/interviews/{id}", page_interview, PERM_PUBLIC, PAGE, NULL, NULL},
	{"GET", "/interviews/{id}/edit", resource_edit, PERM_MEMBER, PAGE, &res_interview, NULL},
	{"POST", "/interviews/{id}", resource_update, PERM_MEMBER, PAGE, &res_interview, NULL},
	{"GET", "/people", page_people, PERM_MEMBER, PAGE, NULL, NULL},
	RESOURCE_ROUTES("/people", PERM_MEMBER, PAGE, &res_person),
	RESOURCE_ROUTES("/organisations", PERM_MEMBER, PAGE, &res_organisation),
	RESOURCE_ROUTES("/events", PERM_MEMBER, PAGE, &res_event),
	/* admin (pages: edit_periods.c, admin_users.c, admin_audit.c) */
	{"GET", "/periods/new", resource_new, PERM_COORDINATOR, PAGE, &res_period, NULL},
	{"POST", "/periods", resource_create, PERM_COORDINATOR, PAGE, &res_period, NULL},
	{"GET", "/periods/{id}/publish", page_period_publish_form, PERM_COORDINATOR, PAGE, NULL, NULL},
	{"POST", "/periods/{id}/publish", page_period_publish, PERM_COORDINATOR, PAGE, NULL, NULL},
	{"GET", "/periods/{id}/narratives/new", page_narrative_new, PERM_MEMBER, PAGE, NULL, NULL},
	{"POST", "/periods/{id}/narratives", page_narrative_create, PERM_MEMBER, PAGE, NULL, NULL},
	{"GET", "/narratives/{id}/edit", resource_edit, PERM_MEMBER, PAGE, &res_narrative, NULL},
	{"POST", "/narratives/{id}", resource_update, PERM_MEMBER, PAGE, &res_narrative, NULL},
	{"GET", "/users", page_users, PERM_COORDINATOR, PAGE, NULL, NULL},
	/* A new and a changed account are two resources: their forms differ. */
	{"GET", "/users/new", resource_new, PERM_COORDINATOR, PAGE, &res_user_new, NULL},
	{"POST", "/users", resource_create, PERM_COORDINATOR, PAGE, &res_user_new, NULL},
	{"GET", "/users/{id}/edit", resource_edit, PERM_COORDINATOR, PAGE, &res_user, NULL},
	{"POST", "/users/{id}", resource_update, PERM_COORDINATOR, PAGE, &res_user, NULL},
	{"POST", "/users/{id}/tokens", page_token_create, PERM_COORDINATOR, PAGE, NULL, NULL},
	{"POST", "/tokens/{id}/revoke", page_token_revoke, PERM_COORDINATOR, PAGE, NULL, NULL},
	{"GET", "/audit", page_audit, PERM_COORDINATOR, PAGE, NULL, NULL},
	/* money (pages: funds.c, funds_export.c, edit_funds.c, import_funds.c) */
	{"GET", "/funds", page_funds, PERM_PUBLIC, PAGE, NULL, NULL},
	{"GET", "/funds/expenses", page_fund_expenses, PERM_PUBLIC, PAGE, NULL, NULL},
	{"GET", "/funds/allocations/{id}", page_fund_allocation, PERM_PUBLIC, PAGE, NULL, NULL},
	{"GET", "/funds/export/{file}", page_fund_export, PERM_PUBLIC, PAGE, NULL, NULL},
	RESOURCE_ROUTES("/funds/sources", PERM_COORDINATOR, PAGE, &res_source),
	RESOURCE_ROUTES("/funds/allocations", PERM_MEMBER, PAGE, &res_allocation),
	RESOURCE_ROUTES("/funds/expenses", PERM_MEMBER, PAGE, &res_expense),
	{"GET", "/funds/warnings/{kind}/{id}", page_warning_explain_form, PERM_MEMBER, PAGE, NULL, NULL},
	{"POST", "/funds/warnings/{kind}/{id}", page_warning_explain, PERM_MEMBER, PAGE, NULL, NULL},
	{"GET", "/funds/import", page_import_form, PERM_MEMBER, PAGE, NULL, NULL},
	{"POST", "/funds/import", page_import_upload, PERM_MEMBER, PAGE | ROUTE_UPLOAD, NULL, NULL},
	{"GET", "/funds/import/{id}", page_import_preview, PERM_MEMBER, PAGE, NULL, NULL},
	{"POST", "/funds/import/{id}", page_import_apply, PERM_MEMBER, PAGE, NULL, NULL},
};

const unsigned routes_count = sizeof(routes) / sizeof(routes[0]);
