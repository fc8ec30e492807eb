/*
 * second_factor: signing in with a code from an app as the second step
 * (TOTP, core/totp.c; ASVS V2.8), required for coordinators and project
 * group members and optional for others. After a right password
 * (pages/auth.c) an account with a second factor gets no session but a
 * short-lived pending sign-in, named by its own cookie (not a session: it
 * opens nothing), and answers with a code (or a recovery code) at
 * /sign-in/code. An account whose role needs one and has none sets one up
 * at /sign-in/enrol before it gets any session; others may on
 * /account/two-factor. The key is shown as a QR code and as text (a QR
 * code needs a text alternative: blind users type the key). A code is
 * accepted for the steps now-1..now+1 and only when its step is later than
 * the last accepted one (no replay). Wrong codes count for the sign-in
 * throttle and are on record. A coordinator can remove someone's second
 * factor (a lost phone); so can `lia user totp-reset`.
 */
#include "pages/pages.h"

#include "core/clock.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/secret.h"
#include "core/totp.h"
#include "pages/form.h"

#include <stdlib.h>
#include <string.h>

#define PENDING_S (5 * 60) /* between the password and the code */

static const struct field code_f[] = {
	{"code", N_("Code"), N_("The 6 digits your app shows now. Lost your phone? Type one of your recovery codes instead."),
	 FIELD_TEXT, true, 20, "one-time-code", false},
};
static const struct field enrol_f[] = {
	{"code", N_("Code from the app"), N_("The 6 digits the app shows for lia now."), FIELD_TEXT, true, 20,
	 "one-time-code", false},
};
static const struct form_spec code_form = FORM_SPEC(code_f), enrol_form = FORM_SPEC(enrol_f);

/* ---- the pending sign-in ------------------------------------------------- */

int second_factor_after_password(struct req *r, struct resp *out, long long uid, const char *role, const char *next)
{
	json_t *st = NULL;
	int rc = store_totp_state(r->store, uid, &st);
	if (rc != 0)
		return rc;
	bool has = json_is_string(json_object_get(st, "totp_secret"));
	json_decref(st);
	if (!has && !second_factor_required(role))
		return 1;
	if (r->want_json) {
		/* An API client sends the code with the password. */
		if (!has) {
			out->detail = TR(r->lang, N_("Your account needs a second step to sign in, which is not set up yet. Sign in on the website first and set it up."));
			return LIA_EFORBIDDEN;
		}
		const char *code = req_field(r, "code");
		rc = second_factor_check(r, uid, code ? code : "");
		if (rc == 0)
			return 1;
		if (rc == LIA_EINVAL) {
			out->detail = TR(r->lang, N_("The code is not right or was used already. Send the password with a new code from your app in the field code."));
			return LIA_EINVAL;
		}
		return rc;
	}
	char *token = arena_alloc(r->arena, SECRET_TOKEN_LEN + 1);
	char digest[SECRET_DIGEST_LEN + 1], expires[24];
	secret_token(token);
	secret_digest(token, digest);
	clock_iso(clock_parse_iso(r->now) + PENDING_S, expires, sizeof(expires));
	if (store_pending_create(r->store, uid, digest, next, r->now, expires) != 0)
		return LIA_EDB;
	out->new_pending = token;
	out->redirect = has ? "/sign-in/code" : "/sign-in/enrol";
	return 0;
}

/* The pending sign-in of this browser: 0 with *uid and *next, or
 * LIA_ENOTFOUND (none, or it ran out). */
static int pending(struct req *r, long long *uid, const char **next)
{
	if (!r->pending)
		return LIA_ENOTFOUND;
	char digest[SECRET_DIGEST_LEN + 1];
	secret_digest(r->pending, digest);
	json_t *row = NULL;
	int rc = store_pending_user(r->store, digest, r->now, &row);
	if (rc != 0)
		return rc;
	*uid = (long long)json_integer_value(json_object_get(row, "user_id"));
	*next = arena_strdup(r->arena, json_string_value(json_object_get(row, "next")));
	json_decref(row);
	return 0;
}

static int end_pending(struct req *r, struct resp *out)
{
	char digest[SECRET_DIGEST_LEN + 1];
	secret_digest(r->pending, digest);
	out->end_pending = true;
	return store_pending_end(r->store, digest, r->now) != 0 ? LIA_EDB : 0;
}

/* No pending sign-in: back to the password. */
static int start_again(struct req *r, struct resp *out, int rc)
{
	if (rc != LIA_ENOTFOUND)
		return rc;
	/* A JSON client posting a code without a password first: a problem;
	 * reading the page: {"location": "/sign-in"}, as every redirect. */
	if (r->want_json && strcmp(r->method, "POST") == 0) {
		out->detail = TR(r->lang, N_("There is no sign-in waiting for a code, or it took longer than 5 minutes. Sign in again with your e-mail address and password."));
		return LIA_ENOTFOUND;
	}
	out->end_pending = r->pending != NULL;
	out->redirect = "/sign-in";
	/* Only when one was waiting: a page with nothing to say sets no cookie. */
	out->flash = r->pending ? "sign_in_again" : NULL;
	return 0;
}

/* The sign-in throttle (pages/auth.c) for this account's address: 0 if a
 * code may be tried; at the limit the pending sign-in ends. */
static int throttled(struct req *r, struct resp *out, const char *email)
{
	char since[24];
	clock_iso_offset(-THROTTLE_WINDOW_S, since, sizeof(since));
	long long by_email = 0, by_addr = 0;
	if (store_sign_in_failures(r->store, email, r->client_ip, since, &by_email, &by_addr) != 0)
		return LIA_EDB;
	if (by_email < THROTTLE_PER_ACCOUNT && by_addr < THROTTLE_PER_ADDRESS)
		return 0;
	if (r->pending && end_pending(r, out) != 0)
		return LIA_EDB;
	log_warn("%s: sign-in code refused for %s: too many failures", r->id, email);
	req_access(r, "lock_out", NULL, 0, 0, false);
	out->detail = arena_printf(r->arena,
		TR(r->lang, N_("There were too many wrong attempts to sign in. For your safety, wait %d minutes and try again, or ask the coordinator to set a new password.")),
		THROTTLE_WINDOW_S / 60);
	return LIA_ETOOMANY;
}

/* A wrong code: on record, and counted for the throttle. */
static int wrong_code(struct req *r, long long uid, const char *email)
{
	req_access(r, "sign_in", "user_account", uid, 0, false);
	return store_sign_in_record(r->store, email, r->client_ip, false, r->now) != 0 ? LIA_EDB : 0;
}

int second_factor_check(struct req *r, long long uid, const char *code)
{
	json_t *st = NULL;
	int rc = store_totp_state(r->store, uid, &st);
	if (rc != 0)
		return rc;
	req_own(r, st);
	const char *secret = json_string_value(json_object_get(st, "totp_secret"));
	const char *email = json_string_value(json_object_get(st, "email"));
	if (!secret)
		return LIA_EINVAL;
	long long step = totp_check(secret, code, clock_now());
	if (step >= 0) {
		rc = store_totp_use_step(r->store, uid, step);
		if (rc == LIA_ECONFLICT)
			log_warn("%s: a code for %s was used again (step %lld)", r->id, email, step);
		if (rc != LIA_ECONFLICT)
			return rc;
	} else {
		char norm[TOTP_RECOVERY_LEN + 1], digest[SECRET_DIGEST_LEN + 1];
		if (totp_recovery_normalise(code, norm)) {
			secret_digest(norm, digest);
			struct actor a = {.user_id = uid, .request_id = r->id, .now = r->now};
			long long left = 0;
			rc = store_totp_recovery_use(r->store, &a, uid, digest, &left);
			if (rc == 0)
				log_info("%s: %s signed in with a recovery code; %lld left", r->id, email, left);
			if (rc != LIA_ENOTFOUND)
				return rc;
		}
	}
	rc = wrong_code(r, uid, email);
	return rc ? rc : LIA_EINVAL;
}

/* ---- /sign-in/code ------------------------------------------------------- */

static int code_page(struct req *r, struct resp *out, json_t *values, json_t *errors)
{
	out->template = "sign_in_code";
	out->title = TR(r->lang, N_("Type the code from your app"));
	out->data = json_pack("{s:o}", "form", form_view(r, &code_form, values, errors, NULL));
	if (errors && json_object_size(errors)) {
		out->errors = json_incref(errors);
		out->status = 422;
	}
	return 0;
}

int page_sign_in_code(struct req *r, struct resp *out)
{
	long long uid;
	const char *next;
	int rc = pending(r, &uid, &next);
	if (rc != 0)
		return start_again(r, out, rc);
	return code_page(r, out, NULL, NULL);
}

int page_sign_in_code_post(struct req *r, struct resp *out)
{
	long long uid;
	const char *next;
	int rc = pending(r, &uid, &next);
	if (rc != 0)
		return start_again(r, out, rc);
	json_t *st = NULL;
	if ((rc = store_totp_state(r->store, uid, &st)) != 0)
		return rc;
	req_own(r, st);
	if ((rc = throttled(r, out, json_string_value(json_object_get(st, "email")))) != 0)
		return rc;
	json_t *values = req_own(r, form_read(r, &code_form));
	json_t *errors = req_own(r, json_object());
	if (form_check(r, &code_form, values, NULL, errors) > 0)
		return form_fail(r, out, "sign_in_code", TR(r->lang, N_("Type the code from your app")),
		                 json_pack("{s:o}", "form", form_view(r, &code_form, values, errors, NULL)), errors);
	rc = second_factor_check(r, uid, form_val(values, "code"));
	if (rc == LIA_EINVAL) {
		form_error(errors, "code", TR(r->lang, N_("This code is not right, or it was used already. Wait for the next code in your app and type it, or type a recovery code.")));
		json_object_set_new(values, "code", json_string(""));
		return form_fail(r, out, "sign_in_code", TR(r->lang, N_("Type the code from your app")),
		                 json_pack("{s:o}", "form", form_view(r, &code_form, values, errors, NULL)), errors);
	}
	if (rc != 0 || (rc = end_pending(r, out)) != 0)
		return rc;
	return page_sign_in_finish(r, out, uid, next);
}

/* ---- setting up: at sign-in and on /account -------------------------------- */

/* The enrolment page's data for account uid: the key being set up, as a QR
 * code and as text, and the code form. */
static int enrol_data(struct req *r, long long uid, const char *email, const char *action, json_t *values,
                      json_t *errors, json_t **out)
{
	char fresh[TOTP_SECRET_LEN + 1], secret[TOTP_SECRET_LEN + 1], grouped[TOTP_GROUPED_LEN + 1];
	totp_new_secret(fresh);
	int rc = store_totp_enrolment(r->store, uid, fresh, r->now, secret, sizeof(secret));
	if (rc != 0)
		return rc;
	totp_grouped(secret, grouped);
	json_t *prog = NULL;
	struct viewer v = page_viewer(r);
	const char *org = store_programme(r->store, &v, &prog) == 0 ? json_string_value(json_object_get(prog, "organisation")) : NULL;
	char *uri = totp_uri(secret, org, email);
	char *svg = uri ? totp_qr_svg(uri, TR(r->lang, N_("QR code with the key for your app"))) : NULL;
	json_decref(prog);
	free(uri);
	if (!svg)
		return LIA_EINTERNAL;
	*out = json_pack("{s:s, s:s, s:s, s:s, s:o}", "key", grouped, "qr_svg", svg, "account", email, "action", action,
	                 "form", form_view(r, &enrol_form, values, errors, NULL));
	free(svg);
	return 0;
}

int second_factor_new_codes(struct req *r, long long uid, bool enrol, long long step, json_t **codes)
{
	char code[TOTP_RECOVERY_COUNT][TOTP_RECOVERY_LEN + 1], digest[TOTP_RECOVERY_COUNT][SECRET_DIGEST_LEN + 1];
	const char *digests[TOTP_RECOVERY_COUNT];
	json_t *list = json_array();
	for (size_t i = 0; i < TOTP_RECOVERY_COUNT; i++) {
		totp_recovery_code(code[i]);
		secret_digest(code[i], digest[i]);
		digests[i] = digest[i];
		json_array_append_new(list, json_string(code[i]));
	}
	struct actor a = {.user_id = uid, .request_id = r->id, .now = r->now};
	int rc = enrol ? store_totp_enrol(r->store, &a, uid, step, digests, TOTP_RECOVERY_COUNT)
	               : store_totp_recovery_replace(r->store, &a, uid, digests, TOTP_RECOVERY_COUNT);
	memset(code, 0, sizeof(code));
	if (rc != 0) {
		json_decref(list);
		return rc;
	}
	*codes = list;
	return 0;
}

/* The recovery codes, shown once, and where to go on. */
static void codes_page(struct req *r, struct resp *out, json_t *codes, const char *next)
{
	out->template = "second_factor_codes";
	out->title = TR(r->lang, N_("Your recovery codes"));
	out->data = json_pack("{s:o, s:s}", "codes", codes, "next", next);
	out->redirect = NULL;
	out->status = 201;
	out->cache_control = "no-store";
}

static int enrol_fail(struct req *r, struct resp *out, long long uid, const char *email, const char *action,
                      json_t *values, json_t *errors)
{
	json_t *data = NULL;
	json_object_set_new(values, "code", json_string(""));
	int rc = enrol_data(r, uid, email, action, values, errors, &data);
	if (rc != 0)
		return rc;
	out->cache_control = "no-store"; /* it shows the key */
	return form_fail(r, out, "second_factor_enrol", TR(r->lang, N_("Set up signing in with a code")), data, errors);
}

/* A code for the key being set up: the second factor is on, with a new
 * set of recovery codes (*codes). 0, LIA_EINVAL (answered: the form
 * again), or an error. */
static int enrol_confirm(struct req *r, struct resp *out, long long uid, const char *email, const char *action,
                         json_t **codes)
{
	int rc = throttled(r, out, email);
	if (rc != 0)
		return rc;
	json_t *values = req_own(r, form_read(r, &enrol_form));
	json_t *errors = req_own(r, json_object());
	if (form_check(r, &enrol_form, values, NULL, errors) > 0) {
		rc = enrol_fail(r, out, uid, email, action, values, errors);
		return rc ? rc : LIA_EINVAL;
	}
	char fresh[TOTP_SECRET_LEN + 1], secret[TOTP_SECRET_LEN + 1];
	totp_new_secret(fresh);
	if ((rc = store_totp_enrolment(r->store, uid, fresh, r->now, secret, sizeof(secret))) != 0)
		return rc;
	long long step = totp_check(secret, form_val(values, "code"), clock_now());
	if (step < 0) {
		if ((rc = wrong_code(r, uid, email)) != 0)
			return rc;
		form_error(errors, "code", TR(r->lang, N_("This code is not right. Check that the app shows the key of this page, wait for the next code and type it.")));
		rc = enrol_fail(r, out, uid, email, action, values, errors);
		return rc ? rc : LIA_EINVAL;
	}
	return second_factor_new_codes(r, uid, true, step, codes);
}

/* The account of a pending sign-in that must set up a second factor. */
static int enrol_pending(struct req *r, struct resp *out, long long *uid, const char **next, const char **email)
{
	int rc = pending(r, uid, next);
	if (rc != 0)
		return start_again(r, out, rc);
	json_t *st = NULL;
	if ((rc = store_totp_state(r->store, *uid, &st)) != 0)
		return rc;
	req_own(r, st);
	*email = json_string_value(json_object_get(st, "email"));
	if (json_is_string(json_object_get(st, "totp_secret"))) {
		out->redirect = "/sign-in/code"; /* set up already (in another tab) */
		return 1;
	}
	return 0;
}

int page_sign_in_enrol(struct req *r, struct resp *out)
{
	long long uid;
	const char *next, *email;
	int rc = enrol_pending(r, out, &uid, &next, &email);
	if (rc != 0 || out->redirect)
		return rc < 0 ? rc : 0;
	out->template = "second_factor_enrol";
	out->title = TR(r->lang, N_("Set up signing in with a code"));
	out->cache_control = "no-store"; /* it shows the key */
	if ((rc = enrol_data(r, uid, email, "/sign-in/enrol", NULL, NULL, &out->data)) != 0)
		return rc;
	json_object_set_new(out->data, "at_sign_in", json_true());
	return 0;
}

int page_sign_in_enrol_post(struct req *r, struct resp *out)
{
	long long uid;
	const char *next, *email;
	int rc = enrol_pending(r, out, &uid, &next, &email);
	if (rc != 0 || out->redirect)
		return rc < 0 ? rc : 0;
	json_t *codes = NULL;
	rc = enrol_confirm(r, out, uid, email, "/sign-in/enrol", &codes);
	if (rc == LIA_EINVAL) {
		json_object_set_new(out->data, "at_sign_in", json_true());
		return 0;
	}
	if (rc != 0)
		return rc;
	if ((rc = end_pending(r, out)) != 0 || (rc = page_sign_in_finish(r, out, uid, next)) != 0) {
		json_decref(codes);
		return rc;
	}
	json_decref(out->data);
	codes_page(r, out, codes, out->redirect);
	return 0;
}

/* Not with an API token: the second factor is the person's own. */
static int browser_only(struct req *r, struct resp *out)
{
	if (!r->user->via_token)
		return 0;
	out->detail = TR(r->lang, N_("An API token cannot change your account. Sign in on the website and do it on your account page."));
	return LIA_EFORBIDDEN;
}

static bool has_second_factor(struct req *r, int *rc)
{
	json_t *st = NULL;
	*rc = store_totp_state(r->store, r->user->id, &st);
	bool has = *rc == 0 && json_is_string(json_object_get(st, "totp_secret"));
	json_decref(st);
	return has;
}

int page_account_second_factor(struct req *r, struct resp *out)
{
	int rc = browser_only(r, out);
	if (rc != 0)
		return rc;
	if (has_second_factor(r, &rc) || rc != 0) {
		out->redirect = "/account#second-factor";
		return rc;
	}
	out->template = "second_factor_enrol";
	out->title = TR(r->lang, N_("Set up signing in with a code"));
	out->cache_control = "no-store"; /* it shows the key */
	return enrol_data(r, r->user->id, r->user->email, "/account/two-factor", NULL, NULL, &out->data);
}

int page_account_second_factor_post(struct req *r, struct resp *out)
{
	int rc = browser_only(r, out);
	if (rc != 0)
		return rc;
	if (has_second_factor(r, &rc) || rc != 0) {
		if (rc == 0)
			out->detail = TR(r->lang, N_("Signing in with a code is on already. New recovery codes are made on your account page."));
		return rc ? rc : LIA_ECONFLICT;
	}
	json_t *codes = NULL;
	rc = enrol_confirm(r, out, r->user->id, r->user->email, "/account/two-factor", &codes);
	if (rc == LIA_EINVAL)
		return 0;
	if (rc == LIA_ETOOMANY && r->user->session) {
		/* As on the account page: whoever is trying signs in again. */
		if (store_session_end(r->store, r->user->session, r->now) != 0)
			return LIA_EDB;
		out->end_session = true;
	}
	if (rc != 0)
		return rc;
	codes_page(r, out, codes, "/account#second-factor");
	return 0;
}

int page_account_recovery_codes_shown(struct req *r, struct resp *out, json_t *codes)
{
	codes_page(r, out, codes, "/account#second-factor");
	return 0;
}

int page_user_second_factor_reset(struct req *r, struct resp *out)
{
	long long id;
	int rc = req_param_id(r, 0, TR(r->lang, N_("account")), out, &id);
	if (rc != 0)
		return rc;
	/* Not one's own: a coordinator who lost their phone cannot sign in to
	 * do it, and one who can would lock themselves out. */
	if (id == r->user->id) {
		out->detail = TR(r->lang, N_("You cannot remove your own second step. Ask another coordinator, or the system administrator (lia user totp-reset)."));
		return LIA_ECONFLICT;
	}
	struct actor a = page_actor(r);
	rc = store_totp_reset(r->store, &a, id);
	if (rc == LIA_ENOTFOUND)
		out->detail = TR(r->lang, N_("There is no account with this number. See the list of accounts."));
	if (rc != 0)
		return rc;
	log_info("%s: the second factor of account %lld was removed by account %lld", r->id, id, r->user->id);
	out->redirect = arena_printf(r->arena, "/users/%lld/edit#second-factor", id);
	out->flash = "usr_second_factor_reset";
	return 0;
}
