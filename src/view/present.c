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

/* The fields present_object adds to one object, in the order they are made;
 * the first ADD_MAX in place (a row of a list needs about six), any more in
 * an object. Keys and values are the caller's until added. */
#define ADD_MAX 24
struct additions {
	size_t n;
	char name[ADD_MAX][96];
	json_t *value[ADD_MAX];
	json_t *more;
};

/* Add the field key (klen bytes) followed by suffix, if the name fits. */
static void add(struct additions *a, const char *key, size_t klen, const char *suffix, json_t *value)
{
	size_t slen = strlen(suffix);
	char name[96];
	if (klen + slen >= sizeof(name)) {
		json_decref(value);
		return;
	}
	memcpy(name, key, klen);
	memcpy(name + klen, suffix, slen + 1);
	if (a->n < ADD_MAX) {
		memcpy(a->name[a->n], name, klen + slen + 1);
		a->value[a->n++] = value;
		return;
	}
	if (!a->more)
		a->more = json_object();
	json_object_set_new(a->more, name, value);
}

/* A text of a date (i18n_date), remembered per thread for the last few
 * dates asked for: the rows of a list share their dates more often than not. */
#define DATES_KEPT 8
static bool date_text(const char *lang, const char *iso, char *out, size_t size)
{
	static _Thread_local struct {
		char lang, iso[24], text[48];
	} kept[DATES_KEPT];
	static _Thread_local unsigned next;
	for (unsigned i = 0; i < DATES_KEPT; i++)
		if (kept[i].iso[0] && kept[i].lang == lang[0] && strcmp(kept[i].iso, iso) == 0) {
			snprintf(out, size, "%s", kept[i].text);
			return true;
		}
	if (!i18n_date(lang, iso, out, size))
		return false;
	size_t ilen = strlen(iso), tlen = strlen(out);
	if (ilen < sizeof(kept[0].iso) && tlen < sizeof(kept[0].text)) {
		unsigned k = next++ % DATES_KEPT;
		memcpy(kept[k].iso, iso, ilen + 1);
		memcpy(kept[k].text, out, tlen + 1);
		kept[k].lang = lang[0];
	}
	return true;
}

static void present_object(json_t *obj, const char *lang, bool page)
{
	/* Collect the new fields first: jansson forbids adding keys while iterating. */
	struct additions a;
	a.n = 0;
	a.more = NULL;
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
			if (label)
				add(&a, key, klen, "_label", json_string_nocheck(label));
			if (strcmp(key, "health") == 0)
				add(&a, "health", 6, "_shape", json_string_nocheck(health_shape(s)));
			bool dated = ends_with(key, klen, "_on") || ends_with(key, klen, "_at");
			/* A one-day event ends the day it starts: "7 december 2023", not
			 * "7 december 2023 to 7 december 2023" (no ends_on_text then). */
			const char *starts = dated && strcmp(key, "ends_on") == 0
				? json_string_value(json_object_get(obj, "starts_on")) : NULL;
			bool same_day = starts && strcmp(starts, s) == 0;
			char text[48];
			if (dated && !same_day && date_text(lang, s, text, sizeof(text)))
				add(&a, key, klen, "_text", json_string_nocheck(text));
			if (ends_with(key, klen, "_md")) {
				char *html = present_markdown(s, json_string_length(v));
				add(&a, key, klen - 3, "_html", json_string(html));
				free(html);
			}
		} else if (json_is_integer(v) && ends_with(key, klen, "_cents")) {
			char text[MONEY_TEXT_MAX];
			if (page)
				money_format_nbsp((long long)json_integer_value(v), lang, text, sizeof(text));
			else
				money_format((long long)json_integer_value(v), lang, text, sizeof(text));
			add(&a, key, klen - 6, "_text", json_string(text));
		}
	}
	/* A text made before is kept: the report's figures are presented when the
	 * report is made, and the page that shows them must equal its files. */
	for (size_t i = 0; i < a.n; i++) {
		if (json_object_get(obj, a.name[i]))
			json_decref(a.value[i]);
		else
			json_object_set_new_nocheck(obj, a.name[i], a.value[i]);
	}
	if (a.more) {
		json_object_update_missing(obj, a.more);
		json_decref(a.more);
	}
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
