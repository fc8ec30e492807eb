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

/* Where the words for one field go: the field key (klen bytes) followed by
 * suffix gets text (len bytes); `lasting` texts live as long as the process
 * (labels, shapes), others only until the call returns. */
typedef void (*word_fn)(void *ctx, const char *key, size_t klen, const char *suffix, const char *text, size_t len,
                        bool lasting);

/* The words present adds for a text field key with value s (slen bytes);
 * starts is the object's starts_on (NULL if none). The one set of rules for
 * JSON objects and streamed rows. */
static void words_of_text(const char *key, const char *s, size_t slen, const char *starts, const char *lang,
                          word_fn put, void *ctx)
{
	size_t klen = strlen(key);
	const char *label = present_label(key, s, lang);
	if (label)
		put(ctx, key, klen, "_label", label, strlen(label), true);
	if (strcmp(key, "health") == 0) {
		const char *shape = health_shape(s);
		put(ctx, "health", 6, "_shape", shape, strlen(shape), true);
	}
	bool dated = ends_with(key, klen, "_on") || ends_with(key, klen, "_at");
	/* A one-day event ends the day it starts: "7 december 2023", not
	 * "7 december 2023 to 7 december 2023" (no ends_on_text then). */
	bool same_day = dated && starts && strcmp(key, "ends_on") == 0 && strcmp(starts, s) == 0;
	char text[48];
	if (dated && !same_day && date_text(lang, s, text, sizeof(text)))
		put(ctx, key, klen, "_text", text, strlen(text), false);
	if (ends_with(key, klen, "_md")) {
		char *html = present_markdown(s, slen);
		put(ctx, key, klen - 3, "_html", html, strlen(html), false);
		free(html);
	}
}

/* The words of an integer field key: amounts in cents as text. */
static void words_of_int(const char *key, long long n, const char *lang, bool page, word_fn put, void *ctx)
{
	size_t klen = strlen(key);
	if (!ends_with(key, klen, "_cents"))
		return;
	char text[MONEY_TEXT_MAX];
	if (page)
		money_format_nbsp(n, lang, text, sizeof(text));
	else
		money_format(n, lang, text, sizeof(text));
	put(ctx, key, klen - 6, "_text", text, strlen(text), false);
}

static void put_json(void *ctx, const char *key, size_t klen, const char *suffix, const char *text, size_t len,
                     bool lasting)
{
	add(ctx, key, klen, suffix, lasting ? json_stringn_nocheck(text, len) : json_stringn(text, len));
}

static void present_object(json_t *obj, const char *lang, bool page)
{
	/* Collect the new fields first: jansson forbids adding keys while iterating. */
	struct additions a;
	a.n = 0;
	a.more = NULL;
	const char *starts = json_string_value(json_object_get(obj, "starts_on"));
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		if (json_is_object(v) || json_is_array(v)) {
			present_in(v, lang, page);
		} else if (json_is_string(v)) {
			words_of_text(key, json_string_value(v), json_string_length(v), starts, lang, put_json, &a);
		} else if (json_is_integer(v)) {
			words_of_int(key, (long long)json_integer_value(v), lang, page, put_json, &a);
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

/* A new field of a row: its name and (unless lasting) its text copied into
 * the row's own text; left out when it does not fit, or when the row has a
 * field of that name already (a text made before is kept, as above). */
static void put_row(void *ctx, const char *key, size_t klen, const char *suffix, const char *text, size_t len,
                    bool lasting)
{
	struct row *r = ctx;
	char name[96];
	size_t slen = strlen(suffix);
	if (klen + slen >= sizeof(name))
		return;
	memcpy(name, key, klen);
	memcpy(name + klen, suffix, slen + 1);
	if (row_get(r, name))
		return;
	const char *n = row_text(r, name, klen + slen);
	const char *t = lasting ? text : row_text(r, text, len);
	if (n && t)
		row_add_text(r, n, t, len);
}

void present_row(struct row *r, const char *lang, bool page)
{
	const struct row_field *starts = row_get(r, "starts_on");
	const char *starts_on = starts && starts->type == ROW_TEXT ? starts->s : NULL;
	unsigned n = r->n; /* the fields of the row, not the words added */
	for (unsigned i = 0; i < n; i++) {
		const struct row_field *f = &r->f[i];
		if (f->type == ROW_TEXT)
			words_of_text(f->name, f->s, f->len, starts_on, lang, put_row, r);
		else if (f->type == ROW_INT)
			words_of_int(f->name, f->i, lang, page, put_row, r);
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
