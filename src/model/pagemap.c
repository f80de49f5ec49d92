/* pagemap.c: galley_page_map, where the print edition's pages begin in
 * the model. The PDF writer fills it, the EPUB writer reads it; neither
 * knows the other, only this list (galley.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../galley.h"
#include "../util/alloc.h"

void galley_page_map_add(galley_page_map *map, const char *label,
                         const galley_node *node, size_t offset)
{
  galley_page_start *ps;
  if (map->count == map->cap) {
    map->cap = map->cap ? map->cap * 2 : 64;
    map->pages = galley_xreallocarray(map->pages, (size_t)map->cap, sizeof *map->pages);
  }
  ps = &map->pages[map->count++];
  snprintf(ps->label, sizeof ps->label, "%s", label ? label : "");
  ps->node = node;
  ps->offset = offset;
}

void galley_page_map_clear(galley_page_map *map)
{
  if (!map)
    return;
  free(map->pages);
  memset(map, 0, sizeof *map);
}
