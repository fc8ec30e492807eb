/*
 * edit_themes: the coordinator records and changes the programme's themes
 * (names in Dutch and English, description, place in the list). A resource
 * served by the generic form handlers with the generic form template: the
 * worked example of docs/resources.md.
 */
#include "pages/pages.h"

#include "core/err.h"
#include "core/i18n.h"
#include "pages/resource.h"
#include "store/w_themes.h"

#include <stdlib.h>
#include <string.h>

static const struct field theme_fields[] = {
	{"name_nl", N_("Name in Dutch"), N_("Short and clear, like Wonen or Werk en inkomen."), FIELD_TEXT, true, 120, NULL, false},
	{"name_en", N_("Name in English"), N_("The same name for readers of the English pages, like Housing."), FIELD_TEXT, true, 120, NULL, false},
	{"description_nl", N_("Description in Dutch"), N_("What the theme is about, in a few sentences of plain language."), FIELD_TEXTAREA, false, 2000, NULL, false},
	{"description_en", N_("Description in English"), NULL, FIELD_TEXTAREA, false, 2000, NULL, false},
	{"position", N_("Place in the list"), N_("A whole number: 1 comes first. Leave empty to put the theme at the end."), FIELD_NUMBER, false, 0, NULL, false},
};
static const struct form_spec theme_form = FORM_SPEC(theme_fields);

static void theme_check(struct res_ctx *c)
{
	const char *pos = form_val(c->values, "position");
	if (!json_object_get(c->errors, "position") && *pos && strtoll(pos, NULL, 10) < 1)
		form_error(c->errors, "position", TR(c->r->lang, N_("Fill in a place of 1 or more, or leave it empty.")));
}

static int theme_save(struct res_ctx *c, long long *id, const char **field, const char **why)
{
	const char *pos = form_val(c->values, "position");
	struct theme_input in = {
		.name_nl = form_val(c->values, "name_nl"),
		.name_en = form_val(c->values, "name_en"),
		.description_nl = form_val(c->values, "description_nl"),
		.description_en = form_val(c->values, "description_en"),
		.position = *pos ? strtoll(pos, NULL, 10) : 0,
	};
	return *id ? store_theme_update(c->r->store, &c->actor, *id, &in, field, why)
	           : store_theme_create(c->r->store, &c->actor, &in, field, why, id);
}

static int theme_refused(struct res_ctx *c, int rc, const char *field, const char *why)
{
	if (rc != LIA_EINVAL)
		return rc;
	form_error(c->errors, field ? field : "_body",
	           why && strcmp(why, "exists") == 0
	               ? TR(c->r->lang, N_("There is already a theme with this name. Change that theme, or choose another name."))
	               : TR(c->r->lang, N_("Fill in a place of 1 or more, or leave it empty.")));
	return 0;
}

const struct resource res_theme = {
	.form = &theme_form,
	.path = "/themes",
	.post_to_form = true, /* /themes and /themes/{id} stay read-only */
	.what = N_("theme"),
	.title_new = N_("Add a theme"),
	.title_edit = N_("Change a theme"),
	.lead = N_("The themes group the action points of the programme. Every page shows them in this order."),
	.cancel = "/themes",
	.not_found = N_("There is no theme with this number. See the list of themes."),
	.after = "/themes/",
	.after_id = true,
	.get = store_theme_get,
	.check = theme_check,
	.save = theme_save,
	.refused = theme_refused,
};
