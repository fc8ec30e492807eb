/*
 * resource: one descriptor per thing a user records with a form (an event, a
 * person, a funding source ...) and four generic handlers that serve it:
 * the empty form, creating, the filled form and changing. The route table
 * names the descriptor (struct route.resource), so a resource's own code is
 * its descriptor and a few small callbacks in one page file, plus its store
 * file; the skeleton (read, check, store, show the form again with errors or
 * go on, answer JSON clients with the saved row) exists once, here.
 * docs/resources.md shows how to add one.
 */
#ifndef LIA_PAGES_RESOURCE_H
#define LIA_PAGES_RESOURCE_H

#include "http/request.h"
#include "pages/form.h"

#include <jansson.h>
#include <stdbool.h>

struct resource;

/*
 * What a resource's callbacks see while the form is shown or saved. Every
 * JSON value here belongs to the request (req_own): callbacks never release
 * them and may add to values and errors.
 */
struct res_ctx {
	struct req *r;
	struct resp *out;
	const struct resource *res;
	long long id;      /* the record in the address; 0 for a new one */
	json_t *row;       /* the stored record (edit form only), or NULL */
	json_t *values;    /* form values: {name: string} (arrays for checkboxes) */
	json_t *errors;    /* {name: message}; NULL while the form is only shown */
	json_t *choices;   /* what choices() read from the store, or NULL */
	json_t *options;   /* {field: [{value, label}]} for form_check/form_view, or NULL */
	struct actor actor;/* who saves (save only) */
};

struct resource {
	const struct form_spec *form;
	const char *template;   /* "event_form"; NULL: the generic "resource_form"
	                           (title, lead, the fields, save, cancel) */
	const char *path;       /* "/events": create posts here, a change to path/ID */
	bool post_to_form;      /* post to the form's own address instead: path/new
	                           and path/ID/edit (when path and path/ID are
	                           read-only pages; see RESOURCE_FORM_ROUTES) */
	const char *what;       /* msgid naming the record, for a wrong id in the address */
	const char *title_new;  /* msgids of the page titles */
	const char *title_edit;
	const char *lead;       /* msgid of a sentence under the title ("lead"), or NULL */
	const char *cancel;     /* where "cancel" goes ("cancel"), or NULL */
	const char *not_found;  /* msgid: no record with this id, and where to look */
	const char *after;      /* where to go after saving ... */
	bool after_id;          /* ... with the record's id appended ("/events#event-" + id) */
	const char *flash;      /* message key after saving; NULL means "saved" */

	/* Read one stored record (as the API answers it): the form of an edit
	 * page starts from it, and a JSON client gets it after saving. Returns
	 * 0, LIA_ENOTFOUND or LIA_EDB; *row is a new reference. Set exactly one:
	 * get for a plain store function, load when it needs the request. */
	int (*get)(struct store *s, long long id, json_t **row);
	int (*load)(struct req *r, long long id, json_t **row);

	/* Optional. Read what the form offers from the store ({...}, new
	 * reference), before the form is shown or checked. */
	int (*choices)(struct req *r, json_t **choices);
	/* Optional. The options of selects, radios and checkboxes made from
	 * c->choices (new reference). */
	json_t *(*options)(struct res_ctx *c);
	/* Optional. The values of a new form (new reference); default: empty. */
	json_t *(*blank)(struct res_ctx *c);
	/* Optional. The values of an edit form from c->row (new reference);
	 * default: form_values_of(). */
	json_t *(*values)(struct res_ctx *c);
	/* Optional. Refuse to show the edit form of this record: return a
	 * negative code with out->detail set (a published interview). */
	int (*editable)(struct res_ctx *c);
	/* Optional. Checks before form_check (their message wins: the first
	 * error of a field stays), and may tidy values (upper case codes). */
	void (*precheck)(struct res_ctx *c);
	/* Optional. The resource's own checks after form_check. */
	void (*check)(struct res_ctx *c);
	/* Store what was submitted; called only when there are no errors.
	 * Creates when c->id is 0 and sets *id to the new record's id. A
	 * refusal is LIA_EINVAL (or LIA_ECONFLICT) with *field and *why set as
	 * the store sets them; refused() turns it into a message. */
	int (*save)(struct res_ctx *c, long long *id, const char **field, const char **why);
	/* Optional. A store refusal as a field error (form_error on c->errors);
	 * return 0 when it is one, or rc to answer with rc. Default: LIA_EINVAL
	 * becomes "This choice does not exist (any more)" on field (or _body). */
	int (*refused)(struct res_ctx *c, int rc, const char *field, const char *why);
	/* Optional. Add to the template's data ({"form", "action", "lead",
	 * "cancel"} are there already). */
	void (*data)(struct res_ctx *c, json_t *d);
	/* Optional. The page title when it depends on the record; default:
	 * title_new or title_edit translated. */
	const char *(*title)(struct res_ctx *c);

	/* Optional. Where to go after saving record id when it depends on the
	 * record (its parent's page); default: after (with after_id). */
	const char *(*next)(struct res_ctx *c, long long id);
	/* Optional. What a JSON client gets after saving record id when it is
	 * not what get/load read for the form (the full public resource); a
	 * new reference in *out. */
	int (*answer)(struct res_ctx *c, long long id, json_t **out);
	/* Read the stored record before a change is checked too (c->row): a
	 * change to a record that does not exist is 404 whatever was sent,
	 * editable() refuses a change as it refuses the form, and title() and
	 * data() can name the record on a form with errors. */
	bool row_on_save;
};

/* The generic handlers. The route's resource field names the descriptor:
 *   {"GET", "/events/new", resource_new, PERM_MEMBER, PAGE, &res_event, NULL}
 * resource_edit and resource_update take the id from the first capture. */
int resource_new(struct req *r, struct resp *out);
int resource_create(struct req *r, struct resp *out);
int resource_edit(struct req *r, struct resp *out);
int resource_update(struct req *r, struct resp *out);

/* The same with the descriptor and id given, for a page that wraps them
 * (id 0: new). */
int resource_show(struct req *r, struct resp *out, const struct resource *res, long long id);
int resource_save(struct req *r, struct resp *out, const struct resource *res, long long id);

/* The record of the address (first capture) for a page of its own about
 * it (withdrawing an action point, an account's tokens): sets *id and *row
 * (owned by the request); a wrong id is answered with res->what, a missing
 * record with res->not_found. */
int resource_find(struct req *r, struct resp *out, const struct resource *res, long long *id, json_t **row);

/* The usual four routes of a resource: GET base/new, POST base,
 * GET base/{id}/edit, POST base/{id}; with the names of the JSON Schemas of
 * the form (both GETs) and of the saved record (both POSTs), or NULL. The
 * two halves stand alone for a resource that needs only one, or whose new
 * and changed records are two resources (accounts), or with a page between
 * them (/interviews/{id}). */
#define RESOURCE_NEW_ROUTES_S(base, perm, flags, res, form_schema, saved_schema) \
	{"GET", base "/new", resource_new, perm, flags, res, form_schema}, \
	{"POST", base, resource_create, perm, flags, res, saved_schema}
#define RESOURCE_EDIT_ROUTES_S(base, perm, flags, res, form_schema, saved_schema) \
	{"GET", base "/{id}/edit", resource_edit, perm, flags, res, form_schema}, \
	{"POST", base "/{id}", resource_update, perm, flags, res, saved_schema}
#define RESOURCE_ROUTES_S(base, perm, flags, res, form_schema, saved_schema) \
	RESOURCE_NEW_ROUTES_S(base, perm, flags, res, form_schema, saved_schema), \
	RESOURCE_EDIT_ROUTES_S(base, perm, flags, res, form_schema, saved_schema)
#define RESOURCE_ROUTES(base, perm, flags, res) RESOURCE_ROUTES_S(base, perm, flags, res, NULL, NULL)

/* The same for a resource whose path and path/{id} stay read-only pages
 * (post_to_form): the forms post to their own address. */
#define RESOURCE_FORM_ROUTES_S(base, perm, flags, res, form_schema, saved_schema) \
	{"GET", base "/new", resource_new, perm, flags, res, form_schema}, \
	{"POST", base "/new", resource_create, perm, flags, res, saved_schema}, \
	{"GET", base "/{id}/edit", resource_edit, perm, flags, res, form_schema}, \
	{"POST", base "/{id}/edit", resource_update, perm, flags, res, saved_schema}
#define RESOURCE_FORM_ROUTES(base, perm, flags, res) RESOURCE_FORM_ROUTES_S(base, perm, flags, res, NULL, NULL)

#endif
