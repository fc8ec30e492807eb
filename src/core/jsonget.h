/*
 * jsonget: reading a field of a JSON object (a row from the store) without
 * a NULL check at every use: a missing or non-string field reads as "", a
 * missing or non-integer one as 0.
 */
#ifndef LIA_CORE_JSONGET_H
#define LIA_CORE_JSONGET_H

#include <jansson.h>

static inline const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static inline long long jnum(const json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

#endif
