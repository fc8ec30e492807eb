/*
 * auth: signing in and out. Sign-in checks the password against its argon2id
 * hash, throttles failed attempts per account and per address, starts a
 * brand-new session (never reusing one from before sign-in), and records it
 * in the audit log. The answer never says whether an e-mail address exists.
 * A form that arrived after its session ran out comes here too (http/
 * dispatch.c): its fields wait in that session's row, and if the same
 * account signs in they move to the new session until /session/resume
 * shows them again (pages/session_pages.c); anyone else signing in drops
 * them.
 */
#include "pages/pages.h"

#include "core/clock.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/secret.h"
#include "pages/form.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


static const struct field sign_in_fields[] = {
	{"email", N_("E-mail address"), NULL, FIELD_EMAIL, true, 254, "username", false},
	{"password", N_("Password"), NULL, FIELD_PASSWORD, true, 1000, "current-password", false},
};
static const struct form_spec sign_in_form = FORM_SPEC(sign_in_fields);

/* A real hash of a random password, made once, for unknown addresses. */
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[SECRET_HASH_MAX];

static void make_dummy(void)
{
	char pw[SECRET_TOKEN_LEN + 1];
	secret_token(pw);
	if (secret_password_hash(pw, dummy_hash) != 0)
		dummy_hash[0] = '\0';
}

static void iso_offset(char *out, size_t n, long seconds)
{
	clock_iso_offset(seconds, out, n);
}

/* A local path ("/x", never "//host"), or NULL. */
static const char *local_path(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/')
		return NULL;
	/* Browsers drop tabs and newlines from URLs and read "\\" as "/", so
	 * "/<TAB>/evil.example" would leave the site: allow none of them. */
	for (const unsigned char *p = (const unsigned char *)next; *p; p++)
		if (*p < 0x21 || *p == 0x7f || *p == '\\')
			return NULL;
	return next;
}

/* Where to go after signing in: a local path from ?next=, else home. */
static const char *next_path(struct req *r)
{
	const char *next = req_field(r, "next");
	if (!next)
		next = req_query(r, "next");
	if (!next || next[0] != '/' || next[1] == '/')
		return "/";
	/* Browsers drop tabs and newlines from URLs and read "\\" as "/", so
	 * "/<TAB>/evil.example" would leave the site: allow none of them. */
	for (const unsigned char *p = (const unsigned char *)next; *p; p++)
		if (*p < 0x21 || *p == 0x7f || *p == '\\')
			return "/";
	return next;
}

/* A form kept through signing in: from the request that arrived after its
 * session ran out (r->resume_to), or waiting in that session's row, which
 * the browser still names with its cookie (r->ended_session). Never from
 * fields sent with the sign-in form: a client cannot put a form into
 * anyone's session. NULL if there is none. *fields is {name: string or
 * [strings]}. */
static const char *kept_form(struct req *r, json_t **fields)
{
	if (r->resume_to) {
		*fields = r->resume_fields;
		return r->resume_to;
	}
	json_t *row = NULL;
	if (!r->ended_session || store_session_resume_peek(r->store, r->ended_session, &row) != 0)
		return NULL;
	req_own(r, row);
	json_t *kept = req_own(r, json_loads(json_string_value(json_object_get(row, "resume_fields")), 0, NULL));
	const char *to = local_path(json_string_value(json_object_get(row, "resume_to")));
	if (!to || !json_is_object(kept))
		return NULL;
	*fields = kept;
	return to;
}

static json_t *sign_in_data(struct req *r, json_t *values, json_t *errors)
{
	json_t *d = json_pack("{s:o, s:s}", "form", form_view(r, &sign_in_form, values, errors, NULL), "next", next_path(r));
	json_t *fields = NULL;
	const char *to = kept_form(r, &fields);
	if (to)
		json_object_set_new(d, "resume", json_pack("{s:s}", "to", to));
	return d;
}

int page_sign_in(struct req *r, struct resp *out)
{
	if (r->user) {
		out->redirect = next_path(r);
		return 0;
	}
	out->template = "sign_in";
	out->title = TR(r->lang, N_("Sign in"));
	out->data = sign_in_data(r, NULL, NULL);
	if (r->resume_to)
		out->title = TR(r->lang, N_("Sign in again to send your form"));
	return 0;
}

int page_sign_in_post(struct req *r, struct resp *out)
{
	const char *title = TR(r->lang, N_("Sign in"));
	json_t *values = req_own(r, form_read(r, &sign_in_form));
	json_t *errors = req_own(r, json_object());
	if (form_check(r, &sign_in_form, values, NULL, errors) > 0)
		return form_fail(r, out, "sign_in", title, sign_in_data(r, values, errors), errors);
	const char *email = form_val(values, "email"), *password = form_val(values, "password");

	char since[24];
	iso_offset(since, sizeof(since), -THROTTLE_WINDOW_S);
	long long by_email = 0, by_addr = 0;
	if (store_sign_in_failures(r->store, email, r->client_ip, since, &by_email, &by_addr) != 0)
		return LIA_EDB;
	if (by_email >= THROTTLE_PER_ACCOUNT || by_addr >= THROTTLE_PER_ADDRESS) {
		out->detail = arena_printf(r->arena,
			TR(r->lang, N_("There were too many wrong attempts to sign in. For your safety, wait %d minutes and try again, or ask the coordinator to set a new password.")),
			THROTTLE_WINDOW_S / 60);
		/* A lock-out is on record in the server's log (the failures that led
		 * to it are in sign_in_attempt); no address, as in every log line. */
		log_warn("%s: sign-in refused for %s: %s", r->id, email,
		         by_email >= THROTTLE_PER_ACCOUNT ? "too many failures for this account" : "too many failures from this address");
		req_access(r, "lock_out", NULL, 0, 0, false);
		return LIA_ETOOMANY;
	}

	json_t *u = NULL;
	if (store_user_by_email(r->store, email, &u) == 0)
		req_own(r, u);
	const char *hash = u ? json_string_value(json_object_get(u, "password_hash")) : NULL;
	/* Check a password even for an unknown address, so the time taken does
	 * not tell whether the address exists. */
	pthread_once(&dummy_once, make_dummy);
	bool ok = secret_password_check(hash ? hash : dummy_hash, password) && hash &&
	          json_is_null(json_object_get(u, "disabled_at"));
	/* An attempt that cannot be counted must not be tried: the throttle
	 * above only works if every attempt is on record. */
	if (store_sign_in_record(r->store, email, r->client_ip, ok, r->now) != 0)
		return LIA_EDB;
	if (!ok) {
		req_access(r, "sign_in", "user_account", u ? (long long)json_integer_value(json_object_get(u, "id")) : 0,
		           u ? (long long)json_integer_value(json_object_get(u, "person_id")) : 0, false);
		form_error(errors, "email", TR(r->lang, N_("The e-mail address or the password is not right. Check both and try again.")));
		return form_fail(r, out, "sign_in", title, sign_in_data(r, values, errors), errors);
	}

	long long uid = (long long)json_integer_value(json_object_get(u, "id"));
	/* An account with a second factor, or whose role needs one, gets no
	 * session yet: the code (or setting one up) comes first. */
	int rc = second_factor_after_password(r, out, uid, json_string_value(json_object_get(u, "role")), next_path(r));
	if (rc != 1)
		return rc;
	return page_sign_in_finish(r, out, uid, next_path(r));
}

int page_sign_in_finish(struct req *r, struct resp *out, long long uid, const char *next)
{
	char *token = arena_alloc(r->arena, SECRET_TOKEN_LEN + 1);
	char digest[SECRET_DIGEST_LEN + 1], csrf[SECRET_TOKEN_LEN + 1], expires[24];
	secret_token(token);
	secret_digest(token, digest);
	secret_token(csrf);
	/* From the request's own time, which the session's start also is. */
	clock_iso(clock_parse_iso(r->now) + SESSION_MAX_S, expires, sizeof(expires));
	if (r->user && r->user->session && store_session_end(r->store, r->user->session, r->now) != 0)
		return LIA_EDB;
	if (store_session_create(r->store, uid, digest, csrf, r->now, expires, req_header(r, "User-Agent"), r->client_ip) != 0)
		return LIA_EDB;
	struct actor a = {.user_id = uid, .request_id = r->id, .now = r->now};
	if (store_audit_event(r->store, &a, "sign_in", "user_account", uid) != 0)
		return LIA_EDB; /* no cookie: the session is never used */
	out->new_session = token;
	out->redirect = next;
	json_t *kept = NULL;
	const char *to = kept_form(r, &kept);
	/* The session that ran out ends now, and its kept form with it: the
	 * form goes on only to the same account, never to whoever signs in
	 * next on this browser. */
	if (r->ended_session && store_session_end(r->store, r->ended_session, r->now) != 0)
		return LIA_EDB;
	if (to && !r->want_json && uid == r->ended_user) {
		/* The form waits in the new session, to be shown filled in and sent
		 * by the user (never sent for them). */
		char *text = json_dumps(kept, JSON_COMPACT);
		int rc = text ? store_session_resume_put(r->store, digest, to, text) : LIA_EINTERNAL;
		free(text);
		if (rc != 0)
			return rc;
		out->redirect = "/session/resume";
	}
	out->flash = "signed_in";
	if (r->want_json)
		out->data = json_pack("{s:b}", "signed_in", 1);
	return 0;
}

int page_sign_out(struct req *r, struct resp *out)
{
	/* Say so when the session could not be ended on the server, rather than
	 * let someone believe they signed out. */
	if (r->user && r->user->session && store_session_end(r->store, r->user->session, r->now) != 0)
		return LIA_EDB;
	out->end_session = true;
	out->end_pending = r->pending != NULL;
	out->redirect = "/";
	out->flash = "signed_out";
	return 0;
}
