/*
 * Unit tests: language choice, dates, and translations through gettext.
 */
#include "core/i18n.h"

#include <criterion/criterion.h>
#include <string.h>

static void setup(void) { i18n_init(NULL); }
TestSuite(i18n, .init = setup);

Test(i18n, lang_codes)
{
	cr_assert_str_eq(i18n_lang("nl", 2), "nl");
	cr_assert_str_eq(i18n_lang("NL-nl", 5), "nl");
	cr_assert_str_eq(i18n_lang("en_GB", 5), "en");
	cr_assert_null(i18n_lang("de", 2));
	cr_assert_null(i18n_lang("nld", 3));
	cr_assert_null(i18n_lang("n", 1));
	cr_assert_null(i18n_lang(NULL, 0));
}

Test(i18n, accept_language)
{
	cr_assert_str_eq(i18n_negotiate(NULL), "nl");
	cr_assert_str_eq(i18n_negotiate(""), "nl");
	cr_assert_str_eq(i18n_negotiate("en-US,en;q=0.9"), "en");
	cr_assert_str_eq(i18n_negotiate("de-DE,de;q=0.9,en;q=0.5,nl;q=0.8"), "nl");
	cr_assert_str_eq(i18n_negotiate("fr"), "nl");
	cr_assert_str_eq(i18n_negotiate("en;q=0, nl;q=0.1"), "nl");
	cr_assert_str_eq(i18n_negotiate("*"), "nl");
}

Test(i18n, dates)
{
	char out[48];
	cr_assert(i18n_date("nl", "2023-10-02", out, sizeof(out)));
	cr_assert_str_eq(out, "2 oktober 2023");
	cr_assert(i18n_date("en", "2021-07-08", out, sizeof(out)));
	cr_assert_str_eq(out, "8 July 2021");
	cr_assert(i18n_date("nl", "2023-12-31T10:00:00Z", out, sizeof(out)));
	cr_assert_str_eq(out, "31 december 2023");
	cr_assert_not(i18n_date("nl", "2023-13-01", out, sizeof(out)));
	cr_assert_not(i18n_date("nl", "yesterday", out, sizeof(out)));
	cr_assert_not(i18n_date("nl", "", out, sizeof(out)));
}

Test(i18n, counts_grouped_per_language)
{
	char out[32];
	static const struct {
		long long n;
		const char *nl, *en;
	} cases[] = {
		{0, "0", "0"}, {999, "999", "999"}, {1000, "1.000", "1,000"}, {20000, "20.000", "20,000"},
		{1234567, "1.234.567", "1,234,567"}, {-1500, "-1.500", "-1,500"},
		{-9223372036854775807LL - 1, "-9.223.372.036.854.775.808", "-9,223,372,036,854,775,808"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_expect_eq(i18n_count("nl", cases[i].n, out, sizeof(out)), strlen(cases[i].nl));
		cr_expect_str_eq(out, cases[i].nl);
		i18n_count("en", cases[i].n, out, sizeof(out));
		cr_expect_str_eq(out, cases[i].en);
	}
	/* A short buffer is cut, never overrun. */
	char small[4];
	i18n_count("nl", 20000, small, sizeof(small));
	cr_expect_eq(strlen(small), 3);
}

Test(i18n, translations_per_call)
{
	/* English msgids; Dutch comes from po/nl.po. Both languages in one
	 * thread, alternately, must not bleed into each other. */
	for (int i = 0; i < 3; i++) {
		cr_assert_str_eq(i18n_text("en", "Action points"), "Action points");
		cr_assert_str_eq(i18n_text("nl", "Action points"), "Actiepunten");
		cr_assert_str_eq(i18n_text("nl", "October"), "oktober");
	}
	/* Unknown msgids come back unchanged. */
	cr_assert_str_eq(i18n_text("nl", "no such message"), "no such message");
}
