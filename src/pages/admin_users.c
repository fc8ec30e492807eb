/*
 * admin_users: accounts and personal API tokens, for the coordinator. An
 * account has an e-mail address, a name, a role (what it may do), maybe a
 * linked person, and a password that is stored only as an argon2id hash:
 * never shown, never logged, never in the audit log. A new API token is
 * shown once, in the answer to the request that made it; only its digest
 * is kept. The coordinator cannot switch off or demote their own account,
 * so there is always someone who can manage accounts.
 */
#include "pages/pages.h"

#include "core/err.h"
#include "core/i18n.h"
#include "core/jsonget.h"
#include "core/secret.h"
#include "pages/form.h"

#include <stdlib.h>
#include <string.h>

#define PASSWORD_MIN 10

static struct actor actor_of(const struct req *r)
{
	return (struct actor){.user_id = r->user->id, .request_id = r->id, .now = r->now};
}

/* What each role may do, in words, next to its radio button. */
static const struct {
	const char *role, *label, *hint;
} role_words[STORE_ROLE_COUNT] = {
	{"coordinator", N_("Coordinator"), N_("May do everything: set up the programme, open and publish reporting periods, manage accounts and read the audit log.")},
	{"project_member", N_("Project group member"), N_("May change action points, interviews, events, people and the texts of a report. Cannot publish or manage accounts.")},
	{"dossier_holder", N_("Dossier holder"), N_("May write progress updates for their own action points. Can read everything else.")},
	{"reader", N_("Reader"), N_("May read everything, also what is not yet published, but cannot change anything.")},
};

/* ---- the form, in three parts around the role radios (drawn with a hint each) ---- */

static const struct field new_a[] = {
	{"email", N_("E-mail address"), N_("The person signs in with this address."), FIELD_EMAIL, true, 254, "off", false},
	{"display_name", N_("Name"), N_("First name and surname, as others see it."), FIELD_TEXT, true, 120, "off", false},
};
static const struct field edit_a[] = {
	{"display_name", N_("Name"), N_("First name and surname, as others see it."), FIELD_TEXT, true, 120, "off", false},
};
static const struct field role_f[] = {
	{"role", N_("Role"), N_("The role decides what this account may do."), FIELD_RADIOS, true, 0, NULL, false},
};
static const struct field new_b[] = {
	{"person_id", N_("Linked person"), N_("Optional. Link the account to a person, so their work shows their name. Needed for dossier holders and experts by experience."), FIELD_SELECT, false, 0, NULL, false},
	{"password", N_("First password"), N_("At least 10 characters. Give it to the person in a safe way, not in the same e-mail as the address."), FIELD_PASSWORD, true, 1000, "new-password", false},
	{"password_confirm", N_("First password again"), N_("Type the same password again, to prevent typing mistakes."), FIELD_PASSWORD, true, 1000, "new-password", false},
};
static const struct field edit_b[] = {
	{"person_id", N_("Linked person"), N_("Optional. Link the account to a person, so their work shows their name. Needed for dossier holders and experts by experience."), FIELD_SELECT, false, 0, NULL, false},
	{"disabled", N_("Switch this account off"), N_("A switched-off account cannot sign in and its API tokens stop working. Its work stays. Untick to switch it on again."), FIELD_CHECKBOX, false, 0, NULL, false},
	{"password", N_("New password"), N_("Optional. Leave empty to keep the current password. At least 10 characters."), FIELD_PASSWORD, false, 1000, "new-password", false},
	{"password_confirm", N_("New password again"), N_("Type the same new password again."), FIELD_PASSWORD, false, 1000, "new-password", false},
};
/* The whole forms, for reading and checking (same fields, same order). */
static const struct field new_all[] = {
	{"email", N_("E-mail address"), NULL, FIELD_EMAIL, true, 254, NULL, false},
	{"display_name", N_("Name"), NULL, FIELD_TEXT, true, 120, NULL, false},
	{"role", N_("Role"), NULL, FIELD_RADIOS, true, 0, NULL, false},
	{"person_id", N_("Linked person"), NULL, FIELD_SELECT, false, 0, NULL, false},
	{"password", N_("First password"), NULL, FIELD_PASSWORD, true, 1000, NULL, false},
	{"password_confirm", N_("First password again"), NULL, FIELD_PASSWORD, true, 1000, NULL, false},
};
static const struct field edit_all[] = {
	{"display_name", N_("Name"), NULL, FIELD_TEXT, true, 120, NULL, false},
	{"role", N_("Role"), NULL, FIELD_RADIOS, true, 0, NULL, false},
	{"person_id", N_("Linked person"), NULL, FIELD_SELECT, false, 0, NULL, false},
	{"disabled", N_("Switch this account off"), NULL, FIELD_CHECKBOX, false, 0, NULL, false},
	{"password", N_("New password"), NULL, FIELD_PASSWORD, false, 1000, NULL, false},
	{"password_confirm", N_("New password again"), NULL, FIELD_PASSWORD, false, 1000, NULL, false},
};
static const struct form_spec new_a_form = FORM_SPEC(new_a), edit_a_form = FORM_SPEC(edit_a),
	role_form = FORM_SPEC(role_f), new_b_form = FORM_SPEC(new_b), edit_b_form = FORM_SPEC(edit_b),
	new_form = FORM_SPEC(new_all), edit_form = FORM_SPEC(edit_all);

static const struct field token_f[] = {
	{"name", N_("Name of the token"), N_("So you know later what the token is for, for example: export for the council information system."), FIELD_TEXT, true, 100, "off", false},
};
static const struct form_spec token_form = FORM_SPEC(token_f);

static json_t *user_options(struct req *r)
{
	json_t *roles = json_array(), *people = json_array(), *rows = NULL;
	for (int i = 0; i < STORE_ROLE_COUNT; i++)
		json_array_append_new(roles, json_pack("{s:s, s:s}", "value", role_words[i].role, "label",
		                                       TR(r->lang, role_words[i].label)));
	if (store_person_choices(r->store, &rows) == 0) {
		size_t i;
		json_t *p;
		json_array_foreach(rows, i, p)
			json_array_append_new(people, json_pack("{s:s, s:s}", "value",
			                                        arena_printf(r->arena, "%lld", (long long)json_integer_value(json_object_get(p, "id"))),
			                                        "label", jstr(p, "name")));
		json_decref(rows);
	}
	return json_pack("{s:o, s:o}", "role", roles, "person_id", people);
}

/* The data of the account form: the whole form (for the error summary) and
 * its parts, with the role radios described one by one. */
static json_t *user_form_data(struct req *r, bool is_new, json_t *values, json_t *errors)
{
	json_t *opts = user_options(r);
	json_t *role = form_view(r, &role_form, values, errors, opts);
	json_t *rf = json_array_get(json_object_get(role, "fields"), 0);
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(rf, "options"), i, o)
		json_object_set_new(o, "hint", json_string(TR(r->lang, role_words[i].hint)));
	json_t *d = json_pack("{s:o, s:{s:o}, s:O, s:{s:o}, s:b}",
		"form", form_view(r, is_new ? &new_form : &edit_form, values, errors, opts),
		"a", "form", form_view(r, is_new ? &new_a_form : &edit_a_form, values, errors, opts),
		"role", rf,
		"b", "form", form_view(r, is_new ? &new_b_form : &edit_b_form, values, errors, opts),
		"is_new", is_new);
	json_decref(role);
	json_decref(opts);
	return d;
}

/* Checks shared by new and changed accounts; returns the number of errors. */
static int user_check(struct req *r, const struct form_spec *f, json_t *values, json_t *errors)
{
	json_t *opts = user_options(r);
	form_check(r, f, values, opts, errors);
	json_decref(opts);
	const char *pw = jstr(values, "password"), *again = jstr(values, "password_confirm");
	if (*pw && !json_object_get(errors, "password") && strlen(pw) < PASSWORD_MIN)
		form_error(errors, "password", arena_printf(r->arena, TR(r->lang, N_("The password is too short. Use at least %d characters.")), PASSWORD_MIN));
	if ((*pw || *again) && !json_object_get(errors, "password_confirm") && strcmp(pw, again) != 0)
		form_error(errors, "password_confirm", TR(r->lang, N_("The two passwords are not the same. Type the password twice the same way.")));
	/* Passwords are never sent back. */
	json_object_set_new(values, "password", json_string(""));
	json_object_set_new(values, "password_confirm", json_string(""));
	return (int)json_object_size(errors);
}

/* ---- list ---- */

int page_users(struct req *r, struct resp *out)
{
	json_t *rows = NULL;
	int rc = store_users(r->store, &rows);
	if (rc != 0)
		return rc;
	size_t i;
	json_t *u;
	json_array_foreach(rows, i, u)
		json_object_set_new(u, "is_disabled", json_boolean(!json_is_null(json_object_get(u, "disabled_at"))));
	out->template = "users";
	out->title = TR(r->lang, N_("Accounts"));
	out->data = json_pack("{s:o, s:I}", "items", rows, "count", (json_int_t)json_array_size(rows));
	return 0;
}

/* ---- new ---- */

int page_user_new(struct req *r, struct resp *out)
{
	out->template = "user_form";
	out->title = TR(r->lang, N_("New account"));
	out->data = user_form_data(r, true, NULL, NULL);
	return 0;
}

int page_user_create(struct req *r, struct resp *out)
{
	const char *title = TR(r->lang, N_("New account"));
	json_t *values = form_read(r, &new_form);
	json_t *errors = json_object();
	int rc = 0;
	char hash[SECRET_HASH_MAX];
	const char *pw = arena_strdup(r->arena, jstr(values, "password"));
	if (user_check(r, &new_form, values, errors) > 0)
		goto fail;
	if (secret_password_hash(pw, hash) != 0) {
		rc = LIA_EINTERNAL;
		goto done;
	}
	struct actor a = actor_of(r);
	long long id = 0;
	const char *person = jstr(values, "person_id");
	rc = store_user_create(r->store, &a, jstr(values, "email"), jstr(values, "display_name"), jstr(values, "role"),
	                       *person ? strtoll(person, NULL, 10) : 0, hash, &id);
	if (rc == LIA_ECONFLICT) {
		rc = 0;
		form_error(errors, "email", TR(r->lang, N_("There is already an account with this e-mail address. Use another address, or change the existing account.")));
		goto fail;
	}
	if (rc != 0)
		goto done;
	rc = store_user(r->store, id, &out->data);
	if (rc != 0)
		goto done;
	out->status = 201;
	out->redirect = "/users";
	out->flash = "usr_created";
	goto done;
fail:
	rc = form_fail(r, out, "user_form", title, user_form_data(r, true, values, errors), errors);
done:
	json_decref(values);
	json_decref(errors);
	return rc;
}

/* ---- change ---- */

static int load_user(struct req *r, struct resp *out, long long *id, json_t **u)
{
	int rc = req_param_id(r, 0, TR(r->lang, N_("account")), out, id);
	if (rc == 0)
		rc = store_user(r->store, *id, u);
	if (rc == LIA_ENOTFOUND)
		out->detail = TR(r->lang, N_("There is no account with this number. See the list of accounts."));
	return rc;
}

/* The edit page: the account form, its tokens and the form for a new token. */
static json_t *edit_data(struct req *r, json_t *user, json_t *values, json_t *errors, json_t *tok_values,
                         json_t *tok_errors)
{
	long long id = json_integer_value(json_object_get(user, "id"));
	json_t *d = user_form_data(r, false, values, errors);
	json_t *tokens = NULL;
	if (store_tokens(r->store, id, &tokens) != 0)
		tokens = json_array();
	size_t i;
	json_t *t;
	json_array_foreach(tokens, i, t)
		json_object_set_new(t, "is_revoked", json_boolean(!json_is_null(json_object_get(t, "revoked_at"))));
	json_t *tv = form_view(r, &token_form, tok_values, tok_errors, NULL);
	if (tok_errors && json_object_size(tok_errors) > 0)
		json_object_set(d, "form", tv); /* the summary names the form that has errors */
	json_object_set_new(d, "tok", json_pack("{s:o}", "form", tv));
	json_object_set_new(d, "has_tokens", json_boolean(json_array_size(tokens) > 0));
	json_object_set_new(d, "tokens", tokens);
	json_object_set(d, "account", user);
	json_object_set_new(d, "is_self", json_boolean(id == r->user->id));
	return d;
}

static json_t *user_values(json_t *u, struct req *r)
{
	long long pid = json_integer_value(json_object_get(u, "person_id"));
	return json_pack("{s:O, s:O, s:s, s:s}", "display_name", json_object_get(u, "display_name"), "role",
	                 json_object_get(u, "role"), "person_id", pid ? arena_printf(r->arena, "%lld", pid) : "",
	                 "disabled", json_is_null(json_object_get(u, "disabled_at")) ? "" : "1");
}

static const char *edit_title(struct req *r, json_t *u)
{
	return arena_printf(r->arena, TR(r->lang, N_("Account of %s")), jstr(u, "email"));
}

int page_user_edit(struct req *r, struct resp *out)
{
	long long id;
	json_t *u = NULL;
	int rc = load_user(r, out, &id, &u);
	if (rc != 0)
		return rc;
	json_t *values = user_values(u, r);
	out->template = "user_form";
	out->title = edit_title(r, u);
	out->data = edit_data(r, u, values, NULL, NULL, NULL);
	json_decref(values);
	json_decref(u);
	return 0;
}

int page_user_update(struct req *r, struct resp *out)
{
	long long id;
	json_t *u = NULL;
	int rc = load_user(r, out, &id, &u);
	if (rc != 0)
		return rc;
	json_t *values = form_read(r, &edit_form);
	json_t *errors = json_object();
	const char *pw = arena_strdup(r->arena, jstr(values, "password"));
	user_check(r, &edit_form, values, errors);
	bool disabled = *jstr(values, "disabled") != '\0';
	if (id == r->user->id) {
		/* There must always be a coordinator who can manage accounts. */
		if (!json_object_get(errors, "role") && strcmp(jstr(values, "role"), "coordinator") != 0)
			form_error(errors, "role", TR(r->lang, N_("You cannot take the coordinator role away from your own account. Ask another coordinator to do this.")));
		if (disabled)
			form_error(errors, "disabled", TR(r->lang, N_("You cannot switch off your own account. Ask another coordinator to do this.")));
	}
	if (json_object_size(errors) > 0) {
		rc = form_fail(r, out, "user_form", edit_title(r, u), edit_data(r, u, values, errors, NULL, NULL), errors);
		goto done;
	}
	char hash[SECRET_HASH_MAX];
	if (*pw && secret_password_hash(pw, hash) != 0) {
		rc = LIA_EINTERNAL;
		goto done;
	}
	struct actor a = actor_of(r);
	const char *person = jstr(values, "person_id");
	rc = store_user_update(r->store, &a, id, jstr(values, "display_name"), jstr(values, "role"),
	                       *person ? strtoll(person, NULL, 10) : 0, disabled, *pw ? hash : NULL);
	if (rc != 0)
		goto done;
	rc = store_user(r->store, id, &out->data);
	if (rc != 0)
		goto done;
	out->redirect = "/users";
	out->flash = "usr_saved";
done:
	json_decref(values);
	json_decref(errors);
	json_decref(u);
	return rc;
}

/* ---- API tokens ---- */

int page_token_create(struct req *r, struct resp *out)
{
	long long id;
	json_t *u = NULL;
	int rc = load_user(r, out, &id, &u);
	if (rc != 0)
		return rc;
	json_t *values = form_read(r, &token_form);
	json_t *errors = json_object();
	if (form_check(r, &token_form, values, NULL, errors) > 0) {
		json_t *uv = user_values(u, r);
		rc = form_fail(r, out, "user_form", edit_title(r, u), edit_data(r, u, uv, NULL, values, errors), errors);
		json_decref(uv);
		goto done;
	}
	char *token = arena_alloc(r->arena, SECRET_TOKEN_LEN + 1);
	char digest[SECRET_DIGEST_LEN + 1];
	secret_token(token);
	secret_digest(token, digest);
	struct actor a = actor_of(r);
	long long tid = 0;
	rc = store_token_create(r->store, &a, id, jstr(values, "name"), digest, &tid);
	if (rc != 0)
		goto done;
	/* The token is shown here, once: it is not stored and not sent again. */
	json_t *t = NULL;
	if (store_token(r->store, tid, &t) != 0)
		t = json_object();
	json_object_set_new(t, "token", json_string(token));
	out->status = 201;
	if (r->want_json) {
		out->data = t;
	} else {
		json_t *uv = user_values(u, r);
		out->data = edit_data(r, u, uv, NULL, NULL, NULL);
		json_object_set_new(out->data, "new_token", t);
		json_decref(uv);
		out->template = "user_form";
		out->title = TR(r->lang, N_("New API token"));
	}
done:
	json_decref(values);
	json_decref(errors);
	json_decref(u);
	return rc;
}

int page_token_revoke(struct req *r, struct resp *out)
{
	long long id;
	json_t *t = NULL;
	int rc = req_param_id(r, 0, TR(r->lang, N_("API token")), out, &id);
	if (rc == 0)
		rc = store_token(r->store, id, &t);
	if (rc == LIA_ENOTFOUND)
		out->detail = TR(r->lang, N_("There is no API token with this number. See the account's page."));
	if (rc != 0)
		return rc;
	long long uid = json_integer_value(json_object_get(t, "user_id"));
	json_decref(t);
	struct actor a = actor_of(r);
	rc = store_token_revoke(r->store, &a, id);
	if (rc != 0)
		return rc;
	rc = store_token(r->store, id, &out->data);
	if (rc != 0)
		return rc;
	out->redirect = arena_printf(r->arena, "/users/%lld/edit", uid);
	out->flash = "usr_token_revoked";
	return 0;
}
