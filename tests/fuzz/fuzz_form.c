/*
 * fuzz_form: reading and checking submitted fields (pages/form.c) with any
 * bytes a client can send: the input is split at its first two bytes 0xFF
 * 0xFE into up to six field values, given as they come from a form (raw
 * bytes, any encoding, zero bytes included) or, when the whole input is a
 * JSON object, that object as a JSON body.
 *
 * What must hold: form_read gives valid UTF-8 text for every field (jansson
 * can write it); a field form_check does not complain about holds no zero
 * byte, no control character but tab and line breaks, no line break unless
 * it is a text area, and is no longer than its limit in characters.
 *
 * Real fuzzing: as in fuzz_body.c, with tests/fuzz/fuzz_form.c and
 * src/pages/form.c instead of the http sources.
 */
#include "core/i18n.h"
#include "pages/form.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct field fields[] = {
	{"title", "Title", NULL, FIELD_TEXT, true, 20, NULL, false},
	{"body_md", "Text", NULL, FIELD_TEXTAREA, false, 200, NULL, true},
	{"email", "E-mail", NULL, FIELD_EMAIL, false, 0, NULL, false},
	{"day", "Day", NULL, FIELD_DATE, false, 10, NULL, false},
	{"n", "Number", NULL, FIELD_NUMBER, false, 6, NULL, false},
	{"tags", "Tags", NULL, FIELD_CHECKBOXES, false, 0, NULL, false},
};
static const struct form_spec spec = FORM_SPEC(fields);

static size_t chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct req r = {.arena = arena_new(), .lang = "nl"};
	json_error_t jerr;
	json_t *body = json_loadb((const char *)data, size, 0, &jerr);
	if (!json_is_object(body)) {
		json_decref(body);
		body = json_object();
		size_t start = 0, k = 0;
		for (size_t i = 0; i <= size && k < spec.n; i++) {
			if (i == size || (i + 1 < size && data[i] == 0xFF && data[i + 1] == 0xFE)) {
				json_t *v = json_stringn_nocheck((const char *)data + start, i - start);
				if (fields[k].kind == FIELD_CHECKBOXES)
					v = json_pack("[o, s]", v, "x");
				json_object_set_new(body, fields[k].name, v);
				k++;
				start = i + 2;
				i++;
			}
		}
	}
	r.body = body;
	json_t *values = form_read(&r, &spec);
	char *dump = json_dumps(values, 0);
	if (!dump)
		abort(); /* form_read made text that is not UTF-8 */
	free(dump);
	json_t *errors = json_object();
	form_check(&r, &spec, values, NULL, errors);
	for (size_t i = 0; i < spec.n; i++) {
		const struct field *fd = &fields[i];
		json_t *raw = json_object_get(body, fd->name);
		if (json_object_get(errors, fd->name) || !json_is_string(raw))
			continue;
		const char *s = json_string_value(raw);
		size_t len = json_string_length(raw);
		if (memchr(s, '\0', len))
			abort();
		for (size_t j = 0; j < len; j++) {
			unsigned char c = (unsigned char)s[j];
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
				abort();
			if ((c == '\n' || c == '\r') && fd->kind != FIELD_TEXTAREA)
				abort();
		}
		const char *v = json_string_value(json_object_get(values, fd->name));
		if (fd->max_len && chars(v) > fd->max_len)
			abort();
	}
	json_decref(errors);
	json_decref(values);
	json_decref(body);
	arena_free(r.arena);
	return 0;
}
