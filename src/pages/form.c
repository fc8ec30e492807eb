/*
 * form: reading, checking and describing forms (see form.h).
 */
#include "pages/form.h"

#include "core/i18n.h"
#include "view/readable.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned max_len(const struct field *fd)
{
	return fd->max_len ? fd->max_len : fd->kind == FIELD_TEXTAREA ? 20000 : 200;
}

/* A JSON value as submitted text. */
static json_t *as_text(json_t *v)
{
	char num[32];
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		size_t len = json_string_length(v);
		while (len && isspace((unsigned char)*s)) {
			s++;
			len--;
		}
		while (len && isspace((unsigned char)s[len - 1]))
			len--;
		/* Text that is not UTF-8 is "" here; form_check says what is wrong. */
		json_t *t = json_stringn(s, len);
		return t ? t : json_string("");
	}
	if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
		return json_string(num);
	}
	if (json_is_true(v))
		return json_string("1");
	return json_string("");
}

json_t *form_read(struct req *r, const struct form_spec *f)
{
	json_t *values = json_object();
	for (size_t i = 0; i < f->n; i++) {
		const struct field *fd = &f->fields[i];
		json_t *v = r->body ? json_object_get(r->body, fd->name) : NULL;
		if (fd->kind == FIELD_CHECKBOXES) {
			json_t *arr = json_array();
			if (json_is_array(v)) {
				size_t j;
				json_t *e;
				json_array_foreach(v, j, e)
					json_array_append_new(arr, as_text(e));
			} else if (v) {
				json_array_append_new(arr, as_text(v));
			}
			json_object_set_new(values, fd->name, arr);
		} else {
			json_object_set_new(values, fd->name, v ? as_text(json_is_array(v) ? json_array_get(v, 0) : v)
			                                        : json_string(""));
		}
	}
	return values;
}

void form_error(json_t *errors, const char *name, const char *message)
{
	if (!json_object_get(errors, name))
		json_object_set_new(errors, name, json_string(message));
}

static bool valid_date(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return false;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(m == 2 && d == 29 && !leap);
}

static bool valid_email(const char *s)
{
	const char *at = strchr(s, '@');
	return at && at != s && !strchr(at + 1, '@') && strchr(at + 1, '.') && at[1] != '.' &&
	       s[strlen(s) - 1] != '.' && !strpbrk(s, " \t<>\"(),;:");
}

static bool valid_number(const char *s)
{
	if (*s == '-')
		s++;
	if (!*s || strlen(s) > 15)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* True if s (len bytes) is well-formed UTF-8: no stray continuation
 * bytes, overlong forms, surrogates or code points over U+10FFFF. */
static bool utf8_valid(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		size_t n = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : 4;
		if (n == 4 || n >= len - i)
			return false;
		unsigned long cp = n == 0 ? c : n == 1 ? c & 0x1f : n == 2 ? c & 0x0f : c & 0x07;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		static const unsigned long least[] = {0, 0x80, 0x800, 0x10000};
		if (cp < least[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += n + 1;
	}
	return true;
}

/* Characters, not bytes: users count letters. */
static size_t utf8_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static bool in_options(json_t *opts, const char *value)
{
	size_t i;
	json_t *o;
	json_array_foreach(opts, i, o)
		if (strcmp(json_string_value(json_object_get(o, "value")), value) == 0)
			return true;
	return false;
}

/* What is wrong with the bytes of a submitted value, before any other
 * check: NULL when nothing. Read from the request itself, because the value
 * form_read() made of it hides it (invalid UTF-8 becomes ""; a zero byte
 * would cut the text where it is stored). */
static const char *raw_problem(struct req *r, const struct field *fd, json_t *raw, const char *label)
{
	if (!json_is_string(raw))
		return NULL;
	const unsigned char *s = (const unsigned char *)json_string_value(raw);
	size_t len = json_string_length(raw);
	if (!utf8_valid(s, len))
		return arena_printf(r->arena, TR(r->lang, N_("\"%s\" is not readable text (it is not UTF-8). Type or paste the text again.")), label);
	bool line_break = false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n' || s[i] == '\r')
			line_break = true;
		else if ((s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7f)
			return arena_printf(r->arena, TR(r->lang, N_("\"%s\" contains a character that cannot be saved: a control character, such as a zero byte. Remove it and send the form again.")), label);
	}
	if (line_break && fd->kind != FIELD_TEXTAREA)
		return arena_printf(r->arena, TR(r->lang, N_("\"%s\" must be on one line. Remove the line breaks.")), label);
	return NULL;
}

/* raw_problem() for a submitted value or each one of a repeated name; the
 * first problem found is the field's error. Returns true if there was one. */
static bool bytes_wrong(struct req *r, const struct field *fd, json_t *errors)
{
	json_t *raw = r->body ? json_object_get(r->body, fd->name) : NULL;
	const char *label = TR(r->lang, fd->label);
	const char *why = NULL;
	if (json_is_array(raw)) {
		size_t i;
		json_t *e;
		json_array_foreach(raw, i, e)
			if (!why)
				why = raw_problem(r, fd, e, label);
	} else {
		why = raw_problem(r, fd, raw, label);
	}
	if (why)
		form_error(errors, fd->name, why);
	return why != NULL;
}

int form_check(struct req *r, const struct form_spec *f, json_t *values, json_t *options, json_t *errors)
{
	const char *lang = r->lang;
	if (r->body && json_object_get(r->body, "_invalid_json"))
		form_error(errors, "_body", TR(lang, N_("The JSON in the request could not be read. Send one JSON object.")));
	for (size_t i = 0; i < f->n; i++) {
		const struct field *fd = &f->fields[i];
		const char *label = TR(lang, fd->label);
		json_t *v = json_object_get(values, fd->name);
		json_t *opts = options ? json_object_get(options, fd->name) : NULL;
		if (bytes_wrong(r, fd, errors))
			continue;
		if (fd->kind == FIELD_CHECKBOXES) {
			if (fd->required && json_array_size(v) == 0)
				form_error(errors, fd->name, arena_printf(r->arena, TR(lang, N_("Choose at least one option for \"%s\".")), label));
			size_t j;
			json_t *e;
			json_array_foreach(v, j, e)
				if (opts && !in_options(opts, json_string_value(e)))
					form_error(errors, fd->name, arena_printf(r->arena, TR(lang, N_("Choose from the options given for \"%s\".")), label));
			continue;
		}
		const char *s = json_string_value(v);
		if (!s || !*s) {
			if (fd->required)
				form_error(errors, fd->name, arena_printf(r->arena,
					fd->kind == FIELD_SELECT || fd->kind == FIELD_RADIOS
						? TR(lang, N_("Choose an option for \"%s\"."))
						: TR(lang, N_("Fill in \"%s\".")), label));
			continue;
		}
		if (utf8_len(s) > max_len(fd)) {
			form_error(errors, fd->name, arena_printf(r->arena, TR(lang, N_("\"%s\" can be at most %u characters long. Now it is %zu.")),
			                                          label, max_len(fd), utf8_len(s)));
			continue;
		}
		switch (fd->kind) {
		case FIELD_EMAIL:
			if (!valid_email(s))
				form_error(errors, fd->name, arena_printf(r->arena, TR(lang, N_("Fill in an e-mail address like name@example.nl for \"%s\".")), label));
			break;
		case FIELD_DATE:
			if (!valid_date(s))
				form_error(errors, fd->name, arena_printf(r->arena, TR(lang, N_("Fill in a real date for \"%s\", for example 1 March 2024.")), label));
			break;
		case FIELD_NUMBER:
			if (!valid_number(s))
				form_error(errors, fd->name, arena_printf(r->arena, TR(lang, N_("Fill in a whole number for \"%s\", like 12.")), label));
			break;
		case FIELD_SELECT:
		case FIELD_RADIOS:
			if (opts && !in_options(opts, s))
				form_error(errors, fd->name, arena_printf(r->arena, TR(lang, N_("Choose from the options given for \"%s\".")), label));
			break;
		case FIELD_CHECKBOX:
			if (strcmp(s, "1") != 0 && strcmp(s, "on") != 0 && strcmp(s, "true") != 0)
				form_error(errors, fd->name, arena_printf(r->arena, TR(lang, N_("Tick \"%s\" or leave it empty.")), label));
			break;
		default:
			break;
		}
	}
	return (int)json_object_size(errors);
}

static bool selected(json_t *value, const char *opt)
{
	if (json_is_array(value)) {
		size_t i;
		json_t *e;
		json_array_foreach(value, i, e)
			if (strcmp(json_string_value(e), opt) == 0)
				return true;
		return false;
	}
	return json_is_string(value) && strcmp(json_string_value(value), opt) == 0;
}

/* The one example every date hint ends with (see form_view). */
static const char *const FORM_DATE_EXAMPLE = N_("For example 1 March 2024.");

json_t *form_view(struct req *r, const struct form_spec *f, json_t *values, json_t *errors, json_t *options)
{
	static const char *const kinds[] = {"is_text", "is_email", "is_password", "is_textarea", "is_date",
	                                    "is_number", "is_select", "is_radios", "is_checkboxes", "is_checkbox"};
	json_t *fields = json_array(), *summary = json_array();
	for (size_t i = 0; i < f->n; i++) {
		const struct field *fd = &f->fields[i];
		json_t *v = values ? json_object_get(values, fd->name) : NULL;
		json_t *err = errors ? json_object_get(errors, fd->name) : NULL;
		const char *id = arena_printf(r->arena, "f-%s", fd->name);
		json_t *o = json_pack("{s:s, s:s, s:s, s:b, s:b, s:i}", "name", fd->name, "id", id, "label",
		                      TR(r->lang, fd->label), "required", fd->required, kinds[fd->kind], 1,
		                      "max_len", (json_int_t)max_len(fd));
		/* A date field shows the date in the browser's own order (31-12-2024,
		 * 12/31/2024 ...): every date hint ends with the same example, a day in
		 * words, never an order of digits that may not match the field. */
		const char *hint = fd->hint ? TR(r->lang, fd->hint) : NULL;
		if (fd->kind == FIELD_DATE)
			hint = hint ? arena_printf(r->arena, "%s %s", hint, TR(r->lang, FORM_DATE_EXAMPLE))
			            : TR(r->lang, FORM_DATE_EXAMPLE);
		if (hint)
			json_object_set_new(o, "hint", json_string(hint));
		if (fd->autocomplete)
			json_object_set_new(o, "autocomplete", json_string(fd->autocomplete));
		if (fd->markdown)
			json_object_set_new(o, "markdown", json_true());
		if (fd->kind != FIELD_PASSWORD && json_is_string(v))
			json_object_set(o, "value", v);
		if (fd->kind == FIELD_CHECKBOX && v && selected(v, "1"))
			json_object_set_new(o, "checked", json_true());
		/* A written text gets its readability (Flesch-Douma), so writers see it
		 * while editing: after a preview, an error, or when changing a text.
		 * Flesch-Douma measures Dutch: an English text (a field *_en) gets none. */
		size_t nlen = strlen(fd->name);
		bool english = nlen > 3 && strcmp(fd->name + nlen - 3, "_en") == 0;
		json_t *readable = fd->kind == FIELD_TEXTAREA && !english && max_len(fd) > FORM_LINES_MAX && json_is_string(v)
		                       ? readable_json(json_string_value(v), "nl", r->lang) : NULL;
		if (readable)
			json_object_set_new(o, "readability", readable);
		/* What a screen reader reads after the label: the hint, then the error. */
		const char *described = NULL;
		if (hint && err)
			described = arena_printf(r->arena, "%s-hint %s-error", id, id);
		else if (hint)
			described = arena_printf(r->arena, "%s-hint", id);
		else if (err)
			described = arena_printf(r->arena, "%s-error", id);
		if (readable)
			described = described ? arena_printf(r->arena, "%s %s-readability", described, id)
			                      : arena_printf(r->arena, "%s-readability", id);
		if (described)
			json_object_set_new(o, "describedby", json_string(described));
		json_t *opts = options ? json_object_get(options, fd->name) : NULL;
		if (err) {
			json_object_set(o, "error", err);
			/* A group of radios or checkboxes is a fieldset, which cannot take
			 * focus: the summary links to its first choice (WCAG 2.4.3). */
			bool group = (fd->kind == FIELD_RADIOS || fd->kind == FIELD_CHECKBOXES) && json_array_size(opts) > 0;
			json_array_append_new(summary, json_pack("{s:s, s:O}", "id", group ? arena_printf(r->arena, "%s-0", id) : id,
			                                         "message", err));
		}
		if (opts) {
			json_t *list = json_array();
			size_t j;
			json_t *op;
			json_array_foreach(opts, j, op) {
				const char *val = json_string_value(json_object_get(op, "value"));
				json_t *item = json_pack("{s:s, s:O, s:s, s:b}", "value", val, "label", json_object_get(op, "label"),
				                         "id", arena_printf(r->arena, "%s-%zu", id, j), "selected", selected(v, val));
				json_array_append_new(list, item);
			}
			json_object_set_new(o, "options", list);
		}
		json_array_append_new(fields, o);
	}
	/* Errors about the whole request (not one field) come first. */
	json_t *body_err = errors ? json_object_get(errors, "_body") : NULL;
	if (body_err)
		json_array_insert_new(summary, 0, json_pack("{s:s, s:O}", "id", "main", "message", body_err));
	return json_pack("{s:o, s:o, s:b}", "fields", fields, "errors", summary, "has_errors",
	                 json_array_size(summary) > 0);
}

int form_fail(struct req *r, struct resp *out, const char *tpl, const char *title, json_t *data, json_t *errors)
{
	out->status = 422;
	out->template = tpl;
	/* The page title says there are errors, so it is heard first. */
	out->title = arena_printf(r->arena, "%s: %s", TR(r->lang, N_("Error")), title);
	out->data = data;
	out->errors = json_incref(errors);
	out->detail = TR(r->lang, N_("Some answers need to be corrected. See errors for each field."));
	return 0;
}
