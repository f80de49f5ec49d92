/* pdf_style_values.c: declared values read into a computed style:
 * lengths (pt, px, em, %, ...), colours, font families mapped to the
 * bundled faces, margins, font sizes, break rules, and each property the
 * subset knows (pdf_style_apply_decl), every number clamped to a sane
 * range. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pdf_sheet.h"
#include "../util/alloc.h"
#include "../util/css.h"

/* ------------------------------------------------------------------ */
/* Values                                                              */
/* ------------------------------------------------------------------ */

static double clamp(double v, double lo, double hi)
{
  if (!(v == v)) /* NaN */
    return lo;
  return v < lo ? lo : v > hi ? hi : v;
}

/* Parses a length at *p (advancing it) in points. `em` is the font size
 * em refers to; `pct` what 100% means (0: percentages refused). Returns 1
 * on success. A bare 0 is a length. */
int pdf_style_parse_length(const char **p, double em, double pct, double *out)
{
  char *end;
  double v;
  const char *s = *p;
  while (isspace((unsigned char)*s))
    s++;
  v = strtod(s, &end);
  if (end == s || !isfinite(v))
    return 0;
  s = end;
  if (strncasecmp(s, "pt", 2) == 0) { s += 2; }
  else if (strncasecmp(s, "px", 2) == 0) { v *= 0.75; s += 2; }
  else if (strncasecmp(s, "mm", 2) == 0) { v *= 72.0 / 25.4; s += 2; }
  else if (strncasecmp(s, "cm", 2) == 0) { v *= 72.0 / 2.54; s += 2; }
  else if (strncasecmp(s, "in", 2) == 0) { v *= 72.0; s += 2; }
  else if (strncasecmp(s, "pc", 2) == 0) { v *= 12.0; s += 2; }
  else if (strncasecmp(s, "rem", 3) == 0) { v *= 11.0; s += 3; }
  else if (strncasecmp(s, "em", 2) == 0) { v *= em; s += 2; }
  else if (strncasecmp(s, "ex", 2) == 0) { v *= em * 0.5; s += 2; }
  else if (*s == '%') {
    if (pct <= 0)
      return 0;
    v = v * pct / 100.0;
    s++;
  } else if (v != 0) {
    return 0; /* a number without a unit is not a length */
  }
  if (galley_css_is_name_char(*s))
    return 0;
  *p = s;
  *out = v;
  return 1;
}

/* The darkest neutral grey still printed as a grey: a text colour of
 * equal channels at or below it (the #1a1a1a, #202020 that soften body
 * text on a screen) is printed as black, one ink at full strength, rather
 * than a 90 % screen that breaks up the thin strokes of the type. A grey
 * above it (#555555 for a credit) and any hue are kept: asked for on
 * purpose. */
#define PRINT_BLACK_MAX 0x33

static unsigned print_color(unsigned rgb)
{
  unsigned r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
  return r == g && g == b && r <= PRINT_BLACK_MAX ? 0 : rgb;
}

static int parse_color(const char *v, unsigned *out)
{
  static const struct { const char *name; unsigned rgb; } named[] = {
      {"black", 0x000000}, {"white", 0xffffff}, {"gray", 0x808080},
      {"grey", 0x808080},  {"red", 0xff0000},   {"green", 0x008000},
      {"blue", 0x0000ff},  {"navy", 0x000080},  {"maroon", 0x800000},
      {"darkgray", 0xa9a9a9}, {"darkgrey", 0xa9a9a9}, {"dimgray", 0x696969},
      {"dimgrey", 0x696969}, {"silver", 0xc0c0c0}, {"teal", 0x008080},
      {"purple", 0x800080}, {"olive", 0x808000}};
  size_t i, n = strlen(v);
  if (v[0] == '#') {
    unsigned x = 0;
    for (i = 1; i < n; i++) {
      int c = tolower((unsigned char)v[i]);
      if (!isxdigit(c))
        return 0;
      x = x * 16 + (unsigned)(isdigit(c) ? c - '0' : c - 'a' + 10);
    }
    if (n == 4) {
      *out = ((x >> 8 & 0xf) * 0x110000) | ((x >> 4 & 0xf) * 0x1100) | ((x & 0xf) * 0x11);
      return 1;
    }
    if (n == 7) {
      *out = x & 0xffffff;
      return 1;
    }
    return 0;
  }
  if (strncasecmp(v, "rgb", 3) == 0) {
    const char *p = strchr(v, '(');
    double c[3];
    int k;
    if (!p)
      return 0;
    p++;
    for (k = 0; k < 3; k++) {
      char *end;
      c[k] = strtod(p, &end);
      if (end == p)
        return 0;
      if (*end == '%') {
        c[k] = c[k] * 2.55;
        end++;
      }
      c[k] = clamp(c[k], 0, 255);
      p = end;
      while (*p == ',' || isspace((unsigned char)*p))
        p++;
    }
    *out = ((unsigned)lround(c[0]) << 16) | ((unsigned)lround(c[1]) << 8) |
           (unsigned)lround(c[2]);
    return 1;
  }
  for (i = 0; i < sizeof named / sizeof *named; i++)
    if (strcasecmp(v, named[i].name) == 0) {
      *out = named[i].rgb;
      return 1;
    }
  return 0;
}

/* Turns a CSS family list into a Pango one: quotes removed, generic
 * names replaced by the bundled faces. */
static void parse_family(const char *v, char *out)
{
  galley_buf b = GALLEY_BUF_INIT;
  const char *p = v;
  while (*p) {
    const char *start, *end;
    char name[PDF_FAMILY_MAX];
    size_t n;
    while (isspace((unsigned char)*p) || *p == ',')
      p++;
    if (!*p)
      break;
    if (*p == '"' || *p == '\'') {
      char q = *p++;
      start = p;
      while (*p && *p != q)
        p++;
      end = p;
      if (*p)
        p++;
    } else {
      start = p;
      while (*p && *p != ',')
        p++;
      end = p;
      while (end > start && isspace((unsigned char)end[-1]))
        end--;
    }
    n = (size_t)(end - start);
    if (n == 0 || n >= sizeof name)
      continue;
    memcpy(name, start, n);
    name[n] = '\0';
    if (strchr(name, ',') || strchr(name, ';'))
      continue; /* would split the Pango list */
    if (strcasecmp(name, "serif") == 0 || strcasecmp(name, "cursive") == 0 ||
        strcasecmp(name, "fantasy") == 0 || strcasecmp(name, "system-ui") == 0)
      strcpy(name, PDF_SERIF);
    else if (strcasecmp(name, "sans-serif") == 0)
      strcpy(name, PDF_SANS);
    else if (strcasecmp(name, "monospace") == 0)
      strcpy(name, PDF_MONO);
    if (b.len + n + 2 >= PDF_FAMILY_MAX)
      break;
    if (b.len)
      galley_buf_putc(&b, ',');
    galley_buf_puts(&b, name);
  }
  if (b.len) {
    memcpy(out, b.ptr, b.len + 1);
  }
  galley_buf_free(&b);
}

static pdf_break_rule parse_break(const char *v)
{
  if (strcasecmp(v, "always") == 0 || strcasecmp(v, "page") == 0 ||
      strcasecmp(v, "left") == 0 || strcasecmp(v, "right") == 0 ||
      strcasecmp(v, "recto") == 0 || strcasecmp(v, "verso") == 0)
    return PDF_BREAK_ALWAYS;
  if (strncasecmp(v, "avoid", 5) == 0)
    return PDF_BREAK_AVOID;
  return PDF_BREAK_AUTO;
}

/* Applies `margin` shorthand values (1 to 4 lengths). */
void pdf_style_apply_margins(const char *v, double em, double out[4], int allow_auto)
{
  double m[4];
  int n = 0;
  const char *p = v;
  while (n < 4) {
    while (isspace((unsigned char)*p))
      p++;
    if (!*p)
      break;
    if (strncasecmp(p, "auto", 4) == 0 && allow_auto) {
      m[n++] = 0;
      p += 4;
      continue;
    }
    if (!pdf_style_parse_length(&p, em, 0, &m[n]))
      return;
    n++;
  }
  if (n == 0)
    return;
  if (n == 1) m[1] = m[2] = m[3] = m[0];
  else if (n == 2) { m[2] = m[0]; m[3] = m[1]; }
  else if (n == 3) m[3] = m[1];
  memcpy(out, m, sizeof m);
}

/* Font-size keywords relative to the body's 11pt, as CSS's scale. */
static int font_size_keyword(const char *v, double parent, double *out)
{
  static const struct { const char *k; double f; } kw[] = {
      {"xx-small", 0.6}, {"x-small", 0.75}, {"small", 0.89}, {"medium", 1.0},
      {"large", 1.2}, {"x-large", 1.5}, {"xx-large", 2.0}};
  size_t i;
  if (strcasecmp(v, "smaller") == 0) { *out = parent / 1.2; return 1; }
  if (strcasecmp(v, "larger") == 0) { *out = parent * 1.2; return 1; }
  for (i = 0; i < sizeof kw / sizeof *kw; i++)
    if (strcasecmp(v, kw[i].k) == 0) {
      *out = 11.0 * kw[i].f;
      return 1;
    }
  return 0;
}

void pdf_style_apply_font_size(const decl *d, double parent_size, pdf_style *st)
{
  const char *p = d->value;
  double v;
  /* A negative size is invalid in CSS: the declaration is ignored (not
   * clamped to the smallest size, which would set the text in 2pt). */
  if ((font_size_keyword(d->value, parent_size, &v) ||
       pdf_style_parse_length(&p, parent_size, parent_size, &v)) && v >= 0)
    st->size = clamp(v, 2.0, 200.0);
}

void pdf_style_apply_decl(const decl *d, pdf_style *st)
{
  const char *n = d->name, *v = d->value, *p = v;
  double x;
  unsigned c;

  if (strcmp(n, "font-family") == 0) {
    parse_family(v, st->family);
  } else if (strcmp(n, "font-weight") == 0) {
    char *end;
    long w = strtol(v, &end, 10);
    if (strcasecmp(v, "bold") == 0 || strcasecmp(v, "bolder") == 0)
      st->weight = 700;
    else if (strcasecmp(v, "normal") == 0 || strcasecmp(v, "lighter") == 0)
      st->weight = 400;
    else if (end != v && *end == '\0')
      st->weight = (int)clamp((double)w, 100, 900);
  } else if (strcmp(n, "font-style") == 0) {
    if (strcasecmp(v, "italic") == 0 || strncasecmp(v, "oblique", 7) == 0)
      st->italic = 1;
    else if (strcasecmp(v, "normal") == 0)
      st->italic = 0;
  } else if (strcmp(n, "font-variant") == 0 || strcmp(n, "font-variant-caps") == 0) {
    if (strcasecmp(v, "small-caps") == 0)
      st->smallcaps = 1;
    else if (strcasecmp(v, "all-small-caps") == 0)
      st->smallcaps = 2;
    else if (strcasecmp(v, "normal") == 0)
      st->smallcaps = 0;
  } else if (strcmp(n, "line-height") == 0) {
    char *end;
    double f = strtod(v, &end);
    /* Negative line heights are invalid in CSS and ignored. */
    if (strcasecmp(v, "normal") == 0)
      st->line_height = 1.2;
    else if (end != v && *end == '\0' && isfinite(f)) {
      if (f >= 0)
        st->line_height = clamp(f, 0.5, 5.0);
    } else if (pdf_style_parse_length(&p, st->size, st->size, &x) && *p == '\0' && x >= 0)
      st->line_height = clamp(x / st->size, 0.5, 5.0);
  } else if (strcmp(n, "text-align") == 0) {
    if (strcasecmp(v, "left") == 0 || strcasecmp(v, "start") == 0)
      st->align = PDF_ALIGN_LEFT;
    else if (strcasecmp(v, "right") == 0 || strcasecmp(v, "end") == 0)
      st->align = PDF_ALIGN_RIGHT;
    else if (strcasecmp(v, "center") == 0)
      st->align = PDF_ALIGN_CENTER;
    else if (strcasecmp(v, "justify") == 0)
      st->align = PDF_ALIGN_JUSTIFY;
  } else if (strcmp(n, "text-indent") == 0) {
    if (pdf_style_parse_length(&p, st->size, 0, &x))
      st->indent = clamp(x, -100.0, 200.0);
  } else if (strcmp(n, "margin") == 0) {
    double m[4] = {st->margin_top, st->margin_right, st->margin_bottom,
                   st->margin_left};
    pdf_style_apply_margins(v, st->size, m, 1);
    st->margin_top = clamp(m[0], 0, 500);
    st->margin_right = clamp(m[1], 0, 500);
    st->margin_bottom = clamp(m[2], 0, 500);
    st->margin_left = clamp(m[3], 0, 500);
  } else if (strncmp(n, "margin-", 7) == 0) {
    double *slot = strcmp(n + 7, "top") == 0      ? &st->margin_top
                   : strcmp(n + 7, "right") == 0  ? &st->margin_right
                   : strcmp(n + 7, "bottom") == 0 ? &st->margin_bottom
                   : strcmp(n + 7, "left") == 0   ? &st->margin_left
                                                  : NULL;
    if (slot && strcasecmp(v, "auto") == 0)
      *slot = 0;
    else if (slot && pdf_style_parse_length(&p, st->size, 0, &x))
      *slot = clamp(x, 0, 500); /* negative margins are not honoured */
  } else if (strcmp(n, "color") == 0) {
    if (parse_color(v, &c))
      st->color = print_color(c);
  } else if (strcmp(n, "hyphens") == 0 || strcmp(n, "-epub-hyphens") == 0 ||
             strcmp(n, "-webkit-hyphens") == 0) {
    st->hyphens = strcasecmp(v, "auto") == 0;
  } else if (strcmp(n, "-galley-font-expansion") == 0) {
    /* a percentage, a share (0.02), or none */
    char *end;
    double f = strtod(v, &end);
    if (strcasecmp(v, "none") == 0)
      st->expansion = 0;
    else if (end != v && isfinite(f) && f >= 0 &&
             (*end == '\0' || (end[0] == '%' && end[1] == '\0')))
      st->expansion = clamp(*end == '%' ? f / 100.0 : f, 0, PDF_MAX_EXPANSION);
  } else if (strcmp(n, "page-break-before") == 0 || strcmp(n, "break-before") == 0) {
    st->break_before = parse_break(v);
  } else if (strcmp(n, "page-break-after") == 0 || strcmp(n, "break-after") == 0) {
    st->break_after = parse_break(v);
  } else if (strcmp(n, "page-break-inside") == 0 || strcmp(n, "break-inside") == 0) {
    st->break_inside = parse_break(v) == PDF_BREAK_AUTO ? PDF_BREAK_AUTO
                                                          : PDF_BREAK_AVOID;
  } else if (strcmp(n, "text-decoration") == 0 ||
             strcmp(n, "text-decoration-line") == 0) {
    if (strstr(v, "line-through"))
      st->strike = 1;
    else if (strcasecmp(v, "none") == 0)
      st->strike = 0;
  } else if (strcmp(n, "padding") == 0) {
    double m[4];
    memcpy(m, st->padding, sizeof m);
    pdf_style_apply_margins(v, st->size, m, 0);
    for (c = 0; c < 4; c++)
      st->padding[c] = clamp(m[c], 0, 100);
  } else if (strncmp(n, "padding-", 8) == 0) {
    int k = strcmp(n + 8, "top") == 0      ? 0
            : strcmp(n + 8, "right") == 0  ? 1
            : strcmp(n + 8, "bottom") == 0 ? 2
            : strcmp(n + 8, "left") == 0   ? 3
                                           : -1;
    if (k >= 0 && pdf_style_parse_length(&p, st->size, 0, &x))
      st->padding[k] = clamp(x, 0, 100);
  } else if (strcmp(n, "border-top") == 0 || strcmp(n, "border-bottom") == 0 ||
             strcmp(n, "border-top-width") == 0 ||
             strcmp(n, "border-bottom-width") == 0 || strcmp(n, "border") == 0) {
    /* Only a rule's width: the first length of the shorthand ("0.8pt
     * solid"); "none" or no length, no rule. Tables draw them. */
    double w = 0;
    while (*p) {
      const char *q = p;
      if (pdf_style_parse_length(&q, st->size, 0, &x)) {
        w = x;
        break;
      }
      while (*p && !isspace((unsigned char)*p))
        p++;
      while (isspace((unsigned char)*p))
        p++;
    }
    w = clamp(w, 0, 20);
    if (strcmp(n, "border") == 0)
      st->border_top = st->border_bottom = w;
    else if (strncmp(n, "border-top", 10) == 0)
      st->border_top = w;
    else
      st->border_bottom = w;
  } else if (strcmp(n, "widows") == 0 || strcmp(n, "orphans") == 0) {
    char *end;
    long k = strtol(v, &end, 10);
    if (end != v && *end == '\0') {
      int val = (int)clamp((double)k, 1, 10);
      if (n[0] == 'w')
        st->widows = val;
      else
        st->orphans = val;
    }
  }
}
