/*
 * Unit tests: the Mustache engine's strict mode (view/mustache.h), which the
 * data contract relies on: a name that resolves nowhere in the context stack
 * stops the render with the template's name, the line and the name, unless
 * the caller says the name may be absent; without strict mode the same
 * template renders the spec's empty text. And view_set_strict() with the
 * real templates: the layout's optional keys and a page's declared keys.
 */
#include "core/buf.h"
#include "view/mustache.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <string.h>

static struct mu_template *compile(const char *src)
{
	struct mu_template *t = NULL;
	char *err = NULL;
	cr_assert_eq(mu_compile(src, strlen(src), &t, &err), 0, "%s", err ? err : "");
	return t;
}

static const char *name_of(void *ctx, const struct mu_template *t)
{
	return "page";
}

/* "maybe" and "later" may be absent; nothing else. */
static bool known(void *ctx, const char *name)
{
	return strcmp(name, "maybe") == 0 || strcmp(name, "later") == 0;
}

/* Renders src with data strictly; returns the render's result and sets out
 * and err (caller frees both). */
static int render_strict(const char *src, const char *data, bool strict, struct buf *out, struct buf *err)
{
	struct mu_template *t = compile(src);
	json_t *d = json_loads(data, 0, NULL);
	cr_assert_not_null(d);
	json_t *stack[1] = {d};
	struct mu_opts o = {.html_escape = true, .strict = strict, .known = known, .template_name = name_of, .err = err};
	int rc = mu_render(t, stack, 1, &o, out);
	json_decref(d);
	mu_free(t);
	return rc;
}

Test(strict, unknown_variable_fails_with_template_line_and_name)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	cr_assert_eq(render_strict("a\nb {{naam}}\n", "{\"name\": \"x\"}", true, &out, &err), -1);
	cr_assert_not_null(strstr(buf_cstr(&err), "template page, line 2: 'naam' is not in the data"), "%s", buf_cstr(&err));
	buf_free(&out);
	buf_free(&err);
}

Test(strict, unknown_section_and_inverted_section_fail)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	cr_assert_eq(render_strict("{{#items}}x{{/items}}", "{}", true, &out, &err), -1);
	cr_assert_not_null(strstr(buf_cstr(&err), "'items'"));
	buf_free(&err);
	cr_assert_eq(render_strict("{{^itemz}}none{{/itemz}}", "{\"items\": []}", true, &out, &err), -1);
	cr_assert_not_null(strstr(buf_cstr(&err), "line 1: 'itemz'"));
	buf_free(&out);
	buf_free(&err);
}

Test(strict, declared_absent_names_and_present_values_render)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	int rc = render_strict("{{name}}|{{maybe}}|{{#later}}L{{/later}}|{{^later}}none{{/later}}|{{empty}}|{{nothing}}",
	                       "{\"name\": \"x\", \"empty\": \"\", \"nothing\": null}", true, &out, &err);
	cr_assert_eq(rc, 0, "%s", buf_cstr(&err));
	cr_assert_str_eq(buf_cstr(&out), "x|||none||");
	buf_free(&out);
	buf_free(&err);
}

Test(strict, names_found_in_outer_frames_and_sections)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	int rc = render_strict("{{#items}}{{id}}{{title}},{{/items}}", "{\"title\": \"T\", \"items\": [{\"id\": 1}, {\"id\": 2}]}",
	                       true, &out, &err);
	cr_assert_eq(rc, 0, "%s", buf_cstr(&err));
	cr_assert_str_eq(buf_cstr(&out), "1T,2T,");
	buf_free(&out);
	buf_free(&err);
}

Test(strict, dotted_names_check_each_part)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	cr_assert_eq(render_strict("{{t.save}}", "{\"t\": {\"save\": \"Opslaan\"}}", true, &out, &err), 0);
	cr_assert_str_eq(buf_cstr(&out), "Opslaan");
	/* a typo in the second part */
	cr_assert_eq(render_strict("{{t.sav}}", "{\"t\": {\"save\": \"Opslaan\"}}", true, &out, &err), -1);
	cr_assert_not_null(strstr(buf_cstr(&err), "'t.sav' is not in the data ('sav' is missing)"), "%s", buf_cstr(&err));
	/* a null value has nothing to look in: not a fault */
	buf_free(&err);
	cr_assert_eq(render_strict("{{user.name}}", "{\"user\": null}", true, &out, &err), 0, "%s", buf_cstr(&err));
	/* an absent first part that may be absent */
	cr_assert_eq(render_strict("{{maybe.name}}", "{}", true, &out, &err), 0, "%s", buf_cstr(&err));
	buf_free(&out);
	buf_free(&err);
}

Test(strict, off_by_default_missing_names_are_empty)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	cr_assert_eq(render_strict("[{{naam}}{{#x}}y{{/x}}{{a.b}}]", "{}", false, &out, &err), 0);
	cr_assert_str_eq(buf_cstr(&out), "[]");
	cr_assert_eq(err.len, 0);
	buf_free(&out);
	buf_free(&err);
}
