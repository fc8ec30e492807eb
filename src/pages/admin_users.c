/*
 * admin_users: accounts and personal API tokens, for the coordinator. An
 * account has an e-mail address, a name, a role (what it may do), maybe a
 * linked person, and a password that is stored only as an argon2id hash:
 * never shown, never logged, never in the audit log. A new API token is
 * made only by its owner on the account page (pages/account.c); here the
 * coordinator sees an account's tokens and can revoke them. The coordinator cannot switch off or demote their own account,
 * so there is always someone who can manage accounts. New and changed
 * accounts are two resources (their forms differ) served by the generic
 * form handlers; tokens are revoked by their own small handler.
 */
#include "pages/pages.h"

#include "core/err.h"
#include "core/i18n.h"
#include "core/jsonget.h"
#include "core/password.h"
#include "core/secret.h"
#include "core/vocab.h"
#include "pages/resource.h"

#include <string.h>

/* What each role may do, in words, next to its radio button (the role's
 * name comes from the vocabulary, list "user_role"). */
static const struct {
	const char *role, *hint;
} role_words[STORE_ROLE_COUNT] = {
	{"coordinator", N_("May do everything: set up the programme, open and publish reporting periods, manage accounts and read the audit log.")},
	{"project_member", N_("May change action points, interviews, events, people and the texts of a report. Cannot publish or manage accounts.")},
	{"dossier_holder", N_("May write progress updates for their own action points. Can read everything else.")},
	{"reader", N_("May read everything, also what is not yet published, but cannot change anything.")},
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
	{"password", N_("First password"), N_("At least 12 characters, not easy to guess. Give it to the person in a safe way, not in the same e-mail as the address."), FIELD_PASSWORD, true, 1000, "new-password", false},
	{"password_confirm", N_("First password again"), N_("Type the same password again, to prevent typing mistakes."), FIELD_PASSWORD, true, 1000, "new-password", false},
};
static const struct field edit_b[] = {
	{"person_id", N_("Linked person"), N_("Optional. Link the account to a person, so their work shows their name. Needed for dossier holders and experts by experience."), FIELD_SELECT, false, 0, NULL, false},
	{"disabled", N_("Switch this account off"), N_("A switched-off account cannot sign in and its API tokens stop working. Its work stays. Untick to switch it on again."), FIELD_CHECKBOX, false, 0, NULL, false},
	{"password", N_("New password"), N_("Optional. Leave empty to keep the current password. At least 12 characters, not easy to guess."), FIELD_PASSWORD, false, 1000, "new-password", false},
	{"password_confirm", N_("New password again"), N_("Type the same new password again."), FIELD_PASSWORD, false, 1000, "new-password", false},
};
/* One's own account: no switch to turn it off (the template says why in its
 * place); user_check still refuses a request that sends "disabled". */
static const struct field edit_b_self[] = {
	{"person_id", N_("Linked person"), N_("Optional. Link the account to a person, so their work shows their name. Needed for dossier holders and experts by experience."), FIELD_SELECT, false, 0, NULL, false},
	{"password", N_("New password"), N_("Optional. Leave empty to keep the current password. At least 12 characters, not easy to guess."), FIELD_PASSWORD, false, 1000, "new-password", false},
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
	edit_b_self_form = FORM_SPEC(edit_b_self),
	new_form = FORM_SPEC(new_all), edit_form = FORM_SPEC(edit_all);

static int user_choices(struct req *r, json_t **choices)
{
	return store_person_choices(r->store, choices);
}

/* The roles (with what each may do) and the people an account can be linked to. */
static json_t *user_options(struct res_ctx *c)
{
	struct req *r = c->r;
	json_t *roles = json_array(), *people = json_array();
	for (int i = 0; i < STORE_ROLE_COUNT; i++)
		json_array_append_new(roles, json_pack("{s:s, s:s}", "value", role_words[i].role, "label",
		                                       vocab_label("user_role", role_words[i].role, r->lang)));
	size_t i;
	json_t *p;
	json_array_foreach(c->choices, i, p)
		json_array_append_new(people, json_pack("{s:s, s:s}", "value",
		                                        arena_printf(r->arena, "%lld", (long long)json_integer_value(json_object_get(p, "id"))),
		                                        "label", jstr(p, "name")));
	return json_pack("{s:o, s:o}", "role", roles, "person_id", people);
}

/* The stored account as form values (no password, ever). */
static json_t *user_values(struct res_ctx *c)
{
	long long pid = json_integer_value(json_object_get(c->row, "person_id"));
	return json_pack("{s:O, s:O, s:s, s:s}", "display_name", json_object_get(c->row, "display_name"), "role",
	                 json_object_get(c->row, "role"), "person_id", pid ? arena_printf(c->r->arena, "%lld", pid) : "",
	                 "disabled", json_is_null(json_object_get(c->row, "disabled_at")) ? "" : "1");
}

/* Checks of new and changed accounts beyond the form spec. */
static void user_check(struct res_ctx *c)
{
	struct req *r = c->r;
	json_t *values = c->values, *errors = c->errors;
	const char *pw = jstr(values, "password"), *again = jstr(values, "password_confirm");
	if (*pw && !json_object_get(errors, "password")) {
		const char *email = c->row ? jstr(c->row, "email") : jstr(values, "email");
		const char *context[] = {email, jstr(values, "display_name"), NULL};
		const char *why = password_check(pw, context, r->lang);
		if (why)
			form_error(errors, "password", why);
	}
	if ((*pw || *again) && !json_object_get(errors, "password_confirm") && strcmp(pw, again) != 0)
		form_error(errors, "password_confirm", TR(r->lang, N_("The two passwords are not the same. Type the password twice the same way.")));
	if (c->id == r->user->id) {
		/* There must always be a coordinator who can manage accounts. */
		if (!json_object_get(errors, "role") && strcmp(jstr(values, "role"), "coordinator") != 0)
			form_error(errors, "role", TR(r->lang, N_("You cannot take the coordinator role away from your own account. Ask another coordinator to do this.")));
		if (form_ticked(values, "disabled"))
			form_error(errors, "disabled", TR(r->lang, N_("You cannot switch off your own account. Ask another coordinator to do this.")));
	}
}

/* The password as its argon2id hash in hash; NULL (and no hash) when none was given. */
static int password_hash(struct res_ctx *c, char *hash, const char **out)
{
	const char *pw = jstr(c->values, "password");
	*out = NULL;
	if (!*pw)
		return 0;
	if (secret_password_hash(pw, hash) != 0)
		return LIA_EINTERNAL;
	*out = hash;
	return 0;
}

static int user_save(struct res_ctx *c, long long *id, const char **field, const char **why)
{
	char buf[SECRET_HASH_MAX];
	const char *hash;
	int rc = password_hash(c, buf, &hash);
	if (rc != 0)
		return rc;
	json_t *v = c->values;
	long long person = form_id(jstr(v, "person_id"));
	if (*id) {
		rc = store_user_update(c->r->store, &c->actor, *id, jstr(v, "display_name"), jstr(v, "role"), person,
		                       form_ticked(v, "disabled"), hash);
		/* A change of role is on the access log too (ASVS V7), beside the audit entry. */
		const char *was = c->row ? json_string_value(json_object_get(c->row, "role")) : NULL;
		if (rc == 0 && was && strcmp(was, jstr(v, "role")) != 0)
			req_access(c->r, "role", "user_account", *id, person, true);
		return rc;
	}
	rc = store_user_create(c->r->store, &c->actor, jstr(v, "email"), jstr(v, "display_name"), jstr(v, "role"), person,
	                       hash, id);
	if (rc == LIA_ECONFLICT)
		*field = "email";
	return rc;
}

static int user_refused(struct res_ctx *c, int rc, const char *field, const char *why)
{
	if (rc != LIA_ECONFLICT || !field)
		return rc;
	form_error(c->errors, "email", TR(c->r->lang, N_("There is already an account with this e-mail address. Use another address, or change the existing account.")));
	return 0;
}

/* The edit page's API tokens (the coordinator may revoke them; only their
 * owner makes them, on /account). */
static void token_data(struct res_ctx *c, json_t *d)
{
	json_t *tokens = NULL;
	if (store_tokens(c->r->store, c->id, &tokens) != 0)
		tokens = json_array();
	size_t i;
	json_t *t;
	json_array_foreach(tokens, i, t)
		json_object_set_new(t, "is_revoked", json_boolean(!json_is_null(json_object_get(t, "revoked_at"))));
	json_object_set_new(d, "has_tokens", json_boolean(json_array_size(tokens) > 0));
	json_object_set_new(d, "tokens", tokens);
	json_object_set(d, "account", c->row);
	json_object_set_new(d, "is_self", json_boolean(c->id == c->r->user->id));
}

/* The account form in its parts, with the role radios described one by
 * one; on the edit page also the tokens. Passwords are never sent back, so
 * every view is made after they are emptied. */
static void user_data(struct res_ctx *c, json_t *d)
{
	struct req *r = c->r;
	bool is_new = c->id == 0;
	json_t *values = c->values, *errors = c->errors, *opts = c->options;
	if (values) {
		json_object_set_new(values, "password", json_string(""));
		json_object_set_new(values, "password_confirm", json_string(""));
	}
	json_t *role = form_view(r, &role_form, values, errors, opts);
	json_t *rf = json_array_get(json_object_get(role, "fields"), 0);
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(rf, "options"), i, o)
		json_object_set_new(o, "hint", json_string(TR(r->lang, role_words[i].hint)));
	json_object_set_new(d, "form", form_view(r, c->res->form, values, errors, opts));
	json_object_set_new(d, "a", json_pack("{s:o}", "form", form_view(r, is_new ? &new_a_form : &edit_a_form, values, errors, opts)));
	json_object_set(d, "role", rf);
	bool is_self = !is_new && c->id == r->user->id;
	const struct form_spec *b = is_new ? &new_b_form : is_self ? &edit_b_self_form : &edit_b_form;
	json_object_set_new(d, "b", json_pack("{s:o}", "form", form_view(r, b, values, errors, opts)));
	/* Only a hand-made request can send "disabled" for one's own account:
	 * its refusal is shown where the switch would be. */
	const char *off_error = jstr(errors, "disabled");
	if (is_self && *off_error)
		json_object_set_new(d, "self_off_error", json_string(off_error));
	json_object_set_new(d, "is_new", json_boolean(is_new));
	json_decref(role);
	if (!is_new)
		token_data(c, d);
}

static const char *user_title(struct res_ctx *c)
{
	if (!c->row)
		return TR(c->r->lang, N_("New account"));
	return arena_printf(c->r->arena, TR(c->r->lang, N_("Account of %s")), jstr(c->row, "email"));
}

#define USER_RESOURCE \
	.template = "user_form", .path = "/users", .what = N_("account"), \
	.not_found = N_("There is no account with this number. See the list of accounts."), .after = "/users", \
	.get = store_user, .choices = user_choices, .options = user_options, .check = user_check, \
	.save = user_save, .refused = user_refused, .data = user_data, .title = user_title

const struct resource res_user_new = {USER_RESOURCE, .form = &new_form, .flash = "usr_created"};
const struct resource res_user = {USER_RESOURCE, .form = &edit_form, .flash = "usr_saved", .values = user_values,
                                  .row_on_save = true};

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

/* ---- API tokens ---- */

int page_token_revoke(struct req *r, struct resp *out)
{
	long long id;
	json_t *t = NULL;
	int rc = req_param_id(r, 0, TR(r->lang, N_("API token")), out, &id);
	if (rc == 0)
		rc = page_found(r, out, store_token(r->store, id, &t),
		                N_("There is no API token with this number. See the account's page."));
	if (rc != 0)
		return rc;
	long long uid = json_integer_value(json_object_get(req_own(r, t), "user_id"));
	struct actor a = page_actor(r);
	if ((rc = store_token_revoke(r->store, &a, id)) != 0 || (rc = store_token(r->store, id, &out->data)) != 0)
		return rc;
	out->redirect = arena_printf(r->arena, "/users/%lld/edit", uid);
	out->flash = "usr_token_revoked";
	return 0;
}
