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
 * unforced break. Each page is drawn as soon as it is cut, so memory
 * does not grow with the number of pages. */
#include "pdf_private.h"

galley_status pdf_paginate(pdf_ctx *ctx, cairo_t *cr, cairo_surface_t *surface)
{
  int first = 0, page = 0;
  /* Cairo 1.16 reserves an object for the structure tree as soon as a
   * link tag is used and writes it only when structure tags exist: with
   * links and no structure the xref points at nothing (qpdf: "file is
   * damaged"). So the text is wrapped in a Document structure element,
   * and each page's text in a Sect. */
  cairo_tag_begin(cr, "Document", "");
  if (ctx->n_boxes == 0) {
    /* An empty document is still a PDF with one (empty) page. */
    pdf_draw_page(ctx, cr, surface, 0, 0, 1);
    cairo_tag_end(cr, "Document");
    return ctx->status;
  }
  while (first < ctx->n_boxes && ctx->status == GALLEY_OK) {
    int y = 0, j = first, end = ctx->n_boxes, last_ok = -1;
    for (; j < ctx->n_boxes; j++) {
      const pdf_box *b = &ctx->boxes[j];
      int space = j == first ? 0 : b->space_before;
      if (j > first && b->force_break) {
        end = j;
        break;
      }
      if (j > first && b->allow_break)
        last_ok = j;
      if (j > first && y + space + b->height > ctx->col_h) {
        end = last_ok > first ? last_ok : j;
        break;
      }
      y += space + b->height;
    }
    page++;
    if (pdf_draw_page(ctx, cr, surface, first, end, page) != GALLEY_OK)
      break;
    first = end;
  }
  cairo_tag_end(cr, "Document");
  return ctx->status;
}
