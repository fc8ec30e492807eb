/*
 * arena: chunked bump allocator with a cleanup list. Chunks grow geometrically
 * so a request that renders a large page does few mallocs; large single
 * allocations get a chunk of their own.
 */
#include "core/arena.h"

#include "core/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_FIRST_CHUNK 8192
#define ARENA_ALIGN _Alignof(max_align_t)

struct chunk {
	struct chunk *next;
	size_t size;
	size_t used;
	_Alignas(max_align_t) unsigned char data[];
};

struct cleanup {
	struct cleanup *next;
	void (*fn)(void *);
	void *ptr;
};

struct arena {
	struct chunk *head;
	struct cleanup *cleanups;
	size_t next_size;
	size_t total;
};

struct arena *arena_new(void)
{
	struct arena *a = mem_calloc(1, sizeof(*a));
	a->next_size = ARENA_FIRST_CHUNK;
	return a;
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	for (struct cleanup *c = a->cleanups; c; c = c->next)
		c->fn(c->ptr);
	struct chunk *ch = a->head;
	while (ch) {
		struct chunk *next = ch->next;
		free(ch);
		ch = next;
	}
	free(a);
}

static struct chunk *chunk_new(size_t size)
{
	struct chunk *ch = mem_alloc(sizeof(*ch) + size);
	ch->next = NULL;
	ch->size = size;
	ch->used = 0;
	return ch;
}

void *arena_alloc(struct arena *a, size_t n)
{
	if (n == 0)
		n = 1;
	if (n > SIZE_MAX / 2)
		mem_die("arena allocation of %zu bytes is too large", n);
	n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	struct chunk *ch = a->head;
	if (!ch || ch->size - ch->used < n) {
		if (n > a->next_size / 2) {
			/* A big block gets its own chunk behind the current one, so the
			 * current chunk's free space stays usable. */
			struct chunk *big = chunk_new(n);
			big->used = n;
			if (ch) {
				big->next = ch->next;
				ch->next = big;
			} else {
				a->head = big;
			}
			a->total += n;
			return big->data;
		}
		ch = chunk_new(a->next_size);
		ch->next = a->head;
		a->head = ch;
		/* Stay below glibc's mmap threshold (128 KiB): mmap'd chunks cost a
		 * page fault per page and a TLB shootdown on free, every request. */
		if (a->next_size < (64u << 10))
			a->next_size *= 2;
	}
	void *p = ch->data + ch->used;
	ch->used += n;
	a->total += n;
	return p;
}

void *arena_zalloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *d = arena_alloc(a, n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	size_t n = mem_vprintf_len("arena_vprintf", fmt, ap);
	char *s = arena_alloc(a, n + 1);
	vsnprintf(s, n + 1, fmt, ap);
	return s;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return s;
}

void arena_defer(struct arena *a, void (*fn)(void *), void *ptr)
{
	struct cleanup *c = arena_alloc(a, sizeof(*c));
	c->fn = fn;
	c->ptr = ptr;
	c->next = a->cleanups;
	a->cleanups = c;
}

size_t arena_used(const struct arena *a)
{
	return a->total;
}
