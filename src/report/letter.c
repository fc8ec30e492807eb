/*
 * letter: the cover letter to the council (brief aan de raad). A Markdown
 * template with named fields ({{actions_completed}}), filled from the
 * report's figures with the Mustache engine (without HTML escaping: the
 * result is Markdown, read safely by cmark, which drops raw HTML). The
 * coordinator edits the template in lia; this is the default.
 *
 * The fields are text (names, titles, dates, numbers) except the highlights
 * and the outlook, which are Markdown written in lia. Text goes into the
 * template as text: its Markdown characters are escaped and line breaks
 * become spaces, so a name like "[Klik hier](https://...)" or "# Kop" shows
 * as written, in the letter on the page, in the frozen files and the PDF.
 */
#include "report/report_internal.h"

#include "core/err.h"
#include "core/i18n.h"
#include "core/jsonget.h"
#include "core/money.h"
#include "view/mustache.h"
#include "view/present.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char default_nl[] =
	"Geachte leden van de raad,\n"
	"\n"
	"Hierbij ontvangt u de {{period}} van {{programme}}.{{#first_report}} Op {{first_report}} informeerden we u voor"
	" het eerst over de voortgang.{{/first_report}} In deze brief vertellen we kort waar het programma over gaat"
	" en wat er de afgelopen periode is gebeurd. De hele rapportage vindt u in de bijlage.\n"
	"\n"
	"## Waarom dit programma\n"
	"\n"
	"Nederland heeft in 2016 het VN-verdrag Handicap bekrachtigd. Iedereen moet kunnen meedoen, ook mensen met een"
	" beperking. Daarom maakt elke gemeente samen met hen een Lokale Inclusie Agenda. In {{place}} is dat"
	" {{programme}}.\n"
	"\n"
	"## Samen met de stad\n"
	"\n"
	"We voeren het programma uit met partners in de stad: {{partners}}. Een projectgroep van beleidsadviseurs en"
	" ervaringsdeskundigen stuurt het. Echt samenwerken kost tijd, en het levert veel op.{{#events}} Samen"
	" organiseerden we in deze periode: {{events}}.{{/events}}\n"
	"\n"
	"## Hoe staan we ervoor\n"
	"\n"
	"Van de {{actions_total}} actiepunten zijn er {{actions_completed}} afgerond. {{actions_attention}} actiepunten"
	" vragen extra aandacht. Sinds de vorige rapportage zijn er {{actions_completed_since}} actiepunten afgerond.\n"
	"\n"
	"## Geld voor het programma\n"
	"\n"
	"{{money}}\n"
	"\n"
	"## Zo kwam de rapportage tot stand\n"
	"\n"
	"Duo's van een medewerker van de gemeente en een ervaringsdeskundige hielden {{interviews_text}} over"
	" {{interview_themes_text}}. Ze spraken met {{interview_holders_text}}.\n"
	"\n"
	"## Mooie ontwikkelingen\n"
	"\n"
	"{{highlights}}\n"
	"\n"
	"## Vooruitkijken\n"
	"\n"
	"{{outlook}}\n"
	"\n"
	"Met vriendelijke groet,\n"
	"\n"
	"Het college van burgemeester en wethouders van {{place}}\n";

static const char default_en[] =
	"Dear members of the council,\n"
	"\n"
	"With this letter you receive the {{period}} of {{programme}}.{{#first_report}} We first informed you about the"
	" progress on {{first_report}}.{{/first_report}} The letter tells in short what the programme is"
	" about and what happened in the past period. You will find the full report attached.\n"
	"\n"
	"## Why this programme\n"
	"\n"
	"In 2016 the Netherlands ratified the UN Convention on the Rights of Persons with Disabilities. Everyone must be"
	" able to take part, also people with a disability. So every municipality makes a Local Inclusion Agenda together"
	" with them. In {{place}} that is {{programme}}.\n"
	"\n"
	"## Together with the city\n"
	"\n"
	"We carry out the programme with partners in the city: {{partners}}. A project group of policy advisers and"
	" experts by experience leads it. Working together takes time, and it pays off.{{#events}} Together we organised"
	" in this period: {{events}}.{{/events}}\n"
	"\n"
	"## Where we stand\n"
	"\n"
	"Of the {{actions_total}} action points, {{actions_completed}} are completed. {{actions_attention}} action points"
	" need extra attention. Since the previous report {{actions_completed_since}} action points were completed.\n"
	"\n"
	"## Money for the programme\n"
	"\n"
	"{{money}}\n"
	"\n"
	"## How this report was made\n"
	"\n"
	"Duos of a municipal employee and an expert by experience held {{interviews_text}} on {{interview_themes_text}}."
	" They spoke with {{interview_holders_text}}.\n"
	"\n"
	"## Good developments\n"
	"\n"
	"{{highlights}}\n"
	"\n"
	"## Looking ahead\n"
	"\n"
	"{{outlook}}\n"
	"\n"
	"Yours sincerely,\n"
	"\n"
	"The mayor and aldermen of {{place}}\n";

const char *report_letter_default(const char *lang)
{
	return lang && strcmp(lang, "en") == 0 ? default_en : default_nl;
}

/* Append text to b so that Markdown reads it as that text: every ASCII
 * punctuation character that can start or end Markdown (emphasis, links,
 * code, headings, HTML, tables, entities) gets a backslash, a list marker at
 * the start too, and a line break (which could start a block) becomes a
 * space. Letters, digits and other punctuation stay as they are, so the
 * Markdown file stays readable. White space around the text is dropped:
 * spaces before it would let a list marker or an indented code block start
 * after all (fuzz_letter found "\t+ x" made a list), and two spaces after
 * it before the template's line break make a hard line break. */
static void md_text(struct buf *b, const char *s)
{
	static const char always[] = "\\`*_[]{}<>#!|~&=";
	static const char space[] = " \t\r\n";
	s += strspn(s, space);
	size_t n = strlen(s);
	while (n && strchr(space, s[n - 1]))
		n--;
	for (const char *p = s; p < s + n; p++) {
		char c = *p;
		if (c == '\n' || c == '\r' || c == '\t') {
			buf_putc(b, ' ');
			continue;
		}
		bool at_start = p == s;
		/* "1." or "1)" at the start would be an ordered list item. */
		bool list_number = (c == '.' || c == ')') && p > s && strspn(s, "0123456789") == (size_t)(p - s);
		if (strchr(always, c) || (at_start && (c == '-' || c == '+')) || list_number)
			buf_putc(b, '\\');
		buf_putc(b, c);
	}
}

static const char *md_text_dup(struct arena *a, const char *s)
{
	struct buf b = BUF_INIT;
	md_text(&b, s);
	const char *out = arena_strdup(a, b.len ? buf_cstr(&b) : "");
	buf_free(&b);
	return out;
}

/* Narratives of a kind as Markdown: highlights as a list of titles with
 * their text, the outlook as its paragraphs. */
static const char *narrative_md(struct arena *a, json_t *fig, const char *kind, const char *none)
{
	struct buf b = BUF_INIT;
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(fig, "narratives"), i, x) {
		if (strcmp(jstr(x, "kind"), kind) != 0)
			continue;
		if (strcmp(kind, "highlight") == 0) {
			/* In a list item: the title and the first paragraph of the text, on one line. */
			const char *body = jstr(x, "body_md");
			const char *end = strstr(body, "\n\n");
			size_t n = end ? (size_t)(end - body) : strlen(body);
			buf_puts(&b, "- **");
			md_text(&b, jstr(x, "title"));
			buf_puts(&b, ".** ");
			for (size_t k = 0; k < n; k++)
				buf_putc(&b, body[k] == '\n' ? ' ' : body[k]);
			buf_putc(&b, '\n');
		}
		else
			buf_printf(&b, "%s%s", b.len ? "\n\n" : "", jstr(x, "body_md"));
	}
	const char *out = arena_strdup(a, b.len ? buf_cstr(&b) : none);
	buf_free(&b);
	return out;
}

/* Today as a date in words ("28 november 2026"). */
static const char *date_text(struct arena *a, const struct report_options *o)
{
	if (!o->today || !*o->today)
		return "";
	json_t *x = json_pack("{s:s}", "today_on", o->today);
	present(x, o->lang);
	const char *t = json_string_value(json_object_get(x, "today_on_text"));
	const char *out = arena_strdup(a, t ? t : o->today);
	json_decref(x);
	return out;
}

json_t *report_letter_values(json_t *fig, const struct report_options *o, struct arena *a)
{
	json_t *p = json_object_get(fig, "programme"), *per = json_object_get(fig, "period");
	json_t *s = json_object_get(fig, "summary"), *prev = json_object_get(fig, "previous");
	json_t *tot = json_object_get(fig, "funds_total");
	struct buf partners = BUF_INIT;
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(fig, "partners"), i, x)
		buf_printf(&partners, "%s%s", i ? ", " : "", jstr(x, "name"));
	/* The money: how it started, each source apart, then what all of it went to. */
	struct buf money = BUF_INIT;
	const char *start = report_money_start(a, fig, o->lang);
	if (start)
		buf_printf(&money, "%s ", start);
	const char *from = report_money_words(a, fig, o->lang, false);
	bool ns = from != NULL;
	if (from)
		buf_printf(&money, "%s ", from);
	char al[48], sp[48];
	money_format(jnum(tot, "allocated_cents"), o->lang, al, sizeof(al));
	money_format(jnum(tot, "spent_cents"), o->lang, sp, sizeof(sp));
	if (ns)
		buf_printf(&money, "%s %s", arena_printf(a, TR(o->lang, N_("So far %s is allocated and %s is spent.")), al, sp),
		           TR(o->lang, N_("The report shows per year what was allocated and spent.")));
	else
		buf_puts(&money, TR(o->lang, N_("No figures about money for the programme have been recorded.")));
	/* The period's events by name and date: "Week van de Toegankelijkheid (2 oktober 2023), ...". */
	struct buf events = BUF_INIT;
	json_array_foreach(json_object_get(fig, "events"), i, x) {
		char day[32] = "";
		i18n_date(o->lang, jstr(x, "starts_on"), day, sizeof(day));
		buf_printf(&events, "%s%s (%s)", i ? ", " : "", jstr(x, "name"), day);
	}
	/* The place: "Gemeente Nijmegen" is the organisation, "Nijmegen" the city
	 * ("In Nijmegen is dat ...", "het college van ... van Nijmegen"). */
	const char *org = jstr(p, "organisation");
	const char *place = strncasecmp(org, "gemeente ", 9) == 0 && org[9] ? org + 9 : org;
	json_t *first = json_object_get(fig, "first_report");
	char first_day[32] = "";
	if (json_is_object(first) && jnum(first, "id") != jnum(per, "id"))
		i18n_date(o->lang, jstr(first, "published_at"), first_day, sizeof(first_day));
	const char *ivs = arena_printf(a, TR(o->lang, jnum(s, "interviews") == 1 ? N_("%lld interview") : N_("%lld interviews")),
	                               jnum(s, "interviews"));
	const char *ths = arena_printf(a, TR(o->lang, jnum(s, "interview_themes") == 1 ? N_("%lld theme") : N_("%lld themes")),
	                               jnum(s, "interview_themes"));
	const char *hs = arena_printf(a, TR(o->lang, jnum(s, "interview_holders") == 1 ? N_("%lld dossier holder")
	                                                                                : N_("%lld dossier holders")),
	                              jnum(s, "interview_holders"));
	json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:s, s:s,"
	                      " s:s, s:s, s:s, s:s}",
		"municipality", jstr(p, "organisation"),
		"programme", report_programme_name(a, p),
		"period", jstr(per, "name"),
		"period_start", jstr(per, "starts_on_text"),
		"period_end", jstr(per, "ends_on_text"),
		"previous_period", json_is_object(prev) ? jstr(prev, "name") : "",
		"date", date_text(a, o),
		"partners", partners.len ? buf_cstr(&partners) : "",
		"actions_total", (json_int_t)jnum(s, "total"),
		"actions_completed", (json_int_t)jnum(s, "completed"),
		"actions_attention", (json_int_t)jnum(s, "attention"),
		"actions_withdrawn", (json_int_t)jnum(s, "withdrawn"),
		"actions_completed_since", (json_int_t)jnum(json_object_get(s, "changes"), "completed"),
		"interviews", (json_int_t)jnum(s, "interviews"),
		"interview_themes", (json_int_t)jnum(s, "interview_themes"),
		"interview_holders", (json_int_t)jnum(s, "interview_holders"),
		"money", arena_strdup(a, buf_cstr(&money)),
		"highlights", narrative_md(a, fig, "highlight", TR(o->lang, N_("No good developments have been written for this period."))),
		"outlook", narrative_md(a, fig, "outlook", TR(o->lang, N_("Nothing about looking ahead has been written for this period."))),
		"first_report", first_day,
		"interviews_text", ivs,
		"interview_themes_text", ths,
		"interview_holders_text", hs);
	json_object_set_new(v, "events", json_string(events.len ? buf_cstr(&events) : ""));
	json_object_set_new(v, "place", json_string(place));
	buf_free(&events);
	buf_free(&partners);
	buf_free(&money);
	return v;
}

/* Who signs, after the template's closing lines: a paragraph per non-empty
 * line of text ("A.P.W. van de Klift, gemeentesecretaris"), as typed. The
 * functions are written in Dutch, so an English letter marks them so
 * (WCAG 3.1.2). Nothing recorded: nothing added. */
static void signatories(struct doc *d, const char *text)
{
	while (*text) {
		size_t n = strcspn(text, "\r\n");
		const char *line = arena_strndup(d->arena, text, n);
		text += n;
		text += strspn(text, "\r\n");
		line += strspn(line, " \t");
		size_t len = strlen(line);
		while (len && (line[len - 1] == ' ' || line[len - 1] == '\t'))
			len--;
		if (!len)
			continue;
		doc_paragraph(d, arena_strndup(d->arena, line, len));
		if (strcmp(d->lang, "nl") != 0)
			doc_last_lang(d, "nl");
	}
}

int report_build_letter(struct doc *d, json_t *fig, const char *template_md, const struct report_options *o)
{
	json_t *p = json_object_get(fig, "programme"), *per = json_object_get(fig, "period");
	d->title = arena_printf(d->arena, TR(o->lang, N_("Letter to the council: %s")), jstr(per, "name"));
	d->subject = TR(o->lang, N_("Cover letter to the municipal council"));
	d->author = arena_strdup(d->arena, jstr(p, "organisation"));
	struct mu_template *t = NULL;
	char *err = NULL;
	if (mu_compile(template_md, strlen(template_md), &t, &err) != 0) {
		free(err);
		return LIA_EINVAL;
	}
	json_t *values = report_letter_values(fig, o, d->arena);
	/* Text fields as text (the file's opening comment); the two Markdown
	 * fields as they are. */
	const char *key;
	json_t *v;
	json_object_foreach(values, key, v) {
		if (json_is_string(v) && strcmp(key, "highlights") != 0 && strcmp(key, "outlook") != 0)
			json_string_set(v, md_text_dup(d->arena, json_string_value(v)));
	}
	struct mu_opts opts = {.html_escape = false};
	struct buf md = BUF_INIT;
	int rc = mu_render(t, &values, 1, &opts, &md);
	mu_free(t);
	json_decref(values);
	if (rc != 0) {
		buf_free(&md);
		return LIA_EINVAL;
	}
	doc_heading(d, 1, "h-top", d->title);
	doc_paragraph(d, arena_printf(d->arena, "%s, %s", d->author, date_text(d->arena, o)));
	doc_markdown(d, buf_cstr(&md), 1, NULL);
	buf_free(&md);
	signatories(d, jstr(p, "signatories"));
	return 0;
}
