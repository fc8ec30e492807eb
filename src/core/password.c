/*
 * password: checks a new password against lia's rules (password.h): long
 * enough, and not easy to guess. How easy a password is to guess comes
 * from zxcvbn-c (Debian's libzxcvbn), which knows common passwords, English
 * words and names, keyboard patterns, repeats, sequences and dates; the
 * account's own e-mail address and name and a short list of common Dutch
 * password words are added as its "user dictionary". Nothing here keeps or
 * logs the password.
 */
#include "core/password.h"

#include "core/i18n.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <zxcvbn.h>

/* Words Dutch people often build passwords on, which zxcvbn's English
 * lists do not hold. */
static const char *const dutch_words[] = {
	"wachtwoord", "welkom", "geheim", "hallo", "liefde", "schatje", "nederland", "holland", "amsterdam",
	"rotterdam", "utrecht", "nijmegen", "eindhoven", "groningen", "gemeente", "inclusie", "agenda", "lokale",
	"voorjaar", "zomer", "najaar", "herfst", "winter", "lente", "maandag", "dinsdag", "woensdag", "donderdag",
	"vrijdag", "zaterdag", "zondag", "januari", "februari", "maart", "april", "mei", "juni", "juli",
	"augustus", "september", "oktober", "november", "december", "ajax", "feyenoord", "oranje", "voetbal",
	"koffie", "fiets", "konijn", "poesje", "hondje", "prinses", "kabouter", "lia", "demo", "coordinator",
	"projectgroep", "dossierhouder", "ervaringsdeskundige", "lezer",
};

#define NDUTCH (sizeof(dutch_words) / sizeof(dutch_words[0]))
#define NCONTEXT_MAX 16

/* Characters, not bytes: a UTF-8 continuation byte does not count. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			n++;
	return n;
}

/* The parts of a context word (an e-mail address's local part and domain
 * words, a name's words), lower case, three letters or more, appended to
 * dict from position n; returns the new n. The words live in store, whose
 * first *used bytes are taken. */
static size_t split_context(const char *word, char *store, size_t store_len, size_t *used_io, const char **dict,
                            size_t n, size_t max)
{
	size_t used = *used_io;
	const char *p = word;
	while (*p && n < max) {
		while (*p && !isalnum((unsigned char)*p))
			p++;
		const char *start = p;
		while (*p && isalnum((unsigned char)*p))
			p++;
		size_t len = (size_t)(p - start);
		if (len < 3 || used + len + 1 >= store_len)
			continue;
		char *w = store + used;
		for (size_t i = 0; i < len; i++)
			w[i] = (char)tolower((unsigned char)start[i]);
		w[len] = '\0';
		used += len + 1;
		dict[n++] = w;
	}
	*used_io = used;
	return n;
}

const char *password_check(const char *password, const char *const *context, const char *lang)
{
	if (strlen(password) > PASSWORD_MAX_BYTES)
		return TR(lang, N_("The password is too long. Use at most 1000 characters."));
	if (utf8_chars(password) < PASSWORD_MIN_CHARS)
		return TR(lang, N_("The password is too short. Use at least 12 characters. Four words that do not belong together, with spaces in between, are long enough and easy to remember."));
	const char *dict[NDUTCH + NCONTEXT_MAX + 1];
	size_t n = 0;
	for (size_t i = 0; i < NDUTCH; i++)
		dict[n++] = dutch_words[i];
	char store[1024];
	size_t used = 0;
	for (size_t i = 0; context && context[i]; i++)
		n = split_context(context[i], store, sizeof(store), &used, dict, n, NDUTCH + NCONTEXT_MAX);
	dict[n] = NULL;
	double bits = ZxcvbnMatch(password, dict, NULL);
	if (bits < PASSWORD_MIN_BITS)
		return TR(lang, N_("This password is too easy to guess. It is a common password, or it is made of a common word, your name or e-mail address, or a simple pattern such as 123456 or qwerty. Add a few words that others would not guess."));
	return NULL;
}
