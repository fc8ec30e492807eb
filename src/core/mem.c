/*
 * mem: the one place where allocation failure is handled (by aborting).
 */
#include "core/mem.h"

#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void mem_die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vsay(fmt, ap);
	va_end(ap);
	abort();
}

void *mem_alloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		mem_die("out of memory allocating %zu bytes", n);
	return p;
}

void *mem_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		mem_die("out of memory allocating %zu x %zu bytes", n, size);
	return p;
}

void *mem_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		mem_die("out of memory reallocating to %zu bytes", n);
	return q;
}

char *mem_strndup(const char *s, size_t n)
{
	char *d = mem_alloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *mem_strdup(const char *s)
{
	return mem_strndup(s, strlen(s));
}

size_t mem_vprintf_len(const char *who, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		mem_die("%s: bad format \"%s\"", who, fmt);
	return (size_t)n;
}
