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
	/* actions (pages: edit_actions.c, edit_updates.c) */
	{"GET", "/actions/new", page_action_new, PERM_MEMBER, PAGE},
	{"POST", "/actions", page_action_create, PERM_MEMBER, PAGE},
	{"GET", "/actions/{id}/edit", page_action_edit, PERM_MEMBER, PAGE},
	{"POST", "/actions/{id}", page_action_update, PERM_MEMBER, PAGE},
	{"GET", "/actions/{id}/withdraw", page_action_withdraw_form, PERM_MEMBER, PAGE},
	{"POST", "/actions/{id}/withdraw", page_action_withdraw, PERM_MEMBER, PAGE},
	{"GET", "/actions/{id}/updates/new", page_update_new, PERM_DOSSIER, PAGE},
	{"POST", "/actions/{id}/updates", page_update_create, PERM_DOSSIER, PAGE},
	{"GET", "/updates/{id}/assessment", page_assessment_form, PERM_DOSSIER, PAGE},
	{"POST", "/updates/{id}/assessment", page_assessment_save, PERM_DOSSIER, PAGE},
	/* people (pages: edit_interviews.c, edit_people.c, edit_events.c) */
	{"GET", "/interviews/new", page_interview_new, PERM_MEMBER, PAGE},
	{"POST", "/interviews", page_interview_create, PERM_MEMBER, PAGE},
	{"GET", "/interviews/{id}", page_interview, PERM_PUBLIC, PAGE},
	{"GET", "/interviews/{id}/edit", page_interview_edit, PERM_MEMBER, PAGE},
	{"POST", "/interviews/{id}", page_interview_update, PERM_MEMBER, PAGE},
	{"GET", "/people", page_people, PERM_MEMBER, PAGE},
	{"GET", "/people/new", page_person_new, PERM_MEMBER, PAGE},
	{"POST", "/people", page_person_create, PERM_MEMBER, PAGE},
	{"GET", "/people/{id}/edit", page_person_edit, PERM_MEMBER, PAGE},
	{"POST", "/people/{id}", page_person_update, PERM_MEMBER, PAGE},
	{"GET", "/organisations/new", page_organisation_new, PERM_MEMBER, PAGE},
	{"POST", "/organisations", page_organisation_create, PERM_MEMBER, PAGE},
	{"GET", "/organisations/{id}/edit", page_organisation_edit, PERM_MEMBER, PAGE},
	{"POST", "/organisations/{id}", page_organisation_update, PERM_MEMBER, PAGE},
	{"GET", "/events/new", page_event_new, PERM_MEMBER, PAGE},
	{"POST", "/events", page_event_create, PERM_MEMBER, PAGE},
	{"GET", "/events/{id}/edit", page_event_edit, PERM_MEMBER, PAGE},
	{"POST", "/events/{id}", page_event_update, PERM_MEMBER, PAGE},
	/* admin (pages: edit_periods.c, admin_users.c, admin_audit.c) */
	{"GET", "/periods/new", page_period_new, PERM_COORDINATOR, PAGE},
	{"POST", "/periods", page_period_create, PERM_COORDINATOR, PAGE},
	{"GET", "/periods/{id}/publish", page_period_publish_form, PERM_COORDINATOR, PAGE},
	{"POST", "/periods/{id}/publish", page_period_publish, PERM_COORDINATOR, PAGE},
	{"GET", "/periods/{id}/narratives/new", page_narrative_new, PERM_MEMBER, PAGE},
	{"POST", "/periods/{id}/narratives", page_narrative_create, PERM_MEMBER, PAGE},
	{"GET", "/narratives/{id}/edit", page_narrative_edit, PERM_MEMBER, PAGE},
	{"POST", "/narratives/{id}", page_narrative_update, PERM_MEMBER, PAGE},
	{"GET", "/users", page_users, PERM_COORDINATOR, PAGE},
	{"GET", "/users/new", page_user_new, PERM_COORDINATOR, PAGE},
	{"POST", "/users", page_user_create, PERM_COORDINATOR, PAGE},
	{"GET", "/users/{id}/edit", page_user_edit, PERM_COORDINATOR, PAGE},
	{"POST", "/users/{id}", page_user_update, PERM_COORDINATOR, PAGE},
	{"POST", "/users/{id}/tokens", page_token_create, PERM_COORDINATOR, PAGE},
	{"POST", "/tokens/{id}/revoke", page_token_revoke, PERM_COORDINATOR, PAGE},
	{"GET", "/audit", page_audit, PERM_COORDINATOR, PAGE},
};

const unsigned routes_count = sizeof(routes) / sizeof(routes[0]);
