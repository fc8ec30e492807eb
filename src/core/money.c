/*
 * money: formatting of euro cents in Dutch and English notation.
 */
#include "core/money.h"

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

char *money_format(long long cents, const char *lang, char *out, size_t outlen)
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
		snprintf(out, outlen, "€ %s%s%s", neg ? "-" : "", whole, frac);
	return out;
}
