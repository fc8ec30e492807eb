/*
 * q_result: the answers of the read queries (see q_result.h).
 */
#include "store/q_result.h"

#include "core/err.h"

#include <string.h>

int q_found(json_t *row)
{
	if (!row)
		return LIA_EDB;
	if (json_is_null(row)) {
		json_decref(row);
		return LIA_ENOTFOUND;
	}
	return 0;
}

bool q_failed(json_t *const *results, size_t n)
{
	bool failed = false;
	for (size_t i = 0; i < n; i++)
		failed = failed || !results[i];
	if (failed)
		for (size_t i = 0; i < n; i++)
			json_decref(results[i]);
	return failed;
}

int q_answer(json_t *row, const struct q_part *parts, size_t n, json_t **out)
{
	bool failed = !row;
	for (size_t i = 0; i < n; i++)
		failed = failed || !parts[i].value;
	if (failed) {
		json_decref(row);
		for (size_t i = 0; i < n; i++)
			json_decref(parts[i].value);
		return LIA_EDB;
	}
	for (size_t i = 0; i < n; i++)
		json_object_set_new(row, parts[i].key, parts[i].value);
	*out = row;
	return 0;
}

void q_split_participants(json_t *people, json_t **interviewers, json_t **holders)
{
	*interviewers = json_array();
	*holders = json_array();
	size_t i;
	json_t *p;
	json_array_foreach(people, i, p) {
		const char *role = json_string_value(json_object_get(p, "role"));
		json_array_append(role && strcmp(role, "dossier_holder") == 0 ? *holders : *interviewers, p);
	}
}
