/*
 * resource: the generic form handlers (see resource.h). The one skeleton of
 * every "record something" page: show the form (empty, or filled from the
 * stored record), and on submission read, check, store, then either the form
 * again with the errors (422) or on to the next page with a flash, and for
 * JSON clients the saved record (201 on create). Every JSON value made here
 * belongs to the request (req_own), so no path leaks and none frees twice.
 */
#include "pages/resource.h"

#include "core/err.h"
#include "core/i18n.h"
#include "pages/pages.h"

#include <assert.h>

static const struct resource *route_resource(const struct req *r)
{
	assert(r->route && r->route->resource);
	return r->route->resource;
}

static int load(struct res_ctx *c, long long id, json_t **row)
{
	int rc = c->res->load ? c->res->load(c->r, id, row) : c->res->get(c->r->store, id, row);
	if (rc == LIA_ENOTFOUND)
		c->out->detail = TR(c->r->lang, c->res->not_found);
	return rc;
}

/* The store's choices and the options made of them, both owned by the request. */
static int prepare(struct res_ctx *c)
{
	if (c->res->choices) {
		int rc = c->res->choices(c->r, &c->choices);
		if (rc)
			return rc;
		req_own(c->r, c->choices);
	}
	if (c->res->options)
		c->options = req_own(c->r, c->res->options(c));
	return 0;
}

/* The resource's template; the generic form when it has none of its own. */
static const char *template_of(const struct resource *res)
{
	return res->template ? res->template : "resource_form";
}

static const char *title_of(struct res_ctx *c)
{
	if (c->res->title)
		return c->res->title(c);
	return TR(c->r->lang, c->id ? c->res->title_edit : c->res->title_new);
}

/* Where the form posts to (see struct resource: path, post_to_form). */
static const char *action_of(struct res_ctx *c)
{
	const struct resource *res = c->res;
	if (res->post_to_form)
		return c->id ? arena_printf(c->r->arena, "%s/%lld/edit", res->path, c->id)
		             : arena_printf(c->r->arena, "%s/new", res->path);
	return c->id ? arena_printf(c->r->arena, "%s/%lld", res->path, c->id) : res->path;
}

/* The template's data (a new reference, for out->data or form_fail). */
static json_t *data_of(struct res_ctx *c)
{
	struct req *r = c->r;
	json_t *d = json_pack("{s:o, s:s}", "form", form_view(r, c->res->form, c->values, c->errors, c->options),
	                      "action", action_of(c));
	if (c->res->lead)
		json_object_set_new(d, "lead", json_string(TR(r->lang, c->res->lead)));
	if (c->res->cancel)
		json_object_set_new(d, "cancel", json_string(c->res->cancel));
	if (c->res->data)
		c->res->data(c, d);
	return d;
}

int resource_show(struct req *r, struct resp *out, const struct resource *res, long long id)
{
	struct res_ctx c = {.r = r, .out = out, .res = res, .id = id};
	int rc;
	if (id) {
		if ((rc = load(&c, id, &c.row)) != 0)
			return rc;
		req_own(r, c.row);
		if (res->editable && (rc = res->editable(&c)) != 0)
			return rc;
		c.values = req_own(r, res->values ? res->values(&c) : form_values_of(r, c.row));
	} else if (res->blank) {
		c.values = req_own(r, res->blank(&c));
	}
	if ((rc = prepare(&c)) != 0)
		return rc;
	out->template = template_of(res);
	out->title = title_of(&c);
	out->data = data_of(&c);
	return 0;
}

/* Turn a store refusal into a field error (0), or keep the code. */
static int refused(struct res_ctx *c, int rc, const char *field, const char *why)
{
	if (c->res->refused)
		return c->res->refused(c, rc, field, why);
	if (rc != LIA_EINVAL)
		return rc;
	form_error(c->errors, field ? field : "_body",
	           TR(c->r->lang, N_("This choice does not exist (any more). Choose from the options given.")));
	return 0;
}

/* After a successful save: on to the next page, and the record for JSON. */
static int saved(struct res_ctx *c, long long id)
{
	const struct resource *res = c->res;
	struct resp *out = c->out;
	out->redirect = res->next       ? res->next(c, id)
	              : res->after_id ? arena_printf(c->r->arena, "%s%lld", res->after, id)
	                              : res->after;
	out->flash = res->flash ? res->flash : "saved";
	if (!c->r->want_json)
		return 0;
	out->status = c->id ? 200 : 201;
	return res->answer ? res->answer(c, id, &out->data) : load(c, id, &out->data);
}

int resource_save(struct req *r, struct resp *out, const struct resource *res, long long id)
{
	struct res_ctx c = {.r = r, .out = out, .res = res, .id = id};
	int rc;
	if (id && res->row_on_save) {
		if ((rc = load(&c, id, &c.row)) != 0)
			return rc;
		req_own(r, c.row);
		if (res->editable && (rc = res->editable(&c)) != 0)
			return rc;
	}
	if ((rc = prepare(&c)) != 0)
		return rc;
	c.values = req_own(r, form_read(r, res->form));
	c.errors = req_own(r, json_object());
	if (res->precheck)
		res->precheck(&c);
	form_check(r, res->form, c.values, c.options, c.errors);
	if (res->check)
		res->check(&c);
	if (json_object_size(c.errors) == 0) {
		c.actor = page_actor(r);
		long long new_id = id;
		const char *field = NULL, *why = NULL;
		rc = res->save(&c, &new_id, &field, &why);
		if (rc == LIA_EINVAL || rc == LIA_ECONFLICT)
			rc = refused(&c, rc, field, why);
		else if (rc == LIA_ENOTFOUND)
			out->detail = TR(r->lang, res->not_found);
		if (rc == 0 && json_object_size(c.errors) == 0)
			return saved(&c, new_id);
	}
	if (rc)
		return rc;
	return form_fail(r, out, template_of(res), title_of(&c), data_of(&c), c.errors);
}

/* The record's id from the address; a wrong one is answered with `what`. */
static int id_of(struct req *r, struct resp *out, const struct resource *res, long long *id)
{
	return req_param_id(r, 0, TR(r->lang, res->what), out, id);
}

int resource_find(struct req *r, struct resp *out, const struct resource *res, long long *id, json_t **row)
{
	struct res_ctx c = {.r = r, .out = out, .res = res};
	int rc = id_of(r, out, res, id);
	if (rc == 0)
		rc = load(&c, *id, row);
	if (rc == 0)
		req_own(r, *row);
	return rc;
}

int resource_new(struct req *r, struct resp *out)
{
	return resource_show(r, out, route_resource(r), 0);
}

int resource_create(struct req *r, struct resp *out)
{
	return resource_save(r, out, route_resource(r), 0);
}

int resource_edit(struct req *r, struct resp *out)
{
	const struct resource *res = route_resource(r);
	long long id;
	int rc = id_of(r, out, res, &id);
	return rc ? rc : resource_show(r, out, res, id);
}

int resource_update(struct req *r, struct resp *out)
{
	const struct resource *res = route_resource(r);
	long long id;
	int rc = id_of(r, out, res, &id);
	return rc ? rc : resource_save(r, out, res, id);
}
