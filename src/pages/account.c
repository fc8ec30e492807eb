/*
 * account: a signed-in user's own account (/account). They change their own
 * password (the current one is asked first, ASVS V2.1.5/V2.1.6), see where
 * they are signed in (device, address, started, last used) and sign out
 * one session or every session (V3.3.4), and make and revoke their own API
 * tokens. A token is made only by its owner, after typing the password
 * again (V3.7.1), ends after at most a year (V3.5), and may only read unless
 * the owner ticks that it may change things (V13.1.3; checked for every
 * unsafe call in http/dispatch.c). They choose the language of the e-mail
 * lia sends them (first set by the invitation). The coordinator can revoke, not make,
 * someone else's token (pages/admin_users.c). Every change is audited.
 */
#include "pages/pages.h"

#include "core/clock.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/jsonget.h"
#include "core/log.h"
#include "core/password.h"
#include "core/secret.h"
#include "pages/form.h"

#include <stdlib.h>
#include <string.h>

#define TOKEN_DAYS_DEFAULT "90"

static const struct field pw_f[] = {
	{"current_password", N_("Your current password"), N_("To be sure it is you."), FIELD_PASSWORD, true, 1000, "current-password", false},
	{"password", N_("New password"), N_("At least 12 characters, not easy to guess. A few words with spaces in between are easy to remember."), FIELD_PASSWORD, true, 1000, "new-password", false},
	{"password_confirm", N_("New password again"), N_("Type the same new password again."), FIELD_PASSWORD, true, 1000, "new-password", false},
};
static const struct field tok_f[] = {
	{"name", N_("Name of the token"), N_("So you know later what the token is for, for example: export for the council information system."), FIELD_TEXT, true, 100, "off", false},
	{"days", N_("Valid for"), N_("After this the token stops working. Make a new one then."), FIELD_RADIOS, true, 0, NULL, false},
	{"can_write", N_("This token may also change things"), N_("Leave this off if the program only reads. A token that only reads does less harm if someone else gets it."), FIELD_CHECKBOX, false, 0, NULL, false},
	/* Not "password": the password form on the same page has that field (and its id). */
	{"token_password", N_("Your password"), N_("To be sure it is you who makes the token."), FIELD_PASSWORD, true, 1000, "current-password", false},
};
static const struct field codes_f[] = {
	/* Not "password": the other forms on the page have their own. */
	{"codes_password", N_("Your password"), N_("To be sure it is you who makes new recovery codes."), FIELD_PASSWORD, true, 1000, "current-password", false},
};
static const struct field lang_f[] = {
	{"lang", N_("Language of your e-mails"), N_("Invitations, reminders and other messages from lia to you are written in this language."), FIELD_RADIOS, true, 0, NULL, false},
};
static const struct form_spec pw_form = FORM_SPEC(pw_f), tok_form = FORM_SPEC(tok_f), codes_form = FORM_SPEC(codes_f),
	lang_form = FORM_SPEC(lang_f);

static json_t *lang_options(struct req *r)
{
	return req_own(r, json_pack("{s:[{s:s, s:s}, {s:s, s:s}]}", "lang", "value", "nl", "label", TR(r->lang, N_("Dutch")),
	                            "value", "en", "label", TR(r->lang, N_("English"))));
}

static const struct {
	const char *days, *label;
} token_days[] = {
	{"30", N_("30 days")}, {"90", N_("90 days")}, {"180", N_("half a year")}, {"365", N_("one year (the most)")},
};

static json_t *tok_options(struct req *r)
{
	json_t *days = json_array();
	for (size_t i = 0; i < sizeof(token_days) / sizeof(token_days[0]); i++)
		json_array_append_new(days, json_pack("{s:s, s:s}", "value", token_days[i].days, "label",
		                                      TR(r->lang, token_days[i].label)));
	return json_pack("{s:o}", "days", days);
}

/* A time as users read it: "2 december 2026, 14:35" in Dutch time. */
static const char *when_text(struct req *r, const char *iso)
{
	time_t t = clock_parse_iso(iso);
	if (t < 0)
		return "";
	char hm[8], day[16], text[48];
	clock_local(t, hm, day);
	if (!i18n_date(r->lang, day, text, sizeof(text)))
		return "";
	return arena_printf(r->arena, "%s, %s", text, hm);
}

/* The account page's data; the forms with the values and errors given
 * (passwords are never sent back). */
static int account_data(struct req *r, json_t *pw_values, json_t *pw_errors, json_t *tok_values, json_t *tok_errors,
                        json_t *lang_errors, json_t **out)
{
	json_t *user = NULL, *sessions = NULL, *tokens = NULL;
	char idle[24];
	clock_iso_offset(-SESSION_IDLE_S, idle, sizeof(idle));
	int rc = store_user(r->store, r->user->id, &user);
	if (rc == 0)
		rc = store_sessions(r->store, r->user->id, r->now, idle, &sessions);
	if (rc == 0)
		rc = store_tokens(r->store, r->user->id, &tokens);
	if (rc != 0) {
		json_decref(user);
		json_decref(sessions);
		return rc;
	}
	size_t i;
	json_t *x;
	json_array_foreach(sessions, i, x) {
		json_object_set_new(x, "is_current", json_boolean(json_integer_value(json_object_get(x, "id")) == r->user->session_id));
		json_object_set_new(x, "started", json_string(when_text(r, jstr(x, "created_at"))));
		json_object_set_new(x, "last_used", json_string(when_text(r, jstr(x, "last_seen_at"))));
	}
	json_array_foreach(tokens, i, x) {
		json_object_del(x, "user_email");
		json_object_set_new(x, "is_revoked", json_boolean(!json_is_null(json_object_get(x, "revoked_at"))));
	}
	if (pw_values) {
		json_object_set_new(pw_values, "current_password", json_string(""));
		json_object_set_new(pw_values, "password", json_string(""));
		json_object_set_new(pw_values, "password_confirm", json_string(""));
	}
	if (tok_values)
		json_object_set_new(tok_values, "token_password", json_string(""));
	json_t *st = NULL;
	long long left = 0;
	rc = store_totp_state(r->store, r->user->id, &st);
	if (rc == 0)
		rc = store_totp_recovery_left(r->store, r->user->id, &left);
	if (rc != 0) {
		json_decref(st);
		json_decref(user);
		json_decref(sessions);
		json_decref(tokens);
		return rc;
	}
	json_t *codesv = form_view(r, &codes_form, NULL, NULL, NULL);
	json_t *second = json_pack("{s:b, s:b, s:I, s:o}", "on", json_is_string(json_object_get(st, "totp_secret")),
	                           "required", second_factor_required(r->user->role), "recovery_left", (json_int_t)left,
	                           "form", codesv);
	json_decref(st);
	json_t *tv = tok_values ? json_incref(tok_values) : json_pack("{s:s}", "days", TOKEN_DAYS_DEFAULT);
	json_t *opts = tok_options(r);
	json_t *pwv = form_view(r, &pw_form, pw_values, pw_errors, NULL);
	json_t *tokv = form_view(r, &tok_form, tv, tok_errors, opts);
	json_t *langv = form_view(r, &lang_form, req_own(r, json_pack("{s:s}", "lang", jstr(user, "lang"))), lang_errors,
	                          lang_options(r));
	*out = json_pack("{s:{s:O, s:O, s:O, s:O}, s:o, s:b, s:o, s:{s:o}, s:{s:o}, s:{s:o}, s:o}",
	                 "account", "id", json_object_get(user, "id"), "email", json_object_get(user, "email"),
	                 "display_name", json_object_get(user, "display_name"), "role", json_object_get(user, "role"),
	                 "sessions", sessions, "has_tokens", json_array_size(tokens) > 0, "tokens", tokens,
	                 "pw", "form", pwv, "tok", "form", tokv, "mail_lang", "form", langv, "second_factor", second);
	/* The error summary names the form that has errors. */
	if (pw_errors && json_object_size(pw_errors))
		json_object_set(*out, "form", pwv);
	else if (tok_errors && json_object_size(tok_errors))
		json_object_set(*out, "form", tokv);
	else if (lang_errors && json_object_size(lang_errors))
		json_object_set(*out, "form", langv);
	json_decref(tv);
	json_decref(opts);
	json_decref(user);
	return 0;
}

int page_account(struct req *r, struct resp *out)
{
	out->template = "account";
	out->title = TR(r->lang, N_("My account"));
	return account_data(r, NULL, NULL, NULL, NULL, NULL, &out->data);
}

/* True if password is the signed-in user's current password. A wrong one
 * counts as a failed sign-in of the account (sign_in_attempt), so the
 * sign-in throttle (pages/auth.c) covers these checks too; *rc is set when
 * it cannot be counted. */
static bool password_ok(struct req *r, const char *password, int *rc)
{
	json_t *u = NULL;
	if (store_user_by_email(r->store, r->user->email, &u) != 0)
		return false;
	const char *hash = jstr(u, "password_hash");
	bool ok = *hash && secret_password_check(hash, password);
	json_decref(u);
	if (!ok && store_sign_in_record(r->store, r->user->email, r->client_ip, false, r->now) != 0)
		*rc = LIA_EDB;
	return ok;
}

/* The same rule as signing in (pages/auth.c): after THROTTLE_PER_ACCOUNT
 * wrong passwords for the account within THROTTLE_WINDOW_S, no more tries.
 * At the limit the session ends (whoever is trying must sign in again, and
 * signing in is locked too), the lock-out is on record, and the page says
 * so. Returns 0 if the password may be checked. */
static int throttled(struct req *r, struct resp *out)
{
	char since[24];
	clock_iso_offset(-THROTTLE_WINDOW_S, since, sizeof(since));
	long long by_email = 0, by_addr = 0;
	if (store_sign_in_failures(r->store, r->user->email, r->client_ip, since, &by_email, &by_addr) != 0)
		return LIA_EDB;
	if (by_email < THROTTLE_PER_ACCOUNT)
		return 0;
	if (r->user->session && store_session_end(r->store, r->user->session, r->now) != 0)
		return LIA_EDB;
	out->end_session = true;
	log_warn("%s: account page password check refused for %s: too many failures for this account; session ended",
	         r->id, r->user->email);
	req_access(r, "lock_out", "user_account", r->user->id, r->user->person_id, false);
	out->detail = arena_printf(r->arena,
		TR(r->lang, N_("Your password was typed wrong too many times. For your safety you are signed out. Wait %d minutes and sign in again, or ask the coordinator to set a new password.")),
		THROTTLE_WINDOW_S / 60);
	return LIA_ETOOMANY;
}

static int account_fail(struct req *r, struct resp *out, json_t *pw_v, json_t *pw_e, json_t *tok_v, json_t *tok_e)
{
	json_t *data = NULL;
	int rc = account_data(r, pw_v, pw_e, tok_v, tok_e, NULL, &data);
	if (rc != 0)
		return rc;
	return form_fail(r, out, "account", TR(r->lang, N_("My account")), data, pw_e ? pw_e : tok_e);
}

/* Changes to one's own account need a browser session, not an API token:
 * a token (even one that may write) never changes a password, ends
 * sessions or makes another token (ASVS V3.7.1: signed in by the person). */
static int session_only(struct req *r, struct resp *out)
{
	if (!r->user->via_token)
		return 0;
	out->detail = TR(r->lang, N_("An API token cannot change your account. Sign in on the website and do it on your account page."));
	return LIA_EFORBIDDEN;
}

int page_account_password(struct req *r, struct resp *out)
{
	int denied = session_only(r, out);
	if (denied)
		return denied;
	json_t *values = req_own(r, form_read(r, &pw_form));
	json_t *errors = req_own(r, json_object());
	form_check(r, &pw_form, values, NULL, errors);
	const char *current = jstr(values, "current_password"), *pw = jstr(values, "password");
	int rc = throttled(r, out);
	if (rc != 0)
		return rc;
	if (!json_object_get(errors, "current_password") && !password_ok(r, current, &rc))
		form_error(errors, "current_password", TR(r->lang, N_("This is not your current password. Type the password you sign in with now.")));
	if (rc != 0)
		return rc;
	if (!json_object_get(errors, "password")) {
		const char *context[] = {r->user->email, r->user->name, NULL};
		const char *why = password_check(pw, context, r->lang);
		if (why)
			form_error(errors, "password", why);
	}
	if (!json_object_get(errors, "password_confirm") && strcmp(pw, jstr(values, "password_confirm")) != 0)
		form_error(errors, "password_confirm", TR(r->lang, N_("The two passwords are not the same. Type the new password twice the same way.")));
	if (json_object_size(errors))
		return account_fail(r, out, values, errors, NULL, NULL);
	char hash[SECRET_HASH_MAX];
	if (secret_password_hash(pw, hash) != 0)
		return LIA_EINTERNAL;
	struct actor a = page_actor(r);
	/* A new password ends every session, this one too (ASVS V3.3.3), and
	 * revokes every API token of the account (someone who knew the old
	 * password may have made one): sign in with it, and make new tokens. */
	rc = store_user_set_password(r->store, &a, r->user->id, hash);
	if (rc != 0)
		return rc;
	out->end_session = true;
	out->redirect = "/sign-in";
	out->flash = "password_changed";
	return 0;
}

/* The language of one's own e-mail (user_account.lang, first set by the
 * invitation). */
int page_account_lang(struct req *r, struct resp *out)
{
	int denied = session_only(r, out);
	if (denied)
		return denied;
	json_t *values = req_own(r, form_read(r, &lang_form));
	json_t *errors = req_own(r, json_object());
	if (form_check(r, &lang_form, values, lang_options(r), errors) > 0) {
		json_t *data = NULL;
		int rc = account_data(r, NULL, NULL, NULL, NULL, errors, &data);
		if (rc != 0)
			return rc;
		return form_fail(r, out, "account", TR(r->lang, N_("My account")), data, errors);
	}
	struct actor a = page_actor(r);
	int rc = store_user_set_lang(r->store, &a, r->user->id, form_val(values, "lang"));
	if (rc != 0)
		return rc;
	out->redirect = "/account";
	out->flash = "mail_lang_saved";
	return 0;
}

int page_account_session_end(struct req *r, struct resp *out)
{
	int denied = session_only(r, out);
	if (denied)
		return denied;
	long long id;
	int rc = req_param_id(r, 0, TR(r->lang, N_("session")), out, &id);
	if (rc != 0)
		return rc;
	struct actor a = page_actor(r);
	rc = store_session_end_own(r->store, &a, r->user->id, id);
	if (rc == LIA_ENOTFOUND)
		out->detail = TR(r->lang, N_("You have no open session with this number. See the list on your account page."));
	if (rc != 0)
		return rc;
	if (id == r->user->session_id) {
		out->end_session = true;
		out->redirect = "/";
		out->flash = "signed_out";
	} else {
		out->redirect = "/account#sessions";
		out->flash = "session_ended";
	}
	return 0;
}

int page_account_sign_out_everywhere(struct req *r, struct resp *out)
{
	int denied = session_only(r, out);
	if (denied)
		return denied;
	struct actor a = page_actor(r);
	int rc = store_sessions_end_all(r->store, &a, r->user->id, 0);
	if (rc != 0)
		return rc;
	out->end_session = true;
	out->redirect = "/";
	out->flash = "signed_out_everywhere";
	return 0;
}

int page_account_token_create(struct req *r, struct resp *out)
{
	int denied = session_only(r, out);
	if (denied)
		return denied;
	json_t *opts = req_own(r, tok_options(r));
	json_t *values = req_own(r, form_read(r, &tok_form));
	json_t *errors = req_own(r, json_object());
	form_check(r, &tok_form, values, opts, errors);
	int rc = throttled(r, out);
	if (rc != 0)
		return rc;
	if (!json_object_get(errors, "token_password") && !password_ok(r, jstr(values, "token_password"), &rc))
		form_error(errors, "token_password", TR(r->lang, N_("This is not your password. Type the password you sign in with.")));
	if (rc != 0)
		return rc;
	if (json_object_size(errors))
		return account_fail(r, out, NULL, NULL, values, errors);
	long days = strtol(jstr(values, "days"), NULL, 10);
	char expires[24];
	clock_iso(clock_parse_iso(r->now) + days * 86400, expires, sizeof(expires));
	char *token = arena_alloc(r->arena, SECRET_TOKEN_LEN + 1);
	char digest[SECRET_DIGEST_LEN + 1];
	secret_token(token);
	secret_digest(token, digest);
	struct actor a = page_actor(r);
	long long tid = 0;
	rc = store_token_create(r->store, &a, r->user->id, jstr(values, "name"), digest, expires,
	                            form_ticked(values, "can_write"), &tid);
	json_t *t = NULL;
	if (rc == 0)
		rc = store_token(r->store, tid, &t);
	if (rc != 0)
		return rc;
	/* The token is shown here, once: only its digest is kept. */
	json_object_set_new(t, "token", json_string(token));
	out->status = 201;
	if (r->want_json) {
		out->data = t;
		return 0;
	}
	req_own(r, t);
	if ((rc = page_account(r, out)) != 0)
		return rc;
	json_object_set(out->data, "new_token", t);
	out->title = TR(r->lang, N_("New API token"));
	return 0;
}

int page_account_token_revoke(struct req *r, struct resp *out)
{
	int denied = session_only(r, out);
	if (denied)
		return denied;
	long long id;
	json_t *t = NULL;
	int rc = req_param_id(r, 0, TR(r->lang, N_("API token")), out, &id);
	if (rc == 0)
		rc = page_found(r, out, store_token(r->store, id, &t),
		                N_("There is no API token with this number. See your account page."));
	if (rc != 0)
		return rc;
	/* One's own tokens only; the coordinator revokes others' on /users. */
	if (json_integer_value(json_object_get(req_own(r, t), "user_id")) != r->user->id) {
		out->detail = TR(r->lang, N_("There is no API token with this number. See your account page."));
		return LIA_ENOTFOUND;
	}
	struct actor a = page_actor(r);
	if ((rc = store_token_revoke(r->store, &a, id)) != 0 || (rc = store_token(r->store, id, &out->data)) != 0)
		return rc;
	out->redirect = "/account#tokens";
	out->flash = "usr_token_revoked";
	return 0;
}

/* A new set of recovery codes (the old ones stop working), after the
 * password; shown once. */
int page_account_recovery_codes(struct req *r, struct resp *out)
{
	int denied = session_only(r, out);
	if (denied)
		return denied;
	json_t *values = req_own(r, form_read(r, &codes_form));
	json_t *errors = req_own(r, json_object());
	form_check(r, &codes_form, values, NULL, errors);
	int rc = throttled(r, out);
	if (rc != 0)
		return rc;
	if (!json_object_get(errors, "codes_password") && !password_ok(r, jstr(values, "codes_password"), &rc))
		form_error(errors, "codes_password", TR(r->lang, N_("This is not your password. Type the password you sign in with.")));
	if (rc != 0)
		return rc;
	json_t *st = NULL;
	if ((rc = store_totp_state(r->store, r->user->id, &st)) != 0)
		return rc;
	bool on = json_is_string(json_object_get(st, "totp_secret"));
	json_decref(st);
	if (!on)
		form_error(errors, "codes_password", TR(r->lang, N_("You have not set up signing in with a code yet. Set that up first; you get recovery codes with it.")));
	if (json_object_size(errors)) {
		json_t *data = NULL;
		if ((rc = account_data(r, NULL, NULL, NULL, NULL, NULL, &data)) != 0)
			return rc;
		json_t *form = form_view(r, &codes_form, NULL, errors, NULL);
		json_object_set(json_object_get(data, "second_factor"), "form", form);
		json_object_set_new(data, "form", form);
		return form_fail(r, out, "account", TR(r->lang, N_("My account")), data, errors);
	}
	json_t *codes = NULL;
	if ((rc = second_factor_new_codes(r, r->user->id, false, 0, &codes)) != 0)
		return rc;
	return page_account_recovery_codes_shown(r, out, codes);
}
