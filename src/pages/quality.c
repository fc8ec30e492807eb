/*
 * quality: how readable the texts of a period's report are. Every text that
 * goes into the report (progress, the explanation of orange and red, both
 * assessments, highlights, outlook) gets its Flesch-Douma score and band,
 * hardest first, with the sentences of more than 25 words quoted, so the
 * writers know what to make easier before the period is published.
 */
#include "pages/pages.h"

#include "core/buf.h"
#include "core/err.h"
#include "core/jsonget.h"
#include "core/i18n.h"
#include "core/vocab.h"
#include "store/report.h"
#include "view/readable.h"

#include <stdlib.h>
#include <string.h>

static void add(struct req *r, json_t *list, struct buf *all, const char *where, const char *href, const char *text)
{
	json_t *rd = readable_json(text, "nl", r->lang);
	if (!rd)
		return;
	buf_puts(all, text);
	buf_puts(all, "\n\n");
	json_array_append_new(list, json_pack("{s:s, s:s, s:o}", "where", where, "href", href, "readability", rd));
}

static int by_score(const void *a, const void *b)
{
	double x = json_real_value(json_object_get(json_object_get(*(json_t *const *)a, "readability"), "score"));
	double y = json_real_value(json_object_get(json_object_get(*(json_t *const *)b, "readability"), "score"));
	return x < y ? -1 : x > y ? 1 : 0;
}

int page_report_quality(struct req *r, struct resp *out)
{
	long long id;
	json_t *d = NULL;
	int rc = req_param_id(r, 0, TR(r->lang, N_("reporting period")), out, &id);
	if (rc == 0)
		rc = page_found(r, out, store_report_data(r->store, id, r->lang, &d),
		                N_("There is no reporting period with this number. See the list of reports."));
	if (rc)
		return rc;
	/* The texts of an update that go into the report: key and words. */
	static const struct vocab_word parts[] = {
		{"progress_md", N_("progress")},
		{"health_cause", N_("cause")},
		{"health_consequence", N_("consequence")},
		{"health_measures", N_("what is done about it")},
		{"holder_assessment", N_("dossier holder's assessment")},
		{"expert_assessment", N_("expert by experience's assessment")},
	};
	json_t *list = json_array();
	struct buf all = BUF_INIT;
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(d, "actions"), i, a) {
		if (!json_is_true(json_object_get(a, "is_updated")))
			continue;
		const char *href = arena_printf(r->arena, "/actions/%lld", (long long)json_integer_value(json_object_get(a, "id")));
		for (size_t k = 0; k < sizeof(parts) / sizeof(parts[0]); k++)
			add(r, list, &all, arena_printf(r->arena, "%s: %s", jstr(a, "code"), TR(r->lang, parts[k].msgid)), href,
			    jstr(a, parts[k].code));
	}
	json_array_foreach(json_object_get(d, "narratives"), i, a)
		add(r, list, &all, jstr(a, "title"), arena_printf(r->arena, "/periods/%lld#texts", id), jstr(a, "body_md"));
	/* Hardest first. */
	size_t n = json_array_size(list);
	json_t **items = arena_alloc(r->arena, (n ? n : 1) * sizeof(*items));
	for (size_t k = 0; k < n; k++)
		items[k] = json_incref(json_array_get(list, k));
	qsort(items, n, sizeof(*items), by_score);
	json_t *sorted = json_array();
	size_t below = 0, longs = 0;
	for (size_t k = 0; k < n; k++) {
		json_t *rd = json_object_get(items[k], "readability");
		below += json_is_true(json_object_get(rd, "is_b1")) ? 0 : 1;
		longs += json_array_size(json_object_get(rd, "long_sentences"));
		json_array_append_new(sorted, items[k]);
	}
	json_decref(list);
	json_t *overall = readable_json(buf_cstr(&all), "nl", r->lang);
	buf_free(&all);
	out->data = json_pack("{s:O, s:o, s:o?, s:I, s:I, s:I, s:b}", "period", json_object_get(d, "period"), "texts", sorted,
	                      "overall", overall, "count", (json_int_t)n, "below_b1", (json_int_t)below, "long_count",
	                      (json_int_t)longs, "has_texts", n > 0);
	json_decref(d);
	out->template = "quality";
	out->title = arena_printf(r->arena, TR(r->lang, N_("Readability of the report: %s")),
	                          json_string_value(json_object_get(json_object_get(out->data, "period"), "name")));
	return 0;
}
