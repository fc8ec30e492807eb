/*
 * view: turns a page's resource into HTML. Templates (the .mustache files in templates/,
 * compiled into the binary) are compiled once at start-up and rendered with a
 * context stack of [site context, page resource, HTML-only extras]. The site
 * context carries the translated interface strings (`t`), the language, the
 * navigation and the page title.
 */
#ifndef LIA_VIEW_VIEW_H
#define LIA_VIEW_VIEW_H

#include "core/buf.h"
#include "core/row.h"

#include <jansson.h>
#include <stdbool.h>

/* Compile every template and build the string tables. Returns 0, or -1 after
 * logging which template failed and why. Call once before serving. */
int view_init(void);
void view_shutdown(void);

struct view_page {
	const char *lang;       /* "nl" or "en" */
	const char *path;       /* the request path (for navigation and language links) */
	const char *title;      /* translated page title (without the site name) */
	const char *request_id;
	int status;
	bool example;           /* the programme is example data: show the banner */
	const char *user;       /* the signed-in user's name, or NULL */
	const char *user_role;
	bool user_expert;       /* the user is also an experience expert */
	int level;              /* the user's permission level (http/router.h), 0 for the public */
	const char *csrf;       /* token for the forms on the page */
	const char *flash;      /* key of a one-time message (strings: flash_KEY) */
	const char *lang_href;  /* this page in the other language, query kept (NULL: "?lang=..") */
	const char *session_ends; /* when the user's session ends unless used, UTC ISO 8601, or NULL */
	const char *base;       /* "" or "/slug": where the municipality's pages are (http/tenant.c) */
	bool deployment;        /* a page of the whole deployment: no programme menus */
};

/* Render template `name` with the page resource `data` (may be NULL) and
 * optional HTML-only `extra` (charts, may be NULL) inside the site layout.
 * Appends to out. Returns 0, or -1 if the template does not exist. */
int view_render(const struct view_page *pg, const char *name, json_t *data, json_t *extra, struct buf *out);

/* A list of a page streamed row by row from the store, without a JSON tree
 * (the action point list): the resource holds at `key` an empty object that
 * stands for the rows (an empty array when there are none: then no list is
 * given), and next(ctx, &row) gives them one at a time (1: *row, the
 * list's until the next call; 0: no more; negative: failed). `key` must be
 * the resource's first key. The rows carry no links (a municipality's short
 * name is not put before them) and are read once: by the template's one
 * section on `key`, or by view_list_json. */
struct view_list {
	const char *key;
	int (*next)(void *ctx, struct row **row);
	void *ctx;
};

/* As view_render, with the section on list->key (list may be NULL) fed row
 * by row, each row presented (present_row) in the page's language. */
int view_render_list(const struct view_page *pg, const char *name, json_t *data, json_t *extra,
                     const struct view_list *list, struct buf *out);

/* The resource data as compact JSON, as json_dumps(JSON_COMPACT) writes it,
 * with the rows of list (presented in lang) at list->key: appended to out.
 * data loses list->key. 0, or -1 when a row failed or could not be
 * written (out then unspecified). */
int view_list_json(json_t *data, const struct view_list *list, const char *lang, struct buf *out);

/* One row as compact JSON, as json_dumps writes the object of the same
 * fields in the same order: appended to b. 0 or -1. */
int view_row_json(struct buf *b, const struct row *r);

/* The next row of list, presented in lang (as view_list.next returns). */
int view_list_next(const struct view_list *list, const char *lang, struct row **row);

/* Strict templates: a name a template uses that resolves nowhere in the
 * page's data and is not declared in the schema of the page's resource (or
 * the layout's optional keys: user, csrf, flash) makes the render fail (500)
 * and logs the template, line and name. Off by default; view_init() turns it
 * on when LIA_STRICT_TEMPLATES=1 (the tests set it for every server), and
 * in-process tests call view_set_strict(true). Set it before serving. */
void view_set_strict(bool on);
bool view_strict(void);

/* The translated interface strings for lang, as used by templates under `t`
 * (borrowed reference, lives until view_shutdown). */
json_t *view_strings(const char *lang);

#endif
