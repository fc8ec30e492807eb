/*
 * password: the one set of rules a new password must meet, wherever it is
 * set (lia user, the coordinator's accounts page, the account page, the
 * "choose your password" page). ASVS 4.0 V2.1.1 (at least 12 characters),
 * V2.1.7 (common and breached passwords refused, here by zxcvbn's lists of
 * common passwords, words and names, plus common Dutch ones), V2.1.9 (no
 * rules on kinds of characters).
 */
#ifndef LIA_CORE_PASSWORD_H
#define LIA_CORE_PASSWORD_H

#define PASSWORD_MIN_CHARS 12
#define PASSWORD_MAX_BYTES 1000
/* zxcvbn's estimate below this many bits: too easy to guess (about 3 x 10^13
 * guesses; a slow argon2id hash makes that years of work per account). */
#define PASSWORD_MIN_BITS 45.0

/* NULL when password may be used; otherwise a message in lang (static
 * storage, gettext's) that says what to change. context: words the
 * password must not be built on (the e-mail address, the name), NULL-ended;
 * may be NULL. */
const char *password_check(const char *password, const char *const *context, const char *lang);

#endif
