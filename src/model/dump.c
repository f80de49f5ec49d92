/* dump.c: the model as text, one block a line, for `galley --dump` and
 * the golden tests (as cmark's xml.c renders a tree for its tests):
 *
 *   meta title: Kazakhstan at 34
 *   paragraph    line 1    dateline-lede               [dateline: ASTANA] ASTANA – Thirty-four…
 *   heading 1    line 9    short-line-before-paragraph Concrete examples at work
 *
 * Nested blocks are indented two spaces a level, up to DUMP_MAX_INDENT
 * levels; a deeper block is written at that indentation after its depth
 * as a number ("[depth 40]"), so the dump stays linear in the document
 * however deep the nesting. The dump is produced a line at a time
 * (galley_doc_dump_each), so a consumer such as the EPUB identifier's
 * hash never holds it whole. */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/utf8.h"
#include "node.h"

/* Text cut to `width` characters, on one line. */
static void put_snippet(galley_buf *b, const char *text, int width)
{
  size_t len = strlen(text);
  size_t cut = galley_utf8_offset(text, len, (size_t)width);
  size_t i;
  for (i = 0; i < cut; i++)
    galley_buf_putc(b, (text[i] == '\n' || text[i] == '\t') ? ' ' : text[i]);
  if (cut < len)
    galley_buf_puts(b, "…");
}

/* Levels of nesting shown by indentation. Beyond it, indentation would
 * make the dump grow with the square of the depth (a 40,000-level list
 * from 80 KB of Markdown would take 3 GB of spaces); the depth is
 * written as a number instead. */
#define DUMP_MAX_INDENT 32

static const galley_node *find_inline(const galley_node *n, galley_node_type t)
{
  const galley_node *c;
  for (c = n->first_child; c; c = c->next)
    if (c->type == t)
      return c;
  return NULL;
}

/* Writes what the text snippet does not show of a block's inlines: the
 * numbers of the notes it cites, " [notes: 1 2 1]", and its struck text,
 * " [struck: old price]" (each outermost DELETE's text cut to `width`),
 * in one pass of the iterator. */
static void put_inline_marks(galley_buf *b, const galley_node *block, int width)
{
  galley_buf struck = GALLEY_BUF_INIT;
  /* the iterator only reads the tree: the cast drops no promise kept */
  galley_iter *it = galley_iter_new((galley_node *)block);
  galley_event_type ev;
  int notes = 0, in_delete = 0;
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    const galley_node *cur = galley_iter_get_node(it);
    if (cur->type == GALLEY_NODE_FOOTNOTE_REF) {
      galley_buf_printf(b, notes++ ? " %d" : " [notes: %d", galley_node_get_note_number(cur));
    } else if (cur->type == GALLEY_NODE_DELETE && ev == GALLEY_EVENT_EXIT) {
      in_delete--;
    } else if (cur->type == GALLEY_NODE_DELETE && in_delete++ == 0) {
      char *t = galley_node_get_plain_text(cur);
      galley_buf_puts(&struck, " [struck: ");
      put_snippet(&struck, t, width);
      galley_buf_putc(&struck, ']');
      free(t);
    }
  }
  galley_iter_free(it);
  if (notes)
    galley_buf_putc(b, ']');
  if (struck.len)
    galley_buf_put(b, struck.ptr, struck.len);
  galley_buf_free(&struck);
}

void galley_doc_dump_each(const galley_doc *doc, int width, galley_dump_sink sink,
                          void *arg)
{
  galley_buf b = GALLEY_BUF_INIT;
  galley_iter *it;
  galley_event_type ev;
  int depth = 0, i;
  if (width <= 0)
    width = 40;
  if (!doc || !sink)
    return;
  if (doc->reader_reason) {
    galley_buf_printf(&b, "reader %s (%s)\n", doc->reader ? doc->reader : "-",
                      doc->reader_reason);
    sink(arg, b.ptr, b.len);
  }
  for (i = 0; i < doc->meta.count; i++) {
    if (!doc->meta.items[i].key)
      continue; /* a hole left by a removal */
    galley_buf_truncate(&b, 0);
    galley_buf_printf(&b, "meta %s: %s\n", doc->meta.items[i].key,
                      doc->meta.items[i].value);
    sink(arg, b.ptr, b.len);
  }
  if (doc->language_rule) {
    /* the language was guessed from the letters (model/lang.c) */
    galley_buf_truncate(&b, 0);
    galley_buf_printf(&b, "meta language guessed: %s\n", doc->language_rule);
    sink(arg, b.ptr, b.len);
  }
  if (doc->title_hidden) {
    /* the title is only the package's (galley_doc_set_title_shown) */
    static const char line[] = "meta title not printed: no headline in the text\n";
    sink(arg, line, sizeof line - 1);
  }
  it = galley_iter_new(doc->root);
  while ((ev = galley_iter_next(it)) != GALLEY_EVENT_DONE) {
    const galley_node *n = galley_iter_get_node(it);
    galley_buf head = GALLEY_BUF_INIT;
    if (n->type == GALLEY_NODE_DOCUMENT || !galley_node_is_block(n))
      continue;
    if (ev == GALLEY_EVENT_EXIT) {
      depth--;
      continue;
    }
    galley_buf_truncate(&b, 0);
    for (i = 0; i < depth && i < DUMP_MAX_INDENT; i++)
      galley_buf_puts(&b, "  ");
    if (depth > DUMP_MAX_INDENT)
      galley_buf_printf(&b, "[depth %d] ", depth);
    galley_buf_puts(&head, galley_node_get_type_name(n->type));
    if (n->type == GALLEY_NODE_HEADING)
      galley_buf_printf(&head, " %d", galley_node_get_level(n));
    if (n->type == GALLEY_NODE_LIST)
      galley_buf_printf(&head, " %s", galley_node_get_list_ordered(n) ? "ordered" : "bullet");
    if (n->type == GALLEY_NODE_FOOTNOTE)
      galley_buf_printf(&head, " %d", galley_node_get_note_number(n));
    if (n->type == GALLEY_NODE_TABLE_ROW && galley_node_get_row_header(n))
      galley_buf_puts(&head, " head");
    if (n->type == GALLEY_NODE_TABLE_CELL && galley_node_get_align(n)) {
      static const char *const aligns[] = {"", "left", "center", "right"};
      galley_buf_printf(&head, " %s", aligns[galley_node_get_align(n)]);
    }
    galley_buf_printf(&b, "%-14s line %-5d %-36s", galley_buf_cstr(&head),
                      n->line, n->rule ? n->rule : "-");
    galley_buf_free(&head);
    if (n->type == GALLEY_NODE_LIST && galley_node_get_list_ordered(n) &&
        (galley_node_get_list_style(n) != GALLEY_LIST_DECIMAL ||
         galley_node_get_list_delim(n) != GALLEY_LIST_PERIOD ||
         galley_node_get_list_start(n) != 1)) {
      static const char *const styles[] = {"decimal", "lower-alpha", "upper-alpha",
                                           "lower-roman", "upper-roman"};
      char first[24];
      galley_list_format_marker(n, galley_node_get_list_start(n), first, sizeof first);
      galley_buf_printf(&b, " [%s %s start %d]", styles[galley_node_get_list_style(n)], first,
                        galley_node_get_list_start(n));
    }
    if (n->type == GALLEY_NODE_ITEM && galley_node_get_task(n))
      galley_buf_puts(&b, galley_node_get_task(n) == GALLEY_TASK_DONE ? " [task: done]"
                                                                       : " [task: open]");
    if (n->type == GALLEY_NODE_ITEM && galley_node_get_item_marker(n))
      galley_buf_printf(&b, " [marker: %s]", galley_node_get_item_marker(n));
    if (n->type == GALLEY_NODE_PARAGRAPH && find_inline(n, GALLEY_NODE_DATELINE)) {
      char *d = galley_node_get_plain_text(find_inline(n, GALLEY_NODE_DATELINE));
      galley_buf_printf(&b, " [dateline: %s]", d);
      free(d);
    }
    if (n->type == GALLEY_NODE_FIGURE) {
      const galley_node *img = find_inline(n, GALLEY_NODE_IMAGE);
      if (img)
        galley_buf_printf(&b, " [image: %s]",
                          galley_node_get_url(img) ? galley_node_get_url(img) : "");
    } else if (!galley_node_type_is_leaf(n->type) &&
               n->first_child && galley_node_is_inline(n->first_child)) {
      char *t = galley_node_get_plain_text(n);
      put_inline_marks(&b, n, width);
      galley_buf_putc(&b, ' ');
      put_snippet(&b, t, width);
      free(t);
    } else if (n->type == GALLEY_NODE_CODE_BLOCK) {
      galley_buf_putc(&b, ' ');
      put_snippet(&b, n->literal ? n->literal : "", width);
    }
    /* no trailing spaces */
    while (b.len > 0 && b.ptr[b.len - 1] == ' ')
      galley_buf_truncate(&b, b.len - 1);
    galley_buf_putc(&b, '\n');
    sink(arg, b.ptr, b.len);
    if (!galley_node_type_is_leaf(n->type))
      depth++; /* undone at its EXIT */
  }
  galley_iter_free(it);
  galley_buf_free(&b);
}

static void put_to_buf(void *arg, const char *line, size_t len)
{
  galley_buf_put((galley_buf *)arg, line, len);
}

char *galley_doc_dump(const galley_doc *doc, int width)
{
  galley_buf b = GALLEY_BUF_INIT;
  galley_doc_dump_each(doc, width, put_to_buf, &b);
  return galley_buf_detach(&b, NULL);
}
