/* alloc.c: the allocator wrappers. The only place where running out of
 * memory is handled: galley prints one line and aborts (as cmark does),
 * so no other function needs a failure path for allocation. */
#include "alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t size)
{
  fprintf(stderr, "galley: out of memory (%zu bytes)\n", size);
  abort();
}

void *galley_xmalloc(size_t size)
{
  void *p = malloc(size ? size : 1);
  if (!p)
    out_of_memory(size);
  return p;
}

void *galley_xcalloc(size_t count, size_t size)
{
  void *p = calloc(count ? count : 1, size ? size : 1);
  if (!p)
    out_of_memory(count * size);
  return p;
}

void *galley_xrealloc(void *ptr, size_t size)
{
  void *p = realloc(ptr, size ? size : 1);
  if (!p)
    out_of_memory(size);
  return p;
}

void *galley_xreallocarray(void *ptr, size_t count, size_t size)
{
  if (size && count > SIZE_MAX / size)
    out_of_memory(SIZE_MAX);
  return galley_xrealloc(ptr, count * size);
}

char *galley_xstrdup(const char *s)
{
  if (!s)
    return NULL;
  return galley_xstrndup(s, strlen(s));
}

char *galley_xstrndup(const char *s, size_t len)
{
  char *p;
  if (len == SIZE_MAX)
    out_of_memory(len);
  p = galley_xmalloc(len + 1);
  if (len)
    memcpy(p, s, len);
  p[len] = '\0';
  return p;
}
