/*
 * my_work: what a signed-in person still has to do in the open reporting
 * period, on the home page and at /my-work (also as JSON). A dossier holder
 * sees their own action points and which still need an update, with the
 * due date; an experience expert the updates that wait for an assessment,
 * each with a link to its form; the project group and the coordinator the
 * period's progress (store_cycle_progress: the counts of the checklist
 * before publishing, store_cycle_missing, computed in SQL). Counts come in
 * sentences with the right singular or plural, next to the numbers in the
 * tables.
 */
#include "pages/pages.h"

#include "core/err.h"
#include "core/i18n.h"
#include "core/jsonget.h"
#include "store/cycle.h"
#include "store/w_periods.h"

#include <string.h>

/* One line of the progress in words, with where to go to do something
 * about it (href, or NULL when it is done or there is nothing to link). */
static void line(json_t *lines, const char *text, bool done, const char *href)
{
	json_t *l = json_pack("{s:s, s:b}", "text", text, "is_done", done);
	if (href)
		json_object_set_new(l, "href", json_string(href));
	json_array_append_new(lines, l);
}

void page_cycle_lines(struct req *r, json_t *m)
{
	long long pid = jnum(json_object_get(m, "period"), "id");
	long long exp = jnum(m, "updates_expected"), rec = jnum(m, "updates_received"), mis = jnum(m, "updates_missing");
	long long am = jnum(m, "assessments_missing"), hl = jnum(m, "highlights"), ol = jnum(m, "outlooks");
	long long held = 0, none = jnum(m, "themes_without_interview"), money = jnum(m, "money_warnings_open");
	size_t i;
	json_t *th;
	json_array_foreach(json_object_get(m, "themes"), i, th)
		held += jnum(th, "interviews");
	json_t *lines = json_array();
	line(lines, arena_printf(r->arena, "%s %s",
	                         arena_printf(r->arena, TRN(r->lang, "%lld of %lld action points has a progress update in this period.",
	                                                     "%lld of %lld action points have a progress update in this period.", rec),
	                                      rec, exp),
	                         mis ? arena_printf(r->arena, TRN(r->lang, "%lld update is still missing.", "%lld updates are still missing.", mis), mis)
	                             : TR(r->lang, N_("No update is missing."))),
	     mis == 0, mis ? "/actions?needs_update=1" : NULL);
	line(lines, am ? arena_printf(r->arena, TRN(r->lang, "%lld update waits for the assessment of an experience expert.", "%lld updates wait for the assessment of an experience expert.", am), am)
	               : TR(r->lang, N_("Every update has the assessment of an experience expert.")),
	     am == 0, NULL);
	line(lines, arena_printf(r->arena, "%s %s",
	                         arena_printf(r->arena, TRN(r->lang, "%lld interview was held in this period.", "%lld interviews were held in this period.", held), held),
	                         none ? arena_printf(r->arena, TRN(r->lang, "%lld theme has no interview yet.", "%lld themes have no interview yet.", none), none)
	                              : TR(r->lang, N_("Every theme has an interview."))),
	     none == 0, none ? "/interviews/new" : NULL);
	line(lines, hl ? arena_printf(r->arena, TRN(r->lang, "%lld highlight is written.", "%lld highlights are written.", hl), hl)
	               : TR(r->lang, N_("No highlight is written yet.")),
	     hl > 0, arena_printf(r->arena, "/periods/%lld#texts", pid));
	line(lines, ol ? arena_printf(r->arena, TRN(r->lang, "%lld text about the outlook is written.", "%lld texts about the outlook are written.", ol), ol)
	               : TR(r->lang, N_("Nothing is written about the outlook yet.")),
	     ol > 0, arena_printf(r->arena, "/periods/%lld#texts", pid));
	line(lines, money ? arena_printf(r->arena, TRN(r->lang, "%lld money warning is open.", "%lld money warnings are open.", money), money)
	                  : TR(r->lang, N_("No money warning is open.")),
	     money == 0, money ? "/funds#warnings-h" : NULL);
	json_object_set_new(m, "lines", lines);
	json_object_set_new(m, "interviews_held", json_integer(held));
}

/* The dossier holder's part: their action points in the open period. */
static int holder_part(struct req *r, long long period_id, json_t *w)
{
	json_t *items = NULL;
	int rc = store_cycle_holder(r->store, period_id, r->user->person_id, r->lang, r->now, &items);
	if (rc != 0)
		return rc;
	if (json_array_size(items) == 0) {
		json_decref(items);
		return 0;
	}
	long long needed = 0;
	size_t i;
	json_t *a;
	json_array_foreach(items, i, a)
		needed += json_is_true(json_object_get(a, "is_needed"));
	const char *text = needed ? arena_printf(r->arena, TRN(r->lang, "%lld of your action points still needs an update in this period.", "%lld of your action points still need an update in this period.", needed), needed)
	                          : TR(r->lang, N_("Each of your action points has its update for this period. Thank you."));
	json_object_set_new(w, "holder", json_pack("{s:o, s:I, s:s}", "items", items, "needed", (json_int_t)needed, "text", text));
	return 0;
}

/* The experience expert's part: the updates that wait for an assessment. */
static void expert_part(struct req *r, json_t *m, json_t *w)
{
	json_t *items = json_object_get(m, "missing_assessments");
	long long n = (long long)json_array_size(items);
	const char *text = n ? arena_printf(r->arena, TRN(r->lang, "%lld progress update waits for your assessment.", "%lld progress updates wait for your assessment.", n), n)
	                     : TR(r->lang, N_("No progress update waits for an assessment."));
	json_object_set_new(w, "expert", json_pack("{s:O, s:I, s:s, s:b}", "items", items, "count", (json_int_t)n, "text", text,
	                                           "has_items", n > 0));
}

/* The coordinator's and project group's part: the period's progress,
 * without the detail lists (the checklist before publishing has those). */
static void progress_part(struct req *r, json_t *m, json_t *w)
{
	json_t *p = json_deep_copy(m);
	page_cycle_lines(r, p); /* before the period goes: its links name it */
	static const char *const detail[] = {"missing_updates", "missing_assessments", "missing_interviews", "money_warnings",
	                                     "period"};
	for (size_t i = 0; i < sizeof(detail) / sizeof(detail[0]); i++)
		json_object_del(p, detail[i]);
	json_object_set_new(w, "progress", p);
}

int page_my_work_data(struct req *r, json_t **out)
{
	*out = NULL;
	json_t *period = NULL, *m = NULL;
	int rc = store_open_period_due(r->store, &period);
	if (rc != 0)
		return rc;
	json_t *w = json_pack("{s:o}", "period", period);
	if (!json_is_object(period)) {
		*out = req_own(r, w);
		return 0;
	}
	long long pid = jnum(period, "id");
	bool member = page_role_at_least(r, PERM_MEMBER), expert = r->user->expert && r->user->person_id;
	if ((member || expert) && (rc = store_cycle_progress(r->store, pid, r->lang, expert, &m)) != 0) {
		json_decref(w);
		return rc;
	}
	if (r->user->person_id && page_role_at_least(r, PERM_DOSSIER) && (rc = holder_part(r, pid, w)) != 0) {
		json_decref(w);
		json_decref(m);
		return rc;
	}
	if (expert)
		expert_part(r, m, w);
	if (member)
		progress_part(r, m, w);
	json_decref(m);
	*out = req_own(r, w);
	return 0;
}

int page_my_work(struct req *r, struct resp *out)
{
	json_t *w = NULL;
	int rc = page_my_work_data(r, &w);
	if (rc != 0)
		return rc;
	out->template = "my_work";
	out->title = TR(r->lang, N_("My work"));
	out->data = json_incref(w);
	return 0;
}
