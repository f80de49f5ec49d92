/* options.h: taking an options structure from a caller that may have been
 * built against another version of galley.h (galley.h, "Options
 * structures"): the library reads only the bytes the caller's struct has. */
#ifndef GALLEY_UTIL_OPTIONS_H
#define GALLEY_UTIL_OPTIONS_H

#include <stddef.h>

#include "../galley.h"

/* Copies the options at `src` into `dst`, `dst_size` bytes whose first
 * member is `size_t struct_size`: zeroes `dst`, then copies the first
 * src->struct_size bytes of `src` (all `dst_size` when it is 0, a struct
 * zero-initialised by a program built against this header). Fields the
 * caller's struct does not have stay zero. Returns GALLEY_OK, or
 * GALLEY_ERR_USAGE with `err` set, naming `what`, when the caller's struct
 * is larger than this library's (from a newer galley.h) or smaller than
 * its size field. `src` must not be NULL. */
galley_status galley_options_take(void *dst, size_t dst_size, const void *src,
                                  const char *what, galley_error *err);

/* The start of a public reading function: resets `err`, then, when *opts
 * is not NULL (NULL: the defaults), takes the caller's options into
 * `given` (galley_options_take) and points *opts at it. Returns 0, with
 * `err` set, when the caller's struct cannot be read. */
int galley_read_options_take(const galley_read_options **opts, galley_read_options *given,
                             galley_error *err);

#endif
