/*
 * fuzz_accept_language: the Accept-Language parser and the date formatter,
 * which both read untrusted text.
 */
#include "core/i18n.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	const char *lang = i18n_negotiate(s);
	if (strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0)
		abort();
	char out[64];
	i18n_date("nl", s, out, sizeof(out));
	free(s);
	return 0;
}
