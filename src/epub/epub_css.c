/* epub_css.c: the style sheet as it goes into the EPUB.
 *
 * The style sheets in styles/ serve both editions, and a user may name
 * any file with --style; whatever it holds, the EPUB must pass epubcheck.
 * So the sheet is not copied but rewritten from what a small CSS parser
 * (CSS Syntax 3: comments, strings with escapes, nested blocks) finds in
 * it, keeping only what is well formed and allowed in EPUB:
 *
 *   - qualified rules whose selector uses selector characters only, with
 *     balanced brackets, and their well-formed declarations
 *     (`name: value`, the name an identifier, the value non-empty, its
 *     brackets and strings closed, no control characters);
 *   - @media and @supports blocks (their rules filtered alike), except
 *     @media blocks for print alone.
 *
 * The EPUB is read on screens, at the reader's type size and in the
 * reader's colours. The style sheets keep what only the PDF wants (the
 * page, sizes in points, colours) in @page and @media print, which are
 * dropped here; for any other sheet three guards keep the reader's
 * settings: font sizes in absolute units (pt, px, mm...) are dropped, so
 * are colours on body and html, and a colour elsewhere stays only when it
 * reads at 4.5:1 or more on both a white and a black page (WCAG 2.x 1.4.3)
 * or sits inside a prefers-color-scheme query.
 *
 * Dropped: @font-face (galley packages no fonts: the PDF's bundled faces
 * would add about 2 MB to a 30 KB book, reading systems let their users
 * pick the face anyway, and the font-family lists name fallbacks),
 * @page, @import, @charset, @namespace and other at-rules; declarations whose
 * url() names a file (data: URLs are self-contained and kept); the
 * properties EPUB forbids (direction, unicode-bidi: epubcheck CSS-001) or
 * warns about (position: fixed, CSS-006); numbers in exponent notation
 * (1e30pt), which epubcheck's CSS parser rejects; font-size values that
 * are not a keyword or a non-negative length or percentage (CSS-020);
 * comments; stray braces and semicolons; a block left open at the end.
 *
 * The output is one rule a line group, declarations indented, in the
 * order of the input. */
#include <math.h>
#include <string.h>

#include "../util/css.h"
#include "../util/utf8.h"
#include "epub_private.h"

/* Deepest nesting of @media/@supports kept. */
#define CSS_MAX_DEPTH 4

static int lower(int c)
{
  return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

static int is_space(int c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int is_digit(int c)
{
  return c >= '0' && c <= '9';
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

/* Whether s[0..len) is exactly `word`, ignoring case. */
static int equals_ci(const char *s, size_t len, const char *word)
{
  return strlen(word) == len && starts_with_ci(s, len, word);
}

/* Skips white space, comments and byte-order marks from i. (A BOM
 * inside the sheet comes from files joined with cat; kept at the start
 * of a selector it would begin the packaged sheet and be read as its BOM.) */
static size_t skip_space(const char *s, size_t len, size_t i)
{
  galley_css_scan sc = {s, len, i};
  for (;;) {
    while (sc.pos < len && is_space((unsigned char)s[sc.pos]))
      sc.pos++;
    if (sc.pos + 2 < len && memcmp(s + sc.pos, "\xEF\xBB\xBF", 3) == 0) {
      sc.pos += 3;
      continue;
    }
    if (sc.pos < len && s[sc.pos] == '/' && galley_css_skip_opaque(&sc) != 0)
      continue;
    return sc.pos;
  }
}

/* Whether s[0..len) is made of well-formed tokens: strings and comments
 * closed, () and [] balanced, no control characters, valid UTF-8, and
 * nothing outside strings from `forbidden`. */
static int is_well_formed(const char *s, size_t len, const char *forbidden)
{
  char stack[32];
  int depth = 0, opaque;
  galley_css_scan sc = {s, len, 0};
  if (!galley_utf8_is_valid(s, len))
    return 0;
  while (sc.pos < len) {
    unsigned char c = (unsigned char)s[sc.pos];
    if ((opaque = galley_css_skip_opaque(&sc)) != 0) {
      if (opaque < 0)
        return 0;
      continue;
    }
    if ((c < 0x20 && !is_space(c)) || c == 0x7F || strchr(forbidden, c))
      return 0;
    if (c == '\\' && (sc.pos + 1 >= len || s[sc.pos + 1] == '\n'))
      return 0;
    if (c == '(' || c == '[') {
      if (depth == (int)sizeof stack)
        return 0;
      stack[depth++] = c == '(' ? ')' : ']';
    } else if (c == ')' || c == ']') {
      if (depth == 0 || stack[depth - 1] != (char)c)
        return 0;
      depth--;
    }
    sc.pos += c == '\\' ? 2 : 1;
  }
  return depth == 0;
}

/* Whether a value holds a number in exponent notation ("1e30pt"), which
 * epubcheck's CSS parser rejects. "#1e3e4f" and "a1e3" are not numbers. */
static int has_exponent(const char *s, size_t len)
{
  galley_css_scan sc = {s, len, 0};
  size_t i = 0;
  while ((sc.pos = i) < len) {
    if (galley_css_skip_opaque(&sc) != 0) {
      i = sc.pos;
      continue;
    }
    if (s[i] == '#' || (galley_css_is_ident_char(s[i]) &&
                        !is_digit((unsigned char)s[i]))) {
      /* a hash or an identifier: skip it whole */
      for (i++; i < len && galley_css_is_ident_char(s[i]); i++)
        ;
      continue;
    }
    if (is_digit((unsigned char)s[i]) || s[i] == '.') {
      while (i < len && (is_digit((unsigned char)s[i]) || s[i] == '.'))
        i++;
      if (i < len && (s[i] == 'e' || s[i] == 'E') &&
          ((i + 1 < len && is_digit((unsigned char)s[i + 1])) ||
           (i + 2 < len && (s[i + 1] == '+' || s[i + 1] == '-') &&
            is_digit((unsigned char)s[i + 2]))))
        return 1;
      while (i < len && galley_css_is_ident_char(s[i]))
        i++; /* the unit */
      continue;
    }
    i++;
  }
  return 0;
}

/* Whether a url() in the value names anything but a data: URL. Example
 * kept: `url(data:font/woff2;base64,...)`; dropped: `url(../a.otf)`. */
static int needs_file(const char *s, size_t len)
{
  galley_css_scan sc = {s, len, 0};
  size_t i;
  for (i = 0; i < len; i++) {
    sc.pos = i;
    if (galley_css_skip_opaque(&sc) != 0) { /* a comment or a string: no reference */
      i = sc.pos - 1;
      continue;
    }
    if (starts_with_ci(s + i, len - i, "url(")) {
      size_t k = i + 4;
      while (k < len && is_space((unsigned char)s[k]))
        k++;
      if (k < len && (s[k] == '"' || s[k] == '\''))
        k++;
      if (!starts_with_ci(s + k, len - k, "data:"))
        return 1;
    }
  }
  return 0;
}

/* A font-size epubcheck accepts: a keyword, or a non-negative number with
 * a length unit or '%' (0 alone too), optionally !important. */
static int is_font_size(const char *s, size_t len)
{
  static const char *const keywords[] = {
      "xx-small", "x-small", "small",   "medium",  "large",  "x-large",
      "xx-large", "larger",  "smaller", "inherit", "initial", "unset"};
  static const char *const units[] = {"em", "ex", "ch",   "rem",  "vw", "vh",
                                      "vmin", "vmax", "cm", "mm", "in", "pt",
                                      "pc", "px", "q", "%"};
  size_t i = 0, k, n;
  int digits = 0;
  if (len >= 10 && equals_ci(s + len - 10, 10, "!important")) {
    len -= 10;
    while (len > 0 && is_space((unsigned char)s[len - 1]))
      len--;
  }
  for (k = 0; k < sizeof keywords / sizeof *keywords; k++)
    if (equals_ci(s, len, keywords[k]))
      return 1;
  if (i < len && s[i] == '+')
    i++;
  while (i < len && is_digit((unsigned char)s[i])) {
    i++;
    digits++;
  }
  if (i < len && s[i] == '.') {
    i++;
    while (i < len && is_digit((unsigned char)s[i])) {
      i++;
      digits++;
    }
  }
  if (digits == 0 || digits > 12)
    return 0;
  n = len - i;
  if (n == 0)
    return s[0] == '0' && len == 1;
  for (k = 0; k < sizeof units / sizeof *units; k++)
    if (equals_ci(s + i, n, units[k]))
      return 1;
  return 0;
}

/* Whether a font-size value that is_font_size accepts has an absolute
 * unit, which would override the reader's size: "11pt" yes, "1.2em" and
 * "90%" no. */
static int is_absolute_size(const char *s, size_t len)
{
  static const char *const units[] = {"pt", "pc", "px", "cm", "mm", "in", "q"};
  size_t i = 0, k;
  while (i < len && (is_digit((unsigned char)s[i]) || s[i] == '.' || s[i] == '+'))
    i++;
  if (i == 0)
    return 0;
  for (k = 0; k < sizeof units / sizeof *units; k++)
    if (starts_with_ci(s + i, len - i, units[k]) &&
        (i + strlen(units[k]) == len || !galley_css_is_ident_char(s[i + strlen(units[k])])))
      return 1;
  return 0;
}

static int hex_value(int c)
{
  if (is_digit(c))
    return c - '0';
  c = lower(c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* One sRGB channel (0-255) as linear light (WCAG 2.x relative
 * luminance). */
static double linear_channel(int v)
{
  double c = v / 255.0;
  return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/* Whether a colour value may stay in the EPUB: a keyword that takes the
 * reader's colour (inherit, currentColor, ...), or "#rgb"/"#rrggbb" whose
 * contrast is at least 4.5:1 on white and on black. Example kept:
 * "#767676" (4.54:1 on white, 4.62:1 on black); dropped: "#555" (7.5:1
 * on white, 2.8:1 on black), and colours not written in hex ("red"). */
static int is_readable_color(const char *s, size_t len)
{
  static const char *const keywords[] = {"inherit", "currentcolor", "initial",
                                         "unset", "revert"};
  int rgb[3], k, step;
  double l;
  for (k = 0; k < (int)(sizeof keywords / sizeof *keywords); k++)
    if (equals_ci(s, len, keywords[k]))
      return 1;
  if ((len != 4 && len != 7) || s[0] != '#')
    return 0;
  step = len == 4 ? 1 : 2;
  for (k = 0; k < 3; k++) {
    int hi = hex_value((unsigned char)s[1 + k * step]);
    int lo = hex_value((unsigned char)s[1 + k * step + step - 1]);
    if (hi < 0 || lo < 0)
      return 0;
    rgb[k] = hi * 16 + lo;
  }
  l = 0.2126 * linear_channel(rgb[0]) + 0.7152 * linear_channel(rgb[1]) +
      0.0722 * linear_channel(rgb[2]);
  /* on white (L = 1) and on black (L = 0) */
  return (1.05 / (l + 0.05)) >= 4.5 && ((l + 0.05) / 0.05) >= 4.5;
}

/* Trims white space at both ends of [*start, *end). */
static void trim(const char *s, size_t *start, size_t *end)
{
  while (*start < *end && is_space((unsigned char)s[*start]))
    (*start)++;
  while (*end > *start && is_space((unsigned char)s[*end - 1]))
    (*end)--;
}

/* Appends s[start..end) with runs of white space as one space. */
static void put_collapsed(galley_buf *out, const char *s, size_t start, size_t end)
{
  int space = 0;
  size_t i;
  for (i = start; i < end; i++) {
    if (is_space((unsigned char)s[i])) {
      space = 1;
      continue;
    }
    if (space)
      galley_buf_putc(out, ' ');
    space = 0;
    galley_buf_putc(out, s[i]);
  }
}

typedef struct css_filter {
  const char *s;   /* borrowed: the whole sheet */
  size_t len;
  galley_buf *out; /* borrowed */
  int dropped;     /* rules and declarations left out */
  int in_scheme;   /* inside a prefers-color-scheme query: colours kept */
  int on_root;     /* the rule's selector names body or html */
} css_filter;

/* One declaration s[start..end) (no ';'), written if it may stay. */
static void filter_declaration(css_filter *f, size_t start, size_t end,
                               const char *indent)
{
  const char *s = f->s;
  size_t colon, name_end, v, i;
  trim(s, &start, &end);
  if (start == end)
    return;
  for (colon = start; colon < end && s[colon] != ':'; colon++)
    ;
  name_end = colon;
  while (name_end > start && is_space((unsigned char)s[name_end - 1]))
    name_end--;
  v = colon + 1;
  trim(s, &v, &end);
  for (i = start; i < name_end && galley_css_is_ident_char(s[i]); i++)
    ;
  /* (galley_css_is_ident_char takes any byte >= 0x80, so the name's UTF-8 is checked
   * as a whole: a style sheet in the package must be UTF-8.) */
  if (colon == end || name_end == start || i != name_end || is_digit((unsigned char)s[start]) ||
      !galley_utf8_is_valid(s + start, name_end - start) ||
      v == end || !is_well_formed(s + v, end - v, "{};<>") ||
      needs_file(s + v, end - v) || has_exponent(s + v, end - v) ||
      equals_ci(s + start, name_end - start, "direction") ||
      equals_ci(s + start, name_end - start, "unicode-bidi") ||
      (equals_ci(s + start, name_end - start, "position") &&
       starts_with_ci(s + v, end - v, "fixed")) ||
      (equals_ci(s + start, name_end - start, "font-size") &&
       (!is_font_size(s + v, end - v) || is_absolute_size(s + v, end - v))) ||
      (equals_ci(s + start, name_end - start, "color") && !f->in_scheme &&
       (f->on_root || !is_readable_color(s + v, end - v)))) {
    f->dropped++;
    return;
  }
  galley_buf_puts(f->out, indent);
  galley_buf_put(f->out, s + start, name_end - start);
  galley_buf_puts(f->out, ": ");
  put_collapsed(f->out, s, v, end);
  galley_buf_puts(f->out, ";\n");
}

/* The declarations of a block s[start..end) (between its braces). Nested
 * blocks (margin boxes in @page) are dropped. */
static void filter_declarations(css_filter *f, size_t start, size_t end,
                                const char *indent)
{
  galley_css_scan sc = {f->s, end, start};
  size_t decl = start;
  char stop;
  while ((stop = galley_css_scan_to_flat(&sc, ";{")) != 0) {
    if (stop == '{') {
      /* a nested block: drop it with the prelude before it */
      if (galley_css_skip_block(&sc))
        sc.pos++;
      decl = sc.pos;
      f->dropped++;
      continue;
    }
    filter_declaration(f, decl, sc.pos, indent);
    decl = ++sc.pos;
  }
  filter_declaration(f, decl, end, indent);
}

static void filter_rules(css_filter *f, size_t start, size_t end, int depth);

/* Whether `word` (lowercase) occurs in s[0..len), ignoring case. */
static int has_word_ci(const char *s, size_t len, const char *word)
{
  size_t i;
  for (i = 0; i < len; i++)
    if (starts_with_ci(s + i, len - i, word))
      return 1;
  return 0;
}

/* Takes the next item of the comma-separated list s[0..len) from *i:
 * writes its bounds, trimmed, to *a and *b and moves *i past its comma.
 * Returns 0 when the list is done. */
static int next_item(const char *s, size_t len, size_t *i, size_t *a, size_t *b)
{
  size_t e = *i;
  if (*i > len)
    return 0;
  while (e < len && s[e] != ',')
    e++;
  *a = *i;
  *b = e;
  trim(s, a, b);
  *i = e + 1;
  return 1;
}

/* Whether every query of a @media prelude asks for print: "print",
 * "only print and (max-width: 160mm)" yes; "screen", "all", "print,
 * screen" and "not print" no. */
static int is_print_only(const char *s, size_t len)
{
  size_t i = 0, a, b;
  while (next_item(s, len, &i, &a, &b)) {
    if (starts_with_ci(s + a, b - a, "only") && b - a > 4 &&
        is_space((unsigned char)s[a + 4])) {
      a += 4;
      trim(s, &a, &b);
    }
    if (!starts_with_ci(s + a, b - a, "print") ||
        (b - a > 5 && galley_css_is_ident_char(s[a + 5])))
      return 0;
  }
  return 1;
}

/* Whether a selector list names body or html alone in one of its
 * selectors ("body", "h1, html"); "body p" does not. */
static int is_root_selector(const char *s, size_t len)
{
  size_t i = 0, a, b;
  while (next_item(s, len, &i, &a, &b))
    if (equals_ci(s + a, b - a, "body") || equals_ci(s + a, b - a, "html") ||
        equals_ci(s + a, b - a, ":root"))
      return 1;
  return 0;
}

/* An at-rule at s[at] == '@'; returns the index after it. */
static size_t filter_at_rule(css_filter *f, size_t at, size_t end, int depth)
{
  const char *s = f->s;
  size_t n = at + 1, open, close;
  galley_css_scan sc = {s, end, 0};
  char stop;
  while (n < end && galley_css_is_ident_char(s[n]))
    n++;
  /* the prelude runs to '{' or ';' */
  sc.pos = n;
  stop = galley_css_scan_to_flat(&sc, "{;}");
  f->dropped++;
  if (stop != '{')
    return stop == ';' ? sc.pos + 1 : sc.pos; /* a statement: dropped */
  open = sc.pos;
  if (!galley_css_skip_block(&sc))
    return end; /* never closed */
  close = sc.pos;
  {
    size_t ps = n, pe = open;
    trim(s, &ps, &pe);
    int is_media = equals_ci(s + at + 1, n - at - 1, "media");
    if (!is_well_formed(s + ps, pe - ps, "{};!<>@\\")) {
      /* a prelude of garbage: the block goes */
    } else if (is_media && is_print_only(s + ps, pe - ps)) {
      /* the PDF's: the EPUB is read on screens */
    } else if ((is_media || equals_ci(s + at + 1, n - at - 1, "supports")) &&
               depth < CSS_MAX_DEPTH && pe > ps) {
      int scheme = f->in_scheme;
      f->dropped--;
      galley_buf_put(f->out, s + at, n - at);
      galley_buf_putc(f->out, ' ');
      put_collapsed(f->out, s, ps, pe);
      galley_buf_puts(f->out, " {\n");
      if (is_media && has_word_ci(s + ps, pe - ps, "prefers-color-scheme"))
        f->in_scheme = 1;
      filter_rules(f, open + 1, close, depth + 1);
      f->in_scheme = scheme;
      galley_buf_puts(f->out, "}\n");
    }
  }
  return close + 1;
}

/* A list of rules s[start..end): qualified rules and at-rules. */
static void filter_rules(css_filter *f, size_t start, size_t end, int depth)
{
  const char *s = f->s;
  size_t i = start;
  while ((i = skip_space(s, end, i)) < end) {
    galley_css_scan sc = {s, end, i};
    size_t open, close, ps, pe;
    char stop;
    if (s[i] == '@') {
      i = filter_at_rule(f, i, end, depth);
      continue;
    }
    if (s[i] == '}' || s[i] == ';') { /* stray */
      f->dropped++;
      i++;
      continue;
    }
    /* a qualified rule: the selector runs to '{' */
    stop = galley_css_scan_to_flat(&sc, "{};");
    f->dropped++;
    if (stop == 0)
      return;
    if (stop != '{') {
      i = sc.pos + 1;
      continue;
    }
    open = sc.pos;
    if (!galley_css_skip_block(&sc))
      return; /* never closed */
    close = sc.pos;
    ps = i;
    pe = open;
    trim(s, &ps, &pe);
    if (pe > ps && is_well_formed(s + ps, pe - ps, "{};!<&?/@`") &&
        s[ps] != ',' && s[pe - 1] != ',') {
      f->dropped--;
      put_collapsed(f->out, s, ps, pe);
      galley_buf_puts(f->out, " {\n");
      f->on_root = is_root_selector(s + ps, pe - ps);
      filter_declarations(f, open + 1, close, depth > 0 ? "    " : "  ");
      f->on_root = 0;
      galley_buf_puts(f->out, "}\n");
    }
    i = close + 1;
  }
}

int epub_css_filter(const char *css, size_t len, galley_buf *out)
{
  css_filter f;
  if (!css)
    return 0;
  if (len >= 3 && memcmp(css, "\xEF\xBB\xBF", 3) == 0) { /* a BOM */
    css += 3;
    len -= 3;
  }
  f.s = css;
  f.len = len;
  f.out = out;
  f.dropped = 0;
  f.in_scheme = 0;
  f.on_root = 0;
  filter_rules(&f, 0, len, 0);
  return f.dropped;
}
