/*
 * fuzz_body: the request body as the server feeds it (http/body.c): form
 * fields in pieces, an uploaded file in pieces, JSON bytes, then the end of
 * the body. The input is a list of records, each
 *   kind (1 byte: 0 field, 1 file, 2 JSON; others skip), offset flag
 *   (1 byte: 0 a new value, else a continuation), name length (1 byte),
 *   name, data length (2 bytes, little endian), data
 * until the input ends.
 *
 * What must hold: nothing reads outside the input (ASan); after the body,
 * r->body is NULL or an object with at most LIMIT_FIELDS + 2 names (a file
 * adds its name); a refused body says 413 or 415 (or 500 when the uploaded
 * file cannot be kept); the file reads back as long as what was written; the form
 * fields together never hold more than LIMIT_BODY_BYTES.
 *
 * Real fuzzing (libclang-rt-14-dev), from the top of the repository after
 * `meson compile -C build`:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc -o /tmp/fuzz_body \
 *     tests/fuzz/fuzz_body.c src/http/body.c src/http/request.c src/core/arena.c src/core/buf.c \
 *     src/core/mem.c build/liblia.a $(pkg-config --libs jansson libsodium libmicrohttpd sqlite3 \
 *     libcmark cairo pangocairo) -lcsv -lhyphen -lm -lpthread
 *   mkdir -p /tmp/body_corpus && /tmp/fuzz_body -max_total_time=600 /tmp/body_corpus tests/fuzz/corpus/body
 */
#include "http/internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_pipeline pipe = {0};
	struct http_exchange *x = http_exchange_new(&pipe, "POST", "/x", "fuzz", "2026-01-01T00:00:00Z");
	size_t i = 0;
	while (i + 3 <= size) {
		uint8_t kind = data[i], cont = data[i + 1], nlen = data[i + 2];
		i += 3;
		if (i + nlen + 2 > size)
			break;
		char name[256];
		memcpy(name, data + i, nlen);
		name[nlen] = '\0';
		i += nlen;
		size_t dlen = (size_t)data[i] | (size_t)data[i + 1] << 8;
		i += 2;
		if (dlen > size - i)
			dlen = size - i;
		const char *d = (const char *)data + i;
		i += dlen;
		int rc = 0;
		switch (kind % 4) {
		case 0:
			/* The post processor gives each piece's offset within its value. */
			rc = http_body_field(x, name, d, cont ? 1 + dlen : 0, dlen);
			break;
		case 1:
			rc = http_body_file(x, name, "f.csv", d, cont ? 1 + dlen : 0, dlen);
			break;
		case 2:
			rc = http_body_json(x, d, dlen);
			break;
		default:
			break;
		}
		if (rc != 0)
			break;
	}
	http_body_finish(x);
	json_t *body = http_exchange_req(x)->body;
	if (body && (!json_is_object(body) || json_object_size(body) > LIMIT_FIELDS + 2))
		abort();
	if (x->refused && x->refused != 413 && x->refused != 415 && x->refused != 500)
		abort();
	if (x->field_bytes > LIMIT_BODY_BYTES && x->refused != 413)
		abort();
	const char *file;
	size_t file_len;
	if (x->file_key && !x->refused &&
	    (req_file(http_exchange_req(x), x->file_key, &file, &file_len) != 0 || file_len != x->file_len))
		abort();
	http_exchange_free(x);
	return 0;
}
