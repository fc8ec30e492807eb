/*
 * fuzz_money: the Dutch amount parser. Whatever it accepts must format and
 * parse back to the same number of cents.
 */
#include "core/money.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	long long cents;
	if (money_parse(s, &cents) == MONEY_OK) {
		char text[MONEY_TEXT_MAX];
		long long again;
		money_format(cents, "nl", text, sizeof(text));
		if (money_parse(text, &again) != MONEY_OK || again != cents)
			abort();
	}
	free(s);
	return 0;
}
