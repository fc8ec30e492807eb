/*
 * readable: the readability of a text (core/readability.h) as the pages and
 * the API show it: the score with one decimal, its band in words with what
 * it means, and the long sentences quoted.
 */
#ifndef LIA_VIEW_READABLE_H
#define LIA_VIEW_READABLE_H

#include <jansson.h>

/* {score (number, one decimal), score_text ("62,3" / "62.3"), band (code),
 *  band_text, band_explanation, is_b1 (score >= 60), sentences, words,
 *  has_long, long_sentences: [{text, words}]} of a text in text_lang ("nl"
 *  or "en"), with the words in ui_lang. NULL for a text of fewer than 10 words (too short to measure) or if it
 *  cannot be scored (the dictionary is missing: logged once). */
json_t *readable_json(const char *text, const char *text_lang, const char *ui_lang);

#endif
