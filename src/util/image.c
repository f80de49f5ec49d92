/* image.c: the images an article names (see image.h): safe resolution of
 * a relative path inside the resource directory, and the PNG, JPEG and
 * GIF headers read just far enough to know the format and pixel size. */
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
/* Headers                                                             */
/* ------------------------------------------------------------------ */

static unsigned be16(const unsigned char *p)
{
  return ((unsigned)p[0] << 8) | p[1];
}

static unsigned long be32(const unsigned char *p)
{
  return ((unsigned long)p[0] << 24) | ((unsigned long)p[1] << 16) |
         ((unsigned long)p[2] << 8) | p[3];
}

static unsigned le16(const unsigned char *p)
{
  return ((unsigned)p[1] << 8) | p[0];
}

/* PNG: the 8-byte signature, then the IHDR chunk, which the PNG
 * specification (ISO/IEC 15948, 5.6) requires to come first: length 13,
 * "IHDR", width and height as 4-byte big-endian integers. */
static int sniff_png(const unsigned char *d, size_t len, unsigned long *w,
                     unsigned long *h)
{
  static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (len < 8 || memcmp(d, sig, 8) != 0)
    return 0;
  if (len < 24 || memcmp(d + 12, "IHDR", 4) != 0)
    return -1;
  *w = be32(d + 16);
  *h = be32(d + 20);
  return 1;
}

/* Whether JPEG marker `m` is a start-of-frame holding the image size:
 * SOF0-3, SOF5-7, SOF9-11, SOF13-15 (C4 is DHT, C8 JPG, CC DAC). */
static int is_sof(unsigned m)
{
  return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

/* JPEG: SOI (FF D8), then marker segments, each FF xx with a 2-byte
 * big-endian length, until a SOFn whose body is precision (1 byte),
 * height and width (2 bytes each). Fill bytes (FF FF ...) and the
 * stand-alone markers (01, D0-D7) carry no length. */
static int sniff_jpeg(const unsigned char *d, size_t len, unsigned long *w,
                      unsigned long *h)
{
  size_t i = 2;
  if (len < 3 || d[0] != 0xFF || d[1] != 0xD8 || d[2] != 0xFF)
    return 0;
  while (i + 1 < len) {
    unsigned m;
    size_t seg;
    if (d[i] != 0xFF)
      return -1;
    while (i < len && d[i] == 0xFF)
      i++;
    if (i >= len)
      return -1;
    m = d[i++];
    if (m == 0x01 || (m >= 0xD0 && m <= 0xD7))
      continue;
    if (m == 0xD9 || m == 0xDA) /* end of image, start of scan: no SOF seen */
      return -1;
    if (i + 2 > len)
      return -1;
    seg = be16(d + i);
    if (seg < 2)
      return -1;
    if (is_sof(m)) {
      if (seg < 7 || i + 7 > len)
        return -1;
      *h = be16(d + i + 3);
      *w = be16(d + i + 5);
      return 1;
    }
    i += seg;
  }
  return -1;
}

/* GIF: "GIF87a" or "GIF89a", then the logical screen width and height as
 * 2-byte little-endian integers. */
static int sniff_gif(const unsigned char *d, size_t len, unsigned long *w,
                     unsigned long *h)
{
  if (len < 6 || (memcmp(d, "GIF87a", 6) != 0 && memcmp(d, "GIF89a", 6) != 0))
    return 0;
  if (len < 10)
    return -1;
  *w = le16(d + 6);
  *h = le16(d + 8);
  return 1;
}

galley_status galley_image_sniff(const unsigned char *data, size_t len,
                                 galley_image_info *out_info, galley_error *err)
{
  unsigned long w = 0, h = 0;
  int r;
  galley_image_info info;

  memset(&info, 0, sizeof info);
  if (out_info)
    *out_info = info;
  if (!data)
    len = 0;
  if ((r = sniff_png(data, len, &w, &h)) != 0) {
    info.type = GALLEY_IMAGE_PNG;
    info.media_type = "image/png";
    info.extension = "png";
  } else if ((r = sniff_jpeg(data, len, &w, &h)) != 0) {
    info.type = GALLEY_IMAGE_JPEG;
    info.media_type = "image/jpeg";
    info.extension = "jpg";
  } else if ((r = sniff_gif(data, len, &w, &h)) != 0) {
    info.type = GALLEY_IMAGE_GIF;
    info.media_type = "image/gif";
    info.extension = "gif";
  } else {
    return galley_error_set(err, GALLEY_ERR_DATA, 0,
                            "not a PNG, JPEG or GIF image");
  }
  if (r < 0)
    return galley_error_set(err, GALLEY_ERR_DATA, 0,
                            "truncated or malformed %s header",
                            info.extension);
  if (w == 0 || h == 0)
    return galley_error_set(err, GALLEY_ERR_DATA, 0,
                            "%s header gives no size (%lu x %lu pixels)",
                            info.extension, w, h);
  if (w > GALLEY_IMAGE_MAX_SIDE || h > GALLEY_IMAGE_MAX_SIDE ||
      (long long)w * (long long)h > GALLEY_IMAGE_MAX_PIXELS)
    return galley_error_set(err, GALLEY_ERR_DATA, 0,
                            "image too large: %lu x %lu pixels (at most %d a "
                            "side and %lld in all)",
                            w, h, GALLEY_IMAGE_MAX_SIDE, GALLEY_IMAGE_MAX_PIXELS);
  info.width = (int)w;
  info.height = (int)h;
  if (out_info)
    *out_info = info;
  return GALLEY_OK;
}

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
  if (galley_image_sniff(img.data, img.len, &img.info, &sub) != GALLEY_OK) {
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
