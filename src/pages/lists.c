/*
 * lists: the pages that show one list or one item from the store with no
 * further work: themes, action points, the CRPD, the organisation, events,
 * interviews and reporting periods; and how a page reads the record its
 * address names (page_record, page_found).
 */
#include "pages/pages.h"
#include "store/find.h"
#include "store/funds.h"

#include "core/err.h"
#include "core/i18n.h"
#include "core/jsonget.h"

typedef int (*list_fn)(struct store *s, const struct viewer *v, json_t **out);

static int list_page(struct req *r, struct resp *out, list_fn fn, const char *tpl, const char *title)
{
	out->template = tpl;
	out->title = TR(r->lang, title);
	json_t *data = NULL;
	struct viewer v = page_viewer(r);
	int rc = fn(r->store, &v, &data);
	if (rc != 0)
		return rc;
	/* Lists are wrapped, so the resource can grow (counts, paging) without
	 * breaking API clients. A store result that is already an object is kept. */
	if (json_is_array(data))
		data = json_pack("{s:o, s:I}", "items", data, "count", (json_int_t)json_array_size(data));
	out->data = data;
	return 0;
}

int page_found(struct req *r, struct resp *out, int rc, const char *not_found)
{
	if (rc == LIA_ENOTFOUND)
		out->detail = TR(r->lang, not_found);
	return rc;
}

int page_record(struct req *r, struct resp *out, page_read_fn get, const char *what, const char *not_found,
                long long *id, json_t **row)
{
	*row = NULL;
	int rc = req_param_id(r, 0, TR(r->lang, what), out, id);
	struct viewer v = page_viewer(r);
	return rc ? rc : page_found(r, out, get(r->store, &v, *id, row), not_found);
}

/* An item page: its title is the record's title or name. */
static int item_page(struct req *r, struct resp *out, page_read_fn get, const char *tpl, const char *what,
                     const char *not_found)
{
	long long id;
	int rc = page_record(r, out, get, what, not_found, &id, &out->data);
	if (rc == 0) {
		out->template = tpl;
		const char *t = json_string_value(json_object_get(out->data, "title"));
		out->title = t ? t : json_string_value(json_object_get(out->data, "name"));
	}
	return rc;
}

/* The pages that are nothing but list_page or item_page, one line each. */
#define LIST_PAGE(name, get, tpl, title) \
	int name(struct req *r, struct resp *out) { return list_page(r, out, get, tpl, title); }
#define ITEM_PAGE(name, get, tpl, what, not_found) \
	int name(struct req *r, struct resp *out) { return item_page(r, out, get, tpl, what, not_found); }

/* The themes, each with its figures in words, singular or plural ("5 action
 * points, 1 completed, 1 needs attention"). */
int page_themes(struct req *r, struct resp *out)
{
	int rc = list_page(r, out, store_themes, "themes", N_("Themes"));
	size_t i;
	json_t *t;
	json_array_foreach(rc ? NULL : json_object_get(out->data, "items"), i, t) {
		long long n = jnum(t, "action_count"), done = jnum(t, "completed_count"), att = jnum(t, "attention_count");
		const char *a = arena_printf(r->arena, TRN(r->lang, "%lld action point", "%lld action points", n), n);
		const char *c = arena_printf(r->arena, TRN(r->lang, "%lld completed", "%lld completed", done), done);
		const char *h = arena_printf(r->arena, TRN(r->lang, "%lld needs attention or has a problem",
		                                           "%lld need attention or have a problem", att), att);
		json_object_set_new(t, "figures_text", json_string(arena_printf(r->arena, "%s, %s, %s", a, c, h)));
	}
	return rc;
}

/* A theme with its action points, each flagged is_overdue as the action
 * point list decides it (store_actions_find), so the rule lives in one place. */
int page_theme(struct req *r, struct resp *out)
{
	int rc = item_page(r, out, store_theme, "theme", N_("theme"),
	                   N_("There is no theme with this number. See the list of themes."));
	if (rc != 0)
		return rc;
	struct viewer v = page_viewer(r);
	struct action_filter f = {.theme_id = json_integer_value(json_object_get(out->data, "id")), .overdue = true};
	json_t *late = NULL;
	if ((rc = store_actions_find(r->store, &v, &f, &late)) != 0)
		return rc;
	req_own(r, late);
	size_t i, k;
	json_t *a, *l;
	json_array_foreach(json_object_get(out->data, "actions"), i, a) {
		bool overdue = false;
		json_array_foreach(late, k, l)
			overdue = overdue || json_equal(json_object_get(l, "id"), json_object_get(a, "id"));
		json_object_set_new(a, "is_overdue", json_boolean(overdue));
	}
	return 0;
}

int page_action(struct req *r, struct resp *out)
{
	int rc = item_page(r, out, store_action, "action", N_("action point"),
	                   N_("There is no action point with this number. See the list of action points."));
	if (rc == 0)
		page_action_flags(r, out->data); /* what this user may do here (edit_actions.c) */
	json_t *money = NULL;
	if (rc == 0 && (rc = store_action_money(r->store, json_integer_value(json_object_get(out->data, "id")), &money)) == 0) {
		json_object_set_new(money, "has_allocations",
		                    json_boolean(json_array_size(json_object_get(money, "allocations")) > 0));
		json_object_set_new(out->data, "money", money);
	}
	return rc;
}

LIST_PAGE(page_crpd, store_crpd, "crpd", N_("UN Convention on the Rights of Persons with Disabilities"))

int page_crpd_article(struct req *r, struct resp *out)
{
	int rc = item_page(r, out, store_crpd_article, "crpd_article", N_("article"),
	                   N_("The UN Convention has articles 1 to 50. Choose one of those numbers."));
	if (rc == 0)
		out->title = arena_printf(r->arena, "%s %lld: %s", TR(r->lang, N_("Article")),
		                          (long long)json_integer_value(json_object_get(out->data, "number")),
		                          json_string_value(json_object_get(out->data, "title")));
	return rc;
}

LIST_PAGE(page_organisation, store_organisation, "organisation", N_("Organisation"))

LIST_PAGE(page_events, store_events, "events", N_("Events"))

LIST_PAGE(page_interviews, store_interviews, "interviews", N_("Interviews"))

LIST_PAGE(page_periods, store_periods, "periods", N_("Reports"))
