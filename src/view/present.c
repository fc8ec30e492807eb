/*
 * present: labels, dates, money and Markdown for display (see present.h).
 * The label table is the one list of domain codes and their words.
 */
#include "view/present.h"

#include "core/i18n.h"
#include "core/mem.h"
#include "core/money.h"

#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct label {
	const char *field;
	const char *code;
	const char *msgid;
};

static const struct label labels[] = {
	{"status", "niet_gestart", N_("Not started")},
	{"status", "in_voorbereiding", N_("In preparation")},
	{"status", "in_uitvoering", N_("In progress")},
	{"status", "afgerond", N_("Completed")},
	{"status", "doorlopend", N_("Ongoing")},
	{"status", "vervallen", N_("Withdrawn")},
	{"health", "groen", N_("On schedule")},
	{"health", "oranje", N_("Needs attention")},
	{"health", "rood", N_("Problem")},
	{"health", "grijs", N_("Not applicable")},
	{"lia_phase", "niet_gestart", N_("Not started")},
	{"lia_phase", "in_verkenning", N_("Exploring")},
	{"lia_phase", "in_ontwikkeling", N_("Being developed")},
	{"lia_phase", "vastgesteld", N_("Adopted")},
	{"lia_phase", "in_uitvoering", N_("Being carried out")},
	{"role", "coordinator", N_("Coordinator")},
	{"role", "project_member", N_("Project group member")},
	{"role", "dossier_holder", N_("Dossier holder")},
	{"role", "reader", N_("Reader")},
	{"role", "voorzitter", N_("Chair")},
	{"role", "lid", N_("Member")},
	{"role", "secretaris", N_("Secretary")},
	{"role", "interviewer_municipal", N_("Interviewer from the municipality")},
	{"role", "interviewer_expert", N_("Interviewer with lived experience")},
	{"kind", "municipality", N_("Municipality")},
	{"kind", "partner", N_("Partner organisation")},
	{"kind", "national", N_("National organisation")},
	{"kind", "over_allocated", N_("More allocated than available")},
	{"kind", "overspent", N_("More spent than allocated")},
	{"kind", "outside_year", N_("Expense outside its year")},
	{"kind", "withdrawn_action", N_("Money for a withdrawn action point")},
	{"purpose", "inhoudelijke_verdieping", N_("Deepening the content")},
	{"purpose", "zichtbaarheid", N_("Visibility")},
	{"purpose", "ervaringsdeskundigheid", N_("Lived experience expertise")},
	{"purpose", "toegankelijkheid", N_("Accessibility")},
	{"purpose", "organisatie", N_("Organisation")},
	{"purpose", "overig", N_("Other")},
	{"part", "general", N_("General provisions")},
	{"part", "rights", N_("Rights")},
	{"part", "implementation", N_("Implementation and monitoring")},
	{"state", "open", N_("Open")},
	{"state", "published", N_("Published")},
};

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

/* Translated labels, [0] Dutch and [1] English, filled by present_init()
 * so that a page with hundreds of labels does no catalogue lookups. */
static const char *label_text[2][ARRAY_LEN(labels)];

void present_init(void)
{
	for (size_t i = 0; i < ARRAY_LEN(labels); i++) {
		label_text[0][i] = i18n_text("nl", labels[i].msgid);
		label_text[1][i] = i18n_text("en", labels[i].msgid);
	}
}

const char *present_label(const char *field, const char *code, const char *lang)
{
	int l = (lang && lang[0] == 'e') ? 1 : 0;
	for (size_t i = 0; i < ARRAY_LEN(labels); i++)
		if (strcmp(labels[i].field, field) == 0 && strcmp(labels[i].code, code) == 0)
			return label_text[l][i] ? label_text[l][i] : i18n_text(lang, labels[i].msgid);
	return NULL;
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

static void present_object(json_t *obj, const char *lang)
{
	/* Collect the new fields first: jansson forbids adding keys while iterating. */
	json_t *add = json_object();
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		size_t klen = strlen(key);
		if (json_is_object(v) || json_is_array(v)) {
			present(v, lang);
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
			if ((ends_with(key, klen, "_on") || ends_with(key, klen, "_at")) && klen + 6 < sizeof(name)) {
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
			money_format((long long)json_integer_value(v), lang, text, sizeof(text));
			json_object_set_new(add, name, json_string(text));
		}
	}
	json_object_update(obj, add);
	json_decref(add);
}

void present(json_t *data, const char *lang)
{
	if (json_is_object(data)) {
		present_object(data, lang);
	} else if (json_is_array(data)) {
		size_t i;
		json_t *v;
		json_array_foreach(data, i, v)
			present(v, lang);
	}
}
