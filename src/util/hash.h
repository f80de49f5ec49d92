/* hash.h: FNV-1a, 32 bits, for the hash tables of the library (metadata
 * keys, ids, style names, the hyphenation memo). Not collision-resistant:
 * keys made to collide make a table's lookups slow, never wrong. */
#ifndef GALLEY_UTIL_HASH_H
#define GALLEY_UTIL_HASH_H

#include <stddef.h>
#include <stdint.h>

static inline uint32_t galley_fnv1a(const void *data, size_t len)
{
  const unsigned char *p = data;
  uint32_t h = 2166136261u;
  size_t i;
  for (i = 0; i < len; i++)
    h = (h ^ p[i]) * 16777619u;
  return h;
}

#endif
