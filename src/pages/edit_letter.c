/*
 * edit_letter: the coordinator edits the cover letter to the council: a
 * Markdown template with named fields ({{actions_completed}}), one per
 * language. The page lists every field with what it holds now, and shows
 * the letter filled in for the latest period (a second submit button, no
 * JavaScript). A template that cannot be read is refused with the line.
 * The same form records who signs every letter (in both languages); a
 * submission without that field leaves them as they are.
 */
#include "pages/pages.h"

#include "core/err.h"
#include "core/i18n.h"
#include "pages/form.h"
#include "report/report.h"
#include "store/report.h"
#include "view/mustache.h"

#include <stdlib.h>
#include <string.h>

static const struct field letter_fields[] = {
	{"lang", N_("Language of the letter"), NULL, FIELD_RADIOS, true, 0, NULL, false},
	{"body_md", N_("Text of the letter"), N_("Markdown: a line with ## for a heading, - for a list item, **word** for bold. Put a field between double braces, like {{actions_completed}}: it is filled in from the figures of the period."), FIELD_TEXTAREA, true, 20000, NULL, true},
	{"signatories", N_("Signed by"), N_("Optional. One person per line: the name, a comma and the function, like: H.M.F. Bruls, burgemeester. The letter in both languages ends with these lines. Leave it empty to end with the college only."), FIELD_TEXTAREA, false, FORM_LINES_MAX, NULL, false},
};
static const struct form_spec letter_form = FORM_SPEC(letter_fields);

static const char *lang_of(struct req *r)
{
	const char *l = req_field(r, "lang");
	if (!l)
		l = req_query(r, "lang");
	return l && strcmp(l, "en") == 0 ? "en" : l && strcmp(l, "nl") == 0 ? "nl" : r->lang;
}

/* The language radios (owned by the request). */
static json_t *options(struct req *r)
{
	return req_own(r, json_pack("{s:[{s:s, s:s}, {s:s, s:s}]}", "lang", "value", "nl", "label", TR(r->lang, N_("Dutch")),
	                            "value", "en", "label", TR(r->lang, N_("English"))));
}

/* The request's day (YYYY-MM-DD), which the letter is dated. */
static const char *today(struct req *r)
{
	return arena_printf(r->arena, "%.10s", r->now);
}

/* The page: the form, the fields and (with preview_md) the filled letter. */
static int letter_page(struct req *r, struct resp *out, json_t *values, json_t *errors, const char *preview_md)
{
	long long period = store_report_latest_period(r->store, false);
	json_t *fields = NULL;
	int rc = period ? report_letter_fields(r->store, period, form_val(values, "lang"), today(r), &fields) : 0;
	if (rc)
		return rc;
	json_t *data = json_pack("{s:o, s:o, s:b}", "form", form_view(r, &letter_form, values, errors, options(r)),
	                         "fields", fields ? fields : json_array(), "has_period", period > 0);
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
	/* Not inside json_is_object(): that macro reads its argument twice. */
	req_own(r, row);
	const char *body = json_is_object(row) ? json_string_value(json_object_get(row, "body_md")) : NULL;
	json_t *signed_by = NULL;
	rc = store_letter_signatories(r->store, &signed_by);
	if (rc)
		return rc;
	req_own(r, signed_by);
	json_t *values = req_own(r, json_pack("{s:s, s:s, s:O}", "lang", lang, "body_md", body ? body : report_letter_default(lang),
	                                      "signatories", signed_by));
	return letter_page(r, out, values, NULL, NULL);
}

/* The fields in the text must be readable: a template error becomes the field's error. */
static void letter_check(struct req *r, const char *body, json_t *errors)
{
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

/* The letter as it would be now, for the latest period, from the text in the form. */
static void letter_preview(struct req *r, json_t *data, const char *lang, const char *body, const char *signatories)
{
	long long period = store_report_latest_period(r->store, false);
	json_t *fig = NULL;
	if (!period || report_figures(r->store, period, lang, &fig) != 0)
		return;
	req_own(r, fig);
	/* The signatories as in the form, like the text. */
	if (signatories)
		json_object_set_new(json_object_get(fig, "programme"), "signatories", json_string(signatories));
	struct report_options o = {.period_id = period, .lang = lang, .document = REPORT_LETTER, .in_page = true,
	                           .today = today(r)};
	struct buf html = BUF_INIT;
	if (report_letter_preview(fig, body, &o, &html) == 0)
		json_object_set_new(data, "preview_html", json_string(buf_cstr(&html)));
	buf_free(&html);
}

int page_letter_save(struct req *r, struct resp *out)
{
	json_t *values = req_own(r, form_read(r, &letter_form));
	json_t *errors = req_own(r, json_object());
	form_check(r, &letter_form, values, options(r), errors);
	const char *body = form_val(values, "body_md"), *lang = form_val(values, "lang");
	if (!json_object_get(errors, "body_md"))
		letter_check(r, body, errors);
	bool preview = req_field(r, "preview") && !r->want_json;
	if (json_object_size(errors) == 0 && !preview) {
		struct actor a = page_actor(r);
		/* Not sent (an API client that only changes the text): kept as they are. */
		const char *signatories = req_field(r, "signatories") ? form_val(values, "signatories") : NULL;
		int rc = store_letter_template_save(r->store, &a, lang, body, signatories);
		if (rc == 0) {
			out->redirect = arena_printf(r->arena, "/letter?lang=%s", lang);
			out->flash = "saved";
		}
		return rc;
	}
	int rc = letter_page(r, out, values, errors, preview ? body : NULL);
	if (rc == 0 && preview && json_object_size(errors) == 0)
		letter_preview(r, out->data, lang, body,
		               req_field(r, "signatories") ? form_val(values, "signatories") : NULL);
	return rc;
}
