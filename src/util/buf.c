/* buf.c: galley_buf, a growing NUL-terminated byte string. */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

void galley_buf_init(galley_buf *buf)
{
  buf->ptr = NULL;
  buf->len = 0;
  buf->cap = 0;
}

void galley_buf_free(galley_buf *buf)
{
  if (!buf)
    return;
  free(buf->ptr);
  galley_buf_init(buf);
}

void galley_buf_grow(galley_buf *buf, size_t extra)
{
  size_t need, cap;
  if (extra > SIZE_MAX - buf->len - 1)
    galley_xmalloc(SIZE_MAX); /* aborts with a message */
  need = buf->len + extra + 1;
  if (need <= buf->cap)
    return;
  cap = buf->cap ? buf->cap : 64;
  /* The first growth of an empty buffer is usually a size hint (a file's
   * size, an input's length): taken as given, so that a 16 MB input is
   * not held in 32 MB. Later growth doubles. */
  if (!buf->cap && need > cap)
    cap = need;
  while (cap < need)
    cap = cap > SIZE_MAX / 2 ? need : cap * 2;
  buf->ptr = galley_xrealloc(buf->ptr, cap);
  buf->cap = cap;
}

void galley_buf_put(galley_buf *buf, const void *data, size_t len)
{
  galley_buf_grow(buf, len);
  if (len)
    memcpy(buf->ptr + buf->len, data, len);
  buf->len += len;
  buf->ptr[buf->len] = '\0';
}

void galley_buf_puts(galley_buf *buf, const char *s)
{
  galley_buf_put(buf, s, strlen(s));
}

void galley_buf_putc(galley_buf *buf, int c)
{
  char ch = (char)c;
  galley_buf_put(buf, &ch, 1);
}

void galley_buf_vprintf(galley_buf *buf, const char *fmt, va_list ap)
{
  va_list ap2;
  int n;
  va_copy(ap2, ap);
  n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0)
    return;
  galley_buf_grow(buf, (size_t)n);
  vsnprintf(buf->ptr + buf->len, (size_t)n + 1, fmt, ap);
  buf->len += (size_t)n;
}

void galley_buf_printf(galley_buf *buf, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  galley_buf_vprintf(buf, fmt, ap);
  va_end(ap);
}

void galley_buf_truncate(galley_buf *buf, size_t len)
{
  if (len >= buf->len)
    return;
  buf->len = len;
  buf->ptr[len] = '\0';
}

void galley_buf_clear(galley_buf *buf)
{
  galley_buf_truncate(buf, 0);
}

char *galley_buf_detach(galley_buf *buf, size_t *out_len)
{
  char *p = buf->ptr ? buf->ptr : galley_xstrdup("");
  if (out_len)
    *out_len = buf->len;
  galley_buf_init(buf);
  return p;
}

const char *galley_buf_cstr(const galley_buf *buf)
{
  return buf->ptr ? buf->ptr : "";
}

void galley_buf_put_xml(galley_buf *buf, const char *s, size_t len)
{
  size_t i, start = 0;
  for (i = 0; i < len; i++) {
    const char *rep;
    switch (s[i]) {
    case '&': rep = "&amp;"; break;
    case '<': rep = "&lt;"; break;
    case '>': rep = "&gt;"; break;
    case '"': rep = "&quot;"; break;
    default: continue;
    }
    galley_buf_put(buf, s + start, i - start);
    galley_buf_puts(buf, rep);
    start = i + 1;
  }
  galley_buf_put(buf, s + start, len - start);
}
