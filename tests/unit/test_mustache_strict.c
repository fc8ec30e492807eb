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

/* Renders src with data (strictly or not) and expects success, no error
 * text and, unless want is NULL, the output want. */
static void expect_renders(const char *src, const char *data, bool strict, const char *want)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	cr_assert_eq(render_strict(src, data, strict, &out, &err), 0, "%s: %s", src, buf_cstr(&err));
	cr_expect_eq(err.len, 0, "%s: %s", src, buf_cstr(&err));
	if (want)
		cr_expect_str_eq(buf_cstr(&out), want, "%s", src);
	buf_free(&out);
	buf_free(&err);
}

/* Renders src with data strictly and expects it to stop with an error text
 * that holds msg. */
static void expect_stops(const char *src, const char *data, const char *msg)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	cr_assert_eq(render_strict(src, data, true, &out, &err), -1, "%s", src);
	cr_expect_not_null(strstr(buf_cstr(&err), msg), "%s: %s", src, buf_cstr(&err));
	buf_free(&out);
	buf_free(&err);
}

Test(strict, unknown_variable_fails_with_template_line_and_name)
{
	expect_stops("a\nb {{naam}}\n", "{\"name\": \"x\"}", "template page, line 2: 'naam' is not in the data");
}

Test(strict, unknown_section_and_inverted_section_fail)
{
	expect_stops("{{#items}}x{{/items}}", "{}", "'items'");
	expect_stops("{{^itemz}}none{{/itemz}}", "{\"items\": []}", "line 1: 'itemz'");
}

Test(strict, declared_absent_names_and_present_values_render)
{
	expect_renders("{{name}}|{{maybe}}|{{#later}}L{{/later}}|{{^later}}none{{/later}}|{{empty}}|{{nothing}}",
	               "{\"name\": \"x\", \"empty\": \"\", \"nothing\": null}", true, "x|||none||");
}

Test(strict, names_found_in_outer_frames_and_sections)
{
	expect_renders("{{#items}}{{id}}{{title}},{{/items}}", "{\"title\": \"T\", \"items\": [{\"id\": 1}, {\"id\": 2}]}",
	               true, "1T,2T,");
}

Test(strict, dotted_names_check_each_part)
{
	expect_renders("{{t.save}}", "{\"t\": {\"save\": \"Opslaan\"}}", true, "Opslaan");
	/* a typo in the second part */
	expect_stops("{{t.sav}}", "{\"t\": {\"save\": \"Opslaan\"}}", "'t.sav' is not in the data ('sav' is missing)");
	/* a null value has nothing to look in: not a fault */
	expect_renders("{{user.name}}", "{\"user\": null}", true, NULL);
	/* an absent first part that may be absent */
	expect_renders("{{maybe.name}}", "{}", true, NULL);
}

Test(strict, off_by_default_missing_names_are_empty)
{
	expect_renders("[{{naam}}{{#x}}y{{/x}}{{a.b}}]", "{}", false, "[]");
}
