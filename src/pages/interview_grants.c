/*
 * interview_grants: the coordinator lets one more account read an
 * interview's restricted notes, or no longer (besides the interview's duo
 * and the coordinator, who always may). Each grant is per interview and per
 * account, and audited (store/q_access.h). Shown on the interview's page,
 * for the coordinator only.
 */
#include "pages/pages.h"

#include "core/err.h"
#include "core/i18n.h"
#include "pages/form.h"
#include "store/q_access.h"

#include <string.h>

int interview_grants_extra(struct req *r, long long id, json_t *extra)
{
	/* The template asks for can_grant on every interview page (strict templates). */
	json_object_set_new(extra, "can_grant", json_boolean(page_role_at_least(r, PERM_COORDINATOR)));
	if (!page_role_at_least(r, PERM_COORDINATOR))
		return 0;
	json_t *grants = NULL, *users = NULL;
	int rc = store_notes_grants(r->store, id, &grants);
	if (rc == 0 && (rc = store_users(r->store, &users)) != 0)
		json_decref(grants);
	if (rc)
		return rc;
	/* Who could be given them: active accounts that cannot read them already. */
	json_t *options = json_array();
	size_t i;
	json_t *u;
	json_array_foreach(users, i, u) {
		const char *role = json_string_value(json_object_get(u, "role"));
		if (!json_is_null(json_object_get(u, "disabled_at")) || (role && strcmp(role, "coordinator") == 0))
			continue;
		json_array_append_new(options, json_pack("{s:I, s:O}", "value", json_integer_value(json_object_get(u, "id")),
		                                         "label", json_object_get(u, "email")));
	}
	json_decref(users);
	json_object_set_new(extra, "interview_id", json_integer(id));
	json_object_set_new(extra, "has_grants", json_boolean(json_array_size(grants) > 0));
	json_object_set_new(extra, "grants", grants);
	json_object_set_new(extra, "grant_options", options);
	return 0;
}

/* Grant (or withdraw) account user_id interview id's notes; back to the interview. */
static int grant(struct req *r, struct resp *out, long long id, long long user_id, bool yes)
{
	struct actor a = page_actor(r);
	int rc = store_notes_grant(r->store, &a, id, user_id, yes);
	if (rc == LIA_ENOTFOUND) {
		out->detail = TR(r->lang, N_("There is no such interview, or no such active account. Choose an account from the list on the interview's page."));
		return LIA_EINVAL;
	}
	if (rc)
		return rc;
	out->redirect = arena_printf(r->arena, "/interviews/%lld#grants-h", id);
	out->flash = "saved";
	return 0;
}

int page_interview_grant(struct req *r, struct resp *out)
{
	long long id;
	int rc = req_param_id(r, 0, TR(r->lang, N_("interview")), out, &id);
	if (rc)
		return rc;
	long long user_id = form_id(req_field(r, "user_id"));
	if (!user_id) {
		out->detail = TR(r->lang, N_("Choose the account that may read the notes."));
		return LIA_EINVAL;
	}
	return grant(r, out, id, user_id, true);
}

int page_interview_revoke(struct req *r, struct resp *out)
{
	long long id, user_id;
	int rc = req_param_id(r, 0, TR(r->lang, N_("interview")), out, &id);
	if (rc == 0)
		rc = req_param_id(r, 1, TR(r->lang, N_("account")), out, &user_id);
	if (rc)
		return rc;
	return grant(r, out, id, user_id, false);
}
