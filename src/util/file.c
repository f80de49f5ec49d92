/* file.c: reading inputs whole, and writing outputs atomically (a
 * temporary file beside the target, renamed into place on success), as
 * libzip's zip_source_file_stdio_named.c does. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../galley.h"
#include "alloc.h"
#include "buf.h"
#include "file.h"

char *galley_file_read(const char *path, size_t *out_len, galley_error *err)
{
  return galley_file_read_max(path, GALLEY_MAX_INPUT_BYTES, out_len, err);
}

/* Sets a read error naming `path`; returns NULL for the caller to pass on. */
static char *read_fail(galley_error *err, const char *path, galley_status code,
                       int e, const char *fmt, const char *arg)
{
  galley_error_set(err, code, e, fmt, arg);
  galley_error_set_where(err, path, 0, 0);
  return NULL;
}

char *galley_file_read_max(const char *path, size_t max_bytes, size_t *out_len,
                           galley_error *err)
{
  galley_buf b = GALLEY_BUF_INIT;
  int fd, own = 1;
  char chunk[65536];
  char limit[32];
  galley_error_clear(err);

  snprintf(limit, sizeof limit, "%zu MB", max_bytes / (1024 * 1024));
  if (max_bytes < 1024 * 1024)
    snprintf(limit, sizeof limit, "%zu KB", max_bytes / 1024);
  if (strcmp(path, "-") == 0) {
    fd = 0;
    own = 0;
  } else {
    struct stat st;
    /* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
     * writer forever; it is refused below, before any read. */
    fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
      return read_fail(err, path, GALLEY_ERR_NOINPUT, errno, "cannot open: %s",
                       strerror(errno));
    if (fstat(fd, &st) != 0) {
      int e = errno;
      close(fd);
      return read_fail(err, path, GALLEY_ERR_NOINPUT, e, "cannot read: %s",
                       strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
      close(fd);
      return read_fail(err, path, GALLEY_ERR_NOINPUT, EISDIR, "%s", "is a directory");
    }
    /* Only regular files: a FIFO may block forever, a device (/dev/zero)
     * may never end; standard input ("-") is the way to pipe text in. */
    if (!S_ISREG(st.st_mode)) {
      close(fd);
      return read_fail(err, path, GALLEY_ERR_NOINPUT, 0,
                       "%s", "not a regular file (a FIFO, device or socket)");
    }
    if ((unsigned long long)st.st_size > (unsigned long long)max_bytes) {
      close(fd);
      return read_fail(err, path, GALLEY_ERR_DATA, EFBIG,
                       "larger than galley reads (at most %s)", limit);
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    if (st.st_size > 0)
      galley_buf_grow(&b, (size_t)st.st_size);
  }
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0) {
      int e = errno;
      if (e == EINTR)
        continue;
      if (own)
        close(fd);
      galley_buf_free(&b);
      return read_fail(err, path, GALLEY_ERR_NOINPUT, e, "cannot read: %s",
                       strerror(e));
    }
    if (n == 0)
      break;
    /* Standard input, or a file that grows while it is read. */
    if (b.len + (size_t)n > max_bytes) {
      if (own)
        close(fd);
      galley_buf_free(&b);
      return read_fail(err, path, GALLEY_ERR_DATA, EFBIG,
                       "larger than galley reads (at most %s)", limit);
    }
    galley_buf_put(&b, chunk, (size_t)n);
  }
  if (own)
    close(fd);
  return galley_buf_detach(&b, out_len);
}

/* ---- atomic output ------------------------------------------------ */

galley_status galley_atomic_open(galley_atomic *out, const char *path,
                                 galley_error *err)
{
  galley_buf b = GALLEY_BUF_INIT;
  const char *slash = strrchr(path, '/');
  int fd;
  memset(out, 0, sizeof *out);
  out->fd = -1;
  /* The temporary file lives in the target's directory, so rename() stays
   * within one file system and is atomic. Its name starts with a dot and
   * carries the target's name, so a stray one is easy to recognise. */
  if (slash)
    galley_buf_put(&b, path, (size_t)(slash - path) + 1);
  galley_buf_printf(&b, ".%s.galley-XXXXXX", slash ? slash + 1 : path);
  out->tmp_path = galley_buf_detach(&b, NULL);
  /* Everything is allocated before the file exists: once it does, the
   * caller must be able to tell a program's clean-up about it (the temp
   * hook in galley_convert_write) before anything can run out of memory. */
  out->path = galley_xstrdup(path);
  fd = mkstemp(out->tmp_path);
  if (fd < 0) {
    galley_error_set(err, GALLEY_ERR_CANTCREAT, errno, "cannot create: %s",
                     strerror(errno));
    galley_error_set_where(err, path, 0, 0);
    free(out->tmp_path);
    free(out->path);
    out->tmp_path = out->path = NULL;
    return GALLEY_ERR_CANTCREAT;
  }
  /* mkstemp makes the file 0600; outputs are ordinary files (0666 less
   * the umask), like those any other tool writes. */
  {
    mode_t um = umask(0);
    umask(um);
    fchmod(fd, 0666 & ~um);
  }
  out->fd = fd;
  return GALLEY_OK;
}

galley_status galley_atomic_write(void *ctx, const unsigned char *data,
                                  size_t len, galley_error *err)
{
  galley_atomic *a = ctx;
  while (len > 0) {
    ssize_t n = GALLEY_FAULT_WRITE_FAILS() ? (errno = ENOSPC, -1) : write(a->fd, data, len);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      galley_error_set(err, GALLEY_ERR_CANTCREAT, errno, "cannot write: %s",
                       strerror(errno));
      galley_error_set_where(err, a->path, 0, 0);
      return GALLEY_ERR_CANTCREAT;
    }
    data += n;
    len -= (size_t)n;
  }
  return GALLEY_OK;
}

galley_status galley_atomic_commit(galley_atomic *a, galley_error *err)
{
  int e;
  if (a->fd < 0)
    return galley_error_set(err, GALLEY_ERR_INTERNAL, 0, "output not open");
  if (close(a->fd) != 0) {
    e = errno;
    a->fd = -1;
    galley_atomic_abort(a);
    galley_error_set(err, GALLEY_ERR_CANTCREAT, e, "cannot write: %s",
                     strerror(e));
    return GALLEY_ERR_CANTCREAT;
  }
  a->fd = -1;
  if (GALLEY_FAULT_WRITE_FAILS() ? (errno = EXDEV, 1) : rename(a->tmp_path, a->path) != 0) {
    e = errno;
    galley_error_set(err, GALLEY_ERR_CANTCREAT, e, "cannot rename into place: %s",
                     strerror(e));
    galley_error_set_where(err, a->path, 0, 0);
    galley_atomic_abort(a);
    return GALLEY_ERR_CANTCREAT;
  }
  free(a->tmp_path);
  free(a->path);
  a->tmp_path = a->path = NULL;
  return GALLEY_OK;
}

void galley_atomic_abort(galley_atomic *a)
{
  if (!a)
    return;
  if (a->fd >= 0)
    close(a->fd);
  a->fd = -1;
  if (a->tmp_path)
    unlink(a->tmp_path);
  free(a->tmp_path);
  free(a->path);
  a->tmp_path = a->path = NULL;
}

galley_status galley_file_write_atomic(const char *path, const void *data,
                                       size_t len, galley_error *err)
{
  galley_atomic a;
  galley_error_clear(err);
  if (galley_atomic_open(&a, path, err) != GALLEY_OK)
    return err ? err->code : GALLEY_ERR_CANTCREAT;
  if (galley_atomic_write(&a, data, len, err) != GALLEY_OK) {
    galley_atomic_abort(&a);
    return GALLEY_ERR_CANTCREAT;
  }
  return galley_atomic_commit(&a, err);
}
