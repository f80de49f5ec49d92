/* iter.c: galley_iter walks a subtree in document order with ENTER/EXIT
 * events, as cmark's iterator.c. It holds no stack: the tree's parent
 * links say where to go, so depth costs nothing. */
#include <stdlib.h>

#include "../util/alloc.h"
#include "node.h"

struct galley_iter {
  galley_node *root;      /* borrowed */
  galley_node *node;      /* borrowed: current node */
  galley_event_type ev;   /* current event */
};

galley_iter *galley_iter_new(galley_node *root)
{
  galley_iter *it = galley_xcalloc(1, sizeof *it);
  it->root = root;
  it->node = NULL;
  it->ev = GALLEY_EVENT_NONE;
  return it;
}

void galley_iter_free(galley_iter *iter)
{
  free(iter);
}

static int is_leaf(const galley_node *n)
{
  return galley_node_type_is_leaf(n->type);
}

galley_event_type galley_iter_next(galley_iter *it)
{
  galley_node *n = it->node;
  if (it->ev == GALLEY_EVENT_DONE || !it->root)
    return it->ev = GALLEY_EVENT_DONE;
  if (it->ev == GALLEY_EVENT_NONE) {
    it->node = it->root;
    return it->ev = GALLEY_EVENT_ENTER;
  }
  if (it->ev == GALLEY_EVENT_ENTER && !is_leaf(n)) {
    if (n->first_child) {
      it->node = n->first_child;
      return it->ev = GALLEY_EVENT_ENTER;
    }
    return it->ev = GALLEY_EVENT_EXIT;
  }
  /* After a leaf or an EXIT: the next sibling, or the parent's EXIT. */
  if (n == it->root)
    return it->ev = GALLEY_EVENT_DONE;
  if (n->next) {
    it->node = n->next;
    return it->ev = GALLEY_EVENT_ENTER;
  }
  it->node = n->parent;
  return it->ev = GALLEY_EVENT_EXIT;
}

galley_node *galley_iter_get_node(const galley_iter *it)
{
  return it->node;
}
