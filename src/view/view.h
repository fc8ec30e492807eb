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
