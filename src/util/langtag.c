/* langtag.c: see langtag.h. */
#include <stddef.h>

#include "langtag.h"

int galley_langtag_is(const char *tag, const char *primary)
{
  size_t i;
  if (!tag || !primary)
    return 0;
  for (i = 0; primary[i]; i++) {
    char c = tag[i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c + ('a' - 'A'));
    if (c != primary[i])
      return 0;
  }
  return i > 0 && (tag[i] == '\0' || tag[i] == '-' || tag[i] == '_');
}
