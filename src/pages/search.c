/*
 * search: /search?q=WORDS, full-text search over action points, progress
 * updates, public interview summaries and events (store_search), grouped by
 * kind with a count per group. Each hit's snippet comes as parts, some of
 * them marked as the match, so the template escapes every part and draws
 * <mark> itself: stored text (even "<script>") is never written raw.
 */
#include "pages/pages.h"
#include "store/find.h"

#include "core/err.h"
#include "core/i18n.h"

#include <string.h>

#define SEARCH_LIMIT 200
#define SEARCH_MAX_QUERY 200

static const struct {
	const char *kind;
	const char *label; /* msgid */
} kinds[] = {
	{"action", N_("Action points")},
	{"update", N_("Progress updates")},
	{"interview", N_("Interviews")},
	{"event", N_("Events")},
};

/* The snippet's text split at the store's markers: [{text, mark}], and the
 * plain text without markers into *plain (arena). */
static json_t *snippet_parts(struct req *r, const char *s, const char **plain)
{
	json_t *parts = json_array();
	char *flat = arena_strdup(r->arena, s ? s : "");
	size_t k = 0;
	bool mark = false;
	for (const char *p = s ? s : ""; *p;) {
		size_t n = strcspn(p, (char[]){STORE_MARK_OPEN, STORE_MARK_CLOSE, '\0'});
		if (n) {
			json_array_append_new(parts, json_pack("{s:s%, s:b}", "text", p, n, "mark", mark));
			memcpy(flat + k, p, n);
			k += n;
		}
		p += n;
		if (*p)
			mark = *p++ == STORE_MARK_OPEN;
	}
	flat[k] = '\0';
	*plain = flat;
	return parts;
}

/* Where a hit is read. */
static const char *hit_href(struct req *r, const char *kind, json_t *hit)
{
	long long id = json_integer_value(json_object_get(hit, "id"));
	if (strcmp(kind, "action") == 0)
		return arena_printf(r->arena, "/actions/%lld", id);
	if (strcmp(kind, "update") == 0)
		return arena_printf(r->arena, "/actions/%lld#update-%lld",
		                    (long long)json_integer_value(json_object_get(hit, "action_id")), id);
	if (strcmp(kind, "interview") == 0)
		return arena_printf(r->arena, "/interviews/%lld", id);
	return arena_printf(r->arena, "/events#event-%lld", id);
}

/* The words as typed, cut to SEARCH_MAX_QUERY bytes at a character boundary. */
static const char *query_words(struct req *r)
{
	const char *q = req_query(r, "q");
	if (!q)
		return "";
	size_t n = strlen(q);
	if (n <= SEARCH_MAX_QUERY)
		return q;
	n = SEARCH_MAX_QUERY;
	while (n > 0 && ((unsigned char)q[n] & 0xC0) == 0x80)
		n--;
	return arena_printf(r->arena, "%.*s", (int)n, q);
}

int page_search(struct req *r, struct resp *out)
{
	out->template = "search";
	out->title = TR(r->lang, N_("Search"));
	const char *q = query_words(r);
	struct viewer v = page_viewer(r);
	json_t *hits = NULL;
	int rc = store_search(r->store, &v, q, SEARCH_LIMIT, &hits);
	if (rc)
		return rc;
	req_own(r, hits);
	json_t *groups = json_array();
	size_t total = 0;
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		json_t *items = json_array();
		size_t i;
		json_t *hit;
		json_array_foreach(hits, i, hit) {
			if (strcmp(json_string_value(json_object_get(hit, "kind")), kinds[k].kind) != 0)
				continue;
			const char *plain;
			json_t *parts = snippet_parts(r, json_string_value(json_object_get(hit, "snippet")), &plain);
			json_t *item = json_pack("{s:I, s:s, s:s, s:s, s:o}", "id", json_integer_value(json_object_get(hit, "id")),
			                         "title", json_string_value(json_object_get(hit, "title")),
			                         "href", hit_href(r, kinds[k].kind, hit), "snippet", plain, "parts", parts);
			json_t *period = json_object_get(hit, "period"), *held = json_object_get(hit, "held_on");
			if (json_is_string(period))
				json_object_set(item, "period", period);
			if (json_is_string(held))
				json_object_set(item, "date_on", held);
			json_array_append_new(items, item);
		}
		size_t n = json_array_size(items);
		total += n;
		if (n == 0) {
			json_decref(items);
			continue;
		}
		json_array_append_new(groups, json_pack("{s:s, s:s, s:I, s:s, s:o}", "kind", kinds[k].kind,
			"label", TR(r->lang, kinds[k].label), "count", (json_int_t)n,
			"count_text", n == 1 ? TR(r->lang, N_("1 result")) : arena_printf(r->arena, TR(r->lang, N_("%zu results")), n),
			"items", items));
	}
	const char *count_text = total == 1 ? TR(r->lang, N_("1 result found"))
	                                    : arena_printf(r->arena, TR(r->lang, N_("%zu results found")), total);
	out->data = json_pack("{s:s, s:b, s:I, s:s, s:o}", "q", q, "searched", *q != '\0', "count", (json_int_t)total,
	                      "count_text", count_text, "groups", groups);
	return 0;
}
