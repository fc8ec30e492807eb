/*
 * fuzz_mustache: compile arbitrary bytes as a template and, when that works,
 * render it against a small fixed context (with partials resolving to the
 * template itself, to exercise the recursion limit).
 */
#include "view/mustache.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct mu_template *self_partial(void *ctx, const char *name)
{
	return name[0] == 's' ? ctx : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mu_template *t = NULL;
	char *err = NULL;
	if (mu_compile((const char *)data, size, &t, &err) != 0) {
		free(err);
		return 0;
	}
	json_t *ctx = json_pack("{s:s, s:i, s:b, s:[{s:s}, {s:s}], s:{s:{s:s}}}", "name", "<b>&\"'", "n", 3,
	                        "yes", 1, "list", "x", "a", "x", "b", "deep", "er", "est", "v");
	json_t *stack[1] = {ctx};
	struct mu_opts o = {.html_escape = true, .partial = self_partial, .partial_ctx = t};
	struct buf out = BUF_INIT;
	mu_render(t, stack, 1, &o, &out);
	buf_free(&out);
	json_decref(ctx);
	mu_free(t);
	return 0;
}
