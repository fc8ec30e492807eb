/*
 * money: the report's words about money (and the programme's name), shared
 * by the report, the letter and the easy-read text. Each source of money is told apart by its name
 * (extra money from the coalition agreement is not the regular budget), and
 * the start is said as it was: when no money came with the programme's
 * adoption, the report says so instead of counting every euro as "extra".
 */
#include "report/report_internal.h"

#include "core/i18n.h"
#include "core/jsonget.h"
#include "core/money.h"

#include <stdlib.h>
#include <string.h>

static const char *euros(struct arena *a, const char *lang, long long cents)
{
	char tmp[48];
	money_format(cents, lang, tmp, sizeof(tmp));
	return arena_strdup(a, tmp);
}

const char *report_programme_name(struct arena *a, json_t *programme)
{
	const char *sub = jstr(programme, "subtitle");
	return *sub ? arena_printf(a, "%s \u2018%s\u2019", jstr(programme, "title"), sub) : jstr(programme, "title");
}

size_t report_money_sources(struct arena *a, json_t *fig, const char *lang, struct report_source **out)
{
	json_t *src = json_object_get(fig, "fund_sources");
	size_t n = json_array_size(src), k = 0;
	struct report_source *r = arena_zalloc(a, (n ? n : 1) * sizeof(*r));
	/* Rows come by name, then year: one line per run of the same name. */
	for (size_t i = 0; i < n;) {
		const char *name = jstr(json_array_get(src, i), "name");
		size_t j = i;
		long long total = 0, first = 0, last = 0, each = -1;
		bool same = true;
		for (; j < n && strcmp(jstr(json_array_get(src, j), "name"), name) == 0; j++) {
			json_t *x = json_array_get(src, j);
			long long c = jnum(x, "amount_cents"), y = jnum(x, "year");
			total += c;
			first = j == i ? y : first;
			last = y;
			same = same && (each < 0 || each == c);
			each = c;
		}
		const char *text;
		if (j - i == 1)
			text = arena_printf(a, TR(lang, N_("%s in %lld")), euros(a, lang, total), first);
		else if (same && last - first + 1 == (long long)(j - i))
			text = arena_printf(a, TR(lang, N_("%s a year from %lld to %lld, %s in all")), euros(a, lang, each), first,
			                    last, euros(a, lang, total));
		else
			text = arena_printf(a, TR(lang, N_("%s in all from %lld to %lld")), euros(a, lang, total), first, last);
		r[k++] = (struct report_source){name, text, total};
		i = j;
	}
	*out = r;
	return k;
}

const char *report_money_words(struct arena *a, json_t *fig, const char *lang, bool page)
{
	struct report_source *src;
	size_t ns = report_money_sources(a, fig, lang, &src);
	if (!ns)
		return NULL;
	struct buf b = BUF_INIT;
	for (size_t k = 0; k < ns; k++)
		buf_printf(&b, "%s%s: %s%s", k ? "; " : TR(lang, N_("The money comes from ")), src[k].name, src[k].text,
		           k + 1 == ns ? "." : "");
	/* On a page "€" keeps to its amount (money_format_nbsp): the space that
	 * money_format puts after the sign in Dutch becomes a no-break space. */
	if (page) {
		static const char euro_space[] = "\u20ac ";
		struct buf nb = BUF_INIT;
		for (const char *p = buf_cstr(&b); *p;) {
			if (strncmp(p, euro_space, sizeof(euro_space) - 1) == 0) {
				buf_puts(&nb, "\u20ac\u00a0");
				p += sizeof(euro_space) - 1;
			} else {
				buf_putc(&nb, *p++);
			}
		}
		buf_free(&b);
		b = nb;
	}
	const char *out = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

const char *report_money_start(struct arena *a, json_t *fig, const char *lang)
{
	const char *adopted = jstr(json_object_get(fig, "programme"), "adopted_on");
	json_t *src = json_object_get(fig, "fund_sources");
	if (!*adopted || !json_array_size(src))
		return NULL;
	long long year = strtoll(adopted, NULL, 10), first = 0;
	size_t i;
	json_t *x;
	json_array_foreach(src, i, x)
		if (!first || jnum(x, "year") < first)
			first = jnum(x, "year");
	if (first <= year)
		return NULL;
	return arena_printf(a, TR(lang, N_("No budget came with the programme when it was adopted in %lld. The money in this report is from %lld on.")),
	                    year, first);
}
