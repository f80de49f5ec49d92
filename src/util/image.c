/* image.c: the images an article names (see image.h): safe resolution of
 * a relative path inside the resource directory, the file read and
 * checked (what its bytes say is image_format.c's), and the images of
 * one document, each file read once. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "utf8.h"
#include "buf.h"
#include "image.h"

/* ------------------------------------------------------------------ */
/* Paths                                                               */
/* ------------------------------------------------------------------ */


/* Whether `url` starts with a URI scheme ("http:", "data:"): a letter,
 * then letters, digits, '+', '-', '.', then ':'. "C:" is taken as a
 * scheme too, which refuses Windows drive paths as well. */
static int has_scheme(const char *url)
{
  const char *p = url;
  if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
    return 0;
  for (p++; *p; p++) {
    if (*p == ':')
      return 1;
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
          (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.'))
      return 0;
  }
  return 0;
}

/* Whether the '/'-separated path has a ".." component. */
static int has_dotdot(const char *path)
{
  const char *p = path;
  while (*p) {
    const char *end = strchr(p, '/');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n == 2 && p[0] == '.' && p[1] == '.')
      return 1;
    p += n;
    while (*p == '/')
      p++;
  }
  return 0;
}

/* Whether the real path `real` lies inside the real directory `dir`. */
static int is_inside(const char *real, const char *dir)
{
  size_t n = strlen(dir);
  return strcmp(dir, "/") == 0 || (strncmp(real, dir, n) == 0 && real[n] == '/');
}

/* Whether `real` lies inside one of the directories dirs[from...] (each
 * made real first; entries that do not exist are skipped). */
static int is_inside_any(const char *real, const char *const *dirs, int from)
{
  int i;
  for (i = from; dirs[i]; i++) {
    char *real_dir = *dirs[i] ? realpath(dirs[i], NULL) : NULL;
    int in = real_dir && is_inside(real, real_dir);
    free(real_dir);
    if (in)
      return 1;
  }
  return 0;
}

/* Appends `url` to `path` as a file path: %XX escapes decoded (Markdown
 * writers escape spaces and non-ASCII), a query or fragment dropped
 * (they name no part of a file). */
static void put_url_path(galley_buf *path, const char *url)
{
  const char *p;
  for (p = url; *p && *p != '?' && *p != '#'; p++) {
    int hi, lo;
    if (*p == '%' && (hi = galley_hex_digit_value(p[1])) >= 0 &&
        (lo = galley_hex_digit_value(p[2])) >= 0) {
      galley_buf_putc(path, hi * 16 + lo);
      p += 2;
    } else {
      galley_buf_putc(path, *p);
    }
  }
}

char *galley_image_source_path(const char *const *dirs, const char *url)
{
  galley_buf path = GALLEY_BUF_INIT;
  size_t dlen;
  if (!url || !*url || has_scheme(url))
    return NULL;
  if (url[0] != '/' && dirs && dirs[0] && strcmp(dirs[0], ".") != 0)
    galley_buf_printf(&path, "%s%s", dirs[0],
                      dirs[0][strlen(dirs[0]) - 1] == '/' ? "" : "/");
  dlen = path.len;
  put_url_path(&path, url);
  if (path.len == dlen || strlen(galley_buf_cstr(&path)) != path.len) {
    galley_buf_free(&path);
    return NULL;
  }
  return galley_buf_detach(&path, NULL);
}

char *galley_image_resolve(const char *const *dirs, const char *url,
                           galley_error *err)
{
  galley_buf path = GALLEY_BUF_INIT;
  char *real_dir = NULL, *real = NULL;
  int extra;
  size_t dlen;
  struct stat st;

  if (!url || !*url) {
    galley_error_set(err, GALLEY_ERR_DATA, 0, "image without a path");
    goto fail;
  }
  if (!dirs || !dirs[0] || !*dirs[0]) {
    galley_error_set(err, GALLEY_ERR_DATA, 0,
                     "image '%s': no resource directory to look in", url);
    goto fail;
  }
  /* dirs is a search path, as pandoc's --resource-path: the first entry
   * is the article's directory, which relative paths start from; further
   * entries are directories the user allowed too, so an absolute path or
   * a ".." may lead into them. The entries stay separate strings: a
   * directory named "pub:draft" is one directory, never two. */
  extra = dirs[1] != NULL;
  if (has_scheme(url)) {
    galley_error_set(err, GALLEY_ERR_DATA, 0,
                     "image '%s': only local files are embedded (save the "
                     "image beside the article and name it by a relative path)",
                     url);
    goto fail;
  }
  if (url[0] != '/')
    galley_buf_printf(&path, "%s/", dirs[0]);
  dlen = path.len;
  put_url_path(&path, url);
  if (path.len == dlen || strlen(path.ptr) != path.len) {
    galley_error_set(err, GALLEY_ERR_DATA, 0, "image '%s': not a file path", url);
    goto fail;
  }
  if (!extra && path.ptr[0] == '/' && url[0] == '/') {
    galley_error_set(err, GALLEY_ERR_DATA, 0,
                     "image '%s': absolute paths are refused; name the image "
                     "relative to the article (or allow its directory with "
                     "--resource-path)",
                     url);
    goto fail;
  }
  if (!extra && has_dotdot(path.ptr + dlen)) {
    galley_error_set(err, GALLEY_ERR_DATA, 0,
                     "image '%s': paths leading out of the article's directory "
                     "(\"..\") are refused (allow a directory with "
                     "--resource-path)",
                     url);
    goto fail;
  }
  real_dir = realpath(dirs[0], NULL);
  if (!real_dir) {
    galley_error_set(err, GALLEY_ERR_NOINPUT, errno,
                     "image '%s': resource directory '%s': %s", url, dirs[0],
                     strerror(errno));
    goto fail;
  }
  real = realpath(path.ptr, NULL);
  if (!real) {
    galley_error_set(err, GALLEY_ERR_NOINPUT, errno, "image '%s' not found: %s",
                     url, strerror(errno));
    goto fail;
  }
  /* A symbolic link or a ".." may still lead outside: the real path
   * decides. */
  if (!is_inside(real, real_dir) && !(extra && is_inside_any(real, dirs, 1))) {
    galley_error_set(err, GALLEY_ERR_DATA, 0,
                     "image '%s' lies outside the article's directory%s; refused "
                     "(allow its directory with --resource-path)",
                     url, extra ? " and the resource path" : "");
    goto fail;
  }
  if (stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
    galley_error_set(err, GALLEY_ERR_NOINPUT, 0, "image '%s' is not a regular file",
                     url);
    goto fail;
  }
  free(real_dir);
  galley_buf_free(&path);
  return real;

fail:
  free(real);
  free(real_dir);
  galley_buf_free(&path);
  return NULL;
}

/* Reads a whole regular file of at most GALLEY_IMAGE_MAX_BYTES. */
static galley_status read_file(const char *path, const char *url,
                               unsigned char **out_data, size_t *out_len,
                               galley_error *err)
{
  galley_buf b = GALLEY_BUF_INIT;
  char chunk[65536];
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return galley_error_set(err, GALLEY_ERR_NOINPUT, errno,
                            "image '%s' cannot be opened: %s", url,
                            strerror(errno));
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int e = errno;
      close(fd);
      galley_buf_free(&b);
      return galley_error_set(err, GALLEY_ERR_NOINPUT, e,
                              "image '%s' cannot be read: %s", url, strerror(e));
    }
    if (n == 0)
      break;
    if (b.len + (size_t)n > GALLEY_IMAGE_MAX_BYTES) {
      close(fd);
      galley_buf_free(&b);
      return galley_error_set(err, GALLEY_ERR_DATA, 0,
                              "image '%s' is larger than %u MB", url,
                              GALLEY_IMAGE_MAX_BYTES / (1024u * 1024u));
    }
    galley_buf_put(&b, chunk, (size_t)n);
  }
  close(fd);
  *out_data = (unsigned char *)galley_buf_detach(&b, out_len);
  return GALLEY_OK;
}

galley_status galley_image_load(const char *const *dirs, const char *url,
                                galley_image *out, galley_error *err)
{
  galley_image img;
  galley_error e; /* local, so the status is known even when err is NULL */
  galley_error sub;
  memset(&img, 0, sizeof img);
  memset(out, 0, sizeof *out);
  galley_error_clear(&e);
  img.path = galley_image_resolve(dirs, url, &e);
  if (!img.path)
    goto fail;
  if (read_file(img.path, url, &img.data, &img.len, &e) != GALLEY_OK)
    goto fail;
  galley_error_clear(&sub);
  if (galley_image_check(img.data, img.len, &img.info, &sub) != GALLEY_OK) {
    galley_error_set(&e, sub.code, 0, "image '%s': %s", url, sub.message);
    goto fail;
  }
  *out = img;
  return GALLEY_OK;

fail:
  galley_image_release(&img);
  galley_error_set(err, e.code, e.sys_errno, "%s", e.message);
  return e.code;
}

void galley_image_release(galley_image *image)
{
  if (!image)
    return;
  free(image->path);
  free(image->data);
  memset(image, 0, sizeof *image);
}

/* ------------------------------------------------------------------ */
/* The images of one document                                          */
/* ------------------------------------------------------------------ */

struct galley_image_set {
  galley_image **images;    /* owned array of owned images, first use order
                               (each allocated alone, so the pointers
                               galley_image_set_get lends stay valid as the
                               array grows) */
  int count, cap;
  long long pixels;         /* sum of width x height over images */
};

galley_image_set *galley_image_set_new(void)
{
  return galley_xcalloc(1, sizeof(galley_image_set));
}

void galley_image_set_free(galley_image_set *set)
{
  int i;
  if (!set)
    return;
  for (i = 0; i < set->count; i++) {
    galley_image_release(set->images[i]);
    free(set->images[i]);
  }
  free(set->images);
  free(set);
}

int galley_image_set_add(galley_image_set *set, const char *const *dirs,
                         const char *url, galley_error *err)
{
  galley_error e;
  galley_image img;
  char *real;
  int i;
  long long px;

  galley_error_clear(&e);
  real = galley_image_resolve(dirs, url, &e);
  if (!real) {
    galley_error_set(err, e.code, e.sys_errno, "%s", e.message);
    return -1;
  }
  /* The real path names the file: "a.png", "./a.png" and a link to it
   * are one image, read and checked once. */
  for (i = 0; i < set->count; i++)
    if (strcmp(set->images[i]->path, real) == 0) {
      free(real);
      return i;
    }
  free(real);
  if (galley_image_load(dirs, url, &img, &e) != GALLEY_OK) {
    galley_error_set(err, e.code, e.sys_errno, "%s", e.message);
    return -1;
  }
  px = (long long)img.info.width * img.info.height;
  if (px > GALLEY_IMAGE_MAX_DOC_PIXELS - set->pixels) {
    galley_error_set(err, GALLEY_ERR_DATA, 0,
                     "image '%s' refused: its %d x %d pixels would bring the "
                     "document's images to %lld megapixels, more than the %lld "
                     "one document may hold",
                     url, img.info.width, img.info.height,
                     (set->pixels + px + 999999) / 1000000,
                     GALLEY_IMAGE_MAX_DOC_PIXELS / 1000000);
    galley_image_release(&img);
    return -1;
  }
  set->pixels += px;
  if (set->count == set->cap) {
    set->cap = set->cap ? set->cap * 2 : 8;
    set->images = galley_xreallocarray(set->images, (size_t)set->cap,
                                       sizeof *set->images);
  }
  set->images[set->count] = galley_xmalloc(sizeof img);
  *set->images[set->count] = img;
  return set->count++;
}

const galley_image *galley_image_set_get(const galley_image_set *set, int index)
{
  if (!set || index < 0 || index >= set->count)
    return NULL;
  return set->images[index];
}
