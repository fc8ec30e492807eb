/*
 * full: the progress report to the council, in the order a council member
 * reads it: the title page (the programme by its name, the period, when the
 * first report came), a table of contents, the summary with the key
 * figures, the good developments and what lies ahead, then the context (the
 * UN Convention and the local inclusion agenda), the collaboration with the
 * partners, the events, the money (each source apart), the action points per
 * theme with their CRPD articles, and the method (the interviews).
 */
#include "report/report_internal.h"

#include "core/i18n.h"
#include "core/jsonget.h"
#include "core/money.h"
#include "view/present.h"

#include <stdlib.h>
#include <string.h>

#define T(s) TR(o->lang, s)

/* The words for one or for many (Dutch and English agree: 1 is one, the rest
 * many), translated. */
__attribute__((format_arg(3), format_arg(4))) static const char *count_of(const struct report_options *o, long long n,
                                                                            const char *one, const char *many)
{
	return TR(o->lang, n == 1 ? one : many);
}

/* Quoted texts are entered in Dutch: marked so in an English report. */
#define QUOTED "nl"

static const char *change_text(const struct report_options *o, const char *change)
{
	return report_change_text(o->lang, change);
}

static const char *money(struct doc *d, const struct report_options *o, long long cents)
{
	char tmp[48];
	money_format(cents, o->lang, tmp, sizeof(tmp));
	return arena_strdup(d->arena, tmp);
}

/* The cells of a table of counts, row by row (in d's arena): for each row of
 * rows, the text at keys[0], then the numbers at keys[1..ncols-1]. */
static const char **count_cells(struct doc *d, json_t *rows, const char *const *keys, size_t ncols)
{
	size_t n = json_array_size(rows);
	const char **cells = arena_alloc(d->arena, (n ? n : 1) * ncols * sizeof(*cells));
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_array_get(rows, i);
		cells[i * ncols] = jstr(x, keys[0]);
		for (size_t c = 1; c < ncols; c++)
			cells[i * ncols + c] = arena_printf(d->arena, "%lld", jnum(x, keys[c]));
	}
	return cells;
}

static void summary(struct doc *d, json_t *fig, const struct report_options *o)
{
	json_t *s = json_object_get(fig, "summary");
	doc_heading(d, 2, "h-summary", T(N_("Summary")));
	doc_paragraph(d, arena_printf(d->arena, T(N_("%lld of the %lld action points are completed; %lld need attention.")),
	                              jnum(s, "completed"), jnum(s, "total"), jnum(s, "attention")));
	json_t *prev = json_object_get(fig, "previous");
	json_t *ch = json_object_get(s, "changes");
	if (json_is_object(prev)) {
		const char *q[] = {jstr(prev, "name")};
		doc_paragraph_quoting(d, arena_printf(d->arena,
			T(N_("Since the previous report (%s): %lld new, %lld completed, %lld withdrawn, %lld with another status and %lld with another health.")),
			DOC_Q0, jnum(ch, "new"), jnum(ch, "completed"), jnum(ch, "withdrawn"), jnum(ch, "status_changed"),
			jnum(ch, "health_changed")), QUOTED, q, 1);
	}
	/* Per status, and per health. */
	static const char *const lists[2] = {"by_status", "by_health"};
	for (int l = 0; l < 2; l++) {
		json_t *arr = json_object_get(s, lists[l]);
		size_t n = json_array_size(arr);
		static const char *const keys[] = {"label", "count"};
		const char **cells = count_cells(d, arr, keys, 2);
		const char *head[] = {l == 0 ? T(N_("Status")) : T(N_("Health")), T(N_("Action points"))};
		static const bool numeric[] = {false, true};
		doc_table(d, l == 0 ? T(N_("Action points by status")) : T(N_("Action points by health")), 2, head, n, cells,
		          numeric);
	}

	/* Per theme. */
	json_t *bt = json_object_get(s, "by_theme");
	size_t nt = json_array_size(bt);
	static const char *const theme_keys[] = {"name", "total", "completed", "attention", "withdrawn"};
	const char **tc = count_cells(d, bt, theme_keys, 5);
	const char *th[] = {T(N_("Theme")), T(N_("Action points")), T(N_("Completed")), T(N_("Needs attention")),
	                    T(N_("Withdrawn"))};
	static const bool tn[] = {false, true, true, true, true};
	doc_table(d, T(N_("Action points per theme")), 5, th, nt, tc, tn);
}

static void context(struct doc *d, json_t *fig, const struct report_options *o)
{
	json_t *p = json_object_get(fig, "programme");
	doc_heading(d, 2, "h-context", T(N_("Context")));
	doc_paragraph(d, T(N_("The Netherlands ratified the UN Convention on the Rights of Persons with Disabilities in 2016. The convention asks that society becomes accessible and inclusive for everyone. Barriers that keep people with a disability from taking part must go.")));
	doc_paragraph(d, T(N_("Since then every municipality makes a Local Inclusion Agenda, together with people with a disability. Not everything has to be accessible at once: it is about steady improvement. New policy takes accessibility and inclusion into account from the start.")));
	const char *q[] = {report_programme_name(d->arena, p)};
	doc_paragraph_quoting(d, arena_printf(d->arena, T(N_("%s carries out its agenda with %s (%lld to %lld).")),
	                                      jstr(p, "organisation"), DOC_Q0, jnum(p, "start_year"), jnum(p, "end_year")),
	                      QUOTED, q, 1);
	json_t *sv = json_object_get(fig, "survey");
	if (json_is_object(sv))
		doc_paragraph(d, arena_printf(d->arena,
			T(N_("In the national survey of %lld, %lld%% of the %lld municipalities that answered were carrying out their agenda.")),
			jnum(sv, "year"), jnum(sv, "share_percent"), jnum(sv, "respondents")));
}

static void organisation(struct doc *d, json_t *fig, const struct report_options *o)
{
	doc_heading(d, 2, "h-organisation", T(N_("Working together")));
	doc_paragraph(d, T(N_("The programme is carried out together with partners in the city. A project group leads it: policy advisers of the municipality, from the social and the physical domain, and representatives of organisations of and for people with a disability. Experts by experience take part in the project group and in every interview.")));
	json_t *g = json_object_get(fig, "project_group");
	size_t n = json_array_size(g);
	if (n) {
		const char **cells = arena_alloc(d->arena, n * 3 * sizeof(*cells));
		for (size_t i = 0; i < n; i++) {
			json_t *x = json_array_get(g, i);
			cells[i * 3] = jstr(x, "name");
			cells[i * 3 + 1] = jstr(x, "role_label")[0] ? jstr(x, "role_label") : jstr(x, "role");
			cells[i * 3 + 2] = jstr(x, "organisation");
		}
		const char *head[] = {T(N_("Name")), T(N_("Role")), T(N_("Organisation"))};
		doc_table(d, T(N_("The project group")), 3, head, n, cells, NULL);
	}
	json_t *pt = json_object_get(fig, "partners");
	size_t np = json_array_size(pt);
	if (np) {
		doc_paragraph(d, T(N_("Partner organisations:")));
		const char **items = arena_alloc(d->arena, np * sizeof(*items));
		for (size_t i = 0; i < np; i++)
			items[i] = jstr(json_array_get(pt, i), "name");
		doc_list(d, false, items, np);
	}
}

static void funds(struct doc *d, json_t *fig, const struct report_options *o)
{
	doc_heading(d, 2, "h-funds", T(N_("Money")));
	json_t *years = json_object_get(fig, "funds");
	size_t n = json_array_size(years);
	const char *start = report_money_start(d->arena, fig, o->lang);
	if (start)
		doc_paragraph(d, start);
	if (!n) {
		doc_paragraph(d, T(N_("No figures about money for the programme have been recorded.")));
		return;
	}
	/* Each source by its name: extra money and a regular budget never add up
	 * to one "extra" sum in words. */
	struct report_source *src;
	size_t ns = report_money_sources(d->arena, fig, o->lang, &src);
	doc_paragraph(d, T(N_("The money for the programme comes from these sources:")));
	struct doc_text *items = arena_alloc(d->arena, (ns ? ns : 1) * sizeof(*items));
	for (size_t i = 0; i < ns; i++) {
		const char *q[] = {src[i].name};
		items[i] = doc_text_new();
		doc_text_quoting(d, &items[i], arena_printf(d->arena, "%s: %s.", DOC_Q0, src[i].text), QUOTED, q, 1);
	}
	doc_list_text(d, false, items, ns);
	json_t *tot = json_object_get(fig, "funds_total");
	doc_paragraph(d, arena_printf(d->arena, T(N_("So far %s is allocated and %s is spent.")),
	                              money(d, o, jnum(tot, "allocated_cents")), money(d, o, jnum(tot, "spent_cents"))));
	doc_chart(d, chart_money_years(d->arena, years, o->lang, "report-money"));
	const char **cells = arena_alloc(d->arena, (n + 1) * 5 * sizeof(*cells));
	for (size_t i = 0; i <= n; i++) {
		json_t *y = i < n ? json_array_get(years, i) : tot;
		cells[i * 5] = i < n ? arena_printf(d->arena, "%lld", jnum(y, "year")) : T(N_("Total"));
		cells[i * 5 + 1] = money(d, o, jnum(y, "available_cents"));
		cells[i * 5 + 2] = money(d, o, jnum(y, "allocated_cents"));
		cells[i * 5 + 3] = money(d, o, jnum(y, "spent_cents"));
		cells[i * 5 + 4] = money(d, o, jnum(y, "left_cents"));
	}
	const char *head[] = {T(N_("Year")), T(N_("Available")), T(N_("Allocated")), T(N_("Spent")), T(N_("Left"))};
	static const bool numeric[] = {false, true, true, true, true};
	doc_table(d, T(N_("Money per year from all sources, in euros")), 5, head, n + 1, cells, numeric);
}

/* The events of the period: what was organised with the partners. */
static void events(struct doc *d, json_t *fig, const struct report_options *o)
{
	json_t *ev = json_object_get(fig, "events");
	size_t n = json_array_size(ev);
	doc_heading(d, 2, "h-events", T(N_("Events")));
	if (!n) {
		doc_paragraph(d, T(N_("No events were recorded in this period.")));
		return;
	}
	doc_paragraph(d, T(N_("Together with the partners the programme organised these events:")));
	struct doc_text *items = arena_alloc(d->arena, n * sizeof(*items));
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_array_get(ev, i);
		char from[32] = "", to[32] = "";
		i18n_date(o->lang, jstr(x, "starts_on"), from, sizeof(from));
		const char *ends = jstr(x, "ends_on");
		bool span = *ends && strcmp(ends, jstr(x, "starts_on")) != 0 && i18n_date(o->lang, ends, to, sizeof(to));
		const char *when = span ? arena_printf(d->arena, "%s %s %s", from, T(N_("to")), to) : arena_strdup(d->arena, from);
		/* "Name (when, 85 participants). Location." */
		const char *loc = jstr(x, "location");
		size_t ll = strlen(loc);
		const char *q[] = {jstr(x, "name"), ll && loc[ll - 1] != '.' ? arena_printf(d->arena, "%s.", loc) : loc};
		const char *line = json_is_integer(json_object_get(x, "participants"))
			? arena_printf(d->arena, "%s (%s, %s).", DOC_Q0, when,
			               arena_printf(d->arena, count_of(o, jnum(x, "participants"), N_("%lld participant"),
			                                               N_("%lld participants")),
			                            jnum(x, "participants")))
			: arena_printf(d->arena, "%s (%s).", DOC_Q0, when);
		if (ll)
			line = arena_printf(d->arena, "%s %s", line, DOC_Q1);
		items[i] = doc_text_new();
		doc_text_quoting(d, &items[i], line, QUOTED, q, 2);
	}
	doc_list_text(d, false, items, n);
}

/* One action point: its state, what changed, the texts and both assessments. */
static void action(struct doc *d, json_t *a, json_t *articles, const struct report_options *o)
{
	doc_heading(d, 4, NULL, arena_printf(d->arena, "%s %s", jstr(a, "code"), jstr(a, "title")));
	doc_last_lang(d, "nl");
	struct doc_text t = doc_text_new();
	doc_text_add(d, &t, T(N_("Status")), NULL, true);
	doc_text_add(d, &t, arena_printf(d->arena, ": %s. ", jstr(a, "status_label")), NULL, false);
	doc_text_add(d, &t, T(N_("Health")), NULL, true);
	doc_text_add(d, &t, arena_printf(d->arena, ": %s. ", jstr(a, "health_label")), NULL, false);
	doc_text_add(d, &t, change_text(o, jstr(a, "change")), NULL, false);
	if (strcmp(jstr(a, "change"), "status_changed") == 0 || strcmp(jstr(a, "change"), "completed") == 0 ||
	    strcmp(jstr(a, "change"), "withdrawn") == 0)
		doc_text_add(d, &t, arena_printf(d->arena, " (%s: %s).", T(N_("was")), jstr(a, "prev_status_label")), NULL, false);
	else if (strcmp(jstr(a, "change"), "health_changed") == 0)
		doc_text_add(d, &t, arena_printf(d->arena, " (%s: %s).", T(N_("was")), jstr(a, "prev_health_label")), NULL, false);
	else
		doc_text_add(d, &t, ".", NULL, false);
	if (json_is_true(json_object_get(a, "is_overdue"))) {
		doc_text_add(d, &t, " ", NULL, false);
		doc_text_add(d, &t, T(N_("Overdue")), NULL, true);
		doc_text_add(d, &t, arena_printf(d->arena, T(N_(": the due date was %s and it is not completed.")),
		                                 jstr(a, "due_on_text")), NULL, false);
	}
	doc_paragraph_text(d, t);
	/* Its articles of the UN Convention, each a link to what lia says about it. */
	struct doc_text art = doc_text_new();
	size_t i;
	json_t *x;
	json_array_foreach(articles, i, x) {
		if (!json_equal(json_object_get(x, "action_point_id"), json_object_get(a, "id")))
			continue;
		if (!art.n) {
			doc_text_add(d, &art, arena_printf(d->arena, "%s:", T(N_("UN Convention"))), NULL, true);
			doc_text_add(d, &art, " ", NULL, false);
		} else {
			doc_text_add(d, &art, ", ", NULL, false);
		}
		doc_text_add(d, &art, arena_printf(d->arena, T(N_("article %lld (%s)")), jnum(x, "number"), jstr(x, "title")),
		             arena_printf(d->arena, "/crpd/%lld", jnum(x, "number")), false);
	}
	if (art.n) {
		doc_text_add(d, &art, ".", NULL, false);
		doc_paragraph_text(d, art);
	}
	if (!json_is_true(json_object_get(a, "is_updated"))) {
		doc_paragraph(d, T(N_("No new update in this period.")));
		return;
	}
	doc_markdown(d, jstr(a, "progress_md"), 5, "nl");
	const char *h = jstr(a, "health");
	if (strcmp(h, "oranje") == 0 || strcmp(h, "rood") == 0) {
		const char *items[] = {
			arena_printf(d->arena, "%s: %s", T(N_("Cause")), jstr(a, "health_cause")),
			arena_printf(d->arena, "%s: %s", T(N_("Consequence")), jstr(a, "health_consequence")),
			arena_printf(d->arena, "%s: %s", T(N_("What is done about it")), jstr(a, "health_measures")),
		};
		doc_list(d, false, items, 3);
		doc_last_lang(d, "nl");
	}
	const char *ha = jstr(a, "holder_assessment"), *ea = jstr(a, "expert_assessment");
	struct doc_text h1 = doc_text_new();
	doc_text_add(d, &h1, arena_printf(d->arena, "%s: ", T(N_("Dossier holder's assessment"))), NULL, true);
	if (*ha)
		doc_text_add_lang(d, &h1, ha, QUOTED);
	else
		doc_text_add(d, &h1, T(N_("not given")), NULL, false);
	doc_paragraph_text(d, h1);
	struct doc_text h2 = doc_text_new();
	doc_text_add(d, &h2, arena_printf(d->arena, "%s: ", T(N_("Expert by experience's assessment"))), NULL, true);
	if (*ea)
		doc_text_add_lang(d, &h2, ea, QUOTED);
	else
		doc_text_add(d, &h2, T(N_("not given")), NULL, false);
	doc_paragraph_text(d, h2);
}

static void actions(struct doc *d, json_t *fig, const struct report_options *o)
{
	doc_heading(d, 2, "h-actions", T(N_("Action points per theme")));
	json_t *themes = json_object_get(fig, "themes"), *all = json_object_get(fig, "actions");
	size_t i, j;
	json_t *th, *a;
	json_array_foreach(themes, i, th) {
		doc_heading(d, 3, arena_printf(d->arena, "h-theme-%lld", jnum(th, "id")), jstr(th, "name"));
		size_t count = 0;
		json_array_foreach(all, j, a)
			count += json_equal(json_object_get(a, "theme_id"), json_object_get(th, "id"));
		/* A table first: every action point of the theme at a glance. */
		const char **cells = arena_alloc(d->arena, (count ? count : 1) * 4 * sizeof(*cells));
		size_t k = 0;
		json_array_foreach(all, j, a) {
			if (!json_equal(json_object_get(a, "theme_id"), json_object_get(th, "id")))
				continue;
			cells[k * 4] = arena_printf(d->arena, "%s %s", jstr(a, "code"), jstr(a, "title"));
			cells[k * 4 + 1] = json_is_true(json_object_get(a, "is_overdue"))
				? arena_printf(d->arena, "%s (%s)", jstr(a, "status_label"), T(N_("overdue")))
				: jstr(a, "status_label");
			cells[k * 4 + 2] = jstr(a, "health_label");
			cells[k * 4 + 3] = change_text(o, jstr(a, "change"));
			k++;
		}
		if (!k) {
			doc_paragraph(d, T(N_("This theme has no action points.")));
			continue;
		}
		const char *head[] = {T(N_("Action point")), T(N_("Status")), T(N_("Health")), T(N_("Since the previous report"))};
		doc_table(d, arena_printf(d->arena, T(N_("Action points of the theme %s")), jstr(th, "name")), 4, head, k, cells,
		          NULL);
		doc_last_col_lang(d, 0, QUOTED);
		json_array_foreach(all, j, a)
			if (json_equal(json_object_get(a, "theme_id"), json_object_get(th, "id")))
				action(d, a, json_object_get(fig, "action_articles"), o);
	}
}

static void method(struct doc *d, json_t *fig, const struct report_options *o)
{
	json_t *s = json_object_get(fig, "summary"), *iv = json_object_get(fig, "interviews");
	doc_heading(d, 2, "h-method", T(N_("How this report was made")));
	size_t n = json_array_size(iv);
	if (!n) {
		doc_paragraph(d, T(N_("No interviews were recorded in this period. The report is based on the updates of the dossier holders.")));
		return;
	}
	const char *ivs = arena_printf(d->arena, count_of(o, jnum(s, "interviews"), N_("%lld interview"), N_("%lld interviews")),
	                               jnum(s, "interviews"));
	const char *ths = arena_printf(d->arena, count_of(o, jnum(s, "interview_themes"), N_("%lld theme"), N_("%lld themes")),
	                               jnum(s, "interview_themes"));
	const char *hs = arena_printf(d->arena, count_of(o, jnum(s, "interview_holders"), N_("%lld dossier holder"),
	                                                 N_("%lld dossier holders")),
	                              jnum(s, "interview_holders"));
	doc_paragraph(d, arena_printf(d->arena,
		T(N_("Duos of a municipal employee and an expert by experience held %s on %s, with %s in all. The dossier holders and the experts by experience each gave their own assessment of the progress.")),
		ivs, ths, hs));
	const char **cells = arena_alloc(d->arena, n * 4 * sizeof(*cells));
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_array_get(iv, i);
		cells[i * 4] = jstr(x, "held_on_text");
		cells[i * 4 + 1] = jstr(x, "theme_name");
		cells[i * 4 + 2] = arena_printf(d->arena, "%s; %s", jstr(x, "municipal"), jstr(x, "experts"));
		cells[i * 4 + 3] = arena_printf(d->arena, "%lld", jnum(x, "holder_count"));
	}
	const char *head[] = {T(N_("Date")), T(N_("Theme")), T(N_("Duo")), T(N_("Dossier holders"))};
	static const bool numeric[] = {false, false, false, true};
	doc_table(d, T(N_("Interviews in this period")), 4, head, n, cells, numeric);
}

static void narratives(struct doc *d, json_t *fig, const char *kind, const char *id, const char *title,
                       const char *none)
{
	doc_heading(d, 2, id, title);
	json_t *list = json_object_get(fig, "narratives");
	size_t i;
	json_t *x;
	bool any = false;
	json_array_foreach(list, i, x) {
		if (strcmp(jstr(x, "kind"), kind) != 0)
			continue;
		any = true;
		doc_heading(d, 3, NULL, jstr(x, "title"));
		doc_last_lang(d, "nl");
		doc_markdown(d, jstr(x, "body_md"), 4, "nl");
	}
	if (!any)
		doc_paragraph(d, none);
}

/* Under the title: what this is, whose, which period, and when the council
 * was first informed (the first published report). */
static void title_page(struct doc *d, json_t *fig, const struct report_options *o)
{
	json_t *per = json_object_get(fig, "period"), *first = json_object_get(fig, "first_report");
	doc_heading(d, 1, "h-top", d->title);
	doc_last_lang(d, QUOTED);
	doc_paragraph(d, arena_printf(d->arena, "%s. %s, %s %s %s.", d->subject, d->author, jstr(per, "starts_on_text"),
	                              T(N_("to")), jstr(per, "ends_on_text")));
	char day[32];
	if (json_is_object(first) && jnum(first, "id") != jnum(per, "id") &&
	    i18n_date(o->lang, jstr(first, "published_at"), day, sizeof(day))) {
		const char *q[] = {jstr(first, "name")};
		doc_paragraph_quoting(d, arena_printf(d->arena, T(N_("The council was first informed about the progress on %s (%s).")),
		                                      day, DOC_Q0), QUOTED, q, 1);
	} else if (!json_is_object(first) || jnum(first, "id") == jnum(per, "id")) {
		doc_paragraph(d, T(N_("This is the first progress report of the programme.")));
	}
	if (strcmp(jstr(per, "state"), "published") != 0)
		doc_paragraph(d, T(N_("Draft: this period is not published yet. Figures can still change.")));
}

void report_build_full(struct doc *d, json_t *fig, const struct report_options *o)
{
	json_t *p = json_object_get(fig, "programme"), *per = json_object_get(fig, "period");
	d->title = arena_printf(d->arena, "%s: %s", report_programme_name(d->arena, p), jstr(per, "name"));
	d->subject = T(N_("Progress report to the municipal council"));
	d->author = arena_strdup(d->arena, jstr(p, "organisation"));
	title_page(d, fig, o);
	size_t contents = d->n;
	summary(d, fig, o);
	/* What a council member reads first comes first. */
	narratives(d, fig, "highlight", "h-highlights", T(N_("Good developments")),
	           T(N_("No good developments have been written for this period.")));
	narratives(d, fig, "outlook", "h-outlook", T(N_("Looking ahead")),
	           T(N_("Nothing about looking ahead has been written for this period.")));
	context(d, fig, o);
	organisation(d, fig, o);
	events(d, fig, o);
	funds(d, fig, o);
	actions(d, fig, o);
	method(d, fig, o);
	doc_contents(d, contents, T(N_("Contents")));
}
