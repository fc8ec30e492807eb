/*
 * admin_audit: the audit log, for the coordinator: who changed what and
 * when, with a table of the fields that changed (before and after), newest
 * first, filtered with a plain GET form (works without JavaScript) and paged
 * with an "older" link. The log is read-only: there is no route that changes
 * it, and the database refuses updates and deletions (migration 0002).
 */
#include "pages/pages.h"

#include "core/err.h"
#include "core/jsonget.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/vocab.h"
#include "pages/form.h"

#include <stdlib.h>
#include <string.h>

#define AUDIT_PAGE 50

static const struct field filter_fields[] = {
	{"entity", N_("Kind of data"), NULL, FIELD_SELECT, false, 0, NULL, false},
	{"user", N_("Changed by"), NULL, FIELD_SELECT, false, 0, NULL, false},
	/* The field shows the date as the browser's language writes it (31-03-2024,
	 * 03/31/2024): the hint names a day, not an order of digits. */
	{"from", N_("From date"), N_("The first day to show."), FIELD_DATE, false, 10, NULL, false},
	{"to", N_("Up to and including date"), N_("The last day to show."), FIELD_DATE, false, 10, NULL, false},
};
static const struct form_spec filter_form = FORM_SPEC(filter_fields);

/* The words of an audit log code (core/vocab.c), or the code itself when it
 * has none (a kind of record added later). */
static const char *word(struct req *r, const char *list, const char *code)
{
	const char *w = code ? vocab_label(list, code, r->lang) : NULL;
	return w ? w : code ? code : "";
}

/* The names of the fields of the records, as the forms call them. A field
 * not listed here (a column added later) shows its own name. */
static const struct {
	const char *field, *label;
} field_words[] = {
	{"id", N_("Number in lia")}, {"created_at", N_("Made on")}, {"updated_at", N_("Changed on")},
	{"name", N_("Name")}, {"display_name", N_("Name")}, {"email", N_("E-mail address")},
	{"phone", N_("Phone number")}, {"job_title", N_("Job title")}, {"organisation_id", N_("Organisation (its number)")}, {"organisation", N_("Organisation")},
	{"is_municipal", N_("Works for the municipality")}, {"is_experience_expert", N_("Expert by experience")},
	{"communication_needs", N_("Communication needs")}, {"consent_recorded_on", N_("Consent recorded on")},
	{"role", N_("Role")}, {"disabled_at", N_("Disabled on")}, {"password_hash", N_("Password")},
	{"title", N_("Title")}, {"title_nl", N_("Title in Dutch")}, {"title_en", N_("Title in English")},
	{"name_nl", N_("Name in Dutch")}, {"name_en", N_("Name in English")}, {"description", N_("Description")},
	{"description_nl", N_("Description in Dutch")}, {"description_en", N_("Description in English")},
	{"code", N_("Code")}, {"status", N_("Status")}, {"health", N_("Health")}, {"theme_id", N_("Theme")},
	{"dossier_holder_id", N_("Dossier holder")}, {"due_on", N_("Due date")}, {"starts_on", N_("Start date")},
	{"ends_on", N_("End date")}, {"progress_md", N_("Progress")}, {"holder_assessment", N_("Assessment of the dossier holder")},
	{"expert_assessment", N_("Assessment of the experience expert")}, {"health_cause", N_("Cause")},
	{"health_consequence", N_("Consequence")}, {"health_measures", N_("Measures")}, {"amount_cents", N_("Amount")},
	{"spent_on", N_("Date")}, {"allocated_on", N_("Date of the decision")}, {"reference", N_("Reference")},
	{"allocation_id", N_("Allocation")}, {"source_id", N_("Funding source")}, {"action_point_id", N_("Action point")},
	{"purpose", N_("Purpose")}, {"year", N_("Year")}, {"import_id", N_("Import")}, {"state", N_("State")},
	{"published_at", N_("Published on")}, {"held_on", N_("Date")}, {"location", N_("Place")}, {"kind", N_("Kind")},
	{"participants", N_("Participants")}, {"public_summary", N_("Public summary")}, {"explanation", N_("Explanation")},
	{"file_name", N_("File")}, {"lines", N_("Lines")}, {"added", N_("Added")}, {"imported_at", N_("Imported on")},
	{"digest", N_("Checksum")}, {"user_id", N_("Account")}, {"person_id", N_("Person")}, {"period_id", N_("Reporting period")},
	{"note", N_("Note")}, {"website", N_("Website")}, {"address", N_("Address")}, {"subtitle", N_("Subtitle")},
	{"body_md", N_("Text")}, {"start_year", N_("First year")}, {"end_year", N_("Last year")},
	{"adopted_on", N_("Adopted on")}, {"letter_signatories", N_("Signed by")}, {"share_percent", N_("Share")}, {"event_id", N_("Event")},
};

static const char *field_word(struct req *r, const char *field)
{
	for (size_t i = 0; i < sizeof(field_words) / sizeof(field_words[0]); i++)
		if (strcmp(field_words[i].field, field) == 0)
			return TR(r->lang, field_words[i].label);
	return field;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n > k && strcmp(s + n - k, suffix) == 0;
}

/* A value of field as text for the table of changes ("" for none): dates in
 * words, amounts in euros and counts grouped, as the rest of lia writes them. */
static const char *value_text(struct req *r, const char *field, json_t *v)
{
	if (!v || json_is_null(v))
		return "";
	char text[MONEY_TEXT_MAX + 48];
	if (json_is_integer(v) && ends_with(field, "_cents"))
		return arena_strdup(r->arena, money_format_nbsp(json_integer_value(v), r->lang, text, sizeof(text)));
	/* Counts grouped as the language writes them ("20.000 regels"); ids and years stay digits. */
	if (json_is_integer(v) && (strcmp(field, "lines") == 0 || strcmp(field, "added") == 0 || strcmp(field, "participants") == 0)) {
		i18n_count(r->lang, (long long)json_integer_value(v), text, sizeof(text));
		return arena_strdup(r->arena, text);
	}
	if (json_is_string(v) && (ends_with(field, "_on") || ends_with(field, "_at")) &&
	    i18n_date(r->lang, json_string_value(v), text, sizeof(text))) {
		const char *s = json_string_value(v);
		if (ends_with(field, "_at") && strlen(s) >= 16) /* a moment: its time of day too */
			return arena_printf(r->arena, "%s, %.5s UTC", text, s + 11);
		return arena_strdup(r->arena, text);
	}
	/* A sensitive field is kept as a keyed digest only (store/sensitive.c):
	 * say so; two different digests still show that it changed. */
	if (json_is_string(v) && strcmp(json_string_value(v), "digest:removed") == 0)
		return TR(r->lang, N_("(not kept)"));
	if (json_is_string(v) && strncmp(json_string_value(v), "digest:", 7) == 0)
		return arena_printf(r->arena, TR(r->lang, N_("(not shown; code %.8s)")), json_string_value(v) + 7);
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_true(v))
		return TR(r->lang, N_("yes"));
	if (json_is_false(v))
		return TR(r->lang, N_("no"));
	char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	const char *out = arena_strdup(r->arena, s ? s : "");
	free(s);
	return out;
}

/* The fields that differ between before and after: [{field, before, after}]. */
static json_t *changes(struct req *r, json_t *before, json_t *after)
{
	json_t *rows = json_array(), *keys = json_object();
	const char *k;
	json_t *v;
	if (json_is_object(before))
		json_object_foreach(before, k, v) json_object_set_new(keys, k, json_true());
	if (json_is_object(after))
		json_object_foreach(after, k, v) json_object_set_new(keys, k, json_true());
	json_object_foreach(keys, k, v) {
		json_t *b = json_object_get(before, k), *a = json_object_get(after, k);
		if ((b && a && json_equal(b, a)) || (!b && !a))
			continue;
		json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s}", "field", k, "field_label", field_word(r, k),
		                                      "before", value_text(r, k, b), "after", value_text(r, k, a)));
	}
	json_decref(keys);
	return rows;
}

static json_t *parse(const char *text)
{
	if (!text || !*text)
		return json_null();
	json_t *j = json_loads(text, 0, NULL);
	return j ? j : json_null();
}

/* The entities and accounts to filter on (owned by the request). */
static json_t *filter_options(struct req *r)
{
	json_t *entities = NULL, *users = NULL;
	json_t *eo = json_array(), *uo = json_array();
	if (store_audit_choices(r->store, &entities, &users) == 0) {
		req_own(r, entities);
		req_own(r, users);
		size_t i;
		json_t *x;
		json_array_foreach(entities, i, x)
			json_array_append_new(eo, json_pack("{s:s, s:s}", "value", jstr(x, "entity"), "label",
			                                    word(r, "audit_entity", jstr(x, "entity"))));
		json_array_foreach(users, i, x) {
			const char *name = jstr(x, "display_name");
			json_array_append_new(uo, json_pack("{s:s, s:s}", "value",
				arena_printf(r->arena, "%lld", (long long)json_integer_value(json_object_get(x, "id"))), "label",
				*name ? arena_printf(r->arena, "%s (%s)", name, jstr(x, "email")) : jstr(x, "email")));
		}
	}
	return req_own(r, json_pack("{s:o, s:o}", "entity", eo, "user", uo));
}

int page_audit(struct req *r, struct resp *out)
{
	const char *title = TR(r->lang, N_("Audit log"));
	req_access(r, "audit", NULL, 0, 0, true);
	json_t *values = req_own(r, json_object());
	for (size_t i = 0; i < filter_form.n; i++) {
		const char *q = req_query(r, filter_fields[i].name);
		json_object_set_new(values, filter_fields[i].name, json_string(q ? q : ""));
	}
	json_t *opts = filter_options(r);
	json_t *errors = req_own(r, json_object());
	if (form_check(r, &filter_form, values, opts, errors) > 0) {
		json_t *d = json_pack("{s:o, s:[], s:b}", "form", form_view(r, &filter_form, values, errors, opts), "items",
		                      "filtered", 1);
		return form_fail(r, out, "audit", title, d, errors);
	}
	const char *before = req_query(r, "before");
	struct audit_filter f = {
		.entity = *jstr(values, "entity") ? jstr(values, "entity") : NULL,
		.user_id = form_id(jstr(values, "user")),
		.since = *jstr(values, "from") ? jstr(values, "from") : NULL,
		.until = *jstr(values, "to") ? jstr(values, "to") : NULL,
		.before_id = before ? strtoll(before, NULL, 10) : 0,
		.limit = AUDIT_PAGE + 1,
	};
	if (f.before_id < 0)
		f.before_id = 0;
	json_t *rows = NULL;
	int rc = store_audit_page(r->store, &f, &rows);
	if (rc != 0)
		return rc;
	bool more = json_array_size(rows) > AUDIT_PAGE;
	if (more)
		json_array_remove(rows, AUDIT_PAGE);
	size_t i;
	json_t *e;
	long long last = 0;
	json_array_foreach(rows, i, e) {
		json_t *b = parse(jstr(e, "before_json")), *a = parse(jstr(e, "after_json"));
		json_t *ch = changes(r, b, a);
		json_object_set_new(e, "has_changes", json_boolean(json_array_size(ch) > 0));
		json_object_set_new(e, "changes", ch);
		json_object_set_new(e, "before", b);
		json_object_set_new(e, "after", a);
		json_object_del(e, "before_json");
		json_object_del(e, "after_json");
		json_object_set_new(e, "action_label", json_string(word(r, "audit_action", jstr(e, "action"))));
		json_object_set_new(e, "entity_label", json_string(word(r, "audit_entity", jstr(e, "entity"))));
		const char *at = jstr(e, "changed_at");
		if (strlen(at) >= 16) /* the time of day too: several changes a day are normal */
			json_object_set_new(e, "changed_time", json_string(arena_printf(r->arena, "%.5s UTC", at + 11)));
		last = json_integer_value(json_object_get(e, "id"));
	}
	json_t *d = json_pack("{s:o, s:b, s:o, s:I, s:b}", "form", form_view(r, &filter_form, values, NULL, opts),
	                      "has_items", json_array_size(rows) > 0, "items", rows, "count",
	                      (json_int_t)json_array_size(rows), "filtered",
	                      f.entity || f.user_id || f.since || f.until);
	if (more) {
		/* Only checked values go into the link: entity from the options, dates checked, numbers. */
		json_object_set_new(d, "older", json_string(arena_printf(r->arena, "/audit?entity=%s&user=%s&from=%s&to=%s&before=%lld",
			jstr(values, "entity"), jstr(values, "user"), jstr(values, "from"), jstr(values, "to"), last)));
	}
	if (f.before_id)
		json_object_set_new(d, "newest", json_string(arena_printf(r->arena, "/audit?entity=%s&user=%s&from=%s&to=%s",
			jstr(values, "entity"), jstr(values, "user"), jstr(values, "from"), jstr(values, "to"))));
	out->template = "audit";
	out->title = title;
	out->data = d;
	return 0;
}
