/* pdf_image.c: the pictures of the print edition. Each image file is read
 * and checked once per document (a galley_image_set, as the EPUB writer
 * does), and becomes one Cairo surface however often it is drawn:
 *
 *   PNG   decoded by Cairo (libpng) into an image surface, once;
 *   JPEG  never decoded: a 1x1 surface carries the file as
 *         CAIRO_MIME_TYPE_JPEG, which Cairo embeds unchanged (DCTDecode)
 *         at the JPEG's own size; callers scale by the surface's size;
 *   GIF   not shown (the caller warns, the alt text stands in).
 *
 * The same file drawn twice (the cover, then in the text) is also one
 * image object in the PDF: the surface carries the file's real path as
 * CAIRO_MIME_TYPE_UNIQUE_ID. */
#include <string.h>

#include "pdf_private.h"
#include "../util/alloc.h"

typedef struct mem_reader {
  const unsigned char *data;
  size_t len, pos;
} mem_reader;

static cairo_status_t read_mem(void *closure, unsigned char *out, unsigned int len)
{
  mem_reader *r = closure;
  if (r->len - r->pos < len)
    return CAIRO_STATUS_READ_ERROR;
  memcpy(out, r->data + r->pos, len);
  r->pos += len;
  return CAIRO_STATUS_SUCCESS;
}

/* A new surface for `img`, or NULL when it cannot be made. The image's
 * bytes are borrowed: they live in ctx->image_set, which is freed after
 * the PDF surface is finished. */
static cairo_surface_t *surface_new(const galley_image *img)
{
  cairo_surface_t *surf = NULL;
  if (img->info.type == GALLEY_IMAGE_PNG) {
    mem_reader r;
    r.data = img->data;
    r.len = img->len;
    r.pos = 0;
    surf = cairo_image_surface_create_from_png_stream(read_mem, &r);
  } else if (img->info.type == GALLEY_IMAGE_JPEG) {
    /* The surface only stands for the JPEG: Cairo takes the size of the
     * image object from the JPEG's own header, and maps it onto the
     * surface's one pixel. A surface of the JPEG's size would cost 4 bytes
     * a pixel for nothing (Cairo touches them), 400 MB for a file of a
     * few bytes that claims 10000 x 10000 pixels. */
    surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
    if (cairo_surface_status(surf) == CAIRO_STATUS_SUCCESS &&
        cairo_surface_set_mime_data(surf, CAIRO_MIME_TYPE_JPEG, img->data, img->len,
                                    NULL, NULL) != CAIRO_STATUS_SUCCESS) {
      cairo_surface_destroy(surf);
      surf = NULL;
    }
  }
  if (surf && cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surf);
    surf = NULL;
  }
  if (surf && img->path) {
    char *id = galley_xstrdup(img->path);
    if (cairo_surface_set_mime_data(surf, CAIRO_MIME_TYPE_UNIQUE_ID,
                                    (const unsigned char *)id, strlen(id), free,
                                    id) != CAIRO_STATUS_SUCCESS)
      free(id);
  }
  return surf;
}

galley_status pdf_image_get(pdf_ctx *ctx, const char *url, int line,
                            const char *what, const galley_image **out_image,
                            cairo_surface_t **out_surface)
{
  galley_error ierr;
  const galley_image *img;
  int k;

  *out_image = NULL;
  *out_surface = NULL;
  if (!ctx->image_set)
    ctx->image_set = galley_image_set_new();
  galley_error_clear(&ierr);
  k = galley_image_set_add(ctx->image_set, ctx->opts->resource_dir, url ? url : "",
                           &ierr);
  if (k < 0) {
    /* A missing, unreadable or refused image is an error naming its line,
     * as in the EPUB: never a silent gap in the printed page. */
    pdf_fail(ctx, ierr.code, "%s%s", what, ierr.message);
    if (ctx->err && ctx->err->line == 0 && line > 0)
      galley_error_set_where(ctx->err, NULL, line, 0);
    return ctx->status;
  }
  img = galley_image_set_get(ctx->image_set, k);
  *out_image = img;
  if (img->info.type == GALLEY_IMAGE_GIF)
    return GALLEY_OK;
  if (k >= ctx->n_image_surfaces) {
    int n = k + 1, i;
    ctx->image_surfaces = galley_xreallocarray(ctx->image_surfaces, (size_t)n,
                                               sizeof *ctx->image_surfaces);
    for (i = ctx->n_image_surfaces; i < n; i++)
      ctx->image_surfaces[i] = NULL;
    ctx->n_image_surfaces = n;
  }
  if (!ctx->image_surfaces[k]) {
    ctx->image_surfaces[k] = surface_new(img);
    if (!ctx->image_surfaces[k]) {
      /* The file passed galley_image_check, so only a failed allocation
       * is left. */
      pdf_fail(ctx, GALLEY_ERR_DATA, "%simage '%s' cannot be decoded (out of memory?)",
               what, url ? url : "");
      if (ctx->err && ctx->err->line == 0 && line > 0)
        galley_error_set_where(ctx->err, NULL, line, 0);
      return ctx->status;
    }
  }
  *out_surface = ctx->image_surfaces[k];
  return GALLEY_OK;
}

void pdf_image_free_all(pdf_ctx *ctx)
{
  int i;
  for (i = 0; i < ctx->n_image_surfaces; i++)
    if (ctx->image_surfaces[i])
      cairo_surface_destroy(ctx->image_surfaces[i]);
  free(ctx->image_surfaces);
  ctx->image_surfaces = NULL;
  ctx->n_image_surfaces = 0;
  galley_image_set_free(ctx->image_set);
  ctx->image_set = NULL;
}
