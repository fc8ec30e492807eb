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
