/*
 * hosting: the pages of the whole deployment (issue 10). /municipalities
 * (the root / of a deployment with several) is the national picture of all
 * its municipalities, with a link to each. /hosting is for
 * hosting administrators only (accounts of municipality 1 with the flag
 * `lia municipality admin` sets; 404 for everyone else): the list, and a
 * form that adds a municipality and invites its first coordinator, as the
 * invitation page does (pages/mail.c).
 */
#include "pages/pages.h"

#include "pages/national.h"

#include "core/err.h"
#include "core/i18n.h"
#include "mail/mail.h"
#include "pages/form.h"
#include "store/mail.h"
#include "store/national.h"

#include <stdlib.h>
#include <string.h>

static const struct field hosting_fields[] = {
	{"name", N_("Name of the municipality"), N_("As people know it, such as Arnhem."), FIELD_TEXT, true, 100, NULL, false},
	{"code", N_("CBS code"), N_("GM and four digits, such as GM0202."), FIELD_TEXT, true, 6, NULL, false},
	{"slug", N_("Short name in the address"), N_("Small letters, digits and dashes, such as arnhem. The pages are then at /arnhem."), FIELD_TEXT, true, 60, NULL, false},
	{"host", N_("Own web address (optional)"), N_("A host name such as lia.arnhem.nl, if the municipality has one that points to this server."), FIELD_TEXT, false, 253, NULL, false},
	{"coordinator_name", N_("Name of the first coordinator"), NULL, FIELD_TEXT, true, 200, "name", false},
	{"coordinator_email", N_("E-mail address of the first coordinator"), N_("This person gets an e-mail with a link to choose a password."), FIELD_EMAIL, true, 200, "email", false},
};
static const struct form_spec hosting_form = FORM_SPEC(hosting_fields);

/* The registry with a link to each municipality's pages: its host, or its
 * short name when there are several (with one, its pages are at /). */
static json_t *registry(struct req *r, int *rc)
{
	json_t *all = NULL;
	*rc = store_municipalities(r->store, &all);
	if (*rc)
		return NULL;
	req_own(r, all);
	size_t i;
	json_t *m;
	json_array_foreach(all, i, m) {
		const char *host = json_string_value(json_object_get(m, "host"));
		const char *slug = json_string_value(json_object_get(m, "slug"));
		json_object_set_new(m, "href", json_string(host ? arena_printf(r->arena, "https://%s/", host)
		                                           : json_array_size(all) > 1 ? arena_printf(r->arena, "/%s/", slug)
		                                                                       : "/"));
	}
	return all;
}

/* Only at the deployment's root (or with one municipality), so its links
 * to the municipalities are not put under another's short name. */
static bool at_root(struct req *r)
{
	return r->deployment || r->base[0] == '\0';
}

/* The root of a deployment with several municipalities: the national
 * picture of all of them (pages/national.c), each linked to its pages.
 * Public, published data only; the summaries are kept per data version
 * (store/q_national_all.c), and the ready bytes of this page are renewed
 * by a change in any municipality (http/finish.c). */
int page_municipalities(struct req *r, struct resp *out)
{
	if (!at_root(r) || !r->pool)
		return LIA_ENOTFOUND;
	int rc;
	json_t *all = registry(r, &rc);
	if (!all)
		return rc;
	json_t *items = NULL, *survey = NULL, *crpd = NULL;
	struct viewer v = {.lang = r->lang, .drafts = false, .now = r->now};
	rc = store_published_summaries(r->store, r->pool, all, &items);
	if (rc == 0)
		rc = store_survey_latest(r->store, &survey);
	if (rc == 0)
		rc = store_crpd(r->store, &v, &crpd);
	if (rc != 0) {
		json_decref(items);
		json_decref(survey);
		return rc;
	}
	json_t *data = national_picture(items, survey, json_object_get(crpd, "items"), r->lang);
	/* Each row links where the registry says (its host, or its short name). */
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(data, "municipalities"), i, row) {
		json_t *m = json_array_get(all, i);
		json_object_set(row, "href", json_object_get(m, "href"));
		json_object_set(row, "slug", json_object_get(m, "slug"));
		json_object_set(row, "host", json_object_get(m, "host"));
	}
	json_decref(items);
	json_decref(survey);
	json_decref(crpd);
	out->template = "national";
	out->title = TR(r->lang, N_("Local Inclusion Agendas in the Netherlands"));
	out->data = data;
	return 0;
}

/* A hosting administrator at the deployment's root: anyone else gets 404,
 * as if there were no such page. */
static bool host_admin(struct req *r)
{
	return r->user && r->user->host_admin && !r->user->via_token && r->municipality_id == 1 && at_root(r);
}

static int hosting_page(struct req *r, struct resp *out, json_t *values, json_t *errors)
{
	int rc;
	json_t *all = registry(r, &rc);
	if (!all)
		return rc;
	const char *title = TR(r->lang, N_("Hosting"));
	json_t *data = json_pack("{s:O, s:o}", "municipalities", all, "form",
	                         form_view(r, &hosting_form, values, errors, NULL));
	if (errors && json_object_size(errors))
		return form_fail(r, out, "hosting", title, data, errors);
	out->template = "hosting";
	out->title = title;
	out->data = data;
	return 0;
}

int page_hosting(struct req *r, struct resp *out)
{
	if (!host_admin(r))
		return LIA_ENOTFOUND;
	return hosting_page(r, out, req_own(r, json_object()), NULL);
}

/* Invite the first coordinator of municipality id, in its own database,
 * with links to its own pages. */
static int invite(struct req *r, long long id, const char *slug, const char *host, const char *name,
                  const char *email)
{
	struct store *m = NULL;
	char *err = NULL;
	int rc = store_open_municipality(store_deployment(r->store), id, STORE_OPEN_EXISTING, &m, &err);
	free(err);
	if (rc)
		return rc;
	mail_scope(host ? arena_printf(r->arena, "https://%s", host) : arena_printf(r->arena, "/%s", slug));
	struct mail_invite inv;
	mail_invite_make(r->lang, email, name, "first coordinator of a new municipality", &inv);
	mail_scope(r->site ? r->site : r->base);
	struct actor a = page_actor(r);
	a.user_id = 0; /* the account is municipality 1's, not this one's */
	long long uid = 0;
	rc = store_user_invite(m, &a, email, name, "coordinator", 0, r->lang, inv.digest, inv.expires, &inv.mail, &uid);
	mail_invite_free(&inv);
	store_close(m);
	return rc;
}

int page_hosting_add(struct req *r, struct resp *out)
{
	if (!host_admin(r))
		return LIA_ENOTFOUND;
	json_t *values = req_own(r, form_read(r, &hosting_form));
	json_t *errors = req_own(r, json_object());
	if (form_check(r, &hosting_form, values, NULL, errors) > 0)
		return hosting_page(r, out, values, errors);
	const char *host = form_val(values, "host");
	struct actor a = page_actor(r);
	long long id = 0;
	int rc = store_municipality_add(r->store, &a, form_val(values, "code"), form_val(values, "slug"),
	                                form_val(values, "name"), host && *host ? host : NULL, false, &id);
	if (rc == LIA_EINVAL || rc == LIA_ECONFLICT || rc == LIA_EFORBIDDEN) {
		form_error(errors, "code", rc == LIA_EINVAL
			? TR(r->lang, N_("Check the code (GM and four digits), the short name (small letters, digits and dashes) and the web address."))
			: rc == LIA_EFORBIDDEN
			? TR(r->lang, N_("lia cannot add a municipality now. The database account of lia sees the data of every municipality. Ask the system administrator to let lia use an ordinary database account."))
			: TR(r->lang, N_("A municipality with this code, short name or web address is already there.")));
		return hosting_page(r, out, values, errors);
	}
	if (rc)
		return rc;
	rc = invite(r, id, form_val(values, "slug"), host && *host ? host : NULL, form_val(values, "coordinator_name"),
	            form_val(values, "coordinator_email"));
	if (rc)
		return rc;
	out->redirect = "/hosting";
	out->flash = "municipality_added";
	return 0;
}
