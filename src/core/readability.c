/*
 * readability: Flesch-Douma (Dutch) and Flesch reading ease (English) for a
 * UTF-8 text that may be Markdown. Two passes over the text. The first makes
 * a mask, a copy of the same length in which markup that is not text becomes
 * spaces (list bullets, heading marks, quote marks, link targets, HTML tags,
 * fenced code) and block breaks become BRK bytes; keeping the length keeps
 * every offset valid for the original text. The second pass reads the mask
 * word by word, counts syllables and decides where sentences end.
 *
 * Syllables of a word: libhyphen cuts each run of letters into pieces with
 * the language's hyphenation patterns. Dutch: every piece with a vowel is a
 * syllable, and the patterns are trusted, except at the two places where
 * libhyphen never cuts: after the first letter and before the last
 * (lefthyphenmin and righthyphenmin are 2, and the patterns were made for
 * those limits, so they know nothing there). So "over", "open" and "idee"
 * come back whole, "radio" as "ra-dio" and "België" as "Bel-gië"; a first
 * letter that is a vowel of its own before more vowels ("o-ver") and a last
 * letter that is a vowel of its own after a vowel ("radi-o") add a syllable.
 * What is one vowel follows Dutch spelling: "aa", "ie", "oe", "ui", "eeu",
 * "ooi", "eau" and the like are one, a diaeresis ("ë", "ï") starts a new one,
 * and pairs that Dutch never writes as one vowel ("ia", "io", "eo", "ua",
 * "ue") are two. On 220 words of this domain, counted by hand by Dutch
 * syllable division (sta-ti-on, so-ci-aal), this is right for all but one
 * ("bioscoop", which the patterns cut "bios-coop").
 *
 * English hyphenation patterns cut far fewer places than there are
 * syllables (the US patterns also keep 3 letters at the end whole), so for
 * English every piece is counted by its vowel groups, with a silent final e
 * dropped ("make", "rules", "used", not "table" or "places") and one before
 * -ly, -ment, -ness, -less and -ful. Measured against the CMU pronouncing
 * dictionary over about a million words of English prose, this gets 97.7 %
 * of word tokens right (it misses 0.016 syllables a word on average); the
 * pattern pieces alone get 83 % (0.19 syllables a word short, 16 points of
 * the score), the vowel rule without the pieces 97 %.
 *
 * Known limits: English loanwords in Dutch text are counted the Dutch way
 * ("online", "website", "update" get one syllable too many, as the patterns
 * cut them), abbreviations without vowels count as one syllable ("VNG"), and
 * "oa" is taken as one vowel (right for "coach", wrong for the name "Noa").
 */
#include "core/readability.h"

#include "core/err.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/mem.h"

#include <hyphen.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum lang { LANG_NL, LANG_EN, LANG_COUNT };

#define DICT_DIR "/usr/share/hyphen"

static const char *const dict_file[LANG_COUNT] = {"hyph_nl_NL.dic", "hyph_en_US.dic"};
static const char *const dict_package[LANG_COUNT] = {"hyphen-nl", "hyphen-en-us"};

/* Loaded dictionaries: written under dict_lock, read without it once set
 * (libhyphen only reads a dictionary while hyphenating). */
static pthread_mutex_t dict_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic(HyphenDict *) dicts[LANG_COUNT];

/* Letters in one run handed to libhyphen; a longer run is cut there. */
#define MAX_RUN 100

/* A block break in the mask: ends the sentence being read, like a space ends
 * a word. The mask has no other control bytes. */
#define BRK '\x01'

static int lang_of(const char *lang, enum lang *out)
{
	const char *l = lang ? i18n_lang(lang, strlen(lang)) : NULL;
	if (!l)
		return LIA_EINVAL;
	*out = strcmp(l, "en") == 0 ? LANG_EN : LANG_NL;
	return 0;
}

/* lang's dictionary, loaded on first use; NULL (logged) if it cannot be. */
static HyphenDict *dict_get(enum lang l)
{
	HyphenDict *d = atomic_load_explicit(&dicts[l], memory_order_acquire);
	if (d)
		return d;
	pthread_mutex_lock(&dict_lock);
	d = atomic_load_explicit(&dicts[l], memory_order_relaxed);
	if (!d) {
		const char *dir = getenv("LIA_HYPHEN_DIR");
		if (!dir || !*dir)
			dir = DICT_DIR;
		char path[4096];
		int n = snprintf(path, sizeof(path), "%s/%s", dir, dict_file[l]);
		if (n > 0 && (size_t)n < sizeof(path))
			d = hnj_hyphen_load(path);
		if (d)
			atomic_store_explicit(&dicts[l], d, memory_order_release);
		else
			log_error("readability: cannot load the hyphenation dictionary %s/%s (Debian package %s)",
				  dir, dict_file[l], dict_package[l]);
	}
	pthread_mutex_unlock(&dict_lock);
	return d;
}

/* The language lang names (*l) and its hyphenation dictionary (*d, owned by
 * the dictionary cache): 0, LIA_EINVAL for a language lia does not know, or
 * LIA_EIO if its dictionary cannot be loaded. */
static int dict_for(const char *lang, enum lang *l, HyphenDict **d)
{
	if (lang_of(lang, l) < 0)
		return LIA_EINVAL;
	*d = dict_get(*l);
	return *d ? 0 : LIA_EIO;
}

int readability_load(const char *lang)
{
	enum lang l;
	HyphenDict *d;
	return dict_for(lang, &l, &d);
}

void readability_shutdown(void)
{
	pthread_mutex_lock(&dict_lock);
	for (int l = 0; l < LANG_COUNT; l++) {
		HyphenDict *d = atomic_exchange(&dicts[l], NULL);
		if (d)
			hnj_hyphen_free(d);
	}
	pthread_mutex_unlock(&dict_lock);
}

/* ---- characters ---- */

/* The code point at s[0..n) (n >= 1); its byte length in *len. A byte that
 * does not start a valid sequence (overlong, surrogate, cut short) decodes as
 * U+FFFD of length 1, so the text is always read in a forward direction. */
static uint32_t utf8_next(const unsigned char *s, size_t n, size_t *len)
{
	unsigned char c = s[0];
	*len = 1;
	if (c < 0x80)
		return c;
	size_t need;
	uint32_t cp, min;
	if (c >= 0xC2 && c <= 0xDF) {
		need = 2, cp = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 3, cp = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4, cp = c & 0x07, min = 0x10000;
	} else {
		return 0xFFFD;
	}
	if (n < need)
		return 0xFFFD;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0xFFFD;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0xFFFD;
	*len = need;
	return cp;
}

static bool is_digit(uint32_t cp)
{
	return cp >= '0' && cp <= '9';
}

/* Letters of the scripts a Dutch municipality meets; symbols, punctuation
 * and emoji are not letters. Rough outside Latin, which is enough here. */
static bool is_letter(uint32_t cp)
{
	if (cp < 0x80)
		return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
	if (cp < 0xC0)
		return false;
	if (cp < 0x250)
		return cp != 0xD7 && cp != 0xF7;
	return (cp >= 0x370 && cp < 0x2000 && cp != 0x37E && cp != 0x387) || (cp >= 0x2C00 && cp < 0x2E00) ||
	       (cp >= 0x3040 && cp < 0xD800) || (cp >= 0xF900 && cp < 0xFB50);
}

/* Only ASCII and Latin-1 are told apart; other letters count as not small. */
static bool is_lower(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 0xDF && cp <= 0xFF && cp != 0xF7);
}

static bool is_apostrophe(uint32_t cp)
{
	return cp == '\'' || cp == 0x2019;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == BRK;
}

/* ---- vowel groups ---- */

/* The plain vowel a lower-case ISO-8859-1 letter is written with ('a', 'e',
 * 'i', 'o', 'u' or 'y'), or 0 for a consonant. */
static char l1_vowel(unsigned char c)
{
	if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y')
		return (char)c;
	if (c >= 0xE0 && c <= 0xE6)
		return 'a';
	if (c >= 0xE8 && c <= 0xEB)
		return 'e';
	if (c >= 0xEC && c <= 0xEF)
		return 'i';
	if ((c >= 0xF2 && c <= 0xF6) || c == 0xF8)
		return 'o';
	if (c >= 0xF9 && c <= 0xFC)
		return 'u';
	if (c == 0xFD || c == 0xFF)
		return 'y';
	return 0;
}

static bool l1_diaeresis(unsigned char c)
{
	return c == 0xE4 || c == 0xEB || c == 0xEF || c == 0xF6 || c == 0xFC || c == 0xFF;
}

/* Letter sequences Dutch spelling reads as one vowel (longest first). "ea",
 * "oa", "ai" and the y-pairs are loanwords' ("team", "coach", "mail"). */
static const char *const nl_vowels3[] = {"aai", "ooi", "oei", "eeu", "ieu", "eau"};
static const char *const nl_vowels2[] = {"aa", "ee", "oo", "uu", "ie", "oe", "eu", "ui", "ei", "ou",
					 "au", "ai", "oi", "oa", "ea", "ay", "ey", "oy", "uy"};

/* Length of the Dutch vowel that starts at w[i] (1, 2 or 3 letters). Only
 * its first letter may carry a diaeresis: "ë" in "ideeën" starts a vowel. */
static size_t nl_vowel_len(const unsigned char *w, size_t n, size_t i)
{
	char v[3] = {l1_vowel(w[i]), 0, 0};
	size_t most = 1;
	for (size_t k = 1; k < 3 && i + k < n && l1_vowel(w[i + k]) && !l1_diaeresis(w[i + k]); k++) {
		v[k] = l1_vowel(w[i + k]);
		most = k + 1;
	}
	if (most == 3)
		for (size_t k = 0; k < ARRAY_LEN(nl_vowels3); k++)
			if (memcmp(v, nl_vowels3[k], 3) == 0)
				return 3;
	if (most >= 2)
		for (size_t k = 0; k < ARRAY_LEN(nl_vowels2); k++)
			if (memcmp(v, nl_vowels2[k], 2) == 0)
				return 2;
	return 1;
}

/* Dutch vowels in w[0..n) (lower-case ISO-8859-1). The u of "qu" and a y
 * before a vowel at the start of a syllable ("yoga") are consonants. */
static size_t nl_vowel_groups(const unsigned char *w, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n;) {
		char v = l1_vowel(w[i]);
		bool glide = v == 'y' && i + 1 < n && l1_vowel(w[i + 1]) && (i == 0 || !l1_vowel(w[i - 1]));
		if (!v || glide || (v == 'u' && i > 0 && w[i - 1] == 'q')) {
			i++;
			continue;
		}
		count++;
		i += nl_vowel_len(w, n, i);
	}
	return count;
}

static bool en_plain_vowel(unsigned char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* Whether w[i] (lower-case ASCII) is sounded as a vowel: not the y of "yes"
 * or "beyond", not the u of "qu". */
static bool en_vowel_at(const unsigned char *w, size_t n, size_t i)
{
	unsigned char c = w[i];
	if (!en_plain_vowel(c))
		return false;
	if (c == 'y' && (i == 0 || (strchr("aeiou", w[i - 1]) && i + 1 < n && strchr("aeiou", w[i + 1]))))
		return false;
	if (c == 'u' && i > 0 && w[i - 1] == 'q')
		return false;
	return true;
}

/* English vowel groups in w[0..n): runs of vowels, where "ia", "io", "iu",
 * "ua", "uo" and "eo" are two ("medium", "manual", "video") except after a
 * c, t, s, g or x ("special", "nation", "region") or "gua" ("language"). */
static size_t en_vowel_groups(const unsigned char *w, size_t n)
{
	size_t count = 0;
	bool prev = false;
	for (size_t i = 0; i < n; i++) {
		bool v = en_vowel_at(w, n, i);
		if (v && !prev) {
			count++;
		} else if (v && prev) {
			unsigned char a = w[i - 1], b = w[i], pre = i >= 2 ? w[i - 2] : 0;
			bool hiatus = (a == 'i' && (b == 'a' || b == 'o' || b == 'u')) || (a == 'u' && (b == 'a' || b == 'o')) ||
				      (a == 'e' && b == 'o');
			if (hiatus && a == 'i' && b != 'u' && pre && strchr("ctsgx", pre))
				hiatus = false;
			if (hiatus && a == 'u' && b == 'a' && pre == 'g')
				hiatus = false;
			if (hiatus && a == 'e' && i == 2 && w[0] == 'p')
				hiatus = false; /* "people" */
			count += hiatus;
		}
		prev = v;
	}
	return count;
}

static bool en_consonant(unsigned char c)
{
	return !en_plain_vowel(c);
}

/* Whether w[0..n) ends in an e that is not sounded after a consonant:
 * "make", "rule", but not "table" (a consonant, then "le"). */
static bool en_silent_e_end(const unsigned char *w, size_t n)
{
	if (n < 3 || w[n - 1] != 'e' || !en_consonant(w[n - 2]))
		return false;
	if (w[n - 2] == 'l' && en_consonant(w[n - 3]) && w[n - 3] != 'l')
		return false;
	return en_vowel_groups(w, n - 1) >= 1;
}

/* Whether the last piece of a word (or the word) ends in a silent e: "-e" as
 * above, "-es" ("rules", not "places", "boxes", "tables") and "-ed" ("used",
 * not "wanted", "needed", "enabled"). */
static bool en_silent_final(const unsigned char *w, size_t n)
{
	if (n >= 3 && w[n - 1] == 'e')
		return en_silent_e_end(w, n);
	if (n < 4 || w[n - 2] != 'e' || (w[n - 1] != 's' && w[n - 1] != 'd'))
		return false;
	unsigned char p = w[n - 3], pp = w[n - 4];
	if (!en_consonant(p))
		return false;
	if (w[n - 1] == 's' && (strchr("sxzgc", p) || (p == 'h' && (pp == 'c' || pp == 's'))))
		return false;
	if (w[n - 1] == 'd' && (p == 't' || p == 'd'))
		return false;
	if (p == 'l' && en_consonant(pp) && pp != 'l')
		return false;
	return en_vowel_groups(w, n - 2) >= 1;
}

enum piece { PIECE_WHOLE, PIECE_FIRST, PIECE_LAST };

/* English syllables in a piece of a word by its vowel groups (at least 1). */
static size_t en_piece_syllables(const unsigned char *w, size_t n, enum piece where)
{
	static const char *const suffixes[] = {"ments", "ment", "ness", "less", "ful", "ly"};
	size_t count = en_vowel_groups(w, n);
	bool silent = false;
	if (where == PIECE_FIRST) {
		silent = en_silent_e_end(w, n); /* "note-book", "use-ful" */
	} else {
		bool suffixed = false;
		for (size_t k = 0; k < ARRAY_LEN(suffixes) && !suffixed; k++) {
			size_t sl = strlen(suffixes[k]);
			if (n >= sl + 3 && memcmp(w + n - sl, suffixes[k], sl) == 0 && en_silent_e_end(w, n - sl)) {
				suffixed = true;
				silent = true; /* "likely", "statement" */
			}
		}
		if (!suffixed)
			silent = en_silent_final(w, n);
		/* a final "ea" after a vowel and a consonant: "idea", "area" */
		if (n >= 4 && w[n - 2] == 'e' && w[n - 1] == 'a' && en_consonant(w[n - 3]) && !en_consonant(w[n - 4]))
			count++;
	}
	if (silent && count > 0)
		count--;
	return count ? count : 1;
}

/* Whether the Dutch piece w[0..n) starts with a vowel that is a syllable
 * of its own ("o-ver", "i-dee", "a-re-na"): one letter long (not the i of
 * "ij"), with more vowels after it. The patterns cannot break there. */
static bool nl_lone_first(const unsigned char *w, size_t n)
{
	char v = l1_vowel(w[0]);
	if (!v || n < 2 || (v == 'i' && w[1] == 'j') || (v == 'y' && l1_vowel(w[1])))
		return false;
	return nl_vowel_len(w, n, 0) == 1 && nl_vowel_groups(w, n) >= 2;
}

/* Whether the Dutch piece w[0..n) ends in a vowel that is a syllable of its
 * own after another vowel ("radi-o", "medi-a", "Belgi-ë"): the other place
 * where the patterns cannot break. */
static bool nl_lone_last(const unsigned char *w, size_t n)
{
	if (n < 2 || !l1_vowel(w[n - 2]))
		return false;
	size_t last = n; /* where the last vowel starts */
	for (size_t i = 0; i < n;) {
		char v = l1_vowel(w[i]);
		if (!v || (v == 'u' && i > 0 && w[i - 1] == 'q')) {
			i++;
			continue;
		}
		last = i;
		i += nl_vowel_len(w, n, i);
	}
	return last == n - 1;
}

/* Dutch syllables of a run w[0..n) that the patterns broke into pieces
 * (cuts[k] is where piece k + 1 starts; ncuts of them, maybe 0): one per
 * piece with a vowel (the patterns sometimes cut off a lone consonant, as
 * in "nij-mee-g-se"), plus the vowels the patterns cannot cut off. */
static size_t nl_syllables(const unsigned char *w, size_t n, const size_t *cuts, size_t ncuts)
{
	size_t count = 0;
	for (size_t k = 0, from = 0; k <= ncuts; k++) {
		size_t to = k < ncuts ? cuts[k] : n;
		count += nl_vowel_groups(w + from, to - from) > 0;
		from = to;
	}
	size_t first = ncuts ? cuts[0] : n, last = ncuts ? cuts[ncuts - 1] : 0;
	bool lone_first = nl_lone_first(w, first);
	bool lone_last = nl_lone_last(w + last, n - last);
	count += lone_first + lone_last;
	if (lone_first && lone_last && ncuts == 0 && n == 2)
		count--; /* "ia": both name the same place */
	return count ? count : 1;
}

/* English syllables of a run w[0..n) cut as for nl_syllables: every piece by
 * its vowel groups (at least one), the silent e looked for at the end of the
 * first piece ("note-book") and of the last. */
static size_t en_syllables(const unsigned char *w, size_t n, const size_t *cuts, size_t ncuts)
{
	if (!ncuts)
		return en_piece_syllables(w, n, PIECE_WHOLE);
	size_t first = cuts[0], last = cuts[ncuts - 1];
	size_t mid = 0;
	for (size_t k = 0; k + 1 < ncuts; k++) {
		size_t g = en_vowel_groups(w + cuts[k], cuts[k + 1] - cuts[k]);
		mid += g ? g : 1;
	}
	return mid + en_piece_syllables(w, first, PIECE_FIRST) +
	       en_piece_syllables(w + last, n - last, PIECE_LAST);
}

/* ---- words ---- */

/* A run of letters of one word, spelled for the dictionary: lower case, in
 * ISO-8859-1 for Dutch (the encoding of hyph_nl_NL.dic) or folded to ASCII
 * for English (hyph_en_US.dic is UTF-8, but English needs no accents, and
 * ASCII keeps libhyphen's positions byte positions). */
struct run {
	unsigned char c[MAX_RUN + 1];
	size_t n;
	bool foreign; /* holds a letter the dictionary cannot spell */
};

static void run_add(struct run *r, enum lang l, uint32_t cp)
{
	/* Latin-1 letters U+00DF..U+00FF folded to ASCII, for English. */
	static const char fold[] = "saaaaaaaceeeeiiiidnooooo_ouuuuyty";
	unsigned char c;
	if (cp < 0x80) {
		c = (unsigned char)(cp | 0x20);
	} else if (cp >= 0xC0 && cp <= 0xFF) {
		c = (unsigned char)(cp < 0xDF ? cp + 0x20 : cp);
		if (l == LANG_EN)
			c = (unsigned char)fold[c - 0xDF];
	} else {
		c = 'x'; /* a consonant for the vowel count */
		r->foreign = true;
	}
	r->c[r->n++] = c;
}

/* Where libhyphen would hyphenate w[0..n) (lower case, NUL at w[n]): the
 * offsets at which a new piece starts, into cuts; returns how many. */
static size_t hyphen_cuts(HyphenDict *d, const unsigned char *w, size_t n, size_t cuts[MAX_RUN])
{
	char hyphens[MAX_RUN + 5];
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	size_t ncuts = 0;
	hnj_hyphen_hyphenate2(d, (const char *)w, (int)n, hyphens, NULL, &rep, &pos, &cut);
	for (size_t i = 0; i + 1 < n; i++)
		if (hyphens[i] & 1)
			cuts[ncuts++] = i + 1;
	/* Only patterns with replacements (none in hyphen-nl or hyphen-en-us)
	 * fill these, but they are ours to release when they are there. */
	if (rep) {
		for (size_t i = 0; i < n; i++)
			free(rep[i]);
		free(rep);
	}
	free(pos);
	free(cut);
	return ncuts;
}

/* Syllables in a run of letters (see the file comment). */
static size_t run_syllables(enum lang l, HyphenDict *d, struct run *r)
{
	size_t n = r->n, cuts[MAX_RUN];
	if (n == 0)
		return 0;
	if (r->foreign || !d) { /* no patterns for it: its vowel groups */
		size_t v = l == LANG_EN ? en_piece_syllables(r->c, n, PIECE_WHOLE) : nl_vowel_groups(r->c, n);
		return v ? v : 1;
	}
	r->c[n] = '\0'; /* libhyphen also reads the word as a C string */
	size_t ncuts = hyphen_cuts(d, r->c, n, cuts);
	return l == LANG_EN ? en_syllables(r->c, n, cuts, ncuts) : nl_syllables(r->c, n, cuts, ncuts);
}

static bool has_prefix_ci(const char *s, size_t n, const char *prefix)
{
	size_t pl = strlen(prefix);
	return n >= pl && strncasecmp(s, prefix, pl) == 0;
}

/* A web or e-mail address: read as one unit, not spelled out. */
static bool is_address(const char *s, size_t n)
{
	if (memchr(s, '@', n) || has_prefix_ci(s, n, "www."))
		return true;
	for (size_t i = 0; i + 3 <= n; i++)
		if (memcmp(s + i, "://", 3) == 0)
			return true;
	return false;
}

/* Syllables in a word s[0..n): its runs of letters (an apostrophe inside a
 * run belongs to it: "auto's" is one run) add up; digits, hyphens and other
 * signs separate runs. A number or address is 1; no letter or digit, 0. */
static size_t word_syllables(enum lang l, HyphenDict *d, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	if (is_address(s, n))
		return 1;
	struct run r = {.n = 0};
	size_t total = 0;
	bool letters = false, digits = false;
	for (size_t i = 0, len; i < n; i += len) {
		uint32_t cp = utf8_next(u + i, n - i, &len);
		if (is_letter(cp)) {
			letters = true;
			if (r.n == MAX_RUN) {
				total += run_syllables(l, d, &r);
				r.n = 0, r.foreign = false;
			}
			run_add(&r, l, cp);
		} else if (!is_apostrophe(cp)) {
			total += run_syllables(l, d, &r);
			r.n = 0, r.foreign = false;
			digits |= is_digit(cp);
		}
	}
	total += run_syllables(l, d, &r);
	if (!letters)
		return digits ? 1 : 0;
	return total;
}

int readability_syllables(const char *word, size_t len, const char *lang)
{
	enum lang l;
	HyphenDict *d;
	int rc = dict_for(lang, &l, &d);
	if (rc != 0)
		return rc;
	if (!word || len == 0)
		return 0;
	size_t n = word_syllables(l, d, word, len);
	return n > INT_MAX ? INT_MAX : (int)n;
}

/* ---- pass 1: the mask ---- */

static void blank(char *m, size_t from, size_t to)
{
	memset(m + from, ' ', to - from);
}

static void brk(char *m, size_t len, size_t at)
{
	if (at < len)
		m[at] = BRK;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* A code fence: three or more ` or ~. */
static bool fence_at(const char *m, size_t p, size_t le)
{
	return p + 3 <= le && (m[p] == '`' || m[p] == '~') && m[p + 1] == m[p] && m[p + 2] == m[p];
}

/* A line of only -, =, * or _ (one kind, spaces between allowed): a
 * thematic break or the underline of a heading. A single - is a list item. */
static bool rule_line(const char *m, size_t p, size_t le)
{
	char c = m[p];
	if (c != '-' && c != '=' && c != '*' && c != '_')
		return false;
	size_t count = 0;
	for (size_t i = p; i < le; i++) {
		if (m[i] == c)
			count++;
		else if (!is_blank(m[i]))
			return false;
	}
	return c == '=' || count >= 2;
}

/* Inline markup of m[p..le) that is not text: link targets "](...)" and
 * HTML tags. An autolink "<https://...>" stays, to be read as an address. */
static void mask_inline(char *m, size_t p, size_t le)
{
	bool links = true;
	for (size_t i = p; i + 1 < le; i++) {
		if (links && m[i] == ']' && m[i + 1] == '(') {
			size_t k = i + 2;
			int depth = 1;
			for (; k < le && depth; k++)
				depth += (m[k] == '(') - (m[k] == ')');
			if (depth) {
				links = false; /* unclosed: no later one on this line closes either */
				continue;
			}
			blank(m, i, k);
			i = k - 1;
		} else if (m[i] == '<' && (((m[i + 1] | 0x20) >= 'a' && (m[i + 1] | 0x20) <= 'z') || m[i + 1] == '/' || m[i + 1] == '!')) {
			size_t k = i + 1;
			bool address = false;
			for (; k < le && m[k] != '>' && m[k] != '<' && !is_blank(m[k]); k++)
				address |= m[k] == ':' || m[k] == '@';
			if (k < le && m[k] == '>' && !address) {
				blank(m, i, k + 1);
				i = k;
			}
		}
	}
}

/* Line m[ls..le): block markup becomes spaces and breaks. *fence says
 * whether the line is inside fenced code, *quote how deep in quotes the
 * previous line was. */
static void mask_line(char *m, size_t len, size_t ls, size_t le, bool *fence, size_t *quote)
{
	size_t p = ls, depth = 0;
	while (p < le && is_blank(m[p]))
		p++;
	if (*fence) {
		if (fence_at(m, p, le))
			*fence = false;
		blank(m, ls, le);
		return;
	}
	while (p < le && m[p] == '>') {
		m[p++] = ' ';
		depth++;
		while (p < le && is_blank(m[p]))
			p++;
	}
	if (depth != *quote) /* a quote starts or ends */
		brk(m, len, ls);
	*quote = depth;
	if (p == le) { /* a blank line ends the paragraph */
		brk(m, len, le);
		return;
	}
	if (fence_at(m, p, le) || rule_line(m, p, le)) {
		*fence = fence_at(m, p, le);
		blank(m, ls, le);
		brk(m, len, ls);
		return;
	}
	bool block_end = false;
	if (m[p] == '#') {
		size_t k = p;
		while (k < le && m[k] == '#')
			k++;
		if (k - p <= 6 && (k == le || is_blank(m[k]))) {
			blank(m, p, k);
			brk(m, len, p);
			block_end = true;
		}
	} else if ((m[p] == '-' || m[p] == '*' || m[p] == '+') && (p + 1 == le || is_blank(m[p + 1]))) {
		brk(m, len, p);
	} else if (m[p] >= '0' && m[p] <= '9') {
		size_t k = p;
		while (k < le && k - p < 9 && m[k] >= '0' && m[k] <= '9')
			k++;
		if (k < le && (m[k] == '.' || m[k] == ')') && (k + 1 == le || is_blank(m[k + 1]))) {
			blank(m, p, k + 1);
			brk(m, len, p);
		}
	} else if (m[p] == '|') {
		brk(m, len, p);
		block_end = true;
	}
	mask_inline(m, p, le);
	if (block_end)
		brk(m, len, le);
}

/* The mask of text (see the file comment). Control bytes and the Unicode
 * spaces (no-break, narrow no-break, en/em/thin, zero width, ideographic)
 * become spaces, so "€ 1.234" with a no-break space is two words. */
static void mask_text(const char *text, size_t len, char *m)
{
	const unsigned char *u = (const unsigned char *)text;
	if (len)
		memcpy(m, text, len);
	for (size_t i = 0, n; i < len; i += n) {
		uint32_t cp = utf8_next(u + i, len - i, &n);
		if ((cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7F || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) ||
		    cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x3000)
			blank(m, i, i + n);
	}
	bool fence = false;
	size_t quote = 0;
	for (size_t ls = 0;;) {
		const char *nl = ls < len ? memchr(m + ls, '\n', len - ls) : NULL;
		size_t le = nl ? (size_t)(nl - m) : len;
		mask_line(m, len, ls, le, &fence, &quote);
		if (!nl)
			break;
		ls = le + 1;
	}
}

/* ---- pass 2: words and sentences ---- */

struct scan {
	const char *m; /* the mask */
	size_t len;
	enum lang lang;
	HyphenDict *dict;
	struct readability *out;
	size_t long_cap;
	size_t s_words; /* the sentence being read: words so far, */
	size_t s_start; /* offset of its first word, */
	size_t s_end;   /* end of its last chunk */
};

static void end_sentence(struct scan *sc)
{
	if (!sc->s_words)
		return;
	struct readability *r = sc->out;
	r->sentences++;
	if (sc->s_words > READABILITY_LONG_WORDS) {
		if (r->n_long == sc->long_cap) {
			sc->long_cap = sc->long_cap ? 2 * sc->long_cap : 8;
			r->long_sentences = mem_realloc(r->long_sentences, sc->long_cap * sizeof(*r->long_sentences));
		}
		r->long_sentences[r->n_long++] = (struct readability_sentence){
			.offset = sc->s_start, .length = sc->s_end - sc->s_start, .words = sc->s_words};
	}
	sc->s_words = 0;
}

/* Abbreviations after which a '.' does not end a sentence even before a
 * capital or a digit ("dhr. Jansen", "nr. 12"), lower case with the last dot
 * left off; and those that often end one ("..., enz. Daarna"), which do when
 * a capital follows. Before a small letter no '.' ends a sentence, so words
 * that are also names or words ("Jan.", "Max.", "vol.") are not listed. */
static const char *const abbrev_never[] = {
	"a.s", "afd", "approx", "art", "aug", "bijl", "bijv", "blz", "bv", "c.q", "ca", "cf", "d.d", "d.w.z",
	"dec", "dhr", "dr", "drs", "e.g", "evt", "excl", "feb", "fig", "gem", "hfst", "i.e", "i.o.m", "i.p.v",
	"i.s.m", "i.v.m", "incl", "ing", "ir", "jr", "m.b.t", "m.b.v", "m.i.v", "m.n", "m.u.v", "mevr", "min",
	"mr", "mrs", "ms", "mw", "n.a.v", "no", "nov", "nr", "o.b.v", "o.l.v", "o.a", "okt", "ong", "pag", "par",
	"prof", "resp", "sept", "sr", "st", "t.a.v", "t.b.v", "t.m", "t.z.t", "tel", "v.w.b", "vgl", "vs", "w.o",
	"z.g", "z.s.m", "zgn"};
static const char *const abbrev_may_end[] = {"e.a", "e.d", "e.v", "enz", "etc", "jl", "o.i.d"};

enum abbrev { ABBREV_NONE, ABBREV_NEVER, ABBREV_MAY_END };

static bool in_list(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(w, list[i]) == 0)
			return true;
	return false;
}

/* What the word s[0..n) (a '.' follows it) is: a listed abbreviation, an
 * initial ("J."), letters with dots between ("i.o.m.": treated like the
 * listed ones), or an ordinary word. */
static enum abbrev abbrev_of(const char *s, size_t n)
{
	size_t len;
	uint32_t cp = utf8_next((const unsigned char *)s, n, &len);
	if (len == n && is_letter(cp))
		return ABBREV_NEVER;
	char w[8];
	if (n >= sizeof(w))
		return ABBREV_NONE;
	for (size_t i = 0; i < n; i++)
		w[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] | 0x20 : s[i]);
	w[n] = '\0';
	if (in_list(w, abbrev_may_end, ARRAY_LEN(abbrev_may_end)))
		return ABBREV_MAY_END;
	if (in_list(w, abbrev_never, ARRAY_LEN(abbrev_never)))
		return ABBREV_NEVER;
	/* groups of one or two letters between dots: "o.i.", "a.u.b." */
	size_t group = 0, dots = 0;
	for (size_t i = 0; i < n; i++) {
		if (w[i] == '.') {
			if (!group)
				return ABBREV_NONE;
			group = 0, dots++;
		} else if (w[i] >= 'a' && w[i] <= 'z' && group < 2) {
			group++;
		} else {
			return ABBREV_NONE;
		}
	}
	return dots && group ? ABBREV_NEVER : ABBREV_NONE;
}

/* Whether the next word after offset b starts with a small letter (then a
 * '.' before it is not a sentence end). A block break in between: no. */
static bool next_starts_small(const struct scan *sc, size_t b)
{
	const char *m = sc->m;
	size_t i = b;
	while (i < sc->len && is_space(m[i]) && m[i] != BRK)
		i++;
	for (size_t n; i < sc->len && !is_space(m[i]); i += n) {
		uint32_t cp = utf8_next((const unsigned char *)m + i, sc->len - i, &n);
		if (is_letter(cp))
			return is_lower(cp);
		if (is_digit(cp))
			return false;
	}
	return false;
}

/* Whether nothing but spaces follows offset b on its line. */
static bool line_ends_after(const struct scan *sc, size_t b)
{
	while (b < sc->len && is_blank(sc->m[b]))
		b++;
	return b == sc->len || sc->m[b] == '\n' || sc->m[b] == BRK;
}

enum stop { STOP_NONE, STOP_WEAK, STOP_STRONG, STOP_COLON };

/* The punctuation that closes a word, m[from..to): '.', '...' and '…' are
 * weak (they may follow an abbreviation), '!' and '?' strong; the last of
 * these or ',', ';' decides. Quotes, brackets and emphasis marks do not. */
static enum stop stop_of(const char *m, size_t from, size_t to)
{
	enum stop s = STOP_NONE;
	for (size_t i = from; i < to; i++) {
		char c = m[i];
		if (c == '.' && s != STOP_STRONG)
			s = STOP_WEAK;
		else if (c == '!' || c == '?')
			s = STOP_STRONG;
		else if (c == ':')
			s = STOP_COLON;
		else if (c == ',' || c == ';')
			s = STOP_NONE;
		else if (i + 2 < to && memcmp(m + i, "\xE2\x80\xA6", 3) == 0)
			s = STOP_WEAK;
	}
	return s;
}

/* One chunk m[a..b) (no spaces in it): a word if it holds a letter or digit,
 * perhaps followed by punctuation that ends the sentence. */
static void read_chunk(struct scan *sc, size_t a, size_t b)
{
	const unsigned char *u = (const unsigned char *)sc->m;
	size_t ca = b, ce = b; /* the word without what surrounds it */
	for (size_t i = a, n; i < b; i += n) {
		uint32_t cp = utf8_next(u + i, b - i, &n);
		if (is_letter(cp) || is_digit(cp)) {
			if (ca == b)
				ca = i;
			ce = i + n;
		}
	}
	if (ca < b) {
		if (!sc->s_words)
			sc->s_start = ca;
		sc->s_words++;
		sc->out->words++;
		sc->out->syllables += word_syllables(sc->lang, sc->dict, sc->m + ca, ce - ca);
	} else {
		ce = a;
	}
	if (sc->s_words)
		sc->s_end = b;
	bool end = false;
	switch (stop_of(sc->m, ce, b)) {
	case STOP_NONE:
		break;
	case STOP_STRONG:
		end = true;
		break;
	case STOP_COLON:
		end = line_ends_after(sc, b);
		break;
	case STOP_WEAK: {
		enum abbrev ab = ca < b && sc->m[ce] == '.' ? abbrev_of(sc->m + ca, ce - ca) : ABBREV_NONE;
		end = ab != ABBREV_NEVER && !next_starts_small(sc, b);
		break;
	}
	}
	if (end)
		end_sentence(sc);
}

int readability_score(const char *text, size_t len, const char *lang, struct readability *out)
{
	*out = (struct readability){0};
	enum lang l;
	HyphenDict *d;
	int rc = dict_for(lang, &l, &d);
	if (rc != 0)
		return rc;
	if (!text)
		len = 0;
	char *m = mem_alloc(len ? len : 1);
	mask_text(text, len, m);
	struct scan sc = {.m = m, .len = len, .lang = l, .dict = d, .out = out};
	for (size_t i = 0; i < len;) {
		if (m[i] == BRK)
			end_sentence(&sc);
		if (is_space(m[i])) {
			i++;
			continue;
		}
		size_t b = i;
		while (b < len && !is_space(m[b]))
			b++;
		read_chunk(&sc, i, b);
		i = b;
	}
	end_sentence(&sc);
	free(m);

	if (!out->words) {
		out->band = READABILITY_NO_TEXT;
		return 0;
	}
	double wps = (double)out->words / (double)out->sentences;
	double spw = (double)out->syllables / (double)out->words;
	if (l == LANG_EN)
		out->score = 206.835 - 1.015 * wps - 84.6 * spw;
	else
		out->score = 206.835 - 0.93 * wps - 77.0 * spw;
	out->band = readability_band_of(lang, out->score);
	return 0;
}

enum readability_band readability_band_of(const char *lang, double score)
{
	enum lang l;
	if (lang_of(lang, &l) < 0)
		return READABILITY_NO_TEXT;
	/* Douma's bounds for Dutch; Flesch's for English differ at 45/50. */
	const double bounds[] = {30, l == LANG_EN ? 50 : 45, 60, 70, 80, 90};
	enum readability_band band = READABILITY_VERY_DIFFICULT;
	for (size_t i = 0; i < ARRAY_LEN(bounds) && score >= bounds[i]; i++)
		band++;
	return band;
}

void readability_free(struct readability *r)
{
	if (!r)
		return;
	free(r->long_sentences);
	*r = (struct readability){0};
}

/* ---- bands in words ---- */

static const char *const band_names[] = {
	[READABILITY_NO_TEXT] = N_("no text"),
	[READABILITY_VERY_DIFFICULT] = N_("very difficult"),
	[READABILITY_DIFFICULT] = N_("difficult"),
	[READABILITY_FAIRLY_DIFFICULT] = N_("fairly difficult"),
	[READABILITY_NORMAL] = N_("normal"),
	[READABILITY_FAIRLY_EASY] = N_("fairly easy"),
	[READABILITY_EASY] = N_("easy"),
	[READABILITY_VERY_EASY] = N_("very easy"),
};

static const char *const band_explanations[] = {
	[READABILITY_NO_TEXT] = N_("There is no text to score yet."),
	[READABILITY_VERY_DIFFICULT] = N_("Only readers with a university education read this easily. "
					  "Most residents will not understand it: write shorter sentences and "
					  "simpler words. Plain language (level B1) scores about 60 or more."),
	[READABILITY_DIFFICULT] = N_("For readers with higher education. Many residents will find it hard: "
				     "write shorter sentences and simpler words. Plain language (level B1) "
				     "scores about 60 or more."),
	[READABILITY_FAIRLY_DIFFICULT] = N_("For readers with upper secondary education (level B2). Shorter "
					    "sentences and shorter words bring it to plain language (level B1), "
					    "which scores about 60 or more."),
	[READABILITY_NORMAL] = N_("Plain language: most adults can read this (about level B1)."),
	[READABILITY_FAIRLY_EASY] = N_("Easy to read for most adults (level B1 or simpler)."),
	[READABILITY_EASY] = N_("Easy to read, also for people who read less well (about level A2)."),
	[READABILITY_VERY_EASY] = N_("Very easy to read, for almost everyone (level A1 to A2)."),
};

const char *readability_band_text(const char *lang, enum readability_band band)
{
	if ((size_t)band >= ARRAY_LEN(band_names))
		band = READABILITY_NO_TEXT;
	return TR(lang, band_names[band]);
}

const char *readability_band_explanation(const char *lang, enum readability_band band)
{
	if ((size_t)band >= ARRAY_LEN(band_explanations))
		band = READABILITY_NO_TEXT;
	return TR(lang, band_explanations[band]);
}
