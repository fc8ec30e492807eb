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
	/* Touch even within the minute in which it is normally not written. */
	if (store_session_touch(r->store, r->user->session, r->now, r->now) != 0)
		return LIA_EDB;
	const char *next = req_field(r, "next");
	out->redirect = next && next[0] == '/' && next[1] != '/' && !strpbrk(next, "\\\t\r\n") ? next : "/";
	out->flash = "session_extended";
	return 0;
}

/* The form field that the kept field name was, in the route's form (for its
 * label and kind), or NULL when the route has no generic form. */
static const struct field *field_of(struct req *r, const char *to, const char *name)
{
	const struct route *route = NULL;
	const char *params[REQ_MAX_PARAMS], *allow = NULL;
	unsigned np = 0;
	if (router_match(r->arena, "POST", to, &route, params, &np, &allow) != ROUTER_FOUND || !route->resource)
		return NULL;
	const struct resource *res = route->resource;
	for (size_t i = 0; res->form && i < res->form->n; i++)
		if (strcmp(res->form->fields[i].name, name) == 0)
			return &res->form->fields[i];
	return NULL;
}

static void add_field(struct req *r, json_t *list, const char *to, const char *name, const char *value)
{
	const struct field *f = field_of(r, to, name);
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
	int rc = store_session_resume_take(r->store, r->user->session, &row);
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
	json_t *list = json_array();
	const char *k;
	json_t *v;
	json_object_foreach(fields, k, v) {
		if (json_is_string(v)) {
			add_field(r, list, to, k, json_string_value(v));
		} else if (json_is_array(v)) {
			size_t i;
			json_t *e;
			json_array_foreach(v, i, e)
				if (json_is_string(e))
					add_field(r, list, to, k, json_string_value(e));
		}
	}
	out->data = json_pack("{s:b, s:s, s:o}", "has_form", 1, "to", to, "fields", list);
	return 0;
}
