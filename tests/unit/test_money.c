/*
 * Unit tests: money formatting (nl-NL and en), including the edges.
 */
#include "core/money.h"

#include <criterion/criterion.h>
#include <limits.h>

static const char *fmt(long long cents, const char *lang)
{
	static char out[MONEY_TEXT_MAX];
	return money_format(cents, lang, out, sizeof(out));
}

Test(money, dutch_whole_euros)
{
	cr_assert_str_eq(fmt(30000000, "nl"), "€ 300.000");
	cr_assert_str_eq(fmt(0, "nl"), "€ 0");
	cr_assert_str_eq(fmt(100, "nl"), "€ 1");
	cr_assert_str_eq(fmt(100000, "nl"), "€ 1.000");
	cr_assert_str_eq(fmt(99999900, "nl"), "€ 999.999");
	cr_assert_str_eq(fmt(100000000000LL, "nl"), "€ 1.000.000.000");
}

Test(money, dutch_cents)
{
	cr_assert_str_eq(fmt(123456, "nl"), "€ 1.234,56");
	cr_assert_str_eq(fmt(5, "nl"), "€ 0,05");
	cr_assert_str_eq(fmt(50, "nl"), "€ 0,50");
}

Test(money, dutch_negative)
{
	cr_assert_str_eq(fmt(-25000, "nl"), "€ -250");
	cr_assert_str_eq(fmt(-123456, "nl"), "€ -1.234,56");
}

Test(money, english)
{
	cr_assert_str_eq(fmt(30000000, "en"), "€300,000");
	cr_assert_str_eq(fmt(123456, "en"), "€1,234.56");
	cr_assert_str_eq(fmt(-25000, "en"), "-€250");
}

Test(money, extremes_do_not_overflow)
{
	cr_assert_str_eq(fmt(LLONG_MAX, "nl"), "€ 92.233.720.368.547.758,07");
	cr_assert_str_eq(fmt(LLONG_MIN, "nl"), "€ -92.233.720.368.547.758,08");
}

static long long parsed(const char *text)
{
	long long c = 424242;
	enum money_error e = money_parse(text, &c);
	cr_assert_eq(e, MONEY_OK, "\"%s\" should parse, got error %d", text, (int)e);
	return c;
}

static void refused(const char *text, enum money_error want)
{
	long long c = 424242;
	enum money_error e = money_parse(text, &c);
	cr_assert_eq(e, want, "\"%s\": expected error %d, got %d", text, (int)want, (int)e);
	cr_assert_eq(c, 424242, "\"%s\": a refused amount leaves the output alone", text);
}

Test(money_parse, dutch_notation)
{
	cr_assert_eq(parsed("€ 1.234,56"), 123456);
	cr_assert_eq(parsed("1234,56"), 123456);
	cr_assert_eq(parsed("-250,00"), -25000);
	cr_assert_eq(parsed("€ 300.000"), 30000000);
	cr_assert_eq(parsed("1.234.567,89"), 123456789);
	cr_assert_eq(parsed("0,05"), 5);
	cr_assert_eq(parsed(",50"), 50);
	cr_assert_eq(parsed("€300.000,-"), 30000000, "as the seed letter writes it");
	cr_assert_eq(parsed("12,-"), 1200);
}

Test(money_parse, whitespace_signs_and_currency)
{
	cr_assert_eq(parsed("  12,50  "), 1250);
	cr_assert_eq(parsed("\xC2\xA0€\xC2\xA0" "1.000"), 100000); /* non-breaking spaces */
	cr_assert_eq(parsed("€ -1.234,56"), -123456);
	cr_assert_eq(parsed("-€ 1.234,56"), -123456);
	cr_assert_eq(parsed("EUR 99"), 9900);
	cr_assert_eq(parsed("99 EUR"), 9900);
	cr_assert_eq(parsed("+7"), 700);
	cr_assert_eq(parsed("(250,00)"), -25000);
	cr_assert_eq(parsed("250,00-"), -25000);
}

Test(money_parse, missing_and_one_decimal)
{
	cr_assert_eq(parsed("12"), 1200);
	cr_assert_eq(parsed("12,5"), 1250);
	cr_assert_eq(parsed("1.234"), 123400, "a dot before three digits groups thousands");
	cr_assert_eq(parsed("1234.56"), 123456, "one dot before two final digits is a decimal point");
	cr_assert_eq(parsed("1234.5"), 123450);
}

Test(money_parse, refusals)
{
	refused("", MONEY_EMPTY);
	refused("   ", MONEY_EMPTY);
	refused("€", MONEY_EMPTY);
	refused("-", MONEY_EMPTY);
	refused("12,345", MONEY_TOO_MANY_DECIMALS);
	refused("1,2,3", MONEY_BAD_GROUPING);
	refused("1.23.456", MONEY_BAD_GROUPING);
	refused("12.34.56", MONEY_BAD_GROUPING);
	refused("1,234.56", MONEY_BAD_GROUPING);
	refused("1.2345", MONEY_BAD_GROUPING);
	refused("12 34", MONEY_BAD_CHARACTER);
	refused("twaalf", MONEY_BAD_CHARACTER);
	refused("12a", MONEY_BAD_CHARACTER);
	refused("300.000,--", MONEY_BAD_CHARACTER);
	refused("(12", MONEY_BAD_CHARACTER);
	refused("99999999999999999999", MONEY_TOO_LARGE);
	refused("92.233.720.368.547.758,08", MONEY_TOO_LARGE);
}

Test(money_parse, round_trip_with_format)
{
	static const long long samples[] = {0, 1, 99, 100, 123456, -25000, 30000000, 100000000000LL};
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		char text[MONEY_TEXT_MAX];
		money_format(samples[i], "nl", text, sizeof(text));
		cr_assert_eq(parsed(text), samples[i], "%s", text);
	}
}

Test(money, page_text_binds_the_euro_sign_to_the_amount)
{
	char out[MONEY_TEXT_MAX];
	cr_assert_str_eq(money_format_nbsp(123456, "nl", out, sizeof(out)), "€\u00A01.234,56");
	cr_assert_str_eq(money_format_nbsp(-25000, "nl", out, sizeof(out)), "€\u00A0-250");
	cr_assert_str_eq(money_format_nbsp(123456, "en", out, sizeof(out)), "€1,234.56", "English has no space to break");
	cr_assert_str_eq(money_format(123456, "nl", out, sizeof(out)), "€ 1.234,56", "files keep the plain space");
}
