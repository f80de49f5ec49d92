/* check.c: galley_doc_check, the invariants every reader must leave and
 * every writer may rely on (as cmark's CMARK_DEBUG_NODES checks). */
#include <string.h>

#include "../util/utf8.h"
#include "node.h"

static int fail(galley_error *err, const galley_node *n, const char *what)
{
  galley_error_set(err, GALLEY_ERR_INTERNAL, 0, "model check: %s (%s node, line %d)",
                   what, galley_node_get_type_name(n->type), n->line);
  return 0;
}

int galley_doc_check(const galley_doc *doc, galley_error *err)
{
  galley_iter *it;
  galley_event_type ev;
  int ok = 1;
  galley_error_clear(err);
  if (!doc || !doc->root || doc->root->type != GALLEY_NODE_DOCUMENT) {
    galley_error_set(err, GALLEY_ERR_INTERNAL, 0, "model check: no document root");
    return 0;
  }
  /* Notes: the DOCUMENT's last children, numbered 1, 2, 3... in order,
   * nothing but notes after the first. */
  {
    const galley_node *c;
    int seen = 0;
    for (c = doc->root->first_child; ok && c; c = c->next) {
      if (c->type == GALLEY_NODE_FOOTNOTE) {
        if (galley_node_get_note_number(c) != ++seen)
          ok = fail(err, c, "footnote out of number order");
      } else if (seen) {
        ok = fail(err, c, "a block after the footnotes");
      }
    }
  }
  it = galley_iter_new(doc->root);
  while (ok && (ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    const galley_node *n = galley_iter_get_node(it), *c, *prev = NULL;
    if (ev != GALLEY_EVENT_ENTER)
      continue;
    for (c = n->first_child; c; prev = c, c = c->next) {
      if (c->parent != n)
        ok = fail(err, c, "wrong parent link");
      else if (c->prev != prev)
        ok = fail(err, c, "wrong previous link");
      else if (!galley_node_can_contain(n->type, c->type))
        ok = fail(err, c, "not allowed in its parent");
      if (!ok)
        break;
    }
    if (ok && n->last_child != prev)
      ok = fail(err, n, "wrong last child");
    if (ok && n->type == GALLEY_NODE_FOOTNOTE_REF &&
        !galley_doc_find_footnote(doc, galley_node_get_note_number(n)))
      ok = fail(err, n, "note reference without its footnote");
    if (ok && n->type == GALLEY_NODE_TABLE &&
        !(n->last_child && n->last_child->type == GALLEY_NODE_TABLE_ROW))
      ok = fail(err, n, "table without rows");
    if (ok && n->type == GALLEY_NODE_TABLE) {
      const galley_node *r;
      int body = 0;
      for (r = n->first_child; ok && r; r = r->next) {
        if (r->type == GALLEY_NODE_CAPTION && r != n->first_child)
          ok = fail(err, r, "table caption not first");
        else if (r->type == GALLEY_NODE_TABLE_ROW && !galley_node_get_row_header(r))
          body = 1;
        else if (r->type == GALLEY_NODE_TABLE_ROW && body)
          ok = fail(err, r, "header row after body rows");
      }
    }
    if (ok && n->type == GALLEY_NODE_HEADING &&
        (galley_node_get_level(n) < 1 || galley_node_get_level(n) > 6))
      ok = fail(err, n, "heading level out of range");
    if (ok && n->literal) {
      /* One pass: valid UTF-8, no NUL, only characters XML allows.
       * Printable ASCII (most text) and two-byte characters (all
       * allowed) are stepped over without decoding. */
      size_t i = 0, two;
      while (i < n->literal_len) {
        int32_t cp;
        size_t end = galley_utf8_ascii_run(n->literal, n->literal_len, i);
        if (end > i) {
          i = end;
          continue;
        }
        if ((two = galley_utf8_two_byte(n->literal, n->literal_len, i)) != 0) {
          i += two;
          continue;
        }
        i += galley_utf8_decode(n->literal + i, n->literal_len - i, &cp);
        if (cp <= 0) {
          ok = fail(err, n, "literal is not valid UTF-8 without NUL");
          break;
        }
        if (!galley_utf8_is_xml_char(cp)) {
          ok = fail(err, n, "literal holds a character XML forbids");
          break;
        }
      }
    }
  }
  galley_iter_free(it);
  return ok;
}
