/*
 * present: labels, dates, money and Markdown for display (see present.h).
 * The words of domain codes come from the one vocabulary table (vocab.h).
 */
#include "view/present.h"

#include "core/i18n.h"
#include "core/money.h"
#include "core/vocab.h"

#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The shape that goes with each health colour, so colour is never the only
 * signal: the templates draw the icon named here and write the label. */
static const char *health_shape(const char *code)
{
	if (strcmp(code, "groen") == 0)
		return "circle";
	if (strcmp(code, "oranje") == 0)
		return "triangle";
	if (strcmp(code, "rood") == 0)
		return "square";
	return "dash";
}

void present_init(void)
{
	vocab_init();
}

const char *present_label(const char *field, const char *code, const char *lang)
{
	return vocab_field_label(field, code, lang);
}

char *present_markdown(const char *md, size_t len)
{
	/* CMARK_OPT_DEFAULT is safe in cmark >= 0.29: raw HTML and javascript:
	 * links are dropped. Never add CMARK_OPT_UNSAFE. */
	return cmark_markdown_to_html(md, len, CMARK_OPT_DEFAULT | CMARK_OPT_SMART);
}

static bool ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);
	return len > n && memcmp(s + len - n, suffix, n) == 0;
}

static void present_in(json_t *data, const char *lang, bool page);

static void present_object(json_t *obj, const char *lang, bool page)
{
	/* Collect the new fields first: jansson forbids adding keys while iterating. */
	json_t *add = json_object();
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		size_t klen = strlen(key);
		if (json_is_object(v) || json_is_array(v)) {
			present_in(v, lang, page);
			continue;
		}
		if (json_is_string(v)) {
			const char *s = json_string_value(v);
			const char *label = present_label(key, s, lang);
			char name[96];
			if (label && klen + 7 < sizeof(name)) {
				snprintf(name, sizeof(name), "%s_label", key);
				json_object_set_new(add, name, json_string(label));
			}
			if (strcmp(key, "health") == 0)
				json_object_set_new(add, "health_shape", json_string(health_shape(s)));
			/* A one-day event ends the day it starts: "7 december 2023", not
			 * "7 december 2023 to 7 december 2023" (no ends_on_text then). */
			const char *starts = json_string_value(json_object_get(obj, "starts_on"));
			bool same_day = strcmp(key, "ends_on") == 0 && starts && strcmp(starts, s) == 0;
			if ((ends_with(key, klen, "_on") || ends_with(key, klen, "_at")) && !same_day && klen + 6 < sizeof(name)) {
				char text[48];
				if (i18n_date(lang, s, text, sizeof(text))) {
					snprintf(name, sizeof(name), "%s_text", key);
					json_object_set_new(add, name, json_string(text));
				}
			}
			if (ends_with(key, klen, "_md") && klen < sizeof(name)) {
				char *html = present_markdown(s, json_string_length(v));
				snprintf(name, sizeof(name), "%.*s_html", (int)(klen - 3), key);
				json_object_set_new(add, name, json_string(html));
				free(html);
			}
		} else if (json_is_integer(v) && ends_with(key, klen, "_cents") && klen < 96) {
			char name[96], text[MONEY_TEXT_MAX];
			snprintf(name, sizeof(name), "%.*s_text", (int)(klen - 6), key);
			if (page)
				money_format_nbsp((long long)json_integer_value(v), lang, text, sizeof(text));
			else
				money_format((long long)json_integer_value(v), lang, text, sizeof(text));
			json_object_set_new(add, name, json_string(text));
		}
	}
	/* A text made before is kept: the report's figures are presented when the
	 * report is made, and the page that shows them must equal its files. */
	json_object_update_missing(obj, add);
	json_decref(add);
}

static void present_in(json_t *data, const char *lang, bool page)
{
	if (json_is_object(data)) {
		present_object(data, lang, page);
	} else if (json_is_array(data)) {
		size_t i;
		json_t *v;
		json_array_foreach(data, i, v)
			present_in(v, lang, page);
	}
}

void present(json_t *data, const char *lang)
{
	present_in(data, lang, false);
}

void present_page(json_t *data, const char *lang)
{
	present_in(data, lang, true);
}
