/*
 * The second factor's core (core/totp.c): codes checked through liboath
 * against RFC 6238's own test vector, only within the steps now-1..now+1,
 * random keys in base32, the key in groups of 4, recovery codes and how a
 * typed one is read, and the QR code's SVG with its accessible name.
 */
#include "core/totp.h"

#include <criterion/criterion.h>
#include <string.h>

/* RFC 6238 appendix B: the SHA-1 key "12345678901234567890" in base32. */
#define RFC_KEY "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

Test(totp, the_rfc_6238_vector_is_accepted_at_its_step)
{
	/* At T = 59 s the 8-digit code is 94287082: its last 6 digits. */
	cr_assert_eq(totp_check(RFC_KEY, "287082", 59), 1);
	/* T = 1111111109: 07081804. */
	cr_assert_eq(totp_check(RFC_KEY, "081804", 1111111109), 1111111109 / 30);
}

Test(totp, only_the_steps_around_now_count)
{
	/* The code of step 37037036 (T = 1111111080..1111111109) at other times. */
	const time_t t = 1111111109;
	cr_assert_eq(totp_check(RFC_KEY, "081804", t + 30), t / 30, "one step late: accepted");
	cr_assert_eq(totp_check(RFC_KEY, "081804", t + 60), -1, "two steps late: refused");
	cr_assert_eq(totp_check(RFC_KEY, "081804", t - 30), t / 30, "one step early: accepted");
	cr_assert_eq(totp_check(RFC_KEY, "081804", t - 60), -1, "two steps early: refused");
}

Test(totp, only_six_digits_and_a_base32_key)
{
	cr_assert_eq(totp_check(RFC_KEY, "28708", 59), -1);
	cr_assert_eq(totp_check(RFC_KEY, "2870822", 59), -1);
	cr_assert_eq(totp_check(RFC_KEY, "28708a", 59), -1);
	cr_assert_eq(totp_check(RFC_KEY, "", 59), -1);
	cr_assert_eq(totp_check(NULL, "287082", 59), -1);
	cr_assert_eq(totp_check("not base32!", "287082", 59), -1);
}

Test(totp, new_keys_are_random_base32_and_shown_in_groups_of_four)
{
	char a[TOTP_SECRET_LEN + 1], b[TOTP_SECRET_LEN + 1], g[TOTP_GROUPED_LEN + 1];
	totp_new_secret(a);
	totp_new_secret(b);
	cr_assert_eq(strlen(a), TOTP_SECRET_LEN);
	cr_assert_eq(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), TOTP_SECRET_LEN);
	cr_assert_str_neq(a, b);
	totp_grouped(RFC_KEY, g);
	cr_assert_str_eq(g, "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
}

Test(totp, recovery_codes_are_read_as_typed)
{
	char c[TOTP_RECOVERY_LEN + 1], n[TOTP_RECOVERY_LEN + 1];
	totp_recovery_code(c);
	cr_assert_eq(strlen(c), TOTP_RECOVERY_LEN);
	cr_assert_eq(c[5], '-');
	cr_assert(totp_recovery_normalise("abcde fghjk", n));
	cr_assert_str_eq(n, "ABCDE-FGHJK");
	cr_assert(totp_recovery_normalise("ABCDE-FGHJK", n));
	cr_assert_str_eq(n, "ABCDE-FGHJK");
	cr_assert_not(totp_recovery_normalise("ABCDE-FGHJ", n), "too short");
	cr_assert_not(totp_recovery_normalise("ABCDE-FGHJKL", n), "too long");
	cr_assert_not(totp_recovery_normalise("ABCDE-FGHJ!", n), "not a letter or digit");
	cr_assert_not(totp_recovery_normalise("123456", n), "a TOTP code is not a recovery code");
}

Test(totp, the_uri_and_the_qr_code)
{
	char *uri = totp_uri(RFC_KEY, "Gemeente Nijmegen", "a@example.org");
	cr_assert_str_eq(uri, "otpauth://totp/lia%20%28Gemeente%20Nijmegen%29%3Aa%40example.org?secret=" RFC_KEY
	                      "&issuer=lia&algorithm=SHA1&digits=6&period=30");
	char *svg = totp_qr_svg(uri, "QR code <with> \"the\" key");
	cr_assert_not_null(svg);
	cr_assert(strstr(svg, "role=\"img\" aria-label=\"QR code &lt;with&gt; &quot;the&quot; key\""), "%s", svg);
	cr_assert(strstr(svg, "<path fill=\"#000\" d=\"M"), "dark modules drawn");
	free(svg);
	free(uri);
}
