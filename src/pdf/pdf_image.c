/* pdf_image.c: the pictures of the print edition. Each image file is read
 * and checked once per document (a galley_image_set, as the EPUB writer
 * does), and becomes one Cairo surface however often it is drawn:
 *
 *   PNG   passed through when PDF can take its data as it is: grey, RGB
 *         or palette, not interlaced, with no transparency. Its IDAT
 *         data is already what a PDF image stream with FlateDecode and
 *         the PNG predictors holds (7.4.4.4), so it is neither decoded
 *         nor deflated again: Cairo re-encoding the pixels was the largest
 *         single cost of a short article with a chart (a 480 x 240 chart
 *         took a fifth of the time). Cairo 1.16 takes no PNG mime data,
 *         so a 1x1 surface carries a stand-in as CAIRO_MIME_TYPE_JPEG: a
 *         JPEG header of the PNG's size and components with a comment
 *         naming the PNG, and no picture. Cairo writes the image object
 *         for it (size, placement, the figure's structure, one object
 *         however often drawn); pdf_finish replaces the stand-in's stream
 *         with the PNG's data and its filter, colour space and bit depth
 *         with the PNG's (png_pass_for). Other PNGs (alpha, tRNS,
 *         interlaced) are decoded by Cairo (libpng) into an image
 *         surface, once;
 *   JPEG  never decoded: a 1x1 surface carries the file as
 *         CAIRO_MIME_TYPE_JPEG, which Cairo embeds unchanged (DCTDecode)
 *         at the JPEG's own size; callers scale by the surface's size;
 *         except CMYK (4 components), which libjpeg decodes to RGB here:
 *         Photoshop stores CMYK inverted and marks it with an Adobe APP14
 *         segment, which needs /Decode [1 0 1 0 1 0 1 0] in the PDF, and
 *         Cairo cannot write that (orange came out near black);
 *   GIF   not shown (the caller warns, the alt text stands in).
 *
 * The same file drawn twice (the cover, then in the text) is also one
 * image object in the PDF: the surface carries the file's real path as
 * CAIRO_MIME_TYPE_UNIQUE_ID. */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

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

/* libjpeg reports errors through this manager: longjmp back, never exit. */
typedef struct jpeg_failure {
  struct jpeg_error_mgr mgr;
  jmp_buf jump;
} jpeg_failure;

static void on_jpeg_error(j_common_ptr cinfo)
{
  jpeg_failure *f = (jpeg_failure *)cinfo->err;
  longjmp(f->jump, 1);
}

static void on_jpeg_message(j_common_ptr cinfo)
{
  (void)cinfo; /* warnings (corrupt data) are counted, not printed */
}

/* Decodes a 4-component JPEG into an RGB surface. libjpeg gives CMYK as
 * stored (YCCK converted); with an Adobe APP14 segment the values are
 * inverted (255 = no ink), as Photoshop writes them and as PDF readers
 * and browsers take them. Each pixel becomes R = (1-C)(1-K) and so on.
 * Returns NULL when libjpeg fails. */
static cairo_surface_t *cmyk_surface_new(const galley_image *img)
{
  struct jpeg_decompress_struct cinfo;
  jpeg_failure fail;
  cairo_surface_t *volatile surf = NULL;
  JSAMPLE *volatile row = NULL;

  memset(&cinfo, 0, sizeof cinfo);
  cinfo.err = jpeg_std_error(&fail.mgr);
  fail.mgr.error_exit = on_jpeg_error;
  fail.mgr.output_message = on_jpeg_message;
  if (setjmp(fail.jump)) {
    jpeg_destroy_decompress(&cinfo);
    free(row);
    if (surf)
      cairo_surface_destroy(surf);
    return NULL;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, img->data, (unsigned long)img->len);
  jpeg_read_header(&cinfo, TRUE);
  cinfo.out_color_space = JCS_CMYK;
  jpeg_start_decompress(&cinfo);
  if (cinfo.output_components != 4 || (int)cinfo.output_width != img->info.width ||
      (int)cinfo.output_height != img->info.height)
    longjmp(fail.jump, 1);
  surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, img->info.width,
                                    img->info.height);
  if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS)
    longjmp(fail.jump, 1);
  row = galley_xmalloc((size_t)img->info.width * 4);
  {
    unsigned char *pixels = cairo_image_surface_get_data(surf);
    int stride = cairo_image_surface_get_stride(surf);
    int inverted = cinfo.saw_Adobe_marker;
    cairo_surface_flush(surf);
    while (cinfo.output_scanline < cinfo.output_height) {
      JSAMPROW rows[1];
      uint32_t *out = (uint32_t *)(void *)(pixels + (size_t)stride * cinfo.output_scanline);
      int x;
      rows[0] = row;
      jpeg_read_scanlines(&cinfo, rows, 1);
      for (x = 0; x < img->info.width; x++) {
        const JSAMPLE *p = row + 4 * x;
        unsigned c = p[0], m = p[1], y = p[2], k = p[3];
        if (!inverted) {
          c = 255 - c;
          m = 255 - m;
          y = 255 - y;
          k = 255 - k;
        }
        /* now 255 = no ink */
        out[x] = 0xFF000000u | ((c * k + 127) / 255) << 16 |
                 ((m * k + 127) / 255) << 8 | ((y * k + 127) / 255);
      }
    }
    cairo_surface_mark_dirty(surf);
  }
  jpeg_finish_decompress(&cinfo);
  if (fail.mgr.num_warnings > 0)
    longjmp(fail.jump, 1); /* corrupt data: refused rather than guessed */
  jpeg_destroy_decompress(&cinfo);
  free(row);
  return surf;
}

static unsigned long be32(const unsigned char *p)
{
  return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

/* Makes the stand-in of PNG number `index` in `pass`: SOI, a comment
 * naming the PNG, a baseline frame header (SOF0) with its height, width
 * and components, EOI. Cairo reads the size and components from it
 * (_cairo_image_info_get_jpeg_info) and copies it into the file. */
static void make_stand_in(pdf_png_pass *pass, int index)
{
  unsigned char *b = pass->stand_in;
  int n = 0, comps = pass->colour_type == 0 ? 1 : 3, k;
  char text[32];
  int text_len = snprintf(text, sizeof text, "galley PNG stand-in %08d", index);
  b[n++] = 0xFF;
  b[n++] = 0xD8;
  b[n++] = 0xFF;
  b[n++] = 0xFE;
  b[n++] = (unsigned char)((text_len + 2) >> 8);
  b[n++] = (unsigned char)((text_len + 2) & 0xFF);
  memcpy(b + n, text, (size_t)text_len);
  n += text_len;
  b[n++] = 0xFF;
  b[n++] = 0xC0;
  b[n++] = 0;
  b[n++] = (unsigned char)(8 + 3 * comps);
  b[n++] = 8;
  b[n++] = (unsigned char)(pass->height >> 8);
  b[n++] = (unsigned char)(pass->height & 0xFF);
  b[n++] = (unsigned char)(pass->width >> 8);
  b[n++] = (unsigned char)(pass->width & 0xFF);
  b[n++] = (unsigned char)comps;
  for (k = 0; k < comps; k++) {
    b[n++] = (unsigned char)(k + 1);
    b[n++] = 0x11;
    b[n++] = 0;
  }
  b[n++] = 0xFF;
  b[n++] = 0xD9;
  pass->stand_in_len = n;
}

/* Reads the chunks of `img` (checked whole by galley_image_check) into
 * `pass` when its data can go into the PDF as it is: colour type 0, 2 or
 * 3, not interlaced, no tRNS (an alpha channel or transparency needs a
 * soft mask made from the pixels). Returns 1 then, with pass->idat
 * owned; else 0. */
static int png_pass_read(const galley_image *img, pdf_png_pass *pass)
{
  const unsigned char *d = img->data;
  size_t pos = 8, len = img->len, idat_len = 0;
  memset(pass, 0, sizeof *pass);
  if (len < 8 + 25 || img->info.width > 0xFFFF || img->info.height > 0xFFFF)
    return 0;
  /* First the IHDR and what decides; the data only once it can pass. */
  while (len - pos >= 12) {
    unsigned long n = be32(d + pos);
    const unsigned char *type = d + pos + 4, *body = d + pos + 8;
    if (n > len - pos - 12)
      return 0;
    if (memcmp(type, "IHDR", 4) == 0) {
      pass->width = (int)be32(body);
      pass->height = (int)be32(body + 4);
      pass->depth = body[8];
      pass->colour_type = body[9];
      if (body[12] != 0 || (pass->colour_type != 0 && pass->colour_type != 2 &&
                            pass->colour_type != 3))
        return 0;
    } else if (memcmp(type, "PLTE", 4) == 0) {
      pass->plte = body;
      pass->n_plte = (int)(n / 3);
    } else if (memcmp(type, "tRNS", 4) == 0) {
      return 0;
    } else if (memcmp(type, "IDAT", 4) == 0) {
      idat_len += n;
    } else if (memcmp(type, "IEND", 4) == 0) {
      break;
    }
    pos += 12 + n;
  }
  if (pass->width != img->info.width || pass->height != img->info.height || idat_len == 0 ||
      (pass->colour_type == 3 && !pass->plte))
    return 0;
  pass->idat = galley_xmalloc(idat_len);
  for (pos = 8; len - pos >= 12;) {
    unsigned long n = be32(d + pos);
    if (memcmp(d + pos + 4, "IDAT", 4) == 0) {
      memcpy(pass->idat + pass->idat_len, d + pos + 8, n);
      pass->idat_len += n;
    } else if (memcmp(d + pos + 4, "IEND", 4) == 0) {
      break;
    }
    pos += 12 + n;
  }
  return 1;
}

/* A 1x1 surface standing for the PNG `img` whose data goes into the PDF
 * as it is, recorded in ctx->png_pass; NULL when the PNG cannot pass. */
static cairo_surface_t *png_pass_surface(pdf_ctx *ctx, const galley_image *img)
{
  pdf_png_pass pass;
  cairo_surface_t *surf;
  unsigned char *mime;
  if (!png_pass_read(img, &pass))
    return NULL;
  make_stand_in(&pass, ctx->n_png_pass);
  surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
  mime = galley_xmalloc((size_t)pass.stand_in_len);
  memcpy(mime, pass.stand_in, (size_t)pass.stand_in_len);
  if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS ||
      cairo_surface_set_mime_data(surf, CAIRO_MIME_TYPE_JPEG, mime,
                                  (unsigned long)pass.stand_in_len, free,
                                  mime) != CAIRO_STATUS_SUCCESS) {
    free(mime); /* a failed cairo_surface_set_mime_data keeps nothing */
    cairo_surface_destroy(surf);
    free(pass.idat);
    return NULL;
  }
  if (ctx->n_png_pass == ctx->cap_png_pass) {
    ctx->cap_png_pass = ctx->cap_png_pass ? 2 * ctx->cap_png_pass : 4;
    ctx->png_pass = galley_xreallocarray(ctx->png_pass, (size_t)ctx->cap_png_pass,
                                         sizeof *ctx->png_pass);
  }
  ctx->png_pass[ctx->n_png_pass++] = pass;
  return surf;
}

/* A new surface for `img`, or NULL when it cannot be made. The image's
 * bytes are borrowed: they live in ctx->image_set, which is freed after
 * the PDF is finished. */
static cairo_surface_t *surface_new(pdf_ctx *ctx, const galley_image *img)
{
  cairo_surface_t *surf = NULL;
  if (img->info.type == GALLEY_IMAGE_PNG)
    surf = png_pass_surface(ctx, img);
  if (!surf && img->info.type == GALLEY_IMAGE_PNG) {
    mem_reader r;
    r.data = img->data;
    r.len = img->len;
    r.pos = 0;
    surf = cairo_image_surface_create_from_png_stream(read_mem, &r);
  } else if (img->info.type == GALLEY_IMAGE_JPEG && img->info.components == 4) {
    surf = cmyk_surface_new(img);
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
  if (surf && cairo_surface_status(surf) == CAIRO_STATUS_NO_MEMORY) {
    /* Not a fault of the picture (its size was checked on loading): out
     * of memory ends where galley's own allocations end, never in a
     * picture left out with a warning or a cover refused. */
    cairo_surface_destroy(surf);
    galley_fatal("out of memory (cairo: decoding an image)");
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
  k = galley_image_set_add(ctx->image_set, ctx->opts->resource_dirs, url ? url : "",
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
    ctx->image_surfaces[k] = surface_new(ctx, img);
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
  for (i = 0; i < ctx->n_png_pass; i++)
    free(ctx->png_pass[i].idat);
  free(ctx->png_pass);
  ctx->png_pass = NULL;
  ctx->n_png_pass = ctx->cap_png_pass = 0;
  galley_image_set_free(ctx->image_set);
  ctx->image_set = NULL;
}
