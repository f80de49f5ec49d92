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
  size_t i = 0;
  while (i < len) {
    char c = css[i];
    if (c == '/' && i + 1 < len && css[i + 1] == '*') {
      const char *end = NULL;
      size_t j;
      for (j = i + 2; j + 1 < len; j++)
        if (css[j] == '*' && css[j + 1] == '/') {
          end = css + j;
          break;
        }
      if (!end)
        break;
      galley_buf_putc(&b, ' ');
      i = (size_t)(end - css) + 2;
      continue;
    }
    if (c == '"' || c == '\'') {
      size_t j = i + 1;
      while (j < len && css[j] != c && css[j] != '\n') {
        if (css[j] == '\\' && j + 1 < len)
          j++;
        j++;
      }
      if (j < len && css[j] == c)
        j++;
      galley_buf_put(&b, css + i, j - i);
      i = j;
      continue;
    }
    galley_buf_putc(&b, c == '\0' ? ' ' : c);
    i++;
  }
  return galley_buf_detach(&b, out_len);
}

void galley_css_skip_string(galley_css_scan *sc)
{
  char q = sc->s[sc->pos++];
  while (sc->pos < sc->len && sc->s[sc->pos] != q && sc->s[sc->pos] != '\n') {
    if (sc->s[sc->pos] == '\\' && sc->pos + 1 < sc->len)
      sc->pos++;
    sc->pos++;
  }
  if (sc->pos < sc->len)
    sc->pos++;
}

char galley_css_scan_to(galley_css_scan *sc, const char *stops)
{
  int depth = 0;
  while (sc->pos < sc->len) {
    char c = sc->s[sc->pos];
    if (c == '"' || c == '\'') {
      galley_css_skip_string(sc);
      continue;
    }
    if (depth == 0 && strchr(stops, c))
      return c;
    if (c == '(' || c == '[' || c == '{')
      depth++;
    else if ((c == ')' || c == ']' || c == '}') && depth > 0)
      depth--;
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

int galley_css_is_name_char(char c)
{
  return isalnum((unsigned char)c) || c == '-' || c == '_';
}
