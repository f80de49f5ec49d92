/* pdf_paginate.c: the vertical list cut into pages.
 *
 * Layout has already marked, box by box, whether a page may end before
 * it (widows, orphans, headings kept with what follows, figures and
 * captions kept whole). Pagination fills a page and, at the first box
 * that does not fit, goes back to the last place on the page where a
 * break is allowed. When a page has no such place (a figure taller than
 * the page, a heading followed by a very long unbreakable block), the
 * rules give way and the page breaks where the space runs out. Space
 * above the first box of a page is dropped, as CSS does at a forced or
 * unforced break. Boxes come from the layout as pagination needs them
 * (paragraphs are broken and set ahead on other threads), each page is
 * drawn as soon as it is cut and its boxes dropped, so memory does not
 * grow with the number of pages. Odd pages are right-hand pages, even
 * ones left-hand (as a book's folios), each with its margins (@page
 * :right and :left): pdf_page_left. */
#include <stdlib.h>
#include <string.h>

#include "pdf_private.h"

double pdf_page_left(const pdf_ctx *ctx, int page)
{
  return page % 2 == 0 ? ctx->verso_left : ctx->margin[3];
}

static void free_boxes(pdf_box *boxes, int n)
{
  int i;
  for (i = 0; i < n; i++) {
    free(boxes[i].outline_text);
    free(boxes[i].marker);
  }
}

galley_status pdf_paginate(pdf_ctx *ctx, cairo_t *cr, cairo_surface_t *surface)
{
  /* The window: boxes from the first of the page being cut to as far as
   * it has looked; those drawn are dropped, so it holds about a page. */
  pdf_box *win = NULL;
  int n = 0, cap = 0, block = 0, keep_lines = 0, page = 0, more = 1;
  /* Cairo 1.16 reserves an object for the structure tree as soon as a
   * link tag is used and writes it only when structure tags exist: with
   * links and no structure the xref points at nothing (qpdf: "file is
   * damaged"). So the text is wrapped in a Document structure element,
   * and each page's text in a Sect. */
  if (pdf_draw_cover(ctx, cr, surface) != GALLEY_OK)
    return ctx->status;
  cairo_tag_begin(cr, "Document", "");
  while (ctx->status == GALLEY_OK) {
    int y = 0, j = 0, end, last_ok = -1;
    while (n == 0 && more)
      more = pdf_layout_next_boxes(ctx, &block, &keep_lines, &win, &n, &cap);
    if (n == 0)
      break;
    end = -1;
    for (;; j++) {
      const pdf_box *b;
      int space;
      while (j >= n && more)
        more = pdf_layout_next_boxes(ctx, &block, &keep_lines, &win, &n, &cap);
      if (j >= n) {
        end = n;
        break;
      }
      b = &win[j];
      space = j == 0 ? 0 : b->space_before;
      if (j > 0 && b->force_break) {
        end = j;
        break;
      }
      if (j > 0 && b->allow_break)
        last_ok = j;
      if (j > 0 && y + space + b->height > ctx->col_h) {
        end = last_ok > 0 ? last_ok : j;
        break;
      }
      y += space + b->height;
    }
    page++;
    if (pdf_draw_page(ctx, cr, surface, win, 0, end, page) != GALLEY_OK)
      break;
    free_boxes(win, end);
    memmove(win, win + end, (size_t)(n - end) * sizeof *win);
    n -= end;
  }
  if (page == 0 && ctx->status == GALLEY_OK)
    /* An empty document is still a PDF with one (empty) page. */
    pdf_draw_page(ctx, cr, surface, win, 0, 0, 1);
  cairo_tag_end(cr, "Document");
  free_boxes(win, n);
  free(win);
  return ctx->status;
}
