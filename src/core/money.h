/*
 * money: amounts are integer euro cents everywhere in lia (storage,
 * arithmetic, API). This is the one place that turns cents into text.
 */
#ifndef LIA_CORE_MONEY_H
#define LIA_CORE_MONEY_H

#include <stddef.h>

#define MONEY_TEXT_MAX 40

/* Format cents for lang: nl "€ 300.000", "€ 1.234,56", "€ -250";
 * en "€300,000", "€1,234.56", "-€250". Whole euros have no decimals.
 * out must hold MONEY_TEXT_MAX bytes. Returns out. */
char *money_format(long long cents, const char *lang, char *out, size_t outlen);

/* As money_format, for pages: in Dutch a no-break space (U+00A0) follows the
 * €, so the sign and the amount never part at the end of a line. Files for
 * other programs (CSV, the command line) keep money_format's plain space. */
char *money_format_nbsp(long long cents, const char *lang, char *out, size_t outlen);

/* Why a text is not an amount (money_parse). */
enum money_error {
	MONEY_OK = 0,
	MONEY_EMPTY,          /* nothing but spaces */
	MONEY_BAD_CHARACTER,  /* a letter or sign that does not belong in an amount */
	MONEY_TOO_MANY_DECIMALS, /* more than two digits after the decimal comma */
	MONEY_BAD_GROUPING,   /* thousands separators in the wrong places ("1.23.4") */
	MONEY_TOO_LARGE,      /* does not fit in cents */
};

/* Parse an amount as Dutch spreadsheets and financial systems write it, into
 * cents: "€ 1.234,56", "1234,56", "-250,00", "€ -1.234,5", "-€ 12", "1.234"
 * (a dot before exactly three digits groups thousands), "1234.56" (a single
 * dot before one or two final digits, with no comma, is a decimal point),
 * "(250,00)" (negative, as accountants write it), "€ 300.000,-" (whole
 * euros). Spaces, non-breaking spaces
 * and "EUR" are allowed around the number. Returns MONEY_OK and sets *cents,
 * or the reason it is not an amount (and leaves *cents alone). */
enum money_error money_parse(const char *text, long long *cents);

/* The largest amount lia records (€ 1.000.000.000), so that sums of many
 * amounts can never overflow. Callers that record amounts check it. */
#define MONEY_MAX_CENTS 100000000000LL

/* An English msgid that says what is wrong and how to write it instead. */
const char *money_error_text(enum money_error e);

#endif
