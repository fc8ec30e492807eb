/*
 * accessibility: GET /accessibility, the accessibility statement
 * (toegankelijkheidsverklaring) after the Dutch government's model at
 * digitoegankelijk.nl: the status of the municipality's own statement, what
 * lia's own tests check and how, what is known not to work, how to report a
 * problem and get an answer, and where to go after that. What lia checks and
 * what does not work are tables here, next to the code, so a change to the
 * tests is one edit away from the statement; the prose is in the template
 * (strings.c, "acc_" keys). The municipality's part comes from govsite.h.
 */
#include "pages/govsite.h"

#include "core/err.h"
#include "core/i18n.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* What lia's automated tests check on every change (tests/e2e, tests/http,
 * tests/unit). Keep this true: name a test here only while it runs. */
static const char *const checks[][2] = {
	{N_("Automatic check of every page"),
	 N_("The program axe-core checks every page against the rules of WCAG 2.2 level AA, in Dutch and in English, in the "
	    "Chrome browser. It does this as a visitor and as every kind of user who signs in.")},
	{N_("Small screens and zoom"),
	 N_("Every page is checked at a width of 320 pixels and at 200% zoom. Nothing may stick out at the side. Wide "
	    "tables scroll in their own box.")},
	{N_("Keyboard only"),
	 N_("Tests use only the keyboard: the link to skip to the content, the order of the Tab key, a visible focus, the "
	    "menu, the language switch and the main task of every form.")},
	{N_("Without JavaScript"),
	 N_("lia does not use JavaScript at all. Every page and every form works without it. The tests run with "
	    "JavaScript switched off.")},
	{N_("Forms and errors"),
	 N_("Every form is checked empty and with errors. An error is named in words above the form and next to the "
	    "field, and says how to fix it.")},
	{N_("Language"),
	 N_("Every page says which language it is in. Dutch text on an English page, and the other way round, is "
	    "marked, so that a screen reader pronounces it well.")},
	{N_("Reports as PDF"),
	 N_("The PDF files of the reports are tagged: they have headings, a reading order, a title and a language. The "
	    "same report is always also a web page.")},
	{N_("Plain language"),
	 N_("The texts of lia itself are written in plain Dutch (level B1). lia measures how easy the texts of each "
	    "report are to read, and shows which sentences are too long.")},
};

/* What is known not to work, why, and what to do instead. */
static const char *const limitations[][2] = {
	{N_("Automatic tests do not find everything"),
	 N_("Automatic tests find only part of the problems. lia has not yet been checked by an independent expert with "
	    "the method WCAG-EM, and not yet by people who use a screen reader every day. The municipality needs such a "
	    "check for status A or B.")},
	{N_("Long words"),
	 N_("Long words are split at the end of a line only if your browser knows how to split Dutch words. Otherwise a "
	    "long word moves to the next line whole.")},
	{N_("Wide tables in Safari"),
	 N_("In Safari on a Mac the Tab key does not go to a wide table, so you cannot scroll it with the keyboard. "
	    "Switch on \"Press Tab to highlight each item\" in Safari's settings, or download the same figures as a "
	    "spreadsheet (CSV).")},
	{N_("Texts written by people"),
	 N_("The texts of action points, progress updates and interviews are written by the people who work on the "
	    "programme. lia shows how easy they are to read, but cannot make them easy.")},
	{N_("Charts"),
	 N_("Charts are pictures. The same numbers are always in a table next to the chart.")},
};

/* The status letters of the government's model, with what they mean. */
static const char *status_text(char letter)
{
	switch (letter) {
	case 'A': return N_("A: meets all requirements");
	case 'B': return N_("B: meets part of the requirements");
	case 'C': return N_("C: first measures taken");
	case 'D': return N_("D: no measures taken");
	default: return N_("E: no statement");
	}
}

static json_t *texts(const char *lang, const char *const (*pairs)[2], size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "title", TR(lang, pairs[i][0]), "text", TR(lang, pairs[i][1])));
	return a;
}

static json_t *or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* The municipality's part: every key always there, null when not configured. */
static json_t *municipality(const char *lang)
{
	const struct govsite *g = govsite_get();
	char date[64] = "";
	bool dated = g->statement_date && i18n_date(lang, g->statement_date, date, sizeof(date));
	char letter = g->statement_status ? (char)(g->statement_status[0] & ~0x20) : 0;
	return json_pack("{s:b, s:o, s:o, s:o, s:o, s:o, s:o}", "configured", g->statement_status || g->statement_date || g->statement_url,
	                 "status", letter ? json_sprintf("%c", letter) : json_null(),
	                 "status_text", letter ? json_string(TR(lang, status_text(letter))) : json_null(),
	                 "date", or_null(g->statement_date), "date_text", dated ? json_string(date) : json_null(),
	                 "url", or_null(g->statement_url), "contact_email", or_null(g->contact_email));
}

int page_accessibility(struct req *r, struct resp *out)
{
	out->template = "accessibility";
	out->title = TR(r->lang, N_("Accessibility statement"));
	out->data = json_pack("{s:o, s:o, s:o}", "municipality", municipality(r->lang),
	                      "checks", texts(r->lang, checks, sizeof(checks) / sizeof(checks[0])),
	                      "limitations", texts(r->lang, limitations, sizeof(limitations) / sizeof(limitations[0])));
	return out->data ? 0 : LIA_EINTERNAL;
}
