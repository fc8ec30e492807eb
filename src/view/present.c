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
#define NAME_MAX_LEN 96
struct additions {
	size_t n;
	char name[ADD_MAX][NAME_MAX_LEN];
	json_t *value[ADD_MAX];
	json_t *more;
};

/* Add the field name (shorter than NAME_MAX_LEN: words_of_name). */
static void add(struct additions *a, const char *name, json_t *value)
{
	if (a->n < ADD_MAX) {
		memcpy(a->name[a->n], name, strlen(name) + 1);
		a->value[a->n++] = value;
		return;
	}
	if (!a->more)
		a->more = json_object();
	json_object_set_new(a->more, name, value);
}

/* A text of a date (i18n_date), remembered per thread for DATES_KEPT
 * dates, each in the place its text and language give it: the rows of a
 * list share their dates more often than not. */
#define DATES_KEPT 64
static bool date_text(const char *lang, const char *iso, char *out, size_t size)
{
	static _Thread_local struct {
		char lang, iso[24], text[48];
		size_t ilen, tlen;
	} kept[DATES_KEPT];
	size_t ilen = 0;
	unsigned h = 2166136261u ^ (unsigned char)lang[0]; /* FNV-1a */
	for (; iso[ilen]; ilen++)
		h = (h ^ (unsigned char)iso[ilen]) * 16777619u;
	unsigned k = h % DATES_KEPT;
	if (kept[k].ilen == ilen && ilen && kept[k].lang == lang[0] && memcmp(kept[k].iso, iso, ilen) == 0 &&
	    kept[k].tlen < size) {
		memcpy(out, kept[k].text, kept[k].tlen + 1);
		return true;
	}
	if (!i18n_date(lang, iso, out, size))
		return false;
	size_t tlen = strlen(out);
	if (ilen < sizeof(kept[0].iso) && tlen < sizeof(kept[0].text)) {
		memcpy(kept[k].iso, iso, ilen + 1);
		memcpy(kept[k].text, out, tlen + 1);
		kept[k].ilen = ilen;
		kept[k].tlen = tlen;
		kept[k].lang = lang[0];
	}
	return true;
}

/* What present adds for a field depends on its name (is there a
 * vocabulary list for it, is it the health, a date, Markdown, an amount)
 * and then on its value. The one set of rules for JSON objects and
 * streamed rows: words_of_name, then words_of_value. */
enum { W_LABEL = 1, W_SHAPE = 2, W_DATE = 4, W_ENDS = 8, W_MD = 16, W_CENTS = 32 };
struct name_words {
	unsigned what;
	/* The names of the fields it adds (the shape's is "health_shape"). */
	char label[NAME_MAX_LEN], text[NAME_MAX_LEN], html[NAME_MAX_LEN];
};

/* name = key (klen bytes) + suffix into out, if it fits. */
static bool join_name(char *out, const char *key, size_t klen, const char *suffix)
{
	size_t slen = strlen(suffix);
	if (klen + slen >= NAME_MAX_LEN)
		return false;
	memcpy(out, key, klen);
	memcpy(out + klen, suffix, slen + 1);
	return true;
}

static void words_of_name(const char *key, struct name_words *nw)
{
	size_t klen = strlen(key);
	unsigned what = 0;
	if (vocab_field_labelled(key) && join_name(nw->label, key, klen, "_label"))
		what |= W_LABEL;
	if (strcmp(key, "health") == 0)
		what |= W_SHAPE;
	if ((ends_with(key, klen, "_on") || ends_with(key, klen, "_at")) && join_name(nw->text, key, klen, "_text"))
		what |= W_DATE | (strcmp(key, "ends_on") == 0 ? W_ENDS : 0);
	if (ends_with(key, klen, "_md") && join_name(nw->html, key, klen - 3, "_html"))
		what |= W_MD;
	if (ends_with(key, klen, "_cents") && join_name(nw->text, key, klen - 6, "_text"))
		what |= W_CENTS;
	nw->what = what;
}

/* Where the words for one field go: the field name gets text (len bytes);
 * `lasting` texts live as long as the process (labels, shapes), others
 * only until the call returns. */
typedef void (*word_fn)(void *ctx, const char *name, const char *text, size_t len, bool lasting);

/* The words for field key (its name's words nw) with a text value s (slen
 * bytes; NULL: an integer n). starts is the object's starts_on (NULL if
 * none). */
static void words_of_value(const char *key, const struct name_words *nw, const char *s, size_t slen, long long n,
                           const char *starts, const char *lang, bool page, word_fn put, void *ctx)
{
	unsigned what = nw->what;
	if (!s) {
		if (what & W_CENTS) {
			char text[MONEY_TEXT_MAX];
			if (page)
				money_format_nbsp(n, lang, text, sizeof(text));
			else
				money_format(n, lang, text, sizeof(text));
			put(ctx, nw->text, text, strlen(text), false);
		}
		return;
	}
	if (what & W_LABEL) {
		const char *label = present_label(key, s, lang);
		if (label)
			put(ctx, nw->label, label, strlen(label), true);
	}
	if (what & W_SHAPE) {
		const char *shape = health_shape(s);
		put(ctx, "health_shape", shape, strlen(shape), true);
	}
	/* A one-day event ends the day it starts: "7 december 2023", not
	 * "7 december 2023 to 7 december 2023" (no ends_on_text then). */
	bool same_day = (what & W_ENDS) && starts && strcmp(starts, s) == 0;
	char text[48];
	if ((what & W_DATE) && !same_day && date_text(lang, s, text, sizeof(text)))
		put(ctx, nw->text, text, strlen(text), false);
	if (what & W_MD) {
		char *html = present_markdown(s, slen);
		put(ctx, nw->html, html, strlen(html), false);
		free(html);
	}
}

static void put_json(void *ctx, const char *name, const char *text, size_t len, bool lasting)
{
	add(ctx, name, lasting ? json_stringn_nocheck(text, len) : json_stringn(text, len));
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
			continue;
		}
		struct name_words nw;
		if (json_is_string(v)) {
			words_of_name(key, &nw);
			words_of_value(key, &nw, json_string_value(v), json_string_length(v), 0, starts, lang, page, put_json,
			               &a);
		} else if (json_is_integer(v)) {
			words_of_name(key, &nw);
			words_of_value(key, &nw, NULL, 0, (long long)json_integer_value(v), starts, lang, page, put_json, &a);
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
static void put_row(void *ctx, const char *name, const char *text, size_t len, bool lasting)
{
	struct row *r = ctx;
	if (row_get(r, name))
		return;
	const char *n = row_text(r, name, strlen(name));
	const char *t = lasting ? text : row_text(r, text, len);
	if (n && t)
		row_add_text(r, n, t, len);
}

/* A new field of a row whose name is kept in words_kept (below), which
 * also knows that the row has no field of that name: only the text (unless
 * lasting) is copied into the row. */
static void put_known(void *ctx, const char *name, const char *text, size_t len, bool lasting)
{
	struct row *r = ctx;
	const char *t = lasting ? text : row_text(r, text, len);
	if (t)
		row_add_text(r, name, t, len);
}

/* The rows of a list share their names, so words_of_name is worked out
 * for the first row and kept, per thread, with the names of the fields it
 * adds (which the rows then borrow from here). A row with other names
 * (another list) works it out again. */
struct row_words {
	unsigned n;  /* the fields of the rows it was made for; 0: none yet */
	unsigned long long shape; /* their shape (row.h), if they had one */
	bool plain;  /* no added name is made twice: the quick way is exact */
	int starts;  /* the field starts_on, or -1 */
	struct {
		char name[NAME_MAX_LEN]; /* the field's own name, to compare */
		struct name_words nw;
	} f[ROW_FIELDS];
};
static _Thread_local struct row_words words_kept;

/* Are the names of r the ones w was made for? Rows of one shape have the
 * same names: they are compared for the first row of a shape only. */
static bool same_names(struct row_words *w, const struct row *r)
{
	if (w->n != r->n || w->n == 0)
		return false;
	bool shaped = r->shape && r->nshape == r->n;
	if (shaped && w->shape == r->shape)
		return true;
	for (unsigned i = 0; i < r->n; i++)
		if (strcmp(w->f[i].name, r->f[i].name) != 0)
			return false;
	w->shape = shaped ? r->shape : 0;
	return true;
}

/* Work out w for the names of r. An added name that a field of the row
 * already has is not added (put_row keeps the row's own); when two fields
 * would add the same name, w is not plain and present_row takes the long
 * way, as put_row would decide it row by row. */
static void learn_names(struct row_words *w, const struct row *r)
{
	w->n = 0;
	w->shape = r->nshape == r->n ? r->shape : 0;
	w->plain = true;
	w->starts = -1;
	const char *added[ROW_FIELDS * 4];
	size_t nadded = 0;
	for (unsigned i = 0; i < r->n; i++) {
		const char *key = r->f[i].name;
		size_t klen = strlen(key);
		if (klen >= NAME_MAX_LEN)
			return; /* (w->n stays 0: never used) */
		memcpy(w->f[i].name, key, klen + 1);
		if (strcmp(key, "starts_on") == 0 && w->starts < 0)
			w->starts = (int)i;
		struct name_words *nw = &w->f[i].nw;
		words_of_name(key, nw);
		/* The row's own fields come first: a name it has is not added. */
		if ((nw->what & W_LABEL) && row_get(r, nw->label))
			nw->what &= ~(unsigned)W_LABEL;
		if ((nw->what & W_SHAPE) && row_get(r, "health_shape"))
			nw->what &= ~(unsigned)W_SHAPE;
		if ((nw->what & (W_DATE | W_CENTS)) && row_get(r, nw->text))
			nw->what &= ~(unsigned)(W_DATE | W_ENDS | W_CENTS);
		if ((nw->what & W_MD) && row_get(r, nw->html))
			nw->what &= ~(unsigned)W_MD;
		if (nw->what & W_LABEL)
			added[nadded++] = nw->label;
		if (nw->what & W_SHAPE)
			added[nadded++] = "health_shape";
		if (nw->what & (W_DATE | W_CENTS))
			added[nadded++] = nw->text;
		if (nw->what & W_MD)
			added[nadded++] = nw->html;
	}
	for (size_t a = 0; a < nadded && w->plain; a++)
		for (size_t b = a + 1; b < nadded; b++)
			if (strcmp(added[a], added[b]) == 0)
				w->plain = false;
	w->n = r->n;
}

void present_row(struct row *r, const char *lang, bool page)
{
	struct row_words *w = &words_kept;
	if (!same_names(w, r))
		learn_names(w, r);
	/* The quick way when the names are known and plain, else the long way:
	 * the words of each name worked out again and checked against the row. */
	bool known = w->n && w->plain;
	int si = known ? w->starts : -1;
	const struct row_field *starts = known ? (si >= 0 ? &r->f[si] : NULL) : row_get(r, "starts_on");
	const char *starts_on = starts && starts->type == ROW_TEXT ? starts->s : NULL;
	unsigned n = r->n; /* the fields of the row, not the words added */
	for (unsigned i = 0; i < n; i++) {
		const struct row_field *f = &r->f[i];
		if (f->type != ROW_TEXT && f->type != ROW_INT)
			continue;
		struct name_words own;
		const struct name_words *nw = known ? &w->f[i].nw : &own;
		if (!known)
			words_of_name(f->name, &own);
		if (!nw->what)
			continue;
		bool text = f->type == ROW_TEXT;
		words_of_value(f->name, nw, text ? f->s : NULL, text ? f->len : 0, text ? 0 : f->i, starts_on, lang, page,
		               known ? put_known : put_row, r);
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
