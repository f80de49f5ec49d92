/* css.c: the one CSS tokenizer for galley's readers of style sheets:
 * comments, strings (with their escapes) and nested brackets, as CSS
 * Syntax Level 3 tokenizes them, and nothing of what the rules mean.
 * Tolerant: any bytes are accepted, and an unterminated string or block
 * ends at the end of the sheet. */
#include <ctype.h>
#include <string.h>

#include "css.h"
#include "buf.h"

char *galley_css_strip_comments(const char *css, size_t len, size_t *out_len)
{
  galley_buf b = GALLEY_BUF_INIT;
  galley_css_scan sc = {css, len, 0};
  while (sc.pos < len) {
    size_t at = sc.pos;
    int opaque = galley_css_skip_opaque(&sc);
    if (opaque != 0 && css[at] == '/') { /* a comment */
      if (opaque < 0)
        break;
      galley_buf_putc(&b, ' ');
    } else if (opaque != 0) { /* a string */
      galley_buf_put(&b, css + at, sc.pos - at);
    } else {
      galley_buf_putc(&b, css[at] == '\0' ? ' ' : css[at]);
      sc.pos++;
    }
  }
  return galley_buf_detach(&b, out_len);
}

int galley_css_skip_string(galley_css_scan *sc)
{
  char q = sc->s[sc->pos++];
  while (sc->pos < sc->len && sc->s[sc->pos] != q && sc->s[sc->pos] != '\n') {
    if (sc->s[sc->pos] == '\\' && sc->pos + 1 < sc->len)
      sc->pos++;
    sc->pos++;
  }
  if (sc->pos < sc->len)
    return sc->s[sc->pos++] == q;
  return 0;
}

int galley_css_skip_opaque(galley_css_scan *sc)
{
  const char *s = sc->s;
  size_t i = sc->pos;
  if (i + 1 < sc->len && s[i] == '/' && s[i + 1] == '*') {
    for (i += 2; i + 1 < sc->len && !(s[i] == '*' && s[i + 1] == '/'); i++)
      ;
    if (i + 1 < sc->len) {
      sc->pos = i + 2;
      return 1;
    }
    sc->pos = sc->len;
    return -1;
  }
  if (i < sc->len && (s[i] == '"' || s[i] == '\''))
    return galley_css_skip_string(sc) ? 1 : -1;
  return 0;
}

char galley_css_scan_to(galley_css_scan *sc, const char *stops)
{
  int depth = 0;
  while (sc->pos < sc->len) {
    char c = sc->s[sc->pos];
    if (galley_css_skip_opaque(sc) != 0)
      continue;
    if (depth == 0 && c != '\0' && strchr(stops, c))
      return c;
    if (c == '(' || c == '[' || c == '{')
      depth++;
    else if ((c == ')' || c == ']' || c == '}') && depth > 0)
      depth--;
    sc->pos++;
  }
  return 0;
}

char galley_css_scan_to_flat(galley_css_scan *sc, const char *stops)
{
  while (sc->pos < sc->len) {
    char c = sc->s[sc->pos];
    if (galley_css_skip_opaque(sc) != 0)
      continue;
    if (c != '\0' && strchr(stops, c))
      return c;
    sc->pos++;
  }
  return 0;
}

void galley_css_scan_block(galley_css_scan *sc, size_t *out_start, size_t *out_end)
{
  sc->pos++;
  *out_start = sc->pos;
  galley_css_scan_to(sc, "}");
  *out_end = sc->pos;
  if (sc->pos < sc->len)
    sc->pos++;
}

int galley_css_skip_block(galley_css_scan *sc)
{
  int depth = 0;
  while (sc->pos < sc->len) {
    char c = sc->s[sc->pos];
    if (galley_css_skip_opaque(sc) != 0)
      continue;
    if (c == '{')
      depth++;
    else if (c == '}' && --depth == 0)
      return 1;
    sc->pos++;
  }
  return 0;
}

int galley_css_is_name_char(char c)
{
  return isalnum((unsigned char)c) || c == '-' || c == '_';
}

int galley_css_is_ident_char(char c)
{
  return galley_css_is_name_char(c) || (unsigned char)c >= 0x80;
}
