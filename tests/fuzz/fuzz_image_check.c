/* fuzz_image_check.c: libFuzzer target for the image check
 * (src/util/image_format.c, galley_image_check), which reads hostile
 * bytes named by an article. It must never read outside the buffer, and
 * whatever it accepts must be what the decoders accept: an accepted PNG
 * decodes in Cairo (libpng) to the size its header gave, and an accepted
 * JPEG's header reads in libjpeg with the same size and number of
 * components. */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <jpeglib.h>

#include "util/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct reader {
  const uint8_t *data;
  size_t len, pos;
} reader;

static cairo_status_t read_bytes(void *closure, unsigned char *out, unsigned int len)
{
  reader *r = closure;
  if (r->len - r->pos < len)
    return CAIRO_STATUS_READ_ERROR;
  memcpy(out, r->data + r->pos, len);
  r->pos += len;
  return CAIRO_STATUS_SUCCESS;
}

typedef struct failure {
  struct jpeg_error_mgr mgr;
  jmp_buf jump;
} failure;

static void on_error(j_common_ptr cinfo)
{
  longjmp(((failure *)cinfo->err)->jump, 1);
}

static void on_message(j_common_ptr cinfo)
{
  (void)cinfo;
}

static void check_jpeg_header(const uint8_t *data, size_t size,
                              const galley_image_info *info)
{
  struct jpeg_decompress_struct cinfo;
  failure f;
  memset(&cinfo, 0, sizeof cinfo);
  cinfo.err = jpeg_std_error(&f.mgr);
  f.mgr.error_exit = on_error;
  f.mgr.output_message = on_message;
  if (setjmp(f.jump))
    abort(); /* accepted, yet libjpeg cannot read its header */
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, data, (unsigned long)size);
  jpeg_read_header(&cinfo, TRUE);
  if ((int)cinfo.image_width != info->width || (int)cinfo.image_height != info->height ||
      cinfo.num_components != info->components || cinfo.data_precision != 8)
    abort();
  jpeg_destroy_decompress(&cinfo);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  galley_image_info info;
  galley_error err;
  galley_error_clear(&err);
  /* A copy of exactly `size` bytes, so a read past the end is caught. */
  uint8_t *copy = malloc(size ? size : 1);
  memcpy(copy, data, size);
  if (galley_image_check(copy, size, &info, &err) == GALLEY_OK) {
    if (info.width < 1 || info.height < 1 || info.width > GALLEY_IMAGE_MAX_SIDE ||
        info.height > GALLEY_IMAGE_MAX_SIDE)
      abort();
    /* Decoding is bounded: only small images are decoded here. */
    if (info.type == GALLEY_IMAGE_PNG && (long long)info.width * info.height <= 1 << 20) {
      reader r = {copy, size, 0};
      cairo_surface_t *s = cairo_image_surface_create_from_png_stream(read_bytes, &r);
      if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS ||
          cairo_image_surface_get_width(s) != info.width ||
          cairo_image_surface_get_height(s) != info.height)
        abort();
      cairo_surface_destroy(s);
    } else if (info.type == GALLEY_IMAGE_JPEG) {
      check_jpeg_header(copy, size, &info);
    }
  } else if (err.code != GALLEY_ERR_DATA || !err.message[0]) {
    abort();
  }
  free(copy);
  return 0;
}
