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
 * unforced break.
 *
 * A keep that comes only from break-inside: avoid (a block quote, a
 * list the style keeps whole) gives way when honouring it would leave a
 * hole at the page's foot (half the page, or more than filling can hide):
 * the page then ends at the last place the block's own rules (orphans,
 * widows) allow. A page that ends because the
 * next box does not fit is made full: what is left at its foot is spread
 * over the gaps between blocks (each may grow by half) and then, a little,
 * over the leading (FEATHER of a line at most), so facing pages end on one
 * baseline; a page the rules left shorter than that keeps a ragged foot.
 * Boxes come from the layout as pagination needs them
 * (paragraphs are broken and set ahead on other threads), each page is
 * drawn as soon as it is cut and its boxes dropped, so memory does not
 * grow with the number of pages. Odd pages are right-hand pages, even
 * ones left-hand (as a book's folios), each with its margins (@page
 * :right and :left): pdf_page_left. */
#include <stdlib.h>
#include <string.h>

#include "pdf_private.h"

/* How much a gap between blocks may grow or shrink, as a share of
 * itself, and each line's leading grow, as a share of the line's height,
 * to bring a page's foot to the common baseline. */
#define GAP_STRETCH 0.5
#define GAP_SHRINK 0.3
#define FEATHER 0.05

/* Moves the foot of a page whose boxes [0, end) are `used` tall to
 * `target` by changing the space above boxes [1, end): growing, first the
 * gaps between blocks, then every box's leading; shrinking, the gaps only.
 * Cumulative rounding keeps the sum exact. Returns 0 when the page cannot
 * be brought there within the limits (and leaves it as it is); with
 * `apply` 0 only says whether it can. */
static int fill_page(pdf_box *win, int end, int used, int target, int apply)
{
  double cap_gaps = 0, cap_lines = 0, f_gaps = 0, f_lines = 0, acc = 0;
  int k, given = 0, slack = target - used;
  if (slack == 0)
    return 1;
  if (end < 2)
    return 0;
  for (k = 1; k < end; k++) {
    cap_gaps += win[k].space_before * (slack > 0 ? GAP_STRETCH : GAP_SHRINK);
    cap_lines += win[k].height * FEATHER;
  }
  if (slack < 0) {
    if (-slack > cap_gaps)
      return 0;
    f_gaps = slack / cap_gaps; /* negative: shrink */
  } else {
    if (slack > cap_gaps + cap_lines)
      return 0; /* too short to fill without showing: a ragged foot */
    f_gaps = cap_gaps > 0 ? (slack < cap_gaps ? slack / cap_gaps : 1.0) : 0;
    if (slack > cap_gaps)
      f_lines = (slack - cap_gaps) / cap_lines;
  }
  if (!apply)
    return 1;
  for (k = 1; k < end; k++) {
    int add;
    acc += win[k].space_before * (slack > 0 ? GAP_STRETCH : GAP_SHRINK) * f_gaps +
           win[k].height * FEATHER * f_lines;
    add = (int)(acc + (acc < 0 ? -0.5 : 0.5)) - given;
    win[k].space_before += add;
    given += add;
  }
  return 1;
}

double pdf_page_left(const pdf_ctx *ctx, int page)
{
  return page % 2 == 0 ? ctx->verso_left : ctx->margin[3];
}

int pdf_page_grid(const pdf_ctx *ctx)
{
  /* as pdf_paginate's grid */
  int pitch = (int)(ctx->body.size * ctx->body.line_height * PANGO_SCALE + 0.5);
  return pitch > 0 && pitch <= ctx->col_h ? ctx->col_h / pitch * pitch : ctx->col_h;
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
  /* The text block is as tall as the body lines the column holds, as a
   * book's is: its foot is the common baseline every full page ends on
   * (the rest of the column joins the bottom margin). */
  int pitch = (int)(ctx->body.size * ctx->body.line_height * PANGO_SCALE + 0.5);
  int grid = pitch > 0 && pitch <= ctx->col_h ? ctx->col_h / pitch * pitch : ctx->col_h;
  /* Cairo 1.16 reserves an object for the structure tree as soon as a
   * link tag is used and writes it only when structure tags exist: with
   * links and no structure the xref points at nothing (qpdf: "file is
   * damaged"). The text is wrapped in a Document structure element
   * anyway, holding one element per block (pdf_draw.c). */
  if (pdf_draw_cover(ctx, cr, surface) != GALLEY_OK)
    return ctx->status;
  cairo_tag_begin(cr, "Document", "");
  while (ctx->status == GALLEY_OK) {
    int y = 0, j = 0, end, last_ok = -1, y_ok = 0, last_soft = -1, y_soft = 0, full = 0;
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
        last_ok = j, y_ok = y;
      else if (j > 0 && b->soft_break)
        last_soft = j, y_soft = y;
      if (j > 0 && y + space + b->height > grid) {
        end = last_ok > 0 ? last_ok : j;
        if (last_ok <= 0)
          y_ok = y;
        /* A keep that would leave a hole at the page's foot (more than
         * filling can hide, or half the page) gives way where it can. */
        if (last_soft > last_ok &&
            (last_ok <= 0 || y_ok < grid / 2 || !fill_page(win, end, y_ok, grid, 0)) &&
            fill_page(win, last_soft, y_soft, grid, 0))
          end = last_soft, y_ok = y_soft;
        full = 1;
        break;
      }
      y += space + b->height;
    }
    page++;
    if (full)
      fill_page(win, end, y_ok, grid, 1);
    if (pdf_draw_page(ctx, cr, surface, win, 0, end, page) != GALLEY_OK)
      break;
    free_boxes(win, end);
    memmove(win, win + end, (size_t)(n - end) * sizeof *win);
    n -= end;
    /* a table crossing the page repeats its header rows on the next */
    if (n > 0)
      pdf_layout_repeat_header(ctx, 0, &win, &n, &cap);
  }
  if (page == 0 && ctx->status == GALLEY_OK)
    /* An empty document is still a PDF with one (empty) page. */
    pdf_draw_page(ctx, cr, surface, win, 0, 0, 1);
  pdf_draw_end(ctx, cr);
  cairo_tag_end(cr, "Document");
  free_boxes(win, n);
  free(win);
  return ctx->status;
}
