/* error.h: the library's inside of galley_error (galley.h has the public
 * side): a writer's "first failure wins" in one place. */
#ifndef GALLEY_UTIL_ERROR_H
#define GALLEY_UTIL_ERROR_H

#include <stdarg.h>

#include "../galley.h"

/* Records a failure in a run whose status is *status: when *status is
 * still GALLEY_OK, sets it to `code` and `err` to the formatted message
 * (with `line` when > 0); otherwise keeps the first failure. Returns the
 * run's status, the first failure's code. */
galley_status galley_fail_first(galley_status *status, galley_error *err,
                                galley_status code, int line, const char *fmt,
                                va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 0)))
#endif
    ;

/* Drops the warnings added to `diag` after its first `count` (a reader
 * that starts again on the same text must not say them twice). */
void galley_diag_truncate(galley_diag *diag, int count);

#endif
