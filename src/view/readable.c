/*
 * readable: see readable.h.
 */
#include "view/readable.h"

#include "core/log.h"
#include "core/readability.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define READABLE_MIN_WORDS 10

static const char *const band_codes[] = {"no_text", "very_difficult", "difficult", "fairly_difficult", "normal",
                                         "fairly_easy", "easy", "very_easy"};

json_t *readable_json(const char *text, const char *text_lang, const char *ui_lang)
{
	if (!text || !*text)
		return NULL;
	struct readability r;
	if (readability_score(text, strlen(text), text_lang, &r) != 0) {
		static atomic_bool told;
		if (!atomic_exchange(&told, true))
			log_error("readability: cannot score %s texts (hyphenation dictionary missing?)", text_lang);
		return NULL;
	}
	/* A score of a few words means little ("Afgerond." alone scores -25). */
	if (r.words < READABLE_MIN_WORDS) {
		readability_free(&r);
		return NULL;
	}
	double score = (double)(long long)(r.score * 10.0 + (r.score >= 0 ? 0.5 : -0.5)) / 10.0;
	char num[32];
	snprintf(num, sizeof(num), "%.1f", score);
	if (strcmp(ui_lang, "nl") == 0) {
		char *dot = strchr(num, '.');
		if (dot)
			*dot = ',';
	}
	json_t *longs = json_array();
	for (size_t i = 0; i < r.n_long; i++)
		json_array_append_new(longs, json_pack("{s:s%, s:I}", "text", text + r.long_sentences[i].offset,
		                                       r.long_sentences[i].length, "words",
		                                       (json_int_t)r.long_sentences[i].words));
	json_t *out = json_pack("{s:f, s:s, s:s, s:s, s:s, s:b, s:I, s:I, s:b, s:o}", "score", score, "score_text", num,
	                        "band", band_codes[r.band], "band_text", readability_band_text(ui_lang, r.band),
	                        "band_explanation", readability_band_explanation(ui_lang, r.band), "is_b1", score >= 60.0,
	                        "sentences", (json_int_t)r.sentences, "words", (json_int_t)r.words, "has_long",
	                        r.n_long > 0, "long_sentences", longs);
	readability_free(&r);
	return out;
}
