/*
 * edit_letter: the coordinator edits the cover letter to the council: a
 * Markdown template with named fields ({{actions_completed}}), one per
 * language. The page lists every field with what it holds now, and shows
 * the letter filled in for the latest period (a second submit button, no
 * JavaScript). A template that cannot be read is refused with the line.
 */
#include "pages/reports.h"

#include "core/err.h"
#include "core/i18n.h"
#include "pages/form.h"
#include "report/report.h"
#include "store/report.h"
#include "view/mustache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct field letter_fields[] = {
	{"lang", N_("Language of the letter"), NULL, FIELD_RADIOS, true, 0, NULL, false},
	{"body_md", N_("Text of the letter"), N_("Markdown: a line with ## for a heading, - for a list item, **word** for bold. Put a field between double braces, like {{actions_completed}}: it is filled in from the figures of the period."), FIELD_TEXTAREA, true, 20000, NULL, true},
};
static const struct form_spec letter_form = FORM_SPEC(letter_fields);

static const char *lang_of(struct req *r)
{
	const char *l = req_field(r, "lang");
	if (!l)
		l = req_query(r, "lang");
	return l && strcmp(l, "en") == 0 ? "en" : l && strcmp(l, "nl") == 0 ? "nl" : r->lang;
}

static json_t *options(struct req *r)
{
	return json_pack("{s:[{s:s, s:s}, {s:s, s:s}]}", "lang", "value", "nl", "label", TR(r->lang, N_("Dutch")),
	                 "value", "en", "label", TR(r->lang, N_("English")));
}

/* The page: the form, the fields and (with preview_md) the filled letter. */
static int letter_page(struct req *r, struct resp *out, json_t *values, json_t *errors, const char *preview_md)
{
	const char *lang = json_string_value(json_object_get(values, "lang"));
	long long period = store_report_latest_period(r->store, false);
	json_t *fields = NULL;
	char today[11];
	snprintf(today, sizeof(today), "%.10s", r->now);
	int rc = period ? report_letter_fields(r->store, period, lang, today, &fields) : 0;
	if (rc)
		return rc;
	json_t *opts = options(r);
	json_t *data = json_pack("{s:o, s:o, s:b}", "form", form_view(r, &letter_form, values, errors, opts), "fields",
	                         fields ? fields : json_array(), "has_period", period > 0);
	json_decref(opts);
	if (preview_md && period)
		json_object_set_new(data, "has_preview", json_true());
	out->template = "letter_form";
	out->title = TR(r->lang, N_("Letter to the council"));
	if (errors && json_object_size(errors))
		return form_fail(r, out, "letter_form", out->title, data, errors);
	out->data = data;
	return 0;
}

int page_letter_form(struct req *r, struct resp *out)
{
	const char *lang = lang_of(r);
	json_t *row = NULL;
	int rc = store_letter_template(r->store, lang, &row);
	if (rc)
		return rc;
	const char *body = json_is_object(row) ? json_string_value(json_object_get(row, "body_md")) : NULL;
	json_t *values = json_pack("{s:s, s:s}", "lang", lang, "body_md", body ? body : report_letter_default(lang));
	json_decref(row);
	rc = letter_page(r, out, values, NULL, NULL);
	json_decref(values);
	return rc;
}

int page_letter_save(struct req *r, struct resp *out)
{
	json_t *values = form_read(r, &letter_form);
	json_t *errors = json_object();
	json_t *opts = options(r);
	form_check(r, &letter_form, values, opts, errors);
	json_decref(opts);
	const char *body = json_string_value(json_object_get(values, "body_md"));
	if (!json_object_get(errors, "body_md")) {
		struct mu_template *t = NULL;
		char *err = NULL;
		if (mu_compile(body, strlen(body), &t, &err) != 0) {
			/* The engine's message is English ("line 3: section 'x' is not closed"): say it in the
			 * reader's language, keeping the line number. */
			long line = err && strncmp(err, "line ", 5) == 0 ? strtol(err + 5, NULL, 10) : 0;
			form_error(errors, "body_md", line > 0
				? arena_printf(r->arena, TR(r->lang, N_("The fields in the text cannot be read at line %ld. Check that every {{ has a matching }}, and that every {{#name}} is closed with {{/name}}.")), line)
				: TR(r->lang, N_("The fields in the text cannot be read. Check that every {{ has a matching }}, and that every {{#name}} is closed with {{/name}}.")));
			free(err);
		}
		mu_free(t);
	}
	int rc = 0;
	bool preview = req_field(r, "preview") && !r->want_json;
	if (json_object_size(errors) == 0 && !preview) {
		struct actor a = {.user_id = r->user->id, .request_id = r->id, .now = r->now};
		rc = store_letter_template_save(r->store, &a, json_string_value(json_object_get(values, "lang")), body);
		if (rc == 0) {
			out->redirect = arena_printf(r->arena, "/letter?lang=%s", json_string_value(json_object_get(values, "lang")));
			out->flash = "saved";
		}
	} else {
		rc = letter_page(r, out, values, errors, preview ? body : NULL);
		if (rc == 0 && preview && json_object_size(errors) == 0) {
			/* The letter as it would be now, for the latest period, from the text in the form. */
			long long period = store_report_latest_period(r->store, false);
			json_t *fig = NULL;
			if (period && report_figures(r->store, period, json_string_value(json_object_get(values, "lang")), &fig) == 0) {
				char today[11];
				snprintf(today, sizeof(today), "%.10s", r->now);
				struct report_options o = {.period_id = period, .lang = json_string_value(json_object_get(values, "lang")),
				                           .document = REPORT_LETTER, .in_page = true, .today = today};
				struct buf html = BUF_INIT;
				if (report_letter_preview(fig, body, &o, &html) == 0)
					json_object_set_new(out->data, "preview_html", json_string(buf_cstr(&html)));
				buf_free(&html);
				json_decref(fig);
			}
		}
	}
	json_decref(values);
	json_decref(errors);
	return rc;
}
