/* pdf_page_map.c: where each PDF page starts in the model's text, for
 * the EPUB's page-break markers and page list (galley_page_map). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "pdf_layout.h"
#include "../util/alloc.h"
#include "../util/utf8.h"

/* ------------------------------------------------------------------ */
/* The page map                                                        */
/* ------------------------------------------------------------------ */

/* Bytes of the word separator at text[i] as a paragraph's text has it:
 * a space (white space collapsed, a tab of a code block) or U+2028 (a
 * forced line break); 0 for any other byte. */
static int separator_at(const char *text, int len, int i)
{
  if (text[i] == ' ')
    return 1;
  if (i + 3 <= len && memcmp(text + i, "\xE2\x80\xA8", 3) == 0)
    return 3;
  return 0;
}

/* Whether character `c` of a literal separates words once
 * pdf_para_append_text has set it: white space, which it collapses to a space (or, in a code
 * block, keeps as spaces and line breaks); not a no-break space. */
static int is_literal_space(int32_t c, int preserve)
{
  if (c == ' ' || c == '\t' || c == '\n')
    return 1;
  return !preserve && (c == '\r' || (galley_utf8_is_space(c) && c != 0xA0));
}

/* The byte of the literal of `src` where its word `k` (from 0) begins,
 * or (size_t)-1 when it has fewer words. */
static size_t literal_word(const pdf_source *src, int k)
{
  size_t len = 0, i = 0;
  const char *lit = galley_node_get_literal(src->node, &len);
  int at_space = 1;
  while (lit && i < len) {
    int32_t c;
    size_t step = galley_utf8_decode(lit + i, len - i, &c);
    if (is_literal_space(c, src->preserve)) {
      at_space = 1;
    } else if (at_space) {
      if (k-- == 0)
        return i;
      at_space = 0;
    }
    i += step ? step : 1;
  }
  return (size_t)-1;
}

/* Adds the page start at byte `at` of paragraph `p`'s text: the start of
 * the word holding it (a word hyphenated across the break is marked
 * before its first letter), found in the literal it comes from by
 * counting words, which setting the text (collapsing white space, adding
 * soft hyphens) keeps one for one. */
static void map_para_byte(galley_page_map *map, const pdf_para *p, int at,
                          const char *label)
{
  const pdf_source *src;
  int i, k = 0, in_word = 0;
  size_t off;
  while (at > 0 && p->text[at - 1] != ' ' &&
         !(at >= 3 && memcmp(p->text + at - 3, "\xE2\x80\xA8", 3) == 0))
    at--;
  for (i = 0; i < p->n_sources && p->sources[i].end <= at; i++)
    ;
  if (i == p->n_sources) {
    galley_page_map_add(map, label, p->node, 0);
    return;
  }
  src = &p->sources[i];
  /* text no literal holds (a note's number): the next that does */
  if (at < src->start)
    at = src->start;
  for (i = src->start; i < at;) {
    int sep = separator_at(p->text, p->len, i);
    if (sep) {
      in_word = 0;
      i += sep;
      continue;
    }
    k += !in_word;
    in_word = 1;
    i++;
  }
  off = literal_word(src, k);
  galley_page_map_add(map, label, src->node, off == (size_t)-1 ? 0 : off);
}

/* Whether the EPUB shows `node` as an element of its own where a marker
 * may stand before it (flow content, not inside a table row): the page
 * then begins before the block rather than at its first word. */
static int marks_before(const galley_node *node)
{
  const galley_node *parent = galley_node_parent(node);
  switch (galley_node_get_type(node)) {
  case GALLEY_NODE_PARAGRAPH:
  case GALLEY_NODE_HEADING:
  case GALLEY_NODE_TITLE:
  case GALLEY_NODE_SUBTITLE:
  case GALLEY_NODE_BYLINE:
  case GALLEY_NODE_DATE:
  case GALLEY_NODE_CODE_BLOCK:
  case GALLEY_NODE_IMAGE:
  case GALLEY_NODE_FIGURE:
  case GALLEY_NODE_THEMATIC_BREAK:
    return 1;
  case GALLEY_NODE_CREDIT: /* a figure's is in its figcaption */
    return !parent || galley_node_get_type(parent) != GALLEY_NODE_FIGURE;
  default:
    return 0;
  }
}

void pdf_layout_map_page(pdf_ctx *ctx, const pdf_box *boxes, int n, int page)
{
  galley_page_map *map = ctx->opts->out_page_map;
  const pdf_box *b;
  char label[16];
  int i;
  if (!map)
    return;
  for (i = 0; i < n && boxes[i].repeat; i++)
    ;
  if (i == n)
    return;
  b = &boxes[i];
  snprintf(label, sizeof label, "%d", page);
  switch (b->kind) {
  case PDF_BOX_LINE: {
    const pdf_para *p = pdf_para_at(ctx, b->para);
    if (b->line == 0 && marks_before(p->node))
      galley_page_map_add(map, label, p->node, 0);
    else
      map_para_byte(map, p, p->lines[b->line].start, label);
    break;
  }
  case PDF_BOX_IMAGE:
  case PDF_BOX_RULE: {
    const galley_node *node = b->node, *parent = galley_node_parent(node);
    /* a picture of a figure: before the figure */
    if (parent && galley_node_get_type(parent) == GALLEY_NODE_FIGURE)
      node = parent;
    galley_page_map_add(map, label, node, 0);
    break;
  }
  case PDF_BOX_ROW: {
    /* the line of its first cell with text that the band's top falls in */
    const pdf_row *row = &ctx->rows[b->para];
    const pdf_table *t = &ctx->tables[row->table];
    int c;
    for (c = 0; c < t->n_cols; c++) {
      const pdf_para *p;
      int li;
      if (row->cells[c] < 0)
        continue;
      p = pdf_para_at(ctx, row->cells[c]);
      if (p->n_lines == 0)
        continue;
      li = (b->line - row->rule_above - t->pad[0]) / (p->pitch > 0 ? p->pitch : 1);
      li = li < 0 ? 0 : li >= p->n_lines ? p->n_lines - 1 : li;
      map_para_byte(map, p, p->lines[li].start, label);
      break;
    }
    break;
  }
  case PDF_BOX_PARA:
  default:
    break;
  }
}
