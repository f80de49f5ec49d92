/* epub_escape.c: the EPUB's escaping, what every file that writes markup
 * calls and that calls nothing of the writer's: text and attribute values
 * escaped for XML (with what XML and HTML forbid replaced), URLs
 * percent-encoded for an href. */
#include <stdint.h>
#include <string.h>

#include "../util/utf8.h"
#include "epub_private.h"

static void put_replacement(galley_buf *out)
{
  galley_buf_puts(out, "\xEF\xBF\xBD"); /* U+FFFD */
}

/* 1 for a byte of text copied as it is: printable ASCII but the four
 * XML escapes, tab and newline. */
static const unsigned char plain_byte[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* 1 when the eight bytes in `w` are all plain (as plain_byte, but tab
 * and newline): none below 0x20 or above 0x7E (a byte below 0x20 borrows
 * in the subtraction, one above 0x7F has its high bit), none of & < > "
 * (a zero byte after XOR with it: the exact test of "a byte is zero"). */
static int plain_word(uint64_t w)
{
  const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
#define HAS_ZERO(v) (((v) - ones) & ~(v) & high)
  if ((w | (w - 0x2020202020202020ull)) & high)
    return 0;
  return !(HAS_ZERO(w ^ (ones * '&')) | HAS_ZERO(w ^ (ones * '<')) |
           HAS_ZERO(w ^ (ones * '>')) | HAS_ZERO(w ^ (ones * '"')) |
           HAS_ZERO(w ^ (ones * 0x7F)));
#undef HAS_ZERO
}

void epub_put_text(galley_buf *out, const char *s, size_t len)
{
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0, start = 0;
  if (!s)
    return;
  while (i < len) {
    unsigned char c = u[i];
    const char *rep = NULL;
    if (plain_byte[c]) {
      i++;
      while (i + 8 <= len) {
        uint64_t w;
        memcpy(&w, u + i, 8);
        if (!plain_word(w))
          break;
        i += 8;
      }
      continue;
    }
    if (c != 0xC2 && galley_utf8_two_byte(s, len, i)) {
      /* two bytes, U+00C0..U+07FF (U+0080..U+00BF, led by 0xC2, hold the
       * C1 controls): Latin, Greek, Cyrillic, Hebrew, all characters XML
       * and HTML take, copied without decoding */
      i += 2;
      continue;
    }
    switch (c) {
    case '&': rep = "&amp;"; break;
    case '<': rep = "&lt;"; break;
    case '>': rep = "&gt;"; break;
    case '"': rep = "&quot;"; break;
    default: break;
    }
    if (rep) {
      galley_buf_put(out, s + start, i - start);
      galley_buf_puts(out, rep);
      start = ++i;
    } else {
      int32_t cp;
      size_t n = c < 0x80 ? 1 : galley_utf8_decode(s + i, len - i, &cp);
      if (c < 0x80 || cp < 0 || !galley_utf8_is_xml_char(cp) ||
          (cp >= 0x7F && cp <= 0x9F)) {
        /* XML forbids C0 controls; HTML forbids C1 controls too */
        galley_buf_put(out, s + start, i - start);
        put_replacement(out);
        start = i + n;
      }
      i += n;
    }
  }
  galley_buf_put(out, s + start, len - start);
}

void epub_put_cstr(galley_buf *out, const char *s)
{
  if (s)
    epub_put_text(out, s, strlen(s));
}

static int is_hex(int c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

void epub_put_url(galley_buf *out, const char *s, size_t len, int fragment)
{
  static const char hex[] = "0123456789ABCDEF";
  size_t i;
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '#' && !fragment) {
      galley_buf_putc(out, c);
      fragment = 1;
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               (c != 0 && strchr("-._~:/?[]@!$'()*+,;=", c) != NULL)) {
      galley_buf_putc(out, c);
    } else if (c == '&') {
      galley_buf_puts(out, "&amp;");
    } else if (c == '%' && i + 2 < len && is_hex((unsigned char)s[i + 1]) &&
               is_hex((unsigned char)s[i + 2])) {
      galley_buf_putc(out, '%');
    } else {
      galley_buf_putc(out, '%');
      galley_buf_putc(out, hex[c >> 4]);
      galley_buf_putc(out, hex[c & 15]);
    }
  }
}
