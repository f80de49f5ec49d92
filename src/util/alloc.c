/* alloc.c: the allocator wrappers. The only place where running out of
 * memory is handled: the fatal handler the program installed is called
 * (galley_set_fatal_handler in galley.h), else galley prints one line and
 * aborts (as cmark's default allocator does), so no other function needs a
 * failure path for allocation.
 *
 * In a build with GALLEY_FAULT_INJECTION (the test program galley_fault
 * only), the N-th allocation can be made to fail on purpose; see
 * galley_fault_* in alloc.h. */
#include "alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../galley.h"

/* Process-wide, like cmark's allocator: set once, before any conversion
 * (galley.h says so), so it needs no lock. */
static galley_fatal_fn fatal_handler;

void galley_set_fatal_handler(galley_fatal_fn fn)
{
  fatal_handler = fn;
}

void galley_fatal(const char *what)
{
  if (fatal_handler)
    fatal_handler(what);
  /* No handler, or one that returned: the default. */
  fprintf(stderr, "galley: %s\n", what);
  abort();
}

static void out_of_memory(size_t size)
{
  (void)size;
  galley_fatal("out of memory");
}

#ifdef GALLEY_FAULT_INJECTION
/* ---- fault injection (test builds only) --------------------------- */

#include <stdatomic.h>

/* Counters are atomic: layout threads allocate too (the tests run with
 * GALLEY_THREADS=1, so that the N-th allocation is the same each run). */
static atomic_long fault_alloc_count; /* allocations so far */
static long fault_alloc_fail;         /* the one to fail (1-based), 0: none */
static atomic_long fault_write_count; /* output writes so far */
static long fault_write_fail;         /* the one to fail (1-based), 0: none */

void galley_fault_set(long alloc_n, long write_n)
{
  fault_alloc_fail = alloc_n;
  fault_write_fail = write_n;
}

void galley_fault_get_counts(long *out_allocs, long *out_writes)
{
  *out_allocs = atomic_load(&fault_alloc_count);
  *out_writes = atomic_load(&fault_write_count);
}

int galley_fault_write(void)
{
  return atomic_fetch_add(&fault_write_count, 1) + 1 == fault_write_fail;
}

static int alloc_fails(void)
{
  return atomic_fetch_add(&fault_alloc_count, 1) + 1 == fault_alloc_fail;
}
#define ALLOC_FAILS() alloc_fails()
#else
#define ALLOC_FAILS() 0
#endif

void *galley_xmalloc(size_t size)
{
  void *p = ALLOC_FAILS() ? NULL : malloc(size ? size : 1);
  if (!p)
    out_of_memory(size);
  return p;
}

void *galley_xcalloc(size_t count, size_t size)
{
  void *p = ALLOC_FAILS() ? NULL : calloc(count ? count : 1, size ? size : 1);
  if (!p)
    out_of_memory(count * size);
  return p;
}

void *galley_xrealloc(void *ptr, size_t size)
{
  void *p = ALLOC_FAILS() ? NULL : realloc(ptr, size ? size : 1);
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
