/* file.h: an output written atomically: created as a temporary file beside
 * the target, renamed over it on commit, removed on abort. */
#ifndef GALLEY_UTIL_FILE_H
#define GALLEY_UTIL_FILE_H

#include "../galley.h"

typedef struct galley_atomic {
  int fd;         /* open temporary file, -1 when closed */
  char *tmp_path; /* owned: the temporary file's path */
  char *path;     /* owned: the target path */
} galley_atomic;

/* Creates the temporary file for `path`. On failure nothing exists and
 * `err` names the file. */
galley_status galley_atomic_open(galley_atomic *out, const char *path,
                                 galley_error *err);
/* A galley_sink write function; `ctx` is the galley_atomic. */
galley_status galley_atomic_write(void *ctx, const unsigned char *data,
                                  size_t len, galley_error *err);
/* Closes and renames into place. On failure the temporary file is
 * removed and the target untouched. */
galley_status galley_atomic_commit(galley_atomic *a, galley_error *err);
/* Closes and removes the temporary file. Safe to call twice. */
void galley_atomic_abort(galley_atomic *a);

#endif
