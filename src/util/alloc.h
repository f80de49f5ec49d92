/* alloc.h: allocation that never returns NULL. Out of memory is handled in
 * one place: a one-line message on stderr and abort(), as cmark's default
 * allocator does. Size arithmetic is checked before it reaches malloc. */
#ifndef GALLEY_UTIL_ALLOC_H
#define GALLEY_UTIL_ALLOC_H

#include <stddef.h>

/* Each returns memory the caller frees with free(); never NULL. */
void *galley_xmalloc(size_t size);
void *galley_xcalloc(size_t count, size_t size);
void *galley_xrealloc(void *ptr, size_t size);
/* realloc to count * size bytes, aborting if the product overflows. */
void *galley_xreallocarray(void *ptr, size_t count, size_t size);
/* Copies a NUL-terminated string (NULL gives NULL). */
char *galley_xstrdup(const char *s);
/* Copies `len` bytes and appends a NUL. */
char *galley_xstrndup(const char *s, size_t len);

#endif
