/* options.c: options structures across versions of galley.h. It names
 * this build's version from galley.h's macro, so util/ calls nothing
 * above it. */
#include "options.h"

#include <string.h>

galley_status galley_options_take(void *dst, size_t dst_size, const void *src,
                                  const char *what, galley_error *err)
{
  size_t n;
  memcpy(&n, src, sizeof n); /* struct_size, the first member */
  if (n == 0)
    n = dst_size;
  if (n > dst_size || n < sizeof n)
    return galley_error_set(err, GALLEY_ERR_USAGE, 0,
                            "%s of %zu bytes: this galley (%s) knows %zu (a program built "
                            "against another galley.h, or a struct_size not set by "
                            "%s_init)",
                            what, n, GALLEY_VERSION, dst_size, what);
  memset(dst, 0, dst_size);
  memcpy(dst, src, n);
  return GALLEY_OK;
}

void galley_read_options_init(galley_read_options *opts)
{
  memset(opts, 0, sizeof *opts);
  opts->struct_size = sizeof *opts;
}

void galley_write_options_init(galley_write_options *opts)
{
  memset(opts, 0, sizeof *opts);
  opts->struct_size = sizeof *opts;
  opts->source_date_epoch = -1;
}

void galley_convert_options_init(galley_convert_options *opts)
{
  memset(opts, 0, sizeof *opts);
  opts->struct_size = sizeof *opts;
  opts->source_date_epoch = -1;
}

int galley_read_options_take(const galley_read_options **opts, galley_read_options *given,
                             galley_error *err)
{
  galley_error_clear(err);
  if (!*opts)
    return 1;
  if (galley_options_take(given, sizeof *given, *opts, "galley_read_options", err) != GALLEY_OK)
    return 0;
  *opts = given;
  return 1;
}
