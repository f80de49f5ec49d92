/* buf.h: galley_buf owns a growing byte string (always NUL-terminated);
 * galley_str borrows one. As cmark's cmark_strbuf and cmark_chunk. */
#ifndef GALLEY_UTIL_BUF_H
#define GALLEY_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct galley_buf {
  char *ptr;    /* owned; NULL until the first write */
  size_t len;   /* bytes used, not counting the NUL */
  size_t cap;   /* bytes allocated */
} galley_buf;

#define GALLEY_BUF_INIT {NULL, 0, 0}

/* A borrowed span of bytes: valid as long as what it points into. */
typedef struct galley_str {
  const char *ptr;
  size_t len;
} galley_str;

void galley_buf_init(galley_buf *buf);
/* Frees the bytes and resets to empty. NULL is accepted. */
void galley_buf_free(galley_buf *buf);
/* Makes room for `extra` more bytes (aborts on overflow or OOM). */
void galley_buf_grow(galley_buf *buf, size_t extra);
void galley_buf_put(galley_buf *buf, const void *data, size_t len);
void galley_buf_puts(galley_buf *buf, const char *s);
void galley_buf_putc(galley_buf *buf, int c);
void galley_buf_printf(galley_buf *buf, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void galley_buf_vprintf(galley_buf *buf, const char *fmt, va_list ap);
void galley_buf_truncate(galley_buf *buf, size_t len);
void galley_buf_clear(galley_buf *buf);
/* Returns the bytes (NUL-terminated, never NULL; caller frees with free())
 * and leaves `buf` empty. */
char *galley_buf_detach(galley_buf *buf, size_t *out_len);
/* The bytes as a C string: "" when empty. Borrowed. */
const char *galley_buf_cstr(const galley_buf *buf);

/* XML escaping of `len` bytes into `buf`: & < > always, " as &quot;. */
void galley_buf_put_xml(galley_buf *buf, const char *s, size_t len);

#endif
