/*
 * row: flat rows of a streamed list (see row.h).
 */
#include "core/row.h"

#include "core/mem.h"

#include <string.h>

void row_reset(struct row *r)
{
	r->n = 0;
	r->nshape = 0;
	r->shape = 0;
	r->used = 0;
}

unsigned long long row_shape_new(void)
{
	static _Atomic unsigned long long last;
	return ++last;
}

static struct row_field *add(struct row *r, const char *name, enum row_type type)
{
	if (r->n == ROW_FIELDS)
		mem_die("row: more than %d fields (%s)", ROW_FIELDS, name);
	struct row_field *f = &r->f[r->n++];
	f->name = name;
	f->type = type;
	return f;
}

void row_add_text(struct row *r, const char *name, const char *s, size_t len)
{
	struct row_field *f = add(r, name, ROW_TEXT);
	f->s = s;
	f->len = len;
}

void row_add_int(struct row *r, const char *name, long long i)
{
	add(r, name, ROW_INT)->i = i;
}

void row_add_bool(struct row *r, const char *name, bool b)
{
	add(r, name, ROW_BOOL)->i = b;
}

void row_add_null(struct row *r, const char *name)
{
	add(r, name, ROW_NULL);
}

void row_add_real(struct row *r, const char *name, double d)
{
	add(r, name, ROW_REAL)->d = d;
}

const char *row_text(struct row *r, const char *s, size_t len)
{
	if (len >= sizeof(r->text) - r->used)
		return NULL;
	char *t = r->text + r->used;
	memcpy(t, s, len);
	t[len] = '\0';
	r->used += len + 1;
	return t;
}

const struct row_field *row_get(const struct row *r, const char *name)
{
	return row_get_from(r, 0, name);
}

const struct row_field *row_get_from(const struct row *r, unsigned from, const char *name)
{
	/* Comparing the first byte first: most names differ there. */
	for (unsigned i = from; i < r->n; i++)
		if (r->f[i].name[0] == name[0] && strcmp(r->f[i].name, name) == 0)
			return &r->f[i];
	return NULL;
}
