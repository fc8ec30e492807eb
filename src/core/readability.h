/*
 * readability: how easy a text is to read, for the progress report that must
 * be written in plain Dutch (taalniveau B1). Dutch texts get the Flesch-Douma
 * score, 206.835 - 0.93 x words per sentence - 77 x syllables per word;
 * English texts the Flesch reading ease, 206.835 - 1.015 x words per sentence
 * - 84.6 x syllables per word. Syllables come from the hyphenation patterns
 * that libhyphen reads (hyphen-nl, hyphen-en-us), corrected at the edges of
 * a word where those patterns never break (see readability_syllables).
 * Sentences of more than READABILITY_LONG_WORDS words are listed, with their
 * place in the text, so a page can quote them.
 *
 * The text may be Markdown: markup characters, list bullets, heading marks,
 * link targets and fenced code are not counted, and headings, list items,
 * table rows and paragraphs end a sentence. All functions are safe to call
 * from many threads at once: each language's dictionary is loaded once and
 * shared read-only.
 */
#ifndef LIA_CORE_READABILITY_H
#define LIA_CORE_READABILITY_H

#include <stddef.h>

/* A sentence with more words than this is "long" (the usual plain-language
 * advice: at most 20 to 25 words). */
#define READABILITY_LONG_WORDS 25

/* Where a score falls. Dutch uses Douma's table (0-30, 30-45, 45-60, 60-70,
 * 70-80, 80-90, 90 and more), English Flesch's (the same, but 30-50 and
 * 50-60). A lower bound belongs to the band above it: 60.0 is NORMAL. */
enum readability_band {
	READABILITY_NO_TEXT = 0,        /* no words: nothing to score */
	READABILITY_VERY_DIFFICULT,
	READABILITY_DIFFICULT,
	READABILITY_FAIRLY_DIFFICULT,
	READABILITY_NORMAL,             /* about level B1 from here up */
	READABILITY_FAIRLY_EASY,
	READABILITY_EASY,
	READABILITY_VERY_EASY,
};

/* A long sentence: text[offset .. offset + length) is the sentence in the
 * text that was scored, from its first letter or digit up to and including
 * its closing punctuation. Markup inside it (emphasis marks, link targets)
 * is left as it was, so a page that quotes it should render or strip it. */
struct readability_sentence {
	size_t offset;
	size_t length;
	size_t words;
};

/* The result of readability_score. long_sentences (n_long of them, in text
 * order; NULL when there are none) belongs to the struct: release it with
 * readability_free. */
struct readability {
	size_t sentences;
	size_t words;
	size_t syllables;
	double score;                   /* not clamped: very short words and sentences give > 100 */
	enum readability_band band;
	struct readability_sentence *long_sentences;
	size_t n_long;
};

/* Score text (len bytes of UTF-8, need not be NUL-terminated; NULL is
 * allowed when len is 0) as written in lang ("nl" or "en"; "nl-NL", "en-GB"
 * and other case forms too). Fills *out and returns 0; a text without words
 * scores 0 with band READABILITY_NO_TEXT. Returns LIA_EINVAL for another
 * language (scoring it by Dutch or English rules would give a wrong number),
 * or LIA_EIO if that language's hyphenation dictionary cannot be loaded
 * (the file is named in the log). On error *out is zeroed, so
 * readability_free on it is still safe.
 *
 * Counting, in short (the .c file has the details):
 * - a word is a run of characters between spaces that holds a letter or a
 *   digit, after stripping the punctuation and markup around it; "Wmo-loket",
 *   "en/of", "o.a." and "1.234,56" are one word each;
 * - a number (no letters: "2023", "€ 1.234,56", "30%") and a web or e-mail
 *   address are one word of one syllable;
 * - a sentence ends at '.', '!', '?' or '...' followed by a space or the end
 *   of the text, at ':' at the end of a line, and at a block break (blank
 *   line, heading, list item, table row). A '.' does not end a sentence after
 *   a common abbreviation (bijv., o.a., d.w.z., dhr., nr., art., ...), an
 *   initial ("J. de Vries") or when the next word starts with a small letter
 *   ("artikel 9. van het verdrag"); after "enz.", "etc.", "e.d." and "e.a."
 *   it does when the next word starts with a capital;
 * - a text that does not end in punctuation still ends its last sentence.
 * Like any Flesch score it means little for a few words ("Afgerond." alone
 * scores -25): score a whole section, not a single line. */
int readability_score(const char *text, size_t len, const char *lang, struct readability *out);

/* Release what readability_score allocated in r (not r itself) and zero it.
 * r may be NULL. */
void readability_free(struct readability *r);

/* Syllables in one word (len bytes of UTF-8) in lang, counted as
 * readability_score counts them: Dutch by the pieces the hyphenation
 * patterns cut it into, plus a syllable where libhyphen cannot cut (after
 * the first letter and before the last: "o-ver", "radi-o"); English by the
 * vowel groups of those pieces, silent e left out. Returns the count (0 for
 * a word without letters or digits, 1 for a number or an address), or
 * LIA_EINVAL / LIA_EIO as readability_score. */
int readability_syllables(const char *word, size_t len, const char *lang);

/* Load lang's hyphenation dictionary now rather than at the first score, so
 * a server can refuse to start without it. Returns 0, LIA_EINVAL or LIA_EIO.
 * Dictionaries are read from /usr/share/hyphen, or from the directory in the
 * environment variable LIA_HYPHEN_DIR when that is set. */
int readability_load(const char *lang);

/* Release the loaded dictionaries. Only while no other thread scores (for
 * example at exit); a later score loads them again. */
void readability_shutdown(void);

/* The band a score falls in, for lang (see enum readability_band); NO_TEXT
 * for an unknown language. */
enum readability_band readability_band_of(const char *lang, double score);

/* The band in words ("fairly difficult" / "tamelijk moeilijk") and one
 * sentence on what it means for readers, both translated into lang. */
const char *readability_band_text(const char *lang, enum readability_band band);
const char *readability_band_explanation(const char *lang, enum readability_band band);

#endif
