/*
 * easy: the summary in easy language (makkelijk lezen). Short sentences, one
 * idea each, numbers in words where they are small, no tables.
 */
#include "report/report_internal.h"

#include "core/i18n.h"
#include "core/jsonget.h"
#include "core/money.h"

#include <string.h>

#define T(s) TR(o->lang, s)

/* Small numbers in words ("drie"), larger ones as digits. */
static const char *count(struct doc *d, const struct report_options *o, long long n)
{
	static const char *const nl[] = {"nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen",
	                                 "tien", "elf", "twaalf"};
	static const char *const en[] = {"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
	                                 "ten", "eleven", "twelve"};
	if (n >= 0 && n <= 12)
		return strcmp(o->lang, "en") == 0 ? en[n] : nl[n];
	return arena_printf(d->arena, "%lld", n);
}

static const char *euros(struct doc *d, const struct report_options *o, long long cents)
{
	char tmp[48];
	/* Round to whole euros: cents only make a sentence harder. */
	money_format((cents + (cents >= 0 ? 50 : -50)) / 100 * 100, o->lang, tmp, sizeof(tmp));
	return arena_strdup(d->arena, tmp);
}

/* A sentence starts with a capital, also when it starts with a number in words. */
static void sentence(struct doc *d, const char *text)
{
	char *s = arena_strdup(d->arena, text);
	if (s[0] >= 'a' && s[0] <= 'z')
		s[0] = (char)(s[0] - 'a' + 'A');
	else if ((unsigned char)s[0] == 0xC3 && (unsigned char)s[1] == 0xA9) /* "één" */
		s[1] = (char)0x89;
	doc_paragraph(d, s);
}

void report_build_easy(struct doc *d, json_t *fig, const struct report_options *o)
{
	json_t *p = json_object_get(fig, "programme"), *per = json_object_get(fig, "period");
	json_t *s = json_object_get(fig, "summary");
	d->title = arena_printf(d->arena, T(N_("%s in easy language")), jstr(per, "name"));
	d->subject = T(N_("Summary in easy language"));
	d->author = arena_strdup(d->arena, jstr(p, "organisation"));
	doc_heading(d, 1, "h-top", d->title);

	doc_heading(d, 2, "h-what", T(N_("What is this?")));
	const char *what[] = {
		arena_printf(d->arena, T(N_("This is a short report from %s.")), jstr(p, "organisation")),
		T(N_("It is about people with a disability.")),
		T(N_("Everyone must be able to take part in the city.")),
		T(N_("The municipality has a plan for that.")),
		T(N_("The plan has action points.")),
		T(N_("An action point is a thing the municipality wants to do.")),
	};
	for (size_t i = 0; i < sizeof(what) / sizeof(what[0]); i++)
		doc_paragraph(d, what[i]);

	doc_heading(d, 2, "h-how-far", T(N_("How far are we?")));
	sentence(d, jnum(s, "total") == 1 ? T(N_("There is one action point."))
	                                  : arena_printf(d->arena, T(N_("There are %s action points.")), count(d, o, jnum(s, "total"))));
	sentence(d, jnum(s, "completed") == 1 ? T(N_("One action point is done."))
	                                      : arena_printf(d->arena, T(N_("%s action points are done.")), count(d, o, jnum(s, "completed"))));
	sentence(d, jnum(s, "attention") == 1 ? T(N_("One action point needs extra attention."))
	                                      : arena_printf(d->arena, T(N_("%s action points need extra attention.")),
	                                                     count(d, o, jnum(s, "attention"))));
	if (jnum(s, "withdrawn"))
		sentence(d, jnum(s, "withdrawn") == 1 ? T(N_("One action point has stopped."))
		                                      : arena_printf(d->arena, T(N_("%s action points have stopped.")),
		                                                     count(d, o, jnum(s, "withdrawn"))));
	json_t *ch = json_object_get(s, "changes");
	if (json_is_object(json_object_get(fig, "previous")) && jnum(ch, "completed"))
		sentence(d, jnum(ch, "completed") == 1 ? T(N_("Since the last report, one action point was finished."))
		                                       : arena_printf(d->arena, T(N_("Since the last report, %s action points were finished.")),
		                                                      count(d, o, jnum(ch, "completed"))));

	doc_heading(d, 2, "h-talks", T(N_("Who did we talk to?")));
	if (jnum(s, "interviews")) {
		sentence(d, jnum(s, "interviews") == 1 ? T(N_("We held one talk."))
		                                       : arena_printf(d->arena, T(N_("We held %s talks.")), count(d, o, jnum(s, "interviews"))));
		doc_paragraph(d, T(N_("Two people asked the questions.")));
		doc_paragraph(d, T(N_("One works for the municipality.")));
		doc_paragraph(d, T(N_("One knows from their own life what it is like to have a disability.")));
		doc_paragraph(d, T(N_("They talked with the people who do the action points.")));
	} else {
		doc_paragraph(d, T(N_("We did not hold talks in this period.")));
	}

	json_t *years = json_object_get(fig, "funds");
	doc_heading(d, 2, "h-money", T(N_("What about the money?")));
	if (json_array_size(years)) {
		json_t *tot = json_object_get(fig, "funds_total");
		const char *start = report_money_start(d->arena, fig, o->lang);
		if (start)
			doc_paragraph(d, T(N_("When the plan started, no money came with it.")));
		/* Each source on its own line: extra money is not the regular budget. */
		struct report_source *src;
		size_t ns = report_money_sources(d->arena, fig, o->lang, &src);
		doc_paragraph(d, ns == 1 ? T(N_("The money comes from one place:")) : T(N_("The money comes from these places:")));
		struct doc_text *items = arena_alloc(d->arena, (ns ? ns : 1) * sizeof(*items));
		for (size_t i = 0; i < ns; i++) {
			const char *q[] = {src[i].name};
			items[i] = doc_text_new();
			doc_text_quoting(d, &items[i], arena_printf(d->arena, "%s: %s.", DOC_Q0, src[i].text), "nl", q, 1);
		}
		doc_list_text(d, false, items, ns);
		sentence(d, arena_printf(d->arena, T(N_("So far %s has been spent.")), euros(d, o, jnum(tot, "spent_cents"))));
	} else {
		doc_paragraph(d, T(N_("There are no figures about the money yet.")));
	}

	doc_heading(d, 2, "h-more", T(N_("Do you want to know more?")));
	doc_paragraph(d, T(N_("The full report has all the details.")));
	doc_paragraph(d, T(N_("You can read it on the website of the municipality.")));
}
