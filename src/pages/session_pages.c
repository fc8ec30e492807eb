/*
 * session_pages: the pages about the session itself. POST /session/extend
 * counts as activity (the session's idle end moves 30 minutes on) and goes
 * back to the page it came from; it needs no script (WCAG 2.2.1). GET
 * /session/resume shows a form that arrived after the previous session had
 * ended (http/dispatch.c, pages/auth.c) filled in again, for the user to
 * check and send with the new session's CSRF token: it is never sent for
 * them. Shown once: the kept fields are removed from the session as they
 * are shown.
 */
#include "pages/pages.h"

#include "core/err.h"
#include "core/i18n.h"
#include "core/jsonget.h"
#include "http/router.h"
#include "pages/form.h"
#include "pages/resource.h"

#include <stdio.h>
#include <string.h>

/* A value this long, or with a line break, is shown in a text area. */
#define RESUME_LINE_MAX 80

int page_session_extend(struct req *r, struct resp *out)
{
	/* An API token has no session to extend. */
	if (!r->user->session) {
		out->redirect = "/";
		return 0;
	}
	/* Touch even within the minute in which it is normally not written. */
	if (store_session_touch(r->store, r->user->session, r->now, r->now) != 0)
		return LIA_EDB;
	const char *next = req_field(r, "next");
	out->redirect = next && next[0] == '/' && next[1] != '/' && !strpbrk(next, "\\\t\r\n") ? next : "/";
	out->flash = "session_extended";
	return 0;
}

/* True if every kept field is a field of form f. */
static bool form_holds(const struct form_spec *f, json_t *fields)
{
	const char *k;
	json_t *v;
	json_object_foreach(fields, k, v) {
		bool found = false;
		for (size_t i = 0; i < f->n && !found; i++)
			found = strcmp(f->fields[i].name, k) == 0;
		if (!found)
			return false;
	}
	return true;
}

/* The form the kept fields were sent from, for their labels and kinds: the
 * resource of the route they were going to, or else (a route with its own
 * handler, such as a period's new narrative) the first resource whose form
 * has every one of them. NULL if none fits: then they all travel hidden. */
static const struct form_spec *form_for(struct req *r, const char *to, json_t *fields)
{
	const struct route *route = NULL;
	const char *params[REQ_MAX_PARAMS], *allow = NULL;
	unsigned np = 0;
	if (router_match(r->arena, "POST", to, &route, params, &np, &allow) == ROUTER_FOUND && route->resource) {
		const struct resource *res = route->resource;
		return res->form && form_holds(res->form, fields) ? res->form : NULL;
	}
	for (unsigned i = 0; i < routes_count; i++) {
		const struct resource *res = routes[i].resource;
		if (res && res->form && form_holds(res->form, fields))
			return res->form;
	}
	return NULL;
}

static const struct field *field_of(const struct form_spec *f, const char *name)
{
	for (size_t i = 0; f && i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return &f->fields[i];
	return NULL;
}

static void add_field(struct req *r, json_t *list, const struct form_spec *form, const char *name, const char *value)
{
	const struct field *f = field_of(form, name);
	/* Free text can be changed before sending; choices and fields this page
	 * cannot label travel along hidden (they are sent as they were). */
	bool shown = f && (f->kind == FIELD_TEXT || f->kind == FIELD_TEXTAREA || f->kind == FIELD_EMAIL ||
	                   f->kind == FIELD_DATE || f->kind == FIELD_NUMBER);
	bool is_long = strlen(value) > RESUME_LINE_MAX || strchr(value, '\n') || (f && f->kind == FIELD_TEXTAREA);
	json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:b, s:b}", "name", name, "id",
	                                      arena_printf(r->arena, "resume-%zu", json_array_size(list)), "label",
	                                      f ? TR(r->lang, f->label) : name, "value", value, "is_long", is_long,
	                                      "is_shown", shown));
}

int page_session_resume(struct req *r, struct resp *out)
{
	json_t *row = NULL;
	int rc = r->user->session ? store_session_resume_take(r->store, r->user->session, &row) : LIA_ENOTFOUND;
	if (rc != 0 && rc != LIA_ENOTFOUND)
		return rc;
	out->template = "session_resume";
	out->title = TR(r->lang, N_("Your form, kept for you"));
	if (rc == LIA_ENOTFOUND) {
		out->data = json_pack("{s:b}", "has_form", 0);
		return 0;
	}
	req_own(r, row);
	const char *to = jstr(row, "resume_to");
	json_t *fields = req_own(r, json_loads(jstr(row, "resume_fields"), 0, NULL));
	const struct form_spec *form = form_for(r, to, fields);
	json_t *list = json_array();
	const char *k;
	json_t *v;
	json_object_foreach(fields, k, v) {
		if (json_is_string(v)) {
			add_field(r, list, form, k, json_string_value(v));
		} else if (json_is_array(v)) {
			size_t i;
			json_t *e;
			json_array_foreach(v, i, e)
				if (json_is_string(e))
					add_field(r, list, form, k, json_string_value(e));
		}
	}
	out->data = json_pack("{s:b, s:s, s:o}", "has_form", 1, "to", to, "fields", list);
	return 0;
}
