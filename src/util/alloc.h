/* alloc.h: allocation that never returns NULL. Out of memory is handled in
 * one place: the program's fatal handler (galley_set_fatal_handler), else
 * a one-line message on stderr and abort(), as cmark's default allocator
 * does. Size arithmetic is checked before it reaches malloc. */
#ifndef GALLEY_UTIL_ALLOC_H
#define GALLEY_UTIL_ALLOC_H

#include <stddef.h>

/* Each returns memory the caller frees with free(); never NULL. */
void *galley_xmalloc(size_t size);
void *galley_xcalloc(size_t count, size_t size);
void *galley_xrealloc(void *ptr, size_t size);
/* realloc to count * size bytes, failing if the product overflows. */
void *galley_xreallocarray(void *ptr, size_t count, size_t size);
/* Copies a NUL-terminated string (NULL gives NULL). */
char *galley_xstrdup(const char *s);
/* Copies `len` bytes and appends a NUL. */
char *galley_xstrndup(const char *s, size_t len);

/* Calls the program's fatal handler with `what` ("out of memory", or a
 * library's fatal message); never returns. For failures galley cannot
 * report through a galley_status: an allocation, a library that would
 * otherwise abort. */
void galley_fatal(const char *what)
#if defined(__GNUC__)
    __attribute__((noreturn))
#endif
    ;

#ifdef GALLEY_FAULT_INJECTION
/* Test builds only (cmake -DGALLEY_FAULT_INJECTION=ON, the galley_fault
 * program): the `alloc_n`-th allocation through galley_x* and the
 * `write_n`-th output write (the atomic file's, standard output's) fail;
 * 0 fails none. Counting starts at process start. */
void galley_fault_set(long alloc_n, long write_n);
/* The allocations and writes counted so far. */
void galley_fault_get_counts(long *out_allocs, long *out_writes);
/* Counts one output write; 1 if it is the one to fail. */
int galley_fault_write(void);
#define GALLEY_FAULT_WRITE_FAILS() galley_fault_write()
#else
/* In every other build, no write is made to fail. */
#define GALLEY_FAULT_WRITE_FAILS() 0
#endif

#endif
