/*
 * strings_reports: interface text for the report pages and the editor of
 * the cover letter, used by templates as {{t.KEY}} (keys rep_, let_).
 */
#include "view/strings.h"

#include "core/i18n.h"

const struct view_string strings_reports[] = {
	{"rep_read", N_("Read the progress report")},
	{"rep_downloads", N_("Download")},
	{"rep_frozen", N_("This report is published and does not change any more. The files are exactly as they were published on")},
	{"rep_draft", N_("Draft: this period is not published yet. The report shows the figures as they are now, and can still change.")},
	{"rep_checksum", N_("Checksum of this web page (SHA-256)")},
	{"rep_edit_letter", N_("Change the text of the letter to the council")},
	{"let_intro", N_("The letter to the council goes with every progress report. Write it once; the figures are filled in for each period.")},
	{"let_preview", N_("Show the letter")},
	{"let_preview_title", N_("The letter with the figures of the latest period")},
	{"let_preview_note", N_("This is a preview. The text is not saved yet.")},
	{"let_fields", N_("Fields you can use")},
	{"let_fields_intro", N_("Put a field in the text between double braces. lia fills in the value for the period of the report.")},
	{"let_fields_caption", N_("Fields of the letter, with their value for the latest period")},
	{"let_field", N_("Field")},
	{"let_meaning", N_("What it holds")},
	{"let_value_now", N_("Value now")},
	/* readability */
	{"read_score", N_("Readability of this text (Flesch-Douma)")},
	{"read_long", N_("These sentences have more than 25 words. Make them shorter:")},
	{"read_words", N_("words")},
	{"qual_link", N_("How readable are the texts?")},
	{"qual_intro", N_("Every text of the report with its Flesch-Douma score, the hardest first. Level B1 (plain Dutch) starts at about 60. Sentences of more than 25 words are quoted: make them shorter. Texts of fewer than 10 words are too short to measure and are left out.")},
	{"qual_none", N_("No texts have been written for this period yet.")},
	{"qual_overall", N_("All texts together")},
	{"qual_count", N_("texts")},
	{"qual_below", N_("texts below level B1")},
	{"qual_long_count", N_("sentences of more than 25 words")},
	{"qual_caption", N_("Texts of the report, hardest first")},
	{"qual_text", N_("Text")},
	{"qual_score", N_("Score")},
	{"qual_band", N_("How easy")},
	{"qual_words", N_("Words")},
	{"qual_long", N_("Long sentences")},
	{NULL, NULL},
};
