/*
 * Tests for view/mustache: every case of the official Mustache spec files
 * (one Criterion test per file, so a failure names the file), and focused tests
 * for what lia relies on: escaping, missing partials, the recursion limit,
 * compile errors that name the line, falsey values, the context stack, number
 * formatting, layouts built with template inheritance, and rendering one
 * compiled template from several threads at once.
 */
#include "view/mustache.h"

#include "core/buf.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ---- */

/* The spec directory: $MUSTACHE_SPEC_DIR, else tests/unit/mustache-spec in
 * $LIA_SOURCE_DIR. Returns a malloc'd path to file in it. */
static char *spec_path(const char *file)
{
	const char *dir = getenv("MUSTACHE_SPEC_DIR");
	struct buf b = BUF_INIT;
	if (dir && *dir) {
		buf_printf(&b, "%s/%s", dir, file);
	} else {
		const char *src = getenv("LIA_SOURCE_DIR");
		buf_printf(&b, "%s/tests/unit/mustache-spec/%s", src && *src ? src : ".", file);
	}
	return buf_release(&b);
}

/* A C-escaped copy of s for failure messages (newlines visible); malloc'd. */
static char *quote(const char *s)
{
	struct buf b = BUF_INIT;
	buf_putc(&b, '"');
	for (; *s; s++) {
		switch (*s) {
		case '\n': buf_puts(&b, "\\n"); break;
		case '\r': buf_puts(&b, "\\r"); break;
		case '\t': buf_puts(&b, "\\t"); break;
		case '"': buf_puts(&b, "\\\""); break;
		case '\\': buf_puts(&b, "\\\\"); break;
		default: buf_putc(&b, *s); break;
		}
	}
	buf_putc(&b, '"');
	return buf_release(&b);
}

/* Partials compiled on first use from a JSON object {name: source}, as a
 * test's "partials". Not thread-safe; free with pcache_free(). */
struct pcache {
	json_t *src; /* borrowed */
	struct {
		const char *name;
		struct mu_template *t;
	} items[32];
	size_t n;
	bool failed; /* a partial did not compile, or there were too many */
};

static const struct mu_template *pcache_get(void *ctx, const char *name)
{
	struct pcache *pc = ctx;
	for (size_t i = 0; i < pc->n; i++)
		if (strcmp(pc->items[i].name, name) == 0)
			return pc->items[i].t;
	json_t *s = json_object_get(pc->src, name);
	if (!json_is_string(s))
		return NULL;
	struct mu_template *t;
	char *err;
	if (mu_compile(json_string_value(s), json_string_length(s), &t, &err)) {
		cr_log_error("partial '%s': %s", name, err);
		free(err);
		pc->failed = true;
		return NULL;
	}
	if (pc->n == sizeof(pc->items) / sizeof(pc->items[0])) {
		mu_free(t);
		pc->failed = true;
		return NULL;
	}
	pc->items[pc->n].name = json_object_iter_key(json_object_iter_at(pc->src, name));
	pc->items[pc->n++].t = t;
	return t;
}

static void pcache_free(struct pcache *pc)
{
	for (size_t i = 0; i < pc->n; i++)
		mu_free(pc->items[i].t);
	pc->n = 0;
}

/* src compiled, asserting success; the caller frees it with mu_free. */
static struct mu_template *compiled(const char *src)
{
	struct mu_template *t;
	char *err = NULL;
	int rc = mu_compile(src, strlen(src), &t, &err);
	cr_assert_eq(rc, 0, "compile %s: %s", src, err ? err : "?");
	return t;
}

/* Renders the compiled t with the context stack (n frames) and opts (NULL
 * for the defaults) into a new buffer; expects success and the output want. */
static void expect_output(const struct mu_template *t, json_t *const *stack, size_t n, const struct mu_opts *opts,
                          const char *want)
{
	struct buf b = BUF_INIT;
	cr_assert_eq(mu_render(t, stack, n, opts, &b), 0);
	cr_expect_str_eq(buf_cstr(&b), want);
	buf_free(&b);
}

/* Compiles tpl (asserting success), renders it with data (JSON text) and the
 * partials (JSON object text or NULL). Returns mu_render's result; *out gets
 * the malloc'd output. */
static int render_full(const char *tpl, const char *data, const char *partials, bool escape,
                       char **out)
{
	struct mu_template *t = compiled(tpl);
	json_error_t je;
	json_t *d = json_loads(data, JSON_DECODE_ANY, &je);
	cr_assert_not_null(d, "bad test data %s: %s", data, je.text);
	json_t *p = partials ? json_loads(partials, 0, &je) : json_object();
	cr_assert_not_null(p, "bad test partials %s: %s", partials, je.text);

	struct pcache pc = {.src = p};
	struct mu_opts opts = {.html_escape = escape, .partial = pcache_get, .partial_ctx = &pc};
	struct buf b = BUF_INIT;
	int rc = mu_render(t, &d, 1, &opts, &b);
	cr_assert(!pc.failed, "a partial failed to compile");
	*out = buf_release(&b);
	pcache_free(&pc);
	json_decref(p);
	json_decref(d);
	mu_free(t);
	return rc;
}

/* Renders with HTML escaping and asserts the output. */
static void expect_render(const char *tpl, const char *data, const char *partials,
                          const char *expected)
{
	char *got;
	int rc = render_full(tpl, data, partials, true, &got);
	cr_expect_eq(rc, 0, "render %s failed", tpl);
	char *qt = quote(tpl), *qe = quote(expected), *qg = quote(got);
	cr_expect_str_eq(got, expected, "template %s\n  expected %s\n  got      %s", qt, qe, qg);
	free(qt);
	free(qe);
	free(qg);
	free(got);
}

/* One template rendered with HTML escaping: data and partials as JSON text
 * (partials may be NULL), and the output it must give. */
struct render_case {
	const char *tpl, *data, *partials, *want;
};

/* Compiles src, expecting a failure whose message is exactly message. */
static void expect_compile_error(const char *src, const char *message)
{
	struct mu_template *t = (struct mu_template *)1;
	char *err = NULL;
	int rc = mu_compile(src, strlen(src), &t, &err);
	char *qs = quote(src);
	cr_assert_eq(rc, -1, "compiling %s should fail", qs);
	cr_expect_null(t, "*out must be NULL after an error");
	cr_assert_not_null(err);
	cr_expect_str_eq(err, message, "compiling %s", qs);
	free(qs);
	free(err);
}

/* ---- the official spec ---- */

/* Runs every case in one spec file; min_cases is the number the file had when
 * this test was written, so a truncated or emptied file fails too. */
static void run_spec(const char *file, size_t min_cases)
{
	char *path = spec_path(file);
	json_error_t je;
	json_t *root = json_load_file(path, 0, &je);
	cr_assert_not_null(root, "%s: %s (line %d)", path, je.text, je.line);
	json_t *tests = json_object_get(root, "tests");
	cr_assert(json_is_array(tests), "%s: no \"tests\" array", path);

	size_t total = json_array_size(tests), ran = 0, passed = 0, i;
	json_t *tc;
	json_array_foreach(tests, i, tc) {
		const char *name = json_string_value(json_object_get(tc, "name"));
		json_t *tpl = json_object_get(tc, "template");
		json_t *exp = json_object_get(tc, "expected");
		json_t *data = json_object_get(tc, "data");
		cr_assert(name && json_is_string(tpl) && json_is_string(exp) && data,
		          "%s: malformed case %zu", file, i);
		ran++;

		struct mu_template *t;
		char *err = NULL;
		if (mu_compile(json_string_value(tpl), json_string_length(tpl), &t, &err)) {
			cr_expect_fail("%s: %s: compile error: %s", file, name, err);
			free(err);
			continue;
		}
		struct pcache pc = {.src = json_object_get(tc, "partials")};
		struct mu_opts opts = {.html_escape = true, .partial = pcache_get, .partial_ctx = &pc};
		struct buf out = BUF_INIT;
		int rc = mu_render(t, &data, 1, &opts, &out);
		const char *got = buf_cstr(&out), *want = json_string_value(exp);
		if (rc == 0 && !pc.failed && out.len == json_string_length(exp) &&
		    memcmp(got, want, out.len) == 0) {
			passed++;
		} else {
			char *qt = quote(json_string_value(tpl)), *qe = quote(want), *qg = quote(got);
			cr_expect_fail("%s: %s (rc %d)\n  template %s\n  expected %s\n  got      %s",
			               file, name, rc, qt, qe, qg);
			free(qt);
			free(qe);
			free(qg);
		}
		buf_free(&out);
		pcache_free(&pc);
		mu_free(t);
	}
	cr_log_info("%s: %zu/%zu passed", file, passed, total);
	fprintf(stderr, "mustache spec %s: %zu/%zu passed\n", file, passed, total);
	cr_expect_eq(ran, total, "%s: ran %zu of %zu cases", file, ran, total);
	cr_expect_geq(total, min_cases, "%s has %zu cases, expected at least %zu", file, total,
	              min_cases);
	json_decref(root);
	free(path);
}

static size_t number_hook(void *ctx, const char *name, long long n, char *out, size_t size)
{
	if (strcmp(name, "count") != 0)
		return 0;
	int w = snprintf(out, size, "%s%lld", (const char *)ctx, n);
	return w > 0 ? (size_t)w : 0;
}

/* The number hook sees the last part of a name and only integers; without
 * it (and when it declines) integers are plain digits, as the spec says. */
Test(lia, number_hook)
{
	struct mu_template *t = compiled("{{count}} {{a.count}} {{id}} {{{count}}} {{real}} {{text}}");
	json_t *d = json_pack("{s:I, s:{s:I}, s:I, s:f, s:s}", "count", (json_int_t)20000, "a", "count", (json_int_t)5,
	                      "id", (json_int_t)12345, "real", 1.5, "text", "7");
	struct mu_opts o = {.html_escape = true, .number = number_hook, .number_ctx = "#"};
	expect_output(t, &d, 1, &o, "#20000 #5 12345 #20000 1.5 7");
	struct mu_opts plain = {.html_escape = true};
	expect_output(t, &d, 1, &plain, "20000 5 12345 20000 1.5 7");
	json_decref(d);
	mu_free(t);
}

/* ---- a section fed row by row (mu_feed) ---- */

/* The test's feed: the objects of an array given one at a time as rows. */
struct feed_src {
	json_t *rows;
	size_t next;
	int fail_at; /* -1: never */
	struct row row;
};

static int feed_src_next(void *ctx, struct row **row)
{
	struct feed_src *f = ctx;
	if ((int)f->next == f->fail_at)
		return -1;
	if (f->next >= json_array_size(f->rows))
		return 0;
	json_t *o = json_array_get(f->rows, f->next++);
	row_reset(&f->row);
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v) {
		if (json_is_string(v))
			row_add_text(&f->row, k, json_string_value(v), json_string_length(v));
		else if (json_is_integer(v))
			row_add_int(&f->row, k, (long long)json_integer_value(v));
		else if (json_is_boolean(v))
			row_add_bool(&f->row, k, json_is_true(v));
		else if (json_is_real(v))
			row_add_real(&f->row, k, json_real_value(v));
		else
			row_add_null(&f->row, k);
	}
	*row = &f->row;
	return 1;
}

/* The same feed, with a shape for each row: [shape, nshape, row]. */
static int shaped_next(void *ctx, struct row **row)
{
	struct feed_src *f = ctx;
	if (f->next >= json_array_size(f->rows))
		return 0;
	json_t *entry = json_array_get(f->rows, f->next);
	struct feed_src one = {.rows = json_pack("[O]", json_array_get(entry, 2)), .fail_at = -1};
	feed_src_next(&one, row);
	f->row = one.row;
	json_decref(one.rows);
	f->row.shape = (unsigned long long)json_integer_value(json_array_get(entry, 0));
	f->row.nshape = (unsigned)json_integer_value(json_array_get(entry, 1));
	f->next++;
	*row = &f->row;
	return 1;
}

/* A field's place among the fields of a row's shape holds for the other
 * rows of that shape, not for rows of another shape; a name not among
 * them is still looked for in the fields after them, which change from
 * row to row. */
Test(feed, rows_of_a_shape)
{
	json_error_t je;
	json_t *rows = json_loads("[[7,3,{\"id\":1,\"name\":\"a\",\"state\":\"x\",\"label\":\"X\"}],"
	                          "[7,3,{\"id\":2,\"name\":\"b\",\"state\":\"y\"}],"
	                          "[7,3,{\"id\":3,\"name\":\"c\",\"state\":\"z\",\"extra\":\"E\",\"label\":\"Z\"}],"
	                          "[9,3,{\"name\":\"d\",\"state\":\"w\",\"id\":4,\"label\":\"W\"}],"
	                          "[9,3,{\"name\":\"e\",\"state\":\"v\",\"id\":5,\"title\":\"own\"}]]",
	                          0, &je);
	cr_assert_not_null(rows, "%s", je.text);
	struct mu_template *t = compiled("{{#items}}<{{id}}|{{name}}|{{state}}|{{label}}|{{extra}}|{{title}}>{{/items}}");
	static struct feed_src src;
	src = (struct feed_src){.rows = rows, .fail_at = -1};
	json_t *at = json_object();
	json_t *fed = json_pack("{s:s, s:O}", "title", "T", "items", at);
	struct mu_feed feed = {at, shaped_next, &src};
	struct mu_opts o = {.html_escape = true, .feed = &feed};
	struct buf got = BUF_INIT;
	cr_assert_eq(mu_render(t, &fed, 1, &o, &got), 0);
	cr_assert_str_eq(buf_cstr(&got), "<1|a|x|X||T><2|b|y|||T><3|c|z|Z|E|T><4|d|w|W||T><5|e|v|||own>");
	buf_free(&got);
	json_decref(fed);
	json_decref(at);
	json_decref(rows);
	mu_free(t);
}

/* A template over {{#items}} renders the same whether items is the array
 * or a feed of its rows: variables, escaping, numbers through the hook,
 * booleans, null and empty texts as sections and inverted sections, names
 * that are not in the row (found outwards), dotted names, a partial, and
 * rows with their fields in another order or without them. */
Test(feed, rows_render_as_the_array_would)
{
	const char *tpl = "{{title}}:{{#items}}<{{id}}|{{name}}|{{{name}}}|{{count}}|{{ratio}}|{{#flag}}F{{.}}{{/flag}}"
	                  "{{^flag}}f{{/flag}}{{#gone}}G{{/gone}}{{^gone}}g{{/gone}}{{#empty}}E{{/empty}}{{^empty}}e{{/empty}}"
	                  "{{#name}}[{{.}}]{{/name}}|{{title}}|{{site.name}}|{{name.x}}|{{>p}}>\n{{/items}}{{^items}}none{{/items}}";
	json_error_t je;
	json_t *rows = json_loads("[{\"id\":1,\"name\":\"<a&b>\",\"count\":20000,\"ratio\":0.25,\"flag\":true,"
	                          "\"gone\":null,\"empty\":\"\"},{\"id\":2,\"name\":\"x\",\"count\":-3,\"ratio\":2.0,"
	                          "\"flag\":false,\"gone\":\"here\",\"empty\":\"no\",\"title\":\"own\"},"
	                          "{\"empty\":\"z\",\"gone\":null,\"title\":\"third\",\"flag\":true,\"ratio\":1.5,"
	                          "\"count\":7,\"name\":\"n3\",\"id\":3},{\"id\":4}]", 0, &je);
	cr_assert_not_null(rows, "%s", je.text);
	json_t *partials = json_pack("{s:s}", "p", "({{id}}{{site.name}})");
	struct pcache pc = {.src = partials};
	struct mu_template *t = compiled(tpl);
	struct mu_opts o = {.html_escape = true, .partial = pcache_get, .partial_ctx = &pc, .number = number_hook,
	                    .number_ctx = "#"};

	json_t *tree = json_pack("{s:s, s:{s:s}, s:O}", "title", "T", "site", "name", "S", "items", rows);
	struct buf want = BUF_INIT;
	cr_assert_eq(mu_render(t, &tree, 1, &o, &want), 0);

	static struct feed_src src;
	src = (struct feed_src){.rows = rows, .fail_at = -1};
	json_t *at = json_object();
	json_t *fed = json_pack("{s:s, s:{s:s}, s:O}", "title", "T", "site", "name", "S", "items", at);
	struct mu_feed feed = {at, feed_src_next, &src};
	o.feed = &feed;
	struct buf got = BUF_INIT;
	cr_assert_eq(mu_render(t, &fed, 1, &o, &got), 0);
	cr_assert_str_eq(buf_cstr(&got), buf_cstr(&want));
	cr_assert(strstr(buf_cstr(&got), "<1|&lt;a&amp;b&gt;|<a&b>|#20000|0.25|Ftruege[&lt;a&amp;b&gt;]|T|S||(1S)>"),
	          "%s", buf_cstr(&got));
	cr_assert(strstr(buf_cstr(&got), "|own|"), "a row's own name comes first: %s", buf_cstr(&got));
	cr_assert(strstr(buf_cstr(&got), "<3|n3|n3|#7|1.5|FtruegE[n3]|third|S||(3S)>"),
	          "a row with its fields in another order: %s", buf_cstr(&got));
	cr_assert(strstr(buf_cstr(&got), "<4|||||fge|T|S||(4S)>"), "a row without most names: %s", buf_cstr(&got));
	cr_assert_eq(src.next, 4, "every row read once");

	/* A failing row stops the render; a second section on the feed too. */
	src = (struct feed_src){.rows = rows, .fail_at = 1};
	buf_reset(&got);
	cr_assert_eq(mu_render(t, &fed, 1, &o, &got), -1);
	struct mu_template *twice = compiled("{{#items}}{{id}}{{/items}}{{#items}}{{id}}{{/items}}");
	src = (struct feed_src){.rows = rows, .fail_at = -1};
	buf_reset(&got);
	cr_assert_eq(mu_render(twice, &fed, 1, &o, &got), -1);
	mu_free(twice);

	/* Other values of the same name are not the feed. */
	json_t *other = json_pack("{s:s, s:{s:s}, s:O}", "title", "T", "site", "name", "S", "items", rows);
	buf_reset(&got);
	cr_assert_eq(mu_render(t, &other, 1, &o, &got), 0);
	cr_assert_str_eq(buf_cstr(&got), buf_cstr(&want));

	buf_free(&got);
	buf_free(&want);
	json_decref(other);
	json_decref(fed);
	json_decref(at);
	json_decref(tree);
	json_decref(rows);
	pcache_free(&pc);
	json_decref(partials);
	mu_free(t);
}

Test(spec, comments) { run_spec("comments.json", 12); }
Test(spec, delimiters) { run_spec("delimiters.json", 14); }
Test(spec, interpolation) { run_spec("interpolation.json", 42); }
Test(spec, inverted) { run_spec("inverted.json", 22); }
Test(spec, partials) { run_spec("partials.json", 12); }
Test(spec, sections) { run_spec("sections.json", 34); }
Test(spec, inheritance) { run_spec("inheritance.optional.json", 27); }

/* ---- focused tests ---- */

Test(mustache, escapes_variables_but_not_raw)
{
	const char *data = "{\"x\": \"<script>alert(\\\"1\\\") & 'q'</script>\"}";
	expect_render("{{x}}", data, NULL,
	              "&lt;script&gt;alert(&quot;1&quot;) &amp; &#39;q&#39;&lt;/script&gt;");
	expect_render("{{{x}}}", data, NULL, "<script>alert(\"1\") & 'q'</script>");
	expect_render("{{&x}}", data, NULL, "<script>alert(\"1\") & 'q'</script>");
	expect_render("<a title=\"{{x}}\">", "{\"x\": \"\\\" onmouseover=\\\"x\"}", NULL,
	              "<a title=\"&quot; onmouseover=&quot;x\">");
	/* Escaping applies through dotted names, sections and partials too. */
	expect_render("{{a.b}}|{{#a}}{{b}}{{/a}}|{{>p}}", "{\"a\": {\"b\": \"<b>\"}}",
	              "{\"p\": \"{{a.b}}\"}", "&lt;b&gt;|&lt;b&gt;|&lt;b&gt;");
}

Test(mustache, no_escaping_when_disabled)
{
	char *got;
	cr_assert_eq(render_full("{{x}}", "{\"x\": \"<i>\"}", NULL, false, &got), 0);
	cr_expect_str_eq(got, "<i>");
	free(got);
}

Test(mustache, null_opts_escape)
{
	struct mu_template *t = compiled("{{x}}{{>p}}");
	json_t *d = json_pack("{s:s}", "x", "<");
	expect_output(t, &d, 1, NULL, "&lt;"); /* without opts, output is escaped */
	json_decref(d);
	mu_free(t);
}

Test(mustache, missing_partial_renders_empty)
{
	expect_render("[{{>nope}}]\n  {{>nope}}\n[{{<nope}}{{$a}}x{{/a}}{{/nope}}]", "{}", NULL,
	              "[]\n[]");

	/* No partial callback at all. */
	struct mu_template *t = compiled("a{{>p}}b");
	json_t *d = json_object();
	expect_output(t, &d, 1, &(struct mu_opts){.html_escape = true}, "ab");
	json_decref(d);
	mu_free(t);
}

Test(mustache, recursion_limit)
{
	char *got;
	cr_expect_eq(render_full("{{>loop}}", "{}", "{\"loop\": \"x{{>loop}}\"}", true, &got), -1,
	             "a partial that includes itself must fail");
	free(got);
	cr_expect_eq(render_full("{{<p}}{{/p}}", "{}", "{\"p\": \"{{<p}}{{/p}}\"}", true, &got), -1,
	             "a parent that extends itself must fail");
	free(got);
	cr_expect_eq(render_full("{{<p}}{{$a}}[{{$a}}{{/a}}]{{/a}}{{/p}}", "{}",
	                         "{\"p\": \"{{$a}}{{/a}}\"}", true, &got),
	             -1, "a block argument that expands itself must fail");
	free(got);
}

/* A chain of n nested objects {"name": "k", "kids": [...]}, as JSON text. */
static char *tree(int n)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < n; i++)
		buf_printf(&b, "{\"name\": \"%d\", \"kids\": [", i);
	for (int i = 0; i < n; i++)
		buf_puts(&b, "]}");
	return buf_release(&b);
}

Test(mustache, deep_data_recursion_within_limit)
{
	const char *partials = "{\"node\": \"{{name}}{{#kids}}({{>node}}){{/kids}}\"}";
	char *data = tree(60), *got;
	cr_assert_eq(render_full("{{>node}}", data, partials, true, &got), 0);
	cr_expect(strncmp(got, "0(1(2(3(", 8) == 0, "got %s", got);
	cr_expect(strstr(got, "(59)") != NULL, "got %s", got);
	free(got);
	free(data);

	data = tree(100);
	cr_expect_eq(render_full("{{>node}}", data, partials, true, &got), -1,
	             "100 nested partials exceed the limit");
	free(got);
	free(data);
}

Test(mustache, compile_errors_name_the_line)
{
	expect_compile_error("a\nb\n{{#items}}\nx\n", "line 3: section 'items' is not closed");
	expect_compile_error("{{#a}}\n\n{{/b}}",
	                     "line 3: closing tag 'b' does not match section 'a' opened on line 1");
	expect_compile_error("ok\n{{/a}}", "line 2: closing tag 'a' has no open section");
	expect_compile_error("ok\n\n\nsee {{name", "line 4: tag is not closed");
	expect_compile_error("{{{name}}", "line 1: tag is not closed");
	expect_compile_error("x\n{{=a=}}", "line 2: bad set-delimiter tag");
	expect_compile_error("{{=<% %> x=}}", "line 1: bad set-delimiter tag");
	expect_compile_error("{{}}", "line 1: empty tag");
	expect_compile_error("{{a..b}}", "line 1: bad name 'a..b'");
	expect_compile_error("{{#a}}{{^b}}{{/b}}", "line 1: section 'a' is not closed");
	expect_compile_error("{{<p}}\n{{$a}}\n{{/p}}",
	                     "line 3: closing tag 'p' does not match block 'a' opened on line 2");
	/* Lines count after delimiter changes and multi-line comments. */
	expect_compile_error("{{!\n\n}}{{=<% %>=}}\n<%#x%>", "line 4: section 'x' is not closed");
}

Test(mustache, falsey_values)
{
	const char *tpl = "{{#v}}T{{/v}}{{^v}}F{{/v}}";
	expect_render(tpl, "{\"v\": \"\"}", NULL, "F");
	expect_render(tpl, "{\"v\": null}", NULL, "F");
	expect_render(tpl, "{\"v\": false}", NULL, "F");
	expect_render(tpl, "{\"v\": []}", NULL, "F");
	expect_render(tpl, "{}", NULL, "F");
	expect_render(tpl, "{\"v\": 0}", NULL, "T");
	expect_render(tpl, "{\"v\": 0.0}", NULL, "T");
	expect_render(tpl, "{\"v\": \"0\"}", NULL, "T");
	expect_render(tpl, "{\"v\": \" \"}", NULL, "T");
	expect_render(tpl, "{\"v\": {}}", NULL, "T");
	expect_render(tpl, "{\"v\": [0]}", NULL, "T");
}

Test(mustache, context_stack_frames)
{
	const char *src = "{{site}} {{title}} {{#page}}{{title}} {{site}}{{/page}}";
	struct mu_template *t = compiled(src);
	json_t *stack[2] = {
		json_pack("{s:s, s:s}", "site", "lia", "title", "outer"),
		json_pack("{s:s, s:{s:s}}", "title", "inner", "page", "title", "page"),
	};
	struct mu_opts opts = {.html_escape = true};
	expect_output(t, stack, 2, &opts, "lia inner page lia");

	/* {{.}} with no section is the innermost caller frame. */
	mu_free(t);
	t = compiled("{{#.}}{{title}}{{/.}}");
	struct buf b = BUF_INIT;
	cr_assert_eq(mu_render(t, stack, 2, &opts, &b), 0);
	cr_expect_str_eq(buf_cstr(&b), "inner");

	/* Appends: the buffer is not reset by mu_render. */
	cr_assert_eq(mu_render(t, stack, 1, &opts, &b), 0);
	cr_expect_str_eq(buf_cstr(&b), "innerouter");
	buf_free(&b);
	json_decref(stack[0]);
	json_decref(stack[1]);
	mu_free(t);
}

Test(mustache, numbers)
{
	expect_render("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}}",
	              "{\"a\": 0.1, \"b\": -3, \"c\": 1e21, \"d\": 0.30000000000000004, "
	              "\"e\": 100.0, \"f\": 9007199254740993, \"g\": -2.5e-7}",
	              NULL, "0.1 -3 1e+21 0.30000000000000004 100 9007199254740993 -2.5e-07");
	expect_render("{{t}} {{f}}", "{\"t\": true, \"f\": false}", NULL, "true false");
	/* Objects and arrays interpolate as nothing. */
	expect_render("[{{o}}{{a}}]", "{\"o\": {\"x\": 1}, \"a\": [1]}", NULL, "[]");
}

Test(mustache, delimiters_do_not_leak_into_partials)
{
	expect_render("{{=<% %>=}}<%>p%> <%x%>", "{\"x\": 1}", "{\"p\": \"{{x}}<%x%>\"}",
	              "1<%x%> 1");
}

Test(mustache, standalone_partial_indentation_nests)
{
	expect_render("<ul>\n  {{>items}}\n</ul>\n", "{\"items\": [1, 2]}",
	              "{\"items\": \"{{#items}}\\n  {{>item}}\\n{{/items}}\\n\","
	              " \"item\": \"<li>\\n  {{.}}\\n</li>\\n\"}",
	              "<ul>\n    <li>\n      1\n    </li>\n    <li>\n      2\n    </li>\n</ul>\n");
	/* A standalone partial indents all its lines, even where the partial that
	 * holds it was included inline. */
	expect_render("x {{>a}}", "{}", "{\"a\": \"  {{>b}}\\ny\", \"b\": \"b1\\nb2\\n\"}",
	              "x   b1\n  b2\ny");
}

Test(mustache, layout_inheritance)
{
	const char *partials =
		"{\"layout\": \"<html>\\n<head>\\n  <title>{{$title}}lia{{/title}}</title>\\n</head>\\n"
		"<body>\\n  <main>\\n    {{$content}}{{/content}}\\n  </main>\\n"
		"  {{$footer}}\\n  <footer>{{site}}</footer>\\n  {{/footer}}\\n</body>\\n</html>\\n\"}";
	const char *page = "{{<layout}}\n"
	                   "{{$title}}{{title}} - lia{{/title}}\n"
	                   "{{$content}}\n"
	                   "<h1>{{title}}</h1>\n"
	                   "{{#items}}\n"
	                   "<p>{{.}}</p>\n"
	                   "{{/items}}\n"
	                   "{{/content}}\n"
	                   "{{/layout}}\n";
	expect_render(page, "{\"title\": \"A&B\", \"site\": \"lia\", \"items\": [\"x\", \"y\"]}",
	              partials,
	              "<html>\n<head>\n  <title>A&amp;B - lia</title>\n</head>\n<body>\n"
	              "  <main>\n    <h1>A&amp;B</h1>\n    <p>x</p>\n    <p>y</p>\n  </main>\n"
	              "  <footer>lia</footer>\n</body>\n</html>\n");
}

Test(mustache, blocks_without_parent_render_as_written)
{
	/* Block bodies are dedented at compile time and re-indented when rendered;
	 * without an override the result must be the source text. */
	expect_render("<div>\n  {{$b}}\n    <p>a</p>\n\n  <p>{{x}}</p>\n     \n  {{/b}}\n</div>\n",
	              "{\"x\": \"1\"}", NULL, "<div>\n    <p>a</p>\n\n  <p>1</p>\n     \n</div>\n");
	expect_render("{{$b}}\n\t{{x}}\n\t\t{{#s}}y{{/s}}\n{{/b}}\n", "{\"x\": 1, \"s\": true}", NULL,
	              "\t1\n\t\ty\n");
}

Test(mustache, empty_slot_leaves_no_blank_line)
{
	const char *partials = "{\"base\": \"<main>\\n  {{$body}}{{/body}}\\n</main>\\n\"}";
	expect_render("{{<base}}{{/base}}", "{}", partials, "<main>\n</main>\n");
	expect_render("{{<base}}{{$body}}x{{/body}}{{/base}}", "{}", partials,
	              "<main>\n  x\n</main>\n");
	expect_render("{{<base}}\n{{$body}}\n<p>1</p>\n<p>2</p>\n{{/body}}\n{{/base}}", "{}", partials,
	              "<main>\n  <p>1</p>\n  <p>2</p>\n</main>\n");
	expect_render("{{<base}}{{$body}}{{v}}{{/body}}{{/base}}", "{\"v\": \"a\\nb\"}", partials,
	              "<main>\n  a\nb\n</main>\n");
}

/* Templates and their output, two groups: sections push their value on the
 * context stack (names not found there come from outer frames), and the
 * edges of tags (changed delimiters, empty sections, CRLF lines, spaces and
 * comments in tags, nested sections). */
static const struct render_case rendered[] = {
	{"{{#user}}{{name}} ({{site}}){{/user}}", "{\"site\": \"lia\", \"user\": {\"name\": \"An\"}}", NULL,
	 "An (lia)"},
	{"{{#n}}[{{.}}]{{/n}}", "{\"n\": 0}", NULL, "[0]"},
	{"{{#list}}{{name}},{{/list}}", "{\"list\": [{\"name\": \"a\"}, {}], \"name\": \"o\"}", NULL, "a,o,"},

	{"{{=<% %>=}}<%{x}%> <%&x%> <%x%>", "{\"x\": \"<\"}", NULL, "< < &lt;"},
	{"{{#a}}{{/a}}\n", "{\"a\": true}", NULL, "\n"},
	{"a\r\n  {{#s}}\r\n  b\r\n  {{/s}}\r\nc", "{\"s\": [1, 2]}", NULL, "a\r\n  b\r\n  b\r\nc"},
	{"{{ a.b }}{{! x }}{{#a}} {{/a}}", "{\"a\": {\"b\": 7}}", NULL, "7 "},
	{"{{#a}}{{#b}}{{c}}{{/b}}{{/a}}", "{\"a\": {\"b\": [{\"c\": 1}, {\"c\": 2}]}, \"c\": 0}", NULL, "12"},
};

Test(mustache, sections_push_context_and_tag_edge_cases)
{
	for (size_t i = 0; i < sizeof(rendered) / sizeof(rendered[0]); i++)
		expect_render(rendered[i].tpl, rendered[i].data, rendered[i].partials, rendered[i].want);
}

Test(mustache, template_is_reusable)
{
	const char *src = "{{#a}}{{b}}{{/a}}";
	struct mu_template *t = compiled(src);
	struct mu_opts opts = {.html_escape = true};
	for (int i = 0; i < 3; i++) {
		json_t *d = json_pack("{s:{s:i}}", "a", "b", i);
		char want[8];
		snprintf(want, sizeof(want), "%d", i);
		expect_output(t, &d, 1, &opts, want);
		json_decref(d);
	}
	mu_free(t);
}

Test(mustache, source_need_not_be_terminated)
{
	struct mu_template *t;
	const char src[] = {'{', '{', 'x', '}', '}', '!', '{', '{'};
	cr_assert_eq(mu_compile(src, 6, &t, NULL), 0, "only the first 6 bytes count");
	json_t *d = json_pack("{s:s}", "x", "hi");
	expect_output(t, &d, 1, NULL, "hi!");
	json_decref(d);
	mu_free(t);
	cr_assert_eq(mu_compile(NULL, 0, &t, NULL), 0, "an empty template is valid");
	expect_output(t, NULL, 0, NULL, "");
	mu_free(t);
}

/* ---- threads ---- */

struct shared {
	struct mu_template *page;
	struct mu_template *row;
	struct mu_template *layout;
	json_t *data;
	const char *expected;
	pthread_barrier_t start;
};

struct worker {
	struct shared *sh;
	int mismatches;
	int errors;
};

/* Read-only lookup: safe from any thread. */
static const struct mu_template *shared_partial(void *ctx, const char *name)
{
	const struct shared *sh = ctx;
	if (strcmp(name, "row") == 0)
		return sh->row;
	if (strcmp(name, "layout") == 0)
		return sh->layout;
	return NULL;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct shared *sh = w->sh;
	struct mu_opts opts = {.html_escape = true, .partial = shared_partial, .partial_ctx = sh};
	pthread_barrier_wait(&sh->start);
	for (int i = 0; i < 300; i++) {
		struct buf b = BUF_INIT;
		if (mu_render(sh->page, &sh->data, 1, &opts, &b) != 0)
			w->errors++;
		else if (strcmp(buf_cstr(&b), sh->expected) != 0)
			w->mismatches++;
		buf_free(&b);
	}
	return NULL;
}

static struct mu_template *compile_or_die(const char *src)
{
	struct mu_template *t;
	char *err = NULL;
	cr_assert_eq(mu_compile(src, strlen(src), &t, &err), 0, "%s", err ? err : "");
	return t;
}

Test(mustache, threads_share_a_template)
{
	struct shared sh;
	sh.page = compile_or_die("{{<layout}}{{$body}}\n<table>\n{{#rows}}\n  {{>row}}\n{{/rows}}\n"
	                         "</table>\n{{/body}}{{/layout}}");
	sh.row = compile_or_die("<tr><td>{{id}}</td><td>{{name}}</td>{{#tags}}<i>{{.}}</i>{{/tags}}"
	                        "{{^tags}}-{{/tags}}</tr>\n");
	sh.layout = compile_or_die("<body>\n  {{$body}}{{/body}}\n</body>\n");
	json_t *rows = json_array();
	for (int i = 0; i < 200; i++)
		json_array_append_new(rows, json_pack("{s:i, s:s, s:[s,f]}", "id", i, "name", "<n&m>",
		                                      "tags", i % 2 ? "odd" : "even", i / 4.0));
	json_array_append_new(rows, json_pack("{s:i, s:s, s:[]}", "id", -1, "name", "", "tags"));
	sh.data = json_pack("{s:o}", "rows", rows);

	struct mu_opts opts = {.html_escape = true, .partial = shared_partial, .partial_ctx = &sh};
	struct buf ref = BUF_INIT;
	cr_assert_eq(mu_render(sh.page, &sh.data, 1, &opts, &ref), 0);
	cr_assert(strstr(buf_cstr(&ref), "    <tr><td>1</td><td>&lt;n&amp;m&gt;</td><i>odd</i><i>0.25</i></tr>\n"),
	          "reference output: %s", buf_cstr(&ref));
	cr_assert(strstr(buf_cstr(&ref), "<tr><td>-1</td><td></td>-</tr>"));
	sh.expected = buf_cstr(&ref);

	enum { NTHREADS = 4 };
	pthread_t th[NTHREADS];
	struct worker w[NTHREADS];
	pthread_barrier_init(&sh.start, NULL, NTHREADS);
	for (int i = 0; i < NTHREADS; i++) {
		w[i] = (struct worker){.sh = &sh};
		cr_assert_eq(pthread_create(&th[i], NULL, worker_main, &w[i]), 0);
	}
	for (int i = 0; i < NTHREADS; i++) {
		pthread_join(th[i], NULL);
		cr_expect_eq(w[i].errors, 0, "thread %d: render failed", i);
		cr_expect_eq(w[i].mismatches, 0, "thread %d: output differed", i);
	}
	pthread_barrier_destroy(&sh.start);
	buf_free(&ref);
	json_decref(sh.data);
	mu_free(sh.page);
	mu_free(sh.row);
	mu_free(sh.layout);
}
