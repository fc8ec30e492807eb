/*
 * fuzz_readability: the readability score. The first byte picks the
 * language, the rest is the text. Whatever the text, scoring succeeds and
 * the counts hang together: every word has a syllable, a text with words has
 * a sentence, the score is finite and in its band, and every long sentence
 * lies inside the text, in order, starting at a letter or digit.
 */
#include "core/readability.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	const char *lang = data[0] & 1 ? "en" : "nl";
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	struct readability r;
	if (readability_score(text, len, lang, &r) != 0)
		abort();
	if (r.sentences > r.words || r.syllables < r.words || (r.words && !r.sentences) || r.n_long > r.sentences)
		abort();
	if (!isfinite(r.score) || r.band != (r.words ? readability_band_of(lang, r.score) : READABILITY_NO_TEXT))
		abort();
	if ((r.n_long == 0) != (r.long_sentences == NULL))
		abort();
	size_t end = 0, long_words = 0;
	for (size_t i = 0; i < r.n_long; i++) {
		const struct readability_sentence *s = &r.long_sentences[i];
		if (s->offset < end || s->length == 0 || s->offset + s->length > len || s->words <= READABILITY_LONG_WORDS)
			abort();
		unsigned char c = (unsigned char)text[s->offset];
		if (c < 0x80 && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && !(c >= '0' && c <= '9'))
			abort();
		end = s->offset + s->length;
		long_words += s->words;
	}
	if (long_words > r.words)
		abort();
	readability_free(&r);
	if (readability_syllables(text, len, lang) < 0)
		abort();
	return 0;
}
