/*
 * password: "forgot your password" and choosing a password through a
 * one-time link (an invitation or a reset). The forgot page answers the same
 * words whether or not the address has an account, after the same steps
 * (the throttle, a lookup, a token made and a message written either way);
 * only the store write differs, and the message is sent later by the mail
 * worker, never in the request. Requests are throttled per address typed
 * and per client address. A link is a random token kept only as its
 * digest, expires, works once, and ends every session of the account.
 */
#include "pages/pages.h"

#include "core/clock.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/password.h"
#include "core/secret.h"
#include "mail/mail.h"
#include "pages/form.h"
#include "store/mail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RESET_VALID_MIN 60           /* a reset link works this long */
#define RESET_WINDOW_S (60 * 60)     /* the throttle's window */
#define RESET_PER_EMAIL 3            /* requests per address typed in the window */
#define RESET_PER_CLIENT 20          /* requests per client address in the window */

static const struct field forgot_fields[] = {
	{"email", N_("E-mail address"), N_("The address you sign in with."), FIELD_EMAIL, true, 254, "username", false},
};
static const struct form_spec forgot_form = FORM_SPEC(forgot_fields);

static const struct field password_fields[] = {
	{"password", N_("New password"), N_("At least 10 characters. A few words in a row are easy to remember and hard to guess."), FIELD_PASSWORD, true, 1000, "new-password", false},
	{"password_confirm", N_("New password again"), N_("Type the same password again, to prevent typing mistakes."), FIELD_PASSWORD, true, 1000, "new-password", false},
};
static const struct form_spec password_form = FORM_SPEC(password_fields);


static json_t *forgot_data(struct req *r, json_t *values, json_t *errors, bool sent)
{
	return json_pack("{s:o, s:b}", "form", form_view(r, &forgot_form, values, errors, NULL), "sent", sent);
}

int page_forgot_form(struct req *r, struct resp *out)
{
	out->template = "forgot_password";
	out->title = TR(r->lang, N_("Forgot your password"));
	out->data = forgot_data(r, NULL, NULL, false);
	return 0;
}

int page_forgot_post(struct req *r, struct resp *out)
{
	const char *title = TR(r->lang, N_("Forgot your password"));
	json_t *values = req_own(r, form_read(r, &forgot_form));
	json_t *errors = req_own(r, json_object());
	if (form_check(r, &forgot_form, values, NULL, errors) > 0)
		return form_fail(r, out, "forgot_password", title, forgot_data(r, values, errors, false), errors);
	const char *email = form_val(values, "email");

	char since[24];
	clock_iso_offset(-RESET_WINDOW_S, since, sizeof(since));
	long long by_email = 0, by_client = 0;
	if (store_reset_count(r->store, email, r->client_ip, since, &by_email, &by_client) != 0)
		return LIA_EDB;
	if (by_email >= RESET_PER_EMAIL || by_client >= RESET_PER_CLIENT) {
		out->detail = arena_printf(r->arena,
			TR(r->lang, N_("A new password was asked for too often. For your safety, wait %d minutes and try again, or ask the coordinator.")),
			RESET_WINDOW_S / 60);
		return LIA_ETOOMANY;
	}
	if (store_reset_record(r->store, email, r->client_ip, r->now) != 0)
		return LIA_EDB;

	/* The same steps for every address: look it up, make a token and write
	 * the message; only an enabled account gets them stored. */
	json_t *u = NULL;
	if (store_user_by_email(r->store, email, &u) == 0)
		req_own(r, u);
	bool real = u && json_is_null(json_object_get(u, "disabled_at"));
	char token[SECRET_TOKEN_LEN + 1], digest[SECRET_DIGEST_LEN + 1], expires[24];
	secret_token(token);
	secret_digest(token, digest);
	clock_iso_offset(RESET_VALID_MIN * 60, expires, sizeof(expires));
	const char *lang = real ? json_string_value(json_object_get(u, "lang")) : r->lang;
	if (!lang)
		lang = r->lang;
	/* The message holds a placeholder; the worker makes the token that the
	 * mail carries when it sends it (mail/outbox.c). */
	char *link = mail_link_url();
	struct mail_text t;
	mail_compose_reset(lang, link, RESET_VALID_MIN, &t);
	free(link);
	int rc = 0;
	if (real) {
		long long uid = (long long)json_integer_value(json_object_get(u, "id"));
		struct store_mail m = {.to_email = json_string_value(json_object_get(u, "email")),
		                       .to_name = json_string_value(json_object_get(u, "display_name")), .lang = lang,
		                       .kind = "password_reset", .reason = "forgot password", .user_id = uid,
		                       .person_id = (long long)json_integer_value(json_object_get(u, "person_id")),
		                       .subject = t.subject, .body_text = t.text, .body_html = t.html};
		rc = store_reset_issue(r->store, uid, digest, expires, &m, r->now, r->id);
	}
	mail_text_free(&t);
	if (rc != 0)
		return rc;
	out->template = "forgot_password";
	out->title = title;
	out->data = forgot_data(r, NULL, NULL, true);
	json_object_set_new(out->data, "minutes", json_integer(RESET_VALID_MIN));
	return 0;
}

/* The token of the address or the form: only the characters a token has. */
static const char *token_of(struct req *r)
{
	const char *t = req_field(r, "token");
	if (!t)
		t = req_query(r, "token");
	if (!t || strlen(t) != SECRET_TOKEN_LEN)
		return NULL;
	for (const char *p = t; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_'))
			return NULL;
	return t;
}

/* The link of this request, still usable: 0 with *link, or an error with
 * the page's words in out->detail. */
static int usable_link(struct req *r, struct resp *out, json_t **link)
{
	const char *token = token_of(r);
	char digest[SECRET_DIGEST_LEN + 1];
	int rc = LIA_ENOTFOUND;
	if (token) {
		secret_digest(token, digest);
		rc = store_link_find(r->store, digest, r->now, link);
	}
	if (rc == 0)
		req_own(r, *link);
	if (rc == LIA_ENOTFOUND)
		out->detail = TR(r->lang, N_("This link does not work (any more). A link works once and only for a short time. Ask for a new one on the page 'Forgot your password', or ask the coordinator."));
	return rc;
}

static json_t *password_data(struct req *r, json_t *link, json_t *errors)
{
	return json_pack("{s:o, s:s, s:O, s:b}", "form", form_view(r, &password_form, NULL, errors, NULL), "token",
	                 token_of(r), "email", json_object_get(link, "email"), "is_invitation",
	                 strcmp(json_string_value(json_object_get(link, "purpose")), "invitation") == 0);
}

int page_password_form(struct req *r, struct resp *out)
{
	json_t *link = NULL;
	int rc = usable_link(r, out, &link);
	if (rc != 0)
		return rc;
	out->template = "choose_password";
	out->title = TR(r->lang, N_("Choose your password"));
	out->data = password_data(r, link, NULL);
	return 0;
}

int page_password_save(struct req *r, struct resp *out)
{
	json_t *link = NULL;
	int rc = usable_link(r, out, &link);
	if (rc != 0)
		return rc;
	const char *title = TR(r->lang, N_("Choose your password"));
	json_t *values = req_own(r, form_read(r, &password_form));
	json_t *errors = req_own(r, json_object());
	form_check(r, &password_form, values, NULL, errors);
	const char *pw = form_val(values, "password"), *again = form_val(values, "password_confirm");
	if (!json_object_get(errors, "password")) {
		/* The same rules as everywhere a password is set (core/password.c). */
		const char *context[] = {json_string_value(json_object_get(link, "email")), NULL};
		const char *why = password_check(pw, context, r->lang);
		if (why)
			form_error(errors, "password", why);
	}
	if (!json_object_get(errors, "password_confirm") && strcmp(pw, again) != 0)
		form_error(errors, "password_confirm", TR(r->lang, N_("The two passwords are not the same. Type the password twice the same way.")));
	if (json_object_size(errors))
		return form_fail(r, out, "choose_password", title, password_data(r, link, errors), errors);
	char hash[SECRET_HASH_MAX], digest[SECRET_DIGEST_LEN + 1];
	if (secret_password_hash(pw, hash) != 0)
		return LIA_EINTERNAL;
	secret_digest(token_of(r), digest);
	long long uid = 0;
	rc = store_link_use(r->store, digest, r->now, r->id, hash, &uid);
	if (rc == LIA_ENOTFOUND)
		out->detail = TR(r->lang, N_("This link does not work (any more). A link works once and only for a short time. Ask for a new one on the page 'Forgot your password', or ask the coordinator."));
	if (rc != 0)
		return rc;
	/* This browser's own session (if any) ended with the others. */
	if (r->user)
		out->end_session = true;
	out->redirect = "/sign-in";
	out->flash = "password_set";
	return 0;
}
