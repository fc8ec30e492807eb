/*
 * view: the template registry and the page layout context. All templates are
 * compiled at start-up (a syntax error stops the server before it listens),
 * held read-only and shared by all threads. The per-language string tables
 * are built once, too.
 */
#include "view/view.h"

#include "core/assets.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/mem.h"
#include "view/mustache.h"
#include "view/present.h"
#include "view/strings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEMPLATE_PREFIX "templates/"
#define TEMPLATE_SUFFIX ".mustache"
#define SCHEMA_PREFIX "schemas/"
#define MAX_TEMPLATES 96

struct tpl {
	char *name; /* "dashboard" */
	struct mu_template *t;
	/* Strict mode: the names this page's data may leave out, as the keys of
	 * an object (the property names of the schemas that name this template
	 * in "x-lia-template", and of the schemas they refer to), or NULL. */
	json_t *known;
};

static struct tpl templates[MAX_TEMPLATES];
static unsigned ntemplates;
/* Strict templates (view_set_strict, LIA_STRICT_TEMPLATES=1): set before
 * serving, read by every render. */
static bool strict;

/* Keys of the layout's own context (site_context) that are absent on some
 * pages: no user for the public, no form token, no message to show. */
static const char *const layout_optional[] = {"user", "csrf", "flash"};
static json_t *strings_nl, *strings_en;
/* {"t": strings} per language: the outermost frame of every render. Shared by
 * all threads and never modified or reference-counted after start-up. */
static json_t *frame_nl, *frame_en;

struct nav_item {
	const char *href;
	const char *key; /* into the string table */
};

static const struct nav_item nav[] = {
	{"/", "nav_dashboard"},
	{"/themes", "nav_themes"},
	{"/actions", "nav_actions"},
	{"/crpd", "nav_crpd"},
	{"/organisation", "nav_organisation"},
	{"/events", "nav_events"},
	{"/interviews", "nav_interviews"},
	{"/funds", "nav_funds"},
	{"/periods", "nav_periods"},
};

/* templates is sorted by name (view_init): a partial is looked up for every
 * row of a list. */
static int tpl_order(const void *a, const void *b)
{
	return strcmp(((const struct tpl *)a)->name, ((const struct tpl *)b)->name);
}

static struct tpl *find_tpl(const char *name)
{
	struct tpl key = {.name = (char *)name};
	return bsearch(&key, templates, ntemplates, sizeof(templates[0]), tpl_order);
}

static const struct mu_template *find_template(void *ctx, const char *name)
{
	const struct tpl *tp = find_tpl(name);
	return tp ? tp->t : NULL;
}

static const char *template_name(void *ctx, const struct mu_template *t)
{
	for (unsigned i = 0; i < ntemplates; i++)
		if (templates[i].t == t)
			return templates[i].name;
	return NULL;
}

static bool known_name(void *ctx, const char *name)
{
	const struct tpl *tp = ctx;
	for (size_t i = 0; i < ARRAY_LEN(layout_optional); i++)
		if (strcmp(layout_optional[i], name) == 0)
			return true;
	return tp && tp->known && json_object_get(tp->known, name);
}

/* The part of doc that a JSON pointer ("/$defs/form") names, or NULL. Only
 * plain keys: lia's schemas use no escapes (~0, ~1) in references. */
static json_t *pointer(json_t *doc, const char *ptr)
{
	while (doc && *ptr == '/') {
		ptr++;
		size_t n = strcspn(ptr, "/");
		char key[64];
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, ptr, n);
		key[n] = '\0';
		doc = json_object_get(doc, key);
		ptr += n;
	}
	return *ptr ? NULL : doc;
}

/* Adds every property name of schema (at any depth) to names, following its
 * references: "common.json#/$defs/form" into that part of that file, and
 * "#/$defs/x" into root (the file schema is part of). Each reference is
 * followed once (seen), so cycles end. */
static void collect_names(json_t *schema, json_t *root, json_t *names, json_t *seen)
{
	if (json_is_array(schema)) {
		size_t i;
		json_t *v;
		json_array_foreach(schema, i, v)
			collect_names(v, root, names, seen);
		return;
	}
	if (!json_is_object(schema))
		return;
	const char *key;
	json_t *v;
	json_t *props = json_object_get(schema, "properties");
	json_object_foreach(props, key, v) {
		json_object_set_new(names, key, json_true());
		collect_names(v, root, names, seen);
	}
	json_object_foreach(schema, key, v)
		if (strcmp(key, "properties") != 0 && strcmp(key, "$defs") != 0)
			collect_names(v, root, names, seen);
	const char *ref = json_string_value(json_object_get(schema, "$ref"));
	if (!ref)
		return;
	/* "$ref" is per file; a local one is named with the root's $id. */
	const char *frag = strchr(ref, '#');
	const char *root_id = json_string_value(json_object_get(root, "$id"));
	char id[192];
	snprintf(id, sizeof(id), "%s%s", ref[0] == '#' && root_id ? root_id : "", ref);
	if (json_object_get(seen, id))
		return;
	json_object_set_new(seen, id, json_true());
	if (ref[0] == '#') {
		collect_names(pointer(root, frag + 1), root, names, seen);
		return;
	}
	char file[128];
	size_t n = frag ? (size_t)(frag - ref) : strlen(ref);
	if (n >= sizeof(file) - sizeof(SCHEMA_PREFIX))
		return;
	snprintf(file, sizeof(file), SCHEMA_PREFIX "%.*s", (int)n, ref);
	const struct asset *a = assets_find(file);
	json_t *other = a ? json_loadb(a->data, a->len, 0, NULL) : NULL;
	if (other)
		collect_names(frag ? pointer(other, frag + 1) : other, other, names, seen);
	json_decref(other);
}

/* Reads the data contract (the schemas/ assets) into each template's known names. */
static int load_schemas(void)
{
	size_t plen = strlen(SCHEMA_PREFIX);
	for (unsigned i = 0; i < assets_count; i++) {
		if (strncmp(assets[i].name, SCHEMA_PREFIX, plen) != 0)
			continue;
		json_error_t e;
		json_t *schema = json_loadb(assets[i].data, assets[i].len, 0, &e);
		if (!schema) {
			log_error("%s: line %d: %s", assets[i].name, e.line, e.text);
			return -1;
		}
		const char *tname = json_string_value(json_object_get(schema, "x-lia-template"));
		struct tpl *tp = tname ? find_tpl(tname) : NULL;
		if (tname && !tp) {
			log_error("%s: x-lia-template names %s, which is not a template", assets[i].name, tname);
			json_decref(schema);
			return -1;
		}
		if (tp) {
			if (!tp->known)
				tp->known = json_object();
			json_t *seen = json_object();
			collect_names(schema, schema, tp->known, seen);
			json_decref(seen);
		}
		json_decref(schema);
	}
	return 0;
}

void view_set_strict(bool on)
{
	strict = on;
}

bool view_strict(void)
{
	return strict;
}

static json_t *build_strings(const char *lang)
{
	static const struct view_string *const tables[] = {view_string_table, view_string_table_bulk};
	json_t *o = json_object();
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (const struct view_string *s = tables[t]; s->key; s++) {
			if (json_object_get(o, s->key))
				mem_die("interface string key %s is defined twice", s->key);
			json_object_set_new(o, s->key, json_string(i18n_text(lang, s->msgid)));
		}
	return o;
}

int view_init(void)
{
	size_t plen = strlen(TEMPLATE_PREFIX), slen = strlen(TEMPLATE_SUFFIX);
	for (unsigned i = 0; i < assets_count; i++) {
		const char *name = assets[i].name;
		size_t len = strlen(name);
		if (strncmp(name, TEMPLATE_PREFIX, plen) != 0 || len <= plen + slen ||
		    strcmp(name + len - slen, TEMPLATE_SUFFIX) != 0)
			continue;
		if (ntemplates == MAX_TEMPLATES)
			mem_die("more than %d templates: raise MAX_TEMPLATES", MAX_TEMPLATES);
		char *err = NULL;
		struct mu_template *t = NULL;
		if (mu_compile(assets[i].data, assets[i].len, &t, &err) != 0) {
			log_error("template %s: %s", name, err ? err : "syntax error");
			free(err);
			return -1;
		}
		templates[ntemplates].name = mem_strndup(name + plen, len - plen - slen);
		templates[ntemplates].t = t;
		templates[ntemplates].known = NULL;
		ntemplates++;
	}
	qsort(templates, ntemplates, sizeof(templates[0]), tpl_order);
	if (load_schemas() != 0)
		return -1;
	const char *env = getenv("LIA_STRICT_TEMPLATES");
	if (env && strcmp(env, "1") == 0)
		strict = true;
	present_init();
	strings_nl = build_strings("nl");
	strings_en = build_strings("en");
	frame_nl = json_pack("{s:O}", "t", strings_nl);
	frame_en = json_pack("{s:O}", "t", strings_en);
	return 0;
}

void view_shutdown(void)
{
	for (unsigned i = 0; i < ntemplates; i++) {
		free(templates[i].name);
		mu_free(templates[i].t);
		json_decref(templates[i].known);
	}
	ntemplates = 0;
	json_decref(frame_nl);
	json_decref(frame_en);
	json_decref(strings_nl);
	json_decref(strings_en);
	strings_nl = strings_en = frame_nl = frame_en = NULL;
}

json_t *view_strings(const char *lang)
{
	return (lang && lang[0] == 'e') ? strings_en : strings_nl;
}

/* True if the nav item at href is the current section for path. */
static bool nav_current(const char *href, const char *path)
{
	if (strcmp(href, "/") == 0)
		return strcmp(path, "/") == 0;
	size_t n = strlen(href);
	return strncmp(path, href, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static json_t *site_context(const struct view_page *pg)
{
	json_t *strings = view_strings(pg->lang);
	json_t *items = json_array();
	for (size_t i = 0; i < ARRAY_LEN(nav) && !pg->deployment; i++) {
		const char *label = json_string_value(json_object_get(strings, nav[i].key));
		json_array_append_new(items, json_pack("{s:s, s:s, s:b}", "href", nav[i].href, "label", label,
		                                       "current", nav_current(nav[i].href, pg->path)));
	}
	bool en = pg->lang[0] == 'e';
	json_t *ctx = json_pack("{s:s, s:o, s:{s:s, s:s, s:s, s:s?}, s:{s:s, s:s, s:s, s:s}, s:i, s:{s:b}}",
		"lang", pg->lang,
		"nav", items,
		"page", "title", pg->title ? pg->title : "", "path", pg->path,
		        "api_href", pg->path, "request_id", pg->request_id,
		"switch", "lang", en ? "nl" : "en", "name", en ? "Nederlands" : "English",
		          "href_lang", en ? "nl" : "en", "href", pg->lang_href ? pg->lang_href : en ? "?lang=nl" : "?lang=en",
		"status", pg->status,
		"site", "example", pg->example);
	/* What the signed-in user may do, for links to forms (levels as in
	 * http/router.h: 1 reader, 2 dossier holder, 3 project member, 4 coordinator). */
	int level = pg->deployment ? 0 : pg->level;
	json_object_set_new(ctx, "can", json_pack("{s:b, s:b, s:b, s:b}", "read", level >= 1, "write_updates",
	                                          level >= 2, "edit", level >= 3, "manage", level >= 4));
	/* Templates write local paths from the root; the HTTP layer puts the
	 * municipality's base in front of them. base is here for what is not a
	 * link attribute (it is "" or "/slug"). */
	json_object_set_new(ctx, "base", json_string(pg->base ? pg->base : ""));
	json_object_set_new(ctx, "deployment", json_boolean(pg->deployment));
	if (pg->user) {
		/* An experience expert's account is a project member's: say both. */
		const char *role = pg->user_role ? present_label("role", pg->user_role, pg->lang) : NULL;
		json_t *label = role && pg->user_expert
			? json_sprintf(i18n_text(pg->lang, N_("%s and experience expert")), role) : role ? json_string(role) : NULL;
		json_t *user = json_pack("{s:s, s:o?}", "name", pg->user, "role_label", label);
		/* When the session ends, in Dutch time, with a button to extend it
		 * (WCAG 2.2.1 without script: the time is said up front). */
		time_t ends = pg->session_ends ? clock_parse_iso(pg->session_ends) : -1;
		if (ends > 0) {
			char hm[8];
			clock_local(ends, hm, NULL);
			json_object_set_new(user, "until", json_sprintf(i18n_text(pg->lang, N_("You stay signed in until %s.")), hm));
		}
		json_object_set_new(ctx, "user", user);
	}
	if (pg->csrf)
		json_object_set_new(ctx, "csrf", json_string(pg->csrf));
	if (pg->flash) {
		char key[48];
		snprintf(key, sizeof(key), "flash_%s", pg->flash);
		json_t *text = json_object_get(strings, key);
		if (json_is_string(text))
			json_object_set_new(ctx, "flash", json_string(json_string_value(text)));
	}
	return ctx;
}

/* The layout's own names (site_context): a page's data that used one of them
 * would hide it from the layout, as a page number called "page" once emptied
 * the title and h1. Strict mode (the tests) refuses such data. */
static const char *shadowed_name(json_t *data, json_t *extra)
{
	static const char *const names[] = {"page", "t", "nav", "switch", "site", "can", "csrf", "flash"};
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if ((json_is_object(data) && json_object_get(data, names[i])) ||
		    (json_is_object(extra) && json_object_get(extra, names[i])))
			return names[i];
	return NULL;
}

/* Counts on pages get their thousands grouped as the reader's language
 * writes them ("Regels: 20.000", "Lines: 20,000"). Only the names below
 * are counts: ids (in addresses), years and codes stay plain digits, and
 * JSON answers keep the numbers as numbers. */
static size_t count_text(void *ctx, const char *name, long long n, char *out, size_t size)
{
	static const char *const counts[] = {
		"count", "total", "figure", "lines", "to_add", "duplicates", "errors", "warnings", "added",
		"update_count", "interview_count", "action_count", "event_count", "expense_count", "long_count",
		"gap_count", "dossier_holder_count", "participants",
	};
	if (n > -1000 && n < 1000)
		return 0;
	for (size_t i = 0; i < ARRAY_LEN(counts); i++)
		if (name[0] == counts[i][0] && strcmp(name, counts[i]) == 0)
			return i18n_count(ctx, n, out, size);
	return 0;
}

/* The feed of a list (view_render_list): its rows, presented. */
struct feed_ctx {
	const struct view_list *list;
	const char *lang;
};

static int feed_next(void *ctx, struct row **row)
{
	const struct feed_ctx *fc = ctx;
	return view_list_next(fc->list, fc->lang, row);
}

int view_render(const struct view_page *pg, const char *name, json_t *data, json_t *extra, struct buf *out)
{
	return view_render_list(pg, name, data, extra, NULL, out);
}

int view_render_list(const struct view_page *pg, const char *name, json_t *data, json_t *extra,
                     const struct view_list *list, struct buf *out)
{
	struct tpl *tp = find_tpl(name);
	if (!tp) {
		log_error("no template named %s", name);
		return -1;
	}
	const char *shadow = strict ? shadowed_name(data, extra) : NULL;
	if (shadow) {
		log_error("%s: the data of template %s has a key '%s', which hides the layout's", pg->request_id ? pg->request_id : "-",
		          name, shadow);
		return -1;
	}
	json_t *ctx = site_context(pg);
	json_t *frame = pg->lang[0] == 'e' ? frame_en : frame_nl;
	json_t *stack[4] = {frame, ctx, data ? data : json_null(), extra ? extra : json_null()};
	struct buf err = BUF_INIT;
	struct mu_opts opts = {.html_escape = true, .partial = find_template, .partial_ctx = NULL,
	                       .strict = strict, .known = known_name, .known_ctx = tp,
	                       .template_name = template_name, .err = &err,
	                       .number = count_text, .number_ctx = (void *)pg->lang};
	struct feed_ctx fc = {list, pg->lang};
	struct mu_feed feed = {list ? json_object_get(data, list->key) : NULL, feed_next, &fc};
	if (list)
		opts.feed = &feed;
	int rc = mu_render(tp->t, stack, 4, &opts, out);
	if (rc != 0 && err.len)
		log_error("%s: %.*s", pg->request_id ? pg->request_id : "-", (int)err.len, err.data);
	buf_free(&err);
	json_decref(ctx);
	return rc;
}
