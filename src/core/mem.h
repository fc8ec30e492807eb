/*
 * mem: allocation that never returns NULL. lia treats running out of memory as
 * fatal: the functions here print a message naming the caller's size and abort,
 * so the rest of the code never checks allocation results.
 */
#ifndef LIA_CORE_MEM_H
#define LIA_CORE_MEM_H

#include <stdarg.h>
#include <stddef.h>

void *mem_alloc(size_t n);              /* malloc that aborts on failure */
void *mem_calloc(size_t n, size_t size); /* zeroed, overflow-checked */
void *mem_realloc(void *p, size_t n);
char *mem_strdup(const char *s);
char *mem_strndup(const char *s, size_t n);

/* Print "lia: " + message to stderr and abort. For broken invariants only. */
_Noreturn void mem_die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The length vsnprintf gives fmt with ap (without the NUL), for sizing its
 * buffer; ap is left for the caller to use. A format vsnprintf refuses is a
 * bug: it aborts, naming who. */
size_t mem_vprintf_len(const char *who, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Blocks of at least this many bytes get a memory map of their own in
 * `lia serve` (M_MMAP_THRESHOLD): fresh pages, each faulted in when first
 * written, handed back when freed. Smaller ones come from malloc's arenas,
 * which keep freed memory for the next request. */
#define MEM_MAP_THRESHOLD ((size_t)4 << 20)

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
