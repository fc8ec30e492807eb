/*
 * fuzz_letter: filling the cover letter (report/letter.c) with any template
 * the coordinator can write and any text project members can put in the
 * fields it reads. The input is split at the byte 0xFF into up to six
 * parts: the template, then the organisation's name, the period's name, a
 * partner's name, a highlight's title and a highlight's text. Parts that are
 * not valid UTF-8 are left out, as the pages refuse such fields.
 *
 * What must hold: nothing reads outside its memory (ASan); a template that
 * compiles renders; and the text fields (organisation, period, partner,
 * highlight title) come out as text: rendered into a template that holds
 * only them, the HTML has no link, emphasis, code, image, heading, list,
 * quote, rule or table that the text could have made.
 *
 * It found two faults, whose inputs are in its corpus: a tab before a list
 * marker in a name made a list (letter.c), and a line break inside a link
 * left the link's URL pointing into freed memory (doc.c).
 *
 * Real fuzzing: tools/fuzz.sh letter 600 (the whole library instrumented).
 */
#include "core/buf.h"
#include "report/report.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { PARTS = 6 };

/* The only HTML that text in these fields may not produce. The letter's own
 * title is a heading, but made by lia and raised two levels (h3). */
static const char *const made_by_markdown[] = {
	"<a ", "<em>", "<strong>", "<code>", "<img", "<h4", "<h5", "<ul", "<ol", "<li",
	"<blockquote", "<pre", "<hr", "<table", "<br",
};

static void check_text_only(const char *html)
{
	for (size_t i = 0; i < sizeof(made_by_markdown) / sizeof(made_by_markdown[0]); i++)
		if (strstr(html, made_by_markdown[i]))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *part[PARTS] = {0};
	size_t start = 0, n = 0;
	for (size_t i = 0; i <= size && n < PARTS; i++) {
		if (i == size || data[i] == 0xFF) {
			part[n] = strndup((const char *)data + start, i - start);
			/* jansson takes only valid UTF-8; a part that is not stays empty. */
			json_t *probe = json_string(part[n]);
			if (!probe)
				part[n][0] = '\0';
			json_decref(probe);
			n++;
			start = i + 1;
		}
	}
	for (; n < PARTS; n++)
		part[n] = strdup("");
	json_t *fig = json_pack("{s:{s:s, s:s}, s:{s:I, s:s, s:s, s:s}, s:{s:I, s:I, s:I}, s:[{s:s}],"
	                        " s:[{s:s, s:s, s:s}], s:[], s:{}}",
		"programme", "organisation", part[1], "name", "",
		"period", "id", (json_int_t)1, "name", part[2], "starts_on_text", "", "ends_on_text", "",
		"summary", "total", (json_int_t)3, "completed", (json_int_t)1, "attention", (json_int_t)1,
		"partners", "name", part[3],
		"narratives", "kind", "highlight", "title", part[4], "body_md", part[5],
		"events",
		"funds_total");
	if (!fig)
		abort();
	struct report_options o = {.period_id = 1, .lang = "nl", .today = "2026-01-01"};
	struct buf out = BUF_INIT;
	report_letter_preview(fig, part[0], &o, &out);
	buf_free(&out);
	/* The text fields alone: whatever they hold stays text. */
	struct buf text = BUF_INIT;
	if (report_letter_preview(fig, "{{municipality}} {{period}} {{partners}} {{place}}", &o, &text) != 0)
		abort();
	check_text_only(text.data ? buf_cstr(&text) : "");
	buf_free(&text);
	json_decref(fig);
	for (size_t i = 0; i < PARTS; i++)
		free(part[i]);
	return 0;
}
