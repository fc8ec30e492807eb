/*
 * Tests for a list streamed row by row (view/list.c, present_row, core/row):
 * a row presented and written as JSON must be byte for byte what present
 * and jansson make of the object with the same fields (the action point
 * list's page and JSON rely on it: no tree per row, the same answer), for
 * awkward texts (quotes, backslashes, control characters, UTF-8), every
 * type of value, dates, codes with and without words, amounts, and a
 * resource whose list is its first key.
 */
#include "core/row.h"
#include "view/present.h"
#include "view/view.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The fields of object o, in its order, as a row (values borrowed from o). */
static void row_of(struct row *r, json_t *o)
{
	row_reset(r);
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v) {
		switch (json_typeof(v)) {
		case JSON_STRING:
			row_add_text(r, k, json_string_value(v), json_string_length(v));
			break;
		case JSON_INTEGER:
			row_add_int(r, k, (long long)json_integer_value(v));
			break;
		case JSON_REAL:
			row_add_real(r, k, json_real_value(v));
			break;
		case JSON_TRUE:
		case JSON_FALSE:
			row_add_bool(r, k, json_is_true(v));
			break;
		default:
			row_add_null(r, k);
			break;
		}
	}
}

/* The rows the tests use: like the action point list's, and worse. */
static const char *const rows_json =
	"[{\"id\":1,\"code\":\"WRK-01\",\"title\":\"Meer banen \\\"nu\\\" & <later>\",\"starts_on\":\"2021-09-01\","
	"\"due_on\":\"2024-12-31\",\"status\":\"in_uitvoering\",\"health\":\"groen\",\"theme_id\":1,\"theme\":\"Werk\","
	"\"dossier_holder\":\"Erik G\u00e9rritsen\",\"dossier_holder_id\":13,\"is_overdue\":true,\"is_needs_update\":false},"
	"{\"id\":2,\"code\":\"A\\\\B/C\",\"title\":\"tab\\there\\nnew line\\r\\u0001\\u001f\\b\\f \u20ac \\ud83d\\ude00\","
	"\"starts_on\":null,\"due_on\":\"2025-02-30\",\"status\":\"nonsense\",\"health\":\"paars\",\"theme_id\":-7,"
	"\"theme\":\"\",\"dossier_holder\":null,\"dossier_holder_id\":null,\"is_overdue\":false},"
	"{\"id\":3,\"starts_on\":\"2023-12-07\",\"ends_on\":\"2023-12-07\",\"amount_cents\":30000000,\"ratio\":0.25,"
	"\"created_at\":\"2024-03-05T10:11:12Z\",\"health\":\"rood\",\"state\":\"open\",\"role\":\"reader\"},"
	"{\"id\":4,\"starts_on\":\"2023-12-07\",\"ends_on\":\"2023-12-08\",\"health\":\"oranje\",\"health_label\":\"kept\"}]";

static json_t *rows_loaded(void)
{
	json_error_t e;
	json_t *rows = json_loads(rows_json, 0, &e);
	cr_assert_not_null(rows, "test rows: %s", e.text);
	return rows;
}

/* Do objects a and b have the same keys in the same order? */
static bool same_keys(json_t *a, json_t *b)
{
	void *ia = json_object_iter(a), *ib = json_object_iter(b);
	for (; ia && ib; ia = json_object_iter_next(a, ia), ib = json_object_iter_next(b, ib))
		if (strcmp(json_object_iter_key(ia), json_object_iter_key(ib)) != 0)
			return false;
	return !ia && !ib;
}

/* With shaped, each row has a shape (row.h) as a statement would give it:
 * one number for the rows with the same names, in the same order. */
static void assert_rows_presented(json_t *rows, bool shaped)
{
	static struct row r;
	for (const char *const *lang = (const char *const[]){"nl", "en", NULL}; *lang; lang++) {
		size_t i;
		json_t *o;
		json_array_foreach(rows, i, o) {
			row_of(&r, o);
			for (size_t k = 0; shaped && k <= i; k++)
				if (same_keys(json_array_get(rows, k), o)) {
					r.shape = 1000 + k;
					r.nshape = r.n;
					break;
				}
			present_row(&r, *lang, true);
			struct buf got = BUF_INIT;
			cr_assert_eq(view_row_json(&got, &r), 0);
			json_t *copy = json_deep_copy(o);
			present_page(copy, *lang);
			char *want = json_dumps(copy, JSON_COMPACT);
			cr_assert_str_eq(buf_cstr(&got), want, "row %zu (%s)%s", i, *lang, shaped ? ", shaped" : "");
			free(want);
			json_decref(copy);
			buf_free(&got);
		}
	}
}

static void assert_rows_presented_as_objects(json_t *rows)
{
	assert_rows_presented(rows, false);
	assert_rows_presented(rows, true);
}

Test(list, a_presented_row_is_the_presented_object_byte_for_byte)
{
	present_init();
	json_t *rows = rows_loaded();
	assert_rows_presented_as_objects(rows);
	json_decref(rows);
}

/* present_row works out what a field's name calls for once for rows with
 * the same names, and again when the names change: rows of one shape with
 * values that call for other words (no date, no word for the code, an
 * event of one day and of two, NULLs), as many fields with other names,
 * then two names that would add the
 * same field (the first one's words win, as in an object), a field the row
 * has already, and the first shape again. */
Test(list, rows_of_one_shape_and_then_another_are_presented_as_objects)
{
	present_init();
	json_error_t e;
	json_t *rows = json_loads(
		"[{\"id\":1,\"due_on\":\"2024-12-31\",\"status\":\"in_uitvoering\",\"health\":\"groen\","
		"\"starts_on\":\"2024-01-01\",\"ends_on\":\"2024-01-01\",\"amount_cents\":100,\"note_md\":\"*a* <b>\"},"
		"{\"id\":2,\"due_on\":null,\"status\":\"nonsense\",\"health\":\"rood\",\"starts_on\":\"2024-01-01\","
		"\"ends_on\":\"2024-01-02\",\"amount_cents\":null,\"note_md\":\"\"},"
		"{\"id\":3,\"due_on\":\"not a date\",\"status\":null,\"health\":\"paars\",\"starts_on\":null,"
		"\"ends_on\":\"2024-01-02\",\"amount_cents\":-5,\"note_md\":\"x\"},"
		"{\"a\":1,\"b_on\":\"2024-01-01\",\"c\":\"x\",\"status\":\"afgerond\",\"health\":\"groen\","
		"\"d_md\":\"z\",\"e_cents\":3,\"f_at\":\"2024-03-05T10:11:12Z\"},"
		"{\"due_on\":\"2024-12-31\",\"due_on_cents\":5,\"status\":\"afgerond\"},"
		"{\"due_on_cents\":5,\"due_on\":\"2024-12-31\"},"
		"{\"status\":\"afgerond\",\"status_label\":\"mine\",\"due_on\":\"2024-12-31\",\"due_on_text\":\"mine\"},"
		"{\"id\":4,\"due_on\":\"2023-02-28\",\"status\":\"afgerond\",\"health\":\"oranje\","
		"\"starts_on\":\"2024-01-01\",\"ends_on\":\"2024-01-01\",\"amount_cents\":7,\"note_md\":\"y\"}]",
		0, &e);
	cr_assert_not_null(rows, "test rows: %s", e.text);
	assert_rows_presented_as_objects(rows);
	json_decref(rows);
}

/* A text of a row as JSON: read sixteen bytes at a time, so every byte
 * that is escaped at every place of texts of every length up to 70, next
 * to UTF-8 and another escaped byte, as jansson writes it. */
Test(list, texts_are_escaped_as_jansson_escapes_them_at_every_place)
{
	const char escaped[] = {'"', '\\', '\n', '\t', '\b', '\f', '\r', 0x01, 0x1f, 0x7f};
	char s[80];
	static struct row r;
	for (size_t len = 1; len <= 70; len++) {
		for (size_t at = 0; at < len; at++) {
			for (size_t k = 0; k < sizeof(escaped); k++) {
				for (size_t i = 0; i < len; i++)
					s[i] = (char)('a' + i % 26);
				if (len > 3) { /* an é (two bytes) away from the escaped bytes */
					size_t e = (at + len / 2) % (len - 1);
					if (e + 1 != at && e != at && e + 1 < len) {
						s[e] = (char)0xc3;
						s[e + 1] = (char)0xa9;
					}
				}
				s[at] = escaped[k];
				size_t other = (at * 5 + 3) % len;
				if (s[other] != (char)0xc3 && s[other] != (char)0xa9)
					s[other] = escaped[(k + 3) % sizeof(escaped)];
				row_reset(&r);
				row_add_text(&r, "k", s, len);
				struct buf got = BUF_INIT;
				cr_assert_eq(view_row_json(&got, &r), 0);
				json_t *o = json_pack("{s:s%}", "k", s, len);
				cr_assert_not_null(o, "length %zu, place %zu", len, at);
				char *want = json_dumps(o, JSON_COMPACT);
				cr_assert_str_eq(buf_cstr(&got), want, "length %zu, place %zu, byte %zu", len, at, k);
				free(want);
				json_decref(o);
				buf_free(&got);
			}
		}
	}
}

/* A list given by the test: the rows of an array, one at a time. */
struct feed {
	json_t *rows;
	size_t next;
	int fail_at; /* give an error instead of this row (-1: never) */
	struct row row;
};

static int feed_next(void *ctx, struct row **row)
{
	struct feed *f = ctx;
	if ((int)f->next == f->fail_at)
		return -1;
	if (f->next >= json_array_size(f->rows))
		return 0;
	row_of(&f->row, json_array_get(f->rows, f->next++));
	*row = &f->row;
	return 1;
}

Test(list, a_resource_with_its_list_streamed_is_the_dumped_resource)
{
	present_init();
	json_t *rows = rows_loaded();
	static struct feed f;
	f = (struct feed){.rows = rows, .fail_at = -1};
	struct view_list list = {"items", feed_next, &f};
	/* What the page would have been as a tree, and as a stream. */
	json_t *tree = json_pack("{s:O, s:i, s:s, s:{s:s, s:n}, s:[]}", "items", rows, "count", 4, "count_text",
	                         "4 \"found\"", "filters", "status", "afgerond", "theme", "chosen");
	present_page(tree, "en");
	char *want = json_dumps(tree, JSON_COMPACT);
	json_t *data = json_pack("{s:o, s:i, s:s, s:{s:s, s:n}, s:[]}", "items", json_object(), "count", 4,
	                         "count_text", "4 \"found\"", "filters", "status", "afgerond", "theme", "chosen");
	present_page(data, "en");
	struct buf got = BUF_INIT;
	cr_assert_eq(view_list_json(data, &list, "en", &got), 0);
	cr_assert_str_eq(buf_cstr(&got), want);
	buf_free(&got);
	free(want);
	json_decref(data);
	json_decref(tree);

	/* A resource that is only its list. */
	f = (struct feed){.rows = rows, .fail_at = -1};
	data = json_pack("{s:o}", "items", json_object());
	cr_assert_eq(view_list_json(data, &list, "nl", &got), 0);
	json_t *back = json_loads(buf_cstr(&got), 0, NULL);
	cr_assert_not_null(back, "valid JSON: %s", buf_cstr(&got));
	cr_assert_eq(json_object_size(back), 1);
	cr_assert_eq(json_array_size(json_object_get(back, "items")), 4);
	json_decref(back);
	json_decref(data);
	buf_free(&got);

	/* A row that cannot be read fails the answer. */
	f = (struct feed){.rows = rows, .fail_at = 2};
	data = json_pack("{s:o, s:i}", "items", json_object(), "count", 4);
	cr_assert_eq(view_list_json(data, &list, "nl", &got), -1);
	json_decref(data);
	buf_free(&got);
	json_decref(rows);
}

Test(list, rows_keep_their_order)
{
	static struct row r;
	row_reset(&r);
	row_add_int(&r, "id", 5);
	row_add_text(&r, "code", "X", 1);
	row_add_bool(&r, "is_overdue", true);
	row_add_null(&r, "theme");
	cr_assert_eq(r.n, 4);
	cr_assert_str_eq(r.f[3].name, "theme");
	cr_assert_null(row_get(&r, "not_there"));
	cr_assert_eq(row_get(&r, "id")->i, 5);
	cr_assert_eq(row_get(&r, "is_overdue")->type, ROW_BOOL);
	/* Text that does not fit in the row's own is left out, never cut. */
	static char big[ROW_TEXT_BYTES + 1];
	memset(big, 'a', sizeof(big) - 1);
	cr_assert_null(row_text(&r, big, sizeof(big) - 1));
	cr_assert_str_eq(row_text(&r, "abc", 3), "abc");
	row_reset(&r);
	cr_assert_eq(r.n, 0);
	cr_assert_eq(r.used, 0);
}
