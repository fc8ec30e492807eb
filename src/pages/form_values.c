/*
 * form_values: the small conversions every form handler needs between form
 * values (text, as submitted) and what the store takes and gives (ids,
 * id lists, cents, rows). See form.h; kept apart from form.c, which reads,
 * checks and describes forms.
 */
#include "pages/form.h"

#include "core/i18n.h"
#include "core/money.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long long form_id(const char *s)
{
	if (!s || !*s)
		return 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	return *end || v <= 0 ? 0 : v;
}

struct id_list form_ids(struct req *r, json_t *arr)
{
	size_t n = json_array_size(arr);
	long long *v = arena_alloc(r->arena, (n ? n : 1) * sizeof(*v));
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		long long id = form_id(json_string_value(json_array_get(arr, i)));
		if (id)
			v[k++] = id;
	}
	return (struct id_list){v, k};
}

const char *form_val(json_t *values, const char *name)
{
	const char *s = json_string_value(json_object_get(values, name));
	return s ? s : "";
}

bool form_ticked(json_t *values, const char *name)
{
	return *form_val(values, name) != '\0';
}

json_t *form_values_of(struct req *r, json_t *row)
{
	json_t *values = json_object();
	const char *key;
	json_t *x;
	json_object_foreach(row, key, x) {
		if (strcmp(key, "amount_cents") == 0 && json_is_integer(x))
			json_object_set_new(values, "amount", form_amount_text((long long)json_integer_value(x)));
		else if (json_is_string(x) || json_is_array(x))
			json_object_set(values, key, x);
		else if (json_is_integer(x))
			json_object_set_new(values, key,
			                    json_string(arena_printf(r->arena, "%lld", (long long)json_integer_value(x))));
		else
			json_object_set_new(values, key, json_string(json_is_true(x) ? "1" : ""));
	}
	return values;
}

bool form_amount(struct req *r, json_t *values, json_t *errors, const char *name, long long *cents)
{
	if (json_object_get(errors, name))
		return false;
	enum money_error e = money_parse(form_val(values, name), cents);
	if (e != MONEY_OK) {
		form_error(errors, name, TR(r->lang, money_error_text(e)));
		return false;
	}
	if (*cents > MONEY_MAX_CENTS || *cents < -MONEY_MAX_CENTS) {
		form_error(errors, name, TR(r->lang, N_("This amount is too large: lia records amounts up to € 1.000.000.000. Check the number of digits.")));
		return false;
	}
	return true;
}

json_t *form_amount_text(long long c)
{
	char tmp[40];
	unsigned long long u = c < 0 ? 0ULL - (unsigned long long)c : (unsigned long long)c;
	snprintf(tmp, sizeof(tmp), "%s%llu,%02llu", c < 0 ? "-" : "", u / 100, u % 100);
	return json_string(tmp);
}
