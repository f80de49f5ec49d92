/* pdf_cover.c: the cover page of the print edition. When the metadata
 * names a cover image (front matter `cover:` or --cover), the PDF opens
 * with a page that holds only that picture, fitted inside the page and
 * centred, without running head or folio; its page label is "Cover", and
 * the text's pages keep their numbers from 1. */
#include "pdf_private.h"

galley_status pdf_draw_cover(pdf_ctx *ctx, cairo_t *cr, cairo_surface_t *surface)
{
  const char *cover = galley_meta_get(galley_doc_get_meta(ctx->doc), "cover");
  const galley_image *img;
  cairo_surface_t *pic;
  double sx, sy, s, w, h;
  int line;

  ctx->cover_pages = 0;
  if (!cover || !*cover)
    return GALLEY_OK;
  /* Named where the user named it: the front matter's line, else (a
   * --cover option) the image file itself. */
  line = galley_meta_get_line(galley_doc_get_meta(ctx->doc), "cover");
  if (pdf_image_get(ctx, cover, line, "cover ", &img, &pic) != GALLEY_OK) {
    if (line == 0)
      galley_error_set_where(ctx->err, cover, 0, 0);
    return ctx->status;
  }
  if (!pic) {
    pdf_fail(ctx, GALLEY_ERR_DATA, "cover image '%s' cannot be drawn (PNG and JPEG only)",
             cover);
    galley_error_set_where(ctx->err, line > 0 ? NULL : cover, line, 0);
    return ctx->status;
  }
  sx = ctx->page_w / img->info.width;
  sy = ctx->page_h / img->info.height;
  s = sx < sy ? sx : sy;
  w = img->info.width * s;
  h = img->info.height * s;
  cairo_save(cr);
  cairo_translate(cr, (ctx->page_w - w) / 2, (ctx->page_h - h) / 2);
  /* The surface may be smaller than the image (a JPEG's is 1 x 1). */
  cairo_scale(cr, w / cairo_image_surface_get_width(pic),
              h / cairo_image_surface_get_height(pic));
  cairo_set_source_surface(cr, pic, 0, 0);
  cairo_paint(cr);
  cairo_restore(cr);
  cairo_pdf_surface_set_page_label(surface, "Cover");
  cairo_show_page(cr);
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
    return pdf_fail(ctx, GALLEY_ERR_INTERNAL, "cairo: %s",
                    cairo_status_to_string(cairo_status(cr)));
  ctx->cover_pages = 1;
  return GALLEY_OK;
}
