/*
 * arena: a region allocator. Each HTTP request (and each CLI command) owns one
 * arena; everything allocated from it, and every object registered with
 * arena_defer(), is released together by arena_free(). Nothing allocated from an
 * arena may outlive it. Not thread-safe: one arena belongs to one thread at a time.
 */
#ifndef LIA_CORE_ARENA_H
#define LIA_CORE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct arena *arena_new(void);
/* Run deferred cleanups (last registered first), then release all memory. NULL is a no-op. */
void arena_free(struct arena *a);

/* Memory aligned for any type; never NULL (aborts on exhaustion). */
void *arena_alloc(struct arena *a, size_t n);
void *arena_zalloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Call fn(ptr) when the arena is freed. Used to tie malloc-owned objects
 * (jansson values, rendered buffers) to a request's lifetime. */
void arena_defer(struct arena *a, void (*fn)(void *), void *ptr);

/* Bytes handed out so far (for tests and the access log). */
size_t arena_used(const struct arena *a);

#endif
