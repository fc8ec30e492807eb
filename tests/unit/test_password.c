/*
 * Unit tests: the password rules (core/password.c), shared by every place a
 * password is set. Each rule has a case that fails without it, and a good
 * password passes. Also the clock's Dutch time (core/clock.c), which the
 * "signed in until" line uses. And the cost of a password's hash
 * (core/secret.c): libsodium's interactive Argon2id, lowered only when the
 * tests ask for it.
 */
#include "core/clock.h"
#include "core/i18n.h"
#include "core/password.h"
#include "core/secret.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static const char *const ctx[] = {"projectgroep@example.org", "Youssef El Amrani", NULL};

static const char *check(const char *pw)
{
	return password_check(pw, ctx, "en");
}

Test(password, length_in_characters_not_bytes)
{
	cr_assert_not_null(strstr(check("kort"), "at least 12 characters"));
	cr_assert_not_null(strstr(check("x7!kq2#vz9m"), "at least 12 characters"), "11 characters");
	/* 11 characters in 22 bytes: still too short. */
	cr_assert_not_null(strstr(check("éééééééééé1"), "at least 12 characters"));
	char longer[1100];
	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	cr_assert_not_null(strstr(check(longer), "too long"));
}

Test(password, common_and_personal_passwords_are_refused)
{
	static const char *const weak[] = {
		"password1234", "wachtwoord123", "welkom01welkom01", "qwertyuiop123", "123456789012",
		"aaaaaaaaaaaaaa", "Zomer2024Zomer", "nijmegen2024!", "projectgroep@example.org",
		"youssef amrani 12", "nieuwe.lezer2024",
	};
	for (size_t i = 0; i < sizeof(weak) / sizeof(weak[0]); i++) {
		const char *why = check(weak[i]);
		cr_assert_not_null(why, "%s was accepted", weak[i]);
		cr_assert(strstr(why, "easy to guess") || strstr(why, "at least 12"), "%s: %s", weak[i], why);
	}
}

Test(password, good_passwords_pass)
{
	static const char *const good[] = {"plein boom regen lamp", "tulp molen fiets klomp", "correct horse battery staple",
	                                   "nog een wachtwoord voor later", "Gr8!vQz#p1Lm"};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		cr_assert_null(check(good[i]), "%s: %s", good[i], check(good[i]));
	cr_assert_null(password_check("plein boom regen lamp", NULL, "en"), "no context is fine");
}

Test(password, the_message_is_dutch_in_dutch)
{
	i18n_init(NULL);
	const char *nl = password_check("wachtwoord123", ctx, "nl");
	cr_assert_not_null(strstr(nl, "te makkelijk te raden"), "%s", nl);
}

Test(clock, dutch_time_follows_summer_time)
{
	char hm[8], day[16];
	clock_local(clock_parse_iso("2026-12-02T13:05:00Z"), hm, day); /* winter: UTC+1 */
	cr_assert_str_eq(hm, "14:05");
	cr_assert_str_eq(day, "2026-12-02");
	clock_local(clock_parse_iso("2026-07-01T22:30:00Z"), hm, day); /* summer: UTC+2, the next day */
	cr_assert_str_eq(hm, "00:30");
	cr_assert_str_eq(day, "2026-07-02");
	/* The change: the last Sunday of March (29 March 2026) at 01:00 UTC. */
	clock_local(clock_parse_iso("2026-03-29T00:59:00Z"), hm, NULL);
	cr_assert_str_eq(hm, "01:59");
	clock_local(clock_parse_iso("2026-03-29T01:00:00Z"), hm, NULL);
	cr_assert_str_eq(hm, "03:00");
	/* and back on the last Sunday of October (25 October 2026). */
	clock_local(clock_parse_iso("2026-10-25T00:59:00Z"), hm, NULL);
	cr_assert_str_eq(hm, "02:59");
	clock_local(clock_parse_iso("2026-10-25T01:00:00Z"), hm, NULL);
	cr_assert_str_eq(hm, "02:00");
	cr_assert_eq(clock_parse_iso("not a time"), -1);
}

Test(secret, a_password_hash_is_argon2id_at_64_mb_unless_the_tests_lower_it)
{
	char hash[SECRET_HASH_MAX];
	unsetenv("LIA_TEST_PASSWORD_COST");
	cr_assert_eq(secret_init(), 0);
	cr_assert_not(secret_password_cost_is_low());
	cr_assert_eq(secret_password_hash("een lang wachtwoord vol bloemen", hash), 0);
	cr_assert_not_null(strstr(hash, "$argon2id$v=19$m=65536,t=2,p=1$"), "%s", hash);
	cr_assert(secret_password_check(hash, "een lang wachtwoord vol bloemen"));
	cr_assert_not(secret_password_check(hash, "een lang wachtwoord vol bloemen!"));

	/* Any other value keeps the full cost. */
	setenv("LIA_TEST_PASSWORD_COST", "1", 1);
	cr_assert_eq(secret_init(), 0);
	cr_assert_not(secret_password_cost_is_low());

	setenv("LIA_TEST_PASSWORD_COST", "low", 1);
	cr_assert_eq(secret_init(), 0);
	cr_assert(secret_password_cost_is_low());
	char low[SECRET_HASH_MAX];
	cr_assert_eq(secret_password_hash("een lang wachtwoord vol bloemen", low), 0);
	cr_assert_not_null(strstr(low, "$argon2id$v=19$m=8,t=1,p=1$"), "%s", low);
	/* A check reads the cost from the stored hash: both still check. */
	cr_assert(secret_password_check(low, "een lang wachtwoord vol bloemen"));
	cr_assert(secret_password_check(hash, "een lang wachtwoord vol bloemen"));
	cr_assert_not(secret_password_check(low, "een ander wachtwoord"));
	unsetenv("LIA_TEST_PASSWORD_COST");
	cr_assert_eq(secret_init(), 0);
}
