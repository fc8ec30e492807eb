/*
 * mail (pages): for the coordinator. /mail shows the outbox (what was sent
 * to whom, when and why; what is waiting to be tried again, and what failed
 * with the relay's answer) and the relay's settings, whose password is
 * never shown back; /invitations/new invites a person by e-mail: an account
 * without a password and a one-time link to choose one.
 */
#include "pages/pages.h"

#include "core/err.h"
#include "core/i18n.h"
#include "core/smtp.h"
#include "core/vocab.h"
#include "mail/mail.h"
#include "pages/form.h"
#include "store/mail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUTBOX_SHOWN 200

static const struct field invite_fields[] = {
	{"email", N_("E-mail address"), N_("The invitation goes to this address, and the person signs in with it."), FIELD_EMAIL, true, 254, "off", false},
	{"display_name", N_("Name"), N_("First name and surname, as others see it."), FIELD_TEXT, true, 120, "off", false},
	{"role", N_("Role"), N_("The role decides what this account may do."), FIELD_RADIOS, true, 0, NULL, false},
	{"person_id", N_("Linked person"), N_("Optional. Needed for dossier holders and experts by experience: reminders go to the linked person."), FIELD_SELECT, false, 0, NULL, false},
	{"lang", N_("Language of the e-mail"), NULL, FIELD_RADIOS, true, 0, NULL, false},
};
static const struct form_spec invite_form = FORM_SPEC(invite_fields);

static const struct field settings_fields[] = {
	{"smtp_url", N_("Address of the mail server (SMTP relay)"), N_("For example smtp://mail.example.nl:587. lia always encrypts: smtp:// with STARTTLS, smtps:// from the start. A mail server without encryption gets no e-mail. Empty: lia sends no e-mail."), FIELD_TEXT, false, 300, "off", false},
	{"smtp_from", N_("Sender address"), N_("The address the messages come from, for example lia@example.nl."), FIELD_EMAIL, false, 254, "off", false},
	{"smtp_user", N_("User name at the mail server"), N_("Optional: only if the mail server asks for one."), FIELD_TEXT, false, 254, "off", false},
	{"smtp_password", N_("Password at the mail server"), N_("Leave empty to keep the password that is saved. It is never shown."), FIELD_PASSWORD, false, 1000, "new-password", false},
	{"smtp_password_clear", N_("Remove the saved password"), NULL, FIELD_CHECKBOX, false, 0, NULL, false},
};
static const struct form_spec settings_form = FORM_SPEC(settings_fields);

static const char *const roles[STORE_ROLE_COUNT] = {"coordinator", "project_member", "dossier_holder", "reader"};

static json_t *invite_options(struct req *r)
{
	json_t *choices = NULL;
	if (store_person_choices(r->store, &choices) != 0)
		choices = json_array();
	json_t *role = json_array(), *people = json_array();
	for (int i = 0; i < STORE_ROLE_COUNT; i++)
		json_array_append_new(role, json_pack("{s:s, s:s}", "value", roles[i], "label",
		                                      vocab_label("user_role", roles[i], r->lang)));
	size_t i;
	json_t *p;
	json_array_foreach(choices, i, p)
		json_array_append_new(people, json_pack("{s:s, s:s}", "value",
		                      arena_printf(r->arena, "%lld", (long long)json_integer_value(json_object_get(p, "id"))),
		                      "label", json_string_value(json_object_get(p, "name"))));
	json_decref(choices);
	return req_own(r, json_pack("{s:o, s:o, s:[{s:s, s:s}, {s:s, s:s}]}", "role", role, "person_id", people, "lang",
	                            "value", "nl", "label", TR(r->lang, N_("Dutch")), "value", "en", "label",
	                            TR(r->lang, N_("English"))));
}

static json_t *invite_data(struct req *r, json_t *values, json_t *errors)
{
	return json_pack("{s:o}", "form", form_view(r, &invite_form, values, errors, invite_options(r)));
}

int page_invite_form(struct req *r, struct resp *out)
{
	out->template = "invite_form";
	out->title = TR(r->lang, N_("Invite someone by e-mail"));
	json_t *values = req_own(r, json_pack("{s:s}", "lang", "nl"));
	out->data = invite_data(r, values, NULL);
	return 0;
}

int page_invite(struct req *r, struct resp *out)
{
	const char *title = TR(r->lang, N_("Invite someone by e-mail"));
	json_t *values = req_own(r, form_read(r, &invite_form));
	json_t *errors = req_own(r, json_object());
	if (form_check(r, &invite_form, values, invite_options(r), errors) > 0)
		return form_fail(r, out, "invite_form", title, invite_data(r, values, errors), errors);
	const char *email = form_val(values, "email"), *name = form_val(values, "display_name");
	const char *lang = strcmp(form_val(values, "lang"), "en") == 0 ? "en" : "nl";
	long long person = form_id(form_val(values, "person_id"));

	struct mail_invite inv;
	mail_invite_make(lang, email, name, "invited by the coordinator", &inv);
	inv.mail.person_id = person;
	struct actor a = page_actor(r);
	long long id = 0;
	int rc = store_user_invite(r->store, &a, email, name, form_val(values, "role"), person, lang, inv.digest,
	                           inv.expires, &inv.mail, &id);
	mail_invite_free(&inv);
	if (rc == LIA_ECONFLICT) {
		form_error(errors, "email", TR(r->lang, N_("This address already has an account. Choose another address, or change that account on the page Accounts.")));
		return form_fail(r, out, "invite_form", title, invite_data(r, values, errors), errors);
	}
	if (rc != 0)
		return rc;
	out->redirect = "/mail";
	out->flash = "invited";
	return 0;
}

/* ---- the outbox and the relay ---- */

static json_t *settings_values(struct req *r, json_t *set)
{
	return req_own(r, json_pack("{s:O, s:O, s:O, s:s}", "smtp_url", json_object_get(set, "smtp_url"), "smtp_from",
	                            json_object_get(set, "smtp_from"), "smtp_user", json_object_get(set, "smtp_user"),
	                            "smtp_password", ""));
}

/* Words for the kinds and states, for people. */
static void outbox_words(struct req *r, json_t *messages)
{
	size_t i;
	json_t *m;
	json_array_foreach(messages, i, m) {
		const char *kind = json_string_value(json_object_get(m, "kind"));
		const char *status = json_string_value(json_object_get(m, "status"));
		const char *k = strcmp(kind, "invitation") == 0        ? N_("Invitation")
		              : strcmp(kind, "password_reset") == 0    ? N_("New password")
		              : strcmp(kind, "remind_update_before") == 0 ? N_("Reminder: update due soon")
		              : strcmp(kind, "remind_update_after") == 0  ? N_("Reminder: update late")
		              : strcmp(kind, "remind_assess_before") == 0 ? N_("Reminder: assessment due soon")
		                                                          : N_("Reminder: assessment late");
		bool failed = strcmp(status, "failed") == 0, sent = strcmp(status, "sent") == 0;
		bool retrying = !failed && !sent && json_integer_value(json_object_get(m, "attempts")) > 0;
		const char *st = failed ? N_("Not delivered") : sent ? N_("Sent") : retrying ? N_("Trying again") : N_("Waiting");
		json_object_set_new(m, "kind_label", json_string(TR(r->lang, k)));
		json_object_set_new(m, "status_label", json_string(TR(r->lang, st)));
		json_object_set_new(m, "is_failed", json_boolean(failed));
		json_object_set_new(m, "is_retrying", json_boolean(retrying));
	}
}

static int mail_page(struct req *r, struct resp *out, json_t *values, json_t *errors)
{
	json_t *list = NULL, *set = NULL;
	int rc = store_mail_list(r->store, OUTBOX_SHOWN, &list);
	if (rc == 0)
		rc = store_mail_settings(r->store, false, &set);
	if (rc != 0) {
		json_decref(list);
		return rc;
	}
	req_own(r, list);
	req_own(r, set);
	outbox_words(r, json_object_get(list, "messages"));
	const struct mail_config *c = mail_config_get();
	json_t *messages = json_object_get(list, "messages"), *counts = json_object_get(list, "counts");
	json_t *data = json_pack("{s:O, s:O, s:b, s:b, s:o, s:b, s:b, s:s}", "messages", messages, "counts", counts,
	                         "has_messages", json_array_size(messages) > 0,
	                         "has_failed", json_integer_value(json_object_get(counts, "failed")) > 0,
	                         "form", form_view(r, &settings_form, values ? values : settings_values(r, set), errors, NULL),
	                         "is_password_set", json_is_true(json_object_get(set, "is_password_set")),
	                         "is_set_on_command_line", c->relay.url != NULL, "base_url", mail_base_url());
	out->template = "mail";
	out->title = TR(r->lang, N_("E-mail"));
	if (errors && json_object_size(errors))
		return form_fail(r, out, "mail", out->title, data, errors);
	out->data = data;
	return 0;
}

int page_mail(struct req *r, struct resp *out)
{
	return mail_page(r, out, NULL, NULL);
}

int page_mail_settings(struct req *r, struct resp *out)
{
	json_t *values = req_own(r, form_read(r, &settings_form));
	json_t *errors = req_own(r, json_object());
	form_check(r, &settings_form, values, NULL, errors);
	const char *url = form_val(values, "smtp_url"), *from = form_val(values, "smtp_from");
	if (*url && !json_object_get(errors, "smtp_url") && !smtp_url_ok(url))
		form_error(errors, "smtp_url", TR(r->lang, N_("Write the address of the mail server as smtp://name:port or smtps://name:port, for example smtp://mail.example.nl:587.")));
	if (*url && !json_object_get(errors, "smtp_url") && !mail_relay_allowed(url, r->municipality_id))
		form_error(errors, "smtp_url", mail_config_get()->relay_hosts
			? arena_printf(r->arena, TR(r->lang, N_("lia may only send mail through these mail servers: %s. Choose one of them, or ask your hosting provider.")), mail_config_get()->relay_hosts)
			: TR(r->lang, N_("lia sends the mail of this municipality through the mail server of your hosting provider. Leave this empty, or ask your hosting provider.")));
	if (*url && !*from && !json_object_get(errors, "smtp_from"))
		form_error(errors, "smtp_from", TR(r->lang, N_("Write the sender address too: the mail server needs it.")));
	if (json_object_size(errors)) {
		json_object_set_new(values, "smtp_password", json_string(""));
		return mail_page(r, out, values, errors);
	}
	const char *pw = form_val(values, "smtp_password");
	const char *password = form_ticked(values, "smtp_password_clear") ? "" : *pw ? pw : NULL;
	struct actor a = page_actor(r);
	int rc = store_mail_settings_save(r->store, &a, url, from, form_val(values, "smtp_user"), password);
	if (rc != 0)
		return rc;
	out->redirect = "/mail";
	out->flash = "saved";
	return 0;
}

int page_mail_retry(struct req *r, struct resp *out)
{
	long long id = 0;
	int rc = req_param_id(r, 0, TR(r->lang, N_("message")), out, &id);
	if (rc != 0)
		return rc;
	struct actor a = page_actor(r);
	rc = store_mail_retry(r->store, &a, id);
	if (rc == LIA_ENOTFOUND)
		out->detail = TR(r->lang, N_("There is no such message. See the list on the page E-mail."));
	else if (rc == LIA_ECONFLICT)
		out->detail = TR(r->lang, N_("Only a message that was not delivered can be tried again."));
	if (rc != 0)
		return rc;
	out->redirect = "/mail";
	out->flash = "mail_retry";
	return 0;
}
