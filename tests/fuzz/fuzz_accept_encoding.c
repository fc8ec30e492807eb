/*
 * fuzz_accept_encoding: the Accept-Encoding parser (untrusted header text)
 * and, for the coding it picks, a compression of the header's own bytes.
 */
#include "http/compress.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	enum http_enc e = http_enc_choose(s);
	if (e != HTTP_ENC_IDENTITY && e != HTTP_ENC_GZIP && e != HTTP_ENC_BR)
		abort();
	char *z = NULL;
	size_t zlen = 0;
	if (e != HTTP_ENC_IDENTITY && http_compress(e, s, size, false, &z, &zlen) == 0 && (zlen == 0 || zlen >= size))
		abort(); /* a success is smaller and not empty */
	free(z);
	free(s);
	return 0;
}
