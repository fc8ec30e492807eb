/*
 * pages: one handler per page (or family of small pages). A handler reads
 * through the store, fills struct resp with the resource and its template,
 * and returns 0 or a negative error code. The same handler serves HTML and
 * JSON; the route table (routes.c) says who may call it.
 */
#ifndef LIA_PAGES_PAGES_H
#define LIA_PAGES_PAGES_H

#include "http/request.h"
#include "http/router.h"

#include <string.h>

/* Password throttling, one rule for signing in (auth.c) and for the
 * password checks on the account page (account.c): within
 * THROTTLE_WINDOW_S, at most this many failures (sign_in_attempt). */
#define THROTTLE_WINDOW_S (15 * 60)
#define THROTTLE_PER_ACCOUNT 5
#define THROTTLE_PER_ADDRESS 20

/* True if the signed-in user's role reaches level p (see http/router.h). */
static inline bool page_role_at_least(const struct req *r, enum perm p)
{
	return r->user && router_role_level(r->user->role) >= (int)p;
}

/* What this request may see: signed-in users see drafts (open periods). */
static inline struct viewer page_viewer(const struct req *r)
{
	return (struct viewer){.lang = r->lang, .drafts = r->user != NULL, .now = r->now};
}

/* Who acts in this request, for the audit log (signed-in routes only). */
static inline struct actor page_actor(const struct req *r)
{
	return (struct actor){.user_id = r->user->id, .request_id = r->id, .now = r->now};
}

/* A store read of one record as a viewer may see it (store_theme ...). */
typedef int (*page_read_fn)(struct store *s, const struct viewer *v, long long id, json_t **out);

/* The record the address's first capture names, read with get as this
 * request may see it: 0 with *id and *row set (*row is a new reference the
 * caller owns), or an error with out->detail set: `what` (a msgid) names the
 * record for a wrong number, not_found (a msgid) says there is none and
 * where to look instead (lists.c). */
int page_record(struct req *r, struct resp *out, page_read_fn get, const char *what, const char *not_found,
                long long *id, json_t **row);

/* Returns rc, a store read of the record the address names; when it is
 * LIA_ENOTFOUND, out->detail becomes the msgid not_found translated. For
 * reads that page_record does not fit (another signature). */
int page_found(struct req *r, struct resp *out, int rc, const char *not_found);

/* The resources the generic handlers serve (pages/resource.h), each defined
 * in its page file and named in the route table. */
struct resource;
extern const struct resource res_event;
extern const struct resource res_person;
extern const struct resource res_organisation;
extern const struct resource res_interview;
extern const struct resource res_theme;
extern const struct resource res_action;
extern const struct resource res_user_new; /* a new account: e-mail and first password */
extern const struct resource res_user;     /* a changed account */
extern const struct resource res_period;   /* a new reporting period */
extern const struct resource res_period_due; /* the due dates of an open period */
extern const struct resource res_narrative;/* a changed highlight or outlook */

int page_dashboard(struct req *r, struct resp *out);
int page_themes(struct req *r, struct resp *out);
int page_theme(struct req *r, struct resp *out);
int page_actions(struct req *r, struct resp *out);
int page_action(struct req *r, struct resp *out);
int page_crpd(struct req *r, struct resp *out);
int page_national(struct req *r, struct resp *out);
int page_crpd_article(struct req *r, struct resp *out);
int page_organisation(struct req *r, struct resp *out);
int page_events(struct req *r, struct resp *out);
int page_interviews(struct req *r, struct resp *out);
int page_periods(struct req *r, struct resp *out);
int page_period(struct req *r, struct resp *out);
int page_static(struct req *r, struct resp *out);
int page_sign_in(struct req *r, struct resp *out);
int page_sign_in_post(struct req *r, struct resp *out);
int page_session_extend(struct req *r, struct resp *out);
int page_session_resume(struct req *r, struct resp *out);
int page_account(struct req *r, struct resp *out);
int page_account_password(struct req *r, struct resp *out);
int page_account_lang(struct req *r, struct resp *out);
int page_account_session_end(struct req *r, struct resp *out);
int page_account_sign_out_everywhere(struct req *r, struct resp *out);
int page_account_token_create(struct req *r, struct resp *out);
int page_account_token_revoke(struct req *r, struct resp *out);
int page_sign_out(struct req *r, struct resp *out);
/* Start a session for account uid after every step of signing in (auth.c):
 * the session cookie, a redirect to next (or to a kept form), audited. */
int page_sign_in_finish(struct req *r, struct resp *out, long long uid, const char *next);

/* The second factor (second_factor.c). Roles that must use one: */
static inline bool second_factor_required(const char *role)
{
	return role && (strcmp(role, "coordinator") == 0 || strcmp(role, "project_member") == 0);
}
/* After a right password for uid: 1 if a session may start now; 0 with out
 * set to go on to the code (or to setting one up) with a pending sign-in
 * (an API client sends the code with the password: then 1 or an error). */
int second_factor_after_password(struct req *r, struct resp *out, long long uid, const char *role, const char *next);
/* Check a code or a recovery code for uid: 0 (used up now), LIA_EINVAL
 * (wrong, replayed or too old: counted and on record), or an error. */
int second_factor_check(struct req *r, long long uid, const char *code);
/* Ten new recovery codes for uid (stored as digests; with enrol, the key
 * being set up becomes the account's with step as its last): *codes, the
 * codes as text (shown once). */
int second_factor_new_codes(struct req *r, long long uid, bool enrol, long long step, json_t **codes);
/* Answer with the page that shows new recovery codes once. */
int page_account_recovery_codes_shown(struct req *r, struct resp *out, json_t *codes);
int page_sign_in_code(struct req *r, struct resp *out);
int page_sign_in_code_post(struct req *r, struct resp *out);
int page_sign_in_enrol(struct req *r, struct resp *out);
int page_sign_in_enrol_post(struct req *r, struct resp *out);
int page_account_second_factor(struct req *r, struct resp *out);
int page_account_second_factor_post(struct req *r, struct resp *out);
int page_account_recovery_codes(struct req *r, struct resp *out);
int page_user_second_factor_reset(struct req *r, struct resp *out);

/* actions */
int page_action_withdraw_form(struct req *r, struct resp *out);
int page_action_withdraw(struct req *r, struct resp *out);
int page_update_new(struct req *r, struct resp *out);
int page_update_create(struct req *r, struct resp *out);
int page_assessment_form(struct req *r, struct resp *out);
int page_assessment_save(struct req *r, struct resp *out);
/* Add what the signed-in user may do to an action point resource (from
 * store_action): can_edit, can_write_update, and can_assess per update. */
void page_action_flags(const struct req *r, json_t *action);
/* action points in bulk (import_actions.c) */
int page_action_import_form(struct req *r, struct resp *out);
int page_action_import_upload(struct req *r, struct resp *out);
int page_action_import_preview(struct req *r, struct resp *out);
int page_action_import_apply(struct req *r, struct resp *out);
/* corrections (edit_corrections.c) */
int page_correction_form(struct req *r, struct resp *out);
int page_correction_save(struct req *r, struct resp *out);
int page_assessment_correction_form(struct req *r, struct resp *out);
int page_assessment_correction_save(struct req *r, struct resp *out);
int page_update_history(struct req *r, struct resp *out);
/* Add to update u (a row of store_action's updates) what the signed-in
 * user may do with it: can_correct, can_correct_assessment, can_see_history. */
void page_update_correct_flags(const struct req *r, json_t *u);

/* people */
int page_interview(struct req *r, struct resp *out);
int page_people(struct req *r, struct resp *out);

/* mail: "forgot your password" and choosing one through a link
 * (password.c); the outbox, the relay and invitations (mail.c) */
int page_forgot_form(struct req *r, struct resp *out);
int page_forgot_post(struct req *r, struct resp *out);
int page_password_form(struct req *r, struct resp *out);
int page_password_save(struct req *r, struct resp *out);
int page_invite_form(struct req *r, struct resp *out);
int page_invite(struct req *r, struct resp *out);
int page_mail(struct req *r, struct resp *out);
int page_mail_settings(struct req *r, struct resp *out);
int page_mail_retry(struct req *r, struct resp *out);

/* admin */
int page_period_publish_form(struct req *r, struct resp *out);
int page_period_publish(struct req *r, struct resp *out);
int page_narrative_new(struct req *r, struct resp *out);
int page_narrative_create(struct req *r, struct resp *out);
int page_users(struct req *r, struct resp *out);
int page_token_revoke(struct req *r, struct resp *out);
int page_audit(struct req *r, struct resp *out);
int page_person_privacy(struct req *r, struct resp *out);
int page_interview_grant(struct req *r, struct resp *out);
int page_interview_revoke(struct req *r, struct resp *out);
/* For the coordinator, the grants of interview id's notes and who could get
 * them, added to the page's extra (interview_grants.c). 0 or LIA_EDB. */
int interview_grants_extra(struct req *r, long long id, json_t *extra);
int page_person_named(struct req *r, struct resp *out);
int page_person_erase(struct req *r, struct resp *out);
int page_retention(struct req *r, struct resp *out);
/* The deployment's municipalities, and the hosting page (hosting.c). */
int page_municipalities(struct req *r, struct resp *out);
int page_hosting(struct req *r, struct resp *out);
int page_hosting_add(struct req *r, struct resp *out);
int page_retention_save(struct req *r, struct resp *out);

/* reports: the progress report in the site and its files (reports.c), the
 * cover letter's template (edit_letter.c), the readability of the texts
 * (quality.c) */
int page_report(struct req *r, struct resp *out);
int page_report_file(struct req *r, struct resp *out);
int page_report_quality(struct req *r, struct resp *out);
int page_letter_form(struct req *r, struct resp *out);
int page_letter_save(struct req *r, struct resp *out);

/* money: the money page, allocations, expenses, exports (funds.c,
 * funds_export.c), their forms (edit_funds.c: resources served by the
 * generic handlers) and the import of expenses from the financial system
 * (import_funds.c) */
extern const struct resource res_source;
extern const struct resource res_allocation;
extern const struct resource res_expense;
int page_funds(struct req *r, struct resp *out);
int page_fund_allocation(struct req *r, struct resp *out);

/* the reporting cycle (my_work.c): what a signed-in person still has to do
 * in the open period, on the home page and at /my-work. page_my_work_data
 * sets *out (owned by the request) to {period (the open period with its due
 * dates, or null), holder, expert, progress (each only for whom it is)}.
 * page_cycle_lines adds to a store_cycle_missing result its "lines": the
 * progress in sentences [{text, is_done, href}], and interviews_held. */
int page_my_work(struct req *r, struct resp *out);
int page_my_work_data(struct req *r, json_t **out);
void page_cycle_lines(struct req *r, json_t *missing);

/* finding and following: full-text search (search.c), Atom feeds of
 * published updates and reports (feeds.c); the filtered action point list
 * is page_actions (actions_find.c) */
int page_actions_export(struct req *r, struct resp *out);
int page_search(struct req *r, struct resp *out);
int page_feed_updates(struct req *r, struct resp *out);
int page_feed_theme(struct req *r, struct resp *out);
int page_feed_action(struct req *r, struct resp *out);
int page_feed_reports(struct req *r, struct resp *out);
int page_fund_expenses(struct req *r, struct resp *out);
int page_fund_export(struct req *r, struct resp *out);
int page_warning_explain_form(struct req *r, struct resp *out);
int page_warning_explain(struct req *r, struct resp *out);
int page_import_form(struct req *r, struct resp *out);
int page_import_upload(struct req *r, struct resp *out);
int page_import_preview(struct req *r, struct resp *out);
int page_import_apply(struct req *r, struct resp *out);

/* Add to each warning (from store_fund_warnings) its sentence ("message"),
 * a link to what it is about ("href") and to its explanation form. */
void page_fund_warning_texts(struct req *r, json_t *warnings);

/* The warnings nobody has explained yet, with their sentences (for the
 * overview page). */
int page_fund_warnings_open(struct req *r, json_t **out);

/* An ETag for bytes that depend on nothing but themselves (static files,
 * the OpenAPI document): a hash of the content, in the request's arena. */
const char *page_etag(struct req *r, const char *data, size_t len);

#endif
