/*
 * routes: the one route table. A path that is not here does not exist
 * (404); a method that is not here for a path is refused (405); the
 * permission column is checked by the server before the handler runs.
 */
#include "http/router.h"
#include "pages/govsite.h"
#include "pages/openapi.h"
#include "pages/pages.h"
#include "pages/resource.h"

#define PAGE (ROUTE_HTML | ROUTE_JSON)
/* A page that writes and records nothing, so a signed-in user's copy may be
 * served again from the cache of ready bytes (ROUTE_PRIVATE_CACHE). */
#define KEPT (PAGE | ROUTE_PRIVATE_CACHE)

const struct route routes[] = {
	{"GET", "/", page_dashboard, PERM_PUBLIC, KEPT, NULL, "dashboard.json"},
	{"GET", "/themes", page_themes, PERM_PUBLIC, KEPT, NULL, "themes.json"},
	{"GET", "/themes/{id}", page_theme, PERM_PUBLIC, KEPT, NULL, "theme.json"},
	RESOURCE_FORM_ROUTES_S("/themes", PERM_COORDINATOR, PAGE, &res_theme, "theme_form.json", "theme_saved.json"),
	{"GET", "/actions", page_actions, PERM_PUBLIC, KEPT, NULL, "actions.json"},
	{"GET", "/actions/{id}", page_action, PERM_PUBLIC, KEPT, NULL, "action.json"},
	{"GET", "/crpd", page_crpd, PERM_PUBLIC, PAGE, NULL, "crpd.json"},
	{"GET", "/national", page_national, PERM_PUBLIC, PAGE, NULL, "national.json"},
	{"GET", "/crpd/{number}", page_crpd_article, PERM_PUBLIC, PAGE, NULL, "crpd_article.json"},
	{"GET", "/organisation", page_organisation, PERM_PUBLIC, PAGE, NULL, "organisation.json"},
	{"GET", "/events", page_events, PERM_PUBLIC, PAGE, NULL, "events.json"},
	{"GET", "/interviews", page_interviews, PERM_PUBLIC, PAGE, NULL, "interviews.json"},
	{"GET", "/periods", page_periods, PERM_PUBLIC, KEPT, NULL, "periods.json"},
	{"GET", "/periods/{id}", page_period, PERM_PUBLIC, PAGE, NULL, "period.json"},
	{"GET", "/periods/{id}/report", page_report, PERM_PUBLIC, PAGE, NULL, "report.json"},
	{"GET", "/periods/{id}/quality", page_report_quality, PERM_READER, PAGE, NULL, "quality.json"},
	{"GET", "/reports/{id}/{file}", page_report_file, PERM_PUBLIC, PAGE, NULL, "report_file.json"},
	/* finding and following (pages: actions_find.c, search.c, feeds.c) */
	{"GET", "/actions/export.csv", page_actions_export, PERM_PUBLIC, ROUTE_HTML, NULL, NULL},
	{"GET", "/search", page_search, PERM_PUBLIC, PAGE | ROUTE_OWN_TX, NULL, "search.json"},
	{"GET", "/feeds/updates", page_feed_updates, PERM_PUBLIC, ROUTE_HTML, NULL, NULL},
	{"GET", "/feeds/reports", page_feed_reports, PERM_PUBLIC, ROUTE_HTML, NULL, NULL},
	{"GET", "/themes/{id}/feed", page_feed_theme, PERM_PUBLIC, ROUTE_HTML, NULL, NULL},
	{"GET", "/actions/{id}/feed", page_feed_action, PERM_PUBLIC, ROUTE_HTML, NULL, NULL},
	/* the reporting cycle (pages: my_work.c; the checklist is the publish form, edit_periods.c) */
	{"GET", "/my-work", page_my_work, PERM_READER, KEPT, NULL, "my_work.json"},
	{"GET", "/letter", page_letter_form, PERM_COORDINATOR, PAGE, NULL, "letter_form.json"},
	{"POST", "/letter", page_letter_save, PERM_COORDINATOR, PAGE, NULL, "location.json"},
	{"GET", "/static/{name}", page_static, PERM_PUBLIC, ROUTE_RAW, NULL, NULL},
	/* the deployment: its municipalities (pages: hosting.c) */
	{"GET", "/municipalities", page_municipalities, PERM_PUBLIC, PAGE, NULL, "national.json"},
	{"GET", "/hosting", page_hosting, PERM_READER, PAGE, NULL, "hosting.json"},
	{"POST", "/hosting", page_hosting_add, PERM_READER, PAGE, NULL, "location.json"},
	/* what a Dutch government site must show (pages: govsite.c, accessibility.c, privacy.c) */
	{"GET", "/accessibility", page_accessibility, PERM_PUBLIC, PAGE, NULL, "accessibility.json"},
	{"GET", "/privacy", page_privacy, PERM_PUBLIC, PAGE, NULL, "privacy.json"},
	{"GET", "/.well-known/security.txt", page_security_txt, PERM_PUBLIC, ROUTE_RAW, NULL, NULL},
	{"GET", "/openapi.json", page_openapi, PERM_PUBLIC, ROUTE_JSON, NULL, "openapi.json"},
	{"GET", "/sign-in", page_sign_in, PERM_PUBLIC, PAGE, NULL, "sign_in_form.json"},
	{"POST", "/sign-in", page_sign_in_post, PERM_PUBLIC, PAGE, NULL, "signed_in.json"},
	{"POST", "/sign-out", page_sign_out, PERM_READER, PAGE, NULL, "location.json"},
	/* the second factor (pages: second_factor.c, account.c) */
	{"GET", "/sign-in/code", page_sign_in_code, PERM_PUBLIC, PAGE, NULL, "sign_in_code.json"},
	{"POST", "/sign-in/code", page_sign_in_code_post, PERM_PUBLIC, PAGE, NULL, "signed_in.json"},
	{"GET", "/sign-in/enrol", page_sign_in_enrol, PERM_PUBLIC, PAGE | ROUTE_OWN_TX, NULL, "second_factor_enrol.json"},
	{"POST", "/sign-in/enrol", page_sign_in_enrol_post, PERM_PUBLIC, PAGE, NULL, "second_factor_codes.json"},
	{"GET", "/account/two-factor", page_account_second_factor, PERM_READER, PAGE | ROUTE_OWN_TX, NULL, "second_factor_enrol.json"},
	{"POST", "/account/two-factor", page_account_second_factor_post, PERM_READER, PAGE, NULL, "second_factor_codes.json"},
	{"POST", "/account/two-factor/recovery-codes", page_account_recovery_codes, PERM_READER, PAGE, NULL, "second_factor_codes.json"},
	{"POST", "/users/{id}/two-factor/reset", page_user_second_factor_reset, PERM_COORDINATOR, PAGE, NULL, "location.json"},
	/* the session and one's own account (pages: session_pages.c, account.c) */
	{"POST", "/session/extend", page_session_extend, PERM_READER, PAGE, NULL, "location.json"},
	{"GET", "/session/resume", page_session_resume, PERM_READER, PAGE | ROUTE_OWN_TX, NULL, "session_resume.json"},
	{"GET", "/account", page_account, PERM_READER, PAGE, NULL, "account.json"},
	{"POST", "/account/password", page_account_password, PERM_READER, PAGE, NULL, "location.json"},
	{"POST", "/account/language", page_account_lang, PERM_READER, PAGE, NULL, "location.json"},
	{"POST", "/account/sessions/{id}/end", page_account_session_end, PERM_READER, PAGE, NULL, "location.json"},
	{"POST", "/account/sign-out-everywhere", page_account_sign_out_everywhere, PERM_READER, PAGE, NULL, "location.json"},
	{"POST", "/account/tokens", page_account_token_create, PERM_READER, PAGE, NULL, "token_created.json"},
	{"POST", "/account/tokens/{id}/revoke", page_account_token_revoke, PERM_READER, PAGE, NULL, "token.json"},
	/* mail (pages: password.c, mail.c) */
	{"GET", "/forgot-password", page_forgot_form, PERM_PUBLIC, PAGE, NULL, "forgot_form.json"},
	{"POST", "/forgot-password", page_forgot_post, PERM_PUBLIC, PAGE, NULL, "forgot_form.json"},
	{"GET", "/password", page_password_form, PERM_PUBLIC, PAGE, NULL, "password_form.json"},
	{"POST", "/password", page_password_save, PERM_PUBLIC, PAGE, NULL, "location.json"},
	{"GET", "/invitations/new", page_invite_form, PERM_COORDINATOR, PAGE, NULL, "invite_form.json"},
	{"POST", "/invitations", page_invite, PERM_COORDINATOR, PAGE, NULL, "location.json"},
	{"GET", "/mail", page_mail, PERM_COORDINATOR, PAGE, NULL, "mail.json"},
	{"POST", "/mail/settings", page_mail_settings, PERM_COORDINATOR, PAGE, NULL, "location.json"},
	{"POST", "/mail/{id}/retry", page_mail_retry, PERM_COORDINATOR, PAGE, NULL, "location.json"},
	/* actions (pages: edit_actions.c, edit_updates.c) */
	RESOURCE_ROUTES_S("/actions", PERM_MEMBER, PAGE, &res_action, "action_form.json", "action.json"),
	/* action points in bulk (pages: actions_find.c for the export, import_actions.c) */
	{"GET", "/actions/import", page_action_import_form, PERM_COORDINATOR, PAGE, NULL, "action_import_form.json"},
	{"POST", "/actions/import", page_action_import_upload, PERM_COORDINATOR, PAGE | ROUTE_UPLOAD, NULL, "fund_import_created.json"},
	{"GET", "/actions/import/{id}", page_action_import_preview, PERM_COORDINATOR, PAGE, NULL, "action_import_preview.json"},
	{"POST", "/actions/import/{id}", page_action_import_apply, PERM_COORDINATOR, PAGE, NULL, "action_import_applied.json"},
	{"GET", "/actions/{id}/withdraw", page_action_withdraw_form, PERM_MEMBER, PAGE, NULL, "withdraw_form.json"},
	{"POST", "/actions/{id}/withdraw", page_action_withdraw, PERM_MEMBER, PAGE, NULL, "action.json"},
	{"GET", "/actions/{id}/updates/new", page_update_new, PERM_DOSSIER, PAGE, NULL, "update_form.json"},
	{"POST", "/actions/{id}/updates", page_update_create, PERM_DOSSIER, PAGE, NULL, "update.json"},
	{"GET", "/updates/{id}/assessment", page_assessment_form, PERM_DOSSIER, PAGE, NULL, "assessment_form.json"},
	{"POST", "/updates/{id}/assessment", page_assessment_save, PERM_DOSSIER, PAGE, NULL, "update.json"},
	/* corrections of one's own text, and the versions (pages: edit_corrections.c) */
	{"GET", "/updates/{id}/correct", page_correction_form, PERM_DOSSIER, PAGE, NULL, "correction_form.json"},
	{"POST", "/updates/{id}/correct", page_correction_save, PERM_DOSSIER, PAGE, NULL, "update.json"},
	{"GET", "/updates/{id}/assessment/correct", page_assessment_correction_form, PERM_DOSSIER, PAGE, NULL, "correction_form.json"},
	{"POST", "/updates/{id}/assessment/correct", page_assessment_correction_save, PERM_DOSSIER, PAGE, NULL, "update.json"},
	{"GET", "/updates/{id}/history", page_update_history, PERM_READER, PAGE, NULL, "update_history.json"},
	/* people (pages: edit_interviews.c, edit_people.c, edit_events.c) */
	/* In two halves: the public page sits between the form's routes. */
	RESOURCE_NEW_ROUTES_S("/interviews", PERM_MEMBER, PAGE, &res_interview, "interview_form.json", "interview_saved.json"),
	{"GET", "/interviews/{id}", page_interview, PERM_PUBLIC, PAGE, NULL, "interview.json"},
	RESOURCE_EDIT_ROUTES_S("/interviews", PERM_MEMBER, PAGE, &res_interview, "interview_form.json", "interview_saved.json"),
	{"GET", "/people", page_people, PERM_MEMBER, PAGE, NULL, "people.json"},
	RESOURCE_ROUTES_S("/people", PERM_MEMBER, PAGE, &res_person, "person_form.json", "person.json"),
	RESOURCE_ROUTES_S("/organisations", PERM_MEMBER, PAGE, &res_organisation, "organisation_form.json", "organisation_saved.json"),
	RESOURCE_ROUTES_S("/events", PERM_MEMBER, PAGE, &res_event, "event_form.json", "event_saved.json"),
	/* admin (pages: edit_periods.c, admin_users.c, admin_audit.c) */
	RESOURCE_NEW_ROUTES_S("/periods", PERM_COORDINATOR, PAGE, &res_period, "period_form.json", "period_saved.json"),
	{"GET", "/periods/{id}/edit", resource_edit, PERM_COORDINATOR, PAGE, &res_period_due, "period_due_form.json"},
	{"POST", "/periods/{id}/edit", resource_update, PERM_COORDINATOR, PAGE, &res_period_due, "period_due_saved.json"},
	{"GET", "/periods/{id}/publish", page_period_publish_form, PERM_COORDINATOR, PAGE, NULL, "publish_form.json"},
	{"POST", "/periods/{id}/publish", page_period_publish, PERM_COORDINATOR, PAGE, NULL, "period_saved.json"},
	{"GET", "/periods/{id}/narratives/new", page_narrative_new, PERM_MEMBER, PAGE, NULL, "narrative_form.json"},
	{"POST", "/periods/{id}/narratives", page_narrative_create, PERM_MEMBER, PAGE, NULL, "narrative_saved.json"},
	RESOURCE_EDIT_ROUTES_S("/narratives", PERM_MEMBER, PAGE, &res_narrative, "narrative_form.json", "narrative_saved.json"),
	{"GET", "/users", page_users, PERM_COORDINATOR, PAGE, NULL, "users.json"},
	/* A new and a changed account are two resources: their forms differ. */
	RESOURCE_NEW_ROUTES_S("/users", PERM_COORDINATOR, PAGE, &res_user_new, "user_form.json", "user.json"),
	RESOURCE_EDIT_ROUTES_S("/users", PERM_COORDINATOR, PAGE, &res_user, "user_form.json", "user.json"),
	{"POST", "/tokens/{id}/revoke", page_token_revoke, PERM_COORDINATOR, PAGE, NULL, "token.json"},
	{"GET", "/audit", page_audit, PERM_COORDINATOR, PAGE, NULL, "audit.json"},
	/* privacy (pages: interview_grants.c, person_privacy.c, retention.c) */
	{"POST", "/interviews/{id}/grants", page_interview_grant, PERM_COORDINATOR, PAGE, NULL, "location.json"},
	{"POST", "/interviews/{id}/grants/{user}/revoke", page_interview_revoke, PERM_COORDINATOR, PAGE, NULL, "location.json"},
	{"GET", "/people/{id}/privacy", page_person_privacy, PERM_COORDINATOR, PAGE, NULL, "person_privacy.json"},
	{"POST", "/people/{id}/named", page_person_named, PERM_COORDINATOR, PAGE, NULL, "location.json"},
	{"POST", "/people/{id}/erase", page_person_erase, PERM_COORDINATOR, PAGE, NULL, "location.json"},
	{"GET", "/retention", page_retention, PERM_COORDINATOR, PAGE, NULL, "retention.json"},
	{"POST", "/retention", page_retention_save, PERM_COORDINATOR, PAGE, NULL, "location.json"},
	/* money (pages: funds.c, funds_export.c, edit_funds.c, import_funds.c) */
	{"GET", "/funds", page_funds, PERM_PUBLIC, PAGE, NULL, "funds.json"},
	{"GET", "/funds/expenses", page_fund_expenses, PERM_PUBLIC, PAGE, NULL, "fund_expenses.json"},
	{"GET", "/funds/allocations/{id}", page_fund_allocation, PERM_PUBLIC, PAGE, NULL, "fund_allocation.json"},
	{"GET", "/funds/export/{file}", page_fund_export, PERM_PUBLIC, PAGE, NULL, "fund_export.json"},
	RESOURCE_ROUTES_S("/funds/sources", PERM_COORDINATOR, PAGE, &res_source, "fund_source_form.json", "fund_source.json"),
	RESOURCE_ROUTES_S("/funds/allocations", PERM_MEMBER, PAGE, &res_allocation, "fund_allocation_form.json", "fund_allocation_saved.json"),
	RESOURCE_ROUTES_S("/funds/expenses", PERM_MEMBER, PAGE, &res_expense, "fund_expense_form.json", "fund_expense_saved.json"),
	{"GET", "/funds/warnings/{kind}/{id}", page_warning_explain_form, PERM_MEMBER, PAGE, NULL, "warning_form.json"},
	{"POST", "/funds/warnings/{kind}/{id}", page_warning_explain, PERM_MEMBER, PAGE, NULL, "warning_explained.json"},
	{"GET", "/funds/import", page_import_form, PERM_MEMBER, PAGE, NULL, "fund_import_form.json"},
	{"POST", "/funds/import", page_import_upload, PERM_MEMBER, PAGE | ROUTE_UPLOAD, NULL, "fund_import_created.json"},
	{"GET", "/funds/import/{id}", page_import_preview, PERM_MEMBER, PAGE, NULL, "fund_import_preview.json"},
	{"POST", "/funds/import/{id}", page_import_apply, PERM_MEMBER, PAGE, NULL, "fund_import_applied.json"},
};

const unsigned routes_count = sizeof(routes) / sizeof(routes[0]);
