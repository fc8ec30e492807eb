/*
 * money: formatting of euro cents in Dutch and English notation.
 */
#include "core/money.h"

#include "core/i18n.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Digits of v with a separator every three, into out (reversed build). */
static void group_digits(unsigned long long v, char sep, char *out, size_t outlen)
{
	char tmp[40];
	size_t n = 0;
	int digits = 0;
	do {
		if (digits && digits % 3 == 0)
			tmp[n++] = sep;
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
		digits++;
	} while (v && n < sizeof(tmp) - 2);
	size_t i = 0;
	for (; i < n && i + 1 < outlen; i++)
		out[i] = tmp[n - 1 - i];
	out[i] = '\0';
}

static char *format(long long cents, const char *lang, const char *space, char *out, size_t outlen)
{
	bool en = lang && lang[0] == 'e';
	bool neg = cents < 0;
	/* Negate in unsigned arithmetic so LLONG_MIN is safe. */
	unsigned long long abs = neg ? 0ULL - (unsigned long long)cents : (unsigned long long)cents;
	unsigned long long euros = abs / 100, rest = abs % 100;
	char whole[40];
	group_digits(euros, en ? ',' : '.', whole, sizeof(whole));
	char frac[8] = "";
	if (rest)
		snprintf(frac, sizeof(frac), "%c%02llu", en ? '.' : ',', rest);
	if (en)
		snprintf(out, outlen, "%s€%s%s", neg ? "-" : "", whole, frac);
	else
		snprintf(out, outlen, "€%s%s%s%s", space, neg ? "-" : "", whole, frac);
	return out;
}

char *money_format(long long cents, const char *lang, char *out, size_t outlen)
{
	return format(cents, lang, " ", out, outlen);
}

char *money_format_nbsp(long long cents, const char *lang, char *out, size_t outlen)
{
	return format(cents, lang, "\u00A0", out, outlen);
}

/* Skip spaces, tabs, and UTF-8 non-breaking spaces (U+00A0, U+202F). */
static const char *skip_space(const char *p)
{
	for (;;) {
		if (*p == ' ' || *p == '\t')
			p++;
		else if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
			p += 2;
		else if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0xAF)
			p += 3;
		else
			return p;
	}
}

/* The currency sign or code, if there is one here. */
static const char *skip_currency(const char *p)
{
	if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x82 && (unsigned char)p[2] == 0xAC) /* € */
		return skip_space(p + 3);
	if ((p[0] == 'E' || p[0] == 'e') && (p[1] == 'U' || p[1] == 'u') && (p[2] == 'R' || p[2] == 'r'))
		return skip_space(p + 3);
	return p;
}

enum money_error money_parse(const char *text, long long *cents)
{
	const char *p = skip_space(text ? text : "");
	if (!*p)
		return MONEY_EMPTY;
	bool neg = false, paren = false;
	if (*p == '(') {
		paren = neg = true;
		p = skip_space(p + 1);
	}
	p = skip_currency(p);
	if (*p == '-' || *p == '+') {
		neg = neg || *p == '-';
		p = skip_space(p + 1);
	}
	p = skip_currency(p);
	if (*p == '-' && !neg) { /* "€ -12" after the sign was checked */
		neg = true;
		p = skip_space(p + 1);
	}

	/* The number itself: digits, '.' and ',' only; decide what each mark is. */
	const char *start = p;
	while ((*p >= '0' && *p <= '9') || *p == '.' || *p == ',')
		p++;
	const char *end = p;
	/* ",-" is how Dutch writes whole euros ("€ 300.000,-"): not a minus sign. */
	bool dash_cents = end > start && end[-1] == ',' && *p == '-';
	if (dash_cents)
		p++;
	p = skip_space(p);
	p = skip_currency(p);
	if (paren) {
		if (*p != ')')
			return MONEY_BAD_CHARACTER;
		p = skip_space(p + 1);
	}
	if (*p == '-' && !neg && !dash_cents) { /* "250-" as some ledgers write it */
		neg = true;
		p = skip_space(p + 1);
	}
	if (*p)
		return MONEY_BAD_CHARACTER;
	if (end == start)
		return MONEY_EMPTY; /* only a sign or a currency */

	const char *comma = NULL;
	int dots = 0;
	const char *last_dot = NULL;
	for (const char *q = start; q < end; q++) {
		if (*q == ',') {
			if (comma)
				return MONEY_BAD_GROUPING;
			comma = q;
		} else if (*q == '.') {
			if (comma)
				return MONEY_BAD_GROUPING; /* "1,234.56": English order */
			dots++;
			last_dot = q;
		}
	}
	const char *decimal = comma;
	/* No comma, one dot, one or two digits after it: a decimal point. */
	if (!comma && dots == 1 && end - last_dot - 1 >= 1 && end - last_dot - 1 <= 2)
		decimal = last_dot;
	const char *int_end = decimal ? decimal : end;
	/* Thousands dots: the first group 1-3 digits, every next group exactly 3. */
	if (dots && decimal != last_dot) {
		int group = 0;
		bool first = true;
		for (const char *q = start; q < int_end; q++) {
			if (*q == '.') {
				if ((first && (group < 1 || group > 3)) || (!first && group != 3))
					return MONEY_BAD_GROUPING;
				first = false;
				group = 0;
			} else {
				group++;
			}
		}
		if (group != 3)
			return MONEY_BAD_GROUPING;
	}
	unsigned long long whole = 0;
	int digits = 0;
	for (const char *q = start; q < int_end; q++) {
		if (*q == '.')
			continue;
		if (whole > (unsigned long long)LLONG_MAX / 1000)
			return MONEY_TOO_LARGE;
		whole = whole * 10 + (unsigned long long)(*q - '0');
		digits++;
	}
	unsigned long long frac = 0;
	if (decimal) {
		long n = end - decimal - 1;
		if (n > 2)
			return MONEY_TOO_MANY_DECIMALS;
		if (n == 0 && digits == 0)
			return MONEY_EMPTY;
		for (const char *q = decimal + 1; q < end; q++)
			frac = frac * 10 + (unsigned long long)(*q - '0');
		if (n == 1)
			frac *= 10;
	}
	if (digits == 0 && !decimal)
		return MONEY_EMPTY;
	if (whole > (unsigned long long)(LLONG_MAX - 99) / 100)
		return MONEY_TOO_LARGE;
	long long v = (long long)(whole * 100 + frac);
	*cents = neg ? -v : v;
	return MONEY_OK;
}

const char *money_error_text(enum money_error e)
{
	switch (e) {
	case MONEY_OK: return N_("The amount is right.");
	case MONEY_EMPTY: return N_("There is no amount. Write an amount like 1.234,56.");
	case MONEY_BAD_CHARACTER: return N_("This is not an amount. Use only digits, a comma for cents and dots for thousands, like € 1.234,56.");
	case MONEY_TOO_MANY_DECIMALS: return N_("An amount has at most two digits after the comma (cents), like 12,50.");
	case MONEY_BAD_GROUPING: return N_("The dots and comma are in the wrong place. Write thousands with a dot and cents after a comma, like 1.234,56.");
	case MONEY_TOO_LARGE: return N_("This amount is too large.");
	}
	return N_("This is not an amount.");
}
