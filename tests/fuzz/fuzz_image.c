/* fuzz_image.c: libFuzzer target for the image code both editions share
 * (util/image.c: recognising PNG, JPEG and GIF, reading the pixel size
 * from the header) and the PDF writer's decoding of what was accepted
 * (Cairo's PNG reader, a JPEG embedded as DCT data). Whatever the bytes:
 * an image is accepted with a size inside the documented limits, or
 * refused with a message; an accepted one is drawn or refused without a
 * crash, and never asks for more pixels than the limits allow. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/image.h"
#include "write/pdf_private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  galley_image img;
  galley_error err;
  cairo_surface_t *s;

  memset(&img, 0, sizeof img);
  galley_error_clear(&err);
  if (galley_image_sniff(data, size, &img.info, &err) != GALLEY_OK) {
    if (!err.message[0])
      abort();
    return 0;
  }
  if (img.info.width < 1 || img.info.height < 1 ||
      img.info.width > GALLEY_IMAGE_MAX_SIDE || img.info.height > GALLEY_IMAGE_MAX_SIDE ||
      (long long)img.info.width * img.info.height > GALLEY_IMAGE_MAX_PIXELS)
    abort();
  /* Large claims are refused by the writers' decoded-pixel budget; keep
   * the fuzzer's runs fast and within its memory limit. */
  if ((long long)img.info.width * img.info.height > 4000000LL)
    return 0;
  img.data = (unsigned char *)data;
  img.len = size;
  s = pdf_image_surface_new(&img);
  if (s)
    cairo_surface_destroy(s);
  return 0;
}
