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

#endif
