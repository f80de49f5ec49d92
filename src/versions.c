/* versions.c: the versions of galley and of the libraries that shape its
 * editions, read from the libraries themselves at run time (a library
 * upgraded under galley changes the text). libdeflate says its version
 * only in its header: the one galley was built with. */
#include <stdio.h>

#include <cairo.h>
#include <cmark-gfm.h>
#include <hb.h>
#include <libdeflate.h>
#include <pango/pango.h>
#include <zip.h>
#include <zlib.h>

#include "galley.h"

size_t galley_library_versions(char *buf, size_t size)
{
  int n = snprintf(buf, size,
                   "galley %s, cmark-gfm %s, pango %s, harfbuzz %s, cairo %s, "
                   "libzip %s, zlib %s, libdeflate %s",
                   galley_version(), cmark_version_string(), pango_version_string(),
                   hb_version_string(), cairo_version_string(),
                   zip_libzip_version(), zlibVersion(), LIBDEFLATE_VERSION_STRING);
  return n < 0 ? 0 : (size_t)n;
}
