/*
 * i18n: the user's language and translated text. lia speaks Dutch (nl, the
 * default) and English (en). Messages are English msgids translated through
 * gettext (po/nl.po, po/en.po); each call names its language, so threads that
 * serve different users at once never share a language setting.
 */
#ifndef LIA_CORE_I18N_H
#define LIA_CORE_I18N_H

#include <stdbool.h>
#include <stddef.h>

/* Marks a string for translation without translating it here. */
#define N_(s) (s)

/* Bind the message catalogue. localedir may be NULL to use the built-in
 * search (LIA_LOCALEDIR env, the build tree, the install prefix). Returns 0,
 * or -1 if a language's locale is not installed (then that language falls
 * back to the English msgids; the reason is logged). */
int i18n_init(const char *localedir);

/* msgid translated into lang ("nl" or "en"; anything else means "nl"). */
const char *i18n_text(const char *lang, const char *msgid) __attribute__((format_arg(2)));
#define TR(lang, s) i18n_text((lang), (s))

/* The singular or plural of a message for n in lang (ngettext: "1 vraagt",
 * "2 vragen"); xgettext finds them by TRN's second and third argument. */
const char *i18n_plural(const char *lang, const char *msgid, const char *msgid_plural, unsigned long n)
	__attribute__((format_arg(2))) __attribute__((format_arg(3)));
#define TRN(lang, s, p, n) i18n_plural((lang), (s), (p), (unsigned long)(n))

/* "nl" or "en" if s names one of them (case-insensitive, "nl-NL" too), else NULL. */
const char *i18n_lang(const char *s, size_t len);
/* The best of nl/en for an Accept-Language header value; "nl" if none fits. */
const char *i18n_negotiate(const char *accept_language);

/* Dates: "2023-10-02" -> "2 oktober 2023" / "2 October 2023". Returns
 * false (and leaves out untouched) if iso is not a valid date.
 * out must hold at least 32 bytes. */
bool i18n_date(const char *lang, const char *iso, char *out, size_t outlen);

/* A count with its thousands grouped as lang writes them: nl "20.000", en
 * "20,000"; below 1000 as plain digits. Returns the length written to out
 * (NUL-terminated; out should hold 32 bytes). */
size_t i18n_count(const char *lang, long long n, char *out, size_t outlen);

#endif
