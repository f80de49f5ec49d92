/* epub_css.c: the style sheet as it goes into the EPUB.
 *
 * The style sheets in styles/ serve both editions. For the PDF they name
 * the bundled fonts with @font-face rules pointing at files in ../fonts/; in
 * the EPUB those files do not exist (epubcheck: RSC-007, a referenced
 * resource is missing). We choose not to embed the fonts by default:
 * they would add about 2 MB to a 30 KB book, and reading systems let
 * their users pick the face anyway. So @font-face rules are dropped, and
 * the font-family lists fall back to the faces named after them. The same
 * holds for anything else the sheet could pull in: @import rules, and
 * declarations whose url() names a file (data: URLs are self-contained
 * and kept). Everything else passes through byte for byte.
 *
 * The scanner knows just enough CSS syntax (CSS Syntax 3: comments,
 * strings with escapes, blocks) to find statement and declaration
 * boundaries; it never rewrites what it keeps. */
#include <string.h>

#include "epub_private.h"

static int lower(int c)
{
  return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

/* Whether `s` (`len` bytes) starts with `word` (lowercase), ignoring case. */
static int starts_with_ci(const char *s, size_t len, const char *word)
{
  size_t i, n = strlen(word);
  if (len < n)
    return 0;
  for (i = 0; i < n; i++)
    if (lower((unsigned char)s[i]) != word[i])
      return 0;
  return 1;
}

/* Skips a comment or string starting at s[i], returning the index just
 * after it; returns i when s[i] starts neither. */
static size_t skip_opaque(const char *s, size_t len, size_t i)
{
  if (i + 1 < len && s[i] == '/' && s[i + 1] == '*') {
    for (i += 2; i + 1 < len && !(s[i] == '*' && s[i + 1] == '/'); i++)
      ;
    return i + 1 < len ? i + 2 : len;
  }
  if (s[i] == '"' || s[i] == '\'') {
    char q = s[i];
    for (i++; i < len && s[i] != q && s[i] != '\n'; i++)
      if (s[i] == '\\' && i + 1 < len)
        i++;
    return i < len ? i + 1 : len;
  }
  return i;
}

/* Skips leading whitespace and comments of s[i..len). */
static size_t skip_space(const char *s, size_t len, size_t i)
{
  for (;;) {
    size_t j;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
                       s[i] == '\r' || s[i] == '\f'))
      i++;
    if (i + 1 < len && s[i] == '/' && s[i + 1] == '*') {
      j = skip_opaque(s, len, i);
      i = j;
      continue;
    }
    return i;
  }
}

/* Whether a statement or declaration pulls in an outside file: an
 * @import, or a url( whose argument is not a data: URL. Example kept:
 * `src: url(data:font/woff2;base64,...)`; dropped: `src: url(../a.otf)`. */
static int needs_file(const char *s, size_t len)
{
  size_t i = skip_space(s, len, 0);
  if (starts_with_ci(s + i, len - i, "@import"))
    return 1;
  for (; i < len; i++) {
    size_t j = skip_opaque(s, len, i);
    if (j != i) { /* a comment or a string: no reference */
      i = j - 1;
      continue;
    }
    if (starts_with_ci(s + i, len - i, "url(")) {
      size_t k = i + 4;
      while (k < len && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n'))
        k++;
      if (k < len && (s[k] == '"' || s[k] == '\''))
        k++;
      if (!starts_with_ci(s + k, len - k, "data:"))
        return 1;
    }
  }
  return 0;
}

/* The index just after the block that opens at s[i] == '{'. */
static size_t skip_block(const char *s, size_t len, size_t i)
{
  int depth = 0;
  while (i < len) {
    size_t j = skip_opaque(s, len, i);
    if (j != i) {
      i = j;
      continue;
    }
    if (s[i] == '{')
      depth++;
    else if (s[i] == '}' && --depth == 0)
      return i + 1;
    i++;
  }
  return len;
}

int epub_css_filter(const char *css, size_t len, galley_buf *out)
{
  size_t i = 0, seg = 0;
  int dropped = 0;
  if (!css)
    return 0;
  while (i < len) {
    size_t j = skip_opaque(css, len, i);
    if (j != i) {
      i = j;
      continue;
    }
    if (css[i] == '{') {
      /* [seg, i) is the prelude of a rule or at-rule. */
      size_t p = skip_space(css, i, seg);
      if (starts_with_ci(css + p, i - p, "@font-face")) {
        /* Drop the rule, keeping the whitespace before it. */
        galley_buf_put(out, css + seg, p - seg);
        i = skip_block(css, len, i);
        /* and the line end after it */
        if (i < len && css[i] == '\n')
          i++;
        seg = i;
        dropped++;
        continue;
      }
      galley_buf_put(out, css + seg, i + 1 - seg);
      seg = ++i;
      continue;
    }
    if (css[i] == ';' || css[i] == '}') {
      /* [seg, i) is a declaration or a statement. */
      if (needs_file(css + seg, i - seg)) {
        /* Drop it with the white space before it, but not the comments
         * there nor a closing brace. */
        size_t lead = skip_space(css, i, seg);
        dropped++;
        if (css[i] == '}' || memchr(css + seg, '/', lead - seg))
          galley_buf_put(out, css + seg, lead - seg); /* comments stay */
        if (css[i] == '}')
          galley_buf_putc(out, '}');
      } else {
        galley_buf_put(out, css + seg, i + 1 - seg);
      }
      seg = ++i;
      continue;
    }
    i++;
  }
  if (seg < len) {
    if (needs_file(css + seg, len - seg))
      dropped++;
    else
      galley_buf_put(out, css + seg, len - seg);
  }
  return dropped;
}
