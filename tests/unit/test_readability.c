/*
 * Unit tests: readability, the Flesch-Douma score of the report's texts.
 * Syllable counts of words counted by hand (Dutch by its syllable division,
 * as the Woordenlijst divides: sta-ti-on, so-ci-aal; English by how the
 * words are spoken), where sentences end, short paragraphs scored by hand,
 * long sentences, Markdown, the edges (empty text, no full stop, a missing
 * dictionary) and many threads at once.
 */
#include "core/err.h"
#include "core/i18n.h"
#include "core/readability.h"

#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fini(void) { readability_shutdown(); }
TestSuite(readability, .fini = fini);

static int syl(const char *word, const char *lang)
{
	return readability_syllables(word, strlen(word), lang);
}

struct count {
	const char *word;
	int syllables;
};

static void check_counts(const struct count *c, size_t n, const char *lang)
{
	for (size_t i = 0; i < n; i++)
		cr_expect_eq(syl(c[i].word, lang), c[i].syllables, "%s: \"%s\" has %d syllables, counted %d", lang,
			     c[i].word, c[i].syllables, syl(c[i].word, lang));
}

static struct readability score(const char *text, const char *lang)
{
	struct readability r;
	int rc = readability_score(text, strlen(text), lang, &r);
	cr_assert_eq(rc, 0, "rc %d for \"%s\"", rc, text);
	return r;
}

/* Sentences in a Dutch text (and its word count through *words). */
static size_t sentences(const char *text, size_t *words)
{
	struct readability r = score(text, "nl");
	size_t n = r.sentences;
	if (words)
		*words = r.words;
	readability_free(&r);
	return n;
}

Test(readability, dutch_syllables)
{
	static const struct count c[] = {
		{"gemeente", 3},             /* ge-meen-te */
		{"toegankelijkheid", 5},     /* toe-gan-ke-lijk-heid */
		{"ervaringsdeskundige", 7},  /* er-va-rings-des-kun-di-ge */
		{"inclusie", 3},             /* in-clu-sie */
		{"beperking", 3},            /* be-per-king */
		{"raad", 1},
		{"actiepunten", 4},          /* ac-tie-pun-ten */
		{"voortgangsrapportage", 6}, /* voort-gangs-rap-por-ta-ge */
		{"participatie", 5},         /* par-ti-ci-pa-tie */
		{"iedereen", 3},             /* ie-der-een: ie is one vowel */
		{"koeien", 2},               /* koei-en */
		{"niveau", 2},               /* ni-veau: eau is one vowel */
		{"geëvalueerd", 5},          /* ge-ë-va-lu-eerd */
		{"coördinator", 5},          /* co-ör-di-na-tor */
		{"financiële", 5},           /* fi-nan-ci-ë-le */
		{"station", 3},              /* sta-ti-on */
		{"bijeenkomst", 3},          /* bij-een-komst: ij, then ee */
		{"GEMEENTE", 3},             /* capitals count as small letters */
		{"coach", 1},                /* oa as in English */
		{"team", 1},
	};
	check_counts(c, sizeof(c) / sizeof(c[0]), "nl");
}

/* Where libhyphen cannot cut (after the first letter, before the last). */
Test(readability, dutch_syllables_at_word_edges)
{
	static const struct count c[] = {
		{"over", 2},      /* o-ver */
		{"overleg", 3},   /* o-ver-leg: the patterns give over-leg */
		{"open", 2},      /* o-pen: the patterns give nothing */
		{"idee", 2},      /* i-dee */
		{"ideeën", 3},    /* i-dee-ën */
		{"uren", 2},      /* u-ren */
		{"Ede", 2},       /* E-de */
		{"oma", 2},       /* o-ma: three letters, never cut */
		{"radio", 3},     /* ra-di-o: the patterns give ra-dio */
		{"media", 3},     /* me-di-a */
		{"via", 2},       /* vi-a */
		{"duo", 2},       /* du-o */
		{"België", 3},    /* Bel-gi-ë */
		{"ijzer", 2},     /* ij-zer: the i of ij is no vowel of its own */
		{"eigen", 2},     /* ei-gen */
		{"ook", 1},
		{"Nijmeegse", 3}, /* Nij-meeg-se: the patterns' lone "g" is no syllable */
	};
	check_counts(c, sizeof(c) / sizeof(c[0]), "nl");
}

Test(readability, dutch_words_with_signs)
{
	static const struct count c[] = {
		{"auto's", 2},      /* au-to's: the apostrophe stays in the word */
		{"Wmo-loket", 3},   /* Wmo + lo-ket */
		{"B1-niveau", 3},   /* B + ni-veau; the digit adds nothing */
		{"2023", 1},        /* a number is one */
		{"1.234,56", 1},
		{"30%", 1},
		{"info@nijmegen.nl", 1}, /* an address is one */
		{"https://www.nijmegen.nl/inclusie", 1},
		{"---", 0},         /* no letter or digit: no word */
	};
	check_counts(c, sizeof(c) / sizeof(c[0]), "nl");
}

Test(readability, english_syllables)
{
	static const struct count c[] = {
		{"council", 2},       {"people", 2},   {"disability", 5}, {"accessibility", 6},
		{"residents", 3},     {"make", 1},     /* silent e */
		{"table", 2},         /* but not after a consonant and l */
		{"rules", 1},         {"places", 2},   {"used", 1},       {"wanted", 2},
		{"statement", 2},     {"likely", 2},   /* silent e before a suffix */
		{"idea", 3},          {"area", 3},     {"video", 3},      {"being", 2},
		{"every", 3},         {"notebook", 2}, {"the", 1},        {"language", 2},
		{"nation", 2},        {"special", 2},  {"yes", 1},        {"quick", 1},
		{"implementation", 5}, {"municipality", 6},
	};
	check_counts(c, sizeof(c) / sizeof(c[0]), "en");
}

/* How many sentences a Dutch text has. */
struct sentence_count {
	const char *text;
	size_t sentences;
};

static void check_sentences(const struct sentence_count *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cr_expect_eq(sentences(c[i].text, NULL), c[i].sentences, "\"%s\" has %zu sentences, counted %zu",
		             c[i].text, c[i].sentences, sentences(c[i].text, NULL));
}

Test(readability, full_stops_after_abbreviations)
{
	size_t words;
	cr_expect_eq(sentences("Er zijn hulpmiddelen, bijv. een ringleiding.", &words), 1);
	cr_expect_eq(words, 6);
	static const struct sentence_count c[] = {
		{"Het gaat o.a. om werk.", 1},
		{"Dat is d.w.z. een plan.", 1},
		{"Dhr. Jansen en mevr. De Vries spreken.", 1},
		{"Zie nr. 12 en art. 9 van het verdrag.", 1},
		{"Het loopt m.b.t. vervoer t/m 2024 door.", 1},
		{"Met J. de Vries.", 1}, /* an initial */
		{"Werk, zorg, wonen e.d. komen aan bod.", 1},
		/* "enz." ends the sentence when a capital follows, not otherwise */
		{"Werk, zorg enz. Daarna wonen.", 2},
		{"Werk, zorg enz. en wonen.", 1},
		/* words that look like abbreviations but end sentences */
		{"Ik sprak met Jan. Hij doet mee.", 2},
		{"De zaal zat vol. Iedereen kwam.", 2},
		/* an unknown abbreviation before a small letter: no end */
		{"Het is excl. btw en incl. reiskosten.", 1},
	};
	check_sentences(c, sizeof(c) / sizeof(c[0]));
}

Test(readability, full_stops_in_numbers_and_amounts)
{
	size_t words;
	cr_expect_eq(sentences("Er is € 1.234,56 over. Dat gaat terug.", &words), 2);
	cr_expect_eq(words, 7); /* "€" alone is no word */
	static const struct sentence_count c[] = {
		{"Het budget is 300.000 euro per jaar.", 1},
		{"Dat was in oktober 2023. Nu is het 2024.", 2},
		{"Zie artikel 9. van het verdrag.", 1},
		{"Versie 1.2.3 is klaar.", 1},
	};
	check_sentences(c, sizeof(c) / sizeof(c[0]));
}

Test(readability, other_sentence_ends)
{
	static const struct sentence_count c[] = {
		{"Doet u mee? Ja! Fijn.", 3},
		{"Wat nu?! Niets...", 2},
		{"Zo (zie bijlage). En zo.", 2},
		{"\"Iedereen doet mee.\" Dat is het doel.", 2},
		{"Zij zei… Toen ging het.", 2},
		/* a colon ends a sentence at the end of a line only */
		{"Let op: dit is belangrijk.", 1},
		{"Wij doen drie dingen:\nwerk en zorg.", 2},
		/* no space after the stop: one sentence */
		{"Een zin.Nog een.", 1},
	};
	check_sentences(c, sizeof(c) / sizeof(c[0]));
}

Test(readability, markdown_blocks_end_sentences)
{
	size_t words;
	const char *md = "# Werk en inkomen\n"
			 "\n"
			 "Dit is de eerste alinea zonder punt\n"
			 "die op de volgende regel doorloopt\n"
			 "\n"
			 "- eerste punt\n"
			 "- tweede punt\n"
			 "  met meer tekst\n"
			 "1. genummerd\n"
			 "2) ook genummerd\n"
			 "> Een citaat.\n"
			 "\n"
			 "Titel\n"
			 "=====\n"
			 "| kolom | kolom |\n"
			 "|-------|-------|\n"
			 "***\n"
			 "```\n"
			 "code telt niet. Echt niet.\n"
			 "```\n"
			 "Laatste zin";
	/* heading, paragraph, two list items, two numbered items, the quote,
	 * the setext heading, the table row, the last line */
	cr_expect_eq(sentences(md, &words), 10);
	/* 4 + 12 + 2 + 5 + 1 + 2 + 2 + 1 + 2 + 2 */
	cr_expect_eq(words, 33);

	/* a quote of two lines is one block; the line after it is not */
	cr_expect_eq(sentences("> Een citaat dat\n> doorloopt\nNa het citaat", NULL), 2);
	cr_expect_eq(sentences("Voor het citaat\n> Een citaat", NULL), 2);
}

Test(readability, markdown_markup_is_not_counted)
{
	struct readability r =
		score("**Iedereen** doet _mee_, zie [de website](https://www.nijmegen.nl/a_(b)). "
		      "![Foto](foto.png) <br> `Code` ~~weg~~.",
		      "nl");
	/* Iedereen doet mee zie de website | Foto Code weg */
	cr_expect_eq(r.sentences, 2);
	cr_expect_eq(r.words, 9);
	readability_free(&r);
}

/* What scoring one text must give, counted by hand. */
struct scored {
	const char *text, *lang;
	size_t sentences, words, syllables;
	double score; /* to within 0.005 */
	enum readability_band band;
};

/* Hand counts: sentences, words, syllables, then the score: for Dutch
 * 206.835 - 0.93 x words/sentences - 77 x syllables/words, for English
 * 206.835 - 1.015 x words/sentences - 84.6 x syllables/words. */
static const struct scored scored_texts[] = {
	/* "De raad praat met inwoners. Iedereen doet mee."
	 * 2 sentences, 8 words; syllables: de 1, raad 1, praat 1, met 1,
	 * in-wo-ners 3, ie-der-een 3, doet 1, mee 1 = 12.
	 * 206.835 - 0.93 x 4 - 77 x 1.5 = 87.6: easy */
	{"De raad praat met inwoners. Iedereen doet mee.", "nl", 2, 8, 12, 87.615, READABILITY_EASY},

	/* One sentence of 14 words: de 1, ge-meen-te 3, ver-be-tert 3, de 1,
	 * toe-gan-ke-lijk-heid 5, van 1, o-pen-ba-re 4, ge-bou-wen 3, en 1,
	 * de 1, di-gi-ta-le 4, in-for-ma-tie-voor-zie-ning 7, voor 1,
	 * er-va-rings-des-kun-di-gen 7 = 42 syllables.
	 * 206.835 - 0.93 x 14 - 77 x 3 = -37.2: very difficult */
	{"De gemeente verbetert de toegankelijkheid van openbare gebouwen en de digitale "
	 "informatievoorziening voor ervaringsdeskundigen.",
	 "nl", 1, 14, 42, -37.185, READABILITY_VERY_DIFFICULT},

	/* Markdown, an amount, abbreviations. 5 sentences:
	 * "Geld" (1 word, 1 syllable);
	 * "In 2023 was er € 300.000 extra, bijv. voor de Week van de
	 *  Toegankelijkheid." 13 words (€ is none): in 1, 2023 1, was 1, er 1,
	 *  300.000 1, ex-tra 2, bijv 1, voor 1, de 1, week 1, van 1, de 1,
	 *  toe-gan-ke-lijk-heid 5 = 18;
	 * "Het geld is o.a. besteed aan tolken." 7 words: het 1, geld 1, is 1,
	 *  o.a 2 (o + a), be-steed 2, aan 1, tol-ken 2 = 10;
	 * "Tolken gebarentaal" 2 words: 2 + ge-ba-ren-taal 4 = 6;
	 * "Een folder op B1-niveau" 4 words: 1 + fol-der 2 + 1 + B 1 ni-veau 2 = 7.
	 * 27 words, 42 syllables: 206.835 - 0.93 x 5.4 - 77 x 1.5556 = 82.0: easy */
	{"## Geld\n\n"
	 "In 2023 was er € 300.000 extra, bijv. voor de Week van de Toegankelijkheid. "
	 "Het geld is o.a. besteed aan tolken.\n\n"
	 "- Tolken gebarentaal\n"
	 "- Een [folder](https://example.org/b1) op B1-niveau\n",
	 "nl", 5, 27, 42, 82.04, READABILITY_EASY},

	/* "The council meets each month. People with a disability take part."
	 * 2 sentences, 11 words; the 1, coun-cil 2, meets 1, each 1, month 1,
	 * peo-ple 2, with 1, a 1, dis-a-bil-i-ty 5, take 1, part 1 = 17.
	 * 206.835 - 1.015 x 5.5 - 84.6 x 1.5455 = 70.5: fairly easy */
	{"The council meets each month. People with a disability take part.", "en", 2, 11, 17, 70.507,
	 READABILITY_FAIRLY_EASY},

	/* 1 sentence, 13 words: the 1, mu-ni-ci-pal-i-ty 6, pub-lish-es 3, an 1,
	 * ac-ces-si-ble 4, pro-gress 2, re-port 2, on 1, the 1,
	 * im-ple-men-ta-tion 5, of 1, the 1, con-ven-tion 3 = 31.
	 * 206.835 - 1.015 x 13 - 84.6 x 2.3846 = -8.1: very difficult */
	{"The municipality publishes an accessible progress report on the implementation "
	 "of the convention.",
	 "en", 1, 13, 31, -8.098, READABILITY_VERY_DIFFICULT},
};

Test(readability, hand_scored_texts)
{
	for (size_t i = 0; i < sizeof(scored_texts) / sizeof(scored_texts[0]); i++) {
		const struct scored *want = &scored_texts[i];
		const char *text = want->text;
		struct readability r = score(text, want->lang);
		cr_expect_eq(r.sentences, want->sentences, "sentences in: %s", text);
		cr_expect_eq(r.words, want->words, "words in: %s", text);
		cr_expect_eq(r.syllables, want->syllables, "syllables in: %s", text);
		cr_expect_float_eq(r.score, want->score, 0.005, "score of: %s", text);
		cr_expect_eq(r.band, want->band, "band of: %s", text);
		/* The exact score is the formula of the counts, not just near it. */
		double per_sentence = (double)r.words / (double)r.sentences;
		double per_word = (double)r.syllables / (double)r.words;
		double exact = strcmp(want->lang, "nl") == 0 ? 206.835 - 0.93 * per_sentence - 77.0 * per_word
		                                             : 206.835 - 1.015 * per_sentence - 84.6 * per_word;
		cr_expect_float_eq(r.score, exact, 1e-9, "formula of: %s", text);
		readability_free(&r);
	}
}

/* English abbreviations: "Mr." and "e.g." do not end the sentence */
Test(readability, english_abbreviations_do_not_end_sentences)
{
	struct readability r = score("Mr. Smith reads it, e.g. at home. Then he writes.", "en");
	cr_assert_eq(r.sentences, 2);
	readability_free(&r);
}

/* "woord woord ... woord." with n words. */
static char *sentence_of(size_t n)
{
	char *s = malloc(n * 6 + 2);
	s[0] = '\0';
	for (size_t i = 0; i < n; i++)
		strcat(s, i ? " werk" : "Werk");
	strcat(s, ".");
	return s;
}

Test(readability, long_sentences_flagged_from_26_words)
{
	char *s25 = sentence_of(25), *s26 = sentence_of(26);
	struct readability r = score(s25, "nl");
	cr_expect_eq(r.words, 25);
	cr_expect_eq(r.n_long, 0);
	cr_expect_null(r.long_sentences);
	readability_free(&r);

	char text[512];
	snprintf(text, sizeof(text), "Kort. %s\n\n**%s** Kort!", s26, s25);
	r = score(text, "nl");
	cr_expect_eq(r.sentences, 4);
	cr_assert_eq(r.n_long, 1);
	cr_expect_eq(r.long_sentences[0].words, 26);
	cr_expect_eq(r.long_sentences[0].offset, 6);
	cr_expect_eq(r.long_sentences[0].length, strlen(s26));
	cr_expect(memcmp(text + r.long_sentences[0].offset, s26, strlen(s26)) == 0);
	readability_free(&r);
	cr_expect_null(r.long_sentences);
	cr_expect_eq(r.n_long, 0);

	/* without a full stop, at the end of the text */
	r = score(s26, "nl");
	cr_assert_eq(r.n_long, 1);
	cr_expect_eq(r.long_sentences[0].offset, 0);
	readability_free(&r);
	free(s25);
	free(s26);
}

Test(readability, many_long_sentences)
{
	char *s30 = sentence_of(30);
	size_t n = 40, len = strlen(s30) + 1;
	char *text = malloc(n * len + 1);
	text[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		strcat(text, s30);
		strcat(text, " ");
	}
	struct readability r = score(text, "nl");
	cr_expect_eq(r.sentences, n);
	cr_assert_eq(r.n_long, n);
	for (size_t i = 0; i < n; i++) {
		cr_expect_eq(r.long_sentences[i].offset, i * len);
		cr_expect_eq(r.long_sentences[i].words, 30);
	}
	readability_free(&r);
	free(text);
	free(s30);
}

Test(readability, empty_and_wordless_texts)
{
	struct readability r;
	cr_assert_eq(readability_score(NULL, 0, "nl", &r), 0);
	cr_expect_eq(r.words, 0);
	cr_expect_eq(r.sentences, 0);
	cr_expect_eq(r.band, READABILITY_NO_TEXT);
	cr_expect_float_eq(r.score, 0.0, 1e-12);
	readability_free(&r);

	static const char *const none[] = {"", "   \n\n  ", "- \n# \n---\n", "... ?! €", "```\ncode\n```"};
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
		r = score(none[i], "nl");
		cr_expect_eq(r.words, 0, "\"%s\"", none[i]);
		cr_expect_eq(r.sentences, 0, "\"%s\"", none[i]);
		cr_expect_eq(r.band, READABILITY_NO_TEXT);
		readability_free(&r);
	}
	readability_free(NULL);
}

Test(readability, text_without_sentence_end)
{
	/* one sentence: wij 1, wer-ken 2, sa-men 2 = 5 syllables, 3 words;
	 * 206.835 - 0.93 x 3 - 77 x 5/3 = 75.7 */
	struct readability r = score("Wij werken samen", "nl");
	cr_expect_eq(r.sentences, 1);
	cr_expect_eq(r.words, 3);
	cr_expect_eq(r.syllables, 5);
	cr_expect_float_eq(r.score, 75.712, 0.005);
	readability_free(&r);
	/* text need not be NUL-terminated: only len bytes are read */
	cr_assert_eq(readability_score("Ja. Nee", 3, "nl", &r), 0);
	cr_expect_eq(r.words, 1);
	readability_free(&r);
}

Test(readability, languages)
{
	struct readability r;
	cr_expect_eq(readability_score("Hallo.", 6, "de", &r), LIA_EINVAL);
	cr_expect_eq(r.words, 0);
	cr_expect_null(r.long_sentences);
	cr_expect_eq(readability_score("Hallo.", 6, NULL, &r), LIA_EINVAL);
	cr_expect_eq(readability_syllables("raad", 4, "fr"), LIA_EINVAL);
	cr_expect_eq(readability_score("Hallo.", 6, "nl-NL", &r), 0);
	readability_free(&r);
	cr_expect_eq(readability_score("Hello.", 6, "EN_gb", &r), 0);
	readability_free(&r);
	cr_expect_eq(readability_load("nl"), 0);
	cr_expect_eq(readability_load("en"), 0);
	cr_expect_eq(readability_load("xx"), LIA_EINVAL);
}

Test(readability, missing_dictionary_is_an_error)
{
	readability_shutdown();
	setenv("LIA_HYPHEN_DIR", "/nonexistent/hyphen", 1);
	struct readability r;
	cr_expect_eq(readability_score("De raad.", 8, "nl", &r), LIA_EIO);
	cr_expect_eq(r.words, 0);
	cr_expect_eq(readability_syllables("raad", 4, "nl"), LIA_EIO);
	cr_expect_eq(readability_load("en"), LIA_EIO);
	/* once it is there, the next call loads it */
	unsetenv("LIA_HYPHEN_DIR");
	cr_expect_eq(readability_score("De raad.", 8, "nl", &r), 0);
	cr_expect_eq(r.words, 2);
	readability_free(&r);
}

Test(readability, bands)
{
	static const struct {
		double score;
		enum readability_band nl, en;
	} b[] = {
		{-40, READABILITY_VERY_DIFFICULT, READABILITY_VERY_DIFFICULT},
		{29.99, READABILITY_VERY_DIFFICULT, READABILITY_VERY_DIFFICULT},
		{30, READABILITY_DIFFICULT, READABILITY_DIFFICULT},
		{44.99, READABILITY_DIFFICULT, READABILITY_DIFFICULT},
		{45, READABILITY_FAIRLY_DIFFICULT, READABILITY_DIFFICULT},
		{50, READABILITY_FAIRLY_DIFFICULT, READABILITY_FAIRLY_DIFFICULT},
		{59.99, READABILITY_FAIRLY_DIFFICULT, READABILITY_FAIRLY_DIFFICULT},
		{60, READABILITY_NORMAL, READABILITY_NORMAL},
		{70, READABILITY_FAIRLY_EASY, READABILITY_FAIRLY_EASY},
		{80, READABILITY_EASY, READABILITY_EASY},
		{90, READABILITY_VERY_EASY, READABILITY_VERY_EASY},
		{130, READABILITY_VERY_EASY, READABILITY_VERY_EASY},
	};
	for (size_t i = 0; i < sizeof(b) / sizeof(b[0]); i++) {
		cr_expect_eq(readability_band_of("nl", b[i].score), b[i].nl, "nl %g", b[i].score);
		cr_expect_eq(readability_band_of("en", b[i].score), b[i].en, "en %g", b[i].score);
	}
	cr_expect_eq(readability_band_of("xx", 60), READABILITY_NO_TEXT);
}

Test(readability, band_texts_translated)
{
	i18n_init(NULL);
	cr_expect_str_eq(readability_band_text("nl", READABILITY_NORMAL), "normaal");
	cr_expect_str_eq(readability_band_text("nl", READABILITY_FAIRLY_DIFFICULT), "tamelijk moeilijk");
	cr_expect_str_eq(readability_band_text("en", READABILITY_FAIRLY_DIFFICULT), "fairly difficult");
	cr_expect_str_eq(readability_band_text("nl", READABILITY_VERY_EASY), "zeer makkelijk");
	for (int b = READABILITY_NO_TEXT; b <= READABILITY_VERY_EASY; b++) {
		const char *en = readability_band_explanation("en", (enum readability_band)b);
		const char *nl = readability_band_explanation("nl", (enum readability_band)b);
		cr_expect(strlen(en) > 10 && strcmp(en, nl) != 0, "band %d explained in Dutch", b);
	}
	cr_expect(strstr(readability_band_explanation("nl", READABILITY_NORMAL), "B1") != NULL);
	/* out of range: the "no text" band */
	cr_expect_str_eq(readability_band_text("en", (enum readability_band)99), "no text");
}

/* Many threads scoring at once, with the dictionaries loaded by whichever
 * comes first: every result must equal the one computed alone. */
struct job {
	const char *text, *lang;
	struct readability want;
	int failures;
};

static void *score_many(void *arg)
{
	struct job *j = arg;
	for (int i = 0; i < 200; i++) {
		struct readability r;
		if (readability_score(j->text, strlen(j->text), j->lang, &r) != 0 || r.words != j->want.words ||
		    r.syllables != j->want.syllables || r.sentences != j->want.sentences || r.n_long != j->want.n_long)
			j->failures++;
		readability_free(&r);
	}
	return NULL;
}

Test(readability, threads)
{
	static const char *const texts[][2] = {
		{"De gemeente werkt samen met ervaringsdeskundigen aan een toegankelijke stad. Iedereen doet mee!", "nl"},
		{"The council reads the progress report. It is written in plain language.", "en"},
	};
	struct readability alone[2];
	for (int i = 0; i < 2; i++)
		alone[i] = score(texts[i][0], texts[i][1]);
	readability_shutdown(); /* so that the threads race to load them */
	struct job jobs[8];
	pthread_t t[8];
	for (int i = 0; i < 8; i++) {
		jobs[i] = (struct job){.text = texts[i % 2][0], .lang = texts[i % 2][1], .want = alone[i % 2]};
		cr_assert_eq(pthread_create(&t[i], NULL, score_many, &jobs[i]), 0);
	}
	for (int i = 0; i < 8; i++) {
		pthread_join(t[i], NULL);
		cr_expect_eq(jobs[i].failures, 0, "thread %d", i);
	}
	for (int i = 0; i < 2; i++)
		readability_free(&alone[i]);
}
