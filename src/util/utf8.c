/* utf8.c: UTF-8 decoding with maximal-subpart error spans, encoding, and
 * the small character classes the heuristics need. */
#include "utf8.h"

#include <glib.h>
#include <string.h>

size_t galley_utf8_decode(const char *str, size_t len, int32_t *out_cp)
{
  const unsigned char *s = (const unsigned char *)str;
  unsigned char c = s[0];
  size_t need, i;
  int32_t cp;
  unsigned char lo = 0x80, hi = 0xBF;

  if (c < 0x80) {
    *out_cp = c;
    return 1;
  }
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    cp = c & 0x0F;
    if (c == 0xE0)
      lo = 0xA0; /* no overlong forms */
    if (c == 0xED)
      hi = 0x9F; /* no surrogates */
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    cp = c & 0x07;
    if (c == 0xF0)
      lo = 0x90;
    if (c == 0xF4)
      hi = 0x8F; /* nothing past U+10FFFF */
  } else {
    *out_cp = -1;
    return 1;
  }
  for (i = 1; i <= need; i++) {
    unsigned char b;
    if (i >= len) {
      *out_cp = -1;
      return i;
    }
    b = s[i];
    if (b < lo || b > hi) {
      *out_cp = -1;
      return i;
    }
    lo = 0x80;
    hi = 0xBF;
    cp = (cp << 6) | (b & 0x3F);
  }
  *out_cp = cp;
  return need + 1;
}

size_t galley_utf8_ascii_run(const char *s, size_t len, size_t i)
{
  const unsigned char *u = (const unsigned char *)s;
  /* A word of eight such bytes: none below 0x20 (it would borrow in the
   * subtraction) and none above 0x7F (its high bit); a borrow from a
   * lower byte only ends the word test early. */
  while (i + 8 <= len) {
    uint64_t w;
    memcpy(&w, u + i, 8);
    if ((w | (w - 0x2020202020202020ull)) & 0x8080808080808080ull)
      break;
    i += 8;
  }
  while (i < len && u[i] >= 0x20 && u[i] < 0x80)
    i++;
  return i;
}

size_t galley_utf8_two_byte(const char *s, size_t len, size_t i)
{
  const unsigned char *u = (const unsigned char *)s;
  return u[i] >= 0xC2 && u[i] <= 0xDF && i + 1 < len && (u[i + 1] & 0xC0) == 0x80 ? 2 : 0;
}

size_t galley_utf8_prev(const char *s, size_t end, int32_t *out_cp)
{
  size_t start = end - 1;
  while (start > 0 && end - start < 4 && ((unsigned char)s[start] & 0xC0) == 0x80)
    start--;
  galley_utf8_decode(s + start, end - start, out_cp);
  return start;
}

void galley_utf8_encode(galley_buf *buf, int32_t cp)
{
  char b[4];
  galley_buf_put(buf, b, galley_utf8_encode_to(b, cp));
}

size_t galley_utf8_encode_to(char *b, int32_t cp)
{
  size_t n;
  if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    cp = GALLEY_UTF8_REPLACEMENT;
  if (cp < 0x80) {
    b[0] = (char)cp;
    n = 1;
  } else if (cp < 0x800) {
    b[0] = (char)(0xC0 | (cp >> 6));
    b[1] = (char)(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    b[0] = (char)(0xE0 | (cp >> 12));
    b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    b[2] = (char)(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    b[0] = (char)(0xF0 | (cp >> 18));
    b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    b[3] = (char)(0x80 | (cp & 0x3F));
    n = 4;
  }
  return n;
}

int galley_utf8_is_valid(const char *s, size_t len)
{
  size_t i = 0;
  while (i < len) {
    int32_t cp;
    size_t n = galley_utf8_decode(s + i, len - i, &cp);
    if (cp <= 0)
      return 0;
    i += n;
  }
  return 1;
}

int galley_utf8_is_xml_char(int32_t cp)
{
  /* Noncharacters (U+FDD0..U+FDEF, U+xxFFFE, U+xxFFFF) are refused too:
   * Unicode reserves them for internal use, XML 1.0 (section 2.2)
   * discourages them, and Cairo rejects any string holding one (a PDF
   * outline entry or title then fails with "input string not valid
   * UTF-8"). */
  if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
    return 0;
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

size_t galley_utf8_count(const char *s, size_t len)
{
  size_t i = 0, cont = 0;
  /* the continuation bytes (10xxxxxx), eight at a time: a byte's top bit
   * set and the next bit clear, the flags summed by one multiplication */
  for (; i + 8 <= len; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    w = w & ~(w << 1) & UINT64_C(0x8080808080808080);
    cont += (size_t)(((w >> 7) * UINT64_C(0x0101010101010101)) >> 56);
  }
  for (; i < len; i++)
    cont += ((unsigned char)s[i] & 0xC0) == 0x80;
  return len - cont;
}

size_t galley_utf8_offset(const char *s, size_t len, size_t n)
{
  size_t i = 0;
  while (i < len && n > 0) {
    i++;
    while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
      i++;
    n--;
  }
  return i;
}

int galley_utf8_is_space(int32_t cp)
{
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
         cp == '\v' || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x205F || cp == 0x3000;
}

/* Letter classes come from GLib's Unicode tables (GLib is there with
 * Pango): every script's capitals, small letters and title-case digraphs
 * as Unicode has them. */
int galley_utf8_is_upper(int32_t cp)
{
  if (cp < 0x80)
    return cp >= 'A' && cp <= 'Z';
  return cp <= 0x10FFFF && (g_unichar_isupper((gunichar)cp) || g_unichar_istitle((gunichar)cp));
}

int galley_utf8_is_lower(int32_t cp)
{
  if (cp < 0x80)
    return cp >= 'a' && cp <= 'z';
  return cp <= 0x10FFFF && g_unichar_islower((gunichar)cp);
}

/* A letter of any script (other letters: CJK, Arabic, Hebrew...), or a
 * combining mark, which belongs to the letter before it; not a digit,
 * punctuation, symbol or space. */
int galley_utf8_is_letter(int32_t cp)
{
  if (cp < 0x80)
    return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
  return cp <= 0x10FFFF && (g_unichar_isalpha((gunichar)cp) || g_unichar_ismark((gunichar)cp));
}

int galley_utf8_is_dash(int32_t cp)
{
  return cp == '-' || cp == 0x2012 || cp == 0x2013 || cp == 0x2014 ||
         cp == 0x2015 || cp == 0x2212;
}

int galley_hex_digit_value(int c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}
