/* markdown_table.c: table rows longer than their header, whose cells
 * past the header's cmark-gfm drops, found in the source before the walk
 * so their text is kept in the row's last cell (a warning). */
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "markdown_private.h"

/* ------------------------------------------------------------------ */
/* Table rows longer than the header                                   */
/* ------------------------------------------------------------------ */

/* A table row with more cells than its header row: GitHub's tables drop
 * the cells past the header's columns. So nothing typed is lost, their
 * source (" | d | e") goes at the end of the row's last cell, with a
 * warning naming the line. */
typedef struct long_row {
  cmark_node *cell; /* borrowed: the row's last cell */
  int line;         /* the row's line in the body (cmark's) */
  int from, to;     /* 1-based byte columns after the cell, to the row's end */
} long_row;

static int compare_long_rows(const void *a, const void *b)
{
  const long_row *x = a, *y = b;
  return (x->line > y->line) - (x->line < y->line);
}

/* Finds the rows that go on past their last cell in body[0..len), and
 * keeps what they drop (above). Only the lines of such rows are looked
 * at, found in one pass over the body. */
void md_keep_long_rows(md_reader *r, cmark_node *cdoc, const char *body, size_t len)
{
  cmark_iter *it = cmark_iter_new(cdoc);
  cmark_event_type ev;
  long_row *rows = NULL;
  int n = 0, cap = 0, i, line = 1;
  size_t at = 0;
  galley_buf extra = GALLEY_BUF_INIT;
  if (!memchr(body, '|', len)) { /* no table: nothing to walk */
    cmark_iter_free(it);
    return;
  }
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *row = cmark_iter_get_node(it), *cell;
    if (ev != CMARK_EVENT_ENTER || !md_is_extension(row, "table_row"))
      continue;
    cell = cmark_node_last_child(row);
    if (cell && cmark_node_get_start_column(cell) > 0 &&
        cmark_node_get_end_line(row) == cmark_node_get_start_line(row) &&
        cmark_node_get_end_column(row) > cmark_node_get_end_column(cell) + 1) {
      if (n == cap) {
        cap = cap ? 2 * cap : 8;
        rows = galley_xreallocarray(rows, (size_t)cap, sizeof *rows);
      }
      rows[n].cell = cell;
      rows[n].line = cmark_node_get_start_line(row);
      rows[n].from = cmark_node_get_end_column(cell) + 1;
      rows[n].to = cmark_node_get_end_column(row);
      n++;
    }
  }
  cmark_iter_free(it);
  if (n > 1)
    qsort(rows, (size_t)n, sizeof *rows, compare_long_rows);
  for (i = 0; i < n; i++) {
    const char *s, *e;
    size_t line_len;
    while (line < rows[i].line && at < len) { /* to the row's line */
      at = md_next_line(body, len, at);
      line++;
    }
    if (line != rows[i].line)
      break;
    line_len = md_line_length(body, len, at);
    if ((size_t)rows[i].to > line_len)
      continue;
    /* the dropped cells: past the pipe that closes the last one kept */
    s = body + at + rows[i].from - 1;
    e = body + at + rows[i].to;
    while (s < e && (*s == ' ' || *s == '\t'))
      s++;
    if (s < e && *s == '|')
      s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
      e--;
    if (e > s && e[-1] == '|' && (e - 1 == s || e[-2] != '\\'))
      e--;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
      e--;
    while (s < e && (*s == ' ' || *s == '\t'))
      s++;
    if (s == e)
      continue; /* only the closing pipe and spaces */
    galley_buf_clear(&extra);
    galley_buf_puts(&extra, " | ");
    galley_buf_put(&extra, s, (size_t)(e - s));
    cmark_node_append_child(rows[i].cell, md_new_text(extra.ptr, extra.len));
    galley_diag_add(r->diag, rows[i].line + r->line_offset, 0,
                    "table row has more cells than its header; '%.*s' kept in its last cell",
                    (int)(e - s > 60 ? 60 : e - s), s);
  }
  free(rows);
  galley_buf_free(&extra);
}

